//! The habits Trivy, Grype and cargo-deny users bring (issue 14), part one: whole lines into a
//! file or pipe, shell completions and a man page, `--quiet`/`--verbose`/`--color`. Part two
//! (environment variables, `init`, `diff -o` and SARIF) is `cli_habits_config`. Every test runs
//! the real binary.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use clap::CommandFactory;

pub(crate) const SAMPLE: &str = "samples/firewall-image.cdx.json";
pub(crate) const NEW: &str = "samples/firewall-image-7.3.cdx.json";
pub(crate) const CLEAN: &str = "samples/web-service.spdx.json";
/// A document with one reader warning (`duplicate-id`) at line 13.
pub(crate) const WARNS: &str = r#"{
  "bomFormat": "CycloneDX",
  "specVersion": "1.5",
  "version": 1,
  "components": [
    {
      "type": "library",
      "bom-ref": "same",
      "name": "a",
      "version": "1"
    },
    {
      "type": "library", "bom-ref": "same", "name": "b", "version": "2"
    }
  ]
}
"#;

/// The binary in the repository root, with none of the variables these tests are about.
pub(crate) fn bomscreen() -> Command {
    let mut c = Command::cargo_bin("bomscreen").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    for var in [
        "COLUMNS",
        "NO_COLOR",
        "BOMSCREEN_FAIL_ON",
        "BOMSCREEN_FORMAT",
        "BOMSCREEN_POLICY",
        "BOMSCREEN_AS_OF",
        "BOMSCREEN_WATCHLIST",
        "BOMSCREEN_COLOR",
        "BOMSCREEN_STRICT",
    ] {
        c.env_remove(var);
    }
    c
}

pub(crate) fn manifest(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The sample copied under a folder path of about 150 characters.
fn deep_sample(dir: &Path) -> PathBuf {
    let deep = dir
        .join("vendor-risk-review-2026-q4-supplier-submissions")
        .join("northwind-networks-secureedge-3100-firewall-image")
        .join("release-7.2.1-build-20261101-final");
    std::fs::create_dir_all(&deep).unwrap();
    let file = deep.join("firewall-image.cdx.json");
    std::fs::copy(manifest(SAMPLE), &file).unwrap();
    file
}

// ---------------------------------------------------------------------------------------------
// Output width

#[test]
fn a_piped_report_prints_whole_paths_and_lines() {
    let dir = tempfile::tempdir().unwrap();
    let file = deep_sample(dir.path());
    let path = file.display().to_string();
    assert!(path.len() > 120, "{path}");
    let out = bomscreen()
        .args(["scan", &path, "--as-of", "2026-11-23"])
        .assert()
        .code(1);
    let stdout = text(&out.get_output().stdout);
    assert!(stdout.contains(&format!("at {path}:42\n")), "{stdout}");
    assert!(!stdout.contains('…'), "nothing is cut: {stdout}");
    // One finding's message is one line, not wrapped.
    assert!(stdout.lines().any(|l| l.len() > 200));
    // The other table renderers too.
    for args in [
        vec!["explain", &path, "avscan-engine", "--as-of", "2026-11-23"],
        vec!["inspect", &path],
        vec!["diff", &path, NEW, "--as-of", "2026-11-23"],
    ] {
        let out = bomscreen().args(&args).output().unwrap();
        let stdout = text(&out.stdout);
        assert!(stdout.contains(&path), "{args:?}: {stdout}");
        assert!(!stdout.contains('…'), "{args:?}: {stdout}");
    }
    // A table written with -o is never for a terminal: whole lines even when COLUMNS is set.
    let file = dir.path().join("report.txt");
    bomscreen()
        .env("COLUMNS", "80")
        .args(["scan", &path, "--as-of", "2026-11-23", "-o"])
        .arg(format!("table={}", file.display()))
        .assert()
        .code(1);
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains(&format!("at {path}:42\n")), "{written}");
    assert!(!written.contains('…'));
    // `watchlist list` cuts names at 48 characters on a terminal only.
    let list = bomscreen().args(["watchlist", "list"]).output().unwrap();
    assert!(!text(&list.stdout).contains('…'));
}

#[test]
fn columns_still_pins_the_width() {
    let dir = tempfile::tempdir().unwrap();
    let path = deep_sample(dir.path()).display().to_string();
    let out = bomscreen()
        .env("COLUMNS", "80")
        .args(["scan", &path, "--as-of", "2026-11-23"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(stdout.lines().all(|l| l.chars().count() <= 80), "{stdout}");
    assert!(stdout.contains('…'), "the long path is cut at 80 columns");
    let list = bomscreen()
        .env("COLUMNS", "80")
        .args(["watchlist", "list"])
        .output()
        .unwrap();
    assert!(text(&list.stdout).contains('…'));
}

// ---------------------------------------------------------------------------------------------
// Completions and man page

fn subcommands() -> Vec<String> {
    bomscreen::cli::Args::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

#[test]
fn completion_scripts_know_every_command() {
    let names = subcommands();
    assert!(names.len() >= 9, "{names:?}");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = bomscreen().args(["completions", shell]).assert().success();
        let script = text(&out.get_output().stdout);
        for name in &names {
            assert!(script.contains(name.as_str()), "{shell}: {name}");
        }
        for flag in ["fail-on", "quiet", "color"] {
            assert!(script.contains(flag), "{shell}: {flag}");
        }
    }
    let bash = bomscreen().args(["completions", "bash"]).output().unwrap();
    let bash = text(&bash.stdout);
    assert!(bash.contains("complete -F _bomscreen"), "{bash}");
    for name in subcommands() {
        assert!(bash.contains(&format!("bomscreen,{name})")), "bash: {name}");
    }
    bomscreen().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn the_man_page_names_every_command_and_variable() {
    let out = bomscreen().arg("man").assert().success();
    let page = text(&out.get_output().stdout);
    assert!(page.starts_with(".TH bomscreen 1 "), "{page}");
    for name in subcommands().iter().filter(|n| *n != "help") {
        assert!(
            page.contains(&format!("\\fB{name}\\fR"))
                || page.contains(&format!("bomscreen\\-{name}")),
            "{name}"
        );
    }
    for section in [".SH SYNOPSIS", ".SH \"EXIT STATUS\"", ".SH ENVIRONMENT"] {
        assert!(page.contains(section), "{section}");
    }
    for var in [
        "BOMSCREEN_FAIL_ON",
        "BOMSCREEN_FORMAT",
        "BOMSCREEN_POLICY",
        "BOMSCREEN_AS_OF",
        "BOMSCREEN_WATCHLIST",
        "BOMSCREEN_COLOR",
        "BOMSCREEN_STRICT",
        "NO_COLOR",
        "COLUMNS",
    ] {
        assert!(page.contains(var), "{var}");
    }
    assert_eq!(page.matches(".ds Aq").count(), 2, "one apostrophe preamble");

    let dir = tempfile::tempdir().unwrap();
    bomscreen()
        .args(["man", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    for page in [
        "bomscreen.1",
        "bomscreen-scan.1",
        "bomscreen-watchlist-list.1",
    ] {
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap();
        assert!(text.contains(".TH"), "{page}");
    }
}

// ---------------------------------------------------------------------------------------------
// --quiet, --verbose, --color

#[test]
fn quiet_and_verbose_change_standard_error_only() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("warns.cdx.json");
    std::fs::write(&file, WARNS).unwrap();
    let file = file.display().to_string();
    let run = |flag: Option<&str>| {
        let mut c = bomscreen();
        c.args(["scan", &file, "--as-of", "2026-11-23"]);
        c.args(flag);
        c.output().unwrap()
    };
    let normal = run(None);
    let quiet = run(Some("--quiet"));
    let verbose = run(Some("-v"));
    assert!(text(&normal.stderr).contains("warning:"));
    assert!(text(&normal.stderr).contains("[duplicate-id]"));
    assert_eq!(text(&quiet.stderr), "");
    let detail = text(&verbose.stderr);
    assert!(detail.contains("read and screened in"), "{detail}");
    assert!(detail.contains("(first at /components/1)"), "{detail}");
    for out in [&quiet, &verbose] {
        assert_eq!(out.stdout, normal.stdout);
        assert_eq!(out.status.code(), normal.status.code());
    }
    // Before the command name too, and for the other commands.
    let quiet = bomscreen().args(["-q", "inspect", &file]).output().unwrap();
    assert_eq!(text(&quiet.stderr), "");
    let verbose = bomscreen()
        .args(["inspect", "--verbose", &file])
        .output()
        .unwrap();
    assert!(text(&verbose.stderr).contains("read in"));
    // Errors are never quiet.
    let missing = bomscreen()
        .args(["scan", "-q", "no-such.cdx.json"])
        .assert()
        .code(2);
    assert!(text(&missing.get_output().stderr).contains("error:"));
    bomscreen()
        .args(["scan", "-q", "-v", SAMPLE])
        .assert()
        .code(2);
}

#[test]
fn color_follows_the_option_then_the_terminal() {
    let scan = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = bomscreen();
        c.args(["scan", SAMPLE, "--as-of", "2026-11-23"]).args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        text(&c.output().unwrap().stdout)
    };
    let ansi = |s: &str| s.contains("\u{1b}[");
    assert!(!ansi(&scan(&[], &[])), "auto into a pipe: no colour");
    assert!(ansi(&scan(&["--color", "always"], &[])));
    assert!(ansi(&scan(&["--color=always"], &[("NO_COLOR", "1")])));
    assert!(!ansi(&scan(&["--color", "never"], &[])));
    assert!(ansi(&scan(&[], &[("BOMSCREEN_COLOR", "always")])));
    assert!(!ansi(&scan(
        &["--color", "auto"],
        &[("BOMSCREEN_COLOR", "always")]
    )));
    // Colour is for the table only.
    let json = scan(&["--color", "always", "--format", "json"], &[]);
    assert!(!ansi(&json));
}
