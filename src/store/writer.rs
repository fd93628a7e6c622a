//! The listener's side of the store: one task owns a connection and groups the writes that
//! queue up into one transaction; a write's future resolves only once its transaction has
//! committed, so that an acknowledged event is never lost. A second connection, on a
//! thread of its own, does the checkpoints.

use super::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use tokio::sync::{mpsc, oneshot};

/// One write the writer performs for a caller.
#[derive(Debug)]
enum Op {
    Insert(Arc<NewRequest>, Encoded),
    ForwardStatus { seq: i64, status: u16 },
    Details { seq: i64, json: String },
}

impl Store {
    /// Applies a batch of the writer's operations in one transaction: all or none.
    fn apply(&mut self, ops: &[&Op]) -> Result<Vec<Inserted>, StoreError> {
        let path = self.path.clone();
        self.in_transaction(|conn| {
            ops.iter()
                .map(|op| apply_op(conn, op, &path))
                .collect::<Result<Vec<_>, _>>()
        })
    }
}

/// Performs one operation; returns the row it wrote (an update is never a duplicate).
fn apply_op(conn: &Connection, op: &Op, path: &Path) -> Result<Inserted, StoreError> {
    let err = |e| db_error(path, e);
    let (seq, changed) = match op {
        Op::Insert(req, enc) => return insert_row(conn, req, enc).map_err(err),
        Op::ForwardStatus { seq, status } => {
            (*seq, set_forward_status(conn, *seq, *status).map_err(err)?)
        }
        Op::Details { seq, json } => (*seq, set_details(conn, *seq, json).map_err(err)?),
    };
    match changed {
        0 => Err(StoreError::NoSuchRequest {
            path: path.to_path_buf(),
            seq,
        }),
        _ => Ok(Inserted {
            seq,
            duplicate: false,
        }),
    }
}

/// An operation and the caller waiting for its commit.
struct Pending {
    op: Op,
    reply: oneshot::Sender<Result<Inserted, StoreError>>,
}

enum Message {
    Write(Pending),
    /// Finish what is queued, then hand the connection back.
    Shutdown(oneshot::Sender<Store>),
}

/// What the writer has done so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriterStats {
    /// Committed transactions.
    pub transactions: u64,
    /// Committed writes (inserts and updates); more than `transactions` under load.
    pub writes: u64,
}

#[derive(Default)]
struct Counters {
    transactions: AtomicU64,
    writes: AtomicU64,
}

/// The listener's handle on the store: cheap to clone, usable from any task. One writer,
/// a task, owns the connection; writes queued while it commits go into its next
/// transaction together, so throughput grows with load while a lone write still commits
/// at once. A second connection, on a thread of its own, does the checkpoints (see
/// [`Checkpointer`]).
#[derive(Clone)]
pub struct StoreWriter {
    sender: mpsc::Sender<Message>,
    counters: Arc<Counters>,
    path: PathBuf,
}

impl StoreWriter {
    /// Starts the writer as a task on the current tokio runtime; it owns `store` until
    /// [`StoreWriter::shutdown`]. On a current-thread runtime (the listener's) the commits
    /// run between the request handlers on the same thread: no thread wakes another for
    /// each batch, which on a 2-core machine cost more than the SQLite work itself
    /// (bench/listen.sh). The batch is whatever the handlers queued while the writer waited
    /// its turn. Must be called inside a runtime.
    pub fn spawn(store: Store) -> StoreWriter {
        StoreWriter::spawn_retaining(store, None)
    }

    /// [`StoreWriter::spawn`], with a thread that deletes what `retention` does not keep
    /// while the writer runs (see `retention.rs`).
    pub fn spawn_retaining(store: Store, retention: Option<Retention>) -> StoreWriter {
        let (sender, receiver) = mpsc::channel(QUEUE_CAPACITY);
        let counters = Arc::new(Counters::default());
        let path = store.path.clone();
        let task_counters = Arc::clone(&counters);
        tokio::spawn(async move { run_writer(store, receiver, &task_counters, retention).await });
        StoreWriter {
            sender,
            counters,
            path,
        }
    }

    /// Stores a request; resolves with its sequence number once its transaction has
    /// committed, so that answering the sender afterwards is safe. Dropping the future
    /// after the request was queued does not withdraw it.
    pub async fn insert(&self, req: NewRequest) -> Result<i64, StoreError> {
        self.insert_shared(Arc::new(req))
            .await
            .map(|inserted| inserted.seq)
    }

    /// [`StoreWriter::insert`] of a request the caller keeps using (to print it) without
    /// copying its body; also says whether its event id had been seen (the store decides,
    /// see `insert_row`). The writer lets go of `req` before it answers, so that the caller
    /// holds the only reference again (`Arc::make_mut` sets the flag without a copy).
    pub async fn insert_shared(&self, req: Arc<NewRequest>) -> Result<Inserted, StoreError> {
        let enc = encode(&req)?;
        self.submit(Op::Insert(req, enc)).await
    }

    /// [`Store::set_forward_status`] through the writer (no second writing connection).
    pub async fn set_forward_status(&self, seq: i64, status: u16) -> Result<(), StoreError> {
        self.submit(Op::ForwardStatus { seq, status })
            .await
            .map(drop)
    }

    /// [`Store::set_details`] through the writer.
    pub async fn set_details(&self, seq: i64, json: String) -> Result<(), StoreError> {
        self.submit(Op::Details { seq, json }).await.map(drop)
    }

    async fn submit(&self, op: Op) -> Result<Inserted, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(Message::Write(Pending { op, reply }))
            .await
            .map_err(|_| self.stopped())?;
        answer.await.map_err(|_| self.stopped())?
    }

    fn stopped(&self) -> StoreError {
        StoreError::WriterStopped {
            path: self.path.clone(),
        }
    }

    /// Transactions and writes committed so far.
    pub fn stats(&self) -> WriterStats {
        WriterStats {
            transactions: self.counters.transactions.load(Ordering::Relaxed),
            writes: self.counters.writes.load(Ordering::Relaxed),
        }
    }

    /// The graceful stop: commits every write queued before it (from any clone), refuses
    /// later ones, and returns the connection once the writer has finished. Without it,
    /// dropping every handle lets the writer finish the queue and close on its own.
    pub async fn shutdown(self) -> Result<Store, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(Message::Shutdown(reply))
            .await
            .map_err(|_| self.stopped())?;
        answer.await.map_err(|_| self.stopped())
    }
}

/// The writer's last steps: the checkpointing connection closes first, so that the
/// writer's is the last one and its close folds the log into the database.
fn finish_writer(
    store: Store,
    checkpointer: Option<Checkpointer>,
    pruner: Option<retention::Pruner>,
    shutdown: Option<oneshot::Sender<Store>>,
) {
    if let Some(pruner) = pruner {
        pruner.stop();
    }
    if let Some(checkpointer) = checkpointer {
        checkpointer.stop();
        let _ = store.set_autocheckpoint(WAL_CHECKPOINT_PAGES);
    }
    if let Some(reply) = shutdown {
        let _ = reply.send(store);
    }
}

/// The writer: wait for a write, take whatever else queued up meanwhile, commit them
/// together, answer each caller; until shut down or every handle is gone.
async fn run_writer(
    mut store: Store,
    mut receiver: mpsc::Receiver<Message>,
    counters: &Counters,
    retention: Option<Retention>,
) {
    let checkpointer = Checkpointer::start(&store);
    let pruner = retention.and_then(|retention| retention::Pruner::start(&store, retention));
    let mut shutdown = None;
    while let Some(first) = receiver.recv().await {
        take_and_commit(first, &mut store, &mut receiver, &mut shutdown, counters);
        if let Some(checkpointer) = &checkpointer {
            checkpointer.poke();
        }
    }
    finish_writer(store, checkpointer, pruner, shutdown);
}

/// Checkpoints (copying the log into the database file, with an fsync of each) from a
/// thread and a connection of their own, so that the writer's commits only append to the
/// log. Inline, they took about 7% of the listener's serving thread and stalled every
/// request for their fsyncs (bench/listen.sh). SQLite's PASSIVE mode never blocks the
/// writer; the log restarts from its beginning once a checkpoint has copied all of it.
struct Checkpointer {
    wake: std::sync::mpsc::SyncSender<()>,
    thread: JoinHandle<()>,
}

impl Checkpointer {
    /// None for a store in memory, or when the second connection cannot be opened: then
    /// the writer checkpoints itself, as any connection does.
    fn start(store: &Store) -> Option<Checkpointer> {
        if store.path == Path::new(":memory:") {
            return None;
        }
        let conn = Connection::open(&store.path).ok()?;
        conn.busy_timeout(BUSY_TIMEOUT).ok()?;
        let (wake, woken) = std::sync::mpsc::sync_channel(1);
        let thread = std::thread::Builder::new()
            .name("roomz-hook-checkpoint".into())
            .spawn(move || run_checkpointer(&conn, &woken))
            .ok()?;
        store.set_autocheckpoint(WRITER_CHECKPOINT_PAGES).ok()?;
        Some(Checkpointer { wake, thread })
    }

    /// Tells the thread that a commit happened; never blocks.
    fn poke(&self) {
        let _ = self.wake.try_send(());
    }

    /// Ends the thread (at once, unless a checkpoint is running) and closes its connection.
    fn stop(self) {
        drop(self.wake);
        let _ = self.thread.join();
    }
}

fn run_checkpointer(conn: &Connection, woken: &std::sync::mpsc::Receiver<()>) {
    use std::sync::mpsc::RecvTimeoutError;
    while woken.recv().is_ok() {
        let deadline = std::time::Instant::now() + CHECKPOINT_INTERVAL;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match woken.recv_timeout(left) {
                Ok(()) if !left.is_zero() => continue,
                Err(RecvTimeoutError::Disconnected) => return,
                _ => break,
            }
        }
        // A failure (the disk full, say) is the writer's to report: its own commits and
        // checkpoints meet the same problem.
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    }
}

/// One turn of the writer: `first` and whatever else is queued, in one transaction.
fn take_and_commit(
    first: Message,
    store: &mut Store,
    receiver: &mut mpsc::Receiver<Message>,
    shutdown: &mut Option<oneshot::Sender<Store>>,
    counters: &Counters,
) {
    {
        let mut batch = Vec::new();
        let mut next = Some(first);
        while let Some(message) = next {
            match message {
                Message::Write(pending) => batch.push(pending),
                Message::Shutdown(reply) if shutdown.is_none() => *shutdown = Some(reply),
                Message::Shutdown(_) => {} // A second request: its caller hears "stopped".
            }
            next = (batch.len() < MAX_BATCH)
                .then(|| receiver.try_recv().ok())
                .flatten();
        }
        if !batch.is_empty() {
            commit_batch(store, batch, counters);
        }
        if shutdown.is_some() {
            // Later sends fail; what is already queued is still received, then `None`.
            receiver.close();
        }
    }
}

/// Commits `batch` in one transaction and answers each caller. When it fails, retries each
/// write alone, so that one bad write never fails the others queued with it. Nothing is
/// acknowledged once the file at the store's path is no longer the one written to (it was
/// deleted or replaced): those writes, and every later one, fail with
/// [`StoreError::Gone`], and the listener answers 503.
fn commit_batch(store: &mut Store, batch: Vec<Pending>, counters: &Counters) {
    if let Some(what) = store.gone() {
        return answer_gone(batch, &store.path, what);
    }
    let ops: Vec<&Op> = batch.iter().map(|p| &p.op).collect();
    match store.apply(&ops) {
        Ok(written) => {
            // Checked after the commit, before any answer: a file replaced meanwhile
            // holds none of these rows.
            if let Some(what) = store.gone() {
                return answer_gone(batch, &store.path, what);
            }
            counters.transactions.fetch_add(1, Ordering::Relaxed);
            counters
                .writes
                .fetch_add(batch.len() as u64, Ordering::Relaxed);
            for (Pending { op, reply }, inserted) in batch.into_iter().zip(written) {
                // Let go of the request before answering (see `insert_shared`).
                drop(op);
                // A caller that gave up waiting is no error: its write is committed.
                let _ = reply.send(Ok(inserted));
            }
        }
        Err(error) if batch.len() == 1 => {
            let pending = batch.into_iter().next().expect("one write");
            let _ = pending.reply.send(Err(error));
        }
        Err(_) => {
            for pending in batch {
                commit_batch(store, vec![pending], counters);
            }
        }
    }
}

/// Fails every write of `batch`: the store's file is gone (`what` says how).
fn answer_gone(batch: Vec<Pending>, path: &Path, what: &'static str) {
    for Pending { op, reply } in batch {
        drop(op);
        let _ = reply.send(Err(StoreError::Gone {
            path: path.to_path_buf(),
            what,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{request, temp_store};
    use std::collections::HashSet;
    use tempfile::TempDir;

    #[test]
    fn a_failing_write_does_not_fail_its_batch() {
        let (_dir, _path, mut store) = temp_store();
        let counters = Counters::default();
        let mut answers = Vec::new();
        let mut batch = Vec::new();
        for op in [
            Op::Insert(Arc::new(request(1)), encode(&request(1)).unwrap()),
            Op::Details {
                seq: 99,
                json: "{}".into(),
            },
            Op::Insert(Arc::new(request(2)), encode(&request(2)).unwrap()),
        ] {
            let (reply, answer) = oneshot::channel();
            batch.push(Pending { op, reply });
            answers.push(answer);
        }
        commit_batch(&mut store, batch, &counters);
        let results: Vec<_> = answers
            .into_iter()
            .map(|mut a| a.try_recv().unwrap())
            .collect();
        assert_eq!(results[0].as_ref().unwrap().seq, 1);
        assert!(matches!(
            results[1],
            Err(StoreError::NoSuchRequest { seq: 99, .. })
        ));
        assert_eq!(results[2].as_ref().unwrap().seq, 2);
        assert_eq!(store.count().unwrap(), 2);
    }

    /// The writer's commits reach the database file through the checkpointing thread: the
    /// writer alone would leave them in the log until 64 MiB of it had gathered.
    #[tokio::test(flavor = "current_thread")]
    async fn a_thread_checkpoints_the_writers_commits() {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("events.db");
        let writer = StoreWriter::spawn(Store::open(&path).unwrap());
        let file_size = || std::fs::metadata(&path).unwrap().len();
        let empty = file_size();
        // Queued together, so that they commit in a few transactions: a few dozen log
        // pages, far from any automatic checkpoint of the writer's own.
        let inserts: Vec<_> = (0..200)
            .map(|n| {
                let mut row = request(n);
                row.body = vec![b'x'; 2000];
                let writer = writer.clone();
                tokio::spawn(async move { writer.insert(row).await })
            })
            .collect();
        for insert in inserts {
            insert.await.unwrap().unwrap();
        }
        assert!(writer.stats().transactions < 10, "{:?}", writer.stats());
        let mut waited = Duration::ZERO;
        while file_size() < empty + 100 * 1024 && waited < Duration::from_secs(10) {
            tokio::time::sleep(Duration::from_millis(20)).await;
            waited += Duration::from_millis(20);
        }
        assert!(
            file_size() >= empty + 100 * 1024,
            "the database file stayed at {} bytes: nothing was checkpointed",
            file_size()
        );
        let store = writer.shutdown().await.unwrap();
        assert_eq!(store.count().unwrap(), 200);
        drop(store);
        assert!(
            !path.with_extension("db-wal").exists(),
            "the last close folds the log in"
        );
    }

    /// `total` inserts, each its own task, all at once; checks no sequence number repeats.
    async fn insert_concurrently(writer: &StoreWriter, total: usize) {
        let tasks: Vec<_> = (0..total)
            .map(|n| {
                let writer = writer.clone();
                tokio::spawn(async move { writer.insert(request(n)).await })
            })
            .collect();
        let mut seen = HashSet::new();
        for task in tasks {
            let seq = task.await.unwrap().unwrap();
            assert!(seen.insert(seq), "sequence number {seq} given twice");
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_inserts_are_batched_and_all_committed() {
        const TOTAL: usize = 2_000;
        let (_dir, path, store) = temp_store();
        let writer = StoreWriter::spawn(store);
        insert_concurrently(&writer, TOTAL).await;
        let stats = writer.stats();
        assert_eq!(stats.writes, TOTAL as u64);
        assert!(
            stats.transactions < stats.writes,
            "no batching happened: {stats:?}"
        );
        let store = writer.shutdown().await.unwrap();
        assert_eq!(store.count().unwrap(), TOTAL as u64);
        drop(store);
        assert_eq!(Store::open(&path).unwrap().count().unwrap(), TOTAL as u64);
    }

    /// The listener's writer: a task on its current-thread runtime.
    #[tokio::test(flavor = "current_thread")]
    async fn a_writer_task_batches_between_the_handlers() {
        const TOTAL: usize = 500;
        let (_dir, path, store) = temp_store();
        let writer = StoreWriter::spawn(store);
        insert_concurrently(&writer, TOTAL).await;
        let stats = writer.stats();
        assert_eq!(stats.writes, TOTAL as u64);
        assert!(
            stats.transactions * 10 <= stats.writes,
            "handlers queued while the writer waited its turn, so batches are large: {stats:?}"
        );
        let seq = writer.insert(request(TOTAL)).await.unwrap();
        writer.set_details(seq, "{}".into()).await.unwrap();
        let store = writer.shutdown().await.unwrap();
        assert_eq!(store.count().unwrap(), TOTAL as u64 + 1);
        drop(store);
        assert_eq!(
            Store::open(&path).unwrap().count().unwrap(),
            TOTAL as u64 + 1
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_writer_updates_and_stops_cleanly() {
        let (_dir, _path, store) = temp_store();
        let writer = StoreWriter::spawn(store);
        let seq = writer.insert(request(1)).await.unwrap();
        writer.set_forward_status(seq, 204).await.unwrap();
        writer.set_details(seq, "{}".into()).await.unwrap();
        assert!(writer.set_details(seq + 1, "{}".into()).await.is_err());
        let clone = writer.clone();
        let store = writer.shutdown().await.unwrap();
        let got = store.get(&format!("#{seq}")).unwrap().unwrap();
        assert_eq!(
            (got.forward_status, got.details.as_deref()),
            (Some(204), Some("{}"))
        );
        let late = clone.insert(request(2)).await;
        assert!(
            matches!(late, Err(StoreError::WriterStopped { .. })),
            "{late:?}"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn acknowledged_rows_survive_a_writer_that_never_shut_down() {
        let (_dir, path, store) = temp_store();
        let writer = StoreWriter::spawn(store);
        let mut acknowledged = Vec::new();
        for n in 0..50 {
            acknowledged.push(writer.insert(request(n)).await.unwrap());
        }
        // No shutdown, no close: the connection stays open as in a process about to die.
        std::mem::forget(writer);
        let reopened = Store::open(&path).unwrap();
        for seq in acknowledged {
            assert!(
                reopened.get(&format!("#{seq}")).unwrap().is_some(),
                "#{seq} lost"
            );
        }
    }

    const CHILD_ENV: &str = "ROOMZ_HOOK_STORE_KILL_TEST";

    /// The child half of the SIGKILL test below, which runs it (`--ignored`) in a process
    /// of its own: the writer as the listener runs it, on a current-thread runtime.
    #[tokio::test(flavor = "current_thread")]
    #[ignore = "the child process of acknowledged_rows_survive_sigkill, which runs it"]
    async fn kill_test_child() {
        let path =
            std::env::var_os(CHILD_ENV).expect("started by acknowledged_rows_survive_sigkill");
        let writer = StoreWriter::spawn(Store::open(Path::new(&path)).unwrap());
        for n in 0.. {
            let seq = writer.insert(request(n)).await.unwrap();
            println!("acked {seq}");
        }
    }

    /// Kills a process that is writing (SIGKILL, on unix) and finds every row it had
    /// acknowledged: the guarantee `listen` gives.
    #[test]
    fn acknowledged_rows_survive_sigkill() {
        use std::io::{BufRead, BufReader};
        use std::process::{Command, Stdio};
        let (_dir, path, store) = temp_store();
        drop(store);
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "store::writer::tests::kill_test_child",
                "--nocapture",
            ])
            .arg("--ignored")
            .args(["--test-threads", "1"])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut acknowledged = Vec::new();
        for line in BufReader::new(child.stdout.take().unwrap()).lines() {
            if let Some(seq) = line.unwrap().strip_prefix("acked ") {
                acknowledged.push(seq.parse::<i64>().unwrap());
            }
            if acknowledged.len() == 300 {
                child.kill().unwrap();
                break;
            }
        }
        child.wait().unwrap();
        assert_eq!(acknowledged.len(), 300, "the child stopped early");
        let store = Store::open(&path).unwrap();
        for seq in acknowledged {
            assert!(
                store.get(&format!("#{seq}")).unwrap().is_some(),
                "#{seq} lost"
            );
        }
    }
}
