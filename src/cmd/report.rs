//! `wxinspect report`: the Markdown inventory report.

use std::borrow::Cow;

use super::emit::emit;
use super::{anonymizer, dupes, scan_for_dupes, Outcome, Settings};
use crate::analyze::media::{self, By, Filter};
use crate::inspect::settings;
use crate::render::markdown::{self, ReportData};
use crate::scan::Scan;
use crate::Error;

/// Everything the report shows, anonymized when asked.
pub fn data<'a>(
    scan: &'a Scan,
    settings: &Settings,
    max_rows: usize,
) -> Result<ReportData<'a>, Error> {
    let inv = &scan.inventory;
    let all_media = Filter::default();
    let mut largest = media::rows(inv, &all_media, max_rows);
    let media_files = inv.files.iter().filter(|f| all_media.matches(f)).count();
    let by_month = media::aggregate(inv, &all_media, By::Month);
    let mut by_chat = media::aggregate(inv, &all_media, By::Chat);
    let insight = media::insight(inv);
    let mut d = dupes::find(scan, settings, &[], 1);
    // What could go, from the groups just found (no second hashing).
    let mut reclaim = super::reclaim::whole(scan, settings, Some(&d.groups));
    let (mut config, _, config_problems) = settings::read_all(inv, &scan.layout);
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
    // One warning per path and kind, the first reader's (the settings
    // reader and the scan may both say a plist is short).
    crate::model::warning::dedup(&mut warnings);
    let anon = anonymizer(settings, scan);
    if let Some(an) = &anon {
        an.media_rows(&mut largest);
        an.agg_rows(&mut by_chat, By::Chat);
        an.dupes(&mut d);
        an.reclaim(&mut reclaim);
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
        reclaim,
        dupes: d,
        config,
        max_rows,
        anonymized: anon.is_some(),
        warnings,
    })
}

/// Runs `report`.
pub fn run(settings: &Settings, max_rows: usize) -> Result<Outcome, Error> {
    let (out, scan) = scan_for_dupes(settings)?;
    let data = data(&scan, settings, max_rows)?;
    emit(out, &data.warnings, |_, w| markdown::report(&data, w))
}
