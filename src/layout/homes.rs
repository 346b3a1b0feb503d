//! The places WeChat keeps things under a home folder (containers, the
//! group container, [`HOME_PLACES`]), and the home folders in a folder of
//! homes (`/Users`).

use std::fs;
use std::path::Path;

use super::anchors::*;
use super::roots::{Mapping, WalkRoot};
use crate::model::Role;

/// Every WeChat location under a home folder: its WeChat containers (the
/// app, clones, helpers), the group container, and the places of
/// [`HOME_PLACES`]. `prefix` is the home's path relative to the scan root
/// ("" for the root itself, `alice/` in a folder of homes).
pub fn home_roots(home: &Path, prefix: &str) -> Vec<WalkRoot> {
    let mut roots = Vec::new();
    let is_dir = |p: &Path| fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
    let tilde = format!("{prefix}~");
    for name in sorted_names(&home.join("Library/Containers")) {
        let abs = home.join("Library/Containers").join(&name);
        if is_wechat_container(&name) && is_dir(&abs) {
            let rel = format!("{prefix}Library/Containers/{name}");
            let role = container_role(&name);
            roots.push(
                WalkRoot::new(abs, Mapping::Container, role)
                    .below(rel.clone(), rel)
                    .of_bundle(name),
            );
        }
    }
    let group = home.join("Library/Group Containers").join(GROUP_CONTAINER);
    if is_dir(&group) {
        let rel = format!("{prefix}Library/Group Containers/{GROUP_CONTAINER}");
        roots.push(
            WalkRoot::new(group, Mapping::Group, Role::GroupContainer)
                .below(rel.clone(), rel)
                .of_bundle(GROUP_CONTAINER),
        );
    }
    for (dir, pattern, role, _source) in HOME_PLACES {
        for name in sorted_names(&home.join(dir)) {
            if !name_matches(pattern, &name) {
                continue;
            }
            let item = format!("{dir}/{name}");
            let abs = home.join(&item);
            // A single file (cookie jar, plist, crash report) has no
            // children: its logical path is the item itself, not `item/`.
            let logical = if is_dir(&abs) {
                format!("{item}/")
            } else {
                item.clone()
            };
            roots.push(
                WalkRoot::new(abs, Mapping::Prefix(logical), *role)
                    .below(format!("{prefix}{item}"), tilde.clone()),
            );
        }
    }
    roots
}

/// The names in a folder, sorted; none when it cannot be read.
pub fn sorted_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The home folders directly in `dir`, when there are any.
pub fn homes_in(dir: &Path) -> Option<Vec<String>> {
    let homes: Vec<String> = sorted_names(dir)
        .into_iter()
        .filter(|n| {
            is_home(&dir.join(n))
                && !fs::symlink_metadata(dir.join(n)).is_ok_and(|m| m.is_symlink())
        })
        .collect();
    (!homes.is_empty()).then_some(homes)
}

/// A home folder: it has WeChat's kind of `Library`.
pub fn is_home(p: &Path) -> bool {
    p.join("Library/Containers").is_dir() || p.join("Library/Group Containers").is_dir()
}
