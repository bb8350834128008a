//! The component check on components built from WIT alone (wit-component's dummy module plus
//! the component encoder; no wasm toolchain): one matching the host world, and ones built from
//! drifted WIT.

use std::path::Path;

use airssys_gen::drift::component::{self, ComponentReport};
use airssys_gen::wit::{WitPackage, WitSource};
use wit_parser::{LiftLowerAbi, ManglingAndAbi};

/// The bundled package's files, with edits applied to one of them.
fn bundled_with(edits: &[(&str, &str, &str)]) -> (tempfile::TempDir, WitPackage) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("wit/core");
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        let mut text = std::fs::read_to_string(&p).unwrap();
        for (file, from, to) in edits {
            if *file == name {
                assert!(text.contains(from), "{from:?} not in {name}");
                text = text.replacen(from, to, 1);
            }
        }
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let pkg = WitPackage::load(&WitSource::Path(dir.path().to_path_buf())).unwrap();
    (dir, pkg)
}

/// A component (as wit-bindgen guests are: legacy mangling, sync ABI) for `world` of `pkg`.
fn build_component(pkg: &WitPackage, world: &str) -> Vec<u8> {
    let world = pkg.select_world(Some(world)).unwrap();
    let mut module = wit_component::dummy_module(
        &pkg.resolve,
        world,
        ManglingAndAbi::Legacy(LiftLowerAbi::Sync),
    );
    wit_component::embed_component_metadata(
        &mut module,
        &pkg.resolve,
        world,
        wit_component::StringEncoding::UTF8,
    )
    .unwrap();
    wit_component::ComponentEncoder::default()
        .module(&module)
        .unwrap()
        .validate(true)
        .encode()
        .unwrap()
}

fn check(wasm: &[u8]) -> ComponentReport {
    let host = WitPackage::load(&WitSource::Bundled).unwrap();
    let world = host.select_world(Some("runtime-host")).unwrap();
    component::check_component(
        Path::new("guest.wasm"),
        wasm,
        &host.resolve,
        world,
        &host.origin,
        true,
    )
    .unwrap()
}

fn lines(r: &ComponentReport) -> String {
    format!(
        "{}{}",
        component::render_report(r),
        component::render_summary(r)
    )
}

#[test]
fn matching_component_is_compatible() {
    let (_d, pkg) = bundled_with(&[]);
    let r = check(&build_component(&pkg, "runtime-host"));
    assert!(r.is_compatible(), "{}", lines(&r));
    assert_eq!(r.problems().count(), 0, "{}", lines(&r));
    assert!(r.validator_error.is_none());
    assert!(
        component::render_summary(&r).starts_with(
            "ok: `guest.wasm` (world `root:component/root`) against host world `airssys:core@0.1.0/runtime-host`"
        ),
        "{}",
        lines(&r)
    );
}

#[test]
fn changed_parameter_type_is_a_problem() {
    let (_d, pkg) = bundled_with(&[(
        "host.wit",
        "random-bytes: func(len: u32)",
        "random-bytes: func(len: u64)",
    )]);
    let r = check(&build_component(&pkg, "runtime-host"));
    assert!(!r.is_compatible());
    let problems: Vec<String> = r
        .problems()
        .map(|c| format!("{}: {}", c.path, c.message))
        .collect();
    assert_eq!(
        problems,
        vec![
            "airssys:core/host-services.random-bytes.len: type of parameter `len` of function `random-bytes` changed from `u64` to `u32`"
        ],
        "{}",
        lines(&r)
    );
    // Located on the host side; the component has no source.
    let c = r.problems().next().unwrap();
    assert!(c.old.is_none());
    assert!(c.new.as_ref().unwrap().file.ends_with("host.wit"));
    assert!(r.validator_error.is_some(), "the validator should agree");
}

#[test]
fn import_the_host_lacks_and_missing_export_are_problems() {
    let (_d, pkg) = bundled_with(&[
        (
            "host.wit",
            "    self-id: func() -> component-id;",
            "    self-id: func() -> component-id;\n    peers: func() -> list<component-id>;",
        ),
        ("world.wit", "    export component-lifecycle;\n", ""),
    ]);
    let r = check(&build_component(&pkg, "runtime-host"));
    let problems: Vec<(&str, &str)> = r.problems().map(|c| (c.path.as_str(), c.label())).collect();
    assert_eq!(
        problems,
        vec![
            (
                "airssys:core/host-messaging.peers",
                "breaking for old guests"
            ),
            (
                "airssys:core/runtime-host.export.airssys:core/component-lifecycle",
                "additive, safe for old hosts"
            ),
        ],
        "{}",
        lines(&r)
    );
    let text = lines(&r);
    assert!(
        text.contains("function `peers` of interface `airssys:core/host-messaging` is in the component, not in the host world"),
        "{text}"
    );
}

#[test]
fn unused_host_imports_and_extra_exports_are_notes() {
    // A guest that imports only host-services and exports one more function.
    let (_d, pkg) = bundled_with(&[(
        "world.wit",
        "}\n",
        "}\n\nworld small {\n    import host-services;\n    export component-lifecycle;\n    export version: func() -> string;\n}\n",
    )]);
    let r = check(&build_component(&pkg, "small"));
    assert!(r.is_compatible(), "{}", lines(&r));
    let notes: Vec<&str> = r.notes().map(|c| c.path.as_str()).collect();
    assert!(
        notes.contains(&"airssys:core/runtime-host.import.airssys:core/storage"),
        "{notes:?}"
    );
    assert!(
        notes.contains(&"airssys:core/runtime-host.export.version"),
        "{notes:?}"
    );
}

#[test]
fn not_a_component() {
    let host = WitPackage::load(&WitSource::Bundled).unwrap();
    let world = host.select_world(Some("runtime-host")).unwrap();
    let err = component::check_component(
        Path::new("x.wasm"),
        b"\0asm\x01\0\0\0",
        &host.resolve,
        world,
        "bundled",
        true,
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("`x.wasm` is not a component"),
        "{err}"
    );
}

#[test]
fn check_file_defaults_to_the_bundled_runtime_host_world() {
    let (dir, pkg) = bundled_with(&[]);
    let path = dir.path().join("guest.wasm");
    std::fs::write(&path, build_component(&pkg, "runtime-host")).unwrap();
    let r = component::check_file(&path, &WitSource::Bundled, None, true).unwrap();
    assert!(r.is_compatible(), "{}", lines(&r));
    let r = component::check_file(
        &path,
        &WitSource::Path(dir.path().to_path_buf()),
        Some("runtime-host"),
        false,
    )
    .unwrap();
    assert!(r.is_compatible(), "{}", lines(&r));
    let err = component::check_file(
        &dir.path().join("nope.wasm"),
        &WitSource::Bundled,
        None,
        true,
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("cannot read"), "{err}");
}

fn lint(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_airssys-lint"))
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
fn cli_exit_codes_and_output() {
    let (dir, pkg) = bundled_with(&[]);
    let good = dir.path().join("good.wasm");
    std::fs::write(&good, build_component(&pkg, "runtime-host")).unwrap();
    let (_d2, drifted) = bundled_with(&[(
        "host.wit",
        "random-bytes: func(len: u32)",
        "random-bytes: func(len: u64)",
    )]);
    let bad = dir.path().join("bad.wasm");
    std::fs::write(&bad, build_component(&drifted, "runtime-host")).unwrap();
    let wit = dir.path().to_str().unwrap();

    let (code, out, err) = lint(&["component", good.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("ok: `"), "{out}");

    let (code, out, err) = lint(&[
        "component",
        bad.to_str().unwrap(),
        "--wit",
        wit,
        "--world",
        "runtime-host",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.starts_with("error: airssys:core/host-services.random-bytes.len: type of parameter `len` of function `random-bytes` changed from `u64` to `u32` (breaking)\n  --> "), "{out}");
    assert!(
        err.contains("1 problem") || err.contains("2 problems"),
        "{err}"
    );

    let (code, out, _) = lint(&["component", bad.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["host_world"], "airssys:core@0.1.0/runtime-host");
    assert_eq!(json["changes"][0]["class"], "breaking");

    let (code, _, err) = lint(&["component", "nope.wasm"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: cannot read `nope.wasm`"), "{err}");
    let (code, _, _) = lint(&["component", good.to_str().unwrap(), "--world", "nope"]);
    assert_eq!(code, 2);
    let (code, _, _) = lint(&["component"]);
    assert_eq!(code, 2);
    let (code, out, _) = lint(&["component", "--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Exit codes: 0 compatible, 1 incompatible"),
        "{out}"
    );
}
