//! A small authoritative DNS responder on the loopback, on `hickory-proto`
//! messages over a std UDP socket: zones of A, AAAA, CNAME and TXT
//! records; names that answer SERVFAIL or REFUSED or are never answered;
//! an optional delay per answer; every query counted. It answers a CNAME
//! name with the CNAME alone (the client follows the chain), a known name
//! without the type asked with no records, and anything else NXDOMAIN.

use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hickory_proto::op::{Message, MessageType, ResponseCode};
use hickory_proto::rr::rdata::{A, AAAA, CNAME, TXT};
use hickory_proto::rr::{Name, RData, Record, RecordType};

/// What a name answers besides records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    ServFail,
    Refused,
    /// Never answered.
    Drop,
}

/// The zone one server answers from.
#[derive(Debug, Clone, Default)]
pub struct Zone {
    pub records: HashMap<String, Vec<RData>>,
    pub special: HashMap<String, Special>,
    /// Added before every answer.
    pub delay: Duration,
    /// Answers nothing at all.
    pub silent: bool,
}

fn key(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

fn name(n: &str) -> Name {
    Name::from_ascii(format!("{}.", n.trim_end_matches('.'))).unwrap()
}

impl Zone {
    fn add(mut self, n: &str, r: RData) -> Self {
        self.records.entry(key(n)).or_default().push(r);
        self
    }
    pub fn a(self, n: &str, ip: &str) -> Self {
        self.add(n, RData::A(A(ip.parse::<Ipv4Addr>().unwrap())))
    }
    pub fn aaaa(self, n: &str, ip: &str) -> Self {
        self.add(n, RData::AAAA(AAAA(ip.parse::<Ipv6Addr>().unwrap())))
    }
    pub fn cname(mut self, n: &str, target: &str) -> Self {
        self.records.remove(&key(n));
        self.add(n, RData::CNAME(CNAME(name(target))))
    }
    pub fn txt(self, n: &str, text: &str) -> Self {
        self.add(n, RData::TXT(TXT::new(vec![text.to_string()])))
    }
    pub fn special(mut self, n: &str, s: Special) -> Self {
        self.special.insert(key(n), s);
        self
    }
    /// Removes a name's records (a geo-DNS variant of a zone).
    pub fn without(mut self, n: &str) -> Self {
        self.records.remove(&key(n));
        self
    }

    /// The answer to one query, or `None` for silence.
    fn answer(&self, req: &Message) -> Option<Message> {
        let q = req.queries().first()?.clone();
        let k = key(&q.name().to_ascii());
        let mut resp = Message::new();
        resp.set_id(req.id())
            .set_message_type(MessageType::Response)
            .set_op_code(req.op_code())
            .set_recursion_desired(req.recursion_desired())
            .set_recursion_available(true)
            .set_authoritative(true);
        resp.add_query(q.clone());
        match self.special.get(&k) {
            Some(Special::Drop) => return None,
            Some(Special::ServFail) => {
                resp.set_response_code(ResponseCode::ServFail);
                return Some(resp);
            }
            Some(Special::Refused) => {
                resp.set_response_code(ResponseCode::Refused);
                return Some(resp);
            }
            None => {}
        }
        let Some(recs) = self.records.get(&k) else {
            resp.set_response_code(ResponseCode::NXDomain);
            return Some(resp);
        };
        let cname = recs.iter().find(|r| r.record_type() == RecordType::CNAME);
        let chosen: Vec<&RData> = match cname {
            Some(c) => vec![c],
            None => recs
                .iter()
                .filter(|r| r.record_type() == q.query_type())
                .collect(),
        };
        for r in chosen {
            let ttl = match r.record_type() {
                RecordType::CNAME => 300,
                RecordType::TXT => 3600,
                _ => 60,
            };
            resp.add_answer(Record::from_rdata(q.name().clone(), ttl, r.clone()));
        }
        Some(resp)
    }
}

/// A running responder; stops when dropped.
pub struct DnsServer {
    pub addr: SocketAddr,
    pub queries: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Drop for DnsServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Serves `zone` on `127.0.0.1:0`.
pub fn serve(zone: Zone) -> DnsServer {
    serve_at("127.0.0.1:0".parse().unwrap(), zone).unwrap()
}

/// Serves `zone` at `addr` (a loopback address).
pub fn serve_at(addr: SocketAddr, zone: Zone) -> std::io::Result<DnsServer> {
    assert!(
        addr.ip().is_loopback(),
        "test DNS servers live on the loopback"
    );
    let sock = Arc::new(UdpSocket::bind(addr)?);
    sock.set_read_timeout(Some(Duration::from_millis(50)))?;
    let addr = sock.local_addr()?;
    let queries = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let (q, s) = (queries.clone(), stop.clone());
    let zone = Arc::new(zone);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while !s.load(Ordering::SeqCst) {
            let Ok((n, from)) = sock.recv_from(&mut buf) else {
                continue;
            };
            q.fetch_add(1, Ordering::SeqCst);
            if zone.silent {
                continue;
            }
            let Ok(req) = Message::from_vec(&buf[..n]) else {
                continue;
            };
            let Some(resp) = zone.answer(&req) else {
                continue;
            };
            let Ok(bytes) = resp.to_vec() else { continue };
            if zone.delay.is_zero() {
                let _ = sock.send_to(&bytes, from);
            } else {
                let (sock, delay) = (sock.clone(), zone.delay);
                std::thread::spawn(move || {
                    std::thread::sleep(delay);
                    let _ = sock.send_to(&bytes, from);
                });
            }
        }
    });
    Ok(DnsServer {
        addr,
        queries,
        stop,
    })
}
