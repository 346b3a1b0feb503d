//! CSV: one row per record, spreadsheet-safe.

use std::io::{self, Write};

use crate::model::Inventory;

/// Neutralises a cell a spreadsheet would run as a formula (`=`, `+`, `-`,
/// `@`, tab, CR at the start: OWASP "CSV injection") by prefixing `'`, and
/// escapes control characters.
pub fn cell(s: &str) -> String {
    let s = super::escape_terminal(s);
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s,
    }
}

/// One row per file.
pub fn files(inv: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(io::BufWriter::new(out));
    let header = [
        "path",
        "size",
        "allocated",
        "mtime",
        "category",
        "kind",
        "format",
        "encrypted",
        "account",
        "chat",
        "month",
        "sha256",
    ];
    w.write_record(header).map_err(csv_io)?;
    for f in &inv.files {
        let mtime = f.mtime.map(|m| m.rfc3339()).unwrap_or_default();
        let month = f.month.map(|m| m.to_string()).unwrap_or_default();
        let size = f.size.to_string();
        let alloc = f.allocated.to_string();
        w.write_record([
            cell(&f.path).as_str(),
            &size,
            &alloc,
            &mtime,
            f.category.as_str(),
            f.kind.as_str(),
            f.format.as_str(),
            if f.encrypted { "true" } else { "false" },
            &cell(f.account.as_deref().unwrap_or("")),
            &cell(f.chat.as_deref().unwrap_or("")),
            &month,
            f.sha256.as_deref().unwrap_or(""),
        ])
        .map_err(csv_io)?;
    }
    w.flush()
}

/// Rows of any table as CSV.
pub fn rows(header: &[&str], rows: &[Vec<String>], out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(io::BufWriter::new(out));
    w.write_record(header).map_err(csv_io)?;
    for r in rows {
        w.write_record(r.iter().map(|c| cell(c))).map_err(csv_io)?;
    }
    w.flush()
}

fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_neutralised() {
        assert_eq!(cell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(cell("@SUM(1)"), "'@SUM(1)");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a\nb"), "a\\nb");
    }
}
