//! Terminal tables (comfy-table).

use std::collections::BTreeMap;
use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use super::{escape_terminal, human_bytes, percent};
use crate::inventory::{Category, Inventory, WarningKind};

/// A new table in the house style.
pub fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(header.iter().map(Cell::new));
    t
}

/// A right-aligned cell (numbers).
pub fn num(s: impl ToString) -> Cell {
    Cell::new(s.to_string()).set_alignment(CellAlignment::Right)
}

/// `wxinspect scan`'s tables: installs, accounts, storage by category,
/// warnings.
pub fn scan(inv: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "WeChat data under {}", escape_terminal(&inv.root))?;
    if inv.installs.is_empty() {
        writeln!(
            out,
            "\nNo WeChat install layout found here; files are classified by content alone."
        )?;
    } else {
        let mut t = new_table(&[
            "install",
            "generation",
            "data folder",
            "version folders",
            "accounts",
        ]);
        for i in &inv.installs {
            t.add_row(vec![
                Cell::new(escape_terminal(&i.path)),
                Cell::new(format!("{}.x", i.generation.number())),
                Cell::new(&i.data_dir),
                Cell::new(if i.version_folders.is_empty() {
                    "-".into()
                } else {
                    i.version_folders.join(", ")
                }),
                num(i.accounts.len()),
            ]);
        }
        writeln!(out, "\nInstalls\n{t}")?;
    }
    if !inv.accounts.is_empty() {
        let mut t = new_table(&["account", "generation", "files", "size", "path"]);
        for a in &inv.accounts {
            t.add_row(vec![
                Cell::new(escape_terminal(&a.id)),
                Cell::new(format!("{}.x", a.generation.number())),
                num(a.files),
                num(human_bytes(a.bytes)),
                Cell::new(escape_terminal(&a.path)),
            ]);
        }
        writeln!(out, "\nAccounts\n{t}")?;
    }
    let mut t = new_table(&["category", "files", "size", "share"]);
    for c in Category::ALL {
        let count = inv
            .totals
            .by_category
            .get(c.as_str())
            .copied()
            .unwrap_or_default();
        if count.files == 0 {
            continue;
        }
        t.add_row(vec![
            Cell::new(c.as_str()),
            num(count.files),
            num(human_bytes(count.bytes)),
            num(percent(count.bytes, inv.totals.bytes)),
        ]);
    }
    t.add_row(vec![
        Cell::new("total"),
        num(inv.totals.files),
        num(human_bytes(inv.totals.bytes)),
        num(format!("{} on disk", human_bytes(inv.totals.allocated))),
    ]);
    writeln!(out, "\nStorage by category\n{t}")?;
    let encrypted_dbs = inv.databases.iter().filter(|d| d.encrypted).count();
    writeln!(
        out,
        "\n{} databases ({} encrypted), {} links (not followed){}",
        inv.databases.len(),
        encrypted_dbs,
        inv.links.len(),
        if inv.specials.is_empty() {
            String::new()
        } else {
            format!(", {} special files (not opened)", inv.specials.len())
        }
    )?;
    warnings(inv, out)
}

/// The warnings summary: counts per kind, the first few paths, and the Full
/// Disk Access fix once when macOS privacy protection refused access.
pub fn warnings(inv: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    if inv.warnings.is_empty() {
        return Ok(());
    }
    let mut by_kind: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for w in &inv.warnings {
        by_kind.entry(w.kind.as_str()).or_default().push(&w.path);
    }
    let mut t = new_table(&["warning", "count", "first paths"]);
    for (k, paths) in &by_kind {
        let first: Vec<String> = paths.iter().take(3).map(|p| escape_terminal(p)).collect();
        let more = if paths.len() > 3 {
            format!(" (+{} more)", paths.len() - 3)
        } else {
            String::new()
        };
        t.add_row(vec![
            Cell::new(k),
            num(paths.len()),
            Cell::new(format!("{}{more}", first.join("\n"))),
        ]);
    }
    writeln!(out, "\nWarnings\n{t}")?;
    if inv
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::PrivacyProtected)
    {
        writeln!(
            out,
            "macOS privacy protection blocked some folders. Grant Full Disk Access to your terminal app \
             (System Settings → Privacy & Security → Full Disk Access), then run again."
        )?;
    }
    writeln!(out, "All warnings with their messages: --format json")?;
    Ok(())
}
