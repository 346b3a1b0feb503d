//! Readers of the file formats WeChat and macOS write.

pub mod binarycookies;
pub mod chromium;
pub mod crashreport;
pub mod httpstorage;
pub mod netconfig;
pub mod ooxml;
pub mod plist_guard;
pub mod sqlite;
pub mod urlcache;
