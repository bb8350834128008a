#!/usr/bin/env bash
# The one test command (README.md): installs what a fresh machine lacks, then runs every test.
#
# - the wasm32-wasip2 toolchain for the end-to-end tests (rustup target, else Debian's
#   rustc-web; see scripts/install-wasm-toolchain.sh)
# - clippy and rustfmt, which the scaffold tests run on generated crates
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-wasm-toolchain.sh

if ! cargo clippy --version >/dev/null 2>&1; then
  echo "installing clippy (rustup component)..."
  timeout 300 rustup component add clippy
fi

cargo test --locked --all-targets "$@"
