//! `wxinspect scan`: installs, accounts, storage by category; the whole
//! inventory as JSON, CSV or Markdown; NDJSON streamed from the walk.

use super::emit::{csv_footer, emit, emit_paths};
use super::output::Output;
use super::{anonymizer, progress, report, scan_options, scan_with, Outcome, Settings};
use crate::cli::OutputFormat;
use crate::render;
use crate::render::columns;
use crate::scan::{table_keep, Hashing, ScanOptions};
use crate::Error;

/// `--hash` (when `on`) as the walk takes it.
fn hash_every(s: &Settings, on: bool) -> Hashing {
    match on {
        true => Hashing::Every {
            max_size: s.max_hash_size,
        },
        false => Hashing::Off,
    }
}

/// Runs `scan` (every format but NDJSON).
pub fn run(s: &Settings, hash: bool) -> Result<Outcome, Error> {
    // The tables need no record of most files: count them instead.
    let tables_only = s.format == OutputFormat::Table && !hash;
    let opts = ScanOptions {
        keep: tables_only.then_some(table_keep as fn(&_) -> bool),
        // Hashed while walking, from the descriptor the sniff opened.
        hash: hash_every(s, hash),
        ..scan_options(s)
    };
    let (out, mut scan) = scan_with(s, opts)?;
    if s.format == OutputFormat::Markdown {
        let data = report::data(&scan, s, 25)?;
        let warnings = data.warnings.clone();
        return emit(out, &warnings, |_, w| render::markdown::report(&data, w));
    }
    if let Some(an) = anonymizer(s, &scan) {
        an.inventory(&mut scan.inventory);
    }
    let inv = &scan.inventory;
    if s.format == OutputFormat::Paths {
        let paths = inv.files.iter().map(|f| Some(scan.layout.abs_path(f)));
        return emit_paths(out, s, &inv.warnings, paths);
    }
    if s.format == OutputFormat::Csv {
        csv_footer(s, &inv.warnings);
    }
    emit(out, &inv.warnings, |t, w| match s.format {
        OutputFormat::Json => render::json::write(inv, w),
        OutputFormat::Csv => render::csv::columns(&columns::files(), &inv.files, w),
        _ => render::table::scan(t, inv, w),
    })
}

/// `scan --format ndjson`: lines written as the walk produces them; only
/// the records the tables need are kept (memory constant in the files).
pub fn ndjson(s: &Settings, hash: bool) -> Result<Outcome, Error> {
    let path = s.scan_path()?;
    let mut out = Output::open(s.output(), Some(&path))?;
    let show = s.progress && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let scan = {
        let stream = render::ndjson::NdjsonStream::new(
            out.writer_send(),
            s.argv.clone(),
            s.anonymize.clone(),
        );
        let opts = ScanOptions {
            keep: Some(table_keep),
            hash: hash_every(s, hash),
            ..scan_options(s)
        };
        let scan = progress::scan(show, &path, s.argv.clone(), opts, Some(&stream))?;
        let finished = stream.finish(&scan.inventory);
        finished.map_err(|e| out.error(e))?;
        scan
    };
    out.finish()?;
    Ok(Outcome::from_warnings(&scan.inventory.warnings))
}
