use super::*;

fn facts(src: &str) -> FileFacts {
    extract(src, &CrateNames::canonical()).unwrap()
}

fn kinds(src: &str) -> Vec<MacroKind> {
    facts(src).bindgen.iter().map(|b| b.kind).collect()
}

#[test]
fn resolves_paths_and_aliases() {
    use MacroKind::*;
    assert_eq!(kinds("wit_bindgen::generate!(\"w\");"), [Guest]);
    assert_eq!(kinds("::wit_bindgen::generate!{\"w\"}"), [Guest]);
    assert_eq!(
        kinds("use wit_bindgen::generate as guest_gen; guest_gen![\"w\"];"),
        [Guest]
    );
    assert_eq!(
        kinds("use wasmtime::component::bindgen; bindgen!();"),
        [Host]
    );
    assert_eq!(kinds("use wasmtime::component::*; bindgen!();"), [Host]);
    assert_eq!(
        kinds("use wasmtime::component; component::bindgen!();"),
        [Host]
    );
    assert_eq!(
        kinds("use wasmtime as wt; fn f() { wt::component::bindgen!(); }"),
        [Host]
    );
    assert_eq!(
        kinds("extern crate wit_bindgen as wb; wb::generate!();"),
        [Guest]
    );
    assert_eq!(
        kinds("#[macro_use] extern crate wit_bindgen; generate!();"),
        [Guest]
    );
    assert_eq!(
        kinds("mod a { use wit_bindgen::generate; mod b { use super::generate; generate!(); } }"),
        [Guest]
    );
}

#[test]
fn resolves_groups_self_and_late_uses() {
    use MacroKind::*;
    assert_eq!(
        kinds("use ::wasmtime::component::{self, bindgen as host_bindgen}; host_bindgen!();"),
        [Host]
    );
    assert_eq!(
        kinds("use wasmtime::{component::bindgen}; bindgen!();"),
        [Host]
    );
    // A `use` later in the block still applies to the whole block.
    assert_eq!(
        kinds("fn f() { generate!(); use wit_bindgen::generate; }"),
        [Guest]
    );
    assert_eq!(
        kinds("mod m { pub use wit_bindgen::generate; } m::generate!();"),
        [Guest]
    );
    assert_eq!(
        kinds("mod m { use wit_bindgen::generate; } m::generate!();"),
        []
    );
    assert_eq!(
        kinds("mod m { pub use wit_bindgen::generate; } use self::m::generate as g; g!();"),
        [Guest]
    );
    assert_eq!(
        kinds("mod m { pub use wit_bindgen::generate; } fn f() { crate::m::generate!(); }"),
        [Guest]
    );
}

#[test]
fn bare_macros_imported_in_another_file() {
    use MacroKind::*;
    let names = |deps: &[&'static str]| CrateNames {
        depends_on: deps.to_vec(),
        ..CrateNames::canonical()
    };
    let kinds_in = |src: &str, deps: &[&'static str]| -> Vec<MacroKind> {
        let facts = extract(src, &names(deps)).unwrap();
        facts.bindgen.iter().map(|b| b.kind).collect()
    };
    // `use super::*;` or a `pub use` in lib.rs: the file itself does not name the macro.
    let src = "use super::*; bindgen!({ path: \"wit\" }); crate::generate!();";
    assert_eq!(kinds_in(src, &[WASMTIME]), [Host]);
    assert_eq!(kinds_in(src, &[WIT_BINDGEN]), [Guest]);
    assert_eq!(kinds_in(src, &[WASMTIME, WIT_BINDGEN]), [Host, Guest]);
    // Outside a package, or a package without the dependency: not a bindgen macro.
    assert!(kinds_in(src, &[]).is_empty());
    assert!(kinds(src).is_empty());
    // Named in the file as something else: not a bindgen macro either.
    let deps = &[WASMTIME, WIT_BINDGEN];
    assert!(kinds_in("macro_rules! bindgen { () => {} } bindgen!();", deps).is_empty());
    assert!(kinds_in("use other::generate; generate!();", deps).is_empty());
    assert!(kinds_in("::bindgen!(); other::generate!();", deps).is_empty());
    let f = extract("self::generate!(\"w\" in \"../wit\");", &names(deps)).unwrap();
    assert_eq!(f.bindgen[0].args.paths[0].value, "../wit");
}

#[test]
fn ignores_unrelated_and_textual_mentions() {
    assert!(kinds("generate!(); bindgen!();").is_empty());
    assert!(kinds("use other::generate; generate!();").is_empty());
    assert!(kinds("use wit_bindgen::generate; mod inner { generate!(); }").is_empty());
    assert!(kinds("// wit_bindgen::generate!();\n/// ```\n/// wit_bindgen::generate!();\n/// ```\nfn f() { let s = \"wit_bindgen::generate!()\"; }").is_empty());
    assert!(
        kinds("use wasmtime::component::*; macro_rules! bindgen { () => {} } bindgen!();")
            .is_empty()
    );
}

#[test]
fn a_fork_option_leaves_the_call_unchecked() {
    let understood = |src: &str| facts(src).bindgen[0].args.understood;
    // Options of past and present releases of either macro.
    assert!(understood(
        "wasmtime::component::bindgen!({ world: \"w\", async: true, trappable_imports: true, concurrent_exports: true });"
    ));
    assert!(understood(
        "wit_bindgen::generate!({ world: \"w\", enable_method_chaining: true, exports: { \"a:b/c\": C } });"
    ));
    // isyswasfa's fork of wit-bindgen.
    assert!(!understood(
        "wit_bindgen::generate!({ path: \"../../wit\", world: \"h\", isyswasfa: \"-wasi-http\" });"
    ));
}

#[test]
fn reads_macro_args() {
    let f = facts(
        "wasmtime::component::bindgen!({ world: \"w\", path: [\"a\", \"b\"], with: { \"x:y/z\": m } });",
    );
    let a = &f.bindgen[0].args;
    assert_eq!(a.world.as_ref().unwrap().value, "w");
    assert_eq!(
        a.paths.iter().map(|p| p.value.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(a.with_keys, ["x:y/z"]);
    let f = facts("wit_bindgen::generate!(\"w\" in \"../wit\");");
    let a = &f.bindgen[0].args;
    assert_eq!(a.paths[0].value, "../wit");
    let src = "wit_bindgen::generate!(\"w\" in \"../wit\");";
    assert_eq!(&src[a.paths[0].range.clone()], "\"../wit\"");
}

#[test]
fn finds_registrations() {
    let src = r#"
        fn f(linker: &mut Linker<()>) -> Result<()> {
            linker.instance("a:b/c")?.func_wrap("f", |_, ()| Ok(()))?;
            let mut root = linker.root();
            root.func_wrap("g", |_, ()| Ok(()))?;
            core.func_wrap("m", "n", |x: i32| x)?;
            Ok(())
        }
    "#;
    let f = facts(src);
    let regs: Vec<_> = f
        .registrations
        .iter()
        .map(|r| (r.target.clone(), r.func.as_str()))
        .collect();
    assert_eq!(
        regs,
        [
            (LinkTarget::Instance("a:b/c".into()), "f"),
            (LinkTarget::Root, "g")
        ]
    );
    assert_eq!(&src[f.registrations[0].range.clone()], "func_wrap");
}

#[test]
fn bom_and_parse_errors() {
    let f = facts("\u{feff}wit_bindgen::generate!();");
    assert_eq!(f.bindgen[0].path_range, 3..25);
    let e = extract("fn f( {", &CrateNames::canonical()).unwrap_err();
    assert!(!e.message.is_empty());
}

/// Four glob imports and long paths once made resolution exponential (minutes for one
/// file of a real repository); each lookup is now bounded, and globs still resolve.
#[test]
fn many_globs_resolve_and_stay_bounded() {
    let mut src = String::new();
    for i in 0..24 {
        src.push_str(&format!("use std::os::windows::prelude{i}::*;\n"));
    }
    src.push_str(
        "use wasmtime::component::*;\nmod m { pub use wit_bindgen::generate; }\nuse m::*;\n",
    );
    src.push_str("fn f() {\n");
    for i in 0..2000 {
        src.push_str(&format!(
            "    a::b::c::d::e::f::g::h{i}!(); bail!(\"x\"); q{i}::r::s::bindgen!(); generate{i}!();\n"
        ));
    }
    src.push_str("    bindgen!({ path: \"wit\" });\n    generate!(\"w\");\n}\n");
    // A budget no bounded resolution nears, even unoptimized on a loaded machine (this
    // takes about 1.4 s in a debug build, near the lint's 2 s); the exponential one took
    // minutes.
    let facts = extract_unhurried(&src, &CrateNames::canonical()).unwrap();
    let kinds: Vec<MacroKind> = facts.bindgen.iter().map(|b| b.kind).collect();
    assert_eq!(kinds, [MacroKind::Host, MacroKind::Guest]);
}

#[test]
fn a_file_over_its_budget_is_given_up() {
    let src = "use wasmtime::component::*; fn f() { bindgen!(); }";
    let e = extract_within(
        src,
        &CrateNames::canonical(),
        Registrations::All,
        std::time::Duration::ZERO,
    )
    .unwrap_err();
    assert!(e.out_of_time, "{e:?}");
    assert!(e.message.contains("budget"), "{}", e.message);
}

#[test]
fn refuses_brackets_nested_too_deep_whether_or_not_they_balance() {
    let deep = format!("fn g() {{ {}{} }}", "(".repeat(300), ")".repeat(300));
    let src = format!("fn f() {{ wit_bindgen::generate!(); }}\n{deep}\n");
    let e = extract(&src, &CrateNames::canonical()).unwrap_err();
    assert_eq!(e.message, "brackets nest deeper than 256 levels");
    // The body of `g` is level 1: the 256th `(` of the run is level 257.
    let at = src.find("((").unwrap() + 255;
    assert_eq!(e.range, at..at + 1);
    // Unbalanced: the byte count still stops it before syn recurses.
    let src = format!("fn f() {{ wit_bindgen::generate!(); {}", "(".repeat(300));
    let e = extract(&src, &CrateNames::canonical()).unwrap_err();
    assert_eq!(e.message, "brackets nest deeper than 256 levels");
}

/// Cutting a file down to its interesting items must not change its facts. Checked on
/// code nobody here wrote: the upstream sources of both bindgen macros (full of `bindgen!`,
/// `wit_bindgen` paths and `func_wrap` registrations), and syn, proc-macro2 and serde with
/// their own crate names taken as interesting, so that nearly every item of those
/// syntax-heavy crates goes through the cut.
#[test]
fn cut_files_give_the_facts_of_whole_files_on_upstream_sources() {
    let wit_bindgen_names = CrateNames::canonical();
    let mut as_wit_bindgen = CrateNames::canonical();
    for local in ["syn", "proc_macro2", "serde", "quote"] {
        as_wit_bindgen
            .entries
            .push((local.to_string(), WIT_BINDGEN));
    }
    let corpora = [
        ("wasmtime-internal-component-macro", &wit_bindgen_names),
        ("wasmtime-internal-wit-bindgen", &wit_bindgen_names),
        ("wit-bindgen-rust", &wit_bindgen_names),
        ("wit-bindgen-core", &wit_bindgen_names),
        ("syn", &as_wit_bindgen),
        ("proc-macro2", &as_wit_bindgen),
        ("serde", &as_wit_bindgen),
    ];
    let (mut compared, mut with_facts, mut cut_down) = (0, 0, 0);
    for (krate, names) in corpora {
        let mut files = Vec::new();
        crate::test_support::rust_files(&crate::test_support::locked_crate(krate, ""), &mut files);
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let Ok(whole) = extract_whole(&text, names) else {
                continue;
            };
            let cut = extract_unhurried(&text, names)
                .unwrap_or_else(|e| panic!("{}: cut file fails: {}", path.display(), e.message));
            let show = |f: &FileFacts| {
                format!(
                    "{:#?}\n{:#?}\n{:#?}",
                    f.bindgen, f.crate_refs, f.registrations
                )
            };
            assert_eq!(show(&cut), show(&whole), "{}", path.display());
            // Outside a host, `wit_bindgen::` paths are not tracked: the same macros and
            // registrations are found, with or without cutting, and no such path.
            let untracked = CrateNames {
                untracked: vec![WIT_BINDGEN],
                ..names.clone()
            };
            let lean = extract_unhurried(&text, &untracked).unwrap_or_else(|e| {
                panic!("{}: untracked cut fails: {}", path.display(), e.message)
            });
            let lean_whole = extract_whole(&text, &untracked).unwrap();
            assert_eq!(show(&lean), show(&lean_whole), "{}", path.display());
            let without = |f: &FileFacts| {
                let refs: Vec<_> = f
                    .crate_refs
                    .iter()
                    .filter(|r| r.package != WIT_BINDGEN)
                    .collect();
                format!("{:#?}\n{:#?}\n{:#?}", f.bindgen, refs, f.registrations)
            };
            assert_eq!(without(&lean), without(&whole), "{}", path.display());
            compared += 1;
            if !whole.bindgen.is_empty()
                || !whole.crate_refs.is_empty()
                || !whole.registrations.is_empty()
            {
                with_facts += 1;
            }
            if reduce::reduce(&text, &names.words(Registrations::All), MAX_NESTING)
                .text
                .is_some()
            {
                cut_down += 1;
            }
        }
    }
    eprintln!("{compared} files compared, {with_facts} with facts, {cut_down} cut down");
    // The corpus is real: hundreds of files, many with facts, most cut down.
    assert!(compared > 250, "only {compared} files compared");
    assert!(with_facts > 80, "only {with_facts} files with facts");
    assert!(cut_down > 150, "only {cut_down} files cut down");
}
