//! Agents and tools: the parties and tools an SPDX 3 element names, inline or by `spdxId`.

use serde_json::Value;

use super::collect::type_of;
use super::{Kind, Reader, is_url, items, push_unique, split_tool_version};
use crate::ingest::spdx2::actor::parse_actor;
use crate::model::{Location, Party, PartyKind, PartyRole, Tool, WarningCode};

impl<'a> Reader<'a, '_> {
    /// A `Tool` element (`createdUsing`). sbom-tool writes SPDX 2 style names (`Tool: name-1.0`);
    /// those are split into name and version as SPDX 2 creators are.
    pub(super) fn tool(&mut self, v: &'a Value) -> Option<Tool> {
        let name = match self.resolve(v) {
            Some(obj) => self.text(obj, "name", "")?,
            None => {
                let id = Self::ref_id(v)?;
                self.warnings.add_with(WarningCode::UnknownRef, None, || {
                    format!(
                        "createdUsing refers to {id:?}, which is not an element of the document"
                    )
                });
                if !id.trim_start().to_ascii_lowercase().starts_with("tool:") {
                    return None;
                }
                id.to_string()
            }
        };
        match parse_actor(&name) {
            Some(actor) if actor.kind == PartyKind::Tool => {
                let (name, version) = split_tool_version(&actor.name);
                Some(Tool {
                    vendor: None,
                    name: name.to_string(),
                    version: version.map(str::to_string),
                })
            }
            Some(_) => Some(Tool {
                vendor: None,
                name,
                version: None,
            }),
            None => None,
        }
    }

    /// A party from an agent reference (`suppliedBy`, `originatedBy`, `createdBy`).
    ///
    /// SPDX 3.0 §Core/Artifact: `suppliedBy` "identifies who or what supplied the artifact or
    /// VulnAssessmentRelationship referenced by the Element", `originatedBy` "identifies from
    /// where or whom the Element originally came"; both are Agents (Person, Organization,
    /// SoftwareAgent) with a `name` and `externalIdentifier`s (type `email` for e-mail).
    /// Generators converted from SPDX 2 write actor strings (`Organization: Microsoft`) into
    /// the name, or even in place of the reference; both are read as SPDX 2 actors.
    pub(super) fn agent(
        &mut self,
        role: PartyRole,
        v: &'a Value,
        location: Location,
    ) -> Option<Party> {
        let Some(obj) = self.resolve(v) else {
            let id = Self::ref_id(v)?;
            let pointer = location.pointer.clone();
            self.warnings
                .add_with(WarningCode::UnknownRef, Some(Location::at(pointer)), || {
                    format!("{role} refers to {id:?}, which is not an element of the document")
                });
            let actor = parse_actor(id).filter(|a| a.kind != PartyKind::Unknown)?;
            let mut p = Party::named(role, actor.kind, &actor.name, location);
            p.emails.extend(actor.email);
            return Some(p);
        };
        let element_kind = match type_of(obj) {
            Some(Kind::Agent(k)) => k,
            Some(Kind::Tool) => PartyKind::Tool,
            _ => PartyKind::Unknown,
        };
        let raw_name = self.text(obj, "name", &location.pointer);
        let (name, kind, email) = match raw_name.as_deref().map(parse_actor) {
            Some(None) => return None, // NOASSERTION
            Some(Some(actor)) if actor.kind != PartyKind::Unknown => {
                let kind = if element_kind == PartyKind::Unknown {
                    actor.kind
                } else {
                    element_kind
                };
                (Some(actor.name), kind, actor.email)
            }
            _ => (raw_name, element_kind, None),
        };
        let mut party = Party::named(role, kind, name.as_deref().unwrap_or(""), location);
        party.emails.extend(email);
        for id in items(obj.get("externalIdentifier")) {
            let Some(id) = self.resolve(id) else { continue };
            let kind = id
                .get("externalIdentifierType")
                .and_then(Value::as_str)
                .unwrap_or("");
            let Some(value) = id.get("identifier").and_then(Value::as_str).map(str::trim) else {
                continue;
            };
            if kind.eq_ignore_ascii_case("email") {
                push_unique(&mut party.emails, value.trim_start_matches("mailto:"));
            } else if is_url(value) {
                push_unique(&mut party.urls, value);
            }
            for loc in items(id.get("identifierLocator")).filter_map(Value::as_str) {
                push_unique(&mut party.urls, loc.trim());
            }
        }
        for r in items(obj.get("externalRef")) {
            let Some(r) = self.resolve(r) else { continue };
            for loc in items(r.get("locator")).filter_map(Value::as_str) {
                push_unique(&mut party.urls, loc.trim());
            }
        }
        if party.name.is_none() && party.emails.is_empty() && party.urls.is_empty() {
            return None;
        }
        Some(party)
    }
}
