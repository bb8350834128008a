#!/usr/bin/env bash
# Benchmark for airssys-lint: time a release `airssys-lint` against `rg` searching the same
# tree for the same macro names (the baseline), on
#
# - a uniform synthetic workspace of CRATES crates x FILES .rs files (default 2,000 x 25 =
#   50,000 files), most without any of the names the lint looks for;
# - a real-code-shaped synthetic workspace (REAL_CRATES crates, default 300): deep module
#   trees, files with several glob imports and hundreds of macro calls, files no cargo target
#   reaches, hosts reaching `bindgen!` through globs, guests, tests and examples;
# - or, given arguments, any checkouts (real repositories) instead.
#
# For every tree it also prints the slowest single files (AIRSSYS_LINT_TIMINGS=1), and
# when macros there read WIT, times `examples/wit_load.rs` loading those directories once
# each as `bindgen!` does: the WIT work rg skips and no checker of the macros can, so the
# lint is also compared with rg plus that floor.
#
#   scripts/bench-lint.sh                      # both synthetic trees
#   scripts/bench-lint.sh ~/src/wasmtime ...   # real checkouts
#   CRATES=200 FILES=10 REAL_CRATES=50 scripts/bench-lint.sh
#
# Needs python3, ripgrep and hyperfine (`apt-get install -y ripgrep hyperfine`).
set -euo pipefail

CRATES=${CRATES:-2000}
FILES=${FILES:-25}
BENCH_DIR=${BENCH_DIR:-/tmp/airssys-lint-bench}
RUNS=${RUNS:-10}
REAL_CRATES=${REAL_CRATES:-300}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

for tool in python3 rg hyperfine; do
    command -v "$tool" >/dev/null || { echo "bench-lint: missing $tool (apt-get install -y ripgrep hyperfine)" >&2; exit 2; }
done

# The trees are generated once per size and kept (scripts/bench-lint-trees.py).
gen_uniform() {
    WS="$BENCH_DIR/ws-$CRATES-$FILES"
    [ -f "$WS/.complete" ] && return
    rm -rf "$WS"
    python3 "$ROOT/scripts/bench-lint-trees.py" uniform "$WS" "$CRATES" "$FILES"
    touch "$WS/.complete"
}

gen_real() {
    WS="$BENCH_DIR/real-$REAL_CRATES"
    [ -f "$WS/.complete" ] && return
    rm -rf "$WS"
    python3 "$ROOT/scripts/bench-lint-trees.py" real "$WS" "$REAL_CRATES"
    touch "$WS/.complete"
}

mkdir -p "$BENCH_DIR"
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" --bin airssys-lint --example wit_load
LINT="$ROOT/target/release/airssys-lint"
WIT_LOAD="$ROOT/target/release/examples/wit_load"


# bench NAME DIR [clean]: time the lint and rg on DIR; with `clean`, the tree must lint clean.
bench() {
    local name=$1 ws=$2 clean=${3:-}
    local rs_files bytes
    rs_files=$(find "$ws" -name '*.rs' | wc -l)
    bytes=$(du -sb "$ws" | cut -f1)
    echo "== $name: $rs_files .rs files, $((bytes / 1024 / 1024)) MiB"
    local status=0
    AIRSSYS_LINT_TIMINGS=1 "$LINT" "$ws" --format json > "$BENCH_DIR/lint.json" 2> "$BENCH_DIR/timings.txt" || status=$?
    if [ -n "$clean" ] && [ "$status" != 0 ]; then
        echo "bench-lint: airssys-lint reported findings or failed on $ws" >&2
        head -50 "$BENCH_DIR/lint.json" >&2
        exit 1
    fi
    [ "$status" -le 1 ] || { echo "bench-lint: airssys-lint failed (exit $status) on $ws" >&2; exit 1; }
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("findings:", len(d["diagnostics"]), " stats:", d["stats"])' "$BENCH_DIR/lint.json"
    echo "slowest files:"; grep -v '^timing: wit-dir ' "$BENCH_DIR/timings.txt" | sed 's/^timing: /  /' || true
    local wit_dirs
    wit_dirs=$(sed -n 's/^timing: wit-dir //p' "$BENCH_DIR/timings.txt" | tr '\n' ' ')
    echo "rg matches: $(rg -l --no-messages -e 'generate!' -e 'bindgen!' -e 'wit_bindgen' "$ws" | wc -l) files"
    # Warm the page cache, then compare. rg searches for the same macro names; -l lists files.
    # The lint's exit code 1 (findings) is not a failure here.
    echo "WIT directories the macros read: $(echo $wit_dirs | wc -w)"
    local floor=()
    [ -z "$wit_dirs" ] || floor=(--command-name "wit-parser" "$WIT_LOAD $wit_dirs")
    hyperfine --warmup 2 --runs "$RUNS" --style basic -i --export-json "$BENCH_DIR/hyperfine.json" \
        --command-name "airssys-lint" "$LINT $ws --format json" \
        --command-name "rg" "rg -l --no-messages -e 'generate!' -e 'bindgen!' -e 'wit_bindgen' $ws" \
        "${floor[@]}" >/dev/null
    python3 - "$BENCH_DIR/hyperfine.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
lint, rg = r["airssys-lint"], r["rg"]
def ms(x): return f"mean {x['mean']*1000:.1f} ms (sd {x['stddev']*1000:.1f}, min {x['min']*1000:.1f})"
print(f"airssys-lint: {ms(lint)}")
print(f"rg:           {ms(rg)}")
print(f"ratio (mean): {lint['mean']/rg['mean']:.2f}x   ratio (min): {lint['min']/rg['min']:.2f}x")
if "wit-parser" in r:
    wp = r["wit-parser"]
    print(f"wit-parser:   {ms(wp)}  (loading that WIT once per directory, one after another)")
    print(f"lint / (rg + wit-parser), mean: {lint['mean']/(rg['mean']+wp['mean']):.2f}x")
PY
}

if [ "$#" -gt 0 ]; then
    for checkout in "$@"; do
        bench "$(basename "$checkout")" "$checkout"
    done
else
    gen_uniform
    bench "uniform synthetic" "$WS" clean
    gen_real
    bench "real-shaped synthetic" "$WS" clean
fi
