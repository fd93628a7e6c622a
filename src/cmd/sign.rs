//! `roomz-hook sign [FILE|-]`: the signature of the exact bytes of a body.

use super::shared::SchemeArgs;
use super::Context;
use crate::core::signature::Key;
use crate::error::{ExitCode, Result, ResultExt};
use clap::Args;
use std::fs::File;
use std::io::Read;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct SignArgs {
    /// The body to sign, byte for byte (a final newline included); `-` or nothing reads stdin.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub scheme: SchemeArgs,

    /// Print the header line `Roomz-Signature: SIG` instead of the bare signature.
    #[arg(long, conflicts_with = "curl")]
    pub header: bool,

    /// Print a ready-to-run curl command that POSTs the body to URL with both signature headers.
    #[arg(long, value_name = "URL")]
    pub curl: Option<String>,
}

pub fn exec(args: SignArgs, ctx: &Context) -> Result<ExitCode> {
    let secret = ctx.secret()?;
    let key = Key::new(secret.expose().as_bytes());
    let scheme = args.scheme.scheme();
    let path = args.file.filter(|p| p.as_os_str() != "-");

    let (signature, body) = if args.curl.is_some() {
        // The command embeds the body, so it must be in memory anyway.
        let body = read_body(path.as_ref())?;
        (key.sign(scheme, &body), Some(body))
    } else {
        let mac = match &path {
            Some(p) => {
                let file = File::open(p).usage_context(format!("cannot read {}", p.display()))?;
                key.mac_reader(scheme.algorithm, file)
                    .usage_context(format!("cannot read {}", p.display()))?
            }
            None => key
                .mac_reader(scheme.algorithm, std::io::stdin().lock())
                .usage_context("cannot read the body from stdin")?,
        };
        (scheme.encode(&mac), None)
    };

    let curl = args.curl.as_deref().zip(body.as_deref());
    crate::output::sign::signature(ctx.out, &signature, scheme, curl, args.header)?;
    Ok(ExitCode::Success)
}

fn read_body(path: Option<&PathBuf>) -> Result<Vec<u8>> {
    match path {
        Some(p) => std::fs::read(p).usage_context(format!("cannot read {}", p.display())),
        None => {
            let mut body = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut body)
                .usage_context("cannot read the body from stdin")?;
            Ok(body)
        }
    }
}
