//! In-process signing and verification throughput at 300 B (a typical event), 64 KiB and
//! 16 MiB. The key is prepared once, as the listener and `replay` do; Criterion reports
//! bytes per second.
//!
//! The `hmac-sha512-raw` group times the bare pre-keyed `Hmac<Sha512>` that `Key` wraps,
//! so that what `Key` adds (the base64 encoding, the clone of the keyed state) shows
//! beside it in one run.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hmac::{Hmac, Mac};
use roomz_hook::core::signature::{Algorithm, Key, Scheme};
use sha2::Sha512;
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

fn raw_hmac(c: &mut Criterion) {
    let secret = b"whsec_example_secret";
    let keyed = Hmac::<Sha512>::new_from_slice(secret).unwrap();
    let key = Key::new(secret);
    for (name, len) in SIZES {
        let body = body(len);
        let mut group = c.benchmark_group("hmac-sha512-raw");
        group.throughput(Throughput::Bytes(len as u64));
        if len > 1024 * 1024 {
            group.sample_size(20);
        }
        group.bench_with_input(BenchmarkId::new("hmac-crate", name), &body, |b, body| {
            b.iter(|| {
                let mut mac = keyed.clone();
                mac.update(black_box(body));
                mac.finalize().into_bytes()
            })
        });
        group.bench_with_input(BenchmarkId::new("key-mac", name), &body, |b, body| {
            b.iter(|| key.mac(Algorithm::Sha512, black_box(body)))
        });
        group.finish();
    }
}

criterion_group!(benches, sign_and_verify, raw_hmac);
criterion_main!(benches);
