//! Body edits that keep every other byte as it was: placeholders (`{{uuid}}`, `{{now}}`,
//! `{{env.NAME}}`) rendered in place, and `--fresh`, which replaces the text of just the
//! top-level `id` and `timestamp` values. Nothing is parsed and re-serialised, because the
//! receiver's signature check is over these exact bytes.

use std::borrow::Cow;
use std::ops::Range;
use time::format_description::FormatItem;
use time::macros::format_description;
use time::OffsetDateTime;

/// `2024-05-21T08:22:32.452Z`: the current ROOMZ timestamp form.
const MILLIS_Z: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
/// `2024-02-02T09:13:44+0000`: the older draft's form (offset without a colon).
const LEGACY_OFFSET: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]+0000");

/// `time` as the current ROOMZ timestamp (RFC 3339, UTC, milliseconds).
pub fn timestamp_now(time: OffsetDateTime) -> String {
    time.to_offset(time::UtcOffset::UTC)
        .format(MILLIS_Z)
        .expect("every component is available")
}

/// `time` in the older draft's form, `+0000` offset.
pub fn legacy_timestamp(time: OffsetDateTime) -> String {
    time.to_offset(time::UtcOffset::UTC)
        .format(LEGACY_OFFSET)
        .expect("every component is available")
}

/// Why a body's placeholders could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceholderError {
    #[error("{{{{env.{name}}}}} needs the environment variable {name}, which is not set: set it, or replace the placeholder")]
    UnsetVariable { name: String },
}

/// A rendered body, and the placeholders it held that are not ours (left as they were).
#[derive(Debug)]
pub struct Rendered<'a> {
    pub body: Cow<'a, [u8]>,
    pub unknown: Vec<String>,
}

/// Renders `{{uuid}}` (a new v4 UUID for each occurrence), `{{now}}` (the same RFC 3339 UTC
/// time for the whole body) and `{{env.NAME}}` (looked up with `env`). Inside a JSON
/// string a value is escaped as JSON string content; outside it is inserted as is, so
/// `"count": {{env.N}}` works too. Other `{{...}}` text is left alone and listed.
pub fn render<'a>(
    body: &'a [u8],
    now: OffsetDateTime,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Rendered<'a>, PlaceholderError> {
    if !body.windows(2).any(|w| w == b"{{") {
        return Ok(Rendered {
            body: Cow::Borrowed(body),
            unknown: Vec::new(),
        });
    }
    let now = timestamp_now(now);
    let mut out = Vec::with_capacity(body.len() + 64);
    let mut unknown = Vec::new();
    let mut in_string = false;
    let mut i = 0;
    while i < body.len() {
        let b = body[i];
        if b == b'{' && body.get(i + 1) == Some(&b'{') {
            if let Some(len) = body[i + 2..].windows(2).position(|w| w == b"}}") {
                let inner = String::from_utf8_lossy(&body[i + 2..i + 2 + len]);
                let name = inner.trim();
                let value = match name {
                    "uuid" => Some(uuid::Uuid::new_v4().to_string()),
                    "now" => Some(now.clone()),
                    _ => match name.strip_prefix("env.") {
                        Some(var) => {
                            Some(env(var).ok_or_else(|| PlaceholderError::UnsetVariable {
                                name: var.to_string(),
                            })?)
                        }
                        None => None,
                    },
                };
                if let Some(value) = value {
                    if in_string {
                        let quoted = serde_json::to_string(&value).expect("a string serialises");
                        out.extend_from_slice(&quoted.as_bytes()[1..quoted.len() - 1]);
                    } else {
                        out.extend_from_slice(value.as_bytes());
                    }
                    i += 2 + len + 2;
                    continue;
                }
                unknown.push(format!("{{{{{name}}}}}"));
            }
        }
        if b == b'"' {
            in_string = !in_string;
        } else if b == b'\\' && in_string {
            out.push(b);
            if let Some(&next) = body.get(i + 1) {
                out.push(next);
            }
            i += 2;
            continue;
        }
        out.push(b);
        i += 1;
    }
    Ok(Rendered {
        body: Cow::Owned(out),
        unknown,
    })
}

/// The body with a new `id` and a current `timestamp`: each value's text replaced in
/// place (the timestamp keeps its form: `Z` with milliseconds, or the older `+0000`), a
/// missing key added right after the opening brace. `None` when the body is not a JSON
/// object.
pub fn refresh(body: &[u8], id: &str, now: OffsetDateTime) -> Option<Vec<u8>> {
    let object = scan_object(body)?;
    let stamp = match object.get(body, "timestamp") {
        Some(span) if looks_legacy(&body[span.clone()]) => legacy_timestamp(now),
        _ => timestamp_now(now),
    };
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut inserts = Vec::new();
    for (key, value) in [("id", id.to_string()), ("timestamp", stamp)] {
        let text = serde_json::to_string(&value).expect("a string serialises");
        match object.get(body, key) {
            Some(span) => edits.push((span, text)),
            None => inserts.push(format!("\"{key}\":{text}")),
        }
    }
    edits.sort_by_key(|(span, _)| span.start);
    let mut out = Vec::with_capacity(body.len() + 64);
    let mut at = 0;
    if !inserts.is_empty() {
        out.extend_from_slice(&body[..object.open + 1]);
        out.extend_from_slice(inserts.join(",").as_bytes());
        if !object.members.is_empty() {
            out.push(b',');
        }
        at = object.open + 1;
    }
    for (span, text) in edits {
        out.extend_from_slice(&body[at..span.start]);
        out.extend_from_slice(text.as_bytes());
        at = span.end;
    }
    out.extend_from_slice(&body[at..]);
    Some(out)
}

/// The text of a top-level string value `key` (escape-free ids only, as ROOMZ's are).
pub fn top_level_string(body: &[u8], key: &str) -> Option<String> {
    let object = scan_object(body)?;
    let span = object.get(body, key)?;
    let value = &body[span];
    let inner = value.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    if inner.contains(&b'\\') {
        return serde_json::from_slice::<String>(value).ok();
    }
    std::str::from_utf8(inner).ok().map(str::to_owned)
}

/// Whether a timestamp value's text ends in a colon-less numeric offset (`+0000`).
fn looks_legacy(value: &[u8]) -> bool {
    let text = value.strip_suffix(b"\"").unwrap_or(value);
    text.len() >= 5 && {
        let tail = &text[text.len() - 5..];
        matches!(tail[0], b'+' | b'-') && tail[1..].iter().all(u8::is_ascii_digit)
    }
}

/// A JSON object's top level: where its `{` is and each member's key and value spans.
struct Object {
    open: usize,
    members: Vec<(Range<usize>, Range<usize>)>,
}

impl Object {
    /// The value span of the last member called `key` (the one JSON parsers keep).
    fn get(&self, body: &[u8], key: &str) -> Option<Range<usize>> {
        self.members
            .iter()
            .rev()
            .find(|(k, _)| &body[k.clone()] == key.as_bytes())
            .map(|(_, v)| v.clone())
    }
}

/// Scans a JSON object's top level without building values. `None` for anything that is
/// not one well-formed object (strict enough for finding spans; full validation is not
/// its job).
fn scan_object(body: &[u8]) -> Option<Object> {
    let mut p = Scanner { body, at: 0 };
    if body.starts_with("\u{feff}".as_bytes()) {
        p.at = 3;
    }
    p.skip_space();
    let open = p.at;
    p.expect(b'{')?;
    let mut members = Vec::new();
    p.skip_space();
    if p.peek()? == b'}' {
        return Some(Object { open, members });
    }
    loop {
        p.skip_space();
        let key = p.string()?;
        let key = key.start + 1..key.end - 1;
        p.skip_space();
        p.expect(b':')?;
        p.skip_space();
        let value = p.value()?;
        members.push((key, value));
        p.skip_space();
        match p.next()? {
            b',' => continue,
            b'}' => return Some(Object { open, members }),
            _ => return None,
        }
    }
}

struct Scanner<'a> {
    body: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.body.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn expect(&mut self, wanted: u8) -> Option<()> {
        (self.next()? == wanted).then_some(())
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A string's span, quotes included.
    fn string(&mut self) -> Option<Range<usize>> {
        let start = self.at;
        self.expect(b'"')?;
        loop {
            match self.next()? {
                b'"' => return Some(start..self.at),
                b'\\' => {
                    self.next()?;
                }
                _ => {}
            }
        }
    }

    /// Any value's span.
    fn value(&mut self) -> Option<Range<usize>> {
        let start = self.at;
        match self.peek()? {
            b'"' => self.string(),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.at += 1;
                                return Some(start..self.at);
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.at += 1;
                }
                (self.at > start).then_some(start..self.at)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-28 10:00:00.123 UTC);

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn refresh_replaces_only_the_two_values() {
        let body = b"{\n  \"id\": \"old\",\n  \"type\": \"t\",\n  \"timestamp\": \"2024-05-21T08:22:32.452Z\",\n  \"data\": {\"id\": \"inner\"}\n}\n";
        let out = refresh(body, "new-id", NOW).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\n  \"id\": \"new-id\",\n  \"type\": \"t\",\n  \"timestamp\": \"2026-11-28T10:00:00.123Z\",\n  \"data\": {\"id\": \"inner\"}\n}\n"
        );
    }

    #[test]
    fn refresh_keeps_the_legacy_timestamp_form() {
        let body = br#"{"id":"a","type":"workspace.status.updated","timestamp":"2024-02-02T09:13:44+0000","workspaceId":"w"}"#;
        let out = refresh(body, "b", NOW).unwrap();
        assert_eq!(
            out,
            br#"{"id":"b","type":"workspace.status.updated","timestamp":"2026-11-28T10:00:00+0000","workspaceId":"w"}"#
        );
    }

    #[test]
    fn refresh_adds_missing_keys_and_rejects_non_objects() {
        assert_eq!(
            refresh(br#"{"type":"t"}"#, "x", NOW).unwrap(),
            br#"{"id":"x","timestamp":"2026-11-28T10:00:00.123Z","type":"t"}"#
        );
        assert_eq!(
            refresh(b"{}", "x", NOW).unwrap(),
            br#"{"id":"x","timestamp":"2026-11-28T10:00:00.123Z"}"#
        );
        assert_eq!(
            refresh(br#"{"id":7,"timestamp":null}"#, "x", NOW).unwrap(),
            br#"{"id":"x","timestamp":"2026-11-28T10:00:00.123Z"}"#
        );
        assert!(refresh(b"[1]", "x", NOW).is_none());
        assert!(refresh(b"{\"id\":", "x", NOW).is_none());
    }

    #[test]
    fn top_level_id_ignores_nested_and_string_content() {
        let body = br#"{"data":{"id":"inner","s":"\"id\":\"fake\""},"id":"outer"}"#;
        assert_eq!(top_level_string(body, "id").as_deref(), Some("outer"));
        assert_eq!(top_level_string(br#"{"id":5}"#, "id"), None);
        assert_eq!(
            top_level_string(br#"{"id":"a\u0062"}"#, "id").as_deref(),
            Some("ab")
        );
    }

    #[test]
    fn placeholders_render_in_place() {
        let env = |name: &str| (name == "WS").then(|| "ws-\"1\"".to_string());
        let body = br#"{"id":"{{uuid}}","other":"{{ uuid }}","timestamp":"{{now}}","w":"{{env.WS}}","n":{{env.WS}},"k":"{{keep}}"}"#;
        let rendered = render(body, NOW, &env).unwrap();
        let text = String::from_utf8(rendered.body.into_owned()).unwrap();
        assert!(
            text.contains(r#""timestamp":"2026-11-28T10:00:00.123Z""#),
            "{text}"
        );
        assert!(
            text.contains(r#""w":"ws-\"1\"""#),
            "escaped inside a string: {text}"
        );
        assert!(
            text.contains(r#""n":ws-"1""#),
            "raw outside a string: {text}"
        );
        assert!(text.contains(r#""k":"{{keep}}""#));
        assert_eq!(rendered.unknown, ["{{keep}}"]);
        let id = top_level_string(text.as_bytes(), "id").unwrap();
        let other = top_level_string(text.as_bytes(), "other").unwrap();
        assert!(crate::core::event::is_uuid(&id) && crate::core::event::is_uuid(&other));
        assert_ne!(id, other, "each {{{{uuid}}}} is a new UUID");
    }

    #[test]
    fn unset_variable_is_named() {
        let error = render(br#"{"a":"{{env.NOPE}}"}"#, NOW, &no_env).unwrap_err();
        assert!(error.to_string().contains("NOPE"), "{error}");
    }

    #[test]
    fn body_without_placeholders_is_borrowed() {
        let body = b"{\"a\":\"}}{\"}";
        assert!(matches!(
            render(body, NOW, &no_env).unwrap().body,
            Cow::Borrowed(_)
        ));
    }
}
