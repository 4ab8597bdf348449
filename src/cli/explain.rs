//! `bomscreen explain`: find one component, screen its document, and render the explanation
//! with [`report::explain`].

use std::io::Write;

use super::{ExplainArgs, InspectFormat, Outcome};
use crate::analysis::Error;
use crate::ingest::ReadOptions;
use crate::report::explain::{self, Against, Explained};

pub(super) fn run(args: &ExplainArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let screening = super::screening(&args.screening, None)?;
    let doc = super::read_document(
        &args.file,
        &ReadOptions {
            strict: args.strict,
        },
    )?;
    let i = doc.lookup(&args.reference)?;
    let c = &doc.sbom.components[i];
    let findings = screening.judge_document(&doc, |f| {
        f.component.id == c.id && f.component.location == c.location
    });
    let view = Explained::new(
        &doc.sbom,
        &doc.graph,
        &doc.provenance[i].parties,
        i,
        &findings,
        Against {
            watchlist: &screening.watchlist,
            as_of: screening.as_of,
            policy: screening.policy_file(),
        },
    );
    match args.format {
        InspectFormat::Json => explain::json(&view, out)?,
        InspectFormat::Table => {
            explain::table(&view, &super::terminal_options(), out)?;
            super::report_warnings(&doc);
        }
    }
    Ok(Outcome::Passed)
}
