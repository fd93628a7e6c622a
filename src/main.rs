use clap::Parser;

fn main() {
    let cli = roomz_hook::cli::Cli::parse();
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
