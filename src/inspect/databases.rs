//! The databases of an inventory: every `sqlite` or `sqlcipher` file with
//! its WAL, page size (read or guessed, with the reason), and for plain
//! SQLite its tables and row counts, read without side effects
//! (`formats::sqlite::open_readonly`). Key material is never opened.

use std::collections::HashMap;

use crate::classify::place_decides;
use crate::formats::sqlite::{self, guess_page_size, wal_frames, OpenError};
use crate::layout::Layout;
use crate::model::units::{human_bytes, suggest_limit};
use crate::model::{Database, Detail, FileEntry, Format, Inventory, Kind, Warning, WarningKind};

/// The warning for a database a reader could not open: a WAL over the
/// copy limit is `wal_not_read` (its rows were not read; the file is not
/// corrupt), anything else `corrupt`. `what` names the reader ("NSURLCache").
pub fn open_warning(rel: &str, what: &str, e: &OpenError) -> Warning {
    match e {
        OpenError::TooLarge { size, limit, .. } => Warning::new(
            rel,
            WarningKind::WalNotRead,
            format!(
                "{what}: WAL not read: with its WAL the database is {}, over the copy limit of {}; \
                 raise it with --max-db-copy {}",
                human_bytes(*size),
                human_bytes(*limit),
                suggest_limit(*size)
            ),
        )
        .with_sizes(*size, *limit),
        other => Warning::corrupt(rel, format!("{what} not readable: {}", other.reason())),
    }
}

/// Tables and row counts of every plain SQLite database (key material is
/// never opened; encrypted ones cannot be). A database whose WAL is over
/// the copy limit is read from its main file alone, and says so.
pub fn read_tables(inv: &mut Inventory, layout: &Layout, max_copy: u64) {
    // Only databases are looked up: index just those paths.
    let index: HashMap<String, usize> = inv
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.format == Format::Sqlite)
        .map(|(i, f)| (f.path.full(), i))
        .collect();
    let mut warnings = Vec::new();
    for db in inv.databases.iter_mut() {
        if db.format != Format::Sqlite || db.kind == Kind::KeyMaterial {
            continue;
        }
        let Some(&i) = index.get(db.path.as_str()) else {
            continue;
        };
        let abs = layout.abs_path(&inv.files[i]);
        let opened = match sqlite::open_readonly(&abs, max_copy) {
            Err(e @ OpenError::TooLarge { .. }) => {
                warnings.push(open_warning(&db.path, "SQLite database", &e));
                db.note = Some(
                    "WAL over the copy limit (--max-db-copy): tables of the main file alone; \
                     rows still in the WAL are missing"
                        .into(),
                );
                sqlite::open_main_only(&abs)
            }
            other => other,
        };
        match opened {
            Ok(r) => match sqlite::tables(&r.conn) {
                Ok(t) => db.tables = Some(t),
                Err(e) => warnings.push(Warning::corrupt(
                    &db.path,
                    format!("SQLite database not readable: {e}"),
                )),
            },
            // The WAL was not read: the main file alone says little.
            Err(_) if db.note.is_some() => {}
            Err(e) => warnings.push(open_warning(&db.path, "SQLite database", &e)),
        }
    }
    inv.warnings.extend(warnings);
}

/// Every file of format `sqlite` or `sqlcipher`, with its WAL and the page
/// size (read for plain SQLite, guessed for SQLCipher-like files).
pub fn list_databases(inv: &Inventory) -> Vec<Database> {
    // Only WAL files are looked up: index just those.
    let wals: HashMap<String, &FileEntry> = inv
        .files
        .iter()
        .filter(|f| f.path.ends_with("-wal"))
        .map(|f| (f.path.full(), f))
        .collect();
    let mut out = Vec::new();
    for f in &inv.files {
        // A database a person sent (inside a received-files folder) is a
        // received file: listed with the media, never opened; so is one
        // wherever the place decides (a log or media-cache folder).
        if !f.format.is_database() || place_decides(f.category, f.kind) {
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
        let name = f.path.name();
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
            path: f.path.full(),
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
