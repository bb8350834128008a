//! What wit-bindgen 0.63's `generate!` generates for a world, read back as syntax.
//!
//! Why run wit-bindgen's own generator instead of re-deriving the traits from wit-parser: the
//! stubs must match the `Guest` traits `generate!` emits *exactly* — which functions are
//! associated fns and which take `&self`, owned vs borrowed arguments (`String` vs `&str`,
//! `CounterBorrow<'_>`), `async fn` for WIT `async func`, keyword escaping (`type_`), the
//! `Guest_` renaming, version suffixes in module paths, `use` aliases, the associated type per
//! exported resource. The only complete statement of those rules is the generator, and the
//! crates behind the macro (`wit-bindgen-rust` and `wit-bindgen-core` 0.63) are ordinary
//! public libraries. So we run `wit_bindgen_rust::Opts` in-process with the options our
//! generated `generate!` call passes, parse the output with `syn`, and copy every `Guest` /
//! `Guest<Resource>` method signature. A wit-bindgen upgrade is a version bump checked by the
//! corpus test, not a re-implementation.
//!
//! The generator uses wit-parser 0.262 (re-exported as `wit_bindgen_core::wit_parser`), not
//! the 0.254 the rest of the tool shares with wasmtime 48. Rather than convert a `Resolve`
//! between versions we re-parse the package's own files — the exact bytes we vendor into the
//! guest crate — so the generator sees what the macro will see at compile time.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use wit_bindgen_core::wit_parser::{
    self as wp, FunctionKind, InterfaceId, Resolve, TypeDefKind, WorldItem, WorldKey,
};
use wit_bindgen_core::{Files, WorldGenerator};

use crate::scaffold::ScaffoldError;
use crate::scaffold::host_bindings::strip_version;
use crate::wit::{Features, WitPackage};

/// What the generated `generate!` call passes besides `path: "wit"`.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// The `world:` argument, checked to select the world in wit-parser 0.262.
    pub world: String,
    /// Set when the world imports interfaces from other packages (`deps/`): `generate!`
    /// refuses those unless told to generate them (or given `with:` mappings).
    pub generate_all: bool,
    /// `features: [..]` / `all_features: true`.
    pub features: Features,
}

/// One exported interface, or the world's own exported functions.
#[derive(Debug, Clone)]
pub struct ExportedTraits {
    /// Prefix of every `todo!()` label: `airssys:core/component-lifecycle`, `x` for an inline
    /// interface, `ns:pkg/world` for world-level functions.
    pub label: String,
    /// WIT name as the world spells it (`airssys:core/component-lifecycle@0.1.0`, `x`), or
    /// `None` for world-level functions.
    pub instance: Option<String>,
    /// Module of the traits under the bindings root (`exports::airssys::core::lifecycle`);
    /// empty for world-level functions (`Guest` at the root).
    pub module: Vec<String>,
    /// The `Guest` trait.
    pub guest: syn::ItemTrait,
    /// One per exported resource, in WIT order.
    pub resources: Vec<ExportedResource>,
    /// `todo!()` label per (trait name, method name).
    pub labels: BTreeMap<(String, String), String>,
}

#[derive(Debug, Clone)]
pub struct ExportedResource {
    /// WIT name (`counter`).
    pub wit_name: String,
    /// The `Guest` trait's associated type for it (`Counter`).
    pub assoc: String,
    /// `GuestCounter`.
    pub guest: syn::ItemTrait,
}

/// One imported interface (or the world's own imported functions) that has functions: what a
/// guest can call.
#[derive(Debug, Clone)]
pub struct ImportedFunctions {
    /// `airssys:core/host-services`, `x`, or `ns:pkg/world` for world-level functions.
    pub label: String,
    /// Module under the bindings root; empty for world-level functions.
    pub module: Vec<String>,
    /// Free functions, in WIT order: (WIT name, generated fn).
    pub functions: Vec<(String, syn::ItemFn)>,
    /// Resources: (WIT name, Rust type, constructor, methods in WIT order as (WIT name, fn)).
    pub resources: Vec<ImportedResource>,
}

#[derive(Debug, Clone)]
pub struct ImportedResource {
    pub wit_name: String,
    pub rust_name: String,
    pub constructor: Option<syn::ImplItemFn>,
    pub methods: Vec<(String, syn::ImplItemFn)>,
}

/// The parsed output of wit-bindgen's generator for one world.
pub struct GuestBindings {
    pub options: GenerateOptions,
    pub file: syn::File,
    pub index: ModuleIndex,
    pub exports: Vec<ExportedTraits>,
    pub imports: Vec<ImportedFunctions>,
}

impl GuestBindings {
    /// Re-parses the package's files with wit-parser 0.262, runs wit-bindgen's generator with
    /// the options our `generate!` call will pass, and reads back what a guest implements and
    /// what it may call.
    pub fn generate(
        package: &WitPackage,
        world: wit_parser::WorldId,
        features: &Features,
    ) -> Result<Self, ScaffoldError> {
        let world_id = crate::scaffold::world_id_string(package, world);
        let world_name = package.resolve.worlds[world].name.clone();
        let err = |message: String| ScaffoldError::Bindgen {
            world: world_id.clone(),
            message,
        };

        // The exact files we vendor, parsed as `generate!` will parse `wit/`.
        let dir =
            tempfile::tempdir().map_err(|e| err(format!("creating a temporary directory: {e}")))?;
        for (rel, bytes) in &package.files {
            let path = dir.path().join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| err(format!("{}: {e}", parent.display())))?;
            }
            std::fs::write(&path, bytes).map_err(|e| err(format!("{}: {e}", path.display())))?;
        }
        let mut resolve = Resolve {
            all_features: features.all,
            ..Resolve::default()
        };
        resolve.features.extend(features.names.iter().cloned());
        let (main, _) = resolve
            .push_path(dir.path())
            .map_err(|e| err(newer_parser_rejects(package, dir.path(), &format!("{e:#}"))))?;

        // `ns:pkg/world` reads best. A world named like a WIT keyword (`use`) must be written
        // `%use`; with two versions of the package around the version must be spelled out.
        // Take the first spelling that selects this very world.
        let pkg_name = &resolve.packages[main].name;
        let version = pkg_name.version.as_ref().map(|v| v.to_string());
        let candidates = crate::scaffold::world_spellings(
            &pkg_name.namespace,
            &pkg_name.name,
            &world_name,
            version.as_deref(),
        );
        let mut found = None;
        let mut last_err = None;
        for candidate in candidates {
            match resolve.select_world(&[main], Some(&candidate)) {
                Ok(id) if resolve.worlds[id].name == world_name => {
                    found = Some((candidate, id));
                    break;
                }
                Ok(_) => {}
                Err(e) => last_err = Some(e),
            }
        }
        let (world_ref, wid) = found.ok_or_else(|| {
            err(format!(
                "selecting world `{world_name}`: {}",
                last_err.map(|e| format!("{e:#}")).unwrap_or_default()
            ))
        })?;

        // The generator's own rule (`RustWasm::preprocess`): imported interfaces of the
        // world's package are generated, any other needs `with:` or `generate_all`.
        let world_pkg = resolve.worlds[wid].package;
        let generate_all = resolve.worlds[wid].imports.values().any(|item| {
            matches!(item, WorldItem::Interface { id, .. } if resolve.interfaces[*id].package != world_pkg)
        });
        // `generate!` has no `all_features` option: name every feature the WIT gates on.
        let features = if features.all {
            Features {
                all: false,
                names: unstable_features(package),
            }
        } else {
            features.clone()
        };
        let options = GenerateOptions {
            world: world_ref,
            generate_all,
            features,
        };

        let opts = wit_bindgen_rust::Opts {
            generate_all,
            ..Default::default()
        };
        let mut files = Files::default();
        let mut generator = opts.build();
        // `generate` may add nominal type ids; work on a copy so `resolve` stays as parsed.
        let mut gen_resolve = resolve.clone();
        super::no_panic::catching(|| generator.generate(&mut gen_resolve, wid, &mut files))
            .map_err(|panic| {
                err(format!(
                    "wit-bindgen 0.63's generate! cannot expand it (its generator panics: {panic})"
                ))
            })?
            .map_err(|e| err(format!("{e:#}")))?;
        let (_, source) = files
            .iter()
            .next()
            .ok_or_else(|| err("wit-bindgen generated no file".to_string()))?;
        let source = String::from_utf8_lossy(source);
        let file = syn::parse_file(&source)
            .map_err(|e| err(format!("wit-bindgen's output does not parse ({e})")))?;
        if let Some(problem) = super::expandable::problem(&file, "wit-bindgen 0.63's generate!") {
            return Err(err(problem));
        }
        let index = ModuleIndex::new(&file);

        let exports = read_exports(&resolve, wid, &world_id, &index).map_err(err)?;
        let imports = read_imports(&resolve, wid, &world_id, &index);
        Ok(GuestBindings {
            options,
            file,
            index,
            exports,
            imports,
        })
    }
}

/// wit-bindgen's module path for an interface key (`compute_module_path` in wit-bindgen-rust,
/// which is crate-private; rebuilt here from the public pieces and checked against the output).
fn module_path(resolve: &Resolve, key: &WorldKey, is_export: bool) -> Vec<String> {
    let mut path = Vec::new();
    if is_export {
        path.push("exports".to_string());
    }
    match key {
        WorldKey::Name(name) => path.push(wit_bindgen_rust::to_rust_ident(name)),
        WorldKey::Interface(id) => {
            let iface = &resolve.interfaces[*id];
            if let Some(pkg) = iface.package {
                path.push(wit_bindgen_rust::to_rust_ident(
                    &resolve.packages[pkg].name.namespace,
                ));
                path.push(wit_bindgen_core::name_package_module(resolve, pkg));
            }
            path.push(wit_bindgen_rust::to_rust_ident(
                iface.name.as_deref().unwrap_or_default(),
            ));
        }
    }
    path
}

/// wit-bindgen's type naming (`to_upper_camel_case` in wit-bindgen-rust): `guest` is renamed
/// so it cannot clash with the `Guest` trait.
pub fn upper_camel(name: &str) -> String {
    match name {
        "guest" => "Guest_".to_string(),
        s => s.to_upper_camel_case(),
    }
}

/// Rust method name of a function inside its trait or impl (`print_signature` in
/// wit-bindgen-rust's interface.rs).
fn method_name(func: &wp::Function) -> String {
    let name = match func.kind {
        FunctionKind::Constructor(_) => "new".to_string(),
        FunctionKind::Setter | FunctionKind::MethodSetter(_) | FunctionKind::StaticSetter(_) => {
            format!("set-{}", func.item_name())
        }
        _ => func.item_name().to_string(),
    };
    wit_bindgen_rust::to_rust_ident(&name)
}

/// How a resource member appears in labels: `new` for the constructor, else its WIT name.
fn member_name(func: &wp::Function) -> &str {
    match func.kind {
        FunctionKind::Constructor(_) => "new",
        _ => func.item_name(),
    }
}

fn interface_label(resolve: &Resolve, key: &WorldKey) -> String {
    strip_version(&resolve.name_world_key(key)).to_string()
}

fn read_exports(
    resolve: &Resolve,
    world: wp::WorldId,
    world_id: &str,
    index: &ModuleIndex,
) -> Result<Vec<ExportedTraits>, String> {
    let mut out = Vec::new();
    let w = &resolve.worlds[world];

    // World-level exported functions: `Guest` at the root.
    let funcs: Vec<&wp::Function> = w
        .exports
        .values()
        .filter_map(|item| match item {
            WorldItem::Function(f) => Some(f),
            _ => None,
        })
        .collect();
    if !funcs.is_empty() {
        let guest = index
            .trait_in(&[], "Guest")
            .ok_or("wit-bindgen generated no root `Guest` trait for the world's exports")?;
        let mut labels = BTreeMap::new();
        for f in funcs {
            labels.insert(
                ("Guest".to_string(), method_name(f)),
                format!("{world_id}.{}", f.name),
            );
        }
        out.push(ExportedTraits {
            label: world_id.to_string(),
            instance: None,
            module: Vec::new(),
            guest: guest.clone(),
            resources: Vec::new(),
            labels,
        });
    }

    for (key, item) in &w.exports {
        let WorldItem::Interface { id, .. } = item else {
            continue;
        };
        out.extend(read_export(resolve, key, *id, index)?);
    }
    Ok(out)
}

/// The traits an exported interface asks for; `None` for an interface of types only, which
/// wit-bindgen gives no `Guest` trait and which needs no impl.
fn read_export(
    resolve: &Resolve,
    key: &WorldKey,
    id: InterfaceId,
    index: &ModuleIndex,
) -> Result<Option<ExportedTraits>, String> {
    let module = module_path(resolve, key, true);
    let label = interface_label(resolve, key);
    let iface = &resolve.interfaces[id];
    let has_resources = iface
        .types
        .values()
        .any(|ty| matches!(resolve.types[*ty].kind, TypeDefKind::Resource));
    if iface.functions.is_empty() && !has_resources && index.trait_in(&module, "Guest").is_none() {
        return Ok(None);
    }
    let guest = index
        .trait_in(&module, "Guest")
        .ok_or_else(|| {
            format!(
                "no `Guest` trait in `{}` for export `{label}`",
                module.join("::")
            )
        })?
        .clone();

    let mut resources = Vec::new();
    let mut by_resource: BTreeMap<wp::TypeId, String> = BTreeMap::new();
    for (name, ty) in &iface.types {
        if !matches!(resolve.types[*ty].kind, TypeDefKind::Resource) {
            continue;
        }
        // Resource traits and associated types use plain UpperCamelCase (wit-bindgen's
        // interface.rs), without the `guest` -> `Guest_` renaming of type names.
        let assoc = name.to_upper_camel_case();
        let trait_name = format!("Guest{assoc}");
        let guest = index
            .trait_in(&module, &trait_name)
            .ok_or_else(|| {
                format!(
                    "no `{trait_name}` trait in `{}` for resource `{label}.{name}`",
                    module.join("::")
                )
            })?
            .clone();
        by_resource.insert(*ty, trait_name);
        resources.push(ExportedResource {
            wit_name: name.clone(),
            assoc,
            guest,
        });
    }

    let mut labels = BTreeMap::new();
    for func in iface.functions.values() {
        let (trait_name, label) = match func.kind.resource() {
            Some(res) => {
                let res_name = resolve.types[res].name.as_deref().unwrap_or_default();
                let member = member_name(func);
                (
                    by_resource.get(&res).cloned().unwrap_or_default(),
                    format!("{label}.{res_name}.{member}"),
                )
            }
            None => ("Guest".to_string(), format!("{label}.{}", func.name)),
        };
        labels.insert((trait_name, method_name(func)), label);
    }

    Ok(Some(ExportedTraits {
        label,
        instance: Some(resolve.name_world_key(key)),
        module,
        guest,
        resources,
        labels,
    }))
}

fn read_imports(
    resolve: &Resolve,
    world: wp::WorldId,
    world_id: &str,
    index: &ModuleIndex,
) -> Vec<ImportedFunctions> {
    let mut out = Vec::new();
    let w = &resolve.worlds[world];
    let root_funcs: Vec<(String, syn::ItemFn)> = w
        .imports
        .values()
        .filter_map(|item| match item {
            WorldItem::Function(f) => Some(f),
            _ => None,
        })
        .filter_map(|f| {
            Some((
                f.name.clone(),
                index.function_in(&[], &method_name(f))?.clone(),
            ))
        })
        .collect();
    if !root_funcs.is_empty() {
        out.push(ImportedFunctions {
            label: world_id.to_string(),
            module: Vec::new(),
            functions: root_funcs,
            resources: Vec::new(),
        });
    }
    for (key, item) in &w.imports {
        let WorldItem::Interface { id, .. } = item else {
            continue;
        };
        let iface = &resolve.interfaces[*id];
        if iface.functions.is_empty() {
            continue;
        }
        let module = module_path(resolve, key, false);
        let mut functions = Vec::new();
        let mut resources: Vec<ImportedResource> = iface
            .types
            .iter()
            .filter(|(_, ty)| matches!(resolve.types[**ty].kind, TypeDefKind::Resource))
            .map(|(name, _)| ImportedResource {
                wit_name: name.clone(),
                rust_name: [name.to_upper_camel_case(), upper_camel(name)]
                    .into_iter()
                    .find(|n| matches!(index.entry(&module, n), Some(Entry::Struct(_))))
                    .unwrap_or_else(|| name.to_upper_camel_case()),
                constructor: None,
                methods: Vec::new(),
            })
            .collect();
        for func in iface.functions.values() {
            match func.kind.resource() {
                None => {
                    if let Some(f) = index.function_in(&module, &method_name(func)) {
                        functions.push((func.name.clone(), f.clone()));
                    }
                }
                Some(res) => {
                    let res_name = resolve.types[res].name.clone().unwrap_or_default();
                    let Some(r) = resources.iter_mut().find(|r| r.wit_name == res_name) else {
                        continue;
                    };
                    let Some(f) = index.method_in(&module, &r.rust_name, &method_name(func)) else {
                        continue;
                    };
                    match func.kind {
                        FunctionKind::Constructor(_) => r.constructor = Some(f.clone()),
                        _ => r.methods.push((member_name(func).to_string(), f.clone())),
                    }
                }
            }
        }
        out.push(ImportedFunctions {
            label: interface_label(resolve, key),
            module,
            functions,
            resources,
        });
    }
    out
}

/// Name resolution over the generated bindings: which item a path in a given module means.
/// Enough of Rust's rules for what wit-bindgen emits (`super::` chains, `use` of `_rt`, type
/// aliases for WIT `use`).
#[derive(Debug, Default)]
pub struct ModuleIndex {
    modules: BTreeMap<Vec<String>, BTreeMap<String, Entry>>,
}

#[derive(Debug, Clone)]
pub enum Entry {
    Module,
    /// `pub type X = <ty>;`
    Alias(syn::Type),
    /// `use a::b::c;` / `use a::b::c as x;`: the path as written.
    Use(Vec<String>),
    /// An enum with its variants: (name, has no fields).
    Enum(Vec<(String, bool)>),
    Trait(syn::ItemTrait),
    Fn(syn::ItemFn),
    /// A struct, with the methods of its inherent impls.
    Struct(Vec<syn::ImplItemFn>),
    /// A `bitflags!` struct.
    Flags,
    Other,
}

impl ModuleIndex {
    pub fn new(file: &syn::File) -> Self {
        let mut index = ModuleIndex::default();
        index.add(&[], &file.items);
        index
    }

    fn add(&mut self, module: &[String], items: &[syn::Item]) {
        let mut entries = BTreeMap::new();
        let mut methods: BTreeMap<String, Vec<syn::ImplItemFn>> = BTreeMap::new();
        for item in items {
            match item {
                syn::Item::Mod(m) => {
                    entries.insert(m.ident.to_string(), Entry::Module);
                    if let Some((_, content)) = &m.content {
                        let mut sub = module.to_vec();
                        sub.push(m.ident.to_string());
                        self.add(&sub, content);
                    }
                }
                syn::Item::Type(t) => {
                    entries.insert(t.ident.to_string(), Entry::Alias((*t.ty).clone()));
                }
                syn::Item::Use(u) => {
                    let mut found = Vec::new();
                    use_tree(&u.tree, &mut Vec::new(), &mut found);
                    for (name, path) in found {
                        entries.insert(name, Entry::Use(path));
                    }
                }
                syn::Item::Enum(e) => {
                    let variants = e
                        .variants
                        .iter()
                        .map(|v| (v.ident.to_string(), matches!(v.fields, syn::Fields::Unit)))
                        .collect();
                    entries.insert(e.ident.to_string(), Entry::Enum(variants));
                }
                syn::Item::Trait(t) => {
                    entries.insert(t.ident.to_string(), Entry::Trait(t.clone()));
                }
                syn::Item::Fn(f) => {
                    entries.insert(f.sig.ident.to_string(), Entry::Fn(f.clone()));
                }
                syn::Item::Struct(s) => {
                    entries
                        .entry(s.ident.to_string())
                        .or_insert(Entry::Struct(Vec::new()));
                }
                syn::Item::Impl(i) if i.trait_.is_none() => {
                    if let syn::Type::Path(p) = &*i.self_ty
                        && let Some(ident) = p.path.get_ident()
                    {
                        let fns = i.items.iter().filter_map(|it| match it {
                            syn::ImplItem::Fn(f) => Some(f.clone()),
                            _ => None,
                        });
                        methods.entry(ident.to_string()).or_default().extend(fns);
                    }
                }
                syn::Item::Union(u) => {
                    entries.insert(u.ident.to_string(), Entry::Other);
                }
                syn::Item::Const(c) => {
                    entries.insert(c.ident.to_string(), Entry::Other);
                }
                syn::Item::Static(s) => {
                    entries.insert(s.ident.to_string(), Entry::Other);
                }
                // `bitflags! { pub struct Flags: u8 { .. } }`: the name is the ident after
                // `struct`.
                syn::Item::Macro(m) => {
                    let mut tokens = m.mac.tokens.clone().into_iter();
                    while let Some(tt) = tokens.next() {
                        if let proc_macro2::TokenTree::Ident(i) = &tt
                            && i == "struct"
                            && let Some(proc_macro2::TokenTree::Ident(name)) = tokens.next()
                        {
                            entries.insert(name.to_string(), Entry::Flags);
                            break;
                        }
                    }
                }
                _ => {}
            }
        }
        for (name, fns) in methods {
            if let Some(Entry::Struct(m)) = entries.get_mut(&name) {
                m.extend(fns);
            }
        }
        self.modules.insert(module.to_vec(), entries);
    }

    /// Names defined at `module` (any namespace).
    pub fn names_in(&self, module: &[String]) -> impl Iterator<Item = &String> {
        self.modules.get(module).into_iter().flat_map(|m| m.keys())
    }

    pub fn entry(&self, module: &[String], name: &str) -> Option<&Entry> {
        self.modules.get(module)?.get(name)
    }

    fn trait_in(&self, module: &[String], name: &str) -> Option<&syn::ItemTrait> {
        match self.entry(module, name)? {
            Entry::Trait(t) => Some(t),
            _ => None,
        }
    }

    fn function_in(&self, module: &[String], name: &str) -> Option<&syn::ItemFn> {
        match self.entry(module, name)? {
            Entry::Fn(f) => Some(f),
            _ => None,
        }
    }

    fn method_in(&self, module: &[String], ty: &str, name: &str) -> Option<&syn::ImplItemFn> {
        match self.entry(module, ty)? {
            Entry::Struct(methods) => methods.iter().find(|m| m.sig.ident == name),
            _ => None,
        }
    }

    /// The item `path` names when written inside `module`, as a path from the bindings root;
    /// `None` for anything outside the bindings (prelude, `core::`, `wit_bindgen::`).
    pub fn resolve(&self, module: &[String], path: &[String]) -> Option<Vec<String>> {
        self.resolve_depth(module, path, 0)
    }

    fn resolve_depth(
        &self,
        module: &[String],
        path: &[String],
        depth: usize,
    ) -> Option<Vec<String>> {
        if depth > 32 || path.is_empty() {
            return None;
        }
        let mut cur = module.to_vec();
        let mut rest = path;
        while let Some((first, tail)) = rest.split_first() {
            match first.as_str() {
                "super" => {
                    cur.pop()?;
                }
                "self" => {}
                "crate" => cur.clear(),
                _ => break,
            }
            rest = tail;
        }
        while let Some((first, tail)) = rest.split_first() {
            match self.entry(&cur, first)? {
                Entry::Module => {
                    if tail.is_empty() {
                        return None;
                    }
                    cur.push(first.clone());
                    rest = tail;
                }
                Entry::Use(target) => {
                    let mut full = target.clone();
                    full.extend(tail.iter().cloned());
                    return self.resolve_depth(&cur, &full, depth + 1);
                }
                _ => {
                    if !tail.is_empty() {
                        return None;
                    }
                    cur.push(first.clone());
                    return Some(cur);
                }
            }
        }
        None
    }

    /// Like [`ModuleIndex::resolve`], then follows the aliases wit-bindgen emits for WIT
    /// `use types.{foo}` (`pub type Foo = super::...::types::Foo;`) to the defining module. An
    /// alias that renames (`use types.{foo as bar}`) or defines a WIT `type x = ...` is kept:
    /// that name is part of the WIT.
    pub fn canonical(&self, module: &[String], path: &[String]) -> Option<Vec<String>> {
        let mut found = self.resolve(module, path)?;
        for _ in 0..32 {
            let (name, home) = found.split_last()?;
            let Some(Entry::Alias(syn::Type::Path(p))) = self.entry(home, name) else {
                break;
            };
            let segs: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            let plain = p.qself.is_none()
                && segs.first().is_some_and(|s| s == "super")
                && segs.last() == Some(name)
                && p.path.segments.iter().all(|s| s.arguments.is_none());
            if !plain {
                break;
            }
            match self.resolve(home, &segs) {
                Some(next) => found = next,
                None => break,
            }
        }
        Some(found)
    }
}

/// Flattens a `use` tree into (local name, path) pairs; globs are skipped.
fn use_tree(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(String, Vec<String>)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_tree(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name == "self" {
                if let Some(last) = prefix.last() {
                    out.push((last.clone(), prefix.clone()));
                }
            } else {
                let mut path = prefix.clone();
                path.push(name.clone());
                out.push((name, path));
            }
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            path.push(r.ident.to_string());
            out.push((r.rename.to_string(), path));
        }
        syn::UseTree::Group(g) => {
            for t in &g.items {
                use_tree(t, prefix, out);
            }
        }
        syn::UseTree::Glob(_) => {}
    }
}

/// All names an exported trait's signatures need: used by the caller to check coverage.
pub fn trait_methods(t: &syn::ItemTrait) -> impl Iterator<Item = &syn::TraitItemFn> {
    t.items.iter().filter_map(|item| match item {
        syn::TraitItem::Fn(f) if f.default.is_none() => Some(f),
        _ => None,
    })
}

/// Associated types a `Guest` trait declares (one per exported resource).
pub fn trait_assoc_types(t: &syn::ItemTrait) -> BTreeSet<String> {
    t.items
        .iter()
        .filter_map(|item| match item {
            syn::TraitItem::Type(ty) => Some(ty.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// wit-bindgen 0.63's parser (wit-parser 0.262) rejected WIT that wasmtime 48's (0.254)
/// accepted: say so, at the user's file, line and column where the rule is known (empty
/// records, more than 32 flags), never at the temporary copy the parse read.
fn newer_parser_rejects(package: &WitPackage, tmp: &std::path::Path, message: &str) -> String {
    let origin = package.origin.as_str();
    let message = message.replace(&tmp.display().to_string(), origin);
    let at = package.resolve.types.iter().find_map(|(_, t)| {
        let hit = match &t.kind {
            wit_parser::TypeDefKind::Record(r) => {
                message.contains("empty record") && r.fields.is_empty()
            }
            wit_parser::TypeDefKind::Flags(f) => {
                message.contains("more than 32 flags") && f.flags.len() > 32
            }
            _ => false,
        };
        hit.then(|| package.resolve.render_location(t.span))
    });
    let reason = message
        .rsplit(": ")
        .next()
        .unwrap_or(message.as_str())
        .to_string();
    match at {
        Some(at) => format!(
            "{at}: {reason}: wit-bindgen 0.63 rejects what wasmtime 48 accepts (its WIT parser is newer)"
        ),
        None => format!(
            "wit-bindgen 0.63 rejects what wasmtime 48 accepts (its WIT parser is newer): {message}"
        ),
    }
}

/// Every feature an `@unstable(feature = ..)` gate of the parsed package names, sorted (the
/// package is parsed with every feature on, so every gated item is there).
fn unstable_features(package: &WitPackage) -> Vec<String> {
    let resolve = &package.resolve;
    let mut stabilities: Vec<&::wit_parser::Stability> = Vec::new();
    for (_, world) in resolve.worlds.iter() {
        stabilities.push(&world.stability);
        for item in world.imports.values().chain(world.exports.values()) {
            stabilities.push(item.stability(resolve));
        }
    }
    for (_, iface) in resolve.interfaces.iter() {
        stabilities.push(&iface.stability);
        stabilities.extend(iface.functions.values().map(|f| &f.stability));
    }
    stabilities.extend(resolve.types.iter().map(|(_, t)| &t.stability));
    let names: std::collections::BTreeSet<String> = stabilities
        .into_iter()
        .filter_map(|s| match s {
            ::wit_parser::Stability::Unstable { feature, .. } => Some(feature.clone()),
            _ => None,
        })
        .collect();
    names.into_iter().collect()
}
