//! `roomz-hook simulate`: ROOMZ on the developer's machine. Serves the draft's REST API,
//! changes the account over time (or on its control endpoint), and delivers a signed
//! event for each change, retried on the simulator's own schedule, printing every attempt.

use super::shared::EventTypeParser;
use super::Context;
use crate::app::simulate::{EventShape, SimOptions, Simulator, Size, API_PREFIX};
use crate::core::event::{self, EventType};
use crate::core::units::parse_duration;
use crate::error::{Error, ExitCode, Result};
use crate::net::server;
use crate::output::simulate as printer;
use crate::settings::{api_token_or_generate, DEFAULT_LISTEN_URL};
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::Args;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Trust for the deliveries to an https --target.
    #[command(flatten)]
    pub tls: super::shared::TlsFlags,

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

    /// How many workspaces to simulate, spread over the floors.
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub workspaces: u64,

    /// How many buildings to simulate.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u64).range(1..=1_000))]
    pub buildings: u64,

    /// How many floors each building has.
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u64).range(1..=1_000))]
    pub floors: u64,

    /// Make a change this often; `off` changes only on
    /// POST /_simulator/workspaces/{id}/presence.
    #[arg(long, value_name = "DUR|off", default_value = "10s", value_parser = parse_every)]
    pub every: Every,

    /// Make the account and the sequence of changes repeatable (event ids stay unique).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Event shape: current (workspace.presence.changed) or old (workspace.status.updated).
    #[arg(long, default_value = "current", value_name = "SHAPE",
          value_parser = PossibleValuesParser::new([
              PossibleValue::new("current").help("`workspace.presence.changed`, details under `data` (current documents)"),
              PossibleValue::new("old").help("`workspace.status.updated`, top-level `workspaceId`, `+0000` timestamps (older draft)"),
          ]).map(|s| s.parse::<EventShape>().expect("a listed value")))]
    pub shape: EventShape,

    /// The event types the timer's changes are sent as, picked in turn at random:
    /// presence changes, and building.*, floor.* and workspace.* changes to the account
    /// (each in its own generation's shape) [default: the --shape's presence type].
    #[arg(long, value_name = "TYPE,...", value_delimiter = ',',
          value_parser = EventTypeParser)]
    pub events: Vec<String>,

    /// Attempts per event before giving up. ROOMZ documents no retry schedule: this
    /// simulator's own retries wait --first-retry, then twice as long each time.
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=20))]
    pub max_attempts: u32,

    /// The wait before the simulator's first retry; each further one waits twice as long.
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

/// The catalogue's entries for `--events`, or exit 2 naming the known types.
fn event_types(names: &[String], shape: EventShape) -> Result<Vec<&'static EventType>> {
    if names.is_empty() {
        return Ok(vec![shape.presence_type()]);
    }
    names
        .iter()
        .map(|name| {
            event::lookup(name.trim()).ok_or_else(|| {
                Error::usage_msg(format!(
                    "--events: unknown event type '{}': the known types are {}",
                    crate::output::sanitize(name),
                    event::type_names_joined()
                ))
            })
        })
        .collect()
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
        (None, None) => DEFAULT_LISTEN_URL.to_string(),
    };
    let target_url = crate::net::client::parse_url(&target)
        .map_err(|e| Error::usage_msg(format!("--target: {e}")))?;
    let target = crate::net::client::display_url(&target_url);
    let secret = ctx.secret_or_generate(&settings, !args.no_save);
    let runtime = super::shared::runtime()?;
    let _entered = runtime.enter();
    let socket = runtime
        .block_on(server::bind(&args.host, args.port))
        .map_err(Error::usage)?;
    let events = event_types(&args.events, args.shape)?;
    let control_url = format!("http://{}", socket.local_addr().map_err(Error::usage)?);
    let api_url = format!("{control_url}{API_PREFIX}");
    let token = api_token_or_generate(&settings, &api_url, !args.no_save);
    for note in &token.notes {
        ctx.out.note(note);
    }
    let seed = args.seed.unwrap_or_else(|| fastrand::u64(..));
    let options = SimOptions {
        size: Size {
            buildings: args.buildings as usize,
            floors: args.floors as usize,
            workspaces: args.workspaces as usize,
        },
        seed,
        shape: args.shape,
        events: events.clone(),
        target: target_url,
        max_attempts: args.max_attempts,
        first_retry: args.first_retry,
        timeout: args.timeout,
        secret: secret.clone(),
        token: token.token.clone(),
        auth_scheme: settings.auth_scheme.value.clone(),
        transport: args.tls.transport(ctx)?,
    };
    let out = ctx.out;
    let simulator = Simulator::new(options, Box::new(move |h| printer::happening(out, &h)))
        .map_err(Error::usage_msg)?;
    let started = printer::Started {
        api_url: &api_url,
        target: &target,
        token: &token,
        secret: &secret,
        auth_scheme: &settings.auth_scheme.value,
        seed,
        every: args.every.0,
        events: events.iter().map(|e| e.name).collect(),
        control_url: &control_url,
    };
    // Caught from here on: a Ctrl-C right after the start-up lines still gets the summary.
    let signals = crate::net::server::StopSignals::catch().map_err(Error::usage)?;
    printer::started(&started, &simulator.world(), out)?;
    let on_problem = move |text: String| out.debug(text);
    let summary =
        runtime.block_on(simulator.serve(socket, args.every.0, args.count, signals, on_problem));
    printer::stopped(&summary, out)?;
    Ok(ExitCode::check(summary.failed == 0))
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

    #[test]
    fn events_name_catalogued_types_or_fail_naming_them() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let kinds = event_types(
            &names(&["building.created", " floor.deleted"]),
            EventShape::Old,
        )
        .unwrap();
        assert_eq!(kinds[1].name, "floor.deleted");
        let default = event_types(&[], EventShape::Old).unwrap();
        assert_eq!(default[0].name, "workspace.status.updated");
        let error = event_types(&names(&["desk.booked"]), EventShape::Current)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("unknown event type 'desk.booked'"),
            "{error}"
        );
        assert!(error.contains("workspace.presence.changed"), "{error}");
    }
}
