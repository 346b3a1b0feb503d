#!/usr/bin/env bash
# The million-file benchmark (issue 31): peak memory and time of the
# commands that hold the whole inventory, against the build before and
# fclones, on the small-file tree (warm cache, alternating runs, medians
# of 3).
#
#   bench/million.sh BEFORE_BIN [FILES]      (default 1000000)
#
# The tree: `make-sample-data --files FILES --small DIR` (WeChat-shaped
# paths of both generations, every media file 600-1,600 bytes, 1,000
# chats: about 90,000 folders at a million files), made once in
# /tmp/wxmillion-FILES. BEFORE_BIN: a `wxinspect` built from the commit
# to compare with (its `browse-bench` beside it as BEFORE_BIN-browse-bench,
# when there is one). fclones: on PATH or /tmp/fcl/bin/fclones
# (`cargo install fclones --root /tmp/fcl`).
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:?usage: bench/million.sh BEFORE_BIN [FILES]}
files=${2:-1000000}
tree=${TREE:-/tmp/wxmillion-$files}
cargo build --release -q --bin wxinspect --example make-sample-data --example browse-bench
now=target/release/wxinspect
[ -d "$tree" ] || target/release/examples/make-sample-data --files "$files" --small "$tree"
fclones=$(command -v fclones || echo /tmp/fcl/bin/fclones)

# "seconds KiB" of one run, output thrown away.
run() { /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

du -sb "$tree" >/dev/null
declare -A t m
add() { local r; r=$(run "${@:2}"); t[$1]+="${r% *}"$'\n'; m[$1]+="${r#* }"$'\n'; }
for i in 1 2 3; do
  for c in "scan --format json" dupes reclaim; do
    add "before $c" $before $c --no-progress "$tree"
    add "now $c" $now $c --no-progress "$tree"
  done
  [ -x "$before-browse-bench" ] && add "before browse" "$before-browse-bench" "$tree"
  add "now browse" target/release/examples/browse-bench "$tree"
  [ -x "$fclones" ] && add "fclones group" "$fclones" group "$tree"
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; tree: $tree, $(find "$tree" -type f | wc -l) files in $(find "$tree" -type d | wc -l) folders, $(du -sh "$tree" | cut -f1)"
printf '%-28s %10s %12s\n' run "median s" "median MiB"
for k in "${!t[@]}"; do
  printf '%-28s %10s %12s\n' "$k" "$(printf '%s' "${t[$k]}" | median)" \
    "$(( $(printf '%s' "${m[$k]}" | median) / 1024 ))"
done | sort -k2
# The same answers: groups and JSON compared with the build before.
for c in "scan --format json" "dupes --format json" "reclaim --format json"; do
  if cmp -s <($before $c --no-progress "$tree" | grep -v generated_at) \
            <($now $c --no-progress "$tree" | grep -v generated_at); then
    echo "same output: $c"
  else
    echo "OUTPUT DIFFERS: $c"
  fi
done
