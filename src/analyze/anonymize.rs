//! `--anonymize`: pseudonyms for every name WeChat or macOS did not
//! generate (an allow-list: `generated.rs` decides), for account ids, chat
//! ids and the uin inside kvcomm file names, and placeholders for the root,
//! the home folder's user name and the paths given on the command line,
//! wherever they appear (paths, link targets, settings values, messages,
//! the recorded command).
//!
//! A pseudonym is a keyed SHA-256 of the value: with a random per-run salt
//! nobody can reverse it by hashing guessed ids; with `--anonymize-key K`
//! the same value gets the same pseudonym in every report and command.
//! Sizes, dates, months, categories, kinds, formats, counts, extensions and
//! WeChat's own names (`Cache.db`, `message_0.db`, `Img`) stay readable.

use std::collections::BTreeSet;
use std::io::Read;

use sha2::{Digest, Sha256};

use super::generated::is_generated;
use super::shapes::{id_shaped, personal_start, urls};
use crate::layout::{is_h32, strip_account_suffix};
use crate::model::{Account, Inventory, Warning};

/// What `--anonymize` asks for, made once from the command line: the key
/// (`--anonymize-key`, else a random one per run) and the paths given on
/// the command line with their placeholders. An [`Anonymizer`] needs the
/// accounts too, known only once the layout is located:
/// [`AnonymizeSpec::for_layout`] is how every command gets one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnonymizeSpec {
    key: Option<String>,
    args: Vec<(String, String)>,
}

impl AnonymizeSpec {
    /// `--anonymize` with `--anonymize-key` `key` (random when `None`).
    pub fn new(key: Option<String>) -> AnonymizeSpec {
        AnonymizeSpec {
            key,
            args: Vec::new(),
        }
    }

    /// A path given on the command line (as typed) and the placeholder
    /// that replaces it (`<root>`, `<output>`, `<input-1>`).
    pub fn arg(mut self, given: Option<&std::path::Path>, placeholder: &str) -> AnonymizeSpec {
        let given = given
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.args.push((given, placeholder.to_string()));
        self
    }

    fn with_args(&self, an: Anonymizer) -> Anonymizer {
        let args: Vec<(&str, &str)> = self
            .args
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        an.with_args(&args)
    }

    /// The anonymizer for a located layout (its root and accounts).
    pub fn for_layout(&self, layout: &crate::layout::Layout) -> Anonymizer {
        let root = layout.root.to_string_lossy();
        self.with_args(Anonymizer::for_accounts(
            self.key.as_deref(),
            &root,
            &layout.accounts,
        ))
    }

    /// The anonymizer where no layout was found (an `explain` error): the
    /// paths given and home folders only.
    pub fn without_layout(&self) -> Anonymizer {
        self.with_args(Anonymizer::for_accounts(self.key.as_deref(), "", &[]))
    }

    /// The anonymizer for inventories read back from files (`diff`, which
    /// has no layout): the first one's root, every one's accounts.
    pub fn for_inventories(&self, first: &Inventory, others: &[&Inventory]) -> Anonymizer {
        let an = others
            .iter()
            .fold(Anonymizer::new(self.key.as_deref(), first), |an, inv| {
                an.with_accounts_of(inv)
            });
        self.with_args(an)
    }
}

/// Replaces identifying strings by pseudonyms.
pub struct Anonymizer {
    key: Vec<u8>,
    /// Account ids, with and without their `_xxxx` suffix.
    accounts: BTreeSet<String>,
    root: String,
    /// Paths as given on the command line and their placeholders
    /// (`<root>`, `<output>`, `<input-1>`).
    args: Vec<(String, String)>,
}

/// A placeholder or pseudonym this module wrote (`<root>`, `<output>`,
/// `user-0a1b2c3d4e`): left as it is when met again.
fn is_placeholder(c: &str) -> bool {
    let pseudonym = ["name-", "acct-", "chat-", "id-", "uin-", "user-"]
        .iter()
        .any(|p| {
            c.strip_prefix(p)
                .is_some_and(|h| h.len() == 10 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        });
    pseudonym || (c.len() > 2 && c.starts_with('<') && c.ends_with('>'))
}

impl Anonymizer {
    /// A per-run random key, or a fixed one.
    fn new(fixed_key: Option<&str>, inv: &Inventory) -> Anonymizer {
        let key = match fixed_key {
            Some(k) => k.as_bytes().to_vec(),
            None => random_key(),
        };
        let mut accounts = BTreeSet::new();
        for a in &inv.accounts {
            accounts.insert(a.id.clone());
            if let Some(base) = strip_account_suffix(&a.id) {
                accounts.insert(base.to_string());
            }
        }
        Anonymizer {
            key,
            accounts,
            root: inv.root.clone(),
            args: Vec::new(),
        }
    }

    /// An anonymizer from the accounts a locate found (a streaming output
    /// knows no inventory yet).
    fn for_accounts(fixed_key: Option<&str>, root: &str, accounts: &[Account]) -> Anonymizer {
        let inv = Inventory {
            root: root.to_string(),
            accounts: accounts.to_vec(),
            ..Inventory::empty()
        };
        Anonymizer::new(fixed_key, &inv)
    }

    /// One file entry: its path, account and chat.
    pub fn file(&self, f: &mut crate::model::FileEntry) {
        f.path = crate::model::EntryPath::parse(&self.path(&f.path.full()));
        f.account = f.account.as_deref().map(|a| self.account(a).into());
        f.chat = f.chat.as_deref().map(|c| self.chat(c).into());
    }

    /// Adds the accounts of another inventory (`diff` reads two).
    fn with_accounts_of(mut self, inv: &Inventory) -> Anonymizer {
        for a in &inv.accounts {
            self.accounts.insert(a.id.clone());
            if let Some(base) = strip_account_suffix(&a.id) {
                self.accounts.insert(base.to_string());
            }
        }
        self
    }

    /// Paths given on the command line, each with the placeholder that
    /// replaces it in the recorded command and in free text.
    fn with_args(mut self, args: &[(&str, &str)]) -> Anonymizer {
        for (given, placeholder) in args {
            if !given.is_empty() {
                self.args.push((given.to_string(), placeholder.to_string()));
            }
        }
        // Longest first, so that a path is not replaced inside a longer one.
        self.args.sort_by_key(|a| std::cmp::Reverse(a.0.len()));
        self
    }

    /// The recorded command line: paths given as arguments become their
    /// placeholders (also in `--flag=path`), the rest is free text.
    /// The key of `--anonymize-key` becomes `<key>`: with it, anybody could
    /// test guessed ids against the pseudonyms.
    pub fn command(&self, argv: &[String]) -> Vec<String> {
        let mut after_key = false;
        argv.iter()
            .map(|a| {
                if std::mem::take(&mut after_key) {
                    return "<key>".to_string();
                }
                if a == "--anonymize-key" {
                    after_key = true;
                    return a.clone();
                }
                if a.starts_with("--anonymize-key=") {
                    return "--anonymize-key=<key>".to_string();
                }
                for (given, ph) in &self.args {
                    if a == given {
                        return ph.clone();
                    }
                    if let Some((flag, v)) = a.split_once('=') {
                        if v == given {
                            return format!("{flag}={ph}");
                        }
                    }
                }
                self.text(a)
            })
            .collect()
    }

    fn pseudo(&self, class: &str, value: &str) -> String {
        let mut h = Sha256::new();
        h.update((self.key.len() as u64).to_le_bytes());
        h.update(&self.key);
        h.update(class.as_bytes());
        h.update([0]);
        h.update(value.as_bytes());
        let d = h.finalize();
        format!("{class}-{}", crate::analyze::hash::hex(&d[..5]))
    }

    /// An account id (folder name, or a base id without suffix).
    pub fn account(&self, id: &str) -> String {
        let base = strip_account_suffix(id).unwrap_or(id);
        if is_h32(id) {
            self.pseudo("acct", id)
        } else {
            self.pseudo("acct", base)
        }
    }

    /// A chat id.
    pub fn chat(&self, id: &str) -> String {
        self.pseudo("chat", id)
    }

    /// A file name from a person: a pseudonym that keeps the extension.
    fn name(&self, name: &str) -> String {
        match name.rsplit_once('.') {
            Some((stem, ext))
                if !stem.is_empty()
                    && ext.len() <= 8
                    && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
            {
                format!("{}.{ext}", self.pseudo("name", name))
            }
            _ => self.pseudo("name", name),
        }
    }

    /// A path relative to the root: ids and personal names replaced.
    pub fn path(&self, p: &str) -> String {
        let comps: Vec<&str> = p.split('/').collect();
        let personal_from = personal_start(&comps);
        let mut out = Vec::with_capacity(comps.len());
        for (i, c) in comps.iter().enumerate() {
            let prev = if i > 0 { comps[i - 1] } else { "" };
            let replaced = if i >= personal_from {
                self.name(c)
            } else if self.accounts.contains(*c)
                || strip_account_suffix(c).is_some_and(|b| self.accounts.contains(b))
            {
                self.account(c)
            } else if is_h32(c) {
                // 32-hex folders and names are account, chat or media ids.
                if matches!(prev, "MessageTemp" | "attach" | "Message") {
                    self.chat(c)
                } else {
                    self.pseudo("id", c)
                }
            } else if let Some(h) = c.get(..32).filter(|h| is_h32(h)) {
                // `<h32>.CheckPointMMKV` and similar: the id part only.
                format!("{}{}", self.pseudo("id", h), &c[32..])
            } else if let Some((uin, rest)) = c
                .strip_prefix("key_")
                .and_then(|r| r.split_once('_'))
                .filter(|(uin, _)| !uin.is_empty() && uin.bytes().all(|b| b.is_ascii_digit()))
            {
                // kvcomm `key_<uin>_…`: the uin is personal.
                format!("key_{}_{rest}", self.pseudo("uin", uin))
            } else if let Some((stem, ext)) = id_shaped(c) {
                // `radium/users/<16 hex>`, numeric ids: ids, whatever their
                // length (issue 25).
                format!("{}{ext}", self.pseudo("id", stem))
            } else if is_generated(c) || is_placeholder(c) {
                c.to_string()
            } else {
                // Not a name WeChat or macOS makes: a person's.
                self.name(c)
            };
            out.push(replaced);
        }
        out.join("/")
    }

    /// Free text that may contain URLs (scheme and host kept), the root,
    /// paths given as arguments, a home folder (`/Users/<name>`) or ids.
    pub fn text(&self, s: &str) -> String {
        let mut t = urls(s);
        for (given, ph) in &self.args {
            t = t.replace(given.as_str(), ph);
        }
        if !self.root.is_empty() {
            t = t.replace(&self.root, "<root>");
        }
        t = self.homes(&t);
        for a in self.accounts.iter().rev() {
            if t.contains(a.as_str()) {
                t = t.replace(a.as_str(), &self.account(a));
            }
        }
        t
    }

    /// The root.
    pub fn root(&self) -> String {
        "<root>".into()
    }

    /// `/Users/<name>` and `/home/<name>` with the user name as a pseudonym
    /// (a home path can come from settings values, link targets, messages).
    fn homes(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        loop {
            let next = ["/Users/", "/home/"]
                .iter()
                .filter_map(|p| rest.find(p).map(|i| (i, *p)))
                .min();
            let Some((i, prefix)) = next else {
                out.push_str(rest);
                return out;
            };
            out.push_str(&rest[..i + prefix.len()]);
            rest = &rest[i + prefix.len()..];
            let end = rest
                .find(|c: char| c == '/' || c.is_whitespace() || "\"'`,;:)".contains(c))
                .unwrap_or(rest.len());
            let user = &rest[..end];
            if user.is_empty() || user == "Shared" || is_placeholder(user) {
                out.push_str(user);
            } else {
                out.push_str(&self.pseudo("user", user));
            }
            rest = &rest[end..];
        }
    }

    /// A link target: free text first (URLs, root, homes), then each
    /// component as in a path (a URL keeps its scheme and host only).
    fn link_target(&self, target: &str) -> String {
        let t = self.text(target);
        if t.contains("://") {
            t
        } else {
            self.path(&t)
        }
    }

    /// A settings value: a path or `file://` URL is anonymized as a path
    /// (each component as in the inventory), any other URL keeps its
    /// scheme and host, anything else is free text.
    fn value(&self, v: &str) -> String {
        if let Some(rest) = v.strip_prefix("file://").filter(|r| !r.contains("://")) {
            return format!("file://{}", self.path(&self.text(rest)));
        }
        let t = self.text(v);
        if t.contains("://") {
            t
        } else if t.starts_with('/') || t.starts_with("~/") || t.starts_with("<root>/") {
            self.path(&t)
        } else {
            t
        }
    }

    /// Anonymizes a whole inventory in place.
    pub fn inventory(&self, inv: &mut Inventory) {
        inv.root = self.root();
        inv.command = self.command(&inv.command);
        for i in &mut inv.installs {
            i.accounts = i.accounts.iter().map(|a| self.account(a)).collect();
        }
        for a in &mut inv.accounts {
            a.path = self.path(&a.path);
            a.id = self.account(&a.id);
        }
        for l in &mut inv.locations {
            l.path = self.path(&l.path);
        }
        if let Some(c) = &mut inv.crashes.last {
            c.path = self.path(&c.path);
        }
        inv.chats = std::mem::take(&mut inv.chats)
            .into_iter()
            .map(|(k, v)| (self.chat(&k), v))
            .collect();
        for f in &mut inv.files {
            self.file(f);
        }
        for l in &mut inv.links {
            l.path = self.path(&l.path);
            l.target = self.link_target(&l.target);
        }
        for s in &mut inv.specials {
            s.path = self.path(&s.path);
        }
        self.warnings(&mut inv.warnings);
        for d in &mut inv.databases {
            d.path = self.path(&d.path);
            d.account = d.account.as_deref().map(|a| self.account(a));
        }
        for c in &mut inv.network.cookies {
            c.source = self.path(&c.source);
        }
        for f in &mut inv.network.files {
            f.path = self.path(&f.path);
        }
    }
}

impl Anonymizer {
    /// Media rows.
    pub fn media_rows(&self, rows: &mut [crate::analyze::media::MediaRow]) {
        for r in rows {
            r.install = self.path(&r.install);
            r.path = self.path(&r.path);
            r.account = r.account.as_deref().map(|a| self.account(a).into());
            r.chat = r.chat.as_deref().map(|c| self.chat(c).into());
        }
    }

    /// Aggregate keys that are ids.
    pub fn agg_rows(
        &self,
        rows: &mut [crate::analyze::media::AggRow],
        by: crate::analyze::media::By,
    ) {
        for r in rows.iter_mut().filter(|r| r.key != "(none)") {
            match by {
                crate::analyze::media::By::Chat => r.key = self.chat(&r.key),
                crate::analyze::media::By::Account => r.key = self.account(&r.key),
                _ => {}
            }
        }
    }

    /// Duplicate groups.
    pub fn dupes(&self, d: &mut crate::analyze::dupes::Dupes) {
        for g in &mut d.groups {
            g.files = g.files.iter().map(|p| self.path(p)).collect();
            g.aliases = g.aliases.iter().map(|p| self.path(p)).collect();
            for a in g.accounts.iter_mut().flatten() {
                *a = self.account(a);
            }
            g.installs = g.installs.iter().map(|p| self.path(p)).collect();
        }
        self.warnings(&mut d.warnings);
    }

    /// A diff: both roots, every path and account, the warnings.
    pub fn diff(&self, d: &mut crate::analyze::diff::Diff) {
        for r in [&mut d.old_root, &mut d.new_root] {
            *r = if is_placeholder(r) {
                r.clone()
            } else {
                self.root()
            };
        }
        for (_, list) in d.lists_mut() {
            for c in list {
                c.path = self.path(&c.path);
                c.account = c.account.as_deref().map(|a| self.account(a));
            }
        }
        d.by_account = std::mem::take(&mut d.by_account)
            .into_iter()
            .map(|(k, v)| (self.account(&k), v))
            .collect();
        for w in &mut d.warnings {
            w.warning.path = self.path(&w.warning.path);
            w.warning.message = self.text(&w.warning.message);
        }
    }

    /// `reclaim`: the root, every path and folder, ids in the evidence and
    /// the sentences.
    pub fn reclaim(&self, r: &mut crate::analyze::reclaim::Reclaim) {
        r.root = self.root();
        for f in &mut r.files {
            f.path = self.path(&f.path);
            f.kept = f.kept.as_deref().map(|p| self.path(p));
        }
        for t in &mut r.tiers {
            t.sentence = self.text(&t.sentence);
            t.list_command = self.text(&t.list_command);
            for p in &mut t.places {
                p.folder = self.path(&p.folder);
                p.account = p.account.as_deref().map(|a| self.account(a));
            }
        }
        for l in &mut r.leftovers {
            l.path = self.path(&l.path);
            l.install = self.path(&l.install);
            l.account_4x = l.account_4x.as_deref().map(|a| self.account(a));
            l.same_account = l.same_account.as_deref().map(|s| self.text(s));
            l.evidence = l.evidence.iter().map(|e| self.text(e)).collect();
        }
        self.warnings(&mut r.warnings);
    }

    /// Warnings: their paths, and ids inside their messages.
    pub fn warnings(&self, ws: &mut [Warning]) {
        for w in ws {
            w.path = self.path(&w.path);
            w.message = self.text(&w.message);
        }
    }

    /// One `explain` answer: the file (its placeholder when given on the
    /// command line), its location and layout path, account and chat; the
    /// first bytes only of a file whose format has a magic number (text
    /// would show its first words).
    pub fn explanation(&self, e: &mut crate::classify::explain::Explanation) {
        use crate::model::Format;
        e.path = self.any_path(&e.path);
        e.location = self.any_path(&e.location);
        // `$group/…`, `$container/…`: the layout's own prefixes.
        e.logical_path = match e.logical_path.split_once('/') {
            Some((pre, rest)) if pre.starts_with('$') => format!("{pre}/{}", self.path(rest)),
            _ => self.path(&e.logical_path),
        };
        e.account = e.account.as_deref().map(|a| self.account(a));
        e.chat = e.chat.as_deref().map(|c| self.chat(c));
        e.class_reason = self.text(&e.class_reason);
        e.detail = e.detail.as_deref().map(|d| self.text(d));
        if matches!(
            e.format,
            Format::Text | Format::Json | Format::Xml | Format::Unknown
        ) {
            e.first_bytes = "<hidden>".into();
        }
    }

    /// An absolute or relative path: the paths given and the root become
    /// their placeholders, then each component as in [`Anonymizer::path`].
    fn any_path(&self, p: &str) -> String {
        let t = self.text(p);
        if is_placeholder(&t) {
            t
        } else {
            self.path(&t)
        }
    }

    /// Settings rows: file paths, and ids inside values.
    pub fn config(&self, rows: &mut [crate::inspect::settings::ConfigRow]) {
        for r in rows {
            r.file = self.path(&r.file);
            r.key = self.text(&r.key);
            r.value = self.value(&r.value);
        }
    }
}

/// 32 random bytes from the OS (a read-only character device; this is the
/// tool's own process, not the inspected tree).
fn random_key() -> Vec<u8> {
    let mut k = vec![0u8; 32];
    let ok = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut k))
        .is_ok();
    if !ok {
        // Fall back to time and address entropy; still unguessable enough
        // for pseudonyms that must not be reversed by dictionary.
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let mut h = Sha256::new();
        h.update(t.as_nanos().to_le_bytes());
        h.update((&k as *const _ as usize).to_le_bytes());
        k = h.finalize().to_vec();
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anon() -> Anonymizer {
        let mut accounts = BTreeSet::new();
        accounts.insert("wxid_abc_1a2b".to_string());
        accounts.insert("wxid_abc".to_string());
        accounts.insert("0123456789abcdef0123456789abcdef".to_string());
        Anonymizer {
            key: b"k".to_vec(),
            accounts,
            root: "/Users/alice".into(),
            args: Vec::new(),
        }
    }

    #[test]
    fn paths() {
        let a = anon();
        let p = a.path("Documents/xwechat_files/wxid_abc_1a2b/msg/file/2025-03/季度报告.pdf");
        assert!(!p.contains("wxid_abc") && !p.contains("季度报告"), "{p}");
        assert!(
            p.contains("/msg/file/2025-03/") && p.ends_with(".pdf"),
            "{p}"
        );
        let p = a.path("Documents/xwechat_files/all_users/login/wxid_abc/key_info.db");
        assert!(
            !p.contains("wxid_abc") && p.ends_with("/key_info.db"),
            "{p}"
        );
        let p = a.path("2.0b4.0.9/0123456789abcdef0123456789abcdef/Message/MessageTemp/fedcba9876543210fedcba9876543210/File/a|b.txt");
        assert!(
            !p.contains("0123456789abcdef") && !p.contains("fedcba98") && !p.contains("a|b"),
            "{p}"
        );
        assert!(p.contains("/Message/MessageTemp/chat-"), "{p}");
        let p = a.path("Documents/app_data/net/kvcomm/key_2718281828_3a4b.statistic");
        assert!(
            !p.contains("2718281828") && p.ends_with("_3a4b.statistic"),
            "{p}"
        );
        assert_eq!(
            a.path("Library/Caches/com.tencent.xinWeChat/Cache.db"),
            "Library/Caches/com.tencent.xinWeChat/Cache.db"
        );
        // Stable for one key, different for another.
        assert_eq!(a.account("wxid_abc_1a2b"), a.account("wxid_abc"));
        let b = Anonymizer {
            key: b"other".to_vec(),
            ..anon()
        };
        assert_ne!(a.account("wxid_abc"), b.account("wxid_abc"));
        assert_eq!(
            a.text("wxinspect report /Users/alice"),
            "wxinspect report <root>"
        );
    }

    #[test]
    fn issue_25_urls_keep_scheme_and_host() {
        let a = anon();
        assert_eq!(
            a.text("avatar https://wx.qlogo.cn/mmhead/ver_1/abcdefg/132 and http://u:p@h.example:8080?q=1#x."),
            "avatar https://wx.qlogo.cn/<path> and http://h.example:8080/<path>"
        );
        assert_eq!(a.text("https://wx.qlogo.cn"), "https://wx.qlogo.cn");
        assert_eq!(
            a.text("\"https://a.example/p\" 中://x"),
            "\"https://a.example/<path>\" 中://x"
        );
        assert_eq!(
            a.value("https://dldir1.qq.com/weixin/mac/mac-release.xml"),
            "https://dldir1.qq.com/<path>"
        );
        assert_eq!(
            a.link_target("https://wx.qlogo.cn/mmhead/x"),
            "https://wx.qlogo.cn/<path>"
        );
        // A file URL is a path: its components as in the inventory.
        let v = a.value("file:///Users/alice/Documents/xwechat_files/wxid_abc_1a2b/x.pdf");
        assert!(
            v.starts_with("file://<root>/Documents/xwechat_files/acct-"),
            "{v}"
        );
        assert!(v.ends_with(".pdf") && !v.contains("x.pdf"), "{v}");
    }

    #[test]
    fn issue_25_id_shaped_components() {
        let a = anon();
        let p = a.path("Documents/app_data/radium/users/593b906c03bc0149/applet/packages");
        assert!(p.starts_with("Documents/app_data/radium/users/id-"), "{p}");
        assert!(
            p.ends_with("/applet/packages") && !p.contains("593b906c"),
            "{p}"
        );
        let p = a.path("Img/1234567.jpg");
        assert!(p.starts_with("Img/id-") && p.ends_with(".jpg"), "{p}");
        assert_eq!(a.path("log/MM_20250301.xlog"), "log/MM_20250301.xlog");
    }
}
