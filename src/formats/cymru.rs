//! Team Cymru's IP-to-ASN DNS interface (`../shared/reference/
//! macos-records.md` §5): the names to ask and the TXT answers, parsed
//! with bounds (at most [`MAX_TXT`] bytes read, fields cut at
//! [`MAX_FIELD`] characters).
//!
//! - `<reversed IPv4>.origin.asn.cymru.com` TXT → `ASN | prefix | CC |
//!   registry | allocated` (the ASN field can hold several numbers);
//!   IPv6: nibble-reversed under `origin6.asn.cymru.com`.
//! - `AS<n>.asn.cymru.com` TXT → `ASN | CC | registry | allocated | NAME, CC`.
//!
//! The country is the registry's, not where the server is.

use std::net::IpAddr;

/// The longest TXT answer read.
pub const MAX_TXT: usize = 1024;
/// The longest field kept, in characters.
pub const MAX_FIELD: usize = 128;

/// What an `origin` answer says of an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Origin AS numbers (one, or several for a prefix announced by more).
    pub asns: Vec<u32>,
    /// The announced prefix.
    pub prefix: String,
    /// The registry's country.
    pub country: String,
}

/// The name to ask for `ip`'s origin.
pub fn origin_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(a) => {
            let o = a.octets();
            format!("{}.{}.{}.{}.origin.asn.cymru.com.", o[3], o[2], o[1], o[0])
        }
        IpAddr::V6(a) => {
            let mut s = String::with_capacity(64 + 22);
            for b in a.octets().iter().rev() {
                s.push_str(&format!("{:x}.{:x}.", b & 0xf, b >> 4));
            }
            s + "origin6.asn.cymru.com."
        }
    }
}

/// The name to ask for AS `asn`'s name.
pub fn as_name(asn: u32) -> String {
    format!("AS{asn}.asn.cymru.com.")
}

fn fields(txt: &str) -> Vec<String> {
    let txt: String = txt.chars().take(MAX_TXT).collect();
    txt.split('|')
        .take(8)
        .map(|f| {
            f.trim()
                .trim_matches('"')
                .trim()
                .chars()
                .take(MAX_FIELD)
                .collect()
        })
        .collect()
}

/// Parses an `origin` TXT answer.
pub fn parse_origin(txt: &str) -> Option<Origin> {
    let f = fields(txt);
    let asns: Vec<u32> = f
        .first()?
        .split_whitespace()
        .take(16)
        .filter_map(|n| n.parse().ok())
        .collect();
    if asns.is_empty() {
        return None;
    }
    Some(Origin {
        asns,
        prefix: f.get(1).cloned().unwrap_or_default(),
        country: f.get(2).cloned().unwrap_or_default(),
    })
}

/// Parses an `AS<n>` TXT answer: the AS name (without its trailing
/// `, CC`) and the registry's country.
pub fn parse_as_name(txt: &str) -> Option<(String, String)> {
    let f = fields(txt);
    let name = f.get(4)?;
    let country = f.get(1).cloned().unwrap_or_default();
    let name = match name.rsplit_once(", ") {
        Some((n, cc)) if cc.len() == 2 => n.to_string(),
        _ => name.clone(),
    };
    Some((name, country))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_and_answers() {
        assert_eq!(
            origin_name("192.0.2.10".parse().unwrap()),
            "10.2.0.192.origin.asn.cymru.com."
        );
        let v6 = origin_name("2001:db8::1".parse().unwrap());
        assert!(
            v6.starts_with("1.0.0.0.") && v6.ends_with("8.b.d.0.1.0.0.2.origin6.asn.cymru.com."),
            "{v6}"
        );
        let o = parse_origin("\"64500 64501 | 192.0.2.0/24 | ZZ | test | 2024-01-01\"").unwrap();
        assert_eq!(
            (o.asns, o.prefix.as_str(), o.country.as_str()),
            (vec![64500, 64501], "192.0.2.0/24", "ZZ")
        );
        assert_eq!(
            parse_as_name("64500 | ZZ | test | 2024-01-01 | EXAMPLE-NET-A, ZZ"),
            Some(("EXAMPLE-NET-A".into(), "ZZ".into()))
        );
        assert_eq!(parse_origin("NA | x"), None);
    }

    proptest! {
        #[test]
        fn never_panics(s in ".{0,300}") {
            let _ = parse_origin(&s);
            let _ = parse_as_name(&s);
        }
    }
}
