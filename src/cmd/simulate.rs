//! `roomz-hook simulate`: ROOMZ on the developer's machine. Serves the REST API, changes
//! workspaces over time (or on request), and delivers a signed event for each change with
//! ROOMZ's retry rules, printing every attempt.

use super::listen::{secret_or_generate, terminate};
use super::trigger::DEFAULT_URL;
use super::Context;
use crate::app::simulate::{Attempt, EventShape, Happening, Outcome, SimOptions, Simulator};
use crate::core::secret::Secret;
use crate::core::units::{format_duration, parse_duration};
use crate::error::{Error, ExitCode, Result};
use crate::net::server;
use crate::output::print_line;
use crate::settings::{update_profile, Settings, Source};
use clap::Args;
use colored::Colorize;
use serde_json::json;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Address the simulated API binds.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// Port of the simulated API; 0 picks a free one (the startup line names it).
    #[arg(long, default_value_t = 8090)]
    pub port: u16,

    /// Where events are delivered [default: the URL the last `listen` bound, else
    /// http://127.0.0.1:8080/webhook].
    #[arg(long, value_name = "URL")]
    pub target: Option<String>,

    /// How many workspaces to simulate.
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub workspaces: u64,

    /// Change one workspace's presence this often; `off` changes only on
    /// POST /workspaces/{id}/status.
    #[arg(long, value_name = "DUR|off", default_value = "10s", value_parser = parse_every)]
    pub every: Every,

    /// Make the workspaces and the sequence of changes repeatable (event ids stay unique).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Event shape: current (workspace.presence.changed) or old (workspace.status.updated).
    #[arg(long, value_enum, default_value_t = EventShape::Current)]
    pub shape: EventShape,

    /// Attempts per event before giving up (ROOMZ retries after 1s, 2s, 4s, ...).
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=20))]
    pub max_attempts: u32,

    /// The wait before the first retry; each further retry waits twice as long.
    #[arg(long, value_name = "DUR", default_value = "1s", value_parser = parse_duration)]
    pub first_retry: Duration,

    /// How long one delivery may take before it counts as failed (ROOMZ: 30s).
    #[arg(long, value_name = "DUR", default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// Stop once N events were delivered or given up on (the API stays up one more second
    /// for the receiver's fetches): exit 0 if all were delivered, else 1.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,

    /// Do not save the API URL, token or a generated secret to the config file.
    #[arg(long)]
    pub no_save: bool,
}

/// `--every`: a duration, or no timer at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Every(pub Option<Duration>);

fn parse_every(text: &str) -> std::result::Result<Every, String> {
    if matches!(text.trim(), "off" | "never" | "0") {
        return Ok(Every(None));
    }
    parse_duration(text).map(|d| Every(Some(d)))
}

pub fn exec(args: SimulateArgs, ctx: &Context) -> Result<ExitCode> {
    let settings = ctx.settings()?;
    let target = match (&args.target, &settings.listen_url) {
        (Some(url), _) => url.clone(),
        (None, Some(saved)) => saved.value.clone(),
        (None, None) => DEFAULT_URL.to_string(),
    };
    let target_url = crate::net::client::parse_url(&target)
        .map_err(|e| Error::usage_msg(format!("--target: {e}")))?;
    let secret = secret_or_generate(&settings, args.no_save, ctx)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::usage)?;
    runtime.block_on(run(args, ctx, settings, secret, target, target_url))
}

async fn run(
    args: SimulateArgs,
    ctx: &Context,
    settings: Settings,
    secret: Secret,
    target: String,
    target_url: url::Url,
) -> Result<ExitCode> {
    let socket = server::bind(&args.host, args.port)
        .await
        .map_err(Error::usage)?;
    let api_url = format!("http://{}", socket.local_addr().map_err(Error::usage)?);
    let (token, token_hint) = token_or_generate(&settings, &api_url, args.no_save, ctx);
    let seed = args.seed.unwrap_or_else(|| fastrand::u64(..));
    let options = SimOptions {
        workspaces: args.workspaces as usize,
        seed,
        shape: args.shape,
        target: target_url,
        max_attempts: args.max_attempts,
        first_retry: args.first_retry,
        timeout: args.timeout,
        secret: secret.clone(),
        token: token.clone(),
        auth_scheme: settings.auth_scheme.value.clone(),
    };
    let out = ctx.out;
    let simulator =
        Simulator::new(options, Box::new(move |h| print(out, &h))).map_err(Error::usage_msg)?;

    let every = args
        .every
        .0
        .map_or("changes only on POST".to_string(), |d| {
            format!("a change every {}", format_duration(d))
        });
    eprintln!(
        "simulating ROOMZ: API on {api_url} (token {}), events to {target} (secret {}); \
         {} workspaces, {every}, seed {seed}",
        token.fingerprint(),
        secret.fingerprint(),
        args.workspaces
    );
    let workspaces = simulator.workspaces();
    if ctx.out.json {
        let list: Vec<_> = workspaces.iter().map(|w| w.status_json()).collect();
        ctx.out
            .json_line(&json!({"simulating": {"api_url": api_url, "target": target,
                "seed": seed, "workspaces": list}}))?;
    } else if !ctx.out.quiet {
        for w in &workspaces {
            print_line(format_args!(
                "  workspace {}  {}",
                w.id,
                w.presence.as_str()
            ));
        }
        print_line(format_args!(
            "  change one: curl -X POST -H \"Authorization: {} $TOKEN\" -d '{{\"presenceStatus\":\"Busy\"}}' {api_url}/workspaces/{}/status",
            settings.auth_scheme.value,
            workspaces[0].id
        ));
        print_line(format_args!("  (TOKEN: {token_hint})"));
    }

    let count = args.count;
    let ticker = args.every.0.map(|period| {
        let simulator = simulator.clone();
        tokio::spawn(async move {
            let mut interval =
                tokio::time::interval_at(tokio::time::Instant::now() + period, period);
            // With --count, the timer makes that many changes and no more.
            while count.is_none_or(|n| simulator.stats.changes.load(Ordering::SeqCst) < n) {
                interval.tick().await;
                simulator.tick();
            }
        })
    });
    let handler_state = simulator.clone();
    let stop_state = simulator.clone();
    server::serve(
        socket,
        None,
        Duration::from_secs(10),
        move |_peer, request| handler_state.clone().handle(request),
        move |problem| {
            out.debug(format!(
                "API connection from {}: {}",
                problem.peer, problem.message
            ))
        },
        async move {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {},
                _ = terminate() => {},
                _ = count_reached(&stop_state, count) => {},
            }
        },
        Duration::from_secs(2),
    )
    .await;
    if let Some(ticker) = ticker {
        ticker.abort();
    }

    let stats = &simulator.stats;
    let (changes, delivered, failed) = (
        stats.changes.load(Ordering::SeqCst),
        stats.delivered.load(Ordering::SeqCst),
        stats.failed.load(Ordering::SeqCst),
    );
    let attempts = stats.attempts.load(Ordering::SeqCst);
    let pending = changes.saturating_sub(delivered + failed);
    if ctx.out.json {
        ctx.out.json_line(
            &json!({"summary": {"changes": changes, "delivered": delivered,
                "failed": failed, "pending": pending, "attempts": attempts}}),
        )?;
    }
    ctx.out.note(format!(
        "stopped: {changes} changes, {delivered} delivered, {failed} given up, {pending} still pending, {attempts} attempts"
    ));
    Ok(ExitCode::check(failed == 0))
}

/// How long the API stays up after `--count` deliveries settled: the receiver fetches
/// an event's details right after answering it, and must find the API still there.
const LINGER: Duration = Duration::from_secs(1);

/// Resolves `LINGER` after `count` deliveries settled; never without `--count`.
async fn count_reached(simulator: &Arc<Simulator>, count: Option<u64>) {
    let Some(count) = count else {
        return std::future::pending().await;
    };
    loop {
        let notified = simulator.settled.notified();
        if simulator.stats.settled() >= count {
            break;
        }
        notified.await;
    }
    tokio::time::sleep(LINGER).await;
}

/// The configured API token; without one, a development token made now. When no API URL
/// is configured (or the profile's is a local one, from an earlier `simulate`), this
/// simulator's URL is saved to the profile, with the new token, so that `fetch` and
/// `listen --fetch` in another terminal talk to it. A new token is printed only when it
/// is not saved: then it is the only way to call the API.
/// Also returns where a user finds the token, for the curl hint.
fn token_or_generate(
    settings: &Settings,
    api_url: &str,
    no_save: bool,
    ctx: &Context,
) -> (Secret, String) {
    let configured = settings.api_token.as_ref().map(|t| t.value.clone());
    let token = configured
        .clone()
        .unwrap_or_else(|| Secret::new(format!("rzt_{}", crate::core::secret::random_token(24))));
    let replaceable = match &settings.api_url {
        None => true,
        Some(url) => {
            matches!(url.source, Source::Profile { .. })
                && ["http://127.0.0.1:", "http://localhost:"]
                    .iter()
                    .any(|local| url.value.starts_with(local))
        }
    };
    let saved = !no_save
        && replaceable
        && match update_profile(&settings.config_path, &settings.profile, |p| {
            p.api_url = Some(api_url.to_string());
            if configured.is_none() {
                p.api_token = Some(token.expose().to_string());
            }
        }) {
            Ok(()) => true,
            Err(error) => {
                ctx.out
                    .note(format!("warning: could not save the API URL: {error}"));
                false
            }
        };
    let place = format!(
        "{} (profile '{}')",
        settings.config_path.display(),
        settings.profile
    );
    match (configured.is_none(), saved) {
        (true, true) => ctx.out.note(format!(
            "no API token configured: generated a development token ({}) and saved it with \
             the API URL to {place} for fetch and listen --fetch",
            token.fingerprint()
        )),
        // Shown this once: not saved anywhere, so there is no other way to learn it.
        (true, false) => ctx.out.note(format!(
            "no API token configured: generated a development token for this run: {} ({})",
            token.expose(),
            token.fingerprint()
        )),
        (false, true) => ctx.out.note(format!(
            "saved the API URL to {place} for fetch and listen --fetch"
        )),
        (false, false) => {}
    }
    if let Some(url) = settings
        .api_url
        .as_ref()
        .filter(|u| !saved && u.value != api_url)
    {
        ctx.out.note(format!(
            "  the API URL from {} is {}: pass --api-url {api_url} to fetch from this simulator",
            url.source, url.value
        ));
    }
    let hint = match (&settings.api_token, saved) {
        (Some(configured), _) => format!("the token from {}", configured.source),
        (None, true) => format!("api_token in {place}"),
        (None, false) => "the development token printed above".to_string(),
    };
    (token, hint)
}

fn now() -> String {
    let text = crate::store::format_time(time::OffsetDateTime::now_utc());
    text.get(11..23).unwrap_or(&text).to_string()
}

/// One line per happening: NDJSON with `--json`, else a line for people.
fn print(out: crate::output::Output, happening: &Happening) {
    if out.json {
        let line = match happening {
            Happening::Changed {
                event_id,
                workspace_id,
                presence,
                cause,
            } => json!({"change": {"event_id": event_id, "workspace_id": workspace_id,
                "presence_status": presence.as_str(), "cause": cause}}),
            Happening::Attempt(a) => json!({"delivery": {
                "event_id": a.event_id, "workspace_id": a.workspace_id, "attempt": a.attempt,
                "max_attempts": a.max_attempts, "status": a.status, "error": a.error,
                "latency_ms": crate::app::replay::millis(a.latency),
                "outcome": match a.outcome {
                    Outcome::Delivered => "delivered",
                    Outcome::Retry(_) => "retry",
                    Outcome::GaveUp => "gave_up",
                },
                "retry_in_ms": match a.outcome {
                    Outcome::Retry(wait) => Some(wait.as_millis() as u64),
                    _ => None,
                },
            }}),
            Happening::Api {
                method,
                path,
                status,
            } => json!({"api": {"method": method, "path": path, "status": status}}),
        };
        let _ = out.json_line(&line);
        return;
    }
    if out.quiet {
        return;
    }
    let text = match happening {
        Happening::Changed {
            event_id,
            workspace_id,
            presence,
            cause,
        } => format!(
            "{}  workspace {workspace_id} is now {} ({cause})  event {}",
            now().dimmed(),
            presence.as_str().bold(),
            event_id.cyan()
        ),
        Happening::Attempt(a) => attempt_line(a),
        Happening::Api {
            method,
            path,
            status,
        } => format!(
            "{}  API {method} {} → {status}",
            now().dimmed(),
            crate::output::sanitize(path)
        ),
    };
    print_line(text);
}

fn attempt_line(a: &Attempt) -> String {
    let answer = match (a.status, &a.error) {
        (Some(code), _) => format!("{code} {}", crate::app::api::status_text(code)),
        (None, Some(error)) => error.clone(),
        (None, None) => "no answer".to_string(),
    };
    let millis = a.latency.as_millis();
    let (answer, rest) = match a.outcome {
        Outcome::Delivered => (answer.green(), "delivered".green().to_string()),
        Outcome::Retry(wait) => (
            answer.red(),
            format!("retrying in {}", format_duration(wait)),
        ),
        Outcome::GaveUp => (answer.red(), "gave up".red().bold().to_string()),
    };
    format!(
        "{}    → event {} attempt {}/{}: {answer} in {millis}ms; {rest}",
        now().dimmed(),
        a.event_id,
        a.attempt,
        a.max_attempts
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_takes_a_duration_or_off() {
        assert_eq!(parse_every("5s"), Ok(Every(Some(Duration::from_secs(5)))));
        assert_eq!(parse_every("off"), Ok(Every(None)));
        assert!(parse_every("soon").is_err());
    }
}
