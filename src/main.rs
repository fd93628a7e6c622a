//! The `roomz-hook` binary: the command line in, an exit code out; the rest is the library.

fn main() {
    // Answers the shell's completion requests (`COMPLETE=bash roomz-hook -- ...`) and exits.
    clap_complete::CompleteEnv::with_factory(
        <roomz_hook::cli::Cli as clap::CommandFactory>::command,
    )
    .complete();
    let cli = <roomz_hook::cli::Cli as clap::Parser>::parse();
    let code = match roomz_hook::run(cli) {
        Ok(code) => code,
        Err(error) => {
            roomz_hook::output::print_error(&error);
            error.code
        }
    };
    std::process::exit(code.code());
}
