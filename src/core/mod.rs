//! The core: what a ROOMZ webhook is, with no tokio, clap, printing or file access.
//! Signatures and their diagnosis, the event model and its validation, the capture
//! formats, the stored record's JSON form, the secret, and units.

pub mod capture;
pub mod check;
pub mod event;
pub mod record;
pub mod secret;
pub mod signature;
pub mod units;

/// What percent-encoding leaves as it is in a URL component: RFC 3986's unreserved
/// characters. Ids from webhook bodies are encoded with it before they go into an API
/// path (so that `../` or `?` cannot add segments or a query), and so is curl's
/// `--data-urlencode` content.
pub const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The contract's reference vectors, `../shared/vectors/NAME` beside the checkout: unit
/// tests read them there (the repository keeps no copy), and fail when they are missing.
#[cfg(test)]
pub(crate) fn shared_vector(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors");
    let path = dir.join(name);
    assert!(
        name.is_empty() && dir.is_dir() || path.exists(),
        "the reference vectors are missing: expected {} beside the repository \
         (CONTRACT: tests must agree with them byte for byte)",
        path.display()
    );
    path
}
