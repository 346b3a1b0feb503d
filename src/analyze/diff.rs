//! Compare two inventories: what WeChat wrote, deleted, grew or shrank
//! between two scans. Files are matched by their path relative to the
//! root, so a scan of a copy or of a disk image mounted elsewhere compares
//! fine.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use crate::model::{FileEntry, Inventory, Warning, SCHEMA};
use crate::Error;

/// One changed file.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Root-relative path.
    pub path: String,
    /// Size in the older inventory (`null` if added).
    pub old_size: Option<u64>,
    /// Size in the newer inventory (`null` if removed).
    pub new_size: Option<u64>,
    /// Category (the newer one where both exist).
    pub category: String,
    /// Account id, where the file has one.
    pub account: Option<String>,
}

/// Per category or account.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Delta {
    /// Files added.
    pub files_added: u64,
    /// Files removed.
    pub files_removed: u64,
    /// Files grown, shrunk or rewritten.
    pub files_changed: u64,
    /// Bytes gained (negative: lost).
    pub bytes_delta: i64,
}

/// The `wxinspect.diff/1` document.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    /// `wxinspect.diff/1`.
    pub schema: &'static str,
    /// Root of the older inventory.
    pub old_root: String,
    /// Root of the newer inventory.
    pub new_root: String,
    /// When the older inventory was made.
    pub old_generated_at: String,
    /// When the newer inventory was made.
    pub new_generated_at: String,
    /// Files only in the newer inventory.
    pub added: Vec<Change>,
    /// Files only in the older inventory.
    pub removed: Vec<Change>,
    /// Files that grew.
    pub grown: Vec<Change>,
    /// Files that shrank.
    pub shrunk: Vec<Change>,
    /// Same size, new mtime or new hash.
    pub rewritten: Vec<Change>,
    /// Changes per category.
    pub by_category: BTreeMap<String, Delta>,
    /// Changes per account.
    pub by_account: BTreeMap<String, Delta>,
    /// What either scan could not read: a change there cannot be seen.
    pub warnings: Vec<SideWarning>,
    /// Per side (`old`, `new`), the warnings past the first thousand of
    /// their kind that side counted but did not list.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub warnings_omitted: BTreeMap<&'static str, crate::model::warning::Omitted>,
}

/// A warning of one of the two inventories.
#[derive(Debug, Clone, Serialize)]
pub struct SideWarning {
    /// `old` or `new`.
    pub side: &'static str,
    /// The warning as that inventory has it.
    #[serde(flatten)]
    pub warning: Warning,
}

impl Diff {
    /// The five lists of changes with their names, in report order.
    pub fn lists(&self) -> [(&'static str, &Vec<Change>); 5] {
        [
            ("added", &self.added),
            ("removed", &self.removed),
            ("grown", &self.grown),
            ("shrunk", &self.shrunk),
            ("rewritten", &self.rewritten),
        ]
    }
}

impl Diff {
    /// The five lists, to change in place.
    pub fn lists_mut(&mut self) -> [(&'static str, &mut Vec<Change>); 5] {
        [
            ("added", &mut self.added),
            ("removed", &mut self.removed),
            ("grown", &mut self.grown),
            ("shrunk", &mut self.shrunk),
            ("rewritten", &mut self.rewritten),
        ]
    }
}

/// The schema of `scan --format ndjson` (its header line).
pub const NDJSON_SCHEMA: &str = "wxinspect.inventory-ndjson/1";

/// An NDJSON inventory as an inventory: its files, warnings, root and time
/// (what a diff compares).
fn read_ndjson(path: &Path, data: &[u8]) -> Result<Inventory, Error> {
    let bad = |n: usize, e: serde_json::Error| Error::Input {
        path: path.to_path_buf(),
        message: format!("line {n}: {e}"),
    };
    let mut inv = Inventory::empty();
    // Every warning line is there; the first of each kind are kept.
    let mut warnings = crate::model::warning::Capped::default();
    for (i, line) in data.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let v: serde_json::Value = serde_json::from_slice(line).map_err(|e| bad(i + 1, e))?;
        let kind = v.get("type").and_then(|t| t.as_str()).unwrap_or("");
        match kind {
            "header" => {
                inv.root = v["root"].as_str().unwrap_or_default().to_string();
                inv.generated_at = v["generated_at"].as_str().unwrap_or_default().to_string();
            }
            "file" => inv
                .files
                .push(serde_json::from_value(v).map_err(|e| bad(i + 1, e))?),
            "warning" => warnings.push(serde_json::from_value(v).map_err(|e| bad(i + 1, e))?),
            "totals" => {
                let omitted = serde_json::from_value(v["warnings_omitted"].clone());
                inv.warnings_omitted = omitted.unwrap_or_default();
            }
            _ => {}
        }
    }
    inv.warnings = warnings.kept;
    for (k, n) in warnings.omitted {
        *inv.warnings_omitted.entry(k).or_default() += n;
    }
    inv.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(inv)
}

/// Reads an inventory document (JSON, or NDJSON lines), checking its
/// schema.
pub fn read_inventory(path: &Path) -> Result<Inventory, Error> {
    let data = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let first = data.split(|&b| b == b'\n').next().unwrap_or(&[]);
    if let Ok(h) = serde_json::from_slice::<serde_json::Value>(first) {
        if h.get("type").and_then(|t| t.as_str()) == Some("header")
            && h.get("schema").and_then(|t| t.as_str()) == Some(NDJSON_SCHEMA)
        {
            return read_ndjson(path, &data);
        }
    }
    let v: serde_json::Value = serde_json::from_slice(&data).map_err(|e| Error::Input {
        path: path.to_path_buf(),
        message: format!("not JSON: {e}"),
    })?;
    match v.get("schema").and_then(|s| s.as_str()) {
        Some(SCHEMA) => {}
        Some(other) => {
            return Err(Error::Input {
                path: path.to_path_buf(),
                message: format!("schema {other:?}, this wxinspect compares {SCHEMA:?} inventories"),
            })
        }
        None => {
            return Err(Error::Input {
                path: path.to_path_buf(),
                message: "no \"schema\" field: not a wxinspect inventory (make one with `wxinspect scan --format json`)".into(),
            })
        }
    }
    serde_json::from_value(v).map_err(|e| Error::Input {
        path: path.to_path_buf(),
        message: format!("not a valid inventory: {e}"),
    })
}

fn change(f: Option<&FileEntry>, g: Option<&FileEntry>) -> Change {
    let any = g.or(f).expect("one side");
    Change {
        path: any.path.full(),
        old_size: f.map(|f| f.size),
        new_size: g.map(|g| g.size),
        category: any.category.as_str().to_string(),
        account: any.account.as_deref().map(str::to_string),
    }
}

/// Compares two inventories.
pub fn diff(old: &Inventory, new: &Inventory) -> Diff {
    let old_by: HashMap<&crate::model::EntryPath, &FileEntry> =
        old.files.iter().map(|f| (&f.path, f)).collect();
    let new_by: HashMap<&crate::model::EntryPath, &FileEntry> =
        new.files.iter().map(|f| (&f.path, f)).collect();
    let mut d = Diff {
        schema: "wxinspect.diff/1",
        old_root: old.root.clone(),
        new_root: new.root.clone(),
        old_generated_at: old.generated_at.clone(),
        new_generated_at: new.generated_at.clone(),
        added: vec![],
        removed: vec![],
        grown: vec![],
        shrunk: vec![],
        rewritten: vec![],
        by_category: BTreeMap::new(),
        by_account: BTreeMap::new(),
        warnings: [("old", old), ("new", new)]
            .into_iter()
            .flat_map(|(side, inv)| {
                inv.warnings.iter().map(move |w| SideWarning {
                    side,
                    warning: w.clone(),
                })
            })
            .collect(),
        warnings_omitted: [("old", old), ("new", new)]
            .into_iter()
            .filter(|(_, inv)| !inv.warnings_omitted.is_empty())
            .map(|(side, inv)| (side, inv.warnings_omitted.clone()))
            .collect(),
    };
    let mut tally = |c: &Change, added: u64, removed: u64, changed: u64| {
        let delta = c.new_size.unwrap_or(0) as i64 - c.old_size.unwrap_or(0) as i64;
        for e in [
            d.by_category.entry(c.category.clone()).or_default(),
            d.by_account
                .entry(c.account.clone().unwrap_or_else(|| "(none)".into()))
                .or_default(),
        ] {
            e.files_added += added;
            e.files_removed += removed;
            e.files_changed += changed;
            e.bytes_delta += delta;
        }
    };
    let mut added = vec![];
    let mut removed = vec![];
    let mut grown = vec![];
    let mut shrunk = vec![];
    let mut rewritten = vec![];
    for g in &new.files {
        match old_by.get(&g.path) {
            None => {
                let c = change(None, Some(g));
                tally(&c, 1, 0, 0);
                added.push(c);
            }
            Some(f) => {
                let c = change(Some(f), Some(g));
                if g.size > f.size {
                    tally(&c, 0, 0, 1);
                    grown.push(c);
                } else if g.size < f.size {
                    tally(&c, 0, 0, 1);
                    shrunk.push(c);
                } else if g.mtime != f.mtime
                    || (g.sha256.is_some() && f.sha256.is_some() && g.sha256 != f.sha256)
                {
                    tally(&c, 0, 0, 1);
                    rewritten.push(c);
                }
            }
        }
    }
    for f in &old.files {
        if !new_by.contains_key(&f.path) {
            let c = change(Some(f), None);
            tally(&c, 0, 1, 0);
            removed.push(c);
        }
    }
    d.added = added;
    d.removed = removed;
    d.grown = grown;
    d.shrunk = shrunk;
    d.rewritten = rewritten;
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileEntry, Mtime};

    fn inv(files: Vec<FileEntry>) -> Inventory {
        Inventory::for_test("/r", files)
    }

    #[test]
    fn kinds_of_change() {
        let f = |p: &str, size: u64, t: i64| FileEntry {
            mtime: Some(Mtime::new(t, 0)),
            ..FileEntry::for_test(p, size, 1, 1)
        };
        let old = inv(vec![
            f("same", 1, 0),
            f("grow", 1, 0),
            f("shrink", 5, 0),
            f("touch", 3, 0),
            f("gone", 7, 0),
        ]);
        let new = inv(vec![
            f("same", 1, 0),
            f("grow", 4, 0),
            f("shrink", 2, 0),
            f("touch", 3, 9),
            f("new", 6, 0),
        ]);
        let d = diff(&old, &new);
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.removed.len(), 1);
        assert_eq!(d.grown.len(), 1);
        assert_eq!(d.shrunk.len(), 1);
        assert_eq!(d.rewritten.len(), 1);
        assert_eq!(d.by_category["media"].bytes_delta, 6 - 7 + 3 - 3);
    }
}
