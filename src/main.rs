//! The `roomz-hook` binary: the command line in, an exit code out; the rest is the library.
//!
//! On Unix the binary brings its own C `main` (`no_main`). Rust's generated one runs
//! std's start-up first, which reads /proc/self/maps to find the main thread's stack and
//! sets up an alternate signal stack and handlers to report stack overflows: about
//! 85 µs here, 6% of `sign` on a small body, which CI loops call thousands of times
//! (bench/sign.sh). Of that start-up, what changes behaviour is done here too: SIGPIPE
//! is ignored (a closed pipe is an EPIPE error, as in any Rust program), and standard
//! descriptors that are closed are opened on /dev/null (so that no file we open becomes
//! fd 1). A stack overflow is then a plain SIGSEGV, without std's message.
// (Not in `cargo test`'s build of this file, whose main is the test harness.)
#![cfg_attr(all(unix, not(test)), no_main)]

use std::ffi::OsString;

#[cfg(all(unix, not(test)))]
#[no_mangle]
extern "C" fn main(argc: std::ffi::c_int, argv: *const *const std::ffi::c_char) -> std::ffi::c_int {
    use std::os::unix::ffi::OsStrExt;
    prepare_standard_process();
    let args = (0..usize::try_from(argc).unwrap_or(0))
        .map(|i| {
            // SAFETY: C's main receives argv holding argc pointers to NUL-terminated
            // strings, which live as long as the process.
            let arg = unsafe { std::ffi::CStr::from_ptr(*argv.add(i)) };
            OsString::from(std::ffi::OsStr::from_bytes(arg.to_bytes()))
        })
        .collect();
    run(args)
}

#[cfg(any(not(unix), test))]
fn main() {
    run(std::env::args_os().collect())
}

fn run(args: Vec<OsString>) -> ! {
    let cli = roomz_hook::cli::Cli::from_args(args);
    let code = match roomz_hook::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!(
                "{} {error}",
                colored::Colorize::bold(colored::Colorize::red("error:"))
            );
            error.code
        }
    };
    // Flushes stdout (std's exit does, returning from a C main would not).
    std::process::exit(code.code());
}

/// What std's start-up does that this program relies on: SIGPIPE ignored (so that a
/// reader that has gone is an EPIPE error, which the output functions turn into a quiet
/// exit: tests/sign.rs checks it), and fds 0, 1 and 2 open.
#[cfg(all(unix, not(test)))]
fn prepare_standard_process() {
    // SAFETY: no other thread exists yet; ignoring a signal and opening /dev/null on a
    // descriptor that fcntl reports closed touch nothing Rust owns.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
        for fd in 0..=2 {
            if libc::fcntl(fd, libc::F_GETFD) == -1
                && std::io::Error::last_os_error().raw_os_error() == Some(libc::EBADF)
            {
                // open() returns the lowest free descriptor: this one.
                libc::open(c"/dev/null".as_ptr(), libc::O_RDWR);
            }
        }
    }
}
