//! bomscreen: screen SBOMs for code from foreign-adversary-controlled suppliers.
//!
//! bytes ─ [`ingest`] ─▶ [`model::Sbom`] ─ [`graph`] ─▶ [`graph::DepGraph`] ─ [`provenance`] ─▶ parties
//! ─ screen (watchlist) ─▶ matches ─ propagate ─▶ findings ─ policy ─▶ verdicts ─ report.
//! Every stage is a function from values to values; [`analysis`] runs them in that order for
//! every command, the CLI only parses arguments and prints, and [`report`] renders every output.

pub mod analysis;
pub mod audit;
pub mod cli;
pub mod diag;
pub mod diff;
pub mod finding;
pub mod graph;
pub mod ingest;
pub mod model;
pub mod policy;
pub mod provenance;
pub mod report;
pub mod screen;
pub mod watchlist;
