//! Issue 13: every output document validates against its JSON Schema in
//! `docs/schemas/`, and the streaming NDJSON inventory holds exactly the
//! files of the JSON one.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::*;

fn schema(name: &str) -> jsonschema::Validator {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/schemas")
        .join(name);
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    jsonschema::validator_for(&v).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn run(args: &[&str]) -> Vec<u8> {
    let out = wx().args(args).output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 2)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn valid(name: &str, doc: &serde_json::Value) {
    let v = schema(name);
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
}

#[test]
fn issue_13_outputs_validate_against_their_schemas() {
    let home = sample_home();
    let h = home.to_str().unwrap();
    let json = |args: &[&str]| -> serde_json::Value { serde_json::from_slice(&run(args)).unwrap() };
    valid("inventory.json", &json(&["scan", "--format", "json", h]));
    valid(
        "inventory.json",
        &json(&["scan", "--format", "json", "--hash", h]),
    );
    valid("dupes.json", &json(&["dupes", "--format", "json", h]));
    valid("reclaim.json", &json(&["reclaim", "--format", "json", h]));
    valid("media.json", &json(&["media", "--format", "json", h]));
    valid(
        "media.json",
        &json(&["media", "--format", "json", "--by", "month", h]),
    );
    valid("dbs.json", &json(&["dbs", "--format", "json", h]));
    valid("config.json", &json(&["config", "--format", "json", h]));
    valid("network.json", &json(&["network", "--format", "json", h]));
    let f = home.join("Library/Containers/com.tencent.xinWeChat/Data/Library/Caches/com.tencent.xinWeChat/Cache.db");
    valid(
        "explain.json",
        &json(&["explain", "--format", "json", f.to_str().unwrap()]),
    );
    let t = tempfile::tempdir().unwrap();
    let a = t.path().join("a.json");
    std::fs::write(&a, run(&["scan", "--format", "json", h])).unwrap();
    valid(
        "diff.json",
        &json(&[
            "diff",
            "--format",
            "json",
            a.to_str().unwrap(),
            a.to_str().unwrap(),
        ]),
    );
    let lines = schema("inventory-ndjson.json");
    let nd = run(&["scan", "--format", "ndjson", h]);
    let mut n = 0;
    for line in nd.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let v: serde_json::Value = serde_json::from_slice(line).unwrap();
        let errors: Vec<String> = lines
            .iter_errors(&v)
            .map(|e| e.to_string())
            .take(3)
            .collect();
        assert!(errors.is_empty(), "{v}: {errors:?}");
        n += 1;
    }
    assert!(n > 150, "{n} lines");
}

#[test]
fn issue_13_ndjson_holds_exactly_the_files_of_json() {
    let home = sample_home();
    let h = home.to_str().unwrap();
    let inv: serde_json::Value =
        serde_json::from_slice(&run(&["scan", "--format", "json", h])).unwrap();
    let want: BTreeSet<(String, u64, String)> = inv["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().into(),
                f["size"].as_u64().unwrap(),
                f["category"].as_str().unwrap().into(),
            )
        })
        .collect();
    let nd = run(&["scan", "--format", "ndjson", h]);
    let lines: Vec<serde_json::Value> = nd
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(lines[0]["type"], "header");
    assert_eq!(lines.last().unwrap()["type"], "totals");
    let got: BTreeSet<(String, u64, String)> = lines
        .iter()
        .filter(|l| l["type"] == "file")
        .map(|f| {
            (
                f["path"].as_str().unwrap().into(),
                f["size"].as_u64().unwrap(),
                f["category"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(got, want);
    let totals = lines.last().unwrap();
    assert_eq!(totals["files"], inv["totals"]["files"]);
    assert_eq!(totals["bytes"], inv["totals"]["bytes"]);
    // diff reads NDJSON inventories too.
    let t = tempfile::tempdir().unwrap();
    let (a, b) = (t.path().join("a.ndjson"), t.path().join("b.json"));
    std::fs::write(&a, &nd).unwrap();
    std::fs::write(&b, run(&["scan", "--format", "json", h])).unwrap();
    let d: serde_json::Value = serde_json::from_slice(&run(&[
        "diff",
        "--format",
        "json",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
    ]))
    .unwrap();
    for k in ["added", "removed", "grown", "shrunk"] {
        assert_eq!(d[k].as_array().unwrap().len(), 0, "{k}: {d}");
    }
    // Anonymized lines leak no id.
    let anon = run(&["scan", "--format", "ndjson", "--anonymize", h]);
    let text = String::from_utf8(anon).unwrap();
    for secret in [
        "jingmiao0924",
        "3f4b2c1d0e9f8a7b6c5d4e3f2a1b0c9d",
        "季度报告",
        h,
    ] {
        assert!(!text.contains(secret), "leaked {secret}");
    }
}

/// The table-only scan (records only for what the tables need) agrees with
/// the full scan on totals, accounts, locations and unreadable entries.
#[test]
fn issue_13_table_only_and_full_scans_agree() {
    let (_t, home) = sample_copy();
    // A file and a folder of a generated tree next to the sample's.
    let x = home.join("Library/Containers/com.tencent.xinWeChat/Data/Documents/xwechat_files/wxid_gen_0a0b/msg/file/2025-05");
    std::fs::create_dir_all(&x).unwrap();
    for i in 0..300 {
        std::fs::write(x.join(format!("{i}.pdf")), format!("%PDF-1.4 {i}")).unwrap();
    }
    // Content a media or log folder does not expect: the place decides the
    // category in both scans (the table-only one does not read it).
    let img = home.join("Library/Containers/com.tencent.xinWeChat/Data/Documents/xwechat_files/wxid_abc123def456_1a2b/msg/attach/1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a/2025-04/Img");
    let db = rusqlite::Connection::open(img.join("odd.dat")).unwrap();
    db.execute_batch("create table t(x); insert into t values (1);")
        .unwrap();
    drop(db);
    std::fs::write(img.join("note.dat"), "plain text where an image belongs\n").unwrap();
    let run = |keep| scan_inventory(&home, keep);
    let table = run(Some(wxinspect::scan::table_keep));
    let full = run(None);
    assert_eq!(table.totals.files, full.totals.files);
    assert_eq!(table.totals.bytes, full.totals.bytes);
    assert_eq!(
        serde_json::to_value(&table.totals.by_category).unwrap(),
        serde_json::to_value(&full.totals.by_category).unwrap()
    );
    for (a, b) in table.accounts.iter().zip(&full.accounts) {
        assert_eq!((a.files, a.bytes), (b.files, b.bytes), "{}", a.id);
    }
    for (a, b) in table.locations.iter().zip(&full.locations) {
        assert_eq!((a.files, a.bytes), (b.files, b.bytes), "{}", a.path);
    }
    let unread = |i: &wxinspect::model::Inventory| -> Vec<String> {
        i.warnings
            .iter()
            .filter(|w| w.kind.is_unreadable())
            .map(|w| w.path.clone())
            .collect()
    };
    assert_eq!(unread(&table), unread(&full));
    assert_eq!(table.has_unreadable(), full.has_unreadable());
    // The full scan still says what the bytes are.
    let odd = full
        .files
        .iter()
        .find(|f| f.path.ends_with("Img/odd.dat"))
        .unwrap();
    assert_eq!(
        (odd.category, odd.format),
        (
            wxinspect::model::Category::Media,
            wxinspect::model::Format::Sqlite
        )
    );
}
