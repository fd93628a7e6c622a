//! A local stand-in for ROOMZ, behind `roomz-hook simulate`: workspaces whose presence
//! changes (on a timer, or when asked through the API), a REST API that serves their
//! status to a bearer token, and a webhook sender with ROOMZ's delivery rules — signed
//! body, 30 s timeout, any non-2xx is a failure, retried after 1 s, 2 s, 4 s ... with the
//! same `id` and the same bytes, up to a number of attempts.

use crate::app::replay::body::{legacy_timestamp, timestamp_now};
use crate::core::event::{PRESENCE_CHANGED, STATUS_UPDATED};
use crate::core::secret::Secret;
use crate::core::signature::{Key, Scheme};
use crate::net::client::{describe_error, ClientOptions, HttpClient};
use crate::net::retry::{Backoff, Jitter};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{
    HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, USER_AGENT, WWW_AUTHENTICATE,
};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{json, Value};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// What the simulator's deliveries say they are.
const SIMULATOR_USER_AGENT: &str = concat!("roomz-hook-simulate/", env!("CARGO_PKG_VERSION"));
/// ROOMZ's delivery timeout.
pub const DELIVERY_TIMEOUT: Duration = Duration::from_secs(30);
/// The wait before the first retry; each further retry waits twice as long.
pub const FIRST_RETRY: Duration = Duration::from_secs(1);
/// The largest body `POST /workspaces/{id}/status` reads.
const MAX_API_BODY: usize = 64 * 1024;

/// Which of ROOMZ's documented event shapes to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventShape {
    /// `workspace.presence.changed`, details under `data` (current documents).
    #[default]
    Current,
    /// `workspace.status.updated`, top-level `workspaceId`, `+0000` timestamps (older draft).
    Old,
}

impl std::str::FromStr for EventShape {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "current" => Ok(EventShape::Current),
            "old" => Ok(EventShape::Old),
            other => Err(format!("'{other}': use current or old")),
        }
    }
}

/// A workspace's presence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Free,
    Busy,
}

impl Presence {
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Free => "Free",
            Presence::Busy => "Busy",
        }
    }

    fn other(self) -> Presence {
        match self {
            Presence::Free => Presence::Busy,
            Presence::Busy => Presence::Free,
        }
    }

    fn parse(text: &str) -> Option<Presence> {
        match text {
            "Free" => Some(Presence::Free),
            "Busy" => Some(Presence::Busy),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    pub id: String,
    pub presence: Presence,
    /// RFC 3339 time of the last change.
    pub updated_at: String,
}

impl Workspace {
    /// The API's answer for this workspace.
    pub fn status_json(&self) -> Value {
        json!({"workspaceId": self.id, "status": self.presence.as_str(), "updatedAt": self.updated_at})
    }
}

/// What the simulator needs to know.
pub struct SimOptions {
    pub workspaces: usize,
    /// Seeds the workspace ids, their first presence and the timer's choices.
    pub seed: u64,
    pub shape: EventShape,
    /// Where events are delivered.
    pub target: url::Url,
    pub max_attempts: u32,
    pub first_retry: Duration,
    pub timeout: Duration,
    /// Signs the events.
    pub secret: Secret,
    /// Required from API clients, as `Authorization: SCHEME TOKEN`.
    pub token: Secret,
    pub auth_scheme: String,
}

/// Masks the secret and the token.
impl fmt::Debug for SimOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimOptions")
            .field("workspaces", &self.workspaces)
            .field("seed", &self.seed)
            .field("shape", &self.shape)
            .field("target", &self.target)
            .field("max_attempts", &self.max_attempts)
            .field("secret", &self.secret)
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

/// Something that happened, for the command to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Happening {
    /// A workspace changed and an event was made for it.
    Changed {
        event_id: String,
        workspace_id: String,
        presence: Presence,
        /// "timer" or "api".
        cause: &'static str,
    },
    /// One delivery attempt ended.
    Attempt(Attempt),
    /// The API answered a request.
    Api {
        method: String,
        path: String,
        status: u16,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub event_id: String,
    pub workspace_id: String,
    pub attempt: u32,
    pub max_attempts: u32,
    /// `None` when no answer came (refused, timed out).
    pub status: Option<u16>,
    pub error: Option<String>,
    pub latency: Duration,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Will be tried again after this wait.
    Retry(Duration),
    /// The last attempt failed: ROOMZ gives up on the event.
    GaveUp,
}

/// Counts for the closing summary and `--count`.
#[derive(Debug, Default)]
pub struct SimStats {
    pub changes: AtomicU64,
    pub delivered: AtomicU64,
    pub failed: AtomicU64,
    pub attempts: AtomicU64,
}

/// The counts a simulator ends with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SimSummary {
    pub changes: u64,
    pub delivered: u64,
    pub failed: u64,
    /// Changes whose delivery had not settled when the simulator stopped.
    pub pending: u64,
    pub attempts: u64,
}

/// How long the API stays up after `--count` deliveries settled: the receiver fetches
/// an event's details right after answering it, and must find the API still there.
const LINGER: Duration = Duration::from_secs(1);

impl SimStats {
    pub fn settled(&self) -> u64 {
        self.delivered.load(Ordering::SeqCst) + self.failed.load(Ordering::SeqCst)
    }
}

type Reporter = Box<dyn Fn(Happening) + Send + Sync>;

pub struct Simulator {
    options: SimOptions,
    key: Key,
    state: Mutex<State>,
    http: HttpClient,
    report: Reporter,
    pub stats: SimStats,
    /// Notified each time a delivery settles (delivered or given up).
    pub settled: Notify,
}

struct State {
    workspaces: Vec<Workspace>,
    rng: fastrand::Rng,
}

impl Simulator {
    pub fn new(options: SimOptions, report: Reporter) -> Result<Arc<Simulator>, String> {
        let mut rng = fastrand::Rng::with_seed(options.seed);
        let now = timestamp_now(time::OffsetDateTime::now_utc());
        let workspaces = (0..options.workspaces)
            .map(|_| {
                let bytes: [u8; 16] = std::array::from_fn(|_| rng.u8(..));
                Workspace {
                    id: uuid::Builder::from_random_bytes(bytes)
                        .into_uuid()
                        .to_string(),
                    presence: if rng.bool() {
                        Presence::Busy
                    } else {
                        Presence::Free
                    },
                    updated_at: now.clone(),
                }
            })
            .collect();
        let http = HttpClient::new(ClientOptions {
            timeout: Some(options.timeout),
            ..ClientOptions::default()
        });
        Ok(Arc::new(Simulator {
            key: Key::new(options.secret.expose().as_bytes()),
            options,
            state: Mutex::new(State { workspaces, rng }),
            http,
            report,
            stats: SimStats::default(),
            settled: Notify::new(),
        }))
    }

    pub fn workspaces(&self) -> Vec<Workspace> {
        self.state.lock().expect("state lock").workspaces.clone()
    }

    /// The timer's change: one workspace, picked by the seeded generator, flips.
    /// Serves the API on `socket` and changes a workspace every `every` (with `count`,
    /// that many times at most), until Ctrl-C, SIGTERM, or `count` deliveries settled
    /// (and [`LINGER`] more); returns the counts. `on_problem` hears of API connections
    /// that failed before a request.
    pub async fn serve(
        self: Arc<Self>,
        socket: tokio::net::TcpListener,
        every: Option<Duration>,
        count: Option<u64>,
        on_problem: impl Fn(String) + Send + Sync + 'static,
    ) -> SimSummary {
        let ticker = every.map(|period| {
            let simulator = self.clone();
            tokio::spawn(async move {
                let mut interval =
                    tokio::time::interval_at(tokio::time::Instant::now() + period, period);
                // With --count, the timer makes that many changes and no more.
                while count.is_none_or(|n| simulator.stats.changes.load(Ordering::SeqCst) < n) {
                    interval.tick().await;
                    simulator.tick();
                }
            })
        });
        let (handler, stop) = (self.clone(), self.clone());
        crate::net::server::serve(
            socket,
            None,
            Duration::from_secs(10),
            move |_peer, request| handler.clone().handle(request),
            move |problem| {
                on_problem(format!(
                    "API connection from {}: {}",
                    problem.peer, problem.message
                ))
            },
            async move {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {},
                    _ = crate::net::server::terminated() => {},
                    _ = stop.count_settled(count) => {},
                }
            },
            Duration::from_secs(2),
        )
        .await;
        if let Some(ticker) = ticker {
            ticker.abort();
        }
        let stats = &self.stats;
        let load = |n: &AtomicU64| n.load(Ordering::SeqCst);
        let (changes, delivered, failed) = (
            load(&stats.changes),
            load(&stats.delivered),
            load(&stats.failed),
        );
        SimSummary {
            changes,
            delivered,
            failed,
            pending: changes.saturating_sub(delivered + failed),
            attempts: load(&stats.attempts),
        }
    }

    /// Resolves [`LINGER`] after `count` deliveries settled; never without `--count`.
    async fn count_settled(&self, count: Option<u64>) {
        let Some(count) = count else {
            return std::future::pending().await;
        };
        loop {
            let notified = self.settled.notified();
            if self.stats.settled() >= count {
                break;
            }
            notified.await;
        }
        tokio::time::sleep(LINGER).await;
    }

    pub fn tick(self: &Arc<Self>) {
        let (index, presence) = {
            let mut state = self.state.lock().expect("state lock");
            if state.workspaces.is_empty() {
                return;
            }
            let len = state.workspaces.len();
            let index = state.rng.usize(..len);
            (index, state.workspaces[index].presence.other())
        };
        self.set(index, presence, "timer");
    }

    /// Sets a workspace's presence; a change is delivered as an event. Returns the
    /// workspace and whether it changed.
    fn set(
        self: &Arc<Self>,
        index: usize,
        presence: Presence,
        cause: &'static str,
    ) -> (Workspace, bool) {
        let now = time::OffsetDateTime::now_utc();
        let workspace = {
            let mut state = self.state.lock().expect("state lock");
            let workspace = &mut state.workspaces[index];
            if workspace.presence == presence {
                return (workspace.clone(), false);
            }
            workspace.presence = presence;
            workspace.updated_at = timestamp_now(now);
            workspace.clone()
        };
        let event_id = uuid::Uuid::new_v4().to_string();
        let body = self.event_body(&event_id, &workspace, now);
        self.stats.changes.fetch_add(1, Ordering::SeqCst);
        (self.report)(Happening::Changed {
            event_id: event_id.clone(),
            workspace_id: workspace.id.clone(),
            presence,
            cause,
        });
        let simulator = self.clone();
        let id = workspace.id.clone();
        tokio::spawn(async move { simulator.deliver(event_id, id, body).await });
        (workspace, true)
    }

    /// The event's exact bytes, in the chosen shape. Made once: every retry sends these.
    fn event_body(
        &self,
        event_id: &str,
        workspace: &Workspace,
        now: time::OffsetDateTime,
    ) -> Bytes {
        let event = match self.options.shape {
            EventShape::Current => json!({
                "id": event_id,
                "type": PRESENCE_CHANGED,
                "timestamp": timestamp_now(now),
                "apiVersion": "1.0",
                "data": {"workspaceId": workspace.id, "presenceStatus": workspace.presence.as_str()},
            }),
            EventShape::Old => json!({
                "id": event_id,
                "type": STATUS_UPDATED,
                "timestamp": legacy_timestamp(now),
                "workspaceId": workspace.id,
            }),
        };
        Bytes::from(serde_json::to_vec(&event).expect("a JSON value serialises"))
    }

    /// ROOMZ's delivery: the same signed bytes until a 2xx or the last attempt.
    async fn deliver(self: Arc<Self>, event_id: String, workspace_id: String, body: Bytes) {
        let signature = self.key.sign(Scheme::ROOMZ, &body);
        let max = self.options.max_attempts;
        for attempt in 1..=max {
            self.stats.attempts.fetch_add(1, Ordering::Relaxed);
            let started = Instant::now();
            let signed = HeaderValue::from_str(&signature).expect("base64 is a header value");
            let headers = [
                (USER_AGENT, HeaderValue::from_static(SIMULATOR_USER_AGENT)),
                (CONTENT_TYPE, HeaderValue::from_static("application/json")),
                (HeaderName::from_static("roomz-signature"), signed.clone()),
                (HeaderName::from_static("x-roomz-signature"), signed),
            ];
            let sent = self
                .http
                .send(
                    hyper::Method::POST,
                    &self.options.target,
                    &headers,
                    body.clone(),
                    0,
                )
                .await;
            let latency = started.elapsed();
            let (status, error) = match sent {
                Ok(answer) => (Some(answer.status), None),
                Err(e) => (None, Some(describe_error(&e))),
            };
            let ok = status.is_some_and(|s| (200..300).contains(&s));
            let outcome = if ok {
                Outcome::Delivered
            } else if attempt < max {
                Outcome::Retry(retry_wait(self.options.first_retry, attempt))
            } else {
                Outcome::GaveUp
            };
            (self.report)(Happening::Attempt(Attempt {
                event_id: event_id.clone(),
                workspace_id: workspace_id.clone(),
                attempt,
                max_attempts: max,
                status,
                error,
                latency,
                outcome,
            }));
            match outcome {
                Outcome::Retry(wait) => tokio::time::sleep(wait).await,
                Outcome::Delivered => {
                    self.stats.delivered.fetch_add(1, Ordering::SeqCst);
                    break;
                }
                Outcome::GaveUp => {
                    self.stats.failed.fetch_add(1, Ordering::SeqCst);
                    break;
                }
            }
        }
        self.settled.notify_one();
    }

    /// The REST API: `GET /workspaces`, `GET /workspaces/{id}/status`,
    /// `POST /workspaces/{id}/status` with `{"presenceStatus":"Busy"}`.
    pub async fn handle(self: Arc<Self>, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let method = request.method().to_string();
        let path = request.uri().path().to_string();
        let response = self.route(request).await;
        (self.report)(Happening::Api {
            method,
            path,
            status: response.status().as_u16(),
        });
        response
    }

    async fn route(self: &Arc<Self>, request: Request<Incoming>) -> Response<Full<Bytes>> {
        if !self.authorized(request.headers().get(AUTHORIZATION)) {
            let mut response = answer(
                StatusCode::UNAUTHORIZED,
                json!({"error": format!("missing or wrong token: send Authorization: {} TOKEN", self.options.auth_scheme)}),
            );
            if let Ok(value) = HeaderValue::from_str(&self.options.auth_scheme) {
                response.headers_mut().insert(WWW_AUTHENTICATE, value);
            }
            return response;
        }
        let segments: Vec<&str> = request.uri().path().trim_matches('/').split('/').collect();
        match (request.method(), segments.as_slice()) {
            (&Method::GET, ["workspaces"]) => {
                let list: Vec<Value> = self
                    .workspaces()
                    .iter()
                    .map(Workspace::status_json)
                    .collect();
                answer(StatusCode::OK, json!({ "workspaces": list }))
            }
            (method, ["workspaces", id, "status"]) => {
                let id = percent_decode(id);
                let Some(index) = self.index_of(&id) else {
                    return answer(
                        StatusCode::NOT_FOUND,
                        json!({"error": format!("no workspace '{id}'"), "workspaces": self.ids()}),
                    );
                };
                match *method {
                    Method::GET => answer(StatusCode::OK, self.workspaces()[index].status_json()),
                    Method::POST => self.force(index, request).await,
                    _ => answer(
                        StatusCode::METHOD_NOT_ALLOWED,
                        json!({"error": "use GET to read the status, POST to change it"}),
                    ),
                }
            }
            _ => answer(
                StatusCode::NOT_FOUND,
                json!({"error": "not a simulated ROOMZ API path: try GET /workspaces or GET /workspaces/{id}/status"}),
            ),
        }
    }

    /// `POST /workspaces/{id}/status`: sets the presence; a change sends an event.
    async fn force(
        self: &Arc<Self>,
        index: usize,
        request: Request<Incoming>,
    ) -> Response<Full<Bytes>> {
        let bad = |why: String| {
            answer(
                StatusCode::BAD_REQUEST,
                json!({"error": format!("{why}: send {{\"presenceStatus\":\"Busy\"}} or {{\"presenceStatus\":\"Free\"}}")}),
            )
        };
        let body = match Limited::new(request.into_body(), MAX_API_BODY)
            .collect()
            .await
        {
            Ok(collected) => collected.to_bytes(),
            Err(e) => return bad(format!("cannot read the body ({e})")),
        };
        let value: Value = match serde_json::from_slice(&body) {
            Ok(value) => value,
            Err(e) => return bad(format!("the body is not JSON ({e})")),
        };
        let wanted = value
            .get("presenceStatus")
            .or_else(|| value.get("status"))
            .and_then(Value::as_str);
        let Some(presence) = wanted.and_then(Presence::parse) else {
            return bad("no valid presenceStatus".to_string());
        };
        let (workspace, changed) = self.set(index, presence, "api");
        let mut answer_json = workspace.status_json();
        answer_json["changed"] = Value::Bool(changed);
        answer(StatusCode::OK, answer_json)
    }

    fn authorized(&self, header: Option<&HeaderValue>) -> bool {
        let expected = format!(
            "{} {}",
            self.options.auth_scheme,
            self.options.token.expose()
        );
        let given = header.map_or(&[][..], |v| v.as_bytes());
        // Constant-time, as a real API compares tokens.
        given.len() == expected.len()
            && bool::from(subtle::ConstantTimeEq::ct_eq(given, expected.as_bytes()))
    }

    fn index_of(&self, id: &str) -> Option<usize> {
        let state = self.state.lock().expect("state lock");
        state
            .workspaces
            .iter()
            .position(|w| w.id.eq_ignore_ascii_case(id))
    }

    fn ids(&self) -> Vec<String> {
        self.workspaces().into_iter().map(|w| w.id).collect()
    }
}

/// The wait after failed attempt number `attempt` under the one backoff policy, without
/// jitter: `first`, then twice as long each time (1 s, 2 s, 4 s ... by default).
pub fn retry_wait(first: Duration, attempt: u32) -> Duration {
    Backoff {
        first,
        max: Duration::from_secs(3600),
        jitter: Jitter::None,
        max_retry_after: Duration::ZERO,
    }
    .delay(attempt)
}

fn answer(status: StatusCode, body: Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// `%2F` and the like back to bytes (ids from `fetch` arrive percent-encoded); a `%`
/// that starts no escape stays as it is.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn simulator(seed: u64, shape: EventShape) -> Arc<Simulator> {
        Simulator::new(
            SimOptions {
                workspaces: 4,
                seed,
                shape,
                target: url::Url::parse("http://127.0.0.1:9/webhook").unwrap(),
                max_attempts: 5,
                first_retry: FIRST_RETRY,
                timeout: DELIVERY_TIMEOUT,
                secret: Secret::new("whsec_sim"),
                token: Secret::new("rzt_token"),
                auth_scheme: "Bearer".into(),
            },
            Box::new(|_| {}),
        )
        .unwrap()
    }

    #[test]
    fn the_seed_decides_the_workspaces() {
        let a = simulator(7, EventShape::Current).workspaces();
        let b = simulator(7, EventShape::Current).workspaces();
        let c = simulator(8, EventShape::Current).workspaces();
        let ids = |w: &[Workspace]| w.iter().map(|w| w.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
        assert_ne!(ids(&a), ids(&c));
        assert_eq!(a.len(), 4);
        assert!(a.iter().all(|w| crate::core::event::is_uuid(&w.id)));
    }

    #[test]
    fn events_have_the_documented_shapes_and_validate() {
        let now = time::macros::datetime!(2026-11-28 10:00:00.123 UTC);
        for (shape, kind) in [
            (EventShape::Current, PRESENCE_CHANGED),
            (EventShape::Old, STATUS_UPDATED),
        ] {
            let sim = simulator(1, shape);
            let workspace = sim.workspaces()[0].clone();
            let body = sim.event_body("3b241101-e2bb-4255-8caf-4136c566a962", &workspace, now);
            let inspection = crate::core::event::inspect(&body).unwrap();
            assert_eq!(inspection.errors().count(), 0, "{:?}", inspection.problems);
            assert_eq!(inspection.event.event_type.as_deref(), Some(kind));
            assert_eq!(
                inspection.event.workspace_id.as_deref(),
                Some(workspace.id.as_str())
            );
            let text = String::from_utf8(body.to_vec()).unwrap();
            match shape {
                EventShape::Current => assert!(
                    text.contains(r#""timestamp":"2026-11-28T10:00:00.123Z""#),
                    "{text}"
                ),
                EventShape::Old => assert!(
                    text.contains(r#""timestamp":"2026-11-28T10:00:00+0000""#),
                    "{text}"
                ),
            }
        }
    }

    #[test]
    fn retries_wait_one_two_four_seconds() {
        let waits: Vec<u64> = (1..=4)
            .map(|a| retry_wait(FIRST_RETRY, a).as_secs())
            .collect();
        assert_eq!(waits, [1, 2, 4, 8]);
    }

    #[test]
    fn only_the_exact_token_is_authorized() {
        let sim = simulator(1, EventShape::Current);
        let check = |v: &'static str| sim.authorized(Some(&HeaderValue::from_static(v)));
        assert!(check("Bearer rzt_token"));
        assert!(!check("Bearer rzt_tokem"));
        assert!(!check("Bearer rzt_token2"));
        assert!(!check("rzt_token"));
        assert!(!sim.authorized(None));
    }

    #[test]
    fn percent_encoded_ids_decode() {
        assert_eq!(percent_decode("a%2Fb"), "a/b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
