//! One runner per command (`scan.rs`, `media.rs`, …) and what they share:
//! the scan with its progress display, pseudonyms, and writing a document
//! to stdout or `--output` in the format asked for.

pub mod output;

mod browse;
mod config;
mod dbs;
mod diff;
mod docs;
mod dupes;
mod explain;
mod media;
mod network;
mod report;
mod scan;
mod watch;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::analyze::anonymize::Anonymizer;
use crate::cli::{Cli, ColorWhen, Command, Common, OutputFormat, TermArgs};
use crate::model::{FileEntry, Inventory, Warning};
use crate::render;
use crate::render::columns::Column;
use crate::render::term::{self, Term};
use crate::scan::{Hashing, Scan, ScanOptions};
use crate::scratch;
use crate::walk::Progress;
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
    // `--threads`: the CPU workers of everything not bound by reads.
    let threads = match &cli.command {
        Command::Scan(a) => a.common.threads,
        Command::Media(a) => a.common.threads,
        Command::Dupes(a) => a.common.threads,
        Command::Watch(a) => a.common.threads,
        Command::Report(a) => a.common.threads,
        Command::Dbs(c) | Command::Network(c) | Command::Config(c) | Command::Browse(c) => {
            c.threads
        }
        _ => 0,
    };
    if threads > 0 {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
    }
    // Ctrl-C, SIGTERM, SIGHUP: remove our private copies, then exit.
    scratch::install_signal_handler().map_err(|e| Error::io(Path::new("<signals>"), e))?;
    for left in scratch::sweep_stale() {
        eprintln!(
            "wxinspect: removed {}, a private database copy an earlier run could not clean up",
            left.display()
        );
    }
    match cli.command {
        Command::Scan(a) if a.common.format == OutputFormat::Ndjson => {
            check_paths(&a.common, "scan")?;
            scan_ndjson(&a.common, a.hash, argv)
        }
        Command::Scan(a) => scan::run(a, argv),
        Command::Media(a) => media::run(a, argv),
        Command::Dbs(c) => dbs::run(c, argv),
        Command::Network(c) => network::run(c, argv),
        Command::Config(c) => config::run(c, argv),
        Command::Browse(c) => browse::run(c, argv),
        Command::Watch(a) => watch::run(a),
        Command::Dupes(a) => dupes::run(a, argv),
        Command::Report(a) => report::run(a, argv),
        Command::Diff(a) => diff::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Completions { shell } => docs::completions(shell),
        Command::Man { out } => docs::man(out.as_deref()),
    }
}

/// Runs hashing work (`dupes`, `--hash`) with the I/O depth's workers:
/// on a cold cache the reads, not the SHA-256, set the pace.
fn with_io_pool<R: Send>(c: &Common, f: impl FnOnce() -> R + Send) -> R {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(crate::walk::io_depth(c.io_depth))
        .build()
    {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
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

/// Refuses a format the command has no form for: Markdown is for
/// `report`, `scan` and `diff`; paths for `scan`, `media` and `dupes`, and
/// never with `--anonymize` (real paths are the point of it).
fn no_markdown(c: &Common, cmd: &str) -> Result<(), Error> {
    if c.format == OutputFormat::Markdown {
        return Err(Error::Usage(format!(
            "--format markdown is for `report`, `scan` and `diff`; `{cmd}` writes table, json or csv"
        )));
    }
    check_paths(c, cmd)
}

/// Refuses `--format paths` where it has no meaning or with `--anonymize`,
/// and `--format ndjson` anywhere but `scan`.
fn check_paths(c: &Common, cmd: &str) -> Result<(), Error> {
    if c.format == OutputFormat::Ndjson && cmd != "scan" {
        return Err(Error::Usage(format!(
            "--format ndjson is for `scan`; `{cmd}` writes table, json or csv"
        )));
    }
    if c.format == OutputFormat::Paths {
        if !matches!(cmd, "scan" | "media" | "dupes") {
            return Err(Error::Usage(format!(
                "--format paths is for `scan`, `media` and `dupes`; `{cmd}` writes table, json or csv"
            )));
        }
        if c.anonymize || c.anonymize_key.is_some() {
            return Err(Error::Usage(
                "--format paths prints real paths, for xargs or Finder: it cannot be anonymized; \
                 use --format json --anonymize to share"
                    .into(),
            ));
        }
    }
    Ok(())
}

/// `--format paths`: absolute paths (exact bytes), each ended by a newline
/// or, with `-0`, a NUL; `None` between groups (a blank line, or nothing
/// with `-0`: groups are in the JSON).
fn emit_paths(
    run: Run,
    c: &Common,
    warnings: &[Warning],
    paths: impl Iterator<Item = Option<PathBuf>>,
) -> Result<Outcome, Error> {
    use std::os::unix::ffi::OsStrExt;
    let end: &[u8] = if c.print0 { b"\0" } else { b"\n" };
    let Run { mut out, .. } = run;
    let w = out.writer();
    let write = || -> std::io::Result<()> {
        let mut buf = std::io::BufWriter::new(&mut *w);
        for p in paths {
            match p {
                Some(p) => {
                    buf.write_all(p.as_os_str().as_bytes())?;
                    buf.write_all(end)?;
                }
                None if !c.print0 => buf.write_all(b"\n")?,
                None => {}
            }
        }
        buf.flush()
    };
    write().map_err(|e| Error::io(Path::new("<output>"), e))?;
    emit(
        Run {
            out,
            term: Term::default(),
            fit: None,
        },
        warnings,
        |_| Ok(()),
    )
}

/// Renders to stdout or `--output` (opened before the scan by
/// [`scan_with_progress`]; renamed into place now) and maps the outcome.
///
/// The exit code follows the warnings the command shows: 2 when something
/// it reports on was not read.
fn emit(
    out: Run,
    warnings: &[Warning],
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Outcome, Error> {
    let Run { mut out, term, fit } = out;
    term::scoped(term, || match fit {
        // Tables: every line fits the width (prose wraps at words).
        Some(w) => render(&mut term::Fit::new(out.writer(), w)),
        None => render(out.writer()),
    })
    .map_err(|e| Error::io(Path::new("<output>"), e))?;
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
    out: Run,
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

/// Where a command's output goes and how tables are to look there.
pub struct Run {
    /// Stdout or the `--output` file.
    pub out: Output,
    /// Width, colour, path style of tables.
    pub term: Term,
    /// Wrap prose lines at this width (table output with a width only).
    pub fit: Option<usize>,
}

/// The table settings a command line asks for, for output to stdout
/// (`to_tty`: stdout is a terminal) or to a file. Width: `--width`, else
/// the terminal's, else `$COLUMNS`, else none (unwrapped). Colour:
/// `--color always|never`, else `NO_COLOR` (off), else `CLICOLOR_FORCE`
/// (on), else on a terminal only.
pub fn term_for(c: &TermArgs, to_tty: bool) -> Term {
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    let width = c
        .width
        .or_else(|| {
            to_tty
                .then(terminal_size::terminal_size)
                .flatten()
                .map(|(w, _)| usize::from(w.0))
        })
        .or_else(|| env("COLUMNS").and_then(|v| v.to_str()?.trim().parse().ok()))
        .filter(|w| *w >= 20);
    let color = match c.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto if env("NO_COLOR").is_some() => false,
        ColorWhen::Auto if env("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
        ColorWhen::Auto => to_tty,
    };
    Term {
        width,
        color,
        full_paths: c.full_paths,
        prefixes: Vec::new(),
    }
}

/// Opens the output, then scans with a spinner on stderr when stderr is a
/// terminal. The output comes first: a destination inside the tree or
/// unwritable fails before a long scan, and its temp file is registered
/// for removal should the run be interrupted.
pub fn scan_with_progress(
    c: &Common,
    argv: Vec<String>,
    keep: Option<fn(&FileEntry) -> bool>,
) -> Result<(Run, Scan), Error> {
    let opts = ScanOptions {
        keep,
        ..scan_options(c)
    };
    scan_with(c, argv, opts)
}

/// [`scan_with_progress`] with every scan setting given.
pub fn scan_with(c: &Common, argv: Vec<String>, opts: ScanOptions) -> Result<(Run, Scan), Error> {
    let path = scan_path(c)?;
    let out = Output::open(c.output.as_deref(), Some(&path))?;
    let to_tty = out.is_stdout() && std::io::stdout().is_terminal();
    let s = scan_progress(c, &path, argv, opts, None)?;
    let mut term = term_for(&c.term, to_tty);
    // Paths in tables are shown below their account folder, else below
    // their location: the deepest folder that holds them wins.
    term.prefixes = s
        .inventory
        .accounts
        .iter()
        .map(|a| a.path.clone())
        .chain(s.inventory.locations.iter().map(|l| l.path.clone()))
        .collect();
    let fit = term.width.filter(|_| c.format == OutputFormat::Table);
    Ok((Run { out, term, fit }, s))
}

/// Scans `path` with a spinner on stderr (files and bytes) when stderr is
/// a terminal, telling `stream` about every file.
fn scan_progress(
    c: &Common,
    path: &Path,
    argv: Vec<String>,
    opts: ScanOptions,
    stream: Option<&dyn crate::scan::Stream>,
) -> Result<Scan, Error> {
    let counter = Arc::new(Progress::default());
    let show = !c.quiet && !c.no_progress && std::io::stderr().is_terminal();
    let done = Arc::new(AtomicBool::new(false));
    let ticker = show.then(|| {
        let (counter, done) = (counter.clone(), done.clone());
        std::thread::spawn(move || {
            let pb = indicatif::ProgressBar::new_spinner();
            pb.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            while !done.load(Ordering::Relaxed) {
                pb.set_message(format!(
                    "scanning: {} files, {}",
                    counter.files.load(Ordering::Relaxed),
                    render::human_bytes(counter.bytes.load(Ordering::Relaxed))
                ));
                pb.tick();
                std::thread::sleep(Duration::from_millis(100));
            }
            pb.finish_and_clear();
        })
    });
    let res = crate::scan::scan_streaming(path, &opts, argv, &counter, stream);
    done.store(true, Ordering::Relaxed);
    if let Some(t) = ticker {
        let _ = t.join();
    }
    res
}

/// `--hash` (when `on`) as the walk takes it.
pub fn hash_every(c: &Common, on: bool) -> Hashing {
    match on {
        true => Hashing::Every {
            max_size: c.max_hash_size,
        },
        false => Hashing::Off,
    }
}

/// The scan for `dupes` (and the report's duplicates): small files whose
/// size repeats are hashed while the walk has them open.
pub fn scan_for_dupes(c: &Common, argv: Vec<String>) -> Result<(Run, Scan), Error> {
    let opts = ScanOptions {
        hash: Hashing::RepeatedSmall {
            max_size: c.max_hash_size,
        },
        ..scan_options(c)
    };
    scan_with(c, argv, opts)
}

/// The scan settings the common flags ask for.
pub fn scan_options(c: &Common) -> ScanOptions {
    ScanOptions {
        io_depth: c.io_depth,
        max_db_copy: c.max_db_copy.unwrap_or(0),
        ..Default::default()
    }
}

/// `scan --format ndjson`: lines written as the walk produces them; only
/// the records the tables need are kept (memory constant in the files).
fn scan_ndjson(c: &Common, hash: bool, argv: Vec<String>) -> Result<Outcome, Error> {
    let path = scan_path(c)?;
    let mut out = Output::open(c.output.as_deref(), Some(&path))?;
    let anonymize = (c.anonymize || c.anonymize_key.is_some()).then(|| c.anonymize_key.clone());
    let given = |p: &Option<PathBuf>| {
        p.as_ref()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let args = vec![
        (given(&c.path), "<root>".to_string()),
        (given(&c.output), "<output>".to_string()),
    ];
    let s = {
        let stream =
            render::ndjson::NdjsonStream::new(out.writer_send(), argv.clone(), anonymize, args);
        let opts = ScanOptions {
            keep: Some(crate::scan::table_keep),
            hash: hash_every(c, hash),
            ..scan_options(c)
        };
        let s = scan_progress(c, &path, argv, opts, Some(&stream))?;
        stream
            .finish(&s.inventory)
            .map_err(|e| Error::io(Path::new("<output>"), e))?;
        s
    };
    out.finish()?;
    Ok(if s.inventory.has_unreadable() {
        Outcome::Partial
    } else {
        Outcome::Done
    })
}
