//! Sniffing arbitrary bytes (every magic, xlog block chains, XOR and V1/V2
//! `.dat` headers, entropy) under every name hint, and the content checks.
#![no_main]
use libfuzzer_sys::fuzz_target;
use wxinspect::classify::sniff::{sniff, Hint};

fuzz_target!(|data: &[u8]| {
    for name in ["x.bin", "msg_0.db", "x-shm", "MM.mmap3", "x.xlog", "x.binarycookies", "x.db-wal"] {
        let hint = Hint::from_name(name);
        if let Ok(s) = sniff(data, data.len() as u64, hint) {
            let _ = wxinspect::classify::content_problem(None, name, &s, data.len() as u64);
        }
    }
});
