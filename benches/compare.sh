#!/usr/bin/env bash
# Whole-process comparison on the 100k-component SBOMs of ../shared/tools/gen_sbom.py, all four
# formats in one run: `bomscreen scan --format json` against the lean parse limit and the peer
# crates (benches/limit.rs), each a process of its own timed by /usr/bin/time (wall seconds, peak
# RSS), best of N runs. It also checks that each scan's JSON report is the one recorded in
# benches/expected-reports.tsv (the tool and watchlist versions left out), so a speed-up that
# changes a finding, a location or a byte of the report fails here.
#
#   benches/compare.sh [RUNS]          default 3 runs; prints a table and the ratios
#
# The issue-16 targets it reports against: scan/limit >= 0.5 for both JSON formats, >= 0.4 for
# CycloneDX XML (against the quick-xml event scan), SPDX tag-value scan <= 1.0 s, scan at least
# 3x faster than the best peer, and peak RSS <= 2x the file.
set -euo pipefail
runs="${1:-3}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
data="$repo/target/bench-data"
mkdir -p "$data"
command -v /usr/bin/time >/dev/null || { echo "compare.sh: /usr/bin/time is missing (Debian package time)" >&2; exit 3; }

cargo build --release --locked --quiet
cargo bench --locked --bench limit --no-run --quiet 2>/dev/null
limit_bin="$(ls -t target/release/deps/limit-* | grep -v '\.d$' | head -n1)"
bomscreen="$repo/target/release/bomscreen"

# The peer figure for CycloneDX JSON comes from the issue (serde-cyclonedx is not a dependency);
# the others are measured here.
declare -A peer_name=([cdx-json]="serde-cyclonedx (issue 16)" [cdx-xml]="cyclonedx-bom" [spdx-json]="spdx-rs" [spdx-tv]="spdx-rs")

# best WALL RSS_KB of a command run $runs times (stdout discarded); the command's own stdout of
# the last run is kept in $last_out.
last_out="$data/compare-stdout"
time_out="$data/compare-time"
best() {
    local best_wall="" best_rss="" t
    for _ in $(seq "$runs"); do
        # scan exits 1 when it finds something: that is its verdict, not a failure here.
        /usr/bin/time -o "$time_out" -f '%e %M' "$@" > "$last_out" 2>/dev/null || true
        t="$(tail -n1 "$time_out")"
        local wall="${t% *}" rss="${t#* }"
        if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
            best_wall="$wall"; best_rss="$rss"
        fi
    done
    echo "$best_wall $best_rss"
}

# The report's digest without the parts naming versions.
digest() {
    python3 -c '
import hashlib, json, sys
v = json.load(open(sys.argv[1]))
v.pop("tool", None); v.pop("watchlist", None)
print(hashlib.sha256(json.dumps(v, sort_keys=True).encode()).hexdigest()[:16])' "$1"
}

printf '%-10s %7s | %8s %8s %6s | %7s %6s | %8s %6s | %8s | %s\n' \
    format "MB" "scan s" "RSS MB" "RSS/f" "limit s" "ratio" "peer s" "x peer" "report" "peer"
fail=0
for spec in "cdx-json json" "cdx-xml xml" "spdx-json json" "spdx-tv spdx"; do
    set -- $spec
    format="$1"; file="target/bench-data/$1-100000.$2"  # relative: the report names it
    if [ ! -f "$file" ]; then
        python3 ../shared/tools/gen_sbom.py --format "$format" --components 100000 --seed 1 \
            --plant 50 --out "$file"
    fi
    mb="$(awk -v b="$(stat -c %s "$file")" 'BEGIN { printf "%.0f", b / 1e6 }')"
    read -r scan_s scan_kb <<< "$(best "$bomscreen" scan --format json --as-of 2026-11-23 --no-progress "$file")"
    got="$(digest "$last_out")"
    want="$(awk -v f="$format" '$1 == f { print $2 }' benches/expected-reports.tsv)"
    if [ "$got" = "$want" ]; then same="same"; else same="CHANGED"; fail=1; echo "$format: report digest $got, expected $want" >&2; fi
    read -r limit_s _ <<< "$(best "$limit_bin" limit "$format" "$file")"
    if [ "$format" = cdx-json ]; then
        peer_s=2.88
    else
        read -r peer_s _ <<< "$(best "$limit_bin" peer "$format" "$file")"
    fi
    awk -v f="$format" -v mb="$mb" -v s="$scan_s" -v kb="$scan_kb" -v l="$limit_s" -v p="$peer_s" \
        -v same="$same" -v pn="${peer_name[$format]}" 'BEGIN {
        rss = kb / 1024; printf "%-10s %7d | %8.2f %8.0f %6.2f | %7.2f %6.2f | %8.2f %6.2f | %8s | %s\n",
            f, mb, s, rss, rss / mb, l, l / s, p, p / s, same, pn }'
done
echo "ratio = limit seconds / scan seconds (1.0 would be scan at the speed of the lean parse);"
echo "x peer = how many times faster scan is than the peer; RSS/f = peak RSS / file size."
[ "$fail" -eq 0 ] || { echo "compare.sh: a report differs from benches/expected-reports.tsv" >&2; exit 1; }
