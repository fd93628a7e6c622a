//! roomz-hook: the core of a command-line toolkit for ROOMZ webhooks. Signatures, the
//! event model, capture formats, settings, output; `cmd` wires each subcommand to them.

pub mod error;
pub mod secret;
pub mod signature;
pub mod capture;
pub mod event;
pub mod settings;
pub mod store;
