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
# For every tree it also prints the slowest single files (AIRSSYS_LINT_TIMINGS=1).
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

gen_uniform() {
WS="$BENCH_DIR/ws-$CRATES-$FILES"
if [ ! -f "$WS/.complete" ]; then
    rm -rf "$WS"
    python3 - "$WS" "$CRATES" "$FILES" <<'PY'
import os, sys
ws, crates, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(ws)
with open(f"{ws}/Cargo.toml", "w") as f:
    f.write('[workspace]\nmembers = ["crates/*"]\nresolver = "3"\n\n[workspace.dependencies]\n'
            'wasmtime = "48"\nwit-bindgen = "0.63"\n')
WIT = """package bench:app@0.1.0;

interface logging {
  log: func(msg: string);
}

world runtime {
  import logging;
  export run: func();
}

world plugin {
  import logging;
  export run: func();
}
"""
def plain(c, i):
    # Ordinary code: none of the needles (the macro names, `export`, `func_wrap`, crate names).
    return f"""//! Module {i} of crate {c}.

use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct Item{i} {{
    pub id: u64,
    pub name: String,
    pub tags: Vec<String>,
    pub scores: HashMap<String, f64>,
}}

impl Item{i} {{
    pub fn new(id: u64, name: &str) -> Self {{
        Self {{ id, name: name.to_string(), ..Default::default() }}
    }}

    pub fn score(&self, key: &str) -> f64 {{
        self.scores.get(key).copied().unwrap_or(0.0)
    }}

    pub fn tagged(&self, tag: &str) -> bool {{
        self.tags.iter().any(|t| t == tag)
    }}

    pub fn total(&self) -> f64 {{
        self.scores.values().sum()
    }}
}}

pub fn build_{i}(n: u64) -> Vec<Item{i}> {{
    (0..n).map(|k| Item{i}::new(k, "item")).collect()
}}

#[cfg(test)]
mod tests {{
    use super::*;

    #[test]
    fn builds() {{
        assert_eq!(build_{i}(3).len(), 3);
    }}
}}
"""
hosts = guests = 0
for c in range(crates):
    kind = "host" if c % 20 == 0 else "guest" if c % 20 == 10 else "plain"
    d = f"{ws}/crates/c{c:05}"
    os.makedirs(f"{d}/src")
    deps = {"host": 'wasmtime.workspace = true\n', "guest": 'wit-bindgen.workspace = true\n', "plain": 'serde = "1"\n'}[kind]
    lib = '[lib]\ncrate-type = ["cdylib"]\n\n' if kind == "guest" else ""
    with open(f"{d}/Cargo.toml", "w") as f:
        f.write(f'[package]\nname = "c{c:05}"\nversion = "0.1.0"\nedition = "2024"\n\n{lib}[dependencies]\n{deps}')
    mods = "".join(f"pub mod m{i};\n" for i in range(files - 1))
    if kind == "host":
        hosts += 1
        os.makedirs(f"{d}/wit")
        open(f"{d}/wit/app.wit", "w").write(WIT)
        head = ('wasmtime::component::bindgen!({ world: "runtime", path: "wit" });\n\n'
                'pub fn link(linker: &mut wasmtime::component::Linker<State>) -> wasmtime::Result<()> {\n'
                '    Runtime::add_to_linker::<_, wasmtime::component::HasSelf<_>>(linker, |s| s)\n}\n\n'
                'pub struct State;\n\n')
    elif kind == "guest":
        guests += 1
        os.makedirs(f"{d}/wit")
        open(f"{d}/wit/app.wit", "w").write(WIT)
        head = ('wit_bindgen::generate!("plugin");\n\nstruct Component;\n\n'
                'impl Guest for Component {\n    fn run() {\n        bench::app::logging::log("run");\n    }\n}\n\n'
                'export!(Component);\n\n')
    else:
        head = ""
    open(f"{d}/src/lib.rs", "w").write(head + mods)
    for i in range(files - 1):
        open(f"{d}/src/m{i}.rs", "w").write(plain(c, i))
print(f"generated {crates} crates ({hosts} hosts, {guests} guests), {crates * files} .rs files in {ws}")
PY
    touch "$WS/.complete"
fi
}

gen_real() {
    WS="$BENCH_DIR/real-$REAL_CRATES"
    [ -f "$WS/.complete" ] && return
    rm -rf "$WS"
    python3 "$ROOT/scripts/bench-lint-real-tree.py" "$WS" "$REAL_CRATES"
    touch "$WS/.complete"
}

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" --bin airssys-lint
LINT="$ROOT/target/release/airssys-lint"


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
    echo "slowest files:"; sed 's/^timing: /  /' "$BENCH_DIR/timings.txt"
    echo "rg matches: $(rg -l --no-messages -e 'generate!' -e 'bindgen!' -e 'wit_bindgen' "$ws" | wc -l) files"
    # Warm the page cache, then compare. rg searches for the same macro names; -l lists files.
    # The lint's exit code 1 (findings) is not a failure here.
    hyperfine --warmup 2 --runs "$RUNS" --style basic -i --export-json "$BENCH_DIR/hyperfine.json" \
        --command-name "airssys-lint" "$LINT $ws --format json" \
        --command-name "rg" "rg -l --no-messages -e 'generate!' -e 'bindgen!' -e 'wit_bindgen' $ws" >/dev/null
    python3 - "$BENCH_DIR/hyperfine.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
lint, rg = r["airssys-lint"], r["rg"]
print(f"airssys-lint: mean {lint['mean']*1000:.0f} ms (sd {lint['stddev']*1000:.0f}, min {lint['min']*1000:.0f})")
print(f"rg:           mean {rg['mean']*1000:.0f} ms (sd {rg['stddev']*1000:.0f}, min {rg['min']*1000:.0f})")
print(f"ratio (mean): {lint['mean']/rg['mean']:.2f}x   ratio (min): {lint['min']/rg['min']:.2f}x")
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
