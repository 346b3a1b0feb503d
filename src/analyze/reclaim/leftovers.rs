//! Leftovers: whole shards, trees and containers the installed WeChat no
//! longer uses, each with the evidence a person needs before removing it
//! (dates, shard counts, whether the 4.x account is newer). Found over the
//! whole inventory, never per file.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::lone::Lone;
use super::rules::LEFTOVER_RULES;
use crate::model::time::rfc3339;
use crate::model::{Category, FileEntry, Generation, Inventory, Kind, Month, Role};

/// A container with no write for this long is idle (its clone or helper
/// is no longer used).
pub const IDLE_DAYS: i64 = 180;

/// One leftover: a shard, a tree or a container, with its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Leftover {
    /// `old_backup`, `old_tree`, `placeholder`, `pre_sandbox` or
    /// `idle_container` (the rule ids of the tier table).
    pub kind: &'static str,
    /// The folder that holds it, root-relative.
    pub path: String,
    /// The install it lies in (`installs[].path`).
    pub install: String,
    /// Files, hard links once.
    pub files: u64,
    /// Bytes, hard links once.
    pub bytes: u64,
    /// The day of its oldest and newest file (`YYYY-MM-DD`, UTC).
    pub oldest: Option<String>,
    /// See `oldest`.
    pub newest: Option<String>,
    /// `BAK_*` shards (an `old_backup` folder).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shards: Option<u64>,
    /// Whether WeChat 4.x took over: a 4.x account's databases were
    /// written after the backup, or its history starts before the 3.x tree
    /// was last written (`null`: no 4.x account to compare with).
    pub migrated: Option<bool>,
    /// The 4.x account it is compared with.
    pub account_4x: Option<String>,
    /// Whether the same account is on both sides, in words (or why that
    /// cannot be known).
    pub same_account: Option<String>,
    /// The evidence, one sentence each.
    pub evidence: Vec<String>,
    /// What would be lost if the migration did not carry it over.
    pub lost: &'static str,
}

/// What the inventory knows of one account of one install, for evidence.
#[derive(Default)]
struct AccountFacts {
    /// The newest write to its databases (Unix seconds).
    newest_db: Option<i64>,
    /// Its first month of files.
    first_month: Option<Month>,
}

/// The day of Unix seconds.
fn day(secs: i64) -> String {
    rfc3339(secs, 0)[..10].to_string()
}

/// The container (`installs[].path`) each walk root belongs to.
fn install_of<'a>(inv: &'a Inventory, f: &FileEntry) -> &'a str {
    inv.locations
        .get(usize::from(f.root))
        .map_or("", |l| l.install.as_str())
}

/// The leftover unit a file belongs to, as (kind index, key), if any.
pub struct Finder<'a> {
    inv: &'a Inventory,
    /// Containers holding a 4.x install.
    with_4x: Vec<&'a str>,
    /// The 3.x version folders (`/2.0b4.0.9/`) of each container with a
    /// 3.x install: the 3.x tree proper. App-level files beside them (the
    /// container's NSURLCache `Cache.db`) serve whichever WeChat runs.
    v3_folders: Vec<(&'a str, String)>,
    /// Placeholder accounts, as (install, id).
    placeholders: Vec<(&'a str, &'a str)>,
    /// Walk roots of idle clones and helpers.
    idle_roots: Vec<u16>,
}

/// The newest mtime under each walk root (idle containers are told by it).
pub fn newest_by_root(files: impl Iterator<Item = (u16, i64)>) -> HashMap<u16, i64> {
    let mut newest: HashMap<u16, i64> = HashMap::new();
    for (root, m) in files {
        let e = newest.entry(root).or_insert(m);
        *e = (*e).max(m);
    }
    newest
}

impl<'a> Finder<'a> {
    /// The finder over `inv`'s installs, accounts and locations; `newest`:
    /// [`newest_by_root`] of every file (`inv.files` may hold only some).
    pub fn new(inv: &'a Inventory, newest: &HashMap<u16, i64>, now: i64) -> Finder<'a> {
        let with_4x = inv
            .installs
            .iter()
            .filter(|i| i.generation == Generation::V4)
            .map(|i| i.path.as_str())
            .collect();
        let v3_folders = inv
            .installs
            .iter()
            .filter(|i| i.generation == Generation::V3)
            .flat_map(|i| {
                i.version_folders
                    .iter()
                    .map(move |v| (i.path.as_str(), format!("/{v}/")))
            })
            .collect();
        let placeholders = inv
            .accounts
            .iter()
            .filter(|a| a.placeholder)
            .map(|a| (a.install.as_str(), a.id.as_str()))
            .collect();
        let idle_roots = inv
            .locations
            .iter()
            .enumerate()
            .filter(|(_, l)| matches!(l.role, Role::Clone | Role::HelperContainer))
            .filter_map(|(i, _)| u16::try_from(i).ok())
            .filter(|r| newest.get(r).is_some_and(|&n| n < now - IDLE_DAYS * 86_400))
            .collect();
        Finder {
            inv,
            with_4x,
            v3_folders,
            placeholders,
            idle_roots,
        }
    }

    /// The unit of `f`: its kind's index in [`LEFTOVER_RULES`] and the
    /// folder (or container) that names the unit.
    pub fn unit(&self, f: &Lone) -> Option<(usize, String)> {
        let install = self
            .inv
            .locations
            .get(usize::from(f.root))
            .map_or("", |l| l.install.as_str());
        if f.kind == Kind::MigrationBackup {
            return Some((0, shard_folder(f.dir)));
        }
        let in_v3_tree = || {
            let dir = format!("/{}/", f.dir);
            self.v3_folders
                .iter()
                .any(|(c, v)| *c == install && dir.contains(v.as_str()))
        };
        if f.generation == Some(Generation::V3) && self.with_4x.contains(&install) && in_v3_tree() {
            return Some((1, format!("{install}\u{0}3")));
        }
        if let Some(id) = f.account {
            if self.placeholders.contains(&(install, id)) {
                return Some((2, format!("{install}\u{0}{id}")));
            }
        }
        let role = self.inv.locations.get(usize::from(f.root)).map(|l| l.role);
        if role == Some(Role::PreSandbox) {
            return Some((3, format!("root\u{0}{}", f.root)));
        }
        if self.idle_roots.contains(&f.root) {
            return Some((4, format!("root\u{0}{}", f.root)));
        }
        None
    }
}

/// `…/old_backup/<h32>/<UUID>` of a folder below `old_backup` (as deep as
/// the folder goes, at most those two levels).
fn shard_folder(dir: &str) -> String {
    let Some(at) = format!("{dir}/").find("old_backup/") else {
        return dir.to_string();
    };
    let start = at + "old_backup/".len();
    let rest: Vec<&str> = dir
        .get(start..)
        .unwrap_or("")
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let depth = rest.len().min(2);
    let mut folder = dir[..start - 1].to_string();
    for part in &rest[..depth] {
        folder.push('/');
        folder.push_str(part);
    }
    folder
}

/// The longest folder every folder of `dirs` is, or lies in.
fn common_folder<'p>(mut dirs: impl Iterator<Item = &'p str>) -> String {
    let Some(first) = dirs.next() else {
        return String::new();
    };
    let mut common: &str = first;
    for p in dirs {
        while !(common.is_empty()
            || p == common
            || p.starts_with(common) && p[common.len()..].starts_with('/'))
        {
            common = common.rsplit_once('/').map_or("", |(d, _)| d);
        }
    }
    common.to_string()
}

/// Every leftover of `inv`, and for each file the index of its leftover
/// (`None`: not part of one).
pub fn find(inv: &Inventory, now: i64) -> (Vec<Leftover>, Vec<Option<u32>>) {
    let newest = newest_by_root(
        inv.files
            .iter()
            .map(|f| (f.root, f.mtime.map_or(0, |m| m.secs))),
    );
    let finder = Finder::new(inv, &newest, now);
    let mut keys: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
    for (i, f) in inv.files.iter().enumerate() {
        if let Some(u) = finder.unit(&Lone::of(f)) {
            keys.entry(u).or_default().push(i);
        }
    }
    let facts = account_facts(inv);
    let mut of_file = vec![None; inv.files.len()];
    let mut units = Vec::with_capacity(keys.len());
    for (n, ((kind, _), members)) in keys.into_iter().enumerate() {
        for &i in &members {
            of_file[i] = u32::try_from(n).ok();
        }
        units.push(describe(inv, kind, &members, &facts));
    }
    (units, of_file)
}

/// Facts per (install, account id).
fn account_facts(inv: &Inventory) -> HashMap<(&str, &str), AccountFacts> {
    let mut facts: HashMap<(&str, &str), AccountFacts> = HashMap::new();
    for f in &inv.files {
        let Some(id) = f.account.as_deref() else {
            continue;
        };
        let e = facts.entry((install_of(inv, f), id)).or_default();
        if f.category == Category::Database {
            let m = f.mtime.map(|m| m.secs);
            e.newest_db = e.newest_db.max(m);
        }
        if let Some(m) = f.month {
            e.first_month = Some(e.first_month.map_or(m, |x| x.min(m)));
        }
    }
    facts
}

/// One leftover with its figures and evidence.
fn describe(
    inv: &Inventory,
    kind: usize,
    members: &[usize],
    facts: &HashMap<(&str, &str), AccountFacts>,
) -> Leftover {
    let files = &inv.files;
    let mut seen = std::collections::HashSet::new();
    let (mut count, mut bytes) = (0, 0);
    for &i in members {
        let f = &files[i];
        if f.nlink > 1 && f.inode().is_some_and(|k| !seen.insert(k)) {
            continue;
        }
        count += 1;
        bytes += f.size;
    }
    let times = members
        .iter()
        .filter_map(|&i| files[i].mtime.map(|m| m.secs));
    let (oldest, newest) = (times.clone().min(), times.max());
    let dirs = || members.iter().map(|&i| files[i].path.dir());
    let install = install_of(inv, &files[members[0]]).to_string();
    let mut l = Leftover {
        kind: LEFTOVER_RULES[kind].id,
        path: common_folder(dirs()),
        install,
        files: count,
        bytes,
        oldest: oldest.map(day),
        newest: newest.map(day),
        shards: None,
        migrated: None,
        account_4x: None,
        same_account: None,
        evidence: Vec::new(),
        lost: LEFTOVER_RULES[kind].after,
    };
    match l.kind {
        "old_backup" => {
            l.path = shard_folder(files[members[0]].path.dir());
            backup_evidence(inv, &mut l, newest, facts)
        }
        "old_tree" => {
            let data = dirs().filter(|d| d.contains("/Application Support/"));
            let folder = common_folder(data);
            if !folder.is_empty() {
                l.path = folder;
            }
            tree_evidence(inv, &mut l, newest, facts)
        }
        "placeholder" => l
            .evidence
            .push("the folder is named md5 of an empty name: no account".into()),
        _ => {
            if let Some(n) = &l.newest {
                l.evidence.push(format!("last written {n}"));
            }
        }
    }
    l
}

/// The 4.x accounts of a container, by id.
fn accounts_4x<'a>(inv: &'a Inventory, install: &str) -> Vec<&'a str> {
    inv.accounts
        .iter()
        .filter(|a| a.generation == Generation::V4 && a.install == install && !a.placeholder)
        .map(|a| a.id.as_str())
        .collect()
}

fn backup_evidence(
    inv: &Inventory,
    l: &mut Leftover,
    newest: Option<i64>,
    facts: &HashMap<(&str, &str), AccountFacts>,
) {
    let prefix = format!("{}/", l.path);
    let shards = inv
        .files
        .iter()
        .filter(|f| f.kind == Kind::MigrationBackup && f.path.name().starts_with("BAK_"))
        .filter(|f| format!("{}/", f.path.dir()).starts_with(&prefix))
        .count() as u64;
    l.shards = Some(shards);
    l.evidence.push(format!(
        "{shards} shard{} dated {} to {}",
        if shards == 1 { "" } else { "s" },
        l.oldest.as_deref().unwrap_or("?"),
        l.newest.as_deref().unwrap_or("?")
    ));
    // The newest 4.x account's databases against the backup.
    let best = accounts_4x(inv, &l.install)
        .into_iter()
        .filter_map(|id| Some((facts.get(&(l.install.as_str(), id))?.newest_db?, id)))
        .max();
    match (best, newest) {
        (Some((db, id)), Some(b)) => {
            l.migrated = (day(db) != day(b)).then_some(db > b);
            l.account_4x = Some(id.to_string());
            l.evidence.push(match (db > b, day(db) == day(b)) {
                (_, true) => format!("4.x account {id} last wrote its databases on {}, the day of the backup: the dates cannot tell whether the migration finished", day(db)),
                (true, _) => format!("4.x account {id} wrote its databases on {}, after the backup: the migration finished", day(db)),
                (false, _) => format!("4.x account {id} last wrote its databases on {}, before the backup: the migration may not have finished", day(db)),
            });
        }
        _ => l.evidence.push(
            "no 4.x account beside it to compare with: the migration may not have finished".into(),
        ),
    }
    let named = l
        .path
        .split_once("old_backup/")
        .and_then(|(_, rest)| rest.split('/').next());
    if let Some(h) = named {
        let still = inv
            .accounts
            .iter()
            .any(|a| a.id == h && a.generation == Generation::V3);
        l.same_account = Some(match still {
            true => format!("named after 3.x account {h}, whose tree is still here (conf#34)"),
            false => {
                format!("named after 3.x account {h} (conf#34); its 3.x tree is no longer here")
            }
        });
    }
}

fn tree_evidence(
    inv: &Inventory,
    l: &mut Leftover,
    newest: Option<i64>,
    facts: &HashMap<(&str, &str), AccountFacts>,
) {
    if let Some(n) = &l.newest {
        l.evidence
            .push(format!("the 3.x tree was last written {n}"));
    }
    let first = accounts_4x(inv, &l.install)
        .into_iter()
        .filter_map(|id| Some((facts.get(&(l.install.as_str(), id))?.first_month?, id)))
        .min();
    match first {
        Some((m, id)) => {
            l.account_4x = Some(id.to_string());
            l.evidence
                .push(format!("4.x account {id} has history since {m}"));
            // 4.x took over when its databases were written after the
            // 3.x tree's last write.
            let db = facts
                .get(&(l.install.as_str(), id))
                .and_then(|f| f.newest_db);
            if let (Some(db), Some(last)) = (db, newest) {
                l.migrated = (day(db) != day(last)).then_some(db > last);
                l.evidence.push(match (db > last, day(db) == day(last)) {
                    (_, true) => format!("its databases were last written on {}, the day 3.x was: the dates cannot tell which WeChat is in use", day(db)),
                    (true, _) => format!("its databases were written on {}, after the 3.x tree's last write", day(db)),
                    (false, _) => format!("its databases were last written on {}, before the 3.x tree's last write: 3.x may still be in use", day(db)),
                });
            }
        }
        None => l
            .evidence
            .push("no 4.x account with history beside it to compare with".into()),
    }
    // 3.x accounts whose phone backups the upgrade copied into this 4.x
    // tree (old_backup/<h32> names the 3.x account: conf#34).
    let backed_up: std::collections::HashSet<&str> = inv
        .files
        .iter()
        .filter(|f| f.kind == Kind::MigrationBackup && install_of(inv, f) == l.install)
        .filter_map(|f| f.path.dir().split_once("old_backup/"))
        .filter_map(|(_, rest)| rest.split('/').next())
        .collect();
    let migrated: Vec<&str> = inv
        .accounts
        .iter()
        .filter(|a| a.generation == Generation::V3 && a.install == l.install && !a.placeholder)
        .filter(|a| backed_up.contains(a.id.as_str()))
        .map(|a| a.id.as_str())
        .collect();
    l.same_account = Some(match migrated.as_slice() {
        [] => "not knowable from the folders: a 3.x folder name is a hash whose input is unconfirmed (layout §2.1)".into(),
        ids => format!(
            "3.x account {} was migrated here: old_backup names it (conf#34); which 4.x account it became is not knowable from the folders",
            ids.join(", ")
        ),
    });
}
