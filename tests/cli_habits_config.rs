//! The habits Trivy, Grype and cargo-deny users bring (issue 14), part two: `BOMSCREEN_*`
//! environment variables (a flag wins; a bad value names the variable), `bomscreen init`, and
//! `diff -o FORMAT=PATH` with SARIF for the new findings. Every test runs the real binary.

use std::path::Path;

use serde_json::Value;

use crate::cli_habits::{CLEAN, NEW, SAMPLE, WARNS, bomscreen, manifest, text};
use crate::common;

// ---------------------------------------------------------------------------------------------
// Environment variables

#[test]
fn fail_on_from_the_environment_and_the_flag_wins() {
    bomscreen().args(["scan", SAMPLE]).assert().code(1);
    bomscreen()
        .env("BOMSCREEN_FAIL_ON", "never")
        .args(["scan", SAMPLE])
        .assert()
        .code(0);
    bomscreen()
        .env("BOMSCREEN_FAIL_ON", "never")
        .args(["scan", SAMPLE, "--fail-on", "high"])
        .assert()
        .code(1);
    bomscreen()
        .env("BOMSCREEN_FAIL_ON", "never")
        .args(["diff", SAMPLE, NEW, "--fail-on", "info"])
        .assert()
        .code(1);
    bomscreen()
        .env("BOMSCREEN_FAIL_ON", "never")
        .args(["diff", SAMPLE, NEW, "--as-of", "2026-11-23"])
        .assert()
        .code(0);
}

#[test]
fn an_invalid_environment_value_is_a_usage_error_that_names_the_variable() {
    for (var, value) in [
        ("BOMSCREEN_FAIL_ON", "severe"),
        ("BOMSCREEN_FORMAT", "pdf"),
        ("BOMSCREEN_AS_OF", "2026-13-01"),
        ("BOMSCREEN_COLOR", "blue"),
        ("BOMSCREEN_STRICT", "maybe"),
    ] {
        let out = bomscreen()
            .env(var, value)
            .args(["scan", SAMPLE])
            .assert()
            .code(2);
        let stderr = text(&out.get_output().stderr);
        assert!(
            stderr.contains(&format!("invalid value '{value}'")),
            "{var}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("environment variable {var}")),
            "{var}: {stderr}"
        );
        assert!(out.get_output().stdout.is_empty());
    }
    // A bad value on the command line is not blamed on the environment.
    let out = bomscreen()
        .env("BOMSCREEN_FAIL_ON", "severe")
        .args(["scan", SAMPLE, "--fail-on", "severe"])
        .assert()
        .code(2);
    assert!(!text(&out.get_output().stderr).contains("environment variable"));
}

#[test]
fn format_policy_as_of_and_strict_from_the_environment() {
    let out = bomscreen()
        .env("BOMSCREEN_FORMAT", "json")
        .env("BOMSCREEN_AS_OF", "2025-01-02")
        .args(["scan", SAMPLE])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    assert_eq!(json["as_of"], "2025-01-02");
    // The flag wins.
    let out = bomscreen()
        .env("BOMSCREEN_FORMAT", "json")
        .args(["scan", SAMPLE, "--format", "markdown"])
        .output()
        .unwrap();
    assert!(serde_json::from_slice::<Value>(&out.stdout).is_err());

    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("report-only.toml");
    std::fs::write(&policy, "fail-on = \"never\"\n").unwrap();
    bomscreen()
        .env("BOMSCREEN_POLICY", &policy)
        .args(["scan", SAMPLE])
        .assert()
        .code(0);

    let warns = dir.path().join("warns.cdx.json");
    std::fs::write(&warns, WARNS).unwrap();
    bomscreen().args(["scan"]).arg(&warns).assert().code(0);
    for yes in ["true", "1", "yes"] {
        bomscreen()
            .env("BOMSCREEN_STRICT", yes)
            .args(["scan"])
            .arg(&warns)
            .assert()
            .code(2);
    }
    bomscreen()
        .env("BOMSCREEN_STRICT", "false")
        .args(["inspect"])
        .arg(&warns)
        .assert()
        .code(0);
}

#[test]
fn watchlists_from_the_environment_are_a_path_list() {
    let dir = tempfile::tempdir().unwrap();
    let user = std::fs::read_to_string(manifest("tests/fixtures/watchlist/user.toml")).unwrap();
    let other = user
        .replace("id = \"example-holdings\"", "id = \"other-holdings\"")
        .replace("acme internal list", "acme second list");
    let (a, b) = (dir.path().join("a.toml"), dir.path().join("b.toml"));
    std::fs::write(&a, &user).unwrap();
    std::fs::write(&b, other).unwrap();
    let list = std::env::join_paths([&a, &b]).unwrap();
    let ids = |extra: &[&Path]| -> Vec<String> {
        let mut c = bomscreen();
        c.env("BOMSCREEN_WATCHLIST", &list).args([
            "watchlist",
            "list",
            "--no-builtin",
            "--format",
            "json",
        ]);
        for p in extra {
            c.arg("--watchlist").arg(p);
        }
        let out = c.output().unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
            panic!("{}", text(&out.stderr));
        });
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&[]), ["example-holdings", "other-holdings"]);
    // --watchlist wins over the variable.
    assert_eq!(ids(&[&b]), ["other-holdings"]);
}

// ---------------------------------------------------------------------------------------------
// init

#[test]
fn init_writes_a_starter_policy_that_scan_accepts_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let init = || {
        let mut c = bomscreen();
        c.current_dir(dir.path()).arg("init");
        c
    };
    let out = init().assert().success();
    assert!(text(&out.get_output().stderr).contains("wrote bomscreen.toml"));
    let path = dir.path().join("bomscreen.toml");
    let written = std::fs::read_to_string(&path).unwrap();

    // Every key at its default: every code listed with its default severity, no waiver.
    let p = bomscreen::policy::load(&path).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(p.fail_on, bomscreen::policy::FailOn::default());
    assert_eq!(p.scope, bomscreen::policy::ScopeMode::default());
    assert_eq!(
        p.watchlist_max_age_days,
        bomscreen::policy::WATCHLIST_MAX_AGE_DAYS
    );
    for c in bomscreen::finding::Code::ALL {
        assert_eq!(p.severity.get(&c), Some(&c.default_severity()), "{c}");
    }
    assert!(p.waivers.is_empty());
    // The commented example waiver is a valid one once uncommented.
    let start = written.find("\n# [[waiver]]\n").expect("an example waiver") + 1;
    let uncommented = format!(
        "{}{}",
        &written[..start],
        written[start..]
            .replace("\n# ", "\n")
            .trim_start_matches("# ")
    );
    let example = dir.path().join("example.toml");
    std::fs::write(&example, uncommented).unwrap();
    let p = bomscreen::policy::load(&example).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(p.waivers.len(), 1);
    // Its comments explain each section.
    for section in [
        "fail-on",
        "[severity]",
        "[scope]",
        "[watchlist]",
        "[[waiver]]",
    ] {
        assert!(written.contains(&format!("# {section}")), "{section}");
    }

    // `scan --policy` accepts it, and judges exactly as the built-in default.
    let sample = manifest(SAMPLE);
    let json = |policy: Option<&Path>| {
        let mut c = bomscreen();
        c.arg("scan")
            .arg(&sample)
            .args(["--as-of", "2026-11-23", "--format", "json"]);
        if let Some(p) = policy {
            c.arg("--policy").arg(p);
        }
        let out = c.assert().code(1);
        let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        (v["findings"].clone(), v["diagnostics"].clone())
    };
    assert_eq!(json(Some(&path)), json(None));
    // And finds it in the current directory.
    let out = bomscreen()
        .current_dir(dir.path())
        .arg("scan")
        .arg(&sample)
        .args(["--format", "json"])
        .assert()
        .code(1);
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let policy = v["policy"].as_str().expect("a policy file was applied");
    assert!(policy.ends_with("bomscreen.toml"), "{policy}");

    // A second init refuses, and leaves the (edited) file alone.
    std::fs::write(&path, "fail-on = \"never\"\n").unwrap();
    let out = init().assert().code(2);
    let stderr = text(&out.get_output().stderr);
    assert!(stderr.contains("bomscreen.toml already exists"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "fail-on = \"never\"\n"
    );
    init().arg("--force").assert().success();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), written);

    // --output names another file; `-` prints it.
    init()
        .args(["--output", "policies/strict.toml"])
        .assert()
        .code(2);
    std::fs::create_dir(dir.path().join("policies")).unwrap();
    init()
        .args(["-o", "policies/strict.toml", "-q"])
        .assert()
        .success()
        .stderr("");
    let printed = init().args(["--output", "-"]).assert().success();
    assert_eq!(text(&printed.get_output().stdout), written);
}

#[test]
fn the_starter_policy_is_valid_against_the_policy_schema() {
    let dir = tempfile::tempdir().unwrap();
    bomscreen()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.path().join("bomscreen.toml")).unwrap();
    let value: Value = toml::from_str(&text).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(manifest("schemas/policy.schema.json")).unwrap(),
    )
    .unwrap();
    assert!(jsonschema::validator_for(&schema).unwrap().is_valid(&value));
}

// ---------------------------------------------------------------------------------------------
// diff -o and SARIF

#[test]
fn diff_writes_reports_to_files_and_sarif_holds_the_new_findings_only() {
    let dir = tempfile::tempdir().unwrap();
    let (sarif, json, md, table) = (
        dir.path().join("new.sarif"),
        dir.path().join("diff.json"),
        dir.path().join("diff.md"),
        dir.path().join("diff.txt"),
    );
    let out = bomscreen()
        .args(["diff", SAMPLE, NEW, "--as-of", "2026-11-23"])
        .arg("-o")
        .arg(format!("sarif={}", sarif.display()))
        .arg("--output")
        .arg(format!("json={}", json.display()))
        .arg("-o")
        .arg(format!("markdown={}", md.display()))
        .arg("-o")
        .arg(format!("table={}", table.display()))
        .assert()
        .code(0);
    let stdout = text(&out.get_output().stdout);
    assert!(stdout.contains("new findings (1)"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&table).unwrap(), stdout);
    let diff: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(diff["findings"]["new"].as_array().unwrap().len(), 1);
    assert!(std::fs::read_to_string(&md).unwrap().contains("| "));

    let log: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let new: Vec<(&str, &str)> = results
        .iter()
        .map(|r| {
            (
                // Rule ids are CODE/SEVERITY/PRECISION, so GitHub shows each result's severity.
                r["ruleId"].as_str().unwrap().split('/').next().unwrap(),
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap(),
            )
        })
        .collect();
    assert_eq!(new, [("restricted-party", NEW)]);
    assert_eq!(log["runs"][0]["properties"]["verdict"], "passed");

    // The same on standard output; a failing new finding fails the run and the SARIF says so.
    let out = bomscreen()
        .args([
            "diff",
            SAMPLE,
            NEW,
            "--as-of",
            "2026-11-23",
            "--format",
            "sarif",
        ])
        .args(["--fail-on", "medium"])
        .assert()
        .code(1);
    let log: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 1);
    assert_eq!(log["runs"][0]["properties"]["verdict"], "failed");
    // Nothing new: an empty result list, still a valid log.
    let out = bomscreen()
        .args([
            "diff",
            NEW,
            NEW,
            "--as-of",
            "2026-11-23",
            "--format",
            "sarif",
        ])
        .assert()
        .code(0);
    let same: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(same["runs"][0]["results"], serde_json::json!([]));

    if let Some(corpus) = common::corpus() {
        let schema: Value = serde_json::from_str(
            &std::fs::read_to_string(corpus.join("schemas/sarif/sarif-schema-2.1.0.json")).unwrap(),
        )
        .unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        for v in [&log, &same] {
            let errors: Vec<String> = validator.iter_errors(v).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{errors:?}");
        }
    }
}

#[test]
fn diff_output_specs_are_checked() {
    for (spec, message) in [
        ("html=x.html", "unknown diff format \"html\""),
        ("sarif", "expected FORMAT=PATH"),
        ("sarif=", "expected a file path"),
    ] {
        let out = bomscreen()
            .args(["diff", SAMPLE, NEW, "-o", spec])
            .assert()
            .code(2);
        let stderr = text(&out.get_output().stderr);
        assert!(stderr.contains(message), "{spec}: {stderr}");
    }
    let out = bomscreen()
        .args(["diff", SAMPLE, NEW, "-o", "sarif=/no-such-dir/x.sarif"])
        .assert()
        .code(2);
    assert!(text(&out.get_output().stderr).contains("cannot write the sarif diff"));
    // The clean sample has no findings; a diff against it resolves them all.
    bomscreen()
        .args(["diff", SAMPLE, CLEAN, "--format", "sarif"])
        .assert()
        .code(0);
}

#[test]
fn the_readme_documents_every_variable_and_habit() {
    let readme = std::fs::read_to_string(manifest("README.md")).unwrap();
    for var in [
        "BOMSCREEN_FAIL_ON",
        "BOMSCREEN_FORMAT",
        "BOMSCREEN_POLICY",
        "BOMSCREEN_AS_OF",
        "BOMSCREEN_WATCHLIST",
        "BOMSCREEN_COLOR",
        "BOMSCREEN_STRICT",
    ] {
        assert!(readme.contains(&format!("| `{var}` |")), "{var}");
    }
    for habit in [
        "### Shell completions, man page and environment",
        "bomscreen init",
        "bomscreen completions bash",
        "bomscreen man",
        "`-q, --quiet`",
        "`-v, --verbose`",
        "`--color auto\\|always\\|never`",
        "-o sarif=",
    ] {
        assert!(readme.contains(habit), "{habit}");
    }
}
