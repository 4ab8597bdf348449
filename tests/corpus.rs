//! Corpus-wide checks across every format. Each format's own test (tests/cyclonedx.rs,
//! tests/spdx2.rs, tests/spdx3_rdf.rs) asserts that every valid and real-world document of that
//! format is read with the right component count; here: every invalid document ends in a warning
//! or a clear error naming the file and never a panic, files that are not SBOMs (JSON Schemas,
//! XSDs, screening lists, SCANOSS output) are refused as such, and strict mode is strict.
//! See: issue 2 ("Read every SBOM in real use into one model").

#![allow(clippy::print_stderr)] // corpus tests say what they read and what they skipped

use crate::common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use bomscreen::ingest::{self, IngestError, ReadOptions};

fn is_sbom(e: &common::Entry) -> bool {
    (e.format == "cyclonedx" || e.format == "spdx") && e.expected != "schema"
}

#[test]
fn invalid_documents_end_in_a_warning_or_a_clear_error() {
    let Some(root) = common::corpus() else { return };
    let mut panics = Vec::new();
    let (mut warned, mut clean, mut refused) = (0, 0, 0);
    for e in common::manifest(&root)
        .iter()
        .filter(|e| is_sbom(e) && e.expected == "invalid")
    {
        let path = root.join(&e.path);
        match catch_unwind(AssertUnwindSafe(|| {
            ingest::read(&path, &ReadOptions::default())
        })) {
            Err(_) => panics.push(e.path.clone()),
            Ok(Ok(sbom)) if sbom.warnings.is_empty() => clean += 1,
            Ok(Ok(_)) => warned += 1,
            Ok(Err(err)) => {
                let msg = err.to_string();
                assert!(
                    msg.starts_with(&path.display().to_string()),
                    "error does not name the file: {msg}"
                );
                refused += 1;
            }
        }
    }
    eprintln!(
        "invalid documents: {refused} refused, {warned} read with warnings, {clean} read without warnings"
    );
    assert!(panics.is_empty(), "the reader panicked on: {panics:?}");
    assert!(
        refused + warned > 0,
        "no invalid document was noticed at all"
    );
}

#[test]
fn files_that_are_not_sboms_are_refused_as_such() {
    let Some(root) = common::corpus() else { return };
    let mut checked = 0;
    for e in common::manifest(&root).iter().filter(|e| !is_sbom(e)) {
        match ingest::read(&root.join(&e.path), &ReadOptions::default()) {
            Ok(sbom) => panic!(
                "{} ({} {}) was read as a {} document with {} components",
                e.path,
                e.format,
                e.expected,
                sbom.standard,
                sbom.components.len()
            ),
            Err(
                IngestError::NotSbom { .. }
                | IngestError::Invalid { .. }
                | IngestError::Unsupported { .. },
            ) => checked += 1,
            Err(other) => panic!("{}: unexpected kind of error: {other}", e.path),
        }
    }
    assert!(checked >= 30, "only {checked} non-SBOM files checked");
}

#[test]
fn strict_mode_turns_warnings_into_errors() {
    let Some(root) = common::corpus() else { return };
    // The first real-world document the tolerant reader warns about must fail in strict mode.
    let entries = common::manifest(&root);
    let tolerant = ReadOptions::default();
    let strict = ReadOptions { strict: true };
    let mut seen = 0;
    for e in entries.iter().filter(|e| is_sbom(e)) {
        let path = root.join(&e.path);
        if let Ok(sbom) = ingest::read(&path, &tolerant) {
            match ingest::read(&path, &strict) {
                Ok(_) => assert!(
                    sbom.warnings.is_empty(),
                    "{}: strict mode accepted a document with warnings",
                    e.path
                ),
                Err(IngestError::Strict { warnings, .. }) => {
                    assert_eq!(warnings, sbom.warnings);
                    seen += 1;
                }
                Err(other) => panic!("{}: strict mode failed differently: {other}", e.path),
            }
        }
    }
    assert!(seen > 0, "no document in the corpus produced a warning");
}
