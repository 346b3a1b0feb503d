//! The real binary in a pseudo-terminal (portable-pty), its output read by a
//! thread into a terminal emulator (vt100): for tests that look at a screen
//! as a person would (`terminal.rs`, `browse.rs`).

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, PtySize};

/// A running `wxinspect` in a pseudo-terminal.
pub struct Pty {
    /// The screen as a terminal shows it.
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote.
    pub raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    /// The program.
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    reader: Option<JoinHandle<()>>,
}

impl Pty {
    /// Starts `wxinspect ARGS` in a `cols`×`rows` terminal, with the colour
    /// and width variables of the caller's environment removed and `env`
    /// set.
    pub fn spawn(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Pty {
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
        for k in ["NO_COLOR", "CLICOLOR_FORCE", "COLUMNS"] {
            cmd.env_remove(k);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        let reader = std::thread::spawn(move || {
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
            reader: Some(reader),
        }
    }

    /// Runs to the end: the screen and every byte written.
    pub fn finish(mut self) -> (vt100::Parser, Vec<u8>) {
        self.child.wait().unwrap();
        if let Some(r) = self.reader.take() {
            r.join().unwrap();
        }
        let parser = std::mem::replace(
            &mut *self.parser.lock().unwrap(),
            vt100::Parser::new(1, 1, 0),
        );
        let raw = std::mem::take(&mut *self.raw.lock().unwrap());
        (parser, raw)
    }

    /// The screen's text.
    pub fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `needle`.
    pub fn wait_for(&self, needle: &str) -> String {
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
    pub fn assert_restored(&self) {
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

    /// Types `bytes`.
    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }
}
