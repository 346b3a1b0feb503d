//! `explain` for people: for each file, what it is, where it comes from
//! and whether WeChat needs it, in sentences; `--verbose` adds the
//! evidence (the rule and its source, the first bytes, the layout path).

use std::io::{self, Write};

use super::escape_terminal;
use crate::classify::explain::Explanation;
use crate::model::explain::FolderSummary;
use crate::model::units::human_bytes;
use crate::model::{Category, Format, Kind};

/// `explain`: one block per file (see the module docs).
pub fn explain(
    files: &[Explanation],
    verbose: bool,
    width: Option<usize>,
    out: &mut dyn Write,
) -> io::Result<()> {
    for (i, e) in files.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        // The path on a line of its own, shortened in the middle to fit.
        let path = escape_terminal(&e.path);
        let path = match width {
            Some(w) => super::term::ellipsize_path(&path, w),
            None => path,
        };
        writeln!(out, "{path}")?;
        plain(e, out)?;
        if verbose {
            evidence(e, out)?;
        }
    }
    Ok(())
}

/// What a file is, in words a person reads.
fn what(e: &Explanation) -> String {
    let named_db = e.path.ends_with(".db") || e.path.ends_with(".sqlite");
    if named_db && !e.format.is_database() {
        return match e.format {
            Format::Empty => "named like a database but empty (0 bytes)".into(),
            f => format!("named like a database but not SQLite (its bytes look like {f})"),
        };
    }
    let thing = match (e.category, e.kind) {
        (Category::Media, Kind::File) => "a file sent or received in a chat",
        (Category::Media, Kind::Image) => "an image sent or received in a chat",
        (Category::Media, Kind::Video) => "a video sent or received in a chat",
        (Category::Media, Kind::Voice) => "a voice message",
        (Category::Media, Kind::Sticker) => "a sticker",
        (Category::Media, Kind::Avatar) => "a profile picture WeChat keeps",
        (Category::Media, Kind::Thumbnail) => "a thumbnail",
        (Category::Media, _) => "a picture or recording WeChat keeps",
        (Category::Database, Kind::Messages) => "a database of messages",
        (Category::Database, Kind::Contacts) => "a database of contacts",
        (Category::Database, Kind::Sidecar) => "a database's journal or write-ahead log",
        (Category::Database, _) => "one of WeChat's databases",
        (Category::Config, Kind::KeyMaterial) => "key material of a login",
        (Category::Config, _) => "a setting WeChat keeps",
        (Category::Cache, Kind::MiniProgram) => "a mini-program package",
        (Category::Cache, Kind::Temp) => "a temporary file",
        (Category::Cache, _) => "a cache",
        (Category::Network, Kind::Cookies) => "a cookie jar",
        (Category::Network, _) => "network state WeChat keeps",
        (Category::Log, Kind::Crash) => "a crash report",
        (Category::Log, _) => "a log",
        (Category::Backup, Kind::MigrationBackup) => "part of a 3.x → 4.x migration backup",
        (Category::Backup, _) => "a chat backup",
        (Category::Other, _) => "a file no rule names",
    };
    let enc = if e.encrypted && e.format != Format::Encrypted {
        ", encrypted"
    } else {
        ""
    };
    format!("{thing} ({}/{}, {}{enc})", e.category, e.kind, e.format)
}

/// Whether WeChat needs a file, or rebuilds it.
fn needed(e: &Explanation) -> &'static str {
    match e.category {
        Category::Database => "WeChat needs it: removing it loses history or breaks WeChat",
        Category::Config => "WeChat reads it: removing it resets settings or logs you out",
        Category::Network => "WeChat keeps it up to date: removing it signs sites out or refetches",
        Category::Cache => "WeChat rebuilds or re-downloads it when it needs it",
        Category::Log => "a record WeChat writes and does not read back",
        Category::Media => {
            "may be the only copy on this Mac: removing it loses it unless it is elsewhere"
        }
        Category::Backup => "a backup: removing it loses what only it holds",
        Category::Other => "not known",
    }
}

/// The block in sentences.
fn plain(e: &Explanation, out: &mut dyn Write) -> io::Result<()> {
    let line =
        |out: &mut dyn Write, k: &str, v: &str| writeln!(out, "  {k:<8} {}", escape_terminal(v));
    line(out, "is", &what(e))?;
    let mut from = Vec::new();
    if !e.wechat_location {
        from.push("not under a known WeChat location: classified by its content alone".to_string());
    }
    if let Some(a) = &e.account {
        from.push(format!("account {a}"));
    }
    match (&e.chat, &e.chat_label) {
        (_, Some(l)) => from.push(format!("chat {l}")),
        (Some(c), None) => from.push(format!("chat {c}")),
        _ => {}
    }
    if let Some(m) = &e.month {
        let by = if e.month_from == Some("folder") {
            "its folder"
        } else {
            "its modification time"
        };
        from.push(format!("{m} (from {by})"));
    }
    line(out, "from", &from.join(", "))?;
    line(out, "needed?", needed(e))?;
    line(out, "why", &e.class_reason)
}

/// Today's evidence, for `--verbose` (and forensic notes).
fn evidence(e: &Explanation, out: &mut dyn Write) -> io::Result<()> {
    {
        let line = |out: &mut dyn Write, k: &str, v: &str| {
            writeln!(out, "  {k:<13} {}", escape_terminal(v))
        };
        if !e.wechat_location {
            writeln!(
                out,
                "  not under a known WeChat location: classified by its content alone"
            )?;
        }
        if e.wechat_location {
            let role = e.role.map(|r| format!(" ({r})")).unwrap_or_default();
            let place = if e.location.is_empty() {
                "."
            } else {
                &e.location
            };
            line(out, "location", &format!("{place}{role}"))?;
        }
        line(out, "layout path", &e.logical_path)?;
        match (&e.rule, &e.rule_source) {
            (Some(r), Some(src)) => line(out, "rule", &format!("{r}  [source: {src}]"))?,
            _ => line(out, "rule", "none matched")?,
        }
        let detail = e
            .detail
            .as_ref()
            .map(|d| format!("; {d}"))
            .unwrap_or_default();
        line(
            out,
            "content",
            &format!("{} (first bytes {}){detail}", e.format, e.first_bytes),
        )?;
        line(
            out,
            "is",
            &format!(
                "{}/{}{}: {}",
                e.category,
                e.kind,
                if e.encrypted { ", encrypted" } else { "" },
                e.class_reason
            ),
        )?;
        line(
            out,
            "account",
            e.account
                .as_deref()
                .unwrap_or("- (not in an account folder)"),
        )?;
        let chat = match (&e.chat, &e.chat_label) {
            (Some(c), Some(l)) => format!("{c} = {l}"),
            (Some(c), None) => c.clone(),
            _ => "- (not in a chat folder)".into(),
        };
        line(out, "chat", &chat)?;
        line(
            out,
            "month",
            &format!(
                "{} (from the {})",
                e.month.as_deref().unwrap_or("-"),
                if e.month_from == Some("folder") {
                    "YYYY-MM folder it is in"
                } else {
                    "file's modification time"
                }
            ),
        )?;
        line(
            out,
            "databases[]",
            if e.in_databases {
                "listed (dbs reads its tables when it is plain SQLite)"
            } else if e.format.is_database() {
                "not listed: a file someone sent, never opened as a database"
            } else {
                "not listed (not a database)"
            },
        )?;
    }
    Ok(())
}

/// `explain FOLDER`: what the folder is and what it holds, by category.
pub fn folders(list: &[FolderSummary], after: bool, out: &mut dyn Write) -> io::Result<()> {
    for (i, f) in list.iter().enumerate() {
        if i > 0 || after {
            writeln!(out)?;
        }
        writeln!(out, "{}/", escape_terminal(&f.path))?;
        let is = match (f.wechat_location, f.roles.as_slice()) {
            (false, _) => {
                "a folder with no WeChat location in it: its files are classified by content alone"
                    .to_string()
            }
            (true, []) => "a folder of WeChat's".to_string(),
            (true, roles) => format!("a folder of WeChat's ({})", roles.join(", ")),
        };
        writeln!(out, "  is       {}", escape_terminal(&is))?;
        if !f.accounts.is_empty() {
            writeln!(
                out,
                "  accounts {}",
                escape_terminal(&f.accounts.join(", "))
            )?;
        }
        let parts: Vec<String> = f
            .by_category
            .iter()
            .map(|(c, n)| format!("{c} {} ({} files)", human_bytes(n.bytes), n.files))
            .collect();
        writeln!(
            out,
            "  holds    {} files, {}{}{}",
            f.files,
            human_bytes(f.bytes),
            if parts.is_empty() { "" } else { ": " },
            parts.join(", ")
        )?;
    }
    Ok(())
}
