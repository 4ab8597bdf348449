//! SquashFS 4.0 images (little- or big-endian; gzip, xz, zstd, lz4) read with `backhand` from a
//! seekable source, at an offset when carved from a blob, so a SquashFS in a firmware file on
//! disk is read in place and never copied.

use std::io::BufReader;

use backhand::kind::{self, Kind};
use backhand::{BufReadSeek, FilesystemReader, InnerNode};

use super::stream::{Guarded, Metered, guard};
use super::walk::{Body, Ctx, Meta, Spec, Src};
use super::{LayerKind, ProblemKind};

/// Opens a whole source as a SquashFS layer.
pub(crate) fn open(ctx: &mut Ctx<'_>, spec: &Spec, src: Src<'_>) {
    match src {
        Src::Seek(seek, _) => open_at(ctx, spec, BufReader::new(seek), 0),
        Src::Owned(seek, _) => open_at(ctx, spec, BufReader::new(seek), 0),
        Src::Stream(_) => {}
    }
}

/// Opens the SquashFS that starts `offset` bytes into `reader` as one layer.
pub(crate) fn open_at<'b>(
    ctx: &mut Ctx<'_>,
    spec: &Spec,
    mut reader: impl BufReadSeek + 'b,
    offset: u64,
) {
    let here = ctx.layer(spec, LayerKind::SquashFs);
    let mut magic = [0u8; 4];
    let big = reader
        .seek(std::io::SeekFrom::Start(offset))
        .and_then(|_| std::io::Read::read_exact(&mut reader, &mut magic))
        .is_ok()
        && &magic == b"sqsh";
    // With offset 0, backhand reads the superblock from where the reader stands.
    if let Err(err) = reader.seek(std::io::SeekFrom::Start(offset)) {
        return ctx.fail(
            here.location.clone(),
            Some(offset),
            "could not be read",
            err,
        );
    }
    let opened = guard(move || {
        if big {
            let kind = Kind::from_const(kind::BE_V4_0).map_err(|e| e.to_string())?;
            FilesystemReader::from_reader_with_offset_and_kind(reader, offset, kind)
                .map_err(|e| e.to_string())
        } else {
            FilesystemReader::from_reader_with_offset(reader, offset).map_err(|e| e.to_string())
        }
    });
    let filesystem = match opened {
        Ok(Ok(filesystem)) => filesystem,
        Ok(Err(err)) | Err(err) => {
            return ctx.fail(
                here.location.clone(),
                spec.offset.or(Some(offset)),
                "not a readable SquashFS image",
                err,
            );
        }
    };
    for node in filesystem.files() {
        if !ctx.entries_left() {
            ctx.count_entry(&here.location);
            break;
        }
        let path = node.fullpath.to_string_lossy().into_owned();
        let (path, _) = super::walk::normalize(path.as_bytes());
        let location = here.at(&path);
        let mode = Some(u32::from(node.header.permissions));
        match &node.inner {
            InnerNode::File(file) => {
                let meta = Meta {
                    path,
                    size: file.file_len() as u64,
                    mode,
                };
                let mut reader =
                    Metered::new(Guarded(filesystem.file(file).reader()), ctx.budget.clone());
                if let Err(err) = ctx.file(&here, meta, Body::Stream(&mut reader)) {
                    ctx.fail(
                        location,
                        spec.offset,
                        "cannot be read from the SquashFS image",
                        err,
                    );
                }
            }
            InnerNode::Symlink(link) => {
                let target = link.link.to_string_lossy().into_owned();
                let meta = Meta {
                    path,
                    size: target.len() as u64,
                    mode,
                };
                ctx.link(&here, meta, target);
            }
            InnerNode::Dir(_) => {
                if path != "/" {
                    ctx.count_entry(&location);
                }
            }
            _ => {
                let message = "a device node, fifo or socket: no content to read".to_string();
                ctx.problem(ProblemKind::Skipped, location, spec.offset, message);
            }
        }
    }
}
