//! `explain FOLDER`: what a folder is to WeChat and what it holds.

use serde::Serialize;

use super::inventory::Count;

/// A folder explained (`folders[]` of `wxinspect.explain/1`).
#[derive(Debug, Clone, Serialize)]
pub struct FolderSummary {
    /// The folder, absolute (`<root>` with `--anonymize`).
    pub path: String,
    /// A WeChat location was recognised there.
    pub wechat_location: bool,
    /// The roles of the WeChat places in it.
    pub roles: Vec<String>,
    /// The accounts in it.
    pub accounts: Vec<String>,
    /// Files, hard links once.
    pub files: u64,
    /// Bytes.
    pub bytes: u64,
    /// Files and bytes per category, largest first.
    pub by_category: Vec<(String, Count)>,
}
