//! The semantic diff on a table of WIT change pairs: every classification, and cosmetic-only
//! changes that must report nothing.
//!
//! Each case edits a base package with string replacements; the expectation lists every change
//! as `label | path`. On a mismatch the full rendered diff is printed.

use std::path::Path;

use airssys_gen::drift::{self, Change};
use airssys_gen::wit::{WitPackage, WitSource};

const BASE: &str = r#"package test:pkg@0.1.0;

/// Shared types.
interface types {
    record point {
        x: s32,
        y: s32,
    }
    variant shape {
        circle(u32),
        square(u32),
        none,
    }
    enum color {
        red,
        green,
    }
    flags perms {
        read,
        write,
    }
    resource blob {
        constructor();
        size: func() -> u64;
        open: static func(name: string) -> blob;
    }
    type id = u64;
}

/// What the host provides.
interface host {
    use types.{point, blob, id};

    // Gets something.
    get: func(p: point, n: u32) -> option<string>;
    put: func(key: string, value: list<u8>) -> result<_, string>;
    open: func(key: id) -> blob;
}

/// What the guest provides.
interface guest {
    use types.{color, shape};

    run: func(c: color) -> u32;
    draw: func(s: shape);
}

/// Used by no world.
interface spare {
    ping: func();
}

world app {
    import host;
    export guest;
    import log: func(msg: string);
    export name: func() -> string;
}
"#;

/// Loads a package from files written into a fresh temporary directory.
fn load(files: &[(&str, &str)]) -> (tempfile::TempDir, WitPackage) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let pkg = WitPackage::load(&WitSource::Path(dir.path().to_path_buf()))
        .unwrap_or_else(|e| panic!("{e}"));
    (dir, pkg)
}

fn edit(base: &str, edits: &[(&str, &str)]) -> String {
    let mut s = base.to_string();
    for (from, to) in edits {
        assert!(s.contains(from), "edit target not found: {from:?}");
        s = s.replacen(from, to, 1);
    }
    s
}

fn render(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| format!("  {} | {} | {}\n", c.label(), c.path, c.message))
        .collect()
}

fn check(name: &str, old: &[(&str, &str)], new: &[(&str, &str)], expected: &[(&str, &str)]) {
    let (_d1, old) = load(old);
    let (_d2, new) = load(new);
    let changes = drift::diff(&old, &new);
    let got: Vec<(&str, &str)> = changes
        .iter()
        .map(|c| (c.label(), c.path.as_str()))
        .collect();
    assert_eq!(got, expected, "case `{name}`: got\n{}", render(&changes));
}

fn case(name: &str, edits: &[(&str, &str)], expected: &[(&str, &str)]) {
    let new = edit(BASE, edits);
    check(name, &[("a.wit", BASE)], &[("a.wit", &new)], expected);
}

const BREAKING: &str = "breaking";

#[test]
fn identical_reports_nothing() {
    case("identical", &[], &[]);
}

#[test]
fn cosmetic_changes_report_nothing() {
    case(
        "docs, comments, whitespace",
        &[
            (
                "/// Shared types.",
                "/// Types that everybody shares.\n/// Really.",
            ),
            ("// Gets something.", ""),
            (
                "    put: func(key: string, value: list<u8>)",
                "    put: func(key: string,\n        value: list<u8>,\n    )",
            ),
            (
                "record point {\n        x: s32,",
                "record point {\n        /// The x.\n        x:    s32,",
            ),
        ],
        &[],
    );
    case(
        "declaration order of interfaces, functions, types, world items, use lists",
        &[
            (
                "    run: func(c: color) -> u32;\n    draw: func(s: shape);",
                "    draw: func(s: shape);\n    run: func(c: color) -> u32;",
            ),
            ("    type id = u64;\n", ""),
            (
                "interface types {\n",
                "interface types {\n    type id = u64;\n",
            ),
            (
                "use types.{point, blob, id};",
                "use types.{id, blob, point};",
            ),
            (
                "    import host;\n    export guest;\n",
                "    export guest;\n    import host;\n",
            ),
            (
                "/// Used by no world.\ninterface spare {\n    ping: func();\n}\n",
                "",
            ),
            (
                "package test:pkg@0.1.0;\n",
                "package test:pkg@0.1.0;\n\ninterface spare {\n    ping: func();\n}\n",
            ),
        ],
        &[],
    );
}

#[test]
fn splitting_into_files_reports_nothing() {
    let (head, rest) = BASE.split_once("/// What the host provides.").unwrap();
    let second = format!("package test:pkg@0.1.0;\n\n/// What the host provides.{rest}");
    check(
        "one file -> two files",
        &[("a.wit", BASE)],
        &[("types.wit", head), ("z.wit", &second)],
        &[],
    );
}

#[test]
fn functions_in_imported_and_exported_interfaces() {
    case(
        "new host import",
        &[(
            "    open: func(key: id) -> blob;",
            "    open: func(key: id) -> blob;\n    del: func(key: string);",
        )],
        &[("additive, safe for old guests", "test:pkg/host.del")],
    );
    case(
        "new guest export",
        &[(
            "    draw: func(s: shape);",
            "    draw: func(s: shape);\n    stop: func();",
        )],
        &[("additive, safe for old hosts", "test:pkg/guest.stop")],
    );
    case(
        "removed host import",
        &[(
            "    put: func(key: string, value: list<u8>) -> result<_, string>;\n",
            "",
        )],
        &[("breaking for old guests", "test:pkg/host.put")],
    );
    case(
        "removed guest export",
        &[("    draw: func(s: shape);\n", "")],
        &[("breaking for old hosts", "test:pkg/guest.draw")],
    );
    case(
        "function of an interface no world uses",
        &[("    ping: func();", "    ping: func();\n    pong: func();")],
        &[("additive", "test:pkg/spare.pong")],
    );
    case(
        "interface both imported and exported",
        &[
            (
                "    export name: func() -> string;",
                "    export name: func() -> string;\n}\nworld other {\n    export host;",
            ),
            (
                "    open: func(key: id) -> blob;",
                "    open: func(key: id) -> blob;\n    del: func(key: string);",
            ),
        ],
        &[
            (
                "additive, but neither old guests nor old hosts link",
                "test:pkg/host.del",
            ),
            ("additive", "test:pkg/other"),
        ],
    );
}

#[test]
fn function_signatures() {
    case(
        "parameter type",
        &[("get: func(p: point, n: u32)", "get: func(p: point, n: u64)")],
        &[(BREAKING, "test:pkg/host.get.n")],
    );
    case(
        "parameter renamed",
        &[(
            "get: func(p: point, n: u32)",
            "get: func(p: point, count: u32)",
        )],
        &[(BREAKING, "test:pkg/host.get.count")],
    );
    case(
        "parameters reordered",
        &[("get: func(p: point, n: u32)", "get: func(n: u32, p: point)")],
        &[(BREAKING, "test:pkg/host.get")],
    );
    case(
        "parameter added",
        &[(
            "get: func(p: point, n: u32)",
            "get: func(p: point, n: u32, m: u8)",
        )],
        &[(BREAKING, "test:pkg/host.get.m")],
    );
    case(
        "result changed",
        &[("-> option<string>;", "-> option<list<u8>>;")],
        &[(BREAKING, "test:pkg/host.get")],
    );
    case(
        "result removed",
        &[("run: func(c: color) -> u32;", "run: func(c: color);")],
        &[(BREAKING, "test:pkg/guest.run")],
    );
    case(
        "became async",
        &[("run: func(c: color)", "run: async func(c: color)")],
        &[(BREAKING, "test:pkg/guest.run")],
    );
    case(
        "alias in a signature is transparent",
        &[(
            "open: func(key: id) -> blob;",
            "open: func(key: u64) -> blob;",
        )],
        &[],
    );
}

#[test]
fn records_variants_enums_flags() {
    case(
        "record field added",
        &[("        y: s32,\n", "        y: s32,\n        z: s32,\n")],
        &[(BREAKING, "test:pkg/types.point.z")],
    );
    case(
        "record field removed",
        &[("        y: s32,\n", "")],
        &[(BREAKING, "test:pkg/types.point.y")],
    );
    case(
        "record fields reordered",
        &[(
            "        x: s32,\n        y: s32,\n",
            "        y: s32,\n        x: s32,\n",
        )],
        &[(BREAKING, "test:pkg/types.point")],
    );
    case(
        "record field renamed",
        &[("        y: s32,\n", "        why: s32,\n")],
        &[(BREAKING, "test:pkg/types.point.why")],
    );
    case(
        "record field type",
        &[("        y: s32,\n", "        y: s64,\n")],
        &[(BREAKING, "test:pkg/types.point.y")],
    );
    case(
        "variant case added",
        &[(
            "        none,\n",
            "        none,\n        line(tuple<u32, u32>),\n",
        )],
        &[(
            "additive, but neither old guests nor old hosts link",
            "test:pkg/types.shape.line",
        )],
    );
    case(
        "variant case payload",
        &[("square(u32)", "square(u64)")],
        &[(BREAKING, "test:pkg/types.shape.square")],
    );
    case(
        "variant cases reordered",
        &[(
            "        circle(u32),\n        square(u32),\n",
            "        square(u32),\n        circle(u32),\n",
        )],
        &[(BREAKING, "test:pkg/types.shape")],
    );
    case(
        "enum case added",
        &[("        green,\n", "        green,\n        blue,\n")],
        &[(
            "additive, but neither old guests nor old hosts link",
            "test:pkg/types.color.blue",
        )],
    );
    case(
        "enum case removed",
        &[("        green,\n", "")],
        &[(BREAKING, "test:pkg/types.color.green")],
    );
    case(
        "flag added",
        &[("        write,\n", "        write,\n        exec,\n")],
        &[(
            "additive, but neither old guests nor old hosts link",
            "test:pkg/types.perms.exec",
        )],
    );
    case(
        "flags reordered",
        &[(
            "        read,\n        write,\n",
            "        write,\n        read,\n",
        )],
        &[(BREAKING, "test:pkg/types.perms")],
    );
    case(
        "kind changed",
        &[(
            "    enum color {\n        red,\n        green,\n    }",
            "    variant color {\n        red,\n        green,\n    }",
        )],
        &[(BREAKING, "test:pkg/types.color")],
    );
    case(
        "type alias target",
        &[("type id = u64;", "type id = string;")],
        &[
            (BREAKING, "test:pkg/host.open.key"),
            (BREAKING, "test:pkg/types.id"),
        ],
    );
}

#[test]
fn resources() {
    // `types` is imported by `app` (host uses it), so its instance members are host-provided.
    case(
        "method added",
        &[(
            "size: func() -> u64;",
            "size: func() -> u64;\n        name: func() -> string;",
        )],
        &[("additive, safe for old guests", "test:pkg/types.blob.name")],
    );
    case(
        "constructor removed",
        &[("        constructor();\n", "")],
        &[("breaking for old guests", "test:pkg/types.blob.constructor")],
    );
    case(
        "method result",
        &[("size: func() -> u64;", "size: func() -> u32;")],
        &[(BREAKING, "test:pkg/types.blob.size")],
    );
    case(
        "method became static",
        &[("size: func() -> u64;", "size: static func() -> u64;")],
        &[
            (BREAKING, "test:pkg/types.blob.size"),
            (BREAKING, "test:pkg/types.blob.size.self"),
        ],
    );
    case(
        "resource added to an imported interface",
        &[(
            "    type id = u64;",
            "    type id = u64;\n    resource cursor;",
        )],
        &[("additive, safe for old guests", "test:pkg/types.cursor")],
    );
}

#[test]
fn uses_and_types() {
    case(
        "use replaced by a local definition",
        &[(
            "use types.{point, blob, id};",
            "use types.{point, blob};\n    type id = u64;",
        )],
        &[(BREAKING, "test:pkg/host.id")],
    );
    case(
        "use added",
        &[(
            "use types.{color, shape};",
            "use types.{color, shape, point};",
        )],
        &[("additive", "test:pkg/guest.point")],
    );
    case(
        "use removed",
        &[
            ("use types.{point, blob, id};", "use types.{point, blob};"),
            ("open: func(key: id)", "open: func(key: u64)"),
        ],
        &[(
            "breaking for source, built binaries unaffected",
            "test:pkg/host.id",
        )],
    );
    case(
        "type added",
        &[(
            "    type id = u64;",
            "    type id = u64;\n    type name = string;",
        )],
        &[("additive", "test:pkg/types.name")],
    );
}

#[test]
fn worlds_interfaces_and_versions() {
    case(
        "world import added",
        &[(
            "    import log: func(msg: string);",
            "    import log: func(msg: string);\n    import now: func() -> u64;",
        )],
        &[("additive, safe for old guests", "test:pkg/app.import.now")],
    );
    case(
        "world export added",
        &[("    export guest;", "    export guest;\n    export spare;")],
        &[(
            "additive, safe for old hosts",
            "test:pkg/app.export.test:pkg/spare",
        )],
    );
    case(
        "world import removed",
        &[("    import log: func(msg: string);\n", "")],
        &[("breaking for old guests", "test:pkg/app.import.log")],
    );
    case(
        "world export removed",
        &[("    export name: func() -> string;\n", "")],
        &[("breaking for old hosts", "test:pkg/app.export.name")],
    );
    case(
        "world function changed",
        &[(
            "import log: func(msg: string);",
            "import log: func(msg: string, level: u8);",
        )],
        &[(BREAKING, "test:pkg/app.import.log.level")],
    );
    case(
        "interface added",
        &[(
            "/// Used by no world.",
            "interface extra {}\n\n/// Used by no world.",
        )],
        &[("additive", "test:pkg/extra")],
    );
    case(
        "interface removed",
        &[(
            "/// Used by no world.\ninterface spare {\n    ping: func();\n}\n",
            "",
        )],
        &[(
            "breaking for source, built binaries unaffected",
            "test:pkg/spare",
        )],
    );
    case(
        "world removed",
        &[("world app {", "world app2 {")],
        &[
            (
                "breaking for source, built binaries unaffected",
                "test:pkg/app",
            ),
            ("additive", "test:pkg/app2"),
        ],
    );
    case(
        "compatible version bump",
        &[("package test:pkg@0.1.0;", "package test:pkg@0.1.3;")],
        &[("additive", "test:pkg")],
    );
    case(
        "incompatible version bump",
        &[("package test:pkg@0.1.0;", "package test:pkg@0.2.0;")],
        &[(BREAKING, "test:pkg")],
    );
    case(
        "version dropped",
        &[("package test:pkg@0.1.0;", "package test:pkg;")],
        &[(BREAKING, "test:pkg")],
    );
}

const DEP: &str = "package dep:io@0.2.0;\n\ninterface streams {\n    resource reader {\n        read: func(n: u64) -> list<u8>;\n    }\n}\n";
const MAIN_WITH_DEP: &str = "package test:main;\n\ninterface api {\n    use dep:io/streams@0.2.0.{reader};\n    open: func() -> reader;\n}\n\nworld w {\n    import api;\n}\n";

#[test]
fn dependencies() {
    check(
        "identical with deps",
        &[("a.wit", MAIN_WITH_DEP), ("deps/io/streams.wit", DEP)],
        &[("a.wit", MAIN_WITH_DEP), ("deps/io.wit", DEP)],
        &[],
    );
    let dep2 = DEP.replace(
        "read: func(n: u64) -> list<u8>;",
        "read: func(n: u64) -> list<u8>;\n        skip: func(n: u64);",
    );
    check(
        "dependency method added",
        &[("a.wit", MAIN_WITH_DEP), ("deps/io/streams.wit", DEP)],
        &[("a.wit", MAIN_WITH_DEP), ("deps/io/streams.wit", &dep2)],
        &[(
            "additive, safe for old guests",
            "dep:io/streams.reader.skip",
        )],
    );
    let dep3 = DEP.replace("dep:io@0.2.0", "dep:io@0.2.1");
    let main3 = MAIN_WITH_DEP.replace("@0.2.0", "@0.2.1");
    check(
        "dependency version bump",
        &[("a.wit", MAIN_WITH_DEP), ("deps/io/streams.wit", DEP)],
        &[("a.wit", &main3), ("deps/io/streams.wit", &dep3)],
        &[("additive", "dep:io")],
    );
    let extra = "package dep:clock;\n\ninterface now {\n    now: func() -> u64;\n}\n";
    check(
        "dependency package added",
        &[("a.wit", MAIN_WITH_DEP), ("deps/io/streams.wit", DEP)],
        &[
            ("a.wit", MAIN_WITH_DEP),
            ("deps/io/streams.wit", DEP),
            ("deps/clock.wit", extra),
        ],
        &[("additive", "dep:clock")],
    );
}

#[test]
fn changes_are_located_in_both_copies() {
    let new = edit(BASE, &[("        y: s32,\n", "        y: s64,\n")]);
    let (_d1, old) = load(&[("a.wit", BASE)]);
    let (_d2, new) = load(&[("b.wit", &new)]);
    let changes = drift::diff(&old, &new);
    assert_eq!(changes.len(), 1, "{}", render(&changes));
    let c = &changes[0];
    assert_eq!(
        c.message,
        "type of field `y` of record `point` changed from `s32` to `s64`"
    );
    let (o, n) = (c.old.as_ref().unwrap(), c.new.as_ref().unwrap());
    assert_eq!(o.file.file_name(), Some(Path::new("a.wit").as_os_str()));
    assert_eq!(n.file.file_name(), Some(Path::new("b.wit").as_os_str()));
    assert_eq!((o.line, o.column), (7, 9));
    assert_eq!((n.line, n.column), (7, 9));
    assert_eq!(&BASE[o.range.clone()][..1], "y");
}

#[test]
fn bundled_package_against_itself() {
    let a = WitPackage::load(&WitSource::Bundled).unwrap();
    let b = WitPackage::load(&WitSource::Bundled).unwrap();
    assert!(drift::diff(&a, &b).is_empty());
}
