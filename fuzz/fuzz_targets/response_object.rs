//! The NSURLCache `response_object` shape matcher.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = wxinspect::formats::urlcache::match_response(data);
});
