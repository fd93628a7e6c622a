//! The inspector's JSON API and event stream (CONTRACT 4.8, docs/inspector.md) over real
//! sockets, from outside: the real binary, raw HTTP/1.1 requests (so that Host, Origin
//! and every header are exactly what a test says), a real SQLite store, and a real sink
//! for resends.

mod common;

use common::sink::Sink;
use common::{event_body, post, signature_of, RunningListener, Sandbox};
use serde_json::Value;
use std::io::{Read, Write};
use std::time::Duration;

const SECRET: &str = "whsec_inspector_test_secret";
const ID1: &str = "6a1e8c1e-5d0f-4d1c-9a43-3f0b2f7c0a01";
const ID2: &str = "6a1e8c1e-5d0f-4d1c-9a43-3f0b2f7c0a02";

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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

fn token(listener: &RunningListener) -> String {
    listener.first["ui_token"]
        .as_str()
        .expect("ui_token in the listening line")
        .to_string()
}

fn signed(id: &str) -> Vec<u8> {
    let body = event_body(id);
    post(
        "/webhook",
        &[("Roomz-Signature", &signature_of(SECRET, body.as_bytes()))],
        body.as_bytes(),
    )
}

/// An answer read whole from a raw exchange.
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn error(&self) -> String {
        self.json()["error"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

/// Sends `method path` with `headers` (a `Host` of the listener's own address unless
/// one is given) and `body`, and reads the answer to the end.
fn call(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(40)))
        .unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no answer head: {}", String::from_utf8_lossy(&answer)));
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let status = head[9..12].parse().unwrap();
    Answer {
        status,
        head,
        body: answer[split + 4..].to_vec(),
    }
}

fn get(addr: &str, path: &str) -> Answer {
    call(addr, "GET", path, &[], b"")
}

/// A viewer of `/_/api/stream`, through reqwest (which decodes the chunked body).
struct Viewer {
    runtime: tokio::runtime::Runtime,
    response: reqwest::Response,
    text: String,
}

impl Viewer {
    fn open(addr: &str) -> Viewer {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let response = runtime
            .block_on(reqwest::get(format!("http://{addr}/_/api/stream")))
            .expect("the stream opens");
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["content-type"],
            "text/event-stream; charset=utf-8"
        );
        let mut viewer = Viewer {
            runtime,
            response,
            text: String::new(),
        };
        viewer.wait_for_text(": connected");
        viewer
    }

    fn read_more(&mut self) -> bool {
        let chunk = self.runtime.block_on(async {
            tokio::time::timeout(Duration::from_secs(20), self.response.chunk()).await
        });
        match chunk {
            Ok(Ok(Some(bytes))) => {
                self.text.push_str(&String::from_utf8_lossy(&bytes));
                true
            }
            _ => false,
        }
    }

    fn wait_for_text(&mut self, wanted: &str) {
        while !self.text.contains(wanted) {
            assert!(
                self.read_more(),
                "stream ended without {wanted:?}: {}",
                self.text
            );
        }
    }

    /// The next event (comments skipped): its name and its data.
    fn next_event(&mut self) -> (String, String) {
        loop {
            while !self.text.contains("\n\n") {
                assert!(self.read_more(), "stream ended: {}", self.text);
            }
            let end = self.text.find("\n\n").unwrap();
            let block: String = self.text.drain(..end + 2).collect();
            let (mut name, mut data) = (None, String::new());
            for line in block.lines() {
                if let Some(value) = line.strip_prefix("event: ") {
                    name = Some(value.to_string());
                } else if let Some(value) = line.strip_prefix("data: ") {
                    data.push_str(value);
                }
            }
            if let Some(name) = name {
                return (name, data);
            }
        }
    }

    /// Whether the server ended the stream (within 20 s).
    fn ended(&mut self) -> bool {
        let chunk = self.runtime.block_on(async {
            tokio::time::timeout(Duration::from_secs(20), async {
                loop {
                    match self.response.chunk().await {
                        Ok(Some(_)) => continue,
                        other => return other.is_ok(),
                    }
                }
            })
            .await
        });
        chunk.unwrap_or(false)
    }
}

#[test]
fn page_and_files_carry_a_strict_csp_and_nosniff() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let addr = &listener.addr;
    assert_eq!(listener.first["ui"], format!("http://{addr}/"));
    listener.wait_for_stderr(&format!("inspect at http://{addr}/"));
    for (path, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/_/", "text/html; charset=utf-8"),
        ("/_/app.js", "text/javascript; charset=utf-8"),
        ("/_/app.css", "text/css; charset=utf-8"),
        ("/_/favicon.svg", "image/svg+xml"),
        ("/_/api/requests", "application/json"),
        ("/_/api/nothing-here", "application/json"),
    ] {
        let answer = get(addr, path);
        assert_eq!(answer.header("content-type"), Some(content_type), "{path}");
        assert_eq!(
            answer.header("content-security-policy"),
            Some(CSP),
            "{path}"
        );
        assert_eq!(
            answer.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(answer.header("x-frame-options"), Some("DENY"), "{path}");
    }
    let page = String::from_utf8(get(addr, "/").body).unwrap();
    assert!(page.contains(&format!(
        "<meta name=\"roomz-hook-token\" content=\"{}\">",
        token(&listener)
    )));
    // No inline script, nothing from another origin.
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("<script src=\"/_/app.js\" defer></script>"));
    assert!(!page.contains("http://") && !page.contains("https://"));
    assert!(!regex_like_event_handler(&page), "an inline on*= handler");
    let script = String::from_utf8(get(addr, "/_/app.js").body).unwrap();
    assert!(
        !script.contains("innerHTML") && !script.contains("insertAdjacentHTML"),
        "untrusted text only as text nodes"
    );
    assert_eq!(get(addr, "/_").status, 308);
}

/// Whether `html` holds an attribute such as ` onclick=`.
fn regex_like_event_handler(html: &str) -> bool {
    html.split(" on").skip(1).any(|rest| {
        let name: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
        !name.is_empty() && rest[name.len()..].starts_with('=')
    })
}

#[test]
fn inspector_requests_are_not_stored_counted_or_printed() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &["--count", "1"]);
    let addr = listener.addr.clone();
    for path in [
        "/",
        "/_/",
        "/_/app.js",
        "/_/api/requests",
        "/_/api/requests/1",
        "/_/x",
    ] {
        get(&addr, path);
    }
    call(&addr, "POST", "/_/api/requests/1/resend", &[], b"{}");
    let mut viewer = Viewer::open(&addr);
    // --count 1 is still waiting: the inspector's requests did not count.
    assert_eq!(listener.send(&signed(ID1)).0, 200);
    let (name, data) = viewer.next_event();
    assert_eq!(name, "request");
    let streamed: Value = serde_json::from_str(&data).unwrap();
    assert_eq!(
        streamed["seq"], 1,
        "the first stored row: nothing else was stored"
    );
    let (code, lines) = listener.wait();
    assert_eq!(code, Some(0));
    let printed: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(printed.len(), 2, "the request and the summary: {lines:?}");
    assert_eq!(printed[0]["event_id"], ID1);
    assert_eq!(printed[1]["summary"]["received"], 1);
    assert!(viewer.ended(), "the stream ends when the listener stops");
    let export = sandbox
        .cmd()
        .args(["events", "export", "--store"])
        .arg(sandbox.path("events.db"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(export.stdout).unwrap().lines().count(), 1);
}

#[test]
fn list_and_record_are_the_ndjson_records_newest_first() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let addr = listener.addr.clone();
    let forged = post(
        "/webhook",
        &[(
            "Roomz-Signature",
            &signature_of("whsec_other", event_body(ID2).as_bytes()),
        )],
        event_body(ID2).as_bytes(),
    );
    assert_eq!(listener.send(&signed(ID1)).0, 200);
    assert_eq!(listener.send(&forged).0, 401);
    assert_eq!(listener.send(&post("/webhook", &[], b"\xff\xfe{")).0, 400);
    let lines: Vec<Value> = (0..3).map(|_| listener.next_line()).collect();

    let list = get(&addr, "/_/api/requests?limit=2").json();
    let requests = list["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        (requests[0]["seq"].as_i64(), requests[1]["seq"].as_i64()),
        (Some(3), Some(2))
    );
    for (listed, line) in requests.iter().zip([&lines[2], &lines[1]]) {
        let mut without_body = line.clone();
        without_body.as_object_mut().unwrap().remove("body_base64");
        without_body.as_object_mut().unwrap().remove("body");
        assert_eq!(listed, &without_body, "the NDJSON record without its body");
    }
    let older = get(&addr, "/_/api/requests?limit=2&before=2").json();
    assert_eq!(older["requests"].as_array().unwrap().len(), 1);
    assert_eq!(older["requests"][0]["event_id"], ID1);

    let one = get(&addr, "/_/api/requests/1").json();
    for (name, value) in lines[0].as_object().unwrap() {
        assert_eq!(&one[name], value, "field {name} of the record");
    }
    assert_eq!(one["verification"]["valid"], true);
    let forged = get(&addr, "/_/api/requests/2").json();
    assert_eq!(forged["signature"], "invalid");
    assert_eq!(forged["verification"]["valid"], false);
    assert_eq!(
        forged["verification"]["hint"],
        "wrong secret or body changed in transit"
    );
    let bytes = get(&addr, "/_/api/requests/3").json();
    assert_eq!(bytes["body_base64"], "//57");
    assert!(bytes.get("body").is_none(), "not UTF-8: base64 only");
    assert!(bytes["verification"]["hint"]
        .as_str()
        .unwrap()
        .starts_with("no signature header"));
}

#[test]
fn malformed_api_input_gets_a_precise_error() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let addr = listener.addr.clone();
    assert_eq!(listener.send(&signed(ID1)).0, 200);
    let token = token(&listener);
    let cases: [(&str, &str, &[u8], u16, &str); 10] = [
        ("GET", "/_/api/requests?limit=0", b"", 400, "limit must be a whole number from 1 to 1000: got \"0\""),
        ("GET", "/_/api/requests?limit=many", b"", 400, "limit must be a whole number from 1 to 1000: got \"many\""),
        ("GET", "/_/api/requests?before=x", b"", 400, "before must be a store row number (\"seq\"): got \"x\""),
        ("GET", "/_/api/requests/abc", b"", 400, "\"abc\" is not a store row number (the records' \"seq\")"),
        ("GET", "/_/api/requests/99", b"", 404, "no request #99 in the event store"),
        ("GET", "/_/api/requests/1/capture?format=pdf", b"", 400, "format must be http, json, har or curl: got \"pdf\""),
        ("POST", "/_/api/requests", b"", 405, "method not allowed here: use GET, HEAD"),
        ("GET", "/_/api/requests/1/resend", b"", 405, "method not allowed here: use POST"),
        ("POST", "/_/api/requests/1/resend", b"[1]", 400, "the resend request's body must be a JSON object: {} for the --forward-to target, or {\"url\": URL}"),
        ("POST", "/_/api/requests/1/resend", b"{}", 400, "no target: this listener has no --forward-to; send {\"url\": URL}"),
    ];
    for (method, path, body, status, message) in cases {
        let answer = call(&addr, method, path, &[("X-Roomz-Hook-Token", &token)], body);
        assert_eq!(
            (answer.status, answer.error()),
            (status, message.to_string()),
            "{method} {path}"
        );
    }
    let bad_url = call(
        &addr,
        "POST",
        "/_/api/requests/1/resend",
        &[("X-Roomz-Hook-Token", &token)],
        br#"{"url":"ftp://x"}"#,
    );
    assert_eq!(bad_url.status, 400);
    assert!(bad_url.error().contains("ftp"), "{}", bad_url.error());
    assert_eq!(get(&addr, "/_/nothing").status, 404);
}

#[test]
fn stream_sends_each_request_as_it_is_answered() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let mut viewer = Viewer::open(&listener.addr);
    let mut second = Viewer::open(&listener.addr);
    assert_eq!(listener.send(&signed(ID1)).0, 200);
    assert_eq!(listener.send(&post("/elsewhere", &[], b"{}")).0, 404);
    let printed = listener.next_line();
    let (name, data) = viewer.next_event();
    assert_eq!(name, "request");
    assert_eq!(
        serde_json::from_str::<Value>(&data).unwrap(),
        printed,
        "the NDJSON record"
    );
    assert_eq!(second.next_event().1, data, "every viewer gets it");
    let (_, other) = viewer.next_event();
    let other: Value = serde_json::from_str(&other).unwrap();
    assert_eq!(
        (other["path"].as_str(), other["status"].as_u64()),
        (Some("/elsewhere"), Some(404))
    );
}

#[test]
fn actions_need_the_token_and_the_listeners_own_origin() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let listener = start(&sandbox, &[]);
    let addr = listener.addr.clone();
    assert_eq!(listener.send(&signed(ID1)).0, 200);
    let token = token(&listener);
    let own = format!("http://{addr}");
    let target = format!(r#"{{"url":"{}"}}"#, sink.url);
    let resend = |headers: &[(&str, &str)]| {
        call(
            &addr,
            "POST",
            "/_/api/requests/1/resend",
            headers,
            target.as_bytes(),
        )
    };
    let refused = [
        (vec![], "refused: actions need the page's token"),
        (
            vec![("X-Roomz-Hook-Token", "guess")],
            "refused: actions need the page's token",
        ),
        (
            vec![
                ("X-Roomz-Hook-Token", token.as_str()),
                ("Origin", "http://evil.example"),
            ],
            "refused: Origin \"http://evil.example\" is not this listener's own",
        ),
        (
            vec![("X-Roomz-Hook-Token", token.as_str()), ("Origin", "null")],
            "refused: Origin \"null\" is not this listener's own",
        ),
        (
            vec![
                ("X-Roomz-Hook-Token", token.as_str()),
                ("Sec-Fetch-Site", "cross-site"),
            ],
            "refused: a request from another site (Sec-Fetch-Site: cross-site)",
        ),
        (
            // Another port of the same host is another origin of the same site.
            vec![
                ("X-Roomz-Hook-Token", token.as_str()),
                ("Sec-Fetch-Site", "same-site"),
            ],
            "refused: a request from another site (Sec-Fetch-Site: same-site)",
        ),
        (
            vec![
                ("X-Roomz-Hook-Token", token.as_str()),
                ("Host", "rebound.example:80"),
            ],
            "the inspector answers only to loopback names, not Host \"rebound.example:80\"",
        ),
    ];
    for (headers, message) in refused {
        let answer = resend(&headers);
        assert_eq!(answer.status, 403, "{headers:?}");
        assert!(
            answer.error().starts_with(message),
            "{headers:?}: {}",
            answer.error()
        );
    }
    // Reads are refused the same way for a foreign Origin or Host.
    let foreign = call(
        &addr,
        "GET",
        "/_/api/requests/1",
        &[("Origin", "http://evil.example")],
        b"",
    );
    assert_eq!(foreign.status, 403);
    let rebound = call(&addr, "GET", "/", &[("Host", "rebound.example")], b"");
    assert_eq!(rebound.status, 403);
    assert_eq!(sink.received().len(), 0, "nothing was resent");

    let answer = resend(&[
        ("X-Roomz-Hook-Token", token.as_str()),
        ("Origin", own.as_str()),
    ]);
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let result = answer.json();
    assert_eq!(result["delivered"], true);
    assert_eq!(result["status"], 200);
    assert_eq!(result["attempts"], 1);
    assert_eq!(result["url"], sink.url);
    let received = sink.wait_for(1);
    assert_eq!(
        received[0].body,
        event_body(ID1).as_bytes(),
        "the exact stored bytes"
    );
    assert_eq!(
        received[0].header("roomz-signature"),
        Some(signature_of(SECRET, event_body(ID1).as_bytes()).as_str())
    );
    // Works the same from localhost, the other loopback name.
    let port = addr.rsplit(':').next().unwrap();
    let localhost = format!("localhost:{port}");
    let answer = call(
        &addr,
        "POST",
        "/_/api/requests/1/resend",
        &[
            ("Host", &localhost),
            ("Origin", &format!("http://{localhost}")),
            ("X-Roomz-Hook-Token", &token),
        ],
        target.as_bytes(),
    );
    assert_eq!(answer.status, 200);
}

#[test]
fn resend_goes_to_forward_to_by_default_and_reaches_the_stream() {
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let listener = start(&sandbox, &["--forward-to", &sink.url]);
    let addr = listener.addr.clone();
    let mut viewer = Viewer::open(&addr);
    assert_eq!(listener.send(&signed(ID1)).0, 200);
    sink.wait_for(1);
    let mut seen = Vec::new();
    while seen.len() < 2 {
        seen.push(viewer.next_event());
    }
    let names: Vec<&str> = seen.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["request", "forwarded"]);
    let forwarded: Value = serde_json::from_str(&seen[1].1).unwrap();
    assert_eq!(
        (forwarded["seq"].as_i64(), forwarded["status"].as_u64()),
        (Some(1), Some(200))
    );

    let answer = call(
        &addr,
        "POST",
        "/_/api/requests/1/resend",
        &[("X-Roomz-Hook-Token", &token(&listener))],
        b"{}",
    );
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["url"], sink.url);
    assert_eq!(sink.wait_for(2).len(), 2);
    let (name, data) = viewer.next_event();
    assert_eq!(name, "resent");
    assert_eq!(serde_json::from_str::<Value>(&data).unwrap(), answer.json());
    assert_eq!(
        get(&addr, "/_/api/requests/1").json()["forward_status"],
        200
    );
}

#[test]
fn downloads_are_captures_that_verify() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let addr = listener.addr.clone();
    assert_eq!(listener.send(&signed(ID1)).0, 200);
    let forged = post(
        "/webhook",
        &[("Roomz-Signature", "AAAA")],
        event_body(ID2).as_bytes(),
    );
    assert_eq!(listener.send(&forged).0, 401);
    let secret = sandbox.path("secret.txt");
    for format in ["http", "json", "har", "curl"] {
        for (seq, verifies) in [(1, true), (2, format == "curl")] {
            let answer = get(
                &addr,
                &format!("/_/api/requests/{seq}/capture?format={format}"),
            );
            assert_eq!(answer.status, 200);
            let disposition = answer.header("content-disposition").unwrap();
            assert!(
                disposition.starts_with("attachment; filename=\"request-"),
                "{disposition}"
            );
            let file = sandbox.write(&format!("download-{seq}.{format}"), &answer.body);
            let verify = sandbox
                .cmd()
                .args(["verify", "--json", "--secret-file"])
                .arg(&secret)
                .arg(&file)
                .output()
                .unwrap();
            let report: Value = serde_json::from_slice(&verify.stdout)
                .unwrap_or_else(|_| panic!("{format}: {verify:?}"));
            // The curl command is signed anew with the listener's secret.
            assert_eq!(
                report["results"][0]["valid"], verifies,
                "#{seq} as {format}: {report}"
            );
            assert_eq!(verify.status.code(), Some(if verifies { 0 } else { 1 }));
        }
    }
}

#[test]
fn a_viewer_that_does_not_read_never_holds_the_listener_up() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &["--max-body", "64KiB", "--quiet"]);
    let addr = listener.addr.clone();
    // Opens the stream and reads nothing for now: its socket fills, then the broadcast.
    let mut stalled = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        stalled,
        "GET /_/api/stream HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let mut first = [0u8; 12];
    stalled.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    let padding = "x".repeat(24 * 1024);
    for n in 0..1500 {
        let body = format!(r#"{{"id":"{ID1}","n":{n},"pad":"{padding}"}}"#);
        let request = post(
            "/webhook",
            &[("Roomz-Signature", &signature_of(SECRET, body.as_bytes()))],
            body.as_bytes(),
        );
        assert_eq!(listener.send(&request).0, 200, "request {n}");
    }
    // Reading now, the viewer is told it missed some (and the page refetches the list).
    stalled
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut seen = Vec::new();
    let mut buffer = vec![0u8; 1 << 20];
    while !String::from_utf8_lossy(&seen).contains("event: lagged") {
        let n = stalled.read(&mut buffer).expect("the stream goes on");
        assert!(n > 0, "the stream ended without event: lagged");
        seen.extend_from_slice(&buffer[..n]);
    }
}

#[test]
fn ui_flags_turn_the_page_off_and_on() {
    let sandbox = Sandbox::new();
    let off = start(&sandbox, &["--no-ui"]);
    assert!(off.first.get("ui_token").is_none(), "{}", off.first);
    assert_eq!(get(&off.addr, "/").status, 404, "an ordinary path");
    assert_eq!(get(&off.addr, "/_/api/requests").status, 404);
    let (_, lines) = off.stop();
    let printed: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        printed.last().unwrap()["summary"]["received"],
        2,
        "webhook requests now"
    );

    // --path / leaves the page at /_/ only.
    let sandbox = Sandbox::new();
    let root = start(&sandbox, &["--path", "/"]);
    assert_eq!(root.first["ui"], format!("http://{}/_/", root.addr));
    assert_eq!(
        get(&root.addr, "/").status,
        405,
        "the webhook path: ROOMZ POSTs"
    );
    assert_eq!(get(&root.addr, "/_/").status, 200);

    // --ui serves other Host names (the network), still with the Origin rule.
    let sandbox = Sandbox::new();
    let open = start(&sandbox, &["--ui"]);
    let named = call(&open.addr, "GET", "/", &[("Host", "devbox.lan:8080")], b"");
    assert_eq!(named.status, 200);
    let foreign = call(
        &open.addr,
        "GET",
        "/_/api/requests",
        &[
            ("Host", "devbox.lan:8080"),
            ("Origin", "http://evil.example"),
        ],
        b"",
    );
    assert_eq!(foreign.status, 403);

    let both = Sandbox::new()
        .cmd()
        .args(["listen", "--ui", "--no-ui"])
        .output()
        .unwrap();
    assert_eq!(both.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&both.stderr).contains("cannot be used with"));
}

/// The page signs with the secret the listener uses now: after listen picked up a
/// rewritten `--secret-file`, a copy-as-curl download verifies with the new secret only.
#[test]
fn the_page_signs_with_the_secret_listen_moved_to() {
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let newer = "whsec_inspector_newer_secret";
    std::fs::write(sandbox.path("secret.txt"), newer).unwrap();
    let body = event_body(ID1);
    let request = post(
        "/webhook",
        &[("Roomz-Signature", &signature_of(newer, body.as_bytes()))],
        body.as_bytes(),
    );
    assert_eq!(listener.send(&request).0, 200, "picked up");
    listener.wait_for_stderr("using the new one");

    let answer = get(&listener.addr, "/_/api/requests/1/capture?format=curl");
    assert_eq!(answer.status, 200);
    let file = sandbox.write("download.curl", &answer.body);
    for (secret, valid) in [(newer, true), (SECRET, false)] {
        let verify = sandbox
            .cmd()
            .args(["verify", "--json", "--secret", secret])
            .arg(&file)
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&verify.stdout).unwrap();
        assert_eq!(report["results"][0]["valid"], valid, "{report}");
    }
}
