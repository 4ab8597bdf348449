//! The policy's `[require]` checked against one document: too little declared provenance is an
//! `insufficient-provenance` finding, judged and reported like any other (it fails per
//! `fail-on`). A policy requirement, not a screening signal, and every format says which.

use crate::finding::{
    BasisStatus, Code, ComponentRef, Confidence, EntityRef, Evidence, Finding, LegalBasis, Scope,
};
use crate::model::Location;
use crate::policy::Policy;

use super::Document;

/// The findings `[require]` gives for `doc`: at most one per requirement.
pub(super) fn check(policy: &Policy, doc: &Document) -> Vec<Finding> {
    let req = &policy.require;
    let sbom = &doc.sbom;
    let described = sbom
        .described
        .iter()
        .find_map(|id| sbom.components.iter().position(|c| &c.id == id));
    let subject = match described {
        Some(i) => crate::screen::component_ref(&sbom.components[i]),
        None => ComponentRef {
            id: String::new(),
            name: sbom.name.clone().unwrap_or_else(|| sbom.source.clone()),
            version: None,
            purl: None,
            location: Location::default(),
            service: false,
        },
    };
    let policy_file = policy.source.as_deref().unwrap_or("the policy");
    let finding = |field: &str, value: String, matched: String, message: String| {
        Finding {
        code: Code::InsufficientProvenance,
        severity: Code::InsufficientProvenance.default_severity(),
        confidence: Confidence::Declared,
        document: sbom.source.clone(),
        component: subject.clone(),
        entity: EntityRef {
            id: "policy-require".to_string(),
            name: "provenance required by the policy".to_string(),
        },
        integrates: None,
        message,
        legal_basis: vec![LegalBasis {
            list: "bomscreen policy [require]".to_string(),
            citation: policy_file.to_string(),
            url: None,
            effective: None,
            scope: Some(
                "What the organisation running bomscreen requires its SBOMs to declare; not a legal designation.".to_string(),
            ),
            status: BasisStatus::InForce,
            milestone: None,
            reason: None,
        }],
        evidence: vec![Evidence::new(
            field,
            &value,
            &matched,
            "policy-require",
            Confidence::Declared,
            &subject.location,
        )],
        path: Vec::new(),
        scope: Scope::Delivered,
        notes: vec![
            "a policy requirement, not a screening signal: absence of adversary code cannot be shown for what the document leaves undeclared".to_string(),
        ],
    }
    };
    let mut out = Vec::new();
    if let Some(min) = req.supplier_coverage {
        let cov = crate::provenance::coverage(sbom, &doc.provenance);
        if cov.components > 0 {
            let pct = cov.declared_supplier as f64 * 100.0 / cov.components as f64;
            if pct < min {
                out.push(finding(
                    "supplier-coverage",
                    format!(
                        "{} of {} components ({pct:.0}%)",
                        cov.declared_supplier, cov.components
                    ),
                    format!("supplier-coverage = {min}"),
                    format!(
                        "{}: {} of {} components ({pct:.0}%) declare a supplier or manufacturer; the policy requires at least {min}%",
                        sbom.source, cov.declared_supplier, cov.components
                    ),
                ));
            }
        }
    }
    if req.product_supplier {
        let declared = described
            .and_then(|i| doc.provenance.get(i))
            .is_some_and(|p| p.declares_supplier());
        if !declared {
            out.push(finding(
                "product-supplier",
                described.map_or_else(
                    || "no described product".to_string(),
                    |i| format!("{} declares no supplier", sbom.components[i].display_name()),
                ),
                "product-supplier = true".to_string(),
                format!(
                    "{}: the document does not declare who supplies the product it describes; the policy requires it",
                    sbom.source
                ),
            ));
        }
    }
    out
}
