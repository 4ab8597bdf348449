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
