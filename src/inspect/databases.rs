//! The databases of an inventory: every `sqlite` or `sqlcipher` file with
//! its WAL, page size (read or guessed, with the reason), and for plain
//! SQLite its tables and row counts, read without side effects
//! (`formats::sqlite::open_readonly`). Key material is never opened.

use std::collections::HashMap;

use crate::formats::sqlite::{self, guess_page_size, wal_frames};
use crate::layout::Layout;
use crate::model::{Database, Detail, FileEntry, Format, Inventory, Kind, Warning, WarningKind};

/// Tables and row counts of every plain SQLite database (key material is
/// never opened; encrypted ones cannot be).
pub fn read_tables(inv: &mut Inventory, layout: &Layout, max_copy: u64) {
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
        match sqlite::open_readonly(&layout.abs_path(&inv.files[i]), max_copy) {
            Ok(r) => match sqlite::tables(&r.conn) {
                Ok(t) => db.tables = Some(t),
                Err(e) => warnings.push(Warning::corrupt(
                    &db.path,
                    format!("SQLite database not readable: {e}"),
                )),
            },
            Err(e @ sqlite::OpenError::TooLarge { .. }) => {
                db.note = Some(e.to_string());
                warnings.push(Warning::new(&db.path, WarningKind::TooLarge, e.to_string()));
            }
            Err(e) => warnings.push(Warning::corrupt(&db.path, e.to_string())),
        }
    }
    inv.warnings.extend(warnings);
}

/// Every file of format `sqlite` or `sqlcipher`, with its WAL and the page
/// size (read for plain SQLite, guessed for SQLCipher-like files).
pub fn list_databases(inv: &Inventory) -> Vec<Database> {
    // Only WAL files are looked up: index just those.
    let wals: HashMap<&str, &FileEntry> = inv
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
