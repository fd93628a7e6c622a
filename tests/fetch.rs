//! `roomz-hook fetch` against a fake ROOMZ API: a real hyper server started in the test
//! (tests/common/sink.rs) that answers from a script and records every request.

mod common;

use common::sink::{refused_url, Reply, Sink};
use common::{event_body, fixture, genuine_request, text, Sandbox};
use roomz_hook::store::Store;
use std::time::Duration;

const TOKEN: &str = "rzt_test-token-SECRET-4711";
const EVENT_ID: &str = "0a1b2c3d-6a3e-4d8e-9a57-0c1f0e1d2a01";
/// The workspace of `event_body`.
const WORKSPACE: &str = "3f2e1d0c-b9a8-4765-8432-10fedcba9876";

/// `Authorization` as ROOMZ documents it: Basic, the API key as user, empty password.
fn basic(key: &str) -> String {
    use base64::Engine;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{key}:"))
    )
}

fn free() -> Reply {
    Reply::status(200)
        .body(r#"{"status":"Free"}"#)
        .header("content-type", "application/json")
}

/// `fetch` with the API at `api` and the token in the environment.
fn fetch(sandbox: &Sandbox, api: &str) -> assert_cmd::Command {
    let mut cmd = sandbox.cmd();
    cmd.arg("fetch")
        .env("ROOMZ_API_URL", api)
        .env("ROOMZ_API_TOKEN", TOKEN);
    cmd
}

/// Runs and returns (exit code, stdout, stderr), checking the token never shows.
fn run(mut cmd: assert_cmd::Command) -> (i32, String, String) {
    let output = cmd.output().unwrap();
    let (out, err) = (text(&output.stdout), text(&output.stderr));
    assert!(
        !out.contains("SECRET") && !err.contains("SECRET"),
        "token leaked: {out}{err}"
    );
    (output.status.code().unwrap(), out, err)
}

fn store_with_event(sandbox: &Sandbox) -> std::path::PathBuf {
    let path = sandbox.path("events.db");
    let mut store = Store::open(&path).unwrap();
    store.insert(&genuine_request(EVENT_ID)).unwrap();
    path
}

#[test]
fn a_stored_event_is_fetched_with_basic_auth() {
    let sandbox = Sandbox::new();
    let api = Sink::scripted(vec![], free());
    let store = store_with_event(&sandbox);
    let mut cmd = fetch(&sandbox, &api.base);
    cmd.arg("--store").arg(&store).arg(&EVENT_ID[..8]);
    let (code, out, err) = run(cmd);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "{\n  \"status\": \"Free\"\n}\n");
    assert!(
        err.contains(&format!(
            "event {EVENT_ID} (workspace.presence.changed): GET"
        )),
        "{err}"
    );
    assert!(err.contains("→ 200 OK"), "{err}");
    let requests = api.received();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, format!("/workspaces/{WORKSPACE}/status"));
    assert_eq!(
        requests[0].header("authorization"),
        Some(basic(TOKEN).as_str())
    );
}

#[test]
fn json_prints_the_answer_itself() {
    let sandbox = Sandbox::new();
    let api = Sink::scripted(vec![], free());
    let mut cmd = fetch(&sandbox, &api.base);
    cmd.args(["--json", "--workspace", "w-1"]);
    let (code, out, _) = run(cmd);
    assert_eq!(code, 0);
    assert_eq!(out, "{\"status\":\"Free\"}\n");
    assert_eq!(api.received()[0].path, "/workspaces/w-1/status");
}

#[test]
fn events_in_files_of_both_shapes_and_in_captures() {
    let sandbox = Sandbox::new();
    let api = Sink::scripted(vec![], free());
    for (file, workspace) in [
        (
            "events/status-updated-legacy.json",
            "df801b47-b7be-48e8-8e21-20e20c75906c",
        ),
        (
            "events/presence-changed.json",
            "9f3c2a7e-5b1d-4c8e-a6f4-2d7e8b9c0a15",
        ),
        ("captures/presence.http", ""),
    ] {
        let before = api.received().len();
        let mut cmd = fetch(&sandbox, &api.base);
        cmd.arg("--event").arg(fixture(file));
        let (code, _, err) = run(cmd);
        assert_eq!(code, 0, "{file}: {err}");
        let request = &api.received()[before];
        assert!(request.path.starts_with("/workspaces/"), "{}", request.path);
        assert!(request.path.contains(workspace), "{file}: {}", request.path);
    }
}

#[test]
fn the_token_can_come_from_a_file_and_the_api_url_from_a_flag() {
    let sandbox = Sandbox::new();
    let api = Sink::scripted(vec![], free());
    let token_file = sandbox.write("token.txt", format!("{TOKEN}-from-file\n"));
    let mut cmd = sandbox.cmd();
    cmd.args(["fetch", "--workspace", "w", "--api-url", &api.base])
        .arg("--token-file")
        .arg(&token_file);
    let (code, _, err) = run(cmd);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        api.received()[0].header("authorization"),
        Some(basic(&format!("{TOKEN}-from-file")).as_str())
    );
}

#[test]
fn a_refused_token_exits_1_with_the_status_and_body() {
    let sandbox = Sandbox::new();
    let api = Sink::scripted(vec![], Reply::status(401).body(r#"{"error":"bad token"}"#));
    let mut cmd = fetch(&sandbox, &api.base);
    cmd.args(["--workspace", "w"]);
    let (code, out, err) = run(cmd);
    assert_eq!(code, 1);
    assert!(out.starts_with("HTTP 401 Unauthorized\n"), "{out}");
    assert!(out.contains("\"error\": \"bad token\""), "{out}");
    assert!(
        err.contains("the API refused the token (401 Unauthorized): check the token from env ROOMZ_API_TOKEN"),
        "{err}"
    );
    assert_eq!(api.received().len(), 1, "a 401 is not retried");
}

#[test]
fn an_unknown_workspace_exits_1() {
    let sandbox = Sandbox::new();
    let api = Sink::scripted(
        vec![],
        Reply::status(404).body(r#"{"error":"no such workspace"}"#),
    );
    let mut cmd = fetch(&sandbox, &api.base);
    cmd.args(["--json", "--workspace", "nope"]);
    let (code, out, _) = run(cmd);
    assert_eq!(code, 1);
    let line: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(line["status"], 404);
    assert_eq!(line["body"]["error"], "no such workspace");
    assert!(
        line["error"].as_str().unwrap().contains("404 Not Found"),
        "{line}"
    );
}

#[test]
fn a_429_is_retried_after_retry_after() {
    let sandbox = Sandbox::new();
    let api = Sink::scripted(vec![Reply::status(429).header("retry-after", "1")], free());
    let mut cmd = fetch(&sandbox, &api.base);
    cmd.args(["--workspace", "w"]);
    let (code, out, err) = run(cmd);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Free"));
    assert!(
        err.contains("the API answered 429 Too Many Requests; retrying in 1s (attempt 2 of 3)"),
        "{err}"
    );
    let requests = api.received();
    assert_eq!(requests.len(), 2);
    let gap = requests[1].at - requests[0].at;
    assert!(gap >= Duration::from_millis(950), "waited only {gap:?}");
}

#[test]
fn a_failing_api_exits_1_after_the_bounded_retries() {
    let sandbox = Sandbox::new();
    let api = Sink::scripted(vec![], Reply::status(500).body("oops"));
    let mut cmd = fetch(&sandbox, &api.base);
    cmd.args(["--workspace", "w"]);
    let (code, out, err) = run(cmd);
    assert_eq!(code, 1);
    assert_eq!(api.received().len(), 3, "one try and two retries");
    assert!(
        out.contains("HTTP 500 Internal Server Error\noops"),
        "{out}"
    );
    assert!(
        err.contains("the API failed (500 Internal Server Error) after 3 attempts"),
        "{err}"
    );
}

#[test]
fn an_answer_that_is_not_json_exits_1() {
    let sandbox = Sandbox::new();
    let api = Sink::scripted(
        vec![],
        Reply::status(200)
            .body("<html>login</html>")
            .header("content-type", "text/html"),
    );
    let mut cmd = fetch(&sandbox, &api.base);
    cmd.args(["--workspace", "w"]);
    let (code, out, err) = run(cmd);
    assert_eq!(code, 1);
    assert!(out.contains("<html>login</html>"), "{out}");
    assert!(
        err.contains("the API answered 200 OK but the body is not JSON (Content-Type: text/html)"),
        "{err}"
    );
}

#[test]
fn a_closed_port_exits_3() {
    let sandbox = Sandbox::new();
    let api = refused_url().replace("/webhook", "");
    let mut cmd = fetch(&sandbox, &api);
    cmd.args(["--workspace", "w"]);
    let (code, _, err) = run(cmd);
    assert_eq!(code, 3);
    assert!(
        err.contains(&format!(
            "cannot reach the API at {api}/workspaces/w/status: connection failed"
        )),
        "{err}"
    );
}

#[test]
fn an_unknown_event_id_exits_2_with_a_hint() {
    let sandbox = Sandbox::new();
    let api = Sink::ok();
    let store = store_with_event(&sandbox);
    let mut cmd = fetch(&sandbox, &api.base);
    cmd.arg("--store")
        .arg(&store)
        .arg("ffffffff-0000-4000-8000-000000000000");
    let (code, _, err) = run(cmd);
    assert_eq!(code, 2);
    assert!(
        err.contains("no event 'ffffffff-0000-4000-8000-000000000000' in the event store"),
        "{err}"
    );
    assert!(err.contains("run `roomz-hook events list`"), "{err}");
    assert!(api.received().is_empty());
}

#[test]
fn missing_api_settings_exit_2_naming_them() {
    let sandbox = Sandbox::new();
    let mut cmd = sandbox.cmd();
    cmd.args(["fetch", "--workspace", "w"])
        .env("ROOMZ_API_TOKEN", TOKEN);
    let (code, _, err) = run(cmd);
    assert_eq!(code, 2);
    assert!(
        err.contains("no API URL: pass --api-url URL, set ROOMZ_API_URL"),
        "{err}"
    );

    let mut cmd = sandbox.cmd();
    cmd.args([
        "fetch",
        "--workspace",
        "w",
        "--api-url",
        "http://127.0.0.1:9",
    ]);
    let (code, _, err) = run(cmd);
    assert_eq!(code, 2);
    assert!(
        err.contains("no API token: pass --token-file PATH, set ROOMZ_API_TOKEN"),
        "{err}"
    );

    let mut cmd = sandbox.cmd();
    cmd.args(["fetch", "--workspace", "w", "--api-url", "localhost:8080"]);
    let (code, _, err) = run(cmd);
    assert_eq!(code, 2);
    assert!(
        err.contains("api_url from flag --api-url must start with http:// or https://"),
        "{err}"
    );
}

#[test]
fn bad_event_inputs_exit_2() {
    let sandbox = Sandbox::new();
    let api = Sink::ok();
    let unmapped = sandbox.write(
        "desk.json",
        r#"{"id":"0a1b2c3d-6a3e-4d8e-9a57-0c1f0e1d2a01","type":"desk.booked","timestamp":"2024-05-21T08:22:32.452Z"}"#,
    );
    let missing = sandbox.path("missing.json");
    let garbage = sandbox.write("garbage.txt", "hello there");
    for (file, expected) in [
        (
            &unmapped,
            "events of type 'desk.booked' have no API resource",
        ),
        (&missing, "cannot read"),
        (&garbage, "garbage.txt"),
    ] {
        let mut cmd = fetch(&sandbox, &api.base);
        cmd.arg("--event").arg(file);
        let (code, _, err) = run(cmd);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(expected), "{file:?}: {err}");
    }
    let mut cmd = fetch(&sandbox, &api.base);
    cmd.arg("--no-input");
    let (code, _, err) = run(cmd);
    assert_eq!(code, 2);
    assert!(err.contains("EVENT_ID"), "{err}");
    assert!(api.received().is_empty());
}

// ---------------------------------------------------------------------------------------
// listen --fetch, against the same fake API

#[test]
fn listen_fetch_reports_a_refused_token_per_event_and_keeps_serving() {
    use common::{post, signature_of, RunningListener};
    let sandbox = Sandbox::new();
    let api = Sink::scripted(vec![Reply::status(401)], free());
    let secret = "whsec_fetch-test";
    let secret_file = sandbox.secret_file(secret);
    let token_file = sandbox.write("token.txt", TOKEN);
    let flags = [
        "--fetch",
        "--api-url",
        &api.base,
        "--secret-file",
        secret_file.to_str().unwrap(),
        "--token-file",
        token_file.to_str().unwrap(),
    ];
    let listener = RunningListener::start(&sandbox, &flags);
    for id in [EVENT_ID, "0a1b2c3d-6a3e-4d8e-9a57-0c1f0e1d2a02"] {
        let body = event_body(id);
        let signature = signature_of(secret, body.as_bytes());
        let request = post(
            "/webhook",
            &[("Roomz-Signature", &signature)],
            body.as_bytes(),
        );
        assert_eq!(listener.send(&request).0, 200, "answered before the fetch");
        assert_eq!(listener.next_line()["event_id"], id);
        let fetched = listener.next_line();
        assert_eq!(fetched["fetched"]["event_id"], id, "{fetched}");
        if id == EVENT_ID {
            assert_eq!(fetched["fetched"]["status"], 401);
            let error = fetched["fetched"]["error"].as_str().unwrap();
            assert!(error.contains("refused the token"), "{error}");
            assert!(error.contains("--token-file"), "{error}");
        } else {
            assert_eq!(fetched["fetched"]["details"]["status"], "Free", "{fetched}");
        }
    }
    let requests = api.received();
    assert_eq!(requests[0].path, format!("/workspaces/{WORKSPACE}/status"));
    let stderr = listener.stderr();
    let (_, rest) = listener.stop();
    let summary = rest.iter().find(|l| l.contains("summary")).unwrap();
    assert!(summary.contains(r#""fetch_failures":1"#), "{summary}");
    assert!(!stderr.contains(TOKEN) && !rest.concat().contains(TOKEN));
}

#[test]
fn listen_fetch_without_an_api_url_exits_2_before_listening() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .cmd()
        .args(["listen", "--fetch", "--port", "0"])
        .env("ROOMZ_API_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = text(&output.stderr);
    assert!(err.contains("no API URL: pass --api-url URL"), "{err}");
    assert!(!err.contains("listening on"), "{err}");
}

/// Each fetchable type of the catalogue, in the shape its generation documents, is asked
/// for at the path of section 4.2, below an API URL that includes `/v1`, with Basic auth.
#[test]
fn every_fetchable_type_maps_to_its_documented_path() {
    let sandbox = Sandbox::new();
    let api = Sink::scripted(vec![], free());
    let id = "5a7c3e9d-1f2b-4c6d-8e0f-a1b2c3d4e5f6";
    let cases = [
        (
            "workspace.presence.changed",
            "data.workspaceId",
            "/v1/workspaces/ID/status",
        ),
        (
            "workspace.status.updated",
            "workspaceId",
            "/v1/workspaces/ID/status",
        ),
        ("workspace.created", "workspaceId", "/v1/workspaces/ID"),
        ("workspace.updated", "workspaceId", "/v1/workspaces/ID"),
        ("building.created", "buildingId", "/v1/buildings/ID"),
        ("building.updated", "buildingId", "/v1/buildings/ID"),
        ("floor.created", "floorId", "/v1/floors/ID"),
        ("floor.updated", "floorId", "/v1/floors/ID"),
    ];
    for (n, (kind, field, path)) in cases.iter().enumerate() {
        let mut event = serde_json::json!({
            "id": EVENT_ID,
            "type": kind,
            "timestamp": "2024-05-21T08:22:32.452Z",
        });
        match field.strip_prefix("data.") {
            Some(inner) => event["data"] = serde_json::json!({inner: id, "presenceStatus": "Busy"}),
            None => event[*field] = id.into(),
        }
        let file = sandbox.write(&format!("event-{n}.json"), event.to_string());
        // Half the runs give the API URL a trailing slash: the path joins the same.
        let base = if n % 2 == 0 {
            format!("{}/v1", api.base)
        } else {
            format!("{}/v1/", api.base)
        };
        let mut cmd = fetch(&sandbox, &base);
        cmd.arg("--event").arg(&file);
        let (code, out, err) = run(cmd);
        assert_eq!(code, 0, "{kind}: {err}");
        assert_eq!(out, "{\n  \"status\": \"Free\"\n}\n", "{kind}");
        let request = api.received().pop().unwrap();
        assert_eq!(request.method, "GET", "{kind}");
        assert_eq!(request.path, path.replace("ID", id), "{kind}");
        assert_eq!(
            request.header("authorization"),
            Some(basic(TOKEN).as_str()),
            "{kind}"
        );
    }
    assert_eq!(api.received().len(), cases.len());
}

#[test]
fn a_deleted_resource_is_explained_and_not_fetched() {
    let sandbox = Sandbox::new();
    let api = Sink::scripted(vec![], free());
    let id = "5a7c3e9d-1f2b-4c6d-8e0f-a1b2c3d4e5f6";
    for (kind, field) in [
        ("building.deleted", "buildingId"),
        ("floor.deleted", "floorId"),
        ("workspace.deleted", "workspaceId"),
    ] {
        let body = format!(
            r#"{{"id":"{EVENT_ID}","type":"{kind}","timestamp":"2024-05-21T08:22:32Z","{field}":"{id}"}}"#
        );
        let file = sandbox.write("deleted.json", body);
        let mut cmd = fetch(&sandbox, &format!("{}/v1", api.base));
        cmd.arg("--event").arg(&file);
        let (code, out, err) = run(cmd);
        assert_eq!(code, 2, "{kind}: {err}");
        assert_eq!(out, "");
        let resource = kind.split('.').next().unwrap();
        assert!(
            err.contains(&format!(
                "a {kind} event has nothing to fetch: the {resource} {id} no longer exists, so no request was sent"
            )),
            "{err}"
        );
    }
    assert_eq!(api.received().len(), 0, "no request for a deleted resource");
}

#[test]
fn building_and_floor_flags_fetch_them_directly() {
    let sandbox = Sandbox::new();
    let api = Sink::scripted(vec![], free());
    for (flag, path) in [
        ("--building", "/v1/buildings/b-1"),
        ("--floor", "/v1/floors/f%2F2"),
        ("--workspace", "/v1/workspaces/w-3/status"),
    ] {
        let mut cmd = fetch(&sandbox, &format!("{}/v1", api.base));
        let id = if flag == "--floor" {
            "f/2"
        } else {
            &path[path.len() - 3..]
        };
        let id = if flag == "--workspace" { "w-3" } else { id };
        cmd.args(["--json", flag, id]);
        let (code, out, err) = run(cmd);
        assert_eq!(code, 0, "{flag}: {err}");
        assert_eq!(out, "{\"status\":\"Free\"}\n");
        assert_eq!(api.received().pop().unwrap().path, path, "{flag}");
    }
    let mut cmd = fetch(&sandbox, &api.base);
    cmd.args(["--building", "b", "--floor", "f"]);
    let (code, _, err) = run(cmd);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
    let mut cmd = fetch(&sandbox, &api.base);
    cmd.args(["--floor", " "]);
    let (code, _, err) = run(cmd);
    assert_eq!(code, 2);
    assert!(err.contains("--floor is empty: give a floor id"), "{err}");
}

#[test]
fn a_profile_may_send_the_key_as_a_bearer_token() {
    let sandbox = Sandbox::new();
    let api = Sink::scripted(vec![], free());
    sandbox.write(
        "config.toml",
        "[profiles.default]\nauth_scheme = \"Bearer\"\n",
    );
    let mut cmd = fetch(&sandbox, &api.base);
    cmd.args(["--workspace", "w"]);
    let (code, _, err) = run(cmd);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        api.received()[0].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}
