//! `--update` edge cases and error paths: stubs into an empty impl, a name the user's file
//! already uses for something else, a removed resource (stale impl and `with:` entry), the
//! default crate directory, and bad input (exit 2, nothing written).

#[path = "update/common.rs"]
mod common;
mod support;

use std::path::Path;

use common::*;

const NOTES_A: &str = "package acme:notes@0.1.0;

interface notes {
  record note {
    text: string,
  }

  resource pad {
    constructor();
  }
}

world notes-host {
  import notes;
}
";

/// Adds a function to the interface whose `impl Host` was empty; its return type is named
/// like a struct the user defined in the stub file.
const NOTES_B: &str = "package acme:notes@0.1.0;

interface notes {
  record note {
    text: string,
  }

  record summary {
    count: u32,
  }

  summarize: func(n: note) -> summary;

  resource pad {
    constructor();
  }
}

world notes-host {
  import notes;
}
";

/// Removes the resource.
const NOTES_C: &str = "package acme:notes@0.1.0;

interface notes {
  record note {
    text: string,
  }

  record summary {
    count: u32,
  }

  summarize: func(n: note) -> summary;
}

world notes-host {
  import notes;
}
";

fn wit_dir(root: &Path, name: &str, text: &str) -> String {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.wit"), text).unwrap();
    dir.display().to_string()
}

fn host_crate(root: &Path, wit: &str) -> std::path::PathBuf {
    let dir = root.join("notes-host");
    let run = gen_in(
        root,
        &["host", "--wit", wit, "--out", &dir.display().to_string()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

/// `airssys-gen host --update --out DIR` and `extra`, run from `root`.
fn host_update(root: &Path, dir: &Path, extra: &[&str]) -> Run {
    let dir = dir.display().to_string();
    let mut args = vec!["host", "--update", "--out", &dir];
    args.extend(extra);
    gen_in(root, &args)
}

#[test]
fn stubs_fill_an_empty_impl_and_spell_out_names_the_user_took() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let ws = root.join("ws");
    let a = wit_dir(root, "a", NOTES_A);
    let b = wit_dir(root, "b", NOTES_B);
    let c = wit_dir(root, "c", NOTES_C);
    let dir = host_crate(root, &a);
    let notes = dir.join("src/host/notes.rs");
    // The user's own `Summary`, unrelated to the WIT record that arrives in B.
    let user_struct =
        "\n/// Ours.\n#[allow(dead_code)]\npub struct Summary {\n    pub lines: usize,\n}\n";
    std::fs::write(&notes, read(&notes) + user_struct).unwrap();
    snapshot(&dir, &ws, "notes-a");

    let before = read(&notes);
    let run = gen_in(&dir, &["host", "--update", "--wit", &b]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "./src/host/notes.rs: add stub `Host::summarize` (`acme:notes/notes.summarize`)"
        ),
        "the current directory is the default crate:\n{}",
        run.stdout
    );
    assert!(run.stdout.contains("import `Note`"), "{}", run.stdout);
    let after = read(&notes);
    only_insertions(&before, &after);
    assert!(
        after.contains(
            "impl Host for HostState {\n    fn summarize(&mut self, n: Note) -> crate::bindings::acme::notes::notes::Summary {\n        let _ = n;\n        todo!(\"acme:notes/notes.summarize\")\n    }\n}\n"
        ),
        "an empty impl gets the stub on lines of its own; `Summary` is spelled out:\n{after}"
    );
    snapshot(&dir, &ws, "notes-b");
    cargo_check(&ws, &["notes-a", "notes-b"]);

    // C removes the resource: its impl and its `with:` entry are reported, nothing removed.
    let before = rust_files(&dir);
    let run = gen_in(&dir, &["host", "--update", "--wit", &c]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let (line, col) = line_col(&before[Path::new("src/host/notes.rs")], "HostPad for");
    assert!(
        run.stdout.contains(&format!(
            "error: ./src/host/notes.rs:{line}:{col}: `impl HostPad for HostState`: the WIT no longer has this trait"
        )),
        "{}",
        run.stdout
    );
    let (line, col) = line_col(
        &before[Path::new("src/bindings.rs")],
        "\"acme:notes/notes.pad\"",
    );
    assert!(
        run.stdout.contains(&format!(
            "error: ./src/bindings.rs:{line}:{col}: `with:` entry \"acme:notes/notes.pad\" names a WIT item that no longer exists"
        )),
        "{}",
        run.stdout
    );
    assert_eq!(rust_files(&dir), before);
}

#[test]
fn not_a_scaffold_is_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("empty");
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.display().to_string();
    let run = gen_in(tmp.path(), &["host", "--update", "--out", &d]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("is not a host crate generated by airssys-gen: src/bindings.rs not found"),
        "{}",
        run.stderr
    );
    let run = gen_in(tmp.path(), &["guest", "update", &d]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("is not a guest crate generated by airssys-gen: src/lib.rs not found"),
        "{}",
        run.stderr
    );
    let run = gen_in(tmp.path(), &["host", "--check"]);
    assert_eq!(run.code, 2, "--check needs --update: {}", run.stderr);
}

#[test]
fn malformed_wit_or_user_code_is_bad_input_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let a = wit_dir(root, "a", NOTES_A);
    let bad = wit_dir(
        root,
        "bad",
        "package acme:notes@0.1.0;\n\ninterface notes {\n  get: func(key: string) -> ;\n}\n",
    );
    let dir = host_crate(root, &a);
    let d = dir.display().to_string();
    let wit_before = read(&dir.join("wit/notes.wit"));
    let before = rust_files(&dir);

    let run = gen_in(root, &["host", "--update", "--out", &d, "--wit", &bad]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("notes.wit:4:"), "{}", run.stderr);
    assert_eq!(read(&dir.join("wit/notes.wit")), wit_before);
    assert_eq!(rust_files(&dir), before);

    // A world the new package lacks.
    let other = wit_dir(
        root,
        "other",
        "package acme:notes@0.1.0;\n\nworld elsewhere {\n  export run: func();\n}\n",
    );
    let run = gen_in(root, &["host", "--update", "--out", &d, "--wit", &other]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("notes-host"), "{}", run.stderr);
    assert_eq!(read(&dir.join("wit/notes.wit")), wit_before);

    // User code that does not parse: located, and nothing written.
    let notes = dir.join("src/host/notes.rs");
    std::fs::write(&notes, read(&notes) + "\nfn broken( {\n").unwrap();
    let b = wit_dir(root, "b", NOTES_B);
    let run = gen_in(root, &["host", "--update", "--out", &d, "--wit", &b]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("cannot parse {}:", notes.display())),
        "{}",
        run.stderr
    );
    assert_eq!(read(&dir.join("wit/notes.wit")), wit_before);

    // The same in the macro file, read before the others, named by its path on disk too.
    std::fs::write(&notes, &before[Path::new("src/host/notes.rs")]).unwrap();
    let bindings = dir.join("src/bindings.rs");
    let bindings_text = read(&bindings);
    std::fs::write(&bindings, format!("{bindings_text}\nfn broken( {{\n")).unwrap();
    let run = gen_in(root, &["host", "--update", "--out", &d, "--wit", &b]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("cannot parse {}:", bindings.display())),
        "{}",
        run.stderr
    );
    std::fs::write(&bindings, &bindings_text).unwrap();

    // A source file that is not UTF-8: named, exit 2, nothing written.
    let odd = dir.join("src/host/odd.rs");
    std::fs::write(&odd, b"// caf\xe9\n").unwrap();
    let run = gen_in(root, &["host", "--update", "--out", &d, "--wit", &b]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("cannot read `{}`", odd.display())),
        "{}",
        run.stderr
    );
    assert_eq!(read(&dir.join("wit/notes.wit")), wit_before);
}

#[test]
fn newly_imported_wasi_is_mapped_onto_wasmtime_wasi_and_a_changed_signature_names_its_imports() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let ws = root.join("ws");
    let v1 = root.join("audit-v1");
    std::fs::create_dir_all(&v1).unwrap();
    std::fs::write(
        v1.join("audit.wit"),
        "package acme:audit@0.1.0;\n\ninterface sink {\n  write: func(message: string) -> result<_, string>;\n}\n\nworld audit {\n  import sink;\n}\n",
    )
    .unwrap();
    let dir = root.join("audit-host");
    let d = dir.display().to_string();
    let run = gen_in(
        root,
        &["host", "--wit", &v1.display().to_string(), "--out", &d],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);

    // tests/corpus/wasi-imports: the same world, now built on WASI types from deps/.
    let v2 = repo()
        .join("tests/corpus/wasi-imports")
        .display()
        .to_string();
    let before = rust_files(&dir);
    let stale = line_col(&before[Path::new("src/main.rs")], "Audit::add_to_linker");
    let run = gen_in(root, &["host", "--update", "--out", &d, "--wit", &v2]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_reported(
        &run.stdout,
        &[
            "wit/deps/io.wit: add from",
            "src/host/sink.rs: add stub `Host::ready` (`acme:audit/sink.ready`)",
            "src/host/sink.rs: import `Pollable`, `Resource`",
            "src/bindings.rs: add `with:` entry \"wasi:io\"",
            "src/bindings.rs: add `require_store_data_send: true`",
            "`Host::write` no longer matches the WIT; the generated trait now has\n    fn write(&mut self, e: Event) -> Result<(), String>\n    (not imported here: `Event` is `crate::bindings::acme::audit::sink::Event`)",
            &format!("src/main.rs:{}:{}: ", stale.0, stale.1),
            "`Audit::add_to_linker` no longer fits the world (it now imports WASI, mapped onto wasmtime-wasi, or stopped doing so); register the imports as the generator now does:\n    bindings::acme::audit::sink::add_to_linker::<HostState, HasSelf<HostState>>(&mut linker, |state| state)?;\n",
        ],
    );
    let after = rust_files(&dir);
    for (path, text) in &before {
        only_insertions(text, &after[path]);
    }
    // The user follows the report; then the crate is current and compiles.
    let sink = dir.join("src/host/sink.rs");
    edit(
        &sink,
        "fn write(&mut self, message: String) -> Result<(), String> {\n        let _ = message;",
        "fn write(&mut self, e: Event) -> Result<(), String> {\n        let _ = e;",
    );
    edit(
        &sink,
        "use crate::bindings::acme::audit::sink::Host;",
        "use crate::bindings::acme::audit::sink::{Event, Host};",
    );
    let registration = "bindings::acme::audit::sink::add_to_linker::<HostState, HasSelf<HostState>>(&mut linker, |state| state)?;";
    edit(
        &dir.join("src/main.rs"),
        "Audit::add_to_linker::<HostState, HasSelf<HostState>>(&mut linker, |state| state)?;",
        registration,
    );
    let run = gen_in(root, &["host", "--update", "--out", &d, "--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    snapshot(&dir, &ws, "audit-host-v2");

    // v3: one more interface. Its stub file is new; the runner must register it by hand.
    let v3 = root.join("audit-v3");
    std::fs::create_dir_all(v3.join("deps")).unwrap();
    for f in ["deps/io.wit", "deps/clocks.wit", "deps/random.wit"] {
        std::fs::copy(repo().join("tests/corpus/wasi-imports").join(f), v3.join(f)).unwrap();
    }
    let audit = read(&repo().join("tests/corpus/wasi-imports/audit.wit")).replacen(
        "world audit {\n",
        "interface extra {\n  flush: func();\n}\n\nworld audit {\n  import extra;\n",
        1,
    );
    std::fs::write(v3.join("audit.wit"), audit).unwrap();
    let main_before = read(&dir.join("src/main.rs"));
    let run = gen_in(
        root,
        &[
            "host",
            "--update",
            "--out",
            &d,
            "--wit",
            &v3.display().to_string(),
        ],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let (line, col) = line_col(&main_before, registration);
    let expected = format!(
        "src/main.rs:{line}:{col}: `bindings::acme::audit::extra::add_to_linker` is not registered, so instantiation will fail on its imports; add next to this registration:\n    bindings::acme::audit::extra::add_to_linker::<HostState, HasSelf<HostState>>(&mut linker, |state| state)?;\n"
    );
    assert!(
        run.stdout.contains(&expected),
        "missing\n{expected}in:\n{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("src/host/extra.rs: create"),
        "{}",
        run.stdout
    );
    assert_eq!(read(&dir.join("src/main.rs")), main_before);
    edit(
        &dir.join("src/main.rs"),
        registration,
        &format!(
            "{registration}\n    bindings::acme::audit::extra::add_to_linker::<HostState, HasSelf<HostState>>(&mut linker, |state| state)?;"
        ),
    );
    let run = gen_in(root, &["host", "--update", "--out", &d, "--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    snapshot(&dir, &ws, "audit-host-v3");
    cargo_check(&ws, &["audit-host-v2", "audit-host-v3"]);
}

#[test]
fn a_guest_world_that_starts_importing_from_deps_gets_generate_all() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let ws = root.join("ws");
    let api = "interface api {\n  ping: func() -> u32;\n}\n";
    let v1 = root.join("app-v1");
    std::fs::create_dir_all(&v1).unwrap();
    std::fs::write(
        v1.join("app.wit"),
        format!("package acme:app@0.1.0;\n\n{api}\nworld app {{\n  export api;\n}}\n"),
    )
    .unwrap();
    let v2 = root.join("app-v2");
    std::fs::create_dir_all(v2.join("deps/clock")).unwrap();
    std::fs::write(
        v2.join("app.wit"),
        format!("package acme:app@0.1.0;\n\n{api}\nworld app {{\n  import acme:clock/now@0.1.0;\n  export api;\n}}\n"),
    )
    .unwrap();
    std::fs::write(
        v2.join("deps/clock/clock.wit"),
        "package acme:clock@0.1.0;\n\ninterface now {\n  now: func() -> u64;\n}\n",
    )
    .unwrap();
    let run = gen_in(
        root,
        &[
            "guest",
            "new-component",
            "app",
            "--wit",
            &v1.display().to_string(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = root.join("app");
    let lib = dir.join("src/lib.rs");
    edit(
        &lib,
        "        todo!(\"acme:app/api.ping\")",
        "        // Ours.\n        7",
    );
    let before = read(&lib);
    let run = gen_in(
        root,
        &["guest", "update", "app", "--wit", &v2.display().to_string()],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("src/lib.rs: add `generate_all` to `generate!`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("wit/deps/clock/clock.wit: add from"),
        "{}",
        run.stdout
    );
    let after = read(&lib);
    assert_eq!(
        words(&only_insertions(&before, &after)),
        words(
            "// Also generate bindings for the interfaces of other packages in wit/deps/.\n    generate_all,"
        )
    );
    snapshot(&dir, &ws, "app-guest");
    cargo_check(&ws, &["app-guest"]);
}

#[test]
fn insertions_follow_a_file_with_windows_line_endings() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let a = wit_dir(root, "a", NOTES_A);
    let b = wit_dir(root, "b", NOTES_B);
    let dir = host_crate(root, &a);
    let notes = dir.join("src/host/notes.rs");
    let crlf = read(&notes).replace('\n', "\r\n");
    std::fs::write(&notes, &crlf).unwrap();
    let run = host_update(root, &dir, &["--wit", &b]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let after = read(&notes);
    only_insertions(&crlf, &after);
    assert!(
        after.contains("fn summarize(&mut self, n: Note) -> Summary {\r\n"),
        "{after}"
    );
    assert!(
        !after.replace("\r\n", "").contains('\n'),
        "a bare LF in:\n{after:?}"
    );
}

/// A notes guest whose resource the user moved into src/pad.rs (holding `pad_text`), updated
/// to a WIT that adds `peek` to the resource: the stub for `<trait_name>::peek` goes into
/// src/pad.rs, `inserted` is all that is new there, nothing lands in src/lib.rs, and both
/// versions compile.
fn moved_pad_gets_peek(pad_text: &str, trait_name: &str, inserted: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let ws = root.join("ws");
    let wit = |peek: &str| {
        format!(
            "package acme:notes@0.1.0;\n\ninterface notes {{\n  record note {{\n    text: string,\n  }}\n\n  resource pad {{\n    constructor();{peek}\n  }}\n}}\n\nworld notes-guest {{\n  export notes;\n}}\n"
        )
    };
    let a = wit_dir(root, "a", &wit(""));
    let b = wit_dir(root, "b", &wit("\n    peek: func() -> note;"));
    let run = gen_in(root, &["guest", "new-component", "notes", "--wit", &a]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = root.join("notes");
    let lib = dir.join("src/lib.rs");
    // The user moves the resource into src/pad.rs.
    let text = read(&lib);
    let start = text.find("/// The exported resource").unwrap();
    let end = text.find("export!(Component);").unwrap();
    std::fs::write(
        &lib,
        format!("{}{}", &text[..start], &text[end..]).replacen(
            "use std::cell::RefCell;\n\nuse exports::acme::notes::notes;\n",
            "use exports::acme::notes::notes;\nuse pad::MyPad;\n\nmod pad;\n",
            1,
        ),
    )
    .unwrap();
    let pad = dir.join("src/pad.rs");
    std::fs::write(&pad, pad_text).unwrap();
    snapshot(&dir, &ws, "notes-guest-a");
    let lib_before = read(&lib);

    let run = gen_in(root, &["guest", "update", "notes", "--wit", &b]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "src/pad.rs: add stub `{trait_name}::peek` (`acme:notes/notes.pad.peek`)"
        )),
        "{}",
        run.stdout
    );
    assert_eq!(
        words(&only_insertions(pad_text, &read(&pad))),
        words(inserted)
    );
    assert_eq!(read(&lib), lib_before);
    snapshot(&dir, &ws, "notes-guest-b");
    cargo_check(&ws, &["notes-guest-a", "notes-guest-b"]);
}

#[test]
fn a_guest_impl_moved_into_a_submodule_gets_crate_relative_imports() {
    moved_pad_gets_peek(
        "//! Ours.\n\nuse crate::exports::acme::notes::notes;\n\npub struct MyPad;\n\nimpl notes::GuestPad for MyPad {\n    fn new() -> Self {\n        MyPad\n    }\n}\n",
        "notes::GuestPad",
        "use crate::exports::acme::notes::notes::Note;\n    fn peek(&self) -> Note {\n        todo!(\"acme:notes/notes.pad.peek\")\n    }",
    );
}

#[test]
fn a_guest_impl_moved_into_a_submodule_behind_a_glob_import_of_the_bindings() {
    // A one-segment `GuestPad` from a glob is not the world's own trait; `Note` comes with
    // the glob too.
    moved_pad_gets_peek(
        "use crate::exports::acme::notes::notes::*;\n\npub struct MyPad;\n\nimpl GuestPad for MyPad {\n    fn new() -> Self {\n        MyPad\n    }\n}\n",
        "GuestPad",
        "    fn peek(&self) -> Note {\n        todo!(\"acme:notes/notes.pad.peek\")\n    }",
    );
}

#[test]
fn bindgen_options_that_change_the_traits_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let a = wit_dir(root, "a", NOTES_A);
    let dir = host_crate(root, &a);
    let d = dir.display().to_string();
    edit(
        &dir.join("src/bindings.rs"),
        "    world: \"acme:notes/notes-host\",\n",
        "    world: \"acme:notes/notes-host\",\n    imports: { default: trappable },\n",
    );
    let before = rust_files(&dir);
    let run = gen_in(root, &["host", "--update", "--out", &d]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "src/bindings.rs: the `bindgen!` option `imports` changes the generated traits"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(rust_files(&dir), before);

    let missing = root.join("nope").display().to_string();
    let run = gen_in(root, &["host", "--update", "--out", &missing]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("the directory does not exist"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_host_crate_in_the_non_mod_rs_layout_with_an_impl_moved_behind_a_glob_import() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let ws = root.join("ws");
    let a = wit_dir(root, "a", NOTES_A);
    let b = wit_dir(
        root,
        "b",
        &NOTES_A
            .replace(
                "    constructor();\n",
                "    constructor();\n    peek: func() -> note;\n",
            )
            .replace(
                "world notes-host {\n",
                "interface tags {\n  tag: func() -> string;\n}\n\nworld notes-host {\n  import tags;\n",
            ),
    );
    let dir = host_crate(root, &a);
    // The user prefers src/host.rs to src/host/mod.rs, and moves the resource's impl into a
    // submodule that takes the parent's names with `use super::*;`.
    std::fs::rename(dir.join("src/host/mod.rs"), dir.join("src/host.rs")).unwrap();
    let notes = dir.join("src/host/notes.rs");
    let text = read(&notes);
    let start = text.find("impl HostPad for HostState").unwrap();
    std::fs::write(&notes, format!("{}mod pad;\n", &text[..start])).unwrap();
    std::fs::create_dir_all(dir.join("src/host/notes")).unwrap();
    let pad = dir.join("src/host/notes/pad.rs");
    let pad_text = format!("//! Ours.\n\nuse super::*;\n\n{}", &text[start..]);
    std::fs::write(&pad, &pad_text).unwrap();
    snapshot(&dir, &ws, "layout-a");

    let before = rust_files(&dir);
    let run = host_update(root, &dir, &["--wit", &b]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "src/host/notes/pad.rs: add stub `HostPad::peek` (`acme:notes/notes.pad.peek`)"
        ),
        "the moved impl is found through `use super::*`, not added again:\n{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("src/host.rs: add `pub mod tags`"),
        "{}",
        run.stdout
    );
    assert!(
        !dir.join("src/host/mod.rs").exists(),
        "a src/host/mod.rs next to src/host.rs makes the module ambiguous:\n{}",
        run.stdout
    );
    assert_eq!(read(&notes), before[Path::new("src/host/notes.rs")]);
    assert_eq!(
        words(&only_insertions(&pad_text, &read(&pad))),
        words(
            "use crate::bindings::acme::notes::notes::Note;\n    fn peek(&mut self, self_: Resource<Pad>) -> Note {\n        let _ = self_;\n        todo!(\"acme:notes/notes.pad.peek\")\n    }"
        )
    );
    snapshot(&dir, &ws, "layout-b");
    cargo_check(&ws, &["layout-a", "layout-b"]);
}

#[test]
fn a_missing_module_file_without_impls_is_recreated_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let a = wit_dir(root, "a", NOTES_A);
    let dir = host_crate(root, &a);
    std::fs::remove_file(dir.join("src/host/mod.rs")).unwrap();
    let run = host_update(root, &dir, &["--check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("src/host/mod.rs: would create\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn impls_of_one_trait_for_one_type_under_exclusive_cfgs_all_get_the_new_stubs() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let ws = root.join("ws");
    let a = wit_dir(root, "a", NOTES_A);
    let b = wit_dir(root, "b", NOTES_B);
    let dir = host_crate(root, &a);
    let notes = dir.join("src/host/notes.rs");
    edit(
        &notes,
        "impl Host for HostState {}\n",
        "#[cfg(not(test))]\nimpl Host for HostState {}\n\n// Ours: a variant for unit tests.\n#[cfg(test)]\nimpl Host for HostState {}\n",
    );
    snapshot(&dir, &ws, "cfg-a");
    let before = read(&notes);
    let run = host_update(root, &dir, &["--wit", &b]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let after = read(&notes);
    only_insertions(&before, &after);
    let stub = "impl Host for HostState {\n    fn summarize(&mut self, n: Note) -> Summary {\n        let _ = n;\n        todo!(\"acme:notes/notes.summarize\")\n    }\n}\n";
    assert!(
        after.contains(&format!("#[cfg(not(test))]\n{stub}"))
            && after.contains(&format!("#[cfg(test)]\n{stub}")),
        "both impls get the stub:\n{after}"
    );
    snapshot(&dir, &ws, "cfg-b");
    cargo_check(&ws, &["cfg-a", "cfg-b"]);
}

#[test]
fn insertions_after_an_item_go_after_its_trailing_comment() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let ws = root.join("ws");
    let a = wit_dir(root, "a", NOTES_A);
    let b = wit_dir(
        root,
        "b",
        &NOTES_A.replace(
            "  resource pad {",
            "  resource page {\n    constructor();\n  }\n\n  resource pad {",
        ),
    );
    let dir = host_crate(root, &a);
    let notes = dir.join("src/host/notes.rs");
    edit(
        &notes,
        "use crate::state::HostState;\n",
        "use crate::state::HostState; // ours: the store\n",
    );
    let text = read(&notes);
    assert!(text.ends_with("}\n"), "{text}");
    std::fs::write(
        &notes,
        format!("{} // ours: end of pads\n", text.trim_end()),
    )
    .unwrap();
    let before = read(&notes);
    let run = host_update(root, &dir, &["--wit", &b]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let after = read(&notes);
    only_insertions(&before, &after);
    assert!(
        after.contains(
            "use crate::state::HostState; // ours: the store\nuse crate::bindings::acme::notes::notes::HostPage;\n"
        ),
        "{after}"
    );
    assert!(
        after.contains("} // ours: end of pads\n\n/// Host-side value of the WIT resource `page`."),
        "{after}"
    );
    snapshot(&dir, &ws, "comments-b");
    cargo_check(&ws, &["comments-b"]);
}

#[test]
fn an_impl_inside_an_inline_module_is_reported_not_added_a_second_time() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let a = wit_dir(root, "a", NOTES_A);
    let b = wit_dir(root, "b", NOTES_B);
    let dir = host_crate(root, &a);
    let d = dir.display().to_string();
    let notes = dir.join("src/host/notes.rs");
    edit(
        &notes,
        "impl Host for HostState {}\n",
        "mod imp {\n    use super::*;\n\n    impl Host for HostState {}\n}\n",
    );
    // As complete as the WIT asks: nothing to do, nothing to report.
    let run = gen_in(root, &["host", "--update", "--check", "--out", &d]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    let before = read(&notes);
    let run = gen_in(root, &["host", "--update", "--out", &d, "--wit", &b]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let (line, col) = line_col(&before, "Host for HostState {}");
    assert!(
        run.stdout.contains(&format!(
            "error: {d}/src/host/notes.rs:{line}:{col}: `impl Host for HostState` is inside `mod imp`, and --update reads only a file's top-level items: add `summarize` by hand"
        )),
        "{}",
        run.stdout
    );
    let after = read(&notes);
    only_insertions(&before, &after);
    assert_eq!(
        after.matches("impl Host for HostState").count(),
        1,
        "no second impl:\n{after}"
    );
}

#[test]
fn names_from_a_glob_of_a_child_module_are_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let ws = root.join("ws");
    let a = wit_dir(root, "a", NOTES_A);
    let b = wit_dir(root, "b", NOTES_B);
    let dir = host_crate(root, &a);
    let notes = dir.join("src/host/notes.rs");
    // The user gathers the file's imports in a child module and globs it (`use names::*`
    // is relative to src/host/notes.rs, not to the crate root).
    let text = read(&notes);
    let start = text.find("use wasmtime").unwrap();
    let end = text.find("/// Host-side value").unwrap();
    std::fs::write(
        &notes,
        format!(
            "{}mod names;\nuse names::*;\n\n{}",
            &text[..start],
            &text[end..]
        ),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("src/host/notes")).unwrap();
    std::fs::write(
        dir.join("src/host/notes/names.rs"),
        text[start..end].replace("use ", "pub use "),
    )
    .unwrap();
    snapshot(&dir, &ws, "names-a");
    let before = read(&notes);
    let run = host_update(root, &dir, &["--wit", &b]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("add stub `Host::summarize`") && !run.stdout.contains("add `impl"),
        "{}",
        run.stdout
    );
    let after = read(&notes);
    assert_eq!(
        words(&only_insertions(&before, &after)),
        words(
            "use crate::bindings::acme::notes::notes::{Note, Summary};\n    fn summarize(&mut self, n: Note) -> Summary {\n        let _ = n;\n        todo!(\"acme:notes/notes.summarize\")\n    }"
        ),
        "{after}"
    );
    snapshot(&dir, &ws, "names-b");
    cargo_check(&ws, &["names-a", "names-b"]);
}

#[test]
fn imports_into_a_file_holding_only_a_comment_start_on_a_line_of_their_own() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let ws = root.join("ws");
    let a = wit_dir(root, "a", NOTES_A);
    let dir = host_crate(root, &a);
    let notes = dir.join("src/host/notes.rs");
    // No newline at the end: text appended right after it would be part of the comment.
    std::fs::write(&notes, "// Ours: notes go here").unwrap();
    let run = host_update(root, &dir, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let after = read(&notes);
    assert!(after.starts_with("// Ours: notes go here\nuse "), "{after}");
    snapshot(&dir, &ws, "comment-only");
    cargo_check(&ws, &["comment-only"]);
}

#[test]
fn at_the_guest_crate_root_the_worlds_guest_trait_wins_over_a_glob() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let ws = root.join("ws");
    let wit = |extra: &str| {
        format!(
            "package acme:notes@0.1.0;\n\ninterface notes {{\n  record note {{\n    text: string,\n  }}\n\n  add: func(n: note);{extra}\n}}\n\nworld notes-guest {{\n  export notes;\n  export run: func();\n}}\n"
        )
    };
    let a = wit_dir(root, "a", &wit(""));
    let b = wit_dir(root, "b", &wit("\n  count: func() -> u32;"));
    let run = gen_in(root, &["guest", "new-component", "notes", "--wit", &a]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = root.join("notes");
    let lib = dir.join("src/lib.rs");
    let text = read(&lib);
    assert!(text.contains("impl Guest for Component {"), "{text}");
    // The user globs the interface's names at the root: its `Guest` is shadowed by the
    // world's.
    edit(
        &lib,
        "use exports::acme::notes::notes::{self, Note};\n",
        "use exports::acme::notes::notes::{self, Note};\n#[allow(unused_imports)]\nuse exports::acme::notes::notes::*;\n",
    );
    snapshot(&dir, &ws, "root-glob-a");
    let before = read(&lib);
    let run = gen_in(root, &["guest", "update", "notes", "--wit", &b]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("add stub `notes::Guest::count`") && !run.stdout.contains("add `impl"),
        "{}",
        run.stdout
    );
    only_insertions(&before, &read(&lib));
    snapshot(&dir, &ws, "root-glob-b");
    cargo_check(&ws, &["root-glob-a", "root-glob-b"]);
}

#[test]
fn new_impls_and_files_follow_a_renamed_state_type() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let ws = root.join("ws");
    let a = wit_dir(root, "a", NOTES_A);
    let b = wit_dir(
        root,
        "b",
        &NOTES_A
            .replace(
                "  resource pad {",
                "  resource page {\n    constructor();\n  }\n\n  resource pad {",
            )
            .replace(
                "world notes-host {\n",
                "interface tags {\n  tag: func() -> string;\n}\n\nworld notes-host {\n  import tags;\n",
            ),
    );
    let dir = host_crate(root, &a);
    // The user calls the store's data `Ctx`, everywhere.
    for (path, text) in rust_files(&dir) {
        std::fs::write(dir.join(path), text.replace("HostState", "Ctx")).unwrap();
    }
    snapshot(&dir, &ws, "ctx-a");
    let run = host_update(root, &dir, &["--wit", &b]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("add `impl HostPage for Ctx`")
            && run
                .stdout
                .contains("src/host/tags.rs: create with `impl Host for Ctx`"),
        "{}",
        run.stdout
    );
    let tags = read(&dir.join("src/host/tags.rs"));
    assert!(
        tags.contains("use crate::state::Ctx;\n") && tags.contains("impl Host for Ctx {"),
        "{tags}"
    );
    let notes = read(&dir.join("src/host/notes.rs"));
    assert!(
        !notes.contains("for HostState") && !notes.contains("state::HostState"),
        "{notes}"
    );
    snapshot(&dir, &ws, "ctx-b");
    cargo_check(&ws, &["ctx-a", "ctx-b"]);
}
