//! `reclaim` (issue 27): every file in exactly one tier, the tiers add up
//! to the scan's totals, what is in use stays, leftovers carry their
//! evidence, `--format paths` lists exactly a tier, and `media` and the
//! report show the same figures.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use serde_json::Value;

use crate::common::*;

const TIERS: [&str; 5] = ["rebuilt", "leftover", "duplicate", "only_copy", "keep"];

/// `reclaim --format json` of `path` (exit 0 or 2).
fn reclaim(path: &Path, extra: &[&str]) -> Value {
    let out = wx()
        .args(["reclaim", "--format", "json"])
        .args(extra)
        .arg(path)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 2)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Writes `bytes` at `path` (folders made) with its mtime at `secs`.
fn put(path: &Path, bytes: &[u8], secs: u64) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
    let t = UNIX_EPOCH + Duration::from_secs(secs);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

/// 2024-06-01, 2025-05-14, 2025-06-01 (Unix seconds).
const OLD_3X: u64 = 1_717_200_000;
const UPGRADE: u64 = 1_747_180_800;
const NEW_4X: u64 = 1_748_736_000;

const H32: &str = "3f4b2c1d0e9f8a7b6c5d4e3f2a1b0c9d";
const UUID: &str = "9E0F1A2B-3C4D-4E5F-8A6B-7C8D9E0F1A2B";

/// A home laid out like a Mac upgraded from 3.x to 4.x: a 3.x tree with a
/// placeholder beside a 4.x tree in one container, `old_backup` shards
/// named after the 3.x account, a received file in both trees, one image
/// in two 4.x accounts, names with spaces, a newline and CJK, caches,
/// logs, a mini-program package, databases with a WAL.
fn upgraded_home(root: &Path) -> PathBuf {
    let home = root.join("home");
    let c = home.join("Library/Containers/com.tencent.xinWeChat/Data");
    let v = c.join("Library/Application Support/com.tencent.xinWeChat/2.0b4.0.9");
    let x = c.join("Documents/xwechat_files");
    let sqlite = |n: u8| {
        let mut b = b"SQLite format 3\0".to_vec();
        b.extend([0x10, 0x00, 1, 1, 0, 64, 32, 32]);
        b.resize(4096, n);
        b
    };
    let noise = |n: u8, len: usize| -> Vec<u8> {
        (0..len).map(|i| (i as u8).wrapping_mul(31) ^ n).collect()
    };
    // WeChat 3.x, before the upgrade.
    put(
        &v.join(format!("{H32}/Message/msg_0.db")),
        &noise(1, 8192),
        OLD_3X,
    );
    let chat = "5f1e0d2c3b4a69788796a5b4c3d2e1f0";
    let report = noise(7, 30_000);
    put(
        &v.join(format!(
            "{H32}/Message/MessageTemp/{chat}/File/季度 报告.pdf"
        )),
        &report,
        OLD_3X,
    );
    put(
        &v.join("d41d8cd98f00b204e9800998ecf8427e/Message/x.db"),
        &noise(2, 100),
        OLD_3X,
    );
    // The shards the upgrade copied.
    let shard = x.join(format!("old_backup/{H32}/{UUID}"));
    for n in ["BAK_0_MEDIA", "BAK_1_MEDIA", "BAK_0_TEXT"] {
        put(&shard.join(n), &noise(3, 50_000), UPGRADE);
    }
    put(&shard.join("Backup.db"), &noise(4, 4096), UPGRADE);
    // WeChat 4.x, written after the upgrade.
    let a = x.join("wxid_test_1a2b");
    put(
        &a.join("db_storage/message/message_0.db"),
        &noise(5, 8192),
        NEW_4X,
    );
    put(
        &a.join("db_storage/message/message_0.db-wal"),
        &noise(6, 4096),
        NEW_4X,
    );
    put(&a.join("msg/file/2025-06/季度 报告.pdf"), &report, NEW_4X);
    put(
        &a.join("msg/file/2025-06/two\nlines.txt"),
        b"a received note",
        NEW_4X,
    );
    let image = noise(8, 20_000);
    put(
        &a.join(format!("msg/attach/{chat}/2025-06/Img/abc.dat")),
        &image,
        NEW_4X,
    );
    let b = x.join("wxid_other_3c4d");
    put(
        &b.join("db_storage/message/message_0.db"),
        &noise(9, 8192),
        NEW_4X,
    );
    put(
        &b.join(format!("msg/attach/{chat}/2025-06/Img/abc.dat")),
        &image,
        NEW_4X + 60,
    );
    // Caches, logs, a package.
    let lc = c.join("Library/Caches/com.tencent.xinWeChat");
    put(&lc.join("Cache.db"), &sqlite(0), NEW_4X);
    put(&lc.join("Cache.db-wal"), &noise(10, 4096), NEW_4X);
    put(
        &c.join("Documents/app_data/log/mm_20250601.xlog"),
        &noise(11, 3000),
        NEW_4X,
    );
    put(
        &c.join(".wxapplet/WMPF/packages/wx0123456789abcdef.wxapkg"),
        &noise(12, 5000),
        NEW_4X,
    );
    put(
        &c.join("Library/Preferences/com.tencent.xinWeChat.plist"),
        b"bplist00",
        NEW_4X,
    );
    home
}

/// The trees the partition is checked on: the sample, a generated tree of
/// 5,000 files, the upgraded home.
fn trees(t: &Path) -> Vec<PathBuf> {
    let generated = t.join("generated");
    let ok = std::process::Command::new(generator())
        .args(["--files", "5000"])
        .arg(&generated)
        .status()
        .unwrap()
        .success();
    assert!(ok, "make-sample-data --files 5000");
    vec![sample_home(), generated, upgraded_home(t)]
}

#[test]
fn issue_27_tiers_partition_the_inventory() {
    let t = tempfile::tempdir().unwrap();
    for tree in trees(t.path()) {
        let inv = inventory(&tree);
        let r = reclaim(&tree, &[]);
        let (files, bytes) = (&inv["totals"]["files"], &inv["totals"]["bytes"]);
        assert_eq!(&r["total"]["files"], files, "{}", tree.display());
        assert_eq!(&r["total"]["bytes"], bytes, "{}", tree.display());
        let tiers = r["tiers"].as_array().unwrap();
        let names: Vec<&str> = tiers.iter().map(|x| x["tier"].as_str().unwrap()).collect();
        assert_eq!(names, TIERS);
        let sum = |k: &str| tiers.iter().map(|x| x[k].as_u64().unwrap()).sum::<u64>();
        assert_eq!(sum("files"), files.as_u64().unwrap(), "{}", tree.display());
        assert_eq!(sum("bytes"), bytes.as_u64().unwrap(), "{}", tree.display());
        assert_eq!(
            sum("comes_back"),
            r["total"]["comes_back"].as_u64().unwrap()
        );
        // Every file of the inventory, once, in one of the five.
        let listed = r["files"].as_array().unwrap();
        let paths: BTreeSet<&str> = listed.iter().map(|f| f["path"].as_str().unwrap()).collect();
        let all: BTreeSet<&str> = inv["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap())
            .collect();
        assert_eq!(paths, all, "{}", tree.display());
        assert_eq!(listed.len(), all.len());
        for f in listed {
            assert!(TIERS.contains(&f["tier"].as_str().unwrap()), "{f}");
        }
    }
}

/// The tier and reason of each path in a `reclaim` document.
fn tiers_of(r: &Value) -> BTreeMap<String, (String, String)> {
    r["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_string();
            (s("path"), (s("tier"), s("reason")))
        })
        .collect()
}

const LEFTOVER_REASONS: [&str; 5] = [
    "old_backup",
    "old_tree",
    "placeholder",
    "pre_sandbox",
    "idle_container",
];

/// Outside leftovers, databases, sidecars, settings and key material stay
/// (the sidecars of a cache WeChat rebuilds go with it); `Cache.db`, logs,
/// crash reports and packages are rebuilt: every row of `expected.tsv`.
#[test]
fn issue_27_what_is_in_use_stays_and_caches_are_rebuilt() {
    let r = reclaim(&sample_home(), &[]);
    let tiers = tiers_of(&r);
    let expected = fs::read_to_string(sample_home().join("../expected.tsv")).unwrap();
    let mut checked = 0;
    for line in expected.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (path, category, kind, format) = (cols[0], cols[1], cols[2], cols[3]);
        let (tier, reason) = &tiers[path];
        if LEFTOVER_REASONS.contains(&reason.as_str()) {
            assert_eq!(tier, "leftover");
            continue;
        }
        let in_use = ["database", "config", "network"].contains(&category)
            || kind == "sidecar"
            || (["sqlite", "sqlcipher"].contains(&format)
                && category != "media"
                && category != "log"
                && category != "cache");
        if kind == "sidecar" && reason == "http_cache" {
            assert_eq!(
                tier, "rebuilt",
                "{path}: a rebuilt cache's sidecar goes with it"
            );
        } else if in_use {
            assert_eq!(
                tier, "keep",
                "{path} ({category}/{kind}/{format}): {reason}"
            );
        }
        if path.ends_with("Cache.db") || matches!(kind, "xlog" | "crash") || format == "wxapkg" {
            assert_eq!(tier, "rebuilt", "{path}: {reason}");
        }
        checked += 1;
    }
    assert!(checked > 60, "{checked}");
}

#[test]
fn issue_27_leftovers_carry_their_evidence() {
    let t = tempfile::tempdir().unwrap();
    let home = upgraded_home(t.path());
    let before = snapshot(&home);
    let r = reclaim(&home, &[]);
    let tiers = tiers_of(&r);
    let tier = |suffix: &str| {
        let hits: Vec<_> = tiers.iter().filter(|(p, _)| p.ends_with(suffix)).collect();
        assert_eq!(hits.len(), 1, "{suffix}: {hits:?}");
        hits[0].1 .0.clone()
    };
    let leftovers = r["leftovers"].as_array().unwrap();
    let find = |kind: &str| {
        leftovers
            .iter()
            .find(|l| l["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} in {leftovers:?}"))
    };
    let shard = find("old_backup");
    assert_eq!(shard["shards"], 3);
    assert_eq!(shard["files"], 4, "three shards and Backup.db");
    assert_eq!(shard["oldest"], "2025-05-14");
    assert_eq!(shard["newest"], "2025-05-14");
    assert_eq!(shard["migrated"], true, "4.x databases written after it");
    assert!(shard["path"]
        .as_str()
        .unwrap()
        .ends_with(&format!("old_backup/{H32}/{UUID}")));
    assert!(shard["same_account"].as_str().unwrap().contains(H32));
    let tree = find("old_tree");
    assert_eq!(tree["newest"], "2024-06-01");
    assert_eq!(tree["migrated"], true);
    assert!(tree["account_4x"].is_string());
    assert!(
        tree["same_account"].as_str().unwrap().contains(H32),
        "old_backup names it"
    );
    assert!(!tree["evidence"].as_array().unwrap().is_empty());
    assert!(!tree["lost"].as_str().unwrap().is_empty());
    // The 3.x tree (its databases and its placeholder too) is one leftover.
    assert_eq!(tier(&format!("{H32}/Message/msg_0.db")), "leftover");
    assert_eq!(
        tier("d41d8cd98f00b204e9800998ecf8427e/Message/x.db"),
        "leftover"
    );
    // The received file in both trees: the 3.x copy goes with its tree,
    // the 4.x copy is the only one left.
    assert_eq!(tier("File/季度 报告.pdf"), "leftover");
    assert_eq!(tier("msg/file/2025-06/季度 报告.pdf"), "only_copy");
    assert_eq!(tier("two\nlines.txt"), "only_copy");
    // One image in two accounts: one copy stays (the older), one goes.
    assert_eq!(
        tier("wxid_test_1a2b/msg/attach/5f1e0d2c3b4a69788796a5b4c3d2e1f0/2025-06/Img/abc.dat"),
        "only_copy"
    );
    assert_eq!(
        tier("wxid_other_3c4d/msg/attach/5f1e0d2c3b4a69788796a5b4c3d2e1f0/2025-06/Img/abc.dat"),
        "duplicate"
    );
    let dup = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["tier"] == "duplicate")
        .unwrap();
    assert!(dup["kept"].as_str().unwrap().contains("wxid_test_1a2b"));
    // In use outside leftovers; caches, logs and packages rebuilt.
    assert_eq!(
        tier("wxid_test_1a2b/db_storage/message/message_0.db"),
        "keep"
    );
    assert_eq!(
        tier("wxid_test_1a2b/db_storage/message/message_0.db-wal"),
        "keep"
    );
    assert_eq!(tier("com.tencent.xinWeChat/Cache.db"), "rebuilt");
    assert_eq!(tier("com.tencent.xinWeChat/Cache.db-wal"), "rebuilt");
    assert_eq!(tier("mm_20250601.xlog"), "rebuilt");
    assert_eq!(tier("wx0123456789abcdef.wxapkg"), "rebuilt");
    assert_eq!(tier("com.tencent.xinWeChat.plist"), "keep");
    // Each row says where its fact comes from and, where files could go,
    // what happens after.
    for t in r["tiers"].as_array().unwrap() {
        for row in t["reasons"].as_array().unwrap() {
            assert!(!row["source"].as_str().unwrap().is_empty(), "{row}");
            assert!(!row["after"].as_str().unwrap().is_empty(), "{row}");
        }
        assert!(t["list_command"]
            .as_str()
            .unwrap()
            .contains(&format!("--tier {}", t["tier"].as_str().unwrap())));
        assert!(!t["how"].as_array().unwrap().is_empty());
    }
    assert_same(&before, &snapshot(&home));
}

/// `--tier T --format paths -0` lists exactly the files JSON puts in T:
/// names with spaces, a newline and CJK, byte for byte.
#[test]
fn issue_27_paths_list_exactly_one_tier() {
    let t = tempfile::tempdir().unwrap();
    let home = upgraded_home(t.path());
    let r = reclaim(&home, &[]);
    for tier in TIERS {
        let out = wx()
            .args(["reclaim", "--tier", tier, "--format", "paths", "-0"])
            .arg(&home)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let listed: BTreeSet<Vec<u8>> = out
            .stdout
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(<[u8]>::to_vec)
            .collect();
        let want: BTreeSet<Vec<u8>> = r["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["tier"] == tier)
            .map(|f| {
                home.join(f["path"].as_str().unwrap())
                    .as_os_str()
                    .as_bytes()
                    .to_vec()
            })
            .collect();
        assert_eq!(listed, want, "{tier}");
        assert!(!want.is_empty(), "{tier} is empty on this tree");
    }
}

/// The table fits 80 columns and names every tier, and `--tier`,
/// `--account` and `--larger-than` narrow the sums.
#[test]
fn issue_27_table_fits_and_filters_narrow() {
    let t = tempfile::tempdir().unwrap();
    let home = upgraded_home(t.path());
    let out = wx()
        .args(["reclaim", "--width", "80", "--color", "never"])
        .arg(&home)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "{line:?}"
        );
    }
    for tier in TIERS {
        assert!(
            text.contains(&format!("\n{tier}: ")),
            "{tier} missing:\n{text}"
        );
    }
    assert!(text.contains("quit WeChat first"));
    let only = reclaim(&home, &["--tier", "rebuilt"]);
    let files = only["files"].as_array().unwrap();
    assert!(files.iter().all(|f| f["tier"] == "rebuilt"));
    assert_eq!(only["total"]["files"].as_u64().unwrap(), files.len() as u64);
    let acct = reclaim(&home, &["--account", "wxid_other"]);
    for f in acct["files"].as_array().unwrap() {
        assert!(
            f["path"].as_str().unwrap().contains("wxid_other_3c4d"),
            "{f}"
        );
    }
    let big = reclaim(&home, &["--larger-than", "40000"]);
    for f in big["files"].as_array().unwrap() {
        assert!(f["size"].as_u64().unwrap() > 40_000, "{f}");
    }
}

/// `media`'s "What the space is" and the report's "What could be
/// reclaimed" are `reclaim`'s figures, not a second computation.
#[test]
fn issue_27_media_and_report_show_reclaims_figures() {
    let t = tempfile::tempdir().unwrap();
    let home = upgraded_home(t.path());
    let r = reclaim(&home, &[]);
    let media = wx()
        .args(["media", "--color", "never"])
        .arg(&home)
        .output()
        .unwrap();
    let media = String::from_utf8(media.stdout).unwrap();
    let report = wx().args(["report"]).arg(&home).output().unwrap();
    let report = String::from_utf8(report.stdout).unwrap();
    for t in r["tiers"].as_array().unwrap() {
        let sentence = t["sentence"].as_str().unwrap();
        assert!(
            media.contains(sentence),
            "media lacks {sentence:?}:\n{media}"
        );
        let row = format!("| {} | {} | ", t["tier"].as_str().unwrap(), t["files"]);
        assert!(report.contains(&row), "report lacks {row:?}");
    }
    let total = format!("| **total** | {} | ", r["total"]["files"]);
    assert!(report.contains(&total), "report lacks {total:?}");
}
