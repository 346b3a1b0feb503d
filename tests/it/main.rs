//! The integration tests, as one binary: each module drives the real
//! `wxinspect` binary (or the library's public API) over fixtures built in
//! temp dirs and over `sample-data/`. One binary rather than one per file:
//! each test binary links the whole crate and its dependencies, and sixteen
//! of them made the test build several times larger and slower to link.

mod common;

mod anonymize;
mod architecture;
mod browse;
mod corpus;
mod exit_codes;
mod explain_agrees;
mod hardening;
mod html;
mod interrupt;
mod media;
mod ncdu;
mod network;
mod omissions;
mod real_macs;
mod reclaim;
mod report;
mod resolve;
mod scan;
mod schemas;
mod system;
mod terminal;
mod trust;
mod watch;
mod words;
