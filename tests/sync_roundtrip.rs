//! `wit sync`: discovery, `--check` exit codes and output, sync round trips, and the canonical
//! choice, on small generated workspaces. The library is called directly where the report's
//! data matters and the built binary where exit codes and text matter.

use std::path::{Path, PathBuf};
use std::process::Command;

use airssys_gen::sync::{self, CopyStatus, FileAction, SyncError, SyncOptions};

const BIN: &str = env!("CARGO_BIN_EXE_airssys-gen");

const TYPES: &str = "package demo:app@0.1.0;\n\ninterface types {\n    record item {\n        id: u32,\n        name: string,\n    }\n}\n";
const API: &str = "package demo:app@0.1.0;\n\ninterface api {\n    use types.{item};\n    get: func(id: u32) -> option<item>;\n}\n\ninterface guest {\n    run: func();\n}\n\nworld plugin {\n    import api;\n    export guest;\n}\n";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

fn host_crate(root: &Path, dir: &str, name: &str, macro_call: &str) {
    write(
        root,
        &format!("{dir}/Cargo.toml"),
        &format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\nwasmtime = \"48\"\n"
        ),
    );
    write(
        root,
        &format!("{dir}/src/main.rs"),
        &format!("{macro_call}\n\nfn main() {{}}\n"),
    );
}

fn guest_crate(root: &Path, dir: &str, name: &str, macro_call: &str) {
    write(
        root,
        &format!("{dir}/Cargo.toml"),
        &format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[lib]\ncrate-type = [\"cdylib\"]\n\n[dependencies]\nwit-bindgen = \"0.63\"\n"
        ),
    );
    write(
        root,
        &format!("{dir}/src/lib.rs"),
        &format!("{macro_call}\n"),
    );
}

fn wit(root: &Path, dir: &str) {
    write(root, &format!("{dir}/types.wit"), TYPES);
    write(root, &format!("{dir}/api.wit"), API);
}

/// A host and two guests, all with identical copies.
fn workspace() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    host_crate(
        root,
        "host",
        "demo-host",
        "wasmtime::component::bindgen!({ world: \"plugin\", path: \"wit\" });",
    );
    wit(root, "host/wit");
    guest_crate(
        root,
        "guests/a",
        "guest-a",
        "wit_bindgen::generate!({ world: \"plugin\" });",
    );
    wit(root, "guests/a/wit");
    guest_crate(
        root,
        "guests/b",
        "guest-b",
        "wit_bindgen::generate!(\"plugin\" in \"../../shared/wit\");",
    );
    wit(root, "shared/wit");
    tmp
}

fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(root)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn opts(root: &Path, check: bool) -> SyncOptions {
    SyncOptions {
        root: root.to_path_buf(),
        canonical: None,
        check,
    }
}

/// Every file under `root`, with its bytes, for "nothing was written" assertions.
fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn discovery_finds_every_macro_path() {
    let tmp = workspace();
    let (copies, skipped) = sync::discover(tmp.path()).unwrap();
    let found: Vec<(String, Vec<(&str, bool)>)> = copies
        .iter()
        .map(|c| {
            (
                c.path
                    .strip_prefix(tmp.path())
                    .unwrap()
                    .display()
                    .to_string(),
                c.users
                    .iter()
                    .map(|u| (u.crate_name.as_str(), u.host))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("guests/a/wit".to_string(), vec![("guest-a", false)]),
            ("host/wit".to_string(), vec![("demo-host", true)]),
            ("shared/wit".to_string(), vec![("guest-b", false)]),
        ]
    );
    assert!(skipped.is_empty(), "{skipped:?}");
}

#[test]
fn discovery_handles_renames_aliases_inline_and_ignores() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    // Renamed dependency, `use` alias, array of paths, a macro inside a module.
    write(
        root,
        "h/Cargo.toml",
        "[package]\nname = \"h\"\nversion = \"0.1.0\"\n\n[dependencies]\nwt = { package = \"wasmtime\", version = \"48\" }\n",
    );
    write(
        root,
        "h/src/main.rs",
        "use wt::component::bindgen as host_bindgen;\nmod b {\n    super::host_bindgen!({ world: \"plugin\", path: [\"spec\"], trappable_imports: true });\n}\n// wit_bindgen::generate!({ path: \"nope\" });\nconst S: &str = \"bindgen!({ path: \\\"nope2\\\" })\";\nfn main() {}\n",
    );
    wit(root, "h/spec");
    // Inline WIT: not a copy; reported as skipped.
    guest_crate(
        root,
        "g",
        "g",
        "wit_bindgen::generate!({ inline: \"package a:b; world w {}\" });",
    );
    // A missing path: skipped with a note (the lint reports it as an error).
    guest_crate(
        root,
        "m",
        "m",
        "wit_bindgen::generate!({ path: \"missing\" });",
    );
    // An unrelated `generate!` in a crate without wit-bindgen.
    write(
        root,
        "u/Cargo.toml",
        "[package]\nname = \"u\"\nversion = \"0.1.0\"\n",
    );
    write(
        root,
        "u/src/lib.rs",
        "macro_rules! generate { () => {} }\ngenerate!();\n",
    );
    // Ignored by .gitignore, and target/: never looked at.
    write(root, ".gitignore", "ignored/\n");
    guest_crate(root, "ignored/g", "ig", "wit_bindgen::generate!();");
    wit(root, "ignored/g/wit");
    guest_crate(root, "target/g", "tg", "wit_bindgen::generate!();");
    wit(root, "target/g/wit");

    let (copies, skipped) = sync::discover(root).unwrap();
    let paths: Vec<String> = copies
        .iter()
        .map(|c| c.path.strip_prefix(root).unwrap().display().to_string())
        .collect();
    assert_eq!(paths, vec!["h/spec"]);
    assert!(copies[0].has_host());
    let reasons: Vec<&str> = skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("inline")), "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.contains("does not exist")),
        "{reasons:?}"
    );
}

#[test]
fn check_in_sync_exits_0() {
    let tmp = workspace();
    let (code, out, err) = run(tmp.path(), &["wit", "sync", "--check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("package `demo:app@0.1.0`: canonical copy `host/wit`"),
        "{out}"
    );
    assert!(
        out.contains("`guests/a/wit` (used by `guest-a` (guest, guests/a/src/lib.rs)): in sync"),
        "{out}"
    );
    assert!(out.ends_with("2 copies in sync\n"), "{out}");
}

#[test]
fn check_on_drift_exits_1_prints_the_diff_and_writes_nothing() {
    let tmp = workspace();
    let root = tmp.path();
    write(
        root,
        "guests/a/wit/api.wit",
        &API.replace("get: func(id: u32)", "get: func(id: u64)"),
    );
    let before = snapshot(root);
    let (code, out, err) = run(root, &["wit", "sync", "--check"]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(snapshot(root), before, "--check wrote something");
    assert!(
        out.contains("breaking: demo:app/api.get.id: type of parameter `id` of function `get` changed from `u64` to `u32`"),
        "{out}"
    );
    assert!(
        out.contains("this copy: guests/a/wit/api.wit:5:15"),
        "{out}"
    );
    assert!(out.contains("canonical: host/wit/api.wit:5:15"), "{out}");
    assert!(
        out.contains(
            "guests built from it do not link against hosts built from the canonical copy"
        ),
        "{out}"
    );
    assert_eq!(
        err,
        "error: 1 of 2 copies drifted from the canonical copy; run `airssys-gen wit sync` to update it\n"
    );
}

#[test]
fn additive_drift_still_fails_the_check_but_says_guests_link() {
    let tmp = workspace();
    let root = tmp.path();
    // The guest's copy lacks a host function: old guest, new host.
    write(
        root,
        "host/wit/api.wit",
        &API.replace("    get: func", "    put: func(i: item);\n    get: func"),
    );
    let report = sync::run_sync(&opts(root, true)).unwrap();
    let drifted: Vec<_> = report.drifted().collect();
    assert_eq!(drifted.len(), 2);
    for c in drifted {
        assert!(c.guests_still_link());
        assert_eq!(c.changes.len(), 1);
        assert_eq!(c.changes[0].label(), "additive, safe for old guests");
    }
    let (code, ..) = run(root, &["wit", "sync", "--check"]);
    assert_eq!(code, 1);
}

#[test]
fn sync_round_trip() {
    let tmp = workspace();
    let root = tmp.path();
    let drifted = API.replace("    run: func();", "    run: func();\n    stop: func();");
    write(root, "guests/a/wit/api.wit", &drifted);
    write(
        root,
        "guests/a/wit/old.wit",
        "package demo:app@0.1.0;\n\ninterface old {}\n",
    );
    write(root, "guests/a/wit/README.md", "not part of the package\n");
    write(
        root,
        "guests/a/wit/notes/x.wit",
        "not read by wit-parser: only deps/ subdirectories are\n",
    );
    write(root, "guests/a/other.txt", "outside\n");

    let (code, out, err) = run(root, &["wit", "sync"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("    overwrite guests/a/wit/api.wit\n"),
        "{out}"
    );
    assert!(
        out.contains("    remove guests/a/wit/old.wit (not in the canonical copy)\n"),
        "{out}"
    );
    assert!(out.ends_with("synced: 1 of 2 copies updated\n"), "{out}");

    assert_eq!(read(root, "guests/a/wit/api.wit"), API);
    assert!(!root.join("guests/a/wit/old.wit").exists());
    assert_eq!(
        read(root, "guests/a/wit/README.md"),
        "not part of the package\n"
    );
    assert!(root.join("guests/a/wit/notes/x.wit").exists());
    assert_eq!(read(root, "guests/a/other.txt"), "outside\n");

    let (code, out, _) = run(root, &["wit", "sync", "--check"]);
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = run(root, &["wit", "sync"]);
    assert_eq!(code, 0);
    assert!(out.ends_with("2 copies already in sync\n"), "{out}");
}

#[test]
fn sync_writes_deps_and_removes_stale_dependency_packages() {
    let tmp = workspace();
    let root = tmp.path();
    let dep = "package dep:log;\n\ninterface log {\n    log: func(msg: string);\n}\n";
    let api = API.replace(
        "    import api;",
        "    import api;\n    import dep:log/log;",
    );
    write(root, "host/wit/api.wit", &api);
    write(root, "host/wit/deps/log/log.wit", dep);
    let stale = "package dep:old;\n\ninterface x {}\n";
    write(root, "guests/a/wit/deps/old/x.wit", stale);

    let report = sync::run_sync(&opts(root, true)).unwrap();
    let a = report.groups[0]
        .copies
        .iter()
        .find(|c| c.copy.path.ends_with("guests/a/wit"))
        .unwrap();
    let files: Vec<(String, FileAction)> = a
        .files
        .iter()
        .map(|f| (f.path.display().to_string(), f.action))
        .collect();
    assert_eq!(
        files,
        vec![
            ("api.wit".to_string(), FileAction::Overwrite),
            ("deps/log/log.wit".to_string(), FileAction::Create),
            ("deps/old/x.wit".to_string(), FileAction::Remove),
        ]
    );
    let paths: Vec<&str> = a.changes.iter().map(|c| c.path.as_str()).collect();
    assert!(paths.contains(&"dep:log"), "{paths:?}");
    assert!(paths.contains(&"dep:old"), "{paths:?}");
    assert!(
        paths.contains(&"demo:app/plugin.import.dep:log/log"),
        "{paths:?}"
    );

    sync::run_sync(&opts(root, false)).unwrap();
    assert_eq!(read(root, "guests/a/wit/deps/log/log.wit"), dep);
    assert!(
        !root.join("guests/a/wit/deps/old").exists(),
        "emptied dep dir left behind"
    );
    let report = sync::run_sync(&opts(root, true)).unwrap();
    assert!(
        report.groups[0]
            .copies
            .iter()
            .all(|c| c.status() == CopyStatus::InSync)
    );
}

#[test]
fn cosmetic_differences_are_not_drift_but_sync_rewrites_them() {
    let tmp = workspace();
    let root = tmp.path();
    let pretty = format!(
        "// A comment.\n{}",
        API.replace("    run: func();", "    /// Runs.\n    run:   func( );")
    );
    write(root, "guests/a/wit/api.wit", &pretty);
    let (code, out, _) = run(root, &["wit", "sync", "--check"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("cosmetic differences only (not drift"),
        "{out}"
    );
    let (code, out, _) = run(root, &["wit", "sync"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(read(root, "guests/a/wit/api.wit"), API);
}

#[test]
fn canonical_choice() {
    // No host: identical copies are fine, differing ones need --canonical.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    guest_crate(root, "a", "a", "wit_bindgen::generate!();");
    guest_crate(root, "b", "b", "wit_bindgen::generate!();");
    wit(root, "a/wit");
    wit(root, "b/wit");
    wit(root, "spec");
    let (code, out, err) = run(root, &["wit", "sync", "--check"]);
    assert_eq!(code, 0, "{out}{err}");

    write(
        root,
        "b/wit/types.wit",
        &TYPES.replace("name: string", "title: string"),
    );
    let (code, _, err) = run(root, &["wit", "sync", "--check"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no canonical copy of package `demo:app`"),
        "{err}"
    );
    assert!(err.contains("pass `--canonical DIR`"), "{err}");

    // An explicit canonical copy that no crate uses.
    let (code, out, err) = run(root, &["wit", "sync", "--check", "--canonical", "spec"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("canonical copy `spec` (given with --canonical)"),
        "{out}"
    );
    assert!(
        out.contains("`a/wit` (used by `a` (guest, a/src/lib.rs)): in sync"),
        "{out}"
    );
    assert!(
        out.contains("field `name` of record `item` renamed to `title`")
            || out.contains("field `title` of record `item` renamed to `name`"),
        "{out}"
    );
    let (code, ..) = run(root, &["wit", "sync", "--canonical", "spec"]);
    assert_eq!(code, 0);
    assert_eq!(read(root, "b/wit/types.wit"), TYPES);

    // Two hosts with different copies: ambiguous.
    host_crate(root, "h1", "h1", "wasmtime::component::bindgen!();");
    host_crate(root, "h2", "h2", "wasmtime::component::bindgen!();");
    wit(root, "h1/wit");
    wit(root, "h2/wit");
    write(
        root,
        "h2/wit/types.wit",
        &TYPES.replace("id: u32", "id: u64"),
    );
    match sync::run_sync(&opts(root, true)) {
        Err(e @ SyncError::AmbiguousCanonical { .. }) => {
            assert!(
                e.to_string().contains("h1/wit") && e.to_string().contains("h2/wit"),
                "{e}"
            )
        }
        other => panic!("expected AmbiguousCanonical, got {other:?}"),
    }
    let (code, out, err) = run(root, &["wit", "sync", "--check", "--canonical", "h2/wit"]);
    assert_eq!(code, 1, "{out}{err}");
}

#[test]
fn errors_exit_2() {
    let tmp = workspace();
    let root = tmp.path();
    write(
        root,
        "guests/a/wit/api.wit",
        "package demo:app@0.1.0;\n\ninterface api {\n    get: func(id: nope);\n}\n",
    );
    let (code, out, err) = run(root, &["wit", "sync", "--check"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("invalid WIT in"), "{err}");
    assert!(err.contains("api.wit:4:19"), "{err}");

    // A comment inside a token splits it: never mistaken for a cosmetic difference.
    write(
        root,
        "guests/a/wit/api.wit",
        &API.replace("id: u32", "id: u3/**/2"),
    );
    let (code, out, err) = run(root, &["wit", "sync", "--check"]);
    assert_eq!(code, 2, "{out}{err}");

    let (code, _, err) = run(root, &["wit", "sync", "--check", "no/such/dir"]);
    assert_eq!(code, 2);
    assert!(err.contains("`no/such/dir` does not exist"), "{err}");
    let (code, ..) = run(root, &["wit", "sync", "--bogus"]);
    assert_eq!(code, 2);
}

#[test]
fn no_copies_is_fine() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, _) = run(tmp.path(), &["wit", "sync", "--check"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "no WIT copies found (no bindgen macro reads a WIT directory)\n"
    );
}

/// Shapes from real repositories (reproduced, not copied): a crate that reads two variants
/// of one package (wasmtime-wasi's WASI 0.2 and 0.3 WIT) is left alone with a note, a copy
/// whose worlds are `@unstable`-gated resolves (every feature on, as `bindgen!` parses), and a
/// crate pinned to wit-bindgen 0.8 with pre-semicolon WIT is skipped with the reason.
#[test]
fn variants_gated_worlds_and_old_dialects_do_not_fail_the_check() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(
        root,
        "Cargo.toml",
        "[workspace]\nmembers = [\"h\", \"g\", \"old\"]\nresolver = \"2\"\n",
    );
    host_crate(
        root,
        "h",
        "h",
        "mod p2 { wasmtime::component::bindgen!({ path: \"p2\", world: \"w\" }); }\nmod p3 { wasmtime::component::bindgen!({ path: \"p3\", world: \"w\" }); }",
    );
    write(
        root,
        "h/p2/w.wit",
        "package demo:api;\n\nworld w {\n    export run: func();\n}\n",
    );
    write(
        root,
        "h/p3/w.wit",
        "package demo:api;\n\nworld w {\n    export run: func() -> u32;\n}\n",
    );
    let gated =
        "package demo:gated;\n\n@unstable(feature = beta)\nworld w {\n    export run: func();\n}\n";
    guest_crate(
        root,
        "g",
        "g",
        "wit_bindgen::generate!({ world: \"w\", features: [\"beta\"] });",
    );
    write(root, "g/wit/w.wit", gated);
    write(
        root,
        "old/Cargo.toml",
        "[package]\nname = \"old\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[lib]\ncrate-type = [\"cdylib\"]\n\n[dependencies]\nwit-bindgen = \"0.8\"\n",
    );
    write(
        root,
        "old/src/lib.rs",
        "wit_bindgen::generate!({ world: \"w\", path: \"wit\" });\n",
    );
    write(
        root,
        "old/wit/w.wit",
        "package demo:old\n\nworld w {\n  export run: func()\n}\n",
    );

    let (code, stdout, stderr) = run(root, &["wit", "sync", "--check"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let all = format!("{stdout}{stderr}");
    assert!(
        all.contains("crate `h` reads 2 copies of package `demo:api` (variants, not drift)"),
        "{all}"
    );
    assert!(
        all.contains("requires `wit-bindgen` `0.8`, older than 0.14"),
        "{all}"
    );
    assert!(all.contains("demo:gated"), "{all}");
}

/// Run from the workspace root (`.`, as a user runs it), the macro in a module of the crate
/// (the generated host keeps `bindgen!` in `src/bindings.rs`): the walk yields `./..` paths,
/// and the module tree must match them, or the copy is missed.
#[test]
fn a_macro_in_a_child_module_is_found_from_a_relative_root() {
    let tmp = workspace();
    let root = tmp.path();
    host_crate(root, "h2", "h2", "mod bindings;");
    write(
        root,
        "h2/src/bindings.rs",
        "wasmtime::component::bindgen!({ path: \"wit\", world: \"plugin\" });\n",
    );
    wit(root, "h2/wit");
    let (code, stdout, stderr) = run(root, &["wit", "sync", "--check"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("h2/src/bindings.rs"), "{stdout}");
}

/// Shapes from golem and wrpc (reproduced in `tests/ui/wit-drift/`): with no host reading
/// them, guests' packages that share only a name (no world in common), or the same files
/// with different dependencies declared in `deps.toml`, are namesakes: skipped with a note,
/// not a missing canonical copy. Copies of one package (a world in common; one declaration,
/// two fetches) still need `--canonical`.
#[test]
fn namesakes_are_skipped_but_copies_still_need_a_canonical() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let ui = ui_case("wit-drift");
    let copy_case = |case: &str, members: &[&str]| {
        for m in members {
            copy_tree(&ui.join(case).join(m), root, &format!("{case}/{m}"));
        }
    };
    copy_case("no-host-distinct-packages", &["delivery", "events"]);
    copy_case("no-host-deps-declared", &["rpc", "plain"]);
    let before = snapshot(root);
    let report = sync::run_sync(&opts(root, false)).unwrap();
    assert_eq!(snapshot(root), before, "namesakes are never rewritten");
    let reasons: Vec<&str> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("package `demo:fixture` share no world")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r
            .contains("package `demo:server` have the same files and differ in the dependencies")),
        "{reasons:?}"
    );
    let (code, out, err) = run(root, &["wit", "sync", "--check"]);
    assert_eq!(code, 0, "{out}{err}");

    copy_case("no-host-deps-declared", &["stale-a", "stale-b"]);
    let (code, _, err) = run(root, &["wit", "sync", "--check"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("no canonical copy of package `demo:stale-server`"),
        "{err}"
    );
}

/// A case of the lint's UI tests (`tests/ui/<rel>`): real shapes, reused here.
fn ui_case(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/ui")
        .join(rel)
}

/// The reasons of a check's skip notes, sorted.
fn skip_reasons(root: &Path) -> Vec<String> {
    let report = sync::run_sync(&opts(root, true)).unwrap();
    let mut reasons: Vec<String> = report.skipped.into_iter().map(|s| s.reason).collect();
    reasons.sort();
    reasons
}

/// Copies every file under `from` to `root/to`, keeping the layout.
fn copy_tree(from: &Path, root: &Path, to: &str) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let to = format!("{to}/{}", name.to_string_lossy());
        if path.is_dir() {
            copy_tree(&path, root, &to);
        } else {
            write(root, &to, &std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// wasm-pkg-tools' shape (reproduced in `tests/ui/wit-deps-not-fetched/test-fixture`): a
/// guest in another package's `tests/` whose WIT lacks packages its tests fetch is skipped
/// with a note naming that package; the same crate outside any `tests/` is invalid WIT.
#[test]
fn fixtures_in_a_packages_tests_are_skipped_until_their_deps_are_there() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let case = ui_case("wit-deps-not-fetched/test-fixture");
    copy_tree(&case.join("outer"), root, "outer");
    let reasons = skip_reasons(root);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0]
            .contains("lacks `wasi:http@0.2.0`: the crate is a fixture in the tests of `outer`"),
        "{reasons:?}"
    );

    copy_tree(&case.join("standalone"), root, "standalone");
    let (code, _, err) = run(root, &["wit", "sync", "--check"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("invalid WIT in") && err.contains("standalone/wit"),
        "{err}"
    );
}

/// kinode's shape (reproduced in `tests/ui/wit-not-checked-out/gitignored`): a macro reading WIT
/// from a gitignored `target/wit` that a build tool writes; the note names the ignore line.
#[test]
fn gitignored_wit_paths_are_skipped_with_the_line_that_ignores_them() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    copy_tree(&ui_case("wit-not-checked-out/gitignored"), root, ".");
    let reasons = skip_reasons(root);
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(
        reasons[0].contains("built/target/wit` does not exist: `")
            && reasons[0].ends_with("ignores it (`**/target/`), the build creates it"),
        "{reasons:?}"
    );
    // `gen/wit` is ignored by nothing: skipped without a reason to expect it missing.
    assert!(
        reasons[1].ends_with("typo/gen/wit` does not exist"),
        "{reasons:?}"
    );
}

/// Pumpkin's shape (reproduced in `tests/ui/wit-not-checked-out/submodule`): WIT in a git
/// submodule a clone without `--recursive` lacks; the note says so and how to get it.
#[test]
fn wit_in_a_submodule_not_checked_out_is_skipped_with_the_command() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    copy_tree(&ui_case("wit-not-checked-out/submodule"), root, ".");
    let reasons = skip_reasons(root);
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(
        reasons[0].ends_with("plugin-wit-v0.1` does not exist"),
        "{reasons:?}"
    );
    assert!(
        reasons[1].contains("plugin-wit/v0.1` does not exist: it is in git submodule `")
            && reasons[1]
                .ends_with("plugin-wit`, which is not checked out (`git submodule update --init`)"),
        "{reasons:?}"
    );
}

/// preview2-prototyping's shape (reproduced in `tests/ui/old-wit-dialect/wasmtime-from-git`):
/// a host on a git `wasmtime` with no version requirement is judged by its `Cargo.lock`:
/// locked at 9, its pre-semicolon WIT is skipped with the lock named; locked at 48, the
/// same WIT is invalid and the check fails.
#[test]
fn a_git_dependency_is_judged_by_its_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let case = ui_case("old-wit-dialect/wasmtime-from-git");
    copy_tree(&case.join("locked-old"), root, "old");
    let (code, stdout, stderr) = run(&root.join("old"), &["wit", "sync", "--check"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let all = format!("{stdout}{stderr}");
    assert!(
        all.contains("its crate locks `wasmtime` at `9.0.0` (`")
            && all.contains("Cargo.lock`), older than 15"),
        "{all}"
    );

    copy_tree(&case.join("locked-current"), root, "current");
    let (code, _, stderr) = run(&root.join("current"), &["wit", "sync", "--check"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("invalid WIT in"), "{stderr}");
}

/// slanden/wasm-playground's shapes: a `path: [..]` entry that uses packages of the entries
/// before it is parsed after them, as the macros do (it stopped `wit sync` with exit 2,
/// "invalid WIT"), and a guest's copy in a workspace with a host of its own is another
/// system, not a copy to rewrite from another workspace's host (as in `wit-drift`).
#[test]
fn path_lists_and_separate_workspaces() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    copy_tree(
        &ui_case("bindgen-wit-missing/path-list-order"),
        root,
        "list",
    );
    let (code, stdout, stderr) = run(&root.join("list"), &["wit", "sync", "--check"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");

    copy_tree(&ui_case("wit-drift/separate-workspaces"), root, "ws");
    let report = sync::run_sync(&opts(&root.join("ws"), true)).unwrap();
    let reasons: Vec<&str> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0].contains("two/guest/wit` of package `example:plugin` is read only in cargo workspaces with a host of their own"),
        "{reasons:?}"
    );
    // The lone guest (no host in its workspace) is still held to the host's copy.
    let drifted: Vec<String> = report
        .drifted()
        .map(|c| c.copy.path.display().to_string())
        .collect();
    assert_eq!(drifted.len(), 1, "{drifted:?}");
    assert!(drifted[0].ends_with("lone/wit"), "{drifted:?}");
}
