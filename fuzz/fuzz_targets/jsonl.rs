//! Bytes → JSONL articles streamed line by line (line cap, lenient decoding,
//! field type checks), with a small per-line limit.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = depesche::input::ReadOptions {
        format: depesche::input::InputFormat::Jsonl,
        max_bytes: 4096,
    };
    for r in depesche::input::read_bytes("fuzz.jsonl".into(), data.to_vec(), opts.format, &opts) {
        let _ = r;
    }
});
