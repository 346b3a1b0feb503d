//! `wxinspect network`: hosts from caches, cookie jars, storages and
//! settings, with owner and role.

use super::emit::{csv_footer, emit};
use super::{anonymizer, scan_keeping, Outcome, Settings};
use crate::cli::OutputFormat;
use crate::inspect::network::{Collector, MMTLS_NOTE};
use crate::render::{self, columns};
use crate::scan::table_keep;
use crate::Error;

/// Runs `network`.
pub fn run(settings: &Settings) -> Result<Outcome, Error> {
    let (out, mut scan) = scan_keeping(settings, Some(table_keep))?;
    if let Some(an) = anonymizer(settings, &scan) {
        an.inventory(&mut scan.inventory);
    }
    let warnings = scan.inventory.warnings_about(Collector::wants);
    let net = &scan.inventory.network;
    if settings.format == OutputFormat::Csv {
        csv_footer(settings, (&warnings, &scan.inventory.warnings_omitted));
    }
    emit(out, &warnings, |t, w| match settings.format {
        OutputFormat::Json => render::json::write(
            &serde_json::json!({
                "schema": "wxinspect.network/1",
                "rows": net.hosts,
                "cookies": net.cookies,
                "files": net.files,
                "note": MMTLS_NOTE,
                "warnings": warnings,
                "warnings_omitted": scan.inventory.warnings_omitted,
            }),
            w,
        ),
        OutputFormat::Csv => render::csv::columns(&columns::hosts(), &net.hosts, w),
        _ => render::table::network(t, net, (&warnings, &scan.inventory.warnings_omitted), w),
    })
}
