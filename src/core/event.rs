//! The ROOMZ `WebhookEvent` in both published shapes (CONTRACT sections 1 and 4.1), and
//! its validation against the catalogue of documented types (`catalogue.rs`): a body that
//! is a JSON object is always inspected, and what is found is returned as problems (the
//! event breaks the documents) and warnings (worth knowing, not wrong), because a receiver
//! must still answer 2xx. No I/O, no printing.

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::OffsetDateTime;

mod catalogue;

pub use catalogue::{
    lookup, type_names, type_names_joined, Details, EventType, Generation, Resource, CATALOGUE,
    PRESENCE_CHANGED, STATUS_UPDATED,
};

/// The values `data.presenceStatus` may take, as the schema writes them.
pub const PRESENCE_STATUSES: &[&str] = &["Free", "Busy"];

/// Which of ROOMZ's two published layouts an event follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `data.workspaceId` (and `data.presenceStatus`): ROOMZ's current documents.
    Current,
    /// `workspaceId` at the top level: ROOMZ's older draft.
    Legacy,
}

impl Shape {
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Current => "current",
            Shape::Legacy => "legacy",
        }
    }
}

/// What could be read from an event. A field is `Some` when it was present as a string,
/// whether or not its value is valid: the problems say what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEvent {
    pub id: Option<String>,
    pub event_type: Option<String>,
    pub timestamp: Option<String>,
    pub api_version: Option<String>,
    /// `data.workspaceId`, else the top-level `workspaceId`.
    pub workspace_id: Option<String>,
    /// The draft's top-level `buildingId`.
    pub building_id: Option<String>,
    /// The draft's top-level `floorId`.
    pub floor_id: Option<String>,
    pub presence_status: Option<String>,
    pub shape: Shape,
}

impl WebhookEvent {
    /// Whether the type is one ROOMZ documents.
    pub fn is_known_type(&self) -> bool {
        self.catalogued().is_some()
    }

    /// The catalogue's entry for the event's type.
    pub fn catalogued(&self) -> Option<&'static EventType> {
        lookup(self.event_type.as_deref()?)
    }

    /// The id of a resource of this kind named in the event, if any.
    pub fn resource_id(&self, resource: Resource) -> Option<&str> {
        match resource {
            Resource::Building => self.building_id.as_deref(),
            Resource::Floor => self.floor_id.as_deref(),
            Resource::Workspace => self.workspace_id.as_deref(),
        }
    }

    /// The timestamp as a date-time, when it is present and parses.
    pub fn parsed_timestamp(&self) -> Option<OffsetDateTime> {
        parse_timestamp(self.timestamp.as_deref()?).ok()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of thing is wrong; the [`Problem`] carries the field and value concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// A required field is absent.
    MissingField,
    /// A field holds another JSON type than the one it must have.
    WrongFieldType,
    /// An identifier is not a canonical hyphenated UUID.
    NotUuid,
    /// `timestamp` is not an RFC 3339 (or ISO 8601 `+hhmm`) date-time.
    BadTimestamp,
    /// `type` is none of the [`CATALOGUE`]'s: a warning only.
    UnknownType,
    /// `data.presenceStatus` is not "Free" or "Busy" in any case.
    BadPresenceStatus,
    /// `data.presenceStatus` is "busy" or "FREE": ROOMZ's own example writes "busy" while
    /// its schema says "Busy", so a warning only.
    PresenceStatusCase,
    /// A timestamp's offset written `+0000` (the draft's example): ISO 8601 but not
    /// RFC 3339, a warning only.
    OffsetWithoutColon,
    /// The type needs its resource's id where its shape puts it, and there is none.
    MissingResourceId,
    /// A key appears twice in one object: parsers disagree on which value wins.
    DuplicateField,
}

impl ProblemKind {
    /// A stable snake_case name, for machine output.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::MissingField => "missing_field",
            ProblemKind::WrongFieldType => "wrong_field_type",
            ProblemKind::NotUuid => "not_uuid",
            ProblemKind::BadTimestamp => "bad_timestamp",
            ProblemKind::UnknownType => "unknown_type",
            ProblemKind::BadPresenceStatus => "bad_presence_status",
            ProblemKind::PresenceStatusCase => "presence_status_case",
            ProblemKind::OffsetWithoutColon => "offset_without_colon",
            ProblemKind::MissingResourceId => "missing_resource_id",
            ProblemKind::DuplicateField => "duplicate_field",
        }
    }
}

/// One thing wrong with an event. `Display` gives the human message; values taken from
/// the body are quoted and escaped (`{:?}`), so control characters never reach a terminal
/// raw through it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub kind: ProblemKind,
    /// The field's path: `id`, `timestamp`, `data.workspaceId`.
    pub field: &'static str,
    /// What was found: the offending value (`NotUuid`, `BadTimestamp`, `UnknownType`,
    /// `BadPresenceStatus`) or the JSON type name (`WrongFieldType`).
    pub found: Option<String>,
    /// Why, or what would help: a timestamp's parse error, the other shape's field.
    pub detail: Option<String>,
}

impl Problem {
    fn error(kind: ProblemKind, field: &'static str) -> Self {
        Problem {
            severity: Severity::Error,
            kind,
            field,
            found: None,
            detail: None,
        }
    }

    fn warning(kind: ProblemKind, field: &'static str) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(kind, field)
        }
    }

    fn found(mut self, found: impl Into<String>) -> Self {
        self.found = Some(found.into());
        self
    }

    fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn found_str(&self) -> &str {
        self.found.as_deref().unwrap_or("")
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = self.field;
        let found = self.found_str();
        match self.kind {
            ProblemKind::MissingField => write!(f, "missing required field '{field}'")?,
            ProblemKind::WrongFieldType => write!(
                f,
                "field '{field}' must be {}, found {found}",
                expected_type(field)
            )?,
            ProblemKind::NotUuid => write!(f, "'{field}' is not a UUID: {found:?}")?,
            ProblemKind::BadTimestamp => {
                write!(f, "'{field}' is not an RFC 3339 date-time: {found:?}")?
            }
            ProblemKind::UnknownType => write!(f, "unknown event type '{}'", found.escape_debug())?,
            ProblemKind::BadPresenceStatus => {
                write!(f, "'{field}' must be \"Free\" or \"Busy\", found {found:?}")?
            }
            ProblemKind::PresenceStatusCase => write!(
                f,
                "'{field}' is {found:?}; ROOMZ's schema writes {:?}",
                canonical_presence(found).unwrap_or_default()
            )?,
            ProblemKind::OffsetWithoutColon => write!(
                f,
                "'{field}' writes its UTC offset without a colon ({found:?}, as ROOMZ's older draft does); RFC 3339 writes \"{}:{}\"",
                &found[..found.len().min(3)],
                found.get(3..).unwrap_or_default()
            )?,
            ProblemKind::MissingResourceId => write!(f, "a '{found}' event must have '{field}'")?,
            ProblemKind::DuplicateField => write!(
                f,
                "field '{field}' appears more than once (the last value is used)"
            )?,
        }
        match &self.detail {
            Some(detail) => write!(f, " ({detail})"),
            None => Ok(()),
        }
    }
}

/// Machine form of a problem: `{"severity","kind","field","message"}`.
impl serde::Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Problem", 4)?;
        s.serialize_field("severity", self.severity.as_str())?;
        s.serialize_field("kind", self.kind.as_str())?;
        s.serialize_field("field", self.field)?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

/// "Free" or "Busy" for a presence status in any case.
fn canonical_presence(status: &str) -> Option<&'static str> {
    PRESENCE_STATUSES
        .iter()
        .find(|s| s.eq_ignore_ascii_case(status))
        .copied()
}

/// The JSON type a field must have, as the messages say it.
fn expected_type(field: &str) -> &'static str {
    if field == "data" {
        "an object"
    } else {
        "a string"
    }
}

/// Why a body could not be inspected at all: it is not a JSON object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InspectError {
    #[error("the body is not JSON: {message} at line {line}, column {column}")]
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the body is a JSON {found}, not an object")]
    NotAnObject { found: &'static str },
    #[error("the body is not valid UTF-8, so it is not JSON")]
    NotUtf8,
}

/// An event and everything wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    pub event: WebhookEvent,
    pub problems: Vec<Problem>,
}

impl Inspection {
    /// True when no problem is an error: warnings (an unknown type, `"busy"`, `+0000`) do
    /// not count.
    pub fn is_valid(&self) -> bool {
        !self.problems.iter().any(Problem::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| !p.is_error())
    }

    /// The errors' messages: a record's `problems`.
    pub fn error_messages(&self) -> Vec<String> {
        self.errors().map(ToString::to_string).collect()
    }

    /// The warnings' messages: a record's `warnings`.
    pub fn warning_messages(&self) -> Vec<String> {
        self.warnings().map(ToString::to_string).collect()
    }
}

/// Parses and validates a webhook body.
///
/// `Err` only when the body is not a JSON object (the listener answers 400); any object is
/// inspected and every problem with it reported. The body is checked as UTF-8 once and then
/// read in one pass by visitors that borrow its strings and skip unknown values, instead of
/// building a `serde_json::Value` tree.
pub fn inspect(body: &[u8]) -> Result<Inspection, InspectError> {
    // Validating UTF-8 up front lets `from_str` skip re-validating every string, and tells
    // "not UTF-8" apart from "not JSON".
    let text = std::str::from_utf8(body).map_err(|_| InspectError::NotUtf8)?;
    if text.trim_matches(is_json_whitespace).is_empty() {
        return Err(InspectError::NotJson {
            line: 1,
            column: 0,
            message: "the body is empty".into(),
        });
    }
    match serde_json::from_str::<Top<'_>>(text).map_err(not_json)? {
        Top::Object(raw) => Ok(raw.validate()),
        Top::Other(kind) => Err(InspectError::NotAnObject {
            found: kind.as_str(),
        }),
    }
}

fn is_json_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// serde_json's message without its " at line L column C" suffix, which is kept apart.
fn not_json(error: serde_json::Error) -> InspectError {
    let (line, column) = (error.line(), error.column());
    let full = error.to_string();
    let suffix = format!(" at line {line} column {column}");
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    InspectError::NotJson {
        line,
        column,
        message,
    }
}

/// Whether `text` is a UUID in the canonical 8-4-4-4-12 hyphenated form, hex digits in
/// either case, any version or variant. `Uuid::parse_str` also takes the simple, braced
/// and URN forms; ROOMZ sends the canonical one, and an idempotency key compared as text
/// must not have two spellings.
pub fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Why a timestamp is not a date-time ROOMZ could have sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimestampError {
    #[error("the date and the time must be separated by 'T'")]
    Separator,
    #[error("it has no UTC offset such as 'Z' or '+01:00'")]
    NoOffset,
    #[error("the UTC offset's hours must be 00 to 23")]
    OffsetOutOfRange,
    #[error("{0}")]
    Invalid(time::error::Parse),
}

/// The older draft's form: an ISO 8601 offset without a colon (`+0000`).
const ISO_BASIC_OFFSET: &[time::format_description::BorrowedFormatItem<'_>] = format_description!(
    "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]][offset_hour sign:mandatory][offset_minute]"
);

/// A local date-time without any offset, recognised only to say what is missing.
const NO_OFFSET: &[time::format_description::BorrowedFormatItem<'_>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]");

/// Parses an event timestamp: RFC 3339 (`2024-05-21T08:22:32.452Z`, `+01:00`) or the
/// older draft's ISO 8601 offset without a colon (`2024-02-02T09:13:44+0000`); fractional
/// seconds optional in both.
pub fn parse_timestamp(text: &str) -> Result<OffsetDateTime, TimestampError> {
    // `time` accepts any byte between date and time; RFC 3339's grammar says 'T'.
    if text.len() > 10 && !matches!(text.as_bytes()[10], b'T' | b't') {
        return Err(TimestampError::Separator);
    }
    let parsed = match OffsetDateTime::parse(text, &Rfc3339) {
        Ok(parsed) => parsed,
        Err(_) if has_basic_offset(text) => {
            OffsetDateTime::parse(text, ISO_BASIC_OFFSET).map_err(TimestampError::Invalid)?
        }
        Err(_) if time::PrimitiveDateTime::parse(text, NO_OFFSET).is_ok() => {
            return Err(TimestampError::NoOffset)
        }
        Err(error) => return Err(TimestampError::Invalid(error)),
    };
    // `time` takes `+hhmm` offsets up to ±25:59; ISO 8601 hours stop at 23.
    if parsed.offset().whole_hours().abs() > 23 {
        return Err(TimestampError::OffsetOutOfRange);
    }
    Ok(parsed)
}

/// Whether `text` ends like `+hhmm` / `-hhmm`.
fn has_basic_offset(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() > 5 && {
        let tail = &bytes[bytes.len() - 5..];
        matches!(tail[0], b'+' | b'-') && tail[1..].iter().all(u8::is_ascii_digit)
    }
}

// ---------------------------------------------------------------------------------------
// Reading: visitors that record each known field's string or JSON type, nothing more.
// A derived `Deserialize` would stop at the first field of the wrong type; these read on,
// so that every problem can be reported. Strings are borrowed from the body, unknown
// values skipped with `IgnoredAny`: a valid event allocates only its owned output.
// (`&RawValue` would need serde_json's `raw_value` feature and still keep no type.)

/// A JSON value's type, as messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JsonType {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

impl JsonType {
    fn as_str(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Number => "number",
            JsonType::String => "string",
            JsonType::Array => "array",
            JsonType::Object => "object",
        }
    }
}

/// A field's value: its text when it is a string (borrowed unless it had escapes), else
/// only its type; arrays and objects are skipped without being built.
#[derive(Debug)]
enum Slot<'a> {
    Str(Cow<'a, str>),
    Other(JsonType),
}

impl Slot<'_> {
    fn as_str(&self) -> Option<&str> {
        match self {
            Slot::Str(s) => Some(s),
            Slot::Other(_) => None,
        }
    }
}

/// What a visitor makes of a value that is not the object (or string) it reads.
trait FromJsonType {
    fn other(kind: JsonType) -> Self;
}

/// The visits every visitor here shares: scalars and arrays become their type only, an
/// array's items skipped without being built.
macro_rules! scalar_visits {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Self::Value::other(JsonType::Boolean))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Self::Value::other(JsonType::Number))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Self::Value::other(JsonType::Number))
        }
        fn visit_i128<E: de::Error>(self, _: i128) -> Result<Self::Value, E> {
            Ok(Self::Value::other(JsonType::Number))
        }
        fn visit_u128<E: de::Error>(self, _: u128) -> Result<Self::Value, E> {
            Ok(Self::Value::other(JsonType::Number))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Self::Value::other(JsonType::Number))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Self::Value::other(JsonType::Null))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Self::Value::other(JsonType::Null))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Self::Value::other(JsonType::Array))
        }
    };
}

impl<'de> Deserialize<'de> for Slot<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SlotVisitor)
    }
}

struct SlotVisitor;

impl<'de> Visitor<'de> for SlotVisitor {
    type Value = Slot<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    scalar_visits!();

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Slot::Str(Cow::Borrowed(text)))
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Slot::Str(Cow::Owned(text.to_owned())))
    }
    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Slot::Str(Cow::Owned(text)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Slot::Other(JsonType::Object))
    }
}

/// The keys this module reads; every other key is skipped. Matched without allocating,
/// whether or not the key had escapes.
enum Key {
    Id,
    Type,
    Timestamp,
    ApiVersion,
    Data,
    WorkspaceId,
    BuildingId,
    FloorId,
    PresenceStatus,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(match key {
            "id" => Key::Id,
            "type" => Key::Type,
            "timestamp" => Key::Timestamp,
            "apiVersion" => Key::ApiVersion,
            "data" => Key::Data,
            "workspaceId" => Key::WorkspaceId,
            "buildingId" => Key::BuildingId,
            "floorId" => Key::FloorId,
            "presenceStatus" => Key::PresenceStatus,
            _ => Key::Other,
        })
    }
}

/// Stores a field's value; a second occurrence replaces the first (as JavaScript's
/// `JSON.parse` and `serde_json::Value` do) and is remembered for a warning.
fn put<T>(slot: &mut Option<T>, value: T, name: &'static str, duplicates: &mut Vec<&'static str>) {
    if slot.replace(value).is_some() && !duplicates.contains(&name) {
        duplicates.push(name);
    }
}

/// The `data` object's fields this module reads.
#[derive(Debug, Default)]
struct RawData<'a> {
    workspace_id: Option<Slot<'a>>,
    presence_status: Option<Slot<'a>>,
    duplicates: Vec<&'static str>,
}

/// `data`: an object, or whatever else was there.
#[derive(Debug)]
enum DataSlot<'a> {
    Object(RawData<'a>),
    Other(JsonType),
}

impl<'de> Deserialize<'de> for DataSlot<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DataVisitor)
    }
}

struct DataVisitor;

impl<'de> Visitor<'de> for DataVisitor {
    type Value = DataSlot<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    scalar_visits!();

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(DataSlot::Other(JsonType::String))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut data = RawData::default();
        while let Some(key) = map.next_key::<Key>()? {
            let dups = &mut data.duplicates;
            match key {
                Key::WorkspaceId => put(
                    &mut data.workspace_id,
                    map.next_value()?,
                    "data.workspaceId",
                    dups,
                ),
                Key::PresenceStatus => put(
                    &mut data.presence_status,
                    map.next_value()?,
                    "data.presenceStatus",
                    dups,
                ),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(DataSlot::Object(data))
    }
}

/// The envelope's fields this module reads.
#[derive(Debug, Default)]
struct RawEvent<'a> {
    id: Option<Slot<'a>>,
    event_type: Option<Slot<'a>>,
    timestamp: Option<Slot<'a>>,
    api_version: Option<Slot<'a>>,
    /// The older draft's top-level `workspaceId`.
    workspace_id: Option<Slot<'a>>,
    building_id: Option<Slot<'a>>,
    floor_id: Option<Slot<'a>>,
    data: Option<DataSlot<'a>>,
    duplicates: Vec<&'static str>,
}

/// The whole body: an event object, or the type of whatever else it is.
// Not boxed: it lives on the stack for one parse, and a box would allocate per request.
#[allow(clippy::large_enum_variant)]
enum Top<'a> {
    Object(RawEvent<'a>),
    Other(JsonType),
}

impl<'de> Deserialize<'de> for Top<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TopVisitor)
    }
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Top<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    scalar_visits!();

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Top::Other(JsonType::String))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut raw = RawEvent::default();
        while let Some(key) = map.next_key::<Key>()? {
            raw.read_field(key, &mut map)?;
        }
        Ok(Top::Object(raw))
    }
}

impl<'de> RawEvent<'de> {
    fn read_field<A: MapAccess<'de>>(&mut self, key: Key, map: &mut A) -> Result<(), A::Error> {
        let dups = &mut self.duplicates;
        match key {
            Key::Id => put(&mut self.id, map.next_value()?, "id", dups),
            Key::Type => put(&mut self.event_type, map.next_value()?, "type", dups),
            Key::Timestamp => put(&mut self.timestamp, map.next_value()?, "timestamp", dups),
            Key::ApiVersion => put(&mut self.api_version, map.next_value()?, "apiVersion", dups),
            Key::WorkspaceId => put(
                &mut self.workspace_id,
                map.next_value()?,
                "workspaceId",
                dups,
            ),
            Key::BuildingId => put(&mut self.building_id, map.next_value()?, "buildingId", dups),
            Key::FloorId => put(&mut self.floor_id, map.next_value()?, "floorId", dups),
            Key::Data => put(&mut self.data, map.next_value()?, "data", dups),
            Key::PresenceStatus | Key::Other => {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

impl FromJsonType for Slot<'_> {
    fn other(kind: JsonType) -> Self {
        Slot::Other(kind)
    }
}

impl FromJsonType for DataSlot<'_> {
    fn other(kind: JsonType) -> Self {
        DataSlot::Other(kind)
    }
}

impl FromJsonType for Top<'_> {
    fn other(kind: JsonType) -> Self {
        Top::Other(kind)
    }
}

// ---------------------------------------------------------------------------------------
// Validation: each field's checks in one small function, all problems collected.

impl RawEvent<'_> {
    fn data(&self) -> Option<&RawData<'_>> {
        match &self.data {
            Some(DataSlot::Object(data)) => Some(data),
            _ => None,
        }
    }

    fn event_type(&self) -> Option<&str> {
        self.event_type.as_ref().and_then(Slot::as_str)
    }

    /// `data.workspaceId` when present, else the top-level one; the shape says which.
    fn shape(&self) -> Shape {
        let in_data = self.data().is_some_and(|d| d.workspace_id.is_some());
        let top_level =
            self.workspace_id.is_some() || self.building_id.is_some() || self.floor_id.is_some();
        let draft_type = self
            .event_type()
            .and_then(lookup)
            .is_some_and(|t| t.generation == Generation::Draft);
        if !in_data && (top_level || draft_type) {
            Shape::Legacy
        } else {
            Shape::Current
        }
    }

    fn validate(self) -> Inspection {
        let mut problems = Vec::new();
        check_uuid(&mut problems, "id", self.id.as_ref(), true);
        self.check_type(&mut problems);
        check_timestamp(&mut problems, self.timestamp.as_ref());
        check_string(
            &mut problems,
            "apiVersion",
            self.api_version.as_ref(),
            false,
        );
        self.check_data(&mut problems);
        self.check_resource_ids(&mut problems);
        self.check_presence_status(&mut problems);
        self.report_duplicates(&mut problems);
        Inspection {
            event: self.into_event(),
            problems,
        }
    }

    fn check_type(&self, problems: &mut Vec<Problem>) {
        if let Some(kind) = check_string(problems, "type", self.event_type.as_ref(), true) {
            if lookup(kind).is_none() {
                problems.push(Problem::warning(ProblemKind::UnknownType, "type").found(kind));
            }
        }
    }

    /// `data` must be an object when present, and is required by the current shape's
    /// types (the current schema lists it as required).
    fn check_data(&self, problems: &mut Vec<Problem>) {
        match &self.data {
            Some(DataSlot::Other(kind)) => problems.push(wrong_type("data", *kind)),
            Some(DataSlot::Object(_)) => {}
            None => {
                let current = self
                    .event_type()
                    .and_then(lookup)
                    .is_some_and(|t| t.generation == Generation::Current);
                if current {
                    let mut problem = Problem::error(ProblemKind::MissingField, "data");
                    if self.workspace_id.is_some() {
                        problem = problem.detail(
                            "there is a top-level 'workspaceId', as in the older draft's shape",
                        );
                    }
                    problems.push(problem);
                }
            }
        }
    }

    /// Each resource id present must be a UUID; the catalogue says which one the type
    /// requires, and where.
    fn check_resource_ids(&self, problems: &mut Vec<Problem>) {
        let in_data = self.data().and_then(|d| d.workspace_id.as_ref());
        check_uuid(problems, "data.workspaceId", in_data, false);
        check_uuid(problems, "workspaceId", self.workspace_id.as_ref(), false);
        check_uuid(problems, "buildingId", self.building_id.as_ref(), false);
        check_uuid(problems, "floorId", self.floor_id.as_ref(), false);
        let Some(known) = self.event_type().and_then(lookup) else {
            return;
        };
        let (present, hint) = match known.generation {
            // A missing `data` is reported once, by `check_data`.
            Generation::Current if self.data.is_none() => return,
            Generation::Current => (
                in_data.is_some(),
                self.workspace_id
                    .as_ref()
                    .map(|_| "there is a top-level 'workspaceId', as in the older draft's shape"),
            ),
            Generation::Draft => {
                let top = match known.resource {
                    Resource::Building => &self.building_id,
                    Resource::Floor => &self.floor_id,
                    Resource::Workspace => &self.workspace_id,
                };
                let moved = known.resource == Resource::Workspace && in_data.is_some();
                (
                    top.is_some(),
                    moved.then_some("there is a 'data.workspaceId', as in the current shape"),
                )
            }
        };
        if !present {
            let mut problem =
                Problem::error(ProblemKind::MissingResourceId, known.id_path()).found(known.name);
            if let Some(hint) = hint {
                problem = problem.detail(hint);
            }
            problems.push(problem);
        }
    }

    /// `data.presenceStatus` of a presence event: "Free" or "Busy"; another case of them
    /// (ROOMZ's own example writes "busy") is a warning.
    fn check_presence_status(&self, problems: &mut Vec<Problem>) {
        if self.event_type() != Some(PRESENCE_CHANGED) || self.data.is_none() {
            return;
        }
        let field = "data.presenceStatus";
        let slot = self.data().and_then(|d| d.presence_status.as_ref());
        if let Some(status) = check_string(problems, field, slot, true) {
            match canonical_presence(status) {
                Some(canonical) if canonical == status => {}
                Some(_) => problems
                    .push(Problem::warning(ProblemKind::PresenceStatusCase, field).found(status)),
                None => problems
                    .push(Problem::error(ProblemKind::BadPresenceStatus, field).found(status)),
            }
        }
    }

    fn report_duplicates(&self, problems: &mut Vec<Problem>) {
        let in_data = self
            .data()
            .map(|d| d.duplicates.as_slice())
            .unwrap_or_default();
        for field in self.duplicates.iter().chain(in_data) {
            problems.push(Problem::warning(ProblemKind::DuplicateField, field));
        }
    }

    fn into_event(self) -> WebhookEvent {
        let shape = self.shape();
        let (data_workspace_id, presence_status) = match self.data {
            Some(DataSlot::Object(data)) => (data.workspace_id, data.presence_status),
            _ => (None, None),
        };
        WebhookEvent {
            id: owned(self.id),
            event_type: owned(self.event_type),
            timestamp: owned(self.timestamp),
            api_version: owned(self.api_version),
            workspace_id: owned(data_workspace_id).or_else(|| owned(self.workspace_id)),
            building_id: owned(self.building_id),
            floor_id: owned(self.floor_id),
            presence_status: owned(presence_status),
            shape,
        }
    }
}

/// A string field's text, the only allocation of a field's value.
fn owned(slot: Option<Slot<'_>>) -> Option<String> {
    match slot? {
        Slot::Str(text) => Some(text.into_owned()),
        Slot::Other(_) => None,
    }
}

fn wrong_type(field: &'static str, kind: JsonType) -> Problem {
    Problem::error(ProblemKind::WrongFieldType, field).found(kind.as_str())
}

/// The field's text when it is a string; otherwise records why not (absent and required,
/// or another type) and returns `None`.
fn check_string<'s>(
    problems: &mut Vec<Problem>,
    field: &'static str,
    slot: Option<&'s Slot<'_>>,
    required: bool,
) -> Option<&'s str> {
    match slot {
        Some(Slot::Str(text)) => Some(text),
        Some(Slot::Other(kind)) => {
            problems.push(wrong_type(field, *kind));
            None
        }
        None => {
            if required {
                problems.push(Problem::error(ProblemKind::MissingField, field));
            }
            None
        }
    }
}

fn check_uuid(
    problems: &mut Vec<Problem>,
    field: &'static str,
    slot: Option<&Slot<'_>>,
    required: bool,
) {
    if let Some(text) = check_string(problems, field, slot, required) {
        if !is_uuid(text) {
            problems.push(Problem::error(ProblemKind::NotUuid, field).found(text));
        }
    }
}

fn check_timestamp(problems: &mut Vec<Problem>, slot: Option<&Slot<'_>>) {
    let field = "timestamp";
    if let Some(text) = check_string(problems, field, slot, true) {
        match parse_timestamp(text) {
            Err(error) => {
                let problem = Problem::error(ProblemKind::BadTimestamp, field).found(text);
                problems.push(problem.detail(error.to_string()));
            }
            Ok(_) if has_basic_offset(text) => {
                let offset = &text[text.len() - 5..];
                problems
                    .push(Problem::warning(ProblemKind::OffsetWithoutColon, field).found(offset));
            }
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;
    use std::path::{Path, PathBuf};

    const PRESENCE: &str = r#"{"id":"e6ae112e-2af3-4d72-894b-03435d7afde4","type":"workspace.presence.changed","timestamp":"2024-05-21T08:22:32.452Z","apiVersion":"1.0","data":{"workspaceId":"9f3c2a7e-5b1d-4c8e-a6f4-2d7e8b9c0a15","presenceStatus":"Free"}}"#;
    const LEGACY: &str = r#"{"id":"4f6aa5b6-8d68-4b48-b779-861fba5c20ba","type":"workspace.status.updated","timestamp":"2024-02-02T09:13:44+0000","workspaceId":"df801b47-b7be-48e8-8e21-20e20c75906c"}"#;
    const ID: &str = "e6ae112e-2af3-4d72-894b-03435d7afde4";
    const WS: &str = "9f3c2a7e-5b1d-4c8e-a6f4-2d7e8b9c0a15";

    fn ok(body: &str) -> Inspection {
        inspect(body.as_bytes()).unwrap_or_else(|e| panic!("{e}: {body}"))
    }

    fn messages(inspection: &Inspection) -> Vec<String> {
        inspection
            .problems
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn kinds(inspection: &Inspection) -> Vec<(Severity, ProblemKind, &'static str)> {
        let p = &inspection.problems;
        p.iter().map(|p| (p.severity, p.kind, p.field)).collect()
    }

    /// A presence event with `extra` spliced in after the opening brace and the named
    /// top-level fields removed first.
    fn presence_with(remove: &[&str], extra: &str) -> String {
        let mut value: serde_json::Value = serde_json::from_str(PRESENCE).unwrap();
        for key in remove {
            value.as_object_mut().unwrap().shift_remove(*key);
        }
        let text = value.to_string();
        let sep = if extra.is_empty() || text == "{}" {
            ""
        } else {
            ","
        };
        format!("{{{extra}{sep}{}", &text[1..])
    }

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
    }

    fn sorted_files(dir: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
    }

    #[test]
    fn reads_the_current_shape() {
        let inspection = ok(PRESENCE);
        assert_eq!(inspection.problems, vec![]);
        assert!(inspection.is_valid());
        assert_eq!(
            inspection.event,
            WebhookEvent {
                id: Some(ID.into()),
                event_type: Some(PRESENCE_CHANGED.into()),
                timestamp: Some("2024-05-21T08:22:32.452Z".into()),
                api_version: Some("1.0".into()),
                workspace_id: Some(WS.into()),
                building_id: None,
                floor_id: None,
                presence_status: Some("Free".into()),
                shape: Shape::Current,
            }
        );
        assert!(inspection.event.is_known_type());
        let at = inspection.event.parsed_timestamp().unwrap();
        assert_eq!(at.unix_timestamp(), 1_716_279_752);
    }

    #[test]
    fn reads_the_legacy_shape() {
        let inspection = ok(LEGACY);
        assert_eq!(
            kinds(&inspection),
            [(
                Severity::Warning,
                ProblemKind::OffsetWithoutColon,
                "timestamp"
            )]
        );
        let event = inspection.event;
        assert_eq!(event.shape, Shape::Legacy);
        assert_eq!(
            event.workspace_id.as_deref(),
            Some("df801b47-b7be-48e8-8e21-20e20c75906c")
        );
        assert_eq!(event.event_type.as_deref(), Some(STATUS_UPDATED));
        assert_eq!(event.api_version, None);
        assert_eq!(event.presence_status, None);
    }

    #[test]
    fn workspace_id_comes_from_data_first_then_the_top_level() {
        let both = presence_with(
            &[],
            r#""workspaceId":"df801b47-b7be-48e8-8e21-20e20c75906c""#,
        );
        let inspection = ok(&both);
        assert_eq!(inspection.event.workspace_id.as_deref(), Some(WS));
        assert_eq!(inspection.event.shape, Shape::Current);
        assert!(inspection.is_valid(), "{:?}", messages(&inspection));

        let top_only = r#"{"id":"e6ae112e-2af3-4d72-894b-03435d7afde4","type":"workspace.renamed","timestamp":"2024-05-21T08:22:32Z","workspaceId":"df801b47-b7be-48e8-8e21-20e20c75906c"}"#;
        let inspection = ok(top_only);
        assert_eq!(inspection.event.shape, Shape::Legacy);
        assert_eq!(
            inspection.event.workspace_id.as_deref(),
            Some("df801b47-b7be-48e8-8e21-20e20c75906c")
        );
    }

    #[test]
    fn unknown_extra_fields_are_fine() {
        let body = presence_with(&[], r#""extra":{"deep":[1,{"x":null}]},"n":1.5e3"#);
        assert_eq!(ok(&body).problems, vec![]);
    }

    #[test]
    fn missing_required_fields() {
        for field in ["id", "type", "timestamp"] {
            let inspection = ok(&presence_with(&[field], ""));
            assert_eq!(
                messages(&inspection),
                vec![format!("missing required field '{field}'")]
            );
            assert_eq!(inspection.problems[0].kind, ProblemKind::MissingField);
            assert!(!inspection.is_valid());
        }
        // apiVersion and data are optional (data is needed by presence events only).
        let inspection = ok(&presence_with(&["apiVersion"], ""));
        assert!(inspection.is_valid());
    }

    #[test]
    fn wrong_field_types_name_the_field_and_the_type_found() {
        let cases = [
            ("id", "42", "field 'id' must be a string, found number"),
            (
                "type",
                "true",
                "field 'type' must be a string, found boolean",
            ),
            (
                "timestamp",
                "null",
                "field 'timestamp' must be a string, found null",
            ),
            (
                "apiVersion",
                "1.0",
                "field 'apiVersion' must be a string, found number",
            ),
            (
                "apiVersion",
                "{}",
                "field 'apiVersion' must be a string, found object",
            ),
            ("id", "[\"a\"]", "field 'id' must be a string, found array"),
        ];
        for (field, value, message) in cases {
            let body = presence_with(&[field], &format!("{field:?}:{value}"));
            let inspection = ok(&body);
            assert_eq!(messages(&inspection), vec![message.to_string()], "{body}");
            assert_eq!(inspection.problems[0].kind, ProblemKind::WrongFieldType);
            assert_eq!(inspection.event.id.is_some(), field != "id");
        }
    }

    #[test]
    fn data_that_is_not_an_object() {
        for (value, found) in [("\"x\"", "string"), ("[1]", "array"), ("7", "number")] {
            let body = presence_with(&["data"], &format!("\"data\":{value}"));
            let inspection = ok(&body);
            let expected = format!("field 'data' must be an object, found {found}");
            assert_eq!(messages(&inspection)[0], expected);
            // A presence event without a data object also lacks its two fields.
            assert_eq!(
                kinds(&inspection)[1..],
                [
                    (
                        Severity::Error,
                        ProblemKind::MissingResourceId,
                        "data.workspaceId"
                    ),
                    (
                        Severity::Error,
                        ProblemKind::MissingField,
                        "data.presenceStatus"
                    ),
                ]
            );
        }
    }

    #[test]
    fn identifiers_must_be_canonical_uuids() {
        assert!(is_uuid(ID));
        assert!(is_uuid("E6AE112E-2AF3-4D72-894B-03435D7AFDE4"));
        assert!(is_uuid("00000000-0000-0000-0000-000000000000"));
        // Any version: a v1 and a v7.
        assert!(is_uuid("7d444840-9dc0-11d1-b245-5ffdce74fad2"));
        assert!(is_uuid("018f9b1e-5c2a-7b3d-9e4f-0a1b2c3d4e5f"));
        for not in [
            "abc",
            "",
            "e6ae112e2af34d72894b03435d7afde4",
            "{e6ae112e-2af3-4d72-894b-03435d7afde4}",
            "urn:uuid:e6ae112e-2af3-4d72-894b-03435d7afde4",
            "e6ae112e-2af3-4d72-894b-03435d7afdeg",
            "e6ae112e-2af34-d72-894b-03435d7afde4",
            " e6ae112e-2af3-4d72-894b-03435d7afde4",
            "e6ae112e-2af3-4d72-894b-03435d7afdé",
        ] {
            assert!(!is_uuid(not), "{not}");
        }
        let inspection = ok(&presence_with(&["id"], r#""id":"abc""#));
        assert_eq!(messages(&inspection), vec![r#"'id' is not a UUID: "abc""#]);
        assert_eq!(inspection.event.id.as_deref(), Some("abc"));
    }

    #[test]
    fn workspace_ids_must_be_uuids_wherever_they_are() {
        let body = PRESENCE.replace(WS, "room-12");
        let inspection = ok(&body);
        assert_eq!(
            messages(&inspection),
            vec![r#"'data.workspaceId' is not a UUID: "room-12""#]
        );
        let body = LEGACY.replace("df801b47-b7be-48e8-8e21-20e20c75906c", "");
        assert_eq!(
            ok(&body).error_messages(),
            vec![r#"'workspaceId' is not a UUID: """#]
        );
        let body = LEGACY.replace("\"df801b47-b7be-48e8-8e21-20e20c75906c\"", "12");
        assert_eq!(
            ok(&body).error_messages(),
            vec!["field 'workspaceId' must be a string, found number"]
        );
    }

    #[test]
    fn unknown_type_is_only_a_warning() {
        let body = PRESENCE.replace(PRESENCE_CHANGED, "workspace.renamed");
        let inspection = ok(&body);
        assert!(inspection.is_valid());
        assert_eq!(inspection.errors().count(), 0);
        let warnings: Vec<_> = inspection.warnings().collect();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].kind, ProblemKind::UnknownType);
        assert_eq!(
            warnings[0].to_string(),
            "unknown event type 'workspace.renamed'"
        );
        assert!(!inspection.event.is_known_type());
    }

    #[test]
    fn presence_status_must_be_free_or_busy() {
        for status in ["Free", "Busy"] {
            let body = PRESENCE.replace("\"Free\"", &format!("{status:?}"));
            assert!(ok(&body).problems.is_empty(), "{status}");
        }
        let body = PRESENCE.replace("\"Free\"", "\"Away\"");
        let inspection = ok(&body);
        assert_eq!(
            messages(&inspection),
            vec![r#"'data.presenceStatus' must be "Free" or "Busy", found "Away""#]
        );
        assert_eq!(inspection.problems[0].kind, ProblemKind::BadPresenceStatus);
        let body = PRESENCE.replace("\"Free\"", "false");
        assert_eq!(
            messages(&ok(&body)),
            vec!["field 'data.presenceStatus' must be a string, found boolean"]
        );
        let body = PRESENCE.replace(",\"presenceStatus\":\"Free\"", "");
        assert_eq!(
            messages(&ok(&body)),
            vec!["missing required field 'data.presenceStatus'"]
        );
        // Other types are not held to the presence rules.
        let body = LEGACY.replace("}", ",\"data\":{\"presenceStatus\":\"Away\"}}");
        assert!(ok(&body).errors().next().is_none());
    }

    #[test]
    fn missing_workspace_id_says_where_it_belongs() {
        let body = PRESENCE.replace(&format!("\"workspaceId\":\"{WS}\","), "");
        let inspection = ok(&body);
        assert_eq!(
            messages(&inspection),
            vec!["a 'workspace.presence.changed' event must have 'data.workspaceId'"]
        );
        assert_eq!(inspection.problems[0].kind, ProblemKind::MissingResourceId);
        assert_eq!(inspection.event.workspace_id, None);

        // The presence type in the older shape: the id is read, and the shape named.
        let moved = body.replace("\"data\"", &format!("\"workspaceId\":\"{WS}\",\"data\""));
        let inspection = ok(&moved);
        assert_eq!(inspection.event.workspace_id.as_deref(), Some(WS));
        assert_eq!(inspection.event.shape, Shape::Legacy);
        assert!(messages(&inspection)[0]
            .ends_with("(there is a top-level 'workspaceId', as in the older draft's shape)"));

        let body = LEGACY.replace(",\"workspaceId\"", ",\"data\":{\"workspaceId\"");
        let body = body.replace("6c\"}", "6c\"}}");
        let inspection = ok(&body);
        assert_eq!(
            inspection.error_messages(),
            vec!["a 'workspace.status.updated' event must have 'workspaceId' (there is a 'data.workspaceId', as in the current shape)"]
        );
        assert_eq!(inspection.event.shape, Shape::Current);
        let bare = r#"{"id":"4f6aa5b6-8d68-4b48-b779-861fba5c20ba","type":"workspace.status.updated","timestamp":"2024-02-02T09:13:44Z"}"#;
        let inspection = ok(bare);
        assert_eq!(inspection.event.shape, Shape::Legacy);
        assert_eq!(
            kinds(&inspection),
            [(
                Severity::Error,
                ProblemKind::MissingResourceId,
                "workspaceId"
            )]
        );
    }

    #[test]
    fn duplicate_keys_warn_and_the_last_wins() {
        let body = format!(
            r#"{{"id":"abc",{},"data":{{"presenceStatus":"Busy","workspaceId":"{WS}","presenceStatus":"Free"}}}}"#,
            &presence_with(&["data"], "")[1..].trim_end_matches('}')
        );
        let inspection = ok(&body);
        assert!(inspection.is_valid(), "{:?}", messages(&inspection));
        assert_eq!(inspection.event.id.as_deref(), Some(ID));
        assert_eq!(inspection.event.presence_status.as_deref(), Some("Free"));
        assert_eq!(
            messages(&inspection),
            vec![
                "field 'id' appears more than once (the last value is used)",
                "field 'data.presenceStatus' appears more than once (the last value is used)",
            ]
        );
    }

    #[test]
    fn timestamps_in_both_documented_forms() {
        let cases = [
            ("2024-05-21T08:22:32.452Z", 1_716_279_752, 452_000_000),
            ("2024-05-21T08:22:32Z", 1_716_279_752, 0),
            ("2024-05-21T09:22:32+01:00", 1_716_279_752, 0),
            ("2024-05-21T08:22:32.5-00:00", 1_716_279_752, 500_000_000),
            ("2024-05-21t08:22:32z", 1_716_279_752, 0),
            ("2024-02-02T09:13:44+0000", 1_706_865_224, 0),
            ("2024-02-02T10:13:44.123+0100", 1_706_865_224, 123_000_000),
            ("2024-02-02T04:13:44-0500", 1_706_865_224, 0),
            ("2024-05-21T08:22:32.123456789Z", 1_716_279_752, 123_456_789),
        ];
        for (text, unix, nanos) in cases {
            let at = parse_timestamp(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(
                (at.unix_timestamp(), at.nanosecond()),
                (unix, nanos),
                "{text}"
            );
        }
    }

    #[test]
    fn invalid_timestamps_say_why() {
        let invalid = [
            "yesterday",
            "",
            "2024-13-01T00:00:00Z",
            "2024-02-30T00:00:00Z",
            "2024-05-21T25:00:00Z",
            "2024-05-21",
            "2024-05-21T08:22Z",
            "2024-05-21T08:22:32",
            "2024-05-21 08:22:32Z",
            "2024-05-21X08:22:32Z",
            "2024-05-21T08:22:32+2500",
            "2024-05-21T08:22:32+01",
            "2024-05-21T08:22:32.Z",
            "1716279752",
        ];
        for text in invalid {
            assert!(parse_timestamp(text).is_err(), "{text}");
        }
        assert_eq!(
            parse_timestamp("2024-05-21T08:22:32"),
            Err(TimestampError::NoOffset)
        );
        assert_eq!(
            parse_timestamp("2024-05-21 08:22:32Z"),
            Err(TimestampError::Separator)
        );
        assert!(parse_timestamp("2024-05-21T08:22:32+24:00").is_err());
        assert_eq!(
            parse_timestamp("2024-05-21T08:22:32-2500"),
            Err(TimestampError::OffsetOutOfRange)
        );
        assert!(parse_timestamp("2024-05-21T08:22:32-23:59").is_ok());
        let month = parse_timestamp("2024-13-01T00:00:00Z")
            .unwrap_err()
            .to_string();
        assert!(month.contains("month"), "{month}");

        let body = presence_with(&["timestamp"], r#""timestamp":"2024-13-01T00:00:00Z""#);
        let message = &messages(&ok(&body))[0];
        assert!(
            message.starts_with(
                r#"'timestamp' is not an RFC 3339 date-time: "2024-13-01T00:00:00Z" ("#
            ),
            "{message}"
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let inspection = ok("{}");
        assert_eq!(
            messages(&inspection),
            vec![
                "missing required field 'id'",
                "missing required field 'type'",
                "missing required field 'timestamp'",
            ]
        );
        assert_eq!(inspection.event.shape, Shape::Current);

        let body = r#"{"id":"abc","type":"workspace.presence.changed","timestamp":"yesterday","apiVersion":1,"data":{"workspaceId":"x","presenceStatus":"Away"}}"#;
        let inspection = ok(body);
        assert_eq!(
            kinds(&inspection),
            [
                (Severity::Error, ProblemKind::NotUuid, "id"),
                (Severity::Error, ProblemKind::BadTimestamp, "timestamp"),
                (Severity::Error, ProblemKind::WrongFieldType, "apiVersion"),
                (Severity::Error, ProblemKind::NotUuid, "data.workspaceId"),
                (
                    Severity::Error,
                    ProblemKind::BadPresenceStatus,
                    "data.presenceStatus"
                ),
            ]
        );
        assert_eq!(inspection.errors().count(), 5);
    }

    #[test]
    fn escaped_strings_and_keys_are_read() {
        let body = r#"{"\u0069d":"e6ae112e\u002d2af3-4d72-894b-03435d7afde4","type":"workspace.presence.changed","timestamp":"2024-05-21T08:22:32Z","data":{"workspaceId":"9f3c2a7e-5b1d-4c8e-a6f4-2d7e8b9c0a15","presence\u0053tatus":"Bu\u0073y"}}"#;
        let inspection = ok(body);
        assert_eq!(inspection.problems, vec![]);
        assert_eq!(inspection.event.id.as_deref(), Some(ID));
        assert_eq!(inspection.event.presence_status.as_deref(), Some("Busy"));
    }

    #[test]
    fn messages_escape_control_characters() {
        let body = presence_with(
            &["id", "type"],
            r#""id":"\u001b[31mred\r\n","type":"x\u0007\u001b""#,
        );
        let inspection = ok(&body);
        let all = messages(&inspection).join("\n");
        assert!(!all.chars().any(|c| c.is_control() && c != '\n'), "{all:?}");
        assert!(
            all.contains(r#"'id' is not a UUID: "\u{1b}[31mred\r\n""#),
            "{all}"
        );
        assert!(all.contains(r"unknown event type 'x\u{7}\u{1b}'"), "{all}");
    }

    #[test]
    fn problems_serialise_for_machine_output() {
        let inspection = ok(&presence_with(&["id"], r#""id":"abc""#));
        let json = serde_json::to_value(&inspection.problems).unwrap();
        assert_eq!(
            json,
            serde_json::json!([{
                "severity": "error",
                "kind": "not_uuid",
                "field": "id",
                "message": "'id' is not a UUID: \"abc\""
            }])
        );
    }

    #[test]
    fn bodies_that_are_not_objects() {
        let cases = [
            ("[]", "array"),
            ("[1,[2,{\"a\":3}]]", "array"),
            ("\"hello\"", "string"),
            ("\"esc\\u0041ped\"", "string"),
            ("42", "number"),
            ("-1.5e10", "number"),
            ("true", "boolean"),
            ("null", "null"),
        ];
        for (body, found) in cases {
            assert_eq!(
                inspect(body.as_bytes()),
                Err(InspectError::NotAnObject { found }),
                "{body}"
            );
        }
        assert_eq!(
            InspectError::NotAnObject { found: "array" }.to_string(),
            "the body is a JSON array, not an object"
        );
    }

    #[test]
    fn bodies_that_are_not_json() {
        let error = inspect(b"{\n  \"id\": 1,\n  oops\n}").unwrap_err();
        assert_eq!(
            error,
            InspectError::NotJson {
                line: 3,
                column: 3,
                message: "key must be a string".into()
            }
        );
        assert_eq!(
            error.to_string(),
            "the body is not JSON: key must be a string at line 3, column 3"
        );
        for empty in [&b""[..], b"  \r\n\t"] {
            let error = inspect(empty).unwrap_err();
            assert!(matches!(error, InspectError::NotJson { .. }), "{error:?}");
            assert!(error.to_string().contains("the body is empty"), "{error}");
        }
        let trailing = inspect(format!("{PRESENCE} x").as_bytes()).unwrap_err();
        assert!(
            trailing.to_string().contains("trailing characters"),
            "{trailing}"
        );
        assert_eq!(inspect(b"{\"id\":\"\xff\"}"), Err(InspectError::NotUtf8));
        // A byte-order mark is not JSON whitespace.
        assert!(matches!(
            inspect(b"\xef\xbb\xbf{}"),
            Err(InspectError::NotJson { .. })
        ));
    }

    #[test]
    fn signature_vectors_inspect_as_expected() {
        let path = crate::core::shared_vector("signatures.json");
        let vectors: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let cases = vectors["cases"].as_array().unwrap();
        assert!(cases.len() >= 6);
        for case in cases {
            let name = case["name"].as_str().unwrap();
            let body = STANDARD
                .decode(case["body_base64"].as_str().unwrap())
                .unwrap();
            let result = inspect(&body);
            match name {
                "empty-body" => {
                    assert!(
                        matches!(result, Err(InspectError::NotJson { .. })),
                        "{result:?}"
                    )
                }
                "status-pretty" => {
                    let inspection = result.unwrap();
                    assert_eq!(inspection.error_messages(), Vec::<String>::new(), "{name}");
                    let warnings: Vec<_> = inspection.warnings().map(|p| p.kind).collect();
                    assert_eq!(warnings, [ProblemKind::OffsetWithoutColon]);
                    assert_eq!(inspection.event.shape, Shape::Legacy);
                    assert_eq!(
                        inspection.event.id.as_deref(),
                        Some("4f6aa5b6-8d68-4b48-b779-861fba5c20ba")
                    );
                }
                "utf8-body" => {
                    // Non-ASCII in an extra field ("Salle été ☃"); otherwise a valid event.
                    assert!(std::str::from_utf8(&body).unwrap().contains('☃'));
                    let inspection = result.unwrap();
                    assert_eq!(inspection.problems, vec![], "{name}");
                    assert_eq!(inspection.event.presence_status.as_deref(), Some("Free"));
                    assert_eq!(
                        inspection.event.timestamp.as_deref(),
                        Some("2024-05-21T08:22:32Z")
                    );
                }
                _ => {
                    let inspection = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                    assert_eq!(inspection.problems, vec![], "{name}");
                    assert_eq!(inspection.event.shape, Shape::Current, "{name}");
                    assert_eq!(inspection.event.id.as_deref(), Some(ID), "{name}");
                    assert_eq!(inspection.event.presence_status.as_deref(), Some("Busy"));
                }
            }
        }
    }

    #[test]
    fn sample_events_are_valid() {
        let files = sorted_files(&fixtures().join("events"));
        assert_eq!(files.len(), 4, "{files:?}");
        let mut ids = Vec::new();
        for file in files {
            let name = file.file_name().unwrap().to_str().unwrap().to_owned();
            let body = std::fs::read(&file).unwrap();
            let inspection = inspect(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(inspection.is_valid(), "{name}: {:?}", messages(&inspection));
            let warnings: Vec<_> = inspection.warnings().map(|p| p.kind).collect();
            let expected = match name.as_str() {
                "unknown-type.json" => vec![ProblemKind::UnknownType],
                "status-updated-legacy.json" => vec![ProblemKind::OffsetWithoutColon],
                _ => vec![],
            };
            assert_eq!(warnings, expected, "{name}");
            if name == "status-updated-legacy.json" {
                assert_eq!(inspection.event.shape, Shape::Legacy);
            }
            if name == "presence-changed.json" {
                assert!(
                    !body.contains(&b'\n'),
                    "compact, one line, no final newline"
                );
            }
            ids.push(inspection.event.id.unwrap());
        }
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "sample events have distinct ids");
    }

    #[test]
    fn invalid_events_fail_as_expected() {
        let dir = fixtures().join("invalid");
        let expected: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
        let files = sorted_files(&dir);
        let names: Vec<String> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_str().unwrap().to_owned())
            .filter(|n| n != "expected.json")
            .collect();
        let mut listed: Vec<&String> = expected.keys().collect();
        listed.sort();
        assert_eq!(
            names.iter().collect::<Vec<_>>(),
            listed,
            "expected.json lists every file"
        );
        for name in &names {
            let want = expected[name].as_str().unwrap();
            let body = std::fs::read(dir.join(name)).unwrap();
            let got = match inspect(&body) {
                Err(error) => vec![error.to_string()],
                Ok(inspection) => {
                    assert!(!inspection.is_valid(), "{name} should have an error");
                    inspection.errors().map(ToString::to_string).collect()
                }
            };
            assert!(
                got.iter().any(|m| m.contains(want)),
                "{name}: {got:?} lacks {want:?}"
            );
        }
    }

    #[test]
    fn never_panics_on_truncated_or_garbage_input() {
        let mut bodies: Vec<Vec<u8>> = vec![PRESENCE.into(), LEGACY.into()];
        for file in sorted_files(&fixtures().join("events")) {
            bodies.push(std::fs::read(file).unwrap());
        }
        for body in &bodies {
            for end in 0..=body.len() {
                let _ = inspect(&body[..end]);
                let _ = inspect(&body[end..]);
            }
        }
        // Deep nesting stops at serde_json's recursion limit instead of the stack's.
        for open in ["[", "{\"a\":", "{\"data\":[", "{\"id\":{\"x\":"] {
            let deep = open.repeat(100_000);
            assert!(matches!(
                inspect(deep.as_bytes()),
                Err(InspectError::NotJson { .. })
            ));
        }
        // Pseudo-random bytes, and random printable JSON-ish characters.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet = br#"{}[]":,0123456789.eE+-truefalsnl \u\"idtypewrkscIDa"#;
        for _ in 0..2_000 {
            let len = (next() % 96) as usize;
            let raw: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            let _ = inspect(&raw);
            let jsonish: Vec<u8> = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let _ = inspect(&jsonish);
        }
        for text in ["2024-05-21T08:22:32.452Z", "2024-02-02T09:13:44+0000"] {
            for end in 0..=text.len() {
                let _ = parse_timestamp(&text[..end]);
            }
        }
        let _ = parse_timestamp("2024-05-21Té08:22:32Z");
        let _ = parse_timestamp("é€€€€€€€€€€€€€€€€€");
    }

    /// The smallest event of `kind` with every field the catalogue requires.
    fn minimal(kind: &EventType) -> serde_json::Value {
        let mut event = serde_json::json!({
            "id": ID,
            "type": kind.name,
            "timestamp": "2024-05-21T08:22:32.452Z",
        });
        match kind.generation {
            Generation::Current => {
                event["data"] = serde_json::json!({"workspaceId": WS, "presenceStatus": "Busy"})
            }
            Generation::Draft => event[kind.resource.id_field()] = WS.into(),
        }
        event
    }

    #[test]
    fn every_catalogued_type_with_its_required_fields_is_clean() {
        for kind in CATALOGUE {
            let body = minimal(kind).to_string();
            let inspection = ok(&body);
            assert_eq!(messages(&inspection), Vec::<String>::new(), "{body}");
            assert!(inspection.event.is_known_type());
            assert_eq!(inspection.event.catalogued(), Some(kind));
            assert_eq!(inspection.event.resource_id(kind.resource), Some(WS));
            let shape = match kind.generation {
                Generation::Current => Shape::Current,
                Generation::Draft => Shape::Legacy,
            };
            assert_eq!(inspection.event.shape, shape, "{}", kind.name);
        }
    }

    #[test]
    fn every_catalogued_type_without_its_id_has_a_problem() {
        for kind in CATALOGUE {
            let mut event = minimal(kind);
            let object = event.as_object_mut().unwrap();
            match kind.generation {
                Generation::Current => {
                    object["data"]
                        .as_object_mut()
                        .unwrap()
                        .remove("workspaceId");
                }
                Generation::Draft => {
                    object.remove(kind.resource.id_field());
                }
            }
            let inspection = ok(&event.to_string());
            assert!(!inspection.is_valid(), "{}", kind.name);
            assert_eq!(
                inspection.error_messages(),
                vec![format!(
                    "a '{}' event must have '{}'",
                    kind.name,
                    kind.id_path()
                )]
            );
            // An id that is not a UUID is a problem too.
            let mut event = minimal(kind);
            match kind.generation {
                Generation::Current => event["data"]["workspaceId"] = "room-1".into(),
                Generation::Draft => event[kind.resource.id_field()] = "room-1".into(),
            }
            let inspection = ok(&event.to_string());
            assert_eq!(
                inspection.error_messages(),
                vec![format!("'{}' is not a UUID: \"room-1\"", kind.id_path())]
            );
        }
        // A building event with a floor's id names the field it lacks.
        let wrong = format!(
            r#"{{"id":"{ID}","type":"building.updated","timestamp":"2024-05-21T08:22:32Z","floorId":"{WS}"}}"#
        );
        assert_eq!(
            ok(&wrong).error_messages(),
            vec!["a 'building.updated' event must have 'buildingId'"]
        );
    }

    #[test]
    fn data_is_required_in_the_current_shape() {
        let inspection = ok(&presence_with(&["data"], ""));
        assert_eq!(
            kinds(&inspection),
            [(Severity::Error, ProblemKind::MissingField, "data")]
        );
        assert_eq!(messages(&inspection), vec!["missing required field 'data'"]);
        let inspection = ok(&presence_with(
            &["data"],
            &format!(r#""workspaceId":"{WS}""#),
        ));
        assert_eq!(
            messages(&inspection),
            vec!["missing required field 'data' (there is a top-level 'workspaceId', as in the older draft's shape)"]
        );
        // Draft types need no data, and an unknown type is not held to either shape.
        assert!(ok(LEGACY).is_valid());
        let unknown = presence_with(&["data"], "").replace(PRESENCE_CHANGED, "room.cleaned");
        assert_eq!(ok(&unknown).error_messages(), Vec::<String>::new());
    }

    #[test]
    fn presence_status_in_another_case_is_a_warning() {
        for status in ["busy", "BUSY", "free", "fReE"] {
            let body = PRESENCE.replace("\"Free\"", &format!("{status:?}"));
            let inspection = ok(&body);
            assert!(inspection.is_valid(), "{status}");
            assert_eq!(
                kinds(&inspection),
                [(
                    Severity::Warning,
                    ProblemKind::PresenceStatusCase,
                    "data.presenceStatus"
                )]
            );
        }
        let body = PRESENCE.replace("\"Free\"", "\"busy\"");
        assert_eq!(
            ok(&body).warning_messages(),
            vec![r#"'data.presenceStatus' is "busy"; ROOMZ's schema writes "Busy""#]
        );
    }

    #[test]
    fn an_offset_without_a_colon_is_a_warning() {
        let inspection = ok(LEGACY);
        assert!(inspection.is_valid());
        assert_eq!(inspection.error_messages(), Vec::<String>::new());
        assert_eq!(
            inspection.warning_messages(),
            vec![
                r#"'timestamp' writes its UTC offset without a colon ("+0000", as ROOMZ's older draft does); RFC 3339 writes "+00:00""#
            ]
        );
        let body = LEGACY.replace("+0000", "-0530");
        assert!(ok(&body).warning_messages()[0].contains(r#"RFC 3339 writes "-05:30""#));
        for clean in ["+00:00", "Z", ".5+01:00"] {
            let body = LEGACY.replace("+0000", clean);
            assert_eq!(ok(&body).problems, vec![], "{clean}");
        }
        let json = serde_json::to_value(&inspection.problems).unwrap();
        assert_eq!(json[0]["severity"], "warning");
        assert_eq!(json[0]["kind"], "offset_without_colon");
    }

    #[test]
    fn roomz_published_examples_have_no_problem() {
        let files = sorted_files(&fixtures().join("roomz-examples"));
        assert_eq!(files.len(), 2, "{files:?}");
        for file in files {
            let name = file.file_name().unwrap().to_str().unwrap().to_owned();
            let inspection = inspect(&std::fs::read(&file).unwrap()).unwrap();
            assert_eq!(inspection.error_messages(), Vec::<String>::new(), "{name}");
            assert!(inspection.event.is_known_type(), "{name}");
            let warnings: Vec<_> = inspection.warnings().map(|p| p.kind).collect();
            let expected = if name.starts_with("current") {
                [ProblemKind::PresenceStatusCase]
            } else {
                [ProblemKind::OffsetWithoutColon]
            };
            assert_eq!(warnings, expected, "{name}");
        }
    }
}
