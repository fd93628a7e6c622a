//! Captures read from the committed fixtures and the reference vectors, checked against
//! their signatures, the exact error text for each malformed fixture, and inputs that
//! must never make a parser panic.

use super::*;
use crate::app::files::read_captures;
use crate::core::signature::{Key, Scheme};

const DEMO_SECRET: &[u8] = b"whsec_roomz_hook_demo";
const EXAMPLE_SECRET: &[u8] = b"whsec_example_secret";
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

/// A file under fixtures/; `vectors/NAME` is the shared reference vector.
fn fixture(relative: &str) -> PathBuf {
    match relative.strip_prefix("vectors") {
        Some(name) => crate::core::shared_vector(name.trim_start_matches('/')),
        None => Path::new(FIXTURES).join(relative),
    }
}

fn read(relative: &str) -> Vec<Capture> {
    let path = fixture(relative);
    read_captures(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn verifies(capture: &Capture, secret: &[u8]) -> bool {
    let Some((_, value)) = capture.signature_header() else {
        return false;
    };
    Key::new(secret)
        .verify(Scheme::ROOMZ, &capture.body, value)
        .is_valid()
}

/// The message of a fixture's error, with the fixtures directory cut off its front.
fn error_of(relative: &str) -> String {
    let error = read_captures(&fixture(relative)).unwrap_err();
    let text = error.to_string();
    text.strip_prefix(&format!("{FIXTURES}/"))
        .unwrap_or(&text)
        .to_string()
}

#[test]
fn reference_vectors_verify_and_the_tampered_one_does_not() {
    for name in [
        "capture-valid.http",
        "capture-valid.json",
        "capture-valid.har",
    ] {
        let captures = read(&format!("vectors/{name}"));
        assert_eq!(captures.len(), 1, "{name}");
        assert!(verifies(&captures[0], EXAMPLE_SECRET), "{name}");
        assert_eq!(captures[0].path, "/webhook");
    }
    let tampered = read("vectors/capture-tampered.http");
    assert!(tampered[0].signature_header().is_some());
    assert!(!verifies(&tampered[0], EXAMPLE_SECRET));
}

#[test]
fn every_capture_fixture_verifies_with_the_demo_secret() {
    let captures = read("captures");
    let sources: Vec<_> = captures
        .iter()
        .map(|c| c.source.strip_prefix(FIXTURES).unwrap_or(&c.source))
        .collect();
    // Directory order is file-name order; one file may hold several captures.
    let expected = [
        "/captures/chrome.curl",
        "/captures/chunked.http",
        "/captures/events.ndjson:2",
        "/captures/events.ndjson:3",
        "/captures/presence-lf.http",
        "/captures/presence.curl",
        "/captures/presence.http",
        "/captures/presence.json",
        "/captures/session.har#1",
        "/captures/session.har#3",
        "/captures/status-legacy.json",
    ];
    assert_eq!(sources, expected);
    for capture in &captures {
        assert!(verifies(capture, DEMO_SECRET), "{}", capture.source);
        assert_eq!(capture.method, "POST", "{}", capture.source);
        assert!(
            capture.body.starts_with(b"{\"id\":\""),
            "{}",
            capture.source
        );
    }
}

#[test]
fn each_format_gives_the_exact_body_bytes() {
    let body = |name: &str| read(&format!("captures/{name}")).remove(0).body;
    let end = |name: &str| body(name).last().copied();
    // Content-Length bodies do not take the editor's final newline of the LF file.
    assert_eq!(end("presence.http"), Some(b'}'));
    assert_eq!(end("presence-lf.http"), Some(b'}'));
    assert_eq!(body("chunked.http").len(), 225);
    assert!(!body("chunked.http").windows(2).any(|w| w == b"\r\n"));
    // Chrome's $'...' body: a JSON "\n" escape (backslash, n), a quote, a real final newline.
    let chrome = body("chrome.curl");
    let text = String::from_utf8(chrome).unwrap();
    assert!(
        text.contains(r#""note":"Room 'Atlas'\nfloor 2"}}"#),
        "{text}"
    );
    assert!(text.ends_with("}}\n"));
    let har = read("captures/session.har");
    assert_eq!(har[1].body.last(), Some(&b'\n'));
    assert_eq!(har[1].path, "/webhook?attempt=2");
}

#[test]
fn headers_are_found_case_insensitively_and_the_current_name_first() {
    let capture = read("captures/presence.http").remove(0);
    assert_eq!(capture.header("content-type"), Some("application/json"));
    assert_eq!(
        capture.signature_header().map(|(n, _)| n),
        Some("Roomz-Signature")
    );
    let legacy = read("captures/status-legacy.json").remove(0);
    assert_eq!(
        legacy.signature_header().map(|(n, _)| n),
        Some("X-Roomz-Signature")
    );
    assert_eq!(legacy.path, "/hooks/roomz");
    let chrome = read("captures/chrome.curl").remove(0);
    assert_eq!(chrome.path, "/webhook?source=devtools");
    assert_eq!(chrome.header("origin"), Some("http://localhost:3000"));
    assert_eq!(
        chrome.signature_header().map(|(n, _)| n),
        Some("roomz-signature")
    );
}

#[test]
fn detects_each_format_by_content() {
    let cases = [
        ("captures/presence.http", Format::RawHttp),
        ("captures/presence-lf.http", Format::RawHttp),
        ("captures/presence.json", Format::Json),
        ("captures/session.har", Format::Har),
        ("captures/events.ndjson", Format::Ndjson),
        ("captures/presence.curl", Format::Curl),
        ("captures/chrome.curl", Format::Curl),
        ("malformed/bad-request-line.http", Format::RawHttp),
        ("malformed/broken.json", Format::Json),
        ("malformed/broken-line.ndjson", Format::Ndjson),
    ];
    for (name, format) in cases {
        let bytes = std::fs::read(fixture(name)).unwrap();
        assert_eq!(detect(&bytes), Some(format), "{name}");
    }
    for text in [
        "",
        "hello",
        "GET /",
        "[1,2]",
        "curly braces",
        "\u{1}POST / HTTP/1.1",
    ] {
        assert_eq!(detect(text.as_bytes()), None, "{text:?}");
    }
}

#[test]
fn malformed_fixtures_say_what_and_where() {
    let cases = [
        (
            "bad-request-line.http",
            "malformed/bad-request-line.http:1: malformed raw HTTP capture: invalid request line \
             'POST /web hook HTTP/1.1': expected 'METHOD /path HTTP/1.1'",
        ),
        (
            "bad-header.http",
            "malformed/bad-header.http:3: malformed raw HTTP capture: invalid header line \
             'Content-Type application/json': expected 'Name: value'",
        ),
        (
            "short-body.http",
            "malformed/short-body.http:4: malformed raw HTTP capture: Content-Length is 300 \
             but only 225 bytes of body follow the headers",
        ),
        (
            "bad-chunk.http",
            "malformed/bad-chunk.http:8: malformed raw HTTP capture: chunk of 183 bytes (0xb7) \
             is not followed by a line end: the size does not match the data",
        ),
        (
            "broken.json",
            "malformed/broken.json:4: malformed JSON capture: invalid JSON at line 4, column 3: \
             expected `,` or `}`",
        ),
        (
            "no-post.har",
            "malformed/no-post.har: malformed HAR capture: no POST entries (the log has 2 entries)",
        ),
        (
            "broken-line.ndjson",
            "malformed/broken-line.ndjson:2: malformed NDJSON capture: invalid JSON at column 58: \
             EOF while parsing a string",
        ),
        (
            "no-url.curl",
            "malformed/no-url.curl: malformed curl capture: no URL in the curl command",
        ),
    ];
    for (name, expected) in cases {
        assert_eq!(error_of(&format!("malformed/{name}")), expected);
    }
}

#[test]
fn a_byte_order_mark_is_not_content() {
    for name in [
        "presence.json",
        "presence.curl",
        "events.ndjson",
        "presence.http",
    ] {
        let bytes = std::fs::read(fixture(&format!("captures/{name}"))).unwrap();
        let plain = parse(name, &bytes, DataFiles::NONE).unwrap();
        let marked = parse(name, &[BOM, &bytes[..]].concat(), DataFiles::NONE).unwrap();
        assert_eq!(plain, marked, "{name}");
    }
}

#[test]
fn a_capture_without_signature_is_still_a_capture() {
    let capture = read("malformed/no-signature.http").remove(0);
    assert_eq!(capture.signature_header(), None);
    assert_eq!(capture.body.len(), 225);
}

#[test]
fn directories_skip_hidden_files_and_empty_ones_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let error = read_captures(dir.path()).unwrap_err();
    assert!(
        matches!(error, CaptureError::EmptyDirectory { .. }),
        "{error}"
    );
    assert!(error
        .to_string()
        .ends_with(": the directory holds no capture files"));
    std::fs::write(dir.path().join(".hidden"), b"garbage").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("b.http"), b"POST /b HTTP/1.1\n\nB").unwrap();
    std::fs::write(dir.path().join("a.http"), b"POST /a HTTP/1.1\n\nA").unwrap();
    let paths: Vec<_> = read_captures(dir.path())
        .unwrap()
        .into_iter()
        .map(|c| c.path)
        .collect();
    assert_eq!(paths, ["/a", "/b"]);
    std::fs::write(dir.path().join("c.txt"), b"hello").unwrap();
    let error = read_captures(dir.path()).unwrap_err().to_string();
    assert!(error.ends_with("c.txt: not a capture: expected raw HTTP, JSON, HAR, NDJSON or curl"));
    let missing = read_captures(&dir.path().join("nope"))
        .unwrap_err()
        .to_string();
    assert!(
        missing.starts_with("cannot read ") && missing.contains("nope: "),
        "{missing}"
    );
}

#[test]
fn urls_become_path_and_query() {
    let cases = [
        ("https://h.example:8443/a/b?x=1#frag", "/a/b?x=1"),
        ("http://h", "/"),
        ("h:8080?q", "/?q"),
        ("localhost:8080/webhook", "/webhook"),
        ("/already?a=http://x", "/already?a=http://x"),
        ("", "/"),
    ];
    for (url, path) in cases {
        assert_eq!(url_path(url), path, "{url}");
    }
}

/// A small deterministic generator: no `rand` needed to shake the parsers.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Feeds every parser garbage, every truncation of every fixture, and single-byte
/// mutations (invalid UTF-8 included): any result is fine, a panic is not.
#[test]
fn never_panics_on_broken_input() {
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let formats = [
        Format::RawHttp,
        Format::Json,
        Format::Har,
        Format::Ndjson,
        Format::Curl,
    ];
    let shake = |bytes: &[u8]| {
        let _ = parse("x", bytes, DataFiles::NONE);
        for format in formats {
            let _ = parse_as(format, "x", bytes, DataFiles::NONE);
        }
    };
    let mut seeds: Vec<Vec<u8>> = Vec::new();
    for dir in ["captures", "malformed", "vectors"] {
        for entry in std::fs::read_dir(fixture(dir)).unwrap() {
            seeds.push(std::fs::read(entry.unwrap().path()).unwrap());
        }
    }
    for seed in &seeds {
        // Every cut of the start (where the heads are), then a sample of the rest.
        let step = (seed.len() / 200).max(1);
        let cuts = (0..seed.len().min(400)).chain((400..=seed.len()).step_by(step));
        for cut in cuts {
            shake(&seed[..cut]);
        }
        for _ in 0..50 {
            let mut mutated = seed.clone();
            let at = (rng.next() as usize) % mutated.len().max(1);
            if let Some(byte) = mutated.get_mut(at) {
                *byte = rng.next() as u8;
            }
            shake(&mutated);
        }
    }
    let prefixes: [&[u8]; 6] = [
        b"",
        b"POST / HTTP/1.1\r\n",
        b"{",
        b"curl ",
        b"$'",
        b"{\"log\":",
    ];
    for _ in 0..1000 {
        let len = (rng.next() % 64) as usize;
        let noise: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let prefix = prefixes[(rng.next() % 6) as usize];
        shake(&[prefix, &noise[..]].concat());
    }
}
