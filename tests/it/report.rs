//! `report` and `diff` (issue 5).

use std::fs;

use crate::common::*;
use predicates::prelude::*;

fn report(args: &[&str], path: &std::path::Path) -> String {
    let out = wx().arg("report").args(args).arg(path).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn issue_5_report_snapshot() {
    let (_t, home) = sample_copy();
    touch_all(&home);
    let text = report(&[], &home);
    let root = home.to_string_lossy().into_owned();
    insta::with_settings!({filters => vec![
        (regex_escape(&root).as_str(), "[ROOT]"),
        (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", "[TIME]"),
        (r"wxinspect \d+\.\d+\.\d+", "wxinspect [VERSION]"),
        // Allocated bytes depend on the file system's block size.
        (r"\([0-9.]+\s\S+ on disk\)", "([ALLOCATED] on disk)"),
        // So do the bytes that would come back (issue 27).
        (r"[0-9.]+\s\S+ comes back", "[BACK] comes back"),
        (r"(\| \**(?:rebuilt|leftover|duplicate|only_copy|keep|total)\** \| \d+ \| [0-9.]+\s\S+ \| )[0-9.]+\s[KMGT]?i?B \|", "${1}[BACK] |"),
    ]}, {
        insta::assert_snapshot!("report_sample_home", text);
    });
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '/' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

#[test]
fn issue_5_report_sections_and_charts() {
    let text = report(&[], &sample_home());
    for section in [
        "## Summary",
        "## Storage by category",
        "## Storage by account",
        "## Media by month",
        "## Top chats by media storage",
        "## Largest media",
        "## What could be reclaimed",
        "## Databases",
        "## Configuration",
        "## Network",
        "## Warnings",
        "## How to read this report",
    ] {
        assert!(text.contains(section), "missing {section}");
    }
    assert!(text.contains("```mermaid\npie"));
    assert!(text.contains("```mermaid\nxychart-beta"));
    assert!(text.contains("mmTLS"));
    let small = report(&["--max-rows", "2"], &sample_home());
    assert!(small.contains("more rows left out"));
    assert!(!text.contains("PLANTED-SECRET") && !small.contains("PLANTED-SECRET"));
}

#[test]
fn issue_5_names_render_as_literal_text_in_cells() {
    let t = tempfile::tempdir().unwrap();
    let dir = t
        .path()
        .join("xwechat_files/wxid_esc_0e0f/msg/file/2025-05");
    fs::create_dir_all(&dir).unwrap();
    for name in [
        "a|b.pdf",
        "tick`s`.pdf",
        "# heading.pdf",
        "line\nbreak.pdf",
        "<b>bold.pdf",
    ] {
        fs::write(dir.join(name), b"%PDF-1.4 escape test").unwrap();
    }
    let text = report(&[], &t.path().join("xwechat_files"));
    assert!(text.contains("a\\|b.pdf"), "{text}");
    assert!(text.contains("tick\\`s\\`.pdf"));
    assert!(
        text.contains("/# heading.pdf"),
        "a # inside a cell stays literal"
    );
    assert!(text.contains("line\\\\nbreak.pdf"));
    assert!(text.contains("&lt;b&gt;bold.pdf"));
    // Every row of every table keeps its header's column count: no raw `|`
    // or newline in a name broke a table.
    let mut width = None;
    for line in text.lines() {
        if !line.starts_with('|') {
            width = None;
            continue;
        }
        let cells = line.replace("\\|", "").matches('|').count();
        match width {
            None => width = Some(cells),
            Some(w) => assert_eq!(cells, w, "{line}"),
        }
    }
}

#[test]
fn issue_5_anonymize_hides_ids_names_and_root() {
    let home = sample_home();
    let text = report(&["--anonymize"], &home);
    for secret in [
        "3f4b2c1d0e9f8a7b6c5d4e3f2a1b0c9d",
        "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5",
        "wxid_abc123def456_1a2b",
        "wxid_abc123def456",
        "jingmiao0924",
        "5f1e0d2c3b4a69788796a5b4c3d2e1f0",
        "6c5ab1a0e8a1b4c9d2e3f4a5b6c7d8e9",
        "季度报告",
        "合同",
        "notes `draft`",
        "photo.jpg",
        "2718281828",
        &home.to_string_lossy(),
    ] {
        assert!(!text.contains(secret), "--anonymize leaked {secret:?}");
    }
    assert!(
        text.contains("Cache.db") || text.contains("message\\_0.db"),
        "WeChat's own names stay readable"
    );
    // Random per run; stable with a key.
    let a = report(&["--anonymize-key", "k1"], &home);
    let b = report(&["--anonymize-key", "k1"], &home);
    let strip = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("Made by") && !l.contains("Command"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&a), strip(&b));
    // JSON too.
    let out = wx()
        .args(["scan", "--format", "json", "--anonymize"])
        .arg(&home)
        .output()
        .unwrap();
    let json = String::from_utf8(out.stdout).unwrap();
    assert!(
        !json.contains("wxid_abc123def456")
            && !json.contains("3f4b2c1d0e9f")
            && !json.contains("季度报告")
    );
}

#[test]
fn issue_5_output_refused_inside_the_tree_and_written_atomically() {
    let (_t, home) = sample_copy();
    let before = snapshot(&home);
    wx().args(["report", "--output"])
        .arg(home.join("report.md"))
        .arg(&home)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("inside the inspected tree"));
    assert_same(&before, &snapshot(&home));
    let out = tempfile::tempdir().unwrap();
    wx().args(["report", "--output"])
        .arg(out.path().join("r.md"))
        .arg(&home)
        .assert()
        .success();
    let names: Vec<_> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names,
        vec![std::ffi::OsString::from("r.md")],
        "no temp file left behind"
    );
    assert_same(&before, &snapshot(&home));
}

#[test]
fn issue_5_diff_reports_exactly_the_three_copied_files() {
    let (t, home) = sample_copy();
    let old = t.path().join("old.json");
    let new = t.path().join("new.json");
    let scan_to = |p: &std::path::Path| {
        let out = wx()
            .args(["scan", "--format", "json"])
            .arg(&home)
            .output()
            .unwrap();
        fs::write(p, out.stdout).unwrap();
    };
    scan_to(&old);
    let dest = home.join("Library/Containers/com.tencent.xinWeChat/Data/Documents/xwechat_files/wxid_abc123def456_1a2b/msg/file/2025-05");
    fs::create_dir_all(&dest).unwrap();
    for (i, name) in ["one.pdf", "two.jpg", "three.txt"].iter().enumerate() {
        fs::write(dest.join(name), vec![b'x'; 100 * (i + 1)]).unwrap();
    }
    scan_to(&new);
    let out = wx()
        .args(["diff", "--format", "json"])
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["schema"], "wxinspect.diff/1");
    let added: Vec<&str> = d["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(added.len(), 3, "{added:?}");
    assert!(added.iter().all(|p| p.contains("msg/file/2025-05/")));
    for k in ["removed", "grown", "shrunk", "rewritten"] {
        assert!(d[k].as_array().unwrap().is_empty(), "{k}: {}", d[k]);
    }
    assert_eq!(d["by_account"]["wxid_abc123def456_1a2b"]["files_added"], 3);
    assert_eq!(
        d["by_account"]["wxid_abc123def456_1a2b"]["bytes_delta"],
        600
    );
    // Table and Markdown render; a foreign document is refused clearly.
    wx().args(["diff"])
        .arg(&old)
        .arg(&new)
        .assert()
        .success()
        .stdout(predicate::str::contains("three.txt"));
    wx().args(["diff", "--format", "markdown"])
        .arg(&old)
        .arg(&new)
        .assert()
        .success()
        .stdout(predicate::str::contains("## added (3)"));
    let bad = t.path().join("bad.json");
    fs::write(&bad, br#"{"schema": "wxinspect.inventory/9", "files": []}"#).unwrap();
    wx().args(["diff"])
        .arg(&bad)
        .arg(&new)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("wxinspect.inventory/1"));
}
