//! The IPtoASN tables (`ip2asn-v4.tsv`, `ip2asn-v6.tsv`, the combined
//! file, each also `.tsv.gz`; public domain, PDDL 1.0): one range a line,
//! tab-separated `range_start range_end AS_number country_code
//! AS_description` (`../shared/reference/macos-records.md` §5). Read
//! offline, bounded: a line longer than [`MAX_LINE`] is skipped, a
//! description is cut at [`MAX_NAME`] characters, at most [`MAX_ROWS`]
//! ranges are kept; anything that does not parse is counted, not fatal.

use std::io::{BufRead, BufReader, Read};
use std::net::IpAddr;

/// The longest line read (the real files' lines are under 200 bytes).
pub const MAX_LINE: usize = 1024;
/// The longest AS description kept, in characters.
pub const MAX_NAME: usize = 128;
/// Ranges kept at most (the real files hold about 700,000 together).
pub const MAX_ROWS: usize = 4_000_000;
/// Decompressed bytes read at most from one file (the real v4 and v6
/// files are about 30 MB together).
pub const MAX_BYTES: u64 = 1 << 30;

/// One range's owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// Origin AS (0: "Not routed").
    pub asn: u32,
    /// Two-letter country code of the registry record (`None` and
    /// `Unknown` become empty).
    pub country: String,
    /// AS description.
    pub name: String,
}

/// The ranges of one or more files, sorted for lookup.
#[derive(Debug, Default, Clone)]
pub struct AsnTable {
    v4: Vec<(u32, u32, u32)>,
    v6: Vec<(u128, u128, u32)>,
    owners: Vec<Owner>,
    /// Lines that did not parse (or were too long).
    pub skipped: u64,
}

/// An address as a number in its family's space.
enum Num {
    V4(u32),
    V6(u128),
}

fn num(ip: IpAddr) -> Num {
    match ip {
        IpAddr::V4(a) => Num::V4(u32::from(a)),
        IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(v4) => Num::V4(u32::from(v4)),
            None => Num::V6(u128::from(a)),
        },
    }
}

impl AsnTable {
    /// Reads one file's lines into the table: gzip when it starts with the
    /// gzip magic, plain text otherwise.
    pub fn read(&mut self, r: impl Read) -> std::io::Result<()> {
        let mut r = BufReader::new(r);
        let gz = r.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        if gz {
            let d = flate2::bufread::MultiGzDecoder::new(r);
            self.read_lines(BufReader::new(d.take(MAX_BYTES)))
        } else {
            self.read_lines(r.take(MAX_BYTES))
        }
    }

    /// Reads from bytes (tests, fuzzing).
    pub fn parse(bytes: &[u8]) -> AsnTable {
        let mut t = AsnTable::default();
        // A truncated gzip stream is kept as far as it went.
        let _ = t.read(bytes);
        t.finish();
        t
    }

    fn read_lines(&mut self, mut r: impl BufRead) -> std::io::Result<()> {
        let mut line = Vec::with_capacity(256);
        loop {
            line.clear();
            let n = (&mut r)
                .take(MAX_LINE as u64 + 1)
                .read_until(b'\n', &mut line)?;
            if n == 0 {
                return Ok(());
            }
            if line.last() != Some(&b'\n') && n > MAX_LINE {
                // Too long: skip to the end of the line.
                self.skipped += 1;
                let mut rest = Vec::new();
                loop {
                    rest.clear();
                    let m = (&mut r).take(64 * 1024).read_until(b'\n', &mut rest)?;
                    if m == 0 || rest.last() == Some(&b'\n') {
                        break;
                    }
                }
                continue;
            }
            if !self.line(&line) {
                self.skipped += 1;
            }
        }
    }

    /// One line; false if it does not parse (a blank line parses).
    fn line(&mut self, line: &[u8]) -> bool {
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\n', '\r']);
        if text.trim().is_empty() || text.starts_with('#') {
            return true;
        }
        if self.v4.len() + self.v6.len() >= MAX_ROWS {
            return false;
        }
        let mut f = text.splitn(5, '\t');
        let (Some(a), Some(b), Some(asn), cc, name) =
            (f.next(), f.next(), f.next(), f.next(), f.next())
        else {
            return false;
        };
        let (Ok(a), Ok(b), Ok(asn)) = (
            a.trim().parse::<IpAddr>(),
            b.trim().parse::<IpAddr>(),
            asn.trim().trim_start_matches("AS").parse::<u32>(),
        ) else {
            return false;
        };
        let cc = cc.unwrap_or("").trim();
        let country = if cc.len() == 2 && cc.is_ascii() {
            cc
        } else {
            ""
        };
        let owner = Owner {
            asn,
            country: country.to_ascii_uppercase(),
            name: name.unwrap_or("").trim().chars().take(MAX_NAME).collect(),
        };
        let id = self.owner_id(owner);
        match (num(a), num(b)) {
            (Num::V4(a), Num::V4(b)) if a <= b => self.v4.push((a, b, id)),
            (Num::V6(a), Num::V6(b)) if a <= b => self.v6.push((a, b, id)),
            _ => return false,
        }
        true
    }

    /// Owners repeat (one AS, many ranges): consecutive repeats share one.
    fn owner_id(&mut self, owner: Owner) -> u32 {
        if self.owners.last() != Some(&owner) {
            self.owners.push(owner);
        }
        (self.owners.len() - 1) as u32
    }

    /// Sorts the ranges for [`AsnTable::lookup`] (after the last `read`).
    pub fn finish(&mut self) {
        self.v4.sort_unstable();
        self.v6.sort_unstable();
    }

    /// Ranges kept.
    pub fn len(&self) -> usize {
        self.v4.len() + self.v6.len()
    }

    /// No range kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The owner of `ip` and its range (`first-last`): the range with the
    /// greatest start at or below `ip` that reaches it.
    pub fn lookup(&self, ip: IpAddr) -> Option<(&Owner, String)> {
        fn find<N: Ord + Copy>(v: &[(N, N, u32)], x: N) -> Option<(N, N, u32)> {
            let i = v.partition_point(|r| r.0 <= x);
            // Ranges do not overlap in the real files; where they do, the
            // nearest start that still covers `x` wins.
            v[..i].iter().rev().take(8).find(|r| r.1 >= x).copied()
        }
        let (range, id) = match num(ip) {
            Num::V4(x) => find(&self.v4, x).map(|(a, b, id)| {
                let (a, b) = (std::net::Ipv4Addr::from(a), std::net::Ipv4Addr::from(b));
                (format!("{a}-{b}"), id)
            })?,
            Num::V6(x) => find(&self.v6, x).map(|(a, b, id)| {
                let (a, b) = (std::net::Ipv6Addr::from(a), std::net::Ipv6Addr::from(b));
                (format!("{a}-{b}"), id)
            })?,
        };
        self.owners.get(id as usize).map(|o| (o, range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const T: &str = "192.0.2.0\t192.0.2.127\t64500\tZZ\tEXAMPLE-A\n\
                     192.0.2.128\t192.0.2.255\t64501\tZZ\tEXAMPLE-B\n\
                     2001:db8::\t2001:db8:ffff:ffff:ffff:ffff:ffff:ffff\t64502\tZZ\tEXAMPLE-6\n";

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn edges_of_ranges() {
        let t = AsnTable::parse(T.as_bytes());
        assert_eq!(t.len(), 3);
        assert_eq!(t.lookup(ip("192.0.2.0")).unwrap().0.asn, 64500);
        assert_eq!(t.lookup(ip("192.0.2.127")).unwrap().0.asn, 64500);
        assert_eq!(t.lookup(ip("192.0.2.128")).unwrap().0.asn, 64501);
        assert_eq!(t.lookup(ip("192.0.2.255")).unwrap().0.asn, 64501);
        assert!(t.lookup(ip("192.0.1.255")).is_none());
        assert!(t.lookup(ip("192.0.3.0")).is_none());
        assert_eq!(t.lookup(ip("2001:db8::1")).unwrap().0.name, "EXAMPLE-6");
        assert!(t.lookup(ip("2001:db9::")).is_none());
        assert_eq!(t.lookup(ip("::ffff:192.0.2.1")).unwrap().0.asn, 64500);
    }

    #[test]
    fn gzip_reads_the_same() {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(T.as_bytes()).unwrap();
        let t = AsnTable::parse(&e.finish().unwrap());
        assert_eq!(t.len(), 3);
        assert_eq!(t.lookup(ip("192.0.2.200")).unwrap().0.name, "EXAMPLE-B");
    }

    #[test]
    fn bad_and_long_lines_are_skipped() {
        let long = format!("1.0.0.0\t1.0.0.255\t1\tUS\t{}\n", "x".repeat(5000));
        let text = format!("junk\n{long}9.9.9.9\t1.1.1.1\t5\tUS\tbackwards\n{T}");
        let t = AsnTable::parse(text.as_bytes());
        assert_eq!((t.len(), t.skipped), (3, 3));
    }

    proptest! {
        #[test]
        fn never_panics(data in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let t = AsnTable::parse(&data);
            let _ = t.lookup(ip("192.0.2.1"));
        }

        #[test]
        fn every_address_in_a_range_finds_it(start in any::<u32>(), len in 0u32..1_000_000, off in any::<u32>()) {
            let end = start.saturating_add(len);
            let (a, b) = (std::net::Ipv4Addr::from(start), std::net::Ipv4Addr::from(end));
            let t = AsnTable::parse(format!("{a}\t{b}\t7\tZZ\tX\n").as_bytes());
            let x = start.saturating_add(off % (len + 1));
            prop_assert_eq!(t.lookup(IpAddr::V4(x.into())).map(|o| o.0.asn), Some(7));
            if end < u32::MAX {
                prop_assert!(t.lookup(IpAddr::V4((end + 1).into())).is_none());
            }
            if start > 0 {
                prop_assert!(t.lookup(IpAddr::V4((start - 1).into())).is_none());
            }
        }
    }
}
