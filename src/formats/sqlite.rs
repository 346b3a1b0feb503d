//! SQLite and SQLCipher facts that need no key and no open: page sizes
//! from headers, the WAL beside a database, the page-size guess for an
//! encrypted database (formats.md §5).

use crate::model::Generation;

/// A page-size guess and the reason for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageGuess {
    /// The page size, when it can be told.
    pub size: Option<u32>,
    /// Why.
    pub reason: String,
}

/// True for a legal SQLite page size.
pub fn valid_page_size(p: u32) -> bool {
    (512..=65536).contains(&p) && p.is_power_of_two()
}

/// Frames in a WAL of `wal_size` bytes (32-byte header, then 24-byte frame
/// headers each followed by one page; sqlite fileformat2.html §4).
pub fn wal_frames(wal_size: u64, page_size: u32) -> Option<u64> {
    if !valid_page_size(page_size) || wal_size < 32 {
        return None;
    }
    Some((wal_size - 32) / (24 + u64::from(page_size)))
}

/// Guesses the page size of a SQLCipher-like database from what is visible
/// without a key: the WAL header beside it (written in clear by SQLite
/// itself), the file size, and the tree it sits in.
pub fn guess_page_size(
    file_size: u64,
    wal_page: Option<u32>,
    generation: Option<Generation>,
    name: &str,
) -> PageGuess {
    if let Some(p) = wal_page.filter(|p| valid_page_size(*p)) {
        return PageGuess {
            size: Some(p),
            reason: format!(
                "read from the clear-text header of the -wal file beside it ({p}-byte pages)"
            ),
        };
    }
    if !file_size.is_multiple_of(4096) {
        if file_size.is_multiple_of(1024) {
            return PageGuess {
                size: Some(1024),
                reason: format!(
                    "size {file_size} is not a multiple of 4096, which rules 4096 out; 1024 fits \
                     (SQLCipher 1-3 / WeChat 3.x style)"
                ),
            };
        }
        return PageGuess {
            size: None,
            reason: format!("size {file_size} is a multiple of 512 only: not a WeChat page size"),
        };
    }
    let lower = name.to_ascii_lowercase();
    match generation {
        Some(Generation::V3) if lower == "webtemplate.db" || lower == "mediadata.db" => PageGuess {
            size: Some(4096),
            reason: "WeChat 3.x keeps this database with 4096-byte pages (layout §2.3 [S2]); \
                     the size allows 1024 or 4096"
                .into(),
        },
        Some(Generation::V3) => PageGuess {
            size: Some(1024),
            reason: "in a WeChat 3.x tree, whose databases use 1024-byte pages (SQLCipher 3 style, \
                     cipher_compatibility 3); the size allows 1024 or 4096"
                .into(),
        },
        Some(Generation::V4) => PageGuess {
            size: Some(4096),
            reason: "in a WeChat 4.x tree, whose databases use SQLCipher 4 defaults (4096-byte pages); \
                     the size allows 1024 or 4096"
                .into(),
        },
        None => PageGuess {
            size: None,
            reason: format!(
                "undetermined: size {file_size} is a multiple of both 1024 and 4096, there is no -wal beside it \
                 and no WeChat tree around it (1024 would suggest SQLCipher 3 / WeChat 3.x, 4096 SQLCipher 4 / \
                 WeChat 4.x)"
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses() {
        assert_eq!(guess_page_size(978_944, None, None, "x.db").size, None);
        assert_eq!(guess_page_size(1_024_000, None, None, "x.db").size, None);
        assert_eq!(guess_page_size(3072, None, None, "x.db").size, Some(1024));
        assert_eq!(
            guess_page_size(8192, Some(4096), None, "x.db").size,
            Some(4096)
        );
        assert_eq!(
            guess_page_size(8192, None, Some(Generation::V3), "msg_0.db").size,
            Some(1024)
        );
        assert_eq!(
            guess_page_size(8192, None, Some(Generation::V3), "mediaData.db").size,
            Some(4096)
        );
        assert_eq!(
            guess_page_size(8192, None, Some(Generation::V4), "message_0.db").size,
            Some(4096)
        );
        assert_eq!(wal_frames(32 + 2 * (24 + 4096), 4096), Some(2));
        assert_eq!(wal_frames(0, 4096), None);
    }
}

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::scratch::{self, CopyDir};

/// Largest database (plus WAL) copied to a private temp dir by default.
pub const DEFAULT_MAX_COPY: u64 = 512 * 1024 * 1024;

/// A read-only connection and the private copy it may be reading.
pub struct ReadOnlyDb {
    /// The read-only connection.
    pub conn: Connection,
    /// Present when the database had a non-empty WAL and was copied.
    _copy: Option<CopyDir>,
    /// The database had a WAL and a private copy is being read.
    pub copied: bool,
}

/// Why a database was not opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{path}: {size} bytes with its WAL, over the copy limit of {limit} bytes (raise it with --max-db-copy)")]
    /// The database and its WAL are over the copy limit.
    TooLarge {
        /// The database.
        path: PathBuf,
        /// Bytes of the database plus its WAL.
        size: u64,
        /// The limit (`--max-db-copy`).
        limit: u64,
    },
    #[error("{path}: changed while it was being copied (a writer is active); try again with WeChat closed")]
    /// A writer changed it while it was being copied.
    Changed {
        /// The database.
        path: PathBuf,
    },
    #[error("{path}: {source}")]
    /// Reading or copying failed.
    Io {
        /// The database.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    /// SQLite refused it.
    Sqlite {
        /// The database.
        path: PathBuf,
        /// SQLite's error.
        source: rusqlite::Error,
    },
}

/// `file:` URI for a path, with `%`, `?`, `#` and spaces percent-encoded
/// (formats.md §7 item 6: an unescaped `?` or `#` truncates the path).
pub fn file_uri(path: &Path, query: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const SET: &AsciiSet = &CONTROLS.add(b'%').add(b'?').add(b'#').add(b' ');
    format!(
        "file:{}?{query}",
        utf8_percent_encode(&path.to_string_lossy(), SET)
    )
}

/// Opens a database without side effects (DESIGN.md invariant 2): never
/// `SQLITE_OPEN_CREATE`; no WAL or an empty one → `mode=ro&immutable=1`;
/// a non-empty WAL → copy db + WAL to a private temp dir, re-check the
/// originals' size and mtime to detect a writer, open the copy.
pub fn open_readonly(path: &Path, max_copy: u64) -> Result<ReadOnlyDb, OpenError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let io = |source| OpenError::Io {
        path: path.to_path_buf(),
        source,
    };
    let sq = |source| OpenError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let wal = PathBuf::from(wal);
    let wal_meta = std::fs::symlink_metadata(&wal)
        .ok()
        .filter(|m| m.is_file() && m.len() > 0);
    let Some(wal_meta) = wal_meta else {
        return open_main_only(path);
    };
    let db_meta = std::fs::symlink_metadata(path).map_err(io)?;
    let total = db_meta.len() + wal_meta.len();
    if total > max_copy {
        return Err(OpenError::TooLarge {
            path: path.to_path_buf(),
            size: total,
            limit: max_copy,
        });
    }
    let dir = CopyDir::new().map_err(io)?;
    let copy = dir.path().join("db");
    copy_no_follow(path, &copy).map_err(io)?;
    copy_no_follow(&wal, &dir.path().join("db-wal")).map_err(io)?;
    let same = |a: &std::fs::Metadata, b: &std::fs::Metadata| {
        a.len() == b.len() && a.modified().ok() == b.modified().ok()
    };
    let db_after = std::fs::symlink_metadata(path).map_err(io)?;
    let wal_after = std::fs::symlink_metadata(&wal).map_err(io)?;
    if !same(&db_meta, &db_after) || !same(&wal_meta, &wal_after) {
        return Err(OpenError::Changed {
            path: path.to_path_buf(),
        });
    }
    // The copy is ours: SQLite may replay the WAL and make its -shm there.
    let conn = Connection::open_with_flags(file_uri(&copy, "mode=ro"), flags).map_err(sq)?;
    Ok(ReadOnlyDb {
        conn,
        _copy: Some(dir),
        copied: true,
    })
}

/// Opens the main file alone, `mode=ro&immutable=1`: what a database
/// without a WAL holds, or what is left to read of one whose WAL is over
/// the copy limit (rows still in the WAL are then missing).
pub fn open_main_only(path: &Path) -> Result<ReadOnlyDb, OpenError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(file_uri(path, "mode=ro&immutable=1"), flags).map_err(
        |source| OpenError::Sqlite {
            path: path.to_path_buf(),
            source,
        },
    )?;
    Ok(ReadOnlyDb {
        conn,
        _copy: None,
        copied: false,
    })
}

impl OpenError {
    /// What went wrong, without the path (warnings carry it, relative to
    /// the root).
    pub fn reason(&self) -> String {
        match self {
            OpenError::TooLarge { size, limit, .. } => {
                format!("{size} bytes with its WAL, over the copy limit of {limit} bytes")
            }
            OpenError::Changed { .. } => {
                "changed while it was being copied (a writer is active); try again with WeChat closed"
                    .into()
            }
            OpenError::Io { source, .. } => source.to_string(),
            OpenError::Sqlite { source, .. } => source.to_string(),
        }
    }
}

/// Copies a file without following links, chunk by chunk, giving up when
/// the process is interrupted (the signal handler removes the folder).
fn copy_no_follow(from: &Path, to: &Path) -> std::io::Result<()> {
    use std::io::{Read, Write};
    let interrupted = || {
        std::io::Error::new(
            std::io::ErrorKind::Interrupted,
            "interrupted: the private copy was abandoned",
        )
    };
    if scratch::interrupted() {
        return Err(interrupted());
    }
    let mut src = crate::fsio::open_no_follow(from)?;
    let mut dst = std::fs::File::create(to)?;
    // Tests slow the copy down to interrupt it halfway (never set otherwise).
    let delay = std::env::var("WXINSPECT_TEST_COPY_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(std::time::Duration::from_millis);
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        if scratch::interrupted() {
            return Err(interrupted());
        }
        let n = match src.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        dst.write_all(&buf[..n])?;
        if let Some(d) = delay {
            std::thread::sleep(d);
        }
    }
    Ok(())
}

/// Opens `db` without side effects and collects one query's rows.
pub fn query_all<T>(
    db: &Path,
    max_copy: u64,
    sql: &str,
    row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, OpenError> {
    let r = open_readonly(db, max_copy)?;
    let sq = |source| OpenError::Sqlite {
        path: db.to_path_buf(),
        source,
    };
    let mut st = r.conn.prepare(sql).map_err(sq)?;
    let rows = st.query_map([], row).map_err(sq)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(sq)
}

/// Every table with its row count (names quoted; counts capped in time by
/// SQLite itself, a corrupt table gives `None`).
pub fn tables(conn: &Connection) -> rusqlite::Result<Vec<crate::model::TableInfo>> {
    let mut st =
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?;
    let names: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(names
        .into_iter()
        .map(|name| {
            let q = format!("SELECT count(*) FROM \"{}\"", name.replace('"', "\"\""));
            let rows = conn
                .query_row(&q, [], |r| r.get::<_, i64>(0))
                .ok()
                .map(|n| n as u64);
            crate::model::TableInfo { name, rows }
        })
        .collect())
}

/// The columns of `table`, lower-cased, in order; empty when there is no
/// such table (the readers of macOS's databases decide a schema by the
/// columns present, never by a version guess).
pub fn columns_of(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let q = format!("PRAGMA table_info(\"{}\")", table.replace('"', "\"\""));
    let mut st = conn.prepare(&q)?;
    let cols = st.query_map([], |r| r.get::<_, String>(1))?;
    cols.map(|c| c.map(|s| s.to_ascii_lowercase())).collect()
}

/// `name` when `cols` has it, else the SQL literal `fallback`.
pub fn column_or(cols: &[String], name: &str, fallback: &str) -> String {
    match cols.iter().any(|c| c.eq_ignore_ascii_case(name)) {
        true => format!("\"{name}\""),
        false => fallback.to_string(),
    }
}

#[cfg(test)]
mod open_tests {
    use super::*;

    #[test]
    fn uri_escapes() {
        let u = file_uri(
            Path::new("/tmp/uri test/Application Support#x/Cache.db?"),
            "mode=ro",
        );
        assert_eq!(
            u,
            "file:/tmp/uri%20test/Application%20Support%23x/Cache.db%3F?mode=ro"
        );
    }

    #[test]
    fn wal_rows_are_read_from_a_copy_and_nothing_changes() {
        let t = tempfile::tempdir().unwrap();
        let db = t.path().join("a b#c.db");
        let w = Connection::open(&db).unwrap();
        w.execute_batch("PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t(x); INSERT INTO t VALUES (1),(2),(3);").unwrap();
        // Leave the writer open: the rows live only in the WAL.
        let before: Vec<_> = std::fs::read_dir(t.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        let r = open_readonly(&db, DEFAULT_MAX_COPY).unwrap();
        assert!(r.copied);
        let tabs = tables(&r.conn).unwrap();
        assert_eq!(tabs[0].rows, Some(3));
        drop(r);
        let after: Vec<_> = std::fs::read_dir(t.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(before, after);
        drop(w);
    }
}
