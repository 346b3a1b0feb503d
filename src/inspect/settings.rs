//! Settings files: plists (binary and XML) and ini-style files, shown as
//! keys, value types and short summaries, with secrets redacted.
//!
//! DESIGN.md "Privacy": values under secret-looking keys (token, key,
//! session, ticket, password, auth, uin, cookie, sig), long opaque strings
//! and URL query strings never appear; they become `<redacted N bytes>`.

use serde::Serialize;

use crate::fsio::read_small;
use crate::layout::Layout;
use crate::model::{Category, FileEntry, Format, Inventory, Kind, Warning};

/// Key fragments that mark a value as secret (case-insensitive).
pub const SECRET_WORDS: &[&str] = &[
    "token", "key", "session", "ticket", "password", "passwd", "auth", "uin", "cookie", "sig",
    "secret",
];

/// Rows kept per file (a plist bomb cannot flood the output).
pub const MAX_ROWS_PER_FILE: usize = 500;
/// Nesting followed at most.
pub const MAX_DEPTH: usize = 32;

/// One setting.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ConfigRow {
    /// Root-relative path of the settings file.
    pub file: String,
    /// The key (nested keys joined with `.`).
    pub key: String,
    #[serde(rename = "type")]
    /// The value's type.
    pub value_type: String,
    /// The value, or `<redacted …>`.
    pub value: String,
    /// The value was withheld.
    pub redacted: bool,
}

/// True when a key names a secret.
pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|w| k.contains(w))
}

/// True for a long opaque string (an id, a hash, base64): 24 or more
/// characters with no spaces, mostly alphanumeric, mixing digits and
/// letters.
pub fn is_opaque(s: &str) -> bool {
    s.len() >= 24
        && !s.contains(' ')
        && !s.contains("://")
        && s.bytes()
            .filter(|b| b.is_ascii_alphanumeric() || b"+/=_-".contains(b))
            .count()
            * 10
            >= s.len() * 9
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().any(|b| b.is_ascii_alphabetic())
}

/// A URL with its query and fragment removed (they may carry credentials).
pub fn strip_query(s: &str) -> (String, bool) {
    match s.find(['?', '#']) {
        Some(i) if s.contains("://") => (format!("{}?<redacted>", &s[..i]), true),
        _ => (s.to_string(), false),
    }
}

fn summarize_string(s: &str) -> (String, bool) {
    if is_opaque(s) {
        return (format!("<redacted {} bytes>", s.len()), true);
    }
    let (s, stripped) = strip_query(s);
    let short: String = s.chars().take(120).collect();
    let short = if short.len() < s.len() {
        format!("{short}…")
    } else {
        short
    };
    (short, stripped)
}

/// Flattens a plist into rows.
pub fn plist_rows(file: &str, v: &plist::Value) -> Vec<ConfigRow> {
    let mut rows = Vec::new();
    walk(file, "", v, false, 0, &mut rows);
    rows
}

fn walk(
    file: &str,
    key: &str,
    v: &plist::Value,
    secret: bool,
    depth: usize,
    rows: &mut Vec<ConfigRow>,
) {
    if rows.len() >= MAX_ROWS_PER_FILE {
        return;
    }
    use plist::Value::*;
    let push = |rows: &mut Vec<ConfigRow>, t: &str, value: std::string::String, redacted: bool| {
        rows.push(ConfigRow {
            file: file.into(),
            key: key.into(),
            value_type: t.into(),
            value,
            redacted,
        })
    };
    let secret_value = |len: usize| format!("<redacted {len} bytes>");
    match v {
        Dictionary(d) => {
            if depth >= MAX_DEPTH {
                return push(
                    rows,
                    "dict",
                    format!("{} keys (too deep to show)", d.len()),
                    false,
                );
            }
            if d.is_empty() && !key.is_empty() {
                push(rows, "dict", "empty".into(), false);
            }
            for (k, x) in d {
                let path = if key.is_empty() {
                    k.clone()
                } else {
                    format!("{key}/{k}")
                };
                walk(file, &path, x, secret || is_secret_key(k), depth + 1, rows);
            }
        }
        Array(a) => {
            if depth >= MAX_DEPTH {
                return push(
                    rows,
                    "array",
                    format!("{} items (too deep to show)", a.len()),
                    false,
                );
            }
            if a.is_empty() {
                push(rows, "array", "empty".into(), false);
            }
            for (i, x) in a.iter().enumerate() {
                walk(file, &format!("{key}[{i}]"), x, secret, depth + 1, rows);
            }
        }
        String(s) if secret => push(rows, "string", secret_value(s.len()), true),
        String(s) => {
            let (val, red) = summarize_string(s);
            push(rows, "string", val, red)
        }
        Integer(n) if secret => push(rows, "integer", secret_value(n.to_string().len()), true),
        Integer(n) => push(rows, "integer", n.to_string(), false),
        Real(r) if secret => push(rows, "real", secret_value(8), true),
        Real(r) => push(rows, "real", format!("{r}"), false),
        Boolean(b) => push(rows, "boolean", b.to_string(), false),
        Date(d) => push(
            rows,
            "date",
            crate::model::time::rfc3339(
                std::time::SystemTime::from(*d)
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs() as i64)
                    .unwrap_or(0),
                0,
            ),
            false,
        ),
        Data(d) if secret => push(rows, "data", secret_value(d.len()), true),
        Data(d) => push(rows, "data", format!("<{} bytes>", d.len()), false),
        Uid(_) => push(rows, "uid", "<uid>".into(), false),
        _ => push(rows, "other", "-".into(), false),
    }
}

/// Rows of an ini-style file (`[section]`, `key=value`).
pub fn ini_rows(file: &str, text: &str) -> Vec<ConfigRow> {
    let mut rows = Vec::new();
    let mut section = String::new();
    for line in text.lines().take(100_000) {
        if rows.len() >= MAX_ROWS_PER_FILE {
            break;
        }
        let line = line.trim();
        if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = s.to_string();
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let (k, v) = (k.trim(), v.trim());
        let key = if section.is_empty() {
            k.to_string()
        } else {
            format!("{section}/{k}")
        };
        let (value, redacted) = if is_secret_key(k) {
            (format!("<redacted {} bytes>", v.len()), true)
        } else {
            summarize_string(v)
        };
        rows.push(ConfigRow {
            file: file.into(),
            key,
            value_type: "ini".into(),
            value,
            redacted,
        });
    }
    rows
}

/// Whether a file is a settings file `config` reads.
pub fn is_settings(f: &FileEntry) -> bool {
    match f.format {
        Format::Bplist | Format::XmlPlist => {
            matches!(f.category, Category::Config | Category::Other)
        }
        Format::Text => {
            let lower = f.path.name().to_ascii_lowercase();
            (lower.ends_with(".ini") || lower.ends_with(".conf") || lower.ends_with(".cfg"))
                && matches!(f.category, Category::Config | Category::Network)
                && f.kind != Kind::KeyMaterial
        }
        _ => false,
    }
}

/// The rows of one settings file (its bytes already read, bounded).
pub fn rows_for(f: &FileEntry, data: &[u8]) -> Result<Vec<ConfigRow>, String> {
    match f.format {
        Format::Bplist | Format::XmlPlist => {
            crate::formats::plist_guard::parse(data).map(|v| plist_rows(&f.path.full(), &v))
        }
        _ => Ok(ini_rows(&f.path.full(), &String::from_utf8_lossy(data))),
    }
}

/// Every setting of every settings file of an inventory, how many files
/// were read, and problems as warnings.
pub fn read_all(inv: &Inventory, layout: &Layout) -> (Vec<ConfigRow>, usize, Vec<Warning>) {
    let mut rows = Vec::new();
    let mut warnings = Vec::new();
    let mut files = 0;
    for f in inv.files.iter().filter(|f| is_settings(f)) {
        let Some(data) = read_small(&layout.abs_path(f)) else {
            continue;
        };
        files += 1;
        match rows_for(f, &data) {
            Ok(r) => rows.extend(r),
            Err(message) => warnings.push(Warning::corrupt(&f.path, message)),
        }
    }
    (rows, files, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction() {
        let mut d = plist::Dictionary::new();
        d.insert("MMSessionToken".into(), "abc".into());
        d.insert("LastLoginUin".into(), plist::Value::Integer(12345.into()));
        d.insert(
            "Feed".into(),
            "https://dldir1.qq.com/x.xml?ticket=zzz".into(),
        );
        d.insert("DeviceId".into(), "a1b2c3d4e5f60718293a4b5c6d7e8f90".into());
        d.insert("Lang".into(), "zh-Hans".into());
        let rows = plist_rows("f", &plist::Value::Dictionary(d));
        let get = |k: &str| rows.iter().find(|r| r.key == k).unwrap().value.clone();
        assert_eq!(get("MMSessionToken"), "<redacted 3 bytes>");
        assert_eq!(get("LastLoginUin"), "<redacted 5 bytes>");
        assert_eq!(get("Feed"), "https://dldir1.qq.com/x.xml?<redacted>");
        assert_eq!(get("DeviceId"), "<redacted 32 bytes>");
        assert_eq!(get("Lang"), "zh-Hans");
        let ini = ini_rows("i", "[a]\nhost=long.weixin.qq.com\nauth_key=xyz\n");
        assert_eq!(ini[0].value, "long.weixin.qq.com");
        assert_eq!(ini[1].value, "<redacted 3 bytes>");
    }

    #[test]
    fn deep_and_wide_plists_are_bounded() {
        let mut v = plist::Value::Integer(1.into());
        for _ in 0..10_000 {
            v = plist::Value::Array(vec![v]);
        }
        let rows = plist_rows("deep", &v);
        assert!(rows.len() <= MAX_ROWS_PER_FILE);
        let wide =
            plist::Value::Array((0..5000).map(|i| plist::Value::Integer(i.into())).collect());
        assert_eq!(plist_rows("wide", &wide).len(), MAX_ROWS_PER_FILE);
    }
}
