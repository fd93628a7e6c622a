//! `roomz-hook replay`: the real binary delivering to a real hyper receiver started by
//! each test (tests/common/sink.rs), one user story per test.

mod common;

use common::sink::{refused_url, Reply, Sink};
use common::{
    code, event_body, fixture, signature_of, text, Collected, Sandbox, DEMO_SECRET, VECTOR_SECRET,
};
use std::process::Output;
use std::time::Duration;

const SECRET: &str = "whsec_replay_test_secret";

/// Runs `replay` in `sandbox` with the test secret and `args`.
fn replay(sandbox: &Sandbox, args: &[&str]) -> Output {
    let secret = sandbox.secret_file(SECRET);
    sandbox
        .cmd()
        .arg("replay")
        .arg("--secret-file")
        .arg(secret)
        .args(args)
        .output()
        .unwrap()
}

fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    text(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn summary(output: &Output) -> serde_json::Value {
    json_lines(output).last().expect("a summary line")["summary"].clone()
}

/// `listen` in the sandbox, checking signatures with the tests' secret, plus `extra` flags.
fn listener_with(sandbox: &Sandbox, extra: &[&str]) -> common::RunningListener {
    let secret = sandbox.secret_file(SECRET);
    let mut flags = vec!["--secret-file", secret.to_str().unwrap()];
    flags.extend_from_slice(extra);
    common::RunningListener::start(sandbox, &flags)
}

const ID1: &str = "0b6f4f38-8f44-4c6c-9e52-2d7a8f8b0c01";
const ID2: &str = "0b6f4f38-8f44-4c6c-9e52-2d7a8f8b0c02";

/// An NDJSON file of events with ids `prefix-0`, `prefix-1`, ...
fn ndjson(sandbox: &Sandbox, name: &str, count: usize) -> std::path::PathBuf {
    let lines: Vec<String> = (0..count)
        .map(|i| event_body(&format!("evt-{i:04}")))
        .collect();
    sandbox.write(name, lines.join("\n") + "\n")
}

#[test]
fn body_is_byte_identical_to_the_file_and_signed_in_both_headers() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let pretty = fixture("events/presence-changed-pretty.json");
    let bytes = std::fs::read(&pretty).unwrap();
    let output = replay(&sandbox, &[&sink.url, pretty.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let received = sink.received();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(
        request.body, bytes,
        "not one byte changed, final newline included"
    );
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/webhook");
    let signature = signature_of(SECRET, &bytes);
    assert_eq!(request.header("Roomz-Signature"), Some(signature.as_str()));
    assert_eq!(
        request.header("X-Roomz-Signature"),
        Some(signature.as_str())
    );
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    let agent = format!("roomz-hook/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(request.header("User-Agent"), Some(agent.as_str()));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("1 sent (1 delivered); 0 retries (1 attempt)"),
        "{stdout}"
    );
    assert!(stdout.contains("p50") && stdout.contains("p99"), "{stdout}");
}

#[test]
fn retry_sequence_503_503_200_is_one_success_in_three_attempts() {
    let sandbox = Sandbox::new();
    let sink = Sink::scripted(
        vec![Reply::status(503), Reply::status(503)],
        Reply::status(200),
    );
    let file = sandbox.write("e.json", event_body(ID1));
    let output = replay(
        &sandbox,
        &[
            "--json",
            "--retries",
            "3",
            &sink.url,
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 2, "one delivery and the summary");
    assert_eq!(lines[0]["event_id"], ID1);
    assert_eq!(lines[0]["status"], 200);
    assert_eq!(lines[0]["attempts"], 3);
    assert!(lines[0]["error"].is_null());
    let summary = summary(&output);
    assert_eq!(
        (summary["sent"].as_u64(), summary["succeeded"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(summary["retried"], 2, "the two attempts after the first");
    assert_eq!(summary["attempts"], 3);
    let received = sink.received();
    assert_eq!(received.len(), 3);
    assert!(
        received
            .iter()
            .all(|r| r.body == event_body(ID1).as_bytes()),
        "the same body each time"
    );
}

#[test]
fn retries_run_out_on_a_receiver_that_keeps_failing() {
    let sandbox = Sandbox::new();
    let sink = Sink::scripted(vec![], Reply::status(500));
    let file = sandbox.write("e.json", event_body(ID1));
    let output = replay(
        &sandbox,
        &[
            "--json",
            "--retries",
            "2",
            &sink.url,
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&output), 1);
    assert_eq!(sink.received().len(), 3, "the first attempt and 2 retries");
    assert_eq!(json_lines(&output)[0]["error"], "expected 2xx, got 500");
}

#[test]
fn a_400_is_not_retried() {
    let sandbox = Sandbox::new();
    let sink = Sink::scripted(vec![], Reply::status(400));
    let file = sandbox.write("e.json", event_body(ID1));
    let output = replay(
        &sandbox,
        &["--retries", "3", &sink.url, file.to_str().unwrap()],
    );
    assert_eq!(code(&output), 1, "a miss is a failed check");
    assert_eq!(sink.received().len(), 1);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("expected 2xx, got 400"), "{stdout}");
    assert!(
        text(&output.stderr).contains("1 of 1 delivery to"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_closed_port_says_nothing_was_sent_and_every_delivery_unreachable() {
    let sandbox = Sandbox::new();
    let file = ndjson(&sandbox, "three.ndjson", 3);
    let output = replay(&sandbox, &[&refused_url(), file.to_str().unwrap()]);
    assert_eq!(code(&output), 3, "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("0 sent, 3 unreachable; 0 retries (3 attempts)"),
        "{stdout}"
    );
    assert!(!summary.contains("delivered"), "{summary}");
}

#[test]
fn answered_deliveries_are_delivered_or_rejected_and_retries_add_up_to_attempts() {
    let sandbox = Sandbox::new();
    // The first event: 500, retried, then 200; the second: 400, not retried.
    let sink = Sink::scripted(
        vec![Reply::status(500), Reply::status(200), Reply::status(400)],
        Reply::status(200),
    );
    let file = ndjson(&sandbox, "two.ndjson", 2);
    let args = ["--retries", "1", &sink.url, file.to_str().unwrap()];
    let output = replay(&sandbox, &args);
    assert_eq!(code(&output), 1, "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("2 sent (1 delivered, 1 rejected); 1 retry (3 attempts)"),
        "{stdout}"
    );
    assert!(!stdout.contains("unreachable"), "{stdout}");
    assert_eq!(sink.received().len(), 3);

    let sink = Sink::scripted(
        vec![Reply::status(500), Reply::status(200), Reply::status(400)],
        Reply::status(200),
    );
    let mut args = vec!["--json"];
    args.extend_from_slice(&["--retries", "1", &sink.url, file.to_str().unwrap()]);
    let output = replay(&sandbox, &args);
    let summary = summary(&output);
    assert_eq!(summary["sent"], 2, "{summary}");
    assert_eq!(summary["succeeded"], 1, "{summary}");
    assert_eq!(summary["rejected"], 1, "{summary}");
    assert_eq!(summary["unreachable"], 0, "{summary}");
    assert_eq!(summary["retried"], 1, "{summary}");
    assert_eq!(summary["attempts"], 3, "sent + retried: {summary}");
}

#[test]
fn connection_refused_exits_3() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("e.json", event_body(ID1));
    let url = refused_url();
    let output = replay(&sandbox, &["--retries", "1", &url, file.to_str().unwrap()]);
    assert_eq!(code(&output), 3);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("could not reach") && stderr.contains(&url),
        "{stderr}"
    );
    assert!(
        stderr.to_lowercase().contains("connection refused"),
        "{stderr}"
    );
    assert!(
        stderr.contains("roomz-hook listen"),
        "says what to do: {stderr}"
    );
}

#[test]
fn a_timeout_with_no_answer_exits_3() {
    let sandbox = Sandbox::new();
    let sink = Sink::scripted(vec![], Reply::status(200).delay(Duration::from_secs(3)));
    let file = sandbox.write("e.json", event_body(ID1));
    let output = replay(
        &sandbox,
        &["--timeout", "300ms", &sink.url, file.to_str().unwrap()],
    );
    assert_eq!(code(&output), 3, "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("no answer within 300ms"),
        "{}",
        text(&output.stdout)
    );
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("did not answer in time") && !stderr.contains("is the receiver running"),
        "a slow receiver is running: {stderr}"
    );
}

#[test]
fn expect_status_202_against_a_200_exits_1() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let file = sandbox.write("e.json", event_body(ID1));
    let output = replay(
        &sandbox,
        &["--expect-status", "202", &sink.url, file.to_str().unwrap()],
    );
    assert_eq!(code(&output), 1);
    assert!(text(&output.stdout).contains("expected 202, got 200"));
    let sink = Sink::scripted(vec![], Reply::status(404));
    let output = replay(
        &sandbox,
        &["--expect-status", "4xx", &sink.url, file.to_str().unwrap()],
    );
    assert_eq!(
        code(&output),
        0,
        "4xx accepts a 404: {}",
        text(&output.stderr)
    );
}

#[test]
fn unknown_expect_status_form_is_a_usage_error() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("e.json", event_body(ID1));
    for bad in ["ok", "2x", "600", "6xx"] {
        let output = replay(
            &sandbox,
            &[
                "--expect-status",
                bad,
                "http://127.0.0.1:9/",
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(code(&output), 2, "{bad}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains("--expect-status") && stderr.contains("2xx"),
            "{stderr}"
        );
    }
}

#[test]
fn concurrency_1_preserves_file_order() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let file = ndjson(&sandbox, "events.ndjson", 30);
    let output = replay(
        &sandbox,
        &["--concurrency", "1", &sink.url, file.to_str().unwrap()],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let ids: Vec<String> = sink
        .received()
        .iter()
        .map(|r| r.json()["id"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = (0..30).map(|i| format!("evt-{i:04}")).collect();
    assert_eq!(ids, expected);
}

#[test]
fn higher_concurrency_delivers_everything_once() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let file = ndjson(&sandbox, "events.ndjson", 200);
    let output = replay(
        &sandbox,
        &["--json", "-c", "16", &sink.url, file.to_str().unwrap()],
    );
    assert_eq!(code(&output), 0);
    let mut ids: Vec<String> = sink
        .received()
        .iter()
        .map(|r| r.json()["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 200);
    assert_eq!(summary(&output)["succeeded"], 200);
}

#[test]
fn repeat_3_delivers_the_same_id_three_times() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let file = sandbox.write("e.json", event_body(ID1));
    let output = replay(
        &sandbox,
        &["--repeat", "3", &sink.url, file.to_str().unwrap()],
    );
    assert_eq!(code(&output), 0);
    let received = sink.received();
    assert_eq!(received.len(), 3);
    assert!(received.iter().all(|r| r.json()["id"] == ID1));
}

#[test]
fn fresh_gives_every_delivery_a_new_id_and_a_valid_signature() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let original = event_body(ID1);
    let file = sandbox.write("e.json", &original);
    let output = replay(
        &sandbox,
        &[
            "--fresh",
            "--repeat",
            "3",
            "--json",
            &sink.url,
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let received = sink.received();
    assert_eq!(received.len(), 3);
    let mut ids = Vec::new();
    for request in &received {
        let event = request.json();
        let id = event["id"].as_str().unwrap().to_string();
        let timestamp = event["timestamp"].as_str().unwrap();
        assert_ne!(id, ID1);
        assert_ne!(timestamp, "2026-11-27T10:00:00.000Z");
        assert!(
            timestamp.ends_with('Z') && timestamp.len() == 24,
            "{timestamp}"
        );
        let signature = signature_of(SECRET, &request.body);
        assert_eq!(
            request.header("Roomz-Signature"),
            Some(signature.as_str()),
            "signed over the new bytes"
        );
        // Everything but the two values is byte for byte the file.
        let restored = String::from_utf8(request.body.clone())
            .unwrap()
            .replace(&id, ID1)
            .replace(timestamp, "2026-11-27T10:00:00.000Z");
        assert_eq!(restored, original);
        ids.push(id);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "a new id per delivery");
    let reported: Vec<String> = json_lines(&output)[..3]
        .iter()
        .map(|l| l["event_id"].as_str().unwrap().to_string())
        .collect();
    assert!(
        reported.iter().all(|id| ids.contains(id)),
        "--json reports the id sent"
    );
}

#[test]
fn retry_after_is_honoured() {
    let sandbox = Sandbox::new();
    let sink = Sink::scripted(
        vec![Reply::status(503).header("Retry-After", "1")],
        Reply::status(200),
    );
    let file = sandbox.write("e.json", event_body(ID1));
    let output = replay(
        &sandbox,
        &["--retries", "1", &sink.url, file.to_str().unwrap()],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let received = sink.received();
    assert_eq!(received.len(), 2);
    let waited = received[1].at - received[0].at;
    assert!(
        waited >= Duration::from_millis(950),
        "waited only {waited:?}"
    );
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
}

#[test]
fn a_redirect_is_reported_with_its_location_and_not_followed() {
    let sandbox = Sandbox::new();
    let sink = Sink::scripted(
        vec![],
        Reply::status(302).header("Location", "https://elsewhere.example/hook"),
    );
    let file = sandbox.write("e.json", event_body(ID1));
    let output = replay(&sandbox, &["--json", &sink.url, file.to_str().unwrap()]);
    assert_eq!(code(&output), 1);
    assert_eq!(sink.received().len(), 1, "not followed");
    let line = &json_lines(&output)[0];
    assert_eq!(line["status"], 302);
    assert_eq!(line["location"], "https://elsewhere.example/hook");
    assert!(line["error"]
        .as_str()
        .unwrap()
        .contains("redirected to https://elsewhere.example/hook"));
}

#[test]
fn follow_redirects_follows_307_keeping_method_and_body() {
    let sandbox = Sandbox::new();
    let sink = Sink::scripted(
        vec![Reply::status(307).header("Location", "/moved")],
        Reply::status(200),
    );
    let file = sandbox.write("e.json", event_body(ID1));
    let output = replay(
        &sandbox,
        &["--follow-redirects", &sink.url, file.to_str().unwrap()],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stdout));
    let received = sink.received();
    assert_eq!(received.len(), 2);
    assert_eq!(
        (received[1].method.as_str(), received[1].path.as_str()),
        ("POST", "/moved")
    );
    assert_eq!(received[1].body, received[0].body);
    assert_eq!(
        received[1].header("Roomz-Signature"),
        received[0].header("Roomz-Signature")
    );
}

#[test]
fn placeholders_are_rendered_before_signing() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let file = sandbox.write(
        "template.json",
        "{\"id\":\"{{uuid}}\",\"type\":\"workspace.presence.changed\",\"timestamp\":\"{{now}}\",\"data\":{\"workspaceId\":\"{{env.ROOMZ_TEST_WS}}\"}}\n",
    );
    let secret = sandbox.secret_file(SECRET);
    let output = sandbox
        .cmd()
        .env("ROOMZ_TEST_WS", "ws-42")
        .args([
            "replay",
            "--secret-file",
            secret.to_str().unwrap(),
            &sink.url,
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let request = &sink.received()[0];
    let event = request.json();
    assert_eq!(event["id"].as_str().unwrap().len(), 36);
    assert!(uuid_like(event["id"].as_str().unwrap()));
    let now = event["timestamp"].as_str().unwrap();
    assert!(now.starts_with("20") && now.ends_with('Z'), "{now}");
    assert_eq!(event["data"]["workspaceId"], "ws-42");
    assert!(request.body.ends_with(b"}}\n"), "the rest is kept");
    assert_eq!(
        request.header("Roomz-Signature").unwrap(),
        signature_of(SECRET, &request.body)
    );
}

fn uuid_like(text: &str) -> bool {
    text.len() == 36
        && text.chars().enumerate().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

#[test]
fn an_unset_placeholder_variable_is_named_and_exits_2() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let file = sandbox.write("t.json", "{\"id\":\"{{env.ROOMZ_TEST_UNSET}}\"}");
    let output = replay(&sandbox, &[&sink.url, file.to_str().unwrap()]);
    assert_eq!(code(&output), 2);
    assert!(
        text(&output.stderr).contains("ROOMZ_TEST_UNSET"),
        "{}",
        text(&output.stderr)
    );
    assert!(sink.received().is_empty());
}

#[test]
fn a_malformed_json_file_is_reported_and_the_rest_delivered_then_exit_2() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let dir = sandbox.path("events");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("1-good.json"), event_body(ID1)).unwrap();
    std::fs::write(
        dir.join("2-bad.json"),
        "{\n  \"id\": \"x\",\n  \"type\" \"t\"\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("3-good.json"), event_body(ID2)).unwrap();
    let output = replay(&sandbox, &[&sink.url, dir.to_str().unwrap()]);
    assert_eq!(code(&output), 2);
    let ids: Vec<_> = sink
        .received()
        .iter()
        .map(|r| r.json()["id"].clone())
        .collect();
    assert_eq!(ids, [ID1, ID2], "the good files, in file-name order");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("2-bad.json: invalid JSON at line 3, column"),
        "{stderr}"
    );
    assert!(stderr.contains("1 input problem"), "{stderr}");
}

#[test]
fn a_malformed_ndjson_line_is_reported_with_its_line_and_the_rest_delivered() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let file = sandbox.write(
        "events.ndjson",
        format!(
            "{}\n{{\"id\": oops}}\n{}\n",
            event_body(ID1),
            event_body(ID2)
        ),
    );
    let output = replay(&sandbox, &["--json", &sink.url, file.to_str().unwrap()]);
    assert_eq!(code(&output), 2);
    assert_eq!(sink.received().len(), 2);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("events.ndjson:2: invalid JSON at column"),
        "{stderr}"
    );
    assert_eq!(summary(&output)["input_errors"], 1);
    assert_eq!(summary(&output)["succeeded"], 2);
}

#[test]
fn an_empty_directory_is_an_input_error() {
    let sandbox = Sandbox::new();
    let dir = sandbox.path("empty");
    std::fs::create_dir(&dir).unwrap();
    let output = replay(
        &sandbox,
        &["http://127.0.0.1:9/webhook", dir.to_str().unwrap()],
    );
    assert_eq!(code(&output), 2);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("empty: the directory holds no files to replay"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was sent"), "{stderr}");
}

#[test]
fn an_unreadable_file_is_an_input_error() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let good = sandbox.write("good.json", event_body(ID1));
    let missing = sandbox.path("missing.json");
    let output = replay(
        &sandbox,
        &[&sink.url, missing.to_str().unwrap(), good.to_str().unwrap()],
    );
    assert_eq!(code(&output), 2);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("missing.json: cannot read it: No such file"),
        "{stderr}"
    );
    assert_eq!(
        sink.received().len(),
        1,
        "the readable file is still delivered"
    );
}

#[test]
fn a_bad_url_is_a_usage_error() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("e.json", event_body(ID1));
    for (url, says) in [
        ("ftp://host/hook", "http:// or https://"),
        ("not a url", "invalid URL"),
        ("localhost:8080", "http:// or https://"),
    ] {
        let output = replay(&sandbox, &[url, file.to_str().unwrap()]);
        assert_eq!(code(&output), 2, "{url}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(says), "{url}: {stderr}");
    }
}

#[test]
fn json_output_has_one_object_per_delivery_then_the_summary() {
    let sandbox = Sandbox::new();
    let sink = Sink::scripted(
        vec![Reply::status(200), Reply::status(500)],
        Reply::status(200),
    );
    let file = sandbox.write(
        "e.ndjson",
        format!("{}\n{}\n", event_body(ID1), event_body(ID2)),
    );
    let output = replay(&sandbox, &["--json", &sink.url, file.to_str().unwrap()]);
    assert_eq!(code(&output), 1);
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 3);
    for line in &lines[..2] {
        let keys: Vec<&str> = line
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "event_id",
                "status",
                "attempts",
                "latency_ms",
                "error",
                "source",
                "location"
            ]
        );
        assert!(line["latency_ms"].as_f64().unwrap() >= 0.0);
    }
    assert_eq!(lines[0]["source"], format!("{}:1", file.display()));
    assert_eq!(lines[1]["status"], 500);
    let summary = &lines[2]["summary"];
    for key in [
        "sent",
        "succeeded",
        "failed",
        "unreachable",
        "retried",
        "attempts",
        "input_errors",
        "latency_ms",
        "duration_ms",
        "per_second",
    ] {
        assert!(summary.get(key).is_some(), "summary lacks {key}: {summary}");
    }
    assert_eq!(
        (summary["sent"].as_u64(), summary["failed"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(
        summary["latency_ms"]["p50"].as_f64().is_some()
            && summary["latency_ms"]["p99"].as_f64().is_some()
    );
    assert!(text(&output.stderr).contains("1 of 2 deliveries"));
}

#[test]
fn captures_send_their_body_resigned_or_with_their_own_signature() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let capture = fixture("vectors/capture-valid.http");
    let raw = std::fs::read(&capture).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    let body = &raw[split..];
    let original = text(&raw[..split])
        .lines()
        .find_map(|l| l.strip_prefix("Roomz-Signature: ").map(str::to_string))
        .unwrap();
    assert_eq!(original, signature_of(VECTOR_SECRET, body));

    let output = replay(&sandbox, &[&sink.url, capture.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let output = replay(
        &sandbox,
        &["--keep-signature", &sink.url, capture.to_str().unwrap()],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let received = sink.received();
    assert_eq!(received[0].body, body);
    assert_eq!(
        received[0].header("Roomz-Signature").unwrap(),
        signature_of(SECRET, body),
        "re-signed"
    );
    assert_eq!(received[1].body, body);
    assert_eq!(
        received[1].header("Roomz-Signature").unwrap(),
        original,
        "kept as captured"
    );
}

#[test]
fn keep_signature_on_an_event_file_says_what_to_do() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let file = sandbox.write("e.json", event_body(ID1));
    let output = replay(
        &sandbox,
        &["--keep-signature", &sink.url, file.to_str().unwrap()],
    );
    assert_eq!(code(&output), 2);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("no captured Roomz-Signature") && stderr.contains("drop --keep-signature"),
        "{stderr}"
    );
    assert!(sink.received().is_empty());
}

#[test]
fn every_capture_format_is_replayed_with_its_exact_body() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let dir = fixture("captures");
    let output = replay(&sandbox, &["--json", &sink.url, dir.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let received = sink.received();
    assert!(received.len() >= 4, "{}", received.len());
    for request in &received {
        // The demo captures are signed with the demo secret over the exact body: the same
        // body re-signed with ours must match what we sent.
        assert_eq!(
            request.header("Roomz-Signature").unwrap(),
            signature_of(SECRET, &request.body)
        );
    }
    // The kept signature verifies with the demo secret: the body is the captured one, exactly.
    let output = replay(
        &sandbox,
        &["--keep-signature", &sink.url, dir.to_str().unwrap()],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    for request in &sink.received()[received.len()..] {
        let kept = request
            .header("Roomz-Signature")
            .or(request.header("X-Roomz-Signature"));
        assert_eq!(kept.unwrap(), signature_of(DEMO_SECRET, &request.body));
    }
}

#[test]
fn stdin_is_read_with_a_dash() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let secret = sandbox.secret_file(SECRET);
    let input = format!("{}\n{}\n", event_body(ID1), event_body(ID2));
    let output = sandbox
        .cmd()
        .args([
            "replay",
            "--secret-file",
            secret.to_str().unwrap(),
            &sink.url,
            "-",
        ])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let bodies: Vec<_> = sink.received().into_iter().map(|r| r.body).collect();
    assert_eq!(
        bodies,
        [event_body(ID1).into_bytes(), event_body(ID2).into_bytes()]
    );
}

#[test]
fn dry_run_prints_the_requests_and_sends_nothing() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let file = sandbox.write("e.json", event_body(ID1));
    let output = replay(&sandbox, &["--dry-run", &sink.url, file.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    assert!(sink.received().is_empty());
    let stdout = text(&output.stdout);
    let signature = signature_of(SECRET, event_body(ID1).as_bytes());
    assert!(stdout.contains(&format!("POST {}", sink.url)), "{stdout}");
    assert!(
        stdout.contains(&format!("Roomz-Signature: {signature}")),
        "{stdout}"
    );
    assert!(stdout.contains(ID1));
    assert!(stdout.contains("nothing sent"), "{stdout}");
}

#[test]
fn signature_header_picks_one_header() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let file = sandbox.write("e.json", event_body(ID1));
    let output = replay(
        &sandbox,
        &[
            "--signature-header",
            "x-roomz-signature",
            &sink.url,
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let request = &sink.received()[0];
    assert!(request.header("Roomz-Signature").is_none());
    assert_eq!(
        request.header("X-Roomz-Signature").unwrap(),
        signature_of(SECRET, event_body(ID1).as_bytes())
    );
    let output = replay(
        &sandbox,
        &[
            "--signature-header",
            "Signature",
            &sink.url,
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&output), 2);
}

#[test]
fn shuffle_with_a_seed_repeats_its_order() {
    let sandbox = Sandbox::new();
    let file = ndjson(&sandbox, "events.ndjson", 20);
    let order = |seed: &str| {
        let sink = Sink::ok();
        let output = replay(
            &sandbox,
            &[
                "--shuffle",
                "--seed",
                seed,
                &sink.url,
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(code(&output), 0);
        sink.received()
            .iter()
            .map(|r| r.json()["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let first = order("42");
    assert_eq!(first, order("42"));
    let original: Vec<String> = (0..20).map(|i| format!("evt-{i:04}")).collect();
    assert_ne!(first, original);
    let mut sorted = first.clone();
    sorted.sort();
    assert_eq!(sorted, original);
}

#[test]
fn rate_spaces_deliveries_out() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let file = ndjson(&sandbox, "events.ndjson", 5);
    let output = replay(
        &sandbox,
        &[
            "--rate",
            "10/s",
            "-c",
            "4",
            &sink.url,
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&output), 0);
    let received = sink.received();
    let span = received[4].at - received[0].at;
    assert!(
        span >= Duration::from_millis(350),
        "5 deliveries at 10/s took only {span:?}"
    );
}

#[test]
fn the_secret_appears_in_no_output() {
    let sandbox = Sandbox::new();
    let sink = Sink::scripted(vec![Reply::status(500)], Reply::status(200));
    let file = sandbox.write("e.json", event_body(ID1));
    for extra in [
        &["-v"][..],
        &["--json"],
        &["--dry-run"],
        &["--dry-run", "--json"],
        &["--retries", "1", "-vv"],
    ] {
        let mut args = extra.to_vec();
        args.extend([sink.url.as_str(), file.to_str().unwrap()]);
        let output = replay(&sandbox, &args);
        assert!(!text(&output.stdout).contains(SECRET), "{extra:?}");
        assert!(!text(&output.stderr).contains(SECRET), "{extra:?}");
    }
    let refused = replay(&sandbox, &[&refused_url(), file.to_str().unwrap()]);
    assert!(!text(&refused.stderr).contains(SECRET));
}

#[test]
fn inputs_are_required() {
    let sandbox = Sandbox::new();
    let output = replay(&sandbox, &["http://127.0.0.1:9/webhook"]);
    assert_eq!(code(&output), 2);
    assert!(
        text(&output.stderr).contains("FILE|DIR|-"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn from_store_replays_what_listen_recorded_with_filters() {
    let sandbox = Sandbox::new();
    let listener = listener_with(&sandbox, &[]);
    let legacy = format!(
        r#"{{"id":"{ID2}","type":"workspace.status.updated","timestamp":"2024-02-02T09:13:44+0000","workspaceId":"3f2e1d0c-b9a8-4765-8432-10fedcba9876"}}"#
    );
    for body in [event_body(ID1), legacy.clone()] {
        let signature = signature_of(SECRET, body.as_bytes());
        let (status, _) = listener.send(&common::post(
            "/webhook",
            &[("Roomz-Signature", &signature)],
            body.as_bytes(),
        ));
        assert_eq!(status, 200);
        listener.next_line();
    }
    listener.stop();

    let sink = Sink::ok();
    let output = replay(&sandbox, &["--from-store", &sink.url]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let bodies: Vec<Vec<u8>> = sink.received().into_iter().map(|r| r.body).collect();
    assert_eq!(
        bodies,
        [event_body(ID1).into_bytes(), legacy.clone().into_bytes()],
        "oldest first, exact bytes"
    );

    let sink = Sink::ok();
    let output = replay(
        &sandbox,
        &[
            "--from-store",
            "--type",
            "workspace.status.updated",
            "--since",
            "1h",
            "--keep-signature",
            &sink.url,
        ],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let received = sink.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body, legacy.as_bytes());
    assert_eq!(
        received[0].header("Roomz-Signature").unwrap(),
        signature_of(SECRET, legacy.as_bytes())
    );

    let sink = Sink::ok();
    let output = replay(&sandbox, &["--from-store", "--id", ID1, &sink.url]);
    assert_eq!(code(&output), 0);
    assert_eq!(sink.received().len(), 1);
    assert_eq!(sink.received()[0].json()["id"], ID1);

    let output = replay(&sandbox, &["--from-store", "--id", "no-such-id", &sink.url]);
    assert_eq!(code(&output), 2);
    assert!(
        text(&output.stderr).contains("no stored request matches"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn https_with_a_self_signed_receiver_needs_insecure() {
    let sandbox = Sandbox::new();
    let listener = listener_with(&sandbox, &["--tls-self-signed"]);
    assert!(listener.url.starts_with("https://"), "{}", listener.url);
    let file = sandbox.write("e.json", event_body(ID1));

    let output = replay(&sandbox, &[&listener.url, file.to_str().unwrap()]);
    assert_eq!(
        code(&output),
        3,
        "an untrusted certificate is a network error"
    );
    let stderr = text(&output.stderr).to_lowercase();
    assert!(stderr.contains("certificate"), "{stderr}");

    let output = replay(
        &sandbox,
        &["--insecure", &listener.url, file.to_str().unwrap()],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    // The listener also reports the first run's failed handshake: skip to the request.
    let line = std::iter::repeat_with(|| listener.next_line())
        .find(|line| line.get("connection_error").is_none())
        .unwrap();
    assert_eq!(line["event_id"], ID1, "{line}");
    assert_eq!(line["signature"], "valid");
}

#[test]
fn a_receiver_that_closes_each_connection_still_gets_everything() {
    let sandbox = Sandbox::new();
    let sink = Sink::scripted(vec![], Reply::status(200).header("Connection", "close"));
    let file = ndjson(&sandbox, "events.ndjson", 20);
    let output = replay(
        &sandbox,
        &["--json", "-c", "2", &sink.url, file.to_str().unwrap()],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stdout));
    assert_eq!(
        sink.received().len(),
        20,
        "each delivery once, on a new connection"
    );
    assert_eq!(
        summary(&output)["attempts"],
        20,
        "reconnecting is not a retry"
    );
}

#[test]
fn an_answer_sent_before_the_body_was_read_is_reported() {
    // The listener answers 413 as soon as it sees Content-Length over --max-body, before
    // the body has arrived; it then reads and discards the rest, so that the sender, still
    // writing a body far larger than the socket buffers, gets to read the answer: that
    // answer must be what replay reports (not "unreachable" from a reset connection).
    let sandbox = Sandbox::new();
    let listener = listener_with(&sandbox, &["--max-body", "64KiB"]);
    let body = format!(
        r#"{{"id":"{ID1}","type":"x","timestamp":"2024-05-21T08:22:32.452Z","data":{{"pad":"{}"}}}}"#,
        "a".repeat(16 << 20)
    );
    let file = sandbox.write("big.json", &body);
    let output = replay(
        &sandbox,
        &[
            "--json",
            "--max-body",
            "32MiB",
            &listener.url,
            file.to_str().unwrap(),
        ],
    );
    let out = text(&output.stdout);
    assert_eq!(code(&output), 1, "{out}{}", text(&output.stderr));
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["status"], 413, "{first}");
}

#[test]
fn quiet_shows_only_the_missed_deliveries_with_their_ids() {
    let sandbox = Sandbox::new();
    let file = sandbox.write(
        "two.ndjson",
        format!("{}\n{}\n", event_body(ID1), event_body(ID2)),
    );
    let sink = Sink::scripted(
        vec![Reply::status(200), Reply::status(500)],
        Reply::status(200),
    );
    let output = replay(&sandbox, &["--quiet", &sink.url, file.to_str().unwrap()]);
    assert_eq!(code(&output), 1);
    assert_eq!(text(&output.stdout), "", "nothing for delivered events");
    let err = text(&output.stderr);
    assert!(err.contains(ID2) && err.contains("500"), "{err}");
    assert!(!err.contains(ID1), "{err}");
}

#[test]
fn user_info_in_the_url_is_basic_auth_never_the_host_and_never_shown() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let file = sandbox.write("one.json", event_body(ID1));
    let with_user = sink.url.replacen("http://", "http://hook:s3cret@", 1);
    let output = replay(&sandbox, &["--json", &with_user, file.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let received = sink.wait_for(1);
    let host = received[0].header("host").unwrap();
    assert!(
        !host.contains('@') && !host.contains("hook"),
        "Host: {host}"
    );
    // base64("hook:s3cret")
    assert_eq!(
        received[0].header("authorization"),
        Some("Basic aG9vazpzM2NyZXQ=")
    );
    let shown = format!("{}{}", text(&output.stdout), text(&output.stderr));
    assert!(!shown.contains("s3cret"), "{shown}");
}

/// A receiver on raw TCP (127.0.0.1:0) that counts every whole request it reads. On each
/// connection it answers the first `answered` requests with a kept-alive 200, then reads
/// one more whole request and closes the connection without answering it: the case
/// where a client that re-sends "unsent" requests on its own would deliver twice.
struct Closer {
    url: String,
    bodies: std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>>,
}

impl Closer {
    fn start(answered: usize) -> Closer {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/webhook", listener.local_addr().unwrap());
        let bodies = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = bodies.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let seen = seen.clone();
                std::thread::spawn(move || {
                    let mut writer = stream.try_clone().unwrap();
                    let mut reader = BufReader::new(stream);
                    for served in 0.. {
                        let mut length = 0;
                        let mut line = String::new();
                        loop {
                            line.clear();
                            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                                return;
                            }
                            if line == "\r\n" {
                                break;
                            }
                            if let Some((name, value)) = line.split_once(':') {
                                if name.eq_ignore_ascii_case("content-length") {
                                    length = value.trim().parse().unwrap();
                                }
                            }
                        }
                        let mut body = vec![0; length];
                        if reader.read_exact(&mut body).is_err() {
                            return;
                        }
                        seen.lock().unwrap().push(body);
                        if served >= answered {
                            return; // read whole, never answered: the connection closes
                        }
                        let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n";
                        if writer.write_all(answer).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Closer { url, bodies }
    }

    fn bodies(&self) -> Vec<Vec<u8>> {
        self.bodies.lock().unwrap().clone()
    }
}

#[test]
fn a_request_read_then_dropped_on_a_kept_alive_connection_is_sent_once_and_counted() {
    let sandbox = Sandbox::new();
    // Each connection answers one request, then reads the next and closes.
    let closer = Closer::start(1);
    let file = ndjson(&sandbox, "events.ndjson", 10);
    let output = replay(
        &sandbox,
        &[
            "--json",
            "--retries",
            "0",
            &closer.url,
            file.to_str().unwrap(),
        ],
    );
    let bodies = closer.bodies();
    assert_eq!(bodies.len(), 10, "each event on the wire exactly once");
    let mut distinct = bodies.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 10, "no event twice");
    let summary = summary(&output);
    assert_eq!(summary["attempts"], 10, "{summary}");
    assert_eq!(summary["sent"], 10);
    assert_eq!(summary["succeeded"], 5, "every other request is answered");
    assert_eq!(summary["failed"], 5);
    let failed: Vec<_> = json_lines(&output)
        .into_iter()
        .filter(|l| l.get("error").is_some_and(|e| !e.is_null()))
        .collect();
    assert_eq!(failed.len(), 5);
    assert!(
        failed[0]["error"]
            .as_str()
            .unwrap()
            .contains("request failed"),
        "{}",
        failed[0]
    );
    assert_eq!(failed[0]["attempts"], 1);
    assert_eq!(code(&output), 1);
}

#[test]
fn with_retries_the_receivers_count_equals_the_reported_attempts() {
    let sandbox = Sandbox::new();
    let closer = Closer::start(1);
    let file = ndjson(&sandbox, "events.ndjson", 12);
    let output = replay(
        &sandbox,
        &[
            "--json",
            "-c",
            "3",
            "--retries",
            "2",
            &closer.url,
            file.to_str().unwrap(),
        ],
    );
    let summary = summary(&output);
    assert_eq!(
        summary["attempts"],
        closer.bodies().len() as u64,
        "{summary}"
    );
    assert_eq!(summary["sent"], 12);
    let per_delivery: u64 = json_lines(&output)
        .iter()
        .filter_map(|l| l["attempts"].as_u64())
        .sum();
    assert_eq!(per_delivery, closer.bodies().len() as u64);
}

#[test]
fn a_receiver_that_reads_and_closes_every_request_gets_each_body_once_with_no_retries() {
    let sandbox = Sandbox::new();
    let closer = Closer::start(0);
    let file = ndjson(&sandbox, "events.ndjson", 4);
    let output = replay(&sandbox, &["--json", &closer.url, file.to_str().unwrap()]);
    assert_eq!(closer.bodies().len(), 4);
    assert_eq!(summary(&output)["attempts"], 4);
    assert_eq!(code(&output), 3, "no delivery got an answer");
}

/// Starts `replay --json` on `args` with stdout and stderr collected, stdin piped.
fn spawn_replay(sandbox: &Sandbox, args: &[&str]) -> (std::process::Child, Collected, Collected) {
    let secret = sandbox.secret_file(SECRET);
    let mut child = common::std_command(sandbox)
        .arg("replay")
        .arg("--secret-file")
        .arg(secret)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = Collected::new(child.stdout.take().unwrap());
    let stderr = Collected::new(child.stderr.take().unwrap());
    (child, stdout, stderr)
}

fn send_signal(child: &std::process::Child, signal: &str) {
    let status = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn sigint_mid_run_sends_nothing_new_prints_the_summary_and_exits_130() {
    let sandbox = Sandbox::new();
    let sink = Sink::scripted(vec![], Reply::status(200).delay(Duration::from_millis(200)));
    let file = ndjson(&sandbox, "events.ndjson", 50);
    let (mut child, stdout, stderr) =
        spawn_replay(&sandbox, &["--json", &sink.url, file.to_str().unwrap()]);
    sink.wait_for(3);
    send_signal(&child, "-INT");
    let out = stdout
        .finish_within(Duration::from_secs(10))
        .expect("replay ends after SIGINT");
    let status = child.wait().unwrap();
    let arrived = sink.received().len();
    assert_eq!(status.code(), Some(130), "{out}{}", stderr.text());
    let last: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    let summary = &last["summary"];
    for key in ["sent", "attempts", "succeeded", "failed", "not_sent"] {
        assert!(summary[key].is_u64(), "{key} in {summary}");
    }
    assert_eq!(summary["interrupted"], "SIGINT");
    let (sent, not_sent) = (
        summary["sent"].as_u64().unwrap(),
        summary["not_sent"].as_u64().unwrap(),
    );
    assert!(sent < 50 && not_sent > 0, "{summary}");
    assert_eq!(
        summary["attempts"].as_u64().unwrap(),
        arrived as u64,
        "{summary}"
    );
    assert_eq!(
        summary["succeeded"].as_u64().unwrap() + summary["failed"].as_u64().unwrap(),
        sent
    );
    // The in-flight request was given time to finish: it succeeded.
    assert_eq!(summary["failed"], 0, "{summary}");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        sink.received().len(),
        arrived,
        "nothing sent after the signal"
    );
}

#[test]
fn sigterm_gives_a_request_in_flight_two_seconds_then_counts_it_failed_and_exits_143() {
    let sandbox = Sandbox::new();
    let sink = Sink::scripted(
        vec![Reply::status(200)],
        Reply::status(200).delay(Duration::from_secs(30)),
    );
    let file = ndjson(&sandbox, "events.ndjson", 5);
    let (mut child, stdout, _stderr) =
        spawn_replay(&sandbox, &["--json", &sink.url, file.to_str().unwrap()]);
    sink.wait_for(2);
    let signalled = std::time::Instant::now();
    send_signal(&child, "-TERM");
    let out = stdout
        .finish_within(Duration::from_secs(10))
        .expect("replay ends after SIGTERM");
    let waited = signalled.elapsed();
    assert_eq!(child.wait().unwrap().code(), Some(143), "{out}");
    assert!(
        waited >= Duration::from_millis(1900) && waited < Duration::from_secs(8),
        "{waited:?}"
    );
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary = &lines.last().unwrap()["summary"];
    assert_eq!(summary["sent"], 2, "{summary}");
    assert_eq!(summary["succeeded"], 1);
    assert_eq!(summary["failed"], 1);
    assert_eq!(summary["not_sent"], 3);
    assert_eq!(summary["interrupted"], "SIGTERM");
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .contains("stopped by SIGTERM"),
        "{}",
        lines[1]
    );
}

#[test]
fn ndjson_on_stdin_is_sent_line_by_line_as_it_arrives() {
    use std::io::Write;
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let (mut child, stdout, stderr) = spawn_replay(&sandbox, &["--json", &sink.url, "-"]);
    let mut stdin = child.stdin.take().unwrap();
    // What `listen --json` writes first, then one capture line: sent before stdin closes.
    writeln!(stdin, r#"{{"listening":"http://127.0.0.1:1/webhook"}}"#).unwrap();
    stdin.flush().unwrap();
    writeln!(stdin, "{}", event_body(ID1)).unwrap();
    stdin.flush().unwrap();
    let first = sink.wait_for(1);
    assert_eq!(
        first.len(),
        1,
        "the line was sent while stdin is open: {}",
        stderr.text()
    );
    assert_eq!(first[0].body, event_body(ID1).into_bytes());
    writeln!(stdin, "{}", event_body(ID2)).unwrap();
    stdin.flush().unwrap();
    assert_eq!(sink.wait_for(2).len(), 2);
    drop(stdin);
    let out = stdout.finish_within(Duration::from_secs(10)).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0), "{out}");
}

#[test]
fn a_first_event_line_on_stdin_is_sent_before_the_second_arrives() {
    use std::io::Write;
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let (mut child, stdout, _stderr) = spawn_replay(&sandbox, &[&sink.url, "-"]);
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{}", event_body(ID1)).unwrap();
    stdin.flush().unwrap();
    assert_eq!(sink.wait_for(1).len(), 1, "sent while stdin is still open");
    drop(stdin);
    stdout.finish_within(Duration::from_secs(10)).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn follow_redirects_sends_signatures_to_another_origin_only_when_told() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("e.json", event_body(ID1));
    for (extra, signed) in [(None, false), (Some("--redirect-signatures"), true)] {
        // Two receivers on two ports: two origins.
        let other = Sink::ok();
        let first = Sink::scripted(
            vec![Reply::status(307).header("Location", &other.url)],
            Reply::status(200),
        );
        let mut args = vec!["--json", "--follow-redirects"];
        args.extend(extra);
        args.extend([first.url.as_str(), file.to_str().unwrap()]);
        let output = replay(&sandbox, &args);
        assert_eq!(code(&output), 0, "{}", text(&output.stderr));
        let moved = other.wait_for(1);
        assert_eq!(moved[0].body, event_body(ID1).into_bytes(), "body kept");
        assert!(first.received()[0].header("Roomz-Signature").is_some());
        for header in ["Roomz-Signature", "X-Roomz-Signature"] {
            assert_eq!(
                moved[0].header(header).is_some(),
                signed,
                "{header} {extra:?}"
            );
        }
        assert_eq!(summary(&output)["attempts"], 2, "both requests counted");
    }
}

#[test]
fn redirect_signatures_needs_follow_redirects() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("e.json", event_body(ID1));
    let output = replay(
        &sandbox,
        &[
            "--redirect-signatures",
            &refused_url(),
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&output), 2);
    assert!(text(&output.stderr).contains("--follow-redirects"));
}

#[test]
fn a_body_over_max_body_is_reported_and_not_sent_until_max_body_is_raised() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let big = format!(r#"{{"id":"{ID1}","pad":"{}"}}"#, "a".repeat(1 << 20));
    let file = sandbox.write("mixed.ndjson", format!("{big}\n{}\n", event_body(ID2)));
    let output = replay(&sandbox, &[&sink.url, file.to_str().unwrap()]);
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "mixed.ndjson:1: the body is {} bytes, over --max-body 1MiB",
            big.len()
        )),
        "{stderr}"
    );
    let received = sink.received();
    assert_eq!(received.len(), 1, "only the small event");
    assert_eq!(received[0].body, event_body(ID2).into_bytes());
    let output = replay(
        &sandbox,
        &["--max-body", "2MiB", &sink.url, file.to_str().unwrap()],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    assert_eq!(sink.received().len(), 3);
}

#[cfg(unix)]
#[test]
fn replaying_dev_zero_ends_with_the_size_error_and_sends_nothing() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let output = replay(&sandbox, &[&sink.url, "/dev/zero"]);
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 2, "{stderr}");
    assert!(
        stderr.contains("/dev/zero") && stderr.contains("over 64MiB"),
        "{stderr}"
    );
    assert!(sink.received().is_empty());
}

#[test]
fn a_curl_capture_cannot_make_replay_send_a_file_outside_its_directory() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    sandbox.write("private.toml", "token = 'not for the receiver'\n");
    std::fs::create_dir(sandbox.path("captures")).unwrap();
    let capture = sandbox.write(
        "captures/evil.curl",
        format!("curl {} --data-binary @../private.toml\n", sink.url),
    );
    let output = replay(&sandbox, &[&sink.url, capture.to_str().unwrap()]);
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 2, "{stderr}");
    assert!(
        stderr.contains("evil.curl:1: cannot use the body file")
            && stderr.contains("private.toml")
            && stderr.contains("outside the capture's directory"),
        "{stderr}"
    );
    assert!(sink.received().is_empty(), "nothing was sent");
}
