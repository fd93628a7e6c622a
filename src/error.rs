//! The one place where failures become exit codes (CONTRACT section 2): 0 success,
//! 1 a check failed, 2 usage or input error, 3 network error.

use std::fmt;

/// The process exit status, the same for every subcommand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Everything worked and every check passed.
    Success = 0,
    /// The command ran, but a check did not pass (signature, status, timeout).
    CheckFailed = 1,
    /// A bad flag, an unreadable or malformed input, a missing secret.
    Usage = 2,
    /// Connection refused, DNS, TLS, or a timeout with no answer.
    Network = 3,
    /// Stopped by SIGINT (Ctrl-C): 128 + 2, as shells report it.
    Interrupted = 130,
    /// Stopped by SIGTERM: 128 + 15.
    Terminated = 143,
}

impl ExitCode {
    pub fn code(self) -> i32 {
        self as i32
    }

    /// `CheckFailed` when `ok` is false: the usual ending of a checking command.
    pub fn check(ok: bool) -> Self {
        if ok {
            ExitCode::Success
        } else {
            ExitCode::CheckFailed
        }
    }
}

/// An error that ends a command, with the exit code it maps to.
///
/// Core modules return their own `thiserror` types; commands turn them into this with
/// `From` (input errors) or the constructors below, adding context with `anyhow`.
#[derive(Debug)]
pub struct Error {
    pub code: ExitCode,
    pub error: anyhow::Error,
}

impl Error {
    pub fn usage(error: impl Into<anyhow::Error>) -> Self {
        Error {
            code: ExitCode::Usage,
            error: error.into(),
        }
    }

    pub fn network(error: impl Into<anyhow::Error>) -> Self {
        Error {
            code: ExitCode::Network,
            error: error.into(),
        }
    }

    pub fn check_failed(error: impl Into<anyhow::Error>) -> Self {
        Error {
            code: ExitCode::CheckFailed,
            error: error.into(),
        }
    }

    /// A usage error made from a message.
    pub fn usage_msg(message: impl fmt::Display) -> Self {
        Error::usage(anyhow::anyhow!("{message}"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `{:#}` prints the whole context chain on one line: "reading x: No such file".
        write!(f, "{:#}", self.error)
    }
}

impl std::error::Error for Error {}

/// Most core errors are about the user's input: map them to exit code 2 by default.
impl From<anyhow::Error> for Error {
    fn from(error: anyhow::Error) -> Self {
        Error::usage(error)
    }
}

/// A store that cannot be opened or read is an input problem (path, permissions, lock).
impl From<crate::store::StoreError> for Error {
    fn from(error: crate::store::StoreError) -> Self {
        Error::usage(error)
    }
}

/// Adds `.usage_context(..)` to results, the common shape at the command edge.
pub trait ResultExt<T> {
    fn usage_context<C: fmt::Display + Send + Sync + 'static>(self, context: C) -> Result<T>;
}

impl<T, E: Into<anyhow::Error>> ResultExt<T> for std::result::Result<T, E> {
    fn usage_context<C: fmt::Display + Send + Sync + 'static>(self, context: C) -> Result<T> {
        self.map_err(|e| Error::usage(e.into().context(context)))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_match_the_contract() {
        assert_eq!(ExitCode::Success.code(), 0);
        assert_eq!(ExitCode::CheckFailed.code(), 1);
        assert_eq!(ExitCode::Usage.code(), 2);
        assert_eq!(ExitCode::Network.code(), 3);
        assert_eq!(ExitCode::check(false), ExitCode::CheckFailed);
    }

    #[test]
    fn display_includes_the_context_chain() {
        let inner: std::result::Result<(), std::io::Error> = Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "No such file",
        ));
        let err = inner.usage_context("cannot read body.json").unwrap_err();
        assert_eq!(err.code, ExitCode::Usage);
        assert_eq!(err.to_string(), "cannot read body.json: No such file");
    }
}
