//! The completion scripts checked in under completions/ must be what the binary prints
//! today. Regenerate with: UPDATE_COMPLETIONS=1 cargo test --test completions

mod common;

use common::Sandbox;
use std::path::Path;

const SHELLS: [(&str, &str); 5] = [
    ("bash", "roomz-hook.bash"),
    ("zsh", "_roomz-hook"),
    ("fish", "roomz-hook.fish"),
    ("powershell", "_roomz-hook.ps1"),
    ("elvish", "roomz-hook.elv"),
];

#[test]
fn checked_in_completions_are_current() {
    let sandbox = Sandbox::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    for (shell, file) in SHELLS {
        let output = sandbox.cmd().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "completions {shell} failed");
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("roomz-hook"),
            "{shell} script does not mention the binary"
        );
        let path = dir.join(file);
        if update {
            std::fs::write(&path, &output.stdout).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(&output.stdout[..]) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "stale completion scripts {stale:?}: run `UPDATE_COMPLETIONS=1 cargo test --test completions`"
    );
}

#[test]
fn unknown_shell_is_a_usage_error() {
    Sandbox::new()
        .cmd()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("invalid value 'tcsh'"));
}
