//! TCC's `access` table (privacy consent): one row per service and client
//! (macos-records.md lines 16–42). The schema is decided by the columns
//! present, never by a version guess: `allowed`/`prompt_count` before
//! macOS 11, `auth_value`/`auth_reason` from macOS 11 (lines 33–36), the
//! columns macOS 14 added (`pid`, `pid_version`, `boot_uuid`,
//! `last_reminded`, line 37) and any later extra column are ignored. The
//! code-signing blobs (`csreq`, line 41) are never selected.

use rusqlite::Connection;

use super::sqlite::{column_or, columns_of};

/// One row of `access` whose client the caller wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TccRow {
    /// `service` (`kTCCServiceCamera`).
    pub service: String,
    /// `client`: a bundle id, or a path when `client_type` is 1.
    pub client: String,
    /// `client_type` (0 when the column is missing).
    pub client_type: i64,
    /// `allowed`, `denied`, `limited` or `unknown`.
    pub status: &'static str,
    /// `auth_reason` in words (macOS 11 and later).
    pub by: Option<String>,
    /// `prompt_count` (before macOS 11).
    pub prompt_count: Option<i64>,
    /// `last_modified`, Unix seconds (line 40).
    pub last_modified: Option<i64>,
    /// `indirect_object_identifier` (the target of `kTCCServiceAppleEvents`,
    /// line 31), when not the placeholder `UNUSED`.
    pub indirect_object: Option<String>,
}

/// The rows wanted and which schema they were read with, in words.
#[derive(Debug, Clone)]
pub struct TccTable {
    /// `auth_value/auth_reason (macOS 11 and later)`, … .
    pub schema: String,
    /// The rows wanted.
    pub rows: Vec<TccRow>,
}

/// A service in words (macos-records.md lines 24–31); unknown names are
/// shown raw.
pub fn service_name(service: &str) -> String {
    let name = match service {
        "kTCCServiceCamera" => "Camera",
        "kTCCServiceMicrophone" => "Microphone",
        "kTCCServiceScreenCapture" => "Screen Recording",
        "kTCCServiceAccessibility" => "Accessibility",
        "kTCCServiceSystemPolicyAllFiles" => "Full Disk Access",
        "kTCCServiceSystemPolicyDesktopFolder" => "Files in Desktop",
        "kTCCServiceSystemPolicyDocumentsFolder" => "Files in Documents",
        "kTCCServiceSystemPolicyDownloadsFolder" => "Files in Downloads",
        "kTCCServiceAddressBook" => "Contacts",
        "kTCCServicePhotos" => "Photos",
        "kTCCServiceListenEvent" => "Input Monitoring",
        "kTCCServiceCalendar" => "Calendar",
        "kTCCServiceAppleEvents" => "Automation",
        other => other,
    };
    name.to_string()
}

/// `auth_value` (line 34): 0 denied, 1 unknown, 2 allowed, 3 limited.
fn auth_status(v: Option<i64>) -> &'static str {
    match v {
        Some(0) => "denied",
        Some(2) => "allowed",
        Some(3) => "limited",
        _ => "unknown",
    }
}

/// `auth_reason` (line 35: how it was decided), with the names mac_apt's
/// `tcc.py` [MA] gives its values; others as `reason N`.
fn auth_reason(v: i64) -> String {
    let words = match v {
        1 => "error",
        2 => "user consent",
        3 => "user set",
        4 => "system set",
        5 => "service policy",
        6 => "MDM policy",
        7 => "override policy",
        8 => "missing usage string",
        9 => "prompt timeout",
        10 => "preflight unknown",
        11 => "entitled",
        12 => "app type policy",
        n => return format!("reason {n}"),
    };
    words.to_string()
}

/// Reads `access`: the rows whose `(client, client_type)` `wanted`
/// accepts. `Err` with the reason when the table is not TCC's.
pub fn read(conn: &Connection, wanted: impl Fn(&str, i64) -> bool) -> Result<TccTable, String> {
    let cols = columns_of(conn, "access").map_err(|e| e.to_string())?;
    let has = |c: &str| cols.iter().any(|x| x == c);
    if cols.is_empty() {
        return Err("no `access` table: not a TCC database".into());
    }
    for needed in ["service", "client"] {
        if !has(needed) {
            return Err(format!("`access` has no `{needed}` column"));
        }
    }
    let modern = has("auth_value");
    if !modern && !has("allowed") {
        return Err("`access` has neither `auth_value` nor `allowed`".into());
    }
    let mut schema = match modern {
        true => "auth_value/auth_reason (macOS 11 and later)".to_string(),
        false => "allowed/prompt_count (before macOS 11)".to_string(),
    };
    if ["pid", "boot_uuid", "last_reminded"].iter().any(|c| has(c)) {
        schema.push_str(", with the macOS 14 columns");
    }
    let (decision, detail) = match modern {
        true => ("auth_value", column_or(&cols, "auth_reason", "NULL")),
        false => ("allowed", column_or(&cols, "prompt_count", "NULL")),
    };
    let sql = format!(
        "SELECT service, client, {}, \"{decision}\", {detail}, {}, {} FROM access",
        column_or(&cols, "client_type", "0"),
        column_or(&cols, "last_modified", "NULL"),
        column_or(&cols, "indirect_object_identifier", "NULL"),
    );
    let mut st = conn.prepare(&sql).map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    let mut q = st.query([]).map_err(|e| e.to_string())?;
    while let Some(r) = q.next().map_err(|e| e.to_string())? {
        let text = |i| r.get::<_, Option<String>>(i).ok().flatten();
        let int = |i| r.get::<_, Option<i64>>(i).ok().flatten();
        let (Some(service), Some(client)) = (text(0), text(1)) else {
            continue;
        };
        let client_type = int(2).unwrap_or(0);
        if !wanted(&client, client_type) {
            continue;
        }
        let (status, by, prompt_count) = match modern {
            true => (auth_status(int(3)), int(4).map(auth_reason), None),
            false => (
                match int(3) {
                    Some(0) => "denied",
                    Some(1) => "allowed",
                    _ => "unknown",
                },
                None,
                int(4),
            ),
        };
        rows.push(TccRow {
            service,
            client,
            client_type,
            status,
            by,
            prompt_count,
            last_modified: int(5),
            indirect_object: text(6).filter(|s| !s.is_empty() && s != "UNUSED"),
        });
    }
    Ok(TccTable { schema, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_schemas_by_their_columns() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE access (service TEXT, client TEXT, client_type INTEGER, allowed INTEGER, \
             prompt_count INTEGER, csreq BLOB, last_modified INTEGER);
             INSERT INTO access VALUES ('kTCCServiceCamera', 'com.tencent.xinWeChat', 0, 1, 2, NULL, 1600000000),
                                       ('kTCCServiceMicrophone', 'com.apple.Safari', 0, 0, 1, NULL, 1600000000);",
        )
        .unwrap();
        let t = read(&c, |client, _| client.contains("WeChat")).unwrap();
        assert!(t.schema.starts_with("allowed"), "{}", t.schema);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].status, "allowed");
        assert_eq!(t.rows[0].prompt_count, Some(2));
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE access (service TEXT, client TEXT, client_type INTEGER, auth_value INTEGER, \
             auth_reason INTEGER, auth_version INTEGER, pid INTEGER, boot_uuid TEXT, future_thing TEXT);
             INSERT INTO access VALUES ('kTCCServiceNew', 'com.tencent.xinWeChat', 0, 3, 99, 1, NULL, NULL, 'x');",
        )
        .unwrap();
        let t = read(&c, |_, _| true).unwrap();
        assert!(t.schema.contains("macOS 14"), "{}", t.schema);
        assert_eq!(t.rows[0].status, "limited");
        assert_eq!(t.rows[0].by.as_deref(), Some("reason 99"));
        assert_eq!(service_name(&t.rows[0].service), "kTCCServiceNew");
        assert!(read(&Connection::open_in_memory().unwrap(), |_, _| true).is_err());
    }
}
