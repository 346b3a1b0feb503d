//! `wxinspect report`: the Markdown inventory report.

use std::borrow::Cow;

use super::{anonymizer, dupes, emit, scan_for_dupes, Outcome};
use crate::analyze::media::{self, By, Filter};
use crate::cli::{Common, ReportArgs};
use crate::inspect::settings;
use crate::render::markdown::{self, ReportData};
use crate::scan::Scan;
use crate::Error;

/// Everything the report shows, anonymized when asked.
pub fn data<'a>(s: &'a Scan, c: &Common, max_rows: usize) -> Result<ReportData<'a>, Error> {
    let inv = &s.inventory;
    let all_media = Filter::default();
    let mut largest = media::rows(inv, &all_media, max_rows);
    let media_files = inv.files.iter().filter(|f| all_media.matches(f)).count();
    let by_month = media::aggregate(inv, &all_media, By::Month);
    let mut by_chat = media::aggregate(inv, &all_media, By::Chat);
    let insight = media::insight(inv);
    let mut d = dupes::find(s, c, &[], 1, c.max_hash_size);
    let (mut config, _, config_problems) = settings::read_all(inv, &s.layout);
    // Everything not read: the scan's warnings, then what the settings and
    // the duplicate search could not read (entry-level ones only once).
    let mut warnings = inv.warnings.clone();
    warnings.extend(config_problems);
    warnings.extend(
        d.warnings
            .iter()
            .filter(|w| !w.kind.is_entry_level())
            .cloned(),
    );
    let anon = anonymizer(c, inv);
    if let Some(an) = &anon {
        an.media_rows(&mut largest);
        an.agg_rows(&mut by_chat, By::Chat);
        an.dupes(&mut d);
        an.config(&mut config);
        an.warnings(&mut warnings);
    }
    Ok(ReportData {
        inv: match &anon {
            Some(an) => {
                let mut copy = inv.clone();
                an.inventory(&mut copy);
                Cow::Owned(copy)
            }
            None => Cow::Borrowed(inv),
        },
        largest,
        media_files,
        by_month,
        by_chat,
        insight,
        dupes: d,
        config,
        max_rows,
        anonymized: anon.is_some(),
        warnings,
    })
}

/// Runs `report`.
pub fn run(a: ReportArgs, argv: Vec<String>) -> Result<Outcome, Error> {
    let (out, s) = scan_for_dupes(&a.common, argv)?;
    let data = data(&s, &a.common, a.max_rows)?;
    emit(out, &data.warnings, |w| markdown::report(&data, w))
}
