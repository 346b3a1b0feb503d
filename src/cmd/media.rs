//! `wxinspect media`: the largest media files, or aggregates with `--by`.

use super::emit::{emit_paths, emit_rows};
use super::ids;
use super::{anonymizer, scan_for_dupes, scan_keeping, Outcome, Settings};
use crate::analyze::media::{self, Filter};
use crate::cli::{MediaArgs, OutputFormat};
use crate::model::Inventory;
use crate::render::{columns, table};
use crate::Error;

/// The filter a `media` command line asks for, its `--account` and
/// `--chat` resolved to whole ids of `inv` (a prefix or a label as tables
/// print it names one; an ambiguous or unknown one is an error).
pub fn filter(args: &MediaArgs, inv: &Inventory) -> Result<Filter, Error> {
    Ok(Filter {
        include_cache: args.include_cache,
        kinds: args.kind.clone(),
        categories: args.category.clone(),
        narrow: ids::narrow(inv, &args.narrow)?,
    })
}

/// `--top N` (`default` when not given; 0: all).
fn top(asked: Option<usize>, default: usize) -> usize {
    match asked {
        Some(0) => usize::MAX,
        Some(n) => n,
        None => default,
    }
}

/// Runs `media`.
pub fn run(settings: &Settings, args: &MediaArgs) -> Result<Outcome, Error> {
    if args.by.is_some() && settings.format == OutputFormat::Paths {
        return Err(Error::Usage(
            "--by groups files into rows of totals: it has no paths to print; \
             drop --by for --format paths, or use --format json or csv"
                .into(),
        ));
    }
    // Tables say what the space is from `reclaim`'s one computation,
    // which looks for identical files: the walk makes their first digests.
    let table = settings.format == OutputFormat::Table;
    let (out, scan) = match table {
        true => scan_for_dupes(settings)?,
        false => scan_keeping(settings, None)?,
    };
    let filter = filter(args, &scan.inventory)?;
    let inv = &scan.inventory;
    let mut warnings = inv.warnings_about(|f| filter.matches(f));
    let anon = anonymizer(settings, &scan);
    if let Some(an) = &anon {
        an.warnings(&mut warnings);
    }
    let mut reclaim = table.then(|| super::reclaim::whole(&scan, settings, None));
    if let (Some(an), Some(r)) = (&anon, &mut reclaim) {
        an.reclaim(r);
    }
    let insight = (&media::insight(inv), reclaim.as_ref());
    // The warnings the answer shows, and how many more of each kind.
    let shown = (&warnings[..], &scan.inventory.warnings_omitted);
    const SCHEMA: &str = "wxinspect.media/1";
    match args.by {
        Some(by) => {
            let mut rows = media::aggregate(inv, &filter, by);
            if let Some(an) = &anon {
                an.agg_rows(&mut rows, by);
            }
            let cols = columns::media_agg(by.as_str());
            emit_rows(out, settings, shown, (SCHEMA, &cols, &rows), |t, w| {
                table::media_agg(t, &rows, by.as_str(), insight, w)?;
                table::warning_footer("media", shown, w)
            })
        }
        None if settings.format == OutputFormat::Paths => {
            let files = media::matching(inv, &filter, top(args.top, usize::MAX));
            let paths = files.map(|f| Some(scan.layout.abs_path(f)));
            emit_paths(out, settings, &warnings, paths)
        }
        None => {
            let mut rows = media::rows(inv, &filter, top(args.top, 20));
            let matched = inv.files.iter().filter(|f| filter.matches(f)).count();
            if let Some(an) = &anon {
                an.media_rows(&mut rows);
            }
            let cols = columns::media();
            emit_rows(out, settings, shown, (SCHEMA, &cols, &rows), |t, w| {
                table::media(t, &rows, matched, insight, w)?;
                table::warning_footer("media", shown, w)
            })
        }
    }
}
