//! The pre-aggregated tree `browse` walks (issue 14): every file once, in
//! two views built from the same compact records while the scan runs.
//!
//! - *by meaning*: location → account → category → kind → chat → month →
//!   files, the way WeChat's data means something to a person;
//! - *by folder*: the directory tree, like `ncdu`, each folder with its
//!   category mix.
//!
//! Every node carries its totals (files, bytes, newest mtime, bytes per
//! category), so opening a node or redrawing never touches the disk and
//! never sums anything again. A file's folder is interned once for all the
//! files of that folder; only its name is stored per file.

use std::collections::HashMap;

use super::reclaim::rules::{TierRule, TIER_RULES};
use super::reclaim::{newest_by_root, sidecars_to_follow, Alone, Lone, Tier};
use crate::model::{Category, CategoryBytes, FileEntry, Format, Generation, Kind, Month};

/// What a node groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// The top of a view.
    Root,
    /// A place WeChat keeps data (a walk root).
    Location,
    /// An account (`key` is its id; empty: files of no account).
    Account,
    /// A category.
    Category,
    /// A kind.
    Kind,
    /// A chat folder (`key` is its id; empty: no chat).
    Chat,
    /// A month (`YYYY-MM`; empty: unknown).
    Month,
    /// A folder (`key` is its name).
    Folder,
}

impl Level {
    /// The level in a word, as the info panel and the page's ids name it.
    pub fn word(self) -> &'static str {
        match self {
            Level::Root => "root",
            Level::Location => "location",
            Level::Account => "account",
            Level::Category => "category",
            Level::Kind => "kind",
            Level::Chat => "chat",
            Level::Month => "month",
            Level::Folder => "folder",
        }
    }
}

/// One node of a view.
#[derive(Debug, Clone)]
pub struct Node {
    /// What it groups by.
    pub level: Level,
    /// The value (account id, chat id, category word, folder name …).
    pub key: Box<str>,
    /// Its parent (the root is its own parent).
    pub parent: u32,
    /// Child nodes.
    pub children: Vec<u32>,
    /// Files directly in it (indices into [`Tree::files`]).
    pub files: Vec<u32>,
    /// Files below it, all levels.
    pub count: u64,
    /// Bytes below it.
    pub bytes: u64,
    /// The newest mtime below it (Unix seconds).
    pub newest: i64,
    /// Bytes below it per category.
    pub mix: CategoryBytes,
    /// Bytes below it per `reclaim` tier, in the order of [`Tier::ALL`]
    /// (no extra copies: those need the groups of identical files).
    pub tiers: [u64; 5],
    /// The folder all files below it share: the first `common.1` bytes of
    /// folder `common.0` (kept as the files come, so showing it costs
    /// nothing).
    pub common: (u32, u32),
}

/// One file, compact.
#[derive(Debug, Clone)]
pub struct Leaf {
    /// Its folder, an index into [`Tree::folders`].
    pub folder: u32,
    /// Its name.
    pub name: Box<str>,
    /// Apparent size.
    pub size: u64,
    /// Modification time (Unix seconds).
    pub mtime: i64,
    /// Category.
    pub category: Category,
    /// Kind.
    pub kind: Kind,
    /// Format.
    pub format: Format,
    /// Enciphered content.
    pub encrypted: bool,
    /// Account id.
    pub account: Option<crate::model::shared::Shared>,
    /// Chat id.
    pub chat: Option<crate::model::shared::Shared>,
    /// Month.
    pub month: Option<Month>,
    /// The walk root (location) it was found under.
    pub root: u16,
    /// The generation of the tree it is in.
    pub generation: Option<Generation>,
    /// The `reclaim` row that decides its tier, once known.
    pub tier: Option<&'static TierRule>,
}

impl Leaf {
    /// What its `reclaim` tier depends on.
    fn lone<'a>(&'a self, folders: &'a [Box<str>]) -> Lone<'a> {
        Lone {
            category: self.category,
            kind: self.kind,
            format: self.format,
            generation: self.generation,
            account: self.account.as_deref(),
            root: self.root,
            dir: &folders[self.folder as usize],
            name: &self.name,
        }
    }

    /// Its root-relative path, assembled.
    pub fn path(&self, tree: &Tree) -> String {
        let dir = &tree.folders[self.folder as usize];
        if dir.is_empty() {
            self.name.to_string()
        } else {
            format!("{dir}/{}", self.name)
        }
    }
}

/// Both views over one set of files.
#[derive(Debug, Clone)]
pub struct Tree {
    /// Every node of both views.
    pub nodes: Vec<Node>,
    /// Every file.
    pub files: Vec<Leaf>,
    /// Interned folder paths, root-relative.
    pub folders: Vec<Box<str>>,
    /// The root of the by-meaning view.
    pub meaning: u32,
    /// The root of the by-folder view.
    pub folder: u32,
}

/// Collects files (in any order) and makes the [`Tree`].
#[derive(Debug, Default)]
pub struct TreeBuilder {
    files: Vec<Leaf>,
    folders: Vec<Box<str>>,
    folder_ids: HashMap<Box<str>, u32>,
}

impl TreeBuilder {
    /// Adds one classified file.
    pub fn add(&mut self, f: &FileEntry) {
        let (dir, name) = (f.path.dir(), f.path.name());
        let folder = match self.folder_ids.get(dir) {
            Some(&i) => i,
            None => {
                let i = self.folders.len() as u32;
                self.folders.push(dir.into());
                self.folder_ids.insert(dir.into(), i);
                i
            }
        };
        self.files.push(Leaf {
            folder,
            name: name.into(),
            size: f.size,
            mtime: f.mtime.map_or(0, |m| m.secs),
            category: f.category,
            kind: f.kind,
            format: f.format,
            encrypted: f.encrypted,
            account: f.account.clone(),
            chat: f.chat.clone(),
            month: f.month,
            root: f.root,
            generation: f.generation,
            tier: None,
        });
    }

    /// The newest mtime under each walk root, over every file added.
    pub fn newest_by_root(&self) -> std::collections::HashMap<u16, i64> {
        newest_by_root(self.files.iter().map(|l| (l.root, l.mtime)))
    }

    /// Gives each file its `reclaim` tier, as alone (before [`finish`],
    /// which adds the tiers up).
    ///
    /// [`finish`]: TreeBuilder::finish
    pub fn set_tiers(&mut self, alone: &Alone) {
        for l in &mut self.files {
            l.tier = Some(alone.rule(&l.lone(&self.folders)));
        }
        let folders = &self.folders;
        let views = self
            .files
            .iter()
            .map(|l| (l.lone(folders), l.tier.unwrap_or(&TIER_RULES[0])));
        for (s, m) in sidecars_to_follow(views) {
            self.files[s].tier = self.files[m].tier;
        }
    }

    /// Files added so far.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Nothing added yet.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Builds both views; `locations` are the walk roots' paths by index.
    pub fn finish(self, locations: &[String]) -> Tree {
        let mut t = Tree {
            nodes: Vec::new(),
            files: self.files,
            folders: self.folders,
            meaning: 0,
            folder: 0,
        };
        t.meaning = t.node(Level::Root, "", None);
        t.folder = t.node(Level::Root, "", None);
        // Files arrive in walk order, folders interleaved: each place's
        // month node is remembered, and the words of a place are made once.
        let mut places: HashMap<Place, u32> = HashMap::new();
        let mut folder_nodes: HashMap<Box<str>, u32> = HashMap::new();
        let mut by_folder: Vec<Option<u32>> = vec![None; t.folders.len()];
        for i in 0..t.files.len() {
            let place = place_of(&t.files[i]);
            let month_node = match places.get(&place) {
                Some(&n) => n,
                None => {
                    let n = t.meaning_path(&meaning_keys(&place, locations));
                    places.insert(place, n);
                    n
                }
            };
            t.attach(month_node, i as u32);
            let folder = t.files[i].folder as usize;
            let fnode = match by_folder[folder] {
                Some(n) => n,
                None => {
                    let dir = t.folders[folder].clone();
                    let n = t.folder_node(&dir, &mut folder_nodes);
                    by_folder[folder] = Some(n);
                    n
                }
            };
            t.attach(fnode, i as u32);
        }
        t
    }
}

/// What decides a file's node in the by-meaning view: location, account,
/// category, kind, chat, month (cheap to hash and to copy).
type Place = (
    u16,
    Option<crate::model::shared::Shared>,
    Category,
    Kind,
    Option<crate::model::shared::Shared>,
    Option<Month>,
);

fn place_of(f: &Leaf) -> Place {
    (
        f.root,
        f.account.clone(),
        f.category,
        f.kind,
        f.chat.clone(),
        f.month,
    )
}

/// The keys of a place's nodes in the by-meaning view, below the root.
fn meaning_keys(p: &Place, locations: &[String]) -> [String; 6] {
    [
        locations
            .get(usize::from(p.0))
            .map_or_else(|| ".".to_string(), String::clone),
        p.1.as_deref().unwrap_or("").to_string(),
        p.2.as_str().to_string(),
        p.3.as_str().to_string(),
        p.4.as_deref().unwrap_or("").to_string(),
        p.5.map(|m| m.to_string()).unwrap_or_default(),
    ]
}

const MEANING_LEVELS: [Level; 6] = [
    Level::Location,
    Level::Account,
    Level::Category,
    Level::Kind,
    Level::Chat,
    Level::Month,
];

impl Tree {
    fn node(&mut self, level: Level, key: &str, parent: Option<u32>) -> u32 {
        let id = self.nodes.len() as u32;
        self.nodes.push(Node {
            level,
            key: key.into(),
            parent: parent.unwrap_or(id),
            children: Vec::new(),
            files: Vec::new(),
            count: 0,
            bytes: 0,
            newest: 0,
            mix: CategoryBytes::default(),
            tiers: [0; 5],
            common: (u32::MAX, 0),
        });
        if let Some(p) = parent {
            self.nodes[p as usize].children.push(id);
        }
        id
    }

    /// The child of `parent` at `level` with `key`, made if missing.
    fn child(&mut self, parent: u32, level: Level, key: &str) -> u32 {
        let found = self.nodes[parent as usize]
            .children
            .iter()
            .copied()
            .find(|&c| &*self.nodes[c as usize].key == key);
        found.unwrap_or_else(|| self.node(level, key, Some(parent)))
    }

    fn meaning_path(&mut self, keys: &[String; 6]) -> u32 {
        let mut n = self.meaning;
        for (level, key) in MEANING_LEVELS.iter().zip(keys) {
            n = self.child(n, *level, key);
        }
        n
    }

    /// The node of a root-relative folder path, with its parents.
    fn folder_node(&mut self, dir: &str, memo: &mut HashMap<Box<str>, u32>) -> u32 {
        if dir.is_empty() {
            return self.folder;
        }
        if let Some(&n) = memo.get(dir) {
            return n;
        }
        let (parent, name) = dir.rsplit_once('/').unwrap_or(("", dir));
        let p = self.folder_node(parent, memo);
        let n = self.node(Level::Folder, name, Some(p));
        memo.insert(dir.into(), n);
        n
    }

    /// Puts file `i` in `node` and adds it to the totals up to the root.
    fn attach(&mut self, node: u32, i: u32) {
        self.nodes[node as usize].files.push(i);
        let f = &self.files[i as usize];
        let (size, mtime, folder) = (f.size, f.mtime, f.folder);
        let category = f.category;
        let tier = f
            .tier
            .map(|r| Tier::ALL.iter().position(|t| *t == r.tier).unwrap_or(4));
        let mut n = node;
        loop {
            let nd = &mut self.nodes[n as usize];
            nd.count += 1;
            nd.bytes += size;
            nd.newest = nd.newest.max(mtime);
            nd.mix.add(category, size);
            if let Some(t) = tier {
                nd.tiers[t] += size;
            }
            nd.common = if nd.common.0 == u32::MAX {
                (folder, self.folders[folder as usize].len() as u32)
            } else if nd.common.0 == folder || nd.common.1 == 0 {
                // The same folder again, or nothing shared left: unchanged.
                nd.common
            } else {
                let have = &self.folders[nd.common.0 as usize][..nd.common.1 as usize];
                let len = shared_prefix(have, &self.folders[folder as usize]).len();
                (nd.common.0, len as u32)
            };
            if nd.parent == n {
                break;
            }
            n = nd.parent;
        }
    }

    /// The root-relative folder path of a by-folder node.
    pub fn folder_path(&self, mut n: u32) -> String {
        let mut parts = Vec::new();
        while self.nodes[n as usize].level == Level::Folder {
            parts.push(&*self.nodes[n as usize].key);
            n = self.nodes[n as usize].parent;
        }
        parts.reverse();
        parts.join("/")
    }

    /// The folder every file below node `n` shares (root-relative).
    pub fn common_folder(&self, n: u32) -> &str {
        let (f, len) = self.nodes[n as usize].common;
        self.folders
            .get(f as usize)
            .map_or("", |d| &d[..len as usize])
    }

    /// The nodes from the root to `n` (both included).
    pub fn ancestry(&self, mut n: u32) -> Vec<u32> {
        let mut out = vec![n];
        while self.nodes[n as usize].parent != n {
            n = self.nodes[n as usize].parent;
            out.push(n);
        }
        out.reverse();
        out
    }
}

/// The longest common folder prefix of two `/`-separated paths.
pub fn shared_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    // Whole folders only: `a/bc` and `a/b` share `a`.
    let boundary = |s: &[u8], i: usize| i == s.len() || s[i] == b'/';
    // The common case while files are added: `a` is already a prefix.
    if y.starts_with(x) && boundary(y, x.len()) {
        return a;
    }
    let n = x.iter().zip(y).take_while(|(p, q)| p == q).count();
    if boundary(x, n) && boundary(y, n) {
        return &a[..n];
    }
    // `/` is ASCII, so the cut is on a character boundary.
    x[..n]
        .iter()
        .rposition(|&c| c == b'/')
        .map_or("", |i| &a[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(shared_prefix("a/b/c", "a/b/d"), "a/b");
        assert_eq!(shared_prefix("a/b", "a/b/d"), "a/b");
        assert_eq!(shared_prefix("a/b/d", "a/b"), "a/b");
        assert_eq!(shared_prefix("a/bc", "a/b"), "a");
        assert_eq!(shared_prefix("a/b", "a/b"), "a/b");
        assert_eq!(shared_prefix("x", "y"), "");
    }

    fn entry(path: &str, size: u64, category: Category, account: Option<&str>) -> FileEntry {
        let mut f = FileEntry::for_test(path, size, 0, 1);
        f.category = category;
        f.account = account.map(crate::model::shared::Shared::from);
        f
    }

    #[test]
    fn both_views_count_every_file_once() {
        let mut b = TreeBuilder::default();
        b.add(&entry("x/a/1.jpg", 10, Category::Media, Some("wxid_a")));
        b.add(&entry("x/a/2.jpg", 20, Category::Media, Some("wxid_a")));
        b.add(&entry("x/b/c.db", 5, Category::Database, Some("wxid_b")));
        b.add(&entry("top.plist", 1, Category::Config, None));
        let t = b.finish(&[".".into()]);
        for root in [t.meaning, t.folder] {
            let r = &t.nodes[root as usize];
            assert_eq!((r.count, r.bytes), (4, 36));
        }
        assert_eq!(t.folders.len(), 3);
        // by folder: x → a, b; top.plist at the root.
        let root = &t.nodes[t.folder as usize];
        assert_eq!(root.files.len(), 1);
        let x = root.children[0];
        assert_eq!(t.folder_path(t.nodes[x as usize].children[0]), "x/a");
        assert_eq!(
            t.nodes[x as usize].mix.get(Category::Database),
            5,
            "database bytes"
        );
        // by meaning: one location, three accounts (one empty).
        let loc = t.nodes[t.meaning as usize].children[0];
        assert_eq!(t.nodes[loc as usize].children.len(), 3);
        let leaf = &t.files[2];
        assert_eq!(leaf.path(&t), "x/b/c.db");
        assert_eq!(t.ancestry(loc), vec![t.meaning, loc]);
        assert_eq!(t.common_folder(loc), "");
        let acct_a = t.nodes[loc as usize].children[0];
        assert_eq!(t.common_folder(acct_a), "x/a");
    }
}
