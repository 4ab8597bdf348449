//! `bomscreen scan` end to end, as users run it: every report format, exit codes, policy files
//! (bad ones, waivers valid / expired / unused), folders of mixed files, stdin, an unreadable
//! file among readable ones, and SARIF from real corpus SBOMs validated against the official
//! schema. See: issue 5 ("`bomscreen scan`: policy, reports, exit codes").

use crate::common;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const FIREWALL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/firewall-image.cdx.json"
);
const WEB: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/web-service.spdx.json");
const AS_OF: &str = "2026-11-23";

/// The binary, run in a scratch directory so that no ./bomscreen.toml is picked up by accident.
fn scan(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("bomscreen").unwrap();
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .args(["scan", "--as-of", AS_OF, "--no-progress"]);
    cmd
}

fn json_report(dir: &Path, args: &[&str], code: i32) -> Value {
    let out = scan(dir)
        .args(args)
        .args(["--format", "json"])
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("the JSON report parses")
}

#[test]
fn white_labeled_kaspersky_engine_fails_the_run_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let report = json_report(dir.path(), &[FIREWALL], 1);
    assert_eq!(report["verdict"], "failed");
    assert_eq!(report["as_of"], AS_OF);
    assert!(
        report["watchlist"]["version"]
            .as_str()
            .is_some_and(|v| !v.is_empty())
    );
    let findings = report["findings"].as_array().unwrap();
    let engine = findings
        .iter()
        .find(|f| f["code"] == "prohibited-ict" && f["component"]["ref"] == "avscan-engine")
        .expect("the engine itself is flagged");
    assert_eq!(engine["entity"]["id"], "kaspersky");
    assert_eq!(engine["severity"], "high");
    assert_eq!(
        engine["path"],
        serde_json::json!([
            "secureedge-fw",
            "secureedge-os",
            "threat-shield",
            "avscan-engine"
        ])
    );
    assert!(
        engine["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"].as_str().is_some_and(|f| f.contains("copyright")))
    );
    let shield = findings
        .iter()
        .find(|f| {
            f["code"] == "integrated-prohibited-ict" && f["component"]["ref"] == "threat-shield"
        })
        .expect("the OEM module integrating it is flagged");
    assert!(
        shield["message"].as_str().unwrap().contains("Contoso"),
        "{}",
        shield["message"]
    );
    assert!(findings.iter().all(|f| {
        f["document"]
            .as_str()
            .unwrap()
            .ends_with("firewall-image.cdx.json")
    }));
}

#[test]
fn a_clean_sbom_passes_with_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let report = json_report(dir.path(), &[WEB], 0);
    assert_eq!(report["verdict"], "passed");
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
    assert_eq!(report["documents"][0]["components"], 4);
}

#[test]
fn every_format_renders_and_several_can_be_written_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let table = scan(d)
        .arg(FIREWALL)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(table).unwrap();
    assert!(
        table.contains("prohibited-ict") && table.contains("avscan-engine"),
        "{table}"
    );
    assert!(
        !table.contains('\u{1b}'),
        "no colour when not on a terminal"
    );
    scan(d)
        .arg(FIREWALL)
        .args([
            "--output",
            "sarif=out.sarif",
            "--output",
            "markdown=summary.md",
            "-o",
            "html=report.html",
            "-o",
            "json=report.json",
            "-o",
            "github=annotations.txt",
            "-o",
            "cyclonedx=screened.cdx.json",
        ])
        .assert()
        .code(1);
    let md = std::fs::read_to_string(d.join("summary.md")).unwrap();
    assert!(
        md.contains("integrated-prohibited-ict") && md.contains("failed"),
        "{md}"
    );
    let html = std::fs::read_to_string(d.join("report.html")).unwrap();
    assert!(
        html.contains("<svg") && html.contains("avscan-engine"),
        "the flagged path is drawn"
    );
    assert!(
        !html.contains("<script") && !html.contains("src=\"http"),
        "self-contained, no network"
    );
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("out.sarif")).unwrap()).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"].as_str().unwrap().starts_with("prohibited-ict/"))
        .expect("a SARIF result for the engine");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 42, "the engine's line in the sample");
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("report.json")).unwrap()).unwrap();
    assert_eq!(json["verdict"], "failed");
    let annotations = std::fs::read_to_string(d.join("annotations.txt")).unwrap();
    assert_eq!(
        annotations.lines().count(),
        json["findings"].as_array().unwrap().len()
    );
    assert!(annotations.contains(&format!(
        "::error file={FIREWALL},line=42,title=prohibited-ict (high)::"
    )));
    let bom: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("screened.cdx.json")).unwrap())
            .unwrap();
    assert_eq!(
        bom["annotations"].as_array().unwrap().len(),
        json["findings"].as_array().unwrap().len()
    );
}

#[test]
fn output_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let run = || {
        scan(dir.path())
            .args([FIREWALL, WEB, "--format", "sarif"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone()
    };
    assert_eq!(run(), run());
}

#[test]
fn fail_on_and_as_of_flags() {
    let dir = tempfile::tempdir().unwrap();
    scan(dir.path())
        .args([FIREWALL, "--fail-on", "never"])
        .assert()
        .code(0);
    scan(dir.path())
        .args([FIREWALL, "--fail-on", "critical"])
        .assert()
        .code(0);
    scan(dir.path())
        .args([FIREWALL, "--fail-on", "sometimes"])
        .assert()
        .code(2);
    scan(dir.path())
        .args([FIREWALL, "--as-of", "23/11/2026"])
        .assert()
        .code(2);
    // Before the determination took effect there is no prohibited-ict.
    let before = json_report(dir.path(), &[FIREWALL, "--as-of", "2024-01-01"], 1);
    let codes: Vec<&str> = before["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(!codes.contains(&"prohibited-ict"), "{codes:?}");
}

#[test]
fn a_bad_policy_file_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bomscreen.toml"),
        "fail-on = \"high\"\n[severity]\nprohibited-ict = \"severe\"\n[[waiver]]\ncomponent = \"avscan-engine\"\n",
    )
    .unwrap();
    let out = scan(dir.path())
        .arg(FIREWALL)
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8_lossy(&out);
    assert!(stderr.contains("bomscreen.toml:3:"), "{stderr}");
    assert!(
        stderr.contains("reason"),
        "the missing waiver reason is reported too: {stderr}"
    );
}

#[test]
fn waivers_valid_expired_and_unused() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(
        &policy,
        r#"
[[waiver]]
component = "avscan-engine"
entity = "kaspersky"
reason = "engine removed in 7.3; tracked in SEC-1234"
until = "2027-06-30"

[[waiver]]
name = "busybox"
reason = "was a false positive in 2025"
until = "2025-01-01"

[[waiver]]
component = "pkg:npm/left-pad@*"
reason = "never matches anything here"
"#,
    )
    .unwrap();
    let policy = policy.to_str().unwrap();
    let assert = scan(dir.path())
        .args([FIREWALL, "--policy", policy, "--format", "json"])
        .assert()
        .code(0);
    let out = assert.get_output();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["verdict"], "passed",
        "the engine and what integrates it are waived"
    );
    assert!(report["counts"]["waived"].as_u64().unwrap() >= 2);
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"expired-waiver"), "{codes:?}");
    assert!(codes.contains(&"unused-waiver"), "{codes:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("policy.toml:9:") || stderr.contains("policy.toml:8:"),
        "{stderr}"
    );
}

#[test]
fn a_folder_of_mixed_files_is_walked_and_non_sboms_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("suppliers");
    std::fs::create_dir_all(d.join("vendor-a")).unwrap();
    std::fs::create_dir_all(d.join(".git")).unwrap();
    std::fs::copy(FIREWALL, d.join("vendor-a/fw.json")).unwrap();
    std::fs::copy(WEB, d.join("web.spdx.json")).unwrap();
    std::fs::write(d.join("README.md"), "# supplier SBOMs\n").unwrap();
    std::fs::write(d.join(".git/config"), "[core]\n").unwrap();
    let out = scan(dir.path())
        .args(["suppliers", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["source"].as_str())
        .collect();
    assert_eq!(
        docs,
        vec!["suppliers/vendor-a/fw.json", "suppliers/web.spdx.json"]
    );
    // The README is skipped and the hidden .git folder is not walked; both are said.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("skipped suppliers/README.md: not an SBOM: found text"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped suppliers/.git: hidden folder, not walked"),
        "{stderr}"
    );
    assert_eq!(report["skipped"].as_array().unwrap().len(), 2);
}

#[test]
fn stdin_is_scanned_with_a_dash() {
    let dir = tempfile::tempdir().unwrap();
    let out = scan(dir.path())
        .args(["-", "--format", "json"])
        .write_stdin(std::fs::read(FIREWALL).unwrap())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["documents"][0]["source"], "<stdin>");
}

#[test]
fn an_unreadable_file_among_readable_ones_makes_the_run_exit_2_after_reporting_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.cdx.json");
    std::fs::write(
        &broken,
        "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": [",
    )
    .unwrap();
    let out = scan(dir.path())
        .args([WEB, "broken.cdx.json", "--format", "json"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["verdict"], "error");
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    let bad = docs
        .iter()
        .find(|d| d["source"] == "broken.cdx.json")
        .unwrap();
    assert!(
        bad["error"].as_str().unwrap().contains("syntax error"),
        "{bad}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.cdx.json:1:"));
    // A named path that does not exist is the same: never a silent pass.
    scan(dir.path())
        .args([WEB, "missing.json"])
        .assert()
        .code(2);
}

#[test]
fn json_report_validates_against_its_schema() {
    let dir = tempfile::tempdir().unwrap();
    let schema: Value =
        serde_json::from_str(include_str!("../schemas/report.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for args in [vec![FIREWALL], vec![WEB], vec![FIREWALL, WEB]] {
        let code = if args.contains(&FIREWALL) { 1 } else { 0 };
        let report = json_report(dir.path(), &args, code);
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn sarif_of_corpus_sboms_validates_against_the_official_schema() {
    let Some(root) = common::corpus() else { return };
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("schemas/sarif/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = [
        "wild/bom-examples/SBOM/dropwizard-1.3.15/bom.xml",
        "wild/bom-shelter/in-the-wild/spdx/microsoft-sbom-tool.spdx.json",
        "firmware/freertos-kernel-V11.2.0/sbom.spdx",
        "firmware/stm32cubeh7-blackduck/sbom_cdx.json",
    ];
    let mut checked = 0;
    for f in files {
        let path = root.join(f);
        let out = scan(dir.path())
            .arg(&path)
            .args([FIREWALL, "--format", "sarif"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let sarif: Value = serde_json::from_slice(&out).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{f}: {errors:#?}");
        checked += 1;
    }
    assert_eq!(checked, files.len());
}

/// Every file of the wild corpus is accounted for: each SBOM is read; the three JSON files named
/// like SBOMs that are not (scanoss and other tools' output, `not-sbom` in the manifest) are
/// reported as unreadable, so the run ends in exit 2 rather than passing them over (issue 13);
/// everything else is listed as skipped, with the reason.
#[test]
fn scanning_the_whole_wild_corpus_finishes_with_a_summary_per_document() {
    let Some(root) = common::corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = scan(dir.path())
        .arg(root.join("wild"))
        .args(["--format", "json"])
        .assert()
        .get_output()
        .clone();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let manifest = common::manifest(&root);
    let expected = manifest
        .iter()
        .filter(|e| e.path.starts_with("wild/") && (e.format == "cyclonedx" || e.format == "spdx"))
        .count();
    let named_like_sboms: Vec<String> = manifest
        .iter()
        .filter(|e| {
            e.path.starts_with("wild/")
                && e.format == "not-sbom"
                && bomscreen::analysis::named_like_sbom(Path::new(&e.path))
        })
        .map(|e| root.join(&e.path).display().to_string())
        .collect();
    assert_eq!(named_like_sboms.len(), 3, "{named_like_sboms:?}");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let documents = report["documents"].as_array().unwrap();
    assert_eq!(documents.len(), expected + named_like_sboms.len());
    let mut unreadable = Vec::new();
    for d in documents {
        match d["error"].as_str() {
            Some(e) => {
                assert!(e.contains("not an SBOM"), "{d}");
                unreadable.push(d["source"].as_str().unwrap().to_string());
            }
            None => assert!(d["format"].as_str().is_some()),
        }
    }
    unreadable.sort();
    let mut named = named_like_sboms.clone();
    named.sort();
    assert_eq!(unreadable, named);
    // Nothing found is passed over in silence: the rest is listed as skipped, with a reason.
    for s in report["skipped"].as_array().unwrap() {
        assert!(!s["reason"].as_str().unwrap().is_empty(), "{s}");
    }
}

/// `[require]` (issue 14): a document that declares too little provenance gets an
/// `insufficient-provenance` finding that fails the run at the default `fail-on`; one that
/// declares enough does not.
#[test]
fn a_policy_can_require_declared_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("bomscreen.toml");
    let run = |toml: &str, sbom: &str| {
        std::fs::write(&policy, toml).unwrap();
        let out = scan(dir.path())
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(sbom))
            .args(["--policy"])
            .arg(&policy)
            .args(["--format", "json", "--as-of", "2026-11-23"])
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let own: Vec<Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "insufficient-provenance")
            .cloned()
            .collect();
        (out.status.code(), own)
    };
    // The web service declares a supplier for 1 of its 4 components (25%).
    let (code, own) = run(
        "[require]\nsupplier-coverage = 80\n",
        "samples/web-service.spdx.json",
    );
    assert_eq!(code, Some(1));
    assert_eq!(own.len(), 1, "{own:?}");
    assert_eq!(own[0]["severity"], "high");
    assert_eq!(own[0]["evidence"][0]["field"], "supplier-coverage");
    assert!(
        own[0]["message"]
            .as_str()
            .unwrap()
            .contains("1 of 4 components (25%)"),
        "{}",
        own[0]["message"]
    );
    let (code, own) = run(
        "[require]\nsupplier-coverage = 25\nproduct-supplier = true\n",
        "samples/web-service.spdx.json",
    );
    assert_eq!((code, own.len()), (Some(0), 0), "{own:?}");
    // Its severity is the policy's to set, like any code's.
    let (code, own) = run(
        "[require]\nsupplier-coverage = 80\n[severity]\ninsufficient-provenance = \"low\"\n",
        "samples/web-service.spdx.json",
    );
    assert_eq!((code, own[0]["severity"].as_str()), (Some(0), Some("low")));
    // A bad value is a policy error naming the key.
    std::fs::write(&policy, "[require]\nsupplier-coverage = 120\n").unwrap();
    let out = scan(dir.path())
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/web-service.spdx.json"))
        .arg("--policy")
        .arg(&policy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("supplier-coverage"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
