//! `--anonymize` for the `system` document: user names go (paths below
//! `/Users/<name>`, the root and home given become pseudonyms and
//! placeholders, through [`Anonymizer::text`]), while what the document is
//! about stays readable — hosts, bundle ids, services, process names,
//! counts and dates.

use super::anonymize::Anonymizer;
use crate::model::system::SystemReport;

/// Anonymizes a `system` document in place.
pub fn anonymize(an: &Anonymizer, r: &mut SystemReport) {
    let t = |s: &mut String| *s = an.text(s);
    let opt = |s: &mut Option<String>| {
        if let Some(v) = s {
            *v = an.text(v);
        }
    };
    if r.root != "/" {
        r.root = "<root>".into();
    }
    r.homes.iter_mut().for_each(t);
    for s in &mut r.sources {
        t(&mut s.path);
        opt(&mut s.home);
        t(&mut s.note);
    }
    for p in &mut r.permissions {
        t(&mut p.source);
        opt(&mut p.home);
        // A client of type 1 is a path (`/Users/<name>/Applications/…`).
        t(&mut p.client);
        opt(&mut p.indirect_object);
    }
    for d in &mut r.downloads {
        t(&mut d.source);
        opt(&mut d.home);
    }
    for n in &mut r.notifications {
        t(&mut n.source);
        opt(&mut n.home);
    }
    for n in &mut r.network {
        t(&mut n.source);
    }
    for w in &mut r.warnings {
        t(&mut w.path);
        t(&mut w.message);
    }
}
