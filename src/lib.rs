//! bomscreen: screen SBOMs for code from foreign-adversary-controlled suppliers.
//!
//! bytes ─ [`ingest`] ─▶ [`model::Sbom`] ─ graph ─▶ dependency graph ─ provenance ─▶ parties
//! ─ screen (watchlist) ─▶ matches ─ propagate ─▶ findings ─ policy ─▶ verdicts ─ report.
//! Every stage is a function from values to values; only the CLI and the renderers do I/O.

pub mod cli;
pub mod ingest;
pub mod model;
pub mod watchlist;
