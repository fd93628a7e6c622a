//! `roomz-hook verify` as a user runs it: the reference captures, every capture format,
//! the explanations of a mismatch, and bad input with its exit code.

mod common;

use common::{fixture, text, Sandbox, DEMO_SECRET, VECTOR_SECRET};
use predicates::str::contains;
use serde_json::Value;

const BODY: &str = r#"{"id":"e6ae112e-2af3-4d72-894b-03435d7afde4","type":"workspace.presence.changed","timestamp":"2024-05-21T08:22:32.452Z","apiVersion":"1.0","data":{"workspaceId":"e6ae112e-2af3-4d72-894b-03435d7afde4","presenceStatus":"Busy"}}"#;

fn verify(sandbox: &Sandbox, secret: &str) -> assert_cmd::Command {
    let mut cmd = sandbox.cmd();
    cmd.arg("verify").env("ROOMZ_WEBHOOK_SECRET", secret);
    cmd
}

/// Signs `body` with the real binary, so the tests do not trust a second implementation.
fn sign(sandbox: &Sandbox, secret: &str, body: &[u8], extra: &[&str]) -> String {
    let path = sandbox.write("to-sign.bin", body);
    let output = sandbox
        .cmd()
        .arg("sign")
        .arg(path)
        .args(extra)
        .env("ROOMZ_WEBHOOK_SECRET", secret)
        .output()
        .unwrap();
    assert!(output.status.success());
    text(&output.stdout).trim().to_string()
}

/// `verify --json --body FILE --signature SIG` and its one result.
fn verify_body(sandbox: &Sandbox, secret: &str, body: &[u8], signature: &str) -> (i32, Value) {
    let path = sandbox.write("body.bin", body);
    let output = verify(sandbox, secret)
        .arg("--json")
        .arg("--body")
        .arg(path)
        .args(["--signature", signature])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    (output.status.code().unwrap(), report["results"][0].clone())
}

/// A failed check (exit 1) whose hint names `expected`.
fn assert_mismatch(code: i32, result: &Value, expected: &str) {
    assert_eq!(code, 1, "{result}");
    assert_hint(result, expected);
}

fn assert_hint(result: &Value, expected: &str) {
    let hint = result["hint"].as_str().unwrap_or_default();
    assert!(
        hint.contains(expected),
        "expected {expected:?} in hint: {result}"
    );
}

#[test]
fn reference_captures_verify_and_the_tampered_one_does_not() {
    let sandbox = Sandbox::new();
    for name in [
        "capture-valid.http",
        "capture-valid.json",
        "capture-valid.har",
    ] {
        verify(&sandbox, VECTOR_SECRET)
            .arg(fixture(&format!("vectors/{name}")))
            .assert()
            .code(0)
            .stdout(contains("valid"))
            .stdout(contains("workspace.presence.changed"));
    }
    verify(&sandbox, VECTOR_SECRET)
        .arg(fixture("vectors/capture-tampered.http"))
        .assert()
        .code(1)
        .stdout(contains("invalid"))
        .stdout(contains("wrong secret or body changed in transit"));
}

#[test]
fn a_directory_of_every_format_verifies_with_the_demo_secret() {
    let sandbox = Sandbox::new();
    let output = verify(&sandbox, DEMO_SECRET)
        .arg("--json")
        .arg(fixture("captures"))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let results = report["results"].as_array().unwrap();
    let failed: Vec<_> = results.iter().filter(|r| r["valid"] != true).collect();
    assert!(failed.is_empty(), "{failed:#?}");
    assert!(
        results.len() >= 10,
        "expected every format, got {}",
        results.len()
    );
    assert_eq!(report["invalid"], 0);
    assert_eq!(output.status.code(), Some(0));
    // Read in file-name order (CONTRACT section 2).
    let sources: Vec<&str> = results
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    let mut sorted = sources.clone();
    sorted.sort();
    assert_eq!(sources, sorted);
}

#[test]
fn json_report_has_the_contract_shape() {
    let sandbox = Sandbox::new();
    let output = verify(&sandbox, VECTOR_SECRET)
        .arg("--json")
        .arg(fixture("vectors/capture-valid.http"))
        .arg(fixture("vectors/capture-tampered.http"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(text(&output.stdout).lines().count(), 1, "one JSON object");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["valid"], 1);
    assert_eq!(report["invalid"], 1);
    let first = &report["results"][0];
    let mut keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "algorithm",
            "encoding",
            "event_id",
            "event_type",
            "header",
            "hint",
            "problems",
            "source",
            "valid",
            "warnings"
        ]
    );
    assert_eq!(first["valid"], true);
    assert_eq!(first["problems"], serde_json::json!([]));
    assert!(first["warnings"].is_array());
    assert_eq!(first["algorithm"], "sha512");
    assert_eq!(first["encoding"], "base64");
    assert_eq!(first["header"], "Roomz-Signature");
    assert_eq!(first["event_id"], "7d3c2b1a-9e8f-4a6b-8c5d-1e2f3a4b5c6d");
    assert_eq!(first["hint"], Value::Null);
    assert_eq!(report["results"][1]["valid"], false);
}

#[test]
fn explains_a_trailing_newline() {
    let sandbox = Sandbox::new();
    let signature = sign(&sandbox, VECTOR_SECRET, BODY.as_bytes(), &[]);
    let (code, result) = verify_body(
        &sandbox,
        VECTOR_SECRET,
        format!("{BODY}\n").as_bytes(),
        &signature,
    );
    assert_mismatch(code, &result, "trailing newline was added");
    let signature = sign(&sandbox, VECTOR_SECRET, format!("{BODY}\n").as_bytes(), &[]);
    let (_, result) = verify_body(&sandbox, VECTOR_SECRET, BODY.as_bytes(), &signature);
    assert_hint(&result, "newline that was removed");
}

#[test]
fn explains_crlf_line_ends() {
    let sandbox = Sandbox::new();
    let lf = "{\n  \"id\": \"x\"\n}";
    let signature = sign(&sandbox, VECTOR_SECRET, lf.as_bytes(), &[]);
    let (code, result) = verify_body(
        &sandbox,
        VECTOR_SECRET,
        lf.replace('\n', "\r\n").as_bytes(),
        &signature,
    );
    assert_mismatch(code, &result, "CRLF");
}

#[test]
fn explains_reserialised_json() {
    let sandbox = Sandbox::new();
    let signature = sign(&sandbox, VECTOR_SECRET, BODY.as_bytes(), &[]);
    let value: Value = serde_json::from_str(BODY).unwrap();
    let pretty = serde_json::to_string_pretty(&value).unwrap();
    let (code, result) = verify_body(&sandbox, VECTOR_SECRET, pretty.as_bytes(), &signature);
    assert_mismatch(code, &result, "re-serialised");
}

#[test]
fn explains_whitespace_around_the_secret() {
    let sandbox = Sandbox::new();
    let signature = sign(&sandbox, VECTOR_SECRET, BODY.as_bytes(), &[]);
    let (code, result) = verify_body(
        &sandbox,
        &format!(" {VECTOR_SECRET} "),
        BODY.as_bytes(),
        &signature,
    );
    assert_mismatch(code, &result, "surrounding whitespace");
}

#[test]
fn explains_sha256_and_hex_signatures() {
    let sandbox = Sandbox::new();
    for (flags, expected) in [
        (["--algorithm", "sha256"], "HMAC-SHA256 base64"),
        (["--encoding", "hex"], "HMAC-SHA512 hex"),
    ] {
        let signature = sign(&sandbox, VECTOR_SECRET, BODY.as_bytes(), &flags);
        let (code, result) = verify_body(&sandbox, VECTOR_SECRET, BODY.as_bytes(), &signature);
        assert_mismatch(code, &result, expected);
        // Asked for explicitly, the same signature verifies.
        let path = sandbox.write("body.bin", BODY);
        verify(&sandbox, VECTOR_SECRET)
            .arg("--body")
            .arg(path)
            .args(["--signature", &signature])
            .args(flags)
            .assert()
            .code(0);
    }
}

#[test]
fn explains_a_signature_copied_from_another_capture() {
    let sandbox = Sandbox::new();
    let other = BODY.replace("Busy", "Free");
    let other_sig = sign(&sandbox, VECTOR_SECRET, other.as_bytes(), &[]);
    let json = |body: &str, sig: &str| {
        serde_json::json!({"method": "POST", "path": "/webhook",
            "headers": {"Roomz-Signature": sig}, "body": body})
        .to_string()
    };
    let a = sandbox.write("a.json", json(BODY, &other_sig));
    let b = sandbox.write("b.json", json(&other, &other_sig));
    let output = verify(&sandbox, VECTOR_SECRET)
        .arg("--json")
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let hint = report["results"][0]["hint"].as_str().unwrap();
    assert!(
        hint.contains("belongs to another capture") && hint.contains("b.json"),
        "{hint}"
    );
    assert_eq!(report["results"][1]["valid"], true);
}

#[test]
fn capture_without_signature_exits_1_naming_the_headers() {
    let sandbox = Sandbox::new();
    verify(&sandbox, DEMO_SECRET)
        .arg(fixture("malformed/no-signature.http"))
        .assert()
        .code(1)
        .stdout(contains("Roomz-Signature and X-Roomz-Signature"));
}

#[test]
fn signature_that_is_not_base64_or_hex_exits_1_saying_so() {
    let sandbox = Sandbox::new();
    let (code, result) = verify_body(&sandbox, VECTOR_SECRET, BODY.as_bytes(), "not*a*signature");
    assert_mismatch(code, &result, "neither base64 nor hex");
    let (code, result) = verify_body(&sandbox, VECTOR_SECRET, BODY.as_bytes(), "c2hvcnQ=");
    assert_mismatch(code, &result, "decodes to 5 bytes");
}

#[test]
fn malformed_captures_exit_2_saying_where() {
    let sandbox = Sandbox::new();
    for (file, expected) in [
        ("bad-request-line.http", "http:1: "),
        ("bad-header.http", "http:3: "),
        ("short-body.http", "Content-Length"),
        ("bad-chunk.http", "chunk"),
        ("broken.json", "line"),
        ("no-post.har", "no POST entries"),
        ("broken-line.ndjson", ":2"),
        ("no-url.curl", "URL"),
    ] {
        let output = verify(&sandbox, DEMO_SECRET)
            .arg(fixture(&format!("malformed/{file}")))
            .output()
            .unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{file}: {stderr}");
        assert!(
            stderr.contains(file),
            "{file}: message does not name the file: {stderr}"
        );
        assert!(
            stderr.contains(expected),
            "{file}: expected {expected:?} in {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{file}: {stderr}");
    }
}

#[test]
fn unreadable_capture_exits_2_naming_the_path() {
    let sandbox = Sandbox::new();
    verify(&sandbox, DEMO_SECRET)
        .arg("nowhere/capture.http")
        .assert()
        .code(2)
        .stderr(contains("nowhere/capture.http"));
}

#[test]
fn a_file_that_is_no_capture_exits_2() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("notes.txt", "just some text\n");
    verify(&sandbox, DEMO_SECRET)
        .arg(path)
        .assert()
        .code(2)
        .stderr(contains("notes.txt"));
}

#[test]
fn missing_secret_exits_2() {
    let sandbox = Sandbox::new();
    sandbox
        .cmd()
        .arg("verify")
        .arg(fixture("vectors/capture-valid.http"))
        .assert()
        .code(2)
        .stderr(contains("--secret-file"))
        .stderr(contains("ROOMZ_WEBHOOK_SECRET"));
}

#[test]
fn stdin_capture_and_secret_never_shown() {
    let sandbox = Sandbox::new();
    let capture = std::fs::read(fixture("vectors/capture-tampered.http")).unwrap();
    let output = verify(&sandbox, VECTOR_SECRET)
        .args(["-", "-v"])
        .write_stdin(capture)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    for stream in [&output.stdout, &output.stderr] {
        assert!(!text(stream).contains(VECTOR_SECRET));
    }
    assert!(
        text(&output.stderr).contains("sha256:"),
        "shows the fingerprint"
    );
}

#[test]
fn control_characters_from_captures_are_escaped() {
    let sandbox = Sandbox::new();
    let evil = serde_json::json!({"method": "POST", "path": "/",
        "headers": {"Roomz-Signature": "x"},
        "body": "{\"id\":\"\\u001b[2J\",\"type\":\"evil\\u001b[31m\"}"})
    .to_string();
    let path = sandbox.write("evil.json", evil);
    let output = verify(&sandbox, VECTOR_SECRET).arg(path).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        !output.stdout.contains(&0x1b),
        "raw ESC reached the terminal"
    );
}
