//! The classifier the walker hands each open regular file to: sniff the
//! first bytes, find the rule, combine the two, attribute account, chat
//! and month, and record a [`FileEntry`] (or only count it).

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::rules::{DirRules, Rule, RuleSet};
use super::sniff::{sniff, Sniffed};
use super::{classify, content_problem, hint_for, keep_detail};
use crate::fsio::{hash_warning, io_warning, read_full, sha256_of, FileMeta, SMALL_FILE};
use crate::layout::{attribute, generation_of, resolve_account, Layout, Mapping, WalkRoot};
use sha2::{Digest, Sha256};

use crate::model::units::hex;
use crate::model::{
    Detail, FileEntry, Format, Generation, LogicalPath, Month, Mtime, Warning, WarningKind,
};
use crate::walk::{FileAt, Found, Visitor};

/// Classifies what the walker finds (see the module docs).
pub struct Classifier<'a> {
    /// Where the walk is (account aliases, the root for raw paths).
    pub layout: &'a Layout,
    /// The rule table, compiled.
    pub rules: &'a RuleSet,
    /// Keep a record only for the files this accepts; the others are only
    /// counted (a table-only scan need not hold a million records).
    pub keep: Option<fn(&FileEntry) -> bool>,
    /// Sees every file as it is classified (a streaming output writes it
    /// out there and then).
    pub sink: Option<&'a (dyn Fn(&FileEntry) + Sync)>,
    /// Read a file's content only where its rule needs it
    /// ([`Rule::needs_content`]); the others keep format `unknown`. Only for
    /// outputs that show no format (the tables), never JSON, CSV or NDJSON.
    pub lazy: bool,
    /// What to hash while a file is open for its sniff (one open per file,
    /// not a second one by path later).
    pub hash: Hashing,
    /// What [`Hashing::RepeatedSmall`] keeps while walking.
    pub stages: FirstStages,
}

/// Bytes of a file's start the first stage of `dupes` compares.
pub const PREFIX: usize = 4096;

/// First stages of files over [`PREFIX`] bytes, by (`dev`, `ino`).
pub type Prefixes = HashMap<(u64, u64), u64>;

/// The first stage of `dupes` for a file over [`PREFIX`] bytes: 64 bits of
/// the SHA-256 of its first [`PREFIX`] bytes. Only a filter (the files it
/// leaves together are compared whole by SHA-256 after), so 8 bytes per
/// file are enough and keep the table small.
pub fn first_stage(head: &[u8]) -> u64 {
    let d = Sha256::digest(head);
    u64::from_le_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
}

/// What [`Hashing::RepeatedSmall`] keeps while walking: the sizes of small
/// files met so far, and the first stages made, by inode (`dev`, `ino`).
#[derive(Debug, Default)]
pub struct FirstStages {
    seen: SeenSizes,
    table: Mutex<Prefixes>,
}

impl FirstStages {
    /// Empty unless `hash` is [`Hashing::RepeatedSmall`]. The table is
    /// sized up front for a few hundred thousand files: growing it from the
    /// walk's threads left the freed tables scattered over their allocator
    /// arenas (60 MiB more peak memory at 200k files); untouched capacity
    /// costs no memory.
    pub fn for_hashing(hash: Hashing) -> FirstStages {
        let table = match hash {
            Hashing::RepeatedSmall { .. } => Prefixes::with_capacity(1 << 18),
            _ => Prefixes::new(),
        };
        FirstStages {
            seen: SeenSizes::for_hashing(hash),
            table: Mutex::new(table),
        }
    }

    /// The first stages made, once the walk is over.
    pub fn into_table(self) -> Prefixes {
        self.table.into_inner().unwrap_or_default()
    }
}

/// What the walk hashes from the descriptor the sniff opened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Hashing {
    /// Nothing.
    #[default]
    Off,
    /// `scan --hash`: every file, except those over `max_size` (a
    /// `too_large` warning).
    Every {
        /// `--max-hash-size`.
        max_size: Option<u64>,
    },
    /// `dupes`: the first [`PREFIX`] bytes of a file of at most
    /// [`SMALL_FILE`] bytes (and `max_size`) whose size an earlier file of
    /// the walk already had, into [`Classifier::stages`]: the first stage
    /// of `dupes`, made while the file is open instead of opening it again
    /// by path (for small files the opens cost more than the bytes). The
    /// first file of each size is read later, only if its size has
    /// company. Problems are left to `dupes`, which opens the file again.
    RepeatedSmall {
        /// `--max-hash-size`.
        max_size: Option<u64>,
    },
}

/// One bit per file size up to [`SMALL_FILE`]: set once a file of that size
/// was met. Lock-free, so the walk's threads share it without waiting.
#[derive(Debug, Default)]
struct SeenSizes(Vec<AtomicU64>);

impl SeenSizes {
    /// The set [`Hashing::RepeatedSmall`] needs (8 KiB); empty otherwise.
    fn for_hashing(hash: Hashing) -> SeenSizes {
        let words = match hash {
            Hashing::RepeatedSmall { .. } => SMALL_FILE as usize / 64 + 1,
            _ => 0,
        };
        SeenSizes((0..words).map(|_| AtomicU64::new(0)).collect())
    }

    /// Marks `size` as met; whether it had been before.
    fn met_again(&self, size: u64) -> bool {
        let (word, bit) = (size as usize / 64, 1u64 << (size % 64));
        size <= SMALL_FILE
            && self
                .0
                .get(word)
                .is_some_and(|w| w.fetch_or(bit, Ordering::Relaxed) & bit != 0)
    }
}

/// What every file of one directory shares: the candidate rules and the
/// account, chat, month and generation its place in the layout gives.
pub struct DirInfo {
    rules: DirRules,
    account: Option<Arc<str>>,
    chat: Option<Arc<str>>,
    month: Option<Month>,
    generation: Option<Generation>,
    /// The file name itself carries the account (`MMappedKV/<h32>.*`).
    per_file: bool,
}

/// Per-task buffers.
#[derive(Default)]
pub struct Scratch {
    logical: String,
    rule_hits: Vec<usize>,
    last_chat: Option<Arc<str>>,
    /// The rule [`Visitor::wants_content`] found for the file about to be
    /// handed over (`Some(None)`: no rule matched).
    planned: Option<Option<&'static Rule>>,
}

/// Account, chat, month from the layout, and generation of one file.
type Place = (
    Option<Arc<str>>,
    Option<Arc<str>>,
    Option<Month>,
    Option<Generation>,
);

impl Visitor for Classifier<'_> {
    type Dir = DirInfo;
    type Scratch = Scratch;

    fn dir(&self, root: &WalkRoot, inner: &str) -> DirInfo {
        // The logical path of a child named `x`, minus the `x`.
        let mut probe = String::with_capacity(inner.len() + 2);
        if !inner.is_empty() {
            probe.push_str(inner);
            probe.push('/');
        }
        probe.push('x');
        let mut logical = String::new();
        root.logical_into(&probe, &mut logical);
        let dir_logical = logical
            .strip_suffix('x')
            .unwrap_or(&logical)
            .trim_end_matches('/');
        let attr = attribute(LogicalPath(&logical));
        let account = resolve_account(attr.account_token, &self.layout.account_aliases);
        let chat = if account.is_some() {
            attr.chat.map(Arc::from)
        } else {
            None
        };
        DirInfo {
            rules: self.rules.for_dir(LogicalPath(dir_logical)),
            account,
            chat,
            month: attr.month.and_then(Month::parse),
            generation: generation_of(LogicalPath(&logical)),
            per_file: dir_logical.ends_with("/MMappedKV"),
        }
    }

    fn wants_content(&self, scratch: &mut Scratch, dir: &DirInfo, name: &str) -> bool {
        scratch.planned = None;
        if dir.per_file {
            return true;
        }
        let rule = self
            .rules
            .first_in_dir(&dir.rules, name, &mut scratch.rule_hits);
        scratch.planned = Some(rule);
        !self.lazy || rule.is_none_or(Rule::needs_content)
    }

    fn file(
        &self,
        found: &mut Found,
        scratch: &mut Scratch,
        at: FileAt<'_, DirInfo>,
        file: Option<File>,
        meta: &FileMeta,
    ) {
        // The whole logical path is built only where a per-directory answer
        // is not enough (a single-file root, `MMappedKV/<h32>.*`).
        if at.dir.is_none_or(|i| i.per_file) {
            scratch.logical.clear();
            if at.inner.is_empty() {
                if let Mapping::Prefix(p) = &at.root.mapping {
                    scratch.logical.push_str(p.trim_end_matches('/'));
                }
            } else {
                at.root.logical_into(at.inner, &mut scratch.logical);
            }
        }
        let planned = scratch.planned.take().filter(|_| at.dir.is_some());
        let rule = match (planned, at.dir) {
            (Some(rule), _) => rule,
            (None, Some(i)) => self
                .rules
                .first_in_dir(&i.rules, at.name, &mut scratch.rule_hits),
            (None, None) => self
                .rules
                .first_match(LogicalPath(&scratch.logical), &mut scratch.rule_hits),
        };
        let size = meta.size;
        let mut sha256 = None;
        let sniffed = if let Some(file) = file.filter(|_| !meta.dataless) {
            let sniffed = match sniff(&file, size, hint_for(rule, at.name)) {
                Ok(sniffed) => {
                    sha256 = self.hash_open(&file, meta, &at, &mut found.warnings);
                    sniffed
                }
                Err(e) => {
                    found.warnings.push(io_warning(
                        at.path.full(),
                        &e,
                        at.root.bundle_id.is_some(),
                    ));
                    UNKNOWN
                }
            };
            if let Some(problem) = content_problem(rule, at.name, &sniffed, size) {
                found
                    .warnings
                    .push(Warning::corrupt(at.path.full(), problem));
            }
            sniffed
        } else if meta.dataless {
            found.warnings.push(Warning::new(
                at.path.full(),
                WarningKind::Dataless,
                "iCloud placeholder (dataless): counted, not read, so that nothing is downloaded",
            ));
            UNKNOWN
        } else {
            UNKNOWN
        };
        let class = classify(rule, &sniffed);
        let (account, chat, layout_month, generation) = self.place(&at, scratch);
        let mtime = Mtime {
            secs: meta.mtime,
            nanos: meta.mtime_nsec,
        };
        let raw_path = at.raw.map(|p| {
            p.strip_prefix(&self.layout.root)
                .map(Path::to_path_buf)
                .unwrap_or(p)
                .into_boxed_path()
        });
        let entry = FileEntry {
            path: at.path,
            lossy_name: at.lossy,
            size,
            allocated: meta.blocks * 512,
            mtime: Some(mtime),
            category: class.category,
            kind: class.kind,
            format: class.format,
            encrypted: class.encrypted,
            chat,
            account,
            month: Some(layout_month.unwrap_or_else(|| mtime.month())),
            sha256,
            inode: Some((meta.dev, meta.ino)),
            nlink: meta.nlink,
            generation,
            raw_path,
            detail: keep_detail(sniffed.detail),
            root: at.root.index,
        };
        if let Some(sink) = self.sink {
            sink(&entry);
        }
        match self.keep {
            Some(keep) if !keep(&entry) => found.tally.add(entry),
            _ => found.files.push(entry),
        }
    }
}

/// The verdict for a file that was not (or could not be) read.
pub const UNKNOWN: Sniffed = Sniffed {
    format: Format::Unknown,
    encrypted: false,
    detail: Detail::None,
};

impl Classifier<'_> {
    /// The SHA-256 [`Hashing`] asks for, from the open file. Under
    /// `--hash` a file over the limit or that fails to read gets a warning.
    fn hash_open(
        &self,
        file: &File,
        meta: &FileMeta,
        at: &FileAt<'_, DirInfo>,
        warnings: &mut Vec<Warning>,
    ) -> Option<String> {
        let size = meta.size;
        let over = |max: Option<u64>| max.filter(|m| size > *m);
        match self.hash {
            Hashing::Off => None,
            Hashing::RepeatedSmall { max_size } => {
                let wanted = size <= SMALL_FILE && over(max_size).is_none();
                if !wanted || !self.stages.seen.met_again(size) {
                    return None;
                }
                let mut head = [0u8; PREFIX];
                let n = read_full(file, &mut head, 0).ok()?;
                if size <= PREFIX as u64 {
                    // The first stage is the whole file: its SHA-256.
                    return Some(hex(&Sha256::digest(&head[..n])));
                }
                if let Ok(mut p) = self.stages.table.lock() {
                    p.insert((meta.dev, meta.ino), first_stage(&head[..n]));
                }
                None
            }
            Hashing::Every { max_size } => {
                if let Some(limit) = over(max_size) {
                    warnings.push(Warning::too_large(at.path.full(), size, limit));
                    return None;
                }
                sha256_of(file, size)
                    .map_err(|e| warnings.push(hash_warning(at.path.full(), &e)))
                    .ok()
                    .map(|d: [u8; 32]| hex(&d))
            }
        }
    }

    /// Account, chat, layout month and generation: the folder's answer, or
    /// one worked out from the file's own logical path.
    fn place(&self, at: &FileAt<'_, DirInfo>, scratch: &mut Scratch) -> Place {
        if let Some(i) = at.dir.filter(|i| !i.per_file) {
            return (i.account.clone(), i.chat.clone(), i.month, i.generation);
        }
        let logical = LogicalPath(&scratch.logical);
        let attr = attribute(logical);
        let account = resolve_account(attr.account_token, &self.layout.account_aliases);
        let chat = match (&account, attr.chat) {
            (Some(_), Some(c)) => Some(match &scratch.last_chat {
                Some(last) if &**last == c => last.clone(),
                _ => {
                    let arc: Arc<str> = c.into();
                    scratch.last_chat = Some(arc.clone());
                    arc
                }
            }),
            _ => None,
        };
        (
            account,
            chat,
            attr.month.and_then(Month::parse),
            generation_of(logical),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_met_again_only_after_a_first_time() {
        let seen = SeenSizes::for_hashing(Hashing::RepeatedSmall { max_size: None });
        assert!(!seen.met_again(0));
        assert!(seen.met_again(0));
        assert!(!seen.met_again(SMALL_FILE));
        assert!(seen.met_again(SMALL_FILE));
        assert!(!seen.met_again(63) && !seen.met_again(64));
        // Past the set, or with no set: never "again".
        assert!(!seen.met_again(SMALL_FILE + 1) && !seen.met_again(SMALL_FILE + 1));
        let off = SeenSizes::for_hashing(Hashing::Off);
        assert!(!off.met_again(5) && !off.met_again(5));
    }
}
