//! The host inventory: which hosts WeChat's caches, cookie jars, HTTP
//! storages, net config files and settings point to, with offline
//! knowledge of who owns each host and what it serves
//! (`../shared/reference/network-hosts.md`). Only host names, counts,
//! sizes and times leave this module: never a URL's path or query, never
//! a cookie value.

use std::collections::{BTreeMap, BTreeSet};

use std::path::Path;

use super::databases::open_warning;
use crate::classify::place_decides;
use crate::formats::{binarycookies, chromium, httpstorage, netconfig, plist_guard, urlcache};
use crate::fsio::{open_no_follow, read_small};
use crate::layout::Layout;
use crate::model::time::from_mac_epoch;
use crate::model::{Cookie, FileEntry, Format, Host, Inventory, Kind, NetFile, Network, Warning};

/// One row of the offline host table: a host or a suffix (`.qpic.cn`
/// matches every host below it), its owner and role. `inferred` roles are
/// a reading of the name, shown as "likely".
struct Known {
    pattern: &'static str,
    owner: &'static str,
    role: &'static str,
    inferred: bool,
}

macro_rules! known {
    ($($p:literal => $role:literal $(, $inf:ident)?;)+) => {
        &[$(Known { pattern: $p, owner: "Tencent", role: $role, inferred: known!(@inf $($inf)?) }),+]
    };
    (@inf) => { false };
    (@inf inferred) => { true };
}

/// network-hosts.md "Owner and role table" ([M] mincong.io 2023, [W]
/// wechaty guide, [L] layout §5). Longest match wins.
const KNOWN: &[Known] = known! {
    "long.weixin.qq.com" => "long link: persistent connection for push and messages";
    "short.weixin.qq.com" => "short link: one-shot CGI requests";
    "extshort.weixin.qq.com" => "short link: one-shot CGI requests";
    "szshort.weixin.qq.com" => "short link: one-shot CGI requests";
    "szextshort.weixin.qq.com" => "short link: one-shot CGI requests";
    "findershort.weixin.qq.com" => "short link: one-shot CGI requests (Channels)";
    "dns.weixin.qq.com" => "NewDNS (HTTP DNS) node lists";
    "mp.weixin.qq.com" => "official-account articles";
    "channels.weixin.qq.com" => "Channels (视频号)";
    "finder.video.qq.com" => "Channels (视频号) video";
    "findermp.video.qq.com" => "Channels (视频号)";
    "weixin.qq.com" => "WeChat web, login";
    "wx.qq.com" => "WeChat web, login";
    "login.weixin.qq.com" => "WeChat web, login";
    "webpush.weixin.qq.com" => "WeChat web push";
    "mmbiz.qpic.cn" => "official-account article images";
    "mmsns.qpic.cn" => "Moments media", inferred;
    "cmmsns.qpic.cn" => "Moments media", inferred;
    "szmmsns.qpic.cn" => "Moments media", inferred;
    "shmmsns.qpic.cn" => "Moments media", inferred;
    "mmsns.c2c.wechat.com" => "Moments media", inferred;
    "mmsns.qpic.wechatos.net" => "Moments media", inferred;
    "qpic.cn" => "picture CDN (QQ Picture)";
    "wx.qlogo.cn" => "avatars and logos";
    "mmbiz.qlogo.cn" => "avatars and logos";
    "mmhead.c2c.wechat.com" => "avatars and logos";
    "qlogo.cn" => "avatars and logos";
    "tc.qq.com" => "thumbnails, sticker and media CDN";
    "video.qq.com" => "video";
    "soup.v.qq.com" => "video";
    "res.wx.qq.com" => "static web resources", inferred;
    "apis.map.qq.com" => "Tencent Maps API", inferred;
    "badjs.weixinbridge.com" => "web error reporting", inferred;
    "servicewechat.com" => "Referer host of mini-program requests";
    "dldir1.qq.com" => "app downloads and the update feed";
    "dldir1v6.qq.com" => "app downloads and the update feed";
    "wechat.com" => "other Tencent domain";
    "weixin.com" => "other Tencent domain";
    "wechatos.net" => "other Tencent domain";
    "weixinbridge.com" => "other Tencent domain";
    "qq.com" => "other Tencent domain";
    "gtimg.cn" => "other Tencent domain";
    "gtimg.com" => "other Tencent domain";
    "myqcloud.com" => "other Tencent domain (Tencent Cloud)";
    "tencent-cloud.net" => "other Tencent domain (Tencent Cloud)";
};

/// Owner and role of a host: exact match first, then the longest suffix;
/// `*quic.weixin.qq.com` are QUIC endpoints (layout §5.2).
pub fn owner_role(host: &str) -> (String, String) {
    if host.ends_with("quic.weixin.qq.com") {
        return ("Tencent".into(), "QUIC endpoint".into());
    }
    let best = KNOWN
        .iter()
        .filter(|k| host == k.pattern || host.ends_with(&format!(".{}", k.pattern)))
        .max_by_key(|k| k.pattern.len());
    match best {
        Some(k) if k.inferred => (k.owner.into(), format!("likely {}", k.role)),
        Some(k) => (k.owner.into(), k.role.into()),
        None if host.parse::<std::net::IpAddr>().is_ok() => ("unknown".into(), "IP address".into()),
        None => ("third party".into(), "unknown".into()),
    }
}

/// The registrable domain (public-suffix aware: `mmbiz.qpic.cn` →
/// `qpic.cn`, `a.b.co.uk` → `b.co.uk`).
pub fn registrable(host: &str) -> String {
    if host.parse::<std::net::IpAddr>().is_ok() {
        return host.to_string();
    }
    psl::domain_str(host).unwrap_or(host).to_string()
}

/// The host of a URL or origin, lower case, without port or user info.
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?;
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next()?
    } else {
        authority.split(':').next()?
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (netconfig::is_host(&host) || host.parse::<std::net::IpAddr>().is_ok()).then_some(host)
}

#[derive(Default)]
struct Acc {
    sources: BTreeSet<&'static str>,
    requests: u64,
    bytes: u64,
    first: Option<String>,
    last: Option<String>,
}

/// Collects hosts and cookies.
#[derive(Default)]
pub struct Collector {
    hosts: BTreeMap<String, Acc>,
    cookies: Vec<Cookie>,
    files: Vec<NetFile>,
    cdncomm: Option<NetFile>,
    /// Sources that could not be read.
    pub warnings: Vec<Warning>,
}

impl Collector {
    fn add(
        &mut self,
        host: &str,
        source: &'static str,
        requests: u64,
        bytes: u64,
        when: Option<String>,
    ) {
        let host = host.trim_start_matches('.').to_ascii_lowercase();
        if host.is_empty() {
            return;
        }
        let a = self.hosts.entry(host).or_default();
        a.sources.insert(source);
        a.requests += requests;
        a.bytes += bytes;
        if let Some(t) = when {
            if a.first.as_ref().is_none_or(|f| &t < f) {
                a.first = Some(t.clone());
            }
            if a.last.as_ref().is_none_or(|l| &t > l) {
                a.last = Some(t);
            }
        }
    }

    fn corrupt(&mut self, path: &str, message: String) {
        self.warnings.push(Warning::corrupt(path, message));
    }

    /// Whether `visit` has anything to do with this file (most files: no).
    pub fn wants(f: &FileEntry) -> bool {
        (matches!(f.format, Format::ChromiumCache | Format::Binarycookies)
            && !place_decides(f.category, f.kind))
            || matches!(
                f.kind,
                Kind::HttpCache
                    | Kind::Cookies
                    | Kind::HttpStorage
                    | Kind::NetConfig
                    | Kind::DnsCache
                    | Kind::Cdn
                    | Kind::Preferences
            )
            || (f.format == Format::Json && f.path.ends_with("Network Persistent State"))
    }

    /// Reads what one file says about hosts.
    pub fn visit(&mut self, f: &FileEntry, abs: &Path, max_copy: u64) {
        let name = f.path.name();
        if f.kind == Kind::Cdn {
            self.cdn(f);
        }
        if f.kind == Kind::NetConfig && is_kvcomm(name) {
            self.files.push(NetFile {
                path: f.path.full(),
                what: "kvcomm statistics-report cache; its file name embeds the account's numeric uin (tools derive image keys from it)"
                    .into(),
                entries: 0,
                bytes: f.size,
            });
        }
        match (f.format, f.kind) {
            (Format::Sqlite, Kind::HttpCache) if name.eq_ignore_ascii_case("Cache.db") => {
                self.url_cache(f, abs, max_copy)
            }
            (Format::ChromiumCache, _) => self.web_cache(f, abs),
            (Format::Json, _) if name == "Network Persistent State" => self.net_state(abs),
            (Format::Binarycookies, _) => self.cookie_jar(f, abs),
            (Format::Sqlite, Kind::Cookies) => self.chromium_cookies(f, abs, max_copy),
            (Format::Sqlite, Kind::HttpStorage) => self.http_storage(f, abs, max_copy),
            (Format::Text | Format::Xml, Kind::NetConfig | Kind::DnsCache) => {
                self.net_config(f, abs)
            }
            (Format::Bplist | Format::XmlPlist, Kind::Preferences) => self.preferences(f, abs),
            _ => {}
        }
    }

    /// `cdncomm`: counted, not read (it holds signed media URLs and partial
    /// downloads).
    fn cdn(&mut self, f: &FileEntry) {
        let full = f.path.full();
        let base = full
            .find("/cdncomm/")
            .map(|i| &full[..i + "/cdncomm".len()])
            .unwrap_or(&full);
        let c = self.cdncomm.get_or_insert_with(|| NetFile {
            path: base.to_string(),
            what: "CDN transfer bookkeeping and download cache (counted, not read)".into(),
            entries: 0,
            bytes: 0,
        });
        c.entries += 1;
        c.bytes += f.size;
    }

    /// NSURLCache `Cache.db` (formats.md §1): one request per row.
    fn url_cache(&mut self, f: &FileEntry, abs: &Path, max_copy: u64) {
        match urlcache::read(abs, max_copy) {
            Ok(rows) => {
                for r in rows {
                    if let Some(h) = url_host(&r.url) {
                        let when = r
                            .time_stamp
                            .as_deref()
                            .and_then(urlcache::time_stamp_rfc3339);
                        self.add(&h, "url_cache", 1, r.body_bytes, when);
                    }
                }
            }
            Err(e) => self
                .warnings
                .push(open_warning(&f.path.full(), "NSURLCache", &e)),
        }
    }

    /// A Chromium simple-cache entry: the key's host.
    fn web_cache(&mut self, f: &FileEntry, abs: &Path) {
        if let Ok(file) = open_no_follow(abs) {
            if let Ok(Some(url)) = chromium::simple_cache_url(&file, f.size) {
                if let Some(h) = url_host(&url) {
                    self.add(&h, "web_cache", 1, f.size, f.mtime.map(|m| m.rfc3339()));
                }
            }
        }
    }

    /// Chromium's `Network Persistent State`: servers it keeps state for.
    fn net_state(&mut self, abs: &Path) {
        if let Some(text) = read_small(abs) {
            for s in chromium::persistent_state_servers(&text) {
                if let Some(h) = url_host(&s) {
                    self.add(&h, "net_state", 0, 0, None);
                }
            }
        }
    }

    /// A `.binarycookies` jar: domains and names, never values.
    fn cookie_jar(&mut self, f: &FileEntry, abs: &Path) {
        match read_small(abs).map(|d| binarycookies::parse(&d)) {
            Some(Ok(jar)) => {
                for w in jar.warnings {
                    self.corrupt(&f.path.full(), w);
                }
                for c in jar.cookies {
                    self.add(&c.domain, "cookies", 0, 0, None);
                    self.cookies.push(Cookie {
                        domain: c.domain.clone(),
                        name: c.name.clone(),
                        path: c.path.clone(),
                        expires: c.expires.and_then(from_mac_epoch),
                        secure: c.secure(),
                        http_only: c.http_only(),
                        source: f.path.full(),
                    });
                }
            }
            Some(Err(e)) => self.corrupt(&f.path.full(), e),
            None => {}
        }
    }

    /// Chromium's `Cookies` database: no value, no encrypted value.
    fn chromium_cookies(&mut self, f: &FileEntry, abs: &Path, max_copy: u64) {
        match chromium::cookies(abs, max_copy) {
            Ok(cs) => {
                for c in cs {
                    self.add(&c.host_key, "chromium_cookies", 0, 0, None);
                    self.cookies.push(Cookie {
                        domain: c.host_key,
                        name: c.name,
                        path: c.path,
                        expires: chromium::chromium_time(c.expires_utc),
                        secure: c.is_secure,
                        http_only: c.is_httponly,
                        source: f.path.full(),
                    });
                }
            }
            Err(e) => self
                .warnings
                .push(open_warning(&f.path.full(), "Chromium cookies", &e)),
        }
    }

    /// An HTTP storage database: its host-like column values.
    fn http_storage(&mut self, f: &FileEntry, abs: &Path, max_copy: u64) {
        match httpstorage::host_values(abs, max_copy) {
            Ok(vals) => {
                for v in vals {
                    if let Some(h) = url_host(&v) {
                        self.add(&h, "http_storage", 0, 0, None);
                    }
                }
            }
            Err(e) => self
                .warnings
                .push(open_warning(&f.path.full(), "HTTP storage", &e)),
        }
    }

    /// ini host lists and Mars IP/port records.
    fn net_config(&mut self, f: &FileEntry, abs: &Path) {
        let Some(text) = read_small(abs) else { return };
        let text = String::from_utf8_lossy(&text);
        let hosts = netconfig::ini_hosts(&text);
        let ips = netconfig::ipport_records(&text);
        for h in &hosts {
            self.add(h, "net_config", 0, 0, None);
        }
        for r in &ips {
            self.add(&r.ip, "net_config", 0, 0, None);
        }
        let what = if ips.is_empty() {
            format!("host list: {}", hosts.join(", "))
        } else {
            let items: Vec<String> = ips
                .iter()
                .take(20)
                .map(|r| {
                    format!(
                        "{}:{} (last result {})",
                        r.ip,
                        r.port.map(|p| p.to_string()).unwrap_or("?".into()),
                        r.last_result.as_deref().unwrap_or("?")
                    )
                })
                .collect();
            format!("Mars IP/port records: {}", items.join(", "))
        };
        self.files.push(NetFile {
            path: f.path.full(),
            what,
            entries: (hosts.len() + ips.len()) as u64,
            bytes: f.size,
        });
    }

    /// URLs inside a preferences plist.
    fn preferences(&mut self, f: &FileEntry, abs: &Path) {
        let Some(data) = read_small(abs) else { return };
        match plist_guard::parse(&data) {
            Ok(v) => {
                let mut strings = Vec::new();
                collect_strings(&v, 0, &mut strings);
                for s in strings {
                    for h in netconfig::url_hosts(&s) {
                        self.add(&h, "preferences", 0, 0, None);
                    }
                }
            }
            Err(e) => self.corrupt(&f.path.full(), format!("settings plist not readable: {e}")),
        }
    }

    /// The finished network section: hosts grouped by owner (Tencent
    /// first), then by bytes and name.
    pub fn finish(self) -> (Network, Vec<Warning>) {
        let mut hosts: Vec<Host> = self
            .hosts
            .into_iter()
            .map(|(host, a)| {
                let (owner, role) = owner_role(&host);
                Host {
                    domain: registrable(&host),
                    owner,
                    role,
                    sources: a.sources.into_iter().map(str::to_string).collect(),
                    requests: a.requests,
                    bytes: a.bytes,
                    first_seen: a.first,
                    last_seen: a.last,
                    resolution: None,
                    host,
                }
            })
            .collect();
        hosts.sort_by(|a, b| {
            (a.owner != "Tencent", &a.owner, &a.domain, &a.host).cmp(&(
                b.owner != "Tencent",
                &b.owner,
                &b.domain,
                &b.host,
            ))
        });
        let mut cookies = self.cookies;
        cookies
            .sort_by(|a, b| (&a.domain, &a.name, &a.source).cmp(&(&b.domain, &b.name, &b.source)));
        let mut files = self.files;
        files.extend(self.cdncomm);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        (
            Network {
                hosts,
                cookies,
                files,
            },
            self.warnings,
        )
    }
}

/// `key_<uin>_*.statistic` (layout §3.4; conf#4).
fn is_kvcomm(name: &str) -> bool {
    name.strip_prefix("key_")
        .and_then(|r| r.split_once('_'))
        .is_some_and(|(uin, rest)| {
            !uin.is_empty()
                && uin.bytes().all(|b| b.is_ascii_digit())
                && rest.ends_with(".statistic")
        })
}

fn collect_strings(v: &plist::Value, depth: usize, out: &mut Vec<String>) {
    if depth > 64 || out.len() > 10_000 {
        return;
    }
    match v {
        plist::Value::String(s) => out.push(s.clone()),
        plist::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, depth + 1, out)),
        plist::Value::Dictionary(d) => d.values().for_each(|x| collect_strings(x, depth + 1, out)),
        _ => {}
    }
}

/// Builds the network section of an inventory.
pub fn build(inv: &Inventory, layout: &Layout, max_copy: u64) -> (Network, Vec<Warning>) {
    let mut c = Collector::default();
    for f in &inv.files {
        if Collector::wants(f) {
            c.visit(f, &layout.abs_path(f), max_copy);
        }
    }
    c.finish()
}

/// The closing line of the network report.
pub const MMTLS_NOTE: &str =
    "Chat messages travel over mmTLS, Tencent's own protocol, not HTTP(S): they leave no trace \
in these HTTP caches. The hosts above come from media, web pages, mini-programs and settings.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners() {
        assert_eq!(
            owner_role("mmbiz.qpic.cn").1,
            "official-account article images"
        );
        assert_eq!(owner_role("p.qpic.cn").1, "picture CDN (QQ Picture)");
        assert_eq!(owner_role("res.wx.qq.com").1, "likely static web resources");
        assert_eq!(owner_role("hkquic.weixin.qq.com").1, "QUIC endpoint");
        assert_eq!(owner_role("example.org").0, "third party");
        assert_eq!(registrable("mmbiz.qpic.cn"), "qpic.cn");
        assert_eq!(registrable("a.b.example.co.uk"), "example.co.uk");
        assert_eq!(
            url_host("https://user@Mp.Weixin.qq.com:443/s?x=1").as_deref(),
            Some("mp.weixin.qq.com")
        );
        assert_eq!(url_host("not a url"), None);
    }
}
