#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 60) each, seeded from
# sample-data/ and ../shared/samples/, and prints libFuzzer's final stats.
#   fuzz/run.sh [SECONDS]
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
samples=${WXINSPECT_SAMPLES:-../shared/samples}
for t in sniff binarycookies response_object plist settings ip2asn; do
  corpus=fuzz/corpus/$t
  mkdir -p "$corpus"
  # Seeds: real and sample files (copied: the fuzzer writes into its corpus).
  find sample-data/home tests/data "$samples" -type f -size -256k 2>/dev/null | while read -r f; do
    cp "$f" "$corpus/seed-$(sha256sum "$f" | cut -c1-16)" 2>/dev/null || true
  done
  echo "== $t"
  cargo +nightly fuzz run "$t" "$corpus" -- -max_total_time="$secs" -rss_limit_mb=2048 -max_len=65536 2>&1 \
    | grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs|SUMMARY|ERROR|crash-" | tail -3
done
