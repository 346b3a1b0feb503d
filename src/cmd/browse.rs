//! `wxinspect browse`: the interactive explorer (the terminal work is in
//! `crate::browse`).

use super::{scan_options, scan_path, Outcome};
use crate::cli::{Common, OutputFormat};
use crate::Error;

/// Runs `browse`.
pub fn run(c: Common, argv: Vec<String>) -> Result<Outcome, Error> {
    if c.format != OutputFormat::Table || c.output.is_some() {
        return Err(Error::Usage(
            "browse is interactive: it takes no --format or --output; \
             for a document use `wxinspect scan --format json` or `wxinspect report`"
                .into(),
        ));
    }
    let path = scan_path(&c)?;
    let opts = scan_options(&c);
    let anonymize = (c.anonymize || c.anonymize_key.is_some()).then(|| c.anonymize_key.clone());
    crate::browse::run(&path, &opts, anonymize, argv)?;
    Ok(Outcome::Done)
}
