//! Package URLs, parsed once at ingest: the raw text as the SBOM wrote it, plus the parts every
//! later stage compares (screening keys, provenance namespaces, waiver globs, diff identities).
//! One percent-decoder and one case rule per type, from the purl spec's type definitions.
//! Not the `packageurl` crate: it rejects a whole purl for one bad qualifier key, a `PKG:`
//! scheme or a `%ff`, and folds case as it parses, losing the namespace as written.

use std::borrow::Cow;
use std::fmt;
use std::ops::{Deref, Range};

/// A package URL as written, with its parts when the text parses. Text that is not a purl is
/// kept (it derefs, prints and serialises as written) and simply has no parts.
#[derive(Clone)]
pub struct Purl {
    raw: String,
    parts: Option<Parts>,
}

/// The decoded parts of a purl (purl-spec "How to parse a PURL").
#[derive(Debug, Clone, PartialEq, Eq)]
struct Parts {
    /// Lowercase type (`npm`, `maven`...).
    ty: String,
    /// Decoded namespace segments joined by `/`, as written.
    namespace: Option<String>,
    /// Decoded name, as written.
    name: String,
    /// The namespace under the type's case rule, where that differs from `namespace`.
    folded_namespace: Option<String>,
    /// The name under the type's case rule, where that differs from `name`.
    folded_name: Option<String>,
    version: Option<String>,
    /// Where the qualifiers are in the raw text: read on demand, as only waiver globs need
    /// them, and decoding them was most of the allocations of a deb, apk or maven purl.
    query: Range<usize>,
    subpath: Option<String>,
}

/// How much of a purl a comparison form keeps (see [`Purl::normalized`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upto {
    /// `pkg:type/namespace/name`.
    Name,
    /// `pkg:type/namespace/name@version`.
    Version,
    /// Everything, qualifiers sorted by key.
    All,
}

/// Which parts of a watchlist purl prefix are the name (see [`Purl::prefix_key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrefixKind {
    /// Every segment is namespace (`pkg:npm/@kaspersky`).
    Namespace,
    /// The last segment starts a name (`pkg:pypi/huaweicloudsdk`).
    NamePrefix,
    /// A namespace, or a namespace and a name: the last of two or more segments is the name.
    Package,
}

impl Purl {
    /// Parses `raw` leniently; never fails, never panics.
    pub fn new(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let parts = parse(&raw);
        Purl { raw, parts }
    }

    /// The text as the document wrote it.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Whether the text parsed as a purl (scheme, type and a name at least).
    pub fn is_parsed(&self) -> bool {
        self.parts.is_some()
    }

    /// The type, lowercase.
    pub fn ty(&self) -> Option<&str> {
        self.parts.as_ref().map(|p| p.ty.as_str())
    }

    /// The decoded namespace as written (`@Kaspersky`, `com.huawei.hms`).
    pub fn namespace(&self) -> Option<&str> {
        self.parts.as_ref()?.namespace.as_deref()
    }

    /// The decoded name as written.
    pub fn name(&self) -> Option<&str> {
        self.parts.as_ref().map(|p| p.name.as_str())
    }

    /// The namespace under the type's case rule (`@kaspersky` for npm, unchanged for maven).
    pub fn folded_namespace(&self) -> Option<&str> {
        let p = self.parts.as_ref()?;
        p.folded_namespace.as_deref().or(p.namespace.as_deref())
    }

    /// The name under the type's case rule (pypi also turns `_` into `-`).
    pub fn folded_name(&self) -> Option<&str> {
        let p = self.parts.as_ref()?;
        Some(p.folded_name.as_deref().unwrap_or(&p.name))
    }

    /// The decoded version.
    pub fn version(&self) -> Option<&str> {
        self.parts.as_ref()?.version.as_deref()
    }

    /// Qualifiers with lowercase keys and decoded values, sorted by key, empty values dropped.
    pub fn qualifiers(&self) -> Vec<(String, String)> {
        let Some(p) = &self.parts else {
            return Vec::new();
        };
        let mut out: Vec<(String, String)> = self.raw[p.query.clone()]
            .split('&')
            .filter_map(|kv| {
                let (k, v) = kv.split_once('=')?;
                let (k, v) = (k.trim().to_ascii_lowercase(), percent_decode(v));
                (!k.is_empty() && !v.is_empty()).then(|| (k, v.into_owned()))
            })
            .collect();
        out.sort();
        out
    }

    /// The decoded subpath, segments joined by `/`.
    pub fn subpath(&self) -> Option<&str> {
        self.parts.as_ref()?.subpath.as_deref()
    }

    /// `pkg:type/namespace` (or `pkg:type` without namespace), folded and percent-encoded: the
    /// watchlist's normal form of a namespace, see [`Purl::prefix_key`].
    pub fn namespace_key(&self) -> Option<String> {
        let p = self.parts.as_ref()?;
        let mut out = format!("pkg:{}", p.ty);
        if let Some(ns) = self.folded_namespace() {
            for seg in ns.split('/') {
                out.push('/');
                out.push_str(&percent_encode(seg));
            }
        }
        Some(out)
    }

    /// The folded name, percent-encoded as in [`Purl::namespace_key`].
    pub fn name_key(&self) -> Option<String> {
        self.folded_name().map(percent_encode)
    }

    /// `pkg:type/namespace/name`, folded and percent-encoded: one package across versions.
    pub fn without_version(&self) -> Option<String> {
        let mut out = self.namespace_key()?;
        out.push('/');
        out.push_str(&self.name_key()?);
        Some(out)
    }

    /// A form for comparisons and globs: folded, percent-decoded (`pkg:npm/@scope/name@1.0`),
    /// qualifiers sorted. Text that does not parse is only percent-decoded.
    pub fn normalized(&self, upto: Upto) -> Cow<'_, str> {
        let Some(p) = &self.parts else {
            return percent_decode(self.raw.trim());
        };
        let mut out = format!("pkg:{}/", p.ty);
        if let Some(ns) = self.folded_namespace() {
            out.push_str(ns);
            out.push('/');
        }
        out.push_str(self.folded_name().unwrap_or_default());
        if upto == Upto::Name {
            return Cow::Owned(out);
        }
        if let Some(v) = &p.version {
            out.push('@');
            out.push_str(v);
        }
        if upto == Upto::All {
            for (i, (k, v)) in self.qualifiers().iter().enumerate() {
                out.push(if i == 0 { '?' } else { '&' });
                out.push_str(k);
                out.push('=');
                out.push_str(v);
            }
            if let Some(s) = &p.subpath {
                out.push('#');
                out.push_str(s);
            }
        }
        Cow::Owned(out)
    }

    /// The normal form of a purl prefix written in a watchlist (`pkg:npm/@Kaspersky` ->
    /// `pkg:npm/%40kaspersky`): type lowercase, each segment decoded, folded by the type's
    /// rule for namespaces or names, and re-encoded, so it compares with
    /// [`Purl::namespace_key`] and [`Purl::name_key`]. Errors say what is wrong.
    pub fn prefix_key(s: &str, kind: PrefixKind) -> Result<String, String> {
        let s = s.trim();
        let rest = strip_scheme(s).ok_or_else(|| {
            "expected a purl prefix starting with \"pkg:\", e.g. \"pkg:maven/com.kaspersky.android-components\"".to_string()
        })?;
        let (ty, path) = rest
            .split_once('/')
            .ok_or_else(|| "expected pkg:TYPE/NAMESPACE".to_string())?;
        let ty = ty.to_ascii_lowercase();
        if !is_type(&ty) {
            return Err(format!("\"{ty}\" is not a purl type"));
        }
        if path.contains(['?', '#']) || path.trim_end_matches('/').is_empty() {
            return Err("expected only pkg:TYPE/NAMESPACE[/NAME-PREFIX], without version, qualifiers or subpath".to_string());
        }
        let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        let rule = rule(&ty);
        let name_at = match kind {
            PrefixKind::Namespace => None,
            PrefixKind::NamePrefix => Some(segments.len() - 1),
            PrefixKind::Package if segments.len() > 1 || rule.namespace.is_none() => {
                Some(segments.len() - 1)
            }
            PrefixKind::Package => None,
        };
        let mut out = format!("pkg:{ty}");
        for (i, seg) in segments.iter().enumerate() {
            let decoded = percent_decode_strict(seg)
                .ok_or_else(|| format!("bad percent-encoding in \"{seg}\""))?;
            if decoded.is_empty() {
                return Err("empty path segment".to_string());
            }
            let case = if name_at == Some(i) {
                rule.name
            } else {
                rule.namespace.unwrap_or(Case::Keep)
            };
            out.push('/');
            out.push_str(&percent_encode(&case.apply(&decoded)));
        }
        Ok(out)
    }
}

/// Purls compare, hash and sort by their text as written.
impl PartialEq for Purl {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl Eq for Purl {}

impl PartialOrd for Purl {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Purl {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.raw.cmp(&other.raw)
    }
}

impl std::hash::Hash for Purl {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.raw.hash(state);
    }
}

impl fmt::Debug for Purl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.raw, f)
    }
}

impl fmt::Display for Purl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// Reports and messages show the purl as written, so it reads as the text it came from.
impl Deref for Purl {
    type Target = str;
    fn deref(&self) -> &str {
        &self.raw
    }
}

impl From<String> for Purl {
    fn from(raw: String) -> Self {
        Purl::new(raw)
    }
}

impl From<&str> for Purl {
    fn from(raw: &str) -> Self {
        Purl::new(raw)
    }
}

impl std::str::FromStr for Purl {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Purl::new(s))
    }
}

/// Serialised as written, so every output shows the document's own text.
impl serde::Serialize for Purl {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

/// A type's case rule for one part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Keep,
    Lower,
    /// pypi-definition.json: "Replace underscore _ with dash -", and lowercase.
    Pypi,
}

impl Case {
    fn apply(self, s: &str) -> String {
        self.fold(s).unwrap_or_else(|| s.to_string())
    }

    /// The folded text, or `None` where folding changes nothing (no copy for the common case).
    fn fold(self, s: &str) -> Option<String> {
        let upper = |s: &str| s.chars().any(char::is_uppercase);
        match self {
            Case::Keep => None,
            Case::Lower => upper(s).then(|| s.to_lowercase()),
            Case::Pypi => (upper(s) || s.contains('_')).then(|| s.to_lowercase().replace('_', "-")),
        }
    }
}

/// A type's case rules; `namespace: None` where the type prohibits a namespace.
#[derive(Clone, Copy)]
struct Rule {
    namespace: Option<Case>,
    name: Case,
}

/// The purl spec's type definitions (`types/*-definition.json`): a part whose
/// `case_sensitive` is false is lowercased. Unlisted types are case-sensitive.
/// Departures, for comparing what different tools wrote: npm and golang fold both parts.
/// Both definitions said lowercase until May 2026 (golang's note still does); npm then turned
/// case-sensitive for a few grandfathered names, but scopes are lowercase and the registry has
/// refused names differing only in case since 2017. Trivy lowercases Go module paths and syft
/// does not: the corpus has 34 golang purls that differ only in case. `gitlab` is not a
/// registered type, but GitLab paths are case-insensitive.
fn rule(ty: &str) -> Rule {
    use Case::{Keep, Lower, Pypi};
    let (namespace, name) = match ty {
        "alpm" | "apk" | "bitbucket" | "brew" | "composer" | "deb" | "github" | "gitlab"
        | "golang" | "hex" | "luarocks" | "npm" | "vscode-extension" => (Some(Lower), Lower),
        "qpkg" | "rpm" | "yocto" => (Some(Lower), Keep),
        "bitnami" | "chrome-extension" | "oci" | "otp" | "pub" => (None, Lower),
        "pypi" => (None, Pypi),
        "bazel" | "cargo" | "cocoapods" | "conda" | "cran" | "gem" | "hackage" | "julia"
        | "mlflow" | "nuget" | "opam" | "vcpkg" => (None, Keep),
        _ => (Some(Keep), Keep),
    };
    Rule { namespace, name }
}

fn strip_scheme(s: &str) -> Option<&str> {
    // how-to-parse: the scheme is lowercased, and '/' after "pkg:" are ignored.
    let head = s.get(..4)?;
    head.eq_ignore_ascii_case("pkg:")
        .then(|| s[4..].trim_start_matches('/'))
}

/// specification.md "Type": ASCII letters, digits, '.', '-' ('+' was allowed before 1.0).
fn is_type(ty: &str) -> bool {
    !ty.is_empty()
        && ty
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-'))
}

/// purl-spec "How to parse a PURL", made lenient: the path ends at the first `?` or `#` (a
/// stray `?` in a qualifier value must not eat the name), a raw `@` that starts the last
/// segment (`@scope` with no name after it) is not a version separator, a bad escape or
/// qualifier is kept or dropped rather than losing the purl.
fn parse(raw: &str) -> Option<Parts> {
    let rest = strip_scheme(raw.trim())?;
    let path_end = rest.find(['?', '#']).unwrap_or(rest.len());
    let (path, tail) = rest.split_at(path_end);
    let (query, subpath) = match tail.rfind('#') {
        Some(h) => (&tail[..h], Some(&tail[h + 1..])),
        None => (tail, None),
    };
    let (ty, path) = path.split_once('/')?;
    let ty = ty.to_ascii_lowercase();
    if !is_type(&ty) {
        return None;
    }
    let path = path.trim_end_matches('/');
    let (ns, last) = path.rsplit_once('/').unwrap_or(("", path));
    let (name, version) = match last.rfind('@') {
        Some(at) if at > 0 => (&last[..at], Some(&last[at + 1..])),
        _ => (last, None),
    };
    let name = percent_decode(name).into_owned();
    if name.is_empty() {
        return None;
    }
    // Empty segments are dropped; without any, decoding the whole run decodes each segment.
    let namespace = if ns.is_empty() {
        None
    } else if ns.starts_with('/') || ns.ends_with('/') || ns.contains("//") {
        let segments: Vec<Cow<str>> = ns
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        (!segments.is_empty()).then(|| segments.join("/"))
    } else {
        Some(percent_decode(ns).into_owned())
    };
    let rule = rule(&ty);
    // `query` is a slice of `raw`, so its place in it is the distance between their starts.
    let query = query.trim_start_matches('?');
    let start = query.as_ptr() as usize - raw.as_ptr() as usize;
    let subpath = subpath.map(|s| {
        s.split('/')
            .map(percent_decode)
            .filter(|s| !matches!(s.as_ref(), "" | "." | ".."))
            .collect::<Vec<_>>()
            .join("/")
    });
    Some(Parts {
        folded_namespace: namespace
            .as_deref()
            .and_then(|n| rule.namespace.unwrap_or(Case::Keep).fold(n)),
        folded_name: rule.name.fold(&name),
        ty,
        namespace,
        name,
        version: version
            .map(|v| percent_decode(v).into_owned())
            .filter(|v| !v.is_empty()),
        query: start..start + query.len(),
        subpath: subpath.filter(|s| !s.is_empty()),
    })
}

/// Decodes `%XX` escapes (purl parts, CPE 2.2 URIs). A malformed escape is kept as written,
/// and so is the whole text when the escapes do not decode to UTF-8.
pub fn percent_decode(s: &str) -> Cow<'_, str> {
    match decode(s) {
        None => Cow::Borrowed(s),
        Some((bytes, _)) => String::from_utf8(bytes).map_or(Cow::Borrowed(s), Cow::Owned),
    }
}

/// Like [`percent_decode`], but `None` for a malformed escape or bytes that are not UTF-8:
/// for text a user wrote, where a mistake should be reported, not guessed around.
pub fn percent_decode_strict(s: &str) -> Option<String> {
    match decode(s) {
        None => Some(s.to_string()),
        Some((_, false)) => None,
        Some((bytes, true)) => String::from_utf8(bytes).ok(),
    }
}

/// The decoded bytes and whether every `%` began a valid escape; `None` when there is no `%`.
fn decode(s: &str) -> Option<(Vec<u8>, bool)> {
    if !s.contains('%') {
        return None;
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut clean = true;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: Option<&u8>| b.and_then(|&b| (b as char).to_digit(16));
            if let (Some(h), Some(l)) = (hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
            clean = false;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some((out, clean))
}

/// specification.md "Character encoding": everything but letters, digits, `.-_~` and `:` is
/// percent-encoded (`@` as `%40`); `+` is kept too, as older purls and watchlists write it.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~' | b'+' | b':') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests;
