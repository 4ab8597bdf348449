//! Every reader, through the front end that picks it by content (CycloneDX JSON and XML, SPDX 2
//! JSON, YAML, tag-value, RDF/XML and XML, SPDX 3), then the rest of the pipeline: a document that
//! reads must also link, attribute and screen without a panic. The seed corpus of each run decides
//! which reader the mutations mostly reach (run.sh builds one per format).
#![no_main]

use std::sync::LazyLock;

use bomscreen::analysis::{Document, Screening};
use bomscreen::ingest::ReadOptions;
use libfuzzer_sys::fuzz_target;

static SCREENING: LazyLock<Screening> = LazyLock::new(|| {
    Screening::new(
        bomscreen::policy::Policy::default(),
        bomscreen::watchlist::builtin(),
        jiff::civil::date(2026, 11, 23),
    )
});

fuzz_target!(|data: &[u8]| {
    for strict in [false, true] {
        if let Ok(doc) = Document::from_bytes(data.to_vec(), "fuzz", &ReadOptions { strict }) {
            let findings = SCREENING.screen(&doc);
            let _ = SCREENING.judge(findings);
        }
    }
});
