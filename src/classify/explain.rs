//! `explain`: why a file is what the inventory says. Its location and role,
//! the rule row that matched (pattern and public source), the sniffed
//! format and the bytes that decided it, the account, chat and month and
//! where each came from, and whether it is one of WeChat's databases: a
//! forensic user can justify every line of a report with it.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::one::logical_of;
use super::place::{place_file, sniff_file, Place};
use super::place_decides;
use super::rules::RuleSet;
use crate::fsio::{absolute, fstat, open_no_follow, read_full};
use crate::layout::chats::chat_label;
use crate::layout::homes::is_home;
use crate::layout::{is_wechat_container, locate, Layout};
use crate::model::{Category, Detail, Format, LogicalPath, Mtime, Role};
use crate::Error;

/// The explanation of one file (`wxinspect.explain/1` lists them).
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The file, absolute.
    pub path: String,
    /// The WeChat location it lies in (relative to the context the file was
    /// found in), and its role.
    pub location: String,
    /// What the location is to WeChat.
    pub role: Option<Role>,
    /// Its place in WeChat's layout (what the rules read).
    pub logical_path: String,
    /// The rule row that matched: its pattern.
    pub rule: Option<String>,
    /// The rule row's public source.
    pub rule_source: Option<String>,
    /// The sniffed format.
    pub format: Format,
    /// The first bytes, in hex (what the format was decided from).
    pub first_bytes: String,
    /// Facts the sniffer found (page size, XOR key, …), in words.
    pub detail: Option<String>,
    /// Category.
    pub category: Category,
    /// Kind.
    pub kind: crate::model::Kind,
    /// Enciphered content.
    pub encrypted: bool,
    /// Why the rule's role or the content's won.
    pub class_reason: String,
    /// The account, where the layout says one.
    pub account: Option<String>,
    /// The chat folder, where the layout says one.
    pub chat: Option<String>,
    /// The chat's well-known name.
    pub chat_label: Option<String>,
    /// The month.
    pub month: Option<String>,
    /// Where the month comes from: `folder` or `mtime`.
    pub month_from: Option<&'static str>,
    /// Whether `databases[]` lists it (and `dbs` opens it).
    pub in_databases: bool,
    /// It lies under a WeChat location wxinspect knows (false: classified
    /// by content alone).
    pub wechat_location: bool,
}

/// The folder whose layout a file is explained in: the nearest WeChat
/// container above it, else the nearest home folder, else the file alone.
fn context_of(file: &Path) -> PathBuf {
    let mut p = file.parent();
    let mut home = None;
    while let Some(dir) = p {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if is_wechat_container(name) && dir.join("Data").is_dir() {
            return dir.to_path_buf();
        }
        if home.is_none() && is_home(dir) {
            home = Some(dir.to_path_buf());
        }
        p = dir.parent();
    }
    home.unwrap_or_else(|| file.to_path_buf())
}

fn detail_words(d: Detail) -> Option<String> {
    match d {
        Detail::None => None,
        Detail::Sqlite {
            page_size,
            wal_mode,
            ..
        } => Some(format!(
            "SQLite header: page size {page_size}{}",
            if wal_mode { ", WAL journal mode" } else { "" }
        )),
        Detail::Wal { page_size } => Some(format!("WAL header: page size {page_size}")),
        Detail::Xor { key, inner } => Some(format!("XOR key 0x{key:02x} hides a {inner}")),
        Detail::Xlog { blocks, encrypted } => Some(format!(
            "{blocks} xlog blocks{}",
            if encrypted { ", encrypted" } else { "" }
        )),
        Detail::Dat { aes_len, xor_len } => Some(format!(
            "header: {aes_len} bytes under AES, {xor_len} under XOR"
        )),
        Detail::Entropy { bits } => Some(format!(
            "no known header; {bits:.2} bits per byte (random-looking)"
        )),
    }
}

/// Explains one file.
pub fn explain(path: &Path, rules: &RuleSet) -> Result<Explanation, Error> {
    explain_in(path, rules).map(|(e, _)| e)
}

/// Explains one file, with the layout it was explained in (its root and
/// accounts: what `--anonymize` needs).
pub fn explain_in(path: &Path, rules: &RuleSet) -> Result<(Explanation, Layout), Error> {
    let abs = absolute(path).map_err(|e| Error::io(path, e))?;
    let meta = std::fs::symlink_metadata(&abs).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(Error::Input {
            path: abs,
            message: if meta.is_dir() {
                "a folder: `explain` says what one file is; `wxinspect scan` reads a folder".into()
            } else if meta.file_type().is_symlink() {
                "a link: links are never followed; explain the file it points to".into()
            } else {
                "not a regular file (a FIFO, socket or device is never opened)".into()
            },
        });
    }
    let layout = locate(&context_of(&abs))?;
    let (root, logical) = logical_of(&layout, &abs);
    let logical = LogicalPath(&logical);
    let mut scratch = Vec::new();
    let rule = rules.first_match(logical, &mut scratch);
    let name = abs.file_name().unwrap_or_default().to_string_lossy();
    let file = open_no_follow(&abs).map_err(|e| Error::io(&abs, e))?;
    let st = fstat(&file).map_err(|e| Error::io(&abs, e))?;
    let sniffed = sniff_file(rule, &name, &file, st.size).map_err(|e| Error::io(&abs, e))?;
    let mut head = [0u8; 16];
    let n = read_full(&file, &mut head, 0).map_err(|e| Error::io(&abs, e))?;
    let mtime = Mtime::new(st.mtime, st.mtime_nsec);
    // The walk's own answer: account, chat and month as the inventory has
    // them.
    let place = Place::of(logical, &layout.account_aliases);
    let placed = place_file(rule, &sniffed, &place, mtime);
    let class = placed.class;
    let class_reason = placed.why();
    let account = placed.place.account.as_deref().map(str::to_string);
    let chat = placed.place.chat.as_deref().map(str::to_string);
    let (month, month_from) = (
        Some(placed.month.to_string()),
        Some(placed.month_from.as_str()),
    );
    let e = Explanation {
        path: abs.to_string_lossy().into_owned(),
        location: root
            .map(|r| {
                if r.rel.is_empty() {
                    r.abs.to_string_lossy().into_owned()
                } else {
                    r.rel.clone()
                }
            })
            .unwrap_or_default(),
        role: root.map(|r| r.role),
        logical_path: logical.as_str().to_string(),
        rule: rule.map(|r| r.glob.to_string()),
        rule_source: rule.map(|r| r.source.to_string()),
        format: class.format,
        first_bytes: head[..n]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(" "),
        detail: detail_words(sniffed.detail),
        category: class.category,
        kind: class.kind,
        encrypted: class.encrypted,
        class_reason,
        chat_label: chat.as_deref().and_then(chat_label).map(str::to_string),
        account,
        chat,
        month,
        month_from,
        in_databases: class.format.is_database() && !place_decides(class.category, class.kind),
        wechat_location: layout.recognised,
    };
    Ok((e, layout))
}
