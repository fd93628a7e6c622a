//! The one HTTP client, on hyper's HTTP/1.1 connections (`hyper::client::conn::http1`, as
//! oha does) with rustls for https: replay and trigger, the listener's forwarding, the
//! ROOMZ API client and the simulator's deliveries all send through [`HttpClient`].
//!
//! Here are the one place a URL is checked ([`parse_url`]) and turned into a request
//! ([`HttpClient::send`]), the one description of a failed request ([`describe_error`]),
//! and the resolution of a `Location` (`url`). Connections are kept alive in a small pool,
//! one per request in flight: at `--concurrency 64`, replay keeps 64.
//!
//! Each [`HttpClient::send`] puts a request on the wire at most once, whatever the
//! connection does: it is sent again on a new connection only when hyper hands it back
//! unsent (`TrySendError::take_message`: the kept-alive connection had closed before any
//! of it was written), so every request a receiver reads is an attempt its caller counts.
//! The one exception is an idempotent request (GET, HEAD) that failed on a reused
//! connection before any answer: a server closing an idle kept-alive connection races
//! with our write, so it is tried once more on a new connection; a POST never is.
//!
//! Webhook senders never follow a redirect (replay reports them, or follows 307/308
//! itself); the API client follows up to 10, but never to another origin (scheme, host,
//! port): that would hand its credentials to whoever the `Location` names, so it is an
//! error that says where the redirect pointed. A URL's user info becomes Basic auth,
//! never part of `Host`, and never appears in a message.
//!
//! A command's [`Transport`] reaches every client it makes: the certificates trusted
//! besides the web's roots (`--ca-cert`), `--insecure`, and the [`Trace`] that `-v`
//! hands each exchange to (every attempt on the wire, retries and redirects included).

use base64::Engine as _;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{
    HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, HOST, LOCATION, USER_AGENT,
};
use hyper::{Method, Request, Version};
use hyper_util::rt::TokioIo;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject as _;
use tokio_rustls::rustls::pki_types::CertificateDer;
use url::Url;

/// `User-Agent` of every request that does not set its own.
pub const USER_AGENT_VALUE: &str = concat!("roomz-hook/", env!("CARGO_PKG_VERSION"));

/// How a client behaves.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Whole-request timeout (connection, redirects and answer included); `None` when the
    /// caller times each attempt itself.
    pub timeout: Option<Duration>,
    /// Kept-alive connections at most: the concurrency of the caller.
    pub idle_per_host: usize,
    /// Follow up to 10 redirects (the ROOMZ API client); webhook senders never do, and
    /// report them instead.
    pub follow_redirects: bool,
    /// What the command line says about every request: trust and tracing.
    pub transport: Transport,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout: Some(Duration::from_secs(30)),
            idle_per_host: 8,
            follow_redirects: false,
            transport: Transport::default(),
        }
    }
}

/// What a command sets for every client it makes, whichever of its parts sends: which
/// certificates are trusted, and who is told of each exchange on the wire.
#[derive(Clone, Default)]
pub struct Transport {
    /// Accept any TLS certificate (`--insecure`: a self-signed local listener).
    pub insecure: bool,
    /// Certificates trusted besides the web's roots (`--ca-cert FILE`, [`load_ca_certs`]).
    pub ca_certs: Arc<Vec<CertificateDer<'static>>>,
    /// Told of every request put on the wire and of its answer (`-v`).
    pub trace: Option<Arc<dyn Trace>>,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("insecure", &self.insecure)
            .field("ca_certs", &self.ca_certs.len())
            .field("trace", &self.trace.is_some())
            .finish()
    }
}

/// Hears of each exchange on the wire: every attempt, the retries of its caller, the
/// redirects it follows and the GET it sends again on a new connection. `exchange`
/// numbers them in the process, so that interleaved ones (replay `-c 8`) can be told
/// apart. The headers are as sent and received, secrets included: masking them is the
/// printer's job.
pub trait Trace: Send + Sync {
    /// How many bytes of each body to hand over (0: heads only).
    fn body_limit(&self) -> usize;
    /// A request about to be written on a connection that is open.
    fn request(&self, exchange: u64, request: &TracedRequest<'_>);
    /// Its answer, read whole (`body` holds up to [`Trace::body_limit`] bytes of it).
    fn response(&self, exchange: u64, response: &TracedResponse<'_>);
    /// The exchange got no answer: no connection, a TLS failure, a broken connection.
    fn failed(&self, exchange: u64, method: &Method, url: &Url, error: &HttpError);
}

/// A request as it goes out: `headers` include `Host`, `User-Agent` and Basic auth.
pub struct TracedRequest<'a> {
    pub method: &'a Method,
    pub url: &'a Url,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// An answer as it came in.
pub struct TracedResponse<'a> {
    pub version: Version,
    pub status: u16,
    pub headers: &'a HeaderMap,
    /// The body's first bytes, at most [`Trace::body_limit`].
    pub body: &'a [u8],
    /// The whole body's length.
    pub body_len: u64,
}

/// Numbers the exchanges of the process, for [`Trace`].
static EXCHANGES: AtomicU64 = AtomicU64::new(1);

/// The certificates of a PEM file (one or more `BEGIN CERTIFICATE` blocks), each checked
/// to be usable as a trust anchor; the message names the file.
pub fn load_ca_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let shown = path.display();
    let pem = std::fs::read(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{shown} is not valid PEM: {e}"))?;
    if certs.is_empty() {
        return Err(format!(
            "{shown} holds no certificate: it should hold PEM blocks that start with \
             -----BEGIN CERTIFICATE-----"
        ));
    }
    let mut roots = rustls::RootCertStore::empty();
    for (index, cert) in certs.iter().enumerate() {
        roots.add(cert.clone()).map_err(|e| {
            format!(
                "{shown}: certificate {} of {} is not usable: {e}",
                index + 1,
                certs.len()
            )
        })?;
    }
    Ok(certs)
}

/// `x-roomz-signature` as `X-Roomz-Signature`: how this client writes header names on the
/// wire (hyper's `title_case_headers`), and how printers show them.
pub fn title_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        out.push(if upper { c.to_ascii_uppercase() } else { c });
        upper = c == '-';
    }
    out
}

/// An answer: status, headers, and the body up to the caller's limit (the rest is read
/// and dropped, so that the connection can be used again).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    /// A header's value as text, when it is there.
    pub fn header(&self, name: HeaderName) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    }
}

/// Why a request got no answer.
#[derive(Debug)]
pub struct HttpError {
    pub kind: ErrorKind,
    source: Box<dyn std::error::Error + Send + Sync>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// No connection: refused, DNS, TLS handshake.
    Connect,
    /// No complete answer in time.
    Timeout,
    /// The connection broke while the request or the answer was on it.
    Request,
    /// A redirect to another origin, not followed (`follow_redirects` only).
    Redirect,
    /// The TLS handshake failed on the server's certificate: an unknown issuer (self-signed,
    /// a private CA), another name, expired.
    Certificate,
}

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&describe_error(self))
    }
}

impl std::error::Error for HttpError {}

impl HttpError {
    fn new(kind: ErrorKind, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        HttpError {
            kind,
            source: source.into(),
        }
    }
}

/// A client: cheap to clone, all clones share the kept-alive connections.
#[derive(Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

struct Inner {
    options: ClientOptions,
    /// Made at the first https request.
    tls: OnceLock<Arc<rustls::ClientConfig>>,
    /// Idle kept-alive connections, each with the `host:port` it goes to.
    idle: Mutex<Vec<(String, SendRequest<Full<Bytes>>)>>,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("options", &self.inner.options)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    /// A client with no connection yet: they are opened at the first request, and the TLS
    /// set-up at the first https one.
    pub fn new(options: ClientOptions) -> HttpClient {
        HttpClient {
            inner: Arc::new(Inner {
                options,
                tls: OnceLock::new(),
                idle: Mutex::new(Vec::new()),
            }),
        }
    }

    /// Sends one request and reads its answer, keeping at most `keep` bytes of its body.
    /// `headers` are sent as given, after `Host` and before the defaults they do not set
    /// (`User-Agent`, and `Authorization` from the URL's user info).
    pub async fn send(
        &self,
        method: Method,
        url: &Url,
        headers: &[(HeaderName, HeaderValue)],
        body: Bytes,
        keep: usize,
    ) -> Result<Answer, HttpError> {
        let exchange = self.follow(method, url, headers, body, keep);
        match self.inner.options.timeout {
            None => exchange.await,
            Some(limit) => tokio::time::timeout(limit, exchange)
                .await
                .unwrap_or_else(|_| Err(HttpError::new(ErrorKind::Timeout, "no answer in time"))),
        }
    }

    async fn follow(
        &self,
        method: Method,
        url: &Url,
        headers: &[(HeaderName, HeaderValue)],
        body: Bytes,
        keep: usize,
    ) -> Result<Answer, HttpError> {
        let mut url = url.clone();
        let mut hops = 0;
        loop {
            let answer = self.exchange(&method, &url, headers, &body, keep).await?;
            let redirect = matches!(answer.status, 301 | 302 | 303 | 307 | 308);
            let next = answer
                .header(LOCATION)
                .and_then(|l| resolve_location(&url, &l));
            match next {
                Some(next) if redirect && self.inner.options.follow_redirects && hops < 10 => {
                    if !same_origin(&url, &next) {
                        return Err(HttpError::new(
                            ErrorKind::Redirect,
                            format!(
                                "answered {} with a redirect to {}, another origin: not followed, \
                                 so that the request's credentials do not go there (point the \
                                 URL there if you trust it)",
                                answer.status,
                                display_url(&next)
                            ),
                        ));
                    }
                    url = next;
                    hops += 1;
                }
                _ => return Ok(answer),
            }
        }
    }

    /// One request on a kept-alive connection, or on a new one: on the wire at most once
    /// (see the module's note for the one exception, an idempotent request). The trace,
    /// if any, hears of it under a number of its own.
    async fn exchange(
        &self,
        method: &Method,
        url: &Url,
        headers: &[(HeaderName, HeaderValue)],
        body: &Bytes,
        keep: usize,
    ) -> Result<Answer, HttpError> {
        let Some(trace) = self.inner.options.transport.trace.as_deref() else {
            return self
                .exchange_traced(method, url, headers, body, keep, None)
                .await;
        };
        let number = EXCHANGES.fetch_add(1, Ordering::Relaxed);
        let mut waiting = Unanswered {
            trace,
            number,
            method,
            url,
            settled: false,
        };
        let result = self
            .exchange_traced(method, url, headers, body, keep, Some((trace, number)))
            .await;
        waiting.settled = true;
        if let Err(error) = &result {
            trace.failed(number, method, url, error);
        }
        result
    }

    async fn exchange_traced(
        &self,
        method: &Method,
        url: &Url,
        headers: &[(HeaderName, HeaderValue)],
        body: &Bytes,
        keep: usize,
        trace: Option<(&dyn Trace, u64)>,
    ) -> Result<Answer, HttpError> {
        let authority = authority(url);
        let mut request = build_request(method, url, headers, body.clone())?;
        // Told once per time the request goes on the wire: not again for a request hyper
        // handed back unwritten.
        let mut told = false;
        let tell = |told: &mut bool, request: &Request<Full<Bytes>>| {
            if let (Some((trace, number)), false) = (trace, *told) {
                trace.request(
                    number,
                    &TracedRequest {
                        method,
                        url,
                        headers: request.headers(),
                        body,
                    },
                );
                *told = true;
            }
        };

        // A kept-alive connection first, if one is idle; when it turns out closed before
        // anything of the request was written, a new connection.
        if let Some(mut sender) = self.take_idle(&authority) {
            if sender.ready().await.is_ok() {
                tell(&mut told, &request);
                match sender.try_send_request(request).await {
                    Ok(response) => {
                        return self.finish(authority, sender, response, keep, trace).await
                    }
                    Err(mut error) => match error.take_message() {
                        Some(unsent) => request = unsent,
                        // Written, maybe read, never answered: for a GET the server most
                        // likely closed the idle connection as we wrote (no answer was
                        // started, and a GET changes nothing), so once more, on a new
                        // connection. Anything else was an attempt: its caller decides.
                        None if is_idempotent(method) => {
                            request = build_request(method, url, headers, body.clone())?;
                            told = false;
                        }
                        None => return Err(HttpError::new(ErrorKind::Request, error.into_error())),
                    },
                }
            }
        }
        let mut sender = self.connect(url).await?;
        sender
            .ready()
            .await
            .map_err(|e| HttpError::new(ErrorKind::Request, e))?;
        tell(&mut told, &request);
        match sender.send_request(request).await {
            Ok(response) => self.finish(authority, sender, response, keep, trace).await,
            Err(error) => Err(HttpError::new(ErrorKind::Request, error)),
        }
    }

    /// Reads the answer, then keeps the connection for the next request if it stays open.
    async fn finish(
        &self,
        authority: String,
        sender: SendRequest<Full<Bytes>>,
        response: hyper::Response<hyper::body::Incoming>,
        keep: usize,
        trace: Option<(&dyn Trace, u64)>,
    ) -> Result<Answer, HttpError> {
        let version = response.version();
        let shown = trace.map_or(0, |(trace, _)| trace.body_limit());
        let (mut answer, body_len) = read_answer(response, keep.max(shown)).await?;
        if let Some((trace, number)) = trace {
            trace.response(
                number,
                &TracedResponse {
                    version,
                    status: answer.status,
                    headers: &answer.headers,
                    body: &answer.body[..answer.body.len().min(shown)],
                    body_len,
                },
            );
            answer.body.truncate(keep);
        }
        if !sender.is_closed() {
            self.put_idle(authority, sender);
        }
        Ok(answer)
    }

    fn take_idle(&self, authority: &str) -> Option<SendRequest<Full<Bytes>>> {
        let mut idle = self.inner.idle.lock().expect("the idle list");
        let index = idle.iter().rposition(|(a, _)| a == authority)?;
        Some(idle.swap_remove(index).1)
    }

    fn put_idle(&self, authority: String, sender: SendRequest<Full<Bytes>>) {
        let mut idle = self.inner.idle.lock().expect("the idle list");
        if idle.len() < self.inner.options.idle_per_host.max(1) {
            idle.push((authority, sender));
        }
    }

    async fn connect(&self, url: &Url) -> Result<SendRequest<Full<Bytes>>, HttpError> {
        let host = url.host_str().unwrap_or_default();
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let port = url.port_or_known_default().unwrap_or(80);
        let tcp = tokio::net::TcpStream::connect((host, port))
            .await
            .map_err(connect_error)?;
        let _ = tcp.set_nodelay(true);
        let mut builder = http1::Builder::new();
        // Headers go out as ROOMZ's documents spell them (`Roomz-Signature`), not in
        // lower case: receivers should not care, but hand-written ones do.
        builder.title_case_headers(true);
        if url.scheme() != "https" {
            let (sender, connection) = builder
                .handshake(TokioIo::new(tcp))
                .await
                .map_err(connect_error)?;
            tokio::spawn(connection);
            return Ok(sender);
        }
        let name =
            rustls::pki_types::ServerName::try_from(host.to_string()).map_err(connect_error)?;
        let tls = tokio_rustls::TlsConnector::from(self.tls_config())
            .connect(name, tcp)
            .await
            .map_err(|error| match certificate_problem(&error) {
                true => HttpError::new(ErrorKind::Certificate, error),
                false => connect_error(error),
            })?;
        let (sender, connection) = builder
            .handshake(TokioIo::new(tls))
            .await
            .map_err(connect_error)?;
        tokio::spawn(connection);
        Ok(sender)
    }

    fn tls_config(&self) -> Arc<rustls::ClientConfig> {
        let transport = &self.inner.options.transport;
        self.inner
            .tls
            .get_or_init(|| Arc::new(tls_config(transport.insecure, &transport.ca_certs)))
            .clone()
    }
}

/// A traced exchange in progress: dropped before it settled, its caller stopped waiting
/// (its own timeout, as replay times each attempt), and the trace hears so.
struct Unanswered<'a> {
    trace: &'a dyn Trace,
    number: u64,
    method: &'a Method,
    url: &'a Url,
    settled: bool,
}

impl Drop for Unanswered<'_> {
    fn drop(&mut self) {
        if !self.settled {
            let error = HttpError::new(ErrorKind::Timeout, "no answer in time");
            self.trace
                .failed(self.number, self.method, self.url, &error);
        }
    }
}

/// GET and HEAD: sending one twice changes nothing on the server (RFC 9110, 9.2.2).
fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD)
}

/// The same scheme, host and port: where a redirect may take a request's credentials
/// (signature headers, the API token, Basic auth from the URL).
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.origin() == b.origin()
}

fn connect_error(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> HttpError {
    HttpError::new(ErrorKind::Connect, error)
}

/// Whether a failed TLS handshake failed on the server's certificate (tokio-rustls hands
/// rustls' error back inside the `io::Error`).
fn certificate_problem(error: &std::io::Error) -> bool {
    rustls_error(error).is_some_and(|e| matches!(e, rustls::Error::InvalidCertificate(_)))
}

fn rustls_error(error: &std::io::Error) -> Option<&rustls::Error> {
    error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
}

/// Whether a rejected certificate is for another host name than the URL's: trusting its
/// issuer would not help.
fn for_another_name(error: &HttpError) -> bool {
    use rustls::CertificateError::{NotValidForName, NotValidForNameContext};
    error
        .source
        .downcast_ref::<std::io::Error>()
        .and_then(rustls_error)
        .is_some_and(|e| {
            matches!(
                e,
                rustls::Error::InvalidCertificate(NotValidForName | NotValidForNameContext { .. })
            )
        })
}

fn build_request(
    method: &Method,
    url: &Url,
    headers: &[(HeaderName, HeaderValue)],
    body: Bytes,
) -> Result<Request<Full<Bytes>>, HttpError> {
    let target = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    };
    let host = match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_string(),
        (None, _) => String::new(),
    };
    let mut request = Request::builder()
        .method(method.clone())
        .uri(target)
        .body(Full::new(body))
        .map_err(|e| HttpError::new(ErrorKind::Request, e))?;
    let map = request.headers_mut();
    map.insert(
        HOST,
        HeaderValue::from_str(&host).map_err(|e| HttpError::new(ErrorKind::Request, e))?,
    );
    for (name, value) in headers {
        map.append(name.clone(), value.clone());
    }
    if !map.contains_key(USER_AGENT) {
        map.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
    }
    if !url.username().is_empty() && !map.contains_key(AUTHORIZATION) {
        let user = percent_encoding::percent_decode_str(url.username()).decode_utf8_lossy();
        let password = url.password().map(|p| {
            percent_encoding::percent_decode_str(p)
                .decode_utf8_lossy()
                .into_owned()
        });
        let pair = format!("{user}:{}", password.unwrap_or_default());
        let basic = base64::engine::general_purpose::STANDARD.encode(pair);
        let mut value = HeaderValue::from_str(&format!("Basic {basic}"))
            .map_err(|e| HttpError::new(ErrorKind::Request, e))?;
        value.set_sensitive(true);
        map.insert(AUTHORIZATION, value);
    }
    Ok(request)
}

/// The answer with at most `keep` bytes of its body, and the whole body's length.
async fn read_answer(
    response: hyper::Response<hyper::body::Incoming>,
    keep: usize,
) -> Result<(Answer, u64), HttpError> {
    let (parts, mut body) = response.into_parts();
    let mut kept = Vec::new();
    let mut length = 0u64;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| HttpError::new(ErrorKind::Request, e))?;
        if let Ok(data) = frame.into_data() {
            length += data.len() as u64;
            let room = keep.saturating_sub(kept.len());
            kept.extend_from_slice(&data[..data.len().min(room)]);
        }
    }
    let answer = Answer {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body: Bytes::from(kept),
    };
    Ok((answer, length))
}

/// The TLS set-up of every https request: the web's roots (webpki-roots) and `extra`
/// (`--ca-cert`), or with `insecure` no certificate check at all (a self-signed local
/// listener).
fn tls_config(insecure: bool, extra: &[CertificateDer<'static>]) -> rustls::ClientConfig {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .expect("ring supports the default TLS versions");
    let mut config = if insecure {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider)))
            .with_no_client_auth()
    } else {
        let mut roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        // Each was checked by `load_ca_certs`.
        roots.add_parsable_certificates(extra.iter().cloned());
        builder.with_root_certificates(roots).with_no_client_auth()
    };
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    config
}

/// `--insecure`: any certificate is accepted; signatures over the handshake are still
/// checked, so the connection is at least to whoever holds the certificate's key.
#[derive(Debug)]
struct AnyCertificate(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
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

/// How [`describe_error`] starts for [`ErrorKind::Certificate`]...
pub const CERTIFICATE_REJECTED: &str = "TLS certificate rejected";

/// ... and for one that names another host than the URL's.
pub const CERTIFICATE_FOR_ANOTHER_NAME: &str = "TLS certificate for another name";

/// What to do about a rejected certificate, for a command that has both flags.
pub const CERTIFICATE_HINT: &str =
    "pass --ca-cert FILE to trust the server's certificate (FILE: its PEM, or the PEM of \
     the CA that issued it), or --insecure to accept any certificate";

/// What to do about a certificate for another host name: trusting it would not help.
pub const NAME_HINT: &str = "name a host the certificate is for in the URL (the message says \
     which), or pass --insecure to accept any certificate";

/// [`CERTIFICATE_HINT`] or [`NAME_HINT`] when `description` (a [`describe_error`], maybe
/// inside a longer message) is of a rejected certificate.
pub fn certificate_hint(description: &str) -> Option<&'static str> {
    if description.contains(CERTIFICATE_FOR_ANOTHER_NAME) {
        Some(NAME_HINT)
    } else {
        description
            .contains(CERTIFICATE_REJECTED)
            .then_some(CERTIFICATE_HINT)
    }
}

/// A failed request in a few words, what a user needs in a one-line report: what failed
/// (connect, timeout, request) and the root cause.
pub fn describe_error(error: &HttpError) -> String {
    let what = match error.kind {
        ErrorKind::Connect => "connection failed",
        ErrorKind::Timeout => "timed out",
        ErrorKind::Request => "request failed",
        ErrorKind::Redirect => "redirect refused",
        ErrorKind::Certificate if for_another_name(error) => CERTIFICATE_FOR_ANOTHER_NAME,
        ErrorKind::Certificate => CERTIFICATE_REJECTED,
    };
    let mut root: &(dyn std::error::Error + 'static) = &*error.source;
    while let Some(inner) = root.source() {
        root = inner;
    }
    format!("{what}: {root}")
}

/// "Not Found" for 404: the canonical reason, or "" for a code without one.
pub fn status_text(status: u16) -> &'static str {
    hyper::StatusCode::from_u16(status)
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
    fn user_info_is_never_shown_and_becomes_basic_auth() {
        let url = parse_url("http://user:pa%20ss@127.0.0.1:9/hook?a=1").unwrap();
        assert_eq!(display_url(&url), "http://127.0.0.1:9/hook?a=1");
        let error = parse_url("ftp://user:pass@h/x").unwrap_err();
        assert!(
            error.contains("ftp://***@h/x") && !error.contains("pass"),
            "{error}"
        );
        assert_eq!(authority(&url), "127.0.0.1:9");
        assert_eq!(authority(&parse_url("https://h/x").unwrap()), "h:443");
        let request = build_request(&Method::POST, &url, &[], Bytes::new()).unwrap();
        assert_eq!(request.uri(), "/hook?a=1");
        assert_eq!(request.headers()[HOST], "127.0.0.1:9");
        // base64("user:pa ss")
        assert_eq!(request.headers()[AUTHORIZATION], "Basic dXNlcjpwYSBzcw==");
        assert_eq!(request.headers()[USER_AGENT], USER_AGENT_VALUE);
    }

    /// What a test server does after reading a whole request.
    #[derive(Clone, Copy)]
    enum Then {
        /// Answer 200 and keep the connection.
        Answer,
        /// Answer 200, then close the connection without saying so (an idle timeout).
        AnswerAndClose,
        /// Close without answering.
        Drop,
    }

    /// A raw HTTP/1.1 server on 127.0.0.1:0: `plan(n)` says what to do with the n-th
    /// request of each connection (from 0). Returns its base URL and the count of whole
    /// requests it read, with their request lines.
    async fn server(plan: fn(usize) -> Then) -> (String, Arc<Mutex<Vec<String>>>) {
        use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                let log = log.clone();
                tokio::spawn(async move {
                    let mut stream = BufReader::new(stream);
                    for n in 0.. {
                        let (mut first, mut length) = (String::new(), 0);
                        loop {
                            let mut line = String::new();
                            if stream.read_line(&mut line).await.unwrap_or(0) == 0 {
                                return;
                            }
                            if line == "\r\n" {
                                break;
                            }
                            if first.is_empty() {
                                first = line.trim().to_string();
                            }
                            if let Some((name, value)) = line.split_once(':') {
                                if name.eq_ignore_ascii_case("content-length") {
                                    length = value.trim().parse().unwrap();
                                }
                            }
                        }
                        let mut body = vec![0; length];
                        stream.read_exact(&mut body).await.unwrap();
                        log.lock().unwrap().push(first);
                        let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
                        match plan(n) {
                            Then::Answer => stream.write_all(answer).await.unwrap(),
                            Then::AnswerAndClose => {
                                stream.write_all(answer).await.unwrap();
                                return;
                            }
                            Then::Drop => return,
                        }
                    }
                });
            }
        });
        (base, seen)
    }

    fn client() -> HttpClient {
        HttpClient::new(ClientOptions::default())
    }

    async fn send(client: &HttpClient, method: Method, url: &str) -> Result<Answer, HttpError> {
        let url = parse_url(url).unwrap();
        let body = if method == Method::POST {
            Bytes::from_static(b"{}")
        } else {
            Bytes::new()
        };
        client.send(method, &url, &[], body, 64).await
    }

    #[tokio::test]
    async fn a_get_dropped_on_a_reused_connection_is_tried_once_more_on_a_new_one() {
        // Each connection answers one request, then reads the next and closes unanswered.
        let (base, seen) = server(|n| if n == 0 { Then::Answer } else { Then::Drop }).await;
        let client = client();
        let url = format!("{base}/a");
        assert_eq!(send(&client, Method::GET, &url).await.unwrap().status, 200);
        let again = send(&client, Method::GET, &url).await.unwrap();
        assert_eq!((again.status, &again.body[..]), (200, &b"ok"[..]));
        assert_eq!(
            seen.lock().unwrap().len(),
            3,
            "the second GET went out twice"
        );
    }

    #[tokio::test]
    async fn a_post_dropped_on_a_reused_connection_is_never_sent_again() {
        let (base, seen) = server(|n| if n == 0 { Then::Answer } else { Then::Drop }).await;
        let client = client();
        let url = format!("{base}/hook");
        assert_eq!(send(&client, Method::POST, &url).await.unwrap().status, 200);
        let error = send(&client, Method::POST, &url).await.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Request, "{error}");
        assert_eq!(seen.lock().unwrap().len(), 2, "the POST went out once");
    }

    #[tokio::test]
    async fn gets_survive_a_server_that_closes_idle_kept_alive_connections() {
        let (base, seen) = server(|_| Then::AnswerAndClose).await;
        let client = client();
        let url = format!("{base}/status");
        for _ in 0..20 {
            assert_eq!(send(&client, Method::GET, &url).await.unwrap().status, 200);
        }
        assert!(seen.lock().unwrap().len() >= 20);
    }

    #[tokio::test]
    async fn a_redirect_to_another_origin_is_refused_and_named() {
        let (other, other_seen) = server(|_| Then::Answer).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let target = format!("{other}/elsewhere");
        let same = format!("{base}/moved");
        tokio::spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            loop {
                let (mut stream, _) = listener.accept().await.unwrap();
                let (target, same) = (target.clone(), same.clone());
                tokio::spawn(async move {
                    let mut buffer = [0u8; 4096];
                    let n = stream.read(&mut buffer).await.unwrap();
                    let head = String::from_utf8_lossy(&buffer[..n]).into_owned();
                    let answer = if head.starts_with("GET /moved ") {
                        "HTTP/1.1 200 OK\r\ncontent-length: 4\r\nconnection: close\r\n\r\nhere"
                            .to_string()
                    } else {
                        let location = if head.starts_with("GET /away ") {
                            &target
                        } else {
                            &same
                        };
                        format!("HTTP/1.1 302 Found\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                    };
                    stream.write_all(answer.as_bytes()).await.unwrap();
                });
            }
        });
        let client = HttpClient::new(ClientOptions {
            follow_redirects: true,
            ..ClientOptions::default()
        });
        let here = send(&client, Method::GET, &format!("{base}/near"))
            .await
            .unwrap();
        assert_eq!(
            &here.body[..],
            b"here",
            "a same-origin redirect is followed"
        );
        let error = send(&client, Method::GET, &format!("{base}/away"))
            .await
            .unwrap_err();
        assert_eq!(error.kind, ErrorKind::Redirect);
        let message = error.to_string();
        assert!(
            message.starts_with("redirect refused: answered 302 with a redirect to ")
                && message.contains(&format!("{other}/elsewhere"))
                && message.contains("another origin"),
            "{message}"
        );
        assert!(other_seen.lock().unwrap().is_empty(), "nothing went there");
        // A webhook sender does not follow at all: the 302 is its answer.
        let answer = send(&client_no_follow(), Method::GET, &format!("{base}/away"))
            .await
            .unwrap();
        assert_eq!(answer.status, 302);
    }

    /// Counts what a trace hears: requests, answers, failures.
    #[derive(Default)]
    struct Counting(Mutex<(usize, usize, usize)>);

    impl Trace for Counting {
        fn body_limit(&self) -> usize {
            0
        }
        fn request(&self, _: u64, _: &TracedRequest<'_>) {
            self.0.lock().unwrap().0 += 1;
        }
        fn response(&self, _: u64, _: &TracedResponse<'_>) {
            self.0.lock().unwrap().1 += 1;
        }
        fn failed(&self, _: u64, _: &Method, _: &Url, _: &HttpError) {
            self.0.lock().unwrap().2 += 1;
        }
    }

    #[tokio::test]
    async fn the_trace_hears_of_each_request_the_server_reads_and_no_other() {
        let (base, seen) = server(|n| if n == 0 { Then::Answer } else { Then::Drop }).await;
        let counts = Arc::new(Counting::default());
        let client = HttpClient::new(ClientOptions {
            transport: Transport {
                trace: Some(counts.clone()),
                ..Transport::default()
            },
            ..ClientOptions::default()
        });
        let url = format!("{base}/a");
        send(&client, Method::GET, &url).await.unwrap();
        // Dropped on the kept-alive connection, then sent again on a new one.
        send(&client, Method::GET, &url).await.unwrap();
        // Dropped on the kept-alive connection: an attempt, not sent again.
        send(&client, Method::POST, &url).await.unwrap_err();
        assert_eq!(seen.lock().unwrap().len(), 4);
        assert_eq!(
            *counts.0.lock().unwrap(),
            (4, 2, 1),
            "(requests, answers, failures)"
        );
    }

    fn client_no_follow() -> HttpClient {
        HttpClient::new(ClientOptions::default())
    }

    #[test]
    fn status_reasons() {
        assert_eq!(status_text(404), "Not Found");
        assert_eq!(status_text(599), "");
    }
}
