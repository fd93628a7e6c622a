//! The command line: global flags and the subcommands, as clap derive types. Each
//! subcommand's own flags live beside its `exec` in `cmd/`.

use crate::cmd;
use crate::output::ColorChoice;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

pub mod candidates;

#[derive(Debug, Parser)]
#[command(
    name = "roomz-hook",
    version,
    about = "Sign, verify, receive and replay ROOMZ webhooks",
    long_about = "Sign, verify, receive and replay ROOMZ webhooks.\n\n\
        ROOMZ signs each webhook with HMAC-SHA512 over the exact raw body, base64-encoded, \
        in the Roomz-Signature header (X-Roomz-Signature in older documents).\n\n\
        Exit codes: 0 success, 1 a check failed, 2 usage or input error, 3 network error.",
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand takes.
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Machine output: one JSON object (or one per line for streams) on stdout.
    #[arg(long, global = true)]
    pub json: bool,

    /// When to colour output.
    #[arg(long, global = true, default_value = "auto", value_name = "WHEN",
          value_parser = PossibleValuesParser::new(["auto", "always", "never"]).map(|s| s.parse::<ColorChoice>().expect("a listed value")))]
    pub color: ColorChoice,

    /// Say more on stderr: -v adds each HTTP request's and answer's head, -vv their
    /// bodies (secrets masked); every command names the secret (by its fingerprint) and
    /// the store it used, and where each came from.
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,

    /// Print only errors and machine output.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// File holding the webhook secret (one final LF or CRLF is dropped; other whitespace
    /// is part of the secret).
    #[arg(long, global = true, value_name = "PATH", conflicts_with = "secret")]
    pub secret_file: Option<PathBuf>,

    /// The webhook secret itself. WARNING: command-line arguments are visible to other
    /// users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET.
    #[arg(long, global = true, value_name = "VALUE")]
    pub secret: Option<String>,

    /// ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL].
    #[arg(long, global = true, value_name = "URL")]
    pub api_url: Option<String>,

    /// File holding the ROOMZ API key (one final LF or CRLF is dropped); beats
    /// ROOMZ_API_TOKEN and the profile's api_token.
    #[arg(long, global = true, value_name = "PATH")]
    pub token_file: Option<PathBuf>,

    /// Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default].
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml].
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db].
    #[arg(long, global = true, value_name = "PATH", conflicts_with = "no_store")]
    pub store: Option<PathBuf>,

    /// Keep no event store (listen records nothing; events and --from-store are unavailable).
    #[arg(long, global = true)]
    pub no_store: bool,

    /// Never prompt; fail with a message naming the flag or variable to set instead.
    #[arg(long, global = true)]
    pub no_input: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the signature of a body (the exact bytes of FILE or stdin).
    Sign(cmd::sign::SignArgs),
    /// Check the signatures of captured requests, and explain mismatches.
    Verify(cmd::verify::VerifyArgs),
    /// Receive webhooks locally: verify, validate, store and print each request.
    Listen(cmd::listen::ListenArgs),
    /// Browse, export and prune the requests the listener stored.
    Events(cmd::events::EventsArgs),
    /// Deliver events, NDJSON, captures or stored requests to a URL, signed, with retries.
    Replay(cmd::replay::ReplayArgs),
    /// Send one realistic sample event of a type, signed, and show the answer.
    Trigger(cmd::trigger::TriggerArgs),
    /// Write a profile of the config file (0600): secret, webhook URL, API URL and token.
    Init(cmd::init::InitArgs),
    /// Show the settings in effect and where each came from, or the config file's path.
    Config(cmd::config::ConfigArgs),
    /// Fetch an event's details from the ROOMZ API (what your integration does next).
    Fetch(cmd::fetch::FetchArgs),
    /// Run a local stand-in for ROOMZ: its REST API, workspaces that change, signed events.
    Simulate(cmd::simulate::SimulateArgs),
    /// Grade your receiver the way ROOMZ exercises it: signed, forged, duplicate, late events.
    Check(cmd::check::CheckArgs),
    /// Print the line that turns on completion in a shell (`source <(roomz-hook completions bash)`).
    Completions(cmd::completions::CompletionsArgs),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Every subcommand's help has the same layout: each flag's text is one paragraph
    /// (a second one would switch that subcommand's `--help` to clap's long layout, a blank
    /// line between flags), and each value is named (`--max-body <SIZE>`, not the field's
    /// name `<MAX_BODY>`).
    #[test]
    fn every_subcommand_has_one_help_layout() {
        fn visit(command: &clap::Command, path: &str, problems: &mut Vec<String>) {
            for arg in command.get_arguments() {
                let name = arg.get_id().as_str();
                if matches!(name, "help" | "version") {
                    continue;
                }
                if arg.get_long_help().is_some() {
                    problems.push(format!("{path} --{name}: help of more than one paragraph"));
                }
                let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
                let named = arg
                    .get_value_names()
                    .is_some_and(|names| names.iter().all(|n| !n.contains('_')));
                if takes_value && arg.get_long().is_some() && !named {
                    problems.push(format!("{path} --{name}: no value_name"));
                }
            }
            for sub in command.get_subcommands() {
                visit(sub, &format!("{path} {}", sub.get_name()), problems);
            }
        }
        let mut command = Cli::command();
        command.build();
        let mut problems = Vec::new();
        visit(&command, "roomz-hook", &mut problems);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
