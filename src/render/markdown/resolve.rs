//! `report --resolve`: where the network section's hosts point — per host
//! and resolver the CNAME chain, the addresses with their owners and the
//! edge.

use std::io::{self, Write};

use super::{capped_note, md, ReportData, Table};
use crate::model::resolve::Answer;

fn chain(host: &str, a: &Answer) -> String {
    let mut s = md(host);
    for hop in &a.chain {
        s.push_str(&format!(" → {}", md(&hop.target)));
    }
    s
}

fn addresses(a: &Answer) -> String {
    let v: Vec<String> = a
        .addresses
        .iter()
        .map(|x| match &x.owner {
            Some(o) => format!("{} (AS{} {}, {})", x.ip, o.asn, md(&o.name), md(&o.country)),
            None => x.ip.clone(),
        })
        .collect();
    match (v.is_empty(), a.status.as_str()) {
        (true, s) => s.to_string(),
        (false, "ok") => v.join("<br>"),
        (false, s) => format!("{}<br>{s}", v.join("<br>")),
    }
}

/// The chains table (nothing without `--resolve`).
pub(super) fn chains(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
    let hosts: Vec<_> = d
        .inv
        .network
        .hosts
        .iter()
        .filter_map(|h| Some((h, h.resolution.as_ref()?)))
        .collect();
    if hosts.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n### Where the hosts point (`--resolve`)\n")?;
    let differ = hosts.iter().filter(|(_, r)| r.differs).count();
    writeln!(
        out,
        "Each host name was sent to the resolvers below; CNAME chains followed one hop at a time. \
         {differ} host(s) were answered differently by different resolvers (geo-DNS). \
         An owner's country is its registry's, not where the server is.\n"
    )?;
    let mut t = Table::new(
        out,
        &[
            "host → CNAME chain",
            "resolver",
            "addresses (owner)",
            "edge",
        ],
        &[false, false, false, false],
    )?;
    let mut shown = 0;
    for (h, r) in &hosts {
        if shown == d.max_rows {
            break;
        }
        shown += 1;
        for a in &r.resolvers {
            t.row(&[
                chain(&h.host, a),
                md(&a.resolver),
                addresses(a),
                md(&a.edge.what),
            ])?;
        }
    }
    capped_note(out, hosts.len(), shown)
}
