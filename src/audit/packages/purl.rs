//! Package URLs for the packages found, and the distribution (`os-release`) that namespaces
//! the deb and apk ones. Built as text here and read back with [`crate::model::Purl`] in
//! the tests, so what the inventory writes is what `scan` parses.

use super::text::{lines, lossy};
use super::{Distro, Ecosystem, Package};

/// Reads an `os-release` file (os-release(5)): `KEY=value` lines, values optionally in single
/// or double quotes with backslash escapes, `#` comments. `None` without an `ID`.
pub(super) fn os_release(data: &[u8]) -> Option<Distro> {
    let (mut id, mut version_id, mut pretty_name) = (None, None, None);
    for (_, line) in lines(data) {
        let line = lossy(line);
        let line = line.trim();
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = unquote(value.trim());
        let slot = match key.trim() {
            "ID" => &mut id,
            "VERSION_ID" => &mut version_id,
            "PRETTY_NAME" => &mut pretty_name,
            _ => continue,
        };
        if !value.is_empty() {
            *slot = Some(value);
        }
    }
    Some(Distro {
        // os-release(5): ID is lowercase letters, digits, `._-`; fold what a vendor got wrong.
        id: id?.to_ascii_lowercase(),
        version_id,
        pretty_name,
    })
}

/// os-release(5): "Variable assignment values must be enclosed in double or single quotes if
/// they include spaces, semicolons or other special characters"; backslash escapes `"\$\``.
fn unquote(v: &str) -> String {
    let bytes = v.as_bytes();
    let quoted =
        bytes.len() >= 2 && matches!(bytes[0], b'"' | b'\'') && bytes[bytes.len() - 1] == bytes[0];
    if !quoted {
        return v.to_string();
    }
    let inner = &v[1..v.len() - 1];
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The package's purl, or `None` where its ecosystem has no registered purl type (opkg) or
/// the identity is incomplete (a Maven manifest without a group id: the maven type requires
/// a namespace, and guessing one from `Bundle-SymbolicName` would be invention, not evidence).
pub(super) fn build(p: &Package, distro: Option<&Distro>) -> Option<String> {
    let eco = p.ecosystem?;
    let mut out = String::from("pkg:");
    let mut qualifiers: Vec<(&str, String)> = Vec::new();
    match eco {
        // purl-spec types/deb-definition.json and apk-definition.json: the namespace is the
        // vendor/distribution (`debian`, `ubuntu`, `alpine`), qualifiers `arch` and `distro`.
        Ecosystem::Deb | Ecosystem::Apk => {
            let (ty, fallback) = match eco {
                Ecosystem::Deb => ("deb", "debian"),
                _ => ("apk", "alpine"),
            };
            // Without an os-release the family's main distribution is the best namespace:
            // the database format itself says no more.
            let ns = distro.map_or(fallback, |d| d.id.as_str());
            push_segment(&mut out, ty);
            out.push('/');
            push_segment(&mut out, ns);
            out.push('/');
            push_segment(&mut out, &p.name);
            if let Some(a) = &p.arch {
                qualifiers.push(("arch", a.clone()));
            }
            if let Some(d) = distro {
                let tag = match &d.version_id {
                    Some(v) => format!("{}-{v}", d.id),
                    None => d.id.clone(),
                };
                qualifiers.push(("distro", tag));
            }
        }
        // opkg (OpenWrt, Yocto) has no registered purl type; `pkg:opkg` would be a type
        // nobody else writes or matches, so the package goes without a purl.
        Ecosystem::Opkg => return None,
        Ecosystem::Python => {
            out.push_str("pypi/");
            push_segment(&mut out, &pep503(&p.name));
        }
        Ecosystem::Npm => {
            out.push_str("npm/");
            // The scope is the namespace, `@` and all (`pkg:npm/%40angular/core`).
            match p.name.split_once('/') {
                Some((scope, name)) if scope.starts_with('@') => {
                    push_segment(&mut out, scope);
                    out.push('/');
                    push_segment(&mut out, name);
                }
                _ => push_segment(&mut out, &p.name),
            }
        }
        Ecosystem::Maven => {
            out.push_str("maven/");
            push_segment(&mut out, p.group.as_deref()?);
            out.push('/');
            push_segment(&mut out, &p.name);
        }
    }
    if let Some(v) = &p.version {
        out.push('@');
        push_segment(&mut out, v);
    }
    // specification.md: qualifiers sorted by key (they already are: arch < distro).
    for (i, (k, v)) in qualifiers.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(k);
        out.push('=');
        push_segment(&mut out, v);
    }
    Some(out)
}

/// PEP 503: "lowercased, with all runs of the characters `.`, `-`, or `_` replaced with a
/// single `-`".
pub(super) fn pep503(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.trim().chars() {
        if matches!(c, '.' | '-' | '_') {
            if !in_run {
                out.push('-');
            }
            in_run = true;
        } else {
            out.extend(c.to_lowercase());
            in_run = false;
        }
    }
    out
}

/// purl specification "Character encoding": unreserved characters (letters, digits, `.-_~`)
/// and `:` stay, everything else is `%XX` in uppercase hex (`+` is `%2B`, `@` is `%40`).
fn push_segment(out: &mut String, s: &str) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~' | b':') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}
