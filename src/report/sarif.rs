//! SARIF 2.1.0 for GitHub code scanning and other viewers: one result per finding, located at the
//! SBOM file and the component's line, and one rule per finding code, severity and precision used
//! (`prohibited-ict/high/very-high`), because GitHub shows a result with its *rule's*
//! `security-severity` and `precision`: a rule per code alone would show a low finding as high.
//!
//! Spec: <https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/sarif-v2.1.0-errata01-os-complete.html>.
//! GitHub's subset: <https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning>.
//! The structs below hold only the properties bomscreen writes.

use std::io;

use serde::Serialize;

use super::{Judged, Report, path_text};
use crate::diag::{Diagnostic, Level as DiagLevel};
use crate::finding::{Code, Confidence, Severity};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/bomscreen/bomscreen";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation; 1],
    results: Vec<SarifResult>,
    /// §3.14.21: the run's properties; we record the watchlist and as-of date here.
    properties: RunProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties<'a> {
    watchlist_name: &'a str,
    watchlist_version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    watchlist_date: Option<&'a str>,
    as_of: &'a str,
    disclaimer: &'a str,
    fail_on: &'a str,
    verdict: &'static str,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'a str,
    version: &'a str,
    semantic_version: &'a str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    /// GitHub reads this to show critical/high/medium/low; omitted for info.
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
    /// GitHub orders alerts by it: how often results of this rule are true.
    precision: &'static str,
    /// The bomscreen finding code the rule is a variant of.
    code: Code,
    severity: Severity,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_configuration_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    #[serde(skip_serializing_if = "Option::is_none")]
    descriptor: Option<Descriptor>,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
}

#[derive(Serialize)]
struct Descriptor {
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    properties: ResultProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

/// Only the line is known: readers record where a component starts, not its columns or its last
/// line, so a region is that whole line (SARIF §3.30.2).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    name: String,
    fully_qualified_name: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "bomscreenFinding/v1")]
    finding: String,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    justification: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties {
    severity: Severity,
    precision: &'static str,
    entity: String,
    entity_name: String,
    confidence: Confidence,
    component_ref: String,
    path: Vec<String>,
}

/// SARIF `level` for a severity: critical/high fail a check, medium warns, low/info inform.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity` score bands: >= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium,
/// 0.1-3.9 low.
fn security_severity(s: Severity) -> Option<&'static str> {
    match s {
        Severity::Critical => Some("9.5"),
        Severity::High => Some("8.0"),
        Severity::Medium => Some("5.5"),
        Severity::Low => Some("3.0"),
        Severity::Info => None,
    }
}

/// GitHub's `precision` (very-high, high, medium, low) for the strongest evidence of a finding: a
/// declared party field is very-high, an identifier (purl, CPE, domain, hash) high, free text
/// medium, an approximate name low.
pub(crate) fn precision(c: Confidence) -> &'static str {
    match c {
        Confidence::Declared => "very-high",
        Confidence::Identifier => "high",
        Confidence::Text => "medium",
        Confidence::Fuzzy => "low",
    }
}

/// The rule of a result: its code, final severity and precision. Its id,
/// `CODE/SEVERITY/PRECISION`, stays the same from run to run as long as the finding's severity
/// and evidence strength do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct RuleKey {
    code: Code,
    severity: std::cmp::Reverse<Severity>,
    confidence: std::cmp::Reverse<Confidence>,
}

impl RuleKey {
    fn of(f: &Judged) -> RuleKey {
        RuleKey {
            code: f.finding.code,
            severity: std::cmp::Reverse(f.severity),
            confidence: std::cmp::Reverse(f.finding.confidence),
        }
    }

    fn id(self) -> String {
        format!(
            "{}/{}/{}",
            self.code,
            self.severity.0,
            precision(self.confidence.0)
        )
    }
}

/// `prohibited-ict` -> `ProhibitedIct` (SARIF §3.49.7 suggests a readable identifier for `name`).
fn pascal(code: &str) -> String {
    code.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A relative URI reference for a file path as the user gave it: forward slashes, and every
/// byte outside RFC 3986 unreserved characters and `/` percent-encoded (spaces, `#`, `?`, `%`,
/// non-ASCII). Absolute paths become `file:` URIs.
pub(crate) fn file_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let encode = |s: &str| {
        let mut out = String::with_capacity(s.len());
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    };
    let bytes = path.as_bytes();
    if bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/' {
        return format!("file:///{}:{}", &path[..1], encode(&path[2..]));
    }
    if path.starts_with('/') {
        return format!("file://{}", encode(&path));
    }
    encode(path.strip_prefix("./").unwrap_or(&path))
}

/// FNV-1a, 64 bit: a stable hash that does not depend on the Rust version or platform, so
/// GitHub recognises the same finding across runs.
fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// The whole finding in one paragraph: component, evidence, entity, legal basis, path, waiver.
pub(super) fn message(f: &Judged) -> String {
    let mut m = String::new();
    let version = f
        .finding
        .component
        .version
        .as_deref()
        .map(|v| format!(" {v}"))
        .unwrap_or_default();
    m.push_str(&format!(
        "{}{version} ({}): {}",
        f.finding.component.label(),
        f.finding.component.id,
        f.finding.message
    ));
    if !m.ends_with('.') {
        m.push('.');
    }
    m.push_str(&format!(
        " Entity: {} ({}).",
        f.finding.entity.name, f.finding.entity.id
    ));
    if let Some(i) = &f.finding.integrates {
        m.push_str(&format!(" Integrates: {} ({}).", i.name, i.id));
    }
    if !f.finding.evidence.is_empty() {
        let ev: Vec<String> = f
            .finding
            .evidence
            .iter()
            .map(|e| {
                format!(
                    "{} = \"{}\" matched \"{}\" ({})",
                    e.field, e.value, e.matched, e.matcher
                )
            })
            .collect();
        m.push_str(&format!(" Evidence: {}.", ev.join("; ")));
    }
    for lb in &f.finding.legal_basis {
        let eff = lb
            .effective
            .as_deref()
            .map(|d| format!(", effective {d}"))
            .unwrap_or_default();
        m.push_str(&format!(
            " Legal basis: {} ({}{eff}).",
            lb.label(),
            lb.citation
        ));
    }
    for n in &f.finding.notes {
        m.push_str(&format!(" Note: {n}."));
    }
    if !f.finding.path.is_empty() {
        m.push_str(&format!(" Path: {}.", path_text(&f.finding.path)));
    }
    if f.scope_lowered {
        m.push_str(" Severity lowered: test-only or excluded scope.");
    }
    if let Some(w) = &f.waived {
        m.push_str(&format!(" Waived: {}.", w.reason));
    }
    m
}

fn diagnostic_notification(d: &Diagnostic) -> Notification {
    Notification {
        descriptor: Some(Descriptor {
            id: d.code.to_string(),
        }),
        level: match d.level {
            DiagLevel::Error => "error",
            DiagLevel::Warning => "warning",
        },
        message: Text {
            text: d.message.clone(),
        },
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: file_uri(&d.file),
                },
                region: d.line.map(|start_line| Region { start_line }),
            },
            logical_locations: Vec::new(),
        }],
    }
}

/// The rule for one (code, severity, precision): GitHub shows its `security-severity` and
/// `precision` for every result that names it, and its level is the results' level.
fn rule(key: RuleKey, description: &str) -> Rule {
    let code = key.code.as_str();
    let severity = key.severity.0;
    let precision = precision(key.confidence.0);
    Rule {
        id: key.id(),
        name: pascal(code),
        short_description: Text {
            text: description.to_string(),
        },
        full_description: Text {
            text: format!(
                "{description} (bomscreen code `{code}`; these results are {severity} severity, {precision} precision)."
            ),
        },
        help: Help {
            text: format!(
                "{description}. Review the evidence, the path and each legal basis with its status (a screening signal, not a legal determination); record the outcome of the review as a [[waiver]] with a reason in bomscreen.toml."
            ),
            markdown: format!(
                "**{code}**: {description}.\n\nReview the evidence, the path from the product root and each legal basis with its status: a finding is a screening signal from declared and derived evidence, not a legal determination. Record the outcome of the review in `bomscreen.toml`:\n\n```toml\n[[waiver]]\ncomponent = \"<bom-ref or purl pattern>\"\ncode = \"{code}\"\nreason = \"why this is accepted\"\nuntil = \"YYYY-MM-DD\"\n```"
            ),
        },
        default_configuration: Configuration {
            level: level(severity),
        },
        properties: RuleProperties {
            tags: vec!["security", "supply-chain", "sbom"],
            security_severity: security_severity(severity),
            precision,
            code: key.code,
            severity,
        },
    }
}

/// Writes the report as a SARIF 2.1.0 log.
pub(super) fn render(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    // One rule per (code, severity, precision) that a result uses, in code order, then highest
    // severity and precision first.
    let keys: Vec<RuleKey> = report
        .findings
        .iter()
        .map(RuleKey::of)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let rules: Vec<Rule> = keys
        .iter()
        .map(|&key| {
            let description = report
                .rules
                .iter()
                .find(|r| r.code == key.code)
                .map_or_else(
                    || key.code.description().to_string(),
                    |r| r.description.clone(),
                );
            rule(key, &description)
        })
        .collect();
    let results = report
        .findings
        .iter()
        .map(|f| {
            let key = RuleKey::of(f);
            let rule_index = keys.binary_search(&key).unwrap_or(0);
            let integrates = f.finding.integrates.as_ref().map_or("", |i| i.id.as_str());
            SarifResult {
                rule_id: key.id(),
                rule_index,
                level: level(f.severity),
                message: Text { text: message(f) },
                locations: vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: file_uri(&f.finding.document),
                        },
                        region: f.line().map(|start_line| Region { start_line }),
                    },
                    logical_locations: vec![LogicalLocation {
                        name: f.finding.component.name.clone(),
                        fully_qualified_name: f.finding.component.id.clone(),
                        kind: "module",
                    }],
                }],
                partial_fingerprints: Fingerprints {
                    finding: fingerprint(&[
                        f.finding.code.as_str(),
                        &f.finding.document,
                        &f.finding.component.id,
                        &f.finding.entity.id,
                        integrates,
                    ]),
                },
                suppressions: f
                    .waived
                    .iter()
                    .map(|w| Suppression {
                        kind: "external",
                        justification: w.reason.clone(),
                    })
                    .collect(),
                properties: ResultProperties {
                    severity: f.severity,
                    precision: precision(f.finding.confidence),
                    entity: f.finding.entity.id.clone(),
                    entity_name: f.finding.entity.name.clone(),
                    confidence: f.finding.confidence,
                    component_ref: f.finding.component.id.clone(),
                    path: f.finding.path.clone(),
                },
            }
        })
        .collect();
    let execution_notifications = report
        .documents
        .iter()
        .filter_map(|d| {
            d.error.as_ref().map(|e| Notification {
                descriptor: None,
                level: "error",
                message: Text {
                    text: format!("{}: could not be read: {e}", d.source),
                },
                locations: vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: file_uri(&d.source),
                        },
                        region: None,
                    },
                    logical_locations: Vec::new(),
                }],
            })
        })
        .chain(report.skipped.iter().map(|s| Notification {
            descriptor: None,
            level: "note",
            message: Text {
                text: format!("{}: skipped: {}", s.path, s.reason),
            },
            locations: vec![Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation {
                        uri: file_uri(&s.path),
                    },
                    region: None,
                },
                logical_locations: Vec::new(),
            }],
        }))
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: &report.tool.name,
                    version: &report.tool.version,
                    semantic_version: &report.tool.version,
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            invocations: [Invocation {
                execution_successful: report.documents.iter().all(|d| d.error.is_none()),
                tool_execution_notifications: execution_notifications,
                tool_configuration_notifications: report
                    .diagnostics
                    .iter()
                    .map(diagnostic_notification)
                    .collect(),
            }],
            results,
            properties: RunProperties {
                watchlist_name: &report.watchlist.name,
                watchlist_version: &report.watchlist.version,
                watchlist_date: report.watchlist.date.as_deref(),
                as_of: &report.as_of,
                disclaimer: &report.disclaimer,
                fail_on: &report.fail_on,
                verdict: report.verdict.as_str(),
            },
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(
            file_uri("sboms/fw image.cdx.json"),
            "sboms/fw%20image.cdx.json"
        );
        assert_eq!(file_uri("./a/b.json"), "a/b.json");
        assert_eq!(file_uri("dir\\x#1.json"), "dir/x%231.json");
        assert_eq!(file_uri("/tmp/a b.json"), "file:///tmp/a%20b.json");
        assert_eq!(file_uri("C:\\sboms\\a.json"), "file:///C:/sboms/a.json");
        assert_eq!(file_uri("prüfung.json"), "pr%C3%BCfung.json");
        assert_eq!(file_uri("<stdin>"), "%3Cstdin%3E");
    }

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["ab", ""]), fingerprint(&["a", "b"]));
        // A fixed value: changing the hash would make GitHub re-open every alert.
        assert_eq!(fingerprint(&[""]), "af63bd4c8601b7df"); // FNV-1a 64 of one NUL byte
    }

    #[test]
    fn names_and_levels() {
        assert_eq!(
            pascal("integrated-prohibited-ict"),
            "IntegratedProhibitedIct"
        );
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Info), "note");
    }
}
