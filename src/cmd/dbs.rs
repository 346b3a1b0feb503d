//! `wxinspect dbs`: every database, encrypted or not.

use super::emit::emit_rows;
use super::{anonymizer, scan_keeping, Outcome, Settings};
use crate::render::{columns, table};
use crate::scan::table_keep;
use crate::Error;

/// Runs `dbs`.
pub fn run(settings: &Settings) -> Result<Outcome, Error> {
    let (out, mut scan) = scan_keeping(settings, Some(table_keep))?;
    if let Some(an) = anonymizer(settings, &scan) {
        an.inventory(&mut scan.inventory);
    }
    let warnings = scan
        .inventory
        .warnings_about(|f| f.format.is_database() || f.path.ends_with("-wal"));
    let rows = &scan.inventory.databases;
    let doc = ("wxinspect.dbs/1", &columns::dbs()[..], &rows[..]);
    emit_rows(
        out,
        settings,
        (&warnings, &scan.inventory.warnings_omitted),
        doc,
        |t, w| table::dbs(t, rows, (&warnings, &scan.inventory.warnings_omitted), w),
    )
}
