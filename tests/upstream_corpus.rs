//! Every world of wasmtime 48's own `bindgen!` test corpus (`tests/codegen/` of the
//! `wasmtime-internal-component-macro` 48.0.8 crate, a dev-dependency so cargo always has it)
//! scaffolds into a host and a guest crate that pass `cargo clippy -- -D warnings`, or the tool
//! refuses it with the reason. The refusals are listed in [`REFUSED`], each checked against
//! the bare upstream macro (see the table's comments); the test asserts the tool refuses
//! exactly those.

mod support;

use std::path::PathBuf;

use airssys_gen::scaffold::host::Execution;
use airssys_gen::wit::{Features, WitPackage, WitSource};

/// `(case, world, side, part of the reason)`: worlds the tool refuses, because the bare
/// upstream macro call for that world fails too, except those under "not generated yet".
const REFUSED: &[(&str, &str, &str, &str)] = &[
    // wit-bindgen 0.63's WIT parser (wit-parser 0.262) rejects these, so `generate!` does too;
    // wasmtime 48's (0.254) accepts them.
    (
        "flags",
        "the-flags",
        "guest",
        "flags.wit:32:9: cannot have more than 32 flags",
    ),
    (
        "records",
        "the-world",
        "guest",
        "records.wit:7:10: empty record",
    ),
    ("simple-wasi", "wasi", "guest", "empty record"),
    ("use-paths", "d", "guest", "empty record"),
    ("variants", "my-world", "guest", "empty record"),
    ("worlds-with-types", "foo", "guest", "empty record"),
    (
        "ui-multi-file",
        "more-depends-on-later-things",
        "guest",
        "bar.wit:4:10: empty record",
    ),
    (
        "ui-multi-file",
        "the-world",
        "guest",
        "bar.wit:4:10: empty record",
    ),
    (
        "ui-union-fuzz-2",
        "foo",
        "guest",
        "union-fuzz-2.wit:11:12: empty record",
    ),
    (
        "ui-union-fuzz-2",
        "bar",
        "guest",
        "union-fuzz-2.wit:11:12: empty record",
    ),
    // wit-parser 0.254 with every feature on, as `bindgen!` parses, rejects the package: a
    // bare `bindgen!({ path: "wit" })` fails with the same error (checked by hand).
    (
        "ui-foreign-world-dep-gated",
        "*",
        "load",
        "interface not found in package",
    ),
    // The macros' own output does not compile; a crate holding only the bare macro call for
    // the world fails the same way (checked by hand with wasmtime 48.0.8 and wit-bindgen 0.63).
    // A package in namespace `wasmtime` becomes a module that shadows the crate:
    (
        "ui-gated-include",
        "*",
        "host",
        "shadows the `wasmtime` crate",
    ),
    // An inline `import foo: interface {..}` beside a package `foo:..` (E0428):
    (
        "ui-disambiguate-diamond",
        "foo",
        "host",
        "two items named `foo`",
    ),
    (
        "ui-disambiguate-diamond",
        "foo",
        "guest",
        "two items named `foo`",
    ),
    (
        "ui-world-implicit-import1",
        "the-world",
        "host",
        "two items named `foo`",
    ),
    (
        "ui-world-implicit-import1",
        "the-world",
        "guest",
        "two items named `foo`",
    ),
    // A world resource `s` renamed by `include .. with`: `S` clashes with a generic parameter.
    ("ui-with-resource-as", "b", "host", "type `S`"),
    // `.wat` dependencies need wit-parser's `wat` feature, which `bindgen!` does not enable
    // (a bare `bindgen!` fails on it too).
    ("ui-kinds-of-deps", "*", "load", "d.wat:1:1"),
    // wit-bindgen-core 0.63 panics: "handle types do not require definition".
    (
        "resources-import",
        "the-world",
        "guest",
        "generator panics: handle types",
    ),
];

/// `rel` inside the registry copy of `krate` (a dependency, so cargo has fetched it).
fn registry_dir(krate: &str, rel: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cargo"));
    let src = home.join("registry/src");
    for index in std::fs::read_dir(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display())) {
        let dir = index.unwrap().path().join(krate).join(rel);
        if dir.is_dir() {
            return dir;
        }
    }
    panic!(
        "{krate} is not in {}: run `cargo fetch` (it is a dependency)",
        src.display()
    );
}

/// wasmtime 48's `bindgen!` corpus, and wit-parser 0.254's valid UI cases (those with a
/// `.wit.json` beside them; `parse-fail/` is left out).
fn cases() -> Vec<(String, PathBuf)> {
    let mut cases = Vec::new();
    let codegen = registry_dir("wasmtime-internal-component-macro-48.0.8", "tests/codegen");
    for e in std::fs::read_dir(codegen).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        cases.push((name, path));
    }
    let ui = registry_dir("wit-parser-0.254.2", "tests/ui");
    for e in std::fs::read_dir(&ui).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let stem = name.trim_end_matches(".wit");
        if ui.join(format!("{stem}.wit.json")).is_file() && !name.ends_with(".json") {
            cases.push((format!("ui-{stem}"), path));
        }
    }
    cases.sort();
    cases
}

/// The table's reason for a refusal; a `*` world stands for every world of the case.
fn refused(case: &str, world: &str, side: &str) -> Option<&'static str> {
    REFUSED
        .iter()
        .find(|r| r.0 == case && (r.1 == world || r.1 == "*") && r.2 == side)
        .map(|r| r.3)
}

#[test]
fn every_upstream_corpus_world_scaffolds_or_is_refused_with_the_upstream_reason() {
    let ws = support::work_dir("upstream-corpus");
    let mut members = Vec::new();
    let mut refusals = Vec::new();
    let mut problems = Vec::new();
    for (case, path) in cases() {
        // Host side: as wasmtime's bindgen! parses, every feature on.
        // A package wit-parser 0.254 with every feature on rejects, `bindgen!` (the same
        // parser, the same settings) rejects too: the tool refuses it with the parse error.
        let host = match WitPackage::load_with(&WitSource::Path(path.clone()), &Features::all()) {
            Ok(host) => host,
            Err(e) => {
                refusals.push((case.clone(), "*".to_string(), "load", e.to_string()));
                continue;
            }
        };
        // Guest side: `generate!` enables no feature unless told; the scaffold asks for all of
        // them where the WIT has gated items (`--all-features`), as a user would.
        let guest_features =
            if std::fs::read_to_string(&path).is_ok_and(|t| t.contains("@unstable")) {
                Features::all()
            } else {
                Features::default()
            };
        let guest = WitPackage::load_with(&WitSource::Path(path.clone()), &guest_features);
        for world_name in host.world_names() {
            let world = host.select_world(Some(&world_name)).unwrap();
            // Every world as a sync and as an async (`--async`) host.
            for (prefix, execution) in [("host", Execution::Sync), ("host-async", Execution::Async)]
            {
                let member = format!("{prefix}-{case}-{world_name}");
                match airssys_gen::scaffold::host::generate(&host, world, &member, execution) {
                    Ok(files) => {
                        support::write_files(&files, &ws.join(&member));
                        members.push(member);
                    }
                    Err(e) => {
                        refusals.push((case.clone(), world_name.clone(), "host", e.to_string()))
                    }
                }
            }
            let member = format!("guest-{case}-{world_name}");
            let result = match &guest {
                Ok(g) => match g.select_world(Some(&world_name)) {
                    Ok(w) => {
                        airssys_gen::scaffold::guest::generate_with(g, w, &member, &guest_features)
                            .map_err(|e| e.to_string())
                    }
                    Err(e) => Err(e.to_string()),
                },
                Err(e) => Err(e.to_string()),
            };
            match result {
                Ok(files) => {
                    support::write_files(&files, &ws.join(&member));
                    members.push(member);
                }
                Err(e) => refusals.push((case.clone(), world_name.clone(), "guest", e)),
            }
        }
    }
    for (case, world, side, message) in &refusals {
        match refused(case, world, side) {
            Some(reason) if message.contains(reason) => {}
            Some(reason) => problems.push(format!(
                "{case}/{world} ({side}): refused, but not for `{reason}`: {message}"
            )),
            None => problems.push(format!(
                "{case}/{world} ({side}): refused unexpectedly: {message}"
            )),
        }
    }
    for (case, world, side, _) in REFUSED {
        if !refusals
            .iter()
            .any(|r| r.0 == *case && (r.1 == *world || *world == "*") && r.2 == *side)
        {
            problems.push(format!("{case}/{world} ({side}): expected a refusal"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(members.len() >= 40, "too few crates: {members:?}");
    support::write_workspace(&ws, &members, support::GUEST_RELEASE_PROFILE);
    support::cargo_clippy(&ws, true);
}
