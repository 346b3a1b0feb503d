//! `wxinspect config`: settings with secrets redacted.

use super::emit::emit_rows;
use super::{anonymizer, scan_keeping, Outcome, Settings};
use crate::inspect::settings;
use crate::render::{columns, table};
use crate::scan::table_keep;
use crate::Error;

/// Runs `config`.
pub fn run(settings: &Settings) -> Result<Outcome, Error> {
    let (out, scan) = scan_keeping(settings, Some(table_keep))?;
    let (mut rows, files, read_problems) = settings::read_all(&scan.inventory, &scan.layout);
    let mut warnings = scan.inventory.warnings_about(settings::is_settings);
    warnings.extend(read_problems);
    crate::model::warning::dedup(&mut warnings);
    if let Some(an) = anonymizer(settings, &scan) {
        an.config(&mut rows);
        an.warnings(&mut warnings);
    }
    let doc = ("wxinspect.config/1", &columns::config()[..], &rows[..]);
    emit_rows(
        out,
        settings,
        (&warnings, &scan.inventory.warnings_omitted),
        doc,
        |t, w| {
            table::config(t, &rows, files, w)?;
            table::warning_footer("config", (&warnings, &scan.inventory.warnings_omitted), w)
        },
    )
}
