//! Answers over a finished inventory: media (filters, aggregates, insight),
//! SHA-256 and duplicate groups, the diff of two inventories, and
//! pseudonyms for `--anonymize` (`system.rs`: of the `system` document).

pub mod anonymize;
pub mod diff;
pub mod dupes;
pub mod generated;
pub mod hash;
pub mod media;
pub mod reclaim;
pub mod shapes;
pub mod system;
pub mod tree;
