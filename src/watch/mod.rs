//! `watch`: a live, classified view of what WeChat writes (issue 15).
//!
//! The watcher starts first, then the baseline is made (the walker, no
//! content read: size and mtime per file), so nothing written meanwhile is
//! missed. Events from `notify` (inotify on Linux; FSEvents on macOS with
//! the default `fsevents` feature, kqueue in a build without it) are
//! coalesced per path by the [`engine`] and printed as classified changes
//! through a [`Sink`]. Read-only like everything else: files are opened
//! only by the sniffer's safe open, no link is followed.

pub mod engine;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::fsio::FileMeta;
use crate::layout::{locate, Layout, WalkRoot};
use crate::model::watch::{WatchEvent, WatchSummary};
use crate::model::{Warning, WarningKind};
use crate::walk::{walk, FileAt, Found, Progress, Visitor, WalkOptions};
use crate::Error;
use engine::{Engine, Raw, Stamp};

/// Where the lines go.
pub trait Sink {
    /// Once the baseline is made and the watch is live.
    fn header(&mut self, layout: &Layout, files: usize);
    /// One change.
    fn event(&mut self, e: &WatchEvent);
    /// A problem (dropped events, a folder that could not be watched).
    fn warning(&mut self, w: &Warning);
    /// At the end.
    fn summary(&mut self, s: &WatchSummary);
    /// Its output is gone (a closed pipe): the watch ends as on Ctrl-C.
    fn closed(&self) -> bool {
        false
    }
    /// Called every turn of the loop (about 20 times a second): a sink
    /// that holds lines back (to roll a storm up) writes what is due.
    fn tick(&mut self) {}
}

/// When to stop and how long to coalesce.
#[derive(Debug, Clone)]
pub struct Options {
    /// Events per path are merged over this window.
    pub debounce: Duration,
    /// Stop after this long.
    pub duration: Option<Duration>,
    /// Stop after this long without a change.
    pub until_idle: Option<Duration>,
    /// Reads in flight for the baseline walk.
    pub io_depth: usize,
}

/// Records size and mtime of every file, reading none.
struct Baseline(Mutex<HashMap<PathBuf, Stamp>>);

impl Visitor for Baseline {
    type Dir = ();
    type Scratch = ();

    fn dir(&self, _root: &WalkRoot, _inner: &str) {}

    fn wants_content(&self, _: &mut (), _: &(), _: &str) -> bool {
        false
    }

    fn file(
        &self,
        _: &mut Found,
        _: &mut (),
        at: FileAt<'_, ()>,
        _: Option<std::fs::File>,
        m: &FileMeta,
    ) {
        let abs = if at.inner.is_empty() {
            at.root.abs.clone()
        } else {
            at.root.abs.join(at.inner)
        };
        let stamp = engine::stamp_of(m.size, m.mtime, i64::from(m.mtime_nsec));
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(abs, stamp);
    }
}

/// The message for a watch that could not be set up. Linux's inotify
/// refuses with `ENOSPC` once `fs.inotify.max_user_watches` is reached;
/// that limit is named (never changed: it is the user's system).
pub fn watch_error_message(e: &notify::Error) -> String {
    let enospc = match &e.kind {
        notify::ErrorKind::MaxFilesWatch => true,
        notify::ErrorKind::Io(io) => io.raw_os_error() == Some(libc::ENOSPC),
        _ => false,
    };
    if enospc {
        "the system's limit of watched folders was reached (inotify: fs.inotify.max_user_watches); \
         raise it (e.g. sudo sysctl fs.inotify.max_user_watches=524288) or watch a smaller PATH"
            .into()
    } else {
        format!("cannot watch: {e}")
    }
}

/// Translates one notify event.
fn translate(ev: notify::Event) -> Vec<Raw> {
    use notify::event::{CreateKind, ModifyKind, RenameMode};
    if ev.need_rescan() {
        let dir = ev.paths.first().cloned().unwrap_or_default();
        return vec![Raw::Rescan(dir)];
    }
    match ev.kind {
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) if ev.paths.len() == 2 => {
            vec![Raw::Renamed(ev.paths[0].clone(), ev.paths[1].clone())]
        }
        EventKind::Access(_) => Vec::new(),
        EventKind::Create(k) => ev
            .paths
            .into_iter()
            .map(|p| Raw::Touched(p, k != CreateKind::Folder))
            .collect(),
        _ => ev
            .paths
            .into_iter()
            .map(|p| Raw::Touched(p, false))
            .collect(),
    }
}

/// Watches `path` until a signal, `duration` or `until_idle`.
pub fn run(path: &Path, opts: &Options, sink: &mut dyn Sink) -> Result<(), Error> {
    let layout = locate(path)?;
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |res| {
        let _ = tx.send(res);
    })
    .map_err(|e| Error::Watch {
        path: path.to_path_buf(),
        message: watch_error_message(&e),
    })?;
    let mut watched = 0;
    for root in &layout.walk_roots {
        let target = if root.abs.is_dir() {
            root.abs.clone()
        } else {
            root.abs.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        match watcher.watch(&target, RecursiveMode::Recursive) {
            Ok(()) => watched += 1,
            Err(e) => {
                let msg = watch_error_message(&e);
                if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) {
                    return Err(Error::Watch {
                        path: target,
                        message: msg,
                    });
                }
                sink.warning(&Warning::new(&root.rel, WarningKind::Unreadable, &msg));
            }
        }
    }
    if watched == 0 {
        return Err(Error::Watch {
            path: path.to_path_buf(),
            message: "nothing here could be watched".into(),
        });
    }
    let base = Baseline(Mutex::new(HashMap::new()));
    let walk_opts = WalkOptions {
        io_depth: opts.io_depth,
        ..WalkOptions::default()
    };
    let found = walk(&layout, &base, &walk_opts, &Progress::default());
    for w in &found.warnings.kept {
        sink.warning(w);
    }
    let baseline = base.0.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut engine = Engine::new(&layout, baseline);
    sink.header(&layout, engine.known());
    let start = Instant::now();
    let mut last_change = start;
    let mut storm_warned = false;
    loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(Ok(ev)) => {
                let now = Instant::now();
                for raw in translate(ev) {
                    if let Raw::Rescan(d) = &raw {
                        let rel = d.strip_prefix(&layout.root).unwrap_or(d);
                        sink.warning(&Warning::new(
                            rel.to_string_lossy().into_owned(),
                            WarningKind::EventsDropped,
                            "file-system events were dropped (the queue overflowed): that folder is rescanned against the baseline",
                        ));
                    }
                    engine.record(raw, now);
                }
                last_change = now;
                // Take what else is queued before settling anything.
                continue;
            }
            Ok(Err(e)) => sink.warning(&Warning::new(
                "",
                WarningKind::Unreadable,
                watch_error_message(&e),
            )),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        let now = Instant::now();
        if engine.stormed && !storm_warned {
            storm_warned = true;
            sink.warning(&Warning::new(
                "",
                WarningKind::EventsDropped,
                "an event storm: changes are coalesced by folder and rescanned against the baseline",
            ));
        }
        for e in engine.flush(now, opts.debounce, false) {
            sink.event(&e);
        }
        sink.tick();
        let done = crate::scratch::interrupted()
            || sink.closed()
            || opts
                .duration
                .is_some_and(|d| now.duration_since(start) >= d)
            || opts
                .until_idle
                .is_some_and(|d| engine.idle() && now.duration_since(last_change) >= d);
        if done {
            break;
        }
    }
    drop(watcher);
    while let Ok(Ok(ev)) = rx.try_recv() {
        for raw in translate(ev) {
            engine.record(raw, Instant::now());
        }
    }
    for e in engine.flush(Instant::now(), opts.debounce, true) {
        sink.event(&e);
    }
    sink.summary(&engine.summary());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15: inotify's watch limit names the sysctl, never changes it.
    #[test]
    fn issue_15_enospc_names_the_inotify_limit() {
        let e = notify::Error::new(notify::ErrorKind::MaxFilesWatch);
        assert!(watch_error_message(&e).contains("fs.inotify.max_user_watches"));
        let e = notify::Error::io(std::io::Error::from_raw_os_error(libc::ENOSPC));
        assert!(watch_error_message(&e).contains("fs.inotify.max_user_watches"));
        let e = notify::Error::path_not_found();
        assert!(!watch_error_message(&e).contains("max_user_watches"));
    }
}
