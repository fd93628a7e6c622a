//! What `simulate` prints: its start-up (API URL, token and secret fingerprints, the
//! workspaces and a curl line to change one), one line per change, delivery attempt and
//! API call (NDJSON with `--json`), and the closing summary.

use crate::app::simulate::{Attempt, Happening, Outcome, SimSummary, Workspace};
use crate::core::secret::Secret;
use crate::core::units::format_duration;
use crate::error::Result;
use crate::net::client::status_text;
use crate::output::{print_line, sanitize, Output};
use crate::settings::GeneratedToken;
use colored::Colorize;
use serde_json::json;
use std::time::Duration;

/// What the start-up lines tell.
pub struct Started<'a> {
    pub api_url: &'a str,
    pub target: &'a str,
    pub token: &'a GeneratedToken,
    pub secret: &'a Secret,
    pub auth_scheme: &'a str,
    pub seed: u64,
    pub every: Option<Duration>,
}

pub fn started(s: &Started<'_>, workspaces: &[Workspace], out: Output) -> Result<()> {
    let every = s.every.map_or("changes only on POST".to_string(), |d| {
        format!("a change every {}", format_duration(d))
    });
    eprintln!(
        "simulating ROOMZ: API on {} (token {}), events to {} (secret {}); \
         {} workspaces, {every}, seed {}",
        s.api_url,
        s.token.token.fingerprint(),
        s.target,
        s.secret.fingerprint(),
        workspaces.len(),
        s.seed
    );
    if out.json {
        let list: Vec<_> = workspaces.iter().map(|w| w.status_json()).collect();
        out.json_line(
            &json!({"simulating": {"api_url": s.api_url, "target": s.target,
            "seed": s.seed, "workspaces": list}}),
        )?;
    } else if !out.quiet {
        for w in workspaces {
            print_line(format_args!(
                "  workspace {}  {}",
                w.id,
                w.presence.as_str()
            ));
        }
        print_line(format_args!(
            "  change one: curl -X POST -H \"Authorization: {} $TOKEN\" -d '{{\"presenceStatus\":\"Busy\"}}' {}/workspaces/{}/status",
            s.auth_scheme, s.api_url, workspaces[0].id
        ));
        print_line(format_args!("  (TOKEN: {})", s.token.hint));
    }
    Ok(())
}

pub fn stopped(summary: &SimSummary, out: Output) -> Result<()> {
    let SimSummary {
        changes,
        delivered,
        failed,
        pending,
        attempts,
    } = *summary;
    if out.json {
        out.json_line(
            &json!({"summary": {"changes": changes, "delivered": delivered,
                "failed": failed, "pending": pending, "attempts": attempts}}),
        )?;
    }
    out.note(format!(
        "stopped: {changes} changes, {delivered} delivered, {failed} given up, {pending} still pending, {attempts} attempts"
    ));
    Ok(())
}

fn now() -> String {
    let text = crate::store::format_time(time::OffsetDateTime::now_utc());
    text.get(11..23).unwrap_or(&text).to_string()
}

/// One line per happening: NDJSON with `--json`, else a line for people.
pub fn happening(out: Output, happening: &Happening) {
    if out.json {
        let _ = out.json_line(&happening_json(happening));
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
            sanitize(path)
        ),
    };
    print_line(text);
}

fn happening_json(happening: &Happening) -> serde_json::Value {
    match happening {
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
    }
}

fn attempt_line(a: &Attempt) -> String {
    let answer = match (a.status, &a.error) {
        (Some(code), _) => format!("{code} {}", status_text(code)),
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
