//! UI tests for `airssys-lint`, in clippy's style: every directory `tests/ui/<rule>/<case>/`
//! is a small tree (crates, WIT, config) that is linted on its own; the human output is
//! compared with `tests/ui/<rule>/<case>.stderr` beside it. `BLESS=1 cargo test --test
//! lint_ui` rewrites the `.stderr` files that differ.
//!
//! A case directory may hold `ui-options.toml` with `max_file_size = N` (bytes), or
//! `wit_baseline = "REV"`: the case is then linted in a temporary git repository whose commit
//! `REV` holds the case with the files under its `baseline/` laid over it, and whose working
//! tree is the case itself.

use std::path::{Path, PathBuf};

use airssys_gen::diag::{self, Summary};
use airssys_gen::lint::{self, Options, rules};

fn ui_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui")
}

fn cases() -> Vec<PathBuf> {
    let mut cases = Vec::new();
    for rule in std::fs::read_dir(ui_root()).unwrap() {
        let rule = rule.unwrap().path();
        if !rule.is_dir() {
            continue;
        }
        for case in std::fs::read_dir(&rule).unwrap() {
            let case = case.unwrap().path();
            if case.is_dir() {
                cases.push(case);
            }
        }
    }
    cases.sort();
    cases
}

fn render(case: &Path) -> String {
    let mut options = Options {
        paths: vec![case.to_path_buf()],
        display_base: Some(case.to_path_buf()),
        ..Options::default()
    };
    let mut _repo = None;
    if let Ok(text) = std::fs::read_to_string(case.join("ui-options.toml")) {
        let table: toml::Table = text.parse().unwrap();
        if let Some(n) = table.get("max_file_size").and_then(|v| v.as_integer()) {
            options.max_file_size = n as u64;
        }
        if let Some(rev) = table.get("wit_baseline").and_then(|v| v.as_str()) {
            let repo = baseline_repo(case, rev);
            options.paths = vec![repo.path().to_path_buf()];
            options.display_base = Some(repo.path().to_path_buf());
            options.git_dir = Some(repo.path().to_path_buf());
            options.wit_baseline = Some(rev.to_string());
            _repo = Some(repo);
        }
    }
    let report = lint::run(&options).unwrap_or_else(|e| panic!("{}: {e}", case.display()));
    let mut out = diag::render_human(&report.diagnostics, &report.sources, false);
    out.push_str(&diag::render_human_summary(
        Summary::of(&report.diagnostics),
        false,
    ));
    out
}

/// A git repository: commit `rev` is the case with `baseline/` laid over it; the working
/// tree is the case (without `baseline/`).
fn baseline_repo(case: &Path, rev: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let copy = |from: &Path, skip_baseline: bool| {
        let mut stack = vec![PathBuf::new()];
        while let Some(rel) = stack.pop() {
            for entry in std::fs::read_dir(from.join(&rel)).unwrap() {
                let entry = entry.unwrap();
                let child = rel.join(entry.file_name());
                if skip_baseline
                    && (child == Path::new("baseline") || child == Path::new("ui-options.toml"))
                {
                    continue;
                }
                if entry.path().is_dir() {
                    stack.push(child);
                } else {
                    let dest = tmp.path().join(&child);
                    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                    std::fs::copy(entry.path(), dest).unwrap();
                }
            }
        }
    };
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    copy(case, true);
    copy(&case.join("baseline"), false);
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "baseline"]);
    git(&["tag", rev]);
    copy(case, true);
    tmp
}

#[test]
fn ui() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for case in cases() {
        let expected_path = case.with_extension("stderr");
        let actual = render(&case);
        let expected = std::fs::read_to_string(&expected_path);
        if expected.as_deref().ok() == Some(actual.as_str()) {
            continue;
        }
        let expected = expected.unwrap_or_default();
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            eprintln!("blessed {}", expected_path.display());
            continue;
        }
        let diff = similar::TextDiff::from_lines(&expected, &actual)
            .unified_diff()
            .header("expected", "actual")
            .to_string();
        failures.push(format!(
            "{} differs (BLESS=1 to accept):\n{diff}",
            case.strip_prefix(ui_root()).unwrap().display()
        ));
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every rule has docs in clippy's shape and UI cases that show it firing and not firing.
#[test]
fn every_rule_has_ui_tests_and_docs() {
    let cases = cases();
    for rule in rules::RULES {
        let info = rule.info();
        for heading in [
            "### What it does",
            "### Why is this bad",
            "### Example",
            "### Use instead",
        ] {
            assert!(
                info.docs.contains(heading),
                "`{}` docs lack `{heading}`",
                info.id
            );
        }
        assert!(
            !info.summary.ends_with('.'),
            "`{}` summary ends with a period",
            info.id
        );
        let mine: Vec<&PathBuf> = cases
            .iter()
            .filter(|c| c.parent().unwrap().file_name().unwrap() == info.id)
            .collect();
        let tag = format!("[{}]", info.id);
        let fires = mine.iter().any(|c| {
            std::fs::read_to_string(c.with_extension("stderr"))
                .unwrap_or_default()
                .contains(&tag)
        });
        let quiet = mine.iter().any(|c| {
            !std::fs::read_to_string(c.with_extension("stderr"))
                .unwrap_or_default()
                .contains(&tag)
        });
        assert!(
            fires,
            "no UI case in tests/ui/{}/ shows `{}` firing",
            info.id, info.id
        );
        assert!(quiet, "no negative UI case in tests/ui/{}/", info.id);
    }
    // No stray directories for rules that do not exist.
    for dir in std::fs::read_dir(ui_root()).unwrap() {
        let dir = dir.unwrap().path();
        if dir.is_dir() {
            let name = dir.file_name().unwrap().to_str().unwrap().to_string();
            assert!(
                lint::find_rule(&name).is_some(),
                "tests/ui/{name} is not a rule"
            );
        }
    }
}

/// Messages follow clippy's style: lowercase start, no trailing period.
#[test]
fn messages_are_lowercase_without_period() {
    for case in cases() {
        let options = Options {
            paths: vec![case.clone()],
            display_base: Some(case.clone()),
            ..Options::default()
        };
        for d in lint::run(&options).unwrap().diagnostics {
            let first = d.message.chars().next().unwrap();
            assert!(
                !first.is_uppercase() || d.message.starts_with("WIT"),
                "{}: message starts uppercase: {}",
                case.display(),
                d.message
            );
            assert!(
                !d.message.ends_with('.'),
                "{}: {}",
                case.display(),
                d.message
            );
        }
    }
}
