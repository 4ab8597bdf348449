//! The result of screening: a [`Finding`] per flagged component, with its evidence, legal basis
//! and path. Produced by `screen`, judged by `policy`, rendered by `report`.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::model::{Location, Purl};

/// Stable kebab-case finding codes; each is also a SARIF rule id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// A product within the scope of an ICTS Final Determination in force (Kaspersky
    /// cybersecurity / anti-virus software): the determination bars Kaspersky's transactions
    /// with U.S. persons, not anyone's use.
    ProhibitedIct,
    /// A product that integrates, depends on or derives from a product within an ICTS Final
    /// Determination (the determination's integration class).
    IntegratedProhibitedIct,
    /// Evidence of a release on or after the determination's update cut-off: a Kaspersky update,
    /// or a third-party product integrating Kaspersky software.
    PostCutoffUpdate,
    /// Equipment or services within the scope of an FCC Covered List / NDAA section 889 entry.
    CoveredList,
    /// A product that contains, depends on or derives from Covered List equipment or software.
    IntegratedCoveredList,
    /// A product a federal-use rule bars from federal systems or procurement (DHS BOD 17-01,
    /// NDAA FY2018 section 1634 "in whole or in part"), including integrating products.
    FederalUseRestriction,
    /// A supplier on a restricted-party list (Entity List, SDN, UFLPA, imported lists).
    RestrictedParty,
    /// A company on the DoD list of Chinese military companies (NDAA FY2021 section 1260H): no
    /// sanctions by itself; FY2024 NDAA section 805 bars DoD contracts and purchases later.
    #[serde(rename = "dod-1260h-listing")]
    Dod1260hListing,
    /// A watchlisted company organized under the laws of, or subject to the jurisdiction of, a
    /// foreign adversary, with no list designation in force.
    AdversaryControlledSupplier,
    /// An unknown supplier whose postal country or e-mail/URL country domain is in an adversary
    /// jurisdiction: a signal, not an accusation.
    AdversaryJurisdictionSignal,
    /// Software from a designated company that is outside the designation's scope (e.g.
    /// Kaspersky's Kaspresso test framework, Threat Intelligence).
    OutOfScopeVendorMatch,
    /// A document that declares less provenance than the policy's `[require]` asks: a policy
    /// requirement, not a screening signal.
    InsufficientProvenance,
}

impl Code {
    /// Every code, in documentation order.
    pub const ALL: [Code; 12] = [
        Code::ProhibitedIct,
        Code::IntegratedProhibitedIct,
        Code::PostCutoffUpdate,
        Code::CoveredList,
        Code::IntegratedCoveredList,
        Code::FederalUseRestriction,
        Code::RestrictedParty,
        Code::Dod1260hListing,
        Code::AdversaryControlledSupplier,
        Code::AdversaryJurisdictionSignal,
        Code::OutOfScopeVendorMatch,
        Code::InsufficientProvenance,
    ];

    /// The kebab-case code.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::ProhibitedIct => "prohibited-ict",
            Code::IntegratedProhibitedIct => "integrated-prohibited-ict",
            Code::PostCutoffUpdate => "post-cutoff-update",
            Code::CoveredList => "covered-list",
            Code::IntegratedCoveredList => "integrated-covered-list",
            Code::FederalUseRestriction => "federal-use-restriction",
            Code::RestrictedParty => "restricted-party",
            Code::Dod1260hListing => "dod-1260h-listing",
            Code::AdversaryControlledSupplier => "adversary-controlled-supplier",
            Code::AdversaryJurisdictionSignal => "adversary-jurisdiction-signal",
            Code::OutOfScopeVendorMatch => "out-of-scope-vendor-match",
            Code::InsufficientProvenance => "insufficient-provenance",
        }
    }

    /// One sentence saying what the code means (README table, SARIF rule description).
    pub fn description(self) -> &'static str {
        match self {
            Code::ProhibitedIct => {
                "Product within the scope of an ICTS Final Determination in force (15 CFR part 791): Kaspersky may not enter new agreements with U.S. persons (2024-07-20) or provide updates, KSN, resale, integration or licensing (2024-09-29); continued end-user use is not penalized"
            }
            Code::IntegratedProhibitedIct => {
                "Product that integrates, depends on or derives from software within an ICTS Final Determination (the determination's integration class)"
            }
            Code::PostCutoffUpdate => {
                "Evidence of a post-cut-off Kaspersky update, or of a third-party product integrating Kaspersky software released on or after the 2024-09-29 cut-off; prohibited if supplied to or used by a U.S. person"
            }
            Code::CoveredList => {
                "Equipment or services within the scope of an FCC Covered List / NDAA section 889 entry"
            }
            Code::IntegratedCoveredList => {
                "Product that integrates, depends on or derives from Covered List equipment or software"
            }
            Code::FederalUseRestriction => {
                "Product a federal-use rule bars from federal systems or procurement (DHS BOD 17-01; NDAA FY2018 section 1634, in whole or in part); federal use only"
            }
            Code::RestrictedParty => {
                "Supplier on a restricted-party list (BIS Entity List, OFAC SDN, UFLPA, imported lists)"
            }
            Code::Dod1260hListing => {
                "Company on the DoD 1260H list of Chinese military companies: no sanctions by itself; FY2024 NDAA section 805 bars DoD contracts from 2026-06-30 and purchases of its goods and services from 2027-06-30"
            }
            Code::AdversaryControlledSupplier => {
                "Watchlisted company organized under the laws of, or subject to the jurisdiction of, a foreign adversary, with no list designation in force"
            }
            Code::AdversaryJurisdictionSignal => {
                "A supplier on no list whose postal address, web site or company e-mail is in a foreign-adversary jurisdiction (or, with no supplier declared, whose references point there): a signal, not an accusation"
            }
            Code::OutOfScopeVendorMatch => {
                "Software of a designated company that falls outside a designation's scope (scope review: low) or in an excluded category (info)"
            }
            Code::InsufficientProvenance => {
                "A document that declares less supplier provenance than the policy's [require] asks: absence of adversary code cannot be shown for what it leaves undeclared"
            }
        }
    }

    /// The default severity before policy overrides.
    pub fn default_severity(self) -> Severity {
        match self {
            Code::PostCutoffUpdate => Severity::Critical,
            Code::ProhibitedIct | Code::IntegratedProhibitedIct => Severity::High,
            Code::CoveredList | Code::IntegratedCoveredList => Severity::High,
            Code::FederalUseRestriction | Code::RestrictedParty => Severity::Medium,
            Code::Dod1260hListing => Severity::Low,
            Code::AdversaryControlledSupplier => Severity::Low,
            Code::AdversaryJurisdictionSignal => Severity::Low,
            Code::OutOfScopeVendorMatch => Severity::Info,
            // Only a policy that asks for provenance produces it: it fails at the default fail-on.
            Code::InsufficientProvenance => Severity::High,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Code {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
                format!(
                    "unknown finding code {s:?} (expected one of: {})",
                    all.join(", ")
                )
            })
    }
}

/// How serious a finding is; ordered from `Info` (lowest) to `Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// For the record.
    Info,
    /// A signal worth a look.
    Low,
    /// Needs review.
    Medium,
    /// Likely prohibited or restricted.
    High,
    /// Evidence of a transaction after a prohibition's cut-off (e.g. a post-cut-off Kaspersky
    /// update); prohibited if supplied to or used by a U.S. person.
    Critical,
}

impl Severity {
    /// Every severity, lowest first.
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// One step lower (test-only or excluded components weigh less); `Info` stays `Info`.
    pub fn lowered(self) -> Severity {
        match self {
            Severity::Critical => Severity::High,
            Severity::High => Severity::Medium,
            Severity::Medium => Severity::Low,
            Severity::Low | Severity::Info => Severity::Info,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str() == s.to_ascii_lowercase())
            .ok_or_else(|| {
                format!("unknown severity {s:?} (expected info, low, medium, high or critical)")
            })
    }
}

/// How strong a piece of evidence is; declared > identifier > text > fuzzy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// An approximate name match.
    Fuzzy,
    /// Free text (copyright, description) names the entity.
    Text,
    /// An identifier (purl namespace, CPE vendor, domain, hash, product or file name).
    Identifier,
    /// A declared party field (supplier, manufacturer, publisher, author, originator).
    Declared,
}

/// One piece of evidence behind a finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Evidence {
    /// The field that matched (`supplier.name`, `purl`, `cpe`, `copyright`, `externalReferences.url`...).
    pub field: String,
    /// The value as written in the SBOM.
    pub value: String,
    /// The watchlist alias or identifier that matched.
    pub matched: String,
    /// The matcher that found it (`party-name`, `purl`, `cpe-vendor`, `domain`, `hash`, `product-name`, `text`).
    pub matcher: String,
    /// How strong it is.
    pub confidence: Confidence,
    /// Where in the file.
    pub location: Location,
}

impl Evidence {
    /// Evidence from borrowed parts.
    pub fn new(
        field: &str,
        value: &str,
        matched: &str,
        matcher: &str,
        confidence: Confidence,
        location: &Location,
    ) -> Evidence {
        Evidence {
            field: field.to_string(),
            value: value.to_string(),
            matched: matched.to_string(),
            matcher: matcher.to_string(),
            confidence,
            location: location.clone(),
        }
    }
}

/// The legal basis of a finding: one designation of the entity, as cited in the watchlist,
/// judged on its own for this component on the as-of date.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LegalBasis {
    /// The list or act (`ICTS Final Determination`, `FCC Covered List`...).
    pub list: String,
    /// Citation (Federal Register document, CFR section, statute).
    pub citation: String,
    /// Where to read it.
    pub url: Option<String>,
    /// The date the designation (or the milestone that applies) took effect, `YYYY-MM-DD`.
    pub effective: Option<String>,
    /// The scope text, shortened.
    pub scope: Option<String>,
    /// How this designation applies to the component on the as-of date.
    pub status: BasisStatus,
    /// The milestone in force on the as-of date (`updates-and-integration`), if any.
    pub milestone: Option<String>,
    /// Why the status, for people: the exclusion, scope-review item, category or date.
    pub reason: Option<String>,
}

/// How one designation applies to a component on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BasisStatus {
    /// In force, and the component is within its scope.
    InForce,
    /// In force, but the component is in one of its exclusions (or exemptions).
    Excluded,
    /// In force, but the component is probably outside its scope: a human review is needed.
    ScopeReview,
    /// Its first day is after the as-of date.
    NotYetInForce,
    /// Its last day is before the as-of date (removed, or the attribution ended).
    Ended,
}

impl BasisStatus {
    /// The kebab-case name, as the JSON report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            BasisStatus::InForce => "in-force",
            BasisStatus::Excluded => "excluded",
            BasisStatus::ScopeReview => "scope-review",
            BasisStatus::NotYetInForce => "not-yet-in-force",
            BasisStatus::Ended => "ended",
        }
    }
}

impl fmt::Display for BasisStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl LegalBasis {
    /// `FCC Covered List [in force]` or `... [excluded: Kaspersky Threat Intelligence]`: how the
    /// text reports name one basis with its status.
    pub fn label(&self) -> String {
        match &self.reason {
            Some(r) => format!("{} [{}: {r}]", self.list, self.status),
            None => format!("{} [{}]", self.list, self.status),
        }
    }
}

/// The one line every report carries: what a finding is and is not.
pub const DISCLAIMER: &str = "Findings are screening signals from declared and derived SBOM evidence, not legal determinations.";

/// The component a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ComponentRef {
    /// The SBOM's own id (bom-ref / SPDXID), verbatim.
    #[serde(rename = "ref")]
    pub id: String,
    /// Name.
    pub name: String,
    /// Version.
    pub version: Option<String>,
    /// Package URL, as the document wrote it.
    pub purl: Option<Purl>,
    /// Where in the file.
    pub location: Location,
    /// Whether it is a CycloneDX service rather than a component.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub service: bool,
}

impl ComponentRef {
    /// The name as reports show it: `service NAME` for a service.
    pub fn label(&self) -> String {
        if self.service {
            format!("service {}", self.name)
        } else {
            self.name.clone()
        }
    }
}

/// The watchlist entity a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EntityRef {
    /// Watchlist entry id (`kaspersky`).
    pub id: String,
    /// Legal name.
    pub name: String,
}

/// Whether the flagged component ships: screening sets it from the graph and the SBOM's own
/// scope, and policy lowers findings whose component does not (unless `[scope] test-only =
/// "keep"`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Part of the delivered product (or nothing says otherwise).
    #[default]
    Delivered,
    /// Reached only through development, test or build dependencies.
    TestOnly,
    /// The SBOM marks it excluded from the delivered product.
    Excluded,
}

impl Scope {
    /// Whether the component does not ship with the product.
    pub fn is_reduced(self) -> bool {
        self != Scope::Delivered
    }
}

/// A flagged component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What kind of finding.
    pub code: Code,
    /// Severity from the code and the evidence, before policy: `policy` applies overrides and
    /// lowers findings whose [`Scope`] is reduced, once.
    pub severity: Severity,
    /// The strongest evidence's confidence.
    pub confidence: Confidence,
    /// The SBOM file the finding came from.
    pub document: String,
    /// The flagged component.
    pub component: ComponentRef,
    /// The entity it is attributed to.
    pub entity: EntityRef,
    /// For integration findings: the flagged component this one integrates.
    pub integrates: Option<ComponentRef>,
    /// One sentence for people.
    pub message: String,
    /// Designations in force as of the screening date that make this a finding.
    pub legal_basis: Vec<LegalBasis>,
    /// What matched, strongest first.
    pub evidence: Vec<Evidence>,
    /// Component ids from a root of the document to the component (or, for integration
    /// findings, to the integrated component).
    pub path: Vec<String>,
    /// Whether the component (for integration findings: the integration) ships.
    pub scope: Scope,
    /// Scope notes for people: excluded category, test-only scope, out-of-scope product.
    pub notes: Vec<String>,
}

/// The waiver that covers a finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct WaivedBy {
    /// Index of the waiver in the policy's list.
    pub index: usize,
    /// Its reason.
    pub reason: String,
    /// Its expiry, `YYYY-MM-DD`.
    pub until: Option<String>,
    /// Where it is in the policy file (`bomscreen.toml:12`).
    pub defined_at: Option<String>,
}

/// A finding with the policy's judgement: the one shape every report, `explain`, `graph
/// --flagged` and `diff` use. Its order ([`Ord`]) is the one report order: document, severity
/// (highest first), code, component, entity, then the integrated component, path, evidence and
/// message as tie-breakers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// The finding as screening produced it.
    pub finding: Finding,
    /// Final severity: the policy's override, then scope lowering.
    pub severity: Severity,
    /// True when the severity was lowered because the component does not ship.
    pub scope_lowered: bool,
    /// The waiver that accepts it, if any.
    pub waived: Option<WaivedBy>,
    /// True when it counts against `fail-on` (severity high enough and not waived).
    pub fails: bool,
}

impl Judged {
    /// The line of the component in its document, where known.
    pub fn line(&self) -> Option<u32> {
        self.finding.component.location.line
    }

    /// `sbom.json:42` or `sbom.json`; for an audited artifact, where inside it
    /// (`router.bin!squashfs@0x1a0000:/usr/lib/libavs.so`).
    pub fn place(&self) -> String {
        let doc = &self.finding.document;
        let pointer = &self.finding.component.location.pointer;
        let inside = pointer
            .strip_prefix(doc.as_str())
            .is_some_and(|rest| rest.starts_with(['!', ':']));
        if inside {
            return match self.line() {
                Some(l) => format!("{pointer}:{l}"),
                None => pointer.clone(),
            };
        }
        match self.line() {
            Some(l) => format!("{}:{l}", self.finding.document),
            None => self.finding.document.clone(),
        }
    }

    fn key(&self) -> impl Ord + '_ {
        let f = &self.finding;
        (
            &f.document,
            std::cmp::Reverse(self.severity),
            f.code,
            &f.component.id,
            &f.entity.id,
            &f.integrates,
            &f.path,
            &f.evidence,
            &f.message,
        )
    }
}

impl Ord for Judged {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key()
            .cmp(&other.key())
            .then_with(|| self.waived.cmp(&other.waived))
            .then_with(|| self.fails.cmp(&other.fails))
    }
}

impl PartialOrd for Judged {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// As the JSON report writes a finding (`schemas/report.schema.json`, `findings[]`): the
/// screening fields and the judgement side by side, the screening severity under its own name.
impl Serialize for Judged {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Wire<'a> {
            code: Code,
            severity: Severity,
            screening_severity: Severity,
            fails: bool,
            confidence: Confidence,
            document: &'a str,
            component: &'a ComponentRef,
            entity: &'a EntityRef,
            integrates: &'a Option<ComponentRef>,
            message: &'a str,
            legal_basis: &'a [LegalBasis],
            evidence: &'a [Evidence],
            path: &'a [String],
            scope: Scope,
            notes: &'a [String],
            scope_lowered: bool,
            waived: &'a Option<WaivedBy>,
        }
        let f = &self.finding;
        Wire {
            code: f.code,
            severity: self.severity,
            screening_severity: f.severity,
            fails: self.fails,
            confidence: f.confidence,
            document: &f.document,
            component: &f.component,
            entity: &f.entity,
            integrates: &f.integrates,
            message: &f.message,
            legal_basis: &f.legal_basis,
            evidence: &f.evidence,
            path: &f.path,
            scope: f.scope,
            notes: &f.notes,
            scope_lowered: self.scope_lowered,
            waived: &self.waived,
        }
        .serialize(s)
    }
}
