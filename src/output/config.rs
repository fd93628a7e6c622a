//! How `config` shows the settings: a table of name, value and source (or one JSON object
//! with each setting), with a hint or warning about the file on stderr; and the path.

use crate::error::Result;
use crate::output::{print_line, sanitize, Output};
use crate::settings::{Entry, FileState, Setting};
use colored::Colorize;
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

/// `config show`: `path` is the config file's, `state` what was found there.
pub fn show(out: &Output, path: &Path, state: FileState, entries: &[Entry]) -> Result<()> {
    warn_about_file(out, path, state);
    if out.json {
        let value = json!({
            "config_exists": state != FileState::Missing,
            "settings": entries_json(entries),
        });
        return out.json_line(&value);
    }
    for line in table(entries) {
        out.line(line);
    }
    Ok(())
}

/// `config get NAME`: the value alone on stdout (`{"name","value"}` with `--json`); an
/// unset one is an error (exit 2), so that `KEY=$(...)` in a script fails loudly.
pub fn value(out: &Output, name: &str, value: Option<&str>, profile: &str) -> Result<()> {
    if out.json {
        return out.json_line(&json!({ "name": name, "value": value }));
    }
    match value {
        Some(value) => {
            print_line(value);
            Ok(())
        }
        None => Err(crate::error::Error::usage_msg(format!(
            "{name} is not set (profile '{}'): `roomz-hook config show` lists the settings",
            sanitize(profile)
        ))),
    }
}

/// A missing file is worth a hint, a readable-by-others one a warning (both on stderr).
fn warn_about_file(out: &Output, path: &Path, state: FileState) {
    let path = path.display();
    match state {
        FileState::Missing => out.note(format!(
            "note: {path} does not exist yet; `roomz-hook init` creates it"
        )),
        FileState::Loose { mode } => out.note(format!(
            "{} {path} has mode {mode:04o}: other users may read the secret; run `chmod 600 {path}`",
            "warning:".yellow().bold()
        )),
        FileState::Private => {}
    }
}

/// name / value / source, aligned; "not set" for a missing value.
fn table(entries: &[Entry]) -> Vec<String> {
    let shown: Vec<String> = entries
        .iter()
        .map(|e| match &e.value {
            Some(value) => sanitize(value).into_owned(),
            None => "not set".to_string(),
        })
        .collect();
    let name_width = entries.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let value_width = shown.iter().map(|v| v.chars().count()).max().unwrap_or(0);
    entries
        .iter()
        .zip(&shown)
        .map(|(e, value)| match &e.source {
            Some(source) => format!(
                "{:<name_width$}  {value:<value_width$}  {}",
                e.name,
                sanitize(source).dimmed()
            ),
            None => format!("{:<name_width$}  {}", e.name, value.dimmed()),
        })
        .collect()
}

/// `{"NAME": {"value", "source"[, "fingerprint"]}}`, in the table's order.
fn entries_json(entries: &[Entry]) -> Value {
    let mut object = Map::new();
    for e in entries {
        let mut field = json!({"value": e.value, "source": e.source});
        if let Some(fingerprint) = &e.fingerprint {
            field["fingerprint"] = json!(fingerprint);
        }
        object.insert(e.name.to_string(), field);
    }
    Value::Object(object)
}

/// `config path`: the path, where it came from and whether the file `exists`.
pub fn path(out: &Output, found: &Setting<PathBuf>, exists: bool) -> Result<()> {
    if out.json {
        let value = json!({
            "path": found.value,
            "source": found.source.to_string(),
            "exists": exists,
        });
        return out.json_line(&value);
    }
    // Not `line`: the path is the whole output, wanted even with --quiet.
    print_line(found.value.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &'static str, value: Option<&str>, source: Option<&str>) -> Entry {
        Entry {
            name,
            value: value.map(str::to_string),
            source: source.map(str::to_string),
            fingerprint: None,
        }
    }

    fn without_ansi(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                chars.by_ref().find(|c| *c == 'm');
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn table_aligns_columns_and_says_not_set() {
        // Colour is a process-wide switch other tests may flip: compare without it.
        let lines: Vec<String> = table(&[
            entry("profile", Some("default"), Some("default")),
            entry("api_url", None, None),
            entry(
                "webhook_url",
                Some("https://x.test/h"),
                Some("flag --webhook-url"),
            ),
        ])
        .iter()
        .map(|line| without_ansi(line))
        .collect();
        assert_eq!(
            lines,
            [
                "profile      default           default",
                "api_url      not set",
                "webhook_url  https://x.test/h  flag --webhook-url",
            ]
        );
    }

    #[test]
    fn json_keeps_fingerprint_only_where_there_is_one() {
        let mut secret = entry("secret", Some("whsec_******** (sha256:1)"), Some("default"));
        secret.fingerprint = Some("sha256:1".into());
        let value = entries_json(&[secret, entry("api_url", None, None)]);
        assert_eq!(
            value,
            json!({
                "secret": {"value": "whsec_******** (sha256:1)", "source": "default", "fingerprint": "sha256:1"},
                "api_url": {"value": null, "source": null},
            })
        );
    }
}
