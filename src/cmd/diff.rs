//! `wxinspect diff`: what changed between two inventories.

use std::path::Path;

use super::output::Output;
use super::Outcome;
use crate::analyze::diff::{diff, read_inventory};
use crate::cli::{DiffArgs, OutputFormat};
use crate::render::{self, columns};
use crate::Error;

/// Runs `diff`.
pub fn run(a: DiffArgs) -> Result<Outcome, Error> {
    let old = read_inventory(&a.old)?;
    let new = read_inventory(&a.new)?;
    let d = diff(&old, &new);
    let mut out = Output::open(a.output.as_deref(), None)?;
    let w = out.writer();
    match a.format {
        OutputFormat::Json => render::json::write(&d, w),
        OutputFormat::Markdown => render::diff::markdown(&d, a.max_rows, w),
        OutputFormat::Csv => render::csv::columns(&columns::diff(), &columns::diff_rows(&d), w),
        OutputFormat::Table => render::diff::table(&d, a.max_rows, w),
    }
    .map_err(|e| Error::io(Path::new("<output>"), e))?;
    out.finish()?;
    // Entries either scan could not read: changes there went unseen.
    Ok(
        if d.warnings.iter().any(|w| w.warning.kind.is_unreadable()) {
            Outcome::Partial
        } else {
            Outcome::Done
        },
    )
}
