use super::*;
use crate::model::Hash;

fn read_ok(text: &str) -> (Sbom, Vec<crate::model::Warning>) {
    let mut w = Warnings::default();
    let sbom = read(text, &mut w).unwrap();
    (sbom, w.into_vec())
}

const DOC: &str = r#"{
  "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
  "@graph": [
    {"type": "CreationInfo", "@id": "_:ci", "specVersion": "3.0.1", "created": "2024-01-02T00:00:00Z",
     "createdBy": ["urn:org:acme"], "createdUsing": ["urn:tool"]},
    {"type": "Organization", "spdxId": "urn:org:acme", "creationInfo": "_:ci", "name": "Acme Ltd",
     "externalIdentifier": [{"type": "ExternalIdentifier", "externalIdentifierType": "email", "identifier": "sec@acme.example"}]},
    {"type": "Tool", "spdxId": "urn:tool", "creationInfo": "_:ci", "name": "Tool: gen-1.2.3"},
    {"type": "SpdxDocument", "spdxId": "urn:doc", "name": "demo", "creationInfo": "_:ci", "rootElement": ["urn:sbom"]},
    {"type": "software_Sbom", "spdxId": "urn:sbom", "creationInfo": "_:ci", "rootElement": ["urn:app"]},
    {"type": "software_Package", "spdxId": "urn:app", "creationInfo": "_:ci", "name": "app",
     "software_packageVersion": "1.0", "suppliedBy": "urn:org:acme",
     "externalIdentifier": [
       {"type": "ExternalIdentifier", "externalIdentifierType": "cpe23", "identifier": "cpe:2.3:a:acme:app:1.0:*:*:*:*:*:*:*"},
       {"type": "ExternalIdentifier", "externalIdentifierType": "packageUrl", "identifier": "pkg:generic/acme/app@1.0"}],
     "verifiedUsing": [{"type": "Hash", "algorithm": "sha256", "hashValue": "ABCDEF"}],
     "software_primaryPurpose": "application"},
    {"type": "LifecycleScopedRelationship", "spdxId": "urn:r1", "creationInfo": "_:ci", "from": "urn:app",
     "relationshipType": "dependsOn", "scope": "test",
     "to": [{"type": "software_Package", "spdxId": "urn:lib", "creationInfo": "_:ci", "name": "lib",
             "originatedBy": ["Organization: Example Org (a@b.example)"]}]},
    {"type": "Relationship", "creationInfo": "_:ci", "from": "urn:app", "relationshipType": "hasDeclaredLicense",
     "to": ["https://spdx.org/licenses/MIT"]}
  ]
}"#;

#[test]
fn maps_packages_parties_relations_and_roots() {
    let (sbom, warnings) = read_ok(DOC);
    assert_eq!(sbom.spec_version, "3.0.1");
    assert_eq!(sbom.name.as_deref(), Some("demo"));
    assert_eq!(sbom.serial.as_deref(), Some("urn:doc"));
    assert_eq!(sbom.created.as_deref(), Some("2024-01-02T00:00:00Z"));
    assert_eq!(sbom.tools[0].name, "gen");
    assert_eq!(sbom.tools[0].version.as_deref(), Some("1.2.3"));
    assert_eq!(sbom.document_parties[0].name.as_deref(), Some("Acme Ltd"));
    assert_eq!(sbom.described, vec!["urn:app"]);
    let ids: Vec<&str> = sbom.components.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, vec!["urn:app", "urn:lib"]);
    let app = &sbom.components[0];
    assert_eq!(app.location.pointer, "/@graph/5");
    assert_eq!(app.kind.as_deref(), Some("application"));
    assert_eq!(app.purl.as_deref(), Some("pkg:generic/acme/app@1.0"));
    assert_eq!(app.cpes, vec!["cpe:2.3:a:acme:app:1.0:*:*:*:*:*:*:*"]);
    assert_eq!(
        app.hashes[0],
        Hash {
            alg: "SHA256".into(),
            value: "abcdef".into()
        }
    );
    assert_eq!(app.licenses, vec!["MIT"]);
    let supplier = app.party(PartyRole::Supplier).unwrap();
    assert_eq!(
        (supplier.kind, supplier.name.as_deref()),
        (PartyKind::Organization, Some("Acme Ltd"))
    );
    assert_eq!(supplier.emails, vec!["sec@acme.example"]);
    let lib = &sbom.components[1];
    assert_eq!(lib.location.pointer, "/@graph/6/to/0");
    let orig = lib.party(PartyRole::Originator).unwrap();
    assert_eq!(orig.name.as_deref(), Some("Example Org"));
    assert_eq!(orig.emails, vec!["a@b.example"]);
    let dep = &sbom.relations[0];
    assert_eq!(
        (dep.from.as_str(), dep.to.as_str(), dep.kind.as_str()),
        ("urn:app", "urn:lib", "dependsOn")
    );
    assert_eq!(dep.lifecycle.as_deref(), Some("test"));
    // The actor string in place of a reference is read, and reported.
    assert_eq!(
        warnings.iter().map(|w| w.code.as_str()).collect::<Vec<_>>(),
        vec!["unknown-ref"]
    );
}

#[test]
fn single_element_without_graph() {
    let (sbom, _) = read_ok(
        r#"{"@context": ["https://spdx.org/rdf/3.0.0/spdx-context.jsonld"], "type": "software_Package",
            "spdxId": "urn:p", "name": "p", "creationInfo": {"type": "CreationInfo", "specVersion": "3.0.0"}}"#,
    );
    assert_eq!(sbom.spec_version, "3.0.0");
    assert_eq!(sbom.components.len(), 1);
    assert_eq!(sbom.components[0].location.pointer, "");
}

#[test]
fn other_versions_are_unsupported() {
    let mut w = Warnings::default();
    let doc = r#"{"@context": "https://spdx.org/rdf/3.1/spdx-context.jsonld", "@graph": []}"#;
    assert!(
        matches!(read(doc, &mut w), Err(ReadError::Unsupported { version }) if version == "3.1")
    );
    let doc = r#"{"@context": "x", "@graph": [{"type": "CreationInfo", "specVersion": "4.0"}]}"#;
    assert!(matches!(
        read(doc, &mut w),
        Err(ReadError::Unsupported { .. })
    ));
}

#[test]
fn broken_input_is_an_error_not_a_panic() {
    let mut w = Warnings::default();
    assert!(matches!(
        read("{\"@graph\": [", &mut w),
        Err(ReadError::Syntax { line: 1, .. })
    ));
    assert!(matches!(
        read("{\"@graph\": 3}", &mut w),
        Err(ReadError::Invalid(_))
    ));
    let deep = format!("{{\"@graph\": {}{}}}", "[".repeat(5000), "]".repeat(5000));
    assert!(read(&deep, &mut w).is_err());
    let (sbom, warnings) = read_ok(
        r#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
            {"type": "Relationship", "to": ["a"], "relationshipType": "contains"},
            {"type": "software_Package", "name": 7}]}"#,
    );
    assert!(sbom.relations.is_empty());
    assert_eq!(sbom.components[0].name, "7");
    assert!(sbom.components[0].id_synthesized);
    let codes: Vec<&str> = warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, vec!["bad-type", "missing-field"]);
}
