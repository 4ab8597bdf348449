//! `bomscreen audit` end to end, on artifacts the tests build themselves with real tools
//! (`tests/fixtures/audit/make-artifacts.sh`): a white-labeled root filesystem, whose dpkg
//! database names only the integrator while its engine library carries Kaspersky's copyright,
//! SONAME and signer, as a folder, tar (plain, gzip, xz), zip, cpio, SquashFS, ext4, an OCI layout
//! and a raw firmware blob; and the same with clean binaries. See: issue 15.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

const AS_OF: &str = "2026-11-23";

/// Every artifact form the fixtures come in.
const ARTIFACTS: [&str; 10] = [
    "rootfs",
    "rootfs.tar",
    "rootfs.tar.gz",
    "rootfs.tar.xz",
    "rootfs.zip",
    "rootfs.cpio",
    "rootfs.squashfs",
    "rootfs.ext4",
    "oci",
    "firmware.bin",
];

/// The fixtures, built once per test run into a folder that lives as long as the process.
pub(crate) fn fixtures() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("bomscreen-audit-")
            .tempdir()
            .expect("a temporary folder")
            .keep();
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/audit/make-artifacts.sh"
        );
        let out = std::process::Command::new(script)
            .arg(&dir)
            .output()
            .expect("make-artifacts.sh runs");
        assert!(
            out.status.success(),
            "make-artifacts.sh failed (.ci/run installs the Debian packages it needs):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
}

/// The binary, run in a scratch directory (no ./bomscreen.toml picked up).
fn audit(args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("bomscreen").unwrap();
    cmd.current_dir(fixtures())
        .env_remove("NO_COLOR")
        .args(["audit", "--as-of", AS_OF, "--no-progress"])
        .args(args);
    cmd
}

fn json(args: &[&str], code: i32) -> Value {
    let out = audit(args)
        .args(["--format", "json"])
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("the JSON report parses")
}

/// (component name, code, entity) of every finding, with the place it points at.
fn findings(report: &Value) -> Vec<(String, String, String, String, String)> {
    let mut out: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["component"]["name"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["entity"]["id"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["component"]["location"]["pointer"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_marked_artifact_flags_the_file_its_package_and_the_artifact() {
    for art in ARTIFACTS {
        let path = format!("marked/{art}");
        let report = json(&[&path], 1);
        let found = findings(&report);
        let on = |name: &str| {
            found
                .iter()
                .filter(|f| f.0 == name && f.2 == "kaspersky")
                .collect::<Vec<_>>()
        };
        let lib = on("libkavbase.so.8");
        assert!(
            lib.iter().any(|f| f.1 == "prohibited-ict"
                && f.3 == "high"
                && f.4.starts_with(&path)
                && f.4.ends_with(":/usr/lib/libkavbase.so.8")),
            "{art}: the library itself: {found:#?}"
        );
        assert!(
            on("avscan-engine")
                .iter()
                .any(|f| f.3 == "high" && f.4.contains("/var/lib/dpkg/status")),
            "{art}: its package: {found:#?}"
        );
        assert!(
            on(art).iter().any(|f| f.3 == "high" && f.4 == path),
            "{art}: the artifact: {found:#?}"
        );
        // The PE's version resource and signer flag the Windows engine too.
        assert!(
            on("avscan.exe").iter().any(|f| f.3 == "high"),
            "{art}: the signed PE: {found:#?}"
        );
    }
}

#[test]
fn the_clean_twins_are_clean() {
    for art in ARTIFACTS {
        let report = json(&[&format!("clean/{art}")], 0);
        assert_eq!(findings(&report), vec![], "{art}");
        assert_eq!(report["verdict"], "passed", "{art}");
    }
}

#[test]
fn a_scanner_that_only_names_engines_is_weak_evidence_at_most() {
    let report = json(&["marked/rootfs"], 1);
    for f in findings(&report).iter().filter(|f| f.0 == "multiscan") {
        assert!(
            f.3 == "low" || f.3 == "info",
            "a bare mention of a name must stay low: {f:?}"
        );
    }
}

#[test]
fn the_firmware_report_is_the_reviewed_one() {
    let out = audit(&[
        "marked/firmware.bin",
        "--product",
        "Contoso GW1",
        "--supplier",
        "Contoso Ltd",
    ])
    .env("COLUMNS", "120")
    .assert()
    .code(1)
    .get_output()
    .clone();
    insta::assert_snapshot!("audit_firmware_table", String::from_utf8_lossy(&out.stdout));
    insta::assert_snapshot!(
        "audit_firmware_stderr",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_exported_inventory_is_valid_cyclonedx_and_scans_to_the_same_findings() {
    let out = tempfile::tempdir().unwrap();
    for art in ["firmware.bin", "oci", "rootfs.ext4"] {
        let sbom = out.path().join(format!("{art}.cdx.json"));
        let report = json(
            &[
                &format!("marked/{art}"),
                "--sbom-out",
                sbom.to_str().unwrap(),
            ],
            1,
        );
        let bom: Value = serde_json::from_str(&std::fs::read_to_string(&sbom).unwrap()).unwrap();
        assert_eq!(bom["specVersion"], "1.6");
        if let Some(v) = crate::cyclonedx_export::validator() {
            let errors: Vec<String> = v
                .iter_errors(&bom)
                .take(5)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{art}: {errors:#?}");
        }
        let mut scan = Command::cargo_bin("bomscreen").unwrap();
        let scanned = scan
            .current_dir(out.path())
            .args([
                "scan",
                "--as-of",
                AS_OF,
                "--no-progress",
                "--format",
                "json",
            ])
            .arg(&sbom)
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let scanned: Value = serde_json::from_slice(&scanned).unwrap();
        let key = |r: &Value| -> BTreeSet<(String, String, String, String)> {
            findings(r)
                .into_iter()
                .map(|(name, code, entity, severity, _)| (name, code, entity, severity))
                .collect()
        };
        assert_eq!(key(&report), key(&scanned), "{art}");
    }
}

#[test]
fn a_truncated_image_is_reported_and_strict_refuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let whole = std::fs::read(fixtures().join("marked/rootfs.squashfs")).unwrap();
    let cut = dir.path().join("cut.squashfs");
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    let cut = cut.to_str().unwrap();
    let report = json(&[cut], 0);
    let skipped = report["skipped"].to_string();
    assert!(skipped.contains("unreadable"), "{skipped}");
    let warnings = report["documents"][0]["warnings"].to_string();
    assert!(warnings.contains("artifact-unreadable"), "{warnings}");
    let out = audit(&[cut, "--strict"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("artifact-unreadable"), "{stderr}");
}

#[test]
fn a_limit_reached_is_said_in_the_report() {
    let report = json(&["marked/firmware.bin", "--max-depth", "1"], 0);
    let warnings = report["documents"][0]["warnings"].to_string();
    assert!(warnings.contains("artifact-limit"), "{warnings}");
    audit(&["marked/firmware.bin", "--max-depth", "1", "--strict"])
        .assert()
        .code(2);
}

#[test]
fn an_artifact_that_cannot_be_opened_is_an_error() {
    let out = audit(&["no/such/image.bin"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no/such/image.bin"), "{stderr}");
}

/// A Debian 12 minbase with clamav, built once by `make-debian.sh` under `target/`; `None`
/// (after saying so) when debootstrap cannot run here outside CI.
#[allow(clippy::print_stderr)] // a skipped test says so
fn debian_root() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-cache/debian-clamav");
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/audit/make-debian.sh"
    );
    let out = std::process::Command::new(script).arg(&dir).output();
    match out {
        Ok(o) if o.status.success() => Some(dir),
        other => {
            let why = match other {
                Ok(o) => String::from_utf8_lossy(&o.stderr).into_owned(),
                Err(e) => e.to_string(),
            };
            assert!(
                !std::env::var("CI").is_ok_and(|v| v == "true"),
                "make-debian.sh failed (required when CI=true): {why}"
            );
            eprintln!("skipped: no Debian root filesystem ({why})");
            None
        }
    }
}

#[test]
fn a_debian_root_filesystem_with_clamav_is_clean_and_its_packages_are_dpkgs() {
    let Some(root) = debian_root() else { return };
    let auditor = bomscreen::audit::Auditor::new(
        bomscreen::watchlist::builtin(),
        bomscreen::audit::Limits::default(),
    );
    let audited = auditor
        .audit(&root, &bomscreen::audit::Product::default(), &|_, _| {})
        .expect("the root filesystem opens");
    let ours: BTreeSet<(String, String)> = audited
        .sbom
        .components
        .iter()
        .filter(|c| c.purl.as_ref().is_some_and(|p| p.starts_with("pkg:deb/")))
        .map(|c| (c.name.clone(), c.version.clone().unwrap_or_default()))
        .collect();
    let dpkg = std::process::Command::new("dpkg-query")
        .arg(format!(
            "--admindir={}",
            root.join("var/lib/dpkg").display()
        ))
        .args(["-W", "-f", "${db:Status-Abbrev}\t${Package}\t${Version}\n"])
        .output()
        .expect("dpkg-query runs");
    let theirs: BTreeSet<(String, String)> = String::from_utf8_lossy(&dpkg.stdout)
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (status, name, version) = (f.next()?, f.next()?, f.next()?);
            (status.trim() == "ii").then(|| (name.to_string(), version.to_string()))
        })
        .collect();
    assert!(theirs.iter().any(|(n, _)| n == "clamav"), "{theirs:?}");
    assert_eq!(ours, theirs);

    let out = Command::cargo_bin("bomscreen")
        .unwrap()
        .args([
            "audit",
            "--as-of",
            AS_OF,
            "--no-progress",
            "--format",
            "json",
        ])
        .arg(&root)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    let serious: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| !matches!(f.3.as_str(), "low" | "info"))
        .collect();
    assert_eq!(serious, vec![], "no finding at medium or above");
}

#[test]
fn an_sbom_shipped_inside_the_artifact_joins_the_inventory() {
    let auditor = bomscreen::audit::Auditor::new(
        bomscreen::watchlist::builtin(),
        bomscreen::audit::Limits::default(),
    );
    for art in ["rootfs", "rootfs.squashfs", "firmware.bin"] {
        let audited = auditor
            .audit(
                &fixtures().join("clean").join(art),
                &bomscreen::audit::Product::default(),
                &|_, _| {},
            )
            .unwrap();
        assert_eq!(audited.summary.sboms, 1, "{art}");
        let sbom = &audited.sbom;
        let file = sbom
            .components
            .iter()
            .position(|c| c.id.ends_with(":/usr/share/sbom/web-service.spdx.json"))
            .unwrap_or_else(|| panic!("{art}: the SBOM file is a component"));
        let inside: BTreeSet<&str> = sbom
            .components
            .iter()
            .filter(|c| c.id.contains("web-service.spdx.json#"))
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(
            inside,
            BTreeSet::from(["express", "jest", "orders-service", "pg"]),
            "{art}"
        );
        // Its top-level packages are nested in the file: the artifact contains them.
        let orders = sbom
            .components
            .iter()
            .find(|c| c.name == "orders-service")
            .unwrap();
        assert_eq!(orders.parent, Some(file), "{art}");
    }
}

#[test]
fn the_readme_shows_the_reviewed_firmware_report() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let shown = readme
        .split("<!-- audit-output -->\n```\n")
        .nth(1)
        .and_then(|rest| rest.split("```\n<!-- /audit-output -->").next())
        .expect("the README's audit output block");
    let snap = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/snapshots/tests__audit__audit_firmware_table.snap"
    ))
    .unwrap();
    let reviewed = snap.splitn(3, "---\n").nth(2).unwrap();
    assert_eq!(shown, reviewed, "the README shows the reviewed snapshot");
}
