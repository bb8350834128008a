//! End to end on the bundled `airssys:core` world: generate a host and a guest, fill in both
//! with the calculator in tests/e2e/calculator (fixture files copied over the generated
//! stubs), build the guest into a wasm32-wasip2 component and the host natively, and run.
//!
//! Two runs: the generated runner (init, handle-message, shutdown, health with its sample
//! values) and a scripted conversation binary added to the host crate. The host prints every
//! host call it receives, so the assertions see both sides.

mod support;

use airssys_gen::scaffold::host::Execution;
use airssys_gen::wit::{WitPackage, WitSource};

#[test]
fn calculator_guest_and_host_work_end_to_end() {
    let package = WitPackage::load(&WitSource::Bundled).unwrap();
    let world = package.select_world(Some("runtime-host")).unwrap();
    let fixture = support::repo().join("tests/e2e/calculator");
    let pair = support::build_pair(&package, world, "e2e-calculator", Some(&fixture));
    check_conversation(pair, &support::host_bin("calculator-script"));
}

/// The same guest against an async host (`host --async`): the fixture's host functions are
/// `async fn`, the runner and the script run on tokio.
#[test]
fn calculator_guest_and_async_host_work_end_to_end() {
    let package = WitPackage::load(&WitSource::Bundled).unwrap();
    let world = package.select_world(Some("runtime-host")).unwrap();
    let repo = support::repo();
    let pair = support::build_pair_with(
        &package,
        world,
        "e2e-calculator-async",
        Some(&repo.join("tests/e2e/calculator/guest")),
        Some(&repo.join("tests/e2e/calculator-async/host")),
        Execution::Async,
    );
    check_conversation(pair, &support::host_bin("calculator-script-async"));
}

/// Runs the generated runner and the scripted conversation against the calculator guest.
fn check_conversation(pair: support::Pair, script: &std::path::Path) {
    let support::Pair { wasm, runner } = pair;

    // The generated runner, unchanged, against the filled-in guest and host.
    let out = support::run_host(&runner, &wasm);
    let run = support::describe(&out);
    assert_eq!(out.status.code(), Some(0), "{run}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "airssys:core/component-lifecycle.init -> Ok(())",
        "airssys:core/component-lifecycle.handle-message -> Ok(",
        "airssys:core/component-lifecycle.health -> ",
        "[host] log LogLevel::Info: calculator ",
        "[host] log LogLevel::Info: calculator stopping",
    ] {
        assert!(
            stdout.contains(needle),
            "runner output lacks `{needle}`:\n{run}"
        );
    }

    // `--trace`: the same run, with every host call the guest makes logged on stderr with its
    // arguments (lists elided) and result, the calculator's `log` calls among them.
    let out = support::run_host_with(&runner, &wasm, &["--trace"]);
    let run = support::describe(&out);
    assert_eq!(out.status.code(), Some(0), "{run}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let logs: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("module=\"host-services\" function=\"log\"") && l.contains(" call"))
        .collect();
    assert!(
        logs.iter()
            .any(|l| l.contains("level=LogLevel::Info") && l.contains("calculator")),
        "no traced `log` call with its arguments:\n{run}"
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("function=\"log\"") && l.contains("return result=()")),
        "no traced return of `log`:\n{run}"
    );

    // The scripted conversation.
    let out = support::run_host(script, &wasm);
    let run = support::describe(&out);
    assert_eq!(out.status.code(), Some(0), "{run}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let has = |line: &str| lines.contains(&line);
    for line in [
        "init -> Ok(())",
        "[host] log LogLevel::Info: calculator calculator starting [settings=1]",
        // Replies: the sums.
        "reply m0 -> Ok(Some(MessagePayload::Text(\"10\")))",
        "reply m1 -> Ok(Some(MessagePayload::Text(\"60\")))",
        "reply m2 -> Ok(Some(MessagePayload::Text(\"3\")))",
        "reply m4 -> Ok(None)",
        // storage.set straight from the guest, and through the transaction resource.
        "[host] storage.set last-sum = 10",
        "[host] storage.set last-sum = 60",
        "[host] storage.set last-sum = 3",
        "[host] storage.set total = 10",
        "[host] storage.set total = 70",
        "[host] storage.set total = 73",
        "[host] transaction.commit 1 write(s)",
        // host-services.log with its context.
        "[host] log LogLevel::Info: sum computed [count=4 sum=10]",
        "[host] log LogLevel::Info: sum computed [count=3 sum=60]",
        "[host] log LogLevel::Info: sum computed [count=2 sum=3]",
        "[host] log LogLevel::Info: calculator stopping []",
        "health -> HealthStatus::Healthy",
        // What the host holds at the end.
        "store last-sum = 3",
        "store total = 73",
    ] {
        assert!(has(line), "script output lacks the line `{line}`:\n{run}");
    }
    // A bad message is the guest's error value, not a trap.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("reply m3 -> Err(") && l.contains("not a number: `seven`")),
        "{run}"
    );
    // Every transaction the guest opened was dropped again.
    let new = lines
        .iter()
        .filter(|l| **l == "[host] transaction.new")
        .count();
    let dropped = lines
        .iter()
        .filter(|l| **l == "[host] transaction.drop")
        .count();
    assert_eq!((new, dropped), (3, 3), "{run}");
}
