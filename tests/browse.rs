//! Issue 14: `browse`. Each view drawn into ratatui's `TestBackend` and
//! snapshot-tested on a copy of `sample-data/home` with fixed mtimes; the
//! real binary driven in a pseudo-terminal (open the sample, go into an
//! account and its media, quit with `q`): the terminal is restored and the
//! tree unchanged.

mod common;

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;
use wxinspect::browse::{draw::draw, load, Loaded};

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

/// The pseudo-terminal's screen, fed by a reader thread.
struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Pty {
    fn spawn(args: &[&str], cols: u16, rows: u16) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_wxinspect"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let _master = pair.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Pty {
            parser,
            raw,
            writer,
            child,
        }
    }

    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `needle`.
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let t = self.text();
            if t.contains(needle) {
                return t;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no {needle:?} on screen:\n{t}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// After the program ended: the main screen is back and the cursor
    /// shown again, after the alternate screen was entered.
    fn assert_restored(&self) {
        std::thread::sleep(Duration::from_millis(200));
        let raw = self.raw.lock().unwrap().clone();
        let text = String::from_utf8_lossy(&raw);
        let entered = text.find("\x1b[?1049h").expect("alternate screen entered");
        let left = text.rfind("\x1b[?1049l").expect("alternate screen left");
        assert!(left > entered);
        assert!(text[left..].contains("\x1b[?25h"), "cursor shown again");
        let parser = self.parser.lock().unwrap();
        assert!(!parser.screen().alternate_screen());
        assert!(!parser.screen().hide_cursor());
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }
}

#[test]
fn issue_14_browse_in_a_pseudo_terminal() {
    let (_t, home) = sample_copy();
    let before = snapshot(&home);
    let mut pty = Pty::spawn(&["browse", home.to_str().unwrap()], 120, 35);
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
    let mut pty = Pty::spawn(&["browse", home.to_str().unwrap()], 100, 30);
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
