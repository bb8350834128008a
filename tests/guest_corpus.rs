//! Every world of every WIT package in tests/corpus/ (and the bundled one) scaffolds into a
//! guest crate that passes `cargo check` and `cargo clippy` with `RUSTFLAGS="-D warnings"`
//! natively, against the real wit-bindgen 0.63 `generate!`. All guests are checked in one
//! generated workspace with the shared target dir, so each check is one cargo run.
//!
//! Building real wasm32-wasip2 components is in tests/guest_wasm.rs.

mod support;

use std::path::PathBuf;

use airssys_gen::wit::WitPackage;

#[test]
fn every_corpus_world_scaffolds_a_guest_that_passes_check_and_clippy_with_deny_warnings() {
    let ws = support::work_dir("guest-corpus");
    let mut members = Vec::new();
    for (case, source) in support::corpus_sources() {
        let package = WitPackage::load(&source).unwrap_or_else(|e| panic!("{case}: {e}"));
        for world_name in package.world_names() {
            let world = package.select_world(Some(&world_name)).unwrap();
            let member = format!("guest-{case}-{world_name}");
            let files = airssys_gen::scaffold::guest::generate(&package, world, &member)
                .unwrap_or_else(|e| panic!("{case}/{world_name}: {e}"));
            let lib = String::from_utf8(files.files[&PathBuf::from("src/lib.rs")].clone()).unwrap();
            syn::parse_file(&lib).unwrap_or_else(|e| {
                panic!("{case}/{world_name}: src/lib.rs does not parse: {e}\n{lib}")
            });
            assert!(
                !lib.contains("_rt::"),
                "{case}/{world_name}: generator plumbing leaked into the stubs:\n{lib}"
            );
            support::write_files(&files, &ws.join(&member));
            members.push(member);
        }
    }
    assert!(members.len() >= 10, "too few worlds: {members:?}");
    support::write_workspace(&ws, &members, support::GUEST_RELEASE_PROFILE);
    support::cargo_check(&ws, true);
    support::cargo_clippy(&ws, true);
}
