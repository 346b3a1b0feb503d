//! `watch` as a terminal reads it: one line per change that fits the
//! width (time, what happened, size and change, category/kind, format,
//! account and chat labels, short path), coloured by category on a
//! terminal, and the summary at the end.

use std::io::{self, Write};

use super::term::{account_label, chat_name, ellipsize, width, Term};
use crate::model::units::human_bytes;
use crate::model::watch::{Op, WatchEvent, WatchSummary};
use crate::model::Category;

fn signed(delta: i64) -> String {
    if delta >= 0 {
        format!("+{}", human_bytes(delta as u64))
    } else {
        format!("-{}", human_bytes(delta.unsigned_abs()))
    }
}

fn color_of(c: Category) -> u8 {
    super::term::Hue::of(c).sgr()
}

/// One change as a line of at most the terminal's width: the fixed
/// columns first; what is left is shared by the account/chat labels and the
/// path (below its account folder), each shortened in the middle.
pub fn line(e: &WatchEvent, term: &Term) -> String {
    let time = e.ts.get(11..19).unwrap_or(&e.ts);
    let who = match (&e.account, &e.chat) {
        (Some(a), Some(c)) => format!("{} {}", account_label(a), chat_name(c)),
        (Some(a), None) => account_label(a),
        _ => "-".into(),
    };
    let short = |p: &str| super::term::short_path(p, &term.prefixes).to_string();
    let path = match (&e.to, e.op) {
        (Some(to), Op::Renamed) => format!("{} → {}", short(&e.path), short(to)),
        _ => short(&e.path),
    };
    let head = format!(
        "{time} {:<9} {:>9} {:>10} {:<16} {:<13} ",
        e.op.as_str(),
        human_bytes(e.size),
        signed(e.delta),
        format!("{}/{}", e.category, e.kind),
        e.format.to_string(),
    );
    let text = match term.width {
        None => format!("{head}{who} {path}"),
        Some(w) if w < width(&head) + 12 => ellipsize(&format!("{head}{who} {path}"), w),
        Some(w) => {
            let rest = w - width(&head);
            let who_w = width(&who).min(rest / 2 - 1);
            let who = ellipsize(&who, who_w);
            let pad = " ".repeat(who_w - width(&who));
            format!("{head}{who}{pad} {}", ellipsize(&path, rest - who_w - 1))
        }
    };
    let text = text.trim_end().to_string();
    if term.color {
        format!("\x1b[{}m{text}\x1b[0m", color_of(e.category))
    } else {
        text
    }
}

/// `1 file`, `2 files`.
fn count(n: u64, word: &str) -> String {
    match n {
        1 => format!("1 {word}"),
        _ => format!("{n} {word}s"),
    }
}

/// Many changes in one folder within one second, as one line: `+2,000
/// files, 12 KiB in cache/2026-12/Message/…/Thumb` (a storm would
/// otherwise be thousands of lines).
pub fn rollup(events: &[&WatchEvent], term: &Term) -> String {
    let time = events[0].ts.get(11..19).unwrap_or(&events[0].ts);
    let folder = events[0].path.rsplit_once('/').map_or(".", |(d, _)| d);
    let folder = super::term::short_path(folder, &term.prefixes);
    let folder = if folder.is_empty() { "." } else { folder };
    let mut ops: std::collections::BTreeMap<&str, u64> = Default::default();
    for e in events {
        *ops.entry(e.op.as_str()).or_default() += 1;
    }
    let net: i64 = events.iter().map(|e| e.delta).sum();
    let what: Vec<String> = ops.iter().map(|(op, n)| format!("{n} {op}")).collect();
    let text = format!(
        "{time} {} files ({}), {} in {folder}",
        events.len(),
        what.join(", "),
        signed(net)
    );
    match term.width {
        Some(w) => ellipsize(&text, w),
        None => text,
    }
}

/// The summary: bytes written by category and account, files created,
/// temp files that came and went, the busiest folders.
pub fn summary(s: &WatchSummary, term: &Term, w: &mut dyn Write) -> io::Result<()> {
    let fit = |t: String| match term.width {
        Some(width) => ellipsize(&t, width),
        None => t,
    };
    let pairs = |m: &std::collections::BTreeMap<String, u64>, label: &dyn Fn(&str) -> String| {
        let mut v: Vec<(&String, &u64)> = m.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1));
        v.iter()
            .map(|(k, b)| format!("{} {}", label(k), human_bytes(**b)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(w)?;
    writeln!(
        w,
        "{}",
        fit(format!(
            "Summary: {}, {} created, {} came and went (temporary)",
            count(s.events, "change"),
            count(s.created, "file"),
            count(s.vanished_count, "file"),
        ))
    )?;
    writeln!(
        w,
        "{}",
        fit(format!(
            "Bytes: {} in files created, {} grown, {} shrunk, {} in files removed",
            human_bytes(s.bytes_created),
            human_bytes(s.bytes_grown),
            human_bytes(s.bytes_shrunk),
            human_bytes(s.bytes_removed)
        ))
    )?;
    let none = |t: String| if t.is_empty() { "nothing".into() } else { t };
    writeln!(
        w,
        "{}",
        fit(format!(
            "Written by category: {}",
            none(pairs(&s.bytes_by_category, &|k| k.to_string()))
        ))
    )?;
    writeln!(
        w,
        "{}",
        fit(format!(
            "Written by account: {}",
            none(pairs(&s.bytes_by_account, &account_label))
        ))
    )?;
    let short = |p: &str| super::term::short_path(p, &term.prefixes).to_string();
    for b in s.busiest.iter().take(5) {
        // The root's own files are in `.`, never an empty name.
        let folder = match b.folder.as_str() {
            "" => ".".to_string(),
            f => short(&format!("{f}/")),
        };
        let folder = if folder.is_empty() {
            ".".into()
        } else {
            folder
        };
        writeln!(
            w,
            "{}",
            fit(format!("  busiest: {} {folder}", human_bytes(b.bytes)))
        )?;
    }
    for v in s.vanished.iter().take(5) {
        writeln!(w, "{}", fit(format!("  came and went: {}", short(v))))?;
    }
    Ok(())
}
