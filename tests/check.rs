//! `roomz-hook check URL` grades receivers: five reference receivers written here (real
//! hyper servers on 127.0.0.1:0, verifying with hmac + sha2 themselves) are graded by the
//! real binary, with their exit codes and the exact failing check names, in human output,
//! `--json` and a JUnit file read by a real XML parser; `--dry-run` sends nothing; an
//! unreachable URL exits 3; malformed flags exit 2.

mod common;

use base64::Engine as _;
use bytes::Bytes;
use common::{text, RunningListener, Sandbox};
use hmac::{Hmac, Mac};
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const SECRET: &str = "whsec_check_test_secret";
const ALL: [&str; 12] = [
    "accepts-signed-event",
    "rejects-forged-signature",
    "rejects-missing-signature",
    "rejects-tampered-body",
    "accepts-duplicate-delivery",
    "verifies-raw-bytes",
    "accepts-unknown-type",
    "answers-in-time",
    "handles-concurrent-deliveries",
    "accepts-older-shape",
    "accepts-legacy-header",
    "answers-fast",
];

/// How a reference receiver behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Behaviour {
    /// Verifies the raw bytes (either header), accepts every event type and duplicates.
    Correct,
    /// Answers 200 to anything.
    AcceptsEverything,
    /// Parses the JSON and verifies the signature over its compact re-serialisation,
    /// keys in the order they came.
    ReserialisesInOrder,
    /// The same, keys sorted (as a language whose maps are sorted would).
    ReserialisesSorted,
    /// Correct, but 500 for a type it does not know.
    FailsUnknownType,
    /// Correct, but 409 for an id it has seen.
    RejectsDuplicates,
}

/// A request as received: its headers (lower-case names) and its exact body.
type Received = (Vec<(String, String)>, Vec<u8>);

#[derive(Default)]
struct State {
    requests: Vec<Received>,
    seen_ids: HashSet<String>,
}

/// A reference receiver: a real hyper server on 127.0.0.1:0, in its own thread.
struct Receiver {
    url: String,
    state: Arc<Mutex<State>>,
    max_in_flight: Arc<AtomicUsize>,
}

struct Config {
    behaviour: Behaviour,
    /// Wait this long before answering.
    delay: Duration,
    /// Hold the requests of handles-concurrent-deliveries until 16 of them are in
    /// flight together (or 10 s passed), to see that they really arrive at once.
    hold_concurrent: bool,
    /// Never answer (well, after 60 s) the requests of this check.
    hang_on: Option<&'static str>,
}

impl Receiver {
    fn start(behaviour: Behaviour) -> Receiver {
        Receiver::with(Config {
            behaviour,
            delay: Duration::ZERO,
            hold_concurrent: false,
            hang_on: None,
        })
    }

    fn with(config: Config) -> Receiver {
        let state = Arc::new(Mutex::new(State::default()));
        let max_in_flight = Arc::new(AtomicUsize::new(0));
        let (shared, max) = (state.clone(), max_in_flight.clone());
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                addr_tx.send(listener.local_addr().unwrap()).unwrap();
                let config = Arc::new(config);
                let in_flight = Arc::new(AtomicUsize::new(0));
                let barrier = Arc::new(tokio::sync::Barrier::new(16));
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let (state, config, in_flight, max, barrier) = (
                        shared.clone(),
                        config.clone(),
                        in_flight.clone(),
                        max.clone(),
                        barrier.clone(),
                    );
                    tokio::spawn(async move {
                        let service = service_fn(move |request: Request<hyper::body::Incoming>| {
                            let (state, config, in_flight, max, barrier) = (
                                state.clone(),
                                config.clone(),
                                in_flight.clone(),
                                max.clone(),
                                barrier.clone(),
                            );
                            async move {
                                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                                max.fetch_max(now, Ordering::SeqCst);
                                let answer = answer(&state, &config, &barrier, request).await;
                                in_flight.fetch_sub(1, Ordering::SeqCst);
                                Ok::<_, Infallible>(answer)
                            }
                        });
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            });
        });
        let addr = addr_rx.recv_timeout(Duration::from_secs(10)).unwrap();
        Receiver {
            url: format!("http://{addr}/webhook"),
            state,
            max_in_flight,
        }
    }

    fn count(&self) -> usize {
        self.state.lock().unwrap().requests.len()
    }

    fn requests(&self) -> Vec<Received> {
        self.state.lock().unwrap().requests.clone()
    }
}

fn reply(status: u16, body: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap();
    response
}

async fn answer(
    state: &Mutex<State>,
    config: &Config,
    barrier: &tokio::sync::Barrier,
    request: Request<hyper::body::Incoming>,
) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let raw = body.collect().await.unwrap().to_bytes().to_vec();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| (n.to_string(), String::from_utf8_lossy(v.as_bytes()).into()))
        .collect();
    state.lock().unwrap().requests.push((headers, raw.clone()));
    if config.hold_concurrent && raw.windows(8).any(|w| w == b"handles-") {
        let _ = tokio::time::timeout(Duration::from_secs(10), barrier.wait()).await;
    }
    if let Some(name) = config.hang_on {
        let marker = format!("\"roomzHookCheck\":\"{name}\"");
        if raw.windows(marker.len()).any(|w| w == marker.as_bytes()) {
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
    }
    if !config.delay.is_zero() {
        tokio::time::sleep(config.delay).await;
    }
    let behaviour = config.behaviour;
    if behaviour == Behaviour::AcceptsEverything {
        return reply(200, r#"{"ok":true}"#);
    }
    let signature = parts
        .headers
        .get("roomz-signature")
        .or_else(|| parts.headers.get("x-roomz-signature"));
    let Some(signature) = signature else {
        return reply(401, "missing signature");
    };
    let Ok(parsed) = serde_json::from_slice::<Value>(&raw) else {
        return reply(400, "not JSON");
    };
    let signed: Vec<u8> = match behaviour {
        Behaviour::ReserialisesInOrder => serde_json::to_vec(&parsed).unwrap(),
        Behaviour::ReserialisesSorted => serde_json::to_vec(&sorted(&parsed)).unwrap(),
        _ => raw.clone(),
    };
    let Ok(mac) = base64::engine::general_purpose::STANDARD.decode(signature.as_bytes()) else {
        return reply(401, "malformed signature");
    };
    let mut expected = Hmac::<sha2::Sha512>::new_from_slice(SECRET.as_bytes()).unwrap();
    expected.update(&signed);
    if expected.verify_slice(&mac).is_err() {
        return reply(401, "bad signature");
    }
    let event_type = parsed["type"].as_str().unwrap_or_default();
    let known = ["workspace.presence.changed", "workspace.status.updated"];
    if behaviour == Behaviour::FailsUnknownType && !known.contains(&event_type) {
        return reply(500, "unknown event type");
    }
    let id = parsed["id"].as_str().unwrap_or_default().to_string();
    let fresh = state.lock().unwrap().seen_ids.insert(id);
    if behaviour == Behaviour::RejectsDuplicates && !fresh {
        return reply(409, r#"{"error":"duplicate"}"#);
    }
    reply(200, r#"{"ok":true}"#)
}

/// A JSON value with its objects' keys sorted (a BTreeMap serialises in key order).
fn sorted(value: &Value) -> serde_json::Value {
    match value {
        Value::Object(map) => {
            let sorted: BTreeMap<&String, Value> =
                map.iter().map(|(k, v)| (k, sorted(v))).collect();
            serde_json::to_value(sorted).unwrap()
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.secret_file(SECRET);
    sandbox
}

struct Graded {
    code: Option<i32>,
    json: Value,
    stderr: String,
}

impl Graded {
    fn failing(&self) -> Vec<String> {
        self.json["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["passed"] == false)
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    }

    fn check(&self, name: &str) -> &Value {
        self.json["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no {name} in {}", self.json))
    }
}

/// `check URL --json` with `extra` flags.
fn grade(sandbox: &Sandbox, url: &str, extra: &[&str]) -> Graded {
    let output = sandbox
        .cmd()
        .args(["--secret-file", "secret.txt", "check", url, "--json"])
        .args(extra)
        .output()
        .unwrap();
    let stdout = text(&output.stdout);
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not one JSON object ({e}): {stdout}\n{}",
            text(&output.stderr)
        )
    });
    Graded {
        code: output.status.code(),
        json,
        stderr: text(&output.stderr),
    }
}

fn human(sandbox: &Sandbox, url: &str, extra: &[&str]) -> (Option<i32>, String) {
    let output = sandbox
        .cmd()
        .args(["--secret-file", "secret.txt", "check", url])
        .args(extra)
        .output()
        .unwrap();
    (output.status.code(), text(&output.stdout))
}

#[test]
fn a_correct_receiver_passes_every_check() {
    let receiver = Receiver::start(Behaviour::Correct);
    let sandbox = sandbox();
    let graded = grade(&sandbox, &receiver.url, &[]);
    assert_eq!(graded.code, Some(0), "{}\n{}", graded.json, graded.stderr);
    assert_eq!(graded.failing(), Vec::<String>::new());
    let names: Vec<&str> = graded.json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ALL);
    assert_eq!(graded.json["url"], receiver.url.as_str());
    assert_eq!(graded.json["passed"], 12);
    assert_eq!(graded.json["failed"], 0);
    for check in graded.json["checks"].as_array().unwrap() {
        let kind = if [
            "accepts-older-shape",
            "accepts-legacy-header",
            "answers-fast",
        ]
        .contains(&check["name"].as_str().unwrap())
        {
            "advisory"
        } else {
            "required"
        };
        assert_eq!(check["kind"], kind, "{check}");
        assert!(check["detail"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(check["latency_ms"].as_f64().is_some(), "{check}");
    }
    assert_eq!(graded.check("accepts-signed-event")["status"], 200);
    assert_eq!(graded.check("rejects-forged-signature")["status"], 401);
    // The shape of --json (CONTRACT 4.7, and the fields added beside it).
    let keys = |value: &Value| {
        value
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        keys(&graded.json),
        [
            "url",
            "shape",
            "checks",
            "passed",
            "failed",
            "not_run",
            "duration_ms"
        ]
    );
    for check in graded.json["checks"].as_array().unwrap() {
        assert_eq!(
            keys(check),
            [
                "name",
                "kind",
                "passed",
                "ran",
                "detail",
                "status",
                "latency_ms",
                "answer",
                "fix"
            ]
        );
    }

    // 8 single deliveries, one delivered twice, 16 at once; each marked with its check,
    // fresh ids (only the repeat shares one) and the current time.
    let requests = receiver.requests();
    assert_eq!(requests.len(), 8 + 2 + 16);
    let mut ids = HashSet::new();
    let now = time::OffsetDateTime::now_utc();
    for (headers, body) in &requests {
        let event: Value = serde_json::from_slice(body).unwrap();
        let marker = event["data"]["roomzHookCheck"].as_str().unwrap();
        assert!(ALL.contains(&marker), "{marker}");
        assert!(uuid::Uuid::parse_str(event["id"].as_str().unwrap()).is_ok());
        ids.insert(event["id"].as_str().unwrap().to_string());
        let timestamp = event["timestamp"].as_str().unwrap();
        let at = roomz_hook::core::event::parse_timestamp(timestamp).unwrap();
        assert!(
            (now - at).abs() < time::Duration::minutes(10),
            "{timestamp}"
        );
        assert!(headers
            .iter()
            .any(|(n, v)| n == "content-type" && v == "application/json"));
        assert!(headers
            .iter()
            .any(|(n, v)| n == "user-agent" && v.starts_with("roomz-hook-check/")));
    }
    assert_eq!(ids.len(), requests.len() - 1);

    let (code, stdout) = human(&sandbox, &receiver.url, &[]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("✓ accepts-signed-event"), "{stdout}");
    assert!(stdout.contains("✓ answers-fast (advisory)"), "{stdout}");
    assert!(
        stdout.contains("PASSED: all 9 required checks passed; advisory: all 3 passed"),
        "{stdout}"
    );
    assert!(!stdout.contains('✗'), "{stdout}");
}

#[test]
fn a_receiver_that_accepts_everything_fails_the_three_rejections() {
    let receiver = Receiver::start(Behaviour::AcceptsEverything);
    let sandbox = sandbox();
    let graded = grade(&sandbox, &receiver.url, &[]);
    assert_eq!(graded.code, Some(1), "{}", graded.json);
    assert_eq!(
        graded.failing(),
        [
            "rejects-forged-signature",
            "rejects-missing-signature",
            "rejects-tampered-body"
        ]
    );
    assert_eq!(graded.json["passed"], 9);
    assert_eq!(graded.json["failed"], 3);
    let forged = graded.check("rejects-forged-signature");
    assert_eq!(forged["status"], 200);
    assert_eq!(forged["answer"], r#"{"ok":true}"#);
    assert!(forged["detail"]
        .as_str()
        .unwrap()
        .contains("expected a refusal (not 2xx)"));

    let (code, stdout) = human(&sandbox, &receiver.url, &[]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("✗ rejects-forged-signature"), "{stdout}");
    assert!(stdout.contains(r#"answer: {"ok":true}"#), "{stdout}");
    assert!(
        stdout.contains("FAILED: 3 of 9 required checks failed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("rejects-forged-signature: your endpoint accepted a request with a forged signature: verify `Roomz-Signature` before doing anything else"),
        "{stdout}"
    );
}

#[test]
fn a_receiver_that_reserialises_before_verifying_fails_verifies_raw_bytes() {
    for behaviour in [
        Behaviour::ReserialisesInOrder,
        Behaviour::ReserialisesSorted,
    ] {
        let receiver = Receiver::start(behaviour);
        let graded = grade(&sandbox(), &receiver.url, &[]);
        assert_eq!(graded.code, Some(1), "{behaviour:?}: {}", graded.json);
        assert_eq!(graded.failing(), ["verifies-raw-bytes"], "{behaviour:?}");
        assert_eq!(graded.check("verifies-raw-bytes")["status"], 401);
    }
}

#[test]
fn a_receiver_that_fails_an_unknown_type_fails_accepts_unknown_type() {
    let receiver = Receiver::start(Behaviour::FailsUnknownType);
    let graded = grade(&sandbox(), &receiver.url, &[]);
    assert_eq!(graded.code, Some(1), "{}", graded.json);
    assert_eq!(graded.failing(), ["accepts-unknown-type"]);
    let check = graded.check("accepts-unknown-type");
    assert_eq!(check["status"], 500);
    assert_eq!(check["answer"], "unknown event type");
    assert!(check["fix"]
        .as_str()
        .unwrap()
        .contains("ROOMZ may add new ones"));
}

#[test]
fn a_receiver_that_refuses_a_duplicate_fails_accepts_duplicate_delivery() {
    let receiver = Receiver::start(Behaviour::RejectsDuplicates);
    let graded = grade(&sandbox(), &receiver.url, &[]);
    assert_eq!(graded.code, Some(1), "{}", graded.json);
    assert_eq!(graded.failing(), ["accepts-duplicate-delivery"]);
    assert_eq!(graded.check("accepts-duplicate-delivery")["status"], 409);
}

#[test]
fn the_junit_report_parses_with_one_testcase_per_check() {
    let receiver = Receiver::start(Behaviour::AcceptsEverything);
    let sandbox = sandbox();
    let graded = grade(&sandbox, &receiver.url, &["--junit", "report.xml"]);
    assert_eq!(graded.code, Some(1));
    let xml = std::fs::read_to_string(sandbox.path("report.xml")).unwrap();
    let document = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let suites: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1, "{xml}");
    let suite = suites[0];
    assert_eq!(suite.attribute("tests"), Some("12"));
    assert_eq!(suite.attribute("failures"), Some("3"));
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let names: Vec<&str> = cases.iter().map(|c| c.attribute("name").unwrap()).collect();
    assert_eq!(names, ALL);
    let failed: Vec<&str> = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .map(|c| c.attribute("name").unwrap())
        .collect();
    assert_eq!(failed, graded.failing());
    let forged = cases[1]
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert!(forged
        .attribute("message")
        .unwrap()
        .contains("expected a refusal"));
    let text = forged.text().unwrap();
    assert!(text.contains(r#"answer: {"ok":true}"#), "{text}");
    assert!(text.contains("verify `Roomz-Signature`"), "{text}");
}

#[test]
fn the_junit_report_carries_hostile_answers_as_well_formed_xml() {
    // An answer with markup, an entity, a CDATA end and terminal escapes.
    let receiver = common::sink::Sink::scripted(
        Vec::new(),
        common::sink::Reply::status(200).body("</failure>]]>&amp;<x/>\u{1b}[31m"),
    );
    let sandbox = sandbox();
    let graded = grade(&sandbox, &receiver.url, &["--junit", "report.xml"]);
    assert_eq!(graded.code, Some(1));
    let xml = std::fs::read_to_string(sandbox.path("report.xml")).unwrap();
    let document = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let failure = document
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    let text = failure.text().unwrap();
    assert!(text.contains("</failure>]]>&amp;<x/>"), "{text}");
    assert!(text.contains("\\u{1b}[31m"), "{text}");
}

#[test]
fn dry_run_prints_the_battery_and_sends_nothing() {
    let receiver = Receiver::start(Behaviour::Correct);
    let sandbox = sandbox();
    let (code, stdout) = human(&sandbox, &receiver.url, &["--dry-run"]);
    assert_eq!(code, Some(0), "{stdout}");
    for name in ALL {
        assert!(stdout.contains(name), "{name}: {stdout}");
    }
    assert!(stdout.contains("Roomz-Signature: "), "{stdout}");
    assert!(
        stdout.contains("\"roomzHookCheck\":\"accepts-signed-event\""),
        "{stdout}"
    );
    let graded = grade(
        &sandbox,
        &receiver.url,
        &["--dry-run", "-H", "Authorization: Bearer s3cret"],
    );
    assert_eq!(graded.code, Some(0));
    assert_eq!(graded.json["dry_run"], true);
    let checks = graded.json["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 12);
    let steps = |name: &str| {
        checks.iter().find(|c| c["name"] == name).unwrap()["steps"]
            .as_array()
            .unwrap()
            .clone()
    };
    assert_eq!(steps("accepts-duplicate-delivery").len(), 2);
    assert_eq!(
        steps("handles-concurrent-deliveries")[0]
            .as_array()
            .unwrap()
            .len(),
        16
    );
    assert_eq!(steps("answers-fast").len(), 0);
    let missing = &steps("rejects-missing-signature")[0][0]["headers"];
    assert!(missing.get("Roomz-Signature").is_none() && missing.get("X-Roomz-Signature").is_none());
    assert_eq!(missing["Authorization"], "***");
    assert!(!graded.json.to_string().contains("s3cret"));
    assert_eq!(receiver.count(), 0, "a dry run sends nothing");
}

#[test]
fn an_unreachable_url_exits_3_and_no_check_passes() {
    let sandbox = sandbox();
    let url = common::sink::refused_url();
    let graded = grade(&sandbox, &url, &[]);
    assert_eq!(graded.code, Some(3), "{}", graded.json);
    assert_eq!(graded.failing(), ALL);
    assert_eq!(graded.json["passed"], 0);
    assert_eq!(graded.json["not_run"], 12);
    for check in graded.json["checks"].as_array().unwrap() {
        assert_eq!(check["ran"], false, "{check}");
        assert!(
            check["detail"]
                .as_str()
                .unwrap()
                .starts_with("could not run"),
            "{check}"
        );
    }
    assert!(
        graded.stderr.contains("could not reach"),
        "{}",
        graded.stderr
    );
    let (code, stdout) = human(&sandbox, &url, &[]);
    assert_eq!(code, Some(3));
    assert!(stdout.contains("✗ accepts-signed-event"), "{stdout}");
    assert!(
        stdout.contains("could not run: connection failed"),
        "{stdout}"
    );
    assert!(!stdout.contains('✓'), "{stdout}");
}

#[test]
fn malformed_flags_exit_2_with_a_precise_message() {
    let receiver = Receiver::start(Behaviour::Correct);
    let sandbox = sandbox();
    let run = |args: &[&str]| {
        let output = sandbox
            .cmd()
            .args(["--secret-file", "secret.txt", "check", &receiver.url])
            .args(args)
            .output()
            .unwrap();
        (output.status.code(), text(&output.stderr))
    };
    let (code, stderr) = run(&["--header", "nocolon"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("'nocolon' has no ':': write NAME:VALUE"),
        "{stderr}"
    );
    let (code, stderr) = run(&["--header", "Bad Name: x"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("'Bad Name' is not a header name"),
        "{stderr}"
    );
    let (code, stderr) = run(&["--header", "Roomz-Signature: abc"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("check sets Roomz-Signature itself"),
        "{stderr}"
    );
    let (code, stderr) = run(&["--only", "accepts-signed-event,bogus"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("invalid value 'bogus'"), "{stderr}");
    for name in ALL {
        assert!(stderr.contains(name), "{name} not listed: {stderr}");
    }
    let (code, stderr) = run(&["--only", "answers-fast"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("add at least one check that sends"),
        "{stderr}"
    );
    let (code, stderr) = run(&["--shape", "new"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("[possible values: current, old]"),
        "{stderr}"
    );
    let (code, stderr) = run(&["--junit", "no/such/dir/report.xml"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("cannot write the JUnit report to no/such/dir/report.xml"),
        "{stderr}"
    );
    let output = sandbox
        .cmd()
        .args(["check", &receiver.url])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "no secret");
    let (code, stderr) = (output.status.code(), text(&output.stderr));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("secret"), "{stderr}");
    let output = sandbox
        .cmd()
        .args(["--secret-file", "secret.txt", "check", "ftp://x/y"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(receiver.count(), 0, "nothing was sent");
}

#[test]
fn headers_shape_and_only_shape_the_battery() {
    let receiver = Receiver::start(Behaviour::Correct);
    let sandbox = sandbox();
    let graded = grade(
        &sandbox,
        &receiver.url,
        &[
            "--only",
            "accepts-signed-event,answers-fast",
            "--shape",
            "old",
            "--header",
            "X-Gateway-Key: k1",
            "-H",
            "X-Tenant:t2",
        ],
    );
    assert_eq!(graded.code, Some(0), "{}", graded.json);
    let names: Vec<&str> = graded.json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["accepts-signed-event", "answers-fast"]);
    let requests = receiver.requests();
    assert_eq!(requests.len(), 1);
    let (headers, body) = &requests[0];
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(header("x-gateway-key"), Some("k1"));
    assert_eq!(header("x-tenant"), Some("t2"));
    let event: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(event["type"], "workspace.status.updated");
    assert!(uuid::Uuid::parse_str(event["workspaceId"].as_str().unwrap()).is_ok());
    // The samples' timestamps are RFC 3339 (the draft's `+0000` offset is a warning).
    let timestamp = event["timestamp"].as_str().unwrap();
    assert!(
        roomz_hook::core::event::parse_timestamp(timestamp).is_ok(),
        "{event}"
    );
    assert_eq!(event["data"]["roomzHookCheck"], "accepts-signed-event");
}

#[test]
fn the_concurrent_check_sends_16_at_once_and_never_more() {
    let receiver = Receiver::with(Config {
        behaviour: Behaviour::Correct,
        delay: Duration::ZERO,
        hold_concurrent: true,
        hang_on: None,
    });
    let graded = grade(&sandbox(), &receiver.url, &[]);
    assert_eq!(graded.code, Some(0), "{}", graded.json);
    // The receiver held them until all 16 were in flight together; nothing ever exceeded
    // 16, the other checks included.
    assert_eq!(receiver.max_in_flight.load(Ordering::SeqCst), 16);
}

#[test]
fn a_slow_receiver_fails_the_advisory_answers_fast_only() {
    let receiver = Receiver::with(Config {
        behaviour: Behaviour::Correct,
        delay: Duration::from_millis(1100),
        hold_concurrent: false,
        hang_on: None,
    });
    let graded = grade(&sandbox(), &receiver.url, &[]);
    assert_eq!(graded.code, Some(0), "advisory only: {}", graded.json);
    assert_eq!(graded.failing(), ["answers-fast"]);
    assert!(graded.check("answers-fast")["latency_ms"].as_f64().unwrap() >= 1100.0);
}

#[test]
fn roomz_hook_listen_is_graded_a_correct_receiver() {
    let sandbox = sandbox();
    let listener = RunningListener::start(&sandbox, &["--secret-file", "secret.txt", "--no-store"]);
    let graded = grade(&sandbox, &listener.url, &[]);
    assert_eq!(graded.code, Some(0), "{}", graded.json);
    assert_eq!(graded.failing(), Vec::<String>::new());
}

#[test]
fn without_a_url_it_checks_the_profiles_webhook_url() {
    let receiver = Receiver::start(Behaviour::Correct);
    let sandbox = sandbox();
    let output = sandbox.cmd().args(["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("name the endpoint to check"),
        "{}",
        text(&output.stderr)
    );
    let init = sandbox
        .cmd()
        .args(["init", "--no-input", "--secret-file", "secret.txt"])
        .args(["--webhook-url", &receiver.url])
        .output()
        .unwrap();
    assert_eq!(init.status.code(), Some(0), "{}", text(&init.stderr));
    // The secret and the URL both come from the profile now.
    let output = sandbox
        .cmd()
        .args(["check", "--json", "--only", "accepts-signed-event"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["url"], receiver.url.as_str());
    assert_eq!(receiver.count(), 1);
}

#[test]
fn a_request_left_unanswered_fails_its_check_and_answers_in_time() {
    let receiver = Receiver::with(Config {
        behaviour: Behaviour::Correct,
        delay: Duration::ZERO,
        hold_concurrent: false,
        hang_on: Some("rejects-forged-signature"),
    });
    let graded = grade(&sandbox(), &receiver.url, &["--timeout", "300ms"]);
    assert_eq!(graded.code, Some(1), "{}", graded.json);
    assert_eq!(
        graded.failing(),
        ["rejects-forged-signature", "answers-in-time"]
    );
    let forged = graded.check("rejects-forged-signature");
    assert_eq!(
        forged["ran"], true,
        "a hang is a failed delivery, not a check not run"
    );
    assert!(
        forged["detail"]
            .as_str()
            .unwrap()
            .starts_with("no answer (timed out"),
        "{forged}"
    );
    assert!(graded.check("answers-in-time")["detail"]
        .as_str()
        .unwrap()
        .starts_with("1 request(s) got no answer within the timeout"));
}
