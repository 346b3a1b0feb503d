//! Which account, chat and month a file belongs to, and which generation's
//! tree it lies in, read from its logical path (DESIGN.md "Chats"; layout
//! §2.4, §3.3; conf#30, #33, #34).

use std::collections::BTreeMap;

use super::anchors::*;
use crate::model::{is_month, Generation, LogicalPath};

/// Account, chat and month of a logical path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution<'a> {
    /// An id as it appears in the path (resolve with the layout's aliases).
    pub account_token: Option<&'a str>,
    /// A chat folder, where the path is under one.
    pub chat: Option<&'a str>,
    /// The innermost `YYYY-MM` folder.
    pub month: Option<&'a str>,
}

/// Reads account, chat and month from a logical path (DESIGN.md "Chats";
/// layout §2.4, §3.3; conf#30, #33, #34).
pub fn attribute(logical: LogicalPath<'_>) -> Attribution<'_> {
    let logical = logical.as_str();
    let mut a = Attribution::default();
    // Components on the stack: this runs once per file.
    let mut buf = [""; 48];
    let mut n = 0;
    for c in logical.split('/') {
        if n == buf.len() {
            break;
        }
        buf[n] = c;
        n += 1;
    }
    let comps = &buf[..n];
    // Directories only: the file name itself is not a month or chat folder.
    let dirs = &comps[..comps.len().saturating_sub(1)];
    let after = |prefix: &str| -> Option<usize> {
        let n = prefix.split('/').count();
        (logical.starts_with(prefix) && logical.as_bytes().get(prefix.len()) == Some(&b'/'))
            .then_some(n)
    };
    if let Some(i) = after(APP_SUPPORT) {
        // <ver>/<h32>/… or <ver>/{KeyValue,Backup}/<h32>/… or <ver>/MMappedKV/<h32>.*
        let x = comps.get(i + 1).copied();
        match x {
            Some(h) if is_h32(h) && dirs.len() > i + 1 => {
                a.account_token = Some(h);
                if dirs.get(i + 2) == Some(&"Message") && dirs.get(i + 3) == Some(&"MessageTemp") {
                    a.chat = dirs.get(i + 4).copied();
                }
            }
            Some("KeyValue" | "Backup") => {
                a.account_token = dirs.get(i + 2).copied().filter(|h| is_h32(h))
            }
            Some("MMappedKV") => {
                a.account_token = comps
                    .get(i + 2)
                    .and_then(|n| n.get(..32))
                    .filter(|h| is_h32(h));
            }
            _ => {}
        }
    } else if let Some(i) = after(LIB_CACHES) {
        // <acct>/… or <version>/<acct>/… (3.x caches, `Sns/Data/sns.db`).
        a.account_token = match dirs.get(i + 1).copied() {
            Some(v) if is_version_folder(v) => dirs.get(i + 2).copied(),
            other => other,
        }
        .filter(|h| is_h32(h));
    } else if let Some(i) = after(XWECHAT_FILES) {
        match dirs.get(i).copied() {
            Some("all_users") if dirs.get(i + 1) == Some(&"login") => {
                a.account_token = dirs.get(i + 2).copied()
            }
            Some("Backup" | "old_backup") => a.account_token = dirs.get(i + 1).copied(),
            Some("all_users" | "WMPF") | None => {}
            Some(acct) => {
                a.account_token = Some(acct);
                match (dirs.get(i + 1).copied(), dirs.get(i + 2).copied()) {
                    (Some("msg"), Some("attach")) => a.chat = dirs.get(i + 3).copied(),
                    (Some("cache"), Some(m))
                        if is_month(m) && dirs.get(i + 3) == Some(&"Message") =>
                    {
                        a.chat = dirs.get(i + 4).copied()
                    }
                    _ => {}
                }
            }
        }
    } else if let Some(i) = after(APP_DATA) {
        match dirs.get(i).copied() {
            Some("login") => a.account_token = dirs.get(i + 1).copied(),
            Some(x) if x.starts_with("wxid_") => a.account_token = Some(x),
            _ => {}
        }
    }
    a.month = dirs.iter().rev().copied().find(|d| is_month(d));
    a
}

/// The generation of the tree a logical path lies in.
pub fn generation_of(logical: LogicalPath<'_>) -> Option<Generation> {
    let logical = logical.as_str();
    if logical.starts_with(APP_SUPPORT)
        || logical
            .strip_prefix(LIB_CACHES)
            .is_some_and(|r| r.starts_with('/'))
    {
        Some(Generation::V3)
    } else if logical.starts_with(XWECHAT_FILES) || logical.starts_with(APP_DATA) {
        Some(Generation::V4)
    } else {
        None
    }
}

/// Resolves an account token to an account id (folder name verbatim).
pub fn resolve_account(
    token: Option<&str>,
    aliases: &BTreeMap<String, crate::model::shared::Shared>,
) -> Option<crate::model::shared::Shared> {
    token.and_then(|t| aliases.get(t)).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribution() {
        let h = "0123456789abcdef0123456789abcdef";
        let p = format!("{APP_SUPPORT}/2.0b4.0.9/{h}/Message/MessageTemp/chatmd5/Image/1.jpg");
        let a = attribute(LogicalPath(&p));
        assert_eq!(a.account_token, Some(h));
        assert_eq!(a.chat, Some("chatmd5"));
        let a = attribute(LogicalPath(
            "Documents/xwechat_files/wxid_a_1a2b/msg/attach/c5/2025-03/Img/x.dat",
        ));
        assert_eq!(
            (a.account_token, a.chat, a.month),
            (Some("wxid_a_1a2b"), Some("c5"), Some("2025-03"))
        );
        let a = attribute(LogicalPath(
            "Documents/xwechat_files/wxid_a_1a2b/cache/2025-04/Message/c6/Thumb/x.jpg",
        ));
        assert_eq!((a.chat, a.month), (Some("c6"), Some("2025-04")));
        let a = attribute(LogicalPath(
            "Documents/xwechat_files/all_users/login/wxid_a/key_info.db",
        ));
        assert_eq!(a.account_token, Some("wxid_a"));
        let p = format!("{APP_SUPPORT}/2.0b4.0.9/MMappedKV/{h}.CheckPointMMKV");
        let a = attribute(LogicalPath(&p));
        assert_eq!(a.account_token, Some(h));
        assert_eq!(
            attribute(LogicalPath(
                "Documents/xwechat_files/x_1a2b/msg/file/2025-13/a"
            ))
            .month,
            None
        );
    }
}
