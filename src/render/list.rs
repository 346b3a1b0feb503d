//! File lists: a document's rows as a table whose every row is one line,
//! aligned with its header, fitted to the width by shortening and
//! dropping columns (`layout.rs`), or `key: value` blocks when too narrow.

use comfy_table::presets::NOTHING;
use comfy_table::{
    Attribute, Cell, ColumnConstraint, ContentArrangement, Table, TableComponent, Width,
};

use super::cells::{category_color, new_table, num};
use super::columns::Column;
use super::escape_terminal;
use super::layout::{plan, Measure};
use super::term::{self, Term};

/// The style of file lists: columns apart by two spaces, a rule under the
/// header, nothing else.
fn list_style(t: &mut Table) -> &mut Table {
    t.load_preset(NOTHING);
    t.set_style(TableComponent::HeaderLines, '─');
    t
}

/// Columns a list table's borders and padding take for `n` columns,
/// measured on the table itself.
fn list_chrome(n: usize) -> usize {
    let mut t = Table::new();
    list_style(&mut t).set_content_arrangement(ContentArrangement::Disabled);
    t.add_row(vec!["x"; n]);
    t.lines()
        .map(|l| term::width(&l))
        .max()
        .unwrap_or(0)
        .saturating_sub(n)
}

/// A laid-out file list: the table and, where columns were dropped to fit
/// the width, a line that says which; below 40 columns, `key: value`
/// blocks instead.
pub struct Laid {
    /// Laid out already (`key: value` blocks).
    text: String,
    /// A table, laid out as it is written.
    table: Option<Rows>,
}

/// A table's rows, kept columns only, each cell with its colour; laid out
/// a few thousand rows at a time as they are written, each column at its
/// width over every row (issue 31: one table of every row held each cell
/// several times over, 2 KiB a row, and the text once more: the peak of
/// `dupes` at a million files).
struct Rows {
    term: Term,
    headers: Vec<String>,
    widths: Vec<usize>,
    right: Vec<bool>,
    dim: Vec<bool>,
    cells: Vec<Vec<(String, Option<crate::model::Category>)>>,
    /// Which columns were dropped to fit the width.
    note: Option<String>,
}

impl std::fmt::Display for Laid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)?;
        match &self.table {
            Some(t) => t.write(f),
            None => Ok(()),
        }
    }
}

impl Rows {
    fn write(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let term = &self.term;
        let headers: Vec<&str> = self.headers.iter().map(String::as_str).collect();
        // At least one table: a header over no rows.
        let none: &[Vec<(String, Option<crate::model::Category>)>] = &[];
        let chunks = self.cells.chunks(CHUNK);
        let chunks = chunks.chain(self.cells.is_empty().then_some(none));
        for (n, rows) in chunks.enumerate() {
            let mut t = new_table(term, &headers);
            list_style(&mut t);
            // Every row on one line (the widths below are the widest cell).
            t.set_content_arrangement(ContentArrangement::Disabled);
            t.set_constraints(self.widths.iter().map(|w| {
                let w = u16::try_from(w + 2).unwrap_or(u16::MAX);
                ColumnConstraint::Absolute(Width::Fixed(w))
            }));
            for row in rows {
                let cells = row.iter().enumerate().map(|(i, (v, hue))| {
                    let mut cell = if self.right[i] { num(v) } else { Cell::new(v) };
                    if self.dim[i] && term.color {
                        cell = cell.add_attribute(Attribute::Dim);
                    }
                    if let Some(cat) = hue.filter(|_| term.color) {
                        cell = cell.fg(category_color(cat));
                    }
                    cell
                });
                t.add_row(cells.collect::<Vec<_>>());
            }
            let laid = t.to_string();
            // The header and its rule once, above the first rows.
            match n {
                0 => f.write_str(&laid)?,
                _ => {
                    f.write_str("\n")?;
                    f.write_str(laid.splitn(3, '\n').nth(2).unwrap_or_default())?;
                }
            }
        }
        match &self.note {
            Some(n) => write!(f, "\n{n}"),
            None => Ok(()),
        }
    }
}

/// Rows laid out by one table at a time.
const CHUNK: usize = 2048;

/// Below this width rows print as `key: value` blocks.
const BLOCKS_BELOW: usize = 40;

/// What the identifying column keeps at least (a file name's last dozen
/// characters and then some).
const FLEX_MIN: usize = 24;

/// A table of a document's rows from its column definitions (the columns
/// with a table header, in their order). A row is one line, aligned with
/// its header: where the output has a width, the identifying column (a
/// path, shown below its account folder) gives way first, then labels are
/// shortened, then the columns of lowest priority are dropped — the line
/// under the table says which (render/layout.rs). Below 40 columns each
/// row is a block of `key: value` lines.
pub fn columns<T>(term: &Term, cols: &[Column<T>], rows: &[T]) -> Laid {
    columns_of(term, cols, rows.iter())
}

/// [`columns`] of rows made for the table alone: each is dropped once its
/// cells are made, so the rows and their text are never all held twice
/// (issue 31: `dupes` at a million files has a hundred thousand rows).
pub fn columns_owned<T>(term: &Term, cols: &[Column<T>], rows: Vec<T>) -> Laid {
    columns_of(term, cols, rows.into_iter())
}

fn columns_of<T, R: std::borrow::Borrow<T>>(
    term: &Term,
    cols: &[Column<T>],
    rows: impl ExactSizeIterator<Item = R>,
) -> Laid {
    let shown: Vec<&Column<T>> = cols.iter().filter(|c| c.header.is_some()).collect();
    let headers: Vec<&str> = shown.iter().filter_map(|c| c.header).collect();
    let mut text: Vec<Vec<String>> = Vec::with_capacity(rows.len());
    let mut hues: Vec<Vec<Option<crate::model::Category>>> = Vec::with_capacity(rows.len());
    let mut last: Vec<Option<String>> = vec![None; shown.len()];
    for r in rows {
        let r = r.borrow();
        hues.push(shown.iter().map(|c| c.hue.and_then(|h| h(r))).collect());
        let mut line = Vec::with_capacity(shown.len());
        for (i, c) in shown.iter().enumerate() {
            // `--full-ids`: an id column shows the whole id, not its label.
            let v = match c.id && term.full_ids {
                true => (c.value)(r),
                false => c.table_cell(r),
            };
            let cell = if c.group && last[i].as_deref() == Some(v.as_str()) {
                String::new()
            } else if c.flex && !term.full_paths {
                escape_terminal(term::short_path(&v, &term.prefixes))
            } else {
                escape_terminal(&v)
            };
            if c.group {
                last[i] = Some(v);
            }
            line.push(cell);
        }
        text.push(line);
    }
    let width = term.width.filter(|_| !term.full_paths);
    if let Some(w) = width.filter(|w| *w < BLOCKS_BELOW) {
        return Laid {
            text: blocks(&headers, &text, w),
            table: None,
        };
    }
    let mut note = None;
    let mut keep: Vec<usize> = (0..shown.len()).collect();
    if let Some(w) = width {
        let measures: Vec<Measure> = (0..shown.len())
            .map(|i| {
                let natural = text
                    .iter()
                    .map(|l| term::width(&l[i]))
                    .chain([term::width(headers[i])])
                    .max()
                    .unwrap_or(0);
                let min = match shown[i].right {
                    true => natural,
                    false => natural.min(term::width(headers[i]).max(shown[i].min)),
                };
                Measure {
                    natural,
                    min,
                    priority: shown[i].priority,
                }
            })
            .collect();
        let flex = shown.iter().position(|c| c.flex);
        let p = plan(&measures, flex, FLEX_MIN, w, &list_chrome);
        for l in &mut text {
            for (i, cell) in l.iter_mut().enumerate() {
                if let Some(cw) = p.widths[i].filter(|cw| term::width(cell) > *cw) {
                    *cell = match shown[i].flex {
                        true => term::ellipsize_path(cell, cw),
                        false => term::ellipsize_end(cell, cw),
                    };
                }
            }
        }
        let dropped = p.dropped();
        if !dropped.is_empty() {
            let names: Vec<&str> = dropped.iter().map(|&i| headers[i]).collect();
            note = Some(format!(
                "(not shown at this width: {}; a wider --width, --full-paths or --format json shows them)",
                names.join(", ")
            ));
        }
        keep.retain(|i| p.widths[*i].is_some());
    }
    // File lists: one line per row, no rules but under the header (as
    // dust, eza and fd print them).
    let widths: Vec<usize> = keep
        .iter()
        .map(|&i| {
            text.iter()
                .map(|l| term::width(&l[i]))
                .chain([term::width(headers[i])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let cells = text
        .into_iter()
        .zip(hues)
        .map(|(mut l, hue)| {
            keep.iter()
                .map(|&i| (std::mem::take(&mut l[i]), hue[i]))
                .collect()
        })
        .collect();
    Laid {
        text: String::new(),
        table: Some(Rows {
            term: term.clone(),
            headers: keep.iter().map(|&i| headers[i].to_string()).collect(),
            widths,
            right: keep.iter().map(|&i| shown[i].right).collect(),
            dim: keep.iter().map(|&i| shown[i].dim).collect(),
            cells,
            note,
        }),
    }
}

/// Rows as blocks of `header: value` lines, each cut to `width`, a blank
/// line between rows (for widths too narrow for a table).
fn blocks(headers: &[&str], rows: &[Vec<String>], width: usize) -> String {
    let key_w = headers.iter().map(|h| term::width(h)).max().unwrap_or(0);
    let mut out = String::new();
    for (n, row) in rows.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        for (h, v) in headers.iter().zip(row) {
            let pad = " ".repeat(key_w - term::width(h));
            let line = format!("{h}:{pad} {v}");
            out.push_str(&term::ellipsize(&line, width));
            out.push('\n');
        }
    }
    out.trim_end_matches('\n').to_string()
}
