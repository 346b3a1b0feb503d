//! Who announces each address: an IPtoASN file read offline
//! (`formats::ip2asn`), or Team Cymru's DNS interface
//! (`formats::cymru`, through the first resolver). The country is the
//! registry's, not where the server is.

use std::collections::{BTreeSet, HashMap};
use std::net::IpAddr;
use std::sync::Arc;

use hickory_resolver::proto::rr::RecordType;
use tokio::sync::Semaphore;

use super::dns::{join_all, Reply, Server};
use super::options::AsnSource;
use crate::formats::{cymru, ip2asn::AsnTable};
use crate::model::resolve::{Answer, AsOwner};
use crate::model::{Warning, WarningKind};
use crate::Error;

/// The owner source, ready.
pub enum Owners {
    /// Addresses only.
    None,
    /// The IPtoASN ranges.
    Db(AsnTable),
    /// Team Cymru over DNS.
    Dns,
}

impl Owners {
    /// Reads `--asn-db`'s files (an unreadable file ends the command, with
    /// its path).
    pub fn new(source: &AsnSource) -> Result<Owners, Error> {
        Ok(match source {
            AsnSource::None => Owners::None,
            AsnSource::Dns => Owners::Dns,
            AsnSource::Db(paths) => {
                let mut t = AsnTable::default();
                for p in paths {
                    let f = std::fs::File::open(p).map_err(|e| Error::io(p, e))?;
                    t.read(f).map_err(|e| Error::io(p, e))?;
                    if t.is_empty() {
                        return Err(Error::Input {
                            path: p.clone(),
                            message: "no IPtoASN range in it (tab-separated range_start range_end AS_number country_code AS_description)".into(),
                        });
                    }
                }
                t.finish();
                Owners::Db(t)
            }
        })
    }

    /// The owner of every address in `answers`, by address text; Team
    /// Cymru's failures come back as warnings naming the query.
    pub async fn owners(
        &self,
        server: &Server,
        answers: &[Vec<Answer>],
        limit: Arc<Semaphore>,
    ) -> (HashMap<String, AsOwner>, Vec<Warning>) {
        let ips: BTreeSet<IpAddr> = answers
            .iter()
            .flatten()
            .flat_map(|a| &a.addresses)
            .filter_map(|a| a.ip.parse().ok())
            .collect();
        match self {
            Owners::None => (HashMap::new(), Vec::new()),
            Owners::Db(t) => {
                let found = ips.iter().filter_map(|ip| {
                    let (o, range) = t.lookup(*ip)?;
                    Some((
                        ip.to_string(),
                        AsOwner {
                            asn: o.asn,
                            name: o.name.clone(),
                            country: o.country.clone(),
                            prefix: range,
                            source: "asn_db".into(),
                        },
                    ))
                });
                (found.collect(), Vec::new())
            }
            Owners::Dns => cymru_owners(server, &ips, &limit).await,
        }
    }
}

/// The first TXT string of a query, or a warning.
async fn txt(server: &Server, name: &str, limit: &Semaphore) -> Result<Option<String>, Warning> {
    match server.query(name, RecordType::TXT, limit).await {
        Ok(Reply::Records(r)) => Ok(r.into_iter().next().map(|(t, _)| t)),
        Ok(_) => Ok(None),
        Err(f) => Err(Warning::new(
            name.trim_end_matches('.'),
            WarningKind::DnsFailed,
            format!("{}: {} (--asn dns)", server.label, f.message),
        )),
    }
}

async fn cymru_owners(
    server: &Server,
    ips: &BTreeSet<IpAddr>,
    limit: &Semaphore,
) -> (HashMap<String, AsOwner>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let origins = join_all(ips.iter().map(|ip| async move {
        let r = txt(server, &cymru::origin_name(*ip), limit).await;
        (*ip, r.map(|t| t.and_then(|t| cymru::parse_origin(&t))))
    }))
    .await;
    let mut found: Vec<(IpAddr, cymru::Origin)> = Vec::new();
    for (ip, r) in origins {
        match r {
            Ok(Some(o)) => found.push((ip, o)),
            Ok(None) => {}
            Err(w) => warnings.push(w),
        }
    }
    let asns: BTreeSet<u32> = found.iter().map(|(_, o)| o.asns[0]).collect();
    let names = join_all(asns.iter().map(|asn| async move {
        let r = txt(server, &cymru::as_name(*asn), limit).await;
        (*asn, r.map(|t| t.and_then(|t| cymru::parse_as_name(&t))))
    }))
    .await;
    let mut as_names: HashMap<u32, String> = HashMap::new();
    for (asn, r) in names {
        match r {
            Ok(Some((name, _))) => {
                as_names.insert(asn, name);
            }
            Ok(None) => {}
            Err(w) => warnings.push(w),
        }
    }
    let owners = found
        .into_iter()
        .map(|(ip, o)| {
            let asn = o.asns[0];
            let owner = AsOwner {
                asn,
                name: as_names.get(&asn).cloned().unwrap_or_default(),
                country: o.country,
                prefix: o.prefix,
                source: "cymru".into(),
            };
            (ip.to_string(), owner)
        })
        .collect();
    (owners, warnings)
}
