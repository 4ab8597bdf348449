//! Runs the composite action in `action.yml` the way the GitHub runner does, without GitHub:
//! parse the metadata, evaluate the `${{ }}` expressions of `env:` and `if:` values, and run each
//! `run:` step with its `shell` and the runner's files and variables (`GITHUB_OUTPUT` fresh per
//! step, `GITHUB_STEP_SUMMARY`, `GITHUB_ACTION_PATH`, `RUNNER_TEMP`). `uses:` steps (the cache)
//! are skipped: they only make a run faster.
//!
//! Inputs are NOT exported as `INPUT_*` variables: the runner does that for JavaScript and
//! Docker actions only, so a composite action that forgot an `env:` line would break on GitHub
//! and must break here too.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The parts of `action.yml` the runner uses.
#[derive(Debug)]
pub struct Action {
    /// Input name -> default value.
    pub inputs: BTreeMap<String, String>,
    /// Inputs marked `required: true`.
    pub required: Vec<String>,
    /// Output name -> `value` expression.
    pub outputs: BTreeMap<String, String>,
    /// The composite steps, in order.
    pub steps: Vec<Step>,
}

/// One composite step.
#[derive(Debug)]
pub struct Step {
    /// `id`, if any.
    pub id: Option<String>,
    /// `name`, or a description for messages.
    pub name: String,
    /// `if`, if any.
    pub condition: Option<String>,
    /// The `run:` script, or `None` for a `uses:` step.
    pub run: Option<String>,
    /// `shell`.
    pub shell: Option<String>,
    /// `env` (unevaluated).
    pub env: BTreeMap<String, String>,
    /// `with` (unevaluated).
    pub with: BTreeMap<String, String>,
    /// `working-directory`.
    pub working_directory: Option<String>,
}

/// A YAML scalar as the runner sees it: a string (booleans and numbers are their text).
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn string_map(v: Option<&Value>) -> BTreeMap<String, String> {
    v.and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), scalar(v))).collect())
        .unwrap_or_default()
}

impl Action {
    /// Parses action metadata; panics with a message on anything the runner would reject.
    pub fn parse(text: &str) -> Action {
        let doc: Value = serde_saphyr::from_str(text).expect("action.yml is valid YAML");
        let mut inputs = BTreeMap::new();
        let mut required = Vec::new();
        for (name, spec) in doc["inputs"].as_object().into_iter().flatten() {
            inputs.insert(
                name.clone(),
                spec.get("default").map(scalar).unwrap_or_default(),
            );
            if spec.get("required").is_some_and(|r| scalar(r) == "true") {
                required.push(name.clone());
            }
        }
        let outputs = doc["outputs"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, spec)| {
                (
                    name.clone(),
                    spec.get("value").map(scalar).unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(doc["runs"]["using"], "composite", "a composite action");
        let steps = doc["runs"]["steps"]
            .as_array()
            .expect("runs.steps is a list")
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let run = s.get("run").map(scalar);
                assert!(
                    run.is_some() != s.get("uses").is_some(),
                    "step {i}: exactly one of run and uses"
                );
                Step {
                    id: s.get("id").map(scalar),
                    name: s
                        .get("name")
                        .map(scalar)
                        .unwrap_or_else(|| format!("step {i}")),
                    condition: s.get("if").map(scalar),
                    run,
                    shell: s.get("shell").map(scalar),
                    env: string_map(s.get("env")),
                    with: string_map(s.get("with")),
                    working_directory: s.get("working-directory").map(scalar),
                }
            })
            .collect();
        Action {
            inputs,
            required,
            outputs,
            steps,
        }
    }
}

/// `${{ }}` expressions found inside `run:` scripts, as (step name, expression). Every value a
/// script needs must come through `env:`; an expression in a script is pasted into the shell
/// source before bash parses it, which is how script injection happens.
pub fn expressions_in_run_scripts(action_yml: &str) -> Vec<(String, String)> {
    let action = Action::parse(action_yml);
    let scripts = action
        .steps
        .iter()
        .filter_map(|s| Some((s.name.clone(), s.run.clone()?)));
    expressions_in(scripts)
}

/// The same check over every job of a workflow file.
pub fn expressions_in_workflow_scripts(workflow_yml: &str) -> Vec<(String, String)> {
    let doc: Value = serde_saphyr::from_str(workflow_yml).expect("workflow is valid YAML");
    let jobs = doc["jobs"].as_object().expect("a workflow has jobs");
    let scripts = jobs.iter().flat_map(|(job, spec)| {
        spec["steps"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(move |(i, step)| {
                let name = step
                    .get("name")
                    .map_or_else(|| format!("{job} step {i}"), scalar);
                Some((name, scalar(step.get("run")?)))
            })
    });
    expressions_in(scripts)
}

fn expressions_in(scripts: impl Iterator<Item = (String, String)>) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (name, script) in scripts {
        let mut rest = script.as_str();
        while let Some(start) = rest.find("${{") {
            let end = rest[start..]
                .find("}}")
                .map_or(rest.len(), |e| start + e + 2);
            found.push((name.clone(), rest[start..end].to_string()));
            rest = &rest[end..];
        }
    }
    found
}

/// The expression contexts a step can read.
pub struct Contexts<'a> {
    /// `inputs.*`, defaults applied.
    pub inputs: &'a BTreeMap<String, String>,
    /// `github.action_path`.
    pub action_path: &'a Path,
    /// `github.action_repository` (the runner often leaves it empty in composite actions).
    pub action_repository: &'a str,
    /// `github.workspace`.
    pub workspace: &'a Path,
    /// `runner.temp`.
    pub runner_temp: &'a Path,
    /// `steps.<id>.outputs.*`.
    pub steps: &'a BTreeMap<String, BTreeMap<String, String>>,
    /// `steps.<id>.outcome`.
    pub outcomes: &'a BTreeMap<String, String>,
}

/// The value of an expression (the text between `${{` and `}}`, or an `if:`). The runner's
/// language is larger; this is the subset action.yml uses, and anything else is an error so a
/// change to action.yml cannot pass here by being misread.
pub fn evaluate(expr: &str, cx: &Contexts) -> Result<String, String> {
    let expr = expr.trim();
    for (op, negate) in [("!=", true), ("==", false)] {
        if let Some((a, b)) = expr.split_once(op) {
            // The runner compares strings case-insensitively.
            let equal = evaluate(a, cx)?.eq_ignore_ascii_case(&evaluate(b, cx)?);
            return Ok((equal != negate).to_string());
        }
    }
    if let Some(lit) = expr.strip_prefix('\'').and_then(|e| e.strip_suffix('\'')) {
        return Ok(lit.replace("''", "'"));
    }
    match expr {
        "always()" | "true" => return Ok("true".into()),
        "false" => return Ok("false".into()),
        "github.action_path" => return Ok(cx.action_path.display().to_string()),
        "github.action_repository" => return Ok(cx.action_repository.to_string()),
        "github.workspace" => return Ok(cx.workspace.display().to_string()),
        "runner.temp" => return Ok(cx.runner_temp.display().to_string()),
        "runner.os" => return Ok("Linux".into()),
        _ => {}
    }
    if let Some(name) = expr.strip_prefix("inputs.") {
        return cx
            .inputs
            .get(name)
            .cloned()
            .ok_or_else(|| format!("input {name:?} is not declared"));
    }
    if let Some(rest) = expr.strip_prefix("steps.") {
        if let Some((id, name)) = rest.split_once(".outputs.") {
            let outputs = cx.steps.get(id);
            return Ok(outputs
                .and_then(|o| o.get(name))
                .cloned()
                .unwrap_or_default());
        }
        if let Some(id) = rest.strip_suffix(".outcome") {
            return Ok(cx.outcomes.get(id).cloned().unwrap_or_default());
        }
    }
    Err(format!("the harness does not evaluate {expr:?}"))
}

/// Replaces each `${{ expr }}` in a value by its value.
pub fn interpolate(text: &str, cx: &Contexts) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("}}")
            .ok_or_else(|| format!("unterminated expression in {text:?}"))?;
        out.push_str(&evaluate(&rest[start + 3..start + end], cx)?);
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Reads a `GITHUB_OUTPUT` file: `name=value` lines and `name<<DELIMITER` heredocs, as the
/// runner does (a heredoc without its closing delimiter is an error there too).
pub fn parse_github_output(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.is_empty() {
            continue;
        }
        let heredoc = line.find("<<");
        let assign = line.find('=');
        match (heredoc, assign) {
            (Some(h), a) if a.is_none_or(|a| h < a) => {
                let (name, delimiter) = (&line[..h], &line[h + 2..]);
                let mut value: Vec<&str> = Vec::new();
                loop {
                    match lines.next() {
                        Some(l) if l == delimiter => break,
                        Some(l) => value.push(l),
                        None => return Err(format!("no closing delimiter {delimiter:?}")),
                    }
                }
                out.insert(name.to_string(), value.join("\n"));
            }
            (_, Some(a)) => {
                out.insert(line[..a].to_string(), line[a + 1..].to_string());
            }
            _ => return Err(format!("invalid line {line:?}")),
        }
    }
    Ok(out)
}

/// What one step did.
#[derive(Debug)]
pub struct StepRun {
    /// The step's name.
    pub name: String,
    /// Exit status; `None` for a skipped or `uses:` step.
    pub status: Option<i32>,
    /// Standard output (the step log).
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// For a `uses:` step the runner would have run: its evaluated `with:` values.
    pub with: BTreeMap<String, String>,
}

/// What the whole action did.
#[derive(Debug)]
pub struct ActionRun {
    /// Every step, in order.
    pub steps: Vec<StepRun>,
    /// The action's exit status: that of the first failed step, else 0.
    pub status: i32,
    /// The action's outputs, evaluated from `outputs.*.value`.
    pub outputs: BTreeMap<String, String>,
    /// The job summary the steps wrote.
    pub summary: String,
}

impl ActionRun {
    /// One output (empty when unset, as on GitHub).
    pub fn output(&self, name: &str) -> &str {
        self.outputs.get(name).map_or("", String::as_str)
    }

    /// The step logs, for assertion messages.
    pub fn log(&self) -> String {
        self.steps
            .iter()
            .map(|s| {
                format!(
                    "--- {} (status {:?})\n{}{}",
                    s.name, s.status, s.stdout, s.stderr
                )
            })
            .collect()
    }

    /// The run of the step named `name`.
    pub fn step(&self, name: &str) -> &StepRun {
        self.steps
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no step {name:?}"))
    }
}

/// A runner: an action directory, a workspace (the steps' working directory) and `RUNNER_TEMP`.
pub struct Runner {
    /// `GITHUB_ACTION_PATH`: where action.yml is.
    pub action_path: PathBuf,
    /// `github.action_repository`: `owner/name`, or empty as for `uses: ./`.
    pub action_repository: String,
    /// `GITHUB_WORKSPACE`.
    pub workspace: PathBuf,
    /// `RUNNER_TEMP`.
    pub runner_temp: PathBuf,
    /// Extra process environment for every step (e.g. a different `PATH`).
    pub env: BTreeMap<String, String>,
}

impl Runner {
    /// Runs the action with these inputs (defaults from action.yml for the rest).
    pub fn run(&self, given: &[(&str, &str)]) -> ActionRun {
        let text = std::fs::read_to_string(self.action_path.join("action.yml"))
            .expect("action.yml readable");
        let action = Action::parse(&text);
        let mut inputs = action.inputs.clone();
        for (k, v) in given {
            assert!(inputs.contains_key(*k), "input {k:?} is not declared");
            inputs.insert((*k).to_string(), (*v).to_string());
        }
        for r in &action.required {
            assert!(
                given.iter().any(|(k, _)| k == r),
                "required input {r:?} missing"
            );
        }
        let mut step_outputs: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        let mut outcomes = BTreeMap::new();
        let mut runs = Vec::new();
        let mut status = 0;
        let mut summary = String::new();
        for (i, step) in action.steps.iter().enumerate() {
            let cx = Contexts {
                inputs: &inputs,
                action_path: &self.action_path,
                action_repository: &self.action_repository,
                workspace: &self.workspace,
                runner_temp: &self.runner_temp,
                steps: &step_outputs,
                outcomes: &outcomes,
            };
            // A step runs only while everything before succeeded, unless its `if` says always().
            let wanted = match &step.condition {
                Some(c) => {
                    let c = c.trim();
                    let c = c
                        .strip_prefix("${{")
                        .and_then(|c| c.strip_suffix("}}"))
                        .unwrap_or(c);
                    let value = evaluate(c, &cx).unwrap_or_else(|e| panic!("{}: {e}", step.name));
                    value == "true" && (status == 0 || c.contains("always()"))
                }
                None => status == 0,
            };
            let Some(script) = step.run.as_ref().filter(|_| wanted) else {
                let with = if wanted {
                    step.with
                        .iter()
                        .map(|(k, v)| {
                            let v = interpolate(v, &cx)
                                .unwrap_or_else(|e| panic!("{}: {e}", step.name));
                            (k.clone(), v)
                        })
                        .collect()
                } else {
                    BTreeMap::new()
                };
                runs.push(StepRun {
                    name: step.name.clone(),
                    status: None,
                    stdout: String::new(),
                    stderr: String::new(),
                    with,
                });
                continue;
            };
            let env: BTreeMap<String, String> = step
                .env
                .iter()
                .map(|(k, v)| {
                    let v = interpolate(v, &cx).unwrap_or_else(|e| panic!("{}: {e}", step.name));
                    (k.clone(), v)
                })
                .collect();
            let dir = self.runner_temp.join(format!("_step{i}"));
            std::fs::create_dir_all(&dir).expect("step dir");
            let output_file = dir.join("output");
            let summary_file = dir.join("summary");
            std::fs::write(&output_file, "").expect("GITHUB_OUTPUT");
            std::fs::write(&summary_file, "").expect("GITHUB_STEP_SUMMARY");
            let script_file = dir.join("script.sh");
            // The runner pastes expressions into the script text before the shell sees it; doing
            // the same here is what lets a hostile input prove an interpolating script unsafe.
            let script = interpolate(script, &cx).unwrap_or_else(|e| panic!("{}: {e}", step.name));
            std::fs::write(&script_file, script).expect("script");
            // The runner's templates for `shell:`: bash --noprofile --norc -eo pipefail {0}.
            let mut cmd = match step.shell.as_deref() {
                Some("bash") => {
                    let mut c = Command::new(which("bash"));
                    c.args(["--noprofile", "--norc", "-eo", "pipefail"]);
                    c
                }
                Some("sh") => {
                    let mut c = Command::new(which("sh"));
                    c.arg("-e");
                    c
                }
                other => panic!("{}: shell {other:?} is not supported here", step.name),
            };
            cmd.arg(&script_file);
            let cwd = match &step.working_directory {
                Some(w) => self
                    .workspace
                    .join(interpolate(w, &cx).expect("working-directory")),
                None => self.workspace.clone(),
            };
            cmd.current_dir(cwd);
            for (k, _) in std::env::vars() {
                if k.starts_with("INPUT_") || k.starts_with("GITHUB_") || k.starts_with("RUNNER_") {
                    cmd.env_remove(k);
                }
            }
            cmd.env("CI", "true")
                .env("GITHUB_ACTIONS", "true")
                .env("GITHUB_ACTION_PATH", &self.action_path)
                .env("GITHUB_WORKSPACE", &self.workspace)
                .env("GITHUB_OUTPUT", &output_file)
                .env("GITHUB_STEP_SUMMARY", &summary_file)
                .env("RUNNER_TEMP", &self.runner_temp)
                .env("RUNNER_OS", "Linux")
                .env("RUNNER_ARCH", "X64");
            cmd.envs(&self.env).envs(&env);
            let out = cmd.output().expect("run the step's shell");
            let code = out.status.code().unwrap_or(-1);
            let written = std::fs::read_to_string(&output_file).expect("read GITHUB_OUTPUT");
            let parsed = parse_github_output(&written)
                .unwrap_or_else(|e| panic!("{}: bad GITHUB_OUTPUT: {e}\n{written}", step.name));
            summary.push_str(&std::fs::read_to_string(&summary_file).expect("read summary"));
            if let Some(id) = &step.id {
                // The runner keeps the outputs of a failed step too.
                step_outputs.insert(id.clone(), parsed);
                let outcome = if code == 0 { "success" } else { "failure" };
                outcomes.insert(id.clone(), outcome.into());
            }
            if code != 0 && status == 0 {
                status = code;
            }
            runs.push(StepRun {
                name: step.name.clone(),
                status: Some(code),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                with: BTreeMap::new(),
            });
        }
        let cx = Contexts {
            inputs: &inputs,
            action_path: &self.action_path,
            action_repository: &self.action_repository,
            workspace: &self.workspace,
            runner_temp: &self.runner_temp,
            steps: &step_outputs,
            outcomes: &outcomes,
        };
        let outputs = action
            .outputs
            .iter()
            .map(|(k, v)| (k.clone(), interpolate(v, &cx).expect("output value")))
            .collect();
        ActionRun {
            steps: runs,
            status,
            outputs,
            summary,
        }
    }
}

/// A program's absolute path on the test's own `PATH` (steps may run with another one).
pub fn which(program: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{program} not found on PATH"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_empty<T>(f: impl FnOnce(&Contexts) -> T) -> T {
        let mut inputs = BTreeMap::new();
        inputs.insert("sbom".to_string(), "a b.json".to_string());
        inputs.insert("fail-on".to_string(), String::new());
        let mut steps = BTreeMap::new();
        let mut scan = BTreeMap::new();
        scan.insert("verdict".to_string(), "failed".to_string());
        steps.insert("scan".to_string(), scan);
        let outcomes = BTreeMap::new();
        let cx = Contexts {
            inputs: &inputs,
            action_path: Path::new("/action"),
            action_repository: "acme/bomscreen",
            workspace: Path::new("/ws"),
            runner_temp: Path::new("/tmp/runner"),
            steps: &steps,
            outcomes: &outcomes,
        };
        f(&cx)
    }

    #[test]
    fn expressions_of_action_yml_evaluate() {
        with_empty(|cx| {
            assert_eq!(evaluate("inputs.sbom", cx).unwrap(), "a b.json");
            assert_eq!(evaluate(" inputs.fail-on == '' ", cx).unwrap(), "true");
            assert_eq!(evaluate("inputs.sbom != ''", cx).unwrap(), "true");
            assert_eq!(
                evaluate("steps.scan.outputs.verdict == 'FAILED'", cx).unwrap(),
                "true"
            );
            assert_eq!(evaluate("steps.scan.outputs.missing", cx).unwrap(), "");
            assert_eq!(evaluate("'it''s'", cx).unwrap(), "it's");
            assert_eq!(
                interpolate("${{ github.action_path }}/target-${{ runner.os }}", cx).unwrap(),
                "/action/target-Linux"
            );
            assert_eq!(
                evaluate("github.action_repository", cx).unwrap(),
                "acme/bomscreen"
            );
            assert!(evaluate("inputs.nope", cx).is_err());
            assert!(evaluate("hashFiles('Cargo.lock')", cx).is_err());
            assert!(interpolate("${{ inputs.sbom", cx).is_err());
        });
    }

    #[test]
    fn github_output_file_is_read_like_the_runner() {
        let text = "a=1\nb=x=y\npath<<EOF_1\nline one\nline=two\nEOF_1\nempty=\n";
        let out = parse_github_output(text).unwrap();
        assert_eq!(out["a"], "1");
        assert_eq!(out["b"], "x=y");
        assert_eq!(out["path"], "line one\nline=two");
        assert_eq!(out["empty"], "");
        assert!(parse_github_output("x<<EOF\nno end\n").is_err());
        assert!(parse_github_output("no separator\n").is_err());
    }

    #[test]
    fn injection_check_finds_expressions_in_scripts() {
        let bad = r#"
name: bad
inputs:
  sbom: { required: true }
runs:
  using: composite
  steps:
    - name: fine
      shell: bash
      env:
        INPUT_SBOM: ${{ inputs.sbom }}
      run: echo "$INPUT_SBOM"
    - name: pasted input
      shell: bash
      run: bomscreen scan ${{inputs.sbom}}
    - name: pasted event
      shell: bash
      run: |
        echo "checking"
        echo "${{ github.event.pull_request.title }}"
"#;
        let workflow = r#"
on: issues
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - if: github.event.issue.title != ''
        env:
          TITLE: ${{ github.event.issue.title }}
        run: echo "$TITLE"
      - name: pasted title
        run: echo "${{ github.event.issue.title }}"
"#;
        assert_eq!(
            expressions_in_workflow_scripts(workflow),
            vec![(
                "pasted title".to_string(),
                "${{ github.event.issue.title }}".to_string()
            )]
        );
        let found = expressions_in_run_scripts(bad);
        assert_eq!(
            found,
            vec![
                ("pasted input".to_string(), "${{inputs.sbom}}".to_string()),
                (
                    "pasted event".to_string(),
                    "${{ github.event.pull_request.title }}".to_string()
                ),
            ]
        );
    }
}
