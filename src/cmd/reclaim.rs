//! `wxinspect reclaim`: every file in one tier, the bytes that would come
//! back, the evidence and how to do it safely. Nothing is deleted, moved
//! or renamed. Also the one computation `media` and `report` show.

use super::emit::{csv_footer, emit, emit_paths};
use super::{anonymizer, ids, scan_for_dupes, with_io_pool, Outcome, Settings};
use crate::analyze::dupes::{find_dupes, DupeGroup};
use crate::analyze::reclaim::{Plan, Reclaim, Scope};
use crate::cli::{OutputFormat, ReclaimArgs};
use crate::model::Warning;
use crate::render;
use crate::scan::Scan;
use crate::Error;

/// Unix seconds now: ages are counted from the run.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Each file's tier. `groups`: identical files already found (the report
/// finds them over every file); `None`: look for them among the files
/// that may be the only copy, and nowhere else. The warnings: files that
/// could not be hashed.
pub fn plan(
    scan: &Scan,
    settings: &Settings,
    groups: Option<&[DupeGroup]>,
) -> (Plan, Vec<Warning>) {
    let inv = &scan.inventory;
    let mut plan = Plan::new(inv, now());
    let mut warnings = Vec::new();
    match groups {
        Some(g) => plan.settle_duplicates(inv, g),
        None => {
            let idx = plan.candidates();
            let d = with_io_pool(settings, || {
                find_dupes(
                    &inv.files,
                    &|f| scan.layout.abs_path(f),
                    &idx,
                    (1, settings.max_hash_size),
                    &scan.head_digests,
                )
            });
            plan.settle_duplicates(inv, &d.groups);
            warnings = d.warnings;
        }
    }
    (plan, warnings)
}

/// The whole answer over every file (`media`, `report`), warnings not yet
/// attached.
pub fn whole(scan: &Scan, settings: &Settings, groups: Option<&[DupeGroup]>) -> Reclaim {
    let (plan, _) = plan(scan, settings, groups);
    plan.summary(&scan.inventory, &Scope::default(), false)
}

/// Runs `reclaim`.
pub fn run(settings: &Settings, args: &ReclaimArgs) -> Result<Outcome, Error> {
    let (out, scan) = scan_for_dupes(settings)?;
    let inv = &scan.inventory;
    let scope = Scope {
        narrow: ids::narrow(inv, &args.narrow)?,
        tier: args.tier,
    };
    let (plan, hashing) = plan(&scan, settings, None);
    let listed = settings.format != OutputFormat::Table;
    let mut r = plan.summary(inv, &scope, listed);
    // What was not read: entries the walk could not read (anything may
    // hide there), files of the scope the scan or the hashing could not.
    r.warnings = inv.warnings_about_index(|i| scope.matches(&inv.files[i], plan.tier(i)));
    r.warnings.extend(hashing);
    // One warning per path and kind: the scan and the hashing may both
    // have been refused the same file.
    crate::model::warning::dedup(&mut r.warnings);
    r.warnings_omitted = inv.warnings_omitted.clone();
    if settings.format == OutputFormat::Paths {
        // Real paths (never anonymized), in the order of the tiers.
        let files = &inv.files;
        let mut listed: Vec<_> = r.files.iter().collect();
        listed.sort_by_key(|f| (f.tier, f.index));
        let paths = listed
            .into_iter()
            .map(|f| Some(scan.layout.abs_path(&files[f.index])));
        return emit_paths(out, settings, &r.warnings, paths);
    }
    if let Some(an) = anonymizer(settings, &scan) {
        an.reclaim(&mut r);
    }
    if settings.format == OutputFormat::Csv {
        csv_footer(settings, (&r.warnings, &r.warnings_omitted));
    }
    let shown = (&r.warnings[..], &r.warnings_omitted);
    emit(out, &r.warnings, |t, w| match settings.format {
        OutputFormat::Json => render::json::write(&r, w),
        OutputFormat::Csv => render::csv::columns(&render::reclaim::file_columns(), &r.files, w),
        _ => {
            render::reclaim::table(t, &r, w)?;
            render::table::warning_footer("reclaim", shown, w)
        }
    })
}
