//! The embedded Chromium of WeChat 4.x ("radium"): simple-cache entry keys,
//! `Network Persistent State` servers, and the `Cookies` database
//! (formats.md §11). Cookie values and `encrypted_value` are never read.

use std::path::Path;

use super::sqlite::{query_all, OpenError};
use crate::fsio::{read_full, ReadAt};

/// `SimpleFileHeader`'s magic (chromium `simple_entry_format.h`).
const SIMPLE_ENTRY_MAGIC: u64 = 0xfcfb_6d1b_a772_5c30;
/// Longest key read (Chromium caps keys far below this).
const MAX_KEY: usize = 64 * 1024;

/// The URL of a simple-cache entry file (`<16 hex>_0`): the key follows the
/// 24-byte header; with a network isolation key prefix (`1/0/_dk_<site>
/// <site> <url>`) the URL is the last space-separated token.
pub fn simple_cache_url<R: ReadAt + ?Sized>(src: &R, size: u64) -> std::io::Result<Option<String>> {
    let mut h = [0u8; 24];
    if read_full(src, &mut h, 0)? < 24
        || u64::from_le_bytes(h[..8].try_into().expect("8")) != SIMPLE_ENTRY_MAGIC
    {
        return Ok(None);
    }
    let key_len = u32::from_le_bytes(h[12..16].try_into().expect("4")) as usize;
    if key_len == 0 || key_len > MAX_KEY || 24 + key_len as u64 > size {
        return Ok(None);
    }
    let mut key = vec![0u8; key_len];
    if read_full(src, &mut key, 24)? < key_len {
        return Ok(None);
    }
    let key = String::from_utf8_lossy(&key);
    Ok(key
        .rsplit(' ')
        .next()
        .filter(|u| u.contains("://"))
        .map(str::to_string))
}

/// `net.http_server_properties.servers[].server` of a `Network Persistent
/// State` file (JSON).
pub fn persistent_state_servers(json: &[u8]) -> Vec<String> {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(json) else {
        return Vec::new();
    };
    v.pointer("/net/http_server_properties/servers")
        .and_then(|s| s.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.get("server").and_then(|x| x.as_str()).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A Chromium cookie's metadata.
#[derive(Debug, Clone)]
pub struct ChromiumCookie {
    /// Chromium's `host_key`.
    pub host_key: String,
    /// Name.
    pub name: String,
    /// Path.
    pub path: String,
    /// Microseconds since 1601-01-01; 0 for a session cookie.
    pub expires_utc: i64,
    /// Sent over HTTPS only.
    pub is_secure: bool,
    /// Hidden from scripts.
    pub is_httponly: bool,
}

/// Reads `cookies` (never `value` or `encrypted_value`).
pub fn cookies(db: &Path, max_copy: u64) -> Result<Vec<ChromiumCookie>, OpenError> {
    let sql = "SELECT host_key, name, path, expires_utc, is_secure, is_httponly FROM cookies ORDER BY host_key, name";
    query_all(db, max_copy, sql, |r| {
        Ok(ChromiumCookie {
            host_key: r.get(0)?,
            name: r.get(1)?,
            path: r.get(2)?,
            expires_utc: r.get(3).unwrap_or(0),
            is_secure: r.get::<_, i64>(4).unwrap_or(0) != 0,
            is_httponly: r.get::<_, i64>(5).unwrap_or(0) != 0,
        })
    })
}

/// Chromium time (µs since 1601) → RFC 3339, `None` for 0.
pub fn chromium_time(us: i64) -> Option<String> {
    if us <= 0 {
        return None;
    }
    let unix = us / 1_000_000 - 11_644_473_600;
    Some(crate::model::time::rfc3339(unix, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_servers() {
        let key = b"1/0/_dk_https://qq.com https://qq.com https://res.wx.qq.com/a.js";
        let mut v = SIMPLE_ENTRY_MAGIC.to_le_bytes().to_vec();
        v.extend_from_slice(&5u32.to_le_bytes());
        v.extend_from_slice(&(key.len() as u32).to_le_bytes());
        v.extend_from_slice(&[0; 8]);
        v.extend_from_slice(key);
        assert_eq!(
            simple_cache_url(&v[..], v.len() as u64).unwrap().as_deref(),
            Some("https://res.wx.qq.com/a.js")
        );
        let mut bad = v.clone();
        bad[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(simple_cache_url(&bad[..], bad.len() as u64).unwrap(), None);
        let s = persistent_state_servers(
            br#"{"net":{"http_server_properties":{"servers":[{"server":"https://a.qq.com"}]}}}"#,
        );
        assert_eq!(s, vec!["https://a.qq.com"]);
        assert!(persistent_state_servers(b"garbage").is_empty());
        assert_eq!(
            chromium_time(13_400_000_000_000_000).as_deref(),
            Some("2025-08-18T14:13:20Z")
        );
    }
}
