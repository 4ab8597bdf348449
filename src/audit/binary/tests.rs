//! Fixtures are built at test time by `tests/fixtures/audit/make-binaries.sh` (the end-to-end
//! tests reuse it), read into memory once, and their scratch directory removed.

use std::collections::BTreeMap;
use std::sync::{LazyLock, OnceLock};

use super::*;
use crate::model::{Component, Observation, ObservationKind as Kind};

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

/// Go's 16-byte sentinels around the module information.
const GO_START: [u8; 16] = [
    0x30, 0x77, 0xaf, 0x0c, 0x92, 0x74, 0x08, 0x02, 0x41, 0xe1, 0xc1, 0x07, 0xe6, 0xd6, 0x18, 0xe6,
];
const GO_END: [u8; 16] = [
    0xf9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72, 0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xd8, 0xf2,
];

/// A uvarint-prefixed string, as Go's linker writes build information.
fn varint_string(out: &mut Vec<u8>, s: &[u8]) {
    let mut n = s.len();
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
    out.extend_from_slice(s);
}

/// A Go 1.18+ build-information blob (inline strings) for `modinfo`.
fn go_buildinfo(flags: u8, version: &str, modinfo: &str) -> Vec<u8> {
    let mut b = b"\xff Go buildinf:".to_vec();
    b.extend_from_slice(&[8, flags]);
    b.resize(32, 0);
    varint_string(&mut b, version.as_bytes());
    let mut m = GO_START.to_vec();
    m.extend_from_slice(modinfo.as_bytes());
    m.extend_from_slice(&GO_END);
    varint_string(&mut b, &m);
    b
}

#[test]
fn go_build_information_gives_modules_and_replacements() {
    let modinfo = "path\texample.com/scan/cmd/scan\n\
                   mod\texample.com/scan\t(devel)\t\n\
                   dep\tgithub.com/a/b\tv1.2.3\th1:abc=\n\
                   dep\tgithub.com/c/d\tv0.1.0\th1:x=\n\
                   =>\tgithub.com/e/d\tv0.2.0\th1:y=\n\
                   build\t-compiler=gc\n";
    let mut data = fixture("clean/multiscan").to_vec();
    data.extend_from_slice(&[0; 13]);
    data.extend_from_slice(&go_buildinfo(2, "go1.22.1", modinfo));
    let e = examine("scan", &data, true, &PATTERNS);
    let module = |p: &str, v: &str| GoModule {
        path: p.into(),
        version: Some(v.into()),
    };
    assert_eq!(
        e.go,
        Some(GoBuild {
            go_version: Some("go1.22.1".into()),
            main: Some(module("example.com/scan", "(devel)")),
            deps: vec![
                module("github.com/a/b", "v1.2.3"),
                module("github.com/e/d", "v0.2.0")
            ],
        })
    );
    // Before Go 1.18 the header holds pointers (flag bit 2 clear): not read.
    let old = go_buildinfo(0, "go1.16", modinfo);
    assert_eq!(examine("old", &old, true, &PATTERNS).go, None);
}

/// A thin 64-bit little-endian Mach-O dylib with `LC_ID_DYLIB`, one `LC_LOAD_DYLIB` and, when
/// `cms` is given, a code signature holding it.
fn macho_dylib(id: &str, load: &str, cms: Option<&[u8]>) -> Vec<u8> {
    fn dylib_cmd(cmd: u32, name: &str) -> Vec<u8> {
        let size = (24 + name.len() + 1).div_ceil(8) * 8;
        let mut c = Vec::new();
        for w in [cmd, size as u32, 24, 0, 0x10000, 0x10000] {
            c.extend_from_slice(&w.to_le_bytes());
        }
        c.extend_from_slice(name.as_bytes());
        c.resize(size, 0);
        c
    }
    let mut cmds = [dylib_cmd(0xd, id), dylib_cmd(0xc, load)].concat();
    let mut ncmds = 2;
    let sig_at = 0x1000;
    let mut blob = Vec::new();
    if let Some(cms) = cms {
        // Super blob (big-endian): one index entry, the signature slot, holding a blob wrapper.
        let be = |b: &mut Vec<u8>, w: u32| b.extend_from_slice(&w.to_be_bytes());
        let total = 12 + 8 + 8 + cms.len();
        be(&mut blob, 0xfade_0cc0);
        be(&mut blob, total as u32);
        be(&mut blob, 1);
        be(&mut blob, 0x10000);
        be(&mut blob, 20);
        be(&mut blob, 0xfade_0b01);
        be(&mut blob, (8 + cms.len()) as u32);
        blob.extend_from_slice(cms);
        for w in [0x1d_u32, 16, sig_at, blob.len() as u32] {
            cmds.extend_from_slice(&w.to_le_bytes());
        }
        ncmds += 1;
    }
    let mut m = Vec::new();
    for w in [
        0xfeed_facf_u32,
        0x0100_0007,
        3,
        6,
        ncmds,
        cmds.len() as u32,
        0,
        0,
    ] {
        m.extend_from_slice(&w.to_le_bytes());
    }
    m.extend_from_slice(&cmds);
    if cms.is_some() {
        m.resize(sig_at as usize, 0);
        m.extend_from_slice(&blob);
    }
    m
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

#[test]
fn macho_gives_its_install_name_libraries_and_signer() {
    let cms = fixture_signature("marked/kavehost-signed.exe");
    let id = "@rpath/Kaspersky.framework/Versions/A/Kaspersky";
    let thin = macho_dylib(id, "/usr/lib/libSystem.B.dylib", Some(&cms));
    let signer = obs(
        Kind::Signer,
        "macho.codesign.signer",
        "CN=AO Kaspersky Lab,O=AO Kaspersky Lab,C=RU",
        Some("unverified: the signature is not checked"),
    );
    let path = obs(Kind::Path, "macho.id", id, None);
    let e = examine("Kaspersky", &thin, true, &PATTERNS);
    assert_eq!(e.format, Some(Format::MachO));
    assert_eq!(e.soname.as_deref(), Some(id));
    assert_eq!(e.needed, ["/usr/lib/libSystem.B.dylib"]);
    // The install name also holds "Kaspersky" as a string; it is already the `macho.id`.
    assert_eq!(e.observations, [path.clone(), signer.clone()]);

    // The same slice in a fat binary at 0x1000.
    let mut fat = Vec::new();
    for w in [
        0xcafe_babe_u32,
        1,
        0x0100_0007,
        3,
        0x1000,
        thin.len() as u32,
        12,
    ] {
        fat.extend_from_slice(&w.to_be_bytes());
    }
    fat.resize(0x1000, 0);
    fat.extend_from_slice(&thin);
    assert!(is_executable(&fat));
    let e = examine("Kaspersky", &fat, true, &PATTERNS);
    assert_eq!(
        (e.format, e.soname.as_deref()),
        (Some(Format::MachO), Some(id))
    );
    assert_eq!(e.observations, [path, signer]);
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

/// A small deterministic generator (xorshift64*), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Every fixture plus the synthetic Mach-O (thin, fat) and Go blobs.
fn all_inputs() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = fixtures()
        .iter()
        .map(|(n, d)| (n.clone(), d.clone()))
        .collect();
    let cms = fixture_signature("marked/kavehost-signed.exe");
    let thin = macho_dylib(
        "@rpath/libkav.dylib",
        "/usr/lib/libSystem.B.dylib",
        Some(&cms),
    );
    let mut fat = Vec::new();
    for w in [
        0xcafe_babe_u32,
        1,
        0x0100_0007,
        3,
        0x100,
        thin.len() as u32,
        8,
    ] {
        fat.extend_from_slice(&w.to_be_bytes());
    }
    fat.resize(0x100, 0);
    fat.extend_from_slice(&thin);
    v.push(("macho".into(), thin));
    v.push(("fat".into(), fat));
    v.push((
        "go".into(),
        go_buildinfo(2, "go1.22.1", "mod\texample.com/x\tv1.0.0\t\n"),
    ));
    v
}

#[test]
fn every_prefix_reads_without_panic() {
    // A cut file, as the artifact layer hands over when a file is larger than the scan limit:
    // every length up to 4 KiB (the headers; with the Go magic as the only pattern, which keeps
    // this debug-build test fast), then every 251st length with every pattern.
    let go_only = Patterns::new(&crate::watchlist::load_sources(&[], false).unwrap());
    for (name, data) in all_inputs() {
        for n in 0..=data.len().min(4096) {
            let _ = examine(&name, &data[..n], false, &go_only);
        }
        for n in (0..data.len()).step_by(251) {
            let e = examine(&name, &data[..n], false, &PATTERNS);
            assert!(e.observations.len() <= 64, "{name}[..{n}]");
        }
    }
}

#[test]
fn corrupted_and_random_bytes_read_without_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for (name, data) in all_inputs() {
        for _ in 0..200 {
            let mut d = data.clone();
            // Mostly the headers and tables near the start, sometimes anywhere.
            for _ in 0..1 + rng.below(16) {
                let limit = if rng.below(2) == 0 { 1024 } else { d.len() };
                let i = rng.below(limit.min(d.len()));
                if let Some(b) = d.get_mut(i) {
                    *b = rng.next() as u8;
                }
            }
            let cut = d.len() - rng.below(d.len() / 4 + 1);
            let _ = examine(&name, &d[..cut], cut == d.len(), &PATTERNS);
        }
    }
    let magics: [&[u8]; 6] = [
        b"\x7fELF\x01\x01",
        b"\x7fELF\x02\x02",
        b"MZ",
        b"\xcf\xfa\xed\xfe",
        b"\xca\xfe\xba\xbe\x00\x00\x00\x02",
        b"\xff Go buildinf:\x08\x02",
    ];
    for i in 0..3000 {
        let mut d: Vec<u8> = (0..rng.below(4096)).map(|_| rng.next() as u8).collect();
        let magic = magics[i % magics.len()];
        if d.len() >= magic.len() {
            d[..magic.len()].copy_from_slice(magic);
        }
        let _ = examine("random", &d, true, &PATTERNS);
    }
}

#[test]
fn executables_are_recognised_by_their_head() {
    for (name, data) in fixtures() {
        assert!(is_executable(&data[..64]), "{name}");
    }
    assert!(is_executable(b"\x7fELF"));
    assert!(is_executable(b"MZ"));
    assert!(!is_executable(b""));
    assert!(!is_executable(b"PK\x03\x04"));
    // A Java class file shares the fat magic; its next word is a class-file version.
    assert!(!is_executable(b"\xca\xfe\xba\xbe\x00\x00\x00\x34"));
    // A DOS header whose e_lfanew points at something other than the PE signature.
    let mut dos = b"MZ".to_vec();
    dos.resize(0x40, 0);
    dos[0x3c] = 0x40;
    dos.extend_from_slice(b"NE\0\0");
    assert!(!is_executable(&dos));
}

/// Throughput of `examine` on a large input: run by hand in release mode with
/// `cargo test --release --lib audit::binary::tests::throughput -- --ignored --nocapture`
/// (BOMSCREEN_BENCH_FILE names the input; by default the first 100 MB of the system's shared
/// libraries, concatenated). Prints MB/s; asserts nothing about time.
#[test]
#[ignore = "a measurement, run by hand in release mode"]
#[allow(clippy::print_stderr, reason = "the measurement is what this prints")]
fn throughput() {
    // CPU time of this thread (Linux), so a busy machine does not hide the rate.
    let cpu = || -> f64 {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
            .map_or(f64::NAN, |ns| ns / 1e9)
    };
    let data = match std::env::var_os("BOMSCREEN_BENCH_FILE") {
        Some(f) => std::fs::read(f).expect("the bench file"),
        None => {
            let mut data = Vec::new();
            let mut libs: Vec<_> = std::fs::read_dir("/usr/lib/x86_64-linux-gnu")
                .expect("the system library folder")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.to_string_lossy().contains(".so"))
                .collect();
            libs.sort();
            for l in libs {
                if data.len() >= 100 << 20 {
                    break;
                }
                if let Ok(b) = std::fs::read(&l) {
                    data.extend_from_slice(&b);
                }
            }
            data
        }
    };
    let start = std::time::Instant::now();
    let patterns = Patterns::new(crate::watchlist::builtin());
    let built = start.elapsed();
    let (mut best, mut best_cpu) = (f64::MAX, f64::MAX);
    let mut e = Examined::default();
    for _ in 0..5 {
        let (t, c) = (std::time::Instant::now(), cpu());
        e = examine("bench", &data, true, &patterns);
        best = best.min(t.elapsed().as_secs_f64());
        best_cpu = best_cpu.min(cpu() - c);
    }
    let t = std::time::Instant::now();
    let n = memchr::memmem::find_iter(&data, b"\x7fELF").count();
    let memmem = t.elapsed().as_secs_f64();
    let mb = data.len() as f64 / 1e6;
    eprintln!(
        "{} patterns built in {built:?}; examine: {mb:.0} MB in {best:.3} s = {:.0} MB/s wall, {:.0} MB/s per CPU second ({} observations); memmem over the same bytes: {:.0} MB/s ({n} hits)",
        patterns.len(),
        mb / best,
        mb / best_cpu,
        e.observations.len(),
        mb / memmem
    );
}

/// A section-less ELF shared object (as stripped firmware ships them) of either class and byte
/// order, with a `PT_DYNAMIC` naming its SONAME and one NEEDED library.
fn elf_dylib(is_64: bool, big_endian: bool, soname: &str, needed: &str) -> Vec<u8> {
    let word = if is_64 { 8 } else { 4 };
    let put = |out: &mut Vec<u8>, v: u64, size: usize| {
        let bytes = v.to_le_bytes();
        if big_endian {
            out.extend(bytes[..size].iter().rev());
        } else {
            out.extend_from_slice(&bytes[..size]);
        }
    };
    let (ehsize, phentsize) = if is_64 { (64, 56) } else { (52, 32) };
    let dyn_off = ehsize + 2 * phentsize;
    let dyn_len = 5 * 2 * word;
    let str_off = dyn_off + dyn_len;
    let strtab = format!("\0{soname}\0{needed}\0");
    let total = str_off + strtab.len();
    let base = 0x10000_u64;
    let mut e = vec![
        0x7f,
        b'E',
        b'L',
        b'F',
        1 + is_64 as u8,
        1 + big_endian as u8,
        1,
    ];
    e.resize(16, 0);
    put(&mut e, 3, 2); // ET_DYN
    put(&mut e, 8, 2); // EM_MIPS
    put(&mut e, 1, 4);
    put(&mut e, 0, word); // entry
    put(&mut e, ehsize as u64, word); // phoff
    put(&mut e, 0, word); // shoff: no section headers
    put(&mut e, 0, 4);
    for v in [ehsize, phentsize, 2, 0, 0, 0] {
        put(&mut e, v as u64, 2);
    }
    let phdr = |e: &mut Vec<u8>, kind: u64, off: usize, len: usize| {
        let (off, vaddr, len) = (off as u64, base + off as u64, len as u64);
        if is_64 {
            put(e, kind, 4);
            put(e, 4, 4); // flags
            for v in [off, vaddr, vaddr, len, len, 8] {
                put(e, v, 8);
            }
        } else {
            for v in [kind, off, vaddr, vaddr, len, len, 4, 4] {
                put(e, v, 4);
            }
        }
    };
    phdr(&mut e, 1, 0, total); // PT_LOAD: the whole file
    phdr(&mut e, 2, dyn_off, dyn_len); // PT_DYNAMIC
    let needed_at = 2 + soname.len() as u64;
    for (tag, val) in [
        (14, 1),                    // DT_SONAME
        (1, needed_at),             // DT_NEEDED
        (5, base + str_off as u64), // DT_STRTAB
        (10, strtab.len() as u64),  // DT_STRSZ
        (0, 0),                     // DT_NULL
    ] {
        put(&mut e, tag, word);
        put(&mut e, val, word);
    }
    e.extend_from_slice(strtab.as_bytes());
    assert_eq!(e.len(), total);
    e
}

#[test]
fn elf_of_every_class_and_byte_order_gives_soname_and_needed() {
    for is_64 in [false, true] {
        for big_endian in [false, true] {
            let data = elf_dylib(is_64, big_endian, "libkavscan.so.3", "libc.so.0");
            let e = examine("lib", &data, true, &PATTERNS);
            let case = (is_64, big_endian);
            assert_eq!(e.format, Some(Format::Elf), "{case:?}");
            assert_eq!(e.soname.as_deref(), Some("libkavscan.so.3"), "{case:?}");
            assert_eq!(e.needed, ["libc.so.0"], "{case:?}");
            assert_eq!(
                e.observations,
                [obs(
                    Kind::Identity,
                    "elf.soname",
                    "libkavscan.so.3",
                    Some("name")
                )],
                "{case:?}"
            );
        }
    }
}
