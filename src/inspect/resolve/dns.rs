//! The DNS side of `--resolve`: one hickory resolver per `--nameserver`
//! (or one for `/etc/resolv.conf`'s servers), built only from that list —
//! no system configuration, no hosts file, no search domains — and the
//! chain followed one query per hop with every answer cached by name for
//! the run.

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use hickory_resolver::config::{
    NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts, ServerOrderingStrategy,
};
use hickory_resolver::name_server::TokioConnectionProvider;
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::{RData, RecordType};
use hickory_resolver::proto::xfer::Protocol;
use hickory_resolver::proto::ProtoErrorKind;
use hickory_resolver::{ResolveError, TokioResolver};
use tokio::sync::{OnceCell, Semaphore};

use super::edges::edge_of;
use super::options::ResolveOptions;
use crate::model::resolve::{Address, Answer, Hop, Status, MAX_HOPS};
use crate::Error;

/// What a query brought back (an answer, including "nothing").
#[derive(Debug, Clone)]
pub enum Reply {
    /// The records' data as text (names without the final dot), with TTLs.
    Records(Vec<(String, u32)>),
    /// The name exists, without records of this type.
    NoData,
    /// The name does not exist.
    NxDomain,
}

/// A query that got no answer.
#[derive(Debug, Clone)]
pub struct Fail {
    /// Timeout, SERVFAIL, REFUSED or another error.
    pub status: Status,
    /// What happened, in words.
    pub message: String,
}

type Slot = Arc<OnceCell<Result<Reply, Fail>>>;

/// One resolver and its cache of answers for this run.
pub struct Server {
    /// How outputs name it.
    pub label: String,
    /// The addresses its queries go to.
    pub addrs: Vec<SocketAddr>,
    resolver: TokioResolver,
    cache: Mutex<HashMap<(String, RecordType), Slot>>,
}

/// `IP`, `IP:PORT` or `[IPv6]:PORT` (port 53 without one).
pub fn parse_nameserver(s: &str) -> Result<SocketAddr, String> {
    if let Ok(a) = s.parse::<SocketAddr>() {
        return Ok(a);
    }
    if let Ok(ip) = s
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    {
        return Ok(SocketAddr::new(ip, 53));
    }
    Err(format!(
        "`{s}` is not IP, IP:PORT or [IPv6]:PORT (e.g. 9.9.9.9, 127.0.0.1:5353, [2001:db8::53]:53)"
    ))
}

/// The resolvers to ask: one per `--nameserver`, else one for the
/// servers of the resolver configuration.
pub fn servers(opts: &ResolveOptions) -> Result<Vec<Server>, Error> {
    if !opts.nameservers.is_empty() {
        return Ok(opts
            .nameservers
            .iter()
            .map(|a| Server::new(a.to_string(), vec![*a], opts))
            .collect());
    }
    let path = &opts.resolv_conf;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let conf = resolv_conf::Config::parse(&bytes).map_err(|e| Error::Input {
        path: path.clone(),
        message: format!("not a resolver configuration: {e}"),
    })?;
    let addrs: Vec<SocketAddr> = conf
        .nameservers
        .iter()
        .map(|ip| SocketAddr::new(IpAddr::from(ip.clone()), 53))
        .collect();
    if addrs.is_empty() {
        return Err(Error::Input {
            path: path.clone(),
            message: "no nameserver line; give one with --nameserver IP".into(),
        });
    }
    let label = format!(
        "system ({})",
        addrs
            .iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(vec![Server::new(label, addrs, opts)])
}

impl Server {
    fn new(label: String, addrs: Vec<SocketAddr>, opts: &ResolveOptions) -> Server {
        let mut config = ResolverConfig::new();
        for a in &addrs {
            let mut ns = NameServerConfig::new(*a, Protocol::Udp);
            ns.trust_negative_responses = true;
            config.add_name_server(ns);
        }
        let mut o = ResolverOpts::default();
        o.timeout = opts.timeout;
        // hickory's `attempts` are retries: tries = attempts + 1.
        o.attempts = opts.retries;
        o.ndots = 0;
        o.use_hosts_file = ResolveHosts::Never;
        o.edns0 = true;
        o.preserve_intermediates = true;
        o.try_tcp_on_error = false;
        o.server_ordering_strategy = ServerOrderingStrategy::UserProvidedOrder;
        let resolver =
            TokioResolver::builder_with_config(config, TokioConnectionProvider::default())
                .with_options(o)
                .build();
        Server {
            label,
            addrs,
            resolver,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// One query, asked once per run per name and type (concurrent askers
    /// wait for the first), at most `limit`'s permits in flight.
    pub async fn query(
        &self,
        name: &str,
        rtype: RecordType,
        limit: &Semaphore,
    ) -> Result<Reply, Fail> {
        let slot: Slot = {
            let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            cache
                .entry((name.to_ascii_lowercase(), rtype))
                .or_default()
                .clone()
        };
        slot.get_or_init(|| async {
            let _permit = limit.acquire().await;
            let fqdn = format!("{}.", name.trim_end_matches('.'));
            match self.resolver.lookup(fqdn.as_str(), rtype).await {
                Ok(l) => Ok(records(l.record_iter(), name, rtype)),
                Err(e) => reply_of(&e, rtype, name),
            }
        })
        .await
        .clone()
    }
}

/// The records of `rtype` in a lookup (a CNAME only where it is `name`'s).
fn records<'a>(
    recs: impl Iterator<Item = &'a hickory_resolver::proto::rr::Record>,
    name: &str,
    rtype: RecordType,
) -> Reply {
    let mut out = Vec::new();
    for r in recs.filter(|r| r.record_type() == rtype) {
        let data = match r.data() {
            RData::A(a) => a.0.to_string(),
            RData::AAAA(a) => a.0.to_string(),
            RData::CNAME(c) => {
                let owner = r.name().to_string();
                if !owner
                    .trim_end_matches('.')
                    .eq_ignore_ascii_case(name.trim_end_matches('.'))
                {
                    continue;
                }
                c.0.to_string().trim_end_matches('.').to_ascii_lowercase()
            }
            RData::TXT(t) => t
                .txt_data()
                .iter()
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .collect::<String>(),
            _ => continue,
        };
        out.push((data, r.ttl()));
    }
    if out.is_empty() {
        Reply::NoData
    } else {
        Reply::Records(out)
    }
}

/// An error of the resolver as an answer (NXDOMAIN, no data) or a failure.
fn reply_of(e: &ResolveError, rtype: RecordType, name: &str) -> Result<Reply, Fail> {
    let fail = |status, what: String| {
        Err(Fail {
            status,
            message: format!("{rtype} {name}: {what}"),
        })
    };
    let Some(p) = e.proto() else {
        return fail(Status::Error, e.to_string());
    };
    match p.kind() {
        ProtoErrorKind::NoRecordsFound { response_code, .. } => match *response_code {
            ResponseCode::NXDomain => Ok(Reply::NxDomain),
            ResponseCode::NoError => Ok(Reply::NoData),
            ResponseCode::ServFail => fail(Status::Servfail, "SERVFAIL".into()),
            ResponseCode::Refused => fail(Status::Refused, "REFUSED".into()),
            code => fail(Status::Error, code.to_string()),
        },
        ProtoErrorKind::Timeout => fail(Status::Timeout, "no answer in time".into()),
        ProtoErrorKind::NoConnections => fail(Status::Timeout, "no server answered".into()),
        _ => fail(Status::Error, p.to_string()),
    }
}

/// Every name resolved with one server, at most `limit` queries in flight.
pub async fn resolve_all(server: &Server, names: &[String], limit: Arc<Semaphore>) -> Vec<Answer> {
    let futures = names.iter().map(|n| answer(server, n, &limit));
    join_all(futures).await
}

/// Runs futures concurrently on this task, results in order.
pub async fn join_all<F: std::future::Future>(fs: impl Iterator<Item = F>) -> Vec<F::Output> {
    let mut set = Vec::new();
    for f in fs {
        set.push(Box::pin(f));
    }
    let mut out: Vec<Option<F::Output>> = set.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in set.iter_mut().enumerate() {
            if out[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => out[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().flatten().collect()
}

/// One host with one server: the chain, then A and AAAA of its end.
async fn answer(server: &Server, host: &str, limit: &Semaphore) -> Answer {
    let mut a = Answer {
        resolver: server.label.clone(),
        status: Status::Ok,
        chain: Vec::new(),
        final_name: host.to_string(),
        addresses: Vec::new(),
        no_a: false,
        no_aaaa: false,
        edge: edge_of(host, &[]),
        error: None,
    };
    let mut seen: HashSet<String> = HashSet::from([host.to_ascii_lowercase()]);
    let mut name = host.to_ascii_lowercase();
    loop {
        match server.query(&name, RecordType::CNAME, limit).await {
            Ok(Reply::Records(r)) => {
                let (target, ttl) = r[0].clone();
                if a.chain.len() == MAX_HOPS {
                    a.status = Status::TooLong;
                    a.error = Some(format!(
                        "more than {MAX_HOPS} CNAME hops; stopped at {name}"
                    ));
                    break;
                }
                a.chain.push(Hop {
                    name: name.clone(),
                    target: target.clone(),
                    ttl,
                });
                if !seen.insert(target.clone()) {
                    a.status = Status::Loop;
                    a.error = Some(format!("CNAME loop: {target} is already on the chain"));
                    break;
                }
                name = target;
            }
            Ok(Reply::NoData) => break,
            Ok(Reply::NxDomain) => {
                a.status = Status::Nxdomain;
                break;
            }
            Err(f) => {
                a.status = f.status;
                a.error = Some(f.message);
                break;
            }
        }
    }
    a.final_name = name.clone();
    a.edge = edge_of(host, &a.chain);
    if a.status != Status::Ok {
        return a;
    }
    let (v4, v6) = tokio::join!(
        server.query(&name, RecordType::A, limit),
        server.query(&name, RecordType::AAAA, limit)
    );
    for (reply, none) in [(v4, &mut a.no_a), (v6, &mut a.no_aaaa)] {
        match reply {
            Ok(Reply::Records(r)) => a.addresses.extend(r.into_iter().map(|(ip, ttl)| Address {
                ip,
                ttl,
                owner: None,
            })),
            Ok(Reply::NoData) => *none = true,
            Ok(Reply::NxDomain) => {
                *none = true;
                a.status = Status::Nxdomain;
            }
            Err(f) => {
                a.status = f.status;
                a.error = Some(f.message);
            }
        }
    }
    if a.status == Status::Ok && a.addresses.is_empty() {
        a.status = Status::NoAddress;
    }
    a
}
