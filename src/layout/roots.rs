//! The walk's coordinates: a [`WalkRoot`] is one folder to walk, where it
//! stands (relative to the scan root, its install, its role) and how the
//! paths below it map to logical paths ([`Mapping`]). Every module that
//! places a file starts from here; `homes` and `locate` make them through
//! one constructor.

use std::fs;
use std::path::PathBuf;

use super::anchors::*;
use crate::model::Role;

/// Logical prefixes that hold the same layout one level down, and the
/// prefix they stand for.
pub(super) const NESTED: &[(&str, &str)] = &[
    ("Library/Containers/com.tencent.xinWeChat/Data", ""),
    ("Documents/app_data/xwechat_files", XWECHAT_FILES),
];

/// How paths below a walk root map to logical paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapping {
    /// A sandbox container: `Data/x` → `x`, anything else → `$container/x`.
    Container,
    /// The app-group container: `x` → `$group/x`.
    Group,
    /// A fixed prefix (empty, or ending in `/`).
    Prefix(String),
}

/// One folder (or file) to walk.
#[derive(Debug, Clone)]
pub struct WalkRoot {
    /// Absolute path.
    pub abs: PathBuf,
    /// Path relative to the scan root, `/`-separated, "" for the root itself.
    pub rel: String,
    /// How paths below it map to logical paths.
    pub mapping: Mapping,
    /// Install label: the container path relative to the scan root, or
    /// `~` for data outside any container.
    pub container: String,
    /// Bundle id of its container, if any.
    pub bundle_id: Option<String>,
    /// What the place is to WeChat.
    pub role: Role,
    /// Its position in [`Layout::walk_roots`] (files record it, so that each
    /// location can be totalled).
    pub index: u16,
}

impl WalkRoot {
    /// The logical path of `inner`, a path relative to this walk root.
    pub fn logical(&self, inner: &str) -> String {
        let mut out = String::new();
        self.logical_into(inner, &mut out);
        out
    }

    /// [`WalkRoot::logical`] into a reused buffer (the walker's hot path).
    pub fn logical_into(&self, inner: &str, out: &mut String) {
        let start = out.len();
        self.logical_raw(inner, out);
        // Two real layouts are the same layout one level down: a container
        // nested inside the container by a multi-instance launcher, and an
        // `xwechat_files` tree inside `app_data` (real-macs.tsv).
        for (nested, same) in NESTED {
            if out[start..].starts_with(nested)
                && matches!(out.as_bytes().get(start + nested.len()), None | Some(b'/'))
            {
                // An empty replacement takes the `/` after the prefix along.
                let end = if same.is_empty() {
                    (start + nested.len() + 1).min(out.len())
                } else {
                    start + nested.len()
                };
                out.replace_range(start..end, same);
                break;
            }
        }
    }

    /// The logical path the files directly in folder `inner` share: their
    /// folder's logical path and a `/`, their names left out (what
    /// attribution reads of a file is its folders; an empty name stands for
    /// any of them). For a container's own folder that is `$container/`,
    /// for its `Data` the empty path.
    pub fn folder_logical_into(&self, inner: &str, out: &mut String) {
        if inner.is_empty() {
            self.logical_into("", out);
        } else {
            let mut child = String::with_capacity(inner.len() + 1);
            child.push_str(inner);
            child.push('/');
            self.logical_into(&child, out);
        }
    }

    fn logical_raw(&self, inner: &str, out: &mut String) {
        match &self.mapping {
            Mapping::Container => match inner.strip_prefix("Data/") {
                Some(rest) => out.push_str(rest),
                None if inner == "Data" => {}
                None => {
                    out.push_str("$container/");
                    out.push_str(inner);
                }
            },
            Mapping::Group => {
                out.push_str("$group/");
                out.push_str(inner);
            }
            Mapping::Prefix(p) => {
                out.push_str(p);
                out.push_str(inner);
            }
        }
    }

    /// The logical path of this root itself (for a container, of `Data/`).
    pub(super) fn base(&self) -> &str {
        match &self.mapping {
            Mapping::Container => "",
            Mapping::Group => "$group/",
            Mapping::Prefix(p) => p,
        }
    }

    /// Names in a logical directory as seen from this root: a real listing
    /// where the root covers it, the one path component that leads down to
    /// the root where the directory is above the root, else nothing.
    pub(super) fn list(&self, logical_dir: &str) -> Vec<String> {
        let dir = logical_dir.trim_end_matches('/');
        if let Some(abs) = self.abs_of(dir) {
            let mut names: Vec<String> = match fs::read_dir(&abs) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok())
                    .filter(|e| e.file_type().map(|t| t.is_dir()).unwrap_or(false))
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect(),
                Err(_) => Vec::new(),
            };
            names.sort();
            return names;
        }
        let base = self.base().trim_end_matches('/');
        match base.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
            Some(rest) => rest
                .split('/')
                .next()
                .map(|s| vec![s.to_string()])
                .unwrap_or_default(),
            None => Vec::new(),
        }
    }

    /// True when a logical directory exists as seen from this root.
    pub(super) fn has_dir(&self, logical_dir: &str) -> bool {
        let dir = logical_dir.trim_end_matches('/');
        if let Some(abs) = self.abs_of(dir) {
            return fs::symlink_metadata(abs)
                .map(|m| m.is_dir())
                .unwrap_or(false);
        }
        let base = self.base().trim_end_matches('/');
        base.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))
    }

    /// The absolute path of a logical path this root covers.
    pub(super) fn abs_of(&self, logical: &str) -> Option<PathBuf> {
        match &self.mapping {
            Mapping::Container => {
                if logical.starts_with('$') {
                    return None;
                }
                Some(if logical.is_empty() {
                    self.abs.join("Data")
                } else {
                    self.abs.join("Data").join(logical)
                })
            }
            Mapping::Group => logical.strip_prefix("$group/").map(|r| self.abs.join(r)),
            Mapping::Prefix(p) => {
                let p = p.trim_end_matches('/');
                if p.is_empty() {
                    return Some(if logical.is_empty() {
                        self.abs.clone()
                    } else {
                        self.abs.join(logical)
                    });
                }
                if logical == p {
                    return Some(self.abs.clone());
                }
                logical
                    .strip_prefix(p)
                    .and_then(|r| r.strip_prefix('/'))
                    .map(|r| self.abs.join(r))
            }
        }
    }
}

impl WalkRoot {
    /// A root at `abs` (the scan root itself: `rel` empty, install `.`),
    /// mapped by `mapping`, of `role`. Its index is set when the layout
    /// lists its roots.
    pub fn new(abs: PathBuf, mapping: Mapping, role: Role) -> WalkRoot {
        WalkRoot {
            abs,
            rel: String::new(),
            mapping,
            container: ".".into(),
            bundle_id: None,
            role,
            index: 0,
        }
    }

    /// The same root, found at `rel` below the scan root, in the install
    /// labelled `container`.
    pub fn below(self, rel: String, container: String) -> WalkRoot {
        WalkRoot {
            rel,
            container,
            ..self
        }
    }

    /// The same root, in the container of bundle id `id`.
    pub fn of_bundle(self, id: impl Into<String>) -> WalkRoot {
        WalkRoot {
            bundle_id: Some(id.into()),
            ..self
        }
    }
}
