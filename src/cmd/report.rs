//! `wxinspect report`: the Markdown inventory report.

use std::borrow::Cow;

use super::emit::emit;
use super::{anonymizer, dupes, scan_for_dupes, system, Outcome, Settings};
use crate::analyze::media::{self, By, Filter};
use crate::cli::OutputFormat;
use crate::cli::ReportArgs;
use crate::inspect::settings;
use crate::inspect::system::sources::Places;
use crate::render::html;
use crate::render::markdown::{self, ReportData};
use crate::scan::Scan;
use crate::Error;

/// Everything the report shows, anonymized when asked.
pub fn data<'a>(
    scan: &'a Scan,
    settings: &Settings,
    max_rows: usize,
    system_at: Option<&Places>,
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
    // `--system`: macOS's own records, and what of them was not read (Mac
    // paths, anonymized as the document's own: user names go).
    let mut system = system_at.map(|p| crate::inspect::system::read(p, system::max_copy(settings)));
    if let (Some(an), Some(s)) = (&anon, &mut system) {
        crate::analyze::system::anonymize(an, s);
    }
    if let Some(s) = &system {
        warnings.extend(s.warnings.iter().cloned());
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
        system,
        tree: None,
    })
}

/// `browse`'s tree of the report's inventory (pseudonyms already in it),
/// each file with its `reclaim` tier as alone: the treemaps' hierarchy.
fn tree(inv: &crate::model::Inventory) -> crate::analyze::tree::Tree {
    let mut b = crate::analyze::tree::TreeBuilder::default();
    for f in &inv.files {
        b.add(f);
    }
    let meta = crate::model::Inventory {
        installs: inv.installs.clone(),
        accounts: inv.accounts.clone(),
        locations: inv.locations.clone(),
        ..crate::model::Inventory::empty()
    };
    let now = crate::model::time::parse_rfc3339(&inv.generated_at).unwrap_or(0);
    b.set_tiers(&crate::analyze::reclaim::Alone::new(
        &meta,
        &b.newest_by_root(),
        now,
    ));
    let locations: Vec<String> = inv.locations.iter().map(|l| l.path.clone()).collect();
    b.finish(&locations)
}

/// Runs `report` (with `--system`, macOS's records about WeChat: at
/// `--root`/`--home`, on macOS `/` and the report's PATH).
pub fn run(settings: &Settings, args: &ReportArgs) -> Result<Outcome, Error> {
    let places = match args.system {
        true => Some(system::places(&args.places, settings.path.as_deref())?),
        false if args.places.root.is_some() || args.places.home.is_some() => {
            return Err(Error::Usage(
                "--root and --home say where --system reads macOS's databases: add --system".into(),
            ))
        }
        false => None,
    };
    let (out, mut scan) = scan_for_dupes(settings)?;
    // `--resolve`: the chains go into the network section; hosts are never
    // anonymized, so resolving before the copy changes nothing of that.
    let mut failed = Vec::new();
    super::network::resolve(settings, &mut scan.inventory.network.hosts, &mut failed)?;
    let mut data = data(&scan, settings, args.max_rows, places.as_ref())?;
    data.warnings.extend(failed);
    if settings.format == OutputFormat::Html {
        data.tree = Some(tree(&data.inv));
        return emit(out, &data.warnings, |_, w| html::report(&data, w));
    }
    emit(out, &data.warnings, |_, w| markdown::report(&data, w))
}
