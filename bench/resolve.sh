#!/usr/bin/env bash
# network --resolve (issue 29): 200 hosts, each a CNAME to A and AAAA, from
# a loopback DNS server that adds 10 ms to every answer, at the default
# depth (--io-depth 32). Runs the bench test of tests/it/resolve.rs N times
# (default 3) and prints each figure; nothing leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3}
cargo test -q --test it --no-run >/dev/null 2>&1
for _ in $(seq "$n"); do
  cargo test -q --test it issue_29_bench_200_hosts_with_10ms_answers -- --nocapture 2>&1 | grep '^bench:'
done
