//! The parallel, read-only walk.
//!
//! The file type comes from the directory entry (`d_type`; the `ignore`
//! crate falls back to `lstat` where the file system gives none). A regular
//! file is opened once with `O_NOFOLLOW | O_NONBLOCK` and `fstat`ed through
//! the descriptor (DESIGN.md invariant 3): one path lookup, no window in
//! which a swapped-in FIFO or link could be followed. Links are recorded
//! with their target, never followed; FIFOs, sockets and devices are listed
//! and never opened. Each worker thread keeps its own accumulator, merged
//! once when the thread ends (no lock per file).

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use ignore::{DirEntry, WalkBuilder, WalkState};

use crate::classify::{attribute, classify, generation_of, hint_for, keep_detail, resolve_account};
use crate::inventory::{FileEntry, Format, Link, Month, Mtime, Special, Warning, WarningKind};
use crate::locate::{Layout, WalkRoot};
use crate::rules::RuleSet;
use crate::sniff::{sniff, Detail, Sniffed};

/// Options of one walk.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Worker threads; 0 = one per core.
    pub threads: usize,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct WalkResult {
    pub files: Vec<FileEntry>,
    pub links: Vec<Link>,
    pub specials: Vec<Special>,
    pub warnings: Vec<Warning>,
}

#[derive(Default)]
struct Acc {
    files: Vec<FileEntry>,
    links: Vec<Link>,
    specials: Vec<Special>,
    warnings: Vec<Warning>,
}

/// Walks every root of `layout`.
pub fn walk(
    layout: &Layout,
    rules: &RuleSet,
    opts: &WalkOptions,
    progress: &AtomicU64,
) -> WalkResult {
    let Some(first) = layout.walk_roots.first() else {
        return WalkResult::default();
    };
    let mut b = WalkBuilder::new(&first.abs);
    for r in &layout.walk_roots[1..] {
        b.add(&r.abs);
    }
    b.standard_filters(false)
        .hidden(false)
        .follow_links(false)
        .same_file_system(false);
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .min(12)
    } else {
        opts.threads
    };
    b.threads(threads);
    let merged: Mutex<Vec<Acc>> = Mutex::new(Vec::new());
    let ctx = Ctx { layout, rules };
    b.build_parallel().run(|| {
        let mut worker = Worker {
            ctx: &ctx,
            acc: Acc::default(),
            merged: &merged,
            scratch: Vec::new(),
            progress,
            pending: 0,
            logical: String::new(),
            last_chat: None,
        };
        Box::new(move |entry| {
            worker.visit(entry);
            WalkState::Continue
        })
    });
    let parts = merged.into_inner().unwrap_or_else(|e| e.into_inner());
    // Move, never copy, the per-thread records into one vector.
    let mut out = WalkResult::default();
    out.files
        .reserve_exact(parts.iter().map(|a| a.files.len()).sum());
    for mut a in parts {
        out.files.append(&mut a.files);
        out.links.append(&mut a.links);
        out.specials.append(&mut a.specials);
        out.warnings.append(&mut a.warnings);
    }
    out.files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    out.links.sort_by(|a, b| a.path.cmp(&b.path));
    out.specials.sort_by(|a, b| a.path.cmp(&b.path));
    out.warnings.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

struct Ctx<'a> {
    layout: &'a Layout,
    rules: &'a RuleSet,
}

struct Worker<'a> {
    ctx: &'a Ctx<'a>,
    acc: Acc,
    merged: &'a Mutex<Vec<Acc>>,
    scratch: Vec<usize>,
    progress: &'a AtomicU64,
    pending: u64,
    /// Reused buffer for the logical path of the current entry.
    logical: String,
    /// The last chat id seen: files of one chat folder share its allocation.
    last_chat: Option<std::sync::Arc<str>>,
}

impl Drop for Worker<'_> {
    fn drop(&mut self) {
        self.progress.fetch_add(self.pending, Ordering::Relaxed);
        let acc = std::mem::take(&mut self.acc);
        self.merged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(acc);
    }
}

/// Where an entry stands: its walk root, and its paths.
struct Place<'a> {
    root: &'a WalkRoot,
    /// Relative to the scan root, `/`-separated (lossy for non-UTF-8).
    rel: String,
    lossy: bool,
}

impl<'a> Worker<'a> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) {
        let dent = match entry {
            Ok(d) => d,
            Err(e) => return self.walk_error(e),
        };
        let Some(ft) = dent.file_type() else { return };
        if ft.is_dir() {
            return;
        }
        let path = dent.path();
        let Some(place) = self.place(path) else {
            return;
        };
        if ft.is_symlink() {
            self.link(path, place);
        } else if ft.is_file() {
            self.file(path, place);
        } else {
            let kind = if ft.is_fifo() {
                "fifo"
            } else if ft.is_socket() {
                "socket"
            } else if ft.is_block_device() {
                "block_device"
            } else if ft.is_char_device() {
                "char_device"
            } else {
                "other"
            };
            self.acc.specials.push(Special {
                path: place.rel,
                kind: kind.into(),
            });
        }
    }

    /// The walk root of `path`, its scan-relative path, and (into
    /// `self.logical`) its logical path.
    fn place(&mut self, path: &Path) -> Option<Place<'a>> {
        let layout = self.ctx.layout;
        // The deepest root containing the path (roots may nest in a home).
        let (root, inner_path) = layout
            .walk_roots
            .iter()
            .filter_map(|r| path.strip_prefix(&r.abs).ok().map(|inner| (r, inner)))
            .max_by_key(|(r, _)| r.abs.as_os_str().len())?;
        let (inner, lossy) = match inner_path.to_str() {
            Some(s) => (std::borrow::Cow::Borrowed(s), false),
            None => (inner_path.to_string_lossy(), true),
        };
        let rel = match (root.rel.is_empty(), inner.is_empty()) {
            (true, true) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            (true, false) => inner.clone().into_owned(),
            (false, true) => root.rel.clone(),
            (false, false) => {
                let mut r = String::with_capacity(root.rel.len() + 1 + inner.len());
                r.push_str(&root.rel);
                r.push('/');
                r.push_str(&inner);
                r
            }
        };
        self.logical.clear();
        if inner.is_empty() {
            if let crate::locate::Mapping::Prefix(p) = &root.mapping {
                self.logical.push_str(p.trim_end_matches('/'));
            }
        } else {
            root.logical_into(&inner, &mut self.logical);
        }
        Some(Place { root, rel, lossy })
    }

    fn link(&mut self, path: &Path, place: Place<'_>) {
        match std::fs::read_link(path) {
            Ok(target) => {
                let points = link_points(path, &target, &self.ctx.layout.root);
                let (t, _) = path_string(&target);
                self.acc.links.push(Link {
                    path: place.rel,
                    target: t,
                    points: points.into(),
                });
            }
            Err(e) => self.warn(place.rel, &e, place.root),
        }
    }

    fn file(&mut self, path: &Path, place: Place<'_>) {
        self.pending += 1;
        if self.pending >= 256 {
            self.progress.fetch_add(self.pending, Ordering::Relaxed);
            self.pending = 0;
        }
        let file = match open_no_follow(path) {
            Ok(f) => f,
            Err(e) => return self.warn(place.rel, &e, place.root),
        };
        let meta = match file.metadata() {
            Ok(m) => m,
            Err(e) => return self.warn(place.rel, &e, place.root),
        };
        if !meta.is_file() {
            // Replaced between listing and opening: list it, do not read.
            self.acc.specials.push(Special {
                path: place.rel,
                kind: "other".into(),
            });
            return;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let rule = self.ctx.rules.first_match(&self.logical, &mut self.scratch);
        let hint = hint_for(rule, &name);
        let size = meta.len();
        let sniffed = if is_dataless(&meta) {
            self.acc.warnings.push(Warning {
                path: place.rel.clone(),
                kind: WarningKind::Dataless,
                message: "iCloud placeholder (dataless): counted, not read, so that nothing is downloaded".into(),
            });
            Sniffed {
                format: Format::Unknown,
                encrypted: false,
                detail: Detail::None,
            }
        } else {
            match sniff(&file, size, hint) {
                Ok(s) => s,
                Err(e) => {
                    self.warn(place.rel.clone(), &e, place.root);
                    Sniffed {
                        format: Format::Unknown,
                        encrypted: false,
                        detail: Detail::None,
                    }
                }
            }
        };
        drop(file);
        let class = classify(rule, &sniffed);
        let attr = attribute(&self.logical);
        let account = resolve_account(attr.account_token, &self.ctx.layout.account_aliases);
        let chat = match (&account, attr.chat) {
            (Some(_), Some(c)) => Some(match &self.last_chat {
                Some(last) if &**last == c => last.clone(),
                _ => {
                    let arc: std::sync::Arc<str> = c.into();
                    self.last_chat = Some(arc.clone());
                    arc
                }
            }),
            _ => None,
        };
        let mtime = Mtime {
            secs: meta.mtime(),
            nanos: u32::try_from(meta.mtime_nsec()).unwrap_or(0),
        };
        let month = attr
            .month
            .and_then(Month::parse)
            .unwrap_or_else(|| mtime.month());
        let raw_path = place.lossy.then(|| {
            path.strip_prefix(&self.ctx.layout.root)
                .unwrap_or(path)
                .into()
        });
        self.acc.files.push(FileEntry {
            path: place.rel,
            lossy_name: place.lossy,
            size,
            allocated: meta.blocks() * 512,
            mtime: Some(mtime),
            category: class.category,
            kind: class.kind,
            format: class.format,
            encrypted: class.encrypted,
            chat,
            account,
            month: Some(month),
            sha256: None,
            inode: Some((meta.dev(), meta.ino())),
            nlink: meta.nlink(),
            generation: generation_of(&self.logical),
            raw_path,
            detail: keep_detail(sniffed.detail),
        });
    }

    fn walk_error(&mut self, e: ignore::Error) {
        let (path, io) = unpack_error(&e);
        let Some(path) = path else {
            self.acc.warnings.push(Warning {
                path: String::new(),
                kind: WarningKind::Unreadable,
                message: e.to_string(),
            });
            return;
        };
        let place = self.place(&path);
        let (rel, root) = match place {
            Some(p) => (p.rel, Some(p.root)),
            None => (path_string(&path).0, None),
        };
        let kind = if e.is_io() || io.is_some() {
            warning_kind(
                io.and_then(|e| e.raw_os_error()),
                root.is_some_and(|r| r.bundle_id.is_some()),
            )
        } else if matches!(e, ignore::Error::Loop { .. }) {
            WarningKind::LinkLoop
        } else {
            WarningKind::Unreadable
        };
        let message = message_for(
            kind,
            &io.map(|e| e.to_string()).unwrap_or_else(|| e.to_string()),
        );
        self.acc.warnings.push(Warning {
            path: rel,
            kind,
            message,
        });
    }

    fn warn(&mut self, rel: String, e: &io::Error, root: &WalkRoot) {
        let kind = warning_kind(e.raw_os_error(), root.bundle_id.is_some());
        self.acc.warnings.push(Warning {
            path: rel,
            kind,
            message: message_for(kind, &e.to_string()),
        });
    }
}

/// The path and I/O error inside an `ignore` error.
fn unpack_error(e: &ignore::Error) -> (Option<PathBuf>, Option<&io::Error>) {
    match e {
        ignore::Error::WithPath { path, err } => (Some(path.clone()), unpack_error(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            unpack_error(err)
        }
        ignore::Error::Loop { child, .. } => (Some(child.clone()), None),
        ignore::Error::Io(io) => (None, Some(io)),
        _ => (None, None),
    }
}

/// Opens a regular file read-only without following a link and without
/// blocking on a FIFO swapped in after listing. On Linux `O_NOATIME` keeps
/// access times too, where the caller may use it (owner or root).
pub fn open_no_follow(path: &Path) -> io::Result<File> {
    let base = libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC;
    #[cfg(target_os = "linux")]
    {
        match OpenOptions::new()
            .read(true)
            .custom_flags(base | libc::O_NOATIME)
            .open(path)
        {
            Err(e) if e.raw_os_error() == Some(libc::EPERM) => {}
            other => return other,
        }
    }
    OpenOptions::new().read(true).custom_flags(base).open(path)
}

/// The warning kind for an errno. `EPERM` inside a container is macOS
/// privacy protection (TCC), `EACCES` an ordinary permission error
/// (DESIGN.md invariant 4; Rust maps both to `PermissionDenied`).
pub fn warning_kind(errno: Option<i32>, in_container: bool) -> WarningKind {
    match errno {
        Some(libc::EPERM) if in_container => WarningKind::PrivacyProtected,
        Some(libc::EPERM) | Some(libc::EACCES) => WarningKind::PermissionDenied,
        Some(libc::ENOENT) | Some(libc::ENOTDIR) => WarningKind::Vanished,
        Some(libc::ELOOP) => WarningKind::LinkLoop,
        _ => WarningKind::Unreadable,
    }
}

fn message_for(kind: WarningKind, detail: &str) -> String {
    match kind {
        WarningKind::PrivacyProtected => format!(
            "macOS privacy protection refused access ({detail}); grant Full Disk Access to your terminal app \
             (System Settings → Privacy & Security → Full Disk Access) and run again"
        ),
        WarningKind::PermissionDenied => format!("permission denied ({detail})"),
        WarningKind::Vanished => format!("vanished while scanning ({detail})"),
        WarningKind::LinkLoop => format!("link loop ({detail})"),
        _ => detail.to_string(),
    }
}

/// True for an iCloud placeholder whose content is not on disk: reading
/// it would download it (`SF_DATALESS`, Apple TN3150).
pub fn dataless_flag(st_flags: u32) -> bool {
    const SF_DATALESS: u32 = 0x4000_0000;
    st_flags & SF_DATALESS != 0
}

#[cfg(target_os = "macos")]
fn is_dataless(meta: &std::fs::Metadata) -> bool {
    use std::os::macos::fs::MetadataExt as _;
    dataless_flag(meta.st_flags())
}

#[cfg(not(target_os = "macos"))]
fn is_dataless(_meta: &std::fs::Metadata) -> bool {
    false
}

/// A path as `/`-separated UTF-8, lossily where it is not; the flag says so.
pub fn path_string(p: &Path) -> (String, bool) {
    match p.to_str() {
        Some(s) => (s.to_string(), false),
        None => (p.to_string_lossy().into_owned(), true),
    }
}

/// Where a link points, from its text alone (the target is never opened):
/// `outside` the scan root, `inside`, `missing`, or `loop`.
pub fn link_points(link: &Path, target: &Path, root: &Path) -> &'static str {
    let base = link.parent().unwrap_or(Path::new("/"));
    let joined = if target.is_absolute() {
        target.to_path_buf()
    } else {
        base.join(target)
    };
    let mut norm = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                norm.pop();
            }
            std::path::Component::CurDir => {}
            other => norm.push(other),
        }
    }
    if !norm.starts_with(root) {
        return "outside";
    }
    if norm == link {
        return "loop";
    }
    match std::fs::metadata(link) {
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => "loop",
        _ if std::fs::symlink_metadata(&norm).is_err() => "missing",
        _ => "inside",
    }
}

/// Shares a progress counter; readers poll it.
pub type Progress = Arc<AtomicU64>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_kinds() {
        assert_eq!(
            warning_kind(Some(libc::EPERM), true),
            WarningKind::PrivacyProtected
        );
        assert_eq!(
            warning_kind(Some(libc::EPERM), false),
            WarningKind::PermissionDenied
        );
        assert_eq!(
            warning_kind(Some(libc::EACCES), true),
            WarningKind::PermissionDenied
        );
        assert_eq!(
            warning_kind(Some(libc::ENOENT), false),
            WarningKind::Vanished
        );
        assert_eq!(warning_kind(None, false), WarningKind::Unreadable);
        assert!(dataless_flag(0x4000_0000));
        assert!(!dataless_flag(0x20));
    }

    #[test]
    fn link_targets() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        std::fs::write(root.join("f"), b"x").unwrap();
        std::os::unix::fs::symlink("f", root.join("in")).unwrap();
        std::os::unix::fs::symlink("../../etc", root.join("out")).unwrap();
        std::os::unix::fs::symlink("nope", root.join("gone")).unwrap();
        std::os::unix::fs::symlink("self", root.join("self")).unwrap();
        assert_eq!(
            link_points(&root.join("in"), Path::new("f"), root),
            "inside"
        );
        assert_eq!(
            link_points(&root.join("out"), Path::new("../../etc"), root),
            "outside"
        );
        assert_eq!(
            link_points(&root.join("gone"), Path::new("nope"), root),
            "missing"
        );
        assert_eq!(
            link_points(&root.join("self"), Path::new("self"), root),
            "loop"
        );
    }
}
