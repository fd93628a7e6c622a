fn main() {
    let cli = roomz_hook::cli::Cli::parse_args();
    let code = match roomz_hook::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!(
                "{} {error}",
                colored::Colorize::bold(colored::Colorize::red("error:"))
            );
            error.code
        }
    };
    std::process::exit(code.code());
}
