#!/usr/bin/env bash
# Benchmark `airssys-gen wit sync --check` on a generated tree: one host crate and 20 guest
# crates, each with its own copy of the WASI 0.2 WIT that wasmtime-wasi 48.0.8 ships
# (src/p2/wit: the wasmtime:wasi package plus deps/ for cli, clocks, filesystem, io, random,
# sockets). Compared with plain byte hashing of the same files (sha256sum), which is what
# lock-file tools do.
#
# Usage: scripts/bench-sync.sh [WORKDIR]   (default /tmp/airssys-bench-sync)
# Needs: cargo, hyperfine, sha256sum. Set AIRSSYS_GEN to use an already-built binary.
# The WASI files are fetched with cargo into the tree under WORKDIR, never committed.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/airssys-bench-sync}"
copies=20
rm -rf "$work"
mkdir -p "$work"

# 1. The WASI WIT, through cargo: a throwaway crate depending on wasmtime-wasi =48.0.8.
fetch="$work/fetch"
mkdir -p "$fetch/src"
cat >"$fetch/Cargo.toml" <<'EOF'
[package]
name = "fetch-wasi-wit"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
wasmtime-wasi = "=48.0.8"

[workspace]
EOF
: >"$fetch/src/lib.rs"
(cd "$fetch" && cargo fetch -q)
wasi_manifest="$(cd "$fetch" && cargo metadata --format-version 1 |
    python3 -c 'import json,sys; print(next(p["manifest_path"] for p in json.load(sys.stdin)["packages"] if p["name"]=="wasmtime-wasi"))')"
wasi_wit="$(dirname "$wasi_manifest")/src/p2/wit"
test -d "$wasi_wit/deps" || { echo "no WIT at $wasi_wit" >&2; exit 2; }

# 2. The tree: host/ (depends on wasmtime) and guests/gNN (depend on wit-bindgen).
tree="$work/tree"
mkdir -p "$tree/host/src"
cat >"$tree/host/Cargo.toml" <<'EOF'
[package]
name = "bench-host"
version = "0.1.0"
edition = "2024"

[dependencies]
wasmtime = "48"
EOF
cat >"$tree/host/src/main.rs" <<'EOF'
wasmtime::component::bindgen!({ world: "wasmtime:wasi/bindings", path: "wit" });
fn main() {}
EOF
cp -r "$wasi_wit" "$tree/host/wit"
for i in $(seq -w 1 "$copies"); do
    g="$tree/guests/g$i"
    mkdir -p "$g/src"
    cat >"$g/Cargo.toml" <<EOF
[package]
name = "guest-$i"
version = "0.1.0"
edition = "2024"

[lib]
crate-type = ["cdylib"]

[dependencies]
wit-bindgen = "0.63"
EOF
    echo 'wit_bindgen::generate!({ world: "wasmtime:wasi/bindings", path: "wit" });' >"$g/src/lib.rs"
    cp -r "$wasi_wit" "$g/wit"
done
find "$tree" -path '*/wit/*' -name '*.wit' | sort >"$work/files.txt"
echo "tree: $(wc -l <"$work/files.txt") WIT files, $(cat $(cat "$work/files.txt") | wc -c) bytes, $((copies + 1)) copies"

# 3. The binary.
if [ -z "${AIRSSYS_GEN:-}" ]; then
    (cd "$here" && cargo build -q --release --bin airssys-gen)
    AIRSSYS_GEN="${CARGO_TARGET_DIR:-$here/target}/release/airssys-gen"
fi
"$AIRSSYS_GEN" wit sync --check "$tree" | tail -1

# 4. Timings: in sync, then with 5 drifted copies (exit 1, so -i).
cd "$tree"
hyperfine -N --warmup 5 --min-runs 30 \
    --export-markdown "$work/in-sync.md" \
    -n 'airssys-gen wit sync --check (in sync)' "$AIRSSYS_GEN wit sync --check ." \
    -n 'sha256sum of the same files' "sha256sum $(tr '\n' ' ' <"$work/files.txt")"

# 5 copies drifted, each differently (a new function in wasi:cli/environment): 6 distinct
# contents to parse and 5 semantic diffs.
for i in 01 05 09 13 17; do
    sed -i "s/^  get-environment: func() -> list<tuple<string, string>>;/  get-environment: func() -> list<tuple<string, string>>;\n  get-drift-$i: func() -> u32;/" \
        "$tree/guests/g$i/wit/deps/cli.wit"
done
"$AIRSSYS_GEN" wit sync --check . | tail -1 || true
hyperfine -N -i --warmup 5 --min-runs 30 \
    --export-markdown "$work/drift.md" \
    -n 'airssys-gen wit sync --check (5 of 20 drifted)' "$AIRSSYS_GEN wit sync --check ."

# Every copy's bytes differ: a comment appended to each (on top of the 5 drifted ones). The
# 15 comment-only copies have the canonical copy's tokens, so they need no parse or diff.
for i in $(seq -w 1 "$copies"); do
    printf '// copy %s\n' "$i" >>"$tree/guests/g$i/wit/deps/io.wit"
done
"$AIRSSYS_GEN" wit sync --check . | tail -1 || true
hyperfine -N -i --warmup 5 --min-runs 30 \
    --export-markdown "$work/all-differ.md" \
    -n 'airssys-gen wit sync --check (20 differ: 5 in meaning, 15 in comments only)' "$AIRSSYS_GEN wit sync --check ."

cat "$work/in-sync.md" "$work/drift.md" "$work/all-differ.md"
