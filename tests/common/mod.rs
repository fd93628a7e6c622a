//! Helpers shared by the integration tests: a sandbox with its own config file and data
//! directory, so that no test reads the developer's settings, and the real binary.
#![allow(dead_code)] // each test file uses a different subset

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The secret the reference vectors (`../shared/vectors`) were signed with.
pub const VECTOR_SECRET: &str = "whsec_example_secret";
/// The demo secret of fixtures/captures/ (documented in docs/commands.md).
pub const DEMO_SECRET: &str = "whsec_roomz_hook_demo";

/// Where the contract's reference vectors live, relative to the repository root: beside
/// the checkout, as on the team's machines and CI.
pub const SHARED_VECTORS: &str = "../shared/vectors";

/// A file under fixtures/, except that `vectors/NAME` is the shared reference vector
/// `../shared/vectors/NAME` (see `vector`): the repository keeps no copy of them.
pub fn fixture(relative: &str) -> PathBuf {
    if let Some(name) = relative.strip_prefix("vectors/") {
        return vector(name);
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(relative)
}

/// The shared reference vectors' directory; panics when it is not there, so that a
/// checkout without them fails instead of testing against nothing or against a copy.
pub fn shared_vectors() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(SHARED_VECTORS);
    assert!(
        dir.is_dir(),
        "the reference vectors are missing: expected the directory {SHARED_VECTORS} beside \
         the repository ({}) (CONTRACT: tests must agree with them byte for byte)",
        dir.display()
    );
    dir
}

/// One reference vector, `../shared/vectors/NAME`; panics when it is missing.
pub fn vector(name: &str) -> PathBuf {
    let path = shared_vectors().join(name);
    assert!(
        path.is_file(),
        "the reference vectors are missing: expected {SHARED_VECTORS}/{name} beside the \
         repository ({}) (CONTRACT: tests must agree with them byte for byte)",
        path.display()
    );
    path
}

/// A private directory for one test: config, data and input files live here.
pub struct Sandbox {
    pub dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `bytes` exactly to `name` and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).expect("write test file");
        path
    }

    /// A secret file holding exactly `secret`.
    pub fn secret_file(&self, secret: &str) -> PathBuf {
        self.write("secret.txt", secret)
    }

    /// The real binary, isolated from the developer's environment and settings.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("roomz-hook").expect("binary built");
        for var in [
            "ROOMZ_WEBHOOK_SECRET",
            "ROOMZ_API_URL",
            "ROOMZ_API_TOKEN",
            "ROOMZ_HOOK_PROFILE",
            "ROOMZ_HOOK_STORE",
            "NO_COLOR",
            "CLICOLOR_FORCE",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("ROOMZ_HOOK_CONFIG", self.path("config.toml"))
            .env("XDG_CONFIG_HOME", self.path("xdg-config"))
            .env("XDG_DATA_HOME", self.path("xdg-data"))
            .env("HOME", self.dir.path())
            .current_dir(self.dir.path());
        cmd
    }
}

/// Output as text, for assertions.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The binary's path, for tests that manage the process themselves.
pub fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("roomz-hook")
}

/// A request to send over a raw socket: exact bytes, so tests can send anything.
pub fn post(path: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    [head.as_bytes(), body].concat()
}

/// Sends raw bytes to `addr` and returns the status code of the answer (0 when the
/// connection closed without one) and the whole answer as text.
pub fn exchange(addr: &str, request: &[u8]) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connect to the listener");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    stream.write_all(request).expect("send");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// A `roomz-hook listen` (or `simulate`) process started for one test, with its output
/// lines collected.
pub struct RunningListener {
    pub child: std::process::Child,
    /// host:port it bound.
    pub addr: String,
    pub url: String,
    /// The first line it printed (`{"listening":URL}` for listen).
    pub first: serde_json::Value,
    lines: std::sync::mpsc::Receiver<String>,
    /// The thread that reads stdout into `lines`; it ends at end of file.
    stdout_reader: Option<std::thread::JoinHandle<()>>,
    stderr: Collected,
}

impl RunningListener {
    /// Starts `listen --port 0 --json` with `extra` flags in `sandbox`, and waits for the
    /// `{"listening":URL}` line.
    pub fn start(sandbox: &Sandbox, extra: &[&str]) -> RunningListener {
        let mut args = vec!["listen", "--port", "0", "--json"];
        args.extend_from_slice(extra);
        RunningListener::start_command(sandbox, &args, |first| {
            first["listening"].as_str().map(str::to_string)
        })
    }

    /// Starts the binary with `args` (which must include `--json`), and waits for its
    /// first line, from which `url_of` takes the URL it serves.
    pub fn start_command(
        sandbox: &Sandbox,
        args: &[&str],
        url_of: fn(&serde_json::Value) -> Option<String>,
    ) -> RunningListener {
        use std::io::BufRead;
        let mut cmd = std::process::Command::new(binary());
        let template = sandbox.cmd();
        for (key, value) in template.get_envs() {
            match value {
                Some(v) => cmd.env(key, v),
                None => cmd.env_remove(key),
            };
        }
        cmd.current_dir(sandbox.dir.path())
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("start roomz-hook");
        let stdout = child.stdout.take().unwrap();
        let (sender, lines) = std::sync::mpsc::channel();
        let stdout_reader = std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Collected::new(child.stderr.take().unwrap());
        let first = lines
            .recv_timeout(std::time::Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("listener did not start: {}", stderr.text()));
        let value: serde_json::Value = serde_json::from_str(&first).expect("a JSON line");
        let url = url_of(&value).unwrap_or_else(|| panic!("no URL in the first line: {first}"));
        let addr = url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap()
            .to_string();
        RunningListener {
            child,
            addr,
            url,
            first: value,
            lines,
            stdout_reader: Some(stdout_reader),
            stderr,
        }
    }

    /// The next NDJSON line printed, parsed.
    pub fn next_line(&self) -> serde_json::Value {
        let line = self
            .lines
            .recv_timeout(std::time::Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("no output line; stderr: {}", self.stderr()));
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
    }

    /// What it wrote on stderr so far (read by another thread than stdout: a line may
    /// not be there yet; see `wait_for_stderr`).
    pub fn stderr(&self) -> String {
        self.stderr.text()
    }

    /// Waits (up to 20 s) until its stderr contains `text`, and returns stderr so far.
    pub fn wait_for_stderr(&self, text: &str) -> String {
        self.stderr
            .wait_for(std::time::Duration::from_secs(20), |stderr| {
                stderr.contains(text).then(|| stderr.to_string())
            })
            .unwrap_or_else(|stderr| panic!("no {text:?} on stderr: {stderr}"))
    }

    /// Sends raw bytes; see `exchange`.
    pub fn send(&self, request: &[u8]) -> (u16, String) {
        exchange(&self.addr, request)
    }

    /// SIGTERM, then waits; returns the exit code and every line printed after that.
    pub fn stop(self) -> (Option<i32>, Vec<String>) {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        self.wait()
    }

    /// Waits for the process to end by itself (e.g. after --count), then for its reader
    /// to reach the end of stdout, so that every line it printed is returned.
    pub fn wait(mut self) -> (Option<i32>, Vec<String>) {
        let status = self.child.wait().expect("wait for the listener");
        if let Some(reader) = self.stdout_reader.take() {
            reader.join().expect("the stdout reader panicked");
        }
        let rest = self.lines.try_iter().collect();
        (status.code(), rest)
    }
}

impl Drop for RunningListener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Everything a pipe yields, gathered by a thread as it arrives (so the child never
/// blocks on a full pipe): readable at any time, waited on for a condition, and complete
/// once the reader is joined.
pub struct Collected {
    /// The text so far, and a Condvar notified after each chunk and at end of file.
    shared: std::sync::Arc<(std::sync::Mutex<Gathered>, std::sync::Condvar)>,
    reader: Option<std::thread::JoinHandle<()>>,
}

#[derive(Default)]
struct Gathered {
    text: String,
    ended: bool,
}

impl Collected {
    pub fn new(mut pipe: impl std::io::Read + Send + 'static) -> Collected {
        let shared = std::sync::Arc::new((
            std::sync::Mutex::new(Gathered::default()),
            std::sync::Condvar::new(),
        ));
        let writer = shared.clone();
        let reader = std::thread::spawn(move || {
            let (gathered, changed) = &*writer;
            let mut buffer = [0u8; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut buffer) {
                let chunk = String::from_utf8_lossy(&buffer[..n]);
                gathered.lock().unwrap().text.push_str(&chunk);
                changed.notify_all();
            }
            gathered.lock().unwrap().ended = true;
            changed.notify_all();
        });
        Collected {
            shared,
            reader: Some(reader),
        }
    }

    /// What arrived so far.
    pub fn text(&self) -> String {
        self.shared.0.lock().unwrap().text.clone()
    }

    /// Waits until `found` returns `Some` for the text so far, re-checking whenever more
    /// arrives. `Err` with the text so far when the pipe ended or `timeout` passed first.
    pub fn wait_for<T>(
        &self,
        timeout: std::time::Duration,
        mut found: impl FnMut(&str) -> Option<T>,
    ) -> Result<T, String> {
        let (gathered, changed) = &*self.shared;
        let deadline = std::time::Instant::now() + timeout;
        let mut gathered = gathered.lock().unwrap();
        loop {
            if let Some(value) = found(&gathered.text) {
                return Ok(value);
            }
            let now = std::time::Instant::now();
            if gathered.ended || now >= deadline {
                return Err(gathered.text.clone());
            }
            gathered = changed.wait_timeout(gathered, deadline - now).unwrap().0;
        }
    }

    /// Joins the reader, which ends when every writer closed the pipe (the process and
    /// its children exited), and returns everything.
    pub fn finish(mut self) -> String {
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the pipe reader panicked");
        }
        self.text()
    }

    /// `finish`, if the pipe ends within `timeout`; `Err` with the text so far if not.
    pub fn finish_within(self, timeout: std::time::Duration) -> Result<String, String> {
        let (gathered, changed) = &*self.shared;
        let gathered = gathered.lock().unwrap();
        let (gathered, _) = changed
            .wait_timeout_while(gathered, timeout, |g| !g.ended)
            .unwrap();
        if !gathered.ended {
            return Err(gathered.text.clone());
        }
        drop(gathered);
        Ok(self.finish())
    }
}

/// Signs `body` with `secret` (the library's signer, itself checked against the vectors).
pub fn signature_of(secret: &str, body: &[u8]) -> String {
    roomz_hook::core::signature::sign(
        secret.as_bytes(),
        roomz_hook::core::signature::Scheme::ROOMZ,
        body,
    )
}

/// A current-shape event with the given id.
pub fn event_body(id: &str) -> String {
    format!(
        r#"{{"id":"{id}","type":"workspace.presence.changed","timestamp":"2026-11-27T10:00:00.000Z","apiVersion":"1.0","data":{{"workspaceId":"3f2e1d0c-b9a8-4765-8432-10fedcba9876","presenceStatus":"Busy"}}}}"#
    )
}
/// A genuine delivery of event `id` as the listener stores it (signed, valid, answered
/// 200, received now): what tests seed a store with directly. Change what a test needs
/// with `NewRequest { field, ..genuine_request(id) }`.
pub fn genuine_request(id: &str) -> roomz_hook::store::NewRequest {
    roomz_hook::store::NewRequest {
        received_at: roomz_hook::store::format_time(time::OffsetDateTime::now_utc()),
        method: "POST".into(),
        path: "/webhook".into(),
        headers: vec![],
        body: event_body(id).into_bytes(),
        signature: "valid".into(),
        event_id: Some(id.to_string()),
        event_type: Some("workspace.presence.changed".into()),
        duplicate: false,
        problems: vec![],
        warnings: vec![],
        hint: None,
        status: 200,
    }
}

/// The exit code of a finished command (none means a signal killed it: a test failure).
pub fn code(output: &std::process::Output) -> i32 {
    output.status.code().expect("an exit code")
}

pub mod sink;

/// Runs `command` with its stdout on a pipe whose reading end is already closed, as in
/// `roomz-hook ... | head -0`: every write to stdout fails with EPIPE (or SIGPIPE, if the
/// process did not ignore it; std::process::Command restores the default disposition
/// in the child). Asserts that it ended with 0 and wrote nothing on stderr.
pub fn assert_ends_quietly_into_closed_pipe(command: &mut std::process::Command) {
    let (reader, writer) = std::io::pipe().expect("pipe()");
    drop(reader);
    let output = command
        .stdin(std::process::Stdio::null())
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("run roomz-hook");
    let (status, stderr) = (output.status, text(&output.stderr));
    assert_eq!(
        status.code(),
        Some(0),
        "{command:?}: {status:?}, stderr: {stderr}"
    );
    assert_eq!(stderr, "", "{command:?}");
}

/// `sandbox.cmd()`'s environment on a plain std Command, for tests that need its own
/// control of the standard streams.
pub fn std_command(sandbox: &Sandbox) -> std::process::Command {
    let mut command = std::process::Command::new(binary());
    for (key, value) in sandbox.cmd().get_envs() {
        match value {
            Some(v) => command.env(key, v),
            None => command.env_remove(key),
        };
    }
    command.current_dir(sandbox.dir.path());
    command
}
