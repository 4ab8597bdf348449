//! This machine's own databases, copied to their paths in a scratch filesystem and fed as the
//! orchestrator feeds one: every file `wants` accepts, in directory order.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::super::*;
use super::assert_purl;

/// Copies the real file `from` to the path `to` (absolute in the filesystem) under `root`.
fn place(root: &Path, from: &Path, to: &str) {
    let dest = root.join(to.trim_start_matches('/'));
    fs::create_dir_all(dest.parent().unwrap()).unwrap();
    fs::copy(from, &dest).unwrap_or_else(|e| panic!("copying {}: {e}", from.display()));
}

/// Copies a real file to the same path under `root`.
fn mirror(root: &Path, from: &Path) {
    place(root, from, from.to_str().unwrap());
}

/// Feeds every wanted file under `root`; returns the inventory and the errors.
fn feed(root: &Path) -> (Inventory, Vec<String>) {
    let mut inv = Inventory::new();
    let mut errors = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let path = format!(
            "/{}",
            entry.path().strip_prefix(root).unwrap().to_str().unwrap()
        );
        if !Inventory::wants(&path) {
            continue;
        }
        if let Err(e) = inv.add(&path, &fs::read(entry.path()).unwrap()) {
            errors.push(e);
        }
    }
    (inv, errors)
}

fn run(cmd: &str, args: &[&str], debian_package: &str) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} ({e}): install the Debian package {debian_package}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn files_in(dir: &str, pred: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| pred(p))
        .collect();
    out.sort();
    out
}

#[test]
fn this_machines_dpkg_database_matches_dpkg_query() {
    let root = tempfile::tempdir().unwrap();
    mirror(root.path(), Path::new("/var/lib/dpkg/status"));
    for list in files_in("/var/lib/dpkg/info", |p| {
        p.extension().is_some_and(|e| e == "list")
    }) {
        mirror(root.path(), &list);
    }
    let mut copyrights = 0;
    for doc in files_in("/usr/share/doc", |_| true) {
        let c = doc.join("copyright");
        if c.is_file() {
            mirror(root.path(), &c);
            copyrights += 1;
        }
    }
    for os in ["/etc/os-release", "/usr/lib/os-release"] {
        if Path::new(os).is_file() {
            place(root.path(), Path::new(os), os);
        }
    }
    let (inv, errors) = feed(root.path());
    assert_eq!(errors, Vec::<String>::new());
    let distro = inv.distro().expect("this machine has an os-release");
    let pkgs = inv.finish();

    let query = run(
        "dpkg-query",
        &[
            "-W",
            "-f",
            "${Package}\\t${Version}\\t${Architecture}\\t${db:Status-Abbrev}\\n",
        ],
        "dpkg",
    );
    // dpkg-query -W also lists removed packages whose config files remain (`rc`): their files
    // are gone, so the inventory leaves them out.
    let want: BTreeSet<(String, String, String)> = query
        .lines()
        .filter(|l| {
            l.split('\t')
                .nth(3)
                .is_some_and(|s| s.get(1..2) == Some("i"))
        })
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[1].to_string(), f[2].to_string())
        })
        .collect();
    let got: BTreeSet<(String, String, String)> = pkgs
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                p.version.clone().unwrap_or_default(),
                p.arch.clone().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(pkgs.len(), want.len(), "one package per dpkg-query line");
    assert!(pkgs.len() > 50, "{} packages", pkgs.len());

    let bash = pkgs
        .iter()
        .find(|p| p.name == "bash")
        .expect("bash is Essential");
    assert!(
        bash.files
            .iter()
            .any(|f| f == "/usr/bin/bash" || f == "/bin/bash"),
        "{:?}",
        bash.files
    );
    assert!(
        !bash.files.iter().any(|f| f == "/usr" || f == "/usr/bin"),
        "folders are left out"
    );
    assert!(
        bash.copyright
            .iter()
            .any(|c| c.contains("Free Software Foundation")),
        "{:?}",
        bash.copyright
    );
    assert_purl(
        bash,
        "deb",
        Some(&distro.id),
        "bash",
        bash.version.as_deref(),
    );
    let q = crate::model::Purl::new(bash.purl.clone().unwrap()).qualifiers();
    assert_eq!(q[0], ("arch".to_string(), bash.arch.clone().unwrap()));
    // Every package with a list gets its files, every copyright file its holders.
    let with_files = pkgs.iter().filter(|p| !p.files.is_empty()).count();
    let with_notices = pkgs.iter().filter(|p| !p.copyright.is_empty()).count();
    // Nearly every copyright file names a holder (a few say only where the licence is).
    assert!(
        with_notices * 10 >= copyrights * 9,
        "{with_notices} of {copyrights}"
    );
    assert!(
        with_files * 10 >= pkgs.len() * 9,
        "{with_files} of {}",
        pkgs.len()
    );
}

#[test]
fn this_machines_python_distributions() {
    let site = run(
        "python3",
        &[
            "-c",
            "import os, pip; print(os.path.dirname(os.path.dirname(pip.__file__)))",
        ],
        "python3-pip",
    );
    let site = site.trim();
    let pip_version = run(
        "python3",
        &["-c", "import pip; print(pip.__version__)"],
        "python3-pip",
    );
    let root = tempfile::tempdir().unwrap();
    let dist_infos = files_in(site, |p| {
        p.extension().is_some_and(|e| e == "dist-info") && p.join("METADATA").is_file()
    });
    for d in &dist_infos {
        for f in ["METADATA", "RECORD"] {
            if d.join(f).is_file() {
                mirror(root.path(), &d.join(f));
            }
        }
    }
    // Debian's own Python packages install egg-info (folders and lone files), when present.
    let mut eggs = 0;
    let debian = "/usr/lib/python3/dist-packages";
    if Path::new(debian).is_dir() {
        for e in files_in(debian, |p| p.extension().is_some_and(|e| e == "egg-info")) {
            if e.is_file() {
                mirror(root.path(), &e);
                eggs += 1;
            } else if e.join("PKG-INFO").is_file() {
                mirror(root.path(), &e.join("PKG-INFO"));
                eggs += 1;
            }
        }
    }
    let (inv, errors) = feed(root.path());
    assert_eq!(errors, Vec::<String>::new());
    let pkgs = inv.finish();
    assert_eq!(pkgs.len(), dist_infos.len() + eggs);
    let pip = pkgs
        .iter()
        .find(|p| p.name == "pip")
        .expect("pip's dist-info");
    assert_eq!(pip.version.as_deref(), Some(pip_version.trim()));
    assert!(
        pip.files.contains(&format!("{site}/pip/__init__.py")),
        "{:?}",
        &pip.files[..5.min(pip.files.len())]
    );
    assert_purl(pip, "pypi", None, "pip", Some(pip_version.trim()));
    // Every RECORD is joined to its distribution (egg-info here brings only PKG-INFO).
    let with_record = dist_infos
        .iter()
        .filter(|d| d.join("RECORD").is_file())
        .count();
    assert_eq!(
        pkgs.iter().filter(|p| !p.files.is_empty()).count(),
        with_record
    );
    assert!(
        pkgs.iter().all(|p| p.purl.is_some() && p.version.is_some()),
        "every distribution has a version"
    );
}

#[test]
fn this_machines_npm_tree() {
    // npm's own folder, wherever this machine's nodejs or npm package put it (NodeSource:
    // /usr/lib/node_modules/npm; Debian: /usr/share/nodejs/npm), copied to where a global
    // install lives, /usr/lib/node_modules/npm, with its bundled node_modules tree.
    let cli = run("sh", &["-c", "readlink -f \"$(command -v npm)\""], "npm");
    let real = Path::new(cli.trim())
        .parent()
        .and_then(Path::parent)
        .unwrap();
    assert!(
        real.join("package.json").is_file(),
        "{}: install the Debian package npm",
        real.display()
    );
    let at = "/usr/lib/node_modules/npm";
    let root = tempfile::tempdir().unwrap();
    // Every package.json under npm's tree, including ones that are not package roots (tests,
    // sub-folders with `"type": "module"`), which `wants` must turn down.
    let mut expected = BTreeSet::new();
    for entry in walkdir::WalkDir::new(real) {
        let entry = entry.unwrap();
        if entry.file_name() != "package.json" || !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(real).unwrap().to_str().unwrap();
        let to = format!("{at}/{rel}");
        place(root.path(), entry.path(), &to);
        // A package root is a folder in node_modules, or in a @scope folder in node_modules.
        let dir = Path::new(&to).parent().unwrap();
        let up = dir.parent().unwrap();
        let scoped = up.file_name().unwrap().to_str().unwrap().starts_with('@');
        let holder = if scoped { up.parent().unwrap() } else { up };
        if holder.file_name().is_some_and(|n| n == "node_modules") {
            expected.insert(dir.to_str().unwrap().to_string());
        }
    }
    let (inv, errors) = feed(root.path());
    let pkgs = inv.finish();
    let got: BTreeSet<String> = pkgs.iter().map(|p| p.roots[0].clone()).collect();
    // A package.json without a name (a fixture in a package's tests) is reported, not a package.
    assert_eq!(got.len() + errors.len(), expected.len(), "{errors:?}");
    assert!(got.is_subset(&expected));
    let npm = pkgs.iter().find(|p| p.name == "npm").unwrap();
    let version = run("npm", &["--version"], "npm");
    assert_eq!(npm.version.as_deref(), Some(version.trim()));
    assert_purl(npm, "npm", None, "npm", Some(version.trim()));
    for p in pkgs.iter().filter(|p| p.name.starts_with('@')) {
        let (scope, name) = p.name.split_once('/').unwrap();
        assert_eq!(p.group.as_deref(), Some(scope));
        assert_purl(p, "npm", Some(scope), name, p.version.as_deref());
    }
    let licensed = pkgs.iter().filter(|p| p.license.is_some()).count();
    assert!(
        licensed * 10 >= pkgs.len() * 9,
        "{licensed} of {}",
        pkgs.len()
    );
}

#[test]
fn a_jar_built_with_the_jdk() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("Hello.java"),
        "public class Hello { public static void main(String[] a) {} }",
    )
    .unwrap();
    run(
        "javac",
        &[
            "-d",
            d.join("classes").to_str().unwrap(),
            d.join("Hello.java").to_str().unwrap(),
        ],
        "default-jdk-headless",
    );
    // A vendor long enough that `jar` folds it over 72-byte lines.
    let vendor = "Example Holdings Joint Stock Company of Very Long Names, Incorporated ©";
    fs::write(d.join("manifest.txt"), format!("Implementation-Title: demo\nImplementation-Version: 1.4\nImplementation-Vendor: {vendor}\n")).unwrap();
    for (g, a, v) in [
        ("com.example", "demo", "1.4"),
        ("org.shaded", "inner", "0.3"),
    ] {
        let p = d.join(format!("classes/META-INF/maven/{g}/{a}"));
        fs::create_dir_all(&p).unwrap();
        fs::write(
            p.join("pom.properties"),
            format!("#Created by Apache Maven\ngroupId={g}\nartifactId={a}\nversion={v}\n"),
        )
        .unwrap();
    }
    let jar = d.join("demo.jar");
    run(
        "jar",
        &[
            "cfm",
            jar.to_str().unwrap(),
            d.join("manifest.txt").to_str().unwrap(),
            "-C",
            d.join("classes").to_str().unwrap(),
            ".",
        ],
        "default-jdk-headless",
    );
    let fsroot = d.join("fs");
    fs::create_dir_all(&fsroot).unwrap();
    let out = Command::new("jar")
        .current_dir(&fsroot)
        .args(["xf", jar.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(out.success());
    let mf = fs::read(fsroot.join("META-INF/MANIFEST.MF")).unwrap();
    assert!(
        mf.split(|&b| b == b'\n').any(|l| l.starts_with(b" ")),
        "jar folds the long vendor line"
    );
    let (inv, errors) = feed(&fsroot);
    assert_eq!(errors, Vec::<String>::new());
    let pkgs = inv.finish();
    assert_eq!(pkgs.len(), 2);
    let demo = pkgs.iter().find(|p| p.name == "demo").unwrap();
    assert_eq!(demo.vendor.as_deref(), Some(vendor));
    assert_eq!(demo.purl.as_deref(), Some("pkg:maven/com.example/demo@1.4"));
    assert_eq!(
        pkgs.iter().find(|p| p.name == "inner").unwrap().vendor,
        None
    );
}
