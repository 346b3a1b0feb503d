//! The inventory report: one document a person reads top to bottom
//! (summary, storage, media, duplicates, databases, settings, network,
//! what macOS records with `--system`, warnings, provenance). The sections
//! are in `sections.rs` (`reclaim.rs`: what could go; `system.rs`: macOS's
//! records), one function each, adding to one neutral [`Doc`]; `write.rs`
//! writes it as Markdown with Mermaid charts that GitHub, GitLab, Obsidian
//! and Typora draw, and `render::html` as one HTML page.

mod facts;
mod reclaim;
mod resolve;
mod sections;
mod system;
mod write;

use std::io::{self, Write};

use super::doc::Doc;

use super::{escape_terminal, human_bytes};
use crate::analyze::dupes::Dupes;
use crate::analyze::media::{AggRow, Insight, MediaRow};
use crate::inspect::settings::ConfigRow;
use crate::model::{Inventory, Warning};

/// Everything the report shows, computed by the caller.
pub struct ReportData<'a> {
    /// The inventory (an anonymized copy with `--anonymize`).
    pub inv: std::borrow::Cow<'a, Inventory>,
    /// The largest media files.
    pub largest: Vec<MediaRow>,
    /// Media files in all.
    pub media_files: usize,
    /// Media bytes per month.
    pub by_month: Vec<AggRow>,
    /// Media bytes per chat.
    pub by_chat: Vec<AggRow>,
    /// The WeChat-aware summary.
    pub insight: Insight,
    /// What could go: `reclaim`'s one computation.
    pub reclaim: crate::analyze::reclaim::Reclaim,
    /// Duplicate groups.
    pub dupes: Dupes,
    /// Settings, secrets redacted.
    pub config: Vec<ConfigRow>,
    /// Rows per table at most.
    pub max_rows: usize,
    /// Pseudonyms were applied.
    pub anonymized: bool,
    /// Everything that was not read: the scan's warnings, and those of the
    /// settings and duplicate readers (and of `--system`'s databases).
    pub warnings: Vec<Warning>,
    /// What macOS records about WeChat (`report --system`).
    pub system: Option<crate::model::system::SystemReport>,
    /// `browse`'s two-view tree of the (anonymized) inventory, for the HTML
    /// page's treemaps (`None`: not drawn).
    pub tree: Option<crate::analyze::tree::Tree>,
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

/// Text from the disk as a Markdown code span, shown exactly as it is
/// (`<root>`, `a_b`): inside a code span neither entities nor backslash
/// escapes work, so nothing is escaped but control characters; the fence
/// is one backtick longer than the longest run inside (CommonMark 6.1).
pub fn code(s: &str) -> String {
    let s = escape_terminal(s);
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
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

fn capped_note(doc: &mut Doc, total: usize, shown: usize) {
    if total > shown {
        doc.para(format!(
            "*{} more rows left out (`--max-rows` shows more); `wxinspect scan --format json` has them all.*",
            total - shown
        ));
    }
}

/// The report as a document: the title, where it comes from, then every
/// section of [`sections::SECTIONS`] in order.
pub fn document(d: &ReportData<'_>) -> Doc {
    let inv: &Inventory = &d.inv;
    let mut doc = Doc::default();
    doc.heading(1, "WeChat data inventory");
    doc.para(format!(
        "Made by wxinspect {} on {} from {}. Nothing under the root was modified: files were opened \
         read-only, links were not followed, databases were read from private copies.",
        md(&inv.tool.version),
        md(&inv.generated_at),
        code(&inv.root)
    ));
    for section in sections::SECTIONS {
        section(d, &mut doc);
    }
    doc
}

/// Writes the report as Markdown.
pub fn report(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
    write::write(&document(d), out)
}

/// A section of the report: what it adds to the document.
pub type Section = fn(&ReportData<'_>, &mut Doc);

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

    #[test]
    fn issue_25_code_spans_show_placeholders_as_they_are() {
        assert_eq!(code("<root>"), "`<root>`");
        assert_eq!(code("/Users/a_b"), "`/Users/a_b`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }
}
