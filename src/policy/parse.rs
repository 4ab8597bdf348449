//! `bomscreen.toml` text -> validated [`Policy`], collecting every problem at once.
//!
//! Why not `#[derive(Deserialize)]` with `deny_unknown_fields`: serde stops at the first problem,
//! and a user fixing a policy file should see all of them in one run. The file is parsed into
//! toml's spanned document tree (`DeTable`, every key and value with its byte span) and walked
//! by hand; each problem becomes an `invalid-policy` diagnostic with file, line, column and what
//! was expected. The accepted shape is documented in `schemas/policy.schema.json` and
//! `samples/bomscreen.toml`.

use std::collections::BTreeMap;
use std::ops::Range;

use jiff::civil::Date;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Require;
use super::versions::Versions;
use super::waiver::{ComponentSelector, Waiver};
use super::{FailOn, Policy, ScopeMode};
use crate::diag::{Code as DiagCode, Diagnostic};
use crate::finding::{Code, Severity};

/// Top-level keys, in documentation order.
const TOP_KEYS: &[&str] = &[
    "fail-on",
    "severity",
    "scope",
    "watchlist",
    "require",
    "waiver",
];
/// Keys of `[scope]`.
const SCOPE_KEYS: &[&str] = &["test-only"];
const WATCHLIST_KEYS: &[&str] = &["max-age-days"];
/// Keys of `[require]`.
const REQUIRE_KEYS: &[&str] = &["supplier-coverage", "product-supplier"];
/// Keys of a `[[waiver]]`.
const WAIVER_KEYS: &[&str] = &[
    "component",
    "name",
    "versions",
    "entity",
    "code",
    "reason",
    "until",
];

/// Collects diagnostics against one file.
struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    diags: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn problem(&mut self, span: Range<usize>, message: String) {
        self.diags.push(Diagnostic::at(
            DiagCode::InvalidPolicy,
            self.file,
            self.text,
            span.start,
            message,
        ));
    }

    fn unknown_key(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        place: &str,
        expected: &[&str],
    ) {
        self.problem(
            key.span(),
            format!(
                "unknown key `{}` in {place} (expected one of: {})",
                key.get_ref(),
                expected.join(", ")
            ),
        );
    }

    /// The value as a string, or a diagnostic naming the key and what was expected.
    fn string<'v>(
        &mut self,
        key: &str,
        value: &'v Spanned<DeValue<'_>>,
        expected: &str,
    ) -> Option<&'v str> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            other => {
                self.problem(
                    value.span(),
                    format!(
                        "`{key}` must be {expected}, found {}",
                        article(other.type_str())
                    ),
                );
                None
            }
        }
    }
}

/// Parses and validates a policy file. `file` is the name used in diagnostics.
pub fn validate(file: &str, text: &str) -> Result<Policy, Vec<Diagnostic>> {
    let mut c = Checker {
        file,
        text,
        diags: Vec::new(),
    };
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            let at = e.span().map_or(0, |s| s.start);
            c.problem(at..at, format!("invalid TOML: {}", e.message().trim()));
        }
        return Err(sorted(c.diags));
    }
    let mut policy = Policy {
        source: Some(file.to_string()),
        ..Policy::default()
    };
    for (key, value) in doc.get_ref() {
        match key.get_ref().as_ref() {
            "fail-on" => {
                let expected = "a severity (info, low, medium, high, critical) or \"never\"";
                if let Some(s) = c.string("fail-on", value, expected) {
                    match s.parse::<FailOn>() {
                        Ok(f) => policy.fail_on = f,
                        Err(_) => c.problem(
                            value.span(),
                            format!("`fail-on` must be {expected}, found {s:?}"),
                        ),
                    }
                }
            }
            "severity" => policy.severity = severities(&mut c, value),
            "scope" => {
                if let Some(mode) = scope(&mut c, value) {
                    policy.scope = mode;
                }
            }
            "watchlist" => {
                if let Some(days) = max_age(&mut c, value) {
                    policy.watchlist_max_age_days = days;
                }
            }
            "require" => policy.require = require(&mut c, value),
            "waiver" => policy.waivers = waivers(&mut c, value),
            _ => c.unknown_key(key, "the policy", TOP_KEYS),
        }
    }
    if c.diags.is_empty() {
        Ok(policy)
    } else {
        Err(sorted(c.diags))
    }
}

/// "a string", "an integer".
fn article(type_str: &str) -> String {
    let an = type_str.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {type_str}", if an { "an" } else { "a" })
}

fn sorted(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.sort_by(|a, b| (a.line, a.column, &a.message).cmp(&(b.line, b.column, &b.message)));
    diags
}

fn table<'v, 'i>(
    c: &mut Checker<'_>,
    name: &str,
    value: &'v Spanned<DeValue<'i>>,
) -> Option<&'v DeTable<'i>> {
    match value.get_ref() {
        DeValue::Table(t) => Some(t),
        other => {
            c.problem(
                value.span(),
                format!(
                    "`{name}` must be a table (`[{name}]`), found {}",
                    article(other.type_str())
                ),
            );
            None
        }
    }
}

/// `[severity]`: `finding-code = "severity"`.
fn severities(c: &mut Checker<'_>, value: &Spanned<DeValue<'_>>) -> BTreeMap<Code, Severity> {
    let mut out = BTreeMap::new();
    let Some(t) = table(c, "severity", value) else {
        return out;
    };
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    for (key, v) in t {
        let Ok(code) = key.get_ref().parse::<Code>() else {
            c.problem(
                key.span(),
                format!(
                    "unknown finding code `{}` in [severity] (expected one of: {})",
                    key.get_ref(),
                    codes.join(", ")
                ),
            );
            continue;
        };
        let expected = "a severity (info, low, medium, high or critical)";
        if let Some(s) = c.string(code.as_str(), v, expected) {
            match s.parse::<Severity>() {
                Ok(sev) => {
                    out.insert(code, sev);
                }
                Err(_) => c.problem(
                    v.span(),
                    format!("`{code}` must be {expected}, found {s:?}"),
                ),
            }
        }
    }
    out
}

/// `[scope]`: `test-only = "lower" | "keep"`.
fn scope(c: &mut Checker<'_>, value: &Spanned<DeValue<'_>>) -> Option<ScopeMode> {
    let t = table(c, "scope", value)?;
    let mut mode = None;
    for (key, v) in t {
        if key.get_ref() != "test-only" {
            c.unknown_key(key, "[scope]", SCOPE_KEYS);
            continue;
        }
        let expected = "\"lower\" or \"keep\"";
        match c.string("test-only", v, expected) {
            Some("lower") => mode = Some(ScopeMode::Lower),
            Some("keep") => mode = Some(ScopeMode::Keep),
            Some(s) => c.problem(
                v.span(),
                format!("`test-only` must be {expected}, found {s:?}"),
            ),
            None => {}
        }
    }
    mode
}

/// `[watchlist]`: `max-age-days = N`, how old the newest watchlist may be, on the as-of date,
/// before every report warns that it is stale.
fn max_age(c: &mut Checker<'_>, value: &Spanned<DeValue<'_>>) -> Option<u32> {
    let t = table(c, "watchlist", value)?;
    let mut days = None;
    for (key, v) in t {
        if key.get_ref() != "max-age-days" {
            c.unknown_key(key, "[watchlist]", WATCHLIST_KEYS);
            continue;
        }
        match v.get_ref() {
            DeValue::Integer(i) => match i.as_str().parse::<u32>() {
                Ok(n) => days = Some(n),
                Err(_) => c.problem(
                    v.span(),
                    format!(
                        "`max-age-days` must be a whole number of days, found {}",
                        i.as_str()
                    ),
                ),
            },
            other => c.problem(
                v.span(),
                format!(
                    "`max-age-days` must be a whole number of days, found {}",
                    article(other.type_str())
                ),
            ),
        }
    }
    days
}

/// `[require]`: what every document must declare about provenance. `supplier-coverage` is the
/// least share (a percentage, 0-100) of its components that declare a supplier or manufacturer;
/// `product-supplier = true` asks that the document declare its product's supplier.
fn require(c: &mut Checker<'_>, value: &Spanned<DeValue<'_>>) -> Require {
    let mut out = Require::default();
    let Some(t) = table(c, "require", value) else {
        return out;
    };
    for (key, v) in t {
        match key.get_ref().as_ref() {
            "supplier-coverage" => {
                let pct = match v.get_ref() {
                    DeValue::Integer(i) => i.as_str().parse::<f64>().ok(),
                    DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
                    _ => None,
                };
                match pct {
                    Some(p) if (0.0..=100.0).contains(&p) => out.supplier_coverage = Some(p),
                    _ => c.problem(
                        v.span(),
                        format!(
                            "`supplier-coverage` must be a percentage from 0 to 100, found {}",
                            article(v.get_ref().type_str())
                        ),
                    ),
                }
            }
            "product-supplier" => match v.get_ref() {
                DeValue::Boolean(b) => out.product_supplier = *b,
                other => c.problem(
                    v.span(),
                    format!(
                        "`product-supplier` must be true or false, found {}",
                        article(other.type_str())
                    ),
                ),
            },
            _ => c.unknown_key(key, "[require]", REQUIRE_KEYS),
        }
    }
    out
}

/// `[[waiver]]` entries.
fn waivers(c: &mut Checker<'_>, value: &Spanned<DeValue<'_>>) -> Vec<Waiver> {
    let DeValue::Array(items) = value.get_ref() else {
        c.problem(
            value.span(),
            format!(
                "`waiver` must be an array of tables (`[[waiver]]`), found {}",
                article(value.get_ref().type_str())
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items.iter() {
        let DeValue::Table(t) = item.get_ref() else {
            c.problem(
                item.span(),
                format!(
                    "each waiver must be a table, found {}",
                    article(item.get_ref().type_str())
                ),
            );
            continue;
        };
        if let Some(w) = waiver(c, item.span(), t) {
            out.push(w);
        }
    }
    out
}

fn waiver(c: &mut Checker<'_>, span: Range<usize>, t: &DeTable<'_>) -> Option<Waiver> {
    let before = c.diags.len();
    let mut w = Waiver {
        component: None,
        name: None,
        versions: None,
        entity: None,
        code: None,
        reason: String::new(),
        until: None,
        line: Some(crate::diag::line_column(c.text, span.start).0),
    };
    let mut has_reason = false;
    for (key, v) in t {
        let k = key.get_ref().as_ref();
        match k {
            "component" => {
                let expected =
                    "a component ref (bom-ref / SPDXID) or a purl pattern (`pkg:npm/@scope/*`)";
                if let Some(s) = non_empty(c, k, v, expected) {
                    w.component = Some(if s.starts_with("pkg:") {
                        ComponentSelector::Purl(s.into())
                    } else {
                        ComponentSelector::Ref(s.to_string())
                    });
                }
            }
            "name" => {
                w.name =
                    non_empty(c, k, v, "a component name (`*` matches any run)").map(str::to_string)
            }
            // An invalid requirement is kept (the waiver then matches nothing) and warned about
            // when the policy is applied (`bad-version-requirement`), not refused here.
            "versions" => {
                w.versions = non_empty(c, k, v, "a semver requirement (`<21.4`, `>=1.2, <2`)")
                    .map(Versions::parse)
            }
            "entity" => w.entity = non_empty(c, k, v, "a watchlist entity id").map(str::to_string),
            "code" => {
                let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
                let expected = format!("a finding code ({})", codes.join(", "));
                if let Some(s) = c.string(k, v, &expected) {
                    match s.parse::<Code>() {
                        Ok(code) => w.code = Some(code),
                        Err(_) => {
                            c.problem(v.span(), format!("`code` must be {expected}, found {s:?}"))
                        }
                    }
                }
            }
            "reason" => {
                has_reason = true;
                if let Some(s) = c.string(
                    k,
                    v,
                    "a non-empty string saying why the finding is accepted",
                ) {
                    if s.trim().is_empty() {
                        c.problem(
                            v.span(),
                            "`reason` must not be empty: say why the finding is accepted".into(),
                        );
                    } else {
                        w.reason = s.trim().to_string();
                    }
                }
            }
            "until" => w.until = date(c, v),
            _ => c.unknown_key(key, "[[waiver]]", WAIVER_KEYS),
        }
    }
    if !has_reason {
        c.problem(
            span.clone(),
            "waiver has no `reason`: every waiver must say why the finding is accepted".into(),
        );
    }
    if w.component.is_none() && w.name.is_none() && w.entity.is_none() {
        c.problem(
            span,
            "waiver selects nothing: give `component`, `name` or `entity` (to change a code's severity everywhere, use [severity])"
                .into(),
        );
    }
    (c.diags.len() == before).then_some(w)
}

fn non_empty<'v>(
    c: &mut Checker<'_>,
    key: &str,
    v: &'v Spanned<DeValue<'_>>,
    expected: &str,
) -> Option<&'v str> {
    let s = c.string(key, v, expected)?;
    if s.trim().is_empty() {
        c.problem(
            v.span(),
            format!("`{key}` must be {expected}, found an empty string"),
        );
        return None;
    }
    Some(s.trim())
}

/// `until = "2026-12-31"` or the TOML date literal `until = 2026-12-31`.
fn date(c: &mut Checker<'_>, v: &Spanned<DeValue<'_>>) -> Option<Date> {
    let expected = "a date `YYYY-MM-DD`";
    let parsed = match v.get_ref() {
        DeValue::String(s) => parse_date(s),
        DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            dt.date.and_then(|d| {
                Date::new(
                    i16::try_from(d.year).ok()?,
                    i8::try_from(d.month).ok()?,
                    i8::try_from(d.day).ok()?,
                )
                .ok()
            })
        }
        _ => None,
    };
    if parsed.is_none() {
        let found = match v.get_ref() {
            DeValue::String(s) => format!("{s:?}"),
            other => article(other.type_str()),
        };
        c.problem(
            v.span(),
            format!("`until` must be {expected}, found {found}"),
        );
    }
    parsed
}

/// Strict `YYYY-MM-DD` (jiff alone would also accept other ISO 8601 shapes).
fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    s.parse::<Date>().ok()
}
