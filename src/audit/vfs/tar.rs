//! tar archives (after any decompression), read as a stream: an entry's reader feeds a nested
//! archive directly, so a tar.gz inside a tar is never held whole. A seekable tar is first
//! checked for being a container image (`oci-layout`, `manifest.json`).

use std::io::{BufReader, Read};

use tar::{Archive, Entries, EntryType};

use super::walk::{self, Body, Ctx, Here, Meta, Spec, Src};
use super::{LayerKind, ProblemKind};

/// Opens a tar archive as one layer and sends each member.
pub(crate) fn open(ctx: &mut Ctx<'_>, spec: &Spec, src: Src<'_>) {
    let src = match src {
        Src::Stream(read) => Src::Stream(read),
        seekable => match super::image::open_tar(ctx, spec, seekable) {
            Ok(()) => return,
            Err(src) => src,
        },
    };
    let here = ctx.layer(spec, LayerKind::Tar);
    match src {
        // On a seekable source an unwanted member's rest is skipped by a seek, not read.
        Src::Seek(seek, _) | Src::Owned(seek, _) => {
            let mut archive = Archive::new(BufReader::with_capacity(64 << 10, seek));
            read_entries(ctx, &here, archive.entries_with_seek(), &mut |_| true);
        }
        Src::Stream(read) => {
            members(ctx, &here, read, &mut |_| true);
        }
    }
}

/// Sends the members of the tar archive in `read` to layer `here`, those `keep` accepts (an
/// image layer passes over what a higher layer hides).
/// Returns where the archive ends (after its last member and the two zero blocks), for carving.
pub(crate) fn members(
    ctx: &mut Ctx<'_>,
    here: &Here,
    read: Box<dyn Read + '_>,
    keep: &mut dyn FnMut(&str) -> bool,
) -> u64 {
    let mut archive = Archive::new(BufReader::with_capacity(64 << 10, read));
    read_entries(ctx, here, archive.entries(), keep)
}

fn read_entries<R: Read>(
    ctx: &mut Ctx<'_>,
    here: &Here,
    entries: std::io::Result<Entries<'_, R>>,
    keep: &mut dyn FnMut(&str) -> bool,
) -> u64 {
    let entries = match entries {
        Ok(entries) => entries,
        Err(err) => {
            ctx.fail(
                here.location.clone(),
                Some(0),
                "not a readable tar archive",
                err,
            );
            return 0;
        }
    };
    let mut offset = 0;
    let mut end = 0;
    for entry in entries {
        if !ctx.entries_left() {
            ctx.count_entry(&here.location);
            break;
        }
        let mut entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                ctx.fail(
                    here.location.clone(),
                    Some(offset),
                    "the tar archive is cut short or corrupt here",
                    err,
                );
                break;
            }
        };
        offset = entry.raw_header_position();
        end = entry.raw_file_position() + entry.size().div_ceil(512) * 512 + 1024;
        let raw = entry.path_bytes().into_owned();
        let (path, climbed) = walk::normalize(&raw);
        if !keep(&path) {
            continue;
        }
        if climbed {
            walk::escaped(ctx, here, &raw, &path, Some(offset));
        }
        let header = entry.header();
        let meta = Meta {
            path,
            size: entry.size(),
            mode: header.mode().ok(),
        };
        let location = here.at(&meta.path);
        match header.entry_type() {
            EntryType::Regular | EntryType::Continuous | EntryType::GNUSparse => {
                if let Err(err) = ctx.file(here, meta, Body::Stream(&mut entry as &mut dyn Read)) {
                    ctx.fail(location, Some(offset), "cut short or unreadable", err);
                }
            }
            EntryType::Symlink | EntryType::Link => {
                let target = entry
                    .link_name_bytes()
                    .map(|t| String::from_utf8_lossy(&t).into_owned());
                let target = match (header.entry_type(), target) {
                    // A hard link names another member: normalise it like a member name.
                    (EntryType::Link, Some(t)) => walk::normalize(t.as_bytes()).0,
                    (_, t) => t.unwrap_or_default(),
                };
                ctx.link(here, meta, target);
            }
            EntryType::Directory => {
                ctx.count_entry(&location);
            }
            EntryType::Char | EntryType::Block | EntryType::Fifo => {
                let message = "a device node or fifo: no content to read".to_string();
                ctx.problem(ProblemKind::Skipped, location, Some(offset), message);
            }
            _ => {}
        }
    }
    end
}
