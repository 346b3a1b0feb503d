//! CSV: one row per record, spreadsheet-safe.

use std::io::{self, Write};

use super::columns::Column;

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

/// Rows of a document as CSV: the columns' names, then their exact values.
pub fn columns<T>(cols: &[Column<T>], rows: &[T], out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(io::BufWriter::new(out));
    w.write_record(cols.iter().map(|c| c.name))
        .map_err(csv_io)?;
    for r in rows {
        w.write_record(cols.iter().map(|c| cell(&(c.value)(r))))
            .map_err(csv_io)?;
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
