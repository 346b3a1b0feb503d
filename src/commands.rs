//! Runs a parsed command line: scan, render, write.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::cli::{Cli, Command, Common, OutputFormat};
use crate::output::Output;
use crate::render;
use crate::scan::{scan, Scan, ScanOptions};
use crate::Error;

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
    match cli.command {
        Command::Scan(a) => {
            let s = scan_with_progress(&a.common, argv)?;
            let mut out = Output::open(a.common.output.as_deref(), Some(&s.layout.root))?;
            let w = out.writer();
            let res = match a.common.format {
                OutputFormat::Table => render::table::scan(&s.inventory, w),
                OutputFormat::Json => render::json::write(&s.inventory, w),
                OutputFormat::Csv => render::csv::files(&s.inventory, w),
            };
            res.map_err(|e| Error::io(&PathBuf::from("<output>"), e))?;
            out.finish()?;
            Ok(outcome(&s))
        }
    }
}

fn outcome(s: &Scan) -> Outcome {
    if s.inventory.has_unreadable() {
        Outcome::Partial
    } else {
        Outcome::Done
    }
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

/// Scans with a spinner on stderr when stderr is a terminal.
pub fn scan_with_progress(c: &Common, argv: Vec<String>) -> Result<Scan, Error> {
    let path = scan_path(c)?;
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
    let res = scan(&path, &ScanOptions { threads: c.threads }, argv, &counter);
    done.store(true, Ordering::Relaxed);
    if let Some(t) = ticker {
        let _ = t.join();
    }
    res
}
