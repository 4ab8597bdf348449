//! Snapshots of whole outputs: every command and every renderer run by the real binary on the
//! shipped samples, so a change to any output shows up as a diff under `tests/snapshots/` that a
//! reviewer accepts with `cargo insta review` (or `INSTA_UPDATE=always cargo test`).
//! See: issue 10, item 7 ("Tests people review").

use std::process::Command;

/// After every designation date of the built-in watchlist (the last is 2026-06-08) and before the
/// sample policy's waiver expires (2026-12-31); the date the README's examples show.
const AS_OF: &str = "2026-11-23";

/// The sample SBOMs, by the file stem their snapshots are named after.
const SAMPLES: [(&str, &str); 3] = [
    ("firewall-image", "samples/firewall-image.cdx.json"),
    ("firewall-image-7.3", "samples/firewall-image-7.3.cdx.json"),
    ("web-service", "samples/web-service.spdx.json"),
];

const FIREWALL: &str = "samples/firewall-image.cdx.json";

/// Runs `bomscreen ARGS` from the repository root (paths in the output read `samples/...`, as in
/// the README) at a fixed width, and returns the whole run as one text: the command line, the
/// exit code, standard error, standard output.
fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_bomscreen"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        // The table wraps at COLUMNS; a developer's terminal width must not change the snapshot.
        .env("COLUMNS", "80")
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .expect("the bomscreen binary runs");
    let code = out
        .status
        .code()
        .map_or_else(|| "killed".to_string(), |c| c.to_string());
    format!(
        "$ bomscreen {}\nexit code: {code}\n----- stderr -----\n{}----- stdout -----\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout),
    )
}

/// Snapshots one run under `name`, with the tool's own version redacted so that a version bump
/// does not rewrite every snapshot.
fn snapshot(name: &str, args: &[&str]) {
    let text = run(args);
    let version = regex_escape(env!("CARGO_PKG_VERSION"));
    insta::with_settings!({
        prepend_module_to_snapshot => false,
        omit_expression => true,
        filters => vec![
            // "bomscreen 0.1.0" in table, markdown and html; the tool's version fields in JSON
            // and SARIF (a sample component of exactly this version would be redacted too).
            (format!(r"bomscreen {version}\b").as_str(), "bomscreen [VERSION]"),
            (format!(r#""version": "{version}""#).as_str(), r#""version": "[VERSION]""#),
            (format!(r#""semanticVersion": "{version}""#).as_str(), r#""semanticVersion": "[VERSION]""#),
        ],
    }, {
        insta::assert_snapshot!(name, text);
    });
}

/// Escapes the dots of a version string for use in a filter's regular expression.
fn regex_escape(s: &str) -> String {
    s.replace('.', r"\.")
}

const SCAN_FORMATS: [&str; 6] = ["table", "json", "sarif", "markdown", "html", "github"];

/// `bomscreen scan ARGS --as-of AS_OF --no-progress --format F` in every format, one snapshot
/// each, named `scan__NAME__F`.
fn scan_in_every_format(name: &str, args: &[&str]) {
    for format in SCAN_FORMATS {
        let mut all = vec!["scan"];
        all.extend_from_slice(args);
        all.extend(["--as-of", AS_OF, "--no-progress", "--format", format]);
        snapshot(&format!("scan__{name}__{format}"), &all);
    }
}

#[test]
fn scan_each_sample_in_every_format() {
    for (stem, path) in SAMPLES {
        scan_in_every_format(stem, &[path]);
    }
}

#[test]
fn scan_the_samples_folder_in_every_format() {
    scan_in_every_format("samples-folder", &["samples/"]);
}

/// The sample policy's two example waivers match nothing in the samples: every renderer reports
/// them as unused.
#[test]
fn scan_the_samples_folder_with_the_sample_policy() {
    scan_in_every_format(
        "samples-folder__policy",
        &["samples/", "--policy", "samples/bomscreen.toml"],
    );
}

/// One waiver in force (the Hikvision SDK) and one expired (the Kaspersky engine): every renderer
/// shows waived findings with their reason and the expired-waiver warning.
#[test]
fn scan_both_firewall_releases_with_waivers() {
    scan_in_every_format(
        "firewall-images__waivers",
        &[
            FIREWALL,
            "samples/firewall-image-7.3.cdx.json",
            "--policy",
            "tests/fixtures/snapshots/waivers.toml",
        ],
    );
}

#[test]
fn inspect_each_sample() {
    for (stem, path) in SAMPLES {
        for format in ["table", "json"] {
            snapshot(
                &format!("inspect__{stem}__{format}"),
                &["inspect", path, "--format", format],
            );
        }
    }
}

#[test]
fn explain_the_white_labeled_engine_and_the_module_integrating_it() {
    for component in ["avscan-engine", "threat-shield"] {
        for format in ["table", "json"] {
            snapshot(
                &format!("explain__firewall-image__{component}__{format}"),
                &[
                    "explain", FIREWALL, component, "--as-of", AS_OF, "--format", format,
                ],
            );
        }
    }
}

#[test]
fn graph_of_the_firewall_image() {
    for format in ["dot", "mermaid", "json"] {
        snapshot(
            &format!("graph__firewall-image__{format}"),
            &["graph", FIREWALL, "--format", format],
        );
        snapshot(
            &format!("graph__firewall-image__flagged__{format}"),
            &[
                "graph",
                FIREWALL,
                "--flagged",
                "--as-of",
                AS_OF,
                "--format",
                format,
            ],
        );
    }
}

/// Old release first, as in the README: 7.2.1 with the Kaspersky engine, then 7.3.0.
#[test]
fn diff_of_the_two_firewall_releases() {
    for format in ["table", "json", "markdown"] {
        snapshot(
            &format!("diff__firewall-image__firewall-image-7.3__{format}"),
            &[
                "diff",
                FIREWALL,
                "samples/firewall-image-7.3.cdx.json",
                "--as-of",
                AS_OF,
                "--format",
                format,
            ],
        );
    }
}

#[test]
fn watchlist_list_and_show() {
    for format in ["table", "json"] {
        snapshot(
            &format!("watchlist-list__builtin__{format}"),
            &["watchlist", "list", "--as-of", AS_OF, "--format", format],
        );
        snapshot(
            &format!("watchlist-show__kaspersky__{format}"),
            &[
                "watchlist",
                "show",
                "kaspersky",
                "--as-of",
                AS_OF,
                "--format",
                format,
            ],
        );
    }
}
