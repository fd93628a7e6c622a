//! `roomz-hook events resend ID [URL]`: re-delivers one stored request through replay's
//! engine, flags and exit codes (CONTRACT 4.4). The id goes through the store's one id
//! rule; the body is sent byte for byte, re-signed with the configured secret.

use super::replay::{deliver, DeliveryFlags};
use super::Context;
use crate::app::events;
use crate::app::replay::{Input, Plan};
use crate::cli::candidates;
use crate::error::{Error, ExitCode, Result};
use crate::store::Store;
use clap::Args;
use clap_complete::ArgValueCandidates;
use url::Url;

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 the delivery got the expected status, 1 it did not, \
    2 the id names no stored request (or more than one event), 3 the URL could not be reached at all."
)]
pub struct ResendArgs {
    /// An event id (or a unique prefix of one), or a row number like `#12`; an event
    /// delivered several times is resent from its newest delivery.
    #[arg(value_name = "ID", add = ArgValueCandidates::new(candidates::stored_event_ids))]
    pub id: String,

    /// The receiver [default: the profile's webhook_url, else the URL the last `listen`
    /// bound, else http://127.0.0.1:8080/webhook].
    #[arg(value_name = "URL", value_parser = crate::net::client::parse_url)]
    pub url: Option<Url>,

    #[command(flatten)]
    pub delivery: DeliveryFlags,
}

pub fn exec(args: ResendArgs, ctx: &Context) -> Result<ExitCode> {
    let settings = ctx.settings()?;
    let path = settings.require_store().map_err(Error::usage)?;
    let store = Store::open(path).map_err(Error::usage)?;
    let found = events::find(&store, &args.id)?;
    drop(store);
    let url = match args.url {
        Some(url) => url,
        None => {
            let (saved, origin) = match (&settings.webhook_url, &settings.listen_url) {
                (Some(url), _) => (url.value.clone(), "the profile's webhook_url"),
                (None, Some(url)) => (url.value.clone(), "the URL the last `listen` bound"),
                (None, None) => (
                    crate::settings::DEFAULT_LISTEN_URL.to_string(),
                    "the default; no webhook_url is configured",
                ),
            };
            ctx.out.note(format!(
                "sending to {} ({origin}; name a URL after the id to change it)",
                crate::output::sanitize(&saved)
            ));
            crate::net::client::parse_url(&saved).map_err(Error::usage_msg)?
        }
    };
    if found.deliveries > 1 {
        ctx.out.note(format!(
            "{} was received {}: resending the newest (#{})",
            crate::output::sanitize(found.request.event_id.as_deref().unwrap_or("this event")),
            crate::output::count(found.deliveries, "time", "times"),
            found.request.seq
        ));
    }
    let options = args.delivery.options(ctx, &url, 1, None)?;
    let plan = Plan {
        inputs: vec![Input::Stored(Box::new(found.request))],
        repeat: args.delivery.repeat,
        shuffle: None,
        env: Box::new(|_| None),
        limits: crate::app::files::Limits {
            body: args.delivery.max_body,
            ..crate::app::files::Limits::default()
        },
    };
    deliver(plan, options, ctx)
}
