//! The documents of `watch` (`wxinspect.watch/1`, one JSON object per
//! line): what changed, classified, and the summary at the end.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Category, Format, Kind};

/// What happened to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// It appeared.
    Created,
    /// It got larger.
    Grew,
    /// It got smaller.
    Shrank,
    /// Same size, new content (mtime changed).
    Rewritten,
    /// It went away.
    Removed,
    /// It was renamed (`to` is the new name).
    Renamed,
}

impl Op {
    /// The word lines show.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Created => "created",
            Op::Grew => "grew",
            Op::Shrank => "shrank",
            Op::Rewritten => "rewritten",
            Op::Removed => "removed",
            Op::Renamed => "renamed",
        }
    }
}

/// One change, classified as `scan` would classify the file.
#[derive(Debug, Clone, Serialize)]
pub struct WatchEvent {
    /// When it was seen (RFC 3339).
    pub ts: String,
    /// What happened.
    pub op: Op,
    /// Root-relative path (the old name of a rename).
    pub path: String,
    /// The new name of a rename.
    pub to: Option<String>,
    /// Size now (0 once removed).
    pub size: u64,
    /// Size change.
    pub delta: i64,
    /// Category.
    pub category: Category,
    /// Kind.
    pub kind: Kind,
    /// Format (sniffed; `unknown` for a file already gone).
    pub format: Format,
    /// Account id.
    pub account: Option<String>,
    /// Chat folder.
    pub chat: Option<String>,
    /// `YYYY-MM` from the layout.
    pub month: Option<String>,
}

/// A folder and the bytes written in it.
#[derive(Debug, Clone, Serialize)]
pub struct Busy {
    /// Root-relative folder.
    pub folder: String,
    /// Bytes written (growth) there.
    pub bytes: u64,
}

/// What a watch saw, at its end.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WatchSummary {
    /// Bytes written (created sizes plus growth) per category.
    pub bytes_by_category: BTreeMap<String, u64>,
    /// Bytes written per account.
    pub bytes_by_account: BTreeMap<String, u64>,
    /// Files created.
    pub created: u64,
    /// Paths that appeared and went during the watch (temp files); at most
    /// [`VANISHED_LISTED`] are listed, `vanished_count` counts them all.
    pub vanished: Vec<String>,
    /// Every path that appeared and went.
    pub vanished_count: u64,
    /// The folders written most, largest first (ten at most).
    pub busiest: Vec<Busy>,
    /// Change lines printed.
    pub events: u64,
    /// Bytes of the files created, of growth, of shrinking and of files
    /// removed, apart (they do not add up to one figure).
    #[serde(default)]
    pub bytes_created: u64,
    /// Bytes files grew by.
    #[serde(default)]
    pub bytes_grown: u64,
    /// Bytes files shrank by.
    #[serde(default)]
    pub bytes_shrunk: u64,
    /// Bytes of the files removed.
    #[serde(default)]
    pub bytes_removed: u64,
}

/// Vanished paths listed by name in the summary (the rest are counted).
pub const VANISHED_LISTED: usize = 1000;
