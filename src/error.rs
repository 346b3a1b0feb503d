//! Errors that end a command. Problems with single files are
//! [`crate::model::Warning`]s instead, and the scan goes on.

use std::path::{Path, PathBuf};

/// Errors that end a command (per-file problems are warnings instead).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {}", io_words(source))]
    /// An I/O error on a path the command needs (PATH, `--output`).
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    #[error("{what}: {}", io_words(source))]
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

/// An I/O error in words, once: the OS's message without its
/// `(os error N)`, lower-cased, and "does not exist" for a missing path.
pub fn io_words(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound && e.raw_os_error().is_some() {
        return "does not exist".into();
    }
    let text = e.to_string();
    let text = match text.find(" (os error ") {
        Some(i) => &text[..i],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if chars.clone().next().is_some_and(char::is_lowercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_string(),
    }
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
