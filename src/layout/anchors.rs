//! Where WeChat keeps what: the fixed anchors of its layout as named
//! constants, and the shapes of the folder names it generates. Facts:
//! `../shared/reference/wechat-macos-layout.md` §1–3 and
//! `layout-confirmations.md`.

/// `Library/Application Support/com.tencent.xinWeChat`: the 3.x data root
/// inside `Data/` (layout §2).
pub const APP_SUPPORT: &str = "Library/Application Support/com.tencent.xinWeChat";
/// `Documents/xwechat_files`: the 4.x data root inside `Data/` (layout §3).
pub const XWECHAT_FILES: &str = "Documents/xwechat_files";
/// `Documents/app_data`: 4.x app-global data inside `Data/` (layout §3.4).
pub const APP_DATA: &str = "Documents/app_data";
/// `Library/Caches/com.tencent.xinWeChat`: 3.x caches and logs (layout §1.2).
pub const LIB_CACHES: &str = "Library/Caches/com.tencent.xinWeChat";
/// The app-group container, Team ID 5A4RE8SF68 (layout §1.1).
pub const GROUP_CONTAINER: &str = "5A4RE8SF68.com.tencent.xinWeChat";

/// Folders beside the account folders that are not accounts (layout §2.1
/// and §3.1; layout-confirmations rows 33–35).
pub const NON_ACCOUNT: &[&str] = &[
    "all_users",
    "Backup",
    "old_backup",
    "WMPF",
    "KeyValue",
    "MMappedKV",
    "Avatar",
    "CrashReport",
    "CGI",
    "MMResourceMgr",
    "WeVoIP",
    "log",
    ".DS_Store",
];

/// A 3.x account folder: 32 lower-case hex digits (layout §2.1).
pub fn is_h32(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A 3.x version folder such as `2.0b4.0.9` (LifeArchive's pattern
/// `^\d+(\.\d+)+(b\d+(\.\d+)*)?$`, layout §2.1).
pub fn is_version_folder(s: &str) -> bool {
    let (main, beta) = match s.split_once('b') {
        Some((m, b)) => (m, Some(b)),
        None => (s, None),
    };
    let nums = |t: &str, min: usize| {
        let parts: Vec<&str> = t.split('.').collect();
        parts.len() >= min
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    nums(main, 2) && beta.is_none_or(|b| nums(b, 1))
}

/// The `_xxxx` suffix of a 4.x account folder removed (`joyrush_2ffc` →
/// `joyrush`; layout-confirmations §2.4).
pub fn strip_account_suffix(s: &str) -> Option<&str> {
    let (base, suffix) = s.rsplit_once('_')?;
    (suffix.len() == 4 && suffix.bytes().all(|b| b.is_ascii_hexdigit()) && !base.is_empty())
        .then_some(base)
}

/// A WeChat sandbox container's bundle id: the main app, its Weixin-branded
/// 4.x sibling, multi-instance clones and extension containers (layout
/// §1.1 and §6.4).
pub fn is_wechat_container(name: &str) -> bool {
    name == "com.tencent.xWeChat"
        || name.starts_with("com.tencent.xinWeChat")
        || (name.ends_with("com.tencent.xinWeChat.IPCHelper"))
}

/// Items WeChat keeps directly in a home folder (non-sandboxed builds,
/// leftovers; layout §1.1, confirmations row 38 and 42).
pub const HOME_ITEMS: &[&str] = &[
    "Library/Application Support/com.tencent.xinWeChat",
    LIB_CACHES,
    "Library/Cookies/com.tencent.xinWeChat.binarycookies",
    "Library/Preferences/com.tencent.xinWeChat.plist",
    "Library/HTTPStorages/com.tencent.xinWeChat",
    "Library/HTTPStorages/com.tencent.xinWeChat.binarycookies",
    "Library/Saved Application State/com.tencent.xinWeChat.savedState",
    "Library/Application Support/FileProvider/com.tencent.xinWeChat.WeChatFileProviderExtension",
    "Documents/MMappedKV",
    APP_DATA,
];
