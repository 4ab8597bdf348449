//! `bomscreen init`: write the starter policy, `bomscreen.toml` with every key at its default and
//! a comment on each section, where `scan` will find it. Never overwrites a file unless asked.

use std::io::Write;
use std::path::PathBuf;

use super::Outcome;
use crate::analysis::Error;

/// The starter policy: the built-in defaults, commented (a test loads it as a policy).
pub const STARTER_POLICY: &str = include_str!("starter-policy.toml");

/// Arguments of `bomscreen init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where to write the policy; `-` prints it.
    #[arg(short, long, value_name = "PATH", default_value = crate::policy::FILE_NAME)]
    pub output: PathBuf,
    /// Overwrite the file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub(super) fn run(args: &InitArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    if args.output.as_os_str() == "-" {
        out.write_all(STARTER_POLICY.as_bytes())?;
        return Ok(Outcome::Passed);
    }
    let path = &args.output;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if args.force {
        options.create(true).truncate(true);
    } else {
        // create_new refuses an existing file in the same system call that would create it.
        options.create_new(true);
    }
    let written = options
        .open(path)
        .and_then(|mut f| f.write_all(STARTER_POLICY.as_bytes()));
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::Usage(format!(
                "{} already exists; nothing was written (pass --force to overwrite it, or \
                 --output to write elsewhere)",
                path.display()
            )));
        }
        Err(error) => {
            return Err(Error::Write {
                path: path.display().to_string(),
                what: "policy".to_string(),
                error,
            });
        }
    }
    let how = if path.as_os_str() == crate::policy::FILE_NAME {
        "from this directory".to_string()
    } else {
        format!("with --policy {}", path.display())
    };
    super::report_note(&format!(
        "wrote {}: every key at its default; edit it, then `bomscreen scan` applies it {how}",
        path.display()
    ));
    Ok(Outcome::Passed)
}
