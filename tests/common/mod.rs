//! Helpers shared by the integration tests: a sandbox with its own config file and data
//! directory, so that no test reads the developer's settings, and the real binary.
#![allow(dead_code)] // each test file uses a different subset

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The secret the reference vectors in fixtures/vectors/ were signed with.
pub const VECTOR_SECRET: &str = "whsec_example_secret";
/// The demo secret of fixtures/captures/ (documented in README.md).
pub const DEMO_SECRET: &str = "whsec_roomz_hook_demo";

pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(relative)
}

/// A private directory for one test: config, data and input files live here.
pub struct Sandbox {
    pub dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `bytes` exactly to `name` and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).expect("write test file");
        path
    }

    /// A secret file holding exactly `secret`.
    pub fn secret_file(&self, secret: &str) -> PathBuf {
        self.write("secret.txt", secret)
    }

    /// The real binary, isolated from the developer's environment and settings.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("roomz-hook").expect("binary built");
        for var in [
            "ROOMZ_WEBHOOK_SECRET",
            "ROOMZ_API_URL",
            "ROOMZ_API_TOKEN",
            "ROOMZ_HOOK_PROFILE",
            "ROOMZ_HOOK_STORE",
            "NO_COLOR",
            "CLICOLOR_FORCE",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("ROOMZ_HOOK_CONFIG", self.path("config.toml"))
            .env("XDG_CONFIG_HOME", self.path("xdg-config"))
            .env("XDG_DATA_HOME", self.path("xdg-data"))
            .env("HOME", self.dir.path())
            .current_dir(self.dir.path());
        cmd
    }
}

/// Output as text, for assertions.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
