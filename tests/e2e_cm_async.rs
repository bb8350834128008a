//! Component Model async end to end: a world with imported and exported `async func`s
//! (tests/e2e/cm-async) scaffolded as a host and a guest, filled in from the fixture, the guest
//! built with wit-bindgen 0.63 into a wasm32-wasip2 component and run by the generated runner
//! on wasmtime 48 (exports through `run_concurrent`, imports through `*WithStore` impls that
//! reach the state with an `Accessor`).

mod support;

use airssys_gen::scaffold::host::Execution;
use airssys_gen::wit::{WitPackage, WitSource};

#[test]
fn async_func_imports_and_exports_run_end_to_end() {
    let fixture = support::repo().join("tests/e2e/cm-async");
    let package = WitPackage::load(&WitSource::Path(fixture.join("wit"))).unwrap();
    let world = package.select_world(None).unwrap();
    // The caller asks for a sync host; the world's `async func`s make it async.
    let support::Pair { wasm, runner } = support::build_pair_with(
        &package,
        world,
        "e2e-cm-async",
        Some(&fixture.join("guest")),
        Some(&fixture.join("host")),
        Execution::Sync,
    );
    let out = support::run_host(&runner, &wasm);
    let run = support::describe(&out);
    assert_eq!(out.status.code(), Some(0), "{run}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    // In call order: the world's export, then the interface's, each awaiting host imports.
    let expected = [
        "[host] pause 5",
        "[host] log started",
        "acme:cm-async/greeter-world.start -> ok",
        "[host] clock.now #1",
        "[host] clock.now #2",
        "[host] log greeting example",
        "acme:cm-async/greeter.greet -> \"hello example at 1700000001, then 1700000002\"",
        "acme:cm-async/greeter.count -> 1",
    ];
    assert_eq!(lines, expected, "{run}");
}
