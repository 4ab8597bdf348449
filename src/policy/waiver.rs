//! Waivers: an accepted finding, chosen by component (and its versions), entity and code, with a
//! reason and an optional expiry. A waived finding stays in the report, marked waived, and does
//! not fail the run.

use jiff::civil::Date;
use serde::Serialize;

use super::versions::Versions;
use crate::finding::{self, ComponentRef, Finding};
use crate::model::{Purl, Upto};

/// Which components a waiver covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "value")]
pub enum ComponentSelector {
    /// The SBOM's own id (bom-ref / SPDXID), compared verbatim.
    Ref(String),
    /// A package URL pattern where `*` matches any run of characters
    /// (`pkg:npm/@kaspersky/*`), parsed like any purl; see [`purl_matches`].
    Purl(Purl),
}

/// One `[[waiver]]` of the policy file, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waiver {
    /// The component selector (`component = ...`), if any.
    pub component: Option<ComponentSelector>,
    /// A component name pattern (`name = ...`, `*` glob, case-insensitive), if any.
    pub name: Option<String>,
    /// A semver requirement on the selected component's version (`versions = "<21.4"`), if any.
    pub versions: Option<Versions>,
    /// The watchlist entity id (`entity = ...`); any entity when absent.
    pub entity: Option<String>,
    /// The finding code (`code = ...`); any code when absent.
    pub code: Option<finding::Code>,
    /// Why the finding is accepted (required, shown in every report).
    pub reason: String,
    /// The last day the waiver applies, inclusive.
    #[serde(serialize_with = "serialize_date")]
    pub until: Option<Date>,
    /// The line of the `[[waiver]]` header in the policy file, for diagnostics and reports.
    pub line: Option<u32>,
}

fn serialize_date<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

impl Waiver {
    /// Whether the waiver has expired: the screening date is after `until`.
    pub fn is_expired(&self, as_of: Date) -> bool {
        self.until.is_some_and(|until| as_of > until)
    }

    /// Whether the waiver covers the finding (ignoring expiry). A component selector matches
    /// the finding's component, or, for integration findings, the integrated component: waiving
    /// an engine waives the findings it causes in the products that integrate it. `versions`
    /// applies to the same component: its version must satisfy the requirement
    /// ([`Versions::matches`]).
    pub fn matches(&self, f: &Finding) -> bool {
        if self.code.is_some_and(|c| c != f.code) {
            return false;
        }
        if self.entity.as_deref().is_some_and(|e| e != f.entity.id) {
            return false;
        }
        let selects = |c: &ComponentRef| {
            self.component.as_ref().is_none_or(|sel| match sel {
                ComponentSelector::Ref(r) => *r == c.id,
                ComponentSelector::Purl(p) => {
                    c.purl.as_ref().is_some_and(|purl| purl_matches(p, purl))
                }
            }) && self
                .name
                .as_deref()
                .is_none_or(|n| glob_matches(&n.to_lowercase(), &c.name.to_lowercase()))
                && self
                    .versions
                    .as_ref()
                    .is_none_or(|v| v.matches(c.version.as_deref()))
        };
        selects(&f.component) || f.integrates.as_ref().is_some_and(selects)
    }

    /// A short description of what the waiver selects, for reports (`component pkg:npm/x*, entity kaspersky`).
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        match &self.component {
            Some(ComponentSelector::Ref(r)) => parts.push(format!("ref {r}")),
            Some(ComponentSelector::Purl(p)) => parts.push(format!("purl {p}")),
            None => {}
        }
        if let Some(n) = &self.name {
            parts.push(format!("name {n}"));
        }
        if let Some(v) = &self.versions {
            parts.push(format!("versions {}", v.text));
        }
        if let Some(e) = &self.entity {
            parts.push(format!("entity {e}"));
        }
        if let Some(c) = self.code {
            parts.push(format!("code {c}"));
        }
        parts.join(", ")
    }
}

/// Whether a purl pattern matches a purl. Both sides are compared in [`Purl::normalized`] form:
/// percent-decoded (npm scopes are written `%40scope` by the purl spec and `@scope` by people)
/// and folded by the type's case rule (`pkg:npm/@Kaspersky/*` covers `pkg:npm/%40kaspersky/x`).
/// A pattern without a version matches every version: it is also tried against the purl
/// without `?qualifiers` and `#subpath`, then without `@version`.
pub fn purl_matches(pattern: &Purl, purl: &Purl) -> bool {
    let pattern = pattern.normalized(Upto::All);
    [Upto::All, Upto::Version, Upto::Name]
        .into_iter()
        .any(|upto| glob_matches(&pattern, &purl.normalized(upto)))
}

/// A `*` glob over characters: `*` matches any run (including `/`), everything else itself.
/// Linear-time greedy matching with backtracking to the last star, so hostile patterns cannot
/// blow up.
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob() {
        assert!(glob_matches(
            "pkg:npm/@kaspersky/*",
            "pkg:npm/@kaspersky/sdk@1.0.0"
        ));
        assert!(glob_matches("*", ""));
        assert!(glob_matches("a*b*c", "axxbyyc"));
        assert!(!glob_matches("a*b*c", "axxbyy"));
        assert!(glob_matches("exact", "exact"));
        assert!(!glob_matches("exact", "exactly"));
        // Many stars against a long text finish quickly.
        let long = "a".repeat(5_000);
        assert!(!glob_matches(
            &"*a"
                .repeat(50)
                .chars()
                .chain("b".chars())
                .collect::<String>(),
            &long
        ));
    }

    #[test]
    fn purl_patterns() {
        let purl_matches = |p: &str, q: &str| purl_matches(&Purl::new(p), &Purl::new(q));
        assert!(purl_matches(
            "pkg:npm/@kaspersky/*",
            "pkg:npm/%40kaspersky/kav-sdk@2.1.0"
        ));
        assert!(purl_matches(
            "pkg:npm/%40kaspersky/*",
            "pkg:npm/@kaspersky/kav-sdk@2.1.0"
        ));
        assert!(purl_matches(
            "pkg:maven/com.kaspersky/kaspresso",
            "pkg:maven/com.kaspersky/kaspresso@1.5.3"
        ));
        assert!(purl_matches(
            "pkg:npm/@scope/name",
            "pkg:npm/%40scope/name@1.0.0?arch=x64"
        ));
        assert!(purl_matches("pkg:npm/@scope/name", "pkg:npm/%40scope/name"));
        assert!(!purl_matches(
            "pkg:maven/com.kaspersky/kaspresso",
            "pkg:maven/com.kaspersky/kaspresso-x@1.0"
        ));
        assert!(!purl_matches(
            "pkg:npm/@kaspersky/*",
            "pkg:npm/kaspersky@1.0"
        ));
        assert!(purl_matches("pkg:generic/x@1.0", "pkg:generic/x@1.0"));
        assert!(!purl_matches("pkg:generic/x@1.0", "pkg:generic/x@2.0"));
    }

    #[test]
    fn purl_patterns_fold_case_by_type() {
        let purl_matches = |p: &str, q: &str| purl_matches(&Purl::new(p), &Purl::new(q));
        // The example: npm scopes are lowercase, however the waiver spells them.
        assert!(purl_matches(
            "pkg:npm/@Kaspersky/*",
            "pkg:npm/%40kaspersky/x"
        ));
        assert!(purl_matches("pkg:pypi/Foo_Bar", "pkg:pypi/foo-bar@1.0"));
        assert!(purl_matches(
            "pkg:maven/a/b@1?type=jar&classifier=x",
            "pkg:maven/a/b@1?classifier=x&type=jar"
        ));
        // Maven coordinates are case-sensitive.
        assert!(!purl_matches(
            "pkg:maven/com.Kaspersky/*",
            "pkg:maven/com.kaspersky/x@1"
        ));
        // Text that is not a purl is still compared, percent-decoded.
        assert!(purl_matches("*kaspersky*", "pkg:npm/%40kaspersky"));
    }
}
