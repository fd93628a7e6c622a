//! Raw HTTP/1.1 requests as saved from a proxy, `nc -l` or by hand: the head read by
//! `httparse` (CRLF or bare LF), the body by Content-Length, by chunks, or to the end.

use super::{line_of, skip_leading_space, snippet, Capture, Fault};

/// More headers than any real webhook delivery carries; beyond it the file is suspect.
const MAX_HEADERS: usize = 128;

/// Whether `text` starts with `METHOD SP target ... HTTP/`: enough to call it a raw
/// request and report a precise error, rather than "not a capture", when it is broken.
pub(super) fn looks_like_request_line(text: &[u8]) -> bool {
    let line = text.split(|&b| b == b'\n').next().unwrap_or_default();
    let Some(space) = line.iter().position(|&b| b == b' ') else {
        return false;
    };
    let method_ok = space > 0 && line[..space].iter().all(|&b| is_token_byte(b));
    method_ok && line.windows(6).any(|w| w == b" HTTP/")
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The request head, owned.
struct Head {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
}

pub(super) fn parse(source: &str, file: &[u8]) -> Result<Capture, Fault> {
    // Leading blank lines are tolerated (RFC 9112 section 2.2); line numbers stay the file's.
    let start = file.len() - skip_leading_space(file).len();
    let (head, head_len) = parse_head(file, start)?;
    let body = read_body(&head, file, start + head_len)?;
    Ok(Capture {
        source: source.to_string(),
        method: head.method,
        path: head.path,
        headers: head.headers,
        body,
    })
}

/// The head and its length in bytes from `start`. A file without the blank line after
/// the headers is taken as a request with an empty body, as people write them by hand.
fn parse_head(file: &[u8], start: usize) -> Result<(Head, usize), Fault> {
    let bytes = &file[start..];
    let fault = |padded: &[u8], error| head_fault(file, start, padded, error);
    match try_head(bytes) {
        Ok(Some(done)) => return Ok(done),
        Ok(None) => {}
        Err(error) => return Err(fault(bytes, error)),
    }
    let ending = line_ending(bytes);
    let mut padded = bytes.to_vec();
    if !bytes.ends_with(b"\n") {
        padded.extend_from_slice(ending);
    }
    padded.extend_from_slice(ending);
    match try_head(&padded) {
        Ok(Some((head, _))) => Ok((head, bytes.len())),
        Ok(None) => Err(Fault::new("the request head is incomplete")),
        Err(error) => Err(fault(&padded, error)),
    }
}

fn try_head(bytes: &[u8]) -> Result<Option<(Head, usize)>, httparse::Error> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    let httparse::Status::Complete(len) = request.parse(bytes)? else {
        return Ok(None);
    };
    let head = Head {
        method: request.method.unwrap_or_default().to_string(),
        path: request.path.unwrap_or_default().to_string(),
        headers: request
            .headers
            .iter()
            .map(|h| {
                let value = String::from_utf8_lossy(h.value).into_owned();
                (h.name.to_string(), value)
            })
            .collect(),
    };
    Ok(Some((head, len)))
}

/// The line ending the file uses, judged from its first line.
fn line_ending(bytes: &[u8]) -> &'static [u8] {
    match bytes.iter().position(|&b| b == b'\n') {
        Some(i) if i > 0 && bytes[i - 1] == b'\r' => b"\r\n",
        Some(_) => b"\n",
        None => b"\r\n",
    }
}

/// Explains an `httparse` error with the line it is on. `httparse` does not say where it
/// stopped, so the head is re-parsed one line longer at a time until it fails.
fn head_fault(file: &[u8], start: usize, bytes: &[u8], error: httparse::Error) -> Fault {
    let Some(local_line) = locate_bad_line(bytes) else {
        return Fault::new(format!("invalid request head: {error}"));
    };
    let line = line_of(file, start) + local_line - 1;
    let text = snippet(nth_line(bytes, local_line));
    let message = match error {
        httparse::Error::Token | httparse::Error::Version | httparse::Error::Status => {
            format!("invalid request line '{text}': expected 'METHOD /path HTTP/1.1'")
        }
        httparse::Error::HeaderName => {
            format!("invalid header line '{text}': expected 'Name: value'")
        }
        httparse::Error::HeaderValue => format!("invalid header value in '{text}'"),
        httparse::Error::NewLine => format!("invalid line ending after '{text}'"),
        httparse::Error::TooManyHeaders => format!("more than {MAX_HEADERS} headers"),
    };
    Fault::line(line, message)
}

/// The 1-based number of the first line at which the head stops parsing.
fn locate_bad_line(bytes: &[u8]) -> Option<usize> {
    let line_ends = bytes.iter().enumerate().filter(|(_, &b)| b == b'\n');
    for (index, (end, _)) in line_ends.take(MAX_HEADERS + 2).enumerate() {
        let crlf = end > 0 && bytes[end - 1] == b'\r';
        let mut probe = bytes[..=end].to_vec();
        probe.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
        if try_head(&probe).is_err() {
            return Some(index + 1);
        }
    }
    None
}

/// Line `n` (1-based) without its line ending.
fn nth_line(bytes: &[u8], n: usize) -> &[u8] {
    let line = bytes.split(|&b| b == b'\n').nth(n - 1).unwrap_or_default();
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn read_body(head: &Head, file: &[u8], body_start: usize) -> Result<Vec<u8>, Fault> {
    let body_start = body_start.min(file.len());
    if let Some((index, value)) = transfer_encoding(head) {
        if !is_chunked(value) {
            let message = format!(
                "unsupported Transfer-Encoding '{}'",
                snippet(value.as_bytes())
            );
            return Err(Fault::line(index + 2, message));
        }
        return decode_chunked(file, body_start);
    }
    match content_length(head)? {
        Some((index, length)) => fixed_body(file, body_start, length, index + 2),
        None => Ok(file[body_start..].to_vec()),
    }
}

fn transfer_encoding(head: &Head) -> Option<(usize, &str)> {
    head.headers
        .iter()
        .enumerate()
        .find(|(_, (name, _))| name.eq_ignore_ascii_case("transfer-encoding"))
        .map(|(index, (_, value))| (index, value.as_str()))
}

/// Chunked when `chunked` is the last coding, the only case RFC 9112 allows in a request.
fn is_chunked(value: &str) -> bool {
    let last = value.rsplit(',').next().unwrap_or_default();
    last.trim().eq_ignore_ascii_case("chunked")
}

/// The Content-Length, if any, with the index of its header (header `i` is on line `i + 2`).
fn content_length(head: &Head) -> Result<Option<(usize, usize)>, Fault> {
    let mut found: Option<(usize, usize)> = None;
    for (index, (name, value)) in head.headers.iter().enumerate() {
        if !name.eq_ignore_ascii_case("content-length") {
            continue;
        }
        let line = index + 2;
        let text = value.trim();
        let length = text
            .parse::<usize>()
            .ok()
            .filter(|_| text.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| {
                let message = format!("invalid Content-Length '{}'", snippet(text.as_bytes()));
                Fault::line(line, message)
            })?;
        if let Some((_, earlier)) = found.filter(|&(_, earlier)| earlier != length) {
            let message = format!("conflicting Content-Length headers ({earlier} and {length})");
            return Err(Fault::line(line, message));
        }
        found = Some((index, length));
    }
    Ok(found)
}

/// Exactly `length` bytes; after them only line ends (an editor's final newline) may follow.
fn fixed_body(
    file: &[u8],
    start: usize,
    length: usize,
    header_line: usize,
) -> Result<Vec<u8>, Fault> {
    let present = file.len() - start;
    if present < length {
        let message = format!(
            "Content-Length is {length} but only {present} bytes of body follow the headers"
        );
        return Err(Fault::line(header_line, message));
    }
    let end = start + length;
    let extra = &file[end..];
    if let Some(bad) = extra.iter().position(|&b| b != b'\r' && b != b'\n') {
        let message = format!(
            "{} bytes follow the {length}-byte body that Content-Length declares",
            extra.len()
        );
        return Err(Fault::line(line_of(file, end + bad), message));
    }
    Ok(file[start..end].to_vec())
}

/// Decodes a chunked body to its exact bytes (chunk lines may end in CRLF or bare LF).
fn decode_chunked(file: &[u8], start: usize) -> Result<Vec<u8>, Fault> {
    let mut body = Vec::new();
    let mut pos = start;
    loop {
        let line = line_of(file, pos);
        let (size_line, next) = take_line(file, pos)
            .ok_or_else(|| Fault::line(line, "the body ends before the final zero-size chunk"))?;
        let size = chunk_size(size_line).ok_or_else(|| {
            let message = format!(
                "invalid chunk size '{}': expected hexadecimal digits",
                snippet(size_line)
            );
            Fault::line(line, message)
        })?;
        pos = next;
        if size == 0 {
            skip_trailers(file, pos)?;
            return Ok(body);
        }
        pos = read_chunk(file, pos, size, line, &mut body)?;
    }
}

/// Appends one chunk's data and returns the position after its line end.
fn read_chunk(
    file: &[u8],
    pos: usize,
    size: u64,
    line: usize,
    body: &mut Vec<u8>,
) -> Result<usize, Fault> {
    let available = file.len() - pos;
    let size = usize::try_from(size)
        .ok()
        .filter(|&s| s <= available)
        .ok_or_else(|| {
            let message = format!("chunk of {size} bytes but only {available} bytes follow");
            Fault::line(line, message)
        })?;
    body.extend_from_slice(&file[pos..pos + size]);
    let end = pos + size;
    let rest = &file[end..];
    if rest.starts_with(b"\r\n") {
        Ok(end + 2)
    } else if rest.starts_with(b"\n") {
        Ok(end + 1)
    } else {
        let message = format!(
            "chunk of {size} bytes (0x{size:x}) is not followed by a line end: the size does not match the data"
        );
        Err(Fault::line(line, message))
    }
}

/// Skips trailer fields after the last chunk; then only line ends may follow.
fn skip_trailers(file: &[u8], mut pos: usize) -> Result<(), Fault> {
    while let Some((line, next)) = take_line(file, pos) {
        pos = next;
        if line.is_empty() {
            break;
        }
    }
    let extra = &file[pos..];
    if let Some(bad) = extra.iter().position(|&b| b != b'\r' && b != b'\n') {
        let message = format!("{} bytes follow the final chunk", extra.len());
        return Err(Fault::line(line_of(file, pos + bad), message));
    }
    Ok(())
}

/// The line starting at `pos` without its ending, and where the next one starts.
fn take_line(file: &[u8], pos: usize) -> Option<(&[u8], usize)> {
    let rest = file.get(pos..).filter(|r| !r.is_empty())?;
    let (line, next) = match rest.iter().position(|&b| b == b'\n') {
        Some(i) => (&rest[..i], pos + i + 1),
        None => (rest, file.len()),
    };
    Some((line.strip_suffix(b"\r").unwrap_or(line), next))
}

/// A chunk size line: hex digits, optionally followed by `;extensions`, read by
/// httparse's chunk-size parser. The line comes without its ending (hand-written captures
/// may end lines in a bare LF), so the CRLF httparse expects is put back; a line without a
/// leading digit, which httparse would read as size 0, is refused first.
fn chunk_size(line: &[u8]) -> Option<u64> {
    // Leading blanks, which a hand-edited capture may have, are not httparse's to judge.
    let start = line
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t'))
        .unwrap_or(line.len());
    let line = &line[start..];
    if !line.first().is_some_and(u8::is_ascii_hexdigit) {
        return None;
    }
    let framed = [line, b"\r\n"].concat();
    match httparse::parse_chunk_size(&framed) {
        Ok(httparse::Status::Complete((used, size))) if used == framed.len() => Some(size),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(bytes: &[u8]) -> Capture {
        parse("t.http", bytes).unwrap()
    }

    fn err(bytes: &[u8]) -> Fault {
        parse("t.http", bytes).unwrap_err()
    }

    #[test]
    fn crlf_and_lf_heads_give_the_same_request() {
        let crlf = ok(b"POST /hook?a=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
        let lf = ok(b"POST /hook?a=1 HTTP/1.1\nHost: x\nContent-Length: 2\n\n{}\n");
        assert_eq!(
            (crlf.method.as_str(), crlf.path.as_str()),
            ("POST", "/hook?a=1")
        );
        assert_eq!(crlf.body, b"{}");
        assert_eq!(lf.body, b"{}");
        assert_eq!(crlf.headers, lf.headers);
    }

    #[test]
    fn without_length_the_body_is_the_rest_exactly() {
        let c = ok(b"POST / HTTP/1.1\nHost: x\n\n{\"a\":1}\n\n");
        assert_eq!(c.body, b"{\"a\":1}\n\n");
        let c = ok(b"POST / HTTP/1.1\r\nHost: x");
        assert_eq!((c.headers.len(), c.body.len()), (1, 0));
    }

    #[test]
    fn chunked_bodies_are_decoded_exactly() {
        let c = ok(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\n\r\n\r\n0\r\nX-T: 1\r\n\r\n");
        assert_eq!(c.body, b"abc\r\n");
        let c = ok(b"POST / HTTP/1.1\nTransfer-Encoding: chunked\n\nA\n0123456789\n0\n");
        assert_eq!(c.body, b"0123456789");
    }

    #[test]
    fn errors_name_the_line() {
        let f = err(b"POST /a HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
        assert_eq!(
            f,
            Fault::line(
                3,
                "invalid header line 'Bad Header': expected 'Name: value'"
            )
        );
        let f = err(b"\n\nPOST /a b HTTP/1.1\n\n");
        assert_eq!(f.at, super::super::At::Line(3));
        let f = err(b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab");
        assert_eq!(
            f,
            Fault::line(
                2,
                "Content-Length is 5 but only 2 bytes of body follow the headers"
            )
        );
        let f = err(b"POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nab\r\nzz");
        assert_eq!(
            f,
            Fault::line(
                5,
                "4 bytes follow the 2-byte body that Content-Length declares"
            )
        );
        let f = err(b"POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nab");
        assert_eq!(
            f,
            Fault::line(3, "conflicting Content-Length headers (2 and 3)")
        );
        let f = err(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");
        assert_eq!(
            f,
            Fault::line(4, "chunk of 5 bytes but only 2 bytes follow")
        );
        let f = err(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n\r\nx");
        assert_eq!(f, Fault::line(7, "3 bytes follow the final chunk"));
        let f = err(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n");
        assert_eq!(
            f,
            Fault::line(6, "the body ends before the final zero-size chunk")
        );
    }
}
