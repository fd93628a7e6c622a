//! The core: what a ROOMZ webhook is, with no tokio, clap, printing or file access.
//! Signatures and their diagnosis, the event model and its validation, the capture
//! formats, the stored record's JSON form, the secret, and units.

pub mod capture;
pub mod event;
pub mod record;
pub mod secret;
pub mod signature;
pub mod units;
