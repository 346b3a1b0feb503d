//! The "Not everything was read" footer of every command's table: one line
//! per warning kind, with the count, the first path and what to do.

use std::io::{self, Write};

use super::{escape_terminal, human_bytes};
use crate::model::units::suggest_limit;
use crate::model::warning::Omitted;
use crate::model::{Warning, WarningKind};

/// What to say of `n` warnings of one kind: what was not read and what to
/// do about it.
fn footer_line(kind: WarningKind, ws: &[&Warning], omitted: u64) -> String {
    let n = ws.len() + omitted as usize;
    let s = if n == 1 { "" } else { "s" };
    let max_bytes = ws.iter().filter_map(|w| w.bytes).max().unwrap_or(0);
    let max_limit = ws.iter().filter_map(|w| w.limit).max().unwrap_or(0);
    let (what, todo) = match kind {
        WarningKind::PrivacyProtected => (
            format!("{n} folder{s} blocked by macOS privacy protection"),
            "grant Full Disk Access to your terminal app and run again".to_string(),
        ),
        WarningKind::PermissionDenied => (
            format!(
                "{n} entr{} not readable (permission denied)",
                if n == 1 { "y" } else { "ies" }
            ),
            String::new(),
        ),
        WarningKind::Vanished => (
            format!(
                "{n} entr{} vanished while scanning",
                if n == 1 { "y" } else { "ies" }
            ),
            String::new(),
        ),
        WarningKind::Unreadable => (
            format!(
                "{n} entr{} could not be read",
                if n == 1 { "y" } else { "ies" }
            ),
            String::new(),
        ),
        WarningKind::Dataless => (
            format!("{n} iCloud placeholder{s} counted, not read"),
            "download them in Finder to include their content".to_string(),
        ),
        WarningKind::TooLarge => (
            format!(
                "{n} file{s} not hashed: over --max-hash-size ({} > {})",
                human_bytes(max_bytes),
                human_bytes(max_limit)
            ),
            format!("raise it with --max-hash-size {}", suggest_limit(max_bytes)),
        ),
        WarningKind::EventsDropped => (
            format!("{n} time{s} events were dropped or coalesced"),
            "the folders were rescanned: every file is still counted".to_string(),
        ),
        WarningKind::WalNotRead => (
            format!(
                "{n} database WAL{s} not read: over the copy limit ({} > {})",
                human_bytes(max_bytes),
                human_bytes(max_limit)
            ),
            format!("raise it with --max-db-copy {}", suggest_limit(max_bytes)),
        ),
        WarningKind::LinkLoop => (format!("{n} link loop{s}"), String::new()),
        WarningKind::DnsFailed => (
            format!("{n} DNS answer{s} missing (timeout, SERVFAIL or REFUSED)"),
            "raise --timeout or --retries, or try another --nameserver".to_string(),
        ),
        WarningKind::Corrupt => (
            format!("{n} file{s} with content that does not hold together"),
            String::new(),
        ),
    };
    let more = if n > 1 {
        format!(" (+{} more)", n - 1)
    } else {
        String::new()
    };
    let todo = if todo.is_empty() {
        todo
    } else {
        format!("; {todo}")
    };
    format!("{what}: {}{more}{todo}", escape_terminal(&ws[0].path))
}

/// The warnings footer of a command's table: one line per kind (count,
/// first path, what to do). Nothing when everything was read.
/// `omitted`: warnings past the cap, counted per kind (in the counts; the
/// list names the first of each kind).
pub fn warning_footer(
    command: &str,
    (warnings, omitted): (&[Warning], &Omitted),
    out: &mut dyn Write,
) -> io::Result<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    // The heading says what the exit code says (`WarningKind::MISSES`).
    if warnings.iter().any(|w| w.kind.misses_answer(command)) {
        writeln!(out, "\nNot everything was read:")?;
    } else {
        writeln!(
            out,
            "\nRead, with notes (nothing this answer needs was missed):"
        )?;
    }
    for kind in WarningKind::ALL {
        let ws: Vec<&Warning> = warnings.iter().filter(|w| w.kind == *kind).collect();
        if !ws.is_empty() {
            let more = omitted.get(kind).copied().unwrap_or(0);
            writeln!(out, "  {}", footer_line(*kind, &ws, more))?;
        }
    }
    match omitted.values().sum::<u64>() {
        0 => writeln!(out, "Every warning with its message: --format json"),
        n => writeln!(
            out,
            "The first {} warnings of each kind are listed in --format json, and {n} more counted; --format ndjson lists every one",
            crate::model::warning::cap()
        ),
    }
}
