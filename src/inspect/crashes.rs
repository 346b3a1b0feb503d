//! WeChat's crash reports: counted per version, the newest shown. Only
//! the header of each report is read (`formats::crashreport`).

use std::io::Read;

use crate::formats::crashreport::{self, HEAD};
use crate::fsio::open_no_follow;
use crate::layout::Layout;
use crate::model::{Crashes, FileEntry, Inventory, Kind, LastCrash};

/// A crash report of WeChat by its name (`WeChat-….ips`, `WeChat_….crash`,
/// `.hang`), of kind `crash`.
pub fn is_report(f: &FileEntry) -> bool {
    let name = f.path.name();
    f.kind == Kind::Crash
        && name.starts_with("WeChat")
        && [".ips", ".crash", ".hang"]
            .iter()
            .any(|e| name.ends_with(e))
}

/// Reads the header of every crash report of the inventory.
pub fn build(inv: &Inventory, layout: &Layout) -> Crashes {
    let mut c = Crashes::default();
    let mut newest: Option<(i64, LastCrash)> = None;
    for f in inv.files.iter().filter(|f| is_report(f)) {
        let Ok(file) = open_no_follow(&layout.abs_path(f)) else {
            continue;
        };
        let mut head = Vec::with_capacity(4096);
        if file.take(HEAD as u64).read_to_end(&mut head).is_err() {
            continue;
        }
        let h = crashreport::parse(&head);
        let version = h
            .as_ref()
            .and_then(|h| h.app_version.clone())
            .unwrap_or_else(|| "unknown".into());
        *c.by_version.entry(version).or_default() += 1;
        let when = f.mtime.map(|m| m.secs).unwrap_or(0);
        if newest.as_ref().is_none_or(|(t, _)| when >= *t) {
            let h = h.unwrap_or(crashreport::CrashHeader {
                app_version: None,
                os_version: None,
                time: None,
                name: None,
            });
            newest = Some((
                when,
                LastCrash {
                    app_version: h.app_version,
                    os_version: h.os_version,
                    time: h.time.or(f.mtime.map(|m| m.rfc3339())),
                    path: f.path.full(),
                },
            ));
        }
    }
    c.last = newest.map(|(_, l)| l);
    c
}
