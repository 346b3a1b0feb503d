//! The five tiers, in the order tables list them.

use serde::Serialize;

/// What removing a file means. Every file is in exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// WeChat rebuilds or downloads it again.
    Rebuilt,
    /// Left by an older WeChat (a shard, a tree, a container): not safe
    /// by default, each with its evidence.
    Leftover,
    /// An extra copy of an identical media or received file.
    Duplicate,
    /// A media or received file that may be the only copy on this Mac.
    OnlyCopy,
    /// Databases, keys, settings: removing loses history or breaks WeChat.
    Keep,
}

impl Tier {
    /// Every tier, in the order tables list them.
    pub const ALL: [Tier; 5] = [
        Tier::Rebuilt,
        Tier::Leftover,
        Tier::Duplicate,
        Tier::OnlyCopy,
        Tier::Keep,
    ];

    /// The spelling in JSON, CSV and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Rebuilt => "rebuilt",
            Tier::Leftover => "leftover",
            Tier::Duplicate => "duplicate",
            Tier::OnlyCopy => "only_copy",
            Tier::Keep => "keep",
        }
    }

    /// Parses [`Tier::as_str`].
    pub fn parse(s: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl std::fmt::Display for Tier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
