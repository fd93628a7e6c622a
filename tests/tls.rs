//! TLS trust in every command that sends to a URL of the user's choosing (issue 14.8):
//! the real listener serves https (`listen --tls-cert/--tls-key`) with a certificate
//! issued by a private CA made here with rcgen; without flags the senders fail with exit 3
//! and a message that points at `--ca-cert FILE` or `--insecure`, with `--ca-cert` the
//! CA's PEM they get through, and a missing or malformed PEM file is exit 2 naming it.

mod common;

use common::{code, event_body, text, RunningListener, Sandbox};
use std::path::PathBuf;
use std::process::Output;

const SECRET: &str = "whsec_tls_test_secret";
const ID1: &str = "5e1f0c2a-0000-4000-8000-00000000c001";

/// A private CA, and a server certificate it issued for `names`: the paths of the CA's
/// PEM, the server's certificate PEM and its key PEM.
fn private_ca(sandbox: &Sandbox, names: &[&str]) -> (PathBuf, PathBuf, PathBuf) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "roomz-hook test CA");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let server_key = KeyPair::generate().unwrap();
    let server = CertificateParams::new(names)
        .unwrap()
        .signed_by(&server_key, &ca, &ca_key)
        .unwrap();
    (
        sandbox.write("ca.pem", ca.pem()),
        sandbox.write("server.pem", server.pem()),
        sandbox.write("server.key", server_key.serialize_pem()),
    )
}

/// `listen` serving https with the CA-issued certificate for `names`, and the CA's PEM.
fn https_listener(sandbox: &Sandbox, names: &[&str]) -> (RunningListener, PathBuf) {
    let (ca, cert, key) = private_ca(sandbox, names);
    let secret = sandbox.secret_file(SECRET);
    let listener = RunningListener::start(
        sandbox,
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
            "--secret-file",
            secret.to_str().unwrap(),
        ],
    );
    assert!(
        listener.url.starts_with("https://127.0.0.1:"),
        "{}",
        listener.url
    );
    (listener, ca)
}

fn run(sandbox: &Sandbox, args: &[&str]) -> Output {
    let secret = sandbox.secret_file(SECRET);
    sandbox
        .cmd()
        .arg("--secret-file")
        .arg(secret)
        .args(args)
        .output()
        .unwrap()
}

/// The next request line the listener printed, skipping its reports of failed handshakes.
fn next_request(listener: &RunningListener) -> serde_json::Value {
    std::iter::repeat_with(|| listener.next_line())
        .find(|line| line.get("connection_error").is_none())
        .unwrap()
}

fn assert_points_at_the_flags(output: &Output) {
    let stderr = text(&output.stderr);
    assert_eq!(
        code(output),
        3,
        "a rejected certificate is a network error: {stderr}"
    );
    assert!(
        stderr.contains("TLS certificate rejected")
            && stderr.contains("pass --ca-cert FILE")
            && stderr.contains("or --insecure to accept any certificate"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("is the receiver running"),
        "it is running: {stderr}"
    );
}

#[test]
fn replay_trusts_a_private_ca_with_ca_cert_and_says_so_without() {
    let sandbox = Sandbox::new();
    let (listener, ca) = https_listener(&sandbox, &["127.0.0.1", "localhost"]);
    let file = sandbox.write("e.json", event_body(ID1));
    let file = file.to_str().unwrap();

    let output = run(&sandbox, &["replay", &listener.url, file]);
    assert_points_at_the_flags(&output);
    assert!(
        text(&output.stderr).contains("UnknownIssuer"),
        "{}",
        text(&output.stderr)
    );

    let output = run(
        &sandbox,
        &[
            "replay",
            "--ca-cert",
            ca.to_str().unwrap(),
            &listener.url,
            file,
        ],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let line = next_request(&listener);
    assert_eq!(line["event_id"], ID1, "{line}");
    assert_eq!(line["signature"], "valid");
}

#[test]
fn a_certificate_for_another_name_is_rejected_even_from_a_trusted_ca() {
    let sandbox = Sandbox::new();
    // Issued for localhost only; the URL names 127.0.0.1.
    let (listener, ca) = https_listener(&sandbox, &["localhost"]);
    let output = run(
        &sandbox,
        &[
            "trigger",
            "workspace.presence.changed",
            "--ca-cert",
            ca.to_str().unwrap(),
            "--url",
            &listener.url,
        ],
    );
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 3, "{stderr}");
    // Trusting its issuer would not help: the hint is the URL's name, or --insecure.
    assert!(
        stderr.contains("TLS certificate for another name")
            && stderr.contains(r#"certificate not valid for name "127.0.0.1""#)
            && stderr.contains("name a host the certificate is for in the URL")
            && stderr.contains("or pass --insecure to accept any certificate")
            && !stderr.contains("--ca-cert"),
        "{stderr}"
    );
    // The name it is for works.
    let localhost = listener.url.replace("127.0.0.1", "localhost");
    let output = run(
        &sandbox,
        &[
            "trigger",
            "workspace.presence.changed",
            "--ca-cert",
            ca.to_str().unwrap(),
            "--url",
            &localhost,
        ],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    // --insecure accepts it.
    let output = run(
        &sandbox,
        &[
            "trigger",
            "workspace.presence.changed",
            "--insecure",
            "--url",
            &listener.url,
        ],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
}

#[test]
fn trigger_check_and_resend_take_ca_cert() {
    let sandbox = Sandbox::new();
    let (listener, ca) = https_listener(&sandbox, &["127.0.0.1"]);
    let ca = ca.to_str().unwrap();

    let trigger = |extra: &[&str]| {
        let mut args = vec![
            "trigger",
            "workspace.presence.changed",
            "--url",
            &listener.url,
        ];
        args.extend_from_slice(extra);
        run(&sandbox, &args)
    };
    assert_points_at_the_flags(&trigger(&[]));
    let output = trigger(&["--ca-cert", ca]);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let stored_id = next_request(&listener)["event_id"]
        .as_str()
        .unwrap()
        .to_string();

    // The listener stored the triggered event: resend it.
    let output = run(&sandbox, &["events", "resend", &stored_id, &listener.url]);
    assert_points_at_the_flags(&output);
    let output = run(
        &sandbox,
        &[
            "events",
            "resend",
            &stored_id,
            &listener.url,
            "--ca-cert",
            ca,
        ],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    assert_eq!(next_request(&listener)["event_id"], stored_id.as_str());
    let garbage = sandbox.write("garbage.pem", "not PEM");
    let output = run(
        &sandbox,
        &[
            "events",
            "resend",
            &stored_id,
            &listener.url,
            "--ca-cert",
            garbage.to_str().unwrap(),
        ],
    );
    let stderr = text(&output.stderr);
    assert_eq!(code(&output), 2, "{stderr}");
    assert!(
        stderr.contains("garbage.pem holds no certificate"),
        "{stderr}"
    );

    let check = ["check", "--only", "accepts-signed-event", &listener.url];
    let output = run(&sandbox, &check);
    assert_points_at_the_flags(&output);
    assert!(
        text(&output.stdout).contains("to fix: pass --ca-cert FILE"),
        "{}",
        text(&output.stdout)
    );
    let output = run(&sandbox, &[&check[..], &["--ca-cert", ca]].concat());
    assert_eq!(code(&output), 0, "{}", text(&output.stdout));
}

#[test]
fn fetch_takes_ca_cert_for_an_https_api() {
    let sandbox = Sandbox::new();
    // The listener stands in for an https API: it answers any other path than its
    // webhook's 404, which is an answer, so the handshake succeeded.
    let (listener, ca) = https_listener(&sandbox, &["127.0.0.1"]);
    let api = listener.url.replace("/webhook", "/v1");
    let fetch = |extra: &[&str]| {
        let mut cmd = sandbox.cmd();
        cmd.env("ROOMZ_API_TOKEN", "rzt_tls_token")
            .args([
                "fetch",
                "--workspace",
                "w1",
                "--retries",
                "0",
                "--api-url",
                &api,
            ])
            .args(extra);
        cmd.output().unwrap()
    };
    assert_points_at_the_flags(&fetch(&[]));
    let output = fetch(&["--ca-cert", ca.to_str().unwrap()]);
    let stderr = text(&output.stderr);
    assert_eq!(
        code(&output),
        1,
        "an answer (404), not a network error: {stderr}"
    );
    assert!(stderr.contains("404"), "{stderr}");
}

#[test]
fn a_missing_or_malformed_ca_cert_is_exit_2_naming_the_file() {
    let sandbox = Sandbox::new();
    let garbage = sandbox.write("garbage.pem", "this is not a certificate\n");
    let key_only = sandbox.write(
        "key-only.pem",
        rcgen::KeyPair::generate().unwrap().serialize_pem(),
    );
    let broken = sandbox.write(
        "broken.pem",
        "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
    );
    let missing = sandbox.path("missing.pem");
    let url = "https://127.0.0.1:9/webhook";
    let stored = sandbox.write("e.json", event_body(ID1));
    let commands: [Vec<&str>; 4] = [
        vec!["replay", url, stored.to_str().unwrap()],
        vec!["trigger", "workspace.presence.changed", "--url", url],
        vec!["check", url],
        vec!["fetch", "--workspace", "w1", "--api-url", url],
    ];
    let cases = [
        (&garbage, "garbage.pem holds no certificate"),
        (&key_only, "key-only.pem holds no certificate"),
        (&broken, "broken.pem: certificate 1 of 1 is not usable"),
        (&missing, "--ca-cert: cannot read "),
    ];
    for command in &commands {
        for (file, message) in &cases {
            let mut args = command.clone();
            args.extend(["--ca-cert", file.to_str().unwrap()]);
            let mut cmd = sandbox.cmd();
            cmd.env("ROOMZ_API_TOKEN", "rzt_tls_token")
                .arg("--secret")
                .arg(SECRET)
                .args(&args);
            let output = cmd.output().unwrap();
            let stderr = text(&output.stderr);
            assert_eq!(code(&output), 2, "{args:?}: {stderr}");
            assert!(
                stderr.contains(message) && stderr.contains(file.to_str().unwrap()),
                "{args:?}: {stderr}"
            );
        }
    }
}

#[test]
fn listen_forwards_to_an_https_app_with_ca_cert_and_says_why_without() {
    let sandbox = Sandbox::new();
    let (app, ca) = https_listener(&sandbox, &["127.0.0.1"]);
    let secret = sandbox.secret_file(SECRET);
    let front = |store: &str, extra: &[&str]| {
        let mut args = vec![
            "--secret-file",
            secret.to_str().unwrap(),
            "--store",
            store,
            "--forward-to",
            &app.url,
        ];
        args.extend_from_slice(extra);
        RunningListener::start(&sandbox, &args)
    };
    let forwarded = |listener: &RunningListener| {
        let output = run(
            &sandbox,
            &[
                "trigger",
                "workspace.presence.changed",
                "--url",
                &listener.url,
            ],
        );
        assert_eq!(code(&output), 0, "{}", text(&output.stderr));
        std::iter::repeat_with(|| listener.next_line())
            .find(|line| line.get("forwarded").is_some())
            .unwrap()["forwarded"]
            .clone()
    };

    let trusting = front("trusting.db", &["--ca-cert", ca.to_str().unwrap()]);
    let through = forwarded(&trusting);
    assert_eq!(through["status"], 200, "{through}");
    assert_eq!(next_request(&app)["status"], 200);

    let untrusting = front("untrusting.db", &[]);
    let refused = forwarded(&untrusting);
    assert_eq!(refused["status"], serde_json::Value::Null, "{refused}");
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("TLS certificate rejected"),
        "{refused}"
    );
}

#[test]
fn simulate_delivers_to_an_https_target_with_ca_cert() {
    let sandbox = Sandbox::new();
    let (app, ca) = https_listener(&sandbox, &["127.0.0.1"]);
    let secret = sandbox.secret_file(SECRET);
    let token = sandbox.write("token.txt", "simulate-tls-token");
    let sim = RunningListener::start_command(
        &sandbox,
        &[
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
            &app.url,
            "--ca-cert",
            ca.to_str().unwrap(),
            "--every",
            "50ms",
            "--count",
            "1",
        ],
        |first| first["simulating"]["api_url"].as_str().map(str::to_string),
    );
    let delivery = std::iter::repeat_with(|| sim.next_line())
        .find(|line| line.get("delivery").is_some())
        .unwrap();
    assert_eq!(delivery["delivery"]["outcome"], "delivered", "{delivery}");
    assert_eq!(next_request(&app)["signature"], "valid");
}
