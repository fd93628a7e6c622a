//! `roomz-hook listen` over real sockets: what it answers, prints and stores for good,
//! forged, duplicated and malformed requests, and that it keeps serving after each.

mod common;

use common::{event_body, post, signature_of, RunningListener, Sandbox};
use serde_json::Value;

const SECRET: &str = "whsec_listen_test_secret";

fn start(sandbox: &Sandbox, extra: &[&str]) -> RunningListener {
    let secret = sandbox.secret_file(SECRET);
    let store = sandbox.path("events.db");
    let mut args = vec![
        "--secret-file",
        secret.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    RunningListener::start(sandbox, &args)
}

fn signed(id: &str) -> Vec<u8> {
    let body = event_body(id);
    post(
        "/webhook",
        &[("Roomz-Signature", &signature_of(SECRET, body.as_bytes()))],
        body.as_bytes(),
    )
}

/// The stored rows, through the real `events export`.
fn stored(sandbox: &Sandbox) -> Vec<Value> {
    let output = sandbox
        .cmd()
        .args(["events", "export", "--store"])
        .arg(sandbox.path("events.db"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const ID1: &str = "0b6f1a52-6a3e-4d8e-9a57-0c1f0e1d2a01";
const ID2: &str = "0b6f1a52-6a3e-4d8e-9a57-0c1f0e1d2a02";

#[test]
fn valid_event_is_answered_printed_and_stored() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let (status, answer) = listener.send(&signed(ID1));
    assert_eq!(status, 200, "{answer}");
    let line = listener.next_line();
    assert_eq!(line["signature"], "valid");
    assert_eq!(line["event_id"], ID1);
    assert_eq!(line["event_type"], "workspace.presence.changed");
    assert_eq!(line["status"], 200);
    assert_eq!(line["duplicate"], false);
    assert_eq!(line["method"], "POST");
    assert_eq!(line["path"], "/webhook");
    assert_eq!(line["problems"], serde_json::json!([]));
    assert_eq!(line["body"], event_body(ID1));
    assert!(line["received_at"].as_str().unwrap().ends_with('Z'));
    assert!(line["headers"]["roomz-signature"].is_string());
    let (code, _) = listener.stop();
    assert_eq!(code, Some(0));
    let rows = stored(&sandbox);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["body"], event_body(ID1));
    assert_eq!(rows[0]["signature"], "valid");
}

#[test]
fn forged_and_unsigned_requests_get_401_and_are_stored() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let body = event_body(ID1);
    let forged = signature_of("another secret", body.as_bytes());
    let (status, _) = listener.send(&post(
        "/webhook",
        &[("X-Roomz-Signature", &forged)],
        body.as_bytes(),
    ));
    assert_eq!(status, 401);
    assert_eq!(listener.next_line()["signature"], "invalid");
    let (status, answer) = listener.send(&post("/webhook", &[], body.as_bytes()));
    assert_eq!(status, 401);
    assert!(answer.contains("missing signature"), "{answer}");
    assert_eq!(listener.next_line()["signature"], "missing");
    // Still serving.
    assert_eq!(listener.send(&signed(ID2)).0, 200);
    drop(listener);
    let signatures: Vec<Value> = stored(&sandbox)
        .iter()
        .map(|r| r["signature"].clone())
        .collect();
    assert_eq!(signatures, ["invalid", "missing", "valid"]);
}

#[test]
fn oversized_body_gets_413() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &["--max-body", "1KiB"]);
    let body = vec![b'x'; 4096];
    let (status, _) = listener.send(&post("/webhook", &[("Roomz-Signature", "x")], &body));
    assert_eq!(status, 413);
    let line = listener.next_line();
    assert_eq!(line["status"], 413);
    assert!(
        line["problems"][0]
            .as_str()
            .unwrap()
            .contains("over --max-body 1KiB"),
        "{line}"
    );
    assert_eq!(listener.send(&signed(ID1)).0, 200, "still serving");
}

#[test]
fn invalid_utf8_and_non_objects_get_400_with_exact_bytes_stored() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let cases: [&[u8]; 3] = [b"\xff\xfe{not utf8", b"[1,2,3]", b"\"hello\""];
    for body in cases {
        let request = post(
            "/webhook",
            &[("Roomz-Signature", &signature_of(SECRET, body))],
            body,
        );
        let (status, _) = listener.send(&request);
        assert_eq!(status, 400, "{body:?}");
        let line = listener.next_line();
        assert_eq!(line["signature"], "valid");
        assert!(!line["problems"].as_array().unwrap().is_empty());
    }
    drop(listener);
    let rows = stored(&sandbox);
    assert_eq!(rows.len(), 3);
    use base64::Engine;
    let first = base64::engine::general_purpose::STANDARD
        .decode(rows[0]["body_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(first, cases[0]);
    assert!(
        rows[0].get("body").is_none(),
        "no text form for invalid UTF-8"
    );
}

#[test]
fn invalid_event_fields_are_reported_but_answered_200() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let body =
        br#"{"id":"not-a-uuid","type":"workspace.presence.changed","timestamp":"yesterday"}"#;
    let request = post(
        "/webhook",
        &[("Roomz-Signature", &signature_of(SECRET, body))],
        body,
    );
    assert_eq!(listener.send(&request).0, 200);
    let line = listener.next_line();
    let problems = line["problems"].to_string();
    assert!(problems.contains("not a UUID"), "{problems}");
    assert!(problems.contains("timestamp"), "{problems}");
}

#[test]
fn truncated_body_is_recorded_and_the_listener_keeps_serving() {
    use std::io::Write;
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let mut stream = std::net::TcpStream::connect(&listener.addr).unwrap();
    stream
        .write_all(b"POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"id\":\"abc")
        .unwrap();
    drop(stream);
    let line = listener.next_line();
    assert!(
        line["problems"][0].as_str().unwrap().contains("truncated"),
        "{line}"
    );
    assert_eq!(line["body"], "{\"id\":\"abc");
    assert_eq!(listener.send(&signed(ID1)).0, 200);
    drop(listener);
    assert_eq!(stored(&sandbox).len(), 2);
}

#[test]
fn garbage_and_slow_clients_do_not_stop_the_listener() {
    use std::io::{Read, Write};
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &["--header-timeout", "1s"]);
    let (status, _) = listener.send(b"\x16\x03\x01 this is not HTTP at all\r\n\r\n");
    assert!(status == 400 || status == 0, "garbage answered {status}");
    // A client that sends half a request line and waits is cut off.
    let mut slow = std::net::TcpStream::connect(&listener.addr).unwrap();
    slow.write_all(b"POST /web").unwrap();
    slow.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let started = std::time::Instant::now();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(8),
        "slow client was not cut off"
    );
    assert_eq!(listener.send(&signed(ID1)).0, 200);
    let (_, _) = listener.stop();
}

#[test]
fn duplicates_are_marked_across_restarts() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    listener.send(&signed(ID1));
    listener.send(&signed(ID1));
    assert_eq!(listener.next_line()["duplicate"], false);
    assert_eq!(listener.next_line()["duplicate"], true);
    listener.stop();
    let listener = start(&sandbox, &[]);
    assert_eq!(listener.send(&signed(ID1)).0, 200);
    assert_eq!(listener.next_line()["duplicate"], true);
}

#[test]
fn other_paths_and_methods() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    assert_eq!(listener.send(&post("/elsewhere", &[], b"{}")).0, 404);
    let (status, _) =
        listener.send(b"GET /webhook HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 405);
}

#[test]
fn count_exits_0_when_all_valid_and_1_otherwise() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &["--count", "2"]);
    listener.send(&signed(ID1));
    listener.send(&signed(ID2));
    assert_eq!(listener.wait().0, Some(0));

    let listener = start(&sandbox, &["--count", "2"]);
    listener.send(&signed(ID1));
    listener.send(&post("/webhook", &[], event_body(ID2).as_bytes()));
    assert_eq!(listener.wait().0, Some(1));
}

#[test]
fn count_with_timeout_exits_1_when_too_few_arrive() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &["--count", "3", "--timeout", "1s"]);
    listener.send(&signed(ID1));
    let stderr_before = listener.stderr();
    let (code, _) = listener.wait();
    assert_eq!(code, Some(1), "{stderr_before}");
}

#[test]
fn events_filter_limits_counting_and_printing() {
    let sandbox = Sandbox::new();
    let listener = start(
        &sandbox,
        &["--events", "workspace.status.updated", "--count", "1"],
    );
    assert_eq!(
        listener.send(&signed(ID1)).0,
        200,
        "other types are still answered"
    );
    let legacy = r#"{"id":"0b6f1a52-6a3e-4d8e-9a57-0c1f0e1d2a09","type":"workspace.status.updated","timestamp":"2024-02-02T09:13:44+0000","workspaceId":"df801b47-b7be-48e8-8e21-20e20c75906c"}"#;
    listener.send(&post(
        "/webhook",
        &[("Roomz-Signature", &signature_of(SECRET, legacy.as_bytes()))],
        legacy.as_bytes(),
    ));
    let line = listener.next_line();
    assert_eq!(
        line["event_type"], "workspace.status.updated",
        "the first type was not printed"
    );
    assert_eq!(listener.wait().0, Some(0));
    assert_eq!(stored(&sandbox).len(), 2, "both stored");
}

#[test]
fn status_and_fail_rate_simulate_a_failing_receiver() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &["--status", "503"]);
    assert_eq!(listener.send(&signed(ID1)).0, 503);
    drop(listener);
    let listener = start(&sandbox, &["--fail-rate", "1.0"]);
    assert_eq!(listener.send(&signed(ID2)).0, 500);
}

#[test]
fn bad_flags_are_usage_errors() {
    let sandbox = Sandbox::new();
    for (args, expected) in [
        (vec!["--fail-rate", "2"], "not a probability"),
        (vec!["--delay", "10"], "unit must be ms, s, m, h or d"),
        (vec!["--max-body", "1XB"], "unknown unit"),
        (vec!["--path", "webhook"], "must start with '/'"),
        (
            vec!["--forward-to", "localhost:3000"],
            "http:// or https://",
        ),
        (
            vec!["--tls-cert", "nope.pem", "--tls-key", "nope.key"],
            "nope.pem",
        ),
    ] {
        sandbox
            .cmd()
            .arg("listen")
            .args(["--port", "0", "--no-store"])
            .args(&args)
            .env("ROOMZ_WEBHOOK_SECRET", SECRET)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(expected));
    }
}

#[test]
fn a_development_secret_is_generated_saved_and_used_by_sign() {
    let sandbox = Sandbox::new();
    let listener = RunningListener::start(&sandbox, &["--no-store"]);
    let config = std::fs::read_to_string(sandbox.path("config.toml")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(sandbox.path("config.toml"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(config.contains(&listener.url), "the bound URL is saved");
    let secret = config
        .lines()
        .find_map(|l| l.strip_prefix("secret = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("a saved secret")
        .to_string();
    listener.wait_for_stderr("generated a development secret");
    // `sign` in another terminal picks it up from the config file.
    let body = event_body(ID1);
    let output = sandbox
        .cmd()
        .arg("sign")
        .write_stdin(body.clone())
        .output()
        .unwrap();
    let signature = String::from_utf8(output.stdout).unwrap().trim().to_string();
    assert_eq!(signature, signature_of(&secret, body.as_bytes()));
    assert_eq!(
        listener
            .send(&post(
                "/webhook",
                &[("Roomz-Signature", &signature)],
                body.as_bytes()
            ))
            .0,
        200
    );
}

#[test]
fn the_secret_appears_in_no_output_and_no_row() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &["-v"]);
    listener.send(&signed(ID1));
    let line = listener.next_line();
    let stderr = listener.stderr();
    let (_, rest) = listener.stop();
    assert!(!line.to_string().contains(SECRET));
    assert!(!stderr.contains(SECRET), "{stderr}");
    assert!(rest.iter().all(|l| !l.contains(SECRET)));
    let db = std::fs::read(sandbox.path("events.db")).unwrap_or_default();
    let wal = std::fs::read(sandbox.path("events.db-wal")).unwrap_or_default();
    for bytes in [db, wal] {
        assert!(!bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()));
    }
}

#[test]
fn forwards_exact_bytes_to_the_app_and_reports_an_app_that_is_down() {
    let sandbox = Sandbox::new();
    let app = common::sink::Sink::ok();
    let listener = start(&sandbox, &["--forward-to", &app.url]);
    let body = format!("{}\n", event_body(ID1));
    let signature = signature_of(SECRET, body.as_bytes());
    let request = post(
        "/webhook",
        &[("Roomz-Signature", &signature), ("X-Custom", "kept")],
        body.as_bytes(),
    );
    assert_eq!(listener.send(&request).0, 200);
    let received = app.wait_for(1).remove(0);
    assert_eq!(
        received.body,
        body.as_bytes(),
        "body forwarded byte for byte"
    );
    assert_eq!(received.header("roomz-signature"), Some(signature.as_str()));
    assert_eq!(received.header("x-custom"), Some("kept"));
    let _event = listener.next_line();
    let forwarded = listener.next_line();
    assert_eq!(forwarded["forwarded"]["status"], 200);
    drop(listener);

    let down = common::sink::refused_url();
    let listener = start(&sandbox, &["--forward-to", &down]);
    assert_eq!(
        listener.send(&signed(ID2)).0,
        200,
        "the app being down is not fatal"
    );
    let _event = listener.next_line();
    let forwarded = listener.next_line();
    assert!(
        forwarded["forwarded"]["error"]
            .as_str()
            .unwrap()
            .contains("connect"),
        "{forwarded}"
    );
    assert_eq!(listener.send(&signed(ID1)).0, 200);
}

#[test]
fn serves_https_with_a_self_signed_certificate() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &["--tls-self-signed"]);
    assert!(listener.url.starts_with("https://"));
    let body = event_body(ID1);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let status = runtime.block_on(async {
        reqwest::Client::builder()
            .danger_accept_invalid_certs(true)
            .build()
            .unwrap()
            .post(&listener.url)
            .header("Roomz-Signature", signature_of(SECRET, body.as_bytes()))
            .body(body.clone())
            .send()
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status, 200);
    assert_eq!(listener.next_line()["signature"], "valid");
}

/// The issue's durability check: 1,000 signed events sent concurrently, the listener
/// SIGKILLed right after the last 2xx, and every acknowledged event found in the store.
#[test]
fn nothing_acknowledged_is_lost_when_killed() {
    let sandbox = Sandbox::new();
    let mut listener = start(&sandbox, &[]);
    let url = listener.url.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let acknowledged: Vec<String> = runtime.block_on(async {
        let client = reqwest::Client::new();
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..1000 {
            let (client, url) = (client.clone(), url.clone());
            tasks.spawn(async move {
                let id = format!("6d1c7f7e-0000-4000-8000-{i:012}");
                let body = event_body(&id);
                let response = client
                    .post(&url)
                    .header("Roomz-Signature", signature_of(SECRET, body.as_bytes()))
                    .body(body)
                    .send()
                    .await;
                match response {
                    Ok(r) if r.status().is_success() => Some(id),
                    _ => None,
                }
            });
        }
        let mut ids = Vec::new();
        while let Some(result) = tasks.join_next().await {
            ids.extend(result.unwrap());
        }
        ids
    });
    listener.child.kill().unwrap(); // SIGKILL: no flush, no goodbye
    listener.child.wait().unwrap();
    assert_eq!(acknowledged.len(), 1000, "every request was acknowledged");
    let rows = stored(&sandbox);
    let stored_ids: std::collections::HashSet<&str> =
        rows.iter().filter_map(|r| r["event_id"].as_str()).collect();
    for id in &acknowledged {
        assert!(
            stored_ids.contains(id.as_str()),
            "acknowledged {id} was lost"
        );
    }
}
