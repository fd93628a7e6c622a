//! What `simulate` prints: its start-up (API URL, token and secret fingerprints, the
//! account, how to put the API key in `$KEY` and curl lines to read and change a
//! workspace), one line per change, delivery attempt and API call (NDJSON with `--json`),
//! and the closing summary.

use crate::app::simulate::{Attempt, Happening, Outcome, SimSummary, World};
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
    /// The types the timer's changes are sent as.
    pub events: Vec<&'static str>,
    /// `http://127.0.0.1:PORT`, where the control endpoint is.
    pub control_url: &'a str,
}

pub fn started(s: &Started<'_>, world: &World, out: Output) -> Result<()> {
    let every = s.every.map_or(
        "changes only on POST /_simulator/workspaces/{id}/presence".to_string(),
        |d| format!("a change every {}", format_duration(d)),
    );
    eprintln!(
        "simulating ROOMZ: API on {} (key {}), events to {} (secret {}); \
         {}, {}, {}, {every} ({}), seed {}",
        s.api_url,
        s.token.token.fingerprint(),
        s.target,
        s.secret.fingerprint(),
        crate::output::count(world.buildings.len() as u64, "building", "buildings"),
        crate::output::count(world.floors.len() as u64, "floor", "floors"),
        crate::output::count(world.workspaces.len() as u64, "workspace", "workspaces"),
        s.events.join(", "),
        s.seed
    );
    if out.json {
        let workspaces: Vec<_> = world
            .workspaces
            .iter()
            .map(|w| {
                json!({"id": w.id, "name": w.name, "type": w.kind, "floorId": w.floor_id,
                    "presenceStatus": w.presence.as_str()})
            })
            .collect();
        let floors: Vec<_> = world
            .floors
            .iter()
            .map(|f| json!({"id": f.id, "name": f.name, "level": f.level, "buildingId": f.building_id}))
            .collect();
        let buildings: Vec<_> = world.buildings.iter().map(|b| b.json()).collect();
        out.json_line(&json!({"simulating": {
            "api_url": s.api_url, "target": s.target, "seed": s.seed, "events": s.events,
            "buildings": buildings, "floors": floors, "workspaces": workspaces}}))?;
    } else if !out.quiet {
        for b in &world.buildings {
            print_line(format_args!("  building {}  {}", b.id, b.name));
            for f in world.floors_of(&b.id) {
                print_line(format_args!("    floor {}  {}", f.id, f.name));
                for w in world.workspaces_of(&f.id) {
                    print_line(format_args!(
                        "      workspace {}  {}  {}",
                        w.id,
                        w.name,
                        w.presence.as_str()
                    ));
                }
            }
        }
        let user = if s.auth_scheme.eq_ignore_ascii_case("basic") {
            "-u \"$KEY:\"".to_string()
        } else {
            format!("-H \"Authorization: {} $KEY\"", s.auth_scheme)
        };
        print_line(format_args!("  the API key: {}", s.token.key_line));
        if let Some(w) = world.workspaces.first() {
            print_line(format_args!(
                "  read one:    curl {user} {}/workspaces/{}/status",
                s.api_url, w.id
            ));
            // The change suggested is one that happens: to the status it does not have.
            print_line(format_args!(
                "  change one:  curl {user} -d '{{\"presenceStatus\":\"{}\"}}' {}/_simulator/workspaces/{}/presence",
                w.presence.other().as_str(),
                s.control_url,
                w.id
            ));
        }
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

/// The time now, in the zone `TZ` names, with its offset.
fn now() -> String {
    crate::output::clock_time(jiff::Timestamp::now(), &jiff::tz::TimeZone::system())
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
            event_type,
            resource,
            resource_id,
            presence,
            cause,
        } => {
            let what = match presence {
                Some(p) => format!("is now {}", p.as_str().bold()),
                None => event_type
                    .rsplit('.')
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            };
            format!(
                "{}  {resource} {resource_id} {what} ({cause})  {event_type} {}",
                now().dimmed(),
                event_id.cyan()
            )
        }
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
            event_type,
            resource,
            resource_id,
            presence,
            cause,
        } => json!({"change": {"event_id": event_id, "event_type": event_type,
            "resource": resource, "resource_id": resource_id,
            "presence_status": presence.map(|p| p.as_str()), "cause": cause}}),
        Happening::Attempt(a) => json!({"delivery": {
            "event_id": a.event_id, "resource_id": a.resource_id, "attempt": a.attempt,
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
