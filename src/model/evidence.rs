//! What a document says it observed about a component beyond its identity and parties:
//! CycloneDX `evidence` (identity, occurrences, call stacks, copyright, licences), SPDX file
//! notices, and the properties generators write ([`understood`]). Each observation is typed, so
//! the screener weighs a file path, a code-signing subject and free text differently, and a
//! finding names the field it came from.

use std::fmt;

/// The kind of an observation, which decides how it is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObservationKind {
    /// A file path where the component or one of its files was found: every segment is matched
    /// (a `kaspersky` directory, `Program Files\Kaspersky Lab\`), the last as a file name.
    Path,
    /// The subject of a code-signing certificate (Authenticode, codesign): the company that signed.
    Signer,
    /// A vendor or company name a tool read from the artifact (PE `CompanyName`, installer
    /// `publisher`).
    Vendor,
    /// A copyright notice found in the component (CycloneDX `evidence.copyright`, SPDX
    /// `noticeText`), weighed like the component's own copyright text.
    Copyright,
    /// An identity a tool concluded for the component (CycloneDX `evidence.identity`), with the
    /// identity field (`purl`, `cpe`, `name`...) in `detail`.
    Identity,
    /// A module or package name in a call stack or import list (`kavbase.dll`, `com.kaspersky.x`).
    Module,
    /// A symbol or function name (`evidence.occurrences[].symbol`, call-stack `function`).
    Symbol,
    /// A network endpoint or data-flow address of a service.
    Endpoint,
    /// A container image layer the component came from (not matched).
    Layer,
    /// The package manager or ecosystem a tool found the component with (not matched).
    PackageManager,
    /// A licence a tool found (not matched: a licence does not say who supplied the code).
    License,
    /// A value whose meaning bomscreen does not know: matched, if at all, as free text at text
    /// weight.
    Text,
}

impl ObservationKind {
    /// The kebab-case name used in every report.
    pub fn as_str(self) -> &'static str {
        match self {
            ObservationKind::Path => "path",
            ObservationKind::Signer => "signer",
            ObservationKind::Vendor => "vendor",
            ObservationKind::Copyright => "copyright",
            ObservationKind::Identity => "identity",
            ObservationKind::Module => "module",
            ObservationKind::Symbol => "symbol",
            ObservationKind::Endpoint => "endpoint",
            ObservationKind::Layer => "layer",
            ObservationKind::PackageManager => "package-manager",
            ObservationKind::License => "license",
            ObservationKind::Text => "text",
        }
    }
}

impl fmt::Display for ObservationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing a document observed about a component.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Observation {
    /// How it is weighed.
    pub kind: ObservationKind,
    /// The document field it was read from (`evidence.occurrences.location`, `noticeText`).
    pub field: &'static str,
    /// The value as written.
    pub value: String,
    /// What the document adds about it: identity field and confidence, occurrence line and
    /// offset, analysis technique.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Observation {
    /// An observation without detail; `None` when the value is blank.
    pub fn new(kind: ObservationKind, field: &'static str, value: &str) -> Option<Observation> {
        let value = value.trim();
        (!value.is_empty()).then(|| Observation {
            kind,
            field,
            value: value.to_string(),
            detail: None,
        })
    }
}

/// A property name bomscreen understands, with the generator that documents it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Understood {
    /// How its value is weighed.
    pub kind: ObservationKind,
    /// Who documents the property (`syft`, `trivy`, `cdxgen`, `CycloneDX taxonomy`, `osquery`).
    pub source: &'static str,
}

/// How a property name is recognised: exactly, or by a prefix and a suffix around a number
/// (`syft:location:0:path`).
enum Name {
    Exact(&'static str),
    Numbered(&'static str, &'static str),
    /// Any name that starts with the prefix (`bomscreen:vendor:pe.version.CompanyName`).
    Prefixed(&'static str),
}

/// The property names bomscreen reads as typed evidence (the README's table is this table).
/// Names are compared exactly, as the generators write them; osquery column names (bare, lower
/// case) are what osquery-based Windows and Linux inventories put in properties.
const UNDERSTOOD: &[(Name, ObservationKind, &str)] = &[
    // syft: one `syft:location:N:path` (and its layer) per place the package was found.
    (
        Name::Numbered("syft:location:", ":path"),
        ObservationKind::Path,
        "syft",
    ),
    (
        Name::Numbered("syft:location:", ":layerID"),
        ObservationKind::Layer,
        "syft",
    ),
    (
        Name::Exact("syft:metadata:virtualPath"),
        ObservationKind::Path,
        "syft",
    ),
    (Name::Exact("syft:cpe23"), ObservationKind::Identity, "syft"),
    (
        Name::Exact("syft:package:type"),
        ObservationKind::PackageManager,
        "syft",
    ),
    // trivy (`aquasecurity:trivy:*`).
    (
        Name::Exact("aquasecurity:trivy:FilePath"),
        ObservationKind::Path,
        "trivy",
    ),
    (
        Name::Exact("aquasecurity:trivy:LayerDigest"),
        ObservationKind::Layer,
        "trivy",
    ),
    (
        Name::Exact("aquasecurity:trivy:LayerDiffID"),
        ObservationKind::Layer,
        "trivy",
    ),
    (
        Name::Exact("aquasecurity:trivy:PkgType"),
        ObservationKind::PackageManager,
        "trivy",
    ),
    // cdxgen and the CycloneDX property taxonomy (`cdx:*`).
    (Name::Exact("SrcFile"), ObservationKind::Path, "cdxgen"),
    (Name::Exact("Namespaces"), ObservationKind::Module, "cdxgen"),
    (
        Name::Exact("ImportedModules"),
        ObservationKind::Module,
        "cdxgen",
    ),
    (
        Name::Exact("cdx:npm:package:path"),
        ObservationKind::Path,
        "CycloneDX taxonomy",
    ),
    // osquery tables (`programs`, `authenticode`, `file`) as inventories write their columns.
    (Name::Exact("path"), ObservationKind::Path, "osquery"),
    (
        Name::Exact("install_location"),
        ObservationKind::Path,
        "osquery",
    ),
    (
        Name::Exact("install_source"),
        ObservationKind::Path,
        "osquery",
    ),
    (
        Name::Exact("subject_name"),
        ObservationKind::Signer,
        "osquery",
    ),
    (Name::Exact("publisher"), ObservationKind::Vendor, "osquery"),
    // bomscreen's own `audit` export: `bomscreen:KIND:FIELD`, the kind first, then where in the
    // binary it was read (`pe.version.CompanyName`, `pe.authenticode.signer`, `strings`).
    (
        Name::Prefixed("bomscreen:path:"),
        ObservationKind::Path,
        "bomscreen audit",
    ),
    (
        Name::Prefixed("bomscreen:signer:"),
        ObservationKind::Signer,
        "bomscreen audit",
    ),
    (
        Name::Prefixed("bomscreen:vendor:"),
        ObservationKind::Vendor,
        "bomscreen audit",
    ),
    (
        Name::Prefixed("bomscreen:identity:"),
        ObservationKind::Identity,
        "bomscreen audit",
    ),
    (
        Name::Prefixed("bomscreen:module:"),
        ObservationKind::Module,
        "bomscreen audit",
    ),
    (
        Name::Prefixed("bomscreen:symbol:"),
        ObservationKind::Symbol,
        "bomscreen audit",
    ),
    (
        Name::Prefixed("bomscreen:endpoint:"),
        ObservationKind::Endpoint,
        "bomscreen audit",
    ),
    (
        Name::Prefixed("bomscreen:text:"),
        ObservationKind::Text,
        "bomscreen audit",
    ),
];

/// What a property name means to bomscreen, when it is one of the documented ones.
pub fn understood(name: &str) -> Option<Understood> {
    UNDERSTOOD.iter().find_map(|(n, kind, source)| {
        let hit = match n {
            Name::Exact(e) => name == *e,
            Name::Numbered(pre, suf) => name
                .strip_prefix(pre)
                .and_then(|rest| rest.strip_suffix(suf))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
            Name::Prefixed(pre) => name.len() > pre.len() && name.starts_with(pre),
        };
        hit.then_some(Understood {
            kind: *kind,
            source,
        })
    })
}

/// Every understood property name, written as the README table writes it, with its kind and
/// source.
pub fn understood_names() -> impl Iterator<Item = (String, ObservationKind, &'static str)> {
    UNDERSTOOD.iter().map(|(n, kind, source)| {
        let name = match n {
            Name::Exact(e) => (*e).to_string(),
            Name::Numbered(pre, suf) => format!("{pre}N{suf}"),
            Name::Prefixed(pre) => format!("{pre}FIELD"),
        };
        (name, *kind, *source)
    })
}

/// A CycloneDX service's own facts (its name, version, provider and references are the
/// component's).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Service {
    /// Endpoint URIs (`endpoints`).
    pub endpoints: Vec<String>,
    /// Whether the service requires authentication (`authenticated`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authenticated: Option<bool>,
    /// Whether its data crosses a trust boundary (`x-trust-boundary`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crosses_trust_boundary: Option<bool>,
    /// The trust zone it runs in (1.5+ `trustZone`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust_zone: Option<String>,
    /// Data flows (`data`).
    pub data: Vec<DataFlow>,
}

/// One data flow of a service.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DataFlow {
    /// `inbound`, `outbound`, `bi-directional` or `unknown`.
    pub flow: String,
    /// The data classification (`PII`, `telemetry`).
    pub classification: String,
    /// 1.5+ data flow name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 1.5+ sources: URLs or bom-refs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<String>,
    /// 1.5+ destinations: URLs or bom-refs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub destination: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_names_are_recognised_exactly() {
        let kind = |n| understood(n).map(|u| u.kind);
        assert_eq!(kind("syft:location:0:path"), Some(ObservationKind::Path));
        assert_eq!(kind("syft:location:12:path"), Some(ObservationKind::Path));
        assert_eq!(kind("syft:location::path"), None);
        assert_eq!(kind("syft:location:x:path"), None);
        assert_eq!(
            kind("syft:location:0:layerID"),
            Some(ObservationKind::Layer)
        );
        assert_eq!(
            kind("aquasecurity:trivy:FilePath"),
            Some(ObservationKind::Path)
        );
        assert_eq!(kind("aquasecurity:trivy:filepath"), None);
        assert_eq!(kind("subject_name"), Some(ObservationKind::Signer));
        assert_eq!(kind("cdx:npm:package:development"), None);
        assert!(understood_names().any(|(n, _, _)| n == "syft:location:N:path"));
    }
}
