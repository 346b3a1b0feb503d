//! Where macOS keeps its records about apps, under a volume root and its
//! homes (macos-records.md), and the one way `system` opens them: no link
//! followed on the way (every folder below the root or home is `lstat`ed),
//! the file opened `O_NOFOLLOW` first so that a refusal is told apart
//! (`EPERM` is macOS privacy protection: Full Disk Access), then SQLite
//! read-only — `immutable=1` without a WAL, a private copy with one
//! (`formats::sqlite::open_readonly`).

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::formats::sqlite::{self, OpenError, ReadOnlyDb};
use crate::fsio;
use crate::model::system::{SourceKind, SourceStatus};
use crate::model::{Warning, WarningKind};

/// The user `TCC.db`, below a home (macos-records.md line 18).
pub const TCC_USER: &str = "Library/Application Support/com.apple.TCC/TCC.db";
/// The system `TCC.db`, below the root (line 19).
pub const TCC_SYSTEM: &str = "Library/Application Support/com.apple.TCC/TCC.db";
/// The quarantine events, below a home (line 46).
pub const QUARANTINE: &str = "Library/Preferences/com.apple.LaunchServices.QuarantineEventsV2";
/// Notification Center from macOS 15, below a home (line 64).
pub const NOTIFICATIONS_GROUP: &str = "Library/Group Containers/group.com.apple.usernoted/db2/db";
/// The per-user folders before macOS 15, below the root:
/// `private/var/folders/<2>/<random>/0/` (lines 61–63).
pub const DARWIN_USER_DIRS: &str = "private/var/folders";
/// Notification Center below a `DARWIN_USER_DIR` (line 61).
pub const NOTIFICATIONS_IN_USER_DIR: &str = "0/com.apple.notificationcenter/db2/db";
/// networkd's usage database, older and newer places, below the root
/// (lines 74–75; look in both [MVT]).
pub const NETUSAGE: &[&str] = &[
    "private/var/networkd/netusage.sqlite",
    "private/var/networkd/db/netusage.sqlite",
];

/// A home folder read for its user databases.
#[derive(Debug, Clone)]
pub struct Home {
    /// Its path on this machine.
    pub abs: PathBuf,
    /// As shown (`/Users/alice` below the root).
    pub shown: String,
    /// Its owner, to attribute per-user folders to it.
    pub uid: Option<u32>,
}

/// Where to look: the root and the homes.
#[derive(Debug, Clone)]
pub struct Places {
    /// The volume root.
    pub root: PathBuf,
    /// The homes.
    pub homes: Vec<Home>,
}

impl Places {
    /// The root and either the home given or every home in `ROOT/Users`
    /// (as `scan /Users` covers every home).
    pub fn new(root: &Path, home: Option<&Path>) -> Places {
        let root = fsio::normalize(root);
        let homes = match home {
            Some(h) => vec![fsio::normalize(h)],
            None => users_homes(&root.join("Users")),
        };
        let homes = homes
            .into_iter()
            .map(|abs| Home {
                shown: shown(&root, &abs),
                uid: std::fs::symlink_metadata(&abs).ok().map(|m| m.uid()),
                abs,
            })
            .collect();
        Places { root, homes }
    }

    /// A path as the inspected Mac has it: `/` + its place below the root;
    /// as it is otherwise.
    pub fn shown(&self, abs: &Path) -> String {
        shown(&self.root, abs)
    }
}

fn shown(root: &Path, abs: &Path) -> String {
    match abs.strip_prefix(root) {
        Ok(rel) => format!("/{}", rel.to_string_lossy()),
        Err(_) => abs.to_string_lossy().into_owned(),
    }
}

/// The folders of `users` that are homes (a `Library` inside, not links,
/// not `Shared`).
fn users_homes(users: &Path) -> Vec<PathBuf> {
    crate::layout::homes::sorted_names(users)
        .into_iter()
        .filter(|n| n != "Shared" && !n.starts_with('.'))
        .map(|n| users.join(n))
        .filter(|p| {
            std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir())
                && std::fs::symlink_metadata(p.join("Library")).is_ok_and(|m| m.is_dir())
        })
        .collect()
}

/// One Notification Center database in a per-user folder, and its owner.
#[derive(Debug, Clone)]
pub struct UserDirDb {
    /// The database.
    pub abs: PathBuf,
    /// The owner of its `DARWIN_USER_DIR` (`…/<random>/0`).
    pub uid: Option<u32>,
}

/// Every `private/var/folders/*/*/0/com.apple.notificationcenter/db2/db`
/// present below the root (links never followed), or why the folders
/// could not be listed.
pub fn user_dir_dbs(root: &Path) -> Result<Vec<UserDirDb>, std::io::Error> {
    let base = root.join(DARWIN_USER_DIRS);
    let list = |d: &Path| -> Result<Vec<PathBuf>, std::io::Error> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)?
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .collect();
        v.sort();
        Ok(v)
    };
    let mut out = Vec::new();
    for a in list(&base)? {
        for b in list(&a).unwrap_or_default() {
            let abs = b.join(NOTIFICATIONS_IN_USER_DIR);
            if std::fs::symlink_metadata(&abs).is_ok() {
                let uid = std::fs::symlink_metadata(b.join("0")).ok().map(|m| m.uid());
                out.push(UserDirDb { abs, uid });
            }
        }
    }
    Ok(out)
}

/// Why a source was not read: its status, a note, and the warning when it
/// misses part of the answer (absent sources are notes only).
#[derive(Debug)]
pub struct NotRead {
    /// Absent, unreadable, corrupt, a link.
    pub status: SourceStatus,
    /// In words.
    pub note: String,
    /// The warning, for all but absent sources.
    pub warning: Option<Warning>,
}

/// Which permission reads a source on a live Mac (macos-records.md lines
/// 20–21 and 76).
pub fn permission_needed(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::TccSystem => "Full Disk Access and root (sudo)",
        SourceKind::Netusage => "root (sudo)",
        _ => "Full Disk Access for your terminal app",
    }
}

/// Opens a source read-only, or says why not. `base` is the root or home
/// it lies below: no folder between them may be a link.
pub fn open(
    kind: SourceKind,
    base: &Path,
    abs: &Path,
    shown: &str,
    max_copy: u64,
) -> Result<ReadOnlyDb, NotRead> {
    let refused = |e: &std::io::Error| {
        let wk = fsio::warning_kind(e.raw_os_error(), true);
        let note = format!(
            "not readable ({}): reading it needs {}",
            crate::error::io_words(e),
            permission_needed(kind)
        );
        NotRead {
            status: SourceStatus::Unreadable,
            warning: Some(Warning::new(shown, wk, note.clone())),
            note,
        }
    };
    let absent = || NotRead {
        status: SourceStatus::Absent,
        note: "absent (not on this macOS version, or not at this root)".into(),
        warning: None,
    };
    if let Ok(rel) = abs.strip_prefix(base) {
        let mut at = base.to_path_buf();
        for c in rel.components() {
            at.push(c);
            match std::fs::symlink_metadata(&at) {
                Ok(m) if m.file_type().is_symlink() => {
                    let note = format!("{} is a link: not followed", shown_tail(shown, &at, abs));
                    return Err(NotRead {
                        status: SourceStatus::Link,
                        warning: Some(Warning::new(shown, WarningKind::Unreadable, note.clone())),
                        note,
                    });
                }
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(absent()),
                Err(e) => return Err(refused(&e)),
            }
        }
    }
    match std::fs::symlink_metadata(abs) {
        Ok(m) if !m.is_file() => {
            let note = "not a regular file".to_string();
            return Err(NotRead {
                status: SourceStatus::Corrupt,
                warning: Some(Warning::corrupt(shown, note.clone())),
                note,
            });
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(absent()),
        Err(e) => return Err(refused(&e)),
    }
    // Opened by us first: a refusal has its errno (SQLite would only say
    // "unable to open").
    drop(fsio::open_no_follow(abs).map_err(|e| refused(&e))?);
    sqlite::open_readonly(abs, max_copy).map_err(|e| {
        let note = match &e {
            OpenError::TooLarge { .. } => "its WAL is over the copy limit: not read".to_string(),
            other => format!("not readable: {}", other.reason()),
        };
        let warning = crate::inspect::databases::open_warning(shown, kind.what(), &e);
        NotRead {
            status: match warning.kind {
                WarningKind::Corrupt => SourceStatus::Corrupt,
                _ => SourceStatus::Unreadable,
            },
            note,
            warning: Some(warning),
        }
    })
}

/// The folder that is a link, as shown (`/Users/alice/Library`).
fn shown_tail(shown: &str, at: &Path, abs: &Path) -> String {
    let below = abs
        .strip_prefix(at)
        .map(|p| p.components().count())
        .unwrap_or(0);
    let mut parts: Vec<&str> = shown.split('/').collect();
    parts.truncate(parts.len().saturating_sub(below));
    parts.join("/")
}

/// The note of a source read: how it was opened.
pub fn read_note(db: &ReadOnlyDb) -> &'static str {
    match db.copied {
        true => "read from a private copy (it has a WAL)",
        false => "read in place, immutable",
    }
}
