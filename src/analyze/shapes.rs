//! The shapes `--anonymize` looks for in a name or in free text: an id
//! (a whole name, extension aside) and a URL (kept to its scheme and host).
//! Pure functions of strings; `anonymize.rs` decides what replaces them.

/// A component shaped like an id: its name without the extension is hex
/// of 8 or more digits, or 6 or more decimal digits. The id and the
/// extension (with its dot, or empty). Names with more than an id in them
/// (`<md5>_t.dat`, `4341616580689_.pic_hd.jpg`, `MM_20250301.xlog`, month
/// folders) are not.
pub fn id_shaped(c: &str) -> Option<(&str, &str)> {
    let (stem, ext) = match c.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && !ext.is_empty()
                && ext.len() <= 8
                && ext.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            (stem, &c[stem.len()..])
        }
        _ => (c, ""),
    };
    let hex = stem.len() >= 8 && stem.bytes().all(|b| b.is_ascii_hexdigit());
    let digits = stem.len() >= 6 && stem.bytes().all(|b| b.is_ascii_digit());
    (hex || digits || is_uuid(stem)).then_some((stem, ext))
}

/// A UUID (`6F9619FF-8B86-D011-B42D-00C04FC964FF`): hex in groups of 8, 4,
/// 4, 4 and 12 (RFC 9562 §4) — the folder names of `old_backup` shards.
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// URLs keep their scheme and host (and port): anything after them — the
/// path, query and fragment that can name a person (`wx.qlogo.cn/mmhead/…`
/// is one profile picture) — becomes `/<path>`; user info is dropped.
/// A URL ends at white space, a quote, a backtick or `<`/`>`.
pub fn urls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("://") {
        let before = &rest[..i];
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || "+.-".contains(*c)))
            .map_or(0, |(j, c)| j + c.len_utf8());
        let scheme = &before[start..];
        out.push_str(&rest[..i + 3]);
        let after = &rest[i + 3..];
        if !scheme.starts_with(|c: char| c.is_ascii_alphabetic()) {
            rest = after;
            continue;
        }
        let end = after
            .find(|c: char| c.is_whitespace() || "\"'`<>".contains(c))
            .unwrap_or(after.len());
        let url = &after[..end];
        let auth_end = url.find(['/', '?', '#']).unwrap_or(url.len());
        let authority = &url[..auth_end];
        out.push_str(authority.rsplit_once('@').map_or(authority, |(_, h)| h));
        if auth_end < url.len() {
            out.push_str("/<path>");
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The index of the first path component that comes from a person: below
/// 3.x `File/` and `OpenData/`, 4.x `msg/file/<month>/`, `temp/drag/`,
/// 3.x `SaveTemp/<id>/` and `dragImgTmp/` (layout §2.4, §3.3; conf#17,
/// #19, #24). `usize::MAX` when none.
pub fn personal_start(comps: &[&str]) -> usize {
    for (i, c) in comps.iter().enumerate() {
        let prev = if i > 0 { comps[i - 1] } else { "" };
        let next_is = |f: fn(&str) -> bool| comps.get(i + 1).is_some_and(|n| f(n));
        let start = match *c {
            "File" | "OpenData" | "dragImgTmp" => i + 1,
            "drag" if prev == "temp" => i + 1,
            "file" if prev == "msg" => {
                if next_is(crate::model::is_month) {
                    i + 2
                } else {
                    i + 1
                }
            }
            "SaveTemp" => i + 2,
            _ => continue,
        };
        return start;
    }
    usize::MAX
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_25_uuids_are_ids() {
        assert!(id_shaped("6F9619FF-8B86-D011-B42D-00C04FC964FF").is_some());
        assert!(id_shaped("6F9619FF-8B86-D011-B42D").is_none());
    }

    #[test]
    fn issue_25_ids_are_whole_names_without_extension() {
        for (name, id) in [
            ("593b906c03bc0149", true),
            ("0f1e2d3c", true),
            ("123456", true),
            ("1234567.jpg", true),
            ("0f1e2d3", false),
            ("12345", false),
            ("71b3545293b1d5e40d33e00b232ac6c6_t.dat", false),
            ("4341616580689_.pic_hd.jpg", false),
            ("MM_20250301.xlog", false),
            ("2025-03", false),
            ("2.0b4.0.9", false),
        ] {
            assert_eq!(id_shaped(name).is_some(), id, "{name}");
        }
        assert_eq!(id_shaped("1234567.jpg"), Some(("1234567", ".jpg")));
    }

    #[test]
    fn issue_25_urls_keep_scheme_host_and_port() {
        assert_eq!(
            urls("https://wx.qlogo.cn/mmhead/ver_1/abcdefg/132"),
            "https://wx.qlogo.cn/<path>"
        );
        assert_eq!(
            urls("x http://u:p@h.example:8080?q=1 y"),
            "x http://h.example:8080/<path> y"
        );
        assert_eq!(urls("中://x and ://y"), "中://x and ://y");
    }
}
