//! Host and IP extractors for WeChat/Mars net configuration files:
//! `ipportrecords2.xml` (`<item ip= port= historyresult=/>`, Tencent/mars
//! `simple_ipport_sort.cc`) and `*.ini` host lists (layout §5.1, [A20]).
//! Text is scanned with bounded loops; nothing is evaluated.

/// One `<item>` of `ipportrecords2.xml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpPort {
    /// The IP address.
    pub ip: String,
    /// The port, where given.
    pub port: Option<u16>,
    /// The last connection result Mars recorded.
    pub last_result: Option<String>,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let pat = format!("{name}=\"");
    let start = tag.find(&pat)? + pat.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// The `ip`/`port`/`historyresult` items of an ipportrecords XML.
pub fn ipport_records(text: &str) -> Vec<IpPort> {
    text.split("<item")
        .skip(1)
        .take(100_000)
        .filter_map(|chunk| {
            let tag = &chunk[..chunk.find('>').unwrap_or(chunk.len())];
            let ip = attr(tag, "ip")?;
            ip.parse::<std::net::IpAddr>().ok()?;
            Some(IpPort {
                ip: ip.to_string(),
                port: attr(tag, "port").and_then(|p| p.parse().ok()),
                last_result: attr(tag, "historyresult").map(str::to_string),
            })
        })
        .collect()
}

/// True for a plausible DNS host name (letters, digits, `-`, dots, with at
/// least one dot and a letter in the last label).
pub fn is_host(s: &str) -> bool {
    let s = s.trim_end_matches('.');
    s.len() <= 253
        && s.contains('.')
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && s.rsplit('.')
            .next()
            .is_some_and(|tld| tld.bytes().any(|b| b.is_ascii_alphabetic()))
}

/// Host names in an ini file: section names and values that are hosts.
pub fn ini_hosts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines().take(100_000) {
        let line = line.trim();
        let cands: Vec<&str> =
            if let Some(sec) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                vec![sec]
            } else if let Some((_, v)) = line.split_once('=') {
                v.split([',', ';', ' ']).collect()
            } else {
                Vec::new()
            };
        for c in cands {
            let c = c.trim().to_ascii_lowercase();
            if is_host(&c) && c.parse::<std::net::IpAddr>().is_err() && !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// Host names of `http(s)://` URLs found in free text (settings values).
pub fn url_hosts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split("://").skip(1).take(10_000) {
        let host: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
            .collect();
        let host = host.to_ascii_lowercase();
        if is_host(&host) && !out.contains(&host) {
            out.push(host);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn extracts() {
        let x = r#"<records><record><item ip="203.0.113.10" port="443" historyresult="1"/><item ip="nope"/></record></records>"#;
        assert_eq!(
            ipport_records(x),
            vec![IpPort {
                ip: "203.0.113.10".into(),
                port: Some(443),
                last_result: Some("1".into())
            }]
        );
        assert_eq!(
            ini_hosts(
                "[long.weixin.qq.com]\nips=203.0.113.20\n[long]\nhost=szshort.weixin.qq.com\n"
            ),
            vec!["long.weixin.qq.com", "szshort.weixin.qq.com"]
        );
        assert_eq!(
            url_hosts("see https://dldir1.qq.com/weixin/x and http://WX.qlogo.cn/a"),
            vec!["dldir1.qq.com", "wx.qlogo.cn"]
        );
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(s in ".{0,2000}") {
            let _ = ipport_records(&s);
            let _ = ini_hosts(&s);
            let _ = url_hosts(&s);
        }
    }
}
