//! What the readers say about the files the walk found: databases (tables,
//! WALs, page-size guesses), network (hosts and cookies), settings and
//! crash reports. The
//! callers of `formats`, each over an inventory.

pub mod crashes;
pub mod databases;
pub mod network;
pub mod settings;
