//! The view of one file that its tier depends on, shared by the plan (an
//! inventory's files) and `browse` (its compact records).

use crate::model::{Category, FileEntry, Generation, Kind};

/// What the tier of one file depends on, borrowed from a [`FileEntry`] or
/// from `browse`'s compact record of it.
#[derive(Debug, Clone, Copy)]
pub struct Lone<'f> {
    /// Category.
    pub category: Category,
    /// Kind.
    pub kind: Kind,
    /// Format.
    pub format: crate::model::Format,
    /// The generation of the tree it is in.
    pub generation: Option<Generation>,
    /// Account id.
    pub account: Option<&'f str>,
    /// The walk root (location) it was found under.
    pub root: u16,
    /// Its folder, root-relative.
    pub dir: &'f str,
    /// Its name.
    pub name: &'f str,
}

impl<'f> Lone<'f> {
    /// The view of an inventory's file.
    pub fn of(f: &'f FileEntry) -> Lone<'f> {
        Lone {
            category: f.category,
            kind: f.kind,
            format: f.format,
            generation: f.generation,
            account: f.account.as_deref(),
            root: f.root,
            dir: f.path.dir(),
            name: f.path.name(),
        }
    }
}
