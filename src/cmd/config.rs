//! `roomz-hook config show|path`: the settings in effect and where each came from, and
//! where the config file is.

use super::Context;
use crate::error::{Error, ExitCode, Result};
use crate::output::{print_line, sanitize};
use crate::settings::{self, ConfigFile, Entry, Settings};
use clap::{Args, Subcommand};
use colored::Colorize;
use serde_json::{json, Map, Value};

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// The settings in effect and where each came from (flag, environment, profile,
    /// default); the secret and the token masked, the secret's fingerprint shown.
    Show,
    /// The config file's path (printed even when the file is missing or does not parse).
    Path,
}

pub fn exec(args: ConfigArgs, ctx: &Context) -> Result<ExitCode> {
    match args.action {
        ConfigAction::Show => show(ctx),
        ConfigAction::Path => path(ctx),
    }
}

fn show(ctx: &Context) -> Result<ExitCode> {
    let settings = ctx.settings()?;
    warn_about_file(ctx, &settings);
    let entries = settings.entries();
    if ctx.out.json {
        let value = json!({
            "config_exists": settings.config_exists,
            "settings": entries_json(&entries),
        });
        ctx.out.json_line(&value)?;
    } else {
        for line in table(&entries) {
            ctx.out.line(line);
        }
    }
    Ok(ExitCode::Success)
}

/// A missing file is worth a hint, a readable-by-others one a warning (both on stderr).
fn warn_about_file(ctx: &Context, settings: &Settings) {
    let path = settings.config_path.display();
    if !settings.config_exists {
        ctx.out.note(format!(
            "note: {path} does not exist yet; `roomz-hook init` creates it"
        ));
    } else if let Some(mode) = ConfigFile::loose_permissions(&settings.config_path) {
        ctx.out.note(format!(
            "{} {path} has mode {mode:04o}: other users may read the secret; run `chmod 600 {path}`",
            "warning:".yellow().bold()
        ));
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

fn path(ctx: &Context) -> Result<ExitCode> {
    let found = settings::config_path(&ctx.overrides(), &ctx.env).map_err(Error::usage)?;
    if ctx.out.json {
        let value = json!({
            "path": found.value,
            "source": found.source.to_string(),
            "exists": found.value.exists(),
        });
        ctx.out.json_line(&value)?;
    } else {
        // Not `line`: the path is the whole output, wanted even with --quiet.
        print_line(found.value.display());
    }
    Ok(ExitCode::Success)
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
