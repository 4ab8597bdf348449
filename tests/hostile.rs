//! Hostile input: each case ends in a clear error or a warning, never a panic, a hang or
//! unbounded memory. See: issue 2, "Hostile input has tests".

use bomscreen::ingest::{IngestError, ReadOptions, read_bytes};

fn read(bytes: &[u8]) -> Result<bomscreen::model::Sbom, IngestError> {
    read_bytes(bytes, "hostile.json", &ReadOptions::default())
}

fn cdx_nested_json(depth: usize) -> String {
    let mut s = String::from(r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":["#);
    for i in 0..depth {
        s.push_str(&format!(
            r#"{{"type":"library","name":"c{i}","components":["#
        ));
    }
    for _ in 0..depth {
        s.push_str("]}");
    }
    s.push_str("]}");
    s
}

#[test]
fn ten_thousand_deep_json_nesting_is_refused_cleanly() {
    let err =
        read(cdx_nested_json(10_000).as_bytes()).expect_err("10,000-deep nesting must not be read");
    let msg = err.to_string();
    assert!(msg.starts_with("hostile.json"), "{msg}");
    assert!(
        msg.contains("recursion limit") || msg.contains("nest"),
        "{msg}"
    );
}

#[test]
fn ten_thousand_deep_xml_nesting_is_refused_or_capped() {
    let mut s = String::from(
        r#"<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1"><components>"#,
    );
    for i in 0..10_000 {
        s.push_str(&format!(
            r#"<component type="library"><name>c{i}</name><components>"#
        ));
    }
    for _ in 0..10_000 {
        s.push_str("</components></component>");
    }
    s.push_str("</components></bom>");
    match read(s.as_bytes()) {
        Ok(sbom) => {
            assert!(
                sbom.warnings.iter().any(|w| w.message.contains("nest")),
                "{:?}",
                sbom.warnings
            );
            assert!(sbom.components.len() < 10_000, "nesting was not capped");
        }
        Err(e) => assert!(
            e.to_string().contains("nest") || e.to_string().contains("depth"),
            "{e}"
        ),
    }
}

#[test]
fn ten_thousand_deep_nesting_in_spdx_json_and_yaml_is_refused_or_flagged() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    // Where a package should be: never a crash; either refused or read with a warning.
    let json = format!(
        r#"{{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"x","packages":[{deep}]}}"#
    );
    match read(json.as_bytes()) {
        Ok(sbom) => assert!(
            sbom.warnings.iter().any(|w| w.code == "bad-type"),
            "{:?}",
            sbom.warnings
        ),
        Err(e) => assert!(e.to_string().contains("recursion limit"), "{e}"),
    }
    let yaml =
        format!("spdxVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\nname: x\ncomment: {deep}\n");
    let err = read(yaml.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("recursion limit"), "{err}");
}

#[test]
fn a_fifty_megabyte_string_is_read_with_a_warning() {
    let big = "A".repeat(50 << 20);
    let doc = format!(
        r#"{{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{{"type":"library","name":"big","description":"{big}"}}]}}"#
    );
    let sbom = read(doc.as_bytes()).expect("a large value is still a readable document");
    assert_eq!(sbom.components.len(), 1);
    let w = sbom
        .warnings
        .iter()
        .find(|w| w.code == "oversized-value")
        .expect("oversized-value warning");
    assert!(w.message.contains("50 MiB"), "{}", w.message);
}

#[test]
fn an_xml_entity_expansion_bomb_is_refused() {
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE bom [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
  <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1">
  <components><component type="library"><name>&g;</name></component></components>
</bom>"#;
    let err = read(bomb.as_bytes()).expect_err("an entity bomb must be refused");
    assert!(err.to_string().to_lowercase().contains("dtd"), "{err}");
    let rdf = bomb
        .replace("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\" version=\"1\">", "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:spdx=\"http://spdx.org/rdf/terms#\">")
        .replace("</bom>", "</rdf:RDF>")
        .replace("DOCTYPE bom", "DOCTYPE rdf:RDF");
    let err = read(rdf.as_bytes()).expect_err("an entity bomb in RDF/XML must be refused");
    assert!(err.to_string().to_lowercase().contains("dtd"), "{err}");
}

#[test]
fn a_truncated_file_is_a_syntax_error_with_its_line() {
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/firewall-image.cdx.json"
    ))
    .unwrap();
    let cut = &sample[..sample.len() / 2];
    match read(cut.as_bytes()) {
        Err(IngestError::Syntax { line, .. }) => assert_eq!(line, cut.lines().count()),
        other => panic!("expected a syntax error, got {other:?}"),
    }
    let xml = r#"<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">
<components><component type="library"><name>zlib</name>"#;
    assert!(matches!(
        read(xml.as_bytes()),
        Err(IngestError::Syntax { line: 2, .. })
    ));
}

#[test]
fn invalid_utf8_is_read_with_a_warning() {
    let doc = b"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.4\",\"components\":[{\"type\":\"library\",\"name\":\"caf\xe9\"}]}";
    let sbom = read(doc).expect("readable despite one bad byte");
    assert_eq!(sbom.components[0].name, "caf\u{fffd}");
    assert!(sbom.warnings.iter().any(|w| w.code == "invalid-utf8"));
}

#[test]
fn an_empty_file_is_not_an_sbom() {
    for empty in [&b""[..], b"   \n\t"] {
        match read(empty) {
            Err(IngestError::NotSbom { reason, .. }) => {
                assert!(reason.contains("empty"), "{reason}")
            }
            other => panic!("expected not-an-SBOM, got {other:?}"),
        }
    }
}

#[test]
fn json_that_is_not_an_sbom_says_what_was_expected() {
    let err = read(br#"{"name": "left-pad", "version": "1.3.0", "dependencies": {}}"#).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, IngestError::NotSbom { .. }));
    assert!(
        msg.contains("expected a CycloneDX") && msg.contains("SPDX"),
        "{msg}"
    );
}

#[test]
fn a_truncated_gzip_stream_is_reported() {
    use std::io::Write;
    let sample = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/firewall-image.cdx.json"
    ))
    .unwrap();
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(&sample).unwrap();
    let gz = enc.finish().unwrap();
    assert!(read(&gz).unwrap().encoding.gzip);
    let err = read(&gz[..gz.len() / 2]).unwrap_err();
    assert!(err.to_string().contains("gzip"), "{err}");
}

#[test]
fn unsupported_versions_are_told_apart_from_non_sboms() {
    let err =
        read(br#"{"bomFormat":"CycloneDX","specVersion":"2.0","components":[]}"#).unwrap_err();
    assert!(matches!(err, IngestError::Unsupported { .. }), "{err}");
    assert!(
        err.to_string().contains("CycloneDX 2.0 is not supported"),
        "{err}"
    );
}

/// Issue 13, item 2: a tag-value document whose first package leaves a `<text>` open; the
/// Hikvision package after it was swallowed up to its own `</text>`, read as 1 package, passed.
const TAG_VALUE_OPEN_TEXT: &str = "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n\
SPDXID: SPDXRef-DOCUMENT\nDocumentName: camera-firmware\n\
DocumentNamespace: https://example.com/camera-firmware\nCreator: Tool: gen-1.0\n\
Created: 2026-01-01T00:00:00Z\n\n\
PackageName: busybox\nSPDXID: SPDXRef-busybox\nPackageVersion: 1.36.1\n\
PackageDownloadLocation: NOASSERTION\nPackageDescription: <text>The Swiss army knife\n\n\
PackageName: hik-sdk\nSPDXID: SPDXRef-hik\nPackageVersion: 6.1.9\n\
PackageSupplier: Organization: Hangzhou Hikvision Digital Technology Co., Ltd.\n\
PackageDownloadLocation: NOASSERTION\nPackageCopyrightText: <text>Copyright Hikvision</text>\n\n\
Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-busybox\n\
Relationship: SPDXRef-busybox DEPENDS_ON SPDXRef-hik\n";

#[test]
fn a_tag_value_text_left_open_does_not_swallow_the_packages_after_it() {
    let sbom = read_bytes(
        TAG_VALUE_OPEN_TEXT.as_bytes(),
        "camera.spdx",
        &ReadOptions::default(),
    )
    .expect("readable with a warning");
    let names: Vec<_> = sbom.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["busybox", "hik-sdk"]);
    assert_eq!(sbom.relations.len(), 2);
    let w = sbom
        .warnings
        .iter()
        .find(|w| w.code == "unterminated-text")
        .expect("unterminated-text warning");
    assert_eq!(w.location.as_ref().and_then(|l| l.line), Some(13));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("camera.spdx"), TAG_VALUE_OPEN_TEXT).unwrap();
    let scan = |strict: bool| {
        let mut cmd = assert_cmd::Command::cargo_bin("bomscreen").unwrap();
        cmd.current_dir(dir.path()).args([
            "scan",
            "--as-of",
            "2026-11-23",
            "--no-progress",
            "--format",
            "json",
        ]);
        if strict {
            cmd.arg("--strict");
        }
        cmd.arg("camera.spdx").output().unwrap()
    };
    let out = scan(false);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Hikvision"), "{stdout}");
    assert!(stdout.contains("unterminated-text"), "{stdout}");
    let out = scan(true);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("camera.spdx") && stderr.contains("unterminated-text"),
        "{stderr}"
    );
}

// Issue 13: "No silent truncation in any reader". For each reader, a small document of three
// packages (the third a Hikvision one) is cut at every byte of its middle half, and read with
// the mistake that makes one value swallow the rest (a string, CDATA section or comment left
// open). Each read must fail with an error that names the file and line, or come with a
// warning; never a silent partial read.

const CDX_JSON: &str = r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "components": [
    {"type": "library", "bom-ref": "a", "name": "a", "version": "1", "description": "first"},
    {"type": "library", "bom-ref": "b", "name": "b", "version": "2"},
    {"type": "library", "bom-ref": "c", "name": "hik-sdk", "version": "3",
     "supplier": {"name": "Hangzhou Hikvision Digital Technology Co., Ltd."}}
  ],
  "dependencies": [{"ref": "a", "dependsOn": ["b", "c"]}]
}
"#;

const CDX_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
  <components>
    <component type="library" bom-ref="a"><name>a</name><version>1</version>
      <description><![CDATA[first]]></description></component>
    <!-- b is vendored -->
    <component type="library" bom-ref="b"><name>b</name><version>2</version></component>
    <component type="library" bom-ref="c"><supplier><name>Hangzhou Hikvision Digital Technology Co., Ltd.</name></supplier>
      <name>hik-sdk</name><version>3</version><description><![CDATA[third]]></description></component>
    <!-- end of list -->
  </components>
</bom>
"#;

const SPDX_JSON: &str = r#"{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "x",
  "dataLicense": "CC0-1.0", "documentNamespace": "https://example.com/x",
  "creationInfo": {"created": "2026-01-01T00:00:00Z", "creators": ["Tool: gen-1"]},
  "packages": [
    {"SPDXID": "SPDXRef-a", "name": "a", "downloadLocation": "NOASSERTION", "description": "first"},
    {"SPDXID": "SPDXRef-b", "name": "b", "downloadLocation": "NOASSERTION"},
    {"SPDXID": "SPDXRef-c", "name": "hik-sdk", "downloadLocation": "NOASSERTION",
     "supplier": "Organization: Hangzhou Hikvision Digital Technology Co., Ltd."}
  ],
  "relationships": [{"spdxElementId": "SPDXRef-a", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-c"}]
}
"#;

const SPDX_YAML: &str = r#"spdxVersion: SPDX-2.3
SPDXID: SPDXRef-DOCUMENT
name: x
dataLicense: CC0-1.0
documentNamespace: https://example.com/x
creationInfo:
  created: "2026-01-01T00:00:00Z"
  creators:
    - "Tool: gen-1"
packages:
  - SPDXID: SPDXRef-a
    name: a
    downloadLocation: NOASSERTION
    description: "first"
  - SPDXID: SPDXRef-b
    name: b
    downloadLocation: NOASSERTION
    description: |
      a block
      scalar
  - SPDXID: SPDXRef-c
    name: hik-sdk
    downloadLocation: NOASSERTION
    supplier: "Organization: Hangzhou Hikvision Digital Technology Co., Ltd."
relationships:
  - spdxElementId: SPDXRef-a
    relationshipType: DEPENDS_ON
    relatedSpdxElement: SPDXRef-c
"#;

const SPDX_RDF: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:spdx="http://spdx.org/rdf/terms#">
  <spdx:SpdxDocument rdf:about="https://example.com/x#SPDXRef-DOCUMENT">
    <spdx:specVersion>SPDX-2.3</spdx:specVersion>
    <spdx:name>x</spdx:name>
    <spdx:creationInfo><spdx:CreationInfo><spdx:created>2026-01-01T00:00:00Z</spdx:created></spdx:CreationInfo></spdx:creationInfo>
  </spdx:SpdxDocument>
  <spdx:Package rdf:about="https://example.com/x#SPDXRef-a">
    <spdx:name>a</spdx:name>
    <spdx:description><![CDATA[first]]></spdx:description>
  </spdx:Package>
  <!-- b is vendored -->
  <spdx:Package rdf:about="https://example.com/x#SPDXRef-b"><spdx:name>b</spdx:name></spdx:Package>
  <spdx:Package rdf:about="https://example.com/x#SPDXRef-c">
    <spdx:name>hik-sdk</spdx:name>
    <spdx:supplier>Organization: Hangzhou Hikvision Digital Technology Co., Ltd.</spdx:supplier>
    <spdx:description><![CDATA[third]]></spdx:description>
  </spdx:Package>
  <!-- end of list -->
</rdf:RDF>
"#;

const SPDX_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Document>
  <spdxVersion>SPDX-2.3</spdxVersion><SPDXID>SPDXRef-DOCUMENT</SPDXID><name>x</name>
  <packages><SPDXID>SPDXRef-a</SPDXID><name>a</name><description><![CDATA[first]]></description></packages>
  <!-- b is vendored -->
  <packages><SPDXID>SPDXRef-b</SPDXID><name>b</name></packages>
  <packages><SPDXID>SPDXRef-c</SPDXID><name>hik-sdk</name>
    <supplier>Organization: Hangzhou Hikvision Digital Technology Co., Ltd.</supplier>
    <description><![CDATA[third]]></description></packages>
  <!-- end of list -->
</Document>
"#;

const SPDX3: &str = r#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
  {"type": "CreationInfo", "@id": "_:ci", "specVersion": "3.0.1", "created": "2026-01-01T00:00:00Z", "createdBy": ["urn:hik"]},
  {"type": "Organization", "spdxId": "urn:hik", "creationInfo": "_:ci", "name": "Hangzhou Hikvision Digital Technology Co., Ltd."},
  {"type": "software_Package", "spdxId": "urn:a", "creationInfo": "_:ci", "name": "a", "description": "first"},
  {"type": "software_Package", "spdxId": "urn:b", "creationInfo": "_:ci", "name": "b"},
  {"type": "software_Package", "spdxId": "urn:c", "creationInfo": "_:ci", "name": "hik-sdk", "suppliedBy": "urn:hik"}
]}
"#;

const SPDX_TV: &str = "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n\
DocumentName: x\nDocumentNamespace: https://example.com/x\nCreator: Tool: gen-1.0\n\
Created: 2026-01-01T00:00:00Z\n\n\
PackageName: a\nSPDXID: SPDXRef-a\nPackageDownloadLocation: NOASSERTION\n\
PackageDescription: <text>first\nline</text>\n\n\
PackageName: b\nSPDXID: SPDXRef-b\nPackageDownloadLocation: NOASSERTION\n\n\
PackageName: hik-sdk\nSPDXID: SPDXRef-c\nPackageDownloadLocation: NOASSERTION\n\
PackageSupplier: Organization: Hangzhou Hikvision Digital Technology Co., Ltd.\n\
PackageCopyrightText: <text>third</text>\n\n\
Relationship: SPDXRef-a DEPENDS_ON SPDXRef-c\n";

/// Every reader's document, its file name, and whether the format is line-based.
const READERS: &[(&str, &str, bool)] = &[
    ("bom.cdx.json", CDX_JSON, false),
    ("bom.cdx.xml", CDX_XML, false),
    ("doc.spdx.json", SPDX_JSON, false),
    ("doc.spdx.yaml", SPDX_YAML, true),
    ("doc.spdx", SPDX_TV, true),
    ("doc.rdf.xml", SPDX_RDF, false),
    ("doc.spdx.xml", SPDX_XML, false),
    ("doc.spdx3.json", SPDX3, false),
];

fn read_named(name: &str, text: &str) -> Result<bomscreen::model::Sbom, IngestError> {
    read_bytes(text.as_bytes(), name, &ReadOptions::default())
}

/// The error names the file and a line (`name:LINE:`).
fn assert_names_file_and_line(name: &str, err: &IngestError) {
    let msg = err.to_string();
    let rest = msg.strip_prefix(name).and_then(|r| r.strip_prefix(':'));
    assert!(
        rest.is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit())),
        "{name}: the error does not name the file and line: {msg}"
    );
}

#[test]
fn every_reader_reads_its_whole_document_cleanly() {
    for &(name, doc, _) in READERS {
        let sbom = read_named(name, doc).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<_> = sbom.components.iter().map(|c| c.name.as_str()).collect();
        assert!(names.contains(&"hik-sdk"), "{name}: {names:?}");
        assert!(sbom.warnings.is_empty(), "{name}: {:?}", sbom.warnings);
    }
}

#[test]
fn every_reader_refuses_or_warns_on_a_file_cut_in_the_middle() {
    for &(name, doc, line_based) in READERS {
        let mut cut_points = 0;
        for cut in doc.len() / 4..doc.len() * 3 / 4 {
            let Some(prefix) = doc.get(..cut) else {
                continue;
            };
            // A line-based file cut exactly at the end of a line (or of a tag-value `</text>`)
            // is a shorter, complete file: nothing tells the two apart.
            let body = prefix.trim_end_matches([' ', '\t']);
            if line_based && (body.ends_with('\n') || body.ends_with("</text>")) {
                continue;
            }
            cut_points += 1;
            match read_named(name, prefix) {
                Err(e) => assert_names_file_and_line(name, &e),
                Ok(sbom) => assert!(
                    !sbom.warnings.is_empty(),
                    "{name} cut after byte {cut} was read silently:\n{prefix}"
                ),
            }
        }
        assert!(cut_points > 100, "{name}");
    }
}

#[test]
fn no_value_left_open_swallows_the_rest_of_a_document() {
    // (reader, what is left open, the text, what it becomes)
    let cases: &[(&str, &str, &str, &str)] = &[
        ("bom.cdx.json", "string", r#""first""#, r#""first"#),
        (
            "bom.cdx.xml",
            "CDATA",
            "<![CDATA[first]]>",
            "<![CDATA[first",
        ),
        (
            "bom.cdx.xml",
            "comment",
            "<!-- b is vendored -->",
            "<!-- b is vendored",
        ),
        ("doc.spdx.json", "string", r#""first""#, r#""first"#),
        ("doc.spdx.yaml", "string", r#""first""#, r#""first"#),
        (
            "doc.spdx.yaml",
            "block scalar",
            "      scalar\n",
            "    scalar\n",
        ),
        (
            "doc.spdx",
            "<text>",
            "<text>first\nline</text>",
            "<text>first\nline",
        ),
        (
            "doc.rdf.xml",
            "CDATA",
            "<![CDATA[first]]>",
            "<![CDATA[first",
        ),
        (
            "doc.rdf.xml",
            "comment",
            "<!-- b is vendored -->",
            "<!-- b is vendored",
        ),
        (
            "doc.spdx.xml",
            "CDATA",
            "<![CDATA[first]]>",
            "<![CDATA[first",
        ),
        (
            "doc.spdx.xml",
            "comment",
            "<!-- b is vendored -->",
            "<!-- b is vendored",
        ),
        ("doc.spdx3.json", "string", r#""first""#, r#""first"#),
    ];
    for &(name, what, from, to) in cases {
        let doc = READERS.iter().find(|r| r.0 == name).unwrap().1;
        assert!(doc.contains(from), "{name}");
        let broken = doc.replacen(from, to, 1);
        match read_named(name, &broken) {
            Err(e) => assert_names_file_and_line(name, &e),
            Ok(sbom) => {
                let names: Vec<_> = sbom.components.iter().map(|c| c.name.as_str()).collect();
                assert!(
                    names.contains(&"hik-sdk") && !sbom.warnings.is_empty(),
                    "{name} with a {what} left open: read {names:?} with {:?}",
                    sbom.warnings
                );
            }
        }
    }
}
