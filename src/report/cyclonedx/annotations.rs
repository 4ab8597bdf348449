//! One annotation per finding and one per waiver that applied, by the tool bomscreen: what a
//! CycloneDX tool shows beside the components, never read back as evidence.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Tool;
use crate::finding::DISCLAIMER;
use crate::model::Sbom;
use crate::report::Report;

#[derive(Serialize)]
pub(super) struct Annotation<'a> {
    #[serde(rename = "bom-ref")]
    bom_ref: String,
    subjects: Vec<&'a str>,
    annotator: Annotator<'a>,
    timestamp: &'a str,
    text: String,
}

#[derive(Serialize)]
pub(super) struct Annotator<'a> {
    component: Tool<'a>,
}

pub(super) fn bomscreen(report: &Report) -> Tool<'_> {
    Tool {
        kind: "application",
        publisher: None,
        name: &report.tool.name,
        version: Some(&report.tool.version),
    }
}

/// One annotation per finding of this document and one per waiver that applied to it.
pub(super) fn annotations<'a>(
    report: &'a Report,
    sbom: &Sbom,
    timestamp: &'a str,
) -> Vec<Annotation<'a>> {
    let mut out = Vec::new();
    let mut waived: BTreeMap<usize, (Vec<&'a str>, BTreeSet<String>)> = BTreeMap::new();
    let findings = report
        .findings
        .iter()
        .filter(|j| j.finding.document == sbom.source);
    for (n, j) in findings.enumerate() {
        let f = &j.finding;
        let mut subjects = vec![f.component.id.as_str()];
        if let Some(i) = f.integrates.as_ref().filter(|i| i.id != f.component.id) {
            subjects.push(i.id.as_str());
        }
        let version = f
            .component
            .version
            .as_deref()
            .map_or(String::new(), |v| format!(" {v}"));
        let mut text = format!(
            "bomscreen finding {code} ({severity}): {name}{version} [{id}]: {entity} ({entity_id}).",
            code = f.code,
            severity = j.severity,
            name = f.component.label(),
            id = f.component.id,
            entity = f.entity.name,
            entity_id = f.entity.id,
        );
        if let Some(i) = &f.integrates {
            text.push_str(&format!(" Integrates {} [{}].", i.name, i.id));
        }
        for lb in &f.legal_basis {
            text.push_str(&format!(" Legal basis: {} ({}).", lb.label(), lb.citation));
        }
        if let Some(w) = &j.waived {
            text.push_str(&format!(" Waived by waiver {}: {}.", w.index + 1, w.reason));
            let entry = waived.entry(w.index).or_default();
            for s in &subjects {
                if !entry.0.contains(s) {
                    entry.0.push(s);
                }
            }
            entry.1.insert(f.code.to_string());
        }
        text.push(' ');
        text.push_str(DISCLAIMER);
        out.push(Annotation {
            bom_ref: format!("bomscreen:finding:{}", n + 1),
            subjects,
            annotator: Annotator {
                component: bomscreen(report),
            },
            timestamp,
            text,
        });
    }
    for (index, (subjects, codes)) in waived {
        let Some(w) = report
            .findings
            .iter()
            .filter_map(|j| j.waived.as_ref())
            .find(|w| w.index == index)
        else {
            continue;
        };
        let mut text = format!(
            "bomscreen waiver {}{}: accepted {} finding(s) after review. Reason: {}.",
            index + 1,
            w.defined_at
                .as_deref()
                .map_or(String::new(), |at| format!(" ({at})")),
            codes.into_iter().collect::<Vec<_>>().join(", "),
            w.reason
        );
        if let Some(until) = &w.until {
            text.push_str(&format!(" Until {until}."));
        }
        text.push(' ');
        text.push_str(DISCLAIMER);
        out.push(Annotation {
            bom_ref: format!("bomscreen:waiver:{}", index + 1),
            subjects,
            annotator: Annotator {
                component: bomscreen(report),
            },
            timestamp,
            text,
        });
    }
    out
}
