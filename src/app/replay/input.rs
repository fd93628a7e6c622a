//! What `replay` sends, read from its inputs in order and handed on one item at a time:
//! event files, NDJSON (streamed line by line, so a file of any size takes constant
//! memory), captures in every format `capture` reads, directories, stdin and the event
//! store. A problem with one input (a malformed line, an unreadable file) is reported and
//! the rest is still read.

use crate::app::files::Limits;
use crate::core::capture::{self, Capture};
use crate::core::record::StoredRequest;
use crate::core::signature::HEADERS;
use crate::store::{Filter, Store, StoreError};
use bytes::Bytes;
use serde::de::IgnoredAny;
use serde::Deserialize;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::body;

/// One place to read from.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file or a directory (its visible files in file-name order).
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// The requests in the event store that `filter` selects, oldest first.
    Store { path: PathBuf, filter: Filter },
    /// A body made by the program itself (`trigger`).
    Memory { source: String, body: Vec<u8> },
    /// One stored request already found under the id rule (`events resend`): its body,
    /// byte for byte, and its captured signature headers (for --keep-signature).
    Stored(Box<StoredRequest>),
}

impl Input {
    /// The command line's file arguments; `-` (stdin) may be named at most once.
    pub fn from_paths(paths: &[PathBuf]) -> Result<Vec<Input>, String> {
        if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
            return Err("stdin ('-') can be read only once: name it once".into());
        }
        Ok(paths
            .iter()
            .map(|p| match p.as_os_str() == "-" {
                true => Input::Stdin,
                false => Input::Path(p.clone()),
            })
            .collect())
    }
}

/// Whether an item is an event (its bytes are the body) or a recorded request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Event,
    Capture,
}

/// One body to deliver, and where it came from.
#[derive(Debug, Clone)]
pub struct Item {
    /// `file`, `file:LINE`, `file#ENTRY`, `store #SEQ`, `<stdin>`.
    pub source: String,
    pub body: Bytes,
    pub kind: Kind,
    /// A capture's signature headers as captured (for `--keep-signature`).
    pub signatures: Vec<(String, String)>,
}

/// An input that could not be read or used: reported, skipped, exit 2 at the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem {
    /// The file, with `:LINE` where known.
    pub location: String,
    pub message: String,
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.location, self.message)
        }
    }
}

/// What the reader hands on, in input order.
#[derive(Debug)]
pub enum Feed {
    Item(Item),
    Problem(InputProblem),
    /// Something worth saying that does not stop the item (an unknown placeholder).
    Warning(String),
    /// How many items and problems the run holds in all, once the reader knows it before
    /// the first item (`--shuffle` reads every input first): for the progress bar.
    Total(u64),
}

/// The consumer went away (the run is over): stop reading.
#[derive(Debug)]
pub struct Stopped;

type Flow = Result<(), Stopped>;

/// Looks an environment variable up, for `{{env.NAME}}`.
pub type EnvLookup = Box<dyn Fn(&str) -> Option<String> + Send>;

/// The inputs and how to go through them.
pub struct Plan {
    pub inputs: Vec<Input>,
    /// Each item is delivered this many times (at least once).
    pub repeat: u32,
    /// Deliver in a random order made from this seed (reads every input first).
    pub shuffle: Option<u64>,
    pub env: EnvLookup,
    /// How much is read: a capture or NDJSON line at most 64 MiB, a body `--max-body`.
    pub limits: Limits,
}

impl Plan {
    /// How many deliveries the plan makes, when that is known before reading: bodies in
    /// memory and stored requests (counted by the store), times `repeat`. Files and stdin
    /// are read as they are sent (an NDJSON file's lines are not counted ahead): `None`.
    pub fn total(&self) -> Option<u64> {
        let mut total: u64 = 0;
        for input in &self.inputs {
            total += match input {
                Input::Memory { .. } | Input::Stored(_) => 1,
                Input::Store { path, filter } => {
                    let store = Store::open_existing(path).ok()?;
                    store.count_matching(&resolved(&store, filter).ok()?).ok()?
                }
                Input::Path(_) | Input::Stdin => return None,
            };
        }
        Some(total * u64::from(self.repeat.max(1)))
    }

    /// Reads every input and hands on what it finds; returns early when `emit` says stop.
    pub fn run(self, mut emit: impl FnMut(Feed) -> bool) {
        let repeat = self.repeat.max(1);
        let mut reader = Reader {
            env: &*self.env,
            limits: self.limits,
            emit: &mut |feed| emit(feed),
        };
        match self.shuffle {
            None => {
                let _ = reader.read_all(&self.inputs, repeat);
            }
            Some(seed) => {
                let mut items = Vec::new();
                let mut problems: u64 = 0;
                let mut collect = |feed: Feed| match feed {
                    Feed::Item(item) => {
                        items.push(item);
                        true
                    }
                    other => {
                        problems += u64::from(matches!(other, Feed::Problem(_)));
                        (reader.emit)(other)
                    }
                };
                let mut collector = Reader {
                    env: reader.env,
                    limits: reader.limits,
                    emit: &mut collect,
                };
                if collector.read_all(&self.inputs, repeat).is_err() {
                    return;
                }
                fastrand::Rng::with_seed(seed).shuffle(&mut items);
                if !(reader.emit)(Feed::Total(items.len() as u64 + problems)) {
                    return;
                }
                for item in items {
                    if !(reader.emit)(Feed::Item(item)) {
                        return;
                    }
                }
            }
        }
    }
}

struct Reader<'a> {
    env: &'a (dyn Fn(&str) -> Option<String> + Send),
    limits: Limits,
    emit: &'a mut dyn FnMut(Feed) -> bool,
}

/// The keys that tell an event from a capture; any other key is skipped unread.
#[derive(Deserialize)]
struct Keys {
    id: Option<IgnoredAny>,
    #[serde(rename = "type")]
    event_type: Option<IgnoredAny>,
    method: Option<IgnoredAny>,
    body: Option<IgnoredAny>,
    body_base64: Option<IgnoredAny>,
    headers: Option<IgnoredAny>,
    log: Option<IgnoredAny>,
    listening: Option<IgnoredAny>,
}

enum Class {
    Event,
    Capture,
    /// A line with nothing to send, such as `listen --json`'s `{"listening":URL}`.
    Skip,
}

impl Keys {
    fn class(&self) -> Class {
        if self.log.is_some()
            || self.method.is_some()
            || self.body.is_some()
            || self.body_base64.is_some()
            || self.headers.is_some()
        {
            Class::Capture
        } else if self.listening.is_some() && self.id.is_none() && self.event_type.is_none() {
            Class::Skip
        } else {
            Class::Event
        }
    }
}

/// Parses a JSON object's classifying keys; the error keeps serde's line and column.
fn classify(bytes: &[u8]) -> Result<Keys, serde_json::Error> {
    serde_json::from_slice(bytes)
}

fn starts_object(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// Appends one line (up to and with its `\n`) to `buf`, reading at most `limit` bytes in
/// all: `Ok(None)` when the line (with what `buf` held) would be longer, so that a file
/// without newlines, or `/dev/zero`, costs `limit` bytes and never more.
fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: u64,
) -> std::io::Result<Option<usize>> {
    let room = limit.saturating_sub(buf.len() as u64);
    let read = reader
        .by_ref()
        .take(room.saturating_add(1))
        .read_until(b'\n', buf)?;
    Ok((buf.len() as u64 <= limit).then_some(read))
}

/// Appends the rest of `reader` to `buf`, `false` when that would pass `limit` bytes.
fn read_rest(reader: &mut impl BufRead, buf: &mut Vec<u8>, limit: u64) -> std::io::Result<bool> {
    let room = limit.saturating_sub(buf.len() as u64);
    reader
        .by_ref()
        .take(room.saturating_add(1))
        .read_to_end(buf)?;
    Ok(buf.len() as u64 <= limit)
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

fn trim_newline(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// serde_json's message without its " at line L column C" suffix.
fn reason(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_string()
}

impl Reader<'_> {
    fn send(&mut self, feed: Feed) -> Flow {
        let feed = match feed {
            Feed::Item(item) => match self.limits.check_body(&item.source, &item.body) {
                Ok(()) => Feed::Item(item),
                Err(error) => Feed::Problem(capture_problem(error)),
            },
            other => other,
        };
        if (self.emit)(feed) {
            Ok(())
        } else {
            Err(Stopped)
        }
    }

    fn problem(&mut self, location: impl Into<String>, message: impl Into<String>) -> Flow {
        self.send(Feed::Problem(InputProblem {
            location: location.into(),
            message: message.into(),
        }))
    }

    /// An input (or a line of it) over the 64 MiB a capture may be: reported, and the
    /// rest of that input is not read.
    fn too_large(&mut self, location: &str) -> Flow {
        let message = format!("{}; the rest of it is not read", self.limits.file_message());
        self.problem(location, message)
    }

    fn read_all(&mut self, inputs: &[Input], repeat: u32) -> Flow {
        let mut emit_repeated = |feed: Feed| match feed {
            Feed::Item(item) => {
                for _ in 1..repeat {
                    if !(self.emit)(Feed::Item(item.clone())) {
                        return false;
                    }
                }
                (self.emit)(Feed::Item(item))
            }
            other => (self.emit)(other),
        };
        let mut reader = Reader {
            env: self.env,
            limits: self.limits,
            emit: &mut emit_repeated,
        };
        for input in inputs {
            reader.read_input(input)?;
        }
        Ok(())
    }

    fn read_input(&mut self, input: &Input) -> Flow {
        match input {
            Input::Path(path) => self.read_path(path),
            Input::Stdin => {
                let stdin = std::io::stdin();
                self.read_stream("<stdin>", stdin.lock(), Path::new("."), false, true)
            }
            Input::Store { path, filter } => self.read_store(path, filter),
            Input::Memory { source, body } => self.send(Feed::Item(Item {
                source: source.clone(),
                body: Bytes::from(body.clone()),
                kind: Kind::Event,
                signatures: Vec::new(),
            })),
            Input::Stored(row) => self.send(Feed::Item(Item {
                source: format!("store #{}", row.seq),
                signatures: signature_headers(&row.headers),
                body: Bytes::from(row.body.clone()),
                kind: Kind::Capture,
            })),
        }
    }

    fn read_path(&mut self, path: &Path) -> Flow {
        let location = path.display().to_string();
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(e) => {
                return self.problem(location, format!("cannot read it: {e}; check the path"))
            }
        };
        if !metadata.is_dir() {
            return self.read_file(path);
        }
        match crate::app::files::visible_files(path) {
            Err(e) => self.problem(location, format!("cannot list the directory: {e}")),
            Ok(files) if files.is_empty() => self.problem(
                location,
                "the directory holds no files to replay: put event files (.json), NDJSON or \
                 captures in it, or name the files",
            ),
            Ok(files) => files.iter().try_for_each(|file| self.read_file(file)),
        }
    }

    fn read_file(&mut self, path: &Path) -> Flow {
        let location = path.display().to_string();
        let file = match File::open(path) {
            Ok(file) => file,
            Err(e) => return self.problem(location, format!("cannot read it: {e}")),
        };
        let ndjson = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ndjson") || e.eq_ignore_ascii_case("jsonl"));
        let base = path.parent().unwrap_or(Path::new("."));
        self.read_stream(
            &location,
            BufReader::with_capacity(64 * 1024, file),
            base,
            ndjson,
            false,
        )
    }

    /// Reads one file or stdin, deciding its format from the first line: a JSON object
    /// alone is an event or capture file, one object per line is NDJSON (streamed), a
    /// pretty-printed object is read whole, anything else goes to `capture`. On `stdin`
    /// a whole object on the first line is NDJSON at once (streamed, see below).
    fn read_stream(
        &mut self,
        source: &str,
        mut reader: impl BufRead,
        base: &Path,
        ndjson: bool,
        stdin: bool,
    ) -> Flow {
        let read_error = |e: std::io::Error| format!("cannot read it: {e}");
        // Every byte read so far, in case the file turns out to be one object.
        let mut head = Vec::new();
        let mut line_no = 0;
        let first = loop {
            let start = head.len();
            match read_line(&mut reader, &mut head, self.limits.file) {
                Ok(None) => return self.too_large(source),
                Ok(Some(0)) => break None,
                Ok(Some(_)) => {
                    line_no += 1;
                    if !is_blank(&head[start..]) {
                        break Some(start);
                    }
                }
                Err(e) => return self.problem(source, read_error(e)),
            }
        };
        let Some(first) = first else {
            return self.problem(source, "the file is empty: nothing to replay");
        };
        if !starts_object(&head[first..]) {
            match read_rest(&mut reader, &mut head, self.limits.file) {
                Err(e) => return self.problem(source, read_error(e)),
                Ok(false) => return self.too_large(source),
                Ok(true) => {}
            }
            return self.captures(capture::parse(
                source,
                &head,
                crate::app::files::on_disk(base),
            ));
        }
        let first_no = line_no;
        if ndjson {
            let line = head[first..].to_vec();
            self.ndjson_line(source, first_no, trim_newline(&line), base)?;
            return self.ndjson_rest(source, reader, line_no, base);
        }
        if classify(trim_newline(&head[first..])).is_ok() && stdin {
            // Stdin is a stream (`listen --json | replay URL -`): a first line that is a
            // whole object is a line of NDJSON, sent now rather than after the next line
            // arrives; so, as for every NDJSON line, its newline is not part of the body.
            let line = head[first..].to_vec();
            self.ndjson_line(source, first_no, trim_newline(&line), base)?;
            return self.ndjson_rest(source, reader, line_no, base);
        }
        if classify(trim_newline(&head[first..])).is_ok() {
            // One complete object on the first line: NDJSON if another line follows.
            let mut next = Vec::new();
            loop {
                next.clear();
                match read_line(&mut reader, &mut next, self.limits.file) {
                    Ok(None) => return self.too_large(&format!("{source}:{}", line_no + 1)),
                    Ok(Some(0)) => return self.object(source, head, base),
                    Ok(Some(_)) => {
                        line_no += 1;
                        if !is_blank(&next) {
                            break;
                        }
                        head.extend_from_slice(&next);
                    }
                    Err(e) => return self.problem(source, read_error(e)),
                }
            }
            let line = head[first..].to_vec();
            self.ndjson_line(source, first_no, trim_newline(&line), base)?;
            self.ndjson_line(source, line_no, trim_newline(&next), base)?;
            return self.ndjson_rest(source, reader, line_no, base);
        }
        // A pretty-printed object, or NDJSON whose first line is broken: read it whole.
        match read_rest(&mut reader, &mut head, self.limits.file) {
            Err(e) => return self.problem(source, read_error(e)),
            Ok(false) => return self.too_large(source),
            Ok(true) => {}
        }
        match classify(&head) {
            Ok(_) => self.object(source, head, base),
            Err(error) => {
                let mut lines = head.split(|&b| b == b'\n').skip(first_no);
                if lines.any(|l| starts_object(l) && classify(trim_newline(l)).is_ok()) {
                    self.ndjson_rest(source, &head[..], 0, base)
                } else {
                    self.problem(
                        source,
                        format!(
                            "invalid JSON at line {}, column {}: {}",
                            error.line(),
                            error.column(),
                            reason(&error)
                        ),
                    )
                }
            }
        }
    }

    /// NDJSON lines after line `line_no`, one at a time.
    fn ndjson_rest(
        &mut self,
        source: &str,
        mut reader: impl BufRead,
        mut line_no: usize,
        base: &Path,
    ) -> Flow {
        let mut line = Vec::with_capacity(4096);
        loop {
            line.clear();
            match read_line(&mut reader, &mut line, self.limits.file) {
                Ok(None) => return self.too_large(&format!("{source}:{}", line_no + 1)),
                Ok(Some(0)) => return Ok(()),
                Ok(Some(_)) => {
                    line_no += 1;
                    self.ndjson_line(source, line_no, trim_newline(&line), base)?;
                }
                Err(e) => {
                    return self.problem(
                        format!("{source}:{}", line_no + 1),
                        format!("cannot read it: {e}"),
                    )
                }
            }
        }
    }

    fn ndjson_line(&mut self, source: &str, line_no: usize, line: &[u8], base: &Path) -> Flow {
        if is_blank(line) {
            return Ok(());
        }
        let location = format!("{source}:{line_no}");
        if !starts_object(line) {
            return self.problem(location, "not a JSON object: each NDJSON line must be one event or capture object; the line is skipped");
        }
        match classify(line) {
            Err(error) => self.problem(
                location,
                format!(
                    "invalid JSON at column {}: {}; the line is skipped",
                    error.column(),
                    reason(&error)
                ),
            ),
            Ok(keys) => match keys.class() {
                Class::Skip => Ok(()),
                Class::Event => self.event(location, line),
                Class::Capture => self.captures(capture::parse(
                    &location,
                    line,
                    crate::app::files::on_disk(base),
                )),
            },
        }
    }

    /// A whole file holding one JSON object: an event (its exact bytes), a capture or a HAR.
    fn object(&mut self, source: &str, bytes: Vec<u8>, base: &Path) -> Flow {
        match classify(&bytes).map(|keys| keys.class()) {
            Ok(Class::Capture) => self.captures(capture::parse(
                source,
                &bytes,
                crate::app::files::on_disk(base),
            )),
            Ok(Class::Skip) => Ok(()),
            _ => self.event(source.to_string(), &bytes),
        }
    }

    /// An event body: placeholders rendered, everything else byte for byte.
    fn event(&mut self, source: String, bytes: &[u8]) -> Flow {
        let now = time::OffsetDateTime::now_utc();
        match body::render(bytes, now, self.env) {
            Err(error) => self.problem(source, format!("{error}; the event is skipped")),
            Ok(rendered) => {
                if !rendered.unknown.is_empty() {
                    self.send(Feed::Warning(format!(
                        "{source}: left as written: {} (placeholders are {{{{uuid}}}}, {{{{now}}}} and {{{{env.NAME}}}})",
                        rendered.unknown.join(", ")
                    )))?;
                }
                let body = match rendered.body {
                    std::borrow::Cow::Borrowed(b) => Bytes::copy_from_slice(b),
                    std::borrow::Cow::Owned(b) => Bytes::from(b),
                };
                self.send(Feed::Item(Item {
                    source,
                    body,
                    kind: Kind::Event,
                    signatures: Vec::new(),
                }))
            }
        }
    }

    fn captures(&mut self, parsed: Result<Vec<Capture>, capture::CaptureError>) -> Flow {
        match parsed {
            Err(error) => self.send(Feed::Problem(capture_problem(error))),
            Ok(captures) => captures.into_iter().try_for_each(|c| {
                self.send(Feed::Item(Item {
                    signatures: signature_headers(&c.headers),
                    source: c.source,
                    body: Bytes::from(c.body),
                    kind: Kind::Capture,
                }))
            }),
        }
    }

    fn read_store(&mut self, path: &Path, filter: &Filter) -> Flow {
        let location = path.display().to_string();
        let store = match Store::open_existing(path) {
            Ok(store) => store,
            Err(e @ StoreError::NoStoreYet { .. }) => return self.problem(location, e.to_string()),
            Err(e) => return self.problem(location, format!("cannot open the event store: {e}")),
        };
        let filter = match resolved(&store, filter) {
            Ok(filter) => filter,
            Err(e) => return self.problem(location, e.to_string()),
        };
        let filter = &filter;
        let mut found = false;
        let result = store.for_each(filter, |row| -> Result<(), StoreStop> {
            found = true;
            let item = Item {
                source: format!("store #{}", row.seq),
                signatures: signature_headers(&row.headers),
                body: Bytes::from(row.body),
                kind: Kind::Capture,
            };
            self.send(Feed::Item(item)).map_err(|_| StoreStop::Stopped)
        });
        match result {
            Ok(()) if !found => self.problem(
                location,
                "no stored request matches --id/--type/--since: list them with `roomz-hook events list`",
            ),
            Ok(()) => Ok(()),
            Err(StoreStop::Stopped) => Err(Stopped),
            Err(StoreStop::Store(e)) => self.problem(location, format!("cannot read the event store: {e}")),
        }
    }
}

enum StoreStop {
    Store(StoreError),
    Stopped,
}

impl From<StoreError> for StoreStop {
    fn from(error: StoreError) -> Self {
        StoreStop::Store(error)
    }
}

/// A capture error as a problem, its location kept apart from the message.
fn capture_problem(error: capture::CaptureError) -> InputProblem {
    use capture::CaptureError;
    match error {
        CaptureError::Malformed {
            location,
            format,
            message,
        } => InputProblem {
            location,
            message: format!("malformed {format} capture: {message}"),
        },
        CaptureError::NotACapture { location } => InputProblem {
            location,
            message: "neither a JSON event nor a capture (raw HTTP, JSON, HAR, NDJSON or curl)"
                .to_string(),
        },
        other => InputProblem {
            location: String::new(),
            message: other.to_string(),
        },
    }
}

/// The ROOMZ signature headers among `headers`, names as captured.
fn signature_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|(name, _)| HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)))
        .cloned()
        .collect()
}

/// `filter` with its `--id` under the store's one id rule: a unique prefix becomes the full
/// id (one that matches nothing stays as given); a prefix of several is the error listing
/// them.
fn resolved(store: &Store, filter: &Filter) -> Result<Filter, StoreError> {
    let mut filter = filter.clone();
    if let Some(key) = filter.event_id.take() {
        filter.event_id = Some(store.resolve_event_id(&key)?.unwrap_or(key));
    }
    Ok(filter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(inputs: Vec<Input>, repeat: u32, shuffle: Option<u64>) -> Vec<Feed> {
        let mut feeds = Vec::new();
        Plan {
            inputs,
            repeat,
            shuffle,
            env: Box::new(|name| (name == "WS").then(|| "w1".to_string())),
            limits: Limits::default(),
        }
        .run(|feed| {
            feeds.push(feed);
            true
        });
        feeds
    }

    fn bodies(feeds: &[Feed]) -> Vec<String> {
        feeds
            .iter()
            .filter_map(|f| match f {
                Feed::Item(item) => Some(String::from_utf8_lossy(&item.body).into_owned()),
                _ => None,
            })
            .collect()
    }

    fn problems(feeds: &[Feed]) -> Vec<String> {
        feeds
            .iter()
            .filter_map(|f| match f {
                Feed::Problem(p) => Some(p.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn event_file_is_its_exact_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.json");
        let bytes = "\n{\n  \"id\": \"a\",\n  \"type\": \"t\"\n}\n\n";
        std::fs::write(&path, bytes).unwrap();
        let one_line = dir.path().join("f.json");
        std::fs::write(&one_line, "{\"id\":\"b\"}\n\n").unwrap();
        let feeds = read(vec![Input::Path(path), Input::Path(one_line)], 1, None);
        assert_eq!(bodies(&feeds), [bytes, "{\"id\":\"b\"}\n\n"]);
    }

    #[test]
    fn ndjson_lines_without_newlines_and_bad_lines_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.txt");
        std::fs::write(
            &path,
            "{\"id\":\"1\"}\r\n{\"listening\":\"http://x\"}\n\n{\"id\": broken\n[1]\n{\"id\":\"2\"}",
        )
        .unwrap();
        let feeds = read(vec![Input::Path(path.clone())], 1, None);
        assert_eq!(bodies(&feeds), ["{\"id\":\"1\"}", "{\"id\":\"2\"}"]);
        let problems = problems(&feeds);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with(&format!("{}:4: invalid JSON", path.display())));
        assert!(problems[1].starts_with(&format!("{}:5: not a JSON object", path.display())));
    }

    #[test]
    fn ndjson_with_a_broken_first_line_still_delivers_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.json");
        std::fs::write(&path, "{\"id\": \n{\"id\":\"2\"}\n").unwrap();
        let feeds = read(vec![Input::Path(path.clone())], 1, None);
        assert_eq!(bodies(&feeds), ["{\"id\":\"2\"}"]);
        assert_eq!(problems(&feeds).len(), 1);
        assert!(problems(&feeds)[0].contains("events.json:1:"));
    }

    #[test]
    fn malformed_single_file_names_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.json");
        std::fs::write(&path, "{\n  \"id\": \"a\",\n  \"type\" \"t\"\n}\n").unwrap();
        let feeds = read(vec![Input::Path(path)], 1, None);
        assert!(bodies(&feeds).is_empty());
        assert!(
            problems(&feeds)[0].contains("invalid JSON at line 3, column"),
            "{:?}",
            problems(&feeds)
        );
    }

    #[test]
    fn directory_in_name_order_and_empty_directory() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.json", "a.json", ".hidden.json"] {
            std::fs::write(dir.path().join(name), format!("{{\"id\":\"{name}\"}}")).unwrap();
        }
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        let feeds = read(
            vec![Input::Path(dir.path().into()), Input::Path(empty)],
            1,
            None,
        );
        assert_eq!(
            bodies(&feeds),
            ["{\"id\":\"a.json\"}", "{\"id\":\"b.json\"}"]
        );
        assert!(problems(&feeds)[0].contains("holds no files to replay"));
    }

    #[test]
    fn repeat_and_seeded_shuffle() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.ndjson");
        let lines: Vec<String> = (0..20).map(|i| format!("{{\"id\":\"{i}\"}}")).collect();
        std::fs::write(&path, lines.join("\n")).unwrap();
        let repeated = bodies(&read(vec![Input::Path(path.clone())], 2, None));
        assert_eq!(repeated.len(), 40);
        assert_eq!(repeated[0], repeated[1]);
        let a = bodies(&read(vec![Input::Path(path.clone())], 1, Some(7)));
        let b = bodies(&read(vec![Input::Path(path.clone())], 1, Some(7)));
        assert_eq!(a, b, "the same seed gives the same order");
        // Read in full first, a shuffled run knows its total before its first item.
        let feeds = read(vec![Input::Path(path.clone())], 2, Some(7));
        assert!(matches!(feeds[0], Feed::Total(40)), "{:?}", feeds[0]);
        let feeds = read(vec![Input::Path(path.clone())], 1, None);
        assert!(!feeds.iter().any(|f| matches!(f, Feed::Total(_))));
        assert_ne!(a, lines, "shuffled");
        let mut sorted = a.clone();
        sorted.sort();
        let mut expected = lines.clone();
        expected.sort();
        assert_eq!(sorted, expected, "nothing lost");
    }

    #[test]
    fn placeholders_rendered_and_unset_variable_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.ndjson");
        std::fs::write(&path, "{\"w\":\"{{env.WS}}\"}\n{\"w\":\"{{env.NOPE}}\"}\n").unwrap();
        let feeds = read(vec![Input::Path(path)], 1, None);
        assert_eq!(bodies(&feeds), ["{\"w\":\"w1\"}"]);
        assert!(problems(&feeds)[0].contains("NOPE"));
    }

    #[test]
    fn capture_lines_send_their_body_and_keep_their_signature() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("listen.ndjson");
        std::fs::write(
            &path,
            "{\"listening\":\"http://127.0.0.1:1/webhook\"}\n{\"method\":\"POST\",\"path\":\"/webhook\",\"headers\":{\"Roomz-Signature\":\"sig\"},\"body_base64\":\"e30K\"}\n",
        )
        .unwrap();
        let feeds = read(vec![Input::Path(path)], 1, None);
        let Some(Feed::Item(item)) = feeds.first() else {
            panic!("{feeds:?}")
        };
        assert_eq!(&item.body[..], b"{}\n");
        assert_eq!(item.kind, Kind::Capture);
        assert_eq!(
            item.signatures,
            [("Roomz-Signature".to_string(), "sig".to_string())]
        );
    }
}
