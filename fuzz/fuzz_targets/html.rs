//! Bytes → one HTML page read into a `Document` (decoding, metadata scan,
//! stripping, the main-content core, our walk, or the plain fallback).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = depesche::input::html::read_html(
        "fuzz.html".into(),
        data,
        64 * 1024 * 1024,
        Some("https://example.com/2024/05/17/fuzz.html"),
    );
});
