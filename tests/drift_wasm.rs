//! `airssys-lint component` on real wasm32-wasip2 guests, built like the end-to-end tests build
//! them (scaffolded with `airssys-gen guest new-component`, compiled with cargo): one from the
//! bundled package, one from a drifted copy of it. Needs a wasm toolchain (see tests/support):
//! fails, never skips, without one.

mod support;

use std::path::Path;
use std::process::Command;

use airssys_gen::wit::{WitPackage, WitSource};

fn lint(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_airssys-lint"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn built_guests_against_the_bundled_host_world() {
    let ws = support::work_dir("drift-wasm");
    // The drifted copy: `shutdown` takes a reason, `health` is gone (both are exports, which
    // every guest has; imports the stubs never call are not in the component at all).
    let drifted_dir = ws.join("drifted-wit");
    std::fs::create_dir_all(&drifted_dir).unwrap();
    for entry in std::fs::read_dir(support::repo().join("wit/core")).unwrap() {
        let p = entry.unwrap().path();
        let text = std::fs::read_to_string(&p)
            .unwrap()
            .replace("shutdown: func();", "shutdown: func(reason: string);")
            .replace("    health: func() -> health-status;\n", "");
        std::fs::write(drifted_dir.join(p.file_name().unwrap()), text).unwrap();
    }
    let sources = [
        ("drift-wasm-match", WitSource::Bundled),
        ("drift-wasm-drifted", WitSource::Path(drifted_dir.clone())),
    ];
    let mut members = Vec::new();
    for (member, source) in &sources {
        let package = WitPackage::load(source).unwrap();
        let world = package.select_world(Some("runtime-host")).unwrap();
        let files = airssys_gen::scaffold::guest::generate(&package, world, member).unwrap();
        support::write_files(&files, &ws.join(member));
        members.push(member.to_string());
    }
    support::write_workspace(&ws, &members, support::GUEST_RELEASE_PROFILE);
    let wasms = support::build_components(&ws, &members);

    let (code, out, err) = lint(&["component", wasms[0].to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("note: provided by wasmtime-wasi"), "{out}");
    assert!(out.contains("\nok: `"), "{out}");

    let (code, out, err) = lint(&["component", wasms[1].to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    for needle in [
        "error: airssys:core/component-lifecycle.health: function `health` of interface `airssys:core/component-lifecycle` is in the host world, not in the component (additive, safe for old hosts)",
        "error: airssys:core/component-lifecycle.shutdown.reason: parameter `reason` of function `shutdown` is in the component, not in the host world (breaking)",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
    assert!(
        err.contains("2 problems: the component does not run on this host"),
        "{err}"
    );

    // Checked against the drifted WIT itself, the drifted guest fits.
    let (code, out, err) = lint(&[
        "component",
        wasms[1].to_str().unwrap(),
        "--wit",
        drifted_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(Path::new(&wasms[1]).exists());
}
