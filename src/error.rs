//! Errors that end a command. Problems with single files are
//! [`crate::model::Warning`]s instead, and the scan goes on.

use std::path::{Path, PathBuf};

/// Errors that end a command (per-file problems are warnings instead).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("nothing under {path} could be read: {first}")]
    NothingReadable { path: PathBuf, first: String },
    #[error("{0}")]
    Usage(String),
    #[error("{path}: {message}")]
    Input { path: PathBuf, message: String },
}

impl Error {
    /// An I/O error with the path it concerns.
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
