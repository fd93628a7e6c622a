//! `roomz-hook events list|show|export|prune`: what the listener stored.

use super::Context;
use crate::app::events::{self, PruneRule};
use crate::cli::candidates;
use crate::core::units::parse_duration;
use crate::error::{Error, ExitCode, Result};
use crate::output;
use crate::store::time_ago;
use crate::store::{Filter, Store, StoreError};
use clap::{Args, Subcommand};
use clap_complete::ArgValueCandidates;
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
        #[arg(add = ArgValueCandidates::new(candidates::stored_event_ids))]
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
        /// Only the newest N requests (as `list --limit`), still oldest first.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// Re-deliver one stored request, re-signed, with replay's flags and exit codes.
    Resend(super::resend::ResendArgs),
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
            since: self.since.map(time_ago),
            ..Filter::default()
        }
    }
}

pub fn exec(args: EventsArgs, ctx: &Context) -> Result<ExitCode> {
    let action = match args.action {
        EventsAction::Resend(resend) => return super::resend::exec(resend, ctx),
        action => action,
    };
    let settings = ctx.settings()?;
    let path = settings.require_store().map_err(Error::usage)?;
    if let Some(setting) = &settings.store_path {
        ctx.out
            .debug(format!("store {} from {}", path.display(), setting.source));
    }
    // Reading (or pruning) a store that does not exist is not a reason to create one.
    // Before the first request there is nothing to list or export: say so, exit 0 (a CI
    // `events export` before any delivery is empty, not broken); show and prune exit 2.
    let store = match Store::open_existing(path) {
        Ok(store) => store,
        Err(e @ StoreError::NoStoreYet { .. })
            if matches!(
                action,
                EventsAction::List { .. } | EventsAction::Export { .. }
            ) =>
        {
            if ctx.out.json && matches!(action, EventsAction::List { .. }) {
                let listing = output::events::Listing {
                    rows: &[],
                    total: 0,
                    filtered: false,
                };
                output::events::list(&ctx.out, &listing)?;
            }
            ctx.out.note(e);
            return Ok(ExitCode::Success);
        }
        Err(e) => return Err(Error::usage(e)),
    };
    match action {
        EventsAction::List { filter, limit } => {
            let filtered = filter.event_type.is_some() || filter.since.is_some();
            let (rows, total) = events::list(&store, &filter.filter(), limit)?;
            let listing = output::events::Listing {
                rows: &rows,
                total,
                filtered,
            };
            output::events::list(&ctx.out, &listing)?;
        }
        EventsAction::Show { id, body } => {
            let found = events::find(&store, &id)?;
            output::events::show(&ctx.out, &found, body)?;
        }
        EventsAction::Export { filter, id, limit } => {
            let filter = Filter {
                event_id: id,
                limit,
                ..filter.filter()
            };
            let mut lines = output::events::RecordLines::stdout();
            store.for_each(&filter, |row| lines.write(&row))?;
            lines.finish()?;
        }
        EventsAction::Prune {
            older_than,
            keep,
            all,
        } => {
            let rule = PruneRule {
                received_before: older_than.map(time_ago),
                keep,
                all,
            };
            let deleted = events::prune(&store, &rule)?;
            output::events::pruned(&ctx.out, deleted)?;
        }
        EventsAction::Resend(_) => unreachable!("handled above"),
    }
    Ok(ExitCode::Success)
}
