//! How `verify` shows its verdicts: one line per capture (with the hint on a mismatch) and
//! a count on stderr, or one JSON object with every result and the counts.

use crate::app::verify::CaptureResult;
use crate::output::{sanitize, Output};
use colored::Colorize;
use serde::Serialize;

/// `verify --json`.
#[derive(Serialize)]
struct Report<'a> {
    results: &'a [CaptureResult],
    valid: usize,
    invalid: usize,
}

/// Prints the verdicts; `fingerprint` names the secret they were checked with.
pub fn print_results(
    out: &Output,
    results: &[CaptureResult],
    fingerprint: &str,
) -> crate::error::Result<()> {
    let valid = results.iter().filter(|r| r.valid).count();
    let invalid = results.len() - valid;
    if out.json {
        return out.json_line(&Report {
            results,
            valid,
            invalid,
        });
    }
    for result in results {
        out.line(human_line(result));
    }
    out.note(format!(
        "{valid} valid, {invalid} invalid (secret {fingerprint})"
    ));
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
