//! `explain` for people: one block of `what: why` lines per file.

use std::io::{self, Write};

use super::escape_terminal;
use crate::classify::explain::Explanation;

/// `explain`: one block of `what: why` lines per file.
pub fn explain(files: &[Explanation], out: &mut dyn Write) -> io::Result<()> {
    for (i, e) in files.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let line = |out: &mut dyn Write, k: &str, v: &str| {
            writeln!(out, "  {k:<13} {}", escape_terminal(v))
        };
        writeln!(out, "{}", escape_terminal(&e.path))?;
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
