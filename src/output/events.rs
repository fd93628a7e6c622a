//! How `events` shows stored requests: the listing (one line each, or one JSON object),
//! one request with its headers and raw body, the NDJSON export, and the prune count.

use crate::core::record::Record;
use crate::error::Result;
use crate::output::{sanitize, sanitize_bytes, stdout_error, Output};
use crate::store::{Found, StoredRequest};
use colored::Colorize;
use serde_json::json;
use std::io::{BufWriter, IsTerminal, StdoutLock, Write};

/// What `events list` shows besides the rows: how many requests the filter matches in
/// the whole store, and whether a filter was given (for the footer's wording).
pub struct Listing<'a> {
    pub rows: &'a [StoredRequest],
    pub total: u64,
    pub filtered: bool,
}

/// The widest a problem is shown when the terminal's width is unknown (a pipe).
const PROBLEM_WIDTH: usize = 60;

/// `events list`: newest first, as the store gave them, under a header row and over a
/// footer with how many of the matching requests are shown; an invalid row ends with its
/// first problem, escaped and cut to the line. `--json` is the rows alone.
pub fn list(out: &Output, listing: &Listing<'_>) -> Result<()> {
    let rows = listing.rows;
    if out.json {
        let events: Vec<_> = rows.iter().map(summary).collect();
        return out.json_line(&json!({ "events": events }));
    }
    if rows.is_empty() {
        out.note(
            "no stored requests match (the listener stores what it receives: roomz-hook listen)",
        );
        return Ok(());
    }
    let width = console::Term::stdout()
        .size_checked()
        .map(|(_, columns)| usize::from(columns));
    for line in table(rows, width) {
        out.line(line);
    }
    let noun = if listing.filtered {
        ("stored request matches", "stored requests match")
    } else {
        ("stored request", "stored requests")
    };
    let mut footer = format!(
        "{} of {}",
        crate::output::number(rows.len() as u64),
        crate::output::count(listing.total, noun.0, noun.1)
    );
    if (rows.len() as u64) < listing.total {
        footer.push_str(" (newest first; --limit N shows more)");
    }
    out.line(footer.dimmed());
    Ok(())
}

/// The listing's lines: a header, then a row per request with its columns aligned. The
/// last column (a duplicate's mark, an invalid event's first problem) is cut to fit
/// `width` when the terminal's is known, else to [`PROBLEM_WIDTH`].
fn table(rows: &[StoredRequest], width: Option<usize>) -> Vec<String> {
    const HEADER: [&str; 8] = [
        "ROW",
        "RECEIVED",
        "REQUEST",
        "STATUS",
        "SIGNATURE",
        "TYPE",
        "EVENT ID",
        "NOTE",
    ];
    let cells: Vec<[String; 8]> = rows
        .iter()
        .map(|row| {
            let mut note = Vec::new();
            if row.duplicate {
                note.push("duplicate".to_string());
            }
            if let Some(problem) = row.problems.first() {
                note.push(sanitize(problem).into_owned());
            }
            [
                format!("#{}", row.seq),
                row.received_at.clone(),
                format!("{} {}", sanitize(&row.method), sanitize(&row.path)),
                row.status.to_string(),
                row.signature.clone(),
                sanitize(row.event_type.as_deref().unwrap_or("-")).into_owned(),
                sanitize(row.event_id.as_deref().unwrap_or("-")).into_owned(),
                note.join(": "),
            ]
        })
        .collect();
    let has_note = cells.iter().any(|c| !c[7].is_empty());
    let columns = if has_note { 8 } else { 7 };
    let mut widths = [0usize; 8];
    for row in std::iter::once(&HEADER.map(String::from)).chain(&cells) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let gap = "  ";
    let before_note: usize = widths[..7].iter().map(|w| w + gap.len()).sum();
    let note_width = width
        .map(|w| w.saturating_sub(before_note).max(20))
        .unwrap_or(PROBLEM_WIDTH);
    let line = |cells: &[String; 8], colour: &dyn Fn(usize, String) -> String| {
        let mut text = String::new();
        // Trailing empty cells (a row without a note) leave no trailing blanks.
        let columns = (0..columns)
            .rev()
            .find(|&i| !cells[i].is_empty())
            .map_or(0, |i| i + 1);
        for i in 0..columns {
            let cell = if i == 7 {
                cut(&cells[i], note_width)
            } else {
                cells[i].clone()
            };
            let last = i + 1 == columns;
            let padded = if last {
                cell
            } else {
                format!("{cell:<width$}", width = widths[i])
            };
            text.push_str(&colour(i, padded));
            if !last {
                text.push_str(gap);
            }
        }
        text
    };
    let mut lines = vec![line(&HEADER.map(String::from), &|_, c| {
        c.bold().to_string()
    })];
    for (row, cells) in rows.iter().zip(&cells) {
        let answered_ok = (200..300).contains(&row.status);
        lines.push(line(cells, &|i, c| match i {
            1 => c.dimmed().to_string(),
            3 if answered_ok => c.green().to_string(),
            3 => c.red().to_string(),
            7 if !row.problems.is_empty() => c.red().to_string(),
            _ => c,
        }));
    }
    lines
}

/// `text` in at most `width` characters, ending with `…` when cut.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{kept}…")
}

/// `events list --json`: a request without its headers and body.
fn summary(row: &StoredRequest) -> serde_json::Value {
    json!({
        "seq": row.seq, "received_at": row.received_at, "method": row.method, "path": row.path,
        "event_id": row.event_id, "event_type": row.event_type, "signature": row.signature,
        "duplicate": row.duplicate, "problems": row.problems, "warnings": row.warnings,
        "status": row.status,
        "forward_status": row.forward_status,
    })
}

/// `events show`: with `body_only`, the body's exact bytes; with `--json`, the record
/// and `deliveries`; else a heading, how many deliveries the event had (when more than
/// one: this is the newest, or the row asked for), the problems, the headers, and the body
/// (escaped on a terminal).
pub fn show(out: &Output, found: &Found, body_only: bool) -> Result<()> {
    let row = &found.request;
    let mut stdout = std::io::stdout().lock();
    if body_only {
        return stdout.write_all(&row.body).map_err(stdout_error);
    }
    if out.json {
        drop(stdout);
        let mut record = serde_json::to_value(Record::from_stored(row))
            .map_err(|e| crate::error::Error::usage(anyhow::anyhow!(e)))?;
        record["deliveries"] = json!(found.deliveries);
        return out.json_line(&record);
    }
    let mut text = format!(
        "#{} {} {} {}  → {} (signature {}{})\n",
        row.seq,
        row.received_at,
        row.method,
        sanitize(&row.path),
        row.status,
        row.signature,
        if row.duplicate { ", duplicate" } else { "" }
    );
    if found.deliveries > 1 {
        text.push_str(&format!(
            "delivered {} times (list them: roomz-hook events export --id {})\n",
            found.deliveries,
            sanitize(row.event_id.as_deref().unwrap_or_default())
        ));
    }
    for problem in &row.problems {
        text.push_str(&format!("! {}\n", sanitize(problem)));
    }
    if let Some(hint) = &row.hint {
        text.push_str(&format!("hint: {}\n", sanitize(hint)));
    }
    for warning in &row.warnings {
        text.push_str(&format!("warning: {}\n", sanitize(warning)));
    }
    if let Some(details) = &row.details {
        text.push_str(&format!(
            "details (listen --fetch): {}\n",
            sanitize(details)
        ));
    }
    for (name, value) in &row.headers {
        text.push_str(&format!("{}: {}\n", sanitize(name), sanitize(value)));
    }
    text.push('\n');
    stdout.write_all(text.as_bytes()).map_err(stdout_error)?;
    if std::io::stdout().is_terminal() {
        // Escaped for the terminal; `--body` gives the exact bytes.
        writeln!(stdout, "{}", sanitize_bytes(&row.body)).map_err(stdout_error)?;
    } else {
        stdout.write_all(&row.body).map_err(stdout_error)?;
    }
    Ok(())
}

/// `events export`: one record per line on stdout, buffered, with one line buffer reused
/// for every row (an export may hold many thousands).
pub struct RecordLines {
    stdout: BufWriter<StdoutLock<'static>>,
    line: Vec<u8>,
}

impl RecordLines {
    pub fn stdout() -> Self {
        RecordLines {
            stdout: BufWriter::new(std::io::stdout().lock()),
            line: Vec::new(),
        }
    }

    pub fn write(&mut self, row: &StoredRequest) -> Result<()> {
        self.line.clear();
        Record::from_stored(row).write_line(&mut self.line);
        self.stdout.write_all(&self.line).map_err(stdout_error)
    }

    /// Flushes what is buffered; a failed write here is reported as any other.
    pub fn finish(mut self) -> Result<()> {
        self.stdout.flush().map_err(stdout_error)
    }
}

/// `events prune`.
pub fn pruned(out: &Output, deleted: usize) -> Result<()> {
    if out.json {
        out.json_line(&json!({ "deleted": deleted }))
    } else {
        out.line(format!("deleted {deleted} stored requests"));
        Ok(())
    }
}
