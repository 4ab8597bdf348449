//! The one format-neutral model every later stage works on.
//!
//! Readers in `ingest/` turn CycloneDX and SPDX wire data into an [`Sbom`]; nothing after
//! ingest knows which format a document came in, except through [`Sbom::format`] for messages.

use std::fmt;

mod evidence;
mod warning;

pub use evidence::{
    DataFlow, Observation, ObservationKind, Service, Understood, understood, understood_names,
};
pub use warning::WarningCode;
pub(crate) use warning::Warnings;
mod purl;
pub use purl::{PrefixKind, Purl, Upto, percent_decode, percent_decode_strict};

/// The SBOM standard a document follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Standard {
    /// OWASP CycloneDX, any version 1.0-1.7.
    #[serde(rename = "CycloneDX")]
    CycloneDx,
    /// SPDX 2.x (2.1, 2.2, 2.3).
    #[serde(rename = "SPDX")]
    Spdx2,
    /// SPDX 3.0.x (JSON-LD).
    #[serde(rename = "SPDX")]
    Spdx3,
}

impl fmt::Display for Standard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Standard::CycloneDx => "CycloneDX",
            Standard::Spdx2 | Standard::Spdx3 => "SPDX",
        })
    }
}

/// The serialisation a document uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Syntax {
    /// JSON (CycloneDX JSON, SPDX 2 JSON).
    Json,
    /// XML (CycloneDX XML, the SPDX 2 XML serialisation).
    Xml,
    /// YAML (SPDX 2).
    Yaml,
    /// SPDX tag-value.
    TagValue,
    /// RDF/XML (SPDX 2).
    RdfXml,
    /// JSON-LD (SPDX 3).
    JsonLd,
}

impl fmt::Display for Syntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Syntax::Json => "JSON",
            Syntax::Xml => "XML",
            Syntax::Yaml => "YAML",
            Syntax::TagValue => "tag-value",
            Syntax::RdfXml => "RDF/XML",
            Syntax::JsonLd => "JSON-LD",
        })
    }
}

/// How the bytes of the file were packed and encoded before the parser saw text.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct TextEncoding {
    /// The character encoding: `utf-8`, `utf-16le` or `utf-16be`.
    pub charset: &'static str,
    /// Whether the file started with a byte-order mark.
    pub bom: bool,
    /// Whether the file was gzip-compressed.
    pub gzip: bool,
}

/// Where something lives in the input file, so reports can point at it.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Location {
    /// JSON pointer (`/components/3/components/0`) for JSON and YAML, an element path
    /// (`/bom/components/component[4]`) for XML, or the tag (`PackageName`) for tag-value.
    pub pointer: String,
    /// 1-based line number, where the reader knows it.
    pub line: Option<u32>,
}

impl Location {
    /// A location known only by its pointer; the line is resolved later where possible.
    pub fn at(pointer: impl Into<String>) -> Self {
        Location {
            pointer: pointer.into(),
            line: None,
        }
    }
}

/// What role a party plays for a component, in the words of the specs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartyRole {
    /// CycloneDX `supplier`, SPDX `supplier` / `suppliedBy`.
    Supplier,
    /// CycloneDX 1.6+ `manufacturer` (component) and `metadata.manufacture(r)`.
    Manufacturer,
    /// CycloneDX `publisher`.
    Publisher,
    /// CycloneDX `author` / `authors`, SPDX 3 `originatedBy` of a person.
    Author,
    /// SPDX 2 `originator`, SPDX 3 `originatedBy`.
    Originator,
    /// CycloneDX service `provider`: "the organization that provides the service".
    Provider,
}

impl fmt::Display for PartyRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PartyRole::Supplier => "supplier",
            PartyRole::Manufacturer => "manufacturer",
            PartyRole::Publisher => "publisher",
            PartyRole::Author => "author",
            PartyRole::Originator => "originator",
            PartyRole::Provider => "provider",
        })
    }
}

/// Whether a party is an organisation or a person, where the document says so.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartyKind {
    /// SPDX `Organization:` or a CycloneDX organizational entity.
    Organization,
    /// SPDX `Person:` or a CycloneDX organizational contact.
    Person,
    /// SPDX `Tool:`.
    Tool,
    /// Not stated (CycloneDX `publisher` strings, SPDX values without a prefix).
    #[default]
    Unknown,
}

/// Someone the document names as responsible for a component.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Party {
    /// The field the party was declared in.
    pub role: PartyRole,
    /// Organisation, person, tool or unknown.
    pub kind: PartyKind,
    /// The name as written (trimmed; empty names are dropped by readers).
    pub name: Option<String>,
    /// URLs given for the party.
    pub urls: Vec<String>,
    /// E-mail addresses given for the party or its contacts.
    pub emails: Vec<String>,
    /// Names of contacts listed under an organisation.
    pub contacts: Vec<String>,
    /// Postal address country (CycloneDX 1.6 `address.country`), as written.
    pub country: Option<String>,
    /// Where the party was declared.
    pub location: Location,
}

impl Party {
    /// A party with only a role, kind and name.
    pub fn named(role: PartyRole, kind: PartyKind, name: &str, location: Location) -> Self {
        Party {
            role,
            kind,
            name: Some(name.trim().to_string()).filter(|n| !n.is_empty()),
            urls: Vec::new(),
            emails: Vec::new(),
            contacts: Vec::new(),
            country: None,
            location,
        }
    }
}

/// A cryptographic hash of a component.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Hash {
    /// Algorithm as written, upper-cased (`SHA-256`, `SHA256`, `MD5`...).
    pub alg: String,
    /// Hex digest, lower-cased.
    pub value: String,
}

/// An external reference (CycloneDX `externalReferences`, SPDX `externalRefs` other than
/// purl/CPE, SPDX `homepage`, SPDX 3 `externalRef`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExternalRef {
    /// The reference type as written (`website`, `vcs`, `distribution`, `homepage`...).
    pub kind: String,
    /// The URL or locator.
    pub url: String,
}

/// CycloneDX `scope`, and SPDX dev/test relationships mapped onto it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Not stated (CycloneDX treats this as required).
    #[default]
    Unspecified,
    /// Needed at run time.
    Required,
    /// Optional at run time.
    Optional,
    /// Not part of the delivered product (build/test tooling).
    Excluded,
}

/// Where in the document a component was found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// A top-level component or SPDX package.
    #[default]
    Listed,
    /// A component nested inside another (CycloneDX `components` in a component).
    Nested,
    /// The component the document describes (CycloneDX `metadata.component`).
    Metadata,
    /// A pedigree ancestor, descendant or variant (CycloneDX `pedigree`).
    Pedigree,
    /// An SPDX file or snippet (carries copyright text and hashes, not counted as a component).
    File,
    /// A CycloneDX service (`services`, nested services too): a node of its own kind, counted
    /// apart from components.
    Service,
}

/// Component types of CycloneDX 1.0-1.7 (`classification` in the schemas).
pub const CYCLONEDX_TYPES: [&str; 13] = [
    "application",
    "framework",
    "library",
    "container",
    "platform",
    "operating-system",
    "device",
    "device-driver",
    "firmware",
    "file",
    "machine-learning-model",
    "data",
    "cryptographic-asset",
];

/// A component as the SBOM states it, whatever the input format.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Component {
    /// bom-ref / SPDXID / spdxId verbatim; when the document gives none, the location pointer.
    pub id: String,
    /// True when `id` was not in the document but made from the location.
    pub id_synthesized: bool,
    /// Where in the document the component was found.
    pub origin: Origin,
    /// Component type as written, lower-cased (`library`, `firmware`, `application`, SPDX
    /// `primaryPackagePurpose`, `file`...).
    pub kind: Option<String>,
    /// Component name.
    pub name: String,
    /// CycloneDX `group` (Maven groupId, npm scope...).
    pub group: Option<String>,
    /// Version as written.
    pub version: Option<String>,
    /// Package URL: the text as written, parsed once.
    pub purl: Option<Purl>,
    /// CPE 2.2 or 2.3 names as written.
    pub cpes: Vec<String>,
    /// SWID tag ids.
    pub swid: Vec<String>,
    /// OmniBOR (gitoid) and SWHID identifiers.
    pub other_ids: Vec<String>,
    /// Hashes.
    pub hashes: Vec<Hash>,
    /// File names (SPDX `packageFileName`, `fileName`).
    pub file_names: Vec<String>,
    /// Supplier, manufacturer, publisher, authors, originator.
    pub parties: Vec<Party>,
    /// Copyright text as written.
    pub copyright: Option<String>,
    /// Description, summary or comment.
    pub description: Option<String>,
    /// External references with URLs.
    pub external_refs: Vec<ExternalRef>,
    /// SPDX `downloadLocation` (NOASSERTION/NONE dropped).
    pub download_location: Option<String>,
    /// License ids, names or expressions as written.
    pub licenses: Vec<String>,
    /// Name/value properties (CycloneDX `properties`, SPDX annotations are not included); the
    /// documented ones are read as observations ([`understood`]).
    pub properties: Vec<(String, String)>,
    /// What the document observed about the component (CycloneDX `evidence`, SPDX `noticeText`).
    pub evidence: Vec<Observation>,
    /// The service's own facts, for a CycloneDX service ([`Origin::Service`]).
    pub service: Option<Box<Service>>,
    /// Scope.
    pub scope: Scope,
    /// Release date (SPDX `releaseDate`, CycloneDX `releaseNotes.timestamp`), as written.
    pub release_date: Option<String>,
    /// Build date (SPDX `builtDate`), as written.
    pub built_date: Option<String>,
    /// Ids of pedigree ancestors (CycloneDX `pedigree.ancestors`), which are components too.
    pub ancestors: Vec<String>,
    /// Ids of pedigree descendants.
    pub descendants: Vec<String>,
    /// Ids of pedigree variants.
    pub variants: Vec<String>,
    /// Index in [`Sbom::components`] of the component this one is nested in or is pedigree of.
    pub parent: Option<usize>,
    /// Where in the file the component is.
    pub location: Location,
}

impl Component {
    /// `name@version`, the name alone, or the id when the component has no name: how people
    /// read a component in messages, paths and labels.
    pub fn display_name(&self) -> String {
        let name = if self.name.is_empty() {
            self.id.as_str()
        } else {
            self.name.as_str()
        };
        let kind = if self.is_service() { " (service)" } else { "" };
        match &self.version {
            Some(v) if !v.is_empty() => format!("{name}@{v}{kind}"),
            _ => format!("{name}{kind}"),
        }
    }

    /// Records pedigree component `id` in the list CycloneDX names `list` (`ancestors`,
    /// `descendants`; anything else is `variants`, the third and last pedigree list).
    pub fn add_pedigree(&mut self, list: &str, id: String) {
        match list {
            "ancestors" => self.ancestors.push(id),
            "descendants" => self.descendants.push(id),
            _ => self.variants.push(id),
        }
    }

    /// Whether the component counts as a component in totals (not a file, pedigree entry or the
    /// metadata component).
    pub fn is_counted(&self) -> bool {
        matches!(self.origin, Origin::Listed | Origin::Nested)
    }

    /// Whether it is a CycloneDX service rather than a component.
    pub fn is_service(&self) -> bool {
        self.origin == Origin::Service
    }

    /// The properties bomscreen understands, with what it understands by them.
    pub fn understood_properties(&self) -> impl Iterator<Item = (&str, &str, Understood)> {
        self.properties
            .iter()
            .filter_map(|(n, v)| understood(n).map(|u| (n.as_str(), v.as_str(), u)))
    }

    /// The first party with the given role.
    pub fn party(&self, role: PartyRole) -> Option<&Party> {
        self.parties.iter().find(|p| p.role == role)
    }
}

/// A relation as the document states it. The graph stage maps `kind` to edge kinds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Relation {
    /// The subject (`ref` of a CycloneDX dependency, SPDX `spdxElementId`, SPDX 3 `from`).
    pub from: String,
    /// The object (`dependsOn` entry, SPDX `relatedSpdxElement`, SPDX 3 `to`).
    pub to: String,
    /// The relation type as written: `dependsOn` and `provides` for CycloneDX, SPDX 2
    /// relationship types (`DEPENDS_ON`, `DEV_DEPENDENCY_OF`...), SPDX 3 `relationshipType`
    /// values (`contains`, `dependsOn`...).
    pub kind: String,
    /// SPDX 3 `scope`/lifecycle where given (`build`, `development`, `test`, `runtime`).
    pub lifecycle: Option<String>,
    /// Where the relation was declared.
    pub location: Location,
}

/// A tool that generated the document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Tool {
    /// Vendor or organisation of the tool, where given.
    pub vendor: Option<String>,
    /// Tool name.
    pub name: String,
    /// Tool version.
    pub version: Option<String>,
}

impl fmt::Display for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(v) = &self.vendor {
            write!(f, "{v} ")?;
        }
        f.write_str(&self.name)?;
        if let Some(v) = &self.version {
            write!(f, " {v}")?;
        }
        Ok(())
    }
}

/// A problem in the document that the reader could work around.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Warning {
    /// The kind of problem, written as a stable kebab-case code (`missing-field`).
    pub code: WarningCode,
    /// The first occurrence, described.
    pub message: String,
    /// How many times this kind of problem occurred.
    pub count: usize,
    /// Where the first occurrence was.
    pub location: Option<Location>,
}

impl Warning {
    /// `message (N times)`: the one wording of a warning in every output.
    pub fn text(&self) -> String {
        counted(&self.message, self.count)
    }

    /// `file:line: message (N times) [code]`, as standard error shows it.
    pub fn line_for(&self, source: &str) -> String {
        let line = self
            .location
            .as_ref()
            .and_then(|l| l.line)
            .map(|l| format!(":{l}"))
            .unwrap_or_default();
        format!("{source}{line}: {} [{}]", self.text(), self.code)
    }
}

/// `message (N times)` when it happened more than once, else the message.
pub fn counted(message: &str, count: usize) -> String {
    if count > 1 {
        format!("{message} ({count} times)")
    } else {
        message.to_string()
    }
}

/// A whole SBOM document in the one model.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Sbom {
    /// The file name as the user gave it (`<stdin>` for `-`).
    pub source: String,
    /// CycloneDX, SPDX 2 or SPDX 3.
    pub standard: Standard,
    /// JSON, XML, YAML...
    pub syntax: Syntax,
    /// The spec version as the document declares it (`1.6`, `2.3`, `3.0.1`).
    pub spec_version: String,
    /// Character encoding and compression.
    pub encoding: TextEncoding,
    /// Document name (SPDX `name`, CycloneDX `metadata.component.name`).
    pub name: Option<String>,
    /// CycloneDX `serialNumber` or SPDX `documentNamespace` / SPDX 3 document `spdxId`.
    pub serial: Option<String>,
    /// Creation timestamp as written.
    pub created: Option<String>,
    /// Tools that generated the document.
    pub tools: Vec<Tool>,
    /// Parties of the document itself (CycloneDX `metadata.supplier/manufacturer/authors`,
    /// SPDX creators that are organisations or persons).
    pub document_parties: Vec<Party>,
    /// Every component, package and file, in document order; nested ones after their parent.
    pub components: Vec<Component>,
    /// Every relation the document states.
    pub relations: Vec<Relation>,
    /// Ids of the components the document describes (CycloneDX `metadata.component`, SPDX
    /// `documentDescribes` and `DESCRIBES` from the document, SPDX 3 `rootElement`).
    pub described: Vec<String>,
    /// Problems the reader worked around, one per kind.
    pub warnings: Vec<Warning>,
}

impl Sbom {
    /// An empty document of the given standard and syntax.
    pub fn new(source: &str, standard: Standard, syntax: Syntax, spec_version: &str) -> Self {
        Sbom {
            source: source.to_string(),
            standard,
            syntax,
            spec_version: spec_version.to_string(),
            encoding: TextEncoding {
                charset: "utf-8",
                bom: false,
                gzip: false,
            },
            name: None,
            serial: None,
            created: None,
            tools: Vec::new(),
            document_parties: Vec::new(),
            components: Vec::new(),
            relations: Vec::new(),
            described: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Component indices by (id, JSON pointer or element path): how a finding's component is
    /// found again in its document (an id alone may repeat).
    pub fn places(&self) -> std::collections::HashMap<(&str, &str), usize> {
        self.components
            .iter()
            .enumerate()
            .map(|(i, c)| ((c.id.as_str(), c.location.pointer.as_str()), i))
            .collect()
    }

    /// The parties of component `c`: its own, and for the CycloneDX metadata component also
    /// `metadata.supplier` and `metadata.manufacture` ("the organization that supplied /
    /// manufactured the component that the BOM describes"). SPDX creators and the 1.6
    /// `metadata.manufacturer` made the document, not the software, so they are not included.
    pub fn parties_of<'a>(&'a self, c: &'a Component) -> impl Iterator<Item = &'a Party> + 'a {
        let meta = (self.standard == Standard::CycloneDx && c.origin == Origin::Metadata)
            .then(|| {
                self.document_parties
                    .iter()
                    .filter(|p| matches!(p.role, PartyRole::Supplier | PartyRole::Manufacturer))
            })
            .into_iter()
            .flatten();
        c.parties.iter().chain(meta)
    }

    /// Components that count as components (not files, pedigree entries or metadata).
    pub fn counted_components(&self) -> impl Iterator<Item = &Component> {
        self.components.iter().filter(|c| c.is_counted())
    }
}
