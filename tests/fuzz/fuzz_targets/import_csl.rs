//! The trade.gov Consolidated Screening List importer (CSV and JSON).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = bomscreen::watchlist::import_csl::import(text, "fuzz.csv");
    }
});
