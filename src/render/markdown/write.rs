//! The report's document ([`Doc`]) as Markdown: blocks separated by one
//! blank line, tables as pipe tables, charts as Mermaid.

use std::io::{self, Write};

use super::mermaid;
use crate::render::doc::{Block, Chart, ChartKind, Doc, Table};
use crate::render::human_bytes;

/// Writes `doc`.
pub fn write(doc: &Doc, out: &mut dyn Write) -> io::Result<()> {
    for (i, b) in doc.blocks.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        match b {
            Block::Heading(level, text) => {
                writeln!(out, "{} {text}", "#".repeat(usize::from(*level)))?
            }
            Block::Para(text) => writeln!(out, "{text}")?,
            Block::List(items) => {
                for item in items {
                    writeln!(out, "- {}", item.text)?;
                    for s in &item.sub {
                        writeln!(out, "  - {s}")?;
                    }
                }
            }
            Block::Table(t) => table(t, out)?,
            Block::Chart(c) => chart(c, out)?,
        }
    }
    Ok(())
}

fn table(t: &Table, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "| {} |", t.header.join(" | "))?;
    let seps: Vec<&str> = t
        .right
        .iter()
        .map(|r| if *r { "---:" } else { "---" })
        .collect();
    writeln!(out, "|{}|", seps.join("|"))?;
    for row in &t.rows {
        let cells: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// A pie labels each part with its size in words (the value Mermaid
/// needs stays a number); bars are in MiB.
fn chart(c: &Chart, out: &mut dyn Write) -> io::Result<()> {
    const MIB: f64 = 1024.0 * 1024.0;
    match c.kind {
        ChartKind::Pie => {
            writeln!(out, "```mermaid\npie title {}", mermaid(&c.title))?;
            for (label, bytes) in &c.values {
                let label = format!("{} ({})", label, human_bytes(*bytes));
                writeln!(out, "    \"{}\" : {bytes}", mermaid(&label))?;
            }
        }
        ChartKind::Bars => {
            let max = c.values.iter().map(|v| v.1).max().unwrap_or(0) as f64 / MIB;
            writeln!(
                out,
                "```mermaid\nxychart-beta\n    title \"{} (MiB)\"",
                mermaid(&c.title)
            )?;
            let xs: Vec<String> = c
                .values
                .iter()
                .map(|(k, _)| format!("\"{}\"", mermaid(k)))
                .collect();
            writeln!(out, "    x-axis [{}]", xs.join(", "))?;
            writeln!(out, "    y-axis \"MiB\" 0 --> {:.2}", (max * 1.1).max(0.01))?;
            let bars: Vec<String> = c
                .values
                .iter()
                .map(|(_, b)| format!("{:.3}", *b as f64 / MIB))
                .collect();
            writeln!(out, "    bar [{}]", bars.join(", "))?;
        }
    }
    writeln!(out, "```")
}
