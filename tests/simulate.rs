//! `roomz-hook simulate`: its API (the draft's, under /v1, Basic auth), its control
//! endpoint, its deliveries with its own retry schedule (against a scripted receiver), and
//! the whole loop with `listen --fetch`, all over real sockets. Every answer it gives is
//! checked against the draft's JSON schemas in `simulate_schema.rs`.

mod common;

use common::sink::{Reply, Sink};
use common::{exchange, post, signature_of, text, RunningListener, Sandbox};
use serde_json::Value;
use std::time::Duration;

const SECRET: &str = "whsec_simulated-SECRET-1";
const TOKEN: &str = "rzt_simulated-TOKEN-2";

/// Secret and token files in the sandbox, as global flags.
fn credentials(sandbox: &Sandbox) -> Vec<String> {
    let secret = sandbox.write("secret.txt", SECRET);
    let token = sandbox.write("token.txt", TOKEN);
    vec![
        "--secret-file".into(),
        secret.display().to_string(),
        "--token-file".into(),
        token.display().to_string(),
    ]
}

/// `simulate --json --port PORT` with `extra` flags; its URL is the API's.
fn simulate(sandbox: &Sandbox, port: u16, extra: &[&str]) -> RunningListener {
    let port = port.to_string();
    let creds = credentials(sandbox);
    let mut args = vec!["simulate", "--json", "--port", &port, "--no-save"];
    args.extend(creds.iter().map(String::as_str));
    args.extend_from_slice(extra);
    RunningListener::start_command(sandbox, &args, |first| {
        first["simulating"]["api_url"].as_str().map(str::to_string)
    })
}

fn workspaces(sim: &RunningListener) -> Vec<(String, String)> {
    sim.first["simulating"]["workspaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let id = w["id"].as_str().unwrap().to_string();
            (id, w["presenceStatus"].as_str().unwrap().to_string())
        })
        .collect()
}

/// `Authorization` as ROOMZ documents it: Basic, the API key as user, empty password.
fn basic(key: &str) -> String {
    use base64::Engine;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{key}:"))
    )
}

/// An API request to the simulator; returns the status and the JSON body.
fn api(
    sim: &RunningListener,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &str,
) -> (u16, Value) {
    let mut headers = vec![];
    let auth = token.map(basic);
    if let Some(auth) = &auth {
        headers.push(("Authorization", auth.as_str()));
    }
    let mut request = post(path, &headers, body.as_bytes());
    if method != "POST" {
        request.splice(0..4, method.bytes());
    }
    let (status, answer) = exchange(&sim.addr, &request);
    let json = answer.split("\r\n\r\n").nth(1).unwrap_or("");
    (status, serde_json::from_str(json).unwrap_or(Value::Null))
}

/// Flips the first workspace through the API (`key` names the body's field) and returns
/// its id and its new presence.
fn flip_first(sim: &RunningListener, key: &str) -> (String, &'static str) {
    let (id, presence) = workspaces(sim).remove(0);
    let other = if presence == "Busy" { "Free" } else { "Busy" };
    let body = format!(r#"{{"{key}":"{other}"}}"#);
    let path = format!("/_simulator/workspaces/{id}/presence");
    let (status, answer) = api(sim, "POST", &path, Some(TOKEN), &body);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["changed"], true);
    (id, other)
}

/// A port free right now (bound, then let go): for the simulator, whose URL `listen
/// --fetch` must know before the simulator starts.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// The next line of `process` with `key`, skipping others.
fn next_with(process: &RunningListener, key: &str) -> Value {
    for _ in 0..50 {
        let line = process.next_line();
        if line.get(key).is_some() {
            return line;
        }
    }
    panic!("no {key} line");
}

#[test]
fn the_whole_loop_event_verify_fetch() {
    let sandbox = Sandbox::new();
    let port = free_port();
    let api_url = format!("http://127.0.0.1:{port}/v1");
    let creds = credentials(&sandbox);
    let mut listen_args: Vec<&str> = vec!["--fetch", "--api-url", &api_url, "--count", "2"];
    listen_args.extend(creds.iter().map(String::as_str));
    let listener = RunningListener::start(&sandbox, &listen_args);
    let sim = simulate(
        &sandbox,
        port,
        &["--target", &listener.url, "--every", "off", "--count", "2"],
    );
    let spaces = workspaces(&sim);
    assert_eq!(spaces.len(), 3);
    assert_eq!(sim.url, api_url, "the API URL it prints includes /v1");

    for (id, before) in spaces.iter().take(2) {
        let wanted = if before == "Free" { "Busy" } else { "Free" };
        let (status, answer) = api(
            &sim,
            "POST",
            &format!("/_simulator/workspaces/{id}/presence"),
            Some(TOKEN),
            &format!(r#"{{"presenceStatus":"{wanted}"}}"#),
        );
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["changed"], true);

        let event = next_with(&listener, "event_id");
        assert_eq!(event["signature"], "valid", "{event}");
        assert_eq!(event["event_type"], "workspace.presence.changed");
        let body: Value = serde_json::from_str(event["body"].as_str().unwrap()).unwrap();
        assert_eq!(body["data"]["workspaceId"], id.as_str());
        assert_eq!(body["data"]["presenceStatus"], wanted);

        let fetched = next_with(&listener, "fetched");
        assert_eq!(fetched["fetched"]["event_id"], event["event_id"]);
        assert_eq!(fetched["fetched"]["status"], 200, "{fetched}");
        // What listen printed is what the simulator holds.
        let (_, held) = api(
            &sim,
            "GET",
            &format!("/v1/workspaces/{id}/status"),
            Some(TOKEN),
            "",
        );
        assert_eq!(held["presence"], wanted);
        assert_eq!(fetched["fetched"]["details"], held, "{fetched}");
    }
    let (code, _) = listener.wait();
    assert_eq!(code, Some(0));
    let (code, rest) = sim.wait();
    assert_eq!(code, Some(0));
    let summary = rest
        .iter()
        .find(|l| l.contains("summary"))
        .expect("a summary line");
    assert!(summary.contains(r#""delivered":2"#), "{summary}");

    // The details were kept in the store with the event.
    let shown = sandbox.cmd().args(["events", "export"]).output().unwrap();
    let out = text(&shown.stdout);
    let rows: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert_eq!(row["details"]["status"], 200, "{row}");
        assert!(row["details"]["answer"]["presence"].is_string(), "{row}");
        assert_eq!(row["problems"], serde_json::json!([]), "{row}");
        assert_eq!(row["warnings"], serde_json::json!([]), "{row}");
    }
    assert!(!out.contains(TOKEN) && !out.contains(SECRET));
}

#[test]
fn a_failing_receiver_gets_the_same_event_three_times() {
    let sandbox = Sandbox::new();
    let receiver = Sink::scripted(
        vec![Reply::status(500), Reply::status(503)],
        Reply::status(200),
    );
    let sim = simulate(
        &sandbox,
        0,
        &[
            "--target",
            &receiver.url,
            "--every",
            "off",
            "--count",
            "1",
            "--first-retry",
            "50ms",
        ],
    );
    let (id, other) = flip_first(&sim, "presenceStatus");

    let received = receiver.wait_for(3);
    assert_eq!(received.len(), 3);
    for request in &received {
        assert_eq!(
            request.body, received[0].body,
            "a retry sends the same bytes"
        );
        let expected = signature_of(SECRET, &request.body);
        assert_eq!(request.header("roomz-signature"), Some(expected.as_str()));
        assert_eq!(request.header("x-roomz-signature"), Some(expected.as_str()));
        assert_eq!(request.header("content-type"), Some("application/json"));
    }
    let event = received[0].json();
    assert_eq!(event["data"]["workspaceId"], id.as_str());
    assert_eq!(event["data"]["presenceStatus"], other);
    let gaps = [
        received[1].at - received[0].at,
        received[2].at - received[1].at,
    ];
    // 50 ms, then twice that: the simulator's own 1 s, 2 s, 4 s schedule, made short.
    assert!(gaps[0] >= Duration::from_millis(45), "{gaps:?}");
    assert!(gaps[1] >= Duration::from_millis(95), "{gaps:?}");

    let attempts: Vec<Value> = (0..3).map(|_| next_with(&sim, "delivery")).collect();
    let outcomes: Vec<&str> = attempts
        .iter()
        .map(|a| a["delivery"]["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["retry", "retry", "delivered"]);
    assert!(attempts
        .iter()
        .all(|a| a["delivery"]["event_id"] == event["id"]));
    assert_eq!(attempts[0]["delivery"]["retry_in_ms"], 50);
    assert_eq!(attempts[1]["delivery"]["retry_in_ms"], 100);
    let (code, _) = sim.wait();
    assert_eq!(code, Some(0));
}

#[test]
fn it_gives_up_after_max_attempts_and_exits_1() {
    let sandbox = Sandbox::new();
    let receiver = Sink::scripted(vec![], Reply::status(500));
    let sim = simulate(
        &sandbox,
        0,
        &[
            "--target",
            &receiver.url,
            "--every",
            "off",
            "--count",
            "1",
            "--max-attempts",
            "2",
            "--shape",
            "old",
        ],
    );
    let (id, _) = flip_first(&sim, "presenceStatus");
    let received = receiver.wait_for(2);
    let event = received[0].json();
    assert_eq!(event["type"], "workspace.status.updated");
    assert!(
        event["timestamp"].as_str().unwrap().ends_with("+0000"),
        "{event}"
    );
    assert_eq!(event["workspaceId"], id.as_str());
    let (code, rest) = sim.wait();
    assert_eq!(code, Some(1));
    assert!(
        rest.iter().any(|l| l.contains(r#""outcome":"gave_up""#)),
        "{rest:?}"
    );
    assert_eq!(receiver.received().len(), 2);
}

#[test]
fn the_api_wants_basic_auth_and_says_what_is_wrong() {
    let sandbox = Sandbox::new();
    let sim = simulate(
        &sandbox,
        0,
        &["--every", "off", "--target", "http://127.0.0.1:9/webhook"],
    );
    let (id, presence) = workspaces(&sim).remove(0);
    let path = format!("/v1/workspaces/{id}/status");

    let request = post(&path, &[], b"");
    let mut request = request;
    request.splice(0..4, "GET".bytes());
    let (status, raw) = exchange(&sim.addr, &request);
    assert_eq!(status, 401);
    assert!(
        raw.to_ascii_lowercase()
            .contains("www-authenticate: basic realm="),
        "{raw}"
    );
    let (_, body) = api(&sim, "GET", &path, None, "");
    assert!(body["error"]
        .as_str()
        .unwrap()
        .contains("HTTP Basic with the API key as the user name and an empty password"));
    assert_eq!(api(&sim, "GET", &path, Some("rzt_wrong"), "").0, 401);
    // The key as a bearer token is not ROOMZ's scheme.
    let bearer = format!("Bearer {TOKEN}");
    let mut request = post(&path, &[("Authorization", &bearer)], b"");
    request.splice(0..4, "GET".bytes());
    assert_eq!(exchange(&sim.addr, &request).0, 401);
    let control = format!("/_simulator/workspaces/{id}/presence");
    assert_eq!(
        api(&sim, "POST", &control, None, r#"{"presenceStatus":"Busy"}"#).0,
        401
    );

    let (status, body) = api(&sim, "GET", &path, Some(TOKEN), "");
    assert_eq!(status, 200);
    assert_eq!(body["presence"], presence.as_str());
    assert_eq!(body["workspace"], presence.as_str());

    let (status, body) = api(&sim, "GET", "/v1/workspaces/nope/status", Some(TOKEN), "");
    assert_eq!(status, 404);
    assert_eq!(
        body["error"],
        "no workspace 'nope' in the simulated account"
    );
    let (status, _) = api(&sim, "GET", "/workspaces", Some(TOKEN), "");
    assert_eq!(status, 404, "the API is under /v1");

    for (query, wrong) in [
        ("page=0", "'page' must be an integer from 1"),
        ("length=101", "'length' must be an integer from 1 to 100"),
        ("length=0", "'length' must be an integer from 1 to 100"),
        ("page=x", "'page' must be an integer from 1"),
    ] {
        let (status, body) = api(
            &sim,
            "GET",
            &format!("/v1/buildings?{query}"),
            Some(TOKEN),
            "",
        );
        assert_eq!(status, 400, "{query}");
        assert!(
            body["error"].as_str().unwrap().contains(wrong),
            "{query}: {body}"
        );
    }

    let (status, body) = api(
        &sim,
        "POST",
        &control,
        Some(TOKEN),
        r#"{"presenceStatus":"Maybe"}"#,
    );
    assert_eq!(status, 400);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains(r#"send {"presenceStatus":"Busy"}"#),
        "{body}"
    );
    let (status, _) = api(&sim, "POST", &control, Some(TOKEN), "not json");
    assert_eq!(status, 400);
    let (status, _) = api(&sim, "DELETE", &control, Some(TOKEN), "");
    assert_eq!(status, 405);
    let (status, _) = api(&sim, "POST", &path, Some(TOKEN), "{}");
    assert_eq!(status, 405, "the API itself is read-only");

    let (status, body) = api(
        &sim,
        "POST",
        &control,
        Some(TOKEN),
        &format!(r#"{{"presenceStatus":"{presence}"}}"#),
    );
    assert_eq!(status, 200);
    assert_eq!(
        body["changed"], false,
        "setting the same presence is no change"
    );

    let (status, body) = api(&sim, "GET", "/v1/buildings", Some(TOKEN), "");
    assert_eq!(status, 200);
    assert_eq!(body["buildings"].as_array().unwrap().len(), 1);
    let stderr = sim.stderr();
    let (_, rest) = sim.stop();
    let all = rest.join("\n") + &stderr;
    assert!(all.contains(r#"{"summary":{"changes":0,"#), "{all}");
    assert!(!all.contains(TOKEN) && !all.contains(SECRET), "{all}");
}

/// building.*, floor.* and workspace.* changes on the timer, delivered to a real
/// `listen --fetch`: each is a valid event with no warning but the draft's `+0000`, and
/// each fetchable one is fetched from the simulator without a failure.
#[test]
fn account_changes_of_every_type_reach_listen_and_fetch() {
    let sandbox = Sandbox::new();
    let port = free_port();
    let api_url = format!("http://127.0.0.1:{port}/v1");
    let creds = credentials(&sandbox);
    let mut listen_args: Vec<&str> = vec!["--fetch", "--api-url", &api_url, "--count", "24"];
    listen_args.extend(creds.iter().map(String::as_str));
    let listener = RunningListener::start(&sandbox, &listen_args);
    let all_types = [
        "workspace.presence.changed",
        "workspace.status.updated",
        "building.created",
        "building.updated",
        "building.deleted",
        "floor.created",
        "floor.updated",
        "floor.deleted",
        "workspace.created",
        "workspace.updated",
        "workspace.deleted",
    ]
    .join(",");
    let sim = simulate(
        &sandbox,
        port,
        &[
            "--target",
            &listener.url,
            "--every",
            "30ms",
            "--count",
            "24",
            "--seed",
            "5",
            "--events",
            &all_types,
        ],
    );
    let mut seen = std::collections::BTreeSet::new();
    let mut fetched = 0;
    let mut events = 0;
    while events < 24 {
        let line = listener.next_line();
        if let Some(f) = line.get("fetched") {
            assert_eq!(f["status"], 200, "{line}");
            assert!(f["error"].is_null(), "{line}");
            fetched += 1;
            continue;
        }
        if line.get("event_id").is_none() {
            continue;
        }
        events += 1;
        let kind = line["event_type"].as_str().unwrap().to_string();
        assert_eq!(line["signature"], "valid", "{line}");
        assert_eq!(line["problems"], serde_json::json!([]), "{line}");
        let warnings = line["warnings"].as_array().unwrap();
        if kind == "workspace.presence.changed" {
            assert!(warnings.is_empty(), "{line}");
        } else {
            // The draft's own timestamp form, and nothing else.
            assert_eq!(warnings.len(), 1, "{line}");
            assert!(warnings[0].as_str().unwrap().contains("+0000"), "{line}");
        }
        seen.insert(kind);
    }
    let (code, rest) = listener.wait();
    assert_eq!(code, Some(0), "{rest:?}");
    for line in rest.iter().filter(|l| l.contains("\"fetched\"")) {
        assert!(line.contains("\"error\":null"), "a failed fetch: {line}");
    }
    let (code, _) = sim.wait();
    assert_eq!(code, Some(0));
    assert!(seen.len() >= 6, "several types were sent: {seen:?}");
    assert!(fetched > 0);
}

#[test]
fn the_same_seed_gives_the_same_workspaces_and_changes() {
    let run = || {
        let sandbox = Sandbox::new();
        let receiver = Sink::ok();
        let flags = [
            "--target",
            &receiver.url,
            "--every",
            "50ms",
            "--count",
            "4",
            "--seed",
            "42",
        ];
        let sim = simulate(&sandbox, 0, &flags);
        let spaces = workspaces(&sim);
        let (code, lines) = sim.wait();
        assert_eq!(code, Some(0));
        let changes: Vec<Value> = lines
            .iter()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter_map(|l| l.get("change").cloned())
            .collect();
        assert_eq!(
            receiver.received().len(),
            4,
            "the timer stops after --count changes"
        );
        let ids: Vec<Value> = changes.iter().map(|c| c["event_id"].clone()).collect();
        let picks: Vec<(Value, Value)> = changes
            .iter()
            .map(|c| (c["resource_id"].clone(), c["presence_status"].clone()))
            .collect();
        (spaces, picks, ids)
    };
    let (spaces_a, changes_a, ids_a) = run();
    let (spaces_b, changes_b, ids_b) = run();
    assert_eq!(spaces_a, spaces_b);
    assert_eq!(changes_a.len(), 4);
    assert_eq!(changes_a, changes_b);
    assert!(
        ids_a.iter().all(|id| !ids_b.contains(id)),
        "event ids stay unique across runs"
    );
}

#[test]
fn bad_flags_exit_2_with_a_reason() {
    let sandbox = Sandbox::new();
    let creds = credentials(&sandbox);
    for (flags, expected) in [
        (
            vec!["--target", "localhost:8080"],
            "--target: invalid URL 'localhost:8080'",
        ),
        (vec!["--every", "soon"], "invalid value 'soon' for '--every"),
        (
            vec!["--workspaces", "0"],
            "invalid value '0' for '--workspaces",
        ),
        (
            vec!["--max-attempts", "0"],
            "invalid value '0' for '--max-attempts",
        ),
    ] {
        let output = sandbox
            .cmd()
            .arg("simulate")
            .args(&creds)
            .args(&flags)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{flags:?}");
        let err = text(&output.stderr);
        assert!(err.contains(expected), "{flags:?}: {err}");
    }
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = sandbox
        .cmd()
        .args(["simulate", "--port", &port])
        .args(&creds)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn with_nothing_configured_it_saves_url_and_token_for_fetch_and_never_prints_the_token() {
    let sandbox = Sandbox::new();
    let args = ["simulate", "--json", "--port", "0", "--every", "off"];
    let sim = RunningListener::start_command(&sandbox, &args, |first| {
        first["simulating"]["api_url"].as_str().map(str::to_string)
    });
    let config_path = sandbox.path("config.toml");
    let config = std::fs::read_to_string(&config_path).unwrap();
    let table: toml::Table = config.parse().unwrap();
    let profile = &table["profiles"]["default"];
    assert_eq!(profile["api_url"].as_str(), Some(sim.url.as_str()));
    let token = profile["api_token"].as_str().unwrap().to_string();
    let secret = profile["secret"].as_str().unwrap().to_string();
    assert!(token.starts_with("rzt_") && token.len() > 20, "{token}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&config_path)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // fetch, with nothing but the saved profile, reads the simulator's state.
    let (id, presence) = workspaces(&sim).remove(0);
    let output = sandbox
        .cmd()
        .args(["fetch", "--json", "--workspace", &id])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["presence"], presence.as_str());

    sim.wait_for_stderr(&secret);
    let stderr = sim.wait_for_stderr("generated a development token (sha256:");
    let (_, rest) = sim.stop();
    let all = format!("{stderr}{}{}", rest.join("\n"), text(&output.stderr));
    assert!(!all.contains(&token), "the token was printed: {all}");
    // The development secret is shown once, as listen does (CONTRACT: listen).
    assert_eq!(all.matches(&secret).count(), 1, "{all}");
}

/// Issue 14.8: on a terminal's worth of start-up, simulate says how to put its API key in
/// `$KEY` without opening the config file (a command that prints it, never the key
/// itself), and the change it suggests flips the workspace to the status it does not
/// have: run as printed, it changes something.
#[test]
fn start_up_tells_how_to_get_the_key_and_suggests_a_change_that_happens() {
    use common::{std_command, Collected};
    use std::process::Stdio;
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let mut child = std_command(&sandbox)
        .args(["simulate", "--port", "0", "--every", "off", "--seed", "7"])
        .args(["--target", &sink.url])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = Collected::new(child.stdout.take().unwrap());
    let stderr = Collected::new(child.stderr.take().unwrap());
    let shown = stdout.wait_for(Duration::from_secs(20), |t| {
        t.lines()
            .any(|l| l.contains("change one:") && l.ends_with("/presence"))
            .then(|| t.to_string())
    });
    let shown = shown.unwrap_or_else(|t| panic!("no change line: {t}{}", stderr.text()));
    let line = |start: &str| {
        shown
            .lines()
            .find(|l| l.trim_start().starts_with(start))
            .unwrap_or_else(|| panic!("no {start:?} line: {shown}"))
            .to_string()
    };
    assert_eq!(
        line("the API key:").trim(),
        "the API key: KEY=$(roomz-hook config get api_token)"
    );
    // The command it names prints the key the simulator serves its API with.
    let output = sandbox
        .cmd()
        .args(["config", "get", "api_token"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let key = text(&output.stdout).trim_end().to_string();
    assert!(key.starts_with("rzt_"), "{key}");
    assert!(!shown.contains(&key), "the key itself was printed: {shown}");

    // The first workspace listed, and the change suggested for it.
    let workspace = line("workspace ");
    let current = workspace.split_whitespace().last().unwrap().to_string();
    let change = line("change one:");
    let body = change
        .split("-d '")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap();
    let suggested: Value = serde_json::from_str(body).unwrap();
    let suggested = suggested["presenceStatus"].as_str().unwrap();
    assert_ne!(suggested, current, "{workspace}\n{change}");
    assert!(["Free", "Busy"].contains(&suggested), "{change}");
    assert!(change.contains("curl -u \"$KEY:\""), "{change}");

    // Run as printed (curl's Basic auth with the key): the workspace changes.
    let url = change.split_whitespace().last().unwrap();
    let rest = url.strip_prefix("http://").unwrap();
    let (addr, path) = rest.split_at(rest.find('/').unwrap());
    let auth = basic(&key);
    let request = post(
        path,
        &[
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        body.as_bytes(),
    );
    let (status, answer) = exchange(addr, &request);
    assert_eq!(status, 200, "{answer}");
    assert!(answer.contains("\"changed\":true"), "{answer}");
    assert!(
        answer.contains(&format!("\"presenceStatus\":\"{suggested}\"")),
        "{answer}"
    );
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
}

/// `config get`: one setting alone on a line (the API token in full, asked for by name),
/// the webhook secret never, an unset or unknown name exit 2.
#[test]
fn config_get_prints_one_setting_and_never_the_secret() {
    let sandbox = Sandbox::new();
    let creds = credentials(&sandbox);
    let get = |name: &str| {
        sandbox
            .cmd()
            .args(&creds)
            .args(["config", "get", name])
            .output()
            .unwrap()
    };
    let output = get("api_token");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stdout), format!("{TOKEN}\n"));
    let output = get("secret");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = text(&output.stderr);
    assert!(!stderr.contains(SECRET), "{stderr}");
    assert!(
        stderr.contains(
            "the webhook secret is not printed: `roomz-hook config show` gives its fingerprint"
        ),
        "{stderr}"
    );
    let output = get("webhook_url");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("webhook_url is not set (profile 'default')"),
        "{}",
        text(&output.stderr)
    );
    let output = get("api_key");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr)
            .contains("no setting 'api_key': the settings are profile, config, api_url, api_token"),
        "{}",
        text(&output.stderr)
    );
}
