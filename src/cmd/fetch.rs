//! `roomz-hook fetch`: what an integration does after an event arrives. Finds the event
//! (in the store, or in a file), maps its type to the API resource, GETs it with the
//! token and prints the answer.

use super::Context;
use crate::app::api::{self, ApiAnswer, ApiClient, ApiOptions};
use crate::core::capture;
use crate::core::units::{format_duration, parse_duration};
use crate::error::{Error, ExitCode, Result, ResultExt};
use crate::output::print_line;
use crate::settings::Settings;
use crate::store::Store;
use clap::Args;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Args)]
pub struct FetchArgs {
    /// A stored event's id (or a unique prefix, or a row number like #12); see `events list`.
    #[arg(value_name = "EVENT_ID", required_unless_present_any = ["event", "workspace"],
          conflicts_with_all = ["event", "workspace"])]
    pub event_id: Option<String>,

    /// Read the event from FILE instead: an event body or any capture (raw HTTP, JSON,
    /// HAR, NDJSON, curl). Each event in it is fetched.
    #[arg(long, value_name = "FILE", conflicts_with = "workspace")]
    pub event: Option<PathBuf>,

    /// Fetch this workspace's status directly.
    #[arg(long, value_name = "ID")]
    pub workspace: Option<String>,

    /// How long one API request may take.
    #[arg(long, value_name = "DUR", default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// Retries after a 429 or 5xx answer (honouring Retry-After, at most 30s each).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub retries: u32,
}

/// One resource to GET, and what it is for.
struct Target {
    /// "event 1b2c… (workspace.presence.changed)" or "workspace 42".
    label: String,
    path: String,
}

pub fn exec(args: FetchArgs, ctx: &Context) -> Result<ExitCode> {
    let settings = ctx.settings()?;
    let (client, token_source) = api_client(&settings, args.timeout, args.retries)?;
    let url_source = settings
        .api_url
        .as_ref()
        .map_or(String::new(), |u| u.source.to_string());
    let targets = targets(&args, &settings)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::usage)?;
    let mut failed = false;
    for target in targets {
        let answer = runtime.block_on(client.get(&target.path, |retry| {
            ctx.out.note(format!(
                "the API answered {} {}; retrying in {} (attempt {} of {})",
                retry.status,
                api::status_text(retry.status),
                format_duration(retry.wait),
                retry.attempt + 1,
                args.retries + 1
            ))
        }));
        let answer = answer
            .map_err(|e| Error::network(anyhow::anyhow!("{e} (API URL from {url_source})")))?;
        failed |= !show(ctx, &target, &answer, &token_source)?;
    }
    Ok(ExitCode::check(!failed))
}

/// The API client from the settings, or exit 2 naming what to set. Also returns where the
/// token came from, for messages about a refused token.
pub fn api_client(
    settings: &Settings,
    timeout: Duration,
    retries: u32,
) -> Result<(ApiClient, String)> {
    let url = settings.api_url.as_ref().ok_or_else(|| {
        Error::usage_msg(
            "no API URL: pass --api-url URL, set ROOMZ_API_URL, or save one with `roomz-hook init` \
             (`roomz-hook simulate` serves a local stand-in for ROOMZ's API)",
        )
    })?;
    let token = settings.api_token.as_ref().ok_or_else(|| {
        Error::usage_msg(
            "no API token: pass --token-file PATH, set ROOMZ_API_TOKEN, or save one with `roomz-hook init`",
        )
    })?;
    let options = ApiOptions {
        timeout,
        retries,
        ..ApiOptions::default()
    };
    let client = ApiClient::new(
        &url.value,
        &token.value,
        &settings.auth_scheme.value,
        options,
    )
    .map_err(Error::usage_msg)?;
    Ok((client, token.source.to_string()))
}

fn targets(args: &FetchArgs, settings: &Settings) -> Result<Vec<Target>> {
    if let Some(workspace) = &args.workspace {
        if workspace.trim().is_empty() {
            return Err(Error::usage_msg(
                "--workspace is empty: give a workspace id",
            ));
        }
        return Ok(vec![Target {
            label: format!("workspace {workspace}"),
            path: api::workspace_status_path(workspace),
        }]);
    }
    if let Some(file) = &args.event {
        return file_targets(file);
    }
    let key = args.event_id.as_deref().unwrap_or_default();
    let store_path = settings.require_store().map_err(Error::usage)?;
    let hint = "run `roomz-hook events list` to see the stored events, or pass --event FILE";
    if !store_path.exists() {
        return Err(Error::usage_msg(format!(
            "no event store at {} yet, so no event '{key}': {hint}",
            store_path.display()
        )));
    }
    let store = Store::open(store_path)?;
    let stored = store.get(key)?.ok_or_else(|| {
        Error::usage_msg(format!(
            "no event '{key}' in the event store {}: {hint}",
            store_path.display()
        ))
    })?;
    let label = event_label(stored.event_id.as_deref(), stored.event_type.as_deref());
    let path = api::resource_for_body(&stored.body)
        .map_err(|e| Error::usage_msg(format!("{label}: {e}")))?;
    Ok(vec![Target { label, path }])
}

/// Events from a file: an event body as it is, else the bodies of the captures in it.
fn file_targets(file: &Path) -> Result<Vec<Target>> {
    let shown = file.display().to_string();
    let bytes = std::fs::read(file).usage_context(format!("cannot read {shown}"))?;
    let bodies: Vec<(String, Vec<u8>)> = if looks_like_event(&bytes) {
        vec![(shown.clone(), bytes)]
    } else {
        capture::parse(
            &shown,
            &bytes,
            crate::app::files::on_disk(file.parent().unwrap_or(std::path::Path::new(""))),
        )
        .map_err(Error::usage)?
        .into_iter()
        .map(|c| (c.source.clone(), c.body))
        .collect()
    };
    bodies
        .into_iter()
        .map(|(source, body)| {
            let inspection = crate::core::event::inspect(&body)
                .map_err(|e| Error::usage_msg(format!("{source}: not an event: {e}")))?;
            let event = &inspection.event;
            let label = event_label(event.id.as_deref(), event.event_type.as_deref());
            let path = api::resource_for(event)
                .map_err(|e| Error::usage_msg(format!("{source}: {label}: {e}")))?;
            Ok(Target { label, path })
        })
        .collect()
}

/// An event body rather than a capture: a JSON object with a `type` or an `id`.
fn looks_like_event(bytes: &[u8]) -> bool {
    crate::core::event::inspect(bytes)
        .is_ok_and(|i| i.event.event_type.is_some() || i.event.id.is_some())
}

fn event_label(id: Option<&str>, event_type: Option<&str>) -> String {
    let id = crate::output::sanitize(id.unwrap_or("(no id)")).into_owned();
    match event_type {
        Some(t) => format!("event {id} ({})", crate::output::sanitize(t)),
        None => format!("event {id}"),
    }
}

/// Prints one answer; false when it is not a 2xx JSON answer.
fn show(ctx: &Context, target: &Target, answer: &ApiAnswer, token_source: &str) -> Result<bool> {
    let problem = answer.problem(token_source);
    let millis = answer.latency.as_millis();
    if ctx.out.json {
        let line = match (&problem, &answer.json) {
            (None, Some(json)) => json.clone(),
            _ => json!({
                "url": answer.url,
                "status": answer.status,
                "error": problem,
                "body": answer.json.clone().unwrap_or_else(||
                    String::from_utf8_lossy(&answer.body).into_owned().into()),
            }),
        };
        ctx.out.json_line(&line)?;
    } else {
        ctx.out.note(format!(
            "{}: GET {} → {} {} in {millis}ms",
            target.label,
            answer.url,
            answer.status,
            api::status_text(answer.status)
        ));
        if problem.is_some() {
            print_line(format_args!(
                "HTTP {} {}",
                answer.status,
                api::status_text(answer.status)
            ));
        }
        print_line(answer.body_for_display());
    }
    if let Some(problem) = problem {
        eprintln!("{} {problem}", colored::Colorize::red("error:"));
    }
    Ok(answer.is_success() && answer.json.is_some())
}
