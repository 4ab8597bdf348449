//! SPDX 2.0-2.3: one lean serde wire model ([`Doc`], `wire`) and the one mapping from it into
//! the model ([`to_sbom`]), with one reader per serialisation beside it in `spdx2/`.
//!
//! `json` (JSON and YAML) deserializes straight into [`Doc`]; `xml` turns its DOM into the same
//! JSON shape first; `tag_value` fills a [`Doc`] line by line; so every serialisation but RDF
//! (`rdf`, a graph, mapped on its own) goes through [`to_sbom`]. `actor` parses the
//! `Organization: Name (email)` strings all of them share, SPDX 3 included.

pub(super) mod actor;
mod element;
mod json;
mod loose;
mod rdf;
mod relations;
mod tag_value;
#[cfg(test)]
mod tests;
mod wire;
mod xml;
mod yaml_lines;

use rayon::prelude::*;

use super::ReadError;
use crate::model::{
    Hash, Location, Party, PartyKind, PartyRole, Sbom, Standard, Syntax, Tool, WarningCode,
    Warnings,
};
use actor::{is_unstated, parse_actor};
use element::{file, package, snippet};
pub(super) use json::{read_json, read_yaml};
use loose::from_value;
pub(super) use rdf::read as read_rdf;
use relations::relations;
pub(super) use tag_value::read as read_tag_value;
pub(super) use wire::{
    Checksum, CreationInfo, Doc, ExternalReference, File, List, Locations, Package, Relationship,
    Snippet, Text,
};
pub(super) use xml::read as read_xml;

// ---------------------------------------------------------------------------------------------
// The mapping
// ---------------------------------------------------------------------------------------------

/// Which list an element came from.
#[derive(Clone, Copy)]
enum Section {
    Package,
    File,
    Snippet,
    Relationship,
}

impl Doc {
    /// The location of element `i` of a section; each is asked for once, so XML and tag-value
    /// locations are moved out rather than copied.
    fn locate(&mut self, section: Section, i: usize) -> Location {
        let (list, key) = match section {
            Section::Package => (self.locations.as_mut().map(|l| &mut l.packages), "packages"),
            Section::File => (self.locations.as_mut().map(|l| &mut l.files), "files"),
            Section::Snippet => (self.locations.as_mut().map(|l| &mut l.snippets), "snippets"),
            Section::Relationship => (
                self.locations.as_mut().map(|l| &mut l.relationships),
                "relationships",
            ),
        };
        match list {
            Some(list) => list.get_mut(i).map(std::mem::take).unwrap_or_default(),
            None => Location::at(format!("/{key}/{i}")),
        }
    }
}

/// Field access with the warnings of the tolerant reader.
struct Ctx<'w> {
    warnings: &'w mut Warnings,
    syntax: Syntax,
}

impl Ctx<'_> {
    /// The value, trimmed; `None` when absent or empty. A wrong type is a `bad-type` warning.
    fn text(&mut self, t: Text, field: &str, loc: &Location) -> Option<String> {
        if t.bad {
            self.warnings
                .add_with(WarningCode::BadType, Some(loc.clone()), || {
                    format!("`{field}` should be a string; the value was read as text or dropped")
                });
        }
        let v = t.value?;
        let trimmed = v.trim();
        if trimmed.is_empty() {
            None
        } else if trimmed.len() == v.len() {
            Some(v)
        } else {
            Some(trimmed.to_string())
        }
    }

    /// Like [`Ctx::text`], and `NOASSERTION` / `NONE` mean "nothing stated".
    fn stated(&mut self, t: Text, field: &str, loc: &Location) -> Option<String> {
        self.text(t, field, loc).filter(|v| !is_unstated(v))
    }

    /// The elements of a list; a single value where a list belongs is a `bad-type` warning
    /// except in XML, where one element is how a one-entry list is written.
    fn list<T>(
        &mut self,
        l: List<T>,
        field: &str,
        loc: &Location,
    ) -> impl Iterator<Item = T> + use<T> {
        if l.single && self.syntax != Syntax::Xml {
            self.warnings
                .add_with(WarningCode::BadType, Some(loc.clone()), || {
                    format!("`{field}` should be a list; a single value was read as a list of one")
                });
        }
        l.items.into_iter().flatten()
    }

    fn hashes(&mut self, l: List<Checksum>, loc: &Location) -> Vec<Hash> {
        let mut out = Vec::new();
        for c in self.list(l, "checksums", loc) {
            let alg = self.text(c.algorithm, "algorithm", loc);
            let value = self.text(c.checksum_value, "checksumValue", loc);
            match (alg, value) {
                (Some(alg), Some(value)) => out.push(Hash {
                    alg: alg.to_ascii_uppercase(),
                    value: value.to_ascii_lowercase(),
                }),
                _ => self.missing(
                    loc,
                    "a checksum without `algorithm` or `checksumValue` was skipped",
                ),
            }
        }
        out
    }

    fn missing(&mut self, loc: &Location, message: &str) {
        self.warnings
            .add(WarningCode::MissingField, Some(loc.clone()), message);
    }

    fn id(&mut self, t: Text, loc: &Location, what: &str) -> (String, bool) {
        match self.text(t, "SPDXID", loc) {
            Some(id) => (id, false),
            None => {
                self.warnings
                    .add_with(WarningCode::MissingField, Some(loc.clone()), || {
                        format!("a {what} has no SPDXID; its location is used as its id")
                    });
                (loc.pointer.clone(), true)
            }
        }
    }
}

/// Packages mapped ahead of the rest of their document (SPDX JSON maps them in slices on all
/// cores), as [`to_sbom`] would have mapped them.
pub(super) struct Packages {
    /// The components, in document order (null entries skipped).
    pub components: Vec<crate::model::Component>,
    /// (index in `components`, file id) of every `hasFiles` entry.
    pub has_files: Vec<(usize, String)>,
    /// What mapping them warned of, in document order.
    pub warnings: Warnings,
    /// The first package that uses a field SPDX 2.3 added.
    pub newer_field_at: Option<usize>,
}

impl Packages {
    /// Nothing mapped yet.
    pub(super) fn new(capacity: usize) -> Packages {
        Packages {
            components: Vec::with_capacity(capacity),
            has_files: Vec::new(),
            warnings: Warnings::default(),
            newer_field_at: None,
        }
    }

    /// Appends the packages mapped after these (the next slice of the same list).
    pub(super) fn append(&mut self, later: Packages) {
        let base = self.components.len();
        self.has_files
            .extend(later.has_files.into_iter().map(|(i, f)| (base + i, f)));
        self.components.extend(later.components);
        self.warnings.absorb(later.warnings);
        self.newer_field_at = self.newer_field_at.or(later.newer_field_at);
    }
}

/// Packages per slice mapped on one core.
pub(super) const SLICE: usize = 512;

/// Slices mapped side by side before they are appended in order.
pub(super) const WAVE: usize = 8;

/// Maps packages (taken out of `items`, `None` for a null entry) with their locations, in
/// slices on all cores, into room for `capacity` components; the result is what mapping them
/// one after the other gives. Slices are mapped a wave at a time and appended in order, so only
/// one wave's components are ever held twice.
fn map_packages(
    items: &mut [Option<Package>],
    locations: &mut [Location],
    syntax: Syntax,
    capacity: usize,
) -> Packages {
    let mut all = Packages::new(capacity);
    let per_wave = SLICE * WAVE;
    for (items, locations) in items
        .chunks_mut(per_wave)
        .zip(locations.chunks_mut(per_wave))
    {
        let slices: Vec<Packages> = items
            .par_chunks_mut(SLICE)
            .zip(locations.par_chunks_mut(SLICE))
            .map(|(chunk, locs)| {
                let mut out = Packages::new(chunk.len());
                let mut cx = Ctx {
                    warnings: &mut out.warnings,
                    syntax,
                };
                for (p, loc) in chunk.iter_mut().zip(locs) {
                    let loc = std::mem::take(loc);
                    match p.take() {
                        Some(p) => {
                            let (c, files) = package(&mut cx, p, loc);
                            let at = out.components.len();
                            out.has_files.extend(files.into_iter().map(|f| (at, f)));
                            out.components.push(c);
                        }
                        None => cx.warnings.add(
                            WarningCode::BadType,
                            Some(loc),
                            "a package entry is null and was skipped",
                        ),
                    }
                }
                out
            })
            .collect();
        for slice in slices {
            all.append(slice);
        }
    }
    all
}

/// Whether a package uses a field SPDX 2.3 added (primaryPackagePurpose, releaseDate, builtDate).
pub(super) fn uses_newer_fields(p: &Package) -> bool {
    p.primary_package_purpose.value.is_some()
        || p.release_date.value.is_some()
        || p.built_date.value.is_some()
}

/// Maps a [`Doc`] into the model. Versions outside SPDX 2.0-2.3 are refused.
pub(super) fn to_sbom(
    doc: Doc,
    syntax: Syntax,
    warnings: &mut Warnings,
) -> Result<Sbom, ReadError> {
    to_sbom_with(doc, syntax, warnings, None)
}

/// [`to_sbom`], with the packages already mapped where `mapped` is given (`doc.packages` is then
/// empty).
pub(super) fn to_sbom_with(
    mut doc: Doc,
    syntax: Syntax,
    warnings: &mut Warnings,
    mapped: Option<Packages>,
) -> Result<Sbom, ReadError> {
    let mut cx = Ctx { warnings, syntax };
    let doc_loc = Location::at("");
    let version = spec_version(
        cx.text(
            std::mem::take(&mut doc.spdx_version),
            "spdxVersion",
            &doc_loc,
        ),
        cx.warnings,
    )?;
    let mut sbom = Sbom::new("", Standard::Spdx2, syntax, &version);
    let doc_id = cx
        .text(std::mem::take(&mut doc.spdx_id), "SPDXID", &doc_loc)
        .unwrap_or_else(|| "SPDXRef-DOCUMENT".to_string());
    sbom.name = cx.text(std::mem::take(&mut doc.name), "name", &doc_loc);
    sbom.serial = cx.text(
        std::mem::take(&mut doc.document_namespace),
        "documentNamespace",
        &doc_loc,
    );
    if let Some(info) = doc.creation_info.take() {
        sbom.created = cx.text(info.created, "created", &doc_loc);
        creators(&mut cx, info.creators, &mut sbom);
    }

    // SPDX 2.3 added primaryPackagePurpose, releaseDate, builtDate and validUntilDate (7.24-7.27).
    let minor = version
        .split('.')
        .nth(1)
        .and_then(|m| m.parse::<u32>().ok())
        .unwrap_or(3);
    let newer_field_at = match &mapped {
        Some(m) => m.newer_field_at,
        None => doc
            .packages
            .items
            .iter()
            .position(|p| p.as_ref().is_some_and(uses_newer_fields)),
    };
    if minor < 3
        && let Some(i) = newer_field_at
    {
        let loc = match &doc.locations {
            Some(l) => l.packages.get(i).cloned().unwrap_or_default(),
            None => Location::at(format!("/packages/{i}")),
        };
        cx.warnings.add_with(WarningCode::NewerField, Some(loc), || {
            format!("the document declares SPDX {version} but uses SPDX 2.3 package fields (primaryPackagePurpose, releaseDate, builtDate); they were read")
        });
    }

    let packages = std::mem::take(&mut doc.packages);
    let mapped = mapped.unwrap_or_else(|| {
        let mut items = packages.items;
        let mut locations: Vec<Location> = (0..items.len())
            .map(|i| doc.locate(Section::Package, i))
            .collect();
        let capacity = items.len() + doc.files.len() + doc.snippets.len();
        map_packages(&mut items, &mut locations, syntax, capacity)
    });
    // The packages are the first components: their vector, made with room for the files and
    // snippets, becomes the document's.
    debug_assert!(sbom.components.is_empty());
    let has_files = mapped.has_files;
    sbom.components = mapped.components;
    cx.warnings.absorb(mapped.warnings);
    let files = std::mem::take(&mut doc.files);
    for (i, f) in files.items.into_iter().enumerate() {
        let loc = doc.locate(Section::File, i);
        match f {
            Some(f) => sbom.components.push(file(&mut cx, f, loc)),
            None => cx.warnings.add(
                WarningCode::BadType,
                Some(loc),
                "a file entry is null and was skipped",
            ),
        }
    }
    let snippets = std::mem::take(&mut doc.snippets);
    let mut snippet_of = Vec::new();
    for (i, s) in snippets.items.into_iter().enumerate() {
        let loc = doc.locate(Section::Snippet, i);
        match s {
            Some(s) => {
                let (c, from) = snippet(&mut cx, s, loc);
                if let Some(from) = from {
                    snippet_of.push((from, c.id.clone()));
                }
                sbom.components.push(c);
            }
            None => cx.warnings.add(
                WarningCode::BadType,
                Some(loc),
                "a snippet entry is null and was skipped",
            ),
        }
    }

    relations(&mut cx, &mut doc, &doc_id, has_files, snippet_of, &mut sbom);
    Ok(sbom)
}

/// `SPDX-2.3` -> `2.3`. SPDX 2.3 clause 6.1: "SPDX-M.N"; 2.0-2.3 are read, and a patch level
/// (`SPDX-2.2.1`, not a form the spec uses) is read with a warning.
fn spec_version(raw: Option<String>, warnings: &mut Warnings) -> Result<String, ReadError> {
    let Some(raw) = raw else {
        warnings.add(
            WarningCode::MissingField,
            None,
            "the document has no spdxVersion; it is read as SPDX 2",
        );
        return Ok("2".to_string());
    };
    let v = raw
        .strip_prefix("SPDX-")
        .or_else(|| raw.strip_prefix("spdx-"))
        .unwrap_or(&raw)
        .trim();
    let mut parts = v.split('.');
    let major = parts.next().and_then(|m| m.parse::<u32>().ok());
    let minor = parts.next().and_then(|m| m.parse::<u32>().ok());
    match (major, minor) {
        (Some(2), Some(minor)) if minor <= 3 => {
            if parts.next().is_some() || !raw.starts_with("SPDX-") {
                warnings.add_with(WarningCode::UnknownFieldValue, None, || {
                    format!("spdxVersion {raw:?} is not of the form \"SPDX-2.N\"; it is read as SPDX 2.{minor}")
                });
            }
            Ok(v.to_string())
        }
        _ => Err(ReadError::Unsupported {
            version: v.to_string(),
        }),
    }
}

/// SPDX 2.3 clause 6.8 Creator: "Person: person name", "Organization: organization" or
/// "Tool: toolidentifier-version". Tools become [`Tool`]s, the others document parties.
fn creators(cx: &mut Ctx<'_>, list: List<Text>, sbom: &mut Sbom) {
    let loc = Location::at("/creationInfo/creators");
    for (i, t) in cx.list(list, "creators", &loc).enumerate() {
        let Some(actor) = cx
            .text(t, "creators", &loc)
            .as_deref()
            .and_then(parse_actor)
        else {
            continue;
        };
        if actor.kind == PartyKind::Tool {
            let (name, version) = split_tool(&actor.name);
            sbom.tools.push(Tool {
                vendor: None,
                name,
                version,
            });
        } else {
            let mut party = Party::named(
                PartyRole::Author,
                actor.kind,
                &actor.name,
                Location::at(format!("/creationInfo/creators/{i}")),
            );
            party.emails.extend(actor.email);
            sbom.document_parties.push(party);
        }
    }
}

/// `LicenseFind-1.0` -> (`LicenseFind`, `1.0`): the version is the part after the last `-`,
/// space or `@` that starts with a digit (or `v` and a digit).
fn split_tool(s: &str) -> (String, Option<String>) {
    let looks_like_version = |rest: &str| {
        let r = rest.strip_prefix(['v', 'V']).unwrap_or(rest);
        r.starts_with(|c: char| c.is_ascii_digit()) && !rest.contains(char::is_whitespace)
    };
    for (i, c) in s.char_indices().rev() {
        if matches!(c, '-' | ' ' | '@') {
            let (name, rest) = (s[..i].trim(), &s[i + 1..]);
            if !name.is_empty() && looks_like_version(rest) {
                return (name.to_string(), Some(rest.to_string()));
            }
        }
    }
    (s.to_string(), None)
}
