//! `dupes` as a table: one row per copy with its tree and account, the
//! groups in use apart, the reclaimable total.

use std::io::{self, Write};

use super::columns as cols;
use super::human_bytes;
use super::list::columns_owned;
use super::term::{self, Term};
use crate::analyze::dupes::Dupes;

/// `dupes`: one row per copy (group number and reclaimable bytes on its
/// first row), the groups in use apart, then the reclaimable total.
pub fn table(term: &Term, d: &Dupes, out: &mut dyn Write) -> io::Result<()> {
    let rows = |in_use: bool| -> Vec<cols::DupeRow> {
        d.groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.in_use == in_use)
            .flat_map(|(i, g)| {
                // The install too where the copies lie in more than one
                // (the same id in both containers).
                let many = g.installs.iter().any(|x| Some(x) != g.installs.first());
                g.files.iter().enumerate().map(move |(j, p)| {
                    let account = g.accounts.get(j).cloned().flatten();
                    let install = g.installs.get(j).filter(|_| many);
                    // The bundle id without Tencent's prefix (`xWeChat`), as
                    // the accounts table shows it: the file name keeps its room.
                    let install = install.map(|x| {
                        let b = x.rsplit('/').next().unwrap_or(x);
                        b.strip_prefix("com.tencent.").unwrap_or(b).to_string()
                    });
                    let account = match (account, install) {
                        (Some(a), Some(x)) => Some(format!(" · {} · {x}", term::account_label(&a))),
                        (Some(a), None) => Some(format!(" · {}", term::account_label(&a))),
                        (None, Some(x)) => Some(format!(" · {x}")),
                        (None, None) => None,
                    };
                    cols::DupeRow {
                        group: i + 1,
                        first: j == 0,
                        size: g.size,
                        reclaimable: g.reclaimable(),
                        sha256: g.sha256[..12.min(g.sha256.len())].to_string(),
                        path: format!("{p} [{}{}]", cols::tree_of(p), account.unwrap_or_default()),
                    }
                })
            })
            .collect()
    };
    // Each table laid out from its rows, which go before it is written
    // (issue 31: a million files make a hundred thousand rows).
    let laid = |in_use: bool| {
        let rows = rows(in_use);
        (!rows.is_empty()).then(|| columns_owned(term, &cols::dupe_table(), rows))
    };
    let (spare, in_use) = (laid(false), laid(true));
    if d.groups.is_empty() {
        writeln!(out, "No duplicate files.")?;
    }
    if let Some(t) = spare {
        writeln!(out, "{t}")?;
    }
    let busy = d.groups.iter().filter(|g| g.in_use).count();
    if busy > 0 {
        writeln!(
            out,
            "\nIdentical but each in use ({busy} group{}: databases, their sidecars, settings, key material, network state; removing one loses history or breaks WeChat, so none is reclaimable)\n{}",
            if busy == 1 { "" } else { "s" },
            in_use.map(|t| t.to_string()).unwrap_or_default()
        )?;
    }
    writeln!(
        out,
        "{}; {} reclaimable by keeping one copy of each group not in use (nothing was deleted or moved)",
        match d.groups.len() - busy {
            1 => "1 group".to_string(),
            n => format!("{n} groups"),
        },
        human_bytes(d.reclaimable_bytes)
    )?;
    Ok(())
}
