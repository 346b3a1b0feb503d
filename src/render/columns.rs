//! One column definition per document: its snake_case name (the CSV header
//! and the JSON field of the row), its table header, and how to get the
//! cell. Tables, CSV and JSON read the same definition, so a column cannot
//! drift between formats (a unit test checks every name against the row's
//! serde fields).

use super::term::{account_label, chat_name};
use crate::analyze::diff::{Change, Diff};
use crate::analyze::dupes::Dupes;
use crate::analyze::media::{AggRow, MediaRow};
use crate::inspect::settings::ConfigRow;
use crate::model::system::{KeyedSpan, Permission, SourceStatus as SystemStatus, SystemSource};
use crate::model::{Database, FileEntry, Format, Host};

use super::{human_bytes, tables_summary};

/// A cell from a row.
pub type CellFn<T> = fn(&T) -> String;

/// One column of a document.
pub struct Column<T> {
    /// snake_case: the CSV header and the row's JSON field.
    pub name: &'static str,
    /// The header in tables; `None` keeps the column out of tables.
    pub header: Option<&'static str>,
    /// The exact value (CSV; tables too unless `human` is set).
    pub value: CellFn<T>,
    /// The form people read in tables (sizes in units, `-` for nothing).
    pub human: Option<CellFn<T>>,
    /// Numbers: right-aligned in tables.
    pub right: bool,
    /// Tables show a value once per run of equal values (a file's name
    /// above its settings).
    pub group: bool,
    /// The column that gives way when a row would not fit the width: a
    /// path, shown below its account folder and shortened in the middle.
    pub flex: bool,
    /// Secondary: dimmed on a colour terminal.
    pub dim: bool,
    /// Kept longer than a column of lower priority when a table does not
    /// fit its width (5 unless said).
    pub priority: u8,
    /// The narrowest its cells may be shortened to (a label keeps its
    /// start); numbers are never shortened.
    pub min: usize,
    /// A category whose colour the cell takes on a colour terminal.
    pub hue: Option<fn(&T) -> Option<crate::model::Category>>,
    /// An account or chat id: its label in tables, the whole id with
    /// `--full-ids`.
    pub id: bool,
}

impl<T> Column<T> {
    const fn new(name: &'static str, header: Option<&'static str>, value: CellFn<T>) -> Self {
        Column {
            name,
            header,
            value,
            human: None,
            right: false,
            group: false,
            flex: false,
            dim: false,
            priority: 5,
            min: 8,
            hue: None,
            id: false,
        }
    }
    /// Never shortened below `n` columns (a bundle id, a short label).
    pub const fn at_least(mut self, n: usize) -> Self {
        self.min = n;
        self
    }
    /// An account or chat id (whole with `--full-ids`).
    pub const fn id(mut self) -> Self {
        self.id = true;
        self
    }
    /// Coloured by the category `f` gives (as `scan`'s categories are).
    pub fn coloured(mut self, f: fn(&T) -> Option<crate::model::Category>) -> Self {
        self.hue = Some(f);
        self
    }
    /// Its priority when a table must drop columns to fit (higher stays).
    pub const fn keep(mut self, priority: u8) -> Self {
        self.priority = priority;
        self
    }
    const fn flex(mut self) -> Self {
        self.flex = true;
        self
    }
    const fn dim(mut self) -> Self {
        self.dim = true;
        self
    }
    const fn human(mut self, f: CellFn<T>) -> Self {
        self.human = Some(f);
        self
    }
    const fn right(mut self) -> Self {
        self.right = true;
        self
    }
    const fn group(mut self) -> Self {
        self.group = true;
        self
    }
    /// A column of a document: its CSV header and JSON field `name`, its
    /// table header (`None`: not in tables).
    pub const fn field(name: &'static str, header: Option<&'static str>, value: CellFn<T>) -> Self {
        Column::new(name, header, value)
    }
    /// The form people read in tables (sizes in units).
    pub const fn readable(self, f: CellFn<T>) -> Self {
        self.human(f)
    }
    /// A column of a table that has no CSV or JSON form.
    pub fn table(header: &'static str, value: CellFn<T>) -> Self {
        Column::new(header, Some(header), value)
    }
    /// Right-aligned (numbers).
    pub fn right_aligned(self) -> Self {
        self.right()
    }
    /// Shown once per run of equal values.
    pub fn grouped(self) -> Self {
        self.group()
    }
    /// The column that gives way to the width.
    pub fn flexible(self) -> Self {
        self.flex()
    }
    /// Dimmed on a colour terminal.
    pub fn dimmed(self) -> Self {
        self.dim()
    }
    /// The table cell.
    pub fn table_cell(&self, row: &T) -> String {
        (self.human.unwrap_or(self.value))(row)
    }
}

fn opt<D: ToString>(v: &Option<D>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

/// A time as a person reads it in a table: its day (`2025-03-01`); JSON
/// and CSV keep the whole RFC 3339 time.
fn day(v: &Option<String>) -> String {
    match v.as_deref() {
        Some(t) if t.len() >= 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-' => {
            t[..10].to_string()
        }
        other => other.unwrap_or("-").to_string(),
    }
}

fn dash<D: ToString>(v: &Option<D>) -> String {
    v.as_ref()
        .map(|x| x.to_string())
        .unwrap_or_else(|| "-".into())
}

/// `scan --format csv`: one row per file.
pub fn files() -> Vec<Column<FileEntry>> {
    type C = Column<FileEntry>;
    vec![
        C::new("path", None, |f| f.path.full()),
        C::new("size", None, |f| f.size.to_string()),
        C::new("allocated", None, |f| f.allocated.to_string()),
        C::new("mtime", None, |f| opt(&f.mtime.map(|m| m.rfc3339()))),
        C::new("category", None, |f| f.category.to_string()),
        C::new("kind", None, |f| f.kind.to_string()),
        C::new("format", None, |f| f.format.to_string()),
        C::new("encrypted", None, |f| f.encrypted.to_string()),
        C::new("account", None, |f| opt(&f.account)),
        C::new("chat", None, |f| opt(&f.chat)),
        C::new("month", None, |f| opt(&f.month)),
        C::new("sha256", None, |f| opt(&f.sha256)),
    ]
}

/// `media`: the largest files.
pub fn media() -> Vec<Column<MediaRow>> {
    type C = Column<MediaRow>;
    vec![
        C::new("size", Some("size"), |r| r.size.to_string())
            .human(|r| human_bytes(r.size))
            .right()
            .keep(9),
        C::new("kind", Some("kind"), |r| r.kind.to_string()).keep(7),
        C::new("format", Some("format"), |r| r.format.to_string())
            .dim()
            .keep(2),
        C::new("account", Some("account"), |r| opt(&r.account))
            .human(|r| match r.account.as_deref() {
                // One id in two installs: the row says which.
                Some(a) if r.id_in_two_installs => {
                    let install = r.install.rsplit('/').next().unwrap_or(&r.install);
                    format!("{} ({install})", account_label(a))
                }
                Some(a) => account_label(a),
                None => "-".into(),
            })
            .id(),
        C::new("chat", Some("chat"), |r| opt(&r.chat))
            .human(|r| {
                r.chat
                    .as_deref()
                    .map(chat_name)
                    .unwrap_or_else(|| "-".into())
            })
            .keep(3)
            .at_least(9)
            .id(),
        C::new("month", Some("month"), |r| opt(&r.month))
            .human(|r| dash(&r.month))
            .dim()
            .keep(6),
        C::new("path", Some("path"), |r| r.path.clone()).flex(),
        C::new("install", None, |r| r.install.clone()),
    ]
}

/// `media --by …`: one row per key. The key column is named after what is
/// grouped on in tables and CSV (`chat`, `month`, …); its JSON field is
/// `key`.
pub fn media_agg(by: &'static str) -> Vec<Column<AggRow>> {
    type C = Column<AggRow>;
    let key = C::new(by, Some(by), |r| r.key.clone());
    // Chats by name where the folder name is well known; accounts by label.
    let key = match by {
        "chat" => key
            .human(|r| match r.key.as_str() {
                NO_KEY => "(not in a chat)".to_string(),
                k => chat_name(k),
            })
            .id(),
        "account" => key.human(|r| account_label(&r.key)).id(),
        _ => key,
    };
    vec![
        key,
        C::new("files", Some("files"), |r| r.files.to_string()).right(),
        C::new("bytes", Some("size"), |r| r.bytes.to_string())
            .human(|r| human_bytes(r.bytes))
            .right(),
        C::new("share", Some("share"), |r| format!("{:.2}", r.share))
            .human(|r| format!("{:.1} %", r.share))
            .right(),
    ]
}

/// The key of the row of files without a chat, month or account.
pub const NO_KEY: &str = "(none)";

/// `dbs`: one row per database.
pub fn dbs() -> Vec<Column<Database>> {
    type C = Column<Database>;
    vec![
        C::new("path", Some("database"), |d| d.path.clone()).flex(),
        C::new("kind", Some("kind"), |d| d.kind.to_string()).keep(8),
        C::new("format", Some("format"), |d| d.format.to_string()).keep(6),
        C::new("encrypted", None, |d| d.encrypted.to_string()),
        C::new("account", None, |d| opt(&d.account)),
        C::new("size", Some("size"), |d| d.size.to_string())
            .human(|d| human_bytes(d.size))
            .right(),
        C::new("page_size_guess", Some("page size"), |d| {
            opt(&d.page_size_guess)
        })
        .human(|d| match (d.page_size_guess, d.format) {
            (Some(p), Format::Sqlite) => p.to_string(),
            (Some(p), _) => format!("{p}?"),
            (None, Format::Sqlcipher) => "?".into(),
            (None, _) => "-".into(),
        })
        .keep(3),
        C::new("page_size_reason", None, |d| opt(&d.page_size_reason)),
        C::new("wal_bytes", Some("WAL"), |d| d.wal_bytes.to_string())
            .human(|d| {
                if d.wal_bytes == 0 {
                    "-".into()
                } else {
                    human_bytes(d.wal_bytes)
                }
            })
            .right(),
        C::new("wal_frames", None, |d| opt(&d.wal_frames)),
        // Tables show a count (the list is in JSON and `explain`).
        C::new("tables", Some("tables"), |d| match &d.tables {
            Some(t) => tables_summary(t),
            None if d.encrypted => {
                "encrypted: not readable without the key (never asked for)".into()
            }
            None => d.note.clone().unwrap_or_else(|| "-".into()),
        })
        .human(|d| match (&d.tables, &d.note) {
            (Some(t), Some(_)) => format!("{} (main file only)", t.len()),
            (Some(t), None) => t.len().to_string(),
            (None, _) if d.encrypted => "encrypted".into(),
            (None, Some(n)) if n.starts_with("key material") => "key material".into(),
            (None, Some(_)) => "not read".into(),
            (None, None) => "-".into(),
        }),
    ]
}

/// `network`: one row per host.
pub fn hosts() -> Vec<Column<Host>> {
    type C = Column<Host>;
    vec![
        C::new("host", Some("host"), |h| h.host.clone()).flex(),
        C::new("domain", Some("domain"), |h| h.domain.clone()).keep(1),
        C::new("owner", Some("owner"), |h| h.owner.clone()).keep(7),
        C::new("role", Some("role"), |h| h.role.clone()).keep(6),
        C::new("sources", Some("sources"), |h| h.sources.join(" "))
            .human(|h| h.sources.join(", "))
            .keep(3),
        C::new("requests", Some("requests"), |h| h.requests.to_string()).right(),
        C::new("bytes", Some("cached"), |h| h.bytes.to_string())
            .human(|h| {
                if h.bytes == 0 {
                    "-".into()
                } else {
                    human_bytes(h.bytes)
                }
            })
            .right(),
        C::new("first_seen", Some("first seen"), |h| opt(&h.first_seen))
            .human(|h| day(&h.first_seen)),
        C::new("last_seen", Some("last seen"), |h| opt(&h.last_seen)).human(|h| day(&h.last_seen)),
    ]
}

/// `config`: one row per setting.
pub fn config() -> Vec<Column<ConfigRow>> {
    type C = Column<ConfigRow>;
    vec![
        C::new("file", Some("file"), |r| r.file.clone())
            .group()
            .keep(8),
        C::new("key", Some("key"), |r| r.key.clone()).keep(9),
        C::new("type", Some("type"), |r| r.value_type.clone()).keep(2),
        C::new("value", Some("value"), |r| r.value.clone()).flex(),
        C::new("redacted", None, |r| r.redacted.to_string()),
    ]
}

/// `system`: one row per source looked for.
pub fn system_sources() -> Vec<Column<SystemSource>> {
    type C = Column<SystemSource>;
    vec![
        C::new("kind", Some("database"), |s| s.kind.as_str().to_string())
            .human(|s| s.kind.short().to_string())
            .keep(8)
            .at_least(13),
        C::new("status", Some("status"), |s| s.status.as_str().to_string())
            .keep(9)
            .at_least(10),
        C::new("rows", Some("WeChat"), |s| s.rows.to_string())
            .human(|s| match s.status {
                SystemStatus::Read => s.rows.to_string(),
                _ => "-".into(),
            })
            .right()
            .keep(7),
        C::new("path", Some("path"), |s| s.path.clone()).flex(),
        C::new("home", None, |s| opt(&s.home)),
        C::new("note", None, |s| s.note.clone()),
    ]
}

/// `system`: WeChat's permissions (TCC rows).
pub fn permissions() -> Vec<Column<Permission>> {
    type C = Column<Permission>;
    vec![
        C::new("service_name", Some("permission"), |p| {
            p.service_name.clone()
        })
        .keep(9)
        .at_least(19),
        C::new("status", Some("status"), |p| p.status.clone()).keep(9),
        C::new("by", Some("by"), |p| opt(&p.by))
            .human(|p| dash(&p.by))
            .keep(8)
            .at_least(12),
        C::new("last_changed", Some("changed"), |p| opt(&p.last_changed))
            .human(|p| day(&p.last_changed))
            .keep(6)
            .at_least(10),
        C::new("scope", Some("db"), |p| p.scope.clone())
            .dim()
            .keep(3),
        C::new("client", Some("client"), |p| p.client.clone()).flex(),
        C::new("service", None, |p| p.service.clone()),
        C::new("prompt_count", None, |p| opt(&p.prompt_count)),
    ]
}

/// `system`: downloads per host, or notifications per month (a key with
/// its count, first and last).
pub fn keyed_spans(key: &'static str, count: &'static str) -> Vec<Column<KeyedSpan>> {
    type C = Column<KeyedSpan>;
    vec![
        C::new("key", Some(key), |k| k.key.clone()).flex(),
        C::new("count", Some(count), |k| k.span.count.to_string()).right(),
        C::new("first", Some("first"), |k| opt(&k.span.first))
            .human(|k| day(&k.span.first))
            .keep(4)
            .at_least(10),
        C::new("last", Some("last"), |k| opt(&k.span.last))
            .human(|k| day(&k.span.last))
            .keep(6)
            .at_least(10),
    ]
}

/// One WeChat process's bytes on one kind of interface (the `system`
/// table; JSON has the six counters on one row).
pub struct NetRow {
    /// The process name.
    pub process: String,
    /// `Wi-Fi`, `wired` or `cellular`.
    pub interface: &'static str,
    /// Bytes received.
    pub bytes_in: u64,
    /// Bytes sent.
    pub bytes_out: u64,
    /// First seen.
    pub first_seen: Option<String>,
    /// Last seen.
    pub last_seen: Option<String>,
}

/// The columns of `system`'s network table.
pub fn net_rows() -> Vec<Column<NetRow>> {
    type C = Column<NetRow>;
    vec![
        C::table("process", |r| r.process.clone()).flexible(),
        C::table("interface", |r| r.interface.to_string()).keep(8),
        C::table("received", |r| human_bytes(r.bytes_in)).right_aligned(),
        C::table("sent", |r| human_bytes(r.bytes_out)).right_aligned(),
        C::table("first seen", |r| day(&r.first_seen))
            .keep(4)
            .at_least(10),
        C::table("last seen", |r| day(&r.last_seen))
            .keep(6)
            .at_least(10),
    ]
}

/// One file of a duplicate group (the CSV view of `wxinspect.dupes/1`).
pub struct DupeFile<'a> {
    /// 1-based group number.
    pub group: usize,
    /// Bytes per copy.
    pub size: u64,
    /// The group's SHA-256.
    pub sha256: &'a str,
    /// The copy's path.
    pub path: &'a str,
}

/// Every file of every group, group by group.
pub fn dupe_files(d: &Dupes) -> Vec<DupeFile<'_>> {
    d.groups
        .iter()
        .enumerate()
        .flat_map(|(i, g)| {
            g.files.iter().map(move |p| DupeFile {
                group: i + 1,
                size: g.size,
                sha256: &g.sha256,
                path: p,
            })
        })
        .collect()
}

/// `dupes --format csv`.
pub fn dupes<'a>() -> Vec<Column<DupeFile<'a>>> {
    type C<'a> = Column<DupeFile<'a>>;
    vec![
        C::new("group", None, |f| f.group.to_string()),
        C::new("size", None, |f| f.size.to_string()),
        C::new("sha256", None, |f| f.sha256.to_string()),
        C::new("path", None, |f| f.path.to_string()),
    ]
}

/// One change of a diff, with the list it is in.
pub struct DiffRow<'a> {
    /// `added`, `removed`, `grown`, `shrunk` or `rewritten`.
    pub change: &'static str,
    /// The change.
    pub c: &'a Change,
}

/// Every change, list by list.
pub fn diff_rows(d: &Diff) -> Vec<DiffRow<'_>> {
    d.lists()
        .into_iter()
        .flat_map(|(change, list)| list.iter().map(move |c| DiffRow { change, c }))
        .collect()
}

/// `diff --format csv`.
pub fn diff<'a>() -> Vec<Column<DiffRow<'a>>> {
    type C<'a> = Column<DiffRow<'a>>;
    vec![
        C::new("change", None, |r| r.change.to_string()),
        C::new("path", None, |r| r.c.path.clone()),
        C::new("old_size", None, |r| opt(&r.c.old_size)),
        C::new("new_size", None, |r| opt(&r.c.new_size)),
        C::new("category", None, |r| r.c.category.clone()),
        C::new("account", None, |r| opt(&r.c.account)),
    ]
}

/// One copy of a duplicate group, as the table shows it.
pub struct DupeRow {
    /// The group's number, from 1.
    pub group: usize,
    /// The group's first copy.
    pub first: bool,
    /// Bytes per copy.
    pub size: u64,
    /// Bytes all copies but one take.
    pub reclaimable: u64,
    /// The start of the SHA-256.
    pub sha256: String,
    /// The copy's path and its tree.
    pub path: String,
}

/// The columns of `dupes`' table (one row per copy).
pub fn dupe_table() -> Vec<Column<DupeRow>> {
    type C = Column<DupeRow>;
    vec![
        C::table("group", |r| r.group.to_string())
            .grouped()
            .right_aligned(),
        C::table("size", |r| human_bytes(r.size)).right_aligned(),
        C::table("reclaimable", |r| {
            if r.first {
                human_bytes(r.reclaimable)
            } else {
                String::new()
            }
        })
        .right_aligned(),
        C::table("sha256", |r| r.sha256.clone()).dimmed(),
        C::table("path", |r| r.path.clone()).flexible(),
    ]
}

/// Which tree a path is in, for the dupes table.
pub fn tree_of(p: &str) -> &'static str {
    if p.contains("/xwechat_files/")
        || p.starts_with("xwechat_files/")
        || p.contains("Documents/app_data")
    {
        "4.x"
    } else if p.contains("com.tencent.xinWeChat/2.0b4.0.9")
        || p.contains("Caches/com.tencent.xinWeChat/")
    {
        "3.x"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, Kind, TableInfo};

    /// Every column's name is a field of the row's JSON (the formats
    /// cannot drift apart).
    fn names_are_json_fields<T, S: serde::Serialize>(cols: &[Column<T>], row: &S) {
        let v = serde_json::to_value(row).unwrap();
        for c in cols {
            assert!(
                v.get(c.name).is_some(),
                "column {} is not a JSON field of {v}",
                c.name
            );
        }
    }

    #[test]
    fn columns_match_json_fields() {
        let mut f = FileEntry::for_test("a/b.jpg", 3, 1, 1);
        f.sha256 = Some(crate::model::units::Sha256::new([0; 32]));
        names_are_json_fields(&files(), &f);
        let m = MediaRow {
            size: 1,
            kind: Kind::Image,
            format: Format::Jpeg,
            account: None,
            chat: None,
            month: None,
            path: "p".into(),
            install: "i".into(),
            id_in_two_installs: false,
        };
        names_are_json_fields(&media(), &m);
        let a = AggRow {
            key: "k".into(),
            files: 1,
            bytes: 2,
            share: 100.0,
        };
        // The key column is named after what is grouped on, its field `key`.
        names_are_json_fields(&media_agg("key"), &a);
        let d = Database {
            path: "x.db".into(),
            kind: Kind::Messages,
            format: Format::Sqlite,
            encrypted: false,
            account: None,
            size: 4096,
            page_size_guess: Some(4096),
            page_size_reason: None,
            wal_bytes: 0,
            wal_frames: None,
            tables: Some(vec![TableInfo {
                name: "t".into(),
                rows: Some(1),
            }]),
            note: None,
        };
        names_are_json_fields(&dbs(), &d);
        let h = Host {
            host: "a.qq.com".into(),
            domain: "qq.com".into(),
            owner: "Tencent".into(),
            role: "r".into(),
            sources: vec![],
            requests: 0,
            bytes: 0,
            first_seen: None,
            last_seen: None,
            resolution: None,
        };
        names_are_json_fields(&hosts(), &h);
        let r = ConfigRow {
            file: "f".into(),
            key: "k".into(),
            value_type: "string".into(),
            value: "v".into(),
            redacted: false,
        };
        names_are_json_fields(&config(), &r);
        let c = Change {
            path: "p".into(),
            old_size: None,
            new_size: Some(1),
            category: Category::Media.to_string(),
            account: None,
        };
        let cols = diff();
        names_are_json_fields(&cols[1..], &c);
        let s = SystemSource {
            kind: crate::model::system::SourceKind::TccUser,
            path: "p".into(),
            home: None,
            status: SystemStatus::Read,
            rows: 0,
            note: String::new(),
        };
        names_are_json_fields(&system_sources(), &s);
        let p = Permission {
            source: "s".into(),
            scope: "user".into(),
            home: None,
            service: "kTCCServiceCamera".into(),
            service_name: "Camera".into(),
            client: "c".into(),
            client_type: 0,
            status: "allowed".into(),
            by: None,
            prompt_count: None,
            last_changed: None,
            indirect_object: None,
        };
        names_are_json_fields(&permissions(), &p);
        let k = KeyedSpan {
            key: "k".into(),
            span: Default::default(),
        };
        names_are_json_fields(&keyed_spans("host", "downloads"), &k);
    }
}
