#!/usr/bin/env bash
# Random WIT at scale: wit-smith 0.254 packages from SEEDS seeds (default 5,000), every world
# scaffolded as a host and a guest; no panic allowed, every generated file must parse, every
# refusal must say why. Prints the counts (recorded in BENCHMARKS.md, "Random WIT").
# SAMPLE crates per side are also compiled with clippy (default 0 here; the test uses 3).
#
#   scripts/fuzz-wit.sh            # 5,000 seeds
#   scripts/fuzz-wit.sh 20000
set -euo pipefail
cd "$(dirname "$0")/.."
AIRSSYS_RANDOM_WIT_SEEDS=${1:-5000} AIRSSYS_RANDOM_WIT_SAMPLE=${SAMPLE:-0} \
    cargo test --release --locked --test random_wit -- --nocapture 2>&1 \
    | grep -E '^(random WIT|  refused|test result|thread|error)'
