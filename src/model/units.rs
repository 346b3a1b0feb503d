//! Sizes for people, and the flag value that would lift a limit.

/// Bytes for people: binary units, one decimal place.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    format!("{v:.1} {}", UNITS[u])
}

/// The smallest whole number of GiB at least `bytes`, as a flag value
/// (`1GiB`, `3GiB`): what to pass to raise a limit past `bytes`.
pub fn suggest_limit(bytes: u64) -> String {
    const GIB: u64 = 1 << 30;
    format!("{}GiB", bytes.div_ceil(GIB).max(1))
}

/// Lower-case hex of a digest.
pub fn hex(d: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(d.len() * 2);
    for b in d {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// A SHA-256 back from its lower-case hex; `None` for anything else.
pub fn unhex32(s: &str) -> Option<[u8; 32]> {
    let b = s.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = nibble(b[2 * i])? << 4 | nibble(b[2 * i + 1])?;
    }
    Some(out)
}

/// A file's SHA-256: its 32 bytes behind one pointer, written as
/// lower-case hex. A hex `String` in every record cost 80 bytes more per
/// file (issue 31: `dupes` keeps one for every small file whose size
/// repeats).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Sha256(Box<[u8; 32]>);

impl Sha256 {
    /// The digest of these bytes.
    pub fn new(d: [u8; 32]) -> Sha256 {
        Sha256(Box::new(d))
    }

    /// Its bytes.
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl std::fmt::Display for Sha256 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&hex(&self.0[..]))
    }
}

impl std::fmt::Debug for Sha256 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl serde::Serialize for Sha256 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Sha256 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Sha256, D::Error> {
        // Upper-case digits are read too (a document edited or made by
        // another tool); anything else is refused with what was expected.
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        unhex32(&s.to_ascii_lowercase())
            .map(Sha256::new)
            .ok_or_else(|| serde::de::Error::custom("a sha256 is 64 hex digits"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggest_limit(633_684_848), "1GiB");
        assert_eq!(suggest_limit(3 << 30), "3GiB");
        assert_eq!(suggest_limit((3 << 30) + 1), "4GiB");
        assert_eq!(human_bytes(633_684_848), "604.3 MiB");
    }

    #[test]
    fn hex_digits() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(hex(&[]), "");
        let d: [u8; 32] = std::array::from_fn(|i| (i * 37) as u8);
        assert_eq!(unhex32(&hex(&d)), Some(d));
        assert_eq!(unhex32("00"), None);
        assert_eq!(unhex32(&"g".repeat(64)), None);
        let s = Sha256::new(d);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, format!("\"{}\"", hex(&d)));
        assert_eq!(serde_json::from_str::<Sha256>(&json).unwrap(), s);
        assert!(serde_json::from_str::<Sha256>("\"00\"").is_err());
        let upper = format!("\"{}\"", hex(&d).to_uppercase());
        assert_eq!(serde_json::from_str::<Sha256>(&upper).unwrap(), s);
    }
}
