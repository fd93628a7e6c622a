//! The receiving end of `roomz-hook listen`: for every request, record it, verify its
//! signature, validate the event, mark a repeated `id`, store it (committed before the
//! answer), answer, report it (the printer shows it), and pass it on to the developer's
//! app if asked.

use crate::app::api::{self, ApiClient};
use crate::app::inspector::{self, Inspector};
use crate::core::event;
use crate::core::secret::{CurrentSecret, Keyed, Secret};
use crate::core::signature::{Scheme, Verification, HEADERS};
use crate::net::client::{describe_error, ClientOptions, HttpClient};
use crate::store::{format_time, NewRequest, StoreWriter};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use serde_json::json;
use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// How long a client may take to send a whole body once its headers arrived.
const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// What `listen`'s flags decide, as plain data.
#[derive(Debug, Clone)]
pub struct ListenOptions {
    pub path: String,
    /// None: signatures are recorded but not checked ("unchecked").
    pub secret: Option<CurrentSecret>,
    pub max_body: u64,
    pub status: Option<u16>,
    pub delay: Option<Duration>,
    pub fail_rate: f64,
    pub events: Option<Vec<String>>,
    pub count: Option<u64>,
    pub forward_to: Option<url::Url>,
    /// The trace (`-v`) of forwarded requests.
    pub transport: crate::net::client::Transport,
    /// `--fetch`: the API client, and where its token came from (for messages).
    pub fetch: Option<(ApiClient, String)>,
    /// The page at `/_/` (app/inspector), unless `--no-ui` or a non-loopback address.
    pub inspector: Option<Arc<Inspector>>,
    /// Where `secret` came from, read again after a signature fails: the secret may have
    /// been changed in another terminal since (`init --generate-secret --force`).
    pub reload_secret: Option<SecretReloader>,
}

/// Reads the configured secret again, as it was resolved at start (the config file or a
/// secret file); `None` when there is none there now, or it cannot be read.
#[derive(Clone)]
pub struct SecretReloader(pub Arc<dyn Fn() -> Option<Secret> + Send + Sync>);

impl std::fmt::Debug for SecretReloader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretReloader")
    }
}

/// What the listener tells as it goes; the printer decides how each looks.
#[derive(Debug)]
pub enum Happening {
    /// A request to the path that passed `--events`, once stored and answered.
    Request {
        seq: Option<i64>,
        request: Arc<NewRequest>,
    },
    Forwarded(Forwarded),
    Fetched(Fetched),
    /// A connection that failed before it made a request (a bad TLS hello, say).
    ConnectionProblem(String),
    /// An ordinary end of a connection worth telling at `-v` only (an idle keep-alive
    /// connection closed).
    ConnectionNote(String),
    /// A request to another path than the webhook's (answered 404, stored): at `-v`.
    OtherPath {
        method: String,
        path: String,
    },
    /// Something the developer must hear of, such as a request that could not be stored.
    Problem(String),
}

/// The developer's app's answer to a forwarded request.
#[derive(Debug, Clone)]
pub struct Forwarded {
    pub seq: Option<i64>,
    pub event_id: Option<String>,
    pub url: String,
    pub status: Option<u16>,
    pub latency_ms: Option<u64>,
    pub error: Option<String>,
}

/// What `--fetch` got from the API for an event: details, or the error.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub seq: Option<i64>,
    pub event_id: Option<String>,
    pub url: Option<String>,
    pub status: Option<u16>,
    pub latency_ms: Option<u64>,
    pub details: Option<serde_json::Value>,
    pub error: Option<String>,
}

/// Where the listener's happenings go: the printer of `listen`.
pub trait Report: Send + Sync {
    fn tell(&self, happening: Happening);
}

/// The counts a listener ends with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub received: u64,
    pub counted: u64,
    pub invalid: u64,
    pub duplicates: u64,
    pub forward_failures: u64,
    pub fetch_failures: u64,
}

/// Why a listener stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Interrupted,
    CountReached,
    TimedOut,
}

/// Counts kept for the closing summary and for `--count`.
#[derive(Debug, Default)]
pub struct Stats {
    pub received: AtomicU64,
    pub counted: AtomicU64,
    pub invalid: AtomicU64,
    pub duplicates: AtomicU64,
    pub forward_failures: AtomicU64,
    pub fetch_failures: AtomicU64,
}

/// The shared state of a running listener.
pub struct Listener {
    options: ListenOptions,
    /// None with `--no-verify`. Replaced (rarely: see `reload_secret`) while serving.
    keyed: Option<CurrentSecret>,
    store: Option<StoreWriter>,
    /// Without a store (`--no-store`) only: the ids of genuine events answered so far.
    /// With one, the store decides (a look-up on its index, nothing kept here).
    unstored_seen: Mutex<SeenIds>,
    report: Arc<dyn Report>,
    pub stats: Stats,
    /// Notified once `--count` requests have been counted.
    pub count_reached: Notify,
    count_done: AtomicBool,
    forward: Option<HttpClient>,
    /// `--fetch` calls still running: a stop waits for them, so no detail is lost.
    fetches_running: AtomicU64,
    fetch_done: Notify,
}

/// The facts about one request, before it is stored.
struct Received {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Why the body could not be read whole, with the status to answer.
    body_problem: Option<(StatusCode, String)>,
}

impl Listener {
    pub fn new(
        options: ListenOptions,
        store: Option<StoreWriter>,
        report: Arc<dyn Report>,
    ) -> Arc<Listener> {
        let keyed = options.secret.clone();
        let forward = options.forward_to.as_ref().map(|_| {
            HttpClient::new(ClientOptions {
                transport: options.transport.clone(),
                ..ClientOptions::default()
            })
        });
        Arc::new(Listener {
            options,
            keyed,
            store,
            unstored_seen: Mutex::new(SeenIds::default()),
            report,
            stats: Stats::default(),
            count_reached: Notify::new(),
            count_done: AtomicBool::new(false),
            forward,
            fetches_running: AtomicU64::new(0),
            fetch_done: Notify::new(),
        })
    }

    /// The counts so far.
    pub fn summary(&self) -> Summary {
        let count = |n: &AtomicU64| n.load(Ordering::Relaxed);
        Summary {
            received: count(&self.stats.received),
            counted: count(&self.stats.counted),
            invalid: count(&self.stats.invalid),
            duplicates: count(&self.stats.duplicates),
            forward_failures: count(&self.stats.forward_failures),
            fetch_failures: count(&self.stats.fetch_failures),
        }
    }

    /// Serves on `socket` until Ctrl-C, SIGTERM, `--count` or `timeout`; then lets the
    /// open requests and `--fetch` calls finish, closes the store (every acknowledged
    /// request is committed), and returns the counts and why it stopped.
    pub async fn serve(
        self: Arc<Self>,
        socket: tokio::net::TcpListener,
        tls: Option<Arc<tokio_rustls::rustls::ServerConfig>>,
        timeouts: crate::net::server::Timeouts,
        timeout: Option<Duration>,
        signals: crate::net::server::StopSignals,
    ) -> (Summary, Stop) {
        let stopped_by = Arc::new(Mutex::new(Stop::Interrupted));
        let (stopped, handler, problems) = (stopped_by.clone(), self.clone(), self.clone());
        let closing = self.clone();
        let stop = stop_signal(self.clone(), timeout, signals);
        crate::net::server::serve(
            socket,
            tls,
            timeouts,
            move |peer, request| handler.clone().route(peer, request),
            move |problem| {
                let text = format!("connection from {}: {}", problem.peer, problem.message);
                problems.report.tell(match problem.ordinary {
                    true => Happening::ConnectionNote(text),
                    false => Happening::ConnectionProblem(text),
                });
            },
            async move {
                let reason = stop.await;
                *stopped.lock().expect("stop lock") = reason;
                if let Some(inspector) = &closing.options.inspector {
                    inspector.close(); // Open streams end, so the shutdown need not wait.
                }
            },
            Duration::from_secs(5),
        )
        .await;
        self.finish_fetches(Duration::from_secs(35)).await;
        if let Some(writer) = self.store.clone() {
            if let Err(error) = writer.shutdown().await {
                self.report.tell(Happening::Problem(format!(
                    "error while closing the event store: {error}"
                )));
            }
        }
        let reason = *stopped_by.lock().expect("stop lock");
        (self.summary(), reason)
    }

    /// Waits, at most `limit`, for the running `--fetch` calls to finish.
    pub async fn finish_fetches(&self, limit: Duration) {
        let all_done = async {
            loop {
                let done = self.fetch_done.notified();
                if self.fetches_running.load(Ordering::SeqCst) == 0 {
                    return;
                }
                done.await;
            }
        };
        let _ = tokio::time::timeout(limit, all_done).await;
    }

    /// The inspector's requests go to it (they are not webhook requests: not stored,
    /// counted or printed); every other request is a webhook request.
    async fn route(
        self: Arc<Self>,
        peer: SocketAddr,
        request: Request<Incoming>,
    ) -> Response<inspector::ResponseBody> {
        match &self.options.inspector {
            Some(inspector) if inspector.claims(&request) => {
                inspector.clone().handle(request).await
            }
            _ => self
                .handle(peer, request)
                .await
                .map(inspector::ResponseBody::Left),
        }
    }

    /// Answers one request. The row is committed before the answer leaves.
    pub async fn handle(
        self: Arc<Self>,
        peer: SocketAddr,
        request: Request<Incoming>,
    ) -> Response<Full<Bytes>> {
        let received_at = format_time(time::OffsetDateTime::now_utc());
        let received = self.receive(request).await;
        let verdict = self.judge(&received);
        self.stats.received.fetch_add(1, Ordering::Relaxed);

        let mut new = Arc::new(NewRequest {
            received_at,
            method: received.method,
            path: received.path,
            headers: received.headers,
            body: received.body,
            signature: verdict.signature.to_string(),
            event_id: verdict.event_id,
            event_type: verdict.event_type,
            duplicate: false,
            problems: verdict.problems,
            warnings: verdict.warnings,
            hint: verdict.hint,
            status: verdict.status.as_u16(),
        });
        let genuine = matches!(verdict.signature, "valid" | "unchecked");
        let seq = match &self.store {
            None => {
                if let (Some(id), true) = (&new.event_id, genuine) {
                    let seen = !self.unstored_seen.lock().expect("seen-ids lock").insert(id);
                    Arc::make_mut(&mut new).duplicate = seen;
                }
                None
            }
            Some(store) => match store.insert_shared(new.clone()).await {
                Ok(inserted) => {
                    if inserted.duplicate {
                        // The writer has let go of its reference: no copy is made.
                        Arc::make_mut(&mut new).duplicate = true;
                    }
                    Some(inserted.seq)
                }
                Err(error) => {
                    // Not stored, so not acknowledged: the sender will retry. The request
                    // still gets its line, with the status it was answered.
                    let reason = "the request could not be stored";
                    let unstored = Arc::make_mut(&mut new);
                    unstored.status = StatusCode::SERVICE_UNAVAILABLE.as_u16();
                    unstored.problems.push(format!("not stored: {error}"));
                    self.report.tell(Happening::Problem(format!(
                        "request from {peer} NOT stored, answered 503: {error}"
                    )));
                    if verdict.selected {
                        self.report(None, new, false);
                    }
                    return answer(StatusCode::SERVICE_UNAVAILABLE, reason);
                }
            },
        };
        if let Some(delay) = self.options.delay {
            tokio::time::sleep(delay).await;
        }
        let response = answer(verdict.status, &verdict.reason);
        if let Some(inspector) = &self.options.inspector {
            inspector.publish(seq, &new);
        }
        if verdict.selected {
            self.report(seq, new, verdict.valid);
        } else if verdict.status == StatusCode::NOT_FOUND {
            self.report.tell(Happening::OtherPath {
                method: new.method.clone(),
                path: new.path.clone(),
            });
        }
        response
    }

    async fn receive(&self, request: Request<Incoming>) -> Received {
        let (parts, body) = request.into_parts();
        let headers = parts
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut received = Received {
            method: parts.method.to_string(),
            path: parts
                .uri
                .path_and_query()
                .map_or("/".into(), |p| p.to_string()),
            headers,
            body: Vec::new(),
            body_problem: None,
        };
        let declared = parts
            .headers
            .get(hyper::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        let mut body = body;
        if let Some(length) = declared.filter(|&l| l > self.options.max_body) {
            received.body_problem = Some((StatusCode::PAYLOAD_TOO_LARGE, self.too_large(length)));
            tokio::spawn(discard_rest(body));
            return received;
        }
        // Sized from Content-Length (already checked against the limit): one allocation.
        received.body.reserve_exact(declared.unwrap_or(0) as usize);
        let read = read_body(&mut body, self.options.max_body, &mut received.body);
        match tokio::time::timeout(BODY_READ_TIMEOUT, read).await {
            Ok(Ok(())) => {}
            Ok(Err(BodyError::TooLarge)) => {
                let length = received.body.len() as u64;
                received.body_problem =
                    Some((StatusCode::PAYLOAD_TOO_LARGE, self.too_large(length)));
                tokio::spawn(discard_rest(body));
            }
            Ok(Err(BodyError::Broken(e))) => {
                received.body_problem = Some((
                    StatusCode::BAD_REQUEST,
                    format!("body truncated after {} bytes: {e}", received.body.len()),
                ));
            }
            Err(_) => {
                received.body_problem = Some((
                    StatusCode::REQUEST_TIMEOUT,
                    format!("body not received within {}s", BODY_READ_TIMEOUT.as_secs()),
                ));
            }
        }
        received
    }

    fn too_large(&self, length: u64) -> String {
        format!(
            "body of {length}+ bytes is over --max-body {}",
            crate::core::units::format_size(self.options.max_body)
        )
    }

    /// Signature, event validation, duplicates and the status to answer.
    fn judge(&self, received: &Received) -> Verdict {
        let mut verdict = Verdict::default();
        if received.path.split('?').next() != Some(self.options.path.as_str()) {
            verdict.reject(
                StatusCode::NOT_FOUND,
                format!(
                    "no webhook here: the listener's path is {}",
                    self.options.path
                ),
            );
            return verdict;
        }
        if received.method != "POST" {
            verdict.reject(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("method {} not allowed: ROOMZ POSTs", received.method),
            );
            verdict.selected = true;
            return verdict;
        }
        verdict.selected = true;
        if let Some((status, problem)) = &received.body_problem {
            verdict.reject(*status, problem.clone());
            return verdict;
        }
        let signature = received
            .headers
            .iter()
            .find(|(name, _)| HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)))
            .map(|(_, value)| value.as_str());
        verdict.signature = match (&self.keyed, signature) {
            (None, _) => "unchecked",
            (Some(_), None) => "missing",
            (Some(keyed), Some(value)) => {
                let keyed = keyed.get();
                match keyed.key.verify(Scheme::ROOMZ, &received.body, value) {
                    Verification::Valid(_) => "valid",
                    failed => match self.after_failure(&keyed, &received.body, value, failed) {
                        Ok(()) => "valid",
                        Err(hint) => {
                            verdict.hint = Some(hint);
                            "invalid"
                        }
                    },
                }
            }
        };
        match event::inspect(&received.body) {
            Ok(inspection) => {
                verdict.valid = inspection.is_valid();
                verdict.problems = inspection.error_messages();
                verdict.warnings = inspection.warning_messages();
                verdict.event_id = inspection.event.id;
                verdict.event_type = inspection.event.event_type;
            }
            Err(error) => verdict.reject(StatusCode::BAD_REQUEST, error.to_string()),
        }
        if let Some(filter) = &self.options.events {
            verdict.selected = verdict
                .event_type
                .as_ref()
                .is_some_and(|t| filter.iter().any(|f| f == t));
        }
        match verdict.signature {
            "missing" => verdict.reject(
                StatusCode::UNAUTHORIZED,
                format!("missing signature: send {} or {}", HEADERS[0], HEADERS[1]),
            ),
            "invalid" => verdict.reject(StatusCode::UNAUTHORIZED, "invalid signature".to_string()),
            _ => {}
        }
        if verdict.status == StatusCode::OK {
            self.simulate_receiver(&mut verdict);
        }
        verdict
    }

    /// After a signature failed under `current` (and only then: valid requests never
    /// come here): `Ok` when the configured secret changed since and the request
    /// verifies with the new one, which is used from now on; else `verify`'s diagnosis.
    fn after_failure(
        &self,
        current: &Keyed,
        body: &[u8],
        value: &str,
        failed: Verification,
    ) -> Result<(), String> {
        let reloaded = self
            .options
            .reload_secret
            .as_ref()
            .and_then(|reload| reload.0())
            .filter(|secret| !secret.is_empty() && *secret != current.secret);
        let Some(newer) = reloaded else {
            return Err(diagnose(&current.secret, body, failed));
        };
        let (was, now) = (current.secret.fingerprint(), newer.fingerprint());
        let newer = Keyed::new(newer);
        if !newer.key.verify(Scheme::ROOMZ, body, value).is_valid() {
            let diagnosis = diagnose(&current.secret, body, failed);
            return Err(format!(
                "the configured secret changed since listen started (now {now}, listen uses \
                 {was}), and the signature matches neither: {diagnosis}"
            ));
        }
        if let Some(keyed) = &self.keyed {
            keyed.replace(newer);
        }
        self.report.tell(Happening::Problem(format!(
            "the configured secret changed since listen started: using the new one ({now}; \
             was {was})"
        )));
        Ok(())
    }

    /// `--status` and `--fail-rate`: a receiver that answers something else on purpose.
    fn simulate_receiver(&self, verdict: &mut Verdict) {
        if self.options.fail_rate > 0.0 && fastrand::f64() < self.options.fail_rate {
            verdict.status = StatusCode::INTERNAL_SERVER_ERROR;
            verdict.reason = "simulated failure (--fail-rate)".into();
        } else if let Some(code) = self.options.status {
            verdict.status = StatusCode::from_u16(code).unwrap_or(StatusCode::OK);
            verdict.reason = format!("answered {code} (--status)");
        }
    }

    /// Counts, prints and forwards a request that passed the `--events` filter.
    fn report(self: &Arc<Self>, seq: Option<i64>, request: Arc<NewRequest>, valid: bool) {
        if request.duplicate {
            self.stats.duplicates.fetch_add(1, Ordering::Relaxed);
        }
        if !valid {
            self.stats.invalid.fetch_add(1, Ordering::Relaxed);
        }
        self.report.tell(Happening::Request {
            seq,
            request: request.clone(),
        });
        if let (Some(client), Some(url)) = (&self.forward, &self.options.forward_to) {
            let listener = self.clone();
            let (client, url) = (client.clone(), url.clone());
            let request = request.clone();
            tokio::spawn(async move { listener.forward(client, url, seq, request).await });
        }
        if valid && self.options.fetch.is_some() {
            let listener = self.clone();
            self.fetches_running.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                listener.fetch_details(seq, request).await;
                listener.fetches_running.fetch_sub(1, Ordering::SeqCst);
                listener.fetch_done.notify_waiters();
            });
        }
        self.count_one();
    }

    fn count_one(&self) {
        let counted = self.stats.counted.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(target) = self.options.count {
            if counted >= target && !self.count_done.swap(true, Ordering::SeqCst) {
                self.count_reached.notify_one();
            }
        }
    }

    /// Passes the request on to the developer's app, headers and body unchanged.
    async fn forward(
        &self,
        client: HttpClient,
        url: url::Url,
        seq: Option<i64>,
        received: Arc<NewRequest>,
    ) {
        let mut forwarded = Forwarded {
            seq,
            event_id: received.event_id.clone(),
            url: crate::net::client::display_url(&url),
            status: None,
            latency_ms: None,
            error: None,
        };
        // Received headers were valid on the way in, so they are valid on the way out.
        let headers: Vec<_> = received
            .headers
            .iter()
            .filter(|(name, _)| !is_hop_by_hop(name))
            .filter_map(|(name, value)| {
                let name = hyper::header::HeaderName::from_bytes(name.as_bytes()).ok()?;
                Some((name, hyper::header::HeaderValue::from_str(value).ok()?))
            })
            .collect();
        let started = Instant::now();
        let body = Bytes::from(received.body.clone());
        let result = client
            .send(hyper::Method::POST, &url, &headers, body, 0)
            .await;
        forwarded.latency_ms = Some(started.elapsed().as_millis() as u64);
        match &result {
            Ok(answer) => forwarded.status = Some(answer.status),
            Err(e) => forwarded.error = Some(describe_error(e)),
        }
        if forwarded.status.is_none_or(|s| !(200..300).contains(&s)) {
            self.stats.forward_failures.fetch_add(1, Ordering::Relaxed);
        }
        if let (Some(store), Some(seq), Some(code)) = (&self.store, seq, forwarded.status) {
            let _ = store.set_forward_status(seq, code).await;
        }
        self.report.tell(Happening::Forwarded(forwarded));
    }
}

impl Listener {
    /// `--fetch`: the event's details from the API, after the event was answered (an
    /// integration must answer fast, then call the API). Printed, and kept in the store.
    async fn fetch_details(&self, seq: Option<i64>, received: Arc<NewRequest>) {
        let Some((client, token_source)) = &self.options.fetch else {
            return;
        };
        let inspection = match event::inspect(&received.body) {
            Ok(inspection) => inspection,
            Err(_) => return,
        };
        let path = match api::resource_for(&inspection.event) {
            Ok(path) => path,
            // Unknown types are valid events, and a deleted resource is gone: nothing to
            // fetch, and nothing failed.
            Err(api::ResourceError::UnknownType(_) | api::ResourceError::Deleted { .. }) => return,
            Err(error) => {
                self.fetch_failed(seq, &received, None, None, error.to_string());
                return;
            }
        };
        match client.get(&path, |_| {}).await {
            Ok(answer) => match answer.problem(token_source) {
                None => {
                    let details = answer.json.clone().unwrap_or_default();
                    if let (Some(store), Some(seq)) = (&self.store, seq) {
                        let kept =
                            json!({"url": answer.url, "status": answer.status, "answer": details});
                        let _ = store.set_details(seq, kept.to_string()).await;
                    }
                    self.report.tell(Happening::Fetched(Fetched {
                        seq,
                        event_id: received.event_id.clone(),
                        url: Some(answer.url.clone()),
                        status: Some(answer.status),
                        latency_ms: Some(answer.latency.as_millis() as u64),
                        details: Some(details),
                        error: None,
                    }));
                }
                Some(problem) => {
                    let url = answer.url.clone();
                    self.fetch_failed(seq, &received, Some(url), Some(answer.status), problem)
                }
            },
            Err(error) => {
                let url = error.url.clone();
                self.fetch_failed(seq, &received, Some(url), None, error.message)
            }
        }
    }

    fn fetch_failed(
        &self,
        seq: Option<i64>,
        received: &NewRequest,
        url: Option<String>,
        status: Option<u16>,
        error: String,
    ) {
        self.stats.fetch_failures.fetch_add(1, Ordering::Relaxed);
        if let (Some(store), Some(seq)) = (&self.store, seq) {
            let kept = json!({"url": url, "status": status, "error": &error}).to_string();
            let store = store.clone();
            tokio::spawn(async move { store.set_details(seq, kept).await });
        }
        self.report.tell(Happening::Fetched(Fetched {
            seq,
            event_id: received.event_id.clone(),
            url,
            status,
            latency_ms: None,
            details: None,
            error: Some(error),
        }));
    }
}

/// Resolves at the first of: Ctrl-C, SIGTERM (caught since before the start-up line),
/// `--count` reached, `--timeout` elapsed.
async fn stop_signal(
    listener: Arc<Listener>,
    timeout: Option<Duration>,
    signals: crate::net::server::StopSignals,
) -> Stop {
    let timeout = async move {
        match timeout {
            Some(duration) => tokio::time::sleep(duration).await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = signals.received() => Stop::Interrupted,
        _ = listener.count_reached.notified() => Stop::CountReached,
        _ = timeout => Stop::TimedOut,
    }
}

/// The event ids seen so far, for marking duplicates without a store. ROOMZ ids are UUIDs, kept as 16
/// bytes instead of a 36-character string: the set grows with every distinct event, and
/// at 300,000 ids that is about 6 MiB instead of 24 (bench/listen.sh, whose peak memory
/// target is 32 MiB). Any other id is kept as it is.
#[derive(Debug, Default)]
struct SeenIds {
    uuids: HashSet<u128>,
    others: HashSet<String>,
}

impl SeenIds {
    /// Records `id`; false when it was seen before.
    fn insert(&mut self, id: &str) -> bool {
        match canonical_uuid(id) {
            Some(uuid) => self.uuids.insert(uuid),
            None => self.others.insert(id.to_string()),
        }
    }
}

/// The UUID of an id in the canonical form (lowercase, hyphenated) only, so that two ids
/// that differ as text never count as one: `3F2E…` and `3f2e…` are different ids.
fn canonical_uuid(id: &str) -> Option<u128> {
    let canonical = id.len() == 36 && !id.bytes().any(|b| b.is_ascii_uppercase());
    canonical
        .then(|| uuid::Uuid::try_parse(id).ok())
        .flatten()
        .map(|uuid| uuid.as_u128())
}

/// Why a signature did not verify under `secret`, as `verify` says it.
fn diagnose(secret: &Secret, body: &[u8], failed: Verification) -> String {
    let secret = secret.expose().as_bytes();
    crate::app::verify::failure_hint(secret, Scheme::ROOMZ, body, failed, &[]).unwrap_or_default()
}

#[derive(Debug)]
struct Verdict {
    signature: &'static str,
    /// Why an invalid signature did not verify.
    hint: Option<String>,
    event_id: Option<String>,
    event_type: Option<String>,
    problems: Vec<String>,
    warnings: Vec<String>,
    status: StatusCode,
    reason: String,
    /// A well-formed event whose signature checked out (or was not checked).
    valid: bool,
    /// Passes `--events` (and is to the webhook path): printed, counted, forwarded.
    selected: bool,
}

impl Default for Verdict {
    fn default() -> Self {
        Verdict {
            signature: "unchecked",
            hint: None,
            event_id: None,
            event_type: None,
            problems: Vec::new(),
            warnings: Vec::new(),
            status: StatusCode::OK,
            reason: "received".into(),
            valid: false,
            selected: false,
        }
    }
}

impl Verdict {
    /// The first rejection decides the status; every reason is kept as a problem.
    fn reject(&mut self, status: StatusCode, reason: String) {
        self.valid = false;
        if self.status == StatusCode::OK {
            self.status = status;
            self.reason = reason.clone();
        }
        self.problems.push(reason);
    }
}

enum BodyError {
    TooLarge,
    Broken(hyper::Error),
}

/// After a 413, the rest of a body that is too large is read and thrown away (up to
/// [`DISCARD_LIMIT`] within [`BODY_READ_TIMEOUT`]) rather than left unread: closing a
/// connection with unread data resets it, and the reset can destroy the 413 before the
/// sender has read it (a sender still writing sees "broken pipe", not the answer).
async fn discard_rest(mut body: Incoming) {
    let discard = async {
        let mut discarded = 0usize;
        while let Some(Ok(frame)) = body.frame().await {
            discarded += frame.data_ref().map_or(0, Bytes::len);
            if discarded > DISCARD_LIMIT {
                return;
            }
        }
    };
    let _ = tokio::time::timeout(BODY_READ_TIMEOUT, discard).await;
}

/// The most of a refused body [`discard_rest`] reads.
const DISCARD_LIMIT: usize = 256 << 20;

async fn read_body(body: &mut Incoming, limit: u64, into: &mut Vec<u8>) -> Result<(), BodyError> {
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(BodyError::Broken)?;
        if let Ok(data) = frame.into_data() {
            if (into.len() + data.len()) as u64 > limit {
                into.extend_from_slice(&data[..(limit as usize).saturating_sub(into.len())]);
                return Err(BodyError::TooLarge);
            }
            into.extend_from_slice(&data);
        }
    }
    Ok(())
}

fn answer(status: StatusCode, reason: &str) -> Response<Full<Bytes>> {
    let body = if status.is_success() {
        Bytes::from_static(b"{\"received\":true}")
    } else {
        Bytes::from(json!({ "error": reason }).to_string())
    };
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    response
}

fn is_hop_by_hop(name: &str) -> bool {
    const HOP: [&str; 9] = [
        "connection",
        "keep-alive",
        "proxy-connection",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "host",
        "content-length",
    ];
    HOP.iter().any(|h| h.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_ids_mark_repeats_exactly_as_text() {
        let lower = "3f2e1d0c-b9a8-4765-8432-10fedcba9876";
        let upper = "3F2E1D0C-B9A8-4765-8432-10FEDCBA9876";
        let mut seen = SeenIds::default();
        assert!(seen.insert(lower) && seen.insert("evt_1"));
        assert!(!seen.insert(lower), "a UUID seen before");
        assert!(!seen.insert("evt_1"), "another id seen before");
        assert!(
            seen.insert(upper),
            "the same UUID in capitals is another id"
        );
        assert!(!seen.insert(upper));
        assert!(
            seen.insert("3f2e1d0cb9a84765843210fedcba9876"),
            "unhyphenated: another id"
        );
        assert!(seen.insert("evt_2"));
        assert_eq!((seen.uuids.len(), seen.others.len()), (1, 4));
    }
}
