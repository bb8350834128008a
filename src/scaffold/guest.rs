//! Guest component crates: `wit_bindgen::generate!`, one `impl Guest for Component` per
//! export, a resource type per exported resource, and `export!(Component)`.
//!
//! The stubs are not derived from the WIT by rules of our own: we run wit-bindgen 0.63's
//! generator in-process (the library behind `generate!`), parse its output with `syn`, and copy
//! the signatures of the `Guest` traits it declares. See [`bindings`] for why. What this module
//! adds is presentation: paths into the generated bindings are resolved and imported by name
//! (`ComponentConfig`, not `super::super::...::types::ComponentConfig`; `String`, not
//! `_rt::String`), each body touches its arguments and ends in
//! `todo!("<ns>:<pkg>/<interface>.<function>")` (resource members `<iface>.<res>.<method>`,
//! constructors `<res>.new`, world-level functions `<ns>:<pkg>/<world>.<function>`) — the same
//! labels as the host's stubs — and each imported interface gets a comment showing a call.
//!
//! Generated Rust is formatted with prettyplease. Parts prettyplease cannot express (plain
//! comments, the `generate!` invocation, whose body it would print on one line) are written
//! as text between formatted chunks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::visit_mut::VisitMut;
use wit_parser::WorldId;

use super::guest_bindings::{
    self as bindings, Entry, GuestBindings, ImportedFunctions, ModuleIndex,
};
use super::{ScaffoldError, format_rust, parse_generated, render_template, rust_header};
use crate::files::FileSet;
use crate::wit::{Features, WitPackage};

const CARGO_TOML: &str = include_str!("../../templates/guest/Cargo.toml");
const README: &str = include_str!("../../templates/guest/README.md");
const GITIGNORE: &str = include_str!("../../templates/guest/gitignore");

/// Names a generated `use` must never shadow.
const PRELUDE: &[&str] = &[
    "String", "Vec", "Box", "Option", "Result", "Some", "None", "Ok", "Err", "Self", "Sized",
];

/// The README's lines on calling one export with `--invoke` (not for components an HTTP
/// server runs, nor when no export can be called with written-out arguments).
fn invoke_readme(package: &WitPackage, world: WorldId, lib_name: &str) -> String {
    if super::serve::serves_http(&package.resolve, world) {
        return String::new();
    }
    let Some(call) = super::wave::first_invoke(&package.resolve, world) else {
        return String::new();
    };
    format!(
        "\nTo call one export with arguments of your choosing (written as WAVE values, as wasmtime's\n\
         CLI takes them), or to list every export with its signature:\n\n    \
         cargo run --release --manifest-path path/to/host/Cargo.toml -- target/wasm32-wasip2/release/{lib_name}.wasm --invoke {}\n    \
         cargo run --release --manifest-path path/to/host/Cargo.toml -- target/wasm32-wasip2/release/{lib_name}.wasm --list\n",
        super::wave::shell_word(&call)
    )
}

/// All files of a guest component crate named `name` for `world`.
pub fn generate(
    package: &WitPackage,
    world: WorldId,
    name: &str,
) -> Result<FileSet, ScaffoldError> {
    generate_with(package, world, name, &Features::default())
}

/// [`generate`] with `@unstable` features enabled (written into the `generate!` call).
pub fn generate_with(
    package: &WitPackage,
    world: WorldId,
    name: &str,
    features: &Features,
) -> Result<FileSet, ScaffoldError> {
    super::validate_crate_name(name)?;
    let bindings = GuestBindings::generate(package, world, features)?;
    let world_id = super::world_id_string(package, world);
    let lib_name = name.replace('-', "_");
    let invoke = invoke_readme(package, world, &lib_name);
    let vars = [
        ("invoke", invoke.as_str()),
        ("name", name),
        ("lib_name", lib_name.as_str()),
        ("world", world_id.as_str()),
        ("origin", package.origin.as_str()),
        ("tool_version", super::TOOL_VERSION),
    ];
    let mut files = FileSet::default();
    files.insert("Cargo.toml", render_template(CARGO_TOML, &vars));
    files.insert("README.md", render_template(README, &vars));
    files.insert(".gitignore", GITIGNORE);
    for (path, bytes) in &package.files {
        files.insert(PathBuf::from("wit").join(path), bytes.clone());
    }
    let header = rust_header(package, world, "Guest side: implement the todo!() stubs.");
    let allow =
        super::wit_lints::allow_attribute(&super::wit_lints::needed(&package.resolve, world));
    files.insert(
        "src/lib.rs",
        lib_rs(&super::wit_lints::with_allow(&header, &allow), &bindings),
    );
    Ok(files)
}

/// `src/lib.rs`.
fn lib_rs(header: &str, b: &GuestBindings) -> String {
    let mut names = Names::new(&b.index);

    // Our own items first, so imports never shadow them.
    names.reserve("Component");
    let has_resources = b.exports.iter().any(|e| !e.resources.is_empty());
    if has_resources {
        names.reserve("RefCell");
    }
    let mut resource_types: BTreeMap<(usize, String), String> = BTreeMap::new();
    for (i, e) in b.exports.iter().enumerate() {
        for r in &e.resources {
            let iface = e
                .module
                .last()
                .map(|m| m.to_upper_camel_case())
                .unwrap_or_default();
            let mut ty = format!("My{}", r.assoc);
            if names.is_taken(&ty) {
                ty = format!("My{iface}{}", r.assoc);
            }
            let base = ty.clone();
            let mut n = 2;
            while names.is_taken(&ty) {
                ty = format!("{base}{n}");
                n += 1;
            }
            names.reserve(&ty);
            resource_types.insert((i, r.assoc.clone()), ty);
        }
    }

    // Every signature, with paths resolved to where the bindings define them.
    struct Method {
        attrs: Vec<syn::Attribute>,
        sig: syn::Signature,
        label: String,
    }
    let mut guest_methods: Vec<Vec<Method>> = Vec::new();
    let mut resource_methods: Vec<Vec<Vec<Method>>> = Vec::new();
    let collect = |module: &[String],
                   t: &syn::ItemTrait,
                   prefix: &str,
                   labels: &BTreeMap<(String, String), String>,
                   names: &mut Names| {
        bindings::trait_methods(t)
            .map(|f| {
                let mut sig = f.sig.clone();
                let mut canon = Canonicalize {
                    index: &b.index,
                    module,
                    used: BTreeSet::new(),
                };
                canon.visit_signature_mut(&mut sig);
                TidySignature.visit_signature_mut(&mut sig);
                for path in canon.used {
                    names.request(path);
                }
                let key = (t.ident.to_string(), f.sig.ident.to_string());
                // Every method comes from a WIT function; should a future wit-bindgen add one
                // we cannot map, label it by its Rust name rather than fail.
                let label = labels.get(&key).cloned().unwrap_or_else(|| {
                    let fallback = key.1.trim_end_matches('_').replace('_', "-");
                    match t
                        .ident
                        .to_string()
                        .strip_prefix("Guest")
                        .filter(|r| !r.is_empty())
                    {
                        Some(res) => format!(
                            "{prefix}.{}.{fallback}",
                            heck::ToKebabCase::to_kebab_case(res)
                        ),
                        None => format!("{prefix}.{fallback}"),
                    }
                });
                Method {
                    attrs: f
                        .attrs
                        .iter()
                        .filter(|a| a.path().is_ident("doc"))
                        .cloned()
                        .collect(),
                    sig,
                    label,
                }
            })
            .collect::<Vec<_>>()
    };
    for e in &b.exports {
        if !e.module.is_empty() {
            names.request(e.module.clone());
        }
        guest_methods.push(collect(
            &e.module, &e.guest, &e.label, &e.labels, &mut names,
        ));
        resource_methods.push(
            e.resources
                .iter()
                .map(|r| collect(&e.module, &r.guest, &e.label, &e.labels, &mut names))
                .collect(),
        );
    }
    let imported = names.decide();

    // Rewrite resolved paths to the names imported at the top.
    let mut shorten = Shorten {
        imported: &imported,
    };
    for m in guest_methods
        .iter_mut()
        .chain(resource_methods.iter_mut().flatten())
        .flatten()
    {
        shorten.visit_signature_mut(&mut m.sig);
    }
    let module_ref = |module: &[String]| -> TokenStream {
        if imported.contains(module) {
            let last = format_ident!("{}", module.last().unwrap());
            quote! { #last }
        } else {
            let segs = module.iter().map(|s| format_ident!("{}", s));
            quote! { #(#segs)::* }
        }
    };
    let method_tokens = |m: &Method| {
        let attrs = &m.attrs;
        let sig = &m.sig;
        let body =
            http_handler_body(sig, &m.label).unwrap_or_else(|| super::stub_body(sig, &m.label));
        quote! { #(#attrs)* #sig { #body } }
    };

    let mut items = Vec::new();
    if !b.exports.is_empty() {
        items.push(quote! {
            /// The component: implements every export of the world. `export!` below hands it
            /// to wit-bindgen.
            struct Component;
        });
    }
    for (i, e) in b.exports.iter().enumerate() {
        let module = module_ref(&e.module);
        let trait_path = if e.module.is_empty() {
            quote! { Guest }
        } else {
            quote! { #module::Guest }
        };
        let assoc: BTreeSet<String> = bindings::trait_assoc_types(&e.guest);
        let assoc = e
            .resources
            .iter()
            .filter(|r| assoc.contains(&r.assoc))
            .map(|r| {
                let name = format_ident!("{}", r.assoc);
                let ty = format_ident!("{}", resource_types[&(i, r.assoc.clone())]);
                quote! { type #name = #ty; }
            });
        let methods = guest_methods[i].iter().map(method_tokens);
        let doc = doc_attrs(&match &e.instance {
            Some(instance) => format!("The exported interface `{instance}`."),
            None => "The world's own exported functions.".to_string(),
        });
        items.push(quote! {
            #doc
            impl #trait_path for Component {
                #(#assoc)*
                #(#methods)*
            }
        });
        for (j, r) in e.resources.iter().enumerate() {
            let ty = format_ident!("{}", resource_types[&(i, r.assoc.clone())]);
            let trait_name = format_ident!("{}", r.guest.ident);
            let doc = doc_attrs(&format!(
                "The exported resource `{}.{}`.\nIts methods take `&self`, so mutable state lives behind interior mutability.",
                e.label, r.wit_name
            ));
            let methods = resource_methods[i][j].iter().map(method_tokens);
            items.push(quote! {
                #doc
                pub struct #ty {
                    /// Replace `()` with the resource's state.
                    pub state: RefCell<()>,
                }

                impl #module::#trait_name for #ty {
                    #(#methods)*
                }
            });
        }
    }

    // Assemble: header, uses, the macro, the imports comment, the items, `export!`.
    let mut chunks = vec![header.to_string()];
    if has_resources {
        chunks.push(unparse(quote! { use std::cell::RefCell; }));
    }
    let uses = use_items(&imported);
    if !uses.is_empty() {
        chunks.push(unparse(quote! { #(#uses)* }));
    }
    chunks.push(generate_macro(&b.options));
    let imports_comment = imports_comment(&b.index, &b.imports);
    if !imports_comment.is_empty() {
        chunks.push(imports_comment);
    }
    if b.exports.is_empty() {
        chunks.push(
            "// The world exports nothing, so there is no `Guest` trait to implement and no\n// `export!` call.\n"
                .to_string(),
        );
    } else {
        for item in items {
            chunks.push(unparse(item));
        }
        chunks.push("export!(Component);\n".to_string());
    }
    chunks.join("\n")
}

/// prettyplease plus the blank lines between items that `format_rust` adds (no header: the
/// chunks of lib.rs share one).
fn unparse(tokens: TokenStream) -> String {
    let text = format_rust(parse_generated(tokens), "");
    // Also a blank line before `async fn` after another item, and after the associated
    // types at the top of an impl.
    let lines: Vec<&str> = text.trim_start_matches('\n').lines().collect();
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else { break };
        let (cur, nxt) = (line.trim_start(), next.trim_start());
        let same_indent = line.len() - cur.len() == next.len() - nxt.len();
        let after_item =
            cur == "}" && (nxt.starts_with("async fn ") || nxt.starts_with("pub async fn "));
        let after_types = cur.starts_with("type ") && !nxt.starts_with("type ");
        if same_indent && (after_item || after_types) {
            out.push('\n');
        }
    }
    out
}

/// `#[doc]` attributes, one per line, so prettyplease writes `///` comments.
fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| format!(" {l}"));
    quote! { #(#[doc = #lines])* }
}

/// The `generate!` call, written as text so its options read one per line.
fn generate_macro(opts: &bindings::GenerateOptions) -> String {
    let mut out = String::from(
        "// Guest-side macro: wit-bindgen generates the `Guest` traits to implement, the imported\n// functions to call, and `export!`. (Hosts use wasmtime::component::bindgen! instead.)\nwit_bindgen::generate!({\n    path: \"wit\",\n",
    );
    out.push_str(&format!("    world: \"{}\",\n", opts.world));
    if opts.generate_all {
        out.push_str("    // Also generate bindings for the interfaces of other packages in wit/deps/.\n    generate_all,\n");
    }
    if !opts.features.names.is_empty() {
        let names: Vec<String> = opts
            .features
            .names
            .iter()
            .map(|f| format!("{f:?}"))
            .collect();
        out.push_str(&format!(
            "    // Enable these `@unstable(feature = ..)` items of the WIT.\n    features: [{}],\n",
            names.join(", ")
        ));
    }
    out.push_str("});\n");
    out
}

/// `use` items for every imported path, grouped by module (`use m::{self, A, B};` when the
/// module itself is imported too), sorted by their text.
fn use_items(imported: &BTreeSet<Vec<String>>) -> Vec<TokenStream> {
    let mut by_module: BTreeMap<&[String], Vec<String>> = BTreeMap::new();
    for path in imported {
        let (last, module) = path
            .split_last()
            .expect("imported paths have two segments or more");
        if imported
            .iter()
            .any(|p| p.len() > path.len() && p.starts_with(path))
        {
            // A module whose items are imported as well: `self` in that module's group.
            by_module
                .entry(&path[..])
                .or_default()
                .insert(0, "self".to_string());
        } else {
            by_module.entry(module).or_default().push(last.clone());
        }
    }
    let mut uses: Vec<(String, TokenStream)> = by_module
        .into_iter()
        .map(|(module, names)| {
            let module = module.iter().map(|s| format_ident!("{}", s));
            let names: Vec<_> = names.iter().map(|s| format_ident!("{}", s)).collect();
            let tokens = if names.len() == 1 && names[0] != "self" {
                quote! { use #(#module::)* #(#names)*; }
            } else if names.len() == 1 {
                quote! { use #(#module)::*; }
            } else {
                quote! { use #(#module::)* { #(#names),* }; }
            };
            (tokens.to_string(), tokens)
        })
        .collect();
    uses.sort_by(|a, b| a.0.cmp(&b.0));
    uses.into_iter().map(|(_, t)| t).collect()
}

/// Which bindings paths to import by their last segment: those whose name is unique among
/// everything used and not already taken at the crate root.
struct Names {
    taken: BTreeSet<String>,
    requested: BTreeSet<Vec<String>>,
}

impl Names {
    fn new(index: &ModuleIndex) -> Self {
        let mut taken: BTreeSet<String> = index.names_in(&[]).cloned().collect();
        taken.extend(PRELUDE.iter().map(|s| s.to_string()));
        Names {
            taken,
            requested: BTreeSet::new(),
        }
    }

    fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
            || self
                .requested
                .iter()
                .any(|p| p.last().is_some_and(|l| l == name))
    }

    /// A path (from the bindings root) a signature or impl header uses.
    fn request(&mut self, path: Vec<String>) {
        if path.len() >= 2 {
            self.requested.insert(path);
        }
    }

    fn decide(&self) -> BTreeSet<Vec<String>> {
        let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
        for p in &self.requested {
            *by_name.entry(p.last().unwrap()).or_default() += 1;
        }
        self.requested
            .iter()
            .filter(|p| {
                let name = p.last().unwrap().as_str();
                by_name[name] == 1 && !self.taken.contains(name)
            })
            .cloned()
            .collect()
    }
}

/// Rewrites every type path in a signature to the item it names, as a path from the
/// bindings root (the crate root, where `generate!` sits). Generated plumbing names become
/// what a person writes: `_rt::String` -> `String`, `::core::option::Option` -> `Option`.
struct Canonicalize<'a> {
    index: &'a ModuleIndex,
    module: &'a [String],
    used: BTreeSet<Vec<String>>,
}

impl VisitMut for Canonicalize<'_> {
    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        if ty.qself.is_none() {
            let segs: Vec<String> = ty
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            let segs_ref: Vec<&str> = segs.iter().map(String::as_str).collect();
            let prelude = match (ty.path.leading_colon.is_some(), &segs_ref[..]) {
                (false, ["_rt", name @ ("String" | "Vec" | "Box")]) => Some(*name),
                (true, ["core", "option", "Option"]) => Some("Option"),
                (true, ["core", "result", "Result"]) => Some("Result"),
                (true, ["alloc", "string", "String"]) => Some("String"),
                (true, ["alloc", "vec", "Vec"]) => Some("Vec"),
                (true, ["alloc", "boxed", "Box"]) => Some("Box"),
                _ => None,
            };
            if let Some(name) = prelude {
                let last = ty.path.segments.pop().unwrap().into_value();
                ty.path.leading_colon = None;
                ty.path.segments.clear();
                ty.path.segments.push(syn::PathSegment {
                    ident: format_ident!("{}", name),
                    arguments: last.arguments,
                });
            } else if ty.path.leading_colon.is_none()
                && let Some(canon) = self.index.canonical(self.module, &segs)
            {
                let last = ty.path.segments.pop().unwrap().into_value();
                ty.path.segments.clear();
                let (name, module) = canon.split_last().unwrap();
                for m in module {
                    ty.path
                        .segments
                        .push(syn::PathSegment::from(format_ident!("{}", m)));
                }
                ty.path.segments.push(syn::PathSegment {
                    ident: format_ident!("{}", name),
                    arguments: last.arguments,
                });
                self.used.insert(canon);
            }
        }
        syn::visit_mut::visit_type_path_mut(self, ty);
    }
}

/// `-> ()` dropped, `where Self: Sized` dropped (it holds for the concrete type).
struct TidySignature;

impl VisitMut for TidySignature {
    fn visit_signature_mut(&mut self, sig: &mut syn::Signature) {
        if let syn::ReturnType::Type(_, ty) = &sig.output
            && matches!(&**ty, syn::Type::Tuple(t) if t.elems.is_empty())
        {
            sig.output = syn::ReturnType::Default;
        }
        sig.generics.where_clause = None;
    }
}

/// Root-relative paths that are imported become their last segment.
struct Shorten<'a> {
    imported: &'a BTreeSet<Vec<String>>,
}

impl VisitMut for Shorten<'_> {
    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        if ty.qself.is_none() && ty.path.leading_colon.is_none() {
            let segs: Vec<String> = ty
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            if self.imported.contains(&segs) {
                let last = ty.path.segments.pop().unwrap().into_value();
                ty.path.segments.clear();
                ty.path.segments.push(last);
            }
        }
        syn::visit_mut::visit_type_path_mut(self, ty);
    }
}

/// `wasi:http/incoming-handler.handle` (a `wasi:http/proxy` guest): instead of `todo!()`, an
/// answer that works, so the generated host's HTTP server shows the round trip at once and the
/// user sees how a response is built, sent and its body written.
fn http_handler_body(sig: &syn::Signature, label: &str) -> Option<TokenStream> {
    if label != "wasi:http/incoming-handler.handle" {
        return None;
    }
    let mut params = sig.inputs.iter().filter_map(|a| match a {
        syn::FnArg::Typed(p) => match &*p.pat {
            syn::Pat::Ident(i) => Some(i.ident.clone()),
            _ => None,
        },
        syn::FnArg::Receiver(_) => None,
    });
    let (request, outparam) = (params.next()?, params.next()?);
    Some(quote! {
        __comment!("An example answer; replace it. The request is `request.method()`,\n`request.path_with_query()`, `request.headers()` and `request.consume()` (the body).");
        let _ = #request;
        let response = wasi::http::types::OutgoingResponse::new(wasi::http::types::Fields::new());
        response.set_status_code(200).expect("200 is a valid status");
        let body = response.body().expect("the body is taken once");
        __comment!("Send the status and headers, then write the body.");
        ResponseOutparam::set(#outparam, Ok(response));
        let stream = body.write().expect("the body's stream is taken once");
        stream
            .blocking_write_and_flush(b"hello from a wasi:http component\n")
            .expect("writing the body");
        drop(stream);
        wasi::http::types::OutgoingBody::finish(body, None).expect("finishing the body");
    })
}

/// `.await` for an import wit-bindgen generates as `async fn` (a WIT `async func`).
fn awaited(sig: &syn::Signature) -> &'static str {
    if sig.asyncness.is_some() {
        ".await"
    } else {
        ""
    }
}

/// The comment listing what the guest may call: per imported interface, its functions and
/// one example call built from the generated signature.
fn imports_comment(index: &ModuleIndex, imports: &[ImportedFunctions]) -> String {
    let mut out = String::new();
    for imp in imports {
        let prefix: String = imp.module.iter().map(|m| format!("{m}::")).collect();
        let mut names: Vec<String> = imp.functions.iter().map(|(n, _)| n.clone()).collect();
        names.extend(
            imp.resources
                .iter()
                .map(|r| format!("resource {}", r.wit_name)),
        );
        if imp.module.is_empty() {
            out.push_str(&format!(
                "// The world's own imports: {}\n",
                names.join(", ")
            ));
        } else {
            out.push_str(&format!("// `{}`: {}\n", imp.label, names.join(", ")));
        }

        let sigs: Vec<&syn::Signature> = imp.functions.iter().map(|(_, f)| &f.sig).collect();
        if let Some(i) = pick_example(&sigs, index, &imp.module) {
            let (args, _) = example_args(index, &imp.module, sigs[i]);
            out.push_str(&format!(
                "//     {prefix}{}({args}){};\n",
                sigs[i].ident,
                awaited(sigs[i])
            ));
        }
        for r in &imp.resources {
            let var = heck::ToSnakeCase::to_snake_case(r.wit_name.as_str());
            let var = wit_bindgen_rust::to_rust_ident(&var);
            if let Some(ctor) = &r.constructor {
                let (args, _) = example_args(index, &imp.module, &ctor.sig);
                out.push_str(&format!(
                    "//     let {var} = {prefix}{}::new({args});\n",
                    r.rust_name
                ));
            }
            let sigs: Vec<&syn::Signature> = r
                .methods
                .iter()
                .map(|(_, m)| &m.sig)
                .filter(|s| matches!(s.inputs.first(), Some(syn::FnArg::Receiver(_))))
                .collect();
            if r.constructor.is_some()
                && let Some(i) = pick_example(&sigs, index, &imp.module)
            {
                let (args, _) = example_args(index, &imp.module, sigs[i]);
                out.push_str(&format!(
                    "//     {var}.{}({args}){};\n",
                    sigs[i].ident,
                    awaited(sigs[i])
                ));
            }
        }
    }
    if out.is_empty() {
        return out;
    }
    format!("// Imports: plain functions to call from any export below, e.g.\n//\n{out}")
}

/// Index of the best example among `sigs`: the first whose arguments can all be written as
/// literals and that takes some, else the first with only literals, else the first.
fn pick_example(sigs: &[&syn::Signature], index: &ModuleIndex, module: &[String]) -> Option<usize> {
    let literal: Vec<(bool, bool)> = sigs
        .iter()
        .map(|s| {
            let (_, lit) = example_args(index, module, s);
            let has_args = s.inputs.iter().any(|a| matches!(a, syn::FnArg::Typed(_)));
            (lit, has_args)
        })
        .collect();
    literal
        .iter()
        .position(|&(lit, args)| lit && args)
        .or_else(|| literal.iter().position(|&(lit, _)| lit))
        .or(if sigs.is_empty() { None } else { Some(0) })
}

/// Example arguments for a call: literals where the type allows (`"key"`, `0`, `None`,
/// `&[]`, the first unit case of an enum or variant), otherwise the parameter's name. The
/// flag says whether every argument is a literal.
fn example_args(index: &ModuleIndex, module: &[String], sig: &syn::Signature) -> (String, bool) {
    let mut all = true;
    let args: Vec<String> = sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(p) => Some(p),
            syn::FnArg::Receiver(_) => None,
        })
        .map(|p| {
            let name = match &*p.pat {
                syn::Pat::Ident(i) => i.ident.to_string(),
                _ => "arg".to_string(),
            };
            let wit_name = name.trim_end_matches('_').replace('_', "-");
            match example_value(index, module, &p.ty, &wit_name) {
                Some(v) => v,
                None => {
                    all = false;
                    match &*p.ty {
                        syn::Type::Reference(_) => format!("&{name}"),
                        _ => name,
                    }
                }
            }
        })
        .collect();
    (args.join(", "), all)
}

fn example_value(
    index: &ModuleIndex,
    module: &[String],
    ty: &syn::Type,
    name: &str,
) -> Option<String> {
    match ty {
        syn::Type::Reference(r) => match &*r.elem {
            syn::Type::Path(p) if p.path.is_ident("str") => Some(format!("\"{name}\"")),
            syn::Type::Slice(_) => Some("&[]".to_string()),
            elem => example_value(index, module, elem, name).map(|v| format!("&{v}")),
        },
        syn::Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            let ident = last.ident.to_string();
            match ident.as_str() {
                "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "usize" | "isize" => {
                    Some("0".to_string())
                }
                "f32" | "f64" => Some("0.0".to_string()),
                "bool" => Some("false".to_string()),
                "char" => Some("'x'".to_string()),
                "Option" => Some("None".to_string()),
                "String" => Some(format!("\"{name}\".to_string()")),
                "Vec" => Some("Vec::new()".to_string()),
                _ => {
                    let segs: Vec<String> = p
                        .path
                        .segments
                        .iter()
                        .map(|s| s.ident.to_string())
                        .collect();
                    let canon = index.canonical(module, &segs)?;
                    let (item, home) = canon.split_last()?;
                    match index.entry(home, item)? {
                        Entry::Enum(variants) => variants
                            .iter()
                            .find(|(_, unit)| *unit)
                            .map(|(v, _)| format!("{ident}::{v}")),
                        Entry::Flags => Some(format!("{ident}::empty()")),
                        _ => None,
                    }
                }
            }
        }
        _ => None,
    }
}
