//! `explain`: why a file is what the inventory says. Its location and role,
//! the rule row that matched (pattern and public source), the sniffed
//! format and the bytes that decided it, the account, chat and month and
//! where each came from, and whether it is one of WeChat's databases: a
//! forensic user can justify every line of a report with it.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::one::logical_of;
use super::rules::{Rule, RuleSet};
use super::sniff::sniff;
use super::{classify, hint_for, place_decides, Class};
use crate::fsio::{absolute, fstat, open_no_follow, read_full};
use crate::layout::chats::chat_label;
use crate::layout::homes::is_home;
use crate::layout::{attribute, is_wechat_container, locate, resolve_account};
use crate::model::{Category, Detail, Format, LogicalPath, Month, Mtime, Role};
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

/// Explains one file.
pub fn explain(path: &Path, rules: &RuleSet) -> Result<Explanation, Error> {
    let abs = absolute(path).map_err(|e| Error::io(path, e))?;
    let meta = std::fs::symlink_metadata(&abs).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(Error::Input {
            path: abs,
            message: "not a regular file (links are never followed; explain a file)".into(),
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
    let sniffed = sniff(&file, st.size, hint_for(rule, &name)).map_err(|e| Error::io(&abs, e))?;
    let mut head = [0u8; 16];
    let n = read_full(&file, &mut head, 0).map_err(|e| Error::io(&abs, e))?;
    let class = classify(rule, &sniffed);
    let class_reason = class_reason(rule, &class);
    let attr = attribute(logical);
    let account = resolve_account(attr.account_token, &layout.account_aliases)
        .map(|a| a.to_string())
        .or(attr.account_token.map(str::to_string));
    let chat = attr.chat.filter(|_| account.is_some()).map(str::to_string);
    let (month, month_from) = match attr.month.and_then(Month::parse) {
        Some(m) => (Some(m.to_string()), Some("folder")),
        None => (
            Some(
                Mtime {
                    secs: st.mtime,
                    nanos: 0,
                }
                .month()
                .to_string(),
            ),
            Some("mtime"),
        ),
    };
    Ok(Explanation {
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
    })
}
