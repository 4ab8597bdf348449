//! Every format built at test time with the real tools (tar, gzip, xz, zstd, bzip2, zip, cpio,
//! mksquashfs, mkfs.ext4) and read back through `vfs::open`; then the hostile cases from the
//! issue, and every fixture cut short at every length.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use super::{FileEntry, Layer, LayerKind, Limits, Problem, ProblemKind, Sink};

mod hostile;

/// A sink that records everything, wanting every file or none.
#[derive(Default)]
struct Recorder {
    want_all: bool,
    layers: Vec<Layer>,
    files: Vec<(usize, FileEntry)>,
    problems: Vec<Problem>,
    progress: Vec<u64>,
}

impl Sink for Recorder {
    fn wants(&self, _path: &str, _size: u64, _head: &[u8]) -> bool {
        self.want_all
    }
    fn layer(&mut self, layer: &Layer) {
        assert_eq!(layer.id, self.layers.len(), "layer ids are given in order");
        self.layers.push(layer.clone());
    }
    fn file(&mut self, file: FileEntry) {
        let last = self.layers.len() - 1;
        self.files.push((last, file));
    }
    fn problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }
    fn progress(&mut self, bytes: u64) {
        self.progress.push(bytes);
    }
}

type Row = (String, String, u64, Option<String>);

impl Recorder {
    /// (layer location, path, size, link) of every file, in the order sent.
    fn rows(&self) -> Vec<Row> {
        self.files
            .iter()
            .map(|(_, f)| {
                (
                    self.layers[f.layer].location.clone(),
                    f.path.clone(),
                    f.size,
                    f.link.clone(),
                )
            })
            .collect()
    }
    fn rows_in(&self, location: &str) -> Vec<Row> {
        let mut rows: Vec<Row> = self
            .rows()
            .into_iter()
            .filter(|r| r.0 == location)
            .collect();
        rows.sort();
        rows
    }
    fn locations(&self) -> Vec<String> {
        self.layers.iter().map(|l| l.location.clone()).collect()
    }
    fn of_kind(&self, kind: ProblemKind) -> Vec<&Problem> {
        self.problems.iter().filter(|p| p.kind == kind).collect()
    }
}

fn audit(path: &Path, limits: &Limits, want_all: bool) -> Recorder {
    let mut sink = Recorder {
        want_all,
        ..Recorder::default()
    };
    super::open(path, limits, &mut sink).expect("the artifact opens");
    for (last, file) in &sink.files {
        assert_eq!(file.layer, *last, "a file belongs to the last layer opened");
    }
    sink
}

/// Runs a tool in `dir` through `sh -c`; a missing tool names its Debian package.
fn sh(dir: &Path, script: &str, package: &str) {
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "`{script}` failed (is the Debian package {package} installed?): {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const TOOL: &[u8] = b"\x7fELF tool compiled by Example Corp";

/// The tree every format is built from: hidden file, nested folders, a symlink, an empty folder.
fn tree(root: &Path) -> Vec<(String, u64, Option<String>)> {
    let files: [(&str, Vec<u8>); 4] = [
        ("/.hidden", b"secret\n".to_vec()),
        ("/etc/hostname", b"box\n".to_vec()),
        ("/usr/bin/tool", TOOL.repeat(200)),
        ("/usr/lib/libx.so.1", vec![7u8; 5000]),
    ];
    let mut expected = Vec::new();
    for (path, bytes) in files {
        let full = root.join(&path[1..]);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(&full, &bytes).unwrap();
        expected.push((path.to_string(), bytes.len() as u64, None));
    }
    std::os::unix::fs::symlink("libx.so.1", root.join("usr/lib/libx.so")).unwrap();
    expected.push((
        "/usr/lib/libx.so".to_string(),
        9,
        Some("libx.so.1".to_string()),
    ));
    fs::create_dir_all(root.join("var/empty")).unwrap();
    expected.sort();
    expected
}

fn rows(location: &str, expected: &[(String, u64, Option<String>)]) -> Vec<Row> {
    let mut rows: Vec<Row> = expected
        .iter()
        .map(|(p, s, l)| (location.to_string(), p.clone(), *s, l.clone()))
        .collect();
    rows.sort();
    rows
}

struct Fixture {
    tmp: TempDir,
    expected: Vec<(String, u64, Option<String>)>,
}

impl Fixture {
    fn new() -> Fixture {
        let tmp = TempDir::new().unwrap();
        fs::create_dir(tmp.path().join("root")).unwrap();
        let expected = tree(&tmp.path().join("root"));
        Fixture { tmp, expected }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }
    fn loc(&self, name: &str) -> String {
        self.path(name).to_string_lossy().into_owned()
    }
    fn sh(&self, script: &str, package: &str) {
        sh(self.tmp.path(), script, package);
    }
    /// `root` as tar (owner-neutral, so the listing is what the tree holds).
    /// What tar holds: a symbolic link declares no size there.
    fn tar_expected(&self) -> Vec<(String, u64, Option<String>)> {
        self.expected
            .iter()
            .map(|(p, s, l)| (p.clone(), if l.is_some() { 0 } else { *s }, l.clone()))
            .collect()
    }
    fn tar(&self, name: &str) {
        self.sh(
            &format!("tar --sort=name --owner=0 --group=0 -C root -cf {name} ."),
            "tar",
        );
    }
    fn squashfs(&self, name: &str, source: &str) {
        self.sh(
            &format!("mksquashfs {source} {name} -noappend -quiet -no-progress -all-root"),
            "squashfs-tools",
        );
    }
}

#[test]
fn a_folder_gives_every_file_sorted_with_hidden_ones_and_links_unfollowed() {
    let fx = Fixture::new();
    let sink = audit(&fx.path("root/"), &Limits::default(), false);
    let root = fx.loc("root");
    assert_eq!(
        sink.locations(),
        vec![root.clone()],
        "the trailing / is stripped"
    );
    assert_eq!(sink.layers[0].kind, LayerKind::Directory);
    let got = sink.rows();
    let paths: Vec<&str> = got.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/.hidden",
            "/etc/hostname",
            "/usr/bin/tool",
            "/usr/lib/libx.so",
            "/usr/lib/libx.so.1"
        ]
    );
    assert_eq!(sink.rows_in(&root), rows(&root, &fx.expected));
    let tool = &sink.files[2].1;
    assert_eq!(
        tool.data.len(),
        4096,
        "an unwanted file gives only its head"
    );
    assert!(!tool.complete);
    assert!(sink.problems.is_empty(), "{:?}", sink.problems);
    assert_eq!(
        super::total_size(&fx.path("root")),
        7 + 4 + TOOL.len() as u64 * 200 + 5000
    );
}

#[test]
fn tar_plain_and_compressed_gives_what_tar_was_given() {
    let fx = Fixture::new();
    fx.tar("rootfs.tar");
    for (tool, ext, package) in [
        ("gzip -nk", "gz", "gzip"),
        ("xz -k", "xz", "xz-utils"),
        ("zstd -q -k", "zst", "zstd"),
        ("bzip2 -k", "bz2", "bzip2"),
    ] {
        fx.sh(&format!("{tool} rootfs.tar"), package);
        let name = format!("rootfs.tar.{ext}");
        let sink = audit(&fx.path(&name), &Limits::default(), true);
        let loc = fx.loc(&name);
        assert_eq!(sink.locations(), vec![loc.clone()]);
        assert_eq!(sink.layers[0].kind, LayerKind::Tar);
        assert_eq!(sink.layers[0].compression.len(), 1);
        assert_eq!(sink.rows_in(&loc), rows(&loc, &fx.tar_expected()), "{name}");
        assert!(
            sink.files.iter().all(|(_, f)| f.complete),
            "wanted files are whole"
        );
    }
    let sink = audit(&fx.path("rootfs.tar"), &Limits::default(), true);
    let loc = fx.loc("rootfs.tar");
    assert_eq!(sink.rows_in(&loc), rows(&loc, &fx.tar_expected()));
    let tool = sink
        .files
        .iter()
        .find(|(_, f)| f.path == "/usr/bin/tool")
        .unwrap();
    assert_eq!(tool.1.data, TOOL.repeat(200));
    assert!(sink.problems.is_empty(), "{:?}", sink.problems);
}

#[test]
fn zip_gives_what_zip_was_given() {
    let fx = Fixture::new();
    fx.sh("cd root && zip -qry ../app.jar .", "zip");
    let sink = audit(&fx.path("app.jar"), &Limits::default(), true);
    let loc = fx.loc("app.jar");
    assert_eq!(sink.layers[0].kind, LayerKind::Zip);
    assert_eq!(sink.rows_in(&loc), rows(&loc, &fx.expected));
    assert!(sink.problems.is_empty(), "{:?}", sink.problems);
}

#[test]
fn cpio_newc_crc_and_odc_give_what_cpio_was_given() {
    let fx = Fixture::new();
    for format in ["newc", "crc", "odc"] {
        fx.sh(&format!("cd root && find . | LC_ALL=C sort | cpio --quiet -o -H {format} > ../initrd.{format}"), "cpio");
        let name = format!("initrd.{format}");
        let sink = audit(&fx.path(&name), &Limits::default(), true);
        let loc = fx.loc(&name);
        assert_eq!(sink.layers[0].kind, LayerKind::Cpio, "{format}");
        assert_eq!(sink.rows_in(&loc), rows(&loc, &fx.expected), "{format}");
        assert!(sink.problems.is_empty(), "{format}: {:?}", sink.problems);
    }
    // An initramfs: an uncompressed archive (early microcode), then a compressed one.
    fx.sh("cd root && echo ./etc/hostname | cpio --quiet -o -H newc > ../early && find . | LC_ALL=C sort | cpio --quiet -o -H newc | zstd -q > ../main && cat ../early ../main > ../initramfs.img", "cpio");
    let sink = audit(&fx.path("initramfs.img"), &Limits::default(), false);
    let loc = fx.loc("initramfs.img");
    assert_eq!(sink.rows_in(&loc).len(), 1);
    let main = sink
        .layers
        .iter()
        .find(|l| l.compression == ["zstd"])
        .expect("the compressed archive is opened");
    assert_eq!(main.kind, LayerKind::Cpio);
    assert_eq!(
        sink.rows_in(&main.location),
        rows(&main.location, &fx.expected)
    );
}

#[test]
fn squashfs_gives_what_mksquashfs_was_given_for_each_compressor() {
    let fx = Fixture::new();
    for comp in ["gzip", "xz", "zstd", "lz4"] {
        let name = format!("{comp}.sqsh");
        fx.squashfs(&format!("{name} -comp {comp}"), "root");
        let sink = audit(&fx.path(&name), &Limits::default(), true);
        let loc = fx.loc(&name);
        assert_eq!(sink.layers[0].kind, LayerKind::SquashFs);
        assert_eq!(
            sink.rows_in(&loc),
            rows(&loc, &fx.expected),
            "{comp}: {:?}",
            sink.problems
        );
        assert!(sink.problems.is_empty(), "{comp}: {:?}", sink.problems);
    }
}

#[test]
fn ext4_gives_what_mkfs_was_given() {
    let fx = Fixture::new();
    fx.sh("mkfs.ext4 -q -F -d root disk.ext4 2M", "e2fsprogs");
    let sink = audit(&fx.path("disk.ext4"), &Limits::default(), true);
    let loc = fx.loc("disk.ext4");
    assert_eq!(sink.layers[0].kind, LayerKind::Ext);
    assert_eq!(sink.rows_in(&loc), rows(&loc, &fx.expected));
    assert!(sink.problems.is_empty(), "{:?}", sink.problems);
}

#[test]
fn a_tar_gz_in_a_zip_in_a_squashfs_is_opened_at_every_level() {
    let fx = Fixture::new();
    fx.tar("inner.tar");
    fx.sh("gzip -n inner.tar && mkdir -p z/lib && mv inner.tar.gz z/lib/ && cd z && zip -qr ../app.zip . && cd .. && mkdir -p s/opt && mv app.zip s/opt/", "zip");
    fx.squashfs("outer.sqsh", "s");
    let sink = audit(&fx.path("outer.sqsh"), &Limits::default(), false);
    let top = fx.loc("outer.sqsh");
    let zip = format!("{top}:/opt/app.zip!zip");
    let tar = format!("{zip}:/lib/inner.tar.gz!tar.gz");
    assert_eq!(
        sink.locations(),
        vec![top.clone(), zip.clone(), tar.clone()]
    );
    assert_eq!(sink.layers[1].from_file.as_deref(), Some("/opt/app.zip"));
    assert_eq!(sink.layers[2].parent, Some(1));
    assert_eq!(sink.layers[2].compression, ["gzip"]);
    assert_eq!(sink.rows_in(&tar), rows(&tar, &fx.tar_expected()));
    assert!(sink.problems.is_empty(), "{:?}", sink.problems);
}

/// Builds two image layers: the top one overrides `/etc/a`, whites out `/etc/b` and makes
/// `/opt/d` opaque. Returns the layer tars' names, bottom first, and their sha256 digests.
fn image_layers(fx: &Fixture) -> Vec<(String, String)> {
    fx.sh(
        "mkdir -p l1/etc l1/opt/d l1/usr l2/etc l2/opt/d && printf one > l1/etc/a && printf bee > l1/etc/b \
         && printf x1 > l1/opt/d/x && printf y1 > l1/opt/d/y && printf k > l1/usr/keep \
         && printf two > l2/etc/a && : > l2/etc/.wh.b && : > l2/opt/d/.wh..wh..opq && printf z2 > l2/opt/d/z \
         && tar --sort=name -C l1 -cf layer1.tar . && tar --sort=name -C l2 -cf - . | gzip -n > layer2.tar.gz",
        "tar",
    );
    ["layer1.tar", "layer2.tar.gz"]
        .iter()
        .map(|name| {
            let out = Command::new("sha256sum")
                .arg(fx.path(name))
                .output()
                .expect("sha256sum (coreutils) runs");
            let hex = String::from_utf8_lossy(&out.stdout)
                .split(' ')
                .next()
                .unwrap()
                .to_string();
            (name.to_string(), hex)
        })
        .collect()
}

fn check_image(sink: &Recorder, image: &str, digests: &[(String, String)]) {
    assert_eq!(sink.layers[0].kind, LayerKind::Image);
    assert_eq!(sink.layers[0].location, image);
    let top = format!("{image}!layer@sha256:{}", &digests[1].1[..12]);
    let bottom = format!("{image}!layer@sha256:{}", &digests[0].1[..12]);
    assert_eq!(
        sink.locations(),
        vec![image.to_string(), top.clone(), bottom.clone()]
    );
    assert!(
        sink.layers[1..]
            .iter()
            .all(|l| l.kind == LayerKind::ImageLayer && l.parent == Some(0))
    );
    let got: Vec<Row> = sink.rows();
    assert_eq!(
        got,
        vec![
            (top.clone(), "/etc/a".into(), 3, None),
            (top, "/opt/d/z".into(), 2, None),
            (bottom, "/usr/keep".into(), 1, None),
        ]
    );
    assert!(sink.problems.is_empty(), "{:?}", sink.problems);
}

#[test]
fn an_oci_layout_applies_its_layers_with_whiteouts_as_a_folder_and_as_a_tar() {
    let fx = Fixture::new();
    let digests = image_layers(&fx);
    let blobs = fx.path("oci/blobs/sha256");
    fs::create_dir_all(&blobs).unwrap();
    for (name, hex) in &digests {
        fs::copy(fx.path(name), blobs.join(hex)).unwrap();
    }
    let layers: Vec<String> = digests
        .iter()
        .map(|(_, hex)| format!(r#"{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:{hex}","size":1}}"#))
        .collect();
    let manifest = format!(r#"{{"schemaVersion":2,"layers":[{}]}}"#, layers.join(","));
    fs::write(blobs.join("m"), &manifest).unwrap();
    let out = Command::new("sha256sum")
        .arg(blobs.join("m"))
        .output()
        .unwrap();
    let hex = String::from_utf8_lossy(&out.stdout)
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    fs::rename(blobs.join("m"), blobs.join(&hex)).unwrap();
    let index = format!(
        r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{hex}"}}]}}"#
    );
    fs::write(fx.path("oci/index.json"), index).unwrap();
    fs::write(
        fx.path("oci/oci-layout"),
        r#"{"imageLayoutVersion":"1.0.0"}"#,
    )
    .unwrap();
    let sink = audit(&fx.path("oci"), &Limits::default(), false);
    check_image(&sink, &fx.loc("oci"), &digests);
    fx.sh("tar -C oci -cf oci.tar .", "tar");
    let sink = audit(&fx.path("oci.tar"), &Limits::default(), false);
    check_image(&sink, &fx.loc("oci.tar"), &digests);
}

#[test]
fn a_docker_save_archive_applies_its_layers_with_whiteouts() {
    let fx = Fixture::new();
    let digests = image_layers(&fx);
    let mut names = Vec::new();
    for (name, hex) in &digests {
        fs::create_dir_all(fx.path(&format!("save/{hex}"))).unwrap();
        fs::copy(fx.path(name), fx.path(&format!("save/{hex}/layer.tar"))).unwrap();
        names.push(format!("\"{hex}/layer.tar\""));
    }
    let manifest = format!(
        r#"[{{"Config":"c.json","RepoTags":["app:1"],"Layers":[{}]}}]"#,
        names.join(",")
    );
    fs::write(fx.path("save/manifest.json"), manifest).unwrap();
    fx.sh("tar -C save -cf image.tar .", "tar");
    let sink = audit(&fx.path("image.tar"), &Limits::default(), false);
    check_image(&sink, &fx.loc("image.tar"), &digests);
}

/// 512 bytes of header, a gzip stream at 0x200, padding, a SquashFS at 0x10000, random bytes.
fn router_bin(fx: &Fixture) -> Vec<u8> {
    fx.sh(
        "printf 'Linux version 6.1.0 (builder@example) kernel image' | gzip -n > kernel.gz",
        "gzip",
    );
    fx.squashfs("fs.sqsh", "root");
    let mut blob = vec![0x41u8; 0x200];
    blob.extend(fs::read(fx.path("kernel.gz")).unwrap());
    blob.resize(0x10000, 0);
    blob.extend(fs::read(fx.path("fs.sqsh")).unwrap());
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..65536 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        blob.push(seed as u8);
    }
    blob
}

#[test]
fn a_raw_blob_is_carved_at_the_exact_offsets() {
    let fx = Fixture::new();
    fs::write(fx.path("router.bin"), router_bin(&fx)).unwrap();
    let sink = audit(&fx.path("router.bin"), &Limits::default(), true);
    let len = fs::metadata(fx.path("router.bin")).unwrap().len();
    assert!(
        sink.progress.is_sorted() && sink.progress.last() == Some(&len),
        "progress ends at the file's length"
    );
    let top = fx.loc("router.bin");
    let gzip = format!("{top}!gzip@0x200");
    let squashfs = format!("{top}!squashfs@0x10000");
    assert_eq!(
        sink.locations(),
        vec![top.clone(), gzip.clone(), squashfs.clone()]
    );
    assert_eq!(sink.layers[0].kind, LayerKind::Blob);
    assert_eq!(sink.layers[1].kind, LayerKind::Compressed);
    assert_eq!(sink.layers[1].offset, Some(0x200));
    assert_eq!(sink.layers[2].offset, Some(0x10000));
    let kernel = &sink.files[0].1;
    assert_eq!((kernel.path.as_str(), kernel.size), ("/", 50));
    assert!(kernel.data.starts_with(b"Linux version 6.1.0"));
    assert_eq!(sink.rows_in(&squashfs), rows(&squashfs, &fx.expected));
    assert!(sink.problems.is_empty(), "{:?}", sink.problems);
    // Nested with a firmware-like name, the same blob is carved again one level down.
    fx.sh(
        "mkdir -p fw && cp router.bin fw/router.bin && tar -C fw -cf fw.tar .",
        "tar",
    );
    let sink = audit(&fx.path("fw.tar"), &Limits::default(), false);
    let nested = format!("{}:/router.bin!blob!squashfs@0x10000", fx.loc("fw.tar"));
    assert!(sink.locations().contains(&nested), "{:?}", sink.locations());
}

/// A U-Boot legacy header (64 bytes, CRC-checked) for an lzma-compressed kernel of `size` bytes.
fn uimage_header(size: u32) -> Vec<u8> {
    let mut header = Vec::with_capacity(64);
    header.extend(0x2705_1956u32.to_be_bytes());
    header.extend([0; 4]); // header CRC, set below
    header.extend([0; 4]); // time
    header.extend(size.to_be_bytes());
    header.extend([0; 12]); // load, entry, data CRC
    header.extend([5, 2, 2, 3]); // Linux, ARM, kernel, lzma
    let mut name = *b"test kernel\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
    name[31] = 0;
    header.extend(name);
    let mut crc = flate2::Crc::new();
    crc.update(&header);
    header[4..8].copy_from_slice(&crc.sum().to_be_bytes());
    header
}

#[test]
fn a_blob_is_carved_for_every_kind_at_its_offset() {
    let fx = Fixture::new();
    fx.tar("t.tar");
    fx.sh(
        "printf 'xz kernel text' | xz > k.xz && printf 'lzma kernel text' | xz --format=lzma > k.lzma \
         && cd root && zip -qry ../z.zip . && find . | LC_ALL=C sort | cpio --quiet -o -H newc > ../c.cpio",
        "xz-utils, zip, cpio",
    );
    fx.sh("mkfs.ext4 -q -F -d root e.ext4 1M", "e2fsprogs");
    let lzma = fs::read(fx.path("k.lzma")).unwrap();
    let mut uimage = uimage_header(lzma.len() as u32);
    uimage.extend(&lzma);
    let parts = [
        ("xz", fs::read(fx.path("k.xz")).unwrap()),
        ("tar", fs::read(fx.path("t.tar")).unwrap()),
        ("zip", fs::read(fx.path("z.zip")).unwrap()),
        ("cpio", fs::read(fx.path("c.cpio")).unwrap()),
        ("ext", fs::read(fx.path("e.ext4")).unwrap()),
        ("lzma", uimage),
    ];
    // Each part starts on the 4 KiB boundary after the previous one ends.
    let mut blob = vec![0x41u8; 0x100];
    let top = fx.loc("fw.bin");
    let mut expected = vec![top.clone()];
    for (kind, bytes) in parts {
        let at = blob.len().div_ceil(0x1000) * 0x1000;
        blob.resize(at, 0);
        blob.extend(bytes);
        let start = if kind == "lzma" { at + 64 } else { at };
        expected.push(format!("{top}!{kind}@{start:#x}"));
    }
    fs::write(fx.path("fw.bin"), &blob).unwrap();
    let sink = audit(&fx.path("fw.bin"), &Limits::default(), true);
    assert_eq!(sink.locations(), expected);
    for (location, want) in [
        (&expected[2], fx.tar_expected()),
        (&expected[3], fx.expected.clone()),
        (&expected[4], fx.expected.clone()),
        (&expected[5], fx.expected.clone()),
    ] {
        assert_eq!(sink.rows_in(location), rows(location, &want), "{location}");
    }
    let kernels: Vec<&[u8]> = sink
        .files
        .iter()
        .filter(|(_, f)| f.path == "/")
        .map(|(_, f)| f.data.as_slice())
        .collect();
    assert_eq!(kernels, [&b"xz kernel text"[..], &b"lzma kernel text"[..]]);
    assert!(sink.problems.is_empty(), "{:?}", sink.problems);
}

#[test]
fn a_tar_hard_link_is_a_link_to_the_member_it_names() {
    let fx = Fixture::new();
    fx.sh(
        "mkdir h && echo data > h/a && ln h/a h/b && tar --sort=name -C h -cf h.tar .",
        "tar",
    );
    let sink = audit(&fx.path("h.tar"), &Limits::default(), true);
    let loc = fx.loc("h.tar");
    assert_eq!(
        sink.rows(),
        vec![
            (loc.clone(), "/a".into(), 5, None),
            (loc, "/b".into(), 0, Some("/a".into()))
        ]
    );
}
