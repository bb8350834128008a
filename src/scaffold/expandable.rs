//! Worlds whose bindings the upstream macro itself cannot compile, found in its own output
//! before a crate is written: the tool refuses them with the reason instead of writing a
//! crate that cannot build. Each shape was confirmed with a crate holding only the bare macro
//! call (tests/upstream_corpus.rs lists the worlds).

use std::collections::BTreeMap;

/// Why the macro's output for a world cannot compile, if it cannot.
pub fn problem(file: &syn::File, macro_name: &str) -> Option<String> {
    if file
        .items
        .iter()
        .any(|i| matches!(i, syn::Item::Mod(m) if m.ident == "wasmtime"))
        && macro_name.contains("bindgen!")
    {
        return Some(format!(
            "{macro_name} generates a module `wasmtime` (for a WIT package or interface named so) that shadows the `wasmtime` crate its own code uses"
        ));
    }
    if let Some(name) = shadowed_generic(&file.items) {
        return Some(format!(
            "{macro_name} names a WIT type `{name}` at the bindings' root, the name its own generated code gives a generic parameter, so the two clash"
        ));
    }
    duplicate(&file.items, &mut Vec::new()).map(|(path, name)| {
        let at = if path.is_empty() {
            "the bindings' root".to_string()
        } else {
            format!("module `{}`", path.join("::"))
        };
        format!(
            "{macro_name} generates two items named `{name}` in {at} (rustc E0428): two WIT items (a world, an interface, a package, a type, an inline `import x: interface {{..}}`) map to that one Rust name"
        )
    })
}

/// A world-level resource (an empty `enum`, as bindgen! declares resources) whose name is
/// also a generic parameter of a root-level item: resource `s` becomes `S`, which wasmtime's
/// generated linker code uses as a type parameter, and `Resource<S>` then means the parameter.
fn shadowed_generic(items: &[syn::Item]) -> Option<String> {
    use syn::visit::Visit;
    struct Params(std::collections::BTreeSet<String>);
    impl<'a> Visit<'a> for Params {
        fn visit_type_param(&mut self, p: &'a syn::TypeParam) {
            self.0.insert(p.ident.to_string());
        }
    }
    let mut params = Params(Default::default());
    let mut types = Vec::new();
    for item in items {
        match item {
            syn::Item::Enum(e) if e.variants.is_empty() => types.push(e.ident.to_string()),
            syn::Item::Mod(_) => continue,
            _ => {}
        }
        params.visit_item(item);
    }
    types.into_iter().find(|t| params.0.contains(t))
}

/// The first module (by path) holding two types or modules of one name.
fn duplicate(items: &[syn::Item], path: &mut Vec<String>) -> Option<(Vec<String>, String)> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for item in items {
        let name = match item {
            syn::Item::Mod(m) => Some(m.ident.to_string()),
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            syn::Item::Trait(t) => Some(t.ident.to_string()),
            syn::Item::Type(t) => Some(t.ident.to_string()),
            _ => None,
        };
        if let Some(name) = name {
            let n = seen.entry(name.clone()).or_default();
            *n += 1;
            if *n == 2 {
                return Some((path.clone(), name));
            }
        }
    }
    for item in items {
        if let syn::Item::Mod(m) = item
            && let Some((_, inner)) = &m.content
        {
            path.push(m.ident.to_string());
            if let Some(found) = duplicate(inner, path) {
                return Some(found);
            }
            path.pop();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_duplicate_modules_and_a_shadowed_crate() {
        let f: syn::File = syn::parse_str(
            "pub mod foo {} pub mod a { pub mod foo {} } pub mod foo { pub trait Host {} }",
        )
        .unwrap();
        let p = problem(&f, "bindgen!").unwrap();
        assert!(
            p.contains("two items named `foo` in the bindings' root"),
            "{p}"
        );
        let f: syn::File = syn::parse_str("pub mod a { pub struct X; pub enum X {} }").unwrap();
        assert!(
            problem(&f, "generate!")
                .unwrap()
                .contains("`X` in module `a`")
        );
        let f: syn::File = syn::parse_str("pub mod wasmtime { pub mod test {} }").unwrap();
        assert!(
            problem(&f, "bindgen!")
                .unwrap()
                .contains("shadows the `wasmtime` crate")
        );
        assert!(problem(&f, "generate!").is_none());
        let f: syn::File =
            syn::parse_str("pub enum S {} impl<S: Send> X<S> { fn f<T>() {} }").unwrap();
        assert!(problem(&f, "bindgen!").unwrap().contains("type `S`"));
        let f: syn::File = syn::parse_str("pub struct T; impl<T> X<T> {}").unwrap();
        assert!(problem(&f, "bindgen!").is_none());
        let f: syn::File = syn::parse_str("pub mod a {} pub mod b { pub mod a {} }").unwrap();
        assert!(problem(&f, "bindgen!").is_none());
    }
}
