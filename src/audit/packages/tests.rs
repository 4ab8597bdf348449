//! Each format on records written as the tools write them, the joins, the purls, and hostile
//! input. `real` reads this machine's own databases.

use super::*;
use crate::model::Purl;

mod real;

/// Feeds `files` (path, content) in the given order and finishes, asserting every add is Ok.
fn inventory(files: &[(&str, &[u8])]) -> (Vec<Package>, Option<Distro>) {
    let mut inv = Inventory::new();
    for (path, data) in files {
        assert!(Inventory::wants(path), "{path} should be wanted");
        inv.add(path, data).unwrap_or_else(|e| panic!("{e}"));
    }
    let distro = inv.distro();
    (inv.finish(), distro)
}

fn find<'a>(pkgs: &'a [Package], name: &str) -> &'a Package {
    pkgs.iter().find(|p| p.name == name).unwrap_or_else(|| {
        panic!(
            "no package {name} in {:?}",
            pkgs.iter().map(|p| &p.name).collect::<Vec<_>>()
        )
    })
}

/// The purl parses back (with the project's own reader) to the given parts.
fn assert_purl(p: &Package, ty: &str, ns: Option<&str>, name: &str, version: Option<&str>) {
    let raw = p
        .purl
        .as_deref()
        .unwrap_or_else(|| panic!("{} has no purl", p.name));
    let purl = Purl::new(raw);
    assert!(purl.is_parsed(), "{raw}");
    assert_eq!(purl.ty(), Some(ty), "{raw}");
    assert_eq!(purl.namespace(), ns, "{raw}");
    assert_eq!(purl.name(), Some(name), "{raw}");
    assert_eq!(purl.version(), version, "{raw}");
}

const OS_RELEASE: &[u8] = b"PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n";

const STATUS: &[u8] = b"Package: bash\r\nEssential: yes\r\nStatus: install ok installed\r\nPriority: required\r\nArchitecture: amd64\r\nMulti-Arch: foreign\r\nMaintainer: Matthias Klose\r\n <doko@debian.org>\r\nVersion: 5.2.15-2+b2\r\nHomepage: https://tiswww.case.edu/php/chet/bash/bashtop.html\r\nDescription: GNU Bourne Again SHell\r\n Bash is an sh-compatible command language interpreter.\r\n .\r\n More text.\r\n\r\nPackage: removed-pkg\nStatus: deinstall ok config-files\nArchitecture: amd64\nVersion: 1.0\n\nPackage: libc6\nStatus: hold ok installed\nArchitecture: amd64\nSource: glibc (2.36-9+deb12u4)\nVersion: 2.36-9+deb12u4\nMaintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>\nOriginal-Maintainer: Someone Upstream <up@example.org>\n\nPackage: libc6\nStatus: install ok installed\nArchitecture: i386\nVersion: 2.36-9+deb12u4\n";

#[test]
fn dpkg_status_lists_and_copyright_join() {
    let copyright = b"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: bash\n\nFiles: *\nCopyright: 1987-2022 Free Software Foundation, Inc.\n           2001 Chet Ramey\nLicense: GPL-3+\n\nFiles: debian/*\nCopyright: 2010 Matthias Klose <doko@debian.org>\n 1987-2022 Free Software Foundation, Inc.\nLicense: GPL-3+\n";
    let (pkgs, distro) = inventory(&[
        (
            "/var/lib/dpkg/info/bash.list",
            b"/.\n/bin\n/bin/bash\n/usr\n/usr/share\n/usr/share/doc/bash/copyright\n/usr/bin/bash",
        ),
        (
            "/var/lib/dpkg/info/libc6:amd64.list",
            b"/.\n/lib/x86_64-linux-gnu/libc.so.6\n",
        ),
        (
            "/var/lib/dpkg/info/libc6:i386.list",
            b"/lib/i386-linux-gnu/libc.so.6\n",
        ),
        ("/usr/share/doc/bash/copyright", copyright),
        ("/var/lib/dpkg/status", STATUS),
        ("/etc/os-release", OS_RELEASE),
    ]);
    assert_eq!(
        distro.as_ref().map(|d| d.pretty_name.as_deref()),
        Some(Some("Debian GNU/Linux 12 (bookworm)"))
    );
    let names: Vec<(&str, Option<&str>)> = pkgs
        .iter()
        .map(|p| (p.name.as_str(), p.arch.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            ("bash", Some("amd64")),
            ("libc6", Some("amd64")),
            ("libc6", Some("i386"))
        ]
    );
    let bash = find(&pkgs, "bash");
    assert_eq!(bash.version.as_deref(), Some("5.2.15-2+b2"));
    assert_eq!(bash.maintainers, ["Matthias Klose <doko@debian.org>"]);
    assert_eq!(bash.line, Some(1));
    assert_eq!(
        bash.files,
        [
            "/bin/bash",
            "/usr/bin/bash",
            "/usr/share/doc/bash/copyright"
        ]
    );
    assert_eq!(
        bash.copyright,
        [
            "1987-2022 Free Software Foundation, Inc.",
            "2001 Chet Ramey",
            "2010 Matthias Klose <doko@debian.org>"
        ]
    );
    assert_eq!(
        bash.purl.as_deref(),
        Some("pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12")
    );
    assert_purl(bash, "deb", Some("debian"), "bash", Some("5.2.15-2+b2"));
    let libc = &pkgs[1];
    assert_eq!(libc.line, Some(21));
    assert_eq!(libc.origin.as_deref(), Some("glibc"));
    assert_eq!(libc.maintainers.len(), 2);
    assert_eq!(libc.files, ["/lib/x86_64-linux-gnu/libc.so.6"]);
    assert_eq!(pkgs[2].files, ["/lib/i386-linux-gnu/libc.so.6"]);
}

#[test]
fn dpkg_record_without_a_name_is_reported_and_the_rest_kept() {
    let mut inv = Inventory::new();
    let data = b"Package: a\nStatus: install ok installed\nVersion: 1\n\nStatus: install ok installed\nVersion: 2\n\nPackage: b\nVersion: 3";
    let err = inv.add("/var/lib/dpkg/status", data).unwrap_err();
    assert_eq!(
        err,
        "/var/lib/dpkg/status:5: a package record without a Package field; skipped"
    );
    let err = inv
        .add(
            "/var/lib/dpkg/info/a.list",
            b"/usr/bin/a\n\x7fELF\x02\n/usr/bin/a2",
        )
        .unwrap_err();
    assert_eq!(
        err,
        "/var/lib/dpkg/info/a.list:2: expected an absolute path"
    );
    let pkgs = inv.finish();
    assert_eq!(
        pkgs.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(pkgs[0].files, ["/usr/bin/a", "/usr/bin/a2"]);
    // Without an os-release the deb namespace falls back to debian, with no distro qualifier.
    assert_eq!(pkgs[1].purl.as_deref(), Some("pkg:deb/debian/b@3"));
}

#[test]
fn distroless_status_d_with_md5sums() {
    let (pkgs, _) = inventory(&[
        ("/var/lib/dpkg/status.d/base-files", b"Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\nMaintainer: Santiago Vila <sanvila@debian.org>\n"),
        ("/var/lib/dpkg/status.d/base-files.md5sums", b"4a0e4a0a0a0a0a0a0a0a0a0a0a0a0a0a  etc/debian_version\n5b0e4a0a0a0a0a0a0a0a0a0a0a0a0a0a  usr/lib/os-release\n"),
        ("/usr/lib/os-release", b"ID=debian\nVERSION_ID=\"12\"\n"),
    ]);
    assert_eq!(pkgs.len(), 1);
    assert_eq!(
        pkgs[0].files,
        ["/etc/debian_version", "/usr/lib/os-release"]
    );
    assert_eq!(
        pkgs[0].purl.as_deref(),
        Some("pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12")
    );
}

#[test]
fn non_dep5_copyright_lines() {
    let text = "This is the Debian prepackaged version of zlib.\n\nCopyright:\n\n  (C) 1995-2013 Jean-loup Gailly and Mark Adler\n  Copyright 2004 Someone Else\n© 2020 Third Party\nThe copyright holders say:\n";
    let (pkgs, _) = inventory(&[
        (
            "/var/lib/dpkg/status",
            b"Package: zlib1g\nStatus: install ok installed\nVersion: 1\n",
        ),
        ("/usr/share/doc/zlib1g/copyright", text.as_bytes()),
    ]);
    assert_eq!(
        pkgs[0].copyright,
        [
            "(C) 1995-2013 Jean-loup Gailly and Mark Adler",
            "Copyright 2004 Someone Else",
            "© 2020 Third Party"
        ]
    );
}

/// OpenWrt writes `/usr/lib/opkg/status` with only the install state, and the package's full
/// control paragraph to `info/NAME.control`; `info/NAME.list` is one path a line, opkg-lede
/// adding a tab and the mode (and a link target). Records below follow an OpenWrt 23.05
/// image (openwrt.org "Opkg package manager", "opkg info" and `libopkg/pkg.c`
/// `pkg_write_filelist` in git.openwrt.org/project/opkg-lede.git).
#[test]
fn opkg_status_control_and_list() {
    let (pkgs, _) = inventory(&[
        ("/usr/lib/opkg/status", b"Package: dropbear\nVersion: 2022.82-6\nDepends: libc\nStatus: install user installed\nArchitecture: mipsel_24kc\nConffiles:\n /etc/config/dropbear 0123\nInstalled-Time: 1700000000\n\nPackage: gone\nVersion: 1\nStatus: deinstall user not-installed\nArchitecture: mipsel_24kc\n"),
        ("/usr/lib/opkg/info/dropbear.control", b"Package: dropbear\nVersion: 2022.82-6\nDepends: libc\nLicense: MIT\nSection: net\nURL: https://matt.ucc.asn.au/dropbear/\nMaintainer: Matt Johnston <matt@ucc.asn.au>\nArchitecture: mipsel_24kc\nInstalled-Size: 98304\nDescription: A small SSH2 server/client\n"),
        ("/usr/lib/opkg/info/dropbear.list", b"/usr/sbin/dropbear\t0755\n/usr/bin/ssh\t0777\t/usr/sbin/dropbear\n/etc/init.d/dropbear\t0755\n"),
        ("/usr/lib/opkg/info/rom-only.control", b"Package: rom-only\nVersion: 2\nMaintainer: X <x@example.org>\n"),
    ]);
    assert_eq!(
        pkgs.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["dropbear", "rom-only"]
    );
    let d = &pkgs[0];
    assert_eq!(d.ecosystem, Some(Ecosystem::Opkg));
    assert_eq!(d.maintainers, ["Matt Johnston <matt@ucc.asn.au>"]);
    assert_eq!(d.license.as_deref(), Some("MIT"));
    assert_eq!(
        d.files,
        ["/etc/init.d/dropbear", "/usr/bin/ssh", "/usr/sbin/dropbear"]
    );
    assert_eq!(d.source, "/usr/lib/opkg/status");
    assert_eq!(d.purl, None, "opkg has no registered purl type");
}

/// Two records as an Alpine 3.19 `/lib/apk/db/installed` holds them (Alpine wiki "Apk spec",
/// "Installed Database" lists the keys; `C:` checksums, `a:` owners and `Z:` file checksums
/// appear as apk-tools writes them).
#[test]
fn apk_installed() {
    let db = b"C:Q1DnN0n4TaeCO6n0/W2pY2lmsWuS0=\nP:musl\nV:1.2.4_git20230717-r4\nA:x86_64\nS:407220\nI:663552\nT:the musl c library (libc) implementation\nU:https://musl.libc.org/\nL:MIT\no:musl\nm:Timo Teras <timo.teras@iki.fi>\nt:1705494305\nc:ca7f2ab5e88794e4e654b40776f8a92256f50639\nF:lib\nR:ld-musl-x86_64.so.1\na:0:0:755\nZ:Q1Rbq4ks8kjnjmu/zuxd2JyeGa53k=\nR:libc.musl-x86_64.so.1\na:0:0:777\nZ:Q17yJ3JFNypA4mxhJJr0ou6CzsJVI=\n\nC:Q1abc=\nV:0.1\nF:etc\nR:nameless\n\nP:busybox\r\nV:1.36.1-r15\r\nA:x86_64\r\nF:bin\r\nR:busybox\r\nF:etc/securetty.d\r\nR:../../bin/../bin/sh";
    let mut inv = Inventory::new();
    inv.add("/etc/os-release", b"NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n").unwrap();
    let err = inv.add("/lib/apk/db/installed", db).unwrap_err();
    assert_eq!(
        err,
        "/lib/apk/db/installed:22: a package record without a P: (name) line; skipped"
    );
    let pkgs = inv.finish();
    let musl = find(&pkgs, "musl");
    assert_eq!(musl.line, Some(1));
    assert_eq!(
        musl.files,
        ["/lib/ld-musl-x86_64.so.1", "/lib/libc.musl-x86_64.so.1"]
    );
    assert_eq!(
        (musl.license.as_deref(), musl.origin.as_deref()),
        (Some("MIT"), Some("musl"))
    );
    assert_eq!(musl.maintainers, ["Timo Teras <timo.teras@iki.fi>"]);
    assert_eq!(
        musl.purl.as_deref(),
        Some("pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1")
    );
    let bb = find(&pkgs, "busybox");
    assert_eq!(bb.line, Some(27));
    assert_eq!(bb.files, ["/bin/busybox", "/bin/sh"]);
}

#[test]
fn python_metadata_record_and_egg_info() {
    let metadata = "Metadata-Version: 2.1\nName: Foo_Bar.baz\nVersion: 1.0.post1\nSummary: x\nAuthor: Jane Doe\nAuthor-email: Jane Doe <jane@example.org>\nLicense: BSD 3-Clause\n        Copyright (c) Jane\nProject-URL: Homepage, https://example.org/foo\n\nLong description\nName: not-a-header\n";
    let record = "foo_bar/__init__.py,sha256=abc,12\n\"foo_bar/odd,name.py\",,\n../../../bin/foo,sha256=x,1\nFoo_Bar.baz-1.0.post1.dist-info/METADATA,,\n";
    let site = "/usr/lib/python3.11/site-packages";
    let (pkgs, _) = inventory(&[
        (&format!("{site}/Foo_Bar.baz-1.0.post1.dist-info/RECORD"), record.as_bytes()),
        (&format!("{site}/Foo_Bar.baz-1.0.post1.dist-info/METADATA"), metadata.as_bytes()),
        ("/usr/lib/python3/dist-packages/six-1.16.0.egg-info", b"Metadata-Version: 1.2\nName: six\nVersion: 1.16.0\nAuthor: Benjamin Peterson\nHome-page: https://github.com/benjaminp/six\nLicense: MIT\n"),
    ]);
    let foo = find(&pkgs, "Foo_Bar.baz");
    assert_eq!(foo.authors, ["Jane Doe", "Jane Doe <jane@example.org>"]);
    assert_eq!(
        foo.license.as_deref(),
        Some("BSD 3-Clause\nCopyright (c) Jane")
    );
    assert_eq!(foo.homepage.as_deref(), Some("https://example.org/foo"));
    assert_eq!(
        foo.files,
        [
            "/usr/bin/foo",
            "/usr/lib/python3.11/site-packages/Foo_Bar.baz-1.0.post1.dist-info/METADATA",
            "/usr/lib/python3.11/site-packages/foo_bar/__init__.py",
            "/usr/lib/python3.11/site-packages/foo_bar/odd,name.py",
        ]
    );
    assert_eq!(foo.purl.as_deref(), Some("pkg:pypi/foo-bar-baz@1.0.post1"));
    assert_eq!(
        find(&pkgs, "six").purl.as_deref(),
        Some("pkg:pypi/six@1.16.0")
    );
}

#[test]
fn npm_scoped_and_plain_package_json() {
    let scoped = br#"{"name":"@Scope/pkg","version":"1.2.3","author":{"name":"Ann","email":"ann@example.org","url":"https://ann.example"},"maintainers":["Bob <bob@example.org>",{"name":"Cy"}],"contributors":[{"name":"Dee"}],"homepage":"https://example.org","license":{"type":"MIT"}}"#;
    let plain = br#"{"name":"left-pad","version":"1.3.0","author":"azer <azer@roadbeh.com> (http://azer.bike)","licenses":[{"type":"MIT"},{"type":"Apache-2.0"}]}"#;
    let (pkgs, _) = inventory(&[
        ("/app/node_modules/@Scope/pkg/package.json", scoped),
        (
            "/app/node_modules/@Scope/pkg/node_modules/left-pad/package.json",
            plain,
        ),
    ]);
    let s = find(&pkgs, "@Scope/pkg");
    assert_eq!(s.group.as_deref(), Some("@Scope"));
    assert_eq!(
        s.authors,
        ["Ann <ann@example.org> (https://ann.example)", "Dee"]
    );
    assert_eq!(s.maintainers, ["Bob <bob@example.org>", "Cy"]);
    assert_eq!(s.license.as_deref(), Some("MIT"));
    assert_eq!(s.roots, ["/app/node_modules/@Scope/pkg"]);
    assert_eq!(s.purl.as_deref(), Some("pkg:npm/%40Scope/pkg@1.2.3"));
    assert_purl(s, "npm", Some("@Scope"), "pkg", Some("1.2.3"));
    let l = find(&pkgs, "left-pad");
    assert_eq!(l.authors, ["azer <azer@roadbeh.com> (http://azer.bike)"]);
    assert_eq!(l.license.as_deref(), Some("MIT OR Apache-2.0"));
    assert_eq!(
        l.roots,
        ["/app/node_modules/@Scope/pkg/node_modules/left-pad"]
    );
}

#[test]
fn maven_manifest_continuation_shaded_jar_and_manifest_only() {
    // "Kaspersky Lab ©" split inside the two bytes of `©` by the 72-byte rule.
    let mut mf = b"Manifest-Version: 1.0\r\nImplementation-Title: demo\r\nImplementation-Version: 2.0\r\nImplementation-Vendor: AO Kaspersky Lab \xc2".to_vec();
    mf.extend_from_slice(
        b"\r\n \xa9 2024\r\n\r\nName: com/example/A.class\r\nImplementation-Vendor: not main\r\n",
    );
    let (pkgs, _) = inventory(&[
        ("/META-INF/MANIFEST.MF", &mf),
        (
            "/META-INF/maven/com.example/demo/pom.properties",
            b"#Generated by Maven\ngroupId=com.example\nartifactId=demo\nversion=2.0\n",
        ),
        (
            "/META-INF/maven/org.shaded/dep/pom.properties",
            b"version=0.9\ngroupId=org.shaded\nartifactId=dep\n",
        ),
    ]);
    let demo = find(&pkgs, "demo");
    assert_eq!(demo.vendor.as_deref(), Some("AO Kaspersky Lab © 2024"));
    assert_eq!(demo.purl.as_deref(), Some("pkg:maven/com.example/demo@2.0"));
    let dep = find(&pkgs, "dep");
    assert_eq!(dep.vendor, None);
    assert_purl(dep, "maven", Some("org.shaded"), "dep", Some("0.9"));

    let (pkgs, _) = inventory(&[(
        "/META-INF/MANIFEST.MF",
        b"Manifest-Version: 1.0\nBundle-Name: Engine\nBundle-SymbolicName: com.vendor.engine;singleton:=true\nBundle-Version: 3.1\nBundle-Vendor: Vendor Ltd\n",
    )]);
    assert_eq!(pkgs.len(), 1);
    assert_eq!(
        (pkgs[0].name.as_str(), pkgs[0].version.as_deref()),
        ("com.vendor.engine", Some("3.1"))
    );
    assert_eq!(pkgs[0].vendor.as_deref(), Some("Vendor Ltd"));
    assert_eq!(pkgs[0].purl, None, "a maven purl needs a group id");
}

#[test]
fn os_release_etc_wins_and_quotes_are_read() {
    let mut inv = Inventory::new();
    inv.add(
        "/etc/os-release",
        b"# comment\nID='ubuntu'\nVERSION_ID=\"22.04\"\nPRETTY_NAME=\"Ubuntu \\\"Jammy\\\"\"",
    )
    .unwrap();
    inv.add("/usr/lib/os-release", b"ID=debian\n").unwrap();
    let d = inv.distro().unwrap();
    assert_eq!(
        (d.id.as_str(), d.version_id.as_deref()),
        ("ubuntu", Some("22.04"))
    );
    assert_eq!(d.pretty_name.as_deref(), Some("Ubuntu \"Jammy\""));
    assert!(inv.add("/usr/lib/os-release", b"NAME=x\n").is_err());
}

#[test]
fn wants_only_database_paths() {
    for yes in [
        "/var/lib/dpkg/status",
        "/var/lib/dpkg/status.d/tzdata",
        "/var/lib/dpkg/info/libc6:amd64.list",
        "/usr/share/doc/bash/copyright",
        "/usr/lib/opkg/info/busybox.control",
        "/var/lib/opkg/info/busybox.list",
        "/lib/apk/db/installed",
        "/opt/venv/lib/python3.12/site-packages/pip-24.0.dist-info/RECORD",
        "/usr/lib/python3/dist-packages/PyJWT-2.6.0.egg-info/PKG-INFO",
        "/srv/node_modules/express/package.json",
        "/srv/node_modules/@types/node/package.json",
        "/META-INF/maven/g/a/pom.properties",
        "/META-INF/MANIFEST.MF",
        "/usr/lib/os-release",
    ] {
        assert!(Inventory::wants(yes), "{yes}");
    }
    for no in [
        "/var/lib/dpkg/status-old",
        "/var/lib/dpkg/info/bash.md5sums",
        "/usr/share/doc/bash/copyright/x",
        "/usr/share/doc/copyright",
        "/srv/node_modules/express/lib/package.json",
        "/srv/package.json",
        "/META-INF/maven/a/pom.properties",
        "/usr/lib/python3/dist-packages/x.dist-info/WHEEL",
        "/.egg-info",
        "/etc/os-release.d/x",
    ] {
        assert!(!Inventory::wants(no), "{no}");
    }
}

#[test]
fn feeding_order_does_not_matter() {
    let files: Vec<(&str, &[u8])> = vec![
        ("/var/lib/dpkg/status", STATUS),
        (
            "/var/lib/dpkg/info/libc6:i386.list",
            b"/lib/i386-linux-gnu/libc.so.6\n",
        ),
        ("/usr/share/doc/libc6/copyright", b"Copyright 1991 FSF\n"),
        ("/etc/os-release", OS_RELEASE),
    ];
    let forward = inventory(&files);
    let backward = inventory(&files.iter().rev().copied().collect::<Vec<_>>());
    assert_eq!(forward, backward);
}

/// Garbage, a 10 MB line, invalid UTF-8, a NUL-filled file and a lone CR, to every reader:
/// each returns a value (an error or nothing), never a panic, and in linear time.
#[test]
fn hostile_input_never_panics() {
    let long = vec![b'A'; 10 << 20];
    let mut long_field = b"Package: x\nStatus: install ok installed\nDescription: ".to_vec();
    long_field.extend_from_slice(&long);
    let mut garbage = Vec::with_capacity(1 << 20);
    let mut x: u32 = 0x1234_5678;
    for _ in 0..(1 << 20) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        garbage.push(x as u8);
    }
    let inputs: Vec<&[u8]> = vec![
        &long,
        &long_field,
        &garbage,
        &[0u8; 4096],
        b"\r",
        b"\xff\xfe:\xc0\n \x80",
        b"",
        b":\n\n:",
    ];
    let paths = [
        "/var/lib/dpkg/status",
        "/var/lib/dpkg/status.d/x.md5sums",
        "/var/lib/dpkg/info/x.list",
        "/usr/share/doc/x/copyright",
        "/usr/lib/opkg/status",
        "/usr/lib/opkg/info/x.control",
        "/usr/lib/opkg/info/x.list",
        "/lib/apk/db/installed",
        "/x.dist-info/METADATA",
        "/x.dist-info/RECORD",
        "/node_modules/x/package.json",
        "/META-INF/MANIFEST.MF",
        "/META-INF/maven/g/a/pom.properties",
        "/etc/os-release",
    ];
    let mut inv = Inventory::new();
    for path in paths {
        for data in &inputs {
            if let Err(e) = inv.add(path, data) {
                assert!(e.starts_with(&format!("{path}:")), "{e}");
            }
        }
    }
    // Many notices, many jars: joins and repeats stay linear (this would not finish otherwise).
    let notices: String = (0..200_000)
        .map(|i| format!("Copyright {i} Holder\nCopyright 1 Holder\n"))
        .collect();
    inv.add("/usr/share/doc/x/copyright", notices.as_bytes())
        .unwrap();
    for i in 0..20_000 {
        inv.add(
            &format!("/jars/{i}/META-INF/MANIFEST.MF"),
            b"Implementation-Title: a\n",
        )
        .unwrap();
        inv.add(
            &format!("/jars/{i}/META-INF/maven/g/a/pom.properties"),
            b"artifactId=a\n",
        )
        .unwrap();
    }
    let pkgs = inv.finish();
    assert_eq!(
        pkgs.iter()
            .filter(|p| p.ecosystem == Some(Ecosystem::Maven))
            .count(),
        20_000
    );
    let x = pkgs
        .iter()
        .find(|p| p.ecosystem == Some(Ecosystem::Deb))
        .unwrap();
    assert_eq!(x.copyright.len(), 200_000);
    assert_eq!(x.name, "x");
    assert!(
        Inventory::new()
            .add("/var/lib/dpkg/status", &long)
            .unwrap_err()
            .starts_with("/var/lib/dpkg/status:1: ")
    );
}

#[test]
fn pep503_names() {
    assert_eq!(purl::pep503("Foo__Bar.-baz"), "foo-bar-baz");
    assert_eq!(purl::pep503("zope.interface"), "zope-interface");
}
