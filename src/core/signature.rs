//! ROOMZ webhook signatures: HMAC over the exact raw body bytes, keyed with the secret's
//! UTF-8 bytes (SHA-512 and standard base64 by default), recognising a signature's scheme
//! from its shape, constant-time verification, and the diagnosis of a mismatch.
//! No I/O beyond reading a body stream.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Sha256, Sha512};
use std::fmt;
use std::io::Read;
use std::str::FromStr;

/// The header ROOMZ's current documents name.
pub const HEADER: &str = "Roomz-Signature";
/// The header ROOMZ's older draft names; receivers accept both.
pub const LEGACY_HEADER: &str = "X-Roomz-Signature";
/// Every header a signature may arrive in, in the order they are looked for.
pub const HEADERS: [&str; 2] = [HEADER, LEGACY_HEADER];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    Sha512,
    Sha256,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Base64,
    Hex,
}

/// An algorithm and an encoding: what a signature string is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scheme {
    pub algorithm: Algorithm,
    pub encoding: Encoding,
}

impl Scheme {
    /// What ROOMZ sends: HMAC-SHA512, standard base64 with padding.
    pub const ROOMZ: Scheme = Scheme {
        algorithm: Algorithm::Sha512,
        encoding: Encoding::Base64,
    };

    pub fn new(algorithm: Algorithm, encoding: Encoding) -> Self {
        Scheme {
            algorithm,
            encoding,
        }
    }

    pub fn encode(self, mac: &[u8]) -> String {
        match self.encoding {
            Encoding::Base64 => STANDARD.encode(mac),
            Encoding::Hex => hex::encode(mac),
        }
    }
}

impl Algorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha512 => "sha512",
            Algorithm::Sha256 => "sha256",
        }
    }

    /// Length of the raw MAC in bytes.
    pub fn mac_len(self) -> usize {
        match self {
            Algorithm::Sha512 => 64,
            Algorithm::Sha256 => 32,
        }
    }

    fn display_name(self) -> &'static str {
        match self {
            Algorithm::Sha512 => "HMAC-SHA512",
            Algorithm::Sha256 => "HMAC-SHA256",
        }
    }
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Base64 => "base64",
            Encoding::Hex => "hex",
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.algorithm.display_name(), self.encoding)
    }
}

impl FromStr for Algorithm {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "sha512" | "sha-512" => Ok(Algorithm::Sha512),
            "sha256" | "sha-256" => Ok(Algorithm::Sha256),
            other => Err(format!("unknown algorithm '{other}': use sha512 or sha256")),
        }
    }
}

impl FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "base64" => Ok(Encoding::Base64),
            "hex" => Ok(Encoding::Hex),
            other => Err(format!("unknown encoding '{other}': use base64 or hex")),
        }
    }
}

/// A secret turned into ready-to-use HMAC states (RustCrypto's `hmac` + `sha2`), so that
/// signing many bodies with one secret does not hash the key again each time: each MAC
/// starts from a clone of the keyed state.
#[derive(Clone)]
pub struct Key {
    sha512: Hmac<Sha512>,
    sha256: Hmac<Sha256>,
}

/// One HMAC in progress, under either algorithm.
enum Context {
    Sha512(Hmac<Sha512>),
    Sha256(Hmac<Sha256>),
}

impl Context {
    fn update(&mut self, bytes: &[u8]) {
        match self {
            Context::Sha512(mac) => mac.update(bytes),
            Context::Sha256(mac) => mac.update(bytes),
        }
    }

    fn finish(self) -> Vec<u8> {
        match self {
            Context::Sha512(mac) => mac.finalize().into_bytes().to_vec(),
            Context::Sha256(mac) => mac.finalize().into_bytes().to_vec(),
        }
    }
}

impl Key {
    pub fn new(secret: &[u8]) -> Self {
        Key {
            sha512: Hmac::new_from_slice(secret).expect("HMAC takes a key of any length"),
            sha256: Hmac::new_from_slice(secret).expect("HMAC takes a key of any length"),
        }
    }

    fn context(&self, algorithm: Algorithm) -> Context {
        match algorithm {
            Algorithm::Sha512 => Context::Sha512(self.sha512.clone()),
            Algorithm::Sha256 => Context::Sha256(self.sha256.clone()),
        }
    }

    /// The raw MAC of `body`.
    pub fn mac(&self, algorithm: Algorithm, body: &[u8]) -> Vec<u8> {
        let mut context = self.context(algorithm);
        context.update(body);
        context.finish()
    }

    /// The raw MAC of everything `reader` yields, read in chunks so that a big file is
    /// never held in memory whole.
    pub fn mac_reader(
        &self,
        algorithm: Algorithm,
        mut reader: impl Read,
    ) -> std::io::Result<Vec<u8>> {
        let mut context = self.context(algorithm);
        let mut buffer = vec![0u8; READ_CHUNK];
        loop {
            match reader.read(&mut buffer) {
                Ok(0) => return Ok(context.finish()),
                Ok(n) => context.update(&buffer[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// The signature string of `body` under `scheme`.
    pub fn sign(&self, scheme: Scheme, body: &[u8]) -> String {
        scheme.encode(&self.mac(scheme.algorithm, body))
    }

    /// Whether `signature` is the MAC of `body`, compared in constant time.
    pub fn matches(&self, signature: &ParsedSignature, body: &[u8]) -> bool {
        self.matches_mac(signature.scheme.algorithm, body, &signature.mac)
    }

    /// Whether `mac` is the `algorithm` MAC of `body`, compared in constant time
    /// (`Mac::verify_slice`).
    pub fn matches_mac(&self, algorithm: Algorithm, body: &[u8], mac: &[u8]) -> bool {
        match self.context(algorithm) {
            Context::Sha512(mut state) => {
                state.update(body);
                state.verify_slice(mac).is_ok()
            }
            Context::Sha256(mut state) => {
                state.update(body);
                state.verify_slice(mac).is_ok()
            }
        }
    }

    /// Checks a signature header value against `body`: valid only when the value is of the
    /// `expected` scheme and its MAC matches.
    pub fn verify(&self, expected: Scheme, body: &[u8], value: &str) -> Verification {
        match parse_signature(value) {
            Err(error) => Verification::Malformed(error),
            Ok(signature) => {
                if signature.scheme == expected && self.matches(&signature, body) {
                    Verification::Valid(signature)
                } else {
                    Verification::Mismatch(signature)
                }
            }
        }
    }
}

/// How much of a body stream [`Key::mac_reader`] reads at a time.
const READ_CHUNK: usize = 64 * 1024;

/// Signs `body` with `secret` under `scheme`: the one-shot form of [`Key::sign`].
pub fn sign(secret: &[u8], scheme: Scheme, body: &[u8]) -> String {
    Key::new(secret).sign(scheme, body)
}

/// The outcome of checking one signature value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Valid(ParsedSignature),
    /// Well-formed, but not the expected scheme or not the body's MAC.
    Mismatch(ParsedSignature),
    /// Not a signature at all: not base64 or hex of a SHA-256/SHA-512 MAC.
    Malformed(SignatureFormatError),
}

impl Verification {
    pub fn is_valid(&self) -> bool {
        matches!(self, Verification::Valid(_))
    }

    /// The scheme the signature was recognised as, when it was recognised.
    pub fn scheme(&self) -> Option<Scheme> {
        match self {
            Verification::Valid(s) | Verification::Mismatch(s) => Some(s.scheme),
            Verification::Malformed(_) => None,
        }
    }
}

/// A signature decoded from its text form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSignature {
    pub scheme: Scheme,
    pub mac: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureFormatError {
    #[error("the signature is empty")]
    Empty,
    #[error(
        "the signature is neither base64 nor hex ({length} characters): it cannot be an HMAC-SHA512 or HMAC-SHA256 signature"
    )]
    NotBase64OrHex { length: usize },
    #[error(
        "the signature decodes to {actual} bytes, but an HMAC-SHA512 signature has 64 and an HMAC-SHA256 one 32"
    )]
    WrongLength { actual: usize },
    #[error("the signature is prefixed '{prefix}=' but has the length of {actual}")]
    PrefixMismatch {
        prefix: &'static str,
        actual: Algorithm,
    },
}

/// Recognises a signature's scheme from its shape: an optional `sha512=`/`sha256=` prefix,
/// then hex (128 or 64 digits) or standard base64 (of 64 or 32 bytes; padding optional).
pub fn parse_signature(value: &str) -> Result<ParsedSignature, SignatureFormatError> {
    let value = value.trim();
    let (prefix, body) = match value.split_once('=') {
        Some((p, rest)) if p.eq_ignore_ascii_case("sha512") => (Some(Algorithm::Sha512), rest),
        Some((p, rest)) if p.eq_ignore_ascii_case("sha256") => (Some(Algorithm::Sha256), rest),
        _ => (None, value),
    };
    if body.is_empty() {
        return Err(SignatureFormatError::Empty);
    }
    let (encoding, mac) = decode_mac(body)?;
    let algorithm = match mac.len() {
        64 => Algorithm::Sha512,
        32 => Algorithm::Sha256,
        actual => return Err(SignatureFormatError::WrongLength { actual }),
    };
    if let Some(declared) = prefix {
        if declared != algorithm {
            return Err(SignatureFormatError::PrefixMismatch {
                prefix: declared.as_str(),
                actual: algorithm,
            });
        }
    }
    Ok(ParsedSignature {
        scheme: Scheme::new(algorithm, encoding),
        mac,
    })
}

fn decode_mac(text: &str) -> Result<(Encoding, Vec<u8>), SignatureFormatError> {
    let is_hex = text.len().is_multiple_of(2) && text.bytes().all(|b| b.is_ascii_hexdigit());
    // 128 or 64 hex digits are hex; any other all-hex string is tried as base64 below.
    if is_hex && (text.len() == 128 || text.len() == 64) {
        let mac = hex::decode(text).expect("checked hex digits");
        return Ok((Encoding::Hex, mac));
    }
    let unpadded = text.trim_end_matches('=');
    match STANDARD_NO_PAD.decode(unpadded) {
        Ok(mac) => Ok((Encoding::Base64, mac)),
        Err(_) => Err(SignatureFormatError::NotBase64OrHex { length: text.len() }),
    }
}

/// One usual mistake that explains a signature mismatch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mistake {
    /// The signature was computed under another algorithm or encoding.
    OtherScheme { found: Scheme, expected: Scheme },
    /// The body carries a final newline that was not there when it was signed.
    TrailingNewlineAdded,
    /// The signed body had a final newline that this body lacks.
    TrailingNewlineRemoved,
    /// The body has CRLF line ends; the signed one had LF.
    CrlfInsteadOfLf,
    /// The body has LF line ends; the signed one had CRLF.
    LfInsteadOfCrlf,
    /// The JSON was re-serialised: the signature matches another layout of the same JSON.
    JsonReserialised { signed_layout: JsonLayout },
    /// The secret in use has whitespace around it that the signer's did not have.
    SecretWhitespaceTrimmed,
    /// The signer's secret had whitespace (such as a final newline) that ours lacks.
    SecretWhitespaceAdded,
    /// The signer used the base64-decoded bytes after `whsec_` (Svix's convention).
    SecretBase64Decoded,
    /// The signature is the one of another capture in the same set.
    OtherCapture { source: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonLayout {
    Compact,
    Pretty,
}

impl fmt::Display for Mistake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mistake::OtherScheme { found, expected } => write!(
                f,
                "the signature is {found}, not {expected} (pass --algorithm {} --encoding {} if that is intended)",
                found.algorithm, found.encoding
            ),
            Mistake::TrailingNewlineAdded => f.write_str(
                "a trailing newline was added to the body after it was signed",
            ),
            Mistake::TrailingNewlineRemoved => f.write_str(
                "the signed body ended with a newline that was removed",
            ),
            Mistake::CrlfInsteadOfLf => {
                f.write_str("the body has CRLF line ends but was signed with LF")
            }
            Mistake::LfInsteadOfCrlf => {
                f.write_str("the body has LF line ends but was signed with CRLF")
            }
            Mistake::JsonReserialised { signed_layout } => write!(
                f,
                "the JSON was re-serialised: the signature matches its {} form, so verify the raw bytes as received",
                match signed_layout {
                    JsonLayout::Compact => "compact",
                    JsonLayout::Pretty => "pretty-printed",
                }
            ),
            Mistake::SecretWhitespaceTrimmed => f.write_str(
                "the secret in use has surrounding whitespace; the body was signed with it trimmed",
            ),
            Mistake::SecretWhitespaceAdded => f.write_str(
                "the body was signed with the secret plus surrounding whitespace (a newline from a file or an env var?)",
            ),
            Mistake::SecretBase64Decoded => f.write_str(
                "the body was signed with the base64-decoded bytes after 'whsec_' (Svix's convention); ROOMZ keys with the secret's UTF-8 bytes as written",
            ),
            Mistake::OtherCapture { source } => {
                write!(f, "the signature belongs to another capture: {source}")
            }
        }
    }
}

/// Why a signature did not verify: the usual mistakes that explain it, or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    pub mistakes: Vec<Mistake>,
}

impl Diagnosis {
    pub const UNEXPLAINED: &'static str = "wrong secret or body changed in transit";
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mistakes.is_empty() {
            return f.write_str(Self::UNEXPLAINED);
        }
        for (i, mistake) in self.mistakes.iter().enumerate() {
            if i > 0 {
                f.write_str("; and ")?;
            }
            write!(f, "{mistake}")?;
        }
        Ok(())
    }
}

/// Another capture in the set a signature may have been copied from.
pub struct Sibling<'a> {
    pub source: &'a str,
    pub body: &'a [u8],
    /// The MAC its own signature header carried, if any.
    pub received: Option<&'a ParsedSignature>,
}

/// Explains a mismatch by trying the usual mistakes, one change of body and one change
/// of secret at a time (and both together), under the signature's own algorithm.
pub fn diagnose(
    secret: &[u8],
    expected: Scheme,
    body: &[u8],
    signature: &ParsedSignature,
    siblings: &[Sibling<'_>],
) -> Diagnosis {
    let mut mistakes = Vec::new();
    if signature.scheme != expected {
        mistakes.push(Mistake::OtherScheme {
            found: signature.scheme,
            expected,
        });
    }
    let algorithm = signature.scheme.algorithm;
    let matches = |key: &Key, candidate: &[u8]| -> bool {
        key.matches_mac(algorithm, candidate, &signature.mac)
    };

    let keys = secret_variants(secret);
    let bodies = body_variants(body);
    // The plain body under a secret variant, then a body variant under each secret.
    let found = std::iter::once((None, body))
        .chain(bodies.iter().map(|(m, b)| (Some(m.clone()), &b[..])))
        .flat_map(|(body_mistake, candidate)| {
            keys.iter().map(move |(secret_mistake, key)| {
                (body_mistake.clone(), secret_mistake, key, candidate)
            })
        })
        .find(|(body_mistake, secret_mistake, key, candidate)| {
            (body_mistake.is_some() || secret_mistake.is_some()) && matches(key, candidate)
        });
    if let Some((body_mistake, secret_mistake, _, _)) = found {
        mistakes.extend(body_mistake);
        mistakes.extend(secret_mistake.clone());
        return Diagnosis { mistakes };
    }
    if !mistakes.is_empty() && matches(&keys[0].1, body) {
        // Only the scheme was off.
        return Diagnosis { mistakes };
    }

    let key = &keys[0].1;
    for sibling in siblings {
        let copied = sibling.received.is_some_and(|r| {
            bool::from(subtle::ConstantTimeEq::ct_eq(
                &r.mac[..],
                &signature.mac[..],
            ))
        });
        if copied || (sibling.body != body && matches(key, sibling.body)) {
            mistakes.push(Mistake::OtherCapture {
                source: sibling.source.to_string(),
            });
            return Diagnosis { mistakes };
        }
    }
    // Keep a scheme remark only when it alone does not explain the mismatch: then the
    // hint is that and "wrong secret or body changed", which Display shows as the scheme.
    mistakes.retain(|m| !matches!(m, Mistake::OtherScheme { .. }));
    Diagnosis { mistakes }
}

/// The secret as given (no mistake), then the usual ways it differs from the signer's.
fn secret_variants(secret: &[u8]) -> Vec<(Option<Mistake>, Key)> {
    let mut variants = vec![(None, Key::new(secret))];
    let trimmed = secret.trim_ascii();
    if trimmed.len() != secret.len() {
        variants.push((Some(Mistake::SecretWhitespaceTrimmed), Key::new(trimmed)));
    } else {
        for suffix in [&b"\n"[..], b"\r\n", b" "] {
            let padded = [secret, suffix].concat();
            variants.push((Some(Mistake::SecretWhitespaceAdded), Key::new(&padded)));
        }
    }
    if let Some(encoded) = secret.strip_prefix(b"whsec_") {
        if let Ok(decoded) = STANDARD.decode(encoded) {
            variants.push((Some(Mistake::SecretBase64Decoded), Key::new(&decoded)));
        }
    }
    variants
}

/// Bodies larger than this are not re-serialised as JSON while diagnosing.
const JSON_VARIANT_LIMIT: usize = 4 * 1024 * 1024;

/// The body as it may have been before a usual mistake changed it.
fn body_variants(body: &[u8]) -> Vec<(Mistake, Vec<u8>)> {
    let mut variants = Vec::new();
    if let Some(stripped) = body
        .strip_suffix(b"\r\n")
        .or_else(|| body.strip_suffix(b"\n"))
    {
        variants.push((Mistake::TrailingNewlineAdded, stripped.to_vec()));
    } else {
        variants.push((Mistake::TrailingNewlineRemoved, [body, b"\n"].concat()));
    }
    if body.windows(2).any(|w| w == b"\r\n") {
        variants.push((Mistake::CrlfInsteadOfLf, replace(body, b"\r\n", b"\n")));
    } else if body.contains(&b'\n') {
        variants.push((Mistake::LfInsteadOfCrlf, replace(body, b"\n", b"\r\n")));
    }
    if body.len() <= JSON_VARIANT_LIMIT {
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
            for (layout, text) in json_layouts(&value) {
                if text != body {
                    variants.push((
                        Mistake::JsonReserialised {
                            signed_layout: layout,
                        },
                        text,
                    ));
                }
            }
        }
    }
    variants
}

fn json_layouts(value: &serde_json::Value) -> Vec<(JsonLayout, Vec<u8>)> {
    let mut layouts = vec![(
        JsonLayout::Compact,
        serde_json::to_vec(value).expect("a Value serialises"),
    )];
    for indent in [&b"  "[..], b"    ", b"\t"] {
        let mut out = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(indent);
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
        serde::Serialize::serialize(value, &mut serializer).expect("a Value serialises");
        layouts.push((JsonLayout::Pretty, out));
    }
    layouts
}

fn replace(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len() + haystack.len() / 16);
    let mut rest = haystack;
    while let Some(at) = rest.windows(from.len()).position(|w| w == from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"whsec_example_secret";
    const BODY: &[u8] =
        br#"{"id":"e6ae112e-2af3-4d72-894b-03435d7afde4","type":"workspace.presence.changed"}"#;

    fn sig(scheme: Scheme, body: &[u8]) -> ParsedSignature {
        parse_signature(&sign(SECRET, scheme, body)).unwrap()
    }

    fn diagnose_plain(signature: &ParsedSignature, body: &[u8]) -> Diagnosis {
        diagnose(SECRET, Scheme::ROOMZ, body, signature, &[])
    }

    #[test]
    fn recognises_every_scheme_by_shape() {
        for algorithm in [Algorithm::Sha512, Algorithm::Sha256] {
            for encoding in [Encoding::Base64, Encoding::Hex] {
                let scheme = Scheme::new(algorithm, encoding);
                let text = sign(SECRET, scheme, BODY);
                assert_eq!(parse_signature(&text).unwrap().scheme, scheme, "{text}");
                let prefixed = format!("{algorithm}={text}");
                assert_eq!(parse_signature(&prefixed).unwrap().scheme, scheme);
            }
        }
    }

    #[test]
    fn unpadded_base64_is_accepted() {
        let text = sign(SECRET, Scheme::ROOMZ, BODY);
        let parsed = parse_signature(text.trim_end_matches('=')).unwrap();
        assert_eq!(parsed.scheme, Scheme::ROOMZ);
    }

    #[test]
    fn malformed_signatures_say_why() {
        assert_eq!(parse_signature("  "), Err(SignatureFormatError::Empty));
        assert!(matches!(
            parse_signature("not a signature!"),
            Err(SignatureFormatError::NotBase64OrHex { .. })
        ));
        assert_eq!(
            parse_signature("abcd"),
            Err(SignatureFormatError::WrongLength { actual: 3 })
        );
        let sha256 = sign(SECRET, Scheme::new(Algorithm::Sha256, Encoding::Hex), BODY);
        assert!(matches!(
            parse_signature(&format!("sha512={sha256}")),
            Err(SignatureFormatError::PrefixMismatch { .. })
        ));
    }

    #[test]
    fn verify_accepts_only_the_expected_scheme() {
        let key = Key::new(SECRET);
        let good = sign(SECRET, Scheme::ROOMZ, BODY);
        assert!(key.verify(Scheme::ROOMZ, BODY, &good).is_valid());
        let hex = sign(SECRET, Scheme::new(Algorithm::Sha512, Encoding::Hex), BODY);
        assert!(matches!(
            key.verify(Scheme::ROOMZ, BODY, &hex),
            Verification::Mismatch(_)
        ));
        let mut tampered = BODY.to_vec();
        tampered[10] ^= 1;
        assert!(!key.verify(Scheme::ROOMZ, &tampered, &good).is_valid());
    }

    #[test]
    fn streaming_and_one_shot_agree() {
        let body: Vec<u8> = (0..700_000u32).map(|i| (i % 251) as u8).collect();
        let key = Key::new(SECRET);
        for algorithm in [Algorithm::Sha512, Algorithm::Sha256] {
            assert_eq!(
                key.mac_reader(algorithm, &body[..]).unwrap(),
                key.mac(algorithm, &body)
            );
        }
    }

    /// A stream longer than one read chunk, and one that is not readable, give the MAC of
    /// their bytes or the reader's error.
    #[test]
    fn streams_of_any_length_give_the_mac_of_their_bytes() {
        let key = Key::new(SECRET);
        for len in [0, 300, READ_CHUNK - 1, READ_CHUNK, 3 * READ_CHUNK + 129] {
            let body: Vec<u8> = (0..len).map(|i| (i * 31 % 253) as u8).collect();
            for algorithm in [Algorithm::Sha512, Algorithm::Sha256] {
                assert_eq!(
                    key.mac_reader(algorithm, &body[..]).unwrap(),
                    key.mac(algorithm, &body),
                    "{len} bytes, {algorithm:?}"
                );
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let directory = std::fs::File::open(dir.path()).unwrap();
        let error = key.mac_reader(Algorithm::Sha512, directory).unwrap_err();
        assert_eq!(error.raw_os_error(), Some(21), "EISDIR: {error}");
    }

    #[test]
    fn diagnoses_trailing_newline_both_ways() {
        let with_newline = [BODY, b"\n"].concat();
        let d = diagnose_plain(&sig(Scheme::ROOMZ, BODY), &with_newline);
        assert_eq!(d.mistakes, vec![Mistake::TrailingNewlineAdded]);
        let d = diagnose_plain(&sig(Scheme::ROOMZ, &with_newline), BODY);
        assert_eq!(d.mistakes, vec![Mistake::TrailingNewlineRemoved]);
    }

    #[test]
    fn diagnoses_line_ends() {
        let lf = b"{\n  \"a\": 1\n}".to_vec();
        let crlf = replace(&lf, b"\n", b"\r\n");
        let d = diagnose_plain(&sig(Scheme::ROOMZ, &lf), &crlf);
        assert_eq!(d.mistakes, vec![Mistake::CrlfInsteadOfLf]);
        let d = diagnose_plain(&sig(Scheme::ROOMZ, &crlf), &lf);
        assert_eq!(d.mistakes, vec![Mistake::LfInsteadOfCrlf]);
    }

    #[test]
    fn diagnoses_reserialised_json() {
        let value: serde_json::Value = serde_json::from_slice(BODY).unwrap();
        let pretty = serde_json::to_vec_pretty(&value).unwrap();
        let d = diagnose_plain(&sig(Scheme::ROOMZ, BODY), &pretty);
        assert_eq!(
            d.mistakes,
            vec![Mistake::JsonReserialised {
                signed_layout: JsonLayout::Compact
            }]
        );
        let d = diagnose_plain(&sig(Scheme::ROOMZ, &pretty), BODY);
        assert_eq!(
            d.mistakes,
            vec![Mistake::JsonReserialised {
                signed_layout: JsonLayout::Pretty
            }]
        );
    }

    #[test]
    fn diagnoses_secret_whitespace() {
        let padded = b"whsec_example_secret\n";
        let signature = sig(Scheme::ROOMZ, BODY);
        let d = diagnose(padded, Scheme::ROOMZ, BODY, &signature, &[]);
        assert_eq!(d.mistakes, vec![Mistake::SecretWhitespaceTrimmed]);
        let signed_with_padding = parse_signature(&sign(padded, Scheme::ROOMZ, BODY)).unwrap();
        let d = diagnose_plain(&signed_with_padding, BODY);
        assert_eq!(d.mistakes, vec![Mistake::SecretWhitespaceAdded]);
    }

    #[test]
    fn diagnoses_other_scheme() {
        for scheme in [
            Scheme::new(Algorithm::Sha256, Encoding::Base64),
            Scheme::new(Algorithm::Sha512, Encoding::Hex),
        ] {
            let d = diagnose_plain(&sig(scheme, BODY), BODY);
            assert_eq!(
                d.mistakes,
                vec![Mistake::OtherScheme {
                    found: scheme,
                    expected: Scheme::ROOMZ
                }]
            );
            assert!(d.to_string().contains("--algorithm"), "{d}");
        }
    }

    #[test]
    fn diagnoses_signature_of_another_capture() {
        let other = br#"{"id":"other"}"#;
        let signature = sig(Scheme::ROOMZ, other);
        let siblings = [Sibling {
            source: "b.http",
            body: other,
            received: None,
        }];
        let d = diagnose(SECRET, Scheme::ROOMZ, BODY, &signature, &siblings);
        assert_eq!(
            d.mistakes,
            vec![Mistake::OtherCapture {
                source: "b.http".into()
            }]
        );
    }

    #[test]
    fn unexplained_mismatch_says_so_plainly() {
        let signature = parse_signature(&sign(b"another secret", Scheme::ROOMZ, BODY)).unwrap();
        let d = diagnose_plain(&signature, BODY);
        assert!(d.mistakes.is_empty());
        assert_eq!(d.to_string(), "wrong secret or body changed in transit");
    }
}
