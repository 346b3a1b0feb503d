//! SHA-256 of files, streamed through one buffer per thread, and of byte
//! ranges (the partial stages of `dupes`); `scan --hash` fills every
//! file's `sha256`.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::fsio::{open_no_follow, read_full, warning_kind};
use crate::model::units::{human_bytes, suggest_limit};
use crate::model::{FileEntry, Warning, WarningKind};

/// Bytes hashed at each end of a file in the partial stages.
pub const PARTIAL: usize = 4096;

/// Full SHA-256 of a file, streamed.
pub fn sha256_file(path: &Path) -> io::Result<[u8; 32]> {
    thread_local! {
        // One read buffer per thread: allocating (and zeroing) 256 KiB per
        // file costs more than hashing a small file.
        static BUF: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0u8; 256 * 1024]);
    }
    let mut f = open_no_follow(path)?;
    let mut h = Sha256::new();
    BUF.with(|b| {
        let mut buf = b.borrow_mut();
        loop {
            match f.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => h.update(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    })?;
    Ok(h.finalize().into())
}

/// SHA-256 of `len` bytes at `offset` (a partial stage).
pub fn sha256_range(path: &Path, offset: u64, len: usize) -> io::Result<[u8; 32]> {
    let f = open_no_follow(path)?;
    let mut buf = vec![0u8; len];
    let n = read_full(&f, &mut buf, offset)?;
    Ok(Sha256::digest(&buf[..n]).into())
}

/// Lower-case hex.
pub fn hex(d: &[u8]) -> String {
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Fills `sha256` of every file in parallel; unreadable files get a
/// warning and keep `null`.
pub fn hash_all(
    files: &mut [FileEntry],
    abs: &(dyn Fn(&FileEntry) -> PathBuf + Sync),
    max_size: Option<u64>,
    warnings: &mut Vec<Warning>,
) {
    let too_big = |f: &FileEntry| max_size.is_some_and(|m| f.size > m);
    let results: Vec<Option<io::Result<[u8; 32]>>> = files
        .par_iter()
        .map(|f| (!too_big(f)).then(|| sha256_file(&abs(f))))
        .collect();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Some(Ok(d)) => files[i].sha256 = Some(hex(&d)),
            Some(Err(e)) => warnings.push(hash_warning(&files[i].path.full(), &e)),
            None => warnings.push(too_large(&files[i], max_size.unwrap_or(0))),
        }
    }
}

/// The warning for a file over `--max-hash-size`.
pub fn too_large(f: &FileEntry, limit: u64) -> Warning {
    Warning::new(
        &f.path,
        WarningKind::TooLarge,
        format!(
            "not hashed: {} is over --max-hash-size {}; raise it with --max-hash-size {}",
            human_bytes(f.size),
            human_bytes(limit),
            suggest_limit(f.size)
        ),
    )
    .with_sizes(f.size, limit)
}

/// The warning for a file that could not be hashed.
pub fn hash_warning(path: &str, e: &io::Error) -> Warning {
    let kind = warning_kind(e.raw_os_error(), false);
    Warning::new(path, kind, format!("could not hash: {e}"))
}
