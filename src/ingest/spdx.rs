//! SPDX 2.0-2.3: one lean serde wire model ([`Doc`]) and the one mapping from it into the model.
//!
//! JSON and YAML deserialize straight into [`Doc`]; the XML reader (`spdx_xml`) turns its DOM into
//! the same JSON shape first, and the tag-value reader (`spdx_tv`) fills a [`Doc`] line by line,
//! so every SPDX 2 serialisation but RDF goes through [`to_sbom`].

use std::cell::Cell;
use std::collections::HashSet;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{
    self, Deserialize, Deserializer, IgnoredAny, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use super::spdx_actor::{is_unstated, parse_actor};
use super::{ReadError, Warnings};
use crate::model::{
    Component, ExternalRef, Hash, Location, Origin, Party, PartyKind, PartyRole, Relation, Sbom,
    Standard, Syntax, Tool,
};

// ---------------------------------------------------------------------------------------------
// Wire model
// ---------------------------------------------------------------------------------------------

thread_local! {
    /// Set while a YAML document is deserialized: YAML's core schema would turn the plain scalar
    /// `1.10` into the float 1.1, so [`Text`] asks the YAML deserializer for the scalar as written.
    static YAML_SCALARS: Cell<bool> = const { Cell::new(false) };
}

/// A scalar as written. Numbers and booleans where the spec wants a string are kept as text and
/// flagged (`bad`), as are lists and objects (whose content is dropped).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Text {
    pub value: Option<String>,
    pub bad: bool,
}

impl Text {
    /// A well-typed value (tag-value and tests).
    pub fn new(value: &str) -> Self {
        Text {
            value: Some(value.to_string()),
            bad: false,
        }
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text::new(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text {
            value: Some(v),
            bad: false,
        })
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
        Ok(Text {
            value: Some(v.to_string()),
            bad: true,
        })
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
        Ok(Text {
            value: Some(v.to_string()),
            bad: true,
        })
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
        Ok(Text {
            value: Some(v.to_string()),
            bad: true,
        })
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
        Ok(Text {
            value: Some(v.to_string()),
            bad: true,
        })
    }
    fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
        Ok(Text::default())
    }
    fn visit_none<E: de::Error>(self) -> Result<Text, E> {
        Ok(Text::default())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Text, D::Error> {
        Text::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Text, A::Error> {
        IgnoredAny::deserialize(SeqAccessDeserializer::new(seq))?;
        Ok(Text {
            value: None,
            bad: true,
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
        IgnoredAny::deserialize(MapAccessDeserializer::new(map))?;
        Ok(Text {
            value: None,
            bad: true,
        })
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if YAML_SCALARS.with(Cell::get) {
            d.deserialize_str(TextVisitor)
        } else {
            d.deserialize_any(TextVisitor)
        }
    }
}

/// A list; a single value where a list belongs is accepted and flagged (`single`), which is
/// normal in the XML serialisation (one `<creators>` element) and a slip in JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct List<T> {
    pub items: Vec<Option<T>>,
    pub single: bool,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List {
            items: Vec::new(),
            single: false,
        }
    }
}

impl<T> List<T> {
    /// Appends an element (tag-value).
    pub fn push(&mut self, item: T) {
        self.items.push(Some(item));
    }
    /// The number of entries, nulls included (indices match the input).
    pub fn len(&self) -> usize {
        self.items.len()
    }
    /// The last element, for tag-value readers that fill it line by line.
    pub fn last_mut(&mut self) -> Option<&mut T> {
        self.items.last_mut().and_then(Option::as_mut)
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<T> ListVisitor<T> {
    fn one<E>(v: Result<T, E>) -> Result<List<T>, E> {
        Ok(List {
            items: vec![Some(v?)],
            single: true,
        })
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = List<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element::<Option<T>>()? {
            items.push(item);
        }
        Ok(List {
            items,
            single: false,
        })
    }
    fn visit_unit<E: de::Error>(self) -> Result<List<T>, E> {
        Ok(List::default())
    }
    fn visit_none<E: de::Error>(self) -> Result<List<T>, E> {
        Ok(List::default())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<List<T>, D::Error> {
        List::deserialize(d)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<List<T>, A::Error> {
        Self::one(T::deserialize(MapAccessDeserializer::new(map)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<List<T>, E> {
        Self::one(T::deserialize(v.into_deserializer()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<List<T>, E> {
        Self::one(T::deserialize(v.into_deserializer()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<List<T>, E> {
        Self::one(T::deserialize(v.into_deserializer()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<List<T>, E> {
        Self::one(T::deserialize(v.into_deserializer()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<List<T>, E> {
        Self::one(T::deserialize(v.into_deserializer()))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ListVisitor(PhantomData))
    }
}

/// An SPDX 2 document as serialised (SPDX 2.3 clause 6 and the JSON schema's key names).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Doc {
    #[serde(rename = "SPDXID")]
    pub spdx_id: Text,
    pub spdx_version: Text,
    pub name: Text,
    pub document_namespace: Text,
    pub creation_info: Option<CreationInfo>,
    pub document_describes: List<Text>,
    pub packages: List<Package>,
    pub files: List<File>,
    pub snippets: List<Snippet>,
    pub relationships: List<Relationship>,
    /// Where packages, files, snippets and relationships are, for serialisations whose
    /// locations are not JSON pointers into this shape (XML, tag-value).
    #[serde(skip)]
    pub locations: Option<Locations>,
}

/// Locations of the elements of a [`Doc`], by section and index.
#[derive(Debug, Default)]
pub(super) struct Locations {
    pub packages: Vec<Location>,
    pub files: Vec<Location>,
    pub snippets: Vec<Location>,
    pub relationships: Vec<Location>,
}

/// SPDX 2.3 clause 6.8-6.9: creators and creation time.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct CreationInfo {
    pub created: Text,
    pub creators: List<Text>,
}

/// SPDX 2.3 clause 7: a package.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Package {
    #[serde(rename = "SPDXID")]
    pub spdx_id: Text,
    pub name: Text,
    pub version_info: Text,
    pub package_file_name: Text,
    pub supplier: Text,
    pub originator: Text,
    pub download_location: Text,
    pub homepage: Text,
    pub checksums: List<Checksum>,
    pub external_refs: List<ExternalReference>,
    pub license_concluded: Text,
    pub license_declared: Text,
    pub copyright_text: Text,
    pub description: Text,
    pub summary: Text,
    pub comment: Text,
    pub primary_package_purpose: Text,
    pub release_date: Text,
    pub built_date: Text,
    pub has_files: List<Text>,
}

/// SPDX 2.3 clause 8: a file.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct File {
    #[serde(rename = "SPDXID")]
    pub spdx_id: Text,
    pub file_name: Text,
    pub checksums: List<Checksum>,
    pub license_concluded: Text,
    pub license_info_in_files: List<Text>,
    pub copyright_text: Text,
    pub comment: Text,
    pub file_contributors: List<Text>,
}

/// SPDX 2.3 clause 9: a snippet.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Snippet {
    #[serde(rename = "SPDXID")]
    pub spdx_id: Text,
    pub name: Text,
    pub snippet_from_file: Text,
    pub license_concluded: Text,
    pub license_info_in_snippets: List<Text>,
    pub copyright_text: Text,
    pub comment: Text,
}

/// A checksum (`algorithm`, `checksumValue`).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Checksum {
    pub algorithm: Text,
    pub checksum_value: Text,
}

/// SPDX 2.3 clause 7.21: an external reference.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct ExternalReference {
    pub reference_category: Text,
    pub reference_type: Text,
    pub reference_locator: Text,
}

/// SPDX 2.3 clause 11: a relationship.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Relationship {
    pub spdx_element_id: Text,
    pub relationship_type: Text,
    pub related_spdx_element: Text,
}

// ---------------------------------------------------------------------------------------------
// JSON and YAML
// ---------------------------------------------------------------------------------------------

/// Reads SPDX 2 JSON.
pub(super) fn read_json(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    let doc = match json_value::<Doc>(text, warnings) {
        Ok(doc) => doc,
        Err(e) if e.is_data() => {
            // A type error somewhere: read what can be read, element by element.
            let value: serde_json::Value =
                json_value(text, &mut Warnings::default()).map_err(json_syntax)?;
            from_value(value, warnings)?
        }
        Err(e) => return Err(json_syntax(e)),
    };
    to_sbom(doc, Syntax::Json, warnings)
}

/// One JSON value from the start of `text`; anything but white space after it is a warning, not
/// an error (published SBOMs have been seen with a web page footer after the closing brace).
fn json_value<T: for<'de> Deserialize<'de>>(
    text: &str,
    warnings: &mut Warnings,
) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(&mut de)?;
    if let Err(e) = de.end() {
        warnings.add_with("trailing-data", None, || {
            format!(
                "text after the end of the JSON document was ignored (line {}, column {})",
                e.line(),
                e.column()
            )
        });
    }
    Ok(value)
}

fn json_syntax(e: serde_json::Error) -> ReadError {
    ReadError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    }
}

/// Reads SPDX 2 YAML.
pub(super) fn read_yaml(text: &str, warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    let typed = {
        YAML_SCALARS.with(|c| c.set(true));
        let result = serde_saphyr::from_str_with_options::<Doc>(text, yaml_options(text));
        YAML_SCALARS.with(|c| c.set(false));
        result
    };
    let doc = match typed {
        Ok(doc) => doc,
        Err(typed_err) => {
            match serde_saphyr::from_str_with_options::<serde_json::Value>(text, yaml_options(text))
            {
                Ok(value) => from_value(value, warnings)?,
                Err(e) => {
                    return Err(yaml_syntax(&e).unwrap_or_else(|| yaml_syntax_or(&typed_err, &e)));
                }
            }
        }
    };
    to_sbom(doc, Syntax::Yaml, warnings)
}

/// Budgets for untrusted YAML: alias and anchor limits stay at their defaults (they are what
/// stops "billion laughs"); event, node and scalar-byte budgets grow with the input, which is
/// itself bounded by `MAX_INPUT_BYTES`, so a 100,000-package document is not refused.
fn yaml_options(text: &str) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = budget.max_events.max(text.len());
    budget.max_nodes = budget.max_nodes.max(text.len());
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(text.len());
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

fn yaml_syntax(e: &serde_saphyr::Error) -> Option<ReadError> {
    let loc = e.location()?;
    Some(ReadError::Syntax {
        line: usize::try_from(loc.line()).unwrap_or(usize::MAX).max(1),
        column: usize::try_from(loc.column()).unwrap_or(usize::MAX).max(1),
        message: first_line(&e.to_string()),
    })
}

fn yaml_syntax_or(typed: &serde_saphyr::Error, e: &serde_saphyr::Error) -> ReadError {
    yaml_syntax(typed).unwrap_or_else(|| ReadError::Invalid(first_line(&e.to_string())))
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().to_string()
}

/// The tolerant path: the document parsed, but not into [`Doc`]. Every package, file, snippet and
/// relationship is converted on its own, and every other top-level key that does not fit is
/// dropped, each with a warning, so that one bad element does not hide the others.
pub(super) fn from_value(
    value: serde_json::Value,
    warnings: &mut Warnings,
) -> Result<Doc, ReadError> {
    let serde_json::Value::Object(map) = value else {
        return Err(ReadError::Invalid(
            "expected an object at the top level of the SPDX document".to_string(),
        ));
    };
    let mut good = serde_json::Map::new();
    let (mut packages, mut files, mut snippets, mut relationships) = Default::default();
    for (key, value) in map {
        match key.as_str() {
            "packages" => packages = elements(value, &key, warnings),
            "files" => files = elements(value, &key, warnings),
            "snippets" => snippets = elements(value, &key, warnings),
            "relationships" => relationships = elements(value, &key, warnings),
            _ => {
                let mut one = serde_json::Map::new();
                one.insert(key.clone(), value);
                let one = serde_json::Value::Object(one);
                match Doc::deserialize(&one) {
                    Ok(_) => {
                        if let serde_json::Value::Object(mut one) = one {
                            good.append(&mut one);
                        }
                    }
                    Err(e) => bad_element(warnings, &format!("/{key}"), &e),
                }
            }
        }
    }
    let mut doc = Doc::deserialize(serde_json::Value::Object(good))
        .map_err(|e| ReadError::Invalid(e.to_string()))?;
    doc.packages = packages;
    doc.files = files;
    doc.snippets = snippets;
    doc.relationships = relationships;
    Ok(doc)
}

fn elements<T: for<'de> Deserialize<'de>>(
    value: serde_json::Value,
    key: &str,
    warnings: &mut Warnings,
) -> List<T> {
    match value {
        serde_json::Value::Array(items) => List {
            items: items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    Option::<T>::deserialize(item).unwrap_or_else(|e| {
                        bad_element(warnings, &format!("/{key}/{i}"), &e);
                        None
                    })
                })
                .collect(),
            single: false,
        },
        other => List::deserialize(other).unwrap_or_else(|e| {
            bad_element(warnings, &format!("/{key}"), &e);
            List::default()
        }),
    }
}

fn bad_element(warnings: &mut Warnings, pointer: &str, e: &serde_json::Error) {
    warnings.add_with("bad-type", Some(Location::at(pointer)), || {
        format!("{pointer} does not have the type SPDX 2 expects and was skipped: {e}")
    });
}

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
            self.warnings.add_with("bad-type", Some(loc.clone()), || {
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
            self.warnings.add_with("bad-type", Some(loc.clone()), || {
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
            .add("missing-field", Some(loc.clone()), message);
    }

    fn id(&mut self, t: Text, loc: &Location, what: &str) -> (String, bool) {
        match self.text(t, "SPDXID", loc) {
            Some(id) => (id, false),
            None => {
                self.warnings
                    .add_with("missing-field", Some(loc.clone()), || {
                        format!("a {what} has no SPDXID; its location is used as its id")
                    });
                (loc.pointer.clone(), true)
            }
        }
    }
}

/// Maps a [`Doc`] into the model. Versions outside SPDX 2.0-2.3 are refused.
pub(super) fn to_sbom(
    mut doc: Doc,
    syntax: Syntax,
    warnings: &mut Warnings,
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
    if minor < 3
        && let Some(i) = doc.packages.items.iter().position(|p| {
            p.as_ref().is_some_and(|p| {
                p.primary_package_purpose.value.is_some()
                    || p.release_date.value.is_some()
                    || p.built_date.value.is_some()
            })
        })
    {
        let loc = match &doc.locations {
            Some(l) => l.packages.get(i).cloned().unwrap_or_default(),
            None => Location::at(format!("/packages/{i}")),
        };
        cx.warnings.add_with("newer-field", Some(loc), || {
            format!("the document declares SPDX {version} but uses SPDX 2.3 package fields (primaryPackagePurpose, releaseDate, builtDate); they were read")
        });
    }

    let packages = std::mem::take(&mut doc.packages);
    let mut has_files = Vec::new();
    for (i, p) in packages.items.into_iter().enumerate() {
        let loc = doc.locate(Section::Package, i);
        let Some(p) = p else {
            cx.warnings.add(
                "bad-type",
                Some(loc),
                "a package entry is null and was skipped",
            );
            continue;
        };
        let (c, files) = package(&mut cx, p, loc);
        has_files.extend(files.into_iter().map(|f| (sbom.components.len(), f)));
        sbom.components.push(c);
    }
    let files = std::mem::take(&mut doc.files);
    for (i, f) in files.items.into_iter().enumerate() {
        let loc = doc.locate(Section::File, i);
        match f {
            Some(f) => sbom.components.push(file(&mut cx, f, loc)),
            None => cx.warnings.add(
                "bad-type",
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
                "bad-type",
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
            "missing-field",
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
                warnings.add_with("unknown-field-value", None, || {
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

/// SPDX 2.3 clause 7 (package) into a component; returns its `hasFiles` too.
fn package(cx: &mut Ctx<'_>, p: Package, loc: Location) -> (Component, Vec<String>) {
    let (id, id_synthesized) = cx.id(p.spdx_id, &loc, "package");
    let name = cx.text(p.name, "name", &loc).unwrap_or_else(|| {
        cx.missing(&loc, "a package has no name");
        String::new()
    });
    let mut c = Component {
        id,
        id_synthesized,
        origin: Origin::Listed,
        name,
        version: cx.stated(p.version_info, "versionInfo", &loc),
        kind: cx
            .text(p.primary_package_purpose, "primaryPackagePurpose", &loc)
            .map(|k| k.to_ascii_lowercase()),
        ..Component::default()
    };
    c.file_names
        .extend(cx.stated(p.package_file_name, "packageFileName", &loc));
    // 7.5 PackageSupplier / 7.6 PackageOriginator: "Person: ..." / "Organization: ..." /
    // "NOASSERTION"; the e-mail in parentheses is optional.
    for (t, role, field) in [
        (p.supplier, PartyRole::Supplier, "supplier"),
        (p.originator, PartyRole::Originator, "originator"),
    ] {
        if let Some(actor) = cx.text(t, field, &loc).as_deref().and_then(parse_actor) {
            let mut party = Party::named(role, actor.kind, &actor.name, loc.clone());
            party.emails.extend(actor.email);
            c.parties.push(party);
        }
    }
    // 7.7 PackageDownloadLocation: a URL, VCS locator, NONE or NOASSERTION.
    c.download_location = cx.stated(p.download_location, "downloadLocation", &loc);
    if let Some(url) = cx.stated(p.homepage, "homepage", &loc) {
        c.external_refs.push(ExternalRef {
            kind: "homepage".to_string(),
            url,
        });
    }
    c.hashes = cx.hashes(p.checksums, &loc);
    for r in cx.list(p.external_refs, "externalRefs", &loc) {
        external_ref(cx, r, &loc, &mut c);
    }
    for (t, field) in [
        (p.license_concluded, "licenseConcluded"),
        (p.license_declared, "licenseDeclared"),
    ] {
        if let Some(l) = cx.stated(t, field, &loc)
            && !c.licenses.contains(&l)
        {
            c.licenses.push(l);
        }
    }
    c.copyright = cx.stated(p.copyright_text, "copyrightText", &loc);
    c.description = [
        (p.description, "description"),
        (p.summary, "summary"),
        (p.comment, "comment"),
    ]
    .into_iter()
    .filter_map(|(t, field)| cx.stated(t, field, &loc))
    .next();
    c.release_date = cx.text(p.release_date, "releaseDate", &loc);
    c.built_date = cx.text(p.built_date, "builtDate", &loc);
    let files = cx
        .list(p.has_files, "hasFiles", &loc)
        .filter_map(|t| {
            t.value
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        })
        .collect();
    c.location = loc;
    (c, files)
}

/// SPDX 2.3 clause 7.21 and Annex F: `PACKAGE-MANAGER purl`, `SECURITY cpe22Type|cpe23Type`,
/// `PERSISTENT-ID swh|gitoid`, `SECURITY swid`; everything else is kept as an external reference.
/// The category is not required to match (real documents put purls under OTHER), so only the
/// type decides.
fn external_ref(cx: &mut Ctx<'_>, r: ExternalReference, loc: &Location, c: &mut Component) {
    let Some(kind) = cx.text(r.reference_type, "referenceType", loc) else {
        cx.missing(loc, "an external reference has no referenceType");
        return;
    };
    let Some(locator) = cx.text(r.reference_locator, "referenceLocator", loc) else {
        cx.missing(loc, "an external reference has no referenceLocator");
        return;
    };
    match kind.as_str() {
        "purl" if c.purl.is_none() => c.purl = Some(locator),
        "cpe22Type" | "cpe23Type" => {
            if !c.cpes.contains(&locator) {
                c.cpes.push(locator);
            }
        }
        "swid" => c.swid.push(locator),
        "swh" | "gitoid" => c.other_ids.push(locator),
        _ => c.external_refs.push(ExternalRef { kind, url: locator }),
    }
}

/// SPDX 2.3 clause 8 (file): a component of origin File.
fn file(cx: &mut Ctx<'_>, f: File, loc: Location) -> Component {
    let (id, id_synthesized) = cx.id(f.spdx_id, &loc, "file");
    let name = cx.text(f.file_name, "fileName", &loc).unwrap_or_else(|| {
        cx.missing(&loc, "a file has no fileName");
        String::new()
    });
    let mut c = Component {
        id,
        id_synthesized,
        origin: Origin::File,
        kind: Some("file".to_string()),
        file_names: if name.is_empty() {
            Vec::new()
        } else {
            vec![name.clone()]
        },
        name,
        ..Component::default()
    };
    c.hashes = cx.hashes(f.checksums, &loc);
    c.copyright = cx.stated(f.copyright_text, "copyrightText", &loc);
    if let Some(l) = cx.stated(f.license_concluded, "licenseConcluded", &loc) {
        c.licenses.push(l);
    }
    for t in cx.list(f.license_info_in_files, "licenseInfoInFiles", &loc) {
        if let Some(l) = cx.stated(t, "licenseInfoInFiles", &loc)
            && !c.licenses.contains(&l)
        {
            c.licenses.push(l);
        }
    }
    // 8.14 FileContributor is free text ("Modified by Paul Mundt lethal@linux-sh.org"); it names
    // who wrote the file, so it is an author of unknown kind unless it carries an actor prefix.
    for t in cx.list(f.file_contributors, "fileContributors", &loc) {
        if let Some(actor) = cx
            .text(t, "fileContributors", &loc)
            .as_deref()
            .and_then(parse_actor)
        {
            let mut party = Party::named(PartyRole::Author, actor.kind, &actor.name, loc.clone());
            party.emails.extend(actor.email);
            c.parties.push(party);
        }
    }
    c.description = cx.stated(f.comment, "comment", &loc);
    c.location = loc;
    c
}

/// SPDX 2.3 clause 9 (snippet): a component of origin File and kind `snippet`, because its
/// copyright text and licence are evidence like a file's; returns `snippetFromFile`.
fn snippet(cx: &mut Ctx<'_>, s: Snippet, loc: Location) -> (Component, Option<String>) {
    let (id, id_synthesized) = cx.id(s.spdx_id, &loc, "snippet");
    let mut c = Component {
        id,
        id_synthesized,
        origin: Origin::File,
        kind: Some("snippet".to_string()),
        name: cx.text(s.name, "name", &loc).unwrap_or_default(),
        ..Component::default()
    };
    c.copyright = cx.stated(s.copyright_text, "copyrightText", &loc);
    if let Some(l) = cx.stated(s.license_concluded, "licenseConcluded", &loc) {
        c.licenses.push(l);
    }
    for t in cx.list(s.license_info_in_snippets, "licenseInfoInSnippets", &loc) {
        if let Some(l) = cx.stated(t, "licenseInfoInSnippets", &loc)
            && !c.licenses.contains(&l)
        {
            c.licenses.push(l);
        }
    }
    c.description = cx.stated(s.comment, "comment", &loc);
    let from = cx.text(s.snippet_from_file, "snippetFromFile", &loc);
    c.location = loc;
    (c, from)
}

/// SPDX 2.3 clause 11 relationships, verbatim, plus the relations other fields state:
/// `documentDescribes` (6.x, "DESCRIBES" from the document), `hasFiles` (SPDX 2.2 7.x: the
/// package CONTAINS the file), and a snippet's `snippetFromFile` (the file CONTAINS it).
/// Derived relations are not repeated when the document also states them.
fn relations(
    cx: &mut Ctx<'_>,
    doc: &mut Doc,
    doc_id: &str,
    has_files: Vec<(usize, String)>,
    snippet_of: Vec<(String, String)>,
    sbom: &mut Sbom,
) {
    let list = std::mem::take(&mut doc.relationships);
    let mut stated = Vec::with_capacity(list.len());
    for (i, r) in list.items.into_iter().enumerate() {
        let loc = doc.locate(Section::Relationship, i);
        let Some(r) = r else {
            cx.warnings.add(
                "bad-type",
                Some(loc),
                "a relationship entry is null and was skipped",
            );
            continue;
        };
        let from = cx.text(r.spdx_element_id, "spdxElementId", &loc);
        let kind = cx.text(r.relationship_type, "relationshipType", &loc);
        let to = cx.text(r.related_spdx_element, "relatedSpdxElement", &loc);
        match (from, kind, to) {
            (Some(from), Some(kind), Some(to)) => stated.push(Relation {
                from,
                to,
                kind,
                lifecycle: None,
                location: loc,
            }),
            _ => cx.missing(&loc, "a relationship without spdxElementId, relationshipType or relatedSpdxElement was skipped"),
        }
    }
    let describes = std::mem::take(&mut doc.document_describes);
    let loc = Location::at("/documentDescribes");
    let mut describe_ids = Vec::new();
    for t in cx.list(describes, "documentDescribes", &loc) {
        describe_ids.extend(cx.text(t, "documentDescribes", &loc));
    }
    let mut described_seen = HashSet::new();
    let mut describe = |sbom: &mut Sbom, id: &str| {
        if described_seen.insert(id.to_string()) {
            sbom.described.push(id.to_string());
        }
    };
    for id in &describe_ids {
        describe(sbom, id);
    }
    for r in &stated {
        // trivy before 0.36 wrote "DESCRIBE"; it means the same and is kept as written.
        let describes =
            r.kind.eq_ignore_ascii_case("DESCRIBES") || r.kind.eq_ignore_ascii_case("DESCRIBE");
        if describes && r.kind.len() == 8 {
            cx.warnings
                .add_with("unknown-field-value", Some(r.location.clone()), || {
                    format!(
                        "relationship type {:?} is not an SPDX type; it was read as DESCRIBES",
                        r.kind
                    )
                });
        }
        if describes && r.from == doc_id {
            describe(sbom, &r.to);
        } else if r.kind.eq_ignore_ascii_case("DESCRIBED_BY") && r.to == doc_id {
            describe(sbom, &r.from);
        }
    }

    // Derived relations, skipping those the document states as well. The set borrows every
    // string it holds: a 100,000-package document has hundreds of thousands of relations.
    let (mut before, mut after) = (Vec::new(), Vec::new());
    if !describe_ids.is_empty() || !has_files.is_empty() || !snippet_of.is_empty() {
        let mut seen: HashSet<(&str, &str, String)> = stated
            .iter()
            .map(|r| (r.from.as_str(), r.to.as_str(), r.kind.to_ascii_uppercase()))
            .collect();
        for (i, id) in describe_ids.iter().enumerate() {
            derive(
                &mut seen,
                &mut before,
                doc_id,
                id,
                "DESCRIBES",
                Location::at(format!("/documentDescribes/{i}")),
            );
        }
        for (package, file) in &has_files {
            let c = &sbom.components[*package];
            derive(
                &mut seen,
                &mut after,
                &c.id,
                file,
                "CONTAINS",
                c.location.clone(),
            );
        }
        for (file, snippet) in &snippet_of {
            derive(
                &mut seen,
                &mut after,
                file,
                snippet,
                "CONTAINS",
                Location::default(),
            );
        }
    }
    sbom.relations
        .reserve(before.len() + stated.len() + after.len());
    sbom.relations.append(&mut before);
    sbom.relations.append(&mut stated);
    sbom.relations.append(&mut after);
}

fn derive<'a>(
    seen: &mut HashSet<(&'a str, &'a str, String)>,
    out: &mut Vec<Relation>,
    from: &'a str,
    to: &'a str,
    kind: &str,
    location: Location,
) {
    if seen.insert((from, to, kind.to_string())) {
        out.push(Relation {
            from: from.to_string(),
            to: to.to_string(),
            kind: kind.to_string(),
            lifecycle: None,
            location,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> (Sbom, Vec<crate::model::Warning>) {
        let mut w = Warnings::default();
        let sbom = read_json(text, &mut w).unwrap();
        (sbom, w.into_vec())
    }

    #[test]
    fn maps_a_package() {
        let (sbom, warnings) = json(
            r#"{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "d",
            "documentNamespace": "https://example.com/d", "documentDescribes": ["SPDXRef-a"],
            "creationInfo": {"created": "2024-01-01T00:00:00", "creators": ["Tool: syft-v1.2.3", "Organization: Acme (a@acme.example)"]},
            "packages": [{"SPDXID": "SPDXRef-a", "name": "a", "versionInfo": "1.0",
              "supplier": "Organization: AO Kaspersky Lab (info@kaspersky.com)", "originator": "NOASSERTION",
              "downloadLocation": "NOASSERTION", "homepage": "https://a.example",
              "checksums": [{"algorithm": "SHA256", "checksumValue": "ABCD"}],
              "externalRefs": [{"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/a@1.0"},
                               {"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:kaspersky:a:1.0:*:*:*:*:*:*:*"}],
              "licenseConcluded": "MIT", "licenseDeclared": "NOASSERTION", "copyrightText": "NONE",
              "summary": "sum", "primaryPackagePurpose": "LIBRARY", "hasFiles": ["SPDXRef-f", "SPDXRef-f"]}],
            "files": [{"SPDXID": "SPDXRef-f", "fileName": "./a.c", "fileContributors": ["Jane"]}],
            "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-a"}]}"#,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(sbom.spec_version, "2.3");
        assert_eq!(sbom.tools[0].name, "syft");
        assert_eq!(sbom.tools[0].version.as_deref(), Some("v1.2.3"));
        assert_eq!(sbom.document_parties[0].emails, vec!["a@acme.example"]);
        let a = &sbom.components[0];
        assert_eq!(
            (a.id.as_str(), a.name.as_str(), a.version.as_deref()),
            ("SPDXRef-a", "a", Some("1.0"))
        );
        let s = a.party(PartyRole::Supplier).unwrap();
        assert_eq!(
            (s.kind, s.name.as_deref()),
            (PartyKind::Organization, Some("AO Kaspersky Lab"))
        );
        assert!(a.party(PartyRole::Originator).is_none());
        assert_eq!(a.download_location, None);
        assert_eq!(a.purl.as_deref(), Some("pkg:npm/a@1.0"));
        assert_eq!(a.cpes.len(), 1);
        assert_eq!(
            a.hashes[0],
            Hash {
                alg: "SHA256".into(),
                value: "abcd".into()
            }
        );
        assert_eq!(a.licenses, vec!["MIT"]);
        assert_eq!(
            (
                a.copyright.as_deref(),
                a.description.as_deref(),
                a.kind.as_deref()
            ),
            (None, Some("sum"), Some("library"))
        );
        assert_eq!(a.location.pointer, "/packages/0");
        let f = &sbom.components[1];
        assert_eq!(
            (f.origin, f.parties[0].role),
            (Origin::File, PartyRole::Author)
        );
        assert_eq!(sbom.described, vec!["SPDXRef-a"]);
        // documentDescribes and the stated DESCRIBES are one relation; hasFiles gives one CONTAINS.
        let kinds: Vec<_> = sbom.relations.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, vec!["DESCRIBES", "CONTAINS"]);
    }

    #[test]
    fn tolerates_bad_types_and_refuses_other_versions() {
        let (sbom, warnings) = json(
            r#"{"spdxVersion": "SPDX-2.2", "creationInfo": {"creators": "Person: X"},
            "packages": [{"name": 7}, "oops", null, {"SPDXID": "SPDXRef-b", "name": "b"}]}"#,
        );
        let names: Vec<_> = sbom.components.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["7", "b"]);
        assert!(sbom.components[0].id_synthesized);
        assert_eq!(sbom.components[0].id, "/packages/0");
        assert_eq!(sbom.components[1].location.pointer, "/packages/3");
        assert_eq!(sbom.document_parties[0].name.as_deref(), Some("X"));
        let codes: Vec<_> = warnings.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(codes, vec!["bad-type", "missing-field"]);

        for v in ["SPDX-2.4", "SPDX-3.0", "SPDX-1.2"] {
            let mut w = Warnings::default();
            let doc = format!("{{\"spdxVersion\": \"{v}\"}}");
            assert!(
                matches!(read_json(&doc, &mut w), Err(ReadError::Unsupported { .. })),
                "{v}"
            );
        }
        let mut w = Warnings::default();
        assert!(matches!(
            read_json("{\"spdxVersion\": \"SPDX-2.3\",\n \"packages\": [", &mut w),
            Err(ReadError::Syntax { line: 2, .. })
        ));
    }

    #[test]
    fn yaml_keeps_scalars_as_written() {
        let mut w = Warnings::default();
        let sbom = read_yaml(
            "spdxVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\npackages:\n- SPDXID: SPDXRef-a\n  name: a\n  versionInfo: 1.10\n  supplier: 'Organization: Acme'\n",
            &mut w,
        )
        .unwrap();
        assert_eq!(sbom.components[0].version.as_deref(), Some("1.10"));
        assert_eq!(sbom.components[0].location.pointer, "/packages/0");
        assert!(w.is_empty());
    }

    #[test]
    fn splits_tool_names() {
        assert_eq!(
            split_tool("LicenseFind-1.0"),
            ("LicenseFind".into(), Some("1.0".into()))
        );
        assert_eq!(
            split_tool("kubernetes-sigs/bom-v0.2.1"),
            ("kubernetes-sigs/bom".into(), Some("v0.2.1".into()))
        );
        assert_eq!(
            split_tool("GitHub.com-Dependency-Graph"),
            ("GitHub.com-Dependency-Graph".into(), None)
        );
        assert_eq!(
            split_tool("scancode 32.0.1"),
            ("scancode".into(), Some("32.0.1".into()))
        );
        assert_eq!(split_tool("trivy"), ("trivy".into(), None));
    }
}
