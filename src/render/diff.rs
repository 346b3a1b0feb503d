//! `diff` output: table, CSV rows and Markdown.

use std::io::{self, Write};

use super::columns::Column;
use super::list::columns;
use super::markdown::md;
use super::term::Term;
use super::{escape_terminal, human_bytes};
use crate::analyze::diff::{Change, Delta, Diff};
use crate::model::{Category, Warning};

fn size(n: Option<u64>) -> String {
    n.map(human_bytes).unwrap_or_else(|| "–".into())
}

fn signed(n: i64) -> String {
    if n < 0 {
        format!("-{}", human_bytes(n.unsigned_abs()))
    } else {
        format!("+{}", human_bytes(n as u64))
    }
}

fn root_note(d: &Diff) -> Option<String> {
    (d.old_root != d.new_root).then(|| {
        format!(
            "The roots differ ({} → {}); files were matched by their path relative to each root.",
            d.old_root, d.new_root
        )
    })
}

/// The terminal table.
pub fn table(term: &Term, d: &Diff, max_rows: usize, out: &mut dyn Write) -> io::Result<()> {
    // Times as a person reads them (`2025-03-01 10:00`); JSON keeps RFC 3339.
    let when = |t: &str| match (t.get(..10), t.get(11..16)) {
        (Some(day), Some(hm)) if t.as_bytes().get(10) == Some(&b'T') => format!("{day} {hm}"),
        _ => t.to_string(),
    };
    writeln!(
        out,
        "Changes from {} to {}",
        escape_terminal(&when(&d.old_generated_at)),
        escape_terminal(&when(&d.new_generated_at))
    )?;
    if let Some(n) = root_note(d) {
        writeln!(out, "{}", escape_terminal(&n))?;
    }
    let mut any = false;
    for (what, changes) in d.lists() {
        if changes.is_empty() {
            continue;
        }
        any = true;
        type C<'a> = Column<(&'static str, &'a Change)>;
        let cols = [
            C::table("change", |r| r.0.to_string()).keep(8),
            C::table("old size", |r| size(r.1.old_size)).right_aligned(),
            C::table("new size", |r| size(r.1.new_size)).right_aligned(),
            C::table("category", |r| r.1.category.clone())
                .coloured(|r| Category::parse(&r.1.category))
                .keep(4),
            C::table("account", |r| {
                r.1.account.clone().unwrap_or_else(|| "-".into())
            })
            .keep(3),
            C::table("path", |r| r.1.path.clone()).flexible(),
        ];
        let rows: Vec<(&'static str, &Change)> =
            changes.iter().take(max_rows).map(|c| (what, c)).collect();
        writeln!(out, "\n{}", columns(term, &cols, &rows))?;
        if changes.len() > max_rows {
            writeln!(
                out,
                "{} more (--max-rows, or --format json for all)",
                changes.len() - max_rows
            )?;
        }
    }
    if !any {
        writeln!(out, "\nNo file was added, removed or changed.")?;
        return not_read_footer(d, out);
    }
    let by_category: Vec<(&String, &Delta)> = d.by_category.iter().collect();
    writeln!(
        out,
        "\nBy category\n{}",
        columns(term, &delta_cols("category"), &by_category)
    )?;
    let by_account: Vec<(&String, &Delta)> = d.by_account.iter().collect();
    writeln!(
        out,
        "\nBy account\n{}",
        columns(term, &delta_cols("account"), &by_account)
    )?;
    not_read_footer(d, out)
}

/// The warnings of each scan: what changed there cannot be seen.
fn not_read_footer(d: &Diff, out: &mut dyn Write) -> io::Result<()> {
    for (side, label) in [("old", "older"), ("new", "newer")] {
        let ws: Vec<Warning> = d
            .warnings
            .iter()
            .filter(|w| w.side == side)
            .map(|w| w.warning.clone())
            .collect();
        if !ws.is_empty() {
            writeln!(
                out,
                "\nThe {label} scan did not read everything (changes there cannot be seen):"
            )?;
            let omitted = d.warnings_omitted.get(side).cloned().unwrap_or_default();
            super::table::warning_footer("diff", (&ws, &omitted), out)?;
        }
    }
    Ok(())
}

/// The columns of a per-category or per-account delta table.
fn delta_cols<'a>(key: &'static str) -> Vec<Column<(&'a String, &'a Delta)>> {
    type C<'a> = Column<(&'a String, &'a Delta)>;
    vec![
        C::table(key, |r| r.0.clone())
            .coloured(|r| Category::parse(r.0))
            .flexible(),
        C::table("added", |r| r.1.files_added.to_string()).right_aligned(),
        C::table("removed", |r| r.1.files_removed.to_string()).right_aligned(),
        C::table("changed", |r| r.1.files_changed.to_string()).right_aligned(),
        C::table("bytes", |r| signed(r.1.bytes_delta)).right_aligned(),
    ]
}

/// The Markdown version.
pub fn markdown(d: &Diff, max_rows: usize, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# WeChat data: what changed\n")?;
    writeln!(
        out,
        "From the scan of {} to the scan of {}.\n",
        md(&d.old_generated_at),
        md(&d.new_generated_at)
    )?;
    if let Some(n) = root_note(d) {
        writeln!(out, "{}\n", md(&n))?;
    }
    for (what, changes) in d.lists() {
        if changes.is_empty() {
            continue;
        }
        writeln!(out, "## {} ({})\n", what, changes.len())?;
        writeln!(
            out,
            "| old size | new size | category | account | path |\n|---:|---:|---|---|---|"
        )?;
        for c in changes.iter().take(max_rows) {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                size(c.old_size),
                size(c.new_size),
                c.category,
                md(c.account.as_deref().unwrap_or("–")),
                md(&c.path)
            )?;
        }
        if changes.len() > max_rows {
            writeln!(
                out,
                "\n*{} more; the JSON diff has them all.*",
                changes.len() - max_rows
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "## By category\n\n| category | added | removed | changed | bytes |\n|---|---:|---:|---:|---:|")?;
    for (k, v) in &d.by_category {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            md(k),
            v.files_added,
            v.files_removed,
            v.files_changed,
            signed(v.bytes_delta)
        )?;
    }
    if !d.warnings.is_empty() {
        writeln!(
            out,
            "\n## Not read\n\nChanges in these places cannot be seen.\n\n| scan | kind | path | message |\n|---|---|---|---|"
        )?;
        for w in d.warnings.iter().take(max_rows) {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                w.side,
                w.warning.kind.as_str(),
                md(&w.warning.path),
                md(&w.warning.message)
            )?;
        }
    }
    Ok(())
}
