//! The whole pipeline's output on every SBOM of the shared corpus, kept as a reviewed snapshot:
//! one row per file with its component, finding and warning counts and a digest of its full JSON
//! report (findings, locations, paths, coverage, warnings), or the first line of its error. A
//! change anywhere in reading, linking, attribution or screening shows up here as a diff; a pure
//! speed-up must leave it untouched (issue 16: "findings, locations and report bytes identical
//! before and after"). The 100k-component benchmark files are checked the same way by
//! `benches/compare.sh`.

use crate::common;

use bomscreen::analysis::{Document, Screening};
use bomscreen::ingest::ReadOptions;
use bomscreen::policy::Policy;
use bomscreen::report::{self, DocumentReport, Format, RenderOptions, Report};
use sha2::{Digest, Sha256};

const AS_OF: jiff::civil::Date = jiff::civil::date(2026, 11, 23);

/// The JSON report of one document, without the parts that name the tool's and the watchlist's
/// versions (they change with every release, not with what was found).
fn report_json(doc: &Document, screening: &Screening) -> String {
    let findings = screening.screen(doc);
    let document = DocumentReport::from_sbom(&doc.sbom)
        .with_warnings(&doc.warnings)
        .with_labels(&doc.sbom, &findings);
    let report = Report::new(
        screening.watchlist.clone(),
        screening.as_of,
        &screening.policy,
        screening.judge(findings),
        vec![document],
    );
    let mut out = Vec::new();
    report::render(Format::Json, &report, &RenderOptions::default(), &mut out).unwrap();
    let mut value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    if let Some(map) = value.as_object_mut() {
        map.remove("tool");
        map.remove("watchlist");
    }
    serde_json::to_string_pretty(&value).unwrap()
}

#[test]
fn every_corpus_report_is_unchanged() {
    let Some(root) = common::corpus() else { return };
    let screening = Screening::new(Policy::default(), bomscreen::watchlist::builtin(), AS_OF);
    let mut rows = vec!["file\tcomponents\tfindings\twarnings\treport".to_string()];
    for e in common::manifest(&root)
        .iter()
        .filter(|e| (e.format == "cyclonedx" || e.format == "spdx") && e.expected != "schema")
    {
        let bytes = std::fs::read(root.join(&e.path)).unwrap();
        let row = match Document::from_bytes(bytes, &e.path, &ReadOptions::default()) {
            Ok(doc) => {
                let json = report_json(&doc, &screening);
                let digest = Sha256::digest(json.as_bytes());
                let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
                let findings = screening.screen(&doc).len();
                format!(
                    "{}\t{}\t{findings}\t{}\t{hex}",
                    e.path,
                    doc.sbom.components.len(),
                    doc.warnings.len()
                )
            }
            Err(error) => {
                let message = error.to_string();
                let first = message.lines().next().unwrap_or_default();
                format!("{}\terror\t\t\t{first}", e.path)
            }
        };
        rows.push(row);
    }
    assert!(
        rows.len() > 500,
        "only {} corpus SBOMs were read",
        rows.len() - 1
    );
    insta::assert_snapshot!("corpus_reports", rows.join("\n"));
}
