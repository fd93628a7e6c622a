//! What `events` asks of the store, with the errors a user can act on: one stored request
//! found by its key, and a prune that must be told what to delete.

use crate::error::{Error, Result};
use crate::store::{Filter, Found, Store, StoredRequest};

/// `events list`: the newest `limit` requests `filter` selects, and how many it selects
/// in the whole store (the footer's "20 of 52,687").
pub fn list(store: &Store, filter: &Filter, limit: usize) -> Result<(Vec<StoredRequest>, u64)> {
    let rows = store
        .list(&Filter {
            limit: Some(limit),
            ..filter.clone()
        })
        .map_err(Error::usage)?;
    let total = store.count_matching(filter).map_err(Error::usage)?;
    Ok((rows, total))
}

/// The stored request `key` names under the id rule (`Store::resolve`: an event id, a
/// prefix of exactly one, or `#12`), with how many times its event was delivered; or
/// exit 2 pointing at `events list`.
pub fn find(store: &Store, key: &str) -> Result<Found> {
    store.resolve(key).map_err(Error::usage)?.ok_or_else(|| {
        // A bare number is an id prefix (CONTRACT 4.4); a row is `#N`.
        let row_hint = match !key.trim().is_empty() && key.trim().bytes().all(|b| b.is_ascii_digit()) {
            true => format!(" (for row {0}, write #{0})", key.trim()),
            false => String::new(),
        };
        Error::usage_msg(format!(
            "no stored request with id '{key}'{row_hint}: run `roomz-hook events list` to see what was received"
        ))
    })
}

/// Which stored requests `prune` deletes.
#[derive(Debug, Clone, Default)]
pub struct PruneRule {
    /// Received before this store time.
    pub received_before: Option<String>,
    /// All but the newest N.
    pub keep: Option<usize>,
    /// Every request; the store deletes all when given no limit, so this must be explicit.
    pub all: bool,
}

/// Deletes what `rule` selects and returns how many went. A rule that names nothing is a
/// usage error rather than "delete everything".
pub fn prune(store: &Store, rule: &PruneRule) -> Result<usize> {
    if rule.received_before.is_none() && rule.keep.is_none() && !rule.all {
        return Err(Error::usage_msg(
            "say what to delete: --older-than DUR, --keep N, or --all",
        ));
    }
    store
        .prune(rule.received_before.clone(), rule.keep)
        .map_err(Error::usage)
}
