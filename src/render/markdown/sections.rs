//! The report's sections, one function each, in reading order.

use std::collections::BTreeMap;

use super::facts::facts;
use super::{capped_note, code, md, short_path, size, value_cell, ReportData, Section};
use crate::analyze::media::AggRow;
use crate::layout::chats::chat_label;
use crate::model::{Category, Inventory, Kind, WarningKind};
use crate::render::doc::{Cell, ChartKind, Doc};
use crate::render::{human_bytes, percent, tables_summary};

/// A size cell: in words, sorted by bytes.
fn bytes(n: u64) -> Cell {
    Cell::num(human_bytes(n), n as f64)
}

/// A size cell that does not wrap, sorted by bytes.
fn nbsp_bytes(n: u64) -> Cell {
    Cell::num(size(n), n as f64)
}

/// A share of `total`, sorted by its value.
fn share(n: u64, total: u64) -> Cell {
    Cell::num(percent(n, total), n as f64 / total.max(1) as f64)
}

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

fn summary(d: &ReportData<'_>, doc: &mut Doc) {
    let inv: &Inventory = &d.inv;
    let total = inv.totals.bytes;
    doc.heading(2, "Summary");
    let mut items = vec![format!(
        "**{} files, {}** ({} on disk) in {} install(s) and {} account(s).",
        inv.totals.files,
        human_bytes(total),
        human_bytes(inv.totals.allocated),
        inv.installs.len(),
        inv.accounts.iter().filter(|a| !a.placeholder).count()
    )];
    items.extend(facts(d));
    match d
        .warnings
        .iter()
        .filter(|w| w.kind.misses_answer("report"))
        .count()
    {
        0 => {}
        n => items.push(format!(
            "**{n} entries were not read** (see Warnings): what they hold is not in this report."
        )),
    }
    let mirrors: Vec<String> = inv
        .links
        .iter()
        .filter(|l| l.user_folder)
        .map(|l| md(&l.path))
        .collect();
    if !mirrors.is_empty() {
        items.push(format!(
            "Not WeChat data: {} link(s) into your own folders (macOS sandbox mirrors, not followed, not counted): {}.",
            mirrors.len(),
            mirrors.join(", ")
        ));
    }
    let placeholders: Vec<String> = inv
        .accounts
        .iter()
        .filter(|a| a.placeholder)
        .map(|a| md(&a.id))
        .collect();
    if !placeholders.is_empty() {
        items.push(format!(
            "{} is a placeholder folder (md5 of an empty name), not a person's account.",
            placeholders.join(", ")
        ));
    }
    doc.list(items);
    if inv.locations.len() > 1 {
        let t = doc.table(
            &["location", "role", "files", "size"],
            &[false, false, true, true],
        );
        for l in &inv.locations {
            t.row(vec![
                md(&l.path).into(),
                l.role.as_str().into(),
                Cell::count(l.files),
                nbsp_bytes(l.bytes),
            ]);
        }
    }
    crash_line(inv, doc);
    if !inv.installs.is_empty() {
        let t = doc.table(
            &[
                "install",
                "generation",
                "data folder",
                "version folders",
                "accounts",
            ],
            &[false, false, false, false, true],
        );
        for i in &inv.installs {
            t.row(vec![
                md(&i.path).into(),
                format!("{}.x", i.generation.number()).into(),
                md(&i.data_dir).into(),
                if i.version_folders.is_empty() {
                    "–".into()
                } else {
                    md(&i.version_folders.join(", ")).into()
                },
                Cell::count(i.accounts.len() as u64),
            ]);
        }
    }
}

/// WeChat's crash reports: how many per version, and the last one.
fn crash_line(inv: &Inventory, doc: &mut Doc) {
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
        doc.para(format!(
            "Crash reports of WeChat: {crashes} ({}){}.",
            versions.join(", "),
            last.unwrap_or_default()
        ));
    }
}

fn by_category(d: &ReportData<'_>, doc: &mut Doc) {
    let inv: &Inventory = &d.inv;
    let total = inv.totals.bytes;
    let cat = |c: Category| {
        inv.totals
            .by_category
            .get(c.as_str())
            .copied()
            .unwrap_or_default()
    };
    doc.heading(2, "Storage by category");
    let mut cats: Vec<(Category, u64, u64)> = Category::ALL
        .iter()
        .map(|c| (*c, cat(*c).files, cat(*c).bytes))
        .filter(|x| x.1 > 0)
        .collect();
    cats.sort_by_key(|c| std::cmp::Reverse(c.2));
    let t = doc.table(
        &["category", "files", "size", "share"],
        &[false, true, true, true],
    );
    for (c, files, n) in &cats {
        t.row(vec![
            c.as_str().into(),
            Cell::count(*files),
            bytes(*n),
            share(*n, total),
        ]);
    }
    let parts = cats.iter().map(|(c, _, n)| (c.as_str().to_string(), *n));
    doc.chart(ChartKind::Pie, "Bytes by category", parts.collect());
}

fn by_account(d: &ReportData<'_>, doc: &mut Doc) {
    let inv: &Inventory = &d.inv;
    let total = inv.totals.bytes;
    if !inv.accounts.is_empty() {
        doc.heading(2, "Storage by account");
        let mut accts = inv.accounts.clone();
        accts.sort_by_key(|a| std::cmp::Reverse(a.bytes));
        let t = doc.table(
            &["account", "install", "generation", "files", "size", "share"],
            &[false, false, false, true, true, true],
        );
        for a in accts.iter().take(d.max_rows) {
            t.row(vec![
                md(&a.id).into(),
                md(a.install_label()).into(),
                format!("{}.x", a.generation.number()).into(),
                Cell::count(a.files),
                bytes(a.bytes),
                share(a.bytes, total),
            ]);
        }
        capped_note(doc, accts.len(), d.max_rows);
    }
}

fn by_month(d: &ReportData<'_>, doc: &mut Doc) {
    if !d.by_month.is_empty() {
        doc.heading(2, "Media by month");
        let mut months: Vec<&AggRow> = d.by_month.iter().filter(|r| r.key != "(none)").collect();
        months.sort_by(|a, b| a.key.cmp(&b.key));
        let shown = &months[months.len().saturating_sub(24)..];
        let bars = shown.iter().map(|r| (r.key.clone(), r.bytes)).collect();
        doc.chart(ChartKind::Bars, "Media by month", bars);
        let t = doc.table(&["month", "files", "size"], &[false, true, true]);
        for r in months.iter().rev().take(d.max_rows) {
            t.row(vec![
                md(&r.key).into(),
                Cell::count(r.files),
                bytes(r.bytes),
            ]);
        }
        capped_note(doc, months.len(), d.max_rows);
        doc.para("Months come from WeChat's `YYYY-MM` folders where the layout has them, else from the file's modification time.");
    }
}

fn top_chats(d: &ReportData<'_>, doc: &mut Doc) {
    let chats: Vec<&AggRow> = d.by_chat.iter().filter(|r| r.key != "(none)").collect();
    if !chats.is_empty() {
        doc.heading(2, "Top chats by media storage");
        let t = doc.table(
            &["chat (folder id)", "files", "size", "share of media"],
            &[false, true, true, true],
        );
        for r in chats.iter().take(d.max_rows) {
            let name = match chat_label(&r.key) {
                Some(label) => format!("{label} — {}", &r.key[..12.min(r.key.len())]),
                None => r.key.clone(),
            };
            t.row(vec![
                md(&name).into(),
                Cell::count(r.files),
                bytes(r.bytes),
                Cell::num(format!("{:.1} %", r.share), r.share),
            ]);
        }
        capped_note(doc, chats.len(), d.max_rows);
        doc.para("Chat folders are named by a hash of the peer's user name; wxinspect reads no message and no contact.");
    }
}

fn largest_media(d: &ReportData<'_>, doc: &mut Doc) {
    doc.heading(2, "Largest media");
    if d.largest.is_empty() {
        doc.para("No media files.");
    } else {
        let t = doc.table(
            &["size", "kind", "format", "account", "month", "path"],
            &[true, false, false, false, false, false],
        );
        for r in d.largest.iter().take(d.max_rows) {
            t.row(vec![
                nbsp_bytes(r.size),
                r.kind.to_string().into(),
                r.format.to_string().into(),
                md(r.account.as_deref().unwrap_or("–")).into(),
                r.month.map(|m| m.to_string()).unwrap_or("–".into()).into(),
                short_path(&r.path, r.account.as_deref()).into(),
            ]);
        }
        capped_note(doc, d.media_files, d.largest.len().min(d.max_rows));
        doc.para("`…/` stands for the account's folder; `bundle:` for `Library/Containers/<bundle>/Data/`. The JSON inventory has full paths.");
    }
}

fn databases(d: &ReportData<'_>, doc: &mut Doc) {
    let inv: &Inventory = &d.inv;
    doc.heading(2, "Databases");
    let enc = inv.databases.iter().filter(|x| x.encrypted).count();
    doc.para(format!(
        "{} databases: {} encrypted (SQLCipher-like, unreadable without the key, which wxinspect never asks for), {} plain.",
        inv.databases.len(),
        enc,
        inv.databases.len() - enc
    ));
    let t = doc.table(
        &["database", "role", "format", "size", "page size", "tables"],
        &[false, false, false, true, false, false],
    );
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
        t.row(vec![
            md(&db.path).into(),
            db.kind.to_string().into(),
            db.format.to_string().into(),
            bytes(db.size),
            page.into(),
            tables.into(),
        ]);
    }
    capped_note(doc, dbs.len(), d.max_rows);
}

fn configuration(d: &ReportData<'_>, doc: &mut Doc) {
    doc.heading(2, "Configuration");
    if d.config.is_empty() {
        doc.para("No settings files found.");
    } else {
        let redacted = d.config.iter().filter(|r| r.redacted).count();
        doc.para(format!(
            "{} settings; {} values redacted (secret-looking keys, opaque strings, URL queries).",
            d.config.len(),
            redacted
        ));
        let t = doc.table(
            &["file", "key", "type", "value"],
            &[false, false, false, false],
        );
        for r in d.config.iter().take(d.max_rows) {
            let file = r.file.rsplit('/').next().unwrap_or(&r.file);
            t.row(vec![
                md(file).into(),
                md(&r.key).into(),
                r.value_type.clone().into(),
                value_cell(&r.value).into(),
            ]);
        }
        capped_note(doc, d.config.len(), d.max_rows);
    }
}

fn network(d: &ReportData<'_>, doc: &mut Doc) {
    let inv: &Inventory = &d.inv;
    doc.heading(2, "Network");
    let net = &inv.network;
    doc.para(format!(
        "{} hosts from HTTP caches, cookie jars, HTTP storages, net config files and settings; {} cookies (names only, never values).",
        net.hosts.len(),
        net.cookies.len()
    ));
    if !net.hosts.is_empty() {
        let mut by_owner: BTreeMap<(bool, &str), Vec<&crate::model::Host>> = BTreeMap::new();
        for h in &net.hosts {
            by_owner
                .entry((h.owner != "Tencent", h.owner.as_str()))
                .or_default()
                .push(h);
        }
        let t = doc.table(
            &["owner", "host", "role", "sources", "requests", "cached"],
            &[false, false, false, false, true, true],
        );
        let mut shown = 0;
        for ((_, owner), hosts) in &by_owner {
            for h in hosts {
                if shown == d.max_rows {
                    break;
                }
                shown += 1;
                t.row(vec![
                    md(owner).into(),
                    md(&h.host).into(),
                    md(&h.role).into(),
                    h.sources.join(", ").into(),
                    Cell::count(h.requests),
                    bytes(h.bytes),
                ]);
            }
        }
        capped_note(doc, net.hosts.len(), shown);
    }
    super::resolve::chains(d, doc);
    doc.para(crate::inspect::network::MMTLS_NOTE);
}

fn warnings(d: &ReportData<'_>, doc: &mut Doc) {
    doc.heading(2, "Warnings");
    if d.warnings.is_empty() {
        doc.para("None: everything was read.");
    } else {
        let t = doc.table(&["kind", "path", "message"], &[false, false, false]);
        for w in d.warnings.iter().take(d.max_rows) {
            t.row(vec![
                w.kind.as_str().into(),
                short_path(&w.path, None).into(),
                md(&w.message).into(),
            ]);
        }
        capped_note(doc, d.warnings.len(), d.max_rows);
        if d.warnings
            .iter()
            .any(|w| w.kind == WarningKind::PrivacyProtected)
        {
            doc.para(
                "macOS privacy protection blocked some folders: grant Full Disk Access to your terminal app \
                 (System Settings → Privacy & Security → Full Disk Access) and run again.",
            );
        }
    }
}

fn provenance(d: &ReportData<'_>, doc: &mut Doc) {
    let inv: &Inventory = &d.inv;
    doc.heading(2, "How to read this report");
    let mut items = vec![
        format!(
            "Schema: `{}`; tool: wxinspect {}.",
            crate::model::SCHEMA,
            md(&inv.tool.version)
        ),
        format!("Command: {}", code(&inv.command.join(" "))),
        format!(
            "Root: {}; every path above is relative to it.",
            code(&inv.root)
        ),
        "Categories and formats come from file contents (magic bytes), not names; kinds come from WeChat's folder layout.".into(),
        "Nothing under the root was created, changed or deleted; no message content was read; no secret is shown.".into(),
    ];
    if d.anonymized {
        items.push("Anonymized: account ids, chat ids, people's file names, the uin and the root are pseudonyms (keyed hashes).".into());
    }
    doc.list(items);
}
