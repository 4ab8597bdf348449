//! `bomscreen completions SHELL` and `bomscreen man`: shell completion scripts and roff man pages,
//! generated from the same clap definition as `--help`, so they list exactly the commands and
//! options this binary has.

use std::io::Write;
use std::path::PathBuf;

use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use super::{Args, Outcome};
use crate::analysis::Error;

/// Arguments of `bomscreen completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Arguments of `bomscreen man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write bomscreen.1 and one page per command (bomscreen-scan.1, ...) into this folder
    /// instead of printing bomscreen.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The environment variables bomscreen reads, for the man page's ENVIRONMENT section.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "BOMSCREEN_FAIL_ON",
        "--fail-on of scan and diff: info, low, medium, high, critical or never.",
    ),
    ("BOMSCREEN_FORMAT", "--format of scan."),
    (
        "BOMSCREEN_POLICY",
        "--policy of scan, diff, explain and graph --flagged.",
    ),
    (
        "BOMSCREEN_AS_OF",
        "--as-of (YYYY-MM-DD) of scan, diff, explain, graph --flagged and watchlist list and show.",
    ),
    (
        "BOMSCREEN_WATCHLIST",
        "watchlist files separated by : (; on Windows), used when no --watchlist is given.",
    ),
    ("BOMSCREEN_COLOR", "--color: auto, always or never."),
    (
        "BOMSCREEN_STRICT",
        "--strict of scan, diff, inspect, explain and graph: true, 1, yes or on (false, 0, no or off leave it off).",
    ),
    (
        "COLUMNS",
        "the width the table is drawn at; without it, whole lines into a file or pipe and the terminal's width on a terminal.",
    ),
    (
        "NO_COLOR",
        "when set and not empty, no colour with --color auto.",
    ),
    (
        "CI",
        "when set (and not false), scan draws no progress bar.",
    ),
];

/// Prints the completion script for one shell.
pub(super) fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    // clap_complete panics when its writer fails; render to memory so a closed pipe is an error.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Args::command(), "bomscreen", &mut script);
    out.write_all(&script)?;
    Ok(Outcome::Passed)
}

/// Prints bomscreen.1, or writes every page into `--dir`.
pub(super) fn man(args: &ManArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let cmd = Args::command().disable_help_subcommand(true);
    let Some(dir) = &args.dir else {
        main_page(cmd, out)?;
        return Ok(Outcome::Passed);
    };
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let mut cmd = cmd.clone();
        cmd.build();
        let mut file = std::io::BufWriter::new(std::fs::File::create(dir.join("bomscreen.1"))?);
        main_page(cmd.clone(), &mut file)?;
        file.flush()?;
        pages(&cmd, dir)
    };
    write().map_err(|error| Error::Write {
        path: dir.display().to_string(),
        what: "man pages".to_string(),
        error,
    })?;
    super::report_note(&format!("wrote the man pages into {}", dir.display()));
    Ok(Outcome::Passed)
}

/// One page per subcommand, nested commands included (`bomscreen-watchlist-list.1`).
fn pages(cmd: &clap::Command, dir: &std::path::Path) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        Man::new(sub.clone()).generate_to(dir)?;
        pages(sub, dir)?;
    }
    Ok(())
}

/// What roff writes before every piece it renders (typeset `'` as an apostrophe); a page needs
/// it once.
const APOSTROPHES: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// clap_mangen's page with the sections a man page reader looks for that clap does not know:
/// EXIT STATUS, ENVIRONMENT and FILES. It starts with `.TH`, as `man` and `lexgrog` expect.
fn main_page(cmd: clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    let man = Man::new(cmd);
    let mut title = Vec::new();
    man.render_title(&mut title)?;
    let mut body = Vec::new();
    man.render_name_section(&mut body)?;
    man.render_synopsis_section(&mut body)?;
    man.render_description_section(&mut body)?;
    man.render_options_section(&mut body)?;
    man.render_subcommands_section(&mut body)?;
    extra_sections().to_writer(&mut body)?;
    man.render_version_section(&mut body)?;
    let title = String::from_utf8_lossy(&title).replace(APOSTROPHES, "");
    let body = String::from_utf8_lossy(&body).replace(APOSTROPHES, "");
    write!(out, "{title}{APOSTROPHES}{body}")
}

/// EXIT STATUS, ENVIRONMENT and FILES.
fn extra_sections() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in [
        (
            "0",
            "passed: every input was read and no unwaived finding is at or above fail-on.",
        ),
        (
            "1",
            "policy failed: unwaived findings at or above fail-on (diff: new ones only).",
        ),
        (
            "2",
            "could not run: bad arguments, environment variables or policy, or an input that cannot be read.",
        ),
    ] {
        roff.control("TP", [])
            .text([bold(code)])
            .text([roman(meaning)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    roff.text([roman(
        "Command-line options win over environment variables.",
    )]);
    for (name, meaning) in ENVIRONMENT {
        roff.control("TP", [])
            .text([bold(*name)])
            .text([roman(*meaning)]);
    }
    roff.control("SH", ["FILES"]);
    roff.control("TP", []).text([bold("bomscreen.toml")]).text([roman(
        "the policy read from the current directory when --policy is not given; bomscreen init writes a commented one.",
    )]);
    roff
}
