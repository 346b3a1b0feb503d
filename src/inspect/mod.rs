//! What the readers say about the files the walk found: databases (tables,
//! WALs, page-size guesses), network (hosts and cookies) and settings. The
//! callers of `formats`, each over an inventory.

pub mod databases;
pub mod network;
pub mod settings;
