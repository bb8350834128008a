//! `airssys-gen guest new-component` as a user runs it: default output directory, --out,
//! --wit/--world, --dry-run, --force, and the error paths with their exit codes.

mod support;

use std::path::Path;

use support::{gen_in, text};

fn corpus(case: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(case)
        .display()
        .to_string()
}

const FILES: &[&str] = &[
    ".gitignore",
    "Cargo.toml",
    "README.md",
    "src/lib.rs",
    "wit/component.wit",
    "wit/host.wit",
    "wit/types.wit",
    "wit/world.wit",
];

#[test]
fn default_output_is_a_directory_named_after_the_component() {
    let tmp = tempfile::tempdir().unwrap();
    let out = gen_in(tmp.path(), &["guest", "new-component", "my-comp"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let root = tmp.path().join("my-comp");
    for f in FILES {
        assert!(root.join(f).is_file(), "missing {f}");
    }
    let cargo = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(cargo.contains("name = \"my-comp\""), "{cargo}");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains("target/wasm32-wasip2/release/my_comp.wasm"),
        "{readme}"
    );
    let stdout = text(&out.stdout);
    assert!(stdout.contains("wrote 8 of 8 file(s)"), "{stdout}");
    assert!(
        stdout.contains("cargo build --release --target wasm32-wasip2"),
        "{stdout}"
    );
}

#[test]
fn out_wit_and_world_are_honoured() {
    let tmp = tempfile::tempdir().unwrap();
    let wit = corpus("world-functions");
    let out = gen_in(
        tmp.path(),
        &[
            "guest",
            "new-component",
            "sched",
            "--wit",
            &wit,
            "--world",
            "scheduler",
            "--out",
            "nested/dir",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lib = std::fs::read_to_string(tmp.path().join("nested/dir/src/lib.rs")).unwrap();
    assert!(lib.contains("world: \"acme:scheduler/scheduler\""), "{lib}");
    assert!(lib.contains("impl Guest for Component"), "{lib}");
    assert!(
        lib.contains("todo!(\"acme:scheduler/scheduler.run-once\")"),
        "{lib}"
    );
    assert!(tmp.path().join("nested/dir/wit/scheduler.wit").is_file());
}

#[test]
fn dry_run_lists_files_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = gen_in(tmp.path(), &["guest", "new-component", "c", "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("create") && stdout.contains("c/src/lib.rs"),
        "{stdout}"
    );
    assert!(stdout.contains("would write 8 of 8"), "{stdout}");
    assert!(!tmp.path().join("c").exists(), "--dry-run wrote files");
}

#[test]
fn existing_files_are_refused_without_force_and_replaced_with_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("c");
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(root.join("src/lib.rs"), "// mine\n").unwrap();

    let out = gen_in(tmp.path(), &["guest", "new-component", "c"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("refusing to overwrite") && stderr.contains("src/lib.rs"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--force"),
        "the refusal says how to override: {stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("src/lib.rs")).unwrap(),
        "// mine\n"
    );
    assert!(
        !root.join("Cargo.toml").exists(),
        "a refusal must write nothing"
    );

    let out = gen_in(tmp.path(), &["guest", "new-component", "c", "--force"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    assert!(lib.contains("export!(Component);"), "{lib}");
    assert!(
        text(&out.stdout).contains("overwrite"),
        "{}",
        text(&out.stdout)
    );

    // Re-running on an unchanged scaffold is not a conflict.
    let out = gen_in(tmp.path(), &["guest", "new-component", "c"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("wrote 0 of 8"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn bad_component_name_is_exit_2_and_writes_nothing() {
    for name in ["1abc", "has space", "dots.not.ok", "-dash"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = gen_in(tmp.path(), &["guest", "new-component", name]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", text(&out.stderr));
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("not a valid crate name") || stderr.contains("error"),
            "{name}: {stderr}"
        );
        assert!(
            !stderr.contains("panicked"),
            "{name}: must not panic: {stderr}"
        );
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            0,
            "{name}: wrote files"
        );
    }
}

#[test]
fn unknown_world_and_missing_wit_are_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = gen_in(
        tmp.path(),
        &["guest", "new-component", "c", "--world", "nope"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("runtime-host"),
        "lists the worlds: {}",
        text(&out.stderr)
    );

    let out = gen_in(
        tmp.path(),
        &["guest", "new-component", "c", "--wit", "no/such/dir"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("does not exist"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn missing_name_is_a_usage_error_and_help_shows_an_example() {
    let tmp = tempfile::tempdir().unwrap();
    let out = gen_in(tmp.path(), &["guest", "new-component"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let out = gen_in(tmp.path(), &["guest", "new-component", "--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    assert!(help.contains("airssys-gen guest new-component"), "{help}");
}
