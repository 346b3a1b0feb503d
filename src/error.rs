//! Errors that end a command. Problems with single files are
//! [`crate::model::Warning`]s instead, and the scan goes on.

use std::path::{Path, PathBuf};

/// Errors that end a command (per-file problems are warnings instead).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    /// An I/O error on a path the command needs (PATH, `--output`).
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    #[error("{what}: {source}")]
    /// An I/O error on a stream that has no path: standard output, the
    /// terminal, the signal handler.
    Stream {
        /// What it is, in words ("standard output").
        what: &'static str,
        /// The OS error.
        source: std::io::Error,
    },
    #[error("nothing under {path} could be read: {first}")]
    /// Every entry under PATH failed to read.
    NothingReadable {
        /// The PATH.
        path: PathBuf,
        /// The first failure's message.
        first: String,
    },
    #[error("{0}")]
    /// A command line that cannot be carried out.
    Usage(String),
    #[error("{path}: {message}")]
    /// The file-system watcher could not start or watch (`watch`).
    Watch {
        /// What was to be watched.
        path: PathBuf,
        /// Why not, in words.
        message: String,
    },
    #[error("{0}")]
    /// A failure of wxinspect itself (a panic in a worker thread).
    Internal(String),
    #[error("{path}: {message}")]
    /// An input file that is not what the command needs (`diff`).
    Input {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// An I/O error on standard output.
    pub fn stdout(source: std::io::Error) -> Error {
        Error::Stream {
            what: "standard output",
            source,
        }
    }

    /// An I/O error with the path it concerns.
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
