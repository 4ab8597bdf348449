//! Benchmark inputs: large SBOMs written by ../shared/tools/gen_sbom.py into target/bench-data on
//! first use (never committed), so every bench measures the same documents.

use std::path::PathBuf;
use std::process::Command;

/// The generated 100k-component SBOM in `format` (a gen_sbom.py format name), made once.
pub fn generated(format: &str, ext: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/bench-data");
    let path = dir.join(format!("{format}-100000.{ext}"));
    if !path.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let script = root.join("../shared/tools/gen_sbom.py");
        let status = Command::new("python3")
            .arg(&script)
            .args([
                "--format",
                format,
                "--components",
                "100000",
                "--seed",
                "1",
                "--plant",
                "50",
                "--out",
            ])
            .arg(&path)
            .status()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
        assert!(status.success(), "gen_sbom.py failed for {format}");
    }
    path
}
