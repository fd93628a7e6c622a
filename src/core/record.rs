//! The NDJSON line that describes one received request: what `listen --json` prints and
//! `events export` writes. It is itself a capture (`verify` and `replay` read it back),
//! so the body travels as exact bytes in `body_base64`, with `body` added when UTF-8.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::borrow::Cow;

/// A request as the listener received it, to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    /// RFC 3339 in UTC with milliseconds (see [`crate::store::format_time`]); other RFC 3339 forms are
    /// converted to it, so that times compare as text.
    pub received_at: String,
    pub method: String,
    pub path: String,
    /// In arrival order, repeated names kept.
    pub headers: Vec<(String, String)>,
    /// The exact bytes received, invalid UTF-8 too.
    pub body: Vec<u8>,
    /// "valid", "invalid", "missing" or "unchecked".
    pub signature: String,
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    pub duplicate: bool,
    /// What breaks ROOMZ's documents (or why the request was refused): the request is
    /// not a valid event.
    pub problems: Vec<String>,
    /// Worth knowing, not wrong (an unknown type, `"busy"`, a `+0000` offset).
    pub warnings: Vec<String>,
    /// Why an invalid signature did not verify (`verify`'s diagnosis, such as "a trailing
    /// newline was added"), worked out for failures only.
    pub hint: Option<String>,
    /// The status the listener answered.
    pub status: u16,
}

/// A request read back from the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRequest {
    /// The row's sequence number, shown as "#12": increasing, never reused.
    pub seq: i64,
    pub received_at: String,
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub signature: String,
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    pub duplicate: bool,
    pub problems: Vec<String>,
    pub warnings: Vec<String>,
    pub hint: Option<String>,
    pub status: u16,
    /// The status the developer's app answered, when the request was forwarded.
    pub forward_status: Option<u16>,
    /// JSON text fetched from the API later (`--fetch`).
    pub details: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Record<'a> {
    /// The row number in the event store (absent with `--no-store`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<i64>,
    pub received_at: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub event_id: Option<&'a str>,
    pub event_type: Option<&'a str>,
    /// "valid", "invalid", "missing" or "unchecked".
    pub signature: &'a str,
    pub duplicate: bool,
    pub problems: &'a [String],
    pub warnings: &'a [String],
    /// Why an invalid signature did not verify; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<&'a str>,
    pub status: u16,
    #[serde(serialize_with = "headers_as_object")]
    pub headers: &'a [(String, String)],
    /// The exact bytes, written as `body_base64`.
    #[serde(rename = "body_base64", serialize_with = "bytes_as_base64")]
    pub body_bytes: &'a [u8],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<&'a str>,
    /// What `listen --fetch` got from the API for this event (stored rows only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

impl<'a> Record<'a> {
    /// The record of a request as it is being stored (`seq` once it is).
    pub fn from_new(seq: Option<i64>, request: &'a NewRequest) -> Record<'a> {
        Record {
            seq,
            received_at: &request.received_at,
            method: &request.method,
            path: &request.path,
            event_id: request.event_id.as_deref(),
            event_type: request.event_type.as_deref(),
            signature: &request.signature,
            duplicate: request.duplicate,
            problems: &request.problems,
            warnings: &request.warnings,
            hint: request.hint.as_deref(),
            status: request.status,
            headers: &request.headers,
            body_bytes: &request.body,
            body: std::str::from_utf8(&request.body).ok(),
            details: None,
        }
    }

    pub fn from_stored(row: &'a StoredRequest) -> Record<'a> {
        Record {
            seq: Some(row.seq),
            received_at: &row.received_at,
            method: &row.method,
            path: &row.path,
            event_id: row.event_id.as_deref(),
            event_type: row.event_type.as_deref(),
            signature: &row.signature,
            duplicate: row.duplicate,
            problems: &row.problems,
            warnings: &row.warnings,
            hint: row.hint.as_deref(),
            status: row.status,
            headers: &row.headers,
            body_bytes: &row.body,
            body: std::str::from_utf8(&row.body).ok(),
            // The store holds JSON text the listener wrote; anything else is left out.
            details: row
                .details
                .as_deref()
                .and_then(|d| serde_json::from_str(d).ok()),
        }
    }

    /// Appends the record as one JSON line (serde_json's text of it), newline included,
    /// to `line`: a caller that writes many keeps one buffer for all of them.
    pub fn write_line(&self, line: &mut Vec<u8>) {
        serde_json::to_writer(&mut *line, self).expect("a record serialises to memory");
        line.push(b'\n');
    }
}

/// Headers in arrival order, a repeated name once (as first spelled) with its values
/// joined by ", " (HTTP's own rule for combining them). Borrowed unless joined.
fn merged_headers(headers: &[(String, String)]) -> impl Iterator<Item = (&str, Cow<'_, str>)> + '_ {
    headers
        .iter()
        .enumerate()
        .filter_map(move |(index, (name, value))| {
            let same_name = |(other, _): &&(String, String)| other.eq_ignore_ascii_case(name);
            if headers[..index].iter().any(|h| same_name(&h)) {
                return None; // Joined to the first header of this name.
            }
            let mut merged = Cow::Borrowed(value.as_str());
            for (_, more) in headers[index + 1..].iter().filter(same_name) {
                let joined = merged.to_mut();
                joined.push_str(", ");
                joined.push_str(more);
            }
            Some((name.as_str(), merged))
        })
}

fn bytes_as_base64<S: Serializer>(bytes: &&[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&STANDARD.encode(bytes))
}

/// Headers as a JSON object: see [`merged_headers`].
fn headers_as_object<S: Serializer>(
    headers: &[(String, String)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    for (name, value) in merged_headers(headers) {
        map.serialize_entry(name, &value)?;
    }
    map.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &[u8]) -> NewRequest {
        NewRequest {
            received_at: "2026-11-28T10:00:00.000Z".into(),
            method: "POST".into(),
            path: "/webhook".into(),
            headers: vec![
                ("accept".into(), "a".into()),
                ("Accept".into(), "b".into()),
                ("roomz-signature".into(), "x".into()),
            ],
            body: body.to_vec(),
            signature: "missing".into(),
            event_id: None,
            event_type: None,
            duplicate: false,
            problems: vec![],
            warnings: vec!["unknown event type 'x'".into()],
            hint: None,
            status: 401,
        }
    }

    #[test]
    fn line_is_one_json_object_with_merged_headers() {
        let request = request(b"{}");
        let mut line = Vec::new();
        Record::from_new(Some(7), &request).write_line(&mut line);
        let line = String::from_utf8(line).unwrap();
        assert!(line.ends_with('\n'));
        assert_eq!(line.matches('\n').count(), 1);
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["seq"], 7);
        assert_eq!(value["headers"]["accept"], "a, b");
        assert_eq!(value["body"], "{}");
        assert_eq!(value["body_base64"], "e30=");
        assert_eq!(value["problems"], serde_json::json!([]));
        assert_eq!(
            value["warnings"],
            serde_json::json!(["unknown event type 'x'"])
        );
    }

    /// Awkward text of every kind comes back from the line exactly, and lines written
    /// one after another into one buffer stay one per line.
    #[test]
    fn lines_in_a_reused_buffer_give_back_every_field() {
        let mut buffer = Vec::new();
        let awkward = [
            "",
            "plain",
            "quote \" backslash \\ slash /",
            "\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f}\u{7f}",
            "é ✓ 日本 \u{1F600}",
            "\u{1b}[31mred\u{1b}[0m",
        ];
        let mut rng = fastrand::Rng::with_seed(7);
        for case in 0..200 {
            let text = |rng: &mut fastrand::Rng| {
                let mut t = String::new();
                for _ in 0..rng.usize(0..4) {
                    t.push_str(awkward[rng.usize(..awkward.len())]);
                    t.push(rng.char('\u{0}'..='\u{2ff}'));
                }
                t
            };
            let names = ["Accept", "accept", "X-A", "roomz-signature", "Ä"];
            let headers: Vec<(String, String)> = (0..rng.usize(0..6))
                .map(|_| (names[rng.usize(..names.len())].to_string(), text(&mut rng)))
                .collect();
            let body: Vec<u8> = if case % 3 == 0 {
                (0..rng.usize(0..64)).map(|_| rng.u8(..)).collect()
            } else {
                text(&mut rng).into_bytes()
            };
            let request = NewRequest {
                received_at: text(&mut rng),
                method: text(&mut rng),
                path: text(&mut rng),
                headers,
                body,
                signature: text(&mut rng),
                event_id: rng.bool().then(|| text(&mut rng)),
                event_type: rng.bool().then(|| text(&mut rng)),
                duplicate: rng.bool(),
                problems: (0..rng.usize(0..3)).map(|_| text(&mut rng)).collect(),
                warnings: (0..rng.usize(0..3)).map(|_| text(&mut rng)).collect(),
                hint: rng.bool().then(|| text(&mut rng)),
                status: rng.u16(..),
            };
            let seq = rng.bool().then(|| rng.i64(..));
            let mut record = Record::from_new(seq, &request);
            if case % 4 == 1 {
                record.details = Some(serde_json::json!({"status": text(&mut rng), "n": [1, 2]}));
            }
            buffer.clear();
            record.write_line(&mut buffer);
            record.write_line(&mut buffer);
            let text = std::str::from_utf8(&buffer).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), 2, "case {case}");
            assert_eq!(lines[0], lines[1]);
            let value: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
            assert_eq!(value["received_at"], request.received_at.as_str());
            assert_eq!(value["path"], request.path.as_str());
            assert_eq!(value["problems"], serde_json::json!(request.problems));
            assert_eq!(value["warnings"], serde_json::json!(request.warnings));
            assert_eq!(value["event_id"], serde_json::json!(request.event_id));
            // Absent, not null, when there is none.
            assert_eq!(
                value.get("hint").cloned(),
                request.hint.as_ref().map(|h| serde_json::json!(h))
            );
            assert_eq!(
                STANDARD
                    .decode(value["body_base64"].as_str().unwrap())
                    .unwrap(),
                request.body
            );
            assert_eq!(value["details"], record.details.clone().unwrap_or_default());
            for (name, joined) in merged_headers(&request.headers) {
                assert_eq!(value["headers"][name], *joined, "case {case}");
            }
        }
    }

    #[test]
    fn invalid_utf8_body_has_only_base64() {
        let request = request(b"\xff\xfe");
        let mut line = Vec::new();
        Record::from_new(None, &request).write_line(&mut line);
        let value: serde_json::Value = serde_json::from_slice(&line).unwrap();
        assert!(value.get("body").is_none());
        assert!(value.get("seq").is_none());
        assert_eq!(value["body_base64"], "//4=");
    }
}
