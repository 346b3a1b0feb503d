//! `wxinspect dbs`: every database, encrypted or not.

use super::{anonymizer, emit_rows, no_markdown, scan_with_progress, Outcome};
use crate::cli::Common;
use crate::render::{columns, table};
use crate::scan::table_keep;
use crate::Error;

/// Runs `dbs`.
pub fn run(c: Common, argv: Vec<String>) -> Result<Outcome, Error> {
    no_markdown(&c, "dbs")?;
    let (out, mut s) = scan_with_progress(&c, argv, Some(table_keep))?;
    if let Some(an) = anonymizer(&c, &s.inventory) {
        an.inventory(&mut s.inventory);
    }
    let warnings = s
        .inventory
        .warnings_about(|f| f.format.is_database() || f.path.ends_with("-wal"));
    let rows = &s.inventory.databases;
    emit_rows(
        out,
        &c,
        &warnings,
        "wxinspect.dbs/1",
        &columns::dbs(),
        rows,
        |w| table::dbs(rows, &warnings, w),
    )
}
