//! Where output goes: stdout, or a file written beside its target and
//! renamed into place, never inside the inspected tree.

use std::fs;
use std::io::{self, Write};
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
        /// Where it goes.
        target: PathBuf,
    },
}

impl Output {
    /// True for standard output (a terminal's settings may apply).
    pub fn is_stdout(&self) -> bool {
        matches!(self, Output::Stdout(_))
    }
}

impl Output {
    /// Stdout, or a temporary file beside `path`. Refuses a path inside
    /// `inspected` (writing there would change the tree under audit).
    pub fn open(path: Option<&Path>, inspected: Option<&Path>) -> Result<Output, Error> {
        let Some(path) = path else {
            return Ok(Output::Stdout(io::stdout()));
        };
        let target = crate::fsio::absolute(path).map_err(|e| Error::io(path, e))?;
        if let Some(root) = inspected {
            let root = crate::fsio::absolute(root).map_err(|e| Error::io(root, e))?;
            let real_root = fs::canonicalize(&root).unwrap_or(root.clone());
            let real_parent = target.parent().and_then(|p| fs::canonicalize(p).ok());
            if target.starts_with(&root) || real_parent.is_some_and(|p| p.starts_with(&real_root)) {
                return Err(Error::Usage(format!(
                    "refusing to write {} inside the inspected tree {} (that would change it); choose a path outside it",
                    target.display(),
                    root.display()
                )));
            }
        }
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        // Registered while it lives: an interrupted run removes it.
        let tmp = scratch::create_registered(
            || {
                tempfile::Builder::new()
                    .prefix(".wxinspect-")
                    .tempfile_in(dir)
            },
            |t| t.path(),
        )
        .map_err(|e| Error::io(dir, e))?;
        Ok(Output::File { tmp, target })
    }

    /// The writer, for writing from several threads (behind a lock).
    pub fn writer_send(&mut self) -> &mut (dyn Write + Send) {
        match self {
            Output::Stdout(s) => s,
            Output::File { tmp, .. } => tmp.as_file_mut(),
        }
    }

    /// The writer.
    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(s) => s,
            Output::File { tmp, .. } => tmp.as_file_mut(),
        }
    }

    /// The error of a failed write, naming where it went.
    pub fn error(&self, e: io::Error) -> Error {
        match self {
            Output::Stdout(_) => Error::stdout(e),
            Output::File { target, .. } => Error::io(target, e),
        }
    }

    /// Flushes, and renames a file output into place.
    pub fn finish(self) -> Result<(), Error> {
        match self {
            Output::Stdout(mut s) => s.flush().map_err(Error::stdout),
            Output::File { tmp, target } => {
                let tmp_path = tmp.path().to_path_buf();
                let done = tmp.persist(&target);
                scratch::unregister(&tmp_path);
                done.map_err(|e| Error::io(&target, e.error))?;
                Ok(())
            }
        }
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
}
