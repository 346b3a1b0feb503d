//! What the walker records of a link: where it points, from its text
//! alone.

use std::path::Path;

use crate::fsio::normalize;

/// Where a link points, from its text alone (the target is never opened):
/// `outside` the scan root, `inside`, `missing`, or `loop`.
pub fn link_points(link: &Path, target: &Path, root: &Path) -> &'static str {
    let base = link.parent().unwrap_or(Path::new("/"));
    let joined = if target.is_absolute() {
        target.to_path_buf()
    } else {
        base.join(target)
    };
    let norm = normalize(&joined);
    if !norm.starts_with(root) {
        return "outside";
    }
    if norm == link {
        return "loop";
    }
    match std::fs::metadata(link) {
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => "loop",
        _ if std::fs::symlink_metadata(&norm).is_err() => "missing",
        _ => "inside",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_targets() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        std::fs::write(root.join("f"), b"x").unwrap();
        std::os::unix::fs::symlink("f", root.join("in")).unwrap();
        std::os::unix::fs::symlink("../../etc", root.join("out")).unwrap();
        std::os::unix::fs::symlink("nope", root.join("gone")).unwrap();
        std::os::unix::fs::symlink("self", root.join("self")).unwrap();
        assert_eq!(
            link_points(&root.join("in"), Path::new("f"), root),
            "inside"
        );
        assert_eq!(
            link_points(&root.join("out"), Path::new("../../etc"), root),
            "outside"
        );
        assert_eq!(
            link_points(&root.join("gone"), Path::new("nope"), root),
            "missing"
        );
        assert_eq!(
            link_points(&root.join("self"), Path::new("self"), root),
            "loop"
        );
    }
}
