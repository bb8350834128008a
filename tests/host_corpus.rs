//! Every WIT package in tests/corpus/ (and the bundled one) scaffolds into a host crate that
//! passes `cargo clippy -- -D warnings` (which includes rustc's warnings) against the real
//! wasmtime 48 `bindgen!`. All hosts are checked in one generated workspace with one shared
//! target dir, so wasmtime is compiled once.

use std::path::{Path, PathBuf};
use std::process::Command;

use airssys_gen::wit::{WitPackage, WitSource};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Corpus packages: every directory under tests/corpus.
fn corpus_cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/corpus"))
        .expect("tests/corpus exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn corpus_has_enough_cases() {
    assert!(
        corpus_cases().len() >= 10,
        "the corpus must cover at least 10 cases"
    );
}

#[test]
fn every_corpus_world_scaffolds_a_host_that_passes_clippy_with_deny_warnings() {
    let ws = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    let mut sources: Vec<(String, WitSource)> = vec![("bundled".into(), WitSource::Bundled)];
    for case in corpus_cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        sources.push((name, WitSource::Path(case)));
    }
    for (case, source) in &sources {
        let package = WitPackage::load(source).unwrap_or_else(|e| panic!("{case}: {e}"));
        for world_name in package.world_names() {
            let world = package.select_world(Some(&world_name)).unwrap();
            let member = format!("host-{case}-{world_name}");
            let files = airssys_gen::scaffold::host::generate(&package, world, &member)
                .unwrap_or_else(|e| panic!("{case}/{world_name}: {e}"));
            files
                .write(&ws.path().join(&member), Default::default())
                .unwrap();
            members.push(member);
        }
    }
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    std::fs::write(ws.path().join("Cargo.toml"), manifest).unwrap();

    let out = Command::new("cargo")
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(ws.path())
        .env("CARGO_TARGET_DIR", repo().join("target/scaffold-target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("run cargo clippy");
    assert!(
        out.status.success(),
        "generated hosts fail `cargo clippy -- -D warnings` ({} crates: {}):\n{}",
        members.len(),
        members.join(", "),
        String::from_utf8_lossy(&out.stderr)
    );
}
