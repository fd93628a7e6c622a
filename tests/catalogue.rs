//! ROOMZ's own published `WebhookEvent` examples (fixtures/roomz-examples/) are what the
//! documents in ../shared/roomz-spec/ say, and a real `listen` takes each as a valid
//! event: warnings (`"busy"`, `+0000`), no problem, counted by `--count`.

mod common;

use common::{fixture, post, signature_of, RunningListener, Sandbox};
use serde_json::Value;
use std::path::PathBuf;

const SECRET: &str = "whsec_catalogue-test";

fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/roomz-spec")
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn fixture_json(name: &str) -> Value {
    serde_json::from_slice(&std::fs::read(fixture(&format!("roomz-examples/{name}"))).unwrap())
        .unwrap()
}

#[test]
fn the_fixtures_are_roomz_published_examples() {
    let current: Value = serde_yaml::from_str(&read(spec_dir().join("current/spec3.yml"))).unwrap();
    let example = &current["components"]["schemas"]["WebhookEvent"]["examples"][0];
    assert_eq!(example, &fixture_json("current-spec3-webhook-event.json"));

    // The draft's only event example is in webhook.md, in the first ```` block.
    let webhook = read(spec_dir().join("draft-2024-05/webhook.md"));
    let block = webhook.split("````").nth(1).expect("a code block");
    let example: Value = serde_json::from_str(block.trim()).unwrap();
    assert_eq!(
        example,
        fixture_json("draft-webhook-md-status-updated.json")
    );
}

#[test]
fn listen_counts_roomz_examples_as_valid_events_with_warnings() {
    let sandbox = Sandbox::new();
    let secret = sandbox.secret_file(SECRET);
    let listener = RunningListener::start(
        &sandbox,
        &[
            "--secret-file",
            secret.to_str().unwrap(),
            "--count",
            "2",
            "--no-store",
        ],
    );
    let cases = [
        (
            "current-spec3-webhook-event.json",
            "Roomz-Signature",
            "'data.presenceStatus' is \"busy\"",
        ),
        (
            "draft-webhook-md-status-updated.json",
            "X-Roomz-Signature",
            "without a colon (\"+0000\"",
        ),
    ];
    for (name, header, warning) in cases {
        let body = std::fs::read(fixture(&format!("roomz-examples/{name}"))).unwrap();
        let signature = signature_of(SECRET, &body);
        let (status, _) = listener.send(&post("/webhook", &[(header, &signature)], &body));
        assert_eq!(status, 200, "{name}");
        let line = listener.next_line();
        assert_eq!(line["signature"], "valid", "{name}");
        assert_eq!(line["problems"], serde_json::json!([]), "{name}: {line}");
        let warnings = line["warnings"].as_array().unwrap();
        assert_eq!(warnings.len(), 1, "{name}: {line}");
        assert!(
            warnings[0].as_str().unwrap().contains(warning),
            "{name}: {line}"
        );
    }
    let (code, _) = listener.wait();
    assert_eq!(code, Some(0), "warnings only: every event was valid");
}
