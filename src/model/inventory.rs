//! The one serde data model every command and renderer shares.
//!
//! Field names and enum spellings are the JSON contract of
//! `docs/SCHEMAS.md` (schema `wxinspect.inventory/1`): fields may be
//! added, never renamed or removed.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::detail::Detail;
use super::network::Network;
use super::paths::EntryPath;
use super::time::{Month, Mtime};
use super::vocab::{de_generation, ser_generation};
use super::vocab::{Category, Format, Generation, Kind, Role};
use super::warning::Warning;

/// Schema id of the inventory document.
pub const SCHEMA: &str = "wxinspect.inventory/1";

/// Tool name and version.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tool {
    /// `wxinspect`.
    pub name: String,
    /// The version that wrote the document.
    pub version: String,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: "wxinspect".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// One WeChat install: a (container, generation) pair.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Install {
    /// The container (or non-sandboxed data folder), relative to the root.
    pub path: String,
    /// Bundle id of the container, when the path names one.
    pub bundle_id: Option<String>,
    #[serde(serialize_with = "ser_generation", deserialize_with = "de_generation")]
    /// 3 or 4.
    pub generation: Generation,
    /// 3.x version folders (`2.0b4.0.9`), or the `xwechat_files` folder for 4.x.
    pub data_dir: String,
    /// 3.x version folders found.
    pub version_folders: Vec<String>,
    /// Account ids.
    pub accounts: Vec<String>,
}

/// One account folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    /// The folder name verbatim.
    pub id: String,
    #[serde(serialize_with = "ser_generation", deserialize_with = "de_generation")]
    /// 3 or 4.
    pub generation: Generation,
    /// Root-relative path of the folder.
    pub path: String,
    /// The install it belongs to (its `installs[].path`): one id can live
    /// in two installs (the Weixin-branded container beside the older one),
    /// and each is its own account with its own files.
    #[serde(default)]
    pub install: String,
    /// Files, hard links once.
    pub files: u64,
    /// Bytes, hard links once.
    pub bytes: u64,
    /// Not a person: a 3.x folder named md5 of an empty name
    /// (`d41d8cd98f00b204e9800998ecf8427e`) seen beside real accounts.
    #[serde(default)]
    pub placeholder: bool,
}

impl Account {
    /// Its install in a word: the container's folder name
    /// (`com.tencent.xWeChat`), `~` for a home's own folders.
    pub fn install_label(&self) -> &str {
        self.install.rsplit('/').next().unwrap_or(&self.install)
    }
}

/// A place WeChat keeps things, with its role and what it holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Location {
    /// Root-relative path.
    pub path: String,
    /// What the place is to WeChat.
    pub role: Role,
    /// The install it belongs to (`installs[].path`; `~` for a home's
    /// places outside any container).
    #[serde(default)]
    pub install: String,
    /// Files, hard links once.
    pub files: u64,
    /// Bytes, hard links once.
    pub bytes: u64,
}

/// One regular file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileEntry {
    /// Root-relative path (lossy where not UTF-8), its folder shared.
    pub path: EntryPath,
    #[serde(default)]
    /// The path is not UTF-8 and was written lossily.
    pub lossy_name: bool,
    /// Apparent size.
    pub size: u64,
    /// Bytes on disk.
    pub allocated: u64,
    /// Modification time.
    pub mtime: Option<Mtime>,
    /// Category.
    pub category: Category,
    /// Kind (role from the layout).
    pub kind: Kind,
    /// Format (from content).
    pub format: Format,
    /// Enciphered content.
    pub encrypted: bool,
    /// Counted by its size and place but not read (this process may not
    /// read it: a warning names it); written only when true.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unread: bool,
    /// Shared among the files of one account (one allocation per account).
    pub account: Option<super::shared::Shared>,
    /// Chat id (the chat folder), shared among its files.
    pub chat: Option<super::shared::Shared>,
    /// `YYYY-MM` from the layout, else from the mtime.
    #[serde(default)]
    pub month: Option<Month>,
    /// SHA-256, with `--hash`.
    pub sha256: Option<super::units::Sha256>,
    /// Inode identity, for counting hard links once (not in the contract's
    /// example, kept because `dupes` and totals need it): read it with
    /// [`FileEntry::inode`], make it with [`FileEntry::inode_of`].
    #[serde(skip)]
    pub ino: Option<(u64, std::num::NonZeroU64)>,
    #[serde(default, skip_serializing)]
    /// Hard links to the inode, at most 65,535 (more is never seen on a
    /// WeChat tree; two bytes here keep the record at 128 bytes, issue 31).
    pub nlink: u16,
    /// The generation of the tree the file sits in, from its logical path.
    #[serde(skip)]
    pub generation: Option<Generation>,
    /// The exact name bytes of a path that is not UTF-8 (`path` is lossy),
    /// relative to the scan root.
    #[serde(skip)]
    pub raw_path: Option<Box<std::path::PathBuf>>,
    /// Sniff details later stages use (page sizes, XOR keys).
    #[serde(skip)]
    pub detail: Option<Detail>,
    /// The walk root (location) it was found under, by index.
    #[serde(skip)]
    pub root: u16,
}

impl FileEntry {
    /// The field `inode` of a file `ino` on `dev` (inode 0 is no inode).
    pub fn inode_of(dev: u64, ino: u64) -> Option<(u64, std::num::NonZeroU64)> {
        std::num::NonZeroU64::new(ino).map(|i| (dev, i))
    }

    /// Its inode identity (`dev`, `ino`), when known: for counting hard
    /// links once. Kept with a zero-free inode number so that the
    /// `Option` costs no room (issue 31).
    pub fn inode(&self) -> Option<(u64, u64)> {
        self.ino.map(|(d, i)| (d, i.get()))
    }
}

#[cfg(test)]
impl FileEntry {
    /// A media image entry for unit tests; tests set what they vary.
    pub(crate) fn for_test(path: &str, size: u64, inode: u64, nlink: u16) -> FileEntry {
        FileEntry {
            path: path.into(),
            lossy_name: false,
            size,
            allocated: 0,
            mtime: None,
            category: Category::Media,
            kind: Kind::Image,
            format: Format::Jpeg,
            encrypted: false,
            unread: false,
            account: None,
            chat: None,
            month: None,
            sha256: None,
            ino: FileEntry::inode_of(1, inode),
            nlink,
            generation: None,
            raw_path: None,
            detail: None,
            root: 0,
        }
    }
}

/// A symbolic link, recorded and never followed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Link {
    /// Root-relative path of the link.
    pub path: String,
    /// The link text, verbatim.
    pub target: String,
    /// `inside` (resolves inside the scanned tree), `outside`, `missing`
    /// or `loop`, worked out from the link text without following it.
    #[serde(default)]
    pub points: String,
    /// A sandbox mirror of the user's own folder (`Data/Desktop`,
    /// `Data/Pictures`, …): not WeChat data.
    #[serde(default)]
    pub user_folder: bool,
}

/// Crash reports of WeChat.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Crashes {
    /// Reports per WeChat version (`unknown` where the header says none).
    pub by_version: BTreeMap<String, u64>,
    /// The newest report.
    pub last: Option<LastCrash>,
}

/// The newest crash report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LastCrash {
    /// WeChat's version.
    pub app_version: Option<String>,
    /// The OS.
    pub os_version: Option<String>,
    /// When, as the report writes it.
    pub time: Option<String>,
    /// Root-relative path of the report.
    pub path: String,
}

/// A FIFO, socket or device: listed, never opened, never counted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Special {
    /// Root-relative path.
    pub path: String,
    #[serde(rename = "type")]
    /// `fifo`, `socket`, `block_device`, `char_device` or `other`.
    pub kind: String,
}

/// What `lstat` says of an entry that is not a regular file (a folder, a
/// link, a FIFO or device), recorded only when a walk is asked to
/// (`scan --format ncdu`, which writes every entry with its own size).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryStat {
    /// Root-relative path ("" for the root itself; a folder's is shared
    /// with its files' records).
    pub path: std::sync::Arc<str>,
    /// What it is.
    pub kind: StatKind,
    /// Apparent size (`st_size`).
    pub size: u64,
    /// Bytes on disk (`st_blocks` × 512).
    pub allocated: u64,
    /// Device.
    pub dev: u64,
    /// Inode number.
    pub ino: u64,
    /// A folder whose listing failed (ncdu's `read_error`).
    pub unlisted: bool,
}

/// The kinds of [`EntryStat`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatKind {
    /// A folder.
    Folder,
    /// A symbolic link.
    Link,
    /// A FIFO, socket or device.
    Special,
}

/// Files and bytes.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Count {
    /// Files.
    pub files: u64,
    /// Bytes (apparent size).
    pub bytes: u64,
}

impl Count {
    /// Counts one file of `bytes`.
    pub fn add(&mut self, bytes: u64) {
        self.files += 1;
        self.bytes += bytes;
    }
}

/// Totals over `files[]`, hard links counted once.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Totals {
    /// Files, hard links once.
    pub files: u64,
    /// Bytes, hard links once.
    pub bytes: u64,
    #[serde(default)]
    /// Bytes on disk.
    pub allocated: u64,
    /// Files and bytes per category.
    pub by_category: BTreeMap<String, Count>,
    /// Of those, the files counted by their size and place but not read
    /// (this process may not read them; warnings name them).
    #[serde(default)]
    pub unread: Count,
}

/// A table of a plain SQLite database with its row count.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableInfo {
    /// Table name.
    pub name: String,
    /// Row count (`null` where the table cannot be counted).
    pub rows: Option<u64>,
}

/// One database file (format `sqlite` or `sqlcipher`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Database {
    /// Root-relative path.
    pub path: String,
    /// Kind (role of the database).
    pub kind: Kind,
    /// `sqlite` or `sqlcipher`.
    pub format: Format,
    /// Enciphered.
    pub encrypted: bool,
    /// Account id.
    pub account: Option<String>,
    /// Bytes of the main file.
    pub size: u64,
    /// Page size: read (plain SQLite) or guessed (encrypted).
    pub page_size_guess: Option<u32>,
    /// Where the page size comes from.
    pub page_size_reason: Option<String>,
    /// Bytes of its `-wal` (0: none).
    pub wal_bytes: u64,
    /// Frames in the WAL, where the page size is known.
    pub wal_frames: Option<u64>,
    /// `None` when the tables were not read (encrypted, key material,
    /// skipped, or not yet inspected).
    pub tables: Option<Vec<TableInfo>>,
    #[serde(default)]
    /// Why the tables were not read, when they were not.
    pub note: Option<String>,
}

/// The inventory document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Inventory {
    /// `wxinspect.inventory/1`.
    pub schema: String,
    /// The tool that wrote it.
    pub tool: Tool,
    /// When, RFC 3339 UTC.
    pub generated_at: String,
    /// The command line (program by name only).
    pub command: Vec<String>,
    /// The PATH, absolute.
    pub root: String,
    /// A WeChat location was recognised under PATH; false: its files are
    /// classified by content alone (older inventories: true).
    #[serde(default = "recognised_by_default")]
    pub wechat_found: bool,
    /// Installs.
    pub installs: Vec<Install>,
    /// Accounts with their totals.
    pub accounts: Vec<Account>,
    /// Every place WeChat keeps things, with its role and totals.
    #[serde(default)]
    pub locations: Vec<Location>,
    /// Every regular file.
    pub files: Vec<FileEntry>,
    /// Symbolic links, never followed or counted.
    pub links: Vec<Link>,
    #[serde(default)]
    /// FIFOs, sockets, devices: never opened or counted.
    pub specials: Vec<Special>,
    /// Totals, hard links once.
    pub totals: Totals,
    /// Every `sqlite` or `sqlcipher` file.
    pub databases: Vec<Database>,
    /// Hosts, cookies, net config files.
    pub network: Network,
    /// What could not be read, and content problems.
    pub warnings: Vec<Warning>,
    /// Warnings past the first [`super::warning::cap`] of their kind:
    /// counted, not listed (written only when some were).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub warnings_omitted: super::warning::Omitted,
    /// WeChat's crash reports.
    #[serde(default)]
    pub crashes: Crashes,
    /// Names of the chats whose folder names are well known (md5 of a
    /// system user name: `filehelper` is File Transfer).
    #[serde(default)]
    pub chats: BTreeMap<String, String>,
}

fn recognised_by_default() -> bool {
    true
}

impl Inventory {
    /// The warnings a command that shows the files `wanted` accepts must
    /// report: those about such files, and every entry-level one (a folder
    /// that could not be read may hide anything).
    pub fn warnings_about(&self, wanted: impl Fn(&FileEntry) -> bool) -> Vec<Warning> {
        self.warnings_about_index(|i| wanted(&self.files[i]))
    }

    /// [`Inventory::warnings_about`] the files whose index `wanted` accepts.
    pub fn warnings_about_index(&self, wanted: impl Fn(usize) -> bool) -> Vec<Warning> {
        // The few warnings are looked up among the files (sorted by path
        // after a walk), not the files put in a set (issue 31: a set of a
        // million paths was 9 % of `reclaim`'s time and 16 MiB).
        let sorted = self.files.is_sorted_by(|a, b| a.path <= b.path);
        let set: HashSet<&EntryPath> = match sorted {
            true => HashSet::new(),
            false => (0..self.files.len())
                .filter(|&i| wanted(i))
                .map(|i| &self.files[i].path)
                .collect(),
        };
        let about = |w: &Warning| {
            let p = EntryPath::parse(&w.path);
            match sorted {
                true => self
                    .files
                    .binary_search_by(|f| f.path.cmp(&p))
                    .is_ok_and(&wanted),
                false => set.contains(&p),
            }
        };
        self.warnings
            .iter()
            .filter(|w| w.kind.is_entry_level() || about(w))
            .cloned()
            .collect()
    }

    /// Drops repeated warnings (the same path and kind from two readers),
    /// keeping the first.
    pub fn dedup_warnings(&mut self) {
        super::warning::dedup(&mut self.warnings);
        super::warning::keep_first(&mut self.warnings, &mut self.warnings_omitted);
    }

    /// True when some entry could not be read (exit code 2).
    pub fn has_unreadable(&self) -> bool {
        self.warnings.iter().any(|w| w.kind.is_unreadable())
    }
}

impl Inventory {
    /// An inventory with nothing in it (fields are filled in by whoever
    /// builds one: a scan, or the reader of an NDJSON inventory).
    pub fn empty() -> Inventory {
        Inventory {
            schema: SCHEMA.into(),
            tool: Tool::default(),
            generated_at: String::new(),
            command: vec![],
            root: String::new(),
            wechat_found: true,
            installs: vec![],
            accounts: vec![],
            locations: vec![],
            files: vec![],
            links: vec![],
            specials: vec![],
            totals: Totals::default(),
            databases: vec![],
            network: Network::default(),
            warnings: vec![],
            warnings_omitted: BTreeMap::new(),
            crashes: Crashes::default(),
            chats: BTreeMap::new(),
        }
    }

    /// An inventory of `files` under `root`, for unit tests.
    #[cfg(test)]
    pub(crate) fn for_test(root: &str, files: Vec<FileEntry>) -> Inventory {
        Inventory {
            root: root.into(),
            files,
            ..Inventory::empty()
        }
    }
}

#[cfg(test)]
mod tests {

    /// Issue 31: warnings about the files a command shows are looked up
    /// among the files (sorted after a walk; a set when not sorted): the
    /// same answer either way, entry-level warnings always kept.
    #[test]
    fn issue_31_warnings_are_found_among_sorted_and_unsorted_files() {
        let files = ["a/1.dat", "a/2.dat", "b/3.dat"]
            .iter()
            .enumerate()
            .map(|(i, p)| FileEntry::for_test(p, 10, i as u64 + 1, 1))
            .collect();
        let mut inv = Inventory::for_test("/r", files);
        inv.warnings = vec![
            Warning::corrupt("a/2.dat", "bad"),
            Warning::corrupt("b/3.dat", "bad"),
            Warning::corrupt("c/gone.dat", "bad"),
            Warning::new("d", crate::model::WarningKind::PermissionDenied, "no"),
        ];
        let paths = |inv: &Inventory| -> Vec<String> {
            let w = inv.warnings_about(|f| f.path.starts_with("a/") || f.path == "b/9");
            w.into_iter().map(|w| w.path).collect()
        };
        assert_eq!(paths(&inv), ["a/2.dat", "d"]);
        inv.files.reverse();
        assert_eq!(paths(&inv), ["a/2.dat", "d"]);
    }

    /// Issue 31: a file's record is what every command holds a million
    /// of; it grew past 200 bytes once. Shrinking it further is welcome,
    /// growing it is a decision (BENCHMARKS.md says where each byte goes).
    #[test]
    fn issue_31_a_record_stays_within_120_bytes() {
        assert!(std::mem::size_of::<FileEntry>() <= 120);
        assert_eq!(std::mem::size_of::<Option<crate::model::Mtime>>(), 12);
        assert_eq!(std::mem::size_of::<Option<crate::model::Month>>(), 4);
    }

    use super::*;

    #[test]
    fn vocab_round_trips() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.as_str()), Some(*f));
            assert_eq!(
                serde_json::to_string(f).unwrap(),
                format!("\"{}\"", f.as_str())
            );
        }
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(*k));
        }
    }

    #[test]
    fn hard_links_count_once() {
        let mk = |p: &str, ino| FileEntry {
            allocated: 4096,
            ..FileEntry::for_test(p, 10, ino, 2)
        };
        let mut inv = Inventory::for_test("", vec![mk("a", 7), mk("b", 7), mk("c", 8)]);
        inv.compute_totals();
        assert_eq!(inv.totals.files, 2);
        assert_eq!(inv.totals.bytes, 20);
        assert_eq!(inv.totals.by_category["media"].files, 2);
    }
}
