//! `roomz-hook listen`: a validating local receiver. Wires the flags to the listener
//! core, the event store and the server plumbing; stops on Ctrl-C, SIGTERM, `--count`
//! or `--timeout`, and prints a summary.

use super::Context;
use crate::app::listen::{ListenOptions, Listener, Printer};
use crate::core::secret::Secret;
use crate::core::units::{parse_duration, parse_size};
use crate::error::{Error, ExitCode, Result};
use crate::net::server;
use crate::settings::{update_profile, Settings};
use crate::store::{Store, StoreWriter};
use clap::Args;
use serde_json::json;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Address to bind. Anything but loopback exposes the listener to your network.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// Port to bind; 0 picks a free one (the startup line names it).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,

    /// The webhook path; other paths get 404.
    #[arg(long, default_value = "/webhook")]
    pub path: String,

    /// Largest body accepted; larger ones get 413 (e.g. 1MiB, 512KiB, 65536).
    #[arg(long, default_value = "1MiB", value_parser = parse_size)]
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
    #[arg(long, value_name = "URL")]
    pub forward_to: Option<String>,

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

    /// Record signatures without checking them ("unchecked"), and answer 200 regardless.
    #[arg(long)]
    pub no_verify: bool,

    /// After answering each valid event, fetch its details from the ROOMZ API (--api-url,
    /// ROOMZ_API_URL or the profile; token from --token-file, ROOMZ_API_TOKEN or the
    /// profile), print them with the event and keep them in the store.
    #[arg(long)]
    pub fetch: bool,

    /// Do not save the bound URL (and a generated secret) to the config file.
    #[arg(long)]
    pub no_save: bool,
}

fn parse_probability(text: &str) -> std::result::Result<f64, String> {
    match text.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!(
            "'{text}' is not a probability: give a number from 0.0 to 1.0"
        )),
    }
}

pub fn exec(args: ListenArgs, ctx: &Context) -> Result<ExitCode> {
    if !args.path.starts_with('/') {
        return Err(Error::usage_msg(format!(
            "--path must start with '/': got '{}'",
            args.path
        )));
    }
    if let Some(url) = &args.forward_to {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Error::usage_msg(format!(
                "--forward-to must be an http:// or https:// URL: got '{url}'"
            )));
        }
    }
    let settings = ctx.settings()?;
    // Checked before binding, so a missing API URL or token is an error at once.
    let fetch = if args.fetch {
        let timeout = Duration::from_secs(30);
        Some(crate::app::api::client_for(&settings, timeout, 2)?)
    } else {
        None
    };
    let tls = tls_config(&args)?;
    let secret = if args.no_verify {
        None
    } else {
        Some(secret_or_generate(&settings, args.no_save, ctx)?)
    };
    let store = match &settings.store_path {
        Some(path) => Some(Store::open(&path.value).map_err(Error::usage)?),
        None => None,
    };
    let seen = match &store {
        Some(store) => store.seen_event_ids().map_err(Error::usage)?,
        None => HashSet::new(),
    };

    // One thread serves every connection and runs the store writer between requests; the
    // printer and the store's checkpoints have threads of their own. On the 2-core
    // machines this runs on, a second worker (or a writer thread) measured no faster:
    // the request work is small and cross-thread wake-ups ate the gain (bench/listen.sh).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::usage)?;
    let prepared = Prepared {
        settings,
        secret,
        store,
        seen,
        tls,
        fetch,
    };
    runtime.block_on(run(args, ctx, prepared))
}

/// What `exec` checked and opened before the runtime started.
struct Prepared {
    settings: Settings,
    secret: Option<Secret>,
    store: Option<Store>,
    seen: HashSet<String>,
    tls: Option<Arc<tokio_rustls::rustls::ServerConfig>>,
    fetch: Option<(crate::app::api::ApiClient, String)>,
}

async fn run(args: ListenArgs, ctx: &Context, prepared: Prepared) -> Result<ExitCode> {
    let Prepared {
        settings,
        secret,
        store,
        seen,
        tls,
        fetch,
    } = prepared;
    let socket = server::bind(&args.host, args.port)
        .await
        .map_err(Error::usage)?;
    let local = socket.local_addr().map_err(Error::usage)?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    let url = format!("{scheme}://{local}{}", args.path);

    let fingerprint = secret
        .as_ref()
        .map_or("not checked (--no-verify)".to_string(), |s| s.fingerprint());
    let store_note = settings
        .store_path
        .as_ref()
        .map_or("off".to_string(), |p| p.value.display().to_string());
    if !args.no_save {
        if let Err(error) = update_profile(&settings.config_path, &settings.profile, |p| {
            p.listen_url = Some(url.clone())
        }) {
            ctx.out
                .note(format!("warning: could not save the listener URL: {error}"));
        }
    }
    // Announced after saving, so that whoever reads this line finds the URL saved too.
    eprintln!("listening on {url}  (secret {fingerprint}, store {store_note})");
    if ctx.out.json {
        ctx.out.json_line(&json!({"listening": url}))?;
    }

    let writer = store.map(StoreWriter::spawn_task);
    let (printer, printer_thread) = Printer::spawn();
    let options = ListenOptions {
        path: args.path.clone(),
        secret,
        max_body: args.max_body,
        status: args.status,
        delay: args.delay,
        fail_rate: args.fail_rate,
        events: args.events.clone(),
        count: args.count,
        forward_to: args.forward_to.clone(),
        fetch,
        json: ctx.out.json,
        quiet: ctx.out.quiet,
    };
    let listener = Listener::new(options, writer.clone(), seen, printer.clone());

    let stop = stop_signal(listener.clone(), args.timeout);
    let handler_state = listener.clone();
    let problem_printer = printer.clone();
    let json = ctx.out.json;
    let stopped_by = Arc::new(std::sync::Mutex::new(Stop::Interrupted));
    let stopped = stopped_by.clone();
    server::serve(
        socket,
        tls,
        args.header_timeout,
        move |peer, request| handler_state.clone().handle(peer, request),
        move |problem| {
            let text = format!("connection from {}: {}", problem.peer, problem.message);
            if json {
                problem_printer.line(format!("{}\n", json!({"connection_error": text})));
            } else {
                problem_printer.error(text);
            }
        },
        async move {
            let reason = stop.await;
            *stopped.lock().expect("stop lock") = reason;
        },
        Duration::from_secs(5),
    )
    .await;

    listener.finish_fetches(Duration::from_secs(35)).await;
    if let Some(writer) = writer {
        if let Err(error) = writer.shutdown().await {
            printer.error(format!("error while closing the event store: {error}"));
        }
    }
    let stats = &listener.stats;
    let summary = json!({"summary": {
        "received": stats.received.load(Ordering::Relaxed),
        "counted": stats.counted.load(Ordering::Relaxed),
        "invalid": stats.invalid.load(Ordering::Relaxed),
        "duplicates": stats.duplicates.load(Ordering::Relaxed),
        "forward_failures": stats.forward_failures.load(Ordering::Relaxed),
        "fetch_failures": stats.fetch_failures.load(Ordering::Relaxed),
    }});
    if json {
        printer.line(format!("{summary}\n"));
    }
    drop(listener);
    drop(printer);
    let _ = printer_thread.join();

    let counted = stats_value(&summary, "counted");
    let invalid = stats_value(&summary, "invalid");
    ctx.out.note(format!(
        "stopped: {} requests, {counted} counted, {invalid} invalid, {} duplicates",
        stats_value(&summary, "received"),
        stats_value(&summary, "duplicates")
    ));
    let reason = *stopped_by.lock().expect("stop lock");
    if reason == Stop::TimedOut {
        if let Some(target) = args.count {
            ctx.out.note(format!(
                "timed out after {}: {counted} of {target} expected requests arrived",
                crate::core::units::format_duration(args.timeout.unwrap_or_default())
            ));
            return Ok(ExitCode::CheckFailed);
        }
    }
    Ok(ExitCode::check(invalid == 0))
}

fn stats_value(summary: &serde_json::Value, name: &str) -> u64 {
    summary["summary"][name].as_u64().unwrap_or(0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    Interrupted,
    CountReached,
    TimedOut,
}

/// Resolves at the first of: Ctrl-C, SIGTERM, `--count` reached, `--timeout` elapsed.
async fn stop_signal(listener: Arc<Listener>, timeout: Option<Duration>) -> Stop {
    let timeout = async move {
        match timeout {
            Some(duration) => tokio::time::sleep(duration).await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => Stop::Interrupted,
        _ = terminate() => Stop::Interrupted,
        _ = listener.count_reached.notified() => Stop::CountReached,
        _ = timeout => Stop::TimedOut,
    }
}

#[cfg(unix)]
pub(crate) async fn terminate() {
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(mut signal) => {
            signal.recv().await;
        }
        Err(_) => std::future::pending().await,
    }
}

#[cfg(not(unix))]
pub(crate) async fn terminate() {
    std::future::pending().await
}

fn tls_config(args: &ListenArgs) -> Result<Option<Arc<tokio_rustls::rustls::ServerConfig>>> {
    if args.tls_self_signed {
        return server::tls_self_signed().map(Some).map_err(Error::usage);
    }
    match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => server::tls_from_pem(cert, key)
            .map(Some)
            .map_err(Error::usage),
        _ => Ok(None),
    }
}

/// The configured secret; without one, a development secret made now, printed once and
/// saved to the config file so that `trigger`, `replay` and `simulate` in another terminal use it.
pub(crate) fn secret_or_generate(
    settings: &Settings,
    no_save: bool,
    ctx: &Context,
) -> Result<Secret> {
    if let Some(secret) = &settings.secret {
        return Ok(secret.value.clone());
    }
    let secret = Secret::generate();
    let saved = if no_save {
        "not saved (--no-save)".to_string()
    } else {
        match update_profile(&settings.config_path, &settings.profile, |p| {
            p.secret = Some(secret.expose().to_string())
        }) {
            Ok(()) => format!(
                "saved to {} (profile '{}') for trigger, replay and simulate",
                settings.config_path.display(),
                settings.profile
            ),
            Err(error) => format!("NOT saved: {error}"),
        }
    };
    // Shown this once, as the contract asks: the developer may need it in their app.
    ctx.out.note(format!(
        "no webhook secret configured: generated a development secret {} ({})\n  {saved}",
        secret.expose(),
        secret.fingerprint()
    ));
    Ok(secret)
}
