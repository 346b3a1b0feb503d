//! `wxinspect system`: what macOS itself records about WeChat (TCC,
//! quarantine events, Notification Center, networkd), read at a root and
//! its homes; also the report's "What macOS records about WeChat".

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::emit::{emit, Run};
use super::output::Output;
use super::{Outcome, Settings};
use crate::cli::{OutputFormat, SystemPlaces};
use crate::inspect::system::{self, sources::Places};
use crate::model::system::SystemReport;
use crate::render;
use crate::Error;

/// The root and home to read: `--root` and `--home`; on macOS `/` and
/// `$HOME` (or `report_path`, the report's PATH) when neither is given;
/// `--root` alone reads every home in `ROOT/Users`. Elsewhere `--root` is
/// needed: this machine's own `/` is not a Mac's.
pub fn places(at: &SystemPlaces, report_path: Option<&Path>) -> Result<Places, Error> {
    let on_mac = cfg!(target_os = "macos");
    let root = match &at.root {
        Some(r) => r.clone(),
        None if on_mac => PathBuf::from("/"),
        None => {
            return Err(Error::Usage(
                "macOS's own databases are on a Mac: give --root (a mounted image or a copy) \
                 and --home, e.g. wxinspect system --root copy --home copy/Users/alice"
                    .into(),
            ))
        }
    };
    let home = match (&at.home, &at.root) {
        (Some(h), _) => Some(h.clone()),
        (None, None) => report_path
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("HOME").map(PathBuf::from)),
        (None, Some(_)) => None,
    };
    for dir in std::iter::once(&root).chain(home.as_ref()) {
        let meta = std::fs::metadata(dir).map_err(|e| Error::io(dir, e))?;
        if !meta.is_dir() {
            return Err(Error::Usage(format!("{} is not a folder", dir.display())));
        }
    }
    let root = crate::fsio::absolute(&root).map_err(|e| Error::io(&root, e))?;
    let home = match home {
        Some(h) => Some(crate::fsio::absolute(&h).map_err(|e| Error::io(&h, e))?),
        None => None,
    };
    Ok(Places::new(&root, home.as_deref()))
}

/// `--max-db-copy`, or its default.
pub fn max_copy(settings: &Settings) -> u64 {
    match settings.max_db_copy {
        0 => crate::formats::sqlite::DEFAULT_MAX_COPY,
        n => n,
    }
}

/// Reads the document, anonymized when the settings ask.
pub fn read(settings: &Settings, places: &Places) -> SystemReport {
    let mut doc = system::read(places, max_copy(settings));
    if let Some(spec) = &settings.anonymize {
        crate::analyze::system::anonymize(&spec.without_layout(), &mut doc);
    }
    doc
}

/// Runs `system`.
pub fn run(settings: &Settings, at: &SystemPlaces) -> Result<Outcome, Error> {
    let places = places(at, None)?;
    // `--output` may not land in what is read: the root (unless it is `/`,
    // which holds everything) or else the one home.
    let inspected = match places.root.as_path() == Path::new("/") {
        false => Some(places.root.clone()),
        true => places.homes.first().map(|h| h.abs.clone()),
    };
    let out = Output::open(settings.output(), inspected.as_deref())?;
    let to_tty = out.is_stdout() && std::io::stdout().is_terminal();
    let term = settings.term(to_tty);
    let fit = term
        .width
        .filter(|_| settings.format == OutputFormat::Table);
    let doc = read(settings, &places);
    let omitted = Default::default();
    let run = Run {
        out,
        term,
        fit,
        command: settings.command,
    };
    emit(run, &doc.warnings, |t, w| match settings.format {
        OutputFormat::Json => render::json::write(&doc, w),
        _ => render::system::table(t, &doc, &omitted, w),
    })
}
