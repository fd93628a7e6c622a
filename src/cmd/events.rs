//! `roomz-hook events list|show|export|prune`: what the listener stored.

use super::Context;
use crate::core::record::Record;
use crate::core::units::parse_duration;
use crate::error::{Error, ExitCode, Result};
use crate::output::{sanitize, sanitize_bytes, stdout_error};
use crate::store::{format_time, Filter, Store, StoredRequest};
use clap::{Args, Subcommand};
use colored::Colorize;
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::time::Duration;

#[derive(Debug, Args)]
pub struct EventsArgs {
    #[command(subcommand)]
    pub action: EventsAction,
}

#[derive(Debug, Subcommand)]
pub enum EventsAction {
    /// The latest stored requests, newest first.
    List {
        #[command(flatten)]
        filter: FilterArgs,
        /// At most N requests.
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: usize,
    },
    /// One stored request: its headers and its raw body.
    Show {
        /// An event id (or a unique prefix of one), or a row number like `#12`.
        id: String,
        /// Print only the body, byte for byte (pipe it to `roomz-hook sign`).
        #[arg(long)]
        body: bool,
    },
    /// Every stored request as NDJSON, oldest first: what `replay` and `verify` read.
    Export {
        #[command(flatten)]
        filter: FilterArgs,
        /// Only the event with this id.
        #[arg(long, value_name = "ID")]
        id: Option<String>,
    },
    /// Delete stored requests.
    Prune {
        /// Delete requests received longer ago than DUR (e.g. 24h, 30m).
        #[arg(long, value_name = "DUR", value_parser = parse_duration)]
        older_than: Option<Duration>,
        /// Keep only the newest N requests.
        #[arg(long, value_name = "N")]
        keep: Option<usize>,
        /// Delete every stored request.
        #[arg(long, conflicts_with_all = ["older_than", "keep"])]
        all: bool,
    },
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only these event types (comma-separated).
    #[arg(long = "type", value_name = "TYPE")]
    pub event_type: Option<String>,
    /// Only requests received in the last DUR (e.g. 10m, 2h).
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub since: Option<Duration>,
}

impl FilterArgs {
    pub fn filter(&self) -> Filter {
        Filter {
            event_type: self.event_type.clone(),
            since: self.since.map(ago),
            ..Filter::default()
        }
    }
}

/// The store's time `duration` ago.
pub fn ago(duration: Duration) -> String {
    format_time(time::OffsetDateTime::now_utc() - duration)
}

pub fn exec(args: EventsArgs, ctx: &Context) -> Result<ExitCode> {
    let settings = ctx.settings()?;
    let path = settings.require_store().map_err(Error::usage)?;
    let store = Store::open(path).map_err(Error::usage)?;
    match args.action {
        EventsAction::List { filter, limit } => list(&store, filter.filter(), limit, ctx),
        EventsAction::Show { id, body } => show(&store, &id, body, ctx),
        EventsAction::Export { filter, id } => export(
            &store,
            Filter {
                event_id: id,
                ..filter.filter()
            },
        ),
        EventsAction::Prune {
            older_than,
            keep,
            all,
        } => prune(&store, older_than, keep, all, ctx),
    }
}

fn list(store: &Store, filter: Filter, limit: usize, ctx: &Context) -> Result<ExitCode> {
    let rows = store
        .list(&Filter {
            limit: Some(limit),
            ..filter
        })
        .map_err(Error::usage)?;
    if ctx.out.json {
        let events: Vec<_> = rows.iter().map(summary).collect();
        ctx.out.json_line(&json!({ "events": events }))?;
        return Ok(ExitCode::Success);
    }
    if rows.is_empty() {
        ctx.out.note(
            "no stored requests match (the listener stores what it receives: roomz-hook listen)",
        );
    }
    for row in &rows {
        let status = if (200..300).contains(&row.status) {
            row.status.to_string().green()
        } else {
            row.status.to_string().red()
        };
        ctx.out.line(format!(
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
    Ok(ExitCode::Success)
}

fn summary(row: &StoredRequest) -> serde_json::Value {
    json!({
        "seq": row.seq, "received_at": row.received_at, "method": row.method, "path": row.path,
        "event_id": row.event_id, "event_type": row.event_type, "signature": row.signature,
        "duplicate": row.duplicate, "problems": row.problems, "status": row.status,
        "forward_status": row.forward_status,
    })
}

fn show(store: &Store, key: &str, body_only: bool, ctx: &Context) -> Result<ExitCode> {
    let row = store.get(key).map_err(Error::usage)?.ok_or_else(|| {
        Error::usage_msg(format!(
            "no stored request with id '{key}': run `roomz-hook events list` to see what was received"
        ))
    })?;
    let mut stdout = std::io::stdout().lock();
    if body_only {
        stdout.write_all(&row.body).map_err(stdout_error)?;
        return Ok(ExitCode::Success);
    }
    if ctx.out.json {
        drop(stdout);
        ctx.out.json_line(&Record::from_stored(&row))?;
        return Ok(ExitCode::Success);
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
    for problem in &row.problems {
        text.push_str(&format!("! {}\n", sanitize(problem)));
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
    Ok(ExitCode::Success)
}

fn export(store: &Store, filter: Filter) -> Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut line = Vec::new();
    store.for_each(&filter, |row| {
        line.clear();
        Record::from_stored(&row).write_line(&mut line);
        out.write_all(&line).map_err(stdout_error)
    })?;
    out.flush().map_err(stdout_error)?;
    Ok(ExitCode::Success)
}

fn prune(
    store: &Store,
    older_than: Option<Duration>,
    keep: Option<usize>,
    all: bool,
    ctx: &Context,
) -> Result<ExitCode> {
    if older_than.is_none() && keep.is_none() && !all {
        return Err(Error::usage_msg(
            "say what to delete: --older-than DUR, --keep N, or --all",
        ));
    }
    let deleted = store
        .prune(older_than.map(ago), keep)
        .map_err(Error::usage)?;
    if ctx.out.json {
        ctx.out.json_line(&json!({ "deleted": deleted }))?;
    } else {
        ctx.out.line(format!("deleted {deleted} stored requests"));
    }
    Ok(ExitCode::Success)
}
