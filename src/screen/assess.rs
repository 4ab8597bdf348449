//! Weighing: every designation of a matched entry is judged on its own (dates, exclusions,
//! scope review, product categories, milestones) into a [`LegalBasis`] with a status; the
//! strictest designation that applies gives the finding its code and severity, the others stay
//! listed. Integration findings are judged the same way for the integrating product.

use jiff::civil::Date;

mod scope;

use scope::{names_component, outside_categories};

use super::matcher::Hit;
use crate::finding::{BasisStatus, Code, Confidence, LegalBasis, Severity};
use crate::model::Component;
use crate::watchlist::{Designation, DesignationList, Entry};

/// The outcome for one (component, entry) pair.
#[derive(Debug, Clone)]
pub(crate) struct Assessment {
    pub code: Code,
    pub severity: Severity,
    pub legal_basis: Vec<LegalBasis>,
    pub notes: Vec<String>,
    /// A short phrase for the message ("within the scope of the ICTS Final Determination").
    pub why: String,
}

/// Who the finding is about: the entity's own product, or a product that integrates it.
#[derive(Clone, Copy)]
pub(crate) enum Role<'a> {
    /// The component is attributed to the entity.
    Own,
    /// `product` integrates the flagged component; `test_only` when only through development,
    /// test or build dependencies.
    Integrated {
        product: &'a Component,
        test_only: bool,
    },
}

/// What one designation in force and in scope makes of the component.
struct Verdict {
    code: Code,
    severity: Severity,
    why: String,
}

const SCOPE_CHARS: usize = 300;

/// The ICTS milestone from which updates, resale, integration and licensing are prohibited.
const CUTOFF: &str = "updates-and-integration";

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

/// The latest of a component's own release and build dates.
fn released(c: &Component) -> Option<Date> {
    c.release_date
        .as_deref()
        .and_then(leading_date)
        .into_iter()
        .chain(c.built_date.as_deref().and_then(leading_date))
        .max()
}

/// Whether a designation reaches products that integrate the entity's products.
fn reaches_integrations(l: &DesignationList) -> bool {
    matches!(
        l,
        DesignationList::IctsFinalDetermination
            | DesignationList::FccCoveredList
            | DesignationList::Ndaa889
            | DesignationList::Ndaa1634
            | DesignationList::DhsBod1701
    )
}

/// Whether a basis, by its list title, reaches integrating products (see [`reaches_integrations`]).
pub(crate) fn reaches_integrations_title(title: &str) -> bool {
    crate::watchlist::DesignationList::NAMED
        .iter()
        .any(|(_, l)| l.title() == title && reaches_integrations(l))
}

/// How strict a verdict is, beyond its severity: the deciding designation is the strictest.
pub(crate) fn rank(code: Code) -> u8 {
    match code {
        Code::PostCutoffUpdate => 9,
        Code::ProhibitedIct => 8,
        Code::IntegratedProhibitedIct => 7,
        Code::CoveredList => 6,
        Code::IntegratedCoveredList => 5,
        Code::RestrictedParty => 4,
        Code::FederalUseRestriction => 3,
        Code::Dod1260hListing => 2,
        _ => 0,
    }
}

/// One designation judged: its basis with status, its verdict when it applies, notes.
struct Judgement {
    basis: LegalBasis,
    verdict: Option<Verdict>,
    notes: Vec<String>,
}

fn basis(d: &Designation, status: BasisStatus, reason: Option<String>) -> LegalBasis {
    LegalBasis {
        list: d.list.title().to_string(),
        citation: d.citation.clone(),
        url: d.url.clone(),
        effective: d.since.map(|x| x.to_string()),
        scope: d.scope.as_ref().map(|s| shorten(s, SCOPE_CHARS)),
        status,
        milestone: None,
        reason,
    }
}

fn push_once(notes: &mut Vec<String>, note: String) {
    if !notes.contains(&note) {
        notes.push(note);
    }
}

/// Judges one designation for `c` (for an integration: the flagged component) on `as_of`;
/// `None` when it does not reach the role at all (the Entity List names a party, not its
/// integrators).
fn judge(d: &Designation, c: &Component, role: Role, as_of: Date) -> Option<Judgement> {
    let integrated = matches!(role, Role::Integrated { .. });
    if integrated && !reaches_integrations(&d.list) {
        return None;
    }
    let title = d.list.title();
    let mut notes = Vec::new();
    let done = |b: LegalBasis, notes: Vec<String>| {
        Some(Judgement {
            basis: b,
            verdict: None,
            notes,
        })
    };
    if let Some(s) = d.since.filter(|s| as_of < *s) {
        return done(
            basis(
                d,
                BasisStatus::NotYetInForce,
                Some(format!("in force from {s}")),
            ),
            notes,
        );
    }
    if let Some(u) = d.until.filter(|u| as_of >= *u) {
        return done(
            basis(
                d,
                BasisStatus::Ended,
                Some(format!("not in force from {u}")),
            ),
            notes,
        );
    }
    for x in d.exclusions.iter().filter(|x| x.applies_on(as_of)) {
        if (x.integration && integrated) || (x.has_identity() && names_component(x, c)) {
            return done(basis(d, BasisStatus::Excluded, Some(x.name.clone())), notes);
        }
        if !x.has_identity() && !x.integration {
            push_once(
                &mut notes,
                format!("exemption to check: {} ({title})", x.name),
            );
        }
    }
    if let Some(x) = d
        .scope_review
        .iter()
        .find(|x| x.applies_on(as_of) && names_component(x, c))
    {
        return done(
            basis(d, BasisStatus::ScopeReview, Some(x.name.clone())),
            notes,
        );
    }
    if let Some(why) = outside_categories(d, c) {
        return done(basis(d, BasisStatus::ScopeReview, Some(why)), notes);
    }
    let mut b = basis(d, BasisStatus::InForce, None);
    if let Some(why) = &d.since_unknown {
        b.reason = Some(format!("start date unknown: {why}"));
        push_once(&mut notes, format!("{title}: start date unknown ({why})"));
    }
    let milestone = d.milestone_in_force(as_of);
    if let Some(m) = milestone {
        b.milestone = Some(m.name.clone());
    }
    if let Some(use_) = &d.conditional_use {
        push_once(
            &mut notes,
            format!("conditional scope: covered when used for {use_}"),
        );
    }
    let verdict = match (&d.list, role) {
        (DesignationList::IctsFinalDetermination, _) => {
            notes.push("the Final Determination prohibits Kaspersky's transactions with U.S. persons, not anyone's use: end users who keep using existing Kaspersky products face no legal penalty under it".to_string());
            let cut = d.milestone(CUTOFF).map(|m| m.date).filter(|m| *m <= as_of);
            let (dated, whose) = match role {
                Role::Own => (released(c), "a release"),
                Role::Integrated { product, .. } => (released(product), "a third-party release"),
            };
            match (cut, dated) {
                (Some(cut), Some(rel)) if rel >= cut => {
                    b.effective = Some(cut.to_string());
                    notes.push(format!(
                        "released {rel}, on or after the update and integration cut-off of {cut}"
                    ));
                    Verdict {
                        code: Code::PostCutoffUpdate,
                        severity: Severity::Critical,
                        why: format!(
                            "{whose} dated {rel}, on or after the {title} cut-off of {cut}: evidence of a post-cut-off Kaspersky update or integration, prohibited if supplied to or used by a U.S. person"
                        ),
                    }
                }
                _ if integrated => Verdict {
                    code: Code::IntegratedProhibitedIct,
                    severity: Severity::High,
                    why: format!(
                        "integration of Kaspersky software, within the scope of the {title}"
                    ),
                },
                _ => Verdict {
                    code: Code::ProhibitedIct,
                    severity: Severity::High,
                    why: format!("within the scope of the {title}"),
                },
            }
        }
        (DesignationList::FccCoveredList | DesignationList::Ndaa889, _) => Verdict {
            code: if integrated {
                Code::IntegratedCoveredList
            } else {
                Code::CoveredList
            },
            severity: Severity::High,
            why: format!("within the scope of the {title}"),
        },
        (
            DesignationList::Ndaa1634,
            Role::Integrated {
                test_only: true, ..
            },
        ) => {
            return done(
                basis(
                    d,
                    BasisStatus::ScopeReview,
                    Some("integrated only through development, test or build dependencies".into()),
                ),
                notes,
            );
        }
        (DesignationList::Ndaa1634 | DesignationList::DhsBod1701, _) => {
            let who = if d.list == DesignationList::Ndaa1634 {
                "a federal use and procurement ban (federal agencies and their contractors)"
            } else {
                "a directive to federal agencies (federal information systems only)"
            };
            notes.push(format!("{title}: {who}, not a restricted-party list"));
            Verdict {
                code: Code::FederalUseRestriction,
                severity: Severity::Medium,
                why: if d.list == DesignationList::Ndaa1634 {
                    format!(
                        "barred from federal use by the {title} (developed or provided in whole or in part by a Kaspersky Lab covered entity)"
                    )
                } else {
                    format!("to be removed from federal information systems under {title}")
                },
            }
        }
        (DesignationList::Dod1260h, _) => {
            notes.push("a 1260H listing imposes no sanctions by itself".to_string());
            for m in d.milestones.iter().filter(|m| m.date > as_of) {
                push_once(&mut notes, format!("{title} from {}: {}", m.date, m.text));
            }
            Verdict {
                code: Code::Dod1260hListing,
                severity: Severity::Low,
                why: format!("on the {title} list of Chinese military companies"),
            }
        }
        _ => Verdict {
            code: Code::RestrictedParty,
            severity: Severity::Medium,
            why: format!("on the {title}"),
        },
    };
    if let Some(m) = milestone {
        notes.insert(0, format!("{title} from {}: {}", m.date, m.text));
    }
    Some(Judgement {
        basis: b,
        verdict: Some(verdict),
        notes,
    })
}

/// Where a status sorts among the listed bases: what applies first.
fn status_order(s: BasisStatus) -> u8 {
    match s {
        BasisStatus::InForce => 0,
        BasisStatus::ScopeReview => 1,
        BasisStatus::Excluded => 2,
        BasisStatus::NotYetInForce => 3,
        BasisStatus::Ended => 4,
    }
}

/// Every designation of `entry` judged for `c` in `role`, strictest first.
fn judge_all(entry: &Entry, c: &Component, role: Role, as_of: Date) -> Vec<Judgement> {
    let mut all: Vec<Judgement> = entry
        .designations
        .iter()
        .filter_map(|d| judge(d, c, role, as_of))
        .collect();
    all.sort_by_key(|j| {
        let strict = j
            .verdict
            .as_ref()
            .map(|v| (v.severity, rank(v.code)))
            .unwrap_or((Severity::Info, 0));
        (status_order(j.basis.status), std::cmp::Reverse(strict))
    });
    all
}

/// The strictest applying designation, or the fallbacks, as an [`Assessment`].
fn decide(
    judged: Vec<Judgement>,
    fallback: Option<(Code, Severity, String)>,
) -> Option<Assessment> {
    let mut notes = Vec::new();
    for j in &judged {
        for n in &j.notes {
            push_once(&mut notes, n.clone());
        }
    }
    let review = judged
        .iter()
        .find(|j| j.basis.status == BasisStatus::ScopeReview);
    let excluded = judged
        .iter()
        .find(|j| j.basis.status == BasisStatus::Excluded);
    let (code, severity, why) = if let Some(v) = judged.first().and_then(|j| j.verdict.as_ref()) {
        (v.code, v.severity, v.why.clone())
    } else if let Some(j) = review {
        let r = j.basis.reason.clone().unwrap_or_default();
        (
            Code::OutOfScopeVendorMatch,
            Severity::Low,
            format!("probably outside the {} (scope review: {r})", j.basis.list),
        )
    } else if let Some(j) = excluded {
        let r = j.basis.reason.clone().unwrap_or_default();
        (
            Code::OutOfScopeVendorMatch,
            Severity::Info,
            format!("excluded from the {}: {r}", j.basis.list),
        )
    } else {
        fallback?
    };
    for j in &judged {
        match j.basis.status {
            BasisStatus::Excluded => push_once(
                &mut notes,
                format!(
                    "excluded category: {} ({})",
                    j.basis.reason.as_deref().unwrap_or_default(),
                    j.basis.list
                ),
            ),
            BasisStatus::ScopeReview => push_once(
                &mut notes,
                format!(
                    "scope review: {} ({})",
                    j.basis.reason.as_deref().unwrap_or_default(),
                    j.basis.list
                ),
            ),
            _ => {}
        }
    }
    Some(Assessment {
        code,
        severity,
        legal_basis: judged.into_iter().map(|j| j.basis).collect(),
        notes,
        why,
    })
}

/// Decides the finding for one entry on one component, or `None` when no designation applies
/// or is reviewable and the entry is not of an adversary jurisdiction.
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
    let fallback = adversary_jurisdiction.then(|| {
        let j = entry.jurisdiction.clone().unwrap_or_default();
        match &entry.adversary_control {
            // Only a cited source makes ownership, control or direction more than a signal.
            Some(source) => (
                Code::AdversaryControlledSupplier,
                Severity::Medium,
                format!(
                    "a company owned by, controlled by, or subject to the direction of a foreign adversary ({j}) according to {source}, with no list designation in force"
                ),
            ),
            None => (
                Code::AdversaryControlledSupplier,
                Severity::Low,
                format!(
                    "a company organized under the laws of, or subject to the jurisdiction of, a foreign adversary ({j}), with no list designation in force"
                ),
            ),
        }
    });
    let mut a = decide(judge_all(entry, c, Role::Own, as_of), fallback)?;
    if weak_text_only {
        a.severity = a.severity.min(Severity::Low);
        let notice = hits
            .iter()
            .any(|h| h.evidence.matcher == "copyright-holder");
        a.notes.push(if notice {
            "weak evidence: one holder among several in a copyright notice".to_string()
        } else {
            "weak evidence: the company name appears only in free text whose meaning is not documented (an unknown property or a symbol)".to_string()
        });
    } else if fuzzy_only {
        a.severity = a.severity.min(Severity::Low);
        a.notes
            .push("weak evidence: the company name appears only in the component name".to_string());
    }
    Some(a)
}

/// Decides the integration finding for `product`, which integrates `flagged` (attributed to
/// `entry`), or `None` when no designation reaches the integration.
pub(crate) fn assess_integration(
    entry: &Entry,
    flagged: &Component,
    product: &Component,
    test_only: bool,
    as_of: Date,
) -> Option<Assessment> {
    let role = Role::Integrated { product, test_only };
    let a = decide(judge_all(entry, flagged, role, as_of), None)?;
    // An integration that no designation reaches is no integration finding.
    (a.code != Code::OutOfScopeVendorMatch).then_some(a)
}
