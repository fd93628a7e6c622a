//! HTTP/1.1 serving plumbing shared by the listener and the simulator: binding, optional
//! TLS (rustls), a header timeout against slow clients and a longer idle timeout for
//! kept-alive connections, messages that say what a failed client got, and a graceful
//! stop that lets in-flight requests finish.

use crate::core::units::format_duration;
use bytes::Bytes;
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::{self, PemObject};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

/// How long a TLS handshake may take.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    // The causes are in the messages, not `#[source]`s: the error printer shows a chain,
    // and a cause in both would be printed twice.
    #[error("cannot listen on {addr}: {error}")]
    Bind { addr: String, error: std::io::Error },
    #[error("cannot listen on {addr}: the address is in use (another listen, or another program, has port {port}): stop it, or pass --port 0 to pick a free port")]
    InUse { addr: String, port: u16 },
    #[error("cannot read {path}: {error}")]
    ReadPem { path: String, error: std::io::Error },
    #[error("{path} holds no {what} in PEM form")]
    NoPem { path: String, what: &'static str },
    #[error("TLS setup failed: {0}")]
    Tls(String),
}

/// Binds a TCP listener; port 0 picks a free port (see `local_addr`).
pub async fn bind(host: &str, port: u16) -> Result<TcpListener, ServerError> {
    let addr = format!("{host}:{port}");
    TcpListener::bind(&addr)
        .await
        .map_err(|error| match error.kind() {
            // Said once, with the fix: the OS's "Address already in use" would repeat it.
            std::io::ErrorKind::AddrInUse => ServerError::InUse { addr, port },
            _ => ServerError::Bind { addr, error },
        })
}

/// The TLS configuration `listen`'s flags ask for: a certificate made up for this run,
/// one from PEM files, or none (plain HTTP).
pub fn tls(
    cert: Option<&Path>,
    key: Option<&Path>,
    self_signed: bool,
) -> Result<Option<Arc<rustls::ServerConfig>>, ServerError> {
    match (cert, key) {
        _ if self_signed => tls_self_signed().map(Some),
        (Some(cert), Some(key)) => tls_from_pem(cert, key).map(Some),
        _ => Ok(None),
    }
}

/// A rustls server configuration from PEM files.
pub fn tls_from_pem(cert: &Path, key: &Path) -> Result<Arc<rustls::ServerConfig>, ServerError> {
    let read = |path: &Path| {
        std::fs::read(path).map_err(|error| ServerError::ReadPem {
            path: path.display().to_string(),
            error,
        })
    };
    let cert_pem = read(cert)?;
    let certs: Vec<_> = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<_, _>>()
        .map_err(|e| ServerError::Tls(format!("{}: {e}", cert.display())))?;
    if certs.is_empty() {
        return Err(ServerError::NoPem {
            path: cert.display().to_string(),
            what: "certificate",
        });
    }
    let key_pem = read(key)?;
    let key_der = match PrivateKeyDer::from_pem_slice(&key_pem) {
        Ok(key_der) => key_der,
        Err(pem::Error::NoItemsFound) => {
            return Err(ServerError::NoPem {
                path: key.display().to_string(),
                what: "private key",
            })
        }
        Err(e) => return Err(ServerError::Tls(format!("{}: {e}", key.display()))),
    };
    tls_config(certs, key_der)
}

/// A self-signed certificate for localhost and 127.0.0.1, made fresh for this run.
pub fn tls_self_signed() -> Result<Arc<rustls::ServerConfig>, ServerError> {
    let names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
    let certified =
        rcgen::generate_simple_self_signed(names).map_err(|e| ServerError::Tls(e.to_string()))?;
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(certified.key_pair.serialize_der().into());
    tls_config(vec![certified.cert.der().clone()], key)
}

fn tls_config(
    certs: Vec<rustls::pki_types::CertificateDer<'static>>,
    key: rustls::pki_types::PrivateKeyDer<'static>,
) -> Result<Arc<rustls::ServerConfig>, ServerError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ServerError::Tls(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| ServerError::Tls(e.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A connection that ended with an error before or while a request was served: garbage
/// that is not HTTP, a client too slow to send its headers, a failed TLS handshake; or,
/// `ordinary`, an end worth telling only at `-v` (an idle keep-alive connection closed).
#[derive(Debug)]
pub struct ConnectionProblem {
    pub peer: SocketAddr,
    pub message: String,
    pub ordinary: bool,
}

/// How long a connection may take over each part of its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// To send a request's headers, from the connection's start or from the first byte of
    /// a later request.
    pub header: Duration,
    /// To start another request on a kept-alive connection: much longer, and no error.
    pub idle: Duration,
}

impl Timeouts {
    /// The default idle timeout: what the usual HTTP clients keep a connection for (90 s
    /// for reqwest's and hyper-util's pools, 60 s for nginx's upstreams).
    pub const DEFAULT_IDLE: Duration = Duration::from_secs(90);
}

/// Where a connection is in its life, for the two timeouts. hyper's own header timeout
/// runs from the moment it starts to read a request head, so it cut idle keep-alive
/// connections off as "slow headers"; this tells the two apart.
#[derive(Debug, Clone, Copy)]
enum Phase {
    /// Reading a request head, since then.
    Head(Instant),
    /// A request is being answered: the handler's own timeouts apply.
    Serving,
    /// Answered; waiting for the next request since then.
    Idle(Instant),
}

/// What a connection's phase is, shared by its reader, its service and its watchdog.
#[derive(Debug)]
struct Activity(Mutex<Phase>);

impl Activity {
    fn set(&self, phase: Phase) {
        *self.0.lock().expect("activity lock") = phase;
    }

    /// Bytes arrived: on an idle connection, a new request head begins.
    fn bytes_read(&self) {
        let mut phase = self.0.lock().expect("activity lock");
        if let Phase::Idle(_) = *phase {
            *phase = Phase::Head(Instant::now());
        }
    }

    /// When the current phase runs out, and which timeout that is.
    fn deadline(&self, timeouts: Timeouts) -> Option<(Instant, Expiry)> {
        match *self.0.lock().expect("activity lock") {
            Phase::Head(since) => Some((since + timeouts.header, Expiry::Head)),
            Phase::Idle(since) => Some((since + timeouts.idle, Expiry::Idle)),
            Phase::Serving => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expiry {
    Head,
    Idle,
}

/// The connection's stream, telling [`Activity`] when bytes arrive.
struct Watched<S> {
    inner: S,
    activity: Arc<Activity>,
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.bytes_read();
        }
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// Serves HTTP/1.1 on `listener` until `shutdown` resolves, then stops accepting and waits
/// up to `grace` for in-flight requests. `handler` answers each request;
/// `on_problem` hears about connections that failed.
pub async fn serve<H, F, B>(
    listener: TcpListener,
    tls: Option<Arc<rustls::ServerConfig>>,
    timeouts: Timeouts,
    handler: H,
    on_problem: impl Fn(ConnectionProblem) + Send + Sync + 'static,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) where
    H: Fn(SocketAddr, Request<Incoming>) -> F + Send + Sync + 'static,
    F: Future<Output = Response<B>> + Send + 'static,
    B: hyper::body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let handler = Arc::new(handler);
    let on_problem: Arc<dyn Fn(ConnectionProblem) + Send + Sync> = Arc::new(on_problem);
    let acceptor = tls.map(TlsAcceptor::from);
    // Every connection holds a clone of `open`: when the last is gone, all have ended.
    let (open, mut all_closed) = tokio::sync::mpsc::channel::<()>(1);
    let (stopping, stop_watch) = tokio::sync::watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                // Out of file descriptors and the like: back off rather than spin.
                Err(_) => { tokio::time::sleep(Duration::from_millis(50)).await; continue; }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let connection = Connection {
            peer,
            timeouts,
            on_problem: on_problem.clone(),
            stop: stop_watch.clone(),
            _open: open.clone(),
        };
        let handler = handler.clone();
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            match acceptor {
                None => connection.serve(stream, handler).await,
                Some(acceptor) => {
                    let handshake =
                        tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await;
                    match handshake {
                        Ok(Ok(tls)) => connection.serve(tls, handler).await,
                        Ok(Err(e)) => connection.problem(format!("TLS handshake failed: {e}")),
                        Err(_) => connection.problem("TLS handshake timed out".into()),
                    }
                }
            }
        });
    }
    drop(listener);
    let _ = stopping.send(true);
    drop(open);
    let _ = tokio::time::timeout(grace, all_closed.recv()).await;
}

/// One accepted connection and what it needs to serve and report.
struct Connection {
    peer: SocketAddr,
    timeouts: Timeouts,
    on_problem: Arc<dyn Fn(ConnectionProblem) + Send + Sync>,
    /// Becomes true when the server stops: finish the request in flight, then close.
    stop: tokio::sync::watch::Receiver<bool>,
    _open: tokio::sync::mpsc::Sender<()>,
}

impl Connection {
    fn problem(&self, message: String) {
        (self.on_problem)(ConnectionProblem {
            peer: self.peer,
            message,
            ordinary: false,
        });
    }

    fn note(&self, message: String) {
        (self.on_problem)(ConnectionProblem {
            peer: self.peer,
            message,
            ordinary: true,
        });
    }

    /// Serves requests on `stream` until the client closes it, a timeout runs out, or the
    /// server stops; reports how it ended when that is worth telling.
    async fn serve<S, H, F, B>(mut self, stream: S, handler: Arc<H>)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
        H: Fn(SocketAddr, Request<Incoming>) -> F + Send + Sync + 'static,
        F: Future<Output = Response<B>> + Send + 'static,
        B: hyper::body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let activity = Arc::new(Activity(Mutex::new(Phase::Head(Instant::now()))));
        let peer = self.peer;
        let service_activity = activity.clone();
        let service = hyper::service::service_fn(move |request| {
            let (handler, activity) = (handler.clone(), service_activity.clone());
            activity.set(Phase::Serving);
            async move {
                let response = handler(peer, request).await;
                activity.set(Phase::Idle(Instant::now()));
                Ok::<_, Infallible>(response)
            }
        });
        let io = Watched {
            inner: stream,
            activity: activity.clone(),
        };
        let mut builder = hyper::server::conn::http1::Builder::new();
        // The timeouts are ours (see `Phase`); hyper's header timeout would fire on idle
        // connections too.
        builder.timer(TokioTimer::new()).keep_alive(true);
        builder.header_read_timeout(None);
        let conn = builder.serve_connection(TokioIo::new(io), service);
        tokio::pin!(conn);
        let mut closing = false;
        let result = loop {
            let deadline = activity.deadline(self.timeouts).filter(|_| !closing);
            let sleep = async {
                match deadline {
                    Some((at, _)) => tokio::time::sleep_until(at.into()).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                result = conn.as_mut() => break result,
                _ = self.stop.changed(), if !closing => {
                    conn.as_mut().graceful_shutdown();
                    closing = true;
                }
                _ = sleep => {
                    // The phase may have moved on while the timer ran: look again.
                    match activity.deadline(self.timeouts) {
                        Some((at, Expiry::Idle)) if at <= Instant::now() => {
                            self.note(format!(
                                "idle keep-alive connection closed after {} without a request",
                                format_duration(self.timeouts.idle)
                            ));
                            conn.as_mut().graceful_shutdown();
                            closing = true;
                        }
                        Some((at, Expiry::Head)) if at <= Instant::now() => {
                            self.problem(format!(
                                "client sent no complete request headers within {}; closed without an answer",
                                format_duration(self.timeouts.header)
                            ));
                            return;
                        }
                        _ => {}
                    }
                }
            }
        };
        if let Err(error) = result {
            if let Some(message) = describe_connection_error(&error) {
                self.problem(message);
            }
        }
    }
}

/// What the client got when its connection failed, or None for the ordinary ends of a
/// connection (the client closed it between requests). hyper's messages carry no cause
/// for these, so none is repeated.
fn describe_connection_error(error: &hyper::Error) -> Option<String> {
    if error.is_parse_version_h2() {
        Some(
            "client sent an HTTP/2 preface (HTTP/2 without TLS); this listener speaks \
             HTTP/1.1 only: closed without an answer"
                .into(),
        )
    } else if error.is_parse_too_large() {
        // hyper answers the two cases it groups here with different statuses.
        match error.to_string().contains("URI") {
            true => Some("request URI too long: answered 414 URI Too Long and closed".into()),
            false => Some(
                "request head too large: answered 431 Request Header Fields Too Large and closed"
                    .into(),
            ),
        }
    } else if error.is_parse() {
        Some(format!(
            "not a valid HTTP/1.1 request ({error}): answered 400 Bad Request and closed"
        ))
    } else if error.is_incomplete_message() {
        Some("client closed the connection in the middle of a request".into())
    } else {
        None
    }
}

/// Ctrl-C (SIGINT) and SIGTERM, caught from the moment [`StopSignals::catch`] returns: a
/// server registers them before it says it is listening, so that a signal that comes
/// right after that line still stops it through its summary, instead of killing the
/// process (tokio registers `ctrl_c()` only when first polled).
pub struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    /// Must be called inside the runtime.
    pub fn catch() -> std::io::Result<StopSignals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(StopSignals {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(StopSignals {})
    }

    /// Resolves at the first of the two signals (one caught before counts).
    pub async fn received(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = &mut self;
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
