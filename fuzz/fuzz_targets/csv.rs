//! Bytes → CSV articles streamed record by record (dialect and encoding
//! guess, the `csv` crate, raw-record checks), with a small per-record limit
//! so the over-limit path is reached too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = depesche::input::ReadOptions {
        format: depesche::input::InputFormat::Csv,
        max_bytes: 4096,
    };
    for r in depesche::input::read_bytes("fuzz.csv".into(), data.to_vec(), opts.format, &opts) {
        let _ = r;
    }
});
