//! `wxinspect scan`: classification of the sample home, the JSON contract,
//! read-only behaviour, traps (issue 2).

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::common::*;
use predicates::prelude::*;

fn expectations() -> BTreeMap<String, (String, String, String)> {
    let text = fs::read_to_string(sample_home().parent().unwrap().join("expected.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (
                c[0].to_string(),
                (c[1].to_string(), c[2].to_string(), c[3].to_string()),
            )
        })
        .collect()
}

#[test]
fn issue_2_every_sample_file_classified_as_the_generator_meant() {
    let inv = inventory(&sample_home());
    let exp = expectations();
    let mut got = BTreeMap::new();
    for f in inv["files"].as_array().unwrap() {
        let s = |k: &str| f[k].as_str().unwrap().to_string();
        got.insert(s("path"), (s("category"), s("kind"), s("format")));
    }
    let mut mismatches = Vec::new();
    for (p, e) in &exp {
        match got.get(p) {
            Some(g) if g == e => {}
            other => mismatches.push(format!("{p}: expected {e:?}, got {other:?}")),
        }
    }
    for p in got.keys().filter(|p| !exp.contains_key(*p)) {
        mismatches.push(format!("{p}: not in expected.tsv"));
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn issue_2_json_follows_the_contract() {
    let inv = inventory(&sample_home());
    assert_eq!(inv["schema"], "wxinspect.inventory/1");
    for key in [
        "tool",
        "generated_at",
        "command",
        "root",
        "installs",
        "accounts",
        "files",
        "links",
        "totals",
        "databases",
        "network",
        "warnings",
    ] {
        assert!(inv.get(key).is_some(), "missing {key}");
    }
    let f = &inv["files"][0];
    for key in [
        "path",
        "size",
        "allocated",
        "mtime",
        "category",
        "kind",
        "format",
        "encrypted",
        "account",
        "chat",
        "sha256",
    ] {
        assert!(f.get(key).is_some(), "file entry lacks {key}");
    }
    // Installs: one per (container, generation); accounts as folder names.
    let installs = inv["installs"].as_array().unwrap();
    assert_eq!(installs.len(), 3);
    let mut ids: Vec<&str> = inv["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "3f4b2c1d0e9f8a7b6c5d4e3f2a1b0c9d",
            "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5",
            // Issue 11: the placeholder folder (md5 of an empty name).
            "d41d8cd98f00b204e9800998ecf8427e",
            "jingmiao0924_5519",
            "wxid_abc123def456_1a2b",
            // Issue 11: an xwechat_files tree nested inside app_data.
            "wxid_nested9_8c7d"
        ]
    );
    // Totals add up.
    let files = inv["files"].as_array().unwrap();
    let bytes: u64 = files.iter().map(|f| f["size"].as_u64().unwrap()).sum();
    assert_eq!(inv["totals"]["bytes"].as_u64().unwrap(), bytes);
    assert_eq!(inv["totals"]["files"].as_u64().unwrap(), files.len() as u64);
    // Paths are relative to the root, with `/`.
    assert!(files
        .iter()
        .all(|f| !f["path"].as_str().unwrap().starts_with('/')));
    // Chats and accounts are attributed where the layout says.
    let img = files
        .iter()
        .find(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .ends_with("4341616580689_.pic.jpg")
        })
        .unwrap();
    assert_eq!(img["account"], "3f4b2c1d0e9f8a7b6c5d4e3f2a1b0c9d");
    assert_eq!(img["chat"], "5f1e0d2c3b4a69788796a5b4c3d2e1f0");
    let dat = files
        .iter()
        .find(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .contains("wxid_abc123def456_1a2b/msg/attach/")
                && f["format"] == "wechat_dat_v2"
        })
        .unwrap();
    assert_eq!(dat["account"], "wxid_abc123def456_1a2b");
    assert_eq!(dat["month"], "2025-03");
    assert_eq!(dat["encrypted"], true);
    let key = files
        .iter()
        .find(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .ends_with("login/wxid_abc123def456/key_info.db")
        })
        .unwrap();
    assert_eq!(
        key["account"], "wxid_abc123def456_1a2b",
        "login folder without suffix maps to the account"
    );
    // Links recorded, not followed.
    let links = inv["links"].as_array().unwrap();
    assert!(links.iter().any(
        |l| l["target"] == "/Volumes/BINGNET/xwechat_files/Backup" && l["points"] == "outside"
    ));
    // Databases: every sqlite/sqlcipher file of WeChat's, with page-size
    // guesses; (issue 11) a database someone sent is a received file.
    let dbs = inv["databases"].as_array().unwrap();
    let n = files
        .iter()
        .filter(|f| f["format"] == "sqlite" || f["format"] == "sqlcipher")
        .filter(|f| f["category"] != "media")
        .count();
    assert_eq!(dbs.len(), n);
    assert!(files
        .iter()
        .any(|f| f["category"] == "media" && f["format"] == "sqlite"));
    let m0 = dbs
        .iter()
        .find(|d| {
            d["path"]
                .as_str()
                .unwrap()
                .ends_with("wxid_abc123def456_1a2b/db_storage/message/message_0.db")
        })
        .unwrap();
    assert_eq!(m0["page_size_guess"], 4096);
    assert!(m0["page_size_reason"].as_str().unwrap().contains("-wal"));
    assert_eq!(m0["wal_frames"], 2);
    let msg3 = dbs
        .iter()
        .find(|d| {
            d["path"].as_str().unwrap().ends_with("Message/msg_0.db")
                && d["path"].as_str().unwrap().contains("3f4b")
        })
        .unwrap();
    assert_eq!(msg3["page_size_guess"], 1024);
}

#[test]
fn issue_2_table_csv_and_exit_codes() {
    wx().args(["scan"])
        .arg(sample_home())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Storage by category")
                .and(predicate::str::contains("wxid_abc123def456_1a2b")),
        );
    let out = wx()
        .args(["scan", "--format", "csv"])
        .arg(sample_home())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(
        "path,size,allocated,mtime,category,kind,format,encrypted,account,chat,month,sha256"
    ));
    assert_eq!(text.lines().count(), 1 + expectations().len());
    wx().args(["scan", "/definitely/not/here"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/definitely/not/here"));
    if !cfg!(target_os = "macos") {
        wx().arg("scan")
            .assert()
            .code(1)
            .stderr(predicate::str::contains("sample-data/home"));
    }
}

#[test]
fn issue_2_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("wxinspect"))
        .args(["scan", "--format", "json"])
        .arg(sample_home())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut r = BufReader::with_capacity(16, child.stdout.take().unwrap());
    r.read_line(&mut first).ok();
    drop(r);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn issue_2_read_only_in_every_format() {
    let (_t, home) = sample_copy();
    let before = snapshot(&home);
    for fmt in ["table", "json", "csv"] {
        wx().args(["scan", "--format", fmt])
            .arg(&home)
            .assert()
            .success();
    }
    assert_same(&before, &snapshot(&home));
}

#[test]
fn issue_2_traps_fifo_loops_links_non_utf8_empty() {
    use std::os::unix::ffi::OsStrExt;
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("xwechat_files/wxid_trap_0a0b");
    let dir = root.join("msg/file/2025-05");
    fs::create_dir_all(&dir).unwrap();
    fs::create_dir_all(root.join("db_storage")).unwrap();
    let fifo = dir.join("pipe");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink("loop", dir.join("loop")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.join("outside")).unwrap();
    std::os::unix::fs::symlink("../2025-05", dir.join("cycle")).unwrap();
    let bad = std::ffi::OsStr::from_bytes(b"bad-\xff\xfe-name.jpg");
    if common::NON_UTF8_NAMES {
        fs::write(dir.join(bad), b"\xff\xd8\xff\xe0jpeg").unwrap();
    }
    fs::write(dir.join("empty.bin"), b"").unwrap();
    let before = snapshot(t.path());
    let out = wx()
        .args(["scan", "--format", "json"])
        .arg(&root)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let inv: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = inv["files"].as_array().unwrap();
    let specials = inv["specials"].as_array().unwrap();
    assert!(specials
        .iter()
        .any(|s| s["type"] == "fifo" && s["path"].as_str().unwrap().ends_with("pipe")));
    let links = inv["links"].as_array().unwrap();
    let points = |name: &str| {
        links
            .iter()
            .find(|l| l["path"].as_str().unwrap().ends_with(name))
            .unwrap()["points"]
            .clone()
    };
    assert_eq!(points("loop"), "loop");
    assert_eq!(points("outside"), "outside");
    assert_eq!(points("cycle"), "inside");
    if common::NON_UTF8_NAMES {
        let lossy = files
            .iter()
            .find(|f| f["lossy_name"] == true)
            .expect("a lossy entry");
        assert!(lossy["path"].as_str().unwrap().contains('\u{fffd}'));
        assert_eq!(lossy["format"], "jpeg");
    }
    let empty = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("empty.bin"))
        .unwrap();
    assert_eq!(empty["format"], "empty");
    assert_eq!(
        inv["totals"]["files"], 2,
        "links and the FIFO are not counted"
    );
    assert_same(&before, &snapshot(t.path()));
}

#[test]
fn issue_2_hard_links_counted_once() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("xwechat_files/wxid_h_0c0d/msg/file/2025-05");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("a.pdf"), b"%PDF-1.4 hard link test").unwrap();
    fs::hard_link(dir.join("a.pdf"), dir.join("b.pdf")).unwrap();
    let inv = inventory(&t.path().join("xwechat_files"));
    assert_eq!(inv["files"].as_array().unwrap().len(), 2);
    assert_eq!(inv["totals"]["files"], 1);
    assert_eq!(inv["totals"]["bytes"], 23);
}

#[test]
fn issue_2_locates_from_any_level() {
    let home = sample_home();
    let c = home.join("Library/Containers/com.tencent.xinWeChat");
    let inv = inventory(&c);
    assert_eq!(inv["installs"].as_array().unwrap().len(), 2);
    let v = c.join("Data/Library/Application Support/com.tencent.xinWeChat/2.0b4.0.9");
    let inv = inventory(&v);
    // Two accounts and (issue 11) the placeholder folder.
    assert_eq!(inv["accounts"].as_array().unwrap().len(), 3);
    let a = c.join("Data/Documents/xwechat_files/wxid_abc123def456_1a2b");
    let inv = inventory(&a);
    assert_eq!(inv["accounts"][0]["id"], "wxid_abc123def456_1a2b");
    let f = inv["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "db_storage/message/message_0.db")
        .unwrap();
    assert_eq!(f["kind"], "messages");
    // A copied account folder outside any container is found by content.
    let t = tempfile::tempdir().unwrap();
    let copy = t.path().join("evidence/wxid_abc123def456_1a2b");
    copy_tree(&a, &copy);
    let inv = inventory(&copy);
    assert_eq!(inv["accounts"][0]["id"], "wxid_abc123def456_1a2b");
    let f = inv["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "db_storage/message/message_0.db")
        .unwrap();
    assert_eq!(f["kind"], "messages");
}

#[test]
fn issue_2_shared_samples_sniff_to_their_true_formats() {
    let Some(dir) = shared_samples() else { return };
    let inv = inventory(&dir);
    let fmt = |p: &str| -> String {
        inv["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == p)
            .unwrap_or_else(|| panic!("{p} missing"))["format"]
            .as_str()
            .unwrap()
            .to_string()
    };
    for e in fs::read_dir(dir.join("cookies")).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert_eq!(fmt(&format!("cookies/{name}")), "binarycookies");
    }
    for e in fs::read_dir(dir.join("xlog")).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert_eq!(fmt(&format!("xlog/{name}")), "xlog", "{name}");
    }
    assert_eq!(fmt("voice/jimanji_test.tencent_silk.silk"), "silk");
    assert_eq!(fmt("voice/silk2H5_msg_1311.amr.tencent_silk"), "silk");
    assert_eq!(fmt("voice/silk2H5_test.plain_silk_v3.silk"), "silk");
    assert_eq!(fmt("voice/audio-amr-decode_test.amr_nb.amr"), "amr");
    assert_eq!(fmt("plist/artwolf_com.apple.dock.binary.plist"), "bplist");
    assert_eq!(fmt("plist/akolberg_com.apple.dock.xml.plist"), "xml_plist");
    assert_eq!(
        fmt("nsurlcache/ileapp_ios17_josh_safari/Cache.db-wal"),
        "sqlite_wal"
    );
    assert_eq!(
        fmt("nsurlcache/ileapp_ios16_mvs_safari/Cache.db-wal"),
        "sqlite_wal"
    );
    for db in [
        "sqlcipher/sqlcipher-3.0-testkey.db",
        "sqlcipher/sqlcipher-4.0-testkey.db",
    ] {
        assert_eq!(fmt(db), "sqlcipher");
        let d = inv["databases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"] == db)
            .unwrap();
        assert!(
            d["page_size_guess"].is_null(),
            "{db}: by size alone the page size is undetermined"
        );
        assert!(d["page_size_reason"]
            .as_str()
            .unwrap()
            .contains("undetermined"));
    }
    // The XOR keys, through the library's sniffer.
    for (name, key) in [
        ("wechat_dat/pearceduan_color.xor9f.dat", 0x9fu8),
        (
            "wechat_dat/liuggchen_0e2b0932fb3c65cb1cf1cf3d02130d4b.xor78.dat",
            0x78,
        ),
    ] {
        assert_eq!(fmt(name), "wechat_dat_xor");
        let f = fs::File::open(dir.join(name)).unwrap();
        let len = f.metadata().unwrap().len();
        let s =
            wxinspect::classify::sniff::sniff(&f, len, wxinspect::classify::sniff::Hint::default())
                .unwrap();
        assert_eq!(
            s.detail,
            wxinspect::model::Detail::Xor {
                key,
                inner: wxinspect::model::Format::Jpeg
            },
            "{name}"
        );
    }
    let _ = Path::new("");
}

#[test]
fn issue_7_table_only_scan_counts_the_same_as_a_full_one() {
    let (_t, home) = sample_copy();
    // A hard-linked pair among the counted-only files, and one among kept.
    let d = home.join("Library/Containers/com.tencent.xinWeChat/Data/Documents/xwechat_files/wxid_abc123def456_1a2b/msg/file/2025-03");
    fs::hard_link(d.join("photo.jpg"), d.join("photo-link.jpg")).unwrap();
    let db = home.join("Library/Containers/com.tencent.xinWeChat/Data/Documents/xwechat_files/wxid_abc123def456_1a2b/db_storage/session");
    fs::hard_link(db.join("session.db"), db.join("session-link.db")).unwrap();
    let run = |keep| scan_inventory(&home, keep);
    let full = run(None);
    let lean = run(Some(wxinspect::scan::table_keep));
    assert!(
        lean.files.len() < full.files.len() / 2,
        "most records dropped: {}",
        lean.files.len()
    );
    assert_eq!(
        serde_json::to_value(&lean.totals).unwrap(),
        serde_json::to_value(&full.totals).unwrap()
    );
    let counts = |inv: &wxinspect::model::Inventory| {
        inv.accounts
            .iter()
            .map(|a| (a.id.clone(), a.files, a.bytes))
            .collect::<Vec<_>>()
    };
    assert_eq!(counts(&lean), counts(&full));
    assert_eq!(lean.databases.len(), full.databases.len());
    assert_eq!(lean.network.hosts.len(), full.network.hosts.len());
    assert_eq!(
        full.totals.files as usize,
        full.files.len() - 2,
        "hard links counted once"
    );
}

#[test]
fn issue_2_a_single_file_is_classified_by_its_place() {
    // Issue 25 made a file PATH an error for the folder commands, pointing
    // to `explain`, which classifies the one file by its place.
    let db = sample_home().join("Library/Containers/com.tencent.xinWeChat/Data/Documents/xwechat_files/wxid_abc123def456_1a2b/db_storage/message/message_0.db");
    common::wx()
        .arg("scan")
        .arg(&db)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("explain"));
    let out = common::wx()
        .args(["explain", "--format", "json"])
        .arg(&db)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v["files"][0];
    assert_eq!(f["kind"], "messages");
    assert_eq!(f["account"], "wxid_abc123def456_1a2b");
    assert_eq!(f["in_databases"], true);
}

/// Issue 10: a bad flag or value exits 1 with clap's message (clap's own
/// exit code 2 would read as "done, some entries unreadable"); `--help`
/// and `--version` exit 0.
#[test]
fn issue_10_bad_flag_exits_1() {
    common::wx()
        .args(["scan", "--format", "bogus", "sample-data/home"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("bogus"));
    common::wx()
        .args(["media", "--larger-than", "lots", "sample-data/home"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("--larger-than"));
    common::wx().arg("--no-such-flag").assert().code(1);
    common::wx().arg("--help").assert().code(0);
    common::wx().arg("--version").assert().code(0);
}
