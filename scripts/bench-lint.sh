#!/usr/bin/env bash
# Benchmark for airssys-lint (issue 4, "Speed"): generate a synthetic cargo workspace of
# CRATES crates x FILES .rs files (default 2,000 x 25 = 50,000 files), most without any of the
# names the lint looks for and some hosts/guests using the bindgen macros, then time a release
# `airssys-lint` against `rg` searching the same tree for the same macro names.
#
#   scripts/bench-lint.sh                 # generate (if needed), build, time, print a summary
#   CRATES=200 FILES=10 scripts/bench-lint.sh
#   BENCH_DIR=/tmp/x KEEP=1 scripts/bench-lint.sh
#
# Needs python3, ripgrep and hyperfine (`apt-get install -y ripgrep hyperfine`).
set -euo pipefail

CRATES=${CRATES:-2000}
FILES=${FILES:-25}
BENCH_DIR=${BENCH_DIR:-/tmp/airssys-lint-bench}
RUNS=${RUNS:-10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

for tool in python3 rg hyperfine; do
    command -v "$tool" >/dev/null || { echo "bench-lint: missing $tool (apt-get install -y ripgrep hyperfine)" >&2; exit 2; }
done

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

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" --bin airssys-lint
LINT="$ROOT/target/release/airssys-lint"

rs_files=$(find "$WS" -name '*.rs' | wc -l)
bytes=$(du -sb "$WS" | cut -f1)
echo "tree: $rs_files .rs files, $((bytes / 1024 / 1024)) MiB"

# Sanity: the tree lints clean, and rg finds the macro uses.
"$LINT" "$WS" --format json > "$BENCH_DIR/lint.json" || { echo "bench-lint: airssys-lint reported findings or failed" >&2; head -50 "$BENCH_DIR/lint.json" >&2; exit 1; }
echo "rg matches: $(rg -l --no-messages -e 'generate!' -e 'bindgen!' -e 'wit_bindgen' "$WS" | wc -l) files"

# Warm the page cache, then compare. rg searches for the same macro names; -l lists files.
hyperfine --warmup 2 --runs "$RUNS" --style basic --export-json "$BENCH_DIR/hyperfine.json" \
    --command-name "airssys-lint" "$LINT $WS --format json" \
    --command-name "rg" "rg -l --no-messages -e 'generate!' -e 'bindgen!' -e 'wit_bindgen' $WS"

python3 - "$BENCH_DIR/hyperfine.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
lint, rg = r["airssys-lint"], r["rg"]
print(f"airssys-lint: mean {lint['mean']*1000:.0f} ms (sd {lint['stddev']*1000:.0f}, min {lint['min']*1000:.0f})")
print(f"rg:           mean {rg['mean']*1000:.0f} ms (sd {rg['stddev']*1000:.0f}, min {rg['min']*1000:.0f})")
print(f"ratio (mean): {lint['mean']/rg['mean']:.2f}x   ratio (min): {lint['min']/rg['min']:.2f}x")
PY

[ -n "${KEEP:-}" ] || true
