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
fn hash_every(settings: &Settings, on: bool) -> Hashing {
    match on {
        true => Hashing::Every {
            max_size: settings.max_hash_size,
        },
        false => Hashing::Off,
    }
}

/// Runs `scan` (every format but NDJSON).
pub fn run(settings: &Settings, hash: bool) -> Result<Outcome, Error> {
    // The tables need no record of most files: count them instead.
    let tables_only = settings.format == OutputFormat::Table && !hash;
    let opts = ScanOptions {
        keep: tables_only.then_some(table_keep as fn(&_) -> bool),
        // Hashed while walking, from the descriptor the sniff opened.
        hash: hash_every(settings, hash),
        ..scan_options(settings)
    };
    let (out, mut scan) = scan_with(settings, opts)?;
    if settings.format == OutputFormat::Markdown {
        let data = report::data(&scan, settings, 25, None)?;
        let warnings = data.warnings.clone();
        return emit(out, &warnings, |_, w| render::markdown::report(&data, w));
    }
    if let Some(an) = anonymizer(settings, &scan) {
        an.inventory(&mut scan.inventory);
    }
    let inv = &scan.inventory;
    if settings.format == OutputFormat::Paths {
        let paths = inv.files.iter().map(|f| Some(scan.layout.abs_path(f)));
        return emit_paths(out, settings, &inv.warnings, paths);
    }
    if settings.format == OutputFormat::Csv {
        csv_footer(settings, (&inv.warnings, &inv.warnings_omitted));
    }
    emit(out, &inv.warnings, |t, w| match settings.format {
        OutputFormat::Json => render::json::write(inv, w),
        OutputFormat::Csv => render::csv::columns(&columns::files(), &inv.files, w),
        _ => render::table::scan(t, inv, w),
    })
}

/// `scan --format ndjson`: lines written as the walk produces them; only
/// the records the tables need are kept (memory constant in the files).
pub fn ndjson(settings: &Settings, hash: bool) -> Result<Outcome, Error> {
    let path = settings.scan_path()?;
    let mut out = Output::open(settings.output(), Some(&path))?;
    let show = settings.progress && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let scan = {
        let stream = render::ndjson::NdjsonStream::new(
            out.writer_send(),
            settings.argv.clone(),
            settings.anonymize.clone(),
        );
        let opts = ScanOptions {
            keep: Some(table_keep),
            hash: hash_every(settings, hash),
            ..scan_options(settings)
        };
        let scan = progress::scan(show, &path, settings.argv.clone(), opts, Some(&stream))?;
        let finished = stream.finish(&scan.inventory);
        finished.map_err(|e| out.error(e))?;
        scan
    };
    out.finish()?;
    Ok(Outcome::from_warnings(
        settings.command,
        &scan.inventory.warnings,
    ))
}
