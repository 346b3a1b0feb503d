//! Notification Center's database (`db2/db`; macos-records.md lines
//! 59–70): the `app` table (bundle ids, lower-cased on recent versions)
//! and the `record` rows' dates. A record's `data` column holds a binary
//! plist with the notification's title and body — message previews — and
//! is never read: [`guard`] installs a SQLite authorizer on the connection
//! that denies every read of `record.data`, so no query can select it
//! (`SELECT *` included), whatever a later change of this file writes.

use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::Connection;

use super::sqlite::{column_or, columns_of};

/// Denies reads of `record.data` on `conn` (line 70: never select it).
pub fn guard(conn: &Connection) {
    conn.authorizer(Some(|ctx: AuthContext<'_>| match ctx.action {
        AuthAction::Read {
            table_name,
            column_name,
        } if table_name.eq_ignore_ascii_case("record")
            && column_name.eq_ignore_ascii_case("data") =>
        {
            Authorization::Deny
        }
        _ => Authorization::Allow,
    }));
}

/// The records of the apps wanted: the `app.identifier` values matched and
/// each record's date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppRecords {
    /// The identifiers matched.
    pub apps: Vec<String>,
    /// Each record's `delivered_date`, else `request_date` (Mac absolute
    /// time, line 69); `None` when it has neither.
    pub dates: Vec<Option<f64>>,
}

/// Reads the records of the apps whose identifier `wanted` accepts, on a
/// connection [`guard`]ed first.
pub fn read(conn: &Connection, wanted: impl Fn(&str) -> bool) -> Result<AppRecords, String> {
    guard(conn);
    let err = |e: rusqlite::Error| e.to_string();
    let app_cols = columns_of(conn, "app").map_err(err)?;
    let rec_cols = columns_of(conn, "record").map_err(err)?;
    if app_cols.is_empty() || rec_cols.is_empty() {
        return Err("no `app` and `record` tables: not a Notification Center database".into());
    }
    let mut st = conn
        .prepare("SELECT app_id, identifier FROM app")
        .map_err(err)?;
    let mut ids = Vec::new();
    let mut out = AppRecords::default();
    let mut q = st.query([]).map_err(err)?;
    while let Some(r) = q.next().map_err(err)? {
        let id: Option<i64> = r.get(0).ok().flatten();
        let name: Option<String> = r.get(1).ok().flatten();
        if let (Some(id), Some(name)) = (id, name) {
            if wanted(&name) {
                ids.push(id);
                out.apps.push(name);
            }
        }
    }
    let date = format!(
        "COALESCE({}, {})",
        column_or(&rec_cols, "delivered_date", "NULL"),
        column_or(&rec_cols, "request_date", "NULL")
    );
    let mut st = conn
        .prepare(&format!("SELECT {date} FROM record WHERE app_id = ?1"))
        .map_err(err)?;
    for id in ids {
        let dates = st
            .query_map([id], |r| r.get::<_, Option<f64>>(0))
            .map_err(err)?;
        for d in dates {
            out.dates.push(d.map_err(err)?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_column_cannot_be_read() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE app (app_id INTEGER PRIMARY KEY, identifier VARCHAR);
             CREATE TABLE record (rec_id INTEGER PRIMARY KEY, app_id INTEGER, uuid BLOB, data BLOB, \
               request_date REAL, request_last_date REAL, delivered_date REAL, presented BOOL);
             INSERT INTO app VALUES (1, 'com.tencent.xinwechat'), (2, 'com.apple.mail');
             INSERT INTO record VALUES (1, 1, NULL, 'CANARY', 700000000, NULL, 700000100, 1),
                                       (2, 2, NULL, 'CANARY', 700000000, NULL, NULL, 1),
                                       (3, 1, NULL, 'CANARY', 710000000, NULL, NULL, 1);",
        )
        .unwrap();
        let got = read(&c, |a| a == "com.tencent.xinwechat").unwrap();
        assert_eq!(got.apps, vec!["com.tencent.xinwechat".to_string()]);
        assert_eq!(got.dates, vec![Some(700000100.0), Some(710000000.0)]);
        for sql in [
            "SELECT data FROM record",
            "SELECT * FROM record",
            "SELECT length(DATA) FROM main.Record",
        ] {
            assert!(c.prepare(sql).is_err(), "{sql} was allowed");
        }
        assert!(c.prepare("SELECT rec_id FROM record").is_ok());
    }
}
