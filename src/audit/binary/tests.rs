//! Fixtures are built at test time by `tests/fixtures/audit/make-binaries.sh` (the end-to-end
//! tests reuse it), read into memory once, and their scratch directory removed.

use std::collections::BTreeMap;
use std::sync::{LazyLock, OnceLock};

use super::*;
use crate::model::{Component, Observation, ObservationKind as Kind};

mod robust;
mod synthetic;

/// Every fixture file, by `marked/NAME` or `clean/NAME`.
fn fixtures() -> &'static BTreeMap<String, Vec<u8>> {
    static FIXTURES: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let dir = tempfile::TempDir::new().expect("a scratch directory");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/audit/make-binaries.sh");
        let run = std::process::Command::new("bash")
            .arg(script)
            .arg(dir.path())
            .output()
            .expect("bash runs");
        assert!(
            run.status.success(),
            "make-binaries.sh failed (CI installs gcc, gcc-mingw-w64-x86-64, binutils-mingw-w64-x86-64, osslsigncode, openssl): {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let mut out = BTreeMap::new();
        for twin in ["marked", "clean"] {
            for f in std::fs::read_dir(dir.path().join(twin)).expect("the twin's folder") {
                let f = f.expect("a directory entry");
                let name = format!("{twin}/{}", f.file_name().to_string_lossy());
                out.insert(name, std::fs::read(f.path()).expect("a fixture"));
            }
        }
        out
    })
}

fn fixture(name: &str) -> &'static [u8] {
    fixtures()
        .get(name)
        .unwrap_or_else(|| panic!("no fixture {name}"))
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| Patterns::new(crate::watchlist::builtin()));

fn examine_fixture(name: &str) -> Examined {
    examine(name, fixture(name), true, &PATTERNS)
}

fn obs(kind: Kind, field: &'static str, value: &str, detail: Option<&str>) -> Observation {
    Observation {
        kind,
        field,
        value: value.to_string(),
        detail: detail.map(str::to_string),
    }
}

/// `at 0x…, ENCODING` for where `needle` first is in `data`.
fn at(data: &[u8], needle: &[u8], encoding: &str) -> String {
    let p = data
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or_else(|| panic!("{} not in the fixture", String::from_utf8_lossy(needle)));
    format!("at {p:#x}, {encoding}")
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// The observations, with the `.comment` ones (the toolchain's version) checked and dropped.
fn without_comments(e: &Examined) -> Vec<Observation> {
    let (comments, rest): (Vec<_>, Vec<_>) = e
        .observations
        .iter()
        .cloned()
        .partition(|o| o.field == "elf.comment");
    assert!(
        comments
            .iter()
            .all(|o| o.kind == Kind::Text && o.value.starts_with("GCC: ")),
        "{comments:?}"
    );
    assert!(!comments.is_empty(), "gcc writes a .comment");
    rest
}

#[test]
fn elf_library_gives_its_soname_needed_and_copyright() {
    let data = fixture("marked/libkavbase.so.8");
    let notice = "Copyright (C) 1997-2024 AO Kaspersky Lab. All rights reserved.";
    let e = examine_fixture("marked/libkavbase.so.8");
    assert_eq!(e.format, Some(Format::Elf));
    assert_eq!(e.soname.as_deref(), Some("libkavbase.so.8"));
    assert_eq!(e.needed, ["libc.so.6"]);
    assert_eq!((e.go.as_ref(), e.version.as_ref()), (None, None));
    assert_eq!(
        without_comments(&e),
        [
            obs(
                Kind::Identity,
                "elf.soname",
                "libkavbase.so.8",
                Some("name")
            ),
            obs(
                Kind::Copyright,
                "strings",
                notice,
                Some(&at(data, notice.as_bytes(), "ASCII"))
            ),
        ]
    );
}

#[test]
fn multi_engine_scanner_gives_only_text() {
    let data = fixture("marked/multiscan");
    let list = "Supported engines: ClamAV, Kaspersky, Sophos, ESET";
    let e = examine_fixture("marked/multiscan");
    assert_eq!((e.format, e.soname.as_deref()), (Some(Format::Elf), None));
    assert_eq!(
        without_comments(&e),
        [obs(
            Kind::Text,
            "strings",
            list,
            Some(&at(data, list.as_bytes(), "ASCII"))
        )]
    );
}

/// The version resource of both PE fixtures, in reporting order.
fn version_resource(company: &str, copyright: &str, exe: &str) -> Vec<Observation> {
    vec![
        obs(Kind::Vendor, "pe.version.CompanyName", company, None),
        obs(
            Kind::Copyright,
            "pe.version.LegalCopyright",
            copyright,
            None,
        ),
        obs(
            Kind::Identity,
            "pe.version.OriginalFilename",
            &format!("{exe}.exe"),
            Some("name"),
        ),
        obs(Kind::Identity, "pe.version.InternalName", exe, Some("name")),
        obs(
            Kind::Identity,
            "pe.version.ProductVersion",
            "21.3.10.391",
            Some("version"),
        ),
        obs(
            Kind::Text,
            "pe.version.FileDescription",
            "Scan engine host",
            None,
        ),
    ]
}

#[test]
fn pe_gives_its_version_resource_and_imports() {
    let e = examine_fixture("marked/kavehost.exe");
    assert_eq!(e.format, Some(Format::Pe));
    assert_eq!(e.soname, None);
    assert!(
        e.needed.iter().any(|n| n == "KERNEL32.dll"),
        "{:?}",
        e.needed
    );
    assert_eq!(e.version.as_deref(), Some("21.3.10.391"));
    // The UTF-16LE copies of these strings in the resource are the same values: not repeated.
    assert_eq!(
        e.observations,
        version_resource("AO Kaspersky Lab", "© AO Kaspersky Lab", "kavehost")
    );
}

#[test]
fn signed_pe_gives_its_unverified_signer() {
    let e = examine_fixture("marked/kavehost-signed.exe");
    let mut expected = version_resource("AO Kaspersky Lab", "© AO Kaspersky Lab", "kavehost");
    expected.push(obs(
        Kind::Signer,
        "pe.authenticode.signer",
        "CN=AO Kaspersky Lab,O=AO Kaspersky Lab,C=RU",
        Some("unverified: the signature is not checked"),
    ));
    // The certificate's own "AO Kaspersky Lab" bytes are the signer's, not another string.
    assert_eq!(e.observations, expected);
    let clean = examine_fixture("clean/csehost-signed.exe");
    assert_eq!(
        clean.observations.last().map(|o| o.value.as_str()),
        Some("CN=Contoso Ltd.,O=Contoso Ltd.,C=US")
    );
}

#[test]
fn clean_twins_carry_no_watched_string() {
    for (name, data) in fixtures().iter().filter(|(n, _)| n.starts_with("clean/")) {
        let e = examine(name, data, true, &PATTERNS);
        assert!(e.format.is_some(), "{name}");
        assert!(
            e.observations.iter().all(|o| o.field != "strings"),
            "{name}: {:?}",
            e.observations
        );
    }
}

/// The findings the real screener gives a component carrying `observations` (and nothing else:
/// a neutral name, no supplier), in a one-component CycloneDX document.
fn screen(observations: Vec<Observation>) -> Vec<crate::finding::Finding> {
    use crate::model::{Sbom, Standard, Syntax};
    let mut sbom = Sbom::new("audit.json", Standard::CycloneDx, Syntax::Json, "1.6");
    sbom.components.push(Component {
        id: "file-1".into(),
        kind: Some("file".into()),
        name: "avscan-engine".into(),
        evidence: observations,
        ..Component::default()
    });
    sbom.described = vec!["file-1".into()];
    let doc = crate::analysis::Document::analyse(sbom, &crate::ingest::ReadOptions::default())
        .expect("the document analyses");
    let screening = crate::analysis::Screening::new(
        crate::policy::Policy::default(),
        crate::watchlist::builtin(),
        jiff::civil::date(2025, 6, 1),
    );
    screening.screen(&doc)
}

/// Whether the findings include a strong one on Kaspersky: above low severity, not marked
/// weak, with at least `confidence` (a notice is text evidence, a signer an identifier).
fn strong_kaspersky(
    findings: &[crate::finding::Finding],
    confidence: crate::finding::Confidence,
) -> bool {
    findings.iter().any(|f| {
        f.entity.id == "kaspersky"
            && f.severity > crate::finding::Severity::Low
            && f.confidence >= confidence
            && !f.notes.iter().any(|n| n.starts_with("weak evidence"))
    })
}

#[test]
fn screener_weighs_notices_and_signers_strongly() {
    use crate::finding::Confidence;
    let only = |name: &str, field: &str| -> Vec<Observation> {
        let e = examine_fixture(name);
        let picked: Vec<Observation> = e
            .observations
            .into_iter()
            .filter(|o| o.field == field)
            .collect();
        assert!(!picked.is_empty(), "{name} has no {field}");
        picked
    };
    for (name, field, confidence) in [
        ("marked/libkavbase.so.8", "strings", Confidence::Text),
        (
            "marked/kavehost.exe",
            "pe.version.LegalCopyright",
            Confidence::Text,
        ),
        (
            "marked/kavehost.exe",
            "pe.version.CompanyName",
            Confidence::Identifier,
        ),
        (
            "marked/kavehost.exe",
            "pe.version.OriginalFilename",
            Confidence::Identifier,
        ),
        (
            "marked/kavehost-signed.exe",
            "pe.authenticode.signer",
            Confidence::Identifier,
        ),
    ] {
        let findings = screen(only(name, field));
        assert!(
            strong_kaspersky(&findings, confidence),
            "{name} {field}: {findings:#?}"
        );
    }
}

#[test]
fn screener_weighs_an_engine_list_weakly_at_most() {
    // Today the screener's free-text matcher gives it no finding at all.
    let e = examine_fixture("marked/multiscan");
    let findings = screen(e.observations);
    assert!(
        findings
            .iter()
            .all(|f| f.severity <= crate::finding::Severity::Low),
        "{findings:#?}"
    );
}

#[test]
fn screener_finds_nothing_in_clean_twins() {
    for (name, data) in fixtures().iter().filter(|(n, _)| n.starts_with("clean/")) {
        let e = examine(name, data, true, &PATTERNS);
        let findings = screen(e.observations);
        assert!(findings.is_empty(), "{name}: {findings:#?}");
    }
}

#[test]
fn pattern_pass_reads_utf16_and_utf8_and_classifies() {
    // Wide strings end in a NUL unit; "junk" before it is not part of the notice.
    let mut data = b"\x00\x01junk\x00\x00\x00".to_vec();
    let notice = "Copyright © 2020 AO Kaspersky Lab";
    let notice_at = data.len();
    data.extend_from_slice(&utf16(notice));
    data.extend_from_slice(&[0, 0, 7, 0]);
    let url_at = data.len() + "fetch ".len();
    data.extend_from_slice(b"fetch https://update.kaspersky.com/bases/av.kdc now\x00");
    let ru = "Лаборатория Касперского";
    let ru_at = data.len();
    data.extend_from_slice(ru.as_bytes());
    // Glued inside a longer word, or a longer host name: not the watched name.
    data.extend_from_slice(b"\x00unkasperskyish\x00notkaspersky.com\x00");
    let camel_at = data.len();
    data.extend_from_slice(b"KasperskyLab_engine\x00");
    let e = examine("blob", &data, true, &PATTERNS);
    assert_eq!(e.format, None);
    assert_eq!(
        e.observations,
        [
            obs(
                Kind::Copyright,
                "strings",
                notice,
                Some(&format!("at {notice_at:#x}, UTF-16LE"))
            ),
            obs(
                Kind::Endpoint,
                "strings",
                "https://update.kaspersky.com/bases/av.kdc",
                Some(&format!("at {url_at:#x}, ASCII"))
            ),
            obs(
                Kind::Text,
                "strings",
                ru,
                Some(&format!("at {ru_at:#x}, UTF-8"))
            ),
            obs(
                Kind::Text,
                "strings",
                "KasperskyLab_engine",
                Some(&format!("at {camel_at:#x}, ASCII"))
            ),
        ]
    );
}

#[test]
fn pattern_pass_keeps_each_string_once_and_at_most_the_cap() {
    let mut data = Vec::new();
    for i in 0..(strings::MAX_STRINGS + 20) {
        data.extend_from_slice(format!("Kaspersky engine {i}\x00").as_bytes());
        data.extend_from_slice(b"Kaspersky engine 0\x00");
    }
    let e = examine("blob", &data, true, &PATTERNS);
    assert_eq!(e.observations.len(), strings::MAX_STRINGS);
    assert_eq!(e.observations[0].value, "Kaspersky engine 0");
    assert_eq!(e.observations[1].value, "Kaspersky engine 1");
}

/// The PKCS#7 SignedData of the signed PE fixture.
fn fixture_signature(name: &str) -> Vec<u8> {
    let data = fixture(name);
    let pe = object::read::pe::PeFile64::parse(data).expect("the fixture is PE32+");
    let dir = pe
        .data_directory(object::pe::IMAGE_DIRECTORY_ENTRY_SECURITY)
        .expect("a certificate table");
    let start = dir.virtual_address.get(object::LittleEndian) as usize;
    let len = u32::from_le_bytes(data[start..start + 4].try_into().unwrap()) as usize;
    data[start + 8..start + len].to_vec()
}
