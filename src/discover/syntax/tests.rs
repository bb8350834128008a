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
    assert_eq!(kinds(&src), [MacroKind::Host, MacroKind::Guest]);
}

#[test]
fn a_file_over_its_budget_is_given_up() {
    let src = "use wasmtime::component::*; fn f() { bindgen!(); }";
    let e = extract_within(src, &CrateNames::canonical(), std::time::Duration::ZERO).unwrap_err();
    assert!(e.out_of_time, "{e:?}");
    assert!(e.message.contains("budget"), "{}", e.message);
}
