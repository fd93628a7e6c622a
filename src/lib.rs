//! roomz-hook: a command-line toolkit for ROOMZ webhooks, as a library in layers.
//!
//! - [`core`]: signatures, events, captures, records: no I/O, no async, no printing;
//! - [`store`]: the SQLite store of received requests and its one batching writer;
//! - [`net`]: the server, the one HTTP client and the one backoff policy;
//! - [`app`]: the services (listen, replay, simulate, the ROOMZ API client), which run
//!   and return a summary;
//! - [`output`]: the printers; [`settings`]: flags, environment and file merged once;
//! - [`cmd`]: one thin module per subcommand, wiring flags to one service call.

#![forbid(unsafe_code)]

pub mod cli;
pub mod error;

pub mod app;
pub mod core;
pub mod net;
pub mod output;
pub mod settings;
pub mod store;

pub mod cmd;

use cli::{Cli, Command};
use error::{ExitCode, Result};
use settings::Env;

/// Runs one parsed command line: the whole program but for printing the final error.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let env = Env::from_process();
    let color = cli.global.color.enabled(
        env.get("NO_COLOR").is_some(),
        env.get("TERM") == Some("dumb"),
        std::io::IsTerminal::is_terminal(&std::io::stdout()),
    );
    colored::control::set_override(color);
    let out = output::Output::new(cli.global.json, cli.global.quiet, cli.global.verbose);
    let ctx = cmd::Context {
        global: cli.global,
        env,
        out,
    };
    match cli.command {
        Command::Sign(args) => cmd::sign::exec(args, &ctx),
        Command::Verify(args) => cmd::verify::exec(args, &ctx),
        Command::Listen(args) => cmd::listen::exec(args, &ctx),
        Command::Events(args) => cmd::events::exec(args, &ctx),
        Command::Replay(args) => cmd::replay::exec(args, &ctx),
        Command::Trigger(args) => cmd::trigger::exec(args, &ctx),
        Command::Init(args) => cmd::init::exec(args, &ctx),
        Command::Config(args) => cmd::config::exec(args, &ctx),
        Command::Fetch(args) => cmd::fetch::exec(args, &ctx),
        Command::Simulate(args) => cmd::simulate::exec(args, &ctx),
        Command::Check(args) => cmd::check::exec(args, &ctx),
        Command::Completions(args) => cmd::completions::exec(args),
    }
}
