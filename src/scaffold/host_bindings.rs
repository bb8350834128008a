//! What wasmtime 48's `bindgen!` generates for a world, read back as syntax.
//!
//! Why run wasmtime's own generator instead of re-deriving signatures from wit-parser: the
//! stubs must match the traits `bindgen!` generates *exactly* (names, `Resource<_>` wrapping,
//! `Result` shapes, keyword escaping, version suffixes, `use` aliases, resource supertraits),
//! and the only complete statement of those rules is the generator itself. We depend on
//! `wasmtime-internal-wit-bindgen` pinned with `=` to the wasmtime version the generated crates
//! use, feed it the same options the generated `bindgen!` call passes, and parse its output
//! with `syn`. A wasmtime upgrade is then a version bump checked by the corpus test, not a
//! re-implementation. (The crate is internal to wasmtime and flagged by `airssys-lint` in
//! *user* crates; a code generator pinned to one wasmtime release is the case it exists for.)

use std::collections::BTreeMap;

use syn::visit::Visit;
use wit_parser::{Resolve, Type, TypeDefKind, WorldId, WorldItem, WorldKey};

use super::ScaffoldError;
use crate::wit::WitPackage;

/// WASI packages that wasmtime-wasi 48 implements; worlds importing them get a `with:` mapping
/// onto `wasmtime_wasi::p2::bindings::sync` (async hosts: `wasmtime_wasi::p2::bindings`)
/// instead of stubs.
const WASMTIME_WASI_PACKAGES: &[&str] = &["cli", "clocks", "filesystem", "io", "random", "sockets"];

/// Options shared by the generated `bindgen!` call and our in-process run of its generator,
/// so both see the same world.
#[derive(Debug, Clone, Default)]
pub struct BindgenOptions {
    /// `ns:pkg/world`.
    pub world: String,
    /// `with:` entries, WIT name -> Rust path, in output order.
    pub with: BTreeMap<String, String>,
    /// Set when WASI is mapped onto wasmtime-wasi, which needs `Send` store data.
    pub require_store_data_send: bool,
    /// `imports: { default: async }, exports: { default: async }`: async host traits and
    /// `call_*` methods, run on tokio.
    pub asynchronous: bool,
    /// Why `imports: { default: tracing }` is off, when it is (see [`untraceable`]).
    pub no_tracing: Option<String>,
}

impl BindgenOptions {
    /// `imports: { default: tracing }`: every host call is a `tracing` event with its
    /// arguments and result (the runner's `--trace`). Does not change any trait.
    pub fn tracing(&self) -> bool {
        self.no_tracing.is_none()
    }

    /// Whether WASI interfaces are mapped onto wasmtime-wasi or another WASI crate (and so
    /// linked by that crate, not by the world's `add_to_linker`).
    pub fn maps_wasi(&self) -> bool {
        self.with.keys().any(|k| k.starts_with("wasi:"))
    }
}

/// Why `bindgen!`'s `tracing` cannot be on for `world`, if it cannot: it formats every
/// argument and result of an import with `Debug` (those containing a list are elided as
/// `...`), and std implements `Debug` for tuples of up to 12 elements only. Checked against the
/// bare macro: `tracing` on such an import does not compile.
pub fn untraceable(resolve: &Resolve, world: WorldId) -> Option<String> {
    fn wide_tuple(resolve: &Resolve, ty: &Type, depth: usize) -> bool {
        let Type::Id(id) = ty else { return false };
        if depth > 32 {
            return false;
        }
        match &resolve.types[*id].kind {
            TypeDefKind::Tuple(t) => {
                t.types.len() > 12 || t.types.iter().any(|t| wide_tuple(resolve, t, depth + 1))
            }
            TypeDefKind::Option(t) | TypeDefKind::Type(t) => wide_tuple(resolve, t, depth + 1),
            TypeDefKind::Result(r) => [&r.ok, &r.err]
                .into_iter()
                .flatten()
                .any(|t| wide_tuple(resolve, t, depth + 1)),
            _ => false,
        }
    }
    fn contains_list(resolve: &Resolve, ty: &Type, depth: usize) -> bool {
        let Type::Id(id) = ty else { return false };
        if depth > 32 {
            return false;
        }
        match &resolve.types[*id].kind {
            TypeDefKind::List(_) => true,
            TypeDefKind::FixedLengthList(t, ..) => contains_list(resolve, t, depth + 1),
            TypeDefKind::Map(k, v) => {
                contains_list(resolve, k, depth + 1) || contains_list(resolve, v, depth + 1)
            }
            TypeDefKind::Tuple(t) => t.types.iter().any(|t| contains_list(resolve, t, depth + 1)),
            TypeDefKind::Option(t) | TypeDefKind::Type(t) => contains_list(resolve, t, depth + 1),
            TypeDefKind::Result(r) => [&r.ok, &r.err]
                .into_iter()
                .flatten()
                .any(|t| contains_list(resolve, t, depth + 1)),
            TypeDefKind::Record(r) => r
                .fields
                .iter()
                .any(|f| contains_list(resolve, &f.ty, depth + 1)),
            TypeDefKind::Variant(v) => v
                .cases
                .iter()
                .filter_map(|c| c.ty.as_ref())
                .any(|t| contains_list(resolve, t, depth + 1)),
            _ => false,
        }
    }
    let traced = |ty: &Type| !contains_list(resolve, ty, 0) && wide_tuple(resolve, ty, 0);
    let functions = resolve.worlds[world]
        .imports
        .values()
        .flat_map(|item| match item {
            WorldItem::Function(f) => vec![f],
            WorldItem::Interface { id, .. } => resolve.interfaces[*id].functions.values().collect(),
            WorldItem::Type { .. } => Vec::new(),
        });
    for f in functions {
        if f.params.iter().any(|p| traced(&p.ty)) || f.result.as_ref().is_some_and(traced) {
            return Some(format!(
                "the import `{}` takes or returns a tuple of more than 12 elements, which has no `Debug` (std stops at 12)",
                f.name
            ));
        }
    }
    None
}

/// One imported interface (or the world's own imported functions) and the traits the host
/// must implement for it.
#[derive(Debug, Clone)]
pub struct ImportedTraits {
    /// Module path under the bindings root (`airssys::core::storage`); empty for world-level.
    pub module: Vec<String>,
    /// The WIT key as `bindgen!` names the instance (`airssys:core/storage@0.1.0`, or `x` for
    /// an inline interface); `None` for world-level functions.
    pub instance: Option<String>,
    /// `Host` first, then one `Host<Resource>` per resource; or `<World>Imports`.
    pub traits: Vec<syn::ItemTrait>,
    /// Resources whose Rust type we define in the stub file (mapped with `with:`), with the
    /// WIT name of each: (`Transaction`, `transaction`).
    pub resources: Vec<(String, String)>,
}

/// The parsed output of wasmtime's generator for one world.
pub struct HostBindings {
    pub file: syn::File,
    /// The world struct (`RuntimeHost`).
    pub world_struct: String,
    pub imports: Vec<ImportedTraits>,
}

/// Rust module path (under the bindings root) that `bindgen!` uses for an interface key.
/// Derived from the generated code, never guessed: see [`HostBindings::imports`].
pub fn module_of(imports: &[ImportedTraits], instance: &str) -> Option<Vec<String>> {
    imports
        .iter()
        .find(|i| i.instance.as_deref() == Some(instance))
        .map(|i| i.module.clone())
}

/// Works out the `with:` mappings a host for `world` needs: WASI packages that wasmtime-wasi
/// provides, and every imported resource mapped onto a struct in its stub file
/// (`resource_path` gives the Rust path for an (instance, resource) pair).
pub fn bindgen_options(
    package: &WitPackage,
    world: WorldId,
    asynchronous: bool,
    resource_path: impl Fn(&str, &str) -> Option<String>,
) -> BindgenOptions {
    let resolve = &package.resolve;
    let mut opts = BindgenOptions {
        world: super::world_id_string(package, world),
        asynchronous,
        no_tracing: untraceable(resolve, world),
        ..Default::default()
    };
    let wasi_bindings = if asynchronous {
        "wasmtime_wasi::p2::bindings"
    } else {
        "wasmtime_wasi::p2::bindings::sync"
    };
    for (key, item) in &resolve.worlds[world].imports {
        let WorldItem::Interface { id, .. } = item else {
            continue;
        };
        if let Some(provider) = super::wasi_crates::provider(resolve, *id) {
            // Linked from a crate of the wasmtime release: mapped onto its bindings where it
            // publishes them, else generated but never stubbed (see `wasi_crates`).
            if let Some((sync, asynchronous_path)) = provider.with {
                let path = if asynchronous {
                    asynchronous_path
                } else {
                    sync
                };
                opts.with
                    .insert(format!("wasi:{}", provider.package), path.to_string());
                opts.require_store_data_send = !asynchronous;
            }
            continue;
        }
        if let Some(pkg) = wasi_package(resolve, *id) {
            opts.with
                .insert(format!("wasi:{pkg}"), format!("{wasi_bindings}::{pkg}"));
            // Async bindings require `Send` store data anyway.
            opts.require_store_data_send = !asynchronous;
            continue;
        }
        let instance = resolve.name_world_key(key);
        for (name, ty) in &resolve.interfaces[*id].types {
            if matches!(resolve.types[*ty].kind, wit_parser::TypeDefKind::Resource)
                && let Some(path) = resource_path(&instance, name)
            {
                let iface = match key {
                    WorldKey::Name(n) => n.clone(),
                    WorldKey::Interface(_) => strip_version(&instance).to_string(),
                };
                opts.with.insert(format!("{iface}.{name}"), path);
            }
        }
    }
    opts
}

/// `Some("io")` when the interface belongs to a WASI 0.2 package that wasmtime-wasi provides.
fn wasi_package(resolve: &Resolve, iface: wit_parser::InterfaceId) -> Option<&'static str> {
    let pkg = resolve.interfaces[iface].package?;
    let name = &resolve.packages[pkg].name;
    let is_p2 = name
        .version
        .as_ref()
        .is_none_or(|v| v.major == 0 && v.minor == 2);
    if name.namespace != "wasi" || !is_p2 {
        return None;
    }
    WASMTIME_WASI_PACKAGES
        .iter()
        .find(|p| **p == name.name)
        .copied()
}

/// `ns:pkg/iface@1.0.0` -> `ns:pkg/iface`.
pub fn strip_version(name: &str) -> &str {
    name.split_once('@').map_or(name, |(n, _)| n)
}

impl HostBindings {
    /// Runs wasmtime's generator with `opts` and extracts the traits to implement.
    pub fn generate(
        package: &WitPackage,
        world: WorldId,
        opts: &BindgenOptions,
    ) -> Result<Self, ScaffoldError> {
        // airssys-lint: allow(internal-bindgen-crate)
        let mut gen_opts = wasmtime_internal_wit_bindgen::Opts {
            with: opts.with.clone().into_iter().collect(),
            require_store_data_send: opts.require_store_data_send,
            ..Default::default()
        };
        // airssys-lint: allow(internal-bindgen-crate)
        use wasmtime_internal_wit_bindgen::{FunctionFilter, FunctionFlags};
        let mut import_flags = FunctionFlags::empty();
        if opts.asynchronous {
            import_flags |= FunctionFlags::ASYNC;
            gen_opts
                .exports
                .push(FunctionFilter::Default, FunctionFlags::ASYNC);
        }
        if opts.tracing() {
            import_flags |= FunctionFlags::TRACING;
        }
        if !import_flags.is_empty() {
            gen_opts.imports.push(FunctionFilter::Default, import_flags);
        }
        let mut resolve = package.resolve.clone();
        let bindgen_err = |message: String| ScaffoldError::Bindgen {
            world: opts.world.clone(),
            message,
        };
        let source = super::no_panic::catching(|| gen_opts.generate(&mut resolve, world))
            .map_err(|panic| {
                bindgen_err(format!(
                    "wasmtime 48's bindgen! cannot expand it (its generator panics: {panic})"
                ))
            })?
            .map_err(|e| bindgen_err(format!("{e:#}")))?;
        let file = syn::parse_file(&source).map_err(|e| {
            bindgen_err(format!(
                "wasmtime 48's bindgen! would emit invalid Rust for it ({e}); \
                 rename the WIT item (e.g. an exported function named after a Rust keyword)"
            ))
        })?;

        if let Some(problem) = super::expandable::problem(&file, "wasmtime 48's bindgen!") {
            return Err(bindgen_err(problem));
        }
        let world_struct = find_world_struct(&file)
            .ok_or_else(|| bindgen_err("no world struct in wasmtime's output".into()))?;
        let mut imports = Vec::new();
        collect_imports(&file.items, &mut Vec::new(), &mut imports);
        let world_trait = format!("{world_struct}Imports");
        let world_traits: Vec<_> = file
            .items
            .iter()
            .filter_map(|item| match item {
                // `{World}Imports`, and `Host{Resource}` for resources declared in the world
                // itself (`resource r;` inside `world`): both are implemented on the state.
                syn::Item::Trait(t)
                    if t.ident == world_trait
                        || is_host_trait(t)
                        || (t.ident == format!("{world_trait}WithStore") && has_required_fn(t)) =>
                {
                    Some(t.clone())
                }
                _ => None,
            })
            .collect();
        if !world_traits.is_empty() {
            imports.push(ImportedTraits {
                module: Vec::new(),
                instance: None,
                traits: world_traits,
                resources: Vec::new(),
            });
        }
        for import in &mut imports {
            import.resources = resources_of(import, &package.resolve, world);
        }
        Ok(HostBindings {
            file,
            world_struct,
            imports,
        })
    }
}

/// The world struct is the root `struct X` that has a companion `struct XPre<T>`.
fn find_world_struct(file: &syn::File) -> Option<String> {
    let structs: Vec<String> = file
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    structs
        .iter()
        .find(|s| structs.contains(&format!("{s}Pre")))
        .cloned()
}

/// Walks `pub mod` trees (skipping `exports`) and records every module that declares a `Host`
/// trait, i.e. an imported interface.
fn collect_imports(items: &[syn::Item], path: &mut Vec<String>, out: &mut Vec<ImportedTraits>) {
    let traits: Vec<syn::ItemTrait> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Trait(t) if is_host_trait(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    if traits.iter().any(|t| t.ident == "Host") {
        let mut traits = traits;
        // `Host` first, then resource traits in generation (declaration) order.
        traits.sort_by_key(|t| t.ident != "Host");
        out.push(ImportedTraits {
            module: path.clone(),
            instance: find_instance_name(items),
            traits,
            resources: Vec::new(),
        });
    }
    for item in items {
        if let syn::Item::Mod(m) = item
            && let Some((_, content)) = &m.content
            && !(path.is_empty() && m.ident == "exports")
        {
            path.push(m.ident.to_string());
            collect_imports(content, path, out);
            path.pop();
        }
    }
}

/// `Host` or `Host<Resource>`; and their `*WithStore` companions when they declare functions
/// (Component Model `async func`s, which get an `Accessor` instead of `&mut self`). Without
/// functions a `*WithStore` trait is a blanket-implemented marker.
fn is_host_trait(t: &syn::ItemTrait) -> bool {
    let name = t.ident.to_string();
    let Some(rest) = name.strip_prefix("Host") else {
        return false;
    };
    let base = rest.strip_suffix("WithStore");
    (rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_uppercase()))
        && (base.is_none() || has_required_fn(t))
}

/// Whether the trait declares a function without a default body.
fn has_required_fn(t: &syn::ItemTrait) -> bool {
    t.items
        .iter()
        .any(|i| matches!(i, syn::TraitItem::Fn(f) if f.default.is_none()))
}

/// The `*WithStore` traits are generic over the store's data and implemented for
/// `HasSelf<HostState>`, not for the state itself.
pub fn is_with_store(t: &syn::ItemTrait) -> bool {
    t.ident.to_string().ends_with("WithStore")
}

/// The string passed to `linker.instance("...")` in the module's `add_to_linker`.
fn find_instance_name(items: &[syn::Item]) -> Option<String> {
    struct Finder(Option<String>);
    impl<'a> Visit<'a> for Finder {
        fn visit_expr_method_call(&mut self, call: &'a syn::ExprMethodCall) {
            if self.0.is_none()
                && call.method == "instance"
                && let Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                })) = call.args.first()
            {
                self.0 = Some(s.value());
            }
            syn::visit::visit_expr_method_call(self, call);
        }
    }
    let mut finder = Finder(None);
    for item in items {
        if let syn::Item::Fn(f) = item
            && f.sig.ident == "add_to_linker"
        {
            finder.visit_item_fn(f);
        }
    }
    finder.0
}

/// Resources of an imported interface: (Rust name as in `Host<Name>`, WIT name).
fn resources_of(
    import: &ImportedTraits,
    resolve: &Resolve,
    world: WorldId,
) -> Vec<(String, String)> {
    let Some(instance) = &import.instance else {
        return Vec::new();
    };
    let Some(id) = interface_of(resolve, world, instance) else {
        return Vec::new();
    };
    resolve.interfaces[id]
        .types
        .iter()
        .filter(|(_, ty)| matches!(resolve.types[**ty].kind, wit_parser::TypeDefKind::Resource))
        .map(|(name, _)| {
            (
                heck::ToUpperCamelCase::to_upper_camel_case(name.as_str()),
                name.clone(),
            )
        })
        .collect()
}

/// The imported interface of `world` whose key renders as `instance`.
pub fn interface_of(
    resolve: &Resolve,
    world: WorldId,
    instance: &str,
) -> Option<wit_parser::InterfaceId> {
    resolve.worlds[world]
        .imports
        .iter()
        .find_map(|(key, item)| match item {
            WorldItem::Interface { id, .. } if resolve.name_world_key(key) == instance => Some(*id),
            _ => None,
        })
}

#[cfg(test)]
mod tracing_tests {
    use super::*;

    fn reason(wit: &str) -> Option<String> {
        let mut resolve = Resolve::default();
        let pkg = resolve.push_str("t.wit", wit).unwrap();
        let world = resolve.select_world(&[pkg], None).unwrap();
        untraceable(&resolve, world)
    }

    const T13: &str = "tuple<u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8>";
    const T12: &str = "tuple<u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8>";

    #[test]
    fn a_13_tuple_in_an_import_turns_tracing_off_with_the_reason() {
        let wit = format!(
            "package t:t; interface i {{ f: func() -> option<{T13}>; }} world w {{ import i; }}"
        );
        let why = reason(&wit).expect("untraceable");
        assert!(why.contains("`f`") && why.contains("12"), "{why}");
        let wit = format!("package t:t; world w {{ import g: func(a: {T13}); }}");
        assert!(reason(&wit).is_some());
    }

    #[test]
    fn tuples_up_to_12_behind_lists_or_in_exports_keep_tracing() {
        for wit in [
            format!("package t:t; world w {{ import g: func(a: {T12}) -> {T12}; }}"),
            // Arguments containing a list are printed as `...`, never with `Debug`.
            format!(
                "package t:t; world w {{ import g: func(a: list<{T13}>, b: tuple<list<u8>, {T13}>); }}"
            ),
            // Only imports are traced.
            format!("package t:t; world w {{ export g: func(a: {T13}); }}"),
        ] {
            assert_eq!(reason(&wit), None, "{wit}");
        }
    }
}
