//! The report's "What could be reclaimed" (`reclaim`'s one computation:
//! the same figures `wxinspect reclaim` and `media` show) and its
//! duplicate groups.

use super::{capped_note, code, md, size, ReportData};
use crate::analyze::reclaim::{leftover_sentence, Tier};
use crate::render::doc::{Block, Cell, Doc, Item};
use crate::render::human_bytes;

fn sized(n: u64) -> Cell {
    Cell::num(size(n), n as f64)
}

/// What could go, per tier, with the leftovers' evidence.
pub(super) fn reclaimable(d: &ReportData<'_>, doc: &mut Doc) {
    let r = &d.reclaim;
    doc.heading(2, "What could be reclaimed");
    doc.para(format!(
        "Every file is in exactly one tier; the tiers add up to the {} in {} files. `wxinspect reclaim` shows the evidence and lists each tier's files.",
        human_bytes(r.total.bytes),
        r.total.files
    ));
    doc.list(
        r.tiers
            .iter()
            .map(|t| format!("**{}**: {}.", t.tier, md(&t.sentence))),
    );
    let table = doc.table(
        &[
            "tier",
            "files",
            "size",
            "comes back",
            "largest part",
            "after removal",
        ],
        &[false, true, true, true, false, false],
    );
    for t in &r.tiers {
        let first = t.reasons.first();
        table.row(vec![
            t.tier.to_string().into(),
            Cell::count(t.files),
            sized(t.bytes),
            sized(t.comes_back),
            first.map_or("–".into(), |x| md(x.label)).into(),
            first.map_or("–".into(), |x| md(x.after)).into(),
        ]);
    }
    table.row(vec![
        "**total**".into(),
        Cell::count(r.total.files),
        sized(r.total.bytes),
        sized(r.total.comes_back),
        "".into(),
        "".into(),
    ]);
    for n in &r.notes {
        doc.para(format!("{}.", md(n)));
    }
    if !r.leftovers.is_empty() {
        doc.heading(3, "Leftovers (check each before removing)");
        let items = r.leftovers.iter().take(d.max_rows).map(|l| Item {
            text: format!("{}. Folder: {}.", md(&leftover_sentence(l)), code(&l.path)),
            sub: l
                .evidence
                .iter()
                .chain(&l.same_account)
                .map(|e| md(e))
                .collect(),
        });
        doc.blocks.push(Block::List(items.collect()));
        capped_note(doc, r.leftovers.len(), d.max_rows);
    }
    doc.para("How: WeChat's own Settings → Storage (3.x: Manage Storage) is the safest way for caches and chat files; quit WeChat before removing anything outside it; `wxinspect reclaim --tier rebuilt --format paths -0` lists exactly one tier's files. wxinspect never deletes or moves anything.");
}

/// Identical files, the groups `dupes` finds over every file (`reclaim`'s
/// duplicate tier counts only the copies outside caches and leftovers).
pub(super) fn duplicates(d: &ReportData<'_>, doc: &mut Doc) {
    let spare: Vec<_> = d.dupes.groups.iter().filter(|g| !g.in_use).collect();
    doc.heading(2, "Duplicates");
    let dup = d.reclaim.tiers.iter().find(|t| t.tier == Tier::Duplicate);
    doc.para(format!(
        "{} of identical files; keeping one copy of each would free {}{}. Of that, {} is `reclaim`'s duplicate tier: copies in caches and leftovers are counted in those tiers.",
        match spare.len() {
            1 => "1 group".to_string(),
            n => format!("{n} groups"),
        },
        human_bytes(d.dupes.reclaimable_bytes),
        match d.dupes.groups.len() - spare.len() {
            0 => String::new(),
            n => format!(" ({n} more groups are identical but each in use: databases, settings, key material; never reclaimable)"),
        },
        human_bytes(dup.map_or(0, |t| t.bytes)),
    ));
    if !spare.is_empty() {
        let t = doc.table(
            &["size", "copies", "reclaimable", "copies at"],
            &[true, true, true, false],
        );
        for g in spare.iter().take(d.max_rows) {
            let paths: Vec<String> = g.files.iter().map(|p| md(p)).collect();
            let spare_bytes = g.size * (g.files.len() as u64 - 1);
            t.row(vec![
                Cell::num(human_bytes(g.size), g.size as f64),
                Cell::count(g.files.len() as u64),
                Cell::num(human_bytes(spare_bytes), spare_bytes as f64),
                paths.join("<br>").into(),
            ]);
        }
        capped_note(doc, spare.len(), d.max_rows);
    }
}
