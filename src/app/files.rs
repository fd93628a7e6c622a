//! The file side of inputs: the one directory walker (a directory's visible regular
//! files in name order, not recursing, so that a run over a directory is repeatable),
//! captures read from files and directories, and the reader that curl captures' `-d @FILE`
//! arguments are given ([`on_disk`]).

use crate::core::capture::{self, Capture, CaptureError, DataFiles};
use std::path::{Path, PathBuf};

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

fn read_from_disk(path: &Path) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
}

/// `-d @FILE` read from the disk, relative paths from `base_dir`.
pub fn on_disk(base_dir: &Path) -> DataFiles<'_> {
    DataFiles {
        base_dir: Some(base_dir),
        read: &read_from_disk,
    }
}

/// Reads the captures in a file, or in each file of a directory (see [`visible_files`]).
pub fn read_captures(path: &Path) -> Result<Vec<Capture>, CaptureError> {
    let io_error = |source| CaptureError::Io {
        path: path.to_path_buf(),
        source,
    };
    if !std::fs::metadata(path).map_err(io_error)?.is_dir() {
        return read_capture_file(path);
    }
    let files = visible_files(path).map_err(io_error)?;
    if files.is_empty() {
        return Err(CaptureError::EmptyDirectory {
            path: path.to_path_buf(),
        });
    }
    let mut captures = Vec::new();
    for file in files {
        captures.extend(read_capture_file(&file)?);
    }
    Ok(captures)
}

fn read_capture_file(path: &Path) -> Result<Vec<Capture>, CaptureError> {
    let bytes = std::fs::read(path).map_err(|source| CaptureError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let base_dir = path.parent().unwrap_or(Path::new(""));
    capture::parse(&path.display().to_string(), &bytes, on_disk(base_dir))
}
