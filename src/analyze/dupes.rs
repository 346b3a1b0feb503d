//! Duplicate groups, staged like the fastest duplicate finders (fclones):
//! size → one inode per hard-link set → hash of the first 4 KiB → hash of
//! the last 4 KiB → full SHA-256, each stage in parallel and only over
//! what the stage before left. For small files the opens, not the bytes,
//! are the cost: the first stage of a small file whose size repeats is
//! made by the walk while the file is open ([`HeadDigests`]), and a small file
//! (up to [`WHOLE`] bytes) skips the tail stage, going from its first 4 KiB
//! to one whole read. Nothing is ever deleted or moved.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::hash::{hash_warning, hex, sha256_file, sha256_range, PARTIAL};
use crate::digest::first_stage;
pub use crate::digest::HeadDigests;
use crate::fsio::{open_no_follow, read_full, SMALL_FILE};
use crate::model::{Category, FileEntry, Warning};

/// One group of identical files.
#[derive(Debug, Clone, Serialize)]
pub struct DupeGroup {
    /// Bytes per copy.
    pub size: u64,
    /// SHA-256 of the content.
    pub sha256: String,
    /// One path per distinct inode.
    pub files: Vec<String>,
    /// Further paths that are hard links to one of `files`.
    pub aliases: Vec<String>,
    /// The account of each copy, in the order of `files` (`null` where a
    /// copy belongs to none).
    pub accounts: Vec<Option<String>>,
    /// The install of each copy (`installs[].path`), in the order of
    /// `files`: one id can live in two installs.
    pub installs: Vec<String>,
    /// Identical, but each copy is in use (databases, their sidecars,
    /// settings, key material, network state): never reclaimable.
    pub in_use: bool,
    /// Categories of the copies (for the table).
    #[serde(skip)]
    pub categories: Vec<Category>,
    /// The copies' indices in the inventory's files, in the order of
    /// `files` (`--format paths` takes their absolute paths from there).
    #[serde(skip)]
    pub members: Vec<usize>,
}

/// The `wxinspect.dupes/1` document.
#[derive(Debug, Clone, Serialize)]
pub struct Dupes {
    /// `wxinspect.dupes/1`.
    pub schema: &'static str,
    /// Groups, most reclaimable first.
    pub groups: Vec<DupeGroup>,
    /// Bytes all copies but one take, over every group not in use.
    pub reclaimable_bytes: u64,
    /// Files that could not be hashed.
    pub warnings: Vec<Warning>,
    /// Warnings past the first thousand of their kind, counted per kind.
    #[serde(skip_serializing_if = "crate::model::warning::Omitted::is_empty")]
    pub warnings_omitted: crate::model::warning::Omitted,
}

/// A file, as an index into the inventory's `files`.
type Idx = usize;
/// Indices of files that may still be identical.
type Group = Vec<Idx>;
/// Hard links of a representative file, by its index.
type Aliases = HashMap<Idx, Vec<Idx>>;
/// One content stage: a digest of a file of `size` bytes.
type Stage = fn(&Path, u64) -> io::Result<[u8; 32]>;

/// Files of one size that may still be identical, and the SHA-256 of
/// their content once a stage has hashed them whole (the same for all:
/// they are together because their digests were). Each group is split
/// on its own, so no table of every file's digest is ever held (issue 31:
/// two such tables were most of `dupes`' memory at a million files).
struct Candidates {
    members: Group,
    whole: Option<[u8; 32]>,
}

/// Files up to this size skip the tail stage: after their first 4 KiB, one
/// whole read settles them (the walk makes their first stage when it can).
pub const WHOLE: u64 = SMALL_FILE;

/// The content stages after size and inode, each with the smallest file it
/// applies to (smaller files were settled whole by the stage before).
const CONTENT_STAGES: [(Stage, u64); 3] = [
    // All of a file of up to 4 KiB; the first stage of a larger one.
    (first_stage_of, 0),
    // The last 4 KiB of a large file.
    (
        |p, size| sha256_range(p, size - PARTIAL as u64, PARTIAL),
        WHOLE + 1,
    ),
    // The whole file.
    (sha256_file, PARTIAL as u64 + 1),
];

/// The first stage from one read of a file's first 4 KiB: the SHA-256 of a
/// file that small, else [`first_stage`] widened to a digest's size (as
/// the walk makes them).
fn first_stage_of(p: &Path, size: u64) -> io::Result<[u8; 32]> {
    let mut head = [0u8; PARTIAL];
    let n = read_full(&open_no_follow(p)?, &mut head, 0)?;
    Ok(match size {
        0..=PARTIAL_U64 => Sha256::digest(&head[..n]).into(),
        _ => widen(first_stage(&head[..n])),
    })
}

const PARTIAL_U64: u64 = PARTIAL as u64;

/// A first stage as a digest (the stage machinery compares digests).
fn widen(k: u64) -> [u8; 32] {
    let mut d = [0u8; 32];
    d[..8].copy_from_slice(&k.to_le_bytes());
    d
}

/// Whether `stage` of [`CONTENT_STAGES`] hashed a file of `size` whole.
fn hashed_whole(stage: usize, size: u64) -> bool {
    match stage {
        0 => size <= PARTIAL_U64,
        _ => stage == CONTENT_STAGES.len() - 1,
    }
}

/// Finds groups of identical regular files among `idx` (indices into
/// `files`), of at least `min_size` bytes. `head_digests`: first stages the
/// walk made (may be empty).
pub fn find_dupes(
    files: &[FileEntry],
    abs: &(dyn Fn(&FileEntry) -> PathBuf + Sync),
    idx: &[usize],
    (min_size, max_size): (u64, Option<u64>),
    head_digests: &HeadDigests,
) -> Dupes {
    let mut warnings = Vec::new();
    let by_size = by_size(files, idx, min_size, max_size, &mut warnings);
    let (groups, aliases) = one_per_inode(files, by_size);
    let mut candidates: Vec<Candidates> = groups
        .into_iter()
        .map(|members| Candidates {
            members,
            whole: None,
        })
        .collect();
    for (n, (stage, min_for_stage)) in CONTENT_STAGES.into_iter().enumerate() {
        let split: Vec<(Vec<Candidates>, Vec<Warning>)> = candidates
            .into_par_iter()
            .map(|c| split_group(files, abs, c, (n, stage, min_for_stage), head_digests))
            .collect();
        candidates = Vec::new();
        for (mut c, mut w) in split {
            candidates.append(&mut c);
            warnings.append(&mut w);
        }
    }
    let mut groups: Vec<DupeGroup> = candidates
        .into_iter()
        .map(|c| make_group(files, abs, c, &aliases))
        .collect();
    // Reclaimable groups first, most bytes first; then those in use.
    let extra = |g: &DupeGroup| g.size * (g.files.len() as u64 - 1);
    groups.sort_by(|a, b| {
        a.in_use
            .cmp(&b.in_use)
            .then_with(|| extra(b).cmp(&extra(a)))
            .then_with(|| a.files[0].cmp(&b.files[0]))
    });
    let reclaimable_bytes = groups.iter().map(DupeGroup::reclaimable).sum();
    Dupes {
        schema: "wxinspect.dupes/1",
        groups,
        reclaimable_bytes,
        warnings,
        warnings_omitted: Default::default(),
    }
}

impl DupeGroup {
    /// Bytes all copies but one take; none for copies in use.
    pub fn reclaimable(&self) -> u64 {
        match self.in_use {
            true => 0,
            false => self.size * (self.files.len() as u64 - 1),
        }
    }
}

/// Stage 1: files of one size (over `--max-hash-size`: a warning).
fn by_size(
    files: &[FileEntry],
    idx: &[Idx],
    min_size: u64,
    max_size: Option<u64>,
    warnings: &mut Vec<Warning>,
) -> HashMap<u64, Group> {
    let mut by_size: HashMap<u64, Group> = HashMap::new();
    for &i in idx {
        if let Some(m) = max_size.filter(|m| files[i].size > *m) {
            warnings.push(Warning::too_large(files[i].path.full(), files[i].size, m));
            continue;
        }
        if files[i].size >= min_size.max(1) {
            by_size.entry(files[i].size).or_default().push(i);
        }
    }
    by_size
}

/// Stage 2: one representative per inode; the other hard links become its
/// aliases (they take no extra space).
fn one_per_inode(files: &[FileEntry], by_size: HashMap<u64, Group>) -> (Vec<Group>, Aliases) {
    let mut aliases = Aliases::new();
    let mut candidates = Vec::new();
    for (_, group) in by_size {
        let mut reps: Group = Vec::new();
        let mut by_inode: HashMap<(u64, u64), Idx> = HashMap::new();
        for i in group {
            match files[i].inode() {
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
    (candidates, aliases)
}

/// One stage over one group (all of one size): a group of files smaller
/// than the stage asks for is left as it is (the stage before settled
/// it); otherwise each member's digest, in parallel, and the group split
/// by them. Unreadable files become warnings and drop out.
fn split_group(
    files: &[FileEntry],
    abs: &(dyn Fn(&FileEntry) -> PathBuf + Sync),
    c: Candidates,
    (n, stage, min_for_stage): (usize, Stage, u64),
    head_digests: &HeadDigests,
) -> (Vec<Candidates>, Vec<Warning>) {
    let size = files[c.members[0]].size;
    if size < min_for_stage {
        return (vec![c], Vec::new());
    }
    // A digest the walk made saves opening the file again: a first stage
    // (`Hashing::RepeatedSmall`), or a whole file (`--hash`).
    let made = |f: &FileEntry| {
        let first = f
            .inode()
            .filter(|_| n == 0)
            .and_then(|k| head_digests.get(&k));
        let whole = hashed_whole(n, f.size);
        first
            .map(|k| widen(*k))
            .or_else(|| f.sha256.as_ref().filter(|_| whole).map(|d| *d.bytes()))
    };
    let hashed: Vec<(Idx, io::Result<[u8; 32]>)> = c
        .members
        .par_iter()
        .map(|&i| match made(&files[i]) {
            Some(d) => (i, Ok(d)),
            None => (i, stage(&abs(&files[i]), files[i].size)),
        })
        .collect();
    let mut warnings = Vec::new();
    let mut digests: Vec<([u8; 32], Idx)> = Vec::with_capacity(hashed.len());
    for (i, r) in hashed {
        match r {
            Ok(d) => digests.push((d, i)),
            Err(e) => warnings.push(hash_warning(files[i].path.full(), &e)),
        }
    }
    digests.sort_unstable();
    let whole = hashed_whole(n, size);
    let next = digests
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
        .map(|run| Candidates {
            members: run.iter().map(|(_, i)| *i).collect(),
            whole: if whole { Some(run[0].0) } else { c.whole },
        })
        .collect();
    (next, warnings)
}

/// The reported group: paths sorted, the full SHA-256 (every file of a
/// group was hashed whole by one stage or another), aliases.
fn make_group(
    files: &[FileEntry],
    abs: &(dyn Fn(&FileEntry) -> PathBuf + Sync),
    c: Candidates,
    aliases: &Aliases,
) -> DupeGroup {
    let mut g = c.members;
    g.sort_by(|a, b| files[*a].path.cmp(&files[*b].path));
    let sha256 = match c.whole {
        Some(d) => hex(&d),
        None => sha256_file(&abs(&files[g[0]]), files[g[0]].size)
            .map(|d| hex(&d))
            .unwrap_or_default(),
    };
    let mut al: Vec<String> = g
        .iter()
        .flat_map(|i| aliases.get(i).into_iter().flatten())
        .map(|&j| files[j].path.full())
        .collect();
    al.sort();
    DupeGroup {
        size: files[g[0]].size,
        sha256,
        categories: g.iter().map(|&i| files[i].category).collect(),
        accounts: g
            .iter()
            .map(|&i| files[i].account.as_deref().map(str::to_string))
            .collect(),
        installs: Vec::new(),
        in_use: g.iter().any(|&i| {
            let f = &files[i];
            crate::classify::in_use(f.category, f.kind, f.format)
        }),
        files: g.iter().map(|&i| files[i].path.full()).collect(),
        aliases: al,
        members: g,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    fn entry(path: &str, size: u64, ino: u64, nlink: u16) -> FileEntry {
        FileEntry::for_test(path, size, ino, nlink)
    }

    #[test]
    fn stages_find_true_duplicates_only() {
        let t = tempfile::tempdir().unwrap();
        let big_a: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
        let mut big_b = big_a.clone();
        big_b[10_000] ^= 1; // same size, same head and tail, different middle
                            // Over WHOLE: through the head, tail and whole-file stages.
        let huge_a: Vec<u8> = (0..200_000u32).map(|i| (i % 241) as u8).collect();
        let mut huge_b = huge_a.clone();
        huge_b[100_000] ^= 1;
        let files_data: Vec<(&str, Vec<u8>)> = vec![
            ("g", huge_a.clone()),
            ("h", huge_a.clone()),
            ("i", huge_b),
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
            &|f: &FileEntry| t.path().join(f.path.full()),
            &idx,
            (1, None),
            &HeadDigests::new(),
        );
        let sets: Vec<Vec<String>> = d.groups.iter().map(|g| g.files.clone()).collect();
        assert_eq!(
            sets,
            vec![
                vec!["g".to_string(), "h".to_string()],
                vec!["a".to_string(), "b".to_string()],
                vec!["d".to_string(), "e".to_string()]
            ]
        );
        assert_eq!(d.reclaimable_bytes, 200_000 + 20_000 + 5);
        assert_eq!(d.groups[0].sha256, hex(&Sha256::digest(&huge_a)));
        assert_eq!(d.groups[1].sha256, hex(&Sha256::digest(&big_a)));
        assert_eq!(d.groups[2].sha256, hex(&Sha256::digest(b"small")));
    }

    /// Issue 13: first stages made by the walk are used as they are, and
    /// so is a whole-file digest (`--hash`): f0 and f1 are gone from disk
    /// and still grouped; f3 and f4 are identical on disk, but the walk's
    /// (planted) first stages say they differ, and they are not reread.
    #[test]
    fn digests_made_while_walking_save_an_open() {
        let t = tempfile::tempdir().unwrap();
        let digest = crate::model::units::Sha256::new(Sha256::digest(b"small").into());
        let mut files: Vec<FileEntry> = (0..5).map(|i| entry(&format!("f{i}"), 5, i, 1)).collect();
        files[0].sha256 = Some(digest.clone());
        files[1].sha256 = Some(digest);
        std::fs::write(t.path().join("f2"), b"other").unwrap();
        let big = vec![9u8; 10_000];
        for i in [3, 4] {
            files[i].size = big.len() as u64;
            std::fs::write(t.path().join(format!("f{i}")), &big).unwrap();
        }
        let run = |head_digests: &HeadDigests| {
            let d = find_dupes(
                &files,
                &|f: &FileEntry| t.path().join(f.path.full()),
                &[0, 1, 2, 3, 4],
                (1, None),
                head_digests,
            );
            d.groups.iter().map(|g| g.files.clone()).collect::<Vec<_>>()
        };
        let differ: HeadDigests = [
            (files[3].inode().unwrap(), 1),
            (files[4].inode().unwrap(), 2),
        ]
        .into();
        assert_eq!(run(&differ), vec![vec!["f0", "f1"]]);
        assert_eq!(
            run(&HeadDigests::new()),
            vec![vec!["f3", "f4"], vec!["f0", "f1"]]
        );
    }
}
