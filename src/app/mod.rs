//! Services that run for a while and return a summary, without printing: the listener,
//! the delivery engine of `replay` and `trigger`, the ROOMZ simulator, the ROOMZ REST
//! API client and what `fetch` GETs with it, the signature check of `verify`, and the
//! store queries of `events`. What they report as they go goes through traits the
//! printers implement.

pub mod api;
pub mod check;
pub mod events;
pub mod fetch;
pub mod files;
pub mod inspector;
pub mod listen;
pub mod replay;
pub mod simulate;
pub mod verify;
