//! `bomscreen inspect`: read and link each document, then render [`report::inspect`]'s summary.
//! A document that cannot be read is reported and makes the exit code 2; the others are still
//! summarised.

use std::io::Write;

use super::{InspectArgs, InspectFormat, Outcome};
use crate::analysis::Error;
use crate::ingest::ReadOptions;
use crate::report::inspect::{self, Summary};

pub(super) fn run(args: &InspectArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let opts = ReadOptions {
        strict: args.strict,
    };
    let mut outcome = Outcome::Passed;
    let mut docs = Vec::new();
    for path in &args.files {
        match super::read_document(path, &opts) {
            Ok(doc) => docs.push(doc),
            Err(e) => {
                super::report_error(&Error::from(e));
                outcome = Outcome::CouldNotRun;
            }
        }
    }
    let summaries: Vec<Summary> = docs
        .iter()
        .map(|d| Summary::new(&d.sbom, &d.graph, &d.warnings))
        .collect();
    match args.format {
        InspectFormat::Json => inspect::json(&summaries, args.files.len() == 1, out)?,
        InspectFormat::Table => {
            inspect::table(&summaries, out)?;
            for doc in &docs {
                super::report_warnings(doc);
            }
        }
    }
    Ok(outcome)
}
