//! What the readers say about the files the walk found: databases (tables,
//! WALs, page-size guesses), network (hosts and cookies), settings and
//! crash reports, each over an inventory; and `system`: what macOS's own
//! databases record about WeChat, over a volume root and its homes. The
//! callers of `formats`.

pub mod crashes;
pub mod databases;
pub mod network;
pub mod resolve;
pub mod settings;
pub mod system;
