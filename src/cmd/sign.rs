//! `roomz-hook sign [FILE|-]`: the signature of the exact bytes of a body.

use super::shared::SchemeArgs;
use super::Context;
use crate::core::signature::{Key, HEADER, LEGACY_HEADER};
use crate::error::{ExitCode, Result, ResultExt};
use crate::output::{print_line, shell_quote};
use clap::Args;
use serde::Serialize;
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

#[derive(Serialize)]
struct SignOutput<'a> {
    signature: &'a str,
    algorithm: &'static str,
    encoding: &'static str,
    header: &'static str,
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

    if ctx.out.json {
        ctx.out.json_line(&SignOutput {
            signature: &signature,
            algorithm: scheme.algorithm.as_str(),
            encoding: scheme.encoding.as_str(),
            header: HEADER,
        })?;
    } else if let (Some(url), Some(body)) = (&args.curl, &body) {
        print_line(curl_command(url, &signature, body));
    } else if args.header {
        print_line(format_args!("{HEADER}: {signature}"));
    } else {
        print_line(&signature);
    }
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

/// A curl command that sends `body` exactly (`--data-binary`, quoted so the shell keeps
/// every byte) with both signature headers.
pub fn curl_command(url: &str, signature: &str, body: &[u8]) -> String {
    let header = |line: String| shell_quote(line.as_bytes());
    format!(
        "curl -sS -X POST {} \\\n  -H {} \\\n  -H {} \\\n  -H {} \\\n  --data-binary {}",
        shell_quote(url.as_bytes()),
        header("Content-Type: application/json".to_string()),
        header(format!("{HEADER}: {signature}")),
        header(format!("{LEGACY_HEADER}: {signature}")),
        shell_quote(body)
    )
}
