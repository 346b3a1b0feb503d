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
//!
//! What a file *is* is not the walker's business: each open regular file
//! is handed to a [`Visitor`] (the classifier), which records it in the
//! task's [`Found`]. Directories are rayon tasks; each task keeps its own
//! `Found` and hands it over once (one lock per directory, none per file).
//!
//! Why our own walker rather than `walkdir`/`ignore`: at the same work it
//! measured 1.67× faster (BENCHMARKS.md), because every lookup is relative
//! to an open directory descriptor; and that is also what makes it safe: a
//! path component swapped for a link after listing cannot redirect a read.

use std::ffi::OsStr;
use std::fs::File;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rustix::fs::{AtFlags, Dir, FileType, Mode, OFlags};

mod entries;
mod links;
mod options;
pub use links::link_points;
pub use options::{io_depth, Hook, Progress, WalkOptions};

use crate::fsio::{
    fstat, io_warning, may_read, open_at, open_named_or_no_follow, path_string, stat_at, FileMeta,
};
use crate::layout::{Layout, WalkRoot};
use crate::model::warning::Capped;
use crate::model::{EntryPath, EntryStat, FileEntry, Link, RelPath, Special, Tally, Warning};

/// What a walk (or one task of it) found.
#[derive(Debug, Default)]
pub struct Found {
    /// Regular files with a record.
    pub files: Vec<FileEntry>,
    /// Regular files only counted (a table-only scan need not hold a
    /// million records).
    pub tally: Tally,
    /// Symbolic links, never followed.
    pub links: Vec<Link>,
    /// FIFOs, sockets, devices: never opened.
    pub specials: Vec<Special>,
    /// Entries that could not be read, and content problems: the first
    /// of each kind kept, the rest counted.
    pub warnings: Capped,
    /// Folders, links and specials with their `lstat` (when asked).
    pub stats: Vec<EntryStat>,
}

impl Found {
    fn is_empty(&self) -> bool {
        self.files.is_empty()
            && self.links.is_empty()
            && self.specials.is_empty()
            && self.warnings.is_empty()
            && self.tally.total.files == 0
            && self.tally.linked.is_empty()
            && self.stats.is_empty()
    }

    /// Moves everything of `other` into `self`.
    fn append(&mut self, other: &mut Found) {
        self.files.append(&mut other.files);
        self.tally.merge(std::mem::take(&mut other.tally));
        self.links.append(&mut other.links);
        self.specials.append(&mut other.specials);
        self.warnings.append(&mut other.warnings);
        self.stats.append(&mut other.stats);
    }

    /// Records a warning (kept while its kind is under the cap, else
    /// counted).
    pub fn warn(&mut self, w: Warning) {
        self.warnings.push(w);
    }
}

/// Where a regular file handed to a [`Visitor`] sits.
pub struct FileAt<'a, D> {
    /// The walk root it is under.
    pub root: &'a WalkRoot,
    /// What its folder shares ([`Visitor::dir`]); `None` when the walk root
    /// is the file itself.
    pub dir: Option<&'a D>,
    /// Its name (lossy where not UTF-8).
    pub name: &'a str,
    /// Its path below the walk root, `/`-separated ("" when the root is the
    /// file itself).
    pub inner: &'a str,
    /// Its root-relative path (its folder shared with its siblings).
    pub path: EntryPath,
    /// Some component of its path is not UTF-8.
    pub lossy: bool,
    /// The exact absolute path, kept only where the name is lossy.
    pub raw: Option<PathBuf>,
}

/// What the walker calls for each regular file it opened.
pub trait Visitor: Sync {
    /// What every regular file of one folder shares, worked out once per
    /// folder, on its first regular file.
    type Dir;
    /// Per-task scratch space (buffers reused from file to file).
    type Scratch: Default;
    /// The shared part of the folder `inner` below `root`.
    fn dir(&self, root: &WalkRoot, inner: &str) -> Self::Dir;
    /// Whether the regular file `name` of a folder is opened for its
    /// content; when not, the walker only `fstatat`s it and decides from
    /// its mode bits whether it could have been read (issue 13: one call
    /// per file where the answer does not depend on content). Asked just
    /// before [`Visitor::file`] for the same file, so an answer worked out
    /// here can be left in `scratch` for it.
    fn wants_content(&self, _scratch: &mut Self::Scratch, _dir: &Self::Dir, _name: &str) -> bool {
        true
    }
    /// Records one regular file: `file` is open where its content was
    /// wanted, and `meta` is its `fstat` (or `fstatat`).
    fn file(
        &self,
        found: &mut Found,
        scratch: &mut Self::Scratch,
        at: FileAt<'_, Self::Dir>,
        file: Option<File>,
        meta: &FileMeta,
    );

    /// A problem with an entry, from the walk or the visitor: kept in
    /// `found` (under the cap). A streaming visitor also writes it out as
    /// it arises.
    fn warning(&self, found: &mut Found, w: Warning) {
        found.warn(w);
    }
}

/// Walks every root of `layout`, handing each regular file to `visitor`.
pub fn walk<V: Visitor>(
    layout: &Layout,
    visitor: &V,
    opts: &WalkOptions,
    progress: &Progress,
) -> Found {
    let threads = io_depth(opts.io_depth);
    // One accumulator per worker thread (+1 for the calling thread): a
    // directory task appends to its thread's, so nothing is copied twice.
    let parts: Vec<Mutex<Found>> = (0..=threads)
        .map(|_| Mutex::new(Found::default()))
        .collect();
    // The records go to one list shared by every thread (issue 31): per
    // thread lists had to be copied into one at the end, and for a moment
    // held every record twice (the peak of `scan --format json` at a
    // million files). One list grows by `realloc`, which moves a large
    // block's pages without copying them.
    let files = Mutex::new(Vec::new());
    let ctx = Ctx {
        layout,
        visitor,
        progress,
        parts: &parts,
        files: &files,
        queued_fds: AtomicUsize::new(0),
        before_open: opts.before_open.as_ref(),
        stats: opts.stats,
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
    let mut out = merge(parts);
    out.files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    out.files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    out
}

/// One result from the per-thread parts (links, specials, warnings,
/// counts); links, specials and warnings sorted by path.
fn merge(parts: Vec<Mutex<Found>>) -> Found {
    let mut out = Found::default();
    for m in parts {
        out.append(&mut m.into_inner().unwrap_or_else(|e| e.into_inner()));
    }
    out.links.sort_by(|a, b| a.path.cmp(&b.path));
    out.specials.sort_by(|a, b| a.path.cmp(&b.path));
    out.warnings.kept.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

struct Ctx<'a, V: Visitor> {
    layout: &'a Layout,
    visitor: &'a V,
    before_open: Option<&'a Hook>,
    progress: &'a Progress,
    parts: &'a [Mutex<Found>],
    /// Every record, from every thread.
    files: &'a Mutex<Vec<FileEntry>>,
    /// Directory descriptors held by queued tasks.
    queued_fds: AtomicUsize,
    /// Record [`Found::stats`].
    stats: bool,
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
    fd: Option<rustix::fd::OwnedFd>,
}

/// Directory descriptors held open by queued tasks at most (macOS allows a
/// process 256 descriptors by default): beyond it, a folder is opened by
/// its path when its task runs.
const MAX_QUEUED_DIR_FDS: usize = 128;

/// Per-task state: what the task found, the visitor's scratch space, and
/// the bytes seen (for the progress display).
struct Local<S> {
    found: Found,
    scratch: S,
    bytes: u64,
}

impl<S: Default> Default for Local<S> {
    fn default() -> Self {
        Local {
            found: Found::default(),
            scratch: S::default(),
            bytes: 0,
        }
    }
}

impl<'a, V: Visitor> Ctx<'a, V> {
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
        let mut local = Local::<V::Scratch>::default();
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
            Ok(m) if m.file_type().is_symlink() => match std::fs::read_link(&root.abs) {
                Ok(target) => {
                    local
                        .found
                        .links
                        .push(self.link(root.rel.clone(), &root.abs, &target))
                }
                Err(e) => self.warn(&mut local.found, root.rel.clone(), &e, root),
            },
            Ok(m) if m.is_file() => {
                let name = root.abs.file_name().unwrap_or_default().to_string_lossy();
                let rel = if root.rel.is_empty() {
                    name.to_string()
                } else {
                    root.rel.clone()
                };
                match open_named_or_no_follow(&root.abs, user_named) {
                    Ok(file) => {
                        let at = FileAt {
                            root,
                            dir: None,
                            name: &name,
                            inner: "",
                            path: EntryPath::parse(&rel),
                            lossy: false,
                            raw: None,
                        };
                        self.file(&mut local, at, file);
                    }
                    Err(e) => self.warn(&mut local.found, root.rel.clone(), &e, root),
                }
            }
            Ok(m) => local.found.specials.push(Special {
                path: root.rel.clone(),
                kind: special_kind(FileType::from_raw_mode(m.mode() as _)).into(),
            }),
            Err(e) => self.warn(&mut local.found, root.rel.clone(), &e, root),
        }
        self.hand_over(local.found);
    }

    fn hand_over(&self, mut found: Found) {
        if !found.files.is_empty() {
            let mut all = self.files.lock().unwrap_or_else(|e| e.into_inner());
            all.append(&mut found.files);
        }
        if found.is_empty() {
            return;
        }
        let slot = rayon::current_thread_index()
            .unwrap_or(self.parts.len() - 1)
            .min(self.parts.len() - 1);
        let mut t = self.parts[slot].lock().unwrap_or_else(|e| e.into_inner());
        t.append(&mut found);
    }

    /// Opens a directory job's descriptor (or takes the one its parent
    /// opened).
    fn open_dir(&self, job: &mut DirJob) -> std::io::Result<rustix::fd::OwnedFd> {
        if let Some(fd) = job.fd.take() {
            self.queued_fds.fetch_sub(1, Ordering::Relaxed);
            return Ok(fd);
        }
        let mut flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        if !job.follow {
            flags |= OFlags::NOFOLLOW;
        }
        Ok(rustix::fs::open(&job.abs, flags, Mode::empty())?)
    }

    /// A sub-folder's descriptor opened relative to its parent, while the
    /// queued tasks hold fewer than [`MAX_QUEUED_DIR_FDS`].
    fn open_child_dir(
        &self,
        parent: &rustix::fd::OwnedFd,
        name: &std::ffi::CStr,
    ) -> Option<rustix::fd::OwnedFd> {
        if self.queued_fds.fetch_add(1, Ordering::Relaxed) >= MAX_QUEUED_DIR_FDS {
            self.queued_fds.fetch_sub(1, Ordering::Relaxed);
            return None;
        }
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let child = rustix::fs::openat(parent, name, flags, Mode::empty()).ok();
        if child.is_none() {
            self.queued_fds.fetch_sub(1, Ordering::Relaxed);
        }
        child
    }

    /// Lists one directory: files are handled here, sub-folders become tasks.
    fn dir<'s>(&'s self, scope: &rayon::Scope<'s>, mut job: DirJob) {
        let root = &self.layout.walk_roots[job.root];
        self.note_current(root, &job.inner);
        let mut local = Local::<V::Scratch>::default();
        let listed = self
            .open_dir(&mut job)
            .and_then(|fd| Ok((Dir::read_from(&fd)?, fd)));
        let (mut dir, fd) = match listed {
            Ok(x) => x,
            Err(e) => {
                let rel = RelPath::join(&root.rel, &job.inner);
                self.stat_unlisted(&mut local.found, &rel, &job.abs);
                self.warn(&mut local.found, rel, &e, root);
                return self.hand_over(local.found);
            }
        };
        let stated = self.stat_folder(&mut local.found, root, &job.inner, &fd);
        let mut files = 0u64;
        let mut info: Option<V::Dir> = None;
        // The folder's root-relative path, made once and shared by the
        // records of all its files.
        let mut dir_rel: Option<crate::model::shared::Shared> = stated.as_deref().map(Into::into);
        let mut child_inner = String::with_capacity(job.inner.len() + 64);
        for entry in dir.by_ref() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let rel = RelPath::join(&root.rel, &job.inner);
                    self.warn(&mut local.found, rel, &e.into(), root);
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
                        let rel = RelPath::join(&root.rel, &child_inner);
                        self.warn(&mut local.found, rel, &e.into(), root);
                        continue;
                    }
                };
            }
            let lossy = lossy_name || job.abs.to_str().is_none();
            let rel = || RelPath::join(&root.rel, &child_inner);
            match ft {
                FileType::Directory => {
                    let sub = DirJob {
                        abs: job.abs.join(OsStr::from_bytes(bytes)),
                        inner: child_inner.clone(),
                        root: job.root,
                        follow: false,
                        fd: self.open_child_dir(&fd, name_c),
                    };
                    scope.spawn(move |s| self.dir(s, sub));
                }
                FileType::RegularFile => {
                    files += 1;
                    let abs = || job.abs.join(OsStr::from_bytes(bytes));
                    if let Some(hook) = self.before_open {
                        (hook.0)(&abs());
                    }
                    let info = info.get_or_insert_with(|| self.visitor.dir(root, &job.inner));
                    let dir_rel =
                        dir_rel.get_or_insert_with(|| RelPath::join(&root.rel, &job.inner).into());
                    let at = FileAt {
                        root,
                        dir: Some(info),
                        name: &name,
                        inner: &child_inner,
                        path: EntryPath::new(dir_rel.clone(), &name),
                        lossy,
                        raw: lossy.then(abs),
                    };
                    if self.visitor.wants_content(&mut local.scratch, info, &name) {
                        match open_at(&fd, name_c) {
                            Ok(file) => self.file(&mut local, at, file),
                            Err(e) => self.unreadable(&mut local, at, &fd, name_c, &e),
                        }
                    } else {
                        self.file_unopened(&mut local, at, &fd, name_c);
                    }
                }
                FileType::Symlink => {
                    let link = job.abs.join(OsStr::from_bytes(bytes));
                    self.symlink(&mut local.found, rel(), &link, (&fd, name_c), root)
                }
                other => self.special(&mut local.found, rel(), other, (&fd, name_c)),
            }
        }
        self.progress.files.fetch_add(files, Ordering::Relaxed);
        self.progress
            .bytes
            .fetch_add(local.bytes, Ordering::Relaxed);
        EntryPath::share_names(local.found.files.iter_mut().map(|f| &mut f.path));
        self.hand_over(local.found);
    }

    /// Tells a progress screen which folder is being read (when nobody is
    /// reading it at that moment).
    fn note_current(&self, root: &WalkRoot, inner: &str) {
        if let Ok(mut c) = self.progress.current.try_lock() {
            c.clear();
            c.push_str(&root.rel);
            if !inner.is_empty() {
                c.push('/');
                c.push_str(inner);
            }
        }
    }

    /// `fstat`s an open regular file and hands it to the visitor; a file
    /// replaced by something else since it was listed is listed, not read.
    fn file(&self, local: &mut Local<V::Scratch>, at: FileAt<'_, V::Dir>, file: File) {
        let meta = fstat(&file);
        self.stated(local, at, Some(file), meta)
    }

    /// `fstatat`s a file whose content is not wanted; one the mode bits say
    /// this process may not read gets the warning an open would have given.
    fn file_unopened(
        &self,
        local: &mut Local<V::Scratch>,
        at: FileAt<'_, V::Dir>,
        dir: &rustix::fd::OwnedFd,
        name: &std::ffi::CStr,
    ) {
        match stat_at(dir, name) {
            Ok(meta) if meta.is_file && !may_read(&meta) => {
                let e = std::io::Error::from_raw_os_error(libc::EACCES);
                self.warn(&mut local.found, at.path.full(), &e, at.root);
                let meta = FileMeta {
                    unreadable: true,
                    ..meta
                };
                self.stated(local, at, None, Ok(meta))
            }
            meta => self.stated(local, at, None, meta),
        }
    }

    /// A file that could not be opened: the warning, and — where `lstat`
    /// still gives its size — the file counted by its size and place, not
    /// read (a file the totals leave out would make them lie).
    fn unreadable(
        &self,
        local: &mut Local<V::Scratch>,
        at: FileAt<'_, V::Dir>,
        dir: &rustix::fd::OwnedFd,
        name: &std::ffi::CStr,
        e: &std::io::Error,
    ) {
        self.warn(&mut local.found, at.path.full(), e, at.root);
        if let Ok(meta) = stat_at(dir, name).ok().filter(|m| m.is_file).ok_or(()) {
            let meta = FileMeta {
                unreadable: true,
                ..meta
            };
            self.stated(local, at, None, Ok(meta));
        }
    }

    fn stated(
        &self,
        local: &mut Local<V::Scratch>,
        at: FileAt<'_, V::Dir>,
        file: Option<File>,
        meta: std::io::Result<FileMeta>,
    ) {
        match meta {
            Ok(meta) if meta.is_file => {
                local.bytes += meta.size;
                self.visitor
                    .file(&mut local.found, &mut local.scratch, at, file, &meta)
            }
            Ok(_) => local.found.specials.push(Special {
                path: at.path.full(),
                kind: "other".into(),
            }),
            Err(e) => self.warn(&mut local.found, at.path.full(), &e, at.root),
        }
    }

    fn link(&self, rel: String, link: &Path, target: &Path) -> Link {
        Link {
            path: rel,
            target: path_string(target).0,
            points: link_points(link, target, &self.layout.root).into(),
            user_folder: false,
        }
    }

    fn warn(&self, found: &mut Found, rel: String, e: &std::io::Error, root: &WalkRoot) {
        let w = io_warning(rel, e, root.bundle_id.is_some());
        self.visitor.warning(found, w);
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
