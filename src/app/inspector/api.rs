//! The inspector's routes: the page and its files, and the JSON API of CONTRACT 4.8
//! (docs/inspector.md). Reads go through the store's read connection; a resend goes
//! through replay's delivery engine and the one HTTP client.

use super::export::{self, Format};
use super::{stream, Inspector, ResponseBody};
use crate::app::replay::{self, ExpectStatus, Input, InputProblem, Outcome, Plan, Signing};
use crate::core::capture::Capture;
use crate::core::record::{Record, StoredRequest};
use crate::core::signature::{Key, Scheme};
use bytes::Bytes;
use http_body_util::{BodyExt, Either, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, ALLOW, CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");
const FAVICON: &str = include_str!("assets/favicon.svg");

/// `?limit=` of the list: its default and its most.
const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 1000;
/// The largest body a resend request may carry (`{"url": ...}`).
const MAX_ACTION_BODY: usize = 64 * 1024;
/// A resend's attempt gets ROOMZ's own delivery timeout.
const RESEND_TIMEOUT: Duration = Duration::from_secs(30);

pub(super) async fn route(
    inspector: Arc<Inspector>,
    request: Request<Incoming>,
) -> Response<ResponseBody> {
    let path = request.uri().path().to_string();
    let query = request.uri().query().unwrap_or("").to_string();
    let read = matches!(*request.method(), Method::GET | Method::HEAD);
    let post = *request.method() == Method::POST;
    match path.as_str() {
        "/_" => redirect("/_/"),
        "/" | "/_/" | "/_/index.html" if read => page(&inspector),
        "/_/app.js" if read => asset(APP_JS, "text/javascript; charset=utf-8"),
        "/_/app.css" if read => asset(APP_CSS, "text/css; charset=utf-8"),
        "/_/favicon.svg" if read => asset(FAVICON, "image/svg+xml"),
        "/_/api/info" if read => info(&inspector),
        "/_/api/stream" if read => event_stream(&inspector),
        "/_/api/requests" if read => list(&inspector, &query).await,
        _ => {
            let rest = path.strip_prefix("/_/api/requests/");
            let mut parts = rest.map(|r| r.splitn(2, '/'));
            let seq = parts.as_mut().and_then(Iterator::next);
            let action = parts.as_mut().and_then(Iterator::next);
            match (seq, action) {
                (Some(seq), None) if read => with_seq(seq, |s| one(&inspector, s)).await,
                (Some(seq), Some("capture")) if read => {
                    with_seq(seq, |s| capture(&inspector, s, &query)).await
                }
                (Some(seq), Some("resend")) if post => {
                    let seq = seq.to_string();
                    with_seq(&seq, |s| resend(&inspector, s, request)).await
                }
                (Some(_), None | Some("capture")) => not_allowed("GET, HEAD"),
                (Some(_), Some("resend")) => not_allowed("POST"),
                _ if known_read_path(&path) => not_allowed("GET, HEAD"),
                _ => error(
                    StatusCode::NOT_FOUND,
                    format!("no such inspector page or API: {path} (see docs/inspector.md)"),
                ),
            }
        }
    }
}

fn known_read_path(path: &str) -> bool {
    [
        "/_/",
        "/_/index.html",
        "/_/app.js",
        "/_/app.css",
        "/_/favicon.svg",
        "/_/api/info",
        "/_/api/stream",
        "/_/api/requests",
    ]
    .contains(&path)
}

/// Parses `{seq}` and runs `f` with it; 400 when it is not a row number.
async fn with_seq<F, Fut>(text: &str, f: F) -> Response<ResponseBody>
where
    F: FnOnce(i64) -> Fut,
    Fut: std::future::Future<Output = Response<ResponseBody>>,
{
    match text.parse::<i64>() {
        Ok(seq) if seq > 0 => f(seq).await,
        _ => error(
            StatusCode::BAD_REQUEST,
            format!("{text:?} is not a store row number (the records' \"seq\")"),
        ),
    }
}

fn page(inspector: &Inspector) -> Response<ResponseBody> {
    // The token is base64 (no quote, angle bracket or ampersand): safe in an attribute.
    let html = INDEX_HTML.replace("{{token}}", inspector.token());
    whole(
        StatusCode::OK,
        "text/html; charset=utf-8",
        Bytes::from(html),
    )
}

fn asset(text: &'static str, content_type: &'static str) -> Response<ResponseBody> {
    whole(
        StatusCode::OK,
        content_type,
        Bytes::from_static(text.as_bytes()),
    )
}

/// What the page needs to know of its listener.
fn info(inspector: &Inspector) -> Response<ResponseBody> {
    let options = &inspector.options;
    json_answer(
        StatusCode::OK,
        &json!({
            "version": env!("CARGO_PKG_VERSION"),
            "webhook_path": options.webhook_path,
            "webhook_url": options.webhook_url,
            "forward_to": options.forward_to.as_ref().map(crate::net::client::display_url),
            "store": options.store.is_some(),
            "verifies": options.secret.is_some(),
        }),
    )
}

fn event_stream(inspector: &Inspector) -> Response<ResponseBody> {
    let body = stream::subscribe(inspector.feed.subscribe(), inspector.closing.subscribe());
    let mut response = Response::new(Either::Right(body));
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream; charset=utf-8"),
    );
    response
}

/// `GET /_/api/requests?limit=N&before=SEQ`: the newest requests (before row SEQ),
/// records without bodies.
async fn list(inspector: &Arc<Inspector>, query: &str) -> Response<ResponseBody> {
    let mut limit = DEFAULT_LIMIT;
    let mut before = None;
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        match name.as_ref() {
            "limit" => match value.parse::<usize>() {
                Ok(n @ 1..=MAX_LIMIT) => limit = n,
                _ => {
                    return error(
                        StatusCode::BAD_REQUEST,
                        format!(
                            "limit must be a whole number from 1 to {MAX_LIMIT}: got {value:?}"
                        ),
                    )
                }
            },
            "before" => match value.parse::<i64>() {
                Ok(seq) => before = Some(seq),
                _ => {
                    return error(
                        StatusCode::BAD_REQUEST,
                        format!("before must be a store row number (\"seq\"): got {value:?}"),
                    )
                }
            },
            _ => {}
        }
    }
    let rows = match inspector
        .read_store(move |store| store.page_without_bodies(before, limit))
        .await
    {
        None => Vec::new(),
        Some(Ok(rows)) => rows,
        Some(Err(message)) => return error(StatusCode::INTERNAL_SERVER_ERROR, message),
    };
    let requests: Vec<Value> = rows
        .iter()
        .map(|row| {
            let mut record = record_value(row);
            if let Some(object) = record.as_object_mut() {
                object.remove("body_base64");
                object.remove("body");
            }
            record
        })
        .collect();
    json_answer(StatusCode::OK, &json!({ "requests": requests }))
}

/// The record of a stored row, with the status the developer's app answered a forward.
fn record_value(row: &StoredRequest) -> Value {
    let mut record = serde_json::to_value(Record::from_stored(row)).expect("a record serialises");
    if let (Some(object), Some(status)) = (record.as_object_mut(), row.forward_status) {
        object.insert("forward_status".into(), json!(status));
    }
    record
}

/// Reads row `seq`, or answers 404 (or 500) for the caller.
async fn row(
    inspector: &Arc<Inspector>,
    seq: i64,
) -> Result<StoredRequest, Response<ResponseBody>> {
    match inspector.read_store(move |store| store.at_seq(seq)).await {
        None => Err(error(
            StatusCode::NOT_FOUND,
            "the event store is off (--no-store): only the stream carries requests".into(),
        )),
        Some(Ok(Some(row))) => Ok(row),
        Some(Ok(None)) => Err(error(
            StatusCode::NOT_FOUND,
            format!("no request #{seq} in the event store"),
        )),
        Some(Err(message)) => Err(error(StatusCode::INTERNAL_SERVER_ERROR, message)),
    }
}

/// `GET /_/api/requests/{seq}`: the record, body included, with verify's verdict and
/// hint when the listener has a secret.
async fn one(inspector: &Arc<Inspector>, seq: i64) -> Response<ResponseBody> {
    let row = match row(inspector, seq).await {
        Ok(row) => row,
        Err(answer) => return answer,
    };
    let mut record = record_value(&row);
    if let (Some(secret), Some(object)) = (&inspector.options.secret, record.as_object_mut()) {
        let capture = Capture {
            source: format!("store #{seq}"),
            method: row.method.clone(),
            path: row.path.clone(),
            headers: row.headers.clone(),
            body: row.body.clone(),
        };
        let results = crate::app::verify::check_all(
            secret.get().secret.expose().as_bytes(),
            Scheme::ROOMZ,
            &[capture],
        );
        object.insert("verification".into(), json!(results.first()));
    }
    json_answer(StatusCode::OK, &record)
}

/// `GET /_/api/requests/{seq}/capture?format=http|json|har|curl`: a download.
async fn capture(inspector: &Arc<Inspector>, seq: i64, query: &str) -> Response<ResponseBody> {
    let wanted = url::form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "format")
        .map_or("http".to_string(), |(_, v)| v.into_owned());
    let Some(format) = Format::parse(&wanted) else {
        return error(
            StatusCode::BAD_REQUEST,
            format!("format must be http, json, har or curl: got {wanted:?}"),
        );
    };
    let row = match row(inspector, seq).await {
        Ok(row) => row,
        Err(answer) => return answer,
    };
    let options = &inspector.options;
    let bytes = match format {
        Format::Http => export::raw_http(&row),
        Format::Json => export::json_record(&row),
        Format::Har => {
            let url = Url::parse(&options.webhook_url).ok();
            let origin = url.map_or(String::new(), |u| u.origin().ascii_serialization());
            export::har(&row, &origin)
        }
        Format::Curl => {
            // Signed anew with the listener's secret: a command that verifies. Without a
            // secret (--no-verify), the signature as received.
            let signature = match &options.secret {
                Some(secret) => secret.get().key.sign(Scheme::ROOMZ, &row.body),
                None => Capture {
                    source: String::new(),
                    method: String::new(),
                    path: String::new(),
                    headers: row.headers.clone(),
                    body: Vec::new(),
                }
                .signature_header()
                .map_or(String::new(), |(_, v)| v.to_string()),
            };
            let mut text =
                crate::output::sign::curl_command(&options.webhook_url, &signature, &row.body);
            text.push('\n');
            text.into_bytes()
        }
    };
    let (extension, content_type) = format.file();
    let mut response = whole(StatusCode::OK, content_type, Bytes::from(bytes));
    let disposition = format!("attachment; filename=\"request-{seq}.{extension}\"");
    response.headers_mut().insert(
        CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).expect("a plain file name"),
    );
    response
}

/// `POST /_/api/requests/{seq}/resend` (token required): re-delivers the stored body,
/// signed with the listener's secret, to `{"url": URL}` or the `--forward-to` target.
async fn resend(
    inspector: &Arc<Inspector>,
    seq: i64,
    request: Request<Incoming>,
) -> Response<ResponseBody> {
    if !inspector.has_token(&request) {
        return error(
            StatusCode::FORBIDDEN,
            "refused: actions need the page's token in the X-Roomz-Hook-Token header \
             (listen --json prints it as \"ui_token\")"
                .into(),
        );
    }
    let body = match Limited::new(request.into_body(), MAX_ACTION_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("the resend request's body must be a JSON object of at most {MAX_ACTION_BODY} bytes"),
            )
        }
    };
    let asked: Value = match body.iter().all(u8::is_ascii_whitespace) {
        true => json!({}),
        false => match serde_json::from_slice(&body) {
            Ok(value @ Value::Object(_)) => value,
            _ => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "the resend request's body must be a JSON object: {} for the --forward-to \
                     target, or {\"url\": URL}"
                        .into(),
                )
            }
        },
    };
    let target = match asked.get("url") {
        None | Some(Value::Null) => match &inspector.options.forward_to {
            Some(url) => url.clone(),
            None => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "no target: this listener has no --forward-to; send {\"url\": URL}".into(),
                )
            }
        },
        Some(Value::String(text)) => match crate::net::client::parse_url(text) {
            Ok(url) => url,
            Err(message) => return error(StatusCode::BAD_REQUEST, message),
        },
        Some(_) => return error(StatusCode::BAD_REQUEST, "\"url\" must be a string".into()),
    };
    let Some(secret) = &inspector.options.secret else {
        return error(
            StatusCode::CONFLICT,
            "resend signs with the listener's secret, and this listener has none (--no-verify)"
                .into(),
        );
    };
    let row = match row(inspector, seq).await {
        Ok(row) => row,
        Err(answer) => return answer,
    };
    let key = secret.get().key.clone();
    let transport = inspector.options.transport.clone();
    let outcome = deliver(seq, &row, target.clone(), key, transport).await;
    let result = json!({
        "seq": seq,
        "url": crate::net::client::display_url(&target),
        "event_id": row.event_id,
        "status": outcome.status,
        "attempts": outcome.attempts,
        "latency_ms": outcome.latency.map(|l| l.as_millis() as u64),
        "error": outcome.error,
        "location": outcome.location,
        "delivered": outcome.verdict == replay::Verdict::Delivered,
    });
    inspector.publish_event("resent", &result);
    json_answer(StatusCode::OK, &result)
}

/// One delivery through replay's engine, on a thread of its own (the engine's report
/// is not `Send`, and the listener's thread keeps serving meanwhile).
async fn deliver(
    seq: i64,
    row: &StoredRequest,
    url: Url,
    key: Key,
    transport: crate::net::client::Transport,
) -> Outcome {
    let insecure = url
        .host()
        .is_some_and(|host| super::is_loopback_host(&host.to_string()));
    let options = replay::Options {
        url,
        concurrency: 1,
        rate: None,
        retries: 0,
        timeout: RESEND_TIMEOUT,
        expect: ExpectStatus::default(),
        follow_redirects: false,
        redirect_signatures: false,
        signing: Signing::Sign {
            key: Box::new(key),
            only: None,
        },
        fresh: false,
        // A local receiver with a self-signed certificate (listen --tls-self-signed).
        transport: crate::net::client::Transport {
            insecure: insecure || transport.insecure,
            ..transport
        },
        dry_run: false,
        keep_answer: false,
        quiet_deliveries: false,
    };
    let plan = Plan {
        inputs: vec![Input::Memory {
            source: format!("store #{seq}"),
            body: row.body.clone(),
        }],
        repeat: 1,
        shuffle: None,
        env: Box::new(|_| None),
        limits: crate::app::files::Limits::default(),
    };
    let delivery = tokio::task::spawn_blocking(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the delivery: {e}"))?;
        let mut kept = Kept::default();
        runtime.block_on(replay::run(plan, options, &mut kept));
        kept.outcome
            .ok_or_else(|| kept.problem.unwrap_or_else(|| "nothing was sent".into()))
    });
    let failed = |error: String| Outcome {
        source: format!("store #{seq}"),
        event_id: None,
        status: None,
        attempts: 0,
        latency: None,
        verdict: replay::Verdict::Unreachable,
        error: Some(error),
        location: None,
        answer: None,
        request: None,
    };
    match delivery.await {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(message)) => failed(message),
        Err(e) => failed(format!("the delivery failed: {e}")),
    }
}

/// The engine's report for one resend: its outcome, or why nothing was sent.
#[derive(Default)]
struct Kept {
    outcome: Option<Outcome>,
    problem: Option<String>,
}

impl replay::Report for Kept {
    fn problem(&mut self, problem: &InputProblem) {
        self.problem = Some(problem.to_string());
    }
    fn warning(&mut self, _message: &str) {}
    fn outcome(&mut self, outcome: &Outcome) {
        self.outcome = Some(outcome.clone());
    }
    fn finish(&mut self, _summary: &replay::Summary) {}
}

fn whole(status: StatusCode, content_type: &'static str, body: Bytes) -> Response<ResponseBody> {
    let mut response = Response::new(Either::Left(Full::new(body)));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn json_answer(status: StatusCode, value: &Value) -> Response<ResponseBody> {
    let body = serde_json::to_vec(value).expect("JSON serialises to memory");
    whole(status, "application/json", Bytes::from(body))
}

/// `{"error": MESSAGE}` with `status`.
pub(super) fn error(status: StatusCode, message: String) -> Response<ResponseBody> {
    json_answer(status, &json!({ "error": message }))
}

fn not_allowed(allow: &'static str) -> Response<ResponseBody> {
    let mut response = error(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("method not allowed here: use {allow}"),
    );
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static(allow));
    response
}

fn redirect(to: &'static str) -> Response<ResponseBody> {
    let mut response = whole(StatusCode::PERMANENT_REDIRECT, "text/plain", Bytes::new());
    response
        .headers_mut()
        .insert(LOCATION, HeaderValue::from_static(to));
    response
}
