//! Retention (`listen --retain 30d|100000`, a profile's `retain`): old requests are
//! deleted as the listener runs, from a thread and a connection of their own, in small
//! transactions, so that the writer (and the requests waiting on it) never waits long.

use super::{time_ago, Store, BUSY_TIMEOUT};
use rusqlite::{params, Connection};
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the pruning thread looks for requests to delete. Each look is a query or two
/// on the primary key: microseconds when there is nothing to do.
const PRUNE_INTERVAL: Duration = Duration::from_secs(2);

/// The most rows one pruning transaction deletes: the writer waits at most that long
/// (a few milliseconds) for its next commit.
const PRUNE_CHUNK: i64 = 500;

/// What the store keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retention {
    /// Requests received within this long.
    Age(Duration),
    /// The newest N requests.
    Count(u64),
}

impl std::str::FromStr for Retention {
    type Err = String;

    /// `30d`, `12h` (an age) or `100000` (a count).
    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Ok(count) = text.parse::<u64>() {
            return match count {
                0 => Err(
                    "retain 0 would keep nothing: give a count of 1 or more, or an age such as 30d"
                        .into(),
                ),
                n => Ok(Retention::Count(n)),
            };
        }
        match crate::core::units::parse_duration(text) {
            Ok(age) if !age.is_zero() => Ok(Retention::Age(age)),
            _ => Err(format!(
                "'{text}' is neither an age (30d, 12h) nor a count of requests (100000)"
            )),
        }
    }
}

impl std::fmt::Display for Retention {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Retention::Age(age) => write!(f, "{}", crate::core::units::format_duration(*age)),
            Retention::Count(n) => write!(f, "the newest {n} requests"),
        }
    }
}

/// Deletes, in chunks, what `retention` does not keep; returns how many rows went.
pub(super) fn prune_once(conn: &Connection, retention: Retention) -> rusqlite::Result<usize> {
    let mut deleted = 0;
    loop {
        let chunk = match retention {
            Retention::Count(keep) => conn.execute(
                "DELETE FROM requests WHERE seq IN (SELECT seq FROM requests WHERE seq <= \
                   (SELECT seq FROM requests ORDER BY seq DESC LIMIT 1 OFFSET ?1) \
                 ORDER BY seq LIMIT ?2)",
                params![i64::try_from(keep).unwrap_or(i64::MAX), PRUNE_CHUNK],
            )?,
            // Among the oldest rows only: `seq` order is arrival order, so the rows too
            // old are the first ones, and a store with nothing to prune is not scanned.
            Retention::Age(age) => conn.execute(
                "DELETE FROM requests WHERE seq IN (SELECT seq FROM \
                   (SELECT seq, received_at FROM requests ORDER BY seq LIMIT ?2) \
                 WHERE received_at < ?1)",
                params![time_ago(age), PRUNE_CHUNK],
            )?,
        };
        deleted += chunk;
        if (chunk as i64) < PRUNE_CHUNK {
            return Ok(deleted);
        }
    }
}

/// The pruning thread; stops when dropped or [`Pruner::stop`]ped.
pub(super) struct Pruner {
    stop: mpsc::Sender<()>,
    thread: JoinHandle<()>,
}

impl Pruner {
    /// Prunes at once (a store that grew past its limit while no listener ran), then every
    /// [`PRUNE_INTERVAL`]. None when the thread or its connection cannot be made.
    pub(super) fn start(store: &Store, retention: Retention) -> Option<Pruner> {
        if store.path == Path::new(":memory:") {
            return None;
        }
        let conn = Connection::open(&store.path).ok()?;
        conn.busy_timeout(BUSY_TIMEOUT).ok()?;
        let (stop, stopped) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("roomz-hook-retention".into())
            .spawn(move || loop {
                // A failure (the store busy for long, the disk full) is tried again at the
                // next turn; the writer reports what matters to the sender.
                let _ = prune_once(&conn, retention);
                match stopped.recv_timeout(PRUNE_INTERVAL) {
                    Err(RecvTimeoutError::Timeout) => continue,
                    _ => return,
                }
            })
            .ok()?;
        Some(Pruner { stop, thread })
    }

    pub(super) fn stop(self) {
        drop(self.stop);
        let _ = self.thread.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{request, temp_store};

    #[test]
    fn parses_ages_and_counts() {
        assert_eq!(
            "30d".parse(),
            Ok(Retention::Age(Duration::from_secs(30 * 86400)))
        );
        assert_eq!("100000".parse(), Ok(Retention::Count(100_000)));
        assert!("0"
            .parse::<Retention>()
            .unwrap_err()
            .contains("keep nothing"));
        let error = "soon".parse::<Retention>().unwrap_err();
        assert!(error.contains("'soon' is neither an age"), "{error}");
    }

    #[test]
    fn prunes_by_count_and_by_age_in_chunks() {
        let (_dir, _path, mut store) = temp_store();
        for n in 0..1200 {
            store.insert(&request(n)).unwrap();
        }
        assert_eq!(
            prune_once(&store.conn, Retention::Count(100)).unwrap(),
            1100
        );
        assert_eq!(store.count().unwrap(), 100);
        assert_eq!(prune_once(&store.conn, Retention::Count(100)).unwrap(), 0);
        let newest = store.get("#1200").unwrap().unwrap();
        assert_eq!(newest.seq, 1200, "the newest are kept");
        // Every test row was received in 2024: older than a day.
        let day = Retention::Age(Duration::from_secs(86400));
        assert_eq!(prune_once(&store.conn, day).unwrap(), 100);
        assert_eq!(store.count().unwrap(), 0);
    }
}
