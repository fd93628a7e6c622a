//! Captured HTTP requests, read from files in every format the contract lists (raw
//! HTTP/1.1, a JSON object, HAR, NDJSON, a curl command line) so that `verify` and
//! `replay` can work on them. A body is kept as its exact bytes, never parsed and
//! re-serialised, because a signature is over those bytes. No printing, no exit codes:
//! errors say what failed, in which file and where, and the command decides the rest.

mod curl;
mod http;
mod json;

use crate::core::signature;
use std::fmt;
use std::path::{Path, PathBuf};

/// One recorded HTTP request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    /// Where it came from, precise enough to find it again: `dir/a.http`,
    /// `events.ndjson:3` (line), `session.har#2` (entry).
    pub source: String,
    pub method: String,
    /// The request target: path and query.
    pub path: String,
    /// Headers in the order captured, names as captured.
    pub headers: Vec<(String, String)>,
    /// The exact body bytes.
    pub body: Vec<u8>,
}

impl Capture {
    /// The value of the first header called `name`, compared case-insensitively as HTTP does.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The signature header, as `(name as captured, value)`: the first of
    /// [`signature::HEADERS`] the capture carries, so the current name wins over the legacy one.
    pub fn signature_header(&self) -> Option<(&str, &str)> {
        signature::HEADERS.iter().find_map(|wanted| {
            self.headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(wanted))
                .map(|(n, v)| (n.as_str(), v.as_str()))
        })
    }
}

/// The file formats a capture can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    RawHttp,
    Json,
    Har,
    Ndjson,
    Curl,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::RawHttp => "raw HTTP",
            Format::Json => "JSON",
            Format::Har => "HAR",
            Format::Ndjson => "NDJSON",
            Format::Curl => "curl",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why captures could not be read. Every variant is an input error (exit 2 at the CLI).
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is of a known format but broken. (`location` rather than `source`:
    /// thiserror reserves a field called `source` for the underlying error.)
    #[error("{location}: malformed {format} capture: {message}")]
    Malformed {
        /// The file, with `:LINE` or `#ENTRY` where known.
        location: String,
        format: Format,
        message: String,
    },
    #[error("{location}: not a capture: expected raw HTTP, JSON, HAR, NDJSON or curl")]
    NotACapture { location: String },
    #[error("{}: the directory holds no capture files", .path.display())]
    EmptyDirectory { path: PathBuf },
    /// A curl capture's `-d @FILE` that cannot be used: unreadable, too large, or outside
    /// the capture's own directory.
    #[error("{location}: cannot use the body file {}: {source}", .path.display())]
    DataFile {
        /// The capture, with `:LINE` of the option.
        location: String,
        path: PathBuf,
        source: std::io::Error,
    },
    /// Over a limit: a capture file over 64 MiB, a body over `--max-body`.
    #[error("{location}: {message}")]
    TooLarge { location: String, message: String },
}

impl CaptureError {
    /// The input the error is about (`file`, `file:LINE`, `file#ENTRY`), and the message
    /// without it: for reports that show the two apart.
    pub fn split(&self) -> (String, String) {
        let full = self.to_string();
        let location = match self {
            CaptureError::Io { path, .. } | CaptureError::EmptyDirectory { path } => {
                path.display().to_string()
            }
            CaptureError::Malformed { location, .. }
            | CaptureError::NotACapture { location }
            | CaptureError::DataFile { location, .. }
            | CaptureError::TooLarge { location, .. } => location.clone(),
        };
        let message = match self {
            CaptureError::Io { source, .. } => format!("cannot read it: {source}"),
            CaptureError::EmptyDirectory { .. } => "the directory holds no capture files".into(),
            _ => full
                .strip_prefix(&format!("{location}: "))
                .unwrap_or(&full)
                .to_string(),
        };
        (location, message)
    }
}

/// Where in a file a problem is: what turns a message into a precise location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    File,
    Line(usize),
    Entry(usize),
}

/// A format parser's complaint, before it knows the file's name.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fault {
    at: At,
    message: String,
}

impl Fault {
    fn new(message: impl Into<String>) -> Self {
        Fault {
            at: At::File,
            message: message.into(),
        }
    }

    fn line(line: usize, message: impl Into<String>) -> Self {
        Fault {
            at: At::Line(line),
            message: message.into(),
        }
    }

    fn into_error(self, source: &str, format: Format) -> CaptureError {
        let location = match self.at {
            At::File => source.to_string(),
            At::Line(n) => format!("{source}:{n}"),
            At::Entry(n) => format!("{source}#{n}"),
        };
        CaptureError::Malformed {
            location,
            format,
            message: self.message,
        }
    }
}

/// Recognises a capture's format from its content (file names lie, stdin has none).
pub fn detect(bytes: &[u8]) -> Option<Format> {
    let text = skip_leading_space(bytes);
    if curl::looks_like_curl(text) {
        Some(Format::Curl)
    } else if text.starts_with(b"{") {
        Some(json::detect(text))
    } else if http::looks_like_request_line(text) {
        Some(Format::RawHttp)
    } else {
        None
    }
}

/// Reads every capture in `bytes` (a file's content or stdin), detecting the format.
/// `source` names the input in captures and errors; `files` is how a curl command's
/// `-d @file` arguments are read.
pub fn parse(
    source: &str,
    bytes: &[u8],
    files: DataFiles<'_>,
) -> Result<Vec<Capture>, CaptureError> {
    let format = detect(bytes).ok_or_else(|| CaptureError::NotACapture {
        location: source.to_string(),
    })?;
    parse_as(format, source, bytes, files)
}

/// Reads `bytes` as captures of a known `format`.
pub fn parse_as(
    format: Format,
    source: &str,
    bytes: &[u8],
    files: DataFiles<'_>,
) -> Result<Vec<Capture>, CaptureError> {
    let fault = |f: Fault| f.into_error(source, format);
    // Editors on Windows may start a file with a byte order mark; it is never content.
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    match format {
        Format::RawHttp => http::parse(source, bytes).map(|c| vec![c]).map_err(fault),
        Format::Json => json::parse_object_file(source, bytes)
            .map(|c| vec![c])
            .map_err(fault),
        Format::Har => json::parse_har(source, bytes).map_err(fault),
        Format::Ndjson => json::parse_ndjson(source, bytes).map_err(fault),
        Format::Curl => curl::parse(source, bytes, files).map(|c| vec![c]),
    }
}

/// Where a curl capture's `-d @FILE` arguments come from. The core reads no files
/// itself: the caller hands in the reader and the capture's directory, which relative
/// paths start from (the current one when `None`, as curl does). The reader is given
/// that directory and the path, so that it can refuse a file outside it: a capture from
/// someone else must not make `replay` send `~/.config/...`.
#[derive(Clone, Copy)]
pub struct DataFiles<'a> {
    pub base_dir: Option<&'a Path>,
    pub read: &'a ReadDataFile,
}

/// Reads `-d @FILE`: given the capture's directory (if any) and the path to read.
pub type ReadDataFile = dyn Fn(Option<&Path>, &Path) -> std::io::Result<Vec<u8>>;

impl DataFiles<'static> {
    /// For a capture that came from no file: every `@FILE` is an error.
    pub const NONE: DataFiles<'static> = DataFiles {
        base_dir: None,
        read: &no_files,
    };
}

fn no_files(_base_dir: Option<&Path>, path: &Path) -> std::io::Result<Vec<u8>> {
    Err(std::io::Error::new(
        std::io::ErrorKind::NotFound,
        format!("no file is read for this capture ({})", path.display()),
    ))
}

/// The UTF-8 byte order mark.
const BOM: &[u8] = "\u{feff}".as_bytes();

fn skip_leading_space(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// The 1-based line number of byte `offset` in `bytes`.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    let end = offset.min(bytes.len());
    1 + bytes[..end].iter().filter(|&&b| b == b'\n').count()
}

/// A short, printable rendering of untrusted bytes for an error message.
fn snippet(bytes: &[u8]) -> String {
    const MAX: usize = 60;
    let text = String::from_utf8_lossy(bytes);
    let escaped: String = text.chars().flat_map(char::escape_debug).collect();
    match escaped.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &escaped[..cut]),
        None => escaped,
    }
}

/// Turns a request URL (absolute, scheme-less or already a path) into its path and query.
fn url_path(url: &str) -> String {
    let url = url.split('#').next().unwrap_or_default();
    let target = if url.starts_with('/') {
        url
    } else {
        let after_scheme = url.find("://").map_or(url, |i| &url[i + 3..]);
        after_scheme
            .find(['/', '?'])
            .map_or("", |i| &after_scheme[i..])
    };
    if target.is_empty() {
        "/".to_string()
    } else if target.starts_with('?') {
        format!("/{target}")
    } else {
        target.to_string()
    }
}

#[cfg(test)]
mod tests;
