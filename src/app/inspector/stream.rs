//! `GET /_/api/stream`: Server-Sent Events, one `event: request` per answered request
//! (`data:` its record, the one JSON form of `core::record`). Each viewer has a task of
//! its own that turns the broadcast into text; a viewer that falls behind misses the
//! oldest messages and gets `event: lagged` (the page then refetches the list), so the
//! listener never waits for a viewer.

use super::Message;
use crate::core::record::Record;
use bytes::{Bytes, BytesMut};
use hyper::body::{Body, Frame, SizeHint};
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, watch};

/// A comment line this often keeps proxies and the browser from closing an idle stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The most text one write to a viewer carries when messages queue up.
const MAX_CHUNK: usize = 256 * 1024;

/// The body of a stream answer: chunks handed over by the viewer's task.
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

/// Starts a viewer's task and returns the body it feeds.
pub(super) fn subscribe(
    feed: broadcast::Receiver<Message>,
    closing: watch::Receiver<bool>,
) -> EventStream {
    let (sender, chunks) = mpsc::channel(4);
    tokio::spawn(relay(feed, closing, sender));
    EventStream { chunks }
}

/// Turns the broadcast into text for one viewer until the viewer goes away or the
/// listener stops. Messages that queued up meanwhile go out in one write.
async fn relay(
    mut feed: broadcast::Receiver<Message>,
    mut closing: watch::Receiver<bool>,
    sender: mpsc::Sender<Bytes>,
) {
    // The retry hint, and a first line so the browser knows the stream is open.
    let mut chunk = BytesMut::from(&b"retry: 2000\n: connected\n\n"[..]);
    let mut line = Vec::new();
    let mut keep_alive = tokio::time::interval(KEEP_ALIVE);
    keep_alive.tick().await;
    loop {
        if !chunk.is_empty() {
            tokio::select! {
                sent = sender.send(chunk.split().freeze()) => if sent.is_err() { return },
                _ = closing.wait_for(|closed| *closed) => return,
            }
        }
        let next = tokio::select! {
            next = feed.recv() => next,
            _ = keep_alive.tick() => { chunk.extend_from_slice(b": keep-alive\n\n"); continue; }
            _ = closing.wait_for(|closed| *closed) => return,
        };
        let mut next = Some(next);
        while let Some(received) = next.take() {
            match received {
                Ok(message) => write_message(&message, &mut chunk, &mut line),
                Err(broadcast::error::RecvError::Lagged(missed)) => chunk
                    .extend_from_slice(&event("lagged", &serde_json::json!({ "missed": missed }))),
                Err(broadcast::error::RecvError::Closed) => return,
            }
            if chunk.len() < MAX_CHUNK {
                next = match feed.try_recv() {
                    Ok(message) => Some(Ok(message)),
                    Err(broadcast::error::TryRecvError::Lagged(n)) => {
                        Some(Err(broadcast::error::RecvError::Lagged(n)))
                    }
                    Err(_) => None,
                };
            }
        }
    }
}

fn write_message(message: &Message, chunk: &mut BytesMut, line: &mut Vec<u8>) {
    match message {
        Message::Request { seq, request } => {
            line.clear();
            Record::from_new(*seq, request).write_line(line);
            chunk.extend_from_slice(b"event: request\ndata: ");
            chunk.extend_from_slice(line);
            chunk.extend_from_slice(b"\n");
        }
        Message::Event(text) => chunk.extend_from_slice(text),
    }
}
