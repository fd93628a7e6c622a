//! A scripted receiver for `replay` and `trigger` tests: a real hyper server on
//! 127.0.0.1:0, in its own thread, that records every request (with the time it arrived)
//! and answers from a script, then with a default answer.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// One answer the sink gives.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: format!("{{\"answer\":{status}}}"),
            delay: Duration::ZERO,
        }
    }

    /// The same status with this body instead of the default JSON one.
    pub fn body(mut self, body: &str) -> Reply {
        self.body = body.to_string();
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// A request as the sink received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("the sink received JSON")
    }
}

struct State {
    script: VecDeque<Reply>,
    default: Reply,
    received: Vec<Received>,
}

/// The sink's state, and a Condvar notified after each request is recorded.
type Shared = Arc<(Mutex<State>, Condvar)>;

pub struct Sink {
    /// `http://127.0.0.1:PORT/webhook`
    pub url: String,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    state: Shared,
}

impl Sink {
    /// A sink that answers 200 to everything.
    pub fn ok() -> Sink {
        Sink::scripted(Vec::new(), Reply::status(200))
    }

    /// A sink that answers `script` in order (whatever the path), then `default`.
    pub fn scripted(script: Vec<Reply>, default: Reply) -> Sink {
        let state: Shared = Arc::new((
            Mutex::new(State {
                script: script.into(),
                default,
                received: Vec::new(),
            }),
            Condvar::new(),
        ));
        let shared = state.clone();
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                addr_tx.send(listener.local_addr().unwrap()).unwrap();
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let state = shared.clone();
                    tokio::spawn(async move {
                        let service = service_fn(move |request: Request<hyper::body::Incoming>| {
                            let state = state.clone();
                            async move { Ok::<_, Infallible>(answer(&state, request).await) }
                        });
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            });
        });
        let addr = addr_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the sink started");
        Sink {
            url: format!("http://{addr}/webhook"),
            base: format!("http://{addr}"),
            state,
        }
    }

    /// Waits (up to 20 s) until `count` requests arrived, and returns them all (fewer if
    /// the 20 s passed: the caller's assertion then says what is missing).
    pub fn wait_for(&self, count: usize) -> Vec<Received> {
        let (state, arrived) = &*self.state;
        let state = state.lock().unwrap();
        let (state, _) = arrived
            .wait_timeout_while(state, Duration::from_secs(20), |s| s.received.len() < count)
            .unwrap();
        state.received.clone()
    }

    /// Every request received so far, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        self.state.0.lock().unwrap().received.clone()
    }
}

async fn answer(
    shared: &(Mutex<State>, Condvar),
    request: Request<hyper::body::Incoming>,
) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    let headers = parts
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let (state, arrived) = shared;
    let reply = {
        let mut state = state.lock().unwrap();
        state.received.push(Received {
            method: parts.method.to_string(),
            path: parts.uri.path().to_string(),
            headers,
            body,
            at: Instant::now(),
        });
        let default = state.default.clone();
        state.script.pop_front().unwrap_or(default)
    };
    arrived.notify_all();
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut response = Response::new(Full::new(Bytes::from(reply.body)));
    *response.status_mut() = StatusCode::from_u16(reply.status).unwrap();
    for (name, value) in &reply.headers {
        response.headers_mut().insert(
            hyper::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
    }
    response
}

/// A URL on 127.0.0.1 where nothing listens: the port was bound, then let go.
pub fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/webhook")
}
