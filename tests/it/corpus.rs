//! The fuzzers' seed corpus as ordinary tests (issue 6): every parser of
//! untrusted bytes runs over every file of `sample-data/home`, the shared
//! real samples and any saved fuzz corpus, and over truncations of each;
//! none may panic. (`fuzz/run.sh` runs the coverage-guided fuzzers.)

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::*;

fn files_under(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(root) else { return };
    for e in rd.flatten() {
        let ft = e.file_type().unwrap();
        if ft.is_dir() {
            files_under(&e.path(), out);
        } else if ft.is_file() {
            out.push(e.path());
        }
    }
}

fn all_parsers(data: &[u8]) {
    for name in [
        "x.bin",
        "msg_0.db",
        "x-shm",
        "MM.mmap3",
        "x.xlog",
        "x.binarycookies",
        "x.db-wal",
    ] {
        let hint = wxinspect::classify::sniff::Hint::from_name(name);
        if let Ok(s) = wxinspect::classify::sniff::sniff(data, data.len() as u64, hint) {
            let _ = wxinspect::classify::content_problem(None, name, &s, data.len() as u64);
        }
    }
    let _ = wxinspect::formats::binarycookies::parse(data);
    let _ = wxinspect::formats::urlcache::match_response(data);
    if let Ok(v) = wxinspect::formats::plist_guard::parse(data) {
        assert!(
            wxinspect::inspect::settings::plist_rows("seed", &v).len()
                <= wxinspect::inspect::settings::MAX_ROWS_PER_FILE
        );
    }
    let text = String::from_utf8_lossy(data);
    let _ = wxinspect::formats::netconfig::ipport_records(&text);
    let _ = wxinspect::formats::netconfig::ini_hosts(&text);
    let _ = wxinspect::formats::netconfig::url_hosts(&text);
    let _ = wxinspect::inspect::settings::ini_rows("seed", &text);
    let _ = wxinspect::formats::chromium::persistent_state_servers(data);
    let _ = wxinspect::formats::chromium::simple_cache_url(data, data.len() as u64);
    let t = wxinspect::formats::ip2asn::AsnTable::parse(data);
    let _ = t.lookup("192.0.2.1".parse().unwrap());
    let _ = wxinspect::formats::cymru::parse_origin(&text);
    let _ = wxinspect::formats::cymru::parse_as_name(&text);
}

#[test]
fn issue_6_seed_corpus_runs_through_every_parser() {
    let mut files = Vec::new();
    files_under(&sample_home(), &mut files);
    if let Some(s) = shared_samples() {
        files_under(&s, &mut files);
    }
    files_under(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus"),
        &mut files,
    );
    assert!(files.len() > 100, "seeds found: {}", files.len());
    for f in &files {
        let data = fs::read(f).unwrap();
        let data = &data[..data.len().min(1 << 20)];
        all_parsers(data);
        // Truncations and a flipped byte: the broken files fuzzers find first.
        for cut in [
            0, 1, 7, 8, 15, 16, 31, 32, 63, 64, 100, 511, 512, 4095, 4096,
        ] {
            if cut < data.len() {
                all_parsers(&data[..cut]);
            }
        }
        if !data.is_empty() {
            let mut flipped = data.to_vec();
            let mid = flipped.len() / 2;
            flipped[mid] ^= 0xff;
            all_parsers(&flipped);
        }
    }
}
