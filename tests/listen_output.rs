//! What `listen` tells a person, over real sockets with the real binary: why an invalid
//! signature failed (verify's diagnosis, on the line and as `hint` in the record), clock
//! times in the zone `TZ` names with their offset, a secret changed in another terminal
//! while it runs, and, on a real terminal (a pty from util-linux `script`), the Ctrl-C
//! summary on a line of its own and the URL an interactive listen saves.

mod common;

use common::{event_body, post, signature_of, std_command, Collected, RunningListener, Sandbox};
use serde_json::Value;
use std::process::{Child, Stdio};
use std::time::Duration;

const SECRET: &str = "whsec_listen_output_secret";
const ID1: &str = "6d1f3a52-6a3e-4d8e-9a57-0c1f0e1d2a01";
const ID2: &str = "6d1f3a52-6a3e-4d8e-9a57-0c1f0e1d2a02";
const ID3: &str = "6d1f3a52-6a3e-4d8e-9a57-0c1f0e1d2a03";
const NEWLINE_ADDED: &str = "a trailing newline was added to the body after it was signed";
const UNEXPLAINED: &str = "wrong secret or body changed in transit";

/// A request for `id` signed with `secret`, its body changed by `alter` after signing.
fn signed_with(secret: &str, id: &str, alter: fn(&mut Vec<u8>)) -> Vec<u8> {
    let body = event_body(id).into_bytes();
    let signature = signature_of(secret, &body);
    let mut sent = body;
    alter(&mut sent);
    post("/webhook", &[("Roomz-Signature", &signature)], &sent)
}

fn unchanged(_: &mut Vec<u8>) {}

fn newline_added(body: &mut Vec<u8>) {
    body.push(b'\n');
}

fn stored_with(sandbox: &Sandbox, args: &[&str]) -> Value {
    let output = sandbox.cmd().args(args).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn an_invalid_signature_carries_verify_s_diagnosis_in_the_record_and_the_store() {
    let sandbox = Sandbox::new();
    let secret = sandbox.secret_file(SECRET);
    let store = sandbox.path("events.db");
    let listener = RunningListener::start(
        &sandbox,
        &[
            "--secret-file",
            secret.to_str().unwrap(),
            "--store",
            store.to_str().unwrap(),
        ],
    );
    let (status, _) = listener.send(&signed_with(SECRET, ID1, newline_added));
    assert_eq!(status, 401);
    let line = listener.next_line();
    assert_eq!(line["signature"], "invalid");
    assert_eq!(line["hint"], NEWLINE_ADDED, "{line}");
    // The line is itself a capture, and `verify` says the same of it.
    let capture = sandbox.write("invalid.ndjson", format!("{line}\n"));
    let verified = sandbox
        .cmd()
        .args(["verify", "--json", "--secret", SECRET])
        .arg(&capture)
        .output()
        .unwrap();
    assert_eq!(verified.status.code(), Some(1), "{verified:?}");
    let verified: Value = serde_json::from_slice(&verified.stdout).unwrap();
    assert_eq!(verified["results"][0]["hint"], NEWLINE_ADDED, "{verified}");

    let (status, _) = listener.send(&signed_with("whsec_another", ID2, unchanged));
    assert_eq!(status, 401);
    assert_eq!(listener.next_line()["hint"], UNEXPLAINED);

    // A signature that is no signature at all says what is wrong with it.
    let body = event_body(ID3);
    let (status, _) = listener.send(&post(
        "/webhook",
        &[("Roomz-Signature", "not a signature!")],
        body.as_bytes(),
    ));
    assert_eq!(status, 401);
    let hint = listener.next_line()["hint"].as_str().unwrap().to_string();
    assert!(
        hint.starts_with("the signature is neither base64 nor hex"),
        "{hint}"
    );

    // Valid and missing signatures have no hint at all (not even null).
    assert_eq!(listener.send(&signed_with(SECRET, ID3, unchanged)).0, 200);
    let valid = listener.next_line();
    assert_eq!(valid["signature"], "valid");
    assert!(valid.get("hint").is_none(), "{valid}");
    assert_eq!(
        listener.send(&post("/webhook", &[], body.as_bytes())).0,
        401
    );
    let missing = listener.next_line();
    assert_eq!(missing["signature"], "missing");
    assert!(missing.get("hint").is_none(), "{missing}");
    let (code, _) = listener.stop();
    assert_eq!(code, Some(1), "invalid requests arrived");

    // Stored with the row: `events show --json` is the same record, hint included.
    let store = store.to_str().unwrap();
    let first = stored_with(
        &sandbox,
        &["events", "show", "#1", "--json", "--store", store],
    );
    assert_eq!(first["hint"], NEWLINE_ADDED, "{first}");
    let fourth = stored_with(
        &sandbox,
        &["events", "show", "#4", "--json", "--store", store],
    );
    assert!(fourth.get("hint").is_none(), "{fourth}");
    let human = sandbox
        .cmd()
        .args(["events", "show", "#1", "--store", store])
        .output()
        .unwrap();
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(
        human.contains(&format!("\nhint: {NEWLINE_ADDED}\n")),
        "{human}"
    );
}

/// A listener printing human lines: stdout and stderr gathered as they come.
struct HumanListener {
    child: Child,
    addr: String,
    stdout: Collected,
    stderr: Collected,
}

impl HumanListener {
    fn start(sandbox: &Sandbox, tz: &str, extra: &[&str]) -> HumanListener {
        let mut command = std_command(sandbox);
        command
            .args(["listen", "--port", "0", "--no-store"])
            .args(extra)
            .env("TZ", tz)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        let stdout = Collected::new(child.stdout.take().unwrap());
        let stderr = Collected::new(child.stderr.take().unwrap());
        let addr = stderr
            .wait_for(Duration::from_secs(30), |text| {
                let rest = text.split("listening on http://").nth(1)?;
                Some(rest.split('/').next()?.to_string())
            })
            .unwrap_or_else(|stderr| panic!("listen did not start: {stderr}"));
        HumanListener {
            child,
            addr,
            stdout,
            stderr,
        }
    }

    /// Sends `request` and waits for the `n`th line (from 1) of stdout that starts a
    /// request's line (not a continuation line), returning it with its continuations.
    fn send(&self, request: &[u8], n: usize) -> String {
        common::exchange(&self.addr, request);
        self.stdout
            .wait_for(Duration::from_secs(20), |text| {
                // Whole once it ends with a newline: the printer writes a request's line
                // and its continuations in one write.
                if !text.ends_with('\n') {
                    return None;
                }
                let mut entries: Vec<String> = Vec::new();
                for line in text.split_inclusive('\n') {
                    match entries.last_mut() {
                        Some(entry) if line.starts_with(' ') => entry.push_str(line),
                        _ => entries.push(line.to_string()),
                    }
                }
                entries.get(n - 1).cloned()
            })
            .unwrap_or_else(|stdout| panic!("no line {n}: {stdout}"))
    }
}

impl Drop for HumanListener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_human_line_says_why_the_signature_failed() {
    let sandbox = Sandbox::new();
    let listener = HumanListener::start(&sandbox, "UTC", &["--secret", SECRET]);
    let entry = listener.send(&signed_with(SECRET, ID1, newline_added), 1);
    let lines: Vec<&str> = entry.lines().collect();
    assert!(lines[0].contains(" POST /webhook 401 ✗ invalid"), "{entry}");
    assert_eq!(
        lines[1..],
        [
            "    ! invalid signature",
            &format!("    hint: {NEWLINE_ADDED}")
        ],
        "{entry}"
    );
    let entry = listener.send(&signed_with(SECRET, ID2, unchanged), 2);
    assert_eq!(
        entry.lines().count(),
        1,
        "a valid request has no hint: {entry}"
    );
    assert!(entry.contains(" 200 ✓ signed"), "{entry}");
    drop(listener);
}

/// `HH:MM:SS.mmm` and an offset at the start of a line.
fn clock_and_offset(line: &str) -> (u32, &str, &str) {
    let (time, _) = line.split_once(' ').unwrap();
    assert_eq!(time.len(), "00:00:00.000+00:00".len(), "{line}");
    let hour = time[..2].parse().unwrap();
    (hour, &time[2..12], &time[12..])
}

/// The same request's time in UTC and in Tokyo (+09:00 all year: no DST), checked
/// against the UTC time the record stores.
#[test]
fn clock_times_follow_tz_and_carry_their_offset() {
    let sandbox = Sandbox::new();
    let mut seen = Vec::new();
    for (tz, offset, shift) in [("UTC", "+00:00", 0), ("Asia/Tokyo", "+09:00", 9)] {
        let listener = HumanListener::start(&sandbox, tz, &["--secret", SECRET]);
        let before = time::OffsetDateTime::now_utc();
        let entry = listener.send(&signed_with(SECRET, ID1, unchanged), 1);
        let after = time::OffsetDateTime::now_utc();
        let (hour, rest, printed_offset) = clock_and_offset(&entry);
        assert_eq!(printed_offset, offset, "TZ={tz}: {entry}");
        // The hour is the UTC hour shifted by the zone's offset (the request arrived
        // between `before` and `after`; an hour may turn in between).
        let utc_hours = [before.hour(), after.hour()];
        assert!(
            utc_hours
                .iter()
                .any(|h| (u32::from(*h) + shift) % 24 == hour),
            "TZ={tz}: {entry} (UTC hours {utc_hours:?})"
        );
        assert!(
            rest.starts_with(':') && rest.as_bytes()[6] == b'.',
            "{entry}"
        );
        seen.push(listener.stderr.text());
    }
    // The start-up line is unchanged by TZ.
    assert!(seen
        .iter()
        .all(|s| s.contains("listening on http://127.0.0.1:")));
}

/// The profile's secret, read from the sandbox's config file.
fn profile_secret(sandbox: &Sandbox) -> String {
    let text = std::fs::read_to_string(sandbox.path("config.toml")).unwrap();
    let config: toml::Table = toml::from_str(&text).unwrap();
    config["profiles"]["default"]["secret"]
        .as_str()
        .unwrap()
        .to_string()
}

fn fingerprint(secret: &str) -> String {
    roomz_hook::core::secret::Secret::new(secret).fingerprint()
}

fn generate_secret(sandbox: &Sandbox, force: bool) -> String {
    let mut command = sandbox.cmd();
    command.args(["init", "--generate-secret"]);
    if force {
        command.arg("--force");
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    profile_secret(sandbox)
}

const CHANGED: &str = "the configured secret changed since listen started";

#[test]
fn a_secret_changed_in_another_terminal_is_picked_up() {
    let sandbox = Sandbox::new();
    let first = generate_secret(&sandbox, false);
    let listener = RunningListener::start(&sandbox, &["--no-store"]);
    assert_eq!(listener.send(&signed_with(&first, ID1, unchanged)).0, 200);
    assert_eq!(listener.next_line()["signature"], "valid");

    let second = generate_secret(&sandbox, true);
    assert_ne!(first, second);
    let (status, answer) = listener.send(&signed_with(&second, ID2, unchanged));
    assert_eq!(status, 200, "{answer}");
    let line = listener.next_line();
    assert_eq!(line["signature"], "valid", "{line}");
    assert!(line.get("hint").is_none(), "{line}");
    let expected = format!(
        "{CHANGED}: using the new one ({}; was {})",
        fingerprint(&second),
        fingerprint(&first)
    );
    listener.wait_for_stderr(&expected);

    // The new secret is the one in use now: the old one fails, said plainly.
    assert_eq!(listener.send(&signed_with(&first, ID3, unchanged)).0, 401);
    assert_eq!(listener.next_line()["hint"], UNEXPLAINED);
    assert_eq!(listener.send(&signed_with(&second, ID3, unchanged)).0, 200);
    assert_eq!(listener.next_line()["signature"], "valid");

    // Changed again, and the request matches neither: the hint says the file changed.
    let third = generate_secret(&sandbox, true);
    assert_eq!(listener.send(&signed_with(&first, ID1, unchanged)).0, 401);
    let hint = listener.next_line()["hint"].as_str().unwrap().to_string();
    assert_eq!(
        hint,
        format!(
            "{CHANGED} (now {}, listen uses {}), and the signature matches neither: {UNEXPLAINED}",
            fingerprint(&third),
            fingerprint(&second)
        )
    );
    // Told once, and no secret ever printed.
    let stderr = listener.stderr();
    assert_eq!(stderr.matches(CHANGED).count(), 1, "{stderr}");
    for secret in [&first, &second, &third] {
        assert!(!stderr.contains(secret.as_str()), "{stderr}");
    }
    listener.stop();
}

/// `--secret-file` is read again too: the file may be rewritten while listen runs.
#[test]
fn a_rewritten_secret_file_is_picked_up() {
    let sandbox = Sandbox::new();
    let file = sandbox.secret_file(SECRET);
    let listener = RunningListener::start(
        &sandbox,
        &["--no-store", "--secret-file", file.to_str().unwrap()],
    );
    let newer = "whsec_rewritten_secret";
    // Rewritten as `echo`: one final newline is dropped, as at start.
    std::fs::write(&file, format!("{newer}\n")).unwrap();
    assert_eq!(listener.send(&signed_with(newer, ID1, unchanged)).0, 200);
    assert_eq!(listener.next_line()["signature"], "valid");
    listener.wait_for_stderr(&format!(
        "{CHANGED}: using the new one ({}; was {})",
        fingerprint(newer),
        fingerprint(SECRET)
    ));
    assert_eq!(listener.send(&signed_with(SECRET, ID2, unchanged)).0, 401);
    listener.stop();
}

/// `roomz-hook ARGS` run on a real terminal: util-linux `script` gives it a pty for its
/// stdin, stdout and stderr, and copies what the terminal shows to our stdout (with the
/// terminal's `\r\n`); what we write to its stdin is typed at the terminal.
struct OnTerminal {
    child: Child,
    /// Taken by `finish`.
    shown: Option<Collected>,
}

impl OnTerminal {
    fn start(sandbox: &Sandbox, args: &str) -> OnTerminal {
        let binary = common::binary();
        let mut command = std_command(sandbox);
        let mut child = command_on_terminal(&mut command, &format!("exec {binary:?} {args}"))
            .spawn()
            .expect("util-linux `script` runs the command on a pty");
        let shown = Some(Collected::new(child.stdout.take().unwrap()));
        OnTerminal { child, shown }
    }

    fn wait_for(&self, text: &str) -> Result<String, String> {
        let shown = self.shown.as_ref().unwrap();
        shown.wait_for(Duration::from_secs(30), |shown| {
            shown.contains(text).then(|| shown.to_string())
        })
    }

    /// Types Ctrl-C at the terminal: its line discipline echoes `^C` and sends SIGINT.
    fn ctrl_c(&mut self) {
        use std::io::Write;
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(b"\x03").unwrap();
        stdin.flush().unwrap();
    }

    fn finish(mut self) -> String {
        let status = self.child.wait().unwrap();
        assert!(status.code().is_some(), "{status:?}");
        drop(self.child.stdin.take());
        let shown = self.shown.take().unwrap();
        shown.finish_within(Duration::from_secs(20)).unwrap()
    }
}

impl Drop for OnTerminal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `command`'s environment, running `shell_command` under `script` on a new pty.
fn command_on_terminal(
    template: &mut std::process::Command,
    shell_command: &str,
) -> std::process::Command {
    let mut command = std::process::Command::new("script");
    for (key, value) in template.get_envs() {
        match value {
            Some(v) => command.env(key, v),
            None => command.env_remove(key),
        };
    }
    if let Some(dir) = template.get_current_dir() {
        command.current_dir(dir);
    }
    command
        .args([
            "--quiet",
            "--flush",
            "--return",
            "--command",
            shell_command,
            "/dev/null",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// After Ctrl-C the terminal shows `^C` where the cursor was: the summary starts a line
/// of its own rather than `^Cstopped: ...`.
#[test]
fn the_ctrl_c_summary_starts_on_its_own_line_on_a_terminal() {
    let sandbox = Sandbox::new();
    let mut terminal = OnTerminal::start(
        &sandbox,
        &format!("listen --port 0 --no-store --color never --secret {SECRET}"),
    );
    let shown = terminal
        .wait_for("inspect at")
        .unwrap_or_else(|shown| panic!("listen did not start: {shown}"));
    let addr = shown
        .split("listening on http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_string();
    // A request answered means the server loop is running, and with it the wait for
    // Ctrl-C: a ^C typed before that would end the process the default way, unsummarised.
    let (status, _) = common::exchange(&addr, &signed_with(SECRET, ID1, unchanged));
    assert_eq!(status, 200);
    terminal
        .wait_for("POST /webhook 200")
        .unwrap_or_else(|shown| panic!("no request line: {shown}"));
    terminal.ctrl_c();
    let shown = terminal.finish();
    assert!(!shown.contains("^Cstopped"), "{shown:?}");
    assert!(
        shown.ends_with("^C\r\nstopped: 1 request, 1 counted, 0 invalid, 0 duplicates\r\n"),
        "{shown:?}"
    );
}

/// An interactive `listen` (a terminal) on the default --host and --port saves its URL
/// for `trigger` (a scripted one does not: tests/listen.rs). Port 8080 may be held for a
/// moment by another test (tests/docs.rs binds it): a busy port is tried again.
#[test]
fn an_interactive_default_listen_saves_its_url() {
    let sandbox = Sandbox::new();
    let url = "http://127.0.0.1:8080/webhook";
    let mut attempts = 0;
    let mut terminal = loop {
        attempts += 1;
        let terminal = OnTerminal::start(&sandbox, &format!("listen --no-store --secret {SECRET}"));
        match terminal.wait_for(&format!("listening on {url}")) {
            Ok(_) => break terminal,
            Err(shown) if shown.contains("the address is in use") && attempts < 60 => {
                drop(terminal);
                std::thread::sleep(Duration::from_secs(1));
            }
            Err(shown) => panic!("listen did not start on {url}: {shown}"),
        }
    };
    // Saved before the start-up line is printed.
    let config = std::fs::read_to_string(sandbox.path("config.toml")).unwrap();
    let config: toml::Table = toml::from_str(&config).unwrap();
    assert_eq!(
        config["profiles"]["default"]["listen_url"].as_str(),
        Some(url)
    );
    terminal.ctrl_c();
    terminal.finish();
}

/// simulate's human lines carry the same clock times (the one `output::clock_time`).
#[test]
fn simulate_s_clock_times_follow_tz_too() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .cmd()
        .args(["simulate", "--port", "0", "--no-save", "--secret", SECRET])
        .args(["--every", "50ms", "--count", "1", "--max-attempts", "1"])
        .args(["--target", &common::sink::refused_url()])
        .env("TZ", "Asia/Tokyo")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let timed: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(timed.len(), 2, "a change and its attempt: {stdout}");
    for line in timed {
        assert_eq!(clock_and_offset(line).2, "+09:00", "{line}");
    }
}
