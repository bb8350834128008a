//! Guests build into real wasm32-wasip2 components: the bundled package and every corpus
//! world, untouched scaffolds, in one cargo run on the shared wasm target dir. Needs a wasm
//! toolchain (see tests/support): fails, never skips, without one.

mod support;

use std::path::PathBuf;

use airssys_gen::wit::{WitPackage, WitSource};

#[test]
fn scaffolded_guests_build_into_wasm32_wasip2_components() {
    let ws = support::work_dir("guest-wasm");
    let mut sources = vec![("bundled".to_string(), WitSource::Bundled)];
    let mut cases: Vec<PathBuf> = std::fs::read_dir(support::repo().join("tests/corpus"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        sources.push((name, WitSource::Path(case)));
    }
    let mut members = Vec::new();
    let mut expected_exports = Vec::new();
    for (case, source) in &sources {
        let package = WitPackage::load(source).unwrap_or_else(|e| panic!("{case}: {e}"));
        for world_name in package.world_names() {
            let world = package.select_world(Some(&world_name)).unwrap();
            let member = format!("wasm-{case}-{world_name}");
            let files = airssys_gen::scaffold::guest::generate(&package, world, &member)
                .unwrap_or_else(|e| panic!("{case}/{world_name}: {e}"));
            support::write_files(&files, &ws.join(&member));
            members.push(member);
            expected_exports.push(export_names(&package.resolve, world));
        }
    }
    // The issue names these explicitly; make sure the corpus still has them.
    for required in [
        "wasm-bundled-runtime-host",
        "wasm-resources-export-cache",
        "wasm-world-functions-scheduler",
    ] {
        assert!(
            members.iter().any(|m| m == required),
            "{required} missing from {members:?}"
        );
    }
    support::write_workspace(&ws, &members, support::GUEST_RELEASE_PROFILE);
    let wasms = support::build_components(&ws, &members);
    for ((wasm, expected), member) in wasms.iter().zip(&expected_exports).zip(&members) {
        support::assert_is_component(wasm);
        // The component really exports the world's exports (decoded from the binary).
        let bytes = std::fs::read(wasm).unwrap();
        let decoded = wit_component::decode(&bytes)
            .unwrap_or_else(|e| panic!("{member}: cannot decode {}: {e:#}", wasm.display()));
        let wit_component::DecodedWasm::Component(resolve, world) = decoded else {
            panic!("{member}: {} is not a component", wasm.display());
        };
        assert_eq!(
            &export_names(&resolve, world),
            expected,
            "{member}: exports of the built component"
        );
    }
}

/// `ns:pkg/iface@v` / function names a world exports, sorted.
fn export_names(resolve: &wit_parser::Resolve, world: wit_parser::WorldId) -> Vec<String> {
    let mut names: Vec<String> = resolve.worlds[world]
        .exports
        .keys()
        .map(|k| resolve.name_world_key(k))
        .collect();
    names.sort();
    names
}
