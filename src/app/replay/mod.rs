//! The delivery engine behind `replay` and `trigger`: bodies streamed from the inputs
//! through a bounded channel, signed, and POSTed by `concurrency` workers through the one
//! HTTP client ([`crate::net::client`], kept-alive connections for http and https);
//! retried under the one backoff policy ([`crate::net::retry`], honouring `Retry-After`); redirects
//! reported rather than followed; every outcome handed to a [`Report`] while the counts
//! and latency percentiles are kept in constant memory. Knows nothing of clap.

pub(crate) mod body;
pub mod input;
pub mod sample;
mod stats;

pub use input::{Feed, Input, InputProblem, Item, Kind, Plan};
pub use stats::{millis, Latencies, Summary, SummaryJson};

use crate::core::signature::{Key, Scheme, HEADER, LEGACY_HEADER};
use crate::core::units::format_duration;
use crate::net::client::{
    authority, describe_error, resolve_location, same_origin, ClientOptions, HttpClient, Transport,
};
use crate::net::retry::{Backoff, Jitter};
use bytes::Bytes;
use hyper::header::{HeaderName, HeaderValue, CONTENT_TYPE, LOCATION, RETRY_AFTER, USER_AGENT};
use hyper::Method;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use url::Url;

/// How a delivery error that is a `--timeout` begins, so that the exit message can tell a
/// slow receiver from an absent one.
pub const NO_ANSWER_WITHIN: &str = "no answer within";

/// Replay's retries: full jitter below 200 ms, doubling up to 10 s; a `Retry-After` is
/// honoured up to 60 s, so a run cannot hang for hours.
pub const BACKOFF: Backoff = Backoff {
    first: Duration::from_millis(200),
    max: Duration::from_secs(10),
    jitter: Jitter::Full,
    max_retry_after: Duration::from_secs(60),
};
/// `--follow-redirects` follows at most this many 307/308 answers per attempt.
pub const MAX_REDIRECTS: usize = 5;
/// How much of an answer's body is kept for `trigger` to show.
const MAX_ANSWER: usize = 64 * 1024;

/// `--rate N/s` (also `N/m`, `N/h`, or a bare `N` per second): the interval between sends.
pub fn parse_rate(text: &str) -> Result<Duration, String> {
    let (number, per) = match text.trim().split_once('/') {
        Some((n, unit)) => (n.trim(), unit.trim()),
        None => (text.trim(), "s"),
    };
    let seconds = match per {
        "s" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        _ => {
            return Err(format!(
                "invalid rate '{text}': write it like 50/s, 100/m or 1000/h"
            ))
        }
    };
    match number.parse::<f64>() {
        Ok(n) if n > 0.0 && n.is_finite() => Ok(Duration::from_secs_f64(seconds / n)),
        _ => Err(format!(
            "invalid rate '{text}': the number of requests must be positive, as in 50/s"
        )),
    }
}

/// `--expect-status`: a class (`2xx`) or one code (`202`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectStatus {
    Class(u16),
    Code(u16),
}

impl ExpectStatus {
    pub fn matches(self, status: u16) -> bool {
        match self {
            ExpectStatus::Class(class) => status / 100 == class,
            ExpectStatus::Code(code) => status == code,
        }
    }
}

impl Default for ExpectStatus {
    fn default() -> Self {
        ExpectStatus::Class(2)
    }
}

impl FromStr for ExpectStatus {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "invalid status '{text}': write a class (2xx, 4xx, 5xx) or a code from 100 to 599 (such as 202)"
            )
        };
        let text = text.trim();
        let bytes = text.as_bytes();
        if bytes.len() == 3 && bytes[1..].eq_ignore_ascii_case(b"xx") {
            return match bytes[0] {
                d @ b'1'..=b'5' => Ok(ExpectStatus::Class(u16::from(d - b'0'))),
                _ => Err(bad()),
            };
        }
        match text.parse::<u16>() {
            Ok(code) if (100..=599).contains(&code) => Ok(ExpectStatus::Code(code)),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for ExpectStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExpectStatus::Class(class) => write!(f, "{class}xx"),
            ExpectStatus::Code(code) => write!(f, "{code}"),
        }
    }
}

/// How each request is signed.
#[derive(Clone)]
pub enum Signing {
    /// Signed with the configured secret, in both headers or only the one named.
    Sign {
        key: Box<Key>,
        only: Option<HeaderName>,
    },
    /// A capture's own signature header(s), re-sent as captured.
    Keep,
}

/// Everything about how to deliver, checked by the command.
#[derive(Clone)]
pub struct Options {
    pub url: Url,
    pub concurrency: usize,
    /// The interval between delivery starts (`--rate`).
    pub rate: Option<Duration>,
    /// Retries after the first attempt.
    pub retries: u32,
    /// Per attempt: no complete answer within it is a failed attempt.
    pub timeout: Duration,
    pub expect: ExpectStatus,
    pub follow_redirects: bool,
    /// Send the signature headers on a redirect to another origin too; without it they
    /// go only to the URL's own origin (scheme, host, port).
    pub redirect_signatures: bool,
    pub signing: Signing,
    /// A new `id` and the current `timestamp` for every delivery.
    pub fresh: bool,
    /// The certificates trusted (`--ca-cert`, `--insecure`) and the trace (`-v`) of
    /// every attempt.
    pub transport: Transport,
    /// Print what would be sent instead of sending.
    pub dry_run: bool,
    /// Keep the receiver's answer body (up to 64 KiB) in each outcome.
    pub keep_answer: bool,
    /// The report does not show successful deliveries (`--quiet`): their outcomes go
    /// without the event id.
    pub quiet_deliveries: bool,
}

/// How a delivery ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Answered with the expected status.
    Delivered,
    /// Answered, with another status (a 3xx included).
    Missed,
    /// No answer: connection refused, DNS, TLS, timeout.
    Unreachable,
    /// `--dry-run`: not sent.
    Planned,
}

/// What stopped a run before its end: the signal, and the exit code it calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interruption {
    /// SIGINT (Ctrl-C): exit 130.
    Interrupt,
    /// SIGTERM: exit 143.
    Terminate,
}

impl Interruption {
    pub fn signal_name(self) -> &'static str {
        match self {
            Interruption::Interrupt => "SIGINT",
            Interruption::Terminate => "SIGTERM",
        }
    }
}

/// How long a request in flight may still take after an interruption; then it counts
/// as failed (CONTRACT 4.4).
pub const GRACE: Duration = Duration::from_secs(2);

/// One delivery's result.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub source: String,
    pub event_id: Option<String>,
    pub status: Option<u16>,
    pub attempts: u32,
    /// The last attempt's time from sending to the whole answer.
    pub latency: Option<Duration>,
    pub verdict: Verdict,
    pub error: Option<String>,
    /// A 3xx answer's `Location`.
    pub location: Option<String>,
    /// The answer body, when `keep_answer`.
    pub answer: Option<Bytes>,
    /// The request that would be sent, with `--dry-run`: headers and body.
    pub request: Option<(Vec<(String, String)>, Bytes)>,
}

/// Where outcomes go while the run goes on: printers for `replay` and `trigger`.
pub trait Report {
    fn problem(&mut self, problem: &InputProblem);
    fn warning(&mut self, message: &str);
    fn outcome(&mut self, outcome: &Outcome);
    /// How many outcomes and problems the run holds in all, when the reader learns it
    /// after the start (`--shuffle`).
    fn total(&mut self, _total: u64) {}
    /// Called when no more outcomes are waiting: a good moment to flush.
    fn flush(&mut self) {}
    fn finish(&mut self, summary: &Summary);
}

enum Event {
    Outcome(Box<Outcome>),
    Problem(InputProblem),
    Warning(String),
    /// An item taken from the feed but never attempted (the run was interrupted).
    NotSent,
    /// The run's total, known once every input was read (`--shuffle`).
    Total(u64),
}

/// The run's view of SIGINT and SIGTERM: `None` until one arrives.
type Stop = tokio::sync::watch::Receiver<Option<Interruption>>;

/// Starts listening for SIGINT and SIGTERM now (so that from here on neither kills the
/// process), and reports the first on the returned channel. A second signal ends the
/// process at once, with the first one's exit code, for a user who will not wait.
fn watch_signals() -> Stop {
    let (tx, rx) = tokio::sync::watch::channel(None);
    let signals = Signals::new();
    tokio::spawn(async move {
        let Some(mut signals) = signals else {
            return;
        };
        let first = signals.next().await;
        let _ = tx.send(Some(first));
        signals.next().await;
        std::process::exit(match first {
            Interruption::Interrupt => 130,
            Interruption::Terminate => 143,
        });
    });
    rx
}

/// SIGINT and SIGTERM handlers, installed when made.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    #[cfg(unix)]
    fn new() -> Option<Signals> {
        use tokio::signal::unix::{signal, SignalKind};
        Some(Signals {
            interrupt: signal(SignalKind::interrupt()).ok()?,
            terminate: signal(SignalKind::terminate()).ok()?,
        })
    }

    #[cfg(not(unix))]
    fn new() -> Option<Signals> {
        Some(Signals {})
    }

    #[cfg(unix)]
    async fn next(&mut self) -> Interruption {
        tokio::select! {
            _ = self.interrupt.recv() => Interruption::Interrupt,
            _ = self.terminate.recv() => Interruption::Terminate,
        }
    }

    #[cfg(not(unix))]
    async fn next(&mut self) -> Interruption {
        let _ = tokio::signal::ctrl_c().await;
        Interruption::Interrupt
    }
}

/// Resolves once the run was interrupted.
async fn stopped(stop: &mut Stop) -> Interruption {
    loop {
        if let Some(interruption) = *stop.borrow_and_update() {
            return interruption;
        }
        if stop.changed().await.is_err() {
            // The signal watcher is gone: no interruption will come.
            std::future::pending::<()>().await;
        }
    }
}

/// Reads the plan's inputs on a thread of their own and delivers each item as `options`
/// say, reporting as it goes. Returns the counts once every delivery has ended.
pub async fn run(plan: Plan, options: Options, report: &mut dyn Report) -> Summary {
    let started = Instant::now();
    let concurrency = options.concurrency.max(1);
    let rate = options.rate;
    // Bounded: the reader stays only a little ahead of the senders (constant memory).
    let (feed_tx, feed_rx) = mpsc::channel::<Vec<Feed>>(FEED_BATCHES);
    let reader = std::thread::Builder::new()
        .name("replay-reader".into())
        .spawn(move || read_in_batches(plan, &feed_tx))
        .expect("a thread can be started");

    let stop = watch_signals();
    let engine = Arc::new(Engine::new(options, stop.clone()));
    let (event_tx, mut event_rx) = mpsc::channel::<Event>(1024);
    // `concurrency` workers, each with a kept-alive connection of the pool, take the next
    // item in turn: at concurrency 1 the single worker keeps the input order exactly.
    let feed = Arc::new(tokio::sync::Mutex::new(Batches {
        rx: feed_rx,
        current: std::collections::VecDeque::new(),
    }));
    let pace = rate.map(|period| {
        let mut interval = tokio::time::interval(period);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        Arc::new(tokio::sync::Mutex::new(interval))
    });
    for _ in 0..concurrency {
        let (feed, engine, event_tx, pace) =
            (feed.clone(), engine.clone(), event_tx.clone(), pace.clone());
        let mut stop = stop.clone();
        tokio::spawn(async move {
            loop {
                // Once interrupted, nothing new is taken: what the feed still holds is
                // counted as not sent below.
                let next = tokio::select! {
                    biased;
                    _ = stopped(&mut stop) => break,
                    next = async { feed.lock().await.next().await } => next,
                };
                let event = match next {
                    None => break,
                    Some(Feed::Problem(problem)) => Event::Problem(problem),
                    Some(Feed::Warning(message)) => Event::Warning(message),
                    Some(Feed::Total(total)) => Event::Total(total),
                    Some(Feed::Item(item)) => {
                        let paced = async {
                            if let Some(pace) = &pace {
                                pace.lock().await.tick().await;
                            }
                        };
                        let go = tokio::select! {
                            biased;
                            _ = stopped(&mut stop) => false,
                            _ = paced => true,
                        };
                        if !go {
                            Event::NotSent
                        } else {
                            match engine.deliver(item).await {
                                Ok(outcome) => Event::Outcome(Box::new(outcome)),
                                Err(problem) => Event::Problem(problem),
                            }
                        }
                    }
                };
                if event_tx.send(event).await.is_err() {
                    break;
                }
            }
        });
    }
    drop(event_tx);
    let collect = async {
        let mut summary = Summary::default();
        while let Some(event) = event_rx.recv().await {
            handle(event, &mut summary, report);
            while let Ok(event) = event_rx.try_recv() {
                handle(event, &mut summary, report);
            }
            report.flush();
        }
        summary
    };
    let mut summary = collect.await;
    summary.interrupted = *stop.borrow();
    if summary.interrupted.is_some() {
        // The items already read but never taken were not sent either. The reader thread
        // may be blocked on a stdin that never ends: it is left behind (dropping the feed
        // stops it at its next item), not waited for.
        let mut feed = feed.lock().await;
        summary.not_sent += feed
            .current
            .drain(..)
            .filter(|f| matches!(f, Feed::Item(_)))
            .count() as u64;
        feed.rx.close();
        while let Ok(batch) = feed.rx.try_recv() {
            summary.not_sent += batch.iter().filter(|f| matches!(f, Feed::Item(_))).count() as u64;
        }
    } else {
        let _ = reader.join();
    }
    summary.elapsed = started.elapsed();
    report.finish(&summary);
    summary
}

/// Items travel from the reader thread in batches: one wake-up per batch rather than per
/// item. The bound (batches x items) is what keeps memory constant.
const FEED_BATCHES: usize = 8;
const FEED_BATCH: usize = 64;

/// Runs the plan on the reader thread, handing on full batches, or a partial one when
/// the workers have nothing queued (so a slow stdin still flows item by item).
fn read_in_batches(plan: Plan, feed_tx: &mpsc::Sender<Vec<Feed>>) {
    let mut batch = Vec::with_capacity(FEED_BATCH);
    plan.run(|feed| {
        batch.push(feed);
        let idle = feed_tx.capacity() == feed_tx.max_capacity();
        if batch.len() < FEED_BATCH && !idle {
            return true;
        }
        let full = std::mem::replace(&mut batch, Vec::with_capacity(FEED_BATCH));
        feed_tx.blocking_send(full).is_ok()
    });
    if !batch.is_empty() {
        let _ = feed_tx.blocking_send(batch);
    }
}

/// The workers' shared view of the feed: the batch being taken apart, then the next.
struct Batches {
    rx: mpsc::Receiver<Vec<Feed>>,
    current: std::collections::VecDeque<Feed>,
}

impl Batches {
    async fn next(&mut self) -> Option<Feed> {
        loop {
            if let Some(feed) = self.current.pop_front() {
                return Some(feed);
            }
            self.current = self.rx.recv().await?.into();
        }
    }
}

fn handle(event: Event, summary: &mut Summary, report: &mut dyn Report) {
    match event {
        Event::Outcome(outcome) => {
            summary.count(&outcome);
            report.outcome(&outcome);
        }
        Event::Problem(problem) => {
            summary.input_errors += 1;
            report.problem(&problem);
        }
        Event::Warning(message) => report.warning(&message),
        Event::NotSent => summary.not_sent += 1,
        Event::Total(total) => report.total(total),
    }
}

impl Summary {
    fn count(&mut self, outcome: &Outcome) {
        if outcome.verdict == Verdict::Planned {
            self.planned += 1;
            return;
        }
        self.sent += 1;
        self.attempts += u64::from(outcome.attempts);
        self.retried += u64::from(outcome.attempts.saturating_sub(1));
        match outcome.verdict {
            Verdict::Delivered => self.succeeded += 1,
            Verdict::Missed => self.failed += 1,
            Verdict::Unreachable => {
                self.failed += 1;
                self.unreachable += 1;
                if self.first_network_error.is_none() {
                    self.first_network_error.clone_from(&outcome.error);
                }
            }
            Verdict::Planned => {}
        }
        if let (Some(latency), Some(_)) = (outcome.latency, outcome.status) {
            self.latencies.record(latency);
        }
    }
}

/// An HTTP answer, as far as delivery cares.
struct Answer {
    status: u16,
    location: Option<String>,
    retry_after: Option<String>,
    body: Option<Bytes>,
    /// The redirects followed to get it.
    hops: usize,
}

/// The shared state of a run: options and the HTTP client (which opens no connection
/// before the first send, so a `--dry-run` opens none).
struct Engine {
    options: Options,
    client: HttpClient,
    stop: Stop,
}

type Headers = Vec<(HeaderName, HeaderValue)>;

impl Engine {
    fn new(options: Options, stop: Stop) -> Engine {
        let client = HttpClient::new(ClientOptions {
            // Each attempt is timed in `attempt`, redirects included.
            timeout: None,
            idle_per_host: options.concurrency,
            follow_redirects: false,
            transport: options.transport.clone(),
        });
        Engine {
            options,
            client,
            stop,
        }
    }

    async fn deliver(&self, item: Item) -> Result<Outcome, InputProblem> {
        let problem = |message: String| InputProblem {
            location: item.source.clone(),
            message,
        };
        let (body, event_id) = if self.options.fresh {
            let id = uuid::Uuid::new_v4().to_string();
            let now = time::OffsetDateTime::now_utc();
            let body = body::refresh(&item.body, &id, now).ok_or_else(|| {
                problem(
                    "--fresh needs a JSON object body, and this one is not; it is skipped".into(),
                )
            })?;
            (Bytes::from(body), Some(id))
        } else {
            // Read from the body only when the report will show it (below): finding it is
            // a scan of the whole body, on replay's hot path.
            (item.body.clone(), None)
        };
        let headers = self.headers(&item, &body).map_err(problem)?;
        let mut outcome = Outcome {
            source: item.source,
            event_id,
            status: None,
            attempts: 0,
            latency: None,
            verdict: Verdict::Planned,
            error: None,
            location: None,
            answer: None,
            request: None,
        };
        if self.options.dry_run {
            let shown = headers
                .iter()
                .map(|(n, v)| {
                    (
                        crate::net::client::title_case(n.as_str()),
                        v.to_str().unwrap_or_default().to_string(),
                    )
                })
                .collect();
            outcome.event_id = outcome
                .event_id
                .or_else(|| body::top_level_string(&body, "id"));
            outcome.request = Some((shown, body));
            return Ok(outcome);
        }
        // `tries` counts toward --retries; `outcome.attempts` counts every request put on
        // the wire, a followed redirect included, so that it equals what receivers read.
        let mut tries = 0;
        let mut stop = self.stop.clone();
        let result = loop {
            tries += 1;
            let started = Instant::now();
            let result = tokio::select! {
                result = self.attempt(&headers, &body, &mut outcome.attempts) => result,
                interruption = interrupted_in_flight(&mut stop) => Err(format!(
                    "stopped by {}: no answer within {} of it",
                    interruption.signal_name(),
                    format_duration(GRACE)
                )),
            };
            outcome.latency = Some(started.elapsed());
            let retry_after = match &result {
                Ok(answer) if self.options.expect.matches(answer.status) => break result,
                Ok(answer) if answer.status >= 500 || answer.status == 429 => {
                    answer.retry_after.clone()
                }
                Ok(_) => break result,
                Err(_) => None,
            };
            if tries > self.options.retries || stop.borrow().is_some() {
                break result;
            }
            let wait = BACKOFF.wait(tries, retry_after.as_deref());
            // An interruption during the wait ends the delivery with the last result:
            // nothing new is sent after it.
            let interrupted = tokio::select! {
                _ = tokio::time::sleep(wait) => false,
                _ = stopped(&mut stop) => true,
            };
            if interrupted {
                break result;
            }
        };
        match result {
            Ok(answer) => self.judge(&mut outcome, answer),
            Err(error) => {
                outcome.verdict = Verdict::Unreachable;
                outcome.error = Some(error);
            }
        }
        let shown = !self.options.quiet_deliveries || outcome.verdict != Verdict::Delivered;
        if outcome.event_id.is_none() && shown {
            outcome.event_id = body::top_level_string(&body, "id");
        }
        Ok(outcome)
    }

    /// Fills in an answered delivery's status, verdict and explanation.
    fn judge(&self, outcome: &mut Outcome, answer: Answer) {
        let expect = self.options.expect;
        outcome.status = Some(answer.status);
        outcome.answer = answer.body;
        outcome.location = answer.location.clone();
        if expect.matches(answer.status) {
            outcome.verdict = Verdict::Delivered;
            return;
        }
        outcome.verdict = Verdict::Missed;
        let status = answer.status;
        outcome.error = Some(match (status, &answer.location) {
            (300..=399, None) => {
                format!("redirect ({status}) without a Location header; expected {expect}")
            }
            (300..=399, Some(location)) if !self.options.follow_redirects => format!(
                "redirected to {location}: redirects are not followed (point the URL there, \
                 or --follow-redirects for 307/308); expected {expect}"
            ),
            (307 | 308, Some(location)) => format!(
                "redirected to {location}: stopped after {} redirects; expected {expect}",
                answer.hops
            ),
            (300..=399, Some(location)) => format!(
                "redirected to {location} with {status}: only 307/308 keep the method and body, \
                 so it is not followed; point the URL there; expected {expect}"
            ),
            _ => format!("expected {expect}, got {status}"),
        });
    }

    fn headers(&self, item: &Item, body: &[u8]) -> Result<Headers, String> {
        let mut headers: Headers = Vec::with_capacity(4);
        headers.push((CONTENT_TYPE, HeaderValue::from_static("application/json")));
        headers.push((
            USER_AGENT,
            HeaderValue::from_static(crate::net::client::USER_AGENT_VALUE),
        ));
        match &self.options.signing {
            Signing::Sign { key, only } => {
                let signature = HeaderValue::from_str(&key.sign(Scheme::ROOMZ, body))
                    .expect("base64 is a valid header value");
                match only {
                    Some(name) => headers.push((name.clone(), signature)),
                    None => {
                        headers.push((
                            HeaderName::from_static("roomz-signature"),
                            signature.clone(),
                        ));
                        headers.push((HeaderName::from_static("x-roomz-signature"), signature));
                    }
                }
            }
            Signing::Keep => {
                if item.signatures.is_empty() {
                    let what = match item.kind {
                        Kind::Event => "an event file, not a capture, so it",
                        Kind::Capture => "a capture that",
                    };
                    return Err(format!(
                        "--keep-signature: this is {what} has no captured {HEADER} or {LEGACY_HEADER} header \
                         to re-send; drop --keep-signature to sign it with the configured secret"
                    ));
                }
                for (name, value) in &item.signatures {
                    let name = HeaderName::from_bytes(name.as_bytes());
                    let value = HeaderValue::from_str(value);
                    match (name, value) {
                        (Ok(name), Ok(value)) => headers.push((name, value)),
                        _ => return Err("--keep-signature: the captured signature header is not a valid HTTP header".into()),
                    }
                }
            }
        }
        Ok(headers)
    }

    /// One attempt: the request, then the redirects `--follow-redirects` allows, all
    /// within the timeout; `sent` counts each request put on the wire. The signature
    /// headers go to another origin only with `redirect_signatures`.
    async fn attempt(
        &self,
        headers: &Headers,
        body: &Bytes,
        sent: &mut u32,
    ) -> Result<Answer, String> {
        let timeout = self.options.timeout;
        let attempt = async {
            let mut url = self.options.url.clone();
            let mut hops = 0;
            // Once a redirect leaves the origin, the signatures stay behind.
            let mut hop_headers = std::borrow::Cow::Borrowed(headers);
            loop {
                *sent += 1;
                let mut answer = self.post(&url, &hop_headers, body.clone()).await?;
                answer.hops = hops;
                let next = match (answer.status, &answer.location) {
                    (307 | 308, Some(location))
                        if self.options.follow_redirects && hops < MAX_REDIRECTS =>
                    {
                        resolve_location(&url, location)
                    }
                    _ => None,
                };
                match next {
                    Some(next) => {
                        if !self.options.redirect_signatures
                            && !same_origin(&self.options.url, &next)
                        {
                            hop_headers = std::borrow::Cow::Owned(without_signatures(headers));
                        }
                        url = next;
                        hops += 1;
                    }
                    None => return Ok(answer),
                }
            }
        };
        match tokio::time::timeout(timeout, attempt).await {
            Ok(result) => result,
            Err(_) => Err(format!(
                "{NO_ANSWER_WITHIN} {} (raise --timeout if the receiver is slow)",
                format_duration(timeout)
            )),
        }
    }

    async fn post(&self, url: &Url, headers: &Headers, body: Bytes) -> Result<Answer, String> {
        let keep = if self.options.keep_answer {
            MAX_ANSWER
        } else {
            0
        };
        let answer = self
            .client
            .send(Method::POST, url, headers, body, keep)
            .await
            .map_err(|e| format!("{}: {}", authority(url), describe_error(&e)))?;
        Ok(Answer {
            status: answer.status,
            location: answer.header(LOCATION),
            retry_after: answer.header(RETRY_AFTER),
            body: self.options.keep_answer.then_some(answer.body),
            hops: 0,
        })
    }
}

/// Resolves [`GRACE`] after an interruption: a request still in flight then is given up.
async fn interrupted_in_flight(stop: &mut Stop) -> Interruption {
    let interruption = stopped(stop).await;
    tokio::time::sleep(GRACE).await;
    interruption
}

/// `headers` without the ROOMZ signature headers, for a redirect to another origin.
fn without_signatures(headers: &Headers) -> Headers {
    headers
        .iter()
        .filter(|(name, _)| {
            !crate::core::signature::HEADERS
                .iter()
                .any(|h| name.as_str().eq_ignore_ascii_case(h))
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expect_status_forms() {
        assert_eq!("2xx".parse(), Ok(ExpectStatus::Class(2)));
        assert_eq!("4XX".parse(), Ok(ExpectStatus::Class(4)));
        assert_eq!("202".parse(), Ok(ExpectStatus::Code(202)));
        for bad in ["", "2x", "6xx", "0xx", "99", "600", "ok", "2xxx"] {
            assert!(bad.parse::<ExpectStatus>().is_err(), "{bad}");
        }
        assert!(ExpectStatus::Class(2).matches(204));
        assert!(!ExpectStatus::Class(2).matches(301));
        assert!(ExpectStatus::Code(202).matches(202) && !ExpectStatus::Code(202).matches(200));
        assert_eq!(ExpectStatus::Class(5).to_string(), "5xx");
    }

    #[test]
    fn rates() {
        assert_eq!(parse_rate("10/s"), Ok(Duration::from_millis(100)));
        assert_eq!(parse_rate("60/m"), Ok(Duration::from_secs(1)));
        assert_eq!(parse_rate("4"), Ok(Duration::from_millis(250)));
        assert!(parse_rate("0/s").is_err());
        assert!(parse_rate("5/d").is_err());
    }
}
