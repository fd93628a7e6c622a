//! Every case in the reference vectors (`../shared/vectors`, computed by an independent
//! implementation) must come out of `roomz-hook sign` byte for byte, under each scheme,
//! and verify.

mod common;

use base64::Engine;
use common::{vector, Sandbox};
use serde_json::Value;

fn cases() -> Vec<Value> {
    // `vector` panics when ../shared/vectors is missing: no skipping, no copy instead.
    let path = vector("signatures.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let cases = doc["cases"].as_array().unwrap().clone();
    assert!(
        cases.len() >= 6,
        "{} lost cases: {} left, at least 6 expected",
        path.display(),
        cases.len()
    );
    cases
}

fn body_of(case: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(case["body_base64"].as_str().unwrap())
        .unwrap()
}

#[test]
fn sign_matches_every_vector_under_every_scheme() {
    let sandbox = Sandbox::new();
    for case in cases() {
        let name = case["name"].as_str().unwrap();
        let body = sandbox.write(&format!("{name}.body"), body_of(&case));
        let secret = sandbox.write(&format!("{name}.secret"), case["secret"].as_str().unwrap());
        for (algorithm, encoding) in [
            ("sha512", "base64"),
            ("sha512", "hex"),
            ("sha256", "base64"),
            ("sha256", "hex"),
        ] {
            let expected = case[format!("hmac_{algorithm}_{encoding}")]
                .as_str()
                .unwrap();
            let output = sandbox
                .cmd()
                .arg("sign")
                .arg(&body)
                .arg("--secret-file")
                .arg(&secret)
                .args(["--algorithm", algorithm, "--encoding", encoding])
                .output()
                .unwrap();
            assert!(output.status.success(), "{name}: {output:?}");
            assert_eq!(
                output.stdout,
                format!("{expected}\n").into_bytes(),
                "{name} {algorithm} {encoding}"
            );
        }
    }
}

#[test]
fn library_signs_every_vector() {
    use roomz_hook::core::signature::{sign, Algorithm, Encoding, Scheme};
    for case in cases() {
        let body = body_of(&case);
        let secret = case["secret"].as_str().unwrap().as_bytes();
        let sha512 = sign(secret, Scheme::ROOMZ, &body);
        assert_eq!(sha512, case["hmac_sha512_base64"].as_str().unwrap());
        let sha256 = sign(secret, Scheme::new(Algorithm::Sha256, Encoding::Hex), &body);
        assert_eq!(sha256, case["hmac_sha256_hex"].as_str().unwrap());
    }
}

#[test]
fn every_vector_verifies_and_a_flipped_byte_does_not() {
    let sandbox = Sandbox::new();
    for case in cases() {
        let name = case["name"].as_str().unwrap();
        let mut body = body_of(&case);
        let secret = sandbox.write(&format!("{name}.secret"), case["secret"].as_str().unwrap());
        let signature = case["hmac_sha512_base64"].as_str().unwrap();
        let verify_file = |file: &str, bytes: &[u8], expected: i32| {
            let path = sandbox.write(file, bytes);
            sandbox
                .cmd()
                .arg("verify")
                .arg("--body")
                .arg(&path)
                .args(["--signature", signature])
                .arg("--secret-file")
                .arg(&secret)
                .assert()
                .code(expected);
        };
        verify_file(&format!("{name}.body"), &body, 0);
        body.push(b'x');
        verify_file(&format!("{name}.tampered"), &body, 1);
    }
}
