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

/// A JSON capture of `body` signed with `secret` (the binary's own signer).
fn json_capture(sandbox: &Sandbox, secret: &str, body: &str) -> String {
    let signature = sign(sandbox, secret, body.as_bytes(), &[]);
    serde_json::json!({
        "method": "POST",
        "path": "/webhook",
        "headers": {"Roomz-Signature": signature},
        "body": body,
    })
    .to_string()
}

#[test]
fn a_directory_with_a_malformed_file_still_reports_every_other_result() {
    let sandbox = Sandbox::new();
    let dir = sandbox.path("captures");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("a.json"),
        json_capture(&sandbox, DEMO_SECRET, BODY),
    )
    .unwrap();
    std::fs::write(dir.join("b.http"), "this is not\r\nHTTP at all\r\n").unwrap();
    std::fs::write(dir.join("c.json"), json_capture(&sandbox, "another", BODY)).unwrap();
    std::fs::write(dir.join("d.json"), "{\"method\": \"POST\", broken").unwrap();
    let output = verify(&sandbox, DEMO_SECRET)
        .arg("--json")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    let results = report["results"].as_array().unwrap();
    let sources: Vec<&str> = results
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert!(
        sources.len() == 2 && sources[0].ends_with("a.json") && sources[1].ends_with("c.json"),
        "{report}"
    );
    assert_eq!(results[0]["valid"], true);
    assert_eq!(results[1]["valid"], false);
    assert_eq!(
        (report["valid"].as_u64(), report["invalid"].as_u64()),
        (Some(1), Some(1))
    );
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{report}");
    assert!(
        errors[0]["source"].as_str().unwrap().ends_with("b.http"),
        "{report}"
    );
    assert!(errors[1]["source"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{}", dir.join("d.json").display())));
    assert!(
        errors[1]["error"]
            .as_str()
            .unwrap()
            .contains("malformed JSON capture"),
        "{report}"
    );

    // The same in human output: the results on stdout, each error on stderr, the count.
    let output = verify(&sandbox, DEMO_SECRET).arg(&dir).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(
        stdout.lines().filter(|l| l.contains(".json")).count(),
        2,
        "{stdout}"
    );
    assert!(
        stderr.contains("b.http") && stderr.contains("d.json"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 valid, 1 invalid, 2 unreadable"),
        "{stderr}"
    );
}

#[test]
fn a_directory_of_only_good_captures_has_an_empty_errors_list() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("a.json", json_capture(&sandbox, DEMO_SECRET, BODY));
    let output = verify(&sandbox, DEMO_SECRET)
        .arg("--json")
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["errors"], serde_json::json!([]));
}

#[cfg(unix)]
#[test]
fn dev_zero_ends_within_a_second_with_the_size_error() {
    let sandbox = Sandbox::new();
    let started = std::time::Instant::now();
    let output = verify(&sandbox, DEMO_SECRET)
        .arg("/dev/zero")
        .output()
        .unwrap();
    let took = started.elapsed();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("/dev/zero") && stderr.contains("over 64MiB"),
        "{stderr}"
    );
    // Reading is bounded (64 MiB, then refused): a generous bound for a shared machine.
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
}

#[test]
fn a_capture_file_over_64_mib_is_refused_naming_it() {
    let sandbox = Sandbox::new();
    let path = sandbox.path("huge.http");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(65 << 20).unwrap(); // sparse: no 65 MiB written to the disk
    let output = verify(&sandbox, DEMO_SECRET).arg(&path).output().unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("huge.http: over 64MiB"), "{stderr}");
}

#[test]
fn a_body_over_max_body_is_an_input_error_until_max_body_is_raised() {
    let sandbox = Sandbox::new();
    let body = format!(
        r#"{{"id":"e6ae112e-2af3-4d72-894b-03435d7afde4","type":"x","pad":"{}"}}"#,
        "a".repeat(2 << 20)
    );
    let path = sandbox.write("big.json", json_capture(&sandbox, DEMO_SECRET, &body));
    let output = verify(&sandbox, DEMO_SECRET).arg(&path).output().unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let expected = format!(
        "big.json: the body is {} bytes, over --max-body 1MiB",
        body.len()
    );
    assert!(stderr.contains(&expected), "{stderr}");
    verify(&sandbox, DEMO_SECRET)
        .args(["--max-body", "4MiB"])
        .arg(&path)
        .assert()
        .code(0);
    // --body FILE is held to the same limit.
    let raw = sandbox.write("big.bin", &body);
    let output = verify(&sandbox, DEMO_SECRET)
        .arg("--body")
        .arg(&raw)
        .args(["--signature", "AAAA"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("over --max-body"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_max_body_that_is_no_size_is_a_usage_error() {
    let sandbox = Sandbox::new();
    verify(&sandbox, DEMO_SECRET)
        .args(["--max-body", "lots", "x.json"])
        .assert()
        .code(2)
        .stderr(contains("--max-body"));
}

#[cfg(unix)]
#[test]
fn curl_captures_read_body_files_only_from_their_own_directory() {
    let sandbox = Sandbox::new();
    let dir = sandbox.path("captures");
    std::fs::create_dir(&dir).unwrap();
    let secret_file = sandbox.write("private.toml", "secret = 'do not send me'\n");
    std::fs::write(dir.join("body.json"), BODY).unwrap();
    std::os::unix::fs::symlink(&secret_file, dir.join("innocent.json")).unwrap();
    let signature = sign(&sandbox, DEMO_SECRET, BODY.as_bytes(), &[]);
    let curl = |data: &str| {
        format!("curl http://127.0.0.1:1/webhook -H 'Roomz-Signature: {signature}' --data-binary {data}\n")
    };
    std::fs::write(dir.join("good.curl"), curl("@body.json")).unwrap();
    let absolute = format!("@{}", secret_file.display());
    for (name, data) in [
        ("up.curl", "@../private.toml"),
        ("absolute.curl", absolute.as_str()),
        ("link.curl", "@innocent.json"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, curl(data)).unwrap();
        let output = verify(&sandbox, DEMO_SECRET).arg(&path).output().unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("{name}:1: cannot use the body file"))
                && stderr.contains("private.toml")
                && stderr.contains("outside the capture's directory"),
            "{name}: {stderr}"
        );
        std::fs::remove_file(&path).unwrap();
    }
    verify(&sandbox, DEMO_SECRET)
        .arg(dir.join("good.curl"))
        .assert()
        .code(0);
}
