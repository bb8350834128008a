//! Every WIT package in tests/corpus/ (and the bundled one) scaffolds into a sync and an async
//! host crate that
//! passes `cargo clippy -- -D warnings` (which includes rustc's warnings) against the real
//! wasmtime 48 `bindgen!`. All hosts are checked in one generated workspace with the shared
//! target dir, so wasmtime is compiled once.

mod support;

use airssys_gen::scaffold::host::Execution;
use airssys_gen::wit::WitPackage;

#[test]
fn corpus_has_enough_cases() {
    // The bundled package plus at least 10 corpus cases.
    assert!(
        support::corpus_sources().len() > 10,
        "the corpus must cover at least 10 cases"
    );
}

#[test]
fn every_corpus_world_scaffolds_a_host_that_passes_clippy_with_deny_warnings() {
    let ws = support::work_dir("host-corpus");
    let mut members = Vec::new();
    for (case, source) in support::corpus_sources() {
        let package = WitPackage::load(&source).unwrap_or_else(|e| panic!("{case}: {e}"));
        for world_name in package.world_names() {
            let world = package.select_world(Some(&world_name)).unwrap();
            // Every world as a sync and as an async (`--async`) host.
            for (prefix, execution) in [("host", Execution::Sync), ("host-async", Execution::Async)]
            {
                let member = format!("{prefix}-{case}-{world_name}");
                let files =
                    airssys_gen::scaffold::host::generate(&package, world, &member, execution)
                        .unwrap_or_else(|e| panic!("{case}/{world_name} ({prefix}): {e}"));
                support::write_files(&files, &ws.join(&member));
                members.push(member);
            }
        }
    }
    support::write_workspace(&ws, &members, "");
    support::cargo_clippy(&ws, true);
}
