//! Raw blobs (firmware images): embedded filesystems and compressed streams found by their magic
//! numbers at any offset, as binwalk does, and opened in place. The blob is scanned in chunks (a
//! 4 GB file is never read whole); each candidate is validated beyond its magic before it is
//! opened, and once a region is opened the scan resumes after it, so a SquashFS's compressed
//! blocks are not carved again.

use std::io::{self, BufReader, Read, Seek, SeekFrom};

use memchr::memmem;

use super::sniff::{self, HEAD};
use super::stream::{self, Metered, ReadSeek, Window};
use super::walk::{Ctx, Here, Spec, Src};
use super::{LayerKind, ProblemKind};

/// Bytes scanned per step; candidates near a chunk's end are seen with the next chunk's lead.
const CHUNK: usize = 1 << 20;
/// The farthest a magic number sits from its format's start (ext's, at 1080), plus its length.
const LEAD: usize = 2048;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Candidate {
    SquashFs,
    UImage,
    Gzip,
    Xz,
    Zstd,
    Bzip2,
    Cpio,
    Zip,
    Tar,
    Ext,
}

/// Each magic number, how far into its format it sits, and what it announces.
const MAGICS: [(&[u8], usize, Candidate); 13] = [
    (b"hsqs", 0, Candidate::SquashFs),
    (b"sqsh", 0, Candidate::SquashFs),
    (&[0x27, 0x05, 0x19, 0x56], 0, Candidate::UImage),
    (&[0x1F, 0x8B, 0x08], 0, Candidate::Gzip),
    (&[0xFD, b'7', b'z', b'X', b'Z', 0], 0, Candidate::Xz),
    (&[0x28, 0xB5, 0x2F, 0xFD], 0, Candidate::Zstd),
    (b"BZh", 0, Candidate::Bzip2),
    (b"070701", 0, Candidate::Cpio),
    (b"070702", 0, Candidate::Cpio),
    (b"070707", 0, Candidate::Cpio),
    (b"PK\x03\x04", 0, Candidate::Zip),
    (b"ustar", 257, Candidate::Tar),
    (&[0x53, 0xEF], 1080, Candidate::Ext),
];

/// Opens a seekable source as a Blob layer and carves it.
pub(crate) fn open(ctx: &mut Ctx<'_>, spec: &Spec, src: Src<'_>) {
    let (reader, len) = match src {
        Src::Seek(seek, len) | Src::Owned(seek, len) => (seek, len),
        Src::Stream(_) => return,
    };
    let here = ctx.layer(spec, LayerKind::Blob);
    if here.depth + 1 > ctx.limits.max_depth {
        let message = format!(
            "regions inside are deeper than the depth limit ({}); not carved",
            ctx.limits.max_depth
        );
        return ctx.problem(ProblemKind::Limit, here.location.clone(), None, message);
    }
    if let Err(err) = carve(ctx, &here, reader, len) {
        ctx.fail(here.location.clone(), None, "could not be read", err);
    }
}

fn carve(
    ctx: &mut Ctx<'_>,
    here: &Here,
    mut reader: Box<dyn ReadSeek + '_>,
    len: u64,
) -> io::Result<()> {
    let finders: Vec<_> = MAGICS
        .iter()
        .map(|(magic, at, kind)| (memmem::Finder::new(magic), *at, *kind))
        .collect();
    let mut buf = vec![0u8; CHUNK + LEAD];
    let mut cursor = 0u64;
    let mut chunk = 0u64;
    while chunk < len && ctx.entries_left() {
        reader.seek(SeekFrom::Start(chunk))?;
        let mut filled = 0;
        let mut limited = (&mut reader).take((CHUNK + LEAD) as u64);
        while filled < buf.len() {
            let n = limited.read(&mut buf[filled..])?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        let window = &buf[..filled];
        let mut found: Vec<(u64, Candidate)> = Vec::new();
        for (finder, at, kind) in &finders {
            for pos in finder.find_iter(window) {
                let Some(start) = pos.checked_sub(*at) else {
                    continue;
                };
                if start < CHUNK {
                    found.push((chunk + start as u64, *kind));
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        for (start, kind) in found {
            if start < cursor {
                continue;
            }
            if let Some(end) = region(ctx, here, &mut reader, len, start, kind)? {
                cursor = cursor.max(end);
            }
        }
        chunk = (chunk + CHUNK as u64).max(cursor);
    }
    Ok(())
}

/// Validates the candidate at `start` and opens it; returns where it ends when it was opened.
fn region(
    ctx: &mut Ctx<'_>,
    here: &Here,
    reader: &mut Box<dyn ReadSeek + '_>,
    len: u64,
    start: u64,
    kind: Candidate,
) -> io::Result<Option<u64>> {
    reader.seek(SeekFrom::Start(start))?;
    let mut head = Vec::with_capacity(HEAD);
    stream::read_up_to(&mut *reader, &mut head, HEAD as u64)?;
    let left = len - start;
    let spec = Spec::carved(here, start);
    let end = match kind {
        Candidate::SquashFs => {
            let Some(used) = sniff::squashfs_bytes_used(&head).filter(|&used| used <= left) else {
                return Ok(None);
            };
            let spec = Spec {
                size: Some(used),
                ..spec
            };
            super::squashfs::open_at(ctx, &spec, BufReader::new(&mut *reader), start);
            start + used
        }
        Candidate::Ext => {
            let Some(size) =
                sniff::ext_size(&head).filter(|&size| size <= left && start.is_multiple_of(512))
            else {
                return Ok(None);
            };
            let spec = Spec {
                size: Some(size),
                ..spec
            };
            let mut window = Window::new(&mut *reader, start, size);
            if let Some(bytes) = ctx.hold_in_memory(&spec, LayerKind::Ext, &mut window) {
                super::ext::open_owned(ctx, &spec, Box::new(bytes));
            }
            start + size
        }
        Candidate::UImage => return uimage(ctx, &spec, reader, &head, len, start),
        Candidate::Gzip | Candidate::Xz | Candidate::Zstd | Candidate::Bzip2 => {
            let compression = match kind {
                Candidate::Gzip if sniff::is_gzip(&head) => "gzip",
                Candidate::Xz => "xz",
                Candidate::Zstd => "zstd",
                Candidate::Bzip2 if sniff::sniff(&head) == Some(sniff::Format::Bzip2) => "bzip2",
                _ => return Ok(None),
            };
            match compressed(ctx, spec, reader, start, left, compression)? {
                Some(used) => start + used,
                None => return Ok(None),
            }
        }
        Candidate::Cpio => {
            if !sniff::is_cpio(&head) {
                return Ok(None);
            }
            let mut input = BufReader::new(Window::new(&mut *reader, start, left));
            super::cpio::open(ctx, &spec, Box::new(&mut input));
            start + input.stream_position()?
        }
        Candidate::Tar => {
            if !sniff::is_tar(&head) {
                return Ok(None);
            }
            let layer = ctx.layer(&spec, LayerKind::Tar);
            let input = Window::new(&mut *reader, start, left);
            let used = super::tar::members(ctx, &layer, Box::new(input), &mut |_| true);
            start + used.max(512)
        }
        Candidate::Zip => {
            let Some(size) = zip_size(reader, &head, start, len)? else {
                return Ok(None);
            };
            let spec = Spec {
                size: Some(size),
                ..spec
            };
            let window = Window::new(&mut *reader, start, size);
            super::zip::open(ctx, &spec, Src::Seek(Box::new(window), size));
            start + size
        }
    };
    Ok(Some(end))
}

/// Decodes the compressed stream at `start` (after a trial decode shows it is one) and opens
/// its content; returns the compressed bytes it spans.
fn compressed(
    ctx: &mut Ctx<'_>,
    mut spec: Spec,
    reader: &mut Box<dyn ReadSeek + '_>,
    start: u64,
    left: u64,
    compression: &'static str,
) -> io::Result<Option<u64>> {
    {
        let input = BufReader::new(Window::new(&mut *reader, start, left));
        let Ok(mut trial) = stream::decoder(compression, input) else {
            return Ok(None);
        };
        let mut out = Vec::new();
        if stream::read_up_to(&mut trial, &mut out, HEAD as u64).is_err() || out.is_empty() {
            return Ok(None);
        }
    }
    let mut input = BufReader::new(Window::new(&mut *reader, start, left));
    {
        let decoded = stream::decoder(compression, &mut input)?;
        let mut metered = Metered::new(decoded, ctx.budget.clone());
        spec.compression.push(compression);
        super::dispatch::open_src(ctx, spec, Src::Stream(Box::new(&mut metered)));
        // The content may end before the stream does (a tar's padding): read on to its end.
        let _ = stream::drain(&mut metered);
    }
    Ok(Some(input.stream_position()?.max(1)))
}

/// A U-Boot legacy image header (64 bytes, with a CRC): its payload is carved like the rest,
/// except an lzma payload, which has no magic number and is decoded because the header says so.
fn uimage(
    ctx: &mut Ctx<'_>,
    spec: &Spec,
    reader: &mut Box<dyn ReadSeek + '_>,
    head: &[u8],
    len: u64,
    start: u64,
) -> io::Result<Option<u64>> {
    if head.len() < 64 {
        return Ok(None);
    }
    let mut header = head[..64].to_vec();
    let stored = u32::from_be_bytes([header[4], header[5], header[6], header[7]]);
    header[4..8].fill(0);
    let mut crc = flate2::Crc::new();
    crc.update(&header);
    let size = u64::from(u32::from_be_bytes([head[12], head[13], head[14], head[15]]));
    if crc.sum() != stored || start + 64 + size > len {
        return Ok(None);
    }
    const LZMA: u8 = 3;
    if head[31] == LZMA {
        let payload = Spec {
            offset: Some(start + 64),
            ..spec.clone()
        };
        compressed(ctx, payload, reader, start + 64, size, "lzma")?;
        return Ok(Some(start + 64 + size));
    }
    Ok(Some(start + 64))
}

/// The size of the zip whose first local header is at `start`: up to the end of the first end of
/// central directory record after it.
fn zip_size(
    reader: &mut Box<dyn ReadSeek + '_>,
    head: &[u8],
    start: u64,
    len: u64,
) -> io::Result<Option<u64>> {
    // A local header: a sane version and method, and a name.
    if head.len() < 30 || head[4] > 63 || u16::from_le_bytes([head[26], head[27]]) == 0 {
        return Ok(None);
    }
    let finder = memmem::Finder::new(b"PK\x05\x06");
    let mut at = start;
    let mut buf = vec![0u8; 1 << 16];
    while at < len {
        reader.seek(SeekFrom::Start(at))?;
        let mut filled = Vec::new();
        stream::read_up_to(&mut *reader, &mut filled, buf.len() as u64)?;
        buf.clear();
        buf.extend_from_slice(&filled);
        if let Some(pos) = finder.find(&buf) {
            let eocd = at + pos as u64;
            let mut record = [0u8; 22];
            reader.seek(SeekFrom::Start(eocd))?;
            if reader.read_exact(&mut record).is_err() {
                return Ok(None);
            }
            let comment = u64::from(u16::from_le_bytes([record[20], record[21]]));
            return Ok(Some((eocd + 22 + comment).min(len) - start));
        }
        if buf.len() < 4 {
            break;
        }
        at += buf.len() as u64 - 3;
    }
    Ok(None)
}
