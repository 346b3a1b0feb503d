#!/usr/bin/env bash
# Runs every command × format over a tree with two binaries and compares
# the outputs byte for byte (JSON with `generated_at` masked): the check a
# refactoring that must not change behaviour is held to.
# Usage: bench/compare-outputs.sh OLD_BIN NEW_BIN [TREE]   (default sample-data/home)
set -uo pipefail
old=$1 new=$2 tree=${3:-sample-data/home}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mask() { sed -E 's/"(generated_at|started_at)": ?"[^"]*"/"\1":"<t>"/g; s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/<time>/g'; }
runs=(
  "scan" "scan --format json" "scan --format csv" "scan --format markdown"
  "scan --format ndjson" "scan --format paths" "scan --format paths -0" "scan --hash --format json"
  "media" "media --format json" "media --format csv" "media --format paths"
  "media --by chat" "media --by month --format json" "media --by kind --format csv"
  "media --by account" "media --by category"
  "dupes" "dupes --format json" "dupes --format csv" "dupes --format paths"
  "dbs" "dbs --format json" "dbs --format csv"
  "network" "network --format json" "network --format csv"
  "config" "config --format json" "config --format csv"
  "report" "scan --anonymize-key k --format json" "report --anonymize-key k"
  "media --anonymize-key k --by chat --format json" "dupes --anonymize-key k --format json"
  "scan --anonymize-key k --format ndjson"
  "scan --width 80" "scan --width 100 --color always" "media --width 80" "dupes --width 60"
  "network --width 100" "dbs --width 120 --full-paths"
)
fail=0
for r in "${runs[@]}"; do
  for side in old new; do
    bin=${!side}
    # shellcheck disable=SC2086
    # NDJSON lines come in the walk's order, which threads make vary: sorted.
    order=cat; case $r in *ndjson*) order=sort ;; esac
    COLUMNS= "$bin" $r "$tree" --no-progress 2>"$work/$side.err" | mask | $order > "$work/$side.out"
    echo "rc=${PIPESTATUS[0]}" >> "$work/$side.out"
  done
  if cmp -s "$work/old.out" "$work/new.out" && cmp -s "$work/old.err" "$work/new.err"; then
    echo "same      $r"
  else
    echo "DIFFERENT $r"; fail=1
    diff "$work/old.out" "$work/new.out" | head -20
    diff "$work/old.err" "$work/new.err" | head -5
  fi
done
# explain on every file of the tree, in both formats
find "$tree" -type f | sort > "$work/files"
for fmt in table json; do
  for side in old new; do
    bin=${!side}
    tr '\n' '\0' < "$work/files" | xargs -0 "$bin" explain --format "$fmt" 2>&1 | mask > "$work/$side.explain"
  done
  if cmp -s "$work/old.explain" "$work/new.explain"; then echo "same      explain --format $fmt (every file)";
  else echo "DIFFERENT explain --format $fmt"; diff "$work/old.explain" "$work/new.explain" | head -40; fail=1; fi
done
exit $fail
