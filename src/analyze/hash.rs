//! SHA-256 of files named by path and of byte ranges: the stages of
//! `dupes`. (`scan --hash` hashes while it walks, from the descriptor the
//! sniff opened: `classify::visitor`.)

use std::io;
use std::path::Path;

use sha2::{Digest, Sha256};

pub use crate::fsio::hash_warning;
use crate::fsio::{open_no_follow, read_full, sha256_of};
pub use crate::model::units::hex;

/// Bytes hashed at each end of a file in the partial stages (the walk makes
/// the first stage with the same length).
pub const PARTIAL: usize = crate::digest::PREFIX;

/// Full SHA-256 of a file of `size` bytes (its `fstat` size), streamed.
pub fn sha256_file(path: &Path, size: u64) -> io::Result<[u8; 32]> {
    sha256_of(&open_no_follow(path)?, size)
}

/// SHA-256 of `len` bytes at `offset` (a partial stage).
pub fn sha256_range(path: &Path, offset: u64, len: usize) -> io::Result<[u8; 32]> {
    let f = open_no_follow(path)?;
    let mut buf = vec![0u8; len];
    let n = read_full(&f, &mut buf, offset)?;
    Ok(Sha256::digest(&buf[..n]).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file hashed whole matches SHA-256 of its bytes, at a size that
    /// ends a read short, one of exactly the buffer's size, and empty.
    #[test]
    fn whole_file_digests() {
        let dir = tempfile::tempdir().unwrap();
        for size in [0usize, 1, 4095, 256 * 1024, 256 * 1024 + 7, 600_000] {
            let data: Vec<u8> = (0..size).map(|i| (i * 31 % 251) as u8).collect();
            let p = dir.path().join(format!("f{size}"));
            std::fs::write(&p, &data).unwrap();
            let want: [u8; 32] = Sha256::digest(&data).into();
            assert_eq!(sha256_file(&p, size as u64).unwrap(), want, "size {size}");
        }
    }
}
