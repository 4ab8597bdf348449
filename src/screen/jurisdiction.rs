//! The adversary-jurisdiction signal: a low finding for a component whose responsible
//! organisation is not on the watchlist but points to a foreign-adversary jurisdiction by its
//! postal address or by the country-code domain of its web site or company e-mail.
//!
//! What counts, and what does not (the README says the same):
//! - the postal country of an organisation party (supplier, manufacturer, service provider, and
//!   `metadata.supplier`/`manufacture` for the described product);
//! - the country-code top-level domain of such a party's URLs and e-mail addresses, unless the
//!   address is at a free webmail provider (`yandex.ru`, `mail.ru`...): a webmail address says
//!   where the mailbox is, not where the company is;
//! - for a component that declares no supplier at all: also its external references and
//!   download location, as before;
//! - never a person's e-mail address (an npm author at `@yandex.ru`), and never a party's name.

use jiff::civil::Date;

use super::component_ref;
use crate::finding::{
    BasisStatus, Code, Confidence, EntityRef, Evidence, Finding, LegalBasis, Severity,
};
use crate::model::{Component, Party, PartyKind, PartyRole, Sbom};
use crate::provenance::ident;
use crate::watchlist::Watchlist;

/// Free webmail domains under the country-code domains of foreign-adversary jurisdictions.
const WEBMAIL: [&str; 16] = [
    "yandex.ru",
    "ya.ru",
    "mail.ru",
    "bk.ru",
    "list.ru",
    "inbox.ru",
    "internet.ru",
    "rambler.ru",
    "ro.ru",
    "lenta.ru",
    "autorambler.ru",
    "myrambler.ru",
    "sina.cn",
    "189.cn",
    "wo.cn",
    "chmail.ir",
];

/// Whether an e-mail domain is a free webmail provider's.
fn is_webmail(domain: &str) -> bool {
    WEBMAIL.contains(&domain) || domain.ends_with(".nauta.cu") || domain == "nauta.cu"
}

/// Whether a party is an organisation responsible for the component: a supplier, manufacturer
/// or service provider (whatever its stated kind, unless it is a person), or any party stated to
/// be an organisation.
fn is_responsible_org(p: &Party) -> bool {
    match p.kind {
        PartyKind::Person | PartyKind::Tool => false,
        PartyKind::Organization => true,
        PartyKind::Unknown => matches!(
            p.role,
            PartyRole::Supplier | PartyRole::Manufacturer | PartyRole::Provider
        ),
    }
}

/// The signal for component `c`, or `None`. `declared` says whether it declares a supplier.
pub(super) fn signal(
    wl: &Watchlist,
    sbom: &Sbom,
    c: &Component,
    declared: bool,
    as_of: Date,
) -> Option<Finding> {
    let mut evidence: Vec<(Evidence, String, Option<&str>)> = Vec::new();
    for p in sbom.parties_of(c).filter(|p| is_responsible_org(p)) {
        let name = p.name.as_deref();
        if let Some(country) = &p.country
            && let Some(code) = crate::watchlist::country::code_for_name(country)
        {
            let ev = Evidence::new(
                &format!("{}.address.country", p.role),
                country,
                code,
                "postal-country",
                Confidence::Declared,
                &p.location,
            );
            evidence.push((ev, code.to_string(), name));
        }
        for e in &p.emails {
            let domain = ident::email_domain(e).filter(|d| !is_webmail(d));
            let field = || format!("{}.email", p.role);
            evidence.extend(domain.and_then(|d| country_domain(field, e, &d, &p.location, name)));
        }
        for u in &p.urls {
            let field = || format!("{}.url", p.role);
            evidence
                .extend(url_host(u).and_then(|d| country_domain(field, u, &d, &p.location, name)));
        }
    }
    if !declared {
        let urls = c
            .external_refs
            .iter()
            .map(|r| ("externalReferences.url", &r.url))
            .chain(c.download_location.iter().map(|d| ("downloadLocation", d)));
        for (field, u) in urls {
            evidence.extend(
                url_host(u)
                    .and_then(|d| country_domain(|| field.to_string(), u, &d, &c.location, None)),
            );
        }
    }
    let mut found = None;
    let mut party = None;
    let mut evs = Vec::new();
    for (e, cc, name) in evidence {
        if let Some(fa) = wl.foreign_adversary(&cc, as_of) {
            if found.is_none() {
                found = Some(fa);
                party = name;
            }
            if found.is_some_and(|f| f.id == fa.id) {
                evs.push(e);
            }
        }
    }
    let adversary = found?;
    evs.sort_by(|x, y| y.confidence.cmp(&x.confidence).then_with(|| x.cmp(y)));
    evs.dedup();
    let first = &evs[0];
    let message = match party {
        Some(party) if declared => format!(
            "{}: its {} {party:?} is on no watchlist, but its {} ({:?}) points to {}: a signal to review, not an accusation",
            c.display_name(),
            first.field.split('.').next().unwrap_or("supplier"),
            first.field,
            first.value,
            adversary.name
        ),
        _ => format!(
            "{} declares no supplier, and its {} ({:?}) points to {}: a signal to review, not an accusation",
            c.display_name(),
            first.field,
            first.value,
            adversary.name
        ),
    };
    Some(Finding {
        code: Code::AdversaryJurisdictionSignal,
        severity: Severity::Low,
        confidence: first.confidence,
        document: sbom.source.clone(),
        component: component_ref(c),
        entity: EntityRef {
            id: adversary.id.clone(),
            name: adversary.name.clone(),
        },
        integrates: None,
        message,
        legal_basis: vec![LegalBasis {
            list: "Foreign adversaries (15 CFR 791.4)".to_string(),
            citation: adversary.citation.clone(),
            url: None,
            effective: adversary.since.map(|d| d.to_string()),
            scope: adversary.scope.clone(),
            status: BasisStatus::InForce,
            milestone: None,
            reason: None,
        }],
        evidence: evs,
        path: Vec::new(),
        scope: crate::finding::Scope::Delivered,
        notes: Vec::new(),
    })
}

/// The host of a URL, when it is one (a `github.com/owner` code-host path is not).
fn url_host(url: &str) -> Option<String> {
    ident::url_domain(url).filter(|d| !d.contains('/'))
}

/// Country-domain evidence for `value` (an e-mail or URL) at `domain`, with its country code
/// and the party's name, when the domain is a country-code one (the field name is made only then).
fn country_domain<'p>(
    field: impl FnOnce() -> String,
    value: &str,
    domain: &str,
    loc: &crate::model::Location,
    party: Option<&'p str>,
) -> Option<(Evidence, String, Option<&'p str>)> {
    let cc = cc_tld(domain)?;
    let ev = Evidence::new(
        &field(),
        value,
        domain,
        "country-domain",
        Confidence::Identifier,
        loc,
    );
    Some((ev, cc, party))
}

/// The country code of a country-code top-level domain (`omega-soft.ru` -> `RU`).
fn cc_tld(domain: &str) -> Option<String> {
    let tld = domain.rsplit('.').next()?;
    (tld.len() == 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| tld.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::{cc_tld, is_webmail};

    #[test]
    fn webmail_is_not_a_company_domain() {
        assert!(is_webmail("yandex.ru"));
        assert!(is_webmail("mail.ru"));
        assert!(!is_webmail("omega-soft.ru"));
        assert_eq!(cc_tld("omega-soft.ru").as_deref(), Some("RU"));
        assert_eq!(cc_tld("contoso.example"), None);
    }
}
