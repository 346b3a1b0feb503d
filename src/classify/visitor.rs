//! The classifier the walker hands each open regular file to: find the
//! rule, sniff the first bytes, place the file ([`place_file`]: the one
//! way every command places a file), and record a [`FileEntry`] (or only
//! count it). What `--hash` or `dupes` asks for is digested from the same
//! descriptor (`crate::digest`).

use std::fs::File;
use std::path::Path;

use super::place::{place_file, sniff_file, Place, UNKNOWN};
use super::rules::{DirRules, Rule, RuleSet};
use super::sniff::Sniffed;
use super::{content_problem, keep_detail};
use crate::digest::{FirstStages, Hashing};
use crate::fsio::{io_warning, FileMeta};
use crate::layout::{Layout, Mapping, WalkRoot};
use crate::model::{FileEntry, LogicalPath, Mtime, Warning, WarningKind};
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
    /// Sees every warning as it arises (a streaming output writes each;
    /// the inventory keeps only the first of each kind).
    pub warning_sink: Option<&'a (dyn Fn(&Warning) + Sync)>,
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

/// What every file of one directory shares: the candidate rules and its
/// place in the layout.
pub struct DirInfo {
    rules: DirRules,
    place: Place,
    /// The file name itself carries the account (`MMappedKV/<h32>.*`).
    per_file: bool,
}

/// Per-task buffers.
#[derive(Default)]
pub struct Scratch {
    logical: String,
    rule_hits: Vec<usize>,
    /// The rule [`Visitor::wants_content`] found for the file about to be
    /// handed over (`Some(None)`: no rule matched).
    planned: Option<Option<&'static Rule>>,
}

impl Visitor for Classifier<'_> {
    type Dir = DirInfo;
    type Scratch = Scratch;

    fn dir(&self, root: &WalkRoot, inner: &str) -> DirInfo {
        let mut logical = String::new();
        root.folder_logical_into(inner, &mut logical);
        let dir_logical = logical.trim_end_matches('/');
        DirInfo {
            rules: self.rules.for_dir(LogicalPath(dir_logical)),
            place: Place::of(LogicalPath(&logical), &self.layout.account_aliases),
            per_file: dir_logical.ends_with("/MMappedKV"),
        }
    }

    fn warning(&self, found: &mut Found, w: Warning) {
        if let Some(sink) = self.warning_sink {
            sink(&w);
        }
        found.warn(w);
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
        let (sniffed, sha256) = self.read(rule, &at, file, meta, found);
        let mtime = Mtime::new(meta.mtime, meta.mtime_nsec);
        let own_place;
        let place = match at.dir.filter(|i| !i.per_file) {
            Some(i) => &i.place,
            None => {
                // Worked out from the file's own logical path.
                let logical = LogicalPath(&scratch.logical);
                own_place = Place::of(logical, &self.layout.account_aliases);
                &own_place
            }
        };
        let placed = place_file(rule, &sniffed, place, mtime);
        let class = placed.class;
        let raw_path = at.raw.map(|p| {
            p.strip_prefix(&self.layout.root)
                .map(Path::to_path_buf)
                .unwrap_or(p)
                .into()
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
            unread: meta.unreadable,
            chat: placed.place.chat,
            account: placed.place.account,
            month: Some(placed.month),
            sha256,
            ino: FileEntry::inode_of(meta.dev, meta.ino),
            nlink: u16::try_from(meta.nlink).unwrap_or(u16::MAX),
            generation: placed.place.generation,
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

impl Classifier<'_> {
    /// What a file's bytes say, and the digest `--hash` or `dupes` asks
    /// for, from the descriptor the walk opened (none for a dataless or
    /// unopened file); problems become warnings.
    fn read(
        &self,
        rule: Option<&'static Rule>,
        at: &FileAt<'_, DirInfo>,
        file: Option<File>,
        meta: &FileMeta,
        found: &mut Found,
    ) -> (Sniffed, Option<crate::model::units::Sha256>) {
        let size = meta.size;
        let Some(file) = file.filter(|_| !meta.dataless) else {
            if meta.dataless {
                let w = Warning::new(
                    at.path.full(),
                    WarningKind::Dataless,
                    "iCloud placeholder (dataless): counted, not read, so that nothing is downloaded",
                );
                self.warning(found, w);
            }
            return (UNKNOWN, None);
        };
        let mut sha256 = None;
        let sniffed = match sniff_file(rule, at.name, &file, size) {
            Ok(sniffed) => {
                let path = || at.path.full();
                let mut problems = Vec::new();
                sha256 = self
                    .stages
                    .digest_open(self.hash, &file, meta, &path, &mut problems);
                for w in problems {
                    self.warning(found, w);
                }
                sniffed
            }
            Err(e) => {
                self.warning(
                    found,
                    io_warning(at.path.full(), &e, at.root.bundle_id.is_some()),
                );
                UNKNOWN
            }
        };
        if let Some(problem) = content_problem(rule, at.name, &sniffed, size) {
            self.warning(found, Warning::corrupt(at.path.full(), problem));
        }
        (sniffed, sha256)
    }
}
