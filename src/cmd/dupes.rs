//! `wxinspect dupes`: groups of identical files; nothing is deleted.

use super::{
    anonymizer, csv_footer, emit, emit_paths, no_markdown, scan_for_dupes, with_io_pool, Outcome,
};
use crate::analyze::dupes::{find_dupes, Dupes};
use crate::cli::{Common, DupesArgs, OutputFormat};
use crate::model::Category;
use crate::render::{self, columns};
use crate::scan::Scan;
use crate::Error;

/// Duplicate groups among the files of `categories` (all when empty). Its
/// warnings: files that could not be hashed, and entries the scan could
/// not read (a copy may hide there).
pub fn find(
    s: &Scan,
    c: &Common,
    categories: &[Category],
    min_size: u64,
    max_hash: Option<u64>,
) -> Dupes {
    let files = &s.inventory.files;
    let idx: Vec<usize> = (0..files.len())
        .filter(|&i| categories.is_empty() || categories.contains(&files[i].category))
        .collect();
    let mut d = with_io_pool(c, || {
        find_dupes(
            files,
            &|f| s.layout.abs_path(f),
            &idx,
            (min_size, max_hash),
            &s.prefixes,
        )
    });
    let mut warnings = s.inventory.warnings_about(|_| false);
    warnings.append(&mut d.warnings);
    d.warnings = warnings;
    d
}

/// Runs `dupes`.
pub fn run(a: DupesArgs, argv: Vec<String>) -> Result<Outcome, Error> {
    let c = &a.common;
    no_markdown(c, "dupes")?;
    let (out, s) = scan_for_dupes(c, argv)?;
    let mut d = find(&s, c, &a.category, a.min_size, c.max_hash_size);
    if let Some(an) = anonymizer(c, &s.inventory) {
        an.dupes(&mut d);
    }
    if c.format == OutputFormat::Paths {
        let index: std::collections::HashMap<&crate::model::EntryPath, &crate::model::FileEntry> =
            s.inventory.files.iter().map(|f| (&f.path, f)).collect();
        let paths = d.groups.iter().enumerate().flat_map(|(i, g)| {
            let sep = (i > 0).then_some(None);
            sep.into_iter().chain(
                g.files
                    .iter()
                    .filter_map(|p| index.get(&crate::model::EntryPath::parse(p)))
                    .map(|f| Some(s.layout.abs_path(f))),
            )
        });
        return emit_paths(out, c, &d.warnings, paths);
    }
    if c.format == OutputFormat::Csv {
        csv_footer(c, &d.warnings);
    }
    emit(out, &d.warnings, |w| match c.format {
        OutputFormat::Json => render::json::write(&d, w),
        OutputFormat::Csv => render::csv::columns(&columns::dupes(), &columns::dupe_files(&d), w),
        _ => {
            render::table::dupes(&d, w)?;
            render::table::warning_footer(&d.warnings, w)
        }
    })
}
