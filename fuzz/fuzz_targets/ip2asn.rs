//! The IPtoASN table reader (plain and gzip) and Team Cymru's TXT answers
//! (`network --resolve`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let t = wxinspect::formats::ip2asn::AsnTable::parse(data);
    for ip in ["192.0.2.1", "2001:db8::1", "0.0.0.0", "255.255.255.255"] {
        let _ = t.lookup(ip.parse().unwrap());
    }
    let text = String::from_utf8_lossy(data);
    let _ = wxinspect::formats::cymru::parse_origin(&text);
    let _ = wxinspect::formats::cymru::parse_as_name(&text);
});
