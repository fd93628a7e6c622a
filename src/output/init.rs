//! How `init` shows what it saved: the file and profile, then one line per field (value
//! masked for the secret and the token, whether it is new, replaced or kept, and where it
//! came from), on stderr; with `--json`, one object on stdout.

use crate::error::Result;
use crate::output::{sanitize, Output};
use crate::settings::save::{SavedField, SavedProfile};
use serde_json::{json, Map, Value};

/// Prints the saved profile. `replaced`: the fingerprint of the secret the file held
/// before, when a new one took its place. `env_secret_wins`: a new secret was made while
/// ROOMZ_WEBHOOK_SECRET is set, so the saved one will not be the one in effect.
pub fn saved(
    out: &Output,
    saved: &SavedProfile,
    replaced: Option<&str>,
    env_secret_wins: bool,
) -> Result<()> {
    // Escaped once, so the JSON and the table's widths see the same text.
    let shown: Vec<Option<String>> = saved
        .fields
        .iter()
        .map(|f| f.shown.as_deref().map(|s| sanitize(s).into_owned()))
        .collect();
    if out.json {
        let mut summary = summary_json(saved, &shown);
        if let Some(old) = replaced {
            summary["previous_secret_fingerprint"] = json!(old);
        }
        out.json_line(&summary)?;
    } else {
        print_summary(out, saved, &shown);
        if let (Some(old), Some(new)) = (replaced, &saved.secret_fingerprint) {
            out.note(format!("the secret changed from {old} to {new}"));
        }
    }
    if env_secret_wins {
        out.note(
            "note: ROOMZ_WEBHOOK_SECRET is set, and it takes precedence over the saved secret",
        );
    }
    Ok(())
}

fn print_summary(out: &Output, saved: &SavedProfile, shown: &[Option<String>]) {
    out.note(format!(
        "wrote {} (profile '{}', mode 0600)",
        saved.path.display(),
        saved.profile
    ));
    let width = shown.iter().map(|s| s.as_deref().map_or(7, str::len)).max();
    for (field, shown) in saved.fields.iter().zip(shown) {
        let line = format!(
            "  {:<11}  {:<width$}  {}",
            field.name,
            shown.as_deref().unwrap_or("not set"),
            change_text(field),
            width = width.unwrap_or(0)
        );
        out.note(line.trim_end());
    }
}

/// "new", "replaced, from flag --api-url", "kept"...; empty for a field not set.
fn change_text(field: &SavedField) -> String {
    match (field.change, field.source.as_deref()) {
        (Some(change), Some("profile") | None) => change.as_str().to_string(),
        (Some(change), Some(source)) => format!("{}, from {source}", change.as_str()),
        (None, _) => String::new(),
    }
}

/// `--json`: path, profile, each field set (masked value, status, source), the fingerprint.
fn summary_json(saved: &SavedProfile, shown: &[Option<String>]) -> Value {
    let mut fields = Map::new();
    for (field, shown) in saved.fields.iter().zip(shown) {
        if let Some(change) = field.change {
            fields.insert(
                field.name.to_string(),
                json!({"value": shown, "status": change.as_str(), "source": field.source}),
            );
        }
    }
    json!({
        "path": saved.path,
        "profile": saved.profile,
        "fields": fields,
        "secret_fingerprint": saved.secret_fingerprint,
    })
}
