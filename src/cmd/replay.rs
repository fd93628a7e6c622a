//! `roomz-hook replay URL [FILE|DIR|-]...`: delivers events, NDJSON, captures or stored
//! requests to a receiver, signed, with retries, pacing and a summary (CONTRACT "replay").

use super::shared::{delivery_verdict, runtime, TlsFlags};
use super::Context;
use crate::app::files::Limits;
use crate::app::replay::{self, ExpectStatus, Input, Options, Plan, Signing};
use crate::core::signature::{Key, HEADER, LEGACY_HEADER};
use crate::core::units::{parse_duration, parse_size};
use crate::error::{Error, ExitCode, Result};
use crate::output::delivery::ReplayPrinter;
use crate::store::time_ago;
use crate::store::Filter;
use clap::Args;
use hyper::header::HeaderName;
use std::path::PathBuf;
use std::time::Duration;
use url::Url;

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 every delivery got the expected status, 1 some did not, \
    2 an input could not be read (the rest is still delivered), 3 the URL could not be reached at all."
)]
pub struct ReplayArgs {
    /// The receiver: an http:// or https:// URL.
    #[arg(value_name = "URL", value_parser = crate::net::client::parse_url)]
    pub url: Url,

    /// Event files (.json, sent byte for byte), NDJSON (one event or capture per line),
    /// captures (raw HTTP, JSON, HAR, curl: their body), directories of them (in file-name
    /// order); `-` reads stdin.
    #[arg(value_name = "FILE|DIR|-", required_unless_present = "from_store")]
    pub inputs: Vec<PathBuf>,

    /// Replay the requests `listen` stored in the event store, oldest first.
    #[arg(long, conflicts_with = "inputs")]
    pub from_store: bool,

    /// With --from-store: only the request(s) with this event id.
    #[arg(long, value_name = "ID", requires = "from_store")]
    pub id: Option<String>,

    /// With --from-store: only these event types (comma-separated).
    #[arg(long = "type", value_name = "TYPE", requires = "from_store")]
    pub event_type: Option<String>,

    /// With --from-store: only requests received in the last DUR (e.g. 10m, 2h).
    #[arg(long, value_name = "DUR", value_parser = parse_duration, requires = "from_store")]
    pub since: Option<Duration>,

    /// Deliveries in flight at once; 1 keeps the input order exactly.
    #[arg(short = 'c', long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub concurrency: u16,

    /// At most this many deliveries started per second (also N/m, N/h).
    #[arg(long, value_name = "N/s", value_parser = replay::parse_rate)]
    pub rate: Option<Duration>,

    /// Deliver in a random order (reads every input first), to test out-of-order handling.
    #[arg(long)]
    pub shuffle: bool,

    /// The seed of --shuffle's order, to repeat a run exactly.
    #[arg(long, value_name = "N", requires = "shuffle")]
    pub seed: Option<u64>,

    #[command(flatten)]
    pub delivery: DeliveryFlags,
}

/// The flags of one delivery run that `replay` and `events resend` share: how each
/// request is signed, sent, retried and judged.
#[derive(Debug, Args)]
pub struct DeliveryFlags {
    /// Retries after the first attempt, on connection errors, timeouts, 5xx and 429, with
    /// exponential backoff and jitter (a Retry-After answer is honoured, up to 60s).
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u32).range(0..=100))]
    pub retries: u32,

    /// Largest body sent; a larger event or capture body is an input error (as listen's).
    #[arg(long, value_name = "SIZE", default_value = "1MiB", value_parser = parse_size)]
    pub max_body: u64,

    /// How long to wait for each answer (ROOMZ waits 30s).
    #[arg(long, value_name = "DUR", default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// Give every delivery a new `id` and the current `timestamp` (and sign the new bytes).
    #[arg(long, conflicts_with = "keep_signature")]
    pub fresh: bool,

    /// Deliver each event N times in a row, to test idempotency.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub repeat: u32,

    /// The answer that counts as delivered: a class (2xx, 4xx) or a code (202).
    #[arg(long, value_name = "2xx|CODE", default_value = "2xx",
          value_parser = |s: &str| s.parse::<ExpectStatus>())]
    pub expect_status: ExpectStatus,

    /// Print each request that would be sent (URL, headers, body) and send nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Re-send each capture's own signature header(s) as captured instead of signing.
    #[arg(long, conflicts_with = "signature_header")]
    pub keep_signature: bool,

    /// Send only this signature header, instead of both.
    #[arg(long, value_name = "NAME", value_parser = [HEADER, LEGACY_HEADER], ignore_case = true)]
    pub signature_header: Option<String>,

    /// Follow 307 and 308 redirects, keeping method and body (other 3xx are reported).
    /// The signature headers go only to the URL's own origin (scheme, host, port).
    #[arg(long)]
    pub follow_redirects: bool,

    /// With --follow-redirects: send the signature headers to another origin too.
    #[arg(long, requires = "follow_redirects")]
    pub redirect_signatures: bool,

    #[command(flatten)]
    pub tls: TlsFlags,
}

impl DeliveryFlags {
    /// How the bodies are signed: re-signed with the configured secret, or sent with the
    /// signature headers they were captured with.
    pub fn signing(&self, ctx: &Context) -> Result<Signing> {
        if self.keep_signature {
            return Ok(Signing::Keep);
        }
        let secret = ctx.secret()?;
        Ok(Signing::Sign {
            key: Box::new(Key::new(secret.expose().as_bytes())),
            only: self.signature_header.as_deref().map(header_name),
        })
    }

    /// The engine's options for delivering to `url` with `concurrency` in flight.
    pub fn options(
        &self,
        ctx: &Context,
        url: &Url,
        concurrency: usize,
        rate: Option<Duration>,
    ) -> Result<Options> {
        Ok(Options {
            url: url.clone(),
            concurrency,
            rate,
            retries: self.retries,
            timeout: self.timeout,
            expect: self.expect_status,
            follow_redirects: self.follow_redirects,
            redirect_signatures: self.redirect_signatures,
            signing: self.signing(ctx)?,
            fresh: self.fresh,
            transport: self.tls.transport(ctx)?,
            dry_run: self.dry_run,
            keep_answer: false,
            quiet_deliveries: ctx.out.quiet && !ctx.out.json,
        })
    }
}

pub fn exec(args: ReplayArgs, ctx: &Context) -> Result<ExitCode> {
    let settings = ctx.settings()?;
    let options =
        args.delivery
            .options(ctx, &args.url, usize::from(args.concurrency), args.rate)?;
    let inputs = if args.from_store {
        let path = settings.require_store().map_err(Error::usage)?;
        let filter = Filter {
            event_type: args.event_type.clone(),
            since: args.since.map(time_ago),
            event_id: args.id.clone(),
            limit: None,
        };
        vec![Input::Store {
            path: path.to_path_buf(),
            filter,
        }]
    } else {
        Input::from_paths(&args.inputs).map_err(Error::usage_msg)?
    };
    let seed = args
        .shuffle
        .then(|| args.seed.unwrap_or_else(|| fastrand::u64(..)));
    if let (Some(seed), None) = (seed, args.seed) {
        ctx.out.note(format!(
            "shuffled with --seed {seed} (pass it to repeat this order)"
        ));
    }
    let env = ctx.env.clone();
    let plan = Plan {
        inputs,
        repeat: args.delivery.repeat,
        shuffle: seed,
        env: Box::new(move |name| env.get(name).map(str::to_owned)),
        limits: Limits {
            body: args.delivery.max_body,
            ..Limits::default()
        },
    };
    deliver(plan, options, ctx)
}

/// Runs `plan` through the engine with replay's printer and turns the summary into the
/// exit code (shared with `events resend`).
pub fn deliver(plan: Plan, options: Options, ctx: &Context) -> Result<ExitCode> {
    let expect = options.expect;
    let url = crate::net::client::display_url(&options.url);
    let mut printer = ReplayPrinter::new(ctx.out, &url, || plan.total());
    let summary = runtime()?.block_on(replay::run(plan, options, &mut printer));
    delivery_verdict(&summary, &url, expect)
}

fn header_name(name: &str) -> HeaderName {
    HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes()).expect("a listed header name")
}
