//! wxinspect: audit what WeChat for macOS keeps on disk, strictly
//! read-only.
//!
//! The folders are the pipeline, in layers, lowest first; a module imports
//! only from layers below its own (`ARCHITECTURE.md`; a test holds it):
//!
//! ```text
//! model → fsio → digest → scratch → formats → layout → walk → classify → inspect → analyze → scan → render → watch → browse → cli → cmd
//! ```
//!
//! `src/main.rs` only parses arguments, calls [`cmd::run`] and maps the
//! outcome to an exit code.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod error;
pub mod model;

pub mod fsio;

pub mod digest;

pub mod scratch;

pub mod formats;

pub mod layout;

pub mod walk;

pub mod classify;

pub mod inspect;

pub mod analyze;

pub mod scan;

pub mod render;

pub mod watch;

pub mod browse;

pub mod cli;

pub mod cmd;

pub use error::Error;

/// The layers, lowest first: a module may use `crate::` paths of the layers
/// before its own and of its own folder, never of a later one. `error` sits
/// with `model` at the bottom. ARCHITECTURE.md quotes this list; the layer
/// test in `tests/it/architecture.rs` enforces it.
pub const LAYERS: &[&str] = &[
    "error", "model", "fsio", "digest", "scratch", "formats", "layout", "walk", "classify",
    "inspect", "analyze", "scan", "render", "watch", "browse", "cli", "cmd",
];
