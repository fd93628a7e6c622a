//! `-v` and `-vv` for every command that sends HTTP: each exchange the one client puts on
//! the wire ([`crate::net::client::Trace`]), on stderr, as curl's `-v` shows it: `>` for
//! what went out, `<` for what came back, `!` for an exchange that got no answer, each
//! line led by the exchange's number (`#3`) so that concurrent ones can be told apart.
//! `-v` shows the heads, `-vv` the bodies too, escaped and cut at [`BODY_SHOWN`] bytes.
//!
//! Secrets are masked: the signature headers, `Authorization`, cookies, any header whose
//! name says it holds a secret, token or key, and such query parameters. A block is
//! written at once, so that concurrent exchanges do not interleave inside one.

use super::sanitize;
use crate::core::signature::HEADERS;
use crate::net::client::{
    describe_error, display_url, status_text, HttpError, Trace, TracedRequest, TracedResponse,
};
use hyper::header::HeaderMap;
use hyper::Method;
use std::io::Write;
use std::sync::Arc;
use url::Url;

/// The most of a body `-vv` shows.
pub const BODY_SHOWN: usize = 4096;

/// What a masked value is shown as.
const MASK: &str = "***";

/// The trace `out`'s `-v`/`-vv` asks for, or none.
pub fn for_output(out: &super::Output) -> Option<Arc<dyn Trace>> {
    (out.verbose > 0 && !out.quiet).then(|| {
        Arc::new(StderrTrace {
            bodies: out.verbose > 1,
        }) as Arc<dyn Trace>
    })
}

/// Prints each exchange on stderr.
pub struct StderrTrace {
    /// `-vv`: the bodies too.
    pub bodies: bool,
}

impl Trace for StderrTrace {
    fn body_limit(&self) -> usize {
        if self.bodies {
            // One byte more than shown, to tell a body of exactly BODY_SHOWN from a longer one.
            BODY_SHOWN + 1
        } else {
            0
        }
    }

    fn request(&self, exchange: u64, request: &TracedRequest<'_>) {
        let block = request_block(exchange, request, self.bodies);
        write_block(&block);
    }

    fn response(&self, exchange: u64, response: &TracedResponse<'_>) {
        let block = response_block(exchange, response, self.bodies);
        write_block(&block);
    }

    fn failed(&self, exchange: u64, method: &Method, url: &Url, error: &HttpError) {
        let line = format!(
            "#{exchange} ! {method} {}: {}\n",
            sanitize(&shown_url(url)),
            sanitize(&describe_error(error))
        );
        write_block(&line);
    }
}

fn write_block(block: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(block.as_bytes());
    let _ = stderr.flush();
}

/// The request's lines: request line, headers as sent (title case, as the client writes
/// them), and with `bodies` the body.
pub fn request_block(exchange: u64, request: &TracedRequest<'_>, bodies: bool) -> String {
    let lead = format!("#{exchange} >");
    let mut block = format!(
        "{lead} {} {} HTTP/1.1\n",
        request.method,
        sanitize(&shown_url(request.url))
    );
    let mut headers = header_lines(&lead, request.headers, true);
    // hyper writes Content-Length itself, from the body it is given.
    if !request.body.is_empty() && !request.headers.contains_key(hyper::header::CONTENT_LENGTH) {
        headers.push_str(&format!("{lead} Content-Length: {}\n", request.body.len()));
    }
    block.push_str(&headers);
    if bodies {
        block.push_str(&body_lines(&lead, request.body, request.body.len() as u64));
    }
    block
}

/// The answer's lines: status line, headers as received, and with `bodies` the body.
pub fn response_block(exchange: u64, response: &TracedResponse<'_>, bodies: bool) -> String {
    let lead = format!("#{exchange} <");
    let mut block = format!(
        "{lead} {:?} {} {}\n",
        response.version,
        response.status,
        status_text(response.status)
    );
    block.push_str(&header_lines(&lead, response.headers, false));
    if bodies {
        block.push_str(&body_lines(&lead, response.body, response.body_len));
    }
    block
}

fn header_lines(lead: &str, headers: &HeaderMap, title_case: bool) -> String {
    let mut lines = String::new();
    for (name, value) in headers {
        let shown_name = if title_case {
            crate::net::client::title_case(name.as_str())
        } else {
            name.as_str().to_string()
        };
        let value = if is_secret(name.as_str()) {
            MASK.to_string()
        } else {
            super::sanitize_bytes(value.as_bytes())
        };
        lines.push_str(&format!("{lead} {shown_name}: {value}\n"));
    }
    lines
}

/// A blank line, then the body's first [`BODY_SHOWN`] bytes line by line, each escaped,
/// and what was left out; nothing for an empty body.
fn body_lines(lead: &str, body: &[u8], length: u64) -> String {
    if length == 0 {
        return String::new();
    }
    let shown = &body[..body.len().min(BODY_SHOWN)];
    // Cut at a character's end, not inside one.
    let shown = match std::str::from_utf8(shown) {
        Err(e) if e.error_len().is_none() => &shown[..e.valid_up_to()],
        _ => shown,
    };
    let mut lines = format!("{lead}\n");
    let text = String::from_utf8_lossy(shown);
    for line in text.split_inclusive('\n') {
        let line = line.strip_suffix('\n').unwrap_or(line);
        lines.push_str(&format!("{lead} {}\n", sanitize(line)));
    }
    let left_out = length.saturating_sub(shown.len() as u64);
    if left_out > 0 {
        lines.push_str(&format!(
            "{lead} [{} left out of {}]\n",
            super::count(left_out, "byte", "bytes"),
            super::count(length, "byte", "bytes")
        ));
    }
    lines
}

/// Whether a header or query parameter holds something that must not be shown: the
/// signature headers, credentials, cookies, and any name that says secret, token, key,
/// password or signature.
pub fn is_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    HEADERS.iter().any(|h| h.eq_ignore_ascii_case(&name))
        || matches!(
            name.as_str(),
            "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
        )
        || ["secret", "token", "key", "password", "signature", "auth"]
            .iter()
            .any(|word| name.contains(word))
}

/// The URL without user info, secret query parameters masked.
fn shown_url(url: &Url) -> String {
    let mut url = Url::parse(&display_url(url)).unwrap_or_else(|_| url.clone());
    if url.query_pairs().any(|(name, _)| is_secret(&name)) {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let value = if is_secret(&name) {
                    MASK.to_string()
                } else {
                    value.into_owned()
                };
                (name.into_owned(), value)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    #[test]
    fn secrets_are_masked_in_headers_and_queries() {
        let url = Url::parse("http://user:pw@127.0.0.1:9/hook?page=2&api_key=abc").unwrap();
        let map = headers(&[
            ("host", "127.0.0.1:9"),
            ("roomz-signature", "c2ln"),
            ("x-roomz-signature", "c2ln"),
            ("authorization", "Basic dXNlcjpwdw=="),
            ("x-gateway-token", "tok"),
            ("x-api-key", "k"),
            ("content-type", "application/json"),
        ]);
        let request = TracedRequest {
            method: &Method::POST,
            url: &url,
            headers: &map,
            body: b"{}",
        };
        let block = request_block(7, &request, false);
        assert_eq!(
            block,
            "#7 > POST http://127.0.0.1:9/hook?page=2&api_key=*** HTTP/1.1\n\
             #7 > Host: 127.0.0.1:9\n\
             #7 > Roomz-Signature: ***\n\
             #7 > X-Roomz-Signature: ***\n\
             #7 > Authorization: ***\n\
             #7 > X-Gateway-Token: ***\n\
             #7 > X-Api-Key: ***\n\
             #7 > Content-Type: application/json\n\
             #7 > Content-Length: 2\n"
        );
    }

    #[test]
    fn bodies_are_escaped_and_cut_at_a_character() {
        let mut body = "é".repeat(BODY_SHOWN / 2 + 10).into_bytes();
        body.splice(0..0, b"line one\n\x1b[31m\n".iter().copied());
        let text = body_lines("#1 <", &body, body.len() as u64 + 1000);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "#1 <");
        assert_eq!(lines[1], "#1 < line one");
        assert_eq!(lines[2], "#1 < \\u{1b}[31m");
        // 4096 bytes minus the 15 of the first two lines leave an odd 4081: 2040 é fit.
        assert_eq!(lines[3], format!("#1 < {}", "é".repeat(2040)));
        let left_out = body.len() as u64 + 1000 - (15 + 2040 * 2);
        assert_eq!(
            lines[4],
            format!(
                "#1 < [{} bytes left out of {} bytes]",
                crate::output::number(left_out),
                crate::output::number(body.len() as u64 + 1000)
            )
        );
        assert_eq!(body_lines("#1 <", b"", 0), "");
    }
}
