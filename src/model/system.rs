//! What macOS itself records about WeChat (`wxinspect system`, schema
//! `wxinspect.system/1`): permissions (TCC), downloads (quarantine
//! events), notifications (Notification Center) and network bytes
//! (networkd's usage database), and each source with whether it was read.
//! Facts: `../shared/reference/macos-records.md`.

use serde::{Deserialize, Serialize};

use super::inventory::Tool;
use super::warning::Warning;

/// Schema id of the `system` document.
pub const SYSTEM_SCHEMA: &str = "wxinspect.system/1";

/// Which of macOS's databases a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A user's `TCC.db` (macos-records.md line 18).
    TccUser,
    /// The system `TCC.db` (line 19).
    TccSystem,
    /// A user's `QuarantineEventsV2` (line 46).
    Quarantine,
    /// A Notification Center database (lines 61–64).
    Notifications,
    /// networkd's `netusage.sqlite` (lines 74–75).
    Netusage,
}

impl SourceKind {
    /// The stable spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::TccUser => "tcc_user",
            SourceKind::TccSystem => "tcc_system",
            SourceKind::Quarantine => "quarantine",
            SourceKind::Notifications => "notifications",
            SourceKind::Netusage => "netusage",
        }
    }

    /// The database, as the table names it.
    pub fn short(self) -> &'static str {
        match self {
            SourceKind::TccUser => "TCC (user)",
            SourceKind::TccSystem => "TCC (system)",
            SourceKind::Quarantine => "quarantine",
            SourceKind::Notifications => "notifications",
            SourceKind::Netusage => "netusage",
        }
    }

    /// What it says, in words.
    pub fn what(self) -> &'static str {
        match self {
            SourceKind::TccUser => "permissions (user)",
            SourceKind::TccSystem => "permissions (system)",
            SourceKind::Quarantine => "downloads",
            SourceKind::Notifications => "notifications",
            SourceKind::Netusage => "network bytes",
        }
    }
}

/// Whether a source was read, and if not why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceStatus {
    /// Read.
    Read,
    /// Not there (not on this macOS version, not at that root): a note.
    Absent,
    /// There, but the system refused it (Full Disk Access, root): a warning.
    Unreadable,
    /// There, but its content does not hold together: a warning.
    Corrupt,
    /// A link where the database should be: never followed (a warning).
    Link,
    /// Another user's (a Notification Center database whose owner is no
    /// home given): not read.
    OtherUser,
}

impl SourceStatus {
    /// The stable spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceStatus::Read => "read",
            SourceStatus::Absent => "absent",
            SourceStatus::Unreadable => "unreadable",
            SourceStatus::Corrupt => "corrupt",
            SourceStatus::Link => "link",
            SourceStatus::OtherUser => "other_user",
        }
    }
}

/// One database macOS keeps, looked for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SystemSource {
    /// Which database.
    pub kind: SourceKind,
    /// Its path as it is on the inspected Mac (`/Users/alice/Library/…`
    /// below the root; as given otherwise).
    pub path: String,
    /// The home it belongs to (`null` for the system's own).
    pub home: Option<String>,
    /// Read or not, and why.
    pub status: SourceStatus,
    /// WeChat's rows found in it.
    pub rows: u64,
    /// How it was read (`immutable`, a private copy of a WAL database, the
    /// schema variant) or why not.
    pub note: String,
}

/// One TCC decision about a WeChat client.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Permission {
    /// The database's path.
    pub source: String,
    /// `user` or `system`.
    pub scope: String,
    /// The home of a user database.
    pub home: Option<String>,
    /// The service as TCC names it (`kTCCServiceCamera`).
    pub service: String,
    /// In words (`Camera`), or the raw name for a service not known here.
    pub service_name: String,
    /// The client: a bundle id, or a path (`client_type` 1).
    pub client: String,
    /// 0 bundle id, 1 absolute path.
    pub client_type: i64,
    /// `allowed`, `denied`, `limited` or `unknown`.
    pub status: String,
    /// How it was decided (`auth_reason`, macOS 11 and later), in words.
    pub by: Option<String>,
    /// How many times the user was asked (before macOS 11).
    pub prompt_count: Option<i64>,
    /// `last_modified` (Unix seconds), RFC 3339.
    pub last_changed: Option<String>,
    /// The app automated (`kTCCServiceAppleEvents`), when there is one.
    pub indirect_object: Option<String>,
}

/// A count with its first and last time.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Span {
    /// How many.
    pub count: u64,
    /// The earliest, RFC 3339.
    pub first: Option<String>,
    /// The latest, RFC 3339.
    pub last: Option<String>,
}

impl Span {
    /// Counts one more at `t` (RFC 3339; compared as text, all UTC).
    pub fn add(&mut self, t: Option<&str>) {
        self.count += 1;
        if let Some(t) = t {
            if self.first.as_deref().is_none_or(|f| t < f) {
                self.first = Some(t.to_string());
            }
            if self.last.as_deref().is_none_or(|l| t > l) {
                self.last = Some(t.to_string());
            }
        }
    }
}

/// Files downloaded through WeChat, from one quarantine database.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Downloads {
    /// The database's path.
    pub source: String,
    /// Its home.
    pub home: Option<String>,
    /// Events, first and last.
    pub events: Span,
    /// Per origin host (never a path, a query or a file name): `(none)`
    /// for events without a URL.
    pub hosts: Vec<KeyedSpan>,
    /// Per `LSQuarantineTypeNumber` (raw: its names are not documented).
    pub types: Vec<KeyedSpan>,
}

/// A [`Span`] under a key (a host, a type, a month).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyedSpan {
    /// The key.
    pub key: String,
    /// Its count, first and last.
    #[serde(flatten)]
    pub span: Span,
}

/// WeChat's notifications in one Notification Center database.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Notifications {
    /// The database's path.
    pub source: String,
    /// Its home.
    pub home: Option<String>,
    /// The `app.identifier` values matched (bundle ids, lower case on
    /// recent versions).
    pub apps: Vec<String>,
    /// Records, first and last (`delivered_date`, else `request_date`).
    pub records: Span,
    /// Records per month (`YYYY-MM`, UTC).
    pub by_month: Vec<KeyedSpan>,
}

/// Bytes one WeChat process moved, from networkd's usage database.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NetUsage {
    /// The database's path.
    pub source: String,
    /// `ZPROCESS.ZPROCNAME`.
    pub process: String,
    /// `ZPROCESS.ZBUNDLENAME`.
    pub bundle: Option<String>,
    /// The `ZPROCESS` rows summed (`Z_PK`).
    pub process_rows: Vec<i64>,
    /// `ZLIVEUSAGE` rows summed.
    pub usage_rows: u64,
    /// Wi-Fi bytes in.
    pub wifi_in: u64,
    /// Wi-Fi bytes out.
    pub wifi_out: u64,
    /// Wired bytes in.
    pub wired_in: u64,
    /// Wired bytes out.
    pub wired_out: u64,
    /// Cellular (WWAN) bytes in.
    pub cellular_in: u64,
    /// Cellular (WWAN) bytes out.
    pub cellular_out: u64,
    /// First seen (`ZFIRSTTIMESTAMP`), RFC 3339.
    pub first_seen: Option<String>,
    /// Last seen (`ZTIMESTAMP`), RFC 3339.
    pub last_seen: Option<String>,
}

/// The `system` document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SystemReport {
    /// [`SYSTEM_SCHEMA`].
    pub schema: String,
    /// The tool.
    pub tool: Tool,
    /// When it was made.
    pub generated_at: String,
    /// The volume root read (`/` on a live Mac).
    pub root: String,
    /// The homes read.
    pub homes: Vec<String>,
    /// Every source looked for: read, absent, refused or corrupt.
    pub sources: Vec<SystemSource>,
    /// WeChat's TCC rows.
    pub permissions: Vec<Permission>,
    /// What was downloaded through WeChat, per quarantine database.
    pub downloads: Vec<Downloads>,
    /// WeChat's notifications, per Notification Center database.
    pub notifications: Vec<Notifications>,
    /// WeChat's processes' bytes, per process name.
    pub network: Vec<NetUsage>,
    /// What could not be read.
    pub warnings: Vec<Warning>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_keep_first_and_last() {
        let mut s = Span::default();
        s.add(Some("2024-02-01T00:00:00Z"));
        s.add(None);
        s.add(Some("2023-01-01T00:00:00Z"));
        s.add(Some("2025-01-01T00:00:00Z"));
        assert_eq!(s.count, 4);
        assert_eq!(s.first.as_deref(), Some("2023-01-01T00:00:00Z"));
        assert_eq!(s.last.as_deref(), Some("2025-01-01T00:00:00Z"));
    }
}
