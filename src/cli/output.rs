//! How a run talks to the person or the pipeline in front of it: the global `--quiet`,
//! `--verbose` and `--color` options, and the width the table is drawn at. Decided once here,
//! from the options, `COLUMNS`, `NO_COLOR` and whether standard output is a terminal.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU8, Ordering};

use clap::ValueEnum;

/// The width that means "never cut or wrap": a file or a pipe gets whole lines.
pub const FULL_LINES: usize = usize::MAX;

/// The options every command takes, before or after its name.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalOptions {
    /// Print only errors on standard error (no progress bar, warnings or notes); standard
    /// output and the exit code are unchanged.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each document's reading time and each warning's place in the document on
    /// standard error.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Colour in the table: auto (a terminal, and `NO_COLOR` unset or empty), always (even into
    /// a file or pipe) or never.
    #[arg(
        long,
        value_enum,
        value_name = "WHEN",
        global = true,
        env = "BOMSCREEN_COLOR",
        default_value_t = ColorChoice::Auto,
        hide_possible_values = true
    )]
    pub color: ColorChoice,
}

/// When the table is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set (and not empty).
    Auto = 0,
    /// Always, even into a file or pipe (CI logs that render ANSI).
    Always = 1,
    /// Never.
    Never = 2,
}

/// How much goes to standard error besides errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Errors only.
    Quiet = 0,
    /// Errors, warnings, notes and the progress bar.
    Normal = 1,
    /// Also timings and warning locations.
    Verbose = 2,
}

// One process runs one command: the level is set once by `cli::run` before anything is printed,
// so every stderr helper can ask it without threading it through each command.
static VERBOSITY: AtomicU8 = AtomicU8::new(1);
static COLOR: AtomicU8 = AtomicU8::new(0);

/// Records the global options for the rest of the run.
pub fn apply(options: &GlobalOptions) {
    let level = match (options.quiet, options.verbose) {
        (true, _) => Verbosity::Quiet,
        (false, true) => Verbosity::Verbose,
        (false, false) => Verbosity::Normal,
    };
    VERBOSITY.store(level as u8, Ordering::Relaxed);
    COLOR.store(options.color as u8, Ordering::Relaxed);
}

/// The level `apply` recorded (normal when it was not called).
pub fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        2 => Verbosity::Verbose,
        _ => Verbosity::Normal,
    }
}

/// Whether the table on standard output is coloured: `--color`, else a terminal without
/// `NO_COLOR` (<https://no-color.org>: set and not empty).
pub fn color() -> bool {
    match COLOR.load(Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// The width the table is drawn at. `COLUMNS` wins when it holds a positive number (scripts
/// and tests pin the layout with it); otherwise a file or pipe gets whole lines
/// ([`FULL_LINES`]), and a terminal its own width, 80 when it cannot be asked.
pub fn width() -> usize {
    width_from(
        std::env::var("COLUMNS").ok().as_deref(),
        std::io::stdout().is_terminal(),
        || terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0)),
    )
}

/// [`width`] with its inputs given, for tests.
fn width_from(
    columns: Option<&str>,
    terminal: bool,
    query: impl FnOnce() -> Option<usize>,
) -> usize {
    if let Some(n) = columns
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
    {
        return n;
    }
    if !terminal {
        return FULL_LINES;
    }
    query().filter(|&n| n > 0).unwrap_or(80)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_wins_then_pipes_get_whole_lines_then_the_terminal() {
        let asked = || Some(132);
        assert_eq!(width_from(Some("80"), false, asked), 80);
        assert_eq!(width_from(Some("100"), true, asked), 100);
        assert_eq!(width_from(None, false, asked), FULL_LINES);
        assert_eq!(width_from(Some("wide"), false, asked), FULL_LINES);
        assert_eq!(width_from(Some("0"), true, asked), 132);
        assert_eq!(width_from(None, true, asked), 132);
        assert_eq!(width_from(None, true, || None), 80);
    }
}
