//! `-v` and `-vv` in every command that sends HTTP (issue 14.10): the real binary sending
//! to real hyper servers on 127.0.0.1 (tests/common/sink.rs) shows each exchange on
//! stderr (`#N >` request head, `#N <` answer head, bodies at `-vv`, cut at 4 KiB), every
//! attempt included (retries, redirects); secrets are masked and never printed; stdout is
//! untouched, and without `-v` nothing of it appears.

mod common;

use common::sink::{Reply, Sink};
use common::{code, event_body, post, signature_of, text, RunningListener, Sandbox};
use std::process::Output;

const SECRET: &str = "whsec_verbose-SECRET-31337";
const TOKEN: &str = "rzt_verbose-TOKEN-4242";
const ID1: &str = "9a0b1c2d-0000-4000-8000-00000000d001";

fn run(sandbox: &Sandbox, args: &[&str]) -> Output {
    let secret = sandbox.secret_file(SECRET);
    sandbox
        .cmd()
        .env("ROOMZ_API_TOKEN", TOKEN)
        .arg("--secret-file")
        .arg(secret)
        .args(args)
        .output()
        .unwrap()
}

/// The lines of `stderr` that start `#N` followed by `mark` and `rest`.
fn traced<'a>(stderr: &'a str, mark: &str, rest: &str) -> Vec<&'a str> {
    stderr
        .lines()
        .filter(|line| {
            line.strip_prefix('#')
                .and_then(|l| l.split_once(' '))
                .is_some_and(|(n, l)| {
                    n.parse::<u64>().is_ok() && l.strip_prefix(mark) == Some(rest)
                })
        })
        .collect()
}

/// Asserts that none of the run's secrets shows in `stderr`: the webhook secret, the API
/// token (as given and inside Basic auth), and `extra`.
fn assert_no_secret(stderr: &str, extra: &[&str]) {
    use base64::Engine;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{TOKEN}:"));
    for secret in [SECRET, TOKEN, &basic].iter().chain(extra) {
        assert!(!stderr.contains(secret), "{secret} printed: {stderr}");
    }
}

#[test]
fn replay_at_v_shows_the_heads_of_every_attempt_with_signatures_masked() {
    let sandbox = Sandbox::new();
    let sink = Sink::scripted(vec![Reply::status(503)], Reply::status(200));
    let body = event_body(ID1);
    let file = sandbox.write("e.json", &body);
    let args = [
        "replay",
        "--json",
        "--retries",
        "1",
        &sink.url,
        file.to_str().unwrap(),
    ];
    let output = run(&sandbox, &[&["-v"], &args[..]].concat());
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 0, "{stderr}");

    let request_line = format!("POST {} HTTP/1.1", sink.url);
    assert_eq!(traced(&stderr, "> ", &request_line).len(), 2, "{stderr}");
    assert_eq!(
        traced(&stderr, "> ", "Roomz-Signature: ***").len(),
        2,
        "{stderr}"
    );
    assert_eq!(traced(&stderr, "> ", "X-Roomz-Signature: ***").len(), 2);
    assert_eq!(
        traced(&stderr, "> ", &format!("Content-Length: {}", body.len())).len(),
        2
    );
    assert_eq!(
        traced(&stderr, "< ", "HTTP/1.1 503 Service Unavailable").len(),
        1,
        "{stderr}"
    );
    assert_eq!(
        traced(&stderr, "< ", "HTTP/1.1 200 OK").len(),
        1,
        "{stderr}"
    );
    // Heads only: neither body.
    assert!(
        !stderr.contains(ID1) && !stderr.contains("\"answer\""),
        "{stderr}"
    );
    assert_no_secret(&stderr, &[&signature_of(SECRET, body.as_bytes())]);
    // stdout is the same NDJSON as without -v.
    for line in text(&output.stdout).lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    }

    let quiet = run(&sandbox, &args);
    assert_eq!(code(&quiet), 0);
    assert!(traced(&text(&quiet.stderr), "> ", &request_line).is_empty());
    assert_eq!(
        text(&quiet.stdout).lines().count(),
        text(&output.stdout).lines().count()
    );
}

#[test]
fn replay_at_vv_shows_bodies_cut_at_4_kib_and_followed_redirects() {
    let sandbox = Sandbox::new();
    let sink = Sink::scripted(
        vec![Reply::status(307).header("Location", "/moved").body("")],
        Reply::status(200).body("thanks\n\u{1b}[2Jstill escaped"),
    );
    // An event with 10,000 bytes of padding: one line of JSON, well over 4 KiB.
    let mut event: serde_json::Value = serde_json::from_str(&event_body(ID1)).unwrap();
    event["pad"] = serde_json::Value::String("x".repeat(10_000));
    let body = serde_json::to_string(&event).unwrap();
    let file = sandbox.write("big.json", &body);
    let output = run(
        &sandbox,
        &[
            "-vv",
            "replay",
            "--follow-redirects",
            &sink.url,
            file.to_str().unwrap(),
        ],
    );
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 0, "{stderr}");
    assert_eq!(sink.received().len(), 2);

    assert_eq!(
        traced(&stderr, "> ", &format!("POST {} HTTP/1.1", sink.url)).len(),
        1
    );
    assert_eq!(
        traced(&stderr, "> ", &format!("POST {}/moved HTTP/1.1", sink.base)).len(),
        1,
        "the followed redirect is an exchange too: {stderr}"
    );
    assert_eq!(
        traced(&stderr, "< ", "HTTP/1.1 307 Temporary Redirect").len(),
        1
    );
    // The first 4,096 bytes of the body, then what was left out.
    let shown = &body[..4096];
    assert_eq!(traced(&stderr, "> ", shown).len(), 2, "{stderr}");
    let left = format!(
        "[{} bytes left out of {} bytes]",
        group(body.len() - 4096),
        group(body.len())
    );
    assert_eq!(traced(&stderr, "> ", &left).len(), 2, "{stderr}");
    // The answer's body, line by line, its escape sequence escaped.
    assert_eq!(traced(&stderr, "< ", "thanks").len(), 1, "{stderr}");
    assert_eq!(traced(&stderr, "< ", "\\u{1b}[2Jstill escaped").len(), 1);
    assert!(!stderr.contains('\u{1b}'));
    assert_no_secret(&stderr, &[&signature_of(SECRET, body.as_bytes())]);
}

/// 5904 as "5,904".
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn trigger_and_events_resend_trace_their_delivery() {
    let sandbox = Sandbox::new();
    let secret = sandbox.secret_file(SECRET);
    let listener = RunningListener::start(&sandbox, &["--secret-file", secret.to_str().unwrap()]);
    let output = run(
        &sandbox,
        &[
            "-v",
            "trigger",
            "workspace.presence.changed",
            "--url",
            &listener.url,
        ],
    );
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 0, "{stderr}");
    assert_eq!(
        traced(&stderr, "> ", &format!("POST {} HTTP/1.1", listener.url)).len(),
        1
    );
    assert_eq!(
        traced(&stderr, "< ", "HTTP/1.1 200 OK").len(),
        1,
        "{stderr}"
    );
    assert_no_secret(&stderr, &[]);
    let id = listener.next_line()["event_id"]
        .as_str()
        .unwrap()
        .to_string();

    let sink = Sink::ok();
    let output = run(&sandbox, &["-vv", "events", "resend", &id, &sink.url]);
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 0, "{stderr}");
    assert_eq!(
        traced(&stderr, "> ", &format!("POST {} HTTP/1.1", sink.url)).len(),
        1
    );
    assert_eq!(
        traced(&stderr, "> ", "Roomz-Signature: ***").len(),
        1,
        "{stderr}"
    );
    let body = text(&sink.received()[0].body);
    assert_eq!(
        traced(&stderr, "> ", &body).len(),
        1,
        "the body at -vv: {stderr}"
    );
    assert_eq!(traced(&stderr, "< ", r#"{"answer":200}"#).len(), 1);
    assert_no_secret(&stderr, &[]);
}

#[test]
fn check_masks_headers_named_for_a_secret_token_or_key() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let output = run(
        &sandbox,
        &[
            "-vv",
            "check",
            "--only",
            "accepts-signed-event",
            "-H",
            "X-Gateway-Token: gw-tok-123",
            "-H",
            "X-Api-Key: key-456",
            "-H",
            "X-Client-Secret: sec-789",
            "-H",
            "X-Trace: visible",
            &sink.url,
        ],
    );
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 0, "{stderr}");
    assert_eq!(
        traced(&stderr, "> ", &format!("POST {} HTTP/1.1", sink.url)).len(),
        1
    );
    for masked in [
        "X-Gateway-Token: ***",
        "X-Api-Key: ***",
        "X-Client-Secret: ***",
    ] {
        assert_eq!(traced(&stderr, "> ", masked).len(), 1, "{masked}: {stderr}");
    }
    assert_eq!(
        traced(&stderr, "> ", "X-Trace: visible").len(),
        1,
        "{stderr}"
    );
    assert_no_secret(&stderr, &["gw-tok-123", "key-456", "sec-789"]);
    assert!(!text(&output.stdout).contains("#1 "), "stdout untouched");
}

#[test]
fn fetch_traces_the_api_request_with_its_token_masked() {
    let sandbox = Sandbox::new();
    let api = Sink::ok();
    let api_url = format!("{}/v1", api.base);
    let output = run(
        &sandbox,
        &[
            "-vv",
            "fetch",
            "--json",
            "--workspace",
            "w1",
            "--api-url",
            &api_url,
        ],
    );
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 0, "{stderr}");
    let line = format!("GET {api_url}/workspaces/w1/status HTTP/1.1");
    assert_eq!(traced(&stderr, "> ", &line).len(), 1, "{stderr}");
    assert_eq!(
        traced(&stderr, "> ", "Authorization: ***").len(),
        1,
        "{stderr}"
    );
    assert_eq!(
        traced(&stderr, "< ", r#"{"answer":200}"#).len(),
        1,
        "{stderr}"
    );
    assert_no_secret(&stderr, &[]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(json.is_object(), "stdout is the one JSON object");
}

#[test]
fn listen_traces_its_forwards_and_fetches() {
    let sandbox = Sandbox::new();
    let app = Sink::ok();
    let api = Sink::ok();
    let api_url = format!("{}/v1", api.base);
    let secret = sandbox.secret_file(SECRET);
    let token = sandbox.write("token.txt", TOKEN);
    let listener = RunningListener::start(
        &sandbox,
        &[
            "-v",
            "--secret-file",
            secret.to_str().unwrap(),
            "--token-file",
            token.to_str().unwrap(),
            "--forward-to",
            &app.url,
            "--fetch",
            "--api-url",
            &api_url,
        ],
    );
    let body = event_body(ID1);
    let signature = signature_of(SECRET, body.as_bytes());
    let request = post(
        "/webhook",
        &[("Roomz-Signature", &signature)],
        body.as_bytes(),
    );
    assert_eq!(listener.send(&request).0, 200);
    app.wait_for(1);
    api.wait_for(1);
    let forwarded = format!("POST {} HTTP/1.1", app.url);
    listener.wait_for_stderr(&forwarded);
    let stderr = listener.wait_for_stderr(" < HTTP/1.1 200 OK");
    let fetched =
        format!("GET {api_url}/workspaces/3f2e1d0c-b9a8-4765-8432-10fedcba9876/status HTTP/1.1");
    let stderr = if traced(&stderr, "> ", &fetched).is_empty() {
        listener.wait_for_stderr(&fetched)
    } else {
        stderr
    };
    assert_eq!(traced(&stderr, "> ", &forwarded).len(), 1, "{stderr}");
    assert_eq!(traced(&stderr, "> ", &fetched).len(), 1, "{stderr}");
    assert_eq!(
        traced(&stderr, "> ", "Authorization: ***").len(),
        1,
        "{stderr}"
    );
    // The forwarded request carries the sender's signature: masked too.
    assert_eq!(
        traced(&stderr, "> ", "Roomz-Signature: ***").len(),
        1,
        "{stderr}"
    );
    assert_no_secret(&stderr, &[&signature]);
}

#[test]
fn simulate_traces_its_deliveries() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let secret = sandbox.secret_file(SECRET);
    let token = sandbox.write("token.txt", TOKEN);
    let sim = RunningListener::start_command(
        &sandbox,
        &[
            "-v",
            "simulate",
            "--json",
            "--port",
            "0",
            "--no-save",
            "--secret-file",
            secret.to_str().unwrap(),
            "--token-file",
            token.to_str().unwrap(),
            "--target",
            &sink.url,
            "--every",
            "off",
        ],
        |first| first["simulating"]["api_url"].as_str().map(str::to_string),
    );
    let workspace = &sim.first["simulating"]["workspaces"][0];
    let (id, presence) = (
        workspace["id"].as_str().unwrap(),
        workspace["presenceStatus"].as_str().unwrap(),
    );
    let other = if presence == "Busy" { "Free" } else { "Busy" };
    let basic = {
        use base64::Engine;
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{TOKEN}:"))
        )
    };
    let change = post(
        &format!("/_simulator/workspaces/{id}/presence"),
        &[("Authorization", &basic)],
        format!(r#"{{"presenceStatus":"{other}"}}"#).as_bytes(),
    );
    assert_eq!(sim.send(&change).0, 200);
    sink.wait_for(1);
    let line = format!("POST {} HTTP/1.1", sink.url);
    sim.wait_for_stderr(&line);
    let stderr = sim.wait_for_stderr(" < HTTP/1.1 200 OK");
    assert_eq!(traced(&stderr, "> ", &line).len(), 1, "{stderr}");
    assert_eq!(
        traced(&stderr, "> ", "Roomz-Signature: ***").len(),
        1,
        "{stderr}"
    );
    // Only what it sends: the control request it answered is not traced.
    assert!(
        !stderr
            .lines()
            .any(|l| l.starts_with('#') && l.contains("/_simulator/")),
        "{stderr}"
    );
    assert_no_secret(&stderr, &[]);
}

#[test]
fn an_attempt_that_times_out_or_finds_no_receiver_is_told() {
    let sandbox = Sandbox::new();
    let slow = Sink::scripted(
        vec![],
        Reply::status(200).delay(std::time::Duration::from_secs(5)),
    );
    let file = sandbox.write("e.json", event_body(ID1));
    let output = run(
        &sandbox,
        &[
            "-v",
            "replay",
            "--timeout",
            "300ms",
            &slow.url,
            file.to_str().unwrap(),
        ],
    );
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 3, "{stderr}");
    assert_eq!(
        traced(&stderr, "> ", &format!("POST {} HTTP/1.1", slow.url)).len(),
        1
    );
    let told = format!("POST {}: timed out: no answer in time", slow.url);
    assert_eq!(traced(&stderr, "! ", &told).len(), 1, "{stderr}");

    let refused = common::sink::refused_url();
    let output = run(
        &sandbox,
        &[
            "-v",
            "trigger",
            "workspace.presence.changed",
            "--url",
            &refused,
        ],
    );
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 3, "{stderr}");
    let told = format!("POST {refused}: connection failed: ");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("#") && l.contains(&format!(" ! {told}"))),
        "{stderr}"
    );
    assert!(traced(&stderr, "> ", &format!("POST {refused} HTTP/1.1")).is_empty());
}

#[test]
fn listen_traces_a_resend_from_its_page() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let secret = sandbox.secret_file(SECRET);
    let listener =
        RunningListener::start(&sandbox, &["-v", "--secret-file", secret.to_str().unwrap()]);
    let body = event_body(ID1);
    let signature = signature_of(SECRET, body.as_bytes());
    let request = post(
        "/webhook",
        &[("Roomz-Signature", &signature)],
        body.as_bytes(),
    );
    assert_eq!(listener.send(&request).0, 200);
    let seq = listener.next_line()["seq"]
        .as_i64()
        .expect("a stored request");
    let token = listener.first["ui_token"].as_str().unwrap().to_string();
    let target = format!(r#"{{"url":"{}"}}"#, sink.url);
    let resend = post(
        &format!("/_/api/requests/{seq}/resend"),
        &[("X-Roomz-Hook-Token", &token)],
        target.as_bytes(),
    );
    let (status, answer) = listener.send(&resend);
    assert_eq!(status, 200, "{answer}");
    sink.wait_for(1);
    let line = format!("POST {} HTTP/1.1", sink.url);
    let stderr = listener.wait_for_stderr(&line);
    assert_eq!(traced(&stderr, "> ", &line).len(), 1, "{stderr}");
    assert_eq!(
        traced(&stderr, "> ", "Roomz-Signature: ***").len(),
        1,
        "{stderr}"
    );
    assert_no_secret(&stderr, &[&token]);
}

/// Commands that send nothing say at -v what they worked with: the secret by its
/// fingerprint and where it came from, the body's size, the store. Never the secret, and
/// stdout is the same as without -v.
#[test]
fn local_commands_say_at_v_which_secret_and_store_they_used() {
    let sandbox = Sandbox::new();
    let secret = sandbox.secret_file(SECRET);
    let body = sandbox.write("e.json", event_body(ID1));
    let sign = |verbose: bool| {
        let mut cmd = sandbox.cmd();
        if verbose {
            cmd.arg("-v");
        }
        cmd.arg("sign")
            .arg("--secret-file")
            .arg(&secret)
            .arg(&body)
            .output()
            .unwrap()
    };
    let (quiet, verbose) = (sign(false), sign(true));
    assert_eq!(code(&verbose), 0);
    assert_eq!(quiet.stdout, verbose.stdout, "stdout is the same");
    assert!(quiet.stderr.is_empty(), "{}", text(&quiet.stderr));
    let stderr = text(&verbose.stderr);
    assert!(
        stderr.contains("secret sha256:") && stderr.contains("from flag --secret-file"),
        "{stderr}"
    );
    let size = event_body(ID1).len();
    assert!(
        stderr.contains(&format!("signed {size} bytes of")),
        "{stderr}"
    );
    assert!(!stderr.contains(SECRET), "{stderr}");

    let verify = sandbox
        .cmd()
        .args(["-v", "verify", "--body"])
        .arg(&body)
        .arg("--signature")
        .arg(text(&quiet.stdout).trim())
        .arg("--secret-file")
        .arg(&secret)
        .output()
        .unwrap();
    assert_eq!(code(&verify), 0, "{}", text(&verify.stderr));
    assert!(text(&verify.stderr).contains("secret sha256:"));

    let store = sandbox.path("events.db");
    let events = sandbox
        .cmd()
        .args(["-v", "events", "list", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    let stderr = text(&events.stderr);
    assert!(
        stderr.contains(&format!("store {} from flag --store", store.display())),
        "{stderr}"
    );
}
