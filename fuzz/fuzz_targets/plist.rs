//! The plist guard (bombs, cycles, depth) and the settings rows built from
//! whatever it lets through.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(v) = wxinspect::formats::plist_guard::parse(data) {
        let rows = wxinspect::inspect::settings::plist_rows("fuzz", &v);
        assert!(rows.len() <= wxinspect::inspect::settings::MAX_ROWS_PER_FILE);
    }
});
