//! Development credentials made up when none is configured: the webhook secret `listen`
//! and `simulate` sign and verify with, and the API token `simulate` serves its API with
//! (each saved to the profile, for the commands in another terminal).

use super::{update_profile, Settings, Source};
use crate::core::secret::{random_token, Secret};

/// Where `trigger`, `simulate` and `replay` send when neither a flag nor a saved `listen`
/// URL says otherwise.
pub const DEFAULT_LISTEN_URL: &str = "http://127.0.0.1:8080/webhook";

/// The configured secret; without one, a development secret made now and (when `save`)
/// saved to the profile, so that `trigger`, `replay` and `simulate` in another terminal
/// use it. The note to print says so and shows the new secret this once: the developer
/// may need it in their app (CONTRACT section 2).
pub fn secret_or_generate(settings: &Settings, save: bool) -> (Secret, Option<String>) {
    if let Some(secret) = &settings.secret {
        return (secret.value.clone(), None);
    }
    let secret = Secret::generate();
    let saved = if !save {
        "not saved (--no-save)".to_string()
    } else {
        match update_profile(&settings.config_path, &settings.profile, |p| {
            p.secret = Some(secret.expose().to_string())
        }) {
            Ok(()) => format!(
                "saved to {} (profile '{}') for trigger, replay and simulate",
                settings.config_path.display(),
                settings.profile
            ),
            Err(error) => format!("NOT saved: {error}"),
        }
    };
    let note = format!(
        "no webhook secret configured: generated a development secret {} ({})\n  {saved}",
        secret.expose(),
        secret.fingerprint()
    );
    (secret, Some(note))
}

/// The API token in effect and what to tell the user about it.
#[derive(Debug, Clone)]
pub struct GeneratedToken {
    pub token: Secret,
    /// A shell line that puts the token in `$KEY` without opening the config file (for
    /// simulate's curl examples): `config get api_token` when it is saved or configured
    /// in a profile, the variable it came from, or the token itself when it exists only
    /// for this run (and was shown already).
    pub key_line: String,
    /// Lines for stderr: what was generated or saved.
    pub notes: Vec<String>,
}

/// The configured API token; without one, a development token made now. When no API URL
/// is configured (or the profile's is a local one, from an earlier `simulate`), `api_url`
/// is saved to the profile (with `save`), with the new token, so that `fetch` and
/// `listen --fetch` in another terminal talk to it. A new token is shown only when it is
/// not saved: then it is the only way to call the API.
pub fn api_token_or_generate(settings: &Settings, api_url: &str, save: bool) -> GeneratedToken {
    let mut notes = Vec::new();
    let configured = settings.api_token.as_ref().map(|t| t.value.clone());
    let token = configured
        .clone()
        .unwrap_or_else(|| Secret::new(format!("rzt_{}", random_token(24))));
    let replaceable = match &settings.api_url {
        None => true,
        Some(url) => {
            matches!(url.source, Source::Profile { .. })
                && ["http://127.0.0.1:", "http://localhost:"]
                    .iter()
                    .any(|local| url.value.starts_with(local))
        }
    };
    let saved = save
        && replaceable
        && match update_profile(&settings.config_path, &settings.profile, |p| {
            p.api_url = Some(api_url.to_string());
            if configured.is_none() {
                p.api_token = Some(token.expose().to_string());
            }
        }) {
            Ok(()) => true,
            Err(error) => {
                notes.push(format!("warning: could not save the API URL: {error}"));
                false
            }
        };
    let place = format!(
        "{} (profile '{}')",
        settings.config_path.display(),
        settings.profile
    );
    match (configured.is_none(), saved) {
        (true, true) => notes.push(format!(
            "no API token configured: generated a development token ({}) and saved it with \
             the API URL to {place} for fetch and listen --fetch",
            token.fingerprint()
        )),
        // Shown this once: not saved anywhere, so there is no other way to learn it.
        (true, false) => notes.push(format!(
            "no API token configured: generated a development token for this run: {} ({})",
            token.expose(),
            token.fingerprint()
        )),
        (false, true) => notes.push(format!(
            "saved the API URL to {place} for fetch and listen --fetch"
        )),
        (false, false) => {}
    }
    if let Some(url) = settings
        .api_url
        .as_ref()
        .filter(|u| !saved && u.value != api_url)
    {
        notes.push(format!(
            "  the API URL from {} is {}: pass --api-url {api_url} to fetch from this simulator",
            url.source, url.value
        ));
    }
    let key_line = match (&settings.api_token, saved) {
        (Some(configured), _) => match &configured.source {
            Source::Env(var) => format!("KEY=\"${var}\""),
            Source::Profile { .. } => format!("KEY=$({})", config_get(settings, "api_token")),
            other => format!("KEY=<the API token from {other}>"),
        },
        (None, true) => format!("KEY=$({})", config_get(settings, "api_token")),
        (None, false) => format!("KEY={}", token.expose()),
    };
    GeneratedToken {
        token,
        key_line,
        notes,
    }
}

/// `roomz-hook config get NAME`, with the `--config` and `--profile` this run was given
/// by flag (a variable is in the user's shell already).
fn config_get(settings: &Settings, name: &str) -> String {
    let mut command = String::from("roomz-hook");
    if matches!(settings.config_path_source, Source::Flag(_)) {
        let path = settings.config_path.display().to_string();
        command.push_str(&format!(
            " --config {}",
            crate::output::shell_quote(path.as_bytes())
        ));
    }
    if matches!(settings.profile_source, Source::Flag(_)) {
        command.push_str(&format!(
            " --profile {}",
            crate::output::shell_quote(settings.profile.as_bytes())
        ));
    }
    command.push_str(&format!(" config get {name}"));
    command
}
