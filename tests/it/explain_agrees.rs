//! Issue 24: `explain` places a file through the same function as the walk
//! (`classify::place::place_file`), so what it says of every file is what
//! the inventory says: category, kind, format, account, chat, month.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{generator, sample_home, wx};

/// The fields both documents carry, by absolute path.
type Facts = BTreeMap<String, [Value; 6]>;

fn facts(v: &Value) -> [Value; 6] {
    ["category", "kind", "format", "account", "chat", "month"].map(|k| v[k].clone())
}

fn inventory(root: &Path) -> Facts {
    let out = wx()
        .args(["scan", "--format", "json", "--no-progress"])
        .arg(root)
        .output()
        .unwrap();
    let inv: Value = serde_json::from_slice(&out.stdout).unwrap();
    let base = std::fs::canonicalize(root).unwrap();
    inv["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let rel = f["path"].as_str().unwrap();
            (base.join(rel).to_string_lossy().into_owned(), facts(f))
        })
        .collect()
}

fn explained(paths: &[String]) -> Facts {
    let mut all = Facts::new();
    // A few hundred paths per run keep the command line short.
    for chunk in paths.chunks(500) {
        let out = wx()
            .args(["explain", "--format", "json"])
            .args(chunk)
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        for e in v["files"].as_array().unwrap() {
            all.insert(e["path"].as_str().unwrap().to_string(), facts(e));
        }
    }
    all
}

fn agree(root: &Path) -> usize {
    let inv = inventory(root);
    let paths: Vec<String> = inv.keys().cloned().collect();
    let ex = explained(&paths);
    let mut differ = Vec::new();
    for (p, want) in &inv {
        match ex.get(p) {
            Some(got) if got == want => {}
            got => differ.push(format!("{p}\n  inventory {want:?}\n  explain   {got:?}")),
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} files differ:\n{}",
        differ.len(),
        inv.len(),
        differ[..differ.len().min(10)].join("\n")
    );
    inv.len()
}

#[test]
fn issue_24_explain_agrees_with_the_inventory_on_the_sample() {
    let n = agree(&sample_home());
    assert!(n > 100, "{n} files");
}

#[test]
fn issue_24_explain_agrees_with_the_inventory_on_a_generated_tree() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path().join("home");
    let ok = Command::new(generator())
        .args(["--files", "5000"])
        .arg(&home)
        .status()
        .unwrap()
        .success();
    assert!(ok, "make-sample-data --files 5000");
    let n = agree(&home);
    assert!(n >= 5000, "{n} files");
}

/// Places that name an account the layout does not list (a login folder
/// left by an account whose data is gone, a 3.x `KeyValue/<id>`): the
/// inventory attributes them to nobody, and so must `explain` (before
/// issue 24 it kept the folder's id as the account).
#[test]
fn issue_24_explain_keeps_no_account_the_inventory_drops() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path().join("home");
    let data = home.join("Library/Containers/com.tencent.xinWeChat/Data");
    let x = data.join("Documents/xwechat_files");
    let v3 = data.join("Library/Application Support/com.tencent.xinWeChat/2.0b4.0.9");
    let files = [
        x.join("wxid_real_1a2b/db_storage/message/message_0.db"),
        x.join("all_users/login/wxid_ghost/key_info.db"),
        v3.join("0123456789abcdef0123456789abcdef/Message/msg_0.db"),
        v3.join("KeyValue/fedcba9876543210fedcba9876543210/KeyValue.db"),
    ];
    for f in &files {
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, vec![0x5a; 4096]).unwrap();
    }
    assert_eq!(agree(&home), files.len());
}
