//! How `events` shows stored requests: the listing (one line each, or one JSON object),
//! one request with its headers and raw body, the NDJSON export, and the prune count.

use crate::core::record::Record;
use crate::error::Result;
use crate::output::{sanitize, sanitize_bytes, stdout_error, Output};
use crate::store::{Found, StoredRequest};
use colored::Colorize;
use serde_json::json;
use std::io::{BufWriter, IsTerminal, StdoutLock, Write};

/// `events list`: newest first, as the store gave them.
pub fn list(out: &Output, rows: &[StoredRequest]) -> Result<()> {
    if out.json {
        let events: Vec<_> = rows.iter().map(summary).collect();
        return out.json_line(&json!({ "events": events }));
    }
    if rows.is_empty() {
        out.note(
            "no stored requests match (the listener stores what it receives: roomz-hook listen)",
        );
    }
    for row in rows {
        let status = if (200..300).contains(&row.status) {
            row.status.to_string().green()
        } else {
            row.status.to_string().red()
        };
        out.line(format!(
            "#{:<5} {}  {} {}  {status}  {:<9} {:<28} {}{}",
            row.seq,
            row.received_at.dimmed(),
            row.method,
            sanitize(&row.path),
            row.signature,
            sanitize(row.event_type.as_deref().unwrap_or("-")),
            sanitize(row.event_id.as_deref().unwrap_or("-")),
            if row.duplicate { "  duplicate" } else { "" }
        ));
    }
    Ok(())
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
