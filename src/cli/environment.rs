//! The `BOMSCREEN_*` variables that stand in for flags (clap's `env`, declared on each option) and
//! the one thing clap does not do for them: when a value it refuses came from a variable, say
//! which one. Command-line flags always win over variables.

use clap::Parser;

use super::Args;

/// The variables that stand in for a flag, with that flag (`BOMSCREEN_WATCHLIST` is read by
/// [`super::watchlist::Sources::paths`], not by clap).
const ENV_FLAGS: &[(&str, &str)] = &[
    ("BOMSCREEN_FAIL_ON", "--fail-on"),
    ("BOMSCREEN_FORMAT", "--format"),
    ("BOMSCREEN_POLICY", "--policy"),
    ("BOMSCREEN_AS_OF", "--as-of"),
    ("BOMSCREEN_COLOR", "--color"),
    ("BOMSCREEN_STRICT", "--strict"),
];

/// Parses the command line as `Args::parse` does (a mistake exits 2), and when a value clap
/// refuses came from a `BOMSCREEN_*` variable, says so: clap names the flag, which the user never
/// typed.
pub fn parse_args() -> Args {
    Args::try_parse().unwrap_or_else(|mut e| {
        if let Some(tip) = env_tip(&e) {
            e.insert(
                clap::error::ContextKind::Suggested,
                clap::error::ContextValue::StyledStrs(vec![tip.into()]),
            );
        }
        e.exit()
    })
}

/// "the value comes from BOMSCREEN_X" when the refused value is that variable's and its flag was
/// not given.
fn env_tip(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue};
    let Some(ContextValue::String(arg)) = e.get(ContextKind::InvalidArg) else {
        return None;
    };
    let Some(ContextValue::String(value)) = e.get(ContextKind::InvalidValue) else {
        return None;
    };
    let typed = |flag: &str| {
        std::env::args_os().any(|a| {
            a.to_str()
                .is_some_and(|a| a == flag || a.starts_with(&format!("{flag}=")))
        })
    };
    ENV_FLAGS
        .iter()
        .find(|(var, flag)| {
            (arg == flag || arg.starts_with(&format!("{flag} ")))
                && !typed(flag)
                && std::env::var(var).is_ok_and(|v| v == *value)
        })
        .map(|(var, flag)| {
            format!(
                "the value comes from the environment variable {var}: correct or unset it, \
                 or pass {flag} (a flag wins over the variable)"
            )
        })
}
