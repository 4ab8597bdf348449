//! The policy file parser and validator (`bomscreen.toml`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = bomscreen::policy::validate("fuzz.toml", text);
    }
});
