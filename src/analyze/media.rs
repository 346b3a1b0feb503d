//! The media audit: largest media, filters, aggregates, and WeChat-aware
//! insight (originals vs HD vs thumbnails).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Category, FileEntry, Inventory, Kind};

/// Which files `media` looks at.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Add image, video and audio formats found in caches and temp.
    pub include_cache: bool,
    /// Only these kinds (all when empty).
    pub kinds: Vec<Kind>,
    /// Only these categories (all when empty).
    pub categories: Vec<Category>,
    /// Account, chat, age and size.
    pub narrow: Narrow,
}

/// What `media` and `reclaim` narrow to: an account, a chat, files older
/// or larger than a bound.
#[derive(Debug, Clone, Default)]
pub struct Narrow {
    /// Only this account id.
    pub account: Option<String>,
    /// Only this chat id.
    pub chat: Option<String>,
    /// Only files whose mtime is before this (Unix seconds).
    pub older_than: Option<i64>,
    /// Only files larger than this many bytes.
    pub larger_than: Option<u64>,
}

impl Narrow {
    /// True when `f` passes every bound.
    pub fn matches(&self, f: &FileEntry) -> bool {
        self.account
            .as_ref()
            .is_none_or(|a| f.account.as_deref() == Some(a.as_str()))
            && self
                .chat
                .as_ref()
                .is_none_or(|c| f.chat.as_deref() == Some(c.as_str()))
            && self.larger_than.is_none_or(|n| f.size > n)
            && self
                .older_than
                .is_none_or(|t| f.mtime.is_some_and(|m| m.secs < t))
    }
}

impl Filter {
    /// True when `f` passes every filter.
    pub fn matches(&self, f: &FileEntry) -> bool {
        let in_scope = f.category == Category::Media
            || (self.include_cache && f.category == Category::Cache && f.format.is_media());
        in_scope
            && (self.kinds.is_empty() || self.kinds.contains(&f.kind))
            && (self.categories.is_empty() || self.categories.contains(&f.category))
            && self.narrow.matches(f)
    }
}

/// One row of the media table.
#[derive(Debug, Clone, Serialize)]
pub struct MediaRow {
    /// Bytes.
    pub size: u64,
    /// Kind.
    pub kind: Kind,
    /// Sniffed format.
    pub format: crate::model::Format,
    /// Account id.
    pub account: Option<crate::model::shared::Shared>,
    /// Chat id.
    pub chat: Option<crate::model::shared::Shared>,
    /// Month from the layout, else the mtime.
    pub month: Option<crate::model::Month>,
    /// Root-relative path.
    pub path: String,
    /// The install it lies in (`installs[].path`).
    pub install: String,
    /// Its account id lives in more than one install: tables say which.
    #[serde(skip)]
    pub id_in_two_installs: bool,
}

/// Matching files, largest first, at most `top`.
pub fn rows(inv: &Inventory, filter: &Filter, top: usize) -> Vec<MediaRow> {
    let install_of = |root: u16| {
        inv.locations
            .get(usize::from(root))
            .map(|l| l.install.clone())
            .unwrap_or_default()
    };
    let in_two = |id: &str| inv.accounts.iter().filter(|a| a.id == id).count() > 1;
    matching(inv, filter, top)
        .map(|f| MediaRow {
            size: f.size,
            kind: f.kind,
            format: f.format,
            account: f.account.clone(),
            chat: f.chat.clone(),
            month: f.month,
            path: f.path.full(),
            install: install_of(f.root),
            id_in_two_installs: f.account.as_deref().is_some_and(in_two),
        })
        .collect()
}

/// The `top` largest entries `filter` matches, largest first (then by
/// path): the rows of [`rows`], as entries (`--format paths` needs their
/// absolute paths).
pub fn matching<'a>(
    inv: &'a Inventory,
    filter: &Filter,
    top: usize,
) -> impl Iterator<Item = &'a FileEntry> {
    let mut v: Vec<&FileEntry> = inv.files.iter().filter(|f| filter.matches(f)).collect();
    v.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.path.cmp(&b.path)));
    v.into_iter().take(top)
}

/// What `--by` groups on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The chat folder.
    Chat,
    /// The month (from the layout, else the mtime).
    Month,
    /// The kind.
    Kind,
    /// The account folder.
    Account,
    /// The category.
    Category,
}

impl By {
    /// The word on the command line and in table headers.
    pub fn as_str(self) -> &'static str {
        match self {
            By::Chat => "chat",
            By::Month => "month",
            By::Kind => "kind",
            By::Account => "account",
            By::Category => "category",
        }
    }
}

/// One aggregate row.
#[derive(Debug, Clone, Serialize)]
pub struct AggRow {
    /// The chat, month, kind, account or category (`(none)` for files without one).
    pub key: String,
    /// Files.
    pub files: u64,
    /// Bytes.
    pub bytes: u64,
    /// Share of the matching bytes, in percent.
    pub share: f64,
}

/// Aggregates matching files by `by`, largest first. Files without the key
/// (no chat, no account) are one `(none)` row, so totals add up.
pub fn aggregate(inv: &Inventory, filter: &Filter, by: By) -> Vec<AggRow> {
    let mut m: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut total = 0u64;
    for f in inv.files.iter().filter(|f| filter.matches(f)) {
        let key = match by {
            By::Chat => f.chat.as_deref().map(str::to_string),
            By::Month => f.month.map(|m| m.to_string()),
            By::Kind => Some(f.kind.as_str().to_string()),
            By::Account => f.account.as_deref().map(str::to_string),
            By::Category => Some(f.category.as_str().to_string()),
        }
        .unwrap_or_else(|| "(none)".into());
        let e = m.entry(key).or_default();
        e.0 += 1;
        e.1 += f.size;
        total += f.size;
    }
    let mut v: Vec<AggRow> = m
        .into_iter()
        .map(|(key, (files, bytes))| AggRow {
            key,
            files,
            bytes,
            share: if total == 0 {
                0.0
            } else {
                bytes as f64 * 100.0 / total as f64
            },
        })
        .collect();
    v.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.key.cmp(&b.key)));
    v
}

/// The variant of an image or video a WeChat file name says it is
/// (layout §2.4 and §3.3: 3.x `_.pic_hd`, `_.pic_thumb`, `.video_thumb`;
/// 4.x `_h.dat`, `_t.dat`, `_thumb.jpg`).
pub fn variant(f: &FileEntry) -> &'static str {
    let name = f.path.name().to_ascii_lowercase();
    if f.kind == Kind::Thumbnail
        || name.contains("_thumb")
        || name.ends_with("_t.dat")
        || name.ends_with("_t_w.dat")
    {
        "thumbnail"
    } else if name.contains("_.pic_hd") || name.ends_with("_h.dat") {
        "hd"
    } else {
        "original"
    }
}

/// The WeChat-aware summary printed after the media table: image and
/// video bytes by variant. What could go is `reclaim`'s answer
/// (`analyze::reclaim`), shown beside it, never a second set of figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Insight {
    /// Image and video bytes by variant: original, hd, thumbnail.
    pub variants: BTreeMap<String, u64>,
}

/// Works out the insight over the whole inventory.
pub fn insight(inv: &Inventory) -> Insight {
    let mut i = Insight::default();
    for f in &inv.files {
        if f.category == Category::Media
            && matches!(f.kind, Kind::Image | Kind::Video | Kind::Thumbnail)
        {
            *i.variants.entry(variant(f).to_string()).or_default() += f.size;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry(kind: Kind, cat: Category, size: u64, account: Option<&str>, mtime: i64) -> FileEntry {
        FileEntry {
            kind,
            category: cat,
            account: account.map(Into::into),
            mtime: Some(crate::model::Mtime::new(mtime, 0)),
            ino: None,
            ..FileEntry::for_test(&format!("p/{size}"), size, 0, 1)
        }
    }

    proptest! {
        /// Combined filters keep exactly the files every single filter keeps.
        #[test]
        fn filters_combine(
            sizes in proptest::collection::vec(0u64..10_000, 1..40),
            larger in proptest::option::of(0u64..10_000),
            older in proptest::option::of(0i64..10_000),
            want_image in any::<bool>(),
            acct in any::<bool>(),
        ) {
            let files: Vec<FileEntry> = sizes.iter().enumerate().map(|(i, &s)| {
                let kind = if i % 2 == 0 { Kind::Image } else { Kind::Video };
                entry(kind, Category::Media, s, if i % 3 == 0 { Some("a") } else { None }, (i as i64) * 300)
            }).collect();
            let full = Filter {
                kinds: if want_image { vec![Kind::Image] } else { vec![] },
                narrow: Narrow {
                    account: acct.then(|| "a".to_string()),
                    larger_than: larger,
                    older_than: older,
                    ..Narrow::default()
                },
                ..Filter::default()
            };
            let singles = [
                Filter { kinds: full.kinds.clone(), ..Filter::default() },
                Filter { narrow: Narrow { account: full.narrow.account.clone(), ..Narrow::default() }, ..Filter::default() },
                Filter { narrow: Narrow { larger_than: larger, ..Narrow::default() }, ..Filter::default() },
                Filter { narrow: Narrow { older_than: older, ..Narrow::default() }, ..Filter::default() },
            ];
            for f in &files {
                prop_assert_eq!(full.matches(f), singles.iter().all(|s| s.matches(f)));
            }
        }
    }
}
