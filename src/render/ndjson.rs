//! `scan --format ndjson` (`wxinspect.inventory-ndjson/1`): one JSON object
//! per line, each with a `type`, written as the walk produces them: no
//! sorting, no holding; memory stays constant in the number of files. The
//! hand-off for people who audit many Macs: one file per Mac, loaded
//! together into an analytics engine (`docs/SCHEMAS.md` shows DuckDB and
//! `jq`).

use std::io::{self, Write};
use std::sync::{Mutex, OnceLock};

use serde::Serialize;

use crate::analyze::anonymize::{AnonymizeSpec, Anonymizer};
use crate::layout::Layout;
use crate::model::{FileEntry, Inventory, Tool, Warning};
use crate::scan::Stream;

/// The schema id of the first line.
pub const SCHEMA: &str = "wxinspect.inventory-ndjson/1";

/// One line: its `type`, then the fields of the item.
#[derive(Serialize)]
struct Line<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(flatten)]
    item: &'a T,
}

/// Writes the lines of one scan to a shared writer from every walker
/// thread (each line serialized outside the lock, written whole).
pub struct NdjsonStream<'w> {
    out: Mutex<io::BufWriter<&'w mut (dyn Write + Send)>>,
    /// The first write error (a closed pipe ends the writing, not the scan).
    error: Mutex<Option<io::Error>>,
    command: Vec<String>,
    /// `--anonymize`, and the anonymizer once the accounts are known.
    anonymize: Option<AnonymizeSpec>,
    anonymizer: OnceLock<Anonymizer>,
}

impl<'w> NdjsonStream<'w> {
    /// A stream to `out`, pseudonymized when `anonymize` is given.
    pub fn new(
        out: &'w mut (dyn Write + Send),
        command: Vec<String>,
        anonymize: Option<AnonymizeSpec>,
    ) -> Self {
        NdjsonStream {
            out: Mutex::new(io::BufWriter::with_capacity(1 << 16, out)),
            error: Mutex::new(None),
            command,
            anonymize,
            anonymizer: OnceLock::new(),
        }
    }

    /// Writes one line of `kind`.
    pub fn line<T: Serialize>(&self, kind: &str, item: &T) {
        if self.error.lock().map(|e| e.is_some()).unwrap_or(true) {
            return;
        }
        let mut buf = match serde_json::to_vec(&Line { kind, item }) {
            Ok(b) => b,
            Err(e) => return self.fail(io::Error::other(e)),
        };
        buf.push(b'\n');
        let written = self
            .out
            .lock()
            .map_err(|_| io::Error::other("output lock poisoned"))
            .and_then(|mut o| o.write_all(&buf));
        if let Err(e) = written {
            self.fail(e);
        }
    }

    fn fail(&self, e: io::Error) {
        if let Ok(mut slot) = self.error.lock() {
            slot.get_or_insert(e);
        }
    }

    /// Writes what only the end of the scan knows (links, specials,
    /// databases, hosts, cookies, warnings, the totals), flushes, and
    /// returns the first write error.
    pub fn finish(self, inv: &Inventory) -> io::Result<()> {
        let mut inv = inv.clone();
        if let Some(an) = self.anonymizer.get() {
            an.inventory(&mut inv);
        }
        for l in &inv.links {
            self.line("link", l);
        }
        for s in &inv.specials {
            // `type` is the line's: the special file's type is `file_type`.
            self.line(
                "special",
                &serde_json::json!({"path": s.path, "file_type": s.kind}),
            );
        }
        for d in &inv.databases {
            self.line("database", d);
        }
        for h in &inv.network.hosts {
            self.line("host", h);
        }
        for c in &inv.network.cookies {
            self.line("cookie", c);
        }
        for f in &inv.network.files {
            self.line("net_file", f);
        }
        // Warnings were written as they arose (`Stream::warning`); the
        // totals say how many of each kind the inventory did not keep.
        self.line(
            "totals",
            &serde_json::json!({
                "files": inv.totals.files,
                "bytes": inv.totals.bytes,
                "allocated": inv.totals.allocated,
                "unread": inv.totals.unread,
                "warnings_omitted": inv.warnings_omitted,
                "by_category": inv.totals.by_category,
                "by_account": by_account_id(&inv.accounts),
                "accounts": inv.accounts.iter().map(|a| serde_json::json!({"id": a.id, "install": a.install, "files": a.files, "bytes": a.bytes})).collect::<Vec<_>>(),
                "locations": inv.locations,
                "crashes": inv.crashes,
                "chats": inv.chats,
            }),
        );
        let flushed = self
            .out
            .into_inner()
            .map_err(|_| io::Error::other("output lock poisoned"))
            .and_then(|mut o| o.flush());
        match self.error.into_inner().ok().flatten() {
            Some(e) => Err(e),
            None => flushed,
        }
    }
}

impl Stream for NdjsonStream<'_> {
    fn located(&self, layout: &Layout) {
        let root = layout.root.to_string_lossy().into_owned();
        let an = self.anonymize.as_ref().map(|spec| spec.for_layout(layout));
        let (root, command) = match &an {
            Some(an) => (an.root(), an.command(&self.command)),
            None => (root, self.command.clone()),
        };
        self.line(
            "header",
            &serde_json::json!({
                "schema": SCHEMA,
                "tool": Tool::default(),
                "root": root,
                "generated_at": crate::model::time::now(),
                "command": command,
            }),
        );
        for i in &layout.installs {
            let mut i = i.clone();
            if let Some(an) = &an {
                i.accounts = i.accounts.iter().map(|a| an.account(a)).collect();
            }
            self.line("install", &i);
        }
        for a in &layout.accounts {
            let mut a = a.clone();
            if let Some(an) = &an {
                a.path = an.path(&a.path);
                a.id = an.account(&a.id);
            }
            self.line(
                "account",
                &serde_json::json!({"id": a.id, "install": a.install, "generation": a.generation.number(), "path": a.path, "placeholder": a.placeholder}),
            );
        }
        if let Some(an) = an {
            let _ = self.anonymizer.set(an);
        }
    }

    fn warning(&self, w: &Warning) {
        match self.anonymizer.get() {
            Some(an) => {
                let mut w = w.clone();
                an.warnings(std::slice::from_mut(&mut w));
                self.line("warning", &w);
            }
            None => self.line("warning", w),
        }
    }

    fn file(&self, f: &FileEntry) {
        match self.anonymizer.get() {
            Some(an) => {
                let mut f = f.clone();
                an.file(&mut f);
                self.line("file", &f);
            }
            None => self.line("file", f),
        }
    }
}

/// Files and bytes per account id, summed over the installs it lives in
/// (`accounts` in the totals line has them per install).
fn by_account_id(accounts: &[crate::model::Account]) -> serde_json::Map<String, serde_json::Value> {
    let mut sums: std::collections::BTreeMap<&str, (u64, u64)> = Default::default();
    for a in accounts {
        let e = sums.entry(a.id.as_str()).or_default();
        e.0 += a.files;
        e.1 += a.bytes;
    }
    sums.into_iter()
        .map(|(id, (files, bytes))| {
            (
                id.to_string(),
                serde_json::json!({"files": files, "bytes": bytes}),
            )
        })
        .collect()
}
