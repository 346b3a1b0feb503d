//! The report's sections, one function each, in reading order.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::facts::facts;
use super::{
    capped_note, code, md, mermaid, short_path, size, value_cell, ReportData, Section, Table,
};
use crate::analyze::media::AggRow;
use crate::layout::chats::chat_label;
use crate::model::{Category, Inventory, Kind, WarningKind};
use crate::render::{human_bytes, percent, tables_summary};

/// The sections, in reading order.
pub(super) const SECTIONS: &[Section] = &[
    summary,
    by_category,
    by_account,
    by_month,
    top_chats,
    largest_media,
    super::reclaim::reclaimable,
    super::reclaim::duplicates,
    databases,
    configuration,
    network,
    super::system::system,
    warnings,
    provenance,
];

fn summary(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
    let inv: &Inventory = &d.inv;
    let total = inv.totals.bytes;
    writeln!(out, "## Summary\n")?;
    writeln!(
        out,
        "- **{} files, {}** ({} on disk) in {} install(s) and {} account(s).",
        inv.totals.files,
        human_bytes(total),
        human_bytes(inv.totals.allocated),
        inv.installs.len(),
        inv.accounts.iter().filter(|a| !a.placeholder).count()
    )?;
    for fact in facts(d) {
        writeln!(out, "- {fact}")?;
    }
    match d
        .warnings
        .iter()
        .filter(|w| w.kind.misses_answer("report"))
        .count()
    {
        0 => {}
        n => writeln!(
            out,
            "- **{n} entries were not read** (see Warnings): what they hold is not in this report."
        )?,
    }
    let mirrors: Vec<String> = inv
        .links
        .iter()
        .filter(|l| l.user_folder)
        .map(|l| md(&l.path))
        .collect();
    if !mirrors.is_empty() {
        writeln!(
            out,
            "- Not WeChat data: {} link(s) into your own folders (macOS sandbox mirrors, not followed, not counted): {}.",
            mirrors.len(),
            mirrors.join(", ")
        )?;
    }
    let placeholders: Vec<String> = inv
        .accounts
        .iter()
        .filter(|a| a.placeholder)
        .map(|a| md(&a.id))
        .collect();
    if !placeholders.is_empty() {
        writeln!(
            out,
            "- {} is a placeholder folder (md5 of an empty name), not a person's account.",
            placeholders.join(", ")
        )?;
    }
    if inv.locations.len() > 1 {
        writeln!(
            out,
            "\n| location | role | files | size |\n|---|---|---:|---:|"
        )?;
        for l in &inv.locations {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(&l.path),
                l.role.as_str(),
                l.files,
                size(l.bytes)
            )?;
        }
    }
    crash_line(inv, out)?;
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
    Ok(())
}

/// WeChat's crash reports: how many per version, and the last one.
fn crash_line(inv: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    let crashes: u64 = inv.crashes.by_version.values().sum();
    if crashes > 0 {
        let versions: Vec<String> = inv
            .crashes
            .by_version
            .iter()
            .map(|(v, n)| format!("{n} × {}", md(v)))
            .collect();
        let last = inv.crashes.last.as_ref().and_then(|l| {
            let when = l.time.as_deref().map(|t| md(t.get(..10).unwrap_or(t)));
            match (when, l.os_version.as_deref().map(md)) {
                (Some(t), Some(os)) => Some(format!("; the last on {t} ({os})")),
                (Some(t), None) => Some(format!("; the last on {t}")),
                (None, Some(os)) => Some(format!("; the last on {os}")),
                (None, None) => None,
            }
        });
        writeln!(
            out,
            "\nCrash reports of WeChat: {crashes} ({}){}.",
            versions.join(", "),
            last.unwrap_or_default()
        )?;
    }
    Ok(())
}

fn by_category(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
    let inv: &Inventory = &d.inv;
    let total = inv.totals.bytes;
    let cat = |c: Category| {
        inv.totals
            .by_category
            .get(c.as_str())
            .copied()
            .unwrap_or_default()
    };
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
    Ok(())
}

fn by_account(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
    let inv: &Inventory = &d.inv;
    let total = inv.totals.bytes;
    if !inv.accounts.is_empty() {
        writeln!(out, "\n## Storage by account\n")?;
        let mut accts = inv.accounts.clone();
        accts.sort_by_key(|a| std::cmp::Reverse(a.bytes));
        let mut t = Table::new(
            out,
            &["account", "install", "generation", "files", "size", "share"],
            &[false, false, false, true, true, true],
        )?;
        for a in accts.iter().take(d.max_rows) {
            t.row(&[
                md(&a.id),
                md(a.install_label()),
                format!("{}.x", a.generation.number()),
                a.files.to_string(),
                human_bytes(a.bytes),
                percent(a.bytes, total),
            ])?;
        }
        capped_note(out, accts.len(), d.max_rows)?;
    }
    Ok(())
}

fn by_month(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
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
    Ok(())
}

fn top_chats(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
    let chats: Vec<&AggRow> = d.by_chat.iter().filter(|r| r.key != "(none)").collect();
    if !chats.is_empty() {
        writeln!(out, "\n## Top chats by media storage\n")?;
        let mut t = Table::new(
            out,
            &["chat (folder id)", "files", "size", "share of media"],
            &[false, true, true, true],
        )?;
        for r in chats.iter().take(d.max_rows) {
            let name = match chat_label(&r.key) {
                Some(label) => format!("{label} — {}", &r.key[..12.min(r.key.len())]),
                None => r.key.clone(),
            };
            t.row(&[
                md(&name),
                r.files.to_string(),
                human_bytes(r.bytes),
                format!("{:.1} %", r.share),
            ])?;
        }
        capped_note(out, chats.len(), d.max_rows)?;
        writeln!(out, "\nChat folders are named by a hash of the peer's user name; wxinspect reads no message and no contact.")?;
    }
    Ok(())
}

fn largest_media(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
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
    Ok(())
}

fn databases(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
    let inv: &Inventory = &d.inv;
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
            Some(ts) => md(&tables_summary(ts)),
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
    Ok(())
}

fn configuration(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
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
    Ok(())
}

fn network(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
    let inv: &Inventory = &d.inv;
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
    super::resolve::chains(d, out)?;
    writeln!(out, "\n{}", crate::inspect::network::MMTLS_NOTE)?;
    Ok(())
}

fn warnings(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\n## Warnings\n")?;
    if d.warnings.is_empty() {
        writeln!(out, "None: everything was read.")?;
    } else {
        let mut t = Table::new(out, &["kind", "path", "message"], &[false, false, false])?;
        for w in d.warnings.iter().take(d.max_rows) {
            t.row(&[
                w.kind.as_str().into(),
                short_path(&w.path, None),
                md(&w.message),
            ])?;
        }
        capped_note(out, d.warnings.len(), d.max_rows)?;
        if d.warnings
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
    Ok(())
}

fn provenance(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
    let inv: &Inventory = &d.inv;
    writeln!(out, "\n## How to read this report\n")?;
    writeln!(
        out,
        "- Schema: `{}`; tool: wxinspect {}.",
        crate::model::SCHEMA,
        md(&inv.tool.version)
    )?;
    writeln!(out, "- Command: {}", code(&inv.command.join(" ")))?;
    writeln!(
        out,
        "- Root: {}; every path above is relative to it.",
        code(&inv.root)
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
