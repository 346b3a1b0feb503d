//! `scan --format ncdu` (issue 28): the same regular files, sizes and
//! totals as ncdu 1.18's own export of the same tree, read back by
//! `ncdu -f` and `gdu -f`. The comparisons skip with a note where a tool
//! is missing (`.ci/run` installs them).

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::{assert_ok, copy_tree, sample_home, wx};

/// One entry of an export: kind, asize, dsize, hard-link inode, read error.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    kind: &'static str,
    asize: u64,
    dsize: u64,
    ino: Option<u64>,
    read_error: bool,
}

/// Every entry of an export by its path below the root ("" = the root).
fn flatten(doc: &Value) -> BTreeMap<String, Entry> {
    fn num(v: &Value, k: &str) -> u64 {
        v.get(k).and_then(Value::as_u64).unwrap_or(0)
    }
    fn go(node: &Value, at: Option<&str>, out: &mut BTreeMap<String, Entry>) {
        let (info, kids) = match node {
            Value::Array(a) => (&a[0], &a[1..]),
            v => (v, &[][..]),
        };
        let name = info["name"].as_str().unwrap();
        let path = match at {
            None => String::new(),
            Some("") => name.to_string(),
            Some(p) => format!("{p}/{name}"),
        };
        let kind = match (node.is_array(), info.get("notreg").is_some()) {
            (true, _) => "dir",
            (false, true) => "notreg",
            (false, false) => "file",
        };
        out.insert(
            path.clone(),
            Entry {
                kind,
                asize: num(info, "asize"),
                dsize: num(info, "dsize"),
                ino: info.get("ino").and_then(Value::as_u64),
                read_error: info.get("read_error").is_some(),
            },
        );
        for k in kids {
            go(k, Some(&path), out);
        }
    }
    let a = doc.as_array().expect("an array");
    assert_eq!(
        (a[0].as_u64(), a[1].as_u64()),
        (Some(1), Some(2)),
        "format 1.2"
    );
    assert!(a[2].get("timestamp").is_some(), "metadata");
    let mut out = BTreeMap::new();
    go(&a[3], None, &mut out);
    out
}

/// Totals as a reader counts them: every entry, a hard-linked inode once.
fn totals(e: &BTreeMap<String, Entry>) -> (u64, u64, usize) {
    let mut seen = HashSet::new();
    let (mut a, mut d) = (0, 0);
    for x in e.values() {
        if x.ino.is_some_and(|i| !seen.insert(i)) {
            continue;
        }
        a += x.asize;
        d += x.dsize;
    }
    (a, d, e.len())
}

fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("--version").output().is_ok();
    if !ok {
        eprintln!("skipped: no {tool} here (.ci/run installs it with apt)");
    }
    ok
}

/// Runs `prog args…` as `nobody` when `as_nobody`.
fn run(as_nobody: bool, prog: &Path, args: &[&str], tree: &Path) -> std::process::Output {
    let mut c = match as_nobody {
        true => {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
            c.arg(prog);
            c
        }
        false => Command::new(prog),
    };
    c.args(args).arg(tree).output().unwrap()
}

/// Ours and ncdu's export of `tree`: the same regular files with the same
/// sizes, hard links by inode, and the same totals.
fn compare_with_ncdu(tree: &Path, bin: &Path, as_nobody: bool) -> Vec<u8> {
    let ours = run(
        as_nobody,
        bin,
        &["scan", "--format", "ncdu", "--no-progress"],
        tree,
    );
    assert!(
        matches!(ours.status.code(), Some(0 | 2)),
        "{}",
        String::from_utf8_lossy(&ours.stderr)
    );
    let theirs = run(
        as_nobody,
        Path::new("ncdu"),
        &["--ignore-config", "-0", "-o", "-"],
        tree,
    );
    assert_ok(&theirs);
    let (a, b) = (
        flatten(&serde_json::from_slice(&ours.stdout).unwrap()),
        flatten(&serde_json::from_slice(&theirs.stdout).unwrap()),
    );
    let files = |m: &BTreeMap<String, Entry>| -> BTreeMap<String, Entry> {
        m.iter()
            .filter(|(_, e)| e.kind == "file")
            .map(|(p, e)| (p.clone(), e.clone()))
            .collect()
    };
    assert_eq!(files(&a), files(&b), "regular files, sizes and inodes");
    assert_eq!(totals(&a), totals(&b), "totals (asize, dsize, entries)");
    assert_eq!(a, b, "every entry as ncdu writes it");
    ours.stdout
}

/// ncdu and gdu read the export back without an error.
fn readers_accept(export: &[u8], dir: &Path) {
    let file = dir.join("export.json");
    fs::write(&file, export).unwrap();
    if have("ncdu") {
        let out = Command::new("ncdu")
            .args(["--ignore-config", "-f"])
            .arg(&file)
            .args(["-o"])
            .arg(dir.join("again.json"))
            .output()
            .unwrap();
        assert_ok(&out);
        let again: Value =
            serde_json::from_slice(&fs::read(dir.join("again.json")).unwrap()).unwrap();
        let first: Value = serde_json::from_slice(export).unwrap();
        assert_eq!(
            totals(&flatten(&again)),
            totals(&flatten(&first)),
            "ncdu -f reads every entry"
        );
    }
    if have("gdu") {
        let out = Command::new("gdu")
            .args(["-n", "-f"])
            .arg(&file)
            .output()
            .unwrap();
        assert_ok(&out);
    }
}

#[test]
fn issue_28_ncdu_export_of_the_sample_equals_ncdus_own() {
    if !have("ncdu") {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let home = t.path().join("home");
    copy_tree(&sample_home(), &home);
    let bin = assert_cmd::cargo::cargo_bin("wxinspect");
    let export = compare_with_ncdu(&home, &bin, false);
    readers_accept(&export, t.path());
}

/// A tree with hard links, a link to nowhere, a FIFO, an empty folder and
/// a folder `nobody` may not list, exported by both as `nobody`.
#[test]
fn issue_28_ncdu_export_with_links_and_an_unreadable_folder() {
    let root = rustix::process::getuid().is_root();
    let setpriv = Command::new("setpriv").arg("--version").output().is_ok();
    if !root || !setpriv || !have("ncdu") {
        eprintln!("skipped: needs root, setpriv and ncdu (runs both as nobody)");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    fs::set_permissions(t.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let mut p = t.path().to_path_buf();
    while p.pop() && p != Path::new("/") {
        if fs::metadata(&p).unwrap().permissions().mode() & 0o001 == 0 {
            eprintln!("skipped: {} is not traversable", p.display());
            return;
        }
    }
    let home = t.path().join("home");
    copy_tree(&sample_home(), &home);
    let data = home.join("Library/Containers/com.tencent.xinWeChat/Data");
    let db: PathBuf = data.join("Library/Application Support/com.tencent.xinWeChat");
    fs::create_dir_all(data.join("locked/sub")).unwrap();
    fs::write(data.join("locked/sub/f"), b"not listed").unwrap();
    fs::create_dir(data.join("empty")).unwrap();
    fs::write(db.join("one.bin"), vec![7u8; 5000]).unwrap();
    fs::hard_link(db.join("one.bin"), data.join("again.bin")).unwrap();
    std::os::unix::fs::symlink("nowhere", data.join("dangling")).unwrap();
    std::os::unix::fs::symlink("again.bin", data.join("to-again")).unwrap();
    let fifo = Command::new("mkfifo").arg(data.join("pipe")).status();
    assert!(fifo.is_ok_and(|s| s.success()), "mkfifo");
    for e in crate::common::walk_all(&home) {
        if !e.is_symlink() {
            let mode = if e.is_dir() { 0o755 } else { 0o644 };
            fs::set_permissions(&e, fs::Permissions::from_mode(mode)).unwrap();
        }
    }
    fs::set_permissions(data.join("locked"), fs::Permissions::from_mode(0o700)).unwrap();
    let bin = t.path().join("wx");
    fs::copy(assert_cmd::cargo::cargo_bin("wxinspect"), &bin).unwrap();
    fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
    let export = compare_with_ncdu(&home, &bin, true);
    let text = String::from_utf8_lossy(&export);
    assert!(text.contains("\"read_error\":true"), "the locked folder");
    assert!(text.contains("\"hlnkc\":true"), "the hard links");
    readers_accept(&export, t.path());
}

#[test]
fn issue_28_ncdu_export_anonymized() {
    let out = wx()
        .args(["scan", "--format", "ncdu", "--anonymize", "--no-progress"])
        .arg(sample_home())
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc[3][0]["name"], "<root>");
    let text = String::from_utf8_lossy(&out.stdout);
    let home = sample_home();
    for secret in [home.to_str().unwrap(), "jingmiao0924", "合同"] {
        assert!(!text.contains(secret), "{secret} in the export");
    }
    // The same shape as without pseudonyms.
    let plain = wx()
        .args(["scan", "--format", "ncdu", "--no-progress"])
        .arg(sample_home())
        .output()
        .unwrap();
    let plain = flatten(&serde_json::from_slice(&plain.stdout).unwrap());
    assert_eq!(totals(&flatten(&doc)), totals(&plain));
}
