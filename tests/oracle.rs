//! The customer's named crate as an oracle: on every valid and real-world CycloneDX 1.3-1.5
//! document (JSON and XML) that `cyclonedx-bom` 0.8 itself can read, bomscreen must find the
//! same components (top-level and nested, not metadata), the same dependency relations and the
//! same services (nested ones included).
#![allow(clippy::print_stderr)] // the corpus counts are the test's report

use crate::common;

use bomscreen::ingest::{self, ReadOptions};
use bomscreen::model::{Origin, Sbom};
use cyclonedx_bom::models::bom::Bom;
use cyclonedx_bom::models::component::Components;
use cyclonedx_bom::models::service::Services;

/// Top-level plus nested components, as cyclonedx-bom models them (pedigree not included).
fn oracle_components(list: &Option<Components>) -> usize {
    list.as_ref().map_or(0, |c| {
        c.0.iter()
            .map(|c| 1 + oracle_components(&c.components))
            .sum()
    })
}

/// Evidence occurrences and copyright texts of the components and their nested ones.
fn oracle_evidence(list: &Option<Components>) -> usize {
    list.as_ref().map_or(0, |c| {
        c.0.iter()
            .map(|c| {
                let e = c.evidence.as_ref();
                let occ = e
                    .and_then(|e| e.occurrences.as_ref())
                    .map_or(0, |o| o.0.len());
                let cr = e
                    .and_then(|e| e.copyright.as_ref())
                    .map_or(0, |t| t.0.len());
                occ + cr + oracle_evidence(&c.components)
            })
            .sum()
    })
}

/// Services, nested ones included.
fn oracle_services(list: &Option<Services>) -> usize {
    list.as_ref().map_or(0, |s| {
        s.0.iter().map(|s| 1 + oracle_services(&s.services)).sum()
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
    under_components(sbom).count()
}

/// Indices of the counted components whose top-level ancestor is under `/components`.
fn under_components(sbom: &Sbom) -> impl Iterator<Item = usize> + '_ {
    (0..sbom.components.len()).filter(|&i| {
        let mut root = i;
        while let Some(p) = sbom.components[root].parent {
            root = p;
        }
        sbom.components[i].is_counted() && sbom.components[root].origin == Origin::Listed
    })
}

/// Our occurrence and copyright observations on the components [`our_components`] counts.
fn our_evidence(sbom: &Sbom) -> usize {
    under_components(sbom)
        .flat_map(|i| sbom.components[i].evidence.iter())
        .filter(|o| {
            matches!(
                o.field,
                "evidence.occurrences.location" | "evidence.copyright"
            )
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
    let (mut services, mut evidence) = (0, 0);
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
        let want_s = oracle_services(&oracle.services);
        let got_s = ours.components.iter().filter(|c| c.is_service()).count();
        let want_e = oracle_evidence(&oracle.components);
        let got_e = our_evidence(&ours);
        if (want_c, want_r, want_s, want_e) != (got_c, got_r, got_s, got_e) {
            disagreements.push(format!(
                "{rel}: cyclonedx-bom {want_c} components / {want_r} relations / {want_s} services / {want_e} occurrences and copyrights, bomscreen {got_c} / {got_r} / {got_s} / {got_e}"
            ));
        }
        evidence += want_e;
        components += want_c;
        relations += want_r;
        services += want_s;
    }
    eprintln!(
        "oracle: compared {compared} of {candidates} CycloneDX 1.3-1.5 documents \
         ({components} components, {relations} dependency relations, {services} services, \
         {evidence} evidence occurrences and copyright texts)"
    );
    assert!(services > 0, "the corpus has services to compare");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    assert!(
        compared >= 150,
        "expected most 1.3-1.5 documents to be compared, got {compared}"
    );
}
