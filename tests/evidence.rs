//! Issue 12: the evidence SBOMs already carry. Each fixture under `tests/fixtures/evidence/` is
//! in the shape a generator writes (syft, trivy, cdxgen, an osquery-based Windows inventory,
//! CycloneDX services and evidence, SPDX files in JSON and YAML), with one clue as the only link
//! to a watched company; its `.clean` twin differs only in that clue. The findings of every
//! flagged file are one reviewed snapshot (`evidence__findings.snap`); every twin is clean.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const DIR: &str = "tests/fixtures/evidence";
const AS_OF: &str = "2026-11-23";

/// `bomscreen scan FILE --format json` from the repository root: (exit code, report).
fn scan(file: &str, format: &str) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_bomscreen"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["scan", file, "--format", format, "--no-progress"])
        .args(["--as-of", AS_OF])
        .output()
        .expect("the bomscreen binary runs");
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{file}: {e}\n{}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), report)
}

/// Every fixture file, flagged ones and clean twins, sorted.
fn fixtures() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR);
    let mut files: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .map(|n| format!("{DIR}/{n}"))
        .collect();
    files.sort();
    files
}

/// One line per finding: what a reviewer needs to see that the right clue was found, and only
/// it: code, severity, component, the evidence that decided it (field, value, matcher) and line.
fn lines(file: &str, report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let e = &f["evidence"][0];
            format!(
                "{file}: {} {} {:?}{} line {} | {} = {:?} ({})",
                f["code"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["component"]["name"].as_str().unwrap(),
                if f["component"]["service"] == true {
                    " (service)"
                } else {
                    ""
                },
                f["component"]["location"]["line"],
                e["field"].as_str().unwrap_or_default(),
                e["value"].as_str().unwrap_or_default(),
                e["matcher"].as_str().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn each_clue_is_found_with_the_field_it_came_from_and_each_twin_is_clean() {
    let mut all = Vec::new();
    for file in fixtures() {
        let (code, report) = scan(&file, "json");
        if file.contains(".clean.") {
            assert_eq!(
                report["findings"].as_array().map(Vec::len),
                Some(0),
                "{file}: {:#}",
                report["findings"]
            );
            assert_eq!(code, 0, "{file}");
        } else {
            all.extend(lines(&file, &report));
        }
    }
    insta::with_settings!({prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!("evidence__findings", all.join("\n"));
    });
}

/// CycloneDX 1.6 changed what `metadata.manufacturer` means: the BOM's creator, not the maker
/// of the product (`metadata.manufacture` up to 1.5, `metadata.component.manufacturer` from 1.6).
#[test]
fn metadata_roles_follow_the_spec_version() {
    let product = |file: &str| {
        let (_, report) = scan(&format!("{DIR}/{file}"), "json");
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["component"]["name"] == "Contoso Secure Gateway")
            .map(|f| {
                (
                    f["code"].as_str().unwrap().to_string(),
                    f["evidence"][0]["field"].as_str().unwrap().to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    let made_by = (
        "prohibited-ict".to_string(),
        "manufacturer.name".to_string(),
    );
    assert_eq!(
        product("metadata-roles-1.5.cdx.json"),
        vec![made_by.clone()]
    );
    assert_eq!(product("metadata-roles-1.6.cdx.json"), vec![]);
    assert_eq!(
        product("metadata-roles-1.6-product.cdx.json"),
        vec![made_by]
    );
}

/// A webmail author (`ivan.petrov@yandex.ru` on an npm package) is no jurisdiction signal; a
/// named supplier's address, web site and company e-mail are.
#[test]
fn jurisdiction_signals_come_from_organisations_not_webmail_authors() {
    let (code, report) = scan(&format!("{DIR}/jurisdiction.cdx.json"), "json");
    assert_eq!(code, 0, "low signals do not fail the default policy");
    let mut signals: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["code"], "adversary-jurisdiction-signal");
            assert_eq!(f["severity"], "low");
            (
                f["component"]["name"].as_str().unwrap().to_string(),
                f["evidence"][0]["field"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    signals.sort();
    let expected = [
        ("kappa-image-codec", "supplier.email"),
        ("omega-pdf-render", "supplier.url"),
        ("zeta-tunnel-sdk", "supplier.address.country"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(signals, expected);
}

/// Findings in SPDX YAML carry the line of their element, as in every other format, and SARIF
/// places its result there.
#[test]
fn findings_in_spdx_yaml_land_on_a_line() {
    let file = format!("{DIR}/spdx-files.spdx.yaml");
    let (_, report) = scan(&file, "json");
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&file)).unwrap();
    let own = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "prohibited-ict")
        .expect("the file under a Kaspersky directory is flagged");
    let line = own["component"]["location"]["line"].as_u64().unwrap() as usize;
    let at = text.lines().nth(line - 1).unwrap();
    assert!(
        at.trim_start().starts_with("- ") && at.contains("SPDXRef-File-2"),
        "line {line} is {at:?}"
    );
    let (_, sarif) = scan(&file, "sarif");
    let lines: Vec<u64> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64())
        .collect();
    assert!(lines.contains(&(line as u64)), "{lines:?}");
    assert_eq!(
        lines.len(),
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        "every result has a line"
    );
}

/// Services, evidence entries and understood properties round-trip through
/// `inspect --format json`.
#[test]
fn inspect_counts_services_evidence_and_understood_properties() {
    let mut rows = Vec::new();
    for name in [
        "services-ksn.cdx.json",
        "services-ksn.cdx.xml",
        "cdxgen-evidence.cdx.json",
        "cdxgen-evidence.cdx.xml",
        "syft-path.cdx.json",
        "trivy-path.cdx.json",
        "windows-signer.cdx.json",
        "spdx-files.spdx.json",
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_bomscreen"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["inspect", &format!("{DIR}/{name}"), "--format", "json"])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        rows.push(format!(
            "{name}: services {} evidence {} {} properties {} understood {} {}",
            v["services"],
            v["evidence"]["entries"],
            v["evidence"]["by_kind"],
            v["properties"]["total"],
            v["properties"]["understood"],
            v["properties"]["by_source"]
        ));
    }
    insta::with_settings!({prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!("evidence__inspect", rows.join("\n"));
    });
}

/// Every property name bomscreen understands has its row in the README's table, and the kind
/// the table gives agrees with the code.
#[test]
fn the_readme_lists_every_understood_property() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for (name, kind, source) in bomscreen::model::understood_names() {
        let row = readme
            .lines()
            .find(|l| l.starts_with('|') && l.contains(&format!("`{name}`")))
            .unwrap_or_else(|| panic!("README has no row for the property {name}"));
        assert!(row.contains(source.split(' ').next().unwrap()), "{row}");
        let word = match kind {
            bomscreen::model::ObservationKind::Layer => "image layer",
            bomscreen::model::ObservationKind::PackageManager => "package manager",
            bomscreen::model::ObservationKind::Identity => "CPE",
            bomscreen::model::ObservationKind::Module => "modules",
            bomscreen::model::ObservationKind::Signer => "code-signing subject",
            bomscreen::model::ObservationKind::Vendor => "vendor name",
            bomscreen::model::ObservationKind::Symbol => "symbol",
            bomscreen::model::ObservationKind::Endpoint => "endpoint",
            bomscreen::model::ObservationKind::Text => "free text",
            _ => "path",
        };
        assert!(row.contains(word), "{name}: {row}");
    }
}
