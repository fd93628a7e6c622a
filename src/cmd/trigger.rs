//! `roomz-hook trigger TYPE`: builds a sample event with every field its type requires,
//! signs it and sends it once (through the same engine as `replay`), then shows the
//! receiver's answer. `trigger --list` names the types of ROOMZ's documents.

use super::shared::EventTypeParser;
use super::shared::{delivery_verdict, runtime, TlsFlags};
use super::Context;
use crate::app::replay::{self, sample, ExpectStatus, Input, Options, Plan, Signing};
use crate::core::event;
use crate::core::signature::{Key, Scheme};
use crate::core::units::parse_duration;
use crate::error::{Error, ExitCode, Result};
use crate::output::delivery::TriggerPrinter;
use clap::Args;
use std::time::Duration;
use url::Url;

#[derive(Debug, Args)]
pub struct TriggerArgs {
    /// The event type, one of ROOMZ's documented types (`--list` names them); another
    /// type needs --allow-unknown and gets the envelope only (id, type, timestamp,
    /// apiVersion).
    #[arg(value_name = "TYPE", required_unless_present = "list", value_parser = EventTypeParser)]
    pub event_type: Option<String>,

    /// Print the known event types, one per line (`--json`: an array), and exit.
    #[arg(long, conflicts_with = "event_type")]
    pub list: bool,

    /// Send a TYPE that ROOMZ does not document (receivers must accept those too).
    #[arg(long)]
    pub allow_unknown: bool,

    /// The receiver [default: the URL the last `listen` bound, else http://127.0.0.1:8080/webhook].
    #[arg(long, value_name = "URL", value_parser = crate::net::client::parse_url)]
    pub url: Option<Url>,

    /// Override a field: a dotted path and a value read as JSON, else as a string
    /// (data.presenceStatus=Free, data.count=3). Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,

    /// Print the body and its signature instead of sending.
    #[arg(long)]
    pub print: bool,

    /// How long to wait for the answer.
    #[arg(long, value_name = "DUR", default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// The answer that counts as delivered: a class (2xx, 4xx) or a code (202).
    #[arg(long, value_name = "2xx|CODE", default_value = "2xx",
          value_parser = |s: &str| s.parse::<ExpectStatus>())]
    pub expect_status: ExpectStatus,

    #[command(flatten)]
    pub tls: TlsFlags,
}

pub fn exec(args: TriggerArgs, ctx: &Context) -> Result<ExitCode> {
    if args.list {
        return crate::output::trigger::event_types(&ctx.out, event::type_names());
    }
    let event_type = args.event_type.unwrap_or_default();
    if event_type.trim().is_empty() {
        return Err(Error::usage_msg(
            "the event type is empty: name one, such as workspace.presence.changed (trigger --list names them all)",
        ));
    }
    if event::lookup(&event_type).is_none() && !args.allow_unknown {
        return Err(Error::usage_msg(format!(
            "unknown event type '{}': the known types are {} (pass --allow-unknown to send it anyway)",
            crate::output::sanitize(&event_type),
            event::type_names_joined()
        )));
    }
    let settings = ctx.settings()?;
    let secret = ctx.secret()?;
    let key = Key::new(secret.expose().as_bytes());
    let mut event = sample::sample(&event_type, time::OffsetDateTime::now_utc());
    for assignment in &args.set {
        sample::set(&mut event, assignment).map_err(Error::usage_msg)?;
    }
    let body = serde_json::to_vec(&event).expect("a JSON value serialises");

    if args.print {
        let signature = key.sign(Scheme::ROOMZ, &body);
        crate::output::delivery::signed_sample(ctx.out, &event, &event_type, &body, &signature)?;
        return Ok(ExitCode::Success);
    }

    let url = match (args.url, &settings.listen_url) {
        (Some(url), _) => url,
        (None, Some(saved)) => {
            ctx.out.note(format!(
                "sending to {} (the URL the last `listen` bound; --url to change it)",
                saved.value
            ));
            crate::net::client::parse_url(&saved.value).map_err(Error::usage_msg)?
        }
        (None, None) => crate::net::client::parse_url(crate::settings::DEFAULT_LISTEN_URL)
            .expect("a valid default"),
    };
    let plan = Plan {
        inputs: vec![Input::Memory {
            source: "trigger".into(),
            body,
        }],
        repeat: 1,
        shuffle: None,
        env: Box::new(|_| None),
        limits: crate::app::files::Limits::default(),
    };
    let options = Options {
        url: url.clone(),
        concurrency: 1,
        rate: None,
        retries: 0,
        timeout: args.timeout,
        expect: args.expect_status,
        redirect_signatures: false,
        follow_redirects: false,
        signing: Signing::Sign {
            key: Box::new(key),
            only: None,
        },
        fresh: false,
        transport: args.tls.transport(ctx)?,
        dry_run: false,
        keep_answer: true,
        quiet_deliveries: false,
    };
    let url = crate::net::client::display_url(&url);
    let mut printer = TriggerPrinter::new(ctx.out, &url, &event_type);
    let summary = runtime()?.block_on(replay::run(plan, options, &mut printer));
    delivery_verdict(&summary, &url, args.expect_status)
}
