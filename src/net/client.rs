//! The one HTTP client (reqwest on hyper, TLS by rustls) that every sending service uses:
//! replay and trigger, the listener's forwarding, the ROOMZ API client and the simulator's
//! deliveries. Here are the one place a URL is checked and turned into a request, the one
//! description of a failed request, and the resolution of a `Location` (`url`).
//!
//! Webhook senders never let the client follow a redirect: replay reports them, or
//! follows 307/308 itself with `--follow-redirects`; the API client follows them. A URL's
//! user info becomes Basic auth, never part of `Host`, and never appears in a message.

use std::time::Duration;
use url::Url;

/// `User-Agent` of every request.
pub const USER_AGENT: &str = concat!("roomz-hook/", env!("CARGO_PKG_VERSION"));

/// How a client behaves.
#[derive(Debug, Clone, Copy)]
pub struct ClientOptions {
    /// Whole-request timeout; `None` when the caller times each attempt itself.
    pub timeout: Option<Duration>,
    /// Accept any TLS certificate (a self-signed local listener).
    pub insecure: bool,
    /// Kept-alive connections per host: the concurrency of the caller.
    pub idle_per_host: usize,
    /// Follow up to 10 redirects (the ROOMZ API client); webhook senders never do, and
    /// report them instead.
    pub follow_redirects: bool,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout: Some(Duration::from_secs(30)),
            insecure: false,
            idle_per_host: 8,
            follow_redirects: false,
        }
    }
}

/// A client: cheap to clone, all clones share the connection pool.
#[derive(Debug, Clone)]
pub struct HttpClient {
    inner: reqwest::Client,
}

impl HttpClient {
    pub fn new(options: ClientOptions) -> Result<HttpClient, String> {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .user_agent(USER_AGENT)
            .redirect(match options.follow_redirects {
                true => reqwest::redirect::Policy::limited(10),
                false => reqwest::redirect::Policy::none(),
            })
            // Headers go out as ROOMZ's documents spell them (`Roomz-Signature`), not in
            // hyper's lower case: receivers should not care, but hand-written ones do.
            .http1_title_case_headers()
            .danger_accept_invalid_certs(options.insecure)
            .pool_max_idle_per_host(options.idle_per_host.max(1))
            .tcp_nodelay(true);
        if let Some(timeout) = options.timeout {
            builder = builder.timeout(timeout);
        }
        let inner = builder
            .build()
            .map_err(|e| format!("cannot set up the HTTP client: {}", root_cause(&e)))?;
        Ok(HttpClient { inner })
    }

    /// The one place a URL becomes a request.
    pub fn request(&self, method: reqwest::Method, url: &Url) -> reqwest::RequestBuilder {
        self.inner.request(method, url.clone())
    }

    pub fn post(&self, url: &Url) -> reqwest::RequestBuilder {
        self.request(reqwest::Method::POST, url)
    }

    pub fn get(&self, url: &Url) -> reqwest::RequestBuilder {
        self.request(reqwest::Method::GET, url)
    }
}

/// Checks a URL to send to: http or https, with a host.
pub fn parse_url(text: &str) -> Result<Url, String> {
    let example = "write it like http://127.0.0.1:8080/webhook";
    let url = Url::parse(text);
    // Messages show the URL without a password it may hold.
    let shown = without_user_info(text);
    let text = shown.as_str();
    let url = url.map_err(|e| format!("invalid URL '{text}' ({e}): {example}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "invalid URL '{text}': it must start with http:// or https:// ({example})"
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!(
            "invalid URL '{text}': it names no host ({example})"
        ));
    }
    Ok(url)
}

/// A `Location` resolved against the URL it answered (`Url::join`: absolute, scheme- and
/// path-relative references, `?page=2`); `None` when it is no http(s) URL.
pub fn resolve_location(base: &Url, location: &str) -> Option<Url> {
    let url = base.join(location.trim()).ok()?;
    parse_url(url.as_str()).ok()
}

/// `text` with anything between `://` and an `@` before the path replaced by `***`: a URL
/// as typed, for a message about it.
fn without_user_info(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else {
        return text.to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***@{}", &rest[at + 1..]),
        None => text.to_string(),
    }
}

/// `host:port` of a URL (the port as given, or the scheme's), for one-line reports.
pub fn authority(url: &Url) -> String {
    let host = url.host_str().unwrap_or("?");
    match url.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// A URL for messages: scheme, host, port and path, never the user info.
pub fn display_url(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.to_string()
}

/// A failed request in a few words, what a user needs in a one-line report: what failed
/// (connect, timeout, request) and the root cause. reqwest's chain repeats itself in
/// between ("client error (Connect): tcp connect error: Connection refused").
pub fn describe_error(error: &reqwest::Error) -> String {
    let what = if error.is_connect() {
        "connection failed"
    } else if error.is_timeout() {
        "timed out"
    } else {
        "request failed"
    };
    match deepest_source(error) {
        Some(root) => format!("{what}: {root}"),
        None => what.to_string(),
    }
}

fn deepest_source<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a (dyn std::error::Error + 'static)> {
    let mut root = None;
    let mut source = error.source();
    while let Some(inner) = source {
        root = Some(inner);
        source = inner.source();
    }
    root
}

fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    deepest_source(error).map_or_else(|| error.to_string(), ToString::to_string)
}

/// "Not Found" for 404: the canonical reason, or "" for a code without one.
pub fn status_text(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_http_with_a_host() {
        assert!(parse_url("http://127.0.0.1:8080/webhook").is_ok());
        assert!(parse_url("https://example.com").is_ok());
        assert!(parse_url("ftp://x/y")
            .unwrap_err()
            .contains("http:// or https://"));
        assert!(parse_url("127.0.0.1:8080").is_err());
        assert!(parse_url("http://").is_err());
    }

    #[test]
    fn locations_resolve_against_the_url() {
        let base = parse_url("http://127.0.0.1:9/a/hook?x=1").unwrap();
        let r = |l: &str| resolve_location(&base, l).map(|u| u.to_string());
        assert_eq!(r("/new").as_deref(), Some("http://127.0.0.1:9/new"));
        assert_eq!(r("other").as_deref(), Some("http://127.0.0.1:9/a/other"));
        assert_eq!(
            r("?page=2").as_deref(),
            Some("http://127.0.0.1:9/a/hook?page=2")
        );
        assert_eq!(r("https://h/x").as_deref(), Some("https://h/x"));
        assert_eq!(r("//h2/y").as_deref(), Some("http://h2/y"));
        assert_eq!(r("mailto:a@b"), None);
    }

    #[test]
    fn user_info_is_never_shown() {
        let url = parse_url("http://user:pass@127.0.0.1:9/hook").unwrap();
        assert_eq!(display_url(&url), "http://127.0.0.1:9/hook");
        assert_eq!(url.username(), "user", "kept for the request itself");
        let error = parse_url("ftp://user:pass@h/x").unwrap_err();
        assert!(
            error.contains("ftp://***@h/x") && !error.contains("pass"),
            "{error}"
        );
        assert_eq!(authority(&url), "127.0.0.1:9");
        assert_eq!(authority(&parse_url("https://h/x").unwrap()), "h:443");
    }

    #[test]
    fn status_reasons() {
        assert_eq!(status_text(404), "Not Found");
        assert_eq!(status_text(599), "");
    }
}
