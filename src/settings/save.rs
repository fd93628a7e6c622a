//! What `init` saves into a profile: the four values, each with where it came from, and
//! for each field whether the save made it new, replaced it, or kept what the file had.

use super::{update_profile, ConfigFile, Profile, Setting, Settings, SettingsError, Source};
use crate::core::secret::Secret;
use std::path::PathBuf;

/// The values `init` writes, each with where it came from.
#[derive(Debug, Default)]
pub struct ProfileValues {
    pub secret: Option<Setting<Secret>>,
    pub webhook_url: Option<Setting<String>>,
    pub api_url: Option<Setting<String>>,
    pub api_token: Option<Setting<Secret>>,
}

impl ProfileValues {
    /// The values in effect: flags, then environment, then what the profile holds.
    pub fn from_settings(settings: &Settings) -> Self {
        ProfileValues {
            secret: settings.secret.clone(),
            webhook_url: settings.webhook_url.clone(),
            api_url: settings.api_url.clone(),
            api_token: settings.api_token.clone(),
        }
    }
}

/// What a save did to one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The file had no value (or an empty one).
    New,
    /// The file had another value.
    Replaced,
    /// The file had this value already.
    Kept,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Replaced => "replaced",
            Change::Kept => "kept",
        }
    }
}

/// One field of the saved profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedField {
    pub name: &'static str,
    /// The value for display: masked for the secret and the token, the URL as given
    /// (not yet escaped for a terminal). `None` when not set.
    pub shown: Option<String>,
    /// `None` when not set.
    pub change: Option<Change>,
    /// "flag --api-url", "env ROOMZ_API_URL", "prompt", or "profile" for a kept value.
    pub source: Option<String>,
}

/// The outcome of a save: where, which profile, each field, the secret's fingerprint.
#[derive(Debug, Clone)]
pub struct SavedProfile {
    pub path: PathBuf,
    pub profile: String,
    pub fields: Vec<SavedField>,
    pub secret_fingerprint: Option<String>,
}

/// Writes `values` into the settings' profile (the file stays 0600; other profiles and
/// fields are kept) and says what changed, compared with the file before.
pub fn save_profile(
    settings: &Settings,
    values: &ProfileValues,
) -> Result<SavedProfile, SettingsError> {
    let before = ConfigFile::load(&settings.config_path)?
        .profile(&settings.profile)
        .cloned()
        .unwrap_or_default();
    update_profile(&settings.config_path, &settings.profile, |p| {
        write_values(p, values)
    })?;
    Ok(SavedProfile {
        path: settings.config_path.clone(),
        profile: settings.profile.clone(),
        fields: fields(values, &before),
        secret_fingerprint: values.secret.as_ref().map(|s| s.value.fingerprint()),
    })
}

fn write_values(profile: &mut Profile, values: &ProfileValues) {
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

fn fields(values: &ProfileValues, before: &Profile) -> Vec<SavedField> {
    let text = |s: &Setting<String>| (s.value.clone(), s.value.clone(), s.source.clone());
    let secret = |s: &Setting<Secret>, shown: String| {
        (s.value.expose().to_string(), shown, s.source.clone())
    };
    vec![
        field(
            "secret",
            values
                .secret
                .as_ref()
                .map(|s| secret(s, s.value.to_string())),
            &before.secret,
        ),
        field(
            "webhook_url",
            values.webhook_url.as_ref().map(text),
            &before.webhook_url,
        ),
        field(
            "api_url",
            values.api_url.as_ref().map(text),
            &before.api_url,
        ),
        field(
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
fn field(
    name: &'static str,
    value: Option<(String, String, Source)>,
    old: &Option<String>,
) -> SavedField {
    let Some((raw, shown, source)) = value else {
        return SavedField {
            name,
            shown: None,
            change: None,
            source: None,
        };
    };
    let change = match old.as_deref() {
        Some(old) if old == raw => Change::Kept,
        Some(old) if !old.is_empty() => Change::Replaced,
        _ => Change::New,
    };
    let source = match source {
        Source::Profile { .. } => "profile".to_string(),
        other => other.to_string(),
    };
    SavedField {
        name,
        shown: Some(shown),
        change: Some(change),
        source: Some(source),
    }
}
