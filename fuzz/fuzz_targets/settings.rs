//! The ini and XML host extractors, ini settings rows, Chromium state and
//! simple-cache keys.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = wxinspect::formats::netconfig::ipport_records(&text);
    let _ = wxinspect::formats::netconfig::ini_hosts(&text);
    let _ = wxinspect::formats::netconfig::url_hosts(&text);
    let _ = wxinspect::inspect::settings::ini_rows("fuzz", &text);
    let _ = wxinspect::formats::chromium::persistent_state_servers(data);
    let _ = wxinspect::formats::chromium::simple_cache_url(data, data.len() as u64);
    for token in text.split_whitespace().take(64) {
        let _ = wxinspect::network::url_host(token);
    }
});
