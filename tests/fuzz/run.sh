#!/usr/bin/env bash
# Runs bomscreen's fuzz campaigns with cargo-fuzz (libFuzzer), each for SECONDS of wall time on one
# core. Seed corpora are built here at run time from ../shared/corpus and the repository's own
# fixtures (tests/fuzz/corpus/, ignored by git); crashes land in tests/fuzz/artifacts/. Every
# crash must become a regression test under tests/ before it is fixed.
#
#   tests/fuzz/run.sh [SECONDS] [CAMPAIGN...]      default: 60 s, every campaign
#
# Campaigns: sniff, cdx-json, cdx-xml, spdx-json, spdx-yaml, spdx-tv, spdx-rdf, spdx-xml, spdx3
# (the read_sbom target, seeded with that format), policy, watchlist, import-csl, import-ofac,
# purl-cpe.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
corpus_root="$repo/../shared/corpus"
seconds="${1:-60}"
shift || true
all=(sniff cdx-json cdx-xml spdx-json spdx-yaml spdx-tv spdx-rdf spdx-xml spdx3 policy watchlist import-csl import-ofac purl-cpe)
campaigns=("${@:-${all[@]}}")
[ $# -eq 0 ] && campaigns=("${all[@]}")

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "run.sh: no nightly Rust toolchain on this machine; cargo-fuzz needs one (rustup toolchain install nightly). Nothing was run." >&2
    exit 3
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "run.sh: cargo-fuzz is not installed (cargo install cargo-fuzz --locked). Nothing was run." >&2
    exit 3
fi
if [ ! -f "$corpus_root/MANIFEST.tsv" ]; then
    echo "run.sh: ../shared/corpus not found; seeding from the repository's fixtures only." >&2
fi

# Files of the shared corpus by format and encoding (MANIFEST.tsv columns 6 and 8).
manifest() {
    [ -f "$corpus_root/MANIFEST.tsv" ] || return 0
    awk -F'\t' -v f="$1" -v e="$2" 'NR > 1 && (f == "" || $6 == f) && (e == "" || $8 == e) { print $1 }' \
        "$corpus_root/MANIFEST.tsv" | while read -r p; do echo "$corpus_root/$p"; done
}

# Seeds: copies named by content hash, small files first, at most 300 per campaign.
seed() {
    local dir="$here/corpus/$1"
    shift
    mkdir -p "$dir"
    local n=0
    for f in "$@"; do
        [ -f "$f" ] || continue
        [ "$(stat -c %s "$f")" -le 262144 ] || continue
        cp "$f" "$dir/$(sha1sum "$f" | cut -c1-16)"
        n=$((n + 1))
        [ "$n" -lt 300 ] || break
    done
}

seeds_for() {
    case "$1" in
        sniff) manifest "" "" | awk 'NR % 4 == 0' || true ;;
        cdx-json) manifest cyclonedx json; ls "$repo"/samples/*.cdx.json "$repo"/tests/fixtures/*/*.cdx.json 2>/dev/null ;;
        cdx-xml) manifest cyclonedx xml ;;
        spdx-json) manifest spdx json; ls "$repo"/samples/*.spdx.json "$repo"/tests/fixtures/*/*.spdx.json 2>/dev/null ;;
        spdx-yaml) manifest spdx yaml ;;
        spdx-tv) manifest spdx tag-value; ls "$repo"/tests/fixtures/*/*.spdx 2>/dev/null ;;
        spdx-rdf) manifest spdx rdf ;;
        spdx-xml) manifest spdx xml ;;
        spdx3) manifest spdx jsonld ;;
        policy) ls "$repo"/samples/*.toml "$repo"/tests/fixtures/*/*.toml 2>/dev/null ;;
        watchlist) ls "$repo"/src/watchlist/builtin.toml "$repo"/tests/fixtures/watchlist/*.toml 2>/dev/null ;;
        import-csl) manifest csl ""; manifest csl-older-layout "" ;;
        import-ofac) manifest ofac-sdn-legacy-csv "" ;;
        purl-cpe) ;;
    esac
}

target_for() {
    case "$1" in
        sniff | policy | watchlist) echo "$1" ;;
        import-csl) echo import_csl ;;
        import-ofac) echo import_ofac ;;
        purl-cpe) echo purl_cpe ;;
        *) echo read_sbom ;;
    esac
}

dict_for() {
    case "$1" in
        cdx-json | sniff) echo cyclonedx-json ;;
        cdx-xml) echo cyclonedx-xml ;;
        spdx-json) echo spdx-json ;;
        spdx-yaml) echo spdx-yaml ;;
        spdx-tv) echo spdx-tag-value ;;
        spdx-rdf | spdx-xml) echo spdx-rdf ;;
        spdx3) echo spdx3 ;;
        policy) echo policy ;;
        watchlist) echo watchlist ;;
        import-csl | import-ofac) echo lists ;;
        purl-cpe) echo purl-cpe ;;
    esac
}

cd "$here"
cargo +nightly fuzz build --fuzz-dir "$here" -O >&2
printf 'campaign\ttarget\tseeds\tseconds\tcpu_seconds\texecutions\tcrashes\tslow_units\n'
for c in "${campaigns[@]}"; do
    mapfile -t files < <(seeds_for "$c")
    seed "$c" "${files[@]+"${files[@]}"}"
    if [ "$c" = purl-cpe ]; then
        mkdir -p corpus/purl-cpe
        grep -rhoE 'pkg:[A-Za-z0-9.+-]+/[^" <]+|cpe:[^" <]+' "$repo/samples" "$repo/tests/fixtures" 2>/dev/null |
            sort -u | head -n 300 | while read -r p; do printf '%s' "$p" > "corpus/purl-cpe/$(printf '%s' "$p" | sha1sum | cut -c1-16)"; done
    fi
    target="$(target_for "$c")"
    mkdir -p "artifacts/$c"
    log="$(mktemp)"
    set +e
    # CPU seconds (user + system) of the campaign itself, the fuzzer process included: on a
    # busy machine a campaign gets less CPU than its wall time, and CPU time is what counts.
    TIMEFORMAT='%U %S'
    # -timeout is wall time per input: 30 s, because a low-priority fuzzer on a busy machine
    # gets no CPU for seconds at a time (two 10 s "timeouts" in spdx-tv ran in 0.6 s alone).
    { time cargo +nightly fuzz run --fuzz-dir "$here" -O "$target" "corpus/$c" -- \
        -max_total_time="$seconds" -dict="dict/$(dict_for "$c").dict" -rss_limit_mb=2048 \
        -timeout=30 -artifact_prefix="artifacts/$c/" -print_final_stats=1 >"$log" 2>&1; } 2>"$log.cpu"
    set -e
    cpu="$(awk '{ printf "%d", $1 + $2 }' "$log.cpu" 2>/dev/null || echo '?')"
    execs="$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -n1 || true)"
    if [ -z "$execs" ]; then
        echo "run.sh: $c did not run; see $log" >&2
    fi
    # slow-unit-* files are inputs that took long on this machine (a busy one makes many), not
    # failures; crash-, timeout-, oom- and leak- files are.
    crashes="$(ls "artifacts/$c" | grep -cv '^slow-unit-' || true)"
    slow="$(ls "artifacts/$c" | grep -c '^slow-unit-' || true)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$target" "$(ls "corpus/$c" | wc -l)" "$seconds" "$cpu" "${execs:-?}" "$crashes" "$slow"
    if [ "$crashes" -gt 0 ]; then
        echo "run.sh: $c: $crashes crash(es) in tests/fuzz/artifacts/$c/ (log: $log)" >&2
    fi
done
