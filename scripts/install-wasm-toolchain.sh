#!/usr/bin/env bash
# Makes a wasm32-wasip2 toolchain available for the end-to-end tests.
#
# Route 1 (what a user with internet has): a rustup toolchain with the wasm32-wasip2 target.
# Route 2 (machines where rustup cannot download targets): Debian's rustc-web toolchain, which
# builds std for wasm with -Zbuild-std. Installed with apt as root.
# Prints which route is in use; exits non-zero with a clear message if neither can be had.
set -euo pipefail

# Read the list first: `grep -q` closing the pipe early would make `pipefail` report failure.
installed_targets=$(rustup target list --installed 2>/dev/null || true)
if printf '%s\n' "$installed_targets" | grep -qx wasm32-wasip2; then
  echo "wasm toolchain: rustup target wasm32-wasip2"
  exit 0
fi

have_debian_route() {
  [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] &&
    [ -f /usr/lib/wasm32-wasi/libc.a ] &&
    [ -x /usr/lib/rustlib/x86_64-unknown-linux-gnu/bin/wasm-component-ld ] &&
    [ -e "$(readlink -f /usr/bin/rust-lld)" ] &&
    [ -d /usr/lib/rustlib/src/rust/library ]
}

if have_debian_route; then
  echo "wasm toolchain: Debian rustc-web + -Zbuild-std"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: no wasm32-wasip2 toolchain. Run \`rustup target add wasm32-wasip2\`." >&2
  exit 1
fi
SUDO=
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=sudo
  else
    echo "error: no wasm32-wasip2 toolchain; installing Debian's rustc-web needs root." >&2
    echo "       Run as root, or \`rustup target add wasm32-wasip2\`." >&2
    exit 1
  fi
fi

echo "wasm toolchain: installing Debian rustc-web (apt)..."
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  rustc-web cargo-web rust-web-src rust-web-llvm libstd-rust-web-dev wasi-libc >/dev/null
# rust-lld is a symlink to lld-<N>; rust-web-llvm does not pull that package in.
lld_target=$(readlink /usr/bin/rust-lld || true)
if [ -n "$lld_target" ] && [ ! -e "$(readlink -f /usr/bin/rust-lld)" ]; then
  pkg=$(basename "$lld_target" | grep -oE 'lld-[0-9]+' || true)
  [ -n "$pkg" ] && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
fi
if have_debian_route; then
  echo "wasm toolchain: Debian rustc-web + -Zbuild-std (installed)"
else
  echo "error: installed Debian rustc-web but the wasm toolchain is still incomplete" >&2
  exit 1
fi
