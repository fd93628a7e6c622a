//! One module per subcommand: its clap arguments and an `exec` that wires them to the
//! core. The shared `Context` carries what every command needs: global flags, the
//! environment read once, and the output settings. `shared` holds the flags several
//! commands take.

pub mod check;
pub mod completions;
pub mod config;
pub mod events;
pub mod fetch;
pub mod init;
pub mod listen;
pub mod replay;
pub mod resend;
pub mod shared;
pub mod sign;
pub mod simulate;
pub mod trigger;
pub mod verify;

use crate::cli::GlobalArgs;
use crate::core::secret::Secret;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::settings::{Env, Overrides, Settings};

/// What a command gets besides its own flags.
pub struct Context {
    pub global: GlobalArgs,
    pub env: Env,
    pub out: Output,
}

impl Context {
    /// Flags, environment and config file merged (CONTRACT section 2 precedence).
    pub fn settings(&self) -> Result<Settings> {
        Settings::resolve(&self.overrides(), &self.env).map_err(Error::usage)
    }

    /// The webhook secret, or exit 2 naming where to put one.
    pub fn secret(&self) -> Result<Secret> {
        let settings = self.settings()?;
        let secret = settings.require_secret().map_err(Error::usage)?;
        if let Some(setting) = &settings.secret {
            // -v: which secret, by its fingerprint only, and where it came from.
            self.out.debug(format!(
                "secret {} from {}",
                secret.fingerprint(),
                setting.source
            ));
        }
        Ok(secret.clone())
    }

    /// The configured secret; without one, a development secret made now (see
    /// [`crate::settings::secret_or_generate`]), its note printed once.
    pub fn secret_or_generate(&self, settings: &Settings, save: bool) -> Secret {
        let (secret, note) = crate::settings::secret_or_generate(settings, save);
        if let Some(note) = note {
            self.out.note(note);
        }
        secret
    }

    pub fn overrides(&self) -> Overrides {
        Overrides {
            profile: self.global.profile.clone(),
            config_path: self.global.config.clone(),
            secret_file: self.global.secret_file.clone(),
            secret: self.global.secret.clone(),
            api_url: self.global.api_url.clone(),
            token_file: self.global.token_file.clone(),
            store_path: self.global.store.clone(),
            no_store: self.global.no_store,
            ..Overrides::default()
        }
    }
}
