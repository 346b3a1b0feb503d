//! `report --resolve`: where the network section's hosts point — per host
//! and resolver the CNAME chain, the addresses with their owners and the
//! edge.

use super::{capped_note, md, ReportData};
use crate::model::resolve::Answer;
use crate::render::doc::Doc;

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
pub(super) fn chains(d: &ReportData<'_>, doc: &mut Doc) {
    let hosts: Vec<_> = d
        .inv
        .network
        .hosts
        .iter()
        .filter_map(|h| Some((h, h.resolution.as_ref()?)))
        .collect();
    if hosts.is_empty() {
        return;
    }
    doc.heading(3, "Where the hosts point (`--resolve`)");
    let differ = hosts.iter().filter(|(_, r)| r.differs).count();
    doc.para(format!(
        "Each host name was sent to the resolvers below; CNAME chains followed one hop at a time. \
         {differ} host(s) were answered differently by different resolvers (geo-DNS). \
         An owner's country is its registry's, not where the server is."
    ));
    let t = doc.table(
        &[
            "host → CNAME chain",
            "resolver",
            "addresses (owner)",
            "edge",
        ],
        &[false, false, false, false],
    );
    let mut shown = 0;
    for (h, r) in &hosts {
        if shown == d.max_rows {
            break;
        }
        shown += 1;
        for a in &r.resolvers {
            t.row(vec![
                chain(&h.host, a).into(),
                md(&a.resolver).into(),
                addresses(a).into(),
                md(&a.edge.what).into(),
            ]);
        }
    }
    capped_note(doc, hosts.len(), shown);
}
