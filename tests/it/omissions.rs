//! Issue 19: no silent omissions. Every command says, in every format, what
//! it could not read of what it shows; a database whose WAL is over the
//! copy limit is `wal_not_read`, never `corrupt`.
//!
//! The fixture: a real WAL-mode NSURLCache (rows only in its WAL) read with
//! a copy limit below its size, a truncated binary plist, and (when the
//! tests run as root, as CI does) a media file and a folder that the
//! unprivileged user the binary runs as cannot read.

use crate::common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use rusqlite::Connection;

const DATA: &str = "Library/Containers/com.tencent.xinWeChat/Data";
const CACHE_DB: &str = "Library/Caches/com.tencent.xinWeChat/Cache.db";
const PLIST: &str = "Library/Preferences/com.tencent.xinWeChat.plist";
const ACCT: &str = "Documents/xwechat_files/wxid_o_0a0b";

struct Fixture {
    _t: tempfile::TempDir,
    home: PathBuf,
    bin: PathBuf,
    /// The binary runs as `nobody`, so permission problems are real.
    unprivileged: bool,
}

fn nsurlcache_with_rows_in_wal(dir: &Path) {
    let w = tempfile::tempdir().unwrap();
    let db = w.path().join("Cache.db");
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;
         CREATE TABLE cfurl_cache_response(entry_ID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE,
           version INTEGER, hash_value INTEGER, storage_policy INTEGER, request_key TEXT UNIQUE,
           time_stamp NOT NULL DEFAULT CURRENT_TIMESTAMP, partition TEXT);
         CREATE TABLE cfurl_cache_blob_data(entry_ID INTEGER PRIMARY KEY, response_object BLOB,
           request_object BLOB, proto_props BLOB, user_info BLOB);
         CREATE TABLE cfurl_cache_receiver_data(entry_ID INTEGER PRIMARY KEY, isDataOnFS INTEGER,
           receiver_data BLOB);",
    )
    .unwrap();
    for i in 0..8i64 {
        conn.execute(
            "INSERT INTO cfurl_cache_response(entry_ID, version, hash_value, storage_policy, request_key)
             VALUES (?1, 0, 0, 0, ?2)",
            rusqlite::params![i + 1, format!("https://mmbiz.qpic.cn/x/{i}")],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO cfurl_cache_receiver_data VALUES (?1, 0, ?2)",
            rusqlite::params![i + 1, vec![7u8; 256 * 1024]],
        )
        .unwrap();
    }
    fs::create_dir_all(dir).unwrap();
    fs::copy(&db, dir.join("Cache.db")).unwrap();
    fs::copy(w.path().join("Cache.db-wal"), dir.join("Cache.db-wal")).unwrap();
    drop(conn);
}

fn fixture() -> Fixture {
    let t = tempfile::tempdir().unwrap();
    let home = t.path().join("home");
    let data = home.join(DATA);
    nsurlcache_with_rows_in_wal(data.join(CACHE_DB).parent().unwrap());
    fs::create_dir_all(data.join("Library/Preferences")).unwrap();
    // A binary plist cut short: its trailer points past the end.
    fs::write(data.join(PLIST), b"bplist00\xd1\x01\x02Tkey\x00\x00\x00").unwrap();
    let files = data.join(ACCT).join("msg/file/2025-05");
    fs::create_dir_all(&files).unwrap();
    fs::create_dir_all(data.join(ACCT).join("db_storage")).unwrap();
    fs::write(files.join("readable.pdf"), b"%PDF-1.4 readable").unwrap();
    fs::write(files.join("secret.pdf"), b"%PDF-1.4 unreadable").unwrap();
    let locked = data.join(ACCT).join("msg/video/2025-05");
    fs::create_dir_all(&locked).unwrap();
    fs::write(locked.join("v.mp4"), b"\0\0\0\x18ftypmp42").unwrap();
    let unprivileged = rustix::process::getuid().is_root() && has_setpriv();
    let bin = t.path().join("wxinspect");
    fs::copy(assert_cmd::cargo::cargo_bin("wxinspect"), &bin).unwrap();
    if unprivileged {
        for p in walk(t.path()) {
            let mode = if p.is_dir() { 0o755 } else { 0o644 };
            fs::set_permissions(&p, fs::Permissions::from_mode(mode)).unwrap();
        }
        fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
        fs::set_permissions(files.join("secret.pdf"), fs::Permissions::from_mode(0o000)).unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        let mut p = t.path().to_path_buf();
        while p.pop() && p != Path::new("/") {
            let m = fs::metadata(&p).unwrap().permissions().mode();
            if m & 0o001 == 0 {
                eprintln!(
                    "skipped the permission part: {} is not traversable",
                    p.display()
                );
                return Fixture {
                    _t: t,
                    home,
                    bin,
                    unprivileged: false,
                };
            }
        }
    } else {
        eprintln!("the permission part needs root and setpriv: skipped");
    }
    Fixture {
        _t: t,
        home,
        bin,
        unprivileged,
    }
}

fn has_setpriv() -> bool {
    Command::new("setpriv").arg("--version").output().is_ok()
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![root.to_path_buf()];
    let mut i = 0;
    while i < out.len() {
        if out[i].is_dir() && !out[i].is_symlink() {
            let mut kids: Vec<PathBuf> = fs::read_dir(&out[i])
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            out.append(&mut kids);
        }
        i += 1;
    }
    out
}

impl Fixture {
    /// Runs the binary (as `nobody` when possible) with a 1 MB copy limit.
    fn run(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let mut c = if self.unprivileged {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .arg(&self.bin);
            c
        } else {
            Command::new(&self.bin)
        };
        let out = c
            .args(args)
            .arg(&self.home)
            .args(["--max-db-copy", "1MB", "--no-progress"])
            .env("TMPDIR", self._t.path())
            .env_remove("COLUMNS")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn json(&self, cmd: &str) -> serde_json::Value {
        let (code, out, err) = self.run(&[cmd, "--format", "json"]);
        assert!(matches!(code, Some(0 | 2)), "{cmd}: {code:?} {err}");
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{cmd}: {e}: {out}"))
    }
}

fn kinds_for(doc: &serde_json::Value, path_end: &str) -> Vec<String> {
    doc["warnings"]
        .as_array()
        .unwrap_or_else(|| panic!("no warnings array in {doc}"))
        .iter()
        .filter(|w| w["path"].as_str().unwrap().ends_with(path_end))
        .map(|w| w["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn issue_19_every_command_names_what_it_did_not_read() {
    let f = fixture();
    let before = common::snapshot(&f.home);

    // network: the URL cache was not read, and it says how to read it.
    let (code, table, _) = f.run(&["network"]);
    assert_eq!(code, Some(2), "{table}");
    // The URL cache, and the broken preferences plist (read for URLs).
    assert!(table.contains("2 sources not read"), "{table}");
    assert!(table.contains("--max-db-copy 1GiB"), "{table}");
    assert!(table.contains("Cache.db"), "{table}");
    let net = f.json("network");
    assert_eq!(kinds_for(&net, "Cache.db"), ["wal_not_read"]);
    let w = net["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "wal_not_read")
        .unwrap();
    assert!(
        w["bytes"].as_u64().unwrap() > 1_000_000 && w["limit"] == 1_000_000,
        "{w}"
    );
    assert!(
        !w["message"]
            .as_str()
            .unwrap()
            .contains(f.home.to_str().unwrap()),
        "absolute path in {w}"
    );

    // dbs: same kind, a note that the main file alone was read; never corrupt.
    let (code, table, _) = f.run(&["dbs"]);
    assert_eq!(code, Some(2));
    assert!(table.contains("not fully read"), "{table}");
    assert!(table.contains("--max-db-copy"), "{table}");
    let dbs = f.json("dbs");
    assert_eq!(kinds_for(&dbs, "Cache.db"), ["wal_not_read"]);
    let row = dbs["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with("Cache.db"))
        .unwrap();
    assert!(
        row["note"].as_str().unwrap().contains("main file alone"),
        "{row}"
    );

    // config: the broken plist.
    let (_, table, _) = f.run(&["config"]);
    assert!(table.contains("com.tencent.xinWeChat.plist"), "{table}");
    assert_eq!(
        kinds_for(&f.json("config"), "com.tencent.xinWeChat.plist"),
        ["corrupt"]
    );

    // scan: every kind, and the unread WAL is not called corrupt.
    let inv = f.json("scan");
    assert_eq!(kinds_for(&inv, "Cache.db"), ["wal_not_read"]);

    if f.unprivileged {
        // media and dupes: the unreadable file and folder, in table and JSON.
        for cmd in ["media", "dupes", "reclaim", "network", "dbs", "config"] {
            let doc = f.json(cmd);
            assert_eq!(
                kinds_for(&doc, "secret.pdf"),
                ["permission_denied"],
                "{cmd}"
            );
            assert_eq!(
                kinds_for(&doc, "msg/video/2025-05"),
                ["permission_denied"],
                "{cmd}"
            );
            let (code, table, _) = f.run(&[cmd]);
            assert_eq!(code, Some(2), "{cmd}");
            assert!(
                table.contains("2 entries not readable (permission denied)"),
                "{cmd}: {table}"
            );
        }
        // CSV keeps its rows clean and says it on stderr.
        let (_, csv, err) = f.run(&["media", "--format", "csv"]);
        assert!(!csv.contains("not readable"));
        assert!(err.contains("2 entries not readable"), "{err}");
    }

    // The report's warnings section holds them all.
    let (_, report, _) = f.run(&["report"]);
    let section = report.split("## Warnings").nth(1).unwrap();
    for k in ["wal_not_read", "corrupt"] {
        assert!(
            section.contains(k),
            "{k} missing from the report's warnings"
        );
    }
    if f.unprivileged {
        assert!(section.contains("permission_denied"));
    }
    assert_eq!(
        common::snapshot(&f.home),
        before,
        "the inspected tree changed"
    );
}

#[test]
fn issue_19_diff_says_what_either_scan_did_not_read() {
    let f = fixture();
    let t = tempfile::tempdir().unwrap();
    let a = t.path().join("a.json");
    let (_, inv, _) = f.run(&["scan", "--format", "json"]);
    fs::write(&a, &inv).unwrap();
    let out = Command::new(&f.bin)
        .args(["diff"])
        .arg(&a)
        .arg(&a)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ws = d["warnings"].as_array().unwrap();
    assert!(
        ws.iter()
            .any(|w| w["side"] == "old" && w["kind"] == "wal_not_read"),
        "{d}"
    );
    assert!(
        ws.iter()
            .any(|w| w["side"] == "new" && w["kind"] == "wal_not_read"),
        "{d}"
    );
    let table = Command::new(&f.bin)
        .args(["diff"])
        .arg(&a)
        .arg(&a)
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(table.contains("did not read everything"), "{table}");
    assert_eq!(table.matches("--max-db-copy").count(), 2, "{table}");
}

/// Issue 25: a file this process may not read is still counted (its size
/// and place are known from `lstat`): the totals do not shrink, the file
/// is marked unread, and the summary says how many were not read.
#[test]
fn issue_25_an_unreadable_file_is_counted_not_dropped() {
    let f = fixture();
    if !f.unprivileged {
        return;
    }
    let everything = {
        let out = Command::new(&f.bin)
            .args(["scan", "--format", "json", "--no-progress"])
            .arg(&f.home)
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let inv = f.json("scan");
    // The folder at 0o000 hides its files; the file at 0o000 is counted.
    let files = |v: &serde_json::Value| v["files"].as_array().unwrap().len();
    assert_eq!(
        files(&inv),
        files(&everything) - 1,
        "only v.mp4 (behind the locked folder) is missing"
    );
    let secret = inv["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["path"].as_str().unwrap().ends_with("secret.pdf"))
        .expect("secret.pdf is in the inventory");
    assert_eq!(secret["unread"], true);
    assert_eq!(secret["category"], "media");
    assert_eq!(inv["totals"]["unread"]["files"], 1);
    let (_, table, _) = f.run(&["scan"]);
    assert!(
        table.contains("1 file (19 B) counted by size and place but not read"),
        "{table}"
    );
}
