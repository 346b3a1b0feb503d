//! `network --resolve`: where the hosts the inventory found really point.
//! Opt-in: every name goes to a DNS resolver (the ones given with
//! `--nameserver`, else those of `/etc/resolv.conf`), so the command says
//! once on stderr what is sent where ([`Plan::notice`]). Per resolver and
//! host: the CNAME chain followed one query per hop (`dns.rs`: at most
//! [`MAX_HOPS`], loops detected, every answer cached by name for the
//! run), the A and AAAA records, the edge the chain ends on (`edges.rs`)
//! and each address's owner (`asn.rs`: an IPtoASN file read offline, or
//! Team Cymru's DNS interface). A timeout, SERVFAIL or REFUSED is a
//! `dns_failed` warning with the host; NXDOMAIN and "no AAAA" are answers.

mod asn;
mod dns;
pub mod edges;
mod options;

use std::net::SocketAddr;
use std::sync::Arc;

use crate::model::resolve::{Answer, Resolution, MAX_HOPS};
use crate::model::{Host, Warning, WarningKind};
use crate::Error;

pub use dns::parse_nameserver;
pub use options::{AsnSource, ResolveOptions};

/// The resolvers built, the ASN table read: ready to send.
pub struct Plan {
    resolvers: Vec<dns::Server>,
    asn: asn::Owners,
    opts: ResolveOptions,
}

impl Plan {
    /// Builds the resolvers (reading `resolv.conf` without
    /// `--nameserver`) and reads `--asn-db`. Nothing is sent yet.
    pub fn new(opts: &ResolveOptions) -> Result<Plan, Error> {
        let resolvers = dns::servers(opts)?;
        let asn = asn::Owners::new(&opts.asn)?;
        Ok(Plan {
            resolvers,
            asn,
            opts: opts.clone(),
        })
    }

    /// The resolvers as the JSON names them (`127.0.0.1:53`, or `system`
    /// with its servers).
    pub fn resolvers(&self) -> Vec<String> {
        self.resolvers.iter().map(|s| s.label.clone()).collect()
    }

    /// Every address a query can go to (the tests assert they are all on
    /// the loopback).
    pub fn addresses(&self) -> Vec<SocketAddr> {
        self.resolvers
            .iter()
            .flat_map(|s| s.addrs.clone())
            .collect()
    }

    /// What is sent where, in one sentence for stderr.
    pub fn notice(&self, hosts: usize) -> String {
        let to = self.resolvers().join(" and ");
        let each = if self.resolvers.len() > 1 {
            " (each resolver on its own)"
        } else {
            ""
        };
        let asn = match &self.opts.asn {
            AsnSource::Dns => {
                "; --asn dns also sends each address found to Team Cymru's DNS interface \
                 (origin.asn.cymru.com, through the same resolver)"
            }
            AsnSource::Db(_) => "; owners come from the --asn-db file, offline",
            AsnSource::None => "",
        };
        format!(
            "wxinspect: --resolve sends {hosts} host name{} (CNAME, A and AAAA queries) to {to}{each}{asn}; nothing else leaves this machine",
            if hosts == 1 { "" } else { "s" }
        )
    }

    /// Resolves every host with every resolver; fills `resolution`.
    /// Failures to get an answer come back as `dns_failed` warnings.
    pub fn run(&self, hosts: &mut [Host]) -> Result<Vec<Warning>, Error> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(|source| Error::Stream {
                what: "the DNS runtime",
                source,
            })?;
        let names: Vec<String> = hosts.iter().map(|h| h.host.clone()).collect();
        let limit = Arc::new(tokio::sync::Semaphore::new(self.opts.depth.max(1)));
        let mut answers: Vec<Vec<Answer>> = vec![Vec::new(); names.len()];
        let mut warnings = Vec::new();
        rt.block_on(async {
            for server in &self.resolvers {
                let per = dns::resolve_all(server, &names, limit.clone()).await;
                for (i, a) in per.into_iter().enumerate() {
                    answers[i].push(a);
                }
            }
            let owners = self.asn.owners(&self.resolvers[0], &answers, limit.clone());
            let (owners, failed) = owners.await;
            warnings.extend(failed);
            for a in answers.iter_mut().flatten() {
                for addr in &mut a.addresses {
                    addr.owner = owners.get(&addr.ip).cloned();
                }
            }
        });
        for (h, per) in hosts.iter_mut().zip(answers) {
            for a in per.iter().filter(|a| a.status.is_failure()) {
                warnings.push(Warning::new(
                    h.host.clone(),
                    WarningKind::DnsFailed,
                    format!(
                        "{}: {} ({})",
                        a.resolver,
                        a.error.as_deref().unwrap_or("no answer"),
                        a.status.as_str()
                    ),
                ));
            }
            h.resolution = Some(Resolution::of(per));
        }
        Ok(warnings)
    }
}

/// The cap on a chain, for the help and the docs.
pub const CHAIN_CAP: usize = MAX_HOPS;
