//! Unit tests of the SPDX 2 mapping on small inline documents.

use super::*;
use crate::model::Origin;

fn json(text: &str) -> (Sbom, Vec<crate::model::Warning>) {
    let mut w = Warnings::default();
    let sbom = read_json(text, &mut w).unwrap();
    (sbom, w.into_vec())
}

#[test]
fn maps_a_package() {
    let (sbom, warnings) = json(
        r#"{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "d",
        "documentNamespace": "https://example.com/d", "documentDescribes": ["SPDXRef-a"],
        "creationInfo": {"created": "2024-01-01T00:00:00", "creators": ["Tool: syft-v1.2.3", "Organization: Acme (a@acme.example)"]},
        "packages": [{"SPDXID": "SPDXRef-a", "name": "a", "versionInfo": "1.0",
          "supplier": "Organization: AO Kaspersky Lab (info@kaspersky.com)", "originator": "NOASSERTION",
          "downloadLocation": "NOASSERTION", "homepage": "https://a.example",
          "checksums": [{"algorithm": "SHA256", "checksumValue": "ABCD"}],
          "externalRefs": [{"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/a@1.0"},
                           {"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:kaspersky:a:1.0:*:*:*:*:*:*:*"}],
          "licenseConcluded": "MIT", "licenseDeclared": "NOASSERTION", "copyrightText": "NONE",
          "summary": "sum", "primaryPackagePurpose": "LIBRARY", "hasFiles": ["SPDXRef-f", "SPDXRef-f"]}],
        "files": [{"SPDXID": "SPDXRef-f", "fileName": "./a.c", "fileContributors": ["Jane"]}],
        "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-a"}]}"#,
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(sbom.spec_version, "2.3");
    assert_eq!(sbom.tools[0].name, "syft");
    assert_eq!(sbom.tools[0].version.as_deref(), Some("v1.2.3"));
    assert_eq!(sbom.document_parties[0].emails, vec!["a@acme.example"]);
    let a = &sbom.components[0];
    assert_eq!(
        (a.id.as_str(), a.name.as_str(), a.version.as_deref()),
        ("SPDXRef-a", "a", Some("1.0"))
    );
    let s = a.party(PartyRole::Supplier).unwrap();
    assert_eq!(
        (s.kind, s.name.as_deref()),
        (PartyKind::Organization, Some("AO Kaspersky Lab"))
    );
    assert!(a.party(PartyRole::Originator).is_none());
    assert_eq!(a.download_location, None);
    assert_eq!(a.purl.as_deref(), Some("pkg:npm/a@1.0"));
    assert_eq!(a.cpes.len(), 1);
    assert_eq!(
        a.hashes[0],
        Hash {
            alg: "SHA256".into(),
            value: "abcd".into()
        }
    );
    assert_eq!(a.licenses, vec!["MIT"]);
    assert_eq!(
        (
            a.copyright.as_deref(),
            a.description.as_deref(),
            a.kind.as_deref()
        ),
        (None, Some("sum"), Some("library"))
    );
    assert_eq!(a.location.pointer, "/packages/0");
    let f = &sbom.components[1];
    assert_eq!(
        (f.origin, f.parties[0].role),
        (Origin::File, PartyRole::Author)
    );
    assert_eq!(sbom.described, vec!["SPDXRef-a"]);
    // documentDescribes and the stated DESCRIBES are one relation; hasFiles gives one CONTAINS.
    let kinds: Vec<_> = sbom.relations.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(kinds, vec!["DESCRIBES", "CONTAINS"]);
}

#[test]
fn tolerates_bad_types_and_refuses_other_versions() {
    let (sbom, warnings) = json(
        r#"{"spdxVersion": "SPDX-2.2", "creationInfo": {"creators": "Person: X"},
        "packages": [{"name": 7}, "oops", null, {"SPDXID": "SPDXRef-b", "name": "b"}]}"#,
    );
    let names: Vec<_> = sbom.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["7", "b"]);
    assert!(sbom.components[0].id_synthesized);
    assert_eq!(sbom.components[0].id, "/packages/0");
    assert_eq!(sbom.components[1].location.pointer, "/packages/3");
    assert_eq!(sbom.document_parties[0].name.as_deref(), Some("X"));
    let codes: Vec<_> = warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, vec!["bad-type", "missing-field"]);

    for v in ["SPDX-2.4", "SPDX-3.0", "SPDX-1.2"] {
        let mut w = Warnings::default();
        let doc = format!("{{\"spdxVersion\": \"{v}\"}}");
        assert!(
            matches!(read_json(&doc, &mut w), Err(ReadError::Unsupported { .. })),
            "{v}"
        );
    }
    let mut w = Warnings::default();
    assert!(matches!(
        read_json("{\"spdxVersion\": \"SPDX-2.3\",\n \"packages\": [", &mut w),
        Err(ReadError::Syntax { line: 2, .. })
    ));
}

#[test]
fn yaml_keeps_scalars_as_written() {
    let mut w = Warnings::default();
    let sbom = read_yaml(
        "spdxVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\npackages:\n- SPDXID: SPDXRef-a\n  name: a\n  versionInfo: 1.10\n  supplier: 'Organization: Acme'\n",
        &mut w,
    )
    .unwrap();
    assert_eq!(sbom.components[0].version.as_deref(), Some("1.10"));
    assert_eq!(sbom.components[0].location.pointer, "/packages/0");
    assert!(w.is_empty());
}

#[test]
fn splits_tool_names() {
    assert_eq!(
        split_tool("LicenseFind-1.0"),
        ("LicenseFind".into(), Some("1.0".into()))
    );
    assert_eq!(
        split_tool("kubernetes-sigs/bom-v0.2.1"),
        ("kubernetes-sigs/bom".into(), Some("v0.2.1".into()))
    );
    assert_eq!(
        split_tool("GitHub.com-Dependency-Graph"),
        ("GitHub.com-Dependency-Graph".into(), None)
    );
    assert_eq!(
        split_tool("scancode 32.0.1"),
        ("scancode".into(), Some("32.0.1".into()))
    );
    assert_eq!(split_tool("trivy"), ("trivy".into(), None));
}

#[test]
fn json_elements_get_the_line_they_start_on() {
    let (sbom, _) = json(
        r#"{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "d",
"files": [
  {"SPDXID": "SPDXRef-f", "fileName": "./a \"}]\".c"}],
"packages": [
  {"SPDXID": "SPDXRef-a", "name": "a"},

  {"SPDXID": "SPDXRef-b", "name": "b"}]}"#,
    );
    let mut got: Vec<(&str, Option<u32>)> = sbom
        .components
        .iter()
        .map(|c| (c.id.as_str(), c.location.line))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("SPDXRef-a", Some(5)),
            ("SPDXRef-b", Some(7)),
            ("SPDXRef-f", Some(3))
        ]
    );
}
