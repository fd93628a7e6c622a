//! `roomz-hook init`: writes a profile of the config file (0600) from flags, environment
//! and, on a terminal, answers to prompts. Values not given keep what the profile had.

use super::Context;
use crate::core::secret::Secret;
use crate::error::{Error, ExitCode, Result};
use crate::output::sanitize;
use crate::settings::{update_profile, ConfigFile, Profile, Setting, Settings, Source};
use clap::Args;
use serde_json::{json, Map, Value};
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

/// The values `init` writes, each with where it came from.
#[derive(Debug, Default)]
struct Values {
    secret: Option<Setting<Secret>>,
    webhook_url: Option<Setting<String>>,
    api_url: Option<Setting<String>>,
    api_token: Option<Setting<Secret>>,
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
    let mut values = Values {
        secret: settings.secret.clone(),
        webhook_url: settings.webhook_url.clone(),
        api_url: settings.api_url.clone(),
        api_token: settings.api_token.clone(),
    };
    if args.generate_secret {
        values.secret = Some(generated(Source::Flag("--generate-secret"))?);
    }
    if interactive {
        prompt::ask(&mut values)?;
    }
    if values.secret.is_none() {
        return Err(missing_secret(&settings, ctx.global.no_input));
    }

    let before = ConfigFile::load(&settings.config_path)
        .map_err(Error::usage)?
        .profile(&settings.profile)
        .cloned()
        .unwrap_or_default();
    update_profile(&settings.config_path, &settings.profile, |p| {
        write_values(p, &values)
    })
    .map_err(Error::usage)?;

    let rows = rows(&values, &before);
    if ctx.out.json {
        ctx.out
            .json_line(&summary_json(&settings, &values, &rows))?;
    } else {
        print_summary(ctx, &settings, &rows);
    }
    if args.generate_secret && ctx.env.get("ROOMZ_WEBHOOK_SECRET").is_some() {
        ctx.out.note(
            "note: ROOMZ_WEBHOOK_SECRET is set, and it takes precedence over the saved secret",
        );
    }
    Ok(ExitCode::Success)
}

/// A new random secret; `source` is `--generate-secret` or the prompt's empty answer.
fn generated(source: Source) -> Result<Setting<Secret>> {
    Ok(Setting::new(Secret::generate(), source))
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

fn write_values(profile: &mut Profile, values: &Values) {
    if let Some(s) = &values.secret {
        profile.secret = Some(s.value.expose().to_string());
    }
    if let Some(s) = &values.webhook_url {
        profile.webhook_url = Some(s.value.clone());
    }
    if let Some(s) = &values.api_url {
        profile.api_url = Some(s.value.clone());
    }
    if let Some(s) = &values.api_token {
        profile.api_token = Some(s.value.expose().to_string());
    }
}

/// One line of the summary. `shown` is masked for the secret and the token.
struct Row {
    name: &'static str,
    shown: Option<String>,
    /// "new", "replaced" or "kept"; `None` when not set.
    status: Option<&'static str>,
    /// "flag --api-url", "env ROOMZ_API_URL", "prompt", or "profile" for a kept value.
    source: Option<String>,
}

fn rows(values: &Values, before: &Profile) -> Vec<Row> {
    let text = |s: &Setting<String>| {
        let shown = sanitize(&s.value).into_owned();
        (s.value.clone(), shown, s.source.clone())
    };
    let secret = |s: &Setting<Secret>, shown: String| {
        (s.value.expose().to_string(), shown, s.source.clone())
    };
    vec![
        row(
            "secret",
            values
                .secret
                .as_ref()
                .map(|s| secret(s, s.value.to_string())),
            &before.secret,
        ),
        row(
            "webhook_url",
            values.webhook_url.as_ref().map(text),
            &before.webhook_url,
        ),
        row(
            "api_url",
            values.api_url.as_ref().map(text),
            &before.api_url,
        ),
        row(
            "api_token",
            values
                .api_token
                .as_ref()
                .map(|s| secret(s, s.value.masked())),
            &before.api_token,
        ),
    ]
}

/// `value` is (raw, shown, source): the raw text only to compare with the file's.
fn row(name: &'static str, value: Option<(String, String, Source)>, old: &Option<String>) -> Row {
    let Some((raw, shown, source)) = value else {
        return Row {
            name,
            shown: None,
            status: None,
            source: None,
        };
    };
    let status = match old.as_deref() {
        Some(old) if old == raw => "kept",
        Some(old) if !old.is_empty() => "replaced",
        _ => "new",
    };
    let source = match source {
        Source::Profile { .. } => "profile".to_string(),
        other => other.to_string(),
    };
    Row {
        name,
        shown: Some(shown),
        status: Some(status),
        source: Some(source),
    }
}

fn print_summary(ctx: &Context, settings: &Settings, rows: &[Row]) {
    ctx.out.note(format!(
        "wrote {} (profile '{}', mode 0600)",
        settings.config_path.display(),
        settings.profile
    ));
    let width = rows
        .iter()
        .map(|r| r.shown.as_deref().map_or(7, str::len))
        .max();
    for r in rows {
        let shown = r.shown.as_deref().unwrap_or("not set");
        let status = match (r.status, r.source.as_deref()) {
            (Some(status), Some("profile") | None) => status.to_string(),
            (Some(status), Some(source)) => format!("{status}, from {source}"),
            (None, _) => String::new(),
        };
        let line = format!(
            "  {:<11}  {shown:<width$}  {status}",
            r.name,
            width = width.unwrap_or(0)
        );
        ctx.out.note(line.trim_end());
    }
}

/// `--json`: path, profile, each field (masked value, status, source), the fingerprint.
fn summary_json(settings: &Settings, values: &Values, rows: &[Row]) -> Value {
    let mut fields = Map::new();
    for r in rows.iter().filter(|r| r.status.is_some()) {
        fields.insert(
            r.name.to_string(),
            json!({"value": r.shown, "status": r.status, "source": r.source}),
        );
    }
    json!({
        "path": settings.config_path,
        "profile": settings.profile,
        "fields": fields,
        "secret_fingerprint": values.secret.as_ref().map(|s| s.value.fingerprint()),
    })
}

/// The interactive path (dialoguer, on stderr). Not reachable from the test suite, which
/// has no terminal: keep it to asking, with the checks and the writing done above.
mod prompt {
    use super::{generated, Values};
    use crate::core::secret::Secret;
    use crate::error::{Error, Result};
    use crate::settings::{is_http_url, Setting, Source};
    use dialoguer::{Input, Password};

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

    /// Asks for each value that no flag or variable gave; the profile's are the defaults.
    pub fn ask(values: &mut Values) -> Result<()> {
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
            (None, None) => generated(Source::Prompt),
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
}
