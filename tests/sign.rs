//! `roomz-hook sign` as a user runs it: files, stdin, output forms, and bad input.

mod common;

use common::{text, Sandbox, VECTOR_SECRET};
use predicates::str::contains;

/// The first reference vector: current shape, compact, no final newline.
const BODY: &str = r#"{"id":"e6ae112e-2af3-4d72-894b-03435d7afde4","type":"workspace.presence.changed","timestamp":"2024-05-21T08:22:32.452Z","apiVersion":"1.0","data":{"workspaceId":"e6ae112e-2af3-4d72-894b-03435d7afde4","presenceStatus":"Busy"}}"#;
const SIGNATURE: &str =
    "rrc5FWCcvl82TLQOVHqPVpTD+BQII+RyxJWQPk2xBPFGbaAnqPDLmgt6Ai/D9IqX4K5T14iXsQ8R9dl1ubksng==";

#[test]
fn signs_a_file_from_stdin_and_with_dash() {
    let sandbox = Sandbox::new();
    let body = sandbox.write("event.json", BODY);
    let secret = sandbox.secret_file(VECTOR_SECRET);
    sandbox
        .cmd()
        .arg("sign")
        .arg(&body)
        .arg("--secret-file")
        .arg(&secret)
        .assert()
        .code(0)
        .stdout(format!("{SIGNATURE}\n"));
    for args in [vec!["sign"], vec!["sign", "-"]] {
        sandbox
            .cmd()
            .args(args)
            .env("ROOMZ_WEBHOOK_SECRET", VECTOR_SECRET)
            .write_stdin(BODY)
            .assert()
            .code(0)
            .stdout(format!("{SIGNATURE}\n"));
    }
}

#[test]
fn header_and_json_forms() {
    let sandbox = Sandbox::new();
    let body = sandbox.write("event.json", BODY);
    let cmd = || {
        let mut cmd = sandbox.cmd();
        cmd.arg("sign")
            .arg(&body)
            .env("ROOMZ_WEBHOOK_SECRET", VECTOR_SECRET);
        cmd
    };
    cmd()
        .arg("--header")
        .assert()
        .code(0)
        .stdout(format!("Roomz-Signature: {SIGNATURE}\n"));
    let output = cmd().arg("--json").output().unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "signature": SIGNATURE,
            "algorithm": "sha512",
            "encoding": "base64",
            "header": "Roomz-Signature"
        })
    );
}

#[test]
fn curl_command_round_trips_through_verify() {
    let sandbox = Sandbox::new();
    // A body a shell could mangle: quotes, a newline, a final newline, non-ASCII.
    let body = "{\"note\":\"it's \\\"quoted\\\" ☃\",\n \"x\":1}\n";
    let body_path = sandbox.write("event.json", body);
    let output = sandbox
        .cmd()
        .arg("sign")
        .arg(&body_path)
        .args(["--curl", "http://127.0.0.1:9/webhook"])
        .env("ROOMZ_WEBHOOK_SECRET", VECTOR_SECRET)
        .output()
        .unwrap();
    assert!(output.status.success());
    let command = text(&output.stdout);
    assert!(command.starts_with("curl "), "{command}");
    assert!(command.contains("Roomz-Signature: "), "{command}");
    assert!(command.contains("X-Roomz-Signature: "), "{command}");
    let capture = sandbox.write("request.curl", &output.stdout);
    sandbox
        .cmd()
        .arg("verify")
        .arg(&capture)
        .env("ROOMZ_WEBHOOK_SECRET", VECTOR_SECRET)
        .assert()
        .code(0)
        .stdout(contains("valid"));
}

#[test]
fn unreadable_file_exits_2_naming_the_path() {
    let sandbox = Sandbox::new();
    sandbox
        .cmd()
        .args(["sign", "does-not-exist.json"])
        .env("ROOMZ_WEBHOOK_SECRET", VECTOR_SECRET)
        .assert()
        .code(2)
        .stderr(contains("cannot read does-not-exist.json"));
}

#[test]
fn missing_secret_exits_2_naming_where_to_put_one() {
    let sandbox = Sandbox::new();
    let body = sandbox.write("event.json", BODY);
    sandbox
        .cmd()
        .arg("sign")
        .arg(&body)
        .assert()
        .code(2)
        .stderr(contains("--secret-file"))
        .stderr(contains("ROOMZ_WEBHOOK_SECRET"));
}

#[test]
fn secret_precedence_file_over_env() {
    let sandbox = Sandbox::new();
    let body = sandbox.write("event.json", BODY);
    let secret = sandbox.secret_file(&format!("{VECTOR_SECRET}\n"));
    sandbox
        .cmd()
        .arg("sign")
        .arg(&body)
        .arg("--secret-file")
        .arg(&secret)
        .env("ROOMZ_WEBHOOK_SECRET", "some other secret")
        .assert()
        .code(0)
        .stdout(format!("{SIGNATURE}\n"));
}

#[test]
fn bad_flag_values_are_usage_errors() {
    let sandbox = Sandbox::new();
    sandbox
        .cmd()
        .args(["sign", "--algorithm", "md5"])
        .assert()
        .code(2)
        .stderr(contains("invalid value 'md5'"));
    sandbox
        .cmd()
        .args(["sign", "--encoding", "base32"])
        .assert()
        .code(2)
        .stderr(contains("invalid value 'base32'"));
}

#[test]
fn the_secret_appears_in_no_output() {
    let sandbox = Sandbox::new();
    let body = sandbox.write("event.json", BODY);
    let secret = "whsec_do_not_print_me";
    for extra in [
        vec!["--json"],
        vec!["-v"],
        vec!["--header"],
        vec!["--curl", "http://127.0.0.1:9/"],
    ] {
        let output = sandbox
            .cmd()
            .arg("sign")
            .arg(&body)
            .args(&extra)
            .env("ROOMZ_WEBHOOK_SECRET", secret)
            .output()
            .unwrap();
        assert!(output.status.success());
        for stream in [&output.stdout, &output.stderr] {
            assert!(
                !text(stream).contains("do_not_print_me"),
                "{extra:?} leaked the secret"
            );
        }
    }
}

/// `roomz-hook sign FILE | head -0`: the reader has gone, so sign ends quietly with 0,
/// neither killed by SIGPIPE nor aborting on a failed print.
#[test]
fn a_reader_that_has_gone_ends_sign_quietly() {
    let sandbox = Sandbox::new();
    let body = sandbox.write("event.json", BODY);
    let secret = sandbox.secret_file(VECTOR_SECRET);
    for form in [&[][..], &["--header"][..], &["--json"][..]] {
        let mut command = common::std_command(&sandbox);
        command
            .arg("sign")
            .args(form)
            .arg("--secret-file")
            .arg(&secret)
            .arg(&body);
        common::assert_ends_quietly_into_closed_pipe(&mut command);
    }
}

#[test]
fn an_empty_body_is_signed_with_a_warning() {
    let sandbox = Sandbox::new();
    let empty = sandbox.write("empty.json", "");
    let secret = sandbox.secret_file(VECTOR_SECRET);
    sandbox
        .cmd()
        .arg("sign")
        .arg(&empty)
        .arg("--secret-file")
        .arg(&secret)
        .assert()
        .code(0)
        .stdout(predicates::str::is_match("^[A-Za-z0-9+/]+=*\n$").unwrap())
        .stderr(contains("warning: the body is empty"));
    // A body is not empty: no warning.
    let body = sandbox.write("event.json", BODY);
    sandbox
        .cmd()
        .arg("sign")
        .arg(&body)
        .arg("--secret-file")
        .arg(&secret)
        .assert()
        .code(0)
        .stderr("");
}

#[test]
fn curl_command_prints_the_answer_on_its_own_line() {
    let sink = common::sink::Sink::ok();
    let sandbox = Sandbox::new();
    let body = sandbox.write("event.json", BODY);
    let output = sandbox
        .cmd()
        .arg("sign")
        .arg(&body)
        .args(["--curl", &sink.url])
        .env("ROOMZ_WEBHOOK_SECRET", VECTOR_SECRET)
        .output()
        .unwrap();
    assert!(output.status.success());
    let answer = std::process::Command::new("sh")
        .arg("-c")
        .arg(text(&output.stdout))
        .output()
        .expect("run sh");
    assert!(answer.status.success(), "{}", text(&answer.stderr));
    // The sink answers `{"answer":200}`, with no newline of its own.
    assert_eq!(text(&answer.stdout), "{\"answer\":200}\n");
}

#[cfg(target_os = "linux")]
#[test]
fn reading_stdin_on_a_terminal_says_so() {
    let sandbox = Sandbox::new();
    let secret = sandbox.secret_file(VECTOR_SECRET);
    let line = format!(
        "{} sign --secret-file '{}'",
        common::binary().display(),
        secret.display()
    );
    // `script` gives the command a terminal; Ctrl-D (0x04) on it ends the body.
    let mut child = std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("ROOMZ_HOOK_CONFIG", sandbox.path("config.toml"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run `script` (util-linux)");
    let transcript = common::Collected::new(child.stdout.take().unwrap());
    transcript
        .wait_for(std::time::Duration::from_secs(20), |text| {
            text.contains("reading the body to sign from stdin")
                .then_some(())
        })
        .unwrap_or_else(|text| panic!("no note on the terminal:\n{text}"));
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"\x04").unwrap();
    let transcript = transcript
        .finish_within(std::time::Duration::from_secs(20))
        .expect("sign ends at Ctrl-D");
    assert!(child.wait().unwrap().success(), "{transcript}");
    assert!(
        transcript.contains("warning: the body is empty"),
        "{transcript}"
    );
}
