//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod dns;
pub mod pty;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use sha2::{Digest, Sha256};

/// Names that are not UTF-8 can be made here. Not on macOS: APFS refuses
/// them (`EILSEQ`), so the tests that need one skip that part there.
pub const NON_UTF8_NAMES: bool = !cfg!(target_os = "macos");

/// The repository's `sample-data/home`.
pub fn sample_home() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/home")
}

/// `../shared/samples` (or `$WXINSPECT_SAMPLES`), when present.
pub fn shared_samples() -> Option<PathBuf> {
    let p = std::env::var_os("WXINSPECT_SAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples"));
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!(
            "skipped: no shared samples at {} (set WXINSPECT_SAMPLES)",
            p.display()
        );
        None
    }
}

/// The binary under test.
pub fn wx() -> Command {
    Command::cargo_bin("wxinspect").unwrap()
}

/// Copies a tree, recreating links as links (never following them).
pub fn copy_tree(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for e in fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let ft = e.file_type().unwrap();
        let to = dst.join(e.file_name());
        if ft.is_dir() {
            copy_tree(&e.path(), &to);
        } else if ft.is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(e.path()).unwrap(), &to).unwrap();
        } else if ft.is_file() {
            fs::copy(e.path(), &to).unwrap();
        }
    }
}

/// A copy of the sample home in a temp dir.
pub fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let home = t.path().join("home");
    copy_tree(&sample_home(), &home);
    (t, home)
}

/// Every entry's type, size, mode, mtime (ns) and, for files, content hash.
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(p) = stack.pop() {
        let m = fs::symlink_metadata(&p).unwrap();
        let ft = m.file_type();
        let kind = if ft.is_dir() {
            "dir"
        } else if ft.is_symlink() {
            "link"
        } else if ft.is_file() {
            "file"
        } else if ft.is_fifo() {
            "fifo"
        } else {
            "other"
        };
        let hash = if ft.is_file() && m.len() < (1 << 30) {
            let mut h = Sha256::new();
            h.update(fs::read(&p).unwrap());
            format!("{:x}", h.finalize())
        } else {
            String::new()
        };
        out.insert(
            p.strip_prefix(root).unwrap().to_path_buf(),
            format!(
                "{kind} {} {:o} {}.{} {hash}",
                m.len(),
                m.mode(),
                m.mtime(),
                m.mtime_nsec()
            ),
        );
        if ft.is_dir() {
            for e in fs::read_dir(&p).unwrap() {
                stack.push(e.unwrap().path());
            }
        }
    }
    out
}

/// Asserts two snapshots are equal, listing the differences.
pub fn assert_same(before: &BTreeMap<PathBuf, String>, after: &BTreeMap<PathBuf, String>) {
    let mut diffs = Vec::new();
    for (k, v) in before {
        match after.get(k) {
            None => diffs.push(format!("removed {}", k.display())),
            Some(w) if w != v => diffs.push(format!("changed {}: {v} -> {w}", k.display())),
            _ => {}
        }
    }
    for k in after.keys().filter(|k| !before.contains_key(*k)) {
        diffs.push(format!("added {}", k.display()));
    }
    assert!(diffs.is_empty(), "the tree changed:\n{}", diffs.join("\n"));
}

/// Runs `scan --format json` and parses the document.
pub fn inventory(path: &Path) -> serde_json::Value {
    let out = wx()
        .args(["scan", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(2),
        "{out:?}"
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Sets every file's and folder's mtime under `root` (links untouched) to
/// 2025-03-01T10:00:00Z, as `make-sample-data --touch` does: git keeps no
/// mtimes, and reports show months from them.
pub fn touch_all(root: &Path) {
    let t = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_740_823_200);
    let mut dirs = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(p) = stack.pop() {
        for e in fs::read_dir(&p).unwrap() {
            let e = e.unwrap();
            let ft = e.file_type().unwrap();
            if ft.is_dir() {
                stack.push(e.path());
                dirs.push(e.path());
            } else if ft.is_file() {
                fs::File::options()
                    .write(true)
                    .open(e.path())
                    .unwrap()
                    .set_modified(t)
                    .unwrap();
            }
        }
    }
    for d in dirs.into_iter().rev() {
        let _ = fs::File::open(&d).and_then(|f| f.set_modified(t));
    }
}

/// The library's scan of `home`, keeping only what `keep` accepts (all with
/// `None`), as the table-only and full commands do.
pub fn scan_inventory(
    home: &Path,
    keep: Option<fn(&wxinspect::model::FileEntry) -> bool>,
) -> wxinspect::model::Inventory {
    let opts = wxinspect::scan::ScanOptions {
        keep,
        ..Default::default()
    };
    wxinspect::scan::scan(home, &opts, vec![], &Default::default())
        .unwrap()
        .inventory
}

/// The `make-sample-data` example, built by `cargo test` beside the test
/// binary (or built now when only this test binary was asked for).
pub fn generator() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(Path::parent).unwrap();
    let bin = dir.join("examples/make-sample-data");
    if !bin.is_file() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let ok = std::process::Command::new(cargo)
            .args(["build", "--quiet", "--example", "make-sample-data"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .unwrap()
            .success();
        assert!(ok, "building make-sample-data");
    }
    bin
}

/// Every path below `p` (and `p`), links not followed.
pub fn walk_all(p: &Path) -> Vec<PathBuf> {
    let mut v = vec![p.to_path_buf()];
    let mut i = 0;
    while i < v.len() {
        if v[i].is_dir() && !v[i].is_symlink() {
            let kids: Vec<PathBuf> = fs::read_dir(&v[i])
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            v.extend(kids);
        }
        i += 1;
    }
    v
}

/// Fails with the command's stderr unless it succeeded.
pub fn assert_ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
