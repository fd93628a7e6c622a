//! What `check` shows: one line per check (✓/✗, the name, what was seen, the answer's
//! first bytes on a failure), the verdict and one sentence of what to fix per failure; the
//! `--json` object of CONTRACT 4.7; and `--dry-run`'s battery. The reports are exporters
//! behind [`Exporter`], hyperfine-style: [`JsonExporter`] here, the JUnit one in
//! [`super::junit`]. Text that came from the endpoint is escaped first.

use crate::app::check::{Battery, CheckResult, Report, Wire};
use crate::app::replay::millis;
use crate::core::check::{Kind, Outcome};
use crate::core::event::Shape;
use crate::error::Result;
use crate::net::client::display_url;
use crate::output::{sanitize, sanitize_bytes, stdout_error, Output};
use colored::Colorize;
use serde::Serialize;
use std::io::Write;

/// A report format: the finished report in, the bytes of a file or of stdout out.
pub trait Exporter {
    fn serialize(&self, report: &Report) -> Vec<u8>;
}

/// `--json`: `{"url","checks":[...],"passed","failed","not_run"}`.
pub struct JsonExporter;

#[derive(Serialize)]
struct ReportJson<'a> {
    url: String,
    shape: &'static str,
    checks: Vec<CheckJson<'a>>,
    passed: usize,
    failed: usize,
    /// Of the failed ones, those that could not run (the URL was unreachable).
    not_run: usize,
    duration_ms: f64,
}

#[derive(Serialize)]
struct CheckJson<'a> {
    name: &'static str,
    kind: &'static str,
    passed: bool,
    /// False when it could not run: its requests got no answer.
    ran: bool,
    detail: &'a str,
    status: Option<u16>,
    latency_ms: Option<f64>,
    /// The answer's first bytes, on a failure.
    answer: Option<String>,
    /// What to do about a failure, in one sentence.
    fix: Option<&'static str>,
}

impl Exporter for JsonExporter {
    fn serialize(&self, report: &Report) -> Vec<u8> {
        let checks = report
            .results
            .iter()
            .map(|result| CheckJson {
                name: result.check.name,
                kind: result.check.kind.as_str(),
                passed: result.verdict.passed(),
                ran: result.verdict.outcome != Outcome::NotRun,
                detail: &result.verdict.detail,
                status: result.verdict.status,
                latency_ms: result.verdict.latency.map(millis),
                answer: result
                    .verdict
                    .answer
                    .as_deref()
                    .map(|b| String::from_utf8_lossy(b).into_owned()),
                fix: fix(result),
            })
            .collect();
        let json = ReportJson {
            url: display_url(&report.url),
            shape: shape_name(report.shape),
            checks,
            passed: report.count(Outcome::Passed),
            failed: report.results.len() - report.count(Outcome::Passed),
            not_run: report.count(Outcome::NotRun),
            duration_ms: millis(report.elapsed),
        };
        serde_json::to_vec(&json).expect("the report serialises")
    }
}

/// `--shape`'s word for a shape.
pub fn shape_name(shape: Shape) -> &'static str {
    match shape {
        Shape::Current => "current",
        Shape::Legacy => "old",
    }
}

/// The sentence to fix a failed check: its own, or, when it could not run, how to make the
/// endpoint reachable.
pub fn fix(result: &CheckResult) -> Option<&'static str> {
    match result.verdict.outcome {
        Outcome::Passed => None,
        Outcome::Failed => Some(result.check.fix),
        // It answers, with a certificate this machine does not trust.
        Outcome::NotRun => Some(
            crate::net::client::certificate_hint(&result.verdict.detail).unwrap_or(
                "roomz-hook could not get an answer from your endpoint: check the URL and that the app is running and reachable from here",
            ),
        ),
    }
}

/// On a terminal, a note on stderr before the battery is sent: an endpoint that hangs
/// keeps it waiting up to `--timeout`, and the report comes only at the end.
pub fn starting(out: Output, battery: &Battery) {
    if out.stderr_is_terminal && !out.json {
        let requests: usize = battery
            .checks
            .iter()
            .map(|p| p.steps.iter().map(Vec::len).sum::<usize>())
            .sum();
        out.note(format!(
            "sending {} to {} (at most {} at a time)...",
            count(requests, "request"),
            display_url(&battery.url),
            crate::core::check::MAX_IN_FLIGHT
        ));
    }
}

/// The report on stdout: JSON with `--json`, else the human lines.
pub fn report(out: Output, report: &Report) -> Result<()> {
    if out.json {
        let mut line = JsonExporter.serialize(report);
        line.push(b'\n');
        let mut stdout = std::io::stdout().lock();
        return stdout
            .write_all(&line)
            .and_then(|()| stdout.flush())
            .map_err(stdout_error);
    }
    let width = report
        .results
        .iter()
        .map(|r| label(r).chars().count())
        .max()
        .unwrap_or(0);
    out.line(format!(
        "checking {} ({}, {} shape)",
        display_url(&report.url),
        count(report.results.len(), "check"),
        shape_name(report.shape)
    ));
    for result in &report.results {
        let mark = match result.verdict.outcome {
            Outcome::Passed => "✓".green().bold(),
            _ if result.check.kind == Kind::Advisory => "✗".yellow().bold(),
            _ => "✗".red().bold(),
        };
        let mut seen = sanitize(&result.verdict.detail).into_owned();
        if let (false, Some(answer)) = (result.verdict.passed(), &result.verdict.answer) {
            seen.push_str(&format!("; answer: {}", sanitize_bytes(answer)));
        }
        out.line(format!("{mark} {:width$}  {seen}", label(result)));
    }
    out.line("");
    let required = report
        .results
        .iter()
        .filter(|r| r.check.kind == Kind::Required);
    let (required_total, required_failed) = required.fold((0, 0), |(t, f), r| {
        (t + 1, f + usize::from(!r.verdict.passed()))
    });
    let advisory_total = report.results.len() - required_total;
    let advisory_failed = report
        .results
        .iter()
        .filter(|r| r.check.kind == Kind::Advisory && !r.verdict.passed())
        .count();
    let advisory = match (advisory_total, advisory_failed) {
        (0, _) => String::new(),
        (1, 0) => "; the advisory check passed".to_string(),
        (n, 0) => format!("; advisory: all {n} passed"),
        (n, f) => format!("; advisory: {f} of {n} failed"),
    };
    let seconds = format!("{:.2}s", report.elapsed.as_secs_f64());
    let verdict = if report.unreachable() {
        format!(
            "{}: could not reach the endpoint, so no check could run ({seconds})",
            "FAILED".red().bold()
        )
    } else if required_failed == 0 {
        let all = match required_total {
            0 => "no required check ran".to_string(),
            1 => "the required check passed".to_string(),
            n => format!("all {n} required checks passed"),
        };
        format!("{}: {all}{advisory} ({seconds})", "PASSED".green().bold())
    } else {
        format!(
            "{}: {required_failed} of {} failed{advisory} ({seconds})",
            "FAILED".red().bold(),
            count(required_total, "required check")
        )
    };
    out.line(verdict);
    let failures: Vec<&CheckResult> = report
        .results
        .iter()
        .filter(|r| !r.verdict.passed())
        .collect();
    if report.unreachable() {
        if let Some(first) = failures.first().and_then(|r| fix(r)) {
            out.line(format!("to fix: {first}"));
        }
    } else if !failures.is_empty() {
        out.line("to fix:");
        for result in failures {
            if let Some(fix) = fix(result) {
                out.line(format!("  {}: {fix}", result.check.name));
            }
        }
    }
    Ok(())
}

/// `1 check`, `12 checks`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn label(result: &CheckResult) -> String {
    match result.check.kind {
        Kind::Required => result.check.name.to_string(),
        Kind::Advisory => format!("{} (advisory)", result.check.name),
    }
}

#[derive(Serialize)]
struct BatteryJson {
    dry_run: bool,
    url: String,
    shape: &'static str,
    checks: Vec<PlannedJson>,
}

#[derive(Serialize)]
struct PlannedJson {
    name: &'static str,
    kind: &'static str,
    sends: &'static str,
    /// Each step's requests, sent at once; a step after the previous one was answered.
    steps: Vec<Vec<WireJson>>,
}

#[derive(Serialize)]
struct WireJson {
    method: &'static str,
    headers: serde_json::Map<String, serde_json::Value>,
    body: String,
}

/// `--dry-run`: the battery, nothing sent. A `--header` value that may be a credential
/// (Authorization, Cookie, a name with key, token or secret in it) is masked.
pub fn battery(out: Output, battery: &Battery) -> Result<()> {
    if out.json {
        let checks = battery
            .checks
            .iter()
            .map(|planned| PlannedJson {
                name: planned.check.name,
                kind: planned.check.kind.as_str(),
                sends: planned.check.about,
                steps: planned
                    .steps
                    .iter()
                    .map(|step| step.iter().map(wire_json).collect())
                    .collect(),
            })
            .collect();
        return out.json_line(&BatteryJson {
            dry_run: true,
            url: display_url(&battery.url),
            shape: shape_name(battery.shape),
            checks,
        });
    }
    let url = display_url(&battery.url);
    out.line(format!(
        "dry run: {} checks against {url} ({} shape); nothing is sent",
        battery.checks.len(),
        shape_name(battery.shape)
    ));
    for planned in &battery.checks {
        out.line("");
        out.line(format!(
            "{} ({}): {}",
            planned.check.name.bold(),
            planned.check.kind.as_str(),
            planned.check.about
        ));
        for (index, step) in planned.steps.iter().enumerate() {
            let Some(first) = step.first() else { continue };
            if index > 0 {
                out.line("then, once answered, the same request again");
                continue;
            }
            out.line(format!("POST {url}"));
            for (name, value) in &first.headers {
                out.line(format!(
                    "{}: {}",
                    crate::net::client::title_case(name.as_str()),
                    shown_value(name, value)
                ));
            }
            out.line("");
            out.line(sanitize_bytes(&first.body));
            if step.len() > 1 {
                out.line(format!(
                    "... and {} more like it at the same moment, each with its own id",
                    step.len() - 1
                ));
            }
        }
    }
    Ok(())
}

fn wire_json(wire: &Wire) -> WireJson {
    let headers = wire
        .headers
        .iter()
        .map(|(name, value)| {
            (
                crate::net::client::title_case(name.as_str()),
                serde_json::Value::String(shown_value(name, value)),
            )
        })
        .collect();
    WireJson {
        method: "POST",
        headers,
        body: String::from_utf8_lossy(&wire.body).into_owned(),
    }
}

fn shown_value(name: &hyper::header::HeaderName, value: &hyper::header::HeaderValue) -> String {
    let name = name.as_str();
    let credential = matches!(name, "authorization" | "proxy-authorization" | "cookie")
        || ["key", "token", "secret"].iter().any(|w| name.contains(w));
    if credential {
        "***".to_string()
    } else {
        sanitize_bytes(value.as_bytes())
    }
}
