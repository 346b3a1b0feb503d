//! `wxinspect system`: what macOS itself records about WeChat, read from
//! its own databases (macos-records.md) — permissions (TCC), downloads
//! (quarantine events), notifications (Notification Center, both places)
//! and network bytes (networkd). Only WeChat's rows are kept: clients,
//! agents, apps and processes whose bundle id is one of WeChat's
//! (`layout::is_wechat_bundle_id`, any case) or whose path or process name
//! is WeChat's. Every source is listed with whether it was read.

pub mod sources;

use std::collections::BTreeMap;
use std::path::Path;

use crate::formats::{netusage, notifications, quarantine, tcc};
use crate::layout::{is_wechat_app_path, is_wechat_bundle_id, is_wechat_process_name};
use crate::model::system::{
    Downloads, KeyedSpan, NetUsage, Notifications, Permission, SourceKind, SourceStatus, Span,
    SystemReport, SystemSource, SYSTEM_SCHEMA,
};
use crate::model::time::{from_mac_epoch, month_of, parse_rfc3339, rfc3339};
use crate::model::Warning;
use sources::{open, read_note, Home, Places};

/// Reads every source below `places`; `max_copy` bounds the private copy
/// of a database with a WAL (`--max-db-copy`).
pub fn read(places: &Places, max_copy: u64) -> SystemReport {
    let mut r = Reader {
        places,
        max_copy,
        doc: SystemReport {
            schema: SYSTEM_SCHEMA.into(),
            tool: Default::default(),
            generated_at: crate::model::time::now(),
            root: places.root.to_string_lossy().into_owned(),
            homes: places.homes.iter().map(|h| h.shown.clone()).collect(),
            sources: Vec::new(),
            permissions: Vec::new(),
            downloads: Vec::new(),
            notifications: Vec::new(),
            network: Vec::new(),
            warnings: Vec::new(),
        },
    };
    for home in &places.homes {
        let tcc = home.abs.join(sources::TCC_USER);
        r.tcc(SourceKind::TccUser, &home.abs, &tcc, Some(home));
    }
    let tcc = places.root.join(sources::TCC_SYSTEM);
    r.tcc(SourceKind::TccSystem, &places.root, &tcc, None);
    for home in &places.homes {
        r.quarantine(home);
    }
    r.notifications_per_user_dir();
    for home in &places.homes {
        let db = home.abs.join(sources::NOTIFICATIONS_GROUP);
        r.notifications(&home.abs, &db, home);
    }
    for rel in sources::NETUSAGE {
        let db = places.root.join(rel);
        r.netusage(&db);
    }
    r.doc
}

/// A TCC client of WeChat's: a bundle id, or a path inside its app
/// (`client_type` 1, macos-records.md line 32).
pub fn is_wechat_client(client: &str, client_type: i64) -> bool {
    match client_type {
        1 => is_wechat_app_path(client),
        _ => is_wechat_bundle_id(client),
    }
}

/// A process of WeChat's in networkd's table: its bundle name, or its
/// process name (`WeChat`, or `WeChat/com.tencent.xinWeChat` as some
/// versions write it), line 81–83.
pub fn is_wechat_process(process: &str, bundle: Option<&str>) -> bool {
    let (name, id) = match process.split_once('/') {
        Some((n, id)) => (n, Some(id)),
        None => (process, None),
    };
    bundle.is_some_and(is_wechat_bundle_id)
        || id.is_some_and(is_wechat_bundle_id)
        || is_wechat_process_name(name)
}

fn unix_time(secs: Option<i64>) -> Option<String> {
    secs.filter(|s| *s > 0).map(|s| rfc3339(s, 0))
}

fn mac_time(secs: Option<f64>) -> Option<String> {
    secs.filter(|s| *s != 0.0).and_then(from_mac_epoch)
}

fn keyed(map: BTreeMap<String, Span>) -> Vec<KeyedSpan> {
    let mut v: Vec<KeyedSpan> = map
        .into_iter()
        .map(|(key, span)| KeyedSpan { key, span })
        .collect();
    v.sort_by(|a, b| b.span.count.cmp(&a.span.count).then(a.key.cmp(&b.key)));
    v
}

struct Reader<'a> {
    places: &'a Places,
    max_copy: u64,
    doc: SystemReport,
}

impl Reader<'_> {
    /// Opens a source and records it; `None` when it was not read.
    fn open(
        &mut self,
        kind: SourceKind,
        base: &Path,
        abs: &Path,
        home: Option<&Home>,
    ) -> Option<(crate::formats::sqlite::ReadOnlyDb, usize)> {
        let shown = self.places.shown(abs);
        let home = home.map(|h| h.shown.clone());
        match open(kind, base, abs, &shown, self.max_copy) {
            Ok(db) => {
                self.doc.sources.push(SystemSource {
                    kind,
                    path: shown,
                    home,
                    status: SourceStatus::Read,
                    rows: 0,
                    note: read_note(&db).to_string(),
                });
                Some((db, self.doc.sources.len() - 1))
            }
            Err(nr) => {
                self.doc.sources.push(SystemSource {
                    kind,
                    path: shown,
                    home,
                    status: nr.status,
                    rows: 0,
                    note: nr.note,
                });
                self.doc.warnings.extend(nr.warning);
                None
            }
        }
    }

    /// A reader's answer: the rows found, or the source is corrupt.
    fn finish<T>(
        &mut self,
        i: usize,
        got: Result<T, String>,
        rows: impl Fn(&T) -> usize,
    ) -> Option<T> {
        let s = &mut self.doc.sources[i];
        match got {
            Ok(v) => {
                s.rows = rows(&v) as u64;
                Some(v)
            }
            Err(e) => {
                s.status = SourceStatus::Corrupt;
                s.note = format!("not readable: {e}");
                let w = Warning::corrupt(&s.path, format!("{} not readable: {e}", s.kind.what()));
                self.doc.warnings.push(w);
                None
            }
        }
    }

    fn tcc(&mut self, kind: SourceKind, base: &Path, abs: &Path, home: Option<&Home>) {
        let Some((db, i)) = self.open(kind, base, abs, home) else {
            return;
        };
        let got = tcc::read(&db.conn, is_wechat_client);
        let Some(t) = self.finish(i, got, |t| t.rows.len()) else {
            return;
        };
        let s = &mut self.doc.sources[i];
        s.note = format!("{}; schema {}", s.note, t.schema);
        let (source, home) = (s.path.clone(), s.home.clone());
        let scope = match kind {
            SourceKind::TccSystem => "system",
            _ => "user",
        };
        for row in t.rows {
            self.doc.permissions.push(Permission {
                source: source.clone(),
                scope: scope.into(),
                home: home.clone(),
                service_name: tcc::service_name(&row.service),
                service: row.service,
                client: row.client,
                client_type: row.client_type,
                status: row.status.into(),
                by: row.by,
                prompt_count: row.prompt_count,
                last_changed: unix_time(row.last_modified),
                indirect_object: row.indirect_object,
            });
        }
    }

    fn quarantine(&mut self, home: &Home) {
        let abs = home.abs.join(sources::QUARANTINE);
        let Some((db, i)) = self.open(SourceKind::Quarantine, &home.abs, &abs, Some(home)) else {
            return;
        };
        // The agent is WeChat: its bundle id, or its name where the id is
        // missing.
        let wanted = |bundle: Option<&str>, name: Option<&str>| match bundle {
            Some(b) if !b.is_empty() => is_wechat_bundle_id(b),
            _ => name.is_some_and(is_wechat_process_name),
        };
        let got = quarantine::read(&db.conn, wanted, crate::inspect::network::url_host);
        let Some(events) = self.finish(i, got, Vec::len) else {
            return;
        };
        if events.is_empty() {
            return;
        }
        let mut all = Span::default();
        let mut hosts: BTreeMap<String, Span> = BTreeMap::new();
        let mut types: BTreeMap<String, Span> = BTreeMap::new();
        for e in events {
            let t = mac_time(e.time);
            all.add(t.as_deref());
            let host = e.host.unwrap_or_else(|| "(none)".into());
            hosts.entry(host).or_default().add(t.as_deref());
            let ty = e.type_number.map_or("(none)".into(), |n| n.to_string());
            types.entry(ty).or_default().add(t.as_deref());
        }
        let s = &self.doc.sources[i];
        self.doc.downloads.push(Downloads {
            source: s.path.clone(),
            home: s.home.clone(),
            events: all,
            hosts: keyed(hosts),
            types: keyed(types),
        });
    }

    /// The per-user folders' databases (before macOS 15), each read for the
    /// home whose owner owns it; another user's is listed, not read.
    fn notifications_per_user_dir(&mut self) {
        let root = self.places.root.clone();
        let pattern = format!(
            "/{}/*/*/{}",
            sources::DARWIN_USER_DIRS,
            sources::NOTIFICATIONS_IN_USER_DIR
        );
        let found = match sources::user_dir_dbs(&root) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                let shown = self.places.shown(&root.join(sources::DARWIN_USER_DIRS));
                let kind = crate::fsio::warning_kind(e.raw_os_error(), true);
                let note = format!(
                    "not listable ({}): needs root (sudo)",
                    crate::error::io_words(&e)
                );
                self.doc
                    .warnings
                    .push(Warning::new(&shown, kind, note.clone()));
                self.doc.sources.push(SystemSource {
                    kind: SourceKind::Notifications,
                    path: pattern,
                    home: None,
                    status: SourceStatus::Unreadable,
                    rows: 0,
                    note,
                });
                return;
            }
        };
        if found.is_empty() {
            self.doc.sources.push(SystemSource {
                kind: SourceKind::Notifications,
                path: pattern,
                home: None,
                status: SourceStatus::Absent,
                rows: 0,
                note: "absent (macOS 15 and later keep it in the group container below)".into(),
            });
        }
        for db in found {
            let home = self
                .places
                .homes
                .iter()
                .find(|h| h.uid.is_some() && h.uid == db.uid);
            match home.cloned() {
                Some(h) => self.notifications(&root, &db.abs, &h),
                None => self.doc.sources.push(SystemSource {
                    kind: SourceKind::Notifications,
                    path: self.places.shown(&db.abs),
                    home: None,
                    status: SourceStatus::OtherUser,
                    rows: 0,
                    note: format!(
                        "owned by uid {}, the owner of no home read: not read",
                        db.uid.map_or("?".into(), |u| u.to_string())
                    ),
                }),
            }
        }
    }

    fn notifications(&mut self, base: &Path, abs: &Path, home: &Home) {
        let Some((db, i)) = self.open(SourceKind::Notifications, base, abs, Some(home)) else {
            return;
        };
        let got = notifications::read(&db.conn, is_wechat_bundle_id);
        let Some(recs) = self.finish(i, got, |r| r.dates.len()) else {
            return;
        };
        if recs.apps.is_empty() {
            return;
        }
        let mut all = Span::default();
        let mut months: BTreeMap<String, Span> = BTreeMap::new();
        for d in &recs.dates {
            let t = mac_time(*d);
            all.add(t.as_deref());
            let month = t
                .as_deref()
                .and_then(parse_rfc3339)
                .map_or("(none)".into(), month_of);
            months.entry(month).or_default().add(t.as_deref());
        }
        let mut by_month: Vec<KeyedSpan> = months
            .into_iter()
            .map(|(key, span)| KeyedSpan { key, span })
            .collect();
        by_month.sort_by(|a, b| a.key.cmp(&b.key));
        let s = &self.doc.sources[i];
        self.doc.notifications.push(Notifications {
            source: s.path.clone(),
            home: s.home.clone(),
            apps: recs.apps,
            records: all,
            by_month,
        });
    }

    fn netusage(&mut self, abs: &Path) {
        let root = self.places.root.clone();
        let Some((db, i)) = self.open(SourceKind::Netusage, &root, abs, None) else {
            return;
        };
        let got = netusage::read(&db.conn, is_wechat_process);
        let Some(procs) = self.finish(i, got, Vec::len) else {
            return;
        };
        let source = self.doc.sources[i].path.clone();
        // One row per process name: its `ZPROCESS` rows summed, and said.
        let mut by_name: BTreeMap<String, NetUsage> = BTreeMap::new();
        for p in procs {
            let n = by_name
                .entry(p.process.clone())
                .or_insert_with(|| NetUsage {
                    source: source.clone(),
                    process: p.process.clone(),
                    bundle: p.bundle.clone(),
                    ..Default::default()
                });
            n.process_rows.push(p.pk);
            n.usage_rows += p.rows;
            let [a, b, c, d, e, f] = p.bytes;
            n.wifi_in += a;
            n.wifi_out += b;
            n.wired_in += c;
            n.wired_out += d;
            n.cellular_in += e;
            n.cellular_out += f;
            let (first, last) = (mac_time(p.first), mac_time(p.last));
            if first.is_some() && (n.first_seen.is_none() || first < n.first_seen) {
                n.first_seen = first;
            }
            if last > n.last_seen {
                n.last_seen = last;
            }
        }
        self.doc.network.extend(by_name.into_values());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wechat_clients_and_processes() {
        assert!(is_wechat_client("com.tencent.xinWeChat", 0));
        assert!(is_wechat_client(
            "/Applications/WeChat.app/Contents/MacOS/WeChat",
            1
        ));
        assert!(!is_wechat_client("/Applications/WeChat.app", 0));
        assert!(!is_wechat_client("com.apple.Terminal", 0));
        assert!(is_wechat_process("WeChat", None));
        assert!(is_wechat_process("x", Some("com.tencent.xWeChat")));
        assert!(is_wechat_process("WeChat/com.tencent.xinWeChat", None));
        assert!(!is_wechat_process("Safari", Some("com.apple.Safari")));
    }
}
