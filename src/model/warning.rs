//! Per-path problems: the scan goes on, the output says what was not read.

use serde::{Deserialize, Serialize};

/// Warning kinds of DESIGN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// `EPERM` inside a container: macOS privacy protection (TCC).
    PrivacyProtected,
    /// `EACCES`, or `EPERM` elsewhere.
    PermissionDenied,
    /// Gone between listing and reading.
    Vanished,
    /// Any other I/O error.
    Unreadable,
    /// An iCloud placeholder: counted, not read.
    Dataless,
    /// A link loop.
    LinkLoop,
    /// Content that does not hold together (exit code stays 0).
    Corrupt,
    /// Over a limit the user can raise.
    TooLarge,
}

impl WarningKind {
    /// True for the kinds that mean an entry could not be read (exit 2).
    pub fn is_unreadable(self) -> bool {
        matches!(
            self,
            WarningKind::PrivacyProtected
                | WarningKind::PermissionDenied
                | WarningKind::Vanished
                | WarningKind::Unreadable
                | WarningKind::Dataless
        )
    }
    /// The stable spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::PrivacyProtected => "privacy_protected",
            WarningKind::PermissionDenied => "permission_denied",
            WarningKind::Vanished => "vanished",
            WarningKind::Unreadable => "unreadable",
            WarningKind::Dataless => "dataless",
            WarningKind::LinkLoop => "link_loop",
            WarningKind::Corrupt => "corrupt",
            WarningKind::TooLarge => "too_large",
        }
    }
}

/// A per-path problem; the scan goes on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Warning {
    /// Root-relative path.
    pub path: String,
    /// What kind of problem.
    pub kind: WarningKind,
    /// What went wrong, in words.
    pub message: String,
}

impl Warning {
    /// A warning about `path` (root-relative).
    pub fn new(path: impl Into<String>, kind: WarningKind, message: impl Into<String>) -> Warning {
        Warning {
            path: path.into(),
            kind,
            message: message.into(),
        }
    }

    /// Content that does not hold together (exit code stays 0).
    pub fn corrupt(path: impl Into<String>, message: impl Into<String>) -> Warning {
        Warning::new(path, WarningKind::Corrupt, message)
    }
}
