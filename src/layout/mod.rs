//! Where WeChat keeps what: the layout's anchors, finding the data under a
//! PATH (`locate`), and reading account, chat and month from a place in
//! the layout (`attribute`). Reads directory listings only, never file
//! contents.

pub mod anchors;
pub mod attribute;
pub mod chats;
pub mod homes;
pub mod locate;
pub mod roots;

pub use anchors::*;
pub use attribute::{attribute, generation_of, resolve_account, Attribution};
pub use locate::{locate, Layout};
pub use roots::{Mapping, WalkRoot};
