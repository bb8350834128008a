//! End to end with resources both ways and world-level functions (tests/e2e/resources): the
//! guest creates and calls a resource the host implements, the host constructs and calls a
//! resource the guest implements (methods, a static taking two borrows, a free function
//! returning one), and world-level imports and exports cross in both directions.

mod support;

use airssys_gen::wit::{WitPackage, WitSource};

#[test]
fn resources_cross_both_ways_and_world_functions_work() {
    let fixture = support::repo().join("tests/e2e/resources");
    let package = WitPackage::load(&WitSource::Path(fixture.join("wit"))).unwrap();
    let world = package.select_world(Some("resources")).unwrap();

    let support::Pair { wasm, runner } =
        support::build_pair(&package, world, "e2e-resources", Some(&fixture));
    let script = support::host_bin("resources-script");

    // The generated runner calls the exports it can sample.
    let out = support::run_host(&runner, &wasm);
    let run = support::describe(&out);
    assert_eq!(out.status.code(), Some(0), "{run}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "e2e:resources/resources.count-with-host -> 0",
        "e2e:resources/resources.version -> \"resources-e2e 1\"",
        "e2e:resources/accumulators.make-default -> ",
        "[host] counter.new 0",
        "[host] note: counted 0 step(s)",
    ] {
        assert!(
            stdout.contains(needle),
            "runner output lacks `{needle}`:\n{run}"
        );
    }

    let out = support::run_host(&script, &wasm);
    let run = support::describe(&out);
    assert_eq!(out.status.code(), Some(0), "{run}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let expected = [
        "version -> resources-e2e 1",
        // Host resource, created and called by the guest, dropped when the guest is done.
        "[host] counter.new 10",
        "[host] counter.add 1 -> 11",
        "[host] counter.add 2 -> 13",
        "[host] counter.add 3 -> 16",
        "[host] note: counted 3 step(s)",
        "[host] counter.drop (value 16)",
        "count-with-host(10, [1, 2, 3]) -> 16",
        "[host] counter.new -5",
        "[host] counter.add 5 -> 0",
        "[host] note: counted 1 step(s)",
        "[host] counter.drop (value 0)",
        "count-with-host(-5, [5]) -> 0",
        "counters created: 2",
        // Guest resource, constructed and called by the host.
        "sum(a) -> 3",
        "describe(b) -> b: [40]",
        "sum(merge(a, b)) -> 43",
        "describe(merge(a, b)) -> a+b: [1, 2, 40]",
        "describe(make-default()) -> default: []",
        // The host's resource_drop runs the guest's destructors.
        "[host] note: accumulator a dropped",
        "[host] note: accumulator b dropped",
        "[host] note: accumulator a+b dropped",
        "[host] note: accumulator default dropped",
        "done",
    ];
    // In this order (other lines may come between).
    let mut at = 0;
    for line in expected {
        match lines[at..].iter().position(|l| *l == line) {
            Some(i) => at += i + 1,
            None => panic!("script output lacks `{line}` (in order):\n{run}"),
        }
    }
}
