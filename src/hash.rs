//! SHA-256 of files, and duplicate groups staged like the fastest
//! duplicate finders (fclones): size → one inode per hard-link set →
//! hash of the first 4 KiB → hash of the last 4 KiB → full SHA-256, each
//! stage in parallel and only over what the previous stage left.

use std::collections::HashMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::inventory::{Category, FileEntry, Warning, WarningKind};
use crate::walk::open_no_follow;

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
fn sha256_range(path: &Path, offset: u64, len: usize) -> io::Result<[u8; 32]> {
    let f = open_no_follow(path)?;
    let mut buf = vec![0u8; len];
    let n = crate::sniff::read_full(&f, &mut buf, offset)?;
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
            Some(Err(e)) => warnings.push(hash_warning(&files[i].path, &e)),
            None => warnings.push(too_large(&files[i])),
        }
    }
}

fn too_large(f: &FileEntry) -> Warning {
    Warning {
        path: f.path.clone(),
        kind: WarningKind::TooLarge,
        message: format!("{} bytes: over --max-hash-size, not hashed", f.size),
    }
}

fn hash_warning(path: &str, e: &io::Error) -> Warning {
    let kind = crate::walk::warning_kind(e.raw_os_error(), false);
    Warning {
        path: path.to_string(),
        kind,
        message: format!("could not hash: {e}"),
    }
}

/// One group of identical files.
#[derive(Debug, Clone, Serialize)]
pub struct DupeGroup {
    pub size: u64,
    pub sha256: String,
    /// One path per distinct inode.
    pub files: Vec<String>,
    /// Further paths that are hard links to one of `files`.
    pub aliases: Vec<String>,
    /// Categories of the copies (for the table).
    #[serde(skip)]
    pub categories: Vec<Category>,
}

/// The `wxinspect.dupes/1` document.
#[derive(Debug, Clone, Serialize)]
pub struct Dupes {
    pub schema: &'static str,
    pub groups: Vec<DupeGroup>,
    pub reclaimable_bytes: u64,
    pub warnings: Vec<Warning>,
}

/// Finds groups of identical regular files among `idx` (indices into
/// `files`), of at least `min_size` bytes.
pub fn find_dupes(
    files: &[FileEntry],
    abs: &(dyn Fn(&FileEntry) -> PathBuf + Sync),
    idx: &[usize],
    min_size: u64,
    max_size: Option<u64>,
) -> Dupes {
    let mut warnings = Vec::new();
    // Stage 1: by size.
    let mut by_size: HashMap<u64, Vec<usize>> = HashMap::new();
    for &i in idx {
        if max_size.is_some_and(|m| files[i].size > m) {
            warnings.push(too_large(&files[i]));
            continue;
        }
        if files[i].size >= min_size.max(1) {
            by_size.entry(files[i].size).or_default().push(i);
        }
    }
    // Stage 2: one representative per inode; the rest are aliases.
    let mut aliases: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut candidates: Vec<Vec<usize>> = Vec::new();
    for (_, group) in by_size {
        let mut reps: Vec<usize> = Vec::new();
        let mut by_inode: HashMap<(u64, u64), usize> = HashMap::new();
        for i in group {
            match files[i].inode {
                Some(ino) if files[i].nlink > 1 => match by_inode.get(&ino) {
                    Some(&rep) => aliases.entry(rep).or_default().push(i),
                    None => {
                        by_inode.insert(ino, i);
                        reps.push(i);
                    }
                },
                _ => reps.push(i),
            }
        }
        if reps.len() > 1 {
            candidates.push(reps);
        }
    }
    // Stages 3-5: first 4 KiB, last 4 KiB (larger files), full hash.
    type Stage = fn(&Path, u64) -> io::Result<[u8; 32]>;
    let stages: [(Stage, u64); 3] = [
        (|p, size| sha256_range(p, 0, PARTIAL.min(size as usize)), 0),
        (
            |p, size| sha256_range(p, size - PARTIAL as u64, PARTIAL),
            2 * PARTIAL as u64,
        ),
        (|p, _| sha256_file(p), PARTIAL as u64 + 1),
    ];
    let mut full: HashMap<usize, [u8; 32]> = HashMap::new();
    for (si, (stage, min_for_stage)) in stages.iter().enumerate() {
        let work: Vec<usize> = candidates
            .iter()
            .flatten()
            .copied()
            .filter(|&i| files[i].size >= *min_for_stage)
            .collect();
        let hashed: Vec<(usize, io::Result<[u8; 32]>)> = work
            .par_iter()
            .map(|&i| (i, stage(&abs(&files[i]), files[i].size)))
            .collect();
        let mut digest: HashMap<usize, [u8; 32]> = HashMap::new();
        for (i, r) in hashed {
            match r {
                Ok(d) => {
                    digest.insert(i, d);
                }
                Err(e) => warnings.push(hash_warning(&files[i].path, &e)),
            }
        }
        let mut next = Vec::new();
        for group in candidates {
            let (skip, test): (Vec<usize>, Vec<usize>) = group
                .into_iter()
                .partition(|&i| files[i].size < *min_for_stage);
            // Files too small for this stage were settled by the one before.
            if skip.len() > 1 {
                next.push(skip);
            }
            let mut sub: HashMap<[u8; 32], Vec<usize>> = HashMap::new();
            for i in test {
                if let Some(d) = digest.get(&i) {
                    sub.entry(*d).or_default().push(i);
                }
            }
            next.extend(sub.into_values().filter(|g| g.len() > 1));
        }
        candidates = next;
        if si == 2 {
            full = digest;
        }
    }
    // Small files (≤ 4 KiB) were hashed whole by the first stage.
    let mut groups: Vec<DupeGroup> = candidates
        .into_iter()
        .map(|mut g| {
            g.sort_by(|a, b| files[*a].path.cmp(&files[*b].path));
            let size = files[g[0]].size;
            let sha = match full.get(&g[0]) {
                Some(d) => hex(d),
                None => sha256_file(&abs(&files[g[0]]))
                    .map(|d| hex(&d))
                    .unwrap_or_default(),
            };
            let mut al: Vec<String> = g
                .iter()
                .flat_map(|i| aliases.get(i).into_iter().flatten())
                .map(|&j| files[j].path.clone())
                .collect();
            al.sort();
            DupeGroup {
                size,
                sha256: sha,
                categories: g.iter().map(|&i| files[i].category).collect(),
                files: g.iter().map(|&i| files[i].path.clone()).collect(),
                aliases: al,
            }
        })
        .collect();
    groups.sort_by(|a, b| {
        let wa = a.size * (a.files.len() as u64 - 1);
        let wb = b.size * (b.files.len() as u64 - 1);
        wb.cmp(&wa).then_with(|| a.files[0].cmp(&b.files[0]))
    });
    let reclaimable_bytes = groups
        .iter()
        .map(|g| g.size * (g.files.len() as u64 - 1))
        .sum();
    Dupes {
        schema: "wxinspect.dupes/1",
        groups,
        reclaimable_bytes,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, size: u64, ino: u64, nlink: u64) -> FileEntry {
        FileEntry::for_test(path, size, ino, nlink)
    }

    #[test]
    fn stages_find_true_duplicates_only() {
        let t = tempfile::tempdir().unwrap();
        let big_a: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
        let mut big_b = big_a.clone();
        big_b[10_000] ^= 1; // same size, same head and tail, different middle
        let files_data: Vec<(&str, Vec<u8>)> = vec![
            ("a", big_a.clone()),
            ("b", big_a.clone()),
            ("c", big_b),
            ("d", b"small".to_vec()),
            ("e", b"small".to_vec()),
            ("f", b"smalx".to_vec()),
        ];
        let mut files = Vec::new();
        for (i, (n, d)) in files_data.iter().enumerate() {
            std::fs::write(t.path().join(n), d).unwrap();
            files.push(entry(n, d.len() as u64, i as u64, 1));
        }
        let idx: Vec<usize> = (0..files.len()).collect();
        let d = find_dupes(
            &files,
            &|f: &FileEntry| t.path().join(&f.path),
            &idx,
            1,
            None,
        );
        let sets: Vec<Vec<String>> = d.groups.iter().map(|g| g.files.clone()).collect();
        assert_eq!(
            sets,
            vec![
                vec!["a".to_string(), "b".to_string()],
                vec!["d".to_string(), "e".to_string()]
            ]
        );
        assert_eq!(d.reclaimable_bytes, 20_000 + 5);
        assert_eq!(d.groups[0].sha256, hex(&Sha256::digest(&big_a)));
    }
}
