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
pub fn run(settings: &Settings, args: &DiffArgs) -> Result<Outcome, Error> {
    let old = read_inventory(&args.old)?;
    let new = read_inventory(&args.new)?;
    let mut d = diff(&old, &new);
    if let Some(spec) = &settings.anonymize {
        spec.for_inventories(&new, &[&old]).diff(&mut d);
    }
    let out = Output::open(settings.output(), None)?;
    let to_tty = out.is_stdout() && std::io::stdout().is_terminal();
    let term = settings.term(to_tty);
    let fit = term
        .width
        .filter(|_| settings.format == OutputFormat::Table);
    // Entries either scan could not read: changes there went unseen.
    let unseen: Vec<_> = d.warnings.iter().map(|w| w.warning.clone()).collect();
    let command = settings.command;
    emit(
        Run {
            out,
            term,
            fit,
            command,
        },
        &unseen,
        |t, w| match settings.format {
            OutputFormat::Json => render::json::write(&d, w),
            OutputFormat::Markdown => render::diff::markdown(&d, args.max_rows, w),
            OutputFormat::Csv => render::csv::columns(&columns::diff(), &columns::diff_rows(&d), w),
            _ => render::diff::table(t, &d, args.max_rows, w),
        },
    )
}
