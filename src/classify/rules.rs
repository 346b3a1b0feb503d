//! The classification table: logical path pattern → category and kind.
//!
//! One row per rule, first match wins, each row citing its source in
//! `../shared/reference/` (`[S#]`, `[A#]` tags of wechat-macos-layout.md;
//! `conf#N` = row N of layout-confirmations.md). Patterns are globs over
//! the logical path (see `locate`), matched case-insensitively (APFS is
//! case-insensitive by default), `*` never crossing a `/`. Abbreviations,
//! expanded when the table is compiled:
//!
//! | token | expands to |
//! |---|---|
//! | `{AS}` | `Library/Application Support/com.tencent.xinWeChat` (3.x data root) |
//! | `{V}` | `{AS}/*` (a version folder such as `2.0b4.0.9`) |
//! | `{A3}` | `{V}/*` (a 3.x account; non-account siblings are matched first) |
//! | `{X}` | `Documents/xwechat_files` (4.x data root) |
//! | `{A4}` | `{X}/*` (a 4.x account) |
//! | `{AD}` | `Documents/app_data` (4.x app-global data) |
//! | `{LC}` | `Library/Caches/com.tencent.xinWeChat` |

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::layout::{APP_DATA, APP_SUPPORT, LIB_CACHES, XWECHAT_FILES};
use crate::model::{Category, Kind, LogicalPath};

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The pattern over the logical path, with the abbreviations above.
    pub glob: &'static str,
    /// The category a match gives.
    pub category: Category,
    /// The kind a match gives.
    pub kind: Kind,
    /// Where the fact comes from.
    pub source: &'static str,
}

impl Rule {
    /// Whether the answers a table gives for a file this rule matches
    /// depend on its content (issue 13: a table-only scan opens only
    /// these): see [`place_decides`].
    pub fn needs_content(&self) -> bool {
        !place_decides(self.category, self.kind)
    }
}

macro_rules! rules {
    ($($glob:literal => $cat:ident / $kind:ident, $src:literal;)+) => {
        &[$(Rule { glob: $glob, category: Category::$cat, kind: Kind::$kind, source: $src }),+]
    };
}

/// The table. Order matters: specific rows before general ones.
pub const RULES: &[Rule] = rules! {
    // Finder metadata anywhere.
    "**/.DS_Store" => Other / Other, "macOS Finder metadata";
    // Received files first: below a received-file folder everything is what
    // a person sent, a whole project tree with its own `.db` and `-wal`
    // included; none of it is one of WeChat's databases (real-macs.tsv:
    // File/study_website_python1/instance/user_management.db).
    "{A3}/Message/MessageTemp/*/File/**" => Media / File, "layout §2.4 [S16]; conf#19; real-macs.tsv received project trees";
    "{A3}/Message/MessageTemp/*/OpenData/**" => Media / File, "conf#17";
    "{A4}/msg/file/**" => Media / File, "layout §3.3 [S1] [S10]; [A29]; real-macs.tsv";
    // SQLite and WCDB sidecars, whatever folder they sit in.
    "**/*-wal" => Database / Sidecar, "formats.md §5; [S32]";
    "**/*-shm" => Database / Sidecar, "formats.md §5; [S32]";
    "**/*-journal" => Database / Sidecar, "formats.md §5";
    "**/*-first.material" => Database / Sidecar, "layout §4.4 [S32] Factory.cpp";
    "**/*-last.material" => Database / Sidecar, "layout §4.4 [S32]";
    "**/*-incremental.material" => Database / Sidecar, "layout §4.4 [S32]";
    "**/*.factory/**" => Database / Sidecar, "layout §4.4 [S32] Database.hpp";
    // Login key stores: flagged, never opened.
    "{X}/all_users/login/*/key_info.db" => Config / KeyMaterial, "layout §3.1 [S8] [A30]; conf#30";
    "{AD}/login/*/key_info.*" => Config / KeyMaterial, "layout §3.4 [A38]; conf#3";
    "{A4}/db_storage/MMKV/*tinfo.mmkv" => Config / KeyMaterial, "conf §2.8";

    // ---- WeChat 3.x, version-folder siblings of the accounts (layout §2.1) ----
    "{V}/KeyValue/*/*.db" => Database / Kv, "layout §2.1 [S3] keys.toml";
    "{V}/KeyValue/**" => Config / Mmkv, "layout §2.1 [S4]";
    "{V}/MMappedKV/**" => Config / Mmkv, "layout §2.1 [S5]";
    "{V}/NewMMappedKV/**" => Config / Mmkv, "real-macs.tsv (NewMMappedKV beside MMappedKV)";
    "{V}/Backup/**" => Backup / ChatBackup, "layout §2.1 [S3]; conf#25";
    "{V}/CrashReport/**" => Log / Crash, "layout §1.3 [S4]";
    "{V}/CGI/**" => Network / NetConfig, "layout §2.1 [S5] CGI/ServerId.dat";
    "{V}/Avatar/**" => Media / Avatar, "layout §2.1 [S4]";
    "{V}/MMResourceMgr/**/*.sqlite" => Database / Other, "layout §2.1 [S5] resInfo.sqlite";
    "{V}/MMResourceMgr/**" => Cache / Other, "layout §2.1 [S5]";
    "{V}/WeVoIP/**" => Cache / Other, "layout §2.1 [S5]";
    "{V}/*" => Config / Other, "layout §2.1 [S4] checkVersionFile, topinfo.data, nsid";

    // ---- WeChat 3.x account databases (layout §2.2) ----
    "{A3}/Message/msg_*.db" => Database / Messages, "layout §2.2 [S1] [S3]";
    "{A3}/Message/fileMsg.db" => Database / MediaIndex, "layout §2.2 [S3]";
    "{A3}/Message/fts/*.db" => Database / SearchIndex, "layout §2.2 [S3] [S2]";
    "{A3}/Message/ftsfile/*.db" => Database / SearchIndex, "layout §2.2 [S3]";
    "{A3}/Message/brand/*.db" => Database / Messages, "layout §2.2 [S3]";
    "{A3}/Message/mediaData/*.db" => Database / MediaIndex, "layout §2.2 [S3] [S2]";
    "{A3}/Contact/*.db" => Database / Contacts, "layout §2.2 [S1] [S3]";
    "{A3}/IContact/*.db" => Database / Contacts, "layout §2.2 [A21]";
    "{A3}/Group/*.db" => Database / Groups, "layout §2.2 [S1] [S3]";
    "{A3}/IGroup/*.db" => Database / Groups, "layout §2.2 [A21]";
    "{A3}/Session/*.db" => Database / Sessions, "layout §2.2 [S1] [S26]";
    "{A3}/Hardlink/*.db" => Database / MediaIndex, "layout §2.2 [S1] [A23]";
    "{A3}/Favorites/*.db" => Database / Favorites, "layout §2.2 [S3]";
    "{A3}/Stickers/*.db" => Database / Stickers, "layout §2.2 [S3]";
    "{A3}/Sns/**/*.db" => Database / Moments, "layout §2.2 [S3]";
    "{A3}/RevokeMsg/*.db" => Database / Messages, "layout §2.2 [S3]";
    "{A3}/**/*.db" => Database / Other, "layout §2.2 [S2] (about 34 DBs per account)";

    // ---- WeChat 3.x chat media (layout §2.4; conf#16, #17, #19) ----
    "{A3}/Message/MessageTemp/*/Image/*_thumb.*" => Media / Thumbnail, "layout §2.4 [A22] _.pic_thumb.jpg";
    "{A3}/Message/MessageTemp/*/Image/**" => Media / Image, "layout §2.4 [A22] [A24]";
    "{A3}/Message/MessageTemp/*/Video/*thumb*" => Media / Thumbnail, "layout §2.4 [A26] .video_thumb.jpg";
    "{A3}/Message/MessageTemp/*/Video/**" => Media / Video, "layout §2.4 [A22]";
    "{A3}/Message/MessageTemp/*/Audio/**" => Media / Voice, "layout §2.4 [A22] [A27] .aud.silk";
    "{A3}/Message/MessageTemp/*/File/**" => Media / File, "layout §2.4 [S16]; conf#19";
    "{A3}/Message/MessageTemp/*/OpenData/**" => Media / File, "conf#17";
    "{A3}/Message/MessageTemp/*/Emoticon/**" => Media / Sticker, "layout §2.4 [P1] (unconfirmed)";
    "{A3}/Message/MessageTemp/**" => Media / File, "layout §2.4 [S10] LMWeChatScan.m";
    "{A3}/Video/*thumb*" => Media / Thumbnail, "layout §4.5 [A26]";
    "{A3}/Video/**" => Media / Video, "layout §4.5 [A26]";
    "{A3}/Avatar/**" => Media / Avatar, "layout §2.4 [S5]";
    "{A3}/Stickers/**" => Media / Sticker, "layout §2.4 [S5] [A23]";
    "{A3}/Favorites/**" => Media / File, "layout §2.4 [S5]";
    "{A3}/Account/**" => Config / Account, "layout §2.2 [S3]";
    "{A3}/predownload/**" => Cache / MediaCache, "real-macs.tsv (tree listing: pre-fetched media)";
    "{A3}/Repair/**" => Log / Other, "real-macs.tsv (Repair/*.log)";
    "{A3}/mmexpt/**" => Config / Other, "real-macs.tsv (Tencent experiment flags)";
    "{A3}/iLink/**" => Other / Other, "real-macs.tsv (tree listing; contents undocumented)";
    "{A3}/**" => Config / Account, "layout §2.2 [S5] per-account state folders";

    // ---- 3.x caches and logs outside Application Support ----
    "{LC}/Cache.db" => Cache / HttpCache, "layout §1.2 [S10]; formats.md §1";
    "{LC}/fsCachedData/**" => Cache / HttpCache, "formats.md §1 (mac_apt, iLEAPP)";
    "{LC}/*/log/**" => Log / Xlog, "layout §1.3 [S14]; conf#14";
    "{LC}/*/*/dragImgTmp/**" => Cache / Temp, "layout §1.2 [A12]; conf#24";
    "{LC}/*/*/SaveTemp/**" => Cache / Temp, "layout §1.2 [A13]; conf#24";
    "{LC}/*/*/Sns/**/*.db" => Database / Moments, "real-macs.tsv: 3.x sns.db lives under Caches (wechat-dbcracker log)";
    "{LC}/**" => Cache / Other, "layout §1.2 [S10]";
    "Library/Caches/com.plausiblelabs.crashreporter.data/**" => Log / Crash, "cask zap (PLCrashReporter)";
    "Library/Caches/Matrix/**" => Log / Crash, "layout §1.2 [S10] AppReboot.dat";
    "Library/Caches/profiles/**/Cookies" => Network / Cookies, "conf#40; formats.md §11";
    "Library/Caches/profiles/**" => Cache / WebCache, "layout §1.2 [A14]; conf#40";
    "Library/Caches/**" => Cache / Other, "conf §2.14";
    "Library/HTTPStorages/**/*.binarycookies" => Network / Cookies, "formats.md §2";
    "Library/HTTPStorages/*.binarycookies" => Network / Cookies, "formats.md §2";
    "Library/HTTPStorages/**" => Network / HttpStorage, "layout §1.2 [S10]; formats.md §2";
    "Library/Cookies/**" => Network / Cookies, "layout §1.1 [S11]; formats.md §2";
    "Library/WebKit/**" => Cache / WebCache, "layout §1.2 [A15] (unconfirmed)";
    "Library/Preferences/*.plist" => Config / Preferences, "layout §1.2 [S10]; conf §2.9";
    "Library/Preferences/**" => Config / Preferences, "layout §1.2";
    "Library/Saved Application State/**" => Config / Other, "layout §1.1 [S11]";
    "Library/Logs/DiagnosticReports/**" => Log / Crash, "conf#41; real-macs.tsv WeChat-*.ips";
    "Library/Logs/**" => Log / Crash, "conf#41";
    "Library/Application Scripts/**" => Other / Other, "layout §1.1 [S11] (sandbox scripts, normally empty)";
    "Library/LaunchAgents/**" => Config / Other, "real-macs.tsv (old cask zap)";
    "Library/Application Support/FileProvider/**" => Cache / Other, "layout §1.1 [A4]";
    ".wxapplet/**" => Cache / MiniProgram, "layout §1.2 [S21] [S24]; conf#36";
    "tmp/**" => Cache / Temp, "layout §1.2 [A16]; conf §2.1";
    "Documents/MMappedKV/**" => Config / Mmkv, "layout §1.1 [S23]";
    "Documents/.rqd/**" => Log / Crash, "layout §1.1 [S23] (`~/Documents/.rqd`: Tencent's rqd/Bugly crash reporter)";

    // ---- xwechat_files siblings of the accounts (layout §3.1) ----
    "{X}/all_users/config/**" => Config / Mmkv, "layout §3.1 [S9] global_config; conf#29";
    "{X}/all_users/head_imgs/**" => Media / Avatar, "layout §3.1 [A19] [A31]";
    "{X}/all_users/**" => Config / Account, "layout §3.1 [A30] [A32]";
    "{X}/Backup/**" => Backup / ChatBackup, "conf#33";
    "{X}/old_backup/**" => Backup / MigrationBackup, "conf#34";
    "{X}/WMPF/**" => Cache / MiniProgram, "layout §3.1 [S29]";

    // ---- WeChat 4.x account databases (layout §3.2) ----
    "{A4}/db_storage/message/message_fts*.db" => Database / SearchIndex, "layout §3.2 [S8]";
    "{A4}/db_storage/message/message_resource.db" => Database / MediaIndex, "layout §3.2 [S7] [S30]";
    "{A4}/db_storage/message/media_*.db" => Database / MediaIndex, "layout §3.2 [S8] VoiceInfo";
    "{A4}/db_storage/message/*.db" => Database / Messages, "layout §3.2 [S8] [S1]";
    "{A4}/db_storage/contact/*fts*.db" => Database / SearchIndex, "layout §3.2 [S8]";
    "{A4}/db_storage/contact/*.db" => Database / Contacts, "layout §3.2 [S8] [S1]";
    "{A4}/db_storage/session/*.db" => Database / Sessions, "layout §3.2 [S8] [S1]";
    "{A4}/db_storage/hardlink/*.db" => Database / MediaIndex, "layout §3.2 [S8] [S1]";
    "{A4}/db_storage/media/*.db" => Database / MediaIndex, "layout §3.2 [A35]";
    "{A4}/db_storage/head_image/*.db" => Database / Contacts, "layout §3.2 [S8] avatar blobs";
    "{A4}/db_storage/favorite/*fts*.db" => Database / SearchIndex, "layout §3.2 [S8]";
    "{A4}/db_storage/favorite/*.db" => Database / Favorites, "layout §3.2 [S8]";
    "{A4}/db_storage/emoticon/*.db" => Database / Stickers, "layout §3.2 [S8]";
    "{A4}/db_storage/sns/*.db" => Database / Moments, "layout §3.2 [S8]";
    "{A4}/db_storage/general/*.db" => Database / Kv, "layout §3.2 [S9]; conf §2.7";
    "{A4}/db_storage/MMKV/**" => Config / Mmkv, "conf §2.7";
    "{A4}/db_storage/**" => Database / Other, "layout §3.2 [S7] config.rs";

    // ---- WeChat 4.x media (layout §3.3; conf §2.12) ----
    "{A4}/msg/attach/**/*_t.dat" => Media / Thumbnail, "layout §3.3 [S1] [S7] _t.dat";
    "{A4}/msg/attach/**/*_t_W.dat" => Media / Thumbnail, "conf §2.12";
    "{A4}/msg/attach/**/*_thumb.*" => Media / Thumbnail, "layout §4.5";
    "{A4}/msg/attach/**/Rec/**/Img/**" => Media / Image, "real-macs.tsv: merged chat records Rec/<id>/{Img,V,F}";
    "{A4}/msg/attach/**/Rec/**/V/**" => Media / Video, "real-macs.tsv: merged chat records";
    "{A4}/msg/attach/**/Rec/**/F/**" => Media / File, "real-macs.tsv: merged chat records";
    "{A4}/msg/attach/**/Img/**" => Media / Image, "layout §3.3 [S1] media_v4.go";
    "{A4}/msg/attach/**" => Media / File, "layout §3.3 [S1]";
    "{A4}/msg/video/**/*_thumb.*" => Media / Thumbnail, "layout §3.3 [S1] route.go";
    "{A4}/msg/video/**" => Media / Video, "layout §3.3 [S1] [A19]";
    "{A4}/msg/**" => Media / File, "layout §3.3 [A19] msg/migrate";
    "{A4}/cache/*_send_temp/**" => Cache / Temp, "real-macs.tsv (cache/<x>_send_temp)";
    "{A4}/cache/*/WeAppIcon/**" => Cache / MiniProgram, "layout §3.3 [A19]";
    "{A4}/cache/*/HttpResource/**" => Cache / HttpCache, "layout §3.3 [A19]";
    "{A4}/cache/**" => Cache / MediaCache, "layout §3.3 [A19] [A37]";
    "{A4}/temp/**" => Cache / Temp, "layout §3.3 [A29] [A37]";
    "{A4}/business/emoticon/**" => Media / Sticker, "layout §3.3 [A31] [A19]";
    "{A4}/business/favorite/temp/**" => Cache / Temp, "real-macs.tsv (favourites temp copies)";
    "{A4}/business/favorite/**" => Media / File, "layout §3.3 [S9] media_helpers.py";
    "{A4}/business/**" => Cache / Other, "layout §3.3 [A19]";
    "{A4}/config/**" => Config / Account, "layout §3.3 [A19]; conf §2.7";
    "{A4}/login/**" => Config / Account, "conf §2.7";
    "{A4}/apm_record/**" => Log / Other, "layout §3.3 [A19]; conf §2.7";
    "{A4}/resource/**" => Cache / Other, "layout §3.3 [S29]";

    "{A4}/**" => Config / Account, "layout §3.3 per-account state";

    // ---- WeChat 4.x app_data (layout §3.4; conf#1–13) ----
    "{AD}/lock/**" => Config / Other, "layout §3.4 [S10]; conf#2";
    "{AD}/login/**" => Config / Account, "conf#3";
    "{AD}/config/**" => Config / Other, "conf#1";
    "{AD}/net/kvcomm/**" => Network / NetConfig, "layout §3.4 [S7] [S9]; conf#4";
    "{AD}/net/cdncomm/**" => Network / Cdn, "layout §3.4 [A16]; conf#5";
    "{AD}/**/mmdns.ini" => Network / DnsCache, "layout §5.1 [A20]";
    "{AD}/**/newdns_settings.ini" => Network / DnsCache, "layout §5.1 [A20]";
    "{AD}/**/getdns.ini" => Network / DnsCache, "layout §5.1 [A20]";
    "{AD}/**/ipportrecords2.xml" => Network / NetConfig, "layout §5.1 [S15] [A20]";
    "{AD}/net/**" => Network / NetConfig, "layout §3.4 [A20]; conf#6";
    "{AD}/host/**" => Network / NetConfig, "layout §5.1 [S15] simple_ipport_sort.cc";
    "{AD}/log/**" => Log / Xlog, "layout §1.3 [A16]–[A18]; conf#7";
    "{AD}/crashinfo/**" => Log / Crash, "conf#10";
    "{AD}/radium/device_uuid*" => Config / Other, "real-macs.tsv: radium/device_uuid_0, a device id unique per container; keep";
    "{AD}/radium/**/Cookies" => Network / Cookies, "layout §5.1 [A40]; formats.md §11";
    "{AD}/radium/**/Network Persistent State" => Network / NetConfig, "formats.md §11";
    "{AD}/radium/**/*.wxapkg" => Cache / MiniProgram, "layout §3.4 [S18] [S19]";
    "{AD}/radium/**/applet/**" => Cache / MiniProgram, "layout §3.4 [S18] [S19]; conf#12";
    "{AD}/radium/Applet/**" => Cache / MiniProgram, "layout §3.4 [S18]";
    "{AD}/radium/wmpfcache/**" => Cache / MiniProgram, "layout §3.4 [A31]";
    "{AD}/radium/**" => Cache / WebCache, "layout §3.4 [A31] [A40]; conf#11, #13";
    "{AD}/xplugin/**" => Cache / Other, "conf §2.6";
    "{AD}/users/**" => Cache / Other, "conf#1";
    "{AD}/*/lock.ini" => Config / Other, "layout §3.4 [A32]";
    "{AD}/**" => Other / Other, "conf#1";

    // ---- Container and group container ----
    "$container/*.plist" => Config / Other, "layout §1.2 [S25] containermanagerd metadata";
    "$group/Library/Caches/xinWeChat/*/WeApp/**" => Cache / MiniProgram, "layout §1.1 [S21]";
    "$group/Library/Preferences/*.plist" => Config / Preferences, "conf#39";
    "$group/**/*.plist" => Config / Other, "conf#39";
    "$group/Library/Caches/**" => Cache / Other, "conf#39";

    // ---- Anywhere: names that say what a file is ----
    "**/*.xlog" => Log / Xlog, "layout §4.3 [S15]";
    "**/*.mmap3" => Log / Xlog, "formats.md §4";
    "**/*.binarycookies" => Network / Cookies, "formats.md §2";
    "**/*.wxapkg" => Cache / MiniProgram, "layout §3.4 [S18]";
};

/// Expands the abbreviations of the module docs.
pub fn expand(glob: &str) -> String {
    glob.replace("{A3}", "{V}/*")
        .replace("{A4}", "{X}/*")
        .replace("{V}", "{AS}/*")
        .replace("{AS}", APP_SUPPORT)
        .replace("{X}", XWECHAT_FILES)
        .replace("{AD}", APP_DATA)
        .replace("{LC}", LIB_CACHES)
}

/// The table compiled once. Besides the whole-path `GlobSet`, each rule is
/// split at its last `/` into a directory part and a name part, so that the
/// walker matches the directory parts once per folder and only the few
/// name parts of the candidate rules per file.
pub struct RuleSet {
    set: GlobSet,
    dir_set: GlobSet,
    names: Vec<NamePart>,
}

enum NamePart {
    /// The rule ends in `/**`: any name below the directory matches.
    Any,
    /// Literal pieces separated by `*` (case-insensitive ASCII).
    Star(Vec<String>),
    Glob(globset::GlobMatcher),
}

/// Matches `name` against pieces that were separated by `*`. Written by
/// hand because almost every name part of the table is this simple, and
/// globset's per-candidate setup costs more than the match itself on the
/// walker's hot path.
fn star_match(pieces: &[String], name: &str) -> bool {
    let name = name.as_bytes();
    let (first, rest) = match pieces.split_first() {
        Some(x) => x,
        None => return name.is_empty(),
    };
    if name.len() < first.len() || !name[..first.len()].eq_ignore_ascii_case(first.as_bytes()) {
        return false;
    }
    if rest.is_empty() {
        return name.len() == first.len();
    }
    let (last, middle) = rest.split_last().expect("non-empty");
    let mut pos = first.len();
    for m in middle {
        let m = m.as_bytes();
        match name[pos..]
            .windows(m.len().max(1))
            .position(|w| w.eq_ignore_ascii_case(m))
        {
            Some(i) if !m.is_empty() => pos += i + m.len(),
            _ if m.is_empty() => {}
            _ => return false,
        }
    }
    let last = last.as_bytes();
    name.len() - pos >= last.len() && name[name.len() - last.len()..].eq_ignore_ascii_case(last)
}

/// The rules that can match files of one directory, in table order.
pub struct DirRules {
    candidates: Vec<usize>,
    /// A top-level file of a root with an empty logical prefix: match
    /// whole paths instead.
    whole: bool,
}

fn glob(pattern: &str) -> globset::Glob {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .case_insensitive(true)
        .backslash_escape(true)
        .build()
        .unwrap_or_else(|e| panic!("rule {pattern} does not compile: {e}"))
}

impl RuleSet {
    /// Compiles [`RULES`].
    pub fn new() -> RuleSet {
        let mut b = GlobSetBuilder::new();
        let mut d = GlobSetBuilder::new();
        let mut names = Vec::with_capacity(RULES.len());
        for r in RULES {
            let g = expand(r.glob);
            b.add(glob(&g));
            if let Some(prefix) = g.strip_suffix("/**") {
                d.add(glob(&format!("{{{prefix},{prefix}/**}}")));
                names.push(NamePart::Any);
            } else {
                let (dir, name) = g.rsplit_once('/').unwrap_or(("", g.as_str()));
                // `P/**/name` also matches `P/name`: the directory part must
                // accept `P` itself.
                match dir.strip_suffix("/**") {
                    Some(p) => d.add(glob(&format!("{{{p},{p}/**}}"))),
                    None => d.add(glob(dir)),
                };
                if name
                    .chars()
                    .any(|c| matches!(c, '?' | '[' | ']' | '{' | '}' | '\\'))
                {
                    names.push(NamePart::Glob(glob(name).compile_matcher()));
                } else {
                    names.push(NamePart::Star(
                        name.split('*').map(str::to_string).collect(),
                    ));
                }
            }
        }
        RuleSet {
            set: b.build().expect("the rule table compiles"),
            dir_set: d.build().expect("the rule table compiles"),
            names,
        }
    }

    /// The first rule matching a logical path.
    pub fn first_match(
        &self,
        logical: LogicalPath<'_>,
        scratch: &mut Vec<usize>,
    ) -> Option<&'static Rule> {
        self.set.matches_into(logical.as_str(), scratch);
        scratch.iter().min().map(|&i| &RULES[i])
    }

    /// The candidate rules of a directory (its logical path, no trailing `/`).
    pub fn for_dir(&self, dir_logical: LogicalPath<'_>) -> DirRules {
        let dir_logical = dir_logical.as_str();
        if dir_logical.is_empty() {
            return DirRules {
                candidates: Vec::new(),
                whole: true,
            };
        }
        let mut candidates = self.dir_set.matches(dir_logical);
        candidates.sort_unstable();
        DirRules {
            candidates,
            whole: false,
        }
    }

    /// The first rule matching file `name` in a directory prepared by
    /// [`RuleSet::for_dir`]; the same answer as [`RuleSet::first_match`] on
    /// the whole path.
    pub fn first_in_dir(
        &self,
        d: &DirRules,
        name: &str,
        scratch: &mut Vec<usize>,
    ) -> Option<&'static Rule> {
        if d.whole {
            return self.first_match(LogicalPath(name), scratch);
        }
        d.candidates
            .iter()
            .find(|&&i| match &self.names[i] {
                NamePart::Any => true,
                NamePart::Star(p) => star_match(p, name),
                NamePart::Glob(m) => m.is_match(name),
            })
            .map(|&i| &RULES[i])
    }
}

impl Default for RuleSet {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether a file's place alone decides what it is, whatever its bytes:
/// media and logs (see `fits`), and media caches (`cache/<month>/…`
/// thumbnails). Their content is counted, never opened by the readers:
/// `dbs` lists no database found there, `network` reads no cookie jar or
/// cache entry there, so a table that reads none of them (issue 13) gives
/// the same answers as JSON, which still says each file's format.
pub fn place_decides(category: Category, kind: Kind) -> bool {
    matches!(category, Category::Media | Category::Log)
        || (category, kind) == (Category::Cache, Kind::MediaCache)
}

/// Whether WeChat uses a file as it is: databases and their sidecars,
/// settings and key material, cookie jars and network state. Removing one
/// loses history or breaks WeChat, so an identical copy of one is never a
/// reclaimable duplicate (two databases that happen to hold the same bytes
/// are each in use). The one predicate `dupes` and `reclaim` share. A
/// database among received files is a received file (the place decides),
/// and one in a cache is the cache WeChat rebuilds (an NSURLCache
/// `Cache.db`: layout §1.2 [S10]; issue 27): neither is in use.
pub fn in_use(category: Category, kind: Kind, format: crate::model::Format) -> bool {
    matches!(
        category,
        Category::Database | Category::Config | Category::Network
    ) || kind == Kind::Sidecar
        || (format.is_database() && !place_decides(category, kind) && category != Category::Cache)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(p: &str) -> Option<(Category, Kind)> {
        let rs = RuleSet::new();
        rs.first_match(LogicalPath(p), &mut Vec::new())
            .map(|r| (r.category, r.kind))
    }

    #[test]
    fn every_rule_compiles_and_cites() {
        let _ = RuleSet::new();
        for r in RULES {
            assert!(!r.source.is_empty(), "{} has no source", r.glob);
        }
    }

    /// Per-directory matching gives the same first rule as whole paths, on
    /// a path made from every rule (wildcards filled in) and variations.
    #[test]
    fn per_directory_matching_agrees_with_whole_paths() {
        let rs = RuleSet::new();
        let mut paths = Vec::new();
        for r in RULES {
            let g = expand(r.glob);
            for fill in [("x", "a/b"), ("2025-03", "q"), ("Cache.db", "c/d/e")] {
                let p = g.replace("**", fill.1).replace('*', fill.0);
                let p = p.replace("{,}", "");
                paths.push(p.clone());
                paths.push(format!("{p}/inner.db"));
                paths.push(format!("{p}-wal"));
            }
        }
        let mut scratch = Vec::new();
        for p in paths {
            let (dir, name) = p.rsplit_once('/').unwrap_or(("", p.as_str()));
            let d = rs.for_dir(LogicalPath(dir));
            let a = rs
                .first_match(LogicalPath(&p), &mut scratch)
                .map(|r| r.glob);
            let b = rs.first_in_dir(&d, name, &mut scratch).map(|r| r.glob);
            assert_eq!(a, b, "{p}");
        }
    }

    #[test]
    fn star_patterns() {
        let p = |s: &str| s.split('*').map(str::to_string).collect::<Vec<_>>();
        assert!(star_match(&p("msg_*.db"), "MSG_0.db"));
        assert!(!star_match(&p("msg_*.db"), "msg_0.db-wal"));
        assert!(star_match(&p("*thumb*"), "1.video_thumb.jpg"));
        assert!(star_match(&p("*_t.dat"), "abc_t.dat"));
        assert!(!star_match(&p("*_t.dat"), "_t.da"));
        assert!(star_match(&p("Cache.db"), "cache.DB"));
        assert!(!star_match(&p("Cache.db"), "Cache.dbx"));
        assert!(star_match(&p("*"), ""));
        assert!(star_match(&p("a*b*c"), "abc"));
        assert!(!star_match(&p("ab*ba"), "aba"));
    }

    #[test]
    fn examples() {
        let a3 = "Library/Application Support/com.tencent.xinWeChat/2.0b4.0.9/0123456789abcdef0123456789abcdef";
        assert_eq!(
            class(&format!("{a3}/Message/msg_0.db")),
            Some((Category::Database, Kind::Messages))
        );
        assert_eq!(
            class(&format!("{a3}/Message/msg_0.db-wal")),
            Some((Category::Database, Kind::Sidecar))
        );
        assert_eq!(
            class(&format!(
                "{a3}/Message/MessageTemp/abc/Image/1_.pic_thumb.jpg"
            )),
            Some((Category::Media, Kind::Thumbnail))
        );
        assert_eq!(
            class("Documents/xwechat_files/wxid_a_1a2b/msg/attach/c/2025-03/Img/x_t.dat"),
            Some((Category::Media, Kind::Thumbnail))
        );
        assert_eq!(
            class("Documents/xwechat_files/all_users/login/wxid_a/key_info.db"),
            Some((Category::Config, Kind::KeyMaterial))
        );
        assert_eq!(
            class("Documents/xwechat_files/old_backup/x/y/BAK_0_MEDIA"),
            Some((Category::Backup, Kind::MigrationBackup))
        );
        assert_eq!(
            class("Documents/app_data/radium/web/profiles/p/Cookies"),
            Some((Category::Network, Kind::Cookies))
        );
        assert_eq!(class("somewhere/else.bin"), None);
    }
}
