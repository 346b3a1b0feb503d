//! The path coordinate systems, as distinct types where they cross module
//! borders:
//!
//! - **absolute**: a `std::path::Path`/`PathBuf` (only `fsio`, `layout` and
//!   the walker hold them; exact bytes, never lossy);
//! - **root-relative** ([`RelPath`]): below the PATH the user gave,
//!   `/`-separated, lossy where a name is not UTF-8: what every output
//!   shows (`files[].path`);
//! - **logical** ([`LogicalPath`]): the position in WeChat's layout, relative
//!   to a container's `Data/` folder (which mirrors a home folder), with
//!   `$container/` and `$group/` for the parts outside it: what the rule
//!   table and the attribution read;
//! - **account-relative**: below an account folder; only renderers make it
//!   (short paths in tables).

use std::fmt;

/// A logical path (see the module docs). Borrowed: the walker builds it in
/// a reused buffer, once per folder or file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogicalPath<'a>(pub &'a str);

impl<'a> LogicalPath<'a> {
    /// The text, `/`-separated.
    pub fn as_str(&self) -> &'a str {
        self.0
    }
    /// True when the path is `prefix` or lies below it.
    pub fn is_under(&self, prefix: &str) -> bool {
        self.0.starts_with(prefix)
            && (self.0.len() == prefix.len() || self.0.as_bytes()[prefix.len()] == b'/')
    }
}

impl fmt::Display for LogicalPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A root-relative path (see the module docs), borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelPath<'a>(pub &'a str);

impl<'a> RelPath<'a> {
    /// The text, `/`-separated.
    pub fn as_str(&self) -> &'a str {
        self.0
    }
    /// The last component.
    pub fn file_name(&self) -> &'a str {
        self.0.rsplit('/').next().unwrap_or(self.0)
    }
    /// `root_rel/inner`, either side possibly empty (the walker's and the
    /// locator's one way of joining root-relative paths).
    pub fn join(root_rel: &str, inner: &str) -> String {
        match (root_rel.is_empty(), inner.is_empty()) {
            (true, _) => inner.to_string(),
            (false, true) => root_rel.to_string(),
            (false, false) => {
                let mut r = String::with_capacity(root_rel.len() + 1 + inner.len());
                r.push_str(root_rel);
                r.push('/');
                r.push_str(inner);
                r
            }
        }
    }
}

impl fmt::Display for RelPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A file's root-relative path (see the module docs), stored as its folder,
/// shared by every file of that folder (one allocation per folder), and its
/// name; the whole path is assembled only where it is shown or written
/// (issue 13: ~150 bytes less per record on a WeChat tree, whose paths are
/// long and whose folders hold many files). The names of one folder's
/// files share one allocation too, once the walk has listed the folder
/// ([`EntryPath::share_names`]; issue 31: a name of its own cost 16 bytes
/// of pointer and 12 of allocator rounding in each of a million records).
/// Compares and sorts as the whole path would.
#[derive(Clone, Default)]
pub struct EntryPath {
    folder: std::sync::Arc<Folder>,
    /// Where the name starts in `folder.names`.
    at: u32,
    /// The name's length in bytes.
    len: u32,
}

/// A folder and the names of some of its files, end to end.
#[derive(Default)]
struct Folder {
    dir: super::shared::Shared,
    names: Box<str>,
}

impl PartialEq for EntryPath {
    fn eq(&self, o: &Self) -> bool {
        self.dir() == o.dir() && self.name() == o.name()
    }
}

impl Eq for EntryPath {}

impl std::hash::Hash for EntryPath {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.dir().hash(h);
        self.name().hash(h);
    }
}

impl EntryPath {
    /// A file `name` in the root-relative folder `dir` ("" at the root).
    pub fn new(dir: super::shared::Shared, name: &str) -> EntryPath {
        EntryPath {
            at: 0,
            len: u32::try_from(name.len()).unwrap_or(u32::MAX),
            folder: std::sync::Arc::new(Folder {
                dir,
                names: name.into(),
            }),
        }
    }

    /// Puts the names of `paths` that lie in one folder into one
    /// allocation (the walk, once it has listed a folder).
    pub fn share_names<'a>(paths: impl Iterator<Item = &'a mut EntryPath>) {
        let mut paths: Vec<&mut EntryPath> = paths.collect();
        let mut start = 0;
        while start < paths.len() {
            let dir = paths[start].folder.dir.clone();
            let end = start
                + paths[start..]
                    .iter()
                    .take_while(|p| super::shared::Shared::ptr_eq(&p.folder.dir, &dir))
                    .count();
            let total: usize = paths[start..end].iter().map(|p| p.name().len()).sum();
            if end - start > 1 && u32::try_from(total).is_ok() {
                let mut names = String::with_capacity(total);
                let mut ats = Vec::with_capacity(end - start);
                for p in &paths[start..end] {
                    ats.push(names.len() as u32);
                    names.push_str(p.name());
                }
                let folder = std::sync::Arc::new(Folder {
                    dir,
                    names: names.into_boxed_str(),
                });
                for (p, at) in paths[start..end].iter_mut().zip(ats) {
                    p.folder = folder.clone();
                    p.at = at;
                }
            }
            start = end;
        }
    }

    /// Splits a whole root-relative path at its last `/`.
    pub fn parse(full: &str) -> EntryPath {
        match full.rsplit_once('/') {
            Some((d, n)) => EntryPath::new(d.into(), n),
            None => EntryPath::new("".into(), full),
        }
    }

    /// The folder ("" at the root).
    pub fn dir(&self) -> &str {
        &self.folder.dir
    }

    /// The file name.
    pub fn name(&self) -> &str {
        let at = self.at as usize;
        self.folder
            .names
            .get(at..at + self.len as usize)
            .unwrap_or_default()
    }

    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        let sep: &[u8] = if self.dir().is_empty() { b"" } else { b"/" };
        self.dir()
            .bytes()
            .chain(sep.iter().copied())
            .chain(self.name().bytes())
    }

    /// The whole path, allocated at its exact length (`to_string` would
    /// grow a buffer piece by piece and keep the slack).
    pub fn full(&self) -> String {
        let mut s = String::with_capacity(self.len());
        if !self.dir().is_empty() {
            s.push_str(self.dir());
            s.push('/');
        }
        s.push_str(self.name());
        s
    }

    /// Length of the whole path in bytes.
    pub fn len(&self) -> usize {
        self.dir().len() + usize::from(!self.dir().is_empty()) + self.name().len()
    }

    /// Never true for a file (its name is not empty).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// As `str::ends_with` on the whole path.
    pub fn ends_with(&self, s: &str) -> bool {
        if s.len() <= self.name().len() {
            return self.name().ends_with(s);
        }
        if self.dir().is_empty() {
            return false;
        }
        let head = &s[..s.len() - self.name().len()];
        s.ends_with(self.name())
            && head
                .strip_suffix('/')
                .is_some_and(|rest| self.dir().ends_with(rest))
    }

    /// As `str::starts_with` on the whole path.
    pub fn starts_with(&self, p: &str) -> bool {
        if self.dir().is_empty() {
            return self.name().starts_with(p);
        }
        if p.len() <= self.dir().len() {
            return self.dir().starts_with(p);
        }
        p.starts_with(self.dir())
            && p.as_bytes()[self.dir().len()] == b'/'
            && self.name().starts_with(&p[self.dir().len() + 1..])
    }
}

impl fmt::Display for EntryPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.dir().is_empty() {
            f.write_str(self.dir())?;
            f.write_str("/")?;
        }
        f.write_str(self.name())
    }
}

impl fmt::Debug for EntryPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.full(), f)
    }
}

impl Ord for EntryPath {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        use std::cmp::Ordering::Equal;
        // Files of one folder (the common case when sorting a walk): the
        // names decide. Folders that differ within their common length:
        // the whole paths differ at the same byte. Otherwise byte by byte.
        if std::sync::Arc::ptr_eq(&self.folder, &o.folder)
            || super::shared::Shared::ptr_eq(&self.folder.dir, &o.folder.dir)
            || self.dir() == o.dir()
        {
            return self.name().cmp(o.name());
        }
        let (a, b) = (self.dir().as_bytes(), o.dir().as_bytes());
        let n = a.len().min(b.len());
        match a[..n].cmp(&b[..n]) {
            Equal => self.bytes().cmp(o.bytes()),
            unequal => unequal,
        }
    }
}

impl PartialOrd for EntryPath {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

impl PartialEq<str> for EntryPath {
    fn eq(&self, o: &str) -> bool {
        self.len() == o.len() && self.bytes().eq(o.bytes())
    }
}

impl PartialEq<&str> for EntryPath {
    fn eq(&self, o: &&str) -> bool {
        *self == **o
    }
}

impl PartialEq<String> for EntryPath {
    fn eq(&self, o: &String) -> bool {
        *self == **o
    }
}

impl From<&EntryPath> for String {
    fn from(p: &EntryPath) -> String {
        p.full()
    }
}

impl From<&str> for EntryPath {
    fn from(s: &str) -> EntryPath {
        EntryPath::parse(s)
    }
}

impl From<String> for EntryPath {
    fn from(s: String) -> EntryPath {
        EntryPath::parse(&s)
    }
}

impl serde::Serialize for EntryPath {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for EntryPath {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<EntryPath, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(EntryPath::parse(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 31: the names of one folder's files end up in one
    /// allocation, and the paths read, compare and sort as before.
    #[test]
    fn issue_31_one_folder_s_names_share_one_allocation() {
        let dir = crate::model::shared::Shared::from("a/b");
        let other = crate::model::shared::Shared::from("a/c");
        let mut paths = vec![
            EntryPath::new(dir.clone(), "z.dat"),
            EntryPath::new(dir.clone(), "é 文件.jpg"),
            EntryPath::new(dir.clone(), "m"),
            EntryPath::new(other.clone(), "y"),
            EntryPath::new(other, "x"),
        ];
        let before: Vec<String> = paths.iter().map(EntryPath::full).collect();
        EntryPath::share_names(paths.iter_mut());
        let after: Vec<String> = paths.iter().map(EntryPath::full).collect();
        assert_eq!(before, after);
        assert!(std::sync::Arc::ptr_eq(&paths[0].folder, &paths[2].folder));
        assert!(std::sync::Arc::ptr_eq(&paths[3].folder, &paths[4].folder));
        assert!(!std::sync::Arc::ptr_eq(&paths[0].folder, &paths[3].folder));
        assert_eq!(paths[1].name(), "é 文件.jpg");
        assert_eq!(paths[1], EntryPath::parse("a/b/é 文件.jpg"));
        let mut sorted = paths.clone();
        sorted.sort();
        let mut whole = after.clone();
        whole.sort();
        assert_eq!(
            sorted.iter().map(EntryPath::full).collect::<Vec<_>>(),
            whole
        );
        assert_eq!(std::mem::size_of::<EntryPath>(), 16);
    }

    #[test]
    fn issue_13_entry_paths_behave_as_whole_paths() {
        let p = EntryPath::parse("a/b/c.db-wal");
        assert_eq!((p.dir(), p.name()), ("a/b", "c.db-wal"));
        assert_eq!(p.to_string(), "a/b/c.db-wal");
        assert_eq!(p.len(), 12);
        for s in [
            "",
            "wal",
            "-wal",
            "c.db-wal",
            "/c.db-wal",
            "b/c.db-wal",
            "a/b/c.db-wal",
        ] {
            assert!(p.ends_with(s), "{s}");
        }
        for s in ["x/c.db-wal", "bc.db-wal", "za/b/c.db-wal"] {
            assert!(!p.ends_with(s), "{s}");
        }
        for s in ["", "a", "a/", "a/b", "a/b/", "a/b/c", "a/b/c.db-wal"] {
            assert!(p.starts_with(s), "{s}");
        }
        for s in ["b", "a/bc", "a/b/d", "a/b/c.db-walx"] {
            assert!(!p.starts_with(s), "{s}");
        }
        let top = EntryPath::parse("top.plist");
        assert_eq!((top.dir(), top.to_string().as_str()), ("", "top.plist"));
        assert!(top.ends_with("top.plist") && !top.ends_with("/top.plist"));
        // Sorted as the whole strings sort ('-' < '/').
        let mut v = [
            EntryPath::parse("a/b/c"),
            EntryPath::parse("a/b-x/d"),
            EntryPath::parse("a/b"),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(|p| p.to_string()).collect();
        assert_eq!(s, ["a/b", "a/b-x/d", "a/b/c"]);
        assert!(p == "a/b/c.db-wal" && p != "a/b/c.db");
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, "\"a/b/c.db-wal\"");
        assert_eq!(serde_json::from_str::<EntryPath>(&json).unwrap(), p);
    }

    #[test]
    fn joins_and_prefixes() {
        assert_eq!(RelPath::join("", "a/b"), "a/b");
        assert_eq!(RelPath::join("r", ""), "r");
        assert_eq!(RelPath::join("r", "a"), "r/a");
        assert_eq!(RelPath("a/b/c.db").file_name(), "c.db");
        assert!(LogicalPath("Documents/app_data/x").is_under("Documents/app_data"));
        assert!(LogicalPath("Documents/app_data").is_under("Documents/app_data"));
        assert!(!LogicalPath("Documents/app_data2").is_under("Documents/app_data"));
    }
}
