//! Issue 17: an interrupted run leaves no private copy of WeChat's
//! databases and no `--output` temp file behind, and a run killed outright
//! is cleaned up by the next one.
//!
//! The fixture is a real WAL-mode SQLite database whose rows live only in
//! its `-wal` (copied while the writer is open, as WeChat leaves them), so
//! every command makes a private copy. `WXINSPECT_TEST_COPY_DELAY_MS`
//! slows that copy to ~1 s so a signal lands in the middle of it.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use rustix::process::{kill_process, Pid, Signal};

/// A home with one container whose database has 8 MiB of rows in its WAL.
/// The interrupt tests time signals against a copy in progress: run one at
/// a time (the fifty-try test beside another made the other's copy finish
/// before its signal on a loaded machine).
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    ONE.lock().unwrap_or_else(|e| e.into_inner())
}

fn home_with_wal_db(t: &Path) -> PathBuf {
    let home = t.join("home");
    let dir = home.join(
        "Library/Containers/com.tencent.xinWeChat/Data/Documents/xwechat_files/wxid_test_1a2b/db_storage/general",
    );
    fs::create_dir_all(&dir).unwrap();
    let w = tempfile::tempdir().unwrap();
    let db = w.path().join("general.db");
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t(x BLOB);",
    )
    .unwrap();
    for i in 0..64u8 {
        conn.execute("INSERT INTO t VALUES (?1)", [vec![i; 128 * 1024]])
            .unwrap();
    }
    // Copied while the writer is open: the rows are only in the WAL.
    fs::copy(&db, dir.join("general.db")).unwrap();
    fs::copy(w.path().join("general.db-wal"), dir.join("general.db-wal")).unwrap();
    drop(conn);
    assert!(fs::metadata(dir.join("general.db-wal")).unwrap().len() > 8 << 20);
    home
}

fn copy_folders(tmp: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(tmp)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("wxinspect-db-"))
        })
        .collect();
    v.sort();
    v
}

fn spawn(args: &[&str], tmp: &Path, slow: bool) -> Child {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wxinspect"));
    c.args(args)
        .env("TMPDIR", tmp)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if slow {
        c.env("WXINSPECT_TEST_COPY_DELAY_MS", "30");
    }
    c.spawn().unwrap()
}

/// Waits until the run has started a private copy.
fn wait_for_copy(tmp: &Path, child: &mut Child) {
    assert!(
        copy_started(tmp, child),
        "the run ended before it copied anything"
    );
}

/// Waits until the run has started a private copy: false when the run
/// ended first (on a loaded machine an unslowed copy can come and go
/// between two looks).
fn copy_started(tmp: &Path, child: &mut Child) -> bool {
    let start = Instant::now();
    while copy_folders(tmp).is_empty() {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no copy started");
        std::thread::sleep(Duration::from_millis(2));
    }
    true
}

fn signal(child: &Child, sig: Signal) {
    kill_process(Pid::from_raw(child.id() as i32).unwrap(), sig).unwrap();
}

#[test]
fn issue_17_sigint_and_sigterm_mid_copy_leave_nothing() {
    let _one_at_a_time = serial();
    let t = tempfile::tempdir().unwrap();
    let home = home_with_wal_db(t.path());
    let before = common::snapshot(&home);
    let cases = [
        (Signal::INT, 0, 130),
        (Signal::INT, 150, 130),
        (Signal::INT, 500, 130),
        (Signal::TERM, 50, 143),
        (Signal::TERM, 400, 143),
        (Signal::HUP, 200, 129),
    ];
    for (i, (sig, after_ms, code)) in cases.into_iter().enumerate() {
        let tmp = t.path().join(format!("tmp{i}"));
        fs::create_dir(&tmp).unwrap();
        let cmd = ["dbs", "network", "scan", "dbs", "report", "dbs"][i];
        let mut child = spawn(&[cmd, home.to_str().unwrap()], &tmp, true);
        wait_for_copy(&tmp, &mut child);
        std::thread::sleep(Duration::from_millis(after_ms));
        assert!(
            child.try_wait().unwrap().is_none(),
            "{cmd}: the copy ended before the signal"
        );
        signal(&child, sig);
        let status = child.wait().unwrap();
        assert_eq!(
            status.code(),
            Some(code),
            "{cmd} after {after_ms} ms: {status:?}"
        );
        assert_eq!(
            copy_folders(&tmp),
            Vec::<PathBuf>::new(),
            "{cmd}: a copy was left"
        );
        assert_eq!(
            fs::read_dir(&tmp).unwrap().count(),
            0,
            "{cmd}: something was left"
        );
    }
    assert_eq!(
        common::snapshot(&home),
        before,
        "the inspected tree changed"
    );
}

#[test]
fn issue_17_report_output_interrupted_leaves_no_temp_file() {
    let _one_at_a_time = serial();
    let t = tempfile::tempdir().unwrap();
    let home = home_with_wal_db(t.path());
    let tmp = t.path().join("tmp");
    let out_dir = t.path().join("out");
    fs::create_dir_all(&tmp).unwrap();
    fs::create_dir_all(&out_dir).unwrap();
    let target = out_dir.join("report.md");
    let mut child = spawn(
        &[
            "report",
            home.to_str().unwrap(),
            "--output",
            target.to_str().unwrap(),
        ],
        &tmp,
        true,
    );
    wait_for_copy(&tmp, &mut child);
    // The output's temp file exists beside the destination during the scan.
    assert_eq!(fs::read_dir(&out_dir).unwrap().count(), 1);
    std::thread::sleep(Duration::from_millis(100));
    signal(&child, Signal::INT);
    assert_eq!(child.wait().unwrap().code(), Some(130));
    let left: Vec<_> = fs::read_dir(&out_dir).unwrap().flatten().collect();
    assert!(left.is_empty(), "left beside the destination: {left:?}");
    assert!(copy_folders(&tmp).is_empty());
}

#[test]
fn issue_17_a_killed_run_is_cleaned_up_by_the_next_and_nothing_else() {
    let _one_at_a_time = serial();
    let t = tempfile::tempdir().unwrap();
    let home = home_with_wal_db(t.path());
    let before = common::snapshot(&home);
    let tmp = t.path().join("tmp");
    fs::create_dir(&tmp).unwrap();
    let mut child = spawn(&["dbs", home.to_str().unwrap()], &tmp, true);
    wait_for_copy(&tmp, &mut child);
    std::thread::sleep(Duration::from_millis(200));
    signal(&child, Signal::KILL);
    child.wait().unwrap();
    let left = copy_folders(&tmp);
    assert_eq!(left.len(), 1, "SIGKILL cannot clean up: {left:?}");
    // Things that are not a dead run's copy must survive the sweep.
    let decoys = [
        tmp.join("wxinspect-db-notes"),
        tmp.join("unrelated"),
        tmp.join(format!("wxinspect-db-{}-livexx", std::process::id())),
    ];
    for d in &decoys {
        fs::create_dir(d).unwrap();
    }
    let lock = fs::File::create(decoys[2].join(".lock")).unwrap();
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::NonBlockingLockExclusive).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wxinspect"))
        .args(["dbs", home.to_str().unwrap()])
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("could not clean up"), "{stderr}");
    assert!(!left[0].exists(), "the leftover copy is still there");
    for d in &decoys {
        assert!(d.is_dir(), "{} was removed", d.display());
    }
    assert_eq!(
        common::snapshot(&home),
        before,
        "the inspected tree changed"
    );
}

/// Issue 25: SIGINT at a random moment of a database copy, fifty times,
/// leaves no copy behind (before, the copy folder was forgotten before it
/// was removed, and about one run in two left `db` and `db-wal` there).
#[test]
fn issue_25_sigint_anywhere_in_a_copy_leaves_nothing() {
    let _one_at_a_time = serial();
    let t = tempfile::tempdir().unwrap();
    let home = home_with_wal_db(t.path());
    // SplitMix64: the same delays on every run, spread over the copy.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut left = Vec::new();
    for i in 0..50 {
        let tmp = t.path().join(format!("tmp{i}"));
        fs::create_dir(&tmp).unwrap();
        let cmd = ["dbs", "network", "report"][i % 3];
        let slow = i % 2 == 0;
        let mut child = spawn(&[cmd, home.to_str().unwrap()], &tmp, slow);
        // A slowed copy is always seen; an unslowed one may be over before
        // the first look: then there is nothing to interrupt, and what must
        // hold still holds (nothing left behind).
        let seen = copy_started(&tmp, &mut child);
        assert!(
            seen || !slow,
            "{cmd}: the slowed run ended before it copied"
        );
        let after = Duration::from_micros(next() % 300_000);
        std::thread::sleep(after);
        if child.try_wait().unwrap().is_none() {
            signal(&child, Signal::INT);
        }
        let status = child.wait().unwrap();
        assert!(
            matches!(status.code(), Some(0 | 2 | 130)),
            "{cmd}: {status:?}"
        );
        let rest: Vec<PathBuf> = fs::read_dir(&tmp)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        if !rest.is_empty() {
            left.push(format!("{cmd} after {after:?}: {rest:?}"));
        }
    }
    assert!(left.is_empty(), "copies left:\n{}", left.join("\n"));
}
