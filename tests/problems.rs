//! Problems in an SBOM reported the same way by every command: dangling references and
//! duplicate ids carry one code and one wording in `scan`, `inspect`, `explain`, `graph` and
//! `diff` (on a fixture and on the corpus), `--strict` refuses them everywhere, and text from an
//! SBOM never reaches a terminal raw. See: issue 10 ("One analysis pipeline in the library").

use std::collections::BTreeSet;

use assert_cmd::Command;
use serde_json::Value;

use crate::common;

const FIXTURE: &str = "tests/fixtures/graph/dangling-and-duplicate.cdx.json";
const HOSTILE: &str = "tests/fixtures/graph/hostile-names.cdx.json";
const AS_OF: &str = "2026-11-23";

fn bomscreen(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("bomscreen")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "200")
        .args(args)
        .output()
        .unwrap()
}

/// The `[dangling-ref]` and `[duplicate-id]` lines a command wrote to standard error.
fn problem_lines(out: &std::process::Output) -> BTreeSet<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.ends_with("[dangling-ref]") || l.ends_with("[duplicate-id]"))
        .map(str::to_string)
        .collect()
}

fn codes(warnings: &Value) -> BTreeSet<String> {
    warnings
        .as_array()
        .expect("a list of warnings")
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_command_words_dangling_refs_and_duplicate_ids_alike() {
    let commands: [&[&str]; 5] = [
        &["scan", FIXTURE, "--as-of", AS_OF, "--no-progress"],
        &["inspect", FIXTURE],
        &["explain", FIXTURE, "openssl", "--as-of", AS_OF],
        &["graph", FIXTURE],
        &["diff", FIXTURE, FIXTURE, "--as-of", AS_OF],
    ];
    let expected: BTreeSet<String> = [
        format!(
            "warning: {FIXTURE}: a dependsOn relation refers to \"libcurl\", which is not a component of the document; the reference is ignored (3 times) [dangling-ref]"
        ),
        format!(
            "warning: {FIXTURE}:31: the id \"zlib\" is used by more than one component; later components with an id are merged into the first [duplicate-id]"
        ),
    ]
    .into();
    for args in commands {
        let out = bomscreen(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(problem_lines(&out), expected, "{args:?}");
    }
    let both: BTreeSet<String> = ["dangling-ref".into(), "duplicate-id".into()].into();
    let json = |args: &[&str]| -> Value {
        serde_json::from_slice(&bomscreen(args).stdout).expect("JSON output")
    };
    let scan = json(&["scan", FIXTURE, "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(codes(&scan["documents"][0]["warnings"]), both);
    let inspect = json(&["inspect", FIXTURE, "--format", "json"]);
    assert_eq!(codes(&inspect["warnings"]), both);
    let graph = json(&["graph", FIXTURE, "--format", "json"]);
    assert_eq!(codes(&graph["warnings"]), both);
    let diff = json(&[
        "diff", FIXTURE, FIXTURE, "--as-of", AS_OF, "--format", "json",
    ]);
    assert_eq!(codes(&diff["new"]["warnings"]), both);
}

#[test]
fn inspect_does_not_count_edges_to_nothing_as_relations() {
    // Six dependency statements, three of which name components the document does not have.
    let out = bomscreen(&["inspect", FIXTURE, "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["relations"], 3);
}

#[test]
fn strict_refuses_dangling_refs_and_duplicate_ids_in_every_command() {
    let commands: [&[&str]; 5] = [
        &["scan", FIXTURE, "--as-of", AS_OF, "--strict"],
        &["inspect", FIXTURE, "--strict"],
        &["explain", FIXTURE, "openssl", "--as-of", AS_OF, "--strict"],
        &["graph", FIXTURE, "--strict"],
        &["diff", FIXTURE, FIXTURE, "--as-of", AS_OF, "--strict"],
    ];
    for args in commands {
        let out = bomscreen(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("2 problem(s) not allowed in strict mode")
                && stderr.contains("(dangling-ref)")
                && stderr.contains("(duplicate-id)"),
            "{args:?}: {stderr}"
        );
    }
}

/// Two real SBOMs: one whose relationships name 1,303 elements it does not hold, one that uses
/// 60 SPDXIDs for 372 packages. `scan` and `inspect` report what `graph` reports.
#[test]
fn corpus_dangling_refs_and_duplicate_ids_reach_scan_and_inspect() {
    let Some(root) = common::corpus() else {
        return;
    };
    for (file, code, count) in [
        (
            "wild/bom-shelter/in-the-wild/spdx/constellation-spdx.json",
            "dangling-ref",
            1303,
        ),
        (
            "wild/bom-shelter/in-the-wild/spdx/chronicle-sbom.spdx.json",
            "duplicate-id",
            312,
        ),
    ] {
        let path = root.join(file);
        let path = path.to_str().unwrap();
        let count_of = |warnings: &Value| {
            warnings
                .as_array()
                .unwrap()
                .iter()
                .find(|w| w["code"] == code)
                .map(|w| w["count"].as_u64().unwrap())
        };
        let scan: Value = serde_json::from_slice(
            &bomscreen(&["scan", path, "--as-of", AS_OF, "--format", "json"]).stdout,
        )
        .unwrap();
        assert_eq!(
            count_of(&scan["documents"][0]["warnings"]),
            Some(count),
            "{file}"
        );
        let inspect: Value =
            serde_json::from_slice(&bomscreen(&["inspect", path, "--format", "json"]).stdout)
                .unwrap();
        assert_eq!(count_of(&inspect["warnings"]), Some(count), "{file}");
        let graph: Value =
            serde_json::from_slice(&bomscreen(&["graph", path, "--format", "json"]).stdout)
                .unwrap();
        assert_eq!(count_of(&graph["warnings"]), Some(count), "{file}");
    }
}

/// A component whose name, version, ref and description carry terminal escape sequences (ESC,
/// C1 CSI, BEL, CR): no text output of any command writes one of them, to standard output or
/// standard error.
#[test]
fn sbom_text_never_reaches_a_terminal_raw() {
    let runs: [&[&str]; 9] = [
        &["scan", HOSTILE, "--as-of", AS_OF],
        &["scan", HOSTILE, "--as-of", AS_OF, "--format", "markdown"],
        &["inspect", HOSTILE],
        &["explain", HOSTILE, "engine\u{1b}[31m", "--as-of", AS_OF],
        &["graph", HOSTILE],
        &["graph", HOSTILE, "--format", "mermaid"],
        &["graph", HOSTILE, "--flagged", "--as-of", AS_OF],
        &["diff", FIXTURE, HOSTILE, "--as-of", AS_OF],
        &[
            "diff", FIXTURE, HOSTILE, "--as-of", AS_OF, "--format", "markdown",
        ],
    ];
    for args in runs {
        let out = bomscreen(args);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            let raw: Vec<char> = text
                .chars()
                .filter(|&c| c.is_control() && c != '\n')
                .collect();
            assert!(raw.is_empty(), "{args:?} {stream}: {raw:?} in\n{text}");
        }
    }
    // The flagged component was found and named, escaped, not dropped.
    let out = bomscreen(&["scan", HOSTILE, "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("scan\u{fffd}[1A\u{fffd}[2Kengine"));
}

/// Every code a user can meet (finding, diagnostic, SBOM warning) has its row in the README.
#[test]
fn readme_has_a_row_for_every_code() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let codes = bomscreen::finding::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .chain(bomscreen::diag::Code::ALL.iter().map(|c| c.as_str()))
        .chain(
            bomscreen::model::WarningCode::ALL
                .iter()
                .map(|c| c.as_str()),
        );
    let missing: Vec<&str> = codes
        .filter(|c| !readme.contains(&format!("| `{c}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a README row: {missing:?}"
    );
}
