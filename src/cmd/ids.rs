//! Ids a person can type back (issue 26): a filter that takes an account or
//! a chat accepts the whole id, a unique prefix of at least 4 characters,
//! or the label exactly as a table prints it (`wxid_abc1…_1a2b`,
//! `5f1e0d2c…`, `File Transfer (文件传输助手)`). An ambiguous value or one that
//! matches nothing is an error in one line that lists the candidates or the
//! closest ids. Here, beside the settings, because the labels are the
//! renderer's (`render::term`).

use std::collections::BTreeSet;

use crate::render::term::{account_label, chat_name};
use crate::Error;

/// What a filter names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// `--account`.
    Account,
    /// `--chat`.
    Chat,
}

impl IdKind {
    fn flag(self) -> &'static str {
        match self {
            IdKind::Account => "--account",
            IdKind::Chat => "--chat",
        }
    }

    fn label(self, id: &str) -> String {
        match self {
            IdKind::Account => account_label(id),
            IdKind::Chat => chat_name(id),
        }
    }
}

/// `--account`, `--chat`, `--older-than`, `--larger-than`, the ids
/// resolved to whole ids of `inv`.
pub fn narrow(
    inv: &crate::model::Inventory,
    args: &crate::cli::NarrowArgs,
) -> Result<crate::analyze::media::Narrow, Error> {
    let account = match args.account.as_deref() {
        Some(typed) => {
            let ids = inv.accounts.iter().map(|x| x.id.as_str());
            Some(resolve(IdKind::Account, typed, ids)?)
        }
        None => None,
    };
    let chat = match args.chat.as_deref() {
        Some(typed) => {
            let ids = inv.files.iter().filter_map(|f| f.chat.as_deref());
            Some(resolve(IdKind::Chat, typed, ids)?)
        }
        None => None,
    };
    Ok(crate::analyze::media::Narrow {
        account,
        chat,
        older_than: args.older_than,
        larger_than: args.larger_than,
    })
}

/// The shortest prefix a person may type.
const MIN_PREFIX: usize = 4;

/// The one id among `ids` that `typed` names (see the module docs).
pub fn resolve<'a>(
    kind: IdKind,
    typed: &str,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<String, Error> {
    let ids: BTreeSet<&str> = ids.into_iter().collect();
    if ids.contains(typed) {
        return Ok(typed.to_string());
    }
    // The label as a table prints it.
    let by_label: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| kind.label(id) == typed)
        .collect();
    let found: Vec<&str> = if !by_label.is_empty() {
        by_label
    } else if let Some((head, tail)) = typed.split_once('…') {
        // A shortened label: its start and its end.
        ids.iter()
            .copied()
            .filter(|id| {
                id.starts_with(head) && id.ends_with(tail) && id.len() >= head.len() + tail.len()
            })
            .collect()
    } else if typed.chars().count() >= MIN_PREFIX {
        ids.iter()
            .copied()
            .filter(|id| id.starts_with(typed))
            .collect()
    } else {
        Vec::new()
    };
    match found.as_slice() {
        [one] => Ok(one.to_string()),
        [] => Err(Error::Usage(format!(
            "{} {typed}: no {} matches{}",
            kind.flag(),
            match kind {
                IdKind::Account => "account",
                IdKind::Chat => "chat",
            },
            closest(typed, &ids)
        ))),
        many => Err(Error::Usage(format!(
            "{} {typed} is ambiguous: it could be {}; type more of it",
            kind.flag(),
            many.join(", ")
        ))),
    }
}

/// `; the closest: a, b, c` (by the longest common start, then by edit
/// of the first characters), or nothing where there are no ids at all.
fn closest(typed: &str, ids: &BTreeSet<&str>) -> String {
    let common = |id: &str| {
        id.chars()
            .zip(typed.trim_end_matches('…').chars())
            .take_while(|(a, b)| a == b)
            .count()
    };
    let mut v: Vec<&str> = ids.iter().copied().collect();
    v.sort_by_key(|id| std::cmp::Reverse(common(id)));
    let shown: Vec<&str> = v.into_iter().take(3).collect();
    match shown.is_empty() {
        true => " (there are none here)".into(),
        false => format!("; the closest: {}", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [&str; 3] = [
        "wxid_abc123def456_1a2b",
        "wxid_abc999zzz000_9f9f",
        "5f1e0d2c3b4a69788796a5b4c3d2e1f0",
    ];

    #[test]
    fn issue_26_whole_ids_prefixes_and_labels() {
        let r = |t: &str, k| resolve(k, t, IDS);
        assert_eq!(
            r("5f1e0d2c3b4a69788796a5b4c3d2e1f0", IdKind::Chat).unwrap(),
            IDS[2]
        );
        assert_eq!(r("5f1e0d2c…", IdKind::Chat).unwrap(), IDS[2]);
        assert_eq!(r("5f1e", IdKind::Chat).unwrap(), IDS[2]);
        assert_eq!(r(&account_label(IDS[0]), IdKind::Account).unwrap(), IDS[0]);
        assert_eq!(r("wxid_abc1", IdKind::Account).unwrap(), IDS[0]);
        let e = r("wxid_abc", IdKind::Account).unwrap_err().to_string();
        assert!(
            e.contains("ambiguous") && e.contains(IDS[0]) && e.contains(IDS[1]),
            "{e}"
        );
        let e = r("wxid_nobody", IdKind::Account).unwrap_err().to_string();
        assert!(
            e.contains("no account matches") && e.contains("closest"),
            "{e}"
        );
        // Too short to be a prefix.
        assert!(r("5f1", IdKind::Chat).is_err());
    }
}
