//! `bomscreen inspect`: read and link each document, then render [`report::inspect`]'s summary.
//! Folders are walked as `scan` walks them (hidden folders skipped, files recognised by
//! content). A document that cannot be read is reported and makes the exit code 2; the others
//! are still summarised.

use std::io::Write;

use super::{InspectArgs, InspectFormat, Outcome};
use crate::analysis::{Document, Error, Input, Inputs, named_like_sbom};
use crate::ingest::{IngestError, ReadOptions};
use crate::report::inspect::{self, Summary};

pub(super) fn run(args: &InspectArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let opts = ReadOptions {
        strict: args.strict,
    };
    let mut outcome = Outcome::Passed;
    let inputs = Inputs::collect(&args.files);
    for (_, message) in &inputs.problems {
        super::report_error(message);
        outcome = Outcome::CouldNotRun;
    }
    for s in &inputs.skipped {
        super::report_note(&format!("skipped {}: {}", s.path, s.reason));
    }
    if inputs.is_empty() {
        return Err(Error::Usage(format!(
            "no file to inspect in {}",
            args.files
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let mut docs = Vec::new();
    for input in &inputs.files {
        let source = input.source();
        let start = std::time::Instant::now();
        let read = input
            .bytes()
            .map_err(|error| IngestError::Io {
                source_name: source.clone(),
                error,
            })
            .and_then(|bytes| Document::from_bytes(bytes, &source, &opts));
        match read {
            Ok(doc) => {
                super::verbose_document(&doc, start.elapsed());
                docs.push(doc);
            }
            // In a walked folder, files that are not SBOMs (and are not named like one) are
            // passed over with a note, as `scan` does.
            Err(IngestError::NotSbom { reason, .. }) if matches!(input, Input::Found(p) if !named_like_sbom(p)) =>
            {
                let reason = reason.split("; expected").next().unwrap_or(&reason);
                super::report_note(&format!("skipped {source}: not an SBOM: {reason}"));
            }
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
    // One object for one file named on the command line; an array otherwise.
    let one = matches!(inputs.files.as_slice(), [Input::Named(_) | Input::Stdin])
        && args.files.len() == 1;
    match args.format {
        InspectFormat::Json => inspect::json(&summaries, one, out)?,
        InspectFormat::Table => {
            inspect::table(&summaries, out)?;
            for doc in &docs {
                super::report_warnings(doc);
            }
        }
    }
    docs.into_iter().for_each(crate::analysis::dispose);
    Ok(outcome)
}
