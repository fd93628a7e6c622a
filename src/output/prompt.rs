//! `init`'s questions on a terminal (dialoguer, on stderr): the profile, then each value
//! no flag or variable gave, the secret and the token hidden. Not reachable from the test
//! suite, which has no terminal: keep it to asking, with the checks and the writing done
//! by `init` and `settings::save`.

use crate::core::secret::Secret;
use crate::error::{Error, Result};
use crate::settings::save::ProfileValues;
use crate::settings::{is_http_url, Setting, Source};
use dialoguer::{Confirm, Input, Password};

/// The profile to write, the one in effect as the default.
pub fn profile(current: &str) -> Result<String> {
    Input::<String>::new()
        .with_prompt("Profile")
        .default(current.to_string())
        .validate_with(|name: &String| match name.trim().is_empty() {
            true => Err("give a profile name"),
            false => Ok(()),
        })
        .interact_text()
        .map(|name| name.trim().to_string())
        .map_err(Error::usage)
}

/// A yes/no question; no is the default.
pub fn confirm(question: &str) -> Result<bool> {
    Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()
        .map_err(Error::usage)
}

/// Asks for each value that no flag or variable gave; the profile's are the defaults.
pub fn ask(values: &mut ProfileValues) -> Result<()> {
    if !given(&values.secret) {
        values.secret = Some(secret(values.secret.take())?);
    }
    if !given(&values.webhook_url) {
        values.webhook_url = url(
            "Webhook URL (where ROOMZ delivers)",
            values.webhook_url.take(),
        )?;
    }
    if !given(&values.api_url) {
        values.api_url = url("ROOMZ API URL", values.api_url.take())?;
    }
    if !given(&values.api_token) {
        let current = values.api_token.take();
        let hint = match &current {
            Some(_) => "hidden; empty keeps the current one",
            None => "hidden; empty leaves it unset",
        };
        values.api_token = hidden(&format!("ROOMZ API token ({hint})"))?
            .map(|token| Setting::new(Secret::new(token), Source::Prompt))
            .or(current);
    }
    Ok(())
}

/// Given by a flag or the environment (those are not asked again).
fn given<T>(value: &Option<Setting<T>>) -> bool {
    matches!(value, Some(s) if matches!(s.source, Source::Flag(_) | Source::Env(_)))
}

fn secret(current: Option<Setting<Secret>>) -> Result<Setting<Secret>> {
    let hint = match &current {
        Some(s) => format!("empty keeps the current one, {}", s.value.fingerprint()),
        None => "empty generates a new whsec_ secret".to_string(),
    };
    match (
        hidden(&format!("Webhook secret (hidden; {hint})"))?,
        current,
    ) {
        (Some(answer), _) => Ok(Setting::new(Secret::new(answer), Source::Prompt)),
        (None, Some(current)) => Ok(current),
        (None, None) => Ok(Setting::new(Secret::generate(), Source::Prompt)),
    }
}

fn hidden(prompt: &str) -> Result<Option<String>> {
    let answer = Password::new()
        .with_prompt(prompt)
        .allow_empty_password(true)
        .interact()
        .map_err(Error::usage)?;
    Ok(Some(answer).filter(|a| !a.is_empty()))
}

fn url(prompt: &str, current: Option<Setting<String>>) -> Result<Option<Setting<String>>> {
    let hint = match &current {
        Some(_) => "",
        None => " (empty leaves it unset)",
    };
    let mut input = Input::<String>::new()
        .with_prompt(format!("{prompt}{hint}"))
        .allow_empty(true)
        .validate_with(
            |value: &String| match value.is_empty() || is_http_url(value) {
                true => Ok(()),
                false => Err("must start with http:// or https://"),
            },
        );
    if let Some(current) = &current {
        input = input.default(current.value.clone());
    }
    let answer = input.interact_text().map_err(Error::usage)?;
    Ok(match current {
        Some(current) if current.value == answer => Some(current),
        _ if answer.is_empty() => None,
        _ => Some(Setting::new(answer, Source::Prompt)),
    })
}
