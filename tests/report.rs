//! Every report format rendered from findings built by hand: a Kaspersky engine white-labeled
//! inside a firewall image, a Huawei modem on the Covered List, a waived Hikvision camera, a
//! restricted-party component with a hostile name, a clean document and an unreadable one.
//! The assertions read the real output: codes, refs, lines, schema validity, escaping, widths
//! and byte-for-byte determinism.

use crate::common;

use std::path::{Path, PathBuf};

use bomscreen::finding::{
    Code, ComponentRef, Confidence, EntityRef, Evidence, Finding, LegalBasis, Scope, Severity,
};
use bomscreen::model::{
    Component, Location, Party, PartyKind, PartyRole, Sbom, Standard, Syntax, Warning, WarningCode,
};
use bomscreen::policy::{self, Policy};
use bomscreen::report::{
    self, DocumentReport, Format, RenderOptions, Report, Verdict, WatchlistInfo,
};
use jiff::civil::{Date, date};
use serde_json::Value;

const TODAY: Date = date(2026, 3, 2);
const FW: &str = "sboms/firewall image.cdx.json";
const XSS: &str = "<script>alert(1)</script>";

fn comp(id: &str, name: &str, version: &str, purl: Option<&str>, line: u32) -> ComponentRef {
    ComponentRef {
        id: id.into(),
        name: name.into(),
        version: Some(version.into()),
        purl: purl.map(Into::into),
        location: Location {
            pointer: format!("/components/{line}"),
            line: Some(line),
        },
        service: false,
    }
}

fn ev(
    field: &str,
    value: &str,
    matched: &str,
    matcher: &str,
    c: Confidence,
    line: u32,
) -> Evidence {
    Evidence {
        field: field.into(),
        value: value.into(),
        matched: matched.into(),
        matcher: matcher.into(),
        confidence: c,
        location: Location {
            pointer: String::new(),
            line: Some(line),
        },
    }
}

fn icts() -> LegalBasis {
    LegalBasis {
        list: "ICTS Final Determination".into(),
        citation: "89 FR 52434 (15 CFR part 791)".into(),
        url: Some("https://www.federalregister.gov/d/2024-13532".into()),
        effective: Some("2024-07-20".into()),
        scope: Some("Kaspersky cybersecurity and anti-virus software, including integrated and white-labeled".into()),
        status: bomscreen::finding::BasisStatus::InForce,
        milestone: None,
        reason: None,
    }
}

fn covered() -> LegalBasis {
    LegalBasis {
        list: "FCC Covered List".into(),
        citation: "47 CFR 1.50002; NDAA FY2019 section 889".into(),
        url: None,
        effective: Some("2021-03-12".into()),
        scope: None,
        status: bomscreen::finding::BasisStatus::InForce,
        milestone: None,
        reason: None,
    }
}

#[allow(clippy::too_many_arguments)]
fn finding(
    code: Code,
    document: &str,
    component: ComponentRef,
    entity: (&str, &str),
    integrates: Option<ComponentRef>,
    basis: Vec<LegalBasis>,
    evidence: Vec<Evidence>,
    path: &[&str],
) -> Finding {
    Finding {
        code,
        severity: code.default_severity(),
        confidence: evidence.first().map_or(Confidence::Text, |e| e.confidence),
        document: document.into(),
        message: format!("{} attributed to {}", component.name, entity.1),
        component,
        entity: EntityRef {
            id: entity.0.into(),
            name: entity.1.into(),
        },
        integrates,
        legal_basis: basis,
        evidence,
        path: path.iter().map(|s| s.to_string()).collect(),
        scope: Scope::Delivered,
        notes: vec![],
    }
}

const KASPERSKY: (&str, &str) = ("kaspersky", "AO Kaspersky Lab");

fn findings() -> Vec<Finding> {
    let engine = comp("avscan-engine", "avscan-engine", "21.3.10.391", None, 44);
    let engine_path = [
        "secureedge-fw",
        "secureedge-os",
        "threat-shield",
        "avscan-engine",
    ];
    let mut hik = finding(
        Code::CoveredList,
        FW,
        comp("lab-camera-01", "DS-2CD2143G2-I", "5.7.3", None, 97),
        (
            "hikvision",
            "Hangzhou Hikvision Digital Technology Co., Ltd.",
        ),
        None,
        vec![covered()],
        vec![ev(
            "manufacturer.name",
            "Hikvision",
            "Hikvision",
            "party-name",
            Confidence::Declared,
            99,
        )],
        &["secureedge-fw", "lab-camera-01"],
    );
    hik.notes.push("video surveillance equipment".into());
    let mut kaspresso = finding(
        Code::OutOfScopeVendorMatch,
        FW,
        comp(
            "kaspresso",
            "kaspresso",
            "1.5.3",
            Some("pkg:maven/com.kaspersky.android-components/kaspresso@1.5.3"),
            120,
        ),
        KASPERSKY,
        None,
        vec![],
        vec![ev(
            "purl",
            "pkg:maven/com.kaspersky.android-components/kaspresso@1.5.3",
            "com.kaspersky",
            "purl",
            Confidence::Identifier,
            121,
        )],
        &["secureedge-fw", "kaspresso"],
    );
    kaspresso.scope = Scope::TestOnly;
    kaspresso
        .notes
        .push("test-only scope: UI test framework".into());
    vec![
        // Deliberately out of order: the report sorts.
        finding(
            Code::RestrictedParty,
            FW,
            comp(
                "pkg:npm/evil|pkg@1.0.0",
                XSS,
                "1.0.0`",
                Some("pkg:npm/evil%7Cpkg@1.0.0"),
                88,
            ),
            ("tencent", "Tencent Holdings Ltd."),
            None,
            vec![LegalBasis {
                list: "DoD 1260H list".into(),
                citation: "NDAA FY2021 section 1260H".into(),
                url: Some("javascript:alert(2)".into()),
                effective: Some("2025-01-07".into()),
                scope: None,
                status: bomscreen::finding::BasisStatus::InForce,
                milestone: None,
                reason: None,
            }],
            vec![ev(
                "supplier.name",
                "Tencent <b>|</b>",
                "Tencent",
                "party-name",
                Confidence::Declared,
                90,
            )],
            &["secureedge-fw", "pkg:npm/evil|pkg@1.0.0"],
        ),
        hik,
        finding(
            Code::IntegratedProhibitedIct,
            FW,
            comp(
                "threat-shield",
                "ThreatShield anti-malware module",
                "4.1.0",
                None,
                35,
            ),
            KASPERSKY,
            Some(engine.clone()),
            vec![icts()],
            vec![ev(
                "components[].copyright",
                "Copyright (C) 1997-2023 AO Kaspersky Lab.",
                "Kaspersky Lab",
                "text",
                Confidence::Text,
                49,
            )],
            &engine_path,
        ),
        finding(
            Code::ProhibitedIct,
            FW,
            engine,
            KASPERSKY,
            None,
            vec![icts()],
            vec![
                ev(
                    "copyright",
                    "Copyright (C) 1997-2023 AO Kaspersky Lab. All Rights Reserved.",
                    "Kaspersky Lab",
                    "text",
                    Confidence::Text,
                    49,
                ),
                ev(
                    "hashes[SHA-256]",
                    "4f1c3e0f5b7d9a2c6e8b0d1f3a5c7e9b2d4f6a8c0e1b3d5f7a9c1e3b5d7f9a2c",
                    "kav-engine 21.3",
                    "hash",
                    Confidence::Identifier,
                    48,
                ),
            ],
            &engine_path,
        ),
        finding(
            Code::CoveredList,
            FW,
            comp(
                "pkg:generic/huawei/me909s-fw@11.617",
                "ME909s LTE module firmware",
                "11.617",
                Some("pkg:generic/huawei/me909s-fw@11.617"),
                71,
            ),
            ("huawei", "Huawei Technologies Co., Ltd."),
            None,
            vec![covered()],
            vec![ev(
                "supplier.name",
                "Huawei Technologies Co., Ltd.",
                "Huawei Technologies",
                "party-name",
                Confidence::Declared,
                74,
            )],
            &[
                "secureedge-fw",
                "secureedge-os",
                "pkg:generic/huawei/me909s-fw@11.617",
            ],
        ),
        kaspresso,
    ]
}

const POLICY: &str = r#"
[[waiver]]
component = "lab-camera-01"
entity = "hikvision"
reason = "isolated test-lab camera, replacement ordered (SEC-1042)"
until = "2026-12-31"

[[waiver]]
entity = "dahua"
reason = "left over from last year"
"#;

fn documents(with_broken: bool) -> Vec<DocumentReport> {
    let mut fw = DocumentReport::from_sbom(&sbom(FW, 9, 3));
    fw.warnings.push(report::DocumentWarning {
        code: "bad-type".into(),
        message: "`version` is a number, expected a string".into(),
        count: 2,
        line: Some(60),
    });
    let mut docs = vec![
        fw,
        DocumentReport::from_sbom(&sbom("sboms/clean.spdx.json", 4, 0)),
    ];
    if with_broken {
        docs.push(DocumentReport::unreadable(
            "sboms/broken.json",
            "sboms/broken.json:3:14: expected `,` or `}`",
        ));
    }
    docs
}

/// A document with `n` components, `without` of them declaring no party.
fn sbom(source: &str, n: usize, without: usize) -> Sbom {
    let mut s = Sbom::new(source, Standard::CycloneDx, Syntax::Json, "1.6");
    for i in 0..n {
        let mut c = Component {
            id: format!("c{i}"),
            name: format!("c{i}"),
            ..Component::default()
        };
        if i >= without {
            c.parties.push(Party::named(
                PartyRole::Supplier,
                PartyKind::Organization,
                "Acme",
                Location::default(),
            ));
        }
        s.components.push(c);
    }
    s.warnings.push(Warning {
        code: WarningCode::MissingField,
        message: "component without `type`".into(),
        count: 1,
        location: Some(Location {
            pointer: "/components/0".into(),
            line: Some(12),
        }),
    });
    s
}

fn watchlist() -> WatchlistInfo {
    WatchlistInfo {
        name: "bomscreen built-in".into(),
        version: "2026.03.0".into(),
        date: Some("2026-03-01".into()),
    }
}

fn build(findings: Vec<Finding>, with_broken: bool) -> Report {
    let p = policy::validate("bomscreen.toml", POLICY).unwrap();
    build_with(&p, findings, with_broken)
}

fn build_with(p: &Policy, findings: Vec<Finding>, with_broken: bool) -> Report {
    let e = policy::evaluate(p, findings, TODAY);
    Report::new(watchlist(), TODAY, p, e, documents(with_broken))
}

fn render(format: Format, r: &Report) -> String {
    render_with(format, r, &RenderOptions::default())
}

fn render_with(format: Format, r: &Report, opts: &RenderOptions) -> String {
    let mut out = Vec::new();
    report::render(format, r, opts, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn json(format: Format, r: &Report) -> Value {
    serde_json::from_str(&render(format, r)).unwrap()
}

fn validate(schema: &Value, instance: &Value) {
    let v = jsonschema::validator_for(schema).expect("schema compiles");
    let errors: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{} schema errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

fn manifest(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// Reports covering every verdict and the empty case.
fn reports() -> Vec<(&'static str, Report)> {
    vec![
        ("error", build(findings(), true)),
        ("failed", build(findings(), false)),
        (
            "passed",
            build(
                findings()
                    .into_iter()
                    .filter(|f| f.code == Code::OutOfScopeVendorMatch)
                    .collect(),
                false,
            ),
        ),
        ("empty", build_with(&Policy::default(), vec![], false)),
    ]
}

#[test]
fn defaults_weigh_kaspersky_huawei_and_1260h_as_the_issue_asks() {
    let r = build(findings(), false);
    let sev = |code: Code, r#ref: &str| {
        r.findings
            .iter()
            .find(|f| f.finding.code == code && f.finding.component.id == r#ref)
            .map(|f| f.severity)
            .unwrap()
    };
    assert_eq!(sev(Code::ProhibitedIct, "avscan-engine"), Severity::High);
    assert_eq!(
        sev(Code::IntegratedProhibitedIct, "threat-shield"),
        Severity::High
    );
    assert_eq!(
        Code::PostCutoffUpdate.default_severity(),
        Severity::Critical
    );
    assert_eq!(
        sev(Code::CoveredList, "pkg:generic/huawei/me909s-fw@11.617"),
        Severity::High
    );
    assert!(sev(Code::RestrictedParty, "pkg:npm/evil|pkg@1.0.0") <= Severity::Medium);
    assert_eq!(
        sev(Code::OutOfScopeVendorMatch, "kaspresso"),
        Severity::Info,
        "info stays info when test-only"
    );
}

#[test]
fn report_is_sorted_counted_and_has_a_verdict() {
    let r = build(findings(), false);
    let order: Vec<(Severity, Code, &str)> = r
        .findings
        .iter()
        .map(|f| (f.severity, f.finding.code, f.finding.component.id.as_str()))
        .collect();
    assert_eq!(
        order,
        vec![
            (Severity::High, Code::ProhibitedIct, "avscan-engine"),
            (
                Severity::High,
                Code::IntegratedProhibitedIct,
                "threat-shield"
            ),
            (Severity::High, Code::CoveredList, "lab-camera-01"),
            (
                Severity::High,
                Code::CoveredList,
                "pkg:generic/huawei/me909s-fw@11.617"
            ),
            (
                Severity::Medium,
                Code::RestrictedParty,
                "pkg:npm/evil|pkg@1.0.0"
            ),
            (Severity::Info, Code::OutOfScopeVendorMatch, "kaspresso"),
        ]
    );
    assert_eq!(r.verdict, Verdict::Failed);
    assert_eq!(r.verdict.exit_code(), 1);
    assert_eq!(
        (r.counts.findings, r.counts.failing, r.counts.waived),
        (6, 3, 1)
    );
    assert_eq!(
        (
            r.counts.by_severity.high,
            r.counts.by_severity.medium,
            r.counts.by_severity.info
        ),
        (3, 1, 1)
    );
    assert_eq!(r.counts.by_code.get(&Code::CoveredList), Some(&2));
    // The white-label chain is one path with both the engine and the product flagged.
    let chain = r
        .paths
        .iter()
        .find(|p| p.path.last().map(String::as_str) == Some("avscan-engine"))
        .unwrap();
    assert_eq!(
        chain.codes,
        vec![Code::ProhibitedIct, Code::IntegratedProhibitedIct]
    );
    assert_eq!(chain.flagged, vec!["avscan-engine", "threat-shield"]);
    assert_eq!(r.paths.iter().filter(|p| p.path == chain.path).count(), 1);
    // Documents sorted, with their finding counts and coverage.
    let docs: Vec<(&str, usize, usize)> = r
        .documents
        .iter()
        .map(|d| (d.source.as_str(), d.findings, d.coverage.none))
        .collect();
    assert_eq!(docs, vec![("sboms/clean.spdx.json", 0, 0), (FW, 6, 3)]);
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(r.diagnostics[0].code.as_str(), "unused-waiver");

    let broken = build(findings(), true);
    assert_eq!(
        broken.verdict,
        Verdict::Error,
        "an unreadable document is never a silent pass"
    );
    assert_eq!(broken.verdict.exit_code(), 2);
    assert_eq!(build(vec![], false).verdict, Verdict::Passed);
}

#[test]
fn json_report_is_valid_against_its_schema_and_carries_the_contract_fields() {
    let schema = read_json(&manifest("schemas/report.schema.json"));
    for (name, r) in reports() {
        let text = render(Format::Json, &r);
        assert!(
            text.ends_with("}\n"),
            "{name}: pretty JSON with a trailing newline"
        );
        validate(&schema, &serde_json::from_str(&text).unwrap());
    }
    let v = json(Format::Json, &build(findings(), true));
    assert_eq!(v["tool"]["name"], "bomscreen");
    assert_eq!(v["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["watchlist"]["version"], "2026.03.0");
    assert_eq!(v["as_of"], "2026-03-02");
    assert_eq!(v["fail_on"], "high");
    assert_eq!(v["verdict"], "error");
    let f = &v["findings"][0];
    assert_eq!(f["code"], "prohibited-ict");
    assert_eq!(f["severity"], "high");
    assert_eq!(f["document"], FW);
    assert_eq!(f["component"]["ref"], "avscan-engine");
    assert_eq!(f["component"]["name"], "avscan-engine");
    assert_eq!(f["component"]["version"], "21.3.10.391");
    assert_eq!(f["component"]["location"]["line"], 44);
    assert_eq!(f["entity"]["id"], "kaspersky");
    assert_eq!(f["entity"]["name"], "AO Kaspersky Lab");
    assert_eq!(f["evidence"][0]["matcher"], "text");
    assert_eq!(
        f["legal_basis"][0]["citation"],
        "89 FR 52434 (15 CFR part 791)"
    );
    assert_eq!(
        f["path"],
        serde_json::json!([
            "secureedge-fw",
            "secureedge-os",
            "threat-shield",
            "avscan-engine"
        ])
    );
    let integrated = &v["findings"][1];
    assert_eq!(integrated["integrates"]["ref"], "avscan-engine");
    let waived = &v["findings"][2];
    assert_eq!(
        waived["waived"]["reason"],
        "isolated test-lab camera, replacement ordered (SEC-1042)"
    );
    assert_eq!(waived["waived"]["defined_at"], "bomscreen.toml:2");
    assert_eq!(waived["fails"], false);
    // The ref is verbatim, hostile characters and all.
    assert_eq!(
        v["findings"][4]["component"]["ref"],
        "pkg:npm/evil|pkg@1.0.0"
    );
    let broken = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["source"] == "sboms/broken.json")
        .unwrap();
    assert_eq!(
        broken["error"],
        "sboms/broken.json:3:14: expected `,` or `}`"
    );
    let fw = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["source"] == FW)
        .unwrap();
    assert_eq!(
        fw["coverage"],
        serde_json::json!({"declared_supplier": 6, "any_party": 6, "none": 3})
    );
    assert_eq!(fw["format"], "CycloneDX 1.6 JSON");
    assert_eq!(fw["findings"], 6);
}

#[test]
fn the_schema_rejects_what_the_report_never_writes() {
    let schema = read_json(&manifest("schemas/report.schema.json"));
    let mut v = json(Format::Json, &build(findings(), false));
    v["findings"][0]["severity"] = "severe".into();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(!validator.is_valid(&v));
    let mut v = json(Format::Json, &build(findings(), false));
    v["findings"][0]["surprise"] = 1.into();
    assert!(!validator.is_valid(&v), "unknown fields are drift");
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let schema = read_json(&corpus.join("schemas/sarif/sarif-schema-2.1.0.json"));
    for (_, r) in reports() {
        validate(&schema, &json(Format::Sarif, &r));
    }
}

#[test]
fn sarif_has_one_rule_per_code_and_results_on_the_component_line() {
    let v = json(Format::Sarif, &build(findings(), true));
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "bomscreen");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    // One rule per code, severity and precision the results use (GitHub shows a result with its
    // rule's security-severity and precision), in code order.
    let rules: Vec<&str> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "prohibited-ict/high/medium",
            "integrated-prohibited-ict/high/medium",
            "covered-list/high/very-high",
            "restricted-party/medium/very-high",
            "out-of-scope-vendor-match/info/high",
        ]
    );
    let covered = &driver["rules"][2];
    assert_eq!(covered["defaultConfiguration"]["level"], "error");
    assert_eq!(covered["properties"]["security-severity"], "8.0");
    assert_eq!(covered["properties"]["precision"], "very-high");
    assert_eq!(covered["properties"]["code"], "covered-list");
    assert_eq!(driver["rules"][4]["defaultConfiguration"]["level"], "note");
    assert!(driver["rules"][4]["properties"]["security-severity"].is_null());

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    let engine = &results[0];
    assert_eq!(engine["ruleId"], "prohibited-ict/high/medium");
    assert_eq!(engine["ruleIndex"], 0);
    assert_eq!(engine["properties"]["precision"], "medium");
    assert_eq!(engine["level"], "error");
    let loc = &engine["locations"][0];
    assert_eq!(
        loc["physicalLocation"]["artifactLocation"]["uri"],
        "sboms/firewall%20image.cdx.json"
    );
    assert_eq!(loc["physicalLocation"]["region"]["startLine"], 44);
    assert_eq!(
        loc["logicalLocations"][0]["fullyQualifiedName"],
        "avscan-engine"
    );
    let msg = engine["message"]["text"].as_str().unwrap();
    for part in [
        "AO Kaspersky Lab (kaspersky)",
        "89 FR 52434",
        "effective 2024-07-20",
        "secureedge-fw → secureedge-os → threat-shield → avscan-engine",
    ] {
        assert!(msg.contains(part), "{part} missing from {msg}");
    }
    assert_eq!(
        results[1]["locations"][0]["physicalLocation"]["region"]["startLine"],
        35
    );
    // Waived: reported, suppressed with the reason.
    assert_eq!(results[2]["suppressions"][0]["kind"], "external");
    assert_eq!(
        results[2]["suppressions"][0]["justification"],
        "isolated test-lab camera, replacement ordered (SEC-1042)"
    );
    assert!(results[0].get("suppressions").is_none());
    assert_eq!(results[4]["level"], "warning");
    assert_eq!(results[5]["level"], "note");
    // Fingerprints are distinct per finding and survive a rebuild.
    let fps: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|r| {
            r["partialFingerprints"]["bomscreenFinding/v1"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(fps.len(), 6);
    // The unreadable document makes the run unsuccessful; the waiver problem is a configuration notification.
    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(
        inv["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"],
        "sboms/broken.json"
    );
    assert_eq!(
        inv["toolConfigurationNotifications"][0]["descriptor"]["id"],
        "unused-waiver"
    );
    assert_eq!(
        inv["toolConfigurationNotifications"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        8
    );
    assert_eq!(run["properties"]["watchlistVersion"], "2026.03.0");
    assert_eq!(run["properties"]["asOf"], "2026-03-02");
}

#[test]
fn sarif_omits_the_region_when_the_line_is_unknown() {
    let mut f = findings();
    f.truncate(1);
    f[0].component.location.line = None;
    let v = json(Format::Sarif, &build(f, false));
    let pl = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert!(pl.get("region").is_none());
    assert_eq!(
        pl["artifactLocation"]["uri"],
        "sboms/firewall%20image.cdx.json"
    );
}

/// GitHub shows every result with the `security-severity` and `precision` of the rule it names:
/// each result's rule must carry the result's own severity, level and precision, also when one
/// code has results of several severities (a scope-lowered covered-list finding is medium beside a
/// high one; `out-of-scope-vendor-match` is info or low).
#[test]
fn sarif_rules_carry_each_results_severity_and_precision() {
    let mut f = findings();
    let huawei = f.iter_mut().find(|f| f.entity.id == "huawei").unwrap();
    huawei.scope = Scope::TestOnly;
    let mut low = f
        .iter()
        .find(|f| f.code == Code::OutOfScopeVendorMatch)
        .unwrap()
        .clone();
    low.severity = Severity::Low;
    low.scope = Scope::Delivered;
    low.component.id = "kaspresso-2".into();
    low.evidence[0].confidence = Confidence::Fuzzy;
    low.confidence = Confidence::Fuzzy;
    f.push(low);
    let v = json(Format::Sarif, &build(f, false));
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let band = |score: &Value| match score.as_str() {
        None => "info",
        Some(s) => match s.parse::<f64>().unwrap() {
            x if x >= 9.0 => "critical",
            x if x >= 7.0 => "high",
            x if x >= 4.0 => "medium",
            x if x > 0.0 => "low",
            _ => "none",
        },
    };
    let mut severities_of_covered = std::collections::BTreeSet::new();
    for r in run["results"].as_array().unwrap() {
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
        assert_eq!(
            band(&rule["properties"]["security-severity"]),
            r["properties"]["severity"]
        );
        assert_eq!(rule["properties"]["severity"], r["properties"]["severity"]);
        assert_eq!(
            rule["properties"]["precision"],
            r["properties"]["precision"]
        );
        assert_eq!(rule["defaultConfiguration"]["level"], r["level"]);
        let precision = match r["properties"]["confidence"].as_str().unwrap() {
            "declared" => "very-high",
            "identifier" => "high",
            "text" => "medium",
            _ => "low",
        };
        assert_eq!(r["properties"]["precision"], precision);
        if rule["properties"]["code"] == "covered-list" {
            severities_of_covered.insert(r["properties"]["severity"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(
        severities_of_covered.into_iter().collect::<Vec<_>>(),
        ["high", "medium"]
    );
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"covered-list/medium/very-high"), "{ids:?}");
    assert!(
        ids.contains(&"out-of-scope-vendor-match/low/low"),
        "{ids:?}"
    );
    assert!(
        ids.contains(&"out-of-scope-vendor-match/info/high"),
        "{ids:?}"
    );
    // Each rule once, however many results name it.
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len());
}

/// As users run it, on every sample with the sample waivers: the SARIF bomscreen writes is valid
/// against the official schema, and every result's rule carries the result's severity as GitHub
/// reads it (`security-severity`), its level and its precision.
#[test]
fn sarif_of_the_samples_is_valid_and_each_rule_matches_its_results() {
    let out = assert_cmd::Command::cargo_bin("bomscreen")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "scan",
            "samples/firewall-image.cdx.json",
            "samples/firewall-image-7.3.cdx.json",
            "samples/web-service.spdx.json",
            "--policy",
            "tests/fixtures/snapshots/waivers.toml",
            "--as-of",
            "2026-11-23",
            "--format",
            "sarif",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    if let Some(corpus) = common::corpus() {
        validate(
            &read_json(&corpus.join("schemas/sarif/sarif-schema-2.1.0.json")),
            &v,
        );
    }
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(results.len() >= 5, "{}", results.len());
    let score = |s: &str| match s {
        "critical" => Some("9.5"),
        "high" => Some("8.0"),
        "medium" => Some("5.5"),
        "low" => Some("3.0"),
        _ => None,
    };
    for r in results {
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        let severity = r["properties"]["severity"].as_str().unwrap();
        assert_eq!(rule["id"], r["ruleId"]);
        assert_eq!(
            rule["properties"]["security-severity"].as_str(),
            score(severity),
            "{}",
            r["ruleId"]
        );
        assert_eq!(rule["defaultConfiguration"]["level"], r["level"]);
        assert_eq!(
            rule["properties"]["precision"],
            r["properties"]["precision"]
        );
        assert!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64() > Some(0),
            "every sample finding has its line"
        );
    }
}

/// The fallback where SARIF cannot be uploaded: one GitHub workflow command per finding, at the
/// SBOM's line, by severity; waived findings are notices; every value escaped.
#[test]
fn github_workflow_commands_one_per_finding() {
    let out = render(Format::Github, &build(findings(), true));
    let lines: Vec<&str> = out.lines().collect();
    // 6 findings, the unreadable document, the unused waiver.
    assert_eq!(lines.len(), 8, "{out}");
    assert!(
        lines[0].starts_with(
            "::error file=sboms/firewall image.cdx.json,line=44,title=prohibited-ict (high)::avscan-engine 21.3.10.391 (avscan-engine)"
        ),
        "{}",
        lines[0]
    );
    assert!(lines[2].starts_with(
        "::notice file=sboms/firewall image.cdx.json,line=97,title=covered-list (high%2C waived)::"
    ));
    assert!(lines[2].contains("Waived: isolated test-lab camera"));
    assert!(lines[3].starts_with("::error file=sboms/firewall image.cdx.json,line=71,"));
    assert!(lines[4].starts_with(
        "::warning file=sboms/firewall image.cdx.json,line=88,title=restricted-party (medium)::"
    ));
    assert!(lines[5].starts_with("::notice file=sboms/firewall image.cdx.json,line=120,title=out-of-scope-vendor-match (info)::"));
    assert_eq!(
        lines[6],
        "::error file=sboms/broken.json,title=unreadable SBOM::could not be read: sboms/broken.json:3:14: expected `,` or `}`"
    );
    assert!(
        lines[7].starts_with("::warning file=bomscreen.toml,line=8,title=unused-waiver::waiver 2")
    );
    // The hostile name stays inside its own command.
    assert!(lines.iter().all(|l| l.starts_with("::")));
}

#[test]
fn github_workflow_commands_escape_properties_and_messages() {
    let mut f = findings();
    f.truncate(1);
    f[0].document = "sboms/a,b:c%.json".into();
    f[0].component.name = "evil\n::error file=x::forged\r%0A".into();
    let out = render(Format::Github, &build(f, false));
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("::warning file=sboms/a%2Cb%3Ac%25.json,line=88,"),
        "{first}"
    );
    assert!(
        first.contains("evil%0A::error file=x::forged%0D%250A"),
        "{first}"
    );
    assert_eq!(
        out.lines().count(),
        3,
        "one finding, two unused waivers: {out}"
    );
}

#[test]
fn markdown_job_summary() {
    let md = render(Format::Markdown, &build(findings(), false));
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(
        lines[0],
        "## ❌ bomscreen: failed (3 findings at or above high)"
    );
    assert!(lines[2].starts_with(&format!("bomscreen {} · watchlist bomscreen built-in 2026.03.0 (2026-03-01) · as of 2026-03-02 · fail-on high", env!("CARGO_PKG_VERSION"))), "{}", lines[2]);
    // The one line every format carries: a finding is a screening signal, not a legal determination.
    assert_eq!(lines[4], bomscreen::finding::DISCLAIMER);
    for row in [
        "| 🟥 critical | 0 |",
        "| 🟧 high | 3 |",
        "| 🟨 medium | 1 |",
        "| ⬜ info | 1 |",
        "| waived | 1 |",
    ] {
        assert!(lines.contains(&row), "{row} missing:\n{md}");
    }
    assert!(lines.contains(&"| 🟧 high | `prohibited-ict` | **avscan-engine** 21.3.10.391<br>ref avscan-engine | AO Kaspersky Lab | copyright: Copyright (C) 1997-2023 AO Kaspersky Lab. All Rights Reserved.<br>hashes\\[SHA-256\\]: 4f1c3e0f5b7d9a2c6e8b0d1f3a5c7e9b2d4f6a8c0e1b3d5f7a9c1e3b5d7f9a2c | ICTS Final Determination \\[in-force\\] | sboms/firewall image.cdx.json:44 |"), "{md}");
    assert!(lines.contains(&"| 🟨 medium | `restricted-party` | **&lt;script&gt;alert(1)&lt;/script&gt;** 1.0.0\\`<br>ref pkg:npm/evil\\|pkg@1.0.0 | Tencent Holdings Ltd. | supplier.name: Tencent &lt;b&gt;\\|&lt;/b&gt; | DoD 1260H list \\[in-force\\] | sboms/firewall image.cdx.json:88 |"), "{md}");
    assert!(lines.contains(&"- 🟧 high `prohibited-ict`, `integrated-prohibited-ict` in sboms/firewall image.cdx.json: secureedge-fw → secureedge-os → **threat-shield** → **avscan-engine**"), "{md}");
    assert!(lines.contains(&"- ICTS Final Determination: 89 FR 52434 (15 CFR part 791), effective 2024-07-20 <https://www.federalregister.gov/d/2024-13532>"));
    assert!(
        !md.contains("javascript:"),
        "only http(s) links are written"
    );
    assert!(md.contains("🟧 high (waived)"));
    assert!(md.contains("### Paths"));
    assert!(md.contains("3 of 9 components declare no supplier or other party: absence of adversary code cannot be proven for them"));
    assert!(md.contains(
        "- ⚠️ `unused-waiver` bomscreen.toml:8: waiver 2 (entity dahua) matched no finding"
    ));
    // SBOM strings cannot break the table or inject HTML.
    assert!(!md.contains("<script"), "{md}");
    let row = md.lines().find(|l| l.contains("restricted-party")).unwrap();
    assert_eq!(
        row.matches(" | ").count() + 2,
        8,
        "a row has seven cells (the legal basis with its status and the notes included): {row}"
    );
}

#[test]
fn markdown_states_passed_and_error() {
    let passed = render(Format::Markdown, &build(vec![], false));
    assert!(passed.starts_with("## ✅ bomscreen: passed (no unwaived finding at or above high)\n"));
    let error = render(Format::Markdown, &build(findings(), true));
    assert!(error.starts_with("## ⛔ bomscreen: error"));
    assert!(error.contains("| sboms/broken.json | - | 0 | 0 | ⛔ could not be read: sboms/broken.json:3:14: expected \\`,\\` or \\`}\\` |"), "{error}");
}

#[test]
fn html_is_self_contained_escaped_and_draws_the_paths() {
    let html = render(Format::Html, &build(findings(), true));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains(XSS));
    assert!(
        !html.to_lowercase().contains("<script"),
        "no script at all, from us or the SBOM"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        !html.contains("href=\"javascript:"),
        "non-http links are dropped"
    );
    assert!(html.contains("<a href=\"https://www.federalregister.gov/d/2024-13532\""));
    // Nothing loaded: no src attributes, stylesheets or imports; a CSP forbids the rest.
    for banned in [" src=", "<link", "@import", "url(http"] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("watchlist <strong>bomscreen built-in</strong> 2026.03.0 (2026-03-01)"));
    assert!(html.contains("as of <strong>2026-03-02</strong>"));
    assert!(html.contains("Error: a document could not be read"));
    assert!(html.contains("3 of 9 components declare no supplier or other party"));
    assert!(html.contains("89 FR 52434 (15 CFR part 791)"));
    // The graph: one svg for the document with findings; flagged nodes filled by severity.
    assert_eq!(html.matches("<svg").count(), 1);
    assert!(html.contains("<title>avscan-engine</title>"));
    assert!(
        html.contains("fill=\"#cf222e\""),
        "high findings are filled red"
    );
    assert!(
        html.contains("stroke-dasharray"),
        "the waived camera is drawn dashed"
    );
    assert!(html.contains("<title>pkg:npm/evil|pkg@1.0.0</title>"));
    // No placeholder left unfilled.
    assert!(!html.contains("{{"));
}

#[test]
fn table_fits_80_columns_and_colours_only_when_asked() {
    let r = build(findings(), true);
    let plain = render(Format::Table, &r);
    for line in plain.lines() {
        assert!(
            line.chars().count() <= 80,
            "{} chars: {line}",
            line.chars().count()
        );
    }
    assert!(!plain.contains('\x1b'));
    assert!(plain.starts_with(&format!(
        "bomscreen {} · watchlist bomscreen built-in 2026.03.0 (2026-03-01)\nas of 2026-03-02 · policy bomscreen.toml · fail-on high\n",
        env!("CARGO_PKG_VERSION")
    )));
    assert!(plain.contains("\nHIGH (4)\n  prohibited-ict  avscan-engine 21.3.10.391\n      ref avscan-engine at sboms/firewall image.cdx.json:44\n"), "{plain}");
    assert!(plain.contains("      waived until 2026-12-31: isolated test-lab camera"));
    assert!(plain.contains("      integrates: avscan-engine (avscan-engine)"));
    assert!(
        plain.contains(
            "\npaths\n  sboms/firewall image.cdx.json\n    high     secureedge-fw → lab-camera-01\n"
        ),
        "{plain}"
    );
    assert!(plain.contains(
        "\n    high     secureedge-fw → secureedge-os → threat-shield → avscan-engine\n"
    ));
    assert!(plain.contains("note: 3 of 9 components declare no supplier"));
    assert!(plain.contains("error: could not be read: sboms/broken.json:3:14"));
    assert!(plain.contains("bomscreen.toml:8:1: warning: waiver 2 (entity dahua) matched no"));
    assert!(
        plain
            .trim_end()
            .ends_with("critical 0 · high 3 · medium 1 · low 0 · info 1 · waived 1"),
        "{plain}"
    );
    assert!(plain.contains("\nERROR: a document could not be read\n"));

    let coloured = render_with(
        Format::Table,
        &r,
        &RenderOptions {
            color: true,
            width: 80,
        },
    );
    assert!(coloured.contains("\x1b[31mprohibited-ict\x1b[0m"));
    assert!(coloured.contains("\x1b[1;31mERROR"));
}

#[test]
fn table_never_writes_control_characters_from_the_sbom() {
    let mut f = findings();
    f[0].component.name = "evil\u{1b}]0;pwned\u{7}\u{1b}[2J".into();
    let out = render(Format::Table, &build(f, false));
    assert_eq!(out.matches('\x1b').count(), 0, "{out:?}");
    assert!(!out.contains('\u{7}'));
}

#[test]
fn long_values_are_cut_or_wrapped_to_the_width() {
    let mut f = findings();
    f[0].component.name = "x".repeat(300);
    f[0].component.id = format!("pkg:npm/{}", "y".repeat(200));
    f[0].path.push("z".repeat(150));
    let out = render(Format::Table, &build(f, false));
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
    assert!(out.contains('…'));
}

#[test]
fn every_format_is_deterministic() {
    let mut reversed = findings();
    reversed.reverse();
    let a = build(findings(), true);
    let b = build(reversed, true);
    assert_eq!(a, b, "input order does not matter");
    for format in Format::ALL {
        let first = render(format, &a);
        assert_eq!(first, render(format, &b), "{format}");
        assert_eq!(first, render(format, &build(findings(), true)), "{format}");
    }
}

#[test]
fn scope_lowering_is_reported() {
    let mut f = findings();
    let huawei = f.iter_mut().find(|f| f.entity.id == "huawei").unwrap();
    huawei.scope = Scope::TestOnly;
    huawei.notes.push("test-only scope: dev dependency".into());
    let r = build(f, false);
    let h = r
        .findings
        .iter()
        .find(|f| f.finding.entity.id == "huawei")
        .unwrap();
    assert_eq!(
        (h.severity, h.finding.severity, h.scope_lowered),
        (Severity::Medium, Severity::High, true)
    );
    assert_eq!(r.counts.failing, 2);
    assert!(
        render(Format::Table, &r)
            .contains("severity lowered from high: test-only or excluded scope")
    );
    assert!(
        json(Format::Sarif, &r)["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["message"]["text"]
                .as_str()
                .unwrap()
                .contains("Severity lowered"))
    );
}

#[test]
fn output_specs_and_format_names() {
    assert_eq!(
        report::parse_output("sarif=out/r.sarif"),
        Ok((Format::Sarif, PathBuf::from("out/r.sarif")))
    );
    assert_eq!(
        report::parse_output("MARKDOWN=summary.md").map(|o| o.0),
        Ok(Format::Markdown)
    );
    assert!(
        report::parse_output("sarif")
            .unwrap_err()
            .contains("FORMAT=PATH")
    );
    assert!(
        report::parse_output("pdf=x.pdf")
            .unwrap_err()
            .contains("expected table, json, sarif, markdown or html")
    );
    assert!(report::parse_output("json=").is_err());
    for f in Format::ALL {
        assert_eq!(f.as_str().parse::<Format>(), Ok(f));
    }
}

#[test]
fn the_sample_policy_is_valid_against_the_policy_schema() {
    let schema = read_json(&manifest("schemas/policy.schema.json"));
    let text = std::fs::read_to_string(manifest("samples/bomscreen.toml")).unwrap();
    let value: Value = toml::from_str(&text).unwrap();
    validate(&schema, &value);
    let bad: Value =
        toml::from_str("fail-on = \"severe\"\n[[waiver]]\ncomponent = \"x\"\n").unwrap();
    assert!(!jsonschema::validator_for(&schema).unwrap().is_valid(&bad));
}
