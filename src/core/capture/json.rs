//! The JSON-based capture formats: one capture object, NDJSON of such objects (what
//! `listen --json` writes) and HAR (what a browser or proxy exports). Only the envelope is
//! parsed as JSON; a body comes from a string or base64 and keeps its exact bytes.

use super::{url_path, At, Capture, Fault, Format};
use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use serde_json::{Map, Value};

/// Tells a HAR, a single JSON object and NDJSON apart; `text` starts with `{`. A file that
/// is not valid JSON as a whole is NDJSON when its first line is a JSON value on its own
/// and more lines follow, so that both formats report their own errors precisely.
pub(super) fn detect(text: &[u8]) -> Format {
    match serde_json::from_slice::<Value>(text) {
        Ok(value) if value.get("log").is_some() => Format::Har,
        Ok(_) => Format::Json,
        Err(_) => {
            let mut lines = text.split(|&b| b == b'\n').filter(|l| !is_blank(l));
            let first_is_json = lines
                .next()
                .is_some_and(|l| serde_json::from_slice::<Value>(l).is_ok());
            if first_is_json && lines.next().is_some() {
                Format::Ndjson
            } else {
                Format::Json
            }
        }
    }
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// A file holding one capture object.
pub(super) fn parse_object_file(source: &str, bytes: &[u8]) -> Result<Capture, Fault> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| whole_file_fault(&e))?;
    let capture = from_object(source, &value).map_err(Fault::new)?;
    capture.ok_or_else(|| {
        Fault::new(
            "no \"body\" or \"body_base64\" field: a capture object records a request; \
             for a bare event body use --body FILE --signature SIG",
        )
    })
}

fn whole_file_fault(error: &serde_json::Error) -> Fault {
    let message = format!(
        "invalid JSON at line {}, column {}: {}",
        error.line(),
        error.column(),
        reason(error)
    );
    Fault::line(error.line(), message)
}

/// serde_json's message without its " at line L column C" suffix (we place it ourselves).
fn reason(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

/// One capture per line that carries a body; other lines (`{"listening":...}`, a summary)
/// and blank lines are skipped. Sources are `file:LINE`.
pub(super) fn parse_ndjson(source: &str, bytes: &[u8]) -> Result<Vec<Capture>, Fault> {
    let mut captures = Vec::new();
    for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let number = index + 1;
        if is_blank(line) {
            continue;
        }
        let value: Value = serde_json::from_slice(line).map_err(|e| {
            let message = format!("invalid JSON at column {}: {}", e.column(), reason(&e));
            Fault::line(number, message)
        })?;
        let line_source = format!("{source}:{number}");
        if let Some(capture) =
            from_object(&line_source, &value).map_err(|m| Fault::line(number, m))?
        {
            captures.push(capture);
        }
    }
    if captures.is_empty() {
        return Err(Fault::new(
            "no line carries a request body (\"body\" or \"body_base64\")",
        ));
    }
    Ok(captures)
}

/// A capture object: `method` (default POST), `path` (default `/`, or taken from `url`),
/// `headers`, and `body_base64` or `body`. `Ok(None)` when it carries no body at all.
fn from_object(source: &str, value: &Value) -> Result<Option<Capture>, String> {
    let object = value
        .as_object()
        .ok_or_else(|| format!("expected a JSON object, found {}", kind(value)))?;
    let Some(body) = body(object)? else {
        return Ok(None);
    };
    let method = optional_string(object, "method")?.unwrap_or("POST");
    let path = match (
        optional_string(object, "path")?,
        optional_string(object, "url")?,
    ) {
        (Some(path), _) => path.to_string(),
        (None, Some(url)) => url_path(url),
        (None, None) => "/".to_string(),
    };
    Ok(Some(Capture {
        source: source.to_string(),
        method: method.to_string(),
        path,
        headers: headers(object.get("headers"))?,
        body,
    }))
}

fn optional_string<'a>(
    object: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a str>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("\"{key}\" must be a string, not {}", kind(other))),
    }
}

/// `body_base64` wins over `body`: it holds the exact bytes even when they are not UTF-8.
fn body(object: &Map<String, Value>) -> Result<Option<Vec<u8>>, String> {
    if let Some(text) = optional_string(object, "body_base64")? {
        return decode_base64(text)
            .map(Some)
            .map_err(|e| format!("\"body_base64\" is not valid base64: {e}"));
    }
    match object.get("body") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.as_bytes().to_vec())),
        Some(other) => Err(format!(
            "\"body\" must be a string holding the exact body, not {}: re-serialising JSON \
             changes the signed bytes (use \"body_base64\")",
            kind(other)
        )),
    }
}

/// Standard base64, padding optional.
fn decode_base64(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    STANDARD_NO_PAD.decode(text.trim_end_matches('='))
}

/// Headers as `{name: value}` (a value may be a list: one header each), or as a list of
/// `[name, value]` pairs or `{"name", "value"}` objects (the HAR shape).
fn headers(value: Option<&Value>) -> Result<Vec<(String, String)>, String> {
    let mut headers = Vec::new();
    match value {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (name, value) in map {
                for value in header_values(name, value)? {
                    headers.push((name.clone(), value));
                }
            }
        }
        Some(Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                headers.push(header_pair(index, item)?);
            }
        }
        Some(other) => {
            return Err(format!(
                "\"headers\" must be an object or an array, not {}",
                kind(other)
            ))
        }
    }
    Ok(headers)
}

fn header_values(name: &str, value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::Array(items) => items.iter().map(|v| header_scalar(name, v)).collect(),
        scalar => header_scalar(name, scalar).map(|v| vec![v]),
    }
}

fn header_scalar(name: &str, value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!(
            "header \"{name}\" must have a string value, not {}",
            kind(other)
        )),
    }
}

fn header_pair(index: usize, item: &Value) -> Result<(String, String), String> {
    let (name, value) = match item {
        Value::Array(pair) if pair.len() == 2 => (&pair[0], &pair[1]),
        Value::Object(map) => match (map.get("name"), map.get("value")) {
            (Some(name), Some(value)) => (name, value),
            _ => (&Value::Null, &Value::Null),
        },
        _ => (&Value::Null, &Value::Null),
    };
    match name {
        Value::String(name) => Ok((name.clone(), header_scalar(name, value)?)),
        _ => Err(format!(
            "headers[{index}] must be [name, value] or {{\"name\": ..., \"value\": ...}}"
        )),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Every POST entry of a HAR, as `file#N` (N: the entry's 1-based index in the log).
pub(super) fn parse_har(source: &str, bytes: &[u8]) -> Result<Vec<Capture>, Fault> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| whole_file_fault(&e))?;
    let entries = value
        .pointer("/log/entries")
        .and_then(Value::as_array)
        .ok_or_else(|| Fault::new("no \"log.entries\" array"))?;
    let mut captures = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let number = index + 1;
        let request = entry.get("request").unwrap_or(&Value::Null);
        let method = request.get("method").and_then(Value::as_str).unwrap_or("");
        if method.eq_ignore_ascii_case("POST") {
            let capture =
                har_request(&format!("{source}#{number}"), request).map_err(|message| Fault {
                    at: At::Entry(number),
                    message,
                })?;
            captures.push(capture);
        }
    }
    if captures.is_empty() {
        let message = format!("no POST entries (the log has {} entries)", entries.len());
        return Err(Fault::new(message));
    }
    Ok(captures)
}

fn har_request(source: &str, request: &Value) -> Result<Capture, String> {
    let url = request.get("url").and_then(Value::as_str).unwrap_or("/");
    let mut all_headers = headers(request.get("headers"))?;
    // HTTP/2 pseudo-headers (`:authority`...) are not headers of the request proper.
    all_headers.retain(|(name, _)| !name.starts_with(':'));
    Ok(Capture {
        source: source.to_string(),
        method: "POST".to_string(),
        path: url_path(url),
        headers: all_headers,
        body: har_body(request.get("postData"))?,
    })
}

/// `postData.text`, base64-decoded when `postData.encoding` says so; no postData is an
/// empty body.
fn har_body(post_data: Option<&Value>) -> Result<Vec<u8>, String> {
    let Some(post_data) = post_data.filter(|v| !v.is_null()) else {
        return Ok(Vec::new());
    };
    let text = match post_data.get("text") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::String(text)) => text,
        Some(other) => {
            return Err(format!(
                "\"postData.text\" must be a string, not {}",
                kind(other)
            ))
        }
    };
    let encoding = post_data.get("encoding").and_then(Value::as_str);
    if encoding.is_some_and(|e| e.eq_ignore_ascii_case("base64")) {
        decode_base64(text).map_err(|e| format!("\"postData.text\" is not valid base64: {e}"))
    } else {
        Ok(text.as_bytes().to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_json_family() {
        assert_eq!(detect(br#"{"log":{"entries":[]}}"#), Format::Har);
        assert_eq!(detect(br#"{"body":"x"}"#), Format::Json);
        assert_eq!(detect(b"{\"a\":1}\n{\"b\":2}\n"), Format::Ndjson);
        assert_eq!(detect(b"{\"a\":1}\n{\"b\":\n"), Format::Ndjson);
        assert_eq!(detect(b"{\n  \"a\": 1\n  \"b\": 2\n}\n"), Format::Json);
    }

    #[test]
    fn object_defaults_and_header_shapes() {
        let c = parse_object_file(
            "c.json",
            br#"{"body":"hi","headers":[["A","1"],{"name":"B","value":"2"}]}"#,
        )
        .unwrap();
        assert_eq!(
            (c.method.as_str(), c.path.as_str(), c.body.as_slice()),
            ("POST", "/", &b"hi"[..])
        );
        assert_eq!(
            c.headers,
            vec![("A".into(), "1".into()), ("B".into(), "2".into())]
        );
        let c = parse_object_file("c.json", br#"{"url":"http://h:1/p?q#f","headers":{"A":["1","2"]},"body":"x","body_base64":"/w=="}"#).unwrap();
        assert_eq!((c.path.as_str(), c.body.as_slice()), ("/p?q", &[0xff][..]));
        assert_eq!(c.headers.len(), 2);
    }

    #[test]
    fn object_errors_are_precise() {
        let f = parse_object_file("c.json", b"{\n\"body\": \"x\",\n\"method\" 1}").unwrap_err();
        assert_eq!(
            f,
            Fault::line(3, "invalid JSON at line 3, column 10: expected `:`")
        );
        let f = parse_object_file("c.json", br#"{"body":{"a":1}}"#).unwrap_err();
        assert!(
            f.message.starts_with("\"body\" must be a string"),
            "{}",
            f.message
        );
        let f = parse_object_file("c.json", br#"{"body_base64":"***"}"#).unwrap_err();
        assert!(
            f.message.starts_with("\"body_base64\" is not valid base64"),
            "{}",
            f.message
        );
        let f = parse_object_file("c.json", br#"{"body":"x","headers":[1]}"#).unwrap_err();
        assert!(f.message.starts_with("headers[0] must be"), "{}", f.message);
    }

    #[test]
    fn ndjson_skips_lines_without_body() {
        let text = b"{\"listening\":\"http://127.0.0.1:1/webhook\"}\n\n{\"body\":\"a\"}\r\n{\"sent\":1}\n{\"body_base64\":\"Yg==\"}";
        let captures = parse_ndjson("e.ndjson", text).unwrap();
        let sources: Vec<_> = captures.iter().map(|c| c.source.as_str()).collect();
        assert_eq!(sources, ["e.ndjson:3", "e.ndjson:5"]);
        assert_eq!(captures[1].body, b"b");
        let f = parse_ndjson("e.ndjson", b"{\"listening\":1}\n").unwrap_err();
        assert_eq!(f.at, At::File);
        let f = parse_ndjson("e.ndjson", b"{\"body\":\"a\"}\n[1]\n").unwrap_err();
        assert_eq!(f, Fault::line(2, "expected a JSON object, found an array"));
    }

    #[test]
    fn har_takes_post_entries_with_their_index() {
        let har = br#"{"log":{"entries":[
            {"request":{"method":"GET","url":"http://h/"}},
            {"request":{"method":"POST","url":"https://h/w?x=1","headers":[{"name":":authority","value":"h"}],
                        "postData":{"text":"AAE=","encoding":"base64"}}}]}}"#;
        let captures = parse_har("s.har", har).unwrap();
        assert_eq!(captures.len(), 1);
        assert_eq!(captures[0].source, "s.har#2");
        assert_eq!(
            (captures[0].path.as_str(), captures[0].body.as_slice()),
            ("/w?x=1", &[0, 1][..])
        );
        assert!(captures[0].headers.is_empty());
        let bad = br#"{"log":{"entries":[{"request":{"method":"POST","postData":{"text":"!","encoding":"base64"}}}]}}"#;
        assert_eq!(parse_har("s.har", bad).unwrap_err().at, At::Entry(1));
    }
}
