//! `wxinspect config`: settings with secrets redacted.

use super::{anonymizer, emit_rows, no_markdown, scan_with_progress, Outcome};
use crate::cli::Common;
use crate::inspect::settings;
use crate::render::{columns, table};
use crate::scan::table_keep;
use crate::Error;

/// Runs `config`.
pub fn run(c: Common, argv: Vec<String>) -> Result<Outcome, Error> {
    no_markdown(&c, "config")?;
    let (out, s) = scan_with_progress(&c, argv, Some(table_keep))?;
    let (mut rows, files, read_problems) = settings::read_all(&s.inventory, &s.layout);
    let mut warnings = s.inventory.warnings_about(settings::is_settings);
    warnings.extend(read_problems);
    crate::model::warning::dedup(&mut warnings);
    if let Some(an) = anonymizer(&c, &s.inventory) {
        an.config(&mut rows);
        an.warnings(&mut warnings);
    }
    let cols = columns::config();
    emit_rows(
        out,
        &c,
        &warnings,
        "wxinspect.config/1",
        &cols,
        &rows,
        |w| {
            table::config(&rows, files, w)?;
            table::warning_footer(&warnings, w)
        },
    )
}
