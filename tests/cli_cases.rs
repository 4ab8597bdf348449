//! CLI case files (`tests/cmd/*.toml` with their `.stdout` / `.stderr`): `--help` of every
//! command, and the README's example commands on `samples/`, each checked byte for byte. After an
//! intended change, `TRYCMD=overwrite cargo test --test tests cli_cases` rewrites the expected
//! files; review them as a diff. See: issue 10, item 7 ("Tests people review").

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin(
            "bomscreen",
            std::path::Path::new(env!("CARGO_BIN_EXE_bomscreen")),
        )
        // The table wraps at COLUMNS; a developer's terminal width must not change the output.
        .env("COLUMNS", "80")
        .case("tests/cmd/*.toml")
        // "bomscreen 0.1.0" in a report header reads "bomscreen [VERSION]" in the expected files,
        // so a version bump does not rewrite them.
        .insert_var("[VERSION]", env!("CARGO_PKG_VERSION"))
        .expect("[VERSION] is a valid trycmd variable name");
}

/// The output the README shows under `$ COMMAND` in a text block, up to the block's end.
fn shown_after(readme: &str, marker: &str) -> String {
    let start = readme
        .find(marker)
        .unwrap_or_else(|| panic!("README.md no longer shows {marker:?}"))
        + marker.len();
    let end = start + readme[start..].find("```").expect("the text block ends");
    readme[start..end].to_string()
}

/// A case's expected standard output, with the version the binary prints.
fn expected(case: &str) -> String {
    std::fs::read_to_string(format!("tests/cmd/{case}.stdout"))
        .expect("the case has a .stdout file")
        .replace("[VERSION]", env!("CARGO_PKG_VERSION"))
}

/// Re-accepting a README case's output (`TRYCMD=overwrite`) must come with the same change to
/// the README, which shows that output: the two are compared here.
#[test]
fn readme_shows_the_outputs_of_its_cases() {
    let readme = std::fs::read_to_string("README.md").expect("README.md is readable");
    for (command, case) in [
        (
            "$ cargo run --release -- scan samples/firewall-image.cdx.json --as-of 2026-11-23\n",
            "readme-quick-start-scan",
        ),
        (
            "$ bomscreen explain samples/firewall-image.cdx.json avscan-engine --as-of 2026-11-23\n",
            "readme-explain",
        ),
    ] {
        assert_eq!(
            shown_after(&readme, command),
            expected(case),
            "README.md's output of `{}` differs from tests/cmd/{case}.stdout",
            command.trim_end()
        );
    }
    // The diff example shows an excerpt: its lines, "  ..." aside, appear in this order.
    let excerpt = shown_after(&readme, "```text\nnew findings (");
    let full = expected("readme-diff");
    let mut rest = full.lines();
    for line in format!("new findings ({excerpt}").lines() {
        if line.trim() != "..." {
            assert!(
                rest.any(|l| l == line),
                "README.md's diff excerpt line {line:?} is not in tests/cmd/readme-diff.stdout \
                 (or not in this order)"
            );
        }
    }
}
