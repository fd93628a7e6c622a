//! The ROOMZ REST API from the integration's side: which resource an event points at
//! (one table), and a client that GETs it with the token, retrying 429 and 5xx answers a
//! bounded number of times and honouring `Retry-After`. Used by `fetch` and
//! `listen --fetch`; `simulate` serves the same paths.

use crate::core::event::{self, WebhookEvent, PRESENCE_CHANGED, STATUS_UPDATED};
use crate::core::secret::Secret;
use crate::net::client::{describe_error, status_text, ClientOptions, HttpClient};
use crate::net::retry::{Backoff, Jitter};
use bytes::Bytes;
use hyper::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use hyper::Method;
use std::fmt;
use std::time::{Duration, Instant};

/// Which API resource holds the details of an event type, as a path template. The first
/// matching row wins; a row ending in `*` matches every type with that prefix. A new event
/// type is one more row.
pub const RESOURCES: &[(&str, &str)] = &[
    (PRESENCE_CHANGED, "/workspaces/{workspaceId}/status"),
    (STATUS_UPDATED, "/workspaces/{workspaceId}/status"),
    ("workspace.*", "/workspaces/{workspaceId}/status"),
];

/// The path of a workspace's status: what `fetch --workspace ID` reads.
pub fn workspace_status_path(workspace_id: &str) -> String {
    format!("/workspaces/{}/status", encode_segment(workspace_id))
}

/// Why an event leads to no API resource.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResourceError {
    #[error("the event has no type, so there is no API resource to fetch")]
    NoType,
    #[error(
        "events of type '{0}' have no API resource (known: {known}); use --workspace ID to fetch a workspace directly",
        known = known_types()
    )]
    UnknownType(String),
    #[error(
        "the {0} event names no workspaceId (data.workspaceId, or workspaceId in the older shape)"
    )]
    NoWorkspace(String),
}

fn known_types() -> String {
    let names: Vec<&str> = RESOURCES.iter().map(|(pattern, _)| *pattern).collect();
    names.join(", ")
}

/// The API path holding `event`'s details.
pub fn resource_for(event: &WebhookEvent) -> Result<String, ResourceError> {
    let event_type = event.event_type.as_deref().ok_or(ResourceError::NoType)?;
    let template = RESOURCES
        .iter()
        .find(|(pattern, _)| match pattern.strip_suffix('*') {
            Some(prefix) => event_type.starts_with(prefix),
            None => *pattern == event_type,
        })
        .map(|(_, template)| *template)
        .ok_or_else(|| ResourceError::UnknownType(event_type.to_string()))?;
    let mut path = template.to_string();
    if path.contains("{workspaceId}") {
        let id = event
            .workspace_id
            .as_deref()
            .filter(|id| !id.is_empty())
            .ok_or_else(|| ResourceError::NoWorkspace(event_type.to_string()))?;
        path = path.replace("{workspaceId}", &encode_segment(id));
    }
    Ok(path)
}

/// The API path for a raw webhook body, for callers that hold only the bytes.
pub fn resource_for_body(body: &[u8]) -> Result<String, String> {
    let inspection = event::inspect(body).map_err(|e| e.to_string())?;
    resource_for(&inspection.event).map_err(|e| e.to_string())
}

/// Percent-encodes what cannot stand in one path segment: an id taken from a webhook body
/// must not add segments (`../`) or a query to the URL.
fn encode_segment(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, crate::core::UNRESERVED).to_string()
}

/// The most of an API answer that is read: details are small JSON documents.
const MAX_API_ANSWER: usize = 16 << 20;

/// How the client behaves; `Default` is what `fetch` uses.
#[derive(Debug, Clone)]
pub struct ApiOptions {
    /// Time for one attempt, connection included.
    pub timeout: Duration,
    /// Retries after a 429 or 5xx answer (so at most `retries + 1` attempts).
    pub retries: u32,
    /// The waits between attempts when the answer has no `Retry-After`, and the cap on
    /// one that has.
    pub backoff: Backoff,
}

impl Default for ApiOptions {
    fn default() -> Self {
        ApiOptions {
            timeout: Duration::from_secs(30),
            retries: 2,
            backoff: Backoff {
                first: Duration::from_millis(500),
                max: Duration::from_secs(30),
                jitter: Jitter::Full,
                max_retry_after: Duration::from_secs(30),
            },
        }
    }
}

/// A client for one API base URL and token.
#[derive(Clone)]
pub struct ApiClient {
    http: HttpClient,
    base: String,
    authorization: HeaderValue,
    options: ApiOptions,
}

/// Shows the base URL only: the token stays out of logs and panics.
impl fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiClient")
            .field("base", &self.base)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// One answer from the API, after any retries.
#[derive(Debug, Clone)]
pub struct ApiAnswer {
    pub url: String,
    pub status: u16,
    pub body: Bytes,
    pub content_type: Option<String>,
    /// The body parsed, when it is JSON.
    pub json: Option<serde_json::Value>,
    /// Of the last attempt.
    pub latency: Duration,
    pub attempts: u32,
}

/// The API could not be asked: nothing came back (exit code 3).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ApiNetworkError {
    pub url: String,
    pub message: String,
    pub attempts: u32,
}

/// A retry about to happen, for the caller to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retry {
    pub attempt: u32,
    pub status: u16,
    pub wait: Duration,
}

impl ApiClient {
    /// `base` is the API's base URL (a trailing `/` is ignored); the token goes in
    /// `Authorization: SCHEME TOKEN`.
    pub fn new(
        base: &str,
        token: &Secret,
        scheme: &str,
        options: ApiOptions,
    ) -> Result<ApiClient, String> {
        let mut authorization = HeaderValue::from_str(&format!("{scheme} {}", token.expose()))
            .map_err(|_| {
                "the API token holds characters that cannot go in an HTTP header (a line break?)"
                    .to_string()
            })?;
        authorization.set_sensitive(true);
        let http = HttpClient::new(ClientOptions {
            timeout: Some(options.timeout),
            follow_redirects: true,
            ..ClientOptions::default()
        });
        Ok(ApiClient {
            http,
            base: base.trim_end_matches('/').to_string(),
            authorization,
            options,
        })
    }

    /// The full URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GETs `path`; `on_retry` hears of each retry before its wait.
    pub async fn get(
        &self,
        path: &str,
        mut on_retry: impl FnMut(&Retry),
    ) -> Result<ApiAnswer, ApiNetworkError> {
        let url = self.url(path);
        let target = url::Url::parse(&url).map_err(|e| ApiNetworkError {
            url: url.clone(),
            message: format!("the API URL {url} is not a URL ({e}): check api_url"),
            attempts: 0,
        })?;
        let mut attempt = 1;
        loop {
            let started = Instant::now();
            let headers = [
                (AUTHORIZATION, self.authorization.clone()),
                (ACCEPT, HeaderValue::from_static("application/json")),
            ];
            let sent = self
                .http
                .send(Method::GET, &target, &headers, Bytes::new(), MAX_API_ANSWER)
                .await;
            let response = sent.map_err(|e| ApiNetworkError {
                url: url.clone(),
                message: describe(&url, &e),
                attempts: attempt,
            })?;
            let status = response.status;
            let (retry_after, content_type) =
                (response.header(RETRY_AFTER), response.header(CONTENT_TYPE));
            let body = response.body;
            let latency = started.elapsed();
            let retryable = status == 429 || (500..600).contains(&status);
            if retryable && attempt <= self.options.retries {
                let wait = self.wait(attempt, retry_after.as_deref());
                on_retry(&Retry {
                    attempt,
                    status,
                    wait,
                });
                tokio::time::sleep(wait).await;
                attempt += 1;
                continue;
            }
            let json = serde_json::from_slice(&body).ok();
            return Ok(ApiAnswer {
                url,
                status,
                body,
                content_type,
                json,
                latency,
                attempts: attempt,
            });
        }
    }

    /// `Retry-After` when the answer gave one (capped), else the backoff policy.
    fn wait(&self, attempt: u32, retry_after: Option<&str>) -> Duration {
        self.options.backoff.wait(attempt, retry_after)
    }
}

impl ApiAnswer {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// What is wrong with this answer for a caller that wants JSON details, in words a user
    /// can act on; `None` for a 2xx JSON answer. `token_source` says where the token came from.
    pub fn problem(&self, token_source: &str) -> Option<String> {
        let reason = status_text(self.status);
        let problem = match self.status {
            200..=299 if self.json.is_some() => return None,
            200..=299 => format!(
                "the API answered {} {reason} but the body is not JSON{}",
                self.status,
                self.content_type
                    .as_deref()
                    .map_or(String::new(), |t| format!(" (Content-Type: {t})"))
            ),
            401 => format!(
                "the API refused the token (401 {reason}): check the token from {token_source}"
            ),
            403 => {
                format!("the token from {token_source} may not read this resource (403 {reason})")
            }
            404 => {
                format!("the API has no such resource (404 {reason}): is the workspace id right?")
            }
            429 => format!(
                "the API is still rate-limiting (429 {reason}) after {} attempts",
                self.attempts
            ),
            500..=599 => format!(
                "the API failed ({} {reason}) after {} attempts",
                self.status, self.attempts
            ),
            _ => format!("the API answered {} {reason}", self.status),
        };
        Some(problem)
    }
}

/// The API client the settings describe (URL, token, `Authorization` scheme), or exit 2
/// naming what to set. Also returns where the token came from, for messages about a
/// refused token. Used by `fetch` and `listen --fetch`.
pub fn client_for(
    settings: &crate::settings::Settings,
    timeout: Duration,
    retries: u32,
) -> crate::error::Result<(ApiClient, String)> {
    use crate::error::Error;
    let url = settings.api_url.as_ref().ok_or_else(|| {
        Error::usage_msg(
            "no API URL: pass --api-url URL, set ROOMZ_API_URL, or save one with `roomz-hook init` \
             (`roomz-hook simulate` serves a local stand-in for ROOMZ's API)",
        )
    })?;
    let token = settings.api_token.as_ref().ok_or_else(|| {
        Error::usage_msg(
            "no API token: pass --token-file PATH, set ROOMZ_API_TOKEN, or save one with `roomz-hook init`",
        )
    })?;
    let options = ApiOptions {
        timeout,
        retries,
        ..ApiOptions::default()
    };
    let client = ApiClient::new(
        &url.value,
        &token.value,
        &settings.auth_scheme.value,
        options,
    )
    .map_err(Error::usage_msg)?;
    Ok((client, token.source.to_string()))
}

fn describe(url: &str, error: &crate::net::client::HttpError) -> String {
    format!("cannot reach the API at {url}: {}", describe_error(error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(body: &str) -> WebhookEvent {
        event::inspect(body.as_bytes()).unwrap().event
    }

    #[test]
    fn both_shapes_map_to_the_workspace_status() {
        let current = event(
            r#"{"id":"x","type":"workspace.presence.changed","timestamp":"2024-05-21T08:22:32.452Z","data":{"workspaceId":"ab-12","presenceStatus":"Free"}}"#,
        );
        assert_eq!(resource_for(&current).unwrap(), "/workspaces/ab-12/status");
        let older = event(
            r#"{"id":"x","type":"workspace.status.updated","timestamp":"2024-02-02T09:13:44+0000","workspaceId":"cd-34"}"#,
        );
        assert_eq!(resource_for(&older).unwrap(), "/workspaces/cd-34/status");
    }

    #[test]
    fn other_workspace_types_match_the_wildcard_row() {
        let e = event(r#"{"type":"workspace.renamed","workspaceId":"w1"}"#);
        assert_eq!(resource_for(&e).unwrap(), "/workspaces/w1/status");
    }

    #[test]
    fn unmapped_types_and_missing_ids_say_why() {
        let e = event(r#"{"type":"desk.booked","data":{"workspaceId":"w"}}"#);
        let error = resource_for(&e).unwrap_err();
        assert_eq!(error, ResourceError::UnknownType("desk.booked".into()));
        assert!(error.to_string().contains("--workspace ID"), "{error}");
        let e = event(r#"{"type":"workspace.presence.changed","data":{}}"#);
        assert_eq!(
            resource_for(&e).unwrap_err(),
            ResourceError::NoWorkspace("workspace.presence.changed".into())
        );
        assert_eq!(
            resource_for(&event("{}")).unwrap_err(),
            ResourceError::NoType
        );
        assert_eq!(
            resource_for_body(b"[1]").unwrap_err(),
            "the body is a JSON array, not an object"
        );
    }

    #[test]
    fn ids_cannot_escape_their_path_segment() {
        assert_eq!(
            workspace_status_path("../admin?x=1"),
            "/workspaces/..%2Fadmin%3Fx%3D1/status"
        );
        let e = event(r#"{"type":"workspace.status.updated","workspaceId":"a/b"}"#);
        assert_eq!(resource_for(&e).unwrap(), "/workspaces/a%2Fb/status");
    }

    #[test]
    fn problems_name_the_status_and_what_to_do() {
        let answer = |status: u16, body: &'static [u8]| ApiAnswer {
            url: "http://api/x".into(),
            status,
            body: Bytes::from_static(body),
            content_type: Some("text/html".into()),
            json: serde_json::from_slice(body).ok(),
            latency: Duration::ZERO,
            attempts: 3,
        };
        assert_eq!(answer(200, br#"{"status":"Free"}"#).problem("env X"), None);
        let text = |status, body| answer(status, body).problem("env ROOMZ_API_TOKEN").unwrap();
        assert_eq!(
            text(200, b"<html>"),
            "the API answered 200 OK but the body is not JSON (Content-Type: text/html)"
        );
        assert!(text(401, b"").contains("check the token from env ROOMZ_API_TOKEN"));
        assert!(text(403, b"").contains("403 Forbidden"));
        assert!(text(404, b"").contains("404 Not Found"));
        assert_eq!(
            text(500, b""),
            "the API failed (500 Internal Server Error) after 3 attempts"
        );
        assert_eq!(text(418, b""), "the API answered 418 I'm a teapot");
    }

    #[test]
    fn waits_follow_retry_after_else_the_backoff_policy() {
        let client = ApiClient::new(
            "http://127.0.0.1:1/",
            &Secret::new("tok-SECRET-123"),
            "Bearer",
            ApiOptions::default(),
        )
        .unwrap();
        assert!(!format!("{client:?}").contains("SECRET"), "{client:?}");
        assert_eq!(client.url("/a"), "http://127.0.0.1:1/a");
        assert_eq!(client.wait(1, Some("2")), Duration::from_secs(2));
        assert_eq!(client.wait(1, Some("3600")), Duration::from_secs(30));
        // Without a usable Retry-After: the policy's full jitter below 500 ms, then 1 s.
        assert!(client.wait(1, None) <= Duration::from_millis(500));
        assert!(client.wait(2, Some("soon")) <= Duration::from_secs(1));
    }

    #[test]
    fn a_token_with_a_line_break_is_refused_without_echoing_it() {
        let error = ApiClient::new(
            "http://x",
            &Secret::new("tok\nen-secret"),
            "Bearer",
            ApiOptions::default(),
        )
        .unwrap_err();
        assert!(!error.contains("en-secret"), "{error}");
    }
}
