//! Policy files as users write them: every accepted key, every kind of mistake (with the line it
//! is reported on), waivers that apply, expire or match nothing, and the fail-on verdict.

use bomscreen::diag::{Code as DiagCode, Diagnostic, Level};
use bomscreen::finding::{
    Code, ComponentRef, Confidence, EntityRef, Evidence, Finding, LegalBasis, Scope, Severity,
};
use bomscreen::model::Location;
use bomscreen::policy::{
    self, ComponentSelector, FailOn, Policy, ScopeMode, Verdict, evaluate, validate,
};
use jiff::civil::{Date, date};

const TODAY: Date = date(2026, 3, 2);

fn component(id: &str, name: &str, purl: Option<&str>) -> ComponentRef {
    ComponentRef {
        id: id.into(),
        name: name.into(),
        version: Some("1.0".into()),
        purl: purl.map(Into::into),
        location: Location {
            pointer: "/components/0".into(),
            line: Some(10),
        },
        service: false,
    }
}

fn finding(code: Code, comp: ComponentRef, entity: &str) -> Finding {
    Finding {
        code,
        severity: code.default_severity(),
        confidence: Confidence::Declared,
        document: "sbom.cdx.json".into(),
        component: comp.clone(),
        entity: EntityRef {
            id: entity.into(),
            name: entity.to_uppercase(),
        },
        integrates: None,
        message: format!("{} matched", comp.name),
        legal_basis: vec![LegalBasis {
            list: "ICTS Final Determination".into(),
            citation: "89 FR 52434".into(),
            url: None,
            effective: Some("2024-07-20".into()),
            scope: None,
            status: bomscreen::finding::BasisStatus::InForce,
            milestone: None,
            reason: None,
        }],
        evidence: vec![Evidence {
            field: "supplier.name".into(),
            value: "AO Kaspersky Lab".into(),
            matched: "Kaspersky Lab".into(),
            matcher: "party-name".into(),
            confidence: Confidence::Declared,
            location: comp.location.clone(),
        }],
        path: vec!["root".into(), comp.id.clone()],
        scope: Scope::Delivered,
        notes: vec![],
    }
}

fn errors(text: &str) -> Vec<Diagnostic> {
    match validate("bomscreen.toml", text) {
        Ok(p) => panic!("expected diagnostics, got {p:?}"),
        Err(d) => d,
    }
}

/// (line, message) pairs, for compact assertions.
fn lines(diags: &[Diagnostic]) -> Vec<(Option<u32>, &str)> {
    diags.iter().map(|d| (d.line, d.message.as_str())).collect()
}

#[test]
fn empty_file_is_the_default_policy() {
    let p = validate("bomscreen.toml", "").unwrap();
    assert_eq!(p.fail_on, FailOn::Severity(Severity::High));
    assert_eq!(p.scope, ScopeMode::Lower);
    assert!(p.waivers.is_empty() && p.severity.is_empty());
    assert_eq!(Policy::default().fail_on, p.fail_on);
}

#[test]
fn full_valid_policy() {
    let text = r#"
fail-on = "medium"

[severity]
restricted-party = "high"
out-of-scope-vendor-match = "low"

[scope]
test-only = "keep"

[[waiver]]
component = "pkg:npm/@kaspersky/*"
entity = "kaspersky"
code = "prohibited-ict"
reason = "licensed before the determination; removal tracked in SEC-123"
until = "2026-12-31"

[[waiver]]
name = "kaspresso*"
reason = "test framework, never shipped"
until = 2027-01-31
"#;
    let p = validate("bomscreen.toml", text).unwrap();
    assert_eq!(p.fail_on, FailOn::Severity(Severity::Medium));
    assert_eq!(p.severity_of(Code::RestrictedParty), Severity::High);
    assert_eq!(p.severity_of(Code::OutOfScopeVendorMatch), Severity::Low);
    assert_eq!(
        p.severity_of(Code::CoveredList),
        Severity::High,
        "untouched codes keep their default"
    );
    assert_eq!(p.scope, ScopeMode::Keep);
    assert_eq!(p.waivers.len(), 2);
    let w = &p.waivers[0];
    assert_eq!(
        w.component,
        Some(ComponentSelector::Purl("pkg:npm/@kaspersky/*".into()))
    );
    assert_eq!(w.entity.as_deref(), Some("kaspersky"));
    assert_eq!(w.code, Some(Code::ProhibitedIct));
    assert_eq!(w.until, Some(date(2026, 12, 31)));
    assert_eq!(w.line, Some(11));
    assert_eq!(
        p.waivers[1].until,
        Some(date(2027, 1, 31)),
        "TOML date literals are accepted"
    );
    assert_eq!(p.waivers[1].name.as_deref(), Some("kaspresso*"));
}

#[test]
fn never_and_none_disable_failing() {
    for v in ["never", "none", "NEVER"] {
        let p = validate("p.toml", &format!("fail-on = {v:?}")).unwrap();
        assert_eq!(p.fail_on, FailOn::Never);
    }
}

#[test]
fn every_problem_is_reported_with_its_line() {
    let text = r#"fail-on = "severe"
colour = true

[severity]
covered-list = "urgent"
kaspersky-inside = "high"

[scope]
test-only = "drop"

[[waiver]]
component = "pkg:generic/kav-sdk*"
until = "31/12/2026"

[[waiver]]
component = "engine"
reason = "   "
expires = "2026-01-01"
"#;
    let d = errors(text);
    assert!(
        d.iter()
            .all(|d| d.code == DiagCode::InvalidPolicy && d.level == Level::Error)
    );
    assert!(d.iter().all(|d| d.file == "bomscreen.toml"));
    let got = lines(&d);
    let expect: &[(u32, &str)] = &[
        (
            1,
            "`fail-on` must be a severity (info, low, medium, high, critical) or \"never\", found \"severe\"",
        ),
        (
            2,
            "unknown key `colour` in the policy (expected one of: fail-on, severity, scope, watchlist, require, waiver)",
        ),
        (
            5,
            "`covered-list` must be a severity (info, low, medium, high or critical), found \"urgent\"",
        ),
        (
            6,
            "unknown finding code `kaspersky-inside` in [severity] (expected one of: prohibited-ict, integrated-prohibited-ict, post-cutoff-update, covered-list, integrated-covered-list, federal-use-restriction, restricted-party, dod-1260h-listing, adversary-controlled-supplier, adversary-jurisdiction-signal, out-of-scope-vendor-match, insufficient-provenance)",
        ),
        (
            9,
            "`test-only` must be \"lower\" or \"keep\", found \"drop\"",
        ),
        (
            11,
            "waiver has no `reason`: every waiver must say why the finding is accepted",
        ),
        (
            13,
            "`until` must be a date `YYYY-MM-DD`, found \"31/12/2026\"",
        ),
        (
            17,
            "`reason` must not be empty: say why the finding is accepted",
        ),
        (
            18,
            "unknown key `expires` in [[waiver]] (expected one of: component, name, versions, entity, code, reason, until)",
        ),
    ];
    for (line, msg) in expect {
        assert!(
            got.contains(&(Some(*line), *msg)),
            "missing line {line}: {msg}\ngot: {got:#?}"
        );
    }
    assert_eq!(got.len(), expect.len(), "{got:#?}");
    // Sorted by line, and printed like a compiler message.
    assert!(d.windows(2).all(|w| w[0].line <= w[1].line));
    assert_eq!(
        d[1].to_string(),
        "bomscreen.toml:2:1: error: unknown key `colour` in the policy (expected one of: fail-on, severity, scope, watchlist, require, waiver) [invalid-policy]"
    );
}

#[test]
fn wrong_types_name_what_was_expected() {
    let d = errors("fail-on = 3\nseverity = \"high\"\nwaiver = { reason = \"x\" }\n");
    let got = lines(&d);
    assert_eq!(
        got,
        vec![
            (
                Some(1),
                "`fail-on` must be a severity (info, low, medium, high, critical) or \"never\", found an integer"
            ),
            (
                Some(2),
                "`severity` must be a table (`[severity]`), found a string"
            ),
            (
                Some(3),
                "`waiver` must be an array of tables (`[[waiver]]`), found a table"
            ),
        ]
    );
}

#[test]
fn bad_dates_and_codes_in_waivers() {
    let d = errors(
        "[[waiver]]\ncomponent = \"x\"\nreason = \"r\"\nuntil = \"2026-02-30\"\n\n[[waiver]]\nentity = \"zte\"\ncode = \"covered\"\nreason = \"r\"\nuntil = 2026-01-01T00:00:00Z\n",
    );
    let got = lines(&d);
    assert_eq!(
        got[0],
        (
            Some(4),
            "`until` must be a date `YYYY-MM-DD`, found \"2026-02-30\""
        )
    );
    assert_eq!(got[1].0, Some(8));
    assert!(
        got[1]
            .1
            .starts_with("`code` must be a finding code (prohibited-ict, "),
        "{got:?}"
    );
    assert_eq!(
        got[2],
        (
            Some(10),
            "`until` must be a date `YYYY-MM-DD`, found a datetime"
        )
    );
}

#[test]
fn waiver_must_select_something() {
    let d = errors("[[waiver]]\ncode = \"covered-list\"\nreason = \"all of them\"\n");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].line, Some(1));
    assert!(
        d[0].message.starts_with("waiver selects nothing"),
        "{}",
        d[0].message
    );
}

#[test]
fn syntax_errors_point_at_the_line() {
    let d = errors("fail-on = \"high\"\n[severity\ncovered-list = \"low\"\n");
    assert!(!d.is_empty());
    assert_eq!(d[0].line, Some(2), "{d:?}");
    assert!(
        d[0].message.starts_with("invalid TOML: "),
        "{}",
        d[0].message
    );
}

#[test]
fn unreadable_policy_file() {
    let d = policy::load(std::path::Path::new("/nonexistent/bomscreen.toml")).unwrap_err();
    assert_eq!(d[0].code, DiagCode::UnreadablePolicy);
    assert!(d[0].message.starts_with("cannot read the policy file"));
}

#[test]
fn discover_finds_bomscreen_toml_in_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(policy::discover(dir.path()), None);
    std::fs::write(dir.path().join("bomscreen.toml"), "fail-on = \"low\"\n").unwrap();
    let found = policy::discover(dir.path()).unwrap();
    assert_eq!(
        policy::load(&found).unwrap().fail_on,
        FailOn::Severity(Severity::Low)
    );
}

#[test]
fn default_policy_fails_on_high_and_above_only() {
    let findings = vec![
        finding(
            Code::ProhibitedIct,
            component("engine", "kav-engine", None),
            "kaspersky",
        ),
        finding(
            Code::RestrictedParty,
            component("pkg:npm/x", "x", None),
            "tencent",
        ),
        finding(
            Code::OutOfScopeVendorMatch,
            component("kaspresso", "kaspresso", None),
            "kaspersky",
        ),
    ];
    let e = evaluate(&Policy::default(), findings.clone(), TODAY);
    assert_eq!((e.verdict(), e.failing()), (Verdict::Failed, 1));
    let sev: Vec<Severity> = e.findings.iter().map(|j| j.severity).collect();
    assert_eq!(sev, vec![Severity::High, Severity::Medium, Severity::Info]);
    assert!(e.diagnostics.is_empty());

    let never = validate("p.toml", "fail-on = \"never\"").unwrap();
    assert_eq!(
        evaluate(&never, findings.clone(), TODAY).verdict(),
        Verdict::Passed
    );
    let info = validate("p.toml", "fail-on = \"info\"").unwrap();
    let e = evaluate(&info, findings, TODAY);
    assert_eq!((e.verdict(), e.failing()), (Verdict::Failed, 3));
}

#[test]
fn severity_override_replaces_the_screening_severity() {
    let p = validate(
        "p.toml",
        "[severity]\nrestricted-party = \"critical\"\nprohibited-ict = \"low\"\n",
    )
    .unwrap();
    let e = evaluate(
        &p,
        vec![
            finding(Code::RestrictedParty, component("a", "a", None), "tencent"),
            finding(Code::ProhibitedIct, component("b", "b", None), "kaspersky"),
        ],
        TODAY,
    );
    assert_eq!(e.findings[0].severity, Severity::Critical);
    assert_eq!(e.findings[1].severity, Severity::Low);
    assert_eq!((e.verdict(), e.failing()), (Verdict::Failed, 1));
}

#[test]
fn test_only_components_are_lowered_unless_kept() {
    let mut f = finding(
        Code::CoveredList,
        component("cam-sdk", "hik-sdk", None),
        "hikvision",
    );
    f.scope = Scope::TestOnly;
    f.notes.push("test-only scope: dev dependency".into());
    let mut excluded = finding(
        Code::PostCutoffUpdate,
        component("kav", "kav", None),
        "kaspersky",
    );
    excluded.scope = Scope::Excluded;
    excluded.notes.push("excluded scope".into());
    let e = evaluate(&Policy::default(), vec![f.clone(), excluded.clone()], TODAY);
    assert_eq!(e.findings[0].severity, Severity::Medium);
    assert!(e.findings[0].scope_lowered);
    assert_eq!(
        e.findings[1].severity,
        Severity::High,
        "critical lowered one step is still high"
    );
    assert_eq!((e.verdict(), e.failing()), (Verdict::Failed, 1));

    let keep = validate("p.toml", "[scope]\ntest-only = \"keep\"\n").unwrap();
    let e = evaluate(&keep, vec![f.clone()], TODAY);
    assert_eq!(e.findings[0].severity, Severity::High);
    assert!(!e.findings[0].scope_lowered);

    // An override is applied first, then the scope lowering.
    let over = validate("p.toml", "[severity]\ncovered-list = \"critical\"\n").unwrap();
    assert_eq!(
        evaluate(&over, vec![f], TODAY).findings[0].severity,
        Severity::High
    );
}

const WAIVERS: &str = r#"
[[waiver]]
component = "pkg:npm/@kaspersky/*"
reason = "vendored SDK, replacement in progress"
until = "2026-06-30"

[[waiver]]
component = "cam-1"
entity = "hikvision"
reason = "lab camera, not on the network"
until = "2025-12-31"

[[waiver]]
name = "Kaspresso"
code = "out-of-scope-vendor-match"
reason = "test framework"

[[waiver]]
entity = "dahua"
reason = "no Dahua in this product line"
"#;

#[test]
fn waivers_valid_expired_and_unused() {
    let p = validate("bomscreen.toml", WAIVERS).unwrap();
    let sdk = finding(
        Code::ProhibitedIct,
        component("sdk", "kav-sdk", Some("pkg:npm/%40kaspersky/kav-sdk@2.1.0")),
        "kaspersky",
    );
    let cam = finding(
        Code::CoveredList,
        component("cam-1", "IPC-123", None),
        "hikvision",
    );
    let kaspresso = finding(
        Code::OutOfScopeVendorMatch,
        component("k", "kaspresso", None),
        "kaspersky",
    );
    let e = evaluate(&p, vec![sdk.clone(), cam.clone(), kaspresso], TODAY);

    let w0 = e.findings[0]
        .waived
        .as_ref()
        .expect("purl pattern waives the sdk");
    assert_eq!(w0.index, 0);
    assert_eq!(w0.reason, "vendored SDK, replacement in progress");
    assert_eq!(w0.until.as_deref(), Some("2026-06-30"));
    assert_eq!(w0.defined_at.as_deref(), Some("bomscreen.toml:2"));
    assert!(
        !e.findings[0].fails,
        "a waived finding is kept but does not fail"
    );
    assert_eq!(
        e.findings[0].severity,
        Severity::High,
        "waiving does not change severity"
    );

    assert!(
        e.findings[1].waived.is_none(),
        "the camera waiver expired on 2025-12-31"
    );
    assert!(e.findings[1].fails);
    assert_eq!(
        e.findings[2].waived.as_ref().map(|w| w.index),
        Some(2),
        "names match case-insensitively"
    );
    assert_eq!((e.verdict(), e.failing()), (Verdict::Failed, 1));

    let d: Vec<(DiagCode, Option<u32>)> = e.diagnostics.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(
        d,
        vec![
            (DiagCode::ExpiredWaiver, Some(7)),
            (DiagCode::UnusedWaiver, Some(18))
        ]
    );
    assert!(e.diagnostics.iter().all(|d| d.level == Level::Warning));
    assert_eq!(
        e.diagnostics[0].to_string(),
        "bomscreen.toml:7:1: warning: waiver 2 (ref cam-1, entity hikvision) expired on 2025-12-31 (as of 2026-03-02); the findings it covered count again [expired-waiver]"
    );
    assert_eq!(
        e.diagnostics[1].message,
        "waiver 4 (entity dahua) matched no finding; remove it or fix its selector"
    );

    // On its last day a waiver still applies; the day after it does not.
    let on_day = evaluate(&p, vec![cam.clone()], date(2025, 12, 31));
    assert!(on_day.findings[0].waived.is_some());
    let after = evaluate(&p, vec![sdk], date(2026, 7, 1));
    assert!(after.findings[0].waived.is_none());
    assert!(
        after
            .diagnostics
            .iter()
            .any(|d| d.code == DiagCode::ExpiredWaiver && d.line == Some(2))
    );
}

#[test]
fn purl_waivers_follow_the_purl_case_rules() {
    // npm scopes are lowercase and percent-encoded in purls; people write them as they like.
    let p = validate(
        "bomscreen.toml",
        r#"
[[waiver]]
component = "pkg:npm/@Kaspersky/*"
reason = "vendored SDK under review"
"#,
    )
    .unwrap();
    let sdk = finding(
        Code::ProhibitedIct,
        component("x", "x", Some("pkg:npm/%40kaspersky/x")),
        "kaspersky",
    );
    let e = evaluate(&p, vec![sdk], TODAY);
    assert!(
        e.findings[0].waived.is_some(),
        "@Kaspersky covers %40kaspersky"
    );
    assert_eq!(e.verdict(), Verdict::Passed);
}

#[test]
fn waiving_an_engine_waives_its_integration_findings() {
    let p = validate(
        "bomscreen.toml",
        "[[waiver]]\ncomponent = \"avscan-engine\"\nreason = \"r\"\n",
    )
    .unwrap();
    let engine = component("avscan-engine", "avscan-engine", None);
    let mut product = finding(
        Code::IntegratedProhibitedIct,
        component("fw", "firewall", None),
        "kaspersky",
    );
    product.integrates = Some(engine.clone());
    let other = finding(
        Code::ProhibitedIct,
        component("other", "other", None),
        "kaspersky",
    );
    let e = evaluate(
        &p,
        vec![
            finding(Code::ProhibitedIct, engine, "kaspersky"),
            product,
            other,
        ],
        TODAY,
    );
    let waived: Vec<bool> = e.findings.iter().map(|j| j.waived.is_some()).collect();
    assert_eq!(waived, vec![true, true, false]);
}

/// `versions = "<21.4"` narrows a waiver to the versions of the selected component that satisfy
/// the semver requirement; versions that are not semver are normalised first, and one that still
/// does not parse is never waived. See: issue 14 ("Versions with `semver`").
#[test]
fn versioned_waivers_apply_only_to_matching_versions() {
    let p = validate(
        "bomscreen.toml",
        "[[waiver]]\ncomponent = \"pkg:generic/avscan-engine\"\nversions = \"<21.4\"\nreason = \"replaced in 21.4\"\n",
    )
    .unwrap();
    assert_eq!(p.waivers[0].versions.as_ref().unwrap().text, "<21.4");
    let engine = |id: &str, version: Option<&str>| {
        let mut c = component(id, "avscan-engine", Some("pkg:generic/avscan-engine"));
        c.version = version.map(Into::into);
        c
    };
    let mut product = finding(
        Code::IntegratedProhibitedIct,
        component("fw", "firewall", None),
        "kaspersky",
    );
    product.integrates = Some(engine("e0", Some("21.3.10.391")));
    let findings = vec![
        finding(
            Code::ProhibitedIct,
            engine("e1", Some("21.3.10.391")),
            "kaspersky",
        ),
        finding(
            Code::ProhibitedIct,
            engine("e2", Some("v21.3")),
            "kaspersky",
        ),
        finding(
            Code::ProhibitedIct,
            engine("e3", Some("21.4.0")),
            "kaspersky",
        ),
        finding(
            Code::ProhibitedIct,
            engine("e4", Some("latest")),
            "kaspersky",
        ),
        finding(Code::ProhibitedIct, engine("e5", None), "kaspersky"),
        product,
    ];
    let e = evaluate(&p, findings, TODAY);
    let waived: Vec<(&str, bool)> = e
        .findings
        .iter()
        .map(|j| (j.finding.component.id.as_str(), j.waived.is_some()))
        .collect();
    assert_eq!(
        waived,
        [
            ("e1", true),
            ("e2", true),
            ("e3", false),
            ("e4", false),
            ("e5", false),
            ("fw", true),
        ]
    );
    assert!(e.diagnostics.is_empty(), "{:?}", e.diagnostics);
}

/// An invalid requirement does not stop the run: the waiver matches nothing, and a warning at its
/// line says so (instead of a second, misleading `unused-waiver`).
#[test]
fn an_invalid_version_requirement_is_a_warning_and_waives_nothing() {
    let text = "fail-on = \"high\"\n\n[[waiver]]\ncomponent = \"engine\"\nversions = \"before 21.4\"\nreason = \"r\"\n";
    let p = validate("bomscreen.toml", text).unwrap();
    let e = evaluate(
        &p,
        vec![finding(
            Code::ProhibitedIct,
            component("engine", "engine", None),
            "kaspersky",
        )],
        TODAY,
    );
    assert!(e.findings[0].waived.is_none());
    assert_eq!(e.diagnostics.len(), 1, "{:?}", e.diagnostics);
    let d = &e.diagnostics[0];
    assert_eq!(
        (d.code, d.level, d.line),
        (DiagCode::BadVersionRequirement, Level::Warning, Some(3))
    );
    assert!(
        d.message
            .contains("`versions = \"before 21.4\"` is not a semver requirement"),
        "{}",
        d.message
    );
    // An empty requirement is a mistake in the file, like any empty selector.
    let d = errors("[[waiver]]\ncomponent = \"x\"\nversions = \"\"\nreason = \"r\"\n");
    assert_eq!(d[0].code, DiagCode::InvalidPolicy);
    assert_eq!(d[0].line, Some(3));
}

/// As users run it: the sample firewall's Kaspersky engine is 21.3.10.391; a waiver for `<21.4`
/// accepts it, one for `>=22` does not, and the bad requirement is warned on standard error.
#[test]
fn versioned_waiver_on_the_sample_firewall() {
    let dir = tempfile::tempdir().unwrap();
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/firewall-image.cdx.json"
    );
    let run = |versions: &str| {
        let policy = dir.path().join("bomscreen.toml");
        std::fs::write(
            &policy,
            format!(
                "fail-on = \"never\"\n[[waiver]]\ncomponent = \"avscan-engine\"\nentity = \"kaspersky\"\nversions = \"{versions}\"\nreason = \"engine removed in 7.3\"\n"
            ),
        )
        .unwrap();
        let out = assert_cmd::Command::cargo_bin("bomscreen")
            .unwrap()
            .args([
                "scan",
                sample,
                "--as-of",
                "2026-03-02",
                "--format",
                "json",
                "--policy",
            ])
            .arg(&policy)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let waived = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["waived"].is_object())
            .count();
        (waived, String::from_utf8_lossy(&out.stderr).to_string())
    };
    let (waived, stderr) = run("<21.4");
    // The engine itself and the three products integrating it.
    assert_eq!(waived, 4, "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let (waived, stderr) = run(">=22");
    assert_eq!(waived, 0);
    assert!(stderr.contains("unused-waiver"), "{stderr}");
    let (waived, stderr) = run("21.x.y");
    assert_eq!(waived, 0);
    assert!(stderr.contains("warning:"), "{stderr}");
    assert!(stderr.contains("[bad-version-requirement]"), "{stderr}");
}

#[test]
fn the_documented_sample_policy_is_valid() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/bomscreen.toml");
    let p = policy::load(&path).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(p.fail_on, FailOn::Severity(Severity::High));
    assert_eq!(p.scope, ScopeMode::Lower);
    // Every code is listed with its default severity, so the sample documents the defaults.
    for c in Code::ALL {
        assert_eq!(p.severity.get(&c), Some(&c.default_severity()), "{c}");
    }
    assert!(!p.waivers.is_empty());
}

/// Every report warns when the as-of date is more than `[watchlist] max-age-days` (180 by
/// default) past the newest watchlist's date. See: issue 13, item 5.
#[test]
fn a_stale_watchlist_is_warned_in_every_report() {
    let dir = tempfile::tempdir().unwrap();
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/web-service.spdx.json");
    let scan = |as_of: &str, extra: &[&str]| {
        assert_cmd::Command::cargo_bin("bomscreen")
            .unwrap()
            .current_dir(dir.path())
            .env("COLUMNS", "400")
            .args(["scan", sample, "--as-of", as_of, "--no-progress"])
            .args(extra)
            .output()
            .unwrap()
    };
    // The built-in watchlist is dated 2026-11-23: 180 days later is still fresh, 181 is not.
    let fresh = scan("2027-05-22", &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&fresh.stdout).unwrap();
    assert_eq!(json["diagnostics"], serde_json::json!([]));
    for format in ["json", "sarif", "markdown", "table", "html"] {
        let out = scan("2027-05-23", &["--format", format]);
        assert_eq!(out.status.code(), Some(0), "{format}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("stale-watchlist"), "{format}: {text}");
        assert!(text.contains("181 days"), "{format}: {text}");
    }
    // The policy sets the limit.
    std::fs::write(
        dir.path().join("bomscreen.toml"),
        "[watchlist]\nmax-age-days = 365\n",
    )
    .unwrap();
    let out = scan("2027-05-23", &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"], serde_json::json!([]));
    let bad = validate("p.toml", "[watchlist]\nmax-age-days = \"soon\"\n").unwrap_err();
    assert_eq!(
        lines(&bad),
        [(
            Some(2),
            "`max-age-days` must be a whole number of days, found a string"
        )]
    );
}
