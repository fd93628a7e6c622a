//! The NDJSON line that describes one received request: what `listen --json` prints and
//! `events export` writes. It is itself a capture (`verify` and `replay` read it back),
//! so the body travels as exact bytes in `body_base64`, with `body` added when UTF-8.

use crate::store::StoredRequest;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// The row number in the event store (absent with `--no-store`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<i64>,
    pub received_at: String,
    pub method: String,
    pub path: String,
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    /// "valid", "invalid", "missing" or "unchecked".
    pub signature: String,
    pub duplicate: bool,
    pub problems: Vec<String>,
    pub status: u16,
    #[serde(serialize_with = "headers_as_object")]
    pub headers: Vec<(String, String)>,
    pub body_base64: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

impl Record {
    pub fn body_fields(body: &[u8]) -> (String, Option<String>) {
        (
            STANDARD.encode(body),
            std::str::from_utf8(body).ok().map(str::to_owned),
        )
    }

    pub fn from_stored(row: &StoredRequest) -> Record {
        let (body_base64, body) = Record::body_fields(&row.body);
        Record {
            seq: Some(row.seq),
            received_at: row.received_at.clone(),
            method: row.method.clone(),
            path: row.path.clone(),
            event_id: row.event_id.clone(),
            event_type: row.event_type.clone(),
            signature: row.signature.clone(),
            duplicate: row.duplicate,
            problems: row.problems.clone(),
            status: row.status,
            headers: row.headers.clone(),
            body_base64,
            body,
        }
    }

    /// The record as one JSON line, newline included.
    pub fn to_line(&self) -> String {
        let mut line = serde_json::to_string(self).expect("a record serialises");
        line.push('\n');
        line
    }
}

/// Headers as a JSON object in arrival order; a repeated name gets its values joined with
/// ", " (HTTP's own rule for combining them).
fn headers_as_object<S: Serializer>(
    headers: &[(String, String)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut merged: Vec<(&str, String)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        match merged
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some((_, existing)) => {
                existing.push_str(", ");
                existing.push_str(value);
            }
            None => merged.push((name, value.clone())),
        }
    }
    let mut map = serializer.serialize_map(Some(merged.len()))?;
    for (name, value) in &merged {
        map.serialize_entry(name, value)?;
    }
    map.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(body: &[u8]) -> Record {
        let (body_base64, body_text) = Record::body_fields(body);
        Record {
            seq: Some(7),
            received_at: "2026-11-28T10:00:00.000Z".into(),
            method: "POST".into(),
            path: "/webhook".into(),
            event_id: None,
            event_type: None,
            signature: "missing".into(),
            duplicate: false,
            problems: vec![],
            status: 401,
            headers: vec![
                ("accept".into(), "a".into()),
                ("Accept".into(), "b".into()),
                ("roomz-signature".into(), "x".into()),
            ],
            body_base64,
            body: body_text,
        }
    }

    #[test]
    fn line_is_one_json_object_with_merged_headers() {
        let line = record(b"{}").to_line();
        assert!(line.ends_with('\n'));
        assert_eq!(line.matches('\n').count(), 1);
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["headers"]["accept"], "a, b");
        assert_eq!(value["body"], "{}");
        assert_eq!(value["body_base64"], "e30=");
    }

    #[test]
    fn invalid_utf8_body_has_only_base64() {
        let value: serde_json::Value =
            serde_json::from_str(&record(b"\xff\xfe").to_line()).unwrap();
        assert!(value.get("body").is_none());
        assert_eq!(value["body_base64"], "//4=");
    }
}
