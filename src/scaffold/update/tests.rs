use super::*;

fn parsed(text: &str) -> Parsed {
    Parsed::parse(PathBuf::from("x.rs"), text.to_string()).unwrap()
}

#[test]
fn ranges_cover_doc_comments_and_bodies() {
    let p = parsed("use a::B;\n\n/// Doc é.\n/// More.\nfn f() -> B {\n    todo!()\n}\n");
    let item = &p.file.items[1];
    assert_eq!(
        &p.text[p.range(item)],
        "/// Doc é.\n/// More.\nfn f() -> B {\n    todo!()\n}"
    );
}

#[test]
fn shapes_ignore_paths_and_lifetimes_but_not_types() {
    let sig = |s: &str| {
        let f: syn::ItemFn = syn::parse_str(&format!("{s} {{}}")).unwrap();
        fn_shape(&f.sig)
    };
    assert_eq!(
        sig("fn f(&mut self, x: wasmtime::component::Resource<B>) -> ()"),
        sig("fn g(&mut self, y: Resource<B>)")
    );
    assert_eq!(sig("fn f(a: B<'_>)"), sig("fn f(b: x::B)"));
    assert_ne!(sig("fn f(a: u32)"), sig("fn f(a: u64)"));
    assert_ne!(sig("fn f(&self)"), sig("fn f(&mut self)"));
    assert_ne!(sig("fn f(a: u32)"), sig("fn f(a: u32, b: u32)"));
}

#[test]
fn one_line_signatures() {
    assert_eq!(
        one_line(
            "fn list_keys(\n        &mut self,\n        prefix: Option<String>,\n    ) -> Vec<String>"
        ),
        "fn list_keys(&mut self, prefix: Option<String>) -> Vec<String>"
    );
}

#[test]
fn uses_resolve_groups_self_and_renames() {
    let p = parsed(
        "use crate::bindings::a::b::{self, Host, X as Y};\nuse exports::c::d;\nimpl b::Host for S {}\n",
    );
    assert_eq!(p.uses["b"], ["crate", "bindings", "a", "b"]);
    assert_eq!(p.uses["Y"], ["crate", "bindings", "a", "b", "X"]);
    assert_eq!(p.uses["d"], ["exports", "c", "d"]);
    let syn::Item::Impl(i) = &p.file.items[2] else {
        panic!()
    };
    let path = &i.trait_.as_ref().unwrap().1;
    assert_eq!(p.resolve(path), ["bindings", "a", "b", "Host"]);
}
