//! Component versions read as semver, for waivers that carry `versions = "<21.4"` and for
//! `diff`'s upgrade/downgrade. SBOM versions are often not semver (`21.3.10.391`,
//! `1.0-2ubuntu3`, `v2.2.4+incompatible`), so each is normalised once, the same way for both
//! ([`normalize`]); a version that still does not parse never matches a versioned waiver and has
//! no order.

use std::cmp::Ordering;
use std::fmt;

use semver::{BuildMetadata, Version, VersionReq};
use serde::Serialize;

/// A version as bomscreen matches and orders it: three numeric parts (and a semver
/// pre-release, when the version was written as semver), plus what follows them (`rest`),
/// which requirements ignore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// `MAJOR.MINOR.PATCH[-PRE]`, without build metadata.
    pub version: Version,
    /// Parts after the third (`391` of `21.3.10.391`), a distribution revision (`2ubuntu3` of
    /// `1.0-2ubuntu3`) or semver build metadata (`incompatible`); empty when none.
    pub rest: String,
}

/// Reads a version as semver: a leading `v` and a Debian epoch (`1:`) are dropped; a valid semver version is taken as is
/// (its build metadata moved to `rest`); otherwise the leading dot-separated numbers are padded
/// with zeros (or cut) to three parts, and anything after them becomes `rest`. `None` when the
/// version does not start with a number (`latest`, `abc`, empty).
pub fn normalize(raw: &str) -> Option<Normalized> {
    let t = raw.trim();
    let t = match t.strip_prefix(['v', 'V']) {
        Some(s) if s.starts_with(|c: char| c.is_ascii_digit()) => s,
        _ => t,
    };
    // A Debian epoch (`1:2.3.4`) is dropped: requirements name upstream versions.
    let t = match t.split_once(':') {
        Some((epoch, rest)) if !epoch.is_empty() && epoch.bytes().all(|b| b.is_ascii_digit()) => {
            rest
        }
        _ => t,
    };
    if let Ok(mut version) = Version::parse(t) {
        let rest = version.build.as_str().to_string();
        version.build = BuildMetadata::EMPTY;
        return Some(Normalized { version, rest });
    }
    let core_len = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let core = t[..core_len].trim_end_matches('.');
    let suffix = &t[core.len()..];
    let parts: Vec<u64> = core
        .split('.')
        .map(|p| p.parse::<u64>().ok())
        .collect::<Option<_>>()?;
    let part = |i: usize| parts.get(i).copied().unwrap_or(0);
    let extra: Vec<String> = parts.iter().skip(3).map(u64::to_string).collect();
    let suffix = suffix.trim_start_matches(['-', '+', '~', '_', '.', ':']);
    let rest = extra
        .into_iter()
        .chain((!suffix.is_empty()).then(|| suffix.to_string()))
        .collect::<Vec<_>>()
        .join(".");
    Some(Normalized {
        version: Version::new(part(0), part(1), part(2)),
        rest,
    })
}

/// Natural order of two `rest` strings: runs of digits by value, other runs by their bytes.
fn natural(a: &str, b: &str) -> Ordering {
    fn runs(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        let b = s.as_bytes();
        for i in 1..=b.len() {
            if i == b.len() || b[i].is_ascii_digit() != b[i - 1].is_ascii_digit() {
                out.push(&s[start..i]);
                start = i;
            }
        }
        out
    }
    let (ra, rb) = (runs(a), runs(b));
    for (x, y) in ra.iter().zip(&rb) {
        let o = match (x.parse::<u128>(), y.parse::<u128>()) {
            (Ok(m), Ok(n)) => m.cmp(&n),
            _ => x.cmp(y),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    ra.len().cmp(&rb.len())
}

/// Which way a component moved between two releases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// To a higher version.
    Upgrade,
    /// To a lower version.
    Downgrade,
    /// Not known: a version does not parse, they normalise to the same version (`1.0` and
    /// `1.0.0`), or only text after the numbers differs (`+incompatible`, `-rc1` vs `-beta`).
    Unknown,
}

impl Direction {
    /// The kebab-case name, as JSON writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Upgrade => "upgrade",
            Direction::Downgrade => "downgrade",
            Direction::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The order of two versions: semver precedence of the normalised versions; when that is equal,
/// the `rest`s in natural order if both start with a digit (`21.3.10.391` < `21.3.10.400`,
/// `1.0-2ubuntu3` < `1.0-2ubuntu10`). `None` when unknown.
pub fn compare(old: &str, new: &str) -> Option<Ordering> {
    let (a, b) = (normalize(old)?, normalize(new)?);
    match a.version.cmp(&b.version) {
        Ordering::Equal => {}
        o => return Some(o),
    }
    let digit = |s: &str| s.starts_with(|c: char| c.is_ascii_digit());
    if a.rest != b.rest && digit(&a.rest) && digit(&b.rest) {
        return Some(natural(&a.rest, &b.rest));
    }
    None
}

/// The direction from the old versions to the new ones: the highest of each compared (every one
/// must parse); unknown when either side has none.
pub fn direction(old: &[String], new: &[String]) -> Direction {
    let highest = |list: &[String]| -> Option<String> {
        let mut best: Option<&String> = None;
        for v in list {
            normalize(v)?;
            best = match best {
                Some(b) if compare(b, v) != Some(Ordering::Less) => Some(b),
                _ => Some(v),
            };
        }
        best.cloned()
    };
    match (highest(old), highest(new)) {
        (Some(o), Some(n)) => match compare(&o, &n) {
            Some(Ordering::Less) => Direction::Upgrade,
            Some(Ordering::Greater) => Direction::Downgrade,
            _ => Direction::Unknown,
        },
        _ => Direction::Unknown,
    }
}

/// A waiver's `versions = "..."`: the requirement as written, and as semver reads it (`None`
/// when it does not parse; such a waiver matches nothing, and a warning says so).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Versions {
    /// As written in the policy file.
    pub text: String,
    /// As Cargo reads a requirement (`1.2` is `^1.2`; `=1.2.3` is one version).
    pub req: Option<VersionReq>,
}

impl Versions {
    /// Parses a requirement.
    pub fn parse(text: &str) -> Versions {
        Versions {
            text: text.trim().to_string(),
            req: VersionReq::parse(text.trim()).ok(),
        }
    }

    /// Whether a component's version satisfies the requirement: it must be given, normalise
    /// ([`normalize`]) and match; everything else (and an invalid requirement) does not.
    pub fn matches(&self, version: Option<&str>) -> bool {
        let (Some(req), Some(v)) = (&self.req, version.and_then(normalize)) else {
            return false;
        };
        req.matches(&v.version)
    }
}

impl Serialize for Versions {
    /// As written.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(v: &str) -> Option<(String, String)> {
        normalize(v).map(|n| (n.version.to_string(), n.rest))
    }

    #[test]
    fn versions_that_are_not_semver_are_padded_or_cut_to_three_parts() {
        let s = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(norm("21.3.10.391"), s("21.3.10", "391"));
        assert_eq!(norm("1.0-2ubuntu3"), s("1.0.0", "2ubuntu3"));
        assert_eq!(norm("v2.2.4+incompatible"), s("2.2.4", "incompatible"));
        assert_eq!(norm("1.2.3-rc.1"), s("1.2.3-rc.1", ""));
        assert_eq!(norm("V7"), s("7.0.0", ""));
        assert_eq!(norm(" 3.0.15 "), s("3.0.15", ""));
        assert_eq!(norm("1.2.3.4-beta"), s("1.2.3", "4.beta"));
        assert_eq!(norm("1:1.2.11.dfsg-2"), s("1.2.11", "dfsg-2"));
        assert_eq!(norm("1."), s("1.0.0", ""));
        for bad in ["", "latest", "abc", "v", "1..2", ".1", "vX1", ":1.0"] {
            assert_eq!(norm(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn requirements_match_normalised_versions() {
        let m = |req: &str, v: &str| Versions::parse(req).matches(Some(v));
        assert!(m("<21.4", "21.3.10.391"));
        assert!(!m("<21.3", "21.3.10.391"));
        assert!(m(">=1.0, <1.1", "1.0-2ubuntu3"));
        assert!(m("=2.2.4", "v2.2.4+incompatible"));
        assert!(
            m("21.3", "21.3.10.391"),
            "a bare version is a caret requirement"
        );
        assert!(!m("<2", "latest"), "an unparsable version never matches");
        assert!(
            !m("<2", "1.0.0-rc.1"),
            "a pre-release matches only its own version's"
        );
        assert!(m(">=1.0.0-rc.1, <1.0.0", "1.0.0-rc.1"));
        assert!(!Versions::parse("<2").matches(None));
        let bad = Versions::parse("less than 2");
        assert!(bad.req.is_none());
        assert!(!bad.matches(Some("1.0")));
    }

    #[test]
    fn order_and_direction() {
        use Ordering::*;
        assert_eq!(compare("3.0.13", "3.0.15"), Some(Less));
        assert_eq!(compare("21.3.10.391", "21.3.10.400"), Some(Less));
        assert_eq!(compare("1.0-2ubuntu3", "1.0-2ubuntu10"), Some(Less));
        assert_eq!(compare("2.0.0", "1.9"), Some(Greater));
        assert_eq!(compare("1.0.0-rc.1", "1.0.0"), Some(Less));
        assert_eq!(compare("1.0", "1.0.0"), None);
        assert_eq!(compare("v2.2.4+incompatible", "2.2.4"), None);
        assert_eq!(compare("latest", "1.0"), None);
        let d = |o: &[&str], n: &[&str]| {
            let v = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
            direction(&v(o), &v(n))
        };
        assert_eq!(d(&["3.0.13"], &["3.0.15"]), Direction::Upgrade);
        assert_eq!(d(&["7.3.0"], &["7.2.1"]), Direction::Downgrade);
        assert_eq!(d(&["1.0", "1.2"], &["1.1"]), Direction::Downgrade);
        assert_eq!(d(&["1.0", "x"], &["1.1"]), Direction::Unknown);
        assert_eq!(d(&[], &["1.1"]), Direction::Unknown);
    }
}
