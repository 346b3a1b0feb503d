//! Which edge a CNAME chain ends on: suffixes of the names on the chain
//! mapped to what they are, each row citing its line of
//! `../shared/reference/network-hosts.md` ([M] mincong.io 2023, [L]
//! layout reference §5). The longest suffix wins; the chain's last names
//! are looked at first. Everything else is "unknown". The reference names
//! no third-party CDN of WeChat's, so there is no such row yet: a new one
//! needs its source.

use crate::model::resolve::{Edge, Hop};

/// One row: a suffix (a name or anything below it), what it is, where
/// that is said.
struct EdgeRow {
    suffix: &'static str,
    what: &'static str,
    source: &'static str,
}

const EDGES: &[EdgeRow] = &[
    EdgeRow {
        suffix: "wechatos.net",
        what: "Tencent's own edge (overseas)",
        source: "network-hosts.md:31-33 [M]: overseas resolvers CNAME cmmsns.qpic.cn to mmsns.qpic.wechatos.net",
    },
    EdgeRow {
        suffix: "video.qq.com",
        what: "Tencent's own edge (video and thumbnails)",
        source: "network-hosts.md:30,54 [M][L]: vweixinthumb.tc.qq.com is a CNAME of socwxsns.video.qq.com",
    },
    EdgeRow {
        suffix: "tc.qq.com",
        what: "Tencent's own edge (media CDN)",
        source: "network-hosts.md:53 [M][L]",
    },
    EdgeRow {
        suffix: "qpic.cn",
        what: "Tencent's own edge (picture CDN)",
        source: "network-hosts.md:51-52,60 [M][L]",
    },
    EdgeRow {
        suffix: "qlogo.cn",
        what: "Tencent's own edge (avatars)",
        source: "network-hosts.md:52,60 [M][L]",
    },
    EdgeRow {
        suffix: "myqcloud.com",
        what: "Tencent Cloud",
        source: "network-hosts.md:60 [L]",
    },
    EdgeRow {
        suffix: "tencent-cloud.net",
        what: "Tencent Cloud",
        source: "network-hosts.md:60 [L]",
    },
];

fn under(name: &str, suffix: &str) -> bool {
    name == suffix
        || name
            .strip_suffix(suffix)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// The edge of a chain that starts at `host` and goes through `chain`.
pub fn edge_of(host: &str, chain: &[Hop]) -> Edge {
    let names = std::iter::once(host).chain(chain.iter().map(|h| h.target.as_str()));
    let names: Vec<&str> = names.collect();
    for name in names.iter().rev() {
        let best = EDGES
            .iter()
            .filter(|e| under(name, e.suffix))
            .max_by_key(|e| e.suffix.len());
        if let Some(e) = best {
            return Edge {
                suffix: e.suffix.into(),
                what: e.what.into(),
                source: e.source.into(),
            };
        }
    }
    Edge {
        suffix: String::new(),
        what: "unknown".into(),
        source: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_known_name_wins() {
        let hop = |n: &str, t: &str| Hop {
            name: n.into(),
            target: t.into(),
            ttl: 1,
        };
        let chain = [hop("cmmsns.qpic.cn", "mmsns.qpic.wechatos.net")];
        assert_eq!(edge_of("cmmsns.qpic.cn", &chain).suffix, "wechatos.net");
        assert_eq!(edge_of("cmmsns.qpic.cn", &[]).suffix, "qpic.cn");
        assert_eq!(edge_of("example.org", &[]).what, "unknown");
        assert_eq!(edge_of("notqpic.cn", &[]).what, "unknown");
        let c = [hop("a.example", "x.sg.tencent-cloud.net")];
        assert_eq!(edge_of("a.example", &c).what, "Tencent Cloud");
    }
}
