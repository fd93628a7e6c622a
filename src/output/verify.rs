//! How `verify` shows its verdicts: one line per capture (with the hint on a mismatch),
//! the inputs that could not be read on stderr, and a count; or one JSON object with
//! every result, every error and the counts.

use crate::app::verify::{CaptureResult, LoadError};
use crate::output::{sanitize, Output};
use colored::Colorize;
use serde::Serialize;

/// `verify --json`.
#[derive(Serialize)]
struct Report<'a> {
    results: &'a [CaptureResult],
    valid: usize,
    invalid: usize,
    /// Inputs that could not be read (exit 2), beside the results of the others.
    errors: &'a [LoadError],
}

/// Prints the verdicts and the inputs that could not be read; `fingerprint` names the
/// secret they were checked with (none when nothing could be checked).
pub fn print_results(
    out: &Output,
    results: &[CaptureResult],
    errors: &[LoadError],
    fingerprint: Option<&str>,
) -> crate::error::Result<()> {
    let valid = results.iter().filter(|r| r.valid).count();
    let invalid = results.len() - valid;
    if out.json {
        return out.json_line(&Report {
            results,
            valid,
            invalid,
            errors,
        });
    }
    for result in results {
        out.line(human_line(result));
    }
    // An input error is shown even with --quiet, as every error is.
    for error in errors {
        eprintln!(
            "{} {}: {}",
            "error:".red().bold(),
            sanitize(&error.source),
            sanitize(&error.error)
        );
    }
    let mut count = format!("{valid} valid, {invalid} invalid");
    if !errors.is_empty() {
        count.push_str(&format!(", {} unreadable", errors.len()));
    }
    if let Some(fingerprint) = fingerprint {
        count.push_str(&format!(" (secret {fingerprint})"));
    }
    out.note(count);
    Ok(())
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
