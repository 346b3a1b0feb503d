//! Issue 26 (part): ids a person can type back, and nonsense flag values
//! refused in one line.

use crate::common::{sample_home, wx};

fn media_json(args: &[&str]) -> (Option<i32>, serde_json::Value, String) {
    let out = wx()
        .arg("media")
        .args(args)
        .args(["--format", "json", "--no-progress"])
        .arg(sample_home())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code(), v, err)
}

#[test]
fn issue_26_filters_take_prefixes_and_labels() {
    let (_, all, _) = media_json(&["--top", "1000"]);
    let chat = all["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["chat"].as_str())
        .find(|c| c.starts_with("5f1e0d2c"))
        .expect("a 3.x chat of the sample")
        .to_string();
    let rows = |v: &serde_json::Value| v["rows"].as_array().unwrap().len();
    let (code, whole, _) = media_json(&["--chat", &chat]);
    assert_eq!(code, Some(0));
    assert!(rows(&whole) > 0);
    for typed in ["5f1e0d2c", "5f1e0d2c…", &chat[..12]] {
        let (code, v, err) = media_json(&["--chat", typed]);
        assert_eq!(code, Some(0), "{typed}: {err}");
        assert_eq!(rows(&v), rows(&whole), "{typed}");
    }
    let (code, v, err) = media_json(&["--account", "wxid_abc1…_1a2b"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(rows(&v) > 0);
    let (code, _, err) = media_json(&["--account", "wxid_"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("ambiguous") && err.contains("wxid_abc123def456_1a2b"),
        "{err}"
    );
    let (code, _, err) = media_json(&["--account", "wxid_nobody"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("no account matches") && err.contains("closest"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn issue_26_nonsense_values_are_refused_and_top_0_is_all() {
    let out = wx()
        .args(["scan", "--width", "15"])
        .arg(sample_home())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("at least 20"), "{err}");
    let (_, all, _) = media_json(&["--top", "0"]);
    let (_, big, _) = media_json(&["--top", "100000"]);
    assert_eq!(all["rows"], big["rows"]);
    assert!(all["rows"].as_array().unwrap().len() > 20);
    let out = wx()
        .args(["report", "--format", "json"])
        .arg(sample_home())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "report writes no JSON");
}

/// Office documents as Word, Excel and PowerPoint write them (zips with
/// `[Content_Types].xml` and their part folders, deflated: Python's
/// zipfile writes the same layout) get their own formats; a plain zip
/// stays `zip`.
#[test]
fn issue_26_office_documents_have_their_formats() {
    let t = tempfile::tempdir().unwrap();
    let files = t
        .path()
        .join("home/Library/Containers/com.tencent.xinWeChat/Data/Documents/xwechat_files/wxid_o_1a2b/msg/file/2025-03");
    std::fs::create_dir_all(&files).unwrap();
    std::fs::create_dir_all(files.join("../../../db_storage")).unwrap();
    let script = r#"
import sys, zipfile
d = sys.argv[1]
for name, part in [("a.docx", "word/document.xml"), ("b.xlsx", "xl/workbook.xml"), ("c.pptx", "ppt/presentation.xml")]:
    with zipfile.ZipFile(d + "/" + name, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<?xml version='1.0'?><Types>" + "x" * 2000 + "</Types>")
        z.writestr("_rels/.rels", "<Relationships/>")
        z.writestr(part, "<x/>")
with zipfile.ZipFile(d + "/d.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("notes.txt", "hello")
"#;
    let ok = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&files)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("skipped: no python3 to write the documents");
        return;
    }
    let out = wx()
        .args(["scan", "--format", "json", "--no-progress"])
        .arg(t.path().join("home"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let format = |end: &str| {
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(end))
            .map(|f| f["format"].as_str().unwrap().to_string())
    };
    assert_eq!(format("a.docx").as_deref(), Some("docx"));
    assert_eq!(format("b.xlsx").as_deref(), Some("xlsx"));
    assert_eq!(format("c.pptx").as_deref(), Some("pptx"));
    assert_eq!(format("d.zip").as_deref(), Some("zip"));
}

/// `explain` in plain words: what the file is, where it comes from,
/// whether WeChat needs it; the evidence behind `--verbose`. A file of each
/// category of the sample, a 0-byte and a non-SQLite `.db`, and a file
/// outside any WeChat location (snapshots, paths redacted).
#[test]
fn issue_26_explain_in_plain_words() {
    let home = sample_home();
    let inv = {
        let out = wx()
            .args(["scan", "--format", "json", "--no-progress"])
            .arg(&home)
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    // The first file of each category, in path order.
    let mut picked = std::collections::BTreeMap::new();
    for f in inv["files"].as_array().unwrap() {
        let c = f["category"].as_str().unwrap().to_string();
        picked
            .entry(c)
            .or_insert_with(|| f["path"].as_str().unwrap().to_string());
    }
    let t = tempfile::tempdir().unwrap();
    let odd = t
        .path()
        .join("home/Library/Containers/com.tencent.xinWeChat/Data/Documents/xwechat_files/wxid_z_1a2b/db_storage/message");
    std::fs::create_dir_all(&odd).unwrap();
    std::fs::write(odd.join("message_0.db"), b"").unwrap();
    std::fs::write(odd.join("message_1.db"), b"just some text, not SQLite\n").unwrap();
    let outside = t.path().join("notes.txt");
    std::fs::write(&outside, "hello\n").unwrap();
    let mut args: Vec<std::path::PathBuf> = picked.values().map(|p| home.join(p)).collect();
    args.extend([odd.join("message_0.db"), odd.join("message_1.db"), outside]);
    let run = |extra: &[&str]| {
        let out = wx()
            .arg("explain")
            .args(extra)
            .args(&args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout)
            .replace(home.to_str().unwrap(), "<sample>")
            .replace(t.path().to_str().unwrap(), "<tmp>");
        // Months from a file's mtime depend on the checkout: redacted.
        let text = redact_mtime_months(&text);
        (out.status.code(), text)
    };
    let (code, plain) = run(&[]);
    assert_eq!(code, Some(0));
    for needle in [
        "named like a database but empty",
        "named like a database but not SQLite",
        "not under a known WeChat location",
        "WeChat needs it",
        "may be the only copy",
    ] {
        assert!(plain.contains(needle), "{needle}:\n{plain}");
    }
    assert!(
        !plain.contains("[source: "),
        "the evidence is behind --verbose"
    );
    insta::assert_snapshot!("explain_plain", plain);
    let (_, verbose) = run(&["--verbose"]);
    assert!(
        verbose.contains("[source: ") && verbose.contains("first bytes"),
        "{verbose}"
    );
}

/// `YYYY-MM (from its modification time)` → `<month> (from …)`.
fn redact_mtime_months(text: &str) -> String {
    const TAIL: &str = " (from its modification time)";
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(TAIL) {
        let head = &rest[..i];
        match head.len().checked_sub(7) {
            Some(j) if head.is_char_boundary(j) && wxinspect::model::is_month(&head[j..]) => {
                out.push_str(&head[..j]);
                out.push_str("<month>");
            }
            _ => out.push_str(head),
        }
        out.push_str(TAIL);
        rest = &rest[i + TAIL.len()..];
    }
    out.push_str(rest);
    out
}

/// `--full-ids`: tables show whole ids, which a filter takes back as they are.
#[test]
fn issue_26_full_ids_can_be_typed_back() {
    let out = wx()
        .args([
            "media",
            "--by",
            "chat",
            "--full-ids",
            "--width",
            "120",
            "--no-progress",
        ])
        .arg(sample_home())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let id = text
        .split_whitespace()
        .find(|w| w.len() == 32 && w.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or_else(|| panic!("no whole chat id:\n{text}"))
        .to_string();
    let (code, v, err) = media_json(&["--chat", &id]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!v["rows"].as_array().unwrap().is_empty());
}

/// Nonsense and empty answers say so: `--by` with `--format paths` is an
/// error; a filter that matches nothing says it in words, not a bare header.
#[test]
fn issue_26_empty_and_nonsense_answers_say_so() {
    let out = wx()
        .args(["media", "--by", "chat", "--format", "paths"])
        .arg(sample_home())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = wx()
        .args(["media", "--larger-than", "1TB", "--no-progress"])
        .arg(sample_home())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("No media file matches these filters."),
        "{text}"
    );
    let help = wx().args(["scan", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(!help.contains("[default: 0]"), "{help}");
}
