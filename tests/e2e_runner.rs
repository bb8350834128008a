//! End to end on the generated runner's safety and calls (tests/e2e/runner): a real guest
//! built to wasm32-wasip2, run by the generated sync and async hosts with their flags. A guest
//! that loops forever or grows memory without bound is stopped with one line naming the limit;
//! `--invoke` takes and prints WAVE values of every kind; `--trace` lists host calls with their
//! arguments; WASI grants only the directories and variables asked for.

mod support;

use airssys_gen::scaffold::host::Execution;
use airssys_gen::wit::{WitPackage, WitSource};

fn pair(tag: &str, execution: Execution, host_fixture: &str) -> support::Pair {
    let fixture = support::repo().join("tests/e2e/runner");
    let package = WitPackage::load(&WitSource::Path(fixture.join("wit"))).unwrap();
    let world = package.select_world(Some("runner")).unwrap();
    support::build_pair_with(
        &package,
        world,
        tag,
        Some(&fixture.join("guest")),
        Some(&fixture.join(host_fixture)),
        execution,
    )
}

/// Runs the runner with `args`; returns (exit code, stdout, stderr).
fn run(pair: &support::Pair, args: &[&str]) -> (Option<i32>, String, String) {
    let out = support::run_host_with(&pair.runner, &pair.wasm, args);
    (
        out.status.code(),
        support::text(&out.stdout),
        support::text(&out.stderr),
    )
}

/// A run that must succeed and print exactly `expected` (one WAVE line).
fn invoke(pair: &support::Pair, call: &str, expected: &str) {
    let (code, stdout, stderr) = run(pair, &["--invoke", call]);
    assert_eq!(
        code,
        Some(0),
        "--invoke {call}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert_eq!(
        stdout.trim_end(),
        expected,
        "--invoke {call}\nstderr:\n{stderr}"
    );
}

/// A run that must fail with exit status 1 and exactly one line on stderr, containing each
/// of `needles`. Returns stdout.
fn fails(pair: &support::Pair, args: &[&str], needles: &[&str]) -> String {
    let (code, stdout, stderr) = run(pair, args);
    let what = format!("{args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}");
    assert_eq!(code, Some(1), "{what}");
    assert_eq!(stderr.lines().count(), 1, "one error line expected: {what}");
    for needle in needles {
        assert!(stderr.contains(needle), "stderr lacks `{needle}`: {what}");
    }
    stdout
}

/// What both hosts must do: limits, `--invoke` of every kind of value, `--list`, `--trace`,
/// `--dir`, `--env`.
fn check_runner(pair: &support::Pair) {
    // Without flags: every export with sample values, then `spin(0)` loops until the
    // deadline (shortened here) stops it.
    let stdout = fails(
        pair,
        &["--deadline", "300ms"],
        &[
            "error: calling `e2e:runner/runner.spin`: deadline of 300ms passed",
            "--deadline",
        ],
    );
    for line in [
        "e2e:runner/runner.greet -> \"greeted 0 (0 bytes noted)\"",
        "e2e:runner/runner.env-var -> None",
        "e2e:runner/runner.hog -> 0",
    ] {
        assert!(
            stdout.lines().any(|l| l == line),
            "no `{line}` in:\n{stdout}"
        );
    }

    // Limits on by default: memory (256MiB), and fuel when asked for.
    fails(
        pair,
        &["--invoke", "hog(300)"],
        &[
            "calling `hog`: memory limit of 256MiB reached",
            "--max-memory",
        ],
    );
    invoke(pair, "hog(3)", "3");
    fails(
        pair,
        &["--invoke", "hog(3)", "--max-memory", "2MiB"],
        &["memory limit of 2MiB reached"],
    );
    fails(
        pair,
        &["--invoke", "spin(0)", "--fuel", "1000000"],
        &["calling `spin`: out of fuel (1000000", "--fuel"],
    );
    invoke(pair, "spin(1000)", "1000");

    // --invoke: records, variants, enums, flags, options, tuples, lists, results; interface
    // exports by full name or by function name alone.
    invoke(pair, "e2e:runner/shapes.area(rect({x: 3, y: -4}))", "12");
    invoke(pair, "area(circle(2))", "12");
    invoke(pair, "shapes.area(empty)", "0");
    invoke(pair, "mirror({x: 3, y: 5})", "{x: -3, y: 5}");
    invoke(pair, "describe(blue, {read, exec})", "\"blue rx\"");
    invoke(
        pair,
        "split(\"a,b,c\", some(','))",
        "(3, [\"a\", \"b\", \"c\"])",
    );
    invoke(pair, "split(\"x y\")", "(2, [\"x\", \"y\"])");
    invoke(pair, "checked-div(7, 2)", "ok(3)");
    invoke(pair, "checked-div(7, 0)", "err(\"cannot divide 7 by 0\")");
    invoke(
        pair,
        "greet([\"ann\", \"bob\"])",
        "[host] note: hello ann\n[host] note: hello bob\n\"greeted 2 (18 bytes noted)\"",
    );

    // Malformed values and unknown exports: the reason, and what exists.
    fails(
        pair,
        &["--invoke", "area(circle(\"x\"))"],
        &[
            "--invoke `area(circle(\"x\"))`",
            "invalid value type",
            "takes func(s: variant { circle(u32)",
        ],
    );
    fails(
        pair,
        &["--invoke", "area(rect({x: 1}))"],
        &["--invoke", "takes func(s: variant"],
    );
    fails(
        pair,
        &["--invoke", "mirror({x: 1, y: 2"],
        &["--invoke `mirror({x: 1, y: 2`"],
    );
    fails(
        pair,
        &["--invoke", "nope(1)"],
        &[
            "no export `nope`",
            "greet, read-file, env-var, hog, spin, e2e:runner/shapes.area",
        ],
    );

    // --list: every export with its signature.
    let (code, stdout, stderr) = run(pair, &["--list"]);
    assert_eq!(code, Some(0), "{stderr}");
    let expected = [
        "greet: func(names: list<string>) -> string",
        "read-file: func(path: string) -> result<string, string>",
        "env-var: func(name: string) -> option<string>",
        "hog: func(megabytes: u32) -> u32",
        "spin: func(iterations: u64) -> u64",
        "e2e:runner/shapes.area: func(s: variant { circle(u32), rect(record { x: s32, y: s32 }), empty }) -> u64",
        "e2e:runner/shapes.mirror: func(p: record { x: s32, y: s32 }) -> record { x: s32, y: s32 }",
        "e2e:runner/shapes.describe: func(c: enum { red, green, blue }, p: flags { read, write, exec }) -> string",
        "e2e:runner/shapes.split: func(text: string, sep: option<char>) -> tuple<u32, list<string>>",
        "e2e:runner/shapes.checked-div: func(a: s32, b: s32) -> result<s32, string>",
    ];
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);

    // --trace: each host call with its arguments and result, on stderr.
    let (code, _, stderr) = run(pair, &["--invoke", "greet([\"ann\", \"bob\"])", "--trace"]);
    assert_eq!(code, Some(0), "{stderr}");
    let notes: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("function=\"note\""))
        .collect();
    assert_eq!(notes.len(), 4, "two calls, two returns:\n{stderr}");
    assert!(
        notes[0].contains("call") && notes[0].contains("\"hello ann\""),
        "{stderr}"
    );
    assert!(notes[1].contains("return result=9"), "{stderr}");
    assert!(notes[2].contains("\"hello bob\""), "{stderr}");
    // Without --trace, nothing is logged.
    let (_, _, stderr) = run(pair, &["--invoke", "greet([\"ann\"])"]);
    assert_eq!(stderr, "");

    // WASI: nothing granted unless asked.
    let granted = support::work_dir("e2e-runner-granted");
    std::fs::write(granted.join("a.txt"), "inside\n").unwrap();
    let outside = granted.parent().unwrap().join("e2e-runner-outside.txt");
    std::fs::write(&outside, "outside\n").unwrap();
    let dir = format!("{}::/data", granted.display());
    let read = |args: &[&str]| run(pair, args).1;
    assert_eq!(
        read(&["--dir", &dir, "--invoke", "read-file(\"/data/a.txt\")"]).trim_end(),
        "ok(\"inside\\n\")"
    );
    for path in [
        "/data/../e2e-runner-outside.txt".to_string(),
        outside.display().to_string(),
    ] {
        let out = read(&["--dir", &dir, "--invoke", &format!("read-file({path:?})")]);
        assert!(out.starts_with("err("), "{path} was readable: {out}");
    }
    // Without --dir the granted file is not there either.
    let out = read(&[
        "--invoke",
        &format!(
            "read-file({:?})",
            granted.join("a.txt").display().to_string()
        ),
    ]);
    assert!(out.starts_with("err("), "{out}");
    fails(
        pair,
        &["--dir", "/no/such/dir", "--invoke", "hog(0)"],
        &["--dir `/no/such/dir`"],
    );

    // Environment: none of the host's unless inherited; --env sets one.
    let env = |args: &[&str]| {
        let out = std::process::Command::new(&pair.runner)
            .arg(&pair.wasm)
            .args(args)
            .env("E2E_RUNNER_SECRET", "host-value")
            .output()
            .unwrap();
        support::text(&out.stdout).trim_end().to_string()
    };
    assert_eq!(env(&["--invoke", "env-var(\"E2E_RUNNER_SECRET\")"]), "none");
    assert_eq!(
        env(&[
            "--inherit-env",
            "--invoke",
            "env-var(\"E2E_RUNNER_SECRET\")"
        ]),
        "some(\"host-value\")"
    );
    assert_eq!(
        env(&["--env", "GREETING=hi", "--invoke", "env-var(\"GREETING\")"]),
        "some(\"hi\")"
    );

    // A bad command line: the reason and the usage line; --help exits 0.
    fails(pair, &["--bogus"], &[]);
    fails(pair, &["--max-memory", "12X"], &["--max-memory `12X`"]);
    fails(
        pair,
        &["--deadline", "999999999999999999m"],
        &["--deadline `999999999999999999m`: too large"],
    );
    let (code, stdout, _) = run(pair, &["--help"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("--invoke 'EXPORT(ARGS)'") && stdout.contains("--dir HOST[::GUEST]"));
}

#[test]
fn sync_runner_limits_invokes_traces_and_grants() {
    let pair = pair("e2e-runner", Execution::Sync, "host");
    check_runner(&pair);
    // The default deadline (10s) stops a guest that never returns.
    fails(
        &pair,
        &["--invoke", "spin(0)"],
        &["calling `spin`: deadline of 10s passed"],
    );
}

#[test]
fn async_runner_limits_invokes_traces_and_grants() {
    let pair = pair("e2e-runner-async", Execution::Async, "host-async");
    check_runner(&pair);
}
