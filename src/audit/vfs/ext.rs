//! ext2/3/4 images read with `ext4-view` (pure Rust, no mounting), walked from the root with
//! every folder sorted by name. `ext4-view` needs an owned reader, so a nested image is held in
//! memory (within `max_nested_bytes`) and the artifact's own file is read in place.

use std::io::{Read, Seek, SeekFrom};

use ext4_view::{Ext4, Ext4Error, Ext4Read, PathBuf};

use super::stream::{Guarded, ReadSeek, guard};
use super::walk::{Body, Ctx, Here, Meta, Spec, Src};
use super::{LayerKind, ProblemKind};

/// Folders deeper than this are not walked (a corrupt image could loop).
const MAX_DEPTH: usize = 256;

/// `ext4-view`'s reader over one of ours.
struct Reader(Box<dyn ReadSeek>);

impl Ext4Read for Reader {
    fn read(
        &mut self,
        start: u64,
        dst: &mut [u8],
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        self.0.seek(SeekFrom::Start(start))?;
        self.0.read_exact(dst)?;
        Ok(())
    }
}

/// A file of the image as a reader.
struct FileReader(ext4_view::File);

impl Read for FileReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read_bytes(buf).map_err(std::io::Error::other)
    }
}

/// Opens an ext2/3/4 image as one layer.
pub(crate) fn open(ctx: &mut Ctx<'_>, spec: &Spec, src: Src<'_>) {
    let owned: Box<dyn ReadSeek> = match src {
        Src::Owned(seek, _) => seek,
        Src::Seek(mut seek, _) => {
            let kind = LayerKind::Ext;
            match ctx.hold_in_memory(spec, kind, &mut seek) {
                Some(bytes) => Box::new(bytes),
                None => return,
            }
        }
        Src::Stream(_) => return,
    };
    open_owned(ctx, spec, owned);
}

/// Opens an ext image from a reader it may keep.
pub(crate) fn open_owned(ctx: &mut Ctx<'_>, spec: &Spec, reader: Box<dyn ReadSeek>) {
    let here = ctx.layer(spec, LayerKind::Ext);
    let fs = match guard(|| Ext4::load(Box::new(Reader(reader)))) {
        Ok(Ok(fs)) => fs,
        Ok(Err(err)) => {
            return ctx.fail(
                here.location.clone(),
                spec.offset,
                "not a readable ext image",
                err,
            );
        }
        Err(panic) => {
            return ctx.fail(
                here.location.clone(),
                spec.offset,
                "not a readable ext image",
                panic,
            );
        }
    };
    walk_dir(ctx, &here, &fs, PathBuf::new("/"), 0);
}

fn walk_dir(ctx: &mut Ctx<'_>, here: &Here, fs: &Ext4, dir: PathBuf, depth: usize) {
    let listed = guard(|| -> Result<Vec<(Vec<u8>, PathBuf)>, Ext4Error> {
        let mut entries = Vec::new();
        for entry in fs.read_dir(&dir)? {
            let entry = entry?;
            let name = entry.file_name().as_ref().to_vec();
            if name != b"." && name != b".." {
                entries.push((name, entry.path()));
            }
        }
        Ok(entries)
    });
    let location = here.at(&dir.display().to_string());
    let mut entries = match listed {
        Ok(Ok(entries)) => entries,
        Ok(Err(err)) => return ctx.fail(location, None, "folder cannot be read", err),
        Err(panic) => return ctx.fail(location, None, "folder cannot be read", panic),
    };
    entries.sort();
    for (_, path) in entries {
        if !ctx.entries_left() {
            ctx.count_entry(&here.location);
            return;
        }
        let text = path.display().to_string();
        let (name, _) = super::walk::normalize(text.as_bytes());
        let location = here.at(&name);
        let meta = match guard(|| fs.symlink_metadata(&path)) {
            Ok(Ok(meta)) => meta,
            Ok(Err(err)) => {
                ctx.fail(location, None, "cannot be read", err);
                continue;
            }
            Err(panic) => {
                ctx.fail(location, None, "cannot be read", panic);
                continue;
            }
        };
        let info = Meta {
            path: name,
            size: meta.len(),
            mode: Some(u32::from(meta.mode())),
        };
        let file_type = meta.file_type();
        if file_type.is_dir() {
            ctx.count_entry(&location);
            if depth + 1 < MAX_DEPTH {
                walk_dir(ctx, here, fs, path, depth + 1);
            }
        } else if file_type.is_symlink() {
            match guard(|| fs.read_link(&path)) {
                Ok(Ok(target)) => ctx.link(here, info, target.display().to_string()),
                Ok(Err(err)) => ctx.fail(location, None, "link cannot be read", err),
                Err(panic) => ctx.fail(location, None, "link cannot be read", panic),
            }
        } else if file_type.is_regular_file() {
            let file = match guard(|| fs.open(&path)) {
                Ok(Ok(file)) => file,
                Ok(Err(err)) => {
                    ctx.fail(location, None, "cannot be opened", err);
                    continue;
                }
                Err(panic) => {
                    ctx.fail(location, None, "cannot be opened", panic);
                    continue;
                }
            };
            let mut reader =
                super::stream::Metered::new(Guarded(FileReader(file)), ctx.budget.clone());
            if let Err(err) = ctx.file(here, info, Body::Stream(&mut reader)) {
                ctx.fail(location, None, "cannot be read", err);
            }
        } else {
            let message = "a device node, fifo or socket: no content to read".to_string();
            ctx.problem(ProblemKind::Skipped, location, None, message);
        }
    }
}
