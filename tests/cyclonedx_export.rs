//! The hand-off to CycloneDX tools (`--output cyclonedx=FILE`, `--format cyclonedx`): the
//! screened SBOM as CycloneDX 1.6 JSON, valid against the official schema (with its SPDX licence
//! and JSF sub-schemas, formats checked), with one annotation per finding and per applied
//! waiver, and screened again to the same findings: on the samples, the evidence fixtures and
//! the corpus's CycloneDX and SPDX documents. See: issue 14 ("Hand-off to CycloneDX tools").

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use bomscreen::analysis::{Document, Screening};
use bomscreen::ingest::ReadOptions;
use bomscreen::policy::Policy;
use bomscreen::report::{self, DocumentReport, Report};
use jiff::civil::{Date, date};
use serde_json::Value;

const AS_OF: Date = date(2026, 11, 23);

fn manifest(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The corpus's copies of the official schemas, resolved offline.
struct Schemas(PathBuf);

impl jsonschema::Retrieve for Schemas {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.as_str().rsplit('/').next().unwrap_or_default();
        let text = std::fs::read_to_string(self.0.join(name))?;
        Ok(serde_json::from_str(&text)?)
    }
}

/// The CycloneDX 1.6 validator, or `None` without the corpus (outside CI).
pub(crate) fn validator() -> Option<jsonschema::Validator> {
    let dir = common::corpus()?.join("schemas/cyclonedx");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("bom-1.6.schema.json")).unwrap())
            .unwrap();
    Some(
        jsonschema::options()
            .should_validate_formats(true)
            .with_retriever(Schemas(dir))
            .build(&schema)
            .expect("the 1.6 schema compiles"),
    )
}

fn errors(v: &jsonschema::Validator, bom: &Value) -> Vec<String> {
    v.iter_errors(bom)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// Screens a document with the built-in watchlist and default policy, and writes it as
/// CycloneDX: (report, written bytes).
fn export(doc: &Document) -> (Report, Vec<u8>) {
    let screening = Screening::new(Policy::default(), bomscreen::watchlist::builtin(), AS_OF);
    let evaluation = screening.judge(screening.screen(doc));
    let report = Report::new(
        screening.watchlist.clone(),
        AS_OF,
        &screening.policy,
        evaluation,
        vec![DocumentReport::from_sbom(&doc.sbom)],
    );
    let mut out = Vec::new();
    report::cyclonedx::render(&report, &doc.sbom, &mut out).unwrap();
    (report, out)
}

/// What identifies a finding across the two files, with its final severity.
fn keys(report: &Report) -> BTreeSet<(String, String, String, String, String)> {
    report
        .findings
        .iter()
        .map(|j| {
            let f = &j.finding;
            (
                f.code.to_string(),
                f.component.id.clone(),
                f.entity.id.clone(),
                f.integrates
                    .as_ref()
                    .map_or(String::new(), |i| i.id.clone()),
                j.severity.to_string(),
            )
        })
        .collect()
}

/// Exports `path`, validates the result (when the corpus is there) and screens it again:
/// `Err` says what differs.
fn round_trip(path: &Path, v: Option<&jsonschema::Validator>) -> Result<usize, String> {
    let opts = ReadOptions::default();
    let doc = Document::read(path, &opts).map_err(|e| format!("unreadable: {e}"))?;
    let (before, bytes) = export(&doc);
    let bom: Value = serde_json::from_slice(&bytes).unwrap();
    if let Some(v) = v {
        let e = errors(v, &bom);
        if !e.is_empty() {
            return Err(format!("not valid CycloneDX 1.6: {e:#?}"));
        }
    }
    let again = Document::from_bytes(bytes, "written.cdx.json", &opts)
        .map_err(|e| format!("the written file is unreadable: {e}"))?;
    let (after, _) = export(&again);
    let (k1, k2) = (keys(&before), keys(&after));
    if k1 != k2 {
        return Err(format!(
            "findings differ: new {:?}, lost {:?}",
            k2.difference(&k1).collect::<Vec<_>>(),
            k1.difference(&k2).collect::<Vec<_>>()
        ));
    }
    Ok(k1.len())
}

/// The samples and every fixture with findings or evidence: valid, and the same findings (code,
/// component, entity, integrated component and severity) when the written file is screened.
#[test]
fn samples_and_fixtures_round_trip_valid_with_the_same_findings() {
    let v = validator();
    let mut files: Vec<PathBuf> = [
        "samples",
        "tests/fixtures/evidence",
        "tests/fixtures/screen",
    ]
    .iter()
    .flat_map(|d| std::fs::read_dir(manifest(d)).unwrap())
    .map(|e| e.unwrap().path())
    .filter(|p| !p.extension().is_some_and(|x| x == "md" || x == "toml"))
    .collect();
    files.sort();
    let mut findings = 0;
    for f in &files {
        findings += round_trip(f, v.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
    }
    assert!(files.len() >= 30, "{}", files.len());
    assert!(
        findings >= 50,
        "{findings} findings: the fixtures screen as they did"
    );
}

/// Every readable CycloneDX and SPDX document of the corpus (wild ones and the conformance
/// suites): the written file is valid CycloneDX 1.6 and screens to the same findings.
#[test]
fn corpus_documents_round_trip_valid_with_the_same_findings() {
    let Some(root) = common::corpus() else {
        return;
    };
    let v = validator();
    let (mut docs, mut findings, mut failures) = (0, 0, Vec::new());
    for e in common::manifest(&root) {
        if !matches!(e.format.as_str(), "cyclonedx" | "spdx") || e.expected == "list" {
            continue;
        }
        let path = root.join(&e.path);
        if Document::read(&path, &ReadOptions::default()).is_err() {
            continue;
        }
        match round_trip(&path, v.as_ref()) {
            Ok(n) => {
                docs += 1;
                findings += n;
            }
            Err(msg) => failures.push(format!("{}: {msg}", e.path)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {docs}: {failures:#?}",
        failures.len()
    );
    assert!(docs > 900, "{docs} documents");
    assert!(findings > 0);
}

fn scan(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("bomscreen")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("scan")
        .args(args)
        .args(["--as-of", "2026-11-23", "--no-progress"])
        .assert()
}

/// As a user runs it: one annotation per finding (its code, severity, entity, legal basis and the
/// disclaimer, about the component's bom-ref) and one per waiver that applied, by bomscreen,
/// dated at the as-of date; the components keep their ids, names, versions, purls, suppliers and
/// nesting; the same bytes every run.
#[test]
fn annotations_carry_each_finding_and_waiver() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("screened.cdx.json");
    let a = scan(&[
        "samples/firewall-image-7.3.cdx.json",
        "--policy",
        "tests/fixtures/snapshots/waivers.toml",
        "--format",
        "json",
        "--output",
        &format!("cyclonedx={}", out.display()),
    ]);
    let report: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let bom: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    if let Some(v) = validator() {
        assert_eq!(errors(&v, &bom), Vec::<String>::new());
        // The validator is strict where it matters: required fields, the SPDX licence list of
        // the sub-schema, and formats.
        let mut bad = bom.clone();
        bad["annotations"][0]
            .as_object_mut()
            .unwrap()
            .remove("timestamp");
        assert!(!v.is_valid(&bad));
        let mut bad = bom.clone();
        bad["components"][0]["licenses"] =
            serde_json::json!([{"license": {"id": "Not-An-SPDX-Licence"}}]);
        assert!(!v.is_valid(&bad));
        let mut bad = bom.clone();
        bad["annotations"][0]["timestamp"] = "23 November 2026".into();
        assert!(!v.is_valid(&bad));
    }
    assert_eq!(bom["specVersion"], "1.6");
    let findings = report["findings"].as_array().unwrap();
    let annotations = bom["annotations"].as_array().unwrap();
    let waived = findings.iter().filter(|f| f["waived"].is_object()).count();
    assert!(waived > 0, "the sample waiver applies");
    assert_eq!(annotations.len(), findings.len() + 1, "one waiver applied");

    let mut refs = BTreeSet::new();
    fn collect(list: &Value, refs: &mut BTreeSet<String>) {
        for c in list.as_array().into_iter().flatten() {
            refs.insert(c["bom-ref"].as_str().unwrap().to_string());
            collect(&c["components"], refs);
        }
    }
    collect(&bom["components"], &mut refs);
    refs.insert(
        bom["metadata"]["component"]["bom-ref"]
            .as_str()
            .unwrap()
            .into(),
    );
    for (f, a) in findings.iter().zip(annotations) {
        assert_eq!(a["annotator"]["component"]["name"], "bomscreen");
        assert_eq!(
            a["annotator"]["component"]["version"],
            env!("CARGO_PKG_VERSION")
        );
        assert_eq!(a["timestamp"], "2026-11-23T00:00:00Z");
        assert_eq!(a["subjects"][0], f["component"]["ref"]);
        for s in a["subjects"].as_array().unwrap() {
            assert!(
                refs.contains(s.as_str().unwrap()),
                "{s} is a bom-ref of the BOM"
            );
        }
        let text = a["text"].as_str().unwrap();
        for part in [
            f["code"].as_str().unwrap(),
            f["severity"].as_str().unwrap(),
            f["entity"]["id"].as_str().unwrap(),
            f["legal_basis"][0]["citation"].as_str().unwrap(),
            bomscreen::finding::DISCLAIMER,
        ] {
            assert!(text.contains(part), "{part} missing from {text}");
        }
    }
    let waiver = annotations.last().unwrap();
    assert_eq!(waiver["bom-ref"], "bomscreen:waiver:1");
    assert!(
        waiver["text"]
            .as_str()
            .unwrap()
            .contains("Reason: isolated camera bridge, replacement ordered (ticket SEC-1042)"),
        "{waiver}"
    );
    assert_eq!(waiver["subjects"], serde_json::json!(["hcnetsdk"]));

    // The components as the original has them.
    let sdk = bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| std::iter::once(c).chain(c["components"].as_array().into_iter().flatten()))
        .find(|c| c["bom-ref"] == "secureedge-os")
        .unwrap();
    assert_eq!(sdk["version"], "7.3.0");
    assert_eq!(sdk["supplier"]["name"], "Northwind Networks, Inc.");
    assert!(
        sdk["components"].as_array().is_some_and(|c| !c.is_empty()),
        "nesting kept"
    );
    assert!(
        bom["dependencies"]
            .as_array()
            .is_some_and(|d| !d.is_empty()),
        "dependencies kept"
    );

    // stdout, and the same bytes twice.
    let once = scan(&[
        "samples/firewall-image-7.3.cdx.json",
        "--format",
        "cyclonedx",
    ]);
    let twice = scan(&[
        "samples/firewall-image-7.3.cdx.json",
        "--format",
        "cyclonedx",
    ]);
    assert_eq!(once.get_output().stdout, twice.get_output().stdout);
    let stdout: Value = serde_json::from_slice(&once.get_output().stdout).unwrap();
    assert_eq!(stdout["bomFormat"], "CycloneDX");
}

/// Annotations are comments, not evidence: a clean SBOM whose annotation names Kaspersky and
/// Huawei still passes, and the written file of a clean SBOM screens clean.
#[test]
fn annotations_are_not_read_as_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("clean.cdx.json");
    std::fs::write(
        &doc,
        r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "components": [{"type": "library", "bom-ref": "zlib", "name": "zlib", "version": "1.3.1"}],
  "annotations": [{"subjects": ["zlib"], "annotator": {"organization": {"name": "AO Kaspersky Lab"}},
    "timestamp": "2026-01-01T00:00:00Z",
    "text": "Reviewed by AO Kaspersky Lab and Huawei Technologies Co., Ltd. (kaspersky.com, huawei.com)"}]}"#,
    )
    .unwrap();
    let r: Value = serde_json::from_slice(
        &scan(&[doc.to_str().unwrap(), "--format", "json"])
            .success()
            .get_output()
            .stdout,
    )
    .unwrap();
    assert_eq!(r["findings"], serde_json::json!([]));
    // A file bomscreen wrote for a document with findings: its annotations name the entities,
    // and screening it finds exactly what screening the original found (and nothing more).
    let out = dir.path().join("fw.cdx.json");
    let original: Value = serde_json::from_slice(
        &scan(&[
            "samples/firewall-image.cdx.json",
            "--format",
            "json",
            "-o",
            &format!("cyclonedx={}", out.display()),
        ])
        .code(1)
        .get_output()
        .stdout,
    )
    .unwrap();
    let again: Value = serde_json::from_slice(
        &scan(&[out.to_str().unwrap(), "--format", "json"])
            .code(1)
            .get_output()
            .stdout,
    )
    .unwrap();
    let summary = |r: &Value| -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for f in r["findings"].as_array().unwrap() {
            *m.entry(format!(
                "{} {} {}",
                f["code"].as_str().unwrap(),
                f["component"]["ref"].as_str().unwrap(),
                f["severity"].as_str().unwrap()
            ))
            .or_default() += 1;
        }
        m
    };
    assert_eq!(summary(&original), summary(&again));
    assert_eq!(original["counts"], again["counts"]);
}

/// One CycloneDX file holds one SBOM: several documents are refused before anything is written,
/// saying what to do instead.
#[test]
fn several_documents_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.cdx.json");
    let a = scan(&[
        "samples/",
        "--output",
        &format!("cyclonedx={}", out.display()),
    ])
    .code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(
        err.contains("the cyclonedx output is one SBOM, but 3 documents were given"),
        "{err}"
    );
    assert!(err.contains("once per document"), "{err}");
    assert!(!out.exists());
    assert!(a.get_output().stdout.is_empty());
    scan(&[
        "samples/firewall-image.cdx.json",
        "samples/web-service.spdx.json",
        "--format",
        "cyclonedx",
    ])
    .code(2);
    // One document that cannot be read: the error, and no file.
    let broken = dir.path().join("broken.cdx.json");
    std::fs::write(&broken, "{\"bomFormat\": \"CycloneDX\", ").unwrap();
    let a = scan(&[
        broken.to_str().unwrap(),
        "--output",
        &format!("cyclonedx={}", out.display()),
    ])
    .code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains("no CycloneDX SBOM to write"), "{err}");
    assert!(!out.exists());
}
