//! `wxinspect explain FILE…`: why each file is what it is.

use std::path::PathBuf;

use super::{Outcome, Settings};
use crate::classify::explain::explain_in;
use crate::classify::rules::RuleSet;
use crate::cli::OutputFormat;
use crate::render;
use crate::Error;

/// Runs `explain`: every file it can, a message for each it cannot.
/// With `--anonymize`, each answer passes through the anonymizer of the
/// layout it was explained in; so do the messages.
pub fn run(settings: &Settings, paths: &[PathBuf], verbose: bool) -> Result<Outcome, Error> {
    let rules = RuleSet::new();
    let mut done = Vec::new();
    let mut failed = false;
    for p in paths {
        match explain_in(p, &rules) {
            Ok((mut e, layout)) => {
                if let Some(spec) = &settings.anonymize {
                    spec.for_layout(&layout).explanation(&mut e);
                }
                done.push(e)
            }
            Err(e) => {
                let message = e.to_string();
                let message = match &settings.anonymize {
                    Some(spec) => spec.without_layout().text(&message),
                    None => message,
                };
                eprintln!("wxinspect: {message}");
                failed = true;
            }
        }
    }
    if done.is_empty() {
        // Each failure was said on its own line.
        return Ok(Outcome::Failed);
    }
    let mut out = std::io::stdout();
    match settings.format {
        OutputFormat::Json => render::json::write(
            &serde_json::json!({"schema": "wxinspect.explain/1", "files": done}),
            &mut out,
        ),
        _ => render::explain::explain(&done, verbose, &mut out),
    }
    .map_err(Error::stdout)?;
    Ok(if failed {
        Outcome::Partial
    } else {
        Outcome::Done
    })
}
