//! Human and machine output: colour decided once from the flag, `NO_COLOR`, `TERM` and
//! the terminal; untrusted text escaped before it reaches a terminal; JSON lines. One
//! module per command that has its own printers, and `init`'s prompts.

pub mod check;
pub mod config;
pub mod delivery;
pub mod events;
pub mod fetch;
pub mod init;
pub mod junit;
pub mod listen;
pub mod prompt;
pub mod sign;
pub mod simulate;
pub mod trace;
pub mod trigger;
pub mod verify;

use serde::Serialize;
use std::borrow::Cow;
use std::io::{IsTerminal, Write};

/// `--color auto|always|never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl std::str::FromStr for ColorChoice {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "auto" => Ok(ColorChoice::Auto),
            "always" => Ok(ColorChoice::Always),
            "never" => Ok(ColorChoice::Never),
            other => Err(format!("'{other}': use auto, always or never")),
        }
    }
}

impl ColorChoice {
    /// Whether to colour a stream: `always`/`never` win; `auto` colours a terminal unless
    /// `NO_COLOR` is set (any value) or `TERM=dumb`.
    pub fn enabled(self, no_color_env: bool, term_dumb: bool, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && !no_color_env && !term_dumb,
        }
    }
}

/// How much to say, and in which form. Made once from the global flags.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub json: bool,
    pub quiet: bool,
    pub verbose: u8,
    /// Whether stderr is an interactive terminal (progress bars, prompts).
    pub stderr_is_terminal: bool,
}

impl Output {
    pub fn new(json: bool, quiet: bool, verbose: u8) -> Self {
        Output {
            json,
            quiet,
            verbose,
            stderr_is_terminal: std::io::stderr().is_terminal(),
        }
    }

    /// Prints one JSON value as one line on stdout; a failed write is [`stdout_error`]'s.
    pub fn json_line(&self, value: &impl Serialize) -> crate::error::Result<()> {
        let mut stdout = std::io::stdout().lock();
        serde_json::to_writer(&mut stdout, value)
            .map_err(std::io::Error::from)
            .and_then(|()| stdout.write_all(b"\n"))
            .and_then(|()| stdout.flush())
            .map_err(stdout_error)
    }

    /// Prints a line of human output on stdout, unless `--quiet`.
    pub fn line(&self, text: impl std::fmt::Display) {
        if !self.quiet {
            print_line(text);
        }
    }

    /// A diagnostic on stderr, unless `--quiet`. Never on stdout, so `--json` stays clean.
    pub fn note(&self, text: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    /// A diagnostic shown with `-v` only.
    pub fn debug(&self, text: impl std::fmt::Display) {
        if self.verbose > 0 && !self.quiet {
            eprintln!("{text}");
        }
    }
}

/// A count for people: "1 request", "0 requests", "52,687 requests" (thousands grouped by
/// indicatif's `HumanCount`). `one` and `many` are the noun's two forms.
pub fn count(n: u64, one: &str, many: &str) -> String {
    let noun = if n == 1 { one } else { many };
    format!("{} {noun}", indicatif::HumanCount(n))
}

/// A number for people, thousands grouped: "52,687".
pub fn number(n: u64) -> String {
    indicatif::HumanCount(n).to_string()
}

/// A clock time for people: `at` in `zone` with its offset (`19:00:00.123+09:00`), so a
/// time never passes for local when it is not. Callers pass `TimeZone::system()`: the
/// zone `TZ` names, else the system's (jiff reads the tzdb; UTC when neither is readable).
pub fn clock_time(at: jiff::Timestamp, zone: &jiff::tz::TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%H:%M:%S%.3f%:z")
        .to_string()
}

/// Ends the process, quietly and with code 0, when stdout's reader has gone (EPIPE, as in
/// `roomz-hook events export | head -1`): nobody is left to read what would follow, and a
/// pipeline under `set -o pipefail` should not fail for it (ripgrep does the same).
/// Any other error is handed back.
pub fn stdout_gone_or(error: std::io::Error) -> std::io::Error {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    error
}

/// A failed write to stdout as a command's error (after [`stdout_gone_or`]).
pub fn stdout_error(error: std::io::Error) -> crate::error::Error {
    crate::error::Error::usage(
        anyhow::Error::new(stdout_gone_or(error)).context("cannot write to stdout"),
    )
}

/// `println!` without its panic: a reader that has gone ends the process quietly
/// ([`stdout_gone_or`]); any other write error (a full disk) ends it with a message and
/// exit code 2, as a usage or input error would.
pub fn print_line(text: impl std::fmt::Display) {
    if let Err(error) = writeln!(std::io::stdout().lock(), "{text}") {
        let error = stdout_gone_or(error);
        eprintln!("error: cannot write to stdout: {error}");
        std::process::exit(crate::error::ExitCode::Usage.code());
    }
}

/// The one error a command ends with, on stderr: `error:` in bold red (when colour is on)
/// and the error's chain in one line.
pub fn print_error(error: &crate::error::Error) {
    eprintln!(
        "{} {error}",
        colored::Colorize::bold(colored::Colorize::red("error:"))
    );
}

/// Escapes control characters (ANSI escapes, carriage returns, backspaces, NUL ...) so
/// that text taken from a webhook body or header cannot drive the user's terminal.
/// Printable text, including non-ASCII, passes unchanged.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Bytes shown as text: UTF-8 sanitised; anything else replaced, then sanitised.
pub fn sanitize_bytes(bytes: &[u8]) -> String {
    sanitize(&String::from_utf8_lossy(bytes)).into_owned()
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Quotes bytes as one POSIX shell word that yields them exactly: single quotes for
/// printable UTF-8 (newlines and tabs included), bash's `$'...'` with escapes otherwise.
pub fn shell_quote(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text)
            if !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t') =>
        {
            format!("'{}'", text.replace('\'', r"'\''"))
        }
        _ => {
            let mut out = String::from("$'");
            for &b in bytes {
                match b {
                    b'\\' => out.push_str("\\\\"),
                    b'\'' => out.push_str("\\'"),
                    b'\n' => out.push_str("\\n"),
                    0x20..=0x7e => out.push(b as char),
                    _ => out.push_str(&format!("\\x{b:02x}")),
                }
            }
            out.push('\'');
            out
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_have_plurals_and_grouped_thousands() {
        assert_eq!(super::count(1, "request", "requests"), "1 request");
        assert_eq!(super::count(0, "request", "requests"), "0 requests");
        assert_eq!(super::count(52_687, "change", "changes"), "52,687 changes");
        assert_eq!(super::number(1_000_000), "1,000,000");
    }

    use super::*;

    #[test]
    fn sanitize_escapes_terminal_controls() {
        assert_eq!(sanitize("plain ☃ text"), "plain ☃ text");
        assert!(matches!(sanitize("plain"), Cow::Borrowed(_)));
        assert_eq!(sanitize("a\x1b[31mred"), "a\\u{1b}[31mred");
        assert_eq!(sanitize("line\r\nnext"), "line\\r\\nnext");
        assert_eq!(sanitize("bidi\u{202e}x"), "bidi\\u{202e}x");
        assert_eq!(sanitize_bytes(b"\xff\x07"), "\u{fffd}\\u{7}");
    }

    #[test]
    fn shell_quote_keeps_bytes_exact() {
        assert_eq!(shell_quote(b"{\"a\":1}\n"), "'{\"a\":1}\n'");
        assert_eq!(shell_quote(b"it's"), r"'it'\''s'");
        assert_eq!(shell_quote(b"a\r\n\xff'\\"), r"$'a\x0d\n\xff\'\\'");
    }

    #[test]
    fn colour_follows_flag_env_and_terminal() {
        use ColorChoice::*;
        assert!(Always.enabled(true, true, false));
        assert!(!Never.enabled(false, false, true));
        assert!(Auto.enabled(false, false, true));
        assert!(!Auto.enabled(true, false, true), "NO_COLOR disables");
        assert!(!Auto.enabled(false, true, true), "TERM=dumb disables");
        assert!(!Auto.enabled(false, false, false), "not a terminal");
    }
}
