//! `wxinspect diff`: what changed between two inventories.

use std::io::IsTerminal;

use super::emit::{emit, Run};
use super::output::Output;
use super::{Outcome, Settings};
use crate::analyze::diff::{diff, read_inventory};
use crate::cli::{DiffArgs, OutputFormat};
use crate::render::{self, columns};
use crate::Error;

/// Runs `diff`.
pub fn run(s: &Settings, a: &DiffArgs) -> Result<Outcome, Error> {
    let old = read_inventory(&a.old)?;
    let new = read_inventory(&a.new)?;
    let mut d = diff(&old, &new);
    if let Some(spec) = &s.anonymize {
        spec.for_inventories(&new, &[&old]).diff(&mut d);
    }
    let out = Output::open(s.output(), None)?;
    let to_tty = out.is_stdout() && std::io::stdout().is_terminal();
    let term = s.term(to_tty);
    let fit = term.width.filter(|_| s.format == OutputFormat::Table);
    // Entries either scan could not read: changes there went unseen.
    let unseen: Vec<_> = d.warnings.iter().map(|w| w.warning.clone()).collect();
    emit(Run { out, term, fit }, &unseen, |t, w| match s.format {
        OutputFormat::Json => render::json::write(&d, w),
        OutputFormat::Markdown => render::diff::markdown(&d, a.max_rows, w),
        OutputFormat::Csv => render::csv::columns(&columns::diff(), &columns::diff_rows(&d), w),
        _ => render::diff::table(t, &d, a.max_rows, w),
    })
}
