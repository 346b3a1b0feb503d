//! Chats everyone has: WeChat names a chat folder by the md5 of the peer's
//! user name, so a system account's chat has the same folder name on every
//! Mac (`9e20f478899dc29eb19741386f9343c8` = md5("filehelper"), the File
//! Transfer chat, in many unrelated accounts on real Macs).
//!
//! The user names and their display names: WeChat's built-in service
//! accounts as listed by the open-source WeChat readers (wechaty's
//! `system` contacts, PyWxDump's and chatlog's filters of `filehelper`,
//! `weixin`, `fmessage`, `medianote`, `floatbottle`, `qqmail`, `newsapp`,
//! `notifymessage`; the names issue 11 lists). Only names whose meaning is
//! well attested are here: a wrong label would mislead more than none.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use md5::{Digest, Md5};

/// System user names, English name, Chinese name.
#[rustfmt::skip]
pub const KNOWN_CHATS: &[(&str, &str, &str)] = &[
    ("filehelper", "File Transfer", "文件传输助手"),
    ("weixin", "WeChat Team", "微信团队"),
    ("fmessage", "Friend Recommendations", "朋友推荐消息"),
    ("medianote", "Voice Notes", "语音记事本"),
    ("floatbottle", "Drift Bottle", "漂流瓶"),
    ("qqmail", "QQ Mail Notifications", "QQ邮箱提醒"),
    ("newsapp", "Tencent News", "腾讯新闻"),
    ("notifymessage", "Service Notifications", "服务通知"),
];

/// The label of a chat folder whose name is well known: `File Transfer
/// (文件传输助手)`.
pub fn chat_label(folder: &str) -> Option<&'static str> {
    static BY_MD5: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    BY_MD5
        .get_or_init(|| {
            KNOWN_CHATS
                .iter()
                .map(|(user, en, zh)| {
                    let d = Md5::digest(user.as_bytes());
                    let hex: String = d.iter().map(|b| format!("{b:02x}")).collect();
                    (hex, format!("{en} ({zh})"))
                })
                .collect()
        })
        .get(folder)
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_transfer_is_known() {
        assert_eq!(
            chat_label("9e20f478899dc29eb19741386f9343c8"),
            Some("File Transfer (文件传输助手)")
        );
        assert_eq!(chat_label("5f1e0d2c3b4a69788796a5b4c3d2e1f0"), None);
    }
}
