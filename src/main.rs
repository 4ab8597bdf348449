//! The `bomscreen` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = bomscreen::cli::parse_args();
    let stdout = std::io::stdout();
    let outcome = bomscreen::cli::run(args, &mut stdout.lock());
    ExitCode::from(outcome.code())
}
