//! Builds the fake home folder under `sample-data/home`, deterministically
//! (except the salts SQLite writes into a WAL), and the expectations file
//! the tests compare the scan against.
//!
//! ```text
//! cargo run --example make-sample-data -- sample-data/home          # the committed sample
//! cargo run --release --example make-sample-data -- --files 200000 /tmp/bench-home
//! cargo run --release --example make-sample-data -- --files 1000000 --small /tmp/wxmillion
//! cargo run --example make-sample-data -- --touch sample-data/home  # fixed mtimes on a copy
//! ```
//!
//! Every file is built the way the real program writes it: plain SQLite
//! databases through SQLite itself, the NSURLCache `Cache.db` in WAL mode
//! copied while the writing connection is still open (so its rows live
//! only in the `-wal`, as on a real Mac), cookie jars in Apple's
//! binarycookies layout with a valid checksum, plists through the `plist`
//! crate, xlog blocks as Mars frames them, `.dat` images in XOR, V1 and V2
//! form. Encrypted databases are random bytes of a page-size multiple:
//! without the key that is exactly what a SQLCipher file looks like.
//! No content is anyone's: every name and id is invented.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

/// SplitMix64: a tiny deterministic generator, written here rather than
/// taken from `rand` because the committed sample must not change when a
/// dependency changes its algorithm.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(n + 8);
        while v.len() < n {
            v.extend_from_slice(&self.next().to_le_bytes());
        }
        v.truncate(n);
        v
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn hex(&mut self, n: usize) -> String {
        self.bytes(n.div_ceil(2))
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()[..n]
            .to_string()
    }
}

// ---------------------------------------------------------------- content

fn jpeg(rng: &mut Rng, n: usize) -> Vec<u8> {
    let mut v = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
    ];
    v.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x43, 0x00]);
    v.extend(rng.bytes(n.saturating_sub(27)));
    v.extend_from_slice(&[0xFF, 0xD9]);
    v
}

fn png(rng: &mut Rng, n: usize) -> Vec<u8> {
    let mut v = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    v.extend_from_slice(&13u32.to_be_bytes());
    v.extend_from_slice(b"IHDR");
    v.extend_from_slice(&64u32.to_be_bytes());
    v.extend_from_slice(&64u32.to_be_bytes());
    v.extend_from_slice(&[8, 6, 0, 0, 0]);
    v.extend(rng.bytes(4));
    v.extend(rng.bytes(n.saturating_sub(v.len() + 12)));
    v.extend_from_slice(&[0, 0, 0, 0]);
    v.extend_from_slice(b"IEND");
    v.extend_from_slice(&[0xAE, 0x42, 0x60, 0x82]);
    v
}

fn gif(rng: &mut Rng, n: usize) -> Vec<u8> {
    let mut v = b"GIF89a\x40\x00\x40\x00\xf7\x00\x00".to_vec();
    v.extend(rng.bytes(n.saturating_sub(v.len() + 1)));
    v.push(0x3B);
    v
}

fn mp4(rng: &mut Rng, n: usize, brand: &[u8; 4]) -> Vec<u8> {
    let mut v = 24u32.to_be_bytes().to_vec();
    v.extend_from_slice(b"ftyp");
    v.extend_from_slice(brand);
    v.extend_from_slice(&[0, 0, 2, 0]);
    v.extend_from_slice(b"isommp42");
    let body = n.saturating_sub(v.len() + 8);
    v.extend_from_slice(&((body + 8) as u32).to_be_bytes());
    v.extend_from_slice(b"mdat");
    v.extend(rng.bytes(body));
    v
}

/// Tencent SILK: `0x02 #!SILK_V3`, then LE i16 length + packet, no
/// terminator (kn007/silk-v3-decoder `-tencent`; formats.md §6).
fn silk(rng: &mut Rng, packets: usize) -> Vec<u8> {
    let mut v = b"\x02#!SILK_V3".to_vec();
    for _ in 0..packets {
        let len = 20 + rng.below(40) as usize;
        v.extend_from_slice(&(len as i16).to_le_bytes());
        v.extend(rng.bytes(len));
    }
    v
}

fn xor(data: &[u8], key: u8) -> Vec<u8> {
    data.iter().map(|b| b ^ key).collect()
}

/// WeChat 4.x `.dat` V1/V2: 6-byte signature, LE aes_len, LE xor_len, one
/// byte, then the AES region (rounded up to 16), the raw middle and the
/// XOR tail (formats.md §6).
fn dat_v(rng: &mut Rng, version: u8, plain_len: usize) -> Vec<u8> {
    let aes_len = 1024u32;
    let xor_len = 1024u32.min(plain_len as u32 / 4);
    let mut v = vec![0x07, 0x08, b'V', version, 0x08, 0x07];
    v.extend_from_slice(&aes_len.to_le_bytes());
    v.extend_from_slice(&xor_len.to_le_bytes());
    v.push(1);
    v.extend(rng.bytes(aes_len as usize / 16 * 16 + 16));
    v.extend(rng.bytes(plain_len.saturating_sub(aes_len as usize)));
    v
}

fn pdf(rng: &mut Rng, n: usize) -> Vec<u8> {
    let mut v = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    v.extend(rng.bytes(n.saturating_sub(v.len() + 6)));
    v.extend_from_slice(b"\n%%EOF");
    v
}

/// CRC-32 (IEEE), for the zip writer below; bitwise, as speed is no
/// concern for a handful of sample files.
fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// A real (stored, uncompressed) zip archive, as an `.xlsx`/`.docx` is.
fn zip(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let off = out.len() as u32;
        let crc = crc32(data);
        let mut h = Vec::new();
        h.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        h.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0x5a]);
        h.extend_from_slice(&crc.to_le_bytes());
        h.extend_from_slice(&(data.len() as u32).to_le_bytes());
        h.extend_from_slice(&(data.len() as u32).to_le_bytes());
        h.extend_from_slice(&(name.len() as u16).to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&h);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&[20, 0]);
        central.extend_from_slice(&h[4..]);
        central.extend_from_slice(&[0u8; 12]);
        central.extend_from_slice(&off.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let cd_off = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_off.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// One Mars xlog block: magic, LE seq, begin and end hour, LE length, a
/// 64-byte key field, the payload, and the 0x00 end marker
/// (Tencent/mars `log_crypt.cc`; formats.md §4).
fn xlog_block(magic: u8, seq: u16, payload: &[u8], key: &[u8]) -> Vec<u8> {
    let mut v = vec![magic];
    v.extend_from_slice(&seq.to_le_bytes());
    v.extend_from_slice(&[10, 11]);
    v.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    let mut k = key.to_vec();
    k.resize(64, 0);
    v.extend_from_slice(&k);
    v.extend_from_slice(payload);
    v.push(0);
    v
}

fn xlog(rng: &mut Rng) -> Vec<u8> {
    let mut v = xlog_block(
        0x06,
        0,
        b"^^^^^^^^^^Mar  1 2025^^^10:00:00^^^[1,2][2025-03-01 +8.0 10:00:00]\n",
        &[],
    );
    let key = rng.bytes(64);
    for seq in 1..4 {
        let n = 200 + rng.below(200) as usize;
        let payload = rng.bytes(n);
        v.extend(xlog_block(0x07, seq, &payload, &key));
    }
    v.extend(xlog_block(
        0x06,
        0,
        b"[I][2025-03-01 +8.0 10:05:00.000][main][mars] appender close\n",
        &[],
    ));
    v
}

/// The SQLite WAL checksum over `data` (sqlite fileformat2.html §4.3),
/// native order = little-endian for magic 0x377f0682.
fn wal_checksum(data: &[u8], s: (u32, u32)) -> (u32, u32) {
    let (mut s0, mut s1) = s;
    for chunk in data.chunks_exact(8) {
        let x0 = u32::from_le_bytes(chunk[..4].try_into().unwrap());
        let x1 = u32::from_le_bytes(chunk[4..].try_into().unwrap());
        s0 = s0.wrapping_add(x0).wrapping_add(s1);
        s1 = s1.wrapping_add(x1).wrapping_add(s0);
    }
    (s0, s1)
}

/// The `-wal` of an encrypted 4.x database: SQLite writes the WAL header
/// and frame headers in clear and only the page images are enciphered
/// (formats.md §5 item 4).
fn sqlcipher_wal(rng: &mut Rng, page: u32, frames: u32) -> Vec<u8> {
    let mut h = Vec::new();
    h.extend_from_slice(&0x377f_0682u32.to_be_bytes());
    h.extend_from_slice(&3_007_000u32.to_be_bytes());
    h.extend_from_slice(&page.to_be_bytes());
    h.extend_from_slice(&0u32.to_be_bytes());
    let salt = rng.bytes(8);
    h.extend_from_slice(&salt);
    let (c0, c1) = wal_checksum(&h, (0, 0));
    h.extend_from_slice(&c0.to_be_bytes());
    h.extend_from_slice(&c1.to_be_bytes());
    let mut sum = (c0, c1);
    for i in 0..frames {
        let mut fh = Vec::new();
        fh.extend_from_slice(&(i + 1).to_be_bytes());
        fh.extend_from_slice(&(if i + 1 == frames { frames } else { 0 }).to_be_bytes());
        fh.extend_from_slice(&salt);
        let data = rng.bytes(page as usize);
        sum = wal_checksum(&fh[..8], sum);
        sum = wal_checksum(&data, sum);
        fh.extend_from_slice(&sum.0.to_be_bytes());
        fh.extend_from_slice(&sum.1.to_be_bytes());
        h.extend(fh);
        h.extend(data);
    }
    h
}

/// A cookie for the binarycookies writer.
struct Cookie<'a> {
    domain: &'a str,
    name: &'a str,
    path: &'a str,
    value: &'a str,
    flags: u32,
    expires: f64,
    created: f64,
}

/// Apple's `Cookies.binarycookies`: BE file header and page sizes, LE pages
/// and records, Mac-epoch doubles, checksum over every 4th page byte,
/// trailer magic `07 17 20 05` and the policy plist (formats.md §2).
fn binarycookies(pages: &[Vec<Cookie<'_>>]) -> Vec<u8> {
    let mut page_bytes = Vec::new();
    for cookies in pages {
        let mut records = Vec::new();
        for c in cookies {
            let mut strings = Vec::new();
            let mut offs = [0u32; 4];
            for (i, s) in [c.domain, c.name, c.path, c.value].iter().enumerate() {
                offs[i] = 56 + strings.len() as u32;
                strings.extend_from_slice(s.as_bytes());
                strings.push(0);
            }
            let mut r = Vec::new();
            r.extend_from_slice(&((56 + strings.len()) as u32).to_le_bytes());
            r.extend_from_slice(&1u32.to_le_bytes());
            r.extend_from_slice(&c.flags.to_le_bytes());
            r.extend_from_slice(&0u32.to_le_bytes());
            for o in offs {
                r.extend_from_slice(&o.to_le_bytes());
            }
            r.extend_from_slice(&0u32.to_le_bytes());
            r.extend_from_slice(&0u32.to_le_bytes());
            r.extend_from_slice(&c.expires.to_le_bytes());
            r.extend_from_slice(&c.created.to_le_bytes());
            r.extend(strings);
            records.push(r);
        }
        let header_len = 4 + 4 + 4 * records.len() + 4;
        let mut p = vec![0, 0, 1, 0];
        p.extend_from_slice(&(records.len() as u32).to_le_bytes());
        let mut off = header_len;
        for r in &records {
            p.extend_from_slice(&(off as u32).to_le_bytes());
            off += r.len();
        }
        p.extend_from_slice(&[0, 0, 0, 0]);
        for r in records {
            p.extend(r);
        }
        page_bytes.push(p);
    }
    let mut out = b"cook".to_vec();
    out.extend_from_slice(&(page_bytes.len() as u32).to_be_bytes());
    for p in &page_bytes {
        out.extend_from_slice(&(p.len() as u32).to_be_bytes());
    }
    let mut checksum = 0u32;
    for p in &page_bytes {
        for b in p.iter().step_by(4) {
            checksum = checksum.wrapping_add(u32::from(*b));
        }
        out.extend_from_slice(p);
    }
    out.extend_from_slice(&checksum.to_be_bytes());
    out.extend_from_slice(&[0x07, 0x17, 0x20, 0x05]);
    let mut policy = plist::Dictionary::new();
    policy.insert(
        "NSHTTPCookieAcceptPolicy".into(),
        plist::Value::Integer(2.into()),
    );
    let mut pl = Vec::new();
    plist::Value::Dictionary(policy)
        .to_writer_binary(&mut pl)
        .unwrap();
    out.extend_from_slice(&(pl.len() as u32).to_be_bytes());
    out.extend(pl);
    out
}

/// A Chromium simple-cache entry file `<16 hex>_0`: SimpleFileHeader (LE
/// magic, version 5, key length, key hash, padding), the key, the stream
/// data and the EOF record (chromium `simple_entry_format.h`; formats.md §11).
fn simple_cache_entry(rng: &mut Rng, key: &str, body: usize) -> Vec<u8> {
    let mut v = 0xfcfb_6d1b_a772_5c30u64.to_le_bytes().to_vec();
    v.extend_from_slice(&5u32.to_le_bytes());
    v.extend_from_slice(&(key.len() as u32).to_le_bytes());
    v.extend_from_slice(&(rng.next() as u32).to_le_bytes());
    v.extend_from_slice(&0u32.to_le_bytes());
    v.extend_from_slice(key.as_bytes());
    v.extend(rng.bytes(body));
    v.extend_from_slice(&0xf4fa_6f45_970d_41d8u64.to_le_bytes());
    v.extend_from_slice(&0u32.to_le_bytes());
    v.extend_from_slice(&(rng.next() as u32).to_le_bytes());
    v.extend_from_slice(&(body as u32).to_le_bytes());
    v.extend_from_slice(&0u32.to_le_bytes());
    v
}

fn simple_cache_index() -> Vec<u8> {
    let mut v = 0x656e_7465_7220_796fu64.to_le_bytes().to_vec();
    v.extend_from_slice(&9u32.to_le_bytes());
    v.extend_from_slice(&0u64.to_le_bytes());
    v.extend_from_slice(&0u64.to_le_bytes());
    v
}

/// NSURLCache's `response_object`: a bplist `{"Version": 1, "Array": [url
/// dict, time, 0, status, headers, length, MIME]}` (formats.md §1).
fn response_object(url: &str, mac_time: f64, status: i64, mime: &str, len: i64) -> Vec<u8> {
    use plist::Value;
    let mut u = plist::Dictionary::new();
    u.insert("_CFURLString".into(), Value::String(url.into()));
    u.insert("_CFURLStringType".into(), Value::Integer(15.into()));
    let mut headers = plist::Dictionary::new();
    headers.insert("Content-Type".into(), Value::String(mime.into()));
    headers.insert("Content-Length".into(), Value::String(len.to_string()));
    headers.insert("Server".into(), Value::String("tencent-cos".into()));
    let arr = vec![
        Value::Dictionary(u),
        Value::Real(mac_time),
        Value::Integer(0.into()),
        Value::Integer(status.into()),
        Value::Dictionary(headers),
        Value::Integer(len.into()),
        Value::String(mime.into()),
    ];
    let mut d = plist::Dictionary::new();
    d.insert("Version".into(), Value::Integer(1.into()));
    d.insert("Array".into(), Value::Array(arr));
    let mut out = Vec::new();
    Value::Dictionary(d).to_writer_binary(&mut out).unwrap();
    out
}

// ------------------------------------------------------------- the builder

struct Gen {
    root: PathBuf,
    rng: Rng,
    expect: Vec<String>,
}

impl Gen {
    fn put(&mut self, rel: &str, data: &[u8], expect: &str) {
        let p = self.root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, data).unwrap();
        self.expect(rel, expect);
    }

    fn expect(&mut self, rel: &str, expect: &str) {
        let parts: Vec<&str> = expect.split('/').collect();
        assert_eq!(parts.len(), 3, "expectation {expect} for {rel}");
        self.expect
            .push(format!("{rel}\t{}\t{}\t{}", parts[0], parts[1], parts[2]));
    }

    fn link(&mut self, rel: &str, target: &str) {
        let p = self.root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        let _ = fs::remove_file(&p);
        std::os::unix::fs::symlink(target, &p).unwrap();
    }

    fn sqlcipher(&mut self, rel: &str, page: usize, pages: usize, expect: &str) {
        let data = self.rng.bytes(page * pages);
        self.put(rel, &data, expect);
    }

    /// A plain SQLite database made by SQLite itself (rollback journal, so
    /// nothing is left beside it once closed).
    fn sqlite(&mut self, rel: &str, sql: &str, expect: &str) {
        let p = self.root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        let _ = fs::remove_file(&p);
        let c = Connection::open(&p).unwrap();
        c.execute_batch(sql).unwrap();
        drop(c);
        self.expect(rel, expect);
    }
}

const A1: &str = "3f4b2c1d0e9f8a7b6c5d4e3f2a1b0c9d";
const A2: &str = "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5";
const CHAT1: &str = "5f1e0d2c3b4a69788796a5b4c3d2e1f0";
const CHAT2: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const CHAT3: &str = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const WXID: &str = "wxid_abc123def456_1a2b";
const CHAT4: &str = "6c5ab1a0e8a1b4c9d2e3f4a5b6c7d8e9";
const CHAT5: &str = "1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a";
const LEGACY: &str = "jingmiao0924_5519";
const CHAT6: &str = "b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9";

fn build_sample(root: &Path) {
    let mut g = Gen {
        root: root.to_path_buf(),
        rng: Rng(0x5eed_2026),
        expect: Vec::new(),
    };
    let c = "Library/Containers/com.tencent.xinWeChat";
    let d = format!("{c}/Data");
    let v = format!("{d}/Library/Application Support/com.tencent.xinWeChat/2.0b4.0.9");
    let a1 = format!("{v}/{A1}");
    let a2 = format!("{v}/{A2}");
    let lc = format!("{d}/Library/Caches/com.tencent.xinWeChat");
    let x = format!("{d}/Documents/xwechat_files");
    let w = format!("{x}/{WXID}");
    let ad = format!("{d}/Documents/app_data");

    // Container metadata, links the container manager makes (never followed).
    let mut meta = plist::Dictionary::new();
    meta.insert(
        "MCMMetadataIdentifier".into(),
        "com.tencent.xinWeChat".into(),
    );
    meta.insert(
        "MCMMetadataContentClass".into(),
        plist::Value::Integer(2.into()),
    );
    let mut buf = Vec::new();
    plist::Value::Dictionary(meta)
        .to_writer_binary(&mut buf)
        .unwrap();
    g.put(
        &format!("{c}/.com.apple.containermanagerd.metadata.plist"),
        &buf,
        "config/other/bplist",
    );
    g.link(&format!("{d}/Desktop"), "../../../../Desktop");
    g.link(&format!("{d}/Pictures"), "/Users/alice/Pictures");
    g.link(
        &format!("{d}/Library/Preferences/com.apple.security.plist"),
        "../../../../../Library/Preferences/com.apple.security.plist",
    );

    // Preferences (binary) with a planted secret, and the second plist (XML).
    let mut prefs = plist::Dictionary::new();
    prefs.insert("SUEnableAutomaticChecks".into(), true.into());
    prefs.insert(
        "SULastCheckTime".into(),
        plist::Value::Date(
            std::time::SystemTime::UNIX_EPOCH
                .checked_add(std::time::Duration::from_secs(1_740_823_200))
                .unwrap()
                .into(),
        ),
    );
    prefs.insert(
        "SUFeedURL".into(),
        "https://dldir1.qq.com/weixin/mac/mac-release.xml".into(),
    );
    prefs.insert(
        "AppleLanguages".into(),
        plist::Value::Array(vec!["zh-Hans-CN".into(), "en-CN".into()]),
    );
    prefs.insert("NSUserNotificationsAllowedByUser".into(), true.into());
    prefs.insert(
        "MMSessionToken".into(),
        "PLANTED-SECRET-PLIST-TOKEN-7f3a9c".into(),
    );
    prefs.insert(
        "LastLoginUin".into(),
        plist::Value::Integer(2_718_281_828i64.into()),
    );
    prefs.insert(
        "AvatarURL".into(),
        "https://wx.qlogo.cn/mmhead/ver_1/abcdefg/132".into(),
    );
    let mut buf = Vec::new();
    plist::Value::Dictionary(prefs)
        .to_writer_binary(&mut buf)
        .unwrap();
    g.put(
        &format!("{d}/Library/Preferences/com.tencent.xinWeChat.plist"),
        &buf,
        "config/preferences/bplist",
    );
    let mut dev = plist::Dictionary::new();
    dev.insert("deviceModel".into(), "MacBookPro18,3".into());
    dev.insert("osVersion".into(), "14.4".into());
    dev.insert("clientVersion".into(), "3.8.10".into());
    let mut buf = Vec::new();
    plist::Value::Dictionary(dev)
        .to_writer_xml(&mut buf)
        .unwrap();
    g.put(
        &format!("{d}/Library/Preferences/tx.tableName.DeviceInfo.plist"),
        &buf,
        "config/preferences/xml_plist",
    );

    // NSURLCache in WAL mode, rows only in the -wal (copied while open).
    let fs_body = jpeg(&mut g.rng, 3000);
    let uuid = "7C1D2E3F-4A5B-4C6D-8E9F-0A1B2C3D4E5F";
    {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("Cache.db");
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;
             CREATE TABLE cfurl_cache_response(entry_ID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, version INTEGER,
               hash_value INTEGER, storage_policy INTEGER, request_key TEXT UNIQUE,
               time_stamp NOT NULL DEFAULT CURRENT_TIMESTAMP, partition TEXT);
             CREATE TABLE cfurl_cache_blob_data(entry_ID INTEGER PRIMARY KEY, response_object BLOB,
               request_object BLOB, proto_props BLOB, user_info BLOB);
             CREATE TABLE cfurl_cache_receiver_data(entry_ID INTEGER PRIMARY KEY, isDataOnFS INTEGER, receiver_data BLOB);
             CREATE INDEX request_key_index ON cfurl_cache_response(request_key);
             CREATE INDEX time_stamp_index ON cfurl_cache_response(time_stamp);
             CREATE INDEX proto_props_index ON cfurl_cache_blob_data(entry_ID);
             CREATE INDEX receiver_data_index ON cfurl_cache_receiver_data(entry_ID);",
        )
        .unwrap();
        let rows: [(&str, &str, i64, &str, usize); 5] = [
            ("https://mmbiz.qpic.cn/mmbiz_jpg/AbCdEf/640?wx_fmt=jpeg", "2025-03-01 10:00:00", 200, "image/jpeg", 0),
            ("https://wx.qlogo.cn/mmhead/ver_1/abcdefg/132", "2025-03-01 10:00:05", 200, "image/jpeg", 1),
            ("https://res.wx.qq.com/a/wx_fed/assets/res/NTI4MWU5.js", "2025-03-02 08:30:00", 200, "application/javascript", 2),
            ("https://mp.weixin.qq.com/s?__biz=MzA&mid=1&pass_ticket=PLANTED-SECRET-URL-TICKET-5b2e", "2025-03-02 08:31:00", 200, "text/html", 3),
            ("https://dldir1.qq.com/weixin/mac/mac-release.xml", "2025-03-03 09:00:00", 304, "application/xml", 4),
        ];
        for (i, (url, ts, status, mime, _)) in rows.iter().enumerate() {
            let id = i as i64 + 1;
            conn.execute(
                "INSERT INTO cfurl_cache_response(entry_ID, version, hash_value, storage_policy, request_key, time_stamp, partition)
                 VALUES (?1, 0, ?2, 0, ?3, ?4, NULL)",
                rusqlite::params![id, (g.rng.next() >> 1) as i64, url, ts],
            )
            .unwrap();
            let mac_time = 762_516_000.0 + i as f64 * 3600.0;
            let (on_fs, body): (i64, Vec<u8>) = match i {
                0 => (1, uuid.as_bytes().to_vec()),
                1 => (0, jpeg(&mut g.rng, 900)),
                _ => (0, format!("/* cached body {i} */").into_bytes()),
            };
            let len = if on_fs == 1 {
                fs_body.len() as i64
            } else {
                body.len() as i64
            };
            conn.execute(
                "INSERT INTO cfurl_cache_blob_data(entry_ID, response_object, request_object, proto_props, user_info) VALUES (?1, ?2, NULL, NULL, NULL)",
                rusqlite::params![id, response_object(url, mac_time, *status, mime, len)],
            )
            .unwrap();
            if on_fs == 1 {
                conn.execute(
                    "INSERT INTO cfurl_cache_receiver_data(entry_ID, isDataOnFS, receiver_data) VALUES (?1, 1, ?2)",
                    rusqlite::params![id, uuid],
                )
                .unwrap();
            } else {
                conn.execute(
                    "INSERT INTO cfurl_cache_receiver_data(entry_ID, isDataOnFS, receiver_data) VALUES (?1, 0, ?2)",
                    rusqlite::params![id, body],
                )
                .unwrap();
            }
        }
        let dest = g.root.join(&lc);
        fs::create_dir_all(&dest).unwrap();
        for suffix in ["", "-wal", "-shm"] {
            fs::copy(
                tmp.path().join(format!("Cache.db{suffix}")),
                dest.join(format!("Cache.db{suffix}")),
            )
            .unwrap();
        }
        drop(conn);
    }
    g.expect(&format!("{lc}/Cache.db"), "cache/http_cache/sqlite");
    g.expect(&format!("{lc}/Cache.db-wal"), "database/sidecar/sqlite_wal");
    g.expect(&format!("{lc}/Cache.db-shm"), "database/sidecar/sqlite_shm");
    g.put(
        &format!("{lc}/fsCachedData/{uuid}"),
        &fs_body,
        "cache/http_cache/jpeg",
    );
    let xl = xlog(&mut g.rng);
    g.put(
        &format!("{lc}/2.0b4.0.9/log/MM_20250301.xlog"),
        &xl,
        "log/xlog/xlog",
    );
    g.put(
        &format!("{lc}/2.0b4.0.9/log/MM.mmap3"),
        &vec![0u8; 153_600],
        "log/xlog/xlog",
    );
    let p = png(&mut g.rng, 2500);
    let drag = g.rng.hex(32);
    g.put(
        &format!("{lc}/2.0b4.0.9/{A1}/dragImgTmp/WeChat{drag}.png"),
        &p,
        "cache/temp/png",
    );
    let save = g.rng.hex(32);
    let xlsx = zip(&[
        (
            "[Content_Types].xml",
            b"<?xml version=\"1.0\"?><Types/>".to_vec(),
        ),
        ("xl/workbook.xml", b"<workbook/>".to_vec()),
    ]);
    g.put(
        &format!("{lc}/2.0b4.0.9/{A1}/SaveTemp/{save}/预算 2025.xlsx"),
        &xlsx,
        "cache/temp/xlsx",
    );
    let mut apm = vec![0u8; 64];
    apm[..4].copy_from_slice(&3u32.to_le_bytes());
    apm[8..16].copy_from_slice(&1_740_823_200u64.to_le_bytes());
    g.put(
        &format!("{d}/Library/Caches/Matrix/AppReboot/AppReboot.dat"),
        &apm,
        "log/crash/unknown",
    );

    // HTTP storages and cookie jars, with planted cookie values.
    g.sqlite(
        &format!("{d}/Library/HTTPStorages/com.tencent.xinWeChat/httpstorages.sqlite"),
        "CREATE TABLE cfurl_cache_hsts(host TEXT, expiry REAL, include_subdomains INTEGER);
         INSERT INTO cfurl_cache_hsts VALUES ('mp.weixin.qq.com', 800000000.0, 1), ('res.wx.qq.com', 800000000.0, 0);
         CREATE TABLE alt_svc(origin TEXT, alternative TEXT);
         INSERT INTO alt_svc VALUES ('https://szextshort.weixin.qq.com', 'h3=\":443\"');",
        "network/http_storage/sqlite",
    );
    let jar = binarycookies(&[vec![
        Cookie {
            domain: ".qq.com",
            name: "pgv_pvid",
            path: "/",
            value: "PLANTED-SECRET-COOKIE-VALUE-A1",
            flags: 0,
            expires: 800_000_000.0,
            created: 762_516_000.0,
        },
        Cookie {
            domain: "mp.weixin.qq.com",
            name: "wxuin",
            path: "/",
            value: "PLANTED-SECRET-COOKIE-VALUE-B2",
            flags: 5,
            expires: 770_000_000.0,
            created: 762_516_100.0,
        },
    ]]);
    g.put(
        &format!("{d}/Library/HTTPStorages/com.tencent.xinWeChat.binarycookies"),
        &jar,
        "network/cookies/binarycookies",
    );
    let jar = binarycookies(&[
        vec![Cookie {
            domain: ".weixin.qq.com",
            name: "sessionid",
            path: "/",
            value: "PLANTED-SECRET-COOKIE-VALUE-C3",
            flags: 5,
            expires: 770_000_000.0,
            created: 762_516_200.0,
        }],
        vec![Cookie {
            domain: "channels.weixin.qq.com",
            name: "lang",
            path: "/web",
            value: "zh_CN",
            flags: 1,
            expires: 0.0,
            created: 762_516_300.0,
        }],
    ]);
    g.put(
        &format!("{d}/Library/Cookies/Cookies.binarycookies"),
        &jar,
        "network/cookies/binarycookies",
    );

    // 3.x version-folder siblings.
    g.put(
        &format!("{v}/checkVersionFile"),
        b"3.8.10.20\n",
        "config/other/text",
    );
    let mut topinfo = vec![0u8; 40];
    topinfo[0] = 2;
    g.put(
        &format!("{v}/topinfo.data"),
        &topinfo,
        "config/other/unknown",
    );
    g.sqlcipher(
        &format!("{v}/KeyValue/{A1}/KeyValue.db"),
        1024,
        4,
        "database/kv/sqlcipher",
    );
    let mut mmkv = 24u32.to_le_bytes().to_vec();
    mmkv.extend_from_slice(&[0x0a, 0x04, b'l', b'a', b's', b't', 0x12, 0x02, 0x08, 0x01]);
    mmkv.resize(4096, 0);
    g.put(
        &format!("{v}/MMappedKV/{A1}.CheckPointMMKV"),
        &mmkv,
        "config/mmkv/unknown",
    );
    let mut crc = vec![0u8; 32];
    crc[4] = 3;
    g.put(
        &format!("{v}/MMappedKV/{A1}.CheckPointMMKV.crc"),
        &crc,
        "config/mmkv/unknown",
    );
    g.sqlcipher(
        &format!("{v}/Backup/{A1}/0f1e2d3c4b5a6978/Backup.db"),
        1024,
        6,
        "backup/chat_backup/sqlcipher",
    );
    let bak = g.rng.bytes(20_000);
    g.put(
        &format!("{v}/Backup/{A1}/0f1e2d3c4b5a6978/BAK_0_TEXT"),
        &bak,
        "backup/chat_backup/encrypted",
    );
    g.put(
        &format!("{v}/CrashReport/crash_20250301.log"),
        b"Incident Identifier: 00000000-0000-0000-0000-000000000000\nCrashReporter Key: fake\n",
        "log/crash/text",
    );

    // 3.x account 1: databases.
    for (rel, pages, exp) in [
        ("Message/msg_0.db", 12, "database/messages/sqlcipher"),
        ("Message/msg_1.db", 7, "database/messages/sqlcipher"),
        ("Message/fileMsg.db", 4, "database/media_index/sqlcipher"),
        (
            "Message/fts/ftsmessage.db",
            9,
            "database/search_index/sqlcipher",
        ),
        (
            "Contact/wccontact_new2.db",
            8,
            "database/contacts/sqlcipher",
        ),
        ("Group/group_new.db", 5, "database/groups/sqlcipher"),
        ("Session/session_new.db", 3, "database/sessions/sqlcipher"),
        ("Favorites/favorites.db", 3, "database/favorites/sqlcipher"),
        ("Stickers/stickers.db", 2, "database/stickers/sqlcipher"),
        ("Hardlink/hldata.db", 5, "database/media_index/sqlcipher"),
    ] {
        g.sqlcipher(&format!("{a1}/{rel}"), 1024, pages, exp);
    }
    g.sqlcipher(
        &format!("{a1}/Message/mediaData/mediaData.db"),
        4096,
        3,
        "database/media_index/sqlcipher",
    );
    g.sqlite(&format!("{a1}/solitaire/solitaire_chat.db"), "CREATE TABLE SolitaireChat(id INTEGER PRIMARY KEY, chat TEXT, state INTEGER); INSERT INTO SolitaireChat(chat, state) VALUES ('x', 1), ('y', 2);", "database/other/sqlite");
    g.sqlite(&format!("{a1}/voip/multiTalk/multiTalk.db"), "CREATE TABLE MultiTalk(id INTEGER PRIMARY KEY, room TEXT); INSERT INTO MultiTalk(room) VALUES ('r1');", "database/other/sqlite");
    // 3.x account 1: chat media (plain files; one .jpg that is really XOR).
    let shared_jpeg = jpeg(&mut g.rng, 24_000);
    let shared_pdf = pdf(&mut g.rng, 30_000);
    let mt = format!("{a1}/Message/MessageTemp/{CHAT1}");
    g.put(
        &format!("{mt}/Image/4341616580689_.pic.jpg"),
        &shared_jpeg,
        "media/image/jpeg",
    );
    let hd = jpeg(&mut g.rng, 40_000);
    g.put(
        &format!("{mt}/Image/4341616580689_.pic_hd.jpg"),
        &hd,
        "media/image/jpeg",
    );
    let th = jpeg(&mut g.rng, 3_000);
    g.put(
        &format!("{mt}/Image/4341616580689_.pic_thumb.jpg"),
        &th,
        "media/thumbnail/jpeg",
    );
    let hidden = xor(&jpeg(&mut g.rng, 12_000), 0x9f);
    g.put(
        &format!("{mt}/Image/4341616580700_.pic.jpg"),
        &hidden,
        "media/image/wechat_dat_xor",
    );
    let vid = mp4(&mut g.rng, 120_000, b"mp42");
    g.put(
        &format!("{mt}/Video/12_1740823200.mp4"),
        &vid,
        "media/video/mp4",
    );
    let vt = jpeg(&mut g.rng, 4_000);
    g.put(
        &format!("{mt}/Video/12_1740823200.video_thumb.jpg"),
        &vt,
        "media/thumbnail/jpeg",
    );
    let voice = silk(&mut g.rng, 150);
    g.put(
        &format!("{mt}/Audio/43416165806891740823200.aud.silk"),
        &voice,
        "media/voice/silk",
    );
    g.put(
        &format!("{mt}/File/季度报告 final.pdf"),
        &shared_pdf,
        "media/file/pdf",
    );
    g.put(
        &format!("{mt}/File/a|b`report`.txt"),
        b"meeting notes placeholder\n",
        "media/file/text",
    );
    let od = g.rng.hex(32);
    g.put(
        &format!("{mt}/OpenData/2/{od}.json"),
        b"{\"kind\": \"placeholder\"}\n",
        "media/file/json",
    );
    let mt2 = format!("{a1}/Message/MessageTemp/{CHAT2}");
    let p2 = png(&mut g.rng, 15_000);
    g.put(&format!("{mt2}/Image/1_.pic.png"), &p2, "media/image/png");
    let voice2 = silk(&mut g.rng, 80);
    g.put(
        &format!("{mt2}/Audio/2.aud.silk"),
        &voice2,
        "media/voice/silk",
    );
    let mov = mp4(&mut g.rng, 60_000, b"qt  ");
    g.put(
        &format!("{mt2}/Video/3_1740909600.mp4"),
        &mov,
        "media/video/mov",
    );
    let av = png(&mut g.rng, 2_000);
    let hx = g.rng.hex(32);
    g.put(&format!("{a1}/Avatar/{}.png", hx), &av, "media/avatar/png");

    // 3.x account 2.
    g.sqlcipher(
        &format!("{a2}/Message/msg_0.db"),
        1024,
        5,
        "database/messages/sqlcipher",
    );
    g.sqlcipher(
        &format!("{a2}/Contact/wccontact_new2.db"),
        1024,
        3,
        "database/contacts/sqlcipher",
    );
    let mt3 = format!("{a2}/Message/MessageTemp/{CHAT3}");
    let j3 = jpeg(&mut g.rng, 18_000);
    g.put(&format!("{mt3}/Image/5_.pic.jpg"), &j3, "media/image/jpeg");
    let v3 = silk(&mut g.rng, 60);
    g.put(&format!("{mt3}/Audio/6.aud.silk"), &v3, "media/voice/silk");

    // 4.x account: databases, the -wal of an encrypted DB, key material.
    let ds = format!("{w}/db_storage");
    for (rel, pages, exp) in [
        ("message/message_0.db", 10, "database/messages/sqlcipher"),
        ("message/biz_message_0.db", 3, "database/messages/sqlcipher"),
        ("message/media_0.db", 6, "database/media_index/sqlcipher"),
        (
            "message/message_fts.db",
            4,
            "database/search_index/sqlcipher",
        ),
        (
            "message/message_resource.db",
            3,
            "database/media_index/sqlcipher",
        ),
        ("contact/contact.db", 5, "database/contacts/sqlcipher"),
        ("session/session.db", 2, "database/sessions/sqlcipher"),
        ("hardlink/hardlink.db", 3, "database/media_index/sqlcipher"),
        ("head_image/head_image.db", 4, "database/contacts/sqlcipher"),
        ("favorite/favorite.db", 2, "database/favorites/sqlcipher"),
        ("emoticon/emoticon.db", 2, "database/stickers/sqlcipher"),
        ("sns/sns.db", 3, "database/moments/sqlcipher"),
        ("general/general.db", 2, "database/kv/sqlcipher"),
    ] {
        g.sqlcipher(&format!("{ds}/{rel}"), 4096, pages, exp);
    }
    let wal = sqlcipher_wal(&mut g.rng, 4096, 2);
    g.put(
        &format!("{ds}/message/message_0.db-wal"),
        &wal,
        "database/sidecar/sqlite_wal",
    );
    g.put(
        &format!("{ds}/message/message_0.db-shm"),
        &vec![0u8; 32_768],
        "database/sidecar/sqlite_shm",
    );
    let mat = g.rng.bytes(5_000);
    g.put(
        &format!("{ds}/message/message_0.db-first.material"),
        &mat,
        "database/sidecar/encrypted",
    );
    let tinfo = g.rng.bytes(1_000);
    g.put(
        &format!("{ds}/MMKV/f1e2d3c4b5a69788tinfo.mmkv"),
        &tinfo,
        "config/key_material/encrypted",
    );
    // 4.x media: XOR, V1 and V2 .dat, wxgf, videos, received files.
    let att = format!("{w}/msg/attach/{CHAT4}");
    let m1 = g.rng.hex(32);
    let x1 = xor(&jpeg(&mut g.rng, 20_000), 0x78);
    g.put(
        &format!("{att}/2025-03/Img/{m1}.dat"),
        &x1,
        "media/image/wechat_dat_xor",
    );
    let v2 = dat_v(&mut g.rng, b'2', 45_000);
    g.put(
        &format!("{att}/2025-03/Img/{m1}_h.dat"),
        &v2,
        "media/image/wechat_dat_v2",
    );
    let v1 = dat_v(&mut g.rng, b'1', 3_000);
    g.put(
        &format!("{att}/2025-03/Img/{m1}_t.dat"),
        &v1,
        "media/thumbnail/wechat_dat_v1",
    );
    let m2 = g.rng.hex(32);
    let x2 = xor(&png(&mut g.rng, 9_000), 0x37);
    g.put(
        &format!("{att}/2025-04/Img/{m2}.dat"),
        &x2,
        "media/image/wechat_dat_xor",
    );
    let m3 = g.rng.hex(32);
    let mut wx = b"wxgf".to_vec();
    wx.extend(g.rng.bytes(6_000));
    g.put(
        &format!("{w}/msg/attach/{CHAT5}/2025-04/Img/{m3}.dat"),
        &wx,
        "media/image/wxgf",
    );
    let mv = g.rng.hex(32);
    let vid4 = mp4(&mut g.rng, 150_000, b"isom");
    g.put(
        &format!("{w}/msg/video/2025-03/{mv}.mp4"),
        &vid4,
        "media/video/mp4",
    );
    let vth = jpeg(&mut g.rng, 5_000);
    g.put(
        &format!("{w}/msg/video/2025-03/{mv}_thumb.jpg"),
        &vth,
        "media/thumbnail/jpeg",
    );
    g.put(
        &format!("{w}/msg/file/2025-03/季度报告 final.pdf"),
        &shared_pdf,
        "media/file/pdf",
    );
    g.put(
        &format!("{w}/msg/file/2025-03/photo.jpg"),
        &shared_jpeg,
        "media/file/jpeg",
    );
    g.put(
        &format!("{w}/msg/file/2025-04/notes `draft` | v2.txt"),
        b"draft placeholder\n",
        "media/file/text",
    );
    let heic = {
        let mut h = 24u32.to_be_bytes().to_vec();
        h.extend_from_slice(b"ftypheic\x00\x00\x00\x00mif1heic");
        h.extend(g.rng.bytes(8_000));
        h
    };
    g.put(
        &format!("{w}/msg/file/2025-04/IMG_0042.HEIC"),
        &heic,
        "media/file/heic",
    );
    // 4.x caches, temp, business.
    let ct = jpeg(&mut g.rng, 2_500);
    g.put(
        &format!("{w}/cache/2025-03/Message/{CHAT4}/Thumb/{m1}_t.jpg"),
        &ct,
        "cache/media_cache/jpeg",
    );
    let sns = jpeg(&mut g.rng, 7_000);
    let hx = g.rng.hex(16);
    g.put(
        &format!("{w}/cache/2025-03/Sns/Img/{}", hx),
        &sns,
        "cache/media_cache/jpeg",
    );
    let rw = jpeg(&mut g.rng, 6_000);
    let rwm = g.rng.hex(32);
    g.put(
        &format!("{w}/temp/RWTemp/2025-03/{rwm}/{rwm}.jpg"),
        &rw,
        "cache/temp/jpeg",
    );
    let shot = png(&mut g.rng, 11_000);
    g.put(
        &format!("{w}/temp/drag/Screenshot 2025-03-01 at 10.00.00.png"),
        &shot,
        "cache/temp/png",
    );
    let st = gif(&mut g.rng, 5_000);
    let hx = g.rng.hex(32);
    g.put(
        &format!("{w}/business/emoticon/thumb/{}", hx),
        &st,
        "media/sticker/gif",
    );
    let fav = g.rng.bytes(9_000);
    let hx = g.rng.hex(24);
    g.put(
        &format!("{w}/business/favorite/data/{}", hx),
        &fav,
        "media/file/encrypted",
    );
    let mut lc4 = 12u32.to_le_bytes().to_vec();
    lc4.extend_from_slice(&[0x0a, 0x03, b'a', b'b', b'c']);
    lc4.resize(256, 0);
    g.put(
        &format!("{w}/config/login_config"),
        &lc4,
        "config/account/unknown",
    );
    // xwechat_files siblings.
    let gc = g.rng.bytes(2_048);
    g.put(
        &format!("{x}/all_users/config/global_config"),
        &gc,
        "config/mmkv/encrypted",
    );
    let mut gcc = vec![0u8; 64];
    gcc[12..28].copy_from_slice(&g.rng.bytes(16));
    g.put(
        &format!("{x}/all_users/config/global_config.crc"),
        &gcc,
        "config/mmkv/unknown",
    );
    g.sqlite(
        &format!("{x}/all_users/login/wxid_abc123def456/key_info.db"),
        "CREATE TABLE LoginKeyInfoTable(user_name_md5 TEXT, key_md5 TEXT, key_info_md5 TEXT, key_info_data BLOB);
         INSERT INTO LoginKeyInfoTable VALUES ('00', '11', '22', 'PLANTED-SECRET-KEY-INFO-9d1c');",
        "config/key_material/sqlite",
    );
    let bm = g.rng.bytes(30_000);
    g.put(
        &format!("{x}/Backup/wxid_abc123def456/1a2b3c4d5e6f7a8b/BAK_0_MEDIA"),
        &bm,
        "backup/chat_backup/encrypted",
    );
    let ob = g.rng.bytes(25_000);
    g.put(
        &format!("{x}/old_backup/{A1}/9E0F1A2B-3C4D-4E5F-8A6B-7C8D9E0F1A2B/BAK_0_TEXT"),
        &ob,
        "backup/migration_backup/encrypted",
    );
    g.sqlcipher(
        &format!("{x}/old_backup/{A1}/9E0F1A2B-3C4D-4E5F-8A6B-7C8D9E0F1A2B/Backup.db"),
        1024,
        6,
        "backup/migration_backup/sqlcipher",
    );

    // 4.x app_data: net config, logs, the embedded Chromium.
    g.put(&format!("{ad}/lock/lock.ini"), b"", "config/other/empty");
    let ki = g.rng.bytes(300);
    g.put(
        &format!("{ad}/login/wxid_abc123def456/key_info.dat"),
        &ki,
        "config/key_material/encrypted",
    );
    let kv = g.rng.bytes(700);
    g.put(
        &format!("{ad}/net/kvcomm/key_2718281828_3a4b5c.statistic"),
        &kv,
        "network/net_config/encrypted",
    );
    let part = jpeg(&mut g.rng, 4_000);
    let hx = g.rng.hex(32);
    g.put(
        &format!("{ad}/net/cdncomm/cdn/download/{}.tmp", hx),
        &part[..3_000],
        "network/cdn/jpeg",
    );
    g.put(
        &format!("{ad}/net/ipportrecords2.xml"),
        b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<records>\n  <record netinfo=\"wifi-office\" time=\"1740823200\">\n    <item ip=\"203.0.113.10\" port=\"443\" historyresult=\"1\"/>\n    <item ip=\"203.0.113.11\" port=\"8080\" historyresult=\"0\"/>\n  </record>\n</records>\n",
        "network/net_config/xml",
    );
    g.put(
        &format!("{ad}/net/mmdns.ini"),
        b"[long.weixin.qq.com]\nips=203.0.113.20,203.0.113.21\nttl=60\n[short.weixin.qq.com]\nips=203.0.113.30\nttl=60\n",
        "network/dns_cache/text",
    );
    g.put(&format!("{ad}/net/ip.ini"), b"[long]\nhost=long.weixin.qq.com\nports=80;443;8080\n[short]\nhost=szshort.weixin.qq.com\nports=443;8080\n", "network/net_config/text");
    let xl4 = xlog(&mut g.rng);
    g.put(&format!("{ad}/log/mm_20250301.xlog"), &xl4, "log/xlog/xlog");
    g.put(
        &format!("{ad}/log/radium/chrome_debug.log"),
        b"[0301/100000.000:INFO:content_main_runner.cc(1)] started\n",
        "log/other/text",
    );
    let dmp = {
        let mut m = b"MDMP".to_vec();
        m.extend_from_slice(&[0x93, 0xa7, 0, 0]);
        m.resize(2_000, 0);
        m
    };
    g.put(
        &format!("{ad}/crashinfo/reports/1a2b3c4d.dmp"),
        &dmp,
        "log/crash/unknown",
    );
    let prof = format!("{ad}/radium/web/profiles/webview_7f8e9d");
    g.sqlite(
        &format!("{prof}/Cookies"),
        "CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
         INSERT INTO meta VALUES ('version', '21');
         CREATE TABLE cookies(creation_utc INTEGER NOT NULL, host_key TEXT NOT NULL, top_frame_site_key TEXT NOT NULL,
           name TEXT NOT NULL, value TEXT NOT NULL, encrypted_value BLOB NOT NULL, path TEXT NOT NULL,
           expires_utc INTEGER NOT NULL, is_secure INTEGER NOT NULL, is_httponly INTEGER NOT NULL,
           last_access_utc INTEGER NOT NULL, has_expires INTEGER NOT NULL, is_persistent INTEGER NOT NULL,
           priority INTEGER NOT NULL, samesite INTEGER NOT NULL, source_scheme INTEGER NOT NULL,
           source_port INTEGER NOT NULL, last_update_utc INTEGER NOT NULL);
         INSERT INTO cookies VALUES (13385000000000000, '.qq.com', '', 'pac_uid', '', X'763130504c414e5445442d5345435245542d454e432d56414c5545', '/', 13400000000000000, 1, 0, 13385000000000000, 1, 1, 1, -1, 2, 443, 13385000000000000);
         INSERT INTO cookies VALUES (13385000000000000, 'servicewechat.com', '', 'session_id', 'PLANTED-SECRET-CHROMIUM-VALUE-4e7a', X'', '/', 0, 1, 1, 13385000000000000, 0, 0, 1, -1, 2, 443, 13385000000000000);",
        "network/cookies/sqlite",
    );
    g.put(
        &format!("{prof}/Network Persistent State"),
        br#"{"net":{"http_server_properties":{"servers":[{"isolation":[],"server":"https://res.wx.qq.com","supports_spdy":true},{"isolation":[],"server":"https://mmbiz.qpic.cn"},{"alternative_service":[{"port":443,"protocol_str":"quic"}],"isolation":[],"server":"https://channels.weixin.qq.com"}],"version":5},"network_qualities":{}}}"#,
        "network/net_config/json",
    );
    g.put(
        &format!("{prof}/Cache/Cache_Data/index"),
        &simple_cache_index(),
        "cache/web_cache/chromium_cache",
    );
    for key in [
        "1/0/_dk_https://qq.com https://qq.com https://res.wx.qq.com/t/wx_fed/weui-source/res/2.5.16/weui.min.css",
        "1/0/_dk_https://qq.com https://qq.com https://mmbiz.qpic.cn/mmbiz_png/XyZ/640?wx_fmt=png",
        "https://finder.video.qq.com/251/20302/stodownload?encfilekey=abc&token=PLANTED-SECRET-URL-TOKEN-8c1f",
    ] {
        let name = format!("{}_0", g.rng.hex(16));
        let e = simple_cache_entry(&mut g.rng, key, 1_500);
        g.put(&format!("{prof}/Cache/Cache_Data/{name}"), &e, "cache/web_cache/chromium_cache");
    }
    let pkg = {
        let mut p = vec![0xBE, 0, 0, 0, 1, 0, 0, 0, 0x40, 0, 0, 0, 0x10, 0xED];
        p.extend(g.rng.bytes(3_000));
        p
    };
    let hx = g.rng.hex(16);
    g.put(
        &format!(
            "{ad}/radium/users/{}/applet/packages/wx1234567890abcdef/12/__APP__.wxapkg",
            hx
        ),
        &pkg,
        "cache/mini_program/wxapkg",
    );
    g.put(
        &format!("{ad}/radium/device_uuid_0"),
        b"A1B2C3D4E5F60718",
        "cache/web_cache/text",
    );
    let plug = g.rng.bytes(4_000);
    g.put(
        &format!("{ad}/xplugin/plugins/Magicdy/143/plugin.bin"),
        &plug,
        "cache/other/encrypted",
    );
    let tmpmv = mp4(&mut g.rng, 20_000, b"mp42");
    g.put(
        &format!("{d}/tmp/playback_1a2b.mp4"),
        &tmpmv,
        "cache/temp/mp4",
    );
    g.put(
        &format!("{d}/.wxapplet/WMPF/packages/wxabcdef0123456789.wxapkg"),
        &pkg,
        "cache/mini_program/wxapkg",
    );

    // The Weixin-branded 4.x container, one account with a legacy id.
    let xc = "Library/Containers/com.tencent.xWeChat/Data/Documents/xwechat_files";
    let la = format!("{xc}/{LEGACY}");
    g.sqlcipher(
        &format!("{la}/db_storage/message/message_0.db"),
        4096,
        4,
        "database/messages/sqlcipher",
    );
    g.sqlcipher(
        &format!("{la}/db_storage/session/session.db"),
        4096,
        2,
        "database/sessions/sqlcipher",
    );
    let contract = pdf(&mut g.rng, 22_000);
    g.put(
        &format!("{la}/msg/file/2026-08/合同 v3.pdf"),
        &contract,
        "media/file/pdf",
    );
    let v2b = dat_v(&mut g.rng, b'2', 30_000);
    let hx = g.rng.hex(32);
    g.put(
        &format!("{la}/msg/attach/{CHAT6}/2026-08/Img/{}.dat", hx),
        &v2b,
        "media/image/wechat_dat_v2",
    );
    g.put(
        &format!("{la}/msg/video/2026-08/{mv}.mp4"),
        &vid4,
        "media/video/mp4",
    );
    g.link(
        &format!("{xc}/Backup"),
        "/Volumes/BINGNET/xwechat_files/Backup",
    );

    // The group container: skeleton and one plist (conf#39).
    let mut gp = Vec::new();
    let mut gd = plist::Dictionary::new();
    gd.insert(
        "lastLaunch".into(),
        plist::Value::Integer(1_740_823_200i64.into()),
    );
    plist::Value::Dictionary(gd).to_writer_xml(&mut gp).unwrap();
    g.put("Library/Group Containers/5A4RE8SF68.com.tencent.xinWeChat/Library/Preferences/5A4RE8SF68.com.tencent.xinWeChat.plist", &gp, "config/preferences/xml_plist");

    real_mac_places(&mut g);

    g.expect.sort();
    let mut f = fs::File::create(root.parent().unwrap().join("expected.tsv")).unwrap();
    writeln!(f, "# path (relative to sample-data/home)\tcategory\tkind\tformat — written by examples/make-sample-data.rs").unwrap();
    for l in &g.expect {
        writeln!(f, "{l}").unwrap();
    }
}

/// The places issue 11 found on real Macs (`../shared/reference/real-macs.tsv`):
/// crash reports, a helper container, the File Transfer chat with a received
/// project folder holding its own WAL-mode database, the 3.x Moments
/// database under Caches, an `xwechat_files` tree nested in `app_data`, and
/// the placeholder "account" named md5 of an empty string.
fn real_mac_places(g: &mut Gen) {
    let d = "Library/Containers/com.tencent.xinWeChat/Data";
    // A crash report built like macOS writes it: one JSON header line, then
    // the JSON body.
    let ips = concat!(
        r#"{"app_name":"WeChat","timestamp":"2026-08-01 16:57:33.00 +0800","app_version":"4.1.12.29","slice_uuid":"4c4c44e5-5555-3144-a1b2-c3d4e5f60718","build_version":"4.1.12.29","platform":1,"bundleID":"com.tencent.xinWeChat","share_with_app_devs":0,"is_first_party":0,"bug_type":"309","os_version":"macOS 14.5 (23F79)","roots_installed":0,"name":"WeChat","incident_id":"0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"}"#,
        "\n{\n  \"uptime\" : 5231,\n  \"procName\" : \"WeChat\",\n  \"exception\" : {\"type\":\"EXC_BAD_ACCESS\",\"signal\":\"SIGSEGV\"}\n}\n"
    );
    g.put(
        "Library/Logs/DiagnosticReports/WeChat-2026-08-01-165733.ips",
        ips.as_bytes(),
        "log/crash/json",
    );
    g.put(
        "Library/Logs/DiagnosticReports/Retired/WeChat_2021-03-01-100000_MacBook-Pro.crash",
        b"Process:               WeChat [1234]\nPath:                  /Applications/WeChat.app/Contents/MacOS/WeChat\nIdentifier:            com.tencent.xinWeChat\nVersion:               3.8.0 (23061)\nDate/Time:             2021-03-01 10:00:00.000 +0800\nOS Version:            Mac OS X 10.15.7 (19H2)\n\nException Type:        EXC_CRASH (SIGABRT)\n",
        "log/crash/text",
    );
    // A helper (extension) container.
    let mut pl = Vec::new();
    let mut dict = plist::Dictionary::new();
    dict.insert(
        "lastRun".into(),
        plist::Value::Integer(1_740_823_200i64.into()),
    );
    plist::Value::Dictionary(dict)
        .to_writer_xml(&mut pl)
        .unwrap();
    g.put(
        "Library/Containers/com.tencent.xinWeChat.MiniProgram/Data/Library/Preferences/com.tencent.xinWeChat.MiniProgram.plist",
        &pl,
        "config/preferences/xml_plist",
    );
    // The File Transfer chat (md5("filehelper")) of 3.x account 1: an image
    // and a received project folder with its own WAL-mode SQLite database.
    let ft = format!("{d}/Library/Application Support/com.tencent.xinWeChat/2.0b4.0.9/{A1}/Message/MessageTemp/9e20f478899dc29eb19741386f9343c8");
    let img = jpeg(&mut g.rng, 9_000);
    g.put(
        &format!("{ft}/Image/31750166359_.pic.jpg"),
        &img,
        "media/image/jpeg",
    );
    let proj = format!("{ft}/File/study_website_python1");
    g.put(
        &format!("{proj}/app.py"),
        b"from flask import Flask\napp = Flask(__name__)\n",
        "media/file/text",
    );
    {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("user_management.db");
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch(
            // The schema in the main file, the rows only in the WAL.
            "CREATE TABLE user(id INTEGER PRIMARY KEY, name TEXT);
             PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;
             INSERT INTO user(name) VALUES ('placeholder-a'), ('placeholder-b');",
        )
        .unwrap();
        let main = fs::read(&db).unwrap();
        let wal = fs::read(tmp.path().join("user_management.db-wal")).unwrap();
        drop(conn);
        g.put(
            &format!("{proj}/instance/user_management.db"),
            &main,
            "media/file/sqlite",
        );
        g.put(
            &format!("{proj}/instance/user_management.db-wal"),
            &wal,
            "media/file/sqlite_wal",
        );
    }
    // 3.x Moments database under Caches, attributed to account 1.
    g.sqlcipher(
        &format!("{d}/Library/Caches/com.tencent.xinWeChat/2.0b4.0.9/{A1}/Sns/Data/sns.db"),
        1024,
        4,
        "database/moments/sqlcipher",
    );
    // An xwechat_files tree nested inside app_data.
    g.put(
        &format!(
            "{d}/Documents/app_data/xwechat_files/wxid_nested9_8c7d/msg/file/2025-05/readme.txt"
        ),
        b"a received note\n",
        "media/file/text",
    );
    // The placeholder "account": md5 of an empty name, beside real ones.
    g.put(
        &format!("{d}/Library/Application Support/com.tencent.xinWeChat/2.0b4.0.9/d41d8cd98f00b204e9800998ecf8427e/topinfo.data"),
        b"0\n",
        "config/account/text",
    );
}

/// A large WeChat-shaped tree for benchmarks: both generations, mostly
/// small media of varied sizes and distinct content, about 5 % exact
/// re-saves, a few large videos, month folders.
///
/// `small` (issue 31, the million-file tree): every media file 600–1,600
/// bytes (1.1 KB on average, so every size has company and every file
/// reaches the first stage of `dupes`), and 1,000 chats instead of 400, so
/// that a million files spread over about 90,000 folders.
fn build_bench(root: &Path, files: usize, small: bool) {
    let mut rng = Rng(0xbe9c_4000 + files as u64 + u64::from(small));
    let d = root.join("Library/Containers/com.tencent.xinWeChat/Data");
    let v3 = d.join("Library/Application Support/com.tencent.xinWeChat/2.0b4.0.9");
    let x = d.join("Documents/xwechat_files");
    let accts3: Vec<String> = (0..2).map(|_| rng.hex(32)).collect();
    let accts4: Vec<String> = (0..2)
        .map(|i| format!("wxid_bench{i:04}_{}", rng.hex(4)))
        .collect();
    let chats: Vec<String> = (0..if small { 1000 } else { 400 })
        .map(|_| rng.hex(32))
        .collect();
    let months: Vec<String> = (0..24)
        .map(|i| format!("{}-{:02}", 2024 + i / 12, i % 12 + 1))
        .collect();
    let mut recent: Vec<Vec<u8>> = Vec::new();
    let mut made = 0usize;
    let mut dirs_made = std::collections::HashSet::new();
    let mut write = |path: PathBuf, data: &[u8]| {
        let parent = path.parent().unwrap().to_path_buf();
        if dirs_made.insert(parent.clone()) {
            fs::create_dir_all(&parent).unwrap();
        }
        fs::write(&path, data).unwrap();
    };
    // Databases first (a few hundred).
    for a in &accts3 {
        for i in 0..10 {
            let n = 1024 * (8 + rng.below(64) as usize);
            write(
                v3.join(a).join(format!("Message/msg_{i}.db")),
                &rng.bytes(n),
            );
            made += 1;
        }
    }
    for a in &accts4 {
        for i in 0..8 {
            let n = 4096 * (4 + rng.below(32) as usize);
            write(
                x.join(a).join(format!("db_storage/message/message_{i}.db")),
                &rng.bytes(n),
            );
            made += 1;
        }
    }
    while made < files {
        let r = rng.below(100);
        // Sizes: mostly 1-40 KiB, some to 400 KiB, a rare large video.
        let size = match rng.below(1000) {
            _ if small => 600 + rng.below(1001) as usize,
            0 => 8 * 1024 * 1024 + rng.below(8 * 1024 * 1024) as usize,
            1..=49 => 40_000 + rng.below(360_000) as usize,
            _ => 1_000 + rng.below(40_000) as usize,
        };
        let data = if r < 5 && !recent.is_empty() {
            recent[rng.below(recent.len() as u64) as usize].clone()
        } else {
            let mut j = jpeg(&mut rng, size);
            if r < 30 {
                j = xor(&j, 0x9f);
            }
            if recent.len() < 64 {
                recent.push(j.clone());
            } else {
                let k = rng.below(64) as usize;
                recent[k] = j.clone();
            }
            j
        };
        let chat = &chats[rng.below(chats.len() as u64) as usize];
        let month = &months[rng.below(months.len() as u64) as usize];
        let id = rng.hex(32);
        let path = if made.is_multiple_of(2) {
            let a = &accts3[made % accts3.len()];
            let sub = ["Image", "Image", "Video", "Audio", "File"][rng.below(5) as usize];
            v3.join(a)
                .join("Message/MessageTemp")
                .join(chat)
                .join(sub)
                .join(format!("{id}_.pic.jpg"))
        } else {
            let a = &accts4[made % accts4.len()];
            match rng.below(10) {
                0..=5 => x
                    .join(a)
                    .join("msg/attach")
                    .join(chat)
                    .join(month)
                    .join("Img")
                    .join(format!("{id}.dat")),
                6 => x
                    .join(a)
                    .join("msg/video")
                    .join(month)
                    .join(format!("{id}.mp4")),
                7 => x
                    .join(a)
                    .join("msg/file")
                    .join(month)
                    .join(format!("{id}.jpg")),
                _ => x
                    .join(a)
                    .join("cache")
                    .join(month)
                    .join("Message")
                    .join(chat)
                    .join("Thumb")
                    .join(format!("{id}_t.jpg")),
            }
        };
        write(path, &data);
        made += 1;
    }
}

/// Sets every file's and folder's mtime to 2025-03-01T10:00:00Z (git keeps
/// no mtimes; a test that needs fixed ones runs this on a temp copy).
fn touch(root: &Path) {
    let t = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_740_823_200);
    let mut stack = vec![root.to_path_buf()];
    let mut dirs = Vec::new();
    while let Some(p) = stack.pop() {
        for e in fs::read_dir(&p).unwrap() {
            let e = e.unwrap();
            let ft = e.file_type().unwrap();
            if ft.is_dir() {
                stack.push(e.path());
                dirs.push(e.path());
            } else if ft.is_file() {
                fs::File::options()
                    .write(true)
                    .open(e.path())
                    .unwrap()
                    .set_modified(t)
                    .unwrap();
            }
        }
    }
    for d in dirs.into_iter().rev() {
        if let Ok(f) = fs::File::open(&d) {
            let _ = f.set_modified(t);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut files = None;
    let mut do_touch = false;
    let mut small = false;
    let mut out = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--files" => {
                files = Some(
                    args.next()
                        .expect("--files N")
                        .parse::<usize>()
                        .expect("a number"),
                )
            }
            "--touch" => do_touch = true,
            "--small" => small = true,
            "-h" | "--help" => {
                eprintln!("usage: make-sample-data [--files N [--small] | --touch] DIR");
                return;
            }
            _ => out = Some(PathBuf::from(a)),
        }
    }
    let out = out.expect("usage: make-sample-data [--files N [--small] | --touch] DIR");
    if do_touch {
        touch(&out);
        return;
    }
    if let Some(n) = files {
        build_bench(&out, n, small);
        eprintln!("made a {n}-file bench tree in {}", out.display());
        return;
    }
    if out.exists() {
        fs::remove_dir_all(&out).unwrap();
    }
    fs::create_dir_all(&out).unwrap();
    build_sample(&out);
    eprintln!("made {}", out.display());
}
