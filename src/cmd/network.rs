//! `wxinspect network`: hosts from caches, cookie jars, storages and
//! settings, with owner and role; with `--resolve`, where each name
//! points (sent to a DNS resolver, said once on stderr).

use super::emit::{csv_footer, emit};
use super::{anonymizer, scan_keeping, Outcome, Settings};
use crate::cli::OutputFormat;
use crate::inspect::network::{Collector, MMTLS_NOTE};
use crate::inspect::resolve::Plan;
use crate::model::{Host, Warning};
use crate::render::{self, columns};
use crate::scan::table_keep;
use crate::Error;

/// Runs `network`.
pub fn run(settings: &Settings) -> Result<Outcome, Error> {
    let (out, mut scan) = scan_keeping(settings, Some(table_keep))?;
    if let Some(an) = anonymizer(settings, &scan) {
        an.inventory(&mut scan.inventory);
    }
    let mut warnings = scan.inventory.warnings_about(Collector::wants);
    let resolvers = resolve(settings, &mut scan.inventory.network.hosts, &mut warnings)?;
    let net = &scan.inventory.network;
    if settings.format == OutputFormat::Csv {
        csv_footer(settings, (&warnings, &scan.inventory.warnings_omitted));
    }
    emit(out, &warnings, |t, w| match settings.format {
        OutputFormat::Json => {
            let mut doc = serde_json::json!({
                "schema": "wxinspect.network/1",
                "rows": net.hosts,
                "cookies": net.cookies,
                "files": net.files,
                "note": MMTLS_NOTE,
                "warnings": warnings,
                "warnings_omitted": scan.inventory.warnings_omitted,
            });
            if let Some(r) = &resolvers {
                doc["resolvers"] = serde_json::json!(r);
            }
            render::json::write(&doc, w)
        }
        OutputFormat::Csv if resolvers.is_some() => {
            render::csv::columns(&render::resolve::hosts_resolved(), &net.hosts, w)
        }
        OutputFormat::Csv => render::csv::columns(&columns::hosts(), &net.hosts, w),
        _ => render::table::network(t, net, (&warnings, &scan.inventory.warnings_omitted), w),
    })
}

/// `--resolve`: says on stderr what is sent where (unless `--quiet`),
/// resolves every host, adds the failures to `warnings`. The resolvers
/// asked, or `None` without `--resolve` (then nothing is sent).
pub fn resolve(
    settings: &Settings,
    hosts: &mut [Host],
    warnings: &mut Vec<Warning>,
) -> Result<Option<Vec<String>>, Error> {
    let Some(opts) = &settings.resolve else {
        return Ok(None);
    };
    let plan = Plan::new(opts)?;
    if !settings.quiet {
        eprintln!("{}", plan.notice(hosts.len()));
    }
    if !hosts.is_empty() {
        warnings.extend(plan.run(hosts)?);
    }
    Ok(Some(plan.resolvers()))
}
