//! What a batch of file-system events means: events are coalesced per path
//! for the debounce window, then each settled path is compared with the
//! baseline (size and mtime of every file seen so far) and becomes one
//! classified change. Dropped events and storms become folder rescans
//! against the baseline, so every file is still counted and memory stays
//! bounded. No notify types here: the loop in `mod.rs` translates them.

use std::collections::{HashMap, HashSet};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::classify::one::classify_file;
use crate::classify::rules::RuleSet;
use crate::layout::Layout;
use crate::model::watch::{Busy, Op, WatchEvent, WatchSummary, VANISHED_LISTED};

/// Paths waiting for their debounce window before the storm mode folds
/// them into folder rescans.
pub const MAX_PENDING: usize = 20_000;

/// Size and mtime (ns) of a file.
pub type Stamp = (u64, i128);

/// What a raw event says happened to its paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Raw {
    /// Something happened at this path (created, written, removed…).
    Touched(PathBuf, bool),
    /// A rename with both names known.
    Renamed(PathBuf, PathBuf),
    /// Events were dropped (queue overflow): rescan this folder.
    Rescan(PathBuf),
}

/// The state of a watch.
pub struct Engine<'a> {
    layout: &'a Layout,
    rules: RuleSet,
    baseline: HashMap<PathBuf, Stamp>,
    /// Paths reported `created` during the watch and still there.
    born: HashSet<PathBuf>,
    /// Paths a create event named (for temp files gone before settling).
    announced: HashSet<PathBuf>,
    pending: HashMap<PathBuf, Instant>,
    renames: Vec<(PathBuf, PathBuf, Instant)>,
    rescans: HashSet<PathBuf>,
    /// The storm mode was entered (warned once).
    pub stormed: bool,
    summary: WatchSummary,
    busy: HashMap<String, u64>,
}

impl<'a> Engine<'a> {
    /// An engine over `layout` with the baseline the walk made.
    pub fn new(layout: &'a Layout, baseline: HashMap<PathBuf, Stamp>) -> Engine<'a> {
        Engine {
            layout,
            rules: RuleSet::new(),
            baseline,
            born: HashSet::new(),
            announced: HashSet::new(),
            pending: HashMap::new(),
            renames: Vec::new(),
            rescans: HashSet::new(),
            stormed: false,
            summary: WatchSummary::default(),
            busy: HashMap::new(),
        }
    }

    /// Files in the baseline now.
    pub fn known(&self) -> usize {
        self.baseline.len()
    }

    /// Nothing waits to be settled.
    pub fn idle(&self) -> bool {
        self.pending.is_empty() && self.renames.is_empty() && self.rescans.is_empty()
    }

    /// Records one raw event (nothing is read yet).
    pub fn record(&mut self, raw: Raw, now: Instant) {
        match raw {
            Raw::Touched(p, created) => {
                if created && self.announced.len() < 4 * MAX_PENDING {
                    self.announced.insert(p.clone());
                }
                if self.pending.len() >= MAX_PENDING && !self.pending.contains_key(&p) {
                    // A storm: the folder is rescanned instead of every path
                    // being held.
                    self.stormed = true;
                    if let Some(dir) = p.parent() {
                        self.rescans.insert(dir.to_path_buf());
                    }
                } else {
                    self.pending.insert(p, now);
                }
            }
            Raw::Renamed(from, to) => {
                self.pending.remove(&from);
                self.pending.remove(&to);
                self.renames.push((from, to, now));
            }
            Raw::Rescan(dir) => {
                self.rescans.insert(dir);
            }
        }
    }

    /// Settles what has been quiet for `debounce` (everything with `all`).
    pub fn flush(&mut self, now: Instant, debounce: Duration, all: bool) -> Vec<WatchEvent> {
        let ripe = |t: &Instant| all || now.duration_since(*t) >= debounce;
        let mut out = Vec::new();
        let renames: Vec<_> = std::mem::take(&mut self.renames);
        for (from, to, t) in renames {
            if ripe(&t) {
                self.settle_rename(&from, &to, &mut out);
            } else {
                self.renames.push((from, to, t));
            }
        }
        let mut paths: Vec<PathBuf> = self
            .pending
            .iter()
            .filter(|(_, t)| ripe(t))
            .map(|(p, _)| p.clone())
            .collect();
        paths.sort();
        for p in paths {
            self.pending.remove(&p);
            self.settle(&p, &mut out);
        }
        if all || self.pending.is_empty() {
            let mut dirs: Vec<PathBuf> = self.rescans.drain().collect();
            dirs.sort();
            for d in dirs {
                self.rescan(&d, &mut out);
            }
        }
        self.summary.events += out.len() as u64;
        out
    }

    /// Compares one path with the baseline.
    fn settle(&mut self, p: &Path, out: &mut Vec<WatchEvent>) {
        match std::fs::symlink_metadata(p) {
            Ok(m) if m.is_file() => {
                let now = stamp(&m);
                let op = match self.baseline.get(p) {
                    None => Some(Op::Created),
                    Some(old) if now.0 > old.0 => Some(Op::Grew),
                    Some(old) if now.0 < old.0 => Some(Op::Shrank),
                    Some(old) if now.1 != old.1 => Some(Op::Rewritten),
                    Some(_) => None,
                };
                let old = self
                    .baseline
                    .insert(p.to_path_buf(), now)
                    .map_or(0, |s| s.0);
                if let Some(op) = op {
                    if op == Op::Created {
                        self.summary.created += 1;
                        self.born.insert(p.to_path_buf());
                    }
                    out.push(self.event(op, p, now.0 as i64 - old as i64));
                }
            }
            Ok(m) if m.is_dir() => self.rescan(p, out),
            Ok(_) => {}
            Err(_) => self.gone(p, out),
        }
        self.announced.remove(p);
    }

    /// A path that is not there (any more).
    fn gone(&mut self, p: &Path, out: &mut Vec<WatchEvent>) {
        if let Some(old) = self.baseline.remove(p) {
            if self.born.remove(p) {
                self.vanished(p);
            }
            out.push(self.event(Op::Removed, p, -(old.0 as i64)));
            return;
        }
        // A folder that went: every file known below it.
        let below: Vec<PathBuf> = self
            .baseline
            .keys()
            .filter(|k| k.starts_with(p))
            .cloned()
            .collect();
        if below.is_empty() {
            if self.announced.contains(p) {
                // Created and removed within one window: never a file we
                // could report, still a temp file that came and went.
                self.summary.created += 1;
                self.vanished(p);
            }
            return;
        }
        for k in below {
            self.gone(&k, out);
        }
    }

    fn settle_rename(&mut self, from: &Path, to: &Path, out: &mut Vec<WatchEvent>) {
        let Some(old) = self.baseline.remove(from) else {
            // Renamed from a name never seen as a file: `to` is new.
            self.announced.remove(from);
            self.settle(to, out);
            return;
        };
        let born = self.born.remove(from);
        match std::fs::symlink_metadata(to) {
            Ok(m) if m.is_file() => {
                let now = stamp(&m);
                self.baseline.insert(to.to_path_buf(), now);
                if born {
                    self.born.insert(to.to_path_buf());
                }
                let mut e = self.event(Op::Renamed, to, now.0 as i64 - old.0 as i64);
                e.to = Some(e.path.clone());
                e.path = self.rel(from);
                out.push(e);
            }
            _ => {
                self.baseline.insert(from.to_path_buf(), old);
                self.gone(from, out);
                self.settle(to, out);
            }
        }
    }

    /// Compares a folder's files with the baseline: new and changed files
    /// are reported, known ones no longer there are removed.
    fn rescan(&mut self, dir: &Path, out: &mut Vec<WatchEvent>) {
        if dir.as_os_str().is_empty() {
            // An overflow that names no folder: every watched place.
            let roots: Vec<PathBuf> = self
                .layout
                .walk_roots
                .iter()
                .filter(|r| r.abs.is_dir())
                .map(|r| r.abs.clone())
                .collect();
            for r in roots {
                self.rescan(&r, out);
            }
            return;
        }
        let mut present = HashSet::new();
        for (p, _) in list_tree(dir) {
            present.insert(p.clone());
            self.settle(&p, out);
        }
        let lost: Vec<PathBuf> = self
            .baseline
            .keys()
            .filter(|k| k.starts_with(dir) && !present.contains(*k))
            .cloned()
            .collect();
        for p in lost {
            self.gone(&p, out);
        }
    }

    fn vanished(&mut self, p: &Path) {
        self.summary.vanished_count += 1;
        if self.summary.vanished.len() < VANISHED_LISTED {
            let rel = self.rel(p);
            self.summary.vanished.push(rel);
        }
    }

    fn rel(&self, p: &Path) -> String {
        p.strip_prefix(&self.layout.root)
            .unwrap_or(p)
            .to_string_lossy()
            .into_owned()
    }

    /// One classified change (and its share of the summary).
    fn event(&mut self, op: Op, p: &Path, delta: i64) -> WatchEvent {
        let one = classify_file(self.layout, &self.rules, p);
        let path = self.rel(p);
        let by = delta.unsigned_abs();
        match op {
            Op::Created => self.summary.bytes_created += by,
            Op::Grew => self.summary.bytes_grown += by,
            Op::Shrank => self.summary.bytes_shrunk += by,
            Op::Removed => self.summary.bytes_removed += by,
            _ => {}
        }
        if delta > 0 {
            let d = delta as u64;
            *self
                .summary
                .bytes_by_category
                .entry(one.class.category.to_string())
                .or_default() += d;
            if let Some(a) = &one.account {
                *self
                    .summary
                    .bytes_by_account
                    .entry(a.to_string())
                    .or_default() += d;
            }
            let folder = path.rsplit_once('/').map_or("", |(d, _)| d).to_string();
            *self.busy.entry(folder).or_default() += d;
        }
        WatchEvent {
            ts: crate::model::time::now(),
            op,
            path,
            to: None,
            size: one.size,
            delta,
            category: one.class.category,
            kind: one.class.kind,
            format: one.class.format,
            account: one.account.map(|a| a.to_string()),
            chat: one.chat,
            month: one.month.map(|m| m.to_string()),
        }
    }

    /// The summary so far.
    pub fn summary(&self) -> WatchSummary {
        let mut s = self.summary.clone();
        let mut busy: Vec<(&String, &u64)> = self.busy.iter().collect();
        busy.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        s.busiest = busy
            .into_iter()
            .take(10)
            .map(|(f, b)| Busy {
                folder: f.clone(),
                bytes: *b,
            })
            .collect();
        s
    }
}

/// Size and mtime of a file's metadata.
pub fn stamp(m: &std::fs::Metadata) -> Stamp {
    stamp_of(m.len(), m.mtime(), m.mtime_nsec())
}

/// A stamp from size, mtime seconds and nanoseconds.
pub fn stamp_of(size: u64, secs: i64, nanos: i64) -> Stamp {
    (size, i128::from(secs) * 1_000_000_000 + i128::from(nanos))
}

/// Every regular file below `dir` with its stamp; links are listed, never
/// followed (`symlink_metadata`), and unreadable folders are skipped.
pub fn list_tree(dir: &Path) -> Vec<(PathBuf, Stamp)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let Ok(m) = std::fs::symlink_metadata(e.path()) else {
                continue;
            };
            if m.is_dir() {
                stack.push(e.path());
            } else if m.is_file() {
                out.push((e.path(), stamp(&m)));
            }
        }
    }
    out
}
