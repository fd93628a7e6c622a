//! `roomz-hook check URL`: the battery of [`crate::core::check`] made into requests
//! (events from the sample builder, signed with the configured secret) and sent through the
//! one HTTP client, at most [`MAX_IN_FLIGHT`] at a time; then each check judged on what
//! came back. Returns a [`Report`]; printing is the printers'.

use crate::app::replay::sample::sample;
use crate::core::check::{
    self, Check, Keys, NoAnswer, Outcome, Request, Seen, Verdict, MAX_IN_FLIGHT,
};
use crate::core::event::Shape;
use crate::core::signature::Key;
use crate::net::client::{describe_error, ClientOptions, ErrorKind, HttpClient, Transport};
use bytes::Bytes;
use hyper::header::{
    HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, HOST, TRANSFER_ENCODING, USER_AGENT,
};
use hyper::Method;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use url::Url;

/// What the check's requests say they are, so that an application's logs tell them apart.
pub const CHECK_USER_AGENT: &str = concat!("roomz-hook-check/", env!("CARGO_PKG_VERSION"));
/// How much of an answer's body is kept, to show on a failure.
const ANSWER_HEAD: usize = 200;

/// What a battery needs.
pub struct Options {
    pub url: Url,
    /// The configured secret's key.
    pub key: Key,
    pub shape: Shape,
    /// The checks to run, in battery order.
    pub checks: Vec<&'static Check>,
    /// `--header`s, added to every request.
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// How long to wait for each answer.
    pub timeout: Duration,
    /// Trust (`--ca-cert`, `--insecure`) and tracing (`-v`) of every request.
    pub transport: Transport,
}

/// One request as it goes on the wire (the client adds `Host` and `Content-Length`).
#[derive(Debug, Clone)]
pub struct Wire {
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Bytes,
}

/// A check and its requests, step by step (see [`check::Steps`]).
#[derive(Debug)]
pub struct Planned {
    pub check: &'static Check,
    pub steps: Vec<Vec<Wire>>,
}

impl Planned {
    /// Whether it sends several requests at the same moment, and so runs alone.
    fn runs_alone(&self) -> bool {
        self.steps.iter().any(|step| step.len() > 1)
    }
}

/// The battery, made before anything is sent (what `--dry-run` prints).
#[derive(Debug)]
pub struct Battery {
    pub url: Url,
    pub shape: Shape,
    pub checks: Vec<Planned>,
}

/// Makes the battery's requests: fresh events (new ids, the current time) for each check.
pub fn battery(options: &Options) -> Battery {
    // The forgeries' secret: random, so that no receiver can happen to hold it.
    let forged = Key::new(uuid::Uuid::new_v4().to_string().as_bytes());
    let keys = Keys {
        real: &options.key,
        forged: &forged,
    };
    let now = time::OffsetDateTime::now_utc();
    let checks = options
        .checks
        .iter()
        .map(|&check| {
            let steps = check::requests(check, options.shape, &keys, &mut |t| sample(t, now));
            let steps = steps
                .into_iter()
                .map(|step| {
                    step.into_iter()
                        .map(|request| wire(request, &options.headers))
                        .collect()
                })
                .collect();
            Planned { check, steps }
        })
        .collect();
    Battery {
        url: options.url.clone(),
        shape: options.shape,
        checks,
    }
}

fn wire(request: Request, extra: &[(HeaderName, HeaderValue)]) -> Wire {
    let mut headers = vec![(CONTENT_TYPE, HeaderValue::from_static("application/json"))];
    if !extra.iter().any(|(name, _)| name == USER_AGENT) {
        headers.push((USER_AGENT, HeaderValue::from_static(CHECK_USER_AGENT)));
    }
    for (name, value) in request.signatures {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("a signature header name");
        let value = HeaderValue::from_str(&value).expect("base64 is a header value");
        headers.push((name, value));
    }
    headers.extend(extra.iter().cloned());
    Wire {
        headers,
        body: Bytes::from(request.body),
    }
}

/// What a battery found.
#[derive(Debug)]
pub struct Report {
    pub url: Url,
    pub shape: Shape,
    pub results: Vec<CheckResult>,
    /// Requests sent, and how many got an answer.
    pub requests: usize,
    pub answered: usize,
    /// The first request that got no answer, in a few words.
    pub first_error: Option<String>,
    pub elapsed: Duration,
}

#[derive(Debug)]
pub struct CheckResult {
    pub check: &'static Check,
    pub verdict: Verdict,
    /// How long its requests took, from the first sent to the last answered.
    pub elapsed: Duration,
}

impl Report {
    /// Whether every required check passed.
    pub fn required_passed(&self) -> bool {
        self.results
            .iter()
            .all(|r| r.check.kind == check::Kind::Advisory || r.verdict.passed())
    }

    /// Whether requests were sent and none got an answer: the URL could not be reached.
    pub fn unreachable(&self) -> bool {
        self.requests > 0 && self.answered == 0
    }

    pub fn count(&self, outcome: Outcome) -> usize {
        self.results
            .iter()
            .filter(|r| r.verdict.outcome == outcome)
            .count()
    }
}

/// Sends the battery and judges it. The checks that send one request at a time run side
/// by side; one that sends several at once runs after them, alone, so that they really
/// arrive together. At most [`MAX_IN_FLIGHT`] requests are in flight at any moment.
pub async fn run(battery: Battery, options: &Options) -> Report {
    let started = Instant::now();
    let sender = Sender {
        client: HttpClient::new(ClientOptions {
            timeout: Some(options.timeout),
            idle_per_host: MAX_IN_FLIGHT,
            follow_redirects: false,
            transport: options.transport.clone(),
        }),
        gate: Arc::new(Semaphore::new(MAX_IN_FLIGHT)),
        url: Arc::new(battery.url.clone()),
    };
    let mut seen: Vec<(Vec<Vec<Seen>>, Duration)> =
        vec![(Vec::new(), Duration::ZERO); battery.checks.len()];
    let mut together = Vec::new();
    for (index, planned) in battery.checks.iter().enumerate() {
        if !planned.runs_alone() {
            let sender = sender.clone();
            let steps = planned.steps.clone();
            together.push((
                index,
                tokio::spawn(async move { sender.steps(steps).await }),
            ));
        }
    }
    for (index, task) in together {
        seen[index] = task.await.expect("a check's task does not panic");
    }
    for (index, planned) in battery.checks.iter().enumerate() {
        if planned.runs_alone() {
            seen[index] = sender.steps(planned.steps.clone()).await;
        }
    }

    let all: Vec<&Seen> = seen
        .iter()
        .flat_map(|(steps, _)| steps.iter().flatten())
        .collect();
    let answered = all
        .iter()
        .filter(|s| matches!(s, Seen::Answer { .. }))
        .count();
    let first_error = all.iter().find_map(|s| match s {
        Seen::NoAnswer { error, .. } => Some(error.clone()),
        Seen::Answer { .. } => None,
    });
    let results = battery
        .checks
        .iter()
        .zip(&seen)
        .map(|(planned, (own, elapsed))| CheckResult {
            check: planned.check,
            verdict: check::judge(planned.check, own, &all),
            elapsed: *elapsed,
        })
        .collect();
    Report {
        url: battery.url,
        shape: battery.shape,
        results,
        requests: all.len(),
        answered,
        first_error,
        elapsed: started.elapsed(),
    }
}

/// The client, the in-flight limit and the target, shared by every task.
#[derive(Clone)]
struct Sender {
    client: HttpClient,
    gate: Arc<Semaphore>,
    url: Arc<Url>,
}

impl Sender {
    /// A check's steps in order, the requests of a step at once; what each got, and how
    /// long it all took.
    async fn steps(&self, steps: Vec<Vec<Wire>>) -> (Vec<Vec<Seen>>, Duration) {
        let started = Instant::now();
        let mut seen = Vec::with_capacity(steps.len());
        for step in steps {
            let tasks: Vec<_> = step
                .into_iter()
                .map(|wire| {
                    let sender = self.clone();
                    tokio::spawn(async move { sender.send(wire).await })
                })
                .collect();
            let mut answers = Vec::with_capacity(tasks.len());
            for task in tasks {
                answers.push(task.await.expect("a send task does not panic"));
            }
            seen.push(answers);
        }
        (seen, started.elapsed())
    }

    async fn send(&self, wire: Wire) -> Seen {
        let _permit = self
            .gate
            .acquire()
            .await
            .expect("the in-flight gate is never closed");
        let started = Instant::now();
        match self
            .client
            .send(
                Method::POST,
                &self.url,
                &wire.headers,
                wire.body,
                ANSWER_HEAD,
            )
            .await
        {
            Ok(answer) => Seen::Answer {
                status: answer.status,
                latency: started.elapsed(),
                head: answer.body.to_vec(),
            },
            Err(error) => Seen::NoAnswer {
                error: describe_error(&error),
                cause: match error.kind {
                    ErrorKind::Connect | ErrorKind::Certificate => NoAnswer::Unreachable,
                    ErrorKind::Timeout => NoAnswer::TimedOut,
                    // check follows no redirect, so `Redirect` cannot happen; it is no answer either.
                    ErrorKind::Request | ErrorKind::Redirect => NoAnswer::Closed,
                },
            },
        }
    }
}

/// The headers `check` writes itself: each request needs its own value, or the client's.
const OWN_HEADERS: [HeaderName; 4] = [CONTENT_TYPE, CONTENT_LENGTH, HOST, TRANSFER_ENCODING];

/// Reads `--header NAME:VALUE` (blanks around either are trimmed).
pub fn parse_header(text: &str) -> Result<(HeaderName, HeaderValue), String> {
    let example = "write NAME:VALUE, as in --header 'Authorization: Bearer TOKEN'";
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("'{text}' has no ':': {example}"))?;
    let (name, value) = (name.trim(), value.trim());
    if name.is_empty() {
        return Err(format!(
            "'{text}' has no header name before the ':': {example}"
        ));
    }
    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
        format!(
            "'{name}' is not a header name (letters, digits and !#$%&'*+-.^_`|~ only, no blanks): {example}"
        )
    })?;
    let signature = crate::core::signature::HEADERS
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name));
    if signature || OWN_HEADERS.contains(&header) {
        return Err(format!(
            "check sets {name} itself, because each check needs its own value: leave it out"
        ));
    }
    let value = HeaderValue::from_str(value).map_err(|_| {
        format!("the value of {name} holds a control character, which a header cannot carry")
    })?;
    Ok((header, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_with_precise_messages() {
        let (name, value) = parse_header("X-Gateway-Key:  abc def ").unwrap();
        assert_eq!(name, "x-gateway-key");
        assert_eq!(value, "abc def");
        assert_eq!(
            parse_header("Authorization: Basic a:b").unwrap().1,
            "Basic a:b"
        );
        assert!(parse_header("nocolon")
            .unwrap_err()
            .starts_with("'nocolon' has no ':'"));
        assert!(parse_header(": x").unwrap_err().contains("no header name"));
        assert!(parse_header("Bad Name: x")
            .unwrap_err()
            .starts_with("'Bad Name' is not a header name"));
        assert!(parse_header("x-roomz-signature: abc")
            .unwrap_err()
            .starts_with("check sets x-roomz-signature itself"));
        assert!(parse_header("Content-Length: 3")
            .unwrap_err()
            .contains("itself"));
        assert!(parse_header("X-A: a\u{7}b")
            .unwrap_err()
            .contains("control character"));
    }

    #[test]
    fn the_battery_carries_the_headers_and_fresh_events() {
        let options = Options {
            url: Url::parse("http://127.0.0.1:9/hook").unwrap(),
            key: Key::new(b"whsec_test"),
            shape: Shape::Current,
            checks: check::CHECKS.iter().collect(),
            headers: vec![parse_header("X-Gateway-Key: abc").unwrap()],
            timeout: Duration::from_secs(30),
            transport: Transport::default(),
        };
        let battery = battery(&options);
        assert_eq!(battery.checks.len(), check::CHECKS.len());
        let wires: Vec<&Wire> = battery
            .checks
            .iter()
            .flat_map(|p| p.steps.iter().flatten())
            .collect();
        // 8 single deliveries, a repeated one, 16 at once.
        assert_eq!(wires.len(), 8 + 2 + 16);
        for wire in &wires {
            let has = |n: &str, v: &str| wire.headers.iter().any(|(a, b)| a == n && b == v);
            assert!(has("x-gateway-key", "abc"));
            assert!(has("content-type", "application/json"));
            assert!(has("user-agent", CHECK_USER_AGENT));
        }
        let mut ids: Vec<String> = wires
            .iter()
            .map(|w| {
                serde_json::from_slice::<serde_json::Value>(&w.body).unwrap()["id"].to_string()
            })
            .collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), wires.len() - 1, "only the repeat shares an id");
    }
}
