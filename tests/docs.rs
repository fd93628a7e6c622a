//! Every command example in README.md and docs/*.md runs here, as a reader would type it,
//! and its output is compared with the sample printed beside it.
//!
//! The examples are the ```` ```console ```` blocks. Within one:
//! - `$ COMMAND` runs COMMAND (continued on the next lines while a line ends with `\`);
//! - the lines up to the next `$` are what it prints, stdout and stderr together as in a
//!   terminal, matched with snapbox's patterns: `[..]` is any text within a line, `...`
//!   on a line of its own any number of lines;
//! - a last output line `? N` says the command exits with N (else it must exit 0).
//!
//! A block whose info string is `console background until="TEXT"` starts its one command
//! in the background, like a second terminal, and goes on once TEXT appears in its output.
//! At the next heading (or the end of the file) it gets Ctrl-C (SIGINT), and all it
//! printed is then compared with the block's sample.
//!
//! `cargo run --release -- ARGS`, the README's first command, runs as `roomz-hook ARGS`:
//! the binary under test, already built.
//!
//! The sandbox's home directory is printed as `~`, and paths below the working directory
//! relative to it, as the samples write them.
//!
//! Each file runs in one bash, in a fresh directory with `fixtures/` linked in, a fresh
//! `HOME`, and the binary under test first on the PATH, so `cd`, `export` and files
//! written by one example are there for the next. Files run one after the other: the
//! walkthroughs use the listener's default port 8080.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The walkthroughs bind port 8080: one file at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);
const READY_TIMEOUT: Duration = Duration::from_secs(30);
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

/// A part of a markdown file that matters here.
#[derive(Debug)]
enum Part {
    Heading,
    Example(Example),
}

#[derive(Debug)]
struct Example {
    /// `file:line` of the command, for messages.
    place: String,
    command: String,
    expected: String,
    status: i32,
    /// `Some(TEXT)` for a background command that is ready once TEXT is printed.
    background: Option<String>,
}

/// Splits a markdown file into headings and console examples.
fn parse(file: &str, text: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((index, line)) = lines.next() {
        if line.starts_with('#') {
            parts.push(Part::Heading);
            continue;
        }
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let mut block = Vec::new();
        for (number, line) in lines.by_ref() {
            if line.starts_with("```") {
                break;
            }
            block.push((number + 1, line));
        }
        let mut words = info.split_whitespace();
        if words.next() != Some("console") {
            continue;
        }
        let background = info
            .split_once("until=\"")
            .map(|(_, rest)| rest.split('"').next().unwrap_or_default().to_owned());
        assert!(
            !info.contains("background") || background.is_some(),
            "{file}:{}: a background block needs until=\"TEXT\"",
            index + 1
        );
        parts.extend(
            examples(file, &block, background)
                .into_iter()
                .map(Part::Example),
        );
    }
    parts
}

fn examples(file: &str, block: &[(usize, &str)], background: Option<String>) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut continued = false;
    for &(number, line) in block {
        if let Some(command) = line.strip_prefix("$ ") {
            examples.push(Example {
                place: format!("{file}:{number}"),
                command: command.to_owned(),
                expected: String::new(),
                status: 0,
                background: background.clone(),
            });
            continued = command.ends_with('\\');
            continue;
        }
        let example = examples
            .last_mut()
            .unwrap_or_else(|| panic!("{file}:{number}: a console block starts with `$ `"));
        if continued {
            example.command.push('\n');
            example.command.push_str(line);
            continued = line.ends_with('\\');
        } else if let Some(status) = line.strip_prefix("? ") {
            example.status = status
                .parse()
                .unwrap_or_else(|_| panic!("{file}:{number}: `? N` wants a number"));
        } else {
            example.expected.push_str(line);
            example.expected.push('\n');
        }
    }
    examples
}

/// One file's bash, its directory, and its background commands.
struct Session {
    dir: tempfile::TempDir,
    shell: Child,
    input: ChildStdin,
    next: usize,
    background: Vec<(Example, u32, PathBuf)>,
    /// Commands of this section sent to the background with `&` and not waited for yet.
    unwaited: Vec<String>,
    failures: Vec<String>,
}

impl Session {
    fn new() -> Session {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::os::unix::fs::symlink(root.join("fixtures"), dir.path().join("fixtures"))
            .expect("link fixtures");
        std::fs::create_dir(dir.path().join("home")).unwrap();
        std::fs::create_dir(dir.path().join(".out")).unwrap();
        let bin_dir = common::binary().parent().unwrap().to_path_buf();
        let path = std::env::var_os("PATH").unwrap_or_default();
        let path =
            std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(&path)))
                .unwrap();
        let mut shell = Command::new("bash");
        shell
            .args(["--norc", "--noprofile"])
            .env_clear()
            .env("PATH", path)
            .env("HOME", dir.path().join("home"))
            .env("TZ", "UTC")
            .env("LANG", "C.UTF-8")
            .env("NO_COLOR", "1")
            .env("TERM", "dumb")
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut shell = shell.spawn().expect("start bash");
        let mut input = shell.stdin.take().unwrap();
        // Job control: background commands get Ctrl-C like a terminal's, instead of
        // ignoring SIGINT as a script's background commands do.
        writeln!(input, "set -m").unwrap();
        Session {
            dir,
            shell,
            input,
            next: 0,
            background: Vec::new(),
            unwaited: Vec::new(),
            failures: Vec::new(),
        }
    }

    fn out(&self, name: &str) -> PathBuf {
        self.dir.path().join(".out").join(name)
    }

    fn run(&mut self, mut example: Example) {
        if let Some(args) = example.command.strip_prefix("cargo run --release -- ") {
            example.command = format!("roomz-hook {args}");
        }
        self.next += 1;
        let n = self.next;
        let output = self.out(&format!("{n}.out"));
        if let Some(until) = example.background.clone() {
            let pid_file = self.out(&format!("{n}.pid"));
            writeln!(
                self.input,
                "{} > '{}' 2>&1 < /dev/null &\necho $! > '{}'",
                example.command,
                output.display(),
                pid_file.display()
            )
            .unwrap();
            let pid = wait_for(&pid_file, READY_TIMEOUT)
                .and_then(|text| text.trim().parse::<u32>().ok())
                .unwrap_or_else(|| {
                    panic!("{}: the background command did not start", example.place)
                });
            let deadline = Instant::now() + READY_TIMEOUT;
            while !std::fs::read_to_string(&output)
                .unwrap_or_default()
                .contains(&until)
            {
                if Instant::now() > deadline || !alive(pid) {
                    self.failures.push(format!(
                        "{}: `{}` never printed {until:?}; it printed:\n{}",
                        example.place,
                        example.command,
                        std::fs::read_to_string(&output).unwrap_or_default()
                    ));
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            self.background.push((example, pid, output));
            return;
        }
        // A command sent to the background must be waited for by a later one of its
        // section (as a CI script does), or it would outlive the test.
        if example.command.split_whitespace().any(|word| word == "&") {
            self.unwaited.push(example.place.clone());
        }
        if example
            .command
            .split_whitespace()
            .any(|word| word == "wait")
        {
            self.unwaited.clear();
        }
        let status_file = self.out(&format!("{n}.status"));
        writeln!(
            self.input,
            "{{ {}\n}} > '{}' 2>&1 < /dev/null; echo $? > '{}.tmp'; mv '{}.tmp' '{}'",
            example.command,
            output.display(),
            status_file.display(),
            status_file.display(),
            status_file.display()
        )
        .unwrap();
        let Some(status) = wait_for(&status_file, COMMAND_TIMEOUT) else {
            self.failures.push(format!(
                "{}: `{}` did not finish",
                example.place, example.command
            ));
            return;
        };
        let status: i32 = status.trim().parse().unwrap();
        let printed = std::fs::read_to_string(&output).unwrap_or_default();
        self.compare(&example, &printed, Some(status));
    }

    /// Ctrl-C for every background command, then their output compared.
    fn stop_background(&mut self) {
        for place in std::mem::take(&mut self.unwaited) {
            self.failures.push(format!(
                "{place}: a command sent to the background with `&` is never waited for; \
                 `wait` for it, or write it as a `console background until=\"TEXT\"` block"
            ));
        }
        for (example, pid, output) in std::mem::take(&mut self.background) {
            let _ = Command::new("kill")
                .args(["-INT", &pid.to_string()])
                .status();
            let deadline = Instant::now() + STOP_TIMEOUT;
            while alive(pid) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            if alive(pid) {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
                self.failures.push(format!(
                    "{}: `{}` did not stop on Ctrl-C",
                    example.place, example.command
                ));
            }
            let printed = std::fs::read_to_string(&output).unwrap_or_default();
            self.compare(&example, &printed, None);
        }
    }

    fn compare(&mut self, example: &Example, printed: &str, status: Option<i32>) {
        // Paths are shown as a reader's terminal shows them: the home directory as `~`,
        // the working directory's files relative to it.
        let home = self.dir.path().join("home").display().to_string();
        let cwd = format!("{}/", self.dir.path().display());
        let printed = printed.replace(&home, "~").replace(&cwd, "");
        let printed = printed.as_str();
        if let Some(status) = status {
            if status != example.status {
                self.failures.push(format!(
                    "{}: `{}` exited {status}, the sample says {}; it printed:\n{printed}",
                    example.place, example.command, example.status
                ));
                return;
            }
        }
        let assert = snapbox::Assert::new();
        let name = &example.place as &dyn std::fmt::Display;
        if let Err(error) = assert.try_eq(
            Some(name),
            snapbox::IntoData::into_data(printed.to_owned()),
            snapbox::IntoData::into_data(example.expected.clone()),
        ) {
            self.failures.push(format!(
                "{}: `{}`:\n{error}",
                example.place, example.command
            ));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        for (_, pid, _) in &self.background {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
        let _ = self.shell.kill();
        let _ = self.shell.wait();
    }
}

/// Whether a process is still running (a zombie has finished).
fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
        Err(_) => false,
    }
}

fn wait_for(path: &Path, timeout: Duration) -> Option<String> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            return Some(text);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Runs every example of one markdown file (relative to the repository).
fn check_file(relative: &str) {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{relative}: {e}"));
    let parts = parse(relative, &text);
    let mut session = Session::new();
    let mut ran = 0;
    for part in parts {
        match part {
            Part::Heading => session.stop_background(),
            Part::Example(example) => {
                ran += 1;
                session.run(example);
            }
        }
    }
    session.stop_background();
    assert!(ran > 0, "{relative} has no console example");
    assert!(
        session.failures.is_empty(),
        "{} of {ran} examples in {relative} differ from what the tool does:\n\n{}",
        session.failures.len(),
        session.failures.join("\n\n")
    );
}

#[test]
fn readme_examples_run_as_written() {
    check_file("README.md");
}

#[test]
fn command_reference_examples_run_as_written() {
    check_file("docs/commands.md");
}

#[test]
fn walkthrough_examples_run_as_written() {
    check_file("docs/walkthrough.md");
}

#[test]
fn every_doc_with_commands_is_checked() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let checked = ["commands.md", "walkthrough.md"];
    for entry in std::fs::read_dir(docs).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if text.contains("```console") {
            assert!(
                checked.contains(&name.as_str()),
                "docs/{name} has console examples no test runs"
            );
        }
    }
}

/// The code of the first ```` ```bash ```` block after `heading` in a markdown file.
fn script_under(relative: &str, heading: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = std::fs::read_to_string(path).unwrap();
    let after = text
        .split_once(heading)
        .unwrap_or_else(|| panic!("{relative} has no heading {heading:?}"))
        .1;
    let start = after
        .find("```bash\n")
        .expect("a bash block under the heading")
        + 8;
    let end = after[start..].find("```").expect("the block's end");
    after[start..start + end].to_owned()
}

/// Runs the CI script of docs/commands.md over a directory of captures.
fn run_ci_script(captures: &[(&str, Vec<u8>)]) -> std::process::Output {
    let sandbox = common::Sandbox::new();
    let script = sandbox.write(
        "ci.sh",
        script_under("docs/commands.md", "### In a CI script"),
    );
    std::fs::create_dir(sandbox.path("recorded-requests")).unwrap();
    for (name, bytes) in captures {
        sandbox.write(&format!("recorded-requests/{name}"), bytes);
    }
    let bin_dir = common::binary().parent().unwrap().to_path_buf();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path =
        std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(&path))).unwrap();
    Command::new("bash")
        .arg(script)
        .env("PATH", path)
        .env("HOME", sandbox.dir.path())
        .env("ROOMZ_HOOK_CONFIG", sandbox.path("config.toml"))
        .env("ROOMZ_TEST_SECRET", "whsec_roomz_hook_demo")
        .env_remove("ROOMZ_WEBHOOK_SECRET")
        .current_dir(sandbox.dir.path())
        .output()
        .expect("run bash")
}

#[test]
fn ci_script_fails_when_a_signature_fails() {
    let good = std::fs::read(common::fixture("captures/presence.http")).unwrap();
    let tampered = String::from_utf8(good.clone())
        .unwrap()
        .replace("\"Busy\"", "\"Free\"");
    assert_ne!(
        tampered.as_bytes(),
        &good[..],
        "the fixture changed: tamper it otherwise"
    );
    let output = run_ci_script(&[
        ("good.http", good.clone()),
        ("tampered.http", tampered.into_bytes()),
    ]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stdout = common::text(&output.stdout);
    assert!(
        stdout.contains("tampered.http"),
        "the script names the failing capture: {stdout}"
    );
    assert!(
        !stdout
            .lines()
            .any(|line| line.starts_with("recorded-requests/good.http")),
        "only the failing capture is listed: {stdout}"
    );

    let passing = run_ci_script(&[("good.http", good)]);
    assert_eq!(passing.status.code(), Some(0), "{passing:?}");
}

#[test]
fn shell_blocks_hold_no_untested_commands() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        files.push(entry.unwrap().path());
    }
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut in_sh = false;
        for (number, line) in text.lines().enumerate() {
            if let Some(info) = line.strip_prefix("```") {
                in_sh = !in_sh && matches!(info.trim(), "sh" | "shell");
                continue;
            }
            assert!(
                !(in_sh && line.trim_start().starts_with("roomz-hook")),
                "{}:{}: a roomz-hook command in a ```sh block is not run by any test; \
                 write it as a ```console example",
                file.display(),
                number + 1
            );
        }
    }
}
