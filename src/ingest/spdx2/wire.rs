//! The SPDX 2 wire model: lean serde structs shared by the JSON, YAML, XML and tag-value readers,
//! tolerant of a scalar of the wrong type ([`Text`]) and of a single value where a list belongs
//! ([`List`]).

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{
    self, Deserialize, Deserializer, IgnoredAny, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use crate::model::Location;

thread_local! {
    /// Set while a YAML document is deserialized: YAML's core schema would turn the plain scalar
    /// `1.10` into the float 1.1, so [`Text`] asks the YAML deserializer for the scalar as written.
    pub(super) static YAML_SCALARS: Cell<bool> = const { Cell::new(false) };
}

/// A scalar as written. Numbers and booleans where the spec wants a string are kept as text and
/// flagged (`bad`), as are lists and objects (whose content is dropped).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(in crate::ingest) struct Text {
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
pub(in crate::ingest) struct List<T> {
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
pub(in crate::ingest) struct Doc {
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
pub(in crate::ingest) struct Locations {
    pub packages: Vec<Location>,
    pub files: Vec<Location>,
    pub snippets: Vec<Location>,
    pub relationships: Vec<Location>,
}

/// SPDX 2.3 clause 6.8-6.9: creators and creation time.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(in crate::ingest) struct CreationInfo {
    pub created: Text,
    pub creators: List<Text>,
}

/// SPDX 2.3 clause 7: a package.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(in crate::ingest) struct Package {
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
pub(in crate::ingest) struct File {
    #[serde(rename = "SPDXID")]
    pub spdx_id: Text,
    pub file_name: Text,
    pub checksums: List<Checksum>,
    pub license_concluded: Text,
    pub license_info_in_files: List<Text>,
    pub copyright_text: Text,
    pub comment: Text,
    pub file_contributors: List<Text>,
    pub notice_text: Text,
}

/// SPDX 2.3 clause 9: a snippet.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(in crate::ingest) struct Snippet {
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
pub(in crate::ingest) struct Checksum {
    pub algorithm: Text,
    pub checksum_value: Text,
}

/// SPDX 2.3 clause 7.21: an external reference.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(in crate::ingest) struct ExternalReference {
    pub reference_category: Text,
    pub reference_type: Text,
    pub reference_locator: Text,
}

/// SPDX 2.3 clause 11: a relationship.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(in crate::ingest) struct Relationship {
    pub spdx_element_id: Text,
    pub relationship_type: Text,
    pub related_spdx_element: Text,
}
