//! `reclaim` as a table: one sentence per tier (they add up to the total),
//! the tiers side by side, the leftovers with their evidence, then each
//! tier's rows, places and how to do it safely. CSV: one row per file.

use std::io::{self, Write};

use super::columns::Column;
use super::human_bytes;
use super::table::columns;
use super::term::{account_label, ellipsize_path, short_path, Term};
use crate::analyze::reclaim::{
    leftover_sentence, PlaceRow, ReasonRow, Reclaim, ReclaimFile, Tier, TierSummary,
};

/// `reclaim --format csv`: one row per file.
pub fn file_columns() -> Vec<Column<ReclaimFile>> {
    type C = Column<ReclaimFile>;
    vec![
        C::field("path", None, |f| f.path.clone()),
        C::field("tier", None, |f| f.tier.to_string()),
        C::field("reason", None, |f| f.reason.to_string()),
        C::field("size", None, |f| f.size.to_string()),
        C::field("allocated", None, |f| f.allocated.to_string()),
        C::field("kept", None, |f| f.kept.clone().unwrap_or_default()),
    ]
}

/// A tier's short advice in the summary table.
fn safe(t: Tier) -> &'static str {
    match t {
        Tier::Rebuilt => "yes; Settings → Storage",
        Tier::Leftover => "check first",
        Tier::Duplicate => "one copy stays",
        Tier::OnlyCopy => "your call",
        Tier::Keep => "no",
    }
}

/// The summary table's rows: the tiers, then the total.
struct Row {
    tier: String,
    files: u64,
    bytes: u64,
    back: u64,
    safe: &'static str,
}

fn tier_columns() -> Vec<Column<Row>> {
    type C = Column<Row>;
    vec![
        C::table("tier", |r| r.tier.clone()).at_least(9).keep(9),
        C::table("files", |r| r.files.to_string())
            .right_aligned()
            .keep(7),
        C::table("size", |r| human_bytes(r.bytes))
            .right_aligned()
            .keep(9),
        C::table("comes back", |r| human_bytes(r.back))
            .right_aligned()
            .keep(8),
        C::table("safe to remove?", |r| r.safe.to_string())
            .at_least(9)
            .keep(6),
    ]
}

/// Rows that name something and count its files and bytes.
trait Counted {
    fn files(&self) -> u64;
    fn bytes(&self) -> u64;
}

impl Counted for ReasonRow {
    fn files(&self) -> u64 {
        self.files
    }
    fn bytes(&self) -> u64 {
        self.bytes
    }
}

impl Counted for PlaceRow {
    fn files(&self) -> u64 {
        self.files
    }
    fn bytes(&self) -> u64 {
        self.bytes
    }
}

/// A name that gives way to the width, then files and size.
fn counted_columns<T: Counted>(header: &'static str, name: fn(&T) -> String) -> Vec<Column<T>> {
    vec![
        Column::table(header, name).flexible(),
        Column::table("files", |r: &T| r.files().to_string())
            .right_aligned()
            .keep(7),
        Column::table("size", |r: &T| human_bytes(r.bytes()))
            .right_aligned()
            .keep(8),
    ]
}

/// A place as tables show it: below its account's label, else below its
/// location.
fn place(term: &Term, p: &PlaceRow) -> String {
    let below = p.account.as_deref().and_then(|a| {
        let (_, rest) = p.folder.split_once(&format!("/{a}"))?;
        Some(format!("{}{rest}", account_label(a)))
    });
    below.unwrap_or_else(|| short_path(&p.folder, &term.prefixes).to_string())
}

/// The container a root-relative folder lies in, without Tencent's prefix
/// (`xWeChat`, `xinWeChat`), as the accounts table names installs.
fn install_word(folder: &str) -> String {
    let parts: Vec<&str> = folder.split('/').collect();
    match parts
        .iter()
        .position(|p| *p == "Containers" || *p == "Group Containers")
    {
        Some(i) if i + 1 < parts.len() => {
            let b = parts[i + 1];
            b.strip_prefix("com.tencent.").unwrap_or(b).to_string()
        }
        _ => "~".into(),
    }
}

/// `reclaim`: the sentences, the tiers, the leftovers, each tier.
pub fn table(term: &Term, r: &Reclaim, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "What can go, and how much comes back (nothing was deleted, moved or renamed)\n"
    )?;
    for t in r.tiers.iter().filter(|t| t.files > 0) {
        writeln!(out, "{}: {}.", t.tier, t.sentence)?;
    }
    writeln!(
        out,
        "Together: {} in {} files, every file counted once.\n",
        human_bytes(r.total.bytes),
        r.total.files
    )?;
    let mut rows: Vec<Row> = r
        .tiers
        .iter()
        .map(|t| Row {
            tier: t.tier.to_string(),
            files: t.files,
            bytes: t.bytes,
            back: t.comes_back,
            safe: safe(t.tier),
        })
        .collect();
    rows.push(Row {
        tier: "total".into(),
        files: r.total.files,
        bytes: r.total.bytes,
        back: r.total.comes_back,
        safe: "",
    });
    writeln!(out, "{}", columns(term, &tier_columns(), &rows))?;
    for n in &r.notes {
        writeln!(out, "Note: {n}.")?;
    }
    leftovers(term, r, out)?;
    for t in r.tiers.iter().filter(|t| t.files > 0) {
        tier(term, t, out)?;
    }
    Ok(())
}

/// Each leftover with its evidence.
fn leftovers(term: &Term, r: &Reclaim, out: &mut dyn Write) -> io::Result<()> {
    if r.leftovers.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nLeftovers (not safe by default: check each first)")?;
    for l in &r.leftovers {
        writeln!(out, "\n* {}.", leftover_sentence(l))?;
        let folder = short_path(&l.path, &term.prefixes);
        let folder = match term.width {
            Some(w) => ellipsize_path(folder, w.saturating_sub(10).max(20)),
            None => folder.to_string(),
        };
        writeln!(out, "  folder: {folder}")?;
        for e in &l.evidence {
            writeln!(out, "  - {e}")?;
        }
        if let Some(s) = &l.same_account {
            writeln!(out, "  - same account: {s}")?;
        }
        writeln!(
            out,
            "  - if the migration did not carry it over: {}",
            l.lost
        )?;
    }
    Ok(())
}

/// One tier: its rows with what happens after removal and their sources,
/// the top places, how to do it safely, the command that lists its files.
fn tier(term: &Term, t: &TierSummary, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "\n{}: {} in {} files, {} comes back",
        t.tier,
        human_bytes(t.bytes),
        t.files,
        human_bytes(t.comes_back)
    )?;
    writeln!(
        out,
        "{}",
        columns(
            term,
            &counted_columns("what", |r: &ReasonRow| r.label.to_string()),
            &t.reasons
        )
    )?;
    for r in &t.reasons {
        writeln!(
            out,
            "- {}: after removal, {}. Source: {}.",
            r.what, r.after, r.source
        )?;
    }
    if t.tier == Tier::OnlyCopy && !t.by_age.is_empty() {
        let line: Vec<String> = ["older_than_1y", "90d_to_1y", "newer_than_90d"]
            .iter()
            .map(|age| {
                let b: u64 = t
                    .by_age
                    .iter()
                    .filter(|a| a.age == *age)
                    .map(|a| a.bytes)
                    .sum();
                format!("{} {}", human_bytes(b), age.replace('_', " "))
            })
            .collect();
        writeln!(out, "- by age: {}", line.join(", "))?;
    }
    if t.tier != Tier::Leftover {
        let mut places: Vec<PlaceRow> = t
            .places
            .iter()
            .map(|p| PlaceRow {
                folder: place(term, p),
                ..p.clone()
            })
            .collect();
        // The same folder in two installs (one id in both containers):
        // say which, as the accounts table does.
        let labels: Vec<String> = places.iter().map(|p| p.folder.clone()).collect();
        for (p, orig) in places.iter_mut().zip(&t.places) {
            if labels.iter().filter(|l| **l == p.folder).count() > 1 {
                p.folder = format!("{} · {}", p.folder, install_word(&orig.folder));
            }
        }
        writeln!(
            out,
            "Where:\n{}",
            columns(
                term,
                &counted_columns("folder", |r: &PlaceRow| r.folder.clone()),
                &places
            )
        )?;
    }
    writeln!(out, "How:")?;
    for h in &t.how {
        writeln!(out, "- {h}")?;
    }
    if t.tier != Tier::Keep {
        writeln!(out, "- list them: {}", t.list_command)?;
    }
    Ok(())
}
