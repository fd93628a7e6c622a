//! `verify`'s work: reading the captured requests to check, and checking a set of them
//! against a secret, with a mismatch diagnosed against the rest of the set (one capture
//! signed over another's body, the wrong secret, the wrong encoding...).

use crate::app::files::{on_disk, parse_bounded, read_bounded, read_captures_each, Limits};
use crate::core::capture::{Capture, CaptureError};
use crate::core::event;
use crate::core::signature::{self, Key, ParsedSignature, Scheme, Sibling, Verification, HEADERS};
use crate::core::units::format_size;
use crate::error::{Error, Result, ResultExt};
use serde::Serialize;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// What to check, as the flags gave it.
#[derive(Debug)]
pub enum Inputs<'a> {
    /// `--body FILE --signature SIG`: one body and the signature it should have.
    BodyAndSignature { body: &'a Path, signature: &'a str },
    /// Capture files or directories; `-` is stdin, and no path at all reads stdin too.
    Captures(&'a [PathBuf]),
}

/// One capture's verdict: the `results[]` objects of `verify --json`.
#[derive(Debug, Serialize)]
pub struct CaptureResult {
    pub source: String,
    pub valid: bool,
    pub algorithm: Option<&'static str>,
    pub encoding: Option<&'static str>,
    pub header: Option<String>,
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    pub hint: Option<String>,
    /// The event's validation (CONTRACT 4.1): what breaks ROOMZ's documents, and what is
    /// worth knowing. A signature is checked whatever these say.
    pub problems: Vec<String>,
    pub warnings: Vec<String>,
}

/// An input that could not be read: the `errors[]` objects of `verify --json`.
#[derive(Debug, Clone, Serialize)]
pub struct LoadError {
    /// The file, with `:LINE` or `#ENTRY` where known.
    pub source: String,
    pub error: String,
}

impl From<CaptureError> for LoadError {
    fn from(error: CaptureError) -> Self {
        let (source, error) = error.split();
        LoadError { source, error }
    }
}

/// What the inputs gave: every capture that could be read, and an error for each input
/// that could not (one bad file in a directory hides no other file's results).
#[derive(Debug, Default)]
pub struct Loaded {
    pub captures: Vec<Capture>,
    pub errors: Vec<LoadError>,
}

/// The captures the inputs name, in order, each read within `limits`. `Err` (exit 2)
/// only when there is nothing to read at all: no paths, and stdin a terminal.
pub fn load_captures(inputs: &Inputs<'_>, limits: Limits) -> Result<Loaded> {
    let mut loaded = Loaded::default();
    let paths = match inputs {
        Inputs::BodyAndSignature { body, signature } => {
            let source = body.display().to_string();
            let read = std::fs::File::open(body)
                .and_then(|file| read_bounded(file, limits.body))
                .usage_context(format!("cannot read {source}"))?;
            let Some(bytes) = read else {
                return Err(Error::usage_msg(format!(
                    "{source}: the body is over --max-body {}: raise --max-body to check it",
                    format_size(limits.body)
                )));
            };
            loaded.captures.push(Capture {
                source,
                method: "POST".into(),
                path: "/".into(),
                headers: vec![(signature::HEADER.to_string(), signature.to_string())],
                body: bytes,
            });
            return Ok(loaded);
        }
        Inputs::Captures(paths) => paths,
    };
    if paths.is_empty() && std::io::stdin().is_terminal() {
        return Err(Error::usage_msg(
            "nothing to verify: give capture files (or `-` for stdin), or --body FILE --signature SIG",
        ));
    }
    let mut take = |read: Result<Vec<Capture>, CaptureError>| match read {
        Ok(captures) => loaded.captures.extend(captures),
        Err(error) => loaded.errors.push(error.into()),
    };
    if paths.is_empty() {
        take(read_stdin(limits));
    }
    for path in paths.iter() {
        if path.as_os_str() == "-" {
            take(read_stdin(limits));
        } else {
            read_captures_each(path, limits)
                .into_iter()
                .for_each(&mut take);
        }
    }
    Ok(loaded)
}

fn read_stdin(limits: Limits) -> Result<Vec<Capture>, CaptureError> {
    let source = "<stdin>";
    let bytes = read_bounded(std::io::stdin().lock(), limits.file)
        .map_err(|e| CaptureError::TooLarge {
            location: source.into(),
            message: format!("cannot read it: {e}"),
        })?
        .ok_or_else(|| CaptureError::TooLarge {
            location: source.into(),
            message: limits.file_message(),
        })?;
    parse_bounded(source, &bytes, on_disk(Path::new(".")), limits)
}

/// Verifies every capture; a mismatch is diagnosed against the others in the set.
pub fn check_all(secret: &[u8], expected: Scheme, captures: &[Capture]) -> Vec<CaptureResult> {
    let key = Key::new(secret);
    let received: Vec<Option<ParsedSignature>> = captures
        .iter()
        .map(|c| {
            c.signature_header()
                .and_then(|(_, value)| signature::parse_signature(value).ok())
        })
        .collect();
    captures
        .iter()
        .enumerate()
        .map(|(index, capture)| {
            let siblings: Vec<Sibling<'_>> = captures
                .iter()
                .zip(&received)
                .enumerate()
                .filter(|(i, _)| *i != index)
                .map(|(_, (c, r))| Sibling {
                    source: &c.source,
                    body: &c.body,
                    received: r.as_ref(),
                })
                .collect();
            check_one(&key, secret, expected, capture, &siblings)
        })
        .collect()
}

fn check_one(
    key: &Key,
    secret: &[u8],
    expected: Scheme,
    capture: &Capture,
    siblings: &[Sibling<'_>],
) -> CaptureResult {
    let (event_id, event_type, problems, warnings) = match event::inspect(&capture.body) {
        Ok(inspection) => (
            inspection.event.id.clone(),
            inspection.event.event_type.clone(),
            inspection.error_messages(),
            inspection.warning_messages(),
        ),
        Err(error) => (None, None, vec![error.to_string()], Vec::new()),
    };
    let mut result = CaptureResult {
        source: capture.source.clone(),
        valid: false,
        algorithm: None,
        encoding: None,
        header: None,
        event_id,
        event_type,
        hint: None,
        problems,
        warnings,
    };
    let Some((header, value)) = capture.signature_header() else {
        result.hint = Some(format!(
            "no signature header: looked for {}",
            HEADERS.join(" and ")
        ));
        return result;
    };
    result.header = Some(header.to_string());
    let verification = key.verify(expected, &capture.body, value);
    if let Some(scheme) = verification.scheme() {
        result.algorithm = Some(scheme.algorithm.as_str());
        result.encoding = Some(scheme.encoding.as_str());
    }
    result.valid = verification.is_valid();
    result.hint = failure_hint(secret, expected, &capture.body, verification, siblings);
    result
}

/// Why a signature did not verify, in a sentence (None when it did): a malformed one's
/// parse error, or the usual mistake behind a mismatch. `verify` and `listen` both say it.
pub fn failure_hint(
    secret: &[u8],
    expected: Scheme,
    body: &[u8],
    verification: Verification,
    siblings: &[signature::Sibling<'_>],
) -> Option<String> {
    match verification {
        Verification::Valid(_) => None,
        Verification::Malformed(error) => Some(error.to_string()),
        Verification::Mismatch(parsed) => {
            Some(signature::diagnose(secret, expected, body, &parsed, siblings).to_string())
        }
    }
}
