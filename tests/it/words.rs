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
    assert!(err.contains("ambiguous") && err.contains("wxid_abc123def456_1a2b"), "{err}");
    let (code, _, err) = media_json(&["--account", "wxid_nobody"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no account matches") && err.contains("closest"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
