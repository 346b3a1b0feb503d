//! NSURLCache `Cache.db` (WeChat 3.x): URL, time stamp, HTTP status, MIME
//! type and body size of every cached response (formats.md §1). The three
//! tables join on `entry_ID`; `response_object` is a bplist whose array
//! positions move between OS versions, so values are picked by shape, as
//! iLEAPP does: the dict with `_CFURLString`, an integer in 100..=599, a
//! `type/subtype` string.

use std::path::Path;

use plist::Value;

use super::sqlite::{query_all, OpenError};

/// One cached response.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedResponse {
    /// The request URL (its host is all that leaves the reader).
    pub url: String,
    /// `YYYY-MM-DD HH:MM:SS`, UTC (SQLite `CURRENT_TIMESTAMP`).
    pub time_stamp: Option<String>,
    /// HTTP status, where the response object shows one.
    pub status: Option<u16>,
    /// MIME type, where shown.
    pub mime: Option<String>,
    /// Bytes of the cached body.
    pub body_bytes: u64,
}

/// Status and MIME type picked from a `response_object` by shape.
pub fn match_response(bytes: &[u8]) -> (Option<u16>, Option<String>) {
    let Ok(v) = super::plist_guard::parse(bytes) else {
        return (None, None);
    };
    let arr = match &v {
        Value::Dictionary(d) => d.get("Array").and_then(Value::as_array),
        Value::Array(a) => Some(a),
        _ => None,
    };
    let Some(arr) = arr else { return (None, None) };
    let status = arr.iter().find_map(|x| {
        x.as_signed_integer()
            .filter(|n| (100..=599).contains(n))
            .map(|n| n as u16)
    });
    let mime = arr
        .iter()
        .find_map(|x| x.as_string().filter(|s| is_mime(s)).map(str::to_string));
    (status, mime)
}

fn is_mime(s: &str) -> bool {
    let Some((t, sub)) = s.split_once('/') else {
        return false;
    };
    !t.is_empty()
        && !sub.is_empty()
        && s.len() < 128
        && !s.contains("://")
        && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && sub
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-+.;= ".contains(&b))
}

/// Reads every response of a `Cache.db` (with its WAL, through a private
/// copy); `fs_dir` is the `fsCachedData` folder beside it.
pub fn read(db: &Path, max_copy: u64) -> Result<Vec<CachedResponse>, OpenError> {
    let sql = "SELECT r.request_key, r.time_stamp, b.response_object, d.isDataOnFS, d.receiver_data
             FROM cfurl_cache_response r
             LEFT JOIN cfurl_cache_blob_data b USING (entry_ID)
             LEFT JOIN cfurl_cache_receiver_data d USING (entry_ID)
             ORDER BY r.entry_ID";
    let fs_dir = db.parent().map(|p| p.join("fsCachedData"));
    query_all(db, max_copy, sql, |row| {
        let url: String = row.get(0)?;
        let ts: Option<String> = row.get(1).ok();
        let obj: Option<Vec<u8>> = row.get(2).ok().flatten();
        let on_fs: Option<i64> = row.get(3).ok().flatten();
        let data = row.get_ref(4)?;
        let (status, mime) = obj.as_deref().map(match_response).unwrap_or((None, None));
        let body_bytes = match (on_fs, data) {
            (Some(1), rusqlite::types::ValueRef::Text(name))
            | (Some(1), rusqlite::types::ValueRef::Blob(name)) => {
                let name = String::from_utf8_lossy(name).into_owned();
                // A UUID names the body file; anything else is not followed.
                if name.len() <= 64 && name.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
                    fs_dir
                        .as_ref()
                        .and_then(|d| std::fs::symlink_metadata(d.join(&name)).ok())
                        .map(|m| m.len())
                        .unwrap_or(0)
                } else {
                    0
                }
            }
            (_, rusqlite::types::ValueRef::Blob(b)) => b.len() as u64,
            (_, rusqlite::types::ValueRef::Text(b)) => b.len() as u64,
            _ => 0,
        };
        Ok(CachedResponse {
            url,
            time_stamp: ts,
            status,
            mime,
            body_bytes,
        })
    })
}

/// `2025-03-01 10:00:00` (UTC) → RFC 3339.
pub fn time_stamp_rfc3339(ts: &str) -> Option<String> {
    let t = ts.trim().replace(' ', "T");
    crate::model::time::parse_rfc3339(&format!("{t}Z")).map(|s| crate::model::time::rfc3339(s, 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shape_matching() {
        let mut d = plist::Dictionary::new();
        d.insert("Version".into(), Value::Integer(1.into()));
        d.insert(
            "Array".into(),
            Value::Array(vec![
                Value::String("text/html".into()),
                Value::Integer(0.into()),
                Value::Integer(404.into()),
            ]),
        );
        let mut buf = Vec::new();
        Value::Dictionary(d).to_writer_binary(&mut buf).unwrap();
        assert_eq!(match_response(&buf), (Some(404), Some("text/html".into())));
        assert_eq!(
            time_stamp_rfc3339("2025-03-01 10:00:00").as_deref(),
            Some("2025-03-01T10:00:00Z")
        );
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = match_response(&data);
            let mut v = b"bplist00".to_vec();
            v.extend(&data);
            let _ = match_response(&v);
        }
    }
}
