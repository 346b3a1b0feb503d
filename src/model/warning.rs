//! Per-path problems: the scan goes on, the output says what was not read.

use serde::{Deserialize, Serialize};

/// Warning kinds of DESIGN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// `EPERM` inside a container: macOS privacy protection (TCC).
    PrivacyProtected,
    /// `EACCES`, or `EPERM` elsewhere.
    PermissionDenied,
    /// Gone between listing and reading.
    Vanished,
    /// Any other I/O error.
    Unreadable,
    /// An iCloud placeholder: counted, not read.
    Dataless,
    /// A link loop.
    LinkLoop,
    /// Content that does not hold together (exit code stays 0).
    Corrupt,
    /// Over a limit the user can raise (`--max-hash-size`): not read.
    TooLarge,
    /// A database's WAL over the copy limit (`--max-db-copy`): its rows
    /// were not read (the main file alone may have been).
    WalNotRead,
    /// `watch`: file-system events were dropped or coalesced (a queue
    /// overflow, a storm); the folder was rescanned against the baseline.
    EventsDropped,
    /// `network --resolve`: a host's name got no answer from a resolver
    /// (timeout after every retry, SERVFAIL, REFUSED); NXDOMAIN and "no
    /// AAAA" are answers, not warnings. The path is the host name.
    DnsFailed,
}

impl WarningKind {
    /// Every kind, in the order tables list them.
    pub const ALL: &'static [WarningKind] = &[
        WarningKind::PrivacyProtected,
        WarningKind::PermissionDenied,
        WarningKind::Vanished,
        WarningKind::Unreadable,
        WarningKind::Dataless,
        WarningKind::TooLarge,
        WarningKind::WalNotRead,
        WarningKind::LinkLoop,
        WarningKind::Corrupt,
        WarningKind::EventsDropped,
        WarningKind::DnsFailed,
    ];

    /// True for the kinds that mean something was not read, whatever the
    /// command: the rows of [`MISSES`] marked for every command.
    pub fn is_unreadable(self) -> bool {
        MISSES
            .iter()
            .any(|(k, cmds)| *k == self && cmds.contains(&"*"))
    }

    /// Whether a warning of this kind means that `command`'s own answer
    /// misses part of what it reports on: the exit code 2 and the footer's
    /// "Not everything was read" both come from here ([`MISSES`]).
    pub fn misses_answer(self, command: &str) -> bool {
        MISSES
            .iter()
            .find(|(k, _)| *k == self)
            .is_some_and(|(_, cmds)| cmds.contains(&"*") || cmds.contains(&command))
    }

    /// True for problems with an entry itself (the walk could not list or
    /// open it): they may hide anything, so every command reports them.
    pub fn is_entry_level(self) -> bool {
        matches!(
            self,
            WarningKind::PrivacyProtected
                | WarningKind::PermissionDenied
                | WarningKind::Vanished
                | WarningKind::Unreadable
                | WarningKind::Dataless
                | WarningKind::LinkLoop
        )
    }
    /// The stable spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::PrivacyProtected => "privacy_protected",
            WarningKind::PermissionDenied => "permission_denied",
            WarningKind::Vanished => "vanished",
            WarningKind::Unreadable => "unreadable",
            WarningKind::Dataless => "dataless",
            WarningKind::LinkLoop => "link_loop",
            WarningKind::Corrupt => "corrupt",
            WarningKind::TooLarge => "too_large",
            WarningKind::WalNotRead => "wal_not_read",
            WarningKind::EventsDropped => "events_dropped",
            WarningKind::DnsFailed => "dns_failed",
        }
    }

    /// The kind of a stable spelling.
    pub fn parse(s: &str) -> Option<WarningKind> {
        WarningKind::ALL.iter().copied().find(|k| k.as_str() == s)
    }
}

/// Command × warning kind: the commands whose answer a warning of the kind
/// leaves incomplete (`*`: every command that shows it). An entry the OS
/// refused or lost may hide anything; a limit the user can raise left
/// something unread. `corrupt` content was still counted and classified —
/// it misses nothing of an inventory — but a settings file, a database or
/// a cookie jar that does not hold together is missing from `config`,
/// `dbs` and `network`'s answers (and one of macOS's databases from
/// `system`'s). A link loop is a link, never followed;
/// dropped events were rescanned; a host name no resolver answered for
/// (`--resolve`) is missing from `network`'s and `report`'s chains. docs/SCHEMAS.md ("Exit codes") prints
/// this table; a test keeps the two the same.
pub const MISSES: &[(WarningKind, &[&str])] = &[
    (WarningKind::PrivacyProtected, &["*"]),
    (WarningKind::PermissionDenied, &["*"]),
    (WarningKind::Vanished, &["*"]),
    (WarningKind::Unreadable, &["*"]),
    (WarningKind::Dataless, &["*"]),
    (WarningKind::TooLarge, &["*"]),
    (WarningKind::WalNotRead, &["*"]),
    (
        WarningKind::Corrupt,
        &["config", "dbs", "network", "system"],
    ),
    (WarningKind::LinkLoop, &[]),
    (WarningKind::EventsDropped, &[]),
    (WarningKind::DnsFailed, &["network", "report"]),
];

/// A per-path problem; the scan goes on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Warning {
    /// Root-relative path.
    pub path: String,
    /// What kind of problem.
    pub kind: WarningKind,
    /// What went wrong, in words.
    pub message: String,
    /// The bytes concerned, where a limit was hit (`null` otherwise).
    #[serde(default)]
    pub bytes: Option<u64>,
    /// The limit that was hit, in bytes (`null` otherwise).
    #[serde(default)]
    pub limit: Option<u64>,
}

impl Warning {
    /// A warning about `path` (root-relative).
    pub fn new(path: impl Into<String>, kind: WarningKind, message: impl Into<String>) -> Warning {
        Warning {
            path: path.into(),
            kind,
            message: message.into(),
            bytes: None,
            limit: None,
        }
    }

    /// The same warning with the bytes concerned and the limit hit.
    pub fn with_sizes(mut self, bytes: u64, limit: u64) -> Warning {
        self.bytes = Some(bytes);
        self.limit = Some(limit);
        self
    }

    /// A file over `--max-hash-size`: not hashed.
    pub fn too_large(path: impl Into<String>, size: u64, limit: u64) -> Warning {
        use super::units::{human_bytes, suggest_limit};
        Warning::new(
            path,
            WarningKind::TooLarge,
            format!(
                "not hashed: {} is over --max-hash-size {}; raise it with --max-hash-size {}",
                human_bytes(size),
                human_bytes(limit),
                suggest_limit(size)
            ),
        )
        .with_sizes(size, limit)
    }

    /// Content that does not hold together (exit code stays 0).
    pub fn corrupt(path: impl Into<String>, message: impl Into<String>) -> Warning {
        Warning::new(path, WarningKind::Corrupt, message)
    }
}

/// Warnings kept per kind at most; past it they are only counted (a tree
/// with a million corrupt files must not hold a million messages). Tests
/// lower it with `WXINSPECT_TEST_WARNING_CAP` (never set otherwise).
pub fn cap() -> usize {
    static CAP: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CAP.get_or_init(|| {
        std::env::var("WXINSPECT_TEST_WARNING_CAP")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|n| *n > 0)
            .unwrap_or(1000)
    })
}

/// Warnings past the cap, counted per kind (`warnings_omitted` in JSON).
pub type Omitted = std::collections::BTreeMap<WarningKind, u64>;

/// A bounded list of warnings: the first [`cap`] of each kind, and how
/// many more of each there were.
#[derive(Debug, Default)]
pub struct Capped {
    /// The warnings kept.
    pub kept: Vec<Warning>,
    /// Kept so far, per kind.
    counts: std::collections::HashMap<WarningKind, usize>,
    /// Past the cap, per kind.
    pub omitted: Omitted,
}

impl Capped {
    /// Keeps `w`, or counts it once its kind has [`cap`] kept.
    pub fn push(&mut self, w: Warning) {
        let n = self.counts.entry(w.kind).or_default();
        if *n < cap() {
            *n += 1;
            self.kept.push(w);
        } else {
            *self.omitted.entry(w.kind).or_default() += 1;
        }
    }

    /// Moves everything of `other` into `self`, the cap still held.
    pub fn append(&mut self, other: &mut Capped) {
        for w in other.kept.drain(..) {
            self.push(w);
        }
        for (k, n) in std::mem::take(&mut other.omitted) {
            *self.omitted.entry(k).or_default() += n;
        }
        other.counts.clear();
    }

    /// Nothing kept or counted.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty() && self.omitted.is_empty()
    }
}

/// Caps a finished list: the first [`cap`] of each kind stay, the rest are
/// added to `omitted`.
pub fn keep_first(ws: &mut Vec<Warning>, omitted: &mut Omitted) {
    let mut counts: std::collections::HashMap<WarningKind, usize> = Default::default();
    ws.retain(|w| {
        let n = counts.entry(w.kind).or_default();
        *n += 1;
        if *n > cap() {
            *omitted.entry(w.kind).or_default() += 1;
        }
        *n <= cap()
    });
}

/// Drops repeated warnings (the same path and kind from two readers),
/// keeping the first.
pub fn dedup(ws: &mut Vec<Warning>) {
    let mut seen = std::collections::HashSet::new();
    ws.retain(|w| seen.insert((w.path.clone(), w.kind)));
}
