//! The state of `browse` and what each key does to it: no terminal, no
//! disk (the tree is already built), so every key is unit-tested.

use std::path::PathBuf;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::analyze::tree::{Level, Tree};
use crate::model::{Category, CategoryBytes, Role, Warning};
use crate::render::term::{account_label, chat_name};

/// Which tree is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Location → account → category → kind → chat → month → files.
    Meaning,
    /// The directory tree.
    Folder,
}

/// The order of the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Largest first.
    Size,
    /// Most files first.
    Files,
    /// By label.
    Name,
    /// Newest first.
    Newest,
}

impl Sort {
    /// The word shown in the header.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Size => "size",
            Sort::Files => "files",
            Sort::Name => "name",
            Sort::Newest => "newest",
        }
    }

    fn next(self) -> Sort {
        match self {
            Sort::Size => Sort::Files,
            Sort::Files => Sort::Name,
            Sort::Name => Sort::Newest,
            Sort::Newest => Sort::Size,
        }
    }
}

/// What takes the keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// The list.
    List,
    /// Typing a filter (every key is text).
    Filter(String),
    /// The key list.
    Help,
    /// The warnings, scrolled by this many lines.
    Warnings(usize),
}

/// One row of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A node (index into the tree's nodes).
    Node(u32),
    /// A file (index into the tree's files).
    File(u32),
}

/// What the terminal loop must do after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Redraw.
    None,
    /// Restore the terminal and end.
    Quit,
    /// Show this path in the file manager.
    Reveal(PathBuf),
}

/// Everything `browse` shows.
pub struct App {
    /// The tree.
    pub tree: Tree,
    /// A label per node, made once.
    pub labels: Vec<String>,
    /// The scan root, absolute (for full paths and `o`).
    pub root: PathBuf,
    /// Role of each location, by the location's path.
    pub roles: Vec<(String, Role)>,
    /// Warnings of the scan.
    pub warnings: Vec<Warning>,
    /// The view shown.
    pub view: View,
    /// The order of rows.
    pub sort: Sort,
    /// What takes the keys.
    pub mode: Mode,
    /// The info panel is open.
    pub info: bool,
    /// The applied filter (lower case).
    pub filter: Option<String>,
    /// The nodes opened, per view, with the selection in each.
    stacks: [Vec<(u32, usize)>; 2],
    /// The rows of the current node, filtered and sorted.
    pub rows: Vec<Row>,
    /// The selected row.
    pub selected: usize,
    /// A one-line message (what `o` did).
    pub status: Option<String>,
    /// Rows a page key moves (set from the list's height when drawn).
    pub page: usize,
    /// Paths are pseudonyms (`--anonymize`): nothing to reveal.
    pub anonymized: bool,
}

impl App {
    /// The app at the by-meaning root (folded into a single child).
    pub fn new(
        tree: Tree,
        root: PathBuf,
        roles: Vec<(String, Role)>,
        warnings: Vec<Warning>,
    ) -> App {
        let labels = (0..tree.nodes.len())
            .map(|i| label(&tree, i as u32, &roles))
            .collect();
        let stacks = [vec![(tree.meaning, 0)], vec![(tree.folder, 0)]];
        let mut app = App {
            tree,
            labels,
            root,
            roles,
            warnings,
            view: View::Meaning,
            sort: Sort::Size,
            mode: Mode::List,
            info: false,
            filter: None,
            stacks,
            rows: Vec::new(),
            selected: 0,
            status: None,
            page: 10,
            anonymized: false,
        };
        for v in 0..2 {
            let (n, _) = app.stacks[v][0];
            app.stacks[v][0].0 = app.fold(n);
        }
        app.refresh();
        app
    }

    fn stack(&self) -> &Vec<(u32, usize)> {
        &self.stacks[self.view as usize]
    }

    fn stack_mut(&mut self) -> &mut Vec<(u32, usize)> {
        &mut self.stacks[self.view as usize]
    }

    /// The node whose rows are shown.
    pub fn current(&self) -> u32 {
        self.stack().last().map_or(0, |s| s.0)
    }

    /// Goes down through nodes that hold one child and no file.
    fn fold(&self, mut n: u32) -> u32 {
        loop {
            let nd = &self.tree.nodes[n as usize];
            if nd.children.len() == 1 && nd.files.is_empty() {
                n = nd.children[0];
            } else {
                return n;
            }
        }
    }

    /// The label of a row.
    pub fn row_label(&self, r: Row) -> &str {
        match r {
            Row::Node(n) => &self.labels[n as usize],
            Row::File(f) => &self.tree.files[f as usize].name,
        }
    }

    /// How many labels and file names match `q` (lower case) at and below
    /// a row.
    fn hits(&self, r: Row, q: &str) -> usize {
        let me = usize::from(self.row_label(r).to_lowercase().contains(q));
        match r {
            Row::File(_) => me,
            Row::Node(n) => {
                let nd = &self.tree.nodes[n as usize];
                let kids: usize = nd
                    .children
                    .iter()
                    .map(|&c| self.hits(Row::Node(c), q))
                    .sum();
                let files: usize = nd.files.iter().map(|&f| self.hits(Row::File(f), q)).sum();
                me + kids + files
            }
        }
    }

    /// Files, bytes and newest mtime of a row.
    pub fn row_totals(&self, r: Row) -> (u64, u64, i64) {
        match r {
            Row::Node(n) => {
                let nd = &self.tree.nodes[n as usize];
                (nd.count, nd.bytes, nd.newest)
            }
            Row::File(f) => {
                let f = &self.tree.files[f as usize];
                (1, f.size, f.mtime)
            }
        }
    }

    /// Rebuilds the rows of the current node (filter, sort), keeping the
    /// selected row where it is still there.
    pub fn refresh(&mut self) {
        let keep = self.rows.get(self.selected).copied();
        let nd = &self.tree.nodes[self.current() as usize];
        let mut rows: Vec<Row> = nd
            .children
            .iter()
            .map(|&c| Row::Node(c))
            .chain(nd.files.iter().map(|&f| Row::File(f)))
            .collect();
        if let Some(q) = self.filter.clone() {
            // A row stays when it or anything below it matches (a file's
            // name, a label as tables print it); the status says how many.
            let hits: Vec<usize> = rows.iter().map(|&r| self.hits(r, &q)).collect();
            let total: usize = hits.iter().sum();
            let mut i = 0;
            rows.retain(|_| {
                i += 1;
                hits[i - 1] > 0
            });
            self.status = Some(match total {
                0 => format!("nothing here or below matches \"{q}\""),
                1 => format!("1 match for \"{q}\" here and below"),
                n => format!("{n} matches for \"{q}\" here and below"),
            });
        }
        match self.sort {
            Sort::Size => rows.sort_by_key(|&r| std::cmp::Reverse(self.row_totals(r).1)),
            Sort::Files => rows.sort_by_key(|&r| std::cmp::Reverse(self.row_totals(r).0)),
            Sort::Newest => rows.sort_by_key(|&r| std::cmp::Reverse(self.row_totals(r).2)),
            Sort::Name => rows.sort_by(|&a, &b| self.row_label(a).cmp(self.row_label(b))),
        }
        self.rows = rows;
        self.selected = keep
            .and_then(|k| self.rows.iter().position(|&r| r == k))
            .unwrap_or(self.selected.min(self.rows.len().saturating_sub(1)));
    }

    /// The selected row.
    pub fn selection(&self) -> Option<Row> {
        self.rows.get(self.selected).copied()
    }

    /// The labels from the view's root to the current node (folded levels
    /// included).
    pub fn breadcrumb(&self) -> Vec<&str> {
        self.tree
            .ancestry(self.current())
            .into_iter()
            .skip(1)
            .map(|n| self.labels[n as usize].as_str())
            .collect()
    }

    /// The absolute path of a row (a file, a folder; for a by-meaning node
    /// the folder all its files share).
    pub fn row_path(&self, r: Row) -> PathBuf {
        match r {
            Row::File(f) => self.root.join(self.tree.files[f as usize].path(&self.tree)),
            Row::Node(n) if self.tree.nodes[n as usize].level == Level::Folder => {
                self.root.join(self.tree.folder_path(n))
            }
            Row::Node(n) => self.root.join(self.tree.common_folder(n)),
        }
    }

    /// Handles one key.
    pub fn key(&mut self, k: KeyEvent) -> Action {
        if k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL) {
            return Action::Quit;
        }
        self.status = None;
        match self.mode.clone() {
            Mode::Filter(text) => self.filter_key(k, text),
            Mode::Help => match k.code {
                KeyCode::Char('q') => Action::Quit,
                _ => {
                    self.mode = Mode::List;
                    Action::None
                }
            },
            Mode::Warnings(at) => self.warnings_key(k, at),
            Mode::List => self.list_key(k),
        }
    }

    fn filter_key(&mut self, k: KeyEvent, mut text: String) -> Action {
        match k.code {
            KeyCode::Enter => {
                self.filter = (!text.is_empty()).then(|| text.to_lowercase());
                self.mode = Mode::List;
                self.selected = 0;
                self.refresh();
            }
            KeyCode::Esc => self.mode = Mode::List,
            KeyCode::Backspace => {
                text.pop();
                self.mode = Mode::Filter(text);
            }
            KeyCode::Char(c) => {
                text.push(c);
                self.mode = Mode::Filter(text);
            }
            _ => {}
        }
        Action::None
    }

    fn warnings_key(&mut self, k: KeyEvent, at: usize) -> Action {
        let last = self.warnings.len().saturating_sub(1);
        self.mode = match k.code {
            KeyCode::Char('q') => return Action::Quit,
            KeyCode::Down | KeyCode::Char('j') => Mode::Warnings((at + 1).min(last)),
            KeyCode::Up | KeyCode::Char('k') => Mode::Warnings(at.saturating_sub(1)),
            KeyCode::PageDown => Mode::Warnings((at + self.page).min(last)),
            KeyCode::PageUp => Mode::Warnings(at.saturating_sub(self.page)),
            _ => Mode::List,
        };
        Action::None
    }

    fn list_key(&mut self, k: KeyEvent) -> Action {
        let last = self.rows.len().saturating_sub(1);
        match k.code {
            KeyCode::Char('q') | KeyCode::Esc => return Action::Quit,
            KeyCode::Down | KeyCode::Char('j') => self.selected = (self.selected + 1).min(last),
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::PageDown => self.selected = (self.selected + self.page).min(last),
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(self.page),
            KeyCode::Char('g') | KeyCode::Home => self.selected = 0,
            KeyCode::Char('G') | KeyCode::End => self.selected = last,
            KeyCode::Enter | KeyCode::Right | KeyCode::Char('l') => self.open(),
            KeyCode::Left | KeyCode::Backspace | KeyCode::Char('h') => self.up(),
            KeyCode::Char('s') => {
                self.sort = self.sort.next();
                self.refresh();
            }
            KeyCode::Char('v') => {
                let sel = self.selected;
                if let Some(top) = self.stack_mut().last_mut() {
                    top.1 = sel;
                }
                self.rows.clear();
                self.view = match self.view {
                    View::Meaning => View::Folder,
                    View::Folder => View::Meaning,
                };
                self.filter = None;
                self.selected = self.stack().last().map_or(0, |s| s.1);
                self.refresh();
            }
            KeyCode::Char('/') => self.mode = Mode::Filter(String::new()),
            KeyCode::Char('?') => self.mode = Mode::Help,
            KeyCode::Char('i') => self.info = !self.info,
            KeyCode::Char('w') => self.mode = Mode::Warnings(0),
            KeyCode::Char('o') => {
                if let Some(r) = self.selection() {
                    return Action::Reveal(self.row_path(r));
                }
            }
            _ => {}
        }
        Action::None
    }

    /// Opens the selected node (a file opens the info panel).
    fn open(&mut self) {
        match self.selection() {
            Some(Row::Node(n)) => {
                let sel = self.selected;
                if let Some(top) = self.stack_mut().last_mut() {
                    top.1 = sel;
                }
                let n = self.fold(n);
                self.stack_mut().push((n, 0));
                self.filter = None;
                self.selected = 0;
                self.rows.clear();
                self.refresh();
            }
            Some(Row::File(_)) => self.info = true,
            None => {}
        }
    }

    /// Goes back to the node opened before.
    fn up(&mut self) {
        if self.stack().len() > 1 {
            self.stack_mut().pop();
            self.filter = None;
            self.rows.clear();
            self.selected = self.stack().last().map_or(0, |s| s.1);
            self.refresh();
        }
    }
}

/// What a node is called on screen.
fn label(tree: &Tree, n: u32, roles: &[(String, Role)]) -> String {
    let nd = &tree.nodes[n as usize];
    let key = &*nd.key;
    match nd.level {
        Level::Root => "(root)".into(),
        Level::Location => {
            let role = roles.iter().find(|(p, _)| p == key).map(|(_, r)| *r);
            let place = if key.is_empty() || key == "." {
                "(scan root)"
            } else {
                key.rsplit('/').next().unwrap_or(key)
            };
            match role {
                Some(r) => format!("{place} ({r})"),
                None => place.into(),
            }
        }
        Level::Account if key.is_empty() => "(no account)".into(),
        Level::Account => account_label(key),
        Level::Chat if key.is_empty() => "(no chat)".into(),
        Level::Chat => chat_name(key),
        Level::Month if key.is_empty() => "(no month)".into(),
        Level::Category | Level::Kind | Level::Month | Level::Folder => key.into(),
    }
}

/// Bytes per `reclaim` tier in words, largest first (`rebuilt 60% ·
/// keep 40%`); extra copies are `wxinspect reclaim`'s to find.
pub fn tier_words(tiers: &[u64; 5]) -> String {
    let total: u64 = tiers.iter().sum();
    if total == 0 {
        return String::new();
    }
    let mut parts: Vec<(u64, crate::analyze::reclaim::Tier)> = tiers
        .iter()
        .zip(crate::analyze::reclaim::Tier::ALL)
        .filter(|(b, _)| **b > 0)
        .map(|(b, t)| (*b, t))
        .collect();
    parts.sort_by_key(|p| std::cmp::Reverse(p.0));
    let words: Vec<String> = parts
        .iter()
        .map(|(b, t)| format!("{t} {}%", (*b as f64 * 100.0 / total as f64).round()))
        .collect();
    format!("{} (duplicates: wxinspect reclaim)", words.join(" · "))
}

/// The dominant categories of a node, for the by-folder view:
/// `media 92% · cache 8%` (shares of at least 1 %, largest first).
pub fn mix_words(mix: &CategoryBytes) -> String {
    let total: u64 = mix.iter().map(|(_, b)| b).sum();
    if total == 0 {
        return String::new();
    }
    let mut parts: Vec<(u64, Category)> = mix
        .iter()
        .filter(|(_, b)| *b * 100 >= total)
        .map(|(c, b)| (b, c))
        .collect();
    parts.sort_by_key(|(b, _)| std::cmp::Reverse(*b));
    parts
        .iter()
        .take(3)
        .map(|(b, c)| format!("{c} {}%", b * 100 / total))
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::tree::TreeBuilder;
    use crate::model::{FileEntry, Kind};
    use ratatui::crossterm::event::KeyEvent;

    fn app() -> App {
        let mut b = TreeBuilder::default();
        let mut add = |path: &str, size, cat, kind, account: &str| {
            let mut f = FileEntry::for_test(path, size, 0, 1);
            f.category = cat;
            f.kind = kind;
            f.account = Some(crate::model::shared::Shared::from(account));
            b.add(&f);
        };
        add(
            "loc/wxid_a/img/1.jpg",
            100,
            Category::Media,
            Kind::Image,
            "wxid_a",
        );
        add(
            "loc/wxid_a/img/2.jpg",
            50,
            Category::Media,
            Kind::Image,
            "wxid_a",
        );
        add(
            "loc/wxid_a/db/m.db",
            30,
            Category::Database,
            Kind::Messages,
            "wxid_a",
        );
        add(
            "loc/wxid_b/q.db",
            500,
            Category::Database,
            Kind::Messages,
            "wxid_b",
        );
        App::new(
            b.finish(&["loc".into()]),
            "/r".into(),
            Vec::new(),
            Vec::new(),
        )
    }

    fn press(app: &mut App, keys: &str) -> Action {
        let mut last = Action::None;
        for c in keys.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '\x1b' => KeyCode::Esc,
                '<' => KeyCode::Left,
                c => KeyCode::Char(c),
            };
            last = app.key(KeyEvent::from(code));
        }
        last
    }

    fn labels(app: &App) -> Vec<&str> {
        app.rows.iter().map(|&r| app.row_label(r)).collect()
    }

    /// Issue 14: moving, opening, going up.
    #[test]
    fn issue_14_navigation() {
        let mut a = app();
        // The single location is folded away: accounts first, largest first.
        assert_eq!(labels(&a), ["wxid_b", "wxid_a"]);
        press(&mut a, "j");
        assert_eq!(a.selected, 1);
        press(&mut a, "jjj");
        assert_eq!(a.selected, 1, "stops at the last row");
        press(&mut a, "gG");
        assert_eq!(a.selected, 1);
        press(&mut a, "\n");
        assert_eq!(labels(&a), ["media", "database"]);
        assert_eq!(a.breadcrumb(), ["loc", "wxid_a"]);
        // media → image → (no chat) → (no month) fold into the files.
        press(&mut a, "\n");
        assert_eq!(labels(&a), ["1.jpg", "2.jpg"]);
        press(&mut a, "l");
        assert!(a.info, "Enter on a file opens the info panel");
        press(&mut a, "h");
        assert_eq!(labels(&a), ["media", "database"]);
        press(&mut a, "<<<");
        assert_eq!(labels(&a), ["wxid_b", "wxid_a"]);
        assert_eq!(a.selected, 1, "the selection is kept on the way up");
    }

    #[test]
    fn issue_14_sort_cycles() {
        let mut a = app();
        press(&mut a, "j\n");
        assert_eq!(a.sort, Sort::Size);
        press(&mut a, "s");
        assert_eq!(
            (a.sort, labels(&a)),
            (Sort::Files, vec!["media", "database"])
        );
        press(&mut a, "s");
        assert_eq!(
            (a.sort, labels(&a)),
            (Sort::Name, vec!["database", "media"])
        );
        press(&mut a, "ss");
        assert_eq!(a.sort, Sort::Size);
    }

    /// Issue 26: the filter finds what lies below the current node (a file
    /// two levels down), keeps the rows that lead there and says how many.
    #[test]
    fn issue_26_filter_looks_below() {
        let mut a = app();
        press(&mut a, "/2.jpg\n");
        assert_eq!(labels(&a), ["wxid_a"], "the account that holds it");
        assert!(
            a.status
                .as_deref()
                .is_some_and(|s| s.starts_with("1 match")),
            "{:?}",
            a.status
        );
        press(&mut a, "/nothing-like-it\n");
        assert!(labels(&a).is_empty());
        assert!(a
            .status
            .as_deref()
            .is_some_and(|s| s.starts_with("nothing here")));
    }

    /// In filter mode every key is text (`q` does not quit); Enter applies,
    /// Esc cancels.
    #[test]
    fn issue_14_filter_mode() {
        let mut a = app();
        press(&mut a, "/");
        assert_eq!(press(&mut a, "q_b"), Action::None);
        assert_eq!(a.mode, Mode::Filter("q_b".into()));
        press(&mut a, "\x1b");
        assert_eq!((a.mode.clone(), a.filter.clone()), (Mode::List, None));
        assert_eq!(labels(&a).len(), 2);
        press(&mut a, "/D_B\n");
        assert_eq!(labels(&a), ["wxid_b"], "case-insensitive");
        press(&mut a, "/\n");
        assert_eq!(labels(&a).len(), 2, "an empty filter clears it");
    }

    #[test]
    fn issue_14_view_toggle_help_and_quit() {
        let mut a = app();
        press(&mut a, "v");
        assert_eq!(a.view, View::Folder);
        // The folder `loc` is folded into: its two account folders.
        assert_eq!(labels(&a), ["wxid_b", "wxid_a"]);
        press(&mut a, "j\n");
        assert_eq!(labels(&a), ["img", "db"]);
        press(&mut a, "v");
        assert_eq!(
            labels(&a),
            ["wxid_b", "wxid_a"],
            "each view keeps its place"
        );
        press(&mut a, "v");
        assert_eq!(labels(&a), ["img", "db"]);
        press(&mut a, "?");
        assert_eq!(a.mode, Mode::Help);
        press(&mut a, "x");
        assert_eq!(a.mode, Mode::List, "any key closes the help");
        assert_eq!(
            press(&mut a, "o"),
            Action::Reveal("/r/loc/wxid_a/img".into())
        );
        // Ctrl-C quits from anywhere, filter mode included.
        press(&mut a, "/");
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(a.key(ctrl_c), Action::Quit);
        let mut b = app();
        assert_eq!(press(&mut b, "q"), Action::Quit);
    }

    #[test]
    fn mix() {
        let mut m = CategoryBytes::default();
        m.add(Category::Media, 90);
        m.add(Category::Cache, 10);
        assert_eq!(mix_words(&m), "media 90% · cache 10%");
        assert_eq!(m.largest(), Category::Media);
        assert_eq!(mix_words(&CategoryBytes::default()), "");
    }
}
