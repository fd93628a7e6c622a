//! Values clap cannot know by itself, offered by the dynamic completion
//! (`source <(roomz-hook completions bash)`): the ids of recently stored events for
//! `events show`, `fetch` and the like. (The event types come from `trigger`'s value
//! parser, which lists the catalogue's names as its possible values.)

use crate::settings::{Env, Overrides, Settings};
use crate::store::{Filter, Store};
use clap_complete::engine::CompletionCandidate;

/// How many recent requests the id completion looks at.
const RECENT: usize = 50;

/// The ids of the newest stored events, each described by its type. A completion must
/// never fail loudly nor create a store: with no store file, or an unreadable one, it
/// offers nothing. Only the environment and the config file are read (the command line
/// is not parsed yet), so `--store` on the line being completed is not honoured.
pub fn stored_event_ids() -> Vec<CompletionCandidate> {
    let env = Env::from_process();
    let Ok(settings) = Settings::resolve(&Overrides::default(), &env) else {
        return Vec::new();
    };
    let Some(path) = settings.store_path.filter(|path| path.value.is_file()) else {
        return Vec::new();
    };
    let Ok(store) = Store::open(&path.value) else {
        return Vec::new();
    };
    let filter = Filter {
        limit: Some(RECENT),
        ..Filter::default()
    };
    let Ok(requests) = store.list(&filter) else {
        return Vec::new();
    };
    let mut seen = std::collections::HashSet::new();
    requests
        .into_iter()
        .filter_map(|request| {
            let id = request.event_id?;
            seen.insert(id.clone()).then(|| {
                let help = request.event_type.unwrap_or_default();
                CompletionCandidate::new(id).help(Some(help.into()))
            })
        })
        .collect()
}
