//! `wxinspect browse`: the interactive explorer (the terminal work is in
//! `crate::browse`).

use super::{scan_options, Outcome, Settings};
use crate::Error;

/// Runs `browse` (its flags were checked with the settings).
pub fn run(settings: &Settings) -> Result<Outcome, Error> {
    let path = settings.scan_path()?;
    crate::browse::run(
        &path,
        &scan_options(settings),
        settings.anonymize.clone(),
        settings.argv.clone(),
    )?;
    Ok(Outcome::Done)
}
