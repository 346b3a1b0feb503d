//! `scan --format ncdu`: the walked tree as ncdu's JSON export
//! (`render::ncdu`), with every folder's, link's and special entry's own
//! `lstat` recorded by the walk, and the folders between PATH and the
//! walked places stated here.

use std::os::unix::fs::MetadataExt;

use super::emit::emit;
use super::{anonymizer, scan_options, scan_with, Outcome, Settings};
use crate::layout::Layout;
use crate::model::{EntryStat, StatKind};
use crate::render::ncdu::{self, NcduTree};
use crate::scan::ScanOptions;
use crate::Error;

/// Runs `scan --format ncdu`.
pub fn run(settings: &Settings) -> Result<Outcome, Error> {
    let opts = ScanOptions {
        // Every file has a record, but no content is read where the rule
        // decides by place alone: the export needs sizes, not formats.
        keep: Some(|_| true),
        stats: true,
        ..scan_options(settings)
    };
    let (out, mut scan) = scan_with(settings, opts)?;
    scan.stats.extend(between(&scan.layout));
    ncdu::prepare(&mut scan.inventory.files, &mut scan.stats);
    let an = anonymizer(settings, &scan);
    let name = |p: &str| -> String {
        match &an {
            Some(an) => an.path(p).rsplit('/').next().unwrap_or("").to_string(),
            None => p.rsplit('/').next().unwrap_or("").to_string(),
        }
    };
    let tree = NcduTree {
        root: match &an {
            Some(an) => an.root(),
            None => scan.layout.root.to_string_lossy().into_owned(),
        },
        files: &scan.inventory.files,
        stats: &scan.stats,
        name: &name,
        timestamp: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    let warnings = &scan.inventory.warnings;
    emit(out, warnings, |_, w| ncdu::write(&tree, w))
}

/// PATH itself and the folders between it and each walked place, with
/// their own `lstat` (PATH: `stat`, as the walk follows a PATH that is a
/// link).
fn between(layout: &Layout) -> Vec<EntryStat> {
    let mut paths: Vec<String> = vec![String::new()];
    for r in &layout.walk_roots {
        let mut at = String::new();
        let comps: Vec<&str> = r.rel.split('/').filter(|c| !c.is_empty()).collect();
        for c in comps.iter().take(comps.len().saturating_sub(1)) {
            if !at.is_empty() {
                at.push('/');
            }
            at.push_str(c);
            paths.push(at.clone());
        }
    }
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter_map(|p| {
            let abs = layout.root.join(&p);
            let m = match p.is_empty() {
                true => std::fs::metadata(&abs),
                false => std::fs::symlink_metadata(&abs),
            };
            let m = m.ok().filter(|m| m.is_dir())?;
            Some(EntryStat {
                path: p.into(),
                kind: StatKind::Folder,
                size: m.len(),
                allocated: m.blocks().saturating_mul(512),
                dev: m.dev(),
                ino: m.ino(),
                unlisted: false,
            })
        })
        .collect()
}
