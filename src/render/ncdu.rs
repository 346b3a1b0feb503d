//! `scan --format ncdu`: the walked tree as ncdu's JSON export (format 1.2,
//! as ncdu 1.18 writes it with `-o`), so that `ncdu -f FILE` or `gdu -f
//! FILE` opens the scan later, on any machine, without walking again.
//!
//! The export is `[1, 2, {metadata}, [root, …]]`: a folder is an array
//! whose first element describes it and whose other elements are its
//! entries; a file is an object. As ncdu writes them: `asize` and `dsize`
//! left out when zero, `dev` on the root and on a folder of another device
//! than its parent, `ino`, `hlnkc` and `nlink` on a file with hard links
//! (readers count the inode once), `notreg` on links and specials, and
//! `read_error` on a folder that could not be listed. Folders between
//! PATH and the walked places are written with their own size; nothing
//! outside the walked places is listed.

use std::cmp::Ordering;
use std::io::{self, Write};

use crate::model::{EntryStat, FileEntry, StatKind};

/// What the export is made of.
pub struct NcduTree<'a> {
    /// The root's name: PATH made absolute (or its pseudonym).
    pub root: String,
    /// Regular files (every one with a record).
    pub files: &'a [FileEntry],
    /// Folders (the root, those walked, those between PATH and the walked
    /// places), links and specials, with their `lstat`.
    pub stats: &'a [EntryStat],
    /// The name written for the entry at a root-relative path (its last
    /// component, or a pseudonym of it).
    pub name: &'a dyn Fn(&str) -> String,
    /// Unix seconds, for the metadata.
    pub timestamp: i64,
}

#[derive(Clone, Copy)]
enum Item<'a> {
    File(&'a FileEntry),
    Stat(&'a EntryStat),
}

impl<'a> Item<'a> {
    /// The folder and the name ("" and "" for the root).
    fn split(&self) -> (&'a str, &'a str) {
        match self {
            Item::File(f) => (f.path.dir(), f.path.name()),
            Item::Stat(s) => s.path.rsplit_once('/').unwrap_or(("", &s.path)),
        }
    }

    fn is_root(&self) -> bool {
        matches!(self, Item::Stat(s) if s.path.is_empty())
    }

    fn is_folder(&self) -> bool {
        matches!(self, Item::Stat(s) if s.kind == StatKind::Folder)
    }
}

/// The path's bytes with `/` ordered before every other byte, so that a
/// folder's entries follow it without anything in between (`a`, `a/b`,
/// `a b`).
fn key<'a>(dir: &'a str, name: &'a str) -> impl Iterator<Item = u16> + 'a {
    let sep = (!dir.is_empty()).then_some(0u16);
    dir.bytes()
        .map(|b| if b == b'/' { 0 } else { u16::from(b) + 1 })
        .chain(sep)
        .chain(name.bytes().map(|b| u16::from(b) + 1))
}

fn order(a: &Item<'_>, b: &Item<'_>) -> Ordering {
    match (a.is_root(), b.is_root()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        _ => {
            let ((da, na), (db, nb)) = (a.split(), b.split());
            key(da, na).cmp(key(db, nb))
        }
    }
}

/// `path` is `folder` or below it.
fn within(path: &str, folder: &str) -> bool {
    folder.is_empty()
        || (path.len() > folder.len()
            && path.starts_with(folder)
            && path.as_bytes()[folder.len()] == b'/')
}

/// One open folder while writing: its path and device.
struct Open {
    path: String,
    dev: Option<u64>,
}

/// Puts files and stats in the order [`write`] takes them (in place: no
/// second list of 200,000 entries), one stat per path.
pub fn prepare(files: &mut [FileEntry], stats: &mut Vec<EntryStat>) {
    files.sort_unstable_by(|a, b| order(&Item::File(a), &Item::File(b)));
    stats.sort_unstable_by(|a, b| order(&Item::Stat(a), &Item::Stat(b)));
    // One entry per path (a folder recorded twice is written once).
    stats.dedup_by(|b, a| order(&Item::Stat(a), &Item::Stat(b)) == Ordering::Equal);
}

/// Files and stats (each in [`prepare`]'s order) merged into one order.
fn merged<'a>(t: &NcduTree<'a>) -> impl Iterator<Item = Item<'a>> {
    let (files, stats) = (t.files, t.stats);
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        let next = match (files.get(i), stats.get(j)) {
            (Some(f), Some(s)) if order(&Item::File(f), &Item::Stat(s)) == Ordering::Less => {
                Item::File(f)
            }
            (_, Some(s)) => Item::Stat(s),
            (Some(f), None) => Item::File(f),
            (None, None) => return None,
        };
        match next {
            Item::File(_) => i += 1,
            Item::Stat(_) => j += 1,
        }
        Some(next)
    })
}

/// Writes the export (files and stats in [`prepare`]'s order).
pub fn write(t: &NcduTree<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(1 << 16, out);
    let mut items = merged(t).peekable();
    writeln!(
        w,
        "[1,2,{{\"progname\":\"wxinspect\",\"progver\":{},\"timestamp\":{}}},",
        serde_json::to_string(env!("CARGO_PKG_VERSION")).unwrap_or_default(),
        t.timestamp
    )?;
    let mut open: Vec<Open> = Vec::new();
    let root = items.next_if(|i| i.is_root());
    let root_stat = match root {
        Some(Item::Stat(s)) => Some(s),
        _ => None,
    };
    w.write_all(b"[")?;
    info(&mut w, &t.root, root_stat.map(Fields::of_stat), None)?;
    open.push(Open {
        path: String::new(),
        dev: root_stat.map(|s| s.dev),
    });
    for item in items {
        let (dir, name) = item.split();
        let full = match dir.is_empty() {
            true => name.to_string(),
            false => format!("{dir}/{name}"),
        };
        while open.len() > 1 && !within(&full, &open[open.len() - 1].path) {
            w.write_all(b"]")?;
            open.pop();
        }
        // Folders no record names (never expected): written without sizes.
        let top = open.last().map_or(String::new(), |o| o.path.clone());
        let missing: Vec<&str> = dir
            .get(top.len()..)
            .unwrap_or("")
            .split('/')
            .filter(|c| !c.is_empty())
            .collect();
        let mut at = top;
        for c in missing {
            at = if at.is_empty() {
                c.to_string()
            } else {
                format!("{at}/{c}")
            };
            w.write_all(b",\n[")?;
            info(&mut w, &(t.name)(&at), None, None)?;
            let dev = open.last().and_then(|o| o.dev);
            open.push(Open {
                path: at.clone(),
                dev,
            });
        }
        let parent_dev = open.last().and_then(|o| o.dev);
        let fields = match &item {
            Item::File(f) => Fields::of_file(f),
            Item::Stat(s) => Fields::of_stat(s),
        };
        if item.is_folder() {
            w.write_all(b",\n[")?;
            info(&mut w, &(t.name)(&full), Some(fields), parent_dev)?;
            open.push(Open {
                path: full,
                dev: Some(fields.dev),
            });
        } else {
            w.write_all(b",\n")?;
            info(&mut w, &(t.name)(&full), Some(fields), parent_dev)?;
        }
    }
    for _ in &open {
        w.write_all(b"]")?;
    }
    w.write_all(b"]\n")?;
    w.flush()
}

/// What an entry's object says besides its name.
#[derive(Clone, Copy)]
struct Fields {
    asize: u64,
    dsize: u64,
    dev: u64,
    /// (inode, links) of a file with hard links.
    hardlink: Option<(u64, u64)>,
    notreg: bool,
    read_error: bool,
    folder: bool,
}

impl Fields {
    fn of_file(f: &FileEntry) -> Fields {
        let (dev, ino) = f.inode().unwrap_or((0, 0));
        Fields {
            asize: f.size,
            dsize: f.allocated,
            dev,
            hardlink: (f.nlink > 1 && f.inode().is_some()).then_some((ino, u64::from(f.nlink))),
            notreg: false,
            read_error: false,
            folder: false,
        }
    }

    fn of_stat(s: &EntryStat) -> Fields {
        Fields {
            asize: s.size,
            dsize: s.allocated,
            dev: s.dev,
            hardlink: None,
            notreg: s.kind != StatKind::Folder,
            read_error: s.unlisted,
            folder: s.kind == StatKind::Folder,
        }
    }
}

/// One entry's object. `parent_dev`: `None` for the root (whose device
/// is always written).
fn info(
    w: &mut dyn Write,
    name: &str,
    f: Option<Fields>,
    parent_dev: Option<u64>,
) -> io::Result<()> {
    w.write_all(b"{\"name\":")?;
    serde_json::to_writer(&mut *w, name)?;
    if let Some(f) = f {
        if f.asize > 0 {
            write!(w, ",\"asize\":{}", f.asize)?;
        }
        if f.dsize > 0 {
            write!(w, ",\"dsize\":{}", f.dsize)?;
        }
        if f.folder && parent_dev != Some(f.dev) {
            write!(w, ",\"dev\":{}", f.dev)?;
        }
        if let Some((ino, n)) = f.hardlink {
            write!(w, ",\"ino\":{ino},\"hlnkc\":true,\"nlink\":{n}")?;
        }
        if f.notreg {
            w.write_all(b",\"notreg\":true")?;
        }
        if f.read_error {
            w.write_all(b",\"read_error\":true")?;
        }
    }
    w.write_all(b"}")
}
