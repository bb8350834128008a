//! The crates `airssys-gen` writes lint clean: a host (`airssys-gen host`) and a guest
//! (`airssys-gen guest new-component`), generated into a temporary directory, give
//! `airssys-lint --deny-warnings` exit code 0. Mutating each one afterwards proves the linter
//! really recognised the host and the guest (it is not clean by accident).

use std::path::Path;
use std::process::Command;

fn airssys_gen(args: &[&str], dir: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_airssys-gen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "airssys-gen {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn lint(dir: &Path) -> (i32, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_airssys-lint"))
        .args([".", "--deny-warnings", "--format", "json"])
        .current_dir(dir)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), v)
}

fn rules(v: &serde_json::Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn generated_host_and_guest_lint_clean() {
    let dir = tempfile::tempdir().unwrap();
    airssys_gen(&["host", "--out", "host"], dir.path());
    airssys_gen(
        &["guest", "new-component", "echo", "--out", "echo"],
        dir.path(),
    );

    let (code, v) = lint(dir.path());
    assert_eq!(code, 0, "findings in generated scaffolds:\n{v:#}");
    assert_eq!(v["stats"]["packages"], 2);

    // Also with every allowed-by-default rule turned on.
    std::fs::write(
        dir.path().join("airssys-lint.toml"),
        "[rules]\nunversioned-wit-package = \"error\"\n",
    )
    .unwrap();
    let (code, v) = lint(dir.path());
    assert_eq!(code, 0, "{v:#}");

    // The guest is recognised: without `export!` it is reported.
    let lib = dir.path().join("echo/src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    assert!(text.contains("export!(Component);"));
    std::fs::write(&lib, text.replace("export!(Component);", "")).unwrap();
    // The host is recognised: a guest macro in it is reported.
    let main = dir.path().join("host/src/main.rs");
    let mut text = std::fs::read_to_string(&main).unwrap();
    text.push_str("\nmod oops {\n    wit_bindgen::generate!(\"runtime-host\");\n}\n");
    std::fs::write(&main, text).unwrap();
    let (code, v) = lint(dir.path());
    assert_eq!(code, 1);
    let mut found = rules(&v);
    found.sort();
    assert_eq!(
        found,
        ["guest-bindgen-in-host", "guest-missing-export"],
        "{v:#}"
    );
}
