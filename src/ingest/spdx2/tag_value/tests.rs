//! Unit tests of the SPDX 2 tag-value reader on small inline documents.

use super::*;
use crate::model::{Origin, PartyRole};

fn tv(text: &str) -> (Sbom, Vec<crate::model::Warning>) {
    let mut w = Warnings::default();
    let sbom = read(text, &mut w).unwrap();
    (sbom, w.into_vec())
}

#[test]
fn text_blocks_comments_and_sections() {
    let (sbom, warnings) = tv(
        "SPDXVersion: SPDX-2.2\r\nSPDXID: SPDXRef-DOCUMENT\r\n## a comment\r\n\r\nCreator: Tool: gen-2.0\r\n\
         DocumentComment: <text>line one\r\nPackageName: not a tag here\r\n</text>\r\n\
         PackageName: a\r\nSPDXID: SPDXRef-a\r\nPackageSupplier: Organization: Huawei Technologies Co., Ltd. (x@huawei.com)\r\n\
         PackageCopyrightText: <text>(c) A</text>\r\nPackageDescription: <text>first\r\nsecond</text>\r\n\
         ExternalRef: PACKAGE-MANAGER purl pkg:generic/a@1\r\n\
         FileName: ./a.c\r\nSPDXID: SPDXRef-f\r\nFileCopyrightText: NOASSERTION\r\n\
         SnippetSPDXID: SPDXRef-s\r\nSnippetFromFileSPDXID: SPDXRef-f\r\nSnippetCopyrightText: (c) S\r\n",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(sbom.tools[0].name, "gen");
    let a = &sbom.components[0];
    assert_eq!(a.name, "a");
    assert_eq!(
        a.location,
        Location {
            pointer: "PackageName".into(),
            line: Some(9)
        }
    );
    assert_eq!(
        a.party(PartyRole::Supplier).unwrap().name.as_deref(),
        Some("Huawei Technologies Co., Ltd.")
    );
    assert_eq!(a.description.as_deref(), Some("first\nsecond"));
    assert_eq!(a.copyright.as_deref(), Some("(c) A"));
    assert_eq!(a.purl.as_deref(), Some("pkg:generic/a@1"));
    let f = &sbom.components[1];
    assert_eq!(
        (f.origin, f.id.as_str(), f.location.line),
        (Origin::File, "SPDXRef-f", Some(16))
    );
    assert_eq!(sbom.components[2].copyright.as_deref(), Some("(c) S"));
    let rels: Vec<_> = sbom
        .relations
        .iter()
        .map(|r| (r.from.as_str(), r.kind.as_str(), r.to.as_str()))
        .collect();
    assert_eq!(
        rels,
        vec![
            ("SPDXRef-a", "CONTAINS", "SPDXRef-f"),
            ("SPDXRef-f", "CONTAINS", "SPDXRef-s")
        ]
    );
}

#[test]
fn relationships_and_ids_before_names() {
    let (sbom, warnings) = tv("SPDXVersion: SPDX-2.1\nSPDXID: SPDXRef-DOCUMENT\n\
         Relationship: SPDXRef-DOCUMENT describes SPDXRef-b\n\
         Relationship: SPDXRef-b DEPENDS_ON\n\
         Relationship:   SPDXRef-b   DEPENDS_ON   SPDXRef-c  \n\
         SPDXID: SPDXRef-b\nPackageName: b\n\nSPDXID: SPDXRef-c\nPackageName: c\nPackageVersion: 1\nMadeUpTag: x\n");
    let ids: Vec<_> = sbom
        .components
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(ids, vec![("SPDXRef-b", "b"), ("SPDXRef-c", "c")]);
    assert_eq!(sbom.described, vec!["SPDXRef-b"]);
    assert_eq!(sbom.relations.len(), 2);
    assert_eq!(
        sbom.relations[1].location,
        Location {
            pointer: "Relationship".into(),
            line: Some(5)
        }
    );
    let codes: Vec<_> = warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, vec!["unknown-field-value", "unknown-tag"]);
}

#[test]
fn errors_name_the_line() {
    let mut w = Warnings::default();
    let err = read("SPDXVersion: SPDX-2.3\n\nthis is not a tag\n", &mut w).unwrap_err();
    assert!(
        matches!(
            err,
            ReadError::Syntax {
                line: 3,
                column: 1,
                ..
            }
        ),
        "{err:?}"
    );
    let sbom = read(
        "SPDXVersion: SPDX-2.3\nPackageName: a\nPackageDescription: <text>open\nnever closed\n",
        &mut w,
    )
    .unwrap();
    assert_eq!(
        sbom.components[0].description.as_deref(),
        Some("open\nnever closed")
    );
    let warnings = std::mem::take(&mut w).into_vec();
    let unterminated = warnings
        .iter()
        .find(|w| w.code == "unterminated-text")
        .unwrap();
    assert_eq!(unterminated.location.as_ref().and_then(|l| l.line), Some(3));
    let err = read("{\"spdxVersion\": \"SPDX-2.3\"}", &mut w).unwrap_err();
    assert!(matches!(err, ReadError::Syntax { line: 1, .. }), "{err:?}");
    let err = read("SPDXVersion: SPDX-3.0\n", &mut w).unwrap_err();
    assert!(matches!(err, ReadError::Unsupported { .. }), "{err:?}");
}

#[test]
fn every_listed_tag_is_known_to_the_reader() {
    let mut w = Warnings::default();
    let mut r = Reader::default();
    for tag in SPDX_TAGS {
        r.tag(tag, "x", 1, &mut w);
    }
    let unknown: Vec<_> = w
        .into_vec()
        .into_iter()
        .filter(|w| w.code == "unknown-tag")
        .collect();
    assert!(unknown.is_empty(), "{unknown:?}");
}

#[test]
fn a_text_block_left_open_ends_before_the_next_tag_line() {
    // Closed later by another field's </text>: every element in between would be lost.
    let (sbom, warnings) = tv(
        "SPDXVersion: SPDX-2.3\nPackageName: a\nSPDXID: SPDXRef-a\nPackageDescription: <text>open\n\
         still comment\n  PackageName: b\nSPDXID: SPDXRef-b\nPackageCopyrightText: <text>(c) B</text>\n\
         Relationship: SPDXRef-a CONTAINS SPDXRef-b\n",
    );
    let names: Vec<_> = sbom.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["a", "b"]);
    assert_eq!(
        sbom.components[0].description.as_deref(),
        Some("open\nstill comment")
    );
    assert_eq!(sbom.components[1].copyright.as_deref(), Some("(c) B"));
    assert_eq!(sbom.relations.len(), 1);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].code, "unterminated-text");
    assert_eq!(warnings[0].location.as_ref().and_then(|l| l.line), Some(4));
    assert!(
        warnings[0].message.contains("line 6"),
        "{}",
        warnings[0].message
    );
    // Never closed: the same recovery at the end of the file.
    let (sbom, warnings) =
        tv("SPDXVersion: SPDX-2.3\nPackageName: a\nPackageComment: <text>open\nPackageName: b\n");
    assert_eq!(sbom.components.len(), 2);
    assert!(
        warnings.iter().any(|w| w.code == "unterminated-text"),
        "{warnings:?}"
    );
    // Closed by its own </text> with tag-like lines inside and no other opener: text, as written.
    let (sbom, warnings) = tv(
        "SPDXVersion: SPDX-2.3\nPackageName: a\nPackageComment: <text>x\nPackageName: b\ny</text>\n",
    );
    assert_eq!(sbom.components.len(), 1);
    assert!(
        !warnings.iter().any(|w| w.code == "unterminated-text"),
        "{warnings:?}"
    );
}
