//! `airssys-gen host --update` over a sequence of WIT edits (tests/update/v1..v6: add a
//! function, add an interface, add a resource method and a resource, change a signature,
//! remove a function), applied to a host crate whose stubs hold real user code. After each
//! step: user code is byte-identical outside the inserted text, the report names each change,
//! and the crate passes `cargo check` with warnings denied wherever it should compile.

#[path = "update/common.rs"]
mod common;
mod support;

use common::*;

const STORE: &str = "src/host/store.rs";

/// The user's work on the v1 scaffold: real bodies, a field, a helper, comments.
fn fill_stubs(dir: &std::path::Path) {
    let store = dir.join(STORE);
    edit(
        &store,
        "        let _ = key;\n        todo!(\"acme:kv/store.get\")",
        "        // Ours: a toy lookup that updates must leave alone.\n        let key = namespaced(&key);\n        (key.len() > 3).then(|| key.into_bytes())",
    );
    edit(
        &store,
        "        let _ = (key, value);\n        todo!(\"acme:kv/store.set\")",
        "        let _ = (namespaced(&key), value);",
    );
    edit(
        &store,
        "pub struct Cursor {}",
        "pub struct Cursor {\n    /// Ours: where the walk starts.\n    pub prefix: String,\n}",
    );
    edit(
        &store,
        "        let _ = prefix;\n        todo!(\"acme:kv/store.cursor.new\")",
        "        self.table\n            .push(Cursor { prefix })\n            .expect(\"resource table full\")",
    );
    edit(
        &store,
        "        let _ = self_;\n        todo!(\"acme:kv/store.cursor.next\")",
        "        let cursor = self.table.get(&self_).ok()?;\n        Some(Entry {\n            key: cursor.prefix.clone(),\n            value: Vec::new(),\n        })",
    );
    let text = read(&store);
    std::fs::write(
        &store,
        format!("{text}\n/// Ours: keys are namespaced.\nfn namespaced(key: &str) -> String {{\n    format!(\"kv/{{key}}\")\n}}\n"),
    )
    .unwrap();
}

#[test]
fn wit_edits_add_stubs_around_user_code_and_report_what_no_longer_matches() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let ws = root.join("ws");
    let dir = root.join("kv-host");
    let dir_s = dir.display().to_string();
    let run = gen_in(
        root,
        &[
            "host",
            "--wit",
            &version(1),
            "--world",
            "kv-host",
            "--out",
            &dir_s,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    fill_stubs(&dir);
    snapshot(&dir, &ws, "kv-host-v1");
    let update = |n: Option<u32>, extra: &[&str]| {
        let v = n.map(version);
        let mut args = vec!["host", "--update", "--out", &dir_s];
        if let Some(v) = &v {
            args.extend(["--wit", v.as_str()]);
        }
        args.extend(extra);
        gen_in(root, &args)
    };

    // Up to date as generated and filled in.
    let run = update(None, &["--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("is up to date with its WIT"),
        "{}",
        run.stdout
    );

    // v2: a new function returning a new record.
    let before = rust_files(&dir);
    let run = update(Some(2), &["--check"]);
    assert_eq!(
        run.code, 1,
        "--check of an out-of-date crate: {}",
        run.stdout
    );
    assert!(run.stderr.contains("is out of date"), "{}", run.stderr);
    let run = update(Some(2), &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("+++ b/src/host/store.rs"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("+    fn get_stats(&mut self) -> Stats {"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("+  get-stats: func() -> stats;"),
        "{}",
        run.stdout
    );
    assert_eq!(
        rust_files(&dir),
        before,
        "--check and --dry-run write nothing"
    );
    assert!(!read(&dir.join("wit/kv.wit")).contains("get-stats"));

    let run = update(Some(2), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_reported(
        &run.stdout,
        &[
            "wit/kv.wit: update from",
            "store.rs: add stub `Host::get_stats` (`acme:kv/store.get-stats`)",
            "store.rs: import `Stats`",
        ],
    );
    let after = rust_files(&dir);
    let inserted = only_insertions(
        &before[std::path::Path::new(STORE)],
        &after[std::path::Path::new(STORE)],
    );
    assert_eq!(
        words(&inserted),
        words(
            "\nuse crate::bindings::acme::kv::store::Stats;\n    /// Counts what the store holds.\n    fn get_stats(&mut self) -> Stats {\n        todo!(\"acme:kv/store.get-stats\")\n    }\n\n"
        )
    );
    assert!(after[std::path::Path::new(STORE)].contains(
        "    }\n\n    /// Counts what the store holds.\n    fn get_stats(&mut self) -> Stats {\n        todo!(\"acme:kv/store.get-stats\")\n    }\n}\n\nimpl HostCursor for HostState {"
    ), "the stub goes at the end of `impl Host`, formatted like the generator's output");
    for (path, text) in &before {
        if path != std::path::Path::new(STORE) {
            assert_eq!(&after[path], text, "{} changed", path.display());
        }
    }
    assert!(
        read(&dir.join("wit/kv.wit")).contains("get-stats"),
        "wit/ re-vendored"
    );
    let run = update(None, &["--check"]);
    assert_eq!(run.code, 0, "updating twice is a no-op: {}", run.stdout);
    snapshot(&dir, &ws, "kv-host-v2");

    // v3: a new imported interface: a new file and its `pub mod` line.
    let before = rust_files(&dir);
    let run = update(Some(3), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_reported(
        &run.stdout,
        &[
            "src/host/audit.rs: create with `impl Host for HostState`",
            "src/host/mod.rs: add `pub mod audit`",
        ],
    );
    let after = rust_files(&dir);
    let audit = &after[std::path::Path::new("src/host/audit.rs")];
    assert!(
        audit.contains("todo!(\"acme:kv/audit.log-event\")"),
        "{audit}"
    );
    let mod_rs = std::path::Path::new("src/host/mod.rs");
    assert_eq!(
        words(&only_insertions(&before[mod_rs], &after[mod_rs])),
        words("/// `acme:kv/audit@0.1.0`\npub mod audit;")
    );
    assert!(
        after[mod_rs].ends_with("pub mod store;\n\n/// `acme:kv/audit@0.1.0`\npub mod audit;\n")
    );
    assert_eq!(
        before[std::path::Path::new(STORE)],
        after[std::path::Path::new(STORE)]
    );
    snapshot(&dir, &ws, "kv-host-v3");

    // v4: a method on an existing resource, and a new resource.
    let before = rust_files(&dir);
    let run = update(Some(4), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_reported(
        &run.stdout,
        &[
            "store.rs: add stub `HostCursor::reset` (`acme:kv/store.cursor.reset`)",
            "store.rs: add `impl HostBatch for HostState` (`acme:kv/store.batch`) with 3 stub(s)",
            "store.rs: add `Batch`, which the new stubs use",
            "store.rs: import `HostBatch`",
            "src/bindings.rs: add `with:` entry \"acme:kv/store.batch\"",
        ],
    );
    let after = rust_files(&dir);
    let inserted = only_insertions(
        &before[std::path::Path::new(STORE)],
        &after[std::path::Path::new(STORE)],
    );
    for needle in [
        "fn reset(&mut self, self_: Resource<Cursor>) {",
        "pub struct Batch {}",
        "impl HostBatch for HostState {",
        "fn put(&mut self, self_: Resource<Batch>, key: String, value: Vec<u8>) {",
    ] {
        assert!(
            inserted.contains(needle),
            "missing `{needle}` in:\n{inserted}"
        );
    }
    let bindings = std::path::Path::new("src/bindings.rs");
    assert_eq!(
        words(&only_insertions(&before[bindings], &after[bindings])),
        words("\"acme:kv/store.batch\": crate::host::store::Batch,")
    );
    assert!(after[bindings].contains("        \"acme:kv/store.cursor\": crate::host::store::Cursor,\n        \"acme:kv/store.batch\": crate::host::store::Batch,\n    },\n"));
    snapshot(&dir, &ws, "kv-host-v4");

    // v5: `set` gains a parameter. Reported, never rewritten; the WIT is still re-vendored.
    let before = rust_files(&dir);
    let run = update(Some(5), &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let store_text = &before[std::path::Path::new(STORE)];
    let (line, col) = line_col(store_text, "fn set(&mut self");
    let col = col + "fn ".len();
    let expected = format!(
        "error: {dir_s}/src/host/store.rs:{line}:{col}: `Host::set` no longer matches the WIT; the generated trait now has\n    fn set(&mut self, key: String, value: Vec<u8>, ttl: Option<u32>)\n"
    );
    assert!(
        run.stdout.contains(&expected),
        "missing\n{expected}in:\n{}",
        run.stdout
    );
    assert!(run.stderr.contains("1 item(s)"), "{}", run.stderr);
    assert_eq!(rust_files(&dir), before, "user code is never rewritten");
    assert!(read(&dir.join("wit/kv.wit")).contains("ttl: option<u32>"));
    // The user follows the report; the crate is then current.
    edit(
        &dir.join(STORE),
        "fn set(&mut self, key: String, value: Vec<u8>) {\n        let _ = (namespaced(&key), value);",
        "fn set(&mut self, key: String, value: Vec<u8>, ttl: Option<u32>) {\n        let _ = (namespaced(&key), value, ttl);",
    );
    let run = update(None, &["--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    // v6: `get` is gone from the WIT. Its code (with the user's body) is reported, not deleted.
    let before = rust_files(&dir);
    let run = update(Some(6), &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let (line, col) = line_col(&before[std::path::Path::new(STORE)], "fn get(&mut self");
    let col = col + "fn ".len();
    let expected = format!(
        "error: {dir_s}/src/host/store.rs:{line}:{col}: `Host::get`: the WIT no longer has this function; move the code you need and delete it\n"
    );
    assert!(
        run.stdout.contains(&expected),
        "missing\n{expected}in:\n{}",
        run.stdout
    );
    assert_eq!(rust_files(&dir), before, "user code is never deleted");
    let store = read(&dir.join(STORE));
    let start = store.find("    fn get(&mut self").unwrap();
    let end = start + store[start..].find("\n    }\n\n").unwrap() + "\n    }\n\n".len();
    std::fs::write(
        dir.join(STORE),
        format!("{}{}", &store[..start], &store[end..]),
    )
    .unwrap();
    let run = update(None, &["--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    snapshot(&dir, &ws, "kv-host-v6");

    cargo_check(
        &ws,
        &[
            "kv-host-v1",
            "kv-host-v2",
            "kv-host-v3",
            "kv-host-v4",
            "kv-host-v6",
        ],
    );
}
