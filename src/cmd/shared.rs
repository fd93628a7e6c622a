//! Flags several commands take, so that no command imports another.

use crate::core::signature::{Algorithm, Encoding, Scheme};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::Args;

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
