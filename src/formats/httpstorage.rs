//! HTTP storage databases (`Library/HTTPStorages/<bundle>/httpstorages.sqlite`,
//! formats.md §2): the values of host-like columns only (`host`, `domain`,
//! `origin` in their names), never other columns. The schema is not
//! documented publicly; columns are chosen by name, so a new schema still
//! yields its hosts.

use std::path::Path;

use super::sqlite::{self, OpenError};

/// Values found at most per column.
pub const MAX_VALUES_PER_COLUMN: usize = 10_000;

/// Every distinct value of every host-like column, read without side
/// effects.
pub fn host_values(abs: &Path, max_copy: u64) -> Result<Vec<String>, OpenError> {
    let db = sqlite::open_readonly(abs, max_copy)?;
    let sq = |source| OpenError::Sqlite {
        path: abs.to_path_buf(),
        source,
    };
    let tables = sqlite::tables(&db.conn).map_err(sq)?;
    let mut out = Vec::new();
    for t in tables {
        let q = format!(
            "SELECT name FROM pragma_table_info('{}')",
            t.name.replace('\'', "''")
        );
        let cols: Vec<String> = db
            .conn
            .prepare(&q)
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(sq)?;
        for c in cols.iter().filter(|c| {
            let c = c.to_ascii_lowercase();
            c.contains("host") || c.contains("domain") || c.contains("origin")
        }) {
            let q = format!(
                "SELECT DISTINCT \"{}\" FROM \"{}\" LIMIT {MAX_VALUES_PER_COLUMN}",
                c.replace('"', "\"\""),
                t.name.replace('"', "\"\"")
            );
            let vals: Vec<String> = db
                .conn
                .prepare(&q)
                .and_then(|mut s| {
                    s.query_map([], |r| r.get::<_, String>(0))?
                        .filter_map(Result::ok)
                        .map(Ok)
                        .collect()
                })
                .map_err(sq)?;
            out.extend(vals);
        }
    }
    Ok(out)
}
