//! Classifies one file of a located layout the way the walk would, for
//! `watch`: its walk root, logical path, rule, the same safe read-only open
//! and sniff, and [`place_file`]. A file already gone is classified by its
//! place alone (format `unknown`). The one difference from the walk is
//! said where it is made: an account folder created while watching.

use std::path::Path;

use super::place::{place_file, sniff_file, Place, UNKNOWN};
use super::rules::RuleSet;
use super::Class;
use crate::fsio::{fstat, open_no_follow};
use crate::layout::{attribute, Layout, WalkRoot};
use crate::model::{Format, LogicalPath, Month, Mtime};

/// What a file is, and where it belongs.
#[derive(Debug, Clone)]
pub struct OneFile {
    /// Category, kind, format, encrypted.
    pub class: Class,
    /// The account (the folder's id where the layout knows no such account
    /// yet: one created while watching).
    pub account: Option<crate::model::shared::Shared>,
    /// The chat folder.
    pub chat: Option<String>,
    /// The month from the layout.
    pub month: Option<Month>,
    /// Size now (0 when gone).
    pub size: u64,
    /// Still there and a regular file.
    pub present: bool,
}

/// The walk root `abs` lies under (the deepest one).
pub fn root_of<'a>(layout: &'a Layout, abs: &Path) -> Option<&'a WalkRoot> {
    layout
        .walk_roots
        .iter()
        .filter(|r| abs.starts_with(&r.abs))
        .max_by_key(|r| r.abs.as_os_str().len())
}

/// The walk root of `abs` and its logical path (its file name alone where
/// no root holds it).
pub fn logical_of<'a>(layout: &'a Layout, abs: &Path) -> (Option<&'a WalkRoot>, String) {
    let root = root_of(layout, abs);
    let logical = match root {
        Some(r) => {
            let inner = abs.strip_prefix(&r.abs).unwrap_or(abs);
            r.logical(&inner.to_string_lossy())
        }
        None => abs
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned(),
    };
    (root, logical)
}

/// Classifies the file at `abs` (absolute, below one of the layout's walk
/// roots) through [`place_file`], as the walk would.
pub fn classify_file(layout: &Layout, rules: &RuleSet, abs: &Path) -> OneFile {
    let (_, logical) = logical_of(layout, abs);
    let logical = LogicalPath(&logical);
    let rule = rules.first_match(logical, &mut Vec::new());
    let name = abs.file_name().unwrap_or_default().to_string_lossy();
    let opened = open_no_follow(abs).and_then(|f| {
        let st = fstat(&f)?;
        if !st.is_file {
            return Err(std::io::ErrorKind::InvalidInput.into());
        }
        let sniffed = sniff_file(rule, &name, &f, st.size)?;
        Ok((st.size, st.mtime, sniffed))
    });
    let (size, mtime, present, sniffed) = match opened {
        Ok((size, mtime, s)) => (size, mtime, true, s),
        Err(_) => (0, 0, false, UNKNOWN),
    };
    let place = Place::of(logical, &layout.account_aliases);
    let mtime = Mtime::new(mtime, 0);
    let placed = place_file(rule, &sniffed, &place, mtime);
    let mut class = placed.class;
    if !present {
        class.format = Format::Unknown;
    }
    // An account folder the layout did not list: one created while
    // watching (the walk, which saw the layout whole, never needs this).
    let new_account = match &placed.place.account {
        Some(_) => None,
        None => attribute(logical)
            .account_token
            .map(crate::model::shared::Shared::from),
    };
    let chat = match &new_account {
        Some(_) => attribute(logical).chat.map(str::to_string),
        None => placed.place.chat.as_deref().map(str::to_string),
    };
    OneFile {
        class,
        account: placed.place.account.or(new_account),
        chat,
        month: placed.place.month,
        size,
        present,
    }
}
