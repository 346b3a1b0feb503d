//! The one safe, read-only way this crate touches a file (DESIGN.md
//! invariants 1, 3 and 4): no link is followed, no FIFO can block an open,
//! access times are kept where the OS allows it, reads are positional, and
//! an errno becomes a warning kind (`EPERM` inside a container is macOS
//! privacy protection). Every reader of the inspected tree comes through
//! here; nothing here writes.

use std::ffi::CStr;
use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Component, Path, PathBuf};

use rustix::fs::{FileType, Mode, OFlags};

use crate::model::{Warning, WarningKind};

/// `openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)`,
/// plus `O_NOATIME` on Linux where the caller may use it.
pub fn open_at(dir: &OwnedFd, name: &CStr) -> io::Result<File> {
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
pub fn open_named_or_no_follow(path: &Path, named: bool) -> io::Result<File> {
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

/// The message of a warning of `kind` with the OS's own words.
pub fn message_for(kind: WarningKind, detail: &str) -> String {
    match kind {
        WarningKind::PrivacyProtected => {
            "macOS privacy protection refused access; grant Full Disk Access to your terminal app \
             (System Settings → Privacy & Security → Full Disk Access) and run again"
                .to_string()
        }
        WarningKind::PermissionDenied => "permission denied".to_string(),
        WarningKind::Vanished => "vanished while scanning".to_string(),
        WarningKind::LinkLoop => "a loop of links".to_string(),
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
pub struct FileMeta {
    /// Apparent size in bytes.
    pub size: u64,
    /// 512-byte blocks allocated.
    pub blocks: u64,
    /// Modification time, Unix seconds.
    pub mtime: i64,
    /// Nanoseconds of the modification time.
    pub mtime_nsec: u32,
    /// Device of the inode.
    pub dev: u64,
    /// Inode number.
    pub ino: u64,
    /// Hard links to the inode.
    pub nlink: u64,
    /// A regular file (not replaced by something else since listing).
    pub is_file: bool,
    /// This process cannot read it (an open failed, or the mode bits say
    /// it would): counted by its size and place, never read.
    pub unreadable: bool,
    /// An iCloud placeholder whose content is not on disk.
    pub dataless: bool,
    /// Permission bits (`st_mode & 0o7777`).
    pub perm: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
}

/// A plain `fstat` of the open descriptor (std's `metadata()` is `statx`
/// with an empty path on Linux, which copies a path in from user space).
pub fn fstat(file: &File) -> io::Result<FileMeta> {
    Ok(meta_of(&rustix::fs::fstat(file)?))
}

/// `fstatat(dirfd, name, AT_SYMLINK_NOFOLLOW)`: the metadata of a file the
/// walker does not open (POSIX, the same call on macOS and Linux).
pub fn stat_at(dir: &OwnedFd, name: &CStr) -> io::Result<FileMeta> {
    let st = rustix::fs::statat(dir.as_fd(), name, rustix::fs::AtFlags::SYMLINK_NOFOLLOW)?;
    Ok(meta_of(&st))
}

/// Field widths differ between platforms, hence the casts.
#[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
fn meta_of(st: &rustix::fs::Stat) -> FileMeta {
    FileMeta {
        size: st.st_size as u64,
        blocks: st.st_blocks as u64,
        mtime: st.st_mtime as i64,
        mtime_nsec: st.st_mtime_nsec as u32,
        dev: st.st_dev as u64,
        ino: st.st_ino as u64,
        nlink: st.st_nlink as u64,
        is_file: FileType::from_raw_mode(st.st_mode as _) == FileType::RegularFile,
        unreadable: false,
        dataless: stat_dataless(st),
        perm: st.st_mode as u32 & 0o7777,
        uid: st.st_uid as u32,
        gid: st.st_gid as u32,
    }
}

/// Whether an `open(O_RDONLY)` of a file with this metadata would pass the
/// permission check, decided from the mode bits and owner already at hand
/// (no extra call), as POSIX defines it: owner bits for the owner, group
/// bits for a member of the group, other bits otherwise; the superuser
/// reads everything. What only an open would tell (ACLs, macOS privacy
/// protection of single files, a file vanishing) is not seen here: the
/// limits are in docs/SCHEMAS.md and ARCHITECTURE.md.
pub fn may_read(meta: &FileMeta) -> bool {
    let who = credentials();
    may_read_as(meta, who.uid, who.gid, &who.groups)
}

/// [`may_read`] for given credentials (unit-tested).
pub fn may_read_as(meta: &FileMeta, uid: u32, gid: u32, groups: &[u32]) -> bool {
    if uid == 0 {
        return true;
    }
    let bit = if meta.uid == uid {
        0o400
    } else if meta.gid == gid || groups.contains(&meta.gid) {
        0o040
    } else {
        0o004
    };
    meta.perm & bit != 0
}

/// The effective user, group and supplementary groups of this process,
/// read once.
struct Credentials {
    uid: u32,
    gid: u32,
    groups: Vec<u32>,
}

fn credentials() -> &'static Credentials {
    static CREDS: std::sync::OnceLock<Credentials> = std::sync::OnceLock::new();
    CREDS.get_or_init(|| Credentials {
        uid: rustix::process::geteuid().as_raw(),
        gid: rustix::process::getegid().as_raw(),
        groups: rustix::process::getgroups()
            .map(|g| g.into_iter().map(|g| g.as_raw()).collect())
            .unwrap_or_default(),
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

/// Positional reads, so that a sniff never moves a shared cursor; a
/// `File` and a byte slice both implement it (slices for tests and fuzzing).
pub trait ReadAt {
    /// Reads into `buf` from `offset`; returns how many bytes were read.
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize>;
}

impl ReadAt for std::fs::File {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        std::os::unix::fs::FileExt::read_at(self, buf, offset)
    }
}

impl ReadAt for [u8] {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.len());
        let n = buf.len().min(self.len() - start);
        buf[..n].copy_from_slice(&self[start..start + n]);
        Ok(n)
    }
}

/// Fills as much of `buf` as the source has from `offset`.
pub fn read_full<R: ReadAt + ?Sized>(src: &R, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    let mut done = 0;
    while done < buf.len() {
        match src.read_at(&mut buf[done..], offset + done as u64) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// A small file, for `dupes`: its first stage is made by the walk while it
/// is open, and it skips the tail stage (for small files the opens, not
/// the bytes, set the cost).
pub const SMALL_FILE: u64 = 64 * 1024;

/// SHA-256 of everything `src` holds, read from offset 0 through one
/// 256 KiB buffer per thread. `size` is what `fstat` said: a short read
/// that reaches it is the end (a regular file reads short only there), so a
/// small file costs one read, not a second one that returns nothing.
pub fn sha256_of<R: ReadAt + ?Sized>(src: &R, size: u64) -> io::Result<[u8; 32]> {
    use sha2::{Digest, Sha256};
    thread_local! {
        // Allocating (and zeroing) 256 KiB per file costs more than hashing
        // a small file.
        static BUF: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0u8; 256 * 1024]);
    }
    let mut h = Sha256::new();
    BUF.with(|b| {
        let mut buf = b.borrow_mut();
        let mut offset = 0u64;
        loop {
            let n = match src.read_at(&mut buf, offset) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            h.update(&buf[..n]);
            offset += n as u64;
            if n < buf.len() && offset >= size {
                break;
            }
        }
        Ok(())
    })?;
    Ok(h.finalize().into())
}

/// The warning for a file that could not be hashed.
pub fn hash_warning(path: String, e: &io::Error) -> Warning {
    let kind = warning_kind(e.raw_os_error(), false);
    Warning::new(path, kind, format!("could not hash: {e}"))
}

/// Largest settings-sized file [`read_small`] reads.
pub const SMALL_MAX: u64 = 16 * 1024 * 1024;

/// Reads a settings-sized file (at most [`SMALL_MAX`] bytes) without
/// following links; `None` when it cannot be opened or read.
pub fn read_small(abs: &Path) -> Option<Vec<u8>> {
    let f = open_no_follow(abs).ok()?;
    let mut v = Vec::new();
    f.take(SMALL_MAX).read_to_end(&mut v).ok()?;
    Some(v)
}

/// `path` made absolute against the current folder, `.` and `..` resolved
/// lexically: links below it are not resolved (the user named this path,
/// and resolving would follow links found on disk).
pub fn absolute(path: &Path) -> io::Result<PathBuf> {
    if path.is_absolute() {
        Ok(normalize(path))
    } else {
        Ok(normalize(&std::env::current_dir()?.join(path)))
    }
}

/// `.` and `..` resolved lexically, without touching the disk.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The warning for an I/O error on `path` (a root-relative path).
pub fn io_warning(path: String, e: &io::Error, in_container: bool) -> Warning {
    let kind = warning_kind(e.raw_os_error(), in_container);
    Warning::new(path, kind, message_for(kind, &crate::error::io_words(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 13: readability without an open, from mode bits and owner.
    #[test]
    fn readable_from_mode_bits() {
        let meta = |perm, uid, gid| FileMeta {
            size: 0,
            blocks: 0,
            mtime: 0,
            mtime_nsec: 0,
            dev: 0,
            ino: 0,
            nlink: 1,
            is_file: true,
            unreadable: false,
            dataless: false,
            perm,
            uid,
            gid,
        };
        // Owner bits decide for the owner, even when others may read.
        assert!(!may_read_as(&meta(0o044, 501, 20), 501, 20, &[]));
        assert!(may_read_as(&meta(0o400, 501, 20), 501, 20, &[]));
        // Group bits for a member, primary or supplementary.
        assert!(may_read_as(&meta(0o040, 0, 80), 501, 20, &[80]));
        assert!(!may_read_as(&meta(0o004, 0, 80), 501, 20, &[80]));
        // Other bits for everyone else.
        assert!(may_read_as(&meta(0o004, 0, 0), 501, 20, &[]));
        assert!(!may_read_as(&meta(0o600, 0, 0), 501, 20, &[]));
        // The superuser reads everything.
        assert!(may_read_as(&meta(0o000, 501, 20), 0, 0, &[]));
    }

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
    fn lexical_paths() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        assert!(absolute(Path::new("x/../y")).unwrap().ends_with("y"));
    }
}
