//! `roomz-hook trigger TYPE`: one realistic sample event, signed and sent to a real
//! receiver started by the test (or printed), and the receiver's answer shown.

mod common;

use common::sink::{refused_url, Reply, Sink};
use common::{code, signature_of, text, RunningListener, Sandbox};
use std::process::Output;

const SECRET: &str = "whsec_trigger_test_secret";

fn trigger(sandbox: &Sandbox, args: &[&str]) -> Output {
    let secret = sandbox.secret_file(SECRET);
    sandbox
        .cmd()
        .arg("trigger")
        .arg("--secret-file")
        .arg(secret)
        .args(args)
        .output()
        .unwrap()
}

fn is_uuid(text: &str) -> bool {
    roomz_hook::core::event::is_uuid(text)
}

#[test]
fn presence_changed_is_sent_signed_in_the_current_shape() {
    let sandbox = Sandbox::new();
    let sink = Sink::scripted(vec![], Reply::status(200));
    let output = trigger(
        &sandbox,
        &["workspace.presence.changed", "--url", &sink.url],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let received = sink.received();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    let event = request.json();
    assert!(is_uuid(event["id"].as_str().unwrap()));
    assert_eq!(event["type"], "workspace.presence.changed");
    assert_eq!(event["apiVersion"], "1.0");
    assert!(is_uuid(event["data"]["workspaceId"].as_str().unwrap()));
    assert!(["Free", "Busy"].contains(&event["data"]["presenceStatus"].as_str().unwrap()));
    let timestamp = time::OffsetDateTime::parse(
        event["timestamp"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let age = time::OffsetDateTime::now_utc() - timestamp;
    assert!(
        age.whole_seconds().abs() < 60,
        "the current time: {timestamp}"
    );
    let signature = signature_of(SECRET, &request.body);
    assert_eq!(request.header("Roomz-Signature"), Some(signature.as_str()));
    assert_eq!(
        request.header("X-Roomz-Signature"),
        Some(signature.as_str())
    );
    let stdout = text(&output.stdout);
    assert!(stdout.contains("200 OK"), "prints the status: {stdout}");
    assert!(
        stdout.contains("{\"answer\":200}"),
        "prints the answer: {stdout}"
    );
    assert!(stdout.contains(event["id"].as_str().unwrap()));
}

#[test]
fn status_updated_uses_the_older_shape() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let output = trigger(&sandbox, &["workspace.status.updated", "--url", &sink.url]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let event = sink.received()[0].json();
    assert!(
        is_uuid(event["workspaceId"].as_str().unwrap()),
        "top-level workspaceId"
    );
    assert!(event.get("data").is_none());
    // RFC 3339, not the draft's "+0000": a sample carries no warning.
    let timestamp = event["timestamp"].as_str().unwrap();
    assert!(timestamp.ends_with('Z'), "{timestamp}");
}

#[test]
fn an_unknown_type_gets_the_envelope_only() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let output = trigger(&sandbox, &["room.cleaned", "--url", &sink.url]);
    assert_eq!(code(&output), 2, "refused without --allow-unknown");
    assert!(sink.received().is_empty());
    let output = trigger(
        &sandbox,
        &["room.cleaned", "--allow-unknown", "--url", &sink.url],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let event = sink.received()[0].json();
    let keys: Vec<&str> = event
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["id", "type", "timestamp", "apiVersion"]);
    assert_eq!(event["type"], "room.cleaned");
}

#[test]
fn set_overrides_fields_as_json_or_string() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let output = trigger(
        &sandbox,
        &[
            "workspace.presence.changed",
            "--url",
            &sink.url,
            "--set",
            "data.presenceStatus=Free",
            "--set",
            "data.capacity=4",
            "--set",
            "id=not-a-uuid",
            "--set",
            "meta.source={\"test\":true}",
        ],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let event = sink.received()[0].json();
    assert_eq!(event["data"]["presenceStatus"], "Free");
    assert_eq!(event["data"]["capacity"], 4);
    assert_eq!(event["id"], "not-a-uuid");
    assert_eq!(event["meta"]["source"]["test"], true);
}

#[test]
fn a_bad_set_is_a_usage_error_and_sends_nothing() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let output = trigger(
        &sandbox,
        &[
            "workspace.presence.changed",
            "--url",
            &sink.url,
            "--set",
            "type.x=1",
        ],
    );
    assert_eq!(code(&output), 2);
    assert!(
        text(&output.stderr).contains("'type' is not an object"),
        "{}",
        text(&output.stderr)
    );
    let output = trigger(
        &sandbox,
        &[
            "workspace.presence.changed",
            "--url",
            &sink.url,
            "--set",
            "novalue",
        ],
    );
    assert_eq!(code(&output), 2);
    assert!(text(&output.stderr).contains("PATH=VALUE"));
    assert!(sink.received().is_empty());
}

#[test]
fn print_shows_the_body_and_signature_and_sends_nothing() {
    let sandbox = Sandbox::new();
    let output = trigger(
        &sandbox,
        &[
            "workspace.presence.changed",
            "--print",
            "--url",
            &refused_url(),
        ],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let mut lines = stdout.lines();
    let body = lines.next().unwrap();
    let header = lines.next().unwrap();
    let event: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(event["type"], "workspace.presence.changed");
    assert_eq!(
        header,
        format!("Roomz-Signature: {}", signature_of(SECRET, body.as_bytes()))
    );

    let output = trigger(
        &sandbox,
        &["room.cleaned", "--allow-unknown", "--print", "--json"],
    );
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let body = value["body"].as_str().unwrap();
    assert_eq!(value["signature"], signature_of(SECRET, body.as_bytes()));
    assert_eq!(value["event_type"], "room.cleaned");
}

#[test]
fn the_default_url_is_the_one_the_last_listen_bound() {
    let sandbox = Sandbox::new();
    let secret = sandbox.secret_file(SECRET);
    let listener = RunningListener::start(&sandbox, &["--secret-file", secret.to_str().unwrap()]);
    // A scripted listen on --port 0 saves nothing (only an interactive one on the default
    // port does): write the URL as that one would have saved it.
    sandbox.write(
        "config.toml",
        format!("[profiles.default]\nlisten_url = \"{}\"\n", listener.url),
    );
    let output = trigger(&sandbox, &["workspace.presence.changed", "--json"]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let line = listener.next_line();
    assert_eq!(line["event_type"], "workspace.presence.changed");
    assert_eq!(
        line["signature"], "valid",
        "the listener verified our signature"
    );
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(result["status"], 200);
    assert_eq!(result["url"], listener.url);
    assert_eq!(result["event_id"], line["event_id"]);
    assert!(text(&output.stderr).contains("the URL the last `listen` bound"));
}

#[test]
fn a_receiver_that_is_down_exits_3_and_a_refusal_exits_1() {
    let sandbox = Sandbox::new();
    let output = trigger(
        &sandbox,
        &["workspace.presence.changed", "--url", &refused_url()],
    );
    assert_eq!(code(&output), 3);
    assert!(
        text(&output.stderr).contains("could not reach"),
        "{}",
        text(&output.stderr)
    );
    assert!(
        text(&output.stdout).contains("→ unreachable (no answer)"),
        "says what happened: {}",
        text(&output.stdout)
    );

    let sink = Sink::scripted(vec![], Reply::status(401));
    let output = trigger(
        &sandbox,
        &["workspace.presence.changed", "--url", &sink.url],
    );
    assert_eq!(code(&output), 1);
    assert!(
        text(&output.stdout).contains("401 Unauthorized"),
        "{}",
        text(&output.stdout)
    );
    assert!(
        text(&output.stdout).contains("{\"answer\":401}"),
        "shows why"
    );
}

#[test]
fn no_secret_is_a_usage_error_and_the_secret_is_never_printed() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .cmd()
        .args([
            "trigger",
            "workspace.presence.changed",
            "--url",
            "http://127.0.0.1:9/",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&output), 2);
    let sink = Sink::ok();
    for extra in [
        &["--print"][..],
        &["--print", "--json"],
        &["--json"],
        &["-v"],
    ] {
        let mut args = vec!["workspace.presence.changed", "--url", sink.url.as_str()];
        args.extend(extra);
        let output = trigger(&sandbox, &args);
        assert!(!text(&output.stdout).contains(SECRET), "{extra:?}");
        assert!(!text(&output.stderr).contains(SECRET), "{extra:?}");
    }
}

const KNOWN: [&str; 11] = [
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
];

#[test]
fn list_names_the_eleven_documented_types() {
    let sandbox = Sandbox::new();
    let output = sandbox.cmd().args(["trigger", "--list"]).output().unwrap();
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), format!("{}\n", KNOWN.join("\n")));
    let output = sandbox
        .cmd()
        .args(["trigger", "--list", "--json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value, serde_json::json!(KNOWN));
    assert_eq!(text(&output.stdout).lines().count(), 1);
}

#[test]
fn an_unknown_type_exits_2_naming_the_known_ones() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    for unknown in ["room.cleaned", "Workspace.Presence.Changed", "floor"] {
        let output = trigger(&sandbox, &[unknown, "--url", &sink.url]);
        assert_eq!(code(&output), 2, "{unknown}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains(&format!(
                "unknown event type '{unknown}': the known types are {}",
                KNOWN.join(", ")
            )),
            "{stderr}"
        );
        assert!(stderr.contains("--allow-unknown"), "{stderr}");
    }
    // Control characters in the type are escaped, not echoed.
    let output = trigger(&sandbox, &["bad\u{1b}[31m", "--url", &sink.url]);
    assert_eq!(code(&output), 2);
    assert!(!text(&output.stderr).contains('\u{1b}'));
    assert!(sink.received().is_empty());
    let output = sandbox.cmd().arg("trigger").output().unwrap();
    assert_eq!(code(&output), 2, "TYPE or --list is required");
}

/// Each documented type's sample, sent by `trigger` to a real `listen`, is a valid
/// event with neither a problem nor a warning (CONTRACT 4.1, 4.6).
#[test]
fn every_type_reaches_listen_valid_and_without_warning() {
    let sandbox = Sandbox::new();
    let secret = sandbox.secret_file(SECRET);
    let listener = RunningListener::start(
        &sandbox,
        &["--secret-file", secret.to_str().unwrap(), "--no-store"],
    );
    for kind in KNOWN {
        let output = trigger(&sandbox, &[kind, "--url", &listener.url]);
        assert_eq!(code(&output), 0, "{kind}: {}", text(&output.stderr));
        let line = listener.next_line();
        assert_eq!(line["event_type"], kind);
        assert_eq!(line["signature"], "valid", "{kind}");
        assert_eq!(line["problems"], serde_json::json!([]), "{kind}: {line}");
        assert_eq!(line["warnings"], serde_json::json!([]), "{kind}: {line}");
        assert_eq!(line["status"], 200);
        let body: serde_json::Value = serde_json::from_str(line["body"].as_str().unwrap()).unwrap();
        let (resource, _) = kind.split_once('.').unwrap();
        let id = if kind == "workspace.presence.changed" {
            &body["data"]["workspaceId"]
        } else {
            &body[format!("{resource}Id")]
        };
        assert!(is_uuid(id.as_str().unwrap()), "{kind}: {body}");
    }
}
