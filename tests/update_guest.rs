//! `airssys-gen guest update` over the same WIT edits as tests/update_host.rs, applied to a
//! guest crate with real user code, one resource impl moved by the user into its own module
//! (found through its `use` items, and updated there). After each step: user code is
//! byte-identical outside the inserted text, the report names each change, and the crate
//! passes `cargo check` with warnings denied wherever it should compile.

#[path = "update/common.rs"]
mod common;
mod support;

use std::path::Path;

use common::*;

const LIB: &str = "src/lib.rs";
const CURSOR: &str = "src/cursor.rs";

const CURSOR_RS: &str = "//! Ours: the cursor lives in its own module.

use std::cell::RefCell;

use crate::exports::acme::kv::store::{self, Entry};

/// Walks the keys under a prefix.
pub struct MyCursor {
    prefix: RefCell<String>,
}

impl store::GuestCursor for MyCursor {
    fn new(prefix: String) -> Self {
        MyCursor {
            prefix: RefCell::new(prefix),
        }
    }

    fn next(&self) -> Option<Entry> {
        // Ours: one entry, then done.
        let key = self.prefix.take();
        (!key.is_empty()).then(|| Entry {
            key,
            value: Vec::new(),
        })
    }
}
";

/// The user's work on the v1 scaffold: real bodies, and the cursor moved to src/cursor.rs.
fn fill_stubs(dir: &Path) {
    let lib = dir.join(LIB);
    edit(
        &lib,
        "        let _ = key;\n        todo!(\"acme:kv/store.get\")",
        "        // Ours: an echo store.\n        Some(key.into_bytes())",
    );
    edit(
        &lib,
        "        let _ = (key, value);\n        todo!(\"acme:kv/store.set\")",
        "        let _ = (key, value);",
    );
    edit(
        &lib,
        "use std::cell::RefCell;\n\nuse exports::acme::kv::store::{self, Entry};\n",
        "use cursor::MyCursor;\nuse exports::acme::kv::store;\n\nmod cursor;\n",
    );
    let text = read(&lib);
    let start = text
        .find("/// The exported resource `acme:kv/store.cursor`.")
        .unwrap();
    let end = text.find("export!(Component);").unwrap();
    std::fs::write(&lib, format!("{}{}", &text[..start], &text[end..])).unwrap();
    std::fs::write(dir.join(CURSOR), CURSOR_RS).unwrap();
}

fn path(p: &str) -> &Path {
    Path::new(p)
}

#[test]
fn wit_edits_add_stubs_around_user_code_and_report_what_no_longer_matches() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let ws = root.join("ws");
    let dir = root.join("kv-guest");
    let dir_s = dir.display().to_string();
    let run = gen_in(
        root,
        &[
            "guest",
            "new-component",
            "kv-guest",
            "--wit",
            &version(1),
            "--world",
            "kv-guest",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    fill_stubs(&dir);
    snapshot(&dir, &ws, "kv-guest-v1");
    let update = |n: Option<u32>, extra: &[&str]| {
        let v = n.map(version);
        let mut args = vec!["guest", "update", &dir_s];
        if let Some(v) = &v {
            args.extend(["--wit", v.as_str()]);
        }
        args.extend(extra);
        gen_in(root, &args)
    };

    let run = update(None, &["--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    // v2: a new function returning a new record.
    let before = rust_files(&dir);
    let run = update(Some(2), &["--check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let run = update(Some(2), &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("+    fn get_stats() -> Stats {"),
        "{}",
        run.stdout
    );
    assert_eq!(
        rust_files(&dir),
        before,
        "--check and --dry-run write nothing"
    );
    let run = update(Some(2), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_reported(
        &run.stdout,
        &[
            "src/lib.rs: add stub `store::Guest::get_stats` (`acme:kv/store.get-stats`)",
            "src/lib.rs: import `Stats`",
        ],
    );
    let after = rust_files(&dir);
    assert_eq!(
        words(&only_insertions(&before[path(LIB)], &after[path(LIB)])),
        words(
            "use exports::acme::kv::store::Stats;\n    /// Counts what the store holds.\n    fn get_stats() -> Stats {\n        todo!(\"acme:kv/store.get-stats\")\n    }"
        )
    );
    assert_eq!(before[path(CURSOR)], after[path(CURSOR)]);
    snapshot(&dir, &ws, "kv-guest-v2");

    // v3: a new exported interface: a new impl for the component.
    let before = rust_files(&dir);
    let run = update(Some(3), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_reported(
        &run.stdout,
        &[
            "src/lib.rs: add `impl audit::Guest for Component` (`acme:kv/audit`) with 1 stub(s)",
            "src/lib.rs: import `audit`",
        ],
    );
    let after = rust_files(&dir);
    let inserted = only_insertions(&before[path(LIB)], &after[path(LIB)]);
    assert!(
        inserted.contains("impl audit::Guest for Component {"),
        "{inserted}"
    );
    assert!(
        after[path(LIB)].contains("    }\n}\n\n/// The exported interface `acme:kv/audit@0.1.0`.\nimpl audit::Guest for Component {\n    fn log_event(event: String) {\n        let _ = event;\n        todo!(\"acme:kv/audit.log-event\")\n    }\n}\n\nexport!(Component);\n"),
        "the new impl goes after the last impl, before `export!`:\n{}",
        after[path(LIB)]
    );
    snapshot(&dir, &ws, "kv-guest-v3");

    // v4: a method on the resource the user moved to src/cursor.rs, and a new resource.
    let before = rust_files(&dir);
    let run = update(Some(4), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_reported(
        &run.stdout,
        &[
            "src/cursor.rs: add stub `store::GuestCursor::reset` (`acme:kv/store.cursor.reset`)",
            "src/lib.rs: add associated type `store::Guest::Batch`",
            "src/lib.rs: add `impl store::GuestBatch for MyBatch` (`acme:kv/store.batch`) with 2 stub(s)",
            "src/lib.rs: add `MyBatch`, which the new stubs use",
            "src/lib.rs: import `RefCell`",
        ],
    );
    let after = rust_files(&dir);
    assert_eq!(
        words(&only_insertions(
            &before[path(CURSOR)],
            &after[path(CURSOR)]
        )),
        words(
            "/// Added in v4.\n    fn reset(&self) {\n        todo!(\"acme:kv/store.cursor.reset\")\n    }"
        )
    );
    let inserted = only_insertions(&before[path(LIB)], &after[path(LIB)]);
    for needle in [
        "use std::cell::RefCell;",
        "type Batch = MyBatch;",
        "pub struct MyBatch {",
        "impl store::GuestBatch for MyBatch {",
    ] {
        assert!(
            inserted.contains(needle),
            "missing `{needle}` in:\n{inserted}"
        );
    }
    assert!(
        after[path(LIB)].contains("impl store::Guest for Component {\n    type Cursor = MyCursor;\n    type Batch = MyBatch;\n\n"),
        "associated types go with the others:\n{}",
        after[path(LIB)]
    );
    snapshot(&dir, &ws, "kv-guest-v4");

    // v5: `set` gains a parameter: reported with its location and the new signature.
    let before = rust_files(&dir);
    let run = update(Some(5), &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let (line, col) = line_col(&before[path(LIB)], "fn set(");
    let expected = format!(
        "error: {dir_s}/src/lib.rs:{line}:{}: `store::Guest::set` no longer matches the WIT; the generated trait now has\n    fn set(key: String, value: Vec<u8>, ttl: Option<u32>)\n",
        col + 3
    );
    assert!(
        run.stdout.contains(&expected),
        "missing\n{expected}in:\n{}",
        run.stdout
    );
    assert_eq!(rust_files(&dir), before, "user code is never rewritten");
    edit(
        &dir.join(LIB),
        "fn set(key: String, value: Vec<u8>) {\n        let _ = (key, value);",
        "fn set(key: String, value: Vec<u8>, ttl: Option<u32>) {\n        let _ = (key, value, ttl);",
    );
    let run = update(None, &["--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    // v6: `get` is gone from the WIT: reported, not deleted.
    let before = rust_files(&dir);
    let run = update(Some(6), &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let (line, col) = line_col(&before[path(LIB)], "fn get(");
    let expected = format!(
        "error: {dir_s}/src/lib.rs:{line}:{}: `store::Guest::get`: the WIT no longer has this function; move the code you need and delete it\n",
        col + 3
    );
    assert!(
        run.stdout.contains(&expected),
        "missing\n{expected}in:\n{}",
        run.stdout
    );
    assert_eq!(rust_files(&dir), before, "user code is never deleted");
    let lib = read(&dir.join(LIB));
    let start = lib.find("    fn get(key: String)").unwrap();
    let end = start + lib[start..].find("\n    }\n\n").unwrap() + "\n    }\n\n".len();
    std::fs::write(dir.join(LIB), format!("{}{}", &lib[..start], &lib[end..])).unwrap();
    let run = update(None, &["--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    snapshot(&dir, &ws, "kv-guest-v6");

    cargo_check(
        &ws,
        &[
            "kv-guest-v1",
            "kv-guest-v2",
            "kv-guest-v3",
            "kv-guest-v4",
            "kv-guest-v6",
        ],
    );
}

/// `@unstable` features: `guest new-component --features` writes them into `generate!`, and
/// `guest update` reads them back from the call, so gated items keep their stubs; the host
/// side parses with every feature on, as `bindgen!` does, in `host` and `host --update`.
#[test]
fn unstable_features_are_read_back_from_the_macro_call() {
    let root = support::work_dir("update-features");
    let wit = root.join("wit");
    std::fs::create_dir_all(&wit).unwrap();
    let v1 = "package acme:gated@0.1.0;\n\n@unstable(feature = beta)\ninterface tools {\n  @unstable(feature = beta)\n  first: func() -> u32;\n}\n\nworld w {\n  @unstable(feature = beta)\n  export tools;\n  export run: func();\n}\n";
    std::fs::write(wit.join("w.wit"), v1).unwrap();
    let run = |args: &[&str]| {
        let out = support::gen_in(&root, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            support::describe(&out)
        );
        out
    };
    run(&[
        "guest",
        "new-component",
        "g",
        "--wit",
        "wit",
        "--features",
        "beta",
    ]);
    run(&["host", "--wit", "wit", "--out", "h"]);
    let lib = std::fs::read_to_string(root.join("g/src/lib.rs")).unwrap();
    assert!(lib.contains("features: [\"beta\"]"), "{lib}");
    assert!(lib.contains("fn first()"), "{lib}");
    // Without the feature the gated export does not exist for `generate!`.
    let plain = support::gen_in(
        &root,
        &["guest", "new-component", "p", "--wit", "wit", "--dry-run"],
    );
    assert!(plain.status.success());
    assert!(!support::text(&plain.stdout).contains("first"));

    // v2: a second gated function, in both crates' vendored WIT.
    let v2 = v1.replace(
        "  first: func() -> u32;\n",
        "  first: func() -> u32;\n  @unstable(feature = beta)\n  second: func(x: u32);\n",
    );
    for krate in ["g", "h"] {
        std::fs::write(root.join(krate).join("wit/w.wit"), &v2).unwrap();
    }
    run(&["guest", "update", "g"]);
    let lib = std::fs::read_to_string(root.join("g/src/lib.rs")).unwrap();
    assert!(lib.contains("fn second(x: u32)"), "{lib}");
    run(&["host", "--update", "--out", "h"]);
    support::cargo_check(&root.join("g"), true);
}
