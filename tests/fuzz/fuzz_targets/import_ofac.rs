//! The OFAC SDN importers: SDN.XML, and sdn.csv with its add.csv and alt.csv (the input is split
//! into the three files at form feeds, so one input can exercise the joins).
#![no_main]

use bomscreen::watchlist::import_ofac::{self, CsvFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = import_ofac::import_xml(text, "fuzz.xml");
    let mut parts = text.splitn(3, '\u{c}');
    let sdn = parts.next().unwrap_or_default();
    let file = |text| CsvFile {
        text,
        name: "fuzz.csv",
    };
    let _ = import_ofac::import_csv(file(sdn), parts.next().map(file), parts.next().map(file));
});
