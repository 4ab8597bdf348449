//! The screened SBOM as CycloneDX 1.6 JSON, for Dependency-Track and other CycloneDX tools: the
//! document's components (ids kept as bom-refs, nesting, pedigree, services), its dependencies,
//! and one `annotation` per finding and per waiver that applied, by the tool bomscreen. Written
//! from the model after screening, with the report's judged findings; one document per file.
//!
//! Spec: <https://cyclonedx.org/docs/1.6/json/>. Annotations are not evidence: the reader does
//! not read them, so screening the written file finds what screening the original found.

mod annotations;
mod component;
mod relations;
mod wire;

use std::collections::BTreeSet;
use std::io;

use serde::Serialize;

use self::annotations::{Annotation, annotations, bomscreen};
use self::relations::{Dependency, dependencies, test_only};
use self::wire::{Comp, Contact, Entity, Pedigree, Svc};
use super::Report;
use crate::model::{Origin, PartyKind, PartyRole, Sbom, Standard};

const SCHEMA: &str = "http://cyclonedx.org/schema/bom-1.6.schema.json";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Bom<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    bom_format: &'static str,
    spec_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    serial_number: Option<&'a str>,
    version: u32,
    metadata: Metadata<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    components: Vec<Comp<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    services: Vec<Svc<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    dependencies: Vec<Dependency<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    annotations: Vec<Annotation<'a>>,
}

#[derive(Serialize)]
struct Metadata<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<&'a str>,
    tools: Tools<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    component: Option<Comp<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manufacture: Option<Entity<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manufacturer: Option<Entity<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Contact<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    supplier: Option<Entity<'a>>,
}

#[derive(Serialize)]
struct Tools<'a> {
    components: Vec<Tool<'a>>,
}

/// A tool component: the generators of the original, bomscreen, the annotator.
#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Tool<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
}

/// Whether the text is an RFC 4122 URN, as the schema requires of `serialNumber`.
fn is_urn_uuid(s: &str) -> bool {
    let Some(u) = s.strip_prefix("urn:uuid:") else {
        return false;
    };
    let groups: Vec<&str> = u.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// A URL as an IRI reference the schema accepts: characters RFC 3987 does not allow (spaces,
/// quotes, angle brackets...) and a `%` that starts no escape are percent-encoded; the host and
/// path stay readable, so a re-scan matches the same domain.
pub(crate) fn uri(s: &str) -> String {
    // Text before the first `:` that is no scheme (`git@github.com:owner/repo.git`, scp-like)
    // would make the whole value invalid: scp-like addresses become `ssh://` URLs (the same
    // host and owner to bomscreen), any other such `:` is percent-encoded.
    if let Some(c) = s.find(':')
        && !s[..c].contains('/')
    {
        let head = &s[..c];
        let scheme = head.starts_with(|ch: char| ch.is_ascii_alphabetic())
            && head
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '+' | '-' | '.'));
        if !scheme {
            let rest = &s[c + 1..];
            return if head.contains('@') && !head.contains(' ') {
                escape_iri(&format!("ssh://{head}/{}", rest.trim_start_matches('/')))
            } else {
                escape_iri(&format!("{}%3A{rest}", head.replace('%', "%25")))
            };
        }
    }
    escape_iri(s)
}

fn escape_iri(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        let escape = match c {
            '%' => {
                !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            }
            ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => true,
            c => c.is_control(),
        };
        if escape {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Children of each component in document order: nested, pedigree and services behind services.
fn children(sbom: &Sbom) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); sbom.components.len()];
    for (i, c) in sbom.components.iter().enumerate() {
        if let Some(p) = c.parent.filter(|&p| p < i) {
            out[p].push(i);
        }
    }
    out
}

/// Drops a component that is an exact copy of an earlier sibling (the same bom-ref written
/// twice with the same content): the schema wants each list's items unique.
fn dedup(list: &mut Vec<Comp<'_>>) {
    let mut refs = BTreeSet::new();
    if list.iter().all(|c| refs.insert(c.bom_ref)) {
        return;
    }
    let mut seen = BTreeSet::new();
    list.retain(|c| seen.insert(serde_json::to_string(c).unwrap_or_default()));
}

/// A component with its nested and pedigree components, placed where the reader found them.
fn tree<'a>(sbom: &'a Sbom, kids: &[Vec<usize>], excluded: &[bool], i: usize) -> Comp<'a> {
    let c = &sbom.components[i];
    let mut out = component::component(c, excluded[i]);
    let mut pedigree = Pedigree::default();
    for &k in &kids[i] {
        let child = &sbom.components[k];
        let sub = tree(sbom, kids, excluded, k);
        let list = (child.origin == Origin::Pedigree).then(|| {
            if c.ancestors.contains(&child.id) {
                Some(&mut pedigree.ancestors)
            } else if c.descendants.contains(&child.id) {
                Some(&mut pedigree.descendants)
            } else if c.variants.contains(&child.id) {
                Some(&mut pedigree.variants)
            } else {
                None
            }
        });
        match list.flatten() {
            Some(l) => l.push(sub),
            None => out.components.push(sub),
        }
    }
    dedup(&mut out.components);
    for list in [
        &mut pedigree.ancestors,
        &mut pedigree.descendants,
        &mut pedigree.variants,
    ] {
        dedup(list);
    }
    if !(pedigree.ancestors.is_empty()
        && pedigree.descendants.is_empty()
        && pedigree.variants.is_empty())
    {
        out.pedigree = Some(pedigree);
    }
    out
}

fn service_tree<'a>(sbom: &'a Sbom, kids: &[Vec<usize>], i: usize) -> Svc<'a> {
    let mut out = component::service(&sbom.components[i]);
    for &k in &kids[i] {
        if sbom.components[k].is_service() {
            out.services.push(service_tree(sbom, kids, k));
        }
    }
    out
}

/// The component that becomes `metadata.component`: CycloneDX's own, or the one package an
/// SPDX document describes.
fn metadata_component(sbom: &Sbom) -> Option<usize> {
    if let Some(i) = sbom
        .components
        .iter()
        .position(|c| c.origin == Origin::Metadata)
    {
        return Some(i);
    }
    let [id] = &sbom.described[..] else {
        return None;
    };
    (sbom.standard != Standard::CycloneDx)
        .then(|| {
            sbom.components
                .iter()
                .position(|c| &c.id == id && c.parent.is_none() && c.origin == Origin::Listed)
        })
        .flatten()
}

/// Writes `sbom`, screened into `report`, as a CycloneDX 1.6 JSON document. Annotations are
/// dated at the as-of date, 00:00:00 UTC, so the same input gives the same bytes.
pub fn render(report: &Report, sbom: &Sbom, out: &mut dyn io::Write) -> io::Result<()> {
    let timestamp = format!("{}T00:00:00Z", report.as_of);
    let kids = children(sbom);
    let excluded = test_only(sbom);
    let meta = metadata_component(sbom);
    let mut components = Vec::new();
    let mut services = Vec::new();
    for (i, c) in sbom.components.iter().enumerate() {
        if Some(i) == meta || c.parent.is_some_and(|p| p < i) {
            continue;
        }
        if c.is_service() {
            services.push(service_tree(sbom, &kids, i));
        } else {
            components.push(tree(sbom, &kids, &excluded, i));
        }
    }
    dedup(&mut components);
    let party = |role: PartyRole| sbom.document_parties.iter().filter(move |p| p.role == role);
    let authors: Vec<_> = party(PartyRole::Author).collect();
    let made_by = authors.iter().find(|p| p.kind == PartyKind::Organization);
    let mut tools: Vec<Tool> = sbom
        .tools
        .iter()
        .map(|t| Tool {
            kind: "application",
            publisher: t.vendor.as_deref(),
            name: &t.name,
            version: t.version.as_deref(),
        })
        .collect();
    tools.push(bomscreen(report));
    let mut seen = BTreeSet::new();
    tools.retain(|t| seen.insert((t.publisher, t.name, t.version)));
    let annotations = annotations(report, sbom, &timestamp);
    let bom = Bom {
        schema: SCHEMA,
        bom_format: "CycloneDX",
        spec_version: "1.6",
        serial_number: sbom.serial.as_deref().filter(|s| is_urn_uuid(s)),
        version: 1,
        metadata: Metadata {
            timestamp: sbom
                .created
                .as_deref()
                .filter(|t| t.parse::<jiff::Timestamp>().is_ok()),
            tools: Tools { components: tools },
            component: meta.map(|i| tree(sbom, &kids, &excluded, i)),
            manufacture: party(PartyRole::Manufacturer).next().map(component::entity),
            manufacturer: made_by.map(|p| component::entity(p)),
            authors: authors
                .iter()
                .filter(|p| Some(*p) != made_by)
                .map(|p| component::contact(p))
                .collect(),
            supplier: party(PartyRole::Supplier).next().map(component::entity),
        },
        components,
        services,
        dependencies: dependencies(sbom),
        annotations,
    };
    serde_json::to_writer_pretty(&mut *out, &bom)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_made_valid_iri_references() {
        assert_eq!(
            uri("https://kaspersky.com/a b"),
            "https://kaspersky.com/a%20b"
        );
        assert_eq!(uri("https://x.cn/%41%zz"), "https://x.cn/%41%25zz");
        assert_eq!(uri("https://x.cn/<\"|>"), "https://x.cn/%3C%22%7C%3E");
        assert_eq!(uri("https://例え.jp/パス"), "https://例え.jp/パス");
        assert_eq!(
            uri("git@github.com:chaijs/deep-eql.git"),
            "ssh://git@github.com/chaijs/deep-eql.git"
        );
        assert_eq!(uri("1.2:x/y"), "1.2%3Ax/y");
        assert_eq!(uri("mailto:sec@huawei.com"), "mailto:sec@huawei.com");
    }

    #[test]
    fn serial_numbers_must_be_urn_uuids() {
        assert!(is_urn_uuid("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"));
        assert!(!is_urn_uuid(
            "urn:uuid:3E671687-395b-41f5-a30f-a58921a69b79"
        ));
        assert!(!is_urn_uuid("https://spdx.org/spdxdocs/x"));
    }
}
