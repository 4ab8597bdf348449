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

/// A pretty-printed SPDX 2.2 document of `n` packages across several slices, with nulls, files
/// of packages, nameless packages in different slices, and a 2.3 field late in it.
fn sliced_document(n: usize) -> String {
    let packages: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            if i % 500 == 499 {
                return serde_json::Value::Null;
            }
            let mut p = serde_json::json!({
                "SPDXID": format!("SPDXRef-p{i}"),
                "name": format!("p{i}"),
                "versionInfo": "1.0",
                "supplier": "Organization: Acme",
                "downloadLocation": "NOASSERTION",
            });
            if i % 300 == 1 {
                p["hasFiles"] = serde_json::json!(["SPDXRef-f"]);
            }
            if i % 401 == 7 {
                p.as_object_mut().unwrap().remove("name");
            }
            if i == n - 3 {
                p["primaryPackagePurpose"] = serde_json::json!("LIBRARY");
            }
            p
        })
        .collect();
    let doc = serde_json::json!({
        "spdxVersion": "SPDX-2.2", "SPDXID": "SPDXRef-DOCUMENT", "name": "d",
        "documentNamespace": "https://example.com/d",
        "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: x-1"]},
        "packages": packages,
        "files": [{"SPDXID": "SPDXRef-f", "fileName": "./f.c"}],
        "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES",
            "relatedSpdxElement": "SPDXRef-p0"}],
    });
    serde_json::to_string_pretty(&doc).unwrap()
}

#[test]
fn a_document_read_in_slices_is_the_document_read_whole() {
    let text = sliced_document(1_500);
    let (sliced, sliced_warnings) = json::outlined(&text).expect("the outline reads it");
    let mut w = Warnings::default();
    let whole = json::read_whole(&text, &mut w).expect("reads whole");
    crate::ingest::assert_same_text(&format!("{sliced:#?}"), &format!("{whole:#?}"));
    let (sliced_warnings, whole_warnings) = (sliced_warnings.into_vec(), w.into_vec());
    assert_eq!(sliced_warnings, whole_warnings);
    // Three nulls skipped, every package and the file located, the late 2.3 field found.
    assert_eq!(sliced.components.len(), 1_500 - 3 + 1);
    assert!(sliced.components.iter().all(|c| c.location.line.is_some()));
    let lines: Vec<&str> = text.lines().collect();
    let last = sliced.components[1_496].location.line.unwrap() as usize;
    assert_eq!(sliced.components[1_496].id, "SPDXRef-p1498");
    assert_eq!(lines[last - 1].trim(), "{");
    let newer = sliced_warnings
        .iter()
        .find(|w| w.code == WarningCode::NewerField)
        .expect("the 2.3 field is warned of");
    assert_eq!(newer.location.as_ref().unwrap().pointer, "/packages/1497");
    let nulls = sliced_warnings
        .iter()
        .find(|w| w.code == WarningCode::BadType)
        .expect("nulls warned of");
    assert_eq!(
        (
            nulls.count,
            nulls.location.as_ref().unwrap().pointer.as_str()
        ),
        (3, "/packages/499")
    );
}

#[test]
fn slices_of_nulls_only_count_no_lines() {
    let mut packages = vec!["{\"SPDXID\": \"SPDXRef-a\", \"name\": \"a\"}".to_string()];
    packages.extend(std::iter::repeat_n("null".to_string(), 1_100));
    packages.push("{\"SPDXID\": \"SPDXRef-b\", \"name\": \"b\"}".to_string());
    let text = format!(
        "{{\"spdxVersion\": \"SPDX-2.3\", \"SPDXID\": \"SPDXRef-DOCUMENT\",\n\"packages\": [\n{}\n]}}",
        packages.join(",\n")
    );
    let (sliced, sliced_warnings) = json::outlined(&text).expect("the outline reads it");
    let mut w = Warnings::default();
    let whole = json::read_whole(&text, &mut w).expect("reads whole");
    crate::ingest::assert_same_text(&format!("{sliced:#?}"), &format!("{whole:#?}"));
    assert_eq!(sliced_warnings.into_vec(), w.into_vec());
    let lines: Vec<Option<u32>> = sliced.components.iter().map(|c| c.location.line).collect();
    assert_eq!(lines, [Some(3), Some(1_104)]);
}
