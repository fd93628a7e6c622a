//! A plain-http HTTP/1.1 keep-alive connection for the delivery engine: one `write` per
//! request (head and body in one buffer) and the answer parsed with httparse straight
//! from the read buffer, bodies by Content-Length, chunked, or up to the close.
//!
//! Why not hyper's client connection: replay spends most of its time per request, and
//! hyper's split into a request handle and a connection task costs task wake-ups, a
//! `HeaderMap` and a few allocations per request; on the 2-core machines the load
//! benchmark runs on, that CPU is taken from the receiver (bench/replay.sh). TLS still goes
//! through reqwest.

use bytes::{Buf, BytesMut};
use hyper::header::{HeaderName, HeaderValue};
use std::io::{self, Write};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The most answer headers read; more is a malformed answer for our purposes.
const MAX_HEADERS: usize = 96;
/// The longest answer head accepted.
const MAX_HEAD: usize = 64 * 1024;

/// What delivery needs from an answer's head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub status: u16,
    pub location: Option<String>,
    pub retry_after: Option<String>,
}

/// Why a round trip failed.
#[derive(Debug)]
pub enum WireError {
    /// The connection ended (or was reset) before any byte of an answer: on a reused
    /// connection this is the receiver closing it while idle, and the request may be sent
    /// again on a new one.
    ClosedBeforeAnswer(io::Error),
    /// The connection failed in the middle of an answer.
    Io(io::Error),
    /// The answer is not HTTP/1.1 as we can read it.
    Malformed(String),
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireError::ClosedBeforeAnswer(e) => {
                write!(f, "connection closed before an answer: {e}")
            }
            WireError::Io(e) => write!(f, "connection failed during the answer: {e}"),
            WireError::Malformed(why) => write!(f, "malformed answer: {why}"),
        }
    }
}

/// One keep-alive connection.
pub struct Wire<S> {
    stream: S,
    /// Bytes read and not yet used.
    input: BytesMut,
    /// The request being written, reused from one request to the next.
    output: Vec<u8>,
    /// False once the receiver said `Connection: close`, or a round trip was cut short.
    reusable: bool,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Wire<S> {
    pub fn new(stream: S) -> Self {
        Wire {
            stream,
            input: BytesMut::with_capacity(8 * 1024),
            output: Vec::with_capacity(1024),
            reusable: true,
        }
    }

    /// Whether another request may go on this connection.
    pub fn is_reusable(&self) -> bool {
        self.reusable
    }

    /// POSTs `body` to `target` and reads the whole answer; with `kept`, the answer's
    /// body goes there (at most `limit` bytes). If this future is dropped half-way (a
    /// timeout), the connection is not reused.
    pub async fn post(
        &mut self,
        target: &str,
        host: &str,
        headers: &[(HeaderName, HeaderValue)],
        body: &[u8],
        mut kept: Option<&mut BytesMut>,
        limit: usize,
    ) -> Result<Head, WireError> {
        // Cleared only when the whole answer was read, so a cancelled round trip leaves
        // the connection marked unusable.
        self.reusable = false;
        self.write_request(target, host, headers, body);
        if let Err(e) = self.stream.write_all(&self.output).await {
            // A receiver may answer before it has read the whole body (413 for a body
            // over its limit) and close: its answer is then waiting to be read.
            return match self.read_head().await {
                Ok((head, _, _, _)) => Ok(head),
                Err(_) => Err(WireError::ClosedBeforeAnswer(e)),
            };
        }
        let (head, framing, close) = loop {
            let (head, framing, close, used) = self.read_head().await?;
            self.input.advance(used);
            // 1xx answers (100 Continue, 103 Early Hints) come before the real one.
            if !(100..200).contains(&head.status) {
                break (head, framing, close);
            }
        };
        let mut keep = |data: &[u8]| {
            if let Some(kept) = kept.as_deref_mut() {
                let room = limit.saturating_sub(kept.len());
                kept.extend_from_slice(&data[..data.len().min(room)]);
            }
        };
        match framing {
            Framing::Empty => {}
            Framing::Length(length) => self.read_length(length, &mut keep).await?,
            Framing::Chunked => self.read_chunked(&mut keep).await?,
            Framing::UntilClose => {
                self.read_to_close(&mut keep).await?;
                return Ok(head);
            }
        }
        self.reusable = !close;
        Ok(head)
    }

    fn write_request(
        &mut self,
        target: &str,
        host: &str,
        headers: &[(HeaderName, HeaderValue)],
        body: &[u8],
    ) {
        let out = &mut self.output;
        out.clear();
        out.extend_from_slice(b"POST ");
        out.extend_from_slice(target.as_bytes());
        out.extend_from_slice(b" HTTP/1.1\r\nHost: ");
        out.extend_from_slice(host.as_bytes());
        out.extend_from_slice(b"\r\n");
        for (name, value) in headers {
            title_case_into(out, name.as_str());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        // Writing to a Vec cannot fail.
        let _ = write!(out, "Content-Length: {}\r\n\r\n", body.len());
        out.extend_from_slice(body);
    }

    /// Reads until a whole head is buffered; returns it, how the body is framed, whether
    /// the receiver will close, and the head's length.
    async fn read_head(&mut self) -> Result<(Head, Framing, bool, usize), WireError> {
        let mut first = self.input.is_empty();
        loop {
            if !self.input.is_empty() {
                let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
                let mut response = httparse::Response::new(&mut slots);
                match response.parse(&self.input) {
                    Ok(httparse::Status::Complete(used)) => {
                        let parsed = interpret(&response)?;
                        return Ok((parsed.0, parsed.1, parsed.2, used));
                    }
                    Ok(httparse::Status::Partial) if self.input.len() > MAX_HEAD => {
                        return Err(WireError::Malformed(format!(
                            "the answer's head is longer than {MAX_HEAD} bytes"
                        )))
                    }
                    Ok(httparse::Status::Partial) => {}
                    Err(e) => return Err(WireError::Malformed(e.to_string())),
                }
            }
            let read = self.stream.read_buf(&mut self.input).await;
            match read {
                Ok(0) if first => {
                    return Err(WireError::ClosedBeforeAnswer(
                        io::ErrorKind::UnexpectedEof.into(),
                    ))
                }
                Ok(0) => return Err(WireError::Io(io::ErrorKind::UnexpectedEof.into())),
                Ok(_) => first = false,
                Err(e) if first => return Err(WireError::ClosedBeforeAnswer(e)),
                Err(e) => return Err(WireError::Io(e)),
            }
        }
    }

    /// Makes at least one more byte available in `input`.
    async fn fill(&mut self) -> Result<(), WireError> {
        match self.stream.read_buf(&mut self.input).await {
            Ok(0) => Err(WireError::Io(io::ErrorKind::UnexpectedEof.into())),
            Ok(_) => Ok(()),
            Err(e) => Err(WireError::Io(e)),
        }
    }

    async fn read_length(
        &mut self,
        mut left: u64,
        keep: &mut impl FnMut(&[u8]),
    ) -> Result<(), WireError> {
        while left > 0 {
            if self.input.is_empty() {
                self.fill().await?;
            }
            let take = (self.input.len() as u64).min(left) as usize;
            keep(&self.input[..take]);
            self.input.advance(take);
            left -= take as u64;
        }
        Ok(())
    }

    async fn read_chunked(&mut self, keep: &mut impl FnMut(&[u8])) -> Result<(), WireError> {
        loop {
            let size = loop {
                match httparse::parse_chunk_size(&self.input) {
                    Ok(httparse::Status::Complete((used, size))) => {
                        self.input.advance(used);
                        break size;
                    }
                    Ok(httparse::Status::Partial) => self.fill().await?,
                    Err(_) => return Err(WireError::Malformed("invalid chunk size".into())),
                }
            };
            if size == 0 {
                return self.skip_trailers().await;
            }
            self.read_length(size, keep).await?;
            self.expect_crlf().await?;
        }
    }

    /// After the last chunk: trailer lines, then an empty line.
    async fn skip_trailers(&mut self) -> Result<(), WireError> {
        loop {
            match self.input.iter().position(|&b| b == b'\n') {
                Some(end) => {
                    let blank = self.input[..end].iter().all(|&b| b == b'\r');
                    self.input.advance(end + 1);
                    if blank {
                        return Ok(());
                    }
                }
                None if self.input.len() > MAX_HEAD => {
                    return Err(WireError::Malformed("trailers too long".into()))
                }
                None => self.fill().await?,
            }
        }
    }

    async fn expect_crlf(&mut self) -> Result<(), WireError> {
        while self.input.len() < 2 {
            self.fill().await?;
        }
        if &self.input[..2] != b"\r\n" {
            return Err(WireError::Malformed(
                "a chunk is not followed by CRLF".into(),
            ));
        }
        self.input.advance(2);
        Ok(())
    }

    async fn read_to_close(&mut self, keep: &mut impl FnMut(&[u8])) -> Result<(), WireError> {
        loop {
            keep(&self.input);
            self.input.clear();
            match self.stream.read_buf(&mut self.input).await {
                Ok(0) => return Ok(()),
                Ok(_) => {}
                Err(e) => return Err(WireError::Io(e)),
            }
        }
    }
}

/// How an answer's body is delimited (RFC 9112 section 6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    Empty,
    Length(u64),
    Chunked,
    UntilClose,
}

fn interpret(response: &httparse::Response<'_, '_>) -> Result<(Head, Framing, bool), WireError> {
    let status = response.code.unwrap_or(0);
    let mut head = Head {
        status,
        location: None,
        retry_after: None,
    };
    let (mut length, mut chunked, mut close) = (None, false, response.version == Some(0));
    for header in response.headers.iter() {
        let value = || String::from_utf8_lossy(header.value).trim().to_string();
        let name = header.name;
        if name.eq_ignore_ascii_case("content-length") {
            let parsed = value().parse::<u64>().map_err(|_| {
                WireError::Malformed(format!("invalid Content-Length '{}'", value()))
            })?;
            if length.is_some_and(|l| l != parsed) {
                return Err(WireError::Malformed(
                    "two different Content-Length headers".into(),
                ));
            }
            length = Some(parsed);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value()
                .rsplit(',')
                .next()
                .is_some_and(|last| last.trim().eq_ignore_ascii_case("chunked"));
        } else if name.eq_ignore_ascii_case("connection") {
            let v = value().to_ascii_lowercase();
            if v.split(',').any(|t| t.trim() == "close") {
                close = true;
            } else if v.split(',').any(|t| t.trim() == "keep-alive") {
                close = false;
            }
        } else if name.eq_ignore_ascii_case("location") {
            head.location = Some(value());
        } else if name.eq_ignore_ascii_case("retry-after") {
            head.retry_after = Some(value());
        }
    }
    let framing = if (100..200).contains(&status) || status == 204 || status == 304 {
        Framing::Empty
    } else if chunked {
        Framing::Chunked
    } else if let Some(length) = length {
        Framing::Length(length)
    } else {
        Framing::UntilClose
    };
    Ok((head, framing, close || framing == Framing::UntilClose))
}

/// `x-roomz-signature` as `X-Roomz-Signature`, appended to `out`.
fn title_case_into(out: &mut Vec<u8>, name: &str) {
    let mut upper = true;
    for &b in name.as_bytes() {
        out.push(if upper { b.to_ascii_uppercase() } else { b });
        upper = b == b'-';
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::duplex;

    /// Runs one POST against a peer that answers `answer` (in pieces of `piece` bytes),
    /// and returns what the peer received, the head, the kept body and whether the
    /// connection may be reused.
    fn round_trip(answer: &[u8], piece: usize) -> (String, Result<Head, String>, Vec<u8>, bool) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let (client, mut server) = duplex(1 << 16);
            let answer = answer.to_vec();
            let peer = tokio::spawn(async move {
                let mut request = vec![0u8; 4096];
                let n = server.read(&mut request).await.unwrap();
                for part in answer.chunks(piece.max(1)) {
                    server.write_all(part).await.unwrap();
                    tokio::task::yield_now().await;
                }
                drop(server);
                String::from_utf8(request[..n].to_vec()).unwrap()
            });
            let mut wire = Wire::new(client);
            let headers = [(
                HeaderName::from_static("x-roomz-signature"),
                HeaderValue::from_static("c2ln"),
            )];
            let mut kept = BytesMut::new();
            let head = wire
                .post(
                    "/webhook?a=1",
                    "127.0.0.1:8080",
                    &headers,
                    b"{}",
                    Some(&mut kept),
                    5,
                )
                .await
                .map_err(|e| e.to_string());
            let reusable = wire.is_reusable();
            (peer.await.unwrap(), head, kept.to_vec(), reusable)
        })
    }

    #[test]
    fn the_request_is_one_exact_message() {
        let (sent, head, _, _) = round_trip(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 100);
        assert_eq!(
            sent,
            "POST /webhook?a=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX-Roomz-Signature: c2ln\r\nContent-Length: 2\r\n\r\n{}"
        );
        assert_eq!(head.unwrap().status, 200);
    }

    #[test]
    fn bodies_by_length_chunks_and_close_in_any_pieces() {
        for piece in [1, 3, 1000] {
            let (_, head, kept, reusable) = round_trip(
                b"HTTP/1.1 503 Busy\r\nRetry-After: 2\r\nContent-Length: 7\r\n\r\nno room",
                piece,
            );
            assert_eq!(head.unwrap().retry_after.as_deref(), Some("2"));
            assert_eq!(kept, b"no ro", "kept up to the limit");
            assert!(reusable);

            let (_, head, kept, reusable) = round_trip(
                b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\nab\r\n1\r\nc\r\n0\r\nTrailer: t\r\n\r\n",
                piece,
            );
            assert_eq!(head.unwrap().status, 200);
            assert_eq!(kept, b"abc");
            assert!(reusable);

            let (_, head, kept, reusable) =
                round_trip(b"HTTP/1.1 302 Found\r\nLocation: /x\r\n\r\nmoved", piece);
            assert_eq!(head.unwrap().location.as_deref(), Some("/x"));
            assert_eq!(kept, b"moved");
            assert!(!reusable, "a body up to the close ends the connection");
        }
    }

    #[test]
    fn connection_close_and_http_1_0_end_the_connection() {
        let (_, _, _, reusable) = round_trip(
            b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
            100,
        );
        assert!(!reusable);
        let (_, _, _, reusable) = round_trip(b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 100);
        assert!(!reusable);
        let (_, head, _, reusable) = round_trip(b"HTTP/1.1 204 No Content\r\n\r\n", 100);
        assert_eq!(head.unwrap().status, 204);
        assert!(reusable);
    }

    #[test]
    fn broken_answers_are_errors() {
        let (_, head, _, reusable) = round_trip(b"", 100);
        assert!(head
            .unwrap_err()
            .starts_with("connection closed before an answer"));
        assert!(!reusable);
        let (_, head, _, _) = round_trip(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort", 100);
        assert!(head
            .unwrap_err()
            .starts_with("connection failed during the answer"));
        let (_, head, _, _) = round_trip(b"SMTP ready\r\n\r\n", 100);
        assert!(head.unwrap_err().starts_with("malformed answer"));
        let (_, head, _, _) = round_trip(b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", 100);
        assert_eq!(
            head.unwrap_err(),
            "malformed answer: invalid Content-Length 'x'"
        );
        let (_, head, _, _) = round_trip(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            100,
        );
        assert_eq!(head.unwrap_err(), "malformed answer: invalid chunk size");
    }
}
