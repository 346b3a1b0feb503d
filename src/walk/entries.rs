//! What the walker records of entries that are not regular files: links
//! (with their target, never followed), FIFOs, sockets and devices (never
//! opened), and — only when asked ([`WalkOptions::stats`]) — what `lstat`
//! says of each of them and of every folder, so that an export that
//! writes every entry with its own size (`scan --format ncdu`) needs no
//! second walk.
//!
//! [`WalkOptions::stats`]: super::WalkOptions::stats

use std::ffi::{CStr, OsStr};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustix::fd::OwnedFd;
use rustix::fs::FileType;

use super::{special_kind, Ctx, Found, Visitor};
use crate::fsio::{stat_at, FileMeta};
use crate::layout::WalkRoot;
use crate::model::{EntryStat, RelPath, Special, StatKind};

fn entry(path: Arc<str>, kind: StatKind, m: &FileMeta) -> EntryStat {
    EntryStat {
        path,
        kind,
        size: m.size,
        allocated: m.blocks.saturating_mul(512),
        dev: m.dev,
        ino: m.ino,
        unlisted: false,
    }
}

impl<V: Visitor> Ctx<'_, V> {
    /// A folder just opened for listing: its own `fstat`, when asked; its
    /// root-relative path then, for its files to share (one allocation per
    /// folder for both).
    pub(super) fn stat_folder(
        &self,
        found: &mut Found,
        root: &WalkRoot,
        inner: &str,
        fd: &OwnedFd,
    ) -> Option<Arc<str>> {
        if !self.stats {
            return None;
        }
        // The folder itself, through the descriptor just opened.
        if let Ok(m) = stat_at(fd, c".") {
            let rel: Arc<str> = RelPath::join(&root.rel, inner).into();
            found.stats.push(entry(rel.clone(), StatKind::Folder, &m));
            return Some(rel);
        }
        None
    }

    /// A folder that could not be listed: its `lstat`, marked unlisted.
    pub(super) fn stat_unlisted(&self, found: &mut Found, rel: &str, abs: &Path) {
        if !self.stats {
            return;
        }
        if let Ok(m) = std::fs::symlink_metadata(abs) {
            found.stats.push(EntryStat {
                path: rel.into(),
                kind: StatKind::Folder,
                size: m.len(),
                allocated: m.blocks().saturating_mul(512),
                dev: m.dev(),
                ino: m.ino(),
                unlisted: true,
            });
        }
    }

    /// A symbolic link: its target (never followed), and its `lstat` when
    /// asked.
    pub(super) fn symlink(
        &self,
        found: &mut Found,
        rel: String,
        link: &Path,
        (fd, name): (&OwnedFd, &CStr),
        root: &WalkRoot,
    ) {
        match rustix::fs::readlinkat(fd, name, Vec::new()) {
            Ok(target) => {
                let target = PathBuf::from(OsStr::from_bytes(target.as_bytes()));
                if self.stats {
                    if let Ok(m) = stat_at(fd, name) {
                        found
                            .stats
                            .push(entry(rel.as_str().into(), StatKind::Link, &m));
                    }
                }
                found.links.push(self.link(rel, link, &target));
            }
            Err(e) => self.warn(found, rel, &e.into(), root),
        }
    }

    /// A FIFO, socket or device: listed, never opened; its `lstat` when
    /// asked.
    pub(super) fn special(
        &self,
        found: &mut Found,
        rel: String,
        ft: FileType,
        (fd, name): (&OwnedFd, &CStr),
    ) {
        if self.stats {
            if let Ok(m) = stat_at(fd, name) {
                found
                    .stats
                    .push(entry(rel.as_str().into(), StatKind::Special, &m));
            }
        }
        found.specials.push(Special {
            path: rel,
            kind: special_kind(ft).into(),
        });
    }
}
