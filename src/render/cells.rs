//! Cells and tables in the house style: a new table fitted to the output,
//! right-aligned numbers, the colour of a category.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table};

use super::term::{self, Term};
use crate::model::Category;

/// A new table in the house style, fitted to the output width (cells wrap
/// where a line would not fit), coloured only where colour is on.
pub fn new_table(term: &Term, header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    match term.width {
        Some(w) => {
            t.set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(u16::try_from(w).unwrap_or(u16::MAX));
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    if term.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t.set_header(header.iter().map(Cell::new));
    t
}

/// A right-aligned cell (numbers).
pub fn num(s: impl ToString) -> Cell {
    Cell::new(s.to_string()).set_alignment(CellAlignment::Right)
}

/// The colour of a category on a colour terminal ([`term::Hue`]).
pub fn category_color(c: Category) -> Color {
    match term::Hue::of(c) {
        term::Hue::Blue => Color::Blue,
        term::Hue::Magenta => Color::Magenta,
        term::Hue::Yellow => Color::Yellow,
        term::Hue::Cyan => Color::Cyan,
        term::Hue::Green => Color::Green,
        term::Hue::DarkGrey => Color::DarkGrey,
        term::Hue::White => Color::White,
        term::Hue::Grey => Color::Grey,
    }
}
