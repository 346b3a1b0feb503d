//! What a file is: the rule table (`rules`), the content sniffer (`sniff`),
//! their combination (path rule + sniffed format → category, kind, format,
//! encrypted), and the walker's visitor that records each file
//! (`visitor`).
//!
//! The rule gives the file's role from its place; the content decides its
//! format, and wins where the two disagree (a JPEG under `db_storage` is
//! not a database; a `.jpg` that is a XOR `.dat` stays an image message
//! whose format is `wechat_dat_xor`), except in media and log folders,
//! whose place decides the category whatever the bytes (so that a table
//! need not read them: issue 13).

pub mod explain;
pub mod one;
pub mod place;
pub mod rules;
pub mod sniff;
pub mod visitor;

use crate::formats::sqlite::valid_page_size;
use crate::model::{Category, Detail, Format, Kind};
use rules::Rule;
pub use rules::{in_use, place_decides};
use sniff::{Hint, Sniffed};

/// The classification of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    /// Category.
    pub category: Category,
    /// Kind.
    pub kind: Kind,
    /// Format (from content).
    pub format: Format,
    /// Enciphered content.
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
        // A non-xlog file among logs is still a log (browser, player logs,
        // and whatever else a log folder holds: the place decides, as for
        // media).
        Some(r) if r.category == Category::Log => (Category::Log, Kind::Other),
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
        // A media folder's files are media whatever their bytes: a received
        // file can be anything (a database included), and the place decides
        // for images, voice and the rest too, so that a table that reads no
        // content gives the same totals (issue 13). `format` still says what
        // the bytes are.
        (Category::Media, _) => true,
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
        Encrypted | Zip | Docx | Xlsx | Pptx | Pdf | Json | Xml | Text | Empty | Unknown => {
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
            if !valid_page_size(page_size) {
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

#[cfg(test)]
mod tests {
    use super::rules::RuleSet;
    use super::*;
    use crate::model::LogicalPath;

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
        let r = rs.first_match(LogicalPath(p), &mut v);
        assert_eq!(
            classify(r, &sniffed(Format::Jpeg)).category,
            Category::Media
        );
        assert_eq!(
            classify(r, &sniffed(Format::Sqlcipher)).kind,
            Kind::Messages
        );
        let p = "Library/Application Support/com.tencent.xinWeChat/2.0b4.0.9/0123456789abcdef0123456789abcdef/Message/MessageTemp/c/Image/1_.pic.jpg";
        let c = classify(
            rs.first_match(LogicalPath(p), &mut v),
            &sniffed(Format::WechatDatXor),
        );
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
}
