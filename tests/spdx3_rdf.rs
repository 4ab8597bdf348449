//! SPDX 3 JSON-LD and SPDX 2 RDF/XML against the shared corpus: every file reads, package
//! counts agree with the manifest, and four documents are checked field by field.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use bomscreen::ingest::{self, ReadOptions};
use bomscreen::model::{Hash, Origin, PartyKind, PartyRole, Sbom, Standard, Syntax};

fn read(dir: &Path, rel: &str) -> Sbom {
    ingest::read(&dir.join(rel), &ReadOptions::default()).unwrap_or_else(|e| panic!("{e:#}"))
}

/// Valid documents that still earn a warning, and why.
const EXPECTED_WARNINGS: &[(&str, &str)] = &[
    // `originatedBy: ["Organization: An example organization"]` is an SPDX 2 actor string where
    // an element reference belongs; it is read as the originator and reported.
    (
        "conformance/spdx/3.0/valid/tools-java/double.jsonld",
        "unknown-ref",
    ),
];

#[test]
fn every_spdx3_and_rdf_file_reads_with_the_manifest_package_count() {
    let Some(dir) = common::corpus() else { return };
    let rows: Vec<common::Entry> = common::manifest(&dir)
        .into_iter()
        .filter(|r| r.encoding == "jsonld" || r.encoding == "rdf")
        .collect();
    assert_eq!(
        rows.len(),
        41,
        "30 SPDX 3 JSON-LD files and 11 SPDX 2 RDF/XML files"
    );
    let (mut ok, mut invalid_err) = (0, 0);
    for row in &rows {
        let result = ingest::read(&dir.join(&row.path), &ReadOptions::default());
        let sbom = match (result, row.expected.as_str()) {
            (Ok(sbom), _) => sbom,
            (Err(_), "invalid") => {
                invalid_err += 1;
                continue;
            }
            (Err(e), _) => panic!("{e:#}"),
        };
        ok += 1;
        let (standard, syntax) = if row.encoding == "jsonld" {
            (Standard::Spdx3, Syntax::JsonLd)
        } else {
            (Standard::Spdx2, Syntax::RdfXml)
        };
        assert_eq!(
            (sbom.standard, sbom.syntax),
            (standard, syntax),
            "{}",
            row.path
        );
        // The manifest counts SPDX packages (for SPDX 3: software_Package elements, which in
        // this corpus include the ai_/dataset_ package subclasses); files are not counted.
        assert_eq!(
            Some(sbom.counted_components().count()),
            row.components,
            "{}",
            row.path
        );
        if row.expected != "invalid" {
            let codes: Vec<&str> = sbom.warnings.iter().map(|w| w.code.as_str()).collect();
            let expected: Vec<&str> = EXPECTED_WARNINGS
                .iter()
                .filter(|(p, _)| *p == row.path)
                .map(|(_, c)| *c)
                .collect();
            assert_eq!(codes, expected, "{}: {:?}", row.path, sbom.warnings);
            // Every component is located; JSON-LD ones get their line from the front end.
            for c in &sbom.components {
                assert!(
                    c.location.line.is_some(),
                    "{}: {} has no line",
                    row.path,
                    c.id
                );
            }
        }
    }
    assert_eq!(
        (ok, invalid_err),
        (41, 0),
        "the 3 invalid RDF files are read with warnings"
    );
}

#[test]
fn invalid_rdf_files_are_read_with_warnings() {
    let Some(dir) = common::corpus() else { return };
    let base = "conformance/spdx/2.3/invalid/tools-python/";
    let sbom = read(&dir, &format!("{base}file_without_spdx_ids.xml"));
    let package = sbom.counted_components().next().unwrap();
    assert!(package.id_synthesized);
    assert_eq!(package.id, "/rdf:RDF/spdx:Package[1]");
    assert_eq!(package.name, "packageName");
    let codes: Vec<&str> = sbom.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, vec!["missing-field"]);
    for name in [
        "invalid_creation_info.rdf.xml",
        "invalid_creation_info_with_snippet.rdf.xml",
    ] {
        let sbom = read(&dir, &format!("{base}{name}"));
        assert!(sbom.created.is_none());
        assert!(
            sbom.warnings.iter().any(|w| w.code == "missing-field"),
            "{name}"
        );
    }
}

/// The spdx-spec 2.3 RDF example against values copied by hand from its JSON twin,
/// conformance/spdx/2.3/valid/spdx-spec/SPDXJSONExample-v2.3.spdx.json.
#[test]
fn spdx_spec_rdf_example_matches_its_json_twin() {
    let Some(dir) = common::corpus() else { return };
    let sbom = read(
        &dir,
        "conformance/spdx/2.3/valid/spdx-spec/SPDXRdfExample-v2.3.spdx.rdf.xml",
    );
    assert_eq!(sbom.spec_version, "2.3");
    assert_eq!(sbom.name.as_deref(), Some("SPDX-Tools-v2.0"));
    assert_eq!(
        sbom.serial.as_deref(),
        Some("http://spdx.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301")
    );
    assert_eq!(sbom.created.as_deref(), Some("2010-01-29T18:30:22Z"));
    assert_eq!(sbom.tools.len(), 1);
    assert_eq!(
        (
            sbom.tools[0].name.as_str(),
            sbom.tools[0].version.as_deref()
        ),
        ("LicenseFind", Some("1.0"))
    );
    let creators: BTreeSet<(PartyKind, &str)> = sbom
        .document_parties
        .iter()
        .map(|p| (p.kind, p.name.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        creators,
        BTreeSet::from([
            (PartyKind::Organization, "ExampleCodeInspect"),
            (PartyKind::Person, "Jane Doe")
        ])
    );
    // documentDescribes: ["SPDXRef-File", "SPDXRef-Package"]
    assert_eq!(
        sbom.described
            .iter()
            .map(String::as_str)
            .collect::<BTreeSet<_>>(),
        BTreeSet::from(["SPDXRef-File", "SPDXRef-Package"])
    );

    let packages: BTreeSet<&str> = sbom.counted_components().map(|c| c.id.as_str()).collect();
    assert_eq!(
        packages,
        BTreeSet::from([
            "SPDXRef-Package",
            "SPDXRef-fromDoap-1",
            "SPDXRef-fromDoap-0",
            "SPDXRef-Saxon"
        ])
    );
    let files: BTreeSet<(&str, &str)> = sbom
        .components
        .iter()
        .filter(|c| c.origin == Origin::File && c.kind.as_deref() == Some("file"))
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(
        files,
        BTreeSet::from([
            (
                "SPDXRef-DoapSource",
                "./src/org/spdx/parser/DOAPProject.java"
            ),
            (
                "SPDXRef-CommonsLangSrc",
                "./lib-source/commons-lang3-3.1-sources.jar"
            ),
            ("SPDXRef-JenaLib", "./lib-source/jena-2.6.3-sources.jar"),
            ("SPDXRef-Specification", "./docs/myspec.pdf"),
            ("SPDXRef-File", "./package/foo.c"),
        ])
    );
    let snippet = sbom
        .components
        .iter()
        .find(|c| c.kind.as_deref() == Some("snippet"))
        .unwrap();
    assert_eq!(
        (snippet.id.as_str(), snippet.name.as_str()),
        ("SPDXRef-Snippet", "from linux kernel")
    );

    let by_id = |id: &str| sbom.components.iter().find(|c| c.id == id).unwrap();
    let glibc = by_id("SPDXRef-Package");
    assert_eq!(
        (glibc.name.as_str(), glibc.version.as_deref()),
        ("glibc", Some("2.11.1"))
    );
    let supplier = glibc.party(PartyRole::Supplier).unwrap();
    assert_eq!(
        (supplier.kind, supplier.name.as_deref()),
        (PartyKind::Person, Some("Jane Doe"))
    );
    assert_eq!(supplier.emails, vec!["jane.doe@example.com"]);
    let originator = glibc.party(PartyRole::Originator).unwrap();
    assert_eq!(
        (originator.kind, originator.name.as_deref()),
        (PartyKind::Organization, Some("ExampleCodeInspect"))
    );
    assert_eq!(originator.emails, vec!["contact@example.com"]);
    assert_eq!(
        glibc.download_location.as_deref(),
        Some("http://ftp.gnu.org/gnu/glibc/glibc-ports-2.15.tar.gz")
    );
    assert_eq!(glibc.file_names, vec!["glibc-2.11.1.tar.gz"]);
    assert_eq!(
        glibc.copyright.as_deref(),
        Some("Copyright 2008-2010 John Smith")
    );
    assert_eq!(glibc.kind.as_deref(), Some("source"));
    assert_eq!(glibc.release_date.as_deref(), Some("2012-01-29T18:30:22Z"));
    assert_eq!(glibc.built_date.as_deref(), Some("2011-01-29T18:30:22Z"));
    assert_eq!(
        glibc.cpes,
        vec!["cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*"]
    );
    let refs: BTreeSet<(&str, &str)> = glibc
        .external_refs
        .iter()
        .map(|r| (r.kind.as_str(), r.url.as_str()))
        .collect();
    assert_eq!(
        refs,
        BTreeSet::from([
            ("homepage", "http://ftp.gnu.org/gnu/glibc"),
            (
                "http://spdx.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301#LocationRef-acmeforge",
                "acmecorp/acmenator/4.1.3-alpha"
            ),
        ])
    );
    let hashes: BTreeSet<(&str, &str)> = glibc
        .hashes
        .iter()
        .map(|h| (h.alg.as_str(), h.value.as_str()))
        .collect();
    // JSON spells the last algorithm BLAKE2b-384; RDF's enumeration value is blake2b384.
    assert_eq!(
        hashes,
        BTreeSet::from([
            ("MD5", "624c1abb3664f4b35547e7c73864ad24"),
            ("SHA1", "85ed0817af83a24ad8da68c2b5094de69833983c"),
            (
                "SHA256",
                "11b6d3ee554eedf79299905a98f9b9a04e498210b59f15094c916c91d150efcd"
            ),
            (
                "BLAKE2B384",
                "aaabd89c926ab525c242e6621f2f5fa73aa4afe3d9e24aed727faaadd6af38b620bdb623dd2b4788b1c8086984af8706"
            ),
        ])
    );
    // licenseDeclared "(LGPL-2.0-only AND LicenseRef-3)", licenseConcluded "(LGPL-2.0-only OR
    // LicenseRef-3)": the same operands, in RDF's member order.
    let mut licenses: Vec<String> = glibc
        .licenses
        .iter()
        .map(|l| {
            let mut ops: Vec<&str> = l.split(' ').collect();
            ops.sort();
            ops.join(" ")
        })
        .collect();
    licenses.sort();
    assert_eq!(
        licenses,
        vec![
            "AND LGPL-2.0-only LicenseRef-3",
            "LGPL-2.0-only LicenseRef-3 OR"
        ]
    );

    let jena = by_id("SPDXRef-fromDoap-0");
    assert_eq!(
        (jena.name.as_str(), jena.version.as_deref()),
        ("Jena", Some("3.12.0"))
    );
    assert_eq!(
        jena.purl.as_deref(),
        Some("pkg:maven/org.apache.jena/apache-jena@3.12.0")
    );
    assert_eq!(jena.external_refs[0].url, "http://www.openjena.org/");
    let commons = by_id("SPDXRef-fromDoap-1");
    assert_eq!(commons.name, "Apache Commons Lang");
    assert_eq!(
        (
            commons.download_location.as_deref(),
            commons.copyright.as_deref()
        ),
        (None, None)
    );
    assert!(commons.licenses.is_empty(), "NOASSERTION is no licence");
    let saxon = by_id("SPDXRef-Saxon");
    assert_eq!(
        (saxon.version.as_deref(), saxon.copyright.as_deref()),
        (Some("8.8"), Some("Copyright Saxonica Ltd"))
    );
    assert_eq!(saxon.file_names, vec!["saxonB-8.8.zip"]);
    assert_eq!(
        saxon.hashes,
        vec![Hash {
            alg: "SHA1".into(),
            value: "85ed0817af83a24ad8da68c2b5094de69833983c".into()
        }]
    );
    assert_eq!(saxon.licenses, vec!["MPL-1.0"]);
    assert_eq!(saxon.location.line, Some(3244));
    let file = by_id("SPDXRef-File");
    assert_eq!(file.hashes.len(), 2);
    assert_eq!(
        file.copyright.as_deref(),
        Some("Copyright 2008-2010 John Smith")
    );

    // The JSON's 7 relationships, plus what JSON says in other fields: the two DESCRIBES
    // (documentDescribes) and the package's CONTAINS of its four files (hasFiles).
    let relations: BTreeSet<(&str, &str, &str)> = sbom
        .relations
        .iter()
        .map(|r| (r.from.as_str(), r.kind.as_str(), r.to.as_str()))
        .collect();
    assert_eq!(
        relations,
        BTreeSet::from([
            ("SPDXRef-DOCUMENT", "CONTAINS", "SPDXRef-Package"),
            (
                "SPDXRef-DOCUMENT",
                "COPY_OF",
                "DocumentRef-spdx-tool-1.2:SPDXRef-ToolsElement"
            ),
            ("SPDXRef-Package", "DYNAMIC_LINK", "SPDXRef-Saxon"),
            ("SPDXRef-CommonsLangSrc", "GENERATED_FROM", "NOASSERTION"),
            ("SPDXRef-JenaLib", "CONTAINS", "SPDXRef-Package"),
            (
                "SPDXRef-Specification",
                "SPECIFICATION_FOR",
                "SPDXRef-fromDoap-0"
            ),
            ("SPDXRef-File", "GENERATED_FROM", "SPDXRef-fromDoap-0"),
            ("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Package"),
            ("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-File"),
            ("SPDXRef-Package", "CONTAINS", "SPDXRef-CommonsLangSrc"),
            ("SPDXRef-Package", "CONTAINS", "SPDXRef-JenaLib"),
            ("SPDXRef-Package", "CONTAINS", "SPDXRef-DoapSource"),
            ("SPDXRef-Package", "CONTAINS", "SPDXRef-Specification"),
        ])
    );
    assert_eq!(sbom.relations.len(), 13);
}

/// The UTF-16 copy of the 2.2 example reads like its UTF-8 original.
#[test]
fn utf16_rdf_reads_like_the_utf8_original() {
    let Some(dir) = common::corpus() else { return };
    let utf16 = read(
        &dir,
        "conformance/spdx/2.3/valid/tools-python/SPDXRdfExample-UTF-16.spdx.rdf.xml",
    );
    let utf8 = read(
        &dir,
        "conformance/spdx/2.2/valid/spdx-spec/SPDXRdfExample-v2.2.spdx.rdf.xml",
    );
    assert_eq!(utf16.encoding.charset, "utf-16le");
    let ids = |s: &Sbom| {
        s.components
            .iter()
            .map(|c| c.id.clone())
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(ids(&utf16), ids(&utf8));
    assert_eq!(utf16.relations.len(), utf8.relations.len());
}

/// spdx-examples software/example13: suppliers through Organization and Person elements, and
/// four relationships.
#[test]
fn spdx3_example13_suppliers_and_relationships() {
    let Some(dir) = common::corpus() else { return };
    let sbom = read(
        &dir,
        "conformance/spdx/3.0/valid/spdx-examples/software/example13/spdx3.0/example13.spdx3.json",
    );
    assert_eq!(sbom.spec_version, "3.0.1");
    assert_eq!(
        sbom.serial.as_deref(),
        Some("http://spdx.example.com/Document1")
    );
    assert_eq!(sbom.created.as_deref(), Some("2024-05-02T00:00:00Z"));
    let app = "urn:product-acme-application-1.3-4fe40e24-20e3-11ee-be56-0242ac120002";
    let elliptic = "urn:npm-elliptic-6.5.2-4fe40e24-20e3-11ee-be56-0242ac120002";
    let alpine = "urn:container-alpine-latest-sha256:69665d02cb32192e52e07644d76bc6f25abeb5410edc1c7a81a10ba3f0efb90a-4fe40e24-20e3-11ee-be56-0242ac120002";
    let openssl = "urn:openssl-3.0.4-4fe40e24-20e3-11ee-be56-0242ac120002";
    let jane = "urn:jane-doe-1@acme.com-4fe40e24-20e3-11ee-be56-0242ac120002";
    // The document's root is an Sbom whose root is the application.
    assert_eq!(sbom.described, vec![app]);
    type Row<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<(PartyKind, &'a str)>,
    );
    let rows: Vec<Row> = sbom
        .components
        .iter()
        .map(|c| {
            let s = c
                .party(PartyRole::Supplier)
                .map(|p| (p.kind, p.name.as_deref().unwrap_or("")));
            (
                c.id.as_str(),
                c.name.as_str(),
                c.version.as_deref(),
                c.kind.as_deref(),
                s,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                app,
                "Acme Application",
                Some("1.3"),
                Some("application"),
                Some((PartyKind::Organization, "Acme Company"))
            ),
            (
                elliptic,
                "npm-elliptic",
                Some("6.5.2"),
                Some("library"),
                Some((PartyKind::Person, "Fedor Indutny"))
            ),
            (
                alpine,
                "alpine:latest",
                Some("69665d02cb32192e52e07644d76bc6f25abeb5410edc1c7a81a10ba3f0efb90a"),
                Some("container"),
                Some((PartyKind::Organization, "Alpine Linux"))
            ),
            (openssl, "openssl", Some("3.0.4"), Some("library"), None),
        ]
    );
    let indutny = sbom.components[1].party(PartyRole::Supplier).unwrap();
    assert_eq!(indutny.urls, vec!["https://github.com/indutny"]);
    assert_eq!(
        sbom.components[1].external_refs[0].url,
        "https://github.com/indutny/elliptic/releases/tag/v6.5.2"
    );
    assert_eq!(sbom.components[1].location.pointer, "/@graph/8");
    assert_eq!(sbom.components[1].location.line, Some(86));
    let creators: Vec<(PartyKind, &str, &[String])> = sbom
        .document_parties
        .iter()
        .map(|p| (p.kind, p.name.as_deref().unwrap_or(""), p.emails.as_slice()))
        .collect();
    assert_eq!(
        creators,
        vec![
            (
                PartyKind::Person,
                "Application Owner Jane Doe",
                &["jane-doe-1@acme.com".to_string()][..]
            ),
            (PartyKind::Organization, "Acme Company", &[][..]),
        ]
    );
    let relations: Vec<(&str, &str, &str)> = sbom
        .relations
        .iter()
        .map(|r| (r.from.as_str(), r.kind.as_str(), r.to.as_str()))
        .collect();
    assert_eq!(
        relations,
        vec![
            (app, "availableFrom", jane),
            (app, "contains", elliptic),
            (app, "dependsOn", alpine),
            (alpine, "contains", openssl),
        ]
    );
}

/// spdx-examples software/example9 (App-BOM-ination): a LifecycleScopedRelationship keeps its
/// scope, and packages keep purls and homepages.
#[test]
fn spdx3_lifecycle_scope_and_purls() {
    let Some(dir) = common::corpus() else { return };
    let sbom = read(
        &dir,
        "conformance/spdx/3.0/valid/spdx-examples/software/example9/spdx3.0/appbomination.spdx3.json",
    );
    let ns = "http://www.sourceauditor.com/spdxdocs/appbomination-src/e3b71037-57de-44c9-8b7f-4e8a62f45311-specv3/";
    let test_dep = sbom
        .relations
        .iter()
        .find(|r| r.lifecycle.is_some())
        .unwrap();
    assert_eq!(
        (
            test_dep.from.as_str(),
            test_dep.kind.as_str(),
            test_dep.to.as_str(),
            test_dep.lifecycle.as_deref()
        ),
        (
            format!("{ns}SPDXRef-gnrtd3").as_str(),
            "dependsOn",
            format!("{ns}SPDXRef-gnrtd76").as_str(),
            Some("test")
        )
    );
    let junit = sbom.components.iter().find(|c| c.name == "junit").unwrap();
    assert_eq!(junit.purl.as_deref(), Some("pkg:maven/junit/junit@4.12"));
    let app = sbom
        .components
        .iter()
        .find(|c| c.name == "App-BOM-ination")
        .unwrap();
    assert_eq!(
        app.party(PartyRole::Supplier).unwrap().name.as_deref(),
        Some("ACT Project")
    );
    assert_eq!(
        app.party(PartyRole::Originator).unwrap().name.as_deref(),
        Some("Yevester")
    );
    assert_eq!(
        app.description
            .as_deref()
            .map(|d| d.starts_with("A uniquely useless project")),
        Some(true)
    );
    assert_eq!(sbom.described, vec![format!("{ns}SPDXRef-gnrtd3")]);
}

/// Microsoft sbom-tool SPDX 3.0 output: SPDX 2 habits in SPDX 3 clothes (actor prefixes in
/// names, `DEPENDS_ON`, ExternalIdentifier elements at top level, `DESCRIBES` from
/// `SPDXRef-DOCUMENT`).
#[test]
fn sbom_tool_spdx3_wild_file() {
    let Some(dir) = common::corpus() else { return };
    let sbom = read(&dir, "wild/sbom-tool/spdx_3.0/manifest.spdx.json");
    assert_eq!(sbom.spec_version, "3.0");
    assert_eq!(sbom.name.as_deref(), Some("sbom-tool sample 4.0.3"));
    assert_eq!(sbom.created.as_deref(), Some("2025-06-14T00:37:36Z"));
    assert_eq!(sbom.tools.len(), 1);
    assert_eq!(
        (
            sbom.tools[0].name.as_str(),
            sbom.tools[0].version.as_deref()
        ),
        ("Microsoft.SBOMTool", Some("0.0.0-preview.0"))
    );
    let creator = &sbom.document_parties[0];
    assert_eq!(
        (creator.kind, creator.name.as_deref()),
        (PartyKind::Organization, Some("Microsoft"))
    );
    assert_eq!(sbom.described, vec!["SPDXRef-RootPackage"]);
    assert_eq!(sbom.counted_components().count(), 267);
    assert_eq!(sbom.components.len(), 268);

    let file = &sbom.components[0];
    assert_eq!(
        (file.origin, file.name.as_str()),
        (Origin::File, "./sbom-tool-win-x64.exe")
    );
    assert_eq!(file.hashes.len(), 2);
    assert_eq!(file.hashes[0].alg, "SHA256");

    let adapters = &sbom.components[1];
    assert_eq!(
        adapters.id,
        "SPDXRef-Package-4E5CC02B0C64CB2C9B1735E343ADD8A5693571CA44CA3D3C03830BE5BB9C0EB4"
    );
    assert_eq!(
        (adapters.name.as_str(), adapters.version.as_deref()),
        ("Microsoft.Sbom.Adapters", Some("4.0.3"))
    );
    assert_eq!(
        adapters.purl.as_deref(),
        Some("pkg:nuget/Microsoft.Sbom.Adapters@4.0.3")
    );
    let supplier = adapters.party(PartyRole::Supplier).unwrap();
    assert_eq!(
        (supplier.kind, supplier.name.as_deref()),
        (PartyKind::Organization, Some("Microsoft"))
    );
    assert_eq!(adapters.location.pointer, "/@graph/5");
    assert!(
        adapters.licenses.is_empty(),
        "the licence element is NOASSERTION"
    );

    // 11 packages name Microsoft; 255 point at an Organization named NOASSERTION.
    let supplied: Vec<&str> = sbom
        .counted_components()
        .filter_map(|c| c.party(PartyRole::Supplier))
        .filter_map(|p| p.name.as_deref())
        .collect();
    assert_eq!(supplied.len(), 11);
    assert!(supplied.iter().all(|n| *n == "Microsoft"));
    assert_eq!(
        sbom.counted_components()
            .filter(|c| c.purl.is_some())
            .count(),
        267
    );

    let count = |kind: &str| sbom.relations.iter().filter(|r| r.kind == kind).count();
    assert_eq!(
        (
            count("DEPENDS_ON"),
            count("HAS_DECLARED_LICENSE"),
            count("HAS_CONCLUDED_LICENSE"),
            count("DESCRIBES")
        ),
        (266, 269, 268, 1)
    );
    assert_eq!(sbom.relations.len(), 804);
    let root_deps = sbom
        .relations
        .iter()
        .filter(|r| r.from == "SPDXRef-RootPackage" && r.kind == "DEPENDS_ON")
        .count();
    assert_eq!(root_deps, 48);
}

/// Truncated and corrupted copies of real files end in an error or a warning, never a panic.
#[test]
fn truncated_and_corrupted_files_never_panic() {
    let Some(dir) = common::corpus() else { return };
    for rel in [
        "conformance/spdx/2.3/valid/spdx-spec/SPDXRdfExample-v2.3.spdx.rdf.xml",
        "conformance/spdx/3.0/valid/spdx-examples/software/example9/spdx3.0/appbomination.spdx3.json",
    ] {
        let bytes = std::fs::read(dir.join(rel)).unwrap();
        let step = bytes.len() / 31;
        for cut in (1..bytes.len()).step_by(step.max(1)) {
            let _ = ingest::read_bytes(&bytes[..cut], rel, &ReadOptions::default());
            let mut corrupt = bytes.clone();
            corrupt[cut] = b'"';
            let _ = ingest::read_bytes(&corrupt, rel, &ReadOptions::default());
        }
    }
}

/// Issue 13 item 6: `name` is optional on an SPDX 3 snippet, so `--strict` accepts a document
/// whose snippet has none (the example in SPDX 3.0.1's Software/Classes/Snippet has none).
#[test]
fn a_nameless_spdx3_snippet_is_valid_under_strict() {
    let doc = r#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
  {"type": "CreationInfo", "@id": "_:ci", "specVersion": "3.0.1", "created": "2024-01-02T00:00:00Z", "createdBy": ["urn:org"]},
  {"type": "Organization", "spdxId": "urn:org", "creationInfo": "_:ci", "name": "Acme"},
  {"type": "SpdxDocument", "spdxId": "urn:doc", "name": "d", "creationInfo": "_:ci", "rootElement": ["urn:file"]},
  {"type": "software_File", "spdxId": "urn:file", "creationInfo": "_:ci", "name": "src/a.c"},
  {"type": "software_Snippet", "spdxId": "urn:snip", "creationInfo": "_:ci", "software_snippetFromFile": "urn:file",
   "software_byteRange": {"type": "PositiveIntegerRange", "beginIntegerRange": 10, "endIntegerRange": 20}}
]}"#;
    let sbom = ingest::read_bytes(
        doc.as_bytes(),
        "snippet.spdx3.json",
        &ReadOptions { strict: true },
    )
    .unwrap_or_else(|e| panic!("{e:#}"));
    assert!(sbom.components.iter().any(|c| c.id == "urn:snip"));
    assert!(sbom.warnings.is_empty(), "{:?}", sbom.warnings);
}
