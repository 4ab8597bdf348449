//! The CycloneDX 1.6 JSON objects bomscreen writes (only the fields it fills), and the values
//! the schema allows for its enumerations. Built by `component`, serialised by serde.

use serde::Serialize;

/// The component types of CycloneDX 1.6 (the ones the readers know).
pub(super) const TYPES: &[&str] = &crate::model::CYCLONEDX_TYPES;

/// The external reference types of CycloneDX 1.6.
pub(super) const REF_TYPES: &[&str] = &[
    "vcs",
    "issue-tracker",
    "website",
    "advisories",
    "bom",
    "mailing-list",
    "social",
    "chat",
    "documentation",
    "support",
    "source-distribution",
    "distribution",
    "distribution-intake",
    "license",
    "build-meta",
    "build-system",
    "release-notes",
    "security-contact",
    "model-card",
    "log",
    "configuration",
    "evidence",
    "formulation",
    "attestation",
    "threat-model",
    "adversary-model",
    "risk-assessment",
    "vulnerability-assertion",
    "exploitability-statement",
    "pentest-report",
    "static-analysis-report",
    "dynamic-analysis-report",
    "runtime-analysis-report",
    "component-analysis-report",
    "maturity-report",
    "certification-report",
    "codified-infrastructure",
    "quality-metrics",
    "poam",
    "electronic-signature",
    "digital-signature",
    "rfc-9116",
    "other",
];

/// The identity fields of `evidence.identity` in 1.6.
pub(super) const IDENTITY_FIELDS: &[&str] = &[
    "group",
    "name",
    "version",
    "purl",
    "cpe",
    "omniborId",
    "swhid",
    "swid",
    "hash",
];

/// The analysis techniques of `evidence.identity.methods` in 1.6.
pub(super) const TECHNIQUES: &[&str] = &[
    "source-code-analysis",
    "binary-analysis",
    "manifest-analysis",
    "ast-fingerprint",
    "hash-comparison",
    "instrumentation",
    "dynamic-analysis",
    "filename",
    "attestation",
    "other",
];

/// A CycloneDX component.

#[derive(Serialize)]
pub(super) struct Comp<'a> {
    #[serde(rename = "type")]
    pub(super) kind: &'a str,
    #[serde(rename = "bom-ref")]
    pub(super) bom_ref: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) supplier: Option<Entity<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) manufacturer: Option<Entity<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) authors: Vec<Contact<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) publisher: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) group: Option<&'a str>,
    pub(super) name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) scope: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) hashes: Vec<HashW>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) licenses: Vec<LicenseW<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) copyright: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) cpe: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) purl: Option<&'a str>,
    #[serde(rename = "omniborId", skip_serializing_if = "Vec::is_empty")]
    pub(super) omnibor_id: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) swhid: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) swid: Option<Swid<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) pedigree: Option<Pedigree<'a>>,
    #[serde(rename = "externalReferences", skip_serializing_if = "Vec::is_empty")]
    pub(super) external_references: Vec<ExtRef<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) components: Vec<Comp<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) evidence: Option<EvidenceW<'a>>,
    #[serde(rename = "releaseNotes", skip_serializing_if = "Option::is_none")]
    pub(super) release_notes: Option<ReleaseNotes<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) properties: Vec<Property<'a>>,
}

/// `pedigree`: the components this one derives from, descends to, or is a variant of.
#[derive(Serialize, Default)]
pub(super) struct Pedigree<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) ancestors: Vec<Comp<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) descendants: Vec<Comp<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) variants: Vec<Comp<'a>>,
}

/// A CycloneDX service.
#[derive(Serialize)]
pub(super) struct Svc<'a> {
    #[serde(rename = "bom-ref")]
    pub(super) bom_ref: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) provider: Option<Entity<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) group: Option<&'a str>,
    pub(super) name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) description: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) endpoints: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) authenticated: Option<bool>,
    #[serde(rename = "x-trust-boundary", skip_serializing_if = "Option::is_none")]
    pub(super) trust_boundary: Option<bool>,
    #[serde(rename = "trustZone", skip_serializing_if = "Option::is_none")]
    pub(super) trust_zone: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) data: Vec<Flow<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) licenses: Vec<LicenseW<'a>>,
    #[serde(rename = "externalReferences", skip_serializing_if = "Vec::is_empty")]
    pub(super) external_references: Vec<ExtRef<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) services: Vec<Svc<'a>>,
    #[serde(rename = "releaseNotes", skip_serializing_if = "Option::is_none")]
    pub(super) release_notes: Option<ReleaseNotes<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) properties: Vec<Property<'a>>,
}

#[derive(Serialize)]
pub(super) struct Flow<'a> {
    pub(super) flow: &'static str,
    pub(super) classification: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) name: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) source: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) destination: Vec<String>,
}

/// `organizationalEntity`.
#[derive(Serialize)]
pub(super) struct Entity<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) address: Option<Address<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) url: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) contact: Vec<Contact<'a>>,
}

#[derive(Serialize)]
pub(super) struct Address<'a> {
    pub(super) country: &'a str,
}

/// `organizationalContact`.
#[derive(Serialize)]
pub(super) struct Contact<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) email: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct HashW {
    pub(super) alg: &'static str,
    pub(super) content: String,
}

#[derive(Serialize)]
pub(super) struct LicenseW<'a> {
    pub(super) license: LicenseName<'a>,
}

#[derive(Serialize)]
pub(super) struct LicenseName<'a> {
    pub(super) name: &'a str,
}

#[derive(Serialize)]
pub(super) struct Swid<'a> {
    #[serde(rename = "tagId")]
    pub(super) tag_id: &'a str,
    pub(super) name: &'a str,
}

#[derive(Serialize)]
pub(super) struct ExtRef<'a> {
    pub(super) url: String,
    #[serde(rename = "type")]
    pub(super) kind: &'a str,
}

#[derive(Serialize)]
pub(super) struct ReleaseNotes<'a> {
    /// Required by the schema; the reader keeps only the timestamp, so the type is not known.
    #[serde(rename = "type")]
    pub(super) kind: &'static str,
    pub(super) timestamp: &'a str,
}

#[derive(Serialize)]
pub(super) struct Property<'a> {
    pub(super) name: &'a str,
    pub(super) value: &'a str,
}

#[derive(Serialize, Default)]
pub(super) struct EvidenceW<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) identity: Vec<Identity<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) occurrences: Vec<Occurrence<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) callstack: Option<Callstack<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) licenses: Vec<LicenseW<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) copyright: Vec<CopyrightW<'a>>,
}

#[derive(Serialize)]
pub(super) struct Identity<'a> {
    pub(super) field: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) confidence: Option<f64>,
    #[serde(rename = "concludedValue", skip_serializing_if = "Option::is_none")]
    pub(super) concluded_value: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) methods: Vec<Method<'a>>,
}

#[derive(Serialize)]
pub(super) struct Method<'a> {
    pub(super) technique: &'a str,
    /// Required by the schema; the reader does not keep it, so 0 stands for "not known".
    pub(super) confidence: f64,
    pub(super) value: &'a str,
}

#[derive(Serialize)]
pub(super) struct Occurrence<'a> {
    pub(super) location: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) offset: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) symbol: Option<&'a str>,
}

#[derive(Serialize, Default)]
pub(super) struct Callstack<'a> {
    pub(super) frames: Vec<Frame<'a>>,
}

#[derive(Serialize, Default)]
pub(super) struct Frame<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) package: Option<&'a str>,
    pub(super) module: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) function: Option<&'a str>,
    #[serde(rename = "fullFilename", skip_serializing_if = "Option::is_none")]
    pub(super) full_filename: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct CopyrightW<'a> {
    pub(super) text: &'a str,
}
