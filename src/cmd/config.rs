//! `roomz-hook config show|path|get`: the settings in effect and where each came from,
//! where the config file is, and one setting's value for a shell.

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
    /// One setting's value in effect, alone on a line, for a shell:
    /// `KEY=$(roomz-hook config get api_token)`. The API token is printed in full; the
    /// webhook secret never is.
    Get {
        /// A name that `config show` lists: api_token, api_url, webhook_url, listen_url,
        /// auth_scheme, store, profile, config.
        #[arg(value_name = "NAME")]
        name: String,
    },
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
        ConfigAction::Get { name } => {
            let settings = ctx.settings()?;
            let value = settings.get(&name).map_err(Error::usage_msg)?;
            output::config::value(&ctx.out, &name, value.as_deref(), &settings.profile)?;
        }
        ConfigAction::Path => {
            let found = settings::config_path(&ctx.overrides(), &ctx.env).map_err(Error::usage)?;
            output::config::path(&ctx.out, &found, found.value.exists())?;
        }
    }
    Ok(ExitCode::Success)
}
