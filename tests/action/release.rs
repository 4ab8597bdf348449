//! The action's release-binary path (`action/release-binary.sh`), run by the harness against
//! releases laid out in a local folder exactly as `.github/workflows/release.yml` publishes them:
//! a binary whose checksum matches is used without building, a mismatch is refused, and without
//! a release (or with one built from other sources) the action builds from source and says so.
//! No test reaches the network: downloads are `file://`, or go to a stand-in curl.

use std::collections::BTreeSet;
use std::process::Command;
use std::time::Instant;

use super::*;

/// The crate's version: the release tag the action looks for, and what `--version` must print.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The asset the harness's runner (Linux, X64) asks for.
fn asset() -> String {
    format!("bomscreen-v{VERSION}-x86_64-unknown-linux-musl.tar.gz")
}

/// `action/source-sha256.sh` of a directory.
fn source_sha256(dir: &Path) -> String {
    let out = Command::new(which("bash"))
        .arg(Path::new(REPO).join("action/source-sha256.sh"))
        .arg(dir)
        .output()
        .expect("run source-sha256.sh");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim()
        .to_string()
}

/// Publishes `binary` as release `v{VERSION}` for Linux/X64 under `root/releases`, packaged and
/// summed as release.yml does; returns the release folder and the `release-url` value for it.
fn publish(root: &Path, binary: &Path, source: &str) -> (PathBuf, String) {
    let releases = root.join("releases");
    let tag = format!("v{VERSION}");
    let name = format!("bomscreen-{tag}-x86_64-unknown-linux-musl");
    let script = r#"
        set -euo pipefail
        mkdir -p "$RELEASES/$TAG/$NAME"
        cd "$RELEASES/$TAG"
        cp "$BINARY" "$NAME/bomscreen"
        tar -cf - "$NAME" | gzip -1 > "$NAME.tar.gz"
        rm -r "$NAME"
        printf '%s\n' "$SOURCE" > "bomscreen-$TAG.source-sha256"
        sha256sum -- * > SHA256SUMS
    "#;
    let status = Command::new(which("bash"))
        .args(["-c", script])
        .env("RELEASES", &releases)
        .env("TAG", &tag)
        .env("NAME", &name)
        .env("BINARY", binary)
        .env("SOURCE", source)
        .status()
        .expect("package the release");
    assert!(status.success());
    let url = format!("file://{}", releases.display());
    (releases.join(tag), url)
}

/// The stand-in bomscreen of `fake()`, answering `--version` like the real one.
fn stand_in(s: &Scratch) -> PathBuf {
    let bin = s.root().join("stand-in/bomscreen");
    let version =
        format!("if [[ \"$1\" == --version ]]; then echo 'bomscreen {VERSION}'; exit 0; fi\n");
    write_exe(
        &bin,
        &format!("#!{}\n{version}{FAKE_BOMSCREEN}", which("bash").display()),
    );
    bin
}

/// `action_copy()` with a package version in its Cargo.toml; also returns its source identity.
fn versioned_copy() -> (Scratch, PathBuf, PathBuf, String) {
    let (s, action, cargo_log) = action_copy();
    fs::write(
        action.join("Cargo.toml"),
        format!("[package]\nname = \"bomscreen\"\nversion = \"{VERSION}\"\n"),
    )
    .expect("write");
    let source = source_sha256(&action);
    (s, action, cargo_log, source)
}

#[test]
fn a_release_binary_matching_its_checksum_is_used_without_building() {
    let (s, _action, cargo_log, source) = versioned_copy();
    let (_release, url) = publish(s.root(), Path::new(BIN), &source);
    s.sample("web-service.spdx.json", "web-service.spdx.json");
    let run = s.run(&[("sbom", "web-service.spdx.json"), ("release-url", &url)]);
    assert_eq!(run.status, 0, "{}", run.log());
    assert_eq!(
        run.output("verdict"),
        "passed",
        "the release binary scanned"
    );
    assert!(!cargo_log.exists(), "nothing was built:\n{}", run.log());
    let log = &run.step("Release binary").stdout;
    assert!(
        log.contains(&format!(
            "{} matches SHA256SUMS of release v{VERSION}",
            asset()
        )) && log.contains(&format!("using the release binary of v{VERSION}")),
        "{log}"
    );
    assert!(
        run.step("Cache the bomscreen build").with.is_empty(),
        "no build cache is restored for a release binary"
    );
}

#[test]
fn a_checksum_mismatch_is_refused_and_nothing_runs() {
    let (s, _action, cargo_log, source) = versioned_copy();
    let (release, url) = publish(s.root(), &stand_in(&s), &source);
    // One bit changed after the sums were written: a tampered mirror or a corrupted download.
    let archive = release.join(asset());
    let mut bytes = fs::read(&archive).expect("archive");
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    fs::write(&archive, bytes).expect("write");
    let run = s.run(&[("sbom", "x.json"), ("release-url", &url)]);
    assert_eq!(run.status, 2, "{}", run.log());
    assert_eq!(run.step("Release binary").status, Some(2));
    let log = &run.step("Release binary").stdout;
    assert!(
        log.contains(&format!(
            "::error title=bomscreen::checksum mismatch for {} of release v{VERSION}",
            asset()
        )) && log.contains("Refusing to use it"),
        "{log}"
    );
    assert_eq!(run.step("Get bomscreen").status, None, "no later step runs");
    assert_eq!(run.step("Scan").status, None);
    assert!(!cargo_log.exists(), "a mismatch is no reason to build");
    assert!(!s.root().join("argv").exists(), "the binary never ran");

    // The file naming the sources is checked the same way before it is believed.
    let (s, _action, cargo_log, source) = versioned_copy();
    let (release, url) = publish(s.root(), &stand_in(&s), &"0".repeat(64));
    fs::write(
        release.join(format!("bomscreen-v{VERSION}.source-sha256")),
        format!("{source}\n"),
    )
    .expect("write");
    let run = s.run(&[("sbom", "x.json"), ("release-url", &url)]);
    assert_eq!(run.status, 2, "{}", run.log());
    assert!(
        run.step("Release binary").stdout.contains(&format!(
            "checksum mismatch for bomscreen-v{VERSION}.source-sha256"
        )),
        "{}",
        run.log()
    );
    assert!(!cargo_log.exists());
}

#[test]
fn without_a_release_the_action_builds_from_source_and_says_so() {
    let (s, _action, cargo_log, _source) = versioned_copy();
    // A plain directory is a mirror too; this one has no release.
    let mirror = s.root().join("mirror");
    fs::create_dir_all(&mirror).expect("mkdir");
    let run = s.run(&[
        ("sbom", "x.json"),
        ("release-url", &mirror.display().to_string()),
    ]);
    assert_eq!(run.status, 0, "{}", run.log());
    let log = &run.step("Release binary").stdout;
    assert!(
        log.contains(&format!(
            "no release v{VERSION} at file://{}/v{VERSION} (curl: ",
            mirror.display()
        )) && log.contains("building from source"),
        "{log}"
    );
    assert!(cargo_log.exists(), "built with cargo:\n{}", run.log());
    assert_eq!(run.output("verdict"), "passed", "the built binary ran");
    assert!(
        !run.step("Cache the bomscreen build").with.is_empty(),
        "the build cache is used"
    );
}

#[test]
fn a_release_built_from_other_sources_is_not_used() {
    // What `uses: owner/bomscreen@main` between two releases sees: the last release's version,
    // other sources.
    let (s, _action, cargo_log, source) = versioned_copy();
    let (_release, url) = publish(s.root(), &stand_in(&s), &"1".repeat(64));
    let run = s.run(&[("sbom", "x.json"), ("release-url", &url)]);
    assert_eq!(run.status, 0, "{}", run.log());
    let log = &run.step("Release binary").stdout;
    assert!(
        log.contains(&format!(
            "release v{VERSION} was built from other sources than this copy of the action"
        )) && log.contains(&source),
        "{log}"
    );
    assert!(cargo_log.exists(), "built instead:\n{}", run.log());
}

/// A stand-in curl on PATH that logs the URL it was given and answers 404, as GitHub does for a
/// release that does not exist.
fn curl_404(s: &mut Scratch) -> PathBuf {
    let dir = s.root().join("curl-bin");
    let log = s.root().join("curl.log");
    write_exe(
        &dir.join("curl"),
        &format!(
            "#!{}\nprintf '%s\\n' \"${{@: -1}}\" >> \"$FAKE_CURL_LOG\"\n\
             echo 'curl: (22) The requested URL returned error: 404' >&2\nexit 22\n",
            which("bash").display()
        ),
    );
    let path = format!("{}:{}", dir.display(), s.runner.env["PATH"]);
    s.runner.env.insert("PATH".into(), path);
    s.runner
        .env
        .insert("FAKE_CURL_LOG".into(), log.display().to_string());
    log
}

#[test]
fn releases_are_looked_up_in_the_action_s_own_repository() {
    let (mut s, action, cargo_log, _source) = versioned_copy();
    // Where the runner unpacks `uses: acme/bomscreen@v1`.
    let placed = s.root().join("work/_actions/acme/bomscreen/v1");
    fs::create_dir_all(placed.parent().expect("parent")).expect("mkdir");
    fs::rename(&action, &placed).expect("move the action");
    s.runner.action_path = placed;
    let curl_log = curl_404(&mut s);
    let default = [("sbom", "x.json"), ("release-url", "")];
    let run = s.run(&default);
    assert_eq!(run.status, 0, "{}", run.log());
    let sums =
        |repo: &str| format!("https://github.com/{repo}/releases/download/v{VERSION}/SHA256SUMS\n");
    assert_eq!(
        fs::read_to_string(&curl_log).expect("curl ran"),
        sums("acme/bomscreen")
    );
    assert!(
        run.step("Release binary")
            .stdout
            .contains("(curl: (22) The requested URL returned error: 404); building from source"),
        "{}",
        run.log()
    );
    assert!(cargo_log.exists());

    // github.action_repository, when the runner fills it in, names the repository.
    fs::remove_file(&curl_log).expect("rm");
    s.runner.action_repository = "acme/bomscreen-fork".into();
    s.run(&default);
    assert_eq!(
        fs::read_to_string(&curl_log).expect("curl ran"),
        sums("acme/bomscreen-fork")
    );

    // `uses: ./` (the action in the workspace): no repository, so no download is tried.
    fs::remove_file(&curl_log).expect("rm");
    s.runner.action_repository = String::new();
    s.runner.action_path = s.root().join("action dir");
    fs::rename(
        s.root().join("work/_actions/acme/bomscreen/v1"),
        &s.runner.action_path,
    )
    .expect("move back");
    let run = s.run(&default);
    assert_eq!(run.status, 0, "{}", run.log());
    assert!(!curl_log.exists(), "no download for a local action");
    assert!(
        run.step("Release binary")
            .stdout
            .contains("the action runs from a local path (uses: ./), which has no release"),
        "{}",
        run.log()
    );
}

/// The assets release.yml builds, from its matrix.
fn release_yml_assets() -> BTreeSet<String> {
    let text = fs::read_to_string(Path::new(REPO).join(".github/workflows/release.yml"))
        .expect("release.yml");
    let doc: Value = serde_saphyr::from_str(&text).expect("release.yml is YAML");
    doc["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .expect("a build matrix")
        .iter()
        .map(|e| {
            let target = e["target"].as_str().expect("target");
            let ext = if target.contains("-windows-") {
                "zip"
            } else {
                "tar.gz"
            };
            format!("bomscreen-v{VERSION}-{target}.{ext}")
        })
        .collect()
}

#[test]
fn the_action_asks_for_exactly_the_assets_release_yml_builds() {
    let (mut s, _action, _cargo_log, _source) = versioned_copy();
    let mut asked = BTreeSet::new();
    for (os, arch) in [
        ("Linux", "X64"),
        ("Linux", "ARM64"),
        ("macOS", "X64"),
        ("macOS", "ARM64"),
        ("Windows", "X64"),
        ("Linux", "ARM"),
        ("Windows", "ARM64"),
    ] {
        s.runner.env.insert("RUNNER_OS".into(), os.into());
        s.runner.env.insert("RUNNER_ARCH".into(), arch.into());
        let run = s.run(&[("sbom", "x.json")]);
        let log = &run.step("Release binary").stdout;
        let wanted = log
            .split_once(&format!("looking for release v{VERSION} ("))
            .and_then(|(_, rest)| rest.split_once(')'))
            .map(|(asset, _)| asset.to_string());
        match wanted {
            Some(asset) => {
                asked.insert(asset);
            }
            None => assert!(
                log.contains(&format!("no release binary is built for {os}/{arch}")),
                "{os}/{arch}: {log}"
            ),
        }
    }
    assert_eq!(asked, release_yml_assets());
}

#[test]
fn release_workflow_is_pinned_and_publishes_what_the_action_reads() {
    let text = fs::read_to_string(Path::new(REPO).join(".github/workflows/release.yml"))
        .expect("release.yml");
    let doc: Value = serde_saphyr::from_str(&text).expect("release.yml is YAML");
    let tags = &doc["on"]["push"]["tags"];
    assert_eq!(tags, &serde_json::json!(["v*"]), "runs on version tags");
    assert_eq!(
        doc["permissions"],
        serde_json::json!({}),
        "no permission unless a job asks"
    );
    let mut uses = Vec::new();
    for (job, spec) in doc["jobs"].as_object().expect("jobs") {
        assert!(
            spec["permissions"].is_object(),
            "{job} states its permissions"
        );
        for step in spec["steps"].as_array().into_iter().flatten() {
            if let Some(u) = step["uses"].as_str() {
                uses.push(u.to_string());
            }
        }
    }
    for u in &uses {
        let sha = u.split_once('@').map_or("", |(_, r)| r);
        assert!(
            sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
            "{u}: pin third-party actions by full commit SHA"
        );
    }
    assert!(
        uses.iter()
            .any(|u| u.starts_with("actions/attest-build-provenance@")),
        "{uses:?}"
    );
    // The action's names: SHA256SUMS, and the source identity from the action's own script.
    for needle in [
        "SHA256SUMS",
        "bash action/source-sha256.sh",
        ".source-sha256",
    ] {
        assert!(text.contains(needle), "release.yml lacks {needle}");
    }
}

/// Copies the repository as a runner downloads it for `uses:` (Cargo.toml names the benches and
/// tests, so cargo needs them too), without `target/` and `.git/`.
fn copy_action(to: &Path) {
    let repo = Path::new(REPO);
    for from in walk(repo) {
        let rel = from.strip_prefix(repo).expect("inside the repo");
        fs::create_dir_all(to.join(rel).parent().expect("parent")).expect("mkdir");
        fs::copy(&from, to.join(rel)).expect("copy");
    }
}

/// The action's time to first result both ways, on this machine, for README "Timings": from a
/// copy of the action with an empty target directory, (1) no release, so `cargo build --release
/// --locked` then the scan; (2) the binary (1) built, published as a local release, then the
/// download (file://), checksum check, unpacking and the scan. Crates must be in ~/.cargo already
/// (no network). Run: `cargo test --locked --test tests -- --ignored --nocapture time_to_first`.
#[test]
#[ignore = "builds bomscreen in release mode from scratch (minutes); run by hand for README Timings"]
#[allow(clippy::print_stderr)] // the two times are the test's report
fn time_to_first_result_both_ways() {
    let mut s = Scratch::new();
    s.sample("web-service.spdx.json", "web-service.spdx.json");
    let built = s.root().join("built");
    copy_action(&built);
    s.runner.action_path = built.clone();
    let inputs = [("sbom", "web-service.spdx.json")];
    let start = Instant::now();
    let run = s.run(&inputs);
    let build = start.elapsed();
    assert_eq!(run.status, 0, "{}", run.log());
    assert!(run.step("Get bomscreen").stdout.contains("building from"));

    let binary = built.join("target/release/bomscreen");
    let (release, url) = publish(s.root(), &binary, &source_sha256(&built));
    let fresh = s.root().join("fresh");
    copy_action(&fresh);
    s.runner.action_path = fresh;
    let start = Instant::now();
    let run = s.run(&[inputs[0], ("release-url", &url)]);
    let download = start.elapsed();
    assert_eq!(run.status, 0, "{}", run.log());
    assert!(
        run.step("Release binary")
            .stdout
            .contains("using the release binary")
    );
    let size = fs::metadata(release.join(asset())).expect("archive").len();
    eprintln!(
        "time to first result: build from source {:.1} s; release binary {:.2} s ({} bytes archive, file://)",
        build.as_secs_f64(),
        download.as_secs_f64(),
        size
    );
}
