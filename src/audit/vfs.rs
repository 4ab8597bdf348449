//! Opens an artifact and everything nested in it, recognised by content, in memory: the first
//! stage of `audit`, feeding every layer and file to a [`Sink`] (the orchestrator) on one thread.
//! Formats live in `vfs/` (one file each); `dispatch` recognises a source and opens it, `walk`
//! holds the per-file pipeline and the limits.

use std::path::Path;

use super::Limits;

mod blob;
mod cpio;
mod dir;
mod dispatch;
mod ext;
mod image;
mod sniff;
mod squashfs;
mod stream;
mod tar;
mod walk;
mod zip;

#[cfg(test)]
mod tests;

/// What a layer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LayerKind {
    /// A folder on disk (an extracted root filesystem).
    Directory,
    /// A tar archive (after any decompression).
    Tar,
    /// A zip archive or one of its kin (jar, war, apk, aar, whl, nupkg).
    Zip,
    /// A cpio archive (newc, crc, odc).
    Cpio,
    /// A SquashFS image.
    SquashFs,
    /// An ext2/3/4 image.
    Ext,
    /// An OCI image layout or a `docker save` archive: its layers applied in order.
    Image,
    /// One layer of an image.
    ImageLayer,
    /// A compressed stream whose content is not a container (a kernel, a single file).
    Compressed,
    /// A raw blob (firmware image) searched for embedded filesystems and streams.
    Blob,
}

/// One container, filesystem or stream inside the artifact (the artifact itself is layer 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    /// Index in the order layers were opened (0 is the artifact itself).
    pub id: usize,
    /// The layer it was found in (`None` for the artifact).
    pub parent: Option<usize>,
    /// The file inside the parent layer it was opened from, when it was a file (`/opt/app.jar`).
    pub from_file: Option<String>,
    /// What it is.
    pub kind: LayerKind,
    /// Compression around it, outermost first (`gzip`), empty when none.
    pub compression: Vec<&'static str>,
    /// Byte offset in the parent's stream when found by carving a blob.
    pub offset: Option<u64>,
    /// Where it is, for messages and reports: `router.bin!squashfs@0x1a0000`,
    /// `rootfs.tar:/opt/app.jar!zip`.
    pub location: String,
    /// Its size in bytes, when known.
    pub size: Option<u64>,
}

/// One file (or symbolic link) found in a layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// The layer it is in.
    pub layer: usize,
    /// Its path in the layer: absolute, `/`-separated, normalised (no `.`, `..` or doubled `/`).
    pub path: String,
    /// Its size as the container declares it.
    pub size: u64,
    /// Unix mode bits, when the container has them.
    pub mode: Option<u32>,
    /// The target of a symbolic link (never followed).
    pub link: Option<String>,
    /// Its bytes: the whole file (up to [`Limits::max_scan_bytes`]) when the sink wanted it, else
    /// at most the first 4 KiB.
    pub data: Vec<u8>,
    /// Whether `data` holds the whole file.
    pub complete: bool,
}

impl Layer {
    /// The layer whose filesystem this one's files belong to: an image layer's are its image's
    /// (the layers applied in order make one filesystem); any other layer is its own.
    pub fn filesystem(&self) -> usize {
        match (self.kind, self.parent) {
            (LayerKind::ImageLayer, Some(image)) => image,
            _ => self.id,
        }
    }
}

impl FileEntry {
    /// Where the file is, for reports: the layer's location, `:` and the path
    /// (`router.bin!squashfs@0x1a0000:/usr/lib/libavs.so`).
    pub fn location(&self, layer: &Layer) -> String {
        format!("{}:{}", layer.location, self.path)
    }
}

/// Why something inside the artifact could not be read, or was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: a layer's or a file's location.
    pub location: String,
    /// The byte offset in the layer's stream, when known.
    pub offset: Option<u64>,
    /// What happened, as a sentence.
    pub message: String,
    /// Whether content was lost (unreadable, or cut by a limit) or only deliberately passed over.
    pub kind: ProblemKind,
}

/// Whether a problem lost content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    /// Content that could not be read (corrupt, truncated, unsupported): the audit is incomplete.
    Unreadable,
    /// A limit stopped reading (depth, total bytes, entries, file size): the audit is incomplete.
    Limit,
    /// Read, but the container is malformed or hostile in a way the report must mention (a tar
    /// entry named `../../etc/passwd` is read as `/etc/passwd` and reported).
    Anomaly,
    /// Passed over on purpose, losing nothing screened (a device node, an unsupported but
    /// recognised format is NOT this: that is `Unreadable`).
    Skipped,
}

/// What receives what an artifact holds.
pub trait Sink {
    /// Whether the whole file is wanted (up to [`Limits::max_scan_bytes`]), judged from its path,
    /// declared size and first bytes (up to 4 KiB).
    fn wants(&self, path: &str, size: u64, head: &[u8]) -> bool;
    /// A layer was opened (called before any of its files).
    fn layer(&mut self, layer: &Layer);
    /// A file of the last layer opened that contains it.
    fn file(&mut self, file: FileEntry);
    /// Something could not be read or was skipped.
    fn problem(&mut self, problem: Problem);
    /// Bytes of the top-level artifact consumed so far (for a progress bar).
    fn progress(&mut self, bytes: u64);
}

/// Opens the artifact at `path` and sends every layer and file in it to `sink`. An error means
/// the artifact itself could not be opened at all; everything inside that fails is a
/// [`Sink::problem`].
pub fn open(path: &Path, limits: &Limits, sink: &mut dyn Sink) -> Result<(), Problem> {
    dispatch::open_top(path, limits, sink)
}

/// The bytes the artifact at `path` has on disk (a folder's files summed), for progress.
pub fn total_size(path: &Path) -> u64 {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => walkdir::WalkDir::new(path)
            .follow_links(false)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .filter_map(|entry| entry.metadata().ok())
            .map(|meta| meta.len())
            .sum(),
        Ok(meta) => meta.len(),
        Err(_) => 0,
    }
}
