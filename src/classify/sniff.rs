//! Content format from the first bytes (and the size).
//!
//! Reads at most what the decision needs: one read of [`HEAD`] bytes for
//! every file; a 4 KiB read only for files with no known header (entropy);
//! a few small reads at block boundaries for xlog and a tail read for
//! BMP-like XOR `.dat` files. Every offset is bounded by the file size.
//! Magic numbers and their sources: `../shared/reference/formats.md`.

use std::io;

use crate::formats::ooxml::Office;
use crate::fsio::{read_full, ReadAt};
pub use crate::model::Detail;
use crate::model::Format;

/// Bytes read from every file first.
pub const FIRST: usize = 64;
/// Bytes read when the first ones do not decide.
pub const HEAD: usize = 512;
/// Bytes read for the entropy test of header-less files.
pub const ENTROPY_WINDOW: usize = 4096;

/// What the caller knows from the name and place, used only to break ties
/// that content alone cannot decide.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hint {
    /// A database by name or place: high-entropy content becomes
    /// `sqlcipher` rather than `encrypted`.
    pub db_candidate: bool,
    /// The name ends in `-shm` (an all-zero wal-index has no magic).
    pub shm_name: bool,
    /// The name ends in `.mmap3` (an all-zero xlog buffer has no magic).
    pub mmap3_name: bool,
}

impl Hint {
    /// The hints a file name alone gives.
    pub fn from_name(name: &str) -> Hint {
        let ends = |suffix: &str| {
            name.len() >= suffix.len()
                && name.as_bytes()[name.len() - suffix.len()..]
                    .eq_ignore_ascii_case(suffix.as_bytes())
        };
        Hint {
            db_candidate: ends(".db") || ends(".sqlite") || ends(".sqlite3"),
            shm_name: ends("-shm"),
            mmap3_name: ends(".mmap3"),
        }
    }
}

/// The sniff verdict.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sniffed {
    /// The format the bytes say.
    pub format: Format,
    /// Content is enciphered (not merely obfuscated).
    pub encrypted: bool,
    /// Facts later stages use.
    pub detail: Detail,
}

impl Sniffed {
    fn plain(format: Format) -> Sniffed {
        Sniffed {
            format,
            encrypted: false,
            detail: Detail::None,
        }
    }
}

const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
const JOURNAL_MAGIC: [u8; 8] = [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];
/// Chromium simple-cache entry, fake index, blockfile index and block file
/// magics (chromium `net/disk_cache/simple/simple_entry_format.h`,
/// `blockfile/disk_format.h`; formats.md §11).
const SIMPLE_ENTRY_MAGIC: u64 = 0xfcfb_6d1b_a772_5c30;
const SIMPLE_INDEX_MAGIC: u64 = 0x656e_7465_7220_796f;
const BLOCKFILE_INDEX_MAGIC: u32 = 0xC103_CAC3;
const BLOCKFILE_DATA_MAGIC: u32 = 0xC104_CAC3;
/// The wal-index header's version field (sqlite walformat.html §2.1).
const SHM_VERSION: u32 = 3_007_000;

/// Sniffs `src` of `size` bytes.
pub fn sniff<R: ReadAt + ?Sized>(src: &R, size: u64, hint: Hint) -> io::Result<Sniffed> {
    if size == 0 {
        return Ok(Sniffed::plain(Format::Empty));
    }
    let mut buf = [0u8; HEAD];
    // Most files are decided by their first 64 bytes (every fixed-offset
    // magic and the XOR `.dat` test look no further): read those first, the
    // rest of the head only when they do not decide.
    let first = (FIRST as u64).min(size) as usize;
    let mut n = read_full(src, &mut buf[..first], 0)?;
    if n == 0 {
        return Ok(Sniffed::plain(Format::Empty));
    }
    if let Some(s) = sniff_magic(&buf[..n], size) {
        if s.format == Format::Zip {
            // An Office document is a zip whose first entries say which.
            let office = crate::formats::ooxml::office_kind(src, size)?;
            return Ok(office.map_or(s, |o| {
                Sniffed::plain(match o {
                    Office::Docx => Format::Docx,
                    Office::Xlsx => Format::Xlsx,
                    Office::Pptx => Format::Pptx,
                })
            }));
        }
        return Ok(s);
    }
    if let Some(s) = sniff_xor_dat(&buf[..n], size) {
        return Ok(s);
    }
    let want = (HEAD as u64).min(size) as usize;
    if n == first && want > n {
        n += read_full(src, &mut buf[n..want], n as u64)?;
    }
    let head = &buf[..n];
    if let Some(s) = sniff_pdf(head) {
        return Ok(s);
    }
    if let Some(s) = sniff_xlog(src, head, size, hint)? {
        return Ok(s);
    }
    if hint.shm_name && head.iter().all(|&b| b == 0) {
        return Ok(Sniffed::plain(Format::SqliteShm));
    }
    if let Some(f) = sniff_text(head, size) {
        return Ok(Sniffed::plain(f));
    }
    // No header: decide between random-looking (encrypted) and unknown.
    // On the stack: every header-less file comes here.
    let mut window = [0u8; ENTROPY_WINDOW];
    let window = &mut window[..(ENTROPY_WINDOW as u64).min(size) as usize];
    window[..n].copy_from_slice(head);
    let m = if window.len() > n {
        n + read_full(src, &mut window[n..], n as u64)?
    } else {
        n
    };
    let bits = entropy(&window[..m]);
    if m >= 256 && bits >= entropy_threshold(m) {
        let detail = Detail::Entropy { bits };
        let format = if hint.db_candidate && size >= 512 && size.is_multiple_of(512) {
            Format::Sqlcipher
        } else {
            Format::Encrypted
        };
        return Ok(Sniffed {
            format,
            encrypted: true,
            detail,
        });
    }
    Ok(Sniffed {
        format: Format::Unknown,
        encrypted: false,
        detail: Detail::Entropy { bits },
    })
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn le64(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at + 8)
        .map(|s| u64::from_le_bytes(s.try_into().expect("8 bytes")))
}

/// Formats recognised by a fixed header in the first bytes.
fn sniff_magic(h: &[u8], size: u64) -> Option<Sniffed> {
    use Format::*;
    if h.starts_with(SQLITE_MAGIC) && h.len() >= 21 {
        let raw = u16::from_be_bytes([h[16], h[17]]);
        let page_size = if raw == 1 { 65536 } else { u32::from(raw) };
        let detail = Detail::Sqlite {
            page_size,
            wal_mode: h[18] == 2,
            reserved: h[20],
        };
        return Some(Sniffed {
            format: Sqlite,
            encrypted: false,
            detail,
        });
    }
    if let Some(m) = be32(h, 0) {
        if (m == 0x377f_0682 || m == 0x377f_0683) && h.len() >= 32 {
            let page_size = be32(h, 8).unwrap_or(0);
            return Some(Sniffed {
                format: SqliteWal,
                encrypted: false,
                detail: Detail::Wal { page_size },
            });
        }
    }
    if h.starts_with(&JOURNAL_MAGIC) {
        return Some(Sniffed::plain(SqliteJournal));
    }
    if h.len() >= 8 && h.starts_with(b"bplist") && h[6].is_ascii_digit() && h[7].is_ascii_digit() {
        return Some(Sniffed::plain(Bplist));
    }
    if h.starts_with(b"cook") {
        // BE page count; the page-size table must fit in the file.
        if let Some(pages) = be32(h, 4) {
            if 8 + 4 * u64::from(pages) + 8 <= size {
                return Some(Sniffed::plain(Binarycookies));
            }
        }
    }
    if h.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Sniffed::plain(Jpeg));
    }
    if h.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        return Some(Sniffed::plain(Png));
    }
    if h.starts_with(b"GIF87a") || h.starts_with(b"GIF89a") {
        return Some(Sniffed::plain(Gif));
    }
    if h.starts_with(b"RIFF") && h.get(8..12) == Some(b"WEBP") {
        return Some(Sniffed::plain(Webp));
    }
    if let Some(f) = sniff_isobmff(h) {
        return Some(Sniffed::plain(f));
    }
    if h.starts_with(&[0x49, 0x49, 0x2A, 0x00]) || h.starts_with(&[0x4D, 0x4D, 0x00, 0x2A]) {
        return Some(Sniffed::plain(Tiff));
    }
    if is_bmp(h, size) {
        return Some(Sniffed::plain(Bmp));
    }
    if h.starts_with(b"#!SILK_V3") || h.starts_with(b"\x02#!SILK_V3") {
        return Some(Sniffed::plain(Silk));
    }
    if h.starts_with(b"#!AMR") {
        return Some(Sniffed::plain(Amr));
    }
    if h.len() >= 15
        && (h.starts_with(b"\x07\x08V1\x08\x07") || h.starts_with(b"\x07\x08V2\x08\x07"))
    {
        let format = if h[3] == b'1' {
            WechatDatV1
        } else {
            WechatDatV2
        };
        let detail = Detail::Dat {
            aes_len: le32(h, 6).unwrap_or(0),
            xor_len: le32(h, 10).unwrap_or(0),
        };
        return Some(Sniffed {
            format,
            encrypted: true,
            detail,
        });
    }
    if h.starts_with(b"wxgf") {
        return Some(Sniffed::plain(Wxgf));
    }
    // wxapkg: 0xBE first, 0xED at byte 13 (DESIGN.md vocabulary).
    if h.len() >= 14 && h[0] == 0xBE && h[13] == 0xED {
        return Some(Sniffed::plain(Wxapkg));
    }
    if let Some(m) = le64(h, 0) {
        if m == SIMPLE_ENTRY_MAGIC || m == SIMPLE_INDEX_MAGIC {
            return Some(Sniffed::plain(ChromiumCache));
        }
    }
    if let Some(m) = le32(h, 0) {
        if m == BLOCKFILE_INDEX_MAGIC || m == BLOCKFILE_DATA_MAGIC {
            return Some(Sniffed::plain(ChromiumCache));
        }
        if m == SHM_VERSION && h.len() >= 48 {
            return Some(Sniffed::plain(SqliteShm));
        }
    }
    if h.starts_with(b"PK\x03\x04") || h.starts_with(b"PK\x05\x06") || h.starts_with(b"PK\x07\x08")
    {
        return Some(Sniffed::plain(Zip));
    }
    None
}

/// `%PDF` within the first bytes (infer's search limit is 1024; we look at
/// the head we read).
fn sniff_pdf(h: &[u8]) -> Option<Sniffed> {
    h.windows(4)
        .any(|w| w == b"%PDF")
        .then(|| Sniffed::plain(Format::Pdf))
}

/// ISO base media (`ftyp` at 4) and QuickTime atoms.
fn sniff_isobmff(h: &[u8]) -> Option<Format> {
    let atom = h.get(4..8)?;
    if atom == b"ftyp" {
        let major = h.get(8..12)?;
        let compat = |brand: &[u8]| {
            h.get(16..h.len().min(64))
                .is_some_and(|c| c.chunks(4).any(|b| b == brand))
        };
        return Some(match major {
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" => Format::Heic,
            b"mif1" | b"msf1" if compat(b"heic") => Format::Heic,
            b"qt  " => Format::Mov,
            _ => Format::Mp4,
        });
    }
    if matches!(
        atom,
        b"moov" | b"mdat" | b"wide" | b"free" | b"skip" | b"pnot"
    ) {
        return Some(Format::Mov);
    }
    None
}

/// `BM`, the file size field and a known DIB header size: two bytes alone
/// match far too much.
fn is_bmp(h: &[u8], size: u64) -> bool {
    h.starts_with(b"BM")
        && le32(h, 2).is_some_and(|s| u64::from(s) == size)
        && le32(h, 14).is_some_and(|d| matches!(d, 12 | 40 | 52 | 56 | 64 | 108 | 124))
}

/// Mars xlog: a chain of blocks `magic(1) seq(2) begin_hour(1) end_hour(1)
/// length(4 LE) key(4 or 64) payload(length) 0x00` (Tencent/mars
/// `log_crypt.cc`; formats.md §4). Valid when two consecutive blocks check
/// out or one complete block ends exactly at EOF.
fn sniff_xlog<R: ReadAt + ?Sized>(
    src: &R,
    head: &[u8],
    size: u64,
    hint: Hint,
) -> io::Result<Option<Sniffed>> {
    if hint.mmap3_name && head.iter().all(|&b| b == 0) {
        return Ok(Some(Sniffed {
            format: Format::Xlog,
            encrypted: false,
            detail: Detail::Xlog {
                blocks: 0,
                encrypted: false,
            },
        }));
    }
    if !(3..=13).contains(&head[0]) {
        return Ok(None);
    }
    const MAX_BLOCKS: u32 = 8;
    let mut off = 0u64;
    let mut blocks = 0u32;
    let mut encrypted = false;
    let mut hdr = [0u8; 9];
    let mut marker = [0u8; 1];
    while blocks < MAX_BLOCKS && off < size {
        if read_full(src, &mut hdr, off)? < hdr.len() {
            break;
        }
        let magic = hdr[0];
        if !(3..=13).contains(&magic) || hdr[3] > 24 || hdr[4] > 24 {
            break;
        }
        let key_len = if magic <= 5 { 4 } else { 64 };
        let len = u64::from(u32::from_le_bytes([hdr[5], hdr[6], hdr[7], hdr[8]]));
        let end = off + 9 + key_len + len;
        if end >= size {
            // An in-progress block of an mmap3 buffer has no end marker yet.
            if hint.mmap3_name && blocks == 0 {
                blocks = 1;
            }
            break;
        }
        if read_full(src, &mut marker, end)? != 1 || marker[0] != 0 {
            break;
        }
        blocks += 1;
        encrypted |= matches!(magic, 0x07 | 0x0C);
        off = end + 1;
        if off == size {
            break;
        }
    }
    let valid = blocks >= 2 || (blocks == 1 && (off == size || hint.mmap3_name));
    Ok(valid.then_some(Sniffed {
        format: Format::Xlog,
        encrypted,
        detail: Detail::Xlog { blocks, encrypted },
    }))
}

/// Legacy WeChat `.dat`: the whole image XORed with one byte. The key is
/// `b[0] ^ magic[0]` and must reproduce every other magic byte
/// (sjzar/chatlog `pkg/util/dat2img/dat2img.go`; formats.md §6).
fn sniff_xor_dat(h: &[u8], size: u64) -> Option<Sniffed> {
    let x = |i: usize, key: u8| h.get(i).map(|b| b ^ key);
    let found = |key: u8, inner: Format| {
        Some(Sniffed {
            format: Format::WechatDatXor,
            encrypted: false,
            detail: Detail::Xor { key, inner },
        })
    };
    let candidates: [(&[u8], Format); 5] = [
        (&[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A], Format::Png),
        (b"GIF8", Format::Gif),
        (&[0x49, 0x49, 0x2A, 0x00], Format::Tiff),
        (b"wxgf", Format::Wxgf),
        (b"RIFF", Format::Webp),
    ];
    for (magic, inner) in candidates {
        let key = h[0] ^ magic[0];
        if key != 0 && magic.iter().enumerate().all(|(i, m)| x(i, key) == Some(*m)) {
            if inner == Format::Webp && (8..12).any(|i| x(i, key) != Some(b"WEBP"[i - 8])) {
                continue;
            }
            return found(key, inner);
        }
    }
    // JPEG: FF D8 FF plus a plausible marker byte after it.
    let key = h[0] ^ 0xFF;
    if key != 0
        && x(1, key) == Some(0xD8)
        && x(2, key) == Some(0xFF)
        && x(3, key).is_some_and(|m| (0xC0..=0xFE).contains(&m))
    {
        return found(key, Format::Jpeg);
    }
    // BMP: 'BM' and the size field must match the real size after XOR.
    let key = h[0] ^ b'B';
    if key != 0 && x(1, key) == Some(b'M') && h.len() >= 18 {
        let dec: Vec<u8> = h[..18].iter().map(|b| b ^ key).collect();
        if is_bmp(&dec, size) {
            return found(key, Format::Bmp);
        }
    }
    None
}

/// JSON, XML (and XML plists) and plain text.
fn sniff_text(h: &[u8], size: u64) -> Option<Format> {
    // A read may cut a multi-byte character; only the last 3 bytes may be cut.
    let text = match std::str::from_utf8(h) {
        Ok(s) => s,
        Err(e)
            if e.error_len().is_none()
                && h.len() - e.valid_up_to() < 4
                && (h.len() as u64) < size =>
        {
            std::str::from_utf8(&h[..e.valid_up_to()]).ok()?
        }
        Err(_) => return None,
    };
    let printable = text
        .chars()
        .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\u{feff}' | '\u{0c}'));
    if !printable {
        return None;
    }
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with("<?xml") || t.starts_with('<') {
        if t.contains("<!DOCTYPE plist") || t.contains("<plist") {
            return Some(Format::XmlPlist);
        }
        return Some(Format::Xml);
    }
    if looks_like_json(t) {
        return Some(Format::Json);
    }
    Some(Format::Text)
}

/// `{` or `[` followed by what JSON allows there (an INI section header
/// `[name]` starts with `[` too).
fn looks_like_json(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('[').or_else(|| t.strip_prefix('{')) else {
        return false;
    };
    let rest = rest.trim_start();
    let Some(c) = rest.chars().next() else {
        return true;
    };
    if t.starts_with('{') {
        return c == '"' || c == '}';
    }
    match c {
        '{' | '[' | '"' | ']' => true,
        't' => rest.starts_with("true"),
        'f' => rest.starts_with("false"),
        'n' => rest.starts_with("null"),
        '-' | '0'..='9' => {
            // A number must be followed by `,` or `]` (a log line's
            // `[0301/100000.000:INFO…]` is not).
            let after = rest.trim_start_matches(|c: char| {
                c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')
            });
            matches!(after.trim_start().chars().next(), Some(',' | ']') | None)
        }
        _ => false,
    }
}

/// Shannon entropy in bits per byte.
pub fn entropy(data: &[u8]) -> f32 {
    if data.is_empty() {
        return 0.0;
    }
    // Four histograms, summed after: consecutive equal bytes would
    // otherwise wait on each other's increment (every header-less file of
    // a scan comes here).
    let mut counts = [[0u32; 256]; 4];
    let mut chunks = data.chunks_exact(4);
    for c in &mut chunks {
        for (k, &b) in c.iter().enumerate() {
            counts[k][usize::from(b)] += 1;
        }
    }
    for &b in chunks.remainder() {
        counts[0][usize::from(b)] += 1;
    }
    // H = log2 n - (1/n) sum c log2 c, one log per byte value present.
    let n = data.len() as f64;
    let sum: f64 = (0..256)
        .map(|v| counts.iter().map(|h| h[v]).sum::<u32>())
        .filter(|&c| c > 1)
        .map(|c| {
            let c = f64::from(c);
            c * c.log2()
        })
        .sum();
    (n.log2() - sum / n) as f32
}

/// The entropy a window of `n` uniformly random bytes stays above with
/// room to spare: a short window cannot reach 8 bits (its expected
/// shortfall is about 255 / (2 n ln 2)), so the bar is lowered by twice
/// that, and never set above 7.5 (formats.md §5).
pub fn entropy_threshold(n: usize) -> f32 {
    let shortfall = 255.0 / (n as f64 * std::f64::consts::LN_2);
    (8.0 - shortfall).min(7.5) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sn(b: &[u8]) -> Sniffed {
        sniff(b, b.len() as u64, Hint::default()).unwrap()
    }

    fn noise(n: usize, seed: u64) -> Vec<u8> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (s >> 33) as u8
            })
            .collect()
    }

    #[test]
    fn headers() {
        assert_eq!(sn(b"").format, Format::Empty);
        assert_eq!(sn(b"\xff\xd8\xff\xe0rest").format, Format::Jpeg);
        assert_eq!(sn(b"\x02#!SILK_V3\x01\x02").format, Format::Silk);
        assert_eq!(sn(b"#!SILK_V3").format, Format::Silk);
        assert_eq!(sn(b"#!AMR\n").format, Format::Amr);
        assert_eq!(sn(b"{\"a\": 1}").format, Format::Json);
        assert_eq!(
            sn(b"<?xml version=\"1.0\"?><plist></plist>").format,
            Format::XmlPlist
        );
        assert_eq!(sn(b"<?xml version=\"1.0\"?><root/>").format, Format::Xml);
        assert_eq!(sn("hello 世界\n".as_bytes()).format, Format::Text);
        assert_eq!(sn(b"[long]\nhost=x\n").format, Format::Text);
        assert_eq!(
            sn(b"[0301/100000.000:INFO:x.cc(1)] started\n").format,
            Format::Text
        );
        assert_eq!(sn(b"[{\"a\":1}]").format, Format::Json);
        assert_eq!(sn(b"PK\x03\x04xxxx").format, Format::Zip);
        assert_eq!(
            sn(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00").format,
            Format::Mp4
        );
        assert_eq!(
            sn(b"\x00\x00\x00\x18ftypqt  \x00\x00\x00\x00").format,
            Format::Mov
        );
        assert_eq!(
            sn(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00").format,
            Format::Heic
        );
    }

    #[test]
    fn dat_v1_v2_headers() {
        let mut v = b"\x07\x08V2\x08\x07".to_vec();
        v.extend_from_slice(&1024u32.to_le_bytes());
        v.extend_from_slice(&7u32.to_le_bytes());
        v.push(1);
        v.extend(noise(100, 1));
        let s = sn(&v);
        assert_eq!(s.format, Format::WechatDatV2);
        assert!(s.encrypted);
        assert_eq!(
            s.detail,
            Detail::Dat {
                aes_len: 1024,
                xor_len: 7
            }
        );
    }

    #[test]
    fn xor_jpeg() {
        let plain = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 and so on \xff\xd9";
        let enc: Vec<u8> = plain.iter().map(|b| b ^ 0x9f).collect();
        let s = sn(&enc);
        assert_eq!(s.format, Format::WechatDatXor);
        assert_eq!(
            s.detail,
            Detail::Xor {
                key: 0x9f,
                inner: Format::Jpeg
            }
        );
        assert!(!s.encrypted);
    }

    #[test]
    fn random_is_encrypted_or_sqlcipher() {
        let r = noise(8192, 7);
        assert_eq!(sn(&r).format, Format::Encrypted);
        let h = Hint {
            db_candidate: true,
            ..Hint::default()
        };
        assert_eq!(sniff(&r[..], 8192, h).unwrap().format, Format::Sqlcipher);
        // Not a multiple of 512: not a database page file.
        assert_eq!(
            sniff(&r[..8000], 8000, h).unwrap().format,
            Format::Encrypted
        );
    }

    #[test]
    fn xlog_chain() {
        let mut v = Vec::new();
        for magic in [0x09u8, 0x08] {
            v.push(magic);
            v.extend_from_slice(&[1, 0, 10, 11]);
            v.extend_from_slice(&5u32.to_le_bytes());
            v.extend_from_slice(&[0u8; 64]);
            v.extend_from_slice(b"hello");
            v.push(0);
        }
        assert_eq!(sn(&v).format, Format::Xlog);
        // One block ending at EOF is enough.
        let one = &v[..v.len() / 2];
        assert_eq!(sn(one).format, Format::Xlog);
        // A length past the end is not.
        let mut bad = v.clone();
        bad[5..9].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_ne!(sn(&bad).format, Format::Xlog);
    }

    #[test]
    fn thresholds() {
        assert!(entropy_threshold(4096) <= 7.5);
        assert!(entropy(&noise(4096, 3)) > entropy_threshold(4096));
        assert!(entropy(&noise(300, 3)) > entropy_threshold(300));
        assert!(entropy(&[b'a'; 4096]) < 1.0);
    }

    /// The four-histogram form gives Shannon's sum, -sum p log2 p.
    #[test]
    fn entropy_is_shannons() {
        let reference = |d: &[u8]| {
            let mut c = [0u32; 256];
            d.iter().for_each(|&b| c[usize::from(b)] += 1);
            let n = d.len() as f64;
            c.iter()
                .filter(|&&c| c > 0)
                .map(|&c| -(f64::from(c) / n) * (f64::from(c) / n).log2())
                .sum::<f64>() as f32
        };
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(entropy(&all), 8.0);
        assert_eq!(entropy(&[7u8; 4096]), 0.0);
        for d in [
            noise(4096, 1),
            noise(4093, 2),
            noise(3, 4),
            b"hello, world".to_vec(),
        ] {
            assert!((entropy(&d) - reference(&d)).abs() < 1e-4, "{}", d.len());
        }
    }
}
