#!/usr/bin/env bash
# Cold-cache benchmark (issue 20): the page cache is dropped before every
# timed run, so each run reads the tree from the drive as a first run after
# a reboot does. Linux, as root only (it writes /proc/sys/vm/drop_caches);
# elsewhere it says so and stops.
#   bench/cold.sh [FILES]          side by side: scan, scan --format json,
#                                  dupes, scan --hash vs du -sb, dust, fclones
#   DEPTHS="2 8 16 32 64" bench/cold.sh [FILES]   the depth curve of scan
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-200000}
tree=${TREE:-/tmp/wxbench-$files}
if [ "$(uname -s)" != Linux ] || [ "$(id -u)" != 0 ] || ! [ -w /proc/sys/vm/drop_caches ]; then
  echo "cold mode needs root on Linux (to drop the page cache): skipped"
  exit 0
fi
cargo build --release -q --bin wxinspect --example make-sample-data
wx=target/release/wxinspect
[ -d "$tree" ] || target/release/examples/make-sample-data --files "$files" "$tree"
cold() { sync; echo 3 > /proc/sys/vm/drop_caches; }
secs() { local s e; cold; s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(uname -r); tree: $files files, $(du -sh "$tree" | cut -f1); cold cache"
if [ -n "${DEPTHS:-}" ]; then
  for d in $DEPTHS; do
    t=""
    for run in 1 2 3; do t+=" $(secs $wx scan --no-progress --io-depth "$d" "$tree")"; done
    printf 'io-depth %-4s scan median %6.2f s   (runs:%s)\n' "$d" "$(median $t)" "$t"
  done
  exit 0
fi
dust=$(command -v dust || true)
fclones=$(command -v fclones || true)
declare -A t
for run in 1 2 3; do
  t[du]+=" $(secs du -sb "$tree")"
  t[scan]+=" $(secs $wx scan --no-progress "$tree")"
  [ -n "$dust" ] && t[dust]+=" $(secs "$dust" -s -n 1 "$tree")"
  t[json]+=" $(secs $wx scan --no-progress --format json "$tree")"
done
for run in 1 2 3; do
  t[dupes]+=" $(secs $wx dupes --no-progress "$tree")"
  [ -n "$fclones" ] && t[fclones]+=" $(secs "$fclones" group "$tree")"
done
for run in 1 2 3; do
  t[hash]+=" $(secs $wx scan --no-progress --hash --format json "$tree")"
done
for k in du dust scan json dupes fclones hash; do
  [ -n "${t[$k]:-}" ] && printf '%-8s median %6.2f s   (runs:%s)\n' "$k" "$(median ${t[$k]})" "${t[$k]}"
done
echo "scan / du -sb = $(echo "scale=2; $(median ${t[scan]}) / $(median ${t[du]})" | bc)"
[ -n "${t[fclones]:-}" ] && echo "dupes / fclones group = $(echo "scale=2; $(median ${t[dupes]}) / $(median ${t[fclones]})" | bc)"
true
