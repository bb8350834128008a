//! `airssys-lint` as a program: exit codes, output formats (JSON schema, SARIF structure,
//! GitHub annotations), `--list-rules`/`--explain`, configuration files, and robustness
//! against files that cannot be linted.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_airssys-lint"))
}

fn ui(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/ui")
        .join(case)
}

/// Runs the linter in `dir` on `.` with extra args.
fn lint_in(dir: &Path, args: &[&str]) -> Output {
    let out = bin()
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
    out
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}):\n{}", String::from_utf8_lossy(&out.stdout)))
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn exit_codes() {
    // Clean.
    assert_eq!(code(&lint_in(&ui("parse-error/clean"), &[])), 0);
    // Errors.
    let out = lint_in(&ui("guest-bindgen-in-host/renamed-dependency"), &[]);
    assert_eq!(code(&out), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[guest-bindgen-in-host]"));
    // Warnings only: 0, or 1 with --deny-warnings.
    let warn = ui("unneeded-wit-bindgen-dep/unused");
    assert_eq!(code(&lint_in(&warn, &[])), 0);
    assert_eq!(code(&lint_in(&warn, &["--deny-warnings"])), 1);
    // Notes never fail.
    assert_eq!(
        code(&lint_in(
            &ui("skipped-file/too-large"),
            &["--max-file-size", "200", "--deny-warnings"]
        )),
        0
    );
    // Usage and I/O failures.
    let here = ui("parse-error/clean");
    assert_eq!(code(&lint_in(&here, &["does/not/exist"])), 2);
    assert_eq!(code(&lint_in(&here, &["--format", "xml"])), 2);
    assert_eq!(code(&lint_in(&here, &["--explain", "no-such-rule"])), 2);
    assert_eq!(code(&lint_in(&here, &["--config", "missing.toml"])), 2);
}

#[test]
fn bad_config_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("airssys-lint.toml"),
        "[rules]\nno-such-rule = \"warn\"\n",
    );
    let out = lint_in(dir.path(), &[]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown rule `no-such-rule`"));
    write(
        &dir.path().join("airssys-lint.toml"),
        "[rules]\nmanual-func-wrap = \"loud\"\n",
    );
    assert_eq!(code(&lint_in(dir.path(), &[])), 2);
    // The reserved id is accepted.
    write(
        &dir.path().join("airssys-lint.toml"),
        "[rules]\nwit-drift = \"error\"\n",
    );
    assert_eq!(code(&lint_in(dir.path(), &[])), 0);
}

#[test]
fn explicit_config_overrides_discovery() {
    let case = ui("guest-bindgen-in-host/renamed-dependency");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("lint.toml");
    write(&config, "[rules]\nguest-bindgen-in-host = \"allow\"\n");
    let out = lint_in(&case, &["--config", config.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty());
}

#[test]
fn list_rules_and_explain() {
    let out = lint_in(Path::new("."), &["--list-rules"]);
    assert_eq!(code(&out), 0);
    let text = String::from_utf8(out.stdout).unwrap();
    for rule in airssys_gen::lint::rules::RULES {
        let info = rule.info();
        let line = text
            .lines()
            .find(|l| l.split_whitespace().next() == Some(info.id))
            .unwrap_or_else(|| panic!("{} not listed:\n{text}", info.id));
        assert!(line.contains(info.default_level.as_str()), "{line}");
        assert!(line.contains(info.summary), "{line}");
    }
    assert!(
        text.lines()
            .any(|l| l.starts_with("wit-drift") && l.contains("error"))
    );

    let out = lint_in(Path::new("."), &["--explain", "manual-func-wrap"]);
    assert_eq!(code(&out), 0);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("manual-func-wrap (default: warn)"));
    for heading in ["What it does", "Why is this bad", "Example", "Use instead"] {
        assert!(text.contains(heading), "{heading} missing:\n{text}");
    }
    let out = lint_in(Path::new("."), &["--explain", "wit-drift"]);
    assert_eq!(code(&out), 0);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("wit-drift (default: error)"));

    let help = lint_in(Path::new("."), &["--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("\"version\": 1"), "{help}");
    assert!(help.contains("Exit codes"));
}

#[test]
fn json_schema() {
    let case = ui("manual-func-wrap/covered-interface-and-root");
    let out = lint_in(&case, &["--format", "json"]);
    assert_eq!(code(&out), 0, "warnings only");
    assert!(out.stderr.is_empty(), "machine formats keep stderr clean");
    let v = json(&out);
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "airssys-lint");
    assert!(v["tool"]["version"].is_string());
    assert_eq!(v["summary"]["errors"], 0);
    assert_eq!(v["summary"]["warnings"], 2);
    assert_eq!(v["summary"]["notes"], 0);
    for key in ["packages", "files", "parsed"] {
        assert!(v["stats"][key].is_u64(), "stats.{key}");
    }
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 2);
    let d = &diags[0];
    let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "help",
            "level",
            "message",
            "notes",
            "primary",
            "rule",
            "secondary"
        ]
    );
    assert_eq!(d["rule"], "manual-func-wrap");
    assert_eq!(d["level"], "warning");
    let p = &d["primary"];
    assert_eq!(p["file"], "src/main.rs");
    assert_eq!(p["span"]["start"]["line"], 10);
    assert_eq!(p["span"]["start"]["column"], 10);
    assert_eq!(p["span"]["end"]["column"], 19);
    let src = std::fs::read_to_string(case.join("src/main.rs")).unwrap();
    let (a, b) = (
        p["span"]["byte_start"].as_u64().unwrap() as usize,
        p["span"]["byte_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&src[a..b], "func_wrap");
    assert!(p["message"].is_string());
    // A secondary label in another file.
    assert!(
        d["secondary"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["file"] == "src/bindings.rs")
    );
    assert!(d["help"][0].as_str().unwrap().contains("add_to_linker"));
    assert!(d["notes"].is_array());
}

#[test]
fn sarif_structure() {
    let case = ui("guest-bindgen-in-host/workspace-inherited");
    let out = lint_in(&case, &["--format", "sarif"]);
    assert_eq!(code(&out), 1);
    let v = json(&out);
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &v["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "airssys-lint");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), airssys_gen::lint::rules::RULES.len());
    for r in rules {
        assert!(r["id"].is_string());
        assert!(!r["shortDescription"]["text"].as_str().unwrap().is_empty());
        assert!(!r["fullDescription"]["text"].as_str().unwrap().is_empty());
        assert!(r.get("helpUri").is_none());
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note", "none"].contains(&level));
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    for res in results {
        let id = res["ruleId"].as_str().unwrap();
        let index = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id);
        assert!(["error", "warning", "note"].contains(&res["level"].as_str().unwrap()));
        assert!(!res["message"]["text"].as_str().unwrap().is_empty());
        let loc = &res["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert_eq!(uri, "crates/host/src/lib.rs");
        assert!(!uri.starts_with('/') && !uri.contains('\\'));
        assert_eq!(loc["region"]["startLine"], 1);
        assert_eq!(loc["region"]["startColumn"], 1);
        let related = res["relatedLocations"].as_array().unwrap();
        assert_eq!(
            related[0]["physicalLocation"]["artifactLocation"]["uri"],
            "crates/host/Cargo.toml"
        );
    }
}

#[test]
fn github_annotations() {
    let out = lint_in(
        &ui("internal-bindgen-crate/manifest-and-code"),
        &["--format", "github"],
    );
    assert_eq!(code(&out), 1);
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("::error file=Cargo.toml,line=7,col=1,endLine=7,endColumn=30,title=airssys-lint(internal-bindgen-crate)::"),
        "{first}"
    );
    assert!(
        first.contains("%0Ahelp: "),
        "multi-line messages are escaped: {first}"
    );
    assert_eq!(text.lines().count(), 4);
}

#[test]
fn human_output_has_rustc_layout() {
    let out = lint_in(
        &ui("guest-bindgen-in-host/renamed-dependency"),
        &["--color", "never"],
    );
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(
        text.starts_with("error[guest-bindgen-in-host]: `wb::generate!`"),
        "{text}"
    );
    assert!(text.contains(" --> src/lib.rs:1:1\n"));
    assert!(text.contains("  = help: use `wasmtime::component::bindgen!`"));
    assert!(text.ends_with("error: 1 error emitted\n"));
    assert!(!text.contains('\u{1b}'));
    let colored = lint_in(
        &ui("guest-bindgen-in-host/renamed-dependency"),
        &["--color", "always"],
    );
    assert!(String::from_utf8_lossy(&colored.stderr).contains('\u{1b}'));
}

/// Non-UTF-8, unparsable, oversized and unreadable files, and a symlink loop, are reported
/// (or skipped) while the rest of the tree is still linted.
#[test]
fn bad_files_do_not_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("host/Cargo.toml"),
        "[package]\nname = \"h\"\nversion = \"0.1.0\"\nedition = \"2024\"\n[dependencies]\nwasmtime = \"48\"\nwit-bindgen = \"0.63\"\n",
    );
    write(
        &root.join("host/wit/w.wit"),
        "package a:b@0.1.0;\nworld w { export run: func(); }\n",
    );
    write(
        &root.join("host/src/broken.rs"),
        "fn f( { wit_bindgen::generate!(\"w\"); }\n",
    );
    let mut latin1 = b"// caf\xe9\nwit_bindgen::generate!(\"w\");\n".to_vec();
    latin1.extend_from_slice(b"\xff\xfe");
    std::fs::write(root.join("host/src/latin1.rs"), latin1).unwrap();
    let mut big = String::from("wit_bindgen::generate!(\"w\");\n");
    while big.len() < 5000 {
        big.push_str("// padding padding padding padding padding padding padding\n");
    }
    write(&root.join("host/src/big.rs"), &big);
    write(
        &root.join("host/src/main.rs"),
        "wit_bindgen::generate!(\"w\");\nmod big;\nmod broken;\nmod ignored;\nmod latin1;\nmod zzz;\nfn main() {}\n",
    );
    // The one that must still be found, after the bad ones in walk order.
    write(
        &root.join("host/src/zzz.rs"),
        "wit_bindgen::generate!(\"w\");\n",
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("host"), root.join("host/src/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("host/src/self.rs"), root.join("host/src/self.rs"))
            .unwrap();
    }
    // Files under target/ and .gitignored files are not looked at.
    write(&root.join("host/target/debug/x.rs"), "fn f( {");
    write(&root.join("host/.gitignore"), "ignored.rs\n");
    write(
        &root.join("host/src/ignored.rs"),
        "wit_bindgen::generate!(\"w\");",
    );

    let out = lint_in(root, &["--format", "json", "--max-file-size", "4096"]);
    assert_eq!(code(&out), 1);
    let v = json(&out);
    let diags = v["diagnostics"].as_array().unwrap();
    let of = |rule: &str| -> Vec<String> {
        diags
            .iter()
            .filter(|d| d["rule"] == rule)
            .map(|d| d["primary"]["file"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        of("guest-bindgen-in-host"),
        ["host/src/main.rs", "host/src/zzz.rs"]
    );
    assert_eq!(
        of("parse-error"),
        ["host/src/broken.rs", "host/src/latin1.rs"]
    );
    assert_eq!(of("skipped-file"), ["host/src/big.rs"]);
    let messages: Vec<&str> = diags
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("not valid UTF-8")),
        "{messages:?}"
    );
}

/// Linting a directory inside a package uses that package's manifest for context.
#[test]
fn root_inside_a_package() {
    let case = ui("guest-bindgen-in-host/renamed-dependency");
    let out = lint_in(&case.join("src"), &["--format", "json"]);
    assert_eq!(code(&out), 1);
    let v = json(&out);
    assert_eq!(v["diagnostics"][0]["rule"], "guest-bindgen-in-host");
    assert_eq!(v["diagnostics"][0]["primary"]["file"], "lib.rs");
}

/// Deeply nested source neither overflows the stack (an abort, not even a panic) nor stops
/// the run: what is nested deeper than the parser's limit is a `parse-error`, and nesting
/// up to the limit (256 nested items cost a debug build several MiB of stack) is linted.
#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("Cargo.toml"),
        "[package]\nname = \"h\"\nversion = \"0.1.0\"\nedition = \"2024\"\n[dependencies]\nwasmtime = \"48\"\n",
    );
    let n = 100_000;
    write(
        &root.join("src/parens.rs"),
        &format!(
            "fn f() {{ let x = {}1{}; }}\nwit_bindgen::generate!(\"w\");\n",
            "(".repeat(n),
            ")".repeat(n)
        ),
    );
    write(
        &root.join("src/items.rs"),
        &format!(
            "{}{}\nwit_bindgen::generate!(\"w\");\n",
            "fn f() {".repeat(256),
            "}".repeat(256)
        ),
    );
    write(
        &root.join("src/main.rs"),
        "mod items;\nmod parens;\nfn main() {}\n",
    );
    let out = lint_in(root, &["--format", "json"]);
    assert!(
        out.status.code().is_some(),
        "killed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let diags = v["diagnostics"].as_array().unwrap();
    let of = |rule: &str| -> Vec<&str> {
        diags
            .iter()
            .filter(|d| d["rule"] == rule)
            .map(|d| d["primary"]["file"].as_str().unwrap())
            .collect()
    };
    assert_eq!(of("parse-error"), ["src/parens.rs"]);
    assert_eq!(of("guest-bindgen-in-host"), ["src/items.rs"]);
}

/// Linting one member of a workspace uses the workspace's configuration.
#[test]
fn config_is_found_in_a_parent_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("Cargo.toml"),
        "[workspace]\nmembers = [\"crates/host\"]\n\n[workspace.metadata.airssys-lint]\nignore = [\"gen.rs\"]\n[workspace.metadata.airssys-lint.rules]\nguest-bindgen-in-host = \"warn\"\nbindgen-wit-missing = \"allow\"\n",
    );
    write(
        &root.join("crates/host/Cargo.toml"),
        "[package]\nname = \"h\"\nversion = \"0.1.0\"\nedition = \"2024\"\n[dependencies]\nwasmtime = \"48\"\n",
    );
    write(
        &root.join("crates/host/src/main.rs"),
        "mod r#gen;\nwit_bindgen::generate!(\"w\");\nfn main() {}\n",
    );
    write(
        &root.join("crates/host/src/gen.rs"),
        "wit_bindgen::generate!(\"w\");\n",
    );
    for (cwd, path) in [
        (root.to_path_buf(), "crates/host"),
        (root.join("crates/host/src"), "."),
    ] {
        let out = lint_in(&cwd, &["--format", "json", path]);
        assert_eq!(code(&out), 0, "from {}", cwd.display());
        let v = json(&out);
        let rules: Vec<(&str, &str)> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["rule"].as_str().unwrap(), d["level"].as_str().unwrap()))
            .collect();
        assert_eq!(
            rules,
            [("guest-bindgen-in-host", "warning")],
            "from {}",
            cwd.display()
        );
    }
}
