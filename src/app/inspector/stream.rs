//! `GET /_/api/stream`: Server-Sent Events, one `event: request` per answered request
//! (`data:` its record, the one JSON form of `core::record`).
//!
//! The listener's thread only queues the request (an `Arc`, when someone watches). A feed
//! thread of its own writes the text, a batch every [`FEED_INTERVAL`] (the JSON of a
//! record is the largest piece of per-request work after the store, and the serving
//! thread has better things to do: bench/listen.sh --viewer), and broadcasts each batch
//! once for every viewer. Each viewer's task hands batches to its connection; a viewer
//! that falls behind misses the oldest and gets `event: lagged` (the page then refetches
//! the list), so the listener never waits for a viewer.

use crate::core::record::Record;
use crate::store::NewRequest;
use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc as std_mpsc, Arc};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, watch};

/// A comment line this often keeps proxies and the browser from closing an idle stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// How long the feed thread lets requests gather into one batch: a viewer sees a request
/// at most this much later, and a busy listener wakes its viewers' tasks 500 times a
/// second rather than once per request.
const FEED_INTERVAL: Duration = Duration::from_millis(2);

/// The most text one batch carries: with the broadcast's 256 batches, what a viewer that
/// stopped reading can hold up is bounded (16 MiB).
const MAX_BATCH: usize = 64 * 1024;

/// What the feed thread turns into text, in order.
pub(super) enum Job {
    Request {
        seq: Option<i64>,
        request: Arc<NewRequest>,
    },
    /// An event already written as SSE text (`forwarded`, `fetched`, `resent`).
    Event(Bytes),
    /// The listener stops: what was queued goes out, then the streams end.
    Close,
}

/// How long viewers get to take the last batches when the listener stops, before their
/// streams are cut (one that stopped reading would otherwise hold the shutdown up).
const CLOSE_GRACE: Duration = Duration::from_millis(200);

/// The body of a stream answer: batches handed over by the viewer's task.
pub struct EventStream {
    chunks: mpsc::Receiver<Bytes>,
}

impl Body for EventStream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.get_mut()
            .chunks
            .poll_recv(cx)
            .map(|chunk| chunk.map(|bytes| Ok(Frame::data(bytes))))
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}

/// `event: NAME` and one `data:` line (JSON has no raw line break) as SSE text.
pub fn event(name: &str, data: &serde_json::Value) -> Bytes {
    Bytes::from(format!("event: {name}\ndata: {data}\n\n"))
}

/// The feed thread: until the inspector is gone, writes what was queued as SSE text and
/// broadcasts it, one batch per [`FEED_INTERVAL`] at most.
pub(super) fn run_feed(
    jobs: std_mpsc::Receiver<Job>,
    feed: broadcast::Sender<Bytes>,
    dropped: Arc<AtomicU64>,
    closing: Arc<watch::Sender<bool>>,
) {
    let mut line = Vec::new();
    while let Ok(first) = jobs.recv() {
        let mut text = Vec::with_capacity(16 * 1024);
        let mut next = Some(first);
        let mut close = false;
        while let Some(job) = next {
            match job {
                Job::Request { seq, request } => {
                    line.clear();
                    Record::from_new(seq, &request).write_line(&mut line);
                    text.extend_from_slice(b"event: request\ndata: ");
                    text.extend_from_slice(&line);
                    text.push(b'\n');
                }
                Job::Event(event) => text.extend_from_slice(&event),
                Job::Close => close = true,
            }
            next = match text.len() < MAX_BATCH && !close {
                true => jobs.try_recv().ok(),
                false => None,
            };
        }
        let missed = dropped.swap(0, Ordering::Relaxed);
        if missed > 0 {
            text.extend_from_slice(&event("lagged", &serde_json::json!({ "missed": missed })));
        }
        let full = text.len() >= MAX_BATCH;
        // No viewer left: the text goes nowhere, which is fine.
        if !text.is_empty() {
            let _ = feed.send(Bytes::from(text));
        }
        if close {
            // An empty batch ends each stream once the batches before it went out.
            let _ = feed.send(Bytes::new());
            std::thread::sleep(CLOSE_GRACE);
            closing.send_replace(true);
        } else if !full {
            std::thread::sleep(FEED_INTERVAL);
        }
    }
}

/// Starts a viewer's task and returns the body it feeds.
pub(super) fn subscribe(
    feed: broadcast::Receiver<Bytes>,
    closing: watch::Receiver<bool>,
) -> EventStream {
    let (sender, chunks) = mpsc::channel(4);
    tokio::spawn(relay(feed, closing, sender));
    EventStream { chunks }
}

/// Hands the batches to one viewer until the viewer goes away or the listener stops.
async fn relay(
    mut feed: broadcast::Receiver<Bytes>,
    mut closing: watch::Receiver<bool>,
    sender: mpsc::Sender<Bytes>,
) {
    // The retry hint, and a first line so the browser knows the stream is open.
    let mut chunk = Bytes::from_static(b"retry: 2000\n: connected\n\n");
    let mut keep_alive = tokio::time::interval(KEEP_ALIVE);
    keep_alive.tick().await;
    loop {
        if !chunk.is_empty() {
            tokio::select! {
                sent = sender.send(std::mem::take(&mut chunk)) => if sent.is_err() { return },
                _ = closing.wait_for(|closed| *closed) => return,
            }
        }
        chunk = tokio::select! {
            next = feed.recv() => match next {
                Ok(batch) if batch.is_empty() => return, // The listener stops.
                Ok(batch) => batch,
                // At least one request per batch missed.
                Err(broadcast::error::RecvError::Lagged(batches)) => {
                    event("lagged", &serde_json::json!({ "missed": batches }))
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
            _ = keep_alive.tick() => Bytes::from_static(b": keep-alive\n\n"),
            _ = closing.wait_for(|closed| *closed) => return,
        };
    }
}
