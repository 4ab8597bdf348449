//! Inputs no installed toolchain makes, built byte by byte: Go build information, Mach-O (thin
//! and fat, with a code signature) and section-less ELF of every class and byte order.

use super::*;

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
pub(super) fn go_buildinfo(flags: u8, version: &str, modinfo: &str) -> Vec<u8> {
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
pub(super) fn macho_dylib(id: &str, load: &str, cms: Option<&[u8]>) -> Vec<u8> {
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
