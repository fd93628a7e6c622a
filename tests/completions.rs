//! Completion as a user gets it: the registration line `completions SHELL` prints is
//! loaded into a real bash, zsh and fish, and the shell's own completion machinery asks
//! the binary for candidates. A missing shell fails the test (`.ci/run` installs them).

mod common;

use common::Sandbox;
use std::path::Path;
use std::process::Command;

/// A shell with the sandbox's environment and the binary's directory first on PATH, so the
/// registration's `roomz-hook` is the binary under test.
fn shell(sandbox: &Sandbox, program: &str) -> Command {
    let bin_dir = common::binary().parent().unwrap().to_path_buf();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![bin_dir];
    dirs.extend(std::env::split_paths(&path));
    let mut cmd = Command::new(program);
    for var in [
        "ROOMZ_HOOK_PROFILE",
        "ROOMZ_HOOK_STORE",
        "ROOMZ_WEBHOOK_SECRET",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("ROOMZ_HOOK_CONFIG", sandbox.path("config.toml"))
        .env("XDG_CONFIG_HOME", sandbox.path("xdg-config"))
        .env("XDG_DATA_HOME", sandbox.path("xdg-data"))
        .env("HOME", sandbox.dir.path())
        .env("PATH", std::env::join_paths(dirs).unwrap())
        .current_dir(sandbox.dir.path());
    cmd
}

fn run(mut cmd: Command, what: &str) -> Vec<String> {
    let output = cmd.output().unwrap_or_else(|e| {
        panic!("cannot run {what}: {e} (install it: apt-get install zsh fish, or run .ci/run)")
    });
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{what} failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout.lines().map(|l| l.trim().to_owned()).collect()
}

/// bash: the registered function called as readline calls it, with COMP_WORDS/COMP_CWORD.
fn bash_complete(sandbox: &Sandbox, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        r#"source <(roomz-hook completions bash) || exit 9
COMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE="${{COMP_WORDS[*]}}"; COMP_POINT=${{#COMP_LINE}}
complete -p roomz-hook >/dev/null || exit 8
fn=$(complete -p roomz-hook | sed -n 's/.*-F \([^ ]*\).*/\1/p')
"$fn" roomz-hook "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
        words = quoted.join(" "),
        cword = words.len() - 1,
    );
    let mut cmd = shell(sandbox, "bash");
    cmd.args(["--norc", "--noprofile", "-c", &script]);
    run(cmd, "bash")
}

/// fish: `complete -C` is fish's own completion of a command line.
fn fish_complete(sandbox: &Sandbox, line: &str) -> Vec<String> {
    let script = format!("roomz-hook completions fish | source; complete -C '{line}'");
    let mut cmd = shell(sandbox, "fish");
    cmd.args(["--no-config", "-c", &script]);
    // fish prints "candidate<TAB>description".
    run(cmd, "fish")
        .into_iter()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .collect()
}

/// zsh: the registered completer run by zsh with the `words` and `CURRENT` its completion
/// system sets. `_describe`, the completion system's display function (which needs a
/// live line editor), is replaced by one that prints the candidates it is handed.
fn zsh_complete(sandbox: &Sandbox, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        r#"compdef() {{ registered=$2 }}
_describe() {{ print -rl -- "${{(@P)${{@[-1]}}}}" }}
source <(roomz-hook completions zsh) || exit 9
[[ $registered == roomz-hook ]] || exit 8
words=({words}); CURRENT={current}
_clap_dynamic_completer_roomz_hook"#,
        words = quoted.join(" "),
        current = words.len(),
    );
    let mut cmd = shell(sandbox, "zsh");
    cmd.args(["-f", "-c", &script]);
    run(cmd, "zsh")
        .into_iter()
        .map(|l| l.split(':').next().unwrap_or_default().to_owned())
        .collect()
}

fn assert_offers(candidates: &[String], expected: &[&str], shell: &str) {
    for want in expected {
        assert!(
            candidates.iter().any(|c| c == want),
            "{shell} does not offer {want:?}; it offered {candidates:?}"
        );
    }
}

#[test]
fn bash_completes_subcommands_and_their_flags() {
    let sandbox = Sandbox::new();
    let subcommands = bash_complete(&sandbox, &["roomz-hook", ""]);
    assert_offers(&subcommands, &["listen", "events", "trigger"], "bash");
    let events = bash_complete(&sandbox, &["roomz-hook", "events", ""]);
    assert_offers(&events, &["list", "show", "export", "prune"], "bash");
    let flags = bash_complete(&sandbox, &["roomz-hook", "listen", "--po"]);
    assert_offers(&flags, &["--port"], "bash");
}

#[test]
fn zsh_completes_subcommands() {
    let sandbox = Sandbox::new();
    let events = zsh_complete(&sandbox, &["roomz-hook", "events", ""]);
    assert_offers(&events, &["list", "show", "export", "prune"], "zsh");
}

#[test]
fn fish_completes_subcommands() {
    let sandbox = Sandbox::new();
    let events = fish_complete(&sandbox, "roomz-hook events ");
    assert_offers(&events, &["list", "show", "export", "prune"], "fish");
}

#[test]
fn trigger_offers_the_event_types() {
    let sandbox = Sandbox::new();
    let types: Vec<&str> = roomz_hook::core::event::type_names().collect();
    let types = &types[..];
    assert_offers(
        &bash_complete(&sandbox, &["roomz-hook", "trigger", ""]),
        types,
        "bash",
    );
    assert_offers(
        &fish_complete(&sandbox, "roomz-hook trigger "),
        types,
        "fish",
    );
    assert_offers(
        &zsh_complete(&sandbox, &["roomz-hook", "trigger", ""]),
        types,
        "zsh",
    );
}

#[test]
fn events_show_and_fetch_offer_stored_ids() {
    let sandbox = Sandbox::new();
    let capture = sandbox.write(
        "event.json",
        r#"{"id":"6f1c9a52-4b8e-4d3a-9c1f-2e7b5a8d0c41","type":"workspace.presence.changed","timestamp":"2026-12-01T10:00:00Z","data":{"workspaceId":"0b5e1c8a-8d7f-4a43-9a53-3c2f4d1e6a70","presenceStatus":"Free"}}"#,
    );
    import_into_store(&sandbox, &capture);
    let id = "6f1c9a52-4b8e-4d3a-9c1f-2e7b5a8d0c41";
    assert_offers(
        &bash_complete(&sandbox, &["roomz-hook", "events", "show", ""]),
        &[id],
        "bash",
    );
    assert_offers(&fish_complete(&sandbox, "roomz-hook fetch "), &[id], "fish");
    assert_offers(
        &zsh_complete(&sandbox, &["roomz-hook", "events", "show", ""]),
        &[id],
        "zsh",
    );
}

#[test]
fn completing_ids_creates_no_store() {
    let sandbox = Sandbox::new();
    let offered = bash_complete(&sandbox, &["roomz-hook", "events", "show", ""]);
    // With nothing stored there is no id to offer, only the flags.
    assert!(
        offered.iter().all(|c| c.starts_with('-')),
        "offered {offered:?}"
    );
    assert!(
        !sandbox.path("xdg-data/roomz-hook/events.db").exists(),
        "completion created a store"
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

/// Stores one request the way a user does: a listener, and `replay` to it.
fn import_into_store(sandbox: &Sandbox, capture: &Path) {
    let secret = sandbox.secret_file("whsec_completion");
    let secret = secret.to_str().unwrap();
    let listener =
        common::RunningListener::start(sandbox, &["--count", "1", "--secret-file", secret]);
    sandbox
        .cmd()
        .args([
            "replay",
            &listener.url,
            capture.to_str().unwrap(),
            "--secret-file",
            secret,
        ])
        .assert()
        .success();
    let (code, _) = listener.stop();
    assert!(code.is_some());
}
