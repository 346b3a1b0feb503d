//! The report's "What could be reclaimed" (`reclaim`'s one computation:
//! the same figures `wxinspect reclaim` and `media` show) and its
//! duplicate groups.

use std::io::{self, Write};

use super::{capped_note, code, md, size, ReportData, Table};
use crate::analyze::reclaim::{leftover_sentence, Tier};
use crate::render::human_bytes;

/// What could go, per tier, with the leftovers' evidence.
pub(super) fn reclaimable(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
    let r = &d.reclaim;
    writeln!(out, "\n## What could be reclaimed\n")?;
    writeln!(
        out,
        "Every file is in exactly one tier; the tiers add up to the {} in {} files. `wxinspect reclaim` shows the evidence and lists each tier's files.\n",
        human_bytes(r.total.bytes),
        r.total.files
    )?;
    for t in &r.tiers {
        writeln!(out, "- **{}**: {}.", t.tier, md(&t.sentence))?;
    }
    writeln!(out)?;
    let mut table = Table::new(
        out,
        &[
            "tier",
            "files",
            "size",
            "comes back",
            "largest part",
            "after removal",
        ],
        &[false, true, true, true, false, false],
    )?;
    for t in &r.tiers {
        let first = t.reasons.first();
        table.row(&[
            t.tier.to_string(),
            t.files.to_string(),
            size(t.bytes),
            size(t.comes_back),
            first.map_or("–".into(), |x| md(x.label)),
            first.map_or("–".into(), |x| md(x.after)),
        ])?;
    }
    table.row(&[
        "**total**".into(),
        r.total.files.to_string(),
        size(r.total.bytes),
        size(r.total.comes_back),
        String::new(),
        String::new(),
    ])?;
    for n in &r.notes {
        writeln!(out, "\n{}.", md(n))?;
    }
    if !r.leftovers.is_empty() {
        writeln!(out, "\n### Leftovers (check each before removing)\n")?;
        for l in r.leftovers.iter().take(d.max_rows) {
            writeln!(
                out,
                "- {}. Folder: {}.",
                md(&leftover_sentence(l)),
                code(&l.path)
            )?;
            for e in l.evidence.iter().chain(&l.same_account) {
                writeln!(out, "  - {}", md(e))?;
            }
        }
        capped_note(out, r.leftovers.len(), d.max_rows)?;
    }
    writeln!(out, "\nHow: WeChat's own Settings → Storage (3.x: Manage Storage) is the safest way for caches and chat files; quit WeChat before removing anything outside it; `wxinspect reclaim --tier rebuilt --format paths -0` lists exactly one tier's files. wxinspect never deletes or moves anything.")?;
    Ok(())
}

/// Identical files, the groups `dupes` finds over every file (`reclaim`'s
/// duplicate tier counts only the copies outside caches and leftovers).
pub(super) fn duplicates(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
    let spare: Vec<_> = d.dupes.groups.iter().filter(|g| !g.in_use).collect();
    writeln!(out, "\n## Duplicates\n")?;
    let dup = d.reclaim.tiers.iter().find(|t| t.tier == Tier::Duplicate);
    writeln!(
        out,
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
    )?;
    if !spare.is_empty() {
        writeln!(out)?;
        let mut t = Table::new(
            out,
            &["size", "copies", "reclaimable", "copies at"],
            &[true, true, true, false],
        )?;
        for g in spare.iter().take(d.max_rows) {
            let paths: Vec<String> = g.files.iter().map(|p| md(p)).collect();
            t.row(&[
                human_bytes(g.size),
                g.files.len().to_string(),
                human_bytes(g.size * (g.files.len() as u64 - 1)),
                paths.join("<br>"),
            ])?;
        }
        capped_note(out, spare.len(), d.max_rows)?;
    }
    Ok(())
}
