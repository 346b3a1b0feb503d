//! The keys of `browse`, listed once: the help overlay, the footer, the
//! `--help` text of `wxinspect browse` and the README's table are made from
//! (or checked against) this list; `app.rs` acts on them.

/// One line of the key list.
pub struct Key {
    /// The keys, as the help shows them.
    pub keys: &'static str,
    /// What they do.
    pub what: &'static str,
    /// Its words in the footer, where it has a place there.
    pub footer: Option<&'static str>,
}

const fn key(keys: &'static str, what: &'static str, footer: Option<&'static str>) -> Key {
    Key { keys, what, footer }
}

/// Every key, in the help's order.
pub const KEYS: &[Key] = &[
    key("↑/↓ k/j", "move", Some("↑↓ move")),
    key("PgUp/PgDn", "page", None),
    key("g/G", "first/last", None),
    key("Enter → l", "open", Some("Enter open")),
    key("← h Bksp", "up", Some("← up")),
    key("s", "sort: size, files, name, newest", Some("s sort")),
    key("v", "view: by meaning / by folder", Some("v view")),
    key("/", "filter (Enter applies, Esc cancels)", Some("/ filter")),
    key("i", "info panel", Some("i info")),
    key("w", "warnings", Some("w warnings")),
    key("o", "reveal in Finder (the only action)", Some("o reveal")),
    key("?", "this help", Some("? help")),
    key("q Esc Ctrl-C", "quit", Some("q quit")),
];

/// The footer's key line.
pub fn footer_line() -> String {
    let words: Vec<&str> = KEYS.iter().filter_map(|k| k.footer).collect();
    format!(" {}", words.join("  "))
}

/// The key list as plain text, one key a line (for `--help`).
pub fn help_text() -> String {
    KEYS.iter()
        .map(|k| format!("  {:<14}{}\n", k.keys, k.what))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_24_the_readme_lists_every_key() {
        let readme = include_str!("../../README.md");
        for k in KEYS {
            let row = format!("| `{}` | {} |", k.keys, k.what);
            assert!(readme.contains(&row), "README lacks the row {row}");
        }
        assert!(readme.contains(footer_line().trim()), "README's footer");
    }
}
