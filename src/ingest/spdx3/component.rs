//! Packages, files and snippets, with their identifiers and hashes.

use serde_json::Value;

use super::collect::own_id;
use super::{Kind, Node, Obj, Reader, is_url, items, prop, push_unique};
use crate::model::{Component, ExternalRef, Hash, Location, Origin, PartyRole, WarningCode};

impl<'a> Reader<'a, '_> {
    /// One package, file or snippet.
    pub(super) fn component(&mut self, n: &Node<'a>) -> Component {
        let obj = n.obj;
        let p = n.pointer.as_str();
        let mut c = Component {
            origin: if n.kind == Kind::Package {
                Origin::Listed
            } else {
                Origin::File
            },
            location: Location::at(p),
            ..Component::default()
        };
        match own_id(obj) {
            Some(id) => c.id = id.to_string(),
            None => {
                self.warnings
                    .add_with(WarningCode::MissingField, Some(Location::at(p)), || {
                        "an element has no `spdxId`; its location is used as its id".to_string()
                    });
                c.id = if p.is_empty() {
                    "/".to_string()
                } else {
                    p.to_string()
                };
                c.id_synthesized = true;
            }
        }
        match self.text(obj, "name", p) {
            Some(name) => c.name = name,
            // SPDX 3.0.1 requires a name of packages and files, not of snippets.
            None if n.kind == Kind::Snippet => {}
            None => {
                self.warnings
                    .add_with(WarningCode::MissingField, Some(Location::at(p)), || {
                        format!("{} has no `name`", c.id)
                    })
            }
        }
        c.kind = self
            .text(obj, "software_primaryPurpose", p)
            .map(|k| k.to_ascii_lowercase())
            .or_else(|| match n.kind {
                Kind::File => Some("file".to_string()),
                Kind::Snippet => Some("snippet".to_string()),
                _ => None,
            });
        if n.kind == Kind::File && !c.name.is_empty() {
            c.file_names.push(c.name.clone());
        }
        c.version = self.stated(obj, "software_packageVersion", p);
        c.purl = self.stated(obj, "software_packageUrl", p).map(Into::into);
        c.copyright = self.stated(obj, "software_copyrightText", p);
        c.description = self
            .stated(obj, "description", p)
            .or_else(|| self.stated(obj, "summary", p))
            .or_else(|| self.stated(obj, "comment", p));
        c.download_location = self.stated(obj, "software_downloadLocation", p);
        c.release_date = self.text(obj, "releaseTime", p);
        c.built_date = self.text(obj, "builtTime", p);
        if let Some(home) = self.stated(obj, "software_homePage", p) {
            c.external_refs.push(ExternalRef {
                kind: "homepage".to_string(),
                url: home,
            });
        }
        self.identifiers(obj, p, &mut c);
        self.hashes(obj, p, &mut c);
        for v in items(obj.get("suppliedBy")) {
            if let Some(party) = self.agent(
                PartyRole::Supplier,
                v,
                Location::at(format!("{p}/suppliedBy")),
            ) {
                c.parties.push(party);
            }
        }
        for (i, v) in items(obj.get("originatedBy")).enumerate() {
            let at = Location::at(format!("{p}/originatedBy/{i}"));
            if let Some(party) = self.agent(PartyRole::Originator, v, at) {
                c.parties.push(party);
            }
        }
        c
    }

    /// SPDX 3.0 §Core/ExternalIdentifierType: `cpe22`, `cpe23`, `packageUrl`, `swid`, `gitoid`,
    /// `swhid`... (sbom-tool writes `purl` for `packageUrl`); `externalRef` locators and
    /// `software_contentIdentifier` (gitoid/swhid) too.
    pub(super) fn identifiers(&mut self, obj: &'a Obj, p: &str, c: &mut Component) {
        for v in items(obj.get("externalIdentifier")) {
            let Some(id) = self.resolve(v) else {
                self.unknown_ref("externalIdentifier", v, p);
                continue;
            };
            let kind = id
                .get("externalIdentifierType")
                .and_then(Value::as_str)
                .unwrap_or("other")
                .to_string();
            let Some(value) = id.get("identifier").and_then(Value::as_str).map(str::trim) else {
                self.warnings
                    .add_with(WarningCode::MissingField, Some(Location::at(p)), || {
                        "an ExternalIdentifier has no `identifier`".to_string()
                    });
                continue;
            };
            match kind.to_ascii_lowercase().as_str() {
                "cpe22" | "cpe23" => push_unique(&mut c.cpes, value),
                "packageurl" | "purl" if c.purl.is_none() => c.purl = Some(value.into()),
                "swid" => push_unique(&mut c.swid, value),
                "gitoid" | "swhid" => push_unique(&mut c.other_ids, value),
                "other" | "urlscheme" if is_url(value) => c.external_refs.push(ExternalRef {
                    kind: kind.clone(),
                    url: value.to_string(),
                }),
                _ => {}
            }
            for loc in items(id.get("identifierLocator")).filter_map(Value::as_str) {
                c.external_refs.push(ExternalRef {
                    kind: kind.clone(),
                    url: loc.trim().to_string(),
                });
            }
        }
        for v in items(prop(obj, "software_contentIdentifier")) {
            if let Some(ci) = self.resolve(v)
                && let Some(value) =
                    prop(ci, "software_contentIdentifierValue").and_then(Value::as_str)
            {
                push_unique(&mut c.other_ids, value.trim());
            }
        }
        for v in items(obj.get("externalRef")) {
            let Some(r) = self.resolve(v) else {
                self.unknown_ref("externalRef", v, p);
                continue;
            };
            let kind = r
                .get("externalRefType")
                .and_then(Value::as_str)
                .unwrap_or("other");
            for loc in items(r.get("locator")).filter_map(Value::as_str) {
                c.external_refs.push(ExternalRef {
                    kind: kind.to_string(),
                    url: loc.trim().to_string(),
                });
            }
        }
    }

    /// SPDX 3.0 §Core/Hash: `algorithm` (`sha256`, `sha3_256`, `blake2b256`...) and `hashValue`.
    /// `PackageVerificationCode` has the same two fields; sbom-tool puts a file's plain hashes
    /// there, so any integrity method with both is kept.
    pub(super) fn hashes(&mut self, obj: &'a Obj, p: &str, c: &mut Component) {
        for v in items(obj.get("verifiedUsing")) {
            let Some(h) = self.resolve(v) else {
                self.unknown_ref("verifiedUsing", v, p);
                continue;
            };
            let alg = h.get("algorithm").and_then(Value::as_str).map(str::trim);
            let value = h.get("hashValue").and_then(Value::as_str).map(str::trim);
            match (alg, value) {
                (Some(alg), Some(value)) if !alg.is_empty() && !value.is_empty() => {
                    let hash = Hash {
                        alg: alg.to_ascii_uppercase(),
                        value: value.to_ascii_lowercase(),
                    };
                    if !c.hashes.contains(&hash) {
                        c.hashes.push(hash);
                    }
                }
                _ => {
                    self.warnings
                        .add_with(WarningCode::MissingField, Some(Location::at(p)), || {
                            format!(
                                "a `verifiedUsing` entry of {} has no `algorithm` or `hashValue`",
                                c.id
                            )
                        })
                }
            }
        }
    }

    pub(super) fn unknown_ref(&mut self, field: &str, v: &Value, p: &str) {
        let id = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        self.warnings
            .add_with(WarningCode::UnknownRef, Some(Location::at(p)), || {
                format!("`{field}` refers to {id:?}, which is not an element of the document")
            });
    }
}
