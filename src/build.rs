//! Build script (Cargo.toml: `build = "src/build.rs"`): links the `roomz-hook` binary as a
//! position-dependent executable on Linux.
//!
//! Why: a position-independent executable makes the dynamic loader relocate about 7,800
//! pointers (vtables, panic locations, SQLite's method tables) at every start, which
//! copies 36 pages on write: about 0.15 ms, 11% of a `sign` process on a small body, the
//! command CI loops call thousands of times (bench/sign.sh: 1.48 -> 1.33 ms, openssl
//! 4.67 ms, same run). The cost: the binary's own code sits at a fixed address, while
//! the libraries, heap and stack are still randomized; the webhook CLIs we are compared
//! with (built with Go) are linked the same way. `ROOMZ_HOOK_PIE=1` at build time keeps
//! a position-independent executable.
//!
//! Only the binary is affected (`rustc-link-arg-bin`): the library, tests, benches and
//! the proc-macros of dependencies are built as before, so no `--target` is needed.

fn main() {
    println!("cargo:rerun-if-changed=src/build.rs");
    println!("cargo:rerun-if-env-changed=ROOMZ_HOOK_PIE");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux");
    let keep_pie = std::env::var_os("ROOMZ_HOOK_PIE").is_some_and(|v| v != "0");
    if linux && !keep_pie {
        println!("cargo:rustc-link-arg-bin=roomz-hook=-no-pie");
    }
}
