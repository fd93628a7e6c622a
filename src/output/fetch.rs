//! How `fetch` shows the API's answers: the answer's body on stdout (pretty JSON, or the
//! text), a `label: GET url → status in Nms` line and any retry on stderr; with `--json`,
//! the answer's JSON as it is, or an object with the status and the problem.

use crate::app::api::{ApiAnswer, Retry};
use crate::app::fetch::{FetchReport, Target};
use crate::core::units::format_duration;
use crate::error::Result;
use crate::output::{print_line, Output};
use serde_json::json;

/// The [`FetchReport`] of the command line.
pub struct FetchPrinter<'a> {
    pub out: &'a Output,
}

impl FetchReport for FetchPrinter<'_> {
    fn retrying(&self, retry: &Retry, attempts: u32) {
        self.out.note(format!(
            "the API answered {} {}; retrying in {} (attempt {} of {attempts})",
            retry.status,
            crate::net::client::status_text(retry.status),
            format_duration(retry.wait),
            retry.attempt + 1,
        ))
    }

    fn answer(&self, target: &Target, answer: &ApiAnswer, token_source: &str) -> Result<()> {
        let problem = answer.problem(token_source);
        let millis = answer.latency.as_millis();
        if self.out.json {
            let line = match (&problem, &answer.json) {
                (None, Some(json)) => json.clone(),
                _ => json!({
                    "url": answer.url,
                    "status": answer.status,
                    "error": problem,
                    "body": answer.json.clone().unwrap_or_else(||
                        String::from_utf8_lossy(&answer.body).into_owned().into()),
                }),
            };
            self.out.json_line(&line)?;
        } else {
            self.out.note(format!(
                "{}: GET {} → {} {} in {millis}ms",
                target.label,
                answer.url,
                answer.status,
                crate::net::client::status_text(answer.status)
            ));
            if problem.is_some() {
                print_line(format_args!(
                    "HTTP {} {}",
                    answer.status,
                    crate::net::client::status_text(answer.status)
                ));
            }
            print_line(body_for_display(answer));
        }
        if let Some(problem) = problem {
            // Not `note`: the one error of the answer is shown even with --quiet.
            eprintln!("{} {problem}", colored::Colorize::red("error:"));
        }
        Ok(())
    }
}

/// The body for a terminal: pretty JSON, else the text (control characters escaped),
/// cut to a few KiB.
fn body_for_display(answer: &ApiAnswer) -> String {
    if let Some(json) = &answer.json {
        return serde_json::to_string_pretty(json).expect("a JSON value serialises");
    }
    const MAX: usize = 4096;
    let text = String::from_utf8_lossy(&answer.body[..answer.body.len().min(MAX)]);
    let mut shown = crate::output::sanitize(&text).into_owned();
    if answer.body.len() > MAX {
        shown.push_str(&format!(" … ({} bytes in all)", answer.body.len()));
    }
    shown
}
