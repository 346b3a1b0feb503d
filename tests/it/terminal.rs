//! Issue 12: terminal-first output. The real binary in a pseudo-terminal
//! (portable-pty) read back through a terminal emulator (vt100): no line
//! wider than the terminal, one line per file, CJK measured wide, colour on
//! a terminal only; piped output with `$COLUMNS`; completions, man pages and
//! `--format paths -0`.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use crate::common::pty::Pty;
use crate::common::*;
use wxinspect::render::term::width;

/// Runs the binary in a terminal of `cols` columns; the screen and the
/// raw bytes it wrote.
fn pty(args: &[&str], cols: u16, env: &[(&str, &str)]) -> (vt100::Parser, Vec<u8>) {
    // A private TMPDIR: the screen shows only this run (never a note about
    // a copy some other run left in the shared one).
    let tmp = tempfile::tempdir().unwrap();
    let tmp_dir = tmp.path().to_str().unwrap().to_string();
    let mut env: Vec<(&str, &str)> = env.to_vec();
    env.push(("TMPDIR", &tmp_dir));
    Pty::spawn(args, cols, 400, &env).finish()
}

/// The commands whose tables must fit the width.
const TABLE_COMMANDS: &[&[&str]] = &[
    &["scan"],
    &["media"],
    &["media", "--by", "chat"],
    &["dupes"],
    &["reclaim"],
    &["dbs"],
    &["network"],
    &["config"],
];

/// The screen of `wxinspect ARGS` at `cols` columns, which must have no
/// row wrapped by the terminal.
fn unwrapped_screen(args: &[&str], cols: u16) -> Vec<String> {
    let (p, _) = pty(args, cols, &[]);
    let screen = p.screen();
    let (rows, _) = screen.size();
    let lines = screen_lines(&p);
    let wrapped: Vec<u16> = (0..rows).filter(|&r| screen.row_wrapped(r)).collect();
    assert!(
        wrapped.is_empty(),
        "{args:?} at {cols}: rows {wrapped:?} wrap:\n{}",
        lines.join("\n")
    );
    lines
}

fn screen_lines(p: &vt100::Parser) -> Vec<String> {
    let s = p.screen();
    let (_, cols) = s.size();
    s.rows(0, cols).collect()
}

#[test]
fn issue_12_every_screen_line_fits_80_and_120_columns() {
    let home = sample_home();
    let h = home.to_str().unwrap();
    for cols in [80u16, 120] {
        for args in TABLE_COMMANDS {
            let mut full = args.to_vec();
            full.extend(["--no-progress", h]);
            let (p, _) = pty(&full, cols, &[]);
            let screen = p.screen();
            let (rows, _) = screen.size();
            let wrapped: Vec<u16> = (0..rows).filter(|&r| screen.row_wrapped(r)).collect();
            assert!(
                wrapped.is_empty(),
                "{args:?} at {cols}: rows {wrapped:?} wider than the terminal:\n{}",
                screen_lines(&p).join("\n")
            );
        }
    }
}

#[test]
fn issue_12_media_top_20_is_20_lines_and_cjk_is_wide() {
    let h = sample_home();
    let (p, _) = pty(
        &["media", "--top", "20", "--no-progress", h.to_str().unwrap()],
        100,
        &[],
    );
    let lines = screen_lines(&p);
    let rule = lines
        .iter()
        .position(|l| l.starts_with('─'))
        .expect("a header rule");
    let end = lines
        .iter()
        .position(|l| l.contains("matching files shown"))
        .unwrap();
    assert_eq!(end - rule - 1, 20, "{}", lines.join("\n"));
    // A CJK name takes two cells a character.
    let (p, _) = pty(
        &[
            "media",
            "--kind",
            "file",
            "--no-progress",
            h.to_str().unwrap(),
        ],
        100,
        &[],
    );
    let screen = p.screen();
    let (rows, cols) = screen.size();
    let mut found = false;
    for r in 0..rows {
        for c in 0..cols {
            if let Some(cell) = screen.cell(r, c) {
                if ["合", "季", "文", "传"].contains(&cell.contents().as_str()) {
                    assert!(cell.is_wide(), "a CJK character is one cell wide");
                    found = true;
                }
            }
        }
    }
    assert!(
        found,
        "no CJK name on screen:\n{}",
        screen_lines(&p).join("\n")
    );
}

#[test]
fn issue_12_colour_on_a_terminal_only() {
    let h = sample_home();
    let h = h.to_str().unwrap();
    let (_, raw) = pty(&["scan", "--no-progress", h], 120, &[]);
    assert!(
        raw.windows(3).any(|w| w == b"\x1b[3"),
        "no colour on a terminal"
    );
    let (_, raw) = pty(&["scan", "--no-progress", h], 120, &[("NO_COLOR", "1")]);
    assert!(
        !raw.windows(3).any(|w| w == b"\x1b[3"),
        "colour despite NO_COLOR"
    );
    let piped = wx().args(["scan", h]).output().unwrap();
    assert!(!piped.stdout.contains(&0x1b), "escape codes when piped");
    let forced = wx()
        .args(["scan", h])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        forced.stdout.windows(3).any(|w| w == b"\x1b[3"),
        "CLICOLOR_FORCE"
    );
    let never = wx()
        .args(["scan", h, "--color", "never"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!never.stdout.contains(&0x1b), "--color never wins");
}

#[test]
fn issue_12_piped_output_fits_columns() {
    let h = sample_home();
    for args in [
        vec!["scan"],
        vec!["media"],
        vec!["media", "--by", "chat"],
        vec!["dupes"],
        vec!["reclaim"],
        vec!["dbs"],
        vec!["network"],
        vec!["config"],
    ] {
        let out = wx()
            .args(&args)
            .arg(&h)
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        for line in text.lines() {
            assert!(
                width(line) <= 100,
                "{args:?}: {} columns: {line}",
                width(line)
            );
        }
    }
    // Without $COLUMNS, piped output is not wrapped (for less -S, grep).
    let out = wx()
        .args(["media", "--top", "3"])
        .arg(&h)
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.contains("fd9bc754d126c08dc1bc81af7990e1a1.mp4")),
        "{text}"
    );
}

/// `diff` takes `--width`, `--color` and `--full-paths` like the scanning
/// commands, and its tables fit the width (it used to ignore it).
#[test]
fn issue_12_diff_tables_fit_the_width() {
    let (_t, home) = sample_copy();
    let dir = tempfile::tempdir().unwrap();
    let scan_to = |name: &str| {
        let p = dir.path().join(name);
        wx().args(["scan", "--format", "json", "--output"])
            .arg(&p)
            .arg(&home)
            .assert()
            .success();
        p
    };
    let old = scan_to("old.json");
    let deep = home.join(
        "Library/Containers/com.tencent.xinWeChat/Data/Library/Application Support/\
         com.tencent.xinWeChat/2.0b4.0.9/a-folder-with-a-rather-long-name-for-a-table",
    );
    fs::create_dir_all(&deep).unwrap();
    fs::write(
        deep.join("a-file-whose-name-alone-is-wider-than-half-a-terminal.bin"),
        b"x",
    )
    .unwrap();
    let new = scan_to("new.json");
    for (args, cols) in [(vec!["--width", "72"], 72), (vec![], 60)] {
        let out = wx()
            .arg("diff")
            .args(&args)
            .args([&old, &new])
            .env("COLUMNS", cols.to_string())
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("added"), "{text}");
        for line in text.lines() {
            assert!(width(line) <= cols, "{} > {cols}: {line}", width(line));
        }
    }
    let always = wx()
        .args(["diff", "--color", "always"])
        .args([&old, &new])
        .output()
        .unwrap();
    assert!(always.stdout.contains(&0x1b), "--color always is taken");
}

#[test]
fn issue_12_completions_and_man_pages() {
    let z = wx().args(["completions", "zsh"]).output().unwrap();
    assert_eq!(z.status.code(), Some(0));
    let z = String::from_utf8(z.stdout).unwrap();
    assert!(
        z.starts_with("#compdef wxinspect") && z.contains("explain"),
        "{z}"
    );
    let m = wx().arg("man").output().unwrap();
    // Issue 26: the examples are kept as written, not filled into broken
    // lines.
    let page = String::from_utf8_lossy(&m.stdout);
    let extra = page.split(".SH EXTRA\n").nth(1).unwrap_or("");
    assert!(extra.starts_with(".nf\n"), "{extra}");
    let m = String::from_utf8(m.stdout).unwrap();
    assert!(m.contains(".TH wxinspect 1") && m.contains("dupes"), "{m}");
    let t = tempfile::tempdir().unwrap();
    wx().args(["man", "--out"]).arg(t.path()).assert().code(0);
    for page in [
        "wxinspect.1",
        "wxinspect-scan.1",
        "wxinspect-media.1",
        "wxinspect-explain.1",
    ] {
        assert!(t.path().join(page).is_file(), "{page}");
    }
}

#[test]
fn issue_12_paths_print0_round_trips_any_name() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("xwechat_files/wxid_p_0a0b/msg/file/2025-05");
    fs::create_dir_all(&d).unwrap();
    fs::create_dir_all(t.path().join("xwechat_files/wxid_p_0a0b/db_storage")).unwrap();
    let names = ["a b.pdf", "new\nline.pdf", "合同 v3.pdf", "-dash.pdf"];
    let mut want = BTreeSet::new();
    for n in names {
        fs::write(d.join(n), b"%PDF-1.4 x").unwrap();
        want.insert(d.join(n));
    }
    let root = t.path().join("xwechat_files");
    let out = wx()
        .args(["media", "--format", "paths", "-0"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let got: BTreeSet<PathBuf> = out
        .stdout
        .split(|&b| b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| PathBuf::from(std::ffi::OsStr::from_bytes(s)))
        .collect();
    assert_eq!(got, want);
    // dupes: every member; a blank line between groups without -0.
    let out = wx()
        .args(["dupes", "--format", "paths"])
        .arg(&root)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("a b.pdf") && text.contains("-dash.pdf"),
        "{text}"
    );
    // Real paths are the point: refused with --anonymize.
    wx().args(["media", "--format", "paths", "--anonymize"])
        .arg(&root)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("cannot be anonymized"));
}

/// Issue 26: file lists stay aligned at every width: in a real terminal of
/// 40 to 120 columns no row wraps, and every row of a list is as wide as
/// its header (the columns line up); below 40, rows are `key: value`
/// blocks that fit.
#[test]
fn issue_26_file_lists_stay_aligned_at_every_width() {
    let home = sample_home();
    let h = home.to_str().unwrap();
    let lists: &[&[&str]] = &[
        &["scan"],
        &["media"],
        &["media", "--by", "chat"],
        &["media", "--by", "account"],
        &["media", "--by", "month"],
        &["dupes"],
        &["reclaim"],
        &["dbs"],
        &["network"],
        &["config"],
    ];
    for cols in [30u16, 40, 60, 80, 100, 120] {
        for args in lists {
            let mut full = args.to_vec();
            full.extend(["--no-progress", h]);
            let lines = unwrapped_screen(&full, cols);
            // A list: a header, a rule of `─`, rows until a blank line.
            for (i, l) in lines.iter().enumerate() {
                if i == 0 || !l.trim_start().starts_with('─') || l.contains('┼') {
                    continue;
                }
                let header = width(lines[i - 1].trim_end());
                let rows = lines[i + 1..]
                    .iter()
                    // List rows start with the table's padding; prose does not.
                    .take_while(|r| r.starts_with(' ') && !r.trim().is_empty());
                for row in rows {
                    assert!(
                        width(row.trim_end()) <= header.max(width(l.trim_end())),
                        "{args:?} at {cols}: a row wider than its header:\n{}\n{row}",
                        lines[i - 1]
                    );
                }
            }
        }
    }
}

/// A home as a real Mac has it: the sample, plus the File Transfer chat in
/// both generations and the same wxid in both containers.
fn real_looking_home() -> (tempfile::TempDir, std::path::PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let home = t.path().join("home");
    copy_tree(&sample_home(), &home);
    // md5("filehelper"): the File Transfer chat (layout/chats.rs).
    let ft = "9e20f478899dc29eb19741386f9343c8";
    let x = |bundle: &str| {
        home.join("Library/Containers")
            .join(bundle)
            .join("Data/Documents/xwechat_files/wxid_abc123def456_1a2b")
    };
    for (acct, n) in [
        (x("com.tencent.xinWeChat"), 3),
        (x("com.tencent.xWeChat"), 2),
    ] {
        let img = acct.join(format!("msg/attach/{ft}/2025-03/Img"));
        std::fs::create_dir_all(&img).unwrap();
        std::fs::create_dir_all(acct.join("db_storage")).unwrap();
        for i in 0..n {
            std::fs::write(
                img.join(format!(
                    "{i}a1b2c3d4e5f60718293a4b5c6d7e8f90_超长的文件名 🎉.jpg"
                )),
                vec![0xff; 3000 + i],
            )
            .unwrap();
        }
    }
    (t, home)
}

/// Issue 26: the same on a real-looking home (a wide CJK chat label, one
/// id in two installs): nothing wraps at 30 to 120 columns, and at 80 and
/// wider every media row still shows the end of its file's name.
#[test]
fn issue_26_a_real_looking_home_fits_every_width() {
    let (_t, home) = real_looking_home();
    let h = home.to_str().unwrap();
    let file = format!(
        "{h}/Library/Containers/com.tencent.xWeChat/Data/Documents/xwechat_files/wxid_abc123def456_1a2b/msg/attach/9e20f478899dc29eb19741386f9343c8/2025-03/Img/0a1b2c3d4e5f60718293a4b5c6d7e8f90_超长的文件名 🎉.jpg"
    );
    // Two inventories a change apart, for `diff`.
    let inv = |name: &str| {
        let out = wx()
            .args(["scan", "--format", "json"])
            .arg(&home)
            .output()
            .unwrap();
        let p = home.parent().unwrap().join(name);
        std::fs::write(&p, out.stdout).unwrap();
        p.to_string_lossy().into_owned()
    };
    let before = inv("before.json");
    std::fs::write(
        std::path::Path::new(&file).with_file_name("新的 image received later.jpg"),
        vec![1u8; 5000],
    )
    .unwrap();
    let after = inv("after.json");
    let commands: &[&[&str]] = &[
        &["scan"],
        &["media"],
        &["media", "--by", "chat"],
        &["media", "--by", "account"],
        &["media", "--by", "month"],
        &["media", "--by", "kind"],
        &["media", "--by", "category"],
        &["dupes"],
        &["reclaim"],
        &["dbs"],
        &["network"],
        &["config"],
        &["explain", file.as_str()],
        &["diff", before.as_str(), after.as_str()],
    ];
    for cols in [30u16, 40, 60, 80, 100, 120] {
        for args in commands {
            let mut full = args.to_vec();
            if !matches!(args[0], "explain" | "diff") {
                full.extend(["--no-progress", h]);
            }
            let lines = unwrapped_screen(&full, cols);
            if args == &["media"] && cols >= 80 {
                for row in lines
                    .iter()
                    .skip(2)
                    .take_while(|r| r.starts_with(' ') && !r.trim().is_empty())
                {
                    let cell = row.trim_end().rsplit("  ").next().unwrap_or("");
                    let tail = cell.rsplit(['/', '…']).next().unwrap_or("");
                    // The whole name (after a `/`), or at least its last 12.
                    let whole = cell[..cell.len() - tail.len()].ends_with('/');
                    assert!(
                        whole || tail.chars().count() >= 12 || !cell.contains('…'),
                        "at {cols} the name's end is lost: {row}"
                    );
                }
            }
        }
    }
}
