//! The inspector (CONTRACT 4.8): `listen` in a browser. A page at `/_/` (and at `/` when
//! the webhook path is elsewhere), its JSON API under `/_/api/` and a Server-Sent Events
//! stream of every request as it is answered.
//!
//! Its requests are not webhook requests: the listener hands them here before its own
//! handling, so they are never stored, counted or printed. Safe by default: only
//! loopback `Host` names are served unless `--ui` opened it to the network, a foreign
//! `Origin` (or a cross-site fetch) is refused, actions need the per-process token, and
//! every answer carries a strict Content-Security-Policy and `nosniff`.
//!
//! The page itself (assets/) is plain HTML, CSS and JavaScript embedded in the binary.

mod api;
mod export;
mod stream;

pub use stream::EventStream;

use crate::app::listen::{Happening, Report};
use crate::core::secret::random_token;
use crate::store::{NewRequest, Store};
use bytes::Bytes;
use http_body_util::{Either, Full};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::json;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{broadcast, watch};
use url::Url;

/// What every answer of the inspector is: a whole body, or the event stream. The
/// listener's own answers travel as the `Left` side.
pub type ResponseBody = Either<Full<Bytes>, EventStream>;

/// How many batches of the stream's text wait for a slow viewer before it is told it
/// missed some (and refetches the list): the listener never waits for a viewer.
const FEED_CAPACITY: usize = 256;

/// How many requests may wait for the feed thread; past that they are dropped (and the
/// viewers told), never waited for.
const JOB_CAPACITY: usize = 16 * 1024;

/// No page loads any other origin's resource, runs inline script or is framed.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; \
    form-action 'none'; frame-ancestors 'none'";

/// The request header that carries the page's token on actions.
pub const TOKEN_HEADER: &str = "x-roomz-hook-token";

/// What the inspector needs to know of its listener.
#[derive(Debug, Clone)]
pub struct InspectorOptions {
    /// The webhook path (`--path`): `/` then leaves the page at `/_/` only.
    pub webhook_path: String,
    /// The listener's webhook URL, the page's default target for copy-as-curl.
    pub webhook_url: String,
    /// The event store to read (None with `--no-store`).
    pub store: Option<PathBuf>,
    /// `--forward-to`: where a resend goes when no URL is given.
    pub forward_to: Option<Url>,
    /// Signs resends and copy-as-curl, and explains failed verdicts (None: --no-verify):
    /// the listener's own, which it replaces when the configured one changed.
    pub secret: Option<crate::core::secret::CurrentSecret>,
    /// Served over TLS: the page's own origin is `https://`.
    pub https: bool,
    /// Answer only requests whose `Host` is a loopback name (DNS rebinding cannot reach
    /// the page); false once `--ui` serves it to the network.
    pub loopback_only: bool,
    /// The trace (`-v`) of resends.
    pub transport: crate::net::client::Transport,
}

/// The running inspector of one listener.
pub struct Inspector {
    options: InspectorOptions,
    token: String,
    /// To the feed thread, which writes the stream's text (see [`stream::run_feed`]).
    jobs: std::sync::mpsc::SyncSender<stream::Job>,
    /// Jobs the feed thread had no room for: the viewers are told they missed them.
    dropped: Arc<AtomicU64>,
    /// The stream's text, in batches, to every viewer's task.
    feed: broadcast::Sender<Bytes>,
    closing: Arc<watch::Sender<bool>>,
    /// A read-only connection to the store, opened at first use.
    reader: Mutex<Option<Store>>,
}

impl std::fmt::Debug for Inspector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inspector")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Inspector {
    pub fn new(options: InspectorOptions) -> Arc<Inspector> {
        let (feed, _) = broadcast::channel(FEED_CAPACITY);
        let (jobs, queued) = std::sync::mpsc::sync_channel(JOB_CAPACITY);
        let dropped = Arc::new(AtomicU64::new(0));
        let closing = Arc::new(watch::channel(false).0);
        let (to_viewers, missed, close) = (feed.clone(), dropped.clone(), closing.clone());
        std::thread::Builder::new()
            .name("inspector-feed".into())
            .spawn(move || stream::run_feed(queued, to_viewers, missed, close))
            .expect("a thread can be started");
        Arc::new(Inspector {
            options,
            token: random_token(24),
            jobs,
            dropped,
            feed,
            closing,
            reader: Mutex::new(None),
        })
    }

    /// The per-process token actions need (`X-Roomz-Hook-Token`).
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Where the page is: `/` when the webhook path is elsewhere, else `/_/`.
    pub fn page_path(&self) -> &'static str {
        match self.options.webhook_path == "/" {
            true => "/_/",
            false => "/",
        }
    }

    /// Whether `request` is the inspector's, not a webhook request.
    pub fn claims<B>(&self, request: &Request<B>) -> bool {
        let path = request.uri().path();
        path == "/_"
            || path.starts_with("/_/")
            || (path == "/"
                && self.options.webhook_path != "/"
                && matches!(*request.method(), Method::GET | Method::HEAD))
    }

    /// Hands a request the listener answered to the stream's subscribers, if any. Never
    /// waits: a subscriber that fell behind loses the oldest messages and is told so.
    pub fn publish(&self, seq: Option<i64>, request: &Arc<NewRequest>) {
        if self.feed.receiver_count() > 0 {
            self.queue(stream::Job::Request {
                seq,
                request: request.clone(),
            });
        }
    }

    /// Sends `event: NAME` with `data` to the subscribers, in order with the requests.
    fn publish_event(&self, name: &str, data: &serde_json::Value) {
        if self.feed.receiver_count() > 0 {
            self.queue(stream::Job::Event(stream::event(name, data)));
        }
    }

    fn queue(&self, job: stream::Job) {
        if self.jobs.try_send(job).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Ends every open stream (the listener is stopping), so that its shutdown does not
    /// wait for viewers.
    pub fn close(&self) {
        // Through the feed, so that the requests queued before go out first.
        if self.jobs.try_send(stream::Job::Close).is_err() {
            self.closing.send_replace(true);
        }
    }

    /// The listener's printer, wrapped so that forwards' and fetches' results also reach
    /// the page as they come in.
    pub fn reporting(self: &Arc<Self>, printer: Arc<dyn Report>) -> Arc<dyn Report> {
        Arc::new(Reporting {
            printer,
            inspector: self.clone(),
        })
    }

    /// Answers one of the inspector's requests (those it [`claims`](Self::claims)).
    pub async fn handle(self: Arc<Self>, request: Request<Incoming>) -> Response<ResponseBody> {
        if let Some(refused) = self.refusal(&request) {
            return secured(refused);
        }
        secured(api::route(self, request).await)
    }

    /// Why a request is refused before it is looked at: a `Host` that is not a loopback
    /// name (unless `--ui`), an `Origin` that is not the page's own, a cross-site fetch.
    fn refusal<B>(&self, request: &Request<B>) -> Option<Response<ResponseBody>> {
        let header = |name: &str| {
            request
                .headers()
                .get(name)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        };
        let host = header("host").unwrap_or_default();
        if self.options.loopback_only && !is_loopback_host(&host) {
            return Some(api::error(
                StatusCode::FORBIDDEN,
                format!(
                    "the inspector answers only to loopback names, not Host {host:?}: open \
                     it as 127.0.0.1 or localhost, or pass --ui to serve it to the network"
                ),
            ));
        }
        let scheme = if self.options.https { "https" } else { "http" };
        let own = format!("{scheme}://{host}");
        if let Some(origin) = header("origin") {
            if !origin.eq_ignore_ascii_case(&own) {
                return Some(api::error(
                    StatusCode::FORBIDDEN,
                    format!("refused: Origin {origin:?} is not this listener's own ({own})"),
                ));
            }
        }
        // A browser names where a request came from; only the page itself (or the user,
        // "none") may fetch from it. Following a link to the page is a navigation.
        let site = header("sec-fetch-site").unwrap_or_else(|| "none".into());
        let navigation = header("sec-fetch-mode").is_some_and(|m| m == "navigate");
        if !matches!(site.as_str(), "same-origin" | "none") && !navigation {
            return Some(api::error(
                StatusCode::FORBIDDEN,
                format!("refused: a request from another site (Sec-Fetch-Site: {site})"),
            ));
        }
        None
    }

    /// Whether `request` carries the page's token (compared in constant time).
    fn has_token<B>(&self, request: &Request<B>) -> bool {
        request.headers().get(TOKEN_HEADER).is_some_and(|given| {
            bool::from(subtle::ConstantTimeEq::ct_eq(
                given.as_bytes(),
                self.token.as_bytes(),
            ))
        })
    }

    /// Runs `f` with the store's read connection on a blocking thread. `None` when the
    /// store is off (`--no-store`).
    async fn read_store<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Store) -> Result<T, crate::store::StoreError> + Send + 'static,
    ) -> Option<Result<T, String>> {
        let path = self.options.store.clone()?;
        let inspector = self.clone();
        let read = tokio::task::spawn_blocking(move || {
            let mut reader = inspector.reader.lock().expect("inspector store lock");
            if reader.is_none() {
                *reader = Some(Store::open_reader(&path).map_err(|e| e.to_string())?);
            }
            let store = reader.as_ref().expect("opened above");
            f(store).map_err(|e| e.to_string())
        });
        Some(
            read.await
                .unwrap_or_else(|e| Err(format!("the store read failed: {e}"))),
        )
    }
}

/// The listener's printer, and the page hears of forwards and fetches too.
struct Reporting {
    printer: Arc<dyn Report>,
    inspector: Arc<Inspector>,
}

impl Report for Reporting {
    fn tell(&self, happening: Happening) {
        match &happening {
            Happening::Forwarded(f) => self.inspector.publish_event(
                "forwarded",
                &json!({"seq": f.seq, "event_id": f.event_id, "url": f.url, "status": f.status,
                        "latency_ms": f.latency_ms, "error": f.error}),
            ),
            Happening::Fetched(f) => self.inspector.publish_event(
                "fetched",
                &json!({"seq": f.seq, "event_id": f.event_id, "url": f.url, "status": f.status,
                        "details": f.details, "error": f.error}),
            ),
            _ => {}
        }
        self.printer.tell(happening);
    }
}

/// The headers every inspector answer carries.
fn secured(mut response: Response<ResponseBody>) -> Response<ResponseBody> {
    let headers = response.headers_mut();
    for (name, value) in [
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("cross-origin-resource-policy", "same-origin"),
        ("cache-control", "no-store"),
    ] {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    response
}

/// `localhost`, `127.x.y.z` or `[::1]`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_only() {
        for host in [
            "127.0.0.1:8080",
            "localhost:1",
            "LOCALHOST",
            "[::1]:9",
            "127.1.2.3",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "",
            "evil.example:8080",
            "10.0.0.1:8080",
            "[::2]:1",
            "localhost.evil:80",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
