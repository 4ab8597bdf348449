//! The hostile inputs from the issue ("Bad input and limits"), each ending in a problem naming
//! where, never a panic; and every fixture cut short at every length.
// See: issue 15.

use std::fs;

use super::{Fixture, Recorder, audit, router_bin};
use crate::audit::vfs::{Limits, ProblemKind};

#[test]
fn a_decompression_bomb_meets_the_total_limit() {
    let fx = Fixture::new();
    fx.sh("head -c 200000000 /dev/zero | gzip -1 > bomb.gz", "gzip");
    let limits = Limits {
        max_total_bytes: 16 << 20,
        ..Limits::default()
    };
    let started = std::time::Instant::now();
    let sink = audit(&fx.path("bomb.gz"), &limits, true);
    let limit = sink.of_kind(ProblemKind::Limit);
    assert_eq!(limit.len(), 1, "{:?}", sink.problems);
    assert_eq!(limit[0].location, format!("{}:/", fx.loc("bomb.gz")));
    assert!(!sink.files[0].1.complete);
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn a_tar_member_climbing_out_of_the_root_is_read_in_it_and_reported() {
    let fx = Fixture::new();
    fx.sh("mkdir -p a/b etc && echo root:x:0:0 > etc/passwd && tar -C a/b -cPf evil.tar ../../etc/passwd", "tar");
    let sink = audit(&fx.path("evil.tar"), &Limits::default(), true);
    assert_eq!(sink.rows().len(), 1);
    assert_eq!(sink.rows()[0].1, "/etc/passwd");
    let anomaly = sink.of_kind(ProblemKind::Anomaly);
    assert_eq!(anomaly.len(), 1, "{:?}", sink.problems);
    assert!(anomaly[0].message.contains("../../etc/passwd"));
    assert_eq!(anomaly[0].offset, Some(0));
}

#[test]
fn a_symlink_loop_in_a_folder_ends() {
    let fx = Fixture::new();
    fx.sh(
        "mkdir loop && cd loop && ln -s self self && ln -s b a && ln -s a b && ln -s . here",
        "coreutils",
    );
    let sink = audit(&fx.path("loop"), &Limits::default(), true);
    let links: Vec<_> = sink
        .rows()
        .into_iter()
        .map(|r| (r.1, r.3.unwrap()))
        .collect();
    assert_eq!(
        links,
        [
            ("/a".into(), "b".into()),
            ("/b".into(), "a".into()),
            ("/here".into(), ".".into()),
            ("/self".into(), "self".into())
        ]
    );
}

#[test]
fn a_truncated_squashfs_is_unreadable_at_an_offset() {
    let fx = Fixture::new();
    fx.squashfs("fs.sqsh", "root");
    let bytes = fs::read(fx.path("fs.sqsh")).unwrap();
    let used = u64::from_le_bytes(bytes[40..48].try_into().unwrap()) as usize;
    fs::write(fx.path("cut.sqsh"), &bytes[..used / 2]).unwrap();
    let sink = audit(&fx.path("cut.sqsh"), &Limits::default(), true);
    let unreadable = sink.of_kind(ProblemKind::Unreadable);
    assert!(
        !unreadable.is_empty(),
        "{:?} {:?} {:?}",
        sink.problems,
        sink.layers,
        sink.rows()
    );
    assert!(
        unreadable
            .iter()
            .all(|p| p.offset.is_some() || p.location.contains(':'))
    );
}

#[test]
fn a_cpio_member_declaring_a_huge_size_is_unreadable() {
    let fx = Fixture::new();
    // ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor, rdevminor,
    // namesize, check.
    let fields: [u32; 13] = [1, 0o100644, 0, 0, 1, 0, u32::MAX, 0, 0, 0, 0, 4, 0];
    let mut bytes = b"070701".to_vec();
    for field in fields {
        bytes.extend(format!("{field:08X}").bytes());
    }
    bytes.extend(b"big\0\0\0");
    bytes.extend(b"tiny content");
    fs::write(fx.path("huge.cpio"), &bytes).unwrap();
    let sink = audit(&fx.path("huge.cpio"), &Limits::default(), true);
    let unreadable = sink.of_kind(ProblemKind::Unreadable);
    assert_eq!(unreadable.len(), 1, "{:?}", sink.problems);
    assert!(
        unreadable[0].message.contains("4294967295"),
        "{}",
        unreadable[0].message
    );
    assert_eq!(sink.files[0].1.data, b"tiny content");
}

#[test]
fn an_archive_nested_fifty_deep_stops_at_the_depth_limit() {
    let fx = Fixture::new();
    fx.sh("echo core > level && for i in $(seq 1 50); do tar -cf t$i.tar level && mv t$i.tar level; done && mv level deep.tar", "tar");
    let sink = audit(&fx.path("deep.tar"), &Limits::default(), false);
    assert_eq!(sink.layers.len(), Limits::default().max_depth);
    let limit = sink.of_kind(ProblemKind::Limit);
    assert_eq!(limit.len(), 1, "{:?}", sink.problems);
    assert!(limit[0].location.ends_with(":/level"));
}

#[test]
fn a_4_gb_sparse_file_in_a_folder_is_read_by_its_head() {
    let fx = Fixture::new();
    fs::create_dir(fx.path("sparse")).unwrap();
    fs::File::create(fx.path("sparse/disk"))
        .unwrap()
        .set_len(4 << 30)
        .unwrap();
    let sink = audit(&fx.path("sparse"), &Limits::default(), false);
    assert_eq!(sink.rows()[0].2, 4 << 30);
    assert_eq!(sink.files[0].1.data.len(), 4096);
}

#[test]
fn the_entries_limit_is_reported_once() {
    let fx = Fixture::new();
    let limits = Limits {
        max_entries: 2,
        ..Limits::default()
    };
    let sink = audit(&fx.path("root"), &limits, false);
    assert!(sink.files.len() <= 2);
    assert_eq!(
        sink.of_kind(ProblemKind::Limit).len(),
        1,
        "{:?}",
        sink.problems
    );
}

#[test]
fn every_fixture_cut_short_at_every_length_never_panics() {
    let fx = Fixture::new();
    fx.tar("t.tar");
    fx.sh("gzip -nk t.tar && cd root && zip -qry ../z.zip . && find . | cpio --quiet -o -H newc > ../c.cpio", "zip");
    fx.squashfs("s.sqsh", "root");
    fx.sh("mkfs.ext4 -q -F -d root e.ext4 1M", "e2fsprogs");
    fs::write(fx.path("router.bin"), router_bin(&fx)).unwrap();
    let limits = Limits::default();
    for (name, step) in [
        ("t.tar.gz", 1),
        ("z.zip", 1),
        ("c.cpio", 1),
        ("s.sqsh", 1),
        ("t.tar", 7),
        ("e.ext4", 4093),
        ("router.bin", 509),
    ] {
        let bytes = fs::read(fx.path(name)).unwrap();
        for len in (0..bytes.len()).step_by(step) {
            let mut sink = Recorder {
                want_all: true,
                ..Recorder::default()
            };
            crate::audit::vfs::dispatch::open_bytes(
                name,
                bytes[..len].to_vec(),
                &limits,
                &mut sink,
            );
        }
    }
}

#[test]
fn a_nested_zip_larger_than_the_memory_limit_is_reported_and_the_rest_read() {
    let fx = Fixture::new();
    fx.sh("cd root && zip -qr ../app.zip . && cd .. && mkdir n && mv app.zip n/ && cp root/etc/hostname n/ && tar --sort=name -C n -cf n.tar .", "zip");
    let limits = Limits {
        max_nested_bytes: 1000,
        ..Limits::default()
    };
    let sink = audit(&fx.path("n.tar"), &limits, false);
    let limit = sink.of_kind(ProblemKind::Limit);
    assert_eq!(limit.len(), 1, "{:?}", sink.problems);
    assert_eq!(
        limit[0].location,
        format!("{}:/app.zip!zip", fx.loc("n.tar"))
    );
    let paths: Vec<String> = sink.rows().into_iter().map(|r| r.1).collect();
    assert_eq!(paths, ["/app.zip", "/hostname"]);
    assert_eq!(sink.layers.len(), 1);
}
