//! CycloneDX JSON and XML over the shared corpus: every valid and real-world document reads with
//! the component count the manifest gives, every invalid one reads or fails cleanly, and a few
//! documents checked by hand map field by field.
#![allow(clippy::print_stderr)] // the corpus counts are the test's report

use crate::common;

use std::path::Path;

use bomscreen::ingest::{self, ReadOptions};
use bomscreen::model::{Origin, PartyRole, Sbom, Syntax};

/// The manifest counts components differently from the model in two ways, so each file where
/// the two differ is listed here with the reason, and the manifest's own rule is checked too:
/// - XML: the manifest counts every `<component>` below `/bom/components`, pedigree ancestors,
///   descendants and variants included. They are components of the model (origin Pedigree) but
///   not counted ones: a fork's upstream is not shipped twice. JSON rows of the same files do not
///   count them, which shows that this is an artefact of the count, not a different document.
/// - harp: the manifest does not count the 109 components nested in `metadata.component`. They are
///   parts of the described product (cyclonedx-gomod lists the main module's packages there), so
///   bomscreen counts and screens them.
fn count_exceptions() -> Vec<String> {
    let mut files =
        vec!["wild/bom-shelter/in-the-wild/cyclonedx/harp-darwin-amd64.sbom.json".to_string()];
    for version in ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"] {
        for name in [
            "bom",
            "external-elements",
            "patch",
            "random-attributes",
            "xml-signature",
        ] {
            files.push(format!(
                "conformance/cyclonedx/{version}/valid/valid-{name}-{version}.xml"
            ));
        }
    }
    files.sort();
    files
}

/// The component count as the manifest defines it: the `components` tree only, plus pedigree
/// entries in XML.
fn manifest_rule_count(sbom: &Sbom) -> usize {
    let root_origin = |mut i: usize| {
        while let Some(p) = sbom.components[i].parent {
            i = p;
        }
        sbom.components[i].origin
    };
    (0..sbom.components.len())
        .filter(|&i| {
            let c = &sbom.components[i];
            let kept =
                c.is_counted() || (sbom.syntax == Syntax::Xml && c.origin == Origin::Pedigree);
            kept && root_origin(i) == Origin::Listed
        })
        .count()
}

#[test]
fn every_cyclonedx_document_in_the_corpus() {
    let Some(dir) = common::corpus() else { return };
    let (mut read, mut counted, mut invalid_read, mut invalid_refused) = (0, 0, 0, 0);
    let (mut failures, mut differing) = (Vec::new(), Vec::new());
    for e in common::manifest(&dir)
        .into_iter()
        .filter(|e| e.format == "cyclonedx")
    {
        let path = dir.join(&e.path);
        let result = ingest::read(&path, &ReadOptions::default());
        match e.expected.as_str() {
            "valid" | "wild" => match result {
                Ok(sbom) => {
                    read += 1;
                    let ours = sbom.counted_components().count();
                    let Some(n) = e.components else { continue };
                    if n != ours {
                        differing.push(e.path.clone());
                    }
                    if n == manifest_rule_count(&sbom) {
                        counted += 1;
                    } else {
                        failures.push(format!("{}: {ours} components, manifest says {n}", e.path));
                    }
                }
                Err(err) => failures.push(format!("{}: {err:#}", e.path)),
            },
            // Invalid documents must end in a result or a clean error; a panic fails the test.
            "invalid" => match result {
                Ok(_) => invalid_read += 1,
                Err(_) => invalid_refused += 1,
            },
            _ => {}
        }
    }
    eprintln!(
        "cyclonedx corpus: {read} valid/wild read ({counted} with the manifest's component count), \
         invalid: {invalid_read} read tolerantly, {invalid_refused} refused"
    );
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    differing.sort();
    assert_eq!(
        differing,
        count_exceptions(),
        "files where the model and the manifest count differently"
    );
    assert!(read > 500, "expected the whole corpus, read only {read}");
}

fn read(dir: &Path, rel: &str) -> Sbom {
    ingest::read(&dir.join(rel), &ReadOptions::default()).unwrap_or_else(|e| panic!("{rel}: {e:#}"))
}

/// CycloneDX 1.1 XML (laravel, cyclonedx-php-composer): CDATA text, no bom-refs, no dependencies.
#[test]
fn xml_1_1_laravel() {
    let Some(dir) = common::corpus() else { return };
    let s = read(&dir, "wild/bom-examples/SBOM/laravel-7.12.0/bom.1.1.xml");
    assert_eq!((s.syntax, s.spec_version.as_str()), (Syntax::Xml, "1.1"));
    assert_eq!(s.counted_components().count(), 62);
    assert!(s.relations.is_empty() && s.described.is_empty());
    let c = &s.components[0];
    assert_eq!(
        (c.group.as_deref(), c.name.as_str(), c.version.as_deref()),
        (Some("asm89"), "stack-cors", Some("1.3.0"))
    );
    assert_eq!(
        c.purl.as_deref(),
        Some("pkg:composer/asm89/stack-cors@1.3.0")
    );
    assert_eq!(c.licenses, vec!["MIT"]);
    assert_eq!(c.external_refs.len(), 5);
    assert_eq!(c.external_refs[1].kind, "vcs");
    // No bom-ref in 1.1 documents: the id is the element path, marked as made up.
    assert_eq!(
        (c.id.as_str(), c.id_synthesized),
        ("/bom/components/component[1]", true)
    );
    assert_eq!(c.location.line, Some(4));
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

/// CycloneDX 1.2 XML (dropwizard, cyclonedx-maven-plugin): metadata component, nested
/// `<dependency>` refs, CDATA descriptions with white space around them.
#[test]
fn xml_1_2_dropwizard() {
    let Some(dir) = common::corpus() else { return };
    let s = read(&dir, "wild/bom-examples/SBOM/dropwizard-1.3.15/bom.xml");
    assert_eq!(s.spec_version, "1.2");
    assert_eq!(s.counted_components().count(), 167);
    assert_eq!(s.components[0].origin, Origin::Metadata);
    assert_eq!(s.name.as_deref(), Some("dropwizard-parent"));
    assert_eq!(
        s.described,
        vec!["pkg:maven/io.dropwizard/dropwizard-parent@1.3.15"]
    );
    // 167 <dependency ref> entries holding 170 inner <dependency> refs (counted with ElementTree).
    assert_eq!(s.relations.len(), 170);
    let jackson = &s.components[1];
    assert_eq!(jackson.location.line, Some(37));
    assert_eq!(
        jackson.description.as_deref(),
        Some("Core annotations used for value types, used by Jackson data binding package.")
    );
    assert_eq!(
        jackson
            .party(PartyRole::Publisher)
            .and_then(|p| p.name.as_deref()),
        Some("FasterXML")
    );
    let guava = &s.components[2];
    assert_eq!(guava.name, "guava");
    assert_eq!(
        (guava.hashes[0].alg.as_str(), &guava.hashes[0].value[..10]),
        ("MD5", "361459dd41")
    );
    assert_eq!(guava.licenses, vec!["Apache-2.0"]);
}

/// syft's CycloneDX (1.4 XML; the corpus has no syft CycloneDX JSON): metadata supplier and
/// authors, the extra CPEs syft writes as `syft:cpe23` properties.
#[test]
fn xml_1_4_syft_perl() {
    let Some(dir) = common::corpus() else { return };
    let s = read(&dir, "wild/bom-shelter/in-the-wild/cyclonedx/perl-cdx.xml");
    assert_eq!(s.counted_components().count(), 419);
    assert!(
        s.tools
            .iter()
            .any(|t| t.to_string() == "anchore syft 0.60.3")
    );
    assert_eq!(s.document_parties[0].name.as_deref(), Some("RKVST, Inc"));
    assert_eq!(s.document_parties[0].emails, vec!["support@rkvst.com"]);
    let image = &s.components[0];
    assert_eq!(
        (image.id.as_str(), image.kind.as_deref()),
        ("4392781ad648b547", Some("container"))
    );
    let supplier = image
        .party(PartyRole::Supplier)
        .expect("dockerhub supplier");
    assert_eq!(supplier.name.as_deref(), Some("dockerhub"));
    assert_eq!(supplier.urls, vec!["https://hub.docker.com"]);
    assert_eq!(image.location.line, Some(26));
    let adduser = &s.components[1];
    assert!(
        adduser
            .id
            .starts_with("pkg:deb/debian/adduser@3.115?arch=all&distro=debian-9")
    );
    assert_eq!(adduser.location.line, Some(41));
    // The third component has one `<cpe>` and nine `syft:cpe23` properties.
    let apt = &s.components[3];
    assert_eq!(apt.name, "apt-transport-https");
    assert_eq!(apt.cpes.len(), 10);
    assert_eq!(
        apt.cpes[0],
        "cpe:2.3:a:apt-transport-https:apt-transport-https:1.4.11:*:*:*:*:*:*:*"
    );
}

/// cyclonedx-gomod 1.4 JSON: nested components under the metadata component and under listed
/// ones, and lines resolved from JSON pointers.
#[test]
fn json_1_4_gomod_nesting() {
    let Some(dir) = common::corpus() else { return };
    let s = read(
        &dir,
        "wild/bom-shelter/in-the-wild/cyclonedx/harp-darwin-amd64.sbom.json",
    );
    assert_eq!(s.components[0].name, "github.com/elastic/harp");
    let in_metadata = s.components.iter().filter(|c| c.parent == Some(0)).count();
    assert_eq!(in_metadata, 109);
    assert_eq!(s.counted_components().count(), 705 + 109);
    let age = s
        .components
        .iter()
        .position(|c| c.location.pointer == "/components/0")
        .unwrap();
    assert_eq!(
        s.components[age].id,
        "pkg:golang/filippo.io/age@v1.0.0?type=module"
    );
    assert_eq!(s.components[age].location.line, Some(745));
    let inner = &s.components[age + 1];
    assert_eq!((inner.origin, inner.parent), (Origin::Nested, Some(age)));
    assert_eq!(
        inner.purl.as_deref(),
        Some("pkg:golang/filippo.io/age@v1.0.0?type=package")
    );
    assert_eq!(inner.location.line, Some(753));
    assert_eq!(s.relations.len(), 443);
}

/// CycloneDX 1.6 JSON: component manufacturer and authors, metadata manufacturer, pedigree.
#[test]
fn json_1_6_bom() {
    let Some(dir) = common::corpus() else { return };
    let s = read(&dir, "conformance/cyclonedx/1.6/valid/valid-bom-1.6.json");
    assert_eq!(s.spec_version, "1.6");
    let lib = s.components.iter().find(|c| c.name == "mylibrary").unwrap();
    let supplier = lib.party(PartyRole::Supplier).unwrap();
    assert_eq!(supplier.name.as_deref(), Some("Example, Inc."));
    assert_eq!(supplier.urls.len(), 2);
    assert_eq!(
        supplier.emails,
        vec!["support@example.com", "support@apac.example.com"]
    );
    let maker = lib.party(PartyRole::Manufacturer).unwrap();
    assert_eq!(
        (maker.name.as_deref(), maker.emails[0].as_str()),
        (Some("Example-2, Inc."), "support@example.org")
    );
    let authors: Vec<_> = lib
        .parties
        .iter()
        .filter(|p| p.role == PartyRole::Author)
        .filter_map(|p| p.name.as_deref())
        .collect();
    assert_eq!(
        authors,
        vec!["Anthony Edward Stark", "Peter Benjamin Parker"]
    );
    // 1.6 `metadata.manufacturer` is "the organization that created the BOM": the document's
    // author, not the product's manufacturer (issue 12).
    assert!(
        s.document_parties
            .iter()
            .any(|p| p.role == PartyRole::Author && p.name.as_deref() == Some("Acme, Inc."))
    );
    assert!(
        !s.document_parties
            .iter()
            .any(|p| p.role == PartyRole::Manufacturer)
    );
    let tomcat = s
        .components
        .iter()
        .position(|c| c.name == "tomcat-catalina" && c.origin == Origin::Listed)
        .unwrap();
    let ancestor = &s.components[tomcat + 1];
    assert_eq!(
        (ancestor.origin, ancestor.parent),
        (Origin::Pedigree, Some(tomcat))
    );
    assert_eq!(
        ancestor.location.pointer,
        "/components/0/pedigree/ancestors/0"
    );
    assert_eq!(s.components[tomcat].ancestors, vec![ancestor.id.clone()]);
    assert_eq!(ancestor.group.as_deref(), Some("org.apache.tomcat"));
}

/// CycloneDX 1.7: JSON and XML of the same document give the same components.
#[test]
fn json_and_xml_1_7_agree() {
    let Some(dir) = common::corpus() else { return };
    let json = read(&dir, "conformance/cyclonedx/1.7/valid/valid-bom-1.7.json");
    let xml = read(&dir, "conformance/cyclonedx/1.7/valid/valid-bom-1.7.xml");
    assert_eq!(
        (json.spec_version.as_str(), xml.spec_version.as_str()),
        ("1.7", "1.7")
    );
    let names = |s: &Sbom| {
        s.components
            .iter()
            .filter(|c| c.origin != Origin::Pedigree)
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
    };
    let json_names = names(&json);
    assert!(
        json_names.iter().all(|n| names(&xml).contains(n)),
        "{json_names:?} vs {:?}",
        names(&xml)
    );
    // The metadata component has no bom-ref, so each id is its own pointer; the names agree.
    assert_eq!(
        (json.described.len(), json.name.as_deref()),
        (1, Some("Acme Application"))
    );
    assert_eq!(json.name, xml.name);
    let x = xml
        .components
        .iter()
        .find(|c| c.name == "mylibrary")
        .unwrap();
    assert_eq!(
        x.party(PartyRole::Manufacturer)
            .and_then(|p| p.name.as_deref()),
        Some("Example-2, Inc.")
    );
    assert!(
        x.location.line.is_some() && x.location.pointer.starts_with("/bom/components/component[")
    );
}

/// Black Duck 1.5 JSON of an STM32 firmware package: empty supplier names are not parties.
#[test]
fn json_1_5_firmware_blackduck() {
    let Some(dir) = common::corpus() else { return };
    let s = read(&dir, "firmware/stm32cubeh7-blackduck/sbom_cdx.json");
    assert_eq!(s.counted_components().count(), 116);
    assert_eq!(s.name.as_deref(), Some("STM32CubeH7"));
    let fatfs = s.components.iter().find(|c| c.name == "FatFS").unwrap();
    assert!(fatfs.party(PartyRole::Supplier).is_none());
    assert_eq!(s.relations.len(), 117);
}

/// A document without `bomFormat` is recognised by its specVersion and components.
#[test]
fn missing_bom_format_reads_with_a_warning() {
    let text = br#"{"specVersion": "1.5", "components": [{"type": "library", "name": "a"}]}"#;
    let s = ingest::read_bytes(text, "t.json", &ReadOptions::default()).expect("reads");
    assert_eq!(s.counted_components().count(), 1);
    assert!(
        s.warnings
            .iter()
            .any(|w| w.code == "missing-field" && w.message.contains("bomFormat"))
    );
    let strict = ingest::read_bytes(text, "t.json", &ReadOptions { strict: true });
    assert!(strict.is_err());
}

/// Issue 13 item 6: without `specVersion`, the version `$schema` names is the one read.
#[test]
fn a_missing_spec_version_is_taken_from_the_schema_url() {
    let doc = r#"{"$schema": "http://cyclonedx.org/schema/bom-1.4.schema.json", "bomFormat": "CycloneDX",
        "version": 1, "components": [{"type": "library", "name": "a", "version": "1"}]}"#;
    let sbom = ingest::read_bytes(doc.as_bytes(), "bom.json", &ReadOptions::default()).unwrap();
    assert_eq!(sbom.spec_version, "1.4");
    let w = sbom
        .warnings
        .iter()
        .find(|w| w.code == "missing-field")
        .unwrap();
    assert!(
        w.message.contains("1.4") && w.message.contains("$schema"),
        "{}",
        w.message
    );
}
