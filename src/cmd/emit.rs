//! Writing a command's document: to stdout or `--output` (opened before
//! the scan; renamed into place at the end), tables fitted to the width,
//! `--format paths`, CSV's footer on stderr, and the outcome.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::output::Output;
use super::settings::Settings;
use crate::cli::OutputFormat;
use crate::model::warning::Omitted;
use crate::model::{Warning, WarningKind};
use crate::render;
use crate::render::columns::Column;
use crate::render::term::{self, Term};
use crate::Error;

/// How a command ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was read.
    Done,
    /// Done, but some entries could not be read (exit 2).
    Partial,
    /// Nothing could be done; each reason was said already (exit 1).
    Failed,
}

impl Outcome {
    /// The one decision: a command whose shown warnings include a kind
    /// that hides part of its answer ended partial (exit 2).
    pub fn from_kinds(command: &str, kinds: impl IntoIterator<Item = WarningKind>) -> Outcome {
        match kinds.into_iter().any(|k| k.misses_answer(command)) {
            true => Outcome::Partial,
            false => Outcome::Done,
        }
    }

    /// [`Outcome::from_kinds`] of the warnings a command shows.
    pub fn from_warnings(command: &str, warnings: &[Warning]) -> Outcome {
        Outcome::from_kinds(command, warnings.iter().map(|w| w.kind))
    }
}

/// Where a command's output goes and how tables are to look there.
pub struct Run {
    /// Stdout or the `--output` file.
    pub out: Output,
    /// Width, colour, path style of tables.
    pub term: Term,
    /// Wrap prose lines at this width (table output with a width only).
    pub fit: Option<usize>,
    /// The command (its row of the exit-code table).
    pub command: &'static str,
}

/// Renders to stdout or `--output` and maps the warnings the command shows
/// to its outcome.
pub fn emit(
    run: Run,
    warnings: &[Warning],
    render: impl FnOnce(&Term, &mut dyn Write) -> std::io::Result<()>,
) -> Result<Outcome, Error> {
    let Run {
        mut out,
        term,
        fit,
        command,
    } = run;
    let written = match fit {
        // Tables: every line fits the width (prose wraps at words).
        Some(w) => render(&term, &mut term::Fit::new(out.writer(), w)),
        None => render(&term, out.writer()),
    };
    written.map_err(|e| out.error(e))?;
    out.finish()?;
    Ok(Outcome::from_warnings(command, warnings))
}

/// CSV has no place for warnings: their footer goes to stderr (unless
/// `--quiet`), so a piped CSV stays clean and the person still sees it.
pub fn csv_footer(settings: &Settings, (warnings, omitted): (&[Warning], &Omitted)) {
    if !settings.quiet {
        let _ = render::table::warning_footer(
            settings.command,
            (warnings, omitted),
            &mut std::io::stderr(),
        );
    }
}

/// A `{schema, rows}` document: JSON rows, CSV by the document's columns,
/// or the command's table.
pub fn emit_rows<T: Serialize>(
    run: Run,
    settings: &Settings,
    (warnings, omitted): (&[Warning], &Omitted),
    (schema, cols, rows): (&str, &[Column<T>], &[T]),
    table: impl FnOnce(&Term, &mut dyn Write) -> std::io::Result<()>,
) -> Result<Outcome, Error> {
    if settings.format == OutputFormat::Csv {
        csv_footer(settings, (warnings, omitted));
    }
    emit(run, warnings, |t, w| match settings.format {
        OutputFormat::Json => render::json::rows(schema, rows, (warnings, omitted), w),
        OutputFormat::Csv => render::csv::columns(cols, rows, w),
        _ => table(t, w),
    })
}

/// `--format paths`: absolute paths (exact bytes), each ended by a newline
/// or, with `-0`, a NUL; `None` between groups (a blank line, or nothing
/// with `-0`: groups are in the JSON).
pub fn emit_paths(
    run: Run,
    settings: &Settings,
    warnings: &[Warning],
    paths: impl Iterator<Item = Option<PathBuf>>,
) -> Result<Outcome, Error> {
    use std::os::unix::ffi::OsStrExt;
    let end: &[u8] = if settings.print0 { b"\0" } else { b"\n" };
    let run = Run { fit: None, ..run };
    emit(run, warnings, |_, w| {
        let mut buf = std::io::BufWriter::new(w);
        for p in paths {
            match p {
                Some(p) => {
                    buf.write_all(p.as_os_str().as_bytes())?;
                    buf.write_all(end)?;
                }
                None if !settings.print0 => buf.write_all(b"\n")?,
                None => {}
            }
        }
        buf.flush()
    })
}
