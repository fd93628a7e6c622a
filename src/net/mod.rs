//! Networking: the server every listening service runs on, the one HTTP client every
//! sending service uses, and the one backoff policy for retries.

pub mod client;
pub mod retry;
pub mod server;
