//! How `replay` and `trigger` show their deliveries: one human line or one JSON object per
//! delivery on stdout, input problems on stderr, a progress bar on a terminal, and the
//! summary. Text that came from a receiver or an input file is escaped first.

use crate::app::replay::{millis, InputProblem, Outcome, Report, Summary, Verdict};
use crate::output::{print_line, sanitize, sanitize_bytes, Output};
use base64::Engine as _;
use colored::Colorize;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use std::io::{BufWriter, Stdout, Write};
use std::time::Duration;

/// `replay --json`: one object per delivery.
#[derive(Serialize)]
struct DeliveryJson<'a> {
    event_id: Option<&'a str>,
    status: Option<u16>,
    attempts: u32,
    latency_ms: Option<f64>,
    error: Option<&'a str>,
    source: &'a str,
    location: Option<&'a str>,
}

/// `replay --dry-run --json`: the request that would be sent.
#[derive(Serialize)]
struct PlannedJson<'a> {
    dry_run: bool,
    source: &'a str,
    event_id: Option<&'a str>,
    method: &'static str,
    url: &'a str,
    headers: serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
    body_base64: String,
}

/// The printer of `replay`.
pub struct ReplayPrinter {
    out: Output,
    url: String,
    stdout: BufWriter<Stdout>,
    progress: Option<ProgressBar>,
    missed: u64,
}

impl ReplayPrinter {
    /// A progress bar is drawn on stderr only when it is a terminal and not `--quiet`, nor
    /// `-v` (whose trace of each exchange goes to stderr too, and would break the bar);
    /// `total` makes it a bar rather than a counter.
    pub fn new(out: Output, url: &str, total: Option<u64>) -> Self {
        let progress = (out.stderr_is_terminal && !out.quiet && out.verbose == 0).then(|| {
            let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
            let template = if total.is_some() {
                "{bar:30} {pos}/{len} delivered  {per_sec}  {elapsed}  {msg}"
            } else {
                "{spinner} {pos} delivered  {per_sec}  {elapsed}  {msg}"
            };
            bar.set_style(ProgressStyle::with_template(template).expect("a valid template"));
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        ReplayPrinter {
            out,
            url: url.to_string(),
            stdout: BufWriter::with_capacity(64 * 1024, std::io::stdout()),
            progress,
            missed: 0,
        }
    }

    /// Runs `f` with the progress bar out of the way.
    fn print(&mut self, f: impl FnOnce(&mut BufWriter<Stdout>)) {
        match &self.progress {
            Some(bar) => {
                let stdout = &mut self.stdout;
                bar.suspend(|| {
                    f(stdout);
                    let _ = stdout.flush();
                });
            }
            None => f(&mut self.stdout),
        }
    }

    fn eprint(&mut self, text: String) {
        let _ = self.stdout.flush();
        match &self.progress {
            Some(bar) => bar.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }

    fn planned(&mut self, outcome: &Outcome) {
        let Some((headers, body)) = &outcome.request else {
            return;
        };
        if self.out.json {
            let url = self.url.clone();
            let line = PlannedJson {
                dry_run: true,
                source: &outcome.source,
                event_id: outcome.event_id.as_deref(),
                method: "POST",
                url: &url,
                headers: headers
                    .iter()
                    .map(|(n, v)| (n.clone(), serde_json::Value::String(v.clone())))
                    .collect(),
                body: std::str::from_utf8(body).ok(),
                body_base64: base64::engine::general_purpose::STANDARD.encode(body),
            };
            self.print(|w| json_line(w, &line));
            return;
        }
        let url = sanitize(&self.url).into_owned();
        let source = sanitize(&outcome.source).into_owned();
        let body_lines: Vec<String> = body.split(|&b| b == b'\n').map(sanitize_bytes).collect();
        self.print(|w| {
            let _ = writeln!(w, "{}", format!("# {source}").dimmed());
            let _ = writeln!(w, "POST {url}");
            for (name, value) in headers {
                let _ = writeln!(w, "{name}: {}", sanitize(value));
            }
            let _ = writeln!(w);
            let _ = writeln!(w, "{}", body_lines.join("\n"));
        });
    }
}

fn json_line(w: &mut impl Write, value: &impl Serialize) {
    let _ = serde_json::to_writer(&mut *w, value);
    let _ = w.write_all(b"\n");
}

/// `12.3 ms`, or `-` with no answer.
fn latency_text(latency: Option<Duration>, answered: bool) -> String {
    match latency {
        Some(latency) if answered => format!("{:.1} ms", millis(latency)),
        _ => "-".to_string(),
    }
}

impl Report for ReplayPrinter {
    fn problem(&mut self, problem: &InputProblem) {
        if let Some(bar) = &self.progress {
            bar.inc(1);
        }
        let text = format!(
            "{} {}",
            "error:".red().bold(),
            sanitize(&problem.to_string())
        );
        self.eprint(text);
    }

    fn warning(&mut self, message: &str) {
        if !self.out.quiet {
            let text = format!("{} {}", "warning:".yellow().bold(), sanitize(message));
            self.eprint(text);
        }
    }

    fn outcome(&mut self, outcome: &Outcome) {
        if let Some(bar) = &self.progress {
            bar.inc(1);
            if outcome.verdict != Verdict::Delivered && outcome.verdict != Verdict::Planned {
                self.missed += 1;
                bar.set_message(format!("{} missed", self.missed));
            }
        }
        if outcome.verdict == Verdict::Planned {
            return self.planned(outcome);
        }
        if self.out.json {
            let line = DeliveryJson {
                event_id: outcome.event_id.as_deref(),
                status: outcome.status,
                attempts: outcome.attempts,
                latency_ms: outcome.status.and(outcome.latency).map(millis),
                error: outcome.error.as_deref(),
                source: &outcome.source,
                location: outcome.location.as_deref(),
            };
            self.print(|w| json_line(w, &line));
            return;
        }
        let ok = outcome.verdict == Verdict::Delivered;
        if ok && self.out.quiet {
            return;
        }
        let mark = if ok { "✓".green() } else { "✗".red() };
        let status = outcome.status.map_or("---".to_string(), |s| s.to_string());
        let status = if ok { status.green() } else { status.red() };
        let mut line = format!(
            "{mark} {status}  {}  {}  {}",
            sanitize(outcome.event_id.as_deref().unwrap_or("(no id)")),
            sanitize(&outcome.source).dimmed(),
            latency_text(outcome.latency, outcome.status.is_some()),
        );
        if outcome.attempts > 1 {
            line.push_str(&format!("  {} attempts", outcome.attempts));
        }
        if let Some(error) = &outcome.error {
            line.push_str(&format!("  {}", sanitize(error)));
        }
        if self.out.quiet {
            if !ok {
                self.eprint(line);
            }
        } else {
            self.print(|w| {
                let _ = writeln!(w, "{line}");
            });
        }
    }

    fn flush(&mut self) {
        let _ = self.stdout.flush();
    }

    fn finish(&mut self, summary: &Summary) {
        if let Some(bar) = self.progress.take() {
            bar.finish_and_clear();
        }
        if self.out.json {
            let line = serde_json::json!({ "summary": summary.to_json() });
            json_line(&mut self.stdout, &line);
        } else if !self.out.quiet {
            let text = summary_text(summary);
            let _ = writeln!(self.stdout, "{text}");
        }
        let _ = self.stdout.flush();
    }
}

/// The human summary: an interruption first, then sent, succeeded, failed, retried,
/// attempts, latency p50/p99.
pub fn summary_text(summary: &Summary) -> String {
    if summary.planned > 0 && summary.sent == 0 {
        let mut text = format!(
            "dry run: {} deliveries planned, nothing sent",
            summary.planned
        );
        if summary.input_errors > 0 {
            text.push_str(&format!(", {} input errors", summary.input_errors));
        }
        return text;
    }
    let mut failed = summary.failed.to_string();
    if summary.unreachable > 0 {
        failed.push_str(&format!(" ({} unreachable)", summary.unreachable));
    }
    let failed = if summary.failed > 0 {
        failed.red()
    } else {
        failed.normal()
    };
    let mut text = String::new();
    if let Some(interruption) = summary.interrupted {
        text.push_str(&format!(
            "{}: stopped by {}, {} not sent; ",
            "interrupted".yellow().bold(),
            interruption.signal_name(),
            summary.not_sent
        ));
    }
    text.push_str(&format!(
        "sent {}, succeeded {}, failed {}, retried {} ({})",
        crate::output::number(summary.sent),
        crate::output::number(summary.succeeded).green(),
        failed,
        crate::output::number(summary.retried),
        crate::output::count(summary.attempts, "attempt", "attempts")
    ));
    if summary.input_errors > 0 {
        text.push_str(&format!(
            ", input errors {}",
            summary.input_errors.to_string().red()
        ));
    }
    let json = summary.to_json();
    if let (Some(p50), Some(p99)) = (json.latency_ms.p50, json.latency_ms.p99) {
        text.push_str(&format!("; latency p50 {p50:.1} ms, p99 {p99:.1} ms"));
    }
    text.push_str(&format!(
        "; {:.2} s, {}/s",
        summary.elapsed.as_secs_f64(),
        json.per_second
    ));
    text
}

/// `trigger --json`: the one delivery, with the receiver's answer.
#[derive(Serialize)]
struct TriggerJson<'a> {
    event_id: Option<&'a str>,
    event_type: &'a str,
    url: &'a str,
    status: Option<u16>,
    attempts: u32,
    latency_ms: Option<f64>,
    error: Option<&'a str>,
    location: Option<&'a str>,
    answer: Option<String>,
}

/// The printer of `trigger`: the status and what the receiver answered.
pub struct TriggerPrinter {
    out: Output,
    url: String,
    event_type: String,
}

impl TriggerPrinter {
    pub fn new(out: Output, url: &str, event_type: &str) -> Self {
        TriggerPrinter {
            out,
            url: url.to_string(),
            event_type: event_type.to_string(),
        }
    }
}

/// At most this much of an answer is printed.
const SHOWN_ANSWER: usize = 2048;

impl Report for TriggerPrinter {
    fn problem(&mut self, problem: &InputProblem) {
        eprintln!(
            "{} {}",
            "error:".red().bold(),
            sanitize(&problem.to_string())
        );
    }

    fn warning(&mut self, message: &str) {
        self.out.note(format!(
            "{} {}",
            "warning:".yellow().bold(),
            sanitize(message)
        ));
    }

    fn outcome(&mut self, outcome: &Outcome) {
        let answer = outcome.answer.as_ref().filter(|a| !a.is_empty());
        if self.out.json {
            let _ = self.out.json_line(&TriggerJson {
                event_id: outcome.event_id.as_deref(),
                event_type: &self.event_type,
                url: &self.url,
                status: outcome.status,
                attempts: outcome.attempts,
                latency_ms: outcome.status.and(outcome.latency).map(millis),
                error: outcome.error.as_deref(),
                location: outcome.location.as_deref(),
                answer: answer.map(|a| String::from_utf8_lossy(a).into_owned()),
            });
            return;
        }
        let ok = outcome.verdict == Verdict::Delivered;
        let head = match outcome.status {
            Some(status) => {
                let reason = hyper::StatusCode::from_u16(status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("");
                let text = format!("{status} {reason}");
                format!(
                    "{} ({})",
                    if ok { text.green() } else { text.red() },
                    latency_text(outcome.latency, true)
                )
            }
            None => "no answer".red().to_string(),
        };
        let id = sanitize(outcome.event_id.as_deref().unwrap_or("?")).into_owned();
        let line = format!(
            "{} {}  {}  POST {} → {head}",
            if ok { "✓".green() } else { "✗".red() },
            sanitize(&self.event_type),
            id,
            sanitize(&self.url),
        );
        if self.out.quiet && ok {
            return;
        }
        if self.out.quiet {
            eprintln!("{line}");
        } else {
            print_line(&line);
        }
        if let Some(error) = &outcome.error {
            eprintln!("  {}", sanitize(error));
        }
        if let (Some(answer), false) = (answer, self.out.quiet) {
            let shown = &answer[..answer.len().min(SHOWN_ANSWER)];
            for line in shown.split(|&b| b == b'\n') {
                print_line(format_args!("  {}", sanitize_bytes(line)));
            }
            if answer.len() > SHOWN_ANSWER {
                print_line("  … (truncated)");
            }
        }
    }

    fn finish(&mut self, _summary: &Summary) {}
}

/// `trigger --print`: the sample body and its signature header, or both as JSON.
pub fn signed_sample(
    out: Output,
    event: &serde_json::Value,
    event_type: &str,
    body: &[u8],
    signature: &str,
) -> crate::error::Result<()> {
    let header = crate::core::signature::HEADER;
    if out.json {
        return out.json_line(
            &serde_json::json!({"event_id": event["id"], "event_type": event_type,
            "body": String::from_utf8_lossy(body), "signature": signature, "header": header}),
        );
    }
    crate::output::print_line(String::from_utf8_lossy(body));
    crate::output::print_line(format_args!("{header}: {signature}"));
    Ok(())
}
