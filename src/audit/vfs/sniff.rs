//! Recognises a container or a compressed stream by the magic numbers in its first bytes, never
//! by its name. Used on every file's head (to decide whether to open it as a nested layer) and on
//! every candidate offset a blob is carved at.

/// A format the vfs can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Gzip,
    Xz,
    Zstd,
    Bzip2,
    Tar,
    Zip,
    Cpio,
    SquashFs,
    Ext,
}

/// How many leading bytes [`sniff`] wants to see every format (ext's magic is at 1080).
pub(crate) const HEAD: usize = 4096;

impl Format {
    /// The compression's name (`Layer::compression`), or `None` for a container.
    pub(crate) fn compression(self) -> Option<&'static str> {
        match self {
            Format::Gzip => Some("gzip"),
            Format::Xz => Some("xz"),
            Format::Zstd => Some("zstd"),
            Format::Bzip2 => Some("bzip2"),
            _ => None,
        }
    }
}

/// The suffix a compression adds to a location's kind (`tar` + gzip = `tar.gz`).
pub(crate) fn suffix(compression: &str) -> &'static str {
    match compression {
        "gzip" => "gz",
        "xz" => "xz",
        "zstd" => "zst",
        "bzip2" => "bz2",
        "lzma" => "lzma",
        _ => "z",
    }
}

/// The format whose magic number `head` starts with, checked beyond the magic where a few more
/// header bytes make a false match unlikely.
pub(crate) fn sniff(head: &[u8]) -> Option<Format> {
    if is_gzip(head) {
        Some(Format::Gzip)
    } else if head.starts_with(&[0xFD, b'7', b'z', b'X', b'Z', 0]) {
        Some(Format::Xz)
    } else if head.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        Some(Format::Zstd)
    } else if is_bzip2(head) {
        Some(Format::Bzip2)
    } else if is_squashfs(head) {
        Some(Format::SquashFs)
    } else if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Some(Format::Zip)
    } else if is_cpio(head) {
        Some(Format::Cpio)
    } else if is_tar(head) {
        Some(Format::Tar)
    } else if is_ext(head) {
        Some(Format::Ext)
    } else {
        None
    }
}

/// gzip (RFC 1952): ID1 ID2, CM = 8 (deflate), and no reserved flag bits.
pub(crate) fn is_gzip(head: &[u8]) -> bool {
    head.len() >= 10 && head[..3] == [0x1F, 0x8B, 8] && head[3] & 0xE0 == 0
}

/// bzip2: `BZh`, a block size digit, then a block or end-of-stream magic.
fn is_bzip2(head: &[u8]) -> bool {
    head.len() >= 10
        && head.starts_with(b"BZh")
        && (b'1'..=b'9').contains(&head[3])
        && (head[4..10] == [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]
            || head[4..10] == [0x17, 0x72, 0x45, 0x38, 0x50, 0x90])
}

/// cpio's ASCII headers: newc (070701), crc (070702), odc (070707), then octal/hex digits.
pub(crate) fn is_cpio(head: &[u8]) -> bool {
    if head.len() < 76 {
        return false;
    }
    match &head[..6] {
        b"070701" | b"070702" => head[6..110.min(head.len())]
            .iter()
            .all(u8::is_ascii_hexdigit),
        b"070707" => head[6..76].iter().all(|b| (b'0'..=b'7').contains(b)),
        _ => false,
    }
}

/// tar: `ustar` at 257 and a header checksum that adds up.
pub(crate) fn is_tar(head: &[u8]) -> bool {
    if head.len() < 512 || &head[257..262] != b"ustar" {
        return false;
    }
    let field = &head[148..156];
    let digits: Vec<u8> = field
        .iter()
        .copied()
        .filter(|b| (b'0'..=b'7').contains(b))
        .collect();
    let Ok(text) = std::str::from_utf8(&digits) else {
        return false;
    };
    let Ok(stored) = u32::from_str_radix(text, 8) else {
        return false;
    };
    let sum: u32 = head[..512]
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                u32::from(b' ')
            } else {
                u32::from(b)
            }
        })
        .sum();
    sum == stored
}

/// SquashFS 4.0 superblock, either endianness, with a sane block size that agrees with its log.
pub(crate) fn is_squashfs(head: &[u8]) -> bool {
    squashfs_bytes_used(head).is_some()
}

/// The image size a SquashFS superblock declares (`bytes_used`), when the superblock is sane.
pub(crate) fn squashfs_bytes_used(head: &[u8]) -> Option<u64> {
    if head.len() < 96 {
        return None;
    }
    let big = match &head[..4] {
        b"hsqs" => false,
        b"sqsh" => true,
        _ => return None,
    };
    let u16_at = |at: usize| {
        let b = [head[at], head[at + 1]];
        if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        }
    };
    let u32_at = |at: usize| {
        let b = head[at..at + 4].try_into().unwrap_or([0; 4]);
        if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        }
    };
    let u64_at = |at: usize| {
        let b = head[at..at + 8].try_into().unwrap_or([0; 8]);
        if big {
            u64::from_be_bytes(b)
        } else {
            u64::from_le_bytes(b)
        }
    };
    let block_size = u32_at(12);
    let block_log = u16_at(22);
    let (major, minor) = (u16_at(28), u16_at(30));
    let bytes_used = u64_at(40);
    let sane = (4096..=1 << 20).contains(&block_size)
        && block_size.is_power_of_two()
        && u32::from(block_log) == block_size.trailing_zeros()
        && (major, minor) == (4, 0)
        && bytes_used >= 96;
    sane.then_some(bytes_used)
}

/// ext2/3/4: the superblock at 1024 with magic 0xEF53 and sane sizes; returns the image size.
pub(crate) fn ext_size(head: &[u8]) -> Option<u64> {
    if head.len() < 2048 || head[1080..1082] != [0x53, 0xEF] {
        return None;
    }
    let sb = &head[1024..2048];
    let u32_at = |at: usize| u32::from_le_bytes(sb[at..at + 4].try_into().unwrap_or([0; 4]));
    let blocks = u64::from(u32_at(4));
    let log_block = u32_at(24);
    let blocks_per_group = u32_at(32);
    let inodes_per_group = u32_at(40);
    let state = u16::from_le_bytes([sb[58], sb[59]]);
    let sane = log_block <= 6
        && blocks > 0
        && blocks_per_group > 0
        && inodes_per_group > 0
        && (1..=7).contains(&state);
    sane.then(|| blocks << (10 + log_block))
}

fn is_ext(head: &[u8]) -> bool {
    ext_size(head).is_some()
}

/// Whether a nested file's name says firmware, so it is carved like a top-level blob.
pub(crate) fn firmware_name(path: &str) -> bool {
    const EXTENSIONS: [&str; 8] = [
        ".bin", ".img", ".fw", ".trx", ".chk", ".itb", ".uimage", ".pkg",
    ];
    let lower = path.to_ascii_lowercase();
    EXTENSIONS.iter().any(|ext| lower.ends_with(ext))
}
