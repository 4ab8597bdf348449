#!/usr/bin/env bash
# Prints the identity of bomscreen's sources: the SHA-256 of the sorted list of "sha256  path" of
# Cargo.lock, Cargo.toml and every file under src/ (what goes into the binary), in the directory
# given (default: the current one). action.yml keys its build cache on it and compares it with the
# value a release publishes; .github/workflows/release.yml publishes it with this same script, so
# the action uses a release binary only when that binary was built from exactly these sources.
set -euo pipefail
cd "${1:-.}"

# GNU coreutils on Linux and Windows (Git Bash), shasum on macOS.
if command -v sha256sum >/dev/null 2>&1; then sha256=(sha256sum); else sha256=(shasum -a 256); fi

# Relative paths, sorted bytewise; the mode marker (" " or "*", which differs between sha256sum
# builds) is normalised so every platform lists the same text.
find Cargo.lock Cargo.toml src -type f -print0 \
  | LC_ALL=C sort -z \
  | xargs -0 "${sha256[@]}" \
  | sed 's/^\([0-9a-f]\{64\}\) [ *]/\1  /' \
  | "${sha256[@]}" \
  | cut -c1-64
