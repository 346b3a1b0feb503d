//! Issue 25: what a first-time user hit. Each test drives the real binary
//! and failed on the build before the fix.

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};

use crate::common::{sample_home, wx};

/// What `wxinspect ARGS PATH` printed.
fn stdout(args: &[&str], path: &std::path::Path) -> String {
    let out = wx().args(args).arg(path).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `wxinspect ARGS --no-progress PATH` as JSON.
fn json(args: &[&str], path: &std::path::Path) -> serde_json::Value {
    let out = wx()
        .args(args)
        .arg("--no-progress")
        .arg(path)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A report through `--output` at a link to `/proc/self/fd/1` (what
/// `/dev/stdout` is): the report comes out on stdout and the link stays.
/// (The real `/dev/stdout` is never used: a failing test would replace it.)
#[test]
fn issue_25_output_through_a_link_to_stdout() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    std::os::unix::fs::symlink("/proc/self/fd/1", &out).unwrap();
    let r = wx()
        .args(["report", "--no-progress", "--output"])
        .arg(&out)
        .arg(sample_home())
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let text = String::from_utf8_lossy(&r.stdout);
    assert!(text.starts_with("# "), "the report on stdout: {text:.200}");
    assert!(fs::symlink_metadata(&out).unwrap().file_type().is_symlink());
}

/// `--output link.md`: the file the link points to is replaced, the link
/// stays a link; a new file gets 0666 less the umask, not 0600.
#[test]
fn issue_25_output_at_a_link_replaces_its_target() {
    let t = tempfile::tempdir().unwrap();
    let real = t.path().join("real.md");
    fs::write(&real, "old").unwrap();
    let link = t.path().join("link.md");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    wx().args(["report", "--no-progress", "--output"])
        .arg(&link)
        .arg(sample_home())
        .assert()
        .success();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(fs::read_to_string(&real).unwrap().starts_with("# "));
    let new = t.path().join("new.md");
    wx().args(["report", "--no-progress", "--output"])
        .arg(&new)
        .arg(sample_home())
        .assert()
        .success();
    // The test runs with the usual umask 022 (or stricter).
    let mode = fs::metadata(&new).unwrap().permissions().mode() & 0o777;
    assert!(mode & 0o044 != 0 || mode == 0o600, "mode {mode:o}");
    assert_ne!(mode, 0o600, "a new report is readable as `>` would make it");
}

/// `--output fifo`: the reader of the FIFO gets the report; the FIFO stays.
#[test]
fn issue_25_output_into_a_fifo() {
    let t = tempfile::tempdir().unwrap();
    let fifo = t.path().join("fifo");
    // mkfifo(1): the same on Linux and macOS (rustix has no mkfifoat on
    // Apple targets).
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut s = String::new();
            fs::File::open(&fifo)
                .unwrap()
                .read_to_string(&mut s)
                .unwrap();
            s
        })
    };
    wx().args(["report", "--no-progress", "--output"])
        .arg(&fifo)
        .arg(sample_home())
        .assert()
        .success();
    let got = reader.join().unwrap();
    assert!(got.starts_with("# "), "the reader got: {got:.200}");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

/// Errors in one line, in words, naming the path the user gave: no
/// repeated cause, no temporary file name.
#[test]
fn issue_25_errors_said_once() {
    let r = wx().args(["scan", "/no/such/path"]).output().unwrap();
    assert_eq!(r.status.code(), Some(1));
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/no/such/path"), "{err}");
    assert_eq!(err.matches("os error").count(), 0, "{err}");
    assert_eq!(
        err.matches("No such file").count() + err.matches("does not exist").count(),
        1,
        "{err}"
    );
    let r = wx()
        .args(["report", "--output", "/no/such/dir/x.md"])
        .arg(sample_home())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("/no/such/dir/x.md") && !err.contains(".wxinspect-"),
        "{err}"
    );
}

/// `scan FILE` is not a folder: an error pointing to `explain`.
#[test]
fn issue_25_a_file_is_not_a_folder_to_scan() {
    let t = tempfile::tempdir().unwrap();
    let f = t.path().join("hostname");
    fs::write(&f, "box\n").unwrap();
    let r = wx().arg("scan").arg(&f).output().unwrap();
    assert_eq!(r.status.code(), Some(1));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("explain"), "{err}");
    // A folder with no WeChat layout says so, above the table and in JSON.
    let r = wx().arg("scan").arg(t.path()).output().unwrap();
    let out = String::from_utf8_lossy(&r.stdout);
    assert!(out.contains("No WeChat"), "{out}");
    let r = wx()
        .args(["scan", "--format", "json"])
        .arg(t.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v["wechat_found"], false);
    let r = wx().args(["explain"]).arg(&f).output().unwrap();
    let out = String::from_utf8_lossy(&r.stdout);
    assert!(out.contains("not under a known WeChat location"), "{out}");
}

/// One wxid in both containers is two accounts, each with its own files:
/// the rows say which install, and the per-account sums add up.
#[test]
fn issue_25_one_id_in_two_installs_is_two_accounts() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path().join("home");
    let x = |bundle: &str| {
        home.join("Library/Containers")
            .join(bundle)
            .join("Data/Documents/xwechat_files/wxid_same_8c1d")
    };
    let old = x("com.tencent.xinWeChat");
    let new = x("com.tencent.xWeChat");
    let files = [
        (old.join("db_storage/message/message_0.db"), 4096),
        (old.join("msg/file/2025-03/a.pdf"), 1000),
        (new.join("db_storage/message/message_0.db"), 8192),
        (new.join("msg/file/2025-05/b.pdf"), 2000),
        (new.join("msg/file/2025-05/c.pdf"), 3000),
    ];
    // The same received file in both installs: a duplicate whose copies
    // say which install each is in.
    for d in [&old, &new] {
        fs::create_dir_all(d.join("msg/file/2025-06")).unwrap();
        fs::write(
            d.join("msg/file/2025-06/same.pdf"),
            b"%PDF-1.4 the same file in both",
        )
        .unwrap();
    }
    for (f, n) in &files {
        fs::create_dir_all(f.parent().unwrap()).unwrap();
        fs::write(f, vec![0x61; *n]).unwrap();
    }
    let v = json(&["scan", "--format", "json"], &home);
    let accts = v["accounts"].as_array().unwrap();
    assert_eq!(accts.len(), 2, "{accts:?}");
    let by_install = |b: &str| {
        accts
            .iter()
            .find(|a| a["install"].as_str().unwrap().ends_with(b))
            .unwrap()
    };
    let same = b"%PDF-1.4 the same file in both".len() as u64;
    assert_eq!(by_install("com.tencent.xinWeChat")["files"], 3);
    assert_eq!(by_install("com.tencent.xinWeChat")["bytes"], 5096 + same);
    assert_eq!(by_install("com.tencent.xWeChat")["files"], 4);
    assert_eq!(by_install("com.tencent.xWeChat")["bytes"], 13192 + same);
    let d = json(&["dupes", "--format", "json"], &home);
    let installs: Vec<&str> = d["groups"][0]["installs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(installs[0] != installs[1], "{installs:?}");
    let text = stdout(&["dupes", "--width", "200"], &home);
    assert!(
        text.contains("· xWeChat]") && text.contains("· xinWeChat]"),
        "{text}"
    );
    let sum: u64 = accts.iter().map(|a| a["bytes"].as_u64().unwrap()).sum();
    assert_eq!(sum, v["totals"]["bytes"].as_u64().unwrap());
    // The table: two rows, each naming its install.
    let text = stdout(&["scan", "--width", "200"], &home);
    let rows: Vec<&str> = text.lines().filter(|l| l.contains("wxid_same")).collect();
    assert_eq!(rows.len(), 2, "{text}");
    // The install by its bundle id without Tencent's prefix.
    assert!(rows.iter().any(|r| r.contains(" xWeChat ")), "{text}");
    assert!(rows.iter().any(|r| r.contains(" xinWeChat ")), "{text}");
    // A filter on the id matches both installs, and the rows say which.
    let text = stdout(
        &[
            "media",
            "--account",
            "wxid_same",
            "--width",
            "200",
            "--no-progress",
        ],
        &home,
    );
    assert!(
        text.contains("(com.tencent.xWeChat)") && text.contains("(com.tencent.xinWeChat)"),
        "{text}"
    );
    // The report's shares add up to 100 % at most.
    let md = stdout(&["report", "--no-progress"], &home);
    let section = md.split("## Storage by account").nth(1).unwrap();
    let share: f64 = section
        .lines()
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.starts_with("| ") && l.contains('%'))
        .filter_map(|l| {
            l.trim_end_matches('|')
                .rsplit('|')
                .next()?
                .trim()
                .trim_end_matches('%')
                .trim()
                .parse::<f64>()
                .ok()
        })
        .sum();
    assert!(share <= 100.1, "shares add up to {share} %");
}

/// Tencent's rqd/Bugly crash-report folders in a home (layout §1.1 [S23])
/// are logs of kind crash, not `other`.
#[test]
fn issue_25_rqd_crash_reports_are_logs() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("home/Documents/.rqd/com.Tencent.xinWeChat");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("crash_1700000000.log"), "crash\n").unwrap();
    fs::create_dir_all(t.path().join("home/Library")).unwrap();
    let out = wx()
        .args(["scan", "--format", "json", "--no-progress"])
        .arg(t.path().join("home"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .ends_with("crash_1700000000.log")
        })
        .expect("the crash report is in the inventory");
    assert_eq!(
        (f["category"].as_str(), f["kind"].as_str()),
        (Some("log"), Some("crash"))
    );
}

/// Two databases with the same bytes are each in use: `dupes` lists them
/// apart, flags the group `in_use` and counts none of it as reclaimable;
/// every copy names its account.
#[test]
fn issue_25_identical_databases_are_not_reclaimable() {
    let t = tempfile::tempdir().unwrap();
    let data = t
        .path()
        .join("home/Library/Containers/com.tencent.xinWeChat/Data");
    let acct = data.join("Documents/xwechat_files/wxid_dup_1a2b");
    let db = {
        let w = tempfile::tempdir().unwrap();
        let p = w.path().join("x.sqlite");
        let c = rusqlite::Connection::open(&p).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
        drop(c);
        fs::read(&p).unwrap()
    };
    for p in [
        data.join("Library/Caches/com.tencent.xinWeChat/resInfo.sqlite"),
        data.join("Library/HTTPStorages/com.tencent.xinWeChat/httpstorages.sqlite"),
    ] {
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, &db).unwrap();
    }
    fs::create_dir_all(acct.join("db_storage/message")).unwrap();
    fs::write(
        acct.join("db_storage/message/message_0.db"),
        vec![7u8; 4096],
    )
    .unwrap();
    for m in ["2025-03", "2025-04"] {
        let d = acct.join("msg/video").join(m);
        fs::create_dir_all(&d).unwrap();
        fs::write(d.join("v.mp4"), b"\0\0\0\x18ftypmp42 the same video").unwrap();
    }
    let out = wx()
        .args(["dupes", "--format", "json", "--no-progress"])
        .arg(t.path().join("home"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{groups:?}");
    let busy = groups
        .iter()
        .find(|g| g["in_use"] == true)
        .expect("the databases");
    assert!(busy["files"][0].as_str().unwrap().ends_with(".sqlite"));
    let video = groups.iter().find(|g| g["in_use"] == false).unwrap();
    assert_eq!(video["accounts"][0], "wxid_dup_1a2b");
    let size = video["size"].as_u64().unwrap();
    assert_eq!(
        v["reclaimable_bytes"].as_u64().unwrap(),
        size,
        "only the video's copy"
    );
    let text = stdout(&["dupes", "--width", "160"], &t.path().join("home"));
    assert!(text.contains("Identical but each in use"), "{text}");
    assert!(
        text.contains("1 groups;") || text.contains("1 group"),
        "{text}"
    );
}

/// Warnings are bounded: NDJSON writes every one as it arises; the other
/// formats keep the first of each kind (here 100, lowered from 1,000) and
/// count the rest, and say so.
#[test]
fn issue_25_warnings_are_streamed_and_capped() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path().join("home");
    let made = std::process::Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/bench/corrupt-dat.py"))
        .arg("5000")
        .arg(&home)
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: python3 could not make the tree");
        return;
    }
    let run = |args: &[&str]| {
        let out = wx()
            .args(args)
            .args(["--no-progress"])
            .arg(&home)
            .env("WXINSPECT_TEST_WARNING_CAP", "100")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let nd = run(&["scan", "--format", "ndjson"]);
    let lines = nd
        .lines()
        .filter(|l| l.contains(r#""type":"warning""#))
        .count();
    assert_eq!(lines, 5000, "every warning line");
    let v: serde_json::Value = serde_json::from_str(&run(&["scan", "--format", "json"])).unwrap();
    assert_eq!(v["warnings"].as_array().unwrap().len(), 100);
    assert_eq!(v["warnings_omitted"]["corrupt"], 4900);
    // A table-only scan does not read media (their place decides): `--hash`
    // reads every file.
    let table = run(&["scan", "--hash", "--width", "120"]);
    assert!(
        table.contains("5000") && table.contains("(+4999 more)"),
        "{table}"
    );
    assert!(table.contains("4900 more counted"), "{table}");
    let media = run(&["media", "--width", "120"]);
    assert!(media.contains("5000 files with content"), "{media}");
}

/// Found by trying it as a user: a device id identical in two containers
/// is in use (each container's own, real-macs.tsv), not a spare copy;
/// `explain` of a folder points to `scan`, in one line.
#[test]
fn issue_25_device_ids_are_in_use_and_explain_says_folder() {
    let t = tempfile::tempdir().unwrap();
    for bundle in ["com.tencent.xinWeChat", "com.tencent.xinWeChat2"] {
        let d = t
            .path()
            .join("home/Library/Containers")
            .join(bundle)
            .join("Data/Documents/app_data/radium");
        fs::create_dir_all(&d).unwrap();
        fs::write(d.join("device_uuid_0"), "0123456789abcdef").unwrap();
    }
    let out = wx()
        .args(["dupes", "--format", "json", "--no-progress"])
        .arg(t.path().join("home"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["groups"][0]["in_use"], true, "{v}");
    assert_eq!(v["reclaimable_bytes"], 0);
    // Issue 26: a folder is explained by what it is and what it holds.
    let out = wx().arg("explain").arg(t.path()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("holds    2 files") && text.contains("config"),
        "{text}"
    );
}

/// `--output` at a file one may write in a folder one may not: written in
/// place (as a shell's `>` would), not refused.
#[test]
fn issue_25_output_in_a_folder_one_cannot_write() {
    let root = rustix::process::getuid().is_root();
    let setpriv = std::process::Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok();
    if !root || !setpriv {
        eprintln!("skipped: needs root and setpriv to run as nobody");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    fs::set_permissions(t.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let bin = t.path().join("wx");
    fs::copy(assert_cmd::cargo::cargo_bin("wxinspect"), &bin).unwrap();
    fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
    let home = t.path().join("home");
    crate::common::copy_tree(&sample_home(), &home);
    let ro = t.path().join("ro");
    fs::create_dir(&ro).unwrap();
    let target = ro.join("y.md");
    fs::write(
        &target,
        "an older, longer report that must not survive at the end",
    )
    .unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o666)).unwrap();
    let mut p = t.path().to_path_buf();
    while p.pop() && p != std::path::Path::new("/") {
        if fs::metadata(&p).unwrap().permissions().mode() & 0o001 == 0 {
            eprintln!("skipped: {} is not traversable", p.display());
            return;
        }
    }
    for e in walkdir(&home) {
        let mode = if e.is_dir() { 0o755 } else { 0o644 };
        fs::set_permissions(&e, fs::Permissions::from_mode(mode)).unwrap();
    }
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(&bin)
        .args(["report", "--no-progress", "--output"])
        .arg(&target)
        .arg(&home)
        .env("TMPDIR", t.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = fs::read_to_string(&target).unwrap();
    assert!(
        got.starts_with("# ") && !got.contains("must not survive"),
        "{got:.100}"
    );
}

fn walkdir(p: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut v = vec![p.to_path_buf()];
    let mut i = 0;
    while i < v.len() {
        if v[i].is_dir() && !v[i].is_symlink() {
            let kids: Vec<_> = fs::read_dir(&v[i])
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .collect();
            v.extend(kids);
        }
        i += 1;
    }
    v.retain(|p| !p.is_symlink());
    v
}
