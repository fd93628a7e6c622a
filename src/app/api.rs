//! The ROOMZ REST API from the integration's side (CONTRACT section 4.2): which resource
//! an event points at (from the event catalogue), and a client that GETs it with the API
//! key, retrying 429 and 5xx answers a bounded number of times and honouring
//! `Retry-After`. Used by `fetch` and `listen --fetch`; `simulate` serves the same paths.

use crate::core::event::{self, Resource, WebhookEvent};
use crate::core::secret::Secret;
use crate::net::client::{describe_error, status_text, ClientOptions, HttpClient, Transport};
use crate::net::retry::{Backoff, Jitter};
use base64::Engine;
use bytes::Bytes;
use hyper::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use hyper::Method;
use std::fmt;
use std::time::{Duration, Instant};

/// The path of a workspace's status: what `fetch --workspace ID` reads.
pub fn workspace_status_path(workspace_id: &str) -> String {
    format!("/workspaces/{}/status", encode_segment(workspace_id))
}

/// The path of a building, floor or workspace itself: `fetch --building ID`, `--floor ID`.
pub fn resource_path(resource: Resource, id: &str) -> String {
    resource.path().replace("{id}", &encode_segment(id))
}

/// Why an event leads to no API request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResourceError {
    #[error("the event has no type, so there is no API resource to fetch")]
    NoType,
    #[error(
        "events of type '{0}' have no API resource (known types: {known}); use --workspace, --building or --floor ID to fetch a resource directly",
        known = event::type_names_joined()
    )]
    UnknownType(String),
    #[error("the {event_type} event names no {field}, so there is nothing to fetch")]
    NoId {
        event_type: String,
        field: &'static str,
    },
    #[error(
        "a {event_type} event has nothing to fetch: the {resource}{} no longer exists, so no request was sent",
        id.as_deref().map_or(String::new(), |id| format!(" {id}"))
    )]
    Deleted {
        event_type: String,
        resource: &'static str,
        id: Option<String>,
    },
}

/// The API path holding `event`'s details, as section 4.2 maps its type.
pub fn resource_for(event: &WebhookEvent) -> Result<String, ResourceError> {
    let event_type = event.event_type.as_deref().ok_or(ResourceError::NoType)?;
    let kind =
        event::lookup(event_type).ok_or_else(|| ResourceError::UnknownType(event_type.into()))?;
    let id = event.resource_id(kind.resource).filter(|id| !id.is_empty());
    let Some(template) = kind.details_path() else {
        return Err(ResourceError::Deleted {
            event_type: event_type.into(),
            resource: kind.resource.as_str(),
            id: id.map(|id| crate::output::sanitize(id).into_owned()),
        });
    };
    let id = id.ok_or(ResourceError::NoId {
        event_type: event_type.into(),
        field: kind.id_path(),
    })?;
    Ok(template.replace("{id}", &encode_segment(id)))
}

/// The API path for a raw webhook body, for callers that hold only the bytes.
pub fn resource_for_body(body: &[u8]) -> Result<String, String> {
    let inspection = event::inspect(body).map_err(|e| e.to_string())?;
    resource_for(&inspection.event).map_err(|e| e.to_string())
}

/// The `Authorization` value for the API key under `scheme`: ROOMZ's documented HTTP
/// Basic (the key as user name, an empty password: `Basic base64(KEY:)`) for `Basic` in
/// any case, else `SCHEME KEY` (a profile's `auth_scheme = "Bearer"`). Marked sensitive.
pub fn authorization(scheme: &str, key: &Secret) -> Result<HeaderValue, String> {
    let text = if scheme.eq_ignore_ascii_case("basic") {
        let credentials = format!("{}:", key.expose());
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(credentials)
        )
    } else {
        format!("{scheme} {}", key.expose())
    };
    let mut value = HeaderValue::from_str(&text).map_err(|_| {
        "the API key holds characters that cannot go in an HTTP header (a line break?)".to_string()
    })?;
    value.set_sensitive(true);
    Ok(value)
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
    /// Trust (`--ca-cert`, `--insecure`) and tracing (`-v`) of every request.
    pub transport: Transport,
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
            transport: Transport::default(),
        }
    }
}

/// A client for one API base URL and token.
#[derive(Clone)]
pub struct ApiClient {
    http: HttpClient,
    /// The API URL with its version (`https://api.example.com/v1`), its path ending in `/`
    /// so that resource paths join below it.
    base: url::Url,
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
    /// `base` is the API URL, version included (`https://api.example.com/v1`, a trailing
    /// `/` or not); the key goes in `Authorization` as [`authorization`] writes it.
    pub fn new(
        base: &str,
        token: &Secret,
        scheme: &str,
        options: ApiOptions,
    ) -> Result<ApiClient, String> {
        let authorization = authorization(scheme, token)?;
        let mut base = crate::net::client::parse_url(base)
            .map_err(|e| format!("the API URL is not usable: {e}"))?;
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        base.set_query(None);
        base.set_fragment(None);
        let http = HttpClient::new(ClientOptions {
            timeout: Some(options.timeout),
            follow_redirects: true,
            transport: options.transport.clone(),
            ..ClientOptions::default()
        });
        Ok(ApiClient {
            http,
            base,
            authorization,
            options,
        })
    }

    /// The full URL of `path` (`/workspaces/ID/status`), relative to the API URL's path:
    /// with `https://api.example.com/v1` it is `https://api.example.com/v1/workspaces/ID/status`.
    pub fn url(&self, path: &str) -> String {
        self.join(path).map_or_else(
            |_| format!("{}{}", self.base, path.trim_start_matches('/')),
            |u| crate::net::client::display_url(&u),
        )
    }

    fn join(&self, path: &str) -> Result<url::Url, url::ParseError> {
        // Without its leading `/`, the path is relative to the base's, version kept.
        self.base.join(path.trim_start_matches('/'))
    }

    /// GETs `path`; `on_retry` hears of each retry before its wait.
    pub async fn get(
        &self,
        path: &str,
        mut on_retry: impl FnMut(&Retry),
    ) -> Result<ApiAnswer, ApiNetworkError> {
        let url = self.url(path);
        let target = self.join(path).map_err(|e| ApiNetworkError {
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
                format!("the API has no such resource (404 {reason}): is the id right?")
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
    transport: Transport,
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
        transport,
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

    const W: &str = "df801b47-b7be-48e8-8e21-20e20c75906c";

    #[test]
    fn both_shapes_map_to_the_workspace_status() {
        let current = event(&format!(
            r#"{{"id":"x","type":"workspace.presence.changed","timestamp":"2024-05-21T08:22:32.452Z","data":{{"workspaceId":"{W}","presenceStatus":"Free"}}}}"#
        ));
        assert_eq!(
            resource_for(&current).unwrap(),
            format!("/workspaces/{W}/status")
        );
        let older = event(&format!(
            r#"{{"id":"x","type":"workspace.status.updated","timestamp":"2024-02-02T09:13:44+0000","workspaceId":"{W}"}}"#
        ));
        assert_eq!(
            resource_for(&older).unwrap(),
            format!("/workspaces/{W}/status")
        );
    }

    #[test]
    fn every_catalogued_type_maps_as_section_4_2_says() {
        let cases = [
            ("workspace.created", "workspaceId", Some("/workspaces/ID")),
            ("workspace.updated", "workspaceId", Some("/workspaces/ID")),
            ("building.created", "buildingId", Some("/buildings/ID")),
            ("building.updated", "buildingId", Some("/buildings/ID")),
            ("floor.created", "floorId", Some("/floors/ID")),
            ("floor.updated", "floorId", Some("/floors/ID")),
            ("workspace.deleted", "workspaceId", None),
            ("building.deleted", "buildingId", None),
            ("floor.deleted", "floorId", None),
        ];
        for (kind, field, path) in cases {
            let e = event(&format!(r#"{{"type":"{kind}","{field}":"{W}"}}"#));
            match path {
                Some(path) => assert_eq!(resource_for(&e).unwrap(), path.replace("ID", W)),
                None => {
                    let error = resource_for(&e).unwrap_err();
                    assert!(matches!(error, ResourceError::Deleted { .. }), "{kind}");
                    let text = error.to_string();
                    assert!(text.contains("nothing to fetch"), "{text}");
                    assert!(text.contains("no request was sent"), "{text}");
                    assert!(text.contains(W), "{text}");
                }
            }
        }
    }

    #[test]
    fn unmapped_types_and_missing_ids_say_why() {
        let e = event(r#"{"type":"desk.booked","data":{"workspaceId":"w"}}"#);
        let error = resource_for(&e).unwrap_err();
        assert_eq!(error, ResourceError::UnknownType("desk.booked".into()));
        assert!(error.to_string().contains("--workspace"), "{error}");
        assert!(error.to_string().contains("floor.deleted"), "{error}");
        // The old wildcard is gone: an undocumented workspace type is unknown too.
        let e = event(r#"{"type":"workspace.renamed","workspaceId":"w1"}"#);
        assert!(matches!(
            resource_for(&e),
            Err(ResourceError::UnknownType(_))
        ));
        let e = event(r#"{"type":"workspace.presence.changed","data":{}}"#);
        assert_eq!(
            resource_for(&e).unwrap_err().to_string(),
            "the workspace.presence.changed event names no data.workspaceId, so there is nothing to fetch"
        );
        let e = event(r#"{"type":"floor.updated","buildingId":"b"}"#);
        assert!(resource_for(&e)
            .unwrap_err()
            .to_string()
            .contains("no floorId"));
        assert_eq!(
            resource_for(&event("{}")).unwrap_err(),
            ResourceError::NoType
        );
    }

    #[test]
    fn ids_cannot_escape_their_path_segment() {
        assert_eq!(
            workspace_status_path("../admin?x=1"),
            "/workspaces/..%2Fadmin%3Fx%3D1/status"
        );
        assert_eq!(resource_path(Resource::Floor, "a/b#c"), "/floors/a%2Fb%23c");
        let e = event(r#"{"type":"workspace.status.updated","workspaceId":"a/b"}"#);
        assert_eq!(resource_for(&e).unwrap(), "/workspaces/a%2Fb/status");
    }

    #[test]
    fn paths_join_below_an_api_url_with_its_version() {
        let token = Secret::new("k");
        for base in [
            "https://api.example.com/v1",
            "https://api.example.com/v1/",
            "https://api.example.com/v1?x=1",
        ] {
            let client = ApiClient::new(base, &token, "Basic", ApiOptions::default()).unwrap();
            assert_eq!(
                client.url("/workspaces/W/status"),
                "https://api.example.com/v1/workspaces/W/status",
                "{base}"
            );
        }
        let root =
            ApiClient::new("http://127.0.0.1:9", &token, "Basic", ApiOptions::default()).unwrap();
        assert_eq!(root.url("/floors/F"), "http://127.0.0.1:9/floors/F");
        let deep = ApiClient::new(
            "http://h/roomz/api/v1",
            &token,
            "Basic",
            ApiOptions::default(),
        )
        .unwrap();
        assert_eq!(
            deep.url("/buildings/B"),
            "http://h/roomz/api/v1/buildings/B"
        );
    }

    #[test]
    fn basic_auth_is_the_key_as_user_with_an_empty_password() {
        let key = Secret::new("rzk_live_123");
        let value = authorization("Basic", &key).unwrap();
        // base64("rzk_live_123:")
        assert_eq!(value.to_str().unwrap(), "Basic cnprX2xpdmVfMTIzOg==");
        assert!(value.is_sensitive());
        assert_eq!(
            authorization("basic", &key).unwrap().to_str().unwrap(),
            "Basic cnprX2xpdmVfMTIzOg=="
        );
        assert_eq!(
            authorization("Bearer", &key).unwrap().to_str().unwrap(),
            "Bearer rzk_live_123"
        );
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
