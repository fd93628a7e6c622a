//! `fetch`'s work, what an integration does after an event arrives: find the event (in
//! the store, or in a file), map its type to the API resource, and GET each resource with
//! the token. Each answer goes to a [`FetchReport`] as it comes.

use crate::app::api::{self, ApiAnswer, Retry};
use crate::app::files::on_disk;
use crate::core::capture;
use crate::core::event::Resource;
use crate::error::{Error, Result, ResultExt};
use crate::output::sanitize;
use crate::settings::Settings;
use crate::store::Store;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where the resources to GET come from.
#[derive(Debug, Clone)]
pub enum Wanted {
    /// A stored event's id, unique prefix, or row number (`#12`).
    Stored(String),
    /// An event body, or captures holding events: each event in it.
    File(PathBuf),
    /// One workspace's status.
    Workspace(String),
    /// One building or floor (`--building ID`, `--floor ID`).
    Resource(Resource, String),
}

/// One `fetch` run.
#[derive(Debug, Clone)]
pub struct FetchRequest {
    pub wanted: Wanted,
    /// How long one API request may take.
    pub timeout: Duration,
    /// Retries after a 429 or 5xx answer.
    pub retries: u32,
    /// Trust (`--ca-cert`, `--insecure`) and tracing (`-v`) of every request.
    pub transport: crate::net::client::Transport,
}

/// One resource to GET, and what it is for.
#[derive(Debug, Clone)]
pub struct Target {
    /// "event 1b2c… (workspace.presence.changed)" or "workspace 42".
    pub label: String,
    pub path: String,
}

/// Hears of a fetch as it goes.
pub trait FetchReport {
    /// A retry is about to wait; `attempts` is how many the request may make in all.
    fn retrying(&self, retry: &Retry, attempts: u32);
    /// One answer, after its retries. `token_source` says where the token came from.
    fn answer(&self, target: &Target, answer: &ApiAnswer, token_source: &str) -> Result<()>;
}

/// GETs every resource `request` names, in order; true when each answer was 2xx JSON.
/// Exit 2 for missing settings or an event that names no resource, 3 when the API cannot
/// be reached.
pub fn run(settings: &Settings, request: &FetchRequest, report: &impl FetchReport) -> Result<bool> {
    let (client, token_source) = api::client_for(
        settings,
        request.timeout,
        request.retries,
        request.transport.clone(),
    )?;
    let url_source = settings
        .api_url
        .as_ref()
        .map_or(String::new(), |u| u.source.to_string());
    let targets = targets(&request.wanted, settings)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::usage)?;
    let mut all_ok = true;
    for target in targets {
        let answer = runtime.block_on(client.get(&target.path, |retry| {
            report.retrying(retry, request.retries + 1)
        }));
        let answer = answer.map_err(|e| {
            let hint = crate::net::client::certificate_hint(&e.message)
                .map_or(String::new(), |hint| format!(": {hint}"));
            Error::network(anyhow::anyhow!("{e} (API URL from {url_source}){hint}"))
        })?;
        report.answer(&target, &answer, &token_source)?;
        all_ok &= answer.is_success() && answer.json.is_some();
    }
    Ok(all_ok)
}

fn targets(wanted: &Wanted, settings: &Settings) -> Result<Vec<Target>> {
    let key = match wanted {
        Wanted::Workspace(workspace) => {
            if workspace.trim().is_empty() {
                return Err(Error::usage_msg(
                    "--workspace is empty: give a workspace id",
                ));
            }
            return Ok(vec![Target {
                label: format!("workspace {}", sanitize(workspace)),
                path: api::workspace_status_path(workspace),
            }]);
        }
        Wanted::Resource(resource, id) => {
            let name = resource.as_str();
            if id.trim().is_empty() {
                return Err(Error::usage_msg(format!(
                    "--{name} is empty: give a {name} id"
                )));
            }
            return Ok(vec![Target {
                label: format!("{name} {}", sanitize(id)),
                path: api::resource_path(*resource, id),
            }]);
        }
        Wanted::File(file) => return file_targets(file),
        Wanted::Stored(key) => key,
    };
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
            on_disk(file.parent().unwrap_or(Path::new(""))),
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

/// What a target is for, in messages; the id and type came from a webhook, so escaped.
fn event_label(id: Option<&str>, event_type: Option<&str>) -> String {
    let id = sanitize(id.unwrap_or("(no id)")).into_owned();
    match event_type {
        Some(t) => format!("event {id} ({})", sanitize(t)),
        None => format!("event {id}"),
    }
}
