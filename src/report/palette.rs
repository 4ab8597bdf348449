//! The one severity palette: the colours every format draws severities in (HTML report, DOT and
//! Mermaid graphs, the terminal table, the Markdown icons), so a reviewer reads the same colour
//! for the same severity everywhere.

use crate::finding::Severity;

/// Hex colour for HTML, SVG, DOT and Mermaid (the HTML template's CSS uses the same values).
pub fn hex(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "#8b0000",
        Severity::High => "#cf222e",
        Severity::Medium => "#bf8700",
        Severity::Low => "#0969da",
        Severity::Info => "#6e7781",
    }
}

/// ANSI SGR parameters for a terminal.
pub fn sgr(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "1;31",
        Severity::High => "31",
        Severity::Medium => "33",
        Severity::Low => "36",
        Severity::Info => "2",
    }
}

/// A coloured square for Markdown, where colour cannot be set.
pub fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "🟥",
        Severity::High => "🟧",
        Severity::Medium => "🟨",
        Severity::Low => "🟦",
        Severity::Info => "⬜",
    }
}
