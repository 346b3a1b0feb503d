//! `wxinspect media`: the largest media files, or aggregates with `--by`.

use super::{anonymizer, emit_paths, emit_rows, no_markdown, scan_with_progress, Outcome};
use crate::analyze::media::{self, Filter};
use crate::cli::{MediaArgs, OutputFormat};
use crate::render::{columns, table};
use crate::Error;

/// The filter a `media` command line asks for.
pub fn filter(a: &MediaArgs) -> Filter {
    Filter {
        include_cache: a.include_cache,
        kinds: a.kind.clone(),
        categories: a.category.clone(),
        account: a.account.clone(),
        chat: a.chat.clone(),
        older_than: a.older_than,
        larger_than: a.larger_than,
    }
}

/// Runs `media`.
pub fn run(a: MediaArgs, argv: Vec<String>) -> Result<Outcome, Error> {
    let c = &a.common;
    no_markdown(c, "media")?;
    let (out, s) = scan_with_progress(c, argv, None)?;
    let filter = filter(&a);
    let inv = &s.inventory;
    let mut warnings = inv.warnings_about(|f| filter.matches(f));
    let anon = anonymizer(c, inv);
    if let Some(an) = &anon {
        an.warnings(&mut warnings);
    }
    let insight = media::insight(inv);
    const SCHEMA: &str = "wxinspect.media/1";
    match a.by {
        Some(by) => {
            let mut rows = media::aggregate(inv, &filter, by);
            if let Some(an) = &anon {
                an.agg_rows(&mut rows, by);
            }
            let cols = columns::media_agg(by.as_str());
            emit_rows(out, c, &warnings, SCHEMA, &cols, &rows, |w| {
                table::media_agg(&rows, by.as_str(), &insight, w)?;
                table::warning_footer(&warnings, w)
            })
        }
        None if c.format == OutputFormat::Paths => {
            let rows = media::rows(inv, &filter, a.top.unwrap_or(usize::MAX));
            let index: std::collections::HashMap<
                &crate::model::EntryPath,
                &crate::model::FileEntry,
            > = inv.files.iter().map(|f| (&f.path, f)).collect();
            let paths = rows
                .iter()
                .filter_map(|r| index.get(&crate::model::EntryPath::parse(&r.path)))
                .map(|f| Some(s.layout.abs_path(f)));
            emit_paths(out, c, &warnings, paths)
        }
        None => {
            let mut rows = media::rows(inv, &filter, a.top.unwrap_or(20));
            let matched = inv.files.iter().filter(|f| filter.matches(f)).count();
            if let Some(an) = &anon {
                an.media_rows(&mut rows);
            }
            emit_rows(out, c, &warnings, SCHEMA, &columns::media(), &rows, |w| {
                table::media(&rows, matched, &insight, w)?;
                table::warning_footer(&warnings, w)
            })
        }
    }
}
