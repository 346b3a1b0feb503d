//! `wxinspect scan`: installs, accounts, storage by category; the whole
//! inventory as JSON, CSV or Markdown.

use super::{
    anonymizer, check_paths, csv_footer, emit, emit_paths, report, scan_with_progress,
    with_io_pool, Outcome,
};
use crate::cli::{OutputFormat, ScanArgs};
use crate::render;
use crate::render::columns;
use crate::scan::table_keep;
use crate::Error;

/// Runs `scan`.
pub fn run(a: ScanArgs, argv: Vec<String>) -> Result<Outcome, Error> {
    let c = &a.common;
    check_paths(c, "scan")?;
    if c.format == crate::cli::OutputFormat::Ndjson {
        return Err(Error::Usage(
            "--format ndjson streams while walking; --hash needs every file first: use --format json".into(),
        ));
    }
    // The tables need no record of most files: count them instead.
    let tables_only = c.format == OutputFormat::Table && !a.hash;
    let keep = tables_only.then_some(table_keep as fn(&_) -> bool);
    let (out, mut s) = scan_with_progress(c, argv, keep)?;
    if a.hash {
        let inv = &mut s.inventory;
        let layout = &s.layout;
        with_io_pool(c, || {
            crate::analyze::hash::hash_all(
                &mut inv.files,
                &|f| layout.abs_path(f),
                c.max_hash_size,
                &mut inv.warnings,
            )
        });
    }
    if c.format == OutputFormat::Markdown {
        let data = report::data(&s, c, 25)?;
        let warnings = data.warnings.clone();
        return emit(out, &warnings, |w| render::markdown::report(&data, w));
    }
    if let Some(an) = anonymizer(c, &s.inventory) {
        an.inventory(&mut s.inventory);
    }
    let inv = &s.inventory;
    if c.format == OutputFormat::Paths {
        let paths = inv.files.iter().map(|f| Some(s.layout.abs_path(f)));
        return emit_paths(out, c, &inv.warnings, paths);
    }
    if c.format == OutputFormat::Csv {
        csv_footer(c, &inv.warnings);
    }
    emit(out, &inv.warnings, |w| match c.format {
        OutputFormat::Json => render::json::write(inv, w),
        OutputFormat::Csv => render::csv::columns(&columns::files(), &inv.files, w),
        _ => render::table::scan(inv, w),
    })
}
