//! `browse`: an interactive, read-only explorer of WeChat's storage in the
//! terminal (issue 14).
//!
//! One scan streams every classified file into a compact tree
//! ([`crate::analyze::tree`]); after it, opening a node and redrawing never
//! touch the disk. `app` holds the state and what each key does (no
//! terminal, unit-tested), `draw` paints a ratatui frame (snapshot-tested
//! with `TestBackend`), and this module owns the terminal: raw mode and the
//! alternate screen, always put back — on `q`, on an error, on a panic (a
//! hook) and on SIGTERM/SIGHUP (the signal handler runs the same restore).

pub mod app;
pub mod draw;
pub mod keys;

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::DefaultTerminal;

use crate::analyze::anonymize::{AnonymizeSpec, Anonymizer};
use crate::analyze::reclaim::Alone;
use crate::analyze::tree::TreeBuilder;
use crate::classify::rules::RuleSet;
use crate::layout::Layout;
use crate::model::units::human_bytes;
use crate::model::FileEntry;
use crate::scan::{scan_streaming, table_keep, ScanOptions, Stream};
use crate::walk::Progress;
use crate::Error;
use app::{Action, App};
use draw::Explainer;

/// A scan made ready to browse.
pub struct Loaded {
    /// The app at its first screen.
    pub app: App,
    /// What the info panel explains files with.
    pub explainer: Explainer,
}

/// Streams each classified file into the tree (anonymized first when asked).
struct TreeStream {
    builder: Mutex<TreeBuilder>,
    anonymize: Option<AnonymizeSpec>,
    anonymizer: OnceLock<Anonymizer>,
}

impl Stream for TreeStream {
    fn located(&self, layout: &Layout) {
        if let Some(spec) = &self.anonymize {
            let _ = self.anonymizer.set(spec.for_layout(layout));
        }
    }

    fn file(&self, f: &FileEntry) {
        let anon = self.anonymizer.get().map(|an| {
            let mut f = f.clone();
            an.file(&mut f);
            f
        });
        let mut b = self.builder.lock().unwrap_or_else(|e| e.into_inner());
        b.add(anon.as_ref().unwrap_or(f));
    }
}

/// Scans `path` and builds the app, without a terminal (the binary, the
/// tests and the benchmark share it), pseudonymized when `anonymize` is
/// given.
pub fn load(
    path: &Path,
    opts: &ScanOptions,
    anonymize: Option<AnonymizeSpec>,
    argv: Vec<String>,
    progress: &Progress,
) -> Result<Loaded, Error> {
    let stream = TreeStream {
        builder: Mutex::new(TreeBuilder::default()),
        anonymize,
        anonymizer: OnceLock::new(),
    };
    let opts = ScanOptions {
        keep: Some(table_keep),
        ..opts.clone()
    };
    let s = scan_streaming(path, &opts, argv, progress, Some(&stream))?;
    let mut builder = stream
        .builder
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    // Each file's `reclaim` tier, as alone, over the places and accounts
    // as the tree names them (pseudonyms with --anonymize).
    let mut meta = crate::model::Inventory {
        installs: s.inventory.installs.clone(),
        accounts: s.inventory.accounts.clone(),
        locations: s.inventory.locations.clone(),
        ..crate::model::Inventory::empty()
    };
    if let Some(an) = stream.anonymizer.get() {
        an.inventory(&mut meta);
    }
    let now = crate::model::time::parse_rfc3339(&s.inventory.generated_at).unwrap_or(0);
    builder.set_tiers(&Alone::new(&meta, &builder.newest_by_root(), now));
    let locations: Vec<String> = s
        .inventory
        .locations
        .iter()
        .map(|l| l.path.clone())
        .collect();
    let tree = builder.finish(&locations);
    let mut warnings = s.inventory.warnings;
    let root = match stream.anonymizer.get() {
        Some(an) => {
            an.warnings(&mut warnings);
            PathBuf::from(an.root())
        }
        None => s.layout.root.clone(),
    };
    let roles = s
        .inventory
        .locations
        .iter()
        .map(|l| (l.path.clone(), l.role))
        .collect();
    let mut app = App::new(tree, root, roles, warnings);
    app.anonymized = stream.anonymizer.get().is_some();
    Ok(Loaded {
        app,
        explainer: Explainer {
            roots: s.layout.walk_roots.clone(),
            rules: RuleSet::new(),
        },
    })
}

/// Puts the terminal back: raw mode off, the main screen, the cursor.
/// Safe to call more than once and from any thread (the signal handler).
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(io::stdout(), LeaveAlternateScreen, cursor::Show);
}

fn term_error(e: io::Error) -> Error {
    Error::Stream {
        what: "the terminal",
        source: e,
    }
}

/// Runs `browse` in the terminal. `q` ends it with exit code 0.
pub fn run(
    path: &Path,
    opts: &ScanOptions,
    anonymize: Option<AnonymizeSpec>,
    argv: Vec<String>,
) -> Result<(), Error> {
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(Error::Usage(
            "browse needs a terminal; for output to a pipe or a file use `wxinspect scan` or `wxinspect media`"
                .into(),
        ));
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    crate::scratch::set_terminal_restore(Some(restore));
    terminal::enable_raw_mode().map_err(term_error)?;
    let mut term = match execute!(io::stdout(), EnterAlternateScreen, cursor::Hide)
        .and_then(|_| ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(io::stdout())))
    {
        Ok(t) => t,
        Err(e) => {
            restore();
            return Err(term_error(e));
        }
    };
    let res = scan_screen(&mut term, path, opts, anonymize, argv)
        .and_then(|loaded| event_loop(&mut term, loaded));
    restore();
    crate::scratch::set_terminal_restore(None);
    res
}

/// Scans in a thread while the progress screen shows files, bytes and
/// the folder being read. Ctrl-C or `q` here end the run as SIGINT does.
fn scan_screen(
    term: &mut DefaultTerminal,
    path: &Path,
    opts: &ScanOptions,
    anonymize: Option<AnonymizeSpec>,
    argv: Vec<String>,
) -> Result<Loaded, Error> {
    let progress = Arc::new(Progress::default());
    let worker = {
        let (path, opts, progress) = (path.to_path_buf(), opts.clone(), progress.clone());
        std::thread::spawn(move || load(&path, &opts, anonymize, argv, &progress))
    };
    while !worker.is_finished() {
        let files = progress.files.load(Ordering::Relaxed);
        let bytes = progress.bytes.load(Ordering::Relaxed);
        let current = progress
            .current
            .lock()
            .map(|c| c.clone())
            .unwrap_or_default();
        term.draw(|f| {
            let area = f.area();
            let r = Rect::new(
                area.x,
                area.y + area.height / 3,
                area.width,
                5.min(area.height),
            );
            let text = vec![
                Line::raw(format!(" {files} files, {}", human_bytes(bytes))),
                Line::raw(format!(" {current}")),
                Line::raw(" read-only · Ctrl-C stops"),
            ];
            f.render_widget(
                Paragraph::new(text).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title(format!(" wxinspect browse: scanning {} ", path.display())),
                ),
                r,
            );
        })
        .map_err(term_error)?;
        if event::poll(Duration::from_millis(100)).map_err(term_error)? {
            if let Event::Key(k) = event::read().map_err(term_error)? {
                let ctrl_c =
                    k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL);
                if k.kind == KeyEventKind::Press && (ctrl_c || k.code == KeyCode::Char('q')) {
                    crate::scratch::exit_interrupted();
                }
            }
        }
    }
    worker
        .join()
        .unwrap_or_else(|_| Err(Error::Internal("the scan stopped with a panic".into())))
}

/// Draws, reads a key, acts, until a quit.
fn event_loop(term: &mut DefaultTerminal, loaded: Loaded) -> Result<(), Error> {
    let Loaded { mut app, explainer } = loaded;
    loop {
        term.draw(|f| draw::draw(f, &mut app, &explainer))
            .map_err(term_error)?;
        // A resize is an event too: the next draw fits the new size.
        match event::read().map_err(term_error)? {
            Event::Key(k) if k.kind != KeyEventKind::Release => match app.key(k) {
                Action::Quit => return Ok(()),
                Action::Reveal(p) => app.status = Some(reveal(&p, app.anonymized)),
                Action::None => {}
            },
            _ => {}
        }
    }
}

/// Shows `path` in the file manager: `open -R` on macOS (Finder selects
/// it), its folder with `xdg-open` elsewhere. Nothing else is ever run.
fn reveal(path: &Path, anonymized: bool) -> String {
    if anonymized {
        return "reveal is off with --anonymize (the paths shown are pseudonyms)".into();
    }
    let (program, arg): (&str, &Path) = if cfg!(target_os = "macos") {
        ("open", path)
    } else {
        ("xdg-open", path.parent().unwrap_or(path))
    };
    let mut cmd = std::process::Command::new(program);
    if cfg!(target_os = "macos") {
        cmd.arg("-R");
    }
    let spawned = cmd
        .arg(arg)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => return format!("could not run {program}: {e}"),
    };
    // The opener says at once whether it could: wait a moment for its
    // answer (a failure is reported, not called "revealed").
    for _ in 0..40 {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return format!("revealed {}", arg.display()),
            Ok(Some(status)) => {
                return format!(
                    "could not reveal {}: {program} failed ({status})",
                    arg.display()
                )
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(50)),
            Err(e) => return format!("could not reveal {}: {e}", arg.display()),
        }
    }
    std::thread::spawn(move || child.wait());
    format!("revealed {}", arg.display())
}
