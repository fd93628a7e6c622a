//! In-process signing and verification throughput at the sizes the foundation issue
//! names: 300 B (a typical event), 64 KiB and 16 MiB. The key is prepared once, as the
//! listener and `replay` do; Criterion reports bytes per second.
//!
//! The `hmac-sha512-raw` group times the bare pre-keyed MAC, ours (`roomz_hook::sha512`)
//! beside ring's, so that their ratio comes from one run on one machine.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ring::hmac;
use roomz_hook::sha512::HmacSha512;
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

fn raw_hmac(c: &mut Criterion) {
    let secret = b"whsec_example_secret";
    let ours = HmacSha512::new(secret);
    let ring_key = hmac::Key::new(hmac::HMAC_SHA512, secret);
    for (name, len) in SIZES {
        let body = body(len);
        assert_eq!(ours.mac(&body)[..], *hmac::sign(&ring_key, &body).as_ref());
        let mut group = c.benchmark_group("hmac-sha512-raw");
        group.throughput(Throughput::Bytes(len as u64));
        if len > 1024 * 1024 {
            group.sample_size(20);
        }
        group.bench_with_input(BenchmarkId::new("ours", name), &body, |b, body| {
            b.iter(|| ours.mac(black_box(body)))
        });
        group.bench_with_input(BenchmarkId::new("ring", name), &body, |b, body| {
            b.iter(|| hmac::sign(&ring_key, black_box(body)))
        });
        group.finish();
    }
}

criterion_group!(benches, sign_and_verify, raw_hmac);
criterion_main!(benches);
