//! Issue 25 (item 5): one table decides the exit code and the footer's
//! heading, command × warning kind (`WarningKind::MISSES`), and
//! docs/SCHEMAS.md and the README say the same.

use std::fs;
use std::path::Path;

use rusqlite::Connection;
use wxinspect::model::warning::MISSES;
use wxinspect::model::WarningKind;

use crate::common::wx;

#[test]
fn issue_25_the_exit_code_table_is_the_documented_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = fs::read_to_string(root.join("docs/SCHEMAS.md")).unwrap();
    for (kind, cmds) in MISSES {
        let row = doc
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", kind.as_str())))
            .unwrap_or_else(|| panic!("SCHEMAS.md has no row for {kind:?}"));
        let said = row.trim_end_matches('|').rsplit('|').next().unwrap().trim();
        let want = match *cmds {
            ["*"] => "every command".to_string(),
            [] => "none".to_string(),
            named => {
                let v: Vec<String> = named.iter().map(|c| format!("`{c}`")).collect();
                v.join(", ")
            }
        };
        assert_eq!(said, want, "{kind:?}");
    }
    assert_eq!(MISSES.len(), WarningKind::ALL.len(), "a row per kind");
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let para = readme.split("Exit codes:").nth(1).unwrap();
    assert!(
        para.contains("`config`, `dbs`, `network` and `system`"),
        "the README names the commands corrupt content counts for"
    );
}

/// A home with one warning of several kinds: a truncated settings plist
/// and a corrupt `.dat` image (corrupt), a database whose WAL is over the
/// copy limit (wal_not_read), a link loop.
fn home_with_warnings(t: &Path) -> std::path::PathBuf {
    let home = t.join("home");
    let data = home.join("Library/Containers/com.tencent.xinWeChat/Data");
    let prefs = data.join("Library/Preferences");
    fs::create_dir_all(&prefs).unwrap();
    fs::write(
        prefs.join("com.tencent.xinWeChat.plist"),
        b"bplist00\xd1\x01\x02Tkey\x00\x00\x00",
    )
    .unwrap();
    let acct = data.join("Documents/xwechat_files/wxid_exit_1a2b");
    let img = acct.join("msg/attach/0123456789abcdef0123456789abcdef/2025-03/Img");
    fs::create_dir_all(&img).unwrap();
    let mut dat = b"\x07\x08V2\x08\x07".to_vec();
    dat.extend_from_slice(&(1u32 << 20).to_le_bytes());
    dat.extend_from_slice(&0u32.to_le_bytes());
    dat.extend_from_slice(&[1; 30]);
    fs::write(img.join("a.dat"), &dat).unwrap();
    let dbdir = acct.join("db_storage/general");
    fs::create_dir_all(&dbdir).unwrap();
    let w = tempfile::tempdir().unwrap();
    let conn = Connection::open(w.path().join("general.db")).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t(x BLOB);",
    )
    .unwrap();
    for i in 0..8u8 {
        conn.execute("INSERT INTO t VALUES (?1)", [vec![i; 64 * 1024]])
            .unwrap();
    }
    fs::copy(w.path().join("general.db"), dbdir.join("general.db")).unwrap();
    fs::copy(
        w.path().join("general.db-wal"),
        dbdir.join("general.db-wal"),
    )
    .unwrap();
    drop(conn);
    std::os::unix::fs::symlink("loop", acct.join("loop")).unwrap();
    home
}

#[test]
fn issue_25_every_command_exits_as_the_table_says() {
    let t = tempfile::tempdir().unwrap();
    let home = home_with_warnings(t.path());
    let limit = ["--max-db-copy", "100KB", "--no-progress"];
    for cmd in [
        "scan", "media", "dupes", "reclaim", "dbs", "network", "config",
    ] {
        let json = wx()
            .args([cmd, "--format", "json"])
            .args(limit)
            .arg(&home)
            .output()
            .unwrap();
        let v: serde_json::Value =
            serde_json::from_slice(&json.stdout).unwrap_or_else(|e| panic!("{cmd}: {e}"));
        let kinds: Vec<WarningKind> = v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| WarningKind::parse(w["kind"].as_str().unwrap()).unwrap())
            .collect();
        let misses = kinds.iter().any(|k| k.misses_answer(cmd));
        let want = if misses { 2 } else { 0 };
        assert_eq!(json.status.code(), Some(want), "{cmd} (json): {kinds:?}");
        let table = wx().arg(cmd).args(limit).arg(&home).output().unwrap();
        assert_eq!(table.status.code(), Some(want), "{cmd} (table): {kinds:?}");
        let text = String::from_utf8_lossy(&table.stdout);
        if cmd != "scan" && !kinds.is_empty() {
            assert_eq!(
                text.contains("Not everything was read"),
                misses,
                "{cmd}: {text}"
            );
        }
    }
    // The cases the issue names: a truncated plist makes `config` exit 2;
    // a corrupt image that was counted and classified leaves `scan` at 0.
    let config = wx()
        .args(["config", "--no-progress"])
        .arg(&home)
        .output()
        .unwrap();
    assert_eq!(config.status.code(), Some(2));
    let scan = wx()
        .args(["scan", "--format", "json", "--no-progress"])
        .arg(&home)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&scan.stdout).unwrap();
    let kinds: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"corrupt"), "{kinds:?}");
    assert!(
        kinds.iter().all(|k| *k == "corrupt" || *k == "link_loop"),
        "{kinds:?}"
    );
    assert_eq!(scan.status.code(), Some(0));
}
