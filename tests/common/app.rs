//! A stand-in for the developer's app: a real hyper server on 127.0.0.1:0, in its own
//! thread, that records every request it receives and answers a fixed status.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::sync::mpsc;
use std::time::Duration;

pub struct Received {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub struct App {
    pub url: String,
    requests: mpsc::Receiver<Received>,
}

impl App {
    /// Starts the app; it answers `status` to everything, on any path.
    pub fn start(status: u16) -> App {
        let (url_tx, url_rx) = mpsc::channel();
        let (req_tx, requests) = mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                let addr = listener.local_addr().unwrap();
                url_tx.send(format!("http://{addr}/hooks/roomz")).unwrap();
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let req_tx = req_tx.clone();
                    tokio::spawn(async move {
                        let service = service_fn(move |request: Request<hyper::body::Incoming>| {
                            let req_tx = req_tx.clone();
                            async move {
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
                                let _ = req_tx.send(Received {
                                    method: parts.method.to_string(),
                                    path: parts.uri.path().to_string(),
                                    headers,
                                    body,
                                });
                                let mut response =
                                    Response::new(Full::new(Bytes::from_static(b"{\"ok\":true}")));
                                *response.status_mut() = StatusCode::from_u16(status).unwrap();
                                Ok::<_, Infallible>(response)
                            }
                        });
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            });
        });
        App {
            url: url_rx
                .recv_timeout(Duration::from_secs(10))
                .expect("app started"),
            requests,
        }
    }

    /// The next request the app received.
    pub fn next_request(&self) -> Received {
        self.requests
            .recv_timeout(Duration::from_secs(20))
            .expect("the app received a request")
    }
}
