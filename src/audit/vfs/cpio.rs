//! cpio archives as in initramfs: newc (070701), crc (070702) and odc (070707), read as a stream
//! by a small parser of our own (no well-kept streaming crate exists). A declared size is never
//! trusted for an allocation; an archive that ends early is reported at its offset. Several
//! archives may follow one another (an early microcode archive, then the main one, maybe
//! compressed): the rest after a trailer is opened again.

use std::io::{self, Read};

use super::walk::{self, Body, Ctx, Here, Meta, Spec, Src};
use super::{LayerKind, ProblemKind};

/// Longer names are refused: Linux's PATH_MAX.
const MAX_NAME: u64 = 4096;

/// A reader that counts the bytes it passed on (the offset in the archive).
struct Counted<R> {
    inner: R,
    at: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.at += n as u64;
        Ok(n)
    }
}

/// One member header.
struct Header {
    mode: u32,
    size: u64,
    name_len: u64,
    /// newc and crc pad the header+name and the data to 4 bytes; odc does not.
    align: bool,
}

fn number(field: &[u8], radix: u32) -> Option<u64> {
    let text = std::str::from_utf8(field).ok()?;
    u64::from_str_radix(text, radix).ok()
}

/// Reads a header's fields after its 6-byte magic; `None` when the fields are not numbers.
fn header(magic: &[u8], read: &mut dyn Read) -> io::Result<Option<Header>> {
    if magic == b"070707" {
        let mut rest = [0u8; 70];
        read.read_exact(&mut rest)?;
        let field = |at: usize, len: usize| number(&rest[at - 6..at - 6 + len], 8);
        let parsed = (|| {
            Some(Header {
                mode: u32::try_from(field(18, 6)?).ok()?,
                name_len: field(59, 6)?,
                size: field(65, 11)?,
                align: false,
            })
        })();
        return Ok(parsed);
    }
    let mut rest = [0u8; 104];
    read.read_exact(&mut rest)?;
    let field = |index: usize| number(&rest[index * 8..index * 8 + 8], 16);
    let parsed = (|| {
        Some(Header {
            mode: u32::try_from(field(1)?).ok()?,
            size: field(6)?,
            name_len: field(11)?,
            align: true,
        })
    })();
    Ok(parsed)
}

fn skip(read: &mut dyn Read, count: u64) -> io::Result<u64> {
    io::copy(&mut read.take(count), &mut io::sink())
}

/// Opens a cpio archive as one layer and sends each member.
pub(crate) fn open(ctx: &mut Ctx<'_>, spec: &Spec, read: Box<dyn Read + '_>) {
    let here = ctx.layer(spec, LayerKind::Cpio);
    let mut input = Counted { inner: read, at: 0 };
    if let Err((offset, message)) = members(ctx, &here, &mut input) {
        ctx.fail(
            here.location.clone(),
            Some(offset),
            "the cpio archive is cut short or corrupt here",
            message,
        );
    }
}

fn members(
    ctx: &mut Ctx<'_>,
    here: &Here,
    input: &mut Counted<Box<dyn Read + '_>>,
) -> Result<(), (u64, String)> {
    let mut after_trailer = false;
    loop {
        let start = input.at;
        let mut magic = [0u8; 6];
        let mut got = Vec::with_capacity(6);
        super::stream::read_up_to(&mut *input, &mut got, 6).map_err(|e| (start, e.to_string()))?;
        if got.is_empty() && after_trailer {
            return Ok(());
        }
        if got.len() < 6 && !after_trailer {
            return Err((start, "the archive ends without its trailer".into()));
        }
        magic[..got.len()].copy_from_slice(&got);
        if !matches!(&magic, b"070701" | b"070702" | b"070707") {
            if after_trailer {
                return more(ctx, here, start, magic, input);
            }
            return Err((start, "not a cpio header".into()));
        }
        after_trailer = false;
        let header = header(&magic, input)
            .map_err(|e| (start, e.to_string()))?
            .ok_or_else(|| (start, "a header field is not a number".to_string()))?;
        if header.name_len == 0 || header.name_len > MAX_NAME {
            return Err((start, format!("a member name of {} bytes", header.name_len)));
        }
        let mut raw = Vec::new();
        input
            .take(header.name_len)
            .read_to_end(&mut raw)
            .map_err(|e| (start, e.to_string()))?;
        if raw.len() as u64 != header.name_len {
            return Err((start, "the member name is cut short".into()));
        }
        let pad = |at: u64| if header.align { (4 - at % 4) % 4 } else { 0 };
        let padding = pad(input.at - start);
        skip(input, padding).map_err(|e| (start, e.to_string()))?;
        if raw.last() == Some(&0) {
            raw.pop();
        }
        if raw == b"TRAILER!!!" {
            // cpio pads an archive to 512-byte blocks; another archive may follow (initramfs).
            let (padding, at) = ((512 - input.at % 512) % 512, input.at);
            skip(input, padding).map_err(|e| (at, e.to_string()))?;
            after_trailer = true;
            continue;
        }
        let (path, climbed) = walk::normalize(&raw);
        if climbed {
            walk::escaped(ctx, here, &raw, &path, Some(start));
        }
        let data_start = input.at;
        let meta = Meta {
            path,
            size: header.size,
            mode: Some(header.mode),
        };
        let location = here.at(&meta.path);
        let mut body = (&mut *input).take(header.size);
        match header.mode & 0o170000 {
            0o100000 => {
                if !ctx.entries_left() {
                    ctx.count_entry(&location);
                    return Ok(());
                }
                if let Err(err) = ctx.file(here, meta, Body::Stream(&mut body)) {
                    return Err((data_start, err.to_string()));
                }
            }
            0o120000 => {
                let mut target = Vec::new();
                (&mut body)
                    .take(MAX_NAME)
                    .read_to_end(&mut target)
                    .map_err(|e| (data_start, e.to_string()))?;
                ctx.link(here, meta, String::from_utf8_lossy(&target).into_owned());
            }
            0o040000 => {
                ctx.count_entry(&location);
            }
            _ => {
                let message = "a device node, fifo or socket: no content to read".to_string();
                ctx.problem(ProblemKind::Skipped, location, Some(start), message);
            }
        }
        skip(&mut body, u64::MAX).map_err(|e| (data_start, e.to_string()))?;
        if input.at - data_start != header.size {
            return Err((
                data_start,
                format!(
                    "a member declares {} bytes but the archive ends after {}",
                    header.size,
                    input.at - data_start
                ),
            ));
        }
        let (padding, at) = (pad(input.at - start), input.at);
        skip(input, padding).map_err(|e| (at, e.to_string()))?;
    }
}

/// What follows a trailer that is not another cpio header: a compressed archive (initramfs
/// with early microcode) is opened as a region of this layer; anything else ends the archive.
fn more(
    ctx: &mut Ctx<'_>,
    here: &Here,
    start: u64,
    magic: [u8; 6],
    input: &mut Counted<Box<dyn Read + '_>>,
) -> Result<(), (u64, String)> {
    let rest = std::io::Cursor::new(magic.to_vec()).chain(&mut input.inner);
    let spec = Spec::carved(here, start);
    let compressed = magic.starts_with(&[0x1F, 0x8B])
        || magic.starts_with(&[0xFD, b'7', b'z', b'X', b'Z', 0])
        || magic.starts_with(&[0x28, 0xB5, 0x2F, 0xFD])
        || magic.starts_with(b"BZh");
    if !compressed {
        // Whatever follows an archive in a blob is the carver's business.
        return Ok(());
    }
    super::dispatch::open_src(ctx, spec, Src::Stream(Box::new(rest)));
    Ok(())
}
