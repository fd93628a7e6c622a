//! `roomz-hook init`: writes a profile of the config file (0600) from flags, environment
//! and, on a terminal, answers to prompts. Values not given keep what the profile had.

use super::Context;
use crate::core::secret::Secret;
use crate::error::{Error, ExitCode, Result};
use crate::output::{self, prompt};
use crate::settings::save::{self, ProfileValues};
use crate::settings::{ConfigFile, Setting, Settings, Source};
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

    /// Make a new random whsec_ secret; only its fingerprint is shown. Replacing a secret
    /// the profile already holds asks first on a terminal, and needs --force otherwise.
    #[arg(long, conflicts_with_all = ["secret", "secret_file"])]
    pub generate_secret: bool,

    /// Let --generate-secret replace the profile's secret without asking.
    #[arg(long, requires = "generate_secret")]
    pub force: bool,
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
    let previous = saved_secret(&settings)?;
    if args.generate_secret {
        if let Some(old) = &previous {
            confirm_replacement(&settings, old, args.force, interactive)?;
        }
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
    let replaced = previous
        .filter(|old| Some(old.fingerprint()) != saved.secret_fingerprint)
        .map(|old| old.fingerprint());
    output::init::saved(&ctx.out, &saved, replaced.as_deref(), env_secret_wins)?;
    Ok(ExitCode::Success)
}

/// The secret the profile holds in the file now (not one from a flag or the environment).
fn saved_secret(settings: &Settings) -> Result<Option<Secret>> {
    let file = ConfigFile::load(&settings.config_path).map_err(Error::usage)?;
    Ok(file
        .profiles
        .get(&settings.profile)
        .and_then(|profile| profile.secret.clone())
        .filter(|secret| !secret.is_empty())
        .map(Secret::new))
}

/// A generated secret replaces a saved one only when the user said so: every receiver
/// configured with the old secret will reject what is signed with the new one.
fn confirm_replacement(settings: &Settings, old: &Secret, force: bool, ask: bool) -> Result<()> {
    if force {
        return Ok(());
    }
    let question = format!(
        "Profile '{}' already has a secret ({}). Replace it with a new one? Receivers set up \
         with the old one will reject the new signatures",
        settings.profile,
        old.fingerprint()
    );
    if ask {
        return match prompt::confirm(&question)? {
            true => Ok(()),
            false => Err(Error::usage_msg(
                "kept the current secret; nothing was written",
            )),
        };
    }
    Err(Error::usage_msg(format!(
        "profile '{}' of {} already has a secret ({}): pass --force with --generate-secret to \
         replace it (receivers set up with the old one will reject the new signatures)",
        settings.profile,
        settings.config_path.display(),
        old.fingerprint()
    )))
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
