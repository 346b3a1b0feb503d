//! Where WeChat keeps what: the fixed anchors of its layout as named
//! constants, and the shapes of the folder names it generates. Facts:
//! `../shared/reference/wechat-macos-layout.md` §1–3 and
//! `layout-confirmations.md`.

use crate::model::Role;

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
        || name.ends_with("com.tencent.xinWeChat.IPCHelper")
}

/// A WeChat bundle id as macOS records it (a TCC client, a quarantine
/// agent, a Notification Center app, a netusage bundle name): the
/// locator's list ([`is_wechat_container`]) matched case-insensitively,
/// since Notification Center stores ids lower-cased
/// (macos-records.md lines 65–66), plus the nested bundles of the
/// Weixin-branded 4.x app (`com.tencent.xWechat.DebugHelper`,
/// layout-confirmations row 27).
pub fn is_wechat_bundle_id(id: &str) -> bool {
    let id = id.trim().to_ascii_lowercase();
    id == "com.tencent.xwechat"
        || id.starts_with("com.tencent.xwechat.")
        || id.starts_with("com.tencent.xinwechat")
        || id.ends_with("com.tencent.xinwechat.ipchelper")
}

/// WeChat's process and app names: `WeChat` (`/Applications/WeChat.app`),
/// `Weixin` (the Weixin-branded 4.x build) and `WeChatAppEx` (the
/// mini-program runtime) — layout §1.1 (wechat-macos-layout.md line 49),
/// layout-confirmations row 27.
pub const WECHAT_PROCESS_NAMES: &[&str] = &["WeChat", "Weixin", "WeChatAppEx"];

/// A process name of WeChat's, case-insensitively.
pub fn is_wechat_process_name(name: &str) -> bool {
    WECHAT_PROCESS_NAMES
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name.trim()))
}

/// A path inside a WeChat app bundle (`…/WeChat.app/Contents/MacOS/WeChat`,
/// `…/Weixin.app/…`): a TCC client of `client_type` 1 (macos-records.md
/// line 32).
pub fn is_wechat_app_path(path: &str) -> bool {
    path.split('/').any(|c| {
        c.len() > 4
            && c[c.len() - 4..].eq_ignore_ascii_case(".app")
            && is_wechat_process_name(&c[..c.len() - 4])
    })
}

/// Places WeChat keeps things directly in a home folder, outside the
/// containers: a folder relative to the home, a pattern for entries in it
/// (`*` any run of characters), the role, and the source. Together with the
/// containers these cover the Homebrew cask's `zap` list.
#[rustfmt::skip]
pub const HOME_PLACES: &[(&str, &str, Role, &str)] = &[
    ("Library/Application Support", "com.tencent.xinWeChat", Role::MainData, "layout §1.1 [S22] unsandboxed data root"),
    ("Library/Application Support", "Wechat", Role::PreSandbox, "old Homebrew cask v1 zap list (WeChat 1.x/2.x)"),
    ("Library", "WechatPrivate", Role::PreSandbox, "old Homebrew cask v1 zap list (WeChat 1.x/2.x)"),
    ("Library/Caches", "com.tencent.xinWeChat", Role::Caches, "layout §1.1 [S11] [S10]; cask zap"),
    ("Library/Caches/com.plausiblelabs.crashreporter.data", "com.tencent.xinWeChat", Role::CrashReporterCache, "cask zap (PLCrashReporter)"),
    ("Library/HTTPStorages", "com.tencent.xinWeChat*", Role::Caches, "layout §1.2 [S10]"),
    ("Library/Cookies", "com.tencent.xinWeChat.binarycookies", Role::Cookies, "layout §1.1 [S11]"),
    ("Library/Preferences", "com.tencent.xinWeChat.plist", Role::Preferences, "layout §1.1 [S11] [A3]"),
    ("Library/Saved Application State", "com.tencent.xinWeChat.savedState", Role::WindowState, "layout §1.1 [S11]"),
    ("Library/LaunchAgents", "com.tencent.*.plist", Role::LaunchAgent, "real-macs.tsv: old cask zap com.tencent.xin.WeChatHelper.plist"),
    ("Library/Application Support/FileProvider", "com.tencent.xinWeChat*", Role::FileProvider, "layout §1.1 [A4]"),
    ("Library/Application Scripts", "*com.tencent.xinWeChat*", Role::AppScripts, "layout §1.1 [S11] cask zap"),
    ("Library/Logs/DiagnosticReports", "WeChat-*.ips", Role::CrashReports, "conf#41; real-macs.tsv WeChat-2026-08-01-165733.ips"),
    ("Library/Logs/DiagnosticReports", "WeChat_*.crash", Role::CrashReports, "conf#41 (older macOS crash-report names)"),
    ("Library/Logs/DiagnosticReports", "WeChat_*.hang", Role::CrashReports, "conf#41 (older macOS hang-report names)"),
    ("Library/Logs/DiagnosticReports/Retired", "WeChat*", Role::CrashReports, "conf#41 (reports macOS has retired)"),
    ("Documents", "MMappedKV", Role::Leak, "layout §1.1 [S23] TKkk#28"),
    ("Documents", "app_data", Role::Leak, "real-macs.tsv: Documents/app_data/crashinfo from an unsandboxed clone"),
    ("Documents/.rqd", "com.Tencent.*", Role::Leak, "layout §1.1 [S23]"),
];

/// A simple name pattern: `*` matches any run of characters.
pub fn name_matches(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if name.len() < first.len() + last.len() || !name.starts_with(first) || !name.ends_with(last) {
        return false;
    }
    let mut pos = first.len();
    let end = name.len() - last.len();
    for mid in &parts[1..parts.len() - 1] {
        match name[pos..end].find(mid) {
            Some(i) => pos += i + mid.len(),
            None => return false,
        }
    }
    true
}

/// The role of a WeChat sandbox container by its bundle id: the app itself,
/// a multi-instance clone, or a helper (extension) container (layout §1.1).
pub fn container_role(bundle: &str) -> Role {
    const MAIN: &[&str] = &["com.tencent.xinWeChat", "com.tencent.xWeChat"];
    const HELPERS: &[&str] = &[".MiniProgram", ".WeChatMacShare", ".IPCHelper", "Share"];
    if MAIN.contains(&bundle) {
        Role::MainData
    } else if HELPERS.iter().any(|h| bundle.ends_with(h)) {
        Role::HelperContainer
    } else {
        Role::Clone
    }
}

/// md5 of the empty string: a 3.x "account" folder of that name sits
/// beside real accounts on real Macs and belongs to nobody (real-macs.tsv,
/// hicccc77/WeFlow#541).
pub const EMPTY_NAME_MD5: &str = "d41d8cd98f00b204e9800998ecf8427e";

/// Folders macOS mirrors into a sandbox container's `Data/` as links to the
/// user's own folders: never WeChat data (real-macs.tsv: 24 GB of a
/// Desktop mistaken for WeChat's).
pub const MIRROR_LINKS: &[&str] = &[
    "Desktop",
    "Downloads",
    "Movies",
    "Music",
    "Pictures",
    "Library/Keychains",
];

/// True for a link (root-relative path) that is a sandbox mirror of the
/// user's own folder: `…/Containers/<bundle>/Data/<mirror>`.
pub fn is_mirror_link(rel: &str) -> bool {
    MIRROR_LINKS.iter().any(|m| {
        rel.strip_suffix(m)
            .and_then(|p| p.strip_suffix('/'))
            .is_some_and(|p| p == "Data" || p.ends_with("/Data"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wechat_ids_and_paths_in_any_case() {
        for id in [
            "com.tencent.xinWeChat",
            "com.tencent.xinwechat",
            "COM.TENCENT.XWECHAT",
            "com.tencent.xWechat.DebugHelper",
            "com.tencent.xinWeChat.MiniProgram",
        ] {
            assert!(is_wechat_bundle_id(id), "{id}");
        }
        for id in [
            "com.apple.Safari",
            "com.tencent.qq",
            "com.tencent.xwechatx",
            "",
        ] {
            assert!(!is_wechat_bundle_id(id), "{id}");
        }
        assert!(is_wechat_app_path(
            "/Applications/WeChat.app/Contents/MacOS/WeChat"
        ));
        assert!(is_wechat_app_path("/Applications/weixin.APP"));
        assert!(!is_wechat_app_path(
            "/Applications/Safari.app/Contents/MacOS/Safari"
        ));
        assert!(!is_wechat_app_path("/usr/local/bin/WeChat"));
        assert!(is_wechat_process_name("wechat"));
    }
}
