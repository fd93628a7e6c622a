//! Property tests of the parsers that read untrusted input: captures in every format (raw
//! HTTP heads and bodies, JSON, HAR, NDJSON, curl command lines) and event inspection.
//! Inputs are built well-formed from generated parts, then cut or mutated; every case
//! asserts that nothing panics and that an error says where: the file, and its line,
//! entry or field where the format has them. Well-formed inputs must keep their exact
//! body bytes. Case counts are set so that the file runs in a few seconds in debug.

use proptest::prelude::*;
use roomz_hook::core::capture::{parse, parse_as, CaptureError, DataFiles, Format};
use roomz_hook::core::event::{inspect, InspectError};

const SOURCE: &str = "cap.in";

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // A failing case is shrunk, but not for minutes.
        max_shrink_iters: 2000,
        ..ProptestConfig::default()
    }
}

/// What a capture error must carry: the input's name, and for a format error a message.
fn assert_locates(error: &CaptureError) {
    let text = error.to_string();
    assert!(!text.is_empty());
    let location = match error {
        CaptureError::Malformed {
            location, message, ..
        } => {
            assert!(!message.is_empty(), "{text}");
            location
        }
        CaptureError::NotACapture { location } => location,
        CaptureError::DataFile { location, .. } => location,
        CaptureError::TooLarge { location, .. } => location,
        other => panic!("a parser gave an error that reads no input: {other}"),
    };
    assert!(
        location.starts_with(SOURCE),
        "the error names no file: {text}"
    );
    let rest = &location[SOURCE.len()..];
    let where_ok = rest.is_empty()
        || rest
            .strip_prefix(':')
            .or_else(|| rest.strip_prefix('#'))
            .is_some_and(|n| n.parse::<usize>().is_ok_and(|n| n >= 1));
    assert!(where_ok, "not file, file:LINE or file#ENTRY: {location}");
}

/// Parses `bytes` with detection and as every format: no panic, and every error locates.
fn shake(bytes: &[u8]) {
    if let Err(error) = parse(SOURCE, bytes, DataFiles::NONE) {
        assert_locates(&error);
    }
    for format in [
        Format::RawHttp,
        Format::Json,
        Format::Har,
        Format::Ndjson,
        Format::Curl,
    ] {
        if let Err(error) = parse_as(format, SOURCE, bytes, DataFiles::NONE) {
            assert_locates(&error);
        }
    }
}

fn token() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9-]{0,15}"
}

fn header_value() -> impl Strategy<Value = String> {
    "[ -~]{0,40}".prop_map(|v| v.trim().to_string())
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((token(), header_value()), 0..6).prop_map(|headers| {
        headers
            .into_iter()
            .filter(|(n, _)| {
                !n.eq_ignore_ascii_case("content-length")
                    && !n.eq_ignore_ascii_case("transfer-encoding")
            })
            .collect()
    })
}

fn path() -> impl Strategy<Value = String> {
    "/[A-Za-z0-9/_.?=&-]{0,30}"
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..200)
}

/// A raw HTTP/1.1 request with a Content-Length body.
fn raw_http(
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: &[u8],
    crlf: bool,
) -> Vec<u8> {
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut head = format!("{method} {path} HTTP/1.1{eol}Host: h{eol}");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}{eol}"));
    }
    head.push_str(&format!("Content-Length: {}{eol}{eol}", body.len()));
    [head.as_bytes(), body].concat()
}

/// One edit of `bytes`: a cut, a byte changed, a byte inserted or removed.
#[derive(Debug, Clone)]
enum Edit {
    Cut(usize),
    Set(usize, u8),
    Insert(usize, u8),
    Remove(usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        any::<usize>().prop_map(Edit::Cut),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        (
            any::<usize>(),
            prop::sample::select(&b"\r\n:{}\"\\ @'$-0"[..])
        )
            .prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Remove),
    ];
    prop::collection::vec(edit, 1..4)
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let len = bytes.len();
        match *edit {
            Edit::Cut(i) => bytes.truncate(i % (len + 1)),
            Edit::Set(i, b) if len > 0 => bytes[i % len] = b,
            Edit::Insert(i, b) => bytes.insert(i % (len + 1), b),
            Edit::Remove(i) if len > 0 => {
                bytes.remove(i % len);
            }
            _ => {}
        }
    }
    bytes
}

fn json_capture(path: &str, headers: &[(String, String)], body: &[u8]) -> serde_json::Value {
    use base64::Engine as _;
    let headers: serde_json::Map<String, serde_json::Value> = headers
        .iter()
        .map(|(n, v)| (n.clone(), serde_json::Value::String(v.clone())))
        .collect();
    serde_json::json!({
        "method": "POST",
        "path": path,
        "headers": headers,
        "body_base64": base64::engine::general_purpose::STANDARD.encode(body),
    })
}

/// A word quoted for a POSIX shell, as `sign --curl` and browsers write them.
fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// Starts that lead each parser past its first checks.
const PREFIXES: &[&[u8]] = &[
    b"",
    b"POST / HTTP/1.1\r\n",
    b"{",
    b"curl ",
    b"$'",
    b"{\"log\":",
    b"GET /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
];

proptest! {
    #![proptest_config(config(600))]

    #[test]
    fn raw_http_keeps_its_exact_body_and_survives_any_edit(
        method in prop::sample::select(&["POST", "PUT", "GET", "PATCH"][..]),
        path in path(),
        headers in headers(),
        body in body(),
        crlf in any::<bool>(),
        edits in edits(),
    ) {
        let request = raw_http(method, &path, &headers, &body, crlf);
        let captures = parse_as(Format::RawHttp, SOURCE, &request, DataFiles::NONE)
            .unwrap_or_else(|e| panic!("a well-formed request was refused: {e}"));
        prop_assert_eq!(&captures[0].body, &body);
        prop_assert_eq!(&captures[0].method, method);
        prop_assert_eq!(&captures[0].path, &path);
        shake(&apply(request, &edits));
    }

    #[test]
    fn json_captures_keep_their_exact_body_and_survive_any_edit(
        path in path(),
        headers in headers(),
        body in body(),
        edits in edits(),
    ) {
        let text = json_capture(&path, &headers, &body).to_string();
        let captures = parse_as(Format::Json, SOURCE, text.as_bytes(), DataFiles::NONE)
            .unwrap_or_else(|e| panic!("a well-formed JSON capture was refused: {e}"));
        prop_assert_eq!(&captures[0].body, &body);
        shake(&apply(text.into_bytes(), &edits));
    }

    #[test]
    fn ndjson_errors_name_their_line(
        bodies in prop::collection::vec(body(), 1..6),
        broken in any::<prop::sample::Index>(),
        edits in edits(),
    ) {
        let mut lines: Vec<String> = bodies
            .iter()
            .map(|b| json_capture("/webhook", &[], b).to_string())
            .collect();
        let all = lines.join("\n");
        let captures = parse_as(Format::Ndjson, SOURCE, all.as_bytes(), DataFiles::NONE)
            .unwrap_or_else(|e| panic!("well-formed NDJSON was refused: {e}"));
        prop_assert_eq!(captures.len(), bodies.len());
        for (capture, body) in captures.iter().zip(&bodies) {
            prop_assert_eq!(&capture.body, body);
        }
        // One line broken: the error names that line.
        let at = broken.index(lines.len());
        let half = lines[at].len() / 2;
        lines[at].truncate(half);
        let text = lines.join("\n");
        match parse_as(Format::Ndjson, SOURCE, text.as_bytes(), DataFiles::NONE) {
            Err(error) => {
                assert_locates(&error);
                let expected = format!("{SOURCE}:{}", at + 1);
                prop_assert!(error.to_string().starts_with(&expected), "{}", error);
            }
            Ok(_) => prop_assert!(false, "a line cut in half was accepted"),
        }
        shake(&apply(all.into_bytes(), &edits));
    }

    #[test]
    fn har_files_survive_any_edit(
        bodies in prop::collection::vec(body(), 1..4),
        edits in edits(),
    ) {
        let entries: Vec<serde_json::Value> = bodies
            .iter()
            .map(|b| serde_json::json!({"request": {
                "method": "POST",
                "url": "https://example.test/webhook",
                "headers": [{"name": "Content-Type", "value": "application/json"}],
                "postData": {"mimeType": "application/json", "text": String::from_utf8_lossy(b)},
            }}))
            .collect();
        let har = serde_json::json!({"log": {"version": "1.2", "entries": entries}}).to_string();
        let captures = parse_as(Format::Har, SOURCE, har.as_bytes(), DataFiles::NONE)
            .unwrap_or_else(|e| panic!("a well-formed HAR was refused: {e}"));
        prop_assert_eq!(captures.len(), bodies.len());
        shake(&apply(har.into_bytes(), &edits));
    }

    #[test]
    fn curl_commands_keep_their_data_and_survive_any_edit(
        path in path(),
        headers in headers(),
        data in "[ -~]{0,60}",
        continued in any::<bool>(),
        edits in edits(),
    ) {
        let glue = if continued { " \\\n  " } else { " " };
        let mut command = format!("curl -X POST {}", shell_quote(&format!("http://h{path}")));
        for (name, value) in &headers {
            command.push_str(glue);
            command.push_str(&format!("-H {}", shell_quote(&format!("{name}: {value}"))));
        }
        command.push_str(glue);
        command.push_str(&format!("--data-raw {}", shell_quote(&data)));
        let captures = parse_as(Format::Curl, SOURCE, command.as_bytes(), DataFiles::NONE)
            .unwrap_or_else(|e| panic!("a well-formed curl command was refused: {e}\n{command}"));
        prop_assert_eq!(&captures[0].body, data.as_bytes());
        shake(&apply(command.into_bytes(), &edits));
    }

    #[test]
    fn arbitrary_bytes_never_panic_a_parser(
        prefix in prop::sample::select(PREFIXES),
        noise in prop::collection::vec(any::<u8>(), 0..120),
    ) {
        shake(&[prefix, &noise[..]].concat());
    }
}

/// What an inspection error must carry: for a body that is not JSON, its line.
fn assert_inspect_error(error: &InspectError) {
    let text = error.to_string();
    assert!(!text.is_empty());
    if let InspectError::NotJson { line, .. } = error {
        assert!(*line >= 1, "{text}");
        assert!(text.contains(&format!("line {line}")), "{text}");
    }
}

fn event_json() -> impl Strategy<Value = serde_json::Value> {
    let value = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        "[ -~]{0,20}".prop_map(serde_json::Value::from),
        Just(serde_json::json!("e6ae112e-2af3-4d72-894b-03435d7afde4")),
        Just(serde_json::json!("2024-05-21T08:22:32.452Z")),
        Just(serde_json::json!("workspace.presence.changed")),
        Just(serde_json::json!({"workspaceId": "w", "presenceStatus": "Busy"})),
    ];
    let key = prop::sample::select(
        &[
            "id",
            "type",
            "timestamp",
            "apiVersion",
            "data",
            "workspaceId",
            "presenceStatus",
            "other",
        ][..],
    );
    prop::collection::vec((key, value), 0..8).prop_map(|pairs| {
        serde_json::Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    })
}

proptest! {
    #![proptest_config(config(800))]

    #[test]
    fn inspection_names_a_field_for_every_problem(event in event_json(), edits in edits()) {
        let text = event.to_string();
        match inspect(text.as_bytes()) {
            Ok(inspection) => {
                for problem in &inspection.problems {
                    prop_assert!(!problem.field.is_empty(), "{}", problem);
                    prop_assert!(problem.to_string().contains(problem.field), "{}", problem);
                }
            }
            Err(error) => prop_assert!(false, "a JSON object was refused: {}", error),
        }
        match inspect(&apply(text.into_bytes(), &edits)) {
            Ok(inspection) => {
                for problem in &inspection.problems {
                    prop_assert!(!problem.field.is_empty(), "{}", problem);
                }
            }
            Err(error) => assert_inspect_error(&error),
        }
    }

    #[test]
    fn inspection_of_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        if let Err(error) = inspect(&bytes) {
            assert_inspect_error(&error);
        }
    }
}
