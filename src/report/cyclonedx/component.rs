//! One model component (or service) as a CycloneDX 1.6 JSON object: every field bomscreen reads
//! written back where the CycloneDX reader finds it again, so a re-scan sees the same evidence;
//! values the schema would refuse are mapped (hash names, reference types) or left out.

use super::uri;
use super::wire::{
    Address, Callstack, Comp, Contact, CopyrightW, Entity, EvidenceW, ExtRef, Flow, Frame, HashW,
    IDENTITY_FIELDS, Identity, LicenseName, LicenseW, Method, Occurrence, Property, REF_TYPES,
    ReleaseNotes, Svc, Swid, TECHNIQUES, TYPES,
};
use crate::model::{
    Component, Observation, ObservationKind as Kind, Party, PartyKind, PartyRole, Scope,
};

/// The CycloneDX type of a component: its own when CycloneDX has it; SPDX purposes mapped to
/// the nearest type bomscreen reads the same way (software); anything else `library`.
fn kind(c: &Component) -> &'static str {
    let k = c.kind.as_deref().unwrap_or("");
    if let Some(t) = TYPES.iter().find(|t| **t == k) {
        return t;
    }
    match k {
        "archive" | "source" | "snippet" => "file",
        "install" => "application",
        _ => "library",
    }
}

/// A hash algorithm as CycloneDX 1.6 names it (`SHA256` -> `SHA-256`); `None` for one it does
/// not list, or a digest of another length than the schema allows.
fn hash(alg: &str, value: &str) -> Option<HashW> {
    let key: String = alg
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    let alg = match key.as_str() {
        "MD5" => "MD5",
        "SHA1" => "SHA-1",
        "SHA256" => "SHA-256",
        "SHA384" => "SHA-384",
        "SHA512" => "SHA-512",
        "SHA3256" => "SHA3-256",
        "SHA3384" => "SHA3-384",
        "SHA3512" => "SHA3-512",
        "BLAKE2B256" => "BLAKE2b-256",
        "BLAKE2B384" => "BLAKE2b-384",
        "BLAKE2B512" => "BLAKE2b-512",
        "BLAKE3" => "BLAKE3",
        _ => return None,
    };
    let hex = value.bytes().all(|b| b.is_ascii_hexdigit());
    (hex && matches!(value.len(), 32 | 40 | 64 | 96 | 128)).then(|| HashW {
        alg,
        content: value.to_string(),
    })
}

/// An e-mail address the schema's `idn-email` format accepts: one `@`, something on both
/// sides, no spaces or angle brackets.
fn email(e: &str) -> Option<&str> {
    let (local, domain) = e.split_once('@')?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.contains('@')
        && !e
            .contains(|c: char| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"".contains(c));
    ok.then_some(e)
}

pub(super) fn entity(p: &Party) -> Entity<'_> {
    let mut contact: Vec<Contact> = p
        .contacts
        .iter()
        .map(|n| Contact {
            name: Some(n),
            email: None,
        })
        .collect();
    contact.extend(p.emails.iter().filter_map(|e| email(e)).map(|e| Contact {
        name: None,
        email: Some(e),
    }));
    Entity {
        name: p.name.as_deref(),
        address: p.country.as_deref().map(|country| Address { country }),
        url: p.urls.iter().map(|u| uri(u)).collect(),
        contact,
    }
}

pub(super) fn contact(p: &Party) -> Contact<'_> {
    Contact {
        name: p.name.as_deref(),
        email: p.emails.iter().find_map(|e| email(e)),
    }
}

fn party(c: &Component, role: PartyRole) -> Option<&Party> {
    c.parties.iter().find(|p| p.role == role)
}

fn licenses(list: &[String]) -> Vec<LicenseW<'_>> {
    list.iter()
        .map(|name| LicenseW {
            license: LicenseName { name },
        })
        .collect()
}

fn ext_refs(c: &Component) -> Vec<ExtRef<'_>> {
    let mut out: Vec<ExtRef> = c
        .external_refs
        .iter()
        .map(|r| {
            let k = r.kind.to_ascii_lowercase();
            let kind = match REF_TYPES.iter().find(|t| **t == k) {
                Some(t) => t,
                None if k == "homepage" => "website",
                None => "other",
            };
            ExtRef {
                url: uri(&r.url),
                kind,
            }
        })
        .collect();
    // SPDX `downloadLocation`: where the package is distributed from.
    out.extend(c.download_location.iter().map(|d| ExtRef {
        url: uri(d),
        kind: "distribution",
    }));
    out
}

fn properties(c: &Component) -> Vec<Property<'_>> {
    c.properties
        .iter()
        .map(|(name, value)| Property { name, value })
        .collect()
}

fn release_notes(c: &Component) -> Option<ReleaseNotes<'_>> {
    let t = c.release_date.as_deref()?;
    // The schema's `date-time`: RFC 3339 with a time and an offset.
    t.parse::<jiff::Timestamp>().ok().map(|_| ReleaseNotes {
        kind: "unknown",
        timestamp: t,
    })
}

/// `line 3, offset 10` -> (3, 10), as the reader wrote an occurrence's detail.
fn line_offset(detail: Option<&str>) -> (Option<u64>, Option<u64>) {
    let (mut line, mut offset) = (None, None);
    for part in detail.unwrap_or("").split(", ") {
        if let Some(l) = part.strip_prefix("line ") {
            line = l.parse().ok();
        } else if let Some(o) = part.strip_prefix("offset ") {
            offset = o.parse().ok();
        }
    }
    (line, offset)
}

/// The observations, each where the CycloneDX reader reads one of its kind: identity values,
/// paths as occurrences, symbols, call-stack modules, copyright and licence evidence; SPDX file
/// names (matched as paths) as occurrences.
fn evidence<'a>(c: &'a Component) -> Option<EvidenceW<'a>> {
    let mut e = EvidenceW::default();
    let mut frames = Vec::new();
    for o in &c.evidence {
        observation(o, &mut e, &mut frames);
    }
    e.occurrences
        .extend(c.file_names.iter().map(|f| Occurrence {
            location: f,
            line: None,
            offset: None,
            symbol: None,
        }));
    if !frames.is_empty() {
        e.callstack = Some(Callstack { frames });
    }
    let empty = e.identity.is_empty()
        && e.occurrences.is_empty()
        && e.callstack.is_none()
        && e.licenses.is_empty()
        && e.copyright.is_empty();
    (!empty).then_some(e)
}

fn observation<'a>(o: &'a Observation, e: &mut EvidenceW<'a>, frames: &mut Vec<Frame<'a>>) {
    let v = o.value.as_str();
    let detail = o.detail.as_deref();
    match (o.kind, o.field) {
        (Kind::License, _) => e.licenses.extend(licenses(std::slice::from_ref(&o.value))),
        (Kind::Copyright, _) => e.copyright.push(CopyrightW { text: v }),
        (Kind::Identity, _) => {
            // The reader's detail: `FIELD, confidence C` or `FIELD`.
            let mut parts = detail.unwrap_or("").splitn(2, ", confidence ");
            let field = parts.next().unwrap_or("");
            let confidence = parts
                .next()
                .and_then(|c| c.parse::<f64>().ok())
                .filter(|c| (0.0..=1.0).contains(c));
            e.identity.push(Identity {
                field: IDENTITY_FIELDS
                    .iter()
                    .find(|f| **f == field)
                    .copied()
                    .unwrap_or("name"),
                confidence,
                concluded_value: Some(v),
                methods: Vec::new(),
            });
        }
        (Kind::Path, "evidence.callstack.frames.fullFilename") => frames.push(Frame {
            full_filename: Some(v),
            ..Frame::default()
        }),
        (Kind::Path, "evidence.identity.methods.value") | (Kind::Text, _) => {
            let technique = TECHNIQUES
                .iter()
                .find(|t| Some(**t) == detail)
                .copied()
                .unwrap_or("other");
            e.identity.push(Identity {
                field: "name",
                confidence: None,
                concluded_value: None,
                methods: vec![Method {
                    technique,
                    confidence: 0.0,
                    value: v,
                }],
            });
        }
        (Kind::Path, _) => {
            let (line, offset) = line_offset(detail);
            e.occurrences.push(Occurrence {
                location: v,
                line,
                offset,
                symbol: None,
            });
        }
        (Kind::Symbol, "evidence.callstack.frames.function") => frames.push(Frame {
            function: Some(v),
            ..Frame::default()
        }),
        // An occurrence needs a location; an empty one is read as none.
        (Kind::Symbol, _) => e.occurrences.push(Occurrence {
            location: "",
            line: None,
            offset: None,
            symbol: Some(v),
        }),
        (Kind::Module, "evidence.callstack.frames.package") => frames.push(Frame {
            package: Some(v),
            ..Frame::default()
        }),
        (Kind::Module, _) => frames.push(Frame {
            module: v,
            ..Frame::default()
        }),
        // Other kinds come from properties (written back as properties) or services.
        _ => {}
    }
}

/// A component without its nested and pedigree components (the caller places those);
/// `excluded` writes an unstated scope as `excluded` (see `test_only`).
pub(super) fn component(c: &Component, excluded: bool) -> Comp<'_> {
    let publisher = party(c, PartyRole::Publisher).and_then(|p| p.name.as_deref());
    // A declared manufacturer, else an SPDX organisation originator ("from whom the package
    // originally came"), which is what CycloneDX 1.6 calls the manufacturer.
    let manufacturer = party(c, PartyRole::Manufacturer).or_else(|| {
        c.parties
            .iter()
            .find(|p| p.role == PartyRole::Originator && p.kind == PartyKind::Organization)
    });
    let mut authors = Vec::new();
    let mut author = None;
    for p in &c.parties {
        match (p.role, p.kind) {
            (PartyRole::Author, PartyKind::Unknown) if author.is_none() => {
                author = p.name.as_deref();
            }
            (PartyRole::Author, _) => authors.push(contact(p)),
            (PartyRole::Originator, PartyKind::Organization) => {}
            (PartyRole::Originator, _) => authors.push(contact(p)),
            _ => {}
        }
    }
    let (omnibor, swhid): (Vec<&str>, Vec<&str>) = c
        .other_ids
        .iter()
        .map(String::as_str)
        .partition(|i| i.starts_with("gitoid:"));
    Comp {
        kind: kind(c),
        bom_ref: &c.id,
        supplier: party(c, PartyRole::Supplier).map(entity),
        manufacturer: manufacturer.map(entity),
        authors,
        author,
        publisher,
        group: c.group.as_deref(),
        name: &c.name,
        version: c.version.as_deref(),
        description: c.description.as_deref(),
        scope: match c.scope {
            Scope::Unspecified if excluded => Some("excluded"),
            Scope::Unspecified => None,
            Scope::Required => Some("required"),
            Scope::Optional => Some("optional"),
            Scope::Excluded => Some("excluded"),
        },
        hashes: c
            .hashes
            .iter()
            .filter_map(|h| hash(&h.alg, &h.value))
            .collect(),
        licenses: licenses(&c.licenses),
        copyright: c.copyright.as_deref(),
        cpe: c.cpes.first().map(String::as_str),
        purl: c.purl.as_deref(),
        omnibor_id: omnibor,
        swhid,
        swid: c.swid.first().map(|tag_id| Swid {
            tag_id,
            name: &c.name,
        }),
        pedigree: None,
        external_references: ext_refs(c),
        components: Vec::new(),
        evidence: evidence(c),
        release_notes: release_notes(c),
        properties: properties(c),
    }
}

/// A service without the services behind it (the caller places those).
pub(super) fn service(c: &Component) -> Svc<'_> {
    let info = c.service.as_deref();
    Svc {
        bom_ref: &c.id,
        provider: party(c, PartyRole::Provider).map(entity),
        group: c.group.as_deref(),
        name: &c.name,
        version: c.version.as_deref(),
        description: c.description.as_deref(),
        endpoints: info
            .map(|s| s.endpoints.iter().map(|e| uri(e)).collect())
            .unwrap_or_default(),
        authenticated: info.and_then(|s| s.authenticated),
        trust_boundary: info.and_then(|s| s.crosses_trust_boundary),
        trust_zone: info.and_then(|s| s.trust_zone.as_deref()),
        data: info
            .map(|s| {
                s.data
                    .iter()
                    .map(|d| Flow {
                        flow: match d.flow.as_str() {
                            "inbound" => "inbound",
                            "outbound" => "outbound",
                            "bi-directional" => "bi-directional",
                            _ => "unknown",
                        },
                        classification: &d.classification,
                        name: d.name.as_deref(),
                        source: d.source.iter().map(|a| uri(a)).collect(),
                        destination: d.destination.iter().map(|a| uri(a)).collect(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        licenses: licenses(&c.licenses),
        external_references: ext_refs(c),
        services: Vec::new(),
        release_notes: release_notes(c),
        properties: properties(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_named_as_cyclonedx_names_them() {
        let h = |a: &str, v: &str| hash(a, v).map(|h| h.alg);
        let sha256 = "a".repeat(64);
        assert_eq!(h("SHA256", &sha256), Some("SHA-256"));
        assert_eq!(h("sha-256", &sha256), Some("SHA-256"));
        assert_eq!(h("SHA1", &"b".repeat(40)), Some("SHA-1"));
        assert_eq!(h("BLAKE2b-256", &sha256), Some("BLAKE2b-256"));
        assert_eq!(h("ADLER32", "deadbeef"), None);
        assert_eq!(h("SHA256", "abc"), None, "not a SHA-256 digest");
    }

    #[test]
    fn emails_the_schema_accepts() {
        assert_eq!(email("sec@huawei.com"), Some("sec@huawei.com"));
        assert_eq!(email("not an email"), None);
        assert_eq!(email("a b@x.cn"), None);
        assert_eq!(email("@x.cn"), None);
    }

    #[test]
    fn occurrence_details_are_read_back() {
        assert_eq!(line_offset(Some("line 3, offset 10")), (Some(3), Some(10)));
        assert_eq!(line_offset(Some("offset 7")), (None, Some(7)));
        assert_eq!(line_offset(None), (None, None));
    }
}
