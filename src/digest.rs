//! The digests a walk makes from the descriptor its sniff opened: `scan
//! --hash`'s SHA-256 of every file, and the first stage of `dupes` for
//! small files whose size repeats (their whole SHA-256, or 64 bits of the
//! SHA-256 of their first 4 KiB, kept by inode). Below classification so
//! that the walk's visitor records them and `analyze::dupes` reads them
//! without reaching across layers.

use std::collections::HashMap;
use std::fs::File;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::fsio::{hash_warning, read_full, sha256_of, FileMeta, SMALL_FILE};
use crate::model::units::Sha256 as Digest256;
use crate::model::Warning;

/// Bytes of a file's start the first stage of `dupes` compares.
pub const PREFIX: usize = 4096;

/// First stages of files over [`PREFIX`] bytes, by (`dev`, `ino`).
pub type HeadDigests = HashMap<(u64, u64), u64>;

/// The first stage of `dupes` for a file over [`PREFIX`] bytes: 64 bits of
/// the SHA-256 of its first [`PREFIX`] bytes. Only a filter (the files it
/// leaves together are compared whole by SHA-256 after), so 8 bytes per
/// file are enough and keep the table small.
pub fn first_stage(head: &[u8]) -> u64 {
    let d = Sha256::digest(head);
    u64::from_le_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
}

/// What [`Hashing::RepeatedSmall`] keeps while walking: the sizes of small
/// files met so far, and the first stages made, by inode (`dev`, `ino`).
#[derive(Debug, Default)]
pub struct FirstStages {
    seen: SeenSizes,
    table: Mutex<HeadDigests>,
}

impl FirstStages {
    /// Empty unless `hash` is [`Hashing::RepeatedSmall`]. The table is
    /// sized up front for a few hundred thousand files: growing it from the
    /// walk's threads left the freed tables scattered over their allocator
    /// arenas (60 MiB more peak memory at 200k files); untouched capacity
    /// costs no memory.
    pub fn for_hashing(hash: Hashing) -> FirstStages {
        let table = match hash {
            Hashing::RepeatedSmall { .. } => HeadDigests::with_capacity(1 << 18),
            _ => HeadDigests::new(),
        };
        FirstStages {
            seen: SeenSizes::for_hashing(hash),
            table: Mutex::new(table),
        }
    }

    /// The first stages made, once the walk is over.
    pub fn into_table(self) -> HeadDigests {
        self.table.into_inner().unwrap_or_default()
    }
}

/// What the walk hashes from the descriptor the sniff opened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Hashing {
    /// Nothing.
    #[default]
    Off,
    /// `scan --hash`: every file, except those over `max_size` (a
    /// `too_large` warning).
    Every {
        /// `--max-hash-size`.
        max_size: Option<u64>,
    },
    /// `dupes`: the first [`PREFIX`] bytes of a file of at most
    /// [`SMALL_FILE`] bytes (and `max_size`) whose size an earlier file of
    /// the walk already had, into [`FirstStages`]: the first stage
    /// of `dupes`, made while the file is open instead of opening it again
    /// by path (for small files the opens cost more than the bytes). The
    /// first file of each size is read later, only if its size has
    /// company. Problems are left to `dupes`, which opens the file again.
    RepeatedSmall {
        /// `--max-hash-size`.
        max_size: Option<u64>,
    },
}

/// One bit per file size up to [`SMALL_FILE`]: set once a file of that size
/// was met. Lock-free, so the walk's threads share it without waiting.
#[derive(Debug, Default)]
struct SeenSizes(Vec<AtomicU64>);

impl SeenSizes {
    /// The set [`Hashing::RepeatedSmall`] needs (8 KiB); empty otherwise.
    fn for_hashing(hash: Hashing) -> SeenSizes {
        let words = match hash {
            Hashing::RepeatedSmall { .. } => SMALL_FILE as usize / 64 + 1,
            _ => 0,
        };
        SeenSizes((0..words).map(|_| AtomicU64::new(0)).collect())
    }

    /// Marks `size` as met; whether it had been before.
    fn met_again(&self, size: u64) -> bool {
        let (word, bit) = (size as usize / 64, 1u64 << (size % 64));
        size <= SMALL_FILE
            && self
                .0
                .get(word)
                .is_some_and(|w| w.fetch_or(bit, Ordering::Relaxed) & bit != 0)
    }
}

impl FirstStages {
    /// The SHA-256 or first stage `hash` asks for, from an open file of
    /// `meta` (its descriptor already open for the sniff: one open per
    /// file). `--hash`: a file over the limit or that fails to read gets a
    /// warning (`path` names it). `dupes`: a small file whose size repeats
    /// gets its whole SHA-256 (up to [`PREFIX`] bytes) or its first stage,
    /// kept here by inode; problems are left to `dupes`.
    pub fn digest_open(
        &self,
        hash: Hashing,
        file: &File,
        meta: &FileMeta,
        path: &dyn Fn() -> String,
        warnings: &mut Vec<Warning>,
    ) -> Option<Digest256> {
        let size = meta.size;
        let over = |max: Option<u64>| max.filter(|m| size > *m);
        match hash {
            Hashing::Off => None,
            Hashing::RepeatedSmall { max_size } => {
                let wanted = size <= SMALL_FILE && over(max_size).is_none();
                if !wanted || !self.seen.met_again(size) {
                    return None;
                }
                let mut head = [0u8; PREFIX];
                let n = read_full(file, &mut head, 0).ok()?;
                if size <= PREFIX as u64 {
                    // The first stage is the whole file: its SHA-256.
                    return Some(Digest256::new(Sha256::digest(&head[..n]).into()));
                }
                if let Ok(mut p) = self.table.lock() {
                    p.insert((meta.dev, meta.ino), first_stage(&head[..n]));
                }
                None
            }
            Hashing::Every { max_size } => {
                if let Some(limit) = over(max_size) {
                    warnings.push(Warning::too_large(path(), size, limit));
                    return None;
                }
                sha256_of(file, size)
                    .map_err(|e| warnings.push(hash_warning(path(), &e)))
                    .ok()
                    .map(Digest256::new)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_met_again_only_after_a_first_time() {
        let seen = SeenSizes::for_hashing(Hashing::RepeatedSmall { max_size: None });
        assert!(!seen.met_again(0));
        assert!(seen.met_again(0));
        assert!(!seen.met_again(SMALL_FILE));
        assert!(seen.met_again(SMALL_FILE));
        assert!(!seen.met_again(63) && !seen.met_again(64));
        // Past the set, or with no set: never "again".
        assert!(!seen.met_again(SMALL_FILE + 1) && !seen.met_again(SMALL_FILE + 1));
        let off = SeenSizes::for_hashing(Hashing::Off);
        assert!(!off.met_again(5) && !off.met_again(5));
    }
}
