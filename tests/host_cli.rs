//! `airssys-gen host` as a user runs it: defaults, --dry-run, --force, and every error path
//! with its message and exit code.

mod support;

use std::path::Path;

use support::{gen_in, text};

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

#[test]
fn no_arguments_scaffolds_the_bundled_world_into_runtime_host_host() {
    let tmp = tempfile::tempdir().unwrap();
    let out = gen_in(tmp.path(), &["host"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let root = tmp.path().join("runtime-host-host");
    for f in [
        "Cargo.toml",
        "src/main.rs",
        "src/bindings.rs",
        "src/state.rs",
        "src/host/storage.rs",
        "wit/world.wit",
        "README.md",
    ] {
        assert!(root.join(f).is_file(), "missing {f}");
    }
    let cargo = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(cargo.contains("name = \"runtime-host-host\""), "{cargo}");
    assert!(
        text(&out.stdout).contains("wrote 19 of 19 file(s)"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn dry_run_lists_files_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = gen_in(tmp.path(), &["host", "--dry-run", "--out", "h"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("create") && stdout.contains("src/host/storage.rs"),
        "{stdout}"
    );
    assert!(stdout.contains("would write 19 of 19"), "{stdout}");
    assert!(!tmp.path().join("h").exists(), "dry run wrote files");
}

#[test]
fn existing_files_are_refused_without_force_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let main = tmp.path().join("h/src/main.rs");
    write(&main, "// my own code\n");
    let out = gen_in(tmp.path(), &["host", "--out", "h"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("refusing to overwrite 1 existing file(s)")
            && stderr.contains("src/main.rs"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&main).unwrap(), "// my own code\n");
    assert!(
        !tmp.path().join("h/Cargo.toml").exists(),
        "refusal still wrote other files"
    );

    let out = gen_in(tmp.path(), &["host", "--out", "h", "--force"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        std::fs::read_to_string(&main)
            .unwrap()
            .contains("fn main()")
    );
    assert!(
        text(&out.stdout).contains("overwrite"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn rerunning_on_an_unchanged_scaffold_is_not_a_conflict() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(gen_in(tmp.path(), &["host", "--out", "h"]).status.success());
    let out = gen_in(tmp.path(), &["host", "--out", "h"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("wrote 0 of 19"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn malformed_wit_is_reported_at_file_line_col_with_a_caret_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        &tmp.path().join("wit/a.wit"),
        "package t:bad;\n\ninterface i {\n    f: func(x: u32) -> ;\n}\n",
    );
    let out = gen_in(tmp.path(), &["host", "--wit", "wit"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("a.wit:4:"), "no file:line:col in {stderr}");
    assert!(
        stderr.contains("f: func(x: u32) -> ;"),
        "no source line in {stderr}"
    );
    assert!(stderr.contains('^'), "no caret in {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn unresolved_type_is_located_too() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        &tmp.path().join("wit/a.wit"),
        "package t:bad;\n\nworld w {\n    import f: func() -> missing-type;\n}\n",
    );
    let out = gen_in(tmp.path(), &["host", "--wit", "wit"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("a.wit:4:") && stderr.contains("missing-type"),
        "{stderr}"
    );
}

#[test]
fn unknown_world_lists_the_worlds() {
    let tmp = tempfile::tempdir().unwrap();
    let out = gen_in(tmp.path(), &["host", "--world", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("world `nope` not found"), "{stderr}");
    assert!(
        stderr.contains("available worlds: runtime-host"),
        "{stderr}"
    );
}

#[test]
fn several_worlds_and_none_named_lists_them() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        &tmp.path().join("wit/a.wit"),
        "package t:two;\n\nworld alpha {}\nworld beta {}\n",
    );
    let out = gen_in(tmp.path(), &["host", "--wit", "wit"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("several worlds") && stderr.contains("alpha, beta"),
        "{stderr}"
    );
    // Naming one works, by name or by full id.
    let out = gen_in(
        tmp.path(),
        &[
            "host",
            "--wit",
            "wit",
            "--world",
            "t:two/beta",
            "--out",
            "b",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn missing_wit_directory_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let out = gen_in(tmp.path(), &["host", "--wit", "does/not/exist"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("WIT path `does/not/exist` does not exist"),
        "{stderr}"
    );
}

#[test]
fn invalid_crate_name_is_rejected_before_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = gen_in(tmp.path(), &["host", "--name", "9lives"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("`9lives` is not a valid crate name"));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn help_shows_examples_and_completions_print() {
    let tmp = tempfile::tempdir().unwrap();
    // Every command, found by walking the `Commands:` sections of the help itself.
    let mut pending: Vec<Vec<String>> = vec![vec![]];
    let mut seen = 0;
    while let Some(path) = pending.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = gen_in(tmp.path(), &args);
        assert!(out.status.success(), "{args:?} failed");
        let help = text(&out.stdout);
        assert!(help.contains("Example"), "no example in {args:?}:\n{help}");
        seen += 1;
        if let Some(commands) = help.split("Commands:\n").nth(1) {
            let entries = commands
                .lines()
                .take_while(|l| !l.trim().is_empty())
                // Wrapped descriptions continue on deeper-indented lines.
                .filter(|l| l.starts_with("  ") && !l[2..].starts_with(' '));
            for line in entries {
                let name = line.split_whitespace().next().unwrap();
                if name != "help" {
                    let mut sub = path.clone();
                    sub.push(name.to_string());
                    pending.push(sub);
                }
            }
        }
    }
    assert!(seen >= 10, "only {seen} commands found");
    let out = gen_in(tmp.path(), &["completions", "bash"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("airssys-gen") && text(&out.stdout).contains("complete"));
}

#[test]
fn unknown_flag_is_a_usage_error_with_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = gen_in(tmp.path(), &["host", "--frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn inside_a_workspace_the_crate_is_added_to_members_like_cargo_new() {
    let tmp = tempfile::tempdir().unwrap();
    let manifest = tmp.path().join("Cargo.toml");
    let original = "# my workspace\n[workspace]\nresolver = \"3\"\nmembers = [\"tools/*\"]\n";
    write(&manifest, original);
    let out = gen_in(tmp.path(), &["host", "--out", "hosts/h"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("added `hosts/h` as a member"),
        "{}",
        text(&out.stdout)
    );
    let edited = std::fs::read_to_string(&manifest).unwrap();
    assert!(
        edited.starts_with("# my workspace\n"),
        "comment lost: {edited}"
    );
    assert!(
        edited.contains("members = [\"tools/*\", \"hosts/h\"]"),
        "{edited}"
    );
    // Cargo ignores a member's profiles (with a warning on every build): the dev profile goes
    // to the root, as the note says.
    let member =
        |dir: &str| std::fs::read_to_string(tmp.path().join(dir).join("Cargo.toml")).unwrap();
    assert!(
        !member("hosts/h").contains("[profile"),
        "{}",
        member("hosts/h")
    );
    assert!(
        text(&out.stderr).contains("note: cargo reads profiles from the workspace root only")
            && text(&out.stderr).contains("[profile.dev.package.\"*\"]"),
        "{}",
        text(&out.stderr)
    );

    // Already covered by a glob: manifest untouched, still no member profile.
    let out = gen_in(tmp.path(), &["host", "--out", "tools/t"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), edited);
    assert!(
        !member("tools/t").contains("[profile"),
        "{}",
        member("tools/t")
    );
}

#[test]
fn a_directory_without_wit_files_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    let out = gen_in(tmp.path(), &["host", "--wit", "empty"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("`empty` contains no `.wit` files"),
        "{}",
        text(&out.stderr)
    );
}
