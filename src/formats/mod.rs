//! Readers of the file formats WeChat and macOS write.

pub mod binarycookies;
pub mod chromium;
pub mod netconfig;
pub mod sqlite;
pub mod urlcache;
