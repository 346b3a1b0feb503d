//! The report's "What macOS records about WeChat" (`report --system`):
//! the `system` document as Markdown, one subsection per source kind.

use super::{code, md, ReportData};
use crate::model::system::{KeyedSpan, SourceStatus, SystemReport};
use crate::render::doc::{Cell, Doc};
use crate::render::human_bytes;

fn day(t: &Option<String>) -> String {
    t.as_deref()
        .map_or("-".into(), |t| t.chars().take(10).collect())
}

/// The section; nothing without `--system`.
pub(super) fn system(d: &ReportData<'_>, doc: &mut Doc) {
    let Some(r) = &d.system else {
        return;
    };
    doc.heading(2, "What macOS records about WeChat");
    let homes: Vec<String> = r.homes.iter().map(|h| code(h)).collect();
    doc.para(format!(
        "From macOS's own databases at root {} and {} (`wxinspect system`): only WeChat's rows. \
         They were opened read-only; a notification's content was never read.",
        code(&r.root),
        match homes.is_empty() {
            true => "no home".to_string(),
            false => homes.join(", "),
        }
    ));
    let t = doc.table(
        &["database", "status", "WeChat rows", "path", "note"],
        &[false, false, true, false, false],
    );
    for s in &r.sources {
        let rows = match s.status {
            SourceStatus::Read => Cell::count(s.rows),
            _ => "-".into(),
        };
        t.row(vec![
            s.kind.short().into(),
            md(s.status.as_str()).into(),
            rows,
            code(&s.path).into(),
            md(&s.note).into(),
        ]);
    }
    permissions(r, doc);
    downloads(r, doc);
    notifications(r, doc);
    network(r, doc)
}

fn permissions(r: &SystemReport, doc: &mut Doc) {
    doc.heading(3, "Permissions (TCC)");
    if r.permissions.is_empty() {
        return doc.para("No WeChat row in the TCC databases read.");
    }
    let t = doc.table(
        &[
            "permission",
            "status",
            "by",
            "changed",
            "client",
            "database",
        ],
        &[false; 6],
    );
    for p in &r.permissions {
        t.row(vec![
            md(&p.service_name).into(),
            p.status.clone().into(),
            md(p.by.as_deref().unwrap_or("-")).into(),
            day(&p.last_changed).into(),
            code(&p.client).into(),
            p.scope.clone().into(),
        ]);
    }
}

fn spans(doc: &mut Doc, key: &str, count: &str, rows: &[KeyedSpan]) {
    let t = doc.table(&[key, count, "first", "last"], &[false, true, false, false]);
    for k in rows {
        t.row(vec![
            md(&k.key).into(),
            Cell::count(k.span.count),
            day(&k.span.first).into(),
            day(&k.span.last).into(),
        ]);
    }
}

fn downloads(r: &SystemReport, doc: &mut Doc) {
    doc.heading(3, "Downloads through WeChat (quarantine events)");
    if r.downloads.is_empty() {
        return doc.para("None recorded in the quarantine databases read.");
    }
    for d in &r.downloads {
        doc.para(format!(
            "{} files saved by WeChat for {}, from {} to {}; hosts only (never a path, a query or a file name):",
            d.events.count,
            code(d.home.as_deref().unwrap_or("-")),
            day(&d.events.first),
            day(&d.events.last)
        ));
        spans(doc, "host", "files", &d.hosts);
    }
}

fn notifications(r: &SystemReport, doc: &mut Doc) {
    doc.heading(3, "Notifications (Notification Center)");
    if r.notifications.is_empty() {
        return doc.para("None from WeChat in the databases read.");
    }
    for n in &r.notifications {
        let apps: Vec<String> = n.apps.iter().map(|a| code(a)).collect();
        doc.para(format!(
            "{} notifications from {} for {} (counted by month; their content was never read):",
            n.records.count,
            apps.join(", "),
            code(n.home.as_deref().unwrap_or("-"))
        ));
        spans(doc, "month", "notifications", &n.by_month);
    }
}

fn network(r: &SystemReport, doc: &mut Doc) {
    doc.heading(3, "Network bytes (networkd)");
    let rows = crate::render::system::net_rows(&r.network);
    if rows.is_empty() {
        return doc.para("No WeChat bytes counted in the databases read.");
    }
    let t = doc.table(
        &[
            "process",
            "interface",
            "received",
            "sent",
            "first seen",
            "last seen",
        ],
        &[false, false, true, true, false, false],
    );
    for n in &rows {
        t.row(vec![
            md(&n.process).into(),
            n.interface.into(),
            Cell::num(human_bytes(n.bytes_in), n.bytes_in as f64),
            Cell::num(human_bytes(n.bytes_out), n.bytes_out as f64),
            day(&n.first_seen).into(),
            day(&n.last_seen).into(),
        ]);
    }
}
