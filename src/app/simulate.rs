//! A local stand-in for ROOMZ, behind `roomz-hook simulate`: the draft's REST API
//! (CONTRACT section 4.3: buildings, floors and workspaces under `/v1`, paginated, in the
//! schemas' JSON shapes, behind HTTP Basic auth), a control endpoint of its own under
//! `/_simulator/`, changes on a timer, and a webhook sender with ROOMZ's documented rules
//! (signed body, 30 s timeout, any non-2xx is a failure). ROOMZ documents no retry
//! schedule: the retries here (after 1 s, 2 s, 4 s ... with the same `id` and bytes) are
//! this simulator's own.

mod world;

pub use world::{Building, Change, Floor, Page, Presence, Workspace, World};

use crate::app::replay::body::{legacy_timestamp, timestamp_now};
use crate::core::event::{self, EventType, Generation, PRESENCE_CHANGED, STATUS_UPDATED};
use crate::core::secret::Secret;
use crate::core::signature::{Key, Scheme};
use crate::net::client::{describe_error, ClientOptions, HttpClient};
use crate::net::retry::{Backoff, Jitter};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{
    HeaderName, HeaderValue, ALLOW, AUTHORIZATION, CONTENT_TYPE, USER_AGENT, WWW_AUTHENTICATE,
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
/// ROOMZ's delivery timeout, as its current documents state it.
pub const DELIVERY_TIMEOUT: Duration = Duration::from_secs(30);
/// This simulator's wait before its first retry; each further retry waits twice as long.
/// (ROOMZ documents no retry schedule.)
pub const FIRST_RETRY: Duration = Duration::from_secs(1);
/// The largest body the control endpoint reads.
const MAX_API_BODY: usize = 64 * 1024;
/// The API's version prefix: the API URL the simulator prints ends with it.
pub const API_PREFIX: &str = "/v1";

/// Which of ROOMZ's documented generations a presence change is sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventShape {
    /// `workspace.presence.changed`, details under `data` (current documents).
    #[default]
    Current,
    /// `workspace.status.updated`, top-level `workspaceId`, `+0000` timestamps (older draft).
    Old,
}

impl EventShape {
    /// The type a presence change is sent as.
    pub fn presence_type(self) -> &'static EventType {
        let name = match self {
            EventShape::Current => PRESENCE_CHANGED,
            EventShape::Old => STATUS_UPDATED,
        };
        event::lookup(name).expect("both presence types are catalogued")
    }
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

/// How big the simulated account is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub buildings: usize,
    /// Per building.
    pub floors: usize,
    /// In all, spread over the floors.
    pub workspaces: usize,
}

/// What the simulator needs to know.
pub struct SimOptions {
    pub size: Size,
    /// Seeds the account and the timer's choices.
    pub seed: u64,
    pub shape: EventShape,
    /// The types the timer's changes are sent as (default: the shape's presence type).
    pub events: Vec<&'static EventType>,
    /// Where events are delivered.
    pub target: url::Url,
    pub max_attempts: u32,
    pub first_retry: Duration,
    pub timeout: Duration,
    /// Signs the events.
    pub secret: Secret,
    /// The API key required from API clients.
    pub token: Secret,
    /// `Basic` (ROOMZ's scheme), or a profile's other scheme (`Bearer`).
    pub auth_scheme: String,
    /// The trace (`-v`) of the deliveries.
    pub transport: crate::net::client::Transport,
}

/// Masks the secret and the token.
impl fmt::Debug for SimOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimOptions")
            .field("size", &self.size)
            .field("seed", &self.seed)
            .field("shape", &self.shape)
            .field(
                "events",
                &self.events.iter().map(|e| e.name).collect::<Vec<_>>(),
            )
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
    /// A resource changed and an event was made for it.
    Changed {
        event_id: String,
        event_type: &'static str,
        resource: &'static str,
        resource_id: String,
        /// The new presence, for presence events.
        presence: Option<Presence>,
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
    /// The id of the building, floor or workspace the event is about.
    pub resource_id: String,
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
    /// The last attempt failed: the simulator gives up on the event.
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
    /// The `Authorization` value API clients must send.
    authorization: Vec<u8>,
    state: Mutex<State>,
    http: HttpClient,
    report: Reporter,
    pub stats: SimStats,
    /// Notified each time a delivery settles (delivered or given up).
    pub settled: Notify,
}

struct State {
    world: World,
    rng: fastrand::Rng,
}

impl Simulator {
    pub fn new(options: SimOptions, report: Reporter) -> Result<Arc<Simulator>, String> {
        let mut rng = fastrand::Rng::with_seed(options.seed);
        let size = options.size;
        let world = World::generate(&mut rng, size.buildings, size.floors, size.workspaces);
        let authorization = crate::app::api::authorization(&options.auth_scheme, &options.token)?
            .as_bytes()
            .to_vec();
        let http = HttpClient::new(ClientOptions {
            timeout: Some(options.timeout),
            transport: options.transport.clone(),
            ..ClientOptions::default()
        });
        Ok(Arc::new(Simulator {
            key: Key::new(options.secret.expose().as_bytes()),
            authorization,
            options,
            state: Mutex::new(State { world, rng }),
            http,
            report,
            stats: SimStats::default(),
            settled: Notify::new(),
        }))
    }

    /// The account as it is now.
    pub fn world(&self) -> World {
        self.state.lock().expect("state lock").world.clone()
    }

    pub fn workspaces(&self) -> Vec<Workspace> {
        self.world().workspaces
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
        signals: crate::net::server::StopSignals,
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
            crate::net::server::Timeouts {
                header: Duration::from_secs(10),
                idle: crate::net::server::Timeouts::DEFAULT_IDLE,
            },
            move |_peer, request| handler.clone().handle(request),
            move |problem| {
                on_problem(format!(
                    "API connection from {}: {}",
                    problem.peer, problem.message
                ))
            },
            async move {
                tokio::select! {
                    _ = signals.received() => {},
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

    /// The timer's change: a type from `--events` and a resource, both picked by the
    /// seeded generator.
    pub fn tick(self: &Arc<Self>) {
        let change = {
            let mut state = self.state.lock().expect("state lock");
            let State { world, rng } = &mut *state;
            let kinds = &self.options.events;
            let kind = match kinds.len() {
                0 => self.options.shape.presence_type(),
                n => kinds[rng.usize(..n)],
            };
            world.change(kind, rng)
        };
        if let Some(change) = change {
            self.announce(change, "timer");
        }
    }

    /// Sets a workspace's presence (the control endpoint); a change is sent as the
    /// shape's presence event. Returns the workspace, and the event's id if it changed.
    fn set_presence(
        self: &Arc<Self>,
        index: usize,
        presence: Presence,
    ) -> (Workspace, Option<String>) {
        let (workspace, changed) = {
            let mut state = self.state.lock().expect("state lock");
            let changed = state.world.set_presence(index, presence);
            (state.world.workspaces[index].clone(), changed)
        };
        let event_id = changed.map(|presence| {
            self.announce(
                Change {
                    kind: self.options.shape.presence_type(),
                    resource_id: workspace.id.clone(),
                    presence: Some(presence),
                },
                "api",
            )
        });
        (workspace, event_id)
    }

    /// Makes the change's event, reports it and delivers it; returns the event's id.
    fn announce(self: &Arc<Self>, change: Change, cause: &'static str) -> String {
        let event_id = uuid::Uuid::new_v4().to_string();
        let body = event_body(&event_id, &change, time::OffsetDateTime::now_utc());
        self.stats.changes.fetch_add(1, Ordering::SeqCst);
        (self.report)(Happening::Changed {
            event_id: event_id.clone(),
            event_type: change.kind.name,
            resource: change.kind.resource.as_str(),
            resource_id: change.resource_id.clone(),
            presence: change.presence,
            cause,
        });
        let simulator = self.clone();
        let id = event_id.clone();
        tokio::spawn(async move { simulator.deliver(id, change.resource_id, body).await });
        event_id
    }

    /// A delivery as ROOMZ documents it (signed, 30 s timeout, non-2xx failed), retried
    /// on this simulator's own schedule: the same signed bytes until a 2xx or the last
    /// attempt.
    async fn deliver(self: Arc<Self>, event_id: String, resource_id: String, body: Bytes) {
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
                resource_id: resource_id.clone(),
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

    /// The REST API of section 4.3, and the control endpoint.
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
            return self.unauthorized();
        }
        let path = request.uri().path().to_string();
        let segments: Vec<String> = path
            .trim_matches('/')
            .split('/')
            .map(percent_decode)
            .collect();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        match segments.as_slice() {
            ["_simulator", "workspaces", id, "presence"] => {
                if request.method() != Method::POST {
                    return not_allowed("POST");
                }
                let id = id.to_string();
                self.force(&id, request).await
            }
            ["v1", rest @ ..] => {
                if request.method() != Method::GET {
                    return not_allowed("GET");
                }
                let page = match Page::from_query(request.uri().query()) {
                    Ok(page) => page,
                    Err(why) => return error(StatusCode::BAD_REQUEST, why),
                };
                self.read(rest, page)
            }
            _ => error(
                StatusCode::NOT_FOUND,
                format!("not a path of the simulated ROOMZ API: the API is under {API_PREFIX}/ (GET {API_PREFIX}/buildings), the simulator's control endpoint is POST /_simulator/workspaces/{{id}}/presence"),
            ),
        }
    }

    /// `GET /v1/...`: the account as the draft's schemas shape it.
    fn read(&self, path: &[&str], page: Page) -> Response<Full<Bytes>> {
        let state = self.state.lock().expect("state lock");
        let world = &state.world;
        let missing = |what: &str, id: &str| {
            error(
                StatusCode::NOT_FOUND,
                format!("no {what} '{id}' in the simulated account"),
            )
        };
        let list = |name: &str, items: Vec<Value>| {
            let shown: Vec<Value> = page.of(&items).to_vec();
            ok(json!({ name: shown }))
        };
        match path {
            ["buildings"] => list(
                "buildings",
                world.buildings.iter().map(Building::json).collect(),
            ),
            ["buildings", id] => match world.building(id) {
                Some(building) => ok(building.json()),
                None => missing("building", id),
            },
            ["buildings", id, "floors"] => match world.building(id) {
                Some(building) => list(
                    "floors",
                    world
                        .floors_of(&building.id)
                        .into_iter()
                        .map(Floor::json)
                        .collect(),
                ),
                None => missing("building", id),
            },
            ["floors", id] => match world.floor(id) {
                Some(floor) => ok(floor.json()),
                None => missing("floor", id),
            },
            ["floors", id, "workspaces"] => match world.floor(id) {
                Some(floor) => list(
                    "workspaces",
                    world
                        .workspaces_of(&floor.id)
                        .into_iter()
                        .map(Workspace::json)
                        .collect(),
                ),
                None => missing("floor", id),
            },
            ["workspaces", id] => match world.workspace_index(id) {
                Some(index) => ok(world.workspaces[index].json()),
                None => missing("workspace", id),
            },
            ["workspaces", id, "status"] => match world.workspace_index(id) {
                Some(index) => ok(world.workspaces[index].status_json()),
                None => missing("workspace", id),
            },
            _ => error(
                StatusCode::NOT_FOUND,
                format!("not a path of the simulated ROOMZ API: try GET {API_PREFIX}/buildings, {API_PREFIX}/floors/{{id}}/workspaces or {API_PREFIX}/workspaces/{{id}}/status"),
            ),
        }
    }

    /// `POST /_simulator/workspaces/{id}/presence` with `{"presenceStatus":"Busy"}`:
    /// sets the presence; a change sends an event.
    async fn force(
        self: &Arc<Self>,
        id: &str,
        request: Request<Incoming>,
    ) -> Response<Full<Bytes>> {
        let Some(index) = self
            .state
            .lock()
            .expect("state lock")
            .world
            .workspace_index(id)
        else {
            return error(
                StatusCode::NOT_FOUND,
                format!("no workspace '{id}' in the simulated account"),
            );
        };
        let bad = |why: String| {
            error(
                StatusCode::BAD_REQUEST,
                format!("{why}: send {{\"presenceStatus\":\"Busy\"}} or {{\"presenceStatus\":\"Free\"}}"),
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
        let wanted = value.get("presenceStatus").and_then(Value::as_str);
        let Some(presence) = wanted.and_then(Presence::parse) else {
            return bad("no valid presenceStatus".to_string());
        };
        let (workspace, event_id) = self.set_presence(index, presence);
        ok(json!({
            "id": workspace.id,
            "presenceStatus": workspace.presence.as_str(),
            "changed": event_id.is_some(),
            "eventId": event_id,
        }))
    }

    fn unauthorized(&self) -> Response<Full<Bytes>> {
        let scheme = &self.options.auth_scheme;
        let how = if scheme.eq_ignore_ascii_case("basic") {
            "HTTP Basic with the API key as the user name and an empty password".to_string()
        } else {
            format!("Authorization: {scheme} KEY")
        };
        let mut response = error(
            StatusCode::UNAUTHORIZED,
            format!("missing or wrong API key: send {how}"),
        );
        let challenge = if scheme.eq_ignore_ascii_case("basic") {
            HeaderValue::from_static("Basic realm=\"roomz-hook simulate\"")
        } else {
            HeaderValue::from_str(scheme).unwrap_or(HeaderValue::from_static("Basic"))
        };
        response.headers_mut().insert(WWW_AUTHENTICATE, challenge);
        response
    }

    fn authorized(&self, header: Option<&HeaderValue>) -> bool {
        let given = header.map_or(&[][..], |v| v.as_bytes());
        // Constant-time, as a real API compares keys.
        given.len() == self.authorization.len()
            && bool::from(subtle::ConstantTimeEq::ct_eq(
                given,
                &self.authorization[..],
            ))
    }
}

/// The event's exact bytes for a change, in the generation its type belongs to: the
/// current shape with `data`, or the draft's with the resource's id at the top level and
/// the draft's `+0000` timestamp. Made once: every retry sends these bytes.
pub fn event_body(event_id: &str, change: &Change, now: time::OffsetDateTime) -> Bytes {
    let kind = change.kind;
    let event = match kind.generation {
        Generation::Current => json!({
            "id": event_id,
            "type": kind.name,
            "timestamp": timestamp_now(now),
            "apiVersion": "1.0",
            "data": {
                "workspaceId": change.resource_id,
                "presenceStatus": change.presence.unwrap_or(Presence::Free).as_str(),
            },
        }),
        Generation::Draft => {
            let mut event = json!({
                "id": event_id,
                "type": kind.name,
                "timestamp": legacy_timestamp(now),
            });
            event[kind.resource.id_field()] = change.resource_id.clone().into();
            event
        }
    };
    Bytes::from(serde_json::to_vec(&event).expect("a JSON value serialises"))
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

fn ok(body: Value) -> Response<Full<Bytes>> {
    answer(StatusCode::OK, body)
}

/// An error answer: `{"error": why}`.
fn error(status: StatusCode, why: String) -> Response<Full<Bytes>> {
    answer(status, json!({ "error": why }))
}

fn not_allowed(allowed: &'static str) -> Response<Full<Bytes>> {
    let mut response = error(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("use {allowed} on this path"),
    );
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static(allowed));
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

    fn simulator(seed: u64, shape: EventShape, scheme: &str) -> Arc<Simulator> {
        Simulator::new(
            SimOptions {
                size: Size {
                    buildings: 1,
                    floors: 2,
                    workspaces: 4,
                },
                seed,
                shape,
                events: Vec::new(),
                target: url::Url::parse("http://127.0.0.1:9/webhook").unwrap(),
                max_attempts: 5,
                first_retry: FIRST_RETRY,
                timeout: DELIVERY_TIMEOUT,
                secret: Secret::new("whsec_sim"),
                token: Secret::new("rzt_token"),
                auth_scheme: scheme.into(),
                transport: Default::default(),
            },
            Box::new(|_| {}),
        )
        .unwrap()
    }

    #[test]
    fn the_seed_decides_the_account() {
        let a = simulator(7, EventShape::Current, "Basic").world();
        let b = simulator(7, EventShape::Current, "Basic").world();
        let c = simulator(8, EventShape::Current, "Basic").world();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.workspaces.len(), 4);
        assert!(a.workspaces.iter().all(|w| event::is_uuid(&w.id)));
    }

    #[test]
    fn events_of_every_type_have_their_generations_shape_and_no_problem() {
        let now = time::macros::datetime!(2026-11-28 10:00:00.123 UTC);
        let id = "3b241101-e2bb-4255-8caf-4136c566a962";
        for kind in event::CATALOGUE {
            let change = Change {
                kind,
                resource_id: "9f3c2a7e-5b1d-4c8e-a6f4-2d7e8b9c0a15".into(),
                presence: Some(Presence::Busy),
            };
            let body = event_body(id, &change, now);
            let inspection = event::inspect(&body).unwrap();
            assert_eq!(
                inspection.error_messages(),
                Vec::<String>::new(),
                "{}",
                kind.name
            );
            assert_eq!(inspection.event.catalogued(), Some(kind));
            assert_eq!(
                inspection.event.resource_id(kind.resource),
                Some(change.resource_id.as_str())
            );
            let text = String::from_utf8(body.to_vec()).unwrap();
            match kind.generation {
                Generation::Current => {
                    assert!(
                        text.contains(r#""timestamp":"2026-11-28T10:00:00.123Z""#),
                        "{text}"
                    );
                    assert_eq!(inspection.event.presence_status.as_deref(), Some("Busy"));
                }
                Generation::Draft => {
                    assert!(
                        text.contains(r#""timestamp":"2026-11-28T10:00:00+0000""#),
                        "{text}"
                    )
                }
            }
        }
    }

    #[test]
    fn own_retries_wait_one_two_four_seconds() {
        let waits: Vec<u64> = (1..=4)
            .map(|a| retry_wait(FIRST_RETRY, a).as_secs())
            .collect();
        assert_eq!(waits, [1, 2, 4, 8]);
    }

    #[test]
    fn only_the_exact_key_is_authorized() {
        let sim = simulator(1, EventShape::Current, "Basic");
        let check = |v: &'static str| sim.authorized(Some(&HeaderValue::from_static(v)));
        // base64("rzt_token:")
        assert!(check("Basic cnp0X3Rva2VuOg=="));
        assert!(!check("Basic cnp0X3Rva2VuOm5v"));
        assert!(!check("Bearer rzt_token"));
        assert!(!check("rzt_token"));
        assert!(!sim.authorized(None));
        let bearer = simulator(1, EventShape::Current, "Bearer");
        assert!(bearer.authorized(Some(&HeaderValue::from_static("Bearer rzt_token"))));
        assert!(!bearer.authorized(Some(&HeaderValue::from_static("Bearer rzt_tokem"))));
    }

    #[test]
    fn percent_encoded_ids_decode() {
        assert_eq!(percent_decode("a%2Fb"), "a/b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
