//! curl command lines as `sign --curl` prints them or a browser's "Copy as cURL (bash)"
//! gives them: split into words as a POSIX shell (plus bash's `$'...'`) would, then read
//! as curl would read the options that shape the request. Options that do not change the
//! request line, headers or body are skipped, taking care to skip their values too.

use super::{snippet, url_path, Capture, CaptureError, DataFiles, Fault, Format};
use std::path::PathBuf;

/// Starts with the word `curl` (after blank and `#` comment lines).
pub(super) fn looks_like_curl(text: &[u8]) -> bool {
    let mut text = text;
    while text.starts_with(b"#") {
        let next_line = text
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| i + 1);
        text = super::skip_leading_space(&text[next_line..]);
    }
    text.strip_prefix(b"curl")
        .and_then(|rest| rest.first())
        .is_some_and(|b| b" \t\r\n\\".contains(b))
}

/// A shell word and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    bytes: Vec<u8>,
    line: usize,
}

impl Word {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// Splits a command line into words: blanks separate, `'...'` is literal, `"..."` allows
/// `\"`, `\\`, `\$`, `` \` `` and continuations, `$'...'` takes C escapes, `\` escapes
/// one character and `\` at a line end joins lines. Newlines count as blanks (a command
/// pasted without its continuations still reads); `;`, `|`, `&`, `<`, `>` end the command.
fn shell_words(input: &[u8]) -> Result<Vec<Word>, Fault> {
    let mut splitter = Splitter {
        input,
        newlines: (0..input.len()).filter(|&i| input[i] == b'\n').collect(),
        pos: 0,
        words: Vec::new(),
        current: None,
    };
    splitter.run()?;
    Ok(splitter.words)
}

struct Splitter<'a> {
    input: &'a [u8],
    /// Offsets of the input's newlines, to number lines without rescanning.
    newlines: Vec<usize>,
    pos: usize,
    words: Vec<Word>,
    current: Option<Word>,
}

impl Splitter<'_> {
    fn run(&mut self) -> Result<(), Fault> {
        while let Some(&byte) = self.input.get(self.pos) {
            let next = self.input.get(self.pos + 1).copied();
            match (byte, next) {
                (b' ' | b'\t' | b'\r' | b'\n', _) => {
                    self.finish_word();
                    self.pos += 1;
                }
                (b'\\', _) => self.backslash(),
                (b'\'', _) => self.single_quoted()?,
                (b'"', _) => {
                    self.pos += 1;
                    self.double_quoted()?;
                }
                (b'$', Some(b'\'')) => self.ansi_c_quoted()?,
                (b'$', Some(b'"')) => {
                    self.pos += 2;
                    self.double_quoted()?;
                }
                (b'#', _) if self.current.is_none() => self.skip_comment(),
                (b';' | b'|' | b'&' | b'<' | b'>', _) => break,
                _ => {
                    self.push(&[byte]);
                    self.pos += 1;
                }
            }
        }
        self.finish_word();
        Ok(())
    }

    fn line(&self) -> usize {
        1 + self.newlines.partition_point(|&n| n < self.pos)
    }

    /// Appends to the current word, starting one if needed (`''` makes an empty word).
    fn push(&mut self, bytes: &[u8]) {
        if self.current.is_none() {
            let line = self.line();
            self.current = Some(Word {
                bytes: Vec::new(),
                line,
            });
        }
        if let Some(word) = &mut self.current {
            word.bytes.extend_from_slice(bytes);
        }
    }

    fn finish_word(&mut self) {
        if let Some(word) = self.current.take() {
            self.words.push(word);
        }
    }

    fn skip_comment(&mut self) {
        while self.input.get(self.pos).is_some_and(|&b| b != b'\n') {
            self.pos += 1;
        }
    }

    /// `\` + newline (or CRLF) is a continuation; `\` + any other byte is that byte.
    fn backslash(&mut self) {
        match &self.input[self.pos + 1..] {
            [b'\n', ..] => self.pos += 2,
            [b'\r', b'\n', ..] => self.pos += 3,
            [byte, ..] => {
                let byte = *byte;
                self.push(&[byte]);
                self.pos += 2;
            }
            [] => self.pos += 1,
        }
    }

    fn single_quoted(&mut self) -> Result<(), Fault> {
        let start_line = self.line();
        let body_start = self.pos + 1;
        let Some(len) = self.input[body_start..].iter().position(|&b| b == b'\'') else {
            return Err(Fault::line(start_line, "unterminated single quote"));
        };
        let contents = &self.input[body_start..body_start + len];
        self.push(contents);
        self.pos = body_start + len + 1;
        Ok(())
    }

    /// After the opening `"`: up to the closing one.
    fn double_quoted(&mut self) -> Result<(), Fault> {
        let start_line = self.line();
        self.push(b"");
        loop {
            match &self.input[self.pos..] {
                [] => return Err(Fault::line(start_line, "unterminated double quote")),
                [b'"', ..] => {
                    self.pos += 1;
                    return Ok(());
                }
                [b'\\', b'\n', ..] => self.pos += 2,
                [b'\\', b'\r', b'\n', ..] => self.pos += 3,
                [b'\\', escaped @ (b'"' | b'\\' | b'$' | b'`'), ..] => {
                    let escaped = *escaped;
                    self.push(&[escaped]);
                    self.pos += 2;
                }
                [byte, ..] => {
                    let byte = *byte;
                    self.push(&[byte]);
                    self.pos += 1;
                }
            }
        }
    }

    /// bash's `$'...'`, which Chrome uses for bodies holding quotes or control characters.
    fn ansi_c_quoted(&mut self) -> Result<(), Fault> {
        let start_line = self.line();
        self.pos += 2;
        self.push(b"");
        loop {
            match &self.input[self.pos..] {
                [] => return Err(Fault::line(start_line, "unterminated $'...' quote")),
                [b'\'', ..] => {
                    self.pos += 1;
                    return Ok(());
                }
                [b'\\', rest @ ..] => {
                    let (bytes, used) = ansi_c_escape(rest);
                    self.push(&bytes);
                    self.pos += 1 + used;
                }
                [byte, ..] => {
                    let byte = *byte;
                    self.push(&[byte]);
                    self.pos += 1;
                }
            }
        }
    }
}

/// Decodes one escape after the backslash: its bytes and how many input bytes it used.
/// An unknown escape keeps its backslash, as bash does.
fn ansi_c_escape(rest: &[u8]) -> (Vec<u8>, usize) {
    let Some(&first) = rest.first() else {
        return (b"\\".to_vec(), 0);
    };
    let simple = match first {
        b'n' => Some(b'\n'),
        b'r' => Some(b'\r'),
        b't' => Some(b'\t'),
        b'a' => Some(0x07),
        b'b' => Some(0x08),
        b'e' | b'E' => Some(0x1b),
        b'f' => Some(0x0c),
        b'v' => Some(0x0b),
        b'\\' | b'\'' | b'"' | b'?' => Some(first),
        _ => None,
    };
    if let Some(byte) = simple {
        return (vec![byte], 1);
    }
    match first {
        b'x' => numeric_escape(rest, 1, 2, 16, false),
        b'u' => numeric_escape(rest, 1, 4, 16, true),
        b'U' => numeric_escape(rest, 1, 8, 16, true),
        b'0'..=b'7' => numeric_escape(rest, 0, 3, 8, false),
        b'c' if rest.len() > 1 => (vec![rest[1] & 0x1f], 2),
        _ => (vec![b'\\', first], 1),
    }
}

/// `\xHH`, `\uHHHH`, `\UHHHHHHHH`, `\NNN`: up to `max` digits after `skip` prefix bytes;
/// a code point (`unicode`) becomes UTF-8, otherwise the value is one byte.
fn numeric_escape(
    rest: &[u8],
    skip: usize,
    max: usize,
    radix: u32,
    unicode: bool,
) -> (Vec<u8>, usize) {
    let digits: String = rest[skip..]
        .iter()
        .take(max)
        .map(|&b| char::from(b))
        .take_while(|c| c.is_digit(radix))
        .collect();
    if digits.is_empty() {
        return (vec![b'\\', rest[0]], 1);
    }
    let value = u32::from_str_radix(&digits, radix).unwrap_or(0);
    let bytes = if unicode {
        let c = char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER);
        c.to_string().into_bytes()
    } else {
        vec![(value & 0xff) as u8]
    };
    (bytes, skip + digits.len())
}

/// What an option means for the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opt {
    Url,
    Method,
    Header,
    Data(DataKind),
    Form,
    Get,
    Head,
    /// An option we skip, with its value.
    SkipValue,
    /// A flag we skip.
    Skip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DataKind {
    /// `-d`/`--data`/`--data-ascii`: `@file` with CR and LF removed.
    Ascii,
    /// `--data-binary`: `@file` exact.
    Binary,
    /// `--data-raw`: no `@` meaning.
    Raw,
    /// `--data-urlencode`: percent-encoded content.
    UrlEncode,
    /// `--json`: like `--data-binary`, plus JSON content-type and accept headers.
    Json,
}

impl Opt {
    fn takes_value(self) -> bool {
        !matches!(self, Opt::Get | Opt::Head | Opt::Skip)
    }
}

/// curl's long options that take a value but do not shape the request we reconstruct.
const LONG_WITH_VALUE: &[&str] = &[
    "user-agent",
    "cookie",
    "cookie-jar",
    "referer",
    "user",
    "proxy-user",
    "proxy",
    "output",
    "write-out",
    "max-time",
    "connect-timeout",
    "range",
    "cert",
    "key",
    "cacert",
    "capath",
    "cert-type",
    "key-type",
    "pass",
    "config",
    "continue-at",
    "speed-time",
    "speed-limit",
    "retry",
    "retry-delay",
    "retry-max-time",
    "resolve",
    "connect-to",
    "interface",
    "limit-rate",
    "max-filesize",
    "max-redirs",
    "telnet-option",
    "time-cond",
    "noproxy",
    "oauth2-bearer",
    "aws-sigv4",
    "unix-socket",
    "abstract-unix-socket",
    "dns-servers",
    "local-port",
    "ciphers",
    "tls-max",
    "trace",
    "trace-ascii",
    "stderr",
    "output-dir",
    "quote",
    "request-target",
    "preproxy",
    "proxy-header",
    "pinnedpubkey",
    "dump-header",
    "etag-save",
    "etag-compare",
    "netrc-file",
    "proto",
    "proto-redir",
    "proto-default",
    "upload-file",
    "ftp-port",
    "variable",
    "expect100-timeout",
    "keepalive-time",
    "happy-eyeballs-timeout-ms",
    "socks4",
    "socks4a",
    "socks5",
    "socks5-hostname",
    "hostpubmd5",
    "pubkey",
    "krb",
    "mail-from",
    "mail-rcpt",
    "sasl-authzid",
    "login-options",
    "crlfile",
    "delegation",
    "service-name",
    "ftp-account",
    "ftp-method",
    "engine",
    "tlsuser",
    "tlspassword",
    "proxy-cacert",
    "proxy-cert",
    "proxy-key",
    "ip-tos",
    "vlan-priority",
];

/// Short options that take a value and that we skip.
const SHORT_WITH_VALUE: &[u8] = b"AbcCDeEKmoPQrtTuUwxyYz";

fn long_option(name: &str) -> Opt {
    match name {
        "url" => Opt::Url,
        "request" => Opt::Method,
        "header" => Opt::Header,
        "data" | "data-ascii" => Opt::Data(DataKind::Ascii),
        "data-binary" => Opt::Data(DataKind::Binary),
        "data-raw" => Opt::Data(DataKind::Raw),
        "data-urlencode" => Opt::Data(DataKind::UrlEncode),
        "json" => Opt::Data(DataKind::Json),
        "form" | "form-string" => Opt::Form,
        "get" => Opt::Get,
        "head" => Opt::Head,
        _ if LONG_WITH_VALUE.contains(&name) => Opt::SkipValue,
        _ => Opt::Skip,
    }
}

fn short_option(letter: u8) -> Opt {
    match letter {
        b'X' => Opt::Method,
        b'H' => Opt::Header,
        b'd' => Opt::Data(DataKind::Ascii),
        b'F' => Opt::Form,
        b'G' => Opt::Get,
        b'I' => Opt::Head,
        _ if SHORT_WITH_VALUE.contains(&letter) => Opt::SkipValue,
        _ => Opt::Skip,
    }
}

/// The request as the options describe it.
#[derive(Default)]
struct Request {
    url: Option<String>,
    positional: Vec<String>,
    method: Option<String>,
    headers: Vec<(String, String)>,
    data: Vec<(DataKind, Vec<u8>)>,
    get: bool,
    head: bool,
}

pub(super) fn parse(
    source: &str,
    bytes: &[u8],
    files: DataFiles<'_>,
) -> Result<Capture, CaptureError> {
    let fault = |f: Fault| f.into_error(source, Format::Curl);
    let words = shell_words(bytes).map_err(fault)?;
    let Some((command, args)) = words.split_first() else {
        return Err(fault(Fault::new("empty command")));
    };
    if !is_curl(&command.bytes) {
        let message = format!("not a curl command: it runs '{}'", snippet(&command.bytes));
        return Err(fault(Fault::line(command.line, message)));
    }
    let request = read_options(args, files).map_err(|e| e.into_error(source))?;
    build(source, request).map_err(fault)
}

fn is_curl(command: &[u8]) -> bool {
    let name = command.rsplit(|&b| b == b'/').next().unwrap_or_default();
    name == b"curl" || name.eq_ignore_ascii_case(b"curl.exe")
}

/// A failure while reading options: malformed, or a `@file` that cannot be read.
enum OptionError {
    Fault(Fault),
    /// A `@file` that cannot be used, with the line of its option.
    Io(usize, PathBuf, std::io::Error),
}

impl OptionError {
    fn into_error(self, source: &str) -> CaptureError {
        match self {
            OptionError::Fault(fault) => fault.into_error(source, Format::Curl),
            OptionError::Io(line, path, error) => CaptureError::DataFile {
                location: format!("{source}:{line}"),
                path,
                source: error,
            },
        }
    }
}

impl From<Fault> for OptionError {
    fn from(fault: Fault) -> Self {
        OptionError::Fault(fault)
    }
}

/// One option found in a word: its name as written, its meaning, any value glued to it.
struct Found {
    name: String,
    opt: Opt,
    inline: Option<Vec<u8>>,
}

fn read_options(args: &[Word], files: DataFiles<'_>) -> Result<Request, OptionError> {
    let mut request = Request::default();
    let mut words = args.iter();
    let mut only_positional = false;
    while let Some(word) = words.next() {
        let text = word.text();
        let options = if only_positional {
            None
        } else {
            options_in(&text)
        };
        let Some(options) = options else {
            request.positional.push(text);
            continue;
        };
        only_positional |= options.is_empty();
        for found in options {
            let value = match (found.opt.takes_value(), found.inline) {
                (false, _) => None,
                (true, Some(bytes)) => Some(Word {
                    bytes,
                    line: word.line,
                }),
                (true, None) => Some(words.next().cloned().ok_or_else(|| {
                    Fault::line(word.line, format!("option {} needs a value", found.name))
                })?),
            };
            apply(&mut request, found.opt, value, files)?;
        }
    }
    Ok(request)
}

/// The options in one word (`-sSXPOST` holds three); `None` for a positional word,
/// empty for `--`.
fn options_in(text: &str) -> Option<Vec<Found>> {
    if text == "--" {
        return Some(Vec::new());
    }
    if let Some(name) = text.strip_prefix("--") {
        let opt = long_option(name);
        let name = text.to_string();
        return Some(vec![Found {
            name,
            opt,
            inline: None,
        }]);
    }
    let letters = text.strip_prefix('-').filter(|l| !l.is_empty())?.as_bytes();
    let mut options = Vec::new();
    for (index, &letter) in letters.iter().enumerate() {
        let opt = short_option(letter);
        let name = format!("-{}", char::from(letter));
        let rest = &letters[index + 1..];
        if opt.takes_value() {
            let inline = (!rest.is_empty()).then(|| rest.to_vec());
            options.push(Found { name, opt, inline });
            break;
        }
        options.push(Found {
            name,
            opt,
            inline: None,
        });
    }
    Some(options)
}

fn apply(
    request: &mut Request,
    opt: Opt,
    value: Option<Word>,
    files: DataFiles<'_>,
) -> Result<(), OptionError> {
    let (bytes, line) = value.map(|w| (w.bytes, w.line)).unwrap_or_default();
    let text = || String::from_utf8_lossy(&bytes).into_owned();
    match opt {
        Opt::Url => request.url = Some(text()),
        Opt::Method => request.method = Some(text()),
        Opt::Header => add_headers(request, &bytes, line, files)?,
        Opt::Data(kind) => {
            let data = data_value(kind, &bytes, line, files)?;
            if kind == DataKind::Json {
                add_json_headers(request);
            }
            request.data.push((kind, data));
        }
        Opt::Form => {
            let message = "multipart bodies (-F/--form) cannot be reproduced byte for byte: \
                           capture the request instead";
            return Err(Fault::line(line, message).into());
        }
        Opt::Get => request.get = true,
        Opt::Head => request.head = true,
        Opt::SkipValue | Opt::Skip => {}
    }
    Ok(())
}

/// `-H 'Name: value'`, `-H 'Name;'` (empty value), `-H 'Name:'` (curl drops the header),
/// or `-H @file` (one header per line).
fn add_headers(
    request: &mut Request,
    value: &[u8],
    line: usize,
    files: DataFiles<'_>,
) -> Result<(), OptionError> {
    let Some(path) = value.strip_prefix(b"@") else {
        return Ok(add_header(request, value, line)?);
    };
    let contents = read_data_file(path, line, files)?;
    for header_line in contents.split(|&b| b == b'\n') {
        let header_line = header_line.strip_suffix(b"\r").unwrap_or(header_line);
        if !header_line.iter().all(u8::is_ascii_whitespace) {
            add_header(request, header_line, line)?;
        }
    }
    Ok(())
}

fn add_header(request: &mut Request, value: &[u8], line: usize) -> Result<(), Fault> {
    let text = String::from_utf8_lossy(value);
    if let Some((name, value)) = text.split_once(':') {
        let value = value.trim();
        if !value.is_empty() {
            let header = (name.trim().to_string(), value.to_string());
            request.headers.push(header);
        }
        return Ok(());
    }
    if let Some(name) = text.trim_end().strip_suffix(';') {
        request
            .headers
            .push((name.trim().to_string(), String::new()));
        return Ok(());
    }
    let message = format!("header '{}' has no ':'", snippet(value));
    Err(Fault::line(line, message))
}

fn add_json_headers(request: &mut Request) {
    let defaults = [
        ("Content-Type", "application/json"),
        ("Accept", "application/json"),
    ];
    for (name, value) in defaults {
        if request
            .headers
            .iter()
            .all(|(n, _)| !n.eq_ignore_ascii_case(name))
        {
            request.headers.push((name.to_string(), value.to_string()));
        }
    }
}

/// One data argument's bytes, as curl would send them.
fn data_value(
    kind: DataKind,
    value: &[u8],
    line: usize,
    files: DataFiles<'_>,
) -> Result<Vec<u8>, OptionError> {
    if kind == DataKind::UrlEncode {
        return url_encoded_data(value, line, files);
    }
    match value.strip_prefix(b"@") {
        Some(path) if kind == DataKind::Ascii => {
            let mut bytes = read_data_file(path, line, files)?;
            bytes.retain(|&b| b != b'\r' && b != b'\n');
            Ok(bytes)
        }
        Some(path) if kind != DataKind::Raw => read_data_file(path, line, files),
        _ => Ok(value.to_vec()),
    }
}

/// `--data-urlencode`: `content`, `=content`, `name=content`, `@file` or `name@file`,
/// the content percent-encoded.
fn url_encoded_data(
    value: &[u8],
    line: usize,
    files: DataFiles<'_>,
) -> Result<Vec<u8>, OptionError> {
    let equals = value.iter().position(|&b| b == b'=');
    let at = value.iter().position(|&b| b == b'@');
    // `@` names a file only when it comes before any `=`.
    let file_at = at.filter(|&a| equals.is_none_or(|e| a < e));
    let (name, content) = match (file_at, equals) {
        (Some(a), _) => (&value[..a], read_data_file(&value[a + 1..], line, files)?),
        (None, Some(e)) => (&value[..e], value[e + 1..].to_vec()),
        (None, None) => (&value[..0], value.to_vec()),
    };
    let mut out = name.to_vec();
    if !name.is_empty() {
        out.push(b'=');
    }
    out.extend(
        percent_encoding::percent_encode(&content, crate::core::UNRESERVED).flat_map(str::bytes),
    );
    Ok(out)
}

/// The bytes of a `@file` argument, relative paths resolved against `files.base_dir`.
fn read_data_file(path: &[u8], line: usize, files: DataFiles<'_>) -> Result<Vec<u8>, OptionError> {
    if path == b"-" {
        let message =
            "a body read from stdin (@-) was not captured: save it to a file and use @FILE";
        return Err(Fault::line(line, message).into());
    }
    let path = PathBuf::from(String::from_utf8_lossy(path).into_owned());
    let path = match files.base_dir {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path,
    };
    (files.read)(files.base_dir, &path).map_err(|e| OptionError::Io(line, path, e))
}

fn build(source: &str, request: Request) -> Result<Capture, Fault> {
    let url = request
        .url
        .clone()
        .or_else(|| pick_url(&request.positional))
        .ok_or_else(|| Fault::new("no URL in the curl command"))?;
    let data = join_data(&request.data);
    let has_data = !request.data.is_empty();
    let (path, body) = if request.get && has_data {
        let glue = if url.contains('?') { "&" } else { "?" };
        let query = String::from_utf8_lossy(&data);
        (url_path(&format!("{url}{glue}{query}")), Vec::new())
    } else {
        (url_path(&url), data)
    };
    let method = match request.method {
        Some(method) => method,
        None if request.head => "HEAD".to_string(),
        None if has_data && !request.get => "POST".to_string(),
        None => "GET".to_string(),
    };
    Ok(Capture {
        source: source.to_string(),
        method,
        path,
        headers: request.headers,
        body,
    })
}

/// The URL among positional words: the first that looks like one, else the first.
fn pick_url(positional: &[String]) -> Option<String> {
    positional
        .iter()
        .find(|p| p.contains("://"))
        .or_else(|| positional.first())
        .cloned()
}

/// Data arguments joined as curl joins them: with `&`, except `--json` pieces, which
/// are concatenated.
fn join_data(data: &[(DataKind, Vec<u8>)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (index, (kind, bytes)) in data.iter().enumerate() {
        if index > 0 && *kind != DataKind::Json {
            body.push(b'&');
        }
        body.extend_from_slice(bytes);
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::files::on_disk;

    fn words(input: &str) -> Vec<String> {
        shell_words(input.as_bytes())
            .unwrap()
            .iter()
            .map(Word::text)
            .collect()
    }

    fn curl(input: &str) -> Capture {
        parse("t.curl", input.as_bytes(), DataFiles::NONE).unwrap()
    }

    fn curl_error(input: &str) -> String {
        parse("t.curl", input.as_bytes(), DataFiles::NONE)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn splits_words_like_a_shell() {
        assert_eq!(
            words("a 'b c' \"d \\\" \\n\" e\\ f"),
            ["a", "b c", "d \" \\n", "e f"]
        );
        assert_eq!(words("a \\\n  b \\\r\n c''d ''"), ["a", "b", "cd", ""]);
        assert_eq!(words("a # comment\nb | jq ."), ["a", "b"]);
        assert_eq!(
            words("$'a\\nb\\'c\\\\d\\x41\\u00e9\\101\\q'"),
            ["a\nb'c\\dAéA\\q"]
        );
        assert_eq!(words("x$'\\t'\"y\"z"), ["x\tyz"]);
    }

    #[test]
    fn unterminated_quotes_name_their_line() {
        let cases: [(&[u8], Fault); 3] = [
            (b"a\n'b", Fault::line(2, "unterminated single quote")),
            (b"\"b", Fault::line(1, "unterminated double quote")),
            (b"$'b\\'", Fault::line(1, "unterminated $'...' quote")),
        ];
        for (input, expected) in cases {
            assert_eq!(shell_words(input).unwrap_err(), expected);
        }
    }

    #[test]
    fn reads_the_options_that_shape_the_request() {
        let c = curl(
            "curl -sS -XPUT http://h:8080/w?a=1 -H 'A: 1' -HB:2 -d x -d y -b 'k=v' -A agent --compressed",
        );
        assert_eq!((c.method.as_str(), c.path.as_str()), ("PUT", "/w?a=1"));
        let expected = [("A", "1"), ("B", "2")].map(|(n, v)| (n.to_string(), v.to_string()));
        assert_eq!(c.headers, expected);
        assert_eq!(c.body, b"x&y");
        let c = curl("curl --url https://h --data-raw @literal");
        assert_eq!((c.method.as_str(), c.path.as_str()), ("POST", "/"));
        assert_eq!(c.body, b"@literal");
        let c = curl("curl -G https://h/s -d q=1 --data-urlencode 'n=a b'");
        assert_eq!(
            (c.method.as_str(), c.path.as_str()),
            ("GET", "/s?q=1&n=a%20b")
        );
        assert!(c.body.is_empty());
        let c = curl("curl https://h/j --json '{}'");
        assert_eq!(c.header("content-type"), Some("application/json"));
    }

    #[test]
    fn data_files_are_read_as_curl_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.json"), b"{\r\n\"a\":1}\n").unwrap();
        let c = parse("t", b"curl h -d @b.json", on_disk(dir.path())).unwrap();
        assert_eq!(c.body, b"{\"a\":1}");
        let c = parse("t", b"curl h --data-binary @b.json", on_disk(dir.path())).unwrap();
        assert_eq!(c.body, b"{\r\n\"a\":1}\n");
        let e = parse("t", b"curl h --data-binary @missing", on_disk(dir.path())).unwrap_err();
        assert!(matches!(e, CaptureError::DataFile { .. }), "{e}");
        assert!(
            e.to_string().starts_with("t:1: cannot use the body file "),
            "{e}"
        );
    }

    #[test]
    fn refuses_what_it_cannot_reproduce() {
        let cases = [
            (
                "curl -d x",
                "t.curl: malformed curl capture: no URL in the curl command",
            ),
            (
                "wget http://h",
                "t.curl:1: malformed curl capture: not a curl command: it runs 'wget'",
            ),
            (
                "curl http://h\n -H",
                "t.curl:2: malformed curl capture: option -H needs a value",
            ),
            (
                "curl http://h -H nocolon",
                "t.curl:1: malformed curl capture: header 'nocolon' has no ':'",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(curl_error(input), expected);
        }
        assert!(curl_error("curl http://h -F a=@f").contains("cannot be reproduced byte for byte"));
        assert!(curl_error("curl http://h -d @-").contains("(@-)"));
    }
}
