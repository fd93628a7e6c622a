//! What `sign` prints: the signature alone, as a header line, as a curl command that
//! sends the body signed, or as JSON.

use crate::core::signature::{Scheme, HEADER, LEGACY_HEADER};
use crate::error::Result;
use crate::output::{print_line, shell_quote, Output};
use serde::Serialize;

#[derive(Serialize)]
struct SignOutput<'a> {
    signature: &'a str,
    algorithm: &'static str,
    encoding: &'static str,
    header: &'static str,
}

/// `curl` is the URL and body of `--curl`; `header` is `--header`.
pub fn signature(
    out: Output,
    signature: &str,
    scheme: Scheme,
    curl: Option<(&str, &[u8])>,
    header: bool,
) -> Result<()> {
    if out.json {
        return out.json_line(&SignOutput {
            signature,
            algorithm: scheme.algorithm.as_str(),
            encoding: scheme.encoding.as_str(),
            header: HEADER,
        });
    }
    match curl {
        Some((url, body)) => print_line(curl_command(url, signature, body)),
        None if header => print_line(format_args!("{HEADER}: {signature}")),
        None => print_line(signature),
    }
    Ok(())
}

/// A curl command that sends `body` exactly (`--data-binary`, quoted so the shell keeps
/// every byte) with both signature headers. `--write-out '\n'` ends the receiver's
/// answer with a newline, so the shell's prompt does not follow it on the same line.
pub fn curl_command(url: &str, signature: &str, body: &[u8]) -> String {
    let header = |line: String| shell_quote(line.as_bytes());
    format!(
        "curl -sS --write-out '\\n' -X POST {} \\\n  -H {} \\\n  -H {} \\\n  -H {} \\\n  --data-binary {}",
        shell_quote(url.as_bytes()),
        header("Content-Type: application/json".to_string()),
        header(format!("{HEADER}: {signature}")),
        header(format!("{LEGACY_HEADER}: {signature}")),
        shell_quote(body)
    )
}
