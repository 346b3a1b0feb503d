//! The path coordinate systems, as distinct types where they cross module
//! borders:
//!
//! - **absolute**: a `std::path::Path`/`PathBuf` (only `fsio`, `layout` and
//!   the walker hold them; exact bytes, never lossy);
//! - **root-relative** ([`RelPath`]): below the PATH the user gave,
//!   `/`-separated, lossy where a name is not UTF-8: what every output
//!   shows (`files[].path`);
//! - **logical** ([`LogicalPath`]): the position in WeChat's layout, relative
//!   to a container's `Data/` folder (which mirrors a home folder), with
//!   `$container/` and `$group/` for the parts outside it: what the rule
//!   table and the attribution read;
//! - **account-relative**: below an account folder; only renderers make it
//!   (short paths in tables).

use std::fmt;

/// A logical path (see the module docs). Borrowed: the walker builds it in
/// a reused buffer, once per folder or file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogicalPath<'a>(pub &'a str);

impl<'a> LogicalPath<'a> {
    /// The text, `/`-separated.
    pub fn as_str(&self) -> &'a str {
        self.0
    }
    /// True when the path is `prefix` or lies below it.
    pub fn is_under(&self, prefix: &str) -> bool {
        self.0.starts_with(prefix)
            && (self.0.len() == prefix.len() || self.0.as_bytes()[prefix.len()] == b'/')
    }
}

impl fmt::Display for LogicalPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A root-relative path (see the module docs), borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelPath<'a>(pub &'a str);

impl<'a> RelPath<'a> {
    /// The text, `/`-separated.
    pub fn as_str(&self) -> &'a str {
        self.0
    }
    /// The last component.
    pub fn file_name(&self) -> &'a str {
        self.0.rsplit('/').next().unwrap_or(self.0)
    }
    /// `root_rel/inner`, either side possibly empty (the walker's and the
    /// locator's one way of joining root-relative paths).
    pub fn join(root_rel: &str, inner: &str) -> String {
        match (root_rel.is_empty(), inner.is_empty()) {
            (true, _) => inner.to_string(),
            (false, true) => root_rel.to_string(),
            (false, false) => {
                let mut r = String::with_capacity(root_rel.len() + 1 + inner.len());
                r.push_str(root_rel);
                r.push('/');
                r.push_str(inner);
                r
            }
        }
    }
}

impl fmt::Display for RelPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_prefixes() {
        assert_eq!(RelPath::join("", "a/b"), "a/b");
        assert_eq!(RelPath::join("r", ""), "r");
        assert_eq!(RelPath::join("r", "a"), "r/a");
        assert_eq!(RelPath("a/b/c.db").file_name(), "c.db");
        assert!(LogicalPath("Documents/app_data/x").is_under("Documents/app_data"));
        assert!(LogicalPath("Documents/app_data").is_under("Documents/app_data"));
        assert!(!LogicalPath("Documents/app_data2").is_under("Documents/app_data"));
    }
}
