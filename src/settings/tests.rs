//! Tests for settings resolution. Each test builds its own `Env` and temporary home,
//! so none reads or changes the process environment.

use super::*;
use std::os::unix::fs::PermissionsExt;
use tempfile::TempDir;

const SECRET: &str = "whsec_super_secret_value";
const TOKEN: &str = "tok_very_private_token";

/// A temporary home directory with (optionally) a config file in the default place.
struct Home {
    dir: TempDir,
}

impl Home {
    fn new() -> Self {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn config_path(&self) -> PathBuf {
        self.path().join(".config/roomz-hook/config.toml")
    }

    fn write_config(&self, text: &str) -> PathBuf {
        let path = self.config_path();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn write_file(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// An environment with HOME set to this directory plus the given variables.
    fn env(&self, pairs: &[(&str, &str)]) -> Env {
        let home = self.path().to_str().unwrap().to_string();
        let mut all = vec![("HOME".to_string(), home)];
        all.extend(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Env::from_pairs(all)
    }

    fn resolve(&self, overrides: &Overrides, pairs: &[(&str, &str)]) -> Settings {
        Settings::resolve(overrides, &self.env(pairs)).unwrap()
    }

    fn resolve_err(&self, overrides: &Overrides, pairs: &[(&str, &str)]) -> SettingsError {
        Settings::resolve(overrides, &self.env(pairs)).unwrap_err()
    }

    fn profile_source(&self, name: &str) -> Source {
        Source::Profile {
            name: name.to_string(),
            path: self.config_path(),
        }
    }
}

fn secret_value(settings: &Settings) -> (&str, &Source) {
    let s = settings.secret.as_ref().expect("a secret");
    (s.value.expose(), &s.source)
}

const FULL_CONFIG: &str = r#"
[profiles.default]
secret = "from-profile"
api_url = "https://profile.example"
api_token = "profile-token"

[profiles.staging]
secret = "staging-secret"
api_url = "https://staging.example"
auth_scheme = "Token"
"#;

// ---- secret precedence ---------------------------------------------------------------

#[test]
fn secret_file_beats_flag_env_and_profile() {
    let home = Home::new();
    home.write_config(FULL_CONFIG);
    let file = home.write_file("secret.txt", "from-file\n");
    let overrides = Overrides {
        secret_file: Some(file),
        secret: Some("from-flag".into()),
        ..Overrides::default()
    };
    let settings = home.resolve(&overrides, &[(ENV_SECRET, "from-env")]);
    assert_eq!(
        secret_value(&settings),
        ("from-file", &Source::Flag("--secret-file"))
    );
}

#[test]
fn secret_flag_beats_env_and_profile() {
    let home = Home::new();
    home.write_config(FULL_CONFIG);
    let overrides = Overrides {
        secret: Some("from-flag".into()),
        ..Overrides::default()
    };
    let settings = home.resolve(&overrides, &[(ENV_SECRET, "from-env")]);
    assert_eq!(
        secret_value(&settings),
        ("from-flag", &Source::Flag("--secret"))
    );
}

#[test]
fn secret_env_beats_profile() {
    let home = Home::new();
    home.write_config(FULL_CONFIG);
    let settings = home.resolve(&Overrides::default(), &[(ENV_SECRET, "from-env")]);
    assert_eq!(
        secret_value(&settings),
        ("from-env", &Source::Env(ENV_SECRET))
    );
}

#[test]
fn secret_from_profile_then_none() {
    let home = Home::new();
    home.write_config(FULL_CONFIG);
    let settings = home.resolve(&Overrides::default(), &[]);
    assert_eq!(
        secret_value(&settings),
        ("from-profile", &home.profile_source("default"))
    );

    let empty = Home::new();
    assert!(empty.resolve(&Overrides::default(), &[]).secret.is_none());
}

#[test]
fn empty_env_value_counts_as_unset() {
    let home = Home::new();
    home.write_config(FULL_CONFIG);
    let settings = home.resolve(&Overrides::default(), &[(ENV_SECRET, "")]);
    assert_eq!(secret_value(&settings).0, "from-profile");
    assert_eq!(Env::from_pairs([("A", "")]).get("A"), None);
    assert_eq!(Env::from_pairs([("A", "x")]).get("A"), Some("x"));
}

#[test]
fn empty_secret_flag_is_an_error() {
    let home = Home::new();
    let overrides = Overrides {
        secret: Some(String::new()),
        ..Overrides::default()
    };
    let message = home.resolve_err(&overrides, &[]).to_string();
    assert!(message.contains("flag --secret"), "{message}");
}

#[test]
fn secret_file_drops_one_trailing_newline() {
    let home = Home::new();
    let file = home.write_file("secret.txt", "whsec_abc\n");
    let overrides = Overrides {
        secret_file: Some(file),
        ..Overrides::default()
    };
    let settings = home.resolve(&overrides, &[]);
    assert_eq!(secret_value(&settings).0, "whsec_abc");
}

#[test]
fn empty_secret_file_is_an_error_naming_the_path() {
    let home = Home::new();
    for contents in ["", "\n"] {
        let file = home.write_file("empty.txt", contents);
        let overrides = Overrides {
            secret_file: Some(file.clone()),
            ..Overrides::default()
        };
        let err = home.resolve_err(&overrides, &[]);
        assert!(
            matches!(err, SettingsError::EmptySecretFile { .. }),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(message.contains(&file.display().to_string()), "{message}");
        assert!(message.contains("--secret-file"), "{message}");
    }
}

#[test]
fn unreadable_secret_file_names_the_path() {
    let home = Home::new();
    let missing = home.path().join("nope.txt");
    let overrides = Overrides {
        secret_file: Some(missing.clone()),
        ..Overrides::default()
    };
    let message = home.resolve_err(&overrides, &[]).to_string();
    assert!(
        message.contains(&missing.display().to_string()),
        "{message}"
    );
    assert!(message.contains("--secret-file"), "{message}");
}

#[test]
fn require_secret_says_every_way_to_give_one() {
    let home = Home::new();
    let settings = home.resolve(&Overrides::default(), &[]);
    let message = settings.require_secret().unwrap_err().to_string();
    for needle in ["--secret-file", "ROOMZ_WEBHOOK_SECRET", "roomz-hook init"] {
        assert!(message.contains(needle), "{needle} missing in: {message}");
    }

    let with = home.resolve(&Overrides::default(), &[(ENV_SECRET, "s")]);
    assert_eq!(with.require_secret().unwrap().expose(), "s");
}

// ---- api url, token, scheme -------------------------------------------------------------

#[test]
fn api_url_flag_beats_env_beats_profile() {
    let home = Home::new();
    home.write_config(FULL_CONFIG);
    let env = [(ENV_API_URL, "https://env.example")];
    let flag = Overrides {
        api_url: Some("https://flag.example".into()),
        ..Overrides::default()
    };
    let url = |s: &Settings| s.api_url.clone().map(|u| (u.value, u.source));

    assert_eq!(
        url(&home.resolve(&flag, &env)),
        Some(("https://flag.example".into(), Source::Flag("--api-url")))
    );
    assert_eq!(
        url(&home.resolve(&Overrides::default(), &env)),
        Some(("https://env.example".into(), Source::Env(ENV_API_URL)))
    );
    assert_eq!(
        url(&home.resolve(&Overrides::default(), &[])),
        Some((
            "https://profile.example".into(),
            home.profile_source("default")
        ))
    );
    assert_eq!(url(&Home::new().resolve(&Overrides::default(), &[])), None);
}

#[test]
fn urls_must_be_http_and_errors_name_the_source() {
    let home = Home::new();
    let err = home.resolve_err(&Overrides::default(), &[(ENV_API_URL, "localhost:8080")]);
    let message = err.to_string();
    assert!(message.contains("env ROOMZ_API_URL"), "{message}");
    assert!(message.contains("localhost:8080"), "{message}");

    home.write_config("[profiles.default]\nlisten_url = \"ftp://x\"\n");
    let message = home.resolve_err(&Overrides::default(), &[]).to_string();
    assert!(
        message.contains("listen_url from profile 'default'"),
        "{message}"
    );

    for bad in ["http://", "https:// spaced", "HTTP"] {
        let overrides = Overrides {
            webhook_url: Some(bad.into()),
            ..Overrides::default()
        };
        assert!(
            Settings::resolve(&overrides, &home.env(&[])).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn api_token_env_beats_profile_and_token_file_beats_env() {
    let home = Home::new();
    home.write_config(FULL_CONFIG);
    let token = |s: &Settings| {
        let t = s.api_token.as_ref().unwrap();
        (t.value.expose().to_string(), t.source.clone())
    };
    let from_profile = home.resolve(&Overrides::default(), &[]);
    assert_eq!(
        token(&from_profile),
        ("profile-token".into(), home.profile_source("default"))
    );
    let from_env = home.resolve(&Overrides::default(), &[(ENV_API_TOKEN, "env-token")]);
    assert_eq!(
        token(&from_env),
        ("env-token".into(), Source::Env(ENV_API_TOKEN))
    );
    let file = home.write_file("token.txt", "file-token\n");
    let overrides = Overrides {
        token_file: Some(file),
        ..Overrides::default()
    };
    let from_file = home.resolve(&overrides, &[(ENV_API_TOKEN, "env-token")]);
    assert_eq!(
        token(&from_file),
        ("file-token".into(), Source::Flag("--token-file"))
    );
}

#[test]
fn auth_scheme_defaults_to_basic() {
    let home = Home::new();
    home.write_config(FULL_CONFIG);
    let default = home.resolve(&Overrides::default(), &[]);
    assert_eq!(
        default.auth_scheme,
        Setting::new("Basic".to_string(), Source::Default)
    );
    let staging = home.resolve(&Overrides::default(), &[(ENV_PROFILE, "staging")]);
    assert_eq!(staging.auth_scheme.value, "Token");

    home.write_config("[profiles.default]\nauth_scheme = \"Two words\"\n");
    let message = home.resolve_err(&Overrides::default(), &[]).to_string();
    assert!(
        message.contains("auth_scheme from profile 'default'"),
        "{message}"
    );
}

// ---- profiles ---------------------------------------------------------------------------

#[test]
fn profile_from_flag_beats_env_beats_default() {
    let home = Home::new();
    home.write_config(FULL_CONFIG);
    let staging = home.resolve(&Overrides::default(), &[(ENV_PROFILE, "staging")]);
    assert_eq!(staging.profile, "staging");
    assert_eq!(staging.profile_source, Source::Env(ENV_PROFILE));
    assert_eq!(secret_value(&staging).0, "staging-secret");
    assert_eq!(staging.api_url.unwrap().value, "https://staging.example");

    let flag = Overrides {
        profile: Some("default".into()),
        ..Overrides::default()
    };
    let chosen = home.resolve(&flag, &[(ENV_PROFILE, "staging")]);
    assert_eq!(chosen.profile, "default");
    assert_eq!(chosen.profile_source, Source::Flag("--profile"));

    let default = home.resolve(&Overrides::default(), &[]);
    assert_eq!(default.profile, "default");
    assert_eq!(default.profile_source, Source::Default);
}

#[test]
fn explicitly_named_unknown_profile_lists_the_existing_ones() {
    let home = Home::new();
    let path = home.write_config(FULL_CONFIG);
    let overrides = Overrides {
        profile: Some("prod".into()),
        ..Overrides::default()
    };
    let message = home.resolve_err(&overrides, &[]).to_string();
    for needle in [
        "'prod'",
        "flag --profile",
        "'default', 'staging'",
        &path.display().to_string(),
        "roomz-hook init --profile prod",
    ] {
        assert!(message.contains(needle), "{needle} missing in: {message}");
    }
    let message = home
        .resolve_err(&Overrides::default(), &[(ENV_PROFILE, "prod")])
        .to_string();
    assert!(message.contains("env ROOMZ_HOOK_PROFILE"), "{message}");

    let creating = Overrides {
        allow_new_profile: true,
        ..overrides
    };
    assert!(home.resolve(&creating, &[]).secret.is_none());
}

#[test]
fn missing_default_profile_or_missing_file_is_not_an_error() {
    let home = Home::new();
    home.write_config("[profiles.staging]\nsecret = \"s\"\n");
    let settings = home.resolve(&Overrides::default(), &[]);
    assert!(settings.secret.is_none());
    assert!(settings.config_exists);

    let empty = Home::new();
    let named = Overrides {
        profile: Some("prod".into()),
        ..Overrides::default()
    };
    let settings = empty.resolve(&named, &[]);
    assert!(!settings.config_exists);
    assert_eq!(settings.profile, "prod");
}

#[test]
fn empty_profile_name_is_an_error() {
    let home = Home::new();
    let overrides = Overrides {
        profile: Some(" ".into()),
        ..Overrides::default()
    };
    let message = home.resolve_err(&overrides, &[]).to_string();
    assert!(message.contains("flag --profile"), "{message}");
}

// ---- config file location and parsing ---------------------------------------------------

#[test]
fn config_path_flag_env_xdg_home() {
    let home = Home::new();
    let flag = Overrides {
        config_path: Some("/flag/config.toml".into()),
        ..Overrides::default()
    };
    let env = [
        (ENV_CONFIG, "/env/config.toml"),
        ("XDG_CONFIG_HOME", "/xdg"),
    ];
    let s = home.resolve(&flag, &env);
    assert_eq!(
        (s.config_path, s.config_path_source),
        ("/flag/config.toml".into(), Source::Flag("--config"))
    );
    let s = home.resolve(&Overrides::default(), &env);
    assert_eq!(
        (s.config_path, s.config_path_source),
        ("/env/config.toml".into(), Source::Env(ENV_CONFIG))
    );
    let s = home.resolve(&Overrides::default(), &env[1..]);
    assert_eq!(s.config_path, PathBuf::from("/xdg/roomz-hook/config.toml"));
    // A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
    let s = home.resolve(&Overrides::default(), &[("XDG_CONFIG_HOME", "rel")]);
    assert_eq!(s.config_path, home.config_path());
    assert_eq!(s.config_path_source, Source::Default);

    let err = Settings::resolve(&Overrides::default(), &Env::default()).unwrap_err();
    assert!(matches!(err, SettingsError::NoConfigLocation), "{err:?}");
    assert!(err.to_string().contains("ROOMZ_HOOK_CONFIG"));
}

#[test]
fn malformed_toml_names_the_path_and_line() {
    let home = Home::new();
    let path = home.write_config("[profiles.default]\napi_url = \"https://x\"\nthis is not toml\n");
    let err = home.resolve_err(&Overrides::default(), &[]);
    let SettingsError::ConfigSyntax { line, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(*line, 3);
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("line 3, column"), "{message}");
}

#[test]
fn unknown_key_is_named() {
    let home = Home::new();
    home.write_config("[profiles.default]\nsecrt = \"x\"\n");
    let message = home.resolve_err(&Overrides::default(), &[]).to_string();
    assert!(message.contains("unknown field `secrt`"), "{message}");
    assert!(message.contains("line 2"), "{message}");

    home.write_config("secret = \"x\"\n");
    let message = home.resolve_err(&Overrides::default(), &[]).to_string();
    assert!(message.contains("unknown field `secret`"), "{message}");
    assert!(message.contains("[profiles.NAME]"), "{message}");
}

#[test]
fn line_column_counts_from_one() {
    assert_eq!(line_column("ab\ncd", 0), (1, 1));
    assert_eq!(line_column("ab\ncd", 4), (2, 2));
    assert_eq!(line_column("é\nx", 99), (2, 2));
}

// ---- store ------------------------------------------------------------------------------

#[test]
fn store_path_precedence_and_no_store() {
    let home = Home::new();
    let store = |s: &Settings| s.store_path.clone().map(|p| (p.value, p.source));

    let s = home.resolve(&Overrides::default(), &[]);
    assert_eq!(
        store(&s),
        Some((
            home.path().join(".local/share/roomz-hook/events.db"),
            Source::Default
        ))
    );
    let s = home.resolve(&Overrides::default(), &[("XDG_DATA_HOME", "/data")]);
    assert_eq!(
        store(&s).unwrap().0,
        PathBuf::from("/data/roomz-hook/events.db")
    );

    home.write_config("[profiles.default]\nstore = \"events.db\"\n");
    let s = home.resolve(&Overrides::default(), &[]);
    assert_eq!(
        store(&s),
        Some((
            home.config_path().parent().unwrap().join("events.db"),
            home.profile_source("default")
        ))
    );
    let env = [(ENV_STORE, "/env.db")];
    let s = home.resolve(&Overrides::default(), &env);
    assert_eq!(store(&s), Some(("/env.db".into(), Source::Env(ENV_STORE))));
    let flag = Overrides {
        store_path: Some("/flag.db".into()),
        ..Overrides::default()
    };
    assert_eq!(
        store(&home.resolve(&flag, &env)),
        Some(("/flag.db".into(), Source::Flag("--store")))
    );
    let off = Overrides {
        no_store: true,
        ..flag
    };
    let s = home.resolve(&off, &env);
    assert_eq!(store(&s), None);
    assert!(matches!(
        s.require_store(),
        Err(SettingsError::StoreDisabled)
    ));
}

#[test]
fn profile_store_expands_tilde() {
    let home = Home::new();
    home.write_config("[profiles.default]\nstore = \"~/db/events.db\"\n");
    let s = home.resolve(&Overrides::default(), &[]);
    assert_eq!(s.require_store().unwrap(), home.path().join("db/events.db"));
}

// ---- saving -----------------------------------------------------------------------------

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn save_creates_private_dir_and_0600_file_with_header() {
    let home = Home::new();
    let path = home.path().join("new/dir/config.toml");
    let mut file = ConfigFile::default();
    file.profile_mut("default").secret = Some(SECRET.into());
    file.save(&path).unwrap();

    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    assert_eq!(ConfigFile::loose_permissions(&path), None);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# "), "{text}");
    assert!(text.lines().next().unwrap().contains("secrets"), "{text}");
    // No temporary file is left behind.
    assert_eq!(
        std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
        1
    );
}

#[test]
fn update_profile_makes_an_existing_0644_file_private() {
    let home = Home::new();
    let path = home.write_config(FULL_CONFIG);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(ConfigFile::loose_permissions(&path), Some(0o644));

    update_profile(&path, "default", |p| {
        p.listen_url = Some("http://127.0.0.1:8080/webhook".into());
    })
    .unwrap();

    assert_eq!(mode(&path), 0o600);
    assert_eq!(ConfigFile::loose_permissions(&path), None);
    let file = ConfigFile::load(&path).unwrap();
    let default = file.profile("default").unwrap();
    assert_eq!(default.secret.as_deref(), Some("from-profile"));
    assert_eq!(
        default.listen_url.as_deref(),
        Some("http://127.0.0.1:8080/webhook")
    );
    assert_eq!(file.profile_names(), ["default", "staging"]);
}

#[test]
fn update_profile_creates_the_file_and_profile() {
    let home = Home::new();
    let path = home.config_path();
    update_profile(&path, "dev", |p| p.secret = Some(SECRET.into())).unwrap();
    assert_eq!(mode(&path), 0o600);
    let s = home.resolve(&Overrides::default(), &[(ENV_PROFILE, "dev")]);
    assert_eq!(secret_value(&s), (SECRET, &home.profile_source("dev")));
}

#[test]
fn round_trip_keeps_every_field() {
    let home = Home::new();
    let path = home.path().join("config.toml");
    let mut file = ConfigFile::default();
    *file.profile_mut("default") = Profile {
        secret: Some(SECRET.into()),
        api_url: Some("https://api.example".into()),
        api_token: Some(TOKEN.into()),
        auth_scheme: Some("Token".into()),
        webhook_url: Some("https://hook.example/in".into()),
        listen_url: Some("http://127.0.0.1:9000/webhook".into()),
        store: Some("/tmp/events.db".into()),
        retain: Some("30d".into()),
    };
    file.profile_mut("empty");
    file.save(&path).unwrap();
    assert_eq!(ConfigFile::load(&path).unwrap(), file);
}

#[test]
fn missing_file_loads_empty() {
    let home = Home::new();
    let file = ConfigFile::load(&home.path().join("absent.toml")).unwrap();
    assert_eq!(file, ConfigFile::default());
    assert_eq!(
        ConfigFile::loose_permissions(&home.path().join("absent.toml")),
        None
    );
}

// ---- display and leaks ------------------------------------------------------------------

#[test]
fn entries_mask_secret_and_token_and_name_sources() {
    let home = Home::new();
    home.write_config(&format!(
        "[profiles.default]\nsecret = \"{SECRET}\"\napi_url = \"https://api.example\"\n"
    ));
    let settings = home.resolve(&Overrides::default(), &[(ENV_API_TOKEN, TOKEN)]);
    let entries = settings.entries();
    let find = |name: &str| entries.iter().find(|e| e.name == name).unwrap().clone();

    let secret = find("secret");
    let fingerprint = Secret::new(SECRET).fingerprint();
    assert_eq!(secret.fingerprint.as_deref(), Some(fingerprint.as_str()));
    assert!(secret.value.as_ref().unwrap().contains("whsec_********"));
    assert!(secret.value.as_ref().unwrap().contains(&fingerprint));
    let source = format!("profile 'default' in {}", home.config_path().display());
    assert_eq!(secret.source.as_deref(), Some(source.as_str()));

    assert_eq!(find("api_token").value.as_deref(), Some("********"));
    assert_eq!(
        find("api_token").source.as_deref(),
        Some("env ROOMZ_API_TOKEN")
    );
    assert_eq!(find("auth_scheme").source.as_deref(), Some("default"));
    assert_eq!(find("webhook_url").value, None);
    assert_eq!(find("profile").value.as_deref(), Some("default"));

    for e in &entries {
        let shown = format!("{e:?}");
        assert!(
            !shown.contains("super_secret") && !shown.contains(TOKEN),
            "{shown}"
        );
    }
}

/// One of each error variant. The `match` has no wildcard, so adding a variant without
/// adding it here fails to compile.
fn every_error() -> Vec<SettingsError> {
    let path = PathBuf::from("/home/u/.config/roomz-hook/config.toml");
    let io = || io::Error::new(io::ErrorKind::PermissionDenied, "Permission denied");
    let errors = vec![
        SettingsError::MissingSecret {
            profile: "default".into(),
            path: path.clone(),
        },
        SettingsError::NoConfigLocation,
        SettingsError::EnvNotUnicode { var: ENV_SECRET },
        SettingsError::EmptyProfileName {
            from: Source::Flag("--profile"),
        },
        SettingsError::UnknownProfile {
            name: "prod".into(),
            from: Source::Env(ENV_PROFILE),
            path: path.clone(),
            available: vec![],
        },
        SettingsError::ReadConfig {
            path: path.clone(),
            error: io(),
        },
        SettingsError::ConfigSyntax {
            path: path.clone(),
            line: 1,
            column: 1,
            message: "oops".into(),
        },
        SettingsError::WriteConfig {
            path: path.clone(),
            error: io(),
        },
        SettingsError::SerializeConfig {
            path: path.clone(),
            message: "oops".into(),
        },
        SettingsError::ReadSecretFile {
            flag: "--secret-file",
            path: path.clone(),
            error: io(),
        },
        SettingsError::SecretFileNotUtf8 {
            flag: "--secret-file",
            path: path.clone(),
        },
        SettingsError::EmptySecretFile {
            flag: "--token-file",
            path: path.clone(),
        },
        SettingsError::EmptySecret {
            from: Source::Flag("--secret"),
        },
        SettingsError::InvalidUrl {
            name: "api_url",
            value: "x".into(),
            from: Source::Default,
        },
        SettingsError::InvalidAuthScheme {
            value: "a b".into(),
            from: Source::Default,
        },
        SettingsError::StoreDisabled,
        SettingsError::NoStoreLocation,
    ];
    for error in &errors {
        match error {
            SettingsError::MissingSecret { .. }
            | SettingsError::NoConfigLocation
            | SettingsError::EnvNotUnicode { .. }
            | SettingsError::EmptyProfileName { .. }
            | SettingsError::UnknownProfile { .. }
            | SettingsError::ReadConfig { .. }
            | SettingsError::ConfigSyntax { .. }
            | SettingsError::WriteConfig { .. }
            | SettingsError::SerializeConfig { .. }
            | SettingsError::ReadSecretFile { .. }
            | SettingsError::SecretFileNotUtf8 { .. }
            | SettingsError::EmptySecretFile { .. }
            | SettingsError::EmptySecret { .. }
            | SettingsError::InvalidUrl { .. }
            | SettingsError::InvalidAuthScheme { .. }
            | SettingsError::StoreDisabled
            | SettingsError::NoStoreLocation => {}
        }
    }
    errors
}

/// Errors produced for real while the secret and token are set in every place they
/// can be, including config files whose secret line itself is broken.
fn errors_with_secret_around() -> Vec<SettingsError> {
    let home = Home::new();
    let secret_file = home.write_file("secret.txt", &format!("{SECRET}\n"));
    let with_secret = Overrides {
        secret: Some(SECRET.into()),
        secret_file: Some(secret_file),
        ..Overrides::default()
    };
    let env = [(ENV_SECRET, SECRET), (ENV_API_TOKEN, TOKEN)];
    let mut errors = Vec::new();
    let broken_files = [
        format!("[profiles.default]\nsecret = \"{SECRET}\nx = 1\n"),
        format!("[profiles.default]\nsecret = {SECRET}\n"),
        "[profiles.default]\nsecret = 123456789\n".to_string(),
        "[profiles.default]\napi_token = 987654321\n".to_string(),
        format!("[profiles.default]\nsecret = \"{SECRET}\"\nbogus = \"{TOKEN}\"\n"),
        format!("[profiles.default]\nsecret = \"{SECRET}\"\napi_url = \"nope\"\n"),
    ];
    for text in &broken_files {
        home.write_config(text);
        errors.push(home.resolve_err(&with_secret, &env));
    }
    home.write_config(&format!("[profiles.default]\nsecret = \"{SECRET}\"\n"));
    let unknown = Overrides {
        profile: Some("nope".into()),
        ..with_secret.clone()
    };
    errors.push(home.resolve_err(&unknown, &env));
    errors
}

#[test]
fn no_error_or_debug_output_contains_the_secret() {
    let mut shown: Vec<String> = Vec::new();
    for error in every_error().into_iter().chain(errors_with_secret_around()) {
        shown.push(error.to_string());
        shown.push(format!("{error:?}"));
    }
    let home = Home::new();
    home.write_config(&format!(
        "[profiles.default]\nsecret = \"{SECRET}\"\napi_token = \"{TOKEN}\"\n"
    ));
    let overrides = Overrides {
        secret: Some(SECRET.into()),
        ..Overrides::default()
    };
    let env = home.env(&[(ENV_SECRET, SECRET), (ENV_API_TOKEN, TOKEN)]);
    let settings = Settings::resolve(&overrides, &env).unwrap();
    let file = ConfigFile::load(&home.config_path()).unwrap();
    shown.push(format!("{settings:?}"));
    shown.push(format!("{overrides:?}"));
    shown.push(format!("{env:?}"));
    shown.push(format!("{file:?}"));
    shown.extend(settings.entries().iter().map(|e| format!("{e:?}")));

    for text in &shown {
        for leaked in ["super_secret", "very_private", "123456789", "987654321"] {
            assert!(!text.contains(leaked), "{leaked} leaked in: {text}");
        }
    }
    // The integer-secret error still says what is wrong.
    let typed = errors_with_secret_around()[2].to_string();
    assert!(
        typed.contains("expected a string, found integer"),
        "{typed}"
    );
}

#[test]
fn non_unicode_variable_is_reported_by_name() {
    let mut env = Env::from_pairs([("HOME", "/home/u")]);
    env.not_unicode.insert(ENV_SECRET.to_string());
    let message = Settings::resolve(&Overrides::default(), &env)
        .unwrap_err()
        .to_string();
    assert!(message.contains(ENV_SECRET), "{message}");
    // An unrelated non-UTF-8 variable does not matter.
    let mut env = Env::from_pairs([("HOME", "/home/u")]);
    env.not_unicode.insert("UNRELATED".to_string());
    assert!(Settings::resolve(&Overrides::default(), &env).is_ok());
}

#[test]
fn syntax_errors_print_on_one_line() {
    let home = Home::new();
    home.write_config("[profiles.default]\nsecret = bare\n");
    let message = home.resolve_err(&Overrides::default(), &[]).to_string();
    assert!(!message.contains('\n'), "{message}");
    assert!(
        message.contains("string values must be quoted"),
        "{message}"
    );
}

/// simulate's `$KEY` line: where the token is, without the token itself unless it
/// exists only for this run (and was shown once already).
#[test]
fn the_key_line_names_where_the_token_is_and_shows_it_only_when_saved_nowhere() {
    let home = Home::new();
    let api_url = "http://127.0.0.1:8090/v1";
    let from_env = home.resolve(&Overrides::default(), &[(ENV_API_TOKEN, "env-token")]);
    let line = api_token_or_generate(&from_env, api_url, false).key_line;
    assert_eq!(line, "KEY=\"$ROOMZ_API_TOKEN\"");

    let staging = Overrides {
        profile: Some("staging".into()),
        ..Overrides::default()
    };
    let generated = api_token_or_generate(&home.resolve(&staging, &[]), api_url, true);
    assert_eq!(
        generated.key_line,
        "KEY=$(roomz-hook --profile 'staging' config get api_token)"
    );
    assert!(!generated.key_line.contains(generated.token.expose()));
    let saved = home.resolve(&staging, &[]);
    let line = api_token_or_generate(&saved, api_url, true).key_line;
    assert_eq!(
        line, "KEY=$(roomz-hook --profile 'staging' config get api_token)",
        "configured in the profile now"
    );
    assert_eq!(
        saved.get("api_token").unwrap().as_deref(),
        Some(generated.token.expose())
    );

    let fresh = Home::new();
    let unsaved = api_token_or_generate(&fresh.resolve(&Overrides::default(), &[]), api_url, false);
    assert_eq!(unsaved.key_line, format!("KEY={}", unsaved.token.expose()));
    assert!(fresh
        .resolve(&Overrides::default(), &[])
        .get("secret")
        .is_err());
}
