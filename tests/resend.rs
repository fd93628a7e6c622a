//! `roomz-hook events resend ID [URL]` (CONTRACT 4.4): the real binary re-delivering a
//! request the real listener stored to a real hyper receiver (tests/common/sink.rs).

mod common;

use common::sink::{refused_url, Reply, Sink};
use common::{code, event_body, signature_of, text, Sandbox};
use std::process::Output;

const LISTEN_SECRET: &str = "whsec_resend_listen_secret";
/// The secret configured when resending: a resent request is signed with it.
const SECRET: &str = "whsec_resend_current_secret";
const ID1: &str = "7c1d2e3f-0000-4000-8000-00000000aa01";
const ID2: &str = "7c1d2e3f-0000-4000-8000-00000000bb02";

/// A store holding ID1 delivered twice (the second time with a `note`) and ID2 once.
fn stored(sandbox: &Sandbox) -> (String, String) {
    let secret = sandbox.write("listen-secret.txt", LISTEN_SECRET);
    let listener =
        common::RunningListener::start(sandbox, &["--secret-file", secret.to_str().unwrap()]);
    let first = event_body(ID1);
    let newest = first.replacen('{', r#"{"note":"second delivery","#, 1);
    for body in [&first, &newest, &event_body(ID2)] {
        let signature = signature_of(LISTEN_SECRET, body.as_bytes());
        let (status, _) = listener.send(&common::post(
            "/webhook",
            &[("Roomz-Signature", &signature)],
            body.as_bytes(),
        ));
        assert_eq!(status, 200);
        listener.next_line();
    }
    listener.stop();
    (first, newest)
}

fn resend(sandbox: &Sandbox, args: &[&str]) -> Output {
    let secret = sandbox.write("secret.txt", SECRET);
    sandbox
        .cmd()
        .args(["events", "resend", "--secret-file"])
        .arg(secret)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn resend_delivers_the_newest_delivery_byte_for_byte_re_signed() {
    let sandbox = Sandbox::new();
    let (_, newest) = stored(&sandbox);
    let sink = Sink::ok();
    // A unique prefix of ID1 names it.
    let output = resend(&sandbox, &["7c1d2e3f-0000-4000-8000-00000000aa", &sink.url]);
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 0, "{stderr}");
    let received = sink.received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].body,
        newest.as_bytes(),
        "the newest delivery, exact bytes"
    );
    assert_eq!(
        received[0].header("Roomz-Signature").unwrap(),
        signature_of(SECRET, newest.as_bytes()),
        "signed with the configured secret, not the one it was received with"
    );
    assert!(
        stderr.contains("received 2 times: resending the newest"),
        "{stderr}"
    );
    assert!(!stderr.contains(SECRET) && !text(&output.stdout).contains(SECRET));
}

#[test]
fn a_row_number_and_keep_signature_resend_the_captured_signature() {
    let sandbox = Sandbox::new();
    let (first, _) = stored(&sandbox);
    let sink = Sink::ok();
    let output = resend(&sandbox, &["#1", "--keep-signature", &sink.url]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let received = sink.received();
    assert_eq!(received[0].body, first.as_bytes());
    assert_eq!(
        received[0].header("Roomz-Signature").unwrap(),
        signature_of(LISTEN_SECRET, first.as_bytes())
    );
}

#[test]
fn an_unknown_or_ambiguous_id_exits_2_and_sends_nothing() {
    let sandbox = Sandbox::new();
    stored(&sandbox);
    let sink = Sink::ok();
    let output = resend(&sandbox, &["no-such-id", &sink.url]);
    assert_eq!(code(&output), 2);
    assert!(
        text(&output.stderr).contains("no stored request with id 'no-such-id'"),
        "{}",
        text(&output.stderr)
    );
    let output = resend(&sandbox, &["7c1d2e3f", &sink.url]);
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 2, "{stderr}");
    assert!(stderr.contains(ID1) && stderr.contains(ID2), "{stderr}");
    assert!(sink.received().is_empty());
}

#[test]
fn without_a_url_it_sends_to_the_profiles_webhook_url() {
    let sandbox = Sandbox::new();
    stored(&sandbox);
    let sink = Sink::ok();
    sandbox.write("secret.txt", SECRET);
    let init = sandbox
        .cmd()
        .args(["init", "--no-input", "--secret-file", "secret.txt"])
        .args(["--webhook-url", &sink.url])
        .output()
        .unwrap();
    assert_eq!(init.status.code(), Some(0), "{}", text(&init.stderr));
    let output = resend(&sandbox, &[ID2]);
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 0, "{stderr}");
    assert!(stderr.contains("the profile's webhook_url"), "{stderr}");
    assert_eq!(sink.received().len(), 1);
    assert_eq!(sink.received()[0].json()["id"], ID2);
}

#[test]
fn replays_flags_and_exit_codes_apply() {
    let sandbox = Sandbox::new();
    stored(&sandbox);
    // One 500, then 200: --retries 1 delivers it on the second attempt.
    let sink = Sink::scripted(vec![Reply::status(500)], Reply::status(200));
    let output = resend(&sandbox, &[ID2, "--retries", "1", &sink.url]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    assert_eq!(sink.received().len(), 2);
    assert!(
        text(&output.stdout).contains("1 sent (1 delivered); 1 retry (2 attempts)"),
        "{}",
        text(&output.stdout)
    );

    let sink = Sink::scripted(vec![], Reply::status(500));
    let output = resend(&sandbox, &[ID2, &sink.url]);
    assert_eq!(code(&output), 1, "{}", text(&output.stderr));
    assert_eq!(sink.received().len(), 1, "--retries 0 sends once");
    assert!(
        text(&output.stdout).contains("1 sent (0 delivered, 1 rejected); 0 retries (1 attempt)"),
        "{}",
        text(&output.stdout)
    );

    let output = resend(&sandbox, &[ID2, &refused_url()]);
    assert_eq!(code(&output), 3, "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("0 sent, 1 unreachable; 0 retries (1 attempt)"),
        "{}",
        text(&output.stdout)
    );

    let sink = Sink::ok();
    let output = resend(&sandbox, &[ID2, "--dry-run", &sink.url]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains(ID2),
        "{}",
        text(&output.stdout)
    );
    assert!(sink.received().is_empty());
}
