//! `media`, `dupes` and `scan --hash` (issue 4).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use crate::common::*;
use sha2::{Digest, Sha256};

fn json(args: &[&str], path: &std::path::Path) -> serde_json::Value {
    let out = wx().args(args).arg(path).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn issue_4_dupes_finds_the_planted_cross_tree_copies() {
    let d = json(&["dupes", "--format", "json"], &sample_home());
    assert_eq!(d["schema"], "wxinspect.dupes/1");
    let groups = d["groups"].as_array().unwrap();
    // The planted copies: a video (two 4.x accounts), a PDF and a JPEG
    // (3.x chat and 4.x received files), a mini-program package.
    assert_eq!(groups.len(), 4, "{groups:#?}");
    let mut expected = 0;
    for g in groups {
        let files = g["files"].as_array().unwrap();
        assert_eq!(files.len(), 2);
        let paths: Vec<&str> = files.iter().map(|f| f.as_str().unwrap()).collect();
        let a = fs::read(sample_home().join(paths[0])).unwrap();
        let b = fs::read(sample_home().join(paths[1])).unwrap();
        assert_eq!(a, b);
        assert_eq!(
            g["sha256"].as_str().unwrap(),
            format!("{:x}", Sha256::digest(&a))
        );
        expected += g["size"].as_u64().unwrap();
    }
    assert_eq!(d["reclaimable_bytes"].as_u64().unwrap(), expected);
    assert!(groups.iter().any(|g| g["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f.as_str().unwrap().contains("2.0b4.0.9"))
        && g["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.as_str().unwrap().contains("xwechat_files"))));
    // --category narrows.
    let m = json(
        &["dupes", "--format", "json", "--category", "cache"],
        &sample_home(),
    );
    assert_eq!(m["groups"].as_array().unwrap().len(), 1);
}

#[test]
fn issue_4_dupes_counts_a_hard_linked_pair_once() {
    let (_t, home) = sample_copy();
    let dir = home.join("Library/Containers/com.tencent.xinWeChat/Data/Documents/xwechat_files/wxid_abc123def456_1a2b/msg/file/2025-03");
    fs::hard_link(dir.join("photo.jpg"), dir.join("photo hardlink.jpg")).unwrap();
    let d = json(&["dupes", "--format", "json"], &home);
    let g = d["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| {
            g["files"].as_array().unwrap().iter().any(|f| {
                f.as_str().unwrap().ends_with("photo.jpg")
                    || f.as_str().unwrap().ends_with("photo hardlink.jpg")
            })
        })
        .unwrap();
    assert_eq!(
        g["files"].as_array().unwrap().len(),
        2,
        "one path per inode"
    );
    assert_eq!(
        g["aliases"].as_array().unwrap().len(),
        1,
        "the hard link is an alias"
    );
    let plain = json(&["dupes", "--format", "json"], &sample_home());
    assert_eq!(
        d["reclaimable_bytes"], plain["reclaimable_bytes"],
        "a hard link frees nothing"
    );
}

#[test]
fn issue_4_media_aggregates_add_up_to_the_media_category() {
    let inv = inventory(&sample_home());
    let media_bytes = inv["totals"]["by_category"]["media"]["bytes"]
        .as_u64()
        .unwrap();
    let media_files = inv["totals"]["by_category"]["media"]["files"]
        .as_u64()
        .unwrap();
    for by in ["chat", "month", "kind", "account"] {
        let d = json(&["media", "--format", "json", "--by", by], &sample_home());
        assert_eq!(d["schema"], "wxinspect.media/1");
        let rows = d["rows"].as_array().unwrap();
        let bytes: u64 = rows.iter().map(|r| r["bytes"].as_u64().unwrap()).sum();
        let files: u64 = rows.iter().map(|r| r["files"].as_u64().unwrap()).sum();
        assert_eq!((bytes, files), (media_bytes, media_files), "--by {by}");
    }
}

#[test]
fn issue_4_media_lists_largest_first_and_filters() {
    let d = json(&["media", "--format", "json", "--top", "5"], &sample_home());
    let rows = d["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let sizes: Vec<u64> = rows.iter().map(|r| r["size"].as_u64().unwrap()).collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]));
    let d = json(
        &[
            "media", "--format", "json", "--top", "100", "--kind", "voice",
        ],
        &sample_home(),
    );
    let rows = d["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows
        .iter()
        .all(|r| r["kind"] == "voice" && r["format"] == "silk"));
    let d = json(
        &[
            "media",
            "--format",
            "json",
            "--top",
            "100",
            "--kind",
            "video",
            "--larger-than",
            "100KiB",
        ],
        &sample_home(),
    );
    assert_eq!(d["rows"].as_array().unwrap().len(), 3);
    let d = json(
        &[
            "media",
            "--format",
            "json",
            "--top",
            "100",
            "--account",
            "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5",
        ],
        &sample_home(),
    );
    assert_eq!(d["rows"].as_array().unwrap().len(), 2);
    let d = json(
        &[
            "media",
            "--format",
            "json",
            "--top",
            "100",
            "--older-than",
            "1990-01-01",
        ],
        &sample_home(),
    );
    assert_eq!(d["rows"].as_array().unwrap().len(), 0);
    let with_cache = json(
        &[
            "media",
            "--format",
            "json",
            "--top",
            "1000",
            "--include-cache",
        ],
        &sample_home(),
    );
    let without = json(
        &["media", "--format", "json", "--top", "1000"],
        &sample_home(),
    );
    assert!(
        with_cache["rows"].as_array().unwrap().len() > without["rows"].as_array().unwrap().len()
    );
    wx().args(["media", "--kind", "nonsense"])
        .arg(sample_home())
        .assert()
        .code(1);
}

#[test]
fn issue_4_scan_hash_fills_sha256() {
    let inv = json(&["scan", "--format", "json", "--hash"], &sample_home());
    for f in inv["files"].as_array().unwrap() {
        let p = sample_home().join(f["path"].as_str().unwrap());
        let want = format!("{:x}", Sha256::digest(fs::read(&p).unwrap()));
        assert_eq!(f["sha256"].as_str().unwrap(), want, "{}", p.display());
    }
    let plain = inventory(&sample_home());
    assert!(
        plain["files"][0]["sha256"].is_null(),
        "hashing only when asked"
    );
}

/// Issue 13: `--hash` hashes while walking, so NDJSON can carry it too:
/// the same digests as the JSON document, and the same `too_large`
/// warnings under `--max-hash-size`.
#[test]
fn issue_13_ndjson_hash_matches_json_hash() {
    let home = sample_home();
    // Files over the limit are not read in full: exit code 2 (partial).
    let lines = |args: &[&str]| -> Vec<serde_json::Value> {
        let out = wx().args(args).arg(&home).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        match args.contains(&"json") {
            true => vec![serde_json::from_str(&text).unwrap()],
            false => text
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect(),
        }
    };
    let digests = |files: Vec<&serde_json::Value>| -> BTreeMap<String, serde_json::Value> {
        files
            .into_iter()
            .map(|f| (f["path"].as_str().unwrap().to_string(), f["sha256"].clone()))
            .collect()
    };
    let small = ["--max-hash-size", "20KiB"];
    let inv = lines(&["scan", "--format", "json", "--hash", small[0], small[1]]).remove(0);
    let nd = lines(&["scan", "--format", "ndjson", "--hash", small[0], small[1]]);
    let by_type = |t: &str| nd.iter().filter(|l| l["type"] == t).collect::<Vec<_>>();
    let want = digests(inv["files"].as_array().unwrap().iter().collect());
    assert_eq!(digests(by_type("file")), want);
    let hashed = want.values().filter(|d| d.is_string()).count();
    assert!(
        hashed > 50 && hashed < want.len(),
        "{hashed} of {}",
        want.len()
    );
    let too_large = |ws: Vec<&serde_json::Value>| -> BTreeSet<String> {
        ws.into_iter()
            .filter(|w| w["kind"] == "too_large")
            .map(|w| w["path"].as_str().unwrap().to_string())
            .collect()
    };
    let json_big = too_large(inv["warnings"].as_array().unwrap().iter().collect());
    assert_eq!(json_big.len(), want.len() - hashed);
    assert_eq!(too_large(by_type("warning")), json_big);
}

#[test]
fn issue_4_read_only_after_dupes_media_and_hash() {
    let (_t, home) = sample_copy();
    let before = snapshot(&home);
    wx().args(["dupes"]).arg(&home).assert().success();
    wx().args(["scan", "--hash", "--format", "json"])
        .arg(&home)
        .assert()
        .success();
    wx().args(["media", "--by", "month"])
        .arg(&home)
        .assert()
        .success();
    assert_same(&before, &snapshot(&home));
}
