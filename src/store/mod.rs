//! The event store (CONTRACT "The event store"): an embedded SQLite database that keeps
//! every request `listen` received, valid or not, with its raw body bytes.
//!
//! [`Store`] is the synchronous side (`events list/show/export/prune`, opening,
//! migrations). [`StoreWriter`] (`writer.rs`) is the listener's side: one task owns a
//! connection and groups the inserts that queue up into one transaction, and an insert's
//! future resolves only once its transaction has committed, so that an acknowledged event
//! is never lost.
//!
//! The listener stores request headers as they arrived, signature headers included: those
//! are public MACs, not the secret, which never reaches the store. Nothing here prints.

use rusqlite::functions::FunctionFlags;
use rusqlite::types::{Type, Value};
use rusqlite::TransactionBehavior;
use rusqlite::{params, params_from_iter, Connection, ErrorCode, OptionalExtension, Row};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use std::time::Duration;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

/// Marks a SQLite file as ours (`PRAGMA application_id`): "RZHK".
const APPLICATION_ID: i32 = 0x525A_484B;

/// The schema, one step per version: `PRAGMA user_version` is the number of steps applied.
/// Never edit a step that has shipped; append a new one.
const MIGRATIONS: &[&str] = &[
    // 1. AUTOINCREMENT so that a sequence number is never reused, even after a prune
    //    deleted the newest rows: "#12" always names the same request.
    "CREATE TABLE requests (
        seq            INTEGER PRIMARY KEY AUTOINCREMENT,
        received_at    TEXT    NOT NULL,  -- RFC 3339 UTC with ms: sorts as text
        method         TEXT    NOT NULL,
        path           TEXT    NOT NULL,
        headers        TEXT    NOT NULL,  -- JSON [[name, value], ...] in arrival order
        body           BLOB    NOT NULL,  -- the exact bytes received
        signature      TEXT    NOT NULL,  -- valid | invalid | missing | unchecked
        event_id       TEXT,
        event_type     TEXT,
        duplicate      INTEGER NOT NULL,
        problems       TEXT    NOT NULL,  -- JSON array of strings
        status         INTEGER NOT NULL,
        forward_status INTEGER,
        details        TEXT               -- JSON fetched from the API
    );
    -- `seq` order is arrival order; lookups by type or time scan.
    ",
    // 2. Lookups by event id: the listener's duplicate check on every insert, and
    //    `events show`, `fetch`, `replay --from-store --id` by id or prefix (a range on the
    //    index), which scanned the table (a second at a million rows). Partial: requests
    //    without an id (401s of garbage, 413s) cost the index nothing. benches/store.rs
    //    measures what it costs the writer.
    "CREATE INDEX requests_event_id ON requests (event_id) WHERE event_id IS NOT NULL;",
    // 3. Validation results in two lists (CONTRACT 4.1): `problems` break the documents,
    //    `warnings` do not. Rows stored before have none.
    "ALTER TABLE requests ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';",
    // 4. Why an invalid signature did not verify, as the listener diagnosed it with the
    //    secret it had then (a later secret could not say). Rows stored before have none.
    "ALTER TABLE requests ADD COLUMN hint TEXT;",
    // 5. The id index on a compact key instead of the id's text: an integer made of the
    //    id's first 8 bytes (see [`event_key`]), which sorts as the text does, so that a
    //    prefix is still a range. ROOMZ's ids are random UUIDs, so every insert lands on
    //    another index page; entries of about 15 bytes instead of 50 make the index a
    //    third of the size and every commit write fewer pages: benches/store.rs went from
    //    0.27 to 0.37 of the writer without an id, bench/listen.sh from 0.37 of the bare
    //    hyper sink to 0.41 (median of three runs). Look-ups compare the full id on the
    //    rows the key finds. Rewrites every row once: 19 s for a million (827 MiB).
    "ALTER TABLE requests ADD COLUMN event_key INTEGER;
     UPDATE requests SET event_key = roomz_event_key(event_id) WHERE event_id IS NOT NULL;
     DROP INDEX requests_event_id;
     CREATE INDEX requests_event_key ON requests (event_key) WHERE event_key IS NOT NULL;",
];

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

/// How long a connection waits for another one's write lock before giving up. The
/// listener's transactions last milliseconds; this only runs out when another process
/// holds the database for long (an open `sqlite3` shell in a transaction, say).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Log pages after which a commit also checkpoints (see `configure`).
const WAL_CHECKPOINT_PAGES: i64 = 256;

/// The listener's writer leaves checkpoints to a thread of its own (see [`Checkpointer`])
/// and checkpoints itself only past this many log pages (64 MiB). Under a sustained load
/// the background checkpoints copy nearly all of the log but never all of it (the writer
/// keeps appending), and the log restarts only from a complete one: the writer's own,
/// which then copies just the last few milliseconds' pages. This bounds the log file.
/// The event id index writes about one more log page per row (a random leaf), so the
/// log reaches the bound about 4x as often as before it; at 4096 pages (16 MiB) the
/// writer's inline checkpoints stalled the handlers: bench/listen.sh p99 20-23 ms
/// against 15-17 ms at 16384, and benches/store.rs 27.5k rows/s against 32.0k.
const WRITER_CHECKPOINT_PAGES: i64 = 16384;

/// How long the checkpointing thread lets commits gather before it copies them into the
/// database. Short, so that little is left for the writer's own checkpoint: under
/// bench/listen.sh, 5 ms gave p99 4 ms where 100 ms gave 10-17 ms (a long tail to copy
/// inline), at the same throughput.
const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(5);

/// The most inserts the writer groups into one transaction: bounds an answer's latency.
const MAX_BATCH: usize = 512;

/// How many writes may wait for the writer before `insert` itself waits: back-pressure
/// when the disk cannot keep up, instead of unbounded memory.
const QUEUE_CAPACITY: usize = 4096;

const COLUMNS: &str = "seq, received_at, method, path, headers, body, signature, event_id, \
                       event_type, duplicate, problems, status, forward_status, details, warnings, \
                       hint";

const INSERT_SQL: &str = "INSERT INTO requests (received_at, method, path, headers, body, \
                          signature, event_id, event_type, duplicate, problems, status, warnings, \
                          hint, event_key) \
                          VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

/// The look-ups by event id, each a range on the `event_key` index (migration 5) with the
/// full id compared on the rows it finds: `?1` is the id, `?2` its [`event_key`].
const NEWEST_BY_ID_SQL: &str = "WHERE event_key = ?2 AND event_id = ?1 ORDER BY seq DESC LIMIT 1";
const COUNT_BY_ID_SQL: &str =
    "SELECT count(*) FROM requests WHERE event_key = ?2 AND event_id = ?1";
/// The distinct ids starting with `?1`: `?2`..`?3` is the range of keys such ids have, `?4`
/// a bound above every text starting with `?1`, `?5` the limit. No ORDER BY, so that it
/// stops at the limit (the caller sorts what it got).
const IDS_BY_PREFIX_SQL: &str = "SELECT DISTINCT event_id FROM requests \
                                 WHERE event_key BETWEEN ?2 AND ?3 \
                                 AND event_id >= ?1 AND event_id < ?4 LIMIT ?5";

/// The index key of an event id: its first 8 bytes (zeros after a shorter one) as a
/// big-endian number with the sign bit flipped, so that keys compare as the texts' first 8
/// bytes do (SQLite compares text bytewise) and every id starting with a prefix has a key
/// in [`prefix_keys`]`(prefix)`.
pub fn event_key(id: &str) -> i64 {
    key_of(id.as_bytes(), 0)
}

/// The smallest and largest key of an id starting with `prefix`.
fn prefix_keys(prefix: &str) -> (i64, i64) {
    (
        key_of(prefix.as_bytes(), 0),
        key_of(prefix.as_bytes(), 0xff),
    )
}

fn key_of(bytes: &[u8], fill: u8) -> i64 {
    let mut first = [fill; 8];
    let n = bytes.len().min(8);
    first[..n].copy_from_slice(&bytes[..n]);
    (u64::from_be_bytes(first) ^ (1 << 63)) as i64
}

pub use crate::core::record::{NewRequest, StoredRequest};

/// A stored request an id named, and how many times its event was delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub request: StoredRequest,
    pub deliveries: u64,
}

/// Which requests `list` and `for_each` return. The default selects every request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// One event type, or a comma-separated list of them; exact matches.
    pub event_type: Option<String>,
    /// An RFC 3339 cutoff: requests received at or after it.
    pub since: Option<String>,
    pub event_id: Option<String>,
    /// At most this many requests: the newest ones.
    pub limit: Option<usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    // The causes are in the messages and not `#[source]`s: the error printer shows a
    // chain, and a cause in both would be printed twice.
    #[error("cannot create the directory {path} for the event store: {error} (pass --store PATH to put it elsewhere, or --no-store)")]
    CreateDir {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("cannot open the event store {path}: {reason} (check its permissions, or pass --store PATH to use another file, or --no-store)")]
    CannotOpen { path: PathBuf, reason: String },
    #[error("the event store {path} is locked by another roomz-hook (or another program using it): stop that process, or pass --store PATH to use another file")]
    Locked { path: PathBuf },
    #[error("{path} is not a roomz-hook database: move it away, or pass --store PATH to use another file")]
    NotOurs { path: PathBuf },
    #[error("the event store {path} has schema version {found}, newer than this roomz-hook understands ({supported}): upgrade roomz-hook, or pass --store PATH to use another file")]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: usize,
    },
    #[error("the disk holding the event store {path} is full: free some space, or delete old events with 'roomz-hook events prune'")]
    DiskFull { path: PathBuf },
    #[error("the event store {path} is damaged: {reason} (move it away to start a new one)")]
    Corrupt { path: PathBuf, reason: String },
    #[error("event store {path}: {error}")]
    Sqlite {
        path: PathBuf,
        error: rusqlite::Error,
    },
    #[error("'{value}' is not an RFC 3339 time such as 2024-05-21T08:22:32.452Z")]
    BadTime { value: String },
    #[error("no request #{seq} in the event store {path}")]
    NoSuchRequest { path: PathBuf, seq: i64 },
    #[error("'{key}' matches {} events, give more of the id (or #N for row N):\n  {}{}",
        if *.more { format!("more than {}", .ids.len()) } else { .ids.len().to_string() },
        .ids.join("\n  "), if *.more { "\n  ..." } else { "" })]
    Ambiguous {
        key: String,
        /// At most [`MAX_CANDIDATES`] of the matching ids, in id order.
        ids: Vec<String>,
        /// Whether more ids match than are listed.
        more: bool,
    },
    #[error("the event store writer for {path} has stopped: the request was not stored")]
    WriterStopped { path: PathBuf },
    #[error("the event store {path} was {what} while listening: requests are no longer stored or acknowledged (answered 503); restart listen")]
    Gone { path: PathBuf, what: &'static str },
    #[error("another roomz-hook listen is using the event store {path}: stop it first, or pass --store PATH to use another file (events and fetch can read the store meanwhile)")]
    ListenerRunning { path: PathBuf },
    #[error("the event store {path} cannot be written: {reason} (check the permissions of the file and its directory, or pass --store PATH, or --no-store)")]
    NotWritable { path: PathBuf, reason: String },
    #[error("there is no event store at {path} yet: `roomz-hook listen` creates it when it receives its first request (or pass --store PATH to read another one)")]
    NoStoreYet { path: PathBuf },
}

/// The most candidates an ambiguous prefix lists.
pub const MAX_CANDIDATES: usize = 10;

/// Turns a SQLite failure into the error that says what to do about it.
fn db_error(path: &Path, error: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match error.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked { path },
        Some(ErrorCode::NotADatabase) => StoreError::NotOurs { path },
        Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path,
            reason: error.to_string(),
        },
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::ReadOnly) => {
            StoreError::CannotOpen {
                path,
                reason: error.to_string(),
            }
        }
        _ => StoreError::Sqlite { path, error },
    }
}

/// A time as the store writes it: RFC 3339 in UTC with milliseconds,
/// `2024-05-21T08:22:32.452Z`. Every stored time has this shape, so that times sort and
/// compare as text (and the `received_at` index serves `since` and `prune`).
/// The store time `duration` ago: what `--since` and `--older-than` compare with.
pub fn time_ago(duration: std::time::Duration) -> String {
    format_time(OffsetDateTime::now_utc() - duration)
}

pub fn format_time(time: OffsetDateTime) -> String {
    time.to_offset(UtcOffset::UTC)
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
        ))
        .expect("every component is available in an OffsetDateTime")
}

/// Any RFC 3339 time in the store's form (see [`format_time`]).
pub fn normalize_time(text: &str) -> Result<String, StoreError> {
    if is_canonical_time(text) {
        return Ok(text.to_string());
    }
    OffsetDateTime::parse(text.trim(), &Rfc3339)
        .map(format_time)
        .map_err(|_| StoreError::BadTime {
            value: text.to_string(),
        })
}

/// The cheap shape check that spares the listener's usual times a parse.
fn is_canonical_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 24
        && bytes.iter().enumerate().all(|(i, &b)| match i {
            4 | 7 => b == b'-',
            10 => b == b'T',
            13 | 16 => b == b':',
            19 => b == b'.',
            23 => b == b'Z',
            _ => b.is_ascii_digit(),
        })
}

/// The columns computed from a request before it is written: done by the caller, so that
/// the writer spends its time on SQLite alone.
#[derive(Debug)]
struct Encoded {
    received_at: String,
    headers: String,
    problems: String,
    warnings: String,
}

fn encode(req: &NewRequest) -> Result<Encoded, StoreError> {
    Ok(Encoded {
        received_at: normalize_time(&req.received_at)?,
        headers: serde_json::to_string(&req.headers).expect("strings serialise"),
        problems: serde_json::to_string(&req.problems).expect("strings serialise"),
        warnings: serde_json::to_string(&req.warnings).expect("strings serialise"),
    })
}

/// What an insert wrote: the row's number, and whether its event id had been seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inserted {
    pub seq: i64,
    pub duplicate: bool,
}

/// The signature results of a genuine request: only these make an id "seen" (CONTRACT
/// 4.5). A forged or unsigned request carrying a genuine event's id must not make the
/// genuine one a duplicate; one that was never stored is not in the table at all.
const SEEN_SQL: &str = "SELECT EXISTS (SELECT 1 FROM requests \
                        WHERE event_key = ?2 AND event_id = ?1 \
                        AND signature IN ('valid', 'unchecked'))";

/// Inserts a row. Its duplicate flag is decided here, in the writer's transaction, from
/// the rows already committed or earlier in the same batch (so two deliveries of one
/// event in one batch are told apart, in arrival order), by a look-up on the event id
/// index: nothing is kept in memory, whatever the store's size.
fn insert_row(conn: &Connection, req: &NewRequest, enc: &Encoded) -> rusqlite::Result<Inserted> {
    let key = req.event_id.as_deref().map(event_key);
    let seen = match (&req.event_id, key) {
        (Some(id), Some(key)) => conn
            .prepare_cached(SEEN_SQL)?
            .query_row(params![id, key], |row| row.get(0))?,
        _ => false,
    };
    let duplicate = req.duplicate || seen;
    let mut statement = conn.prepare_cached(INSERT_SQL)?;
    let seq = statement.insert(params![
        enc.received_at,
        req.method,
        req.path,
        enc.headers,
        req.body,
        req.signature,
        req.event_id,
        req.event_type,
        duplicate,
        enc.problems,
        req.status,
        enc.warnings,
        req.hint,
        key,
    ])?;
    Ok(Inserted { seq, duplicate })
}

fn read_row(row: &Row<'_>) -> rusqlite::Result<StoredRequest> {
    Ok(StoredRequest {
        seq: row.get(0)?,
        received_at: row.get(1)?,
        method: row.get(2)?,
        path: row.get(3)?,
        headers: json_column(row, 4)?,
        body: row.get(5)?,
        signature: row.get(6)?,
        event_id: row.get(7)?,
        event_type: row.get(8)?,
        duplicate: row.get(9)?,
        problems: json_column(row, 10)?,
        status: row.get(11)?,
        forward_status: row.get(12)?,
        details: row.get(13)?,
        warnings: json_column(row, 14)?,
        hint: row.get(15)?,
    })
}

fn json_column<T: DeserializeOwned>(row: &Row<'_>, index: usize) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(e)))
}

impl Filter {
    /// The WHERE clause (always present, `1` when empty) and its parameters.
    fn clause(&self) -> Result<(String, Vec<Value>), StoreError> {
        let mut conditions = vec!["1".to_string()];
        let mut values = Vec::new();
        if let Some(types) = &self.event_type {
            let types: Vec<&str> = types.split(',').map(str::trim).collect();
            let marks = vec!["?"; types.len()].join(", ");
            conditions.push(format!("event_type IN ({marks})"));
            values.extend(types.into_iter().map(|t| Value::Text(t.to_string())));
        }
        if let Some(since) = &self.since {
            conditions.push("received_at >= ?".into());
            values.push(Value::Text(normalize_time(since)?));
        }
        if let Some(id) = &self.event_id {
            conditions.push("event_key = ? AND event_id = ?".into());
            values.push(Value::Integer(event_key(id)));
            values.push(Value::Text(id.clone()));
        }
        Ok((conditions.join(" AND "), values))
    }
}

fn limit_value(limit: usize) -> Value {
    Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX))
}

/// A synchronous connection to the event store.
pub struct Store {
    conn: Connection,
    /// Named in every error message.
    path: PathBuf,
    /// The file SQLite opened (None in memory): the writer compares it with what is at
    /// `path` before it acknowledges, so that nothing is acknowledged into a file that was
    /// deleted or replaced.
    identity: Option<file::Identity>,
}

impl Store {
    /// Opens (creating if needed) the store at `path`: missing parent directories are made
    /// private (0700) and a new file readable by its owner only (0600), since bodies may
    /// hold personal data. Applies pending migrations.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        prepare_location(path)?;
        let conn = Connection::open(path).map_err(|e| db_error(path, e))?;
        let mut store = Store::init(conn, path.to_path_buf())?;
        store.identity = file::Identity::of(path);
        Ok(store)
    }

    /// Opens the store at `path` only if it exists: what the read-only commands use, so
    /// that reading never leaves a new, empty store (or its directory) behind.
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::NoStoreYet {
                path: path.to_path_buf(),
            });
        }
        Store::open(path)
    }

    /// A store that lives in memory only: for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| db_error(&path, e))?;
        Store::init(conn, path)
    }

    fn init(conn: Connection, path: PathBuf) -> Result<Store, StoreError> {
        let mut store = Store {
            conn,
            path,
            identity: None,
        };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        |e| db_error(&self.path, e)
    }

    fn configure(&self) -> Result<(), StoreError> {
        self.conn.busy_timeout(BUSY_TIMEOUT).map_err(self.err())?;
        // WAL: readers (`events list`) never block the listener's writer, and a commit is
        // one append to the log.
        self.conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
            .map_err(self.err())?;
        // NORMAL in WAL mode syncs the log only at checkpoints. A committed transaction is
        // in the operating system's hands once COMMIT returns, so it survives the process
        // being killed at any point (SIGKILL included), which is the guarantee `listen`
        // gives. It does not survive a power cut or kernel crash right after; FULL would
        // (an fsync per transaction), at a large cost in throughput.
        self.conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(self.err())?;
        // A checkpoint (copying the log into the database, with two fsyncs) runs inside the
        // commit that crosses this many log pages, and the listener's handlers wait for it.
        // Short and frequent waits keep the tail latency down: under wrk -c 64
        // (bench/listen.sh) p99 was 14 ms at SQLite's 1000 pages, 52 ms at 8192 and 8 ms
        // at 256, for about 4% fewer requests per second than at 1000.
        self.conn
            .pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)
            .map_err(self.err())
    }

    /// The schema version and whether the file is ours; errors when it is not, or too new.
    fn schema_version(&self) -> Result<usize, StoreError> {
        let pragma = |name: &str| -> Result<i64, StoreError> {
            self.conn
                .pragma_query_value(None, name, |row| row.get(0))
                .map_err(self.err())
        };
        let (application_id, version) = (pragma("application_id")?, pragma("user_version")?);
        let objects: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))
            .map_err(self.err())?;
        let fresh = application_id == 0 && version == 0 && objects == 0;
        if !fresh && application_id != i64::from(APPLICATION_ID) {
            return Err(StoreError::NotOurs {
                path: self.path.clone(),
            });
        }
        usize::try_from(version)
            .ok()
            .filter(|&v| v <= SCHEMA_VERSION)
            .ok_or_else(|| StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            })
    }

    /// Applies the migrations this file lacks, all in one transaction: a crash leaves
    /// the previous version whole.
    fn migrate(&mut self) -> Result<(), StoreError> {
        if self.schema_version()? == SCHEMA_VERSION {
            return Ok(());
        }
        let path = self.path.clone();
        let err = |e| db_error(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        // Read again under the write lock: another process may have migrated meanwhile.
        let version: usize = tx
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(err)?;
        // Migration 4 computes the keys of the rows already stored with the function
        // the inserts use.
        tx.create_scalar_function(
            "roomz_event_key",
            1,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            // Bytes, not a String: a row another program wrote with an id that is not
            // UTF-8 must not fail the migration (and so the store).
            |context| {
                Ok(match context.get_raw(0) {
                    rusqlite::types::ValueRef::Text(bytes) => Some(key_of(bytes, 0)),
                    _ => None,
                })
            },
        )
        .map_err(err)?;
        for step in MIGRATIONS.iter().skip(version) {
            tx.execute_batch(step).map_err(err)?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION as i64)
            .map_err(err)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(err)?;
        tx.commit().map_err(err)
    }

    /// Runs `f` in a write transaction taken up front (IMMEDIATE), so that waiting for
    /// another writer goes through the busy timeout instead of failing mid-way: all or
    /// none, rolled back when `f` or the COMMIT fails. BEGIN and COMMIT are cached
    /// statements: rusqlite's `Transaction` prepares them anew each time, and the listener's
    /// writer commits a batch every millisecond or so.
    fn in_transaction<T>(
        &mut self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let (conn, path) = (&self.conn, self.path.as_path());
        let run = |sql: &str| {
            conn.prepare_cached(sql)
                .and_then(|mut statement| statement.execute([]))
                .map_err(|e| db_error(path, e))
        };
        run("BEGIN IMMEDIATE")?;
        let value = f(conn).and_then(|value| run("COMMIT").map(|_| value));
        if value.is_err() && !conn.is_autocommit() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        value
    }

    /// Log pages after which a commit runs a checkpoint itself (SQLite's
    /// `wal_autocheckpoint`).
    fn set_autocheckpoint(&self, pages: i64) -> Result<(), StoreError> {
        self.conn
            .pragma_update(None, "wal_autocheckpoint", pages)
            .map_err(self.err())
    }

    /// Stores one request in its own transaction; returns its sequence number. Marked a
    /// duplicate when it says so or when its event id was seen (see [`insert_row`]).
    pub fn insert(&mut self, req: &NewRequest) -> Result<i64, StoreError> {
        let enc = encode(req)?;
        let path = self.path.clone();
        self.in_transaction(|tx| {
            insert_row(tx, req, &enc)
                .map(|inserted| inserted.seq)
                .map_err(|e| db_error(&path, e))
        })
    }

    /// THE id rule (CONTRACT 4.4), for every command that takes an ID: `#N` is row N;
    /// anything else is an event id, exact, else a prefix of exactly one distinct id (a
    /// bare number too: ids are hex, so `12` is a prefix). A prefix of several ids is
    /// [`StoreError::Ambiguous`], listing at most [`MAX_CANDIDATES`]. An event delivered
    /// several times gives its newest delivery, and how many there were. Every look-up is
    /// a range on an index: milliseconds at a million rows.
    pub fn resolve(&self, key: &str) -> Result<Option<Found>, StoreError> {
        let key = key.trim();
        if let Some(number) = key.strip_prefix('#') {
            let Ok(seq) = number.parse::<i64>() else {
                return Ok(None);
            };
            let Some(request) = self.get_seq(seq)? else {
                return Ok(None);
            };
            let deliveries = match &request.event_id {
                Some(id) => self.deliveries(id)?,
                None => 1,
            };
            return Ok(Some(Found {
                request,
                deliveries,
            }));
        }
        if key.is_empty() {
            return Ok(None);
        }
        let id = match self.get_event(key)? {
            Some(request) => {
                let deliveries = self.deliveries(key)?;
                return Ok(Some(Found {
                    request,
                    deliveries,
                }));
            }
            None => match self.complete_event_id(key)? {
                Some(id) => id,
                None => return Ok(None),
            },
        };
        let Some(request) = self.get_event(&id)? else {
            return Ok(None); // Pruned between the two look-ups.
        };
        let deliveries = self.deliveries(&id)?;
        Ok(Some(Found {
            request,
            deliveries,
        }))
    }

    /// [`Store::resolve`]'s request alone.
    pub fn get(&self, key: &str) -> Result<Option<StoredRequest>, StoreError> {
        Ok(self.resolve(key)?.map(|found| found.request))
    }

    /// The full event id `key` names under the id rule (for filters such as
    /// `replay --from-store --id`), or None.
    pub fn resolve_event_id(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.resolve(key)?.and_then(|found| found.request.event_id))
    }

    fn get_seq(&self, seq: i64) -> Result<Option<StoredRequest>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM requests WHERE seq = ?1");
        self.conn
            .query_row(&sql, [seq], read_row)
            .optional()
            .map_err(self.err())
    }

    fn get_event(&self, id: &str) -> Result<Option<StoredRequest>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM requests {NEWEST_BY_ID_SQL}");
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut statement| {
                statement
                    .query_row(params![id, event_key(id)], read_row)
                    .optional()
            })
            .map_err(self.err())
    }

    /// How many stored requests carry event id `id`.
    fn deliveries(&self, id: &str) -> Result<u64, StoreError> {
        self.conn
            .prepare_cached(COUNT_BY_ID_SQL)
            .and_then(|mut statement| {
                statement.query_row(params![id, event_key(id)], |row| row.get(0))
            })
            .map_err(self.err())
    }

    /// The one stored event id that starts with `prefix`, like a short git hash.
    fn complete_event_id(&self, prefix: &str) -> Result<Option<String>, StoreError> {
        // A range on the index: every id starting with `prefix` has a key in this range,
        // and its text sorts at or above `prefix` and below `upper`.
        let (low, high) = prefix_keys(prefix);
        let upper = format!("{prefix}{}", char::MAX);
        let mut statement = self
            .conn
            .prepare_cached(IDS_BY_PREFIX_SQL)
            .map_err(self.err())?;
        let limit = MAX_CANDIDATES as i64 + 1;
        let mut ids = statement
            .query_map(params![prefix, low, high, upper, limit], |row| {
                row.get::<_, String>(0)
            })
            .map_err(self.err())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.err())?;
        ids.sort();
        match ids.len() {
            0 => Ok(None),
            1 => Ok(ids.pop()),
            _ => {
                let more = ids.len() > MAX_CANDIDATES;
                ids.truncate(MAX_CANDIDATES);
                Err(StoreError::Ambiguous {
                    key: prefix.to_string(),
                    ids,
                    more,
                })
            }
        }
    }

    /// The requests `filter` selects, newest first.
    pub fn list(&self, filter: &Filter) -> Result<Vec<StoredRequest>, StoreError> {
        let (clause, mut values) = filter.clause()?;
        let mut sql = format!("SELECT {COLUMNS} FROM requests WHERE {clause} ORDER BY seq DESC");
        if let Some(limit) = filter.limit {
            sql.push_str(" LIMIT ?");
            values.push(limit_value(limit));
        }
        let mut statement = self.conn.prepare(&sql).map_err(self.err())?;
        let rows = statement
            .query_map(params_from_iter(values), read_row)
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Calls `f` with each request `filter` selects, oldest first, one row in memory at a
    /// time (for export). With a limit, the newest `limit` requests, still oldest first.
    /// Stops at the first error `f` returns.
    pub fn for_each<E: From<StoreError>>(
        &self,
        filter: &Filter,
        mut f: impl FnMut(StoredRequest) -> Result<(), E>,
    ) -> Result<(), E> {
        let (clause, mut values) = filter.clause()?;
        let mut sql = format!("SELECT {COLUMNS} FROM requests WHERE {clause}");
        if let Some(limit) = filter.limit {
            // Find where the newest `limit` start rather than sorting rows in memory.
            sql.push_str(&format!(
                " AND seq >= (SELECT min(seq) FROM (SELECT seq FROM requests WHERE {clause} \
                 ORDER BY seq DESC LIMIT ?))"
            ));
            values.extend_from_within(..);
            values.push(limit_value(limit));
        }
        sql.push_str(" ORDER BY seq");
        let mut statement = self.conn.prepare(&sql).map_err(self.err())?;
        let mut rows = statement
            .query(params_from_iter(values))
            .map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            f(read_row(row).map_err(self.err())?)?;
        }
        Ok(())
    }

    /// Deletes requests; returns how many. A request is kept only when it meets every
    /// limit given: received at or after `older_than`, and among the newest `keep_last`.
    /// With neither, deletes every request (the command asks for confirmation).
    /// Sequence numbers are not reused afterwards.
    pub fn prune(
        &self,
        older_than: Option<String>,
        keep_last: Option<usize>,
    ) -> Result<usize, StoreError> {
        let cutoff = older_than.as_deref().map(normalize_time).transpose()?;
        let deleted = if cutoff.is_none() && keep_last.is_none() {
            self.conn.execute("DELETE FROM requests", [])
        } else {
            self.conn.execute(
                "DELETE FROM requests WHERE (?1 IS NOT NULL AND received_at < ?1) \
                 OR (?2 IS NOT NULL AND seq <= \
                     (SELECT seq FROM requests ORDER BY seq DESC LIMIT 1 OFFSET ?2))",
                params![cutoff, keep_last.map(limit_value)],
            )
        };
        deleted.map_err(self.err())
    }

    /// Records the status the developer's app answered to the forwarded request.
    pub fn set_forward_status(&self, seq: i64, status: u16) -> Result<(), StoreError> {
        set_forward_status(&self.conn, seq, status).map_err(self.err())?;
        self.check_updated(seq)
    }

    /// Records the event's details fetched from the API (JSON text).
    pub fn set_details(&self, seq: i64, json: &str) -> Result<(), StoreError> {
        set_details(&self.conn, seq, json).map_err(self.err())?;
        self.check_updated(seq)
    }

    fn check_updated(&self, seq: i64) -> Result<(), StoreError> {
        match self.conn.changes() {
            0 => Err(StoreError::NoSuchRequest {
                path: self.path.clone(),
                seq,
            }),
            _ => Ok(()),
        }
    }

    /// How many requests `filter` selects, its limit ignored (`events list`'s "20 of N",
    /// replay's progress total).
    pub fn count_matching(&self, filter: &Filter) -> Result<u64, StoreError> {
        let (clause, values) = filter.clause()?;
        self.conn
            .query_row(
                &format!("SELECT count(*) FROM requests WHERE {clause}"),
                params_from_iter(values),
                |row| row.get(0),
            )
            .map_err(self.err())
    }

    /// How many requests are stored.
    pub fn count(&self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM requests", [], |row| row.get(0))
            .map_err(self.err())
    }
}

// The inspector's reads (app/inspector): its own read-only connection beside the
// listener's writer (WAL readers never block it), and pages of requests without bodies.
impl Store {
    /// A read-only connection to an existing store, for the inspector: no migration, no
    /// pragma that writes, so that it never competes with the listener's writer.
    pub fn open_reader(path: &Path) -> Result<Store, StoreError> {
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| db_error(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| db_error(path, e))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            // A reader acknowledges nothing: no file identity to watch.
            identity: None,
        })
    }

    /// At most `limit` requests received before row `before` (all rows when `None`),
    /// newest first, with empty bodies: a page of the inspector's list reads no body.
    pub fn page_without_bodies(
        &self,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<StoredRequest>, StoreError> {
        let columns = COLUMNS.replace(" body,", " X'' AS body,");
        let sql =
            format!("SELECT {columns} FROM requests WHERE seq < ?1 ORDER BY seq DESC LIMIT ?2");
        let mut statement = self.conn.prepare_cached(&sql).map_err(self.err())?;
        let rows = statement
            .query_map(
                params![before.unwrap_or(i64::MAX), limit_value(limit)],
                read_row,
            )
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// The request in row `seq`, body included.
    pub fn at_seq(&self, seq: i64) -> Result<Option<StoredRequest>, StoreError> {
        self.get_seq(seq)
    }
}

fn set_forward_status(conn: &Connection, seq: i64, status: u16) -> rusqlite::Result<usize> {
    conn.prepare_cached("UPDATE requests SET forward_status = ?2 WHERE seq = ?1")?
        .execute(params![seq, status])
}

fn set_details(conn: &Connection, seq: i64, json: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached("UPDATE requests SET details = ?2 WHERE seq = ?1")?
        .execute(params![seq, json])
}

/// Creates the parent directories (0700) and an empty file (0600) when missing, so that
/// SQLite, which gives its log files the database's mode, never makes them world-readable.
fn prepare_location(path: &Path) -> Result<(), StoreError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(parent)
            .map_err(|error| StoreError::CreateDir {
                path: parent.to_path_buf(),
                error,
            })?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    // An existing file (or anything odd, such as a directory) is SQLite's to judge.
    let _ = options.open(path);
    Ok(())
}

mod file;
mod retention;
mod writer;
pub use file::ListenLock;
pub use retention::Retention;
pub use writer::{StoreWriter, WriterStats};

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use tempfile::TempDir;

    pub(crate) fn request(n: usize) -> NewRequest {
        NewRequest {
            received_at: format!(
                "2024-05-21T08:{:02}:{:02}.{:03}Z",
                n / 60 % 60,
                n % 60,
                n % 1000
            ),
            method: "POST".into(),
            path: "/webhook".into(),
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("Roomz-Signature".into(), format!("sig{n}")),
            ],
            body: format!(r#"{{"id":"id-{n}"}}"#).into_bytes(),
            signature: "valid".into(),
            event_id: Some(format!("id-{n}")),
            event_type: Some("workspace.presence.changed".into()),
            duplicate: false,
            problems: Vec::new(),
            warnings: Vec::new(),
            hint: None,
            status: 200,
        }
    }

    pub(crate) fn temp_store() -> (TempDir, PathBuf, Store) {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("data").join("events.db");
        let store = Store::open(&path).unwrap();
        (dir, path, store)
    }

    fn seqs(requests: &[StoredRequest]) -> Vec<i64> {
        requests.iter().map(|r| r.seq).collect()
    }

    #[test]
    fn round_trips_every_field() {
        let (_dir, path, mut store) = temp_store();
        let odd = NewRequest {
            received_at: "2024-05-21T10:22:32.452+02:00".into(),
            method: "PUT".into(),
            path: "/webhook?x=1".into(),
            headers: vec![
                ("X-Dup".into(), "a".into()),
                ("X-Dup".into(), "b \"quoted\" é".into()),
            ],
            body: vec![0xff, 0xfe, 0x00, b'{', 0x80],
            signature: "invalid".into(),
            event_id: None,
            event_type: Some("unknown.type".into()),
            duplicate: true,
            problems: vec!["no id".into(), "bad timestamp".into()],
            warnings: vec!["unknown event type 'unknown.type'".into()],
            hint: Some("a trailing newline was added to the body after it was signed".into()),
            status: 401,
        };
        let seq = store.insert(&odd).unwrap();
        let empty = NewRequest {
            body: Vec::new(),
            ..request(1)
        };
        let empty_seq = store.insert(&empty).unwrap();
        store.set_forward_status(seq, 502).unwrap();
        store.set_details(seq, r#"{"status":"Free"}"#).unwrap();
        drop(store);

        let store = Store::open(&path).unwrap();
        let got = store.get(&format!("#{seq}")).unwrap().unwrap();
        let expected = StoredRequest {
            seq,
            received_at: "2024-05-21T08:22:32.452Z".into(),
            method: odd.method,
            path: odd.path,
            headers: odd.headers,
            body: odd.body,
            signature: odd.signature,
            event_id: None,
            event_type: odd.event_type,
            duplicate: true,
            problems: odd.problems,
            warnings: odd.warnings,
            hint: odd.hint,
            status: 401,
            forward_status: Some(502),
            details: Some(r#"{"status":"Free"}"#.into()),
        };
        assert_eq!(got, expected);
        let got = store.get(&format!("#{empty_seq}")).unwrap().unwrap();
        assert_eq!(got.body, Vec::<u8>::new());
        assert_eq!((got.forward_status, got.details), (None, None));
    }

    #[test]
    fn bad_times_are_refused_and_others_normalised() {
        let (_dir, _path, mut store) = temp_store();
        let bad = NewRequest {
            received_at: "yesterday".into(),
            ..request(1)
        };
        assert!(matches!(
            store.insert(&bad),
            Err(StoreError::BadTime { .. })
        ));
        assert_eq!(
            normalize_time("2024-02-02T09:13:44Z").unwrap(),
            "2024-02-02T09:13:44.000Z"
        );
        let filter = Filter {
            since: Some("soon".into()),
            ..Filter::default()
        };
        assert!(matches!(
            store.list(&filter),
            Err(StoreError::BadTime { .. })
        ));
    }

    #[test]
    fn a_fresh_file_is_created_privately_and_migrated() {
        let (_dir, path, store) = temp_store();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let mode: String = store
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(path.parent().unwrap()), 0o700);
            assert_eq!(mode(&path), 0o600);
        }
    }

    /// A connection to a new store at `path` as an older build left it: the first
    /// `version` migrations applied, and marked as ours.
    fn store_of_schema(path: &Path, version: usize) -> Connection {
        let conn = Connection::open(path).unwrap();
        for step in &MIGRATIONS[..version] {
            conn.execute_batch(step).unwrap();
        }
        conn.pragma_update(None, "user_version", version as i64)
            .unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        conn
    }

    /// A store written before the hint column (schema 3) opens, is migrated, and its
    /// rows read back without a hint; new rows keep theirs.
    #[test]
    fn a_store_of_schema_3_gains_the_hint_column() {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("events.db");
        let conn = store_of_schema(&path, 3);
        conn.execute(
            "INSERT INTO requests (received_at, method, path, headers, body, signature, \
             duplicate, problems, status) VALUES ('2024-05-21T08:00:00.000Z', 'POST', \
             '/webhook', '[]', x'7b7d', 'invalid', 0, '[\"invalid signature\"]', 401)",
            [],
        )
        .unwrap();
        drop(conn);
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let old = store.get("#1").unwrap().unwrap();
        assert_eq!((old.signature.as_str(), old.hint), ("invalid", None));
        let hint = "wrong secret or body changed in transit";
        let seq = store
            .insert(&NewRequest {
                hint: Some(hint.into()),
                ..request(2)
            })
            .unwrap();
        let new = store.get(&format!("#{seq}")).unwrap().unwrap();
        assert_eq!(new.hint.as_deref(), Some(hint));
    }

    #[test]
    fn event_keys_sort_as_their_ids_and_cover_their_prefixes() {
        let ids = [
            "",
            "0",
            "00000000-0",
            "0badcafe",
            "4711abcd",
            "4711abcd-1",
            "4711abce",
            "Z",
            "e6ae112e-2af3",
            "e6ae112e-9999",
            "f",
            "ffffffff-ffff",
            "é",
            "\u{10ffff}",
        ];
        for pair in ids.windows(2) {
            assert!(pair[0] < pair[1], "the list is sorted: {pair:?}");
            assert!(event_key(pair[0]) <= event_key(pair[1]), "{pair:?}");
        }
        for id in ids {
            for end in (0..=id.len()).filter(|&end| id.is_char_boundary(end)) {
                let (low, high) = prefix_keys(&id[..end]);
                assert!((low..=high).contains(&event_key(id)), "{id:?} from {end}");
            }
        }
    }

    #[test]
    fn prefixes_longer_than_the_key_compare_the_whole_id() {
        let (_dir, _path, mut store) = temp_store();
        for id in ["e6ae112e-2af3", "e6ae112e-9999", "e6ae112f-0000"] {
            let req = NewRequest {
                event_id: Some(id.into()),
                ..request(1)
            };
            store.insert(&req).unwrap();
        }
        let id = |key: &str| store.resolve_event_id(key).unwrap();
        assert_eq!(id("e6ae112e-2").as_deref(), Some("e6ae112e-2af3"));
        assert_eq!(id("e6ae112e-9999").as_deref(), Some("e6ae112e-9999"));
        assert_eq!(id("e6ae112f").as_deref(), Some("e6ae112f-0000"));
        assert!(id("e6ae112e-3").is_none());
        match store.get("e6ae112e") {
            Err(StoreError::Ambiguous { ids, .. }) => {
                assert_eq!(ids, ["e6ae112e-2af3", "e6ae112e-9999"])
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_version_3_store_gets_the_keys_of_its_rows() {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("events.db");
        {
            // A store as version 3 of the schema left it, with an event delivered twice.
            let conn = store_of_schema(&path, 3);
            for (n, id) in [(1, Some("4711abcd-1")), (2, None), (3, Some("4711abcd-1"))] {
                conn.execute(
                    "INSERT INTO requests (received_at, method, path, headers, body, \
                     signature, event_id, duplicate, problems, status) \
                     VALUES ('2024-05-21T08:00:00.000Z', 'POST', '/', '[]', x'', 'valid', \
                     ?1, ?2, '[]', 200)",
                    params![id, n == 3],
                )
                .unwrap();
            }
            // And an id another program wrote that is not UTF-8: no reason to fail.
            conn.execute(
                "INSERT INTO requests (received_at, method, path, headers, body, signature, \
                 event_id, duplicate, problems, status) VALUES ('2024-05-21T08:00:00.000Z', \
                 'POST', '/', '[]', x'', 'valid', CAST(x'ff61' AS TEXT), 0, '[]', 200)",
                [],
            )
            .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let found = store.resolve("4711").unwrap().unwrap();
        assert_eq!((found.request.seq, found.deliveries), (3, 2));
        let again = NewRequest {
            event_id: Some("4711abcd-1".into()),
            ..request(4)
        };
        let seq = store.insert(&again).unwrap();
        assert!(store.get(&format!("#{seq}")).unwrap().unwrap().duplicate);
    }

    #[test]
    fn reopening_keeps_rows_and_schema() {
        let (_dir, path, mut store) = temp_store();
        store.insert(&request(1)).unwrap();
        drop(store);
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.count().unwrap(), 1);
        assert_eq!(store.insert(&request(2)).unwrap(), 2);
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn a_file_that_is_not_a_database_is_named() {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "these are my notes, not a database\n".repeat(100)).unwrap();
        let error = Store::open(&path).err().unwrap();
        assert!(matches!(error, StoreError::NotOurs { .. }), "{error:?}");
        let message = error.to_string();
        assert!(message.contains("notes.txt") && message.contains("not a roomz-hook database"));
    }

    #[test]
    fn another_programs_database_is_not_ours() {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("other.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE things (x)").unwrap();
        drop(conn);
        let error = Store::open(&path).err().unwrap();
        assert!(matches!(error, StoreError::NotOurs { .. }), "{error:?}");
    }

    #[test]
    fn a_newer_schema_is_refused_with_advice() {
        let (_dir, path, store) = temp_store();
        store.conn.pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        let error = Store::open(&path).err().unwrap();
        assert!(
            matches!(error, StoreError::TooNew { found: 99, .. }),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.contains("schema version 99") && message.contains("upgrade"));
    }

    #[test]
    fn busy_errors_say_another_process_holds_the_lock() {
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        let error = db_error(Path::new("/x/events.db"), busy);
        assert!(matches!(error, StoreError::Locked { .. }));
        assert!(error.to_string().contains("locked by another roomz-hook"));
    }

    fn filled_store() -> (TempDir, PathBuf, Store) {
        let (dir, path, mut store) = temp_store();
        for n in 1..=6 {
            let mut req = request(n);
            if n % 2 == 0 {
                req.event_type = Some("workspace.status.updated".into());
            }
            if n == 6 {
                req.event_id = Some("id-5".into()); // A redelivery.
                req.duplicate = true;
            }
            store.insert(&req).unwrap();
        }
        (dir, path, store)
    }

    #[test]
    fn lists_newest_first_through_filters() {
        let (_dir, _path, store) = filled_store();
        let list = |filter: Filter| seqs(&store.list(&filter).unwrap());
        assert_eq!(list(Filter::default()), [6, 5, 4, 3, 2, 1]);
        let of_type = |t: &str| Filter {
            event_type: Some(t.into()),
            ..Filter::default()
        };
        assert_eq!(list(of_type("workspace.status.updated")), [6, 4, 2]);
        assert_eq!(
            list(of_type(
                "workspace.status.updated, workspace.presence.changed"
            ))
            .len(),
            6
        );
        assert!(list(of_type("workspace")).is_empty());
        let since = Filter {
            since: Some("2024-05-21T08:00:04Z".into()),
            ..Filter::default()
        };
        assert_eq!(list(since), [6, 5, 4]);
        let by_id = Filter {
            event_id: Some("id-5".into()),
            ..Filter::default()
        };
        assert_eq!(list(by_id), [6, 5]);
        let limited = Filter {
            limit: Some(2),
            event_type: Some("workspace.presence.changed".into()),
            ..Filter::default()
        };
        assert_eq!(list(limited), [5, 3]);
    }

    #[test]
    fn for_each_streams_oldest_first_and_stops_on_error() {
        let (_dir, _path, store) = filled_store();
        let collect = |filter: &Filter| {
            let mut seen = Vec::new();
            store
                .for_each(filter, |r| {
                    seen.push(r.seq);
                    Ok::<_, StoreError>(())
                })
                .unwrap();
            seen
        };
        assert_eq!(collect(&Filter::default()), [1, 2, 3, 4, 5, 6]);
        let newest_two_even = Filter {
            event_type: Some("workspace.status.updated".into()),
            limit: Some(2),
            ..Filter::default()
        };
        assert_eq!(collect(&newest_two_even), [4, 6]);

        #[derive(Debug)]
        enum ExportError {
            Full,
            Store,
        }
        impl From<StoreError> for ExportError {
            fn from(_: StoreError) -> Self {
                ExportError::Store
            }
        }
        let mut calls = 0;
        let result = store.for_each(&Filter::default(), |_| {
            calls += 1;
            Err(ExportError::Full)
        });
        assert!(matches!(result, Err(ExportError::Full)));
        assert_eq!(calls, 1);
        let bad = Filter {
            since: Some("never".into()),
            ..Filter::default()
        };
        let result = store.for_each(&bad, |_| Ok::<_, ExportError>(()));
        assert!(matches!(result, Err(ExportError::Store)));
    }

    #[test]
    fn the_id_rule_resolves_ids_prefixes_and_rows() {
        let (_dir, _path, store) = filled_store();
        assert_eq!(store.get("id-3").unwrap().unwrap().seq, 3);
        let found = store.resolve("id-5").unwrap().unwrap();
        assert_eq!(
            (found.request.seq, found.deliveries),
            (6, 2),
            "newest delivery"
        );
        assert_eq!(store.resolve("#5").unwrap().unwrap().deliveries, 2);
        assert_eq!(store.get("#2").unwrap().unwrap().seq, 2);
        assert!(store.get("#99").unwrap().is_none());
        assert!(store.get("#x").unwrap().is_none());
        assert!(store.get("nothing").unwrap().is_none());
        assert!(store.get("  ").unwrap().is_none());
        match store.get("id-") {
            Err(StoreError::Ambiguous { ids, more, .. }) => {
                assert_eq!(ids.len(), 5, "distinct ids, each once: {ids:?}");
                assert!(!more);
            }
            other => panic!("{other:?}"),
        }

        let (_dir, _path, mut store) = temp_store();
        for id in [
            "e6ae112e-2af3",
            "e6ae9999-0000",
            "0badcafe-1111",
            "4711abcd",
        ] {
            let req = NewRequest {
                event_id: Some(id.into()),
                ..request(1)
            };
            store.insert(&req).unwrap();
        }
        let got = store.get("0bad").unwrap().unwrap();
        assert_eq!(got.event_id.as_deref(), Some("0badcafe-1111"));
        // A bare number is an id prefix, not row 4.
        let got = store.get("4").unwrap().unwrap();
        assert_eq!(got.event_id.as_deref(), Some("4711abcd"));
        assert_eq!(store.get("#4").unwrap().unwrap().seq, 4);
        assert!(store.get("2").unwrap().is_none(), "no id starts with 2");
        match store.get("e6ae") {
            Err(error @ StoreError::Ambiguous { .. }) => {
                let message = error.to_string();
                assert!(
                    message.contains("'e6ae' matches 2 events")
                        && message.contains("\n  e6ae112e-2af3\n  e6ae9999-0000"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_ambiguous_prefix_lists_at_most_ten() {
        let (_dir, _path, mut store) = temp_store();
        for n in 0..25 {
            let req = NewRequest {
                event_id: Some(format!("ab{n:02}")),
                ..request(n)
            };
            store.insert(&req).unwrap();
        }
        match store.get("ab") {
            Err(error @ StoreError::Ambiguous { .. }) => {
                let message = error.to_string();
                assert!(message.contains("matches more than 10 events"), "{message}");
                assert_eq!(message.matches("\n  ab").count(), 10, "{message}");
                assert!(message.ends_with("\n  ..."), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    /// Every look-up by id uses the index: a scan would take a second at a million rows.
    #[test]
    fn id_lookups_use_the_index() {
        let (_dir, _path, store) = filled_store();
        let plan = |sql: &str| -> String {
            let mut statement = store
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            // Parameters left unbound are NULL: the plan does not depend on them.
            let unbound = vec![Value::Null; statement.parameter_count()];
            let rows = statement
                .query_map(params_from_iter(unbound), |row| row.get::<_, String>(3))
                .unwrap();
            rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
        };
        let (list, _) = Filter {
            event_id: Some("x".into()),
            ..Filter::default()
        }
        .clause()
        .unwrap();
        for sql in [
            format!("SELECT seq FROM requests {NEWEST_BY_ID_SQL}"),
            COUNT_BY_ID_SQL.to_string(),
            IDS_BY_PREFIX_SQL.to_string(),
            SEEN_SQL.to_string(),
            format!("SELECT seq FROM requests WHERE {list}"),
        ] {
            let plan = plan(&sql);
            assert!(plan.contains("requests_event_key"), "{sql}: {plan}");
            assert!(!plan.contains("SCAN requests"), "{sql}: {plan}");
            assert!(!plan.contains("TEMP B-TREE FOR ORDER BY"), "{sql}: {plan}");
        }
    }

    #[test]
    fn only_genuine_requests_make_an_id_seen() {
        let (_dir, path, mut store) = temp_store();
        let with = |signature: &str| NewRequest {
            signature: signature.into(),
            event_id: Some("evt-1".into()),
            ..request(1)
        };
        let duplicate =
            |store: &Store, seq: i64| store.get(&format!("#{seq}")).unwrap().unwrap().duplicate;
        let forged = store.insert(&with("invalid")).unwrap();
        let unsigned = store.insert(&with("missing")).unwrap();
        let genuine = store.insert(&with("valid")).unwrap();
        assert!(!duplicate(&store, forged) && !duplicate(&store, unsigned));
        assert!(
            !duplicate(&store, genuine),
            "forged ones do not make it a duplicate"
        );
        drop(store);
        let mut store = Store::open(&path).unwrap();
        let again = store.insert(&with("unchecked")).unwrap();
        assert!(duplicate(&store, again), "seen across a restart");
    }

    #[test]
    fn prunes_by_age_by_count_both_and_all() {
        let (_dir, _path, store) = filled_store();
        let cutoff = || Some("2024-05-21T08:00:03.000Z".to_string());
        assert_eq!(store.prune(cutoff(), None).unwrap(), 2);
        assert_eq!(store.prune(cutoff(), None).unwrap(), 0);
        assert_eq!(store.prune(None, Some(3)).unwrap(), 1);
        assert_eq!(seqs(&store.list(&Filter::default()).unwrap()), [6, 5, 4]);
        assert_eq!(store.prune(None, Some(10)).unwrap(), 0);
        let later = Some("2024-05-21T08:00:05Z".to_string());
        assert_eq!(store.prune(later, Some(3)).unwrap(), 1);
        assert_eq!(store.prune(None, None).unwrap(), 2);
        assert_eq!(store.count().unwrap(), 0);

        let (_dir, _path, mut store) = filled_store();
        assert_eq!(store.prune(None, Some(0)).unwrap(), 6);
        assert_eq!(
            store.insert(&request(7)).unwrap(),
            7,
            "numbers are not reused"
        );
    }

    #[test]
    fn updates_of_a_missing_request_fail() {
        let store = Store::open_in_memory().unwrap();
        assert!(matches!(
            store.set_forward_status(42, 200),
            Err(StoreError::NoSuchRequest { seq: 42, .. })
        ));
        assert!(store.set_details(42, "{}").is_err());
    }
}
