//! The customer's named SPDX crate as an oracle: on every SPDX 2 JSON and tag-value document of
//! the corpus that `spdx-rs` 0.5 reads, bomscreen finds the same packages and relationships.
//! Files spdx-rs cannot read are listed with its reason; each disagreement is in `KNOWN`.
#![allow(clippy::print_stderr)] // the corpus counts are the test's report

use crate::common;

use std::collections::BTreeSet;

use bomscreen::ingest::{self, ReadOptions};
use bomscreen::model::{Origin, Sbom};
use spdx_rs::models::SPDX;

/// Documents where the counts differ, and why; an entry that agrees again fails the test.
const KNOWN: &[(&str, &str)] = &[
    // spdx-rs takes a &str; given the UTF-16 bytes (decoded as UTF-8, so no tag is recognised)
    // it returns an empty document rather than an error. bomscreen decodes UTF-16 (BOM).
    (
        "conformance/spdx/2.3/valid/tools-python/SPDXTagExample-UTF-16.spdx",
        "UTF-16: spdx-rs reads an empty document",
    ),
    // Lines end in a lone CR (old Mac line ends, written by a Dart generator): spdx-rs's
    // tag-value parser stops at the first one and returns an empty document without an error.
    (
        "wild/bom-shelter/in-the-wild/spdx/cbor-sbom.spdx",
        "CR line ends: spdx-rs reads an empty document",
    ),
    (
        "wild/bom-shelter/in-the-wild/spdx/xml2json-sbom.spdx",
        "CR line ends: spdx-rs reads an empty document",
    ),
];

/// A relationship as both sides can state it: (from, TYPE, to).
type Triple = (String, String, String);

/// spdx-rs's relationships plus those its model keeps in other fields (`documentDescribes`,
/// `hasFiles`, a snippet's file), de-duplicated as its tag-value parser does.
fn oracle_relations(doc: &SPDX) -> BTreeSet<Triple> {
    let doc_id = &doc.document_creation_information.spdx_identifier;
    let mut set: BTreeSet<Triple> = doc
        .relationships
        .iter()
        .map(|r| {
            let kind = serde_json::to_value(&r.relationship_type)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            (
                r.spdx_element_id.clone(),
                kind,
                r.related_spdx_element.clone(),
            )
        })
        .collect();
    for id in &doc.document_creation_information.document_describes {
        set.insert((doc_id.clone(), "DESCRIBES".into(), id.clone()));
    }
    for p in &doc.package_information {
        for f in &p.files {
            set.insert((
                p.package_spdx_identifier.clone(),
                "CONTAINS".into(),
                f.clone(),
            ));
        }
    }
    for s in &doc.snippet_information {
        set.insert((
            s.snippet_from_file_spdx_identifier.clone(),
            "CONTAINS".into(),
            s.snippet_spdx_identifier.clone(),
        ));
    }
    set
}

fn our_relations(sbom: &Sbom) -> BTreeSet<Triple> {
    sbom.relations
        .iter()
        .map(|r| (r.from.clone(), r.kind.to_ascii_uppercase(), r.to.clone()))
        .collect()
}

fn our_packages(sbom: &Sbom) -> usize {
    sbom.components
        .iter()
        .filter(|c| c.origin == Origin::Listed)
        .count()
}

/// Threads of this name parse with spdx-rs; its tag-value parser panics (`todo!`) on some
/// inputs, which is a "cannot read" here, so their panics are not printed.
const ORACLE_THREAD: &str = "spdx-rs-oracle";

fn parse_oracle(text: String, tag_value: bool) -> Result<SPDX, String> {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(ORACLE_THREAD) {
                previous(info);
            }
        }));
    });
    let parse = move || {
        if tag_value {
            spdx_rs::parsers::spdx_from_tag_value(&text).map_err(|e| e.to_string())
        } else {
            serde_json::from_str(&text).map_err(|e| e.to_string())
        }
    };
    let thread = std::thread::Builder::new()
        .name(ORACLE_THREAD.into())
        .spawn(parse)
        .expect("a thread starts");
    thread.join().unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!("spdx-rs panicked: {why}"))
    })
}

#[test]
fn counts_agree_with_spdx_rs_on_spdx2_json_and_tag_value() {
    let Some(dir) = common::corpus() else { return };
    let (mut candidates, mut compared, mut agree) = (0, 0, 0);
    let (mut packages, mut relationships) = (0, 0);
    let (mut unread, mut disagreements) = (Vec::new(), Vec::new());
    for e in common::manifest(&dir) {
        // The JSON schemas in the corpus are not documents.
        let kinds = matches!(e.encoding.as_str(), "json" | "tag-value") && e.expected != "schema";
        if e.format != "spdx" || !kinds {
            continue;
        }
        candidates += 1;
        let rel = e.path.as_str();
        let path = dir.join(rel);
        let bytes = std::fs::read(&path).expect("corpus file is readable");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let oracle = match parse_oracle(text, e.encoding == "tag-value") {
            Ok(doc) => doc,
            Err(why) => {
                let why: String = why.chars().take(120).collect();
                eprintln!("oracle: spdx-rs cannot read {rel}: {why}");
                unread.push(rel.to_string());
                continue;
            }
        };
        let ours = match ingest::read(&path, &ReadOptions::default()) {
            Ok(sbom) => sbom,
            Err(err) if e.expected == "invalid" => {
                eprintln!("oracle: {rel} is invalid; spdx-rs reads it, bomscreen refuses: {err}");
                continue;
            }
            Err(err) => panic!("{rel}: spdx-rs reads it, we do not: {err:#}"),
        };
        compared += 1;
        let (want_p, got_p) = (oracle.package_information.len(), our_packages(&ours));
        let (want_r, got_r) = (oracle_relations(&oracle), our_relations(&ours));
        if (want_p, &want_r) == (got_p, &got_r) {
            agree += 1;
            packages += want_p;
            relationships += want_r.len();
            continue;
        }
        let only_theirs = want_r.difference(&got_r).next();
        let only_ours = got_r.difference(&want_r).next();
        disagreements.push((
            rel.to_string(),
            format!(
                "spdx-rs {want_p} packages / {} relationships, bomscreen {got_p} / {}; only spdx-rs: {only_theirs:?}; only bomscreen: {only_ours:?}",
                want_r.len(),
                got_r.len()
            ),
        ));
    }
    eprintln!(
        "oracle: {candidates} SPDX 2 JSON and tag-value documents; spdx-rs reads {compared}, \
         cannot read {}; {agree} agree ({packages} packages, {relationships} relationships), \
         {} disagree (all listed in KNOWN)",
        unread.len(),
        disagreements.len()
    );
    let unexpected: Vec<String> = disagreements
        .iter()
        .filter(|(rel, _)| !KNOWN.iter().any(|(k, _)| k == rel))
        .map(|(rel, why)| format!("{rel}: {why}"))
        .collect();
    assert!(
        unexpected.is_empty(),
        "disagreements not in KNOWN:\n{}",
        unexpected.join("\n")
    );
    let stale: Vec<&str> = KNOWN
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !disagreements.iter().any(|(rel, _)| rel == k))
        .collect();
    assert!(stale.is_empty(), "KNOWN entries that now agree: {stale:?}");
    assert!(agree > 0, "no document agrees with spdx-rs");
}
