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
    let (out, mut s) = scan_with_progress(&c, argv, Some(table_keep))?;
    let (mut rows, files, warnings) = settings::read_all(&s.inventory, &s.layout);
    s.inventory.warnings.extend(warnings);
    if let Some(an) = anonymizer(&c, &s.inventory) {
        an.config(&mut rows);
    }
    emit_rows(
        out,
        &c,
        &s,
        "wxinspect.config/1",
        &columns::config(),
        &rows,
        |w| table::config(&rows, files, w),
    )
}
