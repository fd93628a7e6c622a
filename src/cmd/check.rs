//! `roomz-hook check URL`: grades a receiver the way ROOMZ exercises it (CONTRACT 4.7).

use super::shared::{runtime, TlsFlags};
use super::Context;
use crate::app::check::{self, parse_header, Options};
use crate::core::check::{names, select};
use crate::core::event::Shape;
use crate::core::signature::Key;
use crate::core::units::parse_duration;
use crate::error::{Error, ExitCode, Result};
use crate::net::client::{display_url, parse_url};
use crate::output::check::Exporter;
use crate::output::junit::JunitExporter;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::Args;
use hyper::header::{HeaderName, HeaderValue};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;
use url::Url;

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 every required check passed, 1 one failed, \
    2 a bad flag or no secret, 3 the URL could not be reached at all.\n\n\
    Every event carries \"data\": {\"roomzHookCheck\": CHECK-NAME}, so that your \
    application can tell them apart from real ones."
)]
pub struct CheckArgs {
    /// Your receiver: an http:// or https:// URL [default: the profile's webhook_url].
    #[arg(value_name = "URL", value_parser = parse_url)]
    pub url: Option<Url>,

    /// The shape of the battery's events.
    #[arg(long, default_value = "current", value_name = "SHAPE",
          value_parser = PossibleValuesParser::new([
              PossibleValue::new("current").help("`workspace.presence.changed`, details under `data` (current documents)"),
              PossibleValue::new("old").help("`workspace.status.updated`, top-level `workspaceId`, `+0000` timestamps (older draft)"),
          ]).map(|s| if s == "old" { Shape::Legacy } else { Shape::Current }))]
    pub shape: Shape,

    /// Run only these checks (comma-separated or repeated).
    #[arg(long, value_name = "NAME,...", value_delimiter = ',',
          value_parser = PossibleValuesParser::new(names()))]
    pub only: Vec<String>,

    /// Add a header to every request, for an endpoint behind a gateway (repeatable).
    #[arg(long = "header", short = 'H', value_name = "NAME:VALUE", value_parser = parse_header)]
    pub headers: Vec<(HeaderName, HeaderValue)>,

    /// Print the battery (every request, headers and body) and send nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Also write the report as JUnit XML to FILE, for CI (GitHub, GitLab, Jenkins).
    #[arg(long, value_name = "FILE", conflicts_with = "dry_run")]
    pub junit: Option<PathBuf>,

    /// How long to wait for each answer (ROOMZ waits 30s).
    #[arg(long, value_name = "DUR", default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,

    #[command(flatten)]
    pub tls: TlsFlags,
}

pub fn exec(args: CheckArgs, ctx: &Context) -> Result<ExitCode> {
    let checks = select(&args.only).map_err(Error::usage_msg)?;
    let settings = ctx.settings()?;
    let url = match (args.url, &settings.webhook_url) {
        (Some(url), _) => url,
        (None, Some(saved)) => parse_url(&saved.value).map_err(Error::usage_msg)?,
        (None, None) => {
            return Err(Error::usage_msg(
                "name the endpoint to check, as in `roomz-hook check http://127.0.0.1:3000/webhook`, or save it as the profile's webhook_url with `roomz-hook init`",
            ))
        }
    };
    let secret = ctx.secret()?;
    let options = Options {
        url,
        key: Key::new(secret.expose().as_bytes()),
        shape: args.shape,
        checks,
        headers: args.headers,
        timeout: args.timeout,
        transport: args.tls.transport(ctx)?,
    };
    let battery = check::battery(&options);
    if args.dry_run {
        crate::output::check::battery(ctx.out, &battery)?;
        return Ok(ExitCode::Success);
    }
    // Opened before anything is sent, so that a CI job learns of a bad path at once.
    let junit = match &args.junit {
        Some(path) => Some((
            std::fs::File::create(path).map_err(|e| {
                Error::usage_msg(format!(
                    "cannot write the JUnit report to {}: {e}",
                    path.display()
                ))
            })?,
            path,
        )),
        None => None,
    };
    crate::output::check::starting(ctx.out, &battery);
    let report = runtime()?.block_on(check::run(battery, &options));
    crate::output::check::report(ctx.out, &report)?;
    if let Some((mut file, path)) = junit {
        file.write_all(&JunitExporter.serialize(&report))
            .map_err(|e| {
                Error::usage_msg(format!(
                    "cannot write the JUnit report to {}: {e}",
                    path.display()
                ))
            })?;
    }
    if report.unreachable() {
        let cause = report.first_error.as_deref().unwrap_or("no answer");
        // A certificate it does not trust: the app is running, the machine must trust it.
        let hint = crate::net::client::certificate_hint(cause).unwrap_or("is your app running?");
        return Err(Error::network(anyhow::anyhow!(
            "could not reach {} ({cause}): {hint}",
            display_url(&report.url)
        )));
    }
    Ok(ExitCode::check(report.required_passed()))
}
