//! The `bomscreen` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // The process ends after one run: up to 1M components' worth of large documents (about
    // 5 GB) are left to the OS at exit instead of being freed one allocation at a time.
    bomscreen::analysis::leave_to_exit(1_000_000);
    let args = bomscreen::cli::parse_args();
    let stdout = std::io::stdout();
    let outcome = bomscreen::cli::run(args, &mut stdout.lock());
    ExitCode::from(outcome.code())
}
