//! LaunchServices' quarantine events, `LSQuarantineEvent` in
//! `QuarantineEventsV2` (macos-records.md lines 44–57): what an app saved
//! from the network. Only the time, the agent, the type and the host of
//! the URLs are read; a URL's path and query, the sender and the origin
//! title never leave this function (the caller's `host` keeps the host).

use rusqlite::Connection;

use super::sqlite::{column_or, columns_of};

/// One event of an agent the caller wanted.
#[derive(Debug, Clone, PartialEq)]
pub struct QuarantineEvent {
    /// `LSQuarantineTimeStamp`: Mac absolute time (line 49).
    pub time: Option<f64>,
    /// The host of `LSQuarantineDataURLString`, else of
    /// `LSQuarantineOriginURLString` (line 53: show the host only).
    pub host: Option<String>,
    /// `LSQuarantineTypeNumber`.
    pub type_number: Option<i64>,
}

/// Reads the events whose agent (bundle id, name) `wanted` accepts.
pub fn read(
    conn: &Connection,
    wanted: impl Fn(Option<&str>, Option<&str>) -> bool,
    host: impl Fn(&str) -> Option<String>,
) -> Result<Vec<QuarantineEvent>, String> {
    let cols = columns_of(conn, "LSQuarantineEvent").map_err(|e| e.to_string())?;
    if cols.is_empty() {
        return Err("no `LSQuarantineEvent` table: not a quarantine database".into());
    }
    let col = |c: &str| column_or(&cols, &c.to_ascii_lowercase(), "NULL");
    let sql = format!(
        "SELECT {}, {}, {}, {}, {}, {} FROM LSQuarantineEvent",
        col("LSQuarantineTimeStamp"),
        col("LSQuarantineAgentBundleIdentifier"),
        col("LSQuarantineAgentName"),
        col("LSQuarantineDataURLString"),
        col("LSQuarantineOriginURLString"),
        col("LSQuarantineTypeNumber"),
    );
    let mut st = conn.prepare(&sql).map_err(|e| e.to_string())?;
    let mut q = st.query([]).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    while let Some(r) = q.next().map_err(|e| e.to_string())? {
        let text = |i| r.get::<_, Option<String>>(i).ok().flatten();
        if !wanted(text(1).as_deref(), text(2).as_deref()) {
            continue;
        }
        let url_host = |i| text(i).as_deref().and_then(&host);
        out.push(QuarantineEvent {
            time: r.get::<_, Option<f64>>(0).ok().flatten(),
            host: url_host(3).or_else(|| url_host(4)),
            type_number: r.get::<_, Option<i64>>(5).ok().flatten(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_agents_wanted_and_only_hosts() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE LSQuarantineEvent (LSQuarantineEventIdentifier TEXT PRIMARY KEY NOT NULL, \
             LSQuarantineTimeStamp REAL, LSQuarantineAgentBundleIdentifier TEXT, LSQuarantineAgentName TEXT, \
             LSQuarantineDataURLString TEXT, LSQuarantineTypeNumber INTEGER, LSQuarantineOriginURLString TEXT);
             INSERT INTO LSQuarantineEvent VALUES ('a', 700000000.5, 'com.tencent.xinWeChat', 'WeChat', \
               'https://dldir1.qq.com/secret/path.zip?q=1', 3, NULL),
             ('b', 700000001, 'com.apple.Safari', 'Safari', 'https://example.com/x', 0, NULL);",
        )
        .unwrap();
        let ev = read(
            &c,
            |b, _| b == Some("com.tencent.xinWeChat"),
            |u| u.split('/').nth(2).map(str::to_string),
        )
        .unwrap();
        assert_eq!(
            ev,
            vec![QuarantineEvent {
                time: Some(700000000.5),
                host: Some("dldir1.qq.com".into()),
                type_number: Some(3)
            }]
        );
    }
}
