//! What `network --resolve` found for a host: per resolver, the CNAME
//! chain, the addresses with the owner of each, and which edge the chain
//! ends on; a summary of the first resolver's answer for the table's
//! columns, and whether the resolvers disagree (geo-DNS).

use serde::{Deserialize, Serialize};

/// The longest CNAME chain followed (`network --resolve`); a longer one is
/// reported as `too_long`.
pub const MAX_HOPS: usize = 16;

/// What became of one host's resolution, in the words of the JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Addresses (or at least the chain's end) were found.
    Ok,
    /// The name does not exist (an answer, not a failure).
    Nxdomain,
    /// The name exists but has neither A nor AAAA records (an answer).
    NoAddress,
    /// The chain came back to a name already on it.
    Loop,
    /// The chain is longer than [`MAX_HOPS`].
    TooLong,
    /// No answer within `--timeout` after every retry (a warning).
    Timeout,
    /// The server failed (`SERVFAIL`; a warning).
    Servfail,
    /// The server refused to answer (`REFUSED`; a warning).
    Refused,
    /// Any other failure (a warning).
    Error,
}

impl Status {
    /// The stable spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Nxdomain => "nxdomain",
            Status::NoAddress => "no_address",
            Status::Loop => "loop",
            Status::TooLong => "too_long",
            Status::Timeout => "timeout",
            Status::Servfail => "servfail",
            Status::Refused => "refused",
            Status::Error => "error",
        }
    }

    /// A failure to get an answer (a warning, exit 2), as opposed to an
    /// answer that says there is nothing (`nxdomain`, `no_address`) or a
    /// chain that cannot end (`loop`, `too_long`).
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            Status::Timeout | Status::Servfail | Status::Refused | Status::Error
        )
    }
}

/// One CNAME hop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    /// The name asked for.
    pub name: String,
    /// The name it is an alias of.
    pub target: String,
    /// Time to live, seconds.
    pub ttl: u32,
}

/// Who announces an address: origin AS, its name and the registry's
/// country (not where the server is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsOwner {
    /// Origin AS number (0: not routed).
    pub asn: u32,
    /// The AS's name.
    pub name: String,
    /// Two-letter country of the registry record.
    pub country: String,
    /// The announced range (`192.0.2.0/24`, or `first-last` from IPtoASN).
    pub prefix: String,
    /// `asn_db` (IPtoASN file) or `cymru` (Team Cymru's DNS interface).
    pub source: String,
}

/// One address of the chain's end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// The address.
    pub ip: String,
    /// Time to live, seconds.
    pub ttl: u32,
    /// Its owner (`null`: no `--asn-db`/`--asn dns`, or not found).
    pub owner: Option<AsOwner>,
}

/// What a CNAME suffix says of the edge a chain ends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    /// The suffix matched (`wechatos.net`); empty for unknown.
    pub suffix: String,
    /// What it is (`Tencent Cloud`, `Tencent's own edge`, …, `unknown`).
    pub what: String,
    /// Where that is said.
    pub source: String,
}

/// One resolver's answer for one host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The server asked (`127.0.0.1:53`), or `system` with its servers.
    pub resolver: String,
    /// What became of it.
    pub status: Status,
    /// The CNAME hops followed, in order.
    pub chain: Vec<Hop>,
    /// The name the chain ends at (the host itself without CNAME).
    pub final_name: String,
    /// A then AAAA records of the final name.
    pub addresses: Vec<Address>,
    /// The final name has no A record (an answer).
    pub no_a: bool,
    /// The final name has no AAAA record (an answer).
    pub no_aaaa: bool,
    /// Which edge the chain ends on.
    pub edge: Edge,
    /// What failed, in words (`null` when nothing did).
    pub error: Option<String>,
}

/// A host's resolution: a summary of the first resolver's answer (the
/// table's columns) and every resolver's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    /// The first resolver's status.
    pub status: Status,
    /// The first resolver's final name.
    pub final_name: String,
    /// The first resolver's addresses, as text.
    pub addresses: Vec<String>,
    /// The first resolver's address owners: `AS64500 NAME` (distinct,
    /// `;`-separated; empty without an owner source).
    pub as_owner: String,
    /// Their registry countries (distinct, `;`-separated).
    pub country: String,
    /// What the first resolver's chain ends on.
    pub edge: String,
    /// The resolvers gave different final names or addresses (geo-DNS).
    pub differs: bool,
    /// Every resolver's answer, in the order given.
    pub resolvers: Vec<Answer>,
}

impl Resolution {
    /// The summary of `answers` (the first one's, and whether they differ).
    pub fn of(answers: Vec<Answer>) -> Resolution {
        let first = answers.first();
        let mut owners: Vec<String> = Vec::new();
        let mut countries: Vec<String> = Vec::new();
        for a in first.iter().flat_map(|f| &f.addresses) {
            if let Some(o) = &a.owner {
                let name = format!("AS{} {}", o.asn, o.name);
                if !owners.contains(&name) {
                    owners.push(name);
                }
                if !o.country.is_empty() && !countries.contains(&o.country) {
                    countries.push(o.country.clone());
                }
            }
        }
        let key = |a: &Answer| {
            let mut ips: Vec<&str> = a.addresses.iter().map(|x| x.ip.as_str()).collect();
            ips.sort_unstable();
            (a.status, a.final_name.clone(), ips.join(" "))
        };
        let differs = answers.windows(2).any(|w| key(&w[0]) != key(&w[1]));
        Resolution {
            status: first.map_or(Status::Error, |f| f.status),
            final_name: first.map(|f| f.final_name.clone()).unwrap_or_default(),
            addresses: first
                .iter()
                .flat_map(|f| &f.addresses)
                .map(|a| a.ip.clone())
                .collect(),
            as_owner: owners.join("; "),
            country: countries.join("; "),
            edge: first.map(|f| f.edge.what.clone()).unwrap_or_default(),
            differs,
            resolvers: answers,
        }
    }
}
