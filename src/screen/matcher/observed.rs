//! Matchers for what a document observed about a component ([`Observation`]s, the properties
//! bomscreen understands, a service's endpoints and data flows): each kind is weighed as what it
//! is. A path is matched segment by segment, a signer as the company that signed, free text only
//! at text weight; every hit names the field it came from.

use super::{Ctx, Hit, Matcher, Named, Scratch, is_windows_path};
use crate::finding::{Confidence, Evidence};
use crate::model::{Component, Location, ObservationKind as Kind, PartyKind, PartyRole, Purl};
use crate::provenance::text;
use crate::screen::index::PatKind;
use crate::screen::normalize::{padded_into, party_key};

impl<'a> Matcher<'a> {
    /// Every observation, understood property, unknown property (as text), endpoint and data
    /// flow address of `c`.
    pub(super) fn observed(&self, c: &Component, scratch: &mut Scratch<'a>, out: &mut Vec<Hit>) {
        let loc = &c.location;
        for o in &c.evidence {
            self.observation(o.kind, o.field, &o.value, loc, scratch, out);
        }
        // One buffer for the field names (`properties[syft:location:0:path]`) of a component.
        let mut field = String::new();
        for (name, value) in &c.properties {
            // syft's extra CPEs are already among the component's CPEs.
            if value.is_empty() || name == "syft:cpe23" {
                continue;
            }
            let kind = crate::model::understood(name).map_or(Kind::Text, |u| u.kind);
            field.clear();
            field.push_str("properties[");
            field.push_str(name);
            field.push(']');
            self.observation(kind, &field, value, loc, scratch, out);
        }
        if let Some(s) = &c.service {
            for e in &s.endpoints {
                self.url("endpoints", e, loc, out);
            }
            for d in &s.data {
                for a in &d.source {
                    self.url("data.source", a, loc, out);
                }
                for a in &d.destination {
                    self.url("data.destination", a, loc, out);
                }
            }
        }
    }

    fn observation(
        &self,
        kind: Kind,
        field: &str,
        value: &str,
        loc: &Location,
        scratch: &mut Scratch<'a>,
        out: &mut Vec<Hit>,
    ) {
        match kind {
            Kind::Path => self.path(field, value, loc, scratch, out),
            Kind::Signer => self.signer(field, value, loc, scratch, out),
            Kind::Vendor => self.vendor(field, value, loc, scratch, out),
            Kind::Copyright => {
                let holders = text::copyright_holders(value);
                let holders: Vec<(&str, &str)> = holders
                    .iter()
                    .map(|(h, l)| (h.as_str(), l.as_str()))
                    .collect();
                self.holders(field, &holders, loc, scratch, out);
            }
            Kind::Identity => self.identity(field, value, loc, scratch, out),
            Kind::Module => {
                // cdxgen writes lists of Java packages and modules, one per line or comma.
                for m in value
                    .split(|ch: char| ch == ',' || ch == ';' || ch.is_whitespace())
                    .filter(|m| !m.is_empty())
                {
                    self.module(field, value, m, loc, scratch, out);
                }
            }
            Kind::Endpoint => self.url(field, value, loc, out),
            Kind::Symbol | Kind::Text => self.free_text(field, value, loc, scratch, out),
            Kind::Layer | Kind::PackageManager | Kind::License => {}
        }
    }

    /// A file path: the last segment against the watchlist's file names, and every segment
    /// (directories too: `/opt/kaspersky/`, `Program Files\Kaspersky Lab\`) against its names.
    /// A segment that is a watched name by itself is identifier evidence; a name inside a
    /// longer segment is only a hint, as in a component name.
    pub(super) fn path(
        &self,
        field: &str,
        value: &str,
        loc: &Location,
        scratch: &mut Scratch<'a>,
        out: &mut Vec<Hit>,
    ) {
        self.file_name(field, value, value, loc, out);
        let segments = value
            .split(['/', '\\'])
            .filter(|s| !s.is_empty() && *s != "." && *s != "..");
        for seg in segments {
            padded_into(seg, &mut scratch.padded);
            self.index.names_in(&scratch.padded, &mut scratch.names);
            for &(s, e, pat) in &scratch.names {
                if !self.accepts(pat, &scratch.padded, (s, e), Ctx::Name) {
                    continue;
                }
                let whole = scratch.padded.trim().len() == pat_len(&scratch.padded, s, e);
                let (matcher, confidence) = if whole || pat.kind == PatKind::Product {
                    ("path-segment", Confidence::Identifier)
                } else {
                    ("path-segment-name", Confidence::Fuzzy)
                };
                out.push(Hit::strong(
                    pat.entity,
                    Evidence::new(field, value, &pat.text, matcher, confidence, loc),
                ));
            }
        }
    }

    /// The last segment of `name` against the watchlist's file names and prefixes: in any case
    /// for Windows names (`KLIF.SYS`), exactly as the watchlist writes them otherwise.
    pub(super) fn file_name(
        &self,
        field: &str,
        value: &str,
        name: &str,
        loc: &Location,
        out: &mut Vec<Hit>,
    ) {
        let b = name.rsplit(['/', '\\']).next().unwrap_or(name);
        if b.is_empty() {
            return;
        }
        let any_case = is_windows_path(name);
        let lower = b.to_lowercase();
        for (pre, written, e) in &self.index.file_name_prefixes {
            let hit = if any_case {
                lower.starts_with(pre.as_str()) && lower.len() > pre.len()
            } else {
                b.starts_with(written.as_str()) && b.len() > written.len()
            };
            if hit {
                out.push(Hit::strong(
                    *e,
                    Evidence::new(
                        field,
                        value,
                        written,
                        "file-name-prefix",
                        Confidence::Identifier,
                        loc,
                    ),
                ));
            }
        }
        if let Some(list) = self.index.file_names.get(&lower) {
            for (written, e) in list {
                if any_case || written == b {
                    out.push(Hit::strong(
                        *e,
                        Evidence::new(
                            field,
                            value,
                            written,
                            "file-name",
                            Confidence::Identifier,
                            loc,
                        ),
                    ));
                }
            }
        }
    }

    /// A code-signing subject: a distinguished name (`CN=..., O=...`) or a plain name. The
    /// company that signed an executable is strong evidence of who made it (reported as
    /// unverified: the document says so, nothing here checks a signature).
    fn signer(
        &self,
        field: &str,
        value: &str,
        loc: &Location,
        scratch: &mut Scratch<'a>,
        out: &mut Vec<Hit>,
    ) {
        let names = dn_names(value);
        let names = if names.is_empty() { vec![value] } else { names };
        let how = Named {
            matchers: ["signer", "signer"],
            ctx: Ctx::Party(PartyKind::Organization, PartyRole::Supplier),
            confidence: Confidence::Identifier,
        };
        for n in names {
            self.company(field, value, n, &how, loc, scratch, out);
        }
    }

    /// A vendor name a tool read from the artifact (installer `publisher`).
    fn vendor(
        &self,
        field: &str,
        value: &str,
        loc: &Location,
        scratch: &mut Scratch<'a>,
        out: &mut Vec<Hit>,
    ) {
        let how = Named {
            matchers: ["vendor-name", "vendor-name"],
            ctx: Ctx::Party(PartyKind::Unknown, PartyRole::Publisher),
            confidence: Confidence::Identifier,
        };
        self.company(field, value, value, &how, loc, scratch, out);
    }

    /// A company name found in a field: watched names in it (as the context accepts them), and
    /// imported list names equal to it.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn company(
        &self,
        field: &str,
        value: &str,
        name: &str,
        how: &Named,
        loc: &Location,
        scratch: &mut Scratch<'a>,
        out: &mut Vec<Hit>,
    ) {
        padded_into(name, &mut scratch.padded);
        self.index.names_in(&scratch.padded, &mut scratch.names);
        for &(s, e, pat) in &scratch.names {
            if pat.kind != PatKind::Product && self.accepts(pat, &scratch.padded, (s, e), how.ctx) {
                out.push(Hit::strong(
                    pat.entity,
                    Evidence::new(
                        field,
                        value,
                        &pat.text,
                        how.matchers[0],
                        how.confidence,
                        loc,
                    ),
                ));
            }
        }
        for pat in self.index.by_key(&party_key(name)) {
            let info = &self.index.entities[pat.entity];
            if info.imported
                && !info
                    .decoys
                    .iter()
                    .any(|d| scratch.padded.contains(d.as_str()))
            {
                out.push(Hit::strong(
                    pat.entity,
                    Evidence::new(
                        field,
                        value,
                        &pat.text,
                        how.matchers[1],
                        how.confidence,
                        loc,
                    ),
                ));
            }
        }
    }

    /// An identity a tool concluded: a purl or CPE goes to those matchers, anything else is
    /// matched as a component name would be.
    fn identity(
        &self,
        field: &str,
        value: &str,
        loc: &Location,
        scratch: &mut Scratch<'a>,
        out: &mut Vec<Hit>,
    ) {
        let lower = value.trim_start().get(..4).unwrap_or_default();
        if lower.eq_ignore_ascii_case("pkg:") {
            self.purl(field, &Purl::new(value), loc, scratch, out);
        } else if lower.eq_ignore_ascii_case("cpe:") {
            self.cpe(field, value, loc, out);
        } else {
            self.file_name(field, value, value, loc, out);
            self.name_in(field, value, value, loc, scratch, out);
        }
    }

    /// A module or package name from a call stack or an import list: Java packages by their
    /// prefixes, file names (`kavbase.dll`) as file names, the rest as a name.
    fn module(
        &self,
        field: &str,
        value: &str,
        m: &str,
        loc: &Location,
        scratch: &mut Scratch<'a>,
        out: &mut Vec<Hit>,
    ) {
        if m.contains(['/', '\\']) {
            self.path(field, value, loc, scratch, out);
        } else if looks_like_file(m) {
            self.file_name(field, value, m, loc, out);
        } else if m.contains('.') {
            self.namespace(field, value, m, "maven", loc, scratch, out);
        } else {
            self.name_in(field, value, m, loc, scratch, out);
        }
    }

    /// Watched names inside `name`, accepted as in a component name. A listed product name
    /// identifies the vendor; a company name inside a name is only a hint
    /// ("huawei-push-plugin" may be a third party's).
    pub(super) fn name_in(
        &self,
        field: &str,
        value: &str,
        name: &str,
        loc: &Location,
        scratch: &mut Scratch<'a>,
        out: &mut Vec<Hit>,
    ) {
        padded_into(name, &mut scratch.padded);
        self.index.names_in(&scratch.padded, &mut scratch.names);
        for &(s, e, pat) in &scratch.names {
            if self.accepts(pat, &scratch.padded, (s, e), Ctx::Name) {
                let (matcher, conf) = if pat.kind == PatKind::Product {
                    ("product-name", Confidence::Identifier)
                } else {
                    ("name", Confidence::Fuzzy)
                };
                out.push(Hit::strong(
                    pat.entity,
                    Evidence::new(field, value, &pat.text, matcher, conf, loc),
                ));
            }
        }
    }

    /// Text bomscreen does not know the meaning of (an unknown property, a symbol): a company
    /// name in it is weak text evidence, never more.
    fn free_text(
        &self,
        field: &str,
        value: &str,
        loc: &Location,
        scratch: &mut Scratch<'a>,
        out: &mut Vec<Hit>,
    ) {
        padded_into(value, &mut scratch.padded);
        self.index.names_in(&scratch.padded, &mut scratch.names);
        for &(s, e, pat) in &scratch.names {
            if self.accepts(pat, &scratch.padded, (s, e), Ctx::Text) {
                out.push(Hit {
                    entity: pat.entity,
                    evidence: Evidence::new(
                        field,
                        value,
                        &pat.text,
                        "free-text",
                        Confidence::Text,
                        loc,
                    ),
                    weak: true,
                });
            }
        }
    }
}

/// The length of a match in a padded string, without its padding spaces.
fn pat_len(padded: &str, s: usize, e: usize) -> usize {
    padded[s..e].trim().len()
}

/// The `CN` and `O` values of a distinguished name (`CN=AO Kaspersky Lab, O=AO Kaspersky Lab,
/// L=Moscow, C=RU`), in order; empty when `dn` is not one.
fn dn_names(dn: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for part in dn.split([',', '/', ';']) {
        let Some((k, v)) = part.split_once('=') else {
            continue;
        };
        let k = k.trim();
        if k.eq_ignore_ascii_case("CN") || k.eq_ignore_ascii_case("O") {
            let v = v.trim().trim_matches('"').trim();
            if !v.is_empty() && !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

/// Whether a module name is a file name (`kavbase.dll`, `libkavscan.so.3`).
fn looks_like_file(m: &str) -> bool {
    const EXTENSIONS: [&str; 8] = ["dll", "exe", "sys", "so", "dylib", "jar", "ko", "a"];
    let lower = m.to_ascii_lowercase();
    lower.contains(".so.")
        || lower
            .rsplit_once('.')
            .is_some_and(|(_, ext)| EXTENSIONS.contains(&ext))
}

#[cfg(test)]
mod tests {
    use super::{dn_names, looks_like_file};

    #[test]
    fn distinguished_names_give_their_organisation() {
        assert_eq!(
            dn_names("CN=AO Kaspersky Lab, O=AO Kaspersky Lab, L=Moscow, C=RU"),
            vec!["AO Kaspersky Lab"]
        );
        assert_eq!(
            dn_names("/C=RU/O=Kaspersky Lab ZAO/CN=Kaspersky Lab"),
            vec!["Kaspersky Lab ZAO", "Kaspersky Lab"]
        );
        assert!(dn_names("AO Kaspersky Lab").is_empty());
    }

    #[test]
    fn module_file_names_are_recognised() {
        assert!(looks_like_file("kavbase.dll"));
        assert!(looks_like_file("libkavscan.so.3"));
        assert!(!looks_like_file("com.kaspersky.scan"));
    }
}
