//! The store as a file: its identity (so that the writer notices it was deleted or
//! replaced), its size (for the listener's start-up line), whether it can be written, and
//! the advisory lock that keeps a second listener off it.

use super::{Store, StoreError};
use std::fs::File;
use std::path::{Path, PathBuf};

/// Which file a path names: device and inode on unix. Elsewhere there is none, and the
/// check is skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Identity {
    device: u64,
    inode: u64,
}

impl Identity {
    #[cfg(unix)]
    pub(super) fn of(path: &Path) -> Option<Identity> {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| Identity {
            device: m.dev(),
            inode: m.ino(),
        })
    }

    #[cfg(not(unix))]
    pub(super) fn of(_path: &Path) -> Option<Identity> {
        None
    }
}

/// Held by a running listener: a second one on the same store refuses to start, while
/// readers (`events`, `fetch`) never take it. An OS lock (flock) on a file beside the
/// store, released by the kernel when the process ends however it ends. Not on the
/// database file itself: SQLite's own locks there are POSIX locks, which the process
/// loses when any descriptor of that file is closed.
#[derive(Debug)]
pub struct ListenLock {
    _file: File,
}

impl Store {
    /// The size of the store on disk: the database and its write-ahead log.
    pub fn size_on_disk(&self) -> u64 {
        let size = |path: &Path| std::fs::metadata(path).map_or(0, |m| m.len());
        size(&self.path) + size(&sidecar(&self.path, "-wal"))
    }

    /// Whether the file the listener opened is no longer the one at its path: how it went
    /// ("deleted", "replaced by another file": a restore, a `mv`, another program), or None.
    pub(super) fn gone(&self) -> Option<&'static str> {
        let opened = self.identity?;
        match Identity::of(&self.path) {
            None => Some("deleted"),
            Some(now) if now != opened => Some("replaced by another file"),
            Some(_) => None,
        }
    }

    /// Checks, before the listener serves, that this store can take writes: a read-only
    /// file or directory is an error at start (CONTRACT 4.5), not 503s later. Takes the
    /// write lock (which needs the shared-memory file) and lets it go.
    pub fn check_writable(&self) -> Result<(), StoreError> {
        let not_writable = |reason: String| StoreError::NotWritable {
            path: self.path.clone(),
            reason,
        };
        if self
            .conn
            .is_readonly(rusqlite::DatabaseName::Main)
            .unwrap_or(false)
        {
            return Err(not_writable("it was opened read-only".into()));
        }
        self.conn
            .execute_batch("BEGIN IMMEDIATE; ROLLBACK;")
            .map_err(|e| match super::db_error(&self.path, e) {
                locked @ StoreError::Locked { .. } => locked,
                other => not_writable(other.to_string()),
            })
    }

    /// Takes the listener's lock on this store, or says that another listener holds it.
    pub fn lock_for_listening(&self) -> Result<ListenLock, StoreError> {
        let path = sidecar(&self.path, ".listen-lock");
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(&path)
            .map_err(|error| StoreError::NotWritable {
                path: self.path.clone(),
                reason: format!("cannot create its lock file {}: {error}", path.display()),
            })?;
        match file.try_lock() {
            Ok(()) => Ok(ListenLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::ListenerRunning {
                path: self.path.clone(),
            }),
            Err(std::fs::TryLockError::Error(error)) => Err(StoreError::NotWritable {
                path: self.path.clone(),
                reason: format!("cannot lock {}: {error}", path.display()),
            }),
        }
    }
}

/// `events.db` + `-wal`: the files SQLite and the listener keep beside the database.
fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
