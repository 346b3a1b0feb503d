//! One scan: locate → walk → classify → inventory.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::AtomicU64;

use crate::formats::sqlite::{guess_page_size, wal_frames};
use crate::inventory::{Database, Format, Inventory, Kind, Network, Tool, Totals, SCHEMA};
use crate::locate::{locate, Layout};
use crate::rules::RuleSet;
use crate::sniff::Detail;
use crate::walk::{walk, WalkOptions};
use crate::Error;

/// Options shared by every command that scans.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    pub threads: usize,
    /// See [`WalkOptions::before_open`] (tests only).
    #[doc(hidden)]
    pub before_open: Option<crate::walk::Hook>,
    /// See [`WalkOptions::keep`].
    pub keep: Option<fn(&crate::inventory::FileEntry) -> bool>,
    /// Largest database + WAL copied to read WAL rows (0 = the default).
    pub max_db_copy: u64,
}

/// A finished scan: the inventory plus the layout readers need to reopen
/// files (`layout.abs_path(file)`).
pub struct Scan {
    pub inventory: Inventory,
    pub layout: Layout,
}

/// Scans `path`.
pub fn scan(
    path: &Path,
    opts: &ScanOptions,
    command: Vec<String>,
    progress: &AtomicU64,
) -> Result<Scan, Error> {
    let layout = locate(path)?;
    let rules = RuleSet::new();
    let w = walk(
        &layout,
        &rules,
        &WalkOptions {
            threads: opts.threads,
            before_open: opts.before_open.clone(),
            keep: opts.keep,
        },
        progress,
    );
    if w.files.is_empty() && w.links.is_empty() && w.specials.is_empty() && !w.warnings.is_empty() {
        return Err(Error::NothingReadable {
            path: path.to_path_buf(),
            first: w.warnings[0].message.clone(),
        });
    }
    let mut inventory = Inventory {
        schema: SCHEMA.into(),
        tool: Tool::default(),
        generated_at: crate::time::now(),
        command,
        root: layout.root.to_string_lossy().into_owned(),
        installs: layout.installs.clone(),
        accounts: layout.accounts.clone(),
        files: w.files,
        links: w.links,
        specials: w.specials,
        totals: Totals::default(),
        databases: Vec::new(),
        network: Network::default(),
        warnings: w.warnings,
    };
    inventory.compute_totals_with(Some(&w.tally));
    inventory.databases = list_databases(&inventory);
    let max_copy = if opts.max_db_copy == 0 {
        crate::formats::sqlite::DEFAULT_MAX_COPY
    } else {
        opts.max_db_copy
    };
    read_tables(&mut inventory, &layout, max_copy);
    let (network, warnings) = crate::network::build(&inventory, &layout, max_copy);
    inventory.network = network;
    inventory.warnings.extend(warnings);
    Ok(Scan { inventory, layout })
}

/// The files the tables of `scan`, `dbs`, `network` and `config` need a
/// record of: databases and their WALs, what the network readers read,
/// settings files. Every other file is only counted.
pub fn table_keep(f: &crate::inventory::FileEntry) -> bool {
    f.format.is_database()
        || f.path.ends_with("-wal")
        || crate::network::Collector::wants(f)
        || crate::config::is_settings(f)
}

/// Tables and row counts of every plain SQLite database (key material is
/// never opened; encrypted ones cannot be).
fn read_tables(inv: &mut Inventory, layout: &Layout, max_copy: u64) {
    // Only databases are looked up: index just those paths.
    let index: HashMap<&str, usize> = inv
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.format == Format::Sqlite)
        .map(|(i, f)| (f.path.as_str(), i))
        .collect();
    let mut warnings = Vec::new();
    for db in inv.databases.iter_mut() {
        if db.format != Format::Sqlite || db.kind == Kind::KeyMaterial {
            continue;
        }
        let Some(&i) = index.get(db.path.as_str()) else {
            continue;
        };
        match crate::formats::sqlite::open_readonly(&layout.abs_path(&inv.files[i]), max_copy) {
            Ok(r) => match crate::formats::sqlite::tables(&r.conn) {
                Ok(t) => db.tables = Some(t),
                Err(e) => warnings.push(corrupt(
                    &db.path,
                    format!("SQLite database not readable: {e}"),
                )),
            },
            Err(e @ crate::formats::sqlite::OpenError::TooLarge { .. }) => {
                db.note = Some(e.to_string());
                warnings.push(crate::inventory::Warning {
                    path: db.path.clone(),
                    kind: crate::inventory::WarningKind::TooLarge,
                    message: e.to_string(),
                });
            }
            Err(e) => warnings.push(corrupt(&db.path, e.to_string())),
        }
    }
    inv.warnings.extend(warnings);
}

fn corrupt(path: &str, message: String) -> crate::inventory::Warning {
    crate::inventory::Warning {
        path: path.to_string(),
        kind: crate::inventory::WarningKind::Corrupt,
        message,
    }
}

/// Every file of format `sqlite` or `sqlcipher`, with its WAL and the page
/// size (read for plain SQLite, guessed for SQLCipher-like files).
pub fn list_databases(inv: &Inventory) -> Vec<Database> {
    // Only WAL files are looked up: index just those.
    let wals: HashMap<&str, &crate::inventory::FileEntry> = inv
        .files
        .iter()
        .filter(|f| f.path.ends_with("-wal"))
        .map(|f| (f.path.as_str(), f))
        .collect();
    let mut out = Vec::new();
    for f in &inv.files {
        if !f.format.is_database() {
            continue;
        }
        let wal = wals
            .get(format!("{}-wal", f.path).as_str())
            .map(|w| (*w, w.detail));
        let wal_bytes = wal.map(|(w, _)| w.size).unwrap_or(0);
        let wal_page = wal.and_then(|(w, d)| match (w.format, d) {
            (Format::SqliteWal, Some(Detail::Wal { page_size })) => Some(page_size),
            _ => None,
        });
        let name = f.path.rsplit('/').next().unwrap_or(&f.path);
        let (page_size_guess, page_size_reason) = match (f.format, f.detail) {
            (Format::Sqlite, Some(Detail::Sqlite { page_size, .. })) => (
                Some(page_size),
                Some("read from the SQLite header".to_string()),
            ),
            (Format::Sqlcipher, _) => {
                let g = guess_page_size(f.size, wal_page, f.generation, name);
                (g.size, Some(g.reason))
            }
            _ => (None, None),
        };
        let frames = page_size_guess
            .or(wal_page)
            .and_then(|p| wal.and_then(|(w, _)| wal_frames(w.size, p)));
        let note =
            (f.kind == Kind::KeyMaterial).then(|| "key material: listed, never opened".to_string());
        out.push(Database {
            path: f.path.clone(),
            kind: f.kind,
            format: f.format,
            encrypted: f.encrypted,
            account: f.account.as_deref().map(str::to_string),
            size: f.size,
            page_size_guess,
            page_size_reason,
            wal_bytes,
            wal_frames: if wal_bytes > 0 { frames } else { None },
            tables: None,
            note,
        });
    }
    out
}
