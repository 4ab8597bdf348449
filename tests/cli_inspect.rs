//! `bomscreen inspect` as a user runs it: formats, exit codes, stdin, messages naming the file.

use assert_cmd::Command;

fn bomscreen() -> Command {
    Command::cargo_bin("bomscreen").unwrap()
}

const FIREWALL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/firewall-image.cdx.json"
);
const WEB: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/web-service.spdx.json");

#[test]
fn table_shows_format_counts_and_coverage() {
    let out = bomscreen()
        .args(["inspect", FIREWALL])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("CycloneDX 1.6 (JSON)"), "{text}");
    assert!(text.contains("7 (3 nested)"), "{text}");
    assert!(text.contains("nw-sbom-builder 2.4.0"), "{text}");
    assert!(
        text.contains("absence of adversary code cannot be proven"),
        "{text}"
    );
}

#[test]
fn json_carries_the_documented_fields() {
    let out = bomscreen()
        .args(["inspect", "--format", "json", WEB])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["format"], "SPDX");
    assert_eq!(v["spec_version"], "2.3");
    assert_eq!(v["components"], 4);
    assert_eq!(v["relations"], 4);
    assert_eq!(v["provenance"]["supplier"], 1);
    assert!(v["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn several_files_give_a_json_array() {
    let out = bomscreen()
        .args(["inspect", "--format", "json", FIREWALL, WEB])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
}

#[test]
fn stdin_is_read_with_a_dash() {
    let bytes = std::fs::read(WEB).unwrap();
    bomscreen()
        .args(["inspect", "-"])
        .write_stdin(bytes)
        .assert()
        .success()
        .stdout(predicates::str::contains("<stdin>"));
}

#[test]
fn an_unreadable_file_among_readable_ones_exits_2_after_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("notes.json");
    std::fs::write(&bad, "{\"hello\": \"world\"}").unwrap();
    let assert = bomscreen()
        .args(["inspect", FIREWALL])
        .arg(&bad)
        .assert()
        .code(2);
    let out = assert.get_output();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("firewall-image.cdx.json"), "{stdout}");
    assert!(stderr.contains("notes.json: not an SBOM"), "{stderr}");
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.cdx.json");
    std::fs::write(&bad, "{\"bomFormat\": \"CycloneDX\",\n \"specVersion\": \"1.5\",\n \"components\": [ {\"name\": } ]}").unwrap();
    let out = bomscreen()
        .args(["inspect"])
        .arg(&bad)
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8_lossy(&out);
    assert!(stderr.contains("broken.cdx.json:3:"), "{stderr}");
    assert!(stderr.contains("syntax error"), "{stderr}");
}

/// `inspect` takes folders as `scan` does (issue 14): every SBOM in it is summarised, files
/// that are not SBOMs are passed over with a note, and JSON is an array.
#[test]
fn folders_are_walked_like_scan_walks_them() {
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let out = bomscreen()
        .args(["inspect", samples, "--format", "json"])
        .assert()
        .success()
        .get_output()
        .clone();
    let docs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "firewall-image-7.3.cdx.json",
            "firewall-image.cdx.json",
            "web-service.spdx.json"
        ]
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("skipped") && stderr.contains("bomscreen.toml: not an SBOM"),
        "{stderr}"
    );
    // An empty folder is an error that says so.
    let empty = tempfile::tempdir().unwrap();
    let out = bomscreen()
        .args(["inspect"])
        .arg(empty.path())
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no file to inspect"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
