#!/usr/bin/env bash
# The action's first choice of binary: bomscreen of the action's own version from its GitHub
# release, checked against the release's SHA256SUMS, and used only when that release was built
# from exactly the action's sources. Writes `path=BINARY` to $GITHUB_OUTPUT when it has one, else
# `build=true` (no usable release: the next steps build from source, and the log says why).
# A checksum that does not match is never a reason to build: the step fails (exit 2).
#
# Environment: GITHUB_ACTION_PATH, GITHUB_OUTPUT, RUNNER_OS, RUNNER_ARCH and RUNNER_TEMP (set by
# the runner); SOURCE_SHA256 (action/source-sha256.sh of the action's files); RELEASE_URL (the
# `release-url` input); ACTION_REPOSITORY (github.action_repository, which the runner often
# leaves empty in composite actions, actions/runner#2473).
set -euo pipefail

say() { echo "bomscreen: $*"; }
build() {
  say "$1; building from source"
  echo "build=true" >> "$GITHUB_OUTPUT"
  exit 0
}
refuse() {
  echo "::error title=bomscreen::$1"
  exit 2
}

# The version is the one in the action's own Cargo.toml; release.yml refuses a tag that differs.
version=$(sed -n 's/^version = "\([^"]*\)"$/\1/p' "$GITHUB_ACTION_PATH/Cargo.toml" | head -n 1)
[[ -n "$version" ]] || build "no package version in $GITHUB_ACTION_PATH/Cargo.toml"
tag="v$version"

# The targets release.yml builds (tests/action/release.rs checks that the two lists agree).
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc ;;
  *) build "no release binary is built for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}" ;;
esac
ext=tar.gz
exe=""
if [[ "$target" == *-windows-* ]]; then
  ext=zip
  exe=.exe
fi
asset="bomscreen-$tag-$target.$ext"
source_asset="bomscreen-$tag.source-sha256"

# Where releases are: the release-url input (mirrors, tests), else the action's repository on
# GitHub, named by the runner or read from where it put the action (.../_actions/OWNER/REPO/REF).
base="${RELEASE_URL:-}"
if [[ -z "$base" ]]; then
  repo="${ACTION_REPOSITORY:-}"
  action_path="${GITHUB_ACTION_PATH//\\//}"
  action_path="${action_path%/}"
  if [[ -z "$repo" && "$action_path" =~ /_actions/([^/]+)/([^/]+)/[^/]+$ ]]; then
    repo="${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
  fi
  [[ -n "$repo" ]] || build "the action runs from a local path (uses: ./), which has no release"
  base="https://github.com/$repo/releases/download"
fi
if [[ "$base" == /* ]]; then base="file://$base"; fi
url="${base%/}/$tag"

command -v curl >/dev/null 2>&1 || build "curl not found, so no release download"
if command -v sha256sum >/dev/null 2>&1; then sha256=(sha256sum); else sha256=(shasum -a 256); fi

# HTTPS only (plain HTTP could be rewritten on the way), or a local file:// mirror.
fetch() {
  curl --fail --silent --show-error --location --proto '=https,file' --proto-redir '=https' \
    --retry 3 --connect-timeout 20 --max-time 600 --output "$2" -- "$1" 2>&1
}

# The checksum SHA256SUMS gives for a file name (sha256sum's binary-mode `*name` too).
listed() {
  awk -v f="$1" '($2 == f || $2 == "*" f) && !done { print $1; done = 1 }' "$dir/SHA256SUMS"
}

# Compares a download with its listed checksum; a mismatch stops the action.
verify() {
  local got
  got=$("${sha256[@]}" < "$dir/$1" | cut -c1-64)
  if [[ "$got" != "$2" ]]; then
    refuse "checksum mismatch for $1 of release $tag from $url: SHA256SUMS lists $2, the downloaded file is $got. Refusing to use it: the file was altered or corrupted on the way. Re-run the job; if it happens again, report it, or set bomscreen-path."
  fi
}

dir=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/bomscreen-release.XXXXXX")
say "looking for release $tag ($asset) at $url"
if ! err=$(fetch "$url/SHA256SUMS" "$dir/SHA256SUMS"); then
  build "no release $tag at $url (${err:-curl failed})"
fi
want=$(listed "$asset")
want_source=$(listed "$source_asset")
[[ -n "$want" ]] || build "release $tag has no $asset"
[[ -n "$want_source" ]] || build "release $tag does not name the sources it was built from ($source_asset)"
for sum in "$want" "$want_source"; do
  [[ "$sum" =~ ^[0-9a-f]{64}$ ]] || refuse "SHA256SUMS of release $tag at $url is malformed ($sum)"
done

# Same version is not enough: a branch between two releases carries the last release's version.
err=$(fetch "$url/$source_asset" "$dir/$source_asset") || build "could not download $source_asset ($err)"
verify "$source_asset" "$want_source"
release_source=$(tr -d '[:space:]' < "$dir/$source_asset")
if [[ "$release_source" != "${SOURCE_SHA256:-}" ]]; then
  build "release $tag was built from other sources than this copy of the action (sources $release_source, here ${SOURCE_SHA256:-unknown}: a branch or commit other than the tag)"
fi

err=$(fetch "$url/$asset" "$dir/$asset") || build "could not download $asset ($err)"
verify "$asset" "$want"
say "$asset matches SHA256SUMS of release $tag (sha256 $want)"

case "$ext" in
  tar.gz) tar -xzf "$dir/$asset" -C "$dir" ;;
  zip)
    if command -v unzip >/dev/null 2>&1; then
      unzip -q -o "$dir/$asset" -d "$dir"
    elif command -v 7z >/dev/null 2>&1; then
      7z x -y "-o$(cygpath -w "$dir" 2>/dev/null || echo "$dir")" "$dir/$asset" >/dev/null
    else
      build "neither unzip nor 7z found to unpack $asset"
    fi
    ;;
esac
bin="$dir/bomscreen-$tag-$target/bomscreen$exe"
[[ -f "$bin" ]] || build "$asset has no bomscreen-$tag-$target/bomscreen$exe"
chmod +x "$bin"
# A last check that it runs here and is the version the action expects.
ran=$("$bin" --version 2>&1) || build "the release binary does not run here ($ran)"
[[ "$ran" == "bomscreen $version" ]] || build "the release binary reports '$ran', not bomscreen $version"
say "using the release binary of $tag: $bin"
echo "path=$bin" >> "$GITHUB_OUTPUT"
