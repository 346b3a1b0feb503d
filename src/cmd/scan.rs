//! `wxinspect scan`: installs, accounts, storage by category; the whole
//! inventory as JSON, CSV or Markdown.

use super::{
    anonymizer, check_paths, csv_footer, emit, emit_paths, hash_every, report, scan_options,
    scan_with, Outcome,
};
use crate::cli::{OutputFormat, ScanArgs};
use crate::render;
use crate::render::columns;
use crate::scan::{table_keep, ScanOptions};
use crate::Error;

/// Runs `scan`.
pub fn run(a: ScanArgs, argv: Vec<String>) -> Result<Outcome, Error> {
    let c = &a.common;
    check_paths(c, "scan")?;
    // The tables need no record of most files: count them instead.
    let tables_only = c.format == OutputFormat::Table && !a.hash;
    let opts = ScanOptions {
        keep: tables_only.then_some(table_keep as fn(&_) -> bool),
        // Hashed while walking, from the descriptor the sniff opened.
        hash: hash_every(c, a.hash),
        ..scan_options(c)
    };
    let (out, mut s) = scan_with(c, argv, opts)?;
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
