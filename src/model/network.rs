//! What the inventory says of the network: hosts from WeChat's caches,
//! cookie jars, HTTP storages and settings, cookies by name and domain
//! (never their values), and the net config files.

use serde::{Deserialize, Serialize};

/// A host seen in caches, cookie jars or settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Host {
    /// Host name, lower case, no port.
    pub host: String,
    /// Registrable domain.
    pub domain: String,
    /// Who runs it (offline table).
    pub owner: String,
    /// What it serves (offline table).
    pub role: String,
    /// Where it was seen (`url_cache`, `cookies`, …).
    pub sources: Vec<String>,
    /// Cached requests.
    pub requests: u64,
    /// Cached bytes.
    pub bytes: u64,
    /// Earliest time seen.
    pub first_seen: Option<String>,
    /// Latest time seen.
    pub last_seen: Option<String>,
    /// Where the name points (`network --resolve`, `report --resolve`;
    /// absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<super::resolve::Resolution>,
}

/// A cookie's metadata; the value is never read into output.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cookie {
    /// The jar's domain field verbatim.
    pub domain: String,
    /// Cookie name (never its value).
    pub name: String,
    /// Cookie path.
    pub path: String,
    /// Expiry (`null`: session cookie).
    pub expires: Option<String>,
    /// Sent over HTTPS only.
    pub secure: bool,
    /// Hidden from scripts.
    pub http_only: bool,
    /// Root-relative path of the jar.
    pub source: String,
}

/// A net configuration file and what it holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NetFile {
    /// Root-relative path.
    pub path: String,
    /// What it holds, in words.
    pub what: String,
    /// Entries found (hosts, IPs, files for a folder summary).
    pub entries: u64,
    /// Bytes.
    pub bytes: u64,
}

/// Network cache metadata.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Network {
    /// Hosts, Tencent first.
    pub hosts: Vec<Host>,
    /// Cookie metadata.
    pub cookies: Vec<Cookie>,
    /// Net config files (kvcomm, cdncomm, ipportrecords, ini host lists).
    #[serde(default)]
    pub files: Vec<NetFile>,
}
