//! The file side of inputs: the one directory walker (a directory's visible regular
//! files in name order, not recursing, so that a run over a directory is repeatable),
//! captures read from files and directories with a limit on what is read ([`Limits`]:
//! never `read_to_end` of a source that may not end, such as `/dev/zero`), and the reader
//! that curl captures' `-d @FILE` arguments are given ([`on_disk`]), which reads only
//! files inside the capture's own directory.

use crate::core::capture::{self, Capture, CaptureError, DataFiles};
use crate::core::units::format_size;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest capture file read (and the largest NDJSON line, and `-d @FILE`): 64 MiB.
pub const MAX_CAPTURE_FILE: u64 = 64 << 20;
/// The largest body by default: `listen --max-body`'s default, 1 MiB.
pub const DEFAULT_MAX_BODY: u64 = 1 << 20;

/// How much `verify` and `replay` read of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A capture file, an NDJSON line, a curl `@FILE`.
    pub file: u64,
    /// A body (`--max-body`).
    pub body: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file: MAX_CAPTURE_FILE,
            body: DEFAULT_MAX_BODY,
        }
    }
}

impl Limits {
    /// A body over the limit as an error about `location`, else `Ok`.
    pub fn check_body(&self, location: &str, body: &[u8]) -> Result<(), CaptureError> {
        if body.len() as u64 <= self.body {
            return Ok(());
        }
        Err(CaptureError::TooLarge {
            location: location.to_string(),
            message: format!(
                "the body is {} bytes, over --max-body {}: raise --max-body to read it",
                body.len(),
                format_size(self.body)
            ),
        })
    }

    /// The message for an input over [`Limits::file`].
    pub fn file_message(&self) -> String {
        format!(
            "over {}, the most a capture may be: is it a capture? (an NDJSON file \
             given to replay may be any size, each line at most this)",
            format_size(self.file)
        )
    }
}

/// Reads at most `limit` bytes of `reader`: `Ok(None)` when there is more than that
/// (what was read is dropped), so an endless source costs `limit` bytes, never more.
pub fn read_bounded(mut reader: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(Some(bytes)),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n > limit - bytes.len() {
            return Ok(None);
        }
        // Grown by doubling, but never past the limit: at most `limit` bytes are held.
        if bytes.capacity() - bytes.len() < n {
            let want = (bytes.capacity() * 2).max(bytes.len() + n).min(limit);
            bytes.reserve_exact(want - bytes.len());
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
}

/// The visible (not dot-named) regular files of `dir`, sorted by name.
pub fn visible_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if !name.as_encoded_bytes().starts_with(b".") && entry.path().is_file() {
            names.push(name);
        }
    }
    names.sort();
    Ok(names.into_iter().map(|name| dir.join(name)).collect())
}

/// A `-d @FILE`: only a regular file inside `base_dir` once both are canonicalised
/// (symlinks resolved, `..` gone), read up to [`MAX_CAPTURE_FILE`].
fn read_inside(base_dir: Option<&Path>, path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind};
    let base_dir = match base_dir {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let dir = base_dir.canonicalize()?;
    let real = path.canonicalize()?;
    if !real.starts_with(&dir) {
        return Err(Error::new(
            ErrorKind::PermissionDenied,
            format!(
                "it is {}, outside the capture's directory {}: a curl capture may read only \
                 files in its own directory (copy the file there if you trust it)",
                real.display(),
                dir.display()
            ),
        ));
    }
    if !std::fs::metadata(&real)?.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "it is not a regular file",
        ));
    }
    let file = std::fs::File::open(&real)?;
    read_bounded(file, MAX_CAPTURE_FILE)?.ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidData,
            format!("it is over {}", format_size(MAX_CAPTURE_FILE)),
        )
    })
}

/// `-d @FILE` read from the disk, relative paths from `base_dir`, and only from inside it.
pub fn on_disk(base_dir: &Path) -> DataFiles<'_> {
    DataFiles {
        base_dir: Some(base_dir),
        read: &read_inside,
    }
}

/// Reads the captures in a file, or in each file of a directory (see [`visible_files`]),
/// stopping at the first error.
pub fn read_captures(path: &Path) -> Result<Vec<Capture>, CaptureError> {
    let mut captures = Vec::new();
    for file in read_captures_each(path, Limits::default()) {
        captures.extend(file?);
    }
    Ok(captures)
}

/// Reads the captures in a file, or in each file of a directory, each file on its own:
/// one entry per file, its captures or its error, so that one bad file hides nothing.
pub fn read_captures_each(path: &Path, limits: Limits) -> Vec<Result<Vec<Capture>, CaptureError>> {
    let io_error = |source| CaptureError::Io {
        path: path.to_path_buf(),
        source,
    };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) => return vec![Err(io_error(e))],
    };
    if !metadata.is_dir() {
        return vec![read_capture_file(path, limits)];
    }
    match visible_files(path) {
        Err(e) => vec![Err(io_error(e))],
        Ok(files) if files.is_empty() => vec![Err(CaptureError::EmptyDirectory {
            path: path.to_path_buf(),
        })],
        Ok(files) => files
            .iter()
            .map(|file| read_capture_file(file, limits))
            .collect(),
    }
}

fn read_capture_file(path: &Path, limits: Limits) -> Result<Vec<Capture>, CaptureError> {
    let location = path.display().to_string();
    let io_error = |source| CaptureError::Io {
        path: path.to_path_buf(),
        source,
    };
    let too_large = || CaptureError::TooLarge {
        location: location.clone(),
        message: limits.file_message(),
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    // A regular file's size is known: one over the limit is not read at all.
    if file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() > limits.file)
    {
        return Err(too_large());
    }
    let bytes = read_bounded(file, limits.file)
        .map_err(io_error)?
        .ok_or_else(too_large)?;
    let base_dir = path.parent().unwrap_or(Path::new(""));
    parse_bounded(&location, &bytes, on_disk(base_dir), limits)
}

/// [`capture::parse`], then every body checked against `limits.body`.
pub fn parse_bounded(
    source: &str,
    bytes: &[u8],
    files: DataFiles<'_>,
    limits: Limits,
) -> Result<Vec<Capture>, CaptureError> {
    let captures = capture::parse(source, bytes, files)?;
    for capture in &captures {
        limits.check_body(&capture.source, &capture.body)?;
    }
    Ok(captures)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_source_is_read_only_up_to_the_limit() {
        let zeros = std::io::repeat(0);
        assert_eq!(read_bounded(zeros, 1000).unwrap(), None);
        assert_eq!(read_bounded(&b"abc"[..], 3).unwrap(), Some(b"abc".to_vec()));
        assert_eq!(read_bounded(&b"abcd"[..], 3).unwrap(), None);
    }

    #[cfg(unix)]
    #[test]
    fn data_files_outside_the_capture_directory_are_refused_naming_the_path() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("captures");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(root.path().join("secret.toml"), "token = 'x'").unwrap();
        std::fs::write(dir.join("body.json"), "{}").unwrap();
        std::fs::create_dir(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/inner.json"), "[]").unwrap();
        std::os::unix::fs::symlink(root.path().join("secret.toml"), dir.join("link.json")).unwrap();
        let secret = root.path().join("secret.toml");
        let outside = [
            "@../secret.toml".to_string(),
            format!("@{}", secret.display()),
            "@link.json".to_string(),
            "@sub/../../secret.toml".to_string(),
        ];
        for data in &outside {
            let command = format!("curl http://h/x --data-binary {data}");
            let error = capture::parse("c.curl", command.as_bytes(), on_disk(&dir)).unwrap_err();
            let message = error.to_string();
            assert!(
                matches!(error, CaptureError::DataFile { .. })
                    && message.starts_with("c.curl:1: cannot use the body file ")
                    && message.contains("outside the capture's directory")
                    && message.contains("secret.toml"),
                "{data}: {message}"
            );
        }
        let inside = capture::parse(
            "c.curl",
            b"curl http://h/x --data-binary @body.json -d @sub/inner.json",
            on_disk(&dir),
        )
        .unwrap();
        assert_eq!(inside[0].body, b"{}&[]");
    }
}
