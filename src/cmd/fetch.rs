//! `roomz-hook fetch`: what an integration does after an event arrives. Finds the event
//! (in the store, or in a file), maps its type to the API resource, GETs it with the
//! token and prints the answer.

use super::shared::TlsFlags;
use super::Context;
use crate::app::fetch::{self, FetchRequest, Wanted};
use crate::cli::candidates;
use crate::core::event::Resource;
use crate::core::units::parse_duration;
use crate::error::{ExitCode, Result};
use crate::output::fetch::FetchPrinter;
use clap::Args;
use clap_complete::ArgValueCandidates;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct FetchArgs {
    /// A stored event's id (or a unique prefix, or a row number like #12); see `events list`.
    #[arg(value_name = "EVENT_ID", add = ArgValueCandidates::new(candidates::stored_event_ids),
          required_unless_present_any = ["event", "workspace", "building", "floor"],
          conflicts_with_all = ["event", "workspace", "building", "floor"])]
    pub event_id: Option<String>,

    /// Read the event from FILE instead: an event body or any capture (raw HTTP, JSON,
    /// HAR, NDJSON, curl). Each event in it is fetched.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["workspace", "building", "floor"])]
    pub event: Option<PathBuf>,

    /// Fetch this workspace's status directly (GET /workspaces/ID/status).
    #[arg(long, value_name = "ID", conflicts_with_all = ["building", "floor"])]
    pub workspace: Option<String>,

    /// Fetch this building directly (GET /buildings/ID).
    #[arg(long, value_name = "ID", conflicts_with = "floor")]
    pub building: Option<String>,

    /// Fetch this floor directly (GET /floors/ID).
    #[arg(long, value_name = "ID")]
    pub floor: Option<String>,

    /// How long one API request may take.
    #[arg(long, value_name = "DUR", default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// Retries after a 429 or 5xx answer (honouring Retry-After, at most 30s each).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub retries: u32,

    #[command(flatten)]
    pub tls: TlsFlags,
}

pub fn exec(args: FetchArgs, ctx: &Context) -> Result<ExitCode> {
    let settings = ctx.settings()?;
    let wanted = if let Some(workspace) = args.workspace {
        Wanted::Workspace(workspace)
    } else if let Some(building) = args.building {
        Wanted::Resource(Resource::Building, building)
    } else if let Some(floor) = args.floor {
        Wanted::Resource(Resource::Floor, floor)
    } else if let Some(file) = args.event {
        Wanted::File(file)
    } else {
        Wanted::Stored(args.event_id.unwrap_or_default())
    };
    let request = FetchRequest {
        wanted,
        timeout: args.timeout,
        retries: args.retries,
        transport: args.tls.transport(ctx)?,
    };
    let all_ok = fetch::run(&settings, &request, &FetchPrinter { out: &ctx.out })?;
    Ok(ExitCode::check(all_ok))
}
