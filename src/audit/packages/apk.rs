//! Alpine's installed database, `/lib/apk/db/installed` (Alpine wiki "Apk spec", section
//! "Installed Database"): one record per package separated by blank lines, each line a
//! one-letter key, `:` and a value. `F:` names a folder (relative to `/`) and the `R:` lines
//! after it the files in that folder.

use super::text::{Problems, blank, join, lines, lossy};
use super::{Ecosystem, Inventory, Package};

/// Reads the whole database; records without `P:` are skipped and reported.
pub(super) fn installed(inv: &mut Inventory, path: &str, data: &[u8]) -> Result<(), String> {
    let mut problems = Problems::default();
    let mut cur: Option<Package> = None;
    let mut folder = String::from("/");
    let mut start = 0;
    let mut flush = |cur: &mut Option<Package>, start: u32, problems: &mut Problems| {
        if let Some(p) = cur.take() {
            if p.name.is_empty() {
                problems.note(start, "a package record without a P: (name) line; skipped");
            } else {
                inv.packages.push(p);
            }
        }
    };
    for (n, line) in lines(data) {
        if blank(line) {
            flush(&mut cur, start, &mut problems);
            folder = String::from("/");
            continue;
        }
        let (key, value) = match line {
            [k, b':', rest @ ..] => (*k, lossy(rest)),
            _ => {
                problems.note(n, "expected a \"K:value\" line");
                continue;
            }
        };
        let p = cur.get_or_insert_with(|| {
            start = n;
            Package {
                ecosystem: Some(Ecosystem::Apk),
                source: path.to_string(),
                line: Some(n),
                ..Package::default()
            }
        });
        let value = value.trim().to_string();
        match key {
            b'P' => p.name = value,
            b'V' => p.version = Some(value),
            b'A' => p.arch = Some(value),
            b'm' => p.maintainers.push(value),
            b'U' => p.homepage = Some(value),
            b'L' => p.license = Some(value),
            b'o' => p.origin = Some(value),
            b'F' => folder = join("/", &value),
            b'R' => p.files.push(join(&folder, &value)),
            _ => {}
        }
    }
    flush(&mut cur, start, &mut problems);
    problems.into_result(path)
}
