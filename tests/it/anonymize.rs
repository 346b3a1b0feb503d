//! Issue 18: `--anonymize` by allow-list. Every path component WeChat or
//! macOS did not generate becomes a pseudonym, in every command and format;
//! the recorded command names its paths `<root>`, `<output>`, `<input-N>`;
//! the Mac user name never appears.

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use wxinspect::analyze::generated::is_generated;

const KEY: &str = "issue-18-key";

/// Names people give, planted where WeChat keeps copies under their
/// original names (and where it does not, to test the allow-list).
const PLANTED: &[(&str, &str)] = &[
    ("business/favorite/temp", "英文版-中文翻译.pdf"),
    (
        "temp/RWTemp/2026-08/9e20f478899dc29eb19741386f9343c8",
        "北京区域0716-2.xlsx",
    ),
    ("temp/InputTemp", "😀 party.png"),
    ("Zhang Wei project/src", "budget final.txt"),
    ("msg/file/2026-08", "d41d8cd98f00b204e9800998ecf8427f.pdf"),
    ("cache/2026-08", "holiday-photos.zip"),
];

/// What must never appear in anonymized output.
const SECRETS: &[&str] = &[
    "英文版",
    "中文翻译",
    "北京区域",
    "😀",
    "party",
    "Zhang",
    "budget",
    "holiday",
    "alice",
    "d41d8cd98f00b204e9800998ecf8427f",
    "jingmiao0924",
    "wxid_abc123def456",
    "季度报告",
    "合同",
    "notes `draft`",
    "photo.jpg",
    "2718281828",
];

fn home() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    // The Mac user name is in the path of the home folder.
    let home = t.path().join("Users/alice");
    common::copy_tree(&common::sample_home(), &home);
    let acct = home.join(
        "Library/Containers/com.tencent.xWeChat/Data/Documents/xwechat_files/jingmiao0924_5519",
    );
    for (dir, name) in PLANTED {
        fs::create_dir_all(acct.join(dir)).unwrap();
        fs::write(acct.join(dir).join(name), b"%PDF-1.4 planted").unwrap();
    }
    // A link whose target names the user and a personal file.
    std::os::unix::fs::symlink(
        "/Users/alice/Desktop/holiday plan.key",
        acct.join("msg/file/2026-08/link-to-desktop"),
    )
    .unwrap();
    (t, home)
}

fn run(args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wxinspect"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 2)),
        "{args:?}: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_clean(what: &str, text: &str, home: &Path) {
    for s in SECRETS {
        assert!(!text.contains(s), "{what} leaked {s:?}");
    }
    assert!(
        !text.contains(&*home.to_string_lossy()),
        "{what} leaked the home path"
    );
    assert!(
        !text.contains(&*home.parent().unwrap().to_string_lossy()),
        "{what} leaked the folder of the home"
    );
}

/// A pseudonym or placeholder this tool writes.
fn is_pseudonym(c: &str) -> bool {
    let stem = c.split('.').next().unwrap_or(c);
    let stem = stem.split('_').next().unwrap_or(stem);
    ["name-", "acct-", "chat-", "id-", "uin-", "user-"]
        .iter()
        .any(|p| {
            stem.strip_prefix(p)
                .is_some_and(|h| h.len() == 10 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        })
        || (c.starts_with('<') && c.ends_with('>'))
        || c.starts_with("key_uin-")
}

#[test]
fn issue_18_no_personal_name_survives_any_command_or_format() {
    let (t, home) = home();
    let h = home.to_str().unwrap();
    // Outside the inspected tree, but naming the user all the same.
    let out_dir = t.path().join("Users/alice-reports");
    fs::create_dir_all(&out_dir).unwrap();
    let out_file = out_dir.join("report.md");
    let mut runs: Vec<Vec<String>> = Vec::new();
    for fmt in ["table", "json", "csv", "markdown"] {
        runs.push(vec!["scan".into(), "--format".into(), fmt.into()]);
    }
    for cmd in ["media", "dbs", "network", "config", "dupes", "reclaim"] {
        for fmt in ["table", "json", "csv"] {
            runs.push(vec![cmd.into(), "--format".into(), fmt.into()]);
        }
    }
    runs.push(vec![
        "media".into(),
        "--by".into(),
        "chat".into(),
        "--include-cache".into(),
    ]);
    runs.push(vec!["report".into()]);
    runs.push(vec![
        "report".into(),
        "--output".into(),
        out_file.to_string_lossy().into(),
    ]);
    for args in runs {
        let mut full: Vec<&str> = args.iter().map(String::as_str).collect();
        full.extend([h, "--anonymize-key", KEY]);
        let (stdout, stderr) = run(&full);
        let text = if args.contains(&"--output".to_string()) {
            fs::read_to_string(&out_file).unwrap()
        } else {
            stdout
        };
        assert_clean(&format!("{args:?}"), &text, &home);
        assert_clean(&format!("{args:?} (stderr)"), &stderr, &home);
        if args.contains(&"--output".to_string()) {
            assert!(
                text.contains("--output <output>"),
                "the recorded command: {text}"
            );
        }
    }
    // Property: every component of every path in the inventory is generated
    // or a pseudonym; and a key gives the same pseudonyms every time.
    let (a, _) = run(&["scan", "--format", "json", h, "--anonymize-key", KEY]);
    let (b, _) = run(&["scan", "--format", "json", h, "--anonymize-key", KEY]);
    let inv: serde_json::Value = serde_json::from_str(&a).unwrap();
    let paths = |v: &serde_json::Value| -> BTreeSet<String> {
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(paths(&inv), paths(&serde_json::from_str(&b).unwrap()));
    let mut checked = 0;
    for section in ["files", "links", "specials", "warnings", "databases"] {
        for e in inv[section].as_array().unwrap() {
            for c in e["path"].as_str().unwrap().split('/') {
                assert!(
                    is_generated(c) || is_pseudonym(c),
                    "{c:?} survived in {}",
                    e["path"]
                );
                assert!(c.is_ascii(), "{c:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked}");
    assert_eq!(inv["root"], "<root>");
    assert!(!a.contains(KEY), "the key was recorded");
    assert!(inv["command"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "<root>"));
    // The same pseudonyms in another command.
    let (m, _) = run(&[
        "media",
        "--format",
        "json",
        "--top",
        "1000",
        h,
        "--anonymize-key",
        KEY,
    ]);
    let media: serde_json::Value = serde_json::from_str(&m).unwrap();
    let all = paths(&inv);
    for r in media["rows"].as_array().unwrap() {
        assert!(
            all.contains(r["path"].as_str().unwrap()),
            "{} not in scan",
            r["path"]
        );
    }
    // The link's target keeps its shape, not its names.
    let targets: Vec<&str> = inv["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["target"].as_str().unwrap())
        .collect();
    assert!(
        targets.iter().any(|t| t.starts_with("/Users/user-")
            && t.contains("/Desktop/name-")
            && t.ends_with(".key")),
        "{targets:?}"
    );
}

#[test]
fn issue_18_diff_and_output_paths_leave_no_trace() {
    let (t, home) = home();
    let dir = t.path().join("Users/alice/Documents/audit");
    fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("before.json"), dir.join("after.json"));
    let (inv, _) = run(&["scan", "--format", "json", home.to_str().unwrap()]);
    fs::write(&a, &inv).unwrap();
    let extra = home.join("Library/Containers/com.tencent.xWeChat/Data/Documents/xwechat_files/jingmiao0924_5519/msg/file/2026-08/家庭照片.jpg");
    fs::write(&extra, b"\xff\xd8\xff\xe0 new").unwrap();
    let (inv2, _) = run(&["scan", "--format", "json", home.to_str().unwrap()]);
    fs::write(&b, &inv2).unwrap();
    for fmt in ["table", "json", "csv", "markdown"] {
        let (text, err) = run(&[
            "diff",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--format",
            fmt,
            "--anonymize-key",
            KEY,
        ]);
        assert_clean(&format!("diff {fmt}"), &text, &home);
        assert_clean(&format!("diff {fmt} (stderr)"), &err, &home);
        assert!(
            !text.contains("家庭照片") && !text.contains("audit"),
            "diff {fmt}: {text}"
        );
    }
    let out = dir.join("diff.md");
    run(&[
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "markdown",
        "--anonymize",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_clean("diff --output", &fs::read_to_string(out).unwrap(), &home);
}

/// The 3.x data root of the sample's main container.
const V: &str = "Library/Containers/com.tencent.xinWeChat/Data/Library/Application Support/com.tencent.xinWeChat/2.0b4.0.9";
/// A 3.x account folder of the sample.
const ACCT32: &str = "3f4b2c1d0e9f8a7b6c5d4e3f2a1b0c9d";

/// A plist written by the `plist` crate.
fn write_plist(path: &Path, key: &str, value: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut d = plist::Dictionary::new();
    d.insert(key.into(), plist::Value::String(value.into()));
    plist::Value::Dictionary(d).to_file_xml(path).unwrap();
}

/// The sample home, with the places of issue 25 item 7 that it lacks: the
/// helper containers, the LaunchAgents plist, `Library/WechatPrivate`,
/// 3.x files with WeChat's own names (`../shared/reference/real-macs.tsv`
/// and `wechat-macos-layout.md` §1.1, §2.1), and a link to a URL.
fn issue_25_home() -> (tempfile::TempDir, PathBuf) {
    let (t, home) = common::sample_copy();
    write_plist(
        &home.join("Library/Containers/com.tencent.xinWeChat.WeChatMacShare/Data/Library/Preferences/com.tencent.xinWeChat.WeChatMacShare.plist"),
        "lastShare",
        "2025-03-01",
    );
    write_plist(
        &home.join("Library/Containers/5A4RE8SF68.com.tencent.xinWeChat.IPCHelper/Data/Library/Preferences/5A4RE8SF68.com.tencent.xinWeChat.IPCHelper.plist"),
        "lastRun",
        "2025-03-01",
    );
    write_plist(
        &home.join("Library/LaunchAgents/com.tencent.xin.WeChatHelper.plist"),
        "Label",
        "com.tencent.xin.WeChatHelper",
    );
    for (dir, name, bytes) in [
        ("Library/WechatPrivate", "holiday.key", &b"opaque"[..]),
        (
            &format!("{V}/CGI")[..],
            "ServerId.dat",
            &b"\x01\x02\x03\x04"[..],
        ),
        (
            &format!("{V}/MMResourceMgr")[..],
            "resInfo.sqlite",
            &b"SQLite format 3\0"[..],
        ),
        (
            &format!("{V}/{ACCT32}/Account")[..],
            "Beta.db",
            &b"\x9a\x41\x13\x77 enciphered"[..],
        ),
        (
            &format!("{V}/{ACCT32}/Stickers")[..],
            "fav.archive",
            &b"bplist00"[..],
        ),
    ] {
        fs::create_dir_all(home.join(dir)).unwrap();
        fs::write(home.join(dir).join(name), bytes).unwrap();
    }
    std::os::unix::fs::symlink(
        "https://wx.qlogo.cn/mmhead/ver_1/abcdefg/132",
        home.join("Library/Containers/com.tencent.xinWeChat/Data/Documents/xwechat_files/wxid_abc123def456_1a2b/avatar-link"),
    )
    .unwrap();
    (t, home)
}

/// The paths of files, locations and links in an anonymized scan.
fn anonymized_paths(home: &Path) -> (serde_json::Value, Vec<String>) {
    let (json, _) = run(&[
        "scan",
        "--format",
        "json",
        home.to_str().unwrap(),
        "--anonymize-key",
        KEY,
    ]);
    let inv: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut paths = Vec::new();
    for section in ["files", "locations", "links"] {
        for e in inv[section].as_array().unwrap() {
            paths.push(e["path"].as_str().unwrap().to_string());
        }
    }
    (inv, paths)
}

#[test]
fn issue_25_urls_keep_scheme_and_host_only() {
    let (_t, home) = issue_25_home();
    let h = home.to_str().unwrap();
    for args in [
        &["config", "--format", "table"][..],
        &["config", "--format", "json"],
        &["config", "--format", "csv"],
        &["report"],
        &["scan", "--format", "json"],
    ] {
        let mut full = args.to_vec();
        full.extend([h, "--anonymize-key", KEY]);
        let (out, err) = run(&full);
        for leak in ["mmhead", "abcdefg", "ver_1", "mac-release.xml"] {
            assert!(!out.contains(leak), "{args:?} leaked {leak:?}");
            assert!(!err.contains(leak), "{args:?} (stderr) leaked {leak:?}");
        }
        if args[0] != "scan" {
            assert!(
                out.contains("https://wx.qlogo.cn/<path>"),
                "{args:?} lost the scheme and host: {out}"
            );
        }
    }
    // A link to a URL: its target keeps the scheme and host.
    let (inv, _) = anonymized_paths(&home);
    let targets: Vec<&str> = inv["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["target"].as_str().unwrap())
        .collect();
    assert!(
        targets.contains(&"https://wx.qlogo.cn/<path>"),
        "{targets:?}"
    );
}

#[test]
fn issue_25_every_id_shaped_component_is_an_id() {
    let (inv, paths) = anonymized_paths(&common::sample_home());
    let all = paths.join("\n");
    // The per-user radium folder (16 hex) and a 3.x backup folder (16 hex).
    for id in ["593b906c03bc0149", "0f1e2d3c4b5a6978"] {
        assert!(!all.contains(id), "{id} survived");
    }
    assert!(
        paths
            .iter()
            .any(|p| p.contains("/app_data/radium/users/id-") && p.ends_with("/__APP__.wxapkg")),
        "{all}"
    );
    // Names with more than an id in them stay as they are today.
    assert!(all.contains("/4341616580689_.pic.jpg"), "{all}");
    assert!(all.contains("/MM_20250301.xlog"), "{all}");
    assert!(
        paths
            .iter()
            .any(|p| p.contains("/2025-03/Img/id-") && p.ends_with("_t.dat")),
        "{all}"
    );
    assert!(!all.contains("71b3545293b1d5e40d33e00b232ac6c6"), "{all}");
    assert_eq!(inv["root"], "<root>");
}

#[test]
fn issue_25_names_wechat_and_macos_generate_stay_readable() {
    let (_t, home) = issue_25_home();
    let (_, paths) = anonymized_paths(&home);
    let all = paths.join("\n");
    for kept in [
        "Library/Containers/com.tencent.xinWeChat.MiniProgram",
        "Library/Containers/com.tencent.xinWeChat.WeChatMacShare",
        "Library/Containers/5A4RE8SF68.com.tencent.xinWeChat.IPCHelper",
        "Library/LaunchAgents/com.tencent.xin.WeChatHelper.plist",
        "Library/WechatPrivate/",
        "/MMResourceMgr/resInfo.sqlite",
        "/CGI/ServerId.dat",
        "/Account/Beta.db",
        "/Stickers/fav.archive",
        "/app_data/radium/web/profiles/",
    ] {
        assert!(all.contains(kept), "{kept} was hidden:\n{all}");
    }
    // A name nobody generates is still a pseudonym.
    assert!(!all.contains("holiday"), "{all}");
}

#[test]
fn issue_25_markdown_placeholders_render_as_text() {
    let h = common::sample_home();
    let (md, _) = run(&["report", h.to_str().unwrap(), "--anonymize-key", KEY]);
    // Inside a code span an entity is shown as it is written.
    for (i, span) in md.split('`').enumerate() {
        if i % 2 == 1 {
            assert!(
                !span.contains("&lt;") && !span.contains("&gt;") && !span.contains("\\_"),
                "a code span shows escapes: `{span}`"
            );
        }
    }
    assert!(md.contains("from `<root>`."), "{md}");
    assert!(md.contains("- Root: `<root>`;"), "{md}");
    assert!(md.contains("- Command: `"), "{md}");
}

#[test]
fn issue_25_explain_takes_anonymize() {
    let home = common::sample_home();
    let acct = home.join(
        "Library/Containers/com.tencent.xinWeChat/Data/Documents/xwechat_files/wxid_abc123def456_1a2b",
    );
    let files = [
        acct.join("msg/file/2025-04/notes `draft` | v2.txt"),
        home.join("Library/Containers/com.tencent.xinWeChat/Data/Documents/app_data/radium/users/593b906c03bc0149/applet/packages/wx1234567890abcdef/12/__APP__.wxapkg"),
    ];
    let f: Vec<&str> = files.iter().map(|p| p.to_str().unwrap()).collect();
    let secrets = [
        "wxid_abc123def456",
        "notes",
        "draft",
        "593b906c03bc0149",
        home.to_str().unwrap(),
    ];
    for fmt in ["table", "json"] {
        let (out, err) = run(&[
            "explain",
            f[0],
            f[1],
            "--format",
            fmt,
            "--verbose",
            "--anonymize-key",
            KEY,
        ]);
        for s in secrets {
            assert!(!out.contains(s), "explain {fmt} leaked {s:?}: {out}");
            assert!(!err.contains(s), "explain {fmt} (stderr) leaked {s:?}");
        }
        assert!(
            out.contains("<file-1>") && out.contains("<file-2>"),
            "{out}"
        );
        assert!(out.contains("radium/users/id-"), "{out}");
        if fmt == "json" {
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            let e = &v["files"][0];
            assert_eq!(e["path"], "<file-1>");
            assert!(e["account"].as_str().unwrap().starts_with("acct-"), "{e}");
            assert!(
                e["logical_path"]
                    .as_str()
                    .unwrap()
                    .contains("/msg/file/2025-04/name-"),
                "{e}"
            );
            // Text shows its first words: not with --anonymize.
            assert_eq!(e["first_bytes"], "<hidden>");
        }
    }
    // The same pseudonym as the inventory's.
    let (inv, _) = anonymized_paths(&home);
    let (out, _) = run(&["explain", f[1], "--format", "json", "--anonymize-key", KEY]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let logical = v["files"][0]["logical_path"].as_str().unwrap().to_string();
    assert!(
        inv["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["path"].as_str().unwrap().ends_with(&logical)),
        "{logical}"
    );
}
