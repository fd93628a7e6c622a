//! `roomz-hook sign [FILE|-]`: the signature of the exact bytes of a body.

use super::shared::SchemeArgs;
use super::Context;
use crate::core::signature::Key;
use crate::error::{ExitCode, Result, ResultExt};
use clap::Args;
use std::fs::File;
use std::io::{IsTerminal, Read};
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

    if path.is_none() && std::io::stdin().is_terminal() {
        ctx.out
            .note("reading the body to sign from stdin (end it with Ctrl-D, or name a FILE)");
    }
    let (signature, body, length) = if args.curl.is_some() {
        // The command embeds the body, so it must be in memory anyway.
        let body = read_body(path.as_ref())?;
        let length = body.len() as u64;
        (key.sign(scheme, &body), Some(body), length)
    } else {
        let mut length = 0;
        let mac = match &path {
            Some(p) => {
                let file = File::open(p).usage_context(format!("cannot read {}", p.display()))?;
                key.mac_reader(scheme.algorithm, Counted::new(file, &mut length))
                    .usage_context(format!("cannot read {}", p.display()))?
            }
            None => key
                .mac_reader(
                    scheme.algorithm,
                    Counted::new(std::io::stdin().lock(), &mut length),
                )
                .usage_context("cannot read the body from stdin")?,
        };
        (scheme.encode(&mac), None, length)
    };
    let source = path
        .as_ref()
        .map_or("stdin".into(), |p| p.display().to_string());
    ctx.out.debug(format!(
        "signed {} of {source} ({})",
        crate::output::count(length, "byte", "bytes"),
        scheme
    ));
    if length == 0 {
        ctx.out.note(format!(
            "warning: the body is empty ({source} gave no bytes): this is the signature of nothing"
        ));
    }

    let curl = args.curl.as_deref().zip(body.as_deref());
    crate::output::sign::signature(ctx.out, &signature, scheme, curl, args.header)?;
    Ok(ExitCode::Success)
}

/// A reader that counts the bytes read through it: the body is streamed into the MAC,
/// and an empty one is worth a warning.
struct Counted<'a, R> {
    inner: R,
    count: &'a mut u64,
}

impl<'a, R> Counted<'a, R> {
    fn new(inner: R, count: &'a mut u64) -> Self {
        Counted { inner, count }
    }
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        *self.count += n as u64;
        Ok(n)
    }
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
