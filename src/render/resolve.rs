//! `network --resolve`'s table columns and its detail view: per host and
//! resolver, the CNAME chain hop by hop, the addresses with their owners,
//! the edge, and where resolvers disagree.

use std::io::{self, Write};

use super::columns::Column;
use super::escape_terminal;
use super::term::{Fit, Term};
use crate::model::resolve::{Answer, Resolution, Status};
use crate::model::Host;

fn res(h: &Host) -> Option<&Resolution> {
    h.resolution.as_ref()
}

fn final_name(h: &Host) -> String {
    res(h).map_or_else(String::new, |r| match r.status {
        Status::Ok | Status::NoAddress => r.final_name.clone(),
        s => s.as_str().to_string(),
    })
}

/// `network --resolve`: the host columns that fit beside the resolution's
/// (CSV: every host column, then the resolution's summary).
pub fn hosts_resolved() -> Vec<Column<Host>> {
    type C = Column<Host>;
    let mut cols: Vec<C> = super::columns::hosts()
        .into_iter()
        .map(|c| match c.name {
            "host" => c,
            // What the chain says comes before what the name says.
            "owner" => c.keep(3),
            "role" => c.keep(2),
            _ => Column { header: None, ..c },
        })
        .collect();
    cols.extend([
        C::field("final_name", Some("final name"), final_name).keep(6),
        C::field("addresses", Some("addrs"), |h| {
            res(h).map_or_else(String::new, |r| r.addresses.join(" "))
        })
        .readable(|h| res(h).map_or_else(String::new, |r| r.addresses.len().to_string()))
        .right_aligned()
        .keep(8),
        C::field("as_owner", Some("AS/owner"), |h| {
            res(h).map_or_else(String::new, |r| r.as_owner.clone())
        })
        .keep(5),
        C::field("country", Some("cc"), |h| {
            res(h).map_or_else(String::new, |r| r.country.clone())
        })
        .keep(7),
        C::field("edge", Some("edge"), |h| {
            res(h).map_or_else(String::new, |r| r.edge.clone())
        })
        .keep(4),
        C::field("differs", Some("geo"), |h| {
            res(h).is_some_and(|r| r.differs).to_string()
        })
        .readable(|h| {
            if res(h).is_some_and(|r| r.differs) {
                "differs".into()
            } else {
                String::new()
            }
        })
        .keep(7),
    ]);
    cols
}

/// One resolver's answer, a few short lines.
fn answer(a: &Answer, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "  via {}: {}", a.resolver, a.status.as_str())?;
    for hop in &a.chain {
        writeln!(
            out,
            "    {} CNAME {} (ttl {})",
            escape_terminal(&hop.name),
            escape_terminal(&hop.target),
            hop.ttl
        )?;
    }
    for addr in &a.addresses {
        let v = if addr.ip.contains(':') { "AAAA" } else { "A" };
        let owner = addr.owner.as_ref().map_or_else(String::new, |o| {
            format!(
                "  AS{} {} {}",
                o.asn,
                escape_terminal(&o.name),
                escape_terminal(&o.country)
            )
        });
        writeln!(out, "    {v} {} (ttl {}){owner}", addr.ip, addr.ttl)?;
    }
    if a.status == Status::Ok || a.status == Status::NoAddress {
        let none: Vec<&str> = [(a.no_a, "A"), (a.no_aaaa, "AAAA")]
            .iter()
            .filter(|(n, _)| *n)
            .map(|(_, t)| *t)
            .collect();
        if !none.is_empty() {
            writeln!(out, "    no {} record", none.join(", no "))?;
        }
    }
    if let Some(e) = &a.error {
        writeln!(out, "    {}", escape_terminal(e))?;
    }
    let src = if a.edge.source.is_empty() {
        String::new()
    } else {
        format!(" [{}]", a.edge.source.split(' ').next().unwrap_or(""))
    };
    writeln!(out, "    edge: {}{src}", a.edge.what)
}

/// The detail view: every resolved host, every resolver's answer.
pub fn details(term: &Term, hosts: &[Host], out: &mut dyn Write) -> io::Result<()> {
    let mut fit;
    let out: &mut dyn Write = match term.width {
        Some(w) => {
            fit = Fit::new(out, w);
            &mut fit
        }
        None => out,
    };
    for h in hosts {
        let Some(r) = &h.resolution else { continue };
        let differs = if r.differs {
            " — resolvers differ (geo-DNS)"
        } else {
            ""
        };
        writeln!(
            out,
            "\n{} ({}, {}){differs}",
            escape_terminal(&h.host),
            h.owner,
            h.role
        )?;
        for (i, a) in r.resolvers.iter().enumerate() {
            let same = |b: &Answer| Answer {
                resolver: String::new(),
                ..b.clone()
            };
            match r.resolvers[..i].iter().find(|b| same(b) == same(a)) {
                Some(b) => writeln!(out, "  via {}: the same as via {}", a.resolver, b.resolver)?,
                None => answer(a, out)?,
            }
        }
    }
    out.flush()
}

/// The line under the table: how many resolved, what differed.
pub fn summary(hosts: &[Host], out: &mut dyn Write) -> io::Result<()> {
    let rs: Vec<&Resolution> = hosts.iter().filter_map(res).collect();
    if rs.is_empty() {
        return Ok(());
    }
    let count = |s: Status| rs.iter().filter(|r| r.status == s).count();
    let failed = rs.iter().filter(|r| r.status.is_failure()).count();
    writeln!(
        out,
        "\nResolved {} hosts: {} with addresses, {} NXDOMAIN, {} without address, {} loops or over-long chains, {failed} without an answer; {} differ between resolvers.",
        rs.len(),
        count(Status::Ok),
        count(Status::Nxdomain),
        count(Status::NoAddress),
        count(Status::Loop) + count(Status::TooLong),
        rs.iter().filter(|r| r.differs).count(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolved_columns_are_fields_of_the_host_or_its_resolution() {
        let r = Resolution::of(Vec::new());
        let rv = serde_json::to_value(&r).unwrap();
        for c in hosts_resolved() {
            let host_field = matches!(
                c.name,
                "host"
                    | "domain"
                    | "owner"
                    | "role"
                    | "sources"
                    | "requests"
                    | "bytes"
                    | "first_seen"
                    | "last_seen"
            );
            assert!(host_field || rv.get(c.name).is_some(), "{}", c.name);
        }
    }
}
