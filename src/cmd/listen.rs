//! `roomz-hook listen`: a validating local receiver. Wires the flags to the listener
//! service (app/listen.rs), the event store and the server; the listener stops on Ctrl-C,
//! SIGTERM, `--count` or `--timeout`, and its printer (output/listen.rs) shows the rest.

use super::Context;
use crate::app::inspector::{Inspector, InspectorOptions};
use crate::app::listen::{ListenOptions, Listener, SecretReloader, Stop};
use crate::core::secret::CurrentSecret;
use crate::core::units::{parse_duration, parse_probability, parse_size};
use crate::error::{Error, ExitCode, Result};
use crate::net::client::parse_url;
use crate::net::server;
use crate::output::{self, listen::ListenPrinter};
use crate::settings::{update_profile, Settings, Source};
use crate::store::{Retention, Store, StoreWriter};
use clap::Args;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// `--host` and `--port` when not given: the only listener whose URL is saved.
const DEFAULT_HOST: &str = "127.0.0.1";
const DEFAULT_PORT: u16 = 8080;

#[derive(Debug, Args)]
#[command(
    after_help = "The bound URL is saved to the profile (for `trigger`) only by an \
interactive listen (stderr a terminal) on the default --host and --port: a CI or scripted \
run (`--port 0 --count N`) leaves the developer's saved URL alone."
)]
pub struct ListenArgs {
    /// Address to bind. Anything but loopback exposes the listener to your network.
    #[arg(long, default_value = DEFAULT_HOST)]
    pub host: String,

    /// Port to bind; 0 picks a free one (the startup line names it).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    pub port: u16,

    /// The webhook path; other paths get 404.
    #[arg(long, default_value = "/webhook", value_parser = parse_path)]
    pub path: String,

    /// Largest body accepted; larger ones get 413 (e.g. 1MiB, 512KiB, 65536).
    #[arg(long, value_name = "SIZE", default_value = "1MiB", value_parser = parse_size)]
    pub max_body: u64,

    /// Answer this status instead of 200 to well-signed events (simulate a failing app).
    #[arg(long, value_name = "CODE", value_parser = clap::value_parser!(u16).range(100..=599))]
    pub status: Option<u16>,

    /// Wait this long before answering (e.g. 500ms, 31s to trip ROOMZ's 30 s timeout).
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub delay: Option<Duration>,

    /// Answer 500 to this fraction of requests, at random (0.0 to 1.0).
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = parse_probability)]
    pub fail_rate: f64,

    /// Exit after N requests to the path: 0 if all were valid, 1 if any was not.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,

    /// With --count: exit 1 if fewer than N arrived in time. Alone: stop after DUR.
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub timeout: Option<Duration>,

    /// Only print, forward and count these event types (comma-separated); others are
    /// still answered and stored.
    #[arg(long, value_name = "TYPE[,TYPE]", value_delimiter = ',')]
    pub events: Option<Vec<String>>,

    /// Pass each request on to your app at URL, headers and body unchanged, and print its answer.
    #[arg(long, value_name = "URL", value_parser = parse_url)]
    pub forward_to: Option<Url>,

    /// Trust for the https requests listen makes (--forward-to, --fetch, the page's
    /// resends); not for what it serves.
    #[command(flatten)]
    pub outgoing_tls: super::shared::TlsFlags,

    /// Serve HTTPS with this certificate (PEM); needs --tls-key.
    #[arg(
        long,
        value_name = "PEM",
        requires = "tls_key",
        conflicts_with = "tls_self_signed"
    )]
    pub tls_cert: Option<PathBuf>,

    /// The private key (PEM) for --tls-cert.
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Serve HTTPS with a certificate made up for this run (clients need --insecure).
    #[arg(long)]
    pub tls_self_signed: bool,

    /// How long a client may take to send its request headers before it is cut off.
    #[arg(long, value_name = "DUR", default_value = "10s", value_parser = parse_duration)]
    pub header_timeout: Duration,

    /// How long a kept-alive connection may wait for its next request before it is
    /// closed (told at -v only).
    #[arg(long, value_name = "DUR", default_value = "90s", value_parser = parse_duration)]
    pub idle_timeout: Duration,

    /// Keep only this much in the store, pruning as it runs: an age (30d, 12h) or a number
    /// of requests (100000). Beats the profile's `retain`.
    #[arg(long, value_name = "AGE|COUNT")]
    pub retain: Option<Retention>,

    /// Record signatures without checking them ("unchecked"), and answer 200 regardless.
    #[arg(long)]
    pub no_verify: bool,

    /// After answering each valid event, fetch its details from the ROOMZ API (--api-url,
    /// ROOMZ_API_URL or the profile; token from --token-file, ROOMZ_API_TOKEN or the
    /// profile), print them with the event and keep them in the store.
    #[arg(long)]
    pub fetch: bool,

    /// Do not save the bound URL (and a generated secret) to the config file. The URL is
    /// saved only by an interactive listen on the default --host and --port.
    #[arg(long)]
    pub no_save: bool,

    /// Serve the inspector page (/_/) on a non-loopback --host too: anyone who can reach
    /// the port then sees every request (actions still need the page's token).
    #[arg(long, conflicts_with = "no_ui")]
    pub ui: bool,

    /// No inspector page: /_/ and / are then ordinary webhook-listener paths.
    #[arg(long)]
    pub no_ui: bool,
}

/// The secret resolved again as at start, for a listener whose secret lives in a file that
/// may change while it runs: the config file (or a development secret saved to it), or
/// `--secret-file`. A `--secret` flag or `ROOMZ_WEBHOOK_SECRET` cannot change: none.
fn secret_reloader(ctx: &Context, settings: &Settings) -> Option<SecretReloader> {
    let from_file = match settings.secret.as_ref().map(|s| &s.source) {
        None | Some(Source::Profile { .. }) | Some(Source::Flag("--secret-file")) => true,
        Some(_) => false,
    };
    let (overrides, env) = (ctx.overrides(), ctx.env.clone());
    // Resolved again only when one of the files it came from changed: a stream of forged
    // requests costs a stat each, not a read and parse of the config file.
    let files: Vec<PathBuf> = std::iter::once(settings.config_path.clone())
        .chain(overrides.secret_file.clone())
        .collect();
    let stamps = move || -> Vec<Option<(std::time::SystemTime, u64)>> {
        files
            .iter()
            .map(|path| {
                let metadata = std::fs::metadata(path).ok()?;
                Some((metadata.modified().ok()?, metadata.len()))
            })
            .collect()
    };
    // No stamps yet: the first failure always reads the files again (they may have
    // changed between reading the settings and now). Stamps are taken before each read,
    // so a change during one is seen at the next failure.
    let at_start = settings.secret.as_ref().map(|s| s.value.clone());
    let last = std::sync::Mutex::new((Vec::new(), at_start));
    from_file.then(|| {
        SecretReloader(Arc::new(move || {
            let now = stamps();
            let mut last = last.lock().expect("secret stamps lock");
            if last.0 != now {
                let resolved = Settings::resolve(&overrides, &env)
                    .ok()
                    .and_then(|settings| settings.secret)
                    .map(|s| s.value);
                *last = (now, resolved);
            }
            last.1.clone()
        }))
    })
}

/// `--path`: an absolute path.
fn parse_path(text: &str) -> std::result::Result<String, String> {
    match text.starts_with('/') {
        true => Ok(text.to_string()),
        false => Err(format!("--path must start with '/': got '{text}'")),
    }
}

pub fn exec(args: ListenArgs, ctx: &Context) -> Result<ExitCode> {
    let settings = ctx.settings()?;
    let transport = args.outgoing_tls.transport(ctx)?;
    // Checked before binding, so a missing API URL or token is an error at once.
    let fetch = match args.fetch {
        true => Some(crate::app::api::client_for(
            &settings,
            Duration::from_secs(30),
            2,
            transport.clone(),
        )?),
        false => None,
    };
    let tls = server::tls(
        args.tls_cert.as_deref(),
        args.tls_key.as_deref(),
        args.tls_self_signed,
    )
    .map_err(Error::usage)?;
    let secret = match args.no_verify {
        true => None,
        false => Some(ctx.secret_or_generate(&settings, !args.no_save)),
    };
    // One for the listener and its page: a secret changed since start moves both.
    let current_secret = secret.clone().map(CurrentSecret::new);
    let retention = match (args.retain, &settings.retain) {
        (Some(retention), _) => Some(retention),
        (None, Some(setting)) => Some(
            setting
                .value
                .parse::<Retention>()
                .map_err(|e| Error::usage_msg(format!("retain from {}: {e}", setting.source)))?,
        ),
        (None, None) => None,
    };
    // Opened, locked against a second listener and checked writable before anything is
    // bound: a store that cannot take writes is an error now, not 503s later.
    let store = match &settings.store_path {
        Some(path) => {
            let store = Store::open(&path.value).map_err(Error::usage)?;
            let lock = store.lock_for_listening().map_err(Error::usage)?;
            store.check_writable().map_err(Error::usage)?;
            Some((store, lock))
        }
        None => None,
    };
    // One thread serves every connection and runs the store writer between requests; the
    // printer and the store's checkpoints have threads of their own. On 2 cores a second
    // worker measured no faster: cross-thread wake-ups ate the gain (bench/listen.sh).
    let runtime = super::shared::runtime()?;
    let _entered = runtime.enter();
    let socket = runtime
        .block_on(server::bind(&args.host, args.port))
        .map_err(Error::usage)?;
    let local = socket.local_addr().map_err(Error::usage)?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    let url = format!("{scheme}://{local}{}", args.path);
    // Caught from here on: a Ctrl-C right after the start-up line still gets the summary.
    let signals = server::StopSignals::catch().map_err(Error::usage)?;
    // Only the developer's own listener (a terminal, the default address) becomes the
    // profile's URL: a CI run on `--port 0` must not point `trigger` at a port that is gone.
    let save_url = !args.no_save
        && ctx.out.stderr_is_terminal
        && args.host == DEFAULT_HOST
        && args.port == DEFAULT_PORT;
    if save_url {
        if let Err(error) = update_profile(&settings.config_path, &settings.profile, |p| {
            p.listen_url = Some(url.clone())
        }) {
            ctx.out
                .note(format!("warning: could not save the listener URL: {error}"));
        }
    }
    // The inspector is on for loopback addresses, off for others unless --ui.
    let inspector = (!args.no_ui && (args.ui || local.ip().is_loopback())).then(|| {
        Inspector::new(InspectorOptions {
            webhook_path: args.path.clone(),
            webhook_url: url.clone(),
            store: settings.store_path.as_ref().map(|p| p.value.clone()),
            forward_to: args.forward_to.clone(),
            secret: current_secret.clone(),
            https: tls.is_some(),
            loopback_only: !args.ui,
            transport: transport.clone(),
        })
    });
    let ui = inspector.as_ref().map(|inspector| output::listen::Ui {
        url: format!("{scheme}://{local}{}", inspector.page_path()),
        token: inspector.token().to_string(),
        exposed: !local.ip().is_loopback(),
    });
    // Announced after saving, so that whoever reads this line finds the URL saved too.
    let store_size = store.as_ref().map(|(store, _)| store.size_on_disk());
    output::listen::announce(
        &url,
        secret.as_ref(),
        &settings,
        store_size,
        ui.as_ref(),
        ctx.out,
    )?;
    output::listen::warnings(&output::listen::Exposure {
        address: local,
        verifying: secret.is_some(),
        config: settings.config_file_state(),
        config_path: &settings.config_path,
        store_size,
        retention,
    });

    let (printer, printer_thread) =
        ListenPrinter::spawn(ctx.out.json, ctx.out.quiet, ctx.out.verbose);
    let options = ListenOptions {
        path: args.path.clone(),
        reload_secret: secret.as_ref().and(secret_reloader(ctx, &settings)),
        secret: current_secret,
        max_body: args.max_body,
        status: args.status,
        delay: args.delay,
        fail_rate: args.fail_rate,
        events: args.events.clone(),
        count: args.count,
        forward_to: args.forward_to.clone(),
        transport: transport.clone(),
        fetch,
        inspector: inspector.clone(),
    };
    let (store, _lock) = store.unzip();
    let writer = store.map(|store| StoreWriter::spawn_retaining(store, retention));
    let report: Arc<dyn crate::app::listen::Report> = match &inspector {
        Some(inspector) => inspector.reporting(Arc::new(printer.clone())),
        None => Arc::new(printer.clone()),
    };
    let listener = Listener::new(options, writer, report);
    let timeouts = server::Timeouts {
        header: args.header_timeout,
        idle: args.idle_timeout,
    };
    let serving = listener.serve(socket, tls, timeouts, args.timeout, signals);
    let (summary, stop) = runtime.block_on(serving);
    printer.summary(&summary);
    drop(printer);
    let _ = printer_thread.join();
    output::listen::stopped(&summary, stop, args.count, args.timeout, ctx.out);
    if stop == Stop::TimedOut && args.count.is_some() {
        return Ok(ExitCode::CheckFailed);
    }
    Ok(ExitCode::check(summary.invalid == 0))
}
