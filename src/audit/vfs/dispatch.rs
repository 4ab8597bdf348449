//! Recognising a source and opening it as a layer: `open_src` sniffs the first bytes and hands
//! the source to its format (decompressing first when it is a compressed stream), and `open_top`
//! starts the whole `open` from a path on disk.

use std::fs::File;
use std::io::{self, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::sniff::{self, Format, HEAD};
use super::stream::{self, Metered};
use super::walk::{Ctx, Spec, Src};
use super::{FileEntry, LayerKind, Limits, Problem, ProblemKind, Sink};

/// Compressions wrapped around one another beyond this are refused (`gzip` of `gzip` of ...).
const MAX_COMPRESSIONS: usize = 4;

/// Reads up to [`HEAD`] bytes of a source and gives back a source that still starts at byte 0.
fn peek(src: Src<'_>) -> io::Result<(Vec<u8>, Src<'_>)> {
    let mut head = Vec::with_capacity(HEAD);
    match src {
        Src::Stream(mut read) => {
            stream::read_up_to(&mut read, &mut head, HEAD as u64)?;
            let again = Cursor::new(head.clone()).chain(read);
            Ok((head, Src::Stream(Box::new(again))))
        }
        Src::Seek(mut seek, len) => {
            stream::read_up_to(&mut seek, &mut head, HEAD as u64)?;
            seek.seek(SeekFrom::Start(0))?;
            Ok((head, Src::Seek(seek, len)))
        }
        Src::Owned(mut seek, len) => {
            stream::read_up_to(&mut seek, &mut head, HEAD as u64)?;
            seek.seek(SeekFrom::Start(0))?;
            Ok((head, Src::Owned(seek, len)))
        }
    }
}

/// Opens a source as whatever its first bytes say it is, as a layer placed by `spec`.
pub(crate) fn open_src(ctx: &mut Ctx<'_>, mut spec: Spec, src: Src<'_>) {
    let (head, src) = match peek(src) {
        Ok(peeked) => peeked,
        Err(err) => return ctx.fail(spec.base.clone(), spec.offset, "could not be read", err),
    };
    let format = sniff::sniff(&head);
    if let Some(compression) = format.and_then(Format::compression) {
        if spec.compression.len() >= MAX_COMPRESSIONS {
            let message = format!(
                "more than {MAX_COMPRESSIONS} compressions wrapped in one another; not opened"
            );
            return ctx.problem(
                ProblemKind::Limit,
                spec.location(LayerKind::Compressed),
                spec.offset,
                message,
            );
        }
        spec.compression.push(compression);
        let decoded = match stream::decoder(compression, BufReader::new(src.into_read())) {
            Ok(decoded) => decoded,
            Err(err) => {
                return ctx.fail(
                    spec.location(LayerKind::Compressed),
                    spec.offset,
                    "could not be decompressed",
                    err,
                );
            }
        };
        let metered = Metered::new(decoded, ctx.budget.clone());
        return open_src(ctx, spec, Src::Stream(Box::new(metered)));
    }
    match format {
        Some(Format::Tar) => super::tar::open(ctx, &spec, src),
        Some(Format::Cpio) => super::cpio::open(ctx, &spec, src.into_read()),
        Some(format @ (Format::Zip | Format::SquashFs | Format::Ext)) => {
            let kind = match format {
                Format::Zip => LayerKind::Zip,
                Format::SquashFs => LayerKind::SquashFs,
                _ => LayerKind::Ext,
            };
            let src = match src {
                Src::Stream(mut read) => match ctx.hold_in_memory(&spec, kind, &mut read) {
                    Some(bytes) => {
                        let len = bytes.len();
                        Src::Owned(Box::new(bytes), len)
                    }
                    None => return,
                },
                seekable => seekable,
            };
            match kind {
                LayerKind::Zip => super::zip::open(ctx, &spec, src),
                LayerKind::SquashFs => super::squashfs::open(ctx, &spec, src),
                _ => super::ext::open(ctx, &spec, src),
            }
        }
        _ if !spec.compression.is_empty() && (spec.keep_compressed || spec.blob) => {
            compressed(ctx, &spec, src.into_read());
        }
        _ if spec.blob => {
            let src = match src {
                Src::Stream(mut read) => {
                    match ctx.hold_in_memory(&spec, LayerKind::Blob, &mut read) {
                        Some(bytes) => {
                            let len = bytes.len();
                            Src::Owned(Box::new(bytes), len)
                        }
                        None => return,
                    }
                }
                seekable => seekable,
            };
            super::blob::open(ctx, &spec, src);
        }
        _ => {}
    }
}

/// A compressed stream whose content is no container: one layer holding one file, `/`, whose
/// size is known only once it is decompressed to the end (so a bomb meets the total limit).
fn compressed(ctx: &mut Ctx<'_>, spec: &Spec, mut read: Box<dyn Read + '_>) {
    let here = ctx.layer(spec, LayerKind::Compressed);
    let location = here.at("/");
    if !ctx.count_entry(&location) {
        return;
    }
    let mut data = Vec::new();
    let read_all = stream::read_up_to(&mut read, &mut data, ctx.limits.max_scan_bytes)
        .and_then(|()| stream::drain(&mut read));
    let rest = match read_all {
        Ok(rest) => rest,
        Err(err) => {
            ctx.fail(
                location.clone(),
                spec.offset,
                "the compressed stream could not be read to its end",
                err,
            );
            0
        }
    };
    let size = data.len() as u64 + rest;
    let head_len = data.len().min(HEAD);
    let wanted = ctx.sink.wants("/", size, &data[..head_len]);
    if !wanted {
        data.truncate(HEAD);
    } else if rest > 0 {
        let message = format!(
            "{size} bytes; only the first {} are read for evidence",
            ctx.limits.max_scan_bytes
        );
        ctx.problem(ProblemKind::Limit, location, None, message);
    }
    let complete = data.len() as u64 == size && !ctx.budget.exhausted();
    ctx.sink.file(FileEntry {
        layer: here.id,
        path: "/".into(),
        size,
        mode: None,
        link: None,
        data,
        complete,
    });
}

/// A reader of the artifact that counts what it consumed, for progress.
/// Progress is the farthest position reached, so it never passes the file's length even when
/// a random-access format reads parts twice.
struct Tracked<R> {
    inner: R,
    pos: u64,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        self.read.fetch_max(self.pos, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: Seek> Seek for Tracked<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.pos = self.inner.seek(to)?;
        Ok(self.pos)
    }
}

/// `vfs::open`: the artifact at `path`, a folder or a file.
pub(crate) fn open_top(path: &Path, limits: &Limits, sink: &mut dyn Sink) -> Result<(), Problem> {
    let display = path.to_string_lossy();
    let base = match display.trim_end_matches('/') {
        "" => "/".to_string(),
        trimmed => trimmed.to_string(),
    };
    let cannot = |err: io::Error| Problem {
        location: base.clone(),
        offset: None,
        message: format!("cannot be opened: {err}"),
        kind: ProblemKind::Unreadable,
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    let mut ctx = Ctx::new(limits, sink);
    let spec = Spec::artifact(base.clone());
    if meta.is_dir() {
        super::dir::open(&mut ctx, &spec, path);
        return Ok(());
    }
    let file = File::open(path).map_err(cannot)?;
    let len = meta.len();
    let tracked = Tracked {
        inner: file,
        pos: 0,
        read: ctx.progress.clone(),
    };
    let spec = Spec {
        size: Some(len),
        ..spec
    };
    open_src(&mut ctx, spec, Src::Owned(Box::new(tracked), len));
    ctx.sink.progress(len);
    Ok(())
}

/// `open` on bytes in memory named `name`, as if they were the artifact's file (tests cut
/// fixtures short at every length without touching the disk).
#[cfg(test)]
pub(crate) fn open_bytes(name: &str, bytes: Vec<u8>, limits: &Limits, sink: &mut dyn Sink) {
    let mut ctx = Ctx::new(limits, sink);
    let len = bytes.len() as u64;
    let spec = Spec {
        size: Some(len),
        ..Spec::artifact(name.to_string())
    };
    open_src(
        &mut ctx,
        spec,
        Src::Owned(Box::new(Cursor::new(bytes)), len),
    );
}
