//! The report as a small neutral document (issue 28): each section of the
//! report adds headings, paragraphs, lists, tables and charts to a
//! [`Doc`], and each writer renders the same document — Markdown
//! (`render::markdown::write`) and HTML (`render::html`) — so a section
//! added later appears in both.
//!
//! Text in a document is *inline markup*: the small CommonMark subset the
//! sections write — text from the disk already escaped by
//! [`super::markdown::md`] (backslash escapes, `&lt;`, `&gt;`), code spans
//! made by [`super::markdown::code`], `**strong**`, `*emphasis*` and
//! `<br>`. The Markdown writer writes it as it is; the HTML writer turns
//! exactly that subset into HTML ([`super::html::inline`]).

/// One block of a document.
#[derive(Debug, Clone)]
pub enum Block {
    /// A heading: level (1–3) and inline text.
    Heading(u8, String),
    /// A paragraph of inline text.
    Para(String),
    /// A bulleted list.
    List(Vec<Item>),
    /// A table.
    Table(Table),
    /// A chart.
    Chart(Chart),
}

/// A list item, with sub-items.
#[derive(Debug, Clone)]
pub struct Item {
    /// Inline text.
    pub text: String,
    /// Sub-items (inline text).
    pub sub: Vec<String>,
}

/// A table: a header, which columns are numbers (right-aligned), rows.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column headings.
    pub header: Vec<String>,
    /// Right-aligned (numeric) columns.
    pub right: Vec<bool>,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
}

/// A table cell: inline text and, for a number shown in words (`1.2 MiB`),
/// the number a sortable table sorts by.
#[derive(Debug, Clone)]
pub struct Cell {
    /// Inline text.
    pub text: String,
    /// The value sorted by.
    pub sort: Option<f64>,
}

impl Cell {
    /// A cell showing `text` for the number `value`.
    pub fn num(text: impl Into<String>, value: impl Into<f64>) -> Cell {
        Cell {
            text: text.into(),
            sort: Some(value.into()),
        }
    }

    /// A count.
    pub fn count(n: impl Into<u64>) -> Cell {
        let n = n.into();
        Cell::num(n.to_string(), n as f64)
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell { text, sort: None }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::from(text.to_string())
    }
}

/// A chart: a pie of parts or bars over time, values in bytes.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Pie or bars.
    pub kind: ChartKind,
    /// Title (plain text).
    pub title: String,
    /// (label, bytes), in the order shown.
    pub values: Vec<(String, u64)>,
}

/// The kinds of [`Chart`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Parts of a whole (bytes by category).
    Pie,
    /// Bars along an axis (bytes per month).
    Bars,
}

/// A document: blocks in reading order.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// The blocks.
    pub blocks: Vec<Block>,
}

impl Doc {
    /// A heading.
    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading(level, text.into()));
    }

    /// A paragraph.
    pub fn para(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Para(text.into()));
    }

    /// A list of items without sub-items.
    pub fn list(&mut self, items: impl IntoIterator<Item = String>) {
        let items = items
            .into_iter()
            .map(|text| Item {
                text,
                sub: Vec::new(),
            })
            .collect();
        self.blocks.push(Block::List(items));
    }

    /// A table (its rows added to the returned value).
    pub fn table(&mut self, header: &[&str], right: &[bool]) -> &mut Table {
        self.blocks.push(Block::Table(Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            right: right.to_vec(),
            rows: Vec::new(),
        }));
        match self.blocks.last_mut() {
            Some(Block::Table(t)) => t,
            _ => unreachable!("a table was just pushed"),
        }
    }

    /// A chart.
    pub fn chart(&mut self, kind: ChartKind, title: &str, values: Vec<(String, u64)>) {
        self.blocks.push(Block::Chart(Chart {
            kind,
            title: title.into(),
            values,
        }));
    }
}

impl Table {
    /// Adds a row.
    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }
}
