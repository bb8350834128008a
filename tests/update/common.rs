//! Shared by tests/update_*.rs: running the binary, user edits, the insertion-only check and
//! one `cargo check` over several crates.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub use crate::support::repo;

/// tests/update/v<N>: the fixture package after N-1 WIT edits.
pub fn version(n: u32) -> String {
    repo()
        .join(format!("tests/update/v{n}"))
        .display()
        .to_string()
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn gen_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_airssys-gen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run airssys-gen");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A user edit: replaces the one occurrence of `from` in the file.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert_eq!(
        text.matches(from).count(),
        1,
        "{}: expected exactly one `{from}`",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Asserts `new` is `old` with text inserted and nothing removed or changed; returns the
/// inserted pieces, joined.
pub fn only_insertions(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_chars(old, new);
    let mut inserted = String::new();
    for op in diff.ops() {
        for change in diff.iter_changes(op) {
            match change.tag() {
                similar::ChangeTag::Equal => {}
                similar::ChangeTag::Insert => inserted.push_str(change.value()),
                similar::ChangeTag::Delete => panic!(
                    "user code changed, not only inserted into:\n--- old\n{old}\n--- new\n{new}"
                ),
            }
        }
    }
    inserted
}

/// The words of a text: insertions compared regardless of where the diff puts newlines.
pub fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// Every `.rs` file of a crate's `src/`, keyed by relative path.
pub fn rust_files(dir: &Path) -> std::collections::BTreeMap<PathBuf, String> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.join("src")];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), read(&p));
            }
        }
    }
    out
}

/// 1-based line and column of the only occurrence of `needle` in `text`.
pub fn line_col(text: &str, needle: &str) -> (usize, usize) {
    assert_eq!(text.matches(needle).count(), 1, "`{needle}` not unique");
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

/// Copies a crate (sources, manifest, WIT) under `ws` as package `name`.
pub fn snapshot(dir: &Path, ws: &Path, name: &str) {
    let dest = ws.join(name);
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in std::fs::read_dir(dir.join(&rel)).unwrap().flatten() {
            let child = rel.join(entry.file_name());
            if child == Path::new("target") {
                continue;
            }
            if entry.path().is_dir() {
                stack.push(child);
            } else {
                std::fs::create_dir_all(dest.join(&rel)).unwrap();
                std::fs::copy(entry.path(), dest.join(&child)).unwrap();
            }
        }
    }
    let manifest = dest.join("Cargo.toml");
    let text = read(&manifest);
    let start = text.find("\nname = \"").expect("package name") + "\nname = \"".len();
    let end = start + text[start..].find('"').unwrap();
    std::fs::write(
        &manifest,
        format!("{}{name}{}", &text[..start], &text[end..]),
    )
    .unwrap();
}

/// `cargo check` of every snapshot in `ws` in one workspace, against the shared scaffold
/// target dir, with warnings denied.
pub fn cargo_check(ws: &Path, members: &[&str]) {
    let members: Vec<String> = members.iter().map(|m| m.to_string()).collect();
    crate::support::write_workspace(ws, &members, "");
    crate::support::cargo_check(ws, true);
}

/// Asserts an update report mentions every one of `needles`.
pub fn assert_reported(report: &str, needles: &[&str]) {
    for needle in needles {
        assert!(report.contains(needle), "missing `{needle}`:\n{report}");
    }
}
