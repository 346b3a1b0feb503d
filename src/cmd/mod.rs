//! One runner per command (`scan.rs`, `media.rs`, …) and what they share:
//! the command line made into [`Settings`] once (`settings.rs`), the scan
//! with its progress display (`progress.rs`), the anonymizer, and writing a
//! document to stdout or `--output` (`emit.rs`, `output.rs`).

pub mod output;
pub mod settings;

mod browse;
mod config;
mod dbs;
mod diff;
mod docs;
mod dupes;
mod emit;
mod explain;
mod ids;
mod media;
mod ncdu;
mod network;
mod progress;
mod reclaim;
mod report;
mod scan;
mod system;
mod watch;

use std::io::IsTerminal;

use crate::analyze::anonymize::Anonymizer;
use crate::cli::{Cli, Command, OutputFormat};
use crate::scan::{Hashing, Scan, ScanOptions};
use crate::scratch;
use crate::Error;
pub use emit::Outcome;
use emit::Run;
use output::Output;
pub use settings::Settings;

/// Runs `cli`; `argv` is recorded in the inventory's `command`.
pub fn run(cli: Cli, argv: Vec<String>) -> Result<Outcome, Error> {
    let scanning = |name, c| Settings::scanning(name, c, argv.clone());
    let resolved = match &cli.command {
        Command::Scan(a) => Some(scanning("scan", &a.common)?),
        Command::Media(a) => Some(scanning("media", &a.common)?),
        Command::Dupes(a) => Some(scanning("dupes", &a.common)?),
        Command::Reclaim(a) => Some(scanning("reclaim", &a.common)?),
        Command::Watch(a) => Some(scanning("watch", &a.common)?),
        Command::Report(a) => Some(scanning("report", &a.common)?.with_resolve(&a.resolve)?),
        Command::Dbs(c) => Some(scanning("dbs", c)?),
        Command::Network(a) => Some(scanning("network", &a.common)?.with_resolve(&a.resolve)?),
        Command::Config(c) => Some(scanning("config", c)?),
        Command::Browse(c) => Some(scanning("browse", c)?),
        Command::Diff(args) => Some(Settings::diff(args, argv.clone())?),
        Command::Explain(args) => Some(Settings::explain(args, argv.clone())?),
        Command::System(args) => Some(Settings::system(args, argv.clone())?),
        _ => None,
    };
    // `--threads`: the CPU workers of everything not bound by reads.
    if let Some(n) = resolved.as_ref().map(|r| r.threads).filter(|n| *n > 0) {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    // Ctrl-C, SIGTERM, SIGHUP: remove our private copies, then exit.
    scratch::install_signal_handler().map_err(|source| Error::Stream {
        what: "the signal handler",
        source,
    })?;
    for left in scratch::sweep_stale() {
        eprintln!(
            "wxinspect: removed {}, a private database copy an earlier run could not clean up",
            left.display()
        );
    }
    let settings = resolved.unwrap_or_else(|| Settings::plain(argv));
    match cli.command {
        Command::Scan(args) if args.common.format == OutputFormat::Ndjson => {
            scan::ndjson(&settings, args.hash)
        }
        Command::Scan(args) if args.common.format == OutputFormat::Ncdu => ncdu::run(&settings),
        Command::Scan(args) => scan::run(&settings, args.hash),
        Command::Media(args) => media::run(&settings, &args),
        Command::Dbs(_) => dbs::run(&settings),
        Command::Network(_) => network::run(&settings),
        Command::Config(_) => config::run(&settings),
        Command::Browse(_) => browse::run(&settings),
        Command::Watch(args) => watch::run(&settings, &args),
        Command::Dupes(args) => dupes::run(&settings, &args),
        Command::Reclaim(args) => reclaim::run(&settings, &args),
        Command::Report(args) => report::run(&settings, &args),
        Command::System(args) => system::run(&settings, &args.places),
        Command::Diff(args) => diff::run(&settings, &args),
        Command::Explain(args) => explain::run(&settings, &args.paths, args.verbose),
        Command::Completions { shell } => docs::completions(shell),
        Command::Man { out } => docs::man(out.as_deref()),
    }
}

/// Runs hashing work (`dupes`, `--hash`) with the I/O depth's workers:
/// on a cold cache the reads, not the SHA-256, set the pace.
fn with_io_pool<R: Send>(settings: &Settings, f: impl FnOnce() -> R + Send) -> R {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(crate::walk::io_depth(settings.io_depth))
        .build()
    {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// The anonymizer the settings ask for, for a finished scan.
fn anonymizer(settings: &Settings, scan: &Scan) -> Option<Anonymizer> {
    settings
        .anonymize
        .as_ref()
        .map(|spec| spec.for_layout(&scan.layout))
}

/// Opens the output, then scans with a spinner on stderr when stderr is a
/// terminal. The output comes first: a destination inside the tree or
/// unwritable fails before a long scan, and its temp file is registered
/// for removal should the run be interrupted.
fn scan_with(settings: &Settings, opts: ScanOptions) -> Result<(Run, Scan), Error> {
    let path = settings.scan_path()?;
    let out = Output::open(settings.output(), Some(&path))?;
    let to_tty = out.is_stdout() && std::io::stdout().is_terminal();
    let show = settings.progress && std::io::stderr().is_terminal();
    let scan = progress::scan(show, &path, settings.argv.clone(), opts, None)?;
    let mut term = settings.term(to_tty);
    // Paths in tables are shown below their account folder, else below
    // their location: the deepest folder that holds them wins.
    term.prefixes = scan
        .inventory
        .accounts
        .iter()
        .map(|account| account.path.clone())
        .chain(scan.inventory.locations.iter().map(|l| l.path.clone()))
        .collect();
    let fit = term
        .width
        .filter(|_| settings.format == OutputFormat::Table);
    let command = settings.command;
    Ok((
        Run {
            out,
            term,
            fit,
            command,
        },
        scan,
    ))
}

/// [`scan_with`] keeping a record only of the files `keep` accepts.
fn scan_keeping(
    settings: &Settings,
    keep: Option<fn(&crate::model::FileEntry) -> bool>,
) -> Result<(Run, Scan), Error> {
    scan_with(
        settings,
        ScanOptions {
            keep,
            ..scan_options(settings)
        },
    )
}

/// The scan for `dupes` (and the report's duplicates): small files whose
/// size repeats are hashed while the walk has them open.
fn scan_for_dupes(settings: &Settings) -> Result<(Run, Scan), Error> {
    let hash = Hashing::RepeatedSmall {
        max_size: settings.max_hash_size,
    };
    scan_with(
        settings,
        ScanOptions {
            hash,
            ..scan_options(settings)
        },
    )
}

/// The scan settings every scanning command shares.
fn scan_options(settings: &Settings) -> ScanOptions {
    ScanOptions {
        io_depth: settings.io_depth,
        max_db_copy: settings.max_db_copy,
        ..Default::default()
    }
}
