//! SPDX 2 JSON, YAML, XML and tag-value over the shared corpus: every valid, wild and firmware
//! document reads and has the package count its manifest states; invalid ones never panic; and
//! a few hand-checked documents give exact contents.

// The corpus-skip notice and the pass counts go to the test log.
#![allow(clippy::print_stderr)]

use crate::common;

use std::path::Path;

use bomscreen::ingest::{self, IngestError, ReadOptions};
use bomscreen::model::{Origin, PartyKind, PartyRole, Relation, Sbom, Syntax};

fn read(dir: &Path, rel: &str) -> Result<Sbom, IngestError> {
    ingest::read(&dir.join(rel), &ReadOptions::default())
}

fn packages(sbom: &Sbom) -> usize {
    sbom.components
        .iter()
        .filter(|c| c.origin == Origin::Listed)
        .count()
}

/// The SPDX 2 rows of the manifest. The RDF/XML reader is tested on its own; spec_version is
/// empty on two invalid files.
fn spdx2_rows(dir: &Path) -> Vec<common::Entry> {
    common::manifest(dir)
        .into_iter()
        .filter(|e| {
            e.format == "spdx"
                && !e.spec_version.starts_with('3')
                && e.encoding != "rdf"
                && e.expected != "schema"
        })
        .collect()
}

/// Files whose manifest count is not the number of packages in the document, each checked by
/// hand (the manifest counts `PackageName` lines or JSON `packages` entries naively).
const COUNT_EXCEPTIONS: &[(&str, usize, &str)] = &[];

#[test]
fn every_spdx2_document_in_the_corpus_reads_with_its_package_count() {
    let Some(dir) = common::corpus() else { return };
    let rows = spdx2_rows(&dir);
    let mut failures = Vec::new();
    let (mut ok, mut invalid_rejected, mut invalid_read) = (0, 0, 0);
    let mut syntaxes = std::collections::BTreeMap::new();
    for row in &rows {
        let result = read(&dir, &row.path);
        if row.expected == "invalid" {
            // Ok (with warnings) or a clean error; a panic fails the test by itself.
            match result {
                Ok(_) => invalid_read += 1,
                Err(_) => invalid_rejected += 1,
            }
            continue;
        }
        let sbom = match result {
            Ok(sbom) => sbom,
            Err(e) => {
                failures.push(format!("{}: {e}", row.path));
                continue;
            }
        };
        *syntaxes.entry(sbom.syntax).or_insert(0) += 1;
        let expected = COUNT_EXCEPTIONS
            .iter()
            .find(|(p, _, _)| *p == row.path)
            .map(|(_, n, _)| *n)
            .or(row.components);
        if let Some(expected) = expected
            && packages(&sbom) != expected
        {
            failures.push(format!(
                "{} ({}): {} packages, manifest says {expected}",
                row.path,
                row.encoding,
                packages(&sbom)
            ));
            continue;
        }
        ok += 1;
    }
    eprintln!(
        "SPDX 2 corpus: {ok} read with the expected package count; invalid: {invalid_read} read, {invalid_rejected} rejected; by syntax: {syntaxes:?}"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let checked = rows.iter().filter(|r| r.expected != "invalid").count();
    assert_eq!(ok, checked);
    assert!(ok >= 140, "only {ok} documents checked");
}

fn relation_set(sbom: &Sbom) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = sbom
        .relations
        .iter()
        .map(|r: &Relation| (r.from.clone(), r.kind.clone(), r.to.clone()))
        .collect();
    v.sort();
    v
}

fn ids(sbom: &Sbom, origin: Origin) -> Vec<String> {
    let mut v: Vec<_> = sbom
        .components
        .iter()
        .filter(|c| c.origin == origin)
        .map(|c| c.id.clone())
        .collect();
    v.sort();
    v
}

/// The spdx-spec 2.3 example says the same thing in four serialisations (and tools-python's
/// UTF-16 copies of the 2.2 example in two more); every reader must agree on it.
#[test]
fn the_spec_example_reads_the_same_in_every_serialisation() {
    let Some(dir) = common::corpus() else { return };
    let base = "conformance/spdx/2.3/valid/spdx-spec/";
    let docs: Vec<Sbom> = [
        "SPDXJSONExample-v2.3.spdx.json",
        "SPDXYAMLExample-2.3.spdx.yaml",
        "SPDXXMLExample-v2.3.spdx.xml",
        "SPDXTagExample-v2.3.spdx",
    ]
    .iter()
    .map(|f| read(&dir, &format!("{base}{f}")).unwrap())
    .collect();
    let syntaxes: Vec<_> = docs.iter().map(|d| d.syntax).collect();
    assert_eq!(
        syntaxes,
        vec![Syntax::Json, Syntax::Yaml, Syntax::Xml, Syntax::TagValue]
    );
    let json = &docs[0];
    assert_eq!(json.spec_version, "2.3");
    assert_eq!(json.name.as_deref(), Some("SPDX-Tools-v2.0"));
    assert_eq!(
        json.serial.as_deref(),
        Some("http://spdx.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301")
    );
    assert_eq!(json.created.as_deref(), Some("2010-01-29T18:30:22Z"));
    assert_eq!(json.tools.len(), 1);
    assert_eq!(
        (
            json.tools[0].name.as_str(),
            json.tools[0].version.as_deref()
        ),
        ("LicenseFind", Some("1.0"))
    );
    let parties: Vec<_> = json
        .document_parties
        .iter()
        .map(|p| (p.kind, p.name.as_deref()))
        .collect();
    assert_eq!(
        parties,
        vec![
            (PartyKind::Organization, Some("ExampleCodeInspect")),
            (PartyKind::Person, Some("Jane Doe"))
        ]
    );
    assert_eq!(
        ids(json, Origin::Listed),
        vec![
            "SPDXRef-Package",
            "SPDXRef-Saxon",
            "SPDXRef-fromDoap-0",
            "SPDXRef-fromDoap-1"
        ]
    );
    // Five files and one snippet.
    assert_eq!(ids(json, Origin::File).len(), 6);
    assert_eq!(json.described, vec!["SPDXRef-File", "SPDXRef-Package"]);
    // 7 relationships + 2 documentDescribes + 4 distinct hasFiles + 1 snippetFromFile.
    assert_eq!(json.relations.len(), 14);

    let glibc = json
        .components
        .iter()
        .find(|c| c.id == "SPDXRef-Package")
        .unwrap();
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
    assert_eq!(glibc.hashes.len(), 4);
    assert_eq!(
        glibc.cpes,
        vec!["cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*"]
    );
    assert_eq!(glibc.file_names, vec!["glibc-2.11.1.tar.gz"]);
    assert_eq!(glibc.kind.as_deref(), Some("source"));
    assert_eq!(
        glibc.download_location.as_deref(),
        Some("http://ftp.gnu.org/gnu/glibc/glibc-ports-2.15.tar.gz")
    );
    assert_eq!(
        glibc.licenses,
        vec![
            "(LGPL-2.0-only OR LicenseRef-3)",
            "(LGPL-2.0-only AND LicenseRef-3)"
        ]
    );
    let jena = json
        .components
        .iter()
        .find(|c| c.id == "SPDXRef-fromDoap-0")
        .unwrap();
    assert_eq!(
        jena.purl.as_deref(),
        Some("pkg:maven/org.apache.jena/apache-jena@3.12.0")
    );
    let commons = json
        .components
        .iter()
        .find(|c| c.id == "SPDXRef-fromDoap-1")
        .unwrap();
    assert_eq!(
        (
            commons.copyright.as_deref(),
            commons.download_location.as_deref()
        ),
        (None, None)
    );
    assert!(commons.licenses.is_empty());
    let jena_lib = json
        .components
        .iter()
        .find(|c| c.id == "SPDXRef-JenaLib")
        .unwrap();
    let authors: Vec<_> = jena_lib
        .parties
        .iter()
        .map(|p| (p.role, p.name.as_deref()))
        .collect();
    assert_eq!(
        authors,
        vec![
            (PartyRole::Author, Some("Apache Software Foundation")),
            (PartyRole::Author, Some("Hewlett Packard Inc."))
        ]
    );

    for other in &docs[1..] {
        let what = other.syntax;
        assert_eq!(
            ids(other, Origin::Listed),
            ids(json, Origin::Listed),
            "{what}"
        );
        assert_eq!(ids(other, Origin::File), ids(json, Origin::File), "{what}");
        assert_eq!(relation_set(other), relation_set(json), "{what}");
        assert_eq!(other.described, json.described, "{what}");
        assert_eq!(other.tools, json.tools, "{what}");
        for c in json.components.iter() {
            let o = other.components.iter().find(|o| o.id == c.id).unwrap();
            let names = |c: &bomscreen::model::Component| {
                c.parties
                    .iter()
                    .map(|p| (p.role, p.kind, p.name.clone(), p.emails.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(names(o), names(c), "{what} {}", c.id);
            assert_eq!(
                (&o.name, &o.version, &o.purl, &o.cpes),
                (&c.name, &c.version, &c.purl, &c.cpes),
                "{what} {}",
                c.id
            );
            assert_eq!(
                (&o.hashes, &o.copyright, &o.licenses),
                (&c.hashes, &c.copyright, &c.licenses),
                "{what} {}",
                c.id
            );
        }
    }
    // Line numbers: XML and tag-value know them directly, JSON through the front end.
    let line_of = |d: &Sbom| {
        d.components
            .iter()
            .find(|c| c.id == "SPDXRef-Saxon")
            .and_then(|c| c.location.line)
    };
    assert!(line_of(&docs[0]).is_some());
    assert_eq!(
        docs[2]
            .components
            .iter()
            .find(|c| c.id == "SPDXRef-Saxon")
            .unwrap()
            .location
            .pointer,
        "/Document/packages[4]"
    );
    assert_eq!(line_of(&docs[3]), Some(189));

    // tools-python's UTF-16 copies of the 2.2 example read like the UTF-8 originals.
    for f in [
        "SPDXJSONExample-UTF-16.spdx.json",
        "SPDXYAMLExample-UTF-16.spdx.yaml",
        "SPDXXMLExample-UTF-16.spdx.xml",
        "SPDXTagExample-UTF-16.spdx",
    ] {
        let d = read(
            &dir,
            &format!("conformance/spdx/2.3/valid/tools-python/{f}"),
        )
        .unwrap();
        assert_eq!(d.encoding.charset, "utf-16le", "{f}");
        assert_eq!(packages(&d), 4, "{f}");
        let glibc = d
            .components
            .iter()
            .find(|c| c.id == "SPDXRef-Package")
            .unwrap();
        assert_eq!(
            glibc.party(PartyRole::Supplier).unwrap().name.as_deref(),
            Some("Jane Doe"),
            "{f}"
        );
    }
}

#[test]
fn a_syft_container_sbom() {
    let Some(dir) = common::corpus() else { return };
    let d = read(
        &dir,
        "wild/bom-shelter/in-the-lab/syft/spdx-syft-rancher_tiller-sha256_417aae19a070.json",
    )
    .unwrap();
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert_eq!(
        (d.spec_version.as_str(), packages(&d), d.components.len()),
        ("2.3", 14, 14 + 240)
    );
    assert_eq!(d.relations.len(), 266);
    assert_eq!(d.tools[0].name, "syft");
    assert_eq!(d.tools[0].version.as_deref(), Some("0.64.0"));
    assert_eq!(d.document_parties[0].name.as_deref(), Some("Anchore, Inc"));
    let keys = &d.components[1];
    assert_eq!(
        (keys.name.as_str(), keys.location.pointer.as_str()),
        ("alpine-keys", "/packages/1")
    );
    assert!(keys.location.line.is_some());
    assert_eq!(
        keys.purl.as_deref(),
        Some("pkg:alpine/alpine-keys@1.1-r0?arch=x86_64&upstream=alpine-keys&distro=alpine-3.3.3")
    );
    assert_eq!(keys.cpes.len(), 6);
    // syft writes the e-mail in angle brackets.
    let originator = keys.party(PartyRole::Originator).unwrap();
    assert_eq!(
        (originator.name.as_deref(), originator.emails.as_slice()),
        (
            Some("Natanael Copa"),
            &["ncopa@alpinelinux.org".to_string()][..]
        )
    );
    assert_eq!(d.described.len(), 1);
}

#[test]
fn a_trivy_container_sbom_with_its_describe_typo() {
    let Some(dir) = common::corpus() else { return };
    let d = read(
        &dir,
        "wild/bom-shelter/in-the-lab/trivy/spdx-trivy-hashicorp_terraform-sha256_df0e0dd56969.json",
    )
    .unwrap();
    assert_eq!(
        (d.spec_version.as_str(), packages(&d), d.relations.len()),
        ("2.2", 186, 186)
    );
    assert_eq!(
        (d.tools[0].name.as_str(), d.tools[0].version.as_deref()),
        ("trivy", None)
    );
    // trivy wrote "DESCRIBE"; the relation keeps it, the document still describes the image.
    assert_eq!(d.described, vec!["SPDXRef-ContainerImage-d0e969a44a5f9d6a"]);
    assert_eq!(d.relations[0].kind, "DESCRIBE");
    assert!(d.warnings.iter().any(|w| w.code == "unknown-field-value"));
    let image = &d.components[1];
    assert!(
        image
            .purl
            .as_deref()
            .unwrap()
            .starts_with("pkg:oci/terraform@sha256:df0e0dd5")
    );
}

#[test]
fn the_freertos_kernel_firmware_sbom() {
    let Some(dir) = common::corpus() else { return };
    let d = read(&dir, "firmware/freertos-kernel-V11.2.0/sbom.spdx").unwrap();
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert_eq!(
        (d.syntax, d.spec_version.as_str()),
        (Syntax::TagValue, "2.2")
    );
    assert_eq!(d.name.as_deref(), Some("FreeRTOS-Kernel"));
    let kernel = &d.components[0];
    assert_eq!(
        (
            kernel.id.as_str(),
            kernel.name.as_str(),
            kernel.version.as_deref()
        ),
        (
            "SPDXRef-Package-FreeRTOS-Kernel",
            "FreeRTOS-Kernel",
            Some("V11.2.0")
        )
    );
    assert_eq!(
        kernel.cpes,
        vec!["cpe:2.3:o:amazon:freertos:V11.2.0:*:*:*:*:*:*:*"]
    );
    assert_eq!(kernel.licenses, vec!["MIT"]);
    assert_eq!(
        (kernel.copyright.as_deref(), kernel.description.as_deref()),
        (None, Some("FreeRTOS Kernel."))
    );
    assert_eq!(kernel.location.line, Some(11));
    // "Creator: Organization:Amazon Web Services", without a space after the colon.
    assert_eq!(
        d.document_parties[0].name.as_deref(),
        Some("Amazon Web Services")
    );
    assert_eq!(
        d.components
            .iter()
            .filter(|c| c.origin == Origin::File)
            .count(),
        252
    );
    // No Relationship lines: the 252 files follow the package, so it contains them.
    assert_eq!(d.relations.len(), 252);
    assert!(
        d.relations
            .iter()
            .all(|r| r.from == kernel.id && r.kind == "CONTAINS")
    );
    let timers = &d.components[1];
    assert_eq!(
        (
            timers.name.as_str(),
            timers.hashes[0].alg.as_str(),
            timers.location.line
        ),
        ("./timers.c", "SHA1", Some(25))
    );
}

#[test]
fn a_spdx_2_1_tag_value_document_of_files_only() {
    let Some(dir) = common::corpus() else { return };
    let d = read(&dir, "wild/bom-shelter/in-the-wild/spdx/usbutils.spdx").unwrap();
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert_eq!((d.spec_version.as_str(), packages(&d)), ("2.1", 0));
    assert_eq!(d.components.len(), 48);
    // "Relationship: SPDXRef-DOCUMENT describes ...", in lower case.
    assert_eq!((d.described.len(), d.relations.len()), (48, 48));
    assert_eq!(d.relations[0].kind, "describes");
    let parties: Vec<_> = d
        .document_parties
        .iter()
        .map(|p| (p.kind, p.name.as_deref(), p.emails.clone()))
        .collect();
    assert_eq!(
        parties,
        vec![
            (
                PartyKind::Person,
                Some("Greg Kroah-Hartman"),
                vec!["gregkh@linuxfoundation.org".to_string()]
            ),
            (
                PartyKind::Organization,
                Some("The Linux Foundation"),
                vec![]
            ),
        ]
    );
    assert_eq!(
        (d.tools[0].name.as_str(), d.tools[0].version.as_deref()),
        ("reuse", Some("0.13.0"))
    );
    let first = &d.components[0];
    assert_eq!(first.name, "./.gitignore");
    assert_eq!(
        first.copyright.as_deref(),
        Some(
            "Copyright (c) 2009 Greg Kroah-Hartman <gregkh@suse.de>\nCopyright (c) 2014-2021 Greg Kroah-Hartman <gregkh@linuxfoundation.org>"
        )
    );
}

#[test]
fn invalid_tool_java_documents_are_read_with_warnings() {
    let Some(dir) = common::corpus() else { return };
    let base = "conformance/spdx/2.2/invalid/tools-java/";
    // creators as a string, a null package name: read, with one warning per kind.
    let d = read(&dir, &format!("{base}BadJSON.spdx.json")).unwrap();
    let codes: Vec<_> = d.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, vec!["bad-type", "missing-field"]);
    assert_eq!(packages(&d), 4);
    // Declares SPDX-2.2 but uses 2.3 package fields.
    let d = read(
        &dir,
        &format!("{base}SPDXJSONExample-wrongversion.spdx.json"),
    )
    .unwrap();
    assert!(d.warnings.iter().any(|w| w.code == "newer-field"));
    // "SPDX-2.2.1" is not a form the spec uses; it is read as 2.2 with a warning.
    let d = read(&dir, &format!("{base}SPDXWrongVersion.spdx.json")).unwrap();
    assert!(d.warnings.iter().any(|w| w.code == "unknown-field-value"));
}
