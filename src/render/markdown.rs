//! The Markdown inventory report: one document a person reads top to
//! bottom (summary, storage, media, duplicates, databases, settings,
//! network, warnings, provenance), with Mermaid charts that GitHub,
//! GitLab, Obsidian and Typora draw.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{escape_terminal, human_bytes, percent};
use crate::inspect::settings::ConfigRow;
use crate::analyze::dupes::Dupes;
use crate::model::{Category, Inventory, Kind, WarningKind};
use crate::analyze::media::{AggRow, Insight, MediaRow};

/// Everything the report shows, computed by the caller.
pub struct ReportData<'a> {
    /// The inventory (an anonymized copy with `--anonymize`).
    pub inv: std::borrow::Cow<'a, Inventory>,
    pub largest: Vec<MediaRow>,
    pub media_files: usize,
    pub by_month: Vec<AggRow>,
    pub by_chat: Vec<AggRow>,
    pub insight: Insight,
    pub dupes: Dupes,
    pub config: Vec<ConfigRow>,
    pub max_rows: usize,
    pub anonymized: bool,
}

/// Escapes text from the disk for a Markdown table cell or line: control
/// characters become visible escapes, and `|`, backticks, `*`, `_`, `[`,
/// `]`, `<`, `>` and a leading `#` lose their meaning.
pub fn md(s: &str) -> String {
    let s = escape_terminal(s);
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.chars().enumerate() {
        match c {
            '|' | '`' | '*' | '_' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '#' if i == 0 => out.push_str("\\#"),
            c => out.push(c),
        }
    }
    out
}

/// A path shortened for a table: below its account folder when the
/// account is known (`…/msg/video/2026-08/x.mp4`), else with the container
/// prefix `Library/Containers/<bundle>/Data/` abbreviated to `<bundle>:`.
/// The JSON inventory keeps full paths.
fn short_path(path: &str, account: Option<&str>) -> String {
    if let Some(a) = account {
        let needle = format!("/{a}/");
        if let Some(i) = path.find(&needle) {
            return md(&format!("…/{}", &path[i + needle.len()..]));
        }
    }
    if let Some(rest) = path.strip_prefix("Library/Containers/") {
        if let Some((bundle, below)) = rest.split_once("/Data/") {
            if !bundle.contains('/') {
                return md(&format!(
                    "{}: {below}",
                    bundle.trim_start_matches("com.tencent.")
                ));
            }
        }
    }
    md(path)
}

/// Sizes that do not wrap inside a table cell.
fn size(n: u64) -> String {
    human_bytes(n).replace(' ', "\u{a0}")
}

/// A settings value: URLs as code (so that nothing inside is taken as
/// Markdown), anything else escaped.
fn value_cell(v: &str) -> String {
    if v.contains("://") {
        format!(
            "`{}`",
            escape_terminal(v).replace('`', "%60").replace('|', "%7C")
        )
    } else {
        md(v)
    }
}

/// Text inside a Mermaid string literal: no quotes, no line breaks.
fn mermaid(s: &str) -> String {
    s.chars()
        .map(|c| if c == '"' || c.is_control() { ' ' } else { c })
        .collect()
}

struct Table<'w> {
    out: &'w mut dyn Write,
}

impl<'w> Table<'w> {
    fn new(out: &'w mut dyn Write, header: &[&str], align_right: &[bool]) -> io::Result<Table<'w>> {
        writeln!(out, "| {} |", header.join(" | "))?;
        let seps: Vec<&str> = align_right
            .iter()
            .map(|r| if *r { "---:" } else { "---" })
            .collect();
        writeln!(out, "|{}|", seps.join("|"))?;
        Ok(Table { out })
    }
    fn row(&mut self, cells: &[String]) -> io::Result<()> {
        writeln!(self.out, "| {} |", cells.join(" | "))
    }
}

fn capped_note(out: &mut dyn Write, total: usize, shown: usize) -> io::Result<()> {
    if total > shown {
        writeln!(
            out,
            "\n*{} more rows left out (`--max-rows` shows more); `wxinspect scan --format json` has them all.*",
            total - shown
        )?;
    }
    Ok(())
}

/// Writes the report.
pub fn report(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
    let inv: &Inventory = &d.inv;
    let total = inv.totals.bytes;
    let cat = |c: Category| {
        inv.totals
            .by_category
            .get(c.as_str())
            .copied()
            .unwrap_or_default()
    };
    writeln!(out, "# WeChat data inventory\n")?;
    writeln!(
        out,
        "Made by wxinspect {} on {} from `{}`. Nothing under the root was modified: files were opened \
         read-only, links were not followed, databases were read from private copies.\n",
        md(&inv.tool.version),
        md(&inv.generated_at),
        md(&inv.root)
    )?;
    // Summary.
    writeln!(out, "## Summary\n")?;
    writeln!(
        out,
        "- **{} files, {}** ({} on disk) in {} install(s) and {} account(s).",
        inv.totals.files,
        human_bytes(total),
        human_bytes(inv.totals.allocated),
        inv.installs.len(),
        inv.accounts.len()
    )?;
    for fact in facts(d) {
        writeln!(out, "- {fact}")?;
    }
    if !inv.installs.is_empty() {
        writeln!(out)?;
        let mut t = Table::new(
            out,
            &[
                "install",
                "generation",
                "data folder",
                "version folders",
                "accounts",
            ],
            &[false, false, false, false, true],
        )?;
        for i in &inv.installs {
            t.row(&[
                md(&i.path),
                format!("{}.x", i.generation.number()),
                md(&i.data_dir),
                if i.version_folders.is_empty() {
                    "–".into()
                } else {
                    md(&i.version_folders.join(", "))
                },
                i.accounts.len().to_string(),
            ])?;
        }
    }
    // Storage by category.
    writeln!(out, "\n## Storage by category\n")?;
    let mut t = Table::new(
        out,
        &["category", "files", "size", "share"],
        &[false, true, true, true],
    )?;
    let mut cats: Vec<(Category, u64, u64)> = Category::ALL
        .iter()
        .map(|c| (*c, cat(*c).files, cat(*c).bytes))
        .filter(|x| x.1 > 0)
        .collect();
    cats.sort_by_key(|c| std::cmp::Reverse(c.2));
    for (c, files, bytes) in &cats {
        t.row(&[
            c.as_str().into(),
            files.to_string(),
            human_bytes(*bytes),
            percent(*bytes, total),
        ])?;
    }
    writeln!(out, "\n```mermaid\npie showData title Bytes by category")?;
    for (c, _, bytes) in &cats {
        writeln!(out, "    \"{}\" : {}", c.as_str(), bytes)?;
    }
    writeln!(out, "```")?;
    // By account.
    if !inv.accounts.is_empty() {
        writeln!(out, "\n## Storage by account\n")?;
        let mut accts = inv.accounts.clone();
        accts.sort_by_key(|a| std::cmp::Reverse(a.bytes));
        let mut t = Table::new(
            out,
            &["account", "generation", "files", "size", "share"],
            &[false, false, true, true, true],
        )?;
        for a in accts.iter().take(d.max_rows) {
            t.row(&[
                md(&a.id),
                format!("{}.x", a.generation.number()),
                a.files.to_string(),
                human_bytes(a.bytes),
                percent(a.bytes, total),
            ])?;
        }
        capped_note(out, accts.len(), d.max_rows)?;
    }
    // By month.
    if !d.by_month.is_empty() {
        writeln!(out, "\n## Media by month\n")?;
        let mut months: Vec<&AggRow> = d.by_month.iter().filter(|r| r.key != "(none)").collect();
        months.sort_by(|a, b| a.key.cmp(&b.key));
        let shown: Vec<&&AggRow> = months
            .iter()
            .rev()
            .take(24)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let max = shown.iter().map(|r| r.bytes).max().unwrap_or(0) as f64 / (1024.0 * 1024.0);
        writeln!(
            out,
            "```mermaid\nxychart-beta\n    title \"Media by month (MiB)\""
        )?;
        writeln!(
            out,
            "    x-axis [{}]",
            shown
                .iter()
                .map(|r| format!("\"{}\"", mermaid(&r.key)))
                .collect::<Vec<_>>()
                .join(", ")
        )?;
        writeln!(out, "    y-axis \"MiB\" 0 --> {:.2}", (max * 1.1).max(0.01))?;
        writeln!(
            out,
            "    bar [{}]",
            shown
                .iter()
                .map(|r| format!("{:.3}", r.bytes as f64 / (1024.0 * 1024.0)))
                .collect::<Vec<_>>()
                .join(", ")
        )?;
        writeln!(out, "```\n")?;
        let mut t = Table::new(out, &["month", "files", "size"], &[false, true, true])?;
        for r in months.iter().rev().take(d.max_rows) {
            t.row(&[md(&r.key), r.files.to_string(), human_bytes(r.bytes)])?;
        }
        capped_note(out, months.len(), d.max_rows)?;
        writeln!(out, "\nMonths come from WeChat's `YYYY-MM` folders where the layout has them, else from the file's modification time.")?;
    }
    // Top chats.
    let chats: Vec<&AggRow> = d.by_chat.iter().filter(|r| r.key != "(none)").collect();
    if !chats.is_empty() {
        writeln!(out, "\n## Top chats by media storage\n")?;
        let mut t = Table::new(
            out,
            &["chat (folder id)", "files", "size", "share of media"],
            &[false, true, true, true],
        )?;
        for r in chats.iter().take(d.max_rows) {
            t.row(&[
                md(&r.key),
                r.files.to_string(),
                human_bytes(r.bytes),
                format!("{:.1} %", r.share),
            ])?;
        }
        capped_note(out, chats.len(), d.max_rows)?;
        writeln!(out, "\nChat folders are named by a hash of the peer's user name; wxinspect reads no message and no contact.")?;
    }
    // Largest media.
    writeln!(out, "\n## Largest media\n")?;
    if d.largest.is_empty() {
        writeln!(out, "No media files.")?;
    } else {
        let mut t = Table::new(
            out,
            &["size", "kind", "format", "account", "month", "path"],
            &[true, false, false, false, false, false],
        )?;
        for r in d.largest.iter().take(d.max_rows) {
            t.row(&[
                size(r.size),
                r.kind.to_string(),
                r.format.to_string(),
                md(r.account.as_deref().unwrap_or("–")),
                r.month.map(|m| m.to_string()).unwrap_or("–".into()),
                short_path(&r.path, r.account.as_deref()),
            ])?;
        }
        capped_note(out, d.media_files, d.largest.len().min(d.max_rows))?;
        writeln!(out, "\n`…/` stands for the account's folder; `bundle:` for `Library/Containers/<bundle>/Data/`. The JSON inventory has full paths.")?;
    }
    // Regenerable vs only copy, duplicates.
    let i = &d.insight;
    writeln!(out, "\n## What could be reclaimed\n")?;
    let v = |k: &str| i.variants.get(k).copied().unwrap_or(0);
    writeln!(out, "- **Regenerable** (caches, temp files, mini-program packages, logs): {}. WeChat fetches or rebuilds these.", human_bytes(i.regenerable_bytes))?;
    writeln!(
        out,
        "- **Possibly the only copy on this Mac** (received files, images, videos, voice): {}.",
        human_bytes(i.only_copy_bytes)
    )?;
    writeln!(
        out,
        "- Images and videos: {} originals, {} HD copies, {} thumbnails.",
        human_bytes(v("original")),
        human_bytes(v("hd")),
        human_bytes(v("thumbnail"))
    )?;
    if i.migration_backup_bytes > 0 || i.old_tree_bytes > 0 {
        writeln!(
            out,
            "- **3.x → 4.x leftovers**: {} in `xwechat_files/old_backup`, {} in a 3.x tree beside a 4.x one.",
            human_bytes(i.migration_backup_bytes),
            human_bytes(i.old_tree_bytes)
        )?;
    }
    writeln!(
        out,
        "- **Duplicates**: {} groups of identical files; keeping one copy of each would free {}.",
        d.dupes.groups.len(),
        human_bytes(d.dupes.reclaimable_bytes)
    )?;
    if !d.dupes.groups.is_empty() {
        writeln!(out)?;
        let mut t = Table::new(
            out,
            &["size", "copies", "reclaimable", "copies at"],
            &[true, true, true, false],
        )?;
        for g in d.dupes.groups.iter().take(d.max_rows) {
            let paths: Vec<String> = g.files.iter().map(|p| md(p)).collect();
            t.row(&[
                human_bytes(g.size),
                g.files.len().to_string(),
                human_bytes(g.size * (g.files.len() as u64 - 1)),
                paths.join("<br>"),
            ])?;
        }
        capped_note(out, d.dupes.groups.len(), d.max_rows)?;
    }
    writeln!(out, "\nwxinspect never deletes or moves anything.")?;
    // Databases.
    writeln!(out, "\n## Databases\n")?;
    let enc = inv.databases.iter().filter(|x| x.encrypted).count();
    writeln!(
        out,
        "{} databases: {} encrypted (SQLCipher-like, unreadable without the key, which wxinspect never asks for), {} plain.\n",
        inv.databases.len(),
        enc,
        inv.databases.len() - enc
    )?;
    let mut t = Table::new(
        out,
        &["database", "role", "format", "size", "page size", "tables"],
        &[false, false, false, true, false, false],
    )?;
    let mut dbs: Vec<_> = inv.databases.iter().collect();
    dbs.sort_by(|a, b| (a.encrypted, &a.path).cmp(&(b.encrypted, &b.path)));
    for db in dbs.iter().take(d.max_rows) {
        let tables = match &db.tables {
            Some(ts) => md(&super::tables_summary(ts)),
            None if db.kind == Kind::KeyMaterial => "key material: never opened".into(),
            None if db.encrypted => "encrypted".into(),
            None => md(db.note.as_deref().unwrap_or("–")),
        };
        let page = match (db.page_size_guess, db.encrypted) {
            (Some(p), true) => format!("{p} (guess)"),
            (Some(p), false) => p.to_string(),
            (None, _) => "?".into(),
        };
        t.row(&[
            md(&db.path),
            db.kind.to_string(),
            db.format.to_string(),
            human_bytes(db.size),
            page,
            tables,
        ])?;
    }
    capped_note(out, dbs.len(), d.max_rows)?;
    // Configuration.
    writeln!(out, "\n## Configuration\n")?;
    if d.config.is_empty() {
        writeln!(out, "No settings files found.")?;
    } else {
        let redacted = d.config.iter().filter(|r| r.redacted).count();
        writeln!(
            out,
            "{} settings; {} values redacted (secret-looking keys, opaque strings, URL queries).\n",
            d.config.len(),
            redacted
        )?;
        let mut t = Table::new(
            out,
            &["file", "key", "type", "value"],
            &[false, false, false, false],
        )?;
        for r in d.config.iter().take(d.max_rows) {
            let file = r.file.rsplit('/').next().unwrap_or(&r.file);
            t.row(&[
                md(file),
                md(&r.key),
                r.value_type.clone(),
                value_cell(&r.value),
            ])?;
        }
        capped_note(out, d.config.len(), d.max_rows)?;
    }
    // Network.
    writeln!(out, "\n## Network\n")?;
    let net = &inv.network;
    writeln!(
        out,
        "{} hosts from HTTP caches, cookie jars, HTTP storages, net config files and settings; {} cookies (names only, never values).\n",
        net.hosts.len(),
        net.cookies.len()
    )?;
    if !net.hosts.is_empty() {
        let mut by_owner: BTreeMap<(bool, &str), Vec<&crate::model::Host>> = BTreeMap::new();
        for h in &net.hosts {
            by_owner
                .entry((h.owner != "Tencent", h.owner.as_str()))
                .or_default()
                .push(h);
        }
        let mut t = Table::new(
            out,
            &["owner", "host", "role", "sources", "requests", "cached"],
            &[false, false, false, false, true, true],
        )?;
        let mut shown = 0;
        for ((_, owner), hosts) in &by_owner {
            for h in hosts {
                if shown == d.max_rows {
                    break;
                }
                shown += 1;
                t.row(&[
                    md(owner),
                    md(&h.host),
                    md(&h.role),
                    h.sources.join(", "),
                    h.requests.to_string(),
                    human_bytes(h.bytes),
                ])?;
            }
        }
        capped_note(out, net.hosts.len(), shown)?;
    }
    writeln!(out, "\n{}", crate::inspect::network::MMTLS_NOTE)?;
    // Warnings.
    writeln!(out, "\n## Warnings\n")?;
    if inv.warnings.is_empty() {
        writeln!(out, "None: everything was read.")?;
    } else {
        let mut t = Table::new(out, &["kind", "path", "message"], &[false, false, false])?;
        for w in inv.warnings.iter().take(d.max_rows) {
            t.row(&[
                w.kind.as_str().into(),
                short_path(&w.path, None),
                md(&w.message),
            ])?;
        }
        capped_note(out, inv.warnings.len(), d.max_rows)?;
        if inv
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::PrivacyProtected)
        {
            writeln!(
                out,
                "\nmacOS privacy protection blocked some folders: grant Full Disk Access to your terminal app \
                 (System Settings → Privacy & Security → Full Disk Access) and run again."
            )?;
        }
    }
    // Provenance.
    writeln!(out, "\n## How to read this report\n")?;
    writeln!(
        out,
        "- Schema: `{}`; tool: wxinspect {}.",
        crate::model::SCHEMA,
        md(&inv.tool.version)
    )?;
    writeln!(
        out,
        "- Command: `{}`",
        inv.command.join(" ").replace('`', "'")
    )?;
    writeln!(
        out,
        "- Root: `{}`; every path above is relative to it.",
        inv.root.replace('`', "'")
    )?;
    writeln!(
        out,
        "- Categories and formats come from file contents (magic bytes), not names; kinds come from WeChat's folder layout."
    )?;
    writeln!(out, "- Nothing under the root was created, changed or deleted; no message content was read; no secret is shown.")?;
    if d.anonymized {
        writeln!(out, "- Anonymized: account ids, chat ids, people's file names, the uin and the root are pseudonyms (keyed hashes).")?;
    }
    Ok(())
}

/// The three biggest facts, one sentence each.
fn facts(d: &ReportData<'_>) -> Vec<String> {
    let inv: &Inventory = &d.inv;
    let total = inv.totals.bytes.max(1);
    let mut facts = Vec::new();
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
    if d.insight.regenerable_bytes > 0 {
        facts.push(format!(
            "{} ({}) is regenerable cache, temp, mini-program and log data.",
            human_bytes(d.insight.regenerable_bytes),
            percent(d.insight.regenerable_bytes, total)
        ));
    }
    if d.dupes.reclaimable_bytes > 0 {
        facts.push(format!(
            "{} is held twice or more: {} groups of identical files.",
            human_bytes(d.dupes.reclaimable_bytes),
            d.dupes.groups.len()
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
    match (c, k) {
        (Category::Media, Kind::Video) => "video you sent or received".into(),
        (Category::Media, Kind::Image) => "images you sent or received".into(),
        (Category::Media, Kind::File) => "files you sent or received".into(),
        (Category::Media, Kind::Voice) => "voice messages".into(),
        (Category::Database, _) => format!("databases ({})", k.as_str()),
        (Category::Backup, _) => format!("backups ({})", k.as_str().replace('_', " ")),
        (c, k) => format!("{} ({})", c.as_str(), k.as_str().replace('_', " ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(md("a|b`c`"), "a\\|b\\`c\\`");
        assert_eq!(md("# title"), "\\# title");
        assert_eq!(md("x\ny"), "x\\\\ny");
        assert_eq!(md("<script>"), "&lt;script&gt;");
        assert_eq!(md("a_b*c"), "a\\_b\\*c");
    }
}
