//! What several commands need, so that no command imports another: the `--algorithm`
//! and `--encoding` flags (sign and verify), `--ca-cert` and `--insecure` (every command
//! that sends to an https URL of the user's choosing) with `-v`'s trace, the runtime
//! deliveries run on, and what a delivery run's summary means as an exit code (replay
//! and trigger).

use super::Context;
use crate::core::signature::{Algorithm, Encoding, Scheme};
use crate::net::client::{load_ca_certs, Transport};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::Args;
use std::path::PathBuf;
use std::sync::Arc;

/// `--ca-cert FILE` and `--insecure`: which TLS certificates the command's requests trust.
#[derive(Debug, Args, Clone, Default)]
pub struct TlsFlags {
    /// Also trust the certificates in FILE (PEM, one or more) for this command's https
    /// requests: a server with a self-signed certificate or one from a private CA.
    /// Repeatable.
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Vec<PathBuf>,

    /// Accept any TLS certificate, a self-signed one included (the connection is still
    /// encrypted, but to whoever answers).
    #[arg(long, conflicts_with = "ca_cert")]
    pub insecure: bool,
}

impl TlsFlags {
    /// The transport of the command's requests: these flags, and `-v`'s trace. A
    /// `--ca-cert` file that cannot be read or holds no usable certificate is exit 2.
    pub fn transport(&self, ctx: &Context) -> Result<Transport> {
        let mut ca_certs = Vec::new();
        for path in &self.ca_cert {
            let certs =
                load_ca_certs(path).map_err(|e| Error::usage_msg(format!("--ca-cert: {e}")))?;
            ca_certs.extend(certs);
        }
        Ok(Transport {
            insecure: self.insecure,
            ca_certs: Arc::new(ca_certs),
            ..traced(ctx)
        })
    }
}

/// The transport of a command without TLS flags: `-v`'s trace only.
pub fn traced(ctx: &Context) -> Transport {
    Transport {
        trace: crate::output::trace::for_output(&ctx.out),
        ..Transport::default()
    }
}

/// `--algorithm` and `--encoding`, shared by `sign` and `verify`.
#[derive(Debug, Args, Clone, Copy)]
pub struct SchemeArgs {
    /// HMAC hash function (ROOMZ uses sha512).
    #[arg(long, default_value = "sha512", value_name = "ALG",
          value_parser = PossibleValuesParser::new(["sha512", "sha256"]).map(|s| s.parse::<Algorithm>().expect("a listed value")))]
    pub algorithm: Algorithm,

    /// Signature text encoding (ROOMZ uses base64).
    #[arg(long, default_value = "base64", value_name = "ENC",
          value_parser = PossibleValuesParser::new(["base64", "hex"]).map(|s| s.parse::<Encoding>().expect("a listed value")))]
    pub encoding: Encoding,
}

impl SchemeArgs {
    pub fn scheme(self) -> Scheme {
        Scheme::new(self.algorithm, self.encoding)
    }
}

use crate::app::replay::{ExpectStatus, Interruption, Summary};
use crate::error::{Error, ExitCode, Result};

/// One thread for every connection: the deliveries are I/O bound, and tasks on one
/// thread hand work to each other without cross-thread wake-ups (the input is read and
/// parsed on a thread of its own).
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::usage(anyhow::anyhow!("cannot start the async runtime: {e}")))
}

/// The exit code of a delivery run (CONTRACT section 2): 2 when an input could not be
/// used, 3 when no delivery got any answer, 1 when some missed `expect`, else 0.
/// An interrupted run ends with the signal's code (130, 143; CONTRACT 4.4) whatever else.
pub fn delivery_verdict(summary: &Summary, url: &str, expect: ExpectStatus) -> Result<ExitCode> {
    match summary.interrupted {
        Some(Interruption::Interrupt) => return Ok(ExitCode::Interrupted),
        Some(Interruption::Terminate) => return Ok(ExitCode::Terminated),
        None => {}
    }
    let missed = if summary.failed > 0 {
        format!(
            "; {} of {} did not get {expect}",
            crate::output::number(summary.failed),
            crate::output::count(summary.sent, "delivery", "deliveries")
        )
    } else {
        String::new()
    };
    if summary.input_errors > 0 {
        let nothing = if summary.sent + summary.planned == 0 {
            "; nothing was sent"
        } else {
            ""
        };
        return Err(Error::usage_msg(format!(
            "{} input problem(s), reported above{nothing}{missed}: fix the inputs and run again",
            summary.input_errors
        )));
    }
    if summary.sent + summary.planned == 0 {
        return Err(Error::usage_msg(
            "nothing to send: the inputs hold no events",
        ));
    }
    if summary.sent > 0 && summary.unreachable == summary.sent {
        let cause = summary
            .first_network_error
            .as_deref()
            .unwrap_or("no answer");
        // A receiver that took the request but answered too late is running: asking
        // whether it is would send the developer to the wrong fix.
        if cause.starts_with(crate::app::replay::NO_ANSWER_WITHIN) {
            return Err(Error::network(anyhow::anyhow!(
                "{url} did not answer in time ({cause})"
            )));
        }
        // It is running, with a certificate this machine does not trust.
        if let Some(hint) = crate::net::client::certificate_hint(cause) {
            return Err(Error::network(anyhow::anyhow!(
                "could not reach {url} ({cause}): {hint}"
            )));
        }
        return Err(Error::network(anyhow::anyhow!(
            "could not reach {url} ({cause}); is the receiver running? `roomz-hook listen` starts one"
        )));
    }
    if summary.failed > 0 {
        return Err(Error::check_failed(anyhow::anyhow!(
            "{} of {} to {url} did not get {expect} (see above)",
            crate::output::number(summary.failed),
            crate::output::count(summary.sent, "delivery", "deliveries")
        )));
    }
    Ok(ExitCode::Success)
}

/// An event type on the command line (`trigger TYPE`, `simulate --events`): any text
/// parses, so that the command can refuse an unknown one with a message naming the known
/// types (and `--allow-unknown`); the catalogue's names are offered to shell completion
/// and `--help`.
#[derive(Debug, Clone, Copy)]
pub struct EventTypeParser;

impl clap::builder::TypedValueParser for EventTypeParser {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> std::result::Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            crate::core::event::type_names().map(clap::builder::PossibleValue::new),
        ))
    }
}
