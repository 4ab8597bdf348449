//! Screening on hand-written SBOMs, one per case of the screening issue, the decoys that must
//! stay clean, the wild corpus, a CSL import, and a generated SBOM with planted components.

#![allow(clippy::print_stderr)] // skipped-corpus notes and the wild-corpus summary

use std::path::{Path, PathBuf};

use bomscreen::finding::{Code, Finding, Severity};
use bomscreen::graph::DepGraph;
use bomscreen::ingest::{self, ReadOptions};
use bomscreen::provenance;
use bomscreen::screen::Screener;
use bomscreen::watchlist::{self, Watchlist};
use jiff::civil::{Date, date};

const AS_OF: Date = date(2026, 11, 23);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn screen_with(screener: &Screener, path: &Path, as_of: Date) -> Vec<Finding> {
    let sbom = ingest::read(path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let graph = DepGraph::build(&sbom);
    let prov = provenance::resolve(&sbom, &graph);
    screener.screen(&sbom, &graph, &prov, as_of)
}

fn screen(rel: &str, as_of: Date) -> Vec<Finding> {
    let screener = Screener::new(watchlist::builtin());
    screen_with(&screener, &root().join(rel), as_of)
}

fn dump(fs: &[Finding]) -> String {
    fs.iter()
        .map(|f| {
            format!(
                "{} {} {} {} [{}] notes={:?} path={:?} ev={:?}\n",
                f.component.id,
                f.code,
                f.severity,
                f.entity.id,
                f.message,
                f.notes,
                f.path,
                f.evidence
                    .iter()
                    .map(|e| (&e.field, &e.matcher, &e.matched))
                    .collect::<Vec<_>>()
            )
        })
        .collect()
}

fn one<'a>(fs: &'a [Finding], id: &str, code: Code, entity: &str) -> &'a Finding {
    let found: Vec<&Finding> = fs
        .iter()
        .filter(|f| f.component.id == id && f.code == code && f.entity.id == entity)
        .collect();
    assert_eq!(found.len(), 1, "{id} {code} {entity} in:\n{}", dump(fs));
    found[0]
}

fn none_on(fs: &[Finding], id: &str) {
    let on: Vec<&Finding> = fs.iter().filter(|f| f.component.id == id).collect();
    assert!(on.is_empty(), "{id} must stay clean:\n{}", dump(fs));
}

fn has_evidence(f: &Finding, field: &str, matcher: &str) -> bool {
    f.evidence
        .iter()
        .any(|e| e.field == field && e.matcher == matcher)
}

#[test]
fn white_labeled_engine_found_only_by_its_copyright() {
    let fs = screen("samples/firewall-image.cdx.json", AS_OF);
    let engine = one(&fs, "avscan-engine", Code::ProhibitedIct, "kaspersky");
    assert_eq!(engine.severity, Severity::High);
    assert_eq!(engine.evidence.len(), 1);
    assert!(has_evidence(engine, "copyright", "copyright-holder"));
    assert_eq!(engine.evidence[0].matched, "AO Kaspersky Lab");
    let path = [
        "secureedge-fw",
        "secureedge-os",
        "threat-shield",
        "avscan-engine",
    ];
    assert_eq!(engine.path, path);
    assert_eq!(engine.legal_basis[0].list, "ICTS Final Determination");
    assert_eq!(
        engine.legal_basis[0].effective.as_deref(),
        Some("2024-07-20")
    );
    for (id, supplier) in [
        ("threat-shield", "Contoso Security Ltd."),
        ("secureedge-os", "Northwind Networks, Inc."),
        ("secureedge-fw", "Northwind Networks, Inc."),
    ] {
        let f = one(&fs, id, Code::IntegratedProhibitedIct, "kaspersky");
        assert_eq!(f.severity, Severity::High);
        assert_eq!(
            f.integrates.as_ref().map(|c| c.id.as_str()),
            Some("avscan-engine")
        );
        // "White-labeled" means a declared rebrand; these products integrate the engine.
        assert!(f.message.starts_with("integrated:"), "{}", f.message);
        assert!(!f.message.contains("white-label"), "{}", f.message);
        assert!(
            f.message.contains(&format!("supplied by {supplier}")),
            "{}",
            f.message
        );
        assert_eq!(f.path, path);
    }
    // Nothing else: openssl, zlib, busybox and the signatures are clean.
    assert_eq!(fs.len(), 4, "{}", dump(&fs));
}

#[test]
fn cyrillic_and_homoglyph_suppliers_are_kaspersky() {
    let fs = screen("tests/fixtures/screen/names.cdx.json", AS_OF);
    let cyr = one(&fs, "cyrillic", Code::ProhibitedIct, "kaspersky");
    // The legal form «АО "Лаборатория Касперского"» is unconfirmed, so it is no alias; the
    // confirmed name inside it matches.
    assert_eq!(cyr.evidence[0].matched, "Лаборатория Касперского");
    assert!(has_evidence(cyr, "supplier.name", "party-name"));
    let homo = one(&fs, "homoglyph", Code::ProhibitedIct, "kaspersky");
    assert_eq!(homo.evidence[0].matched, "Kaspersky Lab");
    assert_eq!(homo.evidence[0].value, "K\u{0430}spersky L\u{0430}b");
    let app = one(&fs, "app", Code::IntegratedProhibitedIct, "kaspersky");
    assert!(app.message.contains("supplied by Fabrikam, Inc."));
}

#[test]
fn decoys_stay_clean() {
    let fs = screen("tests/fixtures/screen/names.cdx.json", AS_OF);
    // Kasper Skyline Software, UltraAV (Pango), aztec (no whole-word ZTE), Dahua Lin the
    // Julia author, Apache Dubbo (Alibaba only in its description), 7-Zip by Igor Pavlov.
    for id in [
        "kasper-skyline",
        "ultraav",
        "aztec",
        "dahua-lin",
        "dubbo",
        "7zip",
    ] {
        none_on(&fs, id);
    }
    assert_eq!(fs.len(), 3, "{}", dump(&fs));
}

#[test]
fn cpe_only_evidence() {
    let fs = screen("tests/fixtures/screen/cpe-only.cdx.xml", AS_OF);
    let zte = one(&fs, "onu-firmware", Code::CoveredList, "zte");
    assert_eq!(zte.severity, Severity::High);
    assert!(has_evidence(zte, "cpe", "cpe-vendor"));
    assert!(zte.component.location.line.is_some());
    let lists: Vec<&str> = zte.legal_basis.iter().map(|b| b.list.as_str()).collect();
    assert_eq!(lists, ["FCC Covered List", "NDAA FY2019 sec. 889"]);
    let hik = one(&fs, "camera-firmware", Code::CoveredList, "hikvision");
    assert_eq!(hik.severity, Severity::High);
    assert!(
        hik.notes
            .iter()
            .any(|n| n.starts_with("conditional scope:"))
    );
    assert!(
        hik.legal_basis[0]
            .scope
            .as_deref()
            .unwrap_or("")
            .contains("to the extent")
    );
    one(&fs, "gateway", Code::IntegratedCoveredList, "zte");
    one(&fs, "gateway", Code::IntegratedCoveredList, "hikvision");
}

#[test]
fn pedigree_ancestor_flags_its_descendants() {
    let fs = screen("tests/fixtures/screen/pedigree.cdx.json", AS_OF);
    let upstream = one(&fs, "kav-sdk-upstream", Code::ProhibitedIct, "kaspersky");
    assert!(has_evidence(upstream, "supplier.name", "party-name"));
    let scanner = one(&fs, "scanner", Code::IntegratedProhibitedIct, "kaspersky");
    assert_eq!(scanner.path, ["mailgw", "scanner", "kav-sdk-upstream"]);
    assert!(scanner.message.contains("supplied by Litware Mail Systems"));
    one(&fs, "mailgw", Code::IntegratedProhibitedIct, "kaspersky");
}

#[test]
fn domain_only_evidence() {
    let fs = screen("tests/fixtures/screen/domain-only.spdx", AS_OF);
    let f = one(&fs, "SPDXRef-sigupd", Code::ProhibitedIct, "kaspersky");
    assert_eq!(f.evidence.len(), 1);
    assert_eq!(
        (
            f.evidence[0].field.as_str(),
            f.evidence[0].matcher.as_str(),
            f.evidence[0].matched.as_str()
        ),
        ("downloadLocation", "domain", "kaspersky-labs.com")
    );
    assert_eq!(f.component.location.line, Some(16)); // its PackageName line
    one(
        &fs,
        "SPDXRef-image",
        Code::IntegratedProhibitedIct,
        "kaspersky",
    );
}

#[test]
fn huawei_hms_purl_and_kaspersky_scope() {
    let fs = screen("tests/fixtures/screen/vendors.spdx.json", AS_OF);
    // HMS is software: outside the Covered List and sec. 889 equipment categories (scope
    // review); the Entity List, which has no product scope, decides.
    let hms = one(&fs, "SPDXRef-hms", Code::RestrictedParty, "huawei");
    assert_eq!(hms.severity, Severity::Medium);
    assert!(has_evidence(hms, "purl", "purl-namespace"));
    let status = |f: &Finding, list: &str| {
        f.legal_basis
            .iter()
            .find(|b| b.list == list)
            .map(|b| b.status)
    };
    use bomscreen::finding::BasisStatus;
    assert_eq!(
        status(hms, "FCC Covered List"),
        Some(BasisStatus::ScopeReview)
    );
    assert_eq!(
        status(hms, "NDAA FY2019 sec. 889"),
        Some(BasisStatus::ScopeReview)
    );
    // Kaspresso: Kaspersky-made developer tooling, used only in tests: a scope review under the
    // determination, the Covered List and BOD 17-01; the Entity List (no product scope) and
    // sec. 1634 (federal use, in whole or in part) still name it.
    let k = one(&fs, "SPDXRef-kaspresso", Code::RestrictedParty, "kaspersky");
    assert_eq!(k.severity, Severity::Medium);
    assert!(k.notes.iter().any(|n| n.starts_with("scope review:")));
    assert!(k.notes.iter().any(|n| n.starts_with("test-only scope")));
    assert_eq!(k.scope, bomscreen::finding::Scope::TestOnly);
    for list in [
        "ICTS Final Determination",
        "FCC Covered List",
        "DHS BOD 17-01",
    ] {
        assert_eq!(status(k, list), Some(BasisStatus::ScopeReview), "{list}");
    }
    assert_eq!(
        status(k, "NDAA FY2018 sec. 1634"),
        Some(BasisStatus::InForce)
    );
    // Threat Intelligence is excluded by the determination and BOD 17-01, not by the Covered
    // List ("information security products, solutions, and services") or sec. 1634.
    let ti = one(&fs, "SPDXRef-ti", Code::CoveredList, "kaspersky");
    assert_eq!(ti.severity, Severity::High);
    assert!(
        ti.notes
            .iter()
            .any(|n| n.starts_with("excluded category: Kaspersky Threat Intelligence"))
    );
    assert_eq!(
        status(ti, "ICTS Final Determination"),
        Some(BasisStatus::Excluded)
    );
    assert_eq!(status(ti, "DHS BOD 17-01"), Some(BasisStatus::Excluded));
    assert_eq!(status(ti, "FCC Covered List"), Some(BasisStatus::InForce));
    assert_eq!(
        status(ti, "NDAA FY2018 sec. 1634"),
        Some(BasisStatus::InForce)
    );
    // A release after 2024-09-29 is a prohibited update.
    let kes = one(&fs, "SPDXRef-kes", Code::PostCutoffUpdate, "kaspersky");
    assert_eq!(kes.severity, Severity::Critical);
    assert_eq!(kes.legal_basis[0].effective.as_deref(), Some("2024-09-29"));
    // Out-of-scope and restricted-party matches do not propagate; the app integrates KES (the
    // strictest Kaspersky component it reaches) and DJI.
    let app: Vec<(Code, &str)> = fs
        .iter()
        .filter(|f| f.component.id == "SPDXRef-app")
        .map(|f| (f.code, f.entity.id.as_str()))
        .collect();
    assert_eq!(
        app,
        [
            (Code::IntegratedProhibitedIct, "kaspersky"),
            (Code::IntegratedCoveredList, "dji"),
        ]
    );
}

#[test]
fn dji_before_and_after_2025_12_22() {
    let before = screen(
        "tests/fixtures/screen/vendors.spdx.json",
        date(2025, 12, 21),
    );
    // A 1260H listing is not a restricted-party list: its own code, low; the Covered List entry
    // is listed as not yet in force.
    let f = one(&before, "SPDXRef-dji", Code::Dod1260hListing, "dji");
    assert_eq!(f.severity, Severity::Low);
    assert_eq!(f.legal_basis.len(), 2);
    assert_eq!(f.legal_basis[0].list, "DoD 1260H");
    assert_eq!(
        f.legal_basis[1].status,
        bomscreen::finding::BasisStatus::NotYetInForce
    );
    assert!(
        !before
            .iter()
            .any(|f| f.entity.id == "dji" && f.component.id == "SPDXRef-app")
    );
    let after = screen(
        "tests/fixtures/screen/vendors.spdx.json",
        date(2025, 12, 22),
    );
    let f = one(&after, "SPDXRef-dji", Code::CoveredList, "dji");
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.legal_basis[0].effective.as_deref(), Some("2025-12-22"));
}

#[test]
fn supplier_named_like_a_csl_entry_is_found_after_import() {
    let csv = root().join("../shared/corpus/lists/csl/test_testdata_csl.csv");
    let Ok(text) = std::fs::read_to_string(&csv) else {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("corpus not found at {}", csv.display());
        }
        eprintln!("skipped: corpus not found at {}", csv.display());
        return;
    };
    let import = watchlist::import_csl::import(&text, "csl.csv").unwrap();
    let entry = import
        .watchlist
        .entries
        .iter()
        .find(|e| e.name == "ACTeam Logistics Ltd.")
        .expect("entry in the CSL test data")
        .id
        .clone();
    let merged = Watchlist::merge(vec![watchlist::builtin().clone(), import.watchlist]).unwrap();
    let screener = Screener::new(&merged);
    let fs = screen_with(
        &screener,
        &root().join("tests/fixtures/screen/csl-supplier.cdx.json"),
        AS_OF,
    );
    let f = one(&fs, "tracker", Code::RestrictedParty, &entry);
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(f.evidence[0].matcher, "party-key");
    assert_eq!(f.evidence[0].value, "ACTEAM LOGISTICS, LIMITED");
    assert_eq!(fs.len(), 1, "{}", dump(&fs));
}

#[test]
fn screener_is_shareable_across_threads() {
    fn sync<T: Send + Sync>() {}
    sync::<Screener>();
}

fn corpus() -> Option<PathBuf> {
    crate::common::corpus()
}

/// Every wild SBOM of the shared corpus: none holds covered equipment or Kaspersky code.
#[test]
fn wild_corpus_has_no_high_findings() {
    let Some(dir) = corpus() else { return };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let screener = Screener::new(watchlist::builtin());
    let (mut files, mut read, mut total) = (0, 0, 0);
    let mut by_code: std::collections::BTreeMap<(String, String, String), usize> =
        Default::default();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 11 || cols[10] != "wild" {
            continue;
        }
        files += 1;
        let path = dir.join(cols[0]);
        let Ok(sbom) = ingest::read(&path, &ReadOptions::default()) else {
            continue;
        };
        read += 1;
        let graph = DepGraph::build(&sbom);
        let prov = provenance::resolve(&sbom, &graph);
        for f in screener.screen(&sbom, &graph, &prov, AS_OF) {
            total += 1;
            assert!(
                f.severity < Severity::High,
                "{}: {}",
                cols[0],
                dump(std::slice::from_ref(&f))
            );
            if ["tencent", "alibaba", "baidu"].contains(&f.entity.id.as_str()) {
                assert!(f.severity <= Severity::Medium);
            }
            assert!(
                !f.evidence.iter().any(|e| e.value.contains("Dahua Lin")),
                "{}: {}",
                cols[0],
                dump(std::slice::from_ref(&f))
            );
            if f.entity.id == "huawei" && f.evidence.iter().all(|e| e.field == "copyright") {
                assert!(
                    f.severity <= Severity::Low,
                    "{}",
                    dump(std::slice::from_ref(&f))
                );
            }
            if std::env::var("SCREEN_WILD_DUMP").is_ok() {
                eprint!("{}: {}", cols[0], dump(std::slice::from_ref(&f)));
            }
            *by_code
                .entry((
                    f.code.to_string(),
                    f.severity.to_string(),
                    f.entity.id.clone(),
                ))
                .or_default() += 1;
        }
    }
    eprintln!("wild corpus: {files} files, {read} read, {total} findings");
    for ((code, sev, entity), n) in &by_code {
        eprintln!("  {n:5}  {code} {sev} {entity}");
    }
    assert!(read > 100, "only {read} of {files} wild files read");
    // The README states this count ("What evidence bomscreen reads"): a change is re-measured
    // and explained there.
    assert_eq!(total, 37, "{by_code:?}");
    // The cloud SDKs of the three 1260H-listed platforms in these SBOMs are reported, not missed.
    for entity in ["tencent", "alibaba", "baidu"] {
        assert!(
            by_code.keys().any(|(_, _, e)| e == entity),
            "no {entity} finding in the wild corpus"
        );
    }
}

/// A generated SBOM with planted watched components (supplier, alias, purl, CPE, copyright,
/// manufacturer, nested white-label chains) and near-miss decoys: every planted component is
/// found and no decoy is flagged.
#[test]
fn generated_sbom_planted_components_are_found() {
    let script = root().join("../shared/tools/gen_sbom.py");
    let ci = std::env::var("CI").as_deref() == Ok("true");
    if !script.exists() {
        assert!(!ci, "gen_sbom.py not found at {}", script.display());
        eprintln!("skipped: gen_sbom.py not found at {}", script.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (bom, truth) = (dir.path().join("bom.json"), dir.path().join("truth.json"));
    let status = std::process::Command::new("python3")
        .arg(&script)
        .args([
            "--format",
            "cdx-json",
            "--components",
            "2000",
            "--seed",
            "7",
            "--plant",
            "25",
            "--truth",
        ])
        .arg(&truth)
        .arg("--out")
        .arg(&bom)
        .status();
    match status {
        Ok(s) if s.success() => {}
        other => {
            assert!(!ci, "python3 gen_sbom.py failed: {other:?}");
            eprintln!("skipped: python3 gen_sbom.py could not run: {other:?}");
            return;
        }
    }
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&truth).unwrap()).unwrap();
    let fs = screen_with(&Screener::new(watchlist::builtin()), &bom, AS_OF);
    let planted = truth["planted"].as_array().unwrap();
    assert_eq!(planted.len(), 25);
    // Maven group `com.huaweicloud` is not a confirmed Huawei namespace in the reference
    // (watchlist-facts.md section 7), so the built-in data does not carry it: a purl-only
    // plant under it is knowingly not found.
    let known_gap = |id: &str| id.starts_with("pkg:maven/com.huaweicloud/");
    let mut missed = Vec::new();
    for p in planted {
        let id = p["bom_ref"].as_str().unwrap();
        let vendor = p["vendor"].as_str().unwrap();
        if !fs
            .iter()
            .any(|f| f.component.id == id && f.entity.id == vendor && f.integrates.is_none())
        {
            missed.push(format!("{id} ({vendor}, {})", p["signal"]));
        }
    }
    eprintln!(
        "planted: {} of {} found; missed: {missed:?}",
        planted.len() - missed.len(),
        planted.len()
    );
    assert!(
        missed.iter().all(|m| known_gap(m)),
        "planted components not found: {missed:?}"
    );
    assert!(missed.len() <= 2, "{missed:?}");
    for d in truth["decoys"].as_array().unwrap() {
        let id = d["bom_ref"].as_str().unwrap();
        assert!(
            !fs.iter()
                .any(|f| f.component.id == id && f.integrates.is_none()),
            "decoy {id} flagged:\n{}",
            dump(&fs)
        );
    }
}
