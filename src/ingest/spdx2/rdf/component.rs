//! SPDX 2.3 packages, files and snippets (§7, §8, §9) in their RDF spelling, with their
//! checksums and external references.

use roxmltree::Node;

use super::{
    DOAP, Kind, RDFS, Reader, Value, enum_value, is, is_spdx, push_unique, resource_or_text,
    stated, text_of,
};
use crate::ingest::spdx2::actor::{is_unstated, parse_actor};
use crate::model::{
    Component, ExternalRef, Hash, Observation, ObservationKind, Origin, Party, PartyRole,
    WarningCode,
};

impl<'a, 'i, 'w> Reader<'a, 'i, 'w> {
    /// One package, file or snippet (SPDX 2.3 §7, §8, §9 in their RDF spelling).
    pub(super) fn component(&mut self, i: usize, id: &str) -> Component {
        let kind = self.subjects[i].kind;
        let def = self.subjects[i].definition();
        let location = self.location(def);
        let mut c = Component {
            id: id.to_string(),
            id_synthesized: self.subjects[i].about.is_none(),
            origin: if kind == Kind::Package {
                Origin::Listed
            } else {
                Origin::File
            },
            kind: match kind {
                Kind::File => Some("file".to_string()),
                Kind::Snippet => Some("snippet".to_string()),
                _ => None,
            },
            location: location.clone(),
            ..Component::default()
        };
        if c.id_synthesized {
            self.warnings.add_with(WarningCode::MissingField, Some(location.clone()), || {
                "an SPDX element has no rdf:about (no SPDXID); its element path is used as its id".to_string()
            });
        }
        let props: Vec<Node> = self.subjects[i].props().collect();
        let mut declared = Vec::new();
        let mut concluded = Vec::new();
        let mut description = None;
        let mut summary = None;
        let mut comment = None;
        for p in props {
            let local = p.tag_name().name();
            if is(p, DOAP, "homepage") || is_spdx(p, "homepage") {
                if let Some(url) = resource_or_text(p).filter(|u| !is_unstated(u)) {
                    c.external_refs.push(ExternalRef {
                        kind: "homepage".to_string(),
                        url,
                    });
                }
                continue;
            }
            if is(p, RDFS, "comment") {
                comment = comment.or_else(|| text_of(p));
                continue;
            }
            if !is_spdx(p, local) {
                continue;
            }
            match local {
                "name" if c.name.is_empty() => c.name = text_of(p).unwrap_or_default(),
                "fileName" => {
                    if let Some(n) = text_of(p) {
                        if c.name.is_empty() {
                            c.name = n.clone();
                        }
                        push_unique(&mut c.file_names, &n);
                    }
                }
                "packageFileName" => {
                    if let Some(n) = text_of(p) {
                        push_unique(&mut c.file_names, &n);
                    }
                }
                "versionInfo" => c.version = c.version.take().or_else(|| text_of(p)),
                "supplier" | "originator" => {
                    let role = if local == "supplier" {
                        PartyRole::Supplier
                    } else {
                        PartyRole::Originator
                    };
                    if let Some(actor) = text_of(p).as_deref().and_then(parse_actor) {
                        let mut party =
                            Party::named(role, actor.kind, &actor.name, self.location(p));
                        party.emails.extend(actor.email);
                        c.parties.push(party);
                    }
                }
                "checksum" => {
                    if let Some(h) = self.checksum(p)
                        && !c.hashes.contains(&h)
                    {
                        c.hashes.push(h);
                    }
                }
                "externalRef" => self.external_ref(p, &mut c),
                "downloadLocation" => {
                    c.download_location = c
                        .download_location
                        .take()
                        .or_else(|| stated(resource_or_text(p)));
                }
                "copyrightText" => {
                    c.copyright = c.copyright.take().or_else(|| stated(resource_or_text(p)))
                }
                // 8.16 file notice: "may include copyright notices".
                "noticeText" => {
                    if let Some(n) = stated(resource_or_text(p)) {
                        c.evidence.extend(Observation::new(
                            ObservationKind::Copyright,
                            "noticeText",
                            &n,
                        ));
                    }
                }
                "licenseDeclared" => declared.extend(self.license(p, 0)),
                "licenseConcluded" => concluded.extend(self.license(p, 0)),
                "description" => description = description.or_else(|| text_of(p)),
                "summary" => summary = summary.or_else(|| text_of(p)),
                "primaryPackagePurpose" => {
                    c.kind = resource_or_text(p)
                        .map(|r| enum_value(&r, "purpose_").to_ascii_lowercase());
                }
                "releaseDate" => c.release_date = text_of(p),
                "builtDate" => c.built_date = text_of(p),
                _ => {}
            }
        }
        c.description = description
            .or(summary)
            .or(comment)
            .filter(|d| !is_unstated(d));
        for l in declared.into_iter().chain(concluded) {
            push_unique(&mut c.licenses, &l);
        }
        if c.name.is_empty() {
            let cid = c.id.clone();
            self.warnings
                .add_with(WarningCode::MissingField, Some(location), || {
                    format!("{cid} has no name")
                });
        }
        c
    }

    /// SPDX 2.3 §7.10 checksum: `spdx:Checksum` with `spdx:algorithm` (`checksumAlgorithm_sha1`)
    /// and `spdx:checksumValue`.
    pub(super) fn checksum(&mut self, p: Node<'a, 'i>) -> Option<Hash> {
        let Some(Value::Node(node)) = self.deref(p) else {
            return None;
        };
        let props = self.all_props(node);
        let alg = props
            .iter()
            .find(|x| is_spdx(**x, "algorithm"))
            .and_then(|x| resource_or_text(*x));
        let val = props
            .iter()
            .find(|x| is_spdx(**x, "checksumValue"))
            .and_then(|x| text_of(*x));
        match (alg, val) {
            (Some(alg), Some(val)) => Some(Hash {
                alg: enum_value(&alg, "checksumAlgorithm_").to_ascii_uppercase(),
                value: val.to_ascii_lowercase(),
            }),
            _ => {
                let loc = self.location(node);
                self.warnings
                    .add_with(WarningCode::MissingField, Some(loc), || {
                        "a checksum has no spdx:algorithm or spdx:checksumValue".to_string()
                    });
                None
            }
        }
    }

    /// SPDX 2.3 §7.21 external reference: category, type (`.../references/purl`, `cpe23Type`),
    /// locator. purl and CPEs become identifiers, the rest external references.
    pub(super) fn external_ref(&mut self, p: Node<'a, 'i>, c: &mut Component) {
        let Some(Value::Node(node)) = self.deref(p) else {
            return;
        };
        let props = self.all_props(node);
        let kind = props
            .iter()
            .find(|x| is_spdx(**x, "referenceType"))
            .and_then(|x| resource_or_text(*x))
            // SPDX-listed types (`http://spdx.org/rdf/references/purl`) by name, as JSON writes
            // them; a document's own types (`<ns>#LocationRef-acmeforge`) as the full IRI.
            .map(|t| {
                t.strip_prefix("http://spdx.org/rdf/references/")
                    .map(str::to_string)
                    .unwrap_or(t)
            })
            .unwrap_or_default();
        let Some(locator) = props
            .iter()
            .find(|x| is_spdx(**x, "referenceLocator"))
            .and_then(|x| text_of(*x))
        else {
            let loc = self.location(node);
            self.warnings
                .add_with(WarningCode::MissingField, Some(loc), || {
                    "an external reference has no spdx:referenceLocator".to_string()
                });
            return;
        };
        match kind.as_str() {
            "purl" => {
                if c.purl.is_none() {
                    c.purl = Some(locator.into());
                } else {
                    c.external_refs.push(ExternalRef { kind, url: locator });
                }
            }
            "cpe22Type" | "cpe23Type" => push_unique(&mut c.cpes, &locator),
            "swid" => push_unique(&mut c.swid, &locator),
            "gitoid" | "swh" => push_unique(&mut c.other_ids, &locator),
            _ => c.external_refs.push(ExternalRef { kind, url: locator }),
        }
    }
}
