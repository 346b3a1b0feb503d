//! Issue 15: `watch`. The real binary with `--format ndjson` over a copy of
//! the sample while the test writes the way WeChat does; a storm of 50,000
//! files; the table output at 100 columns. inotify behaviour is Linux's,
//! hence `cfg(target_os = "linux")`.
#![cfg(target_os = "linux")]

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::*;
use serde_json::Value;

const ACCOUNT: &str =
    "Library/Containers/com.tencent.xinWeChat/Data/Documents/xwechat_files/wxid_abc123def456_1a2b";
const CHAT: &str = "1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a";

struct Watch {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Watch {
    fn start(home: &Path, args: &[&str], wrapper: Option<&[&str]>) -> Watch {
        let bin = env!("CARGO_BIN_EXE_wxinspect");
        let mut cmd = match wrapper {
            Some(w) => {
                let mut c = Command::new(w[0]);
                c.args(&w[1..]).arg(bin);
                c
            }
            None => Command::new(bin),
        };
        let mut child = cmd
            .arg("watch")
            .args(args)
            .arg(home)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let l = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                match line {
                    Ok(t) => l.lock().unwrap().push(t),
                    Err(_) => break,
                }
            }
        });
        let w = Watch { child, lines };
        w.wait_for(|l| l.contains("\"type\":\"header\"") || l.starts_with("watching "));
        w
    }

    fn wait_for(&self, f: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !self.lines.lock().unwrap().iter().any(|l| f(l)) {
            assert!(start.elapsed() < Duration::from_secs(60), "timed out");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn finish(mut self) -> Vec<String> {
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status:?}");
        std::thread::sleep(Duration::from_millis(100));
        let lines = self.lines.lock().unwrap().clone();
        lines
    }
}

fn settle() {
    std::thread::sleep(Duration::from_millis(400));
}

/// Every line validates against `docs/schemas/watch.json`.
fn validate(lines: &[String]) {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas/watch.json");
    let schema: Value = serde_json::from_slice(&fs::read(p).unwrap()).unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    for l in lines {
        let doc: Value = serde_json::from_str(l).unwrap();
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).take(3).collect();
        assert!(errors.is_empty(), "{l}: {errors:#?}");
    }
}

fn events(lines: &[String]) -> Vec<Value> {
    lines
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["type"] == "event")
        .collect()
}

fn summary(lines: &[String]) -> Value {
    let last: Value = serde_json::from_str(lines.last().unwrap()).unwrap();
    assert_eq!(last["type"], "summary", "the last line is the summary");
    last
}

fn find<'a>(evs: &'a [Value], op: &str, path_end: &str) -> &'a Value {
    evs.iter()
        .find(|e| e["op"] == op && e["path"].as_str().unwrap().ends_with(path_end))
        .unwrap_or_else(|| panic!("no {op} of …{path_end} in {evs:#?}"))
}

/// The category, kind and format `scan` gives a file of the final tree.
fn scanned(home: &Path) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_wxinspect"))
        .args(["scan", "--format", "json"])
        .arg(home)
        .output()
        .unwrap();
    let inv: Value = serde_json::from_slice(&out.stdout).unwrap();
    inv["files"].as_array().unwrap().clone()
}

#[test]
fn issue_15_changes_are_classified_as_scan_would() {
    let (_t, home) = sample_copy();
    let acct = home.join(ACCOUNT);
    let w = Watch::start(
        &home,
        &[
            "--format",
            "ndjson",
            "--debounce",
            "100ms",
            "--until-idle",
            "1500ms",
        ],
        None,
    );
    // A received image in a new month folder.
    let img = acct.join(format!("msg/attach/{CHAT}/2026-12/Img"));
    fs::create_dir_all(&img).unwrap();
    let mut dat = vec![0x07, 0x08, 0x56, 0x32, 0x08, 0x07];
    dat.resize(4096, 0xab);
    fs::write(img.join("f00dfeed.dat"), &dat).unwrap();
    settle();
    // A WAL-mode database, then rows that grow its WAL.
    let dbp = acct.join("db_storage/message/message_9.db");
    let db = rusqlite::Connection::open(&dbp).unwrap();
    db.execute_batch("pragma journal_mode=wal; create table m(x);")
        .unwrap();
    settle();
    for i in 0..50 {
        db.execute("insert into m values (?1)", [format!("{i:0200}")])
            .unwrap();
    }
    settle();
    // A temp file that comes and goes.
    let tmp = acct.join("temp/upload.tmp");
    fs::create_dir_all(tmp.parent().unwrap()).unwrap();
    fs::write(&tmp, b"partial upload").unwrap();
    fs::remove_file(&tmp).unwrap();
    settle();
    // A rename of a file that was there before.
    let before = acct.join("msg/file/2025-03/季度报告 final.pdf");
    assert!(before.exists(), "the sample has {before:?}");
    fs::rename(&before, before.with_file_name("季度报告 v2.pdf")).unwrap();
    settle();
    // A file under an account folder that did not exist at the start.
    let newacct = home.join(ACCOUNT.replace("wxid_abc123def456_1a2b", "wxid_newacct_9f9f"));
    let new_img = newacct.join(format!("msg/attach/{CHAT}/2026-12/Img"));
    fs::create_dir_all(&new_img).unwrap();
    fs::write(new_img.join("beef.dat"), &dat).unwrap();
    drop(db);
    let lines = w.finish();
    validate(&lines);
    let evs = events(&lines);

    let e = find(&evs, "created", "2026-12/Img/f00dfeed.dat");
    assert_eq!(
        (
            &e["category"],
            &e["kind"],
            &e["account"],
            &e["chat"],
            &e["month"]
        ),
        (
            &Value::from("media"),
            &Value::from("image"),
            &Value::from("wxid_abc123def456_1a2b"),
            &Value::from(CHAT),
            &Value::from("2026-12")
        )
    );
    assert_eq!(e["size"], 4096);
    let wal = find(&evs, "grew", "message_9.db-wal");
    assert_eq!(
        (&wal["category"], &wal["kind"]),
        (&Value::from("database"), &Value::from("sidecar"))
    );
    assert!(wal["delta"].as_i64().unwrap() > 0);
    let r = find(&evs, "renamed", "季度报告 final.pdf");
    assert!(r["to"].as_str().unwrap().ends_with("季度报告 v2.pdf"));
    let n = find(
        &evs,
        "created",
        "wxid_newacct_9f9f/msg/attach/1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a/2026-12/Img/beef.dat",
    );
    assert_eq!(n["account"], "wxid_newacct_9f9f");
    assert_eq!(n["category"], "media");
    let s = summary(&lines);
    let vanished: Vec<&str> = s["vanished"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        vanished.iter().any(|v| v.ends_with("temp/upload.tmp")),
        "{s}"
    );
    assert!(s["bytes_by_category"]["media"].as_u64().unwrap() >= 8192);
    assert!(s["created"].as_u64().unwrap() >= 4);

    // Each created or grown file is what `scan` says it is.
    let files = scanned(&home);
    for e in evs.iter().filter(|e| e["op"] != "removed") {
        let path = e["to"].as_str().or(e["path"].as_str()).unwrap();
        if let Some(f) = files.iter().find(|f| f["path"] == path) {
            for k in ["category", "kind", "format"] {
                assert_eq!(e[k], f[k], "{k} of {path}");
            }
        }
    }
}

#[test]
fn issue_15_a_storm_of_50000_files_is_counted_in_bounded_memory() {
    let (_t, home) = sample_copy();
    let dir: PathBuf = home
        .join(ACCOUNT)
        .join(format!("cache/2026-12/Message/{CHAT}/Thumb"));
    fs::create_dir_all(&dir).unwrap();
    let rss = home.parent().unwrap().join("rss");
    let time = Path::new("/usr/bin/time");
    let rss_s = rss.to_str().unwrap();
    let wrapper = ["/usr/bin/time", "-f", "%M", "-o", rss_s];
    let w = Watch::start(
        &home,
        &["--format", "ndjson", "--until-idle", "2s"],
        time.exists().then_some(&wrapper[..]),
    );
    for i in 0..50_000 {
        fs::write(dir.join(format!("{i:05}_t.jpg")), b"\xff\xd8\xff\xe0 thumb").unwrap();
    }
    let lines = w.finish();
    validate(&lines);
    let s = summary(&lines);
    assert_eq!(s["created"], 50_000, "every file counted");
    let created: std::collections::HashSet<String> = events(&lines)
        .iter()
        .filter(|e| e["op"] == "created")
        .map(|e| e["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(created.len(), 50_000, "one created line per file");
    if time.exists() {
        let kib: u64 = fs::read_to_string(&rss)
            .unwrap()
            .lines()
            .last()
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        eprintln!("storm: peak RSS {kib} KiB");
        assert!(kib < 150 * 1024, "peak RSS {kib} KiB");
    }
}

#[test]
fn issue_15_table_lines_fit_100_columns_and_are_anonymized() {
    let (_t, home) = sample_copy();
    let acct = home.join(ACCOUNT);
    let w = Watch::start(
        &home,
        &[
            "--width",
            "100",
            "--until-idle",
            "1s",
            "--debounce",
            "100ms",
            "--anonymize",
        ],
        None,
    );
    let img = acct.join(format!("msg/attach/{CHAT}/2026-12/Img"));
    fs::create_dir_all(&img).unwrap();
    fs::write(
        img.join("a-rather-long-name-of-a-received-image-file.dat"),
        b"\xff\xd8\xff\xe0 x",
    )
    .unwrap();
    fs::write(
        acct.join("db_storage/message/message_0.db-wal"),
        vec![0u8; 9000],
    )
    .unwrap();
    let lines = w.finish();
    assert!(lines.iter().any(|l| l.contains("created")), "{lines:#?}");
    assert!(
        lines.iter().any(|l| l.starts_with("Summary:")),
        "{lines:#?}"
    );
    for l in &lines {
        assert!(
            wxinspect::render::term::width(l) <= 100,
            "wider than 100: {l}"
        );
        // --anonymize applies to every line.
        for secret in ["wxid_abc123def456", CHAT, home.to_str().unwrap()] {
            assert!(!l.contains(secret), "{secret} in {l}");
        }
    }
}

/// Issue 26: a burst of 2,000 files in one folder reads as a few roll-up
/// lines in time order, not 2,000 lines; the summary's created bytes are
/// the files' bytes, with plurals that read right.
#[test]
fn issue_26_a_burst_is_rolled_up_and_summed() {
    let (_t, home) = sample_copy();
    let acct = home.join(ACCOUNT);
    let thumb = acct.join("cache/2026-12/Message/1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a/Thumb");
    fs::create_dir_all(&thumb).unwrap();
    let w = Watch::start(
        &home,
        &[
            "--width",
            "120",
            "--until-idle",
            "2s",
            "--debounce",
            "100ms",
        ],
        None,
    );
    for i in 0..2000 {
        fs::write(thumb.join(format!("{i}_t.dat")), b"\xff\xd8\xff\xe0 thumb").unwrap();
    }
    let lines = w.finish();
    let burst: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("Thumb") && !l.starts_with("  busiest"))
        .collect();
    assert!(!burst.is_empty(), "{lines:#?}");
    assert!(
        burst.len() <= 20,
        "{} lines for the burst:\n{burst:#?}",
        burst.len()
    );
    let times: Vec<&str> = burst.iter().map(|l| &l[..8]).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted, "in time order");
    let summary = lines.iter().find(|l| l.starts_with("Summary:")).unwrap();
    assert!(summary.contains("2000 files created"), "{summary}");
    let bytes = lines.iter().find(|l| l.starts_with("Bytes:")).unwrap();
    let each = b"\xff\xd8\xff\xe0 thumb".len() as u64;
    let want = wxinspect::model::units::human_bytes(2000 * each);
    assert!(
        bytes.contains(&format!("{want} in files created")),
        "{bytes}"
    );
    assert!(
        !lines.iter().any(|l| l.trim_end().ends_with("busiest:")),
        "{lines:#?}"
    );
}
