#!/usr/bin/env bash
# Times scaffolding against a named baseline on the same run: `cargo new` writing an empty
# crate. airssys-gen does more (parses WIT, runs wasmtime's or wit-bindgen's generator,
# parses its output with syn, formats with prettyplease), so the question is whether that is
# still in the same league as the command people already run without thinking.
# Needs hyperfine (apt-get install -y hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin airssys-gen
bin="$PWD/target/release/airssys-gen"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
hyperfine --warmup 3 --runs 30 -N \
  --prepare "rm -rf $work/out" \
  -n "cargo new (baseline)" "cargo new --vcs none --quiet $work/out" \
  -n "airssys-gen host" "$bin host --out $work/out" \
  -n "airssys-gen guest new-component" "$bin guest new-component out --out $work/out"
