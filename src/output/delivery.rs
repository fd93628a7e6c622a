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

/// replay's progress, drawn to `target`: with a known total, a bar with the position out
/// of it, the percentage and the time left; without one, a counter. Both show the rate,
/// and the message (how many were rejected or unreachable so far).
fn progress_bar(total: Option<u64>, target: ProgressDrawTarget) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(total, target);
    bar.set_style(progress_style(total.is_some()));
    bar
}

fn progress_style(known_total: bool) -> ProgressStyle {
    let template = if known_total {
        "{bar:30} {human_pos}/{human_len} done ({percent}%)  ETA {eta}  {per_sec}  {msg}"
    } else {
        "{spinner} {human_pos} done  {per_sec}  {elapsed}  {msg}"
    };
    ProgressStyle::with_template(template).expect("a valid template")
}

/// A counter becomes a bar once the total is known (`--shuffle`, after reading).
fn set_total(bar: &ProgressBar, total: u64) {
    bar.set_length(total);
    bar.set_style(progress_style(true));
}

/// The printer of `replay`.
pub struct ReplayPrinter {
    out: Output,
    url: String,
    stdout: BufWriter<Stdout>,
    progress: Option<ProgressBar>,
    /// Deliveries answered with another status, and not answered, so far (the bar's message).
    rejected: u64,
    unreachable: u64,
}

impl ReplayPrinter {
    /// A progress bar is drawn on stderr only when it is a terminal and not `--quiet`, nor
    /// `-v` (whose trace of each exchange goes to stderr too, and would break the bar);
    /// a known `total` (asked for only then) makes it a bar rather than a counter.
    pub fn new(out: Output, url: &str, total: impl FnOnce() -> Option<u64>) -> Self {
        let progress = (out.stderr_is_terminal && !out.quiet && out.verbose == 0).then(|| {
            let bar = progress_bar(total(), ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        ReplayPrinter {
            out,
            url: url.to_string(),
            stdout: BufWriter::with_capacity(64 * 1024, std::io::stdout()),
            progress,
            rejected: 0,
            unreachable: 0,
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
            let counter = match outcome.verdict {
                Verdict::Missed => Some(&mut self.rejected),
                Verdict::Unreachable => Some(&mut self.unreachable),
                Verdict::Delivered | Verdict::Planned => None,
            };
            if let Some(counter) = counter {
                *counter += 1;
                let mut message = Vec::new();
                if self.rejected > 0 {
                    message.push(format!("{} rejected", crate::output::number(self.rejected)));
                }
                if self.unreachable > 0 {
                    message.push(format!(
                        "{} unreachable",
                        crate::output::number(self.unreachable)
                    ));
                }
                bar.set_message(message.join(", "));
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

    fn total(&mut self, total: u64) {
        if let Some(bar) = &self.progress {
            set_total(bar, total);
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

/// The human summary, each delivery counted once by what happened to it: an interruption
/// first (with what was not sent), then sent (the receiver answered: delivered with the
/// expected status, or rejected with another), unreachable (no answer: refused, reset,
/// TLS, timeout), input errors, then retries and attempts (every delivery tried once, plus
/// its retries), latency p50/p99 and the rate.
pub fn summary_text(summary: &Summary) -> String {
    use crate::output::{count, number};
    if summary.planned > 0 && summary.sent == 0 {
        let mut text = format!(
            "dry run: {} planned, nothing sent",
            count(summary.planned, "delivery", "deliveries")
        );
        if summary.input_errors > 0 {
            text.push_str(&format!(
                ", {}",
                count(summary.input_errors, "input error", "input errors")
            ));
        }
        return text;
    }
    let mut text = String::new();
    if let Some(interruption) = summary.interrupted {
        text.push_str(&format!(
            "{}: stopped by {}, {} not sent; ",
            "interrupted".yellow().bold(),
            interruption.signal_name(),
            number(summary.not_sent)
        ));
    }
    let answered = summary.answered();
    text.push_str(&format!("{} sent", number(answered)));
    if answered > 0 {
        let delivered = format!("{} delivered", number(summary.succeeded));
        text.push_str(&format!(" ({}", delivered.green()));
        if summary.rejected() > 0 {
            let rejected = format!("{} rejected", number(summary.rejected()));
            text.push_str(&format!(", {}", rejected.red()));
        }
        text.push(')');
    }
    if summary.unreachable > 0 {
        let unreachable = format!("{} unreachable", number(summary.unreachable));
        text.push_str(&format!(", {}", unreachable.red()));
    }
    if summary.input_errors > 0 {
        let errors = count(summary.input_errors, "input error", "input errors");
        text.push_str(&format!(", {}", errors.red()));
    }
    if summary.sent > 0 {
        text.push_str(&format!(
            "; {} ({})",
            count(summary.retried, "retry", "retries"),
            count(summary.attempts, "attempt", "attempts")
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
            None => "unreachable (no answer)".red().to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A terminal that keeps what is drawn on it.
    #[derive(Debug, Clone, Default)]
    struct Screen(Arc<Mutex<String>>);

    impl indicatif::TermLike for Screen {
        fn width(&self) -> u16 {
            120
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.write_str(&format!("{s}\n"))
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.0.lock().unwrap().push_str(s);
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            self.0.lock().unwrap().clear();
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn drawn(total: Option<u64>, done: u64) -> String {
        drawn_with(total, None, done)
    }

    /// What the bar shows after `done` deliveries, made with `total` and told `learnt`.
    fn drawn_with(total: Option<u64>, learnt: Option<u64>, done: u64) -> String {
        let screen = Screen::default();
        let bar = progress_bar(
            total,
            ProgressDrawTarget::term_like(Box::new(screen.clone())),
        );
        if let Some(total) = learnt {
            set_total(&bar, total);
        }
        bar.inc(done);
        bar.tick();
        let text = screen.0.lock().unwrap().clone();
        text
    }

    #[test]
    fn a_known_total_shows_position_total_percentage_and_eta() {
        let text = drawn(Some(12_000), 3_000);
        assert!(text.contains("3,000/12,000 done"), "{text}");
        assert!(text.contains("(25%)"), "{text}");
        assert!(text.contains("ETA "), "{text}");
    }

    #[test]
    fn a_total_learnt_later_turns_the_counter_into_a_bar() {
        let text = drawn_with(None, Some(40), 10);
        assert!(text.contains("10/40 done (25%)  ETA "), "{text}");
    }

    #[test]
    fn an_unknown_total_is_a_counter_without_percentage_or_eta() {
        let text = drawn(None, 1_500);
        assert!(text.contains("1,500 done"), "{text}");
        assert!(!text.contains('%') && !text.contains("ETA"), "{text}");
    }
}
