//! The timeline of every built-in designation (issue 11): for each, fixtures screened on the day
//! before and the day of every start, milestone, exemption and end date, asserting the code, the
//! severity and every listed legal basis with its status (and the milestone in force). Then one
//! test per defect of the issue (items 1-11), each failing on the engine the issue was filed on.
//!
//! Fixtures: `tests/fixtures/timeline/*.spdx.json` (the Kaspersky engine in an appliance, one
//! released on the cut-off day, Kaspersky products whose descriptions name excluded services,
//! Kaspresso required and test-only, a KasperskyOS port, Huawei HMS, router and Honor firmware,
//! Hikvision camera firmware and SDK in a VMS, Dahua Technology USA and Lorex firmware, the DJI
//! SDK, Tencent RapidJSON, and suppliers named by unconfirmed legal names).

use std::path::PathBuf;

use assert_cmd::Command;
use bomscreen::finding::{BasisStatus, Finding};
use bomscreen::graph::DepGraph;
use bomscreen::ingest::{self, ReadOptions};
use bomscreen::provenance;
use bomscreen::screen::Screener;
use bomscreen::watchlist::{self, Watchlist, WatchlistError};
use jiff::civil::Date;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/fixtures/timeline/{name}.spdx.json"))
}

fn screen(name: &str, as_of: &str) -> Vec<Finding> {
    let screener = Screener::new(watchlist::builtin());
    let sbom =
        ingest::read(&fixture(name), &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let graph = DepGraph::build(&sbom);
    let prov = provenance::resolve(&sbom, &graph);
    let as_of: Date = as_of.parse().unwrap();
    screener.screen(&sbom, &graph, &prov, as_of)
}

/// The findings on one component (`SPDXRef-` left out).
fn on<'a>(fs: &'a [Finding], component: &str) -> Vec<&'a Finding> {
    let id = format!("SPDXRef-{component}");
    fs.iter().filter(|f| f.component.id == id).collect()
}

/// Short list names for the table below.
fn short(list: &str) -> &str {
    match list {
        "ICTS Final Determination" => "ICTS",
        "FCC Covered List" => "FCC",
        "NDAA FY2019 sec. 889" => "889",
        "NDAA FY2018 sec. 1634" => "1634",
        "DHS BOD 17-01" => "BOD",
        "BIS Entity List" => "EL",
        "DoD 1260H" => "1260H",
        other => other,
    }
}

fn status(s: BasisStatus) -> &'static str {
    match s {
        BasisStatus::InForce => "in",
        BasisStatus::Excluded => "excl",
        BasisStatus::ScopeReview => "review",
        BasisStatus::NotYetInForce => "later",
        BasisStatus::Ended => "ended",
    }
}

/// `code/severity` and the listed bases as `LIST:status[@milestone]`, in the finding's order.
fn summary(f: &Finding) -> (String, String) {
    let bases: Vec<String> = f
        .legal_basis
        .iter()
        .map(|b| {
            let m = b
                .milestone
                .as_deref()
                .map(|m| format!("@{m}"))
                .unwrap_or_default();
            format!("{}:{}{m}", short(&b.list), status(b.status))
        })
        .collect();
    (format!("{}/{}", f.code, f.severity), bases.join(" "))
}

/// The expected table, `tests/fixtures/timeline/expected.tsv`: fixture, component, as-of date,
/// `code/severity` or `none`, and the listed bases. Bases list every designation of the entity,
/// applying ones first (strictest first), then scope reviews, exclusions, and those not yet in
/// force or ended. For an integrating product only the designations that reach integrators are
/// listed (the ICTS integration class, the Covered List, sec. 889, sec. 1634, and BOD 17-01,
/// which excludes embedded code).
fn timeline() -> Vec<[String; 5]> {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/timeline/expected.tsv"),
    )
    .unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<String> = l.split('\t').map(str::to_string).collect();
            [0, 1, 2, 3, 4].map(|i| cells.get(i).cloned().unwrap_or_default())
        })
        .collect()
}

#[test]
fn every_designation_on_the_day_before_and_the_day_of_each_date() {
    // See: issue 11, "Done when" (the timeline test).
    let mut failures = Vec::new();
    let rows = timeline();
    assert!(rows.len() > 250, "{} rows", rows.len());
    let mut cache: std::collections::BTreeMap<(&str, &str), Vec<Finding>> = Default::default();
    for [name, component, as_of, code, bases] in &rows {
        let (name, component, as_of) = (name.as_str(), component.as_str(), as_of.as_str());
        let fs = cache
            .entry((name, as_of))
            .or_insert_with(|| screen(name, as_of));
        let found = on(fs, component);
        let got = match found.as_slice() {
            [] => ("none".to_string(), String::new()),
            [f] => summary(f),
            many => (format!("{} findings", many.len()), String::new()),
        };
        if got != (code.clone(), bases.clone()) {
            failures.push(format!(
                "{name} {component} {as_of}:\n  expected {code} [{bases}]\n  got      {} [{}]",
                got.0, got.1
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn notes_of(name: &str, component: &str, as_of: &str) -> Vec<String> {
    let fs = screen(name, as_of);
    let found = on(&fs, component);
    assert_eq!(found.len(), 1, "{name} {component} {as_of}");
    found[0].notes.clone()
}

fn has(notes: &[String], start: &str) -> bool {
    notes.iter().any(|n| n.starts_with(start))
}

/// Item 1: an exclusion named in free text (the description) erases nothing.
#[test]
fn item_1_exclusions_match_identity_not_description() {
    // See: issue 11, item 1.
    for component in ["kes", "edr"] {
        let fs = screen("kaspersky-products", "2024-07-20");
        let f = on(&fs, component);
        assert_eq!(f[0].code.as_str(), "prohibited-ict", "{component}");
        assert!(!has(&f[0].notes, "excluded category"), "{:?}", f[0].notes);
    }
}

/// Item 2: one designation's exclusion leaves the others standing; BOD 17-01's apply.
#[test]
fn item_2_exclusions_apply_per_designation() {
    // See: issue 11, item 2.
    let fs = screen("kaspersky-products", "2024-07-20");
    let ti = on(&fs, "ti")[0];
    assert_eq!(summary(ti).0, "covered-list/high");
    let excluded: Vec<&str> = ti
        .legal_basis
        .iter()
        .filter(|b| b.status == BasisStatus::Excluded)
        .map(|b| b.reason.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(
        excluded,
        [
            "Kaspersky Threat Intelligence",
            "Kaspersky Threat Intelligence and Security Training"
        ]
    );
    // BOD 17-01 does not reach code embedded in other companies' products.
    let fs = screen("kaspersky-engine", "2017-09-13");
    assert!(on(&fs, "appliance").is_empty());
}

/// Item 3: scope review under every designation that has it; test-only Kaspresso integrates
/// nothing under sec. 1634; KasperskyOS ports are reviewed by purl.
#[test]
fn item_3_scope_review_everywhere() {
    // See: issue 11, item 3.
    let fs = screen("kaspresso-required", "2022-03-25");
    assert_eq!(
        summary(on(&fs, "kaspresso")[0]).0,
        "federal-use-restriction/medium"
    );
    let fs = screen("kaspresso-test", "2022-03-25");
    assert!(on(&fs, "app").is_empty());
    let fs = screen("kaspersky-products", "2024-07-20");
    let kos = on(&fs, "kos")[0];
    assert_eq!(
        kos.legal_basis
            .iter()
            .find(|b| b.list == "ICTS Final Determination")
            .unwrap()
            .status,
        BasisStatus::ScopeReview
    );
}

/// Item 4: a milestone's date is its first day; a third-party release on the cut-off day is
/// evidence of integration after it.
#[test]
fn item_4_the_cut_off_day_counts() {
    // See: issue 11, item 4.
    let fs = screen("kaspersky-products", "2024-09-29");
    let kes = on(&fs, "kes")[0];
    assert_eq!(summary(kes).0, "post-cutoff-update/critical");
    assert_eq!(kes.legal_basis[0].effective.as_deref(), Some("2024-09-29"));
    let fs = screen("kaspersky-engine-cutoff", "2024-09-29");
    assert_eq!(
        summary(on(&fs, "appliance")[0]).0,
        "post-cutoff-update/critical"
    );
}

/// Item 5: a designation without a start date is refused unless it says the date is unknown,
/// which findings then show.
#[test]
fn item_5_every_designation_has_a_start() {
    // See: issue 11, item 5.
    let file = |extra: &str| {
        format!(
            "[dataset]\nname = \"t\"\nversion = \"1\"\n\n[[entry]]\nid = \"acme\"\nname = \"Acme\"\nkind = \"company\"\n\n  [[entry.designation]]\n  list = \"dod-1260h\"\n  citation = \"x\"\n{extra}"
        )
    };
    let err = Watchlist::parse(&file(""), "user.toml").unwrap_err();
    let WatchlistError::Invalid { diagnostics, .. } = &err else {
        panic!("{err}")
    };
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code.as_str() == "missing-date"),
        "{err}"
    );
    Watchlist::parse(&file("  since-unknown = \"not sourced\"\n"), "user.toml").unwrap();
    assert!(screen("huawei", "2017-06-01").is_empty());
    let hms = notes_of("huawei", "hms", "2021-06-30");
    assert!(has(&hms, "DoD 1260H: start date unknown"), "{hms:?}");
}

/// Item 6: sec. 1634 reaches products developed "in whole or in part" by Kaspersky.
#[test]
fn item_6_section_1634_reaches_integrators() {
    // See: issue 11, item 6.
    let fs = screen("kaspersky-engine", "2018-10-01");
    let a = on(&fs, "appliance")[0];
    assert_eq!(summary(a).0, "federal-use-restriction/medium");
    assert!(
        has(
            &a.notes,
            "NDAA FY2018 sec. 1634: a federal use and procurement ban"
        ),
        "{:?}",
        a.notes
    );
}

/// Item 7: qualifiers reach integration findings and every format.
#[test]
fn item_7_qualifiers_reach_every_finding_and_format() {
    // See: issue 11, item 7.
    let conditional = "conditional scope: covered when used for public safety";
    assert!(has(
        &notes_of("hikvision", "vms", "2021-03-12"),
        conditional
    ));
    assert!(has(
        &notes_of("kaspersky-engine", "engine", "2024-07-20"),
        "the Final Determination prohibits Kaspersky's transactions"
    ));
    assert!(has(
        &notes_of("tencent", "rapidjson", "2025-01-07"),
        "a 1260H listing imposes no sanctions by itself"
    ));
    for format in ["markdown", "sarif", "table", "html", "json"] {
        let out = Command::cargo_bin("bomscreen")
            .unwrap()
            .args([
                "scan",
                fixture("hikvision").to_str().unwrap(),
                "--as-of",
                "2021-03-12",
                "--format",
                format,
                "--fail-on",
                "never",
            ])
            .env("COLUMNS", "400")
            .assert()
            .success();
        let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(text.contains(conditional), "{format}: {text}");
        assert!(text.contains(bomscreen::finding::DISCLAIMER), "{format}");
        assert!(
            text.contains("scope-review"),
            "{format}: statuses are shown"
        );
    }
}

/// Item 8: a 1260H listing has its own code; incorporation alone is a low signal.
#[test]
fn item_8_1260h_and_jurisdiction_alone() {
    // See: issue 11, item 8.
    let fs = screen("tencent", "2024-06-01");
    let f = on(&fs, "rapidjson")[0];
    assert_eq!(summary(f).0, "adversary-controlled-supplier/low");
    assert!(
        f.message.contains("subject to the jurisdiction of"),
        "{}",
        f.message
    );
    let fs = screen("dji", "2022-10-05");
    assert_eq!(summary(on(&fs, "dji")[0]).0, "dod-1260h-listing/low");
}

/// Item 9: a sold affiliate is someone else from its end date, alias inside its name or not.
#[test]
fn item_9_affiliate_end_dates() {
    // See: issue 11, item 9.
    assert!(on(&screen("dahua", "2024-01-31"), "usa").is_empty());
    assert!(on(&screen("dahua", "2022-11-24"), "lorex").is_empty());
    assert!(on(&screen("huawei", "2020-11-17"), "honor").is_empty());
}

/// Item 10: software outside a Covered List entry's equipment categories is a scope review.
#[test]
fn item_10_product_categories() {
    // See: issue 11, item 10.
    let fs = screen("huawei", "2021-03-12");
    let hms = on(&fs, "hms")[0];
    assert_eq!(summary(hms).0, "restricted-party/medium");
    let fcc = hms
        .legal_basis
        .iter()
        .find(|b| b.list == "FCC Covered List")
        .unwrap();
    assert_eq!(fcc.status, BasisStatus::ScopeReview);
    // DJI's entry covers "all associated software".
    assert_eq!(
        summary(on(&screen("dji", "2025-12-22"), "dji")[0]).0,
        "covered-list/high"
    );
}

/// Item 11: exemptions start on their date; sec. 889 exceptions for all five; unconfirmed
/// names are not aliases.
#[test]
fn item_11_data_consistency() {
    // See: issue 11, item 11.
    let uas = "exemption to check: UAS exemptions of 2026-01-07";
    assert!(!has(&notes_of("dji", "dji", "2025-12-22"), uas));
    assert!(!has(&notes_of("dji", "dji", "2026-01-06"), uas));
    assert!(has(&notes_of("dji", "dji", "2026-01-07"), uas));
    assert!(has(&notes_of("dji", "dji", "2026-12-31"), uas));
    assert!(!has(&notes_of("dji", "dji", "2027-01-01"), uas));
    let exception = "exemption to check: Interconnection and non-routing equipment";
    assert!(has(
        &notes_of("hikvision", "camera", "2021-03-12"),
        exception
    ));
    assert!(has(&notes_of("dahua", "usa", "2021-03-12"), exception));
    let fs = screen("unconfirmed-names", "2026-11-23");
    for (component, unconfirmed) in [
        ("kl", "АО «Лаборатория Касперского»"),
        ("hytera", "海能达通信股份有限公司"),
    ] {
        let f = on(&fs, component)[0];
        assert!(
            f.evidence.iter().all(|e| e.matched != unconfirmed),
            "{component}: {:?}",
            f.evidence
        );
    }
}

/// Every built-in designation, generically: a component supplied by the entry's legal name
/// (type and purl unknown, so no product category rules it out) is screened the day before and
/// the day of each start, end, milestone and exemption date, and that designation's basis must
/// say so: not yet in force, in force (citing the milestone reached), ended.
#[test]
fn every_builtin_designation_flips_on_its_own_dates() {
    let wl = watchlist::builtin();
    let dir = tempfile::tempdir().unwrap();
    let packages: Vec<serde_json::Value> = wl
        .entries
        .iter()
        .map(|e| {
            serde_json::json!({
                "SPDXID": format!("SPDXRef-{}", e.id),
                "name": "unit",
                "downloadLocation": "NOASSERTION",
                "supplier": format!("Organization: {}", e.name),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
        "name": "every-entry", "documentNamespace": "https://example.test/spdx/every-entry",
        "creationInfo": { "created": "2026-11-23T00:00:00Z", "creators": ["Tool: handmade"] },
        "packages": packages,
    });
    let path = dir.path().join("every-entry.spdx.json");
    std::fs::write(&path, serde_json::to_string(&doc).unwrap()).unwrap();
    let sbom = ingest::read(&path, &ReadOptions::default()).unwrap();
    let graph = DepGraph::build(&sbom);
    let prov = provenance::resolve(&sbom, &graph);
    let screener = Screener::new(wl);
    let mut checked = 0;
    let mut failures = Vec::new();
    for e in &wl.entries {
        for d in &e.designations {
            let mut dates: Vec<Date> = d.since.into_iter().chain(d.until).collect();
            dates.extend(d.milestones.iter().map(|m| m.date));
            for x in &d.exclusions {
                dates.extend(x.since.into_iter().chain(x.until));
            }
            for day in dates.iter().flat_map(|t| [t.yesterday().unwrap(), *t]) {
                let fs = screener.screen(&sbom, &graph, &prov, day);
                let basis = fs
                    .iter()
                    .filter(|f| {
                        f.component.id == format!("SPDXRef-{}", e.id) && f.entity.id == e.id
                    })
                    .flat_map(|f| &f.legal_basis)
                    .find(|b| b.list == d.list.title() && b.citation == d.citation);
                let before = d.since.is_some_and(|s| day < s);
                let ended = d.until.is_some_and(|u| day >= u);
                let expect = if before {
                    BasisStatus::NotYetInForce
                } else if ended {
                    BasisStatus::Ended
                } else {
                    BasisStatus::InForce
                };
                let milestone = d
                    .milestones
                    .iter()
                    .filter(|m| m.date <= day)
                    .max_by_key(|m| m.date)
                    .map(|m| m.name.clone());
                let ok = match basis {
                    // Nothing else applied that day, so there is no finding to list it on.
                    None => expect != BasisStatus::InForce,
                    Some(b) => {
                        b.status == expect
                            && (expect != BasisStatus::InForce || b.milestone == milestone)
                    }
                };
                if !ok {
                    failures.push(format!(
                        "{} {} on {day}: expected {expect:?} (milestone {milestone:?}), got {:?}",
                        e.id,
                        d.list,
                        basis.map(|b| (b.status, b.milestone.clone()))
                    ));
                }
                checked += 1;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 100, "{checked} checks");
}

/// Item 8, second half: only a cited source saying a foreign adversary owns, controls or
/// directs a company makes `adversary-controlled-supplier` more than a low signal.
#[test]
fn item_8_control_needs_a_cited_source() {
    // See: issue 11, item 8.
    let user = |control: &str| {
        format!(
            "[dataset]\nname = \"t\"\nversion = \"1\"\n\n[[entry]]\nid = \"acme-cn\"\nname = \"Acme Shenzhen Technology Co., Ltd.\"\nkind = \"company\"\njurisdiction = \"CN\"\n{control}"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let doc = serde_json::json!({
        "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
        "name": "acme", "documentNamespace": "https://example.test/spdx/acme",
        "creationInfo": { "created": "2026-11-23T00:00:00Z", "creators": ["Tool: handmade"] },
        "packages": [{ "SPDXID": "SPDXRef-acme", "name": "acme-sdk", "downloadLocation": "NOASSERTION",
                       "supplier": "Organization: Acme Shenzhen Technology Co., Ltd." }],
    });
    let path = dir.path().join("acme.spdx.json");
    std::fs::write(&path, serde_json::to_string(&doc).unwrap()).unwrap();
    let sbom = ingest::read(&path, &ReadOptions::default()).unwrap();
    let graph = DepGraph::build(&sbom);
    let prov = provenance::resolve(&sbom, &graph);
    let as_of: Date = "2026-11-23".parse().unwrap();
    for (control, severity, wording) in [
        ("", "low", "subject to the jurisdiction of"),
        (
            "adversary-control = \"a cited filing\"\n",
            "medium",
            "controlled by, or subject to the direction of",
        ),
    ] {
        // Merged with the built-in one, which names the foreign adversaries.
        let wl = Watchlist::merge(vec![
            watchlist::builtin().clone(),
            Watchlist::parse(&user(control), "user.toml").unwrap(),
        ])
        .unwrap();
        let fs = Screener::new(&wl).screen(&sbom, &graph, &prov, as_of);
        let f = on(&fs, "acme")[0];
        assert_eq!(
            summary(f).0,
            format!("adversary-controlled-supplier/{severity}")
        );
        assert!(f.message.contains(wording), "{}", f.message);
    }
}

/// Facts added from the legal review: Kaspersky binaries and drivers match case-insensitively
/// (Windows names vary in case), and the Mobile SDK's AAR artifacts by their name prefix.
#[test]
fn kaspersky_binaries_drivers_and_sdk_artifacts() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("driver", "KLIF.SYS"),
        ("agent", "klnagent.exe"),
        ("aar", "KL_Mobile_SDK_Android_5.18.0.215_FullRelease.aar"),
    ];
    let packages: Vec<serde_json::Value> = files
        .iter()
        .map(|(id, file)| {
            serde_json::json!({
                "SPDXID": format!("SPDXRef-{id}"), "name": format!("{id}-package"),
                "downloadLocation": "NOASSERTION", "packageFileName": file,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
        "name": "files", "documentNamespace": "https://example.test/spdx/files",
        "creationInfo": { "created": "2026-11-23T00:00:00Z", "creators": ["Tool: handmade"] },
        "packages": packages,
    });
    let path = dir.path().join("files.spdx.json");
    std::fs::write(&path, serde_json::to_string(&doc).unwrap()).unwrap();
    let sbom = ingest::read(&path, &ReadOptions::default()).unwrap();
    let graph = DepGraph::build(&sbom);
    let prov = provenance::resolve(&sbom, &graph);
    let fs = Screener::new(watchlist::builtin()).screen(
        &sbom,
        &graph,
        &prov,
        "2026-11-23".parse().unwrap(),
    );
    for (id, _) in files {
        let f = on(&fs, id);
        assert_eq!(f.len(), 1, "{id}");
        assert_eq!(f[0].entity.id, "kaspersky", "{id}");
        assert!(
            f[0].evidence
                .iter()
                .any(|e| e.matcher.starts_with("file-name")),
            "{id}: {:?}",
            f[0].evidence
        );
    }
}
