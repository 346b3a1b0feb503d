//! `wxinspect system`'s tables: the sources looked for, then one section
//! per source kind (permissions, downloads, notifications, network bytes),
//! then what could not be read.

use std::io::{self, Write};

use super::columns::{self as cols, NetRow};
use super::escape_terminal;
use super::footer::warning_footer;
use super::list::columns;
use super::term::Term;
use crate::model::system::{NetUsage, SourceKind, SourceStatus, SystemReport};
use crate::model::warning::Omitted;

/// Where the document was read, in a line: `/ and /Users/alice`.
pub fn places_line(r: &SystemReport) -> String {
    let homes = match r.homes.len() {
        0 => "no home".to_string(),
        _ => r.homes.join(", "),
    };
    escape_terminal(&format!("root {}, {homes}", r.root))
}

/// What a section says when none of its sources was read.
fn unread(r: &SystemReport, kinds: &[SourceKind]) -> Option<&'static str> {
    let of: Vec<_> = r
        .sources
        .iter()
        .filter(|s| kinds.contains(&s.kind))
        .collect();
    match of.iter().any(|s| s.status == SourceStatus::Read) {
        true => None,
        false if of.is_empty() => Some("no home read (--home, or --root with a Users folder)"),
        false if of.iter().all(|s| s.status == SourceStatus::Absent) => {
            Some("not on this Mac (no such database at this root)")
        }
        false => Some("not read (see below)"),
    }
}

/// The whole `system` table output.
pub fn table(
    term: &Term,
    r: &SystemReport,
    omitted: &Omitted,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "What macOS records about WeChat ({})", places_line(r))?;
    writeln!(
        out,
        "\nSources\n{}",
        columns(term, &cols::system_sources(), &r.sources)
    )?;
    for s in r
        .sources
        .iter()
        .filter(|s| s.status == SourceStatus::OtherUser)
    {
        writeln!(
            out,
            "{}: {}",
            escape_terminal(&s.path),
            escape_terminal(&s.note)
        )?;
    }
    permissions(term, r, out)?;
    downloads(term, r, out)?;
    notifications(term, r, out)?;
    network(term, r, out)?;
    writeln!(
        out,
        "\nNothing was changed: databases were opened read-only (immutable, or a private copy \
         when they have a WAL), no link was followed, no notification's content was read."
    )?;
    warning_footer("system", (&r.warnings, omitted), out)
}

fn permissions(term: &Term, r: &SystemReport, out: &mut dyn Write) -> io::Result<()> {
    write!(out, "\nPermissions (TCC)")?;
    if let Some(why) = unread(r, &[SourceKind::TccUser, SourceKind::TccSystem]) {
        return writeln!(out, ": {why}");
    }
    if r.permissions.is_empty() {
        return writeln!(out, ": WeChat was never asked for one");
    }
    writeln!(
        out,
        "\n{}",
        columns(term, &cols::permissions(), &r.permissions)
    )
}

fn downloads(term: &Term, r: &SystemReport, out: &mut dyn Write) -> io::Result<()> {
    write!(out, "\nDownloads through WeChat (quarantine events)")?;
    if let Some(why) = unread(r, &[SourceKind::Quarantine]) {
        return writeln!(out, ": {why}");
    }
    if r.downloads.is_empty() {
        return writeln!(out, ": none");
    }
    writeln!(out)?;
    for d in &r.downloads {
        writeln!(
            out,
            "{} files saved by WeChat for {}, {} to {}",
            d.events.count,
            escape_terminal(d.home.as_deref().unwrap_or("-")),
            d.events
                .first
                .as_deref()
                .map_or("?", |t| &t[..10.min(t.len())]),
            d.events
                .last
                .as_deref()
                .map_or("?", |t| &t[..10.min(t.len())]),
        )?;
        let hosts = columns(term, &cols::keyed_spans("host", "files"), &d.hosts);
        writeln!(out, "{hosts}")?;
        let types: Vec<String> = d
            .types
            .iter()
            .map(|t| format!("{} × {}", t.key, t.span.count))
            .collect();
        writeln!(
            out,
            "by LSQuarantineTypeNumber: {}",
            escape_terminal(&types.join(", "))
        )?;
    }
    Ok(())
}

fn notifications(term: &Term, r: &SystemReport, out: &mut dyn Write) -> io::Result<()> {
    write!(out, "\nNotifications (Notification Center)")?;
    if let Some(why) = unread(r, &[SourceKind::Notifications]) {
        return writeln!(out, ": {why}");
    }
    if r.notifications.is_empty() {
        return writeln!(out, ": none from WeChat");
    }
    writeln!(out)?;
    for n in &r.notifications {
        writeln!(
            out,
            "{} notifications from {} for {} (content never read)",
            n.records.count,
            escape_terminal(&n.apps.join(", ")),
            escape_terminal(n.home.as_deref().unwrap_or("-")),
        )?;
        let months = columns(
            term,
            &cols::keyed_spans("month", "notifications"),
            &n.by_month,
        );
        writeln!(out, "{months}")?;
    }
    Ok(())
}

/// One table row per process and kind of interface that moved bytes.
pub fn net_rows(n: &[NetUsage]) -> Vec<NetRow> {
    let mut rows = Vec::new();
    for u in n {
        for (interface, bytes_in, bytes_out) in [
            ("Wi-Fi", u.wifi_in, u.wifi_out),
            ("wired", u.wired_in, u.wired_out),
            ("cellular", u.cellular_in, u.cellular_out),
        ] {
            if bytes_in > 0 || bytes_out > 0 {
                rows.push(NetRow {
                    process: u.process.clone(),
                    interface,
                    bytes_in,
                    bytes_out,
                    first_seen: u.first_seen.clone(),
                    last_seen: u.last_seen.clone(),
                });
            }
        }
    }
    rows
}

fn network(term: &Term, r: &SystemReport, out: &mut dyn Write) -> io::Result<()> {
    write!(out, "\nNetwork bytes (networkd)")?;
    if let Some(why) = unread(r, &[SourceKind::Netusage]) {
        return writeln!(out, ": {why}");
    }
    let rows = net_rows(&r.network);
    if rows.is_empty() {
        return writeln!(out, ": none counted for WeChat");
    }
    writeln!(out, "\n{}", columns(term, &cols::net_rows(), &rows))?;
    for u in &r.network {
        let pks: Vec<String> = u.process_rows.iter().map(|p| p.to_string()).collect();
        let (rows, procs) = match (u.usage_rows, pks.len()) {
            (1, 1) => ("usage row", "process row"),
            (1, _) => ("usage row", "process rows"),
            (_, 1) => ("usage rows", "process row"),
            _ => ("usage rows", "process rows"),
        };
        writeln!(
            out,
            "{}: {} {rows} of {procs} {} (ZPROCESS.Z_PK) summed",
            escape_terminal(&u.process),
            u.usage_rows,
            pks.join(", ")
        )?;
    }
    Ok(())
}
