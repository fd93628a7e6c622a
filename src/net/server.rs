//! HTTP/1.1 serving plumbing shared by the listener (and later the simulator): binding,
//! optional TLS (rustls), a header-read timeout against slow clients, and a graceful stop
//! that lets in-flight requests finish.

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::{self, PemObject};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

/// How long a TLS handshake may take.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("cannot read {path}: {source}")]
    ReadPem {
        path: String,
        source: std::io::Error,
    },
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
        .map_err(|source| ServerError::Bind { addr, source })
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
        std::fs::read(path).map_err(|source| ServerError::ReadPem {
            path: path.display().to_string(),
            source,
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
/// that is not HTTP, a client too slow to send its headers, a failed TLS handshake.
#[derive(Debug)]
pub struct ConnectionProblem {
    pub peer: SocketAddr,
    pub message: String,
}

/// Serves HTTP/1.1 on `listener` until `shutdown` resolves, then stops accepting and waits
/// up to `grace` for in-flight requests. `handler` answers each request;
/// `on_problem` hears about connections that failed.
pub async fn serve<H, F, B>(
    listener: TcpListener,
    tls: Option<Arc<rustls::ServerConfig>>,
    header_read_timeout: Duration,
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
    let on_problem = Arc::new(on_problem);
    let acceptor = tls.map(TlsAcceptor::from);
    let graceful = GracefulShutdown::new();
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
        let handler = handler.clone();
        let on_problem = on_problem.clone();
        let service = hyper::service::service_fn(move |request| {
            let handler = handler.clone();
            async move { Ok::<_, Infallible>(handler(peer, request).await) }
        });
        let watcher = graceful.watcher();
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let builder = http1_builder(header_read_timeout);
            let result = match acceptor {
                None => {
                    watcher
                        .watch(builder.serve_connection(TokioIo::new(stream), service))
                        .await
                }
                Some(acceptor) => {
                    let handshake =
                        tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await;
                    match handshake {
                        Ok(Ok(tls)) => {
                            watcher
                                .watch(builder.serve_connection(TokioIo::new(tls), service))
                                .await
                        }
                        Ok(Err(e)) => {
                            on_problem(ConnectionProblem {
                                peer,
                                message: format!("TLS handshake failed: {e}"),
                            });
                            return;
                        }
                        Err(_) => {
                            on_problem(ConnectionProblem {
                                peer,
                                message: "TLS handshake timed out".into(),
                            });
                            return;
                        }
                    }
                }
            };
            if let Err(error) = result {
                if let Some(message) = describe_connection_error(&error, header_read_timeout) {
                    on_problem(ConnectionProblem { peer, message });
                }
            }
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(grace, graceful.shutdown()).await;
}

fn http1_builder(header_read_timeout: Duration) -> hyper::server::conn::http1::Builder {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout)
        .keep_alive(true);
    builder
}

/// A short explanation of why a connection failed, or None for the ordinary ends of a
/// connection (the client closed it between requests).
fn describe_connection_error(
    error: &hyper::Error,
    header_read_timeout: Duration,
) -> Option<String> {
    if error.is_parse() || error.is_parse_too_large() {
        Some(format!(
            "not a valid HTTP/1.1 request ({error}); answered 400 and closed"
        ))
    } else if error.is_timeout() {
        Some(format!(
            "client sent no complete request headers within {}; closed",
            crate::core::units::format_duration(header_read_timeout)
        ))
    } else if error.is_incomplete_message() {
        Some("client closed the connection in the middle of a request".into())
    } else {
        None
    }
}

/// Resolves when the process receives SIGTERM (never, where there is no such signal).
#[cfg(unix)]
pub async fn terminated() {
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(mut signal) => {
            signal.recv().await;
        }
        Err(_) => std::future::pending().await,
    }
}

#[cfg(not(unix))]
pub async fn terminated() {
    std::future::pending().await
}
