//! A stored request as a capture file, for the page's downloads: raw HTTP/1.1, the JSON
//! record (the one JSON form, itself a capture), HAR, or a signed curl command. Every one
//! of them is read back by `verify` and `replay` with the body's exact bytes.

use crate::core::record::{Record, StoredRequest};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::json;

/// The formats a download comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Http,
    Json,
    Har,
    Curl,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "http" => Some(Format::Http),
            "json" => Some(Format::Json),
            "har" => Some(Format::Har),
            "curl" => Some(Format::Curl),
            _ => None,
        }
    }

    /// The file's extension and content type.
    pub fn file(self) -> (&'static str, &'static str) {
        match self {
            Format::Http => ("http", "message/http"),
            Format::Json => ("json", "application/json"),
            Format::Har => ("har", "application/json"),
            Format::Curl => ("sh", "text/plain; charset=utf-8"),
        }
    }
}

/// Headers a capture file cannot carry as received: the body is stored de-chunked, so
/// its length is written anew.
fn is_framing(name: &str) -> bool {
    name.eq_ignore_ascii_case("content-length") || name.eq_ignore_ascii_case("transfer-encoding")
}

/// The request as raw HTTP/1.1: request line, headers as received, the exact body.
pub fn raw_http(row: &StoredRequest) -> Vec<u8> {
    let mut out = format!("{} {} HTTP/1.1\r\n", row.method, row.path).into_bytes();
    for (name, value) in row.headers.iter().filter(|(n, _)| !is_framing(n)) {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", row.body.len()).as_bytes());
    out.extend_from_slice(&row.body);
    out
}

/// The record's JSON line (`listen --json`'s form), which `verify` reads as a capture.
pub fn json_record(row: &StoredRequest) -> Vec<u8> {
    let mut line = Vec::new();
    Record::from_stored(row).write_line(&mut line);
    line
}

/// A HAR 1.2 file of one entry; a body that is not UTF-8 goes base64-encoded.
pub fn har(row: &StoredRequest, origin: &str) -> Vec<u8> {
    let headers: Vec<_> = row
        .headers
        .iter()
        .map(|(name, value)| json!({"name": name, "value": value}))
        .collect();
    let content_type = row
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .map_or("application/octet-stream", |(_, v)| v.as_str());
    let post_data = match std::str::from_utf8(&row.body) {
        Ok(text) => json!({"mimeType": content_type, "text": text}),
        Err(_) => json!({"mimeType": content_type, "text": STANDARD.encode(&row.body),
                         "encoding": "base64"}),
    };
    let har = json!({"log": {
        "version": "1.2",
        "creator": {"name": "roomz-hook", "version": env!("CARGO_PKG_VERSION")},
        "entries": [{
            "startedDateTime": row.received_at,
            "time": 0,
            "request": {
                "method": row.method,
                "url": format!("{origin}{}", row.path),
                "httpVersion": "HTTP/1.1",
                "headers": headers,
                "queryString": [],
                "cookies": [],
                "headersSize": -1,
                "bodySize": row.body.len(),
                "postData": post_data,
            },
            "response": {"status": row.status, "statusText": "", "httpVersion": "HTTP/1.1",
                         "headers": [], "cookies": [], "content": {"size": 0, "mimeType": ""},
                         "redirectURL": "", "headersSize": -1, "bodySize": -1},
            "cache": {},
            "timings": {"send": 0, "wait": 0, "receive": 0},
        }],
    }});
    let mut out = serde_json::to_vec_pretty(&har).expect("JSON serialises to memory");
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::capture::{self, DataFiles};

    fn row(body: &[u8]) -> StoredRequest {
        StoredRequest {
            seq: 3,
            received_at: "2026-12-01T10:00:00.000Z".into(),
            method: "POST".into(),
            path: "/webhook?x=1".into(),
            headers: vec![
                ("host".into(), "127.0.0.1:9".into()),
                ("transfer-encoding".into(), "chunked".into()),
                ("roomz-signature".into(), "c2ln".into()),
            ],
            body: body.to_vec(),
            signature: "invalid".into(),
            event_id: None,
            event_type: None,
            duplicate: false,
            problems: vec![],
            warnings: vec![],
            hint: None,
            status: 401,
            forward_status: None,
            details: None,
        }
    }

    /// Each download is read back by the capture parser with the exact body.
    #[test]
    fn every_format_reads_back_exactly() {
        for body in [&b"{\"a\":1}\r\n"[..], b"\xff\x00{", b""] {
            let row = row(body);
            let files = DataFiles::NONE;
            for (name, bytes) in [
                ("c.http", raw_http(&row)),
                ("c.json", json_record(&row)),
                ("c.har", har(&row, "http://127.0.0.1:9")),
            ] {
                let captures = capture::parse(name, &bytes, files).unwrap();
                assert_eq!(captures.len(), 1, "{name}");
                assert_eq!(captures[0].body, body, "{name}");
                assert_eq!(captures[0].path, "/webhook?x=1", "{name}");
                assert_eq!(
                    captures[0].header("roomz-signature"),
                    Some("c2ln"),
                    "{name}"
                );
            }
        }
    }
}
