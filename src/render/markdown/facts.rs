//! The report's headline facts: what stands out in the inventory, in
//! words (the largest kind of data, the largest account, what was counted
//! but not read).

use crate::analyze::reclaim::Tier;
use std::collections::BTreeMap;

use super::ReportData;
use crate::model::{Category, Inventory, Kind};
use crate::render::{human_bytes, percent};

/// The three biggest facts, one sentence each.
pub(super) fn facts(d: &ReportData<'_>) -> Vec<String> {
    let inv: &Inventory = &d.inv;
    let total = inv.totals.bytes.max(1);
    let mut facts = Vec::new();
    let unread = inv.totals.unread;
    if unread.files > 0 {
        facts.push(format!("{} file(s) ({}) are counted by size and place but were not read (permission): see Warnings.", unread.files, human_bytes(unread.bytes)));
    }
    // The largest (category, kind) pair.
    let mut by_kind: BTreeMap<(Category, Kind), u64> = BTreeMap::new();
    for f in &inv.files {
        *by_kind.entry((f.category, f.kind)).or_default() += f.size;
    }
    if let Some(((c, k), b)) = by_kind.iter().max_by_key(|(_, b)| **b) {
        facts.push(format!(
            "{} of WeChat's {} is {} ({}).",
            percent(*b, total),
            human_bytes(inv.totals.bytes),
            describe(*c, *k),
            human_bytes(*b)
        ));
    }
    let rebuilt = d.reclaim.tiers.iter().find(|t| t.tier == Tier::Rebuilt);
    if let Some(t) = rebuilt.filter(|t| t.bytes > 0) {
        facts.push(format!(
            "{} ({}) is caches, logs and packages WeChat rebuilds or downloads again.",
            human_bytes(t.bytes),
            percent(t.bytes, total)
        ));
    }
    if d.dupes.reclaimable_bytes > 0 {
        facts.push(format!(
            "{} is held twice or more: {} of identical files.",
            human_bytes(d.dupes.reclaimable_bytes),
            match d.dupes.groups.iter().filter(|g| !g.in_use).count() {
                1 => "1 group".to_string(),
                n => format!("{n} groups"),
            }
        ));
    } else if let Some(a) = inv.accounts.iter().max_by_key(|a| a.bytes) {
        facts.push(format!(
            "The largest account holds {} ({}).",
            human_bytes(a.bytes),
            percent(a.bytes, total)
        ));
    }
    let enc = inv.databases.iter().filter(|x| x.encrypted).count();
    if facts.len() < 3 && enc > 0 {
        facts.push(format!(
            "{enc} of {} databases are encrypted.",
            inv.databases.len()
        ));
    }
    facts.truncate(3);
    facts
}

fn describe(c: Category, k: Kind) -> String {
    let words = match (c, k) {
        (Category::Media, Kind::Video) => "video you sent or received",
        (Category::Media, Kind::Image) => "images you sent or received",
        (Category::Media, Kind::File) => "files you sent or received",
        (Category::Media, Kind::Voice) => "voice messages",
        (Category::Media, Kind::Sticker) => "stickers",
        (Category::Media, _) => "pictures WeChat keeps (avatars, thumbnails)",
        (Category::Database, Kind::Messages) => "message databases",
        (Category::Database, Kind::Sidecar) => "databases' journals and write-ahead logs",
        (Category::Database, _) => "WeChat's databases",
        (Category::Backup, Kind::MigrationBackup) => "a 3.x → 4.x migration backup",
        (Category::Backup, _) => "chat backups",
        (Category::Cache, Kind::MiniProgram) => "mini-program packages",
        (Category::Cache, Kind::HttpCache | Kind::WebCache) => "web caches WeChat refetches",
        (Category::Cache, Kind::MediaCache) => "media caches (thumbnails WeChat refetches)",
        (Category::Cache, _) => "caches and temporary files",
        (Category::Log, Kind::Crash) => "crash reports",
        (Category::Log, _) => "logs",
        (Category::Config, _) => "settings",
        (Category::Network, _) => "network state (cookies, caches of addresses)",
        (Category::Other, _) => "files no rule names",
    };
    words.to_string()
}
