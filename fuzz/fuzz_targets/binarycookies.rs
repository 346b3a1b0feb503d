//! The binarycookies parser: counts and offsets from hostile bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = wxinspect::formats::binarycookies::parse(data);
    let mut v = b"cook".to_vec();
    v.extend_from_slice(data);
    if let Ok(jar) = wxinspect::formats::binarycookies::parse(&v) {
        assert!(jar.cookies.len() <= wxinspect::formats::binarycookies::MAX_COOKIES);
    }
});
