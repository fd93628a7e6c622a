//! `roomz-hook config show|path`: the settings in effect and where each came from, and
//! where the config file is.

use super::Context;
use crate::error::{Error, ExitCode, Result};
use crate::output;
use crate::settings;
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// The settings in effect and where each came from (flag, environment, profile,
    /// default); the secret and the token masked, the secret's fingerprint shown.
    Show,
    /// The config file's path (printed even when the file is missing or does not parse).
    Path,
}

pub fn exec(args: ConfigArgs, ctx: &Context) -> Result<ExitCode> {
    match args.action {
        ConfigAction::Show => {
            let settings = ctx.settings()?;
            output::config::show(
                &ctx.out,
                &settings.config_path,
                settings.config_file_state(),
                &settings.entries(),
            )?;
        }
        ConfigAction::Path => {
            let found = settings::config_path(&ctx.overrides(), &ctx.env).map_err(Error::usage)?;
            output::config::path(&ctx.out, &found, found.value.exists())?;
        }
    }
    Ok(ExitCode::Success)
}
