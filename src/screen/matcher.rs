//! One matcher per kind of evidence, run on one component's OWN fields: declared party names,
//! purl (namespace, name prefix, Java package, GitHub owner), CPE vendor, domains of URLs and
//! e-mails, hashes, product and file names, copyright holders. Inherited parties are never
//! evidence here: a component inside a Kaspersky product is not Kaspersky's by that alone
//! (propagation handles the integration case the other way round).

use jiff::civil::Date;

use super::index::{Index, NamePat, PatKind};
use super::normalize::{is_corporate_word, padded_into, party_key};
use crate::finding::{Confidence, Evidence};
use crate::model::{Component, Location, Party, PartyKind, PartyRole, Purl, Sbom};
use crate::provenance::{ComponentProvenance, Source, TextKind, ident};
use crate::watchlist::Watchlist;

mod observed;

/// One piece of evidence tying a component to one watchlist entry.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    /// Index of the entry.
    pub entity: usize,
    /// What matched.
    pub evidence: Evidence,
    /// Weak text evidence: one holder among several in a copyright notice.
    pub weak: bool,
}

impl Hit {
    /// A hit on declared or identifier evidence, which is never weak.
    fn strong(entity: usize, evidence: Evidence) -> Hit {
        Hit {
            entity,
            evidence,
            weak: false,
        }
    }
}

/// Where a name was found, which decides which names may count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ctx {
    /// A declared party of the given kind and role.
    Party(PartyKind, PartyRole),
    /// A copyright holder.
    Text,
    /// The component's own name.
    Name,
    /// A purl namespace or group.
    Namespace,
}

/// How a company name found in a field is matched: the matcher names for a watched name inside
/// it and for an imported list name equal to it, where it was found, and how strong a hit is.
pub(crate) struct Named {
    pub matchers: [&'static str; 2],
    pub ctx: Ctx,
    pub confidence: Confidence,
}

/// Scratch buffers reused across components.
#[derive(Default)]
pub(crate) struct Scratch<'i> {
    padded: String,
    names: Vec<(usize, usize, &'i NamePat)>,
}

/// The matchers, bound to one screening run.
pub(crate) struct Matcher<'a> {
    pub index: &'a Index,
    pub watchlist: &'a Watchlist,
    pub as_of: Date,
}

impl<'a> Matcher<'a> {
    /// Every hit on one component.
    pub(crate) fn component(
        &self,
        sbom: &Sbom,
        c: &Component,
        prov: Option<&ComponentProvenance>,
        scratch: &mut Scratch<'a>,
        out: &mut Vec<Hit>,
    ) {
        out.clear();
        for p in sbom.parties_of(c) {
            self.party(p, scratch, out);
        }
        if let Some(purl) = &c.purl {
            self.purl("purl", purl, &c.location, scratch, out);
        } else if let Some(group) = &c.group {
            self.namespace("group", group, group, "maven", &c.location, scratch, out);
        }
        for cpe in &c.cpes {
            self.cpe("cpe", cpe, &c.location, out);
        }
        for r in &c.external_refs {
            self.url("externalReferences.url", &r.url, &c.location, out);
        }
        if let Some(d) = &c.download_location {
            self.url("downloadLocation", d, &c.location, out);
        }
        for h in c.hashes.iter().filter(|_| !self.index.hashes.is_empty()) {
            let key = format!(
                "{}:{}",
                h.alg.to_ascii_lowercase().replace('-', ""),
                h.value
            );
            if let Some(es) = self.index.hashes.get(&key) {
                for &e in es {
                    out.push(Hit::strong(
                        e,
                        Evidence::new(
                            "hashes",
                            &h.value,
                            &key,
                            "hash",
                            Confidence::Identifier,
                            &c.location,
                        ),
                    ));
                }
            }
        }
        self.names(c, scratch, out);
        self.observed(c, scratch, out);
        if let Some(prov) = prov {
            self.copyright(prov, &c.location, scratch, out);
        }
        // One hit per (entity, field, value, matcher): of overlapping names ("Kaspersky",
        // "Kaspersky Lab", "AO Kaspersky Lab") the longest says it all.
        out.sort_by(|a, b| {
            let ka = (
                a.entity,
                &a.evidence.field,
                &a.evidence.value,
                &a.evidence.matcher,
            );
            let kb = (
                b.entity,
                &b.evidence.field,
                &b.evidence.value,
                &b.evidence.matcher,
            );
            ka.cmp(&kb)
                .then_with(|| b.evidence.confidence.cmp(&a.evidence.confidence))
                .then_with(|| b.evidence.matched.len().cmp(&a.evidence.matched.len()))
        });
        out.dedup_by(|b, a| {
            a.entity == b.entity
                && a.evidence.field == b.evidence.field
                && a.evidence.value == b.evidence.value
                && a.evidence.matcher == b.evidence.matcher
        });
    }

    /// Whether a compiled name counts where it was found.
    fn accepts(&self, pat: &NamePat, padded: &str, span: (usize, usize), ctx: Ctx) -> bool {
        let entry = &self.watchlist.entries[pat.entity];
        if let PatKind::Relation(ri) = pat.kind
            && !entry
                .relations
                .get(ri)
                .is_some_and(|r| r.in_effect(self.as_of))
        {
            // A former affiliate past its `until` is someone else (Honor after 2020-11-17).
            return false;
        }
        if !matches!(pat.kind, PatKind::Relation(_))
            && self.within_ended_relation(entry, padded, span)
        {
            // "Dahua Technology USA Inc." after 2024-01-31 contains the alias "Dahua
            // Technology", but names the former affiliate, which the sale ended.
            return false;
        }
        if self.index.entities[pat.entity]
            .decoys
            .iter()
            .any(|d| padded.contains(d.as_str()))
        {
            return false;
        }
        // Only the words next to a single-word name that make it a company name (Huawei
        // Device Co., Ltd.; Hikvision 2023) let it count where people's names occur too.
        let corporate = || {
            padded[..span.0]
                .split_whitespace()
                .chain(padded[span.1..].split_whitespace())
                .all(is_corporate_word)
        };
        match (ctx, pat.kind) {
            (Ctx::Name, PatKind::Product) => pat.multiword || span == (0, padded.len()),
            (_, PatKind::Product) => false,
            (Ctx::Name, _) => !pat.short,
            (Ctx::Namespace, _) => true,
            (Ctx::Text, _) => !pat.short && (pat.multiword || corporate()),
            (Ctx::Party(kind, role), _) => {
                if kind == PartyKind::Person || role == PartyRole::Author {
                    // "Dahua Lin" the Julia contributor: a person matches only a full,
                    // multi-word company name.
                    pat.multiword
                } else if kind == PartyKind::Organization {
                    true
                } else {
                    pat.multiword || corporate()
                }
            }
        }
    }

    /// Whether the matched span lies inside the name of a relation that has ended on the as-of date.
    fn within_ended_relation(
        &self,
        entry: &crate::watchlist::Entry,
        padded: &str,
        span: (usize, usize),
    ) -> bool {
        entry
            .relations
            .iter()
            .filter(|r| !r.in_effect(self.as_of))
            .flat_map(|r| std::iter::once(&r.name).chain(r.aliases.iter().map(|a| &a.text)))
            .any(|n| {
                let n = crate::screen::normalize::padded(n);
                let n = n.trim();
                !n.is_empty()
                    && padded
                        .match_indices(n)
                        .any(|(o, _)| o <= span.0 + 1 && span.1 <= o + n.len() + 1)
            })
    }

    fn party(&self, p: &Party, scratch: &mut Scratch<'a>, out: &mut Vec<Hit>) {
        // Field names per role, in `PartyRole` order: no formatting per component.
        const NAME: [&str; 6] = [
            "supplier.name",
            "manufacturer.name",
            "publisher.name",
            "author.name",
            "originator.name",
            "provider.name",
        ];
        const URL: [&str; 6] = [
            "supplier.url",
            "manufacturer.url",
            "publisher.url",
            "author.url",
            "originator.url",
            "provider.url",
        ];
        const EMAIL: [&str; 6] = [
            "supplier.email",
            "manufacturer.email",
            "publisher.email",
            "author.email",
            "originator.email",
            "provider.email",
        ];
        let r = p.role as usize;
        if let Some(name) = &p.name {
            let field = NAME[r];
            let how = Named {
                matchers: ["party-name", "party-key"],
                ctx: Ctx::Party(p.kind, p.role),
                confidence: Confidence::Declared,
            };
            self.company(field, name, name, &how, &p.location, scratch, out);
        }
        for u in &p.urls {
            self.url(URL[r], u, &p.location, out);
        }
        for m in &p.emails {
            if let Some(d) = ident::email_domain(m) {
                self.host(EMAIL[r], m, &d, &p.location, out);
            }
        }
    }

    fn url(&self, field: &str, url: &str, loc: &Location, out: &mut Vec<Hit>) {
        let domain = if url.trim_start().to_ascii_lowercase().starts_with("mailto:") {
            ident::email_domain(url)
        } else {
            ident::url_domain(url)
        };
        let Some(d) = domain else { return };
        if let Some((host, owner)) = d.split_once('/') {
            if host == "github.com"
                && let Some(es) = self.index.github_orgs.get(owner)
            {
                for &e in es {
                    out.push(Hit::strong(
                        e,
                        Evidence::new(
                            field,
                            url,
                            &format!("github.com/{owner}"),
                            "github-org",
                            Confidence::Identifier,
                            loc,
                        ),
                    ));
                }
            }
            return;
        }
        self.host(field, url, &d, loc, out);
    }

    fn host(&self, field: &str, value: &str, host: &str, loc: &Location, out: &mut Vec<Hit>) {
        if let Some((domain, es)) = self.index.domain(host) {
            for &e in es {
                out.push(Hit::strong(
                    e,
                    Evidence::new(field, value, domain, "domain", Confidence::Identifier, loc),
                ));
            }
        }
    }

    fn cpe(&self, field: &str, cpe: &str, loc: &Location, out: &mut Vec<Hit>) {
        let Some(vendor) = ident::cpe_vendor(cpe) else {
            return;
        };
        let vendor = vendor.to_ascii_lowercase();
        if let Some(es) = self.index.cpe_vendors.get(&vendor) {
            for &e in es {
                out.push(Hit::strong(
                    e,
                    Evidence::new(
                        field,
                        cpe,
                        &vendor,
                        "cpe-vendor",
                        Confidence::Identifier,
                        loc,
                    ),
                ));
            }
            return;
        }
        // A vendor string equal to a hand-written entry's name or alias (`dji`, `hytera`).
        let key = party_key(&vendor.replace('_', " "));
        for pat in self.index.by_key(&key) {
            if !self.index.entities[pat.entity].imported {
                out.push(Hit::strong(
                    pat.entity,
                    Evidence::new(
                        field,
                        cpe,
                        &pat.text,
                        "cpe-vendor",
                        Confidence::Identifier,
                        loc,
                    ),
                ));
            }
        }
    }

    fn purl(
        &self,
        field: &str,
        p: &Purl,
        loc: &Location,
        scratch: &mut Scratch<'a>,
        out: &mut Vec<Hit>,
    ) {
        let (Some(ty), Some(head)) = (p.ty(), p.namespace_key()) else {
            return;
        };
        let purl = p.as_str();
        if p.namespace().is_some()
            && let Some(es) = self.index.purl_namespaces.get(&head)
        {
            for &e in es {
                out.push(Hit::strong(
                    e,
                    Evidence::new(
                        field,
                        purl,
                        &head,
                        "purl-namespace",
                        Confidence::Identifier,
                        loc,
                    ),
                ));
            }
        }
        if let Some(prefixes) = self.index.purl_prefixes.get(&head) {
            let name = p.name_key().unwrap_or_default();
            for (prefix, e) in prefixes {
                if name.starts_with(prefix.as_str()) {
                    let matched = format!("{head}/{prefix}");
                    out.push(Hit::strong(
                        *e,
                        Evidence::new(
                            field,
                            purl,
                            &matched,
                            "purl-name-prefix",
                            Confidence::Identifier,
                            loc,
                        ),
                    ));
                }
            }
        }
        let Some(ns) = p.folded_namespace() else {
            return;
        };
        let owner = match ty {
            "github" => ns.split('/').next(),
            "golang" => ns
                .strip_prefix("github.com/")
                .and_then(|r| r.split('/').next()),
            _ => None,
        };
        if let Some(owner) = owner
            && let Some(es) = self.index.github_orgs.get(&owner.to_ascii_lowercase())
        {
            for &e in es {
                out.push(Hit::strong(
                    e,
                    Evidence::new(
                        field,
                        purl,
                        &format!("github.com/{owner}"),
                        "github-org",
                        Confidence::Identifier,
                        loc,
                    ),
                ));
            }
        }
        self.namespace(field, purl, ns, ty, loc, scratch, out);
    }

    /// A Maven group / purl namespace: Java package prefixes, and the names of hand-written
    /// entries as whole words (`pkg:generic/kaspersky/...`, `com.hikvision.artemis`).
    #[allow(clippy::too_many_arguments)]
    fn namespace(
        &self,
        field: &str,
        value: &str,
        ns: &str,
        ty: &str,
        loc: &Location,
        scratch: &mut Scratch<'a>,
        out: &mut Vec<Hit>,
    ) {
        if ty == "maven" {
            let mut end = 0;
            for seg in ns.split('.') {
                end += seg.len();
                if let Some(es) = self.index.java_packages.get(&ns[..end]) {
                    for &e in es {
                        out.push(Hit::strong(
                            e,
                            Evidence::new(
                                field,
                                value,
                                &ns[..end],
                                "java-package",
                                Confidence::Identifier,
                                loc,
                            ),
                        ));
                    }
                }
                end += 1;
            }
        }
        // Code hosts and distributions name no vendor (`github.com/...` is the owner's).
        let ns = ns.strip_prefix("github.com/").unwrap_or(ns);
        padded_into(ns, &mut scratch.padded);
        self.index.names_in(&scratch.padded, &mut scratch.names);
        for &(s, e, pat) in &scratch.names {
            if self.accepts(pat, &scratch.padded, (s, e), Ctx::Namespace) {
                out.push(Hit::strong(
                    pat.entity,
                    Evidence::new(
                        field,
                        value,
                        &pat.text,
                        "purl-namespace-name",
                        Confidence::Identifier,
                        loc,
                    ),
                ));
            }
        }
    }

    fn names(&self, c: &Component, scratch: &mut Scratch<'a>, out: &mut Vec<Hit>) {
        if c.kind.as_deref() == Some("file") && c.name.contains(['/', '\\']) {
            // A CycloneDX `file` component is named by its path (syft: `/usr/lib/x.so`).
            self.path("name", &c.name, &c.location, scratch, out);
        } else {
            self.file_name("name", &c.name, &c.name, &c.location, out);
        }
        for f in &c.file_names {
            self.path("fileName", f, &c.location, scratch, out);
        }
        self.name_in("name", &c.name, &c.name, &c.location, scratch, out);
    }

    /// Copyright holders (provenance extracts them). The sole or first-named holder of a
    /// short notice is strong text evidence; one holder among many ("2015 Huawei Inc." in the
    /// Linux kernel's list) is weak.
    fn copyright(
        &self,
        prov: &ComponentProvenance,
        loc: &Location,
        scratch: &mut Scratch<'a>,
        out: &mut Vec<Hit>,
    ) {
        let holders: Vec<(&str, &str)> = prov
            .parties
            .iter()
            .filter(|a| a.source == Source::Text(TextKind::Copyright))
            .map(|a| (a.name.as_str(), a.value.as_str()))
            .collect();
        self.holders("copyright", &holders, loc, scratch, out);
    }

    /// Matches the holders of one notice, (holder, the line it was read from), for `field`.
    fn holders(
        &self,
        field: &str,
        holders: &[(&str, &str)],
        loc: &Location,
        scratch: &mut Scratch<'a>,
        out: &mut Vec<Hit>,
    ) {
        let n = holders.len();
        for (i, (name, value)) in holders.iter().enumerate() {
            let weak = !(i == 0 && n <= 2);
            padded_into(name, &mut scratch.padded);
            self.index.names_in(&scratch.padded, &mut scratch.names);
            // Built-in aliases contained in the holder, then imported names equal to it.
            let contained = scratch
                .names
                .iter()
                .filter(|&&(s, e, pat)| self.accepts(pat, &scratch.padded, (s, e), Ctx::Text))
                .map(|&(_, _, pat)| pat);
            let key = party_key(name);
            let imported = self
                .index
                .by_key(&key)
                .iter()
                .filter(|pat| self.index.entities[pat.entity].imported);
            for pat in contained.chain(imported) {
                let evidence = Evidence::new(
                    field,
                    value,
                    &pat.text,
                    "copyright-holder",
                    Confidence::Text,
                    loc,
                );
                out.push(Hit {
                    entity: pat.entity,
                    evidence,
                    weak,
                });
            }
        }
    }
}

/// Whether a path or file name is a Windows one, whose names match in any case (`KLIF.SYS` is
/// `klif.sys`): a backslash, a drive letter, or a Windows binary's extension.
pub(crate) fn is_windows_path(p: &str) -> bool {
    const EXTENSIONS: [&str; 12] = [
        "exe", "dll", "sys", "msi", "ocx", "cpl", "drv", "scr", "com", "bat", "inf", "cat",
    ];
    let b = p.as_bytes();
    p.contains('\\')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
        || p.rsplit_once('.')
            .is_some_and(|(_, ext)| EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext)))
}

#[cfg(test)]
mod tests {
    use super::is_windows_path;
    use crate::model::Purl;

    #[test]
    fn windows_paths_are_told_apart() {
        assert!(is_windows_path(r"C:\Program Files\Kaspersky Lab\avp.exe"));
        assert!(is_windows_path("KLIF.SYS"));
        assert!(is_windows_path("c:/tools/x"));
        assert!(!is_windows_path("/opt/kaspersky/kesl/bin/kesl"));
        assert!(!is_windows_path("libkavscan.so"));
    }

    #[test]
    fn purls_are_split_and_normalised() {
        let p = Purl::new("pkg:npm/%40Kaspersky/ui-kit@6.0.0?x=1#a");
        assert_eq!(
            (p.ty(), p.folded_namespace(), p.folded_name()),
            (Some("npm"), Some("@kaspersky"), Some("ui-kit"))
        );
        assert_eq!(p.namespace_key().as_deref(), Some("pkg:npm/%40kaspersky"));
        let p = Purl::new("pkg:maven/com.Huawei.hms/base@6.1");
        assert_eq!(p.folded_namespace(), Some("com.Huawei.hms"));
        let p = Purl::new("pkg:pypi/huaweicloudsdkcore@3.1");
        assert_eq!(
            (p.folded_namespace(), p.folded_name()),
            (None, Some("huaweicloudsdkcore"))
        );
        assert!(!Purl::new("not a purl").is_parsed());
        assert!(!Purl::new("pkg:npm").is_parsed());
    }
}
