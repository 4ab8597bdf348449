//! Unit tests of the CycloneDX XML reader on small inline documents.

use super::*;
use crate::model::{Origin, PartyRole, Scope};

fn read_ok(text: &str) -> (Sbom, Vec<crate::model::Warning>) {
    let mut w = Warnings::default();
    let sbom = read(text, &mut w).expect("reads");
    (sbom, w.into_vec())
}

#[test]
fn refuses_dtd() {
    let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\"><components/></bom>";
    let mut w = Warnings::default();
    match read(bomb, &mut w) {
        Err(ReadError::Invalid(m)) => assert!(m.contains("DOCTYPE"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn syntax_error_has_position() {
    let mut w = Warnings::default();
    match read(
        "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\">\n<components>\n</bom>",
        &mut w,
    ) {
        Err(ReadError::Syntax { line, message, .. }) => {
            assert_eq!(line, 3);
            assert!(!message.ends_with(":1"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn versions_from_namespace() {
    let mut w = Warnings::default();
    assert!(matches!(
        read("<bom xmlns=\"http://cyclonedx.org/schema/bom/2.0\"/>", &mut w),
        Err(ReadError::Unsupported { version }) if version == "2.0"
    ));
    let (s, w) = read_ok(
        "<bom xmlns=\"http://example.com/bom\"><components><component type=\"library\"><name>a</name></component></components></bom>",
    );
    assert_eq!(s.spec_version, LATEST);
    // The document's own namespace is the one its elements are read in.
    assert_eq!(s.components.len(), 1);
    assert!(w.iter().any(|w| w.code == "unknown-field-value"));
}

#[test]
fn maps_xml_shapes() {
    let (s, _) = read_ok(
        r#"<?xml version="1.0"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" xmlns:x="urn:other" serialNumber="urn:uuid:1">
  <metadata>
    <component type="firmware" bom-ref="fw"><name>fw</name>
      <components><component type="library"><name>inner</name></component></components>
    </component>
    <manufacturer><name>Maker</name><address><country>RU</country></address></manufacturer>
  </metadata>
  <components>
    <component type="library" bom-ref="a">
      <supplier><name>Acme</name><url>https://acme.example</url><contact><name>Bob</name><email>b@acme.example</email></contact></supplier>
      <author>Someone</author>
      <name>a</name><version>1</version><scope>optional</scope>
      <hashes><hash alg="sha-256">ABC</hash></hashes>
      <licenses><license><id>MIT</id></license><expression>A OR B</expression></licenses>
      <cpe>cpe:2.3:a:acme:a:1:*:*:*:*:*:*:*</cpe>
      <purl>pkg:generic/a@1</purl>
      <x:extra><name>not a field</name></x:extra>
      <pedigree><ancestors><component type="library" bom-ref="up"><name>up</name></component></ancestors></pedigree>
      <externalReferences><reference type="website"><url>https://a.example</url></reference></externalReferences>
      <properties><property name="syft:cpe23">cpe:2.3:a:other:a:1:*:*:*:*:*:*:*</property></properties>
      <components><component type="file"><name>f</name></component></components>
    </component>
  </components>
  <dependencies>
    <dependency ref="a"><dependency ref="b"><dependency ref="c"/></dependency><provides ref="d"/></dependency>
  </dependencies>
</bom>"#,
    );
    assert_eq!(s.spec_version, "1.6");
    assert_eq!(s.serial.as_deref(), Some("urn:uuid:1"));
    assert_eq!(s.described, vec!["fw"]);
    assert_eq!(s.document_parties[0].country.as_deref(), Some("RU"));
    let names: Vec<_> = s
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.origin, c.parent))
        .collect();
    assert_eq!(
        names,
        vec![
            ("fw", Origin::Metadata, None),
            ("inner", Origin::Nested, Some(0)),
            ("a", Origin::Listed, None),
            ("up", Origin::Pedigree, Some(2)),
            ("f", Origin::Nested, Some(2)),
        ]
    );
    let a = &s.components[2];
    assert_eq!(a.location.pointer, "/bom/components/component[1]");
    assert_eq!(a.location.line, Some(10));
    assert_eq!(
        s.components[4].location.pointer,
        "/bom/components/component[1]/components/component[1]"
    );
    let sup = a.party(PartyRole::Supplier).unwrap();
    assert_eq!(
        (sup.name.as_deref(), sup.emails.len(), sup.urls.len()),
        (Some("Acme"), 1, 1)
    );
    assert_eq!(
        a.party(PartyRole::Author).unwrap().name.as_deref(),
        Some("Someone")
    );
    assert_eq!(a.scope, Scope::Optional);
    assert_eq!(a.hashes[0].alg, "SHA-256");
    assert_eq!(a.hashes[0].value, "abc");
    assert_eq!(a.licenses, vec!["MIT", "A OR B"]);
    assert_eq!(a.cpes.len(), 2);
    assert_eq!(a.ancestors, vec!["up"]);
    assert_eq!(a.external_refs[0].kind, "website");
    let rels: Vec<_> = s
        .relations
        .iter()
        .map(|r| (r.from.as_str(), r.to.as_str(), r.kind.as_str()))
        .collect();
    assert_eq!(
        rels,
        vec![
            ("a", "b", "dependsOn"),
            ("b", "c", "dependsOn"),
            ("a", "d", "provides")
        ]
    );
}

#[test]
fn deep_nesting_is_cut_with_a_warning() {
    let depth = MAX_DEPTH + 10;
    let mut xml = String::from("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\"><components>");
    for _ in 0..depth {
        xml.push_str("<component type=\"library\"><name>x</name><components>");
    }
    for _ in 0..depth {
        xml.push_str("</components></component>");
    }
    xml.push_str("</components></bom>");
    let (s, w) = read_ok(&xml);
    assert_eq!(s.components.len(), MAX_DEPTH + 1);
    assert!(w.iter().any(|w| w.code == "nesting-too-deep"));
}
