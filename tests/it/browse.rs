//! Issue 14: `browse`. Each view drawn into ratatui's `TestBackend` and
//! snapshot-tested on a copy of `sample-data/home` with fixed mtimes; the
//! real binary driven in a pseudo-terminal (open the sample, go into an
//! account and its media, quit with `q`): the terminal is restored and the
//! tree unchanged.

use crate::common::pty::Pty;
use crate::common::*;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;
use wxinspect::browse::{draw::draw, load, Loaded};

/// A terminal crossterm knows.
const TERM: &[(&str, &str)] = &[("TERM", "xterm-256color")];

fn loaded() -> (tempfile::TempDir, Loaded) {
    let (t, home) = sample_copy();
    touch_all(&home);
    let mut l = load(
        &home,
        &Default::default(),
        None,
        vec![],
        &Default::default(),
    )
    .unwrap();
    // Full paths in the info panel: the temp folder becomes `<root>`.
    l.app.root = "<root>".into();
    (t, l)
}

fn screen(l: &mut Loaded) -> String {
    let mut term = Terminal::new(TestBackend::new(120, 35)).unwrap();
    term.draw(|f| draw(f, &mut l.app, &l.explainer)).unwrap();
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn keys(l: &mut Loaded, ks: &[KeyCode]) {
    for k in ks {
        l.app.key(KeyEvent::from(*k));
    }
}

#[test]
fn issue_14_by_meaning_views() {
    let (_t, mut l) = loaded();
    insta::assert_snapshot!("meaning_root", screen(&mut l));
    keys(&mut l, &[KeyCode::Enter]);
    insta::assert_snapshot!("meaning_account", screen(&mut l));
    keys(&mut l, &[KeyCode::Enter, KeyCode::Enter]);
    insta::assert_snapshot!("meaning_account_media_kinds", screen(&mut l));
    keys(
        &mut l,
        &[
            KeyCode::Down,
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Char('i'),
        ],
    );
    insta::assert_snapshot!("meaning_images_info", screen(&mut l));
}

#[test]
fn issue_14_by_folder_help_and_warnings() {
    let (_t, mut l) = loaded();
    keys(&mut l, &[KeyCode::Char('v')]);
    insta::assert_snapshot!("folder_root", screen(&mut l));
    keys(
        &mut l,
        &[KeyCode::Enter, KeyCode::Char('s'), KeyCode::Char('s')],
    );
    insta::assert_snapshot!("folder_by_name", screen(&mut l));
    keys(&mut l, &[KeyCode::Char('?')]);
    insta::assert_snapshot!("help", screen(&mut l));
    keys(&mut l, &[KeyCode::Esc, KeyCode::Char('w')]);
    insta::assert_snapshot!("warnings", screen(&mut l));
}

#[test]
fn issue_14_browse_in_a_pseudo_terminal() {
    let (_t, home) = sample_copy();
    let before = snapshot(&home);
    let mut pty = Pty::spawn(&["browse", home.to_str().unwrap()], 120, 35, TERM);
    let first = pty.wait_for("sort: size");
    assert!(first.contains("MiB") || first.contains("KiB"), "{first}");
    assert!(
        first.contains("com.tencent.xinWeChat (main_data)"),
        "{first}"
    );
    // Into the sandbox container, then its largest account.
    pty.send(b"\r");
    pty.wait_for("/ com.tencent.xinWeChat (main_data)");
    pty.send(b"\r");
    let account = pty.wait_for("database");
    assert!(account.contains("media"), "{account}");
    // Its media: the kinds.
    pty.send(b"\r");
    let media = pty.wait_for("› media");
    assert!(
        media.contains("image") && media.contains("video"),
        "{media}"
    );
    pty.send(b"q");
    let status = pty.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    pty.assert_restored();
    assert_eq!(snapshot(&home), before, "the tree was touched");
}

/// SIGTERM while browsing: the signal handler's restore hook puts the
/// terminal back before the process exits with 143.
#[test]
fn issue_14_sigterm_restores_the_terminal() {
    let (_t, home) = sample_copy();
    let mut pty = Pty::spawn(&["browse", home.to_str().unwrap()], 100, 30, TERM);
    pty.wait_for("sort: size");
    let pid = pty.child.process_id().expect("a pid");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = pty.child.wait().unwrap();
    assert_eq!(status.exit_code(), 143, "{status:?}");
    pty.assert_restored();
}

#[test]
fn issue_14_browse_without_a_terminal_exits_1_with_a_hint() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wxinspect"))
        .args(["browse", "sample-data/home"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("wxinspect scan") && err.lines().count() == 1,
        "{err}"
    );
}

/// Issue 26: in a narrow terminal the name column is the last to go: at 40
/// columns every row still shows its size and its name.
#[test]
fn issue_26_narrow_terminals_keep_the_names() {
    let (_t, mut l) = loaded();
    let mut term = Terminal::new(TestBackend::new(40, 20)).unwrap();
    term.draw(|f| draw(f, &mut l.app, &l.explainer)).unwrap();
    let buf = term.backend().buffer();
    let text: String = (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                + "\n"
        })
        .collect();
    let first = l.app.row_label(l.app.rows[0]).to_string();
    let shown: String = first.chars().take(8).collect();
    assert!(text.contains(&shown), "{first} not on screen:\n{text}");
}

/// Issue 27: every file has its `reclaim` tier in `browse`, so a node's
/// bytes per tier add up to its bytes; and a file's tier is the one
/// `reclaim` gives it wherever `reclaim` finds no extra copy.
#[test]
fn issue_27_browse_knows_each_files_tier() {
    let (t, l) = loaded();
    let tree = &l.app.tree;
    for n in &tree.nodes {
        assert_eq!(n.tiers.iter().sum::<u64>(), n.bytes, "{}", n.key);
    }
    let home = t.path().join("home");
    let out = wx()
        .args(["reclaim", "--format", "json"])
        .arg(&home)
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tiers: std::collections::BTreeMap<&str, &str> = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["tier"].as_str().unwrap()))
        .collect();
    for leaf in &tree.files {
        let want = tiers[leaf.path(tree).as_str()];
        let got = leaf.tier.unwrap().tier.as_str();
        if want != "duplicate" {
            assert_eq!(got, want, "{}", leaf.path(tree));
        }
    }
}
