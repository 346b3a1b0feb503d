//! Readers of the file formats WeChat and macOS write.

pub mod sqlite;
