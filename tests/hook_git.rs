//! `airssys-gen hook install` in a temporary git repository: a commit with drifted WIT is
//! refused, a synced one goes through; an existing hook is only replaced with `--force`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use airssys_gen::hook::PRE_COMMIT_HOOK;

const BIN: &str = env!("CARGO_BIN_EXE_airssys-gen");

const WIT: &str = "package demo:app@0.1.0;\n\ninterface api {\n    get: func(id: u32) -> option<string>;\n}\n\nworld plugin {\n    import api;\n}\n";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// PATH with the built binary's directory first, as an installed `airssys-gen` would be.
fn path_with_bin() -> std::ffi::OsString {
    let dir = PathBuf::from(BIN).parent().unwrap().to_path_buf();
    let mut paths = vec![dir];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

fn git(root: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(root)
        .env("PATH", path_with_bin())
        // Isolate from the user's and the machine's git configuration.
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap()
}

fn run_gen(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(root)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    assert!(git(root, &["init", "-q"]).status.success());
    write(
        root,
        "host/Cargo.toml",
        "[package]\nname = \"host\"\nversion = \"0.1.0\"\n\n[dependencies]\nwasmtime = \"48\"\n",
    );
    write(
        root,
        "host/src/main.rs",
        "wasmtime::component::bindgen!();\nfn main() {}\n",
    );
    write(root, "host/wit/app.wit", WIT);
    write(
        root,
        "guest/Cargo.toml",
        "[package]\nname = \"guest\"\nversion = \"0.1.0\"\n\n[dependencies]\nwit-bindgen = \"0.63\"\n",
    );
    write(root, "guest/src/lib.rs", "wit_bindgen::generate!();\n");
    write(root, "guest/wit/app.wit", WIT);
    tmp
}

fn head(root: &Path) -> String {
    String::from_utf8_lossy(&git(root, &["rev-parse", "HEAD"]).stdout)
        .trim()
        .to_string()
}

#[test]
fn drifted_commit_is_refused_synced_one_goes_through() {
    let tmp = repo();
    let root = tmp.path();
    let (code, out, err) = run_gen(root, &["hook", "install"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("installed pre-commit hook `"), "{out}");
    let hook = root.join(".git/hooks/pre-commit");
    assert_eq!(std::fs::read_to_string(&hook).unwrap(), PRE_COMMIT_HOOK);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&hook).unwrap().permissions().mode();
        assert_eq!(mode & 0o111, 0o111, "hook not executable: {mode:o}");
    }

    // In sync: the commit goes through.
    git(root, &["add", "-A"]);
    let o = git(root, &["commit", "-q", "-m", "first"]);
    assert!(o.status.success(), "{}", text(&o));
    let first = head(root);

    // Drifted guest copy: refused, with the semantic diff.
    write(
        root,
        "guest/wit/app.wit",
        &WIT.replace("id: u32", "id: u64"),
    );
    git(root, &["add", "-A"]);
    let o = git(root, &["commit", "-q", "-m", "drift"]);
    assert!(
        !o.status.success(),
        "drifted commit went through: {}",
        text(&o)
    );
    let t = text(&o);
    assert!(
        t.contains("type of parameter `id` of function `get` changed from `u64` to `u32`"),
        "{t}"
    );
    assert!(
        t.contains("error: 1 of 1 copy drifted from the canonical copy"),
        "{t}"
    );
    assert_eq!(head(root), first);

    // After `wit sync`, it goes through.
    let (code, out, err) = run_gen(root, &["wit", "sync"]);
    assert_eq!(code, 0, "{out}{err}");
    git(root, &["add", "-A"]);
    let o = git(root, &["commit", "-q", "-m", "synced", "--allow-empty"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_ne!(head(root), first);

    // A cosmetic-only difference is not drift.
    write(root, "guest/wit/app.wit", &format!("// A comment.\n{WIT}"));
    git(root, &["add", "-A"]);
    let o = git(root, &["commit", "-q", "-m", "comment"]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn existing_hook_is_kept_unless_forced() {
    let tmp = repo();
    let root = tmp.path();
    write(root, ".git/hooks/pre-commit", "#!/bin/sh\necho mine\n");
    let (code, out, err) = run_gen(root, &["hook", "install"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("a different pre-commit hook already exists"),
        "{err}"
    );
    assert!(err.contains("pass --force"), "{err}");
    assert_eq!(
        std::fs::read_to_string(root.join(".git/hooks/pre-commit")).unwrap(),
        "#!/bin/sh\necho mine\n"
    );

    let (code, out, _) = run_gen(root, &["hook", "install", "--force"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("replaced the existing pre-commit hook"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join(".git/hooks/pre-commit")).unwrap(),
        PRE_COMMIT_HOOK
    );

    let (code, out, _) = run_gen(root, &["hook", "install"]);
    assert_eq!(code, 0);
    assert!(out.contains("is already installed"), "{out}");
}

#[test]
fn works_from_a_subdirectory_and_with_hooks_path() {
    let tmp = repo();
    let root = tmp.path();
    assert!(
        git(root, &["config", "core.hooksPath", "githooks"])
            .status
            .success()
    );
    let out = Command::new(BIN)
        .args(["hook", "install"])
        .current_dir(root.join("guest"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(root.join("githooks/pre-commit").exists());
}

#[test]
fn outside_a_repository_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = run_gen(tmp.path(), &["hook", "install"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not inside a git repository"), "{err}");
}

#[test]
fn pre_commit_framework_hooks_are_declared() {
    let yaml = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    for needle in [
        "- id: airssys-wit-sync",
        "entry: airssys-gen wit sync --check",
        "- id: airssys-lint",
        "entry: airssys-lint",
        "language: rust",
        "pass_filenames: false",
    ] {
        assert!(
            yaml.contains(needle),
            "missing `{needle}` in .pre-commit-hooks.yaml"
        );
    }
}
