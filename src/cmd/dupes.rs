//! `wxinspect dupes`: groups of identical files; nothing is deleted.

use super::emit::{csv_footer, emit, emit_paths};
use super::{anonymizer, scan_for_dupes, with_io_pool, Outcome, Settings};
use crate::analyze::dupes::{find_dupes, Dupes};
use crate::cli::{DupesArgs, OutputFormat};
use crate::model::Category;
use crate::render::{self, columns};
use crate::scan::Scan;
use crate::Error;

/// Duplicate groups among the files of `categories` (all when empty) of
/// at least `min_size` bytes. Its warnings: files that could not be
/// hashed, and entries the scan could not read (a copy may hide there).
pub fn find(scan: &Scan, settings: &Settings, categories: &[Category], min_size: u64) -> Dupes {
    let files = &scan.inventory.files;
    let idx: Vec<usize> = (0..files.len())
        .filter(|&i| categories.is_empty() || categories.contains(&files[i].category))
        .collect();
    let mut d = with_io_pool(settings, || {
        find_dupes(
            files,
            &|f| scan.layout.abs_path(f),
            &idx,
            (min_size, settings.max_hash_size),
            &scan.head_digests,
        )
    });
    // Each copy's install, from the walk root it was found under.
    for g in &mut d.groups {
        g.installs = g
            .members
            .iter()
            .map(|&m| {
                let root = usize::from(files[m].root);
                scan.layout
                    .walk_roots
                    .get(root)
                    .map(|r| r.container.clone())
                    .unwrap_or_default()
            })
            .collect();
    }
    let mut warnings = scan.inventory.warnings_about(|_| false);
    warnings.append(&mut d.warnings);
    // One per path and kind: the scan and the hashing may both have been
    // refused the same file.
    crate::model::warning::dedup(&mut warnings);
    d.warnings = warnings;
    d.warnings_omitted = scan.inventory.warnings_omitted.clone();
    d
}

/// Runs `dupes`.
pub fn run(settings: &Settings, args: &DupesArgs) -> Result<Outcome, Error> {
    let (out, scan) = scan_for_dupes(settings)?;
    let mut d = find(&scan, settings, &args.category, args.min_size);
    if settings.format == OutputFormat::Paths {
        // Real paths (never anonymized): each copy by its index in the
        // inventory, as the groups keep them.
        let files = &scan.inventory.files;
        let paths = d.groups.iter().enumerate().flat_map(|(i, g)| {
            let sep = (i > 0).then_some(None);
            let copies = g
                .members
                .iter()
                .map(|&m| Some(scan.layout.abs_path(&files[m])));
            sep.into_iter().chain(copies)
        });
        return emit_paths(out, settings, &d.warnings, paths);
    }
    if let Some(an) = anonymizer(settings, &scan) {
        an.dupes(&mut d);
    }
    if settings.format == OutputFormat::Csv {
        csv_footer(settings, (&d.warnings, &d.warnings_omitted));
    }
    emit(out, &d.warnings, |t, w| match settings.format {
        OutputFormat::Json => render::json::write(&d, w),
        OutputFormat::Csv => render::csv::columns(&columns::dupes(), &columns::dupe_files(&d), w),
        _ => {
            render::dupes::table(t, &d, w)?;
            render::table::warning_footer("dupes", (&d.warnings, &d.warnings_omitted), w)
        }
    })
}
