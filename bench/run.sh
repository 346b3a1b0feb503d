#!/usr/bin/env bash
# Side-by-side benchmark on a generated WeChat-shaped tree (warm cache).
#   bench/run.sh [FILES]   (default 200000; the tree goes to /tmp/wxbench-FILES)
# Prints medians of 3 alternating runs and peak memory (GNU time).
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-200000}
tree=${TREE:-/tmp/wxbench-$files}
[ -n "${WX:-}" ] || cargo build --release -q --bin wxinspect --example make-sample-data
wx=${WX:-target/release/wxinspect}
[ -d "$tree" ] || target/release/examples/make-sample-data --files "$files" "$tree"
fclones=$(command -v fclones || echo /tmp/fcl/bin/fclones)

secs() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
peak() { /usr/bin/time -f %M "$@" 2>&1 > /dev/null | tail -1; }

du -sb "$tree" > /dev/null; $wx scan "$tree" > /dev/null 2>&1 || true   # warm the cache
declare -A t
for run in 1 2 3; do
  t[du]+=" $(secs du -sb "$tree")"
  t[scan]+=" $(secs $wx scan --no-progress "$tree")"
  t[json]+=" $(secs $wx scan --no-progress --format json "$tree")"
  t[ndjson]+=" $(secs $wx scan --no-progress --format ndjson "$tree")"
done
for run in 1 2 3; do
  [ -n "${SKIP_DUPES:-}" ] && break
  t[dupes]+=" $(secs $wx dupes --no-progress "$tree")"
  [ -x "$fclones" ] && t[fclones]+=" $(secs "$fclones" group "$tree")"
done
for run in 1 2 3; do
  [ -n "${SKIP_HASH:-}" ] && break
  t[hash]+=" $(secs $wx scan --no-progress --hash --format json "$tree")"
  t[sha256sum]+=" $(secs sh -c "find '$tree' -type f -print0 | xargs -0 sha256sum")"
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(uname -r); tree: $files files, $(du -sh "$tree" | cut -f1)"
for k in du scan json ndjson dupes fclones hash sha256sum; do
  [ -n "${t[$k]:-}" ] && printf '%-10s median %6.2f s   (runs:%s)\n' "$k" "$(median ${t[$k]})" "${t[$k]}"
done
du_m=$(median ${t[du]}); scan_m=$(median ${t[scan]})
echo "scan / du -sb = $(echo "scale=2; $scan_m / $du_m" | bc)"
[ -n "${t[fclones]:-}" ] && [ -n "${t[dupes]:-}" ] && echo "dupes / fclones group = $(echo "scale=2; $(median ${t[dupes]}) / $(median ${t[fclones]})" | bc)"
[ -n "${t[hash]:-}" ] && echo "scan --hash / find|xargs sha256sum = $(echo "scale=2; $(median ${t[hash]}) / $(median ${t[sha256sum]})" | bc)"
echo "peak RSS KiB: scan $(peak $wx scan --no-progress "$tree"), scan --format json $(peak $wx scan --no-progress --format json "$tree"), scan --format ndjson $(peak $wx scan --no-progress --format ndjson "$tree"), media $(peak $wx media --no-progress "$tree")${SKIP_DUPES:+}$([ -n "${SKIP_DUPES:-}" ] || echo ", dupes $(peak $wx dupes --no-progress "$tree")")"
