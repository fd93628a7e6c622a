//! The command line: global flags and the subcommands, as clap derive types. Each
//! subcommand's own flags live beside its `exec` in `cmd/`.

use crate::cmd;
use crate::output::ColorChoice;
use clap::{Args, FromArgMatches, Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;

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
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Say more on stderr (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,

    /// Print only errors and machine output.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// File holding the webhook secret (one final newline is ignored).
    #[arg(long, global = true, value_name = "PATH", conflicts_with = "secret")]
    pub secret_file: Option<PathBuf>,

    /// The webhook secret itself. WARNING: command-line arguments are visible to other
    /// users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET.
    #[arg(long, global = true, value_name = "VALUE")]
    pub secret: Option<String>,

    /// ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL].
    #[arg(long, global = true, value_name = "URL")]
    pub api_url: Option<String>,

    /// File holding the ROOMZ API token (one final newline is ignored); beats
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
    /// Print a shell completion script.
    Completions(cmd::completions::CompletionsArgs),
}

/// Each subcommand's name (as clap derives it from [`Command`]) and the function that adds
/// its arguments to a clap command: what [`Cli::from_args`] builds a one-subcommand tree
/// from. A test checks it against the derived tree.
type AugmentArgs = fn(clap::Command) -> clap::Command;
const SUBCOMMANDS: [(&str, AugmentArgs); 11] = [
    ("sign", cmd::sign::SignArgs::augment_args),
    ("verify", cmd::verify::VerifyArgs::augment_args),
    ("listen", cmd::listen::ListenArgs::augment_args),
    ("events", cmd::events::EventsArgs::augment_args),
    ("replay", cmd::replay::ReplayArgs::augment_args),
    ("trigger", cmd::trigger::TriggerArgs::augment_args),
    ("init", cmd::init::InitArgs::augment_args),
    ("config", cmd::config::ConfigArgs::augment_args),
    ("fetch", cmd::fetch::FetchArgs::augment_args),
    ("simulate", cmd::simulate::SimulateArgs::augment_args),
    (
        "completions",
        cmd::completions::CompletionsArgs::augment_args,
    ),
];

impl Cli {
    /// Parses the command line (`args[0]` is the program), exiting with clap's message
    /// (and code 2) on an error, or after printing help or the version.
    ///
    /// clap builds its whole tree, every subcommand's arguments included, before it
    /// parses: for `sign` on a small body that was a third of the process's time (CI loops
    /// call it thousands of times). So the arguments are first parsed against a tree that
    /// holds only the subcommand they name, and the full tree is built only when that
    /// declines: help, the version, any error. Those outputs therefore come from the full
    /// tree, exactly as before.
    pub fn from_args(args: Vec<OsString>) -> Cli {
        Self::parse_one_subcommand(&args).unwrap_or_else(|| Cli::parse_from(args))
    }

    /// The parse against a root with the global flags and only the first subcommand named
    /// among `args`; `None` when none is named or that parse fails. A success is the full
    /// tree's result: the trees differ only in the other subcommands, and a word that
    /// would have named one of them is an error in this tree, not a value (a test compares
    /// the two on each subcommand's arguments).
    fn parse_one_subcommand(args: &[OsString]) -> Option<Cli> {
        let (name, augment) = args
            .iter()
            .skip(1)
            .find_map(|arg| SUBCOMMANDS.iter().find(|(name, _)| arg == name))?;
        let root = GlobalArgs::augment_args(clap::Command::new("roomz-hook"))
            .subcommand(augment(clap::Command::new(*name)));
        let matches = root.try_get_matches_from(args).ok()?;
        Cli::from_arg_matches(&matches).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// A subcommand left out of `SUBCOMMANDS` would still parse (through the full tree),
    /// only slower; one listed under a wrong name would never be used.
    #[test]
    fn the_one_subcommand_table_lists_every_subcommand() {
        let derived: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect();
        let listed: Vec<String> = SUBCOMMANDS.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(listed, derived);
    }

    fn args(line: &str) -> Vec<OsString> {
        std::iter::once("roomz-hook")
            .chain(line.split(' ').filter(|w| !w.is_empty()))
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn the_one_subcommand_parse_gives_the_full_parse_result() {
        let lines = [
            "sign",
            "sign body.json",
            "sign --secret-file s -",
            "--json sign --algorithm sha256 --encoding hex f",
            "sign --curl http://127.0.0.1:1/hook f --color never -q",
            "--profile sign sign f",
            "sign verify",
            "verify --secret whsec_x --signature abc --body f",
            "verify caps/ --json -v -v",
            "listen --port 0 --forward-to http://127.0.0.1:9/x --no-store",
            "events list --limit 5",
            "events export",
            "replay http://127.0.0.1:9/ events.ndjson --concurrency 8",
            "trigger workspace.presence.changed --url http://127.0.0.1:9/",
            "init --no-input --secret-file s",
            "config path",
            "config show --json",
            "fetch 0b0f6c4e-8d3a-4a57-9a8e-2f1f0c9d4b11",
            "simulate --count 3",
            "completions zsh",
            "--store /tmp/x.db --config c.toml listen",
        ];
        for line in lines {
            let args = args(line);
            let full = Cli::try_parse_from(&args);
            let quick = Cli::parse_one_subcommand(&args);
            match (&full, &quick) {
                (Ok(full), Some(quick)) => {
                    assert_eq!(format!("{full:?}"), format!("{quick:?}"), "{line}")
                }
                _ => panic!("{line}: full {full:?}, one-subcommand {quick:?}"),
            }
        }
    }

    /// Help, the version and every error go to the full tree, so that their text lists
    /// every subcommand and clap's suggestions see them all.
    #[test]
    fn the_one_subcommand_parse_declines_help_versions_and_errors() {
        let lines = [
            "",
            "--help",
            "--version",
            "sign --help",
            "sign -V",
            "help sign",
            "sign --no-such-flag",
            "sign --algorithm md5",
            "sign a b",
            "sing f",
        ];
        for line in lines {
            let args = args(line);
            assert!(Cli::parse_one_subcommand(&args).is_none(), "{line}");
            assert!(Cli::try_parse_from(&args).is_err(), "{line}");
        }
        // A flag's value that names another subcommand than the one that follows: the
        // one-subcommand tree holds the wrong one and fails, and the full tree parses it.
        let args = args("--profile verify sign f");
        assert!(Cli::parse_one_subcommand(&args).is_none());
        assert!(matches!(
            Cli::try_parse_from(&args),
            Ok(Cli {
                command: Command::Sign(_),
                ..
            })
        ));
    }
}
