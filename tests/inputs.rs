//! Every input of a scan is accounted for: read, unreadable (exit 2) or skipped with the reason,
//! in every report format; hidden files are read, hidden folders are not (and the reports say
//! so); a file named twice is read once. See: issue 13 ("Never lose an input silently").

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const WEB: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/web-service.spdx.json");
const FIREWALL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/firewall-image.cdx.json"
);
const AS_OF: &str = "2026-11-23";

fn scan(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("bomscreen")
        .unwrap()
        .current_dir(dir)
        .args(["scan", "--as-of", AS_OF, "--no-progress"])
        .args(args)
        .output()
        .unwrap()
}

/// A supplier folder with one good SBOM, an empty one, a corrupt one and a README.
fn supplier_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("f");
    std::fs::create_dir(&f).unwrap();
    std::fs::copy(WEB, f.join("web-service.spdx.json")).unwrap();
    std::fs::write(f.join("acme-router.cdx.json"), "").unwrap();
    std::fs::write(f.join("vendor-y.cdx.json"), "junk").unwrap();
    std::fs::write(f.join("README.md"), "# suppliers\n").unwrap();
    dir
}

#[test]
fn an_empty_or_corrupt_supplier_sbom_in_a_folder_is_an_error_in_every_report() {
    let dir = supplier_folder();
    let out = scan(
        dir.path(),
        &[
            "f",
            "--format",
            "json",
            "-o",
            "sarif=r.sarif",
            "-o",
            "markdown=r.md",
            "-o",
            "table=r.txt",
            "-o",
            "html=r.html",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in ["f/acme-router.cdx.json", "f/vendor-y.cdx.json"] {
        assert!(
            stderr.contains(&format!("error: {name}: not an SBOM")),
            "{stderr}"
        );
    }
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["verdict"], "error");
    let unreadable: Vec<&str> = r["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| !d["error"].is_null())
        .map(|d| d["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        unreadable,
        ["f/acme-router.cdx.json", "f/vendor-y.cdx.json"]
    );
    assert_eq!(r["skipped"][0]["path"], "f/README.md");
    assert_eq!(r["skipped"].as_array().unwrap().len(), 1);
    for report in ["r.sarif", "r.md", "r.txt", "r.html"] {
        let text = std::fs::read_to_string(dir.path().join(report)).unwrap();
        for name in ["acme-router.cdx.json", "vendor-y.cdx.json", "README.md"] {
            assert!(text.contains(name), "{report} does not name {name}");
        }
    }
}

#[test]
fn hidden_files_are_read_and_hidden_folders_are_reported_as_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path().join("h");
    std::fs::create_dir_all(h.join(".git")).unwrap();
    // Bitnami ships its vendor SBOMs as hidden `.spdx-APP.spdx` files inside images.
    std::fs::copy(FIREWALL, h.join(".spdx-nginx.spdx")).unwrap();
    std::fs::copy(WEB, h.join(".git/old.spdx.json")).unwrap();
    let out = scan(dir.path(), &["h", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["documents"][0]["source"], "h/.spdx-nginx.spdx");
    assert_eq!(r["documents"].as_array().unwrap().len(), 1);
    assert_eq!(
        r["skipped"],
        serde_json::json!([{"path": "h/.git", "reason": "hidden folder, not walked"}])
    );
}

#[test]
fn a_file_named_twice_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s");
    std::fs::create_dir(&s).unwrap();
    std::fs::copy(FIREWALL, s.join("fw.cdx.json")).unwrap();
    let once: Value =
        serde_json::from_slice(&scan(dir.path(), &["s", "--format", "json"]).stdout).unwrap();
    let twice: Value = serde_json::from_slice(
        &scan(
            dir.path(),
            &[
                "s",
                "s/fw.cdx.json",
                "./s/../s/fw.cdx.json",
                "--format",
                "json",
            ],
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(once["documents"].as_array().unwrap().len(), 1);
    assert_eq!(twice["documents"], once["documents"]);
    assert_eq!(twice["findings"], once["findings"]);
    assert_eq!(once["counts"]["findings"], 4);
}
