//! The timeline of every built-in designation (issue 11): for each, fixtures screened on the day
//! before and the day of every start, milestone, exemption and end date, asserting the code, the
//! severity and every listed legal basis with its status (and the milestone in force). Then one
//! test per defect of the issue (items 1-11), each failing on the engine the issue was filed on.
//!
//! Fixtures: `tests/fixtures/timeline/*.spdx.json` (the Kaspersky engine in an appliance, one
//! released on the cut-off day, Kaspersky products whose descriptions name excluded services,
//! Kaspresso required and test-only, a KasperskyOS port, Huawei HMS, router and Honor firmware,
//! Hikvision camera firmware and SDK in a VMS, Dahua Technology USA and Lorex firmware, the DJI
//! SDK, Tencent RapidJSON, and suppliers named by unconfirmed legal names).

use std::path::PathBuf;

use assert_cmd::Command;
use bomscreen::finding::{BasisStatus, Finding};
use bomscreen::graph::DepGraph;
use bomscreen::ingest::{self, ReadOptions};
use bomscreen::provenance;
use bomscreen::screen::Screener;
use bomscreen::watchlist::{self, Watchlist, WatchlistError};
use jiff::civil::Date;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/fixtures/timeline/{name}.spdx.json"))
}

fn screen(name: &str, as_of: &str) -> Vec<Finding> {
    let screener = Screener::new(watchlist::builtin());
    let sbom =
        ingest::read(&fixture(name), &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let graph = DepGraph::build(&sbom);
    let prov = provenance::resolve(&sbom, &graph);
    let as_of: Date = as_of.parse().unwrap();
    screener.screen(&sbom, &graph, &prov, as_of)
}

/// The findings on one component (`SPDXRef-` left out).
fn on<'a>(fs: &'a [Finding], component: &str) -> Vec<&'a Finding> {
    let id = format!("SPDXRef-{component}");
    fs.iter().filter(|f| f.component.id == id).collect()
}

/// Short list names for the table below.
fn short(list: &str) -> &str {
    match list {
        "ICTS Final Determination" => "ICTS",
        "FCC Covered List" => "FCC",
        "NDAA FY2019 sec. 889" => "889",
        "NDAA FY2018 sec. 1634" => "1634",
        "DHS BOD 17-01" => "BOD",
        "BIS Entity List" => "EL",
        "DoD 1260H" => "1260H",
        other => other,
    }
}

fn status(s: BasisStatus) -> &'static str {
    match s {
        BasisStatus::InForce => "in",
        BasisStatus::Excluded => "excl",
        BasisStatus::ScopeReview => "review",
        BasisStatus::NotYetInForce => "later",
        BasisStatus::Ended => "ended",
    }
}

/// `code/severity` and the listed bases as `LIST:status[@milestone]`, in the finding's order.
fn summary(f: &Finding) -> (String, String) {
    let bases: Vec<String> = f
        .legal_basis
        .iter()
        .map(|b| {
            let m = b
                .milestone
                .as_deref()
                .map(|m| format!("@{m}"))
                .unwrap_or_default();
            format!("{}:{}{m}", short(&b.list), status(b.status))
        })
        .collect();
    (format!("{}/{}", f.code, f.severity), bases.join(" "))
}

/// (fixture, component, as-of, `code/severity` or `none`, bases). Bases list every designation
/// of the entity, applying ones first (strictest first), then scope reviews, exclusions, and
/// those not yet in force or ended. For an integrating product only the designations that reach
/// integrators are listed (the ICTS integration class, the Covered List, sec. 889, sec. 1634,
/// and BOD 17-01, which excludes embedded code).
const TIMELINE: &[(&str, &str, &str, &str, &str)] = &[
    ("kaspersky-engine", "engine", "2017-09-12", "none", ""),
    ("kaspersky-engine", "appliance", "2017-09-12", "none", ""),
    (
        "kaspersky-engine",
        "engine",
        "2017-09-13",
        "federal-use-restriction/medium",
        "BOD:in ICTS:later EL:later FCC:later 1634:later",
    ),
    ("kaspersky-engine", "appliance", "2017-09-13", "none", ""),
    (
        "kaspersky-engine",
        "engine",
        "2018-09-30",
        "federal-use-restriction/medium",
        "BOD:in ICTS:later EL:later FCC:later 1634:later",
    ),
    ("kaspersky-engine", "appliance", "2018-09-30", "none", ""),
    (
        "kaspersky-engine",
        "engine",
        "2018-10-01",
        "federal-use-restriction/medium",
        "BOD:in 1634:in ICTS:later EL:later FCC:later",
    ),
    (
        "kaspersky-engine",
        "appliance",
        "2018-10-01",
        "federal-use-restriction/medium",
        "1634:in BOD:excl ICTS:later FCC:later",
    ),
    (
        "kaspersky-engine",
        "engine",
        "2021-03-21",
        "federal-use-restriction/medium",
        "BOD:in 1634:in ICTS:later EL:later FCC:later",
    ),
    (
        "kaspersky-engine",
        "appliance",
        "2021-03-21",
        "federal-use-restriction/medium",
        "1634:in BOD:excl ICTS:later FCC:later",
    ),
    (
        "kaspersky-engine",
        "engine",
        "2021-03-22",
        "federal-use-restriction/medium",
        "BOD:in 1634:in ICTS:later EL:later FCC:later",
    ),
    (
        "kaspersky-engine",
        "appliance",
        "2021-03-22",
        "federal-use-restriction/medium",
        "1634:in BOD:excl ICTS:later FCC:later",
    ),
    (
        "kaspersky-engine",
        "engine",
        "2022-03-24",
        "federal-use-restriction/medium",
        "BOD:in 1634:in ICTS:later EL:later FCC:later",
    ),
    (
        "kaspersky-engine",
        "appliance",
        "2022-03-24",
        "federal-use-restriction/medium",
        "1634:in BOD:excl ICTS:later FCC:later",
    ),
    (
        "kaspersky-engine",
        "engine",
        "2022-03-25",
        "covered-list/high",
        "FCC:in BOD:in 1634:in ICTS:later EL:later",
    ),
    (
        "kaspersky-engine",
        "appliance",
        "2022-03-25",
        "integrated-covered-list/high",
        "FCC:in 1634:in BOD:excl ICTS:later",
    ),
    (
        "kaspersky-engine",
        "engine",
        "2024-06-23",
        "covered-list/high",
        "FCC:in BOD:in 1634:in ICTS:later EL:later",
    ),
    (
        "kaspersky-engine",
        "appliance",
        "2024-06-23",
        "integrated-covered-list/high",
        "FCC:in 1634:in BOD:excl ICTS:later",
    ),
    (
        "kaspersky-engine",
        "engine",
        "2024-06-24",
        "covered-list/high",
        "FCC:in EL:in BOD:in 1634:in ICTS:later",
    ),
    (
        "kaspersky-engine",
        "appliance",
        "2024-06-24",
        "integrated-covered-list/high",
        "FCC:in 1634:in BOD:excl ICTS:later",
    ),
    (
        "kaspersky-engine",
        "engine",
        "2024-07-19",
        "covered-list/high",
        "FCC:in EL:in BOD:in 1634:in ICTS:later",
    ),
    (
        "kaspersky-engine",
        "appliance",
        "2024-07-19",
        "integrated-covered-list/high",
        "FCC:in 1634:in BOD:excl ICTS:later",
    ),
    (
        "kaspersky-engine",
        "engine",
        "2024-07-20",
        "prohibited-ict/high",
        "ICTS:in@new-transactions FCC:in EL:in BOD:in 1634:in",
    ),
    (
        "kaspersky-engine",
        "appliance",
        "2024-07-20",
        "integrated-prohibited-ict/high",
        "ICTS:in@new-transactions FCC:in 1634:in BOD:excl",
    ),
    (
        "kaspersky-engine",
        "engine",
        "2024-09-28",
        "prohibited-ict/high",
        "ICTS:in@new-transactions FCC:in EL:in BOD:in 1634:in",
    ),
    (
        "kaspersky-engine",
        "appliance",
        "2024-09-28",
        "integrated-prohibited-ict/high",
        "ICTS:in@new-transactions FCC:in 1634:in BOD:excl",
    ),
    (
        "kaspersky-engine",
        "engine",
        "2024-09-29",
        "prohibited-ict/high",
        "ICTS:in@updates-and-integration FCC:in EL:in BOD:in 1634:in",
    ),
    (
        "kaspersky-engine",
        "appliance",
        "2024-09-29",
        "integrated-prohibited-ict/high",
        "ICTS:in@updates-and-integration FCC:in 1634:in BOD:excl",
    ),
    (
        "kaspersky-engine-cutoff",
        "engine",
        "2024-09-28",
        "prohibited-ict/high",
        "ICTS:in@new-transactions FCC:in EL:in BOD:in 1634:in",
    ),
    (
        "kaspersky-engine-cutoff",
        "appliance",
        "2024-09-28",
        "integrated-prohibited-ict/high",
        "ICTS:in@new-transactions FCC:in 1634:in BOD:excl",
    ),
    (
        "kaspersky-engine-cutoff",
        "engine",
        "2024-09-29",
        "prohibited-ict/high",
        "ICTS:in@updates-and-integration FCC:in EL:in BOD:in 1634:in",
    ),
    (
        "kaspersky-engine-cutoff",
        "appliance",
        "2024-09-29",
        "post-cutoff-update/critical",
        "ICTS:in@updates-and-integration FCC:in 1634:in BOD:excl",
    ),
    ("kaspersky-products", "kes", "2017-09-12", "none", ""),
    ("kaspersky-products", "edr", "2017-09-12", "none", ""),
    ("kaspersky-products", "ti", "2017-09-12", "none", ""),
    ("kaspersky-products", "kos", "2017-09-12", "none", ""),
    (
        "kaspersky-products",
        "kes",
        "2017-09-13",
        "federal-use-restriction/medium",
        "BOD:in ICTS:later EL:later FCC:later 1634:later",
    ),
    (
        "kaspersky-products",
        "edr",
        "2017-09-13",
        "federal-use-restriction/medium",
        "BOD:in ICTS:later EL:later FCC:later 1634:later",
    ),
    (
        "kaspersky-products",
        "ti",
        "2017-09-13",
        "out-of-scope-vendor-match/info",
        "BOD:excl ICTS:later EL:later FCC:later 1634:later",
    ),
    (
        "kaspersky-products",
        "kos",
        "2017-09-13",
        "out-of-scope-vendor-match/low",
        "BOD:review ICTS:later EL:later FCC:later 1634:later",
    ),
    (
        "kaspersky-products",
        "kes",
        "2018-09-30",
        "federal-use-restriction/medium",
        "BOD:in ICTS:later EL:later FCC:later 1634:later",
    ),
    (
        "kaspersky-products",
        "edr",
        "2018-09-30",
        "federal-use-restriction/medium",
        "BOD:in ICTS:later EL:later FCC:later 1634:later",
    ),
    (
        "kaspersky-products",
        "ti",
        "2018-09-30",
        "out-of-scope-vendor-match/info",
        "BOD:excl ICTS:later EL:later FCC:later 1634:later",
    ),
    (
        "kaspersky-products",
        "kos",
        "2018-09-30",
        "out-of-scope-vendor-match/low",
        "BOD:review ICTS:later EL:later FCC:later 1634:later",
    ),
    (
        "kaspersky-products",
        "kes",
        "2018-10-01",
        "federal-use-restriction/medium",
        "BOD:in 1634:in ICTS:later EL:later FCC:later",
    ),
    (
        "kaspersky-products",
        "edr",
        "2018-10-01",
        "federal-use-restriction/medium",
        "BOD:in 1634:in ICTS:later EL:later FCC:later",
    ),
    (
        "kaspersky-products",
        "ti",
        "2018-10-01",
        "federal-use-restriction/medium",
        "1634:in BOD:excl ICTS:later EL:later FCC:later",
    ),
    (
        "kaspersky-products",
        "kos",
        "2018-10-01",
        "federal-use-restriction/medium",
        "1634:in BOD:review ICTS:later EL:later FCC:later",
    ),
    (
        "kaspersky-products",
        "kes",
        "2022-03-24",
        "federal-use-restriction/medium",
        "BOD:in 1634:in ICTS:later EL:later FCC:later",
    ),
    (
        "kaspersky-products",
        "edr",
        "2022-03-24",
        "federal-use-restriction/medium",
        "BOD:in 1634:in ICTS:later EL:later FCC:later",
    ),
    (
        "kaspersky-products",
        "ti",
        "2022-03-24",
        "federal-use-restriction/medium",
        "1634:in BOD:excl ICTS:later EL:later FCC:later",
    ),
    (
        "kaspersky-products",
        "kos",
        "2022-03-24",
        "federal-use-restriction/medium",
        "1634:in BOD:review ICTS:later EL:later FCC:later",
    ),
    (
        "kaspersky-products",
        "kes",
        "2022-03-25",
        "covered-list/high",
        "FCC:in BOD:in 1634:in ICTS:later EL:later",
    ),
    (
        "kaspersky-products",
        "edr",
        "2022-03-25",
        "covered-list/high",
        "FCC:in BOD:in 1634:in ICTS:later EL:later",
    ),
    (
        "kaspersky-products",
        "ti",
        "2022-03-25",
        "covered-list/high",
        "FCC:in 1634:in BOD:excl ICTS:later EL:later",
    ),
    (
        "kaspersky-products",
        "kos",
        "2022-03-25",
        "federal-use-restriction/medium",
        "1634:in FCC:review BOD:review ICTS:later EL:later",
    ),
    (
        "kaspersky-products",
        "kes",
        "2024-06-23",
        "covered-list/high",
        "FCC:in BOD:in 1634:in ICTS:later EL:later",
    ),
    (
        "kaspersky-products",
        "edr",
        "2024-06-23",
        "covered-list/high",
        "FCC:in BOD:in 1634:in ICTS:later EL:later",
    ),
    (
        "kaspersky-products",
        "ti",
        "2024-06-23",
        "covered-list/high",
        "FCC:in 1634:in BOD:excl ICTS:later EL:later",
    ),
    (
        "kaspersky-products",
        "kos",
        "2024-06-23",
        "federal-use-restriction/medium",
        "1634:in FCC:review BOD:review ICTS:later EL:later",
    ),
    (
        "kaspersky-products",
        "kes",
        "2024-06-24",
        "covered-list/high",
        "FCC:in EL:in BOD:in 1634:in ICTS:later",
    ),
    (
        "kaspersky-products",
        "edr",
        "2024-06-24",
        "covered-list/high",
        "FCC:in EL:in BOD:in 1634:in ICTS:later",
    ),
    (
        "kaspersky-products",
        "ti",
        "2024-06-24",
        "covered-list/high",
        "FCC:in EL:in 1634:in BOD:excl ICTS:later",
    ),
    (
        "kaspersky-products",
        "kos",
        "2024-06-24",
        "restricted-party/medium",
        "EL:in 1634:in FCC:review BOD:review ICTS:later",
    ),
    (
        "kaspersky-products",
        "kes",
        "2024-07-19",
        "covered-list/high",
        "FCC:in EL:in BOD:in 1634:in ICTS:later",
    ),
    (
        "kaspersky-products",
        "edr",
        "2024-07-19",
        "covered-list/high",
        "FCC:in EL:in BOD:in 1634:in ICTS:later",
    ),
    (
        "kaspersky-products",
        "ti",
        "2024-07-19",
        "covered-list/high",
        "FCC:in EL:in 1634:in BOD:excl ICTS:later",
    ),
    (
        "kaspersky-products",
        "kos",
        "2024-07-19",
        "restricted-party/medium",
        "EL:in 1634:in FCC:review BOD:review ICTS:later",
    ),
    (
        "kaspersky-products",
        "kes",
        "2024-07-20",
        "prohibited-ict/high",
        "ICTS:in@new-transactions FCC:in EL:in BOD:in 1634:in",
    ),
    (
        "kaspersky-products",
        "edr",
        "2024-07-20",
        "prohibited-ict/high",
        "ICTS:in@new-transactions FCC:in EL:in BOD:in 1634:in",
    ),
    (
        "kaspersky-products",
        "ti",
        "2024-07-20",
        "covered-list/high",
        "FCC:in EL:in 1634:in ICTS:excl BOD:excl",
    ),
    (
        "kaspersky-products",
        "kos",
        "2024-07-20",
        "restricted-party/medium",
        "EL:in 1634:in ICTS:review FCC:review BOD:review",
    ),
    (
        "kaspersky-products",
        "kes",
        "2024-09-28",
        "prohibited-ict/high",
        "ICTS:in@new-transactions FCC:in EL:in BOD:in 1634:in",
    ),
    (
        "kaspersky-products",
        "edr",
        "2024-09-28",
        "prohibited-ict/high",
        "ICTS:in@new-transactions FCC:in EL:in BOD:in 1634:in",
    ),
    (
        "kaspersky-products",
        "ti",
        "2024-09-28",
        "covered-list/high",
        "FCC:in EL:in 1634:in ICTS:excl BOD:excl",
    ),
    (
        "kaspersky-products",
        "kos",
        "2024-09-28",
        "restricted-party/medium",
        "EL:in 1634:in ICTS:review FCC:review BOD:review",
    ),
    (
        "kaspersky-products",
        "kes",
        "2024-09-29",
        "post-cutoff-update/critical",
        "ICTS:in@updates-and-integration FCC:in EL:in BOD:in 1634:in",
    ),
    (
        "kaspersky-products",
        "edr",
        "2024-09-29",
        "prohibited-ict/high",
        "ICTS:in@updates-and-integration FCC:in EL:in BOD:in 1634:in",
    ),
    (
        "kaspersky-products",
        "ti",
        "2024-09-29",
        "covered-list/high",
        "FCC:in EL:in 1634:in ICTS:excl BOD:excl",
    ),
    (
        "kaspersky-products",
        "kos",
        "2024-09-29",
        "restricted-party/medium",
        "EL:in 1634:in ICTS:review FCC:review BOD:review",
    ),
    ("kaspresso-required", "kaspresso", "2017-09-12", "none", ""),
    ("kaspresso-required", "app", "2017-09-12", "none", ""),
    (
        "kaspresso-required",
        "kaspresso",
        "2017-09-13",
        "out-of-scope-vendor-match/low",
        "BOD:review ICTS:later EL:later FCC:later 1634:later",
    ),
    ("kaspresso-required", "app", "2017-09-13", "none", ""),
    (
        "kaspresso-required",
        "kaspresso",
        "2018-09-30",
        "out-of-scope-vendor-match/low",
        "BOD:review ICTS:later EL:later FCC:later 1634:later",
    ),
    ("kaspresso-required", "app", "2018-09-30", "none", ""),
    (
        "kaspresso-required",
        "kaspresso",
        "2018-10-01",
        "federal-use-restriction/medium",
        "1634:in BOD:review ICTS:later EL:later FCC:later",
    ),
    (
        "kaspresso-required",
        "app",
        "2018-10-01",
        "federal-use-restriction/medium",
        "1634:in BOD:excl ICTS:later FCC:later",
    ),
    (
        "kaspresso-required",
        "kaspresso",
        "2022-03-24",
        "federal-use-restriction/medium",
        "1634:in BOD:review ICTS:later EL:later FCC:later",
    ),
    (
        "kaspresso-required",
        "app",
        "2022-03-24",
        "federal-use-restriction/medium",
        "1634:in BOD:excl ICTS:later FCC:later",
    ),
    (
        "kaspresso-required",
        "kaspresso",
        "2022-03-25",
        "federal-use-restriction/medium",
        "1634:in FCC:review BOD:review ICTS:later EL:later",
    ),
    (
        "kaspresso-required",
        "app",
        "2022-03-25",
        "federal-use-restriction/medium",
        "1634:in FCC:review BOD:excl ICTS:later",
    ),
    (
        "kaspresso-required",
        "kaspresso",
        "2024-06-23",
        "federal-use-restriction/medium",
        "1634:in FCC:review BOD:review ICTS:later EL:later",
    ),
    (
        "kaspresso-required",
        "app",
        "2024-06-23",
        "federal-use-restriction/medium",
        "1634:in FCC:review BOD:excl ICTS:later",
    ),
    (
        "kaspresso-required",
        "kaspresso",
        "2024-06-24",
        "restricted-party/medium",
        "EL:in 1634:in FCC:review BOD:review ICTS:later",
    ),
    (
        "kaspresso-required",
        "app",
        "2024-06-24",
        "federal-use-restriction/medium",
        "1634:in FCC:review BOD:excl ICTS:later",
    ),
    (
        "kaspresso-required",
        "kaspresso",
        "2024-07-19",
        "restricted-party/medium",
        "EL:in 1634:in FCC:review BOD:review ICTS:later",
    ),
    (
        "kaspresso-required",
        "app",
        "2024-07-19",
        "federal-use-restriction/medium",
        "1634:in FCC:review BOD:excl ICTS:later",
    ),
    (
        "kaspresso-required",
        "kaspresso",
        "2024-07-20",
        "restricted-party/medium",
        "EL:in 1634:in ICTS:review FCC:review BOD:review",
    ),
    (
        "kaspresso-required",
        "app",
        "2024-07-20",
        "federal-use-restriction/medium",
        "1634:in ICTS:review FCC:review BOD:excl",
    ),
    (
        "kaspresso-test",
        "kaspresso",
        "2017-09-13",
        "out-of-scope-vendor-match/low",
        "BOD:review ICTS:later EL:later FCC:later 1634:later",
    ),
    ("kaspresso-test", "app", "2017-09-13", "none", ""),
    (
        "kaspresso-test",
        "kaspresso",
        "2018-10-01",
        "federal-use-restriction/medium",
        "1634:in BOD:review ICTS:later EL:later FCC:later",
    ),
    ("kaspresso-test", "app", "2018-10-01", "none", ""),
    (
        "kaspresso-test",
        "kaspresso",
        "2022-03-24",
        "federal-use-restriction/medium",
        "1634:in BOD:review ICTS:later EL:later FCC:later",
    ),
    ("kaspresso-test", "app", "2022-03-24", "none", ""),
    (
        "kaspresso-test",
        "kaspresso",
        "2022-03-25",
        "federal-use-restriction/medium",
        "1634:in FCC:review BOD:review ICTS:later EL:later",
    ),
    ("kaspresso-test", "app", "2022-03-25", "none", ""),
    (
        "kaspresso-test",
        "kaspresso",
        "2024-06-24",
        "restricted-party/medium",
        "EL:in 1634:in FCC:review BOD:review ICTS:later",
    ),
    ("kaspresso-test", "app", "2024-06-24", "none", ""),
    (
        "kaspresso-test",
        "kaspresso",
        "2024-07-19",
        "restricted-party/medium",
        "EL:in 1634:in FCC:review BOD:review ICTS:later",
    ),
    ("kaspresso-test", "app", "2024-07-19", "none", ""),
    (
        "kaspresso-test",
        "kaspresso",
        "2024-07-20",
        "restricted-party/medium",
        "EL:in 1634:in ICTS:review FCC:review BOD:review",
    ),
    ("kaspresso-test", "app", "2024-07-20", "none", ""),
    ("huawei", "hms", "2017-06-01", "none", ""),
    ("huawei", "router", "2017-06-01", "none", ""),
    ("huawei", "honor", "2017-06-01", "none", ""),
    ("huawei", "app", "2017-06-01", "none", ""),
    ("huawei", "hms", "2019-05-15", "none", ""),
    ("huawei", "router", "2019-05-15", "none", ""),
    ("huawei", "honor", "2019-05-15", "none", ""),
    ("huawei", "app", "2019-05-15", "none", ""),
    (
        "huawei",
        "hms",
        "2019-05-16",
        "restricted-party/medium",
        "EL:in FCC:later 889:later 1260H:later",
    ),
    (
        "huawei",
        "router",
        "2019-05-16",
        "restricted-party/medium",
        "EL:in FCC:later 889:later 1260H:later",
    ),
    (
        "huawei",
        "honor",
        "2019-05-16",
        "restricted-party/medium",
        "EL:in FCC:later 889:later 1260H:later",
    ),
    ("huawei", "app", "2019-05-16", "none", ""),
    (
        "huawei",
        "hms",
        "2019-08-12",
        "restricted-party/medium",
        "EL:in FCC:later 889:later 1260H:later",
    ),
    (
        "huawei",
        "router",
        "2019-08-12",
        "restricted-party/medium",
        "EL:in FCC:later 889:later 1260H:later",
    ),
    (
        "huawei",
        "honor",
        "2019-08-12",
        "restricted-party/medium",
        "EL:in FCC:later 889:later 1260H:later",
    ),
    ("huawei", "app", "2019-08-12", "none", ""),
    (
        "huawei",
        "hms",
        "2019-08-13",
        "restricted-party/medium",
        "EL:in 889:review FCC:later 1260H:later",
    ),
    (
        "huawei",
        "router",
        "2019-08-13",
        "covered-list/high",
        "889:in EL:in FCC:later 1260H:later",
    ),
    (
        "huawei",
        "honor",
        "2019-08-13",
        "covered-list/high",
        "889:in EL:in FCC:later 1260H:later",
    ),
    (
        "huawei",
        "app",
        "2019-08-13",
        "integrated-covered-list/high",
        "889:in FCC:later",
    ),
    (
        "huawei",
        "hms",
        "2019-08-18",
        "restricted-party/medium",
        "EL:in 889:review FCC:later 1260H:later",
    ),
    (
        "huawei",
        "router",
        "2019-08-18",
        "covered-list/high",
        "889:in EL:in FCC:later 1260H:later",
    ),
    (
        "huawei",
        "honor",
        "2019-08-18",
        "covered-list/high",
        "889:in EL:in FCC:later 1260H:later",
    ),
    (
        "huawei",
        "app",
        "2019-08-18",
        "integrated-covered-list/high",
        "889:in FCC:later",
    ),
    (
        "huawei",
        "hms",
        "2019-08-19",
        "restricted-party/medium",
        "EL:in@more-affiliates 889:review FCC:later 1260H:later",
    ),
    (
        "huawei",
        "router",
        "2019-08-19",
        "covered-list/high",
        "889:in EL:in@more-affiliates FCC:later 1260H:later",
    ),
    (
        "huawei",
        "honor",
        "2019-08-19",
        "covered-list/high",
        "889:in EL:in@more-affiliates FCC:later 1260H:later",
    ),
    (
        "huawei",
        "app",
        "2019-08-19",
        "integrated-covered-list/high",
        "889:in FCC:later",
    ),
    (
        "huawei",
        "hms",
        "2020-08-12",
        "restricted-party/medium",
        "EL:in@more-affiliates 889:review FCC:later 1260H:later",
    ),
    (
        "huawei",
        "router",
        "2020-08-12",
        "covered-list/high",
        "889:in EL:in@more-affiliates FCC:later 1260H:later",
    ),
    (
        "huawei",
        "honor",
        "2020-08-12",
        "covered-list/high",
        "889:in EL:in@more-affiliates FCC:later 1260H:later",
    ),
    (
        "huawei",
        "app",
        "2020-08-12",
        "integrated-covered-list/high",
        "889:in FCC:later",
    ),
    (
        "huawei",
        "hms",
        "2020-08-13",
        "restricted-party/medium",
        "EL:in@more-affiliates 889:review FCC:later 1260H:later",
    ),
    (
        "huawei",
        "router",
        "2020-08-13",
        "covered-list/high",
        "889:in@part-b EL:in@more-affiliates FCC:later 1260H:later",
    ),
    (
        "huawei",
        "honor",
        "2020-08-13",
        "covered-list/high",
        "889:in@part-b EL:in@more-affiliates FCC:later 1260H:later",
    ),
    (
        "huawei",
        "app",
        "2020-08-13",
        "integrated-covered-list/high",
        "889:in@part-b FCC:later",
    ),
    (
        "huawei",
        "hms",
        "2020-11-16",
        "restricted-party/medium",
        "EL:in@more-affiliates 889:review FCC:later 1260H:later",
    ),
    (
        "huawei",
        "router",
        "2020-11-16",
        "covered-list/high",
        "889:in@part-b EL:in@more-affiliates FCC:later 1260H:later",
    ),
    (
        "huawei",
        "honor",
        "2020-11-16",
        "covered-list/high",
        "889:in@part-b EL:in@more-affiliates FCC:later 1260H:later",
    ),
    (
        "huawei",
        "app",
        "2020-11-16",
        "integrated-covered-list/high",
        "889:in@part-b FCC:later",
    ),
    (
        "huawei",
        "hms",
        "2020-11-17",
        "restricted-party/medium",
        "EL:in@more-affiliates 889:review FCC:later 1260H:later",
    ),
    (
        "huawei",
        "router",
        "2020-11-17",
        "covered-list/high",
        "889:in@part-b EL:in@more-affiliates FCC:later 1260H:later",
    ),
    ("huawei", "honor", "2020-11-17", "none", ""),
    (
        "huawei",
        "app",
        "2020-11-17",
        "integrated-covered-list/high",
        "889:in@part-b FCC:later",
    ),
    (
        "huawei",
        "hms",
        "2021-03-11",
        "restricted-party/medium",
        "EL:in@more-affiliates 889:review FCC:later 1260H:later",
    ),
    (
        "huawei",
        "router",
        "2021-03-11",
        "covered-list/high",
        "889:in@part-b EL:in@more-affiliates FCC:later 1260H:later",
    ),
    ("huawei", "honor", "2021-03-11", "none", ""),
    (
        "huawei",
        "app",
        "2021-03-11",
        "integrated-covered-list/high",
        "889:in@part-b FCC:later",
    ),
    (
        "huawei",
        "hms",
        "2021-03-12",
        "restricted-party/medium",
        "EL:in@more-affiliates FCC:review 889:review 1260H:later",
    ),
    (
        "huawei",
        "router",
        "2021-03-12",
        "covered-list/high",
        "FCC:in 889:in@part-b EL:in@more-affiliates 1260H:later",
    ),
    ("huawei", "honor", "2021-03-12", "none", ""),
    (
        "huawei",
        "app",
        "2021-03-12",
        "integrated-covered-list/high",
        "FCC:in 889:in@part-b",
    ),
    (
        "huawei",
        "hms",
        "2021-06-29",
        "restricted-party/medium",
        "EL:in@more-affiliates FCC:review 889:review 1260H:later",
    ),
    (
        "huawei",
        "router",
        "2021-06-29",
        "covered-list/high",
        "FCC:in 889:in@part-b EL:in@more-affiliates 1260H:later",
    ),
    ("huawei", "honor", "2021-06-29", "none", ""),
    (
        "huawei",
        "app",
        "2021-06-29",
        "integrated-covered-list/high",
        "FCC:in 889:in@part-b",
    ),
    (
        "huawei",
        "hms",
        "2021-06-30",
        "restricted-party/medium",
        "EL:in@more-affiliates 1260H:in FCC:review 889:review",
    ),
    (
        "huawei",
        "router",
        "2021-06-30",
        "covered-list/high",
        "FCC:in 889:in@part-b EL:in@more-affiliates 1260H:in",
    ),
    ("huawei", "honor", "2021-06-30", "none", ""),
    (
        "huawei",
        "app",
        "2021-06-30",
        "integrated-covered-list/high",
        "FCC:in 889:in@part-b",
    ),
    (
        "huawei",
        "hms",
        "2023-02-05",
        "restricted-party/medium",
        "EL:in@more-affiliates 1260H:in FCC:review 889:review",
    ),
    (
        "huawei",
        "router",
        "2023-02-05",
        "covered-list/high",
        "FCC:in 889:in@part-b EL:in@more-affiliates 1260H:in",
    ),
    ("huawei", "honor", "2023-02-05", "none", ""),
    (
        "huawei",
        "app",
        "2023-02-05",
        "integrated-covered-list/high",
        "FCC:in 889:in@part-b",
    ),
    (
        "huawei",
        "hms",
        "2023-02-06",
        "restricted-party/medium",
        "EL:in@more-affiliates 1260H:in FCC:review 889:review",
    ),
    (
        "huawei",
        "router",
        "2023-02-06",
        "covered-list/high",
        "FCC:in@equipment-authorization-ban 889:in@part-b EL:in@more-affiliates 1260H:in",
    ),
    ("huawei", "honor", "2023-02-06", "none", ""),
    (
        "huawei",
        "app",
        "2023-02-06",
        "integrated-covered-list/high",
        "FCC:in@equipment-authorization-ban 889:in@part-b",
    ),
    (
        "huawei",
        "hms",
        "2026-06-29",
        "restricted-party/medium",
        "EL:in@more-affiliates 1260H:in FCC:review 889:review",
    ),
    (
        "huawei",
        "router",
        "2026-06-29",
        "covered-list/high",
        "FCC:in@equipment-authorization-ban 889:in@part-b EL:in@more-affiliates 1260H:in",
    ),
    ("huawei", "honor", "2026-06-29", "none", ""),
    (
        "huawei",
        "app",
        "2026-06-29",
        "integrated-covered-list/high",
        "FCC:in@equipment-authorization-ban 889:in@part-b",
    ),
    (
        "huawei",
        "hms",
        "2026-06-30",
        "restricted-party/medium",
        "EL:in@more-affiliates 1260H:in@ndaa-805-contracts FCC:review 889:review",
    ),
    (
        "huawei",
        "router",
        "2026-06-30",
        "covered-list/high",
        "FCC:in@equipment-authorization-ban 889:in@part-b EL:in@more-affiliates 1260H:in@ndaa-805-contracts",
    ),
    ("huawei", "honor", "2026-06-30", "none", ""),
    (
        "huawei",
        "app",
        "2026-06-30",
        "integrated-covered-list/high",
        "FCC:in@equipment-authorization-ban 889:in@part-b",
    ),
    (
        "huawei",
        "hms",
        "2027-06-29",
        "restricted-party/medium",
        "EL:in@more-affiliates 1260H:in@ndaa-805-contracts FCC:review 889:review",
    ),
    (
        "huawei",
        "router",
        "2027-06-29",
        "covered-list/high",
        "FCC:in@equipment-authorization-ban 889:in@part-b EL:in@more-affiliates 1260H:in@ndaa-805-contracts",
    ),
    ("huawei", "honor", "2027-06-29", "none", ""),
    (
        "huawei",
        "app",
        "2027-06-29",
        "integrated-covered-list/high",
        "FCC:in@equipment-authorization-ban 889:in@part-b",
    ),
    (
        "huawei",
        "hms",
        "2027-06-30",
        "restricted-party/medium",
        "EL:in@more-affiliates 1260H:in@ndaa-805-purchases FCC:review 889:review",
    ),
    (
        "huawei",
        "router",
        "2027-06-30",
        "covered-list/high",
        "FCC:in@equipment-authorization-ban 889:in@part-b EL:in@more-affiliates 1260H:in@ndaa-805-purchases",
    ),
    ("huawei", "honor", "2027-06-30", "none", ""),
    (
        "huawei",
        "app",
        "2027-06-30",
        "integrated-covered-list/high",
        "FCC:in@equipment-authorization-ban 889:in@part-b",
    ),
    ("hikvision", "camera", "2019-08-12", "none", ""),
    ("hikvision", "sdk", "2019-08-12", "none", ""),
    ("hikvision", "vms", "2019-08-12", "none", ""),
    (
        "hikvision",
        "camera",
        "2019-08-13",
        "covered-list/high",
        "889:in FCC:later EL:later",
    ),
    (
        "hikvision",
        "sdk",
        "2019-08-13",
        "out-of-scope-vendor-match/low",
        "889:review FCC:later EL:later",
    ),
    (
        "hikvision",
        "vms",
        "2019-08-13",
        "integrated-covered-list/high",
        "889:in FCC:later",
    ),
    (
        "hikvision",
        "camera",
        "2019-10-08",
        "covered-list/high",
        "889:in FCC:later EL:later",
    ),
    (
        "hikvision",
        "sdk",
        "2019-10-08",
        "out-of-scope-vendor-match/low",
        "889:review FCC:later EL:later",
    ),
    (
        "hikvision",
        "vms",
        "2019-10-08",
        "integrated-covered-list/high",
        "889:in FCC:later",
    ),
    (
        "hikvision",
        "camera",
        "2019-10-09",
        "covered-list/high",
        "889:in EL:in FCC:later",
    ),
    (
        "hikvision",
        "sdk",
        "2019-10-09",
        "restricted-party/medium",
        "EL:in 889:review FCC:later",
    ),
    (
        "hikvision",
        "vms",
        "2019-10-09",
        "integrated-covered-list/high",
        "889:in FCC:later",
    ),
    (
        "hikvision",
        "camera",
        "2020-08-12",
        "covered-list/high",
        "889:in EL:in FCC:later",
    ),
    (
        "hikvision",
        "sdk",
        "2020-08-12",
        "restricted-party/medium",
        "EL:in 889:review FCC:later",
    ),
    (
        "hikvision",
        "vms",
        "2020-08-12",
        "integrated-covered-list/high",
        "889:in FCC:later",
    ),
    (
        "hikvision",
        "camera",
        "2020-08-13",
        "covered-list/high",
        "889:in@part-b EL:in FCC:later",
    ),
    (
        "hikvision",
        "sdk",
        "2020-08-13",
        "restricted-party/medium",
        "EL:in 889:review FCC:later",
    ),
    (
        "hikvision",
        "vms",
        "2020-08-13",
        "integrated-covered-list/high",
        "889:in@part-b FCC:later",
    ),
    (
        "hikvision",
        "camera",
        "2021-03-11",
        "covered-list/high",
        "889:in@part-b EL:in FCC:later",
    ),
    (
        "hikvision",
        "sdk",
        "2021-03-11",
        "restricted-party/medium",
        "EL:in 889:review FCC:later",
    ),
    (
        "hikvision",
        "vms",
        "2021-03-11",
        "integrated-covered-list/high",
        "889:in@part-b FCC:later",
    ),
    (
        "hikvision",
        "camera",
        "2021-03-12",
        "covered-list/high",
        "FCC:in 889:in@part-b EL:in",
    ),
    (
        "hikvision",
        "sdk",
        "2021-03-12",
        "restricted-party/medium",
        "EL:in FCC:review 889:review",
    ),
    (
        "hikvision",
        "vms",
        "2021-03-12",
        "integrated-covered-list/high",
        "FCC:in 889:in@part-b",
    ),
    (
        "hikvision",
        "camera",
        "2023-02-05",
        "covered-list/high",
        "FCC:in 889:in@part-b EL:in",
    ),
    (
        "hikvision",
        "sdk",
        "2023-02-05",
        "restricted-party/medium",
        "EL:in FCC:review 889:review",
    ),
    (
        "hikvision",
        "vms",
        "2023-02-05",
        "integrated-covered-list/high",
        "FCC:in 889:in@part-b",
    ),
    (
        "hikvision",
        "camera",
        "2023-02-06",
        "covered-list/high",
        "FCC:in@equipment-authorization-ban 889:in@part-b EL:in",
    ),
    (
        "hikvision",
        "sdk",
        "2023-02-06",
        "restricted-party/medium",
        "EL:in FCC:review 889:review",
    ),
    (
        "hikvision",
        "vms",
        "2023-02-06",
        "integrated-covered-list/high",
        "FCC:in@equipment-authorization-ban 889:in@part-b",
    ),
    ("dahua", "usa", "2019-08-12", "none", ""),
    ("dahua", "lorex", "2019-08-12", "none", ""),
    ("dahua", "nvr", "2019-08-12", "none", ""),
    (
        "dahua",
        "usa",
        "2019-08-13",
        "covered-list/high",
        "889:in FCC:later EL:later 1260H:later",
    ),
    (
        "dahua",
        "lorex",
        "2019-08-13",
        "covered-list/high",
        "889:in FCC:later EL:later 1260H:later",
    ),
    (
        "dahua",
        "nvr",
        "2019-08-13",
        "integrated-covered-list/high",
        "889:in FCC:later",
    ),
    (
        "dahua",
        "usa",
        "2019-10-08",
        "covered-list/high",
        "889:in FCC:later EL:later 1260H:later",
    ),
    (
        "dahua",
        "lorex",
        "2019-10-08",
        "covered-list/high",
        "889:in FCC:later EL:later 1260H:later",
    ),
    (
        "dahua",
        "nvr",
        "2019-10-08",
        "integrated-covered-list/high",
        "889:in FCC:later",
    ),
    (
        "dahua",
        "usa",
        "2019-10-09",
        "covered-list/high",
        "889:in EL:in FCC:later 1260H:later",
    ),
    (
        "dahua",
        "lorex",
        "2019-10-09",
        "covered-list/high",
        "889:in EL:in FCC:later 1260H:later",
    ),
    (
        "dahua",
        "nvr",
        "2019-10-09",
        "integrated-covered-list/high",
        "889:in FCC:later",
    ),
    (
        "dahua",
        "usa",
        "2021-03-11",
        "covered-list/high",
        "889:in@part-b EL:in FCC:later 1260H:later",
    ),
    (
        "dahua",
        "lorex",
        "2021-03-11",
        "covered-list/high",
        "889:in@part-b EL:in FCC:later 1260H:later",
    ),
    (
        "dahua",
        "nvr",
        "2021-03-11",
        "integrated-covered-list/high",
        "889:in@part-b FCC:later",
    ),
    (
        "dahua",
        "usa",
        "2021-03-12",
        "covered-list/high",
        "FCC:in 889:in@part-b EL:in 1260H:later",
    ),
    (
        "dahua",
        "lorex",
        "2021-03-12",
        "covered-list/high",
        "FCC:in 889:in@part-b EL:in 1260H:later",
    ),
    (
        "dahua",
        "nvr",
        "2021-03-12",
        "integrated-covered-list/high",
        "FCC:in 889:in@part-b",
    ),
    (
        "dahua",
        "usa",
        "2022-10-04",
        "covered-list/high",
        "FCC:in 889:in@part-b EL:in 1260H:later",
    ),
    (
        "dahua",
        "lorex",
        "2022-10-04",
        "covered-list/high",
        "FCC:in 889:in@part-b EL:in 1260H:later",
    ),
    (
        "dahua",
        "nvr",
        "2022-10-04",
        "integrated-covered-list/high",
        "FCC:in 889:in@part-b",
    ),
    (
        "dahua",
        "usa",
        "2022-10-05",
        "covered-list/high",
        "FCC:in 889:in@part-b EL:in 1260H:in",
    ),
    (
        "dahua",
        "lorex",
        "2022-10-05",
        "covered-list/high",
        "FCC:in 889:in@part-b EL:in 1260H:in",
    ),
    (
        "dahua",
        "nvr",
        "2022-10-05",
        "integrated-covered-list/high",
        "FCC:in 889:in@part-b",
    ),
    (
        "dahua",
        "usa",
        "2022-11-23",
        "covered-list/high",
        "FCC:in 889:in@part-b EL:in 1260H:in",
    ),
    (
        "dahua",
        "lorex",
        "2022-11-23",
        "covered-list/high",
        "FCC:in 889:in@part-b EL:in 1260H:in",
    ),
    (
        "dahua",
        "nvr",
        "2022-11-23",
        "integrated-covered-list/high",
        "FCC:in 889:in@part-b",
    ),
    (
        "dahua",
        "usa",
        "2022-11-24",
        "covered-list/high",
        "FCC:in 889:in@part-b EL:in 1260H:in",
    ),
    ("dahua", "lorex", "2022-11-24", "none", ""),
    (
        "dahua",
        "nvr",
        "2022-11-24",
        "integrated-covered-list/high",
        "FCC:in 889:in@part-b",
    ),
    (
        "dahua",
        "usa",
        "2023-02-05",
        "covered-list/high",
        "FCC:in 889:in@part-b EL:in 1260H:in",
    ),
    ("dahua", "lorex", "2023-02-05", "none", ""),
    (
        "dahua",
        "nvr",
        "2023-02-05",
        "integrated-covered-list/high",
        "FCC:in 889:in@part-b",
    ),
    (
        "dahua",
        "usa",
        "2023-02-06",
        "covered-list/high",
        "FCC:in@equipment-authorization-ban 889:in@part-b EL:in 1260H:in",
    ),
    ("dahua", "lorex", "2023-02-06", "none", ""),
    (
        "dahua",
        "nvr",
        "2023-02-06",
        "integrated-covered-list/high",
        "FCC:in@equipment-authorization-ban 889:in@part-b",
    ),
    (
        "dahua",
        "usa",
        "2024-01-30",
        "covered-list/high",
        "FCC:in@equipment-authorization-ban 889:in@part-b EL:in 1260H:in",
    ),
    ("dahua", "lorex", "2024-01-30", "none", ""),
    (
        "dahua",
        "nvr",
        "2024-01-30",
        "integrated-covered-list/high",
        "FCC:in@equipment-authorization-ban 889:in@part-b",
    ),
    ("dahua", "usa", "2024-01-31", "none", ""),
    ("dahua", "lorex", "2024-01-31", "none", ""),
    ("dahua", "nvr", "2024-01-31", "none", ""),
    ("dji", "dji", "2021-03-21", "none", ""),
    ("dji", "app", "2021-03-21", "none", ""),
    (
        "dji",
        "dji",
        "2021-03-22",
        "adversary-controlled-supplier/low",
        "FCC:later 1260H:later",
    ),
    ("dji", "app", "2021-03-22", "none", ""),
    (
        "dji",
        "dji",
        "2022-10-04",
        "adversary-controlled-supplier/low",
        "FCC:later 1260H:later",
    ),
    ("dji", "app", "2022-10-04", "none", ""),
    (
        "dji",
        "dji",
        "2022-10-05",
        "dod-1260h-listing/low",
        "1260H:in FCC:later",
    ),
    ("dji", "app", "2022-10-05", "none", ""),
    (
        "dji",
        "dji",
        "2025-12-21",
        "dod-1260h-listing/low",
        "1260H:in FCC:later",
    ),
    ("dji", "app", "2025-12-21", "none", ""),
    (
        "dji",
        "dji",
        "2025-12-22",
        "covered-list/high",
        "FCC:in 1260H:in",
    ),
    (
        "dji",
        "app",
        "2025-12-22",
        "integrated-covered-list/high",
        "FCC:in",
    ),
    (
        "dji",
        "dji",
        "2026-01-06",
        "covered-list/high",
        "FCC:in 1260H:in",
    ),
    (
        "dji",
        "app",
        "2026-01-06",
        "integrated-covered-list/high",
        "FCC:in",
    ),
    (
        "dji",
        "dji",
        "2026-01-07",
        "covered-list/high",
        "FCC:in 1260H:in",
    ),
    (
        "dji",
        "app",
        "2026-01-07",
        "integrated-covered-list/high",
        "FCC:in",
    ),
    (
        "dji",
        "dji",
        "2026-06-29",
        "covered-list/high",
        "FCC:in 1260H:in",
    ),
    (
        "dji",
        "app",
        "2026-06-29",
        "integrated-covered-list/high",
        "FCC:in",
    ),
    (
        "dji",
        "dji",
        "2026-06-30",
        "covered-list/high",
        "FCC:in 1260H:in@ndaa-805-contracts",
    ),
    (
        "dji",
        "app",
        "2026-06-30",
        "integrated-covered-list/high",
        "FCC:in",
    ),
    (
        "dji",
        "dji",
        "2026-12-31",
        "covered-list/high",
        "FCC:in 1260H:in@ndaa-805-contracts",
    ),
    (
        "dji",
        "app",
        "2026-12-31",
        "integrated-covered-list/high",
        "FCC:in",
    ),
    (
        "dji",
        "dji",
        "2027-01-01",
        "covered-list/high",
        "FCC:in 1260H:in@ndaa-805-contracts",
    ),
    (
        "dji",
        "app",
        "2027-01-01",
        "integrated-covered-list/high",
        "FCC:in",
    ),
    (
        "dji",
        "dji",
        "2027-06-29",
        "covered-list/high",
        "FCC:in 1260H:in@ndaa-805-contracts",
    ),
    (
        "dji",
        "app",
        "2027-06-29",
        "integrated-covered-list/high",
        "FCC:in",
    ),
    (
        "dji",
        "dji",
        "2027-06-30",
        "covered-list/high",
        "FCC:in 1260H:in@ndaa-805-purchases",
    ),
    (
        "dji",
        "app",
        "2027-06-30",
        "integrated-covered-list/high",
        "FCC:in",
    ),
    ("tencent", "rapidjson", "2021-03-21", "none", ""),
    ("tencent", "app", "2021-03-21", "none", ""),
    (
        "tencent",
        "rapidjson",
        "2021-03-22",
        "adversary-controlled-supplier/low",
        "1260H:later",
    ),
    ("tencent", "app", "2021-03-22", "none", ""),
    (
        "tencent",
        "rapidjson",
        "2024-06-01",
        "adversary-controlled-supplier/low",
        "1260H:later",
    ),
    ("tencent", "app", "2024-06-01", "none", ""),
    (
        "tencent",
        "rapidjson",
        "2025-01-06",
        "adversary-controlled-supplier/low",
        "1260H:later",
    ),
    ("tencent", "app", "2025-01-06", "none", ""),
    (
        "tencent",
        "rapidjson",
        "2025-01-07",
        "dod-1260h-listing/low",
        "1260H:in",
    ),
    ("tencent", "app", "2025-01-07", "none", ""),
    (
        "tencent",
        "rapidjson",
        "2026-06-29",
        "dod-1260h-listing/low",
        "1260H:in",
    ),
    ("tencent", "app", "2026-06-29", "none", ""),
    (
        "tencent",
        "rapidjson",
        "2026-06-30",
        "dod-1260h-listing/low",
        "1260H:in@ndaa-805-contracts",
    ),
    ("tencent", "app", "2026-06-30", "none", ""),
    (
        "tencent",
        "rapidjson",
        "2027-06-29",
        "dod-1260h-listing/low",
        "1260H:in@ndaa-805-contracts",
    ),
    ("tencent", "app", "2027-06-29", "none", ""),
    (
        "tencent",
        "rapidjson",
        "2027-06-30",
        "dod-1260h-listing/low",
        "1260H:in@ndaa-805-purchases",
    ),
    ("tencent", "app", "2027-06-30", "none", ""),
];

#[test]
fn every_designation_on_the_day_before_and_the_day_of_each_date() {
    let mut failures = Vec::new();
    let mut cache: std::collections::BTreeMap<(&str, &str), Vec<Finding>> = Default::default();
    for &(name, component, as_of, code, bases) in TIMELINE {
        let fs = cache
            .entry((name, as_of))
            .or_insert_with(|| screen(name, as_of));
        let found = on(fs, component);
        let got = match found.as_slice() {
            [] => ("none".to_string(), String::new()),
            [f] => summary(f),
            many => (format!("{} findings", many.len()), String::new()),
        };
        if got != (code.to_string(), bases.to_string()) {
            failures.push(format!(
                "{name} {component} {as_of}:\n  expected {code} [{bases}]\n  got      {} [{}]",
                got.0, got.1
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn notes_of(name: &str, component: &str, as_of: &str) -> Vec<String> {
    let fs = screen(name, as_of);
    let found = on(&fs, component);
    assert_eq!(found.len(), 1, "{name} {component} {as_of}");
    found[0].notes.clone()
}

fn has(notes: &[String], start: &str) -> bool {
    notes.iter().any(|n| n.starts_with(start))
}

/// Item 1: an exclusion named in free text (the description) erases nothing.
#[test]
fn item_1_exclusions_match_identity_not_description() {
    for component in ["kes", "edr"] {
        let fs = screen("kaspersky-products", "2024-07-20");
        let f = on(&fs, component);
        assert_eq!(f[0].code.as_str(), "prohibited-ict", "{component}");
        assert!(!has(&f[0].notes, "excluded category"), "{:?}", f[0].notes);
    }
}

/// Item 2: one designation's exclusion leaves the others standing; BOD 17-01's apply.
#[test]
fn item_2_exclusions_apply_per_designation() {
    let fs = screen("kaspersky-products", "2024-07-20");
    let ti = on(&fs, "ti")[0];
    assert_eq!(summary(ti).0, "covered-list/high");
    let excluded: Vec<&str> = ti
        .legal_basis
        .iter()
        .filter(|b| b.status == BasisStatus::Excluded)
        .map(|b| b.reason.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(
        excluded,
        [
            "Kaspersky Threat Intelligence",
            "Kaspersky Threat Intelligence and Security Training"
        ]
    );
    // BOD 17-01 does not reach code embedded in other companies' products.
    let fs = screen("kaspersky-engine", "2017-09-13");
    assert!(on(&fs, "appliance").is_empty());
}

/// Item 3: scope review under every designation that has it; test-only Kaspresso integrates
/// nothing under sec. 1634; KasperskyOS ports are reviewed by purl.
#[test]
fn item_3_scope_review_everywhere() {
    let fs = screen("kaspresso-required", "2022-03-25");
    assert_eq!(
        summary(on(&fs, "kaspresso")[0]).0,
        "federal-use-restriction/medium"
    );
    let fs = screen("kaspresso-test", "2022-03-25");
    assert!(on(&fs, "app").is_empty());
    let fs = screen("kaspersky-products", "2024-07-20");
    let kos = on(&fs, "kos")[0];
    assert_eq!(
        kos.legal_basis
            .iter()
            .find(|b| b.list == "ICTS Final Determination")
            .unwrap()
            .status,
        BasisStatus::ScopeReview
    );
}

/// Item 4: a milestone's date is its first day; a third-party release on the cut-off day is
/// evidence of integration after it.
#[test]
fn item_4_the_cut_off_day_counts() {
    let fs = screen("kaspersky-products", "2024-09-29");
    let kes = on(&fs, "kes")[0];
    assert_eq!(summary(kes).0, "post-cutoff-update/critical");
    assert_eq!(kes.legal_basis[0].effective.as_deref(), Some("2024-09-29"));
    let fs = screen("kaspersky-engine-cutoff", "2024-09-29");
    assert_eq!(
        summary(on(&fs, "appliance")[0]).0,
        "post-cutoff-update/critical"
    );
}

/// Item 5: a designation without a start date is refused unless it says the date is unknown,
/// which findings then show.
#[test]
fn item_5_every_designation_has_a_start() {
    let file = |extra: &str| {
        format!(
            "[dataset]\nname = \"t\"\nversion = \"1\"\n\n[[entry]]\nid = \"acme\"\nname = \"Acme\"\nkind = \"company\"\n\n  [[entry.designation]]\n  list = \"dod-1260h\"\n  citation = \"x\"\n{extra}"
        )
    };
    let err = Watchlist::parse(&file(""), "user.toml").unwrap_err();
    let WatchlistError::Invalid { diagnostics, .. } = &err else {
        panic!("{err}")
    };
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code.as_str() == "missing-date"),
        "{err}"
    );
    Watchlist::parse(&file("  since-unknown = \"not sourced\"\n"), "user.toml").unwrap();
    assert!(screen("huawei", "2017-06-01").is_empty());
    let hms = notes_of("huawei", "hms", "2021-06-30");
    assert!(has(&hms, "DoD 1260H: start date unknown"), "{hms:?}");
}

/// Item 6: sec. 1634 reaches products developed "in whole or in part" by Kaspersky.
#[test]
fn item_6_section_1634_reaches_integrators() {
    let fs = screen("kaspersky-engine", "2018-10-01");
    let a = on(&fs, "appliance")[0];
    assert_eq!(summary(a).0, "federal-use-restriction/medium");
    assert!(
        has(
            &a.notes,
            "NDAA FY2018 sec. 1634: a federal use and procurement ban"
        ),
        "{:?}",
        a.notes
    );
}

/// Item 7: qualifiers reach integration findings and every format.
#[test]
fn item_7_qualifiers_reach_every_finding_and_format() {
    let conditional = "conditional scope: covered when used for public safety";
    assert!(has(
        &notes_of("hikvision", "vms", "2021-03-12"),
        conditional
    ));
    assert!(has(
        &notes_of("kaspersky-engine", "engine", "2024-07-20"),
        "the Final Determination prohibits Kaspersky's transactions"
    ));
    assert!(has(
        &notes_of("tencent", "rapidjson", "2025-01-07"),
        "a 1260H listing imposes no sanctions by itself"
    ));
    for format in ["markdown", "sarif", "table", "html", "json"] {
        let out = Command::cargo_bin("bomscreen")
            .unwrap()
            .args([
                "scan",
                fixture("hikvision").to_str().unwrap(),
                "--as-of",
                "2021-03-12",
                "--format",
                format,
                "--fail-on",
                "never",
            ])
            .env("COLUMNS", "400")
            .assert()
            .success();
        let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(text.contains(conditional), "{format}: {text}");
        assert!(text.contains(bomscreen::finding::DISCLAIMER), "{format}");
        assert!(
            text.contains("scope-review"),
            "{format}: statuses are shown"
        );
    }
}

/// Item 8: a 1260H listing has its own code; incorporation alone is a low signal.
#[test]
fn item_8_1260h_and_jurisdiction_alone() {
    let fs = screen("tencent", "2024-06-01");
    let f = on(&fs, "rapidjson")[0];
    assert_eq!(summary(f).0, "adversary-controlled-supplier/low");
    assert!(
        f.message.contains("subject to the jurisdiction of"),
        "{}",
        f.message
    );
    let fs = screen("dji", "2022-10-05");
    assert_eq!(summary(on(&fs, "dji")[0]).0, "dod-1260h-listing/low");
}

/// Item 9: a sold affiliate is someone else from its end date, alias inside its name or not.
#[test]
fn item_9_affiliate_end_dates() {
    assert!(on(&screen("dahua", "2024-01-31"), "usa").is_empty());
    assert!(on(&screen("dahua", "2022-11-24"), "lorex").is_empty());
    assert!(on(&screen("huawei", "2020-11-17"), "honor").is_empty());
}

/// Item 10: software outside a Covered List entry's equipment categories is a scope review.
#[test]
fn item_10_product_categories() {
    let fs = screen("huawei", "2021-03-12");
    let hms = on(&fs, "hms")[0];
    assert_eq!(summary(hms).0, "restricted-party/medium");
    let fcc = hms
        .legal_basis
        .iter()
        .find(|b| b.list == "FCC Covered List")
        .unwrap();
    assert_eq!(fcc.status, BasisStatus::ScopeReview);
    // DJI's entry covers "all associated software".
    assert_eq!(
        summary(on(&screen("dji", "2025-12-22"), "dji")[0]).0,
        "covered-list/high"
    );
}

/// Item 11: exemptions start on their date; sec. 889 exceptions for all five; unconfirmed
/// names are not aliases.
#[test]
fn item_11_data_consistency() {
    let uas = "exemption to check: UAS exemptions of 2026-01-07";
    assert!(!has(&notes_of("dji", "dji", "2025-12-22"), uas));
    assert!(!has(&notes_of("dji", "dji", "2026-01-06"), uas));
    assert!(has(&notes_of("dji", "dji", "2026-01-07"), uas));
    assert!(has(&notes_of("dji", "dji", "2026-12-31"), uas));
    assert!(!has(&notes_of("dji", "dji", "2027-01-01"), uas));
    let exception = "exemption to check: Interconnection and non-routing equipment";
    assert!(has(
        &notes_of("hikvision", "camera", "2021-03-12"),
        exception
    ));
    assert!(has(&notes_of("dahua", "usa", "2021-03-12"), exception));
    let fs = screen("unconfirmed-names", "2026-11-23");
    for (component, unconfirmed) in [
        ("kl", "АО «Лаборатория Касперского»"),
        ("hytera", "海能达通信股份有限公司"),
    ] {
        let f = on(&fs, component)[0];
        assert!(
            f.evidence.iter().all(|e| e.matched != unconfirmed),
            "{component}: {:?}",
            f.evidence
        );
    }
}

/// Every built-in designation, generically: a component supplied by the entry's legal name
/// (type and purl unknown, so no product category rules it out) is screened the day before and
/// the day of each start, end, milestone and exemption date, and that designation's basis must
/// say so: not yet in force, in force (citing the milestone reached), ended.
#[test]
fn every_builtin_designation_flips_on_its_own_dates() {
    let wl = watchlist::builtin();
    let dir = tempfile::tempdir().unwrap();
    let packages: Vec<serde_json::Value> = wl
        .entries
        .iter()
        .map(|e| {
            serde_json::json!({
                "SPDXID": format!("SPDXRef-{}", e.id),
                "name": "unit",
                "downloadLocation": "NOASSERTION",
                "supplier": format!("Organization: {}", e.name),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
        "name": "every-entry", "documentNamespace": "https://example.test/spdx/every-entry",
        "creationInfo": { "created": "2026-11-23T00:00:00Z", "creators": ["Tool: handmade"] },
        "packages": packages,
    });
    let path = dir.path().join("every-entry.spdx.json");
    std::fs::write(&path, serde_json::to_string(&doc).unwrap()).unwrap();
    let sbom = ingest::read(&path, &ReadOptions::default()).unwrap();
    let graph = DepGraph::build(&sbom);
    let prov = provenance::resolve(&sbom, &graph);
    let screener = Screener::new(wl);
    let mut checked = 0;
    let mut failures = Vec::new();
    for e in &wl.entries {
        for d in &e.designations {
            let mut dates: Vec<Date> = d.since.into_iter().chain(d.until).collect();
            dates.extend(d.milestones.iter().map(|m| m.date));
            for x in &d.exclusions {
                dates.extend(x.since.into_iter().chain(x.until));
            }
            for day in dates.iter().flat_map(|t| [t.yesterday().unwrap(), *t]) {
                let fs = screener.screen(&sbom, &graph, &prov, day);
                let basis = fs
                    .iter()
                    .filter(|f| {
                        f.component.id == format!("SPDXRef-{}", e.id) && f.entity.id == e.id
                    })
                    .flat_map(|f| &f.legal_basis)
                    .find(|b| b.list == d.list.title() && b.citation == d.citation);
                let before = d.since.is_some_and(|s| day < s);
                let ended = d.until.is_some_and(|u| day >= u);
                let expect = if before {
                    BasisStatus::NotYetInForce
                } else if ended {
                    BasisStatus::Ended
                } else {
                    BasisStatus::InForce
                };
                let milestone = d
                    .milestones
                    .iter()
                    .filter(|m| m.date <= day)
                    .max_by_key(|m| m.date)
                    .map(|m| m.name.clone());
                let ok = match basis {
                    // Nothing else applied that day, so there is no finding to list it on.
                    None => expect != BasisStatus::InForce,
                    Some(b) => {
                        b.status == expect
                            && (expect != BasisStatus::InForce || b.milestone == milestone)
                    }
                };
                if !ok {
                    failures.push(format!(
                        "{} {} on {day}: expected {expect:?} (milestone {milestone:?}), got {:?}",
                        e.id,
                        d.list,
                        basis.map(|b| (b.status, b.milestone.clone()))
                    ));
                }
                checked += 1;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 100, "{checked} checks");
}

/// Item 8, second half: only a cited source saying a foreign adversary owns, controls or
/// directs a company makes `adversary-controlled-supplier` more than a low signal.
#[test]
fn item_8_control_needs_a_cited_source() {
    let user = |control: &str| {
        format!(
            "[dataset]\nname = \"t\"\nversion = \"1\"\n\n[[entry]]\nid = \"acme-cn\"\nname = \"Acme Shenzhen Technology Co., Ltd.\"\nkind = \"company\"\njurisdiction = \"CN\"\n{control}"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let doc = serde_json::json!({
        "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
        "name": "acme", "documentNamespace": "https://example.test/spdx/acme",
        "creationInfo": { "created": "2026-11-23T00:00:00Z", "creators": ["Tool: handmade"] },
        "packages": [{ "SPDXID": "SPDXRef-acme", "name": "acme-sdk", "downloadLocation": "NOASSERTION",
                       "supplier": "Organization: Acme Shenzhen Technology Co., Ltd." }],
    });
    let path = dir.path().join("acme.spdx.json");
    std::fs::write(&path, serde_json::to_string(&doc).unwrap()).unwrap();
    let sbom = ingest::read(&path, &ReadOptions::default()).unwrap();
    let graph = DepGraph::build(&sbom);
    let prov = provenance::resolve(&sbom, &graph);
    let as_of: Date = "2026-11-23".parse().unwrap();
    for (control, severity, wording) in [
        ("", "low", "subject to the jurisdiction of"),
        (
            "adversary-control = \"a cited filing\"\n",
            "medium",
            "controlled by, or subject to the direction of",
        ),
    ] {
        // Merged with the built-in one, which names the foreign adversaries.
        let wl = Watchlist::merge(vec![
            watchlist::builtin().clone(),
            Watchlist::parse(&user(control), "user.toml").unwrap(),
        ])
        .unwrap();
        let fs = Screener::new(&wl).screen(&sbom, &graph, &prov, as_of);
        let f = on(&fs, "acme")[0];
        assert_eq!(
            summary(f).0,
            format!("adversary-controlled-supplier/{severity}")
        );
        assert!(f.message.contains(wording), "{}", f.message);
    }
}
