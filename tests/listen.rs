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
    // Not a terminal and not the default port: the secret is saved, the URL is not.
    assert!(!config.contains("listen_url"), "{config}");
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

// ---- issue 12: duplicates only from genuine events ----

fn unsigned(id: &str) -> Vec<u8> {
    post("/webhook", &[], event_body(id).as_bytes())
}

fn forged(id: &str) -> Vec<u8> {
    let body = event_body(id);
    let signature = signature_of("not the secret", body.as_bytes());
    post(
        "/webhook",
        &[("Roomz-Signature", &signature)],
        body.as_bytes(),
    )
}

/// An attacker who knows an event's id sends it first, unsigned or forged: the genuine
/// delivery that follows is no duplicate, in this run or the next.
#[test]
fn a_forged_or_unsigned_request_never_makes_the_genuine_one_a_duplicate() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    assert_eq!(listener.send(&unsigned(ID1)).0, 401);
    assert_eq!(listener.send(&forged(ID1)).0, 401);
    for _ in 0..2 {
        assert_eq!(listener.next_line()["status"], 401);
    }
    assert_eq!(listener.send(&signed(ID1)).0, 200);
    let genuine = listener.next_line();
    assert_eq!(
        (&genuine["signature"], &genuine["duplicate"]),
        (&Value::from("valid"), &Value::from(false))
    );
    listener.stop();
    // After a restart, forged ones of a new id change nothing either.
    let listener = start(&sandbox, &[]);
    assert_eq!(listener.send(&forged(ID2)).0, 401);
    assert_eq!(listener.next_line()["duplicate"], false);
    assert_eq!(listener.send(&signed(ID2)).0, 200);
    assert_eq!(listener.next_line()["duplicate"], false);
    assert_eq!(listener.send(&signed(ID1)).0, 200);
    assert_eq!(
        listener.next_line()["duplicate"],
        true,
        "the genuine ID1 of the first run is seen"
    );
    let flags: Vec<(Value, Value)> = stored(&sandbox)
        .iter()
        .map(|r| (r["signature"].clone(), r["duplicate"].clone()))
        .collect();
    let f = Value::from(false);
    assert_eq!(
        flags,
        [
            ("missing".into(), f.clone()),
            ("invalid".into(), f.clone()),
            ("valid".into(), f.clone()),
            ("invalid".into(), f.clone()),
            ("valid".into(), f.clone()),
            ("valid".into(), Value::from(true)),
        ]
    );
}

/// A genuine delivery that could not be stored (the store was locked by another program
/// past the busy timeout) is answered 503, gets its line with --json, and does not make
/// the retry a duplicate.
#[test]
fn an_unstored_503_has_its_line_and_never_makes_the_retry_a_duplicate() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let other = rusqlite::Connection::open(sandbox.path("events.db")).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let (status, answer) = listener.send(&signed(ID1));
    assert_eq!(status, 503, "{answer}");
    let line = listener.next_line();
    assert_eq!(line["status"], 503);
    assert_eq!(line["event_id"], ID1);
    assert!(
        line["problems"].to_string().contains("not stored"),
        "{line}"
    );
    listener.wait_for_stderr("NOT stored, answered 503");
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(listener.send(&signed(ID1)).0, 200);
    let retry = listener.next_line();
    assert_eq!(retry["duplicate"], false, "{retry}");
    assert_eq!(retry["status"], 200);
}

// ---- issue 12: listen's promises ----

/// Runs `roomz-hook` as an unprivileged user when the tests run as root (whom file modes
/// do not stop), so that a read-only file is read-only.
fn unprivileged(sandbox: &Sandbox) -> std::process::Command {
    let uid = std::process::Command::new("id").arg("-u").output().unwrap();
    let mut cmd = match String::from_utf8_lossy(&uid.stdout).trim() {
        "0" => {
            let mut cmd = std::process::Command::new("setpriv");
            cmd.args(["--reuid", "65534", "--regid", "65534", "--clear-groups"])
                .arg(common::binary());
            cmd
        }
        _ => std::process::Command::new(common::binary()),
    };
    let template = sandbox.cmd();
    for (key, value) in template.get_envs() {
        match value {
            Some(v) => cmd.env(key, v),
            None => cmd.env_remove(key),
        };
    }
    cmd.current_dir(sandbox.path(""));
    cmd
}

#[cfg(unix)]
#[test]
fn a_store_that_cannot_be_written_is_an_error_at_start() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::new();
    let chmod = |path: &std::path::Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    chmod(&sandbox.path(""), 0o755);
    let secret = sandbox.secret_file(SECRET);
    chmod(&secret, 0o644);
    // A read-only file in a writable directory, and a writable file in a read-only one.
    let cases = [("file", 0o444, 0o777), ("dir", 0o666, 0o555)];
    for (name, file_mode, dir_mode) in cases {
        let dir = sandbox.path(name);
        std::fs::create_dir(&dir).unwrap();
        let store = dir.join("events.db");
        drop(roomz_hook::store::Store::open(&store).unwrap());
        chmod(&store, file_mode);
        chmod(&dir, dir_mode);
        let output = unprivileged(&sandbox)
            .args(["listen", "--port", "0", "--no-save", "--secret-file"])
            .arg(&secret)
            .arg("--store")
            .arg(&store)
            .args(["--timeout", "3s"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "the event store {} cannot be written",
                store.display()
            )) || stderr.contains("cannot open the event store"),
            "{name}: {stderr}"
        );
        assert!(
            !stderr.contains("listening on"),
            "{name}: refused before serving: {stderr}"
        );
        chmod(&dir, 0o755);
    }
}

/// Deleted, or replaced by another file: the listener stops acknowledging at once and
/// says why, with each request's line.
#[test]
fn a_store_deleted_or_replaced_while_listening_is_never_acknowledged_into() {
    for replace in [false, true] {
        let sandbox = Sandbox::new();
        let listener = start(&sandbox, &[]);
        assert_eq!(listener.send(&signed(ID1)).0, 200);
        listener.next_line();
        let store = sandbox.path("events.db");
        if replace {
            let other = sandbox.path("other.db");
            drop(roomz_hook::store::Store::open(&other).unwrap());
            std::fs::rename(&other, &store).unwrap();
        } else {
            std::fs::remove_file(&store).unwrap();
        }
        let what = if replace {
            "replaced by another file"
        } else {
            "deleted"
        };
        for id in [ID2, ID1] {
            let (status, answer) = listener.send(&signed(id));
            assert_eq!(status, 503, "{what}: {answer}");
            let line = listener.next_line();
            assert_eq!(line["status"], 503, "{line}");
            assert!(line["problems"].to_string().contains(what), "{line}");
        }
        listener.wait_for_stderr(&format!("was {what} while listening"));
        drop(listener);
        // (The old file's log, still named events.db-wal, holds the first request.)
        let rows = stored(&sandbox);
        assert!(
            rows.iter().all(|r| r["event_id"] != ID2) && rows.len() <= 1,
            "{what}: nothing answered 503 was stored: {rows:?}"
        );
    }
}

#[test]
fn a_second_listener_on_the_same_store_refuses_while_events_reads() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    assert_eq!(listener.send(&signed(ID1)).0, 200);
    let secret = sandbox.path("secret.txt");
    let store = sandbox.path("events.db");
    let second = sandbox
        .cmd()
        .args(["listen", "--port", "0", "--no-save", "--secret-file"])
        .arg(&secret)
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("another roomz-hook listen is using the event store"),
        "{stderr}"
    );
    assert_eq!(stored(&sandbox).len(), 1, "readers keep working");
    let list = sandbox
        .cmd()
        .args(["events", "list", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    assert!(list.status.success(), "{list:?}");
    // The first one still serves.
    assert_eq!(listener.send(&signed(ID2)).0, 200);
    listener.stop();
}

// ---- issue 12: connections ----

fn keep_alive_request(id: &str) -> Vec<u8> {
    let body = event_body(id);
    let signature = signature_of(SECRET, body.as_bytes());
    format!(
        "POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\nRoomz-Signature: {signature}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The next `{"connection_error": ...}` line (with --json they are on stdout), its text.
fn next_connection_error(listener: &RunningListener) -> String {
    loop {
        let line = listener.next_line();
        if let Some(text) = line["connection_error"].as_str() {
            return text.to_string();
        }
    }
}

/// Reads one answer (head and its Content-Length body) from a kept-alive connection.
fn read_answer(stream: &mut std::net::TcpStream) -> String {
    use std::io::Read;
    let mut got = Vec::new();
    let mut byte = [0u8; 1];
    while !got.ends_with(b"\r\n\r\n") {
        assert_eq!(stream.read(&mut byte).unwrap(), 1, "closed: {got:?}");
        got.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&got).to_lowercase();
    let length: usize = head
        .split("content-length: ")
        .nth(1)
        .and_then(|rest| rest.split("\r\n").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).unwrap();
    head
}

/// A kept-alive connection that waits longer than --header-timeout between requests is
/// idle, not slow: it still works, no "header timeout" is told, and it is closed after
/// --idle-timeout, which only -v mentions. A client slow within its headers is cut off.
#[test]
fn an_idle_keep_alive_connection_is_not_a_header_timeout() {
    use std::io::{Read, Write};
    let sandbox = Sandbox::new();
    let timeouts = ["--header-timeout", "1s", "--idle-timeout", "3s"];
    for verbose in [false, true] {
        let mut extra = timeouts.to_vec();
        if verbose {
            extra.push("-v");
        }
        let listener = start(&sandbox, &extra);
        let mut stream = std::net::TcpStream::connect(&listener.addr).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        stream.write_all(&keep_alive_request(ID1)).unwrap();
        assert!(read_answer(&mut stream).starts_with("http/1.1 200"));
        std::thread::sleep(std::time::Duration::from_millis(1800));
        stream.write_all(&keep_alive_request(ID2)).unwrap();
        assert!(
            read_answer(&mut stream).starts_with("http/1.1 200"),
            "still open after the header timeout"
        );
        let started = std::time::Instant::now();
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest);
        let waited = started.elapsed();
        assert!(rest.is_empty(), "{rest:?}");
        assert!(
            waited >= std::time::Duration::from_millis(2500),
            "closed by the idle timeout, not earlier: {waited:?}"
        );
        // A slow client, for contrast: half a request head, then nothing.
        let mut slow = std::net::TcpStream::connect(&listener.addr).unwrap();
        slow.write_all(b"POST /webhook HTTP/1.1\r\nHost: x\r\n")
            .unwrap();
        for _ in 0..2 {
            assert_eq!(listener.next_line()["status"], 200);
        }
        let error = next_connection_error(&listener);
        assert!(
            error.contains("no complete request headers within 1s; closed without an answer"),
            "the slow client, the only connection error: {error}"
        );
        let stderr = listener.stderr();
        if verbose {
            listener.wait_for_stderr("idle keep-alive connection closed after 3s");
        } else {
            assert!(!stderr.contains("idle"), "{stderr}");
        }
        listener.stop();
    }
}

#[test]
fn connection_messages_name_what_the_client_got() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &["-v"]);
    let long_uri = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(70_000));
    let (status, _) = listener.send(long_uri.as_bytes());
    assert_eq!(status, 414);
    let error = next_connection_error(&listener);
    assert!(error.contains("answered 414 URI Too Long"), "{error}");
    let big_head = format!(
        "GET /webhook HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "b".repeat(500_000)
    );
    let (status, _) = listener.send(big_head.as_bytes());
    assert_eq!(status, 431);
    let error = next_connection_error(&listener);
    assert!(
        error.contains("answered 431 Request Header Fields Too Large"),
        "{error}"
    );
    let (status, answer) = listener.send(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    assert_eq!((status, answer.as_str()), (0, ""), "nothing for HTTP/2");
    let error = next_connection_error(&listener);
    assert!(
        error.contains("HTTP/2 preface") && error.contains("closed without an answer"),
        "{error}"
    );
    let (status, _) =
        listener.send(b"GET /favicon.ico HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 404);
    let stderr = listener.wait_for_stderr("GET /favicon.ico: not the webhook path, answered 404");
    assert!(!stderr.contains("answered 400"), "{stderr}");
    let garbage = listener.send(b"HELLO\r\n\r\n");
    assert_eq!(garbage.0, 400);
    let error = next_connection_error(&listener);
    assert!(error.contains("answered 400 Bad Request"), "{error}");
}

#[test]
fn no_error_prints_its_cause_twice() {
    let sandbox = Sandbox::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = sandbox
        .cmd()
        .args([
            "listen",
            "--no-save",
            "--no-store",
            "--no-verify",
            "--port",
            &port,
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    // A busy port is said once, with the fix.
    assert_eq!(stderr.matches("in use").count(), 1, "{stderr}");
    assert_eq!(stderr.matches("cannot listen").count(), 1, "{stderr}");
    assert!(
        stderr.contains("pass --port 0 to pick a free port"),
        "{stderr}"
    );
    let blocked = sandbox.write("file", "not a directory");
    let output = sandbox
        .cmd()
        .args([
            "listen",
            "--port",
            "0",
            "--no-save",
            "--no-verify",
            "--store",
        ])
        .arg(blocked.join("events.db"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot create the directory"), "{stderr}");
    assert_eq!(stderr.matches("File exists").count(), 1, "{stderr}");
}

// ---- issue 12: exposure, size, retention ----

#[test]
fn warns_of_a_non_loopback_address_louder_without_verification_and_of_a_loose_config() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &["--host", "0.0.0.0"]);
    // Waited for whole: the line may reach the pipe in more than one write.
    let stderr = listener.wait_for_stderr("which other machines can reach");
    assert!(
        stderr.contains("warning: listening on 0.0.0.0:"),
        "{stderr}"
    );
    listener.stop();
    let listener = start(&sandbox, &["--host", "0.0.0.0", "--no-verify"]);
    listener.wait_for_stderr("WARNING: listening on 0.0.0.0:");
    listener.wait_for_stderr("WITH --no-verify");
    listener.stop();
    let listener = start(&sandbox, &[]);
    assert!(
        !listener.stderr().contains("warning"),
        "{}",
        listener.stderr()
    );
    listener.stop();
    let config = sandbox.path("config.toml");
    std::fs::write(&config, "[profiles.default]\n").unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    // (Saving the URL would rewrite the file privately: nothing to warn of then.)
    let listener = start(&sandbox, &["--no-save"]);
    let stderr = listener.wait_for_stderr("can be read by others (mode 644)");
    assert!(stderr.contains("chmod 600"), "{stderr}");
}

#[test]
fn the_startup_line_shows_the_store_size() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let line = listener.wait_for_stderr("B)\n");
    let store = sandbox.path("events.db").display().to_string();
    assert!(line.contains(&format!("store {store}, ")), "{line}");
    assert!(line.contains("KiB)"), "{line}");
}

/// `--retain N` prunes the store down to its newest N as listen runs, off the serving
/// path; a profile's `retain` does the same.
#[test]
fn retain_prunes_as_listen_runs() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    for n in 0..6 {
        let id = format!("0b6f1a52-6a3e-4d8e-9a57-0c1f0e1d2a{n:02}");
        assert_eq!(listener.send(&signed(&id)).0, 200);
    }
    listener.stop();
    let wait_for_count = |count: usize| {
        let started = std::time::Instant::now();
        while stored(&sandbox).len() != count {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "still {} stored",
                stored(&sandbox).len()
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    };
    let listener = start(&sandbox, &["--retain", "4"]);
    wait_for_count(4);
    for n in 10..13 {
        let id = format!("0b6f1a52-6a3e-4d8e-9a57-0c1f0e1d2a{n:02}");
        assert_eq!(listener.send(&signed(&id)).0, 200);
    }
    wait_for_count(4);
    let newest = stored(&sandbox);
    assert_eq!(
        newest.last().unwrap()["event_id"],
        "0b6f1a52-6a3e-4d8e-9a57-0c1f0e1d2a12"
    );
    listener.stop();
    std::fs::write(
        sandbox.path("config.toml"),
        "[profiles.default]\nretain = \"2\"\n",
    )
    .unwrap();
    let listener = start(&sandbox, &[]);
    wait_for_count(2);
    listener.stop();
    std::fs::write(
        sandbox.path("config.toml"),
        "[profiles.default]\nretain = \"forever\"\n",
    )
    .unwrap();
    let output = sandbox
        .cmd()
        .args(["listen", "--port", "0", "--no-save", "--store"])
        .arg(sandbox.path("events.db"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("retain from profile 'default'") && stderr.contains("'forever' is neither"),
        "{stderr}"
    );
}

/// A CI-style run (not a terminal, `--port 0`) leaves the profile's saved listen URL, the
/// developer's own listener that `trigger` sends to, as it was.
#[test]
fn a_scripted_listen_does_not_rewrite_the_saved_url() {
    let sandbox = Sandbox::new();
    let saved = "[profiles.default]\nlisten_url = \"http://127.0.0.1:8080/webhook\"\n";
    sandbox.write("config.toml", saved);
    let output = sandbox
        .cmd()
        .args(["listen", "--port", "0", "--no-store", "--timeout", "300ms"])
        .env("ROOMZ_WEBHOOK_SECRET", SECRET)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("listening on"), "{stderr}");
    let config = std::fs::read_to_string(sandbox.path("config.toml")).unwrap();
    assert_eq!(config, saved);
}

/// A Ctrl-C sent the moment the start-up line is read ends in the summary and exit 0, not
/// in death by SIGINT. (The signals are caught from before that line; the window this
/// closed, before the server first waited for them, is too short for this test to hit it
/// reliably: it checks the behaviour, not the race.)
#[test]
fn a_ctrl_c_right_after_the_start_up_line_still_gets_the_summary() {
    let sandbox = Sandbox::new();
    let listener = RunningListener::start(&sandbox, &["--secret", SECRET]);
    let _ = std::process::Command::new("kill")
        .args(["-INT", &listener.child.id().to_string()])
        .status();
    let (code, rest) = listener.wait();
    assert_eq!(code, Some(0), "killed by the signal instead: {rest:?}");
    assert!(
        rest.iter().any(|line| line.starts_with(r#"{"summary":"#)),
        "{rest:?}"
    );
}
