//! End to end with untouched scaffolds: a generated guest, built as is, instantiates in the
//! generated host's runner, and the first call into a `todo!()` export is reported as one
//! clean error naming the function — non-zero exit, no host panic.

mod support;

use std::process::Output;

use airssys_gen::wit::{WitPackage, WitSource};

/// Generates the pair for `world`, builds both untouched, runs the runner on the component.
fn run_untouched(source: WitSource, world: &str, tag: &str) -> Output {
    let package = WitPackage::load(&source).unwrap();
    let world = package.select_world(Some(world)).unwrap();

    let pair = support::build_pair(&package, world, &format!("e2e-untouched-{tag}"), None);
    support::run_host(&pair.runner, &pair.wasm)
}

/// The run failed cleanly at `label`: exit 1, `error: calling `<label>`` on stderr, the
/// guest's `todo!()` message, instantiation succeeded, and no panic on the host side (the
/// only `panicked at` is the guest's own, in its src/lib.rs).
fn assert_clean_trap(out: &Output, label: &str) {
    let run = support::describe(out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected exit 1 (an error, not a crash):\n{run}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("error: calling `{label}`")),
        "stderr does not name the failing export `{label}`:\n{run}"
    );
    assert!(
        stderr.contains(&format!("not yet implemented: {label}")),
        "the guest's todo!() message is missing:\n{run}"
    );
    assert!(
        !stderr.contains("instantiating"),
        "the component should instantiate:\n{run}"
    );
    assert!(!stderr.contains("host function panicked"), "{run}");
    for line in stderr.lines().filter(|l| l.contains("panicked at")) {
        assert!(
            line.contains("src/lib.rs"),
            "a panic outside the guest: `{line}`\n{run}"
        );
    }
    assert_eq!(
        stderr.matches("error: ").count(),
        1,
        "one error message:\n{run}"
    );
}

#[test]
fn untouched_bundled_scaffolds_report_the_todo_export_as_a_clean_error() {
    let out = run_untouched(WitSource::Bundled, "runtime-host", "bundled");
    assert_clean_trap(&out, "airssys:core/component-lifecycle.init");
    // Nothing was printed as a result: the first export already failed.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains(" -> "), "{}", support::describe(&out));
}

#[test]
fn untouched_world_function_scaffolds_report_the_todo_export_as_a_clean_error() {
    let wit = support::repo().join("tests/e2e/resources/wit");
    let out = run_untouched(WitSource::Path(wit), "resources", "resources");
    assert_clean_trap(&out, "e2e:resources/resources.count-with-host");
}
