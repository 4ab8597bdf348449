//! Python distributions: `*.dist-info/METADATA` with its `RECORD` (PyPA "Recording installed
//! projects"), and `*.egg-info/PKG-INFO` (or a lone `*.egg-info` file, as distutils installs)
//! with `installed-files.txt`. Core metadata is RFC 822 headers; the body after the first blank
//! line is the description and is not read.

use super::text::{Problems, join, known, lines, lossy, paragraphs, parent};
use super::{Ecosystem, Inventory, Package};

/// Reads core metadata (`METADATA`, `PKG-INFO`, a lone `.egg-info` file).
pub(super) fn metadata(inv: &mut Inventory, path: &str, data: &[u8]) -> Result<(), String> {
    let mut problems = Problems::default();
    let Some(head) = paragraphs(data, true, &mut problems).into_iter().next() else {
        problems.note(1, "no metadata headers");
        return problems.into_result(path);
    };
    let Some(name) = known(head.get("Name")) else {
        problems.note(head.line, "metadata without a Name header; skipped");
        return problems.into_result(path);
    };
    let one = |field: &str| known(head.one_line(field).as_deref());
    let authors: Vec<String> = ["Author", "Author-email"]
        .into_iter()
        .filter_map(one)
        .collect();
    let maintainers: Vec<String> = ["Maintainer", "Maintainer-email"]
        .into_iter()
        .filter_map(one)
        .collect();
    // Core metadata 2.1+: `Project-URL: Homepage, https://…` is where newer builds put it.
    let homepage = one("Home-page").or_else(|| {
        head.all("Project-URL").find_map(|v| {
            let (label, url) = v.split_once(',')?;
            let label = label.trim().to_ascii_lowercase();
            matches!(
                label.as_str(),
                "homepage" | "home" | "home-page" | "home page"
            )
            .then(|| url.trim().to_string())
        })
    });
    inv.packages.push(Package {
        ecosystem: Some(Ecosystem::Python),
        name,
        version: one("Version"),
        authors,
        maintainers,
        homepage,
        // Metadata 2.4 puts the SPDX expression in `License-Expression`; older ones write text.
        license: known(head.get("License-Expression")).or_else(|| known(head.get("License"))),
        source: path.to_string(),
        line: Some(head.line),
        ..Package::default()
    });
    problems.into_result(path)
}

/// Reads a `RECORD` (CSV: path, hash, size; paths relative to the folder holding the
/// `.dist-info`) or an `installed-files.txt` (one path a line, relative to the `.egg-info`).
pub(super) fn files(inv: &mut Inventory, path: &str, data: &[u8]) {
    let meta_dir = parent(path);
    let record = path.ends_with("/RECORD");
    let base = if record { parent(meta_dir) } else { meta_dir };
    let out = inv.records.entry(meta_dir.to_string()).or_default();
    for (_, line) in lines(data) {
        let rel = if record { csv_first(line) } else { lossy(line) };
        if !rel.trim().is_empty() {
            out.push(join(base, rel.trim()));
        }
    }
}

/// The first field of a CSV line (RFC 4180: a quoted field may hold commas and `""`).
fn csv_first(line: &[u8]) -> String {
    if line.first() != Some(&b'"') {
        let end = memchr::memchr(b',', line).unwrap_or(line.len());
        return lossy(&line[..end]);
    }
    let mut out = Vec::new();
    let mut i = 1;
    while i < line.len() {
        match (line[i], line.get(i + 1)) {
            (b'"', Some(b'"')) => {
                out.push(b'"');
                i += 2;
            }
            (b'"', _) => break,
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    lossy(&out)
}
