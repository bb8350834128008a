//! `airssys-gen new` then `airssys-gen run`, end to end (tests/e2e/new-run): the workspace
//! builds, passes clippy and lints clean as generated; filled in, `run` builds the guest for
//! wasm32-wasip2 and the host, and runs the component on wasmtime, runner flags passed through;
//! `run --watch` reruns after an edit; error paths say what went wrong with the documented exit
//! code.

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn fixture() -> PathBuf {
    support::repo().join("tests/e2e/new-run")
}

/// `airssys-gen <args>` in `dir`, building in the shared scaffold target dir with the same
/// RUSTFLAGS as every other generated crate (so wasmtime is built once).
fn airssys(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_airssys-gen"));
    support::native_build_env(&mut cmd)
        .args(args)
        .current_dir(dir)
        .env("RUSTFLAGS", support::NATIVE_RUSTFLAGS);
    cmd
}

fn output(mut cmd: Command) -> Output {
    cmd.output().expect("run airssys-gen")
}

fn describe(out: &Output) -> String {
    support::describe(out)
}

/// A fresh `airssys-gen new hello` from the fixture's WIT, in a work dir.
fn new_workspace(tag: &str) -> PathBuf {
    let dir = support::work_dir(tag);
    let wit = fixture().join("wit").display().to_string();
    let out = output(airssys(&dir, &["new", "hello", "--wit", &wit]));
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    dir.join("hello")
}

fn fill(ws: &Path) {
    std::fs::copy(
        fixture().join("guest/src/lib.rs"),
        ws.join("guests/hello-guest/src/lib.rs"),
    )
    .unwrap();
    std::fs::copy(
        fixture().join("host/src/host/world.rs"),
        ws.join("host/src/host/world.rs"),
    )
    .unwrap();
}

#[test]
fn new_workspace_builds_lints_clean_and_keeps_one_wit() {
    let ws = new_workspace("new-run-check");
    // One WIT copy, read by both macros.
    assert!(ws.join("wit/world.wit").is_file());
    assert!(!ws.join("host/wit").exists() && !ws.join("guests/hello-guest/wit").exists());
    let bindings = std::fs::read_to_string(ws.join("host/src/bindings.rs")).unwrap();
    assert!(bindings.contains("path: \"../wit\","), "{bindings}");
    let lib = std::fs::read_to_string(ws.join("guests/hello-guest/src/lib.rs")).unwrap();
    assert!(lib.contains("path: \"../../wit\","), "{lib}");

    let readme = std::fs::read_to_string(ws.join("host/README.md")).unwrap();
    assert!(
        readme.contains("| `../wit/` | the workspace's WIT package"),
        "{readme}"
    );
    let readme = std::fs::read_to_string(ws.join("guests/hello-guest/README.md")).unwrap();
    assert!(
        readme.contains("| `../../wit/` | the workspace's WIT package"),
        "{readme}"
    );

    support::cargo_clippy(&ws, true);

    let lint = Command::new(env!("CARGO_BIN_EXE_airssys-lint"))
        .arg(&ws)
        .args(["--deny-warnings", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(lint.status.code(), Some(0), "{}", describe(&lint));
    let report: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap();
    let findings = report["diagnostics"].as_array().map(Vec::len);
    assert_eq!(findings, Some(0), "{}", describe(&lint));

    for args in [
        vec!["wit", "sync", "--check"],
        vec!["host", "--update", "--check", "--out", "host"],
        vec!["guest", "update", "guests/hello-guest", "--check"],
    ] {
        let out = output(airssys(&ws, &args));
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", describe(&out));
    }

    // The hooks are this project's own, run from PATH.
    let ours = std::fs::read_to_string(support::repo().join(".pre-commit-hooks.yaml")).unwrap();
    let theirs = std::fs::read_to_string(ws.join(".pre-commit-config.yaml")).unwrap();
    let lines = |text: &str, key: &str| -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|l| l.trim_start_matches("- ").starts_with(key))
            .map(|l| l.trim_start_matches("- ").to_string())
            .collect()
    };
    for key in ["id:", "entry:", "files:"] {
        assert_eq!(lines(&ours, key), lines(&theirs, key), "{key}");
    }
    let ci = std::fs::read_to_string(ws.join(".github/workflows/ci.yml")).unwrap();
    for needle in [
        "airssys-lint --format sarif",
        "upload-sarif",
        "cargo clippy --workspace --all-targets -- -D warnings",
        "targets: wasm32-wasip2",
        "airssys-gen run hello-guest",
    ] {
        assert!(ci.contains(needle), "ci.yml lacks `{needle}`:\n{ci}");
    }

    // Async, with two guests: the same, clean.
    let dir = support::work_dir("new-run-async");
    let wit = fixture().join("wit").display().to_string();
    let out = output(airssys(
        &dir,
        &["new", "duo", "--wit", &wit, "--async", "--guests", "2"],
    ));
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    let duo = dir.join("duo");
    let manifest = std::fs::read_to_string(duo.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("\"guests/duo-guest-1\",\n    \"guests/duo-guest-2\",")
            && manifest.contains("[profile.release.package.duo-guest-2]"),
        "{manifest}"
    );
    let bindings = std::fs::read_to_string(duo.join("host/src/bindings.rs")).unwrap();
    assert!(
        bindings.contains("imports: { default: async | tracing },"),
        "{bindings}"
    );
    support::cargo_clippy(&duo, true);

    // Existing files are never overwritten without --force.
    let out = output(airssys(
        ws.parent().unwrap(),
        &["new", "hello", "--wit", "wit"],
    ));
    assert_ne!(out.status.code(), Some(0), "{}", describe(&out));
}

#[test]
fn run_builds_and_runs_the_guest_and_watch_reruns_after_an_edit() {
    let ws = new_workspace("new-run-run");
    fill(&ws);

    // Every export with sample values, through the runner.
    let out = output(airssys(&ws, &["run"]));
    let stdout = support::text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    assert!(
        stdout.contains("[host] note: greeting example")
            && stdout.contains("e2e:hello/hello.greet -> \"hello example\""),
        "{}",
        describe(&out)
    );
    // Cargo's progress and our steps are on stderr.
    let stderr = support::text(&out.stderr);
    assert!(
        stderr.contains("==> building guest `hello-guest` for wasm32-wasip2")
            && stderr.contains("==> building host `hello-host`")
            && stderr.contains("==> running `hello-guest`"),
        "{stderr}"
    );

    // Runner flags after `--`, and the guest named.
    let out = output(airssys(
        &ws,
        &["run", "hello-guest", "--", "--invoke", "greet(\"ann\")"],
    ));
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    assert_eq!(
        support::text(&out.stdout),
        "[host] note: greeting ann\n\"hello ann\"\n"
    );
    // The runner's exit status is run's.
    let out = output(airssys(&ws, &["run", "--", "--invoke", "nope()"]));
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    assert!(support::text(&out.stderr).contains("no export `nope`"));

    // --host and a guest directory, from anywhere.
    let elsewhere = support::work_dir("new-run-elsewhere");
    let host = ws.join("host").display().to_string();
    let guest = ws.join("guests/hello-guest").display().to_string();
    let out = output(airssys(
        &elsewhere,
        &[
            "run",
            "--host",
            &host,
            &guest,
            "--",
            "--invoke",
            "greet(\"bo\")",
        ],
    ));
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    assert!(support::text(&out.stdout).ends_with("\"hello bo\"\n"));

    watch_reruns_after_an_edit(&ws);

    // A guest that does not compile: cargo's error, then which build failed; exit 1.
    let lib = ws.join("guests/hello-guest/src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, format!("{text}\nfn broken( {{\n")).unwrap();
    let out = output(airssys(&ws, &["run"]));
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    let stderr = support::text(&out.stderr);
    assert!(
        stderr.contains("error: this file contains an unclosed delimiter")
            && stderr
                .contains("error: building guest `hello-guest` failed (cargo's errors are above)"),
        "{stderr}"
    );
}

/// `run --watch`: the first run, then an edit of the guest rebuilds and reruns it.
fn watch_reruns_after_an_edit(ws: &Path) {
    let mut cmd = airssys(ws, &["run", "--watch", "--", "--invoke", "greet(\"w\")"]);
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    let mut seen = Vec::new();
    // A hang guard, not a timing assertion: builds take seconds to minutes.
    let wait_for = |needle: &str, seen: &mut Vec<String>| {
        loop {
            match rx.recv_timeout(Duration::from_secs(600)) {
                Ok(line) => {
                    let hit = line.contains(needle);
                    seen.push(line);
                    if hit {
                        return;
                    }
                }
                Err(e) => panic!("no `{needle}` from run --watch ({e}):\n{}", seen.join("\n")),
            }
        }
    };
    wait_for("\"hello w\"", &mut seen);
    wait_for("==> waiting for changes", &mut seen);
    let lib = ws.join("guests/hello-guest/src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(
        &lib,
        text.replace("format!(\"hello {name}\")", "format!(\"hi {name}\")"),
    )
    .unwrap();
    wait_for("==> changed:", &mut seen);
    wait_for("\"hi w\"", &mut seen);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn run_errors_name_the_problem_with_their_exit_codes() {
    // Not a workspace (outside this repository's, too).
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().to_path_buf();
    let out = output(airssys(&empty, &["run"]));
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    assert!(
        support::text(&out.stderr).contains("no cargo workspace at"),
        "{}",
        describe(&out)
    );

    // An unknown guest, in a workspace: what exists.
    let ws = new_workspace("new-run-errors");
    let out = output(airssys(&ws, &["run", "nope"]));
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    assert!(
        support::text(&out.stderr)
            .contains("no guest `nope`: not a guest of this workspace (hello-guest)"),
        "{}",
        describe(&out)
    );

    // No wasm32-wasip2 target: a rustc whose sysroot lacks it, and the route forced to rustup.
    let bin = support::work_dir("new-run-fake-rustc");
    let rustc = bin.join("rustc");
    std::fs::write(&rustc, "#!/bin/sh\necho /nonexistent-sysroot\n").unwrap();
    let mut perms = std::fs::metadata(&rustc).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&rustc, perms).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let mut cmd = airssys(&ws, &["run"]);
    cmd.env("PATH", path)
        .env("AIRSSYS_WASM_TOOLCHAIN", "rustup");
    let out = output(cmd);
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    assert!(
        support::text(&out.stderr)
            .contains("error: the wasm32-wasip2 target is not installed: run `rustup target add wasm32-wasip2`"),
        "{}",
        describe(&out)
    );

    // A host that serves HTTP runs one component: several guests need one named.
    let wit = support::repo()
        .join("tests/e2e/http-server/wit")
        .display()
        .to_string();
    let out = output(airssys(
        &empty,
        &["new", "web", "--wit", &wit, "--guests", "2"],
    ));
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    let out = output(airssys(&empty.join("web"), &["run"]));
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    assert!(
        support::text(&out.stderr)
            .contains("name the guest to serve (one of web-guest-1, web-guest-2)"),
        "{}",
        describe(&out)
    );

    // Bad names for `new`.
    for (args, needle) in [
        (vec!["new", "9lives"], "not a valid crate name"),
        (
            vec!["new", "x", "--guest", "a", "--guest", "a"],
            "given twice",
        ),
        (vec!["new", "x", "--guest", "x-host"], "is the host crate's"),
    ] {
        let out = output(airssys(&empty, &args));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", describe(&out));
        assert!(
            support::text(&out.stderr).contains(needle),
            "{args:?}: {}",
            describe(&out)
        );
    }
}
