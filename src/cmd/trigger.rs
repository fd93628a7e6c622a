//! `roomz-hook trigger TYPE`: builds a realistic sample event, signs it and sends it once
//! (through the same engine as `replay`), then shows the receiver's answer.

use super::shared::{delivery_verdict, runtime};
use super::Context;
use crate::app::replay::{self, sample, ExpectStatus, Input, Options, Plan, Signing};
use crate::cli::candidates;
use crate::core::signature::{Key, Scheme};
use crate::core::units::parse_duration;
use crate::error::{Error, ExitCode, Result};
use crate::output::delivery::TriggerPrinter;
use clap::Args;
use clap_complete::ArgValueCandidates;
use std::time::Duration;
use url::Url;

#[derive(Debug, Args)]
pub struct TriggerArgs {
    /// The event type: workspace.presence.changed, workspace.status.updated, or any other
    /// (which gets the envelope only: id, type, timestamp, apiVersion).
    #[arg(value_name = "TYPE", add = ArgValueCandidates::new(candidates::event_types))]
    pub event_type: String,

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

    /// Accept any TLS certificate (a receiver with a self-signed one).
    #[arg(long)]
    pub insecure: bool,
}

pub fn exec(args: TriggerArgs, ctx: &Context) -> Result<ExitCode> {
    if args.event_type.trim().is_empty() {
        return Err(Error::usage_msg(
            "the event type is empty: name one, such as workspace.presence.changed",
        ));
    }
    let settings = ctx.settings()?;
    let secret = ctx.secret()?;
    let key = Key::new(secret.expose().as_bytes());
    let mut event = sample::sample(&args.event_type, time::OffsetDateTime::now_utc());
    for assignment in &args.set {
        sample::set(&mut event, assignment).map_err(Error::usage_msg)?;
    }
    let body = serde_json::to_vec(&event).expect("a JSON value serialises");

    if args.print {
        let signature = key.sign(Scheme::ROOMZ, &body);
        crate::output::delivery::signed_sample(
            ctx.out,
            &event,
            &args.event_type,
            &body,
            &signature,
        )?;
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
        insecure: args.insecure,
        dry_run: false,
        keep_answer: true,
        quiet_deliveries: false,
    };
    let url = crate::net::client::display_url(&url);
    let mut printer = TriggerPrinter::new(ctx.out, &url, &args.event_type);
    let summary = runtime()?.block_on(replay::run(plan, options, &mut printer));
    delivery_verdict(&summary, &url, args.expect_status)
}
