//! `wxinspect network`: hosts from caches, cookie jars, storages and
//! settings, with owner and role.

use super::{anonymizer, csv_footer, emit, no_markdown, scan_with_progress, Outcome};
use crate::cli::{Common, OutputFormat};
use crate::inspect::network::{Collector, MMTLS_NOTE};
use crate::render::{self, columns};
use crate::scan::table_keep;
use crate::Error;

/// Runs `network`.
pub fn run(c: Common, argv: Vec<String>) -> Result<Outcome, Error> {
    no_markdown(&c, "network")?;
    let (out, mut s) = scan_with_progress(&c, argv, Some(table_keep))?;
    if let Some(an) = anonymizer(&c, &s.inventory) {
        an.inventory(&mut s.inventory);
    }
    let warnings = s.inventory.warnings_about(Collector::wants);
    let net = &s.inventory.network;
    if c.format == OutputFormat::Csv {
        csv_footer(&c, &warnings);
    }
    emit(out, &warnings, |w| match c.format {
        OutputFormat::Json => render::json::write(
            &serde_json::json!({
                "schema": "wxinspect.network/1",
                "rows": net.hosts,
                "cookies": net.cookies,
                "files": net.files,
                "note": MMTLS_NOTE,
                "warnings": warnings,
            }),
            w,
        ),
        OutputFormat::Csv => render::csv::columns(&columns::hosts(), &net.hosts, w),
        _ => render::table::network(net, &warnings, w),
    })
}
