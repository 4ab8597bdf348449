//! Container images: an OCI image layout (`oci-layout`, `index.json` -> manifest -> layers) or a
//! `docker save` archive (`manifest.json` with `Layers`), as a folder or a seekable tar. The image
//! is one layer; its filesystem is its layers applied in order with whiteouts honoured, done by
//! visiting layers from the top down and sending a lower layer's file only when no higher layer
//! has that path or a whiteout (`.wh.NAME`) or opaque marker (`.wh..wh..opq`) covering it.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::sniff;
use super::stream::{self, Metered, ReadSeek, Window};
use super::walk::{self, Ctx, Spec, Src};
use super::{LayerKind, ProblemKind};

/// Manifests and indexes larger than this are not image metadata.
const MAX_JSON: u64 = 16 << 20;

/// Where an image's files are: a folder, or members of a seekable tar.
trait Store {
    /// A member, opened for reading, with its size.
    fn open(&mut self, name: &str) -> io::Result<(Box<dyn Read + '_>, u64)>;

    /// A small member read whole (manifests, indexes).
    fn read(&mut self, name: &str) -> Option<Vec<u8>> {
        let (read, size) = self.open(name).ok()?;
        if size > MAX_JSON {
            return None;
        }
        let mut bytes = Vec::new();
        read.take(MAX_JSON).read_to_end(&mut bytes).ok()?;
        Some(bytes)
    }
}

struct DirStore(PathBuf);

impl Store for DirStore {
    fn open(&mut self, name: &str) -> io::Result<(Box<dyn Read + '_>, u64)> {
        let (path, _) = walk::normalize(name.as_bytes());
        let full = self.0.join(path.trim_start_matches('/'));
        let meta = std::fs::symlink_metadata(&full)?;
        if !meta.is_file() {
            return Err(io::Error::other("not a regular file"));
        }
        Ok((Box::new(std::fs::File::open(full)?), meta.len()))
    }
}

struct TarStore<'a> {
    reader: Box<dyn ReadSeek + 'a>,
    /// Normalised member path -> (data offset, size).
    index: BTreeMap<String, (u64, u64)>,
}

impl Store for TarStore<'_> {
    fn open(&mut self, name: &str) -> io::Result<(Box<dyn Read + '_>, u64)> {
        let (path, _) = walk::normalize(name.as_bytes());
        let &(at, size) = self
            .index
            .get(&path)
            .ok_or_else(|| io::Error::other("no such member"))?;
        let window = Window::new(&mut self.reader, at, size);
        Ok((Box::new(BufReader::with_capacity(64 << 10, window)), size))
    }
}

/// One image: its layers' member names and labels, bottom first.
struct Image {
    layers: Vec<(String, String)>,
}

/// Opens the folder at `root` as an image when it is one; false when it is not.
pub(crate) fn open_dir(ctx: &mut Ctx<'_>, spec: &Spec, root: &Path) -> bool {
    let mut store = DirStore(root.to_path_buf());
    let Some(images) = images(&mut store) else {
        return false;
    };
    apply(ctx, spec, &mut store, &images);
    true
}

/// Opens a seekable tar as an image when it is one, else gives the source back at its start.
pub(crate) fn open_tar<'a>(ctx: &mut Ctx<'_>, spec: &Spec, src: Src<'a>) -> Result<(), Src<'a>> {
    let (mut reader, len) = match src {
        Src::Seek(seek, len) => (seek, len),
        Src::Owned(seek, len) => (seek as Box<dyn ReadSeek + 'a>, len),
        stream => return Err(stream),
    };
    let index = index(&mut reader).unwrap_or_default();
    let rewound = reader.seek(SeekFrom::Start(0)).is_ok();
    let looks = index.contains_key("/manifest.json")
        || (index.contains_key("/oci-layout") && index.contains_key("/index.json"));
    if !looks || !rewound {
        return Err(Src::Seek(reader, len));
    }
    let mut store = TarStore { reader, index };
    let Some(images) = images(&mut store) else {
        let mut reader = store.reader;
        let _ = reader.seek(SeekFrom::Start(0));
        return Err(Src::Seek(reader, len));
    };
    apply(ctx, spec, &mut store, &images);
    Ok(())
}

/// The regular members of a tar: where their data is and how big.
fn index(reader: &mut Box<dyn ReadSeek + '_>) -> io::Result<BTreeMap<String, (u64, u64)>> {
    let mut archive = tar::Archive::new(reader);
    let mut index = BTreeMap::new();
    for entry in archive.entries_with_seek()? {
        let entry = entry?;
        if entry.header().entry_type().is_file() {
            let (path, _) = walk::normalize(&entry.path_bytes());
            index.insert(path, (entry.raw_file_position(), entry.size()));
        }
    }
    Ok(index)
}

/// The images a layout or a `docker save` archive describes; `None` when it describes none.
fn images(store: &mut dyn Store) -> Option<Vec<Image>> {
    if let Some(bytes) = store.read("manifest.json") {
        let manifest: Value = serde_json::from_slice(&bytes).ok()?;
        let images: Vec<Image> = manifest
            .as_array()?
            .iter()
            .filter_map(|image| {
                let layers = image.get("Layers")?.as_array()?;
                let layers = layers
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|name| (name.to_string(), label(name)))
                    .collect();
                Some(Image { layers })
            })
            .collect();
        return (!images.is_empty()).then_some(images);
    }
    store.read("oci-layout")?;
    let index: Value = serde_json::from_slice(&store.read("index.json")?).ok()?;
    let mut images = Vec::new();
    manifests(store, &index, 0, &mut images);
    (!images.is_empty()).then_some(images)
}

/// Follows an OCI index's manifests (an index may list further indexes) to image manifests.
fn manifests(store: &mut dyn Store, index: &Value, depth: usize, images: &mut Vec<Image>) {
    let Some(list) = index.get("manifests").and_then(Value::as_array) else {
        return;
    };
    for entry in list {
        let Some(digest) = entry.get("digest").and_then(Value::as_str) else {
            continue;
        };
        let Some(bytes) = store.read(&blob(digest)) else {
            continue;
        };
        let Ok(manifest) = serde_json::from_slice::<Value>(&bytes) else {
            continue;
        };
        if let Some(layers) = manifest.get("layers").and_then(Value::as_array) {
            let layers = layers
                .iter()
                .filter_map(|layer| layer.get("digest")?.as_str())
                .map(|digest| (blob(digest), label(digest)))
                .collect();
            images.push(Image { layers });
        } else if depth < 4 {
            manifests(store, &manifest, depth + 1, images);
        }
    }
}

/// `sha256:abc...` -> `blobs/sha256/abc...`.
fn blob(digest: &str) -> String {
    format!("blobs/{}", digest.replacen(':', "/", 1))
}

/// A layer's label in locations: `layer@sha256:` and the first 12 hex digits of its digest.
fn label(name: &str) -> String {
    let hex = name
        .split(['/', ':', '.'])
        .find(|part| part.len() == 64 && part.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or(name);
    format!("layer@sha256:{}", &hex[..hex.len().min(12)])
}

/// Sends the images' filesystems: one Image layer, and each image's layers from the top down.
fn apply(ctx: &mut Ctx<'_>, spec: &Spec, store: &mut dyn Store, images: &[Image]) {
    let image = ctx.layer(spec, LayerKind::Image);
    for layers in images {
        let mut hidden: BTreeSet<String> = BTreeSet::new();
        let mut opaque: BTreeSet<String> = BTreeSet::new();
        let mut seen: HashSet<String> = HashSet::new();
        for (name, label) in layers.layers.iter().rev() {
            let location = format!("{}!{label}", image.location);
            if image.depth + 1 > ctx.limits.max_depth {
                let message = format!(
                    "an image layer deeper than the depth limit ({})",
                    ctx.limits.max_depth
                );
                ctx.problem(ProblemKind::Limit, location, None, message);
                continue;
            }
            let (read, size) = match store.open(name) {
                Ok(opened) => opened,
                Err(err) => {
                    ctx.fail(
                        location,
                        None,
                        "the image names a layer it does not hold",
                        err,
                    );
                    continue;
                }
            };
            let mut layer_spec = Spec {
                parent: Some(image.id),
                from_file: Some(walk::normalize(name.as_bytes()).0),
                base: image.location.clone(),
                depth: image.depth + 1,
                size: Some(size),
                label: Some(label.clone()),
                ..Spec::default()
            };
            let (read, compression) = match decompress(ctx, read) {
                Ok(opened) => opened,
                Err(err) => {
                    ctx.fail(location, None, "the layer cannot be read", err);
                    continue;
                }
            };
            layer_spec.compression.extend(compression);
            let here = ctx.layer(&layer_spec, LayerKind::ImageLayer);
            let mut new_hidden = BTreeSet::new();
            let mut new_opaque = BTreeSet::new();
            let mut keep = |path: &str| {
                let (parent, base) = path.rsplit_once('/').unwrap_or(("", path));
                let parent = if parent.is_empty() { "/" } else { parent };
                if base == ".wh..wh..opq" {
                    new_opaque.insert(parent.to_string());
                    return false;
                }
                if let Some(gone) = base.strip_prefix(".wh.") {
                    new_hidden.insert(format!("{}/{gone}", parent.trim_end_matches('/')));
                    return false;
                }
                !covered(path, &hidden, &opaque) && seen.insert(path.to_string())
            };
            super::tar::members(ctx, &here, read, &mut keep);
            hidden.extend(new_hidden);
            opaque.extend(new_opaque);
        }
    }
}

/// Whether a higher layer's whiteout hides `path` or an opaque folder hides what is below it.
fn covered(path: &str, hidden: &BTreeSet<String>, opaque: &BTreeSet<String>) -> bool {
    let mut at = path;
    if hidden.contains(at) {
        return true;
    }
    while let Some((parent, _)) = at.rsplit_once('/') {
        let parent = if parent.is_empty() { "/" } else { parent };
        if hidden.contains(parent) || opaque.contains(parent) {
            return true;
        }
        if parent == "/" {
            break;
        }
        at = parent;
    }
    false
}

/// A layer blob as a tar stream: gzip or zstd compressed, or plain.
fn decompress<'r>(
    ctx: &Ctx<'_>,
    read: Box<dyn Read + 'r>,
) -> io::Result<(Box<dyn Read + 'r>, Option<&'static str>)> {
    let mut read = BufReader::new(read);
    let head = io::BufRead::fill_buf(&mut read)?.to_vec();
    match sniff::sniff(&head).and_then(sniff::Format::compression) {
        Some(compression) => {
            let decoded = stream::decoder(compression, read)?;
            Ok((
                Box::new(Metered::new(decoded, ctx.budget.clone())),
                Some(compression),
            ))
        }
        None => Ok((Box::new(read), None)),
    }
}
