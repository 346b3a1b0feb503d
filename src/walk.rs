//! The parallel, read-only walk.
//!
//! Each directory is opened once (`O_DIRECTORY | O_NOFOLLOW`) and listed
//! with `getdents`; the file type comes from the entry (`d_type`, with an
//! `fstatat` that does not follow links where the file system gives none).
//! A regular file is opened *relative to its directory* with `openat(dirfd,
//! name, O_NOFOLLOW | O_NONBLOCK)` and `fstat`ed through the descriptor
//! (DESIGN.md invariant 3): one single-component lookup per file instead
//! of resolving the whole path, and no window in which a swapped-in FIFO or
//! link could be followed. Links are recorded with their target, never
//! followed; FIFOs, sockets and devices are listed and never opened.
//! Directories are rayon tasks; each task keeps its own accumulator and
//! hands it over once (one lock per directory, none per file).

use std::ffi::{CStr, OsStr};
use std::fs::{File, OpenOptions};
use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rustix::fs::{AtFlags, Dir, FileType, Mode, OFlags};

use crate::classify::{attribute, classify, generation_of, hint_for, keep_detail, resolve_account};
use crate::inventory::{
    FileEntry, Format, Link, Month, Mtime, Special, Tally, Warning, WarningKind,
};
use crate::locate::{Layout, Mapping, WalkRoot};
use crate::rules::RuleSet;
use crate::sniff::{sniff, Detail, Sniffed};

/// Options of one walk.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Worker threads; 0 = one per core.
    pub threads: usize,
    /// Called with a regular file's path between listing and opening it.
    /// For tests only: it lets a test make a file vanish or grow at the
    /// worst moment.
    #[doc(hidden)]
    pub before_open: Option<Hook>,
    /// Keep a record only for the files this accepts; the others are only
    /// counted (a table-only scan need not hold a million records).
    pub keep: Option<fn(&FileEntry) -> bool>,
}

/// A test hook (see [`WalkOptions::before_open`]).
#[derive(Clone)]
pub struct Hook(pub Arc<dyn Fn(&Path) + Send + Sync>);

impl std::fmt::Debug for Hook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hook")
    }
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct WalkResult {
    pub files: Vec<FileEntry>,
    /// The files counted but not kept (see [`WalkOptions::keep`]).
    pub tally: Tally,
    pub links: Vec<Link>,
    pub specials: Vec<Special>,
    pub warnings: Vec<Warning>,
}

#[derive(Default)]
struct Acc {
    files: Vec<FileEntry>,
    tally: Tally,
    links: Vec<Link>,
    specials: Vec<Special>,
    warnings: Vec<Warning>,
}

impl Acc {
    fn is_empty(&self) -> bool {
        self.files.is_empty()
            && self.links.is_empty()
            && self.specials.is_empty()
            && self.warnings.is_empty()
            && self.tally.total.files == 0
            && self.tally.linked.is_empty()
    }
}

/// Walks every root of `layout`.
pub fn walk(
    layout: &Layout,
    rules: &RuleSet,
    opts: &WalkOptions,
    progress: &AtomicU64,
) -> WalkResult {
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .min(12)
    } else {
        opts.threads
    };
    // One accumulator per worker thread (+1 for the calling thread): a
    // directory task appends to its thread's, so nothing is copied twice.
    let accs: Vec<Mutex<Acc>> = (0..=threads).map(|_| Mutex::new(Acc::default())).collect();
    let ctx = Ctx {
        layout,
        rules,
        progress,
        accs: &accs,
        queued_fds: Default::default(),
        before_open: opts.before_open.as_ref(),
        keep: opts.keep,
    };
    let run = || {
        rayon::scope(|scope| {
            for (ri, root) in layout.walk_roots.iter().enumerate() {
                ctx.root(scope, ri, root);
            }
        })
    };
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    }
    let mut parts: Vec<Acc> = accs
        .into_iter()
        .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect();
    // The largest part becomes the result; the others are moved into it.
    parts.sort_by_key(|a| std::cmp::Reverse(a.files.len()));
    let mut parts = parts.into_iter();
    let first = parts.next().unwrap_or_default();
    let mut out = WalkResult {
        files: first.files,
        tally: first.tally,
        links: first.links,
        specials: first.specials,
        warnings: first.warnings,
    };
    let parts: Vec<Acc> = parts.collect();
    out.files
        .reserve_exact(parts.iter().map(|a| a.files.len()).sum());
    for mut a in parts {
        out.files.append(&mut a.files);
        out.tally.merge(std::mem::take(&mut a.tally));
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
    before_open: Option<&'a Hook>,
    keep: Option<fn(&FileEntry) -> bool>,
    progress: &'a AtomicU64,
    accs: &'a [Mutex<Acc>],
    /// Directory descriptors held by queued tasks.
    queued_fds: std::sync::atomic::AtomicUsize,
}

/// One directory to list.
struct DirJob {
    abs: PathBuf,
    /// Path below the walk root, `/`-separated (lossy where not UTF-8).
    inner: String,
    root: usize,
    /// Follow the directory itself if it is a link (only a PATH the user named).
    follow: bool,
    /// Already opened relative to its parent (one lookup instead of a whole
    /// path); `None` to open by path.
    fd: Option<OwnedFd>,
}

/// Directory descriptors held open by queued tasks at most (macOS allows a
/// process 256 descriptors by default): beyond it, a folder is opened by
/// its path when its task runs.
const MAX_QUEUED_DIR_FDS: usize = 128;

/// What every file of one directory shares: the candidate rules and the
/// account, chat, month and generation its place in the layout gives.
struct DirInfo {
    rules: crate::rules::DirRules,
    account: Option<Arc<str>>,
    chat: Option<Arc<str>>,
    month: Option<Month>,
    generation: Option<crate::inventory::Generation>,
    /// The file name itself carries the account (`MMappedKV/<h32>.*`).
    per_file: bool,
}

impl DirInfo {
    fn new(ctx: &Ctx<'_>, root: &WalkRoot, inner: &str) -> DirInfo {
        // The logical path of a child named `x`, minus the `x`.
        let mut probe = String::with_capacity(inner.len() + 2);
        if !inner.is_empty() {
            probe.push_str(inner);
            probe.push('/');
        }
        probe.push('x');
        let mut logical = String::new();
        root.logical_into(&probe, &mut logical);
        let dir_logical = logical
            .strip_suffix('x')
            .unwrap_or(&logical)
            .trim_end_matches('/');
        let attr = attribute(&logical);
        let account = resolve_account(attr.account_token, &ctx.layout.account_aliases);
        let chat = if account.is_some() {
            attr.chat.map(Arc::from)
        } else {
            None
        };
        DirInfo {
            rules: ctx.rules.for_dir(dir_logical),
            account,
            chat,
            month: attr.month.and_then(Month::parse),
            generation: generation_of(&logical),
            per_file: dir_logical.ends_with("/MMappedKV"),
        }
    }
}

/// Per-task scratch state.
#[derive(Default)]
struct Local {
    acc: Acc,
    logical: String,
    scratch: Vec<usize>,
    last_chat: Option<Arc<str>>,
}

impl<'a> Ctx<'a> {
    /// Starts a walk root: a folder becomes a task, a file, link or special
    /// entry is recorded right away.
    fn root<'s>(&'s self, scope: &rayon::Scope<'s>, ri: usize, root: &'a WalkRoot) {
        // The PATH the user named is resolved if it is a link; roots found
        // inside a home are not (never follow a link found on disk).
        let user_named = root.rel.is_empty();
        let meta = if user_named {
            std::fs::metadata(&root.abs)
        } else {
            std::fs::symlink_metadata(&root.abs)
        };
        let mut local = Local::default();
        match meta {
            Ok(m) if m.is_dir() => {
                let job = DirJob {
                    abs: root.abs.clone(),
                    inner: String::new(),
                    root: ri,
                    follow: user_named,
                    fd: None,
                };
                scope.spawn(move |s| self.dir(s, job));
            }
            Ok(m) if m.file_type().is_symlink() => self.link_at_path(&mut local, root, &root.abs),
            Ok(m) if m.is_file() => {
                let name = root.abs.file_name().unwrap_or_default().to_owned();
                match open_no_follow_or_named(&root.abs, user_named) {
                    Ok(file) => self.file(
                        &mut local,
                        root,
                        None,
                        file,
                        &name.to_string_lossy(),
                        "",
                        false,
                        None,
                    ),
                    Err(e) => self.warn(&mut local, root.rel.clone(), &e, root),
                }
            }
            Ok(m) => local.acc.specials.push(Special {
                path: root.rel.clone(),
                kind: special_kind(FileType::from_raw_mode(m.mode() as _)).into(),
            }),
            Err(e) => self.warn(&mut local, root.rel.clone(), &e, root),
        }
        self.hand_over(local.acc);
    }

    fn hand_over(&self, mut acc: Acc) {
        if acc.is_empty() {
            return;
        }
        let slot = rayon::current_thread_index()
            .unwrap_or(self.accs.len() - 1)
            .min(self.accs.len() - 1);
        let mut t = self.accs[slot].lock().unwrap_or_else(|e| e.into_inner());
        t.files.append(&mut acc.files);
        t.tally.merge(std::mem::take(&mut acc.tally));
        t.links.append(&mut acc.links);
        t.specials.append(&mut acc.specials);
        t.warnings.append(&mut acc.warnings);
    }

    /// Lists one directory: files are handled here, sub-folders become tasks.
    fn dir<'s>(&'s self, scope: &rayon::Scope<'s>, job: DirJob) {
        let root = &self.layout.walk_roots[job.root];
        let mut local = Local::default();
        let mut flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        if !job.follow {
            flags |= OFlags::NOFOLLOW;
        }
        let opened = match job.fd {
            Some(fd) => {
                self.queued_fds.fetch_sub(1, Ordering::Relaxed);
                Ok(fd)
            }
            None => rustix::fs::open(&job.abs, flags, Mode::empty()),
        };
        let fd = match opened {
            Ok(fd) => fd,
            Err(e) => {
                let rel = join_rel(&root.rel, &job.inner);
                self.warn(&mut local, rel, &e.into(), root);
                return self.hand_over(local.acc);
            }
        };
        let mut dir = match Dir::read_from(&fd) {
            Ok(d) => d,
            Err(e) => {
                let rel = join_rel(&root.rel, &job.inner);
                self.warn(&mut local, rel, &e.into(), root);
                return self.hand_over(local.acc);
            }
        };
        let mut files = 0u64;
        let mut info: Option<DirInfo> = None;
        let mut child_inner = String::with_capacity(job.inner.len() + 64);
        for entry in dir.by_ref() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let rel = join_rel(&root.rel, &job.inner);
                    self.warn(&mut local, rel, &e.into(), root);
                    break;
                }
            };
            let name_c = entry.file_name();
            let bytes = name_c.to_bytes();
            if bytes == b"." || bytes == b".." {
                continue;
            }
            let (name, lossy_name) = match std::str::from_utf8(bytes) {
                Ok(s) => (std::borrow::Cow::Borrowed(s), false),
                Err(_) => (String::from_utf8_lossy(bytes), true),
            };
            child_inner.clear();
            if !job.inner.is_empty() {
                child_inner.push_str(&job.inner);
                child_inner.push('/');
            }
            child_inner.push_str(&name);
            let mut ft = entry.file_type();
            if ft == FileType::Unknown {
                ft = match rustix::fs::statat(&fd, name_c, AtFlags::SYMLINK_NOFOLLOW) {
                    Ok(st) => FileType::from_raw_mode(st.st_mode as _),
                    Err(e) => {
                        self.warn(
                            &mut local,
                            join_rel(&root.rel, &child_inner),
                            &e.into(),
                            root,
                        );
                        continue;
                    }
                };
            }
            let lossy = lossy_name || job.abs.to_str().is_none();
            match ft {
                FileType::Directory => {
                    let fd = if self.queued_fds.fetch_add(1, Ordering::Relaxed) < MAX_QUEUED_DIR_FDS
                    {
                        let flags =
                            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
                        let child = rustix::fs::openat(&fd, name_c, flags, Mode::empty()).ok();
                        if child.is_none() {
                            self.queued_fds.fetch_sub(1, Ordering::Relaxed);
                        }
                        child
                    } else {
                        self.queued_fds.fetch_sub(1, Ordering::Relaxed);
                        None
                    };
                    let sub = DirJob {
                        abs: job.abs.join(OsStr::from_bytes(bytes)),
                        inner: child_inner.clone(),
                        root: job.root,
                        follow: false,
                        fd,
                    };
                    scope.spawn(move |s| self.dir(s, sub));
                }
                FileType::RegularFile => {
                    files += 1;
                    if let Some(hook) = self.before_open {
                        (hook.0)(&job.abs.join(OsStr::from_bytes(bytes)));
                    }
                    match open_at(&fd, name_c) {
                        Ok(file) => {
                            let raw = lossy.then(|| job.abs.join(OsStr::from_bytes(bytes)));
                            let info =
                                info.get_or_insert_with(|| DirInfo::new(self, root, &job.inner));
                            self.file(
                                &mut local,
                                root,
                                Some(info),
                                file,
                                &name,
                                &child_inner,
                                lossy,
                                raw,
                            );
                        }
                        Err(e) => {
                            self.warn(&mut local, join_rel(&root.rel, &child_inner), &e, root)
                        }
                    }
                }
                FileType::Symlink => {
                    let rel = join_rel(&root.rel, &child_inner);
                    match rustix::fs::readlinkat(&fd, name_c, Vec::new()) {
                        Ok(target) => {
                            let target = PathBuf::from(OsStr::from_bytes(target.as_bytes()));
                            let link = job.abs.join(OsStr::from_bytes(bytes));
                            let points = link_points(&link, &target, &self.layout.root);
                            local.acc.links.push(Link {
                                path: rel,
                                target: path_string(&target).0,
                                points: points.into(),
                            });
                        }
                        Err(e) => self.warn(&mut local, rel, &e.into(), root),
                    }
                }
                other => {
                    let path = join_rel(&root.rel, &child_inner);
                    local.acc.specials.push(Special {
                        path,
                        kind: special_kind(other).into(),
                    });
                }
            }
        }
        self.progress.fetch_add(files, Ordering::Relaxed);
        self.hand_over(local.acc);
    }

    fn link_at_path(&self, local: &mut Local, root: &WalkRoot, path: &Path) {
        match std::fs::read_link(path) {
            Ok(target) => {
                let points = link_points(path, &target, &self.layout.root);
                local.acc.links.push(Link {
                    path: root.rel.clone(),
                    target: path_string(&target).0,
                    points: points.into(),
                });
            }
            Err(e) => self.warn(local, root.rel.clone(), &e, root),
        }
    }

    /// Sniffs, classifies and records one open regular file. `inner` is its
    /// path below the walk root ("" when the root is the file itself).
    #[allow(clippy::too_many_arguments)]
    fn file(
        &self,
        local: &mut Local,
        root: &WalkRoot,
        info: Option<&DirInfo>,
        file: File,
        name: &str,
        inner: &str,
        lossy: bool,
        raw: Option<PathBuf>,
    ) {
        let rel = if inner.is_empty() && root.rel.is_empty() {
            name.to_string()
        } else {
            join_rel(&root.rel, inner)
        };
        let meta = match fstat(&file) {
            Ok(m) => m,
            Err(e) => return self.warn(local, rel, &e, root),
        };
        if !meta.is_file {
            // Replaced between listing and opening: list it, do not read.
            local.acc.specials.push(Special {
                path: rel,
                kind: "other".into(),
            });
            return;
        }
        // The whole logical path is built only where a per-directory answer
        // is not enough (a single-file root, `MMappedKV/<h32>.*`).
        let need_logical = info.is_none_or(|i| i.per_file);
        if need_logical {
            local.logical.clear();
            if inner.is_empty() {
                if let Mapping::Prefix(p) = &root.mapping {
                    local.logical.push_str(p.trim_end_matches('/'));
                }
            } else {
                root.logical_into(inner, &mut local.logical);
            }
        }
        let rule = match info {
            Some(i) => self.rules.first_in_dir(&i.rules, name, &mut local.scratch),
            None => self.rules.first_match(&local.logical, &mut local.scratch),
        };
        let hint = hint_for(rule, name);
        let size = meta.size;
        let unknown = Sniffed {
            format: Format::Unknown,
            encrypted: false,
            detail: Detail::None,
        };
        let sniffed = if meta.dataless {
            local.acc.warnings.push(Warning {
                path: rel.clone(),
                kind: WarningKind::Dataless,
                message: "iCloud placeholder (dataless): counted, not read, so that nothing is downloaded".into(),
            });
            unknown
        } else {
            match sniff(&file, size, hint) {
                Ok(s) => s,
                Err(e) => {
                    self.warn(local, rel.clone(), &e, root);
                    unknown
                }
            }
        };
        drop(file);
        if let Some(problem) = crate::classify::content_problem(rule, name, &sniffed, size) {
            local.acc.warnings.push(Warning {
                path: rel.clone(),
                kind: WarningKind::Corrupt,
                message: problem,
            });
        }
        let class = classify(rule, &sniffed);
        let (account, chat, layout_month, generation) = match info {
            Some(i) if !i.per_file => (i.account.clone(), i.chat.clone(), i.month, i.generation),
            _ => {
                let attr = attribute(&local.logical);
                let account = resolve_account(attr.account_token, &self.layout.account_aliases);
                let chat = match (&account, attr.chat) {
                    (Some(_), Some(c)) => Some(match &local.last_chat {
                        Some(last) if &**last == c => last.clone(),
                        _ => {
                            let arc: Arc<str> = c.into();
                            local.last_chat = Some(arc.clone());
                            arc
                        }
                    }),
                    _ => None,
                };
                (
                    account,
                    chat,
                    attr.month.and_then(Month::parse),
                    generation_of(&local.logical),
                )
            }
        };
        let mtime = Mtime {
            secs: meta.mtime,
            nanos: meta.mtime_nsec,
        };
        let month = layout_month.unwrap_or_else(|| mtime.month());
        let raw_path = raw.map(|p| {
            p.strip_prefix(&self.layout.root)
                .map(Path::to_path_buf)
                .unwrap_or(p)
                .into_boxed_path()
        });
        let entry = FileEntry {
            path: rel,
            lossy_name: lossy,
            size,
            allocated: meta.blocks * 512,
            mtime: Some(mtime),
            category: class.category,
            kind: class.kind,
            format: class.format,
            encrypted: class.encrypted,
            chat,
            account,
            month: Some(month),
            sha256: None,
            inode: Some((meta.dev, meta.ino)),
            nlink: meta.nlink,
            generation,
            raw_path,
            detail: keep_detail(sniffed.detail),
        };
        match self.keep {
            Some(keep) if !keep(&entry) => local.acc.tally.add(entry),
            _ => local.acc.files.push(entry),
        }
    }

    fn warn(&self, local: &mut Local, rel: String, e: &io::Error, root: &WalkRoot) {
        let kind = warning_kind(e.raw_os_error(), root.bundle_id.is_some());
        local.acc.warnings.push(Warning {
            path: rel,
            kind,
            message: message_for(kind, &e.to_string()),
        });
    }
}

fn join_rel(root_rel: &str, inner: &str) -> String {
    match (root_rel.is_empty(), inner.is_empty()) {
        (true, _) => inner.to_string(),
        (false, true) => root_rel.to_string(),
        (false, false) => {
            let mut r = String::with_capacity(root_rel.len() + 1 + inner.len());
            r.push_str(root_rel);
            r.push('/');
            r.push_str(inner);
            r
        }
    }
}

fn special_kind(ft: FileType) -> &'static str {
    match ft {
        FileType::Fifo => "fifo",
        FileType::Socket => "socket",
        FileType::BlockDevice => "block_device",
        FileType::CharacterDevice => "char_device",
        _ => "other",
    }
}

/// `openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)`,
/// plus `O_NOATIME` on Linux where the caller may use it.
fn open_at(dir: &OwnedFd, name: &CStr) -> io::Result<File> {
    let base = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    #[cfg(target_os = "linux")]
    {
        match rustix::fs::openat(dir.as_fd(), name, base | OFlags::NOATIME, Mode::empty()) {
            Err(rustix::io::Errno::PERM) => {}
            other => return other.map(File::from).map_err(Into::into),
        }
    }
    rustix::fs::openat(dir.as_fd(), name, base, Mode::empty())
        .map(File::from)
        .map_err(Into::into)
}

/// Opens the PATH the user named (following it if it is a link), or a
/// root found on disk without following.
fn open_no_follow_or_named(path: &Path, named: bool) -> io::Result<File> {
    if named {
        OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
            .open(path)
    } else {
        open_no_follow(path)
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

/// What the walker needs of an `fstat`.
struct FileMeta {
    size: u64,
    blocks: u64,
    mtime: i64,
    mtime_nsec: u32,
    dev: u64,
    ino: u64,
    nlink: u64,
    is_file: bool,
    dataless: bool,
}

/// A plain `fstat` of the open descriptor (std's `metadata()` is `statx`
/// with an empty path on Linux, which copies a path in from user space).
/// Field widths differ between platforms, hence the casts.
#[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
fn fstat(file: &File) -> io::Result<FileMeta> {
    let st = rustix::fs::fstat(file)?;
    Ok(FileMeta {
        size: st.st_size as u64,
        blocks: st.st_blocks as u64,
        mtime: st.st_mtime as i64,
        mtime_nsec: st.st_mtime_nsec as u32,
        dev: st.st_dev as u64,
        ino: st.st_ino as u64,
        nlink: st.st_nlink as u64,
        is_file: FileType::from_raw_mode(st.st_mode as _) == FileType::RegularFile,
        dataless: stat_dataless(&st),
    })
}

#[cfg(target_os = "macos")]
fn stat_dataless(st: &rustix::fs::Stat) -> bool {
    dataless_flag(st.st_flags)
}

#[cfg(not(target_os = "macos"))]
fn stat_dataless(_st: &rustix::fs::Stat) -> bool {
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
