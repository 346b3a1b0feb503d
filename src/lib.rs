//! wxinspect: audit what WeChat for macOS keeps on disk, strictly
//! read-only.
//!
//! The pipeline is `locate → walk → classify → inspect → inventory →
//! render` (`../shared/DESIGN.md`); each module has one job and data flows
//! one way. `src/main.rs` only parses arguments and dispatches here.
#![forbid(unsafe_code)]

pub mod anonymize;
pub mod classify;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diff;
pub mod formats;
pub mod hash;
pub mod inventory;
pub mod locate;
pub mod media;
pub mod network;
pub mod output;
pub mod render;
pub mod rules;
pub mod scan;
pub mod sniff;
pub mod time;
pub mod walk;

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
