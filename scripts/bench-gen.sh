#!/usr/bin/env bash
# Times scaffolding against a named baseline on the same run: `cargo new` writing an empty
# crate. airssys-gen does more (parses WIT, runs wasmtime's or wit-bindgen's generator,
# parses its output with syn, formats with prettyplease), so the question is whether that is
# still in the same league as the command people already run without thinking.
#
# With `--cold-build` it instead times a cold build of the bundled host (a few minutes): the
# generated Cargo.toml (only the wasmtime features the crate uses, dependencies without debug
# info) against the same crate with wasmtime's and wasmtime-wasi's default features and no
# profile (the baseline), each in a fresh target dir, on the same run. Registry downloads are warm in both (cargo fetch first): compile time only.
# Needs hyperfine (apt-get install -y hyperfine) and bc.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin airssys-gen
bin="$PWD/target/release/airssys-gen"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
if [[ "${1:-}" == "--cold-build" ]]; then
  "$bin" host --out "$work/lean" --name bundled-host >/dev/null
  cp -r "$work/lean" "$work/full"
  # The baseline: default features (plus `wave`, which the runner's --invoke needs), and no
  # dev profile (debug info for every dependency).
  sed -i -E 's/^wasmtime = \{.*\}$/wasmtime = { version = "48.0.8", features = ["wave"] }/; s/^wasmtime-wasi = \{.*\}$/wasmtime-wasi = "48.0.8"/; /^\[profile/,$d' "$work/full/Cargo.toml"
  grep -q '^wasmtime = { version = "48.0.8", features = \["wave"\] }$' "$work/full/Cargo.toml"
  ! grep -q '^\[profile' "$work/full/Cargo.toml"
  for variant in full lean; do
    (cd "$work/$variant" && echo '[workspace]' >> Cargo.toml && cargo fetch --quiet)
  done
  declare -A secs
  for variant in full lean; do
    start=$(date +%s.%N)
    (cd "$work/$variant" && CARGO_TARGET_DIR="$work/target-$variant" cargo build --quiet)
    secs[$variant]=$(echo "$(date +%s.%N) - $start" | bc)
    printf '%-5s cold cargo build: %6.1f s\n' "$variant" "${secs[$variant]}"
  done
  printf 'lean / full (default features, the baseline): %.2fx\n' "$(echo "${secs[lean]} / ${secs[full]}" | bc -l)"
  exit 0
fi

hyperfine --warmup 3 --runs 30 -N \
  --prepare "rm -rf $work/out" \
  -n "cargo new (baseline)" "cargo new --vcs none --quiet $work/out" \
  -n "airssys-gen host" "$bin host --out $work/out" \
  -n "airssys-gen guest new-component" "$bin guest new-component out --out $work/out"

