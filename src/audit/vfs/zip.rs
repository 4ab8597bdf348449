//! zip and its kin (jar, war, apk, aar, whl, nupkg), read with the `zip` crate from a seekable
//! source: the artifact's file, a file on disk, or a nested archive held in memory.

use std::io::{BufReader, Read};

use zip::ZipArchive;

use super::LayerKind;
use super::stream::{Guarded, Metered, guard};
use super::walk::{self, Body, Ctx, Meta, Spec, Src};

/// Opens a zip archive as one layer and sends each member in the central directory's order.
pub(crate) fn open(ctx: &mut Ctx<'_>, spec: &Spec, src: Src<'_>) {
    let here = ctx.layer(spec, LayerKind::Zip);
    let reader = match src {
        Src::Seek(seek, _) => BufReader::new(seek),
        Src::Owned(seek, _) => BufReader::new(seek),
        Src::Stream(_) => return,
    };
    let mut archive = match guard(|| ZipArchive::new(reader)) {
        Ok(Ok(archive)) => archive,
        Ok(Err(err)) => {
            return ctx.fail(
                here.location.clone(),
                None,
                "not a readable zip archive",
                err,
            );
        }
        Err(panic) => {
            return ctx.fail(
                here.location.clone(),
                None,
                "not a readable zip archive",
                panic,
            );
        }
    };
    for index in 0..archive.len() {
        if !ctx.entries_left() {
            ctx.count_entry(&here.location);
            break;
        }
        let budget = ctx.budget.clone();
        let mut member = match guard(|| archive.by_index(index)) {
            Ok(Ok(member)) => member,
            Ok(Err(err)) => {
                ctx.fail(
                    here.location.clone(),
                    None,
                    &format!("member {index} cannot be read"),
                    err,
                );
                continue;
            }
            Err(panic) => {
                ctx.fail(
                    here.location.clone(),
                    None,
                    &format!("member {index} cannot be read"),
                    panic,
                );
                continue;
            }
        };
        let offset = Some(member.header_start());
        let raw = member.name_raw().to_vec();
        let (path, climbed) = walk::normalize(&raw);
        if climbed {
            walk::escaped(ctx, &here, &raw, &path, offset);
        }
        let meta = Meta {
            path,
            size: member.size(),
            mode: member.unix_mode(),
        };
        let location = here.at(&meta.path);
        if member.is_dir() {
            ctx.count_entry(&location);
        } else if member.is_symlink() {
            let mut target = Vec::new();
            let read = Guarded(&mut member).take(4096).read_to_end(&mut target);
            match read {
                Ok(_) => ctx.link(&here, meta, String::from_utf8_lossy(&target).into_owned()),
                Err(err) => ctx.fail(location, offset, "link cannot be read", err),
            }
        } else {
            let mut reader = Metered::new(Guarded(&mut member), budget);
            if let Err(err) = ctx.file(&here, meta, Body::Stream(&mut reader)) {
                ctx.fail(location, offset, "cannot be decompressed", err);
            }
        }
    }
}
