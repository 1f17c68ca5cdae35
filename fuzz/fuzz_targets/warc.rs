//! Bytes → a WARC archive read record by record from memory (headers,
//! lengths, HTTP responses, the HTML reader for each page).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let reader = Box::new(std::io::Cursor::new(data.to_vec()));
    for r in depesche::input::warc::read_warc("fuzz.warc".into(), reader, 64 * 1024 * 1024) {
        let _ = r;
    }
});
