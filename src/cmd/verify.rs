//! `roomz-hook verify [CAPTURE...]`: checks captured requests' signatures and, on a
//! mismatch, names the usual mistake that explains it.

use super::shared::SchemeArgs;
use super::Context;
use crate::core::capture::{self, Capture};
use crate::core::event;
use crate::core::signature::{self, Key, ParsedSignature, Scheme, Sibling, Verification, HEADERS};
use crate::error::{Error, ExitCode, Result, ResultExt};
use crate::output::sanitize;
use clap::Args;
use colored::Colorize;
use serde::Serialize;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Captured requests: raw HTTP, JSON, HAR, NDJSON (`listen --json`), a curl command,
    /// or a directory of them; `-` reads stdin.
    #[arg(value_name = "CAPTURE", conflicts_with = "body")]
    pub captures: Vec<PathBuf>,

    /// A body file to check against --signature instead of captures.
    #[arg(long, value_name = "FILE", requires = "signature")]
    pub body: Option<PathBuf>,

    /// The signature to check the --body file against.
    #[arg(long, value_name = "SIG", requires = "body")]
    pub signature: Option<String>,

    #[command(flatten)]
    pub scheme: SchemeArgs,
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
}

#[derive(Serialize)]
struct Report<'a> {
    results: &'a [CaptureResult],
    valid: usize,
    invalid: usize,
}

pub fn exec(args: VerifyArgs, ctx: &Context) -> Result<ExitCode> {
    let captures = load_captures(&args)?;
    // Read the secret after the inputs: a bad path is reported before a missing secret.
    let secret = ctx.secret()?;
    let results = check_all(secret.expose().as_bytes(), args.scheme.scheme(), &captures);
    let valid = results.iter().filter(|r| r.valid).count();
    let invalid = results.len() - valid;

    if ctx.out.json {
        ctx.out.json_line(&Report {
            results: &results,
            valid,
            invalid,
        })?;
    } else {
        for result in &results {
            ctx.out.line(human_line(result));
        }
        ctx.out.note(format!(
            "{valid} valid, {invalid} invalid (secret {})",
            secret.fingerprint()
        ));
    }
    Ok(ExitCode::check(invalid == 0))
}

fn load_captures(args: &VerifyArgs) -> Result<Vec<Capture>> {
    if let (Some(body_path), Some(value)) = (&args.body, &args.signature) {
        let body = std::fs::read(body_path)
            .usage_context(format!("cannot read {}", body_path.display()))?;
        return Ok(vec![Capture {
            source: body_path.display().to_string(),
            method: "POST".into(),
            path: "/".into(),
            headers: vec![(signature::HEADER.to_string(), value.clone())],
            body,
        }]);
    }
    if args.captures.is_empty() {
        if std::io::stdin().is_terminal() {
            return Err(Error::usage_msg(
                "nothing to verify: give capture files (or `-` for stdin), or --body FILE --signature SIG",
            ));
        }
        return read_stdin();
    }
    let mut captures = Vec::new();
    for path in &args.captures {
        if path.as_os_str() == "-" {
            captures.extend(read_stdin()?);
        } else {
            captures.extend(capture::read_path(path).map_err(Error::usage)?);
        }
    }
    Ok(captures)
}

fn read_stdin() -> Result<Vec<Capture>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .usage_context("cannot read stdin")?;
    capture::parse("<stdin>", &bytes, Some(Path::new("."))).map_err(Error::usage)
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
    let (event_id, event_type) = match event::inspect(&capture.body) {
        Ok(inspection) => (inspection.event.id, inspection.event.event_type),
        Err(_) => (None, None),
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
    match verification {
        Verification::Valid(_) => result.valid = true,
        Verification::Malformed(error) => result.hint = Some(error.to_string()),
        Verification::Mismatch(parsed) => {
            let diagnosis = signature::diagnose(secret, expected, &capture.body, &parsed, siblings);
            result.hint = Some(diagnosis.to_string());
        }
    }
    result
}

fn human_line(result: &CaptureResult) -> String {
    let mark = if result.valid {
        "✓ valid  ".green().bold()
    } else {
        "✗ invalid".red().bold()
    };
    let mut line = format!("{mark} {}", sanitize(&result.source));
    if let Some(kind) = &result.event_type {
        line.push_str(&format!("  {}", sanitize(kind).cyan()));
    }
    if let Some(id) = &result.event_id {
        line.push_str(&format!("  {}", sanitize(id).dimmed()));
    }
    if let Some(hint) = &result.hint {
        line.push_str(&format!("\n    {} {}", "hint:".yellow(), sanitize(hint)));
    }
    line
}
