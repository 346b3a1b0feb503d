//! Issue 30: `wxinspect system`, what macOS itself records about WeChat,
//! over fixture databases built with real SQLite in each schema variant
//! (TCC before and after macOS 11, with the macOS 14 columns and an unknown
//! extra one; quarantine events in WAL mode; Notification Center in both of
//! its places; networkd's usage database), WeChat's rows among other apps',
//! a truncated database and an unreadable one.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::common::*;

/// Placed in every notification's `data` blob: it must appear nowhere.
const CANARY: &str = "CANARY-PREVIEW-do-not-print";
/// Placed in download URLs' paths and queries: hosts only are shown.
const URL_SECRET: &str = "SECRETPATH";

/// Mac absolute time of a Unix time (macos-records.md line 5).
fn mac(unix: i64) -> f64 {
    (unix - 978_307_200) as f64
}

/// 2024-01-15, 2024-01-20 and 2024-02-10, 00:00 UTC.
const JAN15: i64 = 1_705_276_800;
const JAN20: i64 = 1_705_708_800;
const FEB10: i64 = 1_707_523_200;

fn db(path: &Path, sql: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let c = Connection::open(path).unwrap();
    c.execute_batch(sql).unwrap();
}

/// TCC since macOS 11 with the macOS 14 columns and one no macOS has.
fn tcc_modern(path: &Path) {
    db(
        path,
        "CREATE TABLE access (service TEXT NOT NULL, client TEXT NOT NULL, client_type INTEGER NOT NULL, \
           auth_value INTEGER NOT NULL, auth_reason INTEGER NOT NULL, auth_version INTEGER NOT NULL, \
           csreq BLOB, policy_id INTEGER, indirect_object_identifier_type INTEGER, \
           indirect_object_identifier TEXT NOT NULL DEFAULT 'UNUSED', indirect_object_code_identity BLOB, \
           flags INTEGER, last_modified INTEGER NOT NULL DEFAULT 0, pid INTEGER, pid_version INTEGER, \
           boot_uuid TEXT NOT NULL DEFAULT 'UNUSED', last_reminded INTEGER NOT NULL DEFAULT 0, \
           a_column_from_the_future TEXT, \
           PRIMARY KEY (service, client, client_type, indirect_object_identifier));
         INSERT INTO access (service, client, client_type, auth_value, auth_reason, auth_version, last_modified, a_column_from_the_future) VALUES
           ('kTCCServiceCamera', 'com.tencent.xinWeChat', 0, 2, 2, 1, 1700000000, 'x'),
           ('kTCCServiceMicrophone', 'com.tencent.xinWeChat', 0, 0, 3, 1, 1700000100, NULL),
           ('kTCCServiceScreenCapture', '/Users/alice/Applications/WeChat.app/Contents/MacOS/WeChat', 1, 2, 2, 1, 1700000200, NULL),
           ('kTCCServiceBrandNew', 'COM.TENCENT.XWECHAT', 0, 3, 6, 1, 1700000300, NULL),
           ('kTCCServiceCamera', 'com.apple.FaceTime', 0, 2, 2, 1, 1700000000, NULL),
           ('kTCCServiceMicrophone', 'us.zoom.xos', 0, 2, 2, 1, 1700000000, NULL);",
    );
}

/// TCC before macOS 11: `allowed` and `prompt_count`.
fn tcc_old(path: &Path) {
    db(
        path,
        "CREATE TABLE access (service TEXT NOT NULL, client TEXT NOT NULL, client_type INTEGER NOT NULL, \
           allowed INTEGER NOT NULL, prompt_count INTEGER NOT NULL, csreq BLOB, policy_id INTEGER, \
           indirect_object_identifier_type INTEGER, indirect_object_identifier TEXT, \
           indirect_object_code_identity BLOB, flags INTEGER, last_modified INTEGER);
         INSERT INTO access VALUES
           ('kTCCServiceAccessibility', 'com.tencent.xinWeChat', 0, 1, 1, NULL, NULL, NULL, 'UNUSED', NULL, 0, 1600000000),
           ('kTCCServiceAccessibility', 'us.zoom.xos', 0, 1, 1, NULL, NULL, NULL, 'UNUSED', NULL, 0, 1600000000);",
    );
}

/// Quarantine events in WAL mode: the rows live in the WAL (a copy taken
/// while the writer was open), so they can only be read from a private
/// copy.
fn quarantine_wal(path: &Path) {
    let w = tempfile::tempdir().unwrap();
    let src = w.path().join("q");
    let c = Connection::open(&src).unwrap();
    c.execute_batch(&format!(
        "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;
         CREATE TABLE LSQuarantineEvent (LSQuarantineEventIdentifier TEXT PRIMARY KEY NOT NULL, \
           LSQuarantineTimeStamp REAL, LSQuarantineAgentBundleIdentifier TEXT, LSQuarantineAgentName TEXT, \
           LSQuarantineDataURLString TEXT, LSQuarantineSenderName TEXT, LSQuarantineSenderAddress TEXT, \
           LSQuarantineTypeNumber INTEGER, LSQuarantineOriginTitle TEXT, LSQuarantineOriginURLString TEXT, \
           LSQuarantineOriginAlias BLOB);
         INSERT INTO LSQuarantineEvent VALUES
           ('A', {a}, 'com.tencent.xinWeChat', 'WeChat', 'https://dldir1.qq.com/{URL_SECRET}/report.pdf?token={URL_SECRET}', 'Bob', 'bob@example.com', 3, 'report.pdf', NULL, NULL),
           ('B', {b}, 'com.tencent.xinwechat', 'WeChat', 'https://DLDIR1.qq.com:443/x/{URL_SECRET}.zip', NULL, NULL, 3, NULL, NULL, NULL),
           ('C', {c}, NULL, 'WeChat', NULL, NULL, NULL, 0, NULL, NULL, NULL),
           ('D', {c}, 'com.apple.Safari', 'Safari', 'https://example.org/installer.dmg', NULL, NULL, 0, NULL, NULL, NULL);",
        a = mac(JAN15),
        b = mac(JAN20),
        c = mac(FEB10),
    ))
    .unwrap();
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::copy(&src, path).unwrap();
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    fs::copy(w.path().join("q-wal"), PathBuf::from(wal)).unwrap();
    drop(c);
}

/// A Notification Center database: `app`, `record` with the canary in
/// every `data` blob; `wechat` is how WeChat's id is spelled there.
fn notifications(path: &Path, wechat: &str, dates: &[i64]) {
    let mut sql = format!(
        "CREATE TABLE app (app_id INTEGER PRIMARY KEY, identifier VARCHAR, badge INTEGER NULL);
         CREATE TABLE record (rec_id INTEGER PRIMARY KEY, app_id INTEGER, uuid BLOB, data BLOB, \
           request_date REAL, request_last_date REAL, delivered_date REAL, presented BOOL, style INTEGER, \
           snooze_fire_date REAL);
         INSERT INTO app VALUES (1, '{wechat}', NULL), (2, 'com.apple.mail', NULL);
         INSERT INTO record (app_id, data, request_date, delivered_date) VALUES (2, '{CANARY}', {m}, {m});",
        m = mac(JAN15)
    );
    for d in dates {
        sql.push_str(&format!(
            "INSERT INTO record (app_id, data, request_date, delivered_date) VALUES (1, '{CANARY}', {m}, {m});",
            m = mac(*d)
        ));
    }
    db(path, &sql);
}

/// networkd's Core Data tables: WeChat under two process rows, Safari.
fn netusage(path: &Path) {
    db(
        path,
        &format!(
            "CREATE TABLE ZPROCESS (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, \
               ZFIRSTTIMESTAMP TIMESTAMP, ZTIMESTAMP TIMESTAMP, ZBUNDLENAME VARCHAR, ZPROCNAME VARCHAR);
             CREATE TABLE ZLIVEUSAGE (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZKIND INTEGER, \
               ZMETADATA INTEGER, ZTAG INTEGER, ZHASPROCESS INTEGER, ZTIMESTAMP TIMESTAMP, ZWIFIIN FLOAT, \
               ZWIFIOUT FLOAT, ZWIREDIN FLOAT, ZWIREDOUT FLOAT, ZWWANIN FLOAT, ZWWANOUT FLOAT);
             INSERT INTO ZPROCESS VALUES (1, 1, 1, {a}, {c}, 'com.tencent.xinWeChat', 'WeChat'),
                                         (2, 1, 1, {b}, {b}, NULL, 'WeChatAppEx'),
                                         (3, 1, 1, {a}, {c}, 'com.apple.Safari', 'Safari');
             INSERT INTO ZLIVEUSAGE (ZHASPROCESS, ZTIMESTAMP, ZWIFIIN, ZWIFIOUT, ZWIREDIN, ZWIREDOUT, ZWWANIN, ZWWANOUT) VALUES
               (1, {a}, 1000000, 20000, 0, 0, 0, 0),
               (1, {c}, 500000, 5000, 300000, 7000, 0, 0),
               (2, {b}, 4096, 1024, 0, 0, 0, 0),
               (3, {c}, 99999999, 99999999, 0, 0, 0, 0);",
            a = mac(JAN15),
            b = mac(JAN20),
            c = mac(FEB10),
        ),
    );
}

/// The fixture volume: alice (uid 501) and bob (uid 502) under `Users/`.
fn fixture(t: &Path) -> PathBuf {
    let root = t.join("mac");
    let alice = root.join("Users/alice");
    let bob = root.join("Users/bob");
    tcc_modern(&alice.join("Library/Application Support/com.apple.TCC/TCC.db"));
    tcc_modern(&bob.join("Library/Application Support/com.apple.TCC/TCC.db"));
    tcc_old(&root.join("Library/Application Support/com.apple.TCC/TCC.db"));
    quarantine_wal(&alice.join("Library/Preferences/com.apple.LaunchServices.QuarantineEventsV2"));
    // Before macOS 15: one per user below private/var/folders.
    let alice_dir = root.join("private/var/folders/zz/Tq3x9abcd1234/0");
    notifications(
        &alice_dir.join("com.apple.notificationcenter/db2/db"),
        "com.tencent.xinwechat",
        &[JAN15, JAN20, FEB10],
    );
    // Another user's (only root can give it another owner here).
    let bob_dir = root.join("private/var/folders/yy/Ww7y2efgh5678/0");
    if owned_by_root() {
        notifications(
            &bob_dir.join("com.apple.notificationcenter/db2/db"),
            "com.tencent.xinwechat",
            &[JAN15],
        );
    }
    // macOS 15 and later: the group container.
    notifications(
        &alice.join("Library/Group Containers/group.com.apple.usernoted/db2/db"),
        "com.tencent.xWeChat",
        &[FEB10, FEB10],
    );
    netusage(&root.join("private/var/networkd/db/netusage.sqlite"));
    // The older netusage place: a database cut short.
    let cut = root.join("private/var/networkd/netusage.sqlite");
    netusage(&cut);
    let bytes = fs::read(&cut).unwrap();
    fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    for (home, dir, uid) in [(&alice, &alice_dir, 501), (&bob, &bob_dir, 502)] {
        for p in [home.as_path(), dir.as_path()] {
            if p.exists() {
                std::os::unix::fs::lchown(p, Some(uid), Some(20)).ok();
            }
        }
    }
    root
}

fn run(args: &[&str], root: &Path, home: Option<&Path>) -> std::process::Output {
    let mut c = wx();
    c.arg("system").args(args).arg("--root").arg(root);
    if let Some(h) = home {
        c.arg("--home").arg(h);
    }
    c.output().unwrap()
}

fn json_of(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

fn owned_by_root() -> bool {
    rustix::process::getuid().is_root()
}

#[test]
fn issue_30_reports_exactly_wechats_rows() {
    let t = tempfile::tempdir().unwrap();
    let root = fixture(t.path());
    let alice = root.join("Users/alice");
    let before = snapshot(&root);
    let out = run(&["--format", "json"], &root, Some(&alice));
    // The truncated netusage is a warning that misses part of the answer.
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json_of(&out);
    assert_eq!(doc["schema"], "wxinspect.system/1");
    assert_eq!(doc["homes"], serde_json::json!(["/Users/alice"]));
    let mut services: Vec<(String, String, String, String)> = doc["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap_or("-").to_string();
            (s("scope"), s("service_name"), s("status"), s("by"))
        })
        .collect();
    services.sort();
    let want = [
        ("system", "Accessibility", "allowed", "-"),
        ("user", "Camera", "allowed", "user consent"),
        ("user", "Microphone", "denied", "user set"),
        ("user", "Screen Recording", "allowed", "user consent"),
        ("user", "kTCCServiceBrandNew", "limited", "MDM policy"),
    ];
    let want: Vec<(String, String, String, String)> = want
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    assert_eq!(services, want);
    let acc = doc["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["scope"] == "system")
        .unwrap();
    assert_eq!(acc["prompt_count"], 1);
    assert_eq!(acc["last_changed"], "2020-09-13T12:26:40Z");
    // Downloads: three of WeChat's, per host; never a path or a query.
    let d = &doc["downloads"].as_array().unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["events"]["count"], 3);
    assert_eq!(d[0]["events"]["first"], "2024-01-15T00:00:00Z");
    assert_eq!(d[0]["events"]["last"], "2024-02-10T00:00:00Z");
    assert_eq!(d[0]["hosts"][0]["key"], "dldir1.qq.com");
    assert_eq!(d[0]["hosts"][0]["count"], 2);
    assert_eq!(d[0]["hosts"][1]["key"], "(none)");
    assert_eq!(d[0]["types"][0]["key"], "3");
    // Notifications: alice's per-user folder and her group container;
    // bob's folder is another user's, listed and not read.
    let n = doc["notifications"].as_array().unwrap();
    assert_eq!(n.len(), 2, "{n:#?}");
    assert_eq!(n[0]["records"]["count"], 3);
    assert_eq!(n[0]["apps"], serde_json::json!(["com.tencent.xinwechat"]));
    let months: Vec<(String, u64)> = n[0]["by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["key"].as_str().unwrap().into(),
                m["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(months, vec![("2024-01".into(), 2), ("2024-02".into(), 1)]);
    assert_eq!(n[1]["records"]["count"], 2);
    assert_eq!(n[1]["apps"], serde_json::json!(["com.tencent.xWeChat"]));
    let sources = doc["sources"].as_array().unwrap();
    let status_of = |needle: &str| {
        sources
            .iter()
            .filter(|s| s["path"].as_str().unwrap().contains(needle))
            .map(|s| s["status"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    if owned_by_root() {
        assert_eq!(status_of("Ww7y2efgh5678"), vec!["other_user"]);
    }
    assert_eq!(status_of("networkd/netusage.sqlite"), vec!["corrupt"]);
    assert_eq!(status_of("QuarantineEventsV2"), vec!["read"]);
    let q = sources.iter().find(|s| s["kind"] == "quarantine").unwrap();
    assert!(q["note"].as_str().unwrap().contains("private copy"), "{q}");
    let tcc = sources.iter().find(|s| s["kind"] == "tcc_user").unwrap();
    assert!(tcc["note"].as_str().unwrap().contains("macOS 14"), "{tcc}");
    // Network: WeChat's two processes, summed per name.
    let net = doc["network"].as_array().unwrap();
    assert_eq!(net.len(), 2, "{net:#?}");
    assert_eq!(net[0]["process"], "WeChat");
    assert_eq!(net[0]["wifi_in"], 1_500_000);
    assert_eq!(net[0]["wifi_out"], 25_000);
    assert_eq!(net[0]["wired_in"], 300_000);
    assert_eq!(net[0]["usage_rows"], 2);
    assert_eq!(net[1]["process"], "WeChatAppEx");
    assert_eq!(net[1]["wifi_in"], 4096);
    let w = doc["warnings"].as_array().unwrap();
    assert_eq!(w.len(), 1, "{w:#?}");
    assert_eq!(w[0]["kind"], "corrupt");
    assert_eq!(w[0]["path"], "/private/var/networkd/netusage.sqlite");
    // The table says the same, and nothing of the other apps.
    let table = run(&["--width", "80"], &root, Some(&alice));
    assert_eq!(table.status.code(), Some(2));
    let text = String::from_utf8_lossy(&table.stdout).into_owned();
    for needle in [
        "Camera",
        "Screen Recording",
        "kTCCService",
        "dldir1.qq.com",
        "2024-01",
        "WeChatAppEx",
        "Not everything was read",
    ] {
        assert!(text.contains(needle), "{needle}:\n{text}");
    }
    for l in text.lines() {
        assert!(term_width(l) <= 80, "wider than 80: {l}");
    }
    let all = format!("{text}{}", String::from_utf8_lossy(&out.stdout));
    for other in [
        "FaceTime",
        "zoom",
        "Safari",
        "example.org",
        "com.apple.mail",
        URL_SECRET,
        CANARY,
        "report.pdf",
        "bob@",
    ] {
        assert!(!all.contains(other), "{other} in the output:\n{all}");
    }
    assert_same(&before, &snapshot(&root));
}

fn term_width(s: &str) -> usize {
    s.chars().count()
}

/// `--root` alone reads every home in `ROOT/Users`, bob's notification
/// folder is then his.
#[test]
fn issue_30_root_alone_reads_every_home() {
    let t = tempfile::tempdir().unwrap();
    let root = fixture(t.path());
    let doc = json_of(&run(&["--format", "json"], &root, None));
    assert_eq!(
        doc["homes"],
        serde_json::json!(["/Users/alice", "/Users/bob"])
    );
    let homes: Vec<&str> = doc["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["home"].as_str().unwrap())
        .collect();
    if owned_by_root() {
        assert!(homes.contains(&"/Users/bob"), "{homes:?}");
    }
    // Bob's TCC rows too: four more.
    assert_eq!(doc["permissions"].as_array().unwrap().len(), 9);
}

/// The notification `data` column is never selected: the canary in every
/// blob appears in no output (table, JSON, report), the authorizer's own
/// proof is in `formats::notifications`' unit test, and here on a real
/// file opened as `system` opens it.
#[test]
fn issue_30_notification_content_is_never_read() {
    let t = tempfile::tempdir().unwrap();
    let path = t.path().join("db");
    notifications(&path, "com.tencent.xinwechat", &[JAN15]);
    let ro = wxinspect::formats::sqlite::open_readonly(&path, 1 << 20).unwrap();
    wxinspect::formats::notifications::guard(&ro.conn);
    let e = ro.conn.prepare("SELECT data FROM record").err().unwrap();
    assert!(
        e.to_string().contains("prohibited") || e.to_string().contains("authoriz"),
        "{e}"
    );
    assert!(ro.conn.prepare("SELECT * FROM record").is_err());
    let got = wxinspect::formats::notifications::read(&ro.conn, |a| a.contains("wechat")).unwrap();
    assert_eq!(got.dates.len(), 1);
}

/// Present but unreadable (macOS would need Full Disk Access or root):
/// a warning, exit 2, and the rest still read.
#[test]
fn issue_30_an_unreadable_database_is_a_warning() {
    let t = tempfile::tempdir().unwrap();
    fs::set_permissions(t.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let root = fixture(t.path());
    let alice = root.join("Users/alice");
    // Not the truncated one: this run is about the refusal alone.
    fs::remove_file(root.join("private/var/networkd/netusage.sqlite")).unwrap();
    let locked = root.join("Library/Application Support/com.apple.TCC/TCC.db");
    let as_nobody = owned_by_root() && has_setpriv() && traversable(t.path());
    if owned_by_root() && !as_nobody {
        eprintln!("skipped: running as root without setpriv, a mode-000 file stays readable");
        return;
    }
    let tmp = t.path().join("tmp");
    fs::create_dir(&tmp).unwrap();
    fs::set_permissions(&tmp, fs::Permissions::from_mode(0o1777)).unwrap();
    for p in walk(&root) {
        let mode = if p.is_dir() { 0o755 } else { 0o644 };
        fs::set_permissions(&p, fs::Permissions::from_mode(mode)).unwrap();
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let before = snapshot(&root);
    let out = if as_nobody {
        let bin = t.path().join("wxinspect");
        fs::copy(assert_cmd::cargo::cargo_bin("wxinspect"), &bin).unwrap();
        fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(&bin)
            .args(["system", "--format", "json", "--root"])
            .arg(&root)
            .arg("--home")
            .arg(&alice)
            .env("TMPDIR", &tmp)
            .output()
            .unwrap()
    } else {
        run(&["--format", "json"], &root, Some(&alice))
    };
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json_of(&out);
    let w = doc["warnings"].as_array().unwrap();
    assert_eq!(w.len(), 1, "{w:#?}");
    assert_eq!(w[0]["kind"], "permission_denied");
    assert_eq!(
        w[0]["path"],
        "/Library/Application Support/com.apple.TCC/TCC.db"
    );
    assert!(w[0]["message"].as_str().unwrap().contains("root"), "{w:?}");
    // The rest was read: alice's permissions, downloads (from a private
    // copy of the WAL database), notifications, network bytes.
    assert_eq!(doc["permissions"].as_array().unwrap().len(), 4);
    assert_eq!(doc["downloads"][0]["events"]["count"], 3);
    assert_eq!(doc["network"].as_array().unwrap().len(), 2);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
    let mut after = snapshot(&root);
    // The mode was put back by the test itself.
    let key = locked.strip_prefix(&root).unwrap().to_path_buf();
    after.insert(key.clone(), before[&key].clone());
    assert_same(&before, &after);
}

fn has_setpriv() -> bool {
    std::process::Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok()
}

/// Every folder above `p` lets `nobody` through.
fn traversable(p: &Path) -> bool {
    let mut p = p.to_path_buf();
    while p.pop() && p != Path::new("/") {
        if fs::metadata(&p).unwrap().permissions().mode() & 0o001 == 0 {
            return false;
        }
    }
    true
}

fn walk(p: &Path) -> Vec<PathBuf> {
    let mut v = vec![p.to_path_buf()];
    let mut i = 0;
    while i < v.len() {
        if v[i].is_dir() && !v[i].is_symlink() {
            let mut kids: Vec<PathBuf> = fs::read_dir(&v[i])
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            v.append(&mut kids);
        }
        i += 1;
    }
    v
}

/// A link where a database should be is never followed.
#[test]
fn issue_30_links_are_not_followed() {
    let t = tempfile::tempdir().unwrap();
    let root = fixture(t.path());
    let alice = root.join("Users/alice");
    let prefs = alice.join("Library/Preferences");
    let q = prefs.join("com.apple.LaunchServices.QuarantineEventsV2");
    fs::remove_file(&q).unwrap();
    let mut wal = q.as_os_str().to_owned();
    wal.push("-wal");
    fs::remove_file(PathBuf::from(wal)).unwrap();
    let elsewhere = t.path().join("elsewhere.db");
    quarantine_wal(&elsewhere);
    std::os::unix::fs::symlink(&elsewhere, &q).unwrap();
    let doc = json_of(&run(&["--format", "json"], &root, Some(&alice)));
    assert!(doc["downloads"].as_array().unwrap().is_empty());
    let s = doc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "quarantine")
        .unwrap();
    assert_eq!(s["status"], "link");
}

/// `--anonymize`: user names go, hosts and bundle ids stay.
#[test]
fn issue_30_anonymize_keeps_hosts_and_drops_user_names() {
    let t = tempfile::tempdir().unwrap();
    let root = fixture(t.path());
    let alice = root.join("Users/alice");
    for format in ["json", "table"] {
        let out = run(&["--anonymize", "--format", format], &root, Some(&alice));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("alice"), "{text}");
        assert!(text.contains("dldir1.qq.com"), "{text}");
        assert!(text.contains("com.tencent.xinWeChat"), "{text}");
    }
    let out = wx()
        .args(["report", "--system", "--anonymize", "--root"])
        .arg(&root)
        .arg("--home")
        .arg(&alice)
        .arg(&alice)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("## What macOS records about WeChat"),
        "{text}"
    );
    assert!(!text.contains("alice"), "{text}");
    assert!(!text.contains(CANARY));
}

/// The JSON validates against `docs/schemas/system.json`.
#[test]
fn issue_30_json_validates_against_its_schema() {
    let t = tempfile::tempdir().unwrap();
    let root = fixture(t.path());
    let doc = json_of(&run(&["--format", "json"], &root, None));
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas/system.json");
    let schema: serde_json::Value = serde_json::from_slice(&fs::read(p).unwrap()).unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = v
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// `report --system` renders "What macOS records about WeChat".
#[test]
fn issue_30_report_section_snapshot() {
    let t = tempfile::tempdir().unwrap();
    let root = fixture(t.path());
    let alice = root.join("Users/alice");
    let out = wx()
        .args(["report", "--system", "--root"])
        .arg(&root)
        .arg("--home")
        .arg(&alice)
        .arg(&alice)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let start = text
        .find("## What macOS records about WeChat")
        .unwrap_or_else(|| panic!("no section:\n{text}"));
    let rest = &text[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    let section = &rest[..end];
    assert!(!text.contains(CANARY) && !text.contains(URL_SECRET));
    if !owned_by_root() {
        eprintln!("snapshot skipped: only root can give bob's folder its owner");
        return;
    }
    let root_s = root.to_string_lossy().into_owned();
    insta::with_settings!({filters => vec![
        (regex_escape(&root_s).as_str(), "[ROOT]"),
    ]}, {
        insta::assert_snapshot!("system_report_section", section);
    });
    // Without --system there is no such section.
    let plain = wx().arg("report").arg(&alice).output().unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("What macOS records"));
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .map(|c| match c.is_ascii_alphanumeric() || c == '/' {
            true => c.to_string(),
            false => format!("\\{c}"),
        })
        .collect()
}
