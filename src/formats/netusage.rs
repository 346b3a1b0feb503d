//! networkd's usage database `netusage.sqlite` (macos-records.md lines
//! 72–83): Core Data tables `ZPROCESS` (one row per process name and
//! bundle) and `ZLIVEUSAGE` (bytes per interface kind, `ZHASPROCESS` →
//! `ZPROCESS.Z_PK`). Times are Mac absolute time (line 80). A missing
//! counter column (an older schema) counts as 0.

use rusqlite::Connection;

use super::sqlite::{column_or, columns_of};

/// One `ZPROCESS` row the caller wanted, with its `ZLIVEUSAGE` rows summed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProcessUsage {
    /// `Z_PK`.
    pub pk: i64,
    /// `ZPROCNAME`.
    pub process: String,
    /// `ZBUNDLENAME`.
    pub bundle: Option<String>,
    /// `ZFIRSTTIMESTAMP`.
    pub first: Option<f64>,
    /// `ZTIMESTAMP`.
    pub last: Option<f64>,
    /// `ZLIVEUSAGE` rows summed.
    pub rows: u64,
    /// Bytes: Wi-Fi in, out; wired in, out; cellular (WWAN) in, out.
    pub bytes: [u64; 6],
}

/// The counter columns, in the order of [`ProcessUsage::bytes`].
const COUNTERS: [&str; 6] = [
    "zwifiin",
    "zwifiout",
    "zwiredin",
    "zwiredout",
    "zwwanin",
    "zwwanout",
];

/// Reads the processes whose (`ZPROCNAME`, `ZBUNDLENAME`) `wanted`
/// accepts, each with its usage summed.
pub fn read(
    conn: &Connection,
    wanted: impl Fn(&str, Option<&str>) -> bool,
) -> Result<Vec<ProcessUsage>, String> {
    let err = |e: rusqlite::Error| e.to_string();
    let pcols = columns_of(conn, "ZPROCESS").map_err(err)?;
    let ucols = columns_of(conn, "ZLIVEUSAGE").map_err(err)?;
    if pcols.is_empty() || ucols.is_empty() {
        return Err("no `ZPROCESS` and `ZLIVEUSAGE` tables: not a netusage database".into());
    }
    let sql = format!(
        "SELECT Z_PK, ZPROCNAME, {}, {}, {} FROM ZPROCESS",
        column_or(&pcols, "zbundlename", "NULL"),
        column_or(&pcols, "zfirsttimestamp", "NULL"),
        column_or(&pcols, "ztimestamp", "NULL"),
    );
    let mut st = conn.prepare(&sql).map_err(err)?;
    let mut q = st.query([]).map_err(err)?;
    let mut out = Vec::new();
    while let Some(r) = q.next().map_err(err)? {
        let pk: Option<i64> = r.get(0).ok().flatten();
        let name: Option<String> = r.get(1).ok().flatten();
        let bundle: Option<String> = r.get(2).ok().flatten();
        let (Some(pk), Some(process)) = (pk, name) else {
            continue;
        };
        if wanted(&process, bundle.as_deref()) {
            out.push(ProcessUsage {
                pk,
                process,
                bundle,
                first: r.get(3).ok().flatten(),
                last: r.get(4).ok().flatten(),
                ..Default::default()
            });
        }
    }
    let sums: Vec<String> = COUNTERS
        .iter()
        .map(|c| {
            let c = column_or(&ucols, c, "0");
            format!("COALESCE(SUM(CAST({c} AS INTEGER)), 0)")
        })
        .collect();
    let sql = format!(
        "SELECT COUNT(*), {} FROM ZLIVEUSAGE WHERE ZHASPROCESS = ?1",
        sums.join(", ")
    );
    let mut st = conn.prepare(&sql).map_err(err)?;
    for p in &mut out {
        st.query_row([p.pk], |r| {
            p.rows = r.get::<_, i64>(0)?.max(0) as u64;
            for (i, b) in p.bytes.iter_mut().enumerate() {
                *b = r.get::<_, i64>(i + 1)?.max(0) as u64;
            }
            Ok(())
        })
        .map_err(err)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_per_process() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE ZPROCESS (Z_PK INTEGER PRIMARY KEY, ZPROCNAME VARCHAR, ZBUNDLENAME VARCHAR, \
               ZFIRSTTIMESTAMP TIMESTAMP, ZTIMESTAMP TIMESTAMP);
             CREATE TABLE ZLIVEUSAGE (Z_PK INTEGER PRIMARY KEY, ZHASPROCESS INTEGER, ZTIMESTAMP TIMESTAMP, \
               ZWIFIIN INTEGER, ZWIFIOUT INTEGER, ZWIREDIN INTEGER, ZWIREDOUT INTEGER);
             INSERT INTO ZPROCESS VALUES (1, 'WeChat', 'com.tencent.xinWeChat', 600000000, 700000000),
                                         (2, 'Safari', 'com.apple.Safari', 600000000, 700000000);
             INSERT INTO ZLIVEUSAGE VALUES (1, 1, 1, 100, 10, 0, 0), (2, 1, 1, 5, 1, 7, 3), (3, 2, 1, 9, 9, 9, 9);",
        )
        .unwrap();
        let got = read(&c, |p, _| p == "WeChat").unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].rows, 2);
        assert_eq!(got[0].bytes, [105, 11, 7, 3, 0, 0]);
    }
}
