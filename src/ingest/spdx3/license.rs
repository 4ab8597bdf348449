//! Licences: `hasDeclaredLicense` / `hasConcludedLicense` relationships copied onto components.

use std::collections::HashMap;

use serde_json::Value;

use super::{Reader, prop, push_unique};
use crate::ingest::spdx2::actor::is_unstated;
use crate::model::Sbom;

impl<'a> Reader<'a, '_> {
    /// SPDX 3 has no licence field on packages: `hasDeclaredLicense` / `hasConcludedLicense`
    /// relationships point at licence elements. Their expressions are copied onto the component.
    pub(super) fn licenses(&self, sbom: &mut Sbom) {
        let by_id: HashMap<&str, usize> = sbom
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut found = Vec::new();
        for r in &sbom.relations {
            let kind = r.kind.replace('_', "").to_ascii_lowercase();
            if kind != "hasdeclaredlicense" && kind != "hasconcludedlicense" {
                continue;
            }
            let Some(&i) = by_id.get(r.from.as_str()) else {
                continue;
            };
            if let Some(l) = self.license_text(&r.to) {
                found.push((i, l));
            }
        }
        for (i, l) in found {
            push_unique(&mut sbom.components[i].licenses, &l);
        }
    }

    pub(super) fn license_text(&self, id: &str) -> Option<String> {
        let text = match self.index.get(id).map(|&i| self.nodes[i].obj) {
            Some(obj) => prop(obj, "simplelicensing_licenseExpression")
                .or_else(|| prop(obj, "expandedlicensing_licenseId"))
                .or_else(|| obj.get("name"))
                .and_then(Value::as_str)
                .map(str::to_string),
            // Listed licences are often referenced by IRI without being defined in the document.
            None => ["https://spdx.org/licenses/", "http://spdx.org/licenses/"]
                .iter()
                .find_map(|base| id.strip_prefix(base))
                .map(str::to_string),
        }?;
        let text = text.trim();
        (!is_unstated(text)
            && !text.ends_with("NoAssertionLicense")
            && !text.ends_with("NoneLicense"))
        .then(|| text.to_string())
    }
}
