use clap::Parser;

// mimalloc instead of glibc's malloc: the listener makes a few dozen small allocations per
// request (hyper's, serde's, SQLite's), and under bench/listen.sh glibc's malloc, free and
// malloc_consolidate took about 17% of the serving thread. With mimalloc listen served
// about 20% more requests per second; process start-up (sign, verify) did not change.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
