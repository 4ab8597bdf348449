//! The pipeline every format shares: each file of a layer goes through `Ctx::file` (head,
//! `Sink::wants`, bounded read, then the file is opened again as a nested layer when its head is
//! a container), and every limit and failure becomes a `Problem` instead of an error.

use std::cell::Cell;
use std::fmt::Display;
use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::sniff::{self, HEAD};
use super::stream::{self, Budget, Held, ReadSeek};
use super::{FileEntry, Layer, LayerKind, Limits, Problem, ProblemKind, Sink};

/// Where a layer's bytes come from.
pub(crate) enum Src<'a> {
    /// Read once, front to back.
    Stream(Box<dyn Read + 'a>),
    /// Random access, with its length.
    Seek(Box<dyn ReadSeek + 'a>, u64),
    /// Random access and owned (a file on disk), which `ext4-view` needs.
    Owned(Box<dyn ReadSeek>, u64),
}

impl<'a> Src<'a> {
    /// The source as a front-to-back reader (from where it stands).
    pub(crate) fn into_read(self) -> Box<dyn Read + 'a> {
        match self {
            Src::Stream(read) => read,
            Src::Seek(seek, _) => Box::new(seek),
            Src::Owned(seek, _) => Box::new(seek),
        }
    }
}

/// How a layer about to be opened is placed: its parent, where it came from, how deep it is.
#[derive(Debug, Clone, Default)]
pub(crate) struct Spec {
    pub(crate) parent: Option<usize>,
    pub(crate) from_file: Option<String>,
    /// The file's location (`rootfs.tar:/opt/app.jar`), the parent layer's location for a carved
    /// region, or the artifact's path for the artifact itself.
    pub(crate) base: String,
    pub(crate) offset: Option<u64>,
    pub(crate) depth: usize,
    pub(crate) compression: Vec<&'static str>,
    pub(crate) size: Option<u64>,
    /// Carve it as a blob when it holds no container (the artifact, a firmware-named file).
    pub(crate) blob: bool,
    /// A compressed stream whose content is no container still becomes a layer.
    pub(crate) keep_compressed: bool,
    /// The kind written in the location instead of the format's (`layer@sha256:...`).
    pub(crate) label: Option<String>,
}

impl Spec {
    /// The artifact itself, named `base`: carved as a blob when it holds no container.
    pub(crate) fn artifact(base: String) -> Spec {
        Spec {
            base,
            depth: 1,
            blob: true,
            keep_compressed: true,
            ..Spec::default()
        }
    }

    /// A region found at `offset` in the layer `here`.
    pub(crate) fn carved(here: &Here, offset: u64) -> Spec {
        Spec {
            parent: Some(here.id),
            base: here.location.clone(),
            offset: Some(offset),
            depth: here.depth + 1,
            keep_compressed: true,
            ..Spec::default()
        }
    }

    /// Where a layer of this kind opened from here is (`FILE!tar.gz`, `BLOB!squashfs@0x1000`).
    pub(crate) fn location(&self, kind: LayerKind) -> String {
        if self.parent.is_none() {
            return self.base.clone();
        }
        let mut name = match (&self.label, kind) {
            (Some(label), _) => label.clone(),
            (None, LayerKind::Compressed) => self.compression.join("."),
            (None, kind) => kind_name(kind).to_string(),
        };
        if kind != LayerKind::Compressed && self.label.is_none() {
            for compression in self.compression.iter().rev() {
                name.push('.');
                name.push_str(sniff::suffix(compression));
            }
        }
        match self.offset {
            Some(offset) => format!("{}!{name}@{offset:#x}", self.base),
            None => format!("{}!{name}", self.base),
        }
    }

    /// The spec of a layer opened from file `path` of layer `here`.
    pub(crate) fn nested(here: &Here, path: &str, size: Option<u64>) -> Spec {
        let firmware = sniff::firmware_name(path);
        Spec {
            parent: Some(here.id),
            from_file: Some(path.to_string()),
            base: format!("{}:{path}", here.location),
            depth: here.depth + 1,
            size,
            blob: firmware,
            keep_compressed: firmware,
            ..Spec::default()
        }
    }
}

fn kind_name(kind: LayerKind) -> &'static str {
    match kind {
        LayerKind::Directory => "dir",
        LayerKind::Tar => "tar",
        LayerKind::Zip => "zip",
        LayerKind::Cpio => "cpio",
        LayerKind::SquashFs => "squashfs",
        LayerKind::Ext => "ext",
        LayerKind::Image => "image",
        LayerKind::ImageLayer => "layer",
        LayerKind::Compressed => "compressed",
        LayerKind::Blob => "blob",
    }
}

/// An opened layer, as its files need it.
#[derive(Debug, Clone)]
pub(crate) struct Here {
    pub(crate) id: usize,
    pub(crate) location: String,
    pub(crate) depth: usize,
}

impl Here {
    /// A file's location in this layer.
    pub(crate) fn at(&self, path: &str) -> String {
        format!("{}:{path}", self.location)
    }
}

/// What a container says about one of its files.
#[derive(Debug, Clone, Default)]
pub(crate) struct Meta {
    pub(crate) path: String,
    pub(crate) size: u64,
    pub(crate) mode: Option<u32>,
}

/// A file's bytes: a reader positioned at its start, or a file on disk.
pub(crate) enum Body<'r> {
    Stream(&'r mut dyn Read),
    File(File),
}

/// The state of one `open`: the sink, the limits and what has been spent of them.
pub(crate) struct Ctx<'s> {
    pub(crate) limits: Limits,
    pub(crate) sink: &'s mut dyn Sink,
    pub(crate) budget: Rc<Budget>,
    next_layer: usize,
    entries: u64,
    entries_reported: bool,
    budget_reported: bool,
    /// Bytes of nested artifacts held in memory right now.
    held: Arc<AtomicU64>,
    /// Bytes of the artifact consumed, for `Sink::progress`.
    pub(crate) progress: Arc<AtomicU64>,
}

impl<'s> Ctx<'s> {
    /// A fresh state with nothing spent.
    pub(crate) fn new(limits: &Limits, sink: &'s mut dyn Sink) -> Ctx<'s> {
        Ctx {
            limits: *limits,
            sink,
            budget: Rc::new(Budget {
                used: Cell::new(0),
                max: limits.max_total_bytes,
            }),
            next_layer: 0,
            entries: 0,
            entries_reported: false,
            budget_reported: false,
            held: Arc::new(AtomicU64::new(0)),
            progress: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Opens a layer: gives it an id and tells the sink.
    pub(crate) fn layer(&mut self, spec: &Spec, kind: LayerKind) -> Here {
        let id = self.next_layer;
        self.next_layer += 1;
        let layer = Layer {
            id,
            parent: spec.parent,
            from_file: spec.from_file.clone(),
            kind,
            compression: spec.compression.clone(),
            offset: spec.offset,
            location: spec.location(kind),
            size: spec.size,
        };
        self.sink.layer(&layer);
        Here {
            id,
            location: layer.location,
            depth: spec.depth,
        }
    }

    /// Reports a problem.
    pub(crate) fn problem(
        &mut self,
        kind: ProblemKind,
        location: String,
        offset: Option<u64>,
        message: String,
    ) {
        self.sink.problem(Problem {
            location,
            offset,
            message,
            kind,
        });
    }

    /// Reports a failure to read: a Limit when the total-bytes budget caused it (once), else
    /// Unreadable.
    pub(crate) fn fail(
        &mut self,
        location: String,
        offset: Option<u64>,
        what: &str,
        err: impl Display,
    ) {
        if self.budget.exhausted() {
            if !self.budget_reported {
                self.budget_reported = true;
                let message = format!(
                    "{what}: stopped after {} bytes decompressed in total (limit {}); reading goes on where no decompression is needed",
                    self.budget.used.get(),
                    self.limits.max_total_bytes
                );
                self.problem(ProblemKind::Limit, location, offset, message);
            }
            return;
        }
        self.problem(
            ProblemKind::Unreadable,
            location,
            offset,
            format!("{what}: {err}"),
        );
    }

    /// Counts one entry (file, folder or link); false once `max_entries` is passed.
    pub(crate) fn count_entry(&mut self, location: &str) -> bool {
        self.entries += 1;
        if self.entries <= self.limits.max_entries {
            return true;
        }
        if !self.entries_reported {
            self.entries_reported = true;
            let message = format!(
                "more than {} entries; the rest are not read",
                self.limits.max_entries
            );
            self.problem(ProblemKind::Limit, location.to_string(), None, message);
        }
        false
    }

    /// Whether entries can still be read (the entries limit is not passed).
    pub(crate) fn entries_left(&self) -> bool {
        self.entries < self.limits.max_entries
    }

    /// Sends a symbolic (or hard) link: never followed, nothing read.
    pub(crate) fn link(&mut self, here: &Here, meta: Meta, target: String) {
        if !self.count_entry(&here.at(&meta.path)) {
            return;
        }
        self.sink.file(FileEntry {
            layer: here.id,
            path: meta.path,
            size: meta.size,
            mode: meta.mode,
            link: Some(target),
            data: Vec::new(),
            complete: true,
        });
    }

    /// One regular file: its head, the sink's verdict, the bytes it wants (bounded), then the
    /// file opened again as a nested layer when its head is a container. An error is a failure
    /// to read the body, which the caller reports where it knows the offset.
    pub(crate) fn file(&mut self, here: &Here, meta: Meta, body: Body<'_>) -> io::Result<()> {
        let location = here.at(&meta.path);
        if !self.count_entry(&location) {
            return Ok(());
        }
        self.sink.progress(self.progress.load(Ordering::Relaxed));
        let mut body = body;
        let reader: &mut dyn Read = match &mut body {
            Body::Stream(read) => *read,
            Body::File(file) => file,
        };
        let mut data = Vec::with_capacity(HEAD.min(usize::try_from(meta.size).unwrap_or(HEAD)));
        stream::read_up_to(reader, &mut data, HEAD as u64)?;
        let wanted = self.sink.wants(&meta.path, meta.size, &data);
        let format = sniff::sniff(&data);
        let mut nested = format.is_some() || (sniff::firmware_name(&meta.path) && meta.size > 0);
        if nested && here.depth + 1 > self.limits.max_depth {
            nested = false;
            let message = format!(
                "holds a nested artifact deeper than the depth limit ({}); not opened",
                self.limits.max_depth
            );
            self.problem(ProblemKind::Limit, location.clone(), None, message);
        }
        if wanted {
            stream::read_up_to(reader, &mut data, self.limits.max_scan_bytes)?;
            if meta.size > self.limits.max_scan_bytes {
                let message = format!(
                    "{} bytes; only the first {} are read for evidence",
                    meta.size, self.limits.max_scan_bytes
                );
                self.problem(ProblemKind::Limit, location.clone(), None, message);
            }
        }
        let complete = data.len() as u64 == meta.size;
        let prefix = (nested && matches!(body, Body::Stream(_))).then(|| data.clone());
        self.sink.file(FileEntry {
            layer: here.id,
            path: meta.path.clone(),
            size: meta.size,
            mode: meta.mode,
            link: None,
            data,
            complete,
        });
        if !nested {
            return Ok(());
        }
        let spec = Spec::nested(here, &meta.path, Some(meta.size));
        match body {
            Body::Stream(read) => {
                let chained = Cursor::new(prefix.unwrap_or_default()).chain(read);
                super::dispatch::open_src(self, spec, Src::Stream(Box::new(chained)));
            }
            Body::File(mut file) => {
                file.seek(SeekFrom::Start(0))?;
                super::dispatch::open_src(self, spec, Src::Owned(Box::new(file), meta.size));
            }
        }
        Ok(())
    }

    /// Reads a stream that needs random access into memory, within `max_nested_bytes` for all
    /// that is held at once.
    pub(crate) fn hold_in_memory(
        &mut self,
        spec: &Spec,
        kind: LayerKind,
        read: &mut dyn Read,
    ) -> Option<Held> {
        let max = self.limits.max_nested_bytes;
        let room = max.saturating_sub(self.held.load(Ordering::Relaxed));
        let too_big = |ctx: &mut Ctx<'_>| {
            let message = format!(
                "needs random access and does not fit in the memory left for nested artifacts ({room} of {max} bytes); not opened"
            );
            ctx.problem(ProblemKind::Limit, spec.location(kind), None, message);
        };
        if spec.size.is_some_and(|size| size > room) {
            too_big(self);
            return None;
        }
        let mut bytes = Vec::new();
        if let Err(err) = stream::read_up_to(read, &mut bytes, room.saturating_add(1)) {
            self.fail(spec.location(kind), None, "could not be read", err);
            return None;
        }
        if bytes.len() as u64 > room {
            too_big(self);
            return None;
        }
        self.held.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Some(Held::new(bytes, self.held.clone()))
    }
}

/// An archive member's name as an absolute, normalised path, and whether it tried to climb out
/// of the root (`../../etc/passwd` is `/etc/passwd`, and true).
pub(crate) fn normalize(name: &[u8]) -> (String, bool) {
    let text = String::from_utf8_lossy(name);
    let mut parts: Vec<&str> = Vec::new();
    let mut escaped = false;
    for part in text.split('/') {
        match part {
            "" | "." => {}
            ".." => escaped |= parts.pop().is_none(),
            part => parts.push(part),
        }
    }
    (format!("/{}", parts.join("/")), escaped)
}

/// Reports a member whose name climbed out of the root, read at its normalised path.
pub(crate) fn escaped(ctx: &mut Ctx<'_>, here: &Here, raw: &[u8], path: &str, offset: Option<u64>) {
    let message = format!(
        "member named {:?} climbs out of the archive's root; read as {path}",
        String::from_utf8_lossy(raw)
    );
    ctx.problem(ProblemKind::Anomaly, here.at(path), offset, message);
}
