//! `bomscreen diff OLD NEW`: new and resolved findings, component and supplier changes, and the
//! exit code a release pipeline gates on, on the shipped samples (7.2.1 carries a white-labeled
//! Kaspersky engine; 7.3.0 swaps it for ClamAV and adds a Hikvision SDK) and on real SBOMs from
//! the corpus.

use crate::common;

use assert_cmd::Command;
use serde_json::Value;

const OLD: &str = "samples/firewall-image.cdx.json";
const NEW: &str = "samples/firewall-image-7.3.cdx.json";

fn diff(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("bomscreen")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("diff")
        .args(args)
        .arg("--as-of")
        .arg("2026-11-23")
        .assert()
}

fn json(a: &assert_cmd::assert::Assert) -> Value {
    serde_json::from_slice(&a.get_output().stdout).unwrap()
}

/// `code component-name` of each finding in a list.
fn findings(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["code"].as_str().unwrap(),
                f["component"]["name"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_release_that_adds_a_covered_sdk_fails_and_says_what_it_cleared() {
    // HCNetSDK is a software library: outside the Hikvision Covered List and sec. 889 entries,
    // which name video-surveillance and telecommunications equipment and services (a scope
    // review), so the Entity List decides (medium) and nothing propagates. The gate is set at
    // medium to keep testing that a new finding fails the release.
    let a = diff(&[OLD, NEW, "--format", "json", "--fail-on", "medium"]).code(1);
    let r = json(&a);
    assert_eq!(r["verdict"], "failed");
    assert_eq!(
        findings(&r["findings"]["new"]),
        ["restricted-party HCNetSDK"]
    );
    assert_eq!(r["findings"]["new"][0]["entity"]["id"], "hikvision");
    assert_eq!(
        findings(&r["findings"]["resolved"]),
        [
            "prohibited-ict avscan-engine",
            "integrated-prohibited-ict SecureEdge 3100 firewall image",
            "integrated-prohibited-ict secureedge-os",
            "integrated-prohibited-ict ThreatShield anti-malware module",
        ]
    );
    assert_eq!(r["findings"]["unchanged"], 0);
    assert_eq!(
        (
            r["old"]["components"].as_u64(),
            r["new"]["components"].as_u64()
        ),
        (Some(7), Some(9))
    );

    let changes = r["components"]["changes"].as_array().unwrap();
    let join = |v: &Value| -> String {
        let items: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        items.join(",")
    };
    let line = |c: &Value| {
        let side = |s: &Value| {
            if s.is_null() {
                "-".to_string()
            } else {
                format!("{} by [{}]", join(&s["versions"]), join(&s["suppliers"]))
            }
        };
        format!(
            "{}: {} => {}",
            c["name"].as_str().unwrap(),
            side(&c["old"]),
            side(&c["new"])
        )
    };
    let lines: Vec<String> = changes.iter().map(line).collect();
    assert_eq!(
        lines,
        [
            "avscan-engine: 21.3.10.391 by [] => -",
            "avscan-signatures: 2026.02.28 by [] => -",
            "busybox: 1.36.1 by [] => 1.36.1 by [Northwind Networks, Inc.]",
            "camera-onvif-bridge: - => 1.0.0 by [Northwind Networks, Inc.]",
            "clamav-signatures: - => 2026.09.13 by []",
            "HCNetSDK: - => 6.1.9.48 by [Hangzhou Hikvision Digital Technology Co., Ltd.]",
            "libclamav: - => 1.4.2 by [Cisco Systems, Inc.]",
            "openssl: 3.0.13 by [OpenSSL Software Foundation] => 3.0.15 by [OpenSSL Software Foundation]",
            "secureedge-os: 7.2.1 by [Northwind Networks, Inc.] => 7.3.0 by [Northwind Networks, Inc.]",
            "ThreatShield anti-malware module: 4.1.0 by [Contoso Security Ltd.] => 5.0.0 by [Contoso Security Ltd.]",
        ]
    );
    // openssl is matched across releases by its purl without the version.
    assert_eq!(changes[7]["identity"], "pkg:generic/openssl");
    assert_eq!(r["components"]["unchanged"], 1, "zlib");

    let table = String::from_utf8(
        diff(&[OLD, NEW, "--fail-on", "medium"])
            .code(1)
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert!(table.contains("\nnew findings (1)\n  medium   restricted-party  HCNetSDK 6.1.9.48  at samples/firewall-image-7.3.cdx.json:67\n"), "{table}");
    assert!(
        table.contains("\n  ~ busybox supplier: none declared -> Northwind Networks, Inc.\n"),
        "{table}"
    );
    assert!(
        table.contains("\n  ~ openssl 3.0.13 -> 3.0.15 (upgrade)\n"),
        "{table}"
    );
    assert!(
        table.ends_with(
            "\nFAILED: 1 new finding(s) at or above medium (1 new, 4 resolved, 0 unchanged)\n"
        ),
        "{table}"
    );

    let md = String::from_utf8(
        diff(&[OLD, NEW, "--format", "markdown", "--fail-on", "medium"])
            .code(1)
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert!(
        md.starts_with("## bomscreen diff: ❌ FAILED: 1 new finding(s)"),
        "{md}"
    );
    assert!(md.contains("| medium | `restricted-party` | HCNetSDK 6.1.9.48 | Hangzhou Hikvision Digital Technology Co., Ltd. |  |\n"), "{md}");
    assert!(
        md.contains(
            "| supplier | busybox | 1.36.1 (none declared) | 1.36.1 (Northwind Networks, Inc.) |\n"
        ),
        "{md}"
    );
}

/// Components in both releases with other versions are upgrades or downgrades by semver order
/// (versions normalised as waivers normalise them), or of unknown order when a version does not
/// parse; in every format. See: issue 14 ("`diff` tells upgrades from downgrades").
#[test]
fn version_changes_are_upgrades_downgrades_or_of_unknown_order() {
    let r = json(&diff(&[OLD, NEW, "--format", "json"]));
    let directions: Vec<String> = r["components"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c.get("direction").is_some())
        .map(|c| {
            format!(
                "{} {}",
                c["name"].as_str().unwrap(),
                c["direction"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        directions,
        [
            "openssl upgrade",
            "secureedge-os upgrade",
            "ThreatShield anti-malware module upgrade"
        ]
    );
    // Only version changes carry a direction (busybox changed its supplier only).
    let busybox = &r["components"]["changes"][2];
    assert_eq!(busybox["name"], "busybox");
    assert!(busybox.get("direction").is_none());
    // Back from 7.3.0 to 7.2.1, each is a downgrade.
    let a = diff(&[NEW, OLD]);
    let table = String::from_utf8_lossy(&a.get_output().stdout).to_string();
    assert!(
        table.contains("\n  ~ openssl 3.0.15 -> 3.0.13 (downgrade)\n"),
        "{table}"
    );
    assert!(table.contains("3 version changes (3 down)"), "{table}");

    // Versions that are not semver: a fourth number and a distribution revision order; a
    // version that does not parse has no order.
    let dir = tempfile::tempdir().unwrap();
    let doc = |name: &str, versions: [&str; 3]| {
        let components: Vec<String> = ["engine", "libc", "tool"]
            .iter()
            .zip(versions)
            .map(|(n, v)| {
                format!(
                    r#"{{"type": "library", "bom-ref": "{n}", "name": "{n}", "version": "{v}"}}"#
                )
            })
            .collect();
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            format!(
                r#"{{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [{}]}}"#,
                components.join(", ")
            ),
        )
        .unwrap();
        path.to_str().unwrap().to_string()
    };
    let old = doc("old.cdx.json", ["21.3.10.391", "2.36-9ubuntu4", "latest"]);
    let new = doc("new.cdx.json", ["21.3.10.400", "2.36-9ubuntu3", "1.0"]);
    let a = diff(&[&old, &new, "--format", "markdown"]).success();
    let md = String::from_utf8_lossy(&a.get_output().stdout).to_string();
    for row in [
        "| upgrade | engine | 21.3.10.391 (none declared) | 21.3.10.400 (none declared) |",
        "| downgrade | libc | 2.36-9ubuntu4 (none declared) | 2.36-9ubuntu3 (none declared) |",
        "| unknown order | tool | latest (none declared) | 1.0 (none declared) |",
    ] {
        assert!(md.contains(row), "{row}\n{md}");
    }
    assert!(
        md.contains("3 version changes (1 up, 1 down, 1 unknown order)"),
        "{md}"
    );
}

#[test]
fn only_new_findings_fail_and_waivers_and_fail_on_apply() {
    // Back from 7.3.0 to 7.2.1 the Kaspersky findings are the new ones.
    let r = json(&diff(&[NEW, OLD, "--format", "json"]).code(1));
    assert_eq!(r["findings"]["new"][0]["code"], "prohibited-ict");
    // The same release twice: every finding is unchanged, nothing fails.
    let r = json(&diff(&[OLD, OLD, "--format", "json"]).success());
    assert_eq!(r["findings"]["unchanged"], 4);
    assert_eq!(r["components"]["changes"], serde_json::json!([]));
    assert_eq!(r["components"]["unchanged"], 7);
    // A reviewed, waived SDK does not fail the release (its products' findings are waived too).
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.toml");
    std::fs::write(
        &policy,
        "[[waiver]]\ncomponent = \"hcnetsdk\"\nentity = \"hikvision\"\nreason = \"lab-only bridge, removed before GA (SEC-88)\"\n",
    )
    .unwrap();
    let p = policy.to_str().unwrap();
    let r = json(&diff(&[OLD, NEW, "--format", "json", "--policy", p]).success());
    assert_eq!(r["verdict"], "passed");
    assert!(
        r["findings"]["new"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["waived"]["reason"] == "lab-only bridge, removed before GA (SEC-88)")
    );
    diff(&[OLD, NEW, "--fail-on", "critical"]).success();
    diff(&[OLD, NEW, "--fail-on", "never"]).success();
    // Unreadable input is exit 2 and names the file.
    let a = diff(&[OLD, "samples/missing.cdx.json"]).code(2);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(err.contains("samples/missing.cdx.json"), "{err}");
}

#[test]
fn syft_and_trivy_sboms_of_one_image_match_by_identity() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let lab = corpus.join("wild/bom-shelter/in-the-lab");
    // Two tools, two SPDX versions, different SPDXIDs, and old syft's `pkg:alpine/` purls
    // against trivy's `pkg:apk/alpine/`: the packages of one image still pair up. What does not
    // pair is what one tool lists and the other does not (the image itself, the OS entry, the
    // Go binary; for fluentd, 41 Ruby gems and 2 Java jars only syft reports).
    // (image, unchanged, added, removed, findings unchanged)
    let cases = [
        ("bitnami_chartmuseum-sha256_12ee3b737861", 258, 3, 2, 2),
        ("bitnami_external-dns-sha256_dfc0bf9a156b", 270, 3, 1, 4),
        ("grafana_loki-sha256_262d91088fb8", 218, 3, 2, 1),
        ("hashicorp_terraform-sha256_df0e0dd56969", 183, 3, 2, 5),
        (
            "rancher_banzaicloud-fluentd-sha256_801eb87d9271",
            200,
            3,
            44,
            1,
        ),
    ];
    for (image, unchanged, added, removed, same_findings) in cases {
        let syft = lab.join(format!("syft/spdx-syft-{image}.json"));
        let trivy = lab.join(format!("trivy/spdx-trivy-{image}.json"));
        let a = diff(&[
            syft.to_str().unwrap(),
            trivy.to_str().unwrap(),
            "--format",
            "json",
        ]);
        let r = json(&a.success());
        let changes = r["components"]["changes"].as_array().unwrap();
        let count = |side: &str| changes.iter().filter(|c| c[side].is_null()).count();
        let got = (
            r["components"]["unchanged"].as_u64().unwrap(),
            count("old"),
            count("new"),
            r["findings"]["unchanged"].as_u64().unwrap(),
        );
        assert_eq!(got, (unchanged, added, removed, same_findings), "{image}");
        assert!(
            changes
                .iter()
                .all(|c| !c["old"].is_null() || !c["new"].is_null())
        );
        if image.starts_with("bitnami_chartmuseum") {
            let removed: Vec<&str> = changes
                .iter()
                .filter(|c| c["new"].is_null())
                .map(|c| c["name"].as_str().unwrap())
                .collect();
            assert_eq!(removed, ["github.com/tianon/gosu", "helm.sh/chartmuseum"]);
            assert_eq!(r["findings"]["new"], serde_json::json!([]));
        }
    }
}

#[test]
fn json_diff_validates_against_its_schema() {
    let report: Value =
        serde_json::from_str(include_str!("../schemas/report.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(include_str!("../schemas/diff.schema.json")).unwrap();
    let registry = jsonschema::Registry::new()
        .add(report["$id"].as_str().unwrap(), report.clone())
        .unwrap()
        .prepare()
        .unwrap();
    let validator = jsonschema::options()
        .with_registry(&registry)
        .build(&schema)
        .unwrap();
    for (args, code) in [([OLD, NEW], 1), ([NEW, OLD], 1), ([OLD, OLD], 0)] {
        let out =
            json(&diff(&[args[0], args[1], "--format", "json", "--fail-on", "medium"]).code(code));
        let errors: Vec<String> = validator
            .iter_errors(&out)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // The schema is not vacuous: a finding without its code is refused.
    let mut broken = json(&diff(&[OLD, NEW, "--format", "json", "--fail-on", "medium"]).code(1));
    broken["findings"]["new"][0]
        .as_object_mut()
        .unwrap()
        .remove("code");
    assert!(!validator.is_valid(&broken));
}
