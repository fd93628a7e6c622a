//! The core: what a ROOMZ webhook is, with no tokio, clap, printing or file access.
//! Signatures and their diagnosis, the event model and its validation, the capture
//! formats, the stored record's JSON form, the secret, and units.

pub mod capture;
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
