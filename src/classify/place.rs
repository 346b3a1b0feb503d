//! The one way to place a file: its rule and sniffed bytes give category,
//! kind, format and encryption ([`classify`]); its place in the layout
//! gives account, chat, month and generation ([`Place::of`]); its mtime
//! gives the month where no folder does. The walk, `explain`, `watch` and
//! the one-file path all call [`place_file`], so they cannot disagree; the
//! walk keeps its speed by computing a folder's [`Place`] once for every
//! file in it.

use std::collections::BTreeMap;
use std::fs::File;
use std::io;

use super::rules::Rule;
use super::sniff::{sniff, Sniffed};
use super::{classify, hint_for, place_decides, Class};
use crate::layout::{attribute, generation_of, resolve_account};
use crate::model::{Detail, Format, Generation, LogicalPath, Month, Mtime};

/// What a place in the layout says of the files there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// The account, where the layout knows it (an id the layout does not
    /// list is no account: the walk never invents one).
    pub account: Option<crate::model::shared::Shared>,
    /// The chat folder, only under a known account.
    pub chat: Option<crate::model::shared::Shared>,
    /// The innermost `YYYY-MM` folder.
    pub month: Option<Month>,
    /// Which generation's tree.
    pub generation: Option<Generation>,
}

impl Place {
    /// The place of a logical path: a file's, or a folder's files' (a
    /// folder's logical path ending in `/`: its files' names do not matter,
    /// see `WalkRoot::folder_logical_into`). `aliases`: the layout's
    /// account aliases.
    pub fn of(
        logical: LogicalPath<'_>,
        aliases: &BTreeMap<String, crate::model::shared::Shared>,
    ) -> Place {
        let attr = attribute(logical);
        let account = resolve_account(attr.account_token, aliases);
        let chat = attr
            .chat
            .filter(|_| account.is_some())
            .map(crate::model::shared::Shared::from);
        Place {
            account,
            chat,
            month: attr.month.and_then(Month::parse),
            generation: generation_of(logical),
        }
    }
}

/// Where a file's month comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthFrom {
    /// A `YYYY-MM` folder it lies in.
    Folder,
    /// Its modification time.
    Mtime,
}

impl MonthFrom {
    /// The word in `explain`.
    pub fn as_str(self) -> &'static str {
        match self {
            MonthFrom::Folder => "folder",
            MonthFrom::Mtime => "mtime",
        }
    }
}

/// What a file is and where it belongs.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Category, kind, format, encrypted.
    pub class: Class,
    /// The rule row that matched.
    pub rule: Option<&'static Rule>,
    /// Account, chat, the folder's month, generation.
    pub place: Place,
    /// The month: the folder's, else the mtime's.
    pub month: Month,
    /// Which of the two.
    pub month_from: MonthFrom,
}

impl Placed {
    /// Why the file got its category and kind: the rule's role or its
    /// content (made on demand: the walk never asks).
    pub fn why(&self) -> String {
        class_reason(self.rule, &self.class)
    }
}

/// The verdict for a file that was not (or could not) be read.
pub const UNKNOWN: Sniffed = Sniffed {
    format: Format::Unknown,
    encrypted: false,
    detail: Detail::None,
};

/// Sniffs an open file with the hint its rule and name give.
pub fn sniff_file(rule: Option<&Rule>, name: &str, file: &File, size: u64) -> io::Result<Sniffed> {
    sniff(file, size, hint_for(rule, name))
}

/// Places one file: its rule (the folder's answer, or the file's own
/// match), what its bytes said (`UNKNOWN` where they were not read), the
/// place of its folder (or its own), and its mtime.
pub fn place_file(
    rule: Option<&'static Rule>,
    sniffed: &Sniffed,
    place: &Place,
    mtime: Mtime,
) -> Placed {
    let (month, month_from) = match place.month {
        Some(m) => (m, MonthFrom::Folder),
        None => (mtime.month(), MonthFrom::Mtime),
    };
    Placed {
        class: classify(rule, sniffed),
        rule,
        place: place.clone(),
        month,
        month_from,
    }
}

/// Why a file got its category and kind: the rule's role or its content.
pub fn class_reason(rule: Option<&Rule>, class: &Class) -> String {
    match rule {
        Some(r) if (r.category, r.kind) == (class.category, class.kind) => {
            if place_decides(r.category, r.kind) {
                "the rule's role: the place decides, whatever the bytes".to_string()
            } else {
                "the rule's role, which the content fits".to_string()
            }
        }
        Some(r) => format!(
            "the content ({}) cannot be the rule's {}/{}: classified by content",
            class.format, r.category, r.kind
        ),
        None => "no rule matched: classified by content".into(),
    }
}
