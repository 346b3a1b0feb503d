//! Renderers: each writes one model to a `&mut dyn Write`.

pub mod cells;
pub mod columns;
pub mod csv;
pub mod diff;
pub mod doc;
pub mod dupes;
pub mod explain;
pub mod footer;
pub mod html;
pub mod json;
pub mod layout;
pub mod list;
pub mod markdown;
pub mod ncdu;
pub mod ndjson;
pub mod reclaim;
pub mod resolve;
pub mod system;
pub mod table;
pub mod term;
pub mod watch;

pub use crate::model::units::human_bytes;

/// `name (rows), …` for a database's tables.
pub fn tables_summary(tables: &[crate::model::TableInfo]) -> String {
    tables
        .iter()
        .map(|t| {
            format!(
                "{} ({})",
                t.name,
                t.rows.map(|n| n.to_string()).unwrap_or("?".into())
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A share as a percentage with one decimal.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0.0 %".into();
    }
    format!("{:.1} %", part as f64 * 100.0 / whole as f64)
}

/// Makes a name from the disk safe for a terminal: control characters
/// (escape sequences, newlines, DEL, C1) become visible `\x..` / `\u{..}`
/// escapes, so a file name cannot move the cursor or recolour the screen.
pub fn escape_terminal(s: &str) -> String {
    if !s.chars().any(|c| c.is_control()) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x100 && c.is_control() => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(5 * 1024 * 1024 * 1024), "5.0 GiB");
        assert_eq!(percent(1, 3), "33.3 %");
    }

    #[test]
    fn escapes() {
        assert_eq!(escape_terminal("a\x1b[31mb\nc"), "a\\x1b[31mb\\nc");
        assert_eq!(escape_terminal("中文 名"), "中文 名");
        assert_eq!(escape_terminal("\u{9b}x"), "\\x9bx");
    }
}
