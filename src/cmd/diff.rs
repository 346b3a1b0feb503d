//! `wxinspect diff`: what changed between two inventories.

use std::path::Path;

use super::output::Output;
use super::Outcome;
use crate::analyze::anonymize::Anonymizer;
use crate::analyze::diff::{diff, read_inventory};
use crate::cli::{DiffArgs, OutputFormat};
use crate::render::{self, columns};
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
    let mut out = Output::open(a.output.as_deref(), None)?;
    let w = out.writer();
    match a.format {
        OutputFormat::Json => render::json::write(&d, w),
        OutputFormat::Markdown => render::diff::markdown(&d, a.max_rows, w),
        OutputFormat::Csv => render::csv::columns(&columns::diff(), &columns::diff_rows(&d), w),
        OutputFormat::Table => render::diff::table(&d, a.max_rows, w),
        OutputFormat::Paths | OutputFormat::Ndjson => {
            return Err(Error::Usage(
                "`diff` writes table, json, csv or markdown".into(),
            ))
        }
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
