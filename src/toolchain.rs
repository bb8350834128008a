//! Building guests for `wasm32-wasip2`: which toolchain has the target, and the cargo command
//! that uses it. The standard route is a rustup toolchain with the target installed
//! (`rustup target add wasm32-wasip2`). Where rustup cannot download targets, Debian's
//! `rustc-web` builds std itself (`-Zbuild-std`; scripts/install-wasm-toolchain.sh installs it).

use std::path::Path;
use std::process::Command;

/// The target every guest is built for: its output is already a component.
pub const TARGET: &str = "wasm32-wasip2";

/// Environment of an enclosing cargo run that must not reach a nested one (tests run cargo
/// inside `cargo test`).
pub const LEAKY_ENV: &[&str] = &[
    "RUSTFLAGS",
    "CARGO_ENCODED_RUSTFLAGS",
    "RUSTC_WRAPPER",
    "RUSTC_WORKSPACE_WRAPPER",
    "CARGO_TARGET_DIR",
    "CARGO_BUILD_TARGET",
    "CARGO_BUILD_TARGET_DIR",
    "CARGO_MAKEFLAGS",
    "CARGO_PRIMARY_PACKAGE",
    "RUSTC",
    "RUSTDOC",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WasmToolchain {
    /// The `rustc` cargo uses has the wasm32-wasip2 std.
    Rustup,
    /// Debian's rustc-web: `/usr/bin/cargo` with `-Zbuild-std`.
    Debian,
}

/// How to get a toolchain, for the error when there is none.
pub const MISSING: &str = "the wasm32-wasip2 target is not installed: run `rustup target add wasm32-wasip2` (on Debian without rustup downloads, scripts/install-wasm-toolchain.sh of airssys-gen installs rustc-web, which builds it)";

impl WasmToolchain {
    /// The standard route first; `None` when neither has the target. `AIRSSYS_WASM_TOOLCHAIN`
    /// (`rustup` or `debian`) considers only that route.
    pub fn detect() -> Option<WasmToolchain> {
        match std::env::var("AIRSSYS_WASM_TOOLCHAIN").as_deref() {
            Ok("rustup") => return rustup_has_wasip2().then_some(WasmToolchain::Rustup),
            Ok("debian") => return debian_route_complete().then_some(WasmToolchain::Debian),
            _ => {}
        }
        if rustup_has_wasip2() {
            Some(WasmToolchain::Rustup)
        } else if debian_route_complete() {
            Some(WasmToolchain::Debian)
        } else {
            None
        }
    }

    /// `cargo build --release --target wasm32-wasip2` in `dir`, by this route, in the caller's
    /// environment (but what breaks the Debian route). The caller adds `-p`, `--quiet` or a
    /// target dir as it needs.
    pub fn cargo_build(self, dir: &Path) -> Command {
        let mut cmd = match self {
            WasmToolchain::Rustup => Command::new("cargo"),
            WasmToolchain::Debian => Command::new("/usr/bin/cargo"),
        };
        cmd.current_dir(dir)
            .args(["build", "--release", "--target", TARGET]);
        if self == WasmToolchain::Debian {
            // Set, even empty, these override the target rustflags the route needs; and the
            // route's rustc is not rustup's.
            for var in [
                "RUSTFLAGS",
                "CARGO_ENCODED_RUSTFLAGS",
                "RUSTC_WRAPPER",
                "RUSTC_WORKSPACE_WRAPPER",
            ] {
                cmd.env_remove(var);
            }
            cmd.env("RUSTC", "/usr/bin/rustc")
                .env("RUSTDOC", "/usr/bin/rustdoc")
                .env("RUSTC_BOOTSTRAP", "1")
                .env_remove("RUSTUP_TOOLCHAIN")
                .env(
                    "CARGO_TARGET_WASM32_WASIP2_RUSTFLAGS",
                    "-L native=/usr/lib/wasm32-wasi",
                )
                .arg("-Zbuild-std=std,panic_abort");
        }
        cmd
    }
}

/// The sysroot of the `rustc` that `cargo` on PATH uses has the wasm32-wasip2 std. Checked
/// on disk: asking rustup may try the network (and hang where it cannot reach it).
fn rustup_has_wasip2() -> bool {
    let mut cmd = Command::new("rustc");
    for var in LEAKY_ENV {
        cmd.env_remove(var);
    }
    let Ok(out) = cmd.args(["--print", "sysroot"]).output() else {
        return false;
    };
    if !out.status.success() {
        return false;
    }
    let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_string();
    Path::new(&sysroot)
        .join("lib/rustlib/wasm32-wasip2/lib")
        .is_dir()
}

/// The same checks as scripts/install-wasm-toolchain.sh.
fn debian_route_complete() -> bool {
    let lld_ok = std::fs::canonicalize("/usr/bin/rust-lld").is_ok_and(|p| p.exists());
    Path::new("/usr/bin/rustc").is_file()
        && Path::new("/usr/bin/cargo").is_file()
        && Path::new("/usr/lib/wasm32-wasi/libc.a").is_file()
        && Path::new("/usr/lib/rustlib/x86_64-unknown-linux-gnu/bin/wasm-component-ld").is_file()
        && lld_ok
        && Path::new("/usr/lib/rustlib/src/rust/library").is_dir()
}
