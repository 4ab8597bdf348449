#!/usr/bin/env bash
# Audit throughput on a real root filesystem, against merely reading the same bytes in the same
# run: a Debian 12 minbase with clamav (made by debootstrap on first use, under target/, never
# committed), audited as a folder and as a SquashFS image. Prints MB/s, files/s, peak RSS and
# the ratio to `tar -cf - DIR | wc -c` (best of RUNS, warm page cache). Needs root for
# debootstrap, and squashfs-tools (`.ci/run --setup`).
#
#   benches/audit.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
root="target/test-cache/debian-clamav"
tests/fixtures/audit/make-debian.sh "$root"
cargo build --release --locked -q
bin=target/release/bomscreen
img="target/test-cache/debian-clamav.squashfs"
[ -s "$img" ] || mksquashfs "$root/" "$img" -quiet -no-progress -noappend -comp gzip >/dev/null

best() { # COMMAND... : best wall seconds and the peak RSS (KiB) of that run
    local b=999999 rss=0 t r
    for _ in $(seq "$runs"); do
        /usr/bin/time -f '%e %M' -o /tmp/bomscreen-bench.time "$@" >/dev/null 2>&1 || true
        read -r t r < /tmp/bomscreen-bench.time
        if awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then b="$t"; rss="$r"; fi
    done
    echo "$b $rss"
}

bytes="$(tar -cf - -C "$root" . 2>/dev/null | wc -c)"
files="$(find "$root/" -type f | wc -l)"
read -r tar_s _ < <(best sh -c "tar -cf - -C '$root' . | wc -c")
read -r dir_s dir_rss < <(best "$bin" audit "$root" --no-progress --format json --fail-on never)
read -r img_s img_rss < <(best "$bin" audit "$img" --no-progress --format json --fail-on never)
mb() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.0f", b / 1e6 / s }'; }
fps() { awk -v f="$files" -v s="$1" 'BEGIN { printf "%.0f", f / s }'; }
printf 'root filesystem: %s files, %.0f MB (%s)\n' "$files" "$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')" "$root"
printf '%-34s %8s %9s %9s %9s %7s\n' what seconds MB/s files/s RSS_MB ratio
printf '%-34s %8s %9s %9s %9s %7s\n' "tar -cf - DIR | wc -c" "$tar_s" "$(mb "$tar_s")" "$(fps "$tar_s")" - 1.00
for row in "audit DIR:$dir_s:$dir_rss" "audit SquashFS image:$img_s:$img_rss"; do
    IFS=: read -r what s rss <<<"$row"
    printf '%-34s %8s %9s %9s %9s %7s\n' "$what" "$s" "$(mb "$s")" "$(fps "$s")" "$((rss / 1024))" \
        "$(awk -v a="$tar_s" -v s="$s" 'BEGIN { printf "%.2f", a / s }')"
done
