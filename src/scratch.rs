//! Our own private files outside the inspected tree, accounted for: the
//! folders that hold private copies of WeChat's databases (a WAL is read
//! from a copy, never in place) and the temporary file `--output` renames
//! into place.
//!
//! Every such path is registered while it lives. On SIGINT, SIGTERM or
//! SIGHUP the handler thread removes every registered path, clears the
//! progress line and exits 130, 143 or 129 (a second signal while cleaning
//! exits at once). A copy in progress checks [`interrupted`] between chunks
//! and gives up, so no half-written copy outlives the process.
//!
//! A run killed outright (SIGKILL, power loss) cannot clean up; the next run
//! does: a copy folder is named `wxinspect-db-<pid>-XXXXXX` and holds a
//! `.lock` file its owner keeps `flock`ed while it lives, so [`sweep_stale`]
//! removes only folders of ours (our user, our name pattern) whose owner is
//! gone. Copies go to `$TMPDIR` (the system temp folder when unset), in
//! folders only the user can read (mode 0700).

use std::fs::{File, Permissions};
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rustix::fs::FlockOperation;

/// The name every copy folder starts with.
pub const COPY_PREFIX: &str = "wxinspect-db-";
/// The lock file inside a copy folder.
const LOCK_NAME: &str = ".lock";

/// Paths to remove if the process is interrupted.
static REGISTRY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Set once a signal arrived: long copies stop at their next chunk.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Set by a command that stops by itself on the first signal.
static GRACEFUL: AtomicBool = AtomicBool::new(false);

/// The first SIGINT/SIGTERM/SIGHUP only sets [`interrupted`]: the command
/// ends its own way (`watch` prints its summary). A second one exits.
pub fn stop_gracefully() {
    GRACEFUL.store(true, Ordering::SeqCst);
}

/// True once SIGINT, SIGTERM or SIGHUP arrived.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

fn registry() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Creates something and registers its path for removal on interruption,
/// under the registry lock: the signal handler either sees it or runs
/// before it exists.
pub fn create_registered<T>(
    create: impl FnOnce() -> io::Result<T>,
    path_of: impl Fn(&T) -> &Path,
) -> io::Result<T> {
    let mut reg = registry();
    let made = create()?;
    reg.push(path_of(&made).to_path_buf());
    Ok(made)
}

/// Forgets a path (removed or renamed into place by its owner).
pub fn unregister(path: &Path) {
    registry().retain(|p| p != path);
}

/// A private folder for database copies: mode 0700, locked while it lives,
/// registered for removal on interruption, removed when dropped.
pub struct CopyDir {
    dir: tempfile::TempDir,
    /// Held for the folder's lifetime: the `flock` says "owner alive".
    _lock: File,
}

impl CopyDir {
    /// Creates `$TMPDIR/wxinspect-db-<pid>-XXXXXX`.
    pub fn new() -> io::Result<CopyDir> {
        let dir = create_registered(
            || {
                tempfile::Builder::new()
                    .prefix(&format!("{COPY_PREFIX}{}-", std::process::id()))
                    .permissions(Permissions::from_mode(0o700))
                    .tempdir()
            },
            |d| d.path(),
        )?;
        let lock = File::create(dir.path().join(LOCK_NAME))?;
        rustix::fs::flock(&lock, FlockOperation::NonBlockingLockExclusive)?;
        Ok(CopyDir { dir, _lock: lock })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for CopyDir {
    fn drop(&mut self) {
        // Removed first, forgotten after: a signal that comes while the
        // folder is being removed finds it still registered and removes it
        // too before the process exits (the other order let the handler
        // see an empty registry and exit halfway through the removal,
        // leaving a copy of the user's data: issue 25). TempDir's own drop
        // then finds nothing left.
        let _ = std::fs::remove_dir_all(self.dir.path());
        unregister(self.dir.path());
    }
}

/// Removes every registered path (the signal handler's work).
pub fn remove_registered() {
    let reg = registry();
    for p in reg.iter() {
        // The main thread may still be creating a file in a copy folder
        // (SQLite makes a `-shm` beside a WAL copy it opens; the copy loop
        // stops at its next check of `interrupted`): try again until the
        // folder is gone, for a bounded while. The main thread blocks for
        // good at its next registration (this lock is never released), so
        // the loop converges; 0.5 s proved too short on a loaded 2-core CI
        // machine (issue 17's test left a copy once), hence up to 10 s.
        for _ in 0..2000 {
            let _ = match std::fs::symlink_metadata(p) {
                Ok(m) if m.is_dir() => std::fs::remove_dir_all(p),
                Ok(_) => std::fs::remove_file(p),
                Err(_) => break,
            };
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
    // The lock is kept until exit: nothing may register after cleaning.
    std::mem::forget(reg);
}

/// Installs the SIGINT/SIGTERM/SIGHUP handler (a thread that waits for
/// signals). Without it a signal kills the process before destructors run.
pub fn install_signal_handler() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("wxinspect-signals".into())
        .spawn(move || {
            let Some(first) = signals.forever().next() else {
                return;
            };
            INTERRUPTED.store(true, Ordering::SeqCst);
            // A command that ends on a signal by design (`watch`) finishes
            // its own way; a second signal still ends it at once.
            if !GRACEFUL.load(Ordering::SeqCst) {
                std::thread::spawn(move || {
                    remove_registered();
                    restore_terminal();
                    std::process::exit(exit_code(first));
                });
            }
            // A second signal while cleaning ends the process at once.
            if let Some(second) = signals.forever().next() {
                std::process::exit(exit_code(second));
            }
        })?;
    Ok(())
}

/// 128 + the signal number, as shells report a process a signal ended.
pub fn exit_code(signal: i32) -> i32 {
    128 + signal
}

/// Ends the process as SIGINT would (our copies removed, the terminal
/// restored, exit 130): for a key that means Ctrl-C where raw mode keeps
/// the terminal from sending the signal (`browse`'s scan screen). The one
/// exit outside `main` besides the signal handler, and beside it.
pub fn exit_interrupted() -> ! {
    remove_registered();
    if let Some(restore) = *RESTORE.lock().unwrap_or_else(|e| e.into_inner()) {
        restore();
    }
    std::process::exit(exit_code(2))
}

/// What puts a full-screen terminal back (raw mode off, main screen) when
/// a signal ends the process: `browse` sets it while it runs.
static RESTORE: Mutex<Option<fn()>> = Mutex::new(None);

/// Sets (or, with `None`, clears) what a signal runs to restore the
/// terminal before the process exits.
pub fn set_terminal_restore(f: Option<fn()>) {
    *RESTORE.lock().unwrap_or_else(|e| e.into_inner()) = f;
}

/// Puts a full-screen terminal back, then clears the progress line on a
/// terminal (the bar lives on stderr).
fn restore_terminal() {
    if let Some(f) = *RESTORE.lock().unwrap_or_else(|e| e.into_inner()) {
        f();
    }
    use std::io::{IsTerminal, Write};
    let mut e = io::stderr();
    if e.is_terminal() {
        let _ = e.write_all(b"\r\x1b[2K");
        let _ = e.flush();
    }
}

/// Removes copy folders earlier runs left behind (killed outright): ours by
/// name and owner, and whose owner no longer holds the lock (or, with no
/// lock file, whose pid is gone). Returns the folders removed.
pub fn sweep_stale() -> Vec<PathBuf> {
    sweep_stale_in(&std::env::temp_dir())
}

/// [`sweep_stale`] in `tmp`.
pub fn sweep_stale_in(tmp: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(tmp) else {
        return Vec::new();
    };
    let me = rustix::process::getuid().as_raw();
    let mut removed = Vec::new();
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = copy_folder_pid(&name) else {
            continue;
        };
        let path = e.path();
        let ours = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir() && m.uid() == me);
        if ours && owner_gone(&path, pid) && std::fs::remove_dir_all(&path).is_ok() {
            removed.push(path);
        }
    }
    removed
}

/// The pid in a copy folder's name `wxinspect-db-<pid>-XXXXXX`.
pub fn copy_folder_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(COPY_PREFIX)?;
    let (pid, suffix) = rest.split_once('-')?;
    (!suffix.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        .then(|| pid.parse().ok())
        .flatten()
}

fn owner_gone(dir: &Path, pid: u32) -> bool {
    match File::open(dir.join(LOCK_NAME)) {
        // The lock is free when no process holds it — or in the instant
        // between a live run creating its lock file and locking it: a run
        // whose process is still there keeps its folder (two runs at once
        // once swept each other's new copies).
        Ok(f) => {
            rustix::fs::flock(&f, FlockOperation::NonBlockingLockExclusive).is_ok()
                && !pid_alive(pid)
        }
        // Killed between creating the folder and its lock file: ask the OS.
        Err(_) => !pid_alive(pid),
    }
}

fn pid_alive(pid: u32) -> bool {
    let Some(p) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    match rustix::process::test_kill_process(p) {
        Ok(()) => true,
        // It exists but is someone else's.
        Err(rustix::io::Errno::PERM) => true,
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(copy_folder_pid("wxinspect-db-123-abcDEF"), Some(123));
        assert_eq!(copy_folder_pid("wxinspect-db-abc"), None);
        assert_eq!(copy_folder_pid("wxinspect-db-12-"), None);
        assert_eq!(copy_folder_pid("other-123-x"), None);
        assert_eq!(exit_code(2), 130);
        assert_eq!(exit_code(15), 143);
    }

    #[test]
    fn a_live_copy_folder_is_private_locked_and_survives_a_sweep() {
        let d = CopyDir::new().unwrap();
        let mode = std::fs::metadata(d.path()).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o700);
        assert!(registry().iter().any(|p| p == d.path()));
        let tmp = d.path().parent().unwrap().to_path_buf();
        assert!(!sweep_stale_in(&tmp).contains(&d.path().to_path_buf()));
        assert!(d.path().is_dir());
        let p = d.path().to_path_buf();
        drop(d);
        assert!(!p.exists());
        assert!(!registry().iter().any(|x| x == &p));
    }

    #[test]
    fn a_left_behind_folder_is_swept_and_nothing_else() {
        let t = tempfile::tempdir().unwrap();
        // Left by a dead owner: lock file present, nobody holds it.
        let dead = t.path().join("wxinspect-db-4194303-aaaaaa");
        std::fs::create_dir(&dead).unwrap();
        std::fs::write(dead.join(LOCK_NAME), b"").unwrap();
        std::fs::write(dead.join("db"), b"copy").unwrap();
        // Killed before its lock file: a pid that cannot exist.
        let early = t.path().join("wxinspect-db-4194304-bbbbbb");
        std::fs::create_dir(&early).unwrap();
        // A live one (this process holds its lock), and things not ours.
        let live = t
            .path()
            .join(format!("wxinspect-db-{}-cccccc", std::process::id()));
        std::fs::create_dir(&live).unwrap();
        let lock = File::create(live.join(LOCK_NAME)).unwrap();
        rustix::fs::flock(&lock, FlockOperation::NonBlockingLockExclusive).unwrap();
        let other = t.path().join("wxinspect-db-notes");
        std::fs::create_dir(&other).unwrap();
        let file = t.path().join("wxinspect-db-1-file");
        std::fs::write(&file, b"x").unwrap();
        let mut removed = sweep_stale_in(t.path());
        removed.sort();
        assert_eq!(removed, vec![dead.clone(), early.clone()]);
        assert!(live.is_dir() && other.is_dir() && file.is_file());
    }
}
