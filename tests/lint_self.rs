//! Dogfood: this repository (the tool's own crate, which legitimately uses wasmtime's
//! generator, with an allow comment) lints clean under its airssys-lint.toml.

use std::process::Command;

#[test]
fn this_repository_lints_clean() {
    let out = Command::new(env!("CARGO_BIN_EXE_airssys-lint"))
        .args([".", "--deny-warnings"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "airssys-lint found problems in this repository:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
