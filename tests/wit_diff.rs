//! `airssys-gen wit diff OLD NEW`: real WASI history (wasi:cli and its dependencies as
//! wasmtime-wasi 17 and 48 shipped them), hand-made cases for each kind of change and for the
//! `@unstable` / `@since` gates, a git baseline in a temporary repository, JSON, bad input.

mod support;

use std::path::Path;
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn gen_in(dir: &Path, args: &[&str]) -> Run {
    let out = support::gen_in(dir, args);
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: support::text(&out.stdout),
        stderr: support::text(&out.stderr),
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs git in `repo` (with an identity, so commits work on any machine).
fn git_in(repo: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(repo)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        support::text(&out.stderr)
    );
}

/// A one-file package `acme:kv@VERSION` with `body` inside `interface store { .. }`, which a
/// host world imports (so an added function is safe for old guests: a compatible change).
fn kv(version: Option<&str>, body: &str) -> String {
    let version = version.map(|v| format!("@{v}")).unwrap_or_default();
    format!(
        "package acme:kv{version};\n\ninterface store {{\n{body}\n}}\n\nworld host {{\n  import store;\n}}\n"
    )
}

const BASE: &str = "  enum level { low, high }\n  get: func(key: string) -> option<string>;\n  set: func(key: string, value: string, level: level);";

/// Diffs `old` against `new` (each a kv package) with `--check`.
fn check(old: &str, new: &str) -> Run {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("old/kv.wit"), old);
    write(&tmp.path().join("new/kv.wit"), new);
    gen_in(tmp.path(), &["wit", "diff", "old", "new", "--check"])
}

#[test]
fn wasi_0_2_0_to_0_2_12_is_compatible_and_the_reverse_is_not() {
    let root = support::repo().join("tests/witdiff/wasi-history");
    let run = gen_in(&root, &["wit", "diff", "0.2.0", "0.2.12", "--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with("old: `wasi:cli@0.2.0` (0.2.0)\nnew: `wasi:cli@0.2.12` (0.2.12)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "version: 0.2.0 -> 0.2.12: the changes need a compatible bump, and it is one"
        ),
        "{}",
        run.stdout
    );
    // Additions only (new functions, @unstable items), each located in the new copy.
    assert!(
        !run.stdout.contains("[needs an incompatible bump]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("    new: 0.2.12/"), "{}", run.stdout);

    // Backwards: the additions become removals, and the version goes down.
    let run = gen_in(&root, &["wit", "diff", "0.2.12", "0.2.0", "--check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("breaking"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("error: the version goes backwards: 0.2.12 -> 0.2.0"),
        "{}",
        run.stderr
    );
}

#[test]
fn each_kind_of_change_needs_its_bump() {
    let added = kv(
        Some("1.3.0"),
        &format!("{BASE}\n  delete: func(key: string);"),
    );
    let removed = kv(
        Some("2.0.0"),
        "  enum level { low, high }\n  get: func(key: string) -> option<string>;",
    );
    // An added function (imported by hosts, exported by guests): minor in 1.x.
    let run = check(&kv(Some("1.2.0"), BASE), &added);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("[needs a compatible bump]"),
        "{}",
        run.stdout
    );
    let run = check(&kv(Some("1.2.0"), BASE), &added.replace("1.3.0", "1.2.1"));
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("1.2.0 -> 1.2.1 is too small: the changes need a compatible bump (a minor bump, e.g. 1.3.0); required by `acme:kv/store.delete`"),
        "{}",
        run.stderr
    );
    // A removed function: major in 1.x, minor in 0.x.
    let run = check(&kv(Some("1.2.0"), BASE), &removed);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("[needs an incompatible bump]"),
        "{}",
        run.stdout
    );
    let run = check(&kv(Some("1.2.0"), BASE), &removed.replace("2.0.0", "1.9.0"));
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("(a major bump, e.g. 2.0.0)"),
        "{}",
        run.stderr
    );
    let run = check(&kv(Some("0.2.0"), BASE), &removed.replace("2.0.0", "0.2.5"));
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("(a minor bump, e.g. 0.3.0)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        check(&kv(Some("0.2.0"), BASE), &removed.replace("2.0.0", "0.3.0")).code,
        0
    );
    // A new enum case reads as an addition, but no old binary links against it.
    let case = kv(
        Some("1.3.0"),
        &BASE.replace("{ low, high }", "{ low, high, urgent }"),
    );
    let run = check(&kv(Some("1.2.0"), BASE), &case);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("additive, but neither old guests nor old hosts link")
            && run.stdout.contains("[needs an incompatible bump]"),
        "{}",
        run.stdout
    );
    // An interface some world imports and another exports: a new function is needed by new
    // guests from hosts and by new hosts from guests, so no old binary keeps linking.
    let both = |v: &str, body: &str| {
        kv(Some(v), body).replace(
            "world host {",
            "world guest {\n  export store;\n}\n\nworld host {",
        )
    };
    let run = check(
        &both("1.2.0", BASE),
        &both("1.3.0", &format!("{BASE}\n  delete: func(key: string);")),
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("(a major bump, e.g. 2.0.0)"),
        "{}",
        run.stderr
    );
    // A changed parameter type.
    let changed = kv(
        Some("1.3.0"),
        &BASE.replace("get: func(key: string)", "get: func(key: u32)"),
    );
    assert_eq!(check(&kv(Some("1.2.0"), BASE), &changed).code, 1);
    // Comments and formatting only: no change, the same version will do.
    let cosmetic = kv(
        Some("1.2.0"),
        &format!("  // A comment.\n{}", BASE.replace(": func(", ":   func(")),
    );
    let run = check(&kv(Some("1.2.0"), BASE), &cosmetic);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("cosmetic differences only (comments, docs, formatting, order, file layout): no semantic changes"),
        "{}",
        run.stdout
    );
    // The very same package: identical.
    let run = check(&kv(Some("1.2.0"), BASE), &kv(Some("1.2.0"), BASE));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("\nidentical\n"), "{}", run.stdout);
    // No @version and a breaking change: there is nothing to bump.
    let run = check(
        &kv(None, BASE),
        &kv(None, "  get: func(key: string) -> option<string>;"),
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("no `@version` on either side"),
        "{}",
        run.stderr
    );
}

#[test]
fn unstable_items_never_need_an_incompatible_bump_and_since_must_not_be_ahead() {
    let gated = "  @unstable(feature = experiments)\n  probe: func() -> u32;";
    let old = kv(Some("1.2.0"), &format!("{BASE}\n{gated}"));
    // Removing an @unstable function is fine with a minor bump.
    let run = check(&old, &kv(Some("1.3.0"), BASE));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains(", @unstable]"), "{}", run.stdout);
    // @since newer than the package's own version is an error (wit-parser's own check),
    // located in the new copy.
    let ahead = kv(
        Some("1.3.0"),
        &format!("{BASE}\n  @since(version = 1.4.0)\n  delete: func(key: string);"),
    );
    let run = check(&kv(Some("1.2.0"), BASE), &ahead);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("cannot reference unreleased version 1.4.0")
            && run.stderr.contains("new/kv.wit:8:3"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_git_baseline_is_read_from_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    let git = |args: &[&str]| git_in(repo, args);
    git(&["init", "-q"]);
    write(&repo.join("host/wit/kv.wit"), &kv(Some("0.4.0"), BASE));
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "v0.4.0"]);
    git(&["tag", "v0.4.0"]);
    // The working tree drops `set` and bumps only the patch.
    write(
        &repo.join("host/wit/kv.wit"),
        &kv(
            Some("0.4.1"),
            "  enum level { low, high }\n  get: func(key: string) -> option<string>;",
        ),
    );
    let run = gen_in(
        repo,
        &["wit", "diff", "v0.4.0:host/wit", "host/wit", "--check"],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("old: `acme:kv@0.4.0` (v0.4.0:host/wit)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("    old: v0.4.0:host/wit/kv.wit:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("0.4.0 -> 0.4.1 is too small"),
        "{}",
        run.stderr
    );
    // From a subdirectory, REV:PATH is relative to it, as paths are; a single file works too.
    let run = gen_in(
        &repo.join("host"),
        &["wit", "diff", "v0.4.0:wit/kv.wit", "wit/kv.wit"],
    );
    assert_eq!(
        run.code, 0,
        "without --check only a report: {}{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stdout.contains("    old: v0.4.0:wit/kv.wit:"),
        "{}",
        run.stdout
    );
    // A path that does not exist at that revision, and a revision that does not exist.
    let run = gen_in(repo, &["wit", "diff", "v0.4.0:nope", "host/wit"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`nope` does not exist at `v0.4.0`"),
        "{}",
        run.stderr
    );
    let run = gen_in(repo, &["wit", "diff", "v9:host/wit", "host/wit"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`v9:host/wit`: git"), "{}", run.stderr);
}

#[test]
fn json_output_has_a_versioned_schema() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("old/kv.wit"), &kv(Some("1.2.0"), BASE));
    write(
        &tmp.path().join("new/kv.wit"),
        &kv(
            Some("1.2.1"),
            &format!("{BASE}\n  delete: func(key: string);"),
        ),
    );
    let run = gen_in(
        tmp.path(),
        &["wit", "diff", "old", "new", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["schema"], "airssys-gen/wit-diff/1");
    assert_eq!(v["cosmetic"], false);
    assert_eq!(v["old"]["version"], "1.2.0");
    assert_eq!(v["new"]["package"], "acme:kv");
    // The version change itself, then the new function.
    assert_eq!(v["changes"][0]["path"], "acme:kv");
    let change = &v["changes"][1];
    assert_eq!(change["path"], "acme:kv/store.delete");
    assert_eq!(change["class"], "additive");
    assert_eq!(change["label"], "additive, safe for old guests");
    assert_eq!(change["needs"], "compatible");
    assert_eq!(change["unstable"], false);
    assert!(change["new"]["line"].as_u64().is_some(), "{change}");
    assert_eq!(v["verdict"]["ok"], false);
    assert_eq!(v["verdict"]["smallest_bump"], "minor");
    assert_eq!(v["verdict"]["suggested"], "1.3.0");
}

#[test]
fn bad_input_is_a_clear_error_with_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("ok/kv.wit"), &kv(Some("1.0.0"), BASE));
    write(
        &tmp.path().join("bad/kv.wit"),
        "package acme:kv@1.0.0;\ninterface store {\n  get: func(\n}\n",
    );
    let run = gen_in(tmp.path(), &["wit", "diff", "missing", "ok"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`missing` does not exist"),
        "{}",
        run.stderr
    );
    let run = gen_in(tmp.path(), &["wit", "diff", "ok", "bad"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad: ") && run.stderr.contains("kv.wit:"),
        "{}",
        run.stderr
    );
}

/// `airssys-lint --wit-baseline REV`: the same check as a lint rule, in every output format.
#[test]
fn the_lint_checks_every_host_package_against_a_git_baseline() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    let git = |args: &[&str]| git_in(repo, args);
    write(
        &repo.join("host/Cargo.toml"),
        "[package]\nname = \"host\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\nwasmtime = \"48\"\n",
    );
    write(
        &repo.join("host/src/main.rs"),
        "wasmtime::component::bindgen!({ path: \"wit\", world: \"host\" });\n\nfn main() {}\n",
    );
    write(&repo.join("host/wit/kv.wit"), &kv(Some("1.2.0"), BASE));
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "1.2.0"]);
    let lint = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_airssys-lint"))
            .args(args)
            .current_dir(repo)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            support::text(&out.stdout),
            support::text(&out.stderr),
        )
    };
    // Unchanged: clean. Without --wit-baseline the rule does nothing.
    assert_eq!(lint(&["--wit-baseline", "HEAD"]).0, 0);
    write(
        &repo.join("host/wit/kv.wit"),
        &kv(
            Some("1.2.1"),
            &format!("{BASE}\n  delete: func(key: string);"),
        ),
    );
    assert_eq!(lint(&[]).0, 0);
    let (code, _, stderr) = lint(&["--wit-baseline", "HEAD"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr
            .contains("error[wit-version-bump]: WIT package `acme:kv@1.2.1` changed since `HEAD`")
            && stderr.contains("--> host/wit/kv.wit:1:9")
            && stderr.contains("bump it: `package acme:kv@1.3.0;`"),
        "{stderr}"
    );
    let (_, json, _) = lint(&["--wit-baseline", "HEAD", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["diagnostics"][0]["rule"], "wit-version-bump", "{json}");
    let (_, sarif, _) = lint(&["--wit-baseline", "HEAD", "--format", "sarif"]);
    assert!(
        sarif.contains("\"ruleId\": \"wit-version-bump\""),
        "{sarif}"
    );
    // Bumped enough: clean again.
    write(
        &repo.join("host/wit/kv.wit"),
        &kv(
            Some("1.3.0"),
            &format!("{BASE}\n  delete: func(key: string);"),
        ),
    );
    assert_eq!(lint(&["--wit-baseline", "HEAD"]).0, 0);
    // Without `@version` on either side there is no promise to check (`wit diff --check` still
    // fails on it): the lint stays quiet, as it does on the unversioned test WIT of real
    // checkouts.
    git(&["commit", "-q", "-am", "1.3.0"]);
    write(&repo.join("host/wit/kv.wit"), &kv(None, BASE));
    git(&["commit", "-q", "-am", "unversioned"]);
    write(
        &repo.join("host/wit/kv.wit"),
        &kv(None, "  get: func(key: string) -> option<string>;"),
    );
    assert_eq!(lint(&["--wit-baseline", "HEAD"]).0, 0);
    // A revision that does not exist is a usage error.
    let (code, _, stderr) = lint(&["--wit-baseline", "nope"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--wit-baseline `nope`: not a commit of the git repository here"),
        "{stderr}"
    );
}
