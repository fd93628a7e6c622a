//! What `listen` prints as it runs: one line per request (human or NDJSON), the answers of
//! forwards and fetches under it, connection problems, the closing summary. Lines are
//! written by a thread of their own, so that request handlers never wait on a terminal or
//! a pipe, and lines never interleave.

use crate::app::listen::{Fetched, Forwarded, Happening, Report, Stop, Summary};
use crate::core::record::Record;
use crate::core::secret::Secret;
use crate::core::units::format_duration;
use crate::output::sanitize;
use crate::output::Output;
use crate::settings::Settings;
use crate::store::NewRequest;
use colored::Colorize;
use serde_json::json;
use std::io::Write;
use std::sync::mpsc;
use std::time::Duration;

/// How often the printing thread writes out the lines that gathered.
const PRINT_INTERVAL: Duration = Duration::from_millis(2);

/// The printer of a running listener: cheap to clone; `join` the thread's handle after
/// the last clone is dropped.
#[derive(Clone)]
pub struct ListenPrinter {
    sender: mpsc::Sender<Job>,
    json: bool,
    quiet: bool,
    /// `-v`: also idle connections closed and requests to other paths.
    verbose: bool,
}

enum Job {
    Out(String),
    Err(String),
    /// A request's own line, formatted on the printing thread: the JSON line is the
    /// largest piece of per-request work after the store, and the serving thread has
    /// better things to do (bench/listen.sh).
    Request {
        seq: Option<i64>,
        request: std::sync::Arc<NewRequest>,
    },
}

impl ListenPrinter {
    /// Starts the printing thread: NDJSON on stdout with `json`, else human lines, and
    /// nothing but errors and the summary with `quiet`.
    pub fn spawn(
        json: bool,
        quiet: bool,
        verbose: u8,
    ) -> (ListenPrinter, std::thread::JoinHandle<()>) {
        let (sender, receiver) = mpsc::channel::<Job>();
        let handle = std::thread::spawn(move || {
            let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout());
            let mut json_line = Vec::new();
            // The zone `TZ` names, else the system's (jiff reads the tzdb); UTC when
            // neither can be read. Looked up once: a line's time is formatted per line.
            let zone = jiff::tz::TimeZone::system();
            while let Ok(job) = receiver.recv() {
                let mut next = Some(job);
                while let Some(job) = next {
                    match job {
                        Job::Out(line) => {
                            let _ = out.write_all(line.as_bytes());
                        }
                        Job::Request { seq, request } if json => {
                            json_line.clear();
                            Record::from_new(seq, &request).write_line(&mut json_line);
                            let _ = out.write_all(&json_line);
                        }
                        Job::Request { request, .. } => {
                            let _ = out.write_all(human_line(&request, &zone).as_bytes());
                        }
                        Job::Err(line) => {
                            let _ = out.flush();
                            eprintln!("{line}");
                        }
                    }
                    next = receiver.try_recv().ok();
                }
                let _ = out.flush();
                // Under load, let lines gather for a moment rather than waking this
                // thread for each one: a line is late by at most this much.
                std::thread::sleep(PRINT_INTERVAL);
            }
        });
        (
            ListenPrinter {
                sender,
                json,
                quiet,
                verbose: verbose > 0 && !quiet,
            },
            handle,
        )
    }

    fn out(&self, line: String) {
        let _ = self.sender.send(Job::Out(line));
    }

    fn err(&self, line: String) {
        let _ = self.sender.send(Job::Err(line));
    }

    /// The closing summary: an NDJSON line with `--json` (the human one goes to stderr
    /// from the command, after this thread has ended).
    pub fn summary(&self, summary: &Summary) {
        if self.json {
            self.out(format!("{}\n", summary_json(summary)));
        }
    }
}

impl Report for ListenPrinter {
    fn tell(&self, happening: Happening) {
        match happening {
            Happening::Request { seq, request } => {
                if self.json || !self.quiet {
                    let _ = self.sender.send(Job::Request { seq, request });
                }
            }
            Happening::Forwarded(forwarded) if self.json => {
                self.out(format!("{}\n", forwarded_json(&forwarded)));
            }
            Happening::Forwarded(forwarded) if !self.quiet => {
                self.out(forwarded_line(&forwarded));
            }
            Happening::Fetched(fetched) if self.json => {
                self.out(format!("{}\n", fetched_json(&fetched)));
            }
            Happening::Fetched(fetched) if !self.quiet => self.out(fetched_line(&fetched)),
            Happening::Forwarded(_) | Happening::Fetched(_) => {}
            Happening::ConnectionProblem(text) if self.json => {
                self.out(format!("{}\n", json!({ "connection_error": text })));
            }
            Happening::ConnectionProblem(text) | Happening::Problem(text) => self.err(text),
            Happening::ConnectionNote(text) if self.verbose => self.err(text),
            Happening::OtherPath { method, path } if self.verbose => self.err(format!(
                "{} {}: not the webhook path, answered 404",
                sanitize(&method),
                sanitize(&path)
            )),
            Happening::ConnectionNote(_) | Happening::OtherPath { .. } => {}
        }
    }
}

/// Where the inspector page is, and its token (for `--json`'s `ui_token`).
pub struct Ui {
    pub url: String,
    pub token: String,
    /// Served on a non-loopback address (`--ui`): worth a warning.
    pub exposed: bool,
}

/// The start-up line on stderr (and `{"listening": URL}` on stdout with `--json`), with
/// the store's size on disk.
pub fn announce(
    url: &str,
    secret: Option<&Secret>,
    settings: &Settings,
    store_size: Option<u64>,
    ui: Option<&Ui>,
    out: Output,
) -> crate::error::Result<()> {
    let fingerprint = secret.map_or("not checked (--no-verify)".to_string(), Secret::fingerprint);
    let store = match (&settings.store_path, store_size) {
        (Some(path), Some(size)) => {
            format!("{}, {}", path.value.display(), format_size_short(size))
        }
        _ => "off".to_string(),
    };
    eprintln!("listening on {url}  (secret {fingerprint}, store {store})");
    if let Some(ui) = ui {
        eprintln!("inspect at {}", ui.url);
        if ui.exposed {
            eprintln!(
                "warning: the inspector is served beyond this machine (--ui): anyone who can \
                 reach the port sees every request"
            );
        }
    }
    if out.json {
        let mut line = json!({ "listening": url });
        if let Some(ui) = ui {
            line["ui"] = json!(ui.url);
            line["ui_token"] = json!(ui.token);
        }
        out.json_line(&line)?;
    }
    Ok(())
}

/// A size for people: `12.3 MiB`.
fn format_size_short(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// A store above this size is worth a warning at start.
const LARGE_STORE: u64 = 1 << 30;

/// What the start-up warnings look at.
#[derive(Debug)]
pub struct Exposure<'a> {
    pub address: std::net::SocketAddr,
    pub verifying: bool,
    pub config: crate::settings::FileState,
    pub config_path: &'a std::path::Path,
    pub store_size: Option<u64>,
    pub retention: Option<crate::store::Retention>,
}

/// The warnings after the start-up line (stderr; `-q` does not hide them): an address
/// others can reach, louder without verification; a config file others can read; a large
/// store.
pub fn warnings(exposure: &Exposure<'_>) {
    let address = exposure.address;
    if !address.ip().is_loopback() {
        match exposure.verifying {
            true => eprintln!(
                "{} listening on {address}, which other machines can reach (not only this one): anyone who can reach it may send requests; pass --host 127.0.0.1 to keep it local",
                "warning:".yellow().bold()
            ),
            false => eprintln!(
                "{} listening on {address}, which other machines can reach, WITH --no-verify: any request from the network is taken as genuine, stored and answered 200. Pass --host 127.0.0.1, or drop --no-verify",
                "WARNING:".red().bold()
            ),
        }
    }
    if let crate::settings::FileState::Loose { mode } = exposure.config {
        eprintln!(
            "{} the config file {} (which holds the secret) can be read by others (mode {mode:o}): chmod 600 '{}'",
            "warning:".yellow().bold(),
            exposure.config_path.display(),
            exposure.config_path.display()
        );
    }
    if let Some(size) = exposure.store_size.filter(|&s| s > LARGE_STORE) {
        let advice = match exposure.retention {
            Some(retention) => format!("--retain keeps {retention}; it prunes as listen runs"),
            None => "keep less with --retain 30d, or delete old requests with `roomz-hook events prune --older-than 30d`".into(),
        };
        eprintln!(
            "{} the event store is {} (over 1 GiB): {advice}",
            "warning:".yellow().bold(),
            format_size_short(size)
        );
    }
}

/// The closing lines on stderr: the counts, and what a `--timeout` cut short.
pub fn stopped(
    summary: &Summary,
    stop: Stop,
    count: Option<u64>,
    timeout: Option<Duration>,
    out: Output,
) {
    use crate::output::{count as counted, number};
    let mut line = format!(
        "stopped: {}, {} counted, {} invalid, {}",
        counted(summary.received, "request", "requests"),
        number(summary.counted),
        number(summary.invalid),
        counted(summary.duplicates, "duplicate", "duplicates"),
    );
    // The human summary counts what --json's does.
    if summary.forward_failures > 0 {
        line.push_str(&format!(
            ", {} failed",
            counted(summary.forward_failures, "forward", "forwards")
        ));
    }
    if summary.fetch_failures > 0 {
        line.push_str(&format!(
            ", {} failed",
            counted(summary.fetch_failures, "fetch", "fetches")
        ));
    }
    // After Ctrl-C the terminal has echoed `^C` on the last line: start a line of our own.
    if stop == Stop::Interrupted && out.stderr_is_terminal {
        line.insert(0, '\n');
    }
    out.note(line);
    if let (Stop::TimedOut, Some(target)) = (stop, count) {
        out.note(format!(
            "timed out after {}: {} of {target} expected requests arrived",
            format_duration(timeout.unwrap_or_default()),
            summary.counted
        ));
    }
}

pub fn summary_json(summary: &Summary) -> serde_json::Value {
    json!({"summary": {
        "received": summary.received,
        "counted": summary.counted,
        "invalid": summary.invalid,
        "duplicates": summary.duplicates,
        "forward_failures": summary.forward_failures,
        "fetch_failures": summary.fetch_failures,
    }})
}

fn forwarded_json(f: &Forwarded) -> serde_json::Value {
    json!({"forwarded": {"seq": f.seq, "event_id": f.event_id, "url": f.url,
        "status": f.status, "latency_ms": f.latency_ms, "error": f.error}})
}

fn forwarded_line(f: &Forwarded) -> String {
    let outcome = match (f.status, &f.error) {
        (Some(code), _) if (200..300).contains(&code) => format!("{code}").green().to_string(),
        (Some(code), _) => format!("{code}").red().to_string(),
        (None, Some(e)) => format!("failed: {}", sanitize(e)).red().to_string(),
        (None, None) => "failed".red().to_string(),
    };
    let latency = f
        .latency_ms
        .map_or(String::new(), |ms| format!(" in {ms}ms"));
    format!(
        "    → {}{} {outcome}{latency}\n{}",
        event_mark(f.event_id.as_deref()),
        sanitize(&f.url),
        tls_hint(f.error.as_deref())
    )
}

/// The line under a failed forward or fetch whose server's certificate was rejected: what
/// to pass listen.
fn tls_hint(error: Option<&str>) -> String {
    error
        .and_then(crate::net::client::certificate_hint)
        .map_or(String::new(), |hint| format!("      hint: {hint}\n"))
}

fn fetched_json(f: &Fetched) -> serde_json::Value {
    match &f.error {
        None => json!({"fetched": {"seq": f.seq, "event_id": f.event_id,
            "url": f.url, "status": f.status, "latency_ms": f.latency_ms,
            "details": f.details, "error": null}}),
        Some(error) => json!({"fetched": {"seq": f.seq, "event_id": f.event_id, "url": f.url,
            "status": f.status, "details": null, "error": error}}),
    }
}

fn fetched_line(f: &Fetched) -> String {
    match &f.error {
        None => format!(
            "    ⤷ {}GET {} {} {} in {}ms\n",
            event_mark(f.event_id.as_deref()),
            sanitize(f.url.as_deref().unwrap_or_default()),
            f.status.unwrap_or_default().to_string().green(),
            sanitize(&f.details.clone().unwrap_or_default().to_string()),
            f.latency_ms.unwrap_or_default()
        ),
        Some(error) => format!(
            "    ⤷ {}{}\n{}",
            event_mark(f.event_id.as_deref()),
            format!("details not fetched: {}", sanitize(error)).red(),
            tls_hint(Some(error))
        ),
    }
}

/// The event a `⤷`/`→` line is about, by its id's first 8 characters (what `events show`
/// and `fetch` take as a prefix): lines of concurrent events interleave.
fn event_mark(event_id: Option<&str>) -> String {
    match event_id {
        Some(id) => format!("{} ", sanitize(id.get(..8).unwrap_or(id))),
        None => String::new(),
    }
}

/// The clock time of `received_at` (RFC 3339, UTC) in `zone` (see
/// [`crate::output::clock_time`]). A time that does not parse is shown as it is.
fn clock_time(received_at: &str, zone: &jiff::tz::TimeZone) -> String {
    match received_at.parse::<jiff::Timestamp>() {
        Ok(at) => crate::output::clock_time(at, zone),
        Err(_) => sanitize(received_at).into_owned(),
    }
}

/// One request as a person reads it: time (in `zone`, with its offset), method, path,
/// status, signature, type, id, a duplicate mark, then its problems, why its signature
/// failed, and its warnings, each on a line of its own.
fn human_line(record: &NewRequest, zone: &jiff::tz::TimeZone) -> String {
    let time = clock_time(&record.received_at, zone);
    let status = if (200..300).contains(&record.status) {
        record.status.to_string().green()
    } else {
        record.status.to_string().red()
    };
    let signature = match record.signature.as_str() {
        "valid" => "✓ signed".green(),
        "unchecked" => "· unchecked".normal(),
        other => format!("✗ {other}").red(),
    };
    let mut line = format!(
        "{} {} {} {status} {signature}",
        time.dimmed(),
        record.method,
        sanitize(&record.path)
    );
    if let Some(kind) = &record.event_type {
        line.push_str(&format!("  {}", sanitize(kind).cyan()));
    }
    if let Some(id) = &record.event_id {
        line.push_str(&format!("  {}", sanitize(id)));
    }
    if record.duplicate {
        line.push_str(&format!("  {}", "duplicate".yellow()));
    }
    for problem in &record.problems {
        line.push_str(&format!("\n    {} {}", "!".red(), sanitize(problem)));
    }
    if let Some(hint) = &record.hint {
        line.push_str(&format!("\n    {} {}", "hint:".cyan(), sanitize(hint)));
    }
    for warning in &record.warnings {
        line.push_str(&format!(
            "\n    {} {}",
            "warning:".yellow(),
            sanitize(warning)
        ));
    }
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejected_certificate_under_a_forward_or_fetch_says_what_to_pass() {
        let forwarded = Forwarded {
            seq: Some(1),
            event_id: Some("3b241101-e2bb".into()),
            url: "https://127.0.0.1:3000/hooks".into(),
            status: None,
            latency_ms: None,
            error: Some(format!(
                "{}: invalid peer certificate: UnknownIssuer",
                crate::net::client::CERTIFICATE_REJECTED
            )),
        };
        let line = forwarded_line(&forwarded);
        assert!(
            line.ends_with(&format!(
                "\n      hint: {}\n",
                crate::net::client::CERTIFICATE_HINT
            )),
            "{line}"
        );
        let refused = Forwarded {
            error: Some("connection refused".into()),
            ..forwarded
        };
        assert!(!forwarded_line(&refused).contains("hint:"));
    }
}
