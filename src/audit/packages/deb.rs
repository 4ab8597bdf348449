//! dpkg and opkg databases: the `status` file (and distroless `status.d/`), the per-package file
//! lists in `info/`, opkg's `info/NAME.control`, and Debian's `/usr/share/doc/NAME/copyright`.
//! Both tools write Debian control paragraphs (deb-control(5), deb-status(5)).

use super::text::{Paragraph, Problems, join, lines, lossy, paragraphs};
use super::{Ecosystem, Inventory, Package};

/// Reads a `status` file (dpkg or opkg) or one distroless `status.d/NAME` paragraph file.
pub(super) fn status(
    inv: &mut Inventory,
    eco: Ecosystem,
    path: &str,
    data: &[u8],
) -> Result<(), String> {
    let mut problems = Problems::default();
    for para in paragraphs(data, false, &mut problems) {
        if !installed(&para) {
            continue;
        }
        match record(&para, eco, path) {
            Some(p) => inv.packages.push(p),
            None => problems.note(
                para.line,
                "a package record without a Package field; skipped",
            ),
        }
    }
    problems.into_result(path)
}

/// Reads opkg's `info/NAME.control`: the full control paragraph (Maintainer, License, Source)
/// that OpenWrt's `status` file leaves out; joined to the status record in `finish`.
pub(super) fn control(inv: &mut Inventory, path: &str, data: &[u8]) -> Result<(), String> {
    let mut problems = Problems::default();
    for para in paragraphs(data, true, &mut problems) {
        match record(&para, Ecosystem::Opkg, path) {
            Some(p) => inv.opkg_controls.push(p),
            None => problems.note(
                para.line,
                "a control paragraph without a Package field; skipped",
            ),
        }
    }
    problems.into_result(path)
}

/// deb-status(5): `Status: want flag state`; a package's files are on disk when its state is
/// `installed`, whatever the want (`install`, `hold`, `deinstall`) or the flag (opkg writes
/// `user`). Distroless `status.d/` paragraphs carry no Status: they are installed.
fn installed(para: &Paragraph) -> bool {
    para.get("Status")
        .is_none_or(|s| s.split_whitespace().nth(2) == Some("installed"))
}

/// One package from its control paragraph; `None` without a `Package` field.
fn record(para: &Paragraph, eco: Ecosystem, path: &str) -> Option<Package> {
    let name = para.one_line("Package")?;
    let mut maintainers = Vec::new();
    for field in ["Maintainer", "Original-Maintainer"] {
        if let Some(m) = para.one_line(field) {
            maintainers.push(m);
        }
    }
    Some(Package {
        ecosystem: Some(eco),
        name,
        version: para.one_line("Version"),
        arch: para.one_line("Architecture"),
        maintainers,
        homepage: para.one_line("Homepage"),
        license: para.one_line("License"),
        // deb-control(5): `Source: name (version)` when the source version differs.
        origin: para
            .one_line("Source")
            .and_then(|s| s.split_whitespace().next().map(str::to_string)),
        source: path.to_string(),
        line: Some(para.line),
        ..Package::default()
    })
}

/// Reads a file list: dpkg's `info/NAME.list` and `info/NAME:ARCH.list` (one absolute path a
/// line), opkg's `info/NAME.list` (opkg-lede appends a tab, the mode and a link target to each
/// path), or a distroless `status.d/NAME.md5sums` (`md5  path`, path relative to `/`).
pub(super) fn list(
    inv: &mut Inventory,
    eco: Ecosystem,
    path: &str,
    data: &[u8],
) -> Result<(), String> {
    let file = path.rsplit('/').next().unwrap_or(path);
    let md5sums = file.ends_with(".md5sums");
    let stem = file
        .strip_suffix(".list")
        .or_else(|| file.strip_suffix(".md5sums"))
        .unwrap_or(file);
    let (name, arch) = match stem.split_once(':') {
        Some((n, a)) => (n.to_string(), Some(a.to_string())),
        None => (stem.to_string(), None),
    };
    let mut problems = Problems::default();
    let files = inv.lists.entry((eco, name, arch)).or_default();
    for (n, line) in lines(data) {
        let line = lossy(line);
        let entry = if md5sums {
            // md5sum(1) output: 32 hex digits, two spaces (or space and `*`), the path.
            let digest = line
                .get(..32)
                .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
            match line.get(34..).filter(|_| digest) {
                Some(p) => p,
                None => {
                    problems.note(n, "expected \"MD5  path\"");
                    continue;
                }
            }
        } else if eco == Ecosystem::Opkg {
            line.split('\t').next().unwrap_or("")
        } else {
            line.as_str()
        };
        if entry.is_empty() || entry == "/." {
            continue;
        }
        if !md5sums && !entry.starts_with('/') {
            problems.note(n, "expected an absolute path");
            continue;
        }
        files.push(join("/", entry));
    }
    problems.into_result(path)
}

/// Reads `/usr/share/doc/NAME/copyright`. A machine-readable file (DEP-5, "Copyright Format
/// 1.0": its first paragraph has a `Format:` field) gives every line of every `Copyright:`
/// field, folded lines too; any other file gives the lines that start with `Copyright`, `(C)`
/// or `©`. Each notice is one entry, in order of first appearance.
pub(super) fn copyright(inv: &mut Inventory, path: &str, data: &[u8]) {
    let Some(name) = path
        .strip_prefix("/usr/share/doc/")
        .and_then(|p| p.strip_suffix("/copyright"))
    else {
        return;
    };
    let mut problems = Problems::default();
    let paras = if dep5(data) {
        paragraphs(data, false, &mut problems)
    } else {
        Vec::new()
    };
    let mut notices: Vec<String> = Vec::new();
    if !paras.is_empty() {
        for para in &paras {
            for value in para.all("Copyright") {
                notices.extend(value.split('\n').map(clean).filter(|l| !l.is_empty()));
            }
        }
    } else {
        for (_, line) in lines(data) {
            let line = lossy(line);
            let line = line.trim();
            if starts_notice(line) {
                notices.push(clean(line));
            }
        }
    }
    // Repeats are dropped in `finish` (a set there, so a hostile file stays linear).
    inv.copyrights
        .entry(name.to_string())
        .or_default()
        .extend(notices);
}

/// A DEP-5 file's first field is `Format:` naming the copyright-format URL (or the older `dep5`
/// drafts, which used `Format-Specification:`).
fn dep5(data: &[u8]) -> bool {
    let head = &data[..data.len().min(512)];
    let head = lossy(head);
    let first = head.trim_start().lines().next().unwrap_or("");
    let lower = first.to_ascii_lowercase();
    (lower.starts_with("format:") || lower.starts_with("format-specification:"))
        && (lower.contains("copyright-format") || lower.contains("dep5") || lower.contains("dep-5"))
}

/// Whether a free-form line is a notice: starts with `Copyright` (not a bare `Copyright:`
/// heading), `(C)` or `©`.
fn starts_notice(line: &str) -> bool {
    let lower = line.get(..9).map(str::to_ascii_lowercase);
    if lower.as_deref() == Some("copyright") {
        let rest = line[9..].trim_start_matches([':', ' ', '\t']);
        return rest.chars().any(char::is_alphanumeric);
    }
    line.starts_with("(C)") || line.starts_with("(c)") || line.starts_with('©')
}

/// A notice trimmed, with DEP-5's `.` empty-line marker dropped.
fn clean(line: &str) -> String {
    let t = line.trim();
    if t == "." {
        String::new()
    } else {
        t.to_string()
    }
}
