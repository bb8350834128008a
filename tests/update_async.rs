//! `airssys-gen host --update` on an async host (`host --async`): the update reads
//! `imports: { default: async }` back from `bindgen!`, so new stubs are `async fn`, new files
//! hold async impls, and Component Model `async func`s get their `*WithStore` impls for
//! `HasSelf<HostState>`. Options the tool does not write are refused, as for sync crates.

#[path = "update/common.rs"]
mod common;
mod support;

use std::path::Path;

use common::*;

const STORE: &str = "src/host/store.rs";

#[test]
fn async_host_updates_with_async_stubs_and_compiles_at_every_step() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let ws = root.join("ws");
    let dir = root.join("kv-host");
    let dir_s = dir.display().to_string();
    let v1 = version(1);
    let run = gen_in(
        root,
        &[
            "host", "--async", "--wit", &v1, "--world", "kv-host", "--out", &dir_s,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(&dir.join("src/bindings.rs")).contains("imports: { default: async | tracing },"));
    // The user's work: a real body in an async stub.
    edit(
        &dir.join(STORE),
        "        let _ = key;\n        todo!(\"acme:kv/store.get\")",
        "        // Ours.\n        (key.len() > 3).then(|| key.into_bytes())",
    );
    snapshot(&dir, &ws, "async-v1");
    let update = |wit: Option<String>, extra: &[&str]| {
        let mut args = vec!["host", "--update", "--out", &dir_s];
        if let Some(w) = &wit {
            args.extend(["--wit", w.as_str()]);
        }
        args.extend(extra);
        gen_in(root, &args)
    };
    let run = update(None, &["--check"]);
    assert_eq!(
        run.code, 0,
        "up to date as generated: {}{}",
        run.stdout, run.stderr
    );

    // v2: a new function: an `async fn` stub, inserted around the user's code.
    let before = rust_files(&dir);
    let run = update(Some(version(2)), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_reported(&run.stdout, &["store.rs: add stub `Host::get_stats`"]);
    let after = rust_files(&dir);
    let inserted = only_insertions(&before[Path::new(STORE)], &after[Path::new(STORE)]);
    assert!(
        inserted.contains("    async fn get_stats(&mut self) -> Stats {"),
        "{inserted}"
    );
    assert!(after[Path::new(STORE)].contains("// Ours."));

    // v3 and v4: a new interface file and a new resource, async throughout.
    let run = update(Some(version(4)), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let audit = read(&dir.join("src/host/audit.rs"));
    assert!(
        audit.contains("async fn log_event(&mut self, event: String) {"),
        "{audit}"
    );
    let store = read(&dir.join(STORE));
    assert!(
        store.contains("impl HostBatch for HostState {") && store.contains("async fn put("),
        "{store}"
    );
    snapshot(&dir, &ws, "async-v4");

    // async-v7: Component Model `async func`s, in an interface and at world level: impls of
    // the `*WithStore` traits for `HasSelf<HostState>`, taking an `Accessor`.
    let run = update(Some(repo_path("tests/update/async-v7")), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // `Accessor` is behind wasmtime's `component-model-async`: the update adds the feature to
    // the generated `features = [..]`, keeping the rest of Cargo.toml as it was.
    assert_reported(
        &run.stdout,
        &["Cargo.toml: add wasmtime feature `component-model-async`"],
    );
    let cargo = read(&dir.join("Cargo.toml"));
    assert!(
        cargo.contains(r#"features = ["runtime", "cranelift", "component-model", "std", "wave", "async", "component-model-async"] }"#),
        "{cargo}"
    );
    let audit = read(&dir.join("src/host/audit.rs"));
    assert!(
        audit.contains("impl HostWithStore<HostState> for HasSelf<HostState> {")
            && audit.contains("async fn flush(accessor: &Accessor<HostState, Self>) -> u32 {"),
        "{audit}"
    );
    let world = read(&dir.join("src/host/world.rs"));
    assert!(
        world.contains("impl KvHostImportsWithStore<HostState> for HasSelf<HostState> {")
            && world.contains("async fn now(accessor: &Accessor<HostState, Self>) -> u64 {"),
        "{world}"
    );
    let run = update(None, &["--check"]);
    assert_eq!(
        run.code, 0,
        "updating twice is a no-op: {}{}",
        run.stdout, run.stderr
    );
    snapshot(&dir, &ws, "async-v7");
    cargo_check(&ws, &["async-v1", "async-v4", "async-v7"]);
}

#[test]
fn async_options_the_tool_does_not_write_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let dir = root.join("h");
    let dir_s = dir.display().to_string();
    let v1 = version(1);
    let run = gen_in(
        root,
        &[
            "host", "--async", "--wit", &v1, "--world", "kv-host", "--out", &dir_s,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    edit(
        &dir.join("src/bindings.rs"),
        "imports: { default: async | tracing },",
        "imports: { default: async | trappable },",
    );
    let run = gen_in(root, &["host", "--update", "--out", &dir_s, "--check"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("the `bindgen!` option `imports` changes the generated traits"),
        "{}",
        run.stderr
    );
}

/// The `imports` flags that change no trait are kept as they are: `tracing` (what the tool
/// writes, for the runner's `--trace`), `verbose_tracing`, or none (a crate made before the
/// tool wrote `tracing`).
#[test]
fn tracing_options_are_kept_and_updates_still_apply() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let v1 = version(1);
    for (tag, imports) in [
        (
            "verbose",
            "imports: { default: tracing | verbose_tracing },\n",
        ),
        ("none", ""),
    ] {
        let dir = root.join(tag);
        let dir_s = dir.display().to_string();
        let run = gen_in(
            root,
            &["host", "--wit", &v1, "--world", "kv-host", "--out", &dir_s],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        edit(
            &dir.join("src/bindings.rs"),
            "imports: { default: tracing },\n",
            imports,
        );
        let bindings = read(&dir.join("src/bindings.rs"));
        let run = gen_in(
            root,
            &["host", "--update", "--out", &dir_s, "--wit", &version(2)],
        );
        assert_eq!(run.code, 0, "{tag}: {}{}", run.stdout, run.stderr);
        assert_reported(&run.stdout, &["store.rs: add stub `Host::get_stats`"]);
        assert!(read(&dir.join(STORE)).contains("    fn get_stats(&mut self) -> Stats {"));
        assert_eq!(
            read(&dir.join("src/bindings.rs")),
            bindings,
            "{tag}: bindgen! untouched"
        );
    }
}

fn repo_path(rel: &str) -> String {
    support::repo().join(rel).display().to_string()
}
