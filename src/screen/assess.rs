//! Weighing: which designations are in force on the as-of date, whether the component falls in
//! their scope, and how strong the evidence is, decide the finding code and severity.

use jiff::civil::Date;

use super::matcher::Hit;
use crate::finding::{Code, Confidence, LegalBasis, Severity};
use crate::model::Component;
use crate::screen::normalize::padded;
use crate::watchlist::{Designation, DesignationList, Entry, Exclusion};

/// The outcome for one (component, entry) pair.
#[derive(Debug, Clone)]
pub(crate) struct Assessment {
    pub code: Code,
    pub severity: Severity,
    pub legal_basis: Vec<LegalBasis>,
    pub notes: Vec<String>,
    /// A short phrase for the message ("the ICTS Final Determination").
    pub why: String,
}

const SCOPE_CHARS: usize = 300;

/// The legal basis of one designation; `effective` is the milestone that applies, if any.
pub(crate) fn basis(d: &Designation, effective: Option<Date>) -> LegalBasis {
    LegalBasis {
        list: d.list.title().to_string(),
        citation: d.citation.clone(),
        url: d.url.clone(),
        effective: effective.or(d.since).map(|x| x.to_string()),
        scope: d.scope.as_ref().map(|s| shorten(s, SCOPE_CHARS)),
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    if let Some(p) = out.rfind(' ') {
        out.truncate(p);
    }
    out.push('…');
    out
}

/// The leading `YYYY-MM-DD` of a date or timestamp as written.
pub(crate) fn leading_date(s: &str) -> Option<Date> {
    s.trim().get(..10)?.parse().ok()
}

/// Whether an exclusion or scope-review item covers the component: one of its product names
/// as whole words in the component's name or description, or one of its purl prefixes.
fn covers(x: &Exclusion, c: &Component, name: &str, description: &str, as_of: Date) -> bool {
    if x.until.is_some_and(|u| as_of >= u) {
        return false;
    }
    let by_product = x.products.iter().any(|p| {
        let p = padded(p);
        p.trim().len() > 1 && (name.contains(&p) || description.contains(&p))
    });
    // Both sides in the watchlist's normal form (`Purl::prefix_key`), whole segments only.
    let by_purl = c
        .purl
        .as_ref()
        .and_then(|p| p.without_version())
        .is_some_and(|key| {
            x.purls.iter().any(|pre| {
                key.strip_prefix(pre.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
        });
    by_product || by_purl
}

fn is_covered_list(l: &DesignationList) -> bool {
    matches!(
        l,
        DesignationList::FccCoveredList | DesignationList::Ndaa889
    )
}

/// Decides the finding for one entry on one component, or `None` when nothing is in force and
/// the entry is not adversary-controlled.
pub(crate) fn assess(
    entry: &Entry,
    c: &Component,
    hits: &[&Hit],
    adversary_jurisdiction: bool,
    as_of: Date,
) -> Option<Assessment> {
    let strongest = hits.iter().map(|h| h.evidence.confidence).max()?;
    // Text evidence is weak when every text hit is one holder among many.
    let weak_text_only = strongest == Confidence::Text && hits.iter().all(|h| h.weak);
    let fuzzy_only = strongest == Confidence::Fuzzy;
    let in_force: Vec<&Designation> = entry.designations_in_force(as_of).collect();
    let name = padded(&c.name);
    let description = c.description.as_deref().map(padded).unwrap_or_default();
    let mut notes = Vec::new();

    // Scope first: an excluded category or a scope-review item of any designation in force.
    let icts = in_force
        .iter()
        .find(|d| d.list == DesignationList::IctsFinalDetermination);
    let scoped: Vec<&&Designation> = in_force
        .iter()
        .filter(|d| d.list == DesignationList::IctsFinalDetermination || is_covered_list(&d.list))
        .collect();
    for d in &scoped {
        if let Some(x) = d
            .exclusions
            .iter()
            .find(|x| covers(x, c, &name, &description, as_of))
        {
            notes.push(format!(
                "excluded category: {} ({})",
                x.name,
                d.list.title()
            ));
            return Some(Assessment {
                code: Code::OutOfScopeVendorMatch,
                severity: Severity::Info,
                legal_basis: vec![basis(d, None)],
                notes,
                why: format!("outside the {}: {}", d.list.title(), x.name),
            });
        }
        if let Some(x) = d
            .scope_review
            .iter()
            .find(|x| covers(x, c, &name, &description, as_of))
        {
            notes.push(format!("scope review: {}", x.name));
            return Some(Assessment {
                code: Code::OutOfScopeVendorMatch,
                severity: Severity::Low,
                legal_basis: vec![basis(d, None)],
                notes,
                why: format!(
                    "probably outside the {} (scope review: {})",
                    d.list.title(),
                    x.name
                ),
            });
        }
    }

    let (code, mut severity, mut legal_basis, why) = if let Some(d) = icts {
        let cutoff = d
            .milestone("updates-and-integration")
            .map(|m| m.date)
            .filter(|m| *m <= as_of);
        let released = c
            .release_date
            .as_deref()
            .and_then(leading_date)
            .into_iter()
            .chain(c.built_date.as_deref().and_then(leading_date))
            .max();
        match (cutoff, released) {
            (Some(cut), Some(rel)) if rel > cut => {
                notes.push(format!("released {rel}, after the update cut-off of {cut}"));
                (
                    Code::PostCutoffUpdate,
                    Severity::Critical,
                    vec![basis(d, Some(cut))],
                    format!(
                        "a release dated {rel}, after the {} update cut-off of {cut}",
                        d.list.title()
                    ),
                )
            }
            _ => (
                Code::ProhibitedIct,
                Severity::High,
                vec![basis(d, None)],
                format!("within the {}", d.list.title()),
            ),
        }
    } else if !scoped.is_empty() {
        for d in &scoped {
            if let Some(use_) = &d.conditional_use {
                let note = format!("conditional scope: covered when used for {use_}");
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
            for x in &d.exclusions {
                if x.products.is_empty() && x.purls.is_empty() && x.until.is_none_or(|u| as_of < u)
                {
                    notes.push(format!(
                        "exemption to check: {} ({})",
                        x.name,
                        d.list.title()
                    ));
                }
            }
        }
        let lists: Vec<&str> = scoped.iter().map(|d| d.list.title()).collect();
        (
            Code::CoveredList,
            Severity::High,
            scoped.iter().map(|d| basis(d, None)).collect(),
            format!("on the {}", lists.join(" and ")),
        )
    } else if !in_force.is_empty() {
        let lists: Vec<&str> = in_force.iter().map(|d| d.list.title()).collect();
        (
            Code::RestrictedParty,
            Severity::Medium,
            Vec::new(),
            format!("on the {}", lists.join(", ")),
        )
    } else if adversary_jurisdiction {
        let j = entry.jurisdiction.clone().unwrap_or_default();
        (
            Code::AdversaryControlledSupplier,
            Severity::Medium,
            Vec::new(),
            format!(
                "a company of a foreign-adversary jurisdiction ({j}) with no list designation in force"
            ),
        )
    } else {
        return None;
    };
    // Every other designation in force follows the deciding one.
    for d in &in_force {
        let b = basis(d, None);
        if !legal_basis
            .iter()
            .any(|x| x.list == b.list && x.citation == b.citation)
        {
            legal_basis.push(b);
        }
    }
    if weak_text_only {
        severity = severity.min(Severity::Low);
        notes.push("weak evidence: one holder among several in a copyright notice".to_string());
    } else if fuzzy_only {
        severity = severity.min(Severity::Low);
        notes
            .push("weak evidence: the company name appears only in the component name".to_string());
    }
    Some(Assessment {
        code,
        severity,
        legal_basis,
        notes,
        why,
    })
}
