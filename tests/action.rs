//! The GitHub Action (`action.yml`) run as the runner runs it (see `action/harness.rs`): on real
//! samples with the real binary, and with a stand-in `bomscreen` or `cargo` where a test is
//! about the action's own shell (argument lists, globs, outputs, the build step).

#[path = "action/harness.rs"]
mod harness;
#[path = "action/release.rs"]
mod release;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use harness::{ActionRun, Runner, expressions_in_run_scripts, which};
use serde_json::Value;

const REPO: &str = env!("CARGO_MANIFEST_DIR");
const BIN: &str = env!("CARGO_BIN_EXE_bomscreen");

/// A scratch runner: `ws/` is the workspace, `tmp/` is `RUNNER_TEMP`, the action is this repo.
struct Scratch {
    _dir: tempfile::TempDir,
    runner: Runner,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("tempdir");
        let workspace = dir.path().join("ws");
        let runner_temp = dir.path().join("tmp");
        fs::create_dir_all(&workspace).expect("ws");
        fs::create_dir_all(&runner_temp).expect("tmp");
        Scratch {
            runner: Runner {
                action_path: PathBuf::from(REPO),
                action_repository: String::new(),
                workspace,
                runner_temp,
                env: BTreeMap::new(),
            },
            _dir: dir,
        }
    }

    fn root(&self) -> &Path {
        self._dir.path()
    }

    fn ws(&self, rel: &str) -> PathBuf {
        self.runner.workspace.join(rel)
    }

    /// Copies a file from `samples/` into the workspace under `rel`.
    fn sample(&self, name: &str, rel: &str) {
        let to = self.ws(rel);
        fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        fs::copy(Path::new(REPO).join("samples").join(name), to).expect("copy sample");
    }

    /// Runs the action. No test reaches the network: without a `release-url` of its own, a run
    /// looks for releases in an empty local folder (and so builds from source).
    fn run(&self, inputs: &[(&str, &str)]) -> ActionRun {
        let none = format!("file://{}", self.root().join("no-releases").display());
        let mut all = inputs.to_vec();
        if !inputs.iter().any(|(k, _)| *k == "release-url") {
            all.push(("release-url", &none));
        }
        self.runner.run(&all)
    }

    /// Files named `pwned` anywhere under the scratch root or the action directory.
    fn pwned(&self) -> Vec<PathBuf> {
        let mut found = Vec::new();
        for root in [self.root(), Path::new(REPO)] {
            for e in walk(root) {
                if e.file_name()
                    .is_some_and(|n| n.to_string_lossy().contains("pwned"))
                {
                    found.push(e);
                }
            }
        }
        found
    }
}

/// Every file under `root`, skipping `target/` and `.git/`.
fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            let name = e.file_name();
            if name == "target" || name == ".git" {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn write_exe(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, text).expect("write");
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).expect("chmod");
}

fn json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// Static checks on action.yml.

fn action_yml() -> String {
    fs::read_to_string(Path::new(REPO).join("action.yml")).expect("action.yml")
}

/// Script injection: no `run:` script may contain a `${{ }}` expression (inputs and
/// `github.event.*` above all); values reach scripts through `env:` only.
#[test]
fn run_scripts_interpolate_no_expressions() {
    let found = expressions_in_run_scripts(&action_yml());
    assert!(
        found.is_empty(),
        "expressions pasted into run: scripts (move them to env:): {found:?}"
    );
}

/// The project's own workflows follow the same rule, and parse.
#[test]
fn workflow_scripts_interpolate_no_expressions() {
    let dir = Path::new(REPO).join(".github/workflows");
    let mut checked = 0;
    for e in fs::read_dir(&dir).expect(".github/workflows") {
        let path = e.expect("entry").path();
        if path.extension().is_some_and(|x| x == "yml" || x == "yaml") {
            let text = fs::read_to_string(&path).expect("workflow");
            let found = harness::expressions_in_workflow_scripts(&text);
            assert!(found.is_empty(), "{}: {found:?}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 1, "no workflow found in {}", dir.display());
}

/// Every input is read somewhere, and only through `env:`, `with:` or `if:`.
#[test]
fn every_input_is_used_through_env() {
    let text = action_yml();
    let action = harness::Action::parse(&text);
    let used: String = action
        .steps
        .iter()
        .flat_map(|s| {
            s.env
                .values()
                .chain(s.with.values())
                .chain(s.condition.iter())
                .cloned()
        })
        .collect();
    for name in action.inputs.keys() {
        assert!(
            used.contains(&format!("inputs.{name} ")) || used.contains(&format!("inputs.{name}}}")),
            "input {name} is never used"
        );
    }
    for (input, default) in [("sarif-file", "bomscreen.sarif"), ("summary", "true")] {
        assert_eq!(action.inputs[input], default, "default of {input}");
    }
    assert_eq!(action.required, vec!["sbom".to_string()]);
    for output in [
        "verdict",
        "findings",
        "critical",
        "high",
        "medium",
        "low",
        "info",
        "highest-severity",
        "sarif-file",
        "json-file",
        "exit-code",
    ] {
        assert!(action.outputs.contains_key(output), "output {output}");
    }
}

// ---------------------------------------------------------------------------------------------
// The real binary on the samples. These need `bomscreen scan`.

fn real(s: &Scratch, extra: &[(&str, &str)]) -> ActionRun {
    let mut inputs = vec![("bomscreen-path", BIN)];
    inputs.extend_from_slice(extra);
    s.run(&inputs)
}

fn assert_sarif(path: &Path) {
    let sarif = json(path);
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["runs"].is_array(), "SARIF has runs");
}

#[test]

fn passing_sample_passes_with_outputs_sarif_and_summary() {
    let s = Scratch::new();
    s.sample("web-service.spdx.json", "web-service.spdx.json");
    let run = real(&s, &[("sbom", "web-service.spdx.json")]);
    assert_eq!(run.status, 0, "{}", run.log());
    assert_eq!(run.output("verdict"), "passed");
    assert_eq!(run.output("exit-code"), "0");
    for sev in ["critical", "high", "medium", "low", "info"] {
        assert_eq!(run.output(sev), "0", "{sev}");
    }
    assert_eq!(run.output("highest-severity"), "none");
    assert_eq!(run.output("sarif-file"), "bomscreen.sarif");
    assert_sarif(&s.ws("bomscreen.sarif"));
    let report = json(Path::new(run.output("json-file")));
    assert_eq!(report["verdict"], "passed");
    assert_eq!(
        run.output("findings"),
        report["counts"]["findings"].to_string()
    );
    assert!(!run.summary.trim().is_empty(), "job summary written");
}

#[test]

fn failing_sample_writes_sarif_and_summary_then_fails() {
    let s = Scratch::new();
    s.sample("firewall-image.cdx.json", "firewall-image.cdx.json");
    let run = real(
        &s,
        &[
            ("sbom", "firewall-image.cdx.json"),
            ("json-file", "reports/bomscreen.json"),
            ("sarif-file", "reports/bomscreen.sarif"),
        ],
    );
    // The failing step is the scan itself, and it wrote everything before failing.
    assert_eq!(run.status, 1, "{}", run.log());
    assert_eq!(run.step("Scan").status, Some(1));
    assert_eq!(run.output("verdict"), "failed");
    assert_eq!(run.output("exit-code"), "1");
    let high: usize = run.output("high").parse().expect("high is a number");
    let critical: usize = run
        .output("critical")
        .parse()
        .expect("critical is a number");
    assert!(high + critical >= 1, "{:?}", run.outputs);
    assert!(
        ["high", "critical"].contains(&run.output("highest-severity")),
        "{:?}",
        run.outputs
    );
    assert_sarif(&s.ws("reports/bomscreen.sarif"));
    let report = json(&s.ws("reports/bomscreen.json"));
    assert_eq!(report["verdict"], "failed");
    assert!(report["counts"]["failing"].as_u64() >= Some(1));
    assert!(
        run.summary.to_lowercase().contains("kaspersky"),
        "summary names the finding:\n{}",
        run.summary
    );
}

#[test]

fn paths_with_spaces_and_globs() {
    let s = Scratch::new();
    s.sample("web-service.spdx.json", "dir with space/my sbom.json");
    s.sample("web-service.spdx.json", "dir with space/other one.json");
    let run = real(&s, &[("sbom", "dir with space/my sbom.json")]);
    assert_eq!(run.status, 0, "{}", run.log());
    assert_eq!(run.output("verdict"), "passed");
    let run = real(&s, &[("sbom", "dir with space/*.json")]);
    assert_eq!(run.status, 0, "{}", run.log());
    let report = json(Path::new(run.output("json-file")));
    assert_eq!(report["documents"].as_array().map(Vec::len), Some(2));
}

#[test]

fn fail_on_never_passes_the_firewall() {
    let s = Scratch::new();
    s.sample("firewall-image.cdx.json", "firewall-image.cdx.json");
    let run = real(
        &s,
        &[("sbom", "firewall-image.cdx.json"), ("fail-on", "never")],
    );
    assert_eq!(run.status, 0, "{}", run.log());
    assert_eq!(run.output("verdict"), "passed");
    assert_ne!(
        run.output("highest-severity"),
        "none",
        "findings still reported"
    );
    assert_sarif(&s.ws("bomscreen.sarif"));
}

#[test]

fn unreadable_input_is_exit_2() {
    let s = Scratch::new();
    fs::write(s.ws("notes.json"), "{ this is not an SBOM").expect("write");
    let run = real(&s, &[("sbom", "notes.json")]);
    assert_eq!(run.status, 2, "{}", run.log());
    assert_eq!(run.output("exit-code"), "2");
    assert_eq!(run.output("verdict"), "error");
    let run = real(&s, &[("sbom", "missing.json")]);
    assert_eq!(run.status, 2, "{}", run.log());
    assert!(!run.summary.is_empty(), "the summary says it could not run");
}

#[test]
fn baseline_gates_on_new_findings_only() {
    let s = Scratch::new();
    s.sample("firewall-image.cdx.json", "release 7.2/sbom.cdx.json");
    s.sample("firewall-image-7.3.cdx.json", "release 7.3/sbom.cdx.json");
    // The same release as its own baseline: four high findings, none new, so the step passes,
    // and the SARIF still lists every finding.
    let run = real(
        &s,
        &[
            ("sbom", "release 7.2/sbom.cdx.json"),
            ("baseline", "release 7.2/sbom.cdx.json"),
            ("as-of", "2026-11-23"),
        ],
    );
    assert_eq!(run.status, 0, "{}", run.log());
    assert_eq!(run.output("verdict"), "passed");
    assert_eq!(run.output("exit-code"), "0");
    assert_eq!(run.output("new-findings"), "0");
    assert_eq!(run.output("high"), "4", "scan counts are still reported");
    let sarif = json(&s.ws("bomscreen.sarif"));
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(4)
    );
    assert!(
        run.summary.starts_with("## bomscreen diff: ✅ PASSED"),
        "{}",
        run.summary
    );

    // 7.3 against 7.2: the Hikvision SDK is new, the Kaspersky engine resolved. The SDK is
    // software, outside the Covered List's equipment categories (a scope review), so the Entity
    // List decides (medium) and nothing propagates: the gate is set at medium.
    let run = real(
        &s,
        &[
            ("sbom", "release 7.3/sbom.cdx.json"),
            ("baseline", "release 7.2/sbom.cdx.json"),
            ("as-of", "2026-11-23"),
            ("fail-on", "medium"),
        ],
    );
    assert_eq!(run.status, 1, "{}", run.log());
    assert_eq!(run.step("Scan").status, Some(1));
    assert_eq!(run.output("verdict"), "failed");
    assert_eq!(run.output("new-findings"), "1");
    assert_eq!(run.output("resolved-findings"), "4");
    assert!(
        run.summary
            .contains("| medium | `restricted-party` | HCNetSDK 6.1.9.48 |"),
        "{}",
        run.summary
    );
    assert!(
        run.log()
            .contains("new findings at or above fail-on compared to the baseline"),
        "{}",
        run.log()
    );
    assert_sarif(&s.ws("bomscreen.sarif"));

    // A baseline compares one SBOM with one SBOM.
    let run = real(
        &s,
        &[
            ("sbom", "release */sbom.cdx.json"),
            ("baseline", "release 7.2/sbom.cdx.json"),
        ],
    );
    assert_eq!(run.status, 2, "{}", run.log());
    assert!(
        run.log()
            .contains("with baseline, sbom must name exactly one file (it names 2 paths)"),
        "{}",
        run.log()
    );
    let run = real(
        &s,
        &[
            ("sbom", "release 7.3/sbom.cdx.json"),
            ("baseline", "nope.json"),
        ],
    );
    assert_eq!(run.status, 2, "{}", run.log());
    assert_eq!(run.output("verdict"), "error");
}

#[test]

fn injection_through_inputs_runs_nothing_with_the_real_binary() {
    let s = Scratch::new();
    let run = real(
        &s,
        &[
            ("sbom", "$(touch pwned)\n\"; touch pwned; \"\n`touch pwned`"),
            ("policy", "$(touch pwned-policy)"),
        ],
    );
    assert_eq!(run.status, 2, "{}", run.log());
    assert_eq!(s.pwned(), Vec::<PathBuf>::new());
}

// ---------------------------------------------------------------------------------------------
// The action's shell with a stand-in bomscreen that records its arguments and writes the files
// named by --output, so the argument list, globbing and outputs are checked exactly.

const FAKE_BOMSCREEN: &str = r#"
# Stand-in for `bomscreen scan`: records argv (NUL-separated) and writes the --output files.
printf '%s\0' "$@" > "$FAKE_LOG"
outputs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --output) outputs+=("$2"); shift 2 ;;
    --) break ;;
    *) shift ;;
  esac
done
if [[ "${FAKE_WRITE:-1}" == 1 ]]; then
  for o in "${outputs[@]}"; do
    case "${o%%=*}" in
      json) printf '%s' "$FAKE_JSON" > "${o#*=}" ;;
      sarif) printf '{"version":"2.1.0","runs":[]}' > "${o#*=}" ;;
      markdown) printf '## fake report\n' > "${o#*=}" ;;
    esac
  done
fi
echo "fake table"
exit "${FAKE_EXIT:-0}"
"#;

/// A scratch runner whose bomscreen is the stand-in; returns it and the argv log path.
fn fake(exit: i32, verdict: &str, counts: [usize; 5]) -> (Scratch, PathBuf, String) {
    let mut s = Scratch::new();
    let bin = s.root().join("bin/fake-bomscreen");
    write_exe(
        &bin,
        &format!("#!{}\n{FAKE_BOMSCREEN}", which("bash").display()),
    );
    let log = s.root().join("argv");
    let [critical, high, medium, low, info] = counts;
    let total: usize = counts.iter().sum();
    let report = serde_json::json!({
        "verdict": verdict,
        "counts": {
            "findings": total + 1, "failing": critical + high, "waived": 1,
            "by_severity": {"critical": critical, "high": high, "medium": medium, "low": low, "info": info},
            "by_code": {}
        },
        "findings": []
    });
    s.runner
        .env
        .insert("FAKE_LOG".into(), log.display().to_string());
    s.runner.env.insert("FAKE_EXIT".into(), exit.to_string());
    s.runner.env.insert("FAKE_JSON".into(), report.to_string());
    (s, log, bin.display().to_string())
}

fn argv(log: &Path) -> Vec<String> {
    let raw = fs::read(log).unwrap_or_default();
    raw.split(|b| *b == 0)
        .filter(|a| !a.is_empty())
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect()
}

/// The arguments after `--`: the SBOM paths.
fn paths(log: &Path) -> Vec<String> {
    let args = argv(log);
    let dash = args
        .iter()
        .position(|a| a == "--")
        .expect("-- before paths");
    args[dash + 1..].to_vec()
}

#[test]
fn inputs_become_flags_and_report_counts_become_outputs() {
    let (s, log, bin) = fake(0, "passed", [0, 0, 2, 1, 0]);
    s.sample("web-service.spdx.json", "a.json");
    let run = s.run(&[
        ("bomscreen-path", &bin),
        ("sbom", "a.json"),
        ("fail-on", "critical"),
        ("policy", "my policy.toml"),
        ("watchlist", "lists/one.toml\n\n  lists/two words.toml  \n"),
        ("as-of", "2026-01-31"),
        ("strict", "true"),
        ("sarif-file", "out dir/scan.sarif"),
    ]);
    assert_eq!(run.status, 0, "{}", run.log());
    let args = argv(&log);
    let tmp = run.output("markdown-file");
    assert!(tmp.starts_with(&s.runner.runner_temp.display().to_string()));
    assert_eq!(
        args,
        [
            "scan",
            "--format",
            "table",
            "--no-progress",
            "--output",
            "sarif=out dir/scan.sarif",
            "--output",
            &format!("json={}", run.output("json-file")),
            "--output",
            &format!("markdown={tmp}"),
            "--fail-on",
            "critical",
            "--policy",
            "my policy.toml",
            "--watchlist",
            "lists/one.toml",
            "--watchlist",
            "lists/two words.toml",
            "--as-of",
            "2026-01-31",
            "--strict",
            "--",
            "a.json",
        ]
    );
    let expect = [
        ("verdict", "passed"),
        ("exit-code", "0"),
        ("findings", "4"),
        ("failing", "0"),
        ("critical", "0"),
        ("high", "0"),
        ("medium", "2"),
        ("low", "1"),
        ("info", "0"),
        ("highest-severity", "medium"),
        ("sarif-file", "out dir/scan.sarif"),
    ];
    for (k, v) in expect {
        assert_eq!(run.output(k), v, "output {k}");
    }
    assert!(
        s.ws("out dir/scan.sarif").is_file(),
        "SARIF directory created"
    );
    assert_eq!(run.summary, "## fake report\n");
    assert!(
        run.step("Scan").stdout.contains("fake table"),
        "table in the log"
    );
}

#[test]
fn defaults_add_no_optional_flags_and_summary_can_be_off() {
    let (s, log, bin) = fake(0, "passed", [0; 5]);
    let run = s.run(&[
        ("bomscreen-path", &bin),
        ("sbom", "x.json"),
        ("summary", "false"),
    ]);
    assert_eq!(run.status, 0, "{}", run.log());
    let args = argv(&log);
    for flag in [
        "--fail-on",
        "--policy",
        "--watchlist",
        "--as-of",
        "--strict",
    ] {
        assert!(!args.contains(&flag.to_string()), "{flag} in {args:?}");
    }
    assert!(args.contains(&"sarif=bomscreen.sarif".to_string()));
    assert_eq!(run.output("highest-severity"), "none");
    assert_eq!(run.summary, "", "summary: false writes no summary");
}

#[test]
fn policy_failure_fails_the_step_after_writing_everything() {
    let (s, _log, bin) = fake(1, "failed", [1, 2, 0, 0, 3]);
    let run = s.run(&[
        ("bomscreen-path", &bin),
        ("sbom", "x.json"),
        ("json-file", "r/report.json"),
    ]);
    assert_eq!(run.status, 1, "{}", run.log());
    assert_eq!(run.step("Scan").status, Some(1));
    assert_eq!(run.output("verdict"), "failed");
    assert_eq!(run.output("exit-code"), "1");
    assert_eq!(run.output("highest-severity"), "critical");
    assert_eq!(run.output("failing"), "3");
    assert_eq!(run.output("json-file"), "r/report.json");
    assert!(s.ws("bomscreen.sarif").is_file());
    assert!(s.ws("r/report.json").is_file());
    assert_eq!(run.summary, "## fake report\n");
    assert!(
        run.step("Scan")
            .stdout
            .contains("::error title=bomscreen::policy failed"),
        "an annotation says why"
    );
}

#[test]
fn could_not_run_without_a_report_is_verdict_error() {
    let (mut s, _log, bin) = fake(2, "error", [0; 5]);
    s.runner.env.insert("FAKE_WRITE".into(), "0".into());
    let run = s.run(&[("bomscreen-path", &bin), ("sbom", "x.json")]);
    assert_eq!(run.status, 2, "{}", run.log());
    assert_eq!(run.output("verdict"), "error");
    assert_eq!(run.output("exit-code"), "2");
    assert_eq!(run.output("high"), "", "no counts without a report");
    assert!(
        run.summary.contains("could not run (exit code 2)"),
        "{}",
        run.summary
    );
}

#[test]
fn sbom_lines_globs_and_spaces_become_one_argument_each() {
    let (s, log, bin) = fake(0, "passed", [0; 5]);
    for rel in [
        "dir with space/my sbom.json",
        "dir with space/b.json",
        "dir with space/notes.txt",
        "vendors/acme/deep/x.cdx.json",
        "vendors/globex/y.cdx.json",
        "odd[1].json",
    ] {
        s.sample("web-service.spdx.json", rel);
    }
    let input = "  dir with space/*.json  \r\n\n\
                 vendors/**/*.cdx.json\n\
                 odd[1].json\n\
                 dir with space/my sbom.json\n\
                 folder/\n";
    let run = s.run(&[("bomscreen-path", &bin), ("sbom", input)]);
    assert_eq!(run.status, 0, "{}", run.log());
    assert_eq!(
        paths(&log),
        [
            "dir with space/b.json",
            "dir with space/my sbom.json",
            "vendors/acme/deep/x.cdx.json",
            "vendors/globex/y.cdx.json",
            "odd[1].json",
            "dir with space/my sbom.json",
            "folder/",
        ]
    );
}

#[test]
fn a_glob_that_matches_nothing_is_exit_2_before_scanning() {
    let (s, log, bin) = fake(0, "passed", [0; 5]);
    let run = s.run(&[
        ("bomscreen-path", &bin),
        ("sbom", "present.json\nsuppliers/**/*.json"),
    ]);
    assert_eq!(run.status, 2, "{}", run.log());
    assert!(!log.exists(), "bomscreen was not run");
    assert!(
        run.step("Scan")
            .stdout
            .contains("no file matches the sbom pattern: suppliers/**/*.json"),
        "{}",
        run.log()
    );
    assert_eq!(run.output("verdict"), "error");
    let run = s.run(&[("bomscreen-path", &bin), ("sbom", " \n\n")]);
    assert_eq!(run.status, 2, "a blank sbom input is an error");
}

#[test]
fn hostile_inputs_are_data_not_shell() {
    let (s, log, bin) = fake(2, "error", [0; 5]);
    let sbom = "$(touch pwned)\n\"; touch pwned; \"\n`touch pwned`\n'; touch pwned; '\n${IFS}touch${IFS}pwned";
    let run = s.run(&[
        ("bomscreen-path", &bin),
        ("sbom", sbom),
        ("policy", "$(touch pwned-policy)"),
        ("watchlist", "`touch pwned-watchlist`"),
        ("as-of", "\"; touch pwned-as-of; echo \""),
        ("fail-on", "$(touch pwned-fail-on)"),
        ("sarif-file", "$(touch pwned-sarif).sarif"),
        ("json-file", "`touch pwned-json`.json"),
    ]);
    assert_eq!(run.status, 2, "{}", run.log());
    // Each line reached bomscreen verbatim, as one argument.
    assert_eq!(
        paths(&log),
        [
            "$(touch pwned)",
            "\"; touch pwned; \"",
            "`touch pwned`",
            "'; touch pwned; '",
            "${IFS}touch${IFS}pwned",
        ]
    );
    let args = argv(&log);
    assert!(args.contains(&"$(touch pwned-policy)".to_string()));
    assert!(args.contains(&"\"; touch pwned-as-of; echo \"".to_string()));
    // The stand-in wrote the SARIF under its literal name; nothing else exists.
    let pwned: Vec<_> = s
        .pwned()
        .into_iter()
        .filter(|p| {
            !p.ends_with("$(touch pwned-sarif).sarif") && !p.ends_with("`touch pwned-json`.json")
        })
        .collect();
    assert_eq!(pwned, Vec::<PathBuf>::new());
    // A glob character in a hostile line makes it a pattern, still not code.
    let run = s.run(&[("bomscreen-path", &bin), ("sbom", "$(touch pwned)*")]);
    assert_eq!(run.status, 2);
    assert!(
        s.pwned().iter().all(|p| !p.ends_with("pwned")),
        "{:?}",
        s.pwned()
    );
}

/// A directory holding links to these programs only, to run steps without jq, cargo...
fn tools(s: &Scratch, names: &[&str]) -> String {
    let dir = s.root().join("tools");
    fs::create_dir_all(&dir).expect("tools dir");
    for name in names {
        // The system python, not a version-manager shim that needs its own PATH.
        let target = match *name {
            "python3" if Path::new("/usr/bin/python3").exists() => {
                PathBuf::from("/usr/bin/python3")
            }
            n => which(n),
        };
        std::os::unix::fs::symlink(target, dir.join(name)).expect("symlink");
    }
    dir.display().to_string()
}

const SHELL_TOOLS: &[&str] = &[
    "bash",
    "cat",
    "cut",
    "dirname",
    "find",
    "mkdir",
    "mktemp",
    "sort",
    "sha256sum",
    "touch",
    "wc",
    "xargs",
];

#[test]
fn counts_are_read_with_python_when_jq_is_missing() {
    let (mut s, _log, bin) = fake(1, "failed", [0, 1, 0, 4, 0]);
    let mut names = SHELL_TOOLS.to_vec();
    names.push("python3");
    let path = tools(&s, &names);
    s.runner.env.insert("PATH".into(), path);
    let run = s.run(&[("bomscreen-path", &bin), ("sbom", "x.json")]);
    assert_eq!(run.status, 1, "{}", run.log());
    assert_eq!(run.output("verdict"), "failed");
    assert_eq!(run.output("high"), "1");
    assert_eq!(run.output("low"), "4");
    assert_eq!(run.output("highest-severity"), "high");
    assert_eq!(run.output("findings"), "6");
}

#[test]
fn bomscreen_path_must_be_an_executable() {
    let s = Scratch::new();
    fs::write(s.ws("not-a-program"), "").expect("write");
    let run = s.run(&[("bomscreen-path", "not-a-program"), ("sbom", "x.json")]);
    assert_eq!(run.status, 2, "{}", run.log());
    assert_eq!(run.step("Get bomscreen").status, Some(2));
    assert_eq!(run.step("Scan").status, None, "later steps do not run");
}

// ---------------------------------------------------------------------------------------------
// The build step, in a copy of the action with a stand-in cargo.

const FAKE_CARGO: &str = r#"
# Stand-in for cargo: records its arguments and CARGO_TARGET_DIR, "builds" the stand-in bomscreen.
printf '%s\n' "$*" >> "$FAKE_CARGO_LOG"
printf 'CARGO_TARGET_DIR=%s\n' "$CARGO_TARGET_DIR" >> "$FAKE_CARGO_LOG"
mkdir -p "$CARGO_TARGET_DIR/release"
cp "$FAKE_BUILT" "$CARGO_TARGET_DIR/release/bomscreen"
"#;

/// What the release step needs besides [`SHELL_TOOLS`].
const RELEASE_TOOLS: &[&str] = &["awk", "chmod", "curl", "gzip", "head", "sed", "tar", "tr"];

/// A copy of the action (action.yml, its scripts and a tiny crate) at `action dir/`, a stand-in
/// cargo on PATH.
fn action_copy() -> (Scratch, PathBuf, PathBuf) {
    let (mut s, _log, bin) = fake(0, "passed", [0; 5]);
    let action = s.root().join("action dir");
    fs::create_dir_all(action.join("src")).expect("mkdir");
    fs::copy(
        Path::new(REPO).join("action.yml"),
        action.join("action.yml"),
    )
    .expect("copy");
    fs::create_dir_all(action.join("action")).expect("mkdir");
    for script in ["source-sha256.sh", "release-binary.sh"] {
        fs::copy(
            Path::new(REPO).join("action").join(script),
            action.join("action").join(script),
        )
        .expect("copy");
    }
    fs::write(
        action.join("Cargo.toml"),
        "[package]\nname = \"bomscreen\"\n",
    )
    .expect("write");
    fs::write(action.join("Cargo.lock"), "version = 4\n").expect("write");
    fs::write(action.join("src/main.rs"), "fn main() {}\n").expect("write");
    let cargo_dir = s.root().join("cargo-bin");
    write_exe(
        &cargo_dir.join("cargo"),
        &format!("#!{}\n{FAKE_CARGO}", which("bash").display()),
    );
    let cargo_log = s.root().join("cargo.log");
    let path = format!(
        "{}:{}",
        cargo_dir.display(),
        tools(&s, &[SHELL_TOOLS, RELEASE_TOOLS, &["cp", "jq"]].concat())
    );
    s.runner.env.insert("PATH".into(), path);
    s.runner
        .env
        .insert("FAKE_CARGO_LOG".into(), cargo_log.display().to_string());
    s.runner.env.insert("FAKE_BUILT".into(), bin);
    s.runner.action_path = action.clone();
    (s, action, cargo_log)
}

#[test]
fn without_bomscreen_path_the_action_builds_with_cargo_once() {
    let (s, action, cargo_log) = action_copy();
    let run = s.run(&[("sbom", "x.json")]);
    assert_eq!(run.status, 0, "{}", run.log());
    let target = action.join("target");
    assert_eq!(
        fs::read_to_string(&cargo_log).expect("cargo ran"),
        format!(
            "build --release --locked --manifest-path {}\nCARGO_TARGET_DIR={}\n",
            action.join("Cargo.toml").display(),
            target.display()
        )
    );
    assert_eq!(run.output("verdict"), "passed", "the built binary ran");
    // The cache step (skipped here, run by GitHub) holds that target directory, keyed on the OS,
    // Cargo.lock and the sources.
    let cache = &run.step("Cache the bomscreen build").with;
    let target_line = format!("{}\n", target.canonicalize().expect("target").display());
    assert!(cache["path"].starts_with(&target_line), "{cache:?}");
    assert!(
        cache["path"].contains("~/.cargo/registry/cache"),
        "{cache:?}"
    );
    let key: Vec<&str> = cache["key"].split('-').collect();
    assert!(
        key.len() == 4
            && key[..2] == ["bomscreen", "Linux"]
            && key[2].len() == 16
            && key[3].len() == 16,
        "{cache:?}"
    );
    assert_eq!(
        cache["restore-keys"].trim(),
        format!("bomscreen-Linux-{}-", key[2])
    );
    let bypass = s.run(&[
        ("sbom", "x.json"),
        ("bomscreen-path", &s.runner.env["FAKE_BUILT"]),
    ]);
    assert!(
        bypass.step("Cache the bomscreen build").with.is_empty(),
        "no cache with bomscreen-path"
    );

    // Same sources (a cache hit restores target/): no cargo at all.
    fs::remove_file(&cargo_log).expect("rm");
    let run = s.run(&[("sbom", "x.json")]);
    assert_eq!(run.status, 0, "{}", run.log());
    assert!(!cargo_log.exists(), "cached build reused:\n{}", run.log());

    // Changed sources: built again.
    fs::write(action.join("src/main.rs"), "fn main() { }\n").expect("write");
    let run = s.run(&[("sbom", "x.json")]);
    assert_eq!(run.status, 0, "{}", run.log());
    assert!(cargo_log.exists(), "rebuilt after a source change");
}

#[test]
fn missing_cargo_is_a_clear_error() {
    let (mut s, _action, cargo_log) = action_copy();
    let path = s.runner.env["PATH"]
        .split(':')
        .nth(1)
        .expect("tools")
        .to_string();
    s.runner.env.insert("PATH".into(), path);
    let run = s.run(&[("sbom", "x.json")]);
    assert_eq!(run.status, 2, "{}", run.log());
    assert!(!cargo_log.exists());
    let log = &run.step("Get bomscreen").stdout;
    assert!(
        log.contains("cargo not found") && log.contains("bomscreen-path"),
        "{log}"
    );
}
