//! The relation types of CycloneDX, SPDX 2 and SPDX 3, mapped onto bomscreen's few edge kinds.
//!
//! One direction convention for every edge: it points from the product (consumer, container,
//! derived work) to what it uses, contains or derives from. So the components that reach a
//! flagged component are exactly the products it exposes.

use serde::Serialize;

/// What an edge means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// The source physically includes the target (nesting, SPDX `CONTAINS`).
    Contains,
    /// The source needs the target (CycloneDX `dependsOn`, SPDX `DEPENDS_ON` and kin).
    DependsOn,
    /// The source was made from the target (pedigree ancestor, `GENERATED_FROM`, `COPY_OF`).
    DerivedFrom,
    /// The source and target are related variants; which came first is unknown.
    VariantOf,
    /// The document (or an SBOM element) describes the target.
    Describes,
    /// Any other stated relation; kept for display, not followed when tracing exposure.
    Other,
}

impl EdgeKind {
    /// The kebab-case name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Contains => "contains",
            EdgeKind::DependsOn => "depends-on",
            EdgeKind::DerivedFrom => "derived-from",
            EdgeKind::VariantOf => "variant-of",
            EdgeKind::Describes => "describes",
            EdgeKind::Other => "other",
        }
    }

    /// Whether exposure travels along this edge (everything except `other`).
    pub fn carries_exposure(self) -> bool {
        !matches!(self, EdgeKind::Other)
    }
}

/// The kind of dependency or containment, where the document says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flavour {
    /// Needed at run time (SPDX `RUNTIME_DEPENDENCY_OF`, SPDX 3 lifecycle `runtime`).
    Runtime,
    /// Development only (`DEV_DEPENDENCY_OF`, `DEV_TOOL_OF`, lifecycle `development`).
    Dev,
    /// Tests only (`TEST_DEPENDENCY_OF`, `TEST_CASE_OF`, lifecycle `test`).
    Test,
    /// Build only (`BUILD_DEPENDENCY_OF`, `BUILD_TOOL_OF`, lifecycle `build`).
    Build,
    /// Optional (`OPTIONAL_DEPENDENCY_OF`, `OPTIONAL_COMPONENT_OF`).
    Optional,
    /// Expected to be provided by the environment (`PROVIDED_DEPENDENCY_OF`).
    Provided,
}

impl Flavour {
    /// The kebab-case name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Flavour::Runtime => "runtime",
            Flavour::Dev => "dev",
            Flavour::Test => "test",
            Flavour::Build => "build",
            Flavour::Optional => "optional",
            Flavour::Provided => "provided",
        }
    }
}

/// How a stated relation becomes an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mapping {
    /// An edge `from -> to` as stated.
    Forward(EdgeKind, Option<Flavour>),
    /// An edge `to -> from`: the statement is phrased from the other end.
    Reverse(EdgeKind, Option<Flavour>),
    /// Not a relation between components (licences, agents, vulnerabilities): no edge, no warning.
    Ignore,
}

/// Maps a relation type as written to an edge.
///
/// SPDX 3 `relationshipType` values are SPDX 2's names in camelCase where both exist
/// (`DEPENDS_ON` / `dependsOn`, `GENERATED_FROM` is gone, `generates` stays), and some SPDX 3
/// producers (Microsoft sbom-tool) write the SPDX 2 spelling, so types are compared on their
/// letters only, case-folded. Unknown types become `other` edges, so nothing stated is lost.
pub fn map(kind: &str, lifecycle: Option<&str>) -> Mapping {
    use EdgeKind::*;
    use Flavour::*;
    use Mapping::{Forward as F, Ignore, Reverse as R};
    let key: String = kind
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let life = lifecycle.and_then(lifecycle_flavour);
    match key.as_str() {
        // CycloneDX 1.x `dependencies[].dependsOn`: "The bom-ref identifiers of the components
        // or services that are dependencies of this dependency object."
        // SPDX 2.3 §11.1 DEPENDS_ON: "SPDXRef-A depends on SPDXRef-B"; SPDX 3 `dependsOn`,
        // whose LifecycleScopedRelationship `scope` gives the flavour.
        "dependson" => F(DependsOn, life),
        // CycloneDX 1.6 `provides`: "the bom-ref identifiers of the components or services that
        // are provided by this component" (crypto assets); no supply relation.
        "provides" => F(Other, None),
        // SPDX 2.3 §11.1 DESCRIBES: "SPDXRef-DOCUMENT describes SPDXRef-A". `DESCRIBE` is
        // Trivy's misspelling of it (seen in Trivy 0.3x SPDX output).
        "describes" | "describe" => F(Describes, None),
        // DESCRIBED_BY: "SPDXRef-A is described by SPDXRef-Document".
        "describedby" => R(Describes, None),
        // CONTAINS: "SPDXRef-A contains SPDXRef-B"; CONTAINED_BY: "SPDXRef-A is contained by
        // SPDXRef-B".
        "contains" => F(Contains, life),
        "containedby" => R(Contains, life),
        // "SPDXRef-A is dependency of SPDXRef-B" and its flavoured kin: B depends on A.
        "dependencyof" => R(DependsOn, life),
        "runtimedependencyof" => R(DependsOn, Some(Runtime)),
        "builddependencyof" => R(DependsOn, Some(Build)),
        "devdependencyof" => R(DependsOn, Some(Dev)),
        "testdependencyof" => R(DependsOn, Some(Test)),
        "optionaldependencyof" => R(DependsOn, Some(Optional)),
        "provideddependencyof" => R(DependsOn, Some(Provided)),
        // SPDX 3: "hasOptionalDependency", "hasProvidedDependency", "hasPrerequisite" state the
        // dependant first. SPDX 2 HAS_PREREQUISITE: "SPDXRef-A has as a prerequisite SPDXRef-B".
        "hasoptionaldependency" => F(DependsOn, Some(Optional)),
        "hasprovideddependency" => F(DependsOn, Some(Provided)),
        "hasprerequisite" => F(DependsOn, life),
        // PREREQUISITE_FOR: "SPDXRef-A is a prerequisite for SPDXRef-B".
        "prerequisitefor" => R(DependsOn, None),
        // DYNAMIC_LINK / STATIC_LINK: "SPDXRef-A dynamically (statically) links to SPDXRef-B";
        // SPDX 3 hasDynamicLink / hasStaticLink. Linking is use: A depends on B.
        "dynamiclink" | "staticlink" | "hasdynamiclink" | "hasstaticlink" => F(DependsOn, life),
        // BUILD_TOOL_OF: "SPDXRef-A is used to build SPDXRef-B"; DEV_TOOL_OF: "SPDXRef-A is used
        // as a development tool for SPDXRef-B"; TEST_TOOL_OF, TEST_OF, TEST_CASE_OF likewise.
        "buildtoolof" => R(DependsOn, Some(Build)),
        "devtoolof" => R(DependsOn, Some(Dev)),
        "testtoolof" | "testof" | "testcaseof" => R(DependsOn, Some(Test)),
        // SPDX 3 hasTest / hasTestCase, usesTool ("The from Element uses each to Element as a tool").
        "hastest" | "hastestcase" => F(DependsOn, Some(Test)),
        "usestool" => F(DependsOn, life.or(Some(Build))),
        // GENERATED_FROM: "SPDXRef-A was generated from SPDXRef-B"; GENERATES: "SPDXRef-A
        // generates SPDXRef-B" (SPDX 3 `generates` alike).
        "generatedfrom" => F(DerivedFrom, None),
        "generates" => R(DerivedFrom, None),
        // DESCENDANT_OF: "SPDXRef-A is a descendant of (same lineage but postdates) SPDXRef-B";
        // ANCESTOR_OF: "SPDXRef-A is an ancestor (same lineage but pre-dates) SPDXRef-B".
        "descendantof" => F(DerivedFrom, None),
        "ancestorof" => R(DerivedFrom, None),
        // COPY_OF: "SPDXRef-A is an exact copy of SPDXRef-B"; SPDX 3 copiedTo: "The from Element
        // has been copied to each to Element".
        "copyof" => F(DerivedFrom, None),
        "copiedto" => R(DerivedFrom, None),
        // FILE_MODIFIED: "SPDXRef-A is a file that was modified from SPDXRef-B".
        "filemodified" => F(DerivedFrom, None),
        // PATCH_APPLIED: "SPDXRef-A is a patch file that has been applied to SPDXRef-B": B now
        // carries A's code. PATCH_FOR ("to be applied to") has not happened yet: other.
        "patchapplied" => R(DerivedFrom, None),
        // VARIANT_OF: "SPDXRef-A is a variant of (same lineage but not clear which came first)
        // SPDXRef-B"; SPDX 3 hasVariant. Symmetric in meaning: the edge follows the statement.
        "variantof" | "hasvariant" => F(VariantOf, None),
        // FILE_ADDED: "SPDXRef-A is a file that was added to SPDXRef-B"; PACKAGE_OF: "SPDXRef-A
        // is used as a package as part of SPDXRef-B"; EXPANDED_FROM_ARCHIVE: "SPDXRef-A is
        // expanded from the archive SPDXRef-B" (the archive holds it); OPTIONAL_COMPONENT_OF:
        // "SPDXRef-A is an optional component of SPDXRef-B".
        "fileadded" | "packageof" | "expandedfromarchive" => R(Contains, None),
        "optionalcomponentof" => R(Contains, Some(Optional)),
        // SPDX 3 hasAddedFile, expandsTo ("The from archive expands out as an artifact described
        // by each to Element"), hasOptionalComponent.
        "hasaddedfile" | "expandsto" => F(Contains, None),
        "hasoptionalcomponent" => F(Contains, Some(Optional)),
        // Relations to licences, agents and vulnerabilities: their ends are not components.
        "hasconcludedlicense"
        | "hasdeclaredlicense"
        | "packagedby"
        | "publishedby"
        | "republishedby"
        | "coordinatedby"
        | "delegatedto"
        | "reportedby"
        | "foundby"
        | "invokedby"
        | "affects"
        | "doesnotaffect"
        | "fixedby"
        | "fixedin"
        | "exploitcreatedby"
        | "hasassessmentfor"
        | "hasassociatedvulnerability"
        | "underinvestigationfor"
        | "availablefrom"
        | "hasevidence" => Ignore,
        // Everything else (DOCUMENTATION_OF, METAFILE_OF, DATA_FILE_OF, EXAMPLE_OF, AMENDS,
        // PATCH_FOR, FILE_DELETED, DISTRIBUTION_ARTIFACT, DEPENDENCY_MANIFEST_OF,
        // SPECIFICATION_FOR, REQUIREMENT_DESCRIPTION_FOR, OTHER, SPDX 3 hasDocumentation,
        // hasMetadata, trainedOn, testedOn, ... and unknown types): kept as stated, as `other`.
        _ => F(Other, None),
    }
}

/// SPDX 3 `LifecycleScopeType`: design, development, build, test, runtime, other.
fn lifecycle_flavour(scope: &str) -> Option<Flavour> {
    match scope.to_ascii_lowercase().as_str() {
        "build" => Some(Flavour::Build),
        "development" | "dev" => Some(Flavour::Dev),
        "test" => Some(Flavour::Test),
        "runtime" => Some(Flavour::Runtime),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependency_of_is_reversed_with_its_flavour() {
        assert_eq!(
            map("DEPENDENCY_OF", None),
            Mapping::Reverse(EdgeKind::DependsOn, None)
        );
        assert_eq!(
            map("DEV_DEPENDENCY_OF", None),
            Mapping::Reverse(EdgeKind::DependsOn, Some(Flavour::Dev))
        );
        assert_eq!(
            map("TEST_DEPENDENCY_OF", None),
            Mapping::Reverse(EdgeKind::DependsOn, Some(Flavour::Test))
        );
        assert_eq!(
            map("CONTAINED_BY", None),
            Mapping::Reverse(EdgeKind::Contains, None)
        );
    }

    #[test]
    fn spdx3_camel_case_and_spdx2_spelling_agree() {
        assert_eq!(map("dependsOn", None), map("DEPENDS_ON", None));
        assert_eq!(
            map("dependsOn", Some("development")),
            Mapping::Forward(EdgeKind::DependsOn, Some(Flavour::Dev))
        );
        assert_eq!(
            map("ancestorOf", None),
            Mapping::Reverse(EdgeKind::DerivedFrom, None)
        );
        assert_eq!(map("hasConcludedLicense", None), Mapping::Ignore);
        assert_eq!(map("HAS_DECLARED_LICENSE", None), Mapping::Ignore);
    }

    #[test]
    fn unknown_types_are_kept_as_other() {
        assert_eq!(map("OTHER", None), Mapping::Forward(EdgeKind::Other, None));
        assert_eq!(
            map("frobnicates", None),
            Mapping::Forward(EdgeKind::Other, None)
        );
        assert_eq!(
            map("DESCRIBE", None),
            Mapping::Forward(EdgeKind::Describes, None)
        );
    }
}
