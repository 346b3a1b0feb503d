//! `reclaim`: every file in exactly one tier — what WeChat rebuilds, what
//! an older WeChat left, extra copies, what may be the only copy, what
//! must stay — with the bytes that would come back and the evidence. The
//! one computation `reclaim`, `media`'s "What the space is", the report's
//! "What could be reclaimed" and `browse` read. Nothing is ever removed.
//!
//! Steps: [`Plan::new`] gives each file its tier as if alone (the tier
//! table, `rules.rs`) or as part of a leftover (`leftovers.rs`);
//! [`Plan::settle_duplicates`] turns the extra copies among the files that
//! may be the only copy into duplicates, given groups of identical files
//! (`analyze::dupes`); [`Plan::summary`] adds them up within a scope.

mod leftovers;
mod lone;
mod plan;
pub mod rules;
mod summary;
mod tier;

pub use leftovers::{newest_by_root, Leftover, IDLE_DAYS};
pub use lone::Lone;
pub use plan::{sidecars_to_follow, Alone, Plan};
pub use summary::{
    leftover_sentence, list_command, AgeRow, PlaceRow, ReasonRow, Reclaim, ReclaimFile, Scope, Sum,
    TierSummary, CLONES_NOTE, SCHEMA,
};
pub use tier::Tier;
