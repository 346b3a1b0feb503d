//! One scan: locate → walk (classifying each file) → inspect → totals.

use std::path::Path;

use crate::classify::rules::RuleSet;
use crate::classify::visitor::Classifier;
pub use crate::digest::{FirstStages, Hashing, HeadDigests};
use crate::inspect::{crashes, databases, network, settings};
use crate::layout::chats::chat_label;
use crate::layout::is_mirror_link;
use crate::layout::{locate, Layout};
use crate::model::{FileEntry, Inventory, Location, Network, Tool, Totals, Warning, SCHEMA};
use crate::walk::{walk, Hook, Progress, WalkOptions};
use crate::Error;

/// Options shared by every command that scans.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// Reads in flight (see [`WalkOptions::io_depth`]).
    pub io_depth: usize,
    /// See [`WalkOptions::before_open`] (tests only).
    #[doc(hidden)]
    pub before_open: Option<Hook>,
    /// Keep a record only for the files this accepts; the others are only
    /// counted (see [`table_keep`]).
    pub keep: Option<fn(&FileEntry) -> bool>,
    /// Largest database + WAL copied to read WAL rows (0 = the default).
    pub max_db_copy: u64,
    /// What to hash while walking (`--hash`, `dupes`).
    pub hash: Hashing,
    /// Record every folder, link and special entry's `lstat` in
    /// [`Scan::stats`] (`scan --format ncdu`).
    pub stats: bool,
}

/// A finished scan: the inventory plus the layout readers need to reopen
/// files (`layout.abs_path(file)`).
pub struct Scan {
    /// The inventory document.
    pub inventory: Inventory,
    /// Where the data was found.
    pub layout: Layout,
    /// The first stage of `dupes`, made by the walk
    /// ([`Hashing::RepeatedSmall`]); empty otherwise.
    pub head_digests: HeadDigests,
    /// Folders, links and specials with their `lstat`
    /// ([`ScanOptions::stats`]; empty otherwise).
    pub stats: Vec<crate::model::EntryStat>,
}

/// What a streaming output is told while a scan runs: where the data is
/// (before the walk), then every file as it is classified (from many
/// threads at once).
pub trait Stream: Sync {
    /// The layout, before the walk.
    fn located(&self, layout: &Layout);
    /// One classified file.
    fn file(&self, f: &FileEntry);
    /// One warning, as it arises (the inventory keeps only the first of
    /// each kind).
    fn warning(&self, _w: &Warning) {}
}

/// Scans `path`.
pub fn scan(
    path: &Path,
    opts: &ScanOptions,
    command: Vec<String>,
    progress: &Progress,
) -> Result<Scan, Error> {
    scan_streaming(path, opts, command, progress, None)
}

/// Scans `path`, telling `stream` (when given) about the layout and every
/// file as the walk produces them.
pub fn scan_streaming(
    path: &Path,
    opts: &ScanOptions,
    command: Vec<String>,
    progress: &Progress,
    stream: Option<&dyn Stream>,
) -> Result<Scan, Error> {
    let layout = locate(path)?;
    if let Some(s) = stream {
        s.located(&layout);
    }
    let rules = RuleSet::new();
    let sink = |f: &FileEntry| {
        if let Some(s) = stream {
            s.file(f)
        }
    };
    let warn = |w: &Warning| {
        if let Some(s) = stream {
            s.warning(w)
        }
    };
    let classifier = Classifier {
        layout: &layout,
        rules: &rules,
        keep: opts.keep,
        sink: stream.map(|_| &sink as &(dyn Fn(&FileEntry) + Sync)),
        warning_sink: stream.map(|_| &warn as &(dyn Fn(&Warning) + Sync)),
        // Only a table-only scan (records kept for the tables alone, nothing
        // streamed) may leave a file's content unread: every record JSON,
        // CSV, NDJSON or `--hash` writes has its format sniffed.
        lazy: opts.keep.is_some() && stream.is_none() && opts.hash == Hashing::Off,
        hash: opts.hash,
        stages: FirstStages::for_hashing(opts.hash),
    };
    let walk_opts = WalkOptions {
        io_depth: opts.io_depth,
        before_open: opts.before_open.clone(),
        stats: opts.stats,
    };
    let mut w = walk(&layout, &classifier, &walk_opts, progress);
    let stats = std::mem::take(&mut w.stats);
    // Files only counted (a table-only scan) were found all the same.
    let counted = w.tally.total.files > 0 || !w.tally.linked.is_empty();
    if w.files.is_empty()
        && !counted
        && w.links.is_empty()
        && w.specials.is_empty()
        && !w.warnings.kept.is_empty()
    {
        return Err(Error::NothingReadable {
            path: path.to_path_buf(),
            first: w.warnings.kept[0].message.clone(),
        });
    }
    let mut inventory = Inventory {
        schema: SCHEMA.into(),
        tool: Tool::default(),
        generated_at: crate::model::time::now(),
        command,
        root: layout.root.to_string_lossy().into_owned(),
        wechat_found: layout.recognised,
        installs: layout.installs.clone(),
        accounts: layout.accounts.clone(),
        locations: layout
            .walk_roots
            .iter()
            .map(|r| Location {
                path: if r.rel.is_empty() {
                    ".".into()
                } else {
                    r.rel.clone()
                },
                role: r.role,
                install: r.container.clone(),
                files: 0,
                bytes: 0,
            })
            .collect(),
        files: w.files,
        links: w.links,
        specials: w.specials,
        totals: Totals::default(),
        databases: Vec::new(),
        network: Network::default(),
        warnings: w.warnings.kept,
        warnings_omitted: w.warnings.omitted,
        crashes: Default::default(),
        chats: Default::default(),
    };
    inventory.compute_totals_with(Some(&w.tally));
    read_what_was_found(&mut inventory, &layout, opts, &warn);
    let head_digests = classifier.stages.into_table();
    Ok(Scan {
        inventory,
        layout,
        head_digests,
        stats,
    })
}

/// The readers after the walk: databases (tables, WALs), network (hosts,
/// cookies), crash reports, chat names, sandbox mirror links; what they
/// could not read goes to `warn` too, then the warnings are deduplicated
/// and capped.
fn read_what_was_found(
    inventory: &mut Inventory,
    layout: &Layout,
    opts: &ScanOptions,
    warn: &dyn Fn(&Warning),
) {
    inventory.databases = databases::list_databases(inventory);
    let max_copy = if opts.max_db_copy == 0 {
        crate::formats::sqlite::DEFAULT_MAX_COPY
    } else {
        opts.max_db_copy
    };
    let walked = inventory.warnings.len();
    databases::read_tables(inventory, layout, max_copy);
    let (network, warnings) = network::build(inventory, layout, max_copy);
    inventory.network = network;
    inventory.warnings.extend(warnings);
    // What the readers after the walk found streams out too.
    for w in &inventory.warnings[walked..] {
        warn(w);
    }
    inventory.dedup_warnings();
    inventory.crashes = crashes::build(inventory, layout);
    for f in &inventory.files {
        if let Some(label) = f.chat.as_deref().and_then(chat_label) {
            inventory.chats.insert(
                f.chat.as_deref().unwrap_or_default().to_string(),
                label.into(),
            );
        }
    }
    for l in &mut inventory.links {
        l.user_folder = is_mirror_link(&l.path);
    }
}

/// The files the tables of `scan`, `dbs`, `network` and `config` need a
/// record of: databases and their WALs, what the network readers read,
/// settings files. Every other file is only counted.
pub fn table_keep(f: &FileEntry) -> bool {
    f.format.is_database()
        || f.path.ends_with("-wal")
        || crashes::is_report(f)
        || network::Collector::wants(f)
        || settings::is_settings(f)
}
