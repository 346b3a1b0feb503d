//! Readers of the file formats WeChat and macOS write (`tcc`, `quarantine`,
//! `notifications`, `netusage`: the databases macOS keeps about every app).

pub mod binarycookies;
pub mod chromium;
pub mod crashreport;
pub mod cymru;
pub mod httpstorage;
pub mod ip2asn;
pub mod netconfig;
pub mod netusage;
pub mod notifications;
pub mod ooxml;
pub mod plist_guard;
pub mod quarantine;
pub mod sqlite;
pub mod tcc;
pub mod urlcache;
