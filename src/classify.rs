//! Path rule + sniffed format → category, kind, format, encrypted; and the
//! account, chat and month a logical path belongs to.
//!
//! The rule gives the file's role from its place; the content decides its
//! format, and wins where the two disagree (a JPEG under `db_storage` is
//! not a database; a `.jpg` that is a XOR `.dat` stays an image message
//! whose format is `wechat_dat_xor`).

use std::collections::BTreeMap;

use crate::inventory::{Category, Format, Generation, Kind};
use crate::locate::{is_h32, APP_SUPPORT, XWECHAT_FILES};
use crate::rules::Rule;
use crate::sniff::{Detail, Hint, Sniffed};

/// The classification of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    pub category: Category,
    pub kind: Kind,
    pub format: Format,
    pub encrypted: bool,
}

/// The sniff hint a rule adds to what the name says.
pub fn hint_for(rule: Option<&Rule>, name: &str) -> Hint {
    let mut h = Hint::from_name(name);
    if let Some(r) = rule {
        h.db_candidate |= r.category == Category::Database && r.kind != Kind::Sidecar;
    }
    h
}

/// Combines a rule (if any matched) with the sniffed content.
pub fn classify(rule: Option<&Rule>, s: &Sniffed) -> Class {
    let format = s.format;
    let encrypted = s.encrypted
        || matches!(
            format,
            Format::Sqlcipher | Format::Encrypted | Format::WechatDatV1 | Format::WechatDatV2
        );
    let (category, kind) = match rule {
        Some(r) if fits(r, format) => (r.category, r.kind),
        // A non-xlog file among logs is still a log (browser, player logs).
        Some(r)
            if r.category == Category::Log
                && matches!(format, Format::Text | Format::Json | Format::Xml) =>
        {
            (Category::Log, Kind::Other)
        }
        _ => by_format(format),
    };
    Class {
        category,
        kind,
        format,
        encrypted,
    }
}

/// Whether content of `format` can play the role the rule gives.
fn fits(r: &Rule, f: Format) -> bool {
    use Format::*;
    let neutral = matches!(f, Empty | Unknown | Encrypted);
    match (r.category, r.kind) {
        (Category::Database, Kind::Sidecar) => true,
        // Key stores are flagged whatever they hold.
        (Category::Config, Kind::KeyMaterial) => true,
        (Category::Database, _) => {
            neutral
                || matches!(
                    f,
                    Sqlite | Sqlcipher | SqliteWal | SqliteShm | SqliteJournal
                )
        }
        // A received file can be anything, a database included.
        (Category::Media, Kind::File) => true,
        (Category::Media, Kind::Voice) => neutral || matches!(f, Silk | Amr | Mp4 | Mov),
        (Category::Media, _) => neutral || f.is_media() || matches!(f, Zip),
        (Category::Log, Kind::Xlog) => neutral || f == Xlog,
        (Category::Network, Kind::Cookies) => neutral || matches!(f, Binarycookies | Sqlite),
        (Category::Config, _) => !matches!(f, Sqlite | Sqlcipher | Binarycookies | Xlog),
        // Caches, backups and network stores hold databases and anything else.
        _ => true,
    }
}

/// The role content alone suggests, where no rule fits.
pub fn by_format(f: Format) -> (Category, Kind) {
    use Format::*;
    match f {
        Sqlite | Sqlcipher => (Category::Database, Kind::Other),
        SqliteWal | SqliteShm | SqliteJournal => (Category::Database, Kind::Sidecar),
        Bplist | XmlPlist => (Category::Config, Kind::Other),
        Binarycookies => (Category::Network, Kind::Cookies),
        Xlog => (Category::Log, Kind::Xlog),
        Wxapkg => (Category::Cache, Kind::MiniProgram),
        ChromiumCache => (Category::Cache, Kind::WebCache),
        Jpeg | Png | Gif | Webp | Heic | Bmp | Tiff | WechatDatXor | WechatDatV1 | WechatDatV2
        | Wxgf => (Category::Media, Kind::Image),
        Mp4 | Mov => (Category::Media, Kind::Video),
        Silk | Amr => (Category::Media, Kind::Voice),
        Encrypted | Zip | Pdf | Json | Xml | Text | Empty | Unknown => {
            (Category::Other, Kind::Other)
        }
    }
}

/// A problem with content that claims a format by name or header but does
/// not hold together (DESIGN.md invariant 5: a warning naming the problem;
/// `corrupt` alone keeps exit code 0).
pub fn content_problem(rule: Option<&Rule>, name: &str, s: &Sniffed, size: u64) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    match (s.format, s.detail) {
        (Format::WechatDatV1 | Format::WechatDatV2, Detail::Dat { aes_len, xor_len }) => {
            let need = 15 + u64::from(aes_len) + u64::from(xor_len);
            (need > size + 16).then(|| {
                format!("WeChat .dat header claims {aes_len} AES and {xor_len} XOR bytes, more than the {size}-byte file holds")
            })
        }
        (Format::Sqlite, Detail::Sqlite { page_size, .. }) => {
            if !crate::formats::sqlite::valid_page_size(page_size) {
                Some(format!("SQLite header with an invalid page size {page_size}"))
            } else if size < u64::from(page_size) {
                Some(format!("SQLite file of {size} bytes, shorter than one {page_size}-byte page (truncated)"))
            } else {
                None
            }
        }
        (Format::Empty | Format::Xlog, _) => None,
        (f, _) if lower.ends_with(".xlog") && rule.is_some_and(|r| r.kind == Kind::Xlog) => Some(format!(
            "named like a Mars xlog but no block chain checks out (content looks like {f}): a length or end marker is wrong"
        )),
        (f, _) if lower.ends_with(".binarycookies") && f != Format::Binarycookies => Some(format!(
            "named like a cookie jar but its header does not hold together (content looks like {f}): \
             a page count or size points past the end"
        )),
        (f, _) if lower.ends_with("-wal") && f != Format::SqliteWal => {
            Some(format!("a -wal file without the SQLite WAL magic (content looks like {f})"))
        }
        _ => None,
    }
}

/// Keeps the sniff details later stages use (page sizes, XOR keys).
pub fn keep_detail(d: Detail) -> Option<Detail> {
    match d {
        Detail::None | Detail::Entropy { .. } => None,
        other => Some(other),
    }
}

/// Account, chat and month of a logical path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution<'a> {
    /// An id as it appears in the path (resolve with the layout's aliases).
    pub account_token: Option<&'a str>,
    pub chat: Option<&'a str>,
    pub month: Option<&'a str>,
}

/// A `YYYY-MM` folder name.
pub fn is_month(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..].iter().all(u8::is_ascii_digit)
        && matches!(
            &s[5..],
            "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12"
        )
}

/// Reads account, chat and month from a logical path (DESIGN.md "Chats";
/// layout §2.4, §3.3; conf#30, #33, #34).
pub fn attribute(logical: &str) -> Attribution<'_> {
    let mut a = Attribution::default();
    // Components on the stack: this runs once per file.
    let mut buf = [""; 48];
    let mut n = 0;
    for c in logical.split('/') {
        if n == buf.len() {
            break;
        }
        buf[n] = c;
        n += 1;
    }
    let comps = &buf[..n];
    // Directories only: the file name itself is not a month or chat folder.
    let dirs = &comps[..comps.len().saturating_sub(1)];
    let after = |prefix: &str| -> Option<usize> {
        let n = prefix.split('/').count();
        (logical.starts_with(prefix) && logical.as_bytes().get(prefix.len()) == Some(&b'/'))
            .then_some(n)
    };
    if let Some(i) = after(APP_SUPPORT) {
        // <ver>/<h32>/… or <ver>/{KeyValue,Backup}/<h32>/… or <ver>/MMappedKV/<h32>.*
        let x = comps.get(i + 1).copied();
        match x {
            Some(h) if is_h32(h) && dirs.len() > i + 1 => {
                a.account_token = Some(h);
                if dirs.get(i + 2) == Some(&"Message") && dirs.get(i + 3) == Some(&"MessageTemp") {
                    a.chat = dirs.get(i + 4).copied();
                }
            }
            Some("KeyValue" | "Backup") => {
                a.account_token = dirs.get(i + 2).copied().filter(|h| is_h32(h))
            }
            Some("MMappedKV") => {
                a.account_token = comps
                    .get(i + 2)
                    .and_then(|n| n.get(..32))
                    .filter(|h| is_h32(h));
            }
            _ => {}
        }
    } else if let Some(i) = after("Library/Caches/com.tencent.xinWeChat") {
        a.account_token = dirs.get(i + 1).copied().filter(|h| is_h32(h));
    } else if let Some(i) = after(XWECHAT_FILES) {
        match dirs.get(i).copied() {
            Some("all_users") if dirs.get(i + 1) == Some(&"login") => {
                a.account_token = dirs.get(i + 2).copied()
            }
            Some("Backup" | "old_backup") => a.account_token = dirs.get(i + 1).copied(),
            Some("all_users" | "WMPF") | None => {}
            Some(acct) => {
                a.account_token = Some(acct);
                match (dirs.get(i + 1).copied(), dirs.get(i + 2).copied()) {
                    (Some("msg"), Some("attach")) => a.chat = dirs.get(i + 3).copied(),
                    (Some("cache"), Some(m))
                        if is_month(m) && dirs.get(i + 3) == Some(&"Message") =>
                    {
                        a.chat = dirs.get(i + 4).copied()
                    }
                    _ => {}
                }
            }
        }
    } else if let Some(i) = after("Documents/app_data") {
        match dirs.get(i).copied() {
            Some("login") => a.account_token = dirs.get(i + 1).copied(),
            Some(x) if x.starts_with("wxid_") => a.account_token = Some(x),
            _ => {}
        }
    }
    a.month = dirs.iter().rev().copied().find(|d| is_month(d));
    a
}

/// The generation of the tree a logical path lies in.
pub fn generation_of(logical: &str) -> Option<Generation> {
    if logical.starts_with(APP_SUPPORT)
        || logical.starts_with("Library/Caches/com.tencent.xinWeChat/")
    {
        Some(Generation::V3)
    } else if logical.starts_with(XWECHAT_FILES) || logical.starts_with("Documents/app_data") {
        Some(Generation::V4)
    } else {
        None
    }
}

/// Resolves an account token to an account id (folder name verbatim).
pub fn resolve_account(
    token: Option<&str>,
    aliases: &BTreeMap<String, std::sync::Arc<str>>,
) -> Option<std::sync::Arc<str>> {
    token.and_then(|t| aliases.get(t)).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;
    use crate::sniff::Sniffed;

    fn sniffed(format: Format) -> Sniffed {
        Sniffed {
            format,
            encrypted: false,
            detail: Detail::None,
        }
    }

    #[test]
    fn content_wins() {
        let rs = RuleSet::new();
        let mut v = Vec::new();
        let p = "Documents/xwechat_files/w_1a2b/db_storage/message/picture.db";
        let r = rs.first_match(p, &mut v);
        assert_eq!(
            classify(r, &sniffed(Format::Jpeg)).category,
            Category::Media
        );
        assert_eq!(
            classify(r, &sniffed(Format::Sqlcipher)).kind,
            Kind::Messages
        );
        let p = "Library/Application Support/com.tencent.xinWeChat/2.0b4.0.9/0123456789abcdef0123456789abcdef/Message/MessageTemp/c/Image/1_.pic.jpg";
        let c = classify(rs.first_match(p, &mut v), &sniffed(Format::WechatDatXor));
        assert_eq!(
            (c.category, c.kind, c.format),
            (Category::Media, Kind::Image, Format::WechatDatXor)
        );
        assert!(!c.encrypted);
        assert_eq!(
            classify(None, &sniffed(Format::Sqlite)).category,
            Category::Database
        );
        assert_eq!(
            classify(None, &sniffed(Format::Text)).category,
            Category::Other
        );
    }

    #[test]
    fn attribution() {
        let h = "0123456789abcdef0123456789abcdef";
        let p = format!("{APP_SUPPORT}/2.0b4.0.9/{h}/Message/MessageTemp/chatmd5/Image/1.jpg");
        let a = attribute(&p);
        assert_eq!(a.account_token, Some(h));
        assert_eq!(a.chat, Some("chatmd5"));
        let a = attribute("Documents/xwechat_files/wxid_a_1a2b/msg/attach/c5/2025-03/Img/x.dat");
        assert_eq!(
            (a.account_token, a.chat, a.month),
            (Some("wxid_a_1a2b"), Some("c5"), Some("2025-03"))
        );
        let a =
            attribute("Documents/xwechat_files/wxid_a_1a2b/cache/2025-04/Message/c6/Thumb/x.jpg");
        assert_eq!((a.chat, a.month), (Some("c6"), Some("2025-04")));
        let a = attribute("Documents/xwechat_files/all_users/login/wxid_a/key_info.db");
        assert_eq!(a.account_token, Some("wxid_a"));
        let p = format!("{APP_SUPPORT}/2.0b4.0.9/MMappedKV/{h}.CheckPointMMKV");
        let a = attribute(&p);
        assert_eq!(a.account_token, Some(h));
        assert_eq!(
            attribute("Documents/xwechat_files/x_1a2b/msg/file/2025-13/a").month,
            None
        );
    }
}
