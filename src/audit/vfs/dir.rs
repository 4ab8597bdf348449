//! A folder on disk (an extracted root filesystem): every entry, hidden ones too, sorted by name;
//! symbolic links reported and never followed; device nodes and fifos passed over. A folder that
//! is an OCI image layout or an extracted `docker save` is opened as an image instead.

use std::fs::File;
use std::path::Path;

use walkdir::WalkDir;

use super::walk::{Body, Ctx, Meta, Spec};
use super::{LayerKind, ProblemKind};

#[cfg(unix)]
fn mode(meta: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    Some(meta.mode())
}

#[cfg(not(unix))]
fn mode(_meta: &std::fs::Metadata) -> Option<u32> {
    None
}

/// Walks the folder at `root` as one Directory layer (or an image, when it is one).
pub(crate) fn open(ctx: &mut Ctx<'_>, spec: &Spec, root: &Path) {
    if super::image::open_dir(ctx, spec, root) {
        return;
    }
    let here = ctx.layer(spec, LayerKind::Directory);
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1);
    for entry in walker {
        if !ctx.entries_left() {
            // One more entry reports the limit once.
            ctx.count_entry(&here.location);
            break;
        }
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let at = err.path().map_or_else(String::new, |p| relative(root, p));
                ctx.problem(
                    ProblemKind::Unreadable,
                    here.at(&at),
                    None,
                    format!("cannot be read: {err}"),
                );
                continue;
            }
        };
        let path = relative(root, entry.path());
        let location = here.at(&path);
        let file_type = entry.file_type();
        if file_type.is_dir() {
            ctx.count_entry(&location);
            continue;
        }
        let meta = match entry.metadata() {
            Ok(meta) => meta,
            Err(err) => {
                ctx.problem(
                    ProblemKind::Unreadable,
                    location,
                    None,
                    format!("cannot be read: {err}"),
                );
                continue;
            }
        };
        let info = Meta {
            path,
            size: meta.len(),
            mode: mode(&meta),
        };
        if file_type.is_symlink() {
            match std::fs::read_link(entry.path()) {
                Ok(target) => ctx.link(&here, info, target.to_string_lossy().into_owned()),
                Err(err) => ctx.problem(
                    ProblemKind::Unreadable,
                    location,
                    None,
                    format!("link cannot be read: {err}"),
                ),
            }
        } else if file_type.is_file() {
            match File::open(entry.path()) {
                Ok(file) => {
                    if let Err(err) = ctx.file(&here, info, Body::File(file)) {
                        ctx.fail(location, None, "cannot be read", err);
                    }
                }
                Err(err) => ctx.problem(
                    ProblemKind::Unreadable,
                    location,
                    None,
                    format!("cannot be opened: {err}"),
                ),
            }
            ctx.progress
                .fetch_add(meta.len(), std::sync::atomic::Ordering::Relaxed);
        } else {
            let message = "a device node, fifo or socket: no content to read".to_string();
            ctx.problem(ProblemKind::Skipped, location, None, message);
        }
    }
    let done = ctx.progress.load(std::sync::atomic::Ordering::Relaxed);
    ctx.sink.progress(done);
}

/// The path of `path` under `root`, absolute and `/`-separated (`/etc/passwd`).
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut out = String::new();
    for part in rel.components() {
        out.push('/');
        out.push_str(&part.as_os_str().to_string_lossy());
    }
    if out.is_empty() { "/".into() } else { out }
}
