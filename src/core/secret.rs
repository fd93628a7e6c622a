//! The webhook secret as a type that cannot leak by accident: `Debug` and `Display`
//! mask it, and the only way to the bytes is the explicit `expose`.

use crate::core::signature::Key;
use std::fmt;
use std::sync::{Arc, RwLock};

/// A webhook signing secret (or an API token: the same care applies).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// Reads a secret file's text: one final line ending is dropped, as `echo secret > file`
    /// adds it; any other whitespace is kept, because it is part of the key.
    pub fn from_file_text(text: &str) -> Self {
        let text = text
            .strip_suffix("\r\n")
            .or_else(|| text.strip_suffix('\n'))
            .unwrap_or(text);
        Secret(text.to_string())
    }

    /// A new random secret, `whsec_` and 32 random bytes in base64 (`listen` makes a
    /// development secret with it, `init --generate-secret` a real one).
    pub fn generate() -> Self {
        Secret(format!("whsec_{}", random_token(32)))
    }

    /// The secret itself. Call only to sign, to verify, or when the user asked to see it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `sha256:` and the first 8 hex digits of SHA-256 of the secret (CONTRACT section 2):
    /// enough to tell two secrets apart, useless to recover one.
    pub fn fingerprint(&self) -> String {
        let digest = <sha2::Sha256 as sha2::Digest>::digest(self.0.as_bytes());
        format!("sha256:{}", &hex::encode(digest)[..8])
    }

    /// A display form that shows nothing of the secret but a well-known prefix.
    pub fn masked(&self) -> String {
        match self.0.strip_prefix("whsec_") {
            Some(_) => "whsec_********".to_string(),
            None => "********".to_string(),
        }
    }
}

/// `bytes` bytes from the operating system's CSPRNG, base64 without padding: for
/// secrets and tokens, so not `fastrand`.
pub fn random_token(bytes: usize) -> String {
    use base64::Engine;
    let mut raw = vec![0u8; bytes];
    // getrandom(2) (or the platform's equivalent) does not fail once the system has
    // booted; if it ever did, no secret could be made safely anyway.
    getrandom::getrandom(&mut raw).expect("the operating system's random number generator failed");
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(raw)
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.fingerprint())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.masked(), self.fingerprint())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FINGERPRINT: &str = "029725e9";

    #[test]
    fn fingerprint_is_sha256_prefix() {
        // printf 'whsec_example_secret' | sha256sum
        let secret = Secret::new("whsec_example_secret");
        // Computed independently: printf %s whsec_example_secret | sha256sum
        assert_eq!(secret.fingerprint(), "sha256:".to_string() + FINGERPRINT);
        assert_eq!(secret.fingerprint().len(), "sha256:".len() + 8);
    }

    #[test]
    fn debug_and_display_never_show_the_secret() {
        let secret = Secret::new("whsec_example_secret");
        for shown in [format!("{secret:?}"), format!("{secret}"), secret.masked()] {
            assert!(!shown.contains("example_secret"), "{shown}");
        }
        assert_eq!(Secret::new("hunter2").masked(), "********");
    }

    #[test]
    fn generated_secrets_are_whsec_and_distinct() {
        let a = Secret::generate();
        let b = Secret::generate();
        assert!(a.expose().starts_with("whsec_"), "{a:?}");
        // 32 bytes in unpadded base64: 43 characters.
        assert_eq!(a.expose().len(), "whsec_".len() + 43);
        assert_ne!(a, b);
    }

    #[test]
    fn file_text_drops_one_line_ending_only() {
        assert_eq!(Secret::from_file_text("abc\n").expose(), "abc");
        assert_eq!(Secret::from_file_text("abc\r\n").expose(), "abc");
        assert_eq!(Secret::from_file_text(" abc \n\n").expose(), " abc \n");
        assert_eq!(Secret::from_file_text("abc").expose(), "abc");
        // Only one final LF or CRLF: a lone or second CR is part of the secret.
        assert_eq!(Secret::from_file_text("abc\r").expose(), "abc\r");
        assert_eq!(Secret::from_file_text("abc\r\r\n").expose(), "abc\r");
        assert_eq!(Secret::from_file_text("abc\n\r\n").expose(), "abc\n");
    }
}

/// A secret and its keyed HMAC state, ready to sign and verify.
pub struct Keyed {
    pub secret: Secret,
    pub key: Key,
}

/// The secret a running listener verifies with, shared with its page (which signs
/// resends and curl commands with it). Replaced, rarely, while it serves: when the
/// configured secret changed since it started (`listen`'s `reload_secret`), so that both
/// move to the new one together.
#[derive(Clone)]
pub struct CurrentSecret(Arc<RwLock<Arc<Keyed>>>);

impl Keyed {
    pub fn new(secret: Secret) -> Arc<Keyed> {
        let key = Key::new(secret.expose().as_bytes());
        Arc::new(Keyed { secret, key })
    }
}

impl CurrentSecret {
    pub fn new(secret: Secret) -> Self {
        CurrentSecret(Arc::new(RwLock::new(Keyed::new(secret))))
    }

    /// The secret in use now.
    pub fn get(&self) -> Arc<Keyed> {
        self.0.read().expect("secret lock").clone()
    }

    /// Uses `keyed` from now on.
    pub fn replace(&self, keyed: Arc<Keyed>) {
        *self.0.write().expect("secret lock") = keyed;
    }
}

impl fmt::Debug for CurrentSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CurrentSecret({})", self.get().secret.fingerprint())
    }
}
