//! `roomz-hook completions SHELL`: the line that turns completion on in a shell.
//!
//! Completion is clap_complete's dynamic completion: the shell calls the binary back
//! (`COMPLETE=bash roomz-hook -- roomz-hook events ...`, answered in `main`), so the
//! candidates always match this binary's flags, and can be values clap cannot know by
//! itself: the event types, the ids of recently stored events. A static script generated
//! once (what this printed before) completed nothing after the subcommand in bash, since
//! clap_complete's static bash script mishandles a hyphenated binary name (clap issues
//! 6421 and 6529).

use crate::error::{Error, ExitCode, Result};
use clap::Args;
use clap_complete::env::Shells;
use clap_complete::Shell;
use std::path::PathBuf;

/// The environment variable the registration script sets when it calls the binary back.
const COMPLETE_VAR: &str = "COMPLETE";
const BIN: &str = "roomz-hook";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn exec(args: CompletionsArgs) -> Result<ExitCode> {
    let script = registration(args.shell, &completer())?;
    std::io::Write::write_all(&mut std::io::stdout().lock(), &script)
        .map_err(crate::output::stdout_error)?;
    Ok(ExitCode::Success)
}

/// The shell code that registers `completer` as the completer of `roomz-hook`.
pub fn registration(shell: Shell, completer: &str) -> Result<Vec<u8>> {
    let name = shell.to_string();
    let shells = Shells::builtins();
    let Some(env_shell) = shells.completer(&name) else {
        return Err(Error::usage_msg(format!("no completion for {name}")));
    };
    let mut out = Vec::new();
    env_shell
        .write_registration(COMPLETE_VAR, BIN, BIN, completer, &mut out)
        .map_err(|e| Error::usage_msg(format!("cannot write the {name} completion: {e}")))?;
    Ok(out)
}

/// The program the shell should call back: this binary as it was invoked, made absolute
/// when it was run by a path (`./target/release/roomz-hook`), else its name on the PATH.
fn completer() -> String {
    let invoked = std::env::args_os().next().map(PathBuf::from);
    match invoked {
        Some(path) if path.components().count() > 1 => std::path::absolute(&path)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned(),
        _ => BIN.to_owned(),
    }
}
