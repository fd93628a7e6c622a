//! In-process signing and verification throughput at the sizes the foundation issue
//! names: 300 B (a typical event), 64 KiB and 16 MiB. The key is prepared once, as the
//! listener and `replay` do; Criterion reports bytes per second.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use roomz_hook::signature::{Key, Scheme};
use std::hint::black_box;

const SIZES: [(&str, usize); 3] = [
    ("300B", 300),
    ("64KiB", 64 * 1024),
    ("16MiB", 16 * 1024 * 1024),
];

fn body(len: usize) -> Vec<u8> {
    (0..len).map(|i| b'a' + (i % 26) as u8).collect()
}

fn sign_and_verify(c: &mut Criterion) {
    let key = Key::new(b"whsec_example_secret");
    for (name, len) in SIZES {
        let body = body(len);
        let signature = key.sign(Scheme::ROOMZ, &body);
        let mut group = c.benchmark_group("hmac-sha512-base64");
        group.throughput(Throughput::Bytes(len as u64));
        if len > 1024 * 1024 {
            group.sample_size(20);
        }
        group.bench_with_input(BenchmarkId::new("sign", name), &body, |b, body| {
            b.iter(|| key.sign(Scheme::ROOMZ, black_box(body)))
        });
        group.bench_with_input(BenchmarkId::new("verify", name), &body, |b, body| {
            b.iter(|| key.verify(Scheme::ROOMZ, black_box(body), black_box(&signature)))
        });
        group.finish();
    }
}

criterion_group!(benches, sign_and_verify);
criterion_main!(benches);
