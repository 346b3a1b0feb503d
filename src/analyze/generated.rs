//! Which path components WeChat or macOS generate, and so may stay
//! readable under `--anonymize`: the one decision between "generated" and
//! "personal". Everything it does not recognise is personal (a pseudonym):
//! an allow-list, so a new place where WeChat keeps people's own file names
//! cannot leak them.
//!
//! Generated are: the fixed words of the classification table (its folder
//! and file names: `msg`, `attach`, `Img`, `MessageTemp`, `Cache.db`,
//! `message_0.db`, …, so a new rule brings its words along), a short list
//! of macOS container words, month and version folders, and names made of
//! those words and ids (hex, digits, UUIDs: `<md5>_t.dat`,
//! `4341616580689_.pic_hd.jpg`, `MM_20250301.xlog`), in ASCII without
//! spaces. Account and chat ids are generated too, but identify people:
//! the anonymizer gives them pseudonyms of their own.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::classify::rules::{expand, RULES};
use crate::layout::is_version_folder;
use crate::model::is_month;

/// Words of names macOS and WeChat give their own folders and files that
/// the rule table does not spell out (its patterns use `*` there). Sources:
/// Apple's container layout (`Library/Containers/<bundle>/Data`,
/// `.com.apple.containermanagerd.metadata.plist`), the file types of
/// `../shared/reference/formats.md`, WeChat's file-name shapes of
/// `wechat-macos-layout.md` §2.4 and §3.3 (`_.pic_hd`, `.video_thumb`,
/// `.aud.silk`, `_t.dat`, `_h.dat`).
#[rustfmt::skip]
const EXTRA_WORDS: &[&str] = &[
    // macOS container and home folders.
    "Library", "Containers", "Group", "Data", "Documents", "Caches", "Application", "Support",
    "Preferences", "Cookies", "HTTPStorages", "WebKit", "Saved", "State", "savedState", "Logs",
    "DiagnosticReports", "Retired", "LaunchAgents", "FileProvider", "Scripts", "com", "apple",
    "containermanagerd", "metadata", "tencent", "xinWeChat", "xWeChat", "WeChat", "Weixin",
    "tmp", "Desktop", "Downloads", "Movies", "Music", "Pictures", "Keychains", "Volumes",
    "security",
    // Tencent's Apple Team ID, prefix of its group container (layout §1.1).
    "5A4RE8SF68",
    // Temp folders seen on real Macs (`../shared/reference/real-macs.tsv`).
    "RWTemp", "InputTemp", "favorite", "ScreenShot",
    // Names WeChat gives its own files and folders (layout §1–3 and
    // layout-confirmations.md: Matrix AppReboot, topinfo.data,
    // checkVersionFile, multiTalk, solitaire, tx.tableName.DeviceInfo,
    // global_config, ipportrecords, mini-program app ids `wx<16 hex>`).
    "AppReboot", "Magicdy", "biz", "cdn", "checkVersionFile", "chrome", "debug", "download",
    "drag", "fts", "ftsmessage", "global", "config", "hldata", "ip", "multiTalk", "plugin",
    "plugins", "reports", "solitaire", "chat", "topinfo", "tx", "tableName", "DeviceInfo",
    "voip", "wccontact", "wx",
    // WeChat's own name shapes.
    "pic", "hd", "thumb", "video", "aud", "t", "h", "w", "b", "MM", "BAK", "MEDIA", "TEXT",
    "CheckPointMMKV", "tinfo", "first", "last", "incremental", "material", "factory",
    "statistic", "key", "info", "device", "uuid", "crashinfo", "crash", "webview", "index",
    "Cache", "Code", "GPUCache", "Default", "Local", "Storage", "Session", "Network",
    "Persistent", "Service", "Worker", "blob", "storage", "leveldb", "LOCK", "LOG", "CURRENT",
    "MANIFEST", "old", "new", "lock", "data", "applet", "packages",
    // Issue 25: names WeChat and macOS generate that were hidden. Each from
    // a line of `../shared/reference/` (not there at run time):
    // wechat-macos-layout.md:37 and real-macs.tsv:115, the extension and
    // helper containers `com.tencent.xinWeChat.MiniProgram`,
    // `…xinWeChat.WeChatMacShare`, `5A4RE8SF68.com.tencent.xinWeChat.IPCHelper`
    // (real-macs.tsv:110-111, their Application Scripts).
    "MiniProgram", "WeChatMacShare", "IPCHelper",
    // real-macs.tsv:106: `Library/LaunchAgents/com.tencent.xin.WeChatHelper.plist`.
    "xin", "WeChatHelper",
    // `Library/WechatPrivate`: the same old cask v1 zap list real-macs.tsv:106
    // cites (HOME_PLACES in `layout/anchors.rs`).
    "WechatPrivate",
    // wechat-macos-layout.md:103 `CGI/ServerId.dat`; :108 `resInfo.sqlite`
    // (real-macs.tsv:92); :134 `Account/Beta.db` (real-macs.tsv:55); :129
    // `Stickers/fav.archive` (real-macs.tsv:23).
    "ServerId", "resInfo", "Beta", "fav", "archive",
    // wechat-macos-layout.md:243 `radium/web/profiles/<profile>/…`
    // (real-macs.tsv:15 `radium/web/profiles_to_delete`).
    "web",
    // File types (formats.md): the extension of a generated name.
    "db", "sqlite", "sqlite3", "wal", "shm", "journal", "dat", "jpg", "jpeg", "png", "gif",
    "webp", "heic", "bmp", "tif", "tiff", "mp4", "mov", "silk", "amr", "xlog", "mmap3", "log",
    "ips", "json", "ini", "xml", "txt", "crc", "mmkv", "wxapkg", "dmp", "plist",
    "binarycookies", "bin", "conf", "cfg", "zip", "pdf",
];

/// The vocabulary: every word of the rule table's fixed folder and file
/// names, and [`EXTRA_WORDS`], lower case.
fn words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut w: HashSet<String> = EXTRA_WORDS.iter().map(|s| s.to_ascii_lowercase()).collect();
        for r in RULES {
            for part in expand(r.glob).split(|c: char| !c.is_ascii_alphanumeric()) {
                if !part.is_empty() && !part.bytes().all(|b| b.is_ascii_digit()) {
                    w.insert(part.to_ascii_lowercase());
                }
            }
        }
        w
    })
}

/// Hex digits or decimal digits only: an id, a hash, a time stamp.
fn id_like(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_hexdigit())
}

/// One word of a name: a vocabulary word, an id, or a vocabulary word and
/// an id run together (`WeChat45b4…`, `msg0`, `2mmkv`).
fn word_ok(w: &str) -> bool {
    let vocab = words();
    let lower = w.to_ascii_lowercase();
    if id_like(w) || vocab.contains(&lower) {
        return true;
    }
    // An id run onto a word must look like one: digits, or 4+ hex digits
    // (so that `at` is not `a` + `t`).
    let id_part = |x: &str| id_like(x) && (x.bytes().all(|b| b.is_ascii_digit()) || x.len() >= 4);
    (1..lower.len()).any(|i| {
        let (a, b) = lower.split_at(i);
        (a.len() >= 2 && vocab.contains(a) && id_part(b))
            || (b.len() >= 2 && id_part(a) && vocab.contains(b))
    })
}

/// True when a path component is one WeChat or macOS generates (see the
/// module docs); false for anything a person may have named.
pub fn is_generated(name: &str) -> bool {
    if matches!(name, "" | "." | ".." | "~") || is_month(name) || is_version_folder(name) {
        return true;
    }
    if !name.is_ascii() {
        return false;
    }
    // Words are separated by `.`, `_`, `-` and spaces (`Application
    // Support`, `Network Persistent State`); any other character (`|`, `'`,
    // brackets…) is not in a generated name.
    let words = name.split(['.', '_', '-', ' ']);
    let mut any = false;
    for w in words {
        if w.is_empty() {
            continue;
        }
        if !w.bytes().all(|b| b.is_ascii_alphanumeric()) || !word_ok(w) {
            return false;
        }
        any = true;
    }
    any || name.bytes().all(|b| matches!(b, b'.' | b'_' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wechat_and_macos_names_are_generated() {
        for n in [
            "Library",
            "Containers",
            "com.tencent.xinWeChat",
            "Data",
            "Documents",
            "xwechat_files",
            "msg",
            "attach",
            "2026-08",
            "Img",
            "87879ff74f860af742f8eb7e0a567f21.dat",
            "71b3545293b1d5e40d33e00b232ac6c6_t.dat",
            "4341616580689_.pic_hd.jpg",
            "12_1740823200.video_thumb.jpg",
            "2.aud.silk",
            "message_0.db-wal",
            "Cache.db",
            "MM_20250301.xlog",
            "2.0b4.0.9",
            "Message",
            "MessageTemp",
            "db_storage",
            "7C1D2E3F-4A5B-4C6D-8E9F-0A1B2C3D4E5F",
            "5A4RE8SF68.com.tencent.xinWeChat",
            "WeChat45b4bf14ff2e7ec800bba2bed1ca9d6d.png",
            "msg_1.db",
            "..",
            "key_info.db",
            "3f4b2c1d0e9f8a7b6c5d4e3f2a1b0c9d.CheckPointMMKV.crc",
            "RWTemp",
            "InputTemp",
        ] {
            assert!(is_generated(n), "{n} should be generated");
        }
    }

    #[test]
    fn issue_25_helper_containers_and_3x_files_are_generated() {
        for n in [
            "com.tencent.xinWeChat.MiniProgram",
            "com.tencent.xinWeChat.WeChatMacShare",
            "5A4RE8SF68.com.tencent.xinWeChat.IPCHelper",
            "com.tencent.xin.WeChatHelper.plist",
            "WechatPrivate",
            "resInfo.sqlite",
            "resInfo.sqlite-wal",
            "ServerId.dat",
            "Beta.db",
            "fav.archive",
            "web",
        ] {
            assert!(is_generated(n), "{n} should be generated");
        }
    }

    #[test]
    fn names_people_give_are_personal() {
        for n in [
            "英文版-中文翻译.pdf",
            "北京区域0716-2.xlsx",
            "合同 v3.pdf",
            "notes `draft` | v2.txt",
            "photo.jpg",
            "report2024.pdf",
            "Screenshot 2025-03-01 at 10.00.00.png",
            "alice",
            "😀.png",
            "a|b`report`.txt",
            "study_website_python1",
            "user_management.db",
            "Zhang Wei",
            "budget.xlsx",
        ] {
            assert!(!is_generated(n), "{n} should be personal");
        }
    }
}
