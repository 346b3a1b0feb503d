//! The vocabulary and the data model: what every other layer speaks.
//!
//! Nothing here reads the disk. Field names and enum spellings are the JSON
//! contract (`docs/SCHEMAS.md`): fields may be added, never renamed or
//! removed without a new schema version.

pub mod detail;
pub mod explain;
pub mod inventory;
pub mod network;
pub mod paths;
pub mod resolve;
pub mod shared;
pub mod system;
pub mod tally;
pub mod time;
pub mod units;
pub mod vocab;
pub mod warning;
pub mod watch;

pub use detail::Detail;
pub use inventory::*;
pub use network::{Cookie, Host, NetFile, Network};
pub use paths::{EntryPath, LogicalPath, RelPath};
pub use shared::Shared;
pub use tally::{Linked, Tally};
pub use time::{is_month, Month, Mtime};
pub use vocab::{Category, CategoryBytes, Format, Generation, Kind, PerCategory, Role};
pub use warning::{Warning, WarningKind};
