//! The customer's named crate as an oracle: on every valid and real-world CycloneDX 1.3-1.5
//! document (JSON and XML) that `cyclonedx-bom` 0.8 itself can read, bomscreen must find the
//! same components (top-level and nested, not metadata) and the same dependency relations.
#![allow(clippy::print_stderr)] // the corpus counts are the test's report

use crate::common;

use bomscreen::ingest::{self, ReadOptions};
use bomscreen::model::{Origin, Sbom};
use cyclonedx_bom::models::bom::Bom;
use cyclonedx_bom::models::component::Components;

/// Top-level plus nested components, as cyclonedx-bom models them (pedigree not included).
fn oracle_components(list: &Option<Components>) -> usize {
    list.as_ref().map_or(0, |c| {
        c.0.iter()
            .map(|c| 1 + oracle_components(&c.components))
            .sum()
    })
}

fn oracle_relations(bom: &Bom) -> usize {
    bom.dependencies
        .as_ref()
        .map_or(0, |d| d.0.iter().map(|d| d.dependencies.len()).sum())
}

/// Our counted components below `/components` (those nested in metadata.component excluded,
/// since the oracle's count is over `components` only).
fn our_components(sbom: &Sbom) -> usize {
    (0..sbom.components.len())
        .filter(|&i| {
            let mut root = i;
            while let Some(p) = sbom.components[root].parent {
                root = p;
            }
            sbom.components[i].is_counted() && sbom.components[root].origin == Origin::Listed
        })
        .count()
}

fn parse_oracle(bytes: &[u8], version: &str, xml: bool) -> Option<Bom> {
    match (version, xml) {
        ("1.3", false) => Bom::parse_from_json_v1_3(bytes).ok(),
        ("1.4", false) => Bom::parse_from_json_v1_4(bytes).ok(),
        ("1.5", false) => Bom::parse_from_json_v1_5(bytes).ok(),
        ("1.3", true) => Bom::parse_from_xml_v1_3(bytes).ok(),
        ("1.4", true) => Bom::parse_from_xml_v1_4(bytes).ok(),
        ("1.5", true) => Bom::parse_from_xml_v1_5(bytes).ok(),
        _ => None,
    }
}

#[test]
fn counts_agree_with_cyclonedx_bom_on_1_3_to_1_5() {
    let Some(dir) = common::corpus() else { return };
    let (mut candidates, mut compared, mut components, mut relations) = (0, 0, 0, 0);
    let mut disagreements = Vec::new();
    for e in common::manifest(&dir) {
        if e.format != "cyclonedx" || !matches!(e.expected.as_str(), "valid" | "wild") {
            continue;
        }
        let (rel, version) = (e.path.as_str(), e.spec_version.as_str());
        if !matches!(version, "1.3" | "1.4" | "1.5") {
            continue;
        }
        candidates += 1;
        let path = dir.join(rel);
        let bytes = std::fs::read(&path).expect("corpus file is readable");
        let Some(oracle) = parse_oracle(&bytes, version, e.encoding == "xml") else {
            eprintln!("oracle: cyclonedx-bom cannot read {rel}; not compared");
            continue;
        };
        let ours = ingest::read(&path, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{rel}: cyclonedx-bom reads it, we do not: {e:#}"));
        compared += 1;
        let (want_c, got_c) = (oracle_components(&oracle.components), our_components(&ours));
        let want_r = oracle_relations(&oracle);
        let got_r = ours
            .relations
            .iter()
            .filter(|r| r.kind == "dependsOn")
            .count();
        if (want_c, want_r) != (got_c, got_r) {
            disagreements.push(format!(
                "{rel}: cyclonedx-bom {want_c} components / {want_r} relations, bomscreen {got_c} / {got_r}"
            ));
        }
        components += want_c;
        relations += want_r;
    }
    eprintln!(
        "oracle: compared {compared} of {candidates} CycloneDX 1.3-1.5 documents \
         ({components} components, {relations} dependency relations)"
    );
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    assert!(
        compared >= 150,
        "expected most 1.3-1.5 documents to be compared, got {compared}"
    );
}
