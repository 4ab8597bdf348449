//! Stage 4: match every component against the watchlist, weigh the evidence, and propagate
//! findings to the products that integrate a flagged component.

pub mod normalize;
