//! The tier table: what a file's class says about removing it. One row per
//! rule, first match wins, each citing its source in `../shared/reference/`
//! (`conf#N` = row N of layout-confirmations.md, `layout §` =
//! wechat-macos-layout.md). A row says what WeChat does after the files
//! are removed only where a source documents it; elsewhere it says so.
//!
//! Leftovers (whole shards and trees) and duplicates are decided over the
//! whole inventory (`leftovers.rs`, `mod.rs`), not here: the table gives a
//! file's tier as if it were alone.

use super::lone::Lone;
use super::tier::Tier;
use crate::model::{Category, Kind};

/// One row of the table.
#[derive(Debug)]
pub struct TierRule {
    /// A short name for the row (JSON `reason`).
    pub id: &'static str,
    /// What the files are, in a few words (tables).
    pub label: &'static str,
    /// The category it applies to (`None`: any).
    pub category: Option<Category>,
    /// The kind it applies to (`None`: any).
    pub kind: Option<Kind>,
    /// A text the root-relative path must contain (`None`: any).
    pub within: Option<&'static str>,
    /// The file name it applies to (`None`: any).
    pub name: Option<&'static str>,
    /// The tier a match gives.
    pub tier: Tier,
    /// What the files are, in words.
    pub what: &'static str,
    /// What happens after they are removed.
    pub after: &'static str,
    /// Where the fact comes from.
    pub source: &'static str,
}

/// The words for "not documented": said plainly where no source says what
/// WeChat does.
pub const NOT_DOCUMENTED: &str =
    "not documented: no public source says what WeChat does without them";

const fn row(
    id: &'static str,
    label: &'static str,
    (category, kind): (Option<Category>, Option<Kind>),
    tier: Tier,
    what: &'static str,
    after: &'static str,
    source: &'static str,
) -> TierRule {
    TierRule {
        id,
        label,
        category,
        kind,
        within: None,
        name: None,
        tier,
        what,
        after,
        source,
    }
}

const fn within(mut r: TierRule, text: &'static str) -> TierRule {
    r.within = Some(text);
    r
}

const fn named(mut r: TierRule, name: &'static str) -> TierRule {
    r.name = Some(name);
    r
}

use Category as C;
use Kind as K;

/// The id of the row every file in use falls in ([`crate::classify::in_use`]
/// decides, before the table is read).
pub const IN_USE: &str = "in_use";

/// The table. Order matters: specific rows before general ones.
pub const TIER_RULES: &[TierRule] = &[
    row(IN_USE, "databases, settings, keys", (None, None), Tier::Keep,
        "databases, their sidecars, settings, key material, cookies and network state",
        "chat history, contacts or the login is lost, or WeChat no longer starts",
        "classify::in_use; formats.md §5 (WAL sidecars hold committed pages); conf#30, conf §2.8 (key material)"),
    row("chat_backup", "phone chat backups", (Some(C::Backup), Some(K::ChatBackup)), Tier::Keep,
        "chat backups made from a phone (Backup and Restore)",
        "the backup is gone; restoring those chats to a phone is no longer possible from this Mac",
        "conf#33 (X/Backup holds phone→Mac chat backups); layout §2.1 [S3]"),
    named(row("finder_metadata", "Finder metadata", (Some(C::Other), None), Tier::Rebuilt,
        "Finder's folder metadata (.DS_Store)",
        "Finder writes it again when the folder is next opened; WeChat never reads it",
        "macOS Finder metadata (rule table row **/.DS_Store)"), ".DS_Store"),
    row("mini_program", "mini-program packages", (Some(C::Cache), Some(K::MiniProgram)), Tier::Rebuilt,
        "mini-program packages (.wxapkg) and their caches",
        "a mini-program downloads its package again when it is next opened",
        "conf#12, conf#36 (tw93/Mole PR #1544 cleans .wxapplet/WMPF, measured on WeChat 4.x)"),
    within(row("webview_state", "web-view state", (Some(C::Cache), Some(K::WebCache)), Tier::Keep,
        "per-account web-view state of mini-programs and web pages (radium/users)",
        "mini-programs and web pages opened in WeChat may forget their logins and settings",
        "conf#12 (tw93/Mole PR #1544 keeps app_data/radium/users: per-account webview state)"), "/app_data/radium/users/"),
    row("web_cache", "browser caches", (Some(C::Cache), Some(K::WebCache)), Tier::Rebuilt,
        "the built-in browser's caches (radium/XWeb profiles, WebKit)",
        "pages load from the network again; caches refill as pages are opened",
        "conf#11, conf#13 (cleaners delete radium/cache, radium/web); layout §3.4 [A31] [A40]"),
    row("http_cache", "HTTP caches", (Some(C::Cache), Some(K::HttpCache)), Tier::Rebuilt,
        "HTTP caches (Cache.db, fsCachedData, HttpResource)",
        "WeChat downloads again what it needs; a first load is slower",
        "conf#20 (Tencent's own cleaner targets Cache.db); formats.md §1 (NSURLCache)"),
    row("media_cache", "media caches", (Some(C::Cache), Some(K::MediaCache)), Tier::Rebuilt,
        "media caches (cache/<month>: Moments images, stickers, thumbnails WeChat fetched)",
        "WeChat fetches them again when a chat or Moments is opened, while the server still has them",
        "layout §3.3 [A19] [A37] (rebuildable paths cache/<YYYY-MM>/Sns)"),
    row("temp", "temp and drag folders", (Some(C::Cache), Some(K::Temp)), Tier::Rebuilt,
        "temp and drag folders (drag-out and save-as copies, pasted images)",
        "nothing WeChat needs: copies made for a drag, a paste or a save",
        "layout §3.3 [A29] [A37] (temp/InputTemp, temp/ImageTemp rebuildable); conf#24"),
    row("cache", "other caches", (Some(C::Cache), None), Tier::Rebuilt,
        "other caches (resource downloads, update and plug-in caches)",
        NOT_DOCUMENTED,
        "layout §1.2 [S10]; conf §2.14 (Library/Caches)"),
    row("xlog", "WeChat logs (.xlog)", (Some(C::Log), Some(K::Xlog)), Tier::Rebuilt,
        "WeChat's own logs (.xlog)",
        "WeChat starts new log files; old ones only serve Tencent's diagnostics",
        "conf#7 (tw93/Mole PR #1544 measured and cleans app_data/log; cleanup scripts delete *.xlog); conf#16"),
    row("crash", "crash reports", (Some(C::Log), Some(K::Crash)), Tier::Rebuilt,
        "crash reports",
        "nothing: they describe past crashes; a new crash writes a new report",
        "conf#10, conf#41 (crashinfo, DiagnosticReports)"),
    row("log", "other logs", (Some(C::Log), None), Tier::Rebuilt,
        "other logs (repair logs, performance records)",
        NOT_DOCUMENTED,
        "layout §3.3 [A19]; conf §2.7"),
    row("avatar", "avatars", (Some(C::Media), Some(K::Avatar)), Tier::Rebuilt,
        "avatars WeChat downloaded",
        "WeChat downloads avatars again from wx.qlogo.cn when they are shown",
        "layout §2.1 [S4], §3.1 [A19] [A31] (avatar caches); layout §5 (wx.qlogo.cn serves avatars)"),
    row("media", "media and received files", (Some(C::Media), None), Tier::OnlyCopy,
        "images, videos, voice, stickers and files received or sent",
        "gone from this Mac: WeChat shows them as expired unless the server still has them",
        "layout §2.4, §3.3 (MessageTemp, msg/attach, msg/video, msg/file)"),
    row("backup", "backups", (Some(C::Backup), None), Tier::Keep,
        "backups",
        "the backup is gone",
        "conf#33, conf#34"),
    row("unknown", "not known", (None, None), Tier::Keep,
        "files whose use is not known",
        "not known: WeChat may need them, so they are kept",
        "nothing documents them"),
];

/// The first row of [`TIER_RULES`] that `f` matches, its index; `in_use`
/// says whether [`crate::classify::in_use`] holds for it.
pub fn first_row(f: &Lone, in_use: bool) -> usize {
    if in_use {
        return 0;
    }
    let path = f.dir;
    TIER_RULES
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, r)| {
            r.category.is_none_or(|c| c == f.category)
                && r.kind.is_none_or(|k| k == f.kind)
                && r.name.is_none_or(|n| f.name == n)
                && r.within.is_none_or(|w| format!("/{path}/").contains(w))
        })
        .map_or(TIER_RULES.len() - 1, |(i, _)| i)
}

/// The extra copies of identical files (`mod.rs` decides which copy stays).
pub const DUPLICATE: TierRule = row(
    "duplicate",
    "extra copies",
    (None, None),
    Tier::Duplicate,
    "extra copies of identical media and received files (one copy of each stays)",
    "nothing is lost while the copy that stays is kept: WeChat shows that copy only where it lies, so a chat whose copy went may show the file as expired",
    "identical by SHA-256 (dupes); LC044/WeChatMsg #318, hicccc77/WeFlow #1127 (received files kept twice)",
);

/// What a leftover is: one row per kind of leftover `leftovers.rs` finds.
pub const LEFTOVER_RULES: &[TierRule] = &[
    row("old_backup", "old_backup shards", (None, None), Tier::Leftover,
        "old_backup shards: the 3.x phone-backup store copied at the 3.x → 4.x upgrade",
        "the phone backups 3.x kept are gone unless 4.x carried them over: open the chats in 4.x and check the history first",
        "conf#34 (old_backup/<h32>/<UUID>/BAK_N_*, 2 GB shards, <h32> = the 3.x account); orange2ai/disk-raccoon #1"),
    row("old_tree", "3.x tree beside 4.x", (None, None), Tier::Leftover,
        "a WeChat 3.x tree in a container that now holds WeChat 4.x",
        "3.x's chats, media and files that the migration did not carry over, and 4.x may still read migrated history from it: open the chats in 4.x and check the history first",
        "layout §1 and caveat 1 (the upgrade leaves 2.0b4.0.9 intact; 4.x may read migrated history from it) [S10] [A27]"),
    row("placeholder", "placeholder account", (None, None), Tier::Leftover,
        "a placeholder account folder (md5 of an empty name), no person's data",
        "nothing a person made: the folder is named md5(\"\")",
        "layout §2.1; real-macs.tsv (d41d8cd98f00b204e9800998ecf8427e beside real accounts)"),
    row("pre_sandbox", "pre-sandbox folder", (None, None), Tier::Leftover,
        "a folder from before WeChat ran in its sandbox container",
        "what an old, unsandboxed WeChat kept; a WeChat re-signed to run without the sandbox writes here too (check the newest write)",
        "layout §1.1 and caveat 4 (non-sandboxed copies) [S11] [S23]; conf#10, conf#42 (a re-signed WeChat runs without the sandbox)"),
    row("idle_container", "idle clone or helper", (None, None), Tier::Leftover,
        "a clone or helper container with data but no write in the last 180 days",
        "that clone's or helper's own data (its logins and chats, for a clone)",
        "layout §1.1 (clones, helper containers) [A6] [A7] [S11]; conf#42"),
];
