//! Each file's tier and the row that decided it: the tier table as if the
//! file were alone, its leftover, or its group of identical files.

use std::collections::HashMap;

use super::leftovers::{self, Leftover};
use super::lone::Lone;
use super::rules::{self, TierRule, DUPLICATE, LEFTOVER_RULES, TIER_RULES};
use super::tier::Tier;
use crate::analyze::dupes::DupeGroup;
use crate::model::{FileEntry, Generation, Inventory};

/// Each file's tier and the row that put it there, before the sums.
pub struct Plan {
    /// Per file of the inventory (by index): the row that decided it.
    rule: Vec<&'static TierRule>,
    /// Per file: the leftover it belongs to (index into `leftovers`).
    pub(super) leftover_of: Vec<Option<u32>>,
    /// The leftovers, with their evidence.
    pub leftovers: Vec<Leftover>,
    /// A duplicate's copy that stays, by file index.
    kept: HashMap<usize, usize>,
    /// Duplicate groups among the files that may be the only copy.
    pub groups: u64,
    /// When the plan was made (Unix seconds): ages are counted from it.
    pub now: i64,
}

impl Plan {
    /// Each file's tier as if alone, or as part of a leftover.
    pub fn new(inv: &Inventory, now: i64) -> Plan {
        let (leftovers, leftover_of) = leftovers::find(inv, now);
        let rule = inv
            .files
            .iter()
            .zip(&leftover_of)
            .map(|(f, l)| match l {
                Some(n) => leftover_rule(leftovers[*n as usize].kind),
                None => alone(&Lone::of(f)),
            })
            .collect();
        let rule = sidecars_follow(inv, rule);
        Plan {
            rule,
            leftover_of,
            leftovers,
            kept: HashMap::new(),
            groups: 0,
            now,
        }
    }

    /// The tier of file `i`.
    pub fn tier(&self, i: usize) -> Tier {
        self.rule[i].tier
    }

    /// The row that decided file `i`.
    pub fn rule(&self, i: usize) -> &'static TierRule {
        self.rule[i]
    }

    /// For a duplicate: the index of the copy that stays.
    pub fn kept_copy(&self, i: usize) -> Option<usize> {
        self.kept.get(&i).copied()
    }

    /// The leftover file `i` belongs to.
    pub fn leftover(&self, i: usize) -> Option<&Leftover> {
        self.leftover_of[i].map(|n| &self.leftovers[n as usize])
    }

    /// The files among which extra copies are looked for: those that may
    /// be the only copy (media and received files outside caches and
    /// leftovers; never a file in use).
    pub fn candidates(&self) -> Vec<usize> {
        (0..self.rule.len())
            .filter(|&i| self.tier(i) == Tier::OnlyCopy)
            .collect()
    }

    /// Turns the extra copies into duplicates: of each group's members
    /// that may be the only copy, the one in the newest layout stays (4.x
    /// before 3.x), else the oldest file, else the first path; the others
    /// are duplicates, and so are their other hard links.
    pub fn settle_duplicates(&mut self, inv: &Inventory, groups: &[DupeGroup]) {
        let files = &inv.files;
        let mut gone: HashMap<(u64, u64), usize> = HashMap::new();
        for g in groups {
            let members: Vec<usize> = g
                .members
                .iter()
                .copied()
                .filter(|&i| self.tier(i) == Tier::OnlyCopy)
                .collect();
            if members.len() < 2 {
                continue;
            }
            self.groups += 1;
            let keeper = members
                .iter()
                .copied()
                .min_by(|&a, &b| stays_first(&files[a], &files[b]))
                .unwrap_or(members[0]);
            for &m in members.iter().filter(|&&m| m != keeper) {
                self.rule[m] = &DUPLICATE;
                self.kept.insert(m, keeper);
                if let Some(ino) = files[m].inode().filter(|_| files[m].nlink > 1) {
                    gone.insert(ino, keeper);
                }
            }
        }
        // The other names of a copy that goes go with it.
        for (i, f) in files.iter().enumerate() {
            let alias = f.inode().filter(|_| f.nlink > 1).and_then(|k| gone.get(&k));
            if let Some(&keeper) = alias.filter(|_| self.tier(i) == Tier::OnlyCopy) {
                self.rule[i] = &DUPLICATE;
                self.kept.insert(i, keeper);
            }
        }
    }
}

/// A sidecar (`-wal`, `-shm`, `-journal`) goes with its database: the
/// sidecars of a cache WeChat rebuilds (`Cache.db-wal`) are rebuilt too;
/// removing a database and keeping its WAL would leave SQLite a stale log
/// (formats.md §5). Over files with their rows so far, the pairs (sidecar,
/// its database) whose database is rebuilt and sidecar kept.
pub fn sidecars_to_follow<'x>(
    files: impl Iterator<Item = (Lone<'x>, &'static TierRule)> + Clone,
) -> Vec<(usize, usize)> {
    let rebuilt: HashMap<(&str, &str), usize> = files
        .clone()
        .enumerate()
        .filter(|(_, (f, r))| f.format.is_database() && r.tier == Tier::Rebuilt)
        .map(|(i, (f, _))| ((f.dir, f.name), i))
        .collect();
    if rebuilt.is_empty() {
        return Vec::new();
    }
    files
        .enumerate()
        .filter(|(_, (f, r))| f.kind == crate::model::Kind::Sidecar && r.tier == Tier::Keep)
        .filter_map(|(i, (f, _))| {
            let main = ["-wal", "-shm", "-journal"]
                .iter()
                .find_map(|s| f.name.strip_suffix(s))?;
            rebuilt.get(&(f.dir, main)).map(|&m| (i, m))
        })
        .collect()
}

fn sidecars_follow(inv: &Inventory, mut rule: Vec<&'static TierRule>) -> Vec<&'static TierRule> {
    let pairs = sidecars_to_follow(inv.files.iter().map(Lone::of).zip(rule.iter().copied()));
    for (s, m) in pairs {
        rule[s] = rule[m];
    }
    rule
}

/// The row of a file outside any leftover, as if alone: in use, else the
/// tier table's first match.
fn alone(f: &Lone) -> &'static TierRule {
    let used = crate::classify::in_use(f.category, f.kind, f.format);
    &TIER_RULES[rules::first_row(f, used)]
}

/// The tier row of one file without the rest of the inventory (`browse`):
/// its leftover, else the tier table's row. Extra copies are not looked
/// for here: they need the groups of identical files.
pub struct Alone<'a>(leftovers::Finder<'a>);

impl<'a> Alone<'a> {
    /// Over `inv`'s installs, accounts and locations, with the newest
    /// mtime under each walk root.
    pub fn new(inv: &'a Inventory, newest: &HashMap<u16, i64>, now: i64) -> Alone<'a> {
        Alone(leftovers::Finder::new(inv, newest, now))
    }

    /// The row that decides `f`'s tier.
    pub fn rule(&self, f: &Lone) -> &'static TierRule {
        match self.0.unit(f) {
            Some((kind, _)) => &LEFTOVER_RULES[kind],
            None => alone(f),
        }
    }
}

/// The row of a leftover kind.
fn leftover_rule(kind: &str) -> &'static TierRule {
    LEFTOVER_RULES
        .iter()
        .find(|r| r.id == kind)
        .unwrap_or(&LEFTOVER_RULES[0])
}

/// Which of two identical copies stays: the newest layout, then the oldest
/// file, then the first path.
fn stays_first(a: &FileEntry, b: &FileEntry) -> std::cmp::Ordering {
    let layout = |f: &FileEntry| match f.generation {
        Some(Generation::V4) => 0,
        Some(Generation::V3) => 1,
        None => 2,
    };
    let age = |f: &FileEntry| f.mtime.map_or(i64::MAX, |m| m.secs);
    layout(a)
        .cmp(&layout(b))
        .then_with(|| age(a).cmp(&age(b)))
        .then_with(|| a.path.cmp(&b.path))
}
