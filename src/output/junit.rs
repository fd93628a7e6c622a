//! `check --junit FILE`: the report as JUnit XML, which GitHub Actions (through a test
//! report action), GitLab (`artifacts:reports:junit`) and Jenkins (`junit`) display: one
//! `<testsuite>` in a `<testsuites>`, one `<testcase name="CHECK">` per check, and a
//! `<failure>` with what was seen and what to fix for each check that did not pass (one
//! that could not run too: it is never reported as a pass). Written with quick-xml's
//! `Writer`, which escapes attribute values and text; what came from the endpoint is
//! sanitised first, because XML 1.0 cannot carry most control characters even escaped.

use super::check::{fix, shape_name, Exporter};
use crate::app::check::Report;
use crate::core::check::Outcome;
use crate::net::client::display_url;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

pub struct JunitExporter;

impl Exporter for JunitExporter {
    fn serialize(&self, report: &Report) -> Vec<u8> {
        write(report).expect("writing to memory does not fail")
    }
}

fn write(report: &Report) -> std::io::Result<Vec<u8>> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let tests = report.results.len().to_string();
    let failures = (report.results.len() - report.count(Outcome::Passed)).to_string();
    let time = seconds(report.elapsed);
    let suite = format!(
        "roomz-hook check {} ({} shape)",
        display_url(&report.url),
        shape_name(report.shape)
    );
    let suite = xml_text(&suite);
    let counts = [
        ("tests", tests.as_str()),
        ("failures", failures.as_str()),
        ("errors", "0"),
        ("skipped", "0"),
        ("time", time.as_str()),
    ];
    writer
        .create_element("testsuites")
        .with_attribute(("name", "roomz-hook check"))
        .with_attributes(counts)
        .write_inner_content(|writer| {
            writer
                .create_element("testsuite")
                .with_attribute(("name", suite.as_str()))
                .with_attributes(counts)
                .write_inner_content(|writer| {
                    for result in &report.results {
                        let time = seconds(result.elapsed);
                        let case = writer
                            .create_element("testcase")
                            .with_attribute(("name", result.check.name))
                            .with_attribute(("classname", "roomz-hook.check"))
                            .with_attribute(("time", time.as_str()));
                        if result.verdict.passed() {
                            case.write_empty()?;
                            continue;
                        }
                        let message = xml_text(&result.verdict.detail);
                        let mut body = message.clone();
                        if let Some(answer) = &result.verdict.answer {
                            body.push_str("\nanswer: ");
                            body.push_str(&xml_text(&String::from_utf8_lossy(answer)));
                        }
                        if let Some(fix) = fix(result) {
                            body.push_str("\nto fix: ");
                            body.push_str(fix);
                        }
                        let kind = match result.verdict.outcome {
                            Outcome::NotRun => "not-run",
                            _ => result.check.kind.as_str(),
                        };
                        case.write_inner_content(|writer| {
                            writer
                                .create_element("failure")
                                .with_attribute(("message", message.as_str()))
                                .with_attribute(("type", kind))
                                .write_text_content(BytesText::new(&body))?;
                            Ok(())
                        })?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    let mut xml = writer.into_inner();
    xml.push(b'\n');
    Ok(xml)
}

fn seconds(duration: std::time::Duration) -> String {
    format!("{:.3}", duration.as_secs_f64())
}

/// Text XML 1.0 can carry: control characters escaped as `\u{1b}` (by the terminal
/// sanitiser), and the two non-characters U+FFFE and U+FFFF replaced.
fn xml_text(text: &str) -> String {
    super::sanitize(text)
        .chars()
        .map(|c| match c {
            '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_text_becomes_text_xml_can_carry() {
        assert_eq!(
            xml_text("a\u{1b}[31m<b>&\u{ffff}"),
            "a\\u{1b}[31m<b>&\u{fffd}"
        );
    }
}
