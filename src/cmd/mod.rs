//! One runner per command (`scan.rs`, `media.rs`, …) and what they share:
//! the scan with its progress display, pseudonyms, and writing a document
//! to stdout or `--output` in the format asked for.

pub mod output;

mod config;
mod dbs;
mod diff;
mod dupes;
mod explain;
mod media;
mod network;
mod report;
mod scan;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::analyze::anonymize::Anonymizer;
use crate::cli::{Cli, Command, Common, OutputFormat};
use crate::model::{FileEntry, Inventory, Warning};
use crate::render;
use crate::render::columns::Column;
use crate::scan::{Scan, ScanOptions};
use crate::scratch;
use crate::Error;
use output::Output;

/// How a command ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was read.
    Done,
    /// Done, but some entries could not be read (exit 2).
    Partial,
}

/// Runs `cli`; `argv` is recorded in the inventory's `command`.
pub fn run(cli: Cli, argv: Vec<String>) -> Result<Outcome, Error> {
    // Ctrl-C, SIGTERM, SIGHUP: remove our private copies, then exit.
    scratch::install_signal_handler().map_err(|e| Error::io(Path::new("<signals>"), e))?;
    for left in scratch::sweep_stale() {
        eprintln!(
            "wxinspect: removed {}, a private database copy an earlier run could not clean up",
            left.display()
        );
    }
    match cli.command {
        Command::Scan(a) => scan::run(a, argv),
        Command::Media(a) => media::run(a, argv),
        Command::Dbs(c) => dbs::run(c, argv),
        Command::Network(c) => network::run(c, argv),
        Command::Config(c) => config::run(c, argv),
        Command::Dupes(a) => dupes::run(a, argv),
        Command::Report(a) => report::run(a, argv),
        Command::Diff(a) => diff::run(a),
        Command::Explain(a) => explain::run(a),
    }
}

/// The anonymizer a command line asks for: the PATH and `--output` as
/// given become `<root>` and `<output>` wherever they appear.
fn anonymizer(c: &Common, inv: &Inventory) -> Option<Anonymizer> {
    let given = |p: &Option<PathBuf>| {
        p.as_ref()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let (path, output) = (given(&c.path), given(&c.output));
    (c.anonymize || c.anonymize_key.is_some()).then(|| {
        Anonymizer::new(c.anonymize_key.as_deref(), inv)
            .with_args(&[(&path, "<root>"), (&output, "<output>")])
    })
}

/// Refuses `--format markdown` for a command that has no Markdown form.
fn no_markdown(c: &Common, cmd: &str) -> Result<(), Error> {
    if c.format == OutputFormat::Markdown {
        return Err(Error::Usage(format!(
            "--format markdown is for `report`, `scan` and `diff`; `{cmd}` writes table, json or csv"
        )));
    }
    Ok(())
}

/// Renders to stdout or `--output` (opened before the scan by
/// [`scan_with_progress`]; renamed into place now) and maps the outcome.
///
/// The exit code follows the warnings the command shows: 2 when something
/// it reports on was not read.
fn emit(
    mut out: Output,
    warnings: &[Warning],
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Outcome, Error> {
    render(out.writer()).map_err(|e| Error::io(Path::new("<output>"), e))?;
    out.finish()?;
    Ok(if warnings.iter().any(|w| w.kind.is_unreadable()) {
        Outcome::Partial
    } else {
        Outcome::Done
    })
}

/// CSV has no place for warnings: their footer goes to stderr (unless
/// `--quiet`), so a piped CSV stays clean and the person still sees it.
fn csv_footer(c: &Common, warnings: &[Warning]) {
    if !c.quiet {
        let _ = render::table::warning_footer(warnings, &mut std::io::stderr());
    }
}

/// A `{schema, rows}` document: JSON rows, CSV by the document's columns,
/// or the command's table.
fn emit_rows<T: Serialize>(
    out: Output,
    c: &Common,
    warnings: &[Warning],
    schema: &str,
    cols: &[Column<T>],
    rows: &[T],
    table: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Outcome, Error> {
    if c.format == OutputFormat::Csv {
        csv_footer(c, warnings);
    }
    emit(out, warnings, |w| match c.format {
        OutputFormat::Json => render::json::rows(schema, rows, warnings, w),
        OutputFormat::Csv => render::csv::columns(cols, rows, w),
        _ => table(w),
    })
}

/// The PATH to scan: the argument, or on macOS the home folder.
pub fn scan_path(c: &Common) -> Result<PathBuf, Error> {
    if let Some(p) = &c.path {
        return Ok(p.clone());
    }
    if cfg!(target_os = "macos") {
        if let Some(home) = std::env::var_os("HOME") {
            return Ok(PathBuf::from(home));
        }
    }
    Err(Error::Usage(
        "no PATH given, and the default ($HOME's WeChat folders) exists only on macOS; \
         try: wxinspect scan sample-data/home"
            .into(),
    ))
}

/// Opens the output, then scans with a spinner on stderr when stderr is a
/// terminal. The output comes first: a destination inside the tree or
/// unwritable fails before a long scan, and its temp file is registered
/// for removal should the run be interrupted.
pub fn scan_with_progress(
    c: &Common,
    argv: Vec<String>,
    keep: Option<fn(&FileEntry) -> bool>,
) -> Result<(Output, Scan), Error> {
    let path = scan_path(c)?;
    let out = Output::open(c.output.as_deref(), Some(&path))?;
    let counter = Arc::new(AtomicU64::new(0));
    let show = !c.quiet && !c.no_progress && std::io::stderr().is_terminal();
    let done = Arc::new(AtomicBool::new(false));
    let ticker = show.then(|| {
        let (counter, done) = (counter.clone(), done.clone());
        std::thread::spawn(move || {
            let pb = indicatif::ProgressBar::new_spinner();
            pb.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            while !done.load(Ordering::Relaxed) {
                pb.set_message(format!(
                    "scanning: {} files",
                    counter.load(Ordering::Relaxed)
                ));
                pb.tick();
                std::thread::sleep(Duration::from_millis(100));
            }
            pb.finish_and_clear();
        })
    });
    let opts = ScanOptions {
        threads: c.threads,
        max_db_copy: c.max_db_copy.unwrap_or(0),
        before_open: None,
        keep,
    };
    let res = crate::scan::scan(&path, &opts, argv, &counter);
    done.store(true, Ordering::Relaxed);
    if let Some(t) = ticker {
        let _ = t.join();
    }
    Ok((out, res?))
}
