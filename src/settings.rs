//! Flags, environment and config file merged once into a checked [`Settings`] value
//! (CONTRACT section 2: flags > environment > profile > built-in defaults). This is the
//! only module that reads the environment, and only through an [`Env`] value.

use crate::core::secret::Secret;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

pub mod save;

/// Environment variables this module reads. Listed once so that a non-UTF-8 value is
/// reported by name instead of being silently ignored.
const ENV_VARS: [&str; 9] = [
    ENV_CONFIG,
    ENV_PROFILE,
    ENV_SECRET,
    ENV_API_URL,
    ENV_API_TOKEN,
    ENV_STORE,
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "HOME",
];
const ENV_CONFIG: &str = "ROOMZ_HOOK_CONFIG";
const ENV_PROFILE: &str = "ROOMZ_HOOK_PROFILE";
const ENV_SECRET: &str = "ROOMZ_WEBHOOK_SECRET";
const ENV_API_URL: &str = "ROOMZ_API_URL";
const ENV_API_TOKEN: &str = "ROOMZ_API_TOKEN";
const ENV_STORE: &str = "ROOMZ_HOOK_STORE";

/// The profile used when none is named.
pub const DEFAULT_PROFILE: &str = "default";
/// The `Authorization` scheme used when the profile names none: ROOMZ documents HTTP
/// Basic with the API key as the user name and an empty password.
pub const DEFAULT_AUTH_SCHEME: &str = "Basic";
/// First line of every saved config file: it may hold the secret and the API token.
const FILE_HEADER: &str =
    "# roomz-hook configuration. This file holds secrets: keep it private (mode 0600).\n";

// ---------------------------------------------------------------------------------------
// Environment

/// A snapshot of environment variables. Tests build their own with [`Env::from_pairs`],
/// so no test depends on (or changes) the process environment.
#[derive(Clone, Default)]
pub struct Env {
    vars: BTreeMap<String, String>,
    /// Names whose value is not UTF-8: reported by `resolve` if it is one we read.
    not_unicode: BTreeSet<String>,
}

impl Env {
    /// The process environment, read once.
    pub fn from_process() -> Self {
        let mut env = Env::default();
        for (name, value) in std::env::vars_os() {
            let Ok(name) = name.into_string() else {
                continue;
            };
            match value.into_string() {
                Ok(value) => env.insert(name, value),
                Err(_) => {
                    env.not_unicode.insert(name);
                }
            }
        }
        env
    }

    /// An environment made of the given pairs (empty values count as unset).
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut env = Env::default();
        for (name, value) in pairs {
            env.insert(name.into(), value.into());
        }
        env
    }

    /// The variable's value; `None` when it is unset or empty, as shells make
    /// `VAR= cmd` the usual way to switch a variable off.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    fn insert(&mut self, name: String, value: String) {
        if !value.is_empty() {
            self.vars.insert(name, value);
        }
    }

    /// An absolute path from the variable: the XDG spec says relative ones are ignored.
    fn absolute_dir(&self, name: &str) -> Option<PathBuf> {
        self.get(name)
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
    }

    fn check_unicode(&self) -> Result<(), SettingsError> {
        match ENV_VARS
            .iter()
            .find(|name| self.not_unicode.contains(**name))
        {
            Some(var) => Err(SettingsError::EnvNotUnicode { var }),
            None => Ok(()),
        }
    }
}

/// Lists variable names only: values may be secrets.
impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Env")
            .field("vars", &self.vars.keys().collect::<Vec<_>>())
            .finish()
    }
}

// ---------------------------------------------------------------------------------------
// Overrides, sources, settings

/// What the command line asked for; the CLI fills it, this module knows nothing of clap.
#[derive(Default, Clone)]
pub struct Overrides {
    /// `--profile`
    pub profile: Option<String>,
    /// `--config`
    pub config_path: Option<PathBuf>,
    /// `--secret-file`: beats every other source of the secret.
    pub secret_file: Option<PathBuf>,
    /// `--secret` (visible to other users in the process list; the CLI warns).
    pub secret: Option<String>,
    /// `--api-url`
    pub api_url: Option<String>,
    /// `--token-file` (`init --no-input`): beats `ROOMZ_API_TOKEN`.
    pub token_file: Option<PathBuf>,
    /// `--webhook-url` (`init --no-input`).
    pub webhook_url: Option<String>,
    /// `--store`
    pub store_path: Option<PathBuf>,
    /// `--no-store`
    pub no_store: bool,
    /// Set by `init`: an explicitly named profile that is not in the file yet is the
    /// one being created, not a typo.
    pub allow_new_profile: bool,
}

/// Masks `--secret`, so that a CLI struct holding `Overrides` may derive `Debug`.
impl fmt::Debug for Overrides {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Overrides")
            .field("profile", &self.profile)
            .field("config_path", &self.config_path)
            .field("secret_file", &self.secret_file)
            .field("secret", &self.secret.as_ref().map(|_| "********"))
            .field("api_url", &self.api_url)
            .field("token_file", &self.token_file)
            .field("webhook_url", &self.webhook_url)
            .field("store_path", &self.store_path)
            .field("no_store", &self.no_store)
            .field("allow_new_profile", &self.allow_new_profile)
            .finish()
    }
}

/// Where a setting came from, so `config show` and error messages can say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag, e.g. `"--secret-file"`.
    Flag(&'static str),
    /// An environment variable, e.g. `"ROOMZ_WEBHOOK_SECRET"`.
    Env(&'static str),
    /// A profile of the config file.
    Profile { name: String, path: PathBuf },
    /// The built-in default.
    Default,
    /// An answer typed at a prompt (`init` on a terminal).
    Prompt,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "flag {flag}"),
            Source::Env(var) => write!(f, "env {var}"),
            Source::Profile { name, path } => {
                write!(f, "profile '{name}' in {}", path.display())
            }
            Source::Default => write!(f, "default"),
            Source::Prompt => write!(f, "prompt"),
        }
    }
}

/// A value with the place it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Setting<T> {
    pub fn new(value: T, source: Source) -> Self {
        Setting { value, source }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Setting<U> {
        Setting::new(f(self.value), self.source)
    }
}

/// The checked settings in effect. `Debug` is safe: secrets print as fingerprints.
#[derive(Debug, Clone)]
pub struct Settings {
    pub profile: String,
    pub profile_source: Source,
    pub config_path: PathBuf,
    pub config_path_source: Source,
    /// Whether the config file existed when the settings were read.
    pub config_exists: bool,
    pub secret: Option<Setting<Secret>>,
    pub api_url: Option<Setting<String>>,
    pub api_token: Option<Setting<Secret>>,
    /// `Basic` (ROOMZ's documented scheme) unless the profile says otherwise (`Bearer`).
    pub auth_scheme: Setting<String>,
    pub webhook_url: Option<Setting<String>>,
    /// The URL the last `listen` bound: `trigger`'s default target.
    pub listen_url: Option<Setting<String>>,
    /// Profile `retain` (`30d`, `100000`): what `listen` keeps in the store; its
    /// `--retain` beats it. Checked by `listen`, the one reader.
    pub retain: Option<Setting<String>>,
    /// `None` with `--no-store`, or when no home directory tells where to put it.
    pub store_path: Option<Setting<PathBuf>>,
    /// Whether `--no-store` was given (tells the two reasons for `store_path: None` apart).
    pub store_disabled: bool,
}

/// One line of `config show`. Secret and token values are masked; the secret carries
/// its fingerprint so two secrets can be told apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub name: &'static str,
    /// `None` when not set.
    pub value: Option<String>,
    /// "flag --api-url", "env ROOMZ_API_URL", "profile 'default' in /path", "default".
    pub source: Option<String>,
    pub fingerprint: Option<String>,
}

/// The config file as `config show` finds it: a missing one is worth a hint, one others
/// may read is worth a warning (it holds the secret).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    Missing,
    Private,
    /// Group or others may access it; `mode` is its permission bits.
    Loose {
        mode: u32,
    },
}

impl Settings {
    /// Merges flags, environment, config file and defaults, and checks the result.
    pub fn resolve(overrides: &Overrides, env: &Env) -> Result<Settings, SettingsError> {
        env.check_unicode()?;
        let config = config_path(overrides, env)?;
        let profile = profile_name(overrides, env)?;
        let file = ConfigFile::load_existing(&config.value)?;
        let chosen = choose_profile(file.as_ref(), &profile, &config.value, overrides)?;
        let resolver = Resolver {
            overrides,
            env,
            profile: chosen,
            origin: Source::Profile {
                name: profile.value.clone(),
                path: config.value.clone(),
            },
            config_dir: config.value.parent().map(Path::to_path_buf),
        };
        Ok(Settings {
            secret: resolver.secret()?,
            api_url: resolver.api_url()?,
            api_token: resolver.api_token()?,
            auth_scheme: resolver.auth_scheme()?,
            webhook_url: resolver.webhook_url()?,
            listen_url: resolver.listen_url()?,
            retain: resolver.profile_value(&resolver.profile.retain),
            store_path: resolver.store_path(),
            store_disabled: overrides.no_store,
            config_exists: file.is_some(),
            profile: profile.value,
            profile_source: profile.source,
            config_path: config.value,
            config_path_source: config.source,
        })
    }

    /// The secret, or an error saying every way to provide one.
    pub fn require_secret(&self) -> Result<&Secret, SettingsError> {
        self.secret
            .as_ref()
            .map(|setting| &setting.value)
            .ok_or_else(|| SettingsError::MissingSecret {
                profile: self.profile.clone(),
                path: self.config_path.clone(),
            })
    }

    /// The event store's path, or an error saying why there is none.
    pub fn require_store(&self) -> Result<&Path, SettingsError> {
        match &self.store_path {
            Some(setting) => Ok(&setting.value),
            None if self.store_disabled => Err(SettingsError::StoreDisabled),
            None => Err(SettingsError::NoStoreLocation),
        }
    }

    /// Whether the config file existed when the settings were read, and if so whether
    /// others may read it (checked now).
    pub fn config_file_state(&self) -> FileState {
        if !self.config_exists {
            FileState::Missing
        } else if let Some(mode) = ConfigFile::loose_permissions(&self.config_path) {
            FileState::Loose { mode }
        } else {
            FileState::Private
        }
    }

    /// `config get NAME`: one setting's value in effect, unmasked for the API token (it
    /// was asked for by name, as for `$(...)` in a shell); `None` when it is not set. The
    /// webhook secret is never printed (its fingerprint is in `config show`), and an
    /// unknown name is an error naming the known ones.
    pub fn get(&self, name: &str) -> Result<Option<String>, String> {
        match name {
            "secret" => Err(
                "the webhook secret is not printed: `roomz-hook config show` gives its fingerprint, \
                 and the config file (or --secret-file) holds it"
                    .into(),
            ),
            "api_token" => Ok(self
                .api_token
                .as_ref()
                .map(|t| t.value.expose().to_string())),
            _ => {
                let entries = self.entries();
                match entries.iter().find(|e| e.name == name) {
                    Some(entry) => Ok(entry.value.clone()),
                    None => Err(format!(
                        "no setting '{}': the settings are {}",
                        crate::output::sanitize(name),
                        entries
                            .iter()
                            .map(|e| e.name)
                            .filter(|n| *n != "secret")
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                }
            }
        }
    }

    /// The settings in effect, for `config show`.
    pub fn entries(&self) -> Vec<Entry> {
        vec![
            entry("profile", Some(&self.profile), &self.profile_source),
            entry(
                "config",
                Some(self.config_path.display()),
                &self.config_path_source,
            ),
            secret_entry("secret", self.secret.as_ref(), true),
            optional_entry("api_url", self.api_url.as_ref()),
            secret_entry("api_token", self.api_token.as_ref(), false),
            entry(
                "auth_scheme",
                Some(&self.auth_scheme.value),
                &self.auth_scheme.source,
            ),
            optional_entry("webhook_url", self.webhook_url.as_ref()),
            optional_entry("listen_url", self.listen_url.as_ref()),
            match &self.store_path {
                Some(s) => entry("store", Some(s.value.display()), &s.source),
                None if self.store_disabled => {
                    entry("store", Some("off"), &Source::Flag("--no-store"))
                }
                None => unset("store"),
            },
        ]
    }
}

fn entry(name: &'static str, value: Option<impl fmt::Display>, source: &Source) -> Entry {
    Entry {
        name,
        value: value.map(|v| v.to_string()),
        source: Some(source.to_string()),
        fingerprint: None,
    }
}

fn unset(name: &'static str) -> Entry {
    Entry {
        name,
        value: None,
        source: None,
        fingerprint: None,
    }
}

fn optional_entry(name: &'static str, setting: Option<&Setting<String>>) -> Entry {
    match setting {
        Some(s) => entry(name, Some(&s.value), &s.source),
        None => unset(name),
    }
}

/// A masked entry; with `fingerprint`, the value also shows it, as `Secret`'s Display does.
fn secret_entry(name: &'static str, setting: Option<&Setting<Secret>>, fingerprint: bool) -> Entry {
    let Some(s) = setting else {
        return unset(name);
    };
    let mut e = entry(name, Some(s.value.masked()), &s.source);
    if fingerprint {
        e.value = Some(s.value.to_string());
        e.fingerprint = Some(s.value.fingerprint());
    }
    e
}

// ---------------------------------------------------------------------------------------
// Resolution, one setting at a time

/// `--config`, else `ROOMZ_HOOK_CONFIG`, else the XDG config dir, else `~/.config`.
/// Public so that `config path` can name the file even when it does not parse.
pub fn config_path(overrides: &Overrides, env: &Env) -> Result<Setting<PathBuf>, SettingsError> {
    if let Some(path) = &overrides.config_path {
        return Ok(Setting::new(path.clone(), Source::Flag("--config")));
    }
    if let Some(path) = env.get(ENV_CONFIG) {
        return Ok(Setting::new(PathBuf::from(path), Source::Env(ENV_CONFIG)));
    }
    let dir = env
        .absolute_dir("XDG_CONFIG_HOME")
        .or_else(|| env.absolute_dir("HOME").map(|home| home.join(".config")))
        .ok_or(SettingsError::NoConfigLocation)?;
    let path = dir.join("roomz-hook").join("config.toml");
    Ok(Setting::new(path, Source::Default))
}

/// `--profile`, else `ROOMZ_HOOK_PROFILE`, else "default".
fn profile_name(overrides: &Overrides, env: &Env) -> Result<Setting<String>, SettingsError> {
    let named = match (&overrides.profile, env.get(ENV_PROFILE)) {
        (Some(name), _) => Setting::new(name.clone(), Source::Flag("--profile")),
        (None, Some(name)) => Setting::new(name.to_string(), Source::Env(ENV_PROFILE)),
        (None, None) => return Ok(Setting::new(DEFAULT_PROFILE.into(), Source::Default)),
    };
    if named.value.trim().is_empty() {
        return Err(SettingsError::EmptyProfileName { from: named.source });
    }
    Ok(named)
}

/// The profile's table. A missing profile is an error only when the user named it and
/// the file exists: then it is most likely a typo, and silently using nothing would hide it.
fn choose_profile(
    file: Option<&ConfigFile>,
    name: &Setting<String>,
    path: &Path,
    overrides: &Overrides,
) -> Result<Profile, SettingsError> {
    let Some(file) = file else {
        return Ok(Profile::default());
    };
    if let Some(profile) = file.profiles.get(&name.value) {
        return Ok(profile.clone());
    }
    if name.source == Source::Default || overrides.allow_new_profile {
        return Ok(Profile::default());
    }
    Err(SettingsError::UnknownProfile {
        name: name.value.clone(),
        from: name.source.clone(),
        path: path.to_path_buf(),
        available: file.profile_names(),
    })
}

/// Holds the layers while each setting picks the first one that has it.
struct Resolver<'a> {
    overrides: &'a Overrides,
    env: &'a Env,
    profile: Profile,
    origin: Source,
    config_dir: Option<PathBuf>,
}

impl Resolver<'_> {
    fn env_value(&self, var: &'static str) -> Option<Setting<String>> {
        self.env
            .get(var)
            .map(|value| Setting::new(value.to_string(), Source::Env(var)))
    }

    /// A profile value; empty strings count as unset, as for the environment.
    fn profile_value(&self, value: &Option<String>) -> Option<Setting<String>> {
        value
            .as_ref()
            .filter(|v| !v.is_empty())
            .map(|v| Setting::new(v.clone(), self.origin.clone()))
    }

    /// `--secret-file` > `--secret` > `ROOMZ_WEBHOOK_SECRET` > profile `secret`.
    fn secret(&self) -> Result<Option<Setting<Secret>>, SettingsError> {
        if let Some(path) = &self.overrides.secret_file {
            let secret = read_secret_file(path, "--secret-file")?;
            return Ok(Some(Setting::new(secret, Source::Flag("--secret-file"))));
        }
        let found = flag("--secret", &self.overrides.secret)
            .or_else(|| self.env_value(ENV_SECRET))
            .or_else(|| self.profile_value(&self.profile.secret));
        found.map(non_empty_secret).transpose()
    }

    /// `--api-url` > `ROOMZ_API_URL` > profile `api_url`.
    fn api_url(&self) -> Result<Option<Setting<String>>, SettingsError> {
        let found = flag("--api-url", &self.overrides.api_url)
            .or_else(|| self.env_value(ENV_API_URL))
            .or_else(|| self.profile_value(&self.profile.api_url));
        found.map(|s| checked_url("api_url", s)).transpose()
    }

    /// `--token-file` > `ROOMZ_API_TOKEN` > profile `api_token`.
    fn api_token(&self) -> Result<Option<Setting<Secret>>, SettingsError> {
        if let Some(path) = &self.overrides.token_file {
            let token = read_secret_file(path, "--token-file")?;
            return Ok(Some(Setting::new(token, Source::Flag("--token-file"))));
        }
        let found = self
            .env_value(ENV_API_TOKEN)
            .or_else(|| self.profile_value(&self.profile.api_token));
        Ok(found.map(|s| s.map(Secret::new)))
    }

    /// Profile `auth_scheme` > "Basic". One word, as it goes before the credentials in a
    /// header: `Basic` sends base64(KEY + ":"), any other (`Bearer`) the key as it is.
    fn auth_scheme(&self) -> Result<Setting<String>, SettingsError> {
        let Some(found) = self.profile_value(&self.profile.auth_scheme) else {
            return Ok(Setting::new(DEFAULT_AUTH_SCHEME.into(), Source::Default));
        };
        let bad = |c: char| c.is_whitespace() || c.is_control();
        if found.value.contains(bad) {
            return Err(SettingsError::InvalidAuthScheme {
                value: found.value,
                from: found.source,
            });
        }
        Ok(found)
    }

    /// `--webhook-url` > profile `webhook_url`.
    fn webhook_url(&self) -> Result<Option<Setting<String>>, SettingsError> {
        let found = flag("--webhook-url", &self.overrides.webhook_url)
            .or_else(|| self.profile_value(&self.profile.webhook_url));
        found.map(|s| checked_url("webhook_url", s)).transpose()
    }

    /// Profile `listen_url`, written by `listen`.
    fn listen_url(&self) -> Result<Option<Setting<String>>, SettingsError> {
        let found = self.profile_value(&self.profile.listen_url);
        found.map(|s| checked_url("listen_url", s)).transpose()
    }

    /// `--no-store` > `--store` > `ROOMZ_HOOK_STORE` > profile `store` > the XDG data dir.
    fn store_path(&self) -> Option<Setting<PathBuf>> {
        if self.overrides.no_store {
            return None;
        }
        if let Some(path) = &self.overrides.store_path {
            return Some(Setting::new(path.clone(), Source::Flag("--store")));
        }
        if let Some(found) = self.env_value(ENV_STORE) {
            return Some(found.map(PathBuf::from));
        }
        let profile_store = self
            .profile
            .store
            .as_ref()
            .filter(|p| !p.as_os_str().is_empty());
        if let Some(path) = profile_store {
            return Some(Setting::new(self.profile_path(path), self.origin.clone()));
        }
        default_store(self.env).map(|path| Setting::new(path, Source::Default))
    }

    /// A path written in the config file: `~/` is the home directory, and a relative path
    /// is relative to the file (not to wherever the command happens to run).
    fn profile_path(&self, path: &Path) -> PathBuf {
        if let (Ok(rest), Some(home)) = (path.strip_prefix("~"), self.env.absolute_dir("HOME")) {
            return home.join(rest);
        }
        match &self.config_dir {
            Some(dir) if path.is_relative() => dir.join(path),
            _ => path.to_path_buf(),
        }
    }
}

fn flag(name: &'static str, value: &Option<String>) -> Option<Setting<String>> {
    value
        .as_ref()
        .map(|v| Setting::new(v.clone(), Source::Flag(name)))
}

/// `$XDG_DATA_HOME/roomz-hook/events.db`, else `~/.local/share/roomz-hook/events.db`.
fn default_store(env: &Env) -> Option<PathBuf> {
    let dir = env.absolute_dir("XDG_DATA_HOME").or_else(|| {
        env.absolute_dir("HOME")
            .map(|h| h.join(".local").join("share"))
    })?;
    Some(dir.join("roomz-hook").join("events.db"))
}

fn non_empty_secret(found: Setting<String>) -> Result<Setting<Secret>, SettingsError> {
    if found.value.is_empty() {
        return Err(SettingsError::EmptySecret { from: found.source });
    }
    Ok(found.map(Secret::new))
}

/// A light check that catches `localhost:8080` and typos; the HTTP client does the rest.
fn checked_url(
    name: &'static str,
    found: Setting<String>,
) -> Result<Setting<String>, SettingsError> {
    if is_http_url(&found.value) {
        return Ok(found);
    }
    Err(SettingsError::InvalidUrl {
        name,
        value: found.value,
        from: found.source,
    })
}

/// `http://` or `https://`, something after it, and no whitespace: the check every URL
/// setting gets (and `init`'s prompts, which ask again on a bad answer).
pub fn is_http_url(value: &str) -> bool {
    let rest = value
        .strip_prefix("http://")
        .or_else(|| value.strip_prefix("https://"));
    matches!(rest, Some(host) if !host.is_empty()) && !value.contains(char::is_whitespace)
}

/// Reads a secret (or token) file: one final line ending is dropped (`echo s > file`).
fn read_secret_file(path: &Path, flag: &'static str) -> Result<Secret, SettingsError> {
    let bytes = std::fs::read(path).map_err(|error| SettingsError::ReadSecretFile {
        flag,
        path: path.to_path_buf(),
        error,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| SettingsError::SecretFileNotUtf8 {
        flag,
        path: path.to_path_buf(),
    })?;
    let secret = Secret::from_file_text(&text);
    if secret.is_empty() {
        return Err(SettingsError::EmptySecretFile {
            flag,
            path: path.to_path_buf(),
        });
    }
    Ok(secret)
}

// ---------------------------------------------------------------------------------------
// The config file

/// The config file: `[profiles.NAME]` tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One profile's values, as written in the file. Everything is optional.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(
        default,
        deserialize_with = "secret_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_url: Option<String>,
    #[serde(
        default,
        deserialize_with = "secret_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub api_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_scheme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listen_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store: Option<PathBuf>,
    /// What `listen` keeps in the store: an age (`30d`) or a count (`100000`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retain: Option<String>,
}

/// Masks the secret and the token.
impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mask = |value: &Option<String>| value.as_ref().map(|v| Secret::new(v.clone()));
        f.debug_struct("Profile")
            .field("secret", &mask(&self.secret))
            .field("api_url", &self.api_url)
            .field("api_token", &mask(&self.api_token))
            .field("auth_scheme", &self.auth_scheme)
            .field("webhook_url", &self.webhook_url)
            .field("listen_url", &self.listen_url)
            .field("store", &self.store)
            .field("retain", &self.retain)
            .finish()
    }
}

/// A string field whose type error must not echo the value (serde's default message
/// quotes it: "invalid type: integer `1234`"), since the value is a secret.
fn secret_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    match Option::<toml::Value>::deserialize(deserializer)? {
        None => Ok(None),
        Some(toml::Value::String(value)) => Ok(Some(value)),
        Some(other) => Err(serde::de::Error::custom(format!(
            "expected a string, found {} (value not shown: it is a secret)",
            other.type_str()
        ))),
    }
}

impl ConfigFile {
    /// Reads the file; a missing file is an empty configuration.
    pub fn load(path: &Path) -> Result<Self, SettingsError> {
        Ok(Self::load_existing(path)?.unwrap_or_default())
    }

    /// `None` when the file does not exist.
    fn load_existing(path: &Path) -> Result<Option<Self>, SettingsError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(SettingsError::ReadConfig {
                    path: path.to_path_buf(),
                    error,
                })
            }
        };
        Self::parse(&text, path).map(Some)
    }

    /// Parses the text. The error keeps only toml's message and position, not its
    /// snippet of the offending line, which may be the line holding the secret.
    fn parse(text: &str, path: &Path) -> Result<Self, SettingsError> {
        toml::from_str(text).map_err(|error| {
            let (line, column) = line_column(text, error.span().map_or(0, |span| span.start));
            SettingsError::ConfigSyntax {
                path: path.to_path_buf(),
                line,
                column,
                message: one_line(error.message()),
            }
        })
    }

    /// Writes the file atomically with mode 0600, creating its directory (0700).
    pub fn save(&self, path: &Path) -> Result<(), SettingsError> {
        let body = toml::to_string(self).map_err(|error| SettingsError::SerializeConfig {
            path: path.to_path_buf(),
            message: error.to_string(),
        })?;
        let text = format!("{FILE_HEADER}\n{body}");
        write_private_atomically(path, text.as_bytes()).map_err(|error| {
            SettingsError::WriteConfig {
                path: path.to_path_buf(),
                error,
            }
        })
    }

    /// The named profile, created empty if absent.
    pub fn profile_mut(&mut self, name: &str) -> &mut Profile {
        self.profiles.entry(name.to_string()).or_default()
    }

    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// The profiles' names, sorted (the file's order is not kept).
    pub fn profile_names(&self) -> Vec<String> {
        self.profiles.keys().cloned().collect()
    }

    /// The file's permission bits when group or others may access it (so the CLI can
    /// warn); `None` when private, missing, or on a platform without Unix modes.
    pub fn loose_permissions(path: &Path) -> Option<u32> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
            (mode & 0o077 != 0).then_some(mode)
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            None
        }
    }
}

/// Loads the file, edits one profile, saves it (0600). Used by `init`, and by `listen`
/// to keep its development secret and URL for `trigger` and `replay`.
pub fn update_profile(
    path: &Path,
    profile: &str,
    edit: impl FnOnce(&mut Profile),
) -> Result<(), SettingsError> {
    let mut file = ConfigFile::load(path)?;
    edit(file.profile_mut(profile));
    file.save(path)
}

/// toml's messages may span lines ("invalid string\nexpected ..."); errors print on one.
fn one_line(message: &str) -> String {
    let lines: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("; ")
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Writes to a temporary file next to `path` (created 0600, so the secret is never
/// readable by others, not even for a moment), then renames it over `path`, so a
/// crash leaves either the old file or the new one, never half of one.
fn write_private_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    static SAVES: AtomicU32 = AtomicU32::new(0);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    create_private_dir(dir)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let unique = SAVES.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!(".{name}.tmp-{}-{unique}", std::process::id()));
    // Created with `create_new`: if this fails, the file is not ours to remove.
    let file = create_private_file(&temp)?;
    let written = write_and_sync(file, contents).and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

fn create_private_file(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

fn write_and_sync(mut file: std::fs::File, contents: &[u8]) -> io::Result<()> {
    file.write_all(contents)?;
    file.sync_all()
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

// ---------------------------------------------------------------------------------------
// Errors

/// What went wrong while reading settings. Every message names the file, variable or
/// flag involved and what to do; none contains a secret or token.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error(
        "no webhook secret for profile '{profile}': pass --secret-file PATH, set \
         ROOMZ_WEBHOOK_SECRET, or run `roomz-hook init` to save one in {}",
        path.display()
    )]
    MissingSecret { profile: String, path: PathBuf },

    #[error(
        "cannot tell where the config file is: set ROOMZ_HOOK_CONFIG (or HOME or \
         XDG_CONFIG_HOME), or pass --config PATH"
    )]
    NoConfigLocation,

    #[error("environment variable {var} is not valid UTF-8: fix or unset it")]
    EnvNotUnicode { var: &'static str },

    #[error(
        "the profile name from {from} is empty: name a profile, or leave it unset to use 'default'"
    )]
    EmptyProfileName { from: Source },

    #[error(
        "profile '{name}' (from {from}) is not in {}; {}. Create it with \
         `roomz-hook init --profile {name}`",
        path.display(),
        list_profiles(available)
    )]
    UnknownProfile {
        name: String,
        from: Source,
        path: PathBuf,
        available: Vec<String>,
    },

    #[error("cannot read config file {}: {error}", path.display())]
    ReadConfig { path: PathBuf, error: io::Error },

    #[error(
        "config file {} is not valid at line {line}, column {column}: {message} \
         (settings go in [profiles.NAME] tables; fix the file, or move it away and run \
         `roomz-hook init`)",
        path.display()
    )]
    ConfigSyntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    #[error("cannot write config file {}: {error}", path.display())]
    WriteConfig { path: PathBuf, error: io::Error },

    #[error("cannot encode the settings for {}: {message}", path.display())]
    SerializeConfig { path: PathBuf, message: String },

    #[error("cannot read {} (given to {flag}): {error}", path.display())]
    ReadSecretFile {
        flag: &'static str,
        path: PathBuf,
        error: io::Error,
    },

    #[error("{} (given to {flag}) is not UTF-8 text: save the secret as plain text", path.display())]
    SecretFileNotUtf8 { flag: &'static str, path: PathBuf },

    #[error("{} (given to {flag}) is empty: write the secret into it", path.display())]
    EmptySecretFile { flag: &'static str, path: PathBuf },

    #[error("the secret from {from} is empty: give a non-empty secret, or unset it")]
    EmptySecret { from: Source },

    #[error("{name} from {from} must start with http:// or https://, got '{value}'")]
    InvalidUrl {
        name: &'static str,
        value: String,
        from: Source,
    },

    #[error("auth_scheme from {from} must be one word such as Bearer, got '{value}'")]
    InvalidAuthScheme { value: String, from: Source },

    #[error("the event store is turned off (--no-store): drop --no-store to use it")]
    StoreDisabled,

    #[error(
        "cannot tell where the event store goes: pass --store PATH, set ROOMZ_HOOK_STORE, \
         or set HOME or XDG_DATA_HOME"
    )]
    NoStoreLocation,
}

fn list_profiles(names: &[String]) -> String {
    if names.is_empty() {
        return "the file has no profiles".to_string();
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    format!("profiles there: {}", quoted.join(", "))
}

#[cfg(all(test, unix))]
mod tests;

mod generated;
pub use generated::{
    api_token_or_generate, secret_or_generate, GeneratedToken, DEFAULT_LISTEN_URL,
};
