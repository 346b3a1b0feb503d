//! The sums of a [`Plan`] within a scope: per tier the files, bytes, the
//! bytes that would come back, the top places, the rows that decided, what
//! happens after removal and how to do it safely; the `wxinspect.reclaim/1`
//! document.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::leftovers::Leftover;
use super::plan::Plan;
use super::tier::Tier;
use crate::analyze::media::Narrow;
use crate::model::units::human_bytes;
use crate::model::warning::Omitted;
use crate::model::{FileEntry, Inventory, Kind, Warning};

/// Which files the sums take in (`reclaim`'s filters, `media`'s).
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Account, chat, age and size, as `media` narrows.
    pub narrow: Narrow,
    /// Only this tier.
    pub tier: Option<Tier>,
}

impl Scope {
    /// True when file `f` of tier `t` is in the scope.
    pub fn matches(&self, f: &FileEntry, t: Tier) -> bool {
        self.tier.is_none_or(|x| x == t) && self.narrow.matches(f)
    }
}

/// One row of the tier table that put files in a tier.
#[derive(Debug, Clone, Serialize)]
pub struct ReasonRow {
    /// The row's id (a file's `reason`).
    pub reason: &'static str,
    /// What the files are, in a few words.
    pub label: &'static str,
    /// What the files are.
    pub what: &'static str,
    /// What happens after they are removed.
    pub after: &'static str,
    /// The public source of the fact.
    pub source: &'static str,
    /// Files, hard links once.
    pub files: u64,
    /// Bytes, hard links once.
    pub bytes: u64,
}

/// A folder where a tier's bytes are.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceRow {
    /// Root-relative folder.
    pub folder: String,
    /// The account it lies in.
    pub account: Option<String>,
    /// Files, hard links once.
    pub files: u64,
    /// Bytes, hard links once.
    pub bytes: u64,
}

/// Files that may be the only copy, by kind and age.
#[derive(Debug, Clone, Serialize)]
pub struct AgeRow {
    /// The kind (image, video, voice, file, sticker, thumbnail).
    pub kind: Kind,
    /// `older_than_1y`, `90d_to_1y` or `newer_than_90d` (by mtime).
    pub age: &'static str,
    /// Files, hard links once.
    pub files: u64,
    /// Bytes, hard links once.
    pub bytes: u64,
}

/// One tier's sums.
#[derive(Debug, Clone, Serialize)]
pub struct TierSummary {
    /// The tier.
    pub tier: Tier,
    /// The tier in one plain sentence.
    pub sentence: String,
    /// Files, hard links once.
    pub files: u64,
    /// Bytes (apparent size), hard links once.
    pub bytes: u64,
    /// Bytes on disk that removing every file of the tier frees: each
    /// inode's allocation once, none where a hard link to it stays (in
    /// another tier or outside the scan).
    pub comes_back: u64,
    /// Where the bytes are, largest first (at most 5).
    pub places: Vec<PlaceRow>,
    /// The rows that decided, largest first.
    pub reasons: Vec<ReasonRow>,
    /// How to do it safely.
    pub how: Vec<String>,
    /// The command that lists exactly this tier's files.
    pub list_command: String,
    /// `only_copy`: by kind and age.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_age: Vec<AgeRow>,
}

/// One file with its tier.
#[derive(Debug, Clone, Serialize)]
pub struct ReclaimFile {
    /// Root-relative path.
    pub path: String,
    /// Its tier.
    pub tier: Tier,
    /// The row that decided (`in_use`, `http_cache`, `old_backup`, …).
    pub reason: &'static str,
    /// Apparent size.
    pub size: u64,
    /// Bytes on disk.
    pub allocated: u64,
    /// A duplicate: the path of the copy that stays.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept: Option<String>,
    /// The file's index in the inventory (`--format paths`).
    #[serde(skip)]
    pub index: usize,
}

/// Files, bytes and what comes back.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Sum {
    /// Files, hard links once.
    pub files: u64,
    /// Bytes, hard links once.
    pub bytes: u64,
    /// Bytes on disk that would come back.
    pub comes_back: u64,
}

/// The `wxinspect.reclaim/1` document.
#[derive(Debug, Clone, Serialize)]
pub struct Reclaim {
    /// `wxinspect.reclaim/1`.
    pub schema: &'static str,
    /// The PATH, absolute.
    pub root: String,
    /// When, RFC 3339 UTC.
    pub generated_at: String,
    /// Every file in the scope: the tiers add up to this.
    pub total: Sum,
    /// The five tiers, in the order tables list them.
    pub tiers: Vec<TierSummary>,
    /// The leftovers with their evidence.
    pub leftovers: Vec<Leftover>,
    /// What cannot be seen from here.
    pub notes: Vec<&'static str>,
    /// Every file in the scope with its tier (JSON and CSV; empty in a
    /// table).
    pub files: Vec<ReclaimFile>,
    /// What could not be read.
    pub warnings: Vec<Warning>,
    /// Warnings past the first thousand of their kind, counted per kind.
    #[serde(skip_serializing_if = "Omitted::is_empty")]
    pub warnings_omitted: Omitted,
}

/// Schema id of the `reclaim` document.
pub const SCHEMA: &str = "wxinspect.reclaim/1";

/// Said of every answer: what `stat` cannot show.
pub const CLONES_NOTE: &str = "APFS clones (Finder's duplicates, `cp -c`) share blocks with their original; nothing here can see that, so bytes that come back may be fewer";

const DAY: i64 = 86_400;

/// The names of one inode: its first name's index, how many were seen, the
/// tier of the first, whether all are in that tier.
type Links = (usize, u64, Option<Tier>, bool);

/// The age bucket of an mtime, as of `now`.
fn age(f: &FileEntry, now: i64) -> &'static str {
    match f.mtime.map_or(now, |m| m.secs) {
        t if t < now - 365 * DAY => "older_than_1y",
        t if t < now - 90 * DAY => "90d_to_1y",
        _ => "newer_than_90d",
    }
}

/// Where a file's bytes are, for the top places: two folders below its
/// account, else three below its location.
struct Places<'a> {
    /// Folders places are counted below, deepest first: (path, levels
    /// kept below it, the account it is).
    bases: Vec<(&'a str, usize, Option<&'a str>)>,
    memo: HashMap<&'a str, (String, Option<&'a str>)>,
}

impl<'a> Places<'a> {
    fn new(inv: &'a Inventory) -> Places<'a> {
        let mut bases: Vec<(&str, usize, Option<&str>)> = inv
            .accounts
            .iter()
            .map(|a| (a.path.as_str(), 2, Some(a.id.as_str())))
            .chain(inv.locations.iter().map(|l| (l.path.as_str(), 3, None)))
            .collect();
        bases.sort_by_key(|(p, _, _)| std::cmp::Reverse(p.len()));
        Places {
            bases,
            memo: HashMap::new(),
        }
    }

    fn folder(&mut self, dir: &'a str) -> (String, Option<&'a str>) {
        if let Some(f) = self.memo.get(dir) {
            return f.clone();
        }
        let below = |base: &str| {
            base.is_empty()
                || base == "."
                || dir == base
                || (dir.starts_with(base) && dir[base.len()..].starts_with('/'))
        };
        let (base, depth, account) = self
            .bases
            .iter()
            .find(|(b, _, _)| below(b))
            .copied()
            .unwrap_or(("", 3, None));
        let rest = dir[base.len().min(dir.len())..].trim_start_matches('/');
        let kept: Vec<&str> = rest
            .split('/')
            .filter(|s| !s.is_empty())
            .take(depth)
            .collect();
        let folder = match (base, kept.is_empty()) {
            ("" | ".", _) => kept.join("/"),
            (b, true) => b.to_string(),
            (b, false) => format!("{b}/{}", kept.join("/")),
        };
        self.memo.insert(dir, (folder.clone(), account));
        (folder, account)
    }
}

/// Per tier, while adding up.
#[derive(Default)]
struct Acc {
    sum: Sum,
    reasons: BTreeMap<&'static str, (&'static super::rules::TierRule, u64, u64)>,
    places: HashMap<(String, Option<String>), (u64, u64)>,
    ages: BTreeMap<(Kind, &'static str), (u64, u64)>,
}

impl Plan {
    /// Allocated bytes that come back per file index: an inode's once (at
    /// its first name), and none when a name of it stays in another tier
    /// or lies outside the scan (fewer names seen than its link count).
    fn comes_back<'a>(&'a self, inv: &'a Inventory) -> impl Fn(usize) -> u64 + 'a {
        let mut links: HashMap<(u64, u64), Links> = HashMap::new();
        for (i, f) in inv.files.iter().enumerate() {
            let Some(k) = f.inode().filter(|_| f.nlink > 1) else {
                continue;
            };
            let t = self.tier(i);
            let e = links.entry(k).or_insert((i, 0, Some(t), true));
            e.1 += 1;
            e.3 &= e.2 == Some(t);
        }
        let files = &inv.files;
        move |i| {
            let f = &files[i];
            match f
                .inode()
                .filter(|_| f.nlink > 1)
                .and_then(|k| links.get(&k))
            {
                None => f.allocated,
                Some(&(first, seen, _, same)) => {
                    match first == i && same && seen >= u64::from(f.nlink) {
                        true => f.allocated,
                        false => 0,
                    }
                }
            }
        }
    }

    /// The sums within `scope`; `with_files`: list every file (JSON, CSV,
    /// paths).
    pub fn summary(&self, inv: &Inventory, scope: &Scope, with_files: bool) -> Reclaim {
        let back = self.comes_back(inv);
        let mut places = Places::new(inv);
        let mut acc: BTreeMap<Tier, Acc> = Tier::ALL.iter().map(|t| (*t, Acc::default())).collect();
        let mut total = Sum::default();
        let mut seen: HashSet<(u64, u64)> = HashSet::new();
        let mut files = Vec::new();
        for (i, f) in inv.files.iter().enumerate() {
            let t = self.tier(i);
            if !scope.matches(f, t) {
                continue;
            }
            if with_files {
                files.push(ReclaimFile {
                    path: f.path.full(),
                    tier: t,
                    reason: self.rule(i).id,
                    size: f.size,
                    allocated: f.allocated,
                    kept: self.kept_copy(i).map(|k| inv.files[k].path.full()),
                    index: i,
                });
            }
            let a = acc.entry(t).or_default();
            a.sum.comes_back += back(i);
            total.comes_back += back(i);
            if f.nlink > 1 && f.inode().is_some_and(|k| !seen.insert(k)) {
                continue;
            }
            for s in [&mut a.sum, &mut total] {
                s.files += 1;
                s.bytes += f.size;
            }
            let r = a
                .reasons
                .entry(self.rule(i).id)
                .or_insert((self.rule(i), 0, 0));
            r.1 += 1;
            r.2 += f.size;
            let place = match self.leftover(i) {
                Some(l) => (l.path.clone(), None),
                None => {
                    let (folder, account) = places.folder(f.path.dir());
                    (folder, account.map(str::to_string))
                }
            };
            let p = a.places.entry(place).or_default();
            p.0 += 1;
            p.1 += f.size;
            if t == Tier::OnlyCopy {
                let e = a.ages.entry((f.kind, age(f, self.now))).or_default();
                e.0 += 1;
                e.1 += f.size;
            }
        }
        let root = inv.root.clone();
        let tiers = acc
            .into_iter()
            .map(|(t, a)| self.tier_summary(t, a, &root))
            .collect();
        Reclaim {
            schema: SCHEMA,
            root,
            generated_at: inv.generated_at.clone(),
            total,
            tiers,
            leftovers: self.leftovers_in(inv, scope),
            notes: vec![CLONES_NOTE],
            files,
            warnings: Vec::new(),
            warnings_omitted: Omitted::new(),
        }
    }

    /// The leftovers with a file in the scope.
    fn leftovers_in(&self, inv: &Inventory, scope: &Scope) -> Vec<Leftover> {
        let mut wanted = vec![false; self.leftovers.len()];
        for (i, f) in inv.files.iter().enumerate() {
            if let Some(n) = self.leftover_of[i] {
                wanted[n as usize] |= scope.matches(f, self.tier(i));
            }
        }
        let mut v: Vec<Leftover> = self
            .leftovers
            .iter()
            .zip(wanted)
            .filter(|(_, w)| *w)
            .map(|(l, _)| l.clone())
            .collect();
        v.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.path.cmp(&b.path)));
        v
    }

    fn tier_summary(&self, tier: Tier, a: Acc, root: &str) -> TierSummary {
        let mut reasons: Vec<ReasonRow> = a
            .reasons
            .into_values()
            .map(|(r, files, bytes)| ReasonRow {
                reason: r.id,
                label: r.label,
                what: r.what,
                after: r.after,
                source: r.source,
                files,
                bytes,
            })
            .collect();
        reasons.sort_by(|x, y| y.bytes.cmp(&x.bytes).then_with(|| x.reason.cmp(y.reason)));
        let mut places: Vec<PlaceRow> = a
            .places
            .into_iter()
            .map(|((folder, account), (files, bytes))| PlaceRow {
                folder,
                account,
                files,
                bytes,
            })
            .collect();
        places.sort_by(|x, y| y.bytes.cmp(&x.bytes).then_with(|| x.folder.cmp(&y.folder)));
        places.truncate(5);
        let by_age: Vec<AgeRow> = a
            .ages
            .into_iter()
            .map(|((kind, age), (files, bytes))| AgeRow {
                kind,
                age,
                files,
                bytes,
            })
            .collect();
        TierSummary {
            tier,
            sentence: sentence(tier, &a.sum, self, &by_age),
            files: a.sum.files,
            bytes: a.sum.bytes,
            comes_back: a.sum.comes_back,
            places,
            reasons,
            how: how(tier).iter().map(|s| s.to_string()).collect(),
            list_command: list_command(tier, root),
            by_age,
        }
    }
}

/// The command that lists exactly a tier's files (NUL-separated, for a
/// person's own tools).
pub fn list_command(tier: Tier, root: &str) -> String {
    let quoted = match root
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-~<>".contains(c))
    {
        true => root.to_string(),
        false => format!("'{}'", root.replace('\'', r"'\''")),
    };
    format!("wxinspect reclaim --tier {tier} --format paths -0 {quoted}")
}

/// How to do it safely, per tier.
fn how(tier: Tier) -> &'static [&'static str] {
    const QUIT: &str = "anything done outside WeChat: quit WeChat first (WeChat → Quit WeChat, ⌘Q)";
    match tier {
        Tier::Rebuilt => &[
            "the safest way is WeChat's own Settings → Storage (3.x: Manage Storage): it clears caches and keeps WeChat's own records right",
            QUIT,
        ],
        Tier::Leftover => &[
            "WeChat's Settings → Storage does not cover these",
            "check first: open the chats in WeChat 4.x and look for history from before the upgrade",
            "when unsure, move the folder to another disk rather than delete it",
            QUIT,
        ],
        Tier::Duplicate => &[
            "WeChat's Settings → Storage removes chat files per chat, not single copies",
            "remove only the listed extra copies: the copy that stays is never listed",
            QUIT,
        ],
        Tier::OnlyCopy => &[
            "WeChat's Settings → Storage removes chat files per chat and by age: the safe way for these",
            "copy elsewhere first what you want to keep (add --older-than 1y for the old ones)",
            QUIT,
        ],
        Tier::Keep => &[
            "do not remove: WeChat needs these; delete chats inside WeChat to shrink them",
        ],
    }
}

/// The tier in one plain sentence.
fn sentence(tier: Tier, s: &Sum, plan: &Plan, ages: &[AgeRow]) -> String {
    let b = human_bytes(s.bytes);
    let back = human_bytes(s.comes_back);
    match tier {
        _ if s.files == 0 => format!("nothing is {}", words(tier)),
        Tier::Rebuilt => format!("{back} comes back safely: caches, logs and packages WeChat rebuilds or downloads again ({b} in {} files)", s.files),
        Tier::Leftover => match plan.leftovers.as_slice() {
            [l] => leftover_sentence(l),
            ls => format!("{b} is left by an older WeChat in {} places: not safe by default, check each first", ls.len()),
        },
        Tier::Duplicate => format!(
            "{back} comes back by keeping one copy of each of {} of identical files",
            match plan.groups {
                1 => "1 group".to_string(),
                n => format!("{n} groups"),
            }
        ),
        Tier::OnlyCopy => {
            let old: u64 = ages.iter().filter(|a| a.age == "older_than_1y").map(|a| a.bytes).sum();
            format!("{b} may be the only copy on this Mac (received files, images, videos, voice); {} of it is older than a year", human_bytes(old))
        }
        Tier::Keep => format!("{b} must stay: databases, keys and settings (removing loses history or breaks WeChat)"),
    }
}

/// What "nothing is …" says of an empty tier.
fn words(tier: Tier) -> &'static str {
    match tier {
        Tier::Rebuilt => "a cache or log WeChat rebuilds",
        Tier::Leftover => "left by an older WeChat",
        Tier::Duplicate => "an extra copy",
        Tier::OnlyCopy => "a media or received file that may be the only copy",
        Tier::Keep => "a database, key or setting",
    }
}

/// One leftover in a sentence, with its dates.
pub fn leftover_sentence(l: &Leftover) -> String {
    let b = human_bytes(l.bytes);
    let from = l.newest.as_deref().unwrap_or("an unknown date");
    let check = match (&l.account_4x, l.migrated) {
        (Some(a), Some(true)) => {
            format!("your 4.x account {a} was written after it — check its history before removing")
        }
        (Some(a), _) => {
            format!("your 4.x account {a} may not hold it all — check its history before removing")
        }
        (None, _) => {
            "no 4.x account to compare with — keep it unless you know what it holds".into()
        }
    };
    match l.kind {
        "old_backup" => {
            format!("{b} is a 3.x chat backup copied at the upgrade (newest shard {from}); {check}")
        }
        "old_tree" => format!("{b} is a WeChat 3.x tree last written {from}; {check}"),
        "placeholder" => format!("{b} is a placeholder account folder with no person's data"),
        "pre_sandbox" => {
            format!("{b} is a folder from before WeChat's sandbox, last written {from}")
        }
        _ => format!("{b} is an idle clone or helper container, last written {from}"),
    }
}
