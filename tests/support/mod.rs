//! Shared helpers for tests that compile generated crates: target dirs, cargo invocations,
//! a generated workspace of many crates, and the wasm32-wasip2 toolchain.
//!
//! Use from a test file with `mod support;`. Not every test uses every helper.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The repository root.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One target dir for every generated host and native guest check, so wasmtime and
/// wit-bindgen are compiled once across tests and runs.
pub fn scaffold_target_dir() -> PathBuf {
    repo().join("target/scaffold-target")
}

/// One target dir for every wasm32-wasip2 build, so std (built with -Zbuild-std on the
/// Debian route) is compiled once.
pub fn wasm_target_dir() -> PathBuf {
    repo().join("target/wasm-target")
}

/// The RUSTFLAGS every native build of generated code uses. Keep them identical everywhere:
/// a change invalidates the shared target dir's cache of wasmtime.
pub const NATIVE_RUSTFLAGS: &str = "-D warnings";

/// Environment that must not leak from the outer `cargo test` into nested cargo runs.
use airssys_gen::toolchain::LEAKY_ENV;

/// Sets `cmd` up to build generated crates natively in the shared scaffold target dir: no
/// environment leaked from the outer `cargo test`, no incremental caches and line tables
/// only. Each generated crate is compiled once, so incremental state is never reused, and
/// with full debug info the scaffold target dir grew to 13 GB (7.4 GB of it incremental
/// state) and a CI machine ran out of disk. Keep these identical everywhere: a change
/// invalidates the cached wasmtime builds.
pub fn native_build_env(cmd: &mut Command) -> &mut Command {
    for var in LEAKY_ENV {
        cmd.env_remove(var);
    }
    cmd.env("CARGO_TARGET_DIR", scaffold_target_dir())
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "line-tables-only")
}

/// A `cargo` command for native builds of generated crates in `dir` (see
/// [`native_build_env`]), with [`NATIVE_RUSTFLAGS`] when `deny_warnings`.
pub fn native_cargo(dir: &Path, deny_warnings: bool) -> Command {
    let mut cmd = Command::new("cargo");
    native_build_env(&mut cmd).current_dir(dir);
    if deny_warnings {
        cmd.env("RUSTFLAGS", NATIVE_RUSTFLAGS);
    }
    cmd
}

/// Runs a command and panics with its output unless it succeeds.
pub fn run_ok(mut cmd: Command, what: &str) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `cargo check --workspace --all-targets` in `dir` (a crate or a workspace).
pub fn cargo_check(dir: &Path, deny_warnings: bool) {
    let mut cmd = native_cargo(dir, deny_warnings);
    cmd.args(["check", "--workspace", "--all-targets", "--quiet"]);
    run_ok(cmd, &format!("cargo check in {}", dir.display()));
}

/// `cargo clippy --workspace --all-targets [-- -D warnings]` in `dir`.
pub fn cargo_clippy(dir: &Path, deny_warnings: bool) {
    let mut cmd = native_cargo(dir, deny_warnings);
    cmd.args(["clippy", "--workspace", "--all-targets", "--quiet"]);
    if deny_warnings {
        cmd.args(["--", "-D", "warnings"]);
    }
    run_ok(cmd, &format!("cargo clippy in {}", dir.display()));
}

/// `cargo build` of a generated host crate in `dir` (debug: wasmtime in release takes far
/// longer to build than it saves at run time for test components). Returns the binary.
pub fn build_host(dir: &Path) -> PathBuf {
    let mut cmd = native_cargo(dir, true);
    cmd.args(["build", "--quiet"]);
    run_ok(cmd, &format!("cargo build in {}", dir.display()));
    let name = package_name(dir);
    let exe = scaffold_target_dir()
        .join("debug")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        exe.is_file(),
        "cargo build did not produce {}",
        exe.display()
    );
    exe
}

/// A scratch directory for generated crates that survives between runs: `target/scaffold-work/
/// <name>`, emptied except for its `Cargo.lock` (so cargo need not resolve again each run).
pub fn work_dir(name: &str) -> PathBuf {
    let dir = repo().join("target/scaffold-work").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        if entry.file_name() == "Cargo.lock" {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else {
            std::fs::remove_file(&path).unwrap();
        }
    }
    dir
}

/// The release profile of generated guests. Cargo ignores member profiles in a workspace, so
/// a workspace of guests repeats it at its root.
pub const GUEST_RELEASE_PROFILE: &str =
    "[profile.release]\nopt-level = \"s\"\nlto = true\npanic = \"abort\"\nstrip = true\n";

/// Writes `dir/Cargo.toml` making a workspace of `members` (subdirectories of `dir`), so one
/// cargo run checks them all; `extra` is appended (profiles).
pub fn write_workspace(dir: &Path, members: &[String], extra: &str) {
    let list: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n{extra}",
        list.join(", ")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
}

/// `package.name` of the crate in `dir`.
pub fn package_name(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    value["package"]["name"].as_str().unwrap().to_string()
}

/// Writes every file of a generated set below `dir` (replacing what is there).
pub fn write_files(files: &airssys_gen::files::FileSet, dir: &Path) {
    files
        .write(
            dir,
            airssys_gen::files::WriteOptions {
                force: true,
                dry_run: false,
            },
        )
        .unwrap_or_else(|e| panic!("writing {}: {e}", dir.display()));
}

/// How wasm32-wasip2 components get built on this machine.
pub use airssys_gen::toolchain::WasmToolchain;

/// Finds a wasm32-wasip2 toolchain, standard route first. Panics — never skips — when there
/// is none, saying how to get one.
pub fn wasm_toolchain() -> WasmToolchain {
    static FOUND: OnceLock<Option<WasmToolchain>> = OnceLock::new();
    match FOUND.get_or_init(WasmToolchain::detect) {
        Some(t) => *t,
        None => panic!(
            "no wasm32-wasip2 toolchain: {}. These tests build real components and do not skip.",
            airssys_gen::toolchain::MISSING
        ),
    }
}

/// Builds the guest crate in `dir` into a wasm32-wasip2 component (release profile, as its
/// README says) in the shared wasm target dir, and returns the `.wasm`.
pub fn build_component(dir: &Path) -> PathBuf {
    let name = package_name(dir);
    build_wasm(dir);
    component_path(&name)
}

/// Builds every guest of the workspace in `dir` in one cargo run; returns the `.wasm` of
/// each member (directory names under `dir`), in order.
pub fn build_components(dir: &Path, members: &[String]) -> Vec<PathBuf> {
    build_wasm(dir);
    members
        .iter()
        .map(|m| component_path(&package_name(&dir.join(m))))
        .collect()
}

fn component_path(package: &str) -> PathBuf {
    let lib = package.replace('-', "_");
    let wasm = wasm_target_dir().join(format!("wasm32-wasip2/release/{lib}.wasm"));
    assert!(
        wasm.is_file(),
        "the build did not produce {}",
        wasm.display()
    );
    wasm
}

/// `cargo build --release --target wasm32-wasip2` in `dir`, by whichever route exists.
fn build_wasm(dir: &Path) {
    let toolchain = wasm_toolchain();
    let mut cmd = toolchain.cargo_build(dir);
    for var in LEAKY_ENV {
        // The Debian route sets its own compiler.
        if toolchain == WasmToolchain::Rustup
            || !var.starts_with("RUSTC") && !var.starts_with("RUSTDOC")
        {
            cmd.env_remove(var);
        }
    }
    cmd.env("CARGO_TARGET_DIR", wasm_target_dir())
        .args(["--workspace", "--quiet"]);
    run_ok(
        cmd,
        &format!(
            "building {} for wasm32-wasip2 ({toolchain:?} route)",
            dir.display()
        ),
    );
}

/// A component's bytes start with the component-model preamble (layer 1), not a core
/// module's (layer 0).
pub fn assert_is_component(wasm: &Path) {
    let bytes = std::fs::read(wasm).unwrap();
    assert!(
        bytes.len() > 8 && bytes[..4] == *b"\0asm" && bytes[6..8] == [1, 0],
        "{} is not a component (header {:?})",
        wasm.display(),
        &bytes[..bytes.len().min(8)]
    );
}

/// Copies every file below `fixture` onto the crate in `dir` (same relative paths). A fixture
/// file must replace a generated one — so a renamed or vanished stub fails the test — unless
/// its path starts with one of `new_ok` (e.g. `src/bin/`).
pub fn overlay(fixture: &Path, dir: &Path, new_ok: &[&str]) {
    let mut stack = vec![fixture.to_path_buf()];
    let mut copied = 0;
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)
            .unwrap_or_else(|e| panic!("{}: {e}", d.display()))
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(fixture).unwrap();
            let target = dir.join(rel);
            let rel_text = rel.to_string_lossy().replace('\\', "/");
            assert!(
                target.is_file() || new_ok.iter().any(|p| rel_text.starts_with(p)),
                "fixture {} replaces nothing: the generator no longer writes {}",
                path.display(),
                target.display()
            );
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(&path, &target).unwrap();
            copied += 1;
        }
    }
    assert!(copied > 0, "empty fixture {}", fixture.display());
}

/// Runs a host binary on a component and returns its output (never panics on failure: the
/// caller asserts on the exit code).
pub fn run_host(exe: &Path, wasm: &Path) -> Output {
    Command::new(exe)
        .arg(wasm)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()))
}

/// [`run_host`] with runner flags after the component.
pub fn run_host_with(exe: &Path, wasm: &Path, args: &[&str]) -> Output {
    Command::new(exe)
        .arg(wasm)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()))
}

/// A native binary built by [`build_host`] next to the crate's main one (`src/bin/<name>.rs`).
pub fn host_bin(name: &str) -> PathBuf {
    let exe = scaffold_target_dir()
        .join("debug")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(exe.is_file(), "no binary {}", exe.display());
    exe
}

/// stdout and stderr of a run, for assertion messages.
pub fn describe(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// (case name, source) for the bundled package and every directory under tests/corpus.
pub fn corpus_sources() -> Vec<(String, airssys_gen::wit::WitSource)> {
    use airssys_gen::wit::WitSource;
    let mut cases: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/corpus"))
        .expect("tests/corpus exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let mut out = vec![("bundled".to_string(), WitSource::Bundled)];
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        out.push((name, WitSource::Path(case)));
    }
    out
}

/// Compares a generated file set with the golden files in `tests/golden/<name>/`, showing a
/// unified diff per differing file; with `BLESS=1` rewrites them instead.
pub fn assert_golden(files: &airssys_gen::files::FileSet, name: &str) {
    let dir = repo().join("tests/golden").join(name);
    if std::env::var_os("BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        for (path, bytes) in &files.files {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        return;
    }
    let actual: Vec<PathBuf> = files.files.keys().cloned().collect();
    assert_eq!(
        actual,
        list_files(&dir),
        "generated file list differs from tests/golden/{name} (BLESS=1 to update)"
    );
    let mut failures = Vec::new();
    for (path, bytes) in &files.files {
        let expected = std::fs::read(dir.join(path)).unwrap();
        if expected != *bytes {
            let diff = similar::TextDiff::from_lines(
                &String::from_utf8_lossy(&expected).into_owned(),
                &String::from_utf8_lossy(bytes).into_owned(),
            )
            .unified_diff()
            .header("golden", "generated")
            .to_string();
            failures.push(format!("{}:\n{diff}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "generated files differ from tests/golden/{name} (BLESS=1 to update):\n{}",
        failures.join("\n")
    );
}

/// Every file below `dir`, relative to it, sorted.
pub fn list_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// A generated host and guest for one world, built: the component and the host's runner.
pub struct Pair {
    pub wasm: PathBuf,
    pub runner: PathBuf,
}

/// Generates host `<tag>-host` and guest `<tag>-guest` for `world` into work dirs, overlays
/// `fixture/guest` and `fixture/host` when given (the host overlay may add `src/bin/`), and
/// builds both: the guest into a wasm32-wasip2 component, the host natively.
pub fn build_pair(
    package: &airssys_gen::wit::WitPackage,
    world: wit_parser::WorldId,
    tag: &str,
    fixture: Option<&Path>,
) -> Pair {
    let guest = fixture.map(|f| f.join("guest"));
    let host = fixture.map(|f| f.join("host"));
    build_pair_with(
        package,
        world,
        tag,
        guest.as_deref(),
        host.as_deref(),
        airssys_gen::scaffold::host::Execution::Sync,
    )
}

/// [`build_pair`] with separate guest and host overlays and a sync or async host.
pub fn build_pair_with(
    package: &airssys_gen::wit::WitPackage,
    world: wit_parser::WorldId,
    tag: &str,
    guest_fixture: Option<&Path>,
    host_fixture: Option<&Path>,
    execution: airssys_gen::scaffold::host::Execution,
) -> Pair {
    let guest_name = format!("{tag}-guest");
    let guest_dir = work_dir(&guest_name);
    let guest = airssys_gen::scaffold::guest::generate(package, world, &guest_name).unwrap();
    write_files(&guest, &guest_dir);

    let host_name = format!("{tag}-host");
    let host_dir = work_dir(&host_name);
    let host =
        airssys_gen::scaffold::host::generate(package, world, &host_name, execution).unwrap();
    write_files(&host, &host_dir);

    if let Some(fixture) = guest_fixture {
        overlay(fixture, &guest_dir, &[]);
    }
    if let Some(fixture) = host_fixture {
        overlay(fixture, &host_dir, &["src/bin/"]);
    }
    let wasm = build_component(&guest_dir);
    assert_is_component(&wasm);
    let runner = build_host(&host_dir);
    Pair { wasm, runner }
}

/// Runs the `airssys-gen` binary in `dir`.
pub fn gen_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_airssys-gen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run airssys-gen")
}

/// Process output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
