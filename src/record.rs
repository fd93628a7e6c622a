//! The NDJSON line that describes one received request: what `listen --json` prints and
//! `events export` writes. It is itself a capture (`verify` and `replay` read it back),
//! so the body travels as exact bytes in `body_base64`, with `body` added when UTF-8.

use crate::store::{NewRequest, StoredRequest};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

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
    pub status: u16,
    #[serde(serialize_with = "headers_as_object")]
    pub headers: &'a [(String, String)],
    pub body_base64: String,
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
            status: request.status,
            headers: &request.headers,
            body_base64: STANDARD.encode(&request.body),
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
            status: row.status,
            headers: &row.headers,
            body_base64: STANDARD.encode(&row.body),
            body: std::str::from_utf8(&row.body).ok(),
            // The store holds JSON text the listener wrote; anything else is left out.
            details: row
                .details
                .as_deref()
                .and_then(|d| serde_json::from_str(d).ok()),
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
            status: 401,
        }
    }

    #[test]
    fn line_is_one_json_object_with_merged_headers() {
        let request = request(b"{}");
        let line = Record::from_new(Some(7), &request).to_line();
        assert!(line.ends_with('\n'));
        assert_eq!(line.matches('\n').count(), 1);
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["seq"], 7);
        assert_eq!(value["headers"]["accept"], "a, b");
        assert_eq!(value["body"], "{}");
        assert_eq!(value["body_base64"], "e30=");
    }

    #[test]
    fn invalid_utf8_body_has_only_base64() {
        let request = request(b"\xff\xfe");
        let value: serde_json::Value =
            serde_json::from_str(&Record::from_new(None, &request).to_line()).unwrap();
        assert!(value.get("body").is_none());
        assert!(value.get("seq").is_none());
        assert_eq!(value["body_base64"], "//4=");
    }
}
