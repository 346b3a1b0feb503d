//! Apple `Cookies.binarycookies` (NSHTTPCookieStorage), parsed by hand:
//! the `safari-binarycookies` crate does not verify the checksum and
//! reads values we must never hold. Layout (formats.md §2): big-endian file
//! header and page sizes, little-endian pages and records, Mac-epoch
//! doubles, checksum = Σ over pages of every 4th byte. Every offset and
//! count is bounded by the bytes actually present. Cookie **values are
//! skipped**: only their offsets are read, never the strings.

/// One cookie's metadata (no value).
#[derive(Debug, Clone, PartialEq)]
pub struct CookieMeta {
    /// The cookie's domain field.
    pub domain: String,
    /// The cookie's name.
    pub name: String,
    /// The cookie's path.
    pub path: String,
    /// Mac-epoch seconds; `None` when zero (session cookie).
    pub expires: Option<f64>,
    /// Creation time, Mac-epoch seconds.
    pub created: Option<f64>,
    /// Raw flag bits (0x1 Secure, 0x4 HttpOnly; others kept as seen).
    pub flags: u32,
}

impl CookieMeta {
    /// Sent over HTTPS only.
    pub fn secure(&self) -> bool {
        self.flags & 0x1 != 0
    }
    /// Hidden from scripts.
    pub fn http_only(&self) -> bool {
        self.flags & 0x4 != 0
    }
}

/// A parsed jar and the problems found on the way.
#[derive(Debug, Default)]
pub struct Jar {
    /// The cookies, values never read.
    pub cookies: Vec<CookieMeta>,
    /// Pages or records that did not hold together.
    pub warnings: Vec<String>,
}

/// Largest number of cookies kept from one jar (a hostile count field
/// cannot make us allocate more).
pub const MAX_COOKIES: usize = 100_000;

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}
fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}
fn lef64(b: &[u8], at: usize) -> Option<f64> {
    Some(f64::from_le_bytes(
        b.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

/// A NUL-terminated string at `off` inside `rec`, at most 4 KiB.
fn cstr(rec: &[u8], off: u32) -> Option<String> {
    let start = off as usize;
    let tail = rec.get(start..)?;
    let end = tail.iter().take(4096).position(|&b| b == 0)?;
    Some(String::from_utf8_lossy(&tail[..end]).into_owned())
}

/// Parses a whole jar. Never panics; bad structure becomes warnings and
/// whatever was readable is kept.
pub fn parse(data: &[u8]) -> Result<Jar, String> {
    if data.get(..4) != Some(b"cook") {
        return Err("not a binarycookies file (no `cook` magic)".into());
    }
    let pages = be32(data, 4).ok_or("truncated header")? as usize;
    let table_end = 8usize
        .checked_add(pages.checked_mul(4).ok_or("page count overflows")?)
        .ok_or("page count overflows")?;
    if table_end > data.len() {
        return Err(format!(
            "claims {pages} pages, but the file has only {} bytes",
            data.len()
        ));
    }
    let mut jar = Jar::default();
    let mut off = table_end;
    let mut checksum = 0u32;
    for p in 0..pages {
        let size = be32(data, 8 + 4 * p).unwrap_or(0) as usize;
        let Some(page) = off.checked_add(size).and_then(|end| data.get(off..end)) else {
            jar.warnings.push(format!(
                "page {p} of {size} bytes runs past the end of the file"
            ));
            return Ok(jar);
        };
        for b in page.iter().step_by(4) {
            checksum = checksum.wrapping_add(u32::from(*b));
        }
        parse_page(page, p, &mut jar);
        off += size;
    }
    match be32(data, off) {
        Some(stored) if stored != checksum => jar.warnings.push(format!(
            "checksum mismatch: stored {stored:#x}, computed {checksum:#x}"
        )),
        None => jar
            .warnings
            .push("no checksum after the pages (truncated)".into()),
        _ => {}
    }
    Ok(jar)
}

fn parse_page(page: &[u8], p: usize, jar: &mut Jar) {
    if page.get(..4) != Some(&[0, 0, 1, 0]) {
        jar.warnings.push(format!("page {p}: bad page tag"));
        return;
    }
    let count = le32(page, 4).unwrap_or(0) as usize;
    // Each cookie needs a 4-byte offset and a 56-byte record at least.
    let max = page.len().saturating_sub(12) / 60;
    if count > max {
        jar.warnings.push(format!(
            "page {p}: claims {count} cookies, room for at most {max}"
        ));
    }
    for c in 0..count.min(max) {
        if jar.cookies.len() >= MAX_COOKIES {
            jar.warnings
                .push(format!("more than {MAX_COOKIES} cookies; the rest skipped"));
            return;
        }
        let Some(start) = le32(page, 8 + 4 * c).map(|o| o as usize) else {
            break;
        };
        let Some(size) = le32(page, start).map(|s| s as usize) else {
            jar.warnings
                .push(format!("page {p} cookie {c}: offset {start} past the page"));
            continue;
        };
        let Some(rec) = start
            .checked_add(size)
            .and_then(|end| page.get(start..end))
            .filter(|r| r.len() >= 56)
        else {
            jar.warnings.push(format!(
                "page {p} cookie {c}: record of {size} bytes does not fit"
            ));
            continue;
        };
        let field = |at| le32(rec, at).unwrap_or(0);
        let (domain, name, path) = (
            cstr(rec, field(16)),
            cstr(rec, field(20)),
            cstr(rec, field(24)),
        );
        let (Some(domain), Some(name), Some(path)) = (domain, name, path) else {
            jar.warnings.push(format!(
                "page {p} cookie {c}: a string offset points outside the record"
            ));
            continue;
        };
        let nz = |v: Option<f64>| v.filter(|x| *x != 0.0 && x.is_finite());
        jar.cookies.push(CookieMeta {
            domain,
            name,
            path,
            expires: nz(lef64(rec, 40)),
            created: nz(lef64(rec, 48)),
            flags: field(8),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rejects_and_bounds() {
        assert!(parse(b"nope").is_err());
        let mut huge = b"cook".to_vec();
        huge.extend_from_slice(&u32::MAX.to_be_bytes());
        assert!(parse(&huge).is_err());
        let mut zero = b"cook".to_vec();
        zero.extend_from_slice(&0u32.to_be_bytes());
        zero.extend_from_slice(&0u32.to_be_bytes());
        let j = parse(&zero).unwrap();
        assert!(j.cookies.is_empty() && j.warnings.is_empty());
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let _ = parse(&data);
        }

        #[test]
        fn arbitrary_bytes_after_magic_never_panic(data in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let mut v = b"cook".to_vec();
            v.extend(data);
            if let Ok(j) = parse(&v) {
                prop_assert!(j.cookies.len() <= MAX_COOKIES);
            }
        }
    }
}
