//! `roomz-hook init`: writes a profile of the config file (0600) from flags, environment
//! and, on a terminal, answers to prompts. Values not given keep what the profile had.

use super::Context;
use crate::core::secret::Secret;
use crate::error::{Error, ExitCode, Result};
use crate::output::{self, prompt};
use crate::settings::save::{self, ProfileValues};
use crate::settings::{Setting, Settings, Source};
use clap::Args;
use std::io::IsTerminal;

#[derive(Debug, Args)]
#[command(after_help = "\
Values come from the flags (--secret-file, --webhook-url, --api-url, --token-file, \
--profile), then the environment (ROOMZ_WEBHOOK_SECRET, ROOMZ_API_URL, ROOMZ_API_TOKEN), \
then what the profile already holds. On a terminal, init asks for the rest (the secret and \
the token hidden); with --no-input, or without a terminal, it never asks.")]
pub struct InitArgs {
    /// The URL ROOMZ delivers webhooks to (your integration's endpoint).
    #[arg(long, value_name = "URL")]
    pub webhook_url: Option<String>,

    /// Make a new random whsec_ secret (replacing the profile's); only its fingerprint is shown.
    #[arg(long, conflicts_with_all = ["secret", "secret_file"])]
    pub generate_secret: bool,
}

pub fn exec(args: InitArgs, ctx: &Context) -> Result<ExitCode> {
    let interactive =
        !ctx.global.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let mut overrides = ctx.overrides();
    overrides.allow_new_profile = true;
    overrides.webhook_url = args.webhook_url.clone();
    if interactive && overrides.profile.is_none() {
        let current = Settings::resolve(&overrides, &ctx.env).map_err(Error::usage)?;
        overrides.profile = Some(prompt::profile(&current.profile)?);
    }
    let settings = Settings::resolve(&overrides, &ctx.env).map_err(Error::usage)?;
    let mut values = ProfileValues::from_settings(&settings);
    if args.generate_secret {
        values.secret = Some(Setting::new(
            Secret::generate(),
            Source::Flag("--generate-secret"),
        ));
    }
    if interactive {
        prompt::ask(&mut values)?;
    }
    if values.secret.is_none() {
        return Err(missing_secret(&settings, ctx.global.no_input));
    }
    let saved = save::save_profile(&settings, &values).map_err(Error::usage)?;
    let env_secret_wins = args.generate_secret && ctx.env.get("ROOMZ_WEBHOOK_SECRET").is_some();
    output::init::saved(&ctx.out, &saved, env_secret_wins)?;
    Ok(ExitCode::Success)
}

/// Exit 2, naming every way to give a secret (CONTRACT section 2: no prompt, say which
/// flag or variable to set).
fn missing_secret(settings: &Settings, no_input: bool) -> Error {
    let why = if no_input {
        "--no-input was given"
    } else {
        "stdin or stderr is not a terminal, so init cannot ask"
    };
    Error::usage_msg(format!(
        "no webhook secret to save in profile '{}' of {} ({why}): pass --secret-file PATH, \
         set ROOMZ_WEBHOOK_SECRET, or pass --generate-secret to make a new one \
         (init also takes --webhook-url, --api-url, --token-file and --profile)",
        settings.profile,
        settings.config_path.display()
    ))
}
