//! The report's "What macOS records about WeChat" (`report --system`):
//! the `system` document as Markdown, one subsection per source kind.

use std::io::{self, Write};

use super::{code, md, ReportData, Table};
use crate::model::system::{KeyedSpan, SourceStatus, SystemReport};
use crate::render::human_bytes;

fn day(t: &Option<String>) -> String {
    t.as_deref()
        .map_or("-".into(), |t| t.chars().take(10).collect())
}

/// The section; nothing without `--system`.
pub(super) fn system(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
    let Some(r) = &d.system else {
        return Ok(());
    };
    writeln!(out, "\n## What macOS records about WeChat\n")?;
    let homes: Vec<String> = r.homes.iter().map(|h| code(h)).collect();
    writeln!(
        out,
        "From macOS's own databases at root {} and {} (`wxinspect system`): only WeChat's rows. \
         They were opened read-only; a notification's content was never read.\n",
        code(&r.root),
        match homes.is_empty() {
            true => "no home".to_string(),
            false => homes.join(", "),
        }
    )?;
    let mut t = Table::new(
        out,
        &["database", "status", "WeChat rows", "path", "note"],
        &[false, false, true, false, false],
    )?;
    for s in &r.sources {
        let rows = match s.status {
            SourceStatus::Read => s.rows.to_string(),
            _ => "-".into(),
        };
        t.row(&[
            s.kind.short().into(),
            md(s.status.as_str()),
            rows,
            code(&s.path),
            md(&s.note),
        ])?;
    }
    permissions(r, out)?;
    downloads(r, out)?;
    notifications(r, out)?;
    network(r, out)
}

fn permissions(r: &SystemReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\n### Permissions (TCC)\n")?;
    if r.permissions.is_empty() {
        return writeln!(out, "No WeChat row in the TCC databases read.");
    }
    let mut t = Table::new(
        out,
        &[
            "permission",
            "status",
            "by",
            "changed",
            "client",
            "database",
        ],
        &[false; 6],
    )?;
    for p in &r.permissions {
        t.row(&[
            md(&p.service_name),
            p.status.clone(),
            md(p.by.as_deref().unwrap_or("-")),
            day(&p.last_changed),
            code(&p.client),
            p.scope.clone(),
        ])?;
    }
    Ok(())
}

fn spans(out: &mut dyn Write, key: &str, count: &str, rows: &[KeyedSpan]) -> io::Result<()> {
    let mut t = Table::new(
        out,
        &[key, count, "first", "last"],
        &[false, true, false, false],
    )?;
    for k in rows {
        t.row(&[
            md(&k.key),
            k.span.count.to_string(),
            day(&k.span.first),
            day(&k.span.last),
        ])?;
    }
    Ok(())
}

fn downloads(r: &SystemReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\n### Downloads through WeChat (quarantine events)\n")?;
    if r.downloads.is_empty() {
        return writeln!(out, "None recorded in the quarantine databases read.");
    }
    for (i, d) in r.downloads.iter().enumerate() {
        let gap = if i > 0 { "\n" } else { "" };
        writeln!(
            out,
            "{gap}{} files saved by WeChat for {}, from {} to {}; hosts only (never a path, a query or a file name):\n",
            d.events.count,
            code(d.home.as_deref().unwrap_or("-")),
            day(&d.events.first),
            day(&d.events.last)
        )?;
        spans(out, "host", "files", &d.hosts)?;
    }
    Ok(())
}

fn notifications(r: &SystemReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\n### Notifications (Notification Center)\n")?;
    if r.notifications.is_empty() {
        return writeln!(out, "None from WeChat in the databases read.");
    }
    for (i, n) in r.notifications.iter().enumerate() {
        let apps: Vec<String> = n.apps.iter().map(|a| code(a)).collect();
        let gap = if i > 0 { "\n" } else { "" };
        writeln!(
            out,
            "{gap}{} notifications from {} for {} (counted by month; their content was never read):\n",
            n.records.count,
            apps.join(", "),
            code(n.home.as_deref().unwrap_or("-"))
        )?;
        spans(out, "month", "notifications", &n.by_month)?;
    }
    Ok(())
}

fn network(r: &SystemReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\n### Network bytes (networkd)\n")?;
    let rows = crate::render::system::net_rows(&r.network);
    if rows.is_empty() {
        return writeln!(out, "No WeChat bytes counted in the databases read.");
    }
    let mut t = Table::new(
        out,
        &[
            "process",
            "interface",
            "received",
            "sent",
            "first seen",
            "last seen",
        ],
        &[false, false, true, true, false, false],
    )?;
    for n in &rows {
        t.row(&[
            md(&n.process),
            n.interface.into(),
            human_bytes(n.bytes_in),
            human_bytes(n.bytes_out),
            day(&n.first_seen),
            day(&n.last_seen),
        ])?;
    }
    Ok(())
}
