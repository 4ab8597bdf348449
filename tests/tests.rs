//! The one integration-test binary: every file under `tests/` is a module of it, so the crate is
//! linked once rather than once per file (`autotests = false` in Cargo.toml).

mod common;

mod action;
mod audit;
mod cli_cases;
mod cli_diff;
mod cli_habits;
mod cli_habits_config;
mod cli_inspect;
mod cli_scan;
mod corpus;
mod corpus_reports;
mod cyclonedx;
mod cyclonedx_export;
mod evidence;
mod graph;
mod hostile;
mod inputs;
mod oracle;
mod oracle_spdx;
mod policy;
mod problems;
mod report;
mod screen;
mod snapshots;
mod spdx2;
mod spdx3_rdf;
mod timeline;
mod watchlist;
