//! The host crate: `bindgen!` in its own module, one stub file per imported interface, host
//! state with a `ResourceTable` and WASI, and a runner.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::visit::Visit;
use syn::visit_mut::VisitMut;
use wit_parser::WorldId;

use super::host_bindings::{self, BindgenOptions, HostBindings, ImportedTraits};
use super::{ScaffoldError, format_rust, parse_generated, render_template, rust_header};
use crate::files::FileSet;
use crate::wit::WitPackage;

const CARGO_TOML: &str = include_str!("../../templates/host/Cargo.toml");
const README: &str = include_str!("../../templates/host/README.md");
const GITIGNORE: &str = include_str!("../../templates/host/gitignore");
const STATE_RS: &str = include_str!("../../templates/host/state.rs");

/// Everything the host generator decided, shared with the runner generator.
pub struct HostPlan {
    pub options: BindgenOptions,
    pub bindings: HostBindings,
    /// Stub file module name (`storage`) per import, parallel to `bindings.imports`.
    pub files: Vec<String>,
}

/// Works out module names and `with:` mappings, then runs wasmtime's generator.
pub fn plan(package: &WitPackage, world: WorldId) -> Result<HostPlan, ScaffoldError> {
    if let Some(func) = async_function(package, world) {
        return Err(ScaffoldError::Bindgen {
            world: super::world_id_string(package, world),
            message: format!(
                "`{func}` is an `async func`: Component Model async hosts (`HostWithStore` stubs, a runner through `run_concurrent`) are not generated yet; wasmtime 48's bindgen! accepts the world, so write that host by hand for now"
            ),
        });
    }
    // First pass: module layout (WASI mapped, resources not yet) to name the stub files.
    let wasi_only = host_bindings::bindgen_options(package, world, |_, _| None);
    let first = HostBindings::generate(package, world, &wasi_only)?;
    let files = stub_file_names(&first.imports);
    let by_instance: BTreeMap<String, String> = first
        .imports
        .iter()
        .zip(&files)
        .filter_map(|(i, f)| Some((i.instance.clone()?, f.clone())))
        .collect();
    // Second pass: every imported resource mapped onto the struct its stub file defines, so
    // resource values live in `HostState::table` as the user's own type.
    let options = host_bindings::bindgen_options(package, world, |instance, resource| {
        let file = by_instance.get(instance)?;
        let ty = heck::ToUpperCamelCase::to_upper_camel_case(resource);
        Some(format!("crate::host::{file}::{ty}"))
    });
    let bindings = HostBindings::generate(package, world, &options)?;
    Ok(HostPlan {
        options,
        bindings,
        files,
    })
}

/// File names for stub modules: the interface's own module name, or its full module path
/// when two imports share a name (`types` from two packages); `world` for world functions.
fn stub_file_names(imports: &[ImportedTraits]) -> Vec<String> {
    let mut counts = BTreeMap::<&str, usize>::new();
    for i in imports {
        if let Some(last) = i.module.last() {
            *counts.entry(last).or_default() += 1;
        }
    }
    imports
        .iter()
        .map(|i| match i.module.last() {
            // The world's own imported functions.
            None => "world".to_string(),
            Some(last) => {
                let name = if counts[last.as_str()] > 1 {
                    i.module.join("_")
                } else {
                    last.clone()
                };
                // `world.rs` and `mod.rs` are taken.
                if name == "world" || name == "mod" {
                    format!("{name}_iface")
                } else {
                    name
                }
            }
        })
        .collect()
}

/// All files of a host crate named `name` for `world`.
pub fn generate(
    package: &WitPackage,
    world: WorldId,
    name: &str,
) -> Result<FileSet, ScaffoldError> {
    let plan = plan(package, world)?;
    let world_id = super::world_id_string(package, world);
    let mut files = FileSet::default();

    let vars = [
        ("name", name),
        ("world", world_id.as_str()),
        ("origin", package.origin.as_str()),
        ("tool_version", super::TOOL_VERSION),
    ];
    files.insert("Cargo.toml", render_template(CARGO_TOML, &vars));
    files.insert("README.md", render_template(README, &vars));
    files.insert(".gitignore", GITIGNORE);
    for (path, bytes) in &package.files {
        files.insert(PathBuf::from("wit").join(path), bytes.clone());
    }

    let header = rust_header(package, world, "Host side: implement the todo!() stubs.");
    let lints = super::wit_lints::needed(&package.resolve, world);
    let allow = super::wit_lints::allow_attribute(&lints);
    files.insert(
        "src/bindings.rs",
        bindings_rs(&header, &plan.options, &allow),
    );
    files.insert(
        "src/state.rs",
        format!("{header}\n{}", render_template(STATE_RS, &vars)),
    );

    let mut mods = Vec::new();
    for (import, file) in plan.bindings.imports.iter().zip(&plan.files) {
        let label_prefix = label_prefix(package, world, import);
        let tokens = stub_file(import, &label_prefix);
        files.insert(
            format!("src/host/{file}.rs"),
            format_rust(parse_generated(tokens), &header),
        );
        let ident = format_ident!("{}", file);
        let doc = match &import.instance {
            Some(i) => format!(" `{i}`"),
            None => " The world's own imported functions.".to_string(),
        };
        mods.push(quote! { #[doc = #doc] pub mod #ident; });
    }
    let host_mod = quote! {
        //! One module per imported interface: `impl Host for HostState` and its resources.
        #(#mods)*
    };
    // The stubs' names come from the WIT too: the allowance covers every stub module.
    files.insert(
        "src/host/mod.rs",
        format_rust(
            parse_generated(host_mod),
            &super::wit_lints::with_allow(&header, &allow),
        ),
    );
    files.insert(
        "src/main.rs",
        format_rust(
            parse_generated(super::runner::main_rs(package, world, &plan)),
            &header,
        ),
    );
    Ok(files)
}

/// `src/bindings.rs`: written as text because prettyplease keeps macro bodies on one line.
fn bindings_rs(header: &str, opts: &BindgenOptions, allow: &str) -> String {
    let mut out = format!(
        "{header}\n{allow}// Host-side macro: wasmtime generates the Host traits, add_to_linker and typed export calls.\n// (Guests use wit_bindgen::generate! instead.)\nwasmtime::component::bindgen!({{\n    path: \"wit\",\n    world: \"{}\",\n",
        opts.world
    );
    if !opts.with.is_empty() {
        out.push_str(&with_block(opts.with.iter()));
    }
    if opts.require_store_data_send {
        out.push_str(SEND_OPTION);
    }
    out.push_str("});\n");
    out
}

/// The `require_store_data_send` lines of the `bindgen!` call (also inserted by `--update`).
pub(crate) const SEND_OPTION: &str =
    "    // wasmtime-wasi's bindings need `Send` store data.\n    require_store_data_send: true,\n";

/// One `with:` entry line of the `bindgen!` call.
pub(crate) fn with_entry(key: &str, path: &str) -> String {
    format!("        \"{key}\": {path},\n")
}

/// A whole `with: { .. },` block.
pub(crate) fn with_block<'a>(entries: impl Iterator<Item = (&'a String, &'a String)>) -> String {
    let lines: String = entries.map(|(k, v)| with_entry(k, v)).collect();
    format!("    with: {{\n{lines}    }},\n")
}

/// `airssys:core/storage` for an interface, `airssys:core/runtime-host` for world functions,
/// `x` for an inline interface: the prefix of every `todo!()` label.
fn label_prefix(package: &WitPackage, world: WorldId, import: &ImportedTraits) -> String {
    match &import.instance {
        Some(i) => host_bindings::strip_version(i).to_string(),
        None => super::world_id_string(package, world),
    }
}

/// The stub file for one import: resource structs and one impl per trait.
fn stub_file(import: &ImportedTraits, label_prefix: &str) -> TokenStream {
    let resources: BTreeMap<&str, &str> = import
        .resources
        .iter()
        .map(|(rust, wit)| (rust.as_str(), wit.as_str()))
        .collect();
    let mut used = UsedNames::default();
    let mut impls = Vec::new();
    for t in &import.traits {
        let trait_name = &t.ident;
        let resource = trait_name
            .to_string()
            .strip_prefix("Host")
            .and_then(|r| resources.get(r).copied())
            .map(str::to_string);
        let mut methods = Vec::new();
        for item in &t.items {
            let syn::TraitItem::Fn(f) = item else {
                continue;
            };
            if f.default.is_some() {
                continue;
            }
            let mut sig = f.sig.clone();
            Tidy.visit_signature_mut(&mut sig);
            used.visit_signature(&sig);
            let attrs = f.attrs.iter().filter(|a| a.path().is_ident("doc"));
            let body = method_body(&sig, label_prefix, resource.as_deref());
            methods.push(quote! { #(#attrs)* #sig { #body } });
        }
        used.names.insert(trait_name.to_string());
        impls.push(quote! {
            impl #trait_name for HostState {
                #(#methods)*
            }
        });
    }
    let resource_structs = import.resources.iter().map(|(rust, wit)| {
        let ident = format_ident!("{}", rust);
        let doc = [
            format!(" Host-side value of the WIT resource `{wit}`. `bindgen!` maps the resource"),
            " onto this type (`with:` in src/bindings.rs), so instances live in `HostState::table`."
                .to_string(),
        ];
        quote! {
            #(#[doc = #doc])*
            #[derive(Debug, Default)]
            pub struct #ident {}
        }
    });
    // Import by name everything the signatures mention from the interface's module, except
    // the resource types this file defines itself.
    let module: Vec<_> = import
        .module
        .iter()
        .map(|m| format_ident!("{}", m))
        .collect();
    let names: Vec<_> = used
        .names
        .iter()
        .filter(|n| !resources.contains_key(n.as_str()))
        .map(|n| format_ident!("{}", n))
        .collect();
    let resource_import = used
        .resource
        .then(|| quote! { use wasmtime::component::Resource; });
    quote! {
        #resource_import
        use crate::bindings::#(#module::)*{ #(#names),* };
        use crate::state::HostState;
        #(#resource_structs)*
        #(#impls)*
    }
}

/// `todo!("<label>")` after touching every argument (so the stub compiles without
/// unused-variable warnings and keeps the WIT's parameter names). Resource `drop` gets a real
/// body: the value leaves the table.
fn method_body(sig: &syn::Signature, prefix: &str, resource: Option<&str>) -> TokenStream {
    let name = sig.ident.to_string();
    if resource.is_some() && name == "drop" {
        return quote! {
            self.table.delete(rep)?;
            Ok(())
        };
    }
    let wit_name = name.trim_end_matches('_').replace('_', "-");
    let label = match resource {
        Some(res) => format!("{prefix}.{res}.{wit_name}"),
        None => format!("{prefix}.{wit_name}"),
    };
    super::stub_body(sig, &label)
}

/// Rewrites generated paths into what a person would write: `__internal::String` -> `String`,
/// `wasmtime::component::Resource` -> `Resource`, `-> ()` dropped.
struct Tidy;

impl VisitMut for Tidy {
    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        let segs: Vec<String> = ty
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let keep_last = matches!(
            segs.iter().map(String::as_str).collect::<Vec<_>>()[..],
            ["wasmtime", "component", "__internal", _] | ["wasmtime", "component", "Resource"]
        );
        if keep_last {
            let last = ty.path.segments.pop().unwrap().into_value();
            ty.path = syn::Path::from(last);
        }
        syn::visit_mut::visit_type_path_mut(self, ty);
    }

    fn visit_return_type_mut(&mut self, ret: &mut syn::ReturnType) {
        if let syn::ReturnType::Type(_, ty) = ret
            && matches!(&**ty, syn::Type::Tuple(t) if t.elems.is_empty())
        {
            *ret = syn::ReturnType::Default;
        }
        syn::visit_mut::visit_return_type_mut(self, ret);
    }
}

/// Single-segment type names used in signatures that come from the bindings module.
#[derive(Default)]
struct UsedNames {
    names: BTreeSet<String>,
    resource: bool,
}

const PRELUDE: &[&str] = &[
    "String", "Vec", "Option", "Result", "Box", "Self", "bool", "char", "str", "u8", "u16", "u32",
    "u64", "i8", "i16", "i32", "i64", "f32", "f64", "usize", "isize",
];

impl<'a> Visit<'a> for UsedNames {
    fn visit_type_path(&mut self, ty: &'a syn::TypePath) {
        if ty.qself.is_none() && ty.path.segments.len() == 1 {
            let name = ty.path.segments[0].ident.to_string();
            if name == "Resource" {
                self.resource = true;
            } else if !PRELUDE.contains(&name.as_str()) {
                self.names.insert(name);
            }
        }
        syn::visit::visit_type_path(self, ty);
    }
}

/// The first `async func` the world imports or exports (its label), if any.
fn async_function(package: &WitPackage, world: WorldId) -> Option<String> {
    super::world_functions(&package.resolve, world)
        .into_iter()
        .find_map(|(label, f)| f.kind.is_async().then_some(label))
}
