//! Event store write throughput through the batching writer, the way the listener uses
//! it: 64 concurrent requests, each waiting for its row to commit. Rows are ~1 KiB, like
//! a ROOMZ event with its headers.
//!
//! The write-path cost of the event id index and the duplicate look-up on it: the same
//! rows with an event id (`insert-64-concurrent`: the index is updated and looked up for
//! every row) and without one (`insert-64-concurrent-no-id`: the partial index and the
//! look-up skip it, as the writer was before the index). Same run, same machine: their
//! ratio is the cost.
//!
//! Measured on the 2-core machine (insert-64-concurrent, with id / without): writer
//! checkpoint bound 4096 pages 27.5k / 111k rows/s (0.25x), 16384 pages 32.0k / 120k
//! (0.27x, kept); an 8 MiB writer page cache 24.5k / 104k (no gain: the cost is writing
//! the index's leaf pages, not reading them; reverted); 1 KiB pages 19.0k / 66k (worse:
//! rows overflow; reverted). The index on a compact integer key (migration 5) instead of
//! the id's text, 2026-12-02: 46.0k / 124k rows/s (0.37x).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use roomz_hook::store::{NewRequest, Store, StoreWriter};
use std::time::{Duration, Instant};

const CONCURRENCY: usize = 64;

fn request(i: u64, with_id: bool) -> NewRequest {
    // Spread like the random (v4) UUIDs ROOMZ sends: each row lands on another index page.
    let h = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let id = format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        h >> 32,
        (h >> 16) & 0xffff,
        h & 0xfff,
        i & 0xfff,
        i
    );
    NewRequest {
        received_at: "2026-11-28T10:00:00.000Z".into(),
        method: "POST".into(),
        path: "/webhook".into(),
        headers: vec![
            ("host".into(), "127.0.0.1:8080".into()),
            ("content-type".into(), "application/json".into()),
            ("content-length".into(), "226".into()),
            ("roomz-signature".into(), "x".repeat(88)),
            ("x-roomz-signature".into(), "x".repeat(88)),
            ("user-agent".into(), "roomz-hook/0.1.0".into()),
        ],
        body: format!(r#"{{"id":"{id}","type":"workspace.presence.changed","timestamp":"2026-11-27T10:00:00.000Z","apiVersion":"1.0","data":{{"workspaceId":"3f2e1d0c-b9a8-4765-8432-10fedcba9876","presenceStatus":"Busy"}}}}"#).into_bytes(),
        signature: "valid".into(),
        event_id: with_id.then_some(id),
        event_type: Some("workspace.presence.changed".into()),
        duplicate: false,
        problems: vec![],
        warnings: vec![],
        hint: None,
        status: 200,
    }
}

/// 64 concurrent inserts, each waiting for its commit, on `runtime`.
fn bench_writer(
    c: &mut Criterion,
    name: &str,
    runtime: &tokio::runtime::Runtime,
    writer: StoreWriter,
    with_id: bool,
) {
    let mut group = c.benchmark_group("store");
    group.throughput(Throughput::Elements(CONCURRENCY as u64));
    group.measurement_time(Duration::from_secs(5));
    let mut next = 0u64;
    group.bench_function(name, |b| {
        b.iter_custom(|iterations| {
            let writer = writer.clone();
            let first = next;
            next += iterations * CONCURRENCY as u64;
            runtime.block_on(async move {
                let started = Instant::now();
                let mut tasks = tokio::task::JoinSet::new();
                for task in 0..CONCURRENCY as u64 {
                    let writer = writer.clone();
                    tasks.spawn(async move {
                        for i in 0..iterations {
                            let n = first + i * CONCURRENCY as u64 + task;
                            writer.insert(request(n, with_id)).await.unwrap();
                        }
                    });
                }
                while tasks.join_next().await.is_some() {}
                started.elapsed()
            })
        })
    });
    group.finish();
    let stats = writer.stats();
    eprintln!(
        "{name}: {} rows in {} transactions ({:.1} rows per transaction)",
        stats.writes,
        stats.transactions,
        stats.writes as f64 / stats.transactions.max(1) as f64
    );
}

/// The listener's writer as the listener runs it: a task on the handlers' current-thread
/// runtime; each variant on a fresh store.
fn writer_task(c: &mut Criterion) {
    for (name, with_id) in [
        ("insert-64-concurrent", true),
        ("insert-64-concurrent-no-id", false),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("events.db")).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let writer = runtime.block_on(async { StoreWriter::spawn(store) });
        bench_writer(c, name, &runtime, writer, with_id);
    }
}

criterion_group!(benches, writer_task);
criterion_main!(benches);
