#!/usr/bin/env bash
# Two builds, one tree, alternating warm runs: medians of 3 and the ratio.
#   bench/ab.sh OLD_BIN NEW_BIN TREE
# The check a change that must not slow the hot paths is held to (issue 24:
# scan, scan --format json, dupes and scan --hash no more than 5 % slower).
set -euo pipefail
old=$1 new=$2 tree=$3
secs() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
"$new" scan --no-progress "$tree" > /dev/null 2>&1 || true   # warm the cache
for cmd in "scan" "scan --format json" "dupes" "scan --hash --format json"; do
  o=() n=()
  for run in 1 2 3; do
    # shellcheck disable=SC2086
    o+=("$(secs "$old" $cmd --no-progress "$tree")")
    # shellcheck disable=SC2086
    n+=("$(secs "$new" $cmd --no-progress "$tree")")
  done
  mo=$(median "${o[@]}") mn=$(median "${n[@]}")
  printf '%-28s before %6.2f s  after %6.2f s  after/before %.3f   (before:%s; after:%s)\n' \
    "$cmd" "$mo" "$mn" "$(echo "scale=3; $mn / $mo" | bc)" "$(printf ' %.2f' "${o[@]}")" "$(printf ' %.2f' "${n[@]}")"
done
