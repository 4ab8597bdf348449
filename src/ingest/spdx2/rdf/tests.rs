use super::relations::upper_snake;
use super::*;
use crate::model::Hash;

const DOC: &str = r##"<?xml version="1.0"?>
<rdf:RDF xmlns:spdx="http://spdx.org/rdf/terms#" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
     xmlns:doap="http://usefulinc.com/ns/doap#">
  <spdx:SpdxDocument rdf:about="https://ex.example/doc#SPDXRef-DOCUMENT">
<spdx:specVersion>SPDX-2.3</spdx:specVersion>
<spdx:name>demo</spdx:name>
<spdx:creationInfo><spdx:CreationInfo>
  <spdx:created>2024-01-01T00:00:00Z</spdx:created>
  <spdx:creator>Tool: gen-2.0</spdx:creator>
  <spdx:creator>Organization: Acme (a@acme.example)</spdx:creator>
</spdx:CreationInfo></spdx:creationInfo>
<spdx:externalDocumentRef><spdx:ExternalDocumentRef>
  <spdx:externalDocumentId>DocumentRef-other</spdx:externalDocumentId>
  <spdx:spdxDocument rdf:resource="https://ex.example/other"/>
</spdx:ExternalDocumentRef></spdx:externalDocumentRef>
<spdx:relationship><spdx:Relationship>
  <spdx:relationshipType rdf:resource="http://spdx.org/rdf/terms#relationshipType_describes"/>
  <spdx:relatedSpdxElement>
    <spdx:Package rdf:about="https://ex.example/doc#SPDXRef-App">
      <spdx:name>app</spdx:name>
      <spdx:versionInfo>1.0</spdx:versionInfo>
      <spdx:supplier>Organization: Acme Ltd (sec@acme.example)</spdx:supplier>
      <spdx:checksum><spdx:Checksum>
        <spdx:algorithm rdf:resource="http://spdx.org/rdf/terms#checksumAlgorithm_sha256"/>
        <spdx:checksumValue>ABCD</spdx:checksumValue>
      </spdx:Checksum></spdx:checksum>
      <spdx:externalRef><spdx:ExternalRef>
        <spdx:referenceType rdf:resource="http://spdx.org/rdf/references/purl"/>
        <spdx:referenceLocator>pkg:npm/app@1.0</spdx:referenceLocator>
      </spdx:ExternalRef></spdx:externalRef>
      <spdx:licenseDeclared><spdx:DisjunctiveLicenseSet>
        <spdx:member rdf:resource="http://spdx.org/licenses/MIT"/>
        <spdx:member rdf:resource="https://ex.example/doc#LicenseRef-x"/>
      </spdx:DisjunctiveLicenseSet></spdx:licenseDeclared>
      <doap:homepage>https://app.example</doap:homepage>
      <spdx:relationship><spdx:Relationship>
        <spdx:relationshipType rdf:resource="http://spdx.org/rdf/terms#relationshipType_dependsOn"/>
        <spdx:relatedSpdxElement rdf:resource="https://ex.example/doc#SPDXRef-Lib"/>
      </spdx:Relationship></spdx:relationship>
      <spdx:relationship><spdx:Relationship>
        <spdx:relationshipType rdf:resource="http://spdx.org/rdf/terms#relationshipType_copyOf"/>
        <spdx:relatedSpdxElement rdf:resource="https://ex.example/other#SPDXRef-X"/>
      </spdx:Relationship></spdx:relationship>
    </spdx:Package>
  </spdx:relatedSpdxElement>
</spdx:Relationship></spdx:relationship>
  </spdx:SpdxDocument>
  <spdx:Package rdf:about="https://ex.example/doc#SPDXRef-Lib">
<spdx:name>lib</spdx:name>
<spdx:downloadLocation rdf:resource="http://spdx.org/rdf/terms#noassertion"/>
  </spdx:Package>
  <spdx:Package rdf:about="https://ex.example/doc#SPDXRef-Lib">
<spdx:versionInfo>2.0</spdx:versionInfo>
  </spdx:Package>
</rdf:RDF>"##;

#[test]
fn maps_nested_elements_and_relationships() {
    let mut w = Warnings::default();
    let sbom = read(DOC, &mut w).unwrap();
    assert!(w.is_empty(), "{:?}", w.into_vec());
    assert_eq!(sbom.spec_version, "2.3");
    assert_eq!(sbom.name.as_deref(), Some("demo"));
    assert_eq!(sbom.serial.as_deref(), Some("https://ex.example/doc"));
    assert_eq!(
        sbom.tools,
        vec![Tool {
            vendor: None,
            name: "gen".into(),
            version: Some("2.0".into())
        }]
    );
    assert_eq!(sbom.document_parties[0].name.as_deref(), Some("Acme"));
    let ids: Vec<&str> = sbom.components.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, vec!["SPDXRef-App", "SPDXRef-Lib"]);
    let app = &sbom.components[0];
    assert_eq!(app.version.as_deref(), Some("1.0"));
    assert_eq!(app.purl.as_deref(), Some("pkg:npm/app@1.0"));
    assert_eq!(
        app.hashes,
        vec![Hash {
            alg: "SHA256".into(),
            value: "abcd".into()
        }]
    );
    assert_eq!(app.licenses, vec!["MIT OR LicenseRef-x"]);
    assert_eq!(app.external_refs[0].url, "https://app.example");
    let s = app.party(PartyRole::Supplier).unwrap();
    assert_eq!(
        (s.name.as_deref(), s.emails.as_slice()),
        (Some("Acme Ltd"), &["sec@acme.example".to_string()][..])
    );
    assert_eq!(
        app.location.pointer,
        "/rdf:RDF/spdx:SpdxDocument[1]/spdx:relationship[1]/spdx:Relationship[1]/spdx:relatedSpdxElement[1]/spdx:Package[1]"
    );
    assert_eq!(app.location.line, Some(19));
    // The two occurrences of SPDXRef-Lib are one component.
    let lib = &sbom.components[1];
    assert_eq!(
        (lib.version.as_deref(), lib.download_location.as_deref()),
        (Some("2.0"), None)
    );
    assert_eq!(lib.location.pointer, "/rdf:RDF/spdx:Package[1]");
    let rels: Vec<(&str, &str, &str)> = sbom
        .relations
        .iter()
        .map(|r| (r.from.as_str(), r.kind.as_str(), r.to.as_str()))
        .collect();
    assert_eq!(
        rels,
        vec![
            ("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-App"),
            ("SPDXRef-App", "DEPENDS_ON", "SPDXRef-Lib"),
            ("SPDXRef-App", "COPY_OF", "DocumentRef-other:SPDXRef-X"),
        ]
    );
    assert_eq!(sbom.described, vec!["SPDXRef-App"]);
}

#[test]
fn refuses_dtds_and_reports_syntax_errors() {
    let mut w = Warnings::default();
    let dtd = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"b\">]><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>";
    assert!(matches!(read(dtd, &mut w), Err(ReadError::Invalid(m)) if m.contains("DOCTYPE")));
    let broken =
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<spdx:Package>";
    assert!(matches!(
        read(broken, &mut w),
        Err(ReadError::Syntax { line: 2, .. })
    ));
    let unsupported = DOC.replace("SPDX-2.3", "SPDX-1.2");
    assert!(
        matches!(read(&unsupported, &mut w), Err(ReadError::Unsupported { version }) if version == "1.2")
    );
}

#[test]
fn deep_nesting_is_refused_without_overflow() {
    let mut w = Warnings::default();
    let open = "<spdx:relationship><spdx:Relationship><spdx:relatedSpdxElement><spdx:Package>"
        .repeat(1000);
    let close = "</spdx:Package></spdx:relatedSpdxElement></spdx:Relationship></spdx:relationship>"
        .repeat(1000);
    let doc = format!(
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:spdx=\"http://spdx.org/rdf/terms#\"><spdx:Package>{open}{close}</spdx:Package></rdf:RDF>"
    );
    assert!(matches!(read(&doc, &mut w), Err(ReadError::Invalid(m)) if m.contains("nested")));
}

#[test]
fn relationship_types_in_upper_snake_case() {
    assert_eq!(upper_snake("dependsOn"), "DEPENDS_ON");
    assert_eq!(upper_snake("devDependencyOf"), "DEV_DEPENDENCY_OF");
    assert_eq!(upper_snake("contains"), "CONTAINS");
}
