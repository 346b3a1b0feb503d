//! Where WeChat's data is, and where in the layout a PATH stands.
//!
//! Every file is classified by its *logical path*: its position relative to
//! a container's `Data/` folder (which mirrors a home folder, so a
//! non-sandboxed copy under `~/Library/...` gets the same logical paths).
//! Entries of a container outside `Data/` get the prefix `$container/`,
//! entries of the group container `$group/`. The locator decides, for the
//! PATH given, which folders to walk and which logical prefix each carries;
//! it also lists installs and accounts with a few read-only `readdir`s.
//! Facts: `../shared/reference/wechat-macos-layout.md` §1–3 and
//! `layout-confirmations.md`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::anchors::*;
use super::homes::{home_roots, homes_in, is_home};
use super::roots::NESTED;
pub use super::roots::{Mapping, WalkRoot};
use crate::model::{Account, Generation, Install, Role};
use crate::Error;

/// A logical folder and the places of [`NESTED`] that hold the same layout
/// (where accounts may also be found).
fn variants(dir: &str) -> Vec<String> {
    let mut v = vec![dir.to_string()];
    for (nested, same) in NESTED {
        if same.is_empty() {
            v.push(format!("{nested}/{dir}"));
        } else if let Some(rest) = dir.strip_prefix(same) {
            v.push(format!("{nested}{rest}"));
        }
    }
    v
}

/// The result of locating.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The scan root, absolute.
    pub root: PathBuf,
    /// What to walk, with the logical prefix of each.
    pub walk_roots: Vec<WalkRoot>,
    /// Installs found (container × generation).
    pub installs: Vec<Install>,
    /// Account folders found.
    pub accounts: Vec<Account>,
    /// Account folder names, and 4.x ids without their `_xxxx` suffix, to
    /// the account id (for `all_users/login/<id>`, `Backup/<id>` …).
    pub account_aliases: BTreeMap<String, crate::model::shared::Shared>,
    /// The scan root is a single file, not a folder.
    pub root_is_file: bool,
    /// Some WeChat location was recognised (a container, the group
    /// container, a place under a home, a folder of WeChat's own layout);
    /// false for a folder with none, whose files are classified by content
    /// alone.
    pub recognised: bool,
}

impl Layout {
    /// The absolute path of a file of the inventory (exact bytes for a
    /// name that is not UTF-8).
    pub fn abs_path(&self, f: &crate::model::FileEntry) -> PathBuf {
        if self.root_is_file {
            return self.root.clone();
        }
        match &f.raw_path {
            Some(raw) => self.root.join(raw.as_path()),
            None => self.root.join(f.path.full()),
        }
    }
}

/// Finds WeChat's data from `path` (see the module docs).
pub fn locate(path: &Path) -> Result<Layout, Error> {
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let root = crate::fsio::absolute(path).map_err(|e| Error::io(path, e))?;
    let mut walk_roots = Vec::new();
    let mut recognised = true;
    if !meta.is_dir() {
        // A single file: its place in the layout is its folder's, plus its name.
        let name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parent = root.parent().map(|p| match as_container(p) {
            Some(mut c) => {
                c.mapping = Mapping::Prefix("$container/".into());
                c
            }
            None => known_inner_root(p).unwrap_or_else(|| {
                recognised = false;
                inner_root(p)
            }),
        });
        let (prefix, bundle_id) = match parent {
            Some(WalkRoot {
                mapping: Mapping::Prefix(p),
                bundle_id,
                ..
            }) => (p, bundle_id),
            _ => (String::new(), None),
        };
        let mapping = Mapping::Prefix(format!("{prefix}{name}"));
        let r = WalkRoot::new(root.clone(), mapping, Role::MainData);
        walk_roots.push(WalkRoot { bundle_id, ..r });
    } else if let Some(r) = as_container(&root) {
        walk_roots.push(r);
    } else if root.file_name().is_some_and(|n| n == GROUP_CONTAINER) {
        walk_roots.push(
            WalkRoot::new(root.clone(), Mapping::Group, Role::GroupContainer)
                .of_bundle(GROUP_CONTAINER),
        );
    } else if is_home(&root) {
        walk_roots = home_roots(&root, "");
    } else if let Some(homes) = homes_in(&root) {
        // A folder of home folders (`/Users`, a backup's `Users`).
        for h in homes {
            walk_roots.extend(home_roots(&root.join(&h), &format!("{h}/")));
        }
    } else if let Some(r) = known_inner_root(&root) {
        walk_roots.push(r);
    } else {
        recognised = false;
        walk_roots.push(inner_root(&root));
    }
    for (i, r) in walk_roots.iter_mut().enumerate() {
        r.index = u16::try_from(i).unwrap_or(u16::MAX);
    }
    let (installs, accounts) = installs_and_accounts(&walk_roots);
    let mut account_aliases = BTreeMap::new();
    for a in &accounts {
        let id: crate::model::shared::Shared = a.id.as_str().into();
        account_aliases.insert(a.id.clone(), id.clone());
        if let Some(base) = strip_account_suffix(&a.id) {
            account_aliases.entry(base.to_string()).or_insert(id);
        }
    }
    let walk_roots_empty = walk_roots.is_empty();
    Ok(Layout {
        root,
        walk_roots,
        installs,
        accounts,
        account_aliases,
        root_is_file: !meta.is_dir(),
        recognised: recognised && !walk_roots_empty,
    })
}

/// A container folder itself (`.../Containers/<bundle>` with `Data/`).
fn as_container(root: &Path) -> Option<WalkRoot> {
    let name = root.file_name()?.to_str()?;
    if is_wechat_container(name) && root.join("Data").is_dir() {
        let role = container_role(name);
        return Some(WalkRoot::new(root.to_path_buf(), Mapping::Container, role).of_bundle(name));
    }
    None
}

/// A PATH somewhere inside the layout: a container's `Data`, an
/// `xwechat_files` or `app_data` folder, a 3.x version folder, an account,
/// or anything below. The logical prefix comes from the path's own
/// components where they name the layout, else from what the folder holds.
fn inner_root(root: &Path) -> WalkRoot {
    known_inner_root(root).unwrap_or_else(|| {
        WalkRoot::new(
            root.to_path_buf(),
            Mapping::Prefix(String::new()),
            Role::MainData,
        )
    })
}

/// [`inner_root`] where the folder's place in WeChat's layout is known, by
/// its own name or its children's; `None` for a folder with no WeChat
/// layout in it.
fn known_inner_root(root: &Path) -> Option<WalkRoot> {
    let comps: Vec<String> = root
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let name = comps.last().cloned().unwrap_or_default();
    let prefix_of = |logical: String| {
        let prefix = if logical.is_empty() {
            logical
        } else {
            format!("{logical}/")
        };
        WalkRoot::new(root.to_path_buf(), Mapping::Prefix(prefix), Role::MainData)
    };
    // 1. By name, from the path's own components (innermost anchor wins).
    for i in (0..comps.len()).rev() {
        let rest = comps[i + 1..].join("/");
        let join = |base: &str| {
            if rest.is_empty() {
                base.to_string()
            } else {
                format!("{base}/{rest}")
            }
        };
        if comps[i] == "Data"
            && i >= 2
            && comps[i - 2] == "Containers"
            && is_wechat_container(&comps[i - 1])
        {
            let mut r = prefix_of(rest.clone());
            r.bundle_id = Some(comps[i - 1].clone());
            return Some(r);
        }
        if comps[i] == "xwechat_files" {
            return Some(prefix_of(join(XWECHAT_FILES)));
        }
        if comps[i] == "app_data" && i >= 1 && comps[i - 1] == "Documents" {
            return Some(prefix_of(join(APP_DATA)));
        }
        if comps[i] == "com.tencent.xinWeChat" && i >= 1 && comps[i - 1] == "Application Support" {
            return Some(prefix_of(join(APP_SUPPORT)));
        }
        if comps[i] == "com.tencent.xinWeChat" && i >= 1 && comps[i - 1] == "Caches" {
            return Some(prefix_of(join(LIB_CACHES)));
        }
    }
    // 2. By content: what the folder holds says what it is.
    let has = |p: &str| root.join(p).is_dir();
    let children: Vec<String> = fs::read_dir(root)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    if has(APP_SUPPORT) || has(XWECHAT_FILES) {
        return Some(prefix_of(String::new())); // a container's Data folder
    }
    if has("db_storage") || has("msg") {
        return Some(prefix_of(format!("{XWECHAT_FILES}/{name}")));
    }
    if is_h32(&name) && (has("Message") || has("Contact") || has("Session")) {
        return Some(prefix_of(format!("{APP_SUPPORT}/2.0b4.0.9/{name}")));
    }
    if children
        .iter()
        .any(|c| is_h32(c) && (root.join(c).join("Message").is_dir()))
    {
        return Some(prefix_of(format!("{APP_SUPPORT}/{name}")));
    }
    if children
        .iter()
        .any(|c| root.join(c).join("db_storage").is_dir())
        || has("all_users")
    {
        return Some(prefix_of(XWECHAT_FILES.to_string()));
    }
    if has("radium") || (has("net") && has("log")) {
        return Some(prefix_of(APP_DATA.into()));
    }
    None
}

/// Installs (one per container and generation) and their accounts.
fn installs_and_accounts(roots: &[WalkRoot]) -> (Vec<Install>, Vec<Account>) {
    // Group the roots of one container (a home's loose items share `~`).
    let mut by_container: BTreeMap<&str, Vec<&WalkRoot>> = BTreeMap::new();
    for r in roots {
        by_container
            .entry(r.container.as_str())
            .or_default()
            .push(r);
    }
    let mut installs = Vec::new();
    let mut accounts = Vec::new();
    for (container, rs) in by_container {
        let bundle_id = rs.iter().find_map(|r| r.bundle_id.clone());
        let data_prefix = |r: &WalkRoot| match r.mapping {
            Mapping::Container => format!("{}/Data/", r.rel),
            _ => r.rel.clone(),
        };
        // 3.x: version folders under Application Support, 32-hex accounts.
        let mut v3 = Install {
            path: container.to_string(),
            bundle_id: bundle_id.clone(),
            generation: Generation::V3,
            data_dir: APP_SUPPORT.into(),
            version_folders: vec![],
            accounts: vec![],
        };
        let mut v4 = Install {
            generation: Generation::V4,
            data_dir: XWECHAT_FILES.into(),
            ..v3.clone()
        };
        let mut found3 = false;
        let mut found4 = false;
        for r in &rs {
            for app_support in variants(APP_SUPPORT) {
                for ver in r
                    .list(&app_support)
                    .into_iter()
                    .filter(|v| is_version_folder(v))
                {
                    found3 = true;
                    if !v3.version_folders.contains(&ver) {
                        v3.version_folders.push(ver.clone());
                    }
                    let dir = format!("{app_support}/{ver}");
                    for acct in r.list(&dir).into_iter().filter(|a| is_h32(a)) {
                        let lp = format!("{dir}/{acct}");
                        let rel = join_rel(&data_prefix(r), &lp, r);
                        add_account(&mut v3, &mut accounts, acct, rel);
                    }
                }
            }
            for files in variants(XWECHAT_FILES) {
                if !r.has_dir(&files) {
                    continue;
                }
                found4 = true;
                for acct in r.list(&files) {
                    let lp = format!("{files}/{acct}");
                    let is_account = !NON_ACCOUNT.contains(&acct.as_str())
                        && (r.has_dir(&format!("{lp}/db_storage"))
                            || r.has_dir(&format!("{lp}/msg")));
                    if is_account {
                        let rel = join_rel(&data_prefix(r), &lp, r);
                        add_account(&mut v4, &mut accounts, acct, rel);
                    }
                }
            }
        }
        if found3 {
            installs.push(v3);
        }
        if found4 {
            installs.push(v4);
        }
    }
    (installs, accounts)
}

/// Adds an account folder to its install, once (several walk roots of one
/// container may see the same folder).
fn add_account(install: &mut Install, accounts: &mut Vec<Account>, id: String, path: String) {
    if install.accounts.contains(&id) {
        return;
    }
    install.accounts.push(id.clone());
    accounts.push(Account {
        placeholder: id == EMPTY_NAME_MD5,
        id,
        generation: install.generation,
        path,
        install: install.path.clone(),
        files: 0,
        bytes: 0,
    });
}

/// The scan-root-relative path of a logical path seen from root `r`.
fn join_rel(data_prefix: &str, logical: &str, r: &WalkRoot) -> String {
    match &r.mapping {
        Mapping::Container => format!("{data_prefix}{logical}"),
        Mapping::Group => r.rel.clone(),
        Mapping::Prefix(p) => {
            let p = p.trim_end_matches('/');
            let below = if p.is_empty() {
                Some(logical)
            } else {
                logical.strip_prefix(p).map(|x| x.trim_start_matches('/'))
            };
            match below {
                Some(b) if r.rel.is_empty() => {
                    if b.is_empty() {
                        ".".into()
                    } else {
                        b.to_string()
                    }
                }
                Some("") => r.rel.clone(),
                Some(b) => format!("{}/{b}", r.rel),
                // The account is the root itself or above it.
                None => {
                    if r.rel.is_empty() {
                        ".".into()
                    } else {
                        r.rel.clone()
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_h32("0123456789abcdef0123456789abcdef"));
        assert!(!is_h32("0123456789ABCDEF0123456789abcdef"));
        assert!(is_version_folder("2.0b4.0.9"));
        assert!(is_version_folder("3.8"));
        assert!(!is_version_folder("KeyValue"));
        assert!(!is_version_folder("2"));
        assert_eq!(strip_account_suffix("joyrush_2ffc"), Some("joyrush"));
        assert_eq!(
            strip_account_suffix("wxid_kdm0jksur2yh12_6804"),
            Some("wxid_kdm0jksur2yh12")
        );
        assert_eq!(strip_account_suffix("all_users"), None);
        assert!(is_wechat_container("com.tencent.xinWeChat"));
        assert!(is_wechat_container("com.tencent.xinWeChat2"));
        assert!(is_wechat_container("com.tencent.xinWeChat.dual.1"));
        assert!(is_wechat_container("com.tencent.xWeChat"));
        assert!(!is_wechat_container("com.tencent.WeWorkMac"));
    }

    #[test]
    fn container_mapping() {
        let r = WalkRoot::new("/x".into(), Mapping::Container, Role::MainData)
            .below("c".into(), "c".into());
        assert_eq!(r.logical("Data/Documents/a"), "Documents/a");
        // A nested container (multi-instance launcher) and an xwechat_files
        // inside app_data map onto the same layout.
        assert_eq!(
            r.logical("Data/Library/Containers/com.tencent.xinWeChat/Data/Documents/xwechat_files/w_1a2b/msg"),
            "Documents/xwechat_files/w_1a2b/msg"
        );
        assert_eq!(
            r.logical("Data/Documents/app_data/xwechat_files/w_1a2b/msg/file"),
            "Documents/xwechat_files/w_1a2b/msg/file"
        );
        assert!(name_matches("WeChat-*.ips", "WeChat-2026-08-01-165733.ips"));
        assert!(name_matches(
            "*com.tencent.xinWeChat*",
            "5A4RE8SF68.com.tencent.xinWeChat.IPCHelper"
        ));
        assert!(!name_matches("WeChat_*.crash", "WeChat-1.ips"));
        assert_eq!(container_role("com.tencent.xinWeChat2"), Role::Clone);
        assert_eq!(
            container_role("com.tencent.xinWeChat.MiniProgram"),
            Role::HelperContainer
        );
        assert_eq!(container_role("com.tencent.xWeChat"), Role::MainData);
        assert_eq!(
            r.logical(".com.apple.containermanagerd.metadata.plist"),
            "$container/.com.apple.containermanagerd.metadata.plist"
        );
    }

    #[test]
    fn inner_paths_by_name() {
        let t = tempfile::tempdir().unwrap();
        let acct = t.path().join("Documents/xwechat_files/wxid_a_1a2b");
        fs::create_dir_all(acct.join("db_storage")).unwrap();
        let l = locate(&acct).unwrap();
        assert_eq!(
            l.walk_roots[0].mapping,
            Mapping::Prefix("Documents/xwechat_files/wxid_a_1a2b/".into())
        );
        assert_eq!(l.accounts.len(), 1);
        assert_eq!(l.accounts[0].id, "wxid_a_1a2b");
        assert_eq!(l.accounts[0].path, ".");
        // A copied account folder with no anchors is found by content.
        let loose = t.path().join("evidence/jingmiao0924_5519");
        fs::create_dir_all(loose.join("msg")).unwrap();
        let l = locate(&loose).unwrap();
        assert_eq!(l.accounts[0].id, "jingmiao0924_5519");
        assert_eq!(l.installs[0].generation, Generation::V4);
    }
}
