//! `bomscreen watchlist`: list, show, export, validate and import watchlists.
//!
//! The built-in dataset is always loaded first (unless `--no-builtin`); `--watchlist FILE` adds user
//! files on top. The as-of date defaults to today: this is where the clock is read.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use jiff::civil::Date;

use super::Outcome;
use crate::analysis::Error;
use crate::watchlist::{self, Entry, Import, Watchlist, WatchlistError, import_csl, import_ofac};

/// The `watchlist` subcommands.
#[derive(Debug, Subcommand)]
pub enum WatchlistCommand {
    /// One line per entry: id, name, jurisdiction, designations in force on the as-of date.
    List {
        /// Which watchlists to load.
        #[command(flatten)]
        sources: Sources,
        /// Date at which designations are evaluated (YYYY-MM-DD); default today.
        #[arg(long, value_parser = super::parse_date, value_name = "DATE", env = "BOMSCREEN_AS_OF")]
        as_of: Option<Date>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Everything about one entry, with citations.
    Show {
        /// The entry id (e.g. `kaspersky`).
        id: String,
        /// Which watchlists to load.
        #[command(flatten)]
        sources: Sources,
        /// Date at which designations are evaluated (YYYY-MM-DD); default today.
        #[arg(long, value_parser = super::parse_date, value_name = "DATE", env = "BOMSCREEN_AS_OF")]
        as_of: Option<Date>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// The merged watchlist in the file format (TOML) or as JSON.
    Export {
        /// Which watchlists to load.
        #[command(flatten)]
        sources: Sources,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Toml)]
        format: ExportFormat,
    },
    /// Check watchlist files; every problem is printed with its line.
    Validate {
        /// Watchlist files (TOML).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Convert an official list into a watchlist file.
    Import {
        /// The kind of list.
        #[arg(long, value_enum)]
        from: ImportFrom,
        /// The list file: CSL CSV or JSON; OFAC sdn.csv (add.csv and alt.csv beside it are joined) or SDN.XML.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Write the watchlist here instead of standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
}

/// Which watchlists to load.
#[derive(Debug, clap::Args)]
pub struct Sources {
    /// A watchlist file to add to the built-in one (repeatable); without --watchlist, the files
    /// in BOMSCREEN_WATCHLIST, separated by `:` (`;` on Windows).
    #[arg(long = "watchlist", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Leave the built-in watchlist out.
    #[arg(long)]
    pub no_builtin: bool,
}

/// The environment variable that names watchlist files when `--watchlist` is not given.
const WATCHLIST_ENV: &str = "BOMSCREEN_WATCHLIST";

impl Sources {
    /// The watchlist files: `--watchlist`, else `BOMSCREEN_WATCHLIST` split like `PATH` (a
    /// separator clap's `env` cannot apply to the environment alone without also splitting
    /// every `--watchlist` value).
    pub fn paths(&self) -> Vec<PathBuf> {
        if !self.files.is_empty() {
            return self.files.clone();
        }
        std::env::var_os(WATCHLIST_ENV)
            .map(|v| {
                std::env::split_paths(&v)
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Output format of `list` and `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned text for people.
    Table,
    /// JSON for machines.
    Json,
}

/// Output format of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The watchlist file format.
    Toml,
    /// The same structure as JSON (see schemas/watchlist.schema.json).
    Json,
}

/// Kinds of official lists `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFrom {
    /// trade.gov Consolidated Screening List, CSV or JSON.
    Csl,
    /// OFAC SDN: legacy sdn.csv (+ add.csv, alt.csv) or SDN.XML.
    OfacSdn,
}

/// Runs one `watchlist` subcommand.
pub(super) fn run(cmd: WatchlistCommand, out: &mut dyn Write) -> Result<Outcome, Error> {
    run_inner(cmd, out).map(|()| Outcome::Passed)
}

fn load(sources: &Sources) -> Result<Watchlist, WatchlistError> {
    watchlist::load_sources(&sources.paths(), !sources.no_builtin)
}

fn run_inner(cmd: WatchlistCommand, out: &mut dyn Write) -> Result<(), Error> {
    match cmd {
        WatchlistCommand::List {
            sources,
            as_of,
            format,
        } => {
            let w = load(&sources)?;
            list(&w, as_of.unwrap_or_else(super::today), format, out)?;
        }
        WatchlistCommand::Show {
            id,
            sources,
            as_of,
            format,
        } => {
            let w = load(&sources)?;
            let Some(e) = w.get(&id) else {
                return Err(Error::Usage(format!(
                    "no watchlist entry with id `{id}` (see `bomscreen watchlist list`)"
                )));
            };
            let as_of = as_of.unwrap_or_else(super::today);
            match format {
                ListFormat::Json => {
                    serde_json::to_writer_pretty(&mut *out, e).map_err(std::io::Error::other)?;
                    writeln!(out)?;
                }
                ListFormat::Table => show(e, as_of, out)?,
            }
        }
        WatchlistCommand::Export { sources, format } => {
            let w = load(&sources)?;
            let text = match format {
                ExportFormat::Toml => watchlist::to_toml(&w)
                    .map_err(|e| Error::Usage(format!("cannot write TOML: {e}")))?,
                ExportFormat::Json => watchlist::to_json(&w).map_err(std::io::Error::other)? + "\n",
            };
            out.write_all(text.as_bytes())?;
        }
        WatchlistCommand::Validate { files } => {
            let mut failed = 0;
            for f in &files {
                match Watchlist::read(f) {
                    Ok(w) => writeln!(
                        out,
                        "{}: ok, {} entries ({} {})",
                        f.display(),
                        w.entries.len(),
                        w.dataset.name,
                        w.dataset.version
                    )?,
                    Err(e) => {
                        super::report_error(&e);
                        failed += 1;
                    }
                }
            }
            if failed > 0 {
                return Err(Error::Usage(format!(
                    "{failed} of {} file(s) did not validate",
                    files.len()
                )));
            }
        }
        WatchlistCommand::Import { from, file, output } => {
            let imported = import(from, &file)?;
            for w in imported.warnings.iter().take(10) {
                super::report_warning_line(w);
            }
            if imported.warnings.len() > 10 {
                super::report_warning_line(&format!(
                    "... and {} more warnings",
                    imported.warnings.len() - 10
                ));
            }
            let skipped: Vec<String> = imported
                .skipped
                .iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect();
            super::report_note(&format!(
                "imported {} entries from {}{}",
                imported.watchlist.entries.len(),
                file.display(),
                if skipped.is_empty() {
                    String::new()
                } else {
                    format!(" (skipped {})", skipped.join(", "))
                }
            ));
            let text = watchlist::to_toml(&imported.watchlist)
                .map_err(|e| Error::Usage(format!("cannot write TOML: {e}")))?;
            match output {
                Some(path) => std::fs::write(&path, text)
                    .map_err(|e| Error::Usage(format!("{}: cannot write: {e}", path.display())))?,
                None => out.write_all(text.as_bytes())?,
            }
        }
    }
    Ok(())
}

/// Reads a list file as text: UTF-8, or Latin-1 for the older OFAC files that are not UTF-8.
fn read_text(path: &Path) -> Result<String, WatchlistError> {
    let bytes = std::fs::read(path).map_err(|source| WatchlistError::Io {
        file: path.display().to_string(),
        source,
    })?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => e.into_bytes().iter().map(|&b| char::from(b)).collect(),
    })
}

/// A file beside `path` whose name is `name` in any letter case (OFAC publishes both `add.csv` and `ADD.CSV`).
fn sibling(path: &Path, name: &str) -> Option<PathBuf> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
}

fn import(from: ImportFrom, file: &Path) -> Result<Import, WatchlistError> {
    let imported = read_list(from, file)?;
    if imported.watchlist.entries.is_empty() {
        let skipped: Vec<String> = imported
            .skipped
            .iter()
            .map(|(k, n)| format!("{n} {k} skipped"))
            .collect();
        return Err(WatchlistError::EmptyImport {
            file: file.display().to_string(),
            list: match from {
                ImportFrom::Csl => "Consolidated Screening List",
                ImportFrom::OfacSdn => "OFAC SDN",
            },
            skipped: if skipped.is_empty() {
                "the file holds no records".to_string()
            } else {
                skipped.join(", ")
            },
        });
    }
    Ok(imported)
}

fn read_list(from: ImportFrom, file: &Path) -> Result<Import, WatchlistError> {
    let name = file.display().to_string();
    let text = read_text(file)?;
    match from {
        ImportFrom::Csl => import_csl::import(&text, &name),
        ImportFrom::OfacSdn
            if text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('<') =>
        {
            import_ofac::import_xml(&text, &name)
        }
        ImportFrom::OfacSdn => {
            let add_path = sibling(file, "add.csv");
            let alt_path = sibling(file, "alt.csv");
            let add_text = add_path.as_deref().map(read_text).transpose()?;
            let alt_text = alt_path.as_deref().map(read_text).transpose()?;
            let add_name = add_path
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let alt_name = alt_path
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            import_ofac::import_csv(
                import_ofac::CsvFile {
                    text: &text,
                    name: &name,
                },
                add_text.as_deref().map(|t| import_ofac::CsvFile {
                    text: t,
                    name: &add_name,
                }),
                alt_text.as_deref().map(|t| import_ofac::CsvFile {
                    text: t,
                    name: &alt_name,
                }),
            )
        }
    }
}

/// The designations in force, as short titles.
fn in_force(e: &Entry, as_of: Date) -> Vec<String> {
    let mut v: Vec<String> = e
        .designations_in_force(as_of)
        .map(|d| d.list.title().to_string())
        .collect();
    v.dedup();
    v
}

fn list(
    w: &Watchlist,
    as_of: Date,
    format: ListFormat,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct Row<'a> {
        id: &'a str,
        name: &'a str,
        jurisdiction: Option<&'a str>,
        in_force: Vec<String>,
    }
    let rows: Vec<Row> = w
        .entries
        .iter()
        .map(|e| Row {
            id: &e.id,
            name: &e.name,
            jurisdiction: e.jurisdiction.as_deref(),
            in_force: in_force(e, as_of),
        })
        .collect();
    if format == ListFormat::Json {
        let doc = serde_json::json!({
            "dataset": { "name": w.dataset.name, "version": w.dataset.version, "date": w.dataset.date.map(|d| d.to_string()) },
            "as-of": as_of.to_string(),
            "entries": rows,
        });
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::other)?;
        return writeln!(out);
    }
    let date = w.dataset.date.map(|d| format!(", {d}")).unwrap_or_default();
    writeln!(
        out,
        "watchlist {} {}{date}; designations in force on {as_of}",
        w.dataset.name, w.dataset.version
    )?;
    let idw = rows
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    // Names are cut at 48 characters on a terminal; a file or pipe gets them whole.
    let cap = if super::terminal_options().width == super::output::FULL_LINES {
        usize::MAX
    } else {
        48
    };
    let namew = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, cap);
    writeln!(
        out,
        "{:<idw$}  {:<namew$}  {:<3}  IN FORCE",
        "ID", "NAME", "JUR"
    )?;
    for r in &rows {
        let name: String = if r.name.chars().count() > namew {
            r.name
                .chars()
                .take(namew - 1)
                .chain(std::iter::once('…'))
                .collect()
        } else {
            r.name.to_string()
        };
        let force = if r.in_force.is_empty() {
            "-".to_string()
        } else {
            r.in_force.join(", ")
        };
        writeln!(
            out,
            "{:<idw$}  {:<namew$}  {:<3}  {force}",
            r.id,
            name,
            r.jurisdiction.unwrap_or("-")
        )?;
    }
    writeln!(out, "{} entries", rows.len())
}

fn show(e: &Entry, as_of: Date, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{} ({})", e.name, e.id)?;
    writeln!(out, "kind: {}", e.kind)?;
    if let Some(j) = &e.jurisdiction {
        writeln!(
            out,
            "jurisdiction: {j} ({})",
            watchlist::country::name(j).unwrap_or("?")
        )?;
    }
    if !e.countries.is_empty() {
        writeln!(out, "countries: {}", e.countries.join(", "))?;
    }
    if !e.aliases.is_empty() {
        writeln!(out, "aliases:")?;
        for a in &e.aliases {
            let short = if a.short {
                ", short: party fields and identifiers only"
            } else {
                ""
            };
            writeln!(out, "  {} ({:?}{short})", a.text, a.script)?;
        }
    }
    if !e.relations.is_empty() {
        writeln!(out, "relations:")?;
        for r in &e.relations {
            let kind = crate::watchlist::RelationKind::ALL
                .iter()
                .find(|(_, k)| *k == r.kind)
                .map_or("?", |(n, _)| n);
            let mut dates = String::new();
            if let Some(s) = r.since {
                dates.push_str(&format!(" since {s}"));
            }
            if let Some(u) = r.until {
                dates.push_str(&format!(" until {u}"));
            }
            let state = if r.in_effect(as_of) {
                ""
            } else {
                " [not in effect on the as-of date]"
            };
            writeln!(out, "  {kind}: {}{dates}{state}", r.name)?;
            for n in &r.notes {
                writeln!(out, "    {n}")?;
            }
        }
    }
    let ids = &e.identifiers;
    let groups: [(&str, &Vec<String>); 10] = [
        ("cpe vendors", &ids.cpe_vendors),
        ("purl namespaces", &ids.purl_namespaces),
        ("purl name prefixes", &ids.purl_name_prefixes),
        ("domains", &ids.domains),
        ("products", &ids.products),
        ("file names", &ids.file_names),
        ("file-name prefixes", &ids.file_name_prefixes),
        ("hashes", &ids.hashes),
        ("github orgs", &ids.github_orgs),
        ("java packages", &ids.java_packages),
    ];
    if !ids.is_empty() {
        writeln!(
            out,
            "identifiers (vendor attribution, not a legal determination):"
        )?;
        for (label, values) in groups.iter().filter(|(_, v)| !v.is_empty()) {
            writeln!(out, "  {label}: {}", values.join(", "))?;
        }
    }
    writeln!(out, "designations (as of {as_of}):")?;
    for d in &e.designations {
        let state = if d.in_force(as_of) {
            "in force"
        } else {
            "not in force"
        };
        let mut dates = String::new();
        if let Some(s) = d.since {
            dates.push_str(&format!(" since {s}"));
        }
        if let Some(u) = d.until {
            dates.push_str(&format!(" until {u}"));
        }
        writeln!(out, "  {} [{state}]{dates}", d.list.title())?;
        if let Some(why) = &d.since_unknown {
            writeln!(out, "    start date unknown: {why}")?;
        }
        if !d.product_categories.is_empty() {
            writeln!(
                out,
                "    product categories: {}",
                d.product_categories.join(", ")
            )?;
        }
        if !d.parties.is_empty() {
            writeln!(out, "    parties: {}", d.parties.join("; "))?;
        }
        if let Some(b) = &d.basis {
            writeln!(out, "    basis: {b}")?;
        }
        for m in &d.milestones {
            let reached = if m.date <= as_of {
                "applies"
            } else {
                "not yet"
            };
            writeln!(out, "    {} {} [{reached}]: {}", m.date, m.name, m.text)?;
        }
        if let Some(s) = &d.scope {
            writeln!(out, "    scope: {s}")?;
        }
        if !d.programs.is_empty() {
            writeln!(out, "    programs: {}", d.programs.join(", "))?;
        }
        for x in &d.exclusions {
            let mut when = Vec::new();
            if let Some(s) = x.since {
                when.push(format!("from {s}"));
            }
            if let Some(u) = x.until {
                when.push(format!("until {u}"));
            }
            if x.integration {
                when.push("integrated code".to_string());
            }
            let until = if when.is_empty() {
                String::new()
            } else {
                format!(" ({})", when.join(", "))
            };
            writeln!(
                out,
                "    excluded: {}{until}{}",
                x.name,
                x.text
                    .as_ref()
                    .map(|t| format!(": {t}"))
                    .unwrap_or_default()
            )?;
        }
        for x in &d.scope_review {
            writeln!(
                out,
                "    scope review: {}{}",
                x.name,
                x.text
                    .as_ref()
                    .map(|t| format!(": {t}"))
                    .unwrap_or_default()
            )?;
        }
        writeln!(out, "    citation: {}", d.citation)?;
        if let Some(u) = &d.url {
            writeln!(out, "    url: {u}")?;
        }
        for n in &d.notes {
            writeln!(out, "    note: {n}")?;
        }
        for n in &d.unconfirmed {
            writeln!(out, "    unconfirmed: {n}")?;
        }
    }
    for d in &e.not_to_be_confused_with {
        writeln!(out, "not to be confused with: {}: {}", d.name, d.note)?;
    }
    for n in &e.notes {
        writeln!(out, "note: {n}")?;
    }
    for n in &e.unconfirmed {
        writeln!(out, "unconfirmed (not used as fact): {n}")?;
    }
    Ok(())
}
