//! What a walk is told: how many reads may be in flight, what to call
//! before each open (tests), and the counters a progress display reads.

use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

/// Options of one walk.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Reads in flight: the walker's blocking workers (0 =
    /// [`DEFAULT_IO_DEPTH`]). Each worker waits in a system call most of the
    /// time on a cold cache, so this is sized for the drive, not the cores.
    pub io_depth: usize,
    /// Called with a regular file's path between listing and opening it.
    /// For tests only: it lets a test make a file vanish or grow at the
    /// worst moment.
    #[doc(hidden)]
    pub before_open: Option<Hook>,
    /// Record what `lstat` says of every folder, link and special entry
    /// ([`super::Found::stats`]: one `fstat` per folder more).
    pub stats: bool,
}

/// Reads in flight by default: chosen by measurement on a cold cache
/// (BENCHMARKS.md, "cold cache": the curve of depth against time). An NVMe
/// drive serves many small reads at once; with one per core it idles.
pub const DEFAULT_IO_DEPTH: usize = 32;

/// The I/O depth to use for `asked` (0: the default).
pub fn io_depth(asked: usize) -> usize {
    if asked == 0 {
        DEFAULT_IO_DEPTH
    } else {
        asked.clamp(1, 1024)
    }
}

/// What the walk has done so far, for a progress display.
#[derive(Debug, Default)]
pub struct Progress {
    /// Regular files seen.
    pub files: AtomicU64,
    /// Their bytes.
    pub bytes: AtomicU64,
    /// A folder being read now, root-relative (for a progress screen;
    /// updated only when nobody is reading it).
    pub current: Mutex<String>,
}

/// A test hook (see [`WalkOptions::before_open`]).
#[derive(Clone)]
pub struct Hook(pub Arc<dyn Fn(&Path) + Send + Sync>);

impl std::fmt::Debug for Hook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hook")
    }
}
