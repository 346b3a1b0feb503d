//! `wxinspect diff`: what changed between two inventories.

use std::io::{IsTerminal, Write};
use std::path::Path;

use super::output::Output;
use super::{term_for, Outcome};
use crate::analyze::anonymize::Anonymizer;
use crate::analyze::diff::{diff, read_inventory};
use crate::cli::{DiffArgs, OutputFormat};
use crate::render::{self, columns, term};
use crate::Error;

/// Runs `diff`.
pub fn run(a: DiffArgs) -> Result<Outcome, Error> {
    let old = read_inventory(&a.old)?;
    let new = read_inventory(&a.new)?;
    let mut d = diff(&old, &new);
    if a.anonymize || a.anonymize_key.is_some() {
        let given = |p: &std::path::Path| p.to_string_lossy().into_owned();
        let (i1, i2) = (given(&a.old), given(&a.new));
        let out = a.output.as_deref().map(given).unwrap_or_default();
        Anonymizer::new(a.anonymize_key.as_deref(), &new)
            .with_accounts_of(&old)
            .with_args(&[(&i1, "<input-1>"), (&i2, "<input-2>"), (&out, "<output>")])
            .diff(&mut d);
    }
    if matches!(a.format, OutputFormat::Paths | OutputFormat::Ndjson) {
        return Err(Error::Usage(
            "`diff` writes table, json, csv or markdown".into(),
        ));
    }
    let mut out = Output::open(a.output.as_deref(), None)?;
    let to_tty = out.is_stdout() && std::io::stdout().is_terminal();
    let term = term_for(&a.term, to_tty);
    let fit = term.width.filter(|_| a.format == OutputFormat::Table);
    term::scoped(term, || {
        let mut fitted;
        let w: &mut dyn Write = match fit {
            // Every line of the table output fits (prose wraps at words).
            Some(width) => {
                fitted = term::Fit::new(out.writer(), width);
                &mut fitted
            }
            None => out.writer(),
        };
        match a.format {
            OutputFormat::Json => render::json::write(&d, w),
            OutputFormat::Markdown => render::diff::markdown(&d, a.max_rows, w),
            OutputFormat::Csv => render::csv::columns(&columns::diff(), &columns::diff_rows(&d), w),
            _ => render::diff::table(&d, a.max_rows, w),
        }
    })
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
