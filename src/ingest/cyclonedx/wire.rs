//! The CycloneDX wire model, read from JSON by serde and built from the DOM by the XML reader:
//! only the fields bomscreen uses, every one optional, scalars tolerant of a number or bool where
//! a string belongs ([`Text`], [`Texts`]). The `line` fields are filled by the XML reader only
//! (JSON lines are found by `json_scan`); 0 means not known.

use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A string field that also accepts a number or bool (recorded in `bad`, warned later), and
/// skips an object or array in its place instead of failing the document.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Text {
    pub(super) value: String,
    /// Where the value was written (XML); 0 when not known. Fits in `Text`'s padding.
    pub(super) line: u32,
    pub(super) bad: bool,
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

pub(super) struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text {
            value: v.to_string(),
            ..Text::default()
        })
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text {
            value: v,
            ..Text::default()
        })
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
        Ok(bad(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
        Ok(bad(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
        Ok(bad(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
        Ok(bad(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
        Ok(bad(String::new()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(bad(String::new()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(bad(String::new()))
    }
}

fn bad(value: String) -> Text {
    Text {
        value,
        line: 0,
        bad: true,
    }
}

/// A list of strings that also accepts a single string in its place (flagged as a bad type).
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Texts {
    pub(super) items: Vec<Text>,
    pub(super) bad: bool,
}

impl<'de> Deserialize<'de> for Texts {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Texts;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Texts, A::Error> {
                let mut items = Vec::new();
                while let Some(t) = seq.next_element::<Text>()? {
                    items.push(t);
                }
                Ok(Texts { items, bad: false })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Texts, E> {
                Ok(Texts {
                    items: vec![Text {
                        value: v.to_string(),
                        ..Text::default()
                    }],
                    bad: true,
                })
            }
            fn visit_unit<E: de::Error>(self) -> Result<Texts, E> {
                Ok(Texts::default())
            }
        }
        d.deserialize_any(V)
    }
}

#[allow(clippy::vec_box)] // boxed: moving 1 KB structs while a vector grows cost a quarter of the parse time
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Bom {
    /// Names the version when `specVersion` is missing (`.../bom-1.4.schema.json`).
    #[serde(rename = "$schema")]
    pub(super) schema: Option<Text>,
    pub(super) bom_format: Option<Text>,
    pub(super) spec_version: Option<Text>,
    pub(super) serial_number: Option<Text>,
    pub(super) metadata: Option<Metadata>,
    pub(super) components: Option<Vec<Box<Component>>>,
    pub(super) services: Option<Vec<Service>>,
    pub(super) dependencies: Option<Vec<Dependency>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Metadata {
    pub(super) timestamp: Option<Text>,
    pub(super) tools: Option<Tools>,
    pub(super) authors: Option<Vec<Contact>>,
    pub(super) component: Option<Box<Component>>,
    pub(super) manufacture: Option<Entity>,
    pub(super) manufacturer: Option<Entity>,
    pub(super) supplier: Option<Entity>,
}

#[allow(clippy::vec_box)] // boxed: moving 1 KB structs while a vector grows cost a quarter of the parse time
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Component {
    #[serde(rename = "bom-ref")]
    pub(super) bom_ref: Option<Text>,
    #[serde(rename = "type")]
    pub(super) kind: Option<Text>,
    pub(super) name: Option<Text>,
    pub(super) group: Option<Text>,
    pub(super) version: Option<Text>,
    pub(super) purl: Option<Text>,
    pub(super) cpe: Option<Text>,
    pub(super) swid: Option<Swid>,
    pub(super) omnibor_id: Option<Texts>,
    pub(super) swhid: Option<Texts>,
    pub(super) hashes: Option<Vec<HashW>>,
    pub(super) supplier: Option<Box<Entity>>,
    pub(super) manufacturer: Option<Box<Entity>>,
    pub(super) publisher: Option<Text>,
    pub(super) author: Option<Text>,
    pub(super) authors: Option<Vec<Contact>>,
    pub(super) copyright: Option<Text>,
    pub(super) description: Option<Text>,
    pub(super) external_references: Option<Vec<ExtRef>>,
    pub(super) licenses: Option<Vec<LicenseChoice>>,
    pub(super) properties: Option<Vec<Property>>,
    pub(super) scope: Option<Text>,
    pub(super) release_notes: Option<ReleaseNotes>,
    pub(super) pedigree: Option<Box<Pedigree>>,
    pub(super) evidence: Option<Box<Evidence>>,
    pub(super) components: Option<Vec<Box<Component>>>,
    /// The line of the `<component>` element (XML).
    #[serde(skip)]
    pub(super) line: u32,
}

/// CycloneDX `service` (1.2+): "the organization that provides the service" (`provider`),
/// endpoints, authentication, trust boundary and zone, data flows, and services behind it.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Service {
    #[serde(rename = "bom-ref")]
    pub(super) bom_ref: Option<Text>,
    pub(super) provider: Option<Entity>,
    pub(super) group: Option<Text>,
    pub(super) name: Option<Text>,
    pub(super) version: Option<Text>,
    pub(super) description: Option<Text>,
    pub(super) endpoints: Option<Texts>,
    pub(super) authenticated: Option<Flag>,
    #[serde(rename = "x-trust-boundary")]
    pub(super) trust_boundary: Option<Flag>,
    pub(super) trust_zone: Option<Text>,
    pub(super) data: Option<Vec<DataFlow>>,
    pub(super) licenses: Option<Vec<LicenseChoice>>,
    pub(super) external_references: Option<Vec<ExtRef>>,
    pub(super) properties: Option<Vec<Property>>,
    pub(super) services: Option<Vec<Service>>,
    pub(super) release_notes: Option<ReleaseNotes>,
    /// The line of the `<service>` element (XML).
    #[serde(skip)]
    pub(super) line: u32,
}

/// A boolean as written: `true`/`false`, or a string saying so (XML brings strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Flag(pub(super) Option<bool>);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Flag;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a boolean")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Flag, E> {
                Ok(Flag(Some(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Flag, E> {
                Ok(Flag::parse(v))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Flag, E> {
                Ok(Flag(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Flag, E> {
                Ok(Flag(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Flag, E> {
                Ok(Flag(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Flag, E> {
                Ok(Flag(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Flag, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Flag(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Flag, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Flag(None))
            }
        }
        d.deserialize_any(V)
    }
}

impl Flag {
    pub(super) fn parse(v: &str) -> Flag {
        match v.trim() {
            "true" | "1" => Flag(Some(true)),
            "false" | "0" => Flag(Some(false)),
            _ => Flag(None),
        }
    }
}

/// A service's data: 1.2-1.4 `{flow, classification}`; 1.5+ adds `name`, `source[]` and
/// `destination[]` (URLs or bom-refs).
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct DataFlow {
    pub(super) flow: Option<Text>,
    pub(super) classification: Option<Text>,
    pub(super) name: Option<Text>,
    pub(super) source: Option<Texts>,
    pub(super) destination: Option<Texts>,
}

/// CycloneDX component `evidence` (1.3+).
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Evidence {
    pub(super) licenses: Option<Vec<LicenseChoice>>,
    pub(super) copyright: Option<Vec<CopyrightW>>,
    pub(super) identity: Option<Identities>,
    pub(super) occurrences: Option<Vec<Occurrence>>,
    pub(super) callstack: Option<Callstack>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct CopyrightW {
    pub(super) text: Option<Text>,
}

/// `evidence.identity`: one object in 1.5, an array from 1.6.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum Identities {
    Many(Vec<Identity>),
    One(Box<Identity>),
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Identity {
    pub(super) field: Option<Text>,
    pub(super) confidence: Option<Score>,
    pub(super) concluded_value: Option<Text>,
    pub(super) methods: Option<Vec<Method>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Method {
    pub(super) technique: Option<Text>,
    pub(super) confidence: Option<Score>,
    pub(super) value: Option<Text>,
}

/// A confidence between 0 and 1, kept as written (a number in JSON, text in XML).
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Score(pub(super) String);

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let t = TextVisitor;
        d.deserialize_any(t).map(|t| Score(t.value))
    }
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Occurrence {
    pub(super) location: Option<Text>,
    pub(super) line: Option<Score>,
    pub(super) offset: Option<Score>,
    pub(super) symbol: Option<Text>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Callstack {
    pub(super) frames: Option<Vec<Frame>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Frame {
    pub(super) package: Option<Text>,
    pub(super) module: Option<Text>,
    pub(super) function: Option<Text>,
    pub(super) full_filename: Option<Text>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Swid {
    pub(super) tag_id: Option<Text>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct HashW {
    pub(super) alg: Option<Text>,
    pub(super) content: Option<Text>,
}

/// CycloneDX `organizationalEntity`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Entity {
    pub(super) name: Option<Text>,
    pub(super) url: Option<Texts>,
    pub(super) contact: Option<Vec<Contact>>,
    pub(super) address: Option<Address>,
    /// The line of the entity's element (XML).
    #[serde(skip)]
    pub(super) line: u32,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Address {
    pub(super) country: Option<Text>,
}

/// CycloneDX `organizationalContact`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Contact {
    pub(super) name: Option<Text>,
    pub(super) email: Option<Text>,
    /// The line of the contact's element (XML).
    #[serde(skip)]
    pub(super) line: u32,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ExtRef {
    #[serde(rename = "type")]
    pub(super) kind: Option<Text>,
    pub(super) url: Option<Text>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct LicenseChoice {
    pub(super) license: Option<License>,
    pub(super) expression: Option<Text>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct License {
    pub(super) id: Option<Text>,
    pub(super) name: Option<Text>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Property {
    pub(super) name: Option<Text>,
    pub(super) value: Option<Text>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ReleaseNotes {
    pub(super) timestamp: Option<Text>,
}

#[allow(clippy::vec_box)] // boxed: moving 1 KB structs while a vector grows cost a quarter of the parse time
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Pedigree {
    pub(super) ancestors: Option<Vec<Box<Component>>>,
    pub(super) descendants: Option<Vec<Box<Component>>>,
    pub(super) variants: Option<Vec<Box<Component>>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Dependency {
    #[serde(rename = "ref")]
    pub(super) reference: Option<Text>,
    pub(super) depends_on: Option<Texts>,
    pub(super) provides: Option<Texts>,
    /// XML: the element path of a dependency nested in another (`.../dependency[1]/dependency[2]`);
    /// otherwise the mapping counts entries.
    #[serde(skip)]
    pub(super) pointer: Option<String>,
    /// The line of the `<dependency>` element (XML).
    #[serde(skip)]
    pub(super) line: u32,
}

/// `metadata.tools`: an array of tools up to 1.4 (deprecated since 1.5), an object of
/// components and services from 1.5.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum Tools {
    Legacy(Vec<LegacyTool>),
    Modern(ModernTools),
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct LegacyTool {
    pub(super) vendor: Option<Text>,
    pub(super) name: Option<Text>,
    pub(super) version: Option<Text>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ModernTools {
    pub(super) components: Option<Vec<ToolComponent>>,
    pub(super) services: Option<Vec<ToolService>>,
    /// XML only: a 1.5+ `<tools>` may still hold deprecated `<tool>` elements beside
    /// `<components>`; JSON's `tools` is either an array or an object.
    #[serde(skip)]
    pub(super) legacy: Vec<LegacyTool>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ToolComponent {
    pub(super) group: Option<Text>,
    pub(super) name: Option<Text>,
    pub(super) version: Option<Text>,
    pub(super) publisher: Option<Text>,
    pub(super) author: Option<Text>,
    pub(super) supplier: Option<Entity>,
    pub(super) manufacturer: Option<Entity>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ToolService {
    pub(super) provider: Option<Entity>,
    pub(super) group: Option<Text>,
    pub(super) name: Option<Text>,
    pub(super) version: Option<Text>,
}

/// The number of components in a list, with their nested and pedigree components.
pub(super) fn subtree_size(list: &[Box<Component>]) -> usize {
    list.iter().map(|c| tree_size(c)).sum()
}

pub(super) fn tree_size(c: &Component) -> usize {
    let p = c.pedigree.as_ref();
    let lists = [
        c.components.as_deref(),
        p.and_then(|p| p.ancestors.as_deref()),
        p.and_then(|p| p.descendants.as_deref()),
        p.and_then(|p| p.variants.as_deref()),
    ];
    1 + lists.into_iter().flatten().map(subtree_size).sum::<usize>()
}

/// The JSON pointer of every component the reader makes, in the order it makes them
/// (`metadata.component` first, then each listed component with its pedigree entries before its
/// nested components, none below `max_depth`), so their lines can be found while the reader runs.
pub(super) fn component_pointers(bom: &Bom, max_depth: usize) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = bom.metadata.as_ref().and_then(|m| m.component.as_deref()) {
        tree_pointers(c, "/metadata/component".to_string(), max_depth, &mut out);
    }
    for (i, c) in bom
        .components
        .as_deref()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        tree_pointers(c, format!("/components/{i}"), max_depth, &mut out);
    }
    service_pointers(
        bom.services.as_deref().unwrap_or_default(),
        "",
        max_depth,
        &mut out,
    );
    out
}

/// The pointers of component `c` at `pointer` and of its pedigree and nested components, in the
/// order the reader makes them.
pub(super) fn tree_pointers(
    c: &Component,
    pointer: String,
    max_depth: usize,
    out: &mut Vec<String>,
) {
    fn walk(c: &Component, pointer: String, depth: usize, max: usize, out: &mut Vec<String>) {
        out.push(pointer);
        if depth >= max {
            return;
        }
        let at = out.len() - 1;
        if let Some(p) = &c.pedigree {
            let lists = [
                ("ancestors", p.ancestors.as_deref()),
                ("descendants", p.descendants.as_deref()),
                ("variants", p.variants.as_deref()),
            ];
            for (list, items) in lists {
                for (i, pc) in items.unwrap_or_default().iter().enumerate() {
                    let child = format!("{}/pedigree/{list}/{i}", out[at]);
                    walk(pc, child, depth + 1, max, out);
                }
            }
        }
        for (i, n) in c
            .components
            .as_deref()
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let child = format!("{}/components/{i}", out[at]);
            walk(n, child, depth + 1, max, out);
        }
    }
    walk(c, pointer, 0, max_depth, out);
}

/// The pointers of the services in `list` under `parent` (`` for the document's), each followed
/// by the services behind it.
pub(super) fn service_pointers(
    list: &[Service],
    parent: &str,
    max_depth: usize,
    out: &mut Vec<String>,
) {
    fn walk(list: &[Service], parent: &str, depth: usize, max: usize, out: &mut Vec<String>) {
        for (i, s) in list.iter().enumerate() {
            let pointer = format!("{parent}/services/{i}");
            out.push(pointer.clone());
            if depth < max {
                walk(
                    s.services.as_deref().unwrap_or_default(),
                    &pointer,
                    depth + 1,
                    max,
                    out,
                );
            }
        }
    }
    walk(list, parent, 0, max_depth, out);
}
