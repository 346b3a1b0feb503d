//! What `--resolve` was asked for: made once in `Settings`, read by the
//! resolvers (`dns.rs`) and the owner lookup (`asn.rs`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Where address owners come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AsnSource {
    /// Addresses only.
    None,
    /// IPtoASN files read offline (`--asn-db`, repeatable).
    Db(Vec<PathBuf>),
    /// Team Cymru's DNS interface (`--asn dns`): addresses are sent.
    Dns,
}

/// What `--resolve` was asked for (made once in `Settings`).
#[derive(Debug, Clone)]
pub struct ResolveOptions {
    /// `--nameserver` (each resolved with on its own); empty: the system's.
    pub nameservers: Vec<SocketAddr>,
    /// The resolver configuration read when no `--nameserver` is given
    /// (`/etc/resolv.conf`).
    pub resolv_conf: PathBuf,
    /// Per-query timeout.
    pub timeout: Duration,
    /// Retries after a query's first try.
    pub retries: usize,
    /// Queries in flight at most.
    pub depth: usize,
    /// Address owners.
    pub asn: AsnSource,
}
