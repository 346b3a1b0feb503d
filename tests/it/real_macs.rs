//! Issue 11: everything WeChat leaves on a real Mac. Every location with
//! its role, the layout facts seen on real Macs (each on a fixture laid out
//! like the real path), a folder of homes, and `explain`.

use std::fs;
use std::path::Path;

use crate::common::*;

fn json(args: &[&str], path: &Path) -> serde_json::Value {
    let out = wx().args(args).arg(path).output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 2)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn table(args: &[&str], path: &Path) -> String {
    let out = wx().args(args).arg(path).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn file<'a>(inv: &'a serde_json::Value, end: &str) -> &'a serde_json::Value {
    inv["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(end))
        .unwrap_or_else(|| panic!("no file ending {end}"))
}

const D: &str = "Library/Containers/com.tencent.xinWeChat/Data";
const A1: &str = "3f4b2c1d0e9f8a7b6c5d4e3f2a1b0c9d";

#[test]
fn issue_11_sample_shows_every_place_and_its_role() {
    let home = sample_home();
    let scan = table(&["scan"], &home);
    assert!(scan.contains("Everything WeChat keeps"), "{scan}");
    for (place, role) in [
        (
            "Library/Containers/com.tencent.xinWeChat.MiniProgram",
            "helper_container",
        ),
        (
            "Library/Logs/DiagnosticReports/WeChat-2026-08-01-165733.ips",
            "crash_reports",
        ),
        (
            "Library/Group Containers/5A4RE8SF68.com.tencent.xinWeChat",
            "group_container",
        ),
    ] {
        assert!(
            scan.lines().any(|l| l.contains(place) && l.contains(role)),
            "{place} as {role}: {scan}"
        );
    }
    assert!(
        scan.contains("Not WeChat data: 2 links into your own folders"),
        "{scan}"
    );
    assert!(scan.contains("Crash reports: 2"), "{scan}");
    assert!(scan.contains("placeholder"), "{scan}");

    let inv = json(&["scan", "--format", "json"], &home);
    let roles: Vec<(&str, &str)> = inv["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["path"].as_str().unwrap(), l["role"].as_str().unwrap()))
        .collect();
    assert!(roles.contains(&("Library/Containers/com.tencent.xinWeChat", "main_data")));
    let located: u64 = inv["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["files"].as_u64().unwrap())
        .sum();
    assert_eq!(
        located,
        inv["totals"]["files"].as_u64().unwrap(),
        "every file in one location"
    );
    // Crash reports by version, and the last.
    assert_eq!(inv["crashes"]["by_version"]["4.1.12.29"], 1);
    assert_eq!(inv["crashes"]["by_version"]["3.8.0"], 1);
    assert_eq!(inv["crashes"]["last"]["app_version"], "4.1.12.29");
    assert_eq!(file(&inv, ".ips")["category"], "log");
    assert_eq!(file(&inv, ".ips")["kind"], "crash");
    // The mirror links are the user's own folders.
    let mirrors: Vec<&str> = inv["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["user_folder"] == true)
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    assert_eq!(mirrors, [format!("{D}/Desktop"), format!("{D}/Pictures")]);
    // The placeholder account and the File Transfer chat.
    let ph = inv["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["placeholder"] == true)
        .unwrap();
    assert_eq!(ph["id"], "d41d8cd98f00b204e9800998ecf8427e");
    assert_eq!(
        inv["chats"]["9e20f478899dc29eb19741386f9343c8"],
        "File Transfer (文件传输助手)"
    );
    let by_chat = table(&["media", "--by", "chat"], &home);
    assert!(
        by_chat.contains("File Transfer (文件传输助手)"),
        "{by_chat}"
    );
}

#[test]
fn issue_11_received_trees_moments_under_caches_nested_xwechat_files() {
    let home = sample_home();
    let inv = json(&["scan", "--format", "json"], &home);
    // A received project folder's database and its WAL are received files.
    for end in [
        "instance/user_management.db",
        "instance/user_management.db-wal",
    ] {
        let f = file(&inv, end);
        assert_eq!(
            (f["category"].as_str(), f["kind"].as_str()),
            (Some("media"), Some("file")),
            "{end}"
        );
    }
    assert_eq!(
        file(&inv, "instance/user_management.db")["format"],
        "sqlite"
    );
    let dbs = json(&["dbs", "--format", "json"], &home);
    let rows = dbs["rows"].as_array().unwrap();
    assert!(!rows
        .iter()
        .any(|r| r["path"].as_str().unwrap().contains("user_management")));
    assert!(!table(&["dbs"], &home).contains("user_management"));
    // 3.x Moments under Caches.
    let sns = file(&inv, "Sns/Data/sns.db");
    assert_eq!(
        (sns["category"].as_str(), sns["kind"].as_str()),
        (Some("database"), Some("moments"))
    );
    assert_eq!(sns["account"], A1);
    // xwechat_files nested in app_data: the same layout, its own account.
    let n = file(
        &inv,
        "app_data/xwechat_files/wxid_nested9_8c7d/msg/file/2025-05/readme.txt",
    );
    assert_eq!(n["kind"], "file");
    assert_eq!(n["account"], "wxid_nested9_8c7d");
    assert_eq!(n["month"], "2025-05");
}

/// Each fact of issue 11 on a path laid out like the real one.
#[test]
fn issue_11_rules_for_paths_seen_on_real_macs() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path().join("home");
    let v = format!("{D}/Library/Application Support/com.tencent.xinWeChat/2.0b4.0.9");
    let x = format!("{D}/Documents/xwechat_files/wxid_real_1a2b");
    // Random-looking pages, as an encrypted database is.
    let pages: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let cases: &[(String, &[u8], &str, &str)] = &[
        (format!("{x}/msg/attach/9e20f478899dc29eb19741386f9343c8/2026-02/Rec/1234/Img/5.jpg"), b"\xff\xd8\xff\xe0\0\x10JFIF", "media", "image"),
        (format!("{x}/msg/attach/9e20f478899dc29eb19741386f9343c8/2026-02/Rec/1234/V/5.mp4"), b"\0\0\0\x18ftypmp42\0\0\0\0mp42", "media", "video"),
        (format!("{x}/business/favorite/temp/英文版-中文翻译.pdf"), b"%PDF-1.4 x", "cache", "temp"),
        (format!("{x}/temp/RWTemp/2026-07/0123456789abcdef0123456789abcdef/北京区域0716-2.xlsx"), b"PK\x03\x04x", "cache", "temp"),
        (format!("{x}/temp/InputTemp/0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D.png"), b"\x89PNG\r\n\x1a\n", "cache", "temp"),
        (format!("{x}/cache/img_send_temp/1.jpg"), b"\xff\xd8\xff\xe0\0\x10JFIF", "cache", "temp"),
        (format!("{x}/msg/file/2026-06/proj/data.db"), b"SQLite format 3\0", "media", "file"),
        (format!("{v}/{A1}/predownload/a.dat"), b"x", "cache", "media_cache"),
        (format!("{v}/{A1}/Repair/repair.log"), b"repair ok\n", "log", "other"),
        (format!("{v}/{A1}/mmexpt/expt.data"), b"x", "config", "other"),
        (format!("{v}/{A1}/iLink/a.bin"), b"x", "other", "other"),
        (format!("{v}/NewMMappedKV/{A1}.CheckPointMMKV"), b"\0\0\0\0", "config", "mmkv"),
        (format!("{D}/Library/Containers/com.tencent.xinWeChat/Data/Library/Application Support/com.tencent.xinWeChat/2.0b4.0.9/{A1}/Message/msg_0.db"), &pages, "database", "messages"),
        ("Library/Logs/DiagnosticReports/Retired/WeChat_2021-03-01-100000_Mac.hang".into(), b"Process: WeChat [1]\nVersion: 3.8.0 (1)\n", "log", "crash"),
        ("Library/Caches/com.plausiblelabs.crashreporter.data/com.tencent.xinWeChat/live_report.plcrash".into(), b"plcrash", "log", "crash"),
    ];
    for (rel, data, _, _) in cases {
        let p = home.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, data).unwrap();
    }
    fs::create_dir_all(home.join(format!("{v}/{A1}/Message"))).unwrap();
    fs::create_dir_all(home.join(format!("{x}/db_storage"))).unwrap();
    let inv = json(&["scan", "--format", "json"], &home);
    for (rel, _, cat, kind) in cases {
        let f = file(&inv, rel);
        assert_eq!(
            (f["category"].as_str().unwrap(), f["kind"].as_str().unwrap()),
            (*cat, *kind),
            "{rel}"
        );
    }
    // The nested container's account is the same account.
    let nested = file(&inv, "Data/Library/Application Support/com.tencent.xinWeChat/2.0b4.0.9/3f4b2c1d0e9f8a7b6c5d4e3f2a1b0c9d/Message/msg_0.db");
    assert_eq!(nested["account"], A1);
    // The received .db is not one of WeChat's databases.
    assert!(!inv["databases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["path"].as_str().unwrap().ends_with("proj/data.db")));
    // The crash-reporter cache and the retired report are located with roles.
    let roles: Vec<&str> = inv["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["role"].as_str().unwrap())
        .collect();
    assert!(
        roles.contains(&"crash_reporter_cache") && roles.contains(&"crash_reports"),
        "{roles:?}"
    );
}

#[test]
fn issue_11_a_folder_of_homes() {
    let t = tempfile::tempdir().unwrap();
    let users = t.path().join("Users");
    for h in ["alice", "bob"] {
        copy_tree(&sample_home(), &users.join(h));
    }
    fs::create_dir_all(users.join("Shared")).unwrap();
    let one = json(&["scan", "--format", "json"], &sample_home());
    let both = json(&["scan", "--format", "json"], &users);
    assert_eq!(
        both["totals"]["files"].as_u64().unwrap(),
        2 * one["totals"]["files"].as_u64().unwrap()
    );
    assert_eq!(
        both["accounts"].as_array().unwrap().len(),
        2 * one["accounts"].as_array().unwrap().len()
    );
    assert_eq!(
        both["installs"].as_array().unwrap().len(),
        2 * one["installs"].as_array().unwrap().len()
    );
    for h in ["alice/", "bob/"] {
        assert!(both["locations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["path"].as_str().unwrap().starts_with(h)));
        assert!(both["installs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["path"].as_str().unwrap().starts_with(h)));
    }
}

#[test]
fn issue_11_explain_gives_rule_source_and_attribution() {
    let home = sample_home();
    let ft = format!("{D}/Library/Application Support/com.tencent.xinWeChat/2.0b4.0.9/{A1}/Message/MessageTemp/9e20f478899dc29eb19741386f9343c8");
    let files = [
        home.join(format!("{ft}/Image/31750166359_.pic.jpg")),
        home.join(format!(
            "{ft}/File/study_website_python1/instance/user_management.db"
        )),
        home.join(format!(
            "{D}/Library/Caches/com.tencent.xinWeChat/2.0b4.0.9/{A1}/Sns/Data/sns.db"
        )),
    ];
    // The evidence is behind --verbose (issue 26: plain words first).
    let out = wx()
        .args(["explain", "--verbose"])
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("  rule ").count(), 3, "{text}");
    assert_eq!(text.matches("[source: ").count(), 3, "{text}");
    assert!(text.contains("File Transfer (文件传输助手)"), "{text}");
    assert!(text.contains(A1), "{text}");
    assert!(text.contains("never opened as a database"), "{text}");
    assert!(text.contains("{LC}/*/*/Sns/**/*.db"), "{text}");
    let out = wx()
        .args(["explain", "--format", "json"])
        .args(&files)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "wxinspect.explain/1");
    let f = &v["files"][2];
    assert_eq!(
        (f["category"].as_str(), f["kind"].as_str()),
        (Some("database"), Some("moments"))
    );
    assert_eq!(f["account"], A1);
    assert_eq!(f["in_databases"], true);
    assert_eq!(v["files"][1]["in_databases"], false);
    // A link is explained as one, never followed.
    let link = home.join(format!("{D}/Desktop"));
    let out = wx().arg("explain").arg(&link).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}
