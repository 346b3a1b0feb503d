//! The counts of a walk's files a table-only scan keeps instead of their
//! records: totals, per category, per account and walk root, hard links
//! aside to be counted once per inode, and what was counted but not read.

use std::collections::{HashMap, HashSet};

use super::inventory::{Count, FileEntry, Inventory, Totals};
use super::vocab::{Category, PerCategory};

/// Counts of files a table-only scan did not keep records for.
#[derive(Debug, Default)]
pub struct Tally {
    /// Files and bytes.
    pub total: Count,
    /// Bytes on disk.
    pub allocated: u64,
    /// In the order of [`Category::ALL`].
    pub by_category: PerCategory<Count>,
    /// Files and bytes per account id and walk root (a root belongs to
    /// one install: an account is an install and an id).
    pub by_account: std::collections::HashMap<(crate::model::shared::Shared, u16), Count>,
    /// Files and bytes per walk root (location), by its index.
    pub by_root: Vec<Count>,
    /// Hard-linked files, counted once per inode when the totals are made.
    pub linked: Vec<Linked>,
    /// Files counted but not read.
    pub unread: Count,
}

/// A hard-linked file of a tally.
#[derive(Debug)]
pub struct Linked {
    /// Device and inode.
    pub inode: (u64, u64),
    /// Bytes.
    pub size: u64,
    /// Bytes on disk.
    pub allocated: u64,
    /// Category.
    pub category: Category,
    /// Account id.
    pub account: Option<crate::model::shared::Shared>,
    /// The walk root it was found under.
    pub root: u16,
    /// Counted, not read.
    pub unread: bool,
}

impl Tally {
    /// Counts one file (hard-linked ones are kept aside, to be counted once
    /// per inode with the rest).
    pub fn add(&mut self, f: FileEntry) {
        match f.inode() {
            Some(inode) if f.nlink > 1 => self.linked.push(Linked {
                inode,
                size: f.size,
                allocated: f.allocated,
                category: f.category,
                account: f.account,
                root: f.root,
                unread: f.unread,
            }),
            _ => self.add_file(&f),
        }
    }

    /// Counts one file record.
    fn add_file(&mut self, f: &FileEntry) {
        self.add_counts(
            f.size,
            f.allocated,
            f.category,
            f.account.as_ref(),
            f.root,
            f.unread,
        );
    }

    pub(crate) fn add_counts(
        &mut self,
        size: u64,
        allocated: u64,
        category: Category,
        account: Option<&crate::model::shared::Shared>,
        root: u16,
        unread: bool,
    ) {
        if unread {
            self.unread.add(size);
        }
        let r = usize::from(root);
        if self.by_root.len() <= r {
            self.by_root.resize(r + 1, Count::default());
        }
        self.by_root[r].add(size);
        self.total.add(size);
        self.allocated += allocated;
        self.by_category.get_mut(category).add(size);
        if let Some(a) = account {
            self.by_account
                .entry((a.clone(), root))
                .or_default()
                .add(size);
        }
    }

    /// Adds another tally.
    pub fn merge(&mut self, mut o: Tally) {
        self.total.files += o.total.files;
        self.total.bytes += o.total.bytes;
        self.allocated += o.allocated;
        self.unread.files += o.unread.files;
        self.unread.bytes += o.unread.bytes;
        for (c, b) in o.by_category.iter() {
            let a = self.by_category.get_mut(c);
            a.files += b.files;
            a.bytes += b.bytes;
        }
        for (k, v) in o.by_account {
            let e = self.by_account.entry(k).or_default();
            e.files += v.files;
            e.bytes += v.bytes;
        }
        if self.by_root.len() < o.by_root.len() {
            self.by_root.resize(o.by_root.len(), Count::default());
        }
        for (a, b) in self.by_root.iter_mut().zip(o.by_root) {
            a.files += b.files;
            a.bytes += b.bytes;
        }
        self.linked.append(&mut o.linked);
    }
}

impl Inventory {
    /// Recomputes `totals` and the per-account counts from `files`,
    /// counting every hard-linked inode once.
    pub fn compute_totals(&mut self) {
        self.compute_totals_with(None);
    }

    /// [`Inventory::compute_totals`] plus files that were tallied instead
    /// of kept (a table-only scan keeps no record for most files).
    pub fn compute_totals_with(&mut self, tally: Option<&Tally>) {
        let mut sum = Tally::default();
        let mut seen: HashSet<(u64, u64)> = HashSet::new();
        let linked = tally.map(|t| t.linked.as_slice()).unwrap_or_default();
        for f in &self.files {
            if f.nlink > 1 && f.inode().is_some_and(|ino| !seen.insert(ino)) {
                continue;
            }
            sum.add_file(f);
        }
        for l in linked {
            if seen.insert(l.inode) {
                sum.add_counts(
                    l.size,
                    l.allocated,
                    l.category,
                    l.account.as_ref(),
                    l.root,
                    l.unread,
                );
            }
        }
        let mut totals = Totals::default();
        let parts = [Some(&sum), tally];
        for t in parts.into_iter().flatten() {
            totals.files += t.total.files;
            totals.bytes += t.total.bytes;
            totals.allocated += t.allocated;
            totals.unread.files += t.unread.files;
            totals.unread.bytes += t.unread.bytes;
            for (c, n) in t.by_category.iter() {
                let e = totals
                    .by_category
                    .entry(c.as_str().to_string())
                    .or_default();
                e.files += n.files;
                e.bytes += n.bytes;
            }
        }
        // An account's files are those with its id under a root of its
        // install (older inventories name no install: any root).
        let install_of = |root: u16| {
            self.locations
                .get(usize::from(root))
                .map(|l| l.install.as_str())
        };
        let mut per_account: HashMap<(&str, &str), Count> = HashMap::new();
        for t in parts.into_iter().flatten() {
            for ((id, root), n) in &t.by_account {
                let install = install_of(*root).unwrap_or_default();
                let e = per_account.entry((id, install)).or_default();
                e.files += n.files;
                e.bytes += n.bytes;
            }
        }
        let mut counts = Vec::with_capacity(self.accounts.len());
        for a in &self.accounts {
            let mut c = Count::default();
            for ((id, install), n) in &per_account {
                if *id == a.id && (a.install.is_empty() || *install == a.install) {
                    c.files += n.files;
                    c.bytes += n.bytes;
                }
            }
            counts.push(c);
        }
        for (a, c) in self.accounts.iter_mut().zip(counts) {
            a.files = c.files;
            a.bytes = c.bytes;
        }
        for (i, loc) in self.locations.iter_mut().enumerate() {
            let mut c = Count::default();
            for t in parts.into_iter().flatten() {
                if let Some(n) = t.by_root.get(i) {
                    c.files += n.files;
                    c.bytes += n.bytes;
                }
            }
            loc.files = c.files;
            loc.bytes = c.bytes;
        }
        self.totals = totals;
    }
}
