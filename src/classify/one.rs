//! Classifies one file of a located layout the way the walk would, for
//! `watch`: its walk root, logical path, rule, the same safe read-only open
//! and sniff, account, chat and month. A file already gone is classified
//! by its place alone (format `unknown`).

use std::path::Path;
use std::sync::Arc;

use super::rules::RuleSet;
use super::sniff::sniff;
use super::{classify, hint_for, Class};
use crate::fsio::{fstat, open_no_follow};
use crate::layout::{attribute, resolve_account, Layout, WalkRoot};
use crate::model::{Format, LogicalPath, Month};

/// What a file is, and where it belongs.
#[derive(Debug, Clone)]
pub struct OneFile {
    /// Category, kind, format, encrypted.
    pub class: Class,
    /// The account (the folder's id where the layout knows no such account
    /// yet: one created while watching).
    pub account: Option<Arc<str>>,
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
/// roots).
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
        let sniffed = sniff(&f, st.size, hint_for(rule, &name))?;
        Ok((st.size, sniffed))
    });
    let (size, present, sniffed) = match opened {
        Ok((size, s)) => (size, true, s),
        Err(_) => (0, false, super::visitor::UNKNOWN),
    };
    let mut class = classify(rule, &sniffed);
    if !present {
        class.format = Format::Unknown;
    }
    let attr = attribute(logical);
    let account = resolve_account(attr.account_token, &layout.account_aliases)
        .or_else(|| attr.account_token.map(Arc::from));
    OneFile {
        class,
        chat: attr.chat.filter(|_| account.is_some()).map(str::to_string),
        account,
        month: attr.month.and_then(Month::parse),
        size,
        present,
    }
}
