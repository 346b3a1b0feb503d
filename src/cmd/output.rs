//! Where output goes: stdout; a regular file (or a new name), written
//! beside its resolved path and renamed into place, so a link stays a link
//! and a reader never sees half a report; or anything else — a FIFO, a
//! terminal or another character device, `/proc/self/fd/N`, `-` — written
//! straight through, never replaced. Never inside the inspected tree.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::scratch;
use crate::Error;

/// Output destination.
pub enum Output {
    /// Standard output.
    Stdout(io::Stdout),
    /// A temporary file beside the target, renamed into place.
    File {
        /// The temporary file.
        tmp: tempfile::NamedTempFile,
        /// Where it goes (links resolved: the link itself stays).
        target: PathBuf,
        /// `--output` as given, for messages.
        given: PathBuf,
    },
    /// A file one may write in a folder one may not: written from its
    /// start, cut to the new length at the end.
    InPlace {
        /// The file.
        file: File,
        /// `--output` as given.
        given: PathBuf,
    },
    /// A FIFO, a device or a descriptor, written as it is.
    Through {
        /// The open destination.
        file: File,
        /// `--output` as given.
        given: PathBuf,
    },
}

impl Output {
    /// True for standard output (a terminal's settings may apply).
    pub fn is_stdout(&self) -> bool {
        matches!(self, Output::Stdout(_))
    }

    /// Stdout (no path, or `-`), or the destination `path` decides by what
    /// it is once links are followed. Refuses a path inside `inspected`
    /// (writing there would change the tree under audit), through links
    /// too.
    pub fn open(path: Option<&Path>, inspected: Option<&Path>) -> Result<Output, Error> {
        let Some(given) = path.filter(|p| p.as_os_str() != "-") else {
            return Ok(Output::Stdout(io::stdout()));
        };
        // `stat` follows links, `/proc/self/fd/N` included: what the
        // destination really is decides how it is written.
        let found = match fs::metadata(given) {
            Ok(m) => Some(m),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(given, e)),
        };
        let resolved = match &found {
            Some(_) => fs::canonicalize(given).unwrap_or_else(|_| given.to_path_buf()),
            None => resolve_new(given)?,
        };
        if let Some(root) = inspected {
            refuse_inside(given, &resolved, root)?;
        }
        match found {
            Some(m) if m.is_dir() => Err(Error::Usage(format!(
                "--output {} is a folder; name a file",
                given.display()
            ))),
            Some(m) if !m.is_file() => {
                // A FIFO, a terminal, a device, a descriptor: written as
                // it is (opened for writing, never created or replaced),
                // so the reader or the device gets the bytes.
                let file = OpenOptions::new()
                    .write(true)
                    .custom_flags(libc::O_NOCTTY)
                    .open(given)
                    .map_err(|e| Error::io(given, e))?;
                Ok(Output::Through {
                    file,
                    given: given.to_path_buf(),
                })
            }
            existing => {
                let keep = existing.as_ref().map(|m| m.permissions().mode() & 0o7777);
                match temp_beside(given, &resolved, keep) {
                    Ok(tmp) => Ok(Output::File {
                        tmp,
                        target: resolved,
                        given: given.to_path_buf(),
                    }),
                    // A file one may write in a folder one may not: written
                    // in place, as a shell's `>` would (cut to its new
                    // length at the end), since nothing can be renamed
                    // there.
                    Err(e) if existing.is_some() => {
                        match OpenOptions::new().write(true).open(&resolved) {
                            Ok(file) => Ok(Output::InPlace {
                                file,
                                given: given.to_path_buf(),
                            }),
                            Err(_) => Err(e),
                        }
                    }
                    Err(e) => Err(e),
                }
            }
        }
    }

    /// The writer, for writing from several threads (behind a lock).
    pub fn writer_send(&mut self) -> &mut (dyn Write + Send) {
        match self {
            Output::Stdout(s) => s,
            Output::File { tmp, .. } => tmp.as_file_mut(),
            Output::Through { file, .. } | Output::InPlace { file, .. } => file,
        }
    }

    /// The writer.
    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(s) => s,
            Output::File { tmp, .. } => tmp.as_file_mut(),
            Output::Through { file, .. } | Output::InPlace { file, .. } => file,
        }
    }

    /// The error of a failed write, naming where it went.
    pub fn error(&self, e: io::Error) -> Error {
        match self {
            Output::Stdout(_) => Error::stdout(e),
            Output::File { given, .. }
            | Output::Through { given, .. }
            | Output::InPlace { given, .. } => Error::io(given, e),
        }
    }

    /// Flushes, and renames a file output into place.
    pub fn finish(self) -> Result<(), Error> {
        match self {
            Output::Stdout(mut s) => s.flush().map_err(Error::stdout),
            Output::Through { mut file, given } => file.flush().map_err(|e| Error::io(&given, e)),
            Output::InPlace { mut file, given } => {
                use std::io::Seek;
                let end = file.stream_position();
                end.and_then(|n| file.set_len(n))
                    .map_err(|e| Error::io(&given, e))
            }
            Output::File { tmp, target, given } => {
                let tmp_path = tmp.path().to_path_buf();
                let done = tmp.persist(&target);
                scratch::unregister(&tmp_path);
                done.map_err(|e| Error::io(&given, e.error))?;
                Ok(())
            }
        }
    }
}

/// A temporary file in the folder of `resolved`, to be renamed onto it. A
/// new file gets the mode a shell's `>` gives (0666 less the umask: the
/// mode goes to `open(2)`); a file replaced keeps its own (`keep`).
fn temp_beside(
    given: &Path,
    resolved: &Path,
    keep: Option<u32>,
) -> Result<tempfile::NamedTempFile, Error> {
    let dir = resolved
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        let e = io::Error::new(
            io::ErrorKind::NotFound,
            format!("the folder {} does not exist", dir.display()),
        );
        return Err(Error::io(given, e));
    }
    // Registered while it lives: an interrupted run removes it.
    let tmp = scratch::create_registered(
        || {
            tempfile::Builder::new()
                .prefix(".wxinspect-")
                .permissions(Permissions::from_mode(0o666))
                .tempfile_in(dir)
        },
        |t| t.path(),
    )
    .map_err(|e| Error::io(given, without_path(e)))?;
    if let Some(mode) = keep {
        tmp.as_file()
            .set_permissions(Permissions::from_mode(mode))
            .map_err(|e| Error::io(given, e))?;
    }
    Ok(tmp)
}

/// Where a name that does not exist yet will be: absolute, through the
/// links that lead to it (a dangling link is written at its target, and
/// stays a link), its folder as it really is.
fn resolve_new(given: &Path) -> Result<PathBuf, Error> {
    let mut path = crate::fsio::absolute(given).map_err(|e| Error::io(given, e))?;
    // Bounded, as the kernel bounds it (a loop of links ends here).
    for _ in 0..40 {
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&path).map_err(|e| Error::io(given, e))?;
                path = path.parent().unwrap_or(Path::new("/")).join(to);
            }
            _ => {
                let dir = path
                    .parent()
                    .map(|d| fs::canonicalize(d).unwrap_or(d.to_path_buf()));
                return Ok(match (dir, path.file_name()) {
                    (Some(d), Some(n)) => d.join(n),
                    _ => path,
                });
            }
        }
    }
    Err(Error::io(
        given,
        io::Error::other("too many levels of symbolic links"),
    ))
}

/// Refuses a destination in the inspected tree, as given or resolved.
fn refuse_inside(given: &Path, resolved: &Path, root: &Path) -> Result<(), Error> {
    let root_abs = crate::fsio::absolute(root).map_err(|e| Error::io(root, e))?;
    let real_root = fs::canonicalize(&root_abs).unwrap_or(root_abs.clone());
    let given_abs = crate::fsio::absolute(given).map_err(|e| Error::io(given, e))?;
    if given_abs.starts_with(&root_abs) || resolved.starts_with(&real_root) {
        return Err(Error::Usage(format!(
            "refusing to write {} inside the inspected tree {} (that would change it); choose a path outside it",
            given.display(),
            root.display()
        )));
    }
    Ok(())
}

/// An I/O error without the temporary file's name `tempfile` adds: the
/// person gave `--output`, not `.wxinspect-XXXXXX`.
fn without_path(e: io::Error) -> io::Error {
    match e.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code),
        None => io::Error::new(e.kind(), e.kind().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_inside() {
        let t = tempfile::tempdir().unwrap();
        let inside = t.path().join("report.md");
        assert!(matches!(
            Output::open(Some(&inside), Some(t.path())),
            Err(Error::Usage(_))
        ));
        let other = tempfile::tempdir().unwrap();
        let mut o = Output::open(Some(&other.path().join("r.md")), Some(t.path())).unwrap();
        o.writer().write_all(b"hi").unwrap();
        o.finish().unwrap();
        assert_eq!(fs::read(other.path().join("r.md")).unwrap(), b"hi");
    }

    #[test]
    fn issue_25_a_link_stays_a_link_and_inside_through_a_link_is_refused() {
        let t = tempfile::tempdir().unwrap();
        let real = t.path().join("real.md");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, Permissions::from_mode(0o640)).unwrap();
        let link = t.path().join("link.md");
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        let mut o = Output::open(Some(&link), None).unwrap();
        o.writer().write_all(b"new").unwrap();
        o.finish().unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"new");
        assert_eq!(
            fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o640
        );
        // A link outside the tree pointing into it.
        let tree = t.path().join("tree");
        fs::create_dir(&tree).unwrap();
        let sneaky = t.path().join("sneaky.md");
        std::os::unix::fs::symlink(tree.join("x.md"), &sneaky).unwrap();
        assert!(matches!(
            Output::open(Some(&sneaky), Some(&tree)),
            Err(Error::Usage(_))
        ));
        assert!(!tree.join("x.md").exists());
    }
}
