//! `roomz-hook verify [CAPTURE...]`: checks captured requests' signatures and, on a
//! mismatch, names the usual mistake that explains it.

use super::shared::SchemeArgs;
use super::Context;
use crate::app::files::Limits;
use crate::app::verify::{self, Inputs};
use crate::core::units::parse_size;
use crate::error::{ExitCode, Result};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Captured requests: raw HTTP, JSON, HAR, NDJSON (`listen --json`), a curl command,
    /// or a directory of them; `-` reads stdin.
    #[arg(value_name = "CAPTURE", conflicts_with = "body")]
    pub captures: Vec<PathBuf>,

    /// A body file to check against --signature instead of captures.
    #[arg(long, value_name = "FILE", requires = "signature")]
    pub body: Option<PathBuf>,

    /// The signature to check the --body file against.
    #[arg(long, value_name = "SIG", requires = "body")]
    pub signature: Option<String>,

    /// Largest body read; a capture with a larger one is an input error (as listen's).
    #[arg(long, value_name = "SIZE", default_value = "1MiB", value_parser = parse_size)]
    pub max_body: u64,

    #[command(flatten)]
    pub scheme: SchemeArgs,
}

pub fn exec(args: VerifyArgs, ctx: &Context) -> Result<ExitCode> {
    let inputs = match (&args.body, &args.signature) {
        (Some(body), Some(signature)) => Inputs::BodyAndSignature { body, signature },
        _ => Inputs::Captures(&args.captures),
    };
    let limits = Limits {
        body: args.max_body,
        ..Limits::default()
    };
    let loaded = verify::load_captures(&inputs, limits)?;
    if loaded.captures.is_empty() && !loaded.errors.is_empty() {
        // Nothing to check: the errors are the whole report, no secret needed.
        crate::output::verify::print_results(&ctx.out, &[], &loaded.errors, None)?;
        return Ok(ExitCode::Usage);
    }
    // Read the secret after the inputs: a bad path is reported before a missing secret.
    let secret = ctx.secret()?;
    let results = verify::check_all(
        secret.expose().as_bytes(),
        args.scheme.scheme(),
        &loaded.captures,
    );
    let fingerprint = secret.fingerprint();
    crate::output::verify::print_results(&ctx.out, &results, &loaded.errors, Some(&fingerprint))?;
    if !loaded.errors.is_empty() {
        return Ok(ExitCode::Usage);
    }
    Ok(ExitCode::check(results.iter().all(|r| r.valid)))
}
