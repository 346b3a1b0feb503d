//! `wxinspect watch`: the live view (the watching is in `crate::watch`;
//! here the lines go to stdout as a table or as NDJSON, pseudonymized when
//! asked).

use std::io::{IsTerminal, Write};

use serde_json::json;

use super::{Outcome, Settings};
use crate::analyze::anonymize::{AnonymizeSpec, Anonymizer};
use crate::cli::{OutputFormat, WatchArgs};
use crate::layout::Layout;
use crate::model::watch::{WatchEvent, WatchSummary};
use crate::model::{Tool, Warning};
use crate::render::term::Term;
use crate::watch::{Options, Sink};
use crate::Error;

/// The schema of the NDJSON lines.
pub const SCHEMA: &str = "wxinspect.watch/1";

struct Lines {
    out: Box<dyn Write>,
    ndjson: bool,
    term: Term,
    anonymize: Option<AnonymizeSpec>,
    an: Option<Anonymizer>,
    /// A write failed (a closed pipe): nothing more is written and the
    /// watch ends, with exit code 0 as for Ctrl-C.
    closed: bool,
    /// Table lines held back for up to a second, so that a storm in one
    /// folder becomes one roll-up line (NDJSON writes every event at once).
    held: Vec<WatchEvent>,
}

/// More changes than this in one folder within one second are one line.
const ROLL_UP_ABOVE: usize = 5;

impl Lines {
    /// Writes the held events of seconds before `now` (all with `None`),
    /// in time order, a storm in one folder and second as one line.
    fn release(&mut self, now: Option<&str>) {
        let due = |e: &WatchEvent| now.is_none_or(|n| e.ts.get(..19) < n.get(..19));
        if !self.held.iter().any(due) {
            return;
        }
        let (ready, keep): (Vec<WatchEvent>, Vec<WatchEvent>) = std::mem::take(&mut self.held)
            .into_iter()
            .partition(|e| due(e));
        self.held = keep;
        let mut ready = ready;
        ready.sort_by(|a, b| a.ts.cmp(&b.ts));
        let key = |e: &WatchEvent| {
            let folder = e.path.rsplit_once('/').map_or("", |(d, _)| d).to_string();
            (e.ts.get(..19).unwrap_or(&e.ts).to_string(), folder)
        };
        let mut groups: Vec<((String, String), Vec<&WatchEvent>)> = Vec::new();
        for e in &ready {
            let k = key(e);
            match groups.iter_mut().find(|(g, _)| *g == k) {
                Some((_, v)) => v.push(e),
                None => groups.push((k, vec![e])),
            }
        }
        for (_, events) in groups {
            if events.len() > ROLL_UP_ABOVE {
                let l = crate::render::watch::rollup(&events, &self.term);
                self.text(&l);
            } else {
                for e in events {
                    let l = crate::render::watch::line(e, &self.term);
                    self.text(&l);
                }
            }
        }
    }
}

impl Lines {
    fn write(&mut self, v: serde_json::Value) {
        self.text(&v.to_string());
    }

    fn text(&mut self, t: &str) {
        if self.closed {
            return;
        }
        let written = writeln!(self.out, "{t}").and_then(|_| self.out.flush());
        self.closed = written.is_err();
    }

    fn hide(&self, e: &WatchEvent) -> WatchEvent {
        let mut e = e.clone();
        if let Some(an) = &self.an {
            e.path = an.path(&e.path);
            e.to = e.to.as_deref().map(|p| an.path(p));
            e.account = e.account.as_deref().map(|a| an.account(a));
            e.chat = e.chat.as_deref().map(|c| an.chat(c));
        }
        e
    }
}

impl Sink for Lines {
    fn header(&mut self, layout: &Layout, files: usize) {
        let root = layout.root.to_string_lossy().into_owned();
        self.an = self.anonymize.as_ref().map(|spec| spec.for_layout(layout));
        let shown = self.an.as_ref().map_or(root, |an| an.root());
        // Paths below their account folder, else their location.
        self.term.prefixes = layout
            .accounts
            .iter()
            .map(|a| a.path.clone())
            .chain(layout.walk_roots.iter().map(|r| r.rel.clone()))
            .collect();
        if self.ndjson {
            self.write(json!({
                "type": "header",
                "schema": SCHEMA,
                "tool": Tool::default(),
                "root": shown,
                "started_at": crate::model::time::now(),
                "baseline_files": files,
            }));
        } else {
            self.text(&format!(
                "watching {shown}: {files} files in the baseline; Ctrl-C ends"
            ));
        }
    }

    fn event(&mut self, e: &WatchEvent) {
        let e = self.hide(e);
        if self.ndjson {
            let mut v = serde_json::to_value(&e).unwrap_or_default();
            v["type"] = "event".into();
            self.write(v);
        } else {
            self.release(Some(&e.ts));
            self.held.push(e);
        }
    }

    fn tick(&mut self) {
        if !self.held.is_empty() {
            let now = crate::model::time::now();
            self.release(Some(&now));
        }
    }

    fn warning(&mut self, w: &Warning) {
        let mut w = w.clone();
        if let Some(an) = &self.an {
            an.warnings(std::slice::from_mut(&mut w));
        }
        if self.ndjson {
            let mut v = serde_json::to_value(&w).unwrap_or_default();
            v["type"] = "warning".into();
            self.write(v);
        } else {
            let t = format!("warning: {} {}: {}", w.kind.as_str(), w.path, w.message);
            let t = match self.term.width {
                Some(width) => crate::render::term::ellipsize(&t, width),
                None => t,
            };
            self.text(&t);
        }
    }

    fn summary(&mut self, s: &WatchSummary) {
        self.release(None);
        let mut s = s.clone();
        if let Some(an) = &self.an {
            s.vanished = s.vanished.iter().map(|p| an.path(p)).collect();
            s.bytes_by_account = s
                .bytes_by_account
                .iter()
                .map(|(a, b)| (an.account(a), *b))
                .collect();
            for b in &mut s.busiest {
                b.folder = an.path(&b.folder);
            }
        }
        if self.ndjson {
            let mut v = serde_json::to_value(&s).unwrap_or_default();
            v["type"] = "summary".into();
            self.write(v);
        } else {
            let mut buf = Vec::new();
            let _ = crate::render::watch::summary(&s, &self.term, &mut buf);
            if !self.closed {
                let _ = self.out.write_all(&buf);
                let _ = self.out.flush();
            }
        }
    }

    fn closed(&self) -> bool {
        self.closed
    }
}

/// Runs `watch` (format and output were checked with the settings).
pub fn run(s: &Settings, a: &WatchArgs) -> Result<Outcome, Error> {
    let path = s.scan_path()?;
    crate::scratch::stop_gracefully();
    let to_tty = std::io::stdout().is_terminal();
    let mut sink = Lines {
        out: Box::new(std::io::LineWriter::new(std::io::stdout())),
        ndjson: s.format == OutputFormat::Ndjson,
        term: s.term(to_tty),
        anonymize: s.anonymize.clone(),
        an: None,
        closed: false,
        held: Vec::new(),
    };
    let opts = Options {
        debounce: a.debounce,
        duration: a.duration,
        until_idle: a.until_idle,
        io_depth: s.io_depth,
    };
    crate::watch::run(&path, &opts, &mut sink)?;
    Ok(Outcome::Done)
}
