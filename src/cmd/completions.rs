//! `roomz-hook completions SHELL`: a completion script generated from the clap definition.

use crate::cli::Cli;
use crate::error::{ExitCode, Result};
use clap::{Args, CommandFactory};
use clap_complete::Shell;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn exec(args: CompletionsArgs) -> Result<ExitCode> {
    std::io::Write::write_all(&mut std::io::stdout().lock(), &script(args.shell))
        .map_err(crate::output::stdout_error)?;
    Ok(ExitCode::Success)
}

/// The completion script for `shell`, as checked in under `completions/`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "roomz-hook", &mut out);
    out
}

/// The file name each shell's script has under `completions/`.
pub fn file_name(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => "roomz-hook.bash",
        Shell::Zsh => "_roomz-hook",
        Shell::Fish => "roomz-hook.fish",
        Shell::PowerShell => "_roomz-hook.ps1",
        Shell::Elvish => "roomz-hook.elv",
        _ => "roomz-hook.unknown",
    }
}
