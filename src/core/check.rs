//! The checks of `roomz-hook check` (CONTRACT section 4.7) as values: each has its fixed
//! name, a kind (required ones decide the exit code), what it sends and how it judges what
//! came back. Adding a check is one entry in [`CHECKS`].
//!
//! Here are the deliveries' bytes and the judging; the sending is `app::check`'s. Events
//! come from the caller (the sample builder), so that every field their type requires is
//! there; this module adds the marker `data.roomzHookCheck` (the check's name), so that an
//! application can tell a check's events from real ones, and serialises them.
//!
//! The ordinary bodies are compact JSON with the keys sorted at every level and ASCII text
//! only: a receiver that re-serialises before verifying (keeping key order or sorting keys)
//! reproduces exactly these bytes, so only `verifies-raw-bytes`, whose body is
//! pretty-printed with CRLF line ends and non-ASCII text, tells such a receiver apart.

use crate::core::event::{Shape, PRESENCE_CHANGED, STATUS_UPDATED};
use crate::core::signature::{Key, Scheme, HEADER, LEGACY_HEADER};
use serde_json::{Map, Value};
use std::time::Duration;

/// The `data` field every event of a check carries, holding the check's name.
pub const MARKER: &str = "roomzHookCheck";
/// The non-ASCII text `verifies-raw-bytes` adds under `data`.
pub const MARKER_TEXT: &str = "roomzHookCheckText";
/// The text itself: accents, a dash, a symbol and CJK, so that a receiver that escapes
/// non-ASCII (`\u00e9`) while re-serialising changes the bytes too.
pub const NON_ASCII_TEXT: &str = "Salle de réunion Zürich — café ☕ 会議室";
/// The type of `accepts-unknown-type`: not one ROOMZ documents, in ROOMZ's naming style.
pub const UNKNOWN_TYPE: &str = "roomz-hook.check.unknown-type";
/// ROOMZ's delivery timeout: `answers-in-time`'s limit.
pub const ROOMZ_TIMEOUT: Duration = Duration::from_secs(30);
/// `answers-fast`'s limit on the 95th percentile of the answers' latency.
pub const FAST: Duration = Duration::from_secs(1);
/// Deliveries `handles-concurrent-deliveries` sends at once.
pub const CONCURRENT: usize = 16;
/// Requests in flight at most, whatever runs.
pub const MAX_IN_FLIGHT: usize = 16;

/// Whether a check decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Required,
    Advisory,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Required => "required",
            Kind::Advisory => "advisory",
        }
    }
}

/// Which event a delivery carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The battery's shape (`--shape`): `workspace.presence.changed` or, for the older
    /// draft, `workspace.status.updated`.
    Battery,
    /// Always the older draft's `workspace.status.updated`.
    Draft,
    /// A type ROOMZ does not document ([`UNKNOWN_TYPE`]).
    Unknown,
}

/// How its body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// Compact, keys sorted, ASCII only.
    Compact,
    /// Pretty-printed, CRLF line ends, with non-ASCII text under `data`.
    PrettyCrlf,
}

/// What signature it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signature {
    /// The body's signature with the configured secret, in both headers.
    Valid,
    /// A well-formed signature made with another secret, in both headers.
    Forged,
    /// No signature header at all.
    Missing,
    /// The configured secret's signature of other bytes (the body with one field changed).
    OfOtherBytes,
    /// The body's valid signature in `X-Roomz-Signature` only.
    LegacyHeaderOnly,
}

/// How often it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Times {
    Once,
    /// The same bytes twice, the second after the first was answered.
    Twice,
    /// This many distinct events at the same moment.
    AtOnce(usize),
}

/// What a check sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sends {
    Deliveries {
        event: Event,
        body: Body,
        signature: Signature,
        times: Times,
    },
    /// Nothing: it judges the timing of every other check's answers.
    Nothing,
}

/// When a check passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passes {
    /// Every answer is 2xx.
    Accepted,
    /// No answer is 2xx.
    Refused,
    /// Every answer of the checks that ran came within this time.
    EveryAnswerWithin(Duration),
    /// The 95th percentile of their latency is under this time.
    P95Under(Duration),
}

/// One check of the battery.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// Its fixed name (CONTRACT 4.7).
    pub name: &'static str,
    pub kind: Kind,
    pub sends: Sends,
    pub passes: Passes,
    /// What it sends, in words (for `--dry-run` and the docs).
    pub about: &'static str,
    /// What to fix when it fails, in one sentence.
    pub fix: &'static str,
}

const fn deliver(event: Event, body: Body, signature: Signature, times: Times) -> Sends {
    Sends::Deliveries {
        event,
        body,
        signature,
        times,
    }
}

/// The battery, in the order it is reported.
pub const CHECKS: &[Check] = &[
    Check {
        name: "accepts-signed-event",
        kind: Kind::Required,
        sends: deliver(Event::Battery, Body::Compact, Signature::Valid, Times::Once),
        passes: Passes::Accepted,
        about: "a valid event, signed with your secret",
        fix: "your endpoint refused a correctly signed event: compute HMAC-SHA512 of the raw body with your secret, base64-encode it, compare it with `Roomz-Signature` and answer 2xx",
    },
    Check {
        name: "rejects-forged-signature",
        kind: Kind::Required,
        sends: deliver(Event::Battery, Body::Compact, Signature::Forged, Times::Once),
        passes: Passes::Refused,
        about: "the same kind of event with a signature made with another secret",
        fix: "your endpoint accepted a request with a forged signature: verify `Roomz-Signature` before doing anything else",
    },
    Check {
        name: "rejects-missing-signature",
        kind: Kind::Required,
        sends: deliver(Event::Battery, Body::Compact, Signature::Missing, Times::Once),
        passes: Passes::Refused,
        about: "an event without any signature header",
        fix: "your endpoint accepted a request without a signature: answer 401 when neither `Roomz-Signature` nor `X-Roomz-Signature` is present",
    },
    Check {
        name: "rejects-tampered-body",
        kind: Kind::Required,
        sends: deliver(Event::Battery, Body::Compact, Signature::OfOtherBytes, Times::Once),
        passes: Passes::Refused,
        about: "an event whose signature is the valid signature of other bytes",
        fix: "your endpoint accepted a body that does not match its signature: compute the HMAC over the bytes you received and compare it with the header in constant time",
    },
    Check {
        name: "accepts-duplicate-delivery",
        kind: Kind::Required,
        sends: deliver(Event::Battery, Body::Compact, Signature::Valid, Times::Twice),
        passes: Passes::Accepted,
        about: "a valid event, then the same bytes again",
        fix: "your endpoint refused an event it had already received: ROOMZ may deliver the same `id` more than once, so answer 2xx again and skip the work",
    },
    Check {
        name: "verifies-raw-bytes",
        kind: Kind::Required,
        sends: deliver(Event::Battery, Body::PrettyCrlf, Signature::Valid, Times::Once),
        passes: Passes::Accepted,
        about: "a pretty-printed body with CRLF line ends and non-ASCII text, signed over those bytes",
        fix: "your endpoint refused a correctly signed pretty-printed body: compute the signature over the raw request bytes before parsing them, never over re-serialised JSON",
    },
    Check {
        name: "accepts-unknown-type",
        kind: Kind::Required,
        sends: deliver(Event::Unknown, Body::Compact, Signature::Valid, Times::Once),
        passes: Passes::Accepted,
        about: "a valid event of a type ROOMZ may add later",
        fix: "your endpoint failed on an event type it does not know: answer 2xx and ignore the types you do not handle, because ROOMZ may add new ones",
    },
    Check {
        name: "answers-in-time",
        kind: Kind::Required,
        sends: Sends::Nothing,
        passes: Passes::EveryAnswerWithin(ROOMZ_TIMEOUT),
        about: "nothing: the timing of every other check's answers",
        fix: "your endpoint did not answer within ROOMZ's 30 s timeout: answer 2xx first and do the slow work afterwards, in a queue or a background task",
    },
    Check {
        name: "handles-concurrent-deliveries",
        kind: Kind::Required,
        sends: deliver(Event::Battery, Body::Compact, Signature::Valid, Times::AtOnce(CONCURRENT)),
        passes: Passes::Accepted,
        about: "16 valid events at the same moment",
        fix: "your endpoint failed when 16 deliveries arrived at once: make the handler safe to run concurrently, with no lock held over the work and enough workers or connections",
    },
    Check {
        name: "accepts-older-shape",
        kind: Kind::Advisory,
        sends: deliver(Event::Draft, Body::Compact, Signature::Valid, Times::Once),
        passes: Passes::Accepted,
        about: "a valid event in the older draft's shape (workspace.status.updated, top-level workspaceId)",
        fix: "your endpoint refused the older draft's shape (`workspace.status.updated` with a top-level `workspaceId`): accept it too if older ROOMZ set-ups may call you",
    },
    Check {
        name: "accepts-legacy-header",
        kind: Kind::Advisory,
        sends: deliver(Event::Battery, Body::Compact, Signature::LegacyHeaderOnly, Times::Once),
        passes: Passes::Accepted,
        about: "a valid event signed in X-Roomz-Signature only",
        fix: "your endpoint refused a signature sent in `X-Roomz-Signature` only: read `Roomz-Signature` and fall back to `X-Roomz-Signature`, the name in ROOMZ's older documents",
    },
    Check {
        name: "answers-fast",
        kind: Kind::Advisory,
        sends: Sends::Nothing,
        passes: Passes::P95Under(FAST),
        about: "nothing: the timing of every other check's answers",
        fix: "your endpoint's 95th-percentile answer time is over 1 s: acknowledge with 2xx right away and process the event afterwards",
    },
];

/// Every check's name, in battery order.
pub fn names() -> impl Iterator<Item = &'static str> {
    CHECKS.iter().map(|c| c.name)
}

/// The check of this name.
pub fn find(name: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.name == name)
}

/// The checks `--only` names, in battery order; all of them when `names` is empty. The
/// names must be the battery's (the command line checks them against [`names`]).
pub fn select(wanted: &[String]) -> Result<Vec<&'static Check>, String> {
    if wanted.is_empty() {
        return Ok(CHECKS.iter().collect());
    }
    let checks: Vec<&'static Check> = CHECKS
        .iter()
        .filter(|c| wanted.iter().any(|w| w == c.name))
        .collect();
    if checks.iter().all(|c| c.sends == Sends::Nothing) {
        let timing: Vec<&str> = checks.iter().map(|c| c.name).collect();
        return Err(format!(
            "--only {}: these checks judge the timing of the other checks' answers; add at least one check that sends, such as accepts-signed-event",
            timing.join(",")
        ));
    }
    Ok(checks)
}

/// The event type an [`Event`] stands for in a battery of `shape`.
pub fn event_type(event: Event, shape: Shape) -> &'static str {
    match (event, shape) {
        (Event::Battery, Shape::Current) => PRESENCE_CHANGED,
        (Event::Battery, Shape::Legacy) | (Event::Draft, _) => STATUS_UPDATED,
        (Event::Unknown, _) => UNKNOWN_TYPE,
    }
}

/// One request of a check: its signature headers (name, value) and its exact body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub signatures: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// The requests of a check in steps: the requests of a step go at once, a step after the
/// previous one was answered.
pub type Steps = Vec<Vec<Request>>;

/// The keys a battery signs with: the configured secret's, and another one for forgeries.
pub struct Keys<'a> {
    pub real: &'a Key,
    pub forged: &'a Key,
}

/// The requests of `check`. `event_of(type)` makes a fresh event of a type (new id,
/// current timestamp, the fields the type requires), called once per distinct event.
pub fn requests(
    check: &Check,
    shape: Shape,
    keys: &Keys<'_>,
    event_of: &mut dyn FnMut(&str) -> Value,
) -> Steps {
    let Sends::Deliveries {
        event,
        body,
        signature,
        times,
    } = check.sends
    else {
        return Vec::new();
    };
    let mut make = || {
        let mut value = event_of(event_type(event, shape));
        mark(&mut value, check.name, body);
        let bytes = serialise(&value, body);
        sign(check.name, &value, bytes, body, signature, keys)
    };
    match times {
        Times::Once => vec![vec![make()]],
        Times::Twice => {
            let request = make();
            vec![vec![request.clone()], vec![request]]
        }
        Times::AtOnce(count) => vec![(0..count).map(|_| make()).collect()],
    }
}

/// Adds the marker (and, for a pretty body, the non-ASCII text) under `data`, made as an
/// object if the event has none (the older shape's `data` is optional).
fn mark(event: &mut Value, name: &str, body: Body) {
    let Some(object) = event.as_object_mut() else {
        return;
    };
    let data = object
        .entry("data")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(data) = data.as_object_mut() {
        data.insert(MARKER.into(), Value::String(name.into()));
        if body == Body::PrettyCrlf {
            data.insert(MARKER_TEXT.into(), Value::String(NON_ASCII_TEXT.into()));
        }
    }
}

fn serialise(event: &Value, body: Body) -> Vec<u8> {
    let sorted = sorted_keys(event);
    match body {
        Body::Compact => serde_json::to_vec(&sorted).expect("a JSON value serialises"),
        Body::PrettyCrlf => serde_json::to_string_pretty(&sorted)
            .expect("a JSON value serialises")
            .replace('\n', "\r\n")
            .into_bytes(),
    }
}

/// `value` with the keys of every object in sorted order (the crate keeps insertion order).
fn sorted_keys(value: &Value) -> Value {
    match value {
        Value::Object(object) => {
            let mut keys: Vec<&String> = object.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), sorted_keys(&object[k])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted_keys).collect()),
        other => other.clone(),
    }
}

fn sign(
    name: &str,
    event: &Value,
    body: Vec<u8>,
    form: Body,
    signature: Signature,
    keys: &Keys<'_>,
) -> Request {
    let both = |value: String| vec![(HEADER, value.clone()), (LEGACY_HEADER, value)];
    let signatures = match signature {
        Signature::Valid => both(keys.real.sign(Scheme::ROOMZ, &body)),
        Signature::Forged => both(keys.forged.sign(Scheme::ROOMZ, &body)),
        Signature::Missing => Vec::new(),
        Signature::LegacyHeaderOnly => vec![(LEGACY_HEADER, keys.real.sign(Scheme::ROOMZ, &body))],
        Signature::OfOtherBytes => {
            // The signed bytes differ from the sent ones in the marker's value only.
            let mut other = event.clone();
            mark(&mut other, &format!("{name} (original)"), form);
            both(keys.real.sign(Scheme::ROOMZ, &serialise(&other, form)))
        }
    };
    Request { signatures, body }
}

/// What one request got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    Answer {
        status: u16,
        latency: Duration,
        /// The answer's first bytes.
        head: Vec<u8>,
    },
    NoAnswer {
        /// What happened, in a few words ("connection failed: Connection refused").
        error: String,
        cause: NoAnswer,
    },
}

/// Why a request got no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAnswer {
    /// No connection (refused, DNS, TLS): the check could not run.
    Unreachable,
    /// No answer within the timeout: a failed delivery, as ROOMZ would see it.
    TimedOut,
    /// The connection closed before an answer: a failed delivery too.
    Closed,
}

impl Seen {
    fn accepted(&self) -> bool {
        matches!(self, Seen::Answer { status, .. } if (200..300).contains(status))
    }

    fn latency(&self) -> Option<Duration> {
        match self {
            Seen::Answer { latency, .. } => Some(*latency),
            Seen::NoAnswer { .. } => None,
        }
    }
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed,
    /// It could not run: its requests got no answer, or there was nothing to time.
    NotRun,
}

/// A check's outcome and what was seen: the answer that decided it, the slowest latency
/// (or the percentile a timing check judged), and the answer's first bytes on a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub outcome: Outcome,
    /// What was seen, in one line.
    pub detail: String,
    pub status: Option<u16>,
    pub latency: Option<Duration>,
    pub answer: Option<Vec<u8>>,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Passed
    }
}

/// Judges a check: a sending one on what its own requests got (`own`, step by step), a
/// timing one on what every request of the battery got (`all`, which holds `own`).
/// When no request of the battery got an answer, no check could run: none is judged
/// (a timing check has nothing to time, a refusal check saw no refusal).
pub fn judge(check: &Check, own: &[Vec<Seen>], all: &[&Seen]) -> Verdict {
    if !all.iter().any(|s| matches!(s, Seen::Answer { .. })) {
        let error = own.iter().flatten().find_map(|s| match s {
            Seen::NoAnswer { error, .. } => Some(error.as_str()),
            Seen::Answer { .. } => None,
        });
        return not_run(match error {
            Some(error) => format!("could not run: {error}"),
            None => "could not run: no request got an answer".to_string(),
        });
    }
    match check.passes {
        Passes::Accepted | Passes::Refused => judge_answers(check, own),
        Passes::EveryAnswerWithin(limit) => judge_slowest(all, limit),
        Passes::P95Under(limit) => judge_p95(all, limit),
    }
}

fn judge_answers(check: &Check, steps: &[Vec<Seen>]) -> Verdict {
    let seen: Vec<&Seen> = steps.iter().flatten().collect();
    let slowest = seen.iter().filter_map(|s| s.latency()).max();
    let unanswered: Vec<(&str, NoAnswer)> = seen
        .iter()
        .filter_map(|s| match s {
            Seen::NoAnswer { error, cause } => Some((error.as_str(), *cause)),
            Seen::Answer { .. } => None,
        })
        .collect();
    if let Some(&(error, _)) = unanswered.first() {
        // Unreachable for every request: it could not run. Otherwise a request that got no
        // answer is a failed delivery, whatever the check expected: a receiver must answer.
        if unanswered.len() == seen.len()
            && unanswered.iter().all(|(_, c)| *c == NoAnswer::Unreachable)
        {
            return not_run(format!("could not run: {error}"));
        }
        let detail = match seen.len() {
            1 => format!("no answer ({error})"),
            n => format!(
                "{} of {n} requests got no answer ({error})",
                unanswered.len()
            ),
        };
        return Verdict {
            outcome: Outcome::Failed,
            detail,
            status: None,
            latency: slowest,
            answer: None,
        };
    }
    let want_accepted = check.passes == Passes::Accepted;
    // A repeat means something only when the first delivery was accepted.
    if steps.len() > 1 {
        if let Some(first @ Seen::Answer { status, .. }) = steps[0].first() {
            if want_accepted && !first.accepted() {
                return Verdict {
                    outcome: Outcome::Failed,
                    detail: format!(
                        "the first delivery got {status}, not 2xx, so the repeat could not be judged"
                    ),
                    status: Some(*status),
                    latency: slowest,
                    answer: head(first),
                };
            }
        }
    }
    let wrong: Vec<&Seen> = seen
        .iter()
        .copied()
        .filter(|s| s.accepted() != want_accepted)
        .collect();
    let expected = if want_accepted {
        "2xx"
    } else {
        "a refusal (not 2xx)"
    };
    let decisive = wrong.first().or(seen.last()).copied();
    let (status, latency) = match decisive {
        Some(Seen::Answer {
            status, latency, ..
        }) => (Some(*status), Some(*latency)),
        _ => (None, None),
    };
    // Several requests at once are summed up; a repeat is judged on its second answer.
    let at_once = steps.iter().any(|step| step.len() > 1);
    let what = if steps.len() > 1 { "repeat: " } else { "" };
    let seen_text = match (status, latency) {
        (Some(status), Some(latency)) => format!("{status} in {}", millis_text(latency)),
        _ => "nothing".into(),
    };
    if wrong.is_empty() {
        let detail = if at_once {
            format!(
                "{} of {} answered {}, the slowest in {}",
                seen.len(),
                seen.len(),
                if want_accepted { "2xx" } else { "not 2xx" },
                millis_text(slowest.unwrap_or_default())
            )
        } else {
            format!("{what}{seen_text}")
        };
        return Verdict {
            outcome: Outcome::Passed,
            detail,
            status,
            latency: if at_once { slowest } else { latency },
            answer: None,
        };
    }
    let detail = if at_once {
        format!(
            "{} of {} answered other than {expected}; the first: {seen_text}",
            wrong.len(),
            seen.len()
        )
    } else {
        format!("{what}{seen_text}, expected {expected}")
    };
    Verdict {
        outcome: Outcome::Failed,
        detail,
        status,
        latency,
        answer: decisive.and_then(head),
    }
}

fn head(seen: &Seen) -> Option<Vec<u8>> {
    match seen {
        Seen::Answer { head, .. } if !head.is_empty() => Some(head.clone()),
        _ => None,
    }
}

fn not_run(detail: String) -> Verdict {
    Verdict {
        outcome: Outcome::NotRun,
        detail,
        status: None,
        latency: None,
        answer: None,
    }
}

/// `all` holds at least one answer ([`judge`] saw to it).
fn judge_slowest(all: &[&Seen], limit: Duration) -> Verdict {
    let timed_out = all
        .iter()
        .filter(|s| {
            matches!(
                s,
                Seen::NoAnswer {
                    cause: NoAnswer::TimedOut,
                    ..
                }
            )
        })
        .count();
    let latencies: Vec<Duration> = all.iter().filter_map(|s| s.latency()).collect();
    let slowest = latencies.iter().copied().max().unwrap_or_default();
    let late = latencies.iter().filter(|l| **l > limit).count();
    let limit_text = crate::core::units::format_duration(limit);
    let (outcome, detail) = if timed_out > 0 {
        (
            Outcome::Failed,
            format!(
                "{timed_out} request(s) got no answer within the timeout; the slowest answer took {}",
                millis_text(slowest)
            ),
        )
    } else if late > 0 {
        (
            Outcome::Failed,
            format!(
                "{late} answer(s) took longer than {limit_text}; the slowest {}",
                millis_text(slowest)
            ),
        )
    } else {
        (
            Outcome::Passed,
            match latencies.len() {
                1 => format!("the one answer took {}", millis_text(slowest)),
                n => format!("the slowest of {n} answers took {}", millis_text(slowest)),
            },
        )
    };
    Verdict {
        outcome,
        detail,
        status: None,
        latency: Some(slowest),
        answer: None,
    }
}

fn judge_p95(all: &[&Seen], limit: Duration) -> Verdict {
    let mut latencies: Vec<Duration> = all.iter().filter_map(|s| s.latency()).collect();
    latencies.sort();
    // The nearest-rank 95th percentile: the smallest latency at or above 95% of them.
    let rank = (latencies.len() * 95).div_ceil(100).max(1);
    let p95 = latencies[rank - 1];
    let limit_text = crate::core::units::format_duration(limit);
    let passed = p95 < limit;
    Verdict {
        outcome: if passed {
            Outcome::Passed
        } else {
            Outcome::Failed
        },
        detail: format!(
            "p95 {} over {} answer{}, {} {limit_text}",
            millis_text(p95),
            latencies.len(),
            if latencies.len() == 1 { "" } else { "s" },
            if passed { "under" } else { "not under" }
        ),
        status: None,
        latency: Some(p95),
        answer: None,
    }
}

/// `3.2ms`, `1520.0ms`: a latency as the reports write it.
pub fn millis_text(duration: Duration) -> String {
    format!("{:.1}ms", duration.as_micros() as f64 / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::event::{inspect, lookup};
    use crate::core::signature::Verification;
    use serde_json::json;

    fn keys() -> (Key, Key) {
        (Key::new(b"whsec_test"), Key::new(b"another secret"))
    }

    fn event(event_type: &str) -> Value {
        json!({
            "type": event_type,
            "id": uuid::Uuid::new_v4().to_string(),
            "timestamp": "2026-12-01T10:00:00.000Z",
            "data": {"workspaceId": "3f2e1d0c-b9a8-4765-8432-10fedcba9876", "presenceStatus": "Free"},
        })
    }

    fn requests_of(name: &str, shape: Shape) -> Steps {
        let (real, forged) = keys();
        let keys = Keys {
            real: &real,
            forged: &forged,
        };
        requests(find(name).unwrap(), shape, &keys, &mut |t| event(t))
    }

    fn valid(request: &Request, header: &str) -> bool {
        let (real, _) = keys();
        request
            .signatures
            .iter()
            .find(|(n, _)| *n == header)
            .is_some_and(|(_, v)| {
                matches!(
                    real.verify(Scheme::ROOMZ, &request.body, v),
                    Verification::Valid(_)
                )
            })
    }

    #[test]
    fn names_are_the_contracts_and_unique() {
        let names: Vec<&str> = names().collect();
        assert_eq!(
            names,
            [
                "accepts-signed-event",
                "rejects-forged-signature",
                "rejects-missing-signature",
                "rejects-tampered-body",
                "accepts-duplicate-delivery",
                "verifies-raw-bytes",
                "accepts-unknown-type",
                "answers-in-time",
                "handles-concurrent-deliveries",
                "accepts-older-shape",
                "accepts-legacy-header",
                "answers-fast",
            ]
        );
        let advisory: Vec<&str> = CHECKS
            .iter()
            .filter(|c| c.kind == Kind::Advisory)
            .map(|c| c.name)
            .collect();
        assert_eq!(
            advisory,
            [
                "accepts-older-shape",
                "accepts-legacy-header",
                "answers-fast"
            ]
        );
        assert!(lookup(UNKNOWN_TYPE).is_none());
    }

    #[test]
    fn bodies_are_marked_sorted_and_compact() {
        let steps = requests_of("accepts-signed-event", Shape::Current);
        let body = &steps[0][0].body;
        let text = std::str::from_utf8(body).unwrap();
        assert!(text.is_ascii());
        let value: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(value["data"][MARKER], "accepts-signed-event");
        // Re-serialising (keys sorted, or in their order) gives the same bytes.
        assert_eq!(serde_json::to_vec(&value).unwrap(), *body);
        assert!(text.starts_with(r#"{"data":{"#), "{text}");
        assert!(valid(&steps[0][0], HEADER) && valid(&steps[0][0], LEGACY_HEADER));
    }

    #[test]
    fn each_check_sends_what_it_says() {
        let forged = &requests_of("rejects-forged-signature", Shape::Current)[0][0];
        assert_eq!(forged.signatures.len(), 2);
        assert!(!valid(forged, HEADER));
        assert!(crate::core::signature::parse_signature(&forged.signatures[0].1).is_ok());
        let missing = &requests_of("rejects-missing-signature", Shape::Current)[0][0];
        assert!(missing.signatures.is_empty());
        let tampered = &requests_of("rejects-tampered-body", Shape::Current)[0][0];
        assert!(!valid(tampered, HEADER));
        let twice = requests_of("accepts-duplicate-delivery", Shape::Current);
        assert_eq!(twice.len(), 2);
        assert_eq!(twice[0], twice[1]);
        let raw = &requests_of("verifies-raw-bytes", Shape::Current)[0][0];
        let text = std::str::from_utf8(&raw.body).unwrap();
        assert!(text.contains("\r\n  ") && text.contains(NON_ASCII_TEXT));
        assert!(!text.replace("\r\n", "").contains('\n'));
        assert!(valid(raw, HEADER));
        let legacy = &requests_of("accepts-legacy-header", Shape::Current)[0][0];
        assert_eq!(legacy.signatures.len(), 1);
        assert!(valid(legacy, LEGACY_HEADER));
        let at_once = requests_of("handles-concurrent-deliveries", Shape::Current);
        assert_eq!(at_once.len(), 1);
        assert_eq!(at_once[0].len(), CONCURRENT);
        let mut ids: Vec<String> = at_once[0]
            .iter()
            .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap()["id"].to_string())
            .collect();
        ids.dedup();
        assert_eq!(ids.len(), CONCURRENT);
        assert!(requests_of("answers-fast", Shape::Current).is_empty());
        let unknown = &requests_of("accepts-unknown-type", Shape::Current)[0][0];
        let inspection = inspect(&unknown.body).unwrap();
        assert_eq!(inspection.errors().count(), 0);
    }

    #[test]
    fn only_selects_in_battery_order_and_needs_a_sending_check() {
        let only =
            |names: &[&str]| select(&names.iter().map(|n| n.to_string()).collect::<Vec<_>>());
        assert_eq!(only(&[]).unwrap().len(), CHECKS.len());
        let picked: Vec<&str> = only(&["answers-fast", "rejects-missing-signature"])
            .unwrap()
            .iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(picked, ["rejects-missing-signature", "answers-fast"]);
        assert_eq!(
            only(&["answers-fast", "answers-in-time"]).unwrap_err(),
            "--only answers-in-time,answers-fast: these checks judge the timing of the other checks' answers; add at least one check that sends, such as accepts-signed-event"
        );
    }

    #[test]
    fn the_shape_picks_the_battery_event() {
        assert_eq!(event_type(Event::Battery, Shape::Current), PRESENCE_CHANGED);
        assert_eq!(event_type(Event::Battery, Shape::Legacy), STATUS_UPDATED);
        assert_eq!(event_type(Event::Draft, Shape::Current), STATUS_UPDATED);
    }

    fn answer(status: u16, ms: u64) -> Seen {
        Seen::Answer {
            status,
            latency: Duration::from_millis(ms),
            head: br#"{"ok":true}"#.to_vec(),
        }
    }

    /// Judges a check on its own answers, as the only ones of the battery.
    fn judge_own(check: &Check, own: &[Vec<Seen>]) -> Verdict {
        let all: Vec<&Seen> = own.iter().flatten().collect();
        judge(check, own, &all)
    }

    #[test]
    fn judging() {
        let accepts = find("accepts-signed-event").unwrap();
        let refuses = find("rejects-forged-signature").unwrap();
        assert!(judge_own(accepts, &[vec![answer(204, 3)]]).passed());
        let failed = judge_own(refuses, &[vec![answer(200, 3)]]);
        assert_eq!(failed.outcome, Outcome::Failed);
        assert_eq!(failed.detail, "200 in 3.0ms, expected a refusal (not 2xx)");
        assert_eq!(failed.answer.as_deref(), Some(&br#"{"ok":true}"#[..]));
        assert!(judge_own(refuses, &[vec![answer(401, 3)]]).passed());

        let duplicate = find("accepts-duplicate-delivery").unwrap();
        let repeat = judge_own(duplicate, &[vec![answer(200, 1)], vec![answer(409, 2)]]);
        assert_eq!(repeat.detail, "repeat: 409 in 2.0ms, expected 2xx");
        let first = judge_own(duplicate, &[vec![answer(500, 1)], vec![answer(500, 2)]]);
        assert_eq!(first.outcome, Outcome::Failed);
        assert!(
            first.detail.contains("first delivery got 500"),
            "{}",
            first.detail
        );

        let refused = Seen::NoAnswer {
            error: "connection failed: Connection refused".into(),
            cause: NoAnswer::Unreachable,
        };
        let not_run = judge(refuses, &[vec![refused.clone()]], &[&refused]);
        assert_eq!(not_run.outcome, Outcome::NotRun);
        assert_eq!(
            not_run.detail,
            "could not run: connection failed: Connection refused"
        );

        let in_time = find("answers-in-time").unwrap();
        let fast = find("answers-fast").unwrap();
        assert_eq!(judge(in_time, &[], &[&refused]).outcome, Outcome::NotRun);
        let (a, b) = (answer(200, 10), answer(200, 31_000));
        assert!(judge(in_time, &[], &[&a]).passed());
        assert_eq!(judge(in_time, &[], &[&a, &b]).outcome, Outcome::Failed);
        let late = Seen::NoAnswer {
            error: "timed out: no answer in time".into(),
            cause: NoAnswer::TimedOut,
        };
        assert_eq!(judge(in_time, &[], &[&a, &late]).outcome, Outcome::Failed);
        // A request that got no answer while others did is a failed delivery, whatever
        // the check expected; when nothing answered at all, nothing could run.
        let hung = judge(refuses, &[vec![late.clone()]], &[&a, &late]);
        assert_eq!(hung.outcome, Outcome::Failed);
        assert_eq!(hung.detail, "no answer (timed out: no answer in time)");
        assert_eq!(
            judge(refuses, &[vec![late.clone()]], &[&late]).outcome,
            Outcome::NotRun
        );
        assert_eq!(judge(fast, &[], &[&late]).outcome, Outcome::NotRun);
        let mut many: Vec<Seen> = (0..19).map(|_| answer(200, 5)).collect();
        many.push(answer(200, 1500));
        let refs: Vec<&Seen> = many.iter().collect();
        assert!(
            judge(fast, &[], &refs).passed(),
            "one slow of 20 is the p100"
        );
        many.push(answer(200, 1500));
        let refs: Vec<&Seen> = many.iter().collect();
        assert_eq!(judge(fast, &[], &refs).outcome, Outcome::Failed);
    }
}
